//! paychat with 1,000,000 links across 10,000 sellers: how fast the reads that grow with
//! the data stay. Seeds the links in SQL (100 per seller, a mix of active, paid and
//! expired, over 100 days), starts paychat on that database with its Telegram door on the
//! fake Bot API of the tests, then measures, one request at a time (so the figure is the
//! route's own latency, not queueing):
//!
//! - `GET /api/v1/links` (first page) for sampled sellers, each with its own API key;
//! - the buyer page `GET /p/{slug}` for links picked at random among the million;
//! - `/links` in Telegram: the time from the update reaching the fake Bot API to the
//!   answer's `sendMessage` arriving there (below Telegram's limits, so no pacing).
//!
//! ```sh
//! cargo bench --bench scale -- [--backend sqlite|postgres] [--sellers 10000] \
//!     [--per-seller 100] [--samples 1000]
//! ```
//!
//! Postgres needs `PAYCHAT_TEST_DATABASE_URL` (a server with trust auth); the bench makes
//! its own database there and drops it at the end. Figures go to docs/benchmarks.md;
//! nothing here asserts a speed.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // a load driver and fake servers stand for the outside world, on its clock

#[path = "../tests/api/kit/server.rs"]
mod server;

#[path = "../tests/api/form.rs"]
mod form;

#[path = "../tests/api/fake_telegram.rs"]
mod fake_telegram;

#[path = "kit/db.rs"]
mod db;

use std::time::{Duration, Instant};

use db::Db;
use fake_telegram::FakeTelegram;
use paychat::config::load_with_env;
use paychat::domain::SellerId;
use paychat::startup::Application;
use sqlx::Connection as _;

struct Args {
    backend: String,
    sellers: u64,
    per_seller: u64,
    samples: usize,
}

