//! Xendit Invoices: an invoice per payment attempt, refunds through `/refunds`,
//! callbacks authenticated by the account's `x-callback-token`.
//!
//! Wire types are prefixed `Xendit…`; statuses are mapped in one `match`. Xendit sends
//! amounts as JSON numbers in major units: they are read and written as decimal text,
//! never as floating point.

use async_trait::async_trait;
use http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use subtle::ConstantTimeEq;

use super::api::{Api, Attempt, decimal_to_minor, minor_to_json_decimal, path_segment, to_units};
use crate::config::{Secret, XenditSettings};
use crate::domain::{Currency, Money};
use crate::engine::ports::{
    Checkout, CheckoutRequest, PaymentProvider, PaymentState, ProviderError, ProviderEvent,
    ProviderEventKind, ProviderRefund, RefundRequest, WebhookError,
};

/// The name in URLs and the database.
pub const NAME: &str = "xendit";
const TOKEN_HEADER: &str = "x-callback-token";
/// Xendit's invoice lifetime bounds, in seconds.
const MIN_DURATION_SECS: i64 = 60;
const MAX_DURATION_SECS: i64 = 31_536_000;
/// An invoice for a link without expiry lives a day.
const DEFAULT_DURATION_SECS: i64 = 86_400;

/// Xendit's decimals per currency: rupiah and dong are whole.
fn xendit_exponent(code: &str) -> u8 {
    match code {
        "IDR" | "VND" => 0,
        _ => 2,
    }
}

/// The invoice `payment_methods` codes a link may choose among when the account
/// configures none (<https://developers.xendit.co/api-reference/#create-invoice>): Indonesia,
/// the Philippines, Thailand, Vietnam and Malaysia.
const PAYMENT_METHODS: &[&str] = &[
    "CREDIT_CARD",
    // Indonesia
    "BCA",
    "BNI",
    "BSI",
    "BRI",
    "MANDIRI",
    "PERMATA",
    "SAHABAT_SAMPOERNA",
    "BNC",
    "ALFAMART",
    "INDOMARET",
    "OVO",
    "DANA",
    "SHOPEEPAY",
    "LINKAJA",
    "JENIUSPAY",
    "DD_BRI",
    "DD_BCA_KLIKPAY",
    "KREDIVO",
    "AKULAKU",
    "ATOME",
    "QRIS",
    // The Philippines
    "7ELEVEN",
    "CEBUANA",
    "DD_BPI",
    "DD_UBP",
    "DD_RCBC",
    "DD_BDO_EPAY",
    "DP_MLHUILLIER",
    "DP_PALAWAN",
    "DP_ECPAY_LOAN",
    "PAYMAYA",
    "GRABPAY",
    "GCASH",
    "BILLEASE",
    "CASHALO",
    "QRPH",
    // Thailand
    "PROMPTPAY",
    "LINEPAY",
    "WECHATPAY",
    "TRUEMONEY",
    "DD_SCB_MB",
    "DD_BBL_MB",
    "DD_KTB_MB",
    "DD_BAY_MB",
    "DD_KBANK_MB",
    // Vietnam
    "APPOTA",
    "ZALOPAY",
    "VNPTWALLET",
    "VIETTELPAY",
    // Malaysia
    "TOUCHNGO",
];

/// Xendit as a payment provider.
pub struct Xendit {
    api: Api,
    secret_key: Secret,
    callback_token: Secret,
    currencies: Vec<String>,
    payment_methods: Vec<String>,
}

#[derive(Serialize)]
struct XenditInvoiceRequest<'a> {
    external_id: &'a str,
    amount: Box<RawValue>,
    currency: &'a str,
    description: &'a str,
    invoice_duration: i64,
    success_redirect_url: &'a str,
    failure_redirect_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<XenditCustomer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_methods: Option<&'a [String]>,
    /// The invoice page's language: Xendit offers English and Indonesian.
    locale: &'static str,
}

#[derive(Serialize)]
struct XenditCustomer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    given_names: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    /// E.164.
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile_number: Option<&'a str>,
}

