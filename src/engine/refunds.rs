//! Refunds through the payment's provider, full or partial.
//!
//! A refund is reserved on the payment first (so two concurrent refunds can never give
//! back more than was paid), then sent to the provider, then settled: the link's status
//! and the seller's notification commit together with the refund's final status.

use super::bankpay::refunded_by_hand;
use super::metrics::inc;
use super::ports::{ProviderError, ProviderRefundInfo, RefundRequest};
use super::prompts::{ApplyOnce, once_error};
use super::push::PushDetail;
use super::store::{
    ChangeSet, LinkRow, LinkUpdate, PaymentRow, PaymentUpdate, RefundRow, RefundUpdate, StoreError,
};
use super::views::RefundView;
use super::{CAS_RETRIES, Engine, EngineError, EngineResult, random};
use crate::domain::{
    EventKind, LinkEvent, Money, PaymentId, PaymentStatus, RefundId, RefundStatus, SellerId,
};

/// What an operator says became of a refund left pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundResolution {
    /// The provider's dashboard shows the money went back.
    Succeeded,
    /// It did not: the held amount is released and can be refunded again.
    Failed,
}

/// How much to refund.
#[derive(Debug, Clone)]
pub enum RefundAmount {
    /// Whatever is left to refund on the payment.
    Rest,
    /// A decimal in major units, read in the link's currency (`"50.25"`).
    Major(String),
    /// Minor units.
    Minor(i64),
}

/// A refund request.
#[derive(Debug, Clone)]
pub struct RefundInput {
    pub amount: RefundAmount,
    /// Which payment; optional when the link has exactly one successful payment.
    pub payment_id: Option<String>,
    pub reason: Option<String>,
    /// A chat command's key: the refund is reserved at most once for it.
    pub once: Option<ApplyOnce>,
}

/// The link once `amount` more of it is refunded (status, total, version), or why its
/// lifecycle refuses that.
fn link_refunded(link: &LinkRow, amount: i64, now: i64) -> EngineResult<LinkRow> {
    let refunded_minor = link.refunded_minor + amount;
    let to = link.status.apply(&LinkEvent::Refund {
        refunded_minor,
        paid_minor: link.paid_minor,
    })?;
    let mut updated = link.clone();
    updated.status = to;
    updated.refunded_minor = refunded_minor;
    updated.version += 1;
    updated.updated_at = now;
    Ok(updated)
}

impl Engine {
    /// Refunds (part of) a payment of the seller's link through its provider.
    #[tracing::instrument(skip_all, fields(link.id = %link_id), err(level = "debug"))]
    pub async fn refund(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        input: RefundInput,
    ) -> EngineResult<(RefundRow, LinkRow)> {
        self.not_applied(input.once.as_ref()).await?;
        let (refund, payment) = self.reserve_refund(seller_id, link_id, &input).await?;
        match self.finish_refund(&refund, &payment).await {
            // The provider may have refunded: the refund stays pending, its amount held,
            // and reconciliation asks again with the same idempotency key. Answering
            // "pending" (not an error) keeps the seller from refunding a second time.
            Err(EngineError::Provider(e @ ProviderError::Unavailable { .. })) => {
                tracing::warn!(refund.id = %refund.id, error = %e, "refund left pending");
                let link = self.store.link(&refund.link_id).await?;
                Ok((refund, link))
            }
            other => other,
        }
    }

