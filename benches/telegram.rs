//! The Telegram door under load, against the fake Bot API of the tests (loopback HTTP,
//! the real teloxide client, a real SQLite file):
//!
//! 1. `updates`: a burst of `/link` commands from many sellers; how many updates per
//!    second paychat turns into answers (card + QR photo each).
//! 2. `drain`: a burst of "paid" notifications to many private chats, delivered through
//!    the outbox against a fake that enforces Telegram's limits (30/s per bot, one per
//!    second per private chat): how long it takes, the rate reached, and how many 429s.
//!
//! 3. `latency`: 100 chats send `/help` (one each, 100 ms apart) while 1,000 "paid"
//!    pushes to 500 other chats drain at Telegram's limits: the time from each update
//!    reaching the fake Bot API to the answer's `sendMessage` arriving there, p50/p99.
//! 4. `push`: payments one at a time, below the limits: the time from the call that
//!    commits the payment to its "Paid" `sendMessage` arriving at the fake, p50/p99.
//!
//! `BENCH_DATABASE_URL=postgres://…/empty_db` runs on Postgres instead of SQLite.
//!
//!   cargo bench --bench telegram -- [--updates 5000] [--sellers 500] \
//!       [--notifications 10000] [--chats 2000] [--only updates|drain|latency|push]
//!
//! Figures go to docs/benchmarks.md. Nothing here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver and fake servers stand for the outside world, on its clock

#[path = "../tests/api/kit/server.rs"]
mod server;

#[path = "../tests/api/form.rs"]
mod form;

#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;

#[path = "kit/chat.rs"]
mod chat;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chat::{bench_seller, link_in};
use fake_telegram::FakeTelegram;
use paychat::config::load_with_env;
use paychat::engine::Engine;
use paychat::startup::Application;

struct Args {
    updates: usize,
    sellers: usize,
    notifications: usize,
    chats: usize,
    only: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        updates: 5_000,
        sellers: 500,
        notifications: 10_000,
        chats: 2_000,
        only: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        let n = || v.parse::<usize>().expect("a number");
        match args[i].as_str() {
            "--updates" => a.updates = n(),
            "--sellers" => a.sellers = n(),
            "--notifications" => a.notifications = n(),
            "--chats" => a.chats = n(),
            "--only" => a.only = Some(v.clone()),
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

async fn start(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> (
    Arc<Engine>,
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
) {
    // `BENCH_DATABASE_URL` (an empty Postgres database) instead of a fresh SQLite file.
    let db = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.join("bench.db").display()));
    let log_level = std::env::var("BENCH_LOG").unwrap_or_else(|_| "warn".into());
    let env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db.as_str()),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
        ("PAYCHAT_TELEGRAM__API_URL", &fake.url()),
        ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
        ("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS", "100"),
    ]
    .into_iter()
    .chain([("PAYCHAT_LOG__LEVEL", log_level.as_str())])
    .chain(extra.iter().copied())
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let settings = load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings");
    paychat::telemetry::init(&settings.log).expect("RUST_LOG is a filter");
    let app = Application::build(settings).await.expect("app");
    let engine = app.engine();
    let stop = app.stopper();
    let task = tokio::spawn(app.run_until_stopped());
    (engine, stop, task)
}

