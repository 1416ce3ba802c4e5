//! The body of a new link as the REST API reads it, shared by `POST /api/v1/links` and
//! bulk uploads (whose CSV rows become this body): one reading, one set of refusals.
//!
//! Refusals are [`FieldError`]s (a stable code, the field, a sentence), which the HTTP
//! door answers as 400 and the chat doors say in the seller's language.

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{RefOr, SchemaFormat};

use super::EngineError;
use super::buyer_body::{BillingDetailsBody, BuyerFields, ShippingDetailsBody, add_buyer_terms};
pub use super::json_input::{MinorUnits, amount_text, minor_units, read_json};
use super::links::{NewLinkInput, parse_time};
use super::outreach::OutreachRequest;
use super::terms_body::{DynamicAmountBody, MerchantDetailsBody, OrderItemBody, TermsBody};
use super::views::Note;
use crate::domain::{Currency, Money};

/// Input refused: a stable `code`, the `field` it is about when there is one, and a
/// sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl FieldError {
    /// A refusal of `field`.
    pub fn new(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// A refusal of the whole body.
    pub fn body(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            message: message.into(),
        }
    }
}

impl From<EngineError> for FieldError {
    /// Reading input fails only with [`EngineError::Invalid`]; anything else is kept as
    /// its sentence.
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Invalid {
                field,
                code,
                message,
            } => Self {
                code,
                field: field.map(str::to_owned),
                message,
            },
            other => Self::body("invalid", other.to_string()),
        }
    }
}

/// `Some(None)` for an explicit `null`, `None` when absent.
pub fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Who the link is meant for.
#[derive(Deserialize, ToSchema)]
pub struct CustomerDetails {
    name: Option<String>,
    #[schema(format = Email)]
    email_address: Option<String>,
    /// Digits, optionally with a leading `+`, spaces, dashes and parentheses.
    #[schema(example = "+66 81 234 5678")]
    phone_number: Option<String>,
}

