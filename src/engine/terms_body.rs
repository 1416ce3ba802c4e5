//! The create-link fields for a link's terms: items (`order_details`, PortOne's
//! `merchant_details` for shipping and a promotion), an amount the buyer chooses
//! (`dynamic_amount`) and payment in parts (Razorpay's `accept_partial`). Amounts are in
//! major units, read from their literal text like `amount`.

use serde::Deserialize;
use serde_json::value::RawValue;
use utoipa::ToSchema;

use super::EngineError;
use super::link_body::FieldError;
use super::link_body::amount_text;
use crate::domain::terms::{AmountChoice, Item, LinkTerms, OrderDetails};
use crate::domain::{Currency, Money, MoneyError};

/// One line of an order. PortOne's `item_name`/`item_quantity`/`item_price` are read too.
#[derive(Deserialize, ToSchema)]
pub struct OrderItemBody {
    #[serde(alias = "item_name")]
    name: String,
    /// 1 when absent.
    #[serde(alias = "item_quantity")]
    #[schema(minimum = 1, maximum = 1_000_000)]
    quantity: Option<i64>,
    /// The unit price in major units (`"45.00"` or `45`).
    #[serde(alias = "item_price")]
    #[schema(value_type = Option<String>, example = "45.00")]
    price: Option<Box<RawValue>>,
    /// The unit price in minor units.
    #[serde(default, deserialize_with = "super::json_input::minor_units")]
    #[schema(value_type = Option<i64>)]
    price_minor: Option<super::json_input::MinorUnits>,
}

/// Shipping and a promotion on an order, as PortOne names them (major units).
#[derive(Deserialize, ToSchema)]
pub struct MerchantDetailsBody {
    #[schema(value_type = Option<String>, example = "40.00")]
    shipping_charges: Option<Box<RawValue>>,
    #[schema(value_type = Option<String>, example = "10.00")]
    promo_discount: Option<Box<RawValue>>,
    promo_code: Option<String>,
}

/// The buyer chooses the amount: at least `min_amount`, at most `max_amount`, with up
/// to six preset buttons (major units).
#[derive(Deserialize, ToSchema)]
pub struct DynamicAmountBody {
    #[schema(value_type = String, example = "20.00")]
    min_amount: Box<RawValue>,
    #[schema(value_type = Option<String>, example = "5000.00")]
    max_amount: Option<Box<RawValue>>,
    #[schema(value_type = Option<Vec<String>>)]
    preset_amounts: Option<Vec<Box<RawValue>>>,
}

/// The terms fields of a create request, as sent.
pub struct TermsBody {
    pub order_details: Option<Vec<OrderItemBody>>,
    pub merchant_details: Option<MerchantDetailsBody>,
    pub dynamic_amount: Option<DynamicAmountBody>,
    pub accept_partial: Option<bool>,
    pub first_min_partial_amount: Option<Box<RawValue>>,
}

/// A positive amount in major units on `field`.
fn major(field: &'static str, raw: &RawValue, currency: Currency) -> Result<i64, FieldError> {
    Money::parse_decimal(&amount_text(field, raw)?, currency)
        .map(Money::minor)
        .map_err(|e| FieldError::from(EngineError::amount(field, &e)))
}

/// Zero or more, in major units: shipping and discounts may be nothing.
fn major_or_zero(
    (field, negative): (&'static str, &'static str),
    raw: &RawValue,
    currency: Currency,
) -> Result<i64, FieldError> {
    let text = amount_text(field, raw)?;
    match Money::parse_decimal(&text, currency) {
        Ok(m) => Ok(m.minor()),
        // Zero is none; below zero is refused, never read as none.
        Err(MoneyError::NotPositive) if text.trim_start().starts_with('-') => Err(FieldError::new(
            negative,
            field,
            format!("{field} cannot be negative"),
        )),
        Err(MoneyError::NotPositive) => Ok(0),
        Err(e) => Err(FieldError::from(EngineError::amount(field, &e))),
    }
}

fn present(raw: Option<&RawValue>) -> Option<&RawValue> {
    raw.filter(|r| r.get() != "null")
}

