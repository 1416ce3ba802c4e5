//! The use cases of paychat: sellers, links, checkouts, provider events, refunds,
//! expiry and the notification outbox.
//!
//! The engine talks to the database through [`store::Store`], to payment providers
//! through [`ports::PaymentProvider`] and reads time through [`ports::Clock`]. Every state
//! change is one [`store::ChangeSet`]: the new state, its timeline event and its outbox
//! rows commit together or not at all.

pub mod bankfeed;
pub mod bankpay;
pub mod chat;
pub mod error;
pub mod links;
pub mod metrics;
pub mod outbox;
pub mod outside;
pub mod payments;
pub mod payto;
pub mod ports;
pub mod prompts;
pub mod reconcile;
pub mod refunds;
pub mod sellers;
pub mod store;
pub mod views;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

pub use error::EngineError;
use metrics::Metrics;
use ports::{Clock, PaymentProvider};
use store::{EventWrite, LinkRow, Store};
use views::{Envelope, LinkView, rfc3339};

use crate::domain::{EventId, TimeZone};

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Base of buyer URLs, without a trailing slash.
    pub public_url: String,
    pub default_expiry: Duration,
    pub max_expiry: Duration,
    pub default_provider: String,
    /// A pending checkout this old without news is asked about (reconciliation).
    pub reconcile_after: Duration,
    /// The time zone of sellers who have none of their own.
    pub default_timezone: TimeZone,
    /// How long buyers' transfer slips are kept.
    pub slip_retention: Duration,
}

/// The link engine, shared by every door (HTTP, chat, CLI).
pub struct Engine {
    pub(crate) store: Arc<dyn Store>,
    providers: HashMap<&'static str, Arc<dyn PaymentProvider>>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: EngineSettings,
    pub(crate) metrics: Arc<Metrics>,
    /// Woken after a commit that queued notifications, so delivery starts at once.
    pub(crate) outbox_wake: Arc<Notify>,
    /// Recently verified API keys (by hash), so an authenticated request does not pay a
    /// database round trip; entries live [`sellers::AUTH_CACHE_TTL_MS`].
    pub(crate) auth_cache: std::sync::Mutex<HashMap<String, (store::SellerRow, i64)>>,
}

/// A fresh random byte array from the OS.
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS random source failing is unrecoverable for a payment system: ids and
    // secrets would be guessable. Stop rather than continue.
    if let Err(e) = getrandom::fill(&mut buf) {
        panic!("OS random source failed: {e}");
    }
    buf
}

/// Result type of the use cases.
pub type EngineResult<T> = Result<T, EngineError>;

impl Engine {
    /// An engine over `store` with the given providers.
    pub fn new(
        store: Arc<dyn Store>,
        providers: Vec<Arc<dyn PaymentProvider>>,
        clock: Arc<dyn Clock>,
        settings: EngineSettings,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            store,
            providers: providers.into_iter().map(|p| (p.name(), p)).collect(),
            clock,
            settings,
            metrics,
            outbox_wake: Arc::new(Notify::new()),
            auth_cache: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The store, for health checks and the worker.
    #[must_use]
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The counters behind `/metrics`.
    #[must_use]
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The signal the outbox worker waits on.
    #[must_use]
    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    /// Now, in milliseconds since the epoch.
    #[must_use]
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Buyer URLs start with this.
    #[must_use]
    pub fn public_url(&self) -> &str {
        &self.settings.public_url
    }

    /// The buyer URL of a link.
    #[must_use]
    pub fn link_url(&self, slug: &str) -> String {
        format!("{}/p/{slug}", self.settings.public_url)
    }

    pub(crate) fn provider(&self, name: &str) -> EngineResult<&Arc<dyn PaymentProvider>> {
        self.providers
            .get(name)
            .ok_or(EngineError::NotFound("provider"))
    }

    /// The provider a link or payment was made with, for paying or refunding: one
    /// switched off since then is a clear refusal, not a missing link.
    pub(crate) fn provider_of(&self, name: &str) -> EngineResult<&Arc<dyn PaymentProvider>> {
        self.providers.get(name).ok_or_else(|| {
            EngineError::invalid(
                "provider",
                "provider_not_enabled",
                format!(
                    "{name:?} is not an enabled payment provider here; enabled: {}",
                    self.provider_names().join(", ")
                ),
            )
        })
    }

    /// The names of the providers this process can use.
    #[must_use]
    pub fn provider_names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.providers.keys().copied().collect();
        names.sort_unstable();
        names
    }

    /// The provider new links of `seller` use: the seller's own, else the default.
    pub(crate) fn provider_for(
        &self,
        seller: &store::SellerRow,
    ) -> EngineResult<&Arc<dyn PaymentProvider>> {
        let name = seller
            .provider
            .as_deref()
            .unwrap_or(&self.settings.default_provider);
        self.provider_of(name)
    }

    /// A timeline event for `link` of `kind` with `data`; `notify` sends it to the
    /// seller's webhook and the chat the link came from.
    pub(crate) fn event(
        &self,
        link: &LinkRow,
        kind: &str,
        data: serde_json::Value,
        notify: bool,
        now: i64,
    ) -> EventWrite {
        let id = EventId::generate(now, random()).as_str().to_owned();
        let notify_payload = notify.then(|| {
            let mut full = data.clone();
            if let serde_json::Value::Object(map) = &mut full {
                map.insert(
                    "link".into(),
                    serde_json::to_value(LinkView::new(link, &self.settings.public_url))
                        .unwrap_or_default(),
                );
            }
            let envelope = Envelope {
                id: id.clone(),
                kind: kind.to_owned(),
                created_at: rfc3339(now),
                data: full,
            };
            serde_json::to_string(&envelope).unwrap_or_default()
        });
        let chat = match (&link.origin_channel, &link.origin_chat) {
            (Some(channel), Some(chat)) => Some((channel.clone(), chat.clone())),
            _ => None,
        };
        EventWrite {
            id,
            link_id: link.id.clone(),
            seller_id: link.seller_id.clone(),
            kind: kind.to_owned(),
            data: data.to_string(),
            notify: notify_payload,
            chat,
        }
    }

    /// Tells the worker that new outbox rows are committed.
    pub(crate) fn wake_outbox(&self) {
        self.outbox_wake.notify_one();
    }
}

/// How many times a use case re-reads and retries after losing a compare-and-set.
pub(crate) const CAS_RETRIES: usize = 8;
