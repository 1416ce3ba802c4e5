//! The WhatsApp door under load, against the fake Graph API of the tests (loopback
//! HTTP, a real SQLite file):
//!
//! 1. `accept`: signed `link …` webhooks POSTed by concurrent clients for a while; how
//!    many are accepted (verified, stored, answered 200) per second. Their replies are
//!    handled and sent meanwhile, on the same cores.
//! 2. `latency`: one webhook at a time; the time from sending it to paychat's first
//!    Graph API call for that user (p50, p99).
//!
//!   cargo bench --bench whatsapp -- [--conc 16] [--secs 10] [--samples 300]
//!
//! Figures go to docs/benchmarks.md. Nothing here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver and fake servers stand for the outside world, on its clock

#[path = "../tests/api/kit/server.rs"]
mod server;

#[path = "../tests/api/form.rs"]
mod form;

#[path = "../tests/api/fake_whatsapp.rs"]
mod fake_whatsapp;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fake_whatsapp::FakeWhatsApp;
use paychat::config::load_with_env;
use paychat::startup::Application;

struct Args {
    conc: usize,
    secs: u64,
    samples: usize,
}

fn parse_args() -> Args {
    let mut a = Args {
        conc: 16,
        secs: 5,
        samples: 300,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--conc" => a.conc = v.parse().expect("number"),
            "--secs" => a.secs = v.parse().expect("number"),
            "--samples" => a.samples = v.parse().expect("number"),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

fn number(i: usize) -> String {
    format!("6680{:07}", i)
}

async fn post(client: &reqwest::Client, url: &str, (body, sig): (String, String)) -> u16 {
    client
        .post(url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", sig)
        .body(body)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

fn pct(sorted: &[Duration], p: usize) -> f64 {
    let i = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let dir = tempfile::tempdir().expect("tempdir");
        let fake = FakeWhatsApp::start().await;
        let db = format!("sqlite://{}", dir.path().join("bench.db").display());
        let env: Vec<(String, String)> = [
            ("PAYCHAT_DATABASE__URL", db.as_str()),
            ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
            ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
            ("PAYCHAT_WHATSAPP__GRAPH_API_URL", &fake.url()),
            ("PAYCHAT_WHATSAPP__API_VERSION", FakeWhatsApp::VERSION),
            ("PAYCHAT_WHATSAPP__PHONE_NUMBER_ID", FakeWhatsApp::PHONE_NUMBER_ID),
            ("PAYCHAT_WHATSAPP__ACCESS_TOKEN", FakeWhatsApp::TOKEN),
            ("PAYCHAT_WHATSAPP__APP_SECRET", FakeWhatsApp::APP_SECRET),
            ("PAYCHAT_WHATSAPP__VERIFY_TOKEN", FakeWhatsApp::VERIFY_TOKEN),
            // Lift Meta's 80/s so the figure is paychat's, not the send limit's.
            ("PAYCHAT_WHATSAPP__MAX_PER_SECOND", "1000000"),
            ("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS", "100"),
            ("PAYCHAT_LOG__LEVEL", "warn"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let settings = load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings");
        let app = Application::build(settings).await.expect("app");
        let engine = app.engine();
        let url = format!("http://127.0.0.1:{}/webhooks/whatsapp", app.port());
        let stop = app.stopper();
        let task = tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::new();

        // Register 500 sellers first: the bench measures commands, not greetings.
        let users = 500;
        for u in 0..users {
            let n = number(u);
            let msg = fake_whatsapp::text_message(Some(&n), None, "Bench", &format!("wamid.reg{u}"), "currency THB");
            assert_eq!(post(&client, &url, msg).await, 200);
        }
        let settle = Instant::now();
        while fake.count() < users * 2 && settle.elapsed() < Duration::from_secs(120) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // 1. Accepted per second.
        let accepted = Arc::new(AtomicUsize::new(0));
        let next = Arc::new(AtomicUsize::new(0));
        let deadline = Instant::now() + Duration::from_secs(args.secs);
        let mut tasks = Vec::new();
        for _ in 0..args.conc {
            let (client, url, accepted, next) = (client.clone(), url.clone(), accepted.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let n = number(i % users);
                    let msg = fake_whatsapp::text_message(
                        Some(&n),
                        None,
                        "Bench",
                        &format!("wamid.acc{i}"),
                        &format!("link {} THB bench {i}", 100 + i % 900),
                    );
                    if post(&client, &url, msg).await == 200 {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let n = accepted.load(Ordering::Relaxed);
        let sent_before = fake.count();
        println!(
            "accept\t{} clients, {} s\t{} webhooks accepted\t{:.0} webhooks/s",
            args.conc,
            args.secs,
            n,
            n as f64 / args.secs as f64
        );
        // Let the burst's messages be handled and their replies sent before timing
        // single messages (they would queue behind the backlog).
        let drain = Instant::now();
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let pending = engine
                .outbox_stats()
                .await
                .map(|s| s.waiting())
                .unwrap_or(0);
            if pending == 0 || drain.elapsed() > Duration::from_secs(900) {
                break;
            }
        }
        let calls = fake.count() - sent_before;
        println!(
            "drain\tthe burst's replies: {} Graph API calls, all sent {:.1} s after the burst ({:.0} calls/s)",
            calls,
            drain.elapsed().as_secs_f64(),
            calls as f64 / drain.elapsed().as_secs_f64()
        );

        // 2. Webhook → first Graph API call, one at a time.
        let mut lat = Vec::with_capacity(args.samples);
        for s in 0..args.samples {
            let n = format!("6690{:07}", s);
            // First contact registers them; time the second message.
            let reg = fake_whatsapp::text_message(Some(&n), None, "Lat", &format!("wamid.l0-{s}"), "currency THB");
            assert_eq!(post(&client, &url, reg).await, 200);
            fake.wait_for_to(&n, 2).await;
            let before = fake.sent_to(&n).len();
            let msg = fake_whatsapp::text_message(Some(&n), None, "Lat", &format!("wamid.l1-{s}"), "link 250 THB latency");
            let t0 = Instant::now();
            assert_eq!(post(&client, &url, msg).await, 200);
            let calls = fake.wait_for_to(&n, before + 1).await;
            lat.push(calls[before].at.duration_since(t0));
        }
        lat.sort();
        println!(
            "latency\t{} samples\twebhook → first Graph API call: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            lat.len(),
            pct(&lat, 50),
            pct(&lat, 99),
            lat.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        );
        let _ = stop.send(true);
        let _ = task.await;
    });
}