impl TermsBody {
    /// The link's amount and terms: the items' total when no amount was given (the
    /// engine refuses one that differs), the minimum of a dynamic amount.
    pub fn resolve(
        self,
        explicit: Option<Money>,
        currency: Currency,
    ) -> Result<(Option<Money>, LinkTerms), FieldError> {
        let mut terms = LinkTerms::default();
        let mut amount = explicit;
        if let Some(items) = self.order_details {
            let mut order = OrderDetails::default();
            for item in items {
                let price_minor = item
                    .price_minor
                    .map(|m| m.get("order_details.price_minor"))
                    .transpose()?;
                let unit = match (present(item.price.as_deref()), price_minor) {
                    (Some(raw), minor) => {
                        let v = major("order_details.price", raw, currency)?;
                        if minor.is_some_and(|m| m != v) {
                            return Err(FieldError::new(
                                "amount_conflict",
                                "order_details.price_minor",
                                "price and price_minor disagree; send one of them",
                            ));
                        }
                        v
                    }
                    (None, Some(minor)) => minor,
                    (None, None) => {
                        return Err(FieldError::new(
                            "missing_field",
                            "order_details.price",
                            format!("item {:?} needs a price or price_minor", item.name),
                        ));
                    }
                };
                order.items.push(Item {
                    name: item.name.trim().to_owned(),
                    quantity: item.quantity.unwrap_or(1),
                    unit_price_minor: unit,
                });
            }
            if let Some(m) = self.merchant_details {
                if let Some(raw) = present(m.shipping_charges.as_deref()) {
                    order.shipping_minor = major_or_zero(
                        ("merchant_details.shipping_charges", "shipping_negative"),
                        raw,
                        currency,
                    )?;
                }
                if let Some(raw) = present(m.promo_discount.as_deref()) {
                    order.promo_discount_minor = major_or_zero(
                        ("merchant_details.promo_discount", "promo_discount_negative"),
                        raw,
                        currency,
                    )?;
                }
                order.promo_code = m.promo_code.map(|c| c.trim().to_owned());
            }
            let total = order
                .total()
                .map_err(|e| FieldError::from(EngineError::invalid(e.field, e.code, e.message)))?;
            if amount.is_none() {
                amount = Some(
                    Money::from_minor(total, currency)
                        .map_err(|e| FieldError::from(EngineError::amount("order_details", &e)))?,
                );
            }
            terms.order = Some(order);
        } else if self.merchant_details.is_some() {
            return Err(FieldError::new(
                "order_details_required",
                "merchant_details",
                "merchant_details (shipping, promotion) apply to order_details: send the items too",
            ));
        }
        let partial = self.accept_partial.unwrap_or(false);
        if let Some(d) = self.dynamic_amount {
            if explicit.is_some() || partial {
                return Err(FieldError::new(
                    "dynamic_amount_conflict",
                    "dynamic_amount",
                    "with dynamic_amount the buyer chooses: leave out amount and accept_partial",
                ));
            }
            let min = major("dynamic_amount.min_amount", &d.min_amount, currency)?;
            let max = present(d.max_amount.as_deref())
                .map(|raw| major("dynamic_amount.max_amount", raw, currency))
                .transpose()?;
            let presets = d
                .preset_amounts
                .unwrap_or_default()
                .iter()
                .map(|raw| major("dynamic_amount.preset_amounts", raw, currency))
                .collect::<Result<Vec<_>, _>>()?;
            amount = Some(
                Money::from_minor(min, currency)
                    .map_err(|e| FieldError::from(EngineError::amount("dynamic_amount", &e)))?,
            );
            terms.choice = Some(AmountChoice::Open {
                min_minor: min,
                max_minor: max,
                presets,
            });
        } else if partial {
            let first_min_minor = match present(self.first_min_partial_amount.as_deref()) {
                Some(raw) => major("first_min_partial_amount", raw, currency)?,
                // Razorpay's default: any first part.
                None => Money::smallest(currency).minor(),
            };
            terms.choice = Some(AmountChoice::Partial { first_min_minor });
        } else if self.first_min_partial_amount.is_some() {
            return Err(FieldError::new(
                "accept_partial_required",
                "first_min_partial_amount",
                "first_min_partial_amount needs accept_partial: true",
            ));
        }
        Ok((amount, terms))
    }
}
