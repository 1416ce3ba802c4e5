//! Reconciliation: asking providers about what their webhooks did not tell.
//!
//! A pending checkout is asked about once it is `reconcile_after` old, then at growing
//! intervals (each wait as long as the checkout's age) until the provider decides it:
//! a payment whose webhook never came is found this way. A refund left pending (the
//! provider's answer lost to a timeout or a crash) is sent again with the same
//! idempotency key, which refunds once whatever happened before, then recorded.
//!
//! Every answer goes through the same code as a webhook, under a receipt of its own,
//! so running the pass on several replicas at once changes nothing twice.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;

use super::metrics::inc;
use super::ports::{Channel, Delivery, PaymentState, ProviderError, ProviderEventKind};
use super::store::{OutboxRow, PaymentRow};
use super::{Engine, EngineResult};

/// Rows taken per pass; the next pass takes the rest.
const BATCH: i64 = 100;
/// Payments asked about at once: a provider answers in a few hundred milliseconds, so
/// one at a time would cap a pass at a few checks a second.
const CONCURRENT_CHECKS: usize = 8;
/// Stripe keeps idempotency keys for 24 hours: a refund left pending longer than this
/// is not sent again blindly (it could refund twice) but left for an operator.
const REFUND_RETRY_WINDOW_MS: i64 = 23 * 3_600_000;

/// What one pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReconcileReport {
    /// Pending payments the providers were asked about.
    pub checked: usize,
    /// Of those, how many the answer changed (paid, failed, expired).
    pub applied: usize,
    /// Pending refunds finished (settled or released).
    pub refunds_finished: usize,
    /// Pending refunds too old to send again: look them up in the provider's dashboard.
    pub refunds_stuck: Vec<String>,
    /// Questions the provider did not answer; asked again next pass.
    pub errors: usize,
}

impl Engine {
    /// One reconciliation pass over due checkouts and stale refunds.
    pub async fn reconcile(self: &Arc<Self>) -> EngineResult<ReconcileReport> {
        let mut report = ReconcileReport::default();
        let now = self.now_ms();
        let due = self.store.payments_to_check(now, BATCH).await?;
        let slots = Arc::new(tokio::sync::Semaphore::new(CONCURRENT_CHECKS));
        let mut checks = tokio::task::JoinSet::new();
        for payment in due {
            let (engine, slots) = (self.clone(), slots.clone());
            checks.spawn(async move {
                let _slot = slots.acquire_owned().await;
                let result = engine.check_payment(&payment, now).await;
                (payment.id, result)
            });
        }
        while let Some(done) = checks.join_next().await {
            let Ok((payment_id, result)) = done else {
                report.errors += 1;
                continue;
            };
            report.checked += 1;
            inc(&self.metrics.reconcile_checked);
            match result {
                Ok(true) => {
                    report.applied += 1;
                    inc(&self.metrics.reconcile_applied);
                }
                Ok(false) => {}
                Err(e) => {
                    report.errors += 1;
                    inc(&self.metrics.reconcile_errors);
                    tracing::warn!(payment.id = %payment_id, error = %e, "reconcile: payment not checked");
                }
            }
        }
        let window_start = now - REFUND_RETRY_WINDOW_MS;
        // Older ones are only reported: they never crowd out the ones still retried.
        for refund in self.store.stale_refunds(window_start, 0, 20).await? {
            tracing::warn!(refund.id = %refund.id, "reconcile: refund pending for over 23 h; check the provider's dashboard");
            report.refunds_stuck.push(refund.id.to_string());
        }
        let before = now - self.reconcile_after_ms();
        for refund in self
            .store
            .stale_refunds(before, window_start, BATCH)
            .await?
        {
            let payment = match self.store.payment(&refund.payment_id).await {
                Ok(p) => p,
                Err(e) => {
                    report.errors += 1;
                    tracing::warn!(refund.id = %refund.id, error = %e, "reconcile: refund's payment not read");
                    continue;
                }
            };
            match self.finish_refund(&refund, &payment).await {
                Ok(_) | Err(super::EngineError::Provider(ProviderError::Refused { .. })) => {
                    report.refunds_finished += 1;
                }
                Err(e) => {
                    report.errors += 1;
                    inc(&self.metrics.reconcile_errors);
                    tracing::warn!(refund.id = %refund.id, error = %e, "reconcile: refund not finished");
                }
            }
        }
        Ok(report)
    }

