//! Persistence: the row types of the `Store` port (its traits are in
//! [`crate::engine::ports::store`]; what a change writes, in `change`) and the SQL
//! implementation.
//!
//! One implementation serves SQLite and Postgres: both take `$1` placeholders,
//! `ON CONFLICT DO NOTHING` and `RETURNING`, so the SQL is written once and only the
//! migrations differ. The backend is chosen from the URL scheme.

mod bank_rows;
mod batch;
mod change;
mod sql;

use crate::domain::{
    EventId, LinkEvent, LinkId, LinkStatus, LinkTerms, Money, MoneyError, PaymentId, PaymentStatus,
    RefundId, RefundStatus, SellerId,
};
use serde::{Deserialize, Serialize};

// The port's traits live with the other ports; re-exported so `store::Store` still names them.
pub use super::ports::store::{
    ChatStore, LinkStore, OutboxStore, OutreachStore, SellerStore, Store, WhatsAppStore,
};
pub use bank_rows::{BankCreditRow, PaytoRow, SlipRow};
pub use change::{
    ChangeSet, CloseCheckouts, EventWrite, LinkUpdate, NewLink, NewOutboxRow, OutreachChange,
    PaymentUpdate, RefundUpdate,
};
pub use sql::{SqlStore, connect, pinned};

/// A failed store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist.
    #[error("row not found")]
    NotFound,
    /// A compare-and-set lost against a concurrent change; re-read and retry.
    #[error("lost a concurrent update")]
    Conflict,
    /// A unique field already has this value (the name of the field).
    #[error("duplicate {0}")]
    Duplicate(&'static str),
    /// This provider event was processed before.
    #[error("event already processed")]
    AlreadyProcessed,
    /// Anything else from the database.
    #[error("database error")]
    Backend(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => Self::NotFound,
            other => Self::Backend(other),
        }
    }
}

/// An amount's two columns as stored; rows read it into a [`Money`] with
/// `#[sqlx(flatten, try_from = "StoredAmount")]`, so a stored amount that is not valid
/// fails the read.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredAmount {
    amount_minor: i64,
    currency: String,
}

impl TryFrom<StoredAmount> for Money {
    type Error = MoneyError;
    fn try_from(a: StoredAmount) -> Result<Self, MoneyError> {
        Money::from_stored(a.amount_minor, &a.currency)
    }
}

/// A payment's amount columns beside its link's (see [`PaymentWithLink`]).
#[derive(Debug, sqlx::FromRow)]
pub struct StoredPayAmount {
    pay_amount_minor: i64,
    pay_currency: String,
}

impl TryFrom<StoredPayAmount> for Money {
    type Error = MoneyError;
    fn try_from(a: StoredPayAmount) -> Result<Self, MoneyError> {
        Money::from_stored(a.pay_amount_minor, &a.pay_currency)
    }
}

/// A seller as stored.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct SellerRow {
    #[sqlx(try_from = "String")]
    pub id: SellerId,
    pub name: String,
    pub currency: String,
    pub locale: String,
    pub created_at: i64,
    /// The seller's payment provider; `None` follows `providers.default`.
    pub provider: Option<String>,
    /// The seller's IANA time zone; `None` follows `sellers.default_timezone`.
    pub timezone: Option<String>,
}

/// Preferences to change on a seller; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SellerPrefs {
    /// Default currency of new links (ISO 4217).
    pub currency: Option<String>,
    /// Language (one of the shipped locales).
    pub locale: Option<String>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// Where pushes go: `Some(None)` where each link was made, `Some(Some(app))` that app.
    pub push_to: Option<Option<String>>,
    /// Reminders in chat before an unpaid link expires.
    pub reminders: Option<bool>,
    /// Where buyers' replies to e-mails go: `Some(None)` clears it.
    pub reply_email: Option<Option<String>>,
}

/// How a seller wants their buyers reached and themselves reminded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SellerReach {
    /// "Not paid yet" in chat before an unpaid link expires.
    pub reminders: bool,
    /// The Reply-To of e-mails to the seller's buyers, when given.
    pub reply_email: Option<String>,
}

