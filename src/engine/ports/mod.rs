//! The engine's ports: what it needs from the outside, as traits.
//!
//! Adapters implement them (the database, payment providers, notification channels); the
//! engine never names a concrete database, HTTP client or chat API.

pub mod store;

use async_trait::async_trait;
use http::HeaderMap;

use super::store::OutboxRow;
use crate::domain::{LinkId, Money, PaymentId, RefundId};

/// The time source. The engine reads the clock only through this.
pub trait Clock: Send + Sync + 'static {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one place that reads the wall clock (clippy.toml disallows it elsewhere).
    #[allow(clippy::disallowed_methods)]
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// What a provider needs to open a checkout for one payment attempt.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// Our payment id; providers echo it back as their reference.
    pub payment_id: PaymentId,
    pub link_id: LinkId,
    pub amount: Money,
    pub description: String,
    pub seller_name: String,
    /// Where the provider sends the buyer when done (success or failure).
    pub return_url: String,
    /// Where the buyer goes if they abandon the checkout.
    pub cancel_url: String,
    pub customer_email: Option<String>,
    /// The buyer's language, a paychat locale tag (`th`, `pt-BR`); providers that
    /// localize their checkout are given it.
    pub locale: String,
    /// When the link stops taking payments (ms); providers bound their checkout by it.
    pub expires_at_ms: Option<i64>,
    /// Now (ms), from the engine's clock.
    pub now_ms: i64,
    /// The buyer's name, when the page asked for it or the link names its customer.
    pub customer_name: Option<String>,
    /// The buyer's phone number in E.164, when the page asked for it.
    pub customer_phone: Option<String>,
    /// The methods the seller chose for this link, in the provider's names
    /// ([`PaymentProvider::payment_methods`]); `None`: every method the account has.
    pub payment_methods: Option<Vec<String>>,
    /// The order's lines (shipping as one), when this checkout pays a link's order in
    /// full with no discount: providers that list items show them. Their sum is `amount`.
    pub items: Vec<CheckoutItem>,
}

/// One line of an order as a provider's checkout lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutItem {
    pub name: String,
    pub quantity: i64,
    pub unit: Money,
}

/// An opened checkout.
#[derive(Debug, Clone)]
pub struct Checkout {
    /// The provider's id for this payment; webhooks name it.
    pub provider_payment_id: String,
    /// The provider's page the buyer is sent to.
    pub redirect_url: String,
}

/// A refund request to a provider.
#[derive(Debug, Clone)]
pub struct RefundRequest {
    /// Our refund id, sent as the idempotency key so a retried call refunds once.
    pub refund_id: RefundId,
    pub provider_payment_id: String,
    /// The provider's second id for the payment, when it has one (Stripe's payment
    /// intent), learnt from its webhook.
    pub provider_ref: Option<String>,
    pub amount: Money,
}

/// One refund of a payment as the provider lists it.
#[derive(Debug, Clone)]
pub struct ProviderRefundInfo {
    pub provider_refund_id: String,
    pub amount_minor: i64,
    pub currency: String,
    /// Accepted by the provider (done or on its way), not failed or cancelled.
    pub accepted: bool,
    /// Our refund id when paychat asked for it; `None` for refunds made elsewhere.
    pub paychat_refund_id: Option<String>,
}

/// A provider's answer to a refund.
#[derive(Debug, Clone)]
pub struct ProviderRefund {
    pub provider_refund_id: String,
}

/// A verified, parsed provider webhook.
#[derive(Debug, Clone)]
pub struct ProviderEvent {
    /// The provider's event id, unique per provider: the idempotency key.
    pub event_id: String,
    pub kind: ProviderEventKind,
}

/// What a provider webhook reports, mapped explicitly from the provider's statuses.
#[derive(Debug, Clone)]
pub enum ProviderEventKind {
    PaymentSucceeded {
        provider_payment_id: String,
        amount_minor: i64,
        currency: String,
        payer_name: Option<String>,
        payer_email: Option<String>,
        /// The provider's second id for the payment (Stripe's payment intent), which
        /// its refund events name.
        provider_ref: Option<String>,
    },
    PaymentFailed {
        provider_payment_id: String,
        reason: String,
    },
    /// The checkout ran out of time without a payment.
    PaymentExpired { provider_payment_id: String },
    /// The provider reports how much of a payment it has refunded in all (refunds made
    /// through paychat and any made in the provider's dashboard).
    Refunded {
        /// Matches the payment's `provider_ref`.
        provider_ref: String,
        refunded_total_minor: i64,
        currency: String,
    },
    /// A status paychat does not act on; acknowledged and recorded only.
    Ignored { provider_type: String },
}

/// What a provider says about one payment when asked (reconciliation).
#[derive(Debug, Clone)]
pub enum PaymentState {
    /// Not decided yet (the buyer is still at the checkout, or an async method runs).
    Pending,
    Paid {
        amount_minor: i64,
        currency: String,
        payer_name: Option<String>,
        payer_email: Option<String>,
        provider_ref: Option<String>,
    },
    Failed {
        reason: String,
    },
    Expired,
}

