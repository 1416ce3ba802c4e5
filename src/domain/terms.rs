//! What a link asks of its buyer beyond one fixed amount, kept as JSON in `links.terms`.
//!
//! One column rather than one per feature: every part is optional, read only with its
//! link, and never filtered on in SQL.

use serde::{Deserialize, Serialize};

use super::buyer::{BillingDetails, BuyerField, ShippingDetails};

/// Every part is optional; the default asks nothing more than the link's amount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTerms {
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