    /// Asks the provider for a reserved refund and records its answer. Safe to repeat
    /// (reconciliation does, for a refund whose answer was lost): the refund id is the
    /// provider's idempotency key, and settling twice changes nothing.
    pub(crate) async fn finish_refund(
        &self,
        refund: &RefundRow,
        payment: &PaymentRow,
    ) -> EngineResult<(RefundRow, LinkRow)> {
        if refunded_by_hand(&payment.provider) {
            // Money taken by hand or bank to bank goes back the same way: nothing to call.
            return self.settle_refund(refund, None).await;
        }
        let provider = self.provider_of(&payment.provider)?.clone();
        // Refunds are stored without a currency: theirs is the payment's.
        let amount = Money::from_minor(refund.amount_minor, payment.amount.currency())
            .map_err(|e| EngineError::amount("amount", &e))?;
        let result = provider
            .refund(&RefundRequest {
                refund_id: refund.id.clone(),
                provider_payment_id: payment.provider_payment_id.clone(),
                provider_ref: payment.provider_ref.clone(),
                amount,
            })
            .await;
        match result {
            Ok(done) => {
                self.settle_refund(refund, Some(done.provider_refund_id))
                    .await
            }
            Err(e @ ProviderError::Refused { .. }) => {
                self.release_refund(refund, &e.to_string()).await?;
                inc(&self.metrics.refunds_failed);
                tracing::info!(
                    refund.id = %refund.id,
                    link.id = %refund.link_id,
                    payment.id = %payment.id,
                    "refund failed: the provider refused it"
                );
                Err(e.into())
            }
            // Unknown whether the provider refunded: the reservation stays, and
            // reconciliation asks again with the same idempotency key.
            Err(e @ ProviderError::Unavailable { .. }) => Err(e.into()),
        }
    }

