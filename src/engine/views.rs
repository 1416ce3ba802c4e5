//! The public JSON shape of links, payments, refunds and events: one definition for the
//! REST API and for outgoing webhooks, so integrators see the same fields everywhere.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::store::{EventRow, LinkRow, PaymentRow, RefundRow};
use crate::domain::Currency;
use crate::domain::buyer::ShippingAddress;
use crate::domain::money::minor_to_decimal;
use crate::domain::terms::AmountChoice;

/// RFC 3339 in UTC with milliseconds, e.g. `2026-11-21T10:00:00.000Z`.
#[must_use]
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn decimal(minor: i64, currency: &str) -> String {
    match Currency::from_code(currency) {
        Ok(c) => minor_to_decimal(minor, c),
        // Stored currencies were validated on the way in; never fail a read on one.
        Err(_) => minor.to_string(),
    }
}

/// A `{key, value}` pair the seller attached to a link.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
pub struct Note {
    pub key: String,
    pub value: String,
}

/// Who the link is meant for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerView {
    pub name: Option<String>,
    pub email_address: Option<String>,
    pub phone_number: Option<String>,
}

/// A payment link as integrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkView {
    pub id: String,
    pub slug: String,
    pub url: String,
    pub qr_png_url: String,
    pub qr_svg_url: String,
    /// `active`, `paid`, `expired`, `cancelled`, `partially_refunded` or `refunded`.
    pub status: String,
    /// The amount in major units as a decimal string (`"250.00"`); `amount_minor` is exact.
    pub amount: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
    pub custom_link_ref: Option<String>,
    pub merchant_order_id: Option<String>,
    /// How many payments the link takes; null for a reusable link.
    pub usage_limit: Option<i64>,
    pub paid_count: i64,
    pub paid_amount_minor: i64,
    pub refunded_amount_minor: i64,
    pub customer_details: Option<CustomerView>,
    pub notes: Vec<Note>,
    pub success_url: Option<String>,
    pub failure_url: Option<String>,
    pub pending_url: Option<String>,
    pub provider: String,
    /// `card`, a bank QR rail, or null for every way the seller has.
    pub pay_via: Option<String>,
    #[schema(format = DateTime)]
    pub expires_at: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// Details the buyer page asks for before Pay when the link names no customer:
    /// `name`, `phone`, `email`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_required_fields: Vec<String>,
    /// Whether the buyer page asks for a shipping address.
    pub show_shipping_details: bool,
    /// As given on create, in PortOne's names (`billing_name`, `billing_email`,
    /// `billing_phone` in E.164, `billing_address` {`line_1`, `line_2`, `city`, `state`,
    /// `postal_code`, `country_code`, `locale`}).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub billing_details: Option<serde_json::Value>,
    /// As given on create, in PortOne's names (`shipping_name`, `shipping_email`,
    /// `shipping_phone`, `shipping_address`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub shipping_details: Option<serde_json::Value>,
    /// The payment methods the checkout offers, in the provider's names; absent: every
    /// method the seller's account has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chosen_payment_methods: Option<Vec<String>>,
    /// What is sold, when the link lists it; `amount` is its total.
    pub order_details: Option<Vec<ItemView>>,
    pub merchant_details: Option<MerchantView>,
    /// The buyer chooses the amount within these bounds; `amount` is the minimum.
    pub dynamic_amount: Option<DynamicAmountView>,
    /// The amount may be paid in parts.
    pub accept_partial: bool,
    pub first_min_partial_amount: Option<String>,
    /// What is still due on a link paid in parts (null for other links).
    pub remaining_amount: Option<String>,
    pub remaining_amount_minor: Option<i64>,
}

/// One line of a link's order (major units as decimal strings, minor units exact).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemView {
    pub name: String,
    pub quantity: i64,
    pub price: String,
    pub price_minor: i64,
}

/// Shipping and a promotion on an order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MerchantView {
    pub shipping_charges: String,
    pub promo_discount: String,
    pub promo_code: Option<String>,
}

/// The bounds of an amount the buyer chooses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DynamicAmountView {
    pub min_amount: String,
    pub max_amount: Option<String>,
    pub preset_amounts: Vec<String>,
}

