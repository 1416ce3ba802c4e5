//! The real-provider paths under load, against the fake Stripe of the tests (loopback
//! HTTP, a real SQLite file; paychat, the fake and the clients share one process and
//! its cores):
//!
//! 1. `checkout`: N links made beforehand; concurrent clients (closed loop) press Pay
//!    once per link and get their 303 to the checkout page. Each includes paychat's
//!    session creation at the fake Stripe over HTTP and the pending payment write.
//! 2. `webhook`: a signed `checkout.session.completed` per session of phase 1 (built
//!    and signed before timing), POSTed by concurrent clients; each must answer 200
//!    with outcome "applied".
//! 3. `reconcile`: M more links paid at the fake with no webhook; once they are due,
//!    reconciliation passes (100 payments each, one at a time, one Stripe call each)
//!    until none is left; payments reconciled per second and the number of passes.
//!
//! Each phase stops by itself: when its work is done or after `--max-secs`.
//!
//!   cargo bench --bench providers -- [--links 2000] [--reconcile 1000] [--conc 16] \
//!       [--max-secs 120]
//!
//! Figures go to docs/benchmarks.md. Nothing here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver and fake servers stand for the outside world, on its clock

#[path = "../tests/api/kit/server.rs"]
mod server;

#[path = "../tests/api/fake_http.rs"]
mod fake_http;

#[path = "../tests/api/fake_stripe.rs"]
mod fake_stripe;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use fake_http::Recorded;
use fake_stripe::FakeStripe;
use paychat::config::load_with_env;
use paychat::engine::store::LinkFilter;
use paychat::startup::Application;
use serde_json::{Value, json};

const KEY: &str = "sk_test_fakekey1234567890";
const WHSEC: &str = "whsec_fake_signing_secret";
/// Stripe refuses a signature older than 300 s; re-sign well before that.
const RESIGN_AFTER_SECS: i64 = 250;

struct Args {
    links: usize,
    reconcile: usize,
    conc: usize,
    max_secs: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        links: 2000,
        reconcile: 1000,
        conc: 16,
        max_secs: 120,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--links" => a.links = v.parse().expect("number"),
            "--reconcile" => a.reconcile = v.parse().expect("number"),
            "--conc" => a.conc = v.parse::<usize>().expect("number").max(1),
            "--max-secs" => a.max_secs = v.parse().expect("number"),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn pct(sorted: &[Duration], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = (sorted.len() * p / 100).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1000.0
}

/// What a closed-loop run did: successes by job index, failures, latencies (sorted).
struct Run<T> {
    elapsed: Duration,
    lat: Vec<Duration>,
    ok: Vec<(usize, T)>,
    failed: Vec<String>,
    /// Jobs never started because the time ran out.
    skipped: usize,
}

impl<T> Run<T> {
    /// `checkout: 2000 in 3.21 s = 623/s, p50 12.3 ms, p99 40.1 ms`, plus what went wrong.
    fn line(&self, name: &str) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mut s = format!(
            "{name}: {} in {:.2} s = {:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
            self.ok.len(),
            secs,
            self.ok.len() as f64 / secs.max(1e-9),
            pct(&self.lat, 50),
            pct(&self.lat, 99),
        );
        if !self.failed.is_empty() {
            s.push_str(&format!(
                ", {} FAILED (first: {})",
                self.failed.len(),
                self.failed[0]
            ));
        }
        if self.skipped > 0 {
            s.push_str(&format!(", {} not started (time limit)", self.skipped));
        }
        s
    }
}

/// Runs jobs `0..n` on `conc` clients, each starting its next job when the last one
/// answered, until all are done or `max` has passed.
async fn closed_loop<T, F, Fut>(n: usize, conc: usize, max: Duration, job: F) -> Run<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, String>> + Send + 'static,
{
    let job = Arc::new(job);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + max;
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let (job, next) = (job.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut ok, mut failed) = (Vec::new(), Vec::new(), Vec::new());
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let t0 = Instant::now();
                let r = job(i).await;
                lat.push(t0.elapsed());
                match r {
                    Ok(v) => ok.push((i, v)),
                    Err(e) => failed.push(e),
                }
            }
            (lat, ok, failed)
        }));
    }
    let mut run = Run {
        elapsed: Duration::ZERO,
        lat: Vec::new(),
        ok: Vec::new(),
        failed: Vec::new(),
        skipped: 0,
    };
    for t in tasks {
        let (lat, ok, failed) = t.await.expect("client task");
        run.lat.extend(lat);
        run.ok.extend(ok);
        run.failed.extend(failed);
    }
    run.elapsed = start.elapsed();
    run.lat.sort();
    run.ok.sort_by_key(|(i, _)| *i);
    run.skipped = n.saturating_sub(run.ok.len() + run.failed.len());
    run
}

