//! Bulk creation: `POST /api/v1/links/bulk` with a 5,000-row CSV (the default
//! `links.bulk_max_rows`), one request at a time, against paychat started in this
//! process on a fresh database. Reports the links made per second of each upload and
//! the process's peak resident memory (`VmHWM` from `/proc/self/status`) after start
//! and after the uploads; the process is paychat plus this small driver (the CSV and
//! the answer's bytes), so the peak is an upper bound for paychat's own.
//!
//! ```sh
//! cargo bench --bench bulk -- [--backend sqlite|postgres] [--rows 5000] [--runs 3]
//! ```
//!
//! Run one backend per process, so the peak memory is that backend's. Postgres needs
//! `PAYCHAT_TEST_DATABASE_URL` (a server with trust auth); the bench makes its own
//! database there and drops it at the end. Figures go to docs/benchmarks.md; nothing
//! here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver stands for the outside world, on its clock

#[path = "kit/db.rs"]
mod db;

use std::time::Instant;

use db::Db;
use paychat::config::load_with_env;
use paychat::startup::Application;

struct Args {
    backend: String,
    rows: usize,
    runs: usize,
}

fn parse_args() -> Args {
    let mut a = Args {
        backend: "sqlite".into(),
        rows: 5_000,
        runs: 3,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--backend" => a.backend = v,
            "--rows" => a.rows = v.parse().expect("a number"),
            "--runs" => a.runs = v.parse().expect("a number"),
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

fn settings(db: &str) -> paychat::config::Settings {
    let env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings")
}

/// A field of `/proc/self/status` in kB (`VmHWM`, `VmRSS`); 0 where there is none.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A CSV of `rows` links as a spreadsheet would hold them; `run` keeps references unique.
fn csv(rows: usize, run: usize) -> String {
    let mut csv = String::from("amount,currency,description,custom_link_ref,customer_email\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "{}.50,THB,Order {i} of upload {run},R{run}-{i},buyer{i}@example.com\n",
            i % 900 + 100
        ));
    }
    csv
}

async fn run(args: &Args) {
    let Some(db) = Db::make(&args.backend, "bulk").await else {
        return;
    };
    let url = db.url();
    let app = Application::build(settings(&url)).await.expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let engine = app.engine();
    let stop = app.stopper();
    let task = tokio::spawn(app.run_until_stopped());
    let seller = engine
        .create_seller("Bulk Shop", "THB", "en")
        .await
        .expect("seller");
    let key = engine.create_api_key(&seller.id).await.expect("key").key;
    let http = reqwest::Client::new();
    let started_kb = status_kb("VmHWM");
    println!(
        "bulk\t{}\tstarted: VmHWM {} MB",
        args.backend,
        started_kb / 1024
    );
    let mut rates = Vec::new();
    for r in 0..args.runs {
        let body = csv(args.rows, r);
        let t = Instant::now();
        let res = http
            .post(format!("{base}/api/v1/links/bulk"))
            .bearer_auth(&key)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .expect("upload");
        let status = res.status();
        let answer = res.bytes().await.expect("answer");
        let secs = t.elapsed().as_secs_f64();
        // The count is at the start of the answer: no need to parse 5,000 results.
        let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
        let created: usize = head
            .split("\"created\":")
            .nth(1)
            .and_then(|s| s.split(',').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        assert_eq!(status, 200, "{head}");
        assert_eq!(created, args.rows, "{head}");
        let rate = created as f64 / secs;
        rates.push(rate);
        println!(
            "bulk\t{}\tupload {}: {} links in {:.2} s = {:.0} links/s, answer {} kB, VmHWM {} MB",
            args.backend,
            r + 1,
            created,
            secs,
            rate,
            answer.len() / 1024,
            status_kb("VmHWM") / 1024
        );
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "bulk\t{}\t{} uploads of {} rows: median {:.0} links/s (min {:.0}, max {:.0}); \
         VmHWM {} MB after start, {} MB after the uploads",
        args.backend,
        args.runs,
        args.rows,
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1],
        started_kb / 1024,
        status_kb("VmHWM") / 1024
    );
    let _ = stop.send(true);
    let _ = task.await;
    db.drop_it().await;
}

fn main() {
    let args = parse_args();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run(&args));
}
