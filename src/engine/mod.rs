//! The use cases of paychat: sellers, links, checkouts, provider events, refunds,
//! expiry and the notification outbox.
//!
//! The engine talks to the database through [`store::Store`], to payment providers
//! through [`ports::PaymentProvider`] and reads time through [`ports::Clock`]. Every state
//! change is one [`store::ChangeSet`]: the new state, its timeline event and its outbox
//! rows commit together or not at all.

pub mod bankfeed;
pub mod bankpay;
pub mod bulk;
pub mod buyer_body;
pub mod buyer_details;
pub mod chat;
pub mod checkout;
pub mod copies;
pub mod error;
pub mod identities;
pub mod inbox;
pub mod json_input;
pub mod leases;
pub mod link_body;
pub mod link_reads;
pub mod links;
pub mod metrics;
pub mod operator;
pub mod outbox;
pub mod outreach;
pub mod outreach_sms;
pub mod outside;
pub mod payments;
pub mod payto;
pub mod ports;
pub mod preferences;
pub mod prompts;
mod provider_refunds;
pub mod push;
pub mod receipts;
pub mod reconcile;
pub mod refunds;
pub mod reminders;
pub mod routing;
pub mod seller_reminders;
pub mod sellers;
pub mod store;
pub mod terms;
pub mod terms_body;
pub mod views;
pub mod whatsapp;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;

pub use error::EngineError;
use metrics::Metrics;
use ports::{Clock, PaymentProvider};
use push::{ChatPush, PushDetail, PushLink};
use store::{EventWrite, OutboxStats, Store};
// The records use cases take and return: doors read them, only the engine stores them.
pub use store::{
    ContactRow, LinkFilter, LinkRow, OutboxRow, PaymentRow, PaymentWithLink, PromptRow, SellerRow,
    StoreError, WaMessageRow,
};
use views::{LinkView, rfc3339};

