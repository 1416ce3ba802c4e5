//! Creating, reading, listing, cancelling and expiring payment links.

use sha2::{Digest, Sha256};

use super::outreach::OutreachRequest;
use super::prompts::{ApplyOnce, once_error};
use super::push::PushDetail;
use super::store::{
    ChangeSet, CloseCheckouts, LinkRow, LinkUpdate, NewLink, NewOutboxRow, SellerRow, StoreError,
};
use super::views::Note;
use super::{CAS_RETRIES, Engine, EngineError, EngineResult, random, sellers::check_url};
use crate::domain::{EventKind, LinkEvent, LinkId, LinkStatus, LinkTerms, Money, SellerId, Slug};

/// Where a link was created, so its notifications go back there.
#[derive(Debug, Clone)]
pub struct Origin {
    pub channel: String,
    pub chat: String,
    pub message: Option<String>,
}

/// Everything a new link may carry, already parsed (amount, currency, times).
#[derive(Debug, Clone)]
pub struct NewLinkInput {
    pub amount: Money,
    pub description: String,
    /// Milliseconds since the epoch; `None` takes the configured default.
    pub expires_at: Option<i64>,
    pub custom_ref: Option<String>,
    pub merchant_order_id: Option<String>,
    /// `None` is a reusable link.
    pub usage_limit: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    pub notes: Vec<Note>,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
    pub pending_url: Option<String>,
    pub origin: Option<Origin>,
    /// A slug reserved earlier (a Telegram inline card already shows it); `None` draws one.
    pub slug: Option<Slug>,
    /// `card`, a bank QR rail's name, or `None` for every way the seller has.
    pub pay_via: Option<String>,
    /// The link this one copies (`duplicate_link`), kept on its `link.created` event.
    pub duplicate_of: Option<LinkId>,
    /// Items, a buyer-chosen amount, a deposit… (checked by `create_link`).
    pub terms: LinkTerms,
    /// The link sent to the buyer by e-mail, now or at a set time (`notify_by_email`).
    pub outreach: Option<OutreachRequest>,
    /// No "Not paid yet" reminder for the seller (links made in bulk: one reminder per
    /// row would flood the chat).
    pub no_seller_reminder: bool,
}

impl NewLinkInput {
    /// A single-use link for `amount` with nothing else set.
    #[must_use]
    pub fn new(amount: Money, description: impl Into<String>) -> Self {
        Self {
            amount,
            description: description.into(),
            expires_at: None,
            custom_ref: None,
            merchant_order_id: None,
            usage_limit: Some(1),
            customer_name: None,
            customer_email: None,
            customer_phone: None,
            notes: Vec::new(),
            success_url: None,
            failure_url: None,
            pending_url: None,
            origin: None,
            slug: None,
            pay_via: None,
            duplicate_of: None,
            terms: LinkTerms::default(),
            outreach: None,
            no_seller_reminder: false,
        }
    }
}

/// An `Idempotency-Key` and the fingerprint of the request that came with it.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

impl Idempotency {
    /// The key with the SHA-256 of the raw request body.
    pub fn new(key: &str, body: &[u8]) -> EngineResult<Self> {
        let key = key.trim();
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(EngineError::invalid(
                "Idempotency-Key",
                "idempotency_key_invalid",
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            ));
        }
        Ok(Self {
            key: key.to_owned(),
            request_hash: hex::encode(Sha256::digest(body)),
        })
    }
}

/// Whether `create_link` made a new link or replayed an idempotent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    New,
    Replayed,
}

pub use super::link_reads::PublicLink;

const MAX_DESCRIPTION: usize = 500;
const MAX_REF: usize = 64;
const MAX_NOTES: usize = 20;