/// A new payment link. Send `amount` (major units) or `amount_minor`; unknown fields are
/// ignored.
#[derive(Deserialize, ToSchema)]
pub struct CreateLinkBody {
    /// The amount in major units: a decimal string (`"250.00"`) or a JSON number, read
    /// from its literal text, never through a float.
    #[schema(schema_with = amount_schema)]
    amount: Option<Box<RawValue>>,
    /// The amount in the currency's minor units (`25000` for 250.00 THB).
    #[serde(default, deserialize_with = "minor_units")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    amount_minor: Option<MinorUnits>,
    /// An ISO 4217 code such as `THB` (any case).
    #[schema(example = "THB", pattern = "^[A-Za-z]{3}$")]
    currency: String,
    description: Option<String>,
    customer_details: Option<CustomerDetails>,
    /// When the link stops taking payments (RFC 3339); `links.default_expiry` from now
    /// when absent.
    #[schema(format = DateTime)]
    expiry_date: Option<String>,
    custom_link_ref: Option<String>,
    /// `card`, a bank QR rail (`promptpay`…), or absent for every way the seller has.
    pay_via: Option<String>,
    merchant_order_id: Option<String>,
    notes: Option<Vec<Note>>,
    /// Where the buyer goes after paying: an http or https URL.
    #[schema(format = "uri")]
    success_url: Option<String>,
    /// Where the buyer goes after a failed payment: an http or https URL.
    #[schema(format = "uri")]
    failure_url: Option<String>,
    /// Where the buyer goes while a payment is pending: an http or https URL.
    #[schema(format = "uri")]
    pending_url: Option<String>,
    /// How many payments the link takes: 1 when absent, null for a reusable link.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, default = 1, minimum = 1, maximum = 1_000_000)]
    usage_limit: Option<Option<i64>>,
    /// What is sold; the amount is their total (send no amount, or exactly the total).
    order_details: Option<Vec<OrderItemBody>>,
    /// Shipping and a promotion on `order_details`.
    merchant_details: Option<MerchantDetailsBody>,
    /// The buyer chooses the amount (send no amount).
    dynamic_amount: Option<DynamicAmountBody>,
    /// The amount may be paid in parts; the first at least `first_min_partial_amount`.
    accept_partial: Option<bool>,
    /// Major units; any amount when absent.
    #[schema(value_type = Option<String>, example = "300.00")]
    first_min_partial_amount: Option<Box<RawValue>>,
    /// Details the buyer page asks for before Pay when `customer_details` is absent:
    /// any of `name`, `phone`, `email`.
    #[schema(example = json!(["name", "phone"]))]
    customer_required_fields: Option<Vec<String>>,
    /// The buyer page asks for a shipping address (line 1, line 2 optional, city,
    /// postal code, country), unless `shipping_details.shipping_address` is given.
    show_shipping_details: Option<bool>,
    billing_details: Option<BillingDetailsBody>,
    shipping_details: Option<ShippingDetailsBody>,
    /// The payment methods the checkout offers, in the provider's names (Stripe's
    /// `payment_method_types` such as `card`, `promptpay`; Xendit's codes such as
    /// `QRIS`, `OVO`); absent: every method the seller's account has.
    #[schema(example = json!(["card", "promptpay"]))]
    chosen_payment_methods: Option<Vec<String>>,
    /// Send the link to `customer_details.email_address` (required with it) by e-mail.
    notify_by_email: Option<bool>,
    /// Send the link to `customer_details.phone_number` (required with it; normalised to
    /// E.164, read in the country of the link's currency unless it starts with `+`) by
    /// SMS. With `notify_by_email` too, the buyer gets both.
    notify_by_phone: Option<bool>,
    /// With `notify_by_email` or `notify_by_phone`: send at once (the default without
    /// `scheduled_date`).
    send_immediately: Option<bool>,
    /// With `notify_by_email` or `notify_by_phone`: when to send (RFC 3339), in the
    /// future and before the link expires.
    #[schema(format = DateTime)]
    scheduled_date: Option<String>,
    /// The buyer's language for the messages and the page they link to (`en`, `th`,
    /// `id`, `vi`, `pt-BR`, `es`); the seller's when absent.
    #[schema(example = "th")]
    language: Option<String>,
    /// With `notify_by_email` and `expiry_date`: a reminder e-mail this long before the
    /// link expires (with `reminder_time_unit`).
    #[schema(minimum = 1, example = 1)]
    reminder_time: Option<i64>,
    /// `minutes`, `hours` or `days`: the unit of `reminder_time`.
    #[schema(example = "days")]
    reminder_time_unit: Option<String>,
    /// Several reminders (at most 5, all different) instead of `reminder_time`.
    #[schema(example = json!([{"time": 1, "unit": "days"}, {"time": 2, "unit": "hours"}]))]
    reminders: Option<Vec<ReminderBody>>,
    /// With `notify_by_email`: one e-mail `outreach.second_chance_after_mins` after the
    /// buyer started a checkout and did not pay, or a payment failed.
    second_chance: Option<bool>,
}

/// A reminder before the link expires.
#[derive(Deserialize, ToSchema)]
pub struct ReminderBody {
    /// How long before expiry, in `unit`s; a positive integer.
    #[schema(minimum = 1, example = 1)]
    time: i64,
    /// `minutes`, `hours` or `days`.
    #[schema(example = "days")]
    unit: String,
}

/// An amount in major units as the API reads it: a decimal string, a number, or null.
pub fn amount_schema() -> impl Into<RefOr<Schema>> {
    OneOfBuilder::new()
        .description(Some(
            "The amount in major units: a decimal string (`\"250.00\"`) or a JSON number, \
             read from its literal text, never through a float.",
        ))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"^[0-9]{1,12}(\.[0-9]{1,4})?$"))
                .examples(["250.00"]),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .format(Some(SchemaFormat::Custom("decimal".into()))),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
}

/// The amount of a request in `currency`, from `amount` (major units, read from its
/// literal text) or `amount_minor`; both given must agree. `None` when neither is.
pub fn amount_of(
    raw: Option<&RawValue>,
    minor: Option<MinorUnits>,
    currency: Currency,
) -> Result<Option<Money>, FieldError> {
    let minor = minor.map(|m| m.get("amount_minor")).transpose()?;
    Ok(Some(match (raw.filter(|r| r.get() != "null"), minor) {
        (Some(raw), minor) => {
            let m = Money::parse_decimal(&amount_text("amount", raw)?, currency)
                .map_err(|e| FieldError::from(EngineError::amount("amount", &e)))?;
            if minor.is_some_and(|x| x != m.minor()) {
                return Err(FieldError::new(
                    "amount_conflict",
                    "amount_minor",
                    "amount and amount_minor disagree; send one of them",
                ));
            }
            m
        }
        (None, Some(minor)) => Money::from_minor(minor, currency)
            .map_err(|e| FieldError::from(EngineError::amount("amount_minor", &e)))?,
        (None, None) => return Ok(None),
    }))
}