/// Makes `n` links through the REST API; their slugs.
async fn make_links(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    n: usize,
    conc: usize,
) -> Vec<String> {
    let (client, url, auth) = (
        client.clone(),
        format!("{base}/api/v1/links"),
        format!("Bearer {key}"),
    );
    let run = closed_loop(n, conc, Duration::from_secs(3600), move |_| {
        let (client, url, auth) = (client.clone(), url.clone(), auth.clone());
        async move {
            let res = client
                .post(&url)
                .header("authorization", auth)
                .json(&json!({ "amount": "250.00", "currency": "THB", "description": "bench" }))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = res.status().as_u16();
            let body: Value = res.json().await.map_err(|e| e.to_string())?;
            match body["slug"].as_str() {
                Some(slug) if status == 201 => Ok(slug.to_owned()),
                _ => Err(format!("create link: {status} {body}")),
            }
        }
    })
    .await;
    assert!(
        run.failed.is_empty(),
        "making links: {:?}",
        run.failed.first()
    );
    run.ok.into_iter().map(|(_, slug)| slug).collect()
}

/// Presses Pay on every slug; the session ids by slug index (closed loop, timed).
async fn checkouts(
    client: &reqwest::Client,
    base: &str,
    fake: &FakeStripe,
    slugs: Vec<String>,
    conc: usize,
    max: Duration,
) -> Run<String> {
    let n = slugs.len();
    let slugs = Arc::new(slugs);
    let prefix = format!("{}/pay/", fake.url());
    let (client, base) = (client.clone(), base.to_owned());
    closed_loop(n, conc, max, move |i| {
        let (client, prefix) = (client.clone(), prefix.clone());
        let url = format!("{base}/p/{}/pay", slugs[i]);
        async move {
            let res = client.post(&url).send().await.map_err(|e| e.to_string())?;
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if status != 303 {
                let body = res.text().await.unwrap_or_default();
                return Err(format!(
                    "pay: {status} {}",
                    body.chars().take(200).collect::<String>()
                ));
            }
            location
                .strip_prefix(&prefix)
                .map(str::to_owned)
                .ok_or_else(|| format!("pay: redirected to {location}"))
        }
    })
    .await
}

fn main() {
    let args = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(args));
}

