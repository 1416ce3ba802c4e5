//! Payments that reach the seller without a provider checkout: recorded by hand
//! (`/paid`), or reported by a bank feed. Each is a succeeded payment of the link's
//! amount, committed with the link's change and its pushes.

use super::bankpay::{BANK_PROVIDER, decision_receipt};
use super::metrics::inc;
use super::push::PushDetail;
use super::store::{
    ChangeSet, CloseCheckouts, EventWrite, LinkRow, LinkUpdate, NewOutboxRow, PaymentRow,
    StoreError,
};
use super::{CAS_RETRIES, Engine, EngineError, EngineResult, random};
use crate::domain::{PaymentId, PaymentStatus, SellerId};

/// A payment that did not come through a provider's checkout.
pub(crate) struct OutsidePayment {
    pub provider: &'static str,
    pub method: String,
    pub payer_name: Option<String>,
    pub provider_ref: Option<String>,
}

impl Engine {
    /// Records money that reached the seller without a provider checkout (by hand, or
    /// a bank credit a feed reported) as a succeeded payment of the link's amount, with
    /// its pushes, under `receipt` (`AlreadyProcessed` the second time).
    pub(crate) async fn record_outside_payment(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        outside: OutsidePayment,
        receipt: Option<(String, String)>,
    ) -> EngineResult<(LinkRow, PaymentRow)> {
        for _ in 0..CAS_RETRIES {
            let link = self.link_for_seller(seller_id, link_id).await?;
            if let Some(claim) = self.claim_reported_paid(&link).await? {
                match self.confirm_claim(claim, &outside, receipt.clone()).await {
                    // The seller answered the claim, or the link changed, meanwhile:
                    // looked at again from the start.
                    Err(EngineError::Store(StoreError::Conflict)) => continue,
                    done => return done,
                }
            }
            let from = link.status;
            let paid_count = link.paid_count + 1;
            let settles = link.settles();
            let to = from.apply(&link.payment_succeeded(settles.minor()))?;
            let now = self.now_ms();
            let id = PaymentId::generate(now, random());
            let token = super::receipts::new_token();
            let payment = PaymentRow {
                // Paid outside any provider: its own id stands in for the provider's.
                provider_payment_id: id.to_string(),
                id,
                link_id: link.id.clone(),
                provider: outside.provider.into(),
                amount: settles,
                status: PaymentStatus::Succeeded,
                method: outside.method.clone(),
                payer_name: outside.payer_name.clone(),
                payer_email: None,
                failure_reason: None,
                refunded_minor: 0,
                created_at: now,
                updated_at: now,
                provider_ref: outside.provider_ref.clone(),
                next_check_at: None,
                payer_phone: None,
                shipping_address: None,
                receipt_token: Some(token.clone()),
            };
            let mut updated = link.clone();
            updated.status = to;
            updated.paid_count = paid_count;
            updated.paid_minor = link.paid_minor + settles.minor();
            updated.version += 1;
            updated.updated_at = now;
            let event = self.told(
                &updated,
                PushDetail::paid(&payment, &updated, (false, None), self.receipt_url(&token)),
                serde_json::json!({ "payment": self.payment_view(&payment), "late": false }),
                now,
            );
            // Paid in full: buyers still at a provider's checkout are stopped.
            let close_checkouts = (!to.is_open()).then(|| CloseCheckouts {
                link_id: link.id.clone(),
                event_id: event.id.clone(),
                except: None,
            });
            let change = ChangeSet {
                receipt: receipt.clone(),
                new_receipt: Some((payment.id.clone(), token)),
                new_payment: Some(payment.clone()),
                link: Some(LinkUpdate::to(&updated, link.version)),
                events: vec![event],
                close_checkouts,
                now,
                ..ChangeSet::default()
            };
            match self.commit(&change).await {
                Ok(()) => {
                    inc(&self.metrics.payments_succeeded);
                    tracing::info!(
                        link.id = %updated.id,
                        payment.id = %payment.id,
                        provider = %payment.provider,
                        status = %updated.status.as_str(),
                        "payment succeeded"
                    );
                    return Ok((updated, payment));
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Confirms a buyer's waiting bank claim with money reported for it, as the seller's
    /// "received" would, under `receipt` (the claim's own answer key when none).
    async fn confirm_claim(
        &self,
        claim: PaymentRow,
        outside: &OutsidePayment,
        receipt: Option<(String, String)>,
    ) -> EngineResult<(LinkRow, PaymentRow)> {
        let id = claim.provider_payment_id.as_str();
        let receipt = receipt.unwrap_or_else(|| decision_receipt(id));
        let found = || async {
            self.store
                .payment_with_link(BANK_PROVIDER, id)
                .await?
                .ok_or(EngineError::NotFound("payment"))
        };
        let claimed = found().await?;
        // Answered "not received" since it was read: that is the seller's word.
        if claimed.pay_status != PaymentStatus::Pending {
            return Err(EngineError::Store(StoreError::Conflict));
        }
        self.found_payment_succeeded(
            &receipt,
            claimed,
            (claim.amount.minor(), claim.amount.currency().code()),
            (
                outside.payer_name.clone().or(claim.payer_name.clone()),
                None,
            ),
            outside.provider_ref.clone().or(claim.provider_ref.clone()),
        )
        .await?;
        let after = found().await?;
        Ok((after.link.clone(), after.payment()))
    }

    /// Inserts a payment that starts pending (a checkout, a buyer's bank QR claim) with
    /// its timeline event, in one change.
    pub(crate) async fn insert_payment(
        &self,
        payment: PaymentRow,
        event: EventWrite,
        now: i64,
        queue: Vec<NewOutboxRow>,
    ) -> EngineResult<()> {
        self.store
            .apply(&ChangeSet {
                new_payment: Some(payment),
                events: vec![event],
                now,
                queue,
                ..ChangeSet::default()
            })
            .await?;
        Ok(())
    }
}
