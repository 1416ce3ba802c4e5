//! Scheduled e-mails at scale: 10,000 links made through `POST /api/v1/links`, each
//! e-mailing its buyer at the same scheduled minute, against paychat started in this
//! process (release build, real clock) on a fresh database, delivering over real SMTP
//! to a minimal sink (`kit/smtp.rs`). Reports how long the links took to make, the
//! time from the due minute to the first and the last message delivered, and
//! messages per second; checks that none was lost or sent twice (distinct Message-IDs
//! and distinct recipients, one buyer per link) and that the outbox is empty after.
//!
//! ```sh
//! cargo bench --bench outreach -- [--backend sqlite|postgres] [--links 10000] \
//!     [--lead 30] [--timeout 600] [--pool N]
//! ```
//!
//! The due time is the first whole minute at least `--lead` seconds after the start
//! (so the links are all made before it); the run gives up `--timeout` seconds after
//! it. Postgres needs `PAYCHAT_TEST_DATABASE_URL`; the bench makes its own database
//! and drops it. Figures go to docs/benchmarks.md; nothing here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver stands for the outside world, on its clock

#[path = "kit/db.rs"]
mod db;
#[path = "kit/smtp.rs"]
mod smtp;

use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use db::Db;
use paychat::config::load_with_env;
use paychat::startup::Application;

struct Args {
    backend: String,
    links: usize,
    lead_secs: u64,
    timeout_secs: u64,
    /// `database.max_connections`; the shipped default when absent.
    pool: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        backend: "sqlite".into(),
        links: 10_000,
        lead_secs: 30,
        timeout_secs: 600,
        pool: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--backend" => a.backend = v,
            "--links" => a.links = v.parse().expect("a number"),
            "--lead" => a.lead_secs = v.parse().expect("a number"),
            "--timeout" => a.timeout_secs = v.parse().expect("a number"),
            "--pool" => a.pool = Some(v),
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

fn settings(db: &str, smtp: &str, pool: Option<&str>) -> paychat::config::Settings {
    let mut env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
        ("PAYCHAT_EMAIL__SMTP_URL", smtp),
        (
            "PAYCHAT_EMAIL__FROM",
            "Bench Shop via paychat <pay@paychat.test>",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    if let Some(n) = pool {
        env.push(("PAYCHAT_DATABASE__MAX_CONNECTIONS".into(), n.to_owned()));
    }
    load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings")
}

fn ms_since_epoch(t: SystemTime) -> i64 {
    i64::try_from(t.duration_since(UNIX_EPOCH).unwrap().as_millis()).unwrap()
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Makes `n` links e-mailed at `due_ms`, 16 requests at a time.
async fn make_links(base: &str, key: &str, n: usize, due_ms: i64) {
    const TASKS: usize = 16;
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let (http, base, key) = (http.clone(), base.to_owned(), key.to_owned());
        tasks.push(tokio::spawn(async move {
            for i in (t..n).step_by(TASKS) {
                let body = serde_json::json!({
                    "amount": format!("{}.50", i % 900 + 100),
                    "currency": "THB",
                    "description": format!("Order {i}"),
                    "customer_details": { "email_address": format!("buyer{i}@example.com") },
                    "notify_by_email": true,
                    "scheduled_date": rfc3339(due_ms),
                    "language": "en",
                });
                let res = http
                    .post(format!("{base}/api/v1/links"))
                    .bearer_auth(&key)
                    .json(&body)
                    .send()
                    .await
                    .expect("create");
                let status = res.status();
                assert_eq!(status, 201, "{}", res.text().await.unwrap_or_default());
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
}

async fn run(args: &Args) {
    let Some(db) = Db::make(&args.backend, "outreach").await else {
        return;
    };
    let sink = smtp::Sink::start().await;
    let app = Application::build(settings(&db.url(), &sink.url(), args.pool.as_deref()))
        .await
        .expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let engine = app.engine();
    let stop = app.stopper();
    let task = tokio::spawn(app.run_until_stopped());
    let seller = engine
        .create_seller("Bench Shop", "THB", "en")
        .await
        .expect("seller");
    let key = engine.create_api_key(&seller.id).await.expect("key").key;

    // The first whole minute at least `lead` away.
    let earliest =
        ms_since_epoch(SystemTime::now()) + i64::try_from(args.lead_secs).unwrap() * 1000;
    let due_ms = (earliest + 59_999) / 60_000 * 60_000;
    let made = Instant::now();
    make_links(&base, &key, args.links, due_ms).await;
    let make_secs = made.elapsed().as_secs_f64();
    let left_ms = due_ms - ms_since_epoch(SystemTime::now());
    println!(
        "outreach\t{}\t{} links made in {:.1} s ({:.0}/s); due at {} ({:.1} s later)",
        args.backend,
        args.links,
        make_secs,
        args.links as f64 / make_secs,
        rfc3339(due_ms),
        left_ms as f64 / 1000.0
    );
    assert!(
        left_ms > 0,
        "the links were still being made at the due time: run with a larger --lead"
    );
    assert_eq!(sink.count(), 0, "nothing is sent before its time");

    let give_up = due_ms + i64::try_from(args.timeout_secs).unwrap() * 1000;
    while sink.count() < args.links && ms_since_epoch(SystemTime::now()) < give_up {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let got = sink.received();
    let ids: HashSet<&str> = got.iter().map(|r| r.message_id.as_str()).collect();
    let rcpts: HashSet<&str> = got
        .iter()
        .flat_map(|r| r.to.iter().map(String::as_str))
        .collect();
    let early = got.iter().filter(|r| ms_since_epoch(r.at) < due_ms).count();
    let first = got
        .iter()
        .map(|r| ms_since_epoch(r.at))
        .min()
        .unwrap_or(due_ms);
    let last = got
        .iter()
        .map(|r| ms_since_epoch(r.at))
        .max()
        .unwrap_or(due_ms);
    let all_secs = (last - due_ms) as f64 / 1000.0;
    println!(
        "outreach\t{}\t{} of {} delivered; first {:.2} s after due, all {:.2} s after due = {:.0} msgs/s; \
         distinct Message-IDs {}, distinct recipients {}, before due {}",
        args.backend,
        got.len(),
        args.links,
        (first - due_ms) as f64 / 1000.0,
        all_secs,
        got.len() as f64 / all_secs.max(0.001),
        ids.len(),
        rcpts.len(),
        early
    );
    // Late duplicates would arrive after the count was reached: give them a moment.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stats = engine.outbox_stats().await.expect("stats");
    let total = sink.count();
    println!(
        "outreach\t{}\tafter 2 s more: {} messages; outbox pending {}, dead {}",
        args.backend, total, stats.pending, stats.dead
    );
    let _ = stop.send(true);
    let _ = task.await;
    db.drop_it().await;
    assert_eq!(got.len(), args.links, "lost messages");
    assert_eq!(total, args.links, "duplicated messages");
    assert_eq!(ids.len(), args.links, "repeated Message-IDs");
    assert_eq!(rcpts.len(), args.links, "a buyer got two, another none");
    assert_eq!(early, 0, "sent before their time");
    assert_eq!((stats.pending, stats.dead), (0, 0));
}

fn main() {
    let args = parse_args();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run(&args));
}
