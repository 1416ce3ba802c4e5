//! The LINE door (Messaging API): signed webhooks in, reply and push messages out.
//!
//! Received events are stored in the outbox (channel `line-in`, deduplicated by
//! `webhookEventId`) before LINE gets its 200, and handled from there in order per
//! chat: a crash after the 200 loses nothing and a redelivery changes nothing. Answers
//! and pushes are outbox rows of channel `line`. An answer goes with the event's reply
//! token while it is fresh (replies cost nothing); late answers and status pushes use
//! the push API with an `X-Line-Retry-Key`, so a retried push is never shown twice.
//! Pushes count against the account's monthly quota, which the door reads, exposes in
//! `/metrics`, and tells sellers about before it runs out.
//! Facts: ../shared/PROTOCOLS.md, <https://developers.line.biz/en/reference/messaging-api/>.

mod channel;
mod render;
mod wire;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

pub use channel::{InboundChannel, LineChannel};
pub use render::render;
pub use wire::{Inbound, InboundInput, parse_webhook};

pub use crate::adapters::WebhookRefused;
use crate::adapters::signing::verify_base64;
use crate::adapters::telegram::limiter::{Limiter, Limits};
use crate::config::LineSettings;
use crate::conversation::Conversation;
use crate::engine::inbox::Received;

/// The outbox channel of messages we send.
pub const CHANNEL: &str = "line";
/// The outbox channel of received events waiting to be handled.
pub const INBOUND: &str = "line-in";

/// Message objects one reply or push may carry.
pub const MAX_MESSAGES: usize = 5;
/// How often the monthly quota is read again from LINE.
const QUOTA_EVERY_MS: i64 = 60_000;
/// How long a profile may take before the answer goes on without it.
const PROFILE_TIMEOUT: Duration = Duration::from_secs(3);
/// The longest side of a slip's preview picture (LINE takes previews up to 1 MB).
const PREVIEW_SIDE: u32 = 480;
/// Profiles kept in memory (a name and language per user), then forgotten all at once.
const MAX_PROFILES: usize = 10_000;

/// A LINE user's profile as far as paychat uses it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    pub name: String,
    pub language: Option<String>,
}

/// What the door knows of the month's push quota.
#[derive(Debug, Default)]
struct Quota {
    /// When LINE was last asked (ms since the epoch; 0 = never).
    checked_ms: i64,
    /// Pushes left this month; `None` when unlimited or not known.
    left: Option<u64>,
    /// Sellers already told that it runs low (until it is high again).
    warned: HashSet<String>,
}

/// The LINE door: settings, HTTP client, conversation, send limiter and what it caches.
pub struct Line {
    pub(crate) settings: LineSettings,
    pub(crate) http: reqwest::Client,
    pub(crate) conversation: Arc<Conversation>,
    pub(crate) limiter: Limiter,
    /// Pictures go as image messages (the public URL is https).
    pub(crate) images: bool,
    profiles: Mutex<HashMap<String, Profile>>,
    quota: Mutex<Quota>,
    /// Whether this replica holds the channel's lease: handles and sends its messages.
    serving: tokio::sync::watch::Receiver<bool>,
}

impl Line {
    /// A door for `settings` answering through `conversation`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    /// `serving`: whether this replica holds the channel's lease (see [`Line::lease_name`]).
    pub fn new(
        settings: LineSettings,
        conversation: Arc<Conversation>,
        serving: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::Client::builder()
            .timeout(settings.request_timeout)
            .build()
            .map_err(|e| anyhow::anyhow!("building the LINE HTTP client: {e}"))?;
        let limiter = Limiter::new(Limits {
            per_second: settings.max_per_second,
            private_gap: Duration::ZERO,
            group_per_minute: 1,
        });
        let images = conversation.engine().public_url().starts_with("https://");
        if !images {
            tracing::warn!(
                public_url = conversation.engine().public_url(),
                "LINE shows pictures only from https addresses and server.public_url is not https: QR codes go to LINE as links, not pictures"
            );
        }
        Ok(Arc::new(Self {
            settings,
            http,
            conversation,
            limiter,
            images,
            profiles: Mutex::new(HashMap::new()),
            quota: Mutex::new(Quota::default()),
            serving,
        }))
    }

