//! Replicas on one Postgres drain a backlog of "paid" pushes through one Telegram bot,
//! against the fake Bot API of the tests enforcing Telegram's limits (30/s per bot, one
//! per second per private chat), and the replica holding the bot's lease is killed
//! (SIGKILL, no graceful stop) a third of the way through.
//!
//! The replicas are real `paychat serve` processes. The pushes are committed by an
//! engine in this process on the same database (as the `drain` mode of `telegram.rs`
//! does on SQLite). Figures, not assertions: time and rate (overall, before the kill,
//! after the takeover), the gap in sends around the kill, 429s, duplicates and losses.
//!
//!   PAYCHAT_TEST_DATABASE_URL=postgres://… cargo bench --bench replicas -- \
//!       [--database-url URL] [--notifications 10000] [--chats 2000] [--replicas 3] \
//!       [--give-up-secs 900]
//!
//! Without a database URL it says it was skipped. It works in a fresh schema, dropped at
//! the end, and stops every process it started.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver and a fake server stand for the outside world, on its clock

#[path = "../tests/api/kit/server.rs"]
mod server;

#[path = "../tests/api/form.rs"]
mod form;

#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;

#[path = "kit/chat.rs"]
mod chat;

use std::collections::{HashMap, VecDeque};
use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chat::{bench_seller, link_in};
use fake_telegram::FakeTelegram;
use paychat::config::load_with_env;
use paychat::startup::build_engine;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml");
/// The bot's lease (`telegram:<bot id>`, the id being the token's first part).
const LEASE: &str = "telegram:123456";
const FIRST_CHAT: i64 = 9_000_000;

