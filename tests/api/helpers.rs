//! `spawn_app()`: the real application on a random port with its own database (started
//! by `TestApp::builder()`, kit/app.rs), and the small chores of tests that talk to it.

use std::io::Write as _;
use std::path::Path;
use std::sync::{Arc, Once};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use paychat::config::{Settings, load_with_env};
use paychat::domain::SellerId;
use paychat::engine::Engine;
use serde_json::Value;

use crate::kit::clock::ManualClock;

/// Which database a test runs on.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    /// The server URL from `PAYCHAT_TEST_DATABASE_URL`.
    Postgres(String),
}

static SKIP_NOTE: Once = Once::new();

impl Backend {
    /// Postgres if `PAYCHAT_TEST_DATABASE_URL` is set. Without it the Postgres half of
    /// every test is skipped, said once on stderr (uncaptured); under CI it must be set.
    pub fn postgres() -> Option<Self> {
        match std::env::var("PAYCHAT_TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => Some(Self::Postgres(url)),
            _ => {
                assert!(
                    std::env::var("CI").is_err(),
                    "CI must set PAYCHAT_TEST_DATABASE_URL: Postgres tests may not be skipped there"
                );
                SKIP_NOTE.call_once(|| {
                    let _ = writeln!(
                        std::io::stderr(),
                        "\nNOTE: PAYCHAT_TEST_DATABASE_URL is not set: the Postgres half of \
                         every test is SKIPPED (SQLite ran). Set it to a Postgres URL to run both.\n"
                    );
                });
                None
            }
        }
    }
}

/// Runs a test body on SQLite and on Postgres, as two tests.
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(b) = $crate::helpers::Backend::postgres() {
                    super::$name(b).await
                }
            }
        }
    };
}

/// A database made for one test and removed after it.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_cleanup: Option<(String, String)>,
}

impl TestDb {
    /// A fresh SQLite file or a fresh Postgres schema.
    pub async fn create(backend: &Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}", dir.path().join("paychat.db").display());
                Self {
                    url,
                    _dir: Some(dir),
                    pg_cleanup: None,
                }
            }
            Backend::Postgres(server) => {
                let schema = format!("t_{}", crate::kit::server::random_hex(8));
                let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(server)
                    .await
                    .expect("connect to Postgres");
                sqlx::query(sqlx::AssertSqlSafe(format!("create schema {schema}")))
                    .execute(&mut conn)
                    .await
                    .expect("create schema");
                let sep = if server.contains('?') { '&' } else { '?' };
                let url = format!("{server}{sep}options=-c%20search_path%3D{schema}");
                Self {
                    url,
                    _dir: None,
                    pg_cleanup: Some((server.clone(), schema)),
                }
            }
        }
    }
}

impl TestDb {
    /// The same Postgres database reached at `addr` (`host:port`, a proxy); this one
    /// cleans nothing up, `self` still does.
    pub fn through(&self, addr: &str) -> Self {
        let url = reqwest::Url::parse(&self.url).expect("a database URL");
        let host = url.host_str().unwrap_or("127.0.0.1");
        let port = url.port().unwrap_or(5432);
        Self {
            url: self.url.replacen(&format!("{host}:{port}"), addr, 1),
            _dir: None,
            pg_cleanup: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, schema)) = self.pg_cleanup.take() else {
            return;
        };
        // Drop runs inside the test's runtime; use a thread with its own to clean up.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                if let Ok(mut conn) =
                    <sqlx::PgConnection as sqlx::Connection>::connect(&server).await
                {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "drop schema if exists {schema} cascade"
                    )))
                    .execute(&mut conn)
                    .await;
                }
            });
        })
        .join();
    }
}

