//! What the fake provider APIs (`fake_stripe`, `fake_xendit`) have in common on top of
//! the kit's server block (`kit/server.rs`): their call record and faults, and the
//! small HTTP chores (query and form decoding, HTML pages).
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::handler::Handler;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

use super::server::{Entry, Faults, Log};
pub use super::server::{Fault, ServerGuard, lock};

/// How long a fake waits for the app to answer a webhook it sends.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(30);

/// One HTTP call a fake received (API calls and pages alike), in arrival order.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    /// The path with the query string, if any, e.g. `/v2/invoices?external_id=L1`.
    pub path: String,
    /// The `Idempotency-Key` header (any case).
    pub idempotency_key: Option<String>,
    /// The body as the fake reads it (each fake's `recorded_body` says how).
    pub body: Value,
    /// The HTTP status the fake answered.
    pub status: u16,
    pub at: Instant,
}

impl Call {
    /// A call as it arrives, before it is answered.
    pub fn new(method: &Method, uri: &Uri, headers: &HeaderMap, body: Value) -> Self {
        Self {
            method: method.as_str().to_owned(),
            path: uri
                .path_and_query()
                .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            idempotency_key: headers
                .get("idempotency-key")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            body,
            status: 0,
            at: Instant::now(),
        }
    }
}

impl Entry for Call {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "{} {} -> {} {}",
            self.method,
            self.path,
            self.status,
            super::server::short(&self.body)
        )
    }
}

/// The calls a provider fake received and the faults queued for its next API calls.
pub struct Recorder {
    pub log: Log<Call>,
    faults: Faults<Fault>,
}

impl Recorder {
    pub fn new(name: &'static str) -> Self {
        Self {
            log: Log::new(name),
            faults: Faults::default(),
        }
    }

    /// Takes the queued fault for the API call being handled, if any. `Err` is the answer
    /// (status, body) to give instead of handling the call, its body made by
    /// `error(status, message)`: `message` is `None` for `Fault::Status`. `Ok` is how
    /// long to hold the answer of a call that is handled.
    pub fn take_fault(
        &self,
        error: impl FnOnce(u16, Option<&str>) -> Value,
    ) -> Result<Option<Duration>, (u16, Value)> {
        match self.faults.take("") {
            None => Ok(None),
            Some(Fault::Hang(d)) => Ok(Some(d)),
            Some(Fault::Status(code)) => Err((code, error(code, None))),
            Some(Fault::Refuse(code, message)) => Err((code, error(code, Some(&message)))),
        }
    }

    fn record(&self, mut call: Call, status: u16) {
        call.status = status;
        self.log.push(call);
    }
}

/// What a provider API answers, before it becomes an HTTP response: `replayed` for an
/// idempotent replay, `hang` to hold the answer (`Fault::Hang`).
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub replayed: bool,
    pub hang: Option<Duration>,
}

impl Answer {
    pub fn new(status: u16, body: Value) -> Self {
        Self {
            status,
            body,
            replayed: false,
            hang: None,
        }
    }
}

/// What a provider endpoint did; `save` says whether an idempotency key keeps it. Each
/// fake adds constructors for its own error answers.
pub struct Outcome {
    pub status: u16,
    pub body: Value,
    pub save: bool,
}

impl Outcome {
    pub fn ok(body: Value) -> Self {
        Self::kept(200, body)
    }

    /// Kept under the idempotency key: a success, or an error found while executing (a
    /// missing resource, a wrong state).
    pub fn kept(status: u16, body: Value) -> Self {
        Self {
            status,
            body,
            save: true,
        }
    }

    /// Not kept (a refusal before executing), so a corrected retry may reuse the key.
    pub fn refused(status: u16, body: Value) -> Self {
        Self {
            status,
            body,
            save: false,
        }
    }
}

/// What tests read and steer on every fake provider.
pub trait Recorded {
    fn recorder(&self) -> &Recorder;

    /// Every call received, in order, with what it was answered.
    fn calls(&self) -> Vec<Call> {
        self.recorder().log.all()
    }

    /// Calls with this method (case-insensitive) whose path starts with `path_prefix`.
    fn calls_to(&self, method: &str, path_prefix: &str) -> Vec<Call> {
        self.recorder()
            .log
            .filter(|c| c.method.eq_ignore_ascii_case(method) && c.path.starts_with(path_prefix))
    }

    /// The next `n` API calls (authenticated, to a known endpoint) get `fault`. Faults
    /// queue: `fail_next(1, a); fail_next(1, b)` faults the next two calls with a, then b.
    fn fail_next(&self, n: usize, fault: Fault) {
        self.recorder().faults.push(None, n, fault);
    }
}

/// Starts a fake on a random loopback port: `state` is given the base URL
/// (`http://127.0.0.1:PORT`), and `handler` answers every request with it. The server
/// runs until the guard drops.
pub async fn serve<S, H, T>(
    name: &str,
    state: impl FnOnce(String) -> S,
    handler: H,
) -> (Arc<S>, Arc<ServerGuard>)
where
    S: Send + Sync + 'static,
    H: Handler<T, Arc<S>>,
    T: 'static,
{
    let (listener, base) = super::server::bind(name).await;
    let state = Arc::new(state(base));
    let app = axum::Router::new()
        .fallback(handler)
        .with_state(Arc::clone(&state));
    (state, super::server::serve(listener, app))
}

/// The client a fake sends webhooks to the app with.
pub fn webhook_client(name: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(WEBHOOK_TIMEOUT)
        .build()
        .unwrap_or_else(|e| panic!("{name} http client: {e}"))
}

/// Records `call` as answered with `status`, and answers a hosted page.
pub fn answer_page(recorder: &Recorder, call: Call, status: u16, html: String) -> Response {
    recorder.record(call, status);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    (status, Html(html)).into_response()
}

/// Records `call` as answered, holds the answer for a `Fault::Hang`, and answers the
/// body as JSON.
pub async fn answer_json(recorder: &Recorder, call: Call, answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    recorder.record(call, status.as_u16());
    if let Some(hang) = answer.hang {
        tokio::time::sleep(hang).await;
    }
    (status, axum::Json(answer.body)).into_response()
}

/// Posts a webhook `body` (JSON) to the app with `headers`, as a provider does.
pub async fn post_webhook(
    http: &reqwest::Client,
    name: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> reqwest::Response {
    let mut request = http.post(url).body(body);
    for (header, value) in headers {
        request = request.header(*header, *value);
    }
    request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{name}: sending a webhook to {url}: {e}"))
}

/// Minor units as major-unit text with `places` decimals, e.g. (12345, 2) -> "123.45",
/// (500, 0) -> "500".
pub fn major(minor: i64, places: u32) -> String {
    if places == 0 {
        return minor.to_string();
    }
    let unit = 10_u64.pow(places);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let width = places as usize;
    format!("{sign}{}.{:0width$}", abs / unit, abs % unit)
}

/// The JSON a body parses to, or else its text.
pub fn json_or_text(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// An `http(s)://` URL with something after the scheme, as both providers demand of
/// redirect URLs.
pub fn is_web_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty())
}

/// `a=b&c=d` with `+` and `%XX` decoded.
pub fn parse_pairs(raw: &str) -> Vec<(String, String)> {
    let decode = |text: &str| super::server::percent_decode(&text.replace('+', " "));
    raw.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode(key), decode(value))
        })
        .collect()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body>\n{body}\n</body></html>\n",
        escape(title)
    )
}