/// The link a create body asks for.
///
/// # Errors
/// The first field that is missing or invalid.
pub fn link_input(body: CreateLinkBody) -> Result<NewLinkInput, FieldError> {
    let currency = Currency::from_code(&body.currency)
        .map_err(|e| FieldError::new("currency_unknown", "currency", e.to_string()))?;
    let explicit = amount_of(body.amount.as_deref(), body.amount_minor, currency)?;
    let (amount, mut terms) = TermsBody {
        order_details: body.order_details,
        merchant_details: body.merchant_details,
        dynamic_amount: body.dynamic_amount,
        accept_partial: body.accept_partial,
        first_min_partial_amount: body.first_min_partial_amount,
    }
    .resolve(explicit, currency)?;
    let amount = amount.ok_or_else(|| {
        FieldError::new(
            "missing_field",
            "amount",
            "amount (major units) or amount_minor is required",
        )
    })?;
    let expires_at = body
        .expiry_date
        .as_deref()
        .map(|s| parse_time("expiry_date", s))
        .transpose()
        .map_err(FieldError::from)?;
    let mut outreach = outreach_of(
        body.notify_by_email,
        body.notify_by_phone,
        body.send_immediately,
        body.scheduled_date.as_deref(),
        body.language,
    )?;
    follow_ups_of(
        &mut outreach,
        body.reminder_time,
        body.reminder_time_unit.as_deref(),
        body.reminders,
        body.second_chance,
        body.expiry_date.is_some(),
    )?;
    let customer = body.customer_details;
    add_buyer_terms(
        &mut terms,
        BuyerFields {
            customer_required_fields: body.customer_required_fields,
            show_shipping_details: body.show_shipping_details,
            billing_details: body.billing_details,
            shipping_details: body.shipping_details,
            chosen_payment_methods: body.chosen_payment_methods,
        },
    )?;
    Ok(NewLinkInput {
        amount,
        description: body.description.unwrap_or_default(),
        expires_at,
        custom_ref: body.custom_link_ref,
        merchant_order_id: body.merchant_order_id,
        usage_limit: body.usage_limit.unwrap_or(Some(1)),
        customer_name: customer.as_ref().and_then(|c| c.name.clone()),
        customer_email: customer.as_ref().and_then(|c| c.email_address.clone()),
        customer_phone: customer.and_then(|c| c.phone_number),
        notes: body.notes.unwrap_or_default(),
        success_url: body.success_url,
        failure_url: body.failure_url,
        pending_url: body.pending_url,
        origin: None,
        slug: None,
        pay_via: body.pay_via,
        duplicate_of: None,
        terms,
        outreach,
        no_seller_reminder: false,
    })
}

/// The message to the buyer a create request asks for (`notify_by_email`,
/// `notify_by_phone` and their companions); companions without either are refused, not
/// ignored.
fn outreach_of(
    notify_by_email: Option<bool>,
    notify_by_phone: Option<bool>,
    send_immediately: Option<bool>,
    scheduled_date: Option<&str>,
    language: Option<String>,
) -> Result<Option<OutreachRequest>, FieldError> {
    let (email, phone) = (notify_by_email == Some(true), notify_by_phone == Some(true));
    if !email && !phone {
        let stray = [
            ("send_immediately", send_immediately.is_some()),
            ("scheduled_date", scheduled_date.is_some()),
            ("language", language.is_some()),
        ]
        .into_iter()
        .find(|(_, set)| *set);
        if let Some((field, _)) = stray {
            return Err(FieldError::new(
                "notify_missing",
                field,
                format!("{field} needs notify_by_email: true or notify_by_phone: true"),
            ));
        }
        return Ok(None);
    }
    let scheduled_at = scheduled_date
        .map(|s| parse_time("scheduled_date", s))
        .transpose()
        .map_err(FieldError::from)?;
    Ok(Some(OutreachRequest {
        email,
        phone,
        send_immediately,
        scheduled_at,
        language,
        ..OutreachRequest::default()
    }))
}

