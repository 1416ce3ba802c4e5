//! Starting a checkout: the amount and the buyer's details the link takes, the
//! provider's checkout opened, the pending payment recorded; and a provider's refusal told
//! to the seller.

use super::buyer_details::buyer_asks;
use super::metrics::inc;
use super::ports::{CheckoutItem, CheckoutRequest, ProviderError};
use super::push::PushDetail;
use super::store::{ChangeSet, LinkRow, NewOutboxRow, PaymentRow};
use super::views::PaymentView;
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::LinkStatus;
use crate::domain::buyer::{BuyerAsks, BuyerDetails, BuyerField, ShippingAddress};
use crate::domain::{EventKind, Money, PaymentId, PaymentStatus};

/// Why a buyer cannot pay a link right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPayable {
    Paid,
    Expired,
    Cancelled,
    Refunded,
}

/// What starting a checkout produced.
#[derive(Debug, Clone)]
pub enum CheckoutStart {
    /// Send the buyer to the provider.
    Redirect(String),
    /// The link cannot be paid; show why.
    Closed(NotPayable),
    /// Another buyer's bank transfer claim, waiting for the seller, holds the link.
    Held,
}

/// Why a link in `status` cannot be paid, if it cannot.
pub(super) fn not_payable(status: LinkStatus) -> Option<NotPayable> {
    match status {
        LinkStatus::Active | LinkStatus::PartiallyPaid => None,
        LinkStatus::Paid => Some(NotPayable::Paid),
        LinkStatus::Expired => Some(NotPayable::Expired),
        LinkStatus::Cancelled => Some(NotPayable::Cancelled),
        LinkStatus::PartiallyRefunded | LinkStatus::Refunded => Some(NotPayable::Refunded),
    }
}

/// Refuses a checkout without the details the link's page asks for (a form posted
/// around the page, an old page).
fn check_given(asks: &BuyerAsks, buyer: &BuyerDetails) -> EngineResult<()> {
    let missing = asks.fields.iter().any(|f| match f {
        BuyerField::Name => buyer.name.is_none(),
        BuyerField::Phone => buyer.phone.is_none(),
        BuyerField::Email => buyer.email.is_none(),
    }) || (asks.shipping && buyer.shipping.is_none());
    if missing {
        return Err(EngineError::invalid(
            "buyer",
            "buyer_details_missing",
            "this link asks for the buyer's details before payment",
        ));
    }
    Ok(())
}

/// The order's lines for a provider's checkout: only when `amount` pays the whole order
/// and nothing is discounted (a checkout's lines must add up to what it charges).
fn checkout_items(link: &LinkRow, amount: Money) -> Vec<CheckoutItem> {
    let Some(order) = link.terms().order else {
        return Vec::new();
    };
    if amount != link.amount || order.promo_discount_minor > 0 {
        return Vec::new();
    }
    let currency = amount.currency();
    let mut lines: Vec<CheckoutItem> = order
        .items
        .iter()
        .filter_map(|i| {
            Some(CheckoutItem {
                name: i.name.clone(),
                quantity: i.quantity,
                unit: Money::from_minor(i.unit_price_minor, currency).ok()?,
            })
        })
        .collect();
    if order.shipping_minor > 0
        && let Ok(unit) = Money::from_minor(order.shipping_minor, currency)
    {
        lines.push(CheckoutItem {
            name: "Shipping".into(),
            quantity: 1,
            unit,
        });
    }
    lines
}