async fn wait_count(
    what: &str,
    target: usize,
    limit: Duration,
    count: impl Fn() -> usize,
) -> Duration {
    let t0 = Instant::now();
    loop {
        let n = count();
        if n >= target {
            return t0.elapsed();
        }
        assert!(
            t0.elapsed() < limit,
            "{what}: only {n} of {target} after {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn updates(args: &Args) {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeTelegram::start().await;
    // Replies obey the sending limits too; lift them here so the figure is what our
    // code can handle, not Telegram's 30 messages/s.
    let unlimited = [
        ("PAYCHAT_TELEGRAM__MAX_PER_SECOND", "1000000"),
        ("PAYCHAT_TELEGRAM__PRIVATE_CHAT_GAP_MS", "0"),
    ];
    let (_engine, stop, task) = start(&fake, dir.path(), &unlimited).await;
    // Register the sellers first (their first message), so the burst is all /link.
    let base: i64 = 5_000_000;
    for s in 0..args.sellers {
        let id = base + i64::try_from(s).unwrap_or(0);
        fake.text_update(id, id, "/currency THB");
    }
    wait_count(
        "registrations",
        args.sellers,
        Duration::from_secs(120),
        || fake.count("sendmessage"),
    )
    .await;
    let before_msgs = fake.count("sendmessage");
    let t0 = Instant::now();
    for u in 0..args.updates {
        let id = base + i64::try_from(u % args.sellers).unwrap_or(0);
        fake.text_update(
            id,
            id,
            &format!("/link {} THB bench order {u}", 100 + u % 900),
        );
    }
    let push_time = t0.elapsed();
    let photos = wait_count("QR photos", args.updates, Duration::from_secs(600), || {
        fake.count("sendphoto")
    })
    .await;
    let total = push_time + photos;
    let msgs = fake.count("sendmessage") - before_msgs;
    let per_sec = args.updates as f64 / total.as_secs_f64();
    println!(
        "updates\t{} /link updates from {} sellers\t{:.2} s\t{:.0} updates/s\t({} cards + {} photos sent)",
        args.updates,
        args.sellers,
        total.as_secs_f64(),
        per_sec,
        msgs,
        args.updates
    );
    let _ = stop.send(true);
    let _ = task.await;
}

async fn drain(args: &Args) {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeTelegram::start_enforcing_limits().await;
    let (engine, stop, task) = start(&fake, dir.path(), &[]).await;
    let seller = bench_seller(&engine).await;
    // Make the links first, then pay them all at once: the burst is the payments.
    let mut links = Vec::with_capacity(args.notifications);
    for i in 0..args.notifications {
        let chat = 9_000_000 + (i % args.chats) as i64;
        links.push(link_in(&engine, &seller, chat, i).await);
    }
    let t0 = Instant::now();
    for id in &links {
        engine
            .record_manual_payment(&seller.id, id, None)
            .await
            .expect("paid");
    }
    let queued = t0.elapsed();
    // Only the "paid" pushes are sent in this run (link creation tells no chat).
    let sent = || fake.count("sendmessage");
    let took = wait_count(
        "paid pushes",
        args.notifications,
        Duration::from_secs(3_600),
        sent,
    )
    .await
        + queued;
    let rate = args.notifications as f64 / took.as_secs_f64();
    println!(
        "drain\t{} notifications to {} private chats\t{:.1} s\t{:.1} messages/s\t429s: {}\t(queued in {:.1} s)",
        args.notifications,
        args.chats,
        took.as_secs_f64(),
        rate,
        fake.rejected(),
        queued.as_secs_f64()
    );
    let _ = stop.send(true);
    let _ = task.await;
}

/// p50, p99 and the largest of `ms`, in milliseconds.
fn percentiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99), ms[ms.len() - 1])
}

/// The first `sendMessage` to `chat` that arrived after `after`.
fn answered_at(fake: &FakeTelegram, chat: i64, after: Instant) -> Option<Instant> {
    fake.sent_to_chat(chat)
        .into_iter()
        .filter(|c| c.method == "sendmessage" && c.at >= after)
        .map(|c| c.at)
        .min()
}