async fn run(args: Args) {
    let max = Duration::from_secs(args.max_secs);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!(
        "machine: {cores} cores (available_parallelism); paychat, the fake Stripe and {} \
         clients in one process; SQLite file (WAL) in a temp dir; links {}, reconcile {}, max \
         {} s per phase",
        args.conc, args.links, args.reconcile, args.max_secs
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let fake = FakeStripe::start(KEY, WHSEC).await;
    let db = format!("sqlite://{}", dir.path().join("paychat.db").display());
    let fake_url = fake.url();
    let env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db.as_str()),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_PROVIDERS__DEFAULT", "stripe"),
        ("PAYCHAT_PROVIDERS__STRIPE__ENABLED", "true"),
        ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", KEY),
        ("PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET", WHSEC),
        ("PAYCHAT_PROVIDERS__STRIPE__API_URL", fake_url.as_str()),
        ("PAYCHAT_PROVIDERS__RECONCILE_AFTER_SECS", "1"),
        // Phase 3 times the passes it runs itself: keep the background pass away.
        ("PAYCHAT_PROVIDERS__RECONCILE_EVERY_SECS", "86400"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let settings = load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings");
    let app = Application::build(settings).await.expect("app");
    let engine = app.engine();
    let base = format!("http://127.0.0.1:{}", app.port());
    let stop = app.stopper();
    let task = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    let seller = engine
        .create_seller("Bench Shop", "THB", "en")
        .await
        .expect("seller");
    let key = engine
        .create_api_key(&seller.id)
        .await
        .expect("api key")
        .key;

    // 1. Checkouts.
    let slugs = make_links(&client, &base, &key, args.links, args.conc).await;
    let created = || fake.calls_to("POST", "/v1/checkout/sessions").len();
    let before = created();
    let run1 = checkouts(&client, &base, &fake, slugs, args.conc, max).await;
    println!(
        "{} ({} sessions created at the fake)",
        run1.line("checkout"),
        created() - before
    );

    // 2. Webhooks: every session paid at the fake, its event built and signed up front.
    let sessions: Vec<String> = run1.ok.iter().map(|(_, sid)| sid.clone()).collect();
    let t = now_unix();
    let events: Vec<(Bytes, String, i64)> = sessions
        .iter()
        .map(|sid| {
            let event = fake.event("checkout.session.completed", fake.complete(sid));
            // Pretty-printed, as Stripe sends it: the signature covers the raw bytes.
            let body = serde_json::to_vec_pretty(&event).expect("event");
            let sig = fake.sign(&body, t);
            (Bytes::from(body), sig, t)
        })
        .collect();
    let events = Arc::new(events);
    let url = format!("{base}/webhooks/providers/stripe");
    let run2 = {
        let (client, fake) = (client.clone(), fake.clone());
        closed_loop(events.len(), args.conc, max, move |i| {
            let (client, url) = (client.clone(), url.clone());
            let (body, mut sig, t) = events[i].clone();
            let now = now_unix();
            if now - t > RESIGN_AFTER_SECS {
                sig = fake.sign(&body, now);
            }
            async move {
                let res = client
                    .post(&url)
                    .header("stripe-signature", sig)
                    .header("content-type", "application/json; charset=utf-8")
                    .body(body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let status = res.status().as_u16();
                let text = res.text().await.unwrap_or_default();
                let answer: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if status == 200 && answer["outcome"] == "applied" {
                    Ok(())
                } else {
                    Err(format!("webhook: {status} {text}"))
                }
            }
        })
        .await
    };
    println!("{}", run2.line("webhook"));

    // 3. Reconciliation: paid at the fake, no webhook; paychat has to ask.
    let slugs = make_links(&client, &base, &key, args.reconcile, args.conc).await;
    let paid = checkouts(
        &client,
        &base,
        &fake,
        slugs,
        args.conc,
        Duration::from_secs(3600),
    )
    .await;
    assert!(
        paid.failed.is_empty(),
        "reconcile setup: {:?}",
        paid.failed.first()
    );
    for (_, sid) in &paid.ok {
        fake.complete(sid);
    }
    // The last payment was written before its 303: due 1 s later.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let asked = || fake.calls_to("GET", "/v1/checkout/sessions/").len();
    let before = asked();
    let (mut passes, mut worked, mut applied, mut checked, mut errors) = (0, 0, 0, 0, 0);
    let start = Instant::now();
    loop {
        let report = engine.reconcile().await.expect("reconcile pass");
        passes += 1;
        if report.checked == 0 {
            break;
        }
        worked += 1;
        checked += report.checked;
        applied += report.applied;
        errors += report.errors;
        if start.elapsed() >= max {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mut line = format!(
        "reconcile: {applied} in {secs:.2} s = {:.0}/s, {passes} passes ({worked} with work, \
         {checked} checked, {} session lookups at the fake)",
        applied as f64 / secs.max(1e-9),
        asked() - before
    );
    if errors > 0 {
        line.push_str(&format!(", {errors} unanswered"));
    }
    if applied != paid.ok.len() {
        line.push_str(&format!(", EXPECTED {}", paid.ok.len()));
    }
    println!("{line}");

    // Afterwards: every link paid?
    let total = args.links + args.reconcile;
    let limit = i64::try_from(total + 1).unwrap_or(i64::MAX);
    let all = engine
        .list_links(
            &seller.id,
            None,
            LinkFilter {
                limit,
                ..LinkFilter::default()
            },
        )
        .await
        .expect("links")
        .len();
    let paid_links = engine
        .list_links(
            &seller.id,
            Some("paid"),
            LinkFilter {
                limit,
                ..LinkFilter::default()
            },
        )
        .await
        .expect("paid links")
        .len();
    println!(
        "check: {paid_links} of {all} links paid{}",
        if paid_links == total {
            ""
        } else {
            " (NOT ALL)"
        }
    );

    let _ = stop.send(true);
    let _ = task.await;
}