    /// Asks about one payment; true when the answer changed it.
    async fn check_payment(&self, payment: &PaymentRow, now: i64) -> EngineResult<bool> {
        // Ask again after as long as the checkout has lived: 10 min, 20, 40… so an
        // abandoned checkout costs a handful of calls, not one per pass.
        let next = now + (now - payment.created_at).max(self.reconcile_after_ms());
        let provider = match self.provider(&payment.provider) {
            Ok(p) => p.clone(),
            Err(e) => {
                // Its provider was switched off: keep it out of the way of the others.
                self.store.reschedule_check(&payment.id, next).await?;
                return Err(e);
            }
        };
        let state = match provider.payment_state(&payment.provider_payment_id).await {
            Ok(s) => s,
            // No answer we can act on (a refusal could be a revoked key as well as an
            // unknown checkout): never guess a failure; ask again later.
            Err(e) => {
                self.store.reschedule_check(&payment.id, next).await?;
                return Err(e.into());
            }
        };
        let pid = payment.provider_payment_id.clone();
        let (tag, kind) = match state {
            PaymentState::Pending => {
                self.store.reschedule_check(&payment.id, next).await?;
                return Ok(false);
            }
            PaymentState::Paid {
                amount_minor,
                currency,
                payer_name,
                payer_email,
                provider_ref,
            } => (
                "paid",
                ProviderEventKind::PaymentSucceeded {
                    provider_payment_id: pid.clone(),
                    amount_minor,
                    currency,
                    payer_name,
                    payer_email,
                    provider_ref,
                },
            ),
            PaymentState::Failed { reason } => (
                "failed",
                ProviderEventKind::PaymentFailed {
                    provider_payment_id: pid.clone(),
                    reason,
                },
            ),
            PaymentState::Expired => (
                "expired",
                ProviderEventKind::PaymentExpired {
                    provider_payment_id: pid.clone(),
                },
            ),
        };
        let receipt = (payment.provider.clone(), format!("reconcile:{pid}:{tag}"));
        let outcome = self.apply_provider_event(receipt, kind).await?;
        Ok(outcome == super::payments::WebhookOutcome::Applied)
    }
}

/// The outbox channel `provider`: closes a cancelled or expired link's open checkouts
/// at their provider. Destination `<provider>:<provider payment id>`.
pub struct CheckoutCloser {
    engine: Arc<Engine>,
}

impl CheckoutCloser {
    /// A closer using the engine's providers.
    #[must_use]
    pub fn new(engine: Arc<Engine>) -> Self {
        Self { engine }
    }
}

#[async_trait]
impl Channel for CheckoutCloser {
    fn name(&self) -> &'static str {
        "provider"
    }

    async fn deliver(&self, message: &OutboxRow) -> Delivery {
        let Some((name, _)) = message.destination.split_once(':') else {
            return Delivery::Failed {
                error: "destination is not <provider>:<id>".into(),
            };
        };
        let Ok(provider) = self.engine.provider(name) else {
            return Delivery::Failed {
                error: format!("provider {name} is not enabled"),
            };
        };
        match provider.cancel_checkout(&message.payload).await {
            Ok(()) => Delivery::Delivered,
            // Already paid, expired or unknown there: nothing left to close.
            Err(e @ ProviderError::Refused { .. }) => {
                tracing::info!(error = %e, "checkout not closed");
                Delivery::Delivered
            }
            Err(e @ ProviderError::Unavailable { .. }) => Delivery::Retry {
                error: e.to_string(),
                after: None,
            },
        }
    }
}
