//! What Stripe sends and answers, as far as paychat reads it.

use serde::Deserialize;
use serde_json::Value;

/// `POST /v1/checkout/sessions` and `GET …/{id}` answer with this (the parts we read).
#[derive(Debug, Deserialize)]
pub(super) struct StripeSession {
    pub(super) id: String,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) status: Option<String>,
    #[serde(default)]
    pub(super) payment_status: Option<String>,
    #[serde(default)]
    pub(super) amount_total: Option<i64>,
    #[serde(default)]
    pub(super) currency: Option<String>,
    /// An id, or the object when expanded.
    #[serde(default)]
    pub(super) payment_intent: Option<Value>,
    #[serde(default)]
    pub(super) customer_details: Option<StripeCustomerDetails>,
    /// Present when Stripe showed the buyer another currency (Adaptive Pricing): then
    /// the top-level amount is the buyer's, and this holds the seller's.
    #[serde(default)]
    pub(super) currency_conversion: Option<StripeCurrencyConversion>,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeCurrencyConversion {
    pub(super) amount_total: i64,
    pub(super) source_currency: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeCustomerDetails {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) email: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeRefund {
    pub(super) id: String,
    #[serde(default)]
    pub(super) status: Option<String>,
    #[serde(default)]
    pub(super) failure_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeEvent {
    pub(super) id: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) data: StripeEventData,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeEventData {
    pub(super) object: Value,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeCharge {
    #[serde(default)]
    pub(super) payment_intent: Option<Value>,
    pub(super) amount_refunded: i64,
    pub(super) currency: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeRefundList {
    #[serde(default)]
    pub(super) data: Vec<StripeListedRefund>,
}

#[derive(Debug, Deserialize)]
pub(super) struct StripeListedRefund {
    pub(super) id: String,
    pub(super) amount: i64,
    pub(super) currency: String,
    pub(super) status: String,
    #[serde(default)]
    pub(super) metadata: std::collections::HashMap<String, String>,
}

pub(super) fn error_message(body: &Value) -> Option<String> {
    let e = body.get("error")?;
    let message = e.get("message")?.as_str()?.to_owned();
    Some(match e.get("code").and_then(Value::as_str) {
        Some(code) => format!("{message} ({code})"),
        None => message,
    })
}

/// An id that may arrive as a string or an expanded object.
pub(super) fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}