/// Settings for tests: random port, fast retries and sweeps, the given database.
pub fn test_settings(db_url: &str, extra: Vec<(String, String)>) -> Settings {
    let mut env: Vec<(String, String)> = vec![
        ("PAYCHAT_DATABASE__URL".into(), db_url.into()),
        ("PAYCHAT_SERVER__BIND".into(), "127.0.0.1:0".into()),
        (
            "PAYCHAT_SERVER__PUBLIC_URL".into(),
            "http://127.0.0.1:0".into(),
        ),
        ("PAYCHAT_DATABASE__MAX_CONNECTIONS".into(), "4".into()),
        ("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS".into(), "50".into()),
        ("PAYCHAT_NOTIFIER__RETRY_BASE_MS".into(), "100".into()),
        ("PAYCHAT_NOTIFIER__RETRY_MAX_MS".into(), "400".into()),
        ("PAYCHAT_LINKS__EXPIRY_SWEEP_SECS".into(), "1".into()),
        // The tests' webhook receivers listen on loopback.
        ("PAYCHAT_WEBHOOKS__ALLOW_PRIVATE".into(), "true".into()),
    ];
    // A key given by the test replaces the default here (the environment is applied
    // sorted, so two values of one key would not keep the test's).
    env.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    env.extend(extra);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
    load_with_env(Some(&path), env).expect("test settings")
}

/// A running paychat and a seller with an API key.
pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub engine: Arc<Engine>,
    pub seller_id: SellerId,
    pub key: String,
    pub stopper: tokio::sync::watch::Sender<bool>,
    pub task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    pub db: Arc<TestDb>,
    /// The fakes it was built with (`TestApp::builder()`).
    pub fakes: crate::kit::app::Fakes,
    pub clock: Option<ManualClock>,
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    TestApp::builder().env(extra).spawn(backend).await
}

impl TestApp {
    /// Stops the app gracefully and waits for it.
    pub async fn stop(&mut self) {
        let _ = self.stopper.send(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    /// A second seller with its own key, on the same app.
    pub async fn another_seller(&self, name: &str) -> (SellerId, String) {
        let s = self
            .engine
            .create_seller(name, "USD", "en")
            .await
            .expect("seller");
        let k = self.engine.create_api_key(&s.id).await.expect("key");
        (s.id, k.key)
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        key: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value, HeaderMap) {
        let mut req = self.client.request(method, self.url(path)).bearer_auth(key);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let (status, headers) = (res.status(), res.headers().clone());
        let text = res.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json, headers)
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (s, v, _) = self
            .api(reqwest::Method::POST, path, &self.key, Some(body))
            .await;
        (s, v)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (s, v, _) = self.api(reqwest::Method::GET, path, &self.key, None).await;
        (s, v)
    }

    /// The `/metrics` page's text.
    pub async fn metrics(&self) -> String {
        let res = self.client.get(self.url("/metrics")).send().await;
        let res = res.expect("metrics");
        assert_eq!(res.status(), 200);
        res.text().await.expect("metrics text")
    }

    /// Creates a link and returns its JSON, asserting 201.
    pub async fn create_link(&self, body: Value) -> Value {
        let (status, json) = self.post("/api/v1/links", body).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    /// The buyer's path through the sandbox: Pay → checkout → outcome → return page.
    /// Returns the final response's status, Location (if a redirect) and body.
    pub async fn buyer_pays(&self, slug: &str, outcome: &str) -> (u16, Option<String>, String) {
        let res = crate::providers_common::press_pay(self, slug).await;
        assert_eq!(
            res.status().as_u16(),
            303,
            "pay should redirect to checkout"
        );
        let checkout = location(&res);
        let page = self
            .client
            .get(&checkout)
            .send()
            .await
            .expect("checkout page");
        assert_eq!(page.status().as_u16(), 200);
        let res = self
            .client
            .post(&checkout)
            .form(&[("outcome", outcome), ("payer_name", "Somchai")])
            .send()
            .await
            .expect("complete");
        assert_eq!(res.status().as_u16(), 303);
        let back = location(&res);
        let res = self.client.get(&back).send().await.expect("return");
        let status = res.status().as_u16();
        let loc = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, loc, res.text().await.unwrap_or_default())
    }

    /// Waits until nothing queued so far waits in the outbox (each notification was
    /// delivered or gave up): after it, a count of what arrived is final.
    pub async fn outbox_drained(&self) {
        eventually("the outbox to drain", || async {
            let stats = self.engine.outbox_stats().await.ok()?;
            (stats.waiting() == 0).then_some(())
        })
        .await;
    }

    /// Polls `f` until it returns `Some`, for up to 15 s.
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut f: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        eventually(what, &mut f).await
    }
}

pub async fn eventually<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub use crate::kit::receiver::{Received, Receiver};

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location header")
        .to_owned()
}