use crate::domain::{EventId, EventKind, TimeZone};

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
    /// The most rows one bulk upload may hold.
    pub bulk_max_rows: usize,
    /// The largest CSV file a seller may send in chat.
    pub bulk_max_file_bytes: u64,
    /// Whether buyers' e-mails can be sent (`email.smtp_url` is set).
    pub email_enabled: bool,
    /// How long before an unpaid link expires its seller is reminded in chat.
    pub seller_reminder_before: Duration,
    /// Whether buyers' text messages can be sent (`sms.account_sid` is set).
    pub sms_enabled: bool,
    /// Texts a seller's links may send per day (`sms.daily_cap_per_seller`).
    pub sms_daily_cap: u32,
    /// How long after an unpaid checkout or a failed payment the buyer's second chance
    /// e-mail is due (`outreach.second_chance_after_mins`).
    pub second_chance_after: Duration,
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
    /// Fired (besides `outbox_wake`) when a chat message or an answer is queued: a
    /// worker busy with a push backlog listens to this one only.
    answers_wake: Arc<Notify>,
    /// Fired with `outbox_wake`: the store tells other replicas (Postgres NOTIFY, sent
    /// after the commit, never inside it).
    announce: Arc<Notify>,
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
            answers_wake: Arc::new(Notify::new()),
            announce: Arc::new(Notify::new()),
            auth_cache: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }

    /// The outbox's backlog, for metrics.
    pub async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        self.store.outbox_stats(self.now_ms()).await
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

    /// The most rows one bulk upload may hold (`links.bulk_max_rows`).
    #[must_use]
    pub fn bulk_max_rows(&self) -> usize {
        self.settings.bulk_max_rows
    }

    /// The largest CSV file a seller may send in chat (`links.bulk_max_file_bytes`).
    #[must_use]
    pub fn bulk_max_file_bytes(&self) -> u64 {
        self.settings.bulk_max_file_bytes
    }

    /// The signal that rows were committed which other replicas' workers may deliver.
    #[must_use]
    pub fn outbox_announce(&self) -> Arc<Notify> {
        self.announce.clone()
    }

    /// The signal for queued chat messages and answers.
    #[must_use]
    pub fn answers_wake(&self) -> Arc<Notify> {
        self.answers_wake.clone()
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

    /// A timeline event for `link` of `kind` with `data` (its public JSON), for the
    /// seller's webhook when the kind [notifies](EventKind::notifies_webhooks) it. The
    /// origin chat is not told: see [`Engine::told`] for kinds that tell it.
    pub(crate) fn event(
        &self,
        link: &LinkRow,
        kind: EventKind,
        data: serde_json::Value,
        now: i64,
    ) -> EventWrite {
        debug_assert!(!kind.tells_origin_chat(), "{kind} has something to tell");
        self.write_event(link, kind, data, None, now)
    }

    /// An event that tells the chat the link came from what `detail` says, as well as
    /// the seller's webhook.
    pub(crate) fn told(
        &self,
        link: &LinkRow,
        detail: PushDetail,
        data: serde_json::Value,
        now: i64,
    ) -> EventWrite {
        self.write_event(link, detail.kind(), data, Some(detail), now)
    }

    pub(crate) fn write_event(
        &self,
        link: &LinkRow,
        kind: EventKind,
        data: serde_json::Value,
        detail: Option<PushDetail>,
        now: i64,
    ) -> EventWrite {
        let id = EventId::generate(now, random());
        let notify = kind
            .notifies_webhooks()
            .then(|| self.envelope(link, id.as_str(), kind, &data, now));
        let chat = match (&detail, &link.origin_channel, &link.origin_chat) {
            (Some(_), Some(channel), Some(chat)) => Some((channel.clone(), chat.clone())),
            _ => None,
        };
        // Read only by shared cards and a chat told of the event (the origin chat, or the
        // seller's, `tell_seller`): most events (an API link's creation) have none of
        // them, and skip building it.
        let push = if kind.updates_cards() || detail.is_some() {
            ChatPush {
                event_id: id.to_string(),
                kind,
                seller_id: link.seller_id.to_string(),
                link: PushLink::new(link, self.link_url(&link.slug)),
                detail,
            }
            .to_payload()
        } else {
            String::new()
        };
        EventWrite {
            id,
            link_id: link.id.clone(),
            seller_id: link.seller_id.clone(),
            kind,
            data: data.to_string(),
            notify,
            push,
            chat,
        }
    }

    /// The body POSTed to the seller's webhook for event `id`: `{id, type, created_at,
    /// data}`, `data` with the link as it is now.
    fn envelope(
        &self,
        link: &LinkRow,
        id: &str,
        kind: EventKind,
        data: &serde_json::Value,
        now: i64,
    ) -> String {
        /// `data`'s fields and `link`, written straight out (no intermediate JSON tree).
        #[derive(Serialize)]
        struct WithLink<'a> {
            #[serde(flatten)]
            data: &'a serde_json::Map<String, serde_json::Value>,
            link: LinkView,
        }
        #[derive(Serialize)]
        struct Out<'a, D> {
            id: &'a str,
            #[serde(rename = "type")]
            kind: &'a str,
            created_at: String,
            data: D,
        }
        let created_at = rfc3339(now);
        let (id, kind) = (id, kind.as_str());
        // Serializing strings, integers and maps cannot fail.
        match data {
            serde_json::Value::Object(map) if !map.contains_key("link") => {
                serde_json::to_string(&Out {
                    id,
                    kind,
                    created_at,
                    data: WithLink {
                        data: map,
                        link: LinkView::new(link, &self.settings.public_url),
                    },
                })
            }
            // Not an object, or naming `link` itself: the link replaces it, as a map would.
            other => {
                let mut full = other.clone();
                if let serde_json::Value::Object(map) = &mut full {
                    map.insert(
                        "link".into(),
                        serde_json::to_value(LinkView::new(link, &self.settings.public_url))
                            .unwrap_or_default(),
                    );
                }
                serde_json::to_string(&Out {
                    id,
                    kind,
                    created_at,
                    data: full,
                })
            }
        }
        .unwrap_or_default()
    }

    /// Applies `change` and wakes the outbox worker only when the change queued
    /// something: a woken worker costs a claim query, and most changes queue nothing
    /// (an API seller with no webhook endpoint and no chat).
    pub(crate) async fn commit(&self, change: &store::ChangeSet) -> Result<(), store::StoreError> {
        if self.store.apply(change).await? {
            self.wake_outbox();
        }
        Ok(())
    }

    /// Tells the worker that new outbox rows are committed.
    pub(crate) fn wake_outbox(&self) {
        self.outbox_wake.notify_one();
        self.announce.notify_one();
    }

    /// Tells the worker that a chat message or an answer is committed.
    pub(crate) fn wake_answers(&self) {
        self.answers_wake.notify_one();
        self.outbox_wake.notify_one();
        self.announce.notify_one();
    }
}

/// How many times a use case re-reads and retries after losing a compare-and-set.
pub(crate) const CAS_RETRIES: usize = 8;
