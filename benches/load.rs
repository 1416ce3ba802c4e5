//! A closed-loop HTTP load generator for paychat's hot routes and for the bare baseline
//! server in `../shared/bench/baseline`, so both are measured by the same client.
//!
//! `oha` (what the baseline script uses) sends one fixed body, but a verified provider
//! webhook must be a distinct signed event each time or it is (rightly) a duplicate; this
//! generator pre-signs one event per seeded pending payment. Run through
//! `benches/run.sh`, which seeds the databases and starts the servers:
//!
//!   cargo bench --bench load -- --target paychat --url http://127.0.0.1:8088 \
//!       --route webhook --conc 16 --secs 10 --seeded 300000 --label sqlite
//!
//! Prints one TSV row in the format of `../shared/bench/perftool.py`:
//! `label route conc rps p50_ms p99_ms ok_pct`.
#![allow(clippy::print_stdout)] // the TSV row on stdout is the output
#![allow(clippy::disallowed_methods)] // a load driver and fake servers stand for the outside world, on its clock

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use paychat::adapters::signing::sign_header;

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Paychat,
    Baseline,
}

struct Args {
    target: Target,
    url: String,
    route: String,
    conc: usize,
    secs: u64,
    seeded: usize,
    label: String,
    key: String,
    secret: String,
    offset: usize,
}

fn parse_args() -> Args {
    let mut a = Args {
        target: Target::Paychat,
        url: "http://127.0.0.1:8088".into(),
        route: "health".into(),
        conc: 16,
        secs: 10,
        seeded: 100_000,
        label: "run".into(),
        key: String::new(),
        secret: "sandbox-signing-secret".into(),
        offset: 0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--target" => {
                a.target = if v == "baseline" {
                    Target::Baseline
                } else {
                    Target::Paychat
                }
            }
            "--url" => a.url = v,
            "--route" => a.route = v,
            "--conc" => a.conc = v.parse().unwrap_or(16),
            "--secs" => a.secs = v.parse().unwrap_or(10),
            "--seeded" => a.seeded = v.parse().unwrap_or(100_000),
            "--label" => a.label = v,
            "--key" => a.key = v,
            "--secret" => a.secret = v,
            "--offset" => a.offset = v.parse().unwrap_or(0),
            // `cargo bench` passes --bench; anything else unknown is ignored too.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// One request to send: method, path, body, extra header.
struct Req {
    post: bool,
    path: String,
    body: Option<Vec<u8>>,
    header: Option<(&'static str, String)>,
}

fn rand_below(n: usize) -> usize {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    (u64::from_le_bytes(b) % (n.max(1) as u64)) as usize
}

fn main() {
    let args = parse_args();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("runtime: {e}");
            std::process::exit(1);
        }
    };
    rt.block_on(run(args));
}