/// Milliseconds of `time` `unit`s before expiry; refusals name `fields` (time, unit).
fn reminder_ms(time: i64, unit: &str, fields: (String, String)) -> Result<i64, FieldError> {
    let unit_ms: i64 = match unit.trim().to_ascii_lowercase().as_str() {
        "minutes" => 60_000,
        "hours" => 3_600_000,
        "days" => 86_400_000,
        _ => {
            return Err(FieldError::new(
                "reminder_unit_unknown",
                fields.1,
                "the reminder's unit must be minutes, hours or days",
            ));
        }
    };
    if time <= 0 {
        return Err(FieldError::new(
            "reminder_time_invalid",
            fields.0.clone(),
            "the reminder's time must be a positive integer",
        ));
    }
    time.checked_mul(unit_ms).ok_or_else(|| {
        FieldError::new(
            "reminder_time_invalid",
            fields.0,
            "the reminder's time is too large",
        )
    })
}

/// Adds the reminders (`reminder_time` + `reminder_time_unit`, or `reminders`) and the
/// second chance to the outreach; all need `notify_by_email` or `notify_by_phone`, reminders an
/// `expiry_date`. Their times against the link are checked when it is made.
fn follow_ups_of(
    outreach: &mut Option<OutreachRequest>,
    reminder_time: Option<i64>,
    reminder_unit: Option<&str>,
    reminders: Option<Vec<ReminderBody>>,
    second_chance: Option<bool>,
    expiry_given: bool,
) -> Result<(), FieldError> {
    let Some(req) = outreach else {
        let stray = [
            ("reminder_time", reminder_time.is_some()),
            ("reminder_time_unit", reminder_unit.is_some()),
            ("reminders", reminders.is_some()),
            ("second_chance", second_chance == Some(true)),
        ]
        .into_iter()
        .find(|(_, set)| *set);
        if let Some((field, _)) = stray {
            return Err(FieldError::new(
                "notify_missing",
                field,
                format!("{field} needs notify_by_email: true or notify_by_phone: true"),
            ));
        }
        return Ok(());
    };
    req.second_chance = second_chance == Some(true);
    let single = reminder_time.is_some() || reminder_unit.is_some();
    let (offsets, field) = match (single, reminders) {
        (true, Some(_)) => {
            return Err(FieldError::new(
                "reminder_conflict",
                "reminders",
                "send reminder_time and reminder_time_unit, or reminders, not both",
            ));
        }
        (true, None) => {
            let (Some(time), Some(unit)) = (reminder_time, reminder_unit) else {
                let missing = if reminder_time.is_none() {
                    "reminder_time"
                } else {
                    "reminder_time_unit"
                };
                return Err(FieldError::new(
                    "missing_field",
                    missing,
                    "reminder_time and reminder_time_unit go together",
                ));
            };
            (
                vec![reminder_ms(
                    time,
                    unit,
                    ("reminder_time".into(), "reminder_time_unit".into()),
                )?],
                "reminder_time",
            )
        }
        (false, Some(list)) => {
            if list.len() > super::reminders::MAX_REMINDERS {
                return Err(FieldError::new(
                    "too_many_reminders",
                    "reminders",
                    format!("at most {} reminders", super::reminders::MAX_REMINDERS),
                ));
            }
            let mut offsets = Vec::with_capacity(list.len());
            for (i, r) in list.iter().enumerate() {
                let ms = reminder_ms(
                    r.time,
                    &r.unit,
                    (
                        format!("reminders[{i}].time"),
                        format!("reminders[{i}].unit"),
                    ),
                )?;
                if offsets.contains(&ms) {
                    return Err(FieldError::new(
                        "reminder_duplicate",
                        format!("reminders[{i}]"),
                        "two reminders fall at the same time",
                    ));
                }
                offsets.push(ms);
            }
            (offsets, "reminders")
        }
        (false, None) => (Vec::new(), "reminders"),
    };
    if !offsets.is_empty() && !expiry_given {
        return Err(FieldError::new(
            "reminder_needs_expiry",
            "expiry_date",
            "reminders fall before the link expires: send an expiry_date",
        ));
    }
    req.reminders = offsets;
    req.reminders_field = field;
    Ok(())
}
