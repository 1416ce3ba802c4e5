//! The create-link fields about the buyer and the payment methods: what the buyer page
//! asks (`customer_required_fields`, `show_shipping_details`), the billing and shipping
//! details given on create (PortOne's names), and `chosen_payment_methods`.
//!
//! Read here into [`LinkTerms`]; the engine checks the values (e-mails, phone numbers,
//! countries, methods the provider offers).

use serde::Deserialize;
use utoipa::ToSchema;

use super::link_body::FieldError;
use crate::domain::LinkTerms;
use crate::domain::buyer::{Address, BillingDetails, BuyerField, ShippingDetails};

/// A postal address, in PortOne's names.
#[derive(Deserialize, ToSchema)]
pub struct AddressBody {
    line_1: Option<String>,
    line_2: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, such as `TH`.
    #[schema(example = "TH")]
    country_code: Option<String>,
    locale: Option<String>,
}

impl From<AddressBody> for Address {
    fn from(a: AddressBody) -> Self {
        Self {
            line_1: a.line_1,
            line_2: a.line_2,
            city: a.city,
            state: a.state,
            postal_code: a.postal_code,
            country_code: a.country_code,
            locale: a.locale,
        }
    }
}

/// Who pays, in PortOne's names.
#[derive(Deserialize, ToSchema)]
pub struct BillingDetailsBody {
    billing_name: Option<String>,
    #[schema(format = Email)]
    billing_email: Option<String>,
    /// Stored in E.164; without a country code it is read as dialled in the country of
    /// the link's currency.
    billing_phone: Option<String>,
    billing_address: Option<AddressBody>,
}

/// Where the goods go, in PortOne's names. A `shipping_address` given here means the
/// buyer page does not ask for one.
#[derive(Deserialize, ToSchema)]
pub struct ShippingDetailsBody {
    shipping_name: Option<String>,
    #[schema(format = Email)]
    shipping_email: Option<String>,
    shipping_phone: Option<String>,
    shipping_address: Option<AddressBody>,
}

/// The buyer parts of a create-link body.
pub struct BuyerFields {
    pub customer_required_fields: Option<Vec<String>>,
    pub show_shipping_details: Option<bool>,
    pub billing_details: Option<BillingDetailsBody>,
    pub shipping_details: Option<ShippingDetailsBody>,
    pub chosen_payment_methods: Option<Vec<String>>,
}

/// Adds the buyer parts to `terms`; an unknown name in `customer_required_fields` is
/// refused naming that field.
pub fn add_buyer_terms(terms: &mut LinkTerms, f: BuyerFields) -> Result<(), FieldError> {
    for name in f.customer_required_fields.unwrap_or_default() {
        let field = BuyerField::parse(&name).ok_or_else(|| {
            FieldError::new(
                "customer_field_unknown",
                "customer_required_fields",
                format!(
                    "customer_required_fields: unknown field {name:?}; use name, phone or email"
                ),
            )
        })?;
        terms.customer_required_fields.push(field);
    }
    terms.show_shipping_details = f.show_shipping_details.unwrap_or(false);
    terms.billing_details = f.billing_details.map(|b| BillingDetails {
        billing_name: b.billing_name,
        billing_email: b.billing_email,
        billing_phone: b.billing_phone,
        billing_address: b.billing_address.map(Address::from),
    });
    terms.shipping_details = f.shipping_details.map(|s| ShippingDetails {
        shipping_name: s.shipping_name,
        shipping_email: s.shipping_email,
        shipping_phone: s.shipping_phone,
        shipping_address: s.shipping_address.map(Address::from),
    });
    terms.chosen_payment_methods = f.chosen_payment_methods;
    Ok(())
}