async fn run(a: Args) {
    let client = match reqwest::Client::builder()
        .pool_max_idle_per_host(a.conc)
        .timeout(Duration::from_secs(30))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("client: {e}");
            return;
        }
    };
    // Webhook bodies are signed up front so signing cost stays out of the client loop.
    let now = chrono::Utc::now().timestamp();
    let webhooks: Arc<Vec<(Vec<u8>, String)>> = Arc::new(
        if a.route == "webhook" && a.target == Target::Paychat {
            (a.offset..a.seeded)
            .map(|n| {
                let body = format!(
                    "{{\"id\":\"sbxevt_bench_{n}\",\"type\":\"payment.succeeded\",\"created\":{now},\
                     \"data\":{{\"payment_id\":\"sbx_bench{n:012}\",\"amount_minor\":1999,\"currency\":\"EUR\"}}}}"
                )
                .into_bytes();
                let sig = sign_header(a.secret.as_bytes(), now, &body);
                (body, sig)
            })
            .collect()
        } else {
            Vec::new()
        },
    );
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(a.secs);
    let a = Arc::new(a);
    let mut tasks = Vec::new();
    for _ in 0..a.conc {
        let (client, a, webhooks, next) =
            (client.clone(), a.clone(), webhooks.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat: Vec<u32> = Vec::with_capacity(100_000);
            let (mut ok, mut total) = (0u64, 0u64);
            while Instant::now() < deadline {
                let req = match build(&a, &webhooks, &next) {
                    Some(r) => r,
                    None => break,
                };
                let mut rb = if req.post {
                    client.post(format!("{}{}", a.url, req.path))
                } else {
                    client.get(format!("{}{}", a.url, req.path))
                };
                if let Some(b) = req.body {
                    rb = rb.header("content-type", "application/json").body(b);
                }
                if let Some((k, v)) = req.header {
                    rb = rb.header(k, v);
                }
                let t0 = Instant::now();
                let res = rb.send().await;
                let good = match res {
                    Ok(r) => {
                        let s = r.status().is_success();
                        let _ = r.bytes().await;
                        s
                    }
                    Err(_) => false,
                };
                lat.push(u32::try_from(t0.elapsed().as_micros()).unwrap_or(u32::MAX));
                total += 1;
                ok += u64::from(good);
            }
            (lat, ok, total)
        }));
    }
    let started = Instant::now();
    let mut all = Vec::new();
    let (mut ok, mut total) = (0u64, 0u64);
    for t in tasks {
        if let Ok((l, o, n)) = t.await {
            all.extend(l);
            ok += o;
            total += n;
        }
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    all.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.is_empty() {
            return 0.0;
        }
        let i = ((all.len() as f64 - 1.0) * p).round() as usize;
        f64::from(all[i]) / 1000.0
    };
    println!(
        "{}\t{}\t{}\t{:.0}\t{:.2}\t{:.2}\t{:.1}",
        a.label,
        a.route,
        a.conc,
        ok as f64 / secs,
        pct(0.50),
        pct(0.99),
        if total == 0 {
            0.0
        } else {
            100.0 * ok as f64 / total as f64
        }
    );
}

fn build(a: &Args, webhooks: &[(Vec<u8>, String)], next: &AtomicUsize) -> Option<Req> {
    let paychat = a.target == Target::Paychat;
    Some(match a.route.as_str() {
        "health" => Req {
            post: false,
            path: if paychat { "/healthz" } else { "/health" }.into(),
            body: None,
            header: None,
        },
        "get" => {
            let n = rand_below(a.seeded);
            Req {
                post: false,
                path: if paychat {
                    format!("/p/bnch{n:012}")
                } else {
                    format!("/links/lnk_{n:016}")
                },
                body: None,
                header: None,
            }
        }
        "create" => Req {
            post: true,
            path: if paychat { "/api/v1/links" } else { "/links" }.into(),
            body: Some(if paychat {
                br#"{"amount":"19.99","currency":"EUR","description":"Coffee beans 1kg"}"#.to_vec()
            } else {
                br#"{"seller":"sel_1","amount":1999,"currency":"EUR","description":"Coffee beans 1kg"}"#.to_vec()
            }),
            header: paychat.then(|| ("authorization", format!("Bearer {}", a.key))),
        },
        "webhook" if paychat => {
            let (body, sig) = webhooks.get(next.fetch_add(1, Ordering::Relaxed))?;
            Req {
                post: true,
                path: "/webhooks/providers/sandbox".into(),
                body: Some(body.clone()),
                header: Some(("sandbox-signature", sig.clone())),
            }
        }
        // Any GET, to take a route apart when profiling: `--route path:/healthz`.
        r if r.starts_with("path:") => Req {
            post: false,
            path: r.trim_start_matches("path:").to_owned(),
            body: None,
            header: None,
        },
        "webhook" => Req {
            post: true,
            path: format!("/webhook/lnk_{:016}", rand_below(a.seeded)),
            body: Some(br#"{"event":"payment.succeeded","provider_ref":"pi_123"}"#.to_vec()),
            header: None,
        },
        _ => return None,
    })
}