fn check_text(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> EngineResult<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim().to_owned();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(EngineError::invalid(
            field,
            "too_long",
            format!("{field} must be at most {max} characters"),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(EngineError::invalid(
            field,
            "invalid_characters",
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(Some(v))
}

pub(super) fn status_filter(s: &str) -> EngineResult<LinkStatus> {
    s.parse().map_err(|e: crate::domain::link::UnknownStatus| {
        EngineError::invalid("status", "status_unknown", e.to_string())
    })
}

impl Engine {
    /// Creates a link for `seller`, or returns the one made earlier under the same
    /// idempotency key and request.
    #[tracing::instrument(skip_all, fields(seller.id = %seller.id), err(level = "debug"))]
    pub async fn create_link(
        &self,
        seller: &SellerRow,
        input: NewLinkInput,
        idempotency: Option<Idempotency>,
    ) -> EngineResult<(LinkRow, Created)> {
        if let Some(idem) = &idempotency
            && let Some(found) = self.replay(seller, idem).await?
        {
            return Ok((found, Created::Replayed));
        }
        let now = self.now_ms();
        let pay_via = self.check_pay_via(seller, &input).await?;
        let mut input = input;
        self.check_buyer_terms(seller, &mut input, pay_via)?;
        let input_duplicate_of = input.duplicate_of.clone();
        let remind_seller = !input.no_seller_reminder && input.origin.is_some();
        let outreach = input.outreach.clone();
        self.check_terms(&input, pay_via.is_some_and(|v| v != "card"))?;
        let mut row =
            self.validate_new_link(seller, input, now, pay_via.is_some_and(|v| v != "card"))?;
        row.pay_via = pay_via.map(str::to_owned);
        let data = match &input_duplicate_of {
            Some(id) => serde_json::json!({ "duplicate_of": id.as_str() }),
            None => serde_json::json!({}),
        };
        let event = self.event(&row, EventKind::LinkCreated, data, now);
        let (outreach, queue) = match outreach {
            Some(req) => {
                let (start, queue) =
                    self.plan_outreach(req, &row, &seller.locale, event.id.as_str(), now)?;
                (Some(start), queue)
            }
            None => (None, Vec::new()),
        };
        let mut queue = queue;
        if remind_seller && row.expires_at.is_some() {
            let on = self.store.seller_reach(&seller.id).await?.reminders;
            queue.extend(self.seller_reminder(&row, event.id.as_str(), on, now));
        }
        let new = NewLink {
            link: row,
            event,
            idempotency: idempotency
                .as_ref()
                .map(|i| (i.key.clone(), i.request_hash.clone())),
        };
        let queued = match self.insert_new_link(&new, outreach, queue).await {
            Ok(queued) => queued,
            // A concurrent request with the same key may have won the race and tripped a
            // unique index first (the key, or a reference it carries): answer as it did.
            Err(StoreError::Duplicate(field)) if idempotency.is_some() => {
                if let Some(idem) = &idempotency
                    && let Some(found) = self.replay(seller, idem).await?
                {
                    return Ok((found, Created::Replayed));
                }
                return Err(if field == "idempotency_key" {
                    EngineError::IdempotencyMismatch
                } else {
                    EngineError::Duplicate { field }
                });
            }
            Err(e) => return Err(e.into()),
        };
        super::metrics::inc(&self.metrics.links_created);
        // Most links queue nothing (no webhook endpoint, no chat): waking the worker
        // for them would cost a claim query per creation for nothing.
        if queued {
            self.wake_outbox();
        }
        Ok((new.link, Created::New))
    }

    /// Inserts the link, with its outreach and the outbox rows it queues (its buyer's
    /// e-mail, reminders) in the same transaction.
    /// `true` when something may wait in the outbox (the worker is woken for it).
    async fn insert_new_link(
        &self,
        new: &NewLink,
        outreach: Option<super::store::OutreachChange>,
        queue: Vec<NewOutboxRow>,
    ) -> Result<bool, StoreError> {
        if outreach.is_none() && queue.is_empty() {
            return self.store.insert_link(new).await;
        }
        self.store
            .apply(&ChangeSet {
                new_link: Some(new.link.clone()),
                idempotency: new.idempotency.clone(),
                events: vec![new.event.clone()],
                now: new.link.created_at,
                outreach,
                queue,
                ..ChangeSet::default()
            })
            .await
    }

    async fn replay(
        &self,
        seller: &SellerRow,
        idem: &Idempotency,
    ) -> EngineResult<Option<LinkRow>> {
        match self.store.idempotent_link(&seller.id, &idem.key).await? {
            None => Ok(None),
            Some((hash, link_id)) if hash == idem.request_hash => {
                Ok(Some(self.store.link(&link_id).await?))
            }
            Some(_) => Err(EngineError::IdempotencyMismatch),
        }
    }

    fn validate_new_link(
        &self,
        seller: &SellerRow,
        input: NewLinkInput,
        now: i64,
        bank_only: bool,
    ) -> EngineResult<LinkRow> {
        // Refuse now, in the seller's chat, what the provider would refuse at checkout
        // (unless the link is paid by bank QR only).
        let provider = self.provider_for(seller)?;
        if !bank_only {
            provider.check_amount(input.amount)?;
        }
        let provider = provider.name().to_owned();
        let description = check_text("description", Some(input.description), MAX_DESCRIPTION)?
            .unwrap_or_default();
        let custom_ref = check_text("custom_link_ref", input.custom_ref, MAX_REF)?;
        let merchant_order_id = check_text("merchant_order_id", input.merchant_order_id, MAX_REF)?;
        let customer_name = check_text("customer_details.name", input.customer_name, 100)?;
        let customer_email =
            check_text("customer_details.email_address", input.customer_email, 254)?;
        if let Some(e) = &customer_email
            && !looks_like_email(e)
        {
            return Err(EngineError::invalid(
                "customer_details.email_address",
                "email_invalid",
                "customer_details.email_address is not an email address",
            ));
        }
        let customer_phone = check_text("customer_details.phone_number", input.customer_phone, 32)?;
        if let Some(p) = &customer_phone
            && !looks_like_phone(p)
        {
            return Err(EngineError::invalid(
                "customer_details.phone_number",
                "phone_invalid",
                "customer_details.phone_number must be digits, optionally starting with +",
            ));
        }
        if input.notes.len() > MAX_NOTES {
            return Err(EngineError::invalid(
                "notes",
                "too_many_notes",
                format!("at most {MAX_NOTES} notes"),
            ));
        }
        let mut notes = Vec::with_capacity(input.notes.len());
        for n in input.notes {
            let key = check_text("notes.key", Some(n.key), 40)?.ok_or_else(|| {
                EngineError::invalid("notes.key", "note_key_missing", "every note needs a key")
            })?;
            let value = check_text("notes.value", Some(n.value), 500)?.unwrap_or_default();
            notes.push(Note { key, value });
        }
        let url = |field, v: Option<String>| -> EngineResult<Option<String>> {
            v.filter(|s| !s.trim().is_empty())
                .map(|s| check_url(field, &s))
                .transpose()
        };
        let success_url = url("success_url", input.success_url)?;
        let failure_url = url("failure_url", input.failure_url)?;
        let pending_url = url("pending_url", input.pending_url)?;
        if let Some(limit) = input.usage_limit
            && !(1..=1_000_000).contains(&limit)
        {
            return Err(EngineError::invalid(
                "usage_limit",
                "usage_limit_invalid",
                "usage_limit must be between 1 and 1000000, or null for a reusable link",
            ));
        }
        let max_ms = i64::try_from(self.settings.max_expiry.as_millis()).unwrap_or(i64::MAX);
        let expires_at = match input.expires_at {
            Some(t) if t <= now => {
                return Err(EngineError::invalid(
                    "expiry_date",
                    "expiry_in_past",
                    "expiry_date must be in the future",
                ));
            }
            Some(t) if t - now > max_ms => {
                return Err(EngineError::invalid(
                    "expiry_date",
                    "expiry_too_far",
                    format!(
                        "expiry_date must be within {} days",
                        self.settings.max_expiry.as_secs() / 86_400
                    ),
                ));
            }
            Some(t) => t,
            None => now + i64::try_from(self.settings.default_expiry.as_millis()).unwrap_or(max_ms),
        };
        Ok(LinkRow {
            id: LinkId::generate(now, random()),
            slug: input
                .slug
                .unwrap_or_else(|| Slug::from_random(random()))
                .as_str()
                .to_owned(),
            seller_id: seller.id.clone(),
            amount: input.amount,
            description,
            custom_ref,
            merchant_order_id,
            usage_limit: input.usage_limit,
            paid_count: 0,
            paid_minor: 0,
            refunded_minor: 0,
            status: LinkStatus::Active,
            expires_at: Some(expires_at),
            customer_name,
            customer_email,
            customer_phone,
            notes: serde_json::to_string(&notes).unwrap_or_else(|_| "[]".into()),
            success_url,
            failure_url,
            pending_url,
            provider,
            origin_channel: input.origin.as_ref().map(|o| o.channel.clone()),
            origin_chat: input.origin.as_ref().map(|o| o.chat.clone()),
            origin_message: input.origin.and_then(|o| o.message),
            opened_at: None,
            pay_via: None,
            terms: input.terms.to_column(),
            version: 0,
            created_at: now,
            updated_at: now,
        })
    }

    /// Cancels an active link; with `once`, at most once for that chat command
    /// (`AlreadyApplied` the second time).
    #[tracing::instrument(skip_all, fields(link.id = %link_id), err(level = "debug"))]
    pub async fn cancel_link(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<LinkRow> {
        self.not_applied(once).await?;
        for _ in 0..CAS_RETRIES {
            let link = self.link_for_seller(seller_id, link_id).await?;
            match self
                .transition(&link, &LinkEvent::Cancel, EventKind::LinkCancelled, once)
                .await
            {
                Err(EngineError::Store(StoreError::Conflict)) => continue,
                Err(e) => return Err(self.applied_meanwhile(once, e).await),
                ok => return ok,
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Applies a payment-less lifecycle event (cancel, expire) with its notification.
    async fn transition(
        &self,
        link: &LinkRow,
        event: &LinkEvent,
        kind: EventKind,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<LinkRow> {
        let from = link.status;
        let to = from.apply(event)?;
        let now = self.now_ms();
        let mut updated = link.clone();
        updated.status = to;
        updated.version += 1;
        updated.updated_at = now;
        let data = serde_json::json!({ "from": from.as_str(), "to": to.as_str() });
        let ev = if kind == EventKind::LinkExpired {
            self.told(&updated, PushDetail::Expired, data, now)
        } else {
            self.event(&updated, kind, data, now)
        };
        let change = ChangeSet {
            receipt: once.map(ApplyOnce::receipt),
            link: Some(LinkUpdate::to(&updated, link.version)),
            // A buyer still at a provider's checkout must not pay a closed link.
            close_checkouts: Some(CloseCheckouts {
                link_id: link.id.clone(),
                event_id: ev.id.clone(),
                except: None,
            }),
            events: vec![ev],
            now,
            ..ChangeSet::default()
        };
        self.commit(&change).await.map_err(once_error)?;
        Ok(updated)
    }

    /// Marks every active link past its expiry as expired; returns how many. Safe to run
    /// on several replicas at once: each link is expired by exactly one of them.
    pub async fn expire_due(&self) -> EngineResult<usize> {
        let mut expired = 0;
        loop {
            let due = self.store.due_expiries(self.now_ms(), 100).await?;
            let batch = due.len();
            for link in due {
                match self
                    .transition(&link, &LinkEvent::Expire, EventKind::LinkExpired, None)
                    .await
                {
                    Ok(_) => {
                        expired += 1;
                        super::metrics::inc(&self.metrics.links_expired);
                    }
                    // Paid, cancelled or expired elsewhere meanwhile: nothing to do. (A
                    // buyer's bank claim moving the link's version is a conflict too: the
                    // link is still due and the next sweep expires it.)
                    Err(EngineError::Store(StoreError::Conflict) | EngineError::Transition(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            if batch < 100 {
                return Ok(expired);
            }
        }
    }

    /// Deletes delivered notifications older than a week; the timeline keeps the events.
    pub async fn purge_outbox(&self) -> EngineResult<u64> {
        const WEEK_MS: i64 = 7 * 86_400_000;
        Ok(self.store.purge_delivered(self.now_ms() - WEEK_MS).await?)
    }
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

fn looks_like_phone(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
}

/// Milliseconds of an RFC 3339 time, or an error on `field`.
pub fn parse_time(field: &'static str, s: &str) -> EngineResult<i64> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            EngineError::invalid(
                field,
                "time_invalid",
                format!("{field} must be an RFC 3339 time such as 2026-12-31T23:59:00Z"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones_are_checked_lightly() {
        assert!(looks_like_email("a@b.co"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a b@c.de"));
        assert!(!looks_like_email("@c.de"));
        assert!(looks_like_phone("+66 81-234-5678"));
        assert!(!looks_like_phone("call me"));
        assert!(!looks_like_phone("123"));
    }

    #[test]
    fn times_must_be_rfc3339() {
        assert_eq!(parse_time("t", "1970-01-01T00:00:01Z").unwrap(), 1000);
        assert!(parse_time("t", "tomorrow").is_err());
    }
}