async fn latency() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeTelegram::start_enforcing_limits().await;
    let (engine, stop, task) = start(
        &fake,
        dir.path(),
        &[(
            "PAYCHAT_NOTIFIER__MAX_IN_FLIGHT",
            std::env::var("BENCH_IN_FLIGHT").as_deref().unwrap_or("128"),
        )],
    )
    .await;
    let seller = bench_seller(&engine).await;
    let (pushes, push_chats, helpers) = (1_000, 500, 100);
    let mut links = Vec::with_capacity(pushes);
    for i in 0..pushes {
        links.push(link_in(&engine, &seller, 9_000_000 + (i % push_chats) as i64, i).await);
    }
    // The /help chats register first (welcome and help: two messages each).
    let helper = |h: usize| 7_000_000 + h as i64;
    for h in 0..helpers {
        fake.text_update(helper(h), helper(h), "/start");
    }
    let registered = || {
        (0..helpers)
            .map(|h| fake.sent_to_chat(helper(h)).len())
            .sum::<usize>()
    };
    wait_count(
        "registrations",
        2 * helpers,
        Duration::from_secs(300),
        registered,
    )
    .await;
    for id in &links {
        engine
            .record_manual_payment(&seller.id, id, None)
            .await
            .expect("paid");
    }
    let mut sent_at = Vec::with_capacity(helpers);
    for h in 0..helpers {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sent_at.push(Instant::now());
        if std::env::var_os("BENCH_DETAIL").is_some() && h < 10 {
            println!(
                "help {h} sent at {}",
                chrono::Utc::now().format("%H:%M:%S%.3f")
            );
        }
        fake.text_update(helper(h), helper(h), "/help");
    }
    wait_count(
        "help answers",
        3 * helpers,
        Duration::from_secs(600),
        registered,
    )
    .await;
    let pushed_meanwhile = fake.count("sendmessage");
    let ms: Vec<f64> = (0..helpers)
        .map(|h| {
            let answered = answered_at(&fake, helper(h), sent_at[h]).expect("answered");
            answered.duration_since(sent_at[h]).as_secs_f64() * 1000.0
        })
        .collect();
    if std::env::var_os("BENCH_DETAIL").is_some() {
        let mut slow: Vec<(usize, f64)> = ms.iter().copied().enumerate().collect();
        slow.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!("slowest (chat number, ms): {:?}", &slow[..10]);
    }
    let (p50, p99, max) = percentiles(ms);
    println!(
        "latency\t/help from {helpers} chats while {pushes} pushes to {push_chats} chats drain\tp50 {p50:.0} ms\tp99 {p99:.0} ms\tmax {max:.0} ms\t429s: {}\t({pushed_meanwhile} messages sent by then)",
        fake.rejected()
    );
    let _ = stop.send(true);
    let _ = task.await;
}

async fn push_latency() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeTelegram::start_enforcing_limits().await;
    let (engine, stop, task) = start(&fake, dir.path(), &[]).await;
    let seller = bench_seller(&engine).await;
    let n = 200;
    let chat = |i: usize| 8_000_000 + i as i64;
    let mut links = Vec::with_capacity(n);
    for i in 0..n {
        links.push(link_in(&engine, &seller, chat(i), i).await);
    }
    let mut ms = Vec::with_capacity(n);
    for (i, id) in links.iter().enumerate() {
        // From the call that commits the payment (so the figure includes the commit).
        let paying = Instant::now();
        engine
            .record_manual_payment(&seller.id, id, None)
            .await
            .expect("paid");
        wait_count("the paid push", 1, Duration::from_secs(30), || {
            usize::from(answered_at(&fake, chat(i), paying).is_some())
        })
        .await;
        let at = answered_at(&fake, chat(i), paying).expect("sent");
        ms.push(at.duration_since(paying).as_secs_f64() * 1000.0);
        // Below the limits: 5 a second.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (p50, p99, max) = percentiles(ms);
    println!(
        "push\t{n} payments one at a time, each to its own chat\tp50 {p50:.1} ms\tp99 {p99:.1} ms\tmax {max:.1} ms"
    );
    let _ = stop.send(true);
    let _ = task.await;
}

fn main() {
    let args = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let run = |name: &str| args.only.as_deref().is_none_or(|o| o == name);
        if run("updates") {
            updates(&args).await;
        }
        if run("drain") {
            drain(&args).await;
        }
        if run("latency") {
            latency().await;
        }
        if run("push") {
            push_latency().await;
        }
    });
}