impl LinkView {
    /// The view of `row`, with URLs under `public_url`.
    #[must_use]
    pub fn new(row: &LinkRow, public_url: &str) -> Self {
        let terms = row.terms();
        let remaining = row.balance_minor();
        let dec = |m: i64| minor_to_decimal(m, row.amount.currency());
        let url = format!("{public_url}/p/{}", row.slug);
        let customer = (row.customer_name.is_some()
            || row.customer_email.is_some()
            || row.customer_phone.is_some())
        .then(|| CustomerView {
            name: row.customer_name.clone(),
            email_address: row.customer_email.clone(),
            phone_number: row.customer_phone.clone(),
        });
        Self {
            id: row.id.to_string(),
            slug: row.slug.clone(),
            qr_png_url: format!("{url}/qr.png"),
            qr_svg_url: format!("{url}/qr.svg"),
            url,
            status: row.status.as_str().to_owned(),
            amount: decimal(row.amount.minor(), row.amount.currency().code()),
            amount_minor: row.amount.minor(),
            currency: row.amount.currency().code().to_owned(),
            description: row.description.clone(),
            custom_link_ref: row.custom_ref.clone(),
            merchant_order_id: row.merchant_order_id.clone(),
            usage_limit: row.usage_limit,
            paid_count: row.paid_count,
            paid_amount_minor: row.paid_minor,
            refunded_amount_minor: row.refunded_minor,
            customer_details: customer,
            notes: serde_json::from_str(&row.notes).unwrap_or_default(),
            success_url: row.success_url.clone(),
            failure_url: row.failure_url.clone(),
            pending_url: row.pending_url.clone(),
            provider: row.provider.clone(),
            pay_via: row.pay_via.clone(),
            expires_at: row.expires_at.map(rfc3339),
            created_at: rfc3339(row.created_at),
            updated_at: rfc3339(row.updated_at),
            order_details: terms.order.as_ref().map(|o| {
                o.items
                    .iter()
                    .map(|i| ItemView {
                        name: i.name.clone(),
                        quantity: i.quantity,
                        price: dec(i.unit_price_minor),
                        price_minor: i.unit_price_minor,
                    })
                    .collect()
            }),
            merchant_details: terms
                .order
                .as_ref()
                .filter(|o| {
                    o.shipping_minor > 0 || o.promo_discount_minor > 0 || o.promo_code.is_some()
                })
                .map(|o| MerchantView {
                    shipping_charges: dec(o.shipping_minor),
                    promo_discount: dec(o.promo_discount_minor),
                    promo_code: o.promo_code.clone(),
                }),
            dynamic_amount: match &terms.choice {
                Some(AmountChoice::Open {
                    min_minor,
                    max_minor,
                    presets,
                }) => Some(DynamicAmountView {
                    min_amount: dec(*min_minor),
                    max_amount: max_minor.map(dec),
                    preset_amounts: presets.iter().map(|p| dec(*p)).collect(),
                }),
                _ => None,
            },
            accept_partial: matches!(terms.choice, Some(AmountChoice::Partial { .. })),
            first_min_partial_amount: match &terms.choice {
                Some(AmountChoice::Partial { first_min_minor }) => Some(dec(*first_min_minor)),
                _ => None,
            },
            remaining_amount: remaining.map(dec),
            remaining_amount_minor: remaining,
            customer_required_fields: terms
                .customer_required_fields
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            show_shipping_details: terms.show_shipping_details,
            billing_details: terms
                .billing_details
                .and_then(|b| serde_json::to_value(b).ok()),
            shipping_details: terms
                .shipping_details
                .and_then(|s| serde_json::to_value(s).ok()),
            chosen_payment_methods: terms.chosen_payment_methods,
        }
    }
}

/// A payment attempt as integrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentView {
    pub id: String,
    pub link_id: String,
    pub provider: String,
    pub provider_payment_id: String,
    /// `pending`, `succeeded`, `failed`, `expired` or `mismatch`.
    pub status: String,
    pub method: String,
    pub amount: String,
    pub amount_minor: i64,
    pub currency: String,
    pub refunded_amount_minor: i64,
    pub payer_name: Option<String>,
    pub payer_email: Option<String>,
    pub failure_reason: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// The phone number the buyer gave on the page, in E.164.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_phone: Option<String>,
    /// The shipping address the buyer gave on the page: `line1`, `line2` (optional),
    /// `city`, `postal_code`, `country` (ISO 3166-1 alpha-2).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub shipping_address: Option<serde_json::Value>,
    /// The buyer's receipt page, once the payment succeeded (`…/r/{token}`; `.pdf` after
    /// it for the PDF). Anyone holding it can read that one receipt: it is meant to be
    /// forwarded to the buyer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_url: Option<String>,
}

impl From<&PaymentRow> for PaymentView {
    fn from(p: &PaymentRow) -> Self {
        Self {
            id: p.id.to_string(),
            link_id: p.link_id.to_string(),
            provider: p.provider.clone(),
            provider_payment_id: p.provider_payment_id.clone(),
            status: p.status.to_string(),
            method: p.method.clone(),
            amount: decimal(p.amount.minor(), p.amount.currency().code()),
            amount_minor: p.amount.minor(),
            currency: p.amount.currency().code().to_owned(),
            refunded_amount_minor: p.refunded_minor,
            payer_name: p.payer_name.clone(),
            payer_email: p.payer_email.clone(),
            failure_reason: p.failure_reason.clone(),
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            payer_phone: p.payer_phone.clone(),
            shipping_address: ShippingAddress::from_column(p.shipping_address.as_deref())
                .and_then(|a| serde_json::to_value(a).ok()),
            receipt_url: None,
        }
    }
}

/// A refund as integrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefundView {
    pub id: String,
    pub payment_id: String,
    pub link_id: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub amount: String,
    pub amount_minor: i64,
    pub currency: String,
    pub provider_refund_id: Option<String>,
    pub reason: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl RefundView {
    /// The view of `r`, in the link's currency.
    #[must_use]
    pub fn new(r: &RefundRow, currency: &str) -> Self {
        Self {
            id: r.id.to_string(),
            payment_id: r.payment_id.to_string(),
            link_id: r.link_id.to_string(),
            status: r.status.to_string(),
            amount: decimal(r.amount_minor, currency),
            amount_minor: r.amount_minor,
            currency: currency.to_owned(),
            provider_refund_id: r.provider_refund_id.clone(),
            reason: r.reason.clone(),
            created_at: rfc3339(r.created_at),
            updated_at: rfc3339(r.updated_at),
        }
    }
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventView {
    pub id: String,
    /// What happened: `link.created`, `link.opened`, `payment.succeeded`, `refund.succeeded`…
    #[serde(rename = "type")]
    pub kind: String,
    /// Details of the event; their fields depend on its type.
    pub data: serde_json::Value,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&EventRow> for EventView {
    fn from(e: &EventRow) -> Self {
        Self {
            id: e.id.to_string(),
            kind: e.kind.clone(),
            data: serde_json::from_str(&e.data).unwrap_or(serde_json::Value::Null),
            created_at: rfc3339(e.created_at),
        }
    }
}