#[derive(Serialize)]
struct XenditRefundRequest<'a> {
    invoice_id: &'a str,
    amount: Box<RawValue>,
    reason: &'a str,
    metadata: XenditRefundMetadata<'a>,
}

#[derive(Serialize)]
struct XenditRefundMetadata<'a> {
    paychat_refund_id: &'a str,
}

/// An invoice as the API and the callbacks carry it (the parts we read).
#[derive(Debug, Deserialize)]
struct XenditInvoice {
    id: String,
    #[serde(default)]
    external_id: Option<String>,
    status: String,
    #[serde(default)]
    amount: Option<serde_json::Number>,
    #[serde(default)]
    paid_amount: Option<serde_json::Number>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    invoice_url: Option<String>,
    #[serde(default)]
    payer_email: Option<String>,
}

#[derive(Debug, Deserialize)]
struct XenditRefund {
    id: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    failure_code: Option<String>,
}

fn error_message(body: &Value) -> Option<String> {
    let message = body.get("message")?.as_str()?.to_owned();
    Some(match body.get("error_code").and_then(Value::as_str) {
        Some(code) => format!("{message} ({code})"),
        None => message,
    })
}

fn raw(decimal: String) -> Result<Box<RawValue>, ProviderError> {
    RawValue::from_string(decimal).map_err(|e| ProviderError::Unavailable {
        provider: NAME,
        detail: format!("amount not writable: {e}"),
    })
}

impl Xendit {
    pub fn new(settings: &XenditSettings) -> anyhow::Result<Self> {
        Ok(Self {
            api: Api::new(
                NAME,
                &settings.api_url,
                settings.request_timeout,
                settings.secret_key.clone(),
                error_message,
            )?,
            secret_key: settings.secret_key.clone(),
            callback_token: settings.callback_token.clone(),
            currencies: settings.currencies.clone(),
            payment_methods: settings.payment_methods.clone(),
        })
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.basic_auth(self.secret_key.expose(), Some(""))
    }

    /// The amount as Xendit's JSON number, or why Xendit cannot take it.
    fn decimal(&self, amount: Money) -> Result<String, ProviderError> {
        let code = amount.currency().code();
        if !self.currencies.iter().any(|c| c == code) {
            return Err(self.api.refused(format!(
                "Xendit does not take {code} on this account; it takes {}",
                self.currencies.join(", ")
            )));
        }
        if to_units(amount.minor(), amount.currency(), xendit_exponent(code)).is_none() {
            return Err(self.api.refused(format!(
                "Xendit takes {code} only in whole units; remove the decimals"
            )));
        }
        Ok(minor_to_json_decimal(amount.minor(), amount.currency()))
    }

    async fn get_invoice(&self, path: &str) -> Result<Value, ProviderError> {
        let url = self.api.url(path);
        self.api.call(|| self.auth(self.api.client.get(&url))).await
    }

    /// The invoice already made for `external_id`, if an earlier attempt made one.
    async fn existing(
        &self,
        external_id: &str,
        within: std::time::Duration,
    ) -> Result<Option<XenditInvoice>, ProviderError> {
        let request = self
            .auth(self.api.client.get(self.api.url("/v2/invoices")))
            .timeout(within)
            .query(&[("external_id", external_id)]);
        let v = match self.api.once(request).await {
            Ok(v) => v,
            Err(Attempt::Refused(m)) => return Err(self.api.refused(m)),
            Err(Attempt::Denied(d) | Attempt::Unsure(d)) => return Err(self.api.unavailable(d)),
        };
        let list: Vec<XenditInvoice> = serde_json::from_value(v).unwrap_or_default();
        Ok(list
            .into_iter()
            .find(|i| i.external_id.as_deref() == Some(external_id)))
    }

    fn paid(i: &XenditInvoice) -> Option<(i64, String)> {
        let code = i.currency.clone().unwrap_or_else(|| "IDR".into());
        let currency = Currency::from_code(&code).ok()?;
        let n = i.paid_amount.as_ref().or(i.amount.as_ref())?;
        Some((decimal_to_minor(n, currency)?, currency.code().to_owned()))
    }
}

