//! Stripe Checkout: a Checkout Session per payment attempt, refunds through
//! `/v1/refunds`, webhooks signed with `Stripe-Signature`.
//!
//! Wire types are prefixed `Stripe…` and every event type paychat acts on is mapped in
//! one `match`. Amounts follow Stripe's own decimals per currency (zero-decimal
//! currencies in whole units, three-decimal ones ending in 0), converted exactly.

use async_trait::async_trait;
use http::HeaderMap;
use serde_json::Value;

use super::api::{Api, from_units, path_segment, signed_event, to_units};
use crate::config::{Secret, StripeSettings};
use crate::domain::{Currency, Money};
use crate::engine::ports::{
    Checkout, CheckoutRequest, PaymentProvider, PaymentState, ProviderError, ProviderEvent,
    ProviderEventKind, ProviderRefund, ProviderRefundInfo, RefundRequest, WebhookError,
};

mod wire;

use wire::{
    StripeCharge, StripeEvent, StripeRefund, StripeRefundList, StripeSession, error_message, id_of,
};

/// The name in URLs and the database.
pub const NAME: &str = "stripe";
const SIGNATURE_HEADER: &str = "stripe-signature";
/// Stripe's bounds on `expires_at`: 30 minutes to 24 hours ahead, with a minute's
/// margin for clocks and the request's own time.
const MIN_SESSION_SECS: i64 = 31 * 60;
const MAX_SESSION_SECS: i64 = 24 * 3600 - 60;
/// The most a Checkout line item may be, in Stripe's units (eight digits).
const MAX_UNITS: i64 = 99_999_999;

/// Stripe's decimals for a currency, where they differ from two.
fn stripe_exponent(code: &str) -> u8 {
    match code {
        // Zero-decimal currencies.
        "BIF" | "CLP" | "DJF" | "GNF" | "JPY" | "KMF" | "KRW" | "MGA" | "PYG" | "RWF" | "UGX"
        | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        // Three-decimal currencies (the last digit must be 0).
        "BHD" | "JOD" | "KWD" | "OMR" | "TND" => 3,
        // ISK is sent with two decimals for backwards compatibility.
        _ => 2,
    }
}

/// Stripe's minimum charge for common currencies, in the currency's minor units.
fn minimum_minor(code: &str) -> Option<i64> {
    Some(match code {
        "USD" | "EUR" | "AUD" | "BRL" | "CAD" | "CHF" | "INR" | "NZD" | "SGD" => 50,
        "GBP" => 30,
        "AED" | "MYR" | "PLN" | "RON" => 200,
        "BGN" => 100,
        "CZK" => 1_500,
        "DKK" => 250,
        "HKD" => 400,
        "HUF" => 17_500,
        "JPY" => 50,
        "MXN" => 1_000,
        "NOK" | "SEK" => 300,
        "THB" => 1_000,
        _ => return None,
    })
}

/// The `payment_method_types` a link may choose for Checkout
/// (<https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-payment_method_types>).
/// Which of them a buyer sees still depends on the account, the currency and the
/// buyer's country, as Stripe decides.
const PAYMENT_METHOD_TYPES: &[&str] = &[
    "acss_debit",
    "affirm",
    "afterpay_clearpay",
    "alipay",
    "alma",
    "amazon_pay",
    "au_becs_debit",
    "bacs_debit",
    "bancontact",
    "billie",
    "blik",
    "boleto",
    "card",
    "cashapp",
    "customer_balance",
    "eps",
    "fpx",
    "giropay",
    "grabpay",
    "ideal",
    "kakao_pay",
    "klarna",
    "konbini",
    "kr_card",
    "link",
    "mobilepay",
    "multibanco",
    "naver_pay",
    "oxxo",
    "p24",
    "pay_by_bank",
    "payco",
    "paynow",
    "paypal",
    "pix",
    "promptpay",
    "revolut_pay",
    "samsung_pay",
    "satispay",
    "sepa_debit",
    "sofort",
    "swish",
    "twint",
    "us_bank_account",
    "wechat_pay",
    "zip",
];

/// Stripe as a payment provider.
pub struct Stripe {
    api: Api,
    secret_key: Secret,
    webhook_secret: Secret,
}

impl Stripe {
    pub fn new(settings: &StripeSettings) -> anyhow::Result<Self> {
        Ok(Self {
            api: Api::new(
                NAME,
                &settings.api_url,
                settings.request_timeout,
                settings.secret_key.clone(),
                error_message,
            )?,
            secret_key: settings.secret_key.clone(),
            webhook_secret: settings.webhook_secret.clone(),
        })
    }