fn parse_args() -> Args {
    let mut a = Args {
        backend: "sqlite".into(),
        sellers: 10_000,
        per_seller: 100,
        samples: 1_000,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--backend" => a.backend = v,
            "--sellers" => a.sellers = v.parse().expect("a number"),
            "--per-seller" => a.per_seller = v.parse().expect("a number"),
            "--samples" => a.samples = v.parse().expect("a number"),
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

fn settings(db: &str, fake: &FakeTelegram) -> paychat::config::Settings {
    let env: Vec<(String, String)> = [
        ("PAYCHAT_DATABASE__URL", db),
        ("PAYCHAT_SERVER__BIND", "127.0.0.1:0"),
        ("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0"),
        ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
        ("PAYCHAT_TELEGRAM__API_URL", &fake.url()),
        ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
        ("PAYCHAT_LOG__LEVEL", "warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    load_with_env(Some(std::path::Path::new("config.toml")), env).expect("settings")
}

/// A Telegram user (and private chat) id for seller number `s`.
fn tg_user(s: u64) -> i64 {
    5_000_000 + i64::try_from(s).expect("small")
}

/// The seeding SQL: sellers, their links (every 5th paid, every 7th expired), and a
/// Telegram chat for each seller.
fn seed_sql(backend: &str, sellers: u64, per_seller: u64, now: i64) -> Vec<String> {
    let total = sellers * per_seller;
    let series = if backend == "sqlite" {
        format!(
            "with recursive c(x) as (select 0 union all select x + 1 from c where x < {}) ",
            total - 1
        )
    } else {
        String::new()
    };
    let padded = |v: &str| {
        if backend == "sqlite" {
            format!("printf('%017d', {v})")
        } else {
            format!("lpad(({v})::text, 17, '0')")
        }
    };
    let pad = padded("x");
    let from = |n: u64| {
        if backend == "sqlite" {
            "from c".to_owned()
        } else {
            format!("from generate_series(0, {}) x", n - 1)
        }
    };
    let seller_series = if backend == "sqlite" {
        format!(
            "with recursive c(x) as (select 0 union all select x + 1 from c where x < {}) ",
            sellers - 1
        )
    } else {
        String::new()
    };
    let seller_pad = padded(&format!("x / {per_seller}"));
    vec![
        format!(
            "{seller_series}insert into sellers (id, name, currency, locale, created_at, timezone) \
             select 'sel_bench' || {pad}, 'Shop ' || x, 'THB', 'en', {now}, 'Asia/Bangkok' {}",
            from(sellers)
        ),
        format!(
            "{seller_series}insert into seller_channels (channel, external_user, seller_id, chat, created_at) \
             select 'telegram', cast(5000000 + x as text), 'sel_bench' || {pad}, cast(5000000 + x as text), {now} {}",
            from(sellers)
        ),
        // Newest first in each seller's list: link x of a seller was made x minutes
        // after its first, over 100 days.
        format!(
            "{series}insert into links (id, slug, seller_id, amount_minor, currency, description, usage_limit, \
             paid_count, paid_minor, refunded_minor, status, expires_at, notes, provider, opened_at, version, \
             created_at, updated_at) \
             select 'lnk_bench' || {pad}, 'scal' || substr({pad}, 6), 'sel_bench' || {seller_pad}, \
             25000 + (x % 1000) * 100, 'THB', 'Order ' || x, 1, \
             case when x % 5 = 0 then 1 else 0 end, case when x % 5 = 0 then 25000 + (x % 1000) * 100 else 0 end, 0, \
             case when x % 5 = 0 then 'paid' when x % 7 = 0 then 'expired' else 'active' end, \
             case when x % 5 <> 0 and x % 7 = 0 then {now} - 86400000 else {now} + 2592000000 end, \
             '[]', 'sandbox', null, 0, {now} - 8640000000 + (x % {per_seller}) * 60000, {now} {}",
            from(total)
        ),
        "analyze".to_owned(),
    ]
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    (at(0.5), at(0.99), at(1.0))
}

/// A number in 0..n from a simple generator (the bench needs spread, not secrecy).
fn pick(state: &mut u64, n: u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state % n
}

async fn run(args: &Args) {
    let Some(db) = Db::make(&args.backend, "scale").await else {
        return;
    };
    let fake = FakeTelegram::start().await;
    let url = db.url();
    let total = args.sellers * args.per_seller;
    let now = chrono::Utc::now().timestamp_millis();

    // Migrate through paychat itself, then seed in SQL.
    let app = Application::build(settings(&url, &fake))
        .await
        .expect("app");
    drop(app);
    let seeding = Instant::now();
    let statements = seed_sql(&args.backend, args.sellers, args.per_seller, now);
    // The same statements on either backend's connection type.
    macro_rules! seed_on {
        ($conn:ty) => {{
            let mut conn = <$conn>::connect(&url).await.expect("database");
            for s in &statements {
                sqlx::query(sqlx::AssertSqlSafe(s.clone()))
                    .execute(&mut conn)
                    .await
                    .expect(s);
            }
            sqlx::query_scalar::<_, i64>("select count(*) from links")
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }};
    }
    let links = if args.backend == "sqlite" {
        seed_on!(sqlx::SqliteConnection)
    } else {
        seed_on!(sqlx::PgConnection)
    };
    println!(
        "scale\t{}\tseeded {} sellers and {links} links in {:.0} s",
        args.backend,
        args.sellers,
        seeding.elapsed().as_secs_f64()
    );

    let app = Application::build(settings(&url, &fake))
        .await
        .expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let engine = app.engine();
    let stop = app.stopper();
    let task = tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;

    // API keys for the sampled sellers.
    // Distinct sellers (7919 is prime), so no chat is asked twice within its 1 s gap.
    let sampled: Vec<u64> = (0..args.samples.min(300) as u64)
        .map(|i| (i * 7919 + 13) % args.sellers)
        .collect();
    let mut keys = Vec::with_capacity(sampled.len());
    for s in &sampled {
        let id = SellerId::from_trusted(format!("sel_bench{s:017}"));
        keys.push(engine.create_api_key(&id).await.expect("key").key);
    }

    // Warm-up: a few of each, not measured.
    for key in keys.iter().take(20) {
        let _ = http
            .get(format!("{base}/api/v1/links"))
            .bearer_auth(key)
            .send()
            .await;
    }

    let mut api = Vec::with_capacity(args.samples);
    for i in 0..args.samples {
        let key = &keys[i % keys.len()];
        let t = Instant::now();
        let res = http
            .get(format!("{base}/api/v1/links"))
            .bearer_auth(key)
            .send()
            .await
            .expect("list");
        assert!(res.status().is_success(), "{}", res.status());
        let body = res.bytes().await.expect("body");
        api.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(body.len() > 100);
    }
    let mut page = Vec::with_capacity(args.samples);
    for _ in 0..args.samples {
        let x = pick(&mut rng, total);
        let t = Instant::now();
        let res = http
            .get(format!("{base}/p/scal{:012}", x))
            .send()
            .await
            .expect("page");
        assert!(res.status().is_success(), "{}", res.status());
        let _ = res.bytes().await.expect("body");
        page.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut chat = Vec::with_capacity(sampled.len());
    for s in &sampled {
        let user = tg_user(*s);
        let sent = Instant::now();
        fake.text_update(user, user, "/links");
        let deadline = sent + Duration::from_secs(30);
        let answered = loop {
            if let Some(at) = fake
                .sent_to_chat(user)
                .into_iter()
                .filter(|c| c.method == "sendmessage" && c.at >= sent)
                .map(|c| c.at)
                .min()
            {
                break at;
            }
            assert!(Instant::now() < deadline, "no answer to /links");
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        chat.push(answered.duration_since(sent).as_secs_f64() * 1000.0);
        // Below the bot-wide limit of 30 a second: no pacing in the figure.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for (what, ms) in [
        ("GET /api/v1/links (first page)", api),
        ("GET /p/{slug} (buyer page)", page),
        ("/links in Telegram (update → answer)", chat),
    ] {
        let n = ms.len();
        let (p50, p99, max) = percentiles(ms);
        println!(
            "scale\t{}\t{what}\t{n} requests\tp50 {p50:.2} ms\tp99 {p99:.2} ms\tmax {max:.2} ms",
            args.backend
        );
    }
    let _ = stop.send(true);
    let _ = task.await;
    db.drop_it().await;
}

fn main() {
    let args = parse_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(&args));
}