impl Engine {
    /// Opens a checkout with the link's provider and records the pending payment.
    /// Expiry is checked here against the clock, so a link past its expiry cannot be
    /// paid even if the sweeper has not marked it yet.
    /// `lang` is the buyer's language (a supported locale tag): the provider's checkout
    /// and the pages after it keep it.
    /// `buyer` holds the details the page asked for, checked (`buyer_details::check_buyer`);
    /// a link that asks for some refuses a checkout without them.
    /// `chosen` is the amount the buyer picked, for a link that lets them (an open
    /// amount, a part of one paid in parts); other links ignore it.
    #[tracing::instrument(skip_all, err(level = "debug"))]
    pub async fn start_checkout(
        &self,
        slug: &str,
        lang: &str,
        chosen: Option<Money>,
        buyer: BuyerDetails,
    ) -> EngineResult<CheckoutStart> {
        let public = self.public_link(slug).await?;
        if let Some(reason) = not_payable(public.effective_status) {
            return Ok(CheckoutStart::Closed(reason));
        }
        let link = &public.row.link;
        check_given(&buyer_asks(link), &buyer)?;
        let in_parts = link.balance_minor().is_some();
        if !in_parts && link.usage_limit.is_some_and(|l| link.paid_count >= l) {
            return Ok(CheckoutStart::Closed(NotPayable::Paid));
        }
        // Claims exist only for sellers with a bank QR account: the others skip the read.
        if public.row.seller_paytos > 0 && self.held_by_bank_claims(link).await? {
            return Ok(CheckoutStart::Held);
        }
        let amount = Self::checkout_amount(link, chosen)?;
        if amount != link.amount {
            self.provider_of(&link.provider)?.check_amount(amount)?;
        }
        let now = self.now_ms();
        let payment_id = PaymentId::generate(now, random());
        let provider = self.provider_of(&link.provider)?;
        let link_url = self.link_url(&link.slug);
        let checkout = match provider
            .create_checkout(&CheckoutRequest {
                payment_id: payment_id.clone(),
                link_id: link.id.clone(),
                amount,
                description: link.description.clone(),
                seller_name: public.row.seller_name.clone(),
                return_url: format!("{link_url}/return?payment={payment_id}&lang={lang}"),
                cancel_url: format!("{link_url}?lang={lang}"),
                locale: lang.to_owned(),
                customer_email: buyer.email.clone().or_else(|| link.customer_email.clone()),
                expires_at_ms: link.expires_at,
                now_ms: now,
                items: checkout_items(link, amount),
                customer_name: buyer.name.clone().or_else(|| link.customer_name.clone()),
                customer_phone: buyer.phone.clone(),
                payment_methods: link.terms().chosen_payment_methods,
            })
            .await
        {
            Ok(c) => c,
            Err(e) => {
                if e.refusal().is_some() {
                    // The buyer cannot fix this; the seller can (account settings, the
                    // amount): tell them, in the provider's words.
                    inc(&self.metrics.checkouts_refused);
                    self.checkout_failed(link, &e, now).await;
                } else {
                    inc(&self.metrics.checkouts_unavailable);
                }
                return Err(e.into());
            }
        };
        let payment = PaymentRow {
            id: payment_id,
            link_id: link.id.clone(),
            provider: provider.name().to_owned(),
            provider_payment_id: checkout.provider_payment_id,
            amount,
            status: PaymentStatus::Pending,
            method: "provider".into(),
            payer_name: buyer.name,
            payer_email: buyer.email,
            failure_reason: None,
            refunded_minor: 0,
            created_at: now,
            updated_at: now,
            provider_ref: None,
            next_check_at: provider
                .reconciles()
                .then(|| now + self.reconcile_after_ms()),
            payer_phone: buyer.phone,
            shipping_address: buyer.shipping.as_ref().map(ShippingAddress::to_column),
            receipt_token: Some(super::receipts::new_token()),
        };
        let event = self.event(
            link,
            EventKind::PaymentPending,
            serde_json::json!({ "payment": PaymentView::from(&payment) }),
            now,
        );
        let (event_id, closable) = (event.id.clone(), payment.next_check_at.is_some());
        let (payment_id, provider_payment_id) =
            (payment.id.clone(), payment.provider_payment_id.clone());
        // The buyer's second chance, if the link's outreach asks for one: due later,
        // skipped then if this checkout was paid.
        let second = self
            .second_chance_rows(link, event_id.as_str(), now)
            .await?;
        self.insert_payment(payment, event, now, second).await?;
        // The link may have closed while the provider opened the checkout; its closing
        // did not see this payment then, so close the checkout here.
        if closable {
            let now_link = self.store.link(&link.id).await?;
            if let Some(reason) = not_payable(now_link.status) {
                self.store
                    .enqueue(
                        &[NewOutboxRow {
                            channel: "provider".into(),
                            destination: format!("{}:{provider_payment_id}", provider.name()),
                            kind: "checkout.close".into(),
                            dedupe_key: format!("{event_id}:close:{payment_id}"),
                            event_id: event_id.to_string(),
                            payload: provider_payment_id,
                            rerouted_from: None,
                            due_at: None,
                        }],
                        self.now_ms(),
                    )
                    .await?;
                self.wake_outbox();
                return Ok(CheckoutStart::Closed(reason));
            }
        }
        Ok(CheckoutStart::Redirect(checkout.redirect_url))
    }

    /// Records (and tells the seller) that a provider refused to open a checkout.
    /// Every refusal is on the timeline; the seller is told once an hour per link, so a
    /// misconfigured account and a queue of buyers tapping Pay do not flood the chat.
    async fn checkout_failed(&self, link: &LinkRow, e: &ProviderError, now: i64) {
        const QUIET_MS: i64 = 3_600_000;
        let told_lately = match self.store.events(&link.id).await {
            Ok(events) => events.iter().any(|ev| {
                ev.kind == EventKind::CheckoutFailed.as_str() && now - ev.created_at < QUIET_MS
            }),
            Err(_) => false,
        };
        let event = self.told(
            link,
            PushDetail::CheckoutFailed {
                reason: e.to_string(),
            },
            serde_json::json!({ "provider": link.provider, "error": e.to_string() }),
            now,
        );
        let event = if told_lately { event.quietly() } else { event };
        let change = ChangeSet {
            events: vec![event],
            now,
            ..ChangeSet::default()
        };
        if let Err(err) = self.commit(&change).await {
            tracing::error!(error = %err, "recording a refused checkout failed");
        }
    }
}