    /// Whether this replica handles and sends the channel's messages now (one at a
    /// time: one limiter, one quota count).
    #[must_use]
    pub fn serving(&self) -> bool {
        *self.serving.borrow()
    }

    /// The lease of this Messaging API channel: named by a digest of its secret (the
    /// same on every replica, and telling nothing of the secret).
    #[must_use]
    pub fn lease_name(&self) -> String {
        let mac = crate::adapters::signing::hmac_bytes(
            self.settings.channel_secret.expose().as_bytes(),
            &[b"paychat-line-lease"],
        );
        format!("line:{}", hex::encode(&mac[..8]))
    }

    /// A POSTed webhook: checks the signature over the raw bytes, then stores every
    /// event worth handling (deduplicated by id) before answering.
    ///
    /// # Errors
    /// A bad signature, a body that is not a webhook, or the database failing (LINE then
    /// redelivers, when redelivery is on for the channel).
    pub async fn receive(
        &self,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<usize, WebhookRefused> {
        let signature = signature.ok_or(WebhookRefused::BadSignature)?;
        if !verify_base64(
            self.settings.channel_secret.expose().as_bytes(),
            &[body],
            signature,
        ) {
            return Err(WebhookRefused::BadSignature);
        }
        let events = parse_webhook(body).map_err(WebhookRefused::Malformed)?;
        let received: Vec<Received> = events
            .iter()
            .map(|e| Received {
                user_key: e.chat.clone(),
                message_id: e.event_id.clone(),
                dedupe_key: format!("line-in:{}", e.event_id),
                payload: serde_json::to_string(e).unwrap_or_default(),
            })
            .collect();
        self.conversation
            .engine()
            .queue_received(INBOUND, &received)
            .await?;
        Ok(received.len())
    }

    /// `path` under the Messaging API with the channel token.
    fn request(&self, method: reqwest::Method, base: &str, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{base}{path}"))
            .bearer_auth(self.settings.channel_access_token.expose())
    }

    /// A user's name and language (asked once per user and kept); an empty profile when
    /// LINE does not answer, which only costs a better first guess.
    pub(crate) async fn profile(&self, user: &str) -> Profile {
        if let Some(p) = crate::adapters::lock(&self.profiles).get(user) {
            return p.clone();
        }
        let path = format!("/v2/bot/profile/{user}");
        // The answer waits on it, and the reply token ages meanwhile: short.
        let got = match self
            .request(reqwest::Method::GET, &self.settings.api_url, &path)
            .timeout(PROFILE_TIMEOUT)
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => r.json::<Value>().await.ok(),
            Ok(r) => {
                tracing::debug!(status = %r.status(), "no LINE profile");
                None
            }
            Err(e) => {
                tracing::debug!(error = %e.without_url(), "LINE profile unreachable");
                None
            }
        };
        let Some(v) = got else {
            return Profile::default();
        };
        let profile = Profile {
            name: v["displayName"].as_str().unwrap_or_default().to_owned(),
            language: v["language"].as_str().map(str::to_owned),
        };
        let mut all = crate::adapters::lock(&self.profiles);
        if all.len() >= MAX_PROFILES {
            all.clear();
        }
        all.insert(user.to_owned(), profile.clone());
        profile
    }

