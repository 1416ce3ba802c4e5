//! Refunds a provider reports on its own webhook: ours it settled, and those made in
//! its dashboard.

use super::payments::WebhookOutcome;
use super::{Engine, EngineResult};
use crate::domain::{PaymentStatus, RefundStatus};

impl Engine {
    /// A provider says a payment's refunds changed. Its list of refunds is read: ours
    /// it accepted are settled (their own answer may have been lost), and any made in
    /// its dashboard are recorded, each once, by the provider's refund id.
    pub(super) async fn provider_refunded(
        &self,
        receipt: &(String, String),
        provider_ref: &str,
        (total, currency): (i64, &str),
    ) -> EngineResult<WebhookOutcome> {
        let Some(found) = self.store.payment_by_ref(&receipt.0, provider_ref).await? else {
            tracing::warn!(%provider_ref, "refund event for a payment paychat does not know");
            return self.receipt_only(receipt).await;
        };
        let payment = found.payment();
        if !payment
            .amount
            .currency()
            .code()
            .eq_ignore_ascii_case(currency)
        {
            tracing::warn!(payment.id = %payment.id, %currency, "refund event in another currency");
            return self.receipt_only(receipt).await;
        }
        // Only money the link counted can be refunded against it.
        if payment.status != PaymentStatus::Succeeded {
            tracing::warn!(payment.id = %payment.id, status = %payment.status, "refund event for a payment not counted as paid; nothing recorded");
            return self.receipt_only(receipt).await;
        }
        let provider = self.provider(&receipt.0)?.clone();
        // An error here answers the webhook with an error: the provider sends it again.
        let listed = provider.refunds_of(provider_ref).await?;
        let accepted: i64 = listed
            .iter()
            .filter(|r| r.accepted)
            .map(|r| r.amount_minor)
            .sum();
        if accepted != total {
            tracing::warn!(payment.id = %payment.id, total, accepted, "provider's refund list and total differ");
        }
        let mut applied = false;
        // Read once: each listed refund is matched by its own ids, which the settling and
        // recording below never change for another one.
        let ours = self
            .store
            .refunds(&payment.link_id)
            .await?
            .into_iter()
            .filter(|o| o.payment_id == payment.id)
            .collect::<Vec<_>>();
        for r in listed.iter().filter(|r| r.accepted) {
            if let Some(mine) = r
                .paychat_refund_id
                .as_deref()
                .and_then(|id| ours.iter().find(|o| o.id.as_str() == id))
            {
                match mine.status {
                    RefundStatus::Pending => {
                        self.settle_refund(mine, Some(r.provider_refund_id.clone()))
                            .await?;
                        applied = true;
                    }
                    // Released (by an operator, or on a refusal) yet the provider made it.
                    RefundStatus::Failed => tracing::error!(
                        refund.id = %mine.id,
                        provider_refund = %r.provider_refund_id,
                        "the provider made a refund paychat recorded as failed; check it by hand"
                    ),
                    RefundStatus::Succeeded => {}
                }
                continue;
            }
            if ours
                .iter()
                .any(|o| o.provider_refund_id.as_deref() == Some(r.provider_refund_id.as_str()))
            {
                continue;
            }
            applied |= self.external_refund(&payment.id, r).await?;
        }
        self.receipt_only(receipt).await?;
        Ok(if applied {
            WebhookOutcome::Applied
        } else {
            WebhookOutcome::Ignored
        })
    }
}
