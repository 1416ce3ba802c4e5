//! Copies of links (`/dup`, `POST /api/v1/links/{id}/duplicate`): a new link made from an
//! earlier one, validated and created like any other.

use super::links::{Created, Idempotency, NewLinkInput, Origin};
use super::store::{LinkRow, SellerRow};
use super::{Engine, EngineError, EngineResult};
use crate::domain::Money;

/// What a duplicate changes from the link it copies. Everything else is copied (amount,
/// description, buyer, notes, pages, usage limit, how it is paid, the chat it reports
/// to) except the references, unique per seller, which a copy carries only when given.
#[derive(Debug, Clone, Default)]
pub struct DuplicateInput {
    pub amount: Option<Money>,
    pub description: Option<String>,
    /// Milliseconds since the epoch; `None`: the source's lifetime, counted from now.
    pub expires_at: Option<i64>,
    /// `Some(None)`: reusable.
    pub usage_limit: Option<Option<i64>>,
    pub custom_ref: Option<String>,
    pub merchant_order_id: Option<String>,
    /// Where the copy was asked for; `None` keeps the source's chat.
    pub origin: Option<Origin>,
}

impl Engine {
    /// A new link copied from `source` (the seller's own), with `changes` applied; the
    /// copy is validated as any new link (an expired or cancelled source may be copied).
    pub async fn duplicate_link(
        &self,
        seller: &SellerRow,
        source: &LinkRow,
        changes: DuplicateInput,
        idempotency: Option<Idempotency>,
    ) -> EngineResult<(LinkRow, Created)> {
        if source.seller_id != seller.id {
            return Err(EngineError::NotFound("link"));
        }
        let now = self.now_ms();
        let max_ms = i64::try_from(self.settings.max_expiry.as_millis()).unwrap_or(i64::MAX);
        // A 3-day link gives a 3-day copy, whenever it is made.
        let lifetime = source
            .expires_at
            .map(|e| (e - source.created_at).clamp(60_000, max_ms));
        let mut input = NewLinkInput::new(
            changes.amount.unwrap_or(source.amount),
            changes
                .description
                .unwrap_or_else(|| source.description.clone()),
        );
        input.expires_at = changes.expires_at.or(lifetime.map(|l| now + l));
        input.usage_limit = changes.usage_limit.unwrap_or(source.usage_limit);
        input.custom_ref = changes.custom_ref;
        input.merchant_order_id = changes.merchant_order_id;
        input.customer_name.clone_from(&source.customer_name);
        input.customer_email.clone_from(&source.customer_email);
        input.customer_phone.clone_from(&source.customer_phone);
        // Stored by this engine as a JSON array: unreadable only if written by hand.
        input.notes = serde_json::from_str(&source.notes).unwrap_or_default();
        input.success_url.clone_from(&source.success_url);
        input.failure_url.clone_from(&source.failure_url);
        input.pending_url.clone_from(&source.pending_url);
        input.pay_via.clone_from(&source.pay_via);
        // A new amount drops the source's items and amount choice, which would
        // contradict it; the rest of its terms (buyer details, methods) is kept.
        input.terms = source.terms();
        if changes.amount.is_some() {
            input.terms.order = None;
            input.terms.choice = None;
        }
        input.origin = changes.origin.or_else(|| {
            Some(Origin {
                channel: source.origin_channel.clone()?,
                chat: source.origin_chat.clone()?,
                message: None,
            })
        });
        input.duplicate_of = Some(source.id.clone());
        self.create_link(seller, input, idempotency).await
    }
}
