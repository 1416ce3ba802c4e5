//! The shapes of a state change: what one [`ChangeSet`] writes (a new link, updates
//! guarded by version, timeline events with whom they tell, outbox rows, outreach), all
//! committed in one transaction by the store.

use super::{LinkRow, OutreachRow, PaymentRow, RefundRow};
use crate::domain::{
    EventId, EventKind, LinkId, LinkStatus, PaymentId, PaymentStatus, RefundId, RefundStatus,
    SellerId,
};

/// A timeline event to append, and who to tell about it.
#[derive(Debug, Clone)]
pub struct EventWrite {
    pub id: EventId,
    pub link_id: LinkId,
    pub seller_id: SellerId,
    pub kind: EventKind,
    pub data: String,
    /// The envelope sent to the seller's webhook; `None` records the event quietly
    /// (no webhook, card or chat hears of it).
    pub notify: Option<String>,
    /// The [`ChatPush`](crate::engine::push::ChatPush) payload for chat channels: cards
    /// showing the link get it when the kind changes them, the origin chat when set.
    /// Empty when neither will (not built).
    pub push: String,
    /// The chat the link came from, told as well (channel, chat id): only for kinds
    /// with something to say to it.
    pub chat: Option<(String, String)>,
}

impl EventWrite {
    /// Recorded on the timeline only: no webhook, card or chat hears of it.
    #[must_use]
    pub fn quietly(mut self) -> Self {
        self.notify = None;
        self.chat = None;
        self
    }
}

/// New values for a link, applied only if its `version` is still `expected_version`.
#[derive(Debug, Clone)]
pub struct LinkUpdate {
    pub id: LinkId,
    pub expected_version: i64,
    pub status: LinkStatus,
    pub paid_count: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    /// Moved only by extending the link.
    pub expires_at: Option<i64>,
}

impl LinkUpdate {
    /// Writes `updated`'s counters and status if the stored row is still at `expected_version`.
    #[must_use]
    pub fn to(updated: &LinkRow, expected_version: i64) -> Self {
        Self {
            id: updated.id.clone(),
            expected_version,
            status: updated.status,
            paid_count: updated.paid_count,
            paid_minor: updated.paid_minor,
            refunded_minor: updated.refunded_minor,
            expires_at: updated.expires_at,
        }
    }
}

/// New status (and details) for a payment, applied only from `expected_status`.
#[derive(Debug, Clone)]
pub struct PaymentUpdate {
    pub id: PaymentId,
    pub expected_status: PaymentStatus,
    /// Guards concurrent refunds: the update applies only if nobody refunded meanwhile.
    pub expected_refunded_minor: i64,
    pub status: PaymentStatus,
    pub payer_name: Option<String>,
    pub payer_email: Option<String>,
    pub failure_reason: Option<String>,
    pub refunded_minor: i64,
    /// Set when learnt; never cleared.
    pub provider_ref: Option<String>,
}

impl PaymentUpdate {
    /// Moves the payment from `old` to `new` (status, payer, failure, refunded total),
    /// if nobody changed it in between.
    #[must_use]
    pub fn between(old: &PaymentRow, new: &PaymentRow) -> Self {
        Self {
            id: old.id.clone(),
            expected_status: old.status,
            expected_refunded_minor: old.refunded_minor,
            status: new.status,
            payer_name: new.payer_name.clone(),
            payer_email: new.payer_email.clone(),
            failure_reason: new.failure_reason.clone(),
            refunded_minor: new.refunded_minor,
            provider_ref: new.provider_ref.clone(),
        }
    }
}

/// New status for a refund, applied only from `pending`.
#[derive(Debug, Clone)]
pub struct RefundUpdate {
    pub id: RefundId,
    pub status: RefundStatus,
    pub provider_refund_id: Option<String>,
}

/// Which open checkouts a change closes: the link's, but `except` (the one just paid).
#[derive(Debug, Clone)]
pub struct CloseCheckouts {
    pub link_id: LinkId,
    /// The event that closed the link; the outbox rows carry it.
    pub event_id: EventId,
    pub except: Option<PaymentId>,
}

/// Everything one state change writes, committed in one transaction or not at all.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// (provider, event id): refuses the whole change if seen before.
    pub receipt: Option<(String, String)>,
    /// A link to insert, with its idempotency record (key, request hash).
    pub new_link: Option<LinkRow>,
    pub idempotency: Option<(String, String)>,
    /// Records a link's first view; `Conflict` if it was viewed before.
    pub opened_link: Option<LinkId>,
    pub link: Option<LinkUpdate>,
    pub new_payment: Option<PaymentRow>,
    pub payment: Option<PaymentUpdate>,
    /// (payment, token): the buyer's receipt of a payment this change marks succeeded.
    pub new_receipt: Option<(PaymentId, String)>,
    pub new_refund: Option<RefundRow>,
    pub refund: Option<RefundUpdate>,
    pub events: Vec<EventWrite>,
    /// Queue the closing of the link's open provider checkouts (outbox channel
    /// `provider`), so a closed link cannot be paid there.
    pub close_checkouts: Option<CloseCheckouts>,
    pub now: i64,
    /// A link's messages to its buyer started or stopped.
    pub outreach: Option<OutreachChange>,
    /// Outbox rows this change queues, each due at its `due_at` (a buyer's e-mail, a
    /// reminder); a row whose dedupe key exists is not queued again.
    pub queue: Vec<NewOutboxRow>,
}

/// A new link with its creation event and optional idempotency record.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub link: LinkRow,
    pub event: EventWrite,
    /// (key, request hash)
    pub idempotency: Option<(String, String)>,
}

/// A message to put in the outbox directly (not from a link event): a chat reply, an
/// inbound message waiting to be handled, a re-routed push.
#[derive(Debug, Clone)]
pub struct NewOutboxRow {
    pub channel: String,
    pub destination: String,
    pub kind: String,
    pub event_id: String,
    pub payload: String,
    /// Unique: a second row with the same key is not inserted.
    pub dedupe_key: String,
    /// See [`OutboxRow::rerouted_from`](super::OutboxRow::rerouted_from).
    pub rerouted_from: Option<String>,
    /// When it is due (ms); `None`: at once. A later time holds it back (a scheduled
    /// e-mail, a reminder) across restarts and replicas.
    pub due_at: Option<i64>,
}

/// What a change does to a link's outreach.
#[derive(Debug, Clone)]
pub enum OutreachChange {
    /// Records the outreach; its messages go in the change's `queue`.
    Start { row: Box<OutreachRow> },
    /// Stops further messages; `Conflict` if it was stopped already.
    Stop { link_id: LinkId },
}
