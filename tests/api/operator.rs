//! The operator's side, through the real binary: the start banner, a bad log level,
//! access lines (route template, no slug, no colour codes when piped), `/metrics` by
//! route and on `metrics.bind`, JSON logs, and `links|payments|apikey list`.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Backend, TestDb, eventually, spawn_app};
use crate::on_both;

/// `paychat serve` on a random port, its stderr collected line by line.
struct Served {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    url: String,
}

impl Served {
    fn start(db_url: &str, extra: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_paychat"));
        cmd.arg("serve")
            .env_remove("RUST_LOG")
            .env("PAYCHAT_DATABASE__URL", db_url)
            .env("PAYCHAT_SERVER__BIND", "127.0.0.1:0")
            .env("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0")
            .env("PAYCHAT_LOG__LEVEL", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("paychat serve starts");
        let stderr = child.stderr.take().expect("stderr piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(line);
            }
        });
        let mut served = Self {
            child,
            lines,
            url: String::new(),
        };
        // The banner's first line, or the JSON "paychat is serving" line, names the URL.
        let url = served.wait_for("the start line", |l| {
            if let Some(rest) = l.split(" is serving at ").nth(1) {
                return Some(rest.trim().to_owned());
            }
            let v: Value = serde_json::from_str(l).ok()?;
            (v["message"] == "paychat is serving")
                .then(|| v["public_url"].as_str().map(str::to_owned))?
        });
        served.url = url;
        served
    }

    /// Waits (up to 20 s) for a stderr line `f` picks something from.
    fn wait_for<T>(&mut self, what: &str, f: impl Fn(&str) -> Option<T>) -> T {
        for _ in 0..400 {
            if let Some(t) = self.lines.lock().unwrap().iter().find_map(|l| f(l)) {
                return t;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("paychat exited ({status}) before {what}:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("no {what} in:\n{}", self.text());
    }

    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get(url: &str) -> (u16, String) {
    let res = reqwest::get(url).await.expect("request");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

/// `serve` says where it is, which database (no password), what is on and how to make
/// a first link; every request is one access line with the route template, not the
/// path; piped stderr has no colour codes; /metrics counts requests by route.
async fn serve_announces_itself_and_logs_each_request(backend: Backend) {
    // Arrange
    let db = TestDb::create(&backend).await;
    let mut served = tokio::task::block_in_place(|| Served::start(&db.url, &[]));
    let url = served.url.clone();

    // Act
    for _ in 0..3 {
        assert_eq!(get(&format!("{url}/healthz")).await.0, 200);
    }
    let slug = "Zq7secretSlug42";
    assert_eq!(get(&format!("{url}/p/{slug}")).await.0, 404);
    assert_eq!(get(&format!("{url}/no/such/path")).await.0, 404);
    let (status, metrics) = get(&format!("{url}/metrics")).await;
    tokio::task::block_in_place(|| {
        served.wait_for("the access line of /metrics", |l| {
            l.contains("route=\"/metrics\"").then_some(())
        })
    });
    let log = served.text();

    // Assert: the banner.
    assert!(log.contains(&format!("is serving at {url}")), "{log}");
    match &backend {
        Backend::Sqlite => assert!(log.contains("database   SQLite file "), "{log}"),
        Backend::Postgres(server) => {
            assert!(log.contains("database   Postgres postgres://"), "{log}");
            if let Some(pw) = reqwest::Url::parse(server).unwrap().password() {
                assert!(!log.contains(pw), "the database password is in the log");
                assert!(log.contains(":***@"), "{log}");
            }
        }
    }
    assert!(log.contains("doors      REST API"), "{log}");
    assert!(log.contains("providers  sandbox"), "{log}");
    assert!(log.contains(&format!("metrics    {url}/metrics")), "{log}");
    assert!(log.contains("next step: make a first link"), "{log}");
    assert!(log.contains("paychat chat"), "{log}");
    assert!(log.contains("paychat apikey create --seller"), "{log}");
    assert!(log.contains(&format!("curl {url}/api/v1/links")), "{log}");
    assert!(
        !log.contains("sandbox-signing-secret"),
        "a secret is in the log"
    );

    // Assert: one access line per request, by template; never the slug; no colours.
    let access: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("paychat::access"))
        .collect();
    assert_eq!(access.len(), 6, "{log}");
    let page = access
        .iter()
        .find(|l| l.contains("route=\"/p/{slug}\""))
        .expect("the buyer page's access line");
    assert!(page.contains("method=GET"), "{page}");
    assert!(page.contains("status=404"), "{page}");
    assert!(page.contains("latency_ms="), "{page}");
    assert!(page.contains("request_id="), "{page}");
    assert!(
        access.iter().any(|l| l.contains("route=\"unmatched\"")),
        "{log}"
    );
    assert!(!log.contains(slug), "the slug reached the log:\n{log}");
    assert!(!log.contains("/no/such/path"), "a raw path reached the log");
    assert!(!log.contains("\x1b["), "colour codes on a pipe:\n{log:?}");

    // Assert: /metrics, with the older counters still there.
    assert_eq!(status, 200);
    for line in [
        "paychat_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 3",
        "paychat_http_requests_total{route=\"/p/{slug}\",method=\"GET\",status=\"404\"} 1",
        "paychat_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "paychat_http_request_duration_seconds_count{route=\"/healthz\"} 3",
        "paychat_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 3",
        "# TYPE paychat_http_request_duration_seconds histogram",
        "paychat_payments_total{outcome=\"succeeded\"} 0",
    ] {
        assert!(metrics.contains(line), "{line} missing in:\n{metrics}");
    }
    assert!(metrics.contains("paychat_http_request_duration_seconds_sum{route=\"/healthz\"} "));
    assert!(!metrics.contains(slug));
}
on_both!(serve_announces_itself_and_logs_each_request);

/// With `metrics.bind`, /metrics is served there and only there; with
/// `log.format = "json"` every stderr line is a JSON object, access lines included.
async fn metrics_move_to_their_own_address_and_json_logs_stay_json(backend: Backend) {
    // Arrange
    let db = TestDb::create(&backend).await;
    let mut served = tokio::task::block_in_place(|| {
        Served::start(
            &db.url,
            &[
                ("PAYCHAT_METRICS__BIND", "127.0.0.1:0"),
                ("PAYCHAT_LOG__FORMAT", "json"),
            ],
        )
    });
    let url = served.url.clone();
    let metrics_addr = tokio::task::block_in_place(|| {
        served.wait_for("the metrics address", |l| {
            let v: Value = serde_json::from_str(l).ok()?;
            (v["message"] == "paychat is serving")
                .then(|| v["metrics"].as_str().map(str::to_owned))?
        })
    });

    // Act
    assert_eq!(get(&format!("{url}/healthz")).await.0, 200);
    let (main_status, _) = get(&format!("{url}/metrics")).await;
    let (status, metrics) = get(&format!("http://{metrics_addr}/metrics")).await;
    let (other, _) = get(&format!("http://{metrics_addr}/healthz")).await;
    let log = tokio::task::block_in_place(|| {
        served.wait_for("the access line of the main /metrics", |l| {
            let v: Value = serde_json::from_str(l).ok()?;
            (v["route"] == "unmatched" && v["status"] == 404).then_some(())
        });
        served.text()
    });

    // Assert
    assert_eq!(main_status, 404, "/metrics is still on the main address");
    assert_eq!(status, 200);
    assert_eq!(other, 404);
    assert!(
        metrics.contains(
            "paychat_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    for line in log.lines() {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(v["level"].is_string(), "{line}");
    }
    let start: Value = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["message"] == "paychat is serving")
        .expect("the start line as JSON");
    assert_eq!(start["doors"], "REST API", "{start}");
    assert!(
        start["providers"].as_str().unwrap().starts_with("sandbox"),
        "{start}"
    );
    assert!(!log.contains("next step"), "the banner is not JSON:\n{log}");
    let access: Value = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["route"] == "/healthz")
        .expect("the access line as JSON");
    assert_eq!(access["message"], "request", "{access}");
    assert_eq!(access["method"], "GET", "{access}");
    assert_eq!(access["status"], 200, "{access}");
    assert!(access["latency_ms"].is_number(), "{access}");
    assert!(access["request_id"].is_string(), "{access}");
}
on_both!(metrics_move_to_their_own_address_and_json_logs_stay_json);

/// A log level that is no level stops the start with one line naming the key; so does
/// such a RUST_LOG.
#[test]
fn a_bad_log_level_stops_the_start_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_paychat"));
        cmd.arg("migrate")
            .current_dir(dir.path())
            .env_remove("RUST_LOG")
            .env(
                "PAYCHAT_DATABASE__URL",
                format!("sqlite://{}/log.db", dir.path().display()),
            );
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("paychat runs")
    };
    for (env, expected) in [
        (
            ("PAYCHAT_LOG__LEVEL", "warning"),
            "paychat: config: log.level: \"warning\" is not a level; use error, warn, info, \
             debug or trace (or a filter like info,paychat=debug)\n",
        ),
        (
            ("PAYCHAT_LOG__LEVEL", "info,foo=bar=baz"),
            "paychat: config: log.level: \"info,foo=bar=baz\" is not a level; use error, \
             warn, info, debug or trace (or a filter like info,paychat=debug)\n",
        ),
        (
            ("RUST_LOG", "verbose"),
            "paychat: RUST_LOG: \"verbose\" is not a level; use error, warn, info, debug or \
             trace (or a filter like info,paychat=debug)\n",
        ),
    ] {
        let out = run(&[env]);
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
    }
    // A good filter starts.
    let ok = run(&[("PAYCHAT_LOG__LEVEL", "info,paychat=debug")]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// `paychat <args>` on the test's database, off the async workers.
fn paychat(db_url: &str, args: &[&str]) -> Output {
    tokio::task::block_in_place(|| {
        Command::new(env!("CARGO_BIN_EXE_paychat"))
            .args(args)
            .env_remove("RUST_LOG")
            .env("PAYCHAT_DATABASE__URL", db_url)
            .env("PAYCHAT_LOG__LEVEL", "error")
            .output()
            .expect("paychat runs")
    })
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn human(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An operator answers "did my buyer pay?" without SQL: links, one link's payments and
/// timeline, payments, and API keys — never a key.
async fn operators_look_up_links_payments_and_keys(backend: Backend) {
    // Arrange: a paid link, an open one, and a second seller.
    let app = spawn_app(backend).await;
    let paid = app
        .create_link(
            json!({ "amount": "250.00", "currency": "THB", "description": "Tuition\nMarch" }),
        )
        .await;
    let open = app
        .create_link(json!({ "amount": "99.50", "currency": "THB", "description": "Scarf" }))
        .await;
    app.buyer_pays(paid["slug"].as_str().unwrap(), "succeed")
        .await;
    let (other, other_key) = app.another_seller("Ann").await;
    let seller = app.seller_id.as_str();
    let paid_id = paid["id"].as_str().unwrap();
    let db = app.db.url.clone();
    eventually("the payment to be recorded", || {
        let db = db.clone();
        async move {
            let out = paychat(&db, &["payments", "list", "--json"]);
            let v = json_of(&out);
            (v[0]["status"] == "succeeded").then_some(())
        }
    })
    .await;

    // Act + Assert: links list.
    let links = json_of(&paychat(
        &db,
        &["links", "list", "--seller", seller, "--json"],
    ));
    assert_eq!(links.as_array().unwrap().len(), 2, "{links}");
    assert_eq!(links[0]["id"], open["id"], "newest first: {links}");
    assert_eq!(links[1]["status"], "paid", "{links}");
    assert_eq!(links[1]["seller_id"], seller);
    assert_eq!(links[1]["timezone"], "UTC");
    assert!(
        links[1]["created_local"]
            .as_str()
            .unwrap()
            .ends_with("(UTC)"),
        "{links}"
    );
    let only_paid = json_of(&paychat(
        &db,
        &["links", "list", "--status", "paid", "--json"],
    ));
    assert_eq!(only_paid.as_array().unwrap().len(), 1, "{only_paid}");
    let limited = json_of(&paychat(&db, &["links", "list", "--limit", "1", "--json"]));
    assert_eq!(limited.as_array().unwrap().len(), 1, "{limited}");
    let table = human(&paychat(&db, &["links", "list"]));
    let mut rows = table.lines();
    let head = rows.next().unwrap();
    assert!(head.starts_with("ID  "), "{table}");
    let status_at = head.find("STATUS").unwrap();
    for row in rows {
        // Aligned: every row's status sits under the header's.
        let rest = &row[row
            .char_indices()
            .nth(head[..status_at].chars().count())
            .unwrap()
            .0..];
        assert!(
            rest.starts_with("paid") || rest.starts_with("active"),
            "{table}"
        );
    }
    assert!(table.contains("250.00 THB"), "{table}");
    assert!(
        table.contains("Tuition March"),
        "a newline broke the table:\n{table}"
    );
    let bad = paychat(&db, &["links", "list", "--status", "late"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("late"));
    let nobody = paychat(&db, &["links", "list", "--seller", "sel_nobody"]);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("seller not found"));

    // links show, by code and by id.
    let shown = json_of(&paychat(
        &db,
        &["links", "show", paid["slug"].as_str().unwrap(), "--json"],
    ));
    assert_eq!(shown["link"]["id"], paid["id"]);
    assert_eq!(shown["payments"].as_array().unwrap().len(), 1, "{shown}");
    assert_eq!(shown["payments"][0]["status"], "succeeded");
    assert_eq!(shown["refunds"], json!([]));
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        kinds.contains(&"link.created") && kinds.contains(&"payment.succeeded"),
        "{kinds:?}"
    );
    let page = human(&paychat(&db, &["links", "show", paid_id]));
    for part in [
        "status      paid",
        "amount      250.00 THB",
        "payments\n",
        "timeline\n",
        "(no refunds)",
    ] {
        assert!(page.contains(part), "{part:?} missing in:\n{page}");
    }
    let missing = paychat(&db, &["links", "show", "lnk_nope"]);
    assert!(!missing.status.success());

    // payments list, filtered.
    let by_link = json_of(&paychat(
        &db,
        &["payments", "list", "--link", paid_id, "--json"],
    ));
    assert_eq!(by_link.as_array().unwrap().len(), 1, "{by_link}");
    assert_eq!(by_link[0]["amount_minor"], 25000);
    assert_eq!(by_link[0]["seller_id"], seller);
    let none = json_of(&paychat(
        &db,
        &["payments", "list", "--status", "failed", "--json"],
    ));
    assert_eq!(none, json!([]));
    let theirs = json_of(&paychat(
        &db,
        &["payments", "list", "--seller", other.as_str(), "--json"],
    ));
    assert_eq!(theirs, json!([]));
    let table = human(&paychat(&db, &["payments", "list"]));
    assert!(
        table.contains("succeeded") && table.contains("sandbox"),
        "{table}"
    );
    let bad = paychat(&db, &["payments", "list", "--status", "late"]);
    assert!(!bad.status.success());

    // apikey list: ids and times, never the key.
    let keys = json_of(&paychat(&db, &["apikey", "list", "--json"]));
    assert_eq!(keys.as_array().unwrap().len(), 2, "{keys}");
    let mine = json_of(&paychat(
        &db,
        &["apikey", "list", "--seller", seller, "--json"],
    ));
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert!(
        mine[0]["id"].as_str().unwrap().starts_with("key_"),
        "{mine}"
    );
    assert_eq!(mine[0]["revoked_at"], Value::Null);
    let listed = paychat(&db, &["apikey", "list"]);
    let listed = human(&listed) + &keys.to_string();
    for key in [&app.key, &other_key] {
        assert!(!listed.contains(key.as_str()), "a key was shown");
    }
    assert!(!listed.contains("pck_"), "{listed}");
    assert!(!listed.contains("hash"), "{listed}");
    let revoke = paychat(&db, &["apikey", "revoke", mine[0]["id"].as_str().unwrap()]);
    assert!(revoke.status.success());
    let mine = json_of(&paychat(
        &db,
        &["apikey", "list", "--seller", seller, "--json"],
    ));
    assert!(mine[0]["revoked_at"].is_string(), "{mine}");
}
on_both!(operators_look_up_links_payments_and_keys);
