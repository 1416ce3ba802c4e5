//! What a link asks of its buyer beyond one fixed amount, kept as JSON in `links.terms`.
//!
//! One column rather than one per feature: every part is optional, read only with its
//! link, and never filtered on in SQL.

use serde::{Deserialize, Serialize};

use super::buyer::{BillingDetails, BuyerField, ShippingDetails};

/// Every part is optional; the default asks nothing more than the link's amount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTerms {
    /// What is sold: the link's amount is computed from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderDetails>,
    /// The buyer chooses the amount, or pays in parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<AmountChoice>,
    /// Details the buyer must give on the page before Pay (when the link names no
    /// customer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_required_fields: Vec<BuyerField>,
    /// The page asks for a shipping address (unless `shipping_details` carries one).
    #[serde(default, skip_serializing_if = "is_false")]
    pub show_shipping_details: bool,
    /// Billing details the seller gave on create (PortOne's names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_details: Option<BillingDetails>,
    /// Shipping details the seller gave on create (PortOne's names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_details: Option<ShippingDetails>,
    /// The payment methods the checkout offers, in the provider's names; `None`: every
    /// method the seller's account has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_payment_methods: Option<Vec<String>>,
}

/// Items, shipping and a promotion; amounts in the link currency's minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub shipping_minor: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub promo_discount_minor: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_code: Option<String>,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(v: &i64) -> bool {
    *v == 0
}

/// One line of an order as shown; a discount's amount is what it takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderLine<'a> {
    pub kind: LineKind<'a>,
    pub amount_minor: i64,
}

/// What an order line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind<'a> {
    Item(&'a Item),
    Shipping,
    /// With its promotion code, if any.
    Discount(Option<&'a str>),
}

/// How the buyer may choose what they pay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountChoice {
    /// Pay what you want (donations, tips): between `min_minor` and `max_minor`, with
    /// preset buttons. The link's stored amount is `min_minor`.
    Open {
        min_minor: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_minor: Option<i64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        presets: Vec<i64>,
    },
    /// The link's amount may be paid in parts, the first at least `first_min_minor`.
    Partial { first_min_minor: i64 },
}

/// The most items one link lists (a chat message or a page stays readable).
pub const MAX_ITEMS: usize = 50;
/// The most preset buttons on a buyer page.
pub const MAX_PRESETS: usize = 6;

/// Why an order or a choice cannot be used; `field` names the API field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TermsError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

fn err(field: &'static str, code: &'static str, message: impl Into<String>) -> TermsError {
    TermsError {
        field,
        code,
        message: message.into(),
    }
}

impl OrderDetails {
    /// The exact total: Σ quantity × unit price + shipping − discount, checked for
    /// overflow, every part in range, and the total above zero.
    pub fn total(&self) -> Result<i64, TermsError> {
        if self.items.is_empty() {
            return Err(err(
                "order_details",
                "items_empty",
                "order_details needs at least one item",
            ));
        }
        if self.items.len() > MAX_ITEMS {
            return Err(err(
                "order_details",
                "too_many_items",
                format!("at most {MAX_ITEMS} items"),
            ));
        }
        let overflow = || {
            err(
                "order_details",
                "amount_too_large",
                "the order total is too large",
            )
        };
        let mut sum: i64 = 0;
        for item in &self.items {
            if item.name.trim().is_empty() {
                return Err(err(
                    "order_details.name",
                    "item_name_missing",
                    "every item needs a name",
                ));
            }
            if !(1..=1_000_000).contains(&item.quantity) {
                return Err(err(
                    "order_details.quantity",
                    "item_quantity_invalid",
                    format!(
                        "the quantity of {:?} must be between 1 and 1000000",
                        item.name
                    ),
                ));
            }
            if item.unit_price_minor <= 0 {
                return Err(err(
                    "order_details.price",
                    "item_price_invalid",
                    format!("the price of {:?} must be above zero", item.name),
                ));
            }
            let line = item
                .quantity
                .checked_mul(item.unit_price_minor)
                .ok_or_else(overflow)?;
            sum = sum.checked_add(line).ok_or_else(overflow)?;
        }
        if self.shipping_minor < 0 {
            return Err(err(
                "shipping_charges",
                "shipping_negative",
                "shipping_charges cannot be negative",
            ));
        }
        if self.promo_discount_minor < 0 {
            return Err(err(
                "promo_discount",
                "promo_discount_negative",
                "promo_discount cannot be negative",
            ));
        }
        let gross = sum.checked_add(self.shipping_minor).ok_or_else(overflow)?;
        if self.promo_discount_minor >= gross {
            return Err(err(
                "promo_discount",
                "promo_discount_too_large",
                "promo_discount must be less than the items and shipping together",
            ));
        }
        Ok(gross - self.promo_discount_minor)
    }

