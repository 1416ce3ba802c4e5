//! Taking payments: applying providers' verified webhooks (starting a checkout is in
//! `checkout.rs`).

use http::HeaderMap;

use super::metrics::inc;
use super::ports::{ProviderEventKind, WebhookError};
use super::push::PushDetail;
use super::store::{
    ChangeSet, CloseCheckouts, LinkUpdate, PaymentRow, PaymentUpdate, PaymentWithLink,
    PublicLinkRow, StoreError,
};
use super::views::PaymentView;
use super::{CAS_RETRIES, Engine, EngineError, EngineResult};
use crate::domain::{PaymentId, PaymentStatus};

pub(super) use super::checkout::not_payable;
pub use super::checkout::{CheckoutStart, NotPayable};

/// What a provider webhook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// It changed state (and notified).
    Applied,
    /// The same event was processed before: nothing changed.
    Duplicate,
    /// Valid, but nothing to do (unknown payment, a late failure, a status we ignore).
    Ignored,
    /// Valid, but refused: it reports an amount or currency other than the payment's.
    /// Recorded and the seller told; the payment is not marked paid.
    Refused,
}

impl WebhookOutcome {
    /// The word used in responses and metrics.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
            Self::Refused => "refused",
        }
    }
}

impl Engine {
    pub(crate) fn reconcile_after_ms(&self) -> i64 {
        i64::try_from(self.settings.reconcile_after.as_millis()).unwrap_or(i64::MAX / 2)
    }

    /// A payment of the link behind `slug`, with the link and its seller, for the
    /// buyer's return page.
    pub async fn payment_for_slug(
        &self,
        slug: &str,
        payment_id: &str,
    ) -> EngineResult<(PublicLinkRow, PaymentRow)> {
        let public = self.public_link(slug).await?;
        if !PaymentId::looks_valid(payment_id) {
            return Err(EngineError::NotFound("payment"));
        }
        let payment_id = PaymentId::from_trusted(payment_id.to_owned());
        match self.store.payment(&payment_id).await {
            Ok(p) if p.link_id == public.row.link.id => Ok((public.row, p)),
            Ok(_) | Err(StoreError::NotFound) => Err(EngineError::NotFound("payment")),
            Err(e) => Err(e.into()),
        }
    }