/// A provider call that failed. Messages never carry credentials.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    /// The provider refused the request; `message` is its own explanation, in its words.
    #[error("{provider} refused: {message}")]
    Refused {
        provider: &'static str,
        message: String,
    },
    /// The provider could not be reached, timed out or failed on its side (after retries).
    #[error("{provider} is unavailable: {detail}")]
    Unavailable {
        provider: &'static str,
        detail: String,
    },
}

impl ProviderError {
    /// The provider's own explanation of a refusal, or `None` for an outage.
    #[must_use]
    pub fn refusal(&self) -> Option<&str> {
        match self {
            Self::Refused { message, .. } => Some(message),
            Self::Unavailable { .. } => None,
        }
    }
}

/// Why a webhook was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// Missing, malformed or wrong signature, or a stale timestamp.
    #[error("bad signature")]
    BadSignature,
    /// Signed correctly but not a payload we understand.
    #[error("malformed webhook: {0}")]
    Malformed(String),
}

/// A payment provider: opens checkouts, refunds, and verifies its webhooks.
#[async_trait]
pub trait PaymentProvider: Send + Sync + 'static {
    /// The name in URLs and the database (`sandbox`, `stripe`…).
    fn name(&self) -> &'static str;
    /// Refuses, before a link is made, an amount this provider will never take (a
    /// currency it does not offer, below its minimum), in its own words.
    fn check_amount(&self, _amount: Money) -> Result<(), ProviderError> {
        Ok(())
    }
    /// The payment methods a link may choose among (`chosen_payment_methods`), in this
    /// provider's own names; empty when the provider offers no choice.
    fn payment_methods(&self) -> Vec<String> {
        Vec::new()
    }
    async fn create_checkout(&self, req: &CheckoutRequest) -> Result<Checkout, ProviderError>;
    /// Refunds; `req.refund_id` is the idempotency key, so calling again for the same
    /// refund (a retry, reconciliation) never refunds twice.
    async fn refund(&self, req: &RefundRequest) -> Result<ProviderRefund, ProviderError>;
    /// The refunds of a payment known by `provider_ref`, for telling paychat's own from
    /// those made in the provider's dashboard. Providers that send no refund events
    /// need not list them.
    async fn refunds_of(
        &self,
        _provider_ref: &str,
    ) -> Result<Vec<ProviderRefundInfo>, ProviderError> {
        Ok(Vec::new())
    }
    /// Closes an open checkout so it can no longer be paid (the link was cancelled).
    async fn cancel_checkout(&self, _provider_payment_id: &str) -> Result<(), ProviderError> {
        Ok(())
    }
    /// Whether [`Self::payment_state`] can tell anything; checkouts of providers that
    /// cannot are never reconciled.
    fn reconciles(&self) -> bool {
        false
    }
    /// Asks the provider what became of a payment (for payments whose webhook never came).
    async fn payment_state(
        &self,
        _provider_payment_id: &str,
    ) -> Result<PaymentState, ProviderError> {
        Ok(PaymentState::Pending)
    }
    /// Checks the signature over the raw body, then parses it. `now_ms` bounds replays.
    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_ms: i64,
    ) -> Result<ProviderEvent, WebhookError>;
}

/// The result of one delivery attempt through a channel.
#[derive(Debug, Clone)]
pub enum Delivery {
    Delivered,
    /// Worth trying again; `after` when the far end said how long to wait.
    Retry {
        error: String,
        after: Option<std::time::Duration>,
    },
    /// Not attempted: the channel's rate limit says wait `after`. Not counted as an
    /// attempt, so a long queue behind a limit never runs out of retries.
    Later {
        after: std::time::Duration,
    },
    /// Belongs elsewhere (the seller wants pushes in another app): send it through
    /// `channel` to `destination` instead, as a fresh message.
    Reroute {
        channel: String,
        destination: String,
    },
    /// Will never succeed (the destination is gone); stop.
    Failed {
        error: String,
    },
}

/// A way to tell someone about an event: the seller's webhook, a chat.
#[async_trait]
pub trait Channel: Send + Sync + 'static {
    /// The outbox `channel` value this delivers (`webhook`, `telegram`…).
    fn name(&self) -> &'static str;
    /// Whether this process serves the channel now. A channel one replica at a time
    /// serves (a Telegram bot: polled and sent through by one, so its limits hold) says
    /// no while another replica has it; its rows are then left to that replica.
    fn serving(&self) -> bool {
        true
    }
    /// Whether this channel delivers received chat messages or answers to them (outbox
    /// kinds `inbound` and `reply`), which the worker claims before anything else.
    fn answers(&self) -> bool {
        false
    }
    async fn deliver(&self, message: &OutboxRow) -> Delivery;
}