/// A seller's outgoing webhook endpoint.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookEndpointRow {
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub url: String,
    pub secret: String,
    pub created_at: i64,
}

/// A payment link as stored. Times are milliseconds since the Unix epoch.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    #[sqlx(try_from = "String")]
    pub id: LinkId,
    pub slug: String,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    #[sqlx(flatten, try_from = "StoredAmount")]
    pub amount: Money,
    pub description: String,
    pub custom_ref: Option<String>,
    pub merchant_order_id: Option<String>,
    pub usage_limit: Option<i64>,
    pub paid_count: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    #[sqlx(try_from = "String")]
    pub status: LinkStatus,
    pub expires_at: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    /// JSON array of `{key, value}`.
    pub notes: String,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
    pub pending_url: Option<String>,
    pub provider: String,
    pub origin_channel: Option<String>,
    pub origin_chat: Option<String>,
    pub origin_message: Option<String>,
    pub opened_at: Option<i64>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// `None`: every way the seller has; `card`; or a bank QR rail's name.
    pub pay_via: Option<String>,
    /// [`LinkTerms`] as JSON; `None` asks nothing beyond the amount. Read with `terms()`.
    pub terms: Option<String>,
}

impl LinkRow {
    /// What the link asks of its buyer. paychat wrote the column, so a value it cannot
    /// read is a bug; it is logged and read as empty rather than failing every page.
    #[must_use]
    pub fn terms(&self) -> LinkTerms {
        LinkTerms::from_column(self.terms.as_deref()).unwrap_or_else(|e| {
            tracing::error!(link.id = %self.id, error = %e, "links.terms unreadable; read as empty");
            LinkTerms::default()
        })
    }

    /// The lifecycle event for a payment of `amount_minor` succeeding now.
    #[must_use]
    pub fn payment_succeeded(&self, amount_minor: i64) -> LinkEvent {
        let due_minor = self.terms().due_in_parts(self.amount.minor());
        // In parts what counts is what the seller kept; a refunded part is due again.
        let kept = if due_minor.is_some() {
            self.net_paid_minor()
        } else {
            self.paid_minor
        };
        LinkEvent::PaymentSucceeded {
            paid_count: self.paid_count + 1,
            usage_limit: self.usage_limit,
            paid_minor: kept.saturating_add(amount_minor),
            due_minor,
        }
    }

    /// What is still due on a link taken in parts (never below zero); `None` for other
    /// links. A refunded part is due again: the seller holds only what was kept.
    #[must_use]
    pub fn balance_minor(&self) -> Option<i64> {
        self.terms()
            .due_in_parts(self.amount.minor())
            .map(|due| (due - self.net_paid_minor()).max(0))
    }

    /// Paid, less what was refunded.
    #[must_use]
    pub fn net_paid_minor(&self) -> i64 {
        (self.paid_minor - self.refunded_minor).max(0)
    }

    /// What one payment settles when nobody chose an amount (marked paid by the seller,
    /// a bank transfer): the balance of a link in parts, else the link's amount.
    #[must_use]
    pub fn settles(&self) -> Money {
        self.balance_minor()
            .filter(|b| *b > 0)
            .and_then(|b| Money::from_minor(b, self.amount.currency()).ok())
            .unwrap_or(self.amount)
    }
}

/// What the buyer page needs: the link and the seller's display name, language and
/// time zone.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublicLinkRow {
    #[sqlx(flatten)]
    pub link: LinkRow,
    pub seller_name: String,
    pub seller_locale: String,
    /// `None` follows `sellers.default_timezone`.
    pub seller_timezone: Option<String>,
    /// How many bank QR accounts the seller has: none spares the buyer page a query.
    pub seller_paytos: i64,
}