    /// Verifies and applies a provider webhook. The same event id twice changes nothing
    /// the second time; a late "failed" after "succeeded" changes nothing either.
    #[tracing::instrument(skip_all, fields(provider = %provider_name, event.id = tracing::field::Empty), err(level = "debug"))]
    pub async fn handle_provider_webhook(
        &self,
        provider_name: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> EngineResult<WebhookOutcome> {
        let provider = self.provider(provider_name)?;
        // The event id is what a retry is recognised by: without one, every later
        // id-less event would look like this one's repeat.
        let verified = provider
            .verify_webhook(headers, body, self.now_ms())
            .and_then(|e| {
                if e.event_id.trim().is_empty() {
                    Err(WebhookError::Malformed("the event has no id".into()))
                } else {
                    Ok(e)
                }
            });
        let event = match verified {
            Ok(e) => e,
            Err(e) => {
                match e {
                    WebhookError::BadSignature => {
                        inc(&self.metrics.webhooks_bad_signature);
                        tracing::warn!(
                            provider = provider_name,
                            "provider webhook refused: bad signature"
                        );
                    }
                    WebhookError::Malformed(_) => {
                        inc(&self.metrics.webhooks_malformed);
                        tracing::info!(
                            provider = provider_name,
                            outcome = "malformed",
                            "provider webhook"
                        );
                    }
                }
                return Err(e.into());
            }
        };
        tracing::Span::current().record("event.id", event.event_id.as_str());
        let receipt = (provider.name().to_owned(), event.event_id.clone());
        // The payment's read and its change on one Postgres connection.
        let result = super::store::pinned(self.apply_provider_event(receipt, event.kind)).await;
        match &result {
            Ok(WebhookOutcome::Applied) => inc(&self.metrics.webhooks_accepted),
            Ok(WebhookOutcome::Duplicate) => inc(&self.metrics.webhooks_duplicate),
            Ok(WebhookOutcome::Ignored) => inc(&self.metrics.webhooks_ignored),
            Ok(WebhookOutcome::Refused) => inc(&self.metrics.webhooks_refused),
            Err(_) => inc(&self.metrics.webhooks_rejected),
        }
        let outcome = match &result {
            Ok(o) => o.as_str(),
            Err(_) => "rejected",
        };
        // The event id only: the body may hold the payer's details.
        tracing::info!(
            provider = provider_name,
            event.id = %event.event_id,
            outcome,
            "provider webhook"
        );
        result
    }

    pub(crate) async fn apply_provider_event(
        &self,
        receipt: (String, String),
        kind: ProviderEventKind,
    ) -> EngineResult<WebhookOutcome> {
        for _ in 0..CAS_RETRIES {
            let attempt = match &kind {
                ProviderEventKind::PaymentSucceeded {
                    provider_payment_id,
                    amount_minor,
                    currency,
                    payer_name,
                    payer_email,
                    provider_ref,
                } => {
                    self.payment_succeeded(
                        &receipt,
                        provider_payment_id,
                        (*amount_minor, currency),
                        (payer_name.clone(), payer_email.clone()),
                        provider_ref.clone(),
                    )
                    .await
                }
                ProviderEventKind::PaymentExpired {
                    provider_payment_id,
                } => self.payment_expired(&receipt, provider_payment_id).await,
                ProviderEventKind::Refunded {
                    provider_ref,
                    refunded_total_minor,
                    currency,
                } => {
                    self.provider_refunded(
                        &receipt,
                        provider_ref,
                        (*refunded_total_minor, currency),
                    )
                    .await
                }
                ProviderEventKind::PaymentFailed {
                    provider_payment_id,
                    reason,
                } => {
                    self.payment_failed(&receipt, provider_payment_id, reason)
                        .await
                }
                ProviderEventKind::Ignored { provider_type } => {
                    tracing::debug!(%provider_type, "provider event type not acted on");
                    self.receipt_only(&receipt).await
                }
            };
            match attempt {
                Err(EngineError::Store(StoreError::Conflict)) => continue,
                Err(EngineError::Store(StoreError::AlreadyProcessed)) => {
                    return Ok(WebhookOutcome::Duplicate);
                }
                other => return other,
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// Records that the event was seen, changing nothing else.
    pub(super) async fn receipt_only(
        &self,
        receipt: &(String, String),
    ) -> EngineResult<WebhookOutcome> {
        self.store
            .apply(&ChangeSet {
                receipt: Some(receipt.clone()),
                now: self.now_ms(),
                ..ChangeSet::default()
            })
            .await?;
        Ok(WebhookOutcome::Ignored)
    }

    pub(super) async fn payment_succeeded(
        &self,
        receipt: &(String, String),
        provider_payment_id: &str,
        (amount_minor, currency): (i64, &str),
        (payer_name, payer_email): (Option<String>, Option<String>),
        provider_ref: Option<String>,
    ) -> EngineResult<WebhookOutcome> {
        let Some(found) = self
            .store
            .payment_with_link(&receipt.0, provider_payment_id)
            .await?
        else {
            tracing::warn!(%provider_payment_id, "webhook for a payment paychat did not start");
            return self.receipt_only(receipt).await;
        };
        self.found_payment_succeeded(
            receipt,
            found,
            (amount_minor, currency),
            (payer_name, payer_email),
            provider_ref,
        )
        .await
    }

    /// [`Self::payment_succeeded`] for a payment already read, under `receipt`, whose
    /// provider may differ from the payment's (the once-only key of a seller's command).
    pub(super) async fn found_payment_succeeded(
        &self,
        receipt: &(String, String),
        found: PaymentWithLink,
        (amount_minor, currency): (i64, &str),
        (payer_name, payer_email): (Option<String>, Option<String>),
        provider_ref: Option<String>,
    ) -> EngineResult<WebhookOutcome> {
        let payment = found.payment();
        if payment.status == PaymentStatus::Succeeded {
            return self.receipt_only(receipt).await;
        }
        // Never trust an amount we did not ask for: a mismatch is refused, not applied.
        if payment.amount.minor() != amount_minor
            || !payment
                .amount
                .currency()
                .code()
                .eq_ignore_ascii_case(currency)
        {
            return self
                .payment_mismatch(receipt, &found, (amount_minor, currency))
                .await;
        }
        let link = found.link;
        let now = self.now_ms();
        let from = link.status;
        let paid_count = link.paid_count + 1;
        let paid_minor = link.paid_minor + amount_minor;
        // A part larger than what was still due (two buyers paying at once, each
        // within the balance when they started): it completes the link, and is late
        // for its excess, which the seller is told to refund.
        let over = link
            .balance_minor()
            .filter(|_| from.is_open())
            .map(|due| amount_minor - due)
            .filter(|over| *over > 0);
        let (to, late) = match from.apply(&link.payment_succeeded(amount_minor)) {
            Ok(to) => (to, over.is_some()),
            // Money arrived for a link that closed meanwhile (a second buyer on a
            // single-use link, a payment finishing after cancel): keep the money on the
            // record and tell the seller, who can refund it.
            Err(_) => (from, true),
        };
        let mut updated = link.clone();
        updated.status = to;
        // A payment the link could not take at all is not counted; one going over what
        // was due still paid the rest.
        updated.paid_count = if late && over.is_none() {
            link.paid_count
        } else {
            paid_count
        };
        updated.paid_minor = paid_minor;
        updated.version += 1;
        updated.updated_at = now;
        let mut payment_view = payment.clone();
        payment_view.status = PaymentStatus::Succeeded;
        // A failure reported before (a declined attempt, a mismatch) no longer applies;
        // the timeline keeps it.
        payment_view.failure_reason = None;
        // As the store keeps them: the provider's when it names the payer, else what
        // the buyer gave on the page.
        payment_view.payer_name = payer_name.or(payment.payer_name.clone());
        payment_view.payer_email = payer_email.or(payment.payer_email.clone());
        payment_view.provider_ref = provider_ref;
        payment_view.updated_at = now;
        // The token the payment was given when it was made; payments made before tokens
        // were given then get one now.
        let token = payment
            .receipt_token
            .clone()
            .unwrap_or_else(super::receipts::new_token);
        let event = self.told(
            &updated,
            PushDetail::paid(
                &payment_view,
                &updated,
                (late, over),
                self.receipt_url(&token),
            ),
            {
                let mut data = serde_json::json!({
                    "payment": self.payment_view(&payment_view),
                    "late": late,
                });
                // How much of a part went over the balance: the amount to refund.
                if let Some(o) = over {
                    data["over_amount_minor"] = o.into();
                }
                data
            },
            now,
        );
        // Paid in full (a single-use link, or a part that went over the balance): other
        // buyers' open checkouts are closed, so they cannot pay it too.
        let close_checkouts =
            ((!late || over.is_some()) && !to.is_open()).then(|| CloseCheckouts {
                link_id: link.id.clone(),
                event_id: event.id.clone(),
                except: Some(payment.id.clone()),
            });
        self.commit(&ChangeSet {
            receipt: Some(receipt.clone()),
            link: Some(LinkUpdate::to(&updated, link.version)),
            payment: Some(PaymentUpdate::between(&payment, &payment_view)),
            new_receipt: Some((payment.id.clone(), token)),
            events: vec![event],
            close_checkouts,
            now,
            ..ChangeSet::default()
        })
        .await?;
        inc(&self.metrics.payments_succeeded);
        tracing::info!(
            link.id = %link.id,
            payment.id = %payment.id,
            provider = %receipt.0,
            status = %updated.status.as_str(),
            "payment succeeded"
        );
        Ok(WebhookOutcome::Applied)
    }

    /// Only a pending payment can fail or run out; a late "failed" after "succeeded"
    /// (providers do not guarantee order) or a repeat changes nothing.
    async fn payment_failed(
        &self,
        receipt: &(String, String),
        provider_payment_id: &str,
        reason: &str,
    ) -> EngineResult<WebhookOutcome> {
        let reason: String = reason.chars().take(200).collect();
        self.close_pending(
            receipt,
            provider_payment_id,
            PaymentStatus::Failed,
            Some(reason),
        )
        .await
    }

    /// The buyer left the provider's checkout until it ran out: recorded, no one told
    /// (the link is still open).
    async fn payment_expired(
        &self,
        receipt: &(String, String),
        provider_payment_id: &str,
    ) -> EngineResult<WebhookOutcome> {
        self.close_pending(receipt, provider_payment_id, PaymentStatus::Expired, None)
            .await
    }

    async fn close_pending(
        &self,
        receipt: &(String, String),
        provider_payment_id: &str,
        status: PaymentStatus,
        reason: Option<String>,
    ) -> EngineResult<WebhookOutcome> {
        let found = self
            .store
            .payment_with_link(&receipt.0, provider_payment_id)
            .await?;
        let Some(found) = found.filter(|f| f.pay_status == PaymentStatus::Pending) else {
            return self.receipt_only(receipt).await;
        };
        let failed = status == PaymentStatus::Failed;
        // A failure is told (the link is still open); a checkout that ran out is not.
        let detail = failed.then(|| PushDetail::PaymentFailed {
            reason: reason.clone(),
        });
        self.move_payment(
            receipt,
            &found,
            status,
            reason,
            serde_json::json!({}),
            detail,
        )
        .await?;
        if failed {
            inc(&self.metrics.payments_failed);
            tracing::info!(
                link.id = %found.link.id,
                payment.id = %found.pay_id,
                provider = %receipt.0,
                "payment failed"
            );
        }
        Ok(WebhookOutcome::Applied)
    }

    /// A verified webhook whose amount or currency is not the payment's: the payment is
    /// held (status `mismatch`, never paid), the event is on the timeline and the seller
    /// is told to look at the provider's dashboard.
    async fn payment_mismatch(
        &self,
        receipt: &(String, String),
        found: &PaymentWithLink,
        (amount_minor, currency): (i64, &str),
    ) -> EngineResult<WebhookOutcome> {
        tracing::warn!(
            payment.id = %found.pay_id,
            reported.amount_minor = amount_minor,
            reported.currency = %currency,
            "provider reports another amount than the payment's; not marked paid"
        );
        let reported = serde_json::json!({
            "reported": { "amount_minor": amount_minor, "currency": currency.to_ascii_uppercase() },
        });
        let detail = PushDetail::Mismatch {
            reported_minor: amount_minor,
            reported_currency: currency.to_ascii_uppercase(),
        };
        self.move_payment(
            receipt,
            found,
            PaymentStatus::Mismatch,
            Some("amount_mismatch".into()),
            reported,
            Some(detail),
        )
        .await?;
        Ok(WebhookOutcome::Refused)
    }

    /// Moves a payment to `status` (the link unchanged) with its timeline event
    /// carrying `extra`, under the webhook's receipt, in one change. With
    /// `detail` the seller is told; without, it is recorded quietly.
    pub(super) async fn move_payment(
        &self,
        receipt: &(String, String),
        found: &PaymentWithLink,
        status: PaymentStatus,
        reason: Option<String>,
        mut extra: serde_json::Value,
        detail: Option<PushDetail>,
    ) -> EngineResult<()> {
        let payment = found.payment();
        let now = self.now_ms();
        let mut moved = payment.clone();
        moved.status = status;
        moved.failure_reason = reason;
        moved.updated_at = now;
        if let serde_json::Value::Object(map) = &mut extra {
            map.insert(
                "payment".into(),
                serde_json::to_value(PaymentView::from(&moved)).unwrap_or_default(),
            );
        }
        let event = match detail {
            Some(detail) => self.told(&found.link, detail, extra, now),
            None => self
                .write_event(&found.link, status.event(), extra, None, now)
                .quietly(),
        };
        // A failed payment gives the buyer their second chance, if the link asks.
        let queue = if status == PaymentStatus::Failed {
            self.second_chance_rows(&found.link, event.id.as_str(), now)
                .await?
        } else {
            Vec::new()
        };
        self.commit(&ChangeSet {
            receipt: Some(receipt.clone()),
            payment: Some(PaymentUpdate::between(&payment, &moved)),
            events: vec![event],
            now,
            queue,
            ..ChangeSet::default()
        })
        .await?;
        Ok(())
    }
}