#[async_trait]
impl PaymentProvider for Xendit {
    fn name(&self) -> &'static str {
        NAME
    }

    fn check_amount(&self, amount: Money) -> Result<(), ProviderError> {
        self.decimal(amount).map(|_| ())
    }

    /// The account's configured methods when it has any (a link may narrow them), else
    /// every code Xendit's invoices take.
    fn payment_methods(&self) -> Vec<String> {
        if self.payment_methods.is_empty() {
            PAYMENT_METHODS.iter().map(|&m| m.to_owned()).collect()
        } else {
            self.payment_methods.clone()
        }
    }

    async fn create_checkout(&self, req: &CheckoutRequest) -> Result<Checkout, ProviderError> {
        let decimal = self.decimal(req.amount)?;
        let duration = req
            .expires_at_ms
            .map_or(DEFAULT_DURATION_SECS, |t| (t - req.now_ms) / 1000)
            .clamp(MIN_DURATION_SECS, MAX_DURATION_SECS);
        let description = if req.description.trim().is_empty() {
            req.seller_name.as_str()
        } else {
            req.description.as_str()
        };
        let body = serde_json::to_vec(&XenditInvoiceRequest {
            external_id: req.payment_id.as_str(),
            amount: raw(decimal)?,
            currency: req.amount.currency().code(),
            description,
            invoice_duration: duration,
            success_redirect_url: &req.return_url,
            failure_redirect_url: &req.cancel_url,
            customer: (req.customer_email.is_some()
                || req.customer_name.is_some()
                || req.customer_phone.is_some())
            .then_some(XenditCustomer {
                given_names: req.customer_name.as_deref(),
                email: req.customer_email.as_deref(),
                mobile_number: req.customer_phone.as_deref(),
            }),
            // The link's choice, else the account's.
            payment_methods: req.payment_methods.as_deref().or_else(|| {
                (!self.payment_methods.is_empty()).then_some(self.payment_methods.as_slice())
            }),
            locale: if req.locale == "id" { "id" } else { "en" },
        })
        .map_err(|e| self.api.unavailable(e.to_string()))?;
        let url = self.api.url("/v2/invoices");
        // Invoices are not promised to honour idempotency keys: after an answer that
        // leaves it unclear whether the invoice was made, look it up by our id before
        // trying again, so one attempt never makes two invoices. All within one
        // deadline, so the buyer's request is answered in time.
        let deadline = self.api.deadline();
        let mut last = String::from("no time left to try");
        let mut invoice = None;
        for attempt in 0..2 {
            if attempt > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            let Some(slice) = self.api.slice(deadline) else {
                break;
            };
            let request = self
                .auth(self.api.client.post(&url))
                .timeout(slice)
                .header("idempotency-key", req.payment_id.as_str())
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
            match self.api.once(request).await {
                Ok(v) => {
                    invoice =
                        Some(serde_json::from_value::<XenditInvoice>(v).map_err(|e| {
                            self.api.unavailable(format!("unreadable invoice: {e}"))
                        })?);
                    break;
                }
                Err(Attempt::Refused(m)) => return Err(self.api.refused(m)),
                Err(Attempt::Denied(d)) => return Err(self.api.unavailable(d)),
                Err(Attempt::Unsure(detail)) => last = detail,
            }
            let Some(slice) = self.api.slice(deadline) else {
                break;
            };
            match self.existing(req.payment_id.as_str(), slice).await {
                Ok(Some(found)) => {
                    invoice = Some(found);
                    break;
                }
                Ok(None) => {}
                // Unknown whether the first one exists: a second could be a duplicate.
                Err(e) => return Err(e),
            }
        }
        let invoice = invoice.ok_or_else(|| self.api.unavailable(last))?;
        let redirect_url = invoice.invoice_url.ok_or_else(|| {
            self.api
                .unavailable("invoice without an invoice_url".into())
        })?;
        Ok(Checkout {
            provider_payment_id: invoice.id,
            redirect_url,
        })
    }

    async fn refund(&self, req: &RefundRequest) -> Result<ProviderRefund, ProviderError> {
        let decimal = self.decimal(req.amount)?;
        let body = serde_json::to_vec(&XenditRefundRequest {
            invoice_id: &req.provider_payment_id,
            amount: raw(decimal)?,
            reason: "REQUESTED_BY_CUSTOMER",
            metadata: XenditRefundMetadata {
                paychat_refund_id: req.refund_id.as_str(),
            },
        })
        .map_err(|e| self.api.unavailable(e.to_string()))?;
        let url = self.api.url("/refunds");
        let v = self
            .api
            .call(|| {
                self.auth(self.api.client.post(&url))
                    .header("idempotency-key", req.refund_id.as_str())
                    .header(http::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
            })
            .await?;
        let r: XenditRefund = serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable refund: {e}")))?;
        match r.status.as_deref() {
            Some("FAILED") => Err(self.api.refused(format!(
                "the refund failed ({})",
                r.failure_code.unwrap_or_else(|| "no reason given".into())
            ))),
            _ => Ok(ProviderRefund {
                provider_refund_id: r.id,
            }),
        }
    }

    async fn cancel_checkout(&self, provider_payment_id: &str) -> Result<(), ProviderError> {
        let url = self.api.url(&format!(
            "/invoices/{}/expire!",
            path_segment(provider_payment_id)
        ));
        self.api
            .call(|| self.auth(self.api.client.post(&url)))
            .await?;
        Ok(())
    }

    fn reconciles(&self) -> bool {
        true
    }

    async fn payment_state(
        &self,
        provider_payment_id: &str,
    ) -> Result<PaymentState, ProviderError> {
        let v = self
            .get_invoice(&format!(
                "/v2/invoices/{}",
                path_segment(provider_payment_id)
            ))
            .await?;
        let i: XenditInvoice = serde_json::from_value(v)
            .map_err(|e| self.api.unavailable(format!("unreadable invoice: {e}")))?;
        Ok(match i.status.as_str() {
            "PAID" | "SETTLED" => {
                let (amount_minor, currency) = Self::paid(&i).ok_or_else(|| {
                    self.api
                        .unavailable("paid invoice without an amount".into())
                })?;
                PaymentState::Paid {
                    amount_minor,
                    currency,
                    payer_name: None,
                    payer_email: i.payer_email,
                    provider_ref: None,
                }
            }
            "EXPIRED" => PaymentState::Expired,
            _ => PaymentState::Pending,
        })
    }

    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        _now_ms: i64,
    ) -> Result<ProviderEvent, WebhookError> {
        let given = headers
            .get(TOKEN_HEADER)
            .map(|v| v.as_bytes())
            .ok_or(WebhookError::BadSignature)?;
        if !bool::from(given.ct_eq(self.callback_token.expose().as_bytes())) {
            return Err(WebhookError::BadSignature);
        }
        let invoice: XenditInvoice =
            serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        // Invoice callbacks carry no event id; one status of one invoice is one event.
        let event_id = format!("{}:{}", invoice.id, invoice.status);
        let kind = match invoice.status.as_str() {
            // SETTLED follows PAID when the money reaches the balance; either one alone
            // means the buyer paid.
            "PAID" | "SETTLED" => {
                let (amount_minor, currency) = Self::paid(&invoice).ok_or_else(|| {
                    WebhookError::Malformed("paid invoice without a readable amount".into())
                })?;
                ProviderEventKind::PaymentSucceeded {
                    provider_payment_id: invoice.id,
                    amount_minor,
                    currency,
                    payer_name: None,
                    payer_email: invoice.payer_email,
                    provider_ref: None,
                }
            }
            "EXPIRED" => ProviderEventKind::PaymentExpired {
                provider_payment_id: invoice.id,
            },
            other => ProviderEventKind::Ignored {
                provider_type: format!("invoice {other}"),
            },
        };
        Ok(ProviderEvent { event_id, kind })
    }
}
