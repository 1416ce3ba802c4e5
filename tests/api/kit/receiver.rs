//! A fake seller endpoint for outgoing webhooks, on the kit's server block: it logs
//! every POST to `/hook` and can fail the first ones.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::server::{self, Entry, Fault, Faults, Log, ServerGuard};

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Bytes,
    pub at: Instant,
    /// The status answered.
    pub status: u16,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("json body")
    }

    pub fn header(&self, name: &str) -> &str {
        server::header(&self.headers, name)
    }

    /// Answered 200, and of `event_type`.
    fn delivered(&self, event_type: &str) -> bool {
        self.status == 200 && self.header("paychat-event-type") == event_type
    }
}

impl Entry for Received {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "POST /hook {} -> {} {}",
            self.header("paychat-event-type"),
            self.status,
            server::short(&String::from_utf8_lossy(&self.body))
        )
    }
}

struct Shared {
    log: Log<Received>,
    faults: Faults<Fault>,
}

pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
    _server: Arc<ServerGuard>,
}

impl Receiver {
    /// Answers 500 to the first `fail_first` deliveries, 200 to the rest.
    pub async fn start(fail_first: usize) -> Self {
        let shared = Arc::new(Shared {
            log: Log::new("webhook receiver"),
            faults: Faults::default(),
        });
        shared.faults.push(None, fail_first, Fault::Status(500));
        let router = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(Arc::clone(&shared));
        let (base, guard) = server::start("webhook receiver", router).await;
        Self {
            url: format!("{base}/hook"),
            shared,
            _server: guard,
        }
    }

    /// The deliveries answered 200, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.log.filter(|r| r.status == 200)
    }

    /// Waits until a delivery of `event_type` arrived, and returns it.
    pub async fn wait_for(&self, event_type: &str) -> Received {
        self.wait_count(event_type, 1).await;
        self.received()
            .into_iter()
            .find(|r| r.delivered(event_type))
            .expect("waited for")
    }

    /// Waits until `n` deliveries of `event_type` arrived.
    pub async fn wait_count(&self, event_type: &str, n: usize) {
        let what = format!("{n} webhook(s) {event_type}");
        let keep = |r: &Received| r.delivered(event_type);
        self.shared.log.wait_for(&what, n, keep, String::new).await;
    }

    pub fn count(&self, event_type: &str) -> usize {
        self.shared.log.count(|r| r.delivered(event_type))
    }
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let status = match shared.faults.take("/hook") {
        Some(Fault::Status(code) | Fault::Refuse(code, _)) => {
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Some(Fault::Hang(d)) => {
            tokio::time::sleep(d).await;
            StatusCode::OK
        }
        None => StatusCode::OK,
    };
    shared.log.push(Received {
        headers,
        body,
        at: Instant::now(),
        status: status.as_u16(),
    });
    status
}
