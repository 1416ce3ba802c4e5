//! Sellers' outgoing webhooks: each event POSTed as JSON to the seller's URL, signed
//! with the seller's secret (`Paychat-Signature: t=<unix>,v1=<hex>`).
//!
//! Receivers verify with HMAC-SHA256 over `"<t>.<raw body>"` and drop repeats by the
//! `Paychat-Event-Id` header (deliveries are at least once).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::guard;
use crate::adapters::signing;
use crate::domain::SellerId;
use crate::engine::ports::{Channel, Delivery};
use crate::engine::{Engine, EngineError, OutboxRow};

/// The channel name in the outbox.
pub const CHANNEL: &str = "webhook";

/// Delivers outbox rows of channel `webhook`.
pub struct WebhookChannel {
    engine: Arc<Engine>,
    client: reqwest::Client,
    allow_private: bool,
}

impl WebhookChannel {
    /// A channel with `timeout` per delivery; `allow_private`: sellers' URLs may reach
    /// non-public addresses (`webhooks.allow_private`).
    pub fn new(
        engine: Arc<Engine>,
        timeout: Duration,
        allow_private: bool,
    ) -> anyhow::Result<Self> {
        let mut client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("paychat/", env!("CARGO_PKG_VERSION")))
            // A seller's URL must answer itself; following redirects could send
            // signed events somewhere the seller never configured.
            .redirect(reqwest::redirect::Policy::none());
        if !allow_private {
            client = client.dns_resolver(Arc::new(guard::PublicResolver));
        }
        Ok(Self {
            engine,
            client: client.build()?,
            allow_private,
        })
    }
}

/// Seconds to wait from a `Retry-After` header in seconds, capped at an hour.
fn retry_after(res: &reqwest::Response) -> Option<Duration> {
    let secs: u64 = res
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.min(3600)))
}

#[async_trait]
impl Channel for WebhookChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn deliver(&self, msg: &OutboxRow) -> Delivery {
        // A webhook message's destination is the seller's id.
        let seller_id = SellerId::from_trusted(msg.destination.clone());
        let endpoint = match self.engine.webhook_endpoint(&seller_id).await {
            Ok(e) => e,
            Err(EngineError::NotFound(_)) => {
                return Delivery::Failed {
                    error: "the seller removed the webhook endpoint".into(),
                };
            }
            Err(e) => {
                return Delivery::Retry {
                    error: format!("reading the endpoint: {e}"),
                    after: None,
                };
            }
        };
        if !self.allow_private {
            let checked = reqwest::Url::parse(&endpoint.url)
                .map_err(|e| e.to_string())
                .and_then(|u| guard::check_literal(&u).map_err(|e| e.to_string()));
            if let Err(error) = checked {
                // Set before the rule, or by hand in the database: never sent.
                return Delivery::Failed {
                    error: format!("the endpoint is refused: {error}"),
                };
            }
        }
        let now = self.engine.now_ms() / 1000;
        let body = msg.payload.as_bytes();
        let signature = signing::sign_header(endpoint.secret.as_bytes(), now, body);
        let sent = self
            .client
            .post(&endpoint.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("paychat-signature", signature)
            .header("paychat-event-id", &msg.event_id)
            .header("paychat-event-type", &msg.kind)
            .body(msg.payload.clone())
            .send()
            .await;
        match sent {
            Ok(res) if res.status().is_success() => Delivery::Delivered,
            Ok(res) => Delivery::Retry {
                error: format!("the endpoint answered {}", res.status()),
                after: retry_after(&res),
            },
            // reqwest errors carry the URL, which is the seller's own; no secret in it.
            Err(e) => Delivery::Retry {
                error: format!("the endpoint could not be reached: {}", e.without_url()),
                after: None,
            },
        }
    }
}