/// One payment attempt.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    #[sqlx(try_from = "String")]
    pub id: PaymentId,
    #[sqlx(try_from = "String")]
    pub link_id: LinkId,
    pub provider: String,
    pub provider_payment_id: String,
    #[sqlx(flatten, try_from = "StoredAmount")]
    pub amount: Money,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    /// provider, cash or bank_transfer.
    pub method: String,
    pub payer_name: Option<String>,
    pub payer_email: Option<String>,
    pub failure_reason: Option<String>,
    pub refunded_minor: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The provider's second id (Stripe's payment intent), once known.
    pub provider_ref: Option<String>,
    /// When to ask the provider about it while pending; `None`: never.
    pub next_check_at: Option<i64>,
    /// The phone number the buyer gave on the page, in E.164.
    pub payer_phone: Option<String>,
    /// The shipping address the buyer gave on the page, as JSON
    /// ([`crate::domain::buyer::ShippingAddress`]).
    pub shipping_address: Option<String>,
    /// The buyer's receipt token. Given with the payment, so that its success writes no
    /// indexed column (on Postgres the update can then stay on its page); it opens a
    /// receipt only once the payment succeeded (`receipt_at`).
    pub receipt_token: Option<String>,
}

/// A payment with its link, read in one query for the webhook path.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentWithLink {
    #[sqlx(flatten)]
    pub link: LinkRow,
    #[sqlx(try_from = "String")]
    pub pay_id: PaymentId,
    pub pay_provider: String,
    pub pay_provider_payment_id: String,
    #[sqlx(flatten, try_from = "StoredPayAmount")]
    pub pay_amount: Money,
    #[sqlx(try_from = "String")]
    pub pay_status: PaymentStatus,
    pub pay_method: String,
    pub pay_payer_name: Option<String>,
    pub pay_payer_email: Option<String>,
    pub pay_failure_reason: Option<String>,
    pub pay_refunded_minor: i64,
    pub pay_created_at: i64,
    pub pay_updated_at: i64,
    pub pay_provider_ref: Option<String>,
    pub pay_next_check_at: Option<i64>,
    pub pay_payer_phone: Option<String>,
    pub pay_shipping_address: Option<String>,
    pub pay_receipt_token: Option<String>,
}

impl PaymentWithLink {
    /// The payment part.
    #[must_use]
    pub fn payment(&self) -> PaymentRow {
        PaymentRow {
            id: self.pay_id.clone(),
            link_id: self.link.id.clone(),
            provider: self.pay_provider.clone(),
            provider_payment_id: self.pay_provider_payment_id.clone(),
            amount: self.pay_amount,
            status: self.pay_status,
            method: self.pay_method.clone(),
            payer_name: self.pay_payer_name.clone(),
            payer_email: self.pay_payer_email.clone(),
            failure_reason: self.pay_failure_reason.clone(),
            refunded_minor: self.pay_refunded_minor,
            created_at: self.pay_created_at,
            updated_at: self.pay_updated_at,
            provider_ref: self.pay_provider_ref.clone(),
            next_check_at: self.pay_next_check_at,
            payer_phone: self.pay_payer_phone.clone(),
            shipping_address: self.pay_shipping_address.clone(),
            receipt_token: self.pay_receipt_token.clone(),
        }
    }
}

/// One refund.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    #[sqlx(try_from = "String")]
    pub id: RefundId,
    #[sqlx(try_from = "String")]
    pub payment_id: PaymentId,
    #[sqlx(try_from = "String")]
    pub link_id: LinkId,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub status: RefundStatus,
    pub provider_refund_id: Option<String>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One entry of a link's timeline.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    #[sqlx(try_from = "String")]
    pub id: EventId,
    #[sqlx(try_from = "String")]
    pub link_id: LinkId,
    pub kind: String,
    /// JSON object.
    pub data: String,
    pub created_at: i64,
}

/// A claimed outbox message.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub destination: String,
    pub kind: String,
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
    pub created_at: i64,
    /// The channel it was in before it was re-routed or sent again after failing there.
    pub rerouted_from: Option<String>,
}

/// How the worker leaves a message after an attempt.
#[derive(Debug, Clone)]
pub enum OutboxOutcome {
    Delivered,
    /// Try again at this time (ms).
    Retry {
        at: i64,
        error: String,
    },
    /// Not attempted (a rate limit said wait): due again at `at`, no attempt counted.
    Defer {
        at: i64,
    },
    /// Give up: the message stays for inspection.
    Dead {
        error: String,
    },
}

