//! The building block of every fake server: an axum router served on a random loopback
//! port until its guard drops, a log of the calls its handlers saw that tests can wait
//! on (with a readable report when the wait times out), and failures queued for the
//! next calls. The fakes add only what their real counterpart does.
//!
//! Benches include this file by path, so it depends on nothing else in the test kit.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// How long a wait on a fake's log lasts before it fails the test. Generous: a slow,
/// busy machine must not fail a correct test; a wrong one fails after this, with the
/// report.
pub const WAIT_LIMIT: Duration = Duration::from_secs(20);

/// Locks a fake's state. A panicking test must not turn every later request into a
/// second panic, so a poisoned lock is taken as it is.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Aborts a fake's server task when dropped (the task holds only the router's state).
pub struct ServerGuard(tokio::task::AbortHandle);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A loopback port bound for a fake, and its base URL (`http://127.0.0.1:PORT`), for
/// fakes whose state must know their own URL before the router is built.
pub async fn bind(name: &str) -> (tokio::net::TcpListener, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind fake {name}: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("fake {name} addr: {e}"));
    (listener, format!("http://{addr}"))
}

/// Serves `router` on `listener` until the guard drops.
pub fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> Arc<ServerGuard> {
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Arc::new(ServerGuard(task.abort_handle()))
}

/// Binds a random loopback port and serves `router` there: (base URL, guard).
pub async fn start(name: &str, router: axum::Router) -> (String, Arc<ServerGuard>) {
    let (listener, base) = bind(name).await;
    (base, serve(listener, router))
}

/// [`start`] for a fake's `router` with its `state`, taking bodies up to `max_body`
/// bytes (the real service's limit; axum's default is 2 MB).
pub async fn start_with<S: Clone + Send + Sync + 'static>(
    name: &str,
    router: axum::Router<S>,
    max_body: usize,
    state: S,
) -> (String, Arc<ServerGuard>) {
    let router = router
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .with_state(state);
    start(name, router).await
}

/// What a fake logs of one call: enough to say what it was, and when.
pub trait Entry: Clone + Send + 'static {
    /// When it arrived.
    fn at(&self) -> Instant;
    /// One line for reports: method, path, body (shortened), what was answered.
    fn line(&self) -> String;
}

/// The calls a fake received, in arrival order, shared by its handlers and the test.
pub struct Log<C> {
    name: &'static str,
    started: Instant,
    calls: Mutex<Vec<C>>,
    /// Woken on every change; `wait_until` (and a fake's long polls) wait on it.
    changed: Notify,
}

impl<C: Entry> Log<C> {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            started: Instant::now(),
            calls: Mutex::new(Vec::new()),
            changed: Notify::new(),
        }
    }

    /// Logs `call` and wakes whoever waits.
    pub fn push(&self, call: C) {
        lock(&self.calls).push(call);
        self.notify();
    }

    /// Wakes whoever waits, for a change outside the log (a fake's own state).
    pub fn notify(&self) {
        self.changed.notify_waiters();
    }

    pub fn changed(&self) -> &Notify {
        &self.changed
    }

    /// Reads the log without copying it.
    pub fn with<R>(&self, read: impl FnOnce(&[C]) -> R) -> R {
        read(&lock(&self.calls))
    }

    pub fn all(&self) -> Vec<C> {
        lock(&self.calls).clone()
    }

    /// The calls `keep` selects.
    pub fn filter(&self, keep: impl Fn(&C) -> bool) -> Vec<C> {
        lock(&self.calls)
            .iter()
            .filter(|c| keep(c))
            .cloned()
            .collect()
    }

    /// How many calls `keep` selects, without copying them.
    pub fn count(&self, keep: impl Fn(&C) -> bool) -> usize {
        lock(&self.calls).iter().filter(|c| keep(c)).count()
    }

    /// Waits until `keep` selects at least `n` calls (`more`: the fake's own state, for
    /// the report), and returns all it selects.
    pub async fn wait_for(
        &self,
        what: &str,
        n: usize,
        keep: impl Fn(&C) -> bool,
        more: impl Fn() -> String,
    ) -> Vec<C> {
        let done = |calls: &[C]| calls.iter().filter(|c| keep(c)).count() >= n;
        self.wait_until(what, done, more).await;
        self.filter(keep)
    }

    /// Waits until `done` holds for the log; after `WAIT_LIMIT` fails the test with
    /// the report, and `more` (the fake's own state) after it.
    pub async fn wait_until(
        &self,
        what: &str,
        done: impl Fn(&[C]) -> bool,
        more: impl Fn() -> String,
    ) {
        let deadline = tokio::time::Instant::now() + WAIT_LIMIT;
        loop {
            // Registered before checking, so a change in between is not missed.
            let mut changed = pin!(self.changed.notified());
            changed.as_mut().enable();
            if self.with(&done) {
                return;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                if self.with(&done) {
                    return;
                }
                panic!(
                    "fake {}: timed out after {WAIT_LIMIT:?} waiting for {what}\n{}{}",
                    self.name,
                    self.report(),
                    more()
                );
            }
        }
    }

    /// Every call seen, one per line, with its time since the fake started.
    pub fn report(&self) -> String {
        let calls = lock(&self.calls);
        let mut out = format!("calls seen by fake {} ({}):\n", self.name, calls.len());
        for c in calls.iter() {
            out += &format!(
                "  +{:>7.3}s {}\n",
                c.at().duration_since(self.started).as_secs_f64(),
                c.line()
            );
        }
        out
    }
}