struct Args {
    database_url: Option<String>,
    notifications: usize,
    chats: usize,
    replicas: usize,
    give_up: Duration,
    /// `[notifier] lease_secs` of the replicas (config.toml's when not given).
    notifier_lease: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        database_url: std::env::var("PAYCHAT_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty()),
        notifications: 10_000,
        chats: 2_000,
        replicas: 3,
        give_up: Duration::from_secs(900),
        notifier_lease: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        let n = || v.parse::<usize>().expect("a number");
        match args[i].as_str() {
            "--database-url" => a.database_url = Some(v.clone()),
            "--notifications" => a.notifications = n(),
            "--chats" => a.chats = n(),
            "--replicas" => a.replicas = n().max(2),
            "--give-up-secs" => a.give_up = Duration::from_secs(n() as u64),
            "--notifier-lease-secs" => a.notifier_lease = Some(n().to_string()),
            // `cargo bench` passes --bench; ignore what is not ours.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// A fresh schema on the server, dropped (with everything in it) on drop.
struct Schema {
    server: String,
    name: String,
    /// The server's URL with the schema as search path.
    url: String,
}

impl Schema {
    async fn create(server: &str) -> Self {
        let name = format!("bench_replicas_{}", server::random_hex(6));
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(server)
            .await
            .expect("connect to Postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("create schema {name}")))
            .execute(&mut conn)
            .await
            .expect("create schema");
        let sep = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{sep}options=-c%20search_path%3D{name}");
        Self {
            server: server.to_owned(),
            name,
            url,
        }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop may run inside the runtime; clean up on a thread with its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                if let Ok(mut conn) =
                    <sqlx::PgConnection as sqlx::Connection>::connect(&server).await
                {
                    let sql = format!("drop schema if exists {name} cascade");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

/// What a replica's log (JSON lines on stderr) told.
#[derive(Default)]
struct ReplicaLog {
    serving: bool,
    /// When it said it took (true) or lost (false) the bot's lease.
    lease: Vec<(Instant, bool)>,
    /// Its warnings, errors and retried deliveries, and the last few of them.
    problems: usize,
    last_problems: VecDeque<String>,
}

/// One `paychat serve` process; killed (SIGKILL) when dropped.
struct Replica {
    n: usize,
    child: Child,
    log: Arc<Mutex<ReplicaLog>>,
}

impl Replica {
    fn spawn(n: usize, db_url: &str, fake_url: &str, notifier_lease: Option<&str>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_paychat"));
        if let Some(secs) = notifier_lease {
            command.env("PAYCHAT_NOTIFIER__LEASE_SECS", secs);
        }
        let mut child = command
            .args(["--config", CONFIG, "serve"])
            .envs([
                ("PAYCHAT_DATABASE__URL", db_url),
                ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
                ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
                ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
                ("PAYCHAT_TELEGRAM__API_URL", fake_url),
                ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
                ("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS", "100"),
                ("PAYCHAT_LOG__FORMAT", "json"),
                (
                    "RUST_LOG",
                    "warn,paychat::engine::leases=info,paychat::startup=info,paychat::engine::outbox=info",
                ),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("paychat serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(ReplicaLog::default()));
        let into = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
                let mut l = into.lock().expect("log");
                match v["message"].as_str().unwrap_or_default() {
                    "paychat is serving" => l.serving = true,
                    "lease changed hands" if v["lease"] == LEASE => {
                        let held = v["held"].as_bool().unwrap_or(false);
                        l.lease.push((Instant::now(), held));
                    }
                    _ => {}
                }
                let retried = v["message"] == "notification will be retried";
                if retried || matches!(v["level"].as_str(), Some("WARN" | "ERROR")) || v.is_null() {
                    l.problems += 1;
                    l.last_problems.push_back(line);
                    if l.last_problems.len() > 3 {
                        l.last_problems.pop_front();
                    }
                }
            }
        });
        Self { n, child, log }
    }

    fn log(&self) -> std::sync::MutexGuard<'_, ReplicaLog> {
        self.log.lock().expect("log")
    }

    /// Whether it holds the lease by its log (the last change it told).
    fn holds(&self) -> bool {
        self.log().lease.last().is_some_and(|(_, held)| *held)
    }

    /// SIGTERM, then SIGKILL if it has not stopped within 10 s.
    fn stop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(10) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `f(0)`, …, `f(n - 1)` on `workers` tasks; the results in order of `i`.
async fn each<T, F, Fut>(n: usize, workers: usize, f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send,
{
    let (f, next) = (Arc::new(f), Arc::new(AtomicUsize::new(0)));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (f, next) = (f.clone(), next.clone());
        set.spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return out;
                }
                out.push((i, f(i).await));
            }
        });
    }
    let mut all: Vec<(usize, T)> = set.join_all().await.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

async fn lease_holder(db: &sqlx::PgPool) -> Option<String> {
    sqlx::query_scalar::<_, String>("select holder from leases where name = $1")
        .bind(LEASE)
        .fetch_optional(db)
        .await
        .expect("leases")
}

/// The link number a push names (its description is `bench {i}`).
fn link_number(text: &str) -> Option<usize> {
    let rest = text.split("bench ").nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The most sends inside any one second.
fn busiest_second(at: &[Instant]) -> usize {
    let (mut best, mut from) = (0, 0);
    for to in 0..at.len() {
        while at[to].duration_since(at[from]) >= Duration::from_secs(1) {
            from += 1;
        }
        best = best.max(to + 1 - from);
    }
    best
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

async fn replicas(args: &Args, server: &str) {
    let (n, chats) = (args.notifications, args.chats);
    let schema = Schema::create(server).await;
    let fake = FakeTelegram::start_enforcing_limits().await;
    // The engine that commits the payments: this process, the same database, no worker.
    let env = [
        ("PAYCHAT_DATABASE__URL", schema.url.as_str()),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let settings = load_with_env(Some(std::path::Path::new(CONFIG)), env).expect("settings");
    let parts = build_engine(&settings)
        .await
        .expect("engine (and migrations)");
    let engine = parts.engine.clone();
    let db = sqlx::PgPool::connect(&schema.url).await.expect("a pool");

    let seller = Arc::new(bench_seller(&engine).await);
    let chat = move |i: usize| FIRST_CHAT + (i % chats) as i64;
    let (e, s) = (engine.clone(), seller.clone());
    let links = Arc::new(
        each(n, 4, move |i| {
            let (e, s) = (e.clone(), s.clone());
            async move { link_in(&e, &s, chat(i), i).await }
        })
        .await,
    );

    // The first replica alone, so the lease's first holder is known to be it.
    let (fake_url, lease) = (fake.url(), args.notifier_lease.as_deref());
    let mut reps = vec![Replica::spawn(1, &schema.url, &fake_url, lease)];
    let t_up = Instant::now();
    let first_holder = loop {
        if let Some(h) = lease_holder(&db).await {
            break h;
        }
        assert!(t_up.elapsed() < Duration::from_secs(60), "no lease taken");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for r in 2..=args.replicas {
        reps.push(Replica::spawn(r, &schema.url, &fake_url, lease));
    }
    while !reps.iter().all(|r| r.log().serving) {
        assert!(t_up.elapsed() < Duration::from_secs(60), "replicas not up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The burst: every payment committed at once, by 4 tasks.
    let t0 = Instant::now();
    let (e, s, l) = (engine.clone(), seller.clone(), links.clone());
    each(n, 4, move |i| {
        let (e, s, l) = (e.clone(), s.clone(), l.clone());
        async move {
            e.record_manual_payment(&s.id, &l[i], None)
                .await
                .expect("paid");
        }
    })
    .await;
    let queued = t0.elapsed();

    // Watch the drain; kill the holder a third of the way through.
    let kill_at = n / 3;
    let mut killed: Option<(Instant, usize, String)> = None;
    let mut taken: Option<Instant> = None;
    let mut last_check = Instant::now();
    let mut complete = false;
    while t0.elapsed() < args.give_up {
        let count = fake.count("sendmessage");
        if killed.is_none() && count >= kill_at {
            let holder = lease_holder(&db).await.expect("a lease holder");
            let r = if holder == first_holder {
                0
            } else {
                // Not the first holder: the replica whose log says it holds it.
                reps.iter()
                    .position(Replica::holds)
                    .expect("a replica holding the lease")
            };
            reps[r].child.kill().expect("SIGKILL");
            let _ = reps[r].child.wait();
            killed = Some((Instant::now(), r, holder));
        }
        if let Some((_, _, old)) = &killed
            && taken.is_none()
            && lease_holder(&db).await.is_some_and(|h| &h != old)
        {
            taken = Some(Instant::now());
        }
        if count >= n && last_check.elapsed() >= Duration::from_secs(1) {
            last_check = Instant::now();
            let mut seen = vec![false; n];
            for c in fake.calls_to("sendmessage") {
                if let Some(i) = link_number(&c.text()).filter(|i| *i < n) {
                    seen[i] = true;
                }
            }
            if seen.iter().all(|s| *s) {
                complete = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // What the fake received.
    let calls = fake.calls_to("sendmessage");
    let mut at: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    at.sort();
    let mut first_sent: Vec<Option<Instant>> = vec![None; n];
    let mut by_message: HashMap<(i64, String), Vec<Instant>> = HashMap::new();
    let (mut stray, mut wrong_chat) = (0, 0);
    for c in &calls {
        let Some(i) = link_number(&c.text()).filter(|i| *i < n) else {
            stray += 1;
            continue;
        };
        let to = c.chat_id().unwrap_or_default();
        if to != chat(i) {
            wrong_chat += 1;
        }
        let first = first_sent[i].get_or_insert(c.at);
        *first = (*first).min(c.at);
        by_message
            .entry((to, c.raw_text().to_owned()))
            .or_default()
            .push(c.at);
    }
    let lost: Vec<usize> = (0..n).filter(|i| first_sent[*i].is_none()).collect();
    let kill_time = killed.as_ref().map(|k| k.0);
    // A duplicate: a sendMessage accepted with the chat and text of one accepted earlier
    // (each text names its link, so it is one push delivered twice).
    let (mut dups, mut dups_across_kill) = (0, 0);
    let mut oldest_dup = Duration::ZERO;
    let mut dup_lines = Vec::new();
    let since_kill = |t: Instant| match kill_time {
        Some(k) if t >= k => secs(t.duration_since(k)),
        Some(k) => -secs(k.duration_since(t)),
        None => secs(t.duration_since(t0)),
    };
    for ((to, text), times) in &mut by_message {
        times.sort();
        dups += times.len() - 1;
        if times.len() > 1 {
            let when: Vec<String> = times
                .iter()
                .map(|t| format!("{:+.2}", since_kill(*t)))
                .collect();
            dup_lines.push(format!(
                "chat {to} bench {:?} at {} s",
                link_number(text),
                when.join(", ")
            ));
        }
        if let Some(k) = kill_time
            && times[0] < k
        {
            let again = times[1..].iter().filter(|t| **t >= k).count();
            if again > 0 {
                dups_across_kill += again;
                oldest_dup = oldest_dup.max(k.duration_since(times[0]));
            }
        }
    }
    let rejected = fake.rejected_calls();
    let done = first_sent.iter().flatten().max().copied();

    println!(
        "replicas\t{n} pushes to {chats} private chats, {} replicas on one Postgres, the lease holder SIGKILLed after {kill_at} sends",
        args.replicas
    );
    println!("  queued\t{n} payments committed in {:.1} s", secs(queued));
    if let Some(done) = done.filter(|_| complete) {
        let total = done.duration_since(t0);
        println!(
            "  total\t{:.1} s from the first commit to the last push delivered\t{:.1} messages/s overall (ceiling 30/s; the limiter's 28.6/s)",
            secs(total),
            n as f64 / secs(total)
        );
    } else {
        println!(
            "  total\tgave up after {:.0} s: {} of {n} pushes delivered",
            secs(args.give_up),
            n - lost.len()
        );
    }
    if let Some((k, r, _)) = &killed {
        let before: Vec<Instant> = at.iter().copied().filter(|t| t < k).collect();
        let after: Vec<Instant> = at.iter().copied().filter(|t| t >= k).collect();
        if let (Some(first), Some(last_before)) = (before.first(), before.last()) {
            println!(
                "  before\t{} sent in {:.1} s by replica {}: {:.1} messages/s",
                before.len(),
                secs(last_before.duration_since(*first)),
                reps[*r].n,
                before.len() as f64 / secs(last_before.duration_since(*first))
            );
        }
        // Who took it: the replica whose log says it took the lease after the kill.
        let by = reps
            .iter()
            .position(|r| r.log().lease.iter().any(|(t, held)| *held && t > k));
        match &taken {
            Some(t) => println!(
                "  lease\ttaken over {:.1} s after the kill, by replica {}",
                secs(t.duration_since(*k)),
                by.map_or("? (not in its log)".to_owned(), |b| reps[b].n.to_string())
            ),
            None => println!("  lease\tnever taken over after the kill"),
        }
        if let (Some(last_before), Some(first_after), Some(last)) =
            (before.last(), after.first(), after.last())
        {
            println!(
                "  gap\tno send for {:.1} s: last before the kill {:.2} s before it, first after {:.1} s after it",
                secs(first_after.duration_since(*last_before)),
                secs(k.duration_since(*last_before)),
                secs(first_after.duration_since(*k))
            );
            println!(
                "  after\t{} sent in {:.1} s after the takeover: {:.1} messages/s",
                after.len(),
                secs(last.duration_since(*first_after)),
                after.len() as f64 / secs(last.duration_since(*first_after))
            );
        }
    }
    let widest = at
        .windows(2)
        .map(|w| w[1].duration_since(w[0]))
        .max()
        .unwrap_or_default();
    println!(
        "  limits\t429s: {} ({} after the kill)\tbusiest second: {} sends\twidest gap between sends: {:.1} s\toverlapping polls: {}",
        rejected.len(),
        rejected
            .iter()
            .filter(|c| kill_time.is_some_and(|k| c.at >= k))
            .count(),
        busiest_second(&at),
        secs(widest),
        fake.overlapping_polls()
    );
    println!(
        "  exactness\tduplicates: {dups} ({dups_across_kill} first sent before the kill{} and again after it)\tlost: {}{}\twrong chat: {wrong_chat}\tother messages: {stray}",
        if dups_across_kill > 0 {
            format!(
                ", at most {:.0} ms before,",
                oldest_dup.as_secs_f64() * 1000.0
            )
        } else {
            String::new()
        },
        lost.len(),
        if lost.is_empty() {
            String::new()
        } else {
            format!(" (e.g. bench {:?})", &lost[..lost.len().min(10)])
        }
    );
    dup_lines.sort();
    for d in dup_lines.iter().take(10) {
        println!("  duplicate\t{d} (from the kill)");
    }
    let outbox: Vec<(String, i64, i64)> = sqlx::query_as(
        "select status, count(*), count(*) filter (where attempts > 1) from outbox \
         where channel = 'telegram' group by status order by status",
    )
    .fetch_all(&db)
    .await
    .expect("outbox");
    println!("  outbox\t(status, rows, rows claimed more than once): {outbox:?}");
    for r in &reps {
        let l = r.log();
        if l.problems > 0 {
            println!(
                "  replica {}\t{} warnings/errors, last: {:?}",
                r.n, l.problems, l.last_problems
            );
        }
    }

    for r in &mut reps {
        r.stop();
    }
    drop(reps);
    db.close().await;
    drop(parts);
    drop(engine);
    drop(schema);
}

fn main() {
    let args = parse_args();
    let Some(server) = args.database_url.clone() else {
        println!(
            "replicas\tskipped: set PAYCHAT_TEST_DATABASE_URL (or pass --database-url) to a Postgres server"
        );
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(replicas(&args, &server));
}