/// Queue depth for metrics.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutboxStats {
    /// Every row not yet delivered, scheduled ones included.
    pub pending: i64,
    /// Of those, rows never tried and due later (a scheduled e-mail, a reminder): not a
    /// backlog.
    pub scheduled: i64,
    /// Since when the longest-waiting row has been due (its creation, or its scheduled
    /// time); scheduled rows not yet due do not count.
    pub oldest_pending_created_at: Option<i64>,
    pub dead: i64,
}

impl OutboxStats {
    /// Rows due or retrying: what delivery is behind on.
    #[must_use]
    pub const fn waiting(&self) -> i64 {
        self.pending - self.scheduled
    }
}

/// Filters for listing a seller's links; `before` is a cursor (a link id as the client
/// sent it: only compared, so it stays text).
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    pub status: Option<String>,
    pub created_from: Option<i64>,
    pub created_to: Option<i64>,
    pub reference: Option<String>,
    pub before: Option<String>,
    pub limit: i64,
}

/// What the operator's `links list` / `payments list` narrow to; `None` is any.
#[derive(Debug, Clone, Default)]
pub struct OperatorFilter {
    pub seller_id: Option<SellerId>,
    /// Payments only.
    pub link_id: Option<LinkId>,
    /// A link status or a payment status, already checked.
    pub status: Option<String>,
    pub limit: i64,
}

/// An API key as listed: who it is for and when; the key's hash is not read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A chat user acting as a seller.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SellerChannelRow {
    pub channel: String,
    pub external_user: String,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    /// Where the seller's private pushes go.
    pub chat: String,
    pub created_at: i64,
}

/// A WhatsApp user as last seen.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactRow {
    pub user_key: String,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub last_inbound_at: i64,
}

/// A WhatsApp message we sent, with its latest status.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WaMessageRow {
    pub wamid: String,
    pub user_key: String,
    pub kind: String,
    pub payload: Option<String>,
    pub status: String,
    pub error_code: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A one-time registration code, by hash.
#[derive(Debug, Clone)]
pub struct InviteRow {
    pub code_hash: String,
    /// The seller the code attaches a chat to; `None` creates a new seller.
    pub seller_id: Option<SellerId>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A new chat seller: the seller (when new), the chat identity, and the invite it uses.
#[derive(Debug, Clone)]
pub struct ChatRegistration {
    pub new_seller: Option<SellerRow>,
    pub identity: SellerChannelRow,
    pub invite_hash: Option<String>,
}

/// A question asked in a chat, answered by a button that carries only its id.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PromptRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub channel: String,
    pub chat: String,
    /// The app user who asked; in a group only they may answer.
    pub owner: String,
    pub kind: String,
    /// JSON, read by the conversation that asked.
    pub payload: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Totals per currency and status, for reports.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct SummaryRow {
    pub currency: String,
    pub status: String,
    pub links: i64,
    pub amount_minor: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
}

/// A link's message to its buyer by e-mail, SMS or both, as stored (`link_outreach`,
/// migrations 0021, 0022).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutreachRow {
    #[sqlx(try_from = "String")]
    pub link_id: LinkId,
    /// The buyer's address, when the link is e-mailed.
    pub email: Option<String>,
    /// The buyer's number in E.164, when the link is texted.
    pub phone: Option<String>,
    /// The buyer's language (a shipped locale tag).
    pub language: String,
    /// When the message is due (ms).
    pub send_at: i64,
    /// The unguessable token of the stop link.
    pub stop_token: String,
    pub stopped_at: Option<i64>,
    pub created_at: i64,
    /// Reminders before expiry, a JSON array of milliseconds before it (migration
    /// 0023); `None`: none. Read with [`OutreachRow::reminder_offsets`].
    pub reminders: Option<String>,
    /// One e-mail after a checkout started and not paid, or a failed payment.
    pub second_chance: bool,
}

impl OutreachRow {
    /// The reminders' offsets before expiry (ms), as stored; an unreadable column is none.
    #[must_use]
    pub fn reminder_offsets(&self) -> Vec<i64> {
        self.reminders
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default()
    }
}