/// A body shortened for a report line.
pub fn short(body: &impl std::fmt::Display) -> String {
    body.to_string().chars().take(400).collect()
}

/// Uploaded files for a report line: `field=name(N bytes)` each.
pub fn files_line(files: &[(String, String, Vec<u8>)]) -> String {
    let files: Vec<_> = files
        .iter()
        .map(|(field, name, bytes)| format!("{field}={name}({} bytes)", bytes.len()))
        .collect();
    files.join(" ")
}

/// Text as a person reads it: without the invisible marks that isolate seller-provided
/// text.
pub fn readable(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// A request header as text ("" when absent or not text).
pub fn header(
    headers: &axum::http::HeaderMap,
    name: impl axum::http::header::AsHeaderName,
) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    header(headers, axum::http::header::AUTHORIZATION)
        .trim()
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// The (user, password) of an `Authorization: Basic <base64>` header value.
pub fn basic_auth(value: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let pair = String::from_utf8_lossy(&raw);
    let (user, password) = pair.split_once(':').unwrap_or((&pair, ""));
    Some((user.to_owned(), password.to_owned()))
}

/// Hex HMAC-SHA256 of the `parts` one after another, keyed with `key`: how Stripe and
/// Meta sign webhooks.
pub fn hmac_sha256_hex(key: &[u8], parts: &[&[u8]]) -> String {
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("hmac takes any key");
    for part in parts {
        mac.update(part);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// `%XX` escapes decoded (a `%` without two hex digits after it stays as it is).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Seconds since the Unix epoch, as the real services stamp what they send.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `n` random bytes in hex (`2n` characters).
pub fn random_hex(n: usize) -> String {
    hex::encode(random_bytes(n))
}

/// `n` random ASCII letters and digits.
pub fn random_alnum(n: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    random_bytes(n)
        .iter()
        .map(|b| char::from(CHARS[usize::from(*b) % CHARS.len()]))
        .collect()
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("random");
    bytes
}

/// A failure injected into a fake's next calls; each fake turns it into its
/// counterpart's error answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer this status with a generic error; nothing changes.
    Status(u16),
    /// Handle the call normally (it takes effect at once), but hold the answer this long,
    /// so a client with a shorter timeout gives up on a call that did happen.
    Hang(Duration),
    /// Answer this status with an error carrying this message; nothing changes.
    Refuse(u16, String),
}

/// Failures queued for a fake's next calls: (for calls to, calls still to fail,
/// failure), oldest first. `None` as the target means any call the fake faults.
pub struct Faults<F>(Mutex<VecDeque<(Option<String>, usize, F)>>);

impl<F> Default for Faults<F> {
    fn default() -> Self {
        Self(Mutex::new(VecDeque::new()))
    }
}

impl<F: Clone> Faults<F> {
    /// The next `n` calls to `to` (any, for `None`) get `fault`, after the ones queued.
    pub fn push(&self, to: Option<&str>, n: usize, fault: F) {
        if n > 0 {
            lock(&self.0).push_back((to.map(str::to_owned), n, fault));
        }
    }

    /// The fault for a call to `to`, if one is queued for it: the oldest that matches.
    pub fn take(&self, to: &str) -> Option<F> {
        let mut queue = lock(&self.0);
        let i = queue
            .iter()
            .position(|(target, n, _)| *n > 0 && target.as_deref().is_none_or(|t| t == to))?;
        let entry = &mut queue[i];
        entry.1 -= 1;
        let fault = entry.2.clone();
        if entry.1 == 0 {
            queue.remove(i);
        }
        Some(fault)
    }

    /// How many calls are still to fail.
    pub fn pending(&self) -> usize {
        lock(&self.0).iter().map(|(_, n, _)| n).sum()
    }
}