    fn units(&self, amount: Money) -> Result<i64, ProviderError> {
        let code = amount.currency().code();
        let exp = stripe_exponent(code);
        to_units(amount.minor(), amount.currency(), exp)
            .ok_or_else(|| {
                self.api.refused(format!(
                    "Stripe takes {code} only in whole units; remove the decimals"
                ))
            })
            .and_then(|u| {
                if exp == 3 && u % 10 != 0 {
                    Err(self.api.refused(format!(
                        "Stripe takes {code} amounts only in steps of 0.010"
                    )))
                } else if u > MAX_UNITS {
                    Err(self.api.refused(format!(
                        "the amount is above what Stripe Checkout takes in {code}"
                    )))
                } else {
                    Ok(u)
                }
            })
    }

    fn minor_of(&self, units: i64, currency: &str) -> Option<(i64, String)> {
        let code = currency.to_ascii_uppercase();
        let c = Currency::from_code(&code).ok()?;
        Some((from_units(units, c, stripe_exponent(&code))?, code))
    }

    fn post(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(String, String)],
    ) -> reqwest::RequestBuilder {
        self.api
            .client
            .post(self.api.url(path))
            .bearer_auth(self.secret_key.expose())
            .header("Idempotency-Key", idempotency_key)
            .form(form)
    }

    /// The session, with its payment intent expanded (its status tells a delayed
    /// payment that failed from one still running).
    async fn session(&self, id: &str) -> Result<StripeSession, ProviderError> {
        let path = format!("/v1/checkout/sessions/{}", path_segment(id));
        let v = self
            .api
            .call(|| {
                self.api
                    .client
                    .get(self.api.url(&path))
                    .query(&[("expand[]", "payment_intent")])
                    .bearer_auth(self.secret_key.expose())
            })
            .await?;
        serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable session: {e}")))
    }

    /// A paid session as the event paychat applies.
    fn succeeded(&self, s: &StripeSession) -> Result<ProviderEventKind, WebhookError> {
        let seller_amount = match &s.currency_conversion {
            Some(c) => Some((c.amount_total, c.source_currency.as_str())),
            None => s.amount_total.zip(s.currency.as_deref()),
        };
        let (amount_minor, currency) = seller_amount
            .and_then(|(u, c)| self.minor_of(u, c))
            .ok_or_else(|| WebhookError::Malformed("session without a known amount".into()))?;
        let details = s.customer_details.as_ref();
        Ok(ProviderEventKind::PaymentSucceeded {
            provider_payment_id: s.id.clone(),
            amount_minor,
            currency,
            payer_name: details.and_then(|d| d.name.clone()),
            payer_email: details.and_then(|d| d.email.clone()),
            provider_ref: id_of(s.payment_intent.as_ref()),
        })
    }
}