    /// Pushes left this month, read from LINE at most once a minute; `None` when
    /// unlimited or unknown.
    async fn pushes_left(&self) -> Option<u64> {
        let now = self.conversation.engine().now_ms();
        {
            let q = crate::adapters::lock(&self.quota);
            if q.checked_ms > 0 && now - q.checked_ms < QUOTA_EVERY_MS {
                return q.left;
            }
        }
        let base = &self.settings.api_url;
        let get = |path: &'static str| async move {
            let r = self
                .request(reqwest::Method::GET, base, path)
                .send()
                .await
                .ok()?;
            if !r.status().is_success() {
                return None;
            }
            r.json::<Value>().await.ok()
        };
        // `None`: LINE did not answer, and what was known stays; `Some(None)`: unlimited.
        let read = match get("/v2/bot/message/quota").await {
            Some(q) if q["type"] == "limited" => {
                let used = get("/v2/bot/message/quota/consumption").await;
                let value = q["value"].as_u64();
                value
                    .zip(used.and_then(|u| u["totalUsage"].as_u64()))
                    .map(|(v, u)| Some(v.saturating_sub(u)))
            }
            Some(_) => Some(None),
            None => None,
        };
        let mut q = crate::adapters::lock(&self.quota);
        q.checked_ms = now;
        if let Some(left) = read {
            q.left = left;
            self.conversation
                .engine()
                .metrics()
                .set_line_quota_left(left);
        }
        q.left
    }

    /// A push went out to `chat`: one fewer left. LINE counts one per recipient, so a
    /// push to a group costs one per member: the count is read again instead.
    fn pushed(&self, chat: &str) {
        let mut q = crate::adapters::lock(&self.quota);
        if channel::is_group(chat) {
            q.checked_ms = 0;
            return;
        }
        if let Some(left) = q.left.as_mut() {
            *left = left.saturating_sub(1);
            self.conversation
                .engine()
                .metrics()
                .set_line_quota_left(Some(*left));
        }
    }

    /// Whether `seller` should be told now that pushes run low: once while they do.
    async fn quota_low_for(&self, seller: &str) -> Option<u64> {
        let left = self.pushes_left().await;
        let mut q = crate::adapters::lock(&self.quota);
        match left {
            Some(n) if n < self.settings.quota_warn_below => {
                q.warned.insert(seller.to_owned()).then_some(n)
            }
            _ => {
                q.warned.clear();
                None
            }
        }
    }
}

impl Line {
    /// Where LINE fetches a claim's transfer slip picture from. LINE takes pictures by
    /// address only; the address is unguessable (an HMAC of the payment id under the
    /// channel secret) and dies with the slip (`links.slip_retention`).
    pub(crate) fn slip_url(&self, payment_id: &str) -> String {
        format!(
            "{}/line/slips/{payment_id}/{}",
            self.conversation.engine().public_url(),
            self.slip_mac(payment_id)
        )
    }

    fn slip_mac(&self, payment_id: &str) -> String {
        let mac = crate::adapters::signing::hmac_bytes(
            self.settings.channel_secret.expose().as_bytes(),
            &[b"paychat-line-slip:", payment_id.as_bytes()],
        );
        hex::encode(&mac[..16])
    }

    /// The slip picture (JPEG) behind a [`Line::slip_url`], when `mac` is right and the
    /// slip is still kept; `preview`: made small, as LINE wants previews ≤ 1 MB.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn slip(
        &self,
        payment_id: &str,
        mac: &str,
        preview: bool,
    ) -> Result<Option<Vec<u8>>, crate::engine::EngineError> {
        let expected = self.slip_mac(payment_id);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            expected.as_bytes(),
            mac.as_bytes(),
        )) {
            return Ok(None);
        }
        let Some(slip) = self.conversation.engine().claim_slip(payment_id).await? else {
            return Ok(None);
        };
        if !preview {
            return Ok(Some(slip.image));
        }
        // A stored slip was checked when it came in; one that no longer decodes is
        // shown as it is.
        Ok(Some(
            crate::adapters::slip::preview(&slip.image, PREVIEW_SIDE).unwrap_or(slip.image),
        ))
    }
}