    /// Validates the request and records a pending refund that holds its amount.
    async fn reserve_refund(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        input: &RefundInput,
    ) -> EngineResult<(RefundRow, PaymentRow)> {
        for _ in 0..CAS_RETRIES {
            let link = self.link_for_seller(seller_id, link_id).await?;
            let payments = self.store.payments(&link.id).await?;
            let payment = match &input.payment_id {
                Some(id) => payments
                    .iter()
                    .find(|p| p.id.as_str() == id)
                    .ok_or(EngineError::NotFound("payment"))?,
                None => {
                    let mut ok = payments
                        .iter()
                        .filter(|p| p.status == PaymentStatus::Succeeded);
                    match (ok.next(), ok.next()) {
                        (Some(p), None) => p,
                        (None, _) => {
                            return Err(EngineError::invalid(
                                "payment_id",
                                "nothing_to_refund",
                                "this link has no successful payment to refund",
                            ));
                        }
                        (Some(_), Some(_)) => {
                            return Err(EngineError::invalid(
                                "payment_id",
                                "payment_id_required",
                                "this link has several payments: say which one with payment_id",
                            ));
                        }
                    }
                }
            };
            // Fail before reserving anything if the provider is gone from the config.
            if !refunded_by_hand(&payment.provider) {
                self.provider_of(&payment.provider)?;
            }
            // One refund in flight per payment: a second one, asked while the first is
            // unconfirmed, could make the provider refund twice what the seller meant.
            if self
                .store
                .refunds(&link.id)
                .await?
                .iter()
                .any(|r| r.payment_id == payment.id && r.status == RefundStatus::Pending)
            {
                return Err(EngineError::invalid(
                    "payment_id",
                    "refund_pending",
                    "a refund of this payment is still being confirmed with the payment \
                     provider; paychat finishes it by itself, check again in a few minutes",
                ));
            }
            if payment.status != PaymentStatus::Succeeded {
                return Err(EngineError::invalid(
                    "payment_id",
                    "payment_not_refundable",
                    format!(
                        "payment {} is {}, not succeeded",
                        payment.id, payment.status
                    ),
                ));
            }
            let remaining = payment.amount.minor() - payment.refunded_minor;
            let currency = payment.amount.currency();
            let amount = match &input.amount {
                RefundAmount::Rest => remaining,
                RefundAmount::Major(s) => Money::parse_decimal(s, currency)
                    .map_err(|e| EngineError::amount("amount", &e))?
                    .minor(),
                RefundAmount::Minor(m) => Money::from_minor(*m, currency)
                    .map_err(|e| EngineError::amount("amount_minor", &e))?
                    .minor(),
            };
            if remaining <= 0 {
                return Err(EngineError::invalid(
                    "amount",
                    "already_refunded",
                    "this payment has been refunded in full",
                ));
            }
            if amount > remaining {
                // The field the request used.
                let field = match input.amount {
                    RefundAmount::Minor(_) => "amount_minor",
                    _ => "amount",
                };
                return Err(EngineError::invalid(
                    field,
                    "refund_exceeds_payment",
                    format!(
                        "at most {} {} is left to refund on this payment",
                        crate::domain::money::minor_to_decimal(remaining, currency),
                        currency
                    ),
                ));
            }
            // Refuse now what the lifecycle would refuse at settlement.
            link.status.apply(&LinkEvent::Refund {
                refunded_minor: link.refunded_minor + amount,
                paid_minor: link.paid_minor,
            })?;
            let reason = input
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| r.chars().take(200).collect::<String>());
            let now = self.now_ms();
            let refund = RefundRow {
                id: RefundId::generate(now, random()),
                payment_id: payment.id.clone(),
                link_id: link.id.clone(),
                amount_minor: amount,
                status: RefundStatus::Pending,
                provider_refund_id: None,
                reason,
                created_at: now,
                updated_at: now,
            };
            let event = self.event(
                &link,
                EventKind::RefundPending,
                serde_json::json!({ "refund": RefundView::new(&refund, link.amount.currency().code()) }),
                now,
            );
            let change = ChangeSet {
                receipt: input.once.as_ref().map(ApplyOnce::receipt),
                new_refund: Some(refund.clone()),
                payment: Some(PaymentUpdate::between(
                    payment,
                    &PaymentRow {
                        refunded_minor: payment.refunded_minor + amount,
                        ..payment.clone()
                    },
                )),
                events: vec![event],
                now,
                ..ChangeSet::default()
            };
            match self.store.apply(&change).await {
                Ok(_) => return Ok((refund, payment.clone())),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(once_error(e)),
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Marks the refund succeeded and moves the link, with the seller's notification.
    /// A refund settled already (by the provider's refund event, or another replica)
    /// is returned as it is.
    pub(crate) async fn settle_refund(
        &self,
        refund: &RefundRow,
        provider_refund_id: Option<String>,
    ) -> EngineResult<(RefundRow, LinkRow)> {
        for _ in 0..CAS_RETRIES {
            let link = self.store.link(&refund.link_id).await?;
            let current = self.store.refund(&refund.id).await?;
            match current.status {
                RefundStatus::Pending => {}
                RefundStatus::Succeeded => return Ok((current, link)),
                RefundStatus::Failed => {
                    return Err(EngineError::invalid(
                        "refund",
                        "refund_closed",
                        format!("refund {} is {}", current.id, current.status),
                    ));
                }
            }
            let now = self.now_ms();
            let updated = link_refunded(&link, refund.amount_minor, now)?;
            let mut done = refund.clone();
            done.status = RefundStatus::Succeeded;
            done.provider_refund_id.clone_from(&provider_refund_id);
            done.updated_at = now;
            let event = self.told(
                &updated,
                PushDetail::Refunded {
                    amount_minor: done.amount_minor,
                },
                serde_json::json!({ "refund": RefundView::new(&done, link.amount.currency().code()) }),
                now,
            );
            let change = ChangeSet {
                refund: Some(RefundUpdate {
                    id: refund.id.clone(),
                    status: RefundStatus::Succeeded,
                    provider_refund_id: provider_refund_id.clone(),
                }),
                link: Some(LinkUpdate::to(&updated, link.version)),
                events: vec![event],
                now,
                ..ChangeSet::default()
            };
            match self.commit(&change).await {
                Ok(()) => {
                    inc(&self.metrics.refunds_succeeded);
                    tracing::info!(
                        refund.id = %done.id,
                        link.id = %done.link_id,
                        payment.id = %done.payment_id,
                        "refund succeeded"
                    );
                    return Ok((done, updated));
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Marks the refund failed and gives its amount back to the payment.
    pub(crate) async fn release_refund(&self, refund: &RefundRow, error: &str) -> EngineResult<()> {
        for _ in 0..CAS_RETRIES {
            if self.store.refund(&refund.id).await?.status != RefundStatus::Pending {
                // Settled or released meanwhile (a provider event, another replica).
                return Ok(());
            }
            let payment = self.store.payment(&refund.payment_id).await?;
            let link = self.store.link(&refund.link_id).await?;
            let now = self.now_ms();
            let mut failed = refund.clone();
            failed.status = RefundStatus::Failed;
            failed.updated_at = now;
            let event = self.told(
                &link,
                PushDetail::RefundFailed {
                    reason: Some(error.to_string()).filter(|e| !e.is_empty()),
                },
                serde_json::json!({
                    "refund": RefundView::new(&failed, link.amount.currency().code()),
                    "error": error,
                }),
                now,
            );
            let change = ChangeSet {
                refund: Some(RefundUpdate {
                    id: refund.id.clone(),
                    status: RefundStatus::Failed,
                    provider_refund_id: None,
                }),
                payment: Some(PaymentUpdate::between(
                    &payment,
                    &PaymentRow {
                        refunded_minor: payment.refunded_minor - refund.amount_minor,
                        ..payment.clone()
                    },
                )),
                events: vec![event],
                now,
                ..ChangeSet::default()
            };
            match self.commit(&change).await {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Records a refund made at the provider, outside paychat, with its notification;
    /// false when nothing of the payment is left to record it against.
    pub(crate) async fn external_refund(
        &self,
        payment_id: &PaymentId,
        r: &ProviderRefundInfo,
    ) -> EngineResult<bool> {
        let payment = self.store.payment(payment_id).await?;
        let link = self.store.link(&payment.link_id).await?;
        // Against what is settled, not what pending refunds hold: a pending refund of
        // ours that the provider never made must not hide one it did make.
        let settled: i64 = self
            .store
            .refunds(&link.id)
            .await?
            .iter()
            .filter(|o| o.payment_id == payment.id && o.status == RefundStatus::Succeeded)
            .map(|o| o.amount_minor)
            .sum();
        let amount = r.amount_minor.min(payment.amount.minor() - settled);
        if amount <= 0 {
            tracing::warn!(payment.id = %payment.id, refund = %r.provider_refund_id, "provider refund beyond the payment; not recorded");
            return Ok(false);
        }
        let now = self.now_ms();
        let updated = link_refunded(&link, amount, now)?;
        let refund = RefundRow {
            id: RefundId::generate(now, random()),
            payment_id: payment.id.clone(),
            link_id: link.id.clone(),
            amount_minor: amount,
            status: RefundStatus::Succeeded,
            provider_refund_id: Some(r.provider_refund_id.clone()),
            reason: Some(format!("refunded at {}", payment.provider)),
            created_at: now,
            updated_at: now,
        };
        let event = self.told(
            &updated,
            PushDetail::Refunded {
                amount_minor: refund.amount_minor,
            },
            serde_json::json!({ "refund": RefundView::new(&refund, link.amount.currency().code()) }),
            now,
        );
        let refund_id = refund.id.clone();
        self.commit(&ChangeSet {
            new_refund: Some(refund),
            payment: Some(PaymentUpdate::between(
                &payment,
                &PaymentRow {
                    refunded_minor: payment.refunded_minor + amount,
                    ..payment.clone()
                },
            )),
            link: Some(LinkUpdate::to(&updated, link.version)),
            events: vec![event],
            now,
            ..ChangeSet::default()
        })
        .await?;
        inc(&self.metrics.refunds_succeeded);
        tracing::info!(
            refund.id = %refund_id,
            link.id = %link.id,
            payment.id = %payment.id,
            "refund succeeded (made at the provider)"
        );
        Ok(true)
    }

    /// Settles or releases, by hand, a refund left pending (one too old for
    /// reconciliation to send again), with the usual notification.
    pub async fn resolve_refund(
        &self,
        refund_id: &str,
        resolution: RefundResolution,
    ) -> EngineResult<RefundRow> {
        if !RefundId::looks_valid(refund_id) {
            return Err(EngineError::NotFound("refund"));
        }
        let refund_id = RefundId::from_trusted(refund_id.to_owned());
        let refund = match self.store.refund(&refund_id).await {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Err(EngineError::NotFound("refund")),
            Err(e) => return Err(e.into()),
        };
        if refund.status != RefundStatus::Pending {
            return Err(EngineError::invalid(
                "refund",
                "refund_not_pending",
                format!("refund {} is {}, not pending", refund.id, refund.status),
            ));
        }
        match resolution {
            RefundResolution::Succeeded => Ok(self.settle_refund(&refund, None).await?.0),
            RefundResolution::Failed => {
                self.release_refund(&refund, "released by the operator")
                    .await?;
                tracing::info!(
                    refund.id = %refund.id,
                    link.id = %refund.link_id,
                    payment.id = %refund.payment_id,
                    "refund failed: released by the operator"
                );
                Ok(self.store.refund(&refund_id).await?)
            }
        }
    }
}