#[async_trait]
impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        NAME
    }

    fn check_amount(&self, amount: Money) -> Result<(), ProviderError> {
        self.units(amount)?;
        let code = amount.currency().code();
        if let Some(min) = minimum_minor(code)
            && amount.minor() < min
        {
            let min = crate::domain::money::minor_to_decimal(min, amount.currency());
            return Err(self.api.refused(format!(
                "Stripe's smallest payment in {code} is {min} {code}"
            )));
        }
        Ok(())
    }

    fn payment_methods(&self) -> Vec<String> {
        PAYMENT_METHOD_TYPES.iter().map(|&m| m.to_owned()).collect()
    }

    async fn create_checkout(&self, req: &CheckoutRequest) -> Result<Checkout, ProviderError> {
        let units = self.units(req.amount)?;
        let now = req.now_ms / 1000;
        let expires_at = req
            .expires_at_ms
            .map_or(now + MAX_SESSION_SECS, |t| t / 1000)
            .clamp(now + MIN_SESSION_SECS, now + MAX_SESSION_SECS);
        let name = if req.description.trim().is_empty() {
            req.seller_name.clone()
        } else {
            req.description.clone()
        };
        // The order's items when each converts to Stripe's units; else one line.
        let itemized: Option<Vec<(String, i64, i64)>> = (!req.items.is_empty())
            .then(|| {
                req.items
                    .iter()
                    .map(|i| Some((i.name.clone(), self.units(i.unit).ok()?, i.quantity)))
                    .collect()
            })
            .flatten();
        let lines = itemized.unwrap_or_else(|| vec![(name, units, 1)]);
        let currency = req.amount.currency().code().to_ascii_lowercase();
        let mut form: Vec<(String, String)> = vec![("mode".into(), "payment".into())];
        for (n, (name, unit, quantity)) in lines.into_iter().enumerate() {
            let key = |k: &str| format!("line_items[{n}]{k}");
            form.push((key("[price_data][currency]"), currency.clone()));
            form.push((key("[price_data][unit_amount]"), unit.to_string()));
            form.push((
                key("[price_data][product_data][name]"),
                name.chars().take(250).collect(),
            ));
            form.push((key("[quantity]"), quantity.to_string()));
        }
        form.extend([
            ("success_url".into(), req.return_url.clone()),
            ("cancel_url".into(), req.cancel_url.clone()),
            // Checkout speaks each of paychat's six languages under the same tag.
            ("locale".into(), req.locale.clone()),
            ("client_reference_id".into(), req.payment_id.to_string()),
            ("expires_at".into(), expires_at.to_string()),
            (
                "metadata[paychat_payment_id]".into(),
                req.payment_id.to_string(),
            ),
            ("metadata[paychat_link_id]".into(), req.link_id.to_string()),
            (
                "payment_intent_data[metadata][paychat_payment_id]".into(),
                req.payment_id.to_string(),
            ),
        ]);
        if let Some(email) = &req.customer_email {
            form.push(("customer_email".into(), email.clone()));
        }
        // Stripe's own default (the account's dynamic methods) unless the link chose.
        for (i, method) in req.payment_methods.iter().flatten().enumerate() {
            form.push((format!("payment_method_types[{i}]"), method.clone()));
        }
        // The payment id is the idempotency key: a retried call opens one session.
        let v = self
            .api
            .call(|| self.post("/v1/checkout/sessions", req.payment_id.as_str(), &form))
            .await?;
        let s: StripeSession = serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable session: {e}")))?;
        let url = s
            .url
            .ok_or_else(|| self.api.unavailable("session without a url".into()))?;
        Ok(Checkout {
            provider_payment_id: s.id,
            redirect_url: url,
        })
    }

    async fn refund(&self, req: &RefundRequest) -> Result<ProviderRefund, ProviderError> {
        let units = self.units(req.amount)?;
        let intent = match &req.provider_ref {
            Some(pi) => pi.clone(),
            None => id_of(
                self.session(&req.provider_payment_id)
                    .await?
                    .payment_intent
                    .as_ref(),
            )
            .ok_or_else(|| {
                self.api
                    .refused("this checkout has no payment to refund".into())
            })?,
        };
        let form: Vec<(String, String)> = vec![
            ("payment_intent".into(), intent),
            ("amount".into(), units.to_string()),
            (
                "metadata[paychat_refund_id]".into(),
                req.refund_id.to_string(),
            ),
        ];
        let v = self
            .api
            .call(|| self.post("/v1/refunds", req.refund_id.as_str(), &form))
            .await?;
        let r: StripeRefund = serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable refund: {e}")))?;
        match r.status.as_deref() {
            Some("failed" | "canceled") => Err(self.api.refused(format!(
                "the refund {}: {}",
                r.status.unwrap_or_default(),
                r.failure_reason.unwrap_or_else(|| "no reason given".into())
            ))),
            _ => Ok(ProviderRefund {
                provider_refund_id: r.id,
            }),
        }
    }

    async fn refunds_of(
        &self,
        provider_ref: &str,
    ) -> Result<Vec<ProviderRefundInfo>, ProviderError> {
        let url = self.api.url("/v1/refunds");
        let v = self
            .api
            .call(|| {
                self.api
                    .client
                    .get(&url)
                    .query(&[("payment_intent", provider_ref), ("limit", "100")])
                    .bearer_auth(self.secret_key.expose())
            })
            .await?;
        let list: StripeRefundList = serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable refund list: {e}")))?;
        list.data
            .into_iter()
            .map(|r| {
                let (amount_minor, currency) = self
                    .minor_of(r.amount, &r.currency)
                    .ok_or_else(|| self.api.unavailable("refund in an unknown currency".into()))?;
                Ok(ProviderRefundInfo {
                    accepted: matches!(
                        r.status.as_str(),
                        "succeeded" | "pending" | "requires_action"
                    ),
                    paychat_refund_id: r.metadata.get("paychat_refund_id").cloned(),
                    provider_refund_id: r.id,
                    amount_minor,
                    currency,
                })
            })
            .collect()
    }

    async fn cancel_checkout(&self, provider_payment_id: &str) -> Result<(), ProviderError> {
        let path = format!(
            "/v1/checkout/sessions/{}/expire",
            path_segment(provider_payment_id)
        );
        let key = format!("expire-{provider_payment_id}");
        self.api.call(|| self.post(&path, &key, &[])).await?;
        Ok(())
    }

    fn reconciles(&self) -> bool {
        true
    }

    async fn payment_state(
        &self,
        provider_payment_id: &str,
    ) -> Result<PaymentState, ProviderError> {
        let s = self.session(provider_payment_id).await?;
        Ok(match (s.status.as_deref(), s.payment_status.as_deref()) {
            (Some("complete"), Some("paid")) => match self.succeeded(&s) {
                Ok(ProviderEventKind::PaymentSucceeded {
                    amount_minor,
                    currency,
                    payer_name,
                    payer_email,
                    provider_ref,
                    ..
                }) => PaymentState::Paid {
                    amount_minor,
                    currency,
                    payer_name,
                    payer_email,
                    provider_ref,
                },
                _ => {
                    return Err(self
                        .api
                        .unavailable("paid session without an amount".into()));
                }
            },
            (Some("expired"), _) => PaymentState::Expired,
            // Complete but unpaid: a delayed method, failed once its intent wants
            // another payment method or was cancelled.
            (Some("complete"), _)
                if matches!(
                    s.payment_intent
                        .as_ref()
                        .and_then(|pi| pi.get("status"))
                        .and_then(Value::as_str),
                    Some("requires_payment_method" | "canceled")
                ) =>
            {
                PaymentState::Failed {
                    reason: "the delayed payment failed".into(),
                }
            }
            // Open, or complete with a delayed payment still running.
            _ => PaymentState::Pending,
        })
    }

    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_ms: i64,
    ) -> Result<ProviderEvent, WebhookError> {
        // Stripe's scheme: HMAC-SHA256 over "<t>.<body>", any v1 may match, 300 s window.
        let event: StripeEvent = signed_event(
            headers,
            SIGNATURE_HEADER,
            &self.webhook_secret,
            body,
            now_ms,
        )?;
        let session = || -> Result<StripeSession, WebhookError> {
            serde_json::from_value(event.data.object.clone())
                .map_err(|e| WebhookError::Malformed(format!("{}: {e}", event.kind)))
        };
        let kind = match event.kind.as_str() {
            "checkout.session.completed" => {
                let s = session()?;
                // Delayed methods (bank debits) complete unpaid; their result follows
                // as async_payment_succeeded or _failed.
                if s.payment_status.as_deref() == Some("paid") {
                    self.succeeded(&s)?
                } else {
                    ProviderEventKind::Ignored {
                        provider_type: format!(
                            "checkout.session.completed ({})",
                            s.payment_status.unwrap_or_default()
                        ),
                    }
                }
            }
            "checkout.session.async_payment_succeeded" => self.succeeded(&session()?)?,
            "checkout.session.async_payment_failed" => ProviderEventKind::PaymentFailed {
                provider_payment_id: session()?.id,
                reason: "the delayed payment failed".into(),
            },
            "checkout.session.expired" => ProviderEventKind::PaymentExpired {
                provider_payment_id: session()?.id,
            },
            "charge.refunded" => {
                let c: StripeCharge = serde_json::from_value(event.data.object.clone())
                    .map_err(|e| WebhookError::Malformed(format!("charge.refunded: {e}")))?;
                match id_of(c.payment_intent.as_ref()) {
                    Some(pi) => {
                        let (refunded_total_minor, currency) = self
                            .minor_of(c.amount_refunded, &c.currency)
                            .ok_or_else(|| WebhookError::Malformed("unknown currency".into()))?;
                        ProviderEventKind::Refunded {
                            provider_ref: pi,
                            refunded_total_minor,
                            currency,
                        }
                    }
                    None => ProviderEventKind::Ignored {
                        provider_type: "charge.refunded (no payment intent)".into(),
                    },
                }
            }
            other => ProviderEventKind::Ignored {
                provider_type: other.to_owned(),
            },
        };
        Ok(ProviderEvent {
            event_id: event.id,
            kind,
        })
    }
}