    /// The order as the lines every place shows it (buyer page, receipt, chat card):
    /// the items, then shipping and the discount when there are any.
    #[must_use]
    pub fn lines(&self) -> Vec<OrderLine<'_>> {
        let mut lines: Vec<OrderLine<'_>> = self
            .items
            .iter()
            .map(|i| OrderLine {
                kind: LineKind::Item(i),
                amount_minor: i.quantity.saturating_mul(i.unit_price_minor),
            })
            .collect();
        if self.shipping_minor > 0 {
            lines.push(OrderLine {
                kind: LineKind::Shipping,
                amount_minor: self.shipping_minor,
            });
        }
        if self.promo_discount_minor > 0 {
            lines.push(OrderLine {
                kind: LineKind::Discount(self.promo_code.as_deref()),
                amount_minor: self.promo_discount_minor,
            });
        }
        lines
    }

    /// Σ quantity × unit price, before shipping and discount (`total` checked it).
    #[must_use]
    pub fn subtotal(&self) -> i64 {
        self.items
            .iter()
            .map(|i| i.quantity.saturating_mul(i.unit_price_minor))
            .fold(0, i64::saturating_add)
    }
}

impl AmountChoice {
    /// Checks the choice against the link's amount `amount_minor` (the total due for a
    /// link in parts, the minimum for an open one).
    pub fn check(&self, amount_minor: i64) -> Result<(), TermsError> {
        match self {
            Self::Open {
                min_minor,
                max_minor,
                presets,
            } => {
                if *min_minor <= 0 {
                    return Err(err(
                        "min_amount",
                        "min_amount_invalid",
                        "min_amount must be above zero",
                    ));
                }
                if let Some(max) = max_minor
                    && max < min_minor
                {
                    return Err(err(
                        "max_amount",
                        "max_below_min",
                        "max_amount must be at least min_amount",
                    ));
                }
                if presets.len() > MAX_PRESETS {
                    return Err(err(
                        "preset_amounts",
                        "too_many_presets",
                        format!("at most {MAX_PRESETS} preset amounts"),
                    ));
                }
                if presets
                    .iter()
                    .any(|p| p < min_minor || max_minor.is_some_and(|m| *p > m))
                {
                    return Err(err(
                        "preset_amounts",
                        "preset_out_of_range",
                        "every preset amount must lie between min_amount and max_amount",
                    ));
                }
                Ok(())
            }
            Self::Partial { first_min_minor } => {
                if *first_min_minor <= 0 || *first_min_minor > amount_minor {
                    return Err(err(
                        "first_min_partial_amount",
                        "first_min_partial_invalid",
                        "first_min_partial_amount must be above zero and at most the amount",
                    ));
                }
                Ok(())
            }
        }
    }

    /// Whether the buyer may pay `chosen` now, `paid_minor` having been paid on a link of
    /// `amount_minor`. The error names what would be accepted.
    pub fn accepts(&self, chosen: i64, amount_minor: i64, paid_minor: i64) -> Result<(), Refusal> {
        match self {
            Self::Open {
                min_minor,
                max_minor,
                ..
            } => {
                if chosen < *min_minor {
                    return Err(Refusal::BelowMin(*min_minor));
                }
                match max_minor {
                    Some(max) if chosen > *max => Err(Refusal::AboveMax(*max)),
                    _ => Ok(()),
                }
            }
            Self::Partial { first_min_minor } => {
                let remaining = amount_minor - paid_minor;
                if remaining <= 0 {
                    return Err(Refusal::NothingDue);
                }
                if chosen > remaining {
                    return Err(Refusal::AboveMax(remaining));
                }
                // A first part below the minimum is refused, unless it is everything.
                let min = if paid_minor == 0 { *first_min_minor } else { 1 };
                if chosen < min {
                    return Err(Refusal::BelowMin(min));
                }
                Ok(())
            }
        }
    }
}

