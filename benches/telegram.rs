//! The Telegram door under load, against the fake Bot API of the tests (loopback HTTP,
//! the real teloxide client, a real SQLite file):
//!
//! 1. `updates`: a burst of `/link` commands from many sellers; how many updates per
//!    second paychat turns into answers (card + QR photo each).
//! 2. `drain`: a burst of "paid" notifications to many private chats, delivered through
//!    the outbox against a fake that enforces Telegram's limits (30/s per bot, one per
//!    second per private chat): how long it takes, the rate reached, and how many 429s.
//!
//!   cargo bench --bench telegram -- [--updates 5000] [--sellers 500] \
//!       [--notifications 10000] [--chats 2000] [--only updates|drain]
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

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;
use paychat::config::load_with_env;
use paychat::domain::{Currency, Money};
use paychat::engine::Engine;
use paychat::engine::chat::ChatUser;
use paychat::engine::links::{NewLinkInput, Origin};
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
    let db = format!("sqlite://{}", dir.join("bench.db").display());
    let env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db.as_str()),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
        ("PAYCHAT_TELEGRAM__API_URL", &fake.url()),
        ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
        ("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS", "100"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let settings = load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings");
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
    let seller = engine
        .register_chat_user(
            &ChatUser {
                channel: "telegram".into(),
                external_user: "42".into(),
                chat: "42".into(),
                name: "Bench".into(),
                language: Some("en".into()),
                timezone: None,
            },
            None,
        )
        .await
        .expect("seller");
    let seller = match seller {
        paychat::engine::chat::Registration::New(s)
        | paychat::engine::chat::Registration::Existing(s) => s,
    };
    // Make the links first, then pay them all at once: the burst is the payments.
    let thb = Currency::from_code("THB").expect("THB");
    let mut links = Vec::with_capacity(args.notifications);
    for i in 0..args.notifications {
        let chat = 9_000_000 + (i % args.chats) as i64;
        let mut input = NewLinkInput::new(
            Money::from_minor(25_000, thb).expect("money"),
            format!("bench {i}"),
        );
        input.origin = Some(Origin {
            channel: "telegram".into(),
            chat: chat.to_string(),
            message: None,
        });
        let (link, _) = engine
            .create_link(&seller, input, None)
            .await
            .expect("link");
        links.push(link.id);
    }
    let t0 = Instant::now();
    for id in &links {
        engine
            .record_manual_payment(&seller.id, id.as_str(), None)
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

fn main() {
    let args = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        if args.only.as_deref() != Some("drain") {
            updates(&args).await;
        }
        if args.only.as_deref() != Some("updates") {
            drain(&args).await;
        }
    });
}