/// Why an amount the buyer chose is not taken: the bound it broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    BelowMin(i64),
    AboveMax(i64),
    NothingDue,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(v: &bool) -> bool {
    !*v
}

impl LinkTerms {
    /// Nothing set: stored as null.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The total a link in parts must reach; `None` for other links.
    #[must_use]
    pub fn due_in_parts(&self, amount_minor: i64) -> Option<i64> {
        matches!(self.choice, Some(AmountChoice::Partial { .. })).then_some(amount_minor)
    }

    /// The column's value: `None` when empty.
    #[must_use]
    pub fn to_column(&self) -> Option<String> {
        if self.is_empty() {
            None
        } else {
            serde_json::to_string(self).ok()
        }
    }

    /// Read from the column.
    pub fn from_column(raw: Option<&str>) -> Result<Self, serde_json::Error> {
        raw.map_or_else(|| Ok(Self::default()), serde_json::from_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, quantity: i64, unit_price_minor: i64) -> Item {
        Item {
            name: name.into(),
            quantity,
            unit_price_minor,
        }
    }

    #[test]
    fn order_total_is_exact() {
        let order = OrderDetails {
            items: vec![item("cupcake", 2, 4500), item("tea", 1, 3000)],
            shipping_minor: 4000,
            promo_discount_minor: 1000,
            promo_code: Some("SAVE10".into()),
        };
        assert_eq!(order.total(), Ok(15_000));
        assert_eq!(order.subtotal(), 12_000);
    }

    #[test]
    fn bad_orders_are_refused_with_their_field() {
        let code = |o: OrderDetails| o.total().unwrap_err().code;
        assert_eq!(code(OrderDetails::default()), "items_empty");
        let one = |i: Item| OrderDetails {
            items: vec![i],
            ..OrderDetails::default()
        };
        assert_eq!(code(one(item(" ", 1, 1))), "item_name_missing");
        assert_eq!(code(one(item("a", 0, 1))), "item_quantity_invalid");
        assert_eq!(code(one(item("a", 1, 0))), "item_price_invalid");
        assert_eq!(
            code(one(item("a", 1_000_000, i64::MAX / 2))),
            "amount_too_large"
        );
        let mut o = one(item("a", 1, 100));
        o.promo_discount_minor = 100;
        assert_eq!(code(o), "promo_discount_too_large");
    }

    #[test]
    fn parts_take_a_first_minimum_then_anything_up_to_the_rest() {
        let c = AmountChoice::Partial {
            first_min_minor: 300,
        };
        assert_eq!(c.accepts(299, 1000, 0), Err(Refusal::BelowMin(300)));
        assert_eq!(c.accepts(300, 1000, 0), Ok(()));
        assert_eq!(c.accepts(1, 1000, 300), Ok(()));
        assert_eq!(c.accepts(701, 1000, 300), Err(Refusal::AboveMax(700)));
        assert_eq!(c.accepts(1, 1000, 1000), Err(Refusal::NothingDue));
    }

    #[test]
    fn open_amounts_stay_within_bounds() {
        let c = AmountChoice::Open {
            min_minor: 2000,
            max_minor: Some(500_000),
            presets: vec![5000],
        };
        assert_eq!(c.check(2000), Ok(()));
        assert_eq!(c.accepts(1999, 2000, 0), Err(Refusal::BelowMin(2000)));
        assert_eq!(c.accepts(500_001, 2000, 0), Err(Refusal::AboveMax(500_000)));
        assert_eq!(c.accepts(7777, 2000, 0), Ok(()));
        let bad = AmountChoice::Open {
            min_minor: 2000,
            max_minor: Some(1000),
            presets: vec![],
        };
        assert_eq!(bad.check(2000).unwrap_err().code, "max_below_min");
    }

    #[test]
    fn terms_round_trip_through_the_column() {
        let t = LinkTerms {
            choice: Some(AmountChoice::Partial {
                first_min_minor: 300,
            }),
            ..LinkTerms::default()
        };
        let col = t.to_column();
        assert_eq!(LinkTerms::from_column(col.as_deref()).ok(), Some(t));
        assert_eq!(LinkTerms::default().to_column(), None);
    }
}
