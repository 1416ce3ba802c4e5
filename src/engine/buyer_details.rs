//! What a link asks of its buyer before Pay (details, a shipping address) and which
//! payment methods its checkout offers: checked when the link is made, asked on the
//! buyer page, kept on the payment.

use super::links::NewLinkInput;
use super::store::{LinkRow, PublicLinkRow, SellerRow};
use super::{Engine, EngineError, EngineResult};
use crate::domain::buyer::{
    Address, BillingDetails, BuyerAsks, BuyerDetails, BuyerEntry, EntryErrors, ShippingDetails,
    check_entry, e164, is_country, is_email, phone_region,
};

/// The longest text accepted in billing and shipping details.
const MAX_DETAIL: usize = 200;

impl Engine {
    /// The buyer parts of `input.terms` checked for a new link (e-mails, phone numbers
    /// normalised to E.164, country codes) and its chosen payment methods checked against
    /// what the seller's provider offers; `pay_via` is the link's checked `pay_via`.
    pub(crate) fn check_buyer_terms(
        &self,
        seller: &SellerRow,
        input: &mut NewLinkInput,
        pay_via: Option<&str>,
    ) -> EngineResult<()> {
        let region = phone_region(input.amount.currency().code(), &seller.locale).unwrap_or("");
        let terms = &mut input.terms;
        let mut seen = Vec::new();
        terms.customer_required_fields.retain(|f| {
            let first = !seen.contains(f);
            seen.push(*f);
            first
        });
        if let Some(b) = terms.billing_details.take() {
            terms.billing_details = Some(check_billing(b, region)?);
        }
        if let Some(s) = terms.shipping_details.take() {
            terms.shipping_details = Some(check_shipping(s, region)?);
        }
        if let Some(chosen) = terms.chosen_payment_methods.take() {
            terms.chosen_payment_methods = Some(self.check_methods(seller, &chosen, pay_via)?);
        }
        Ok(())
    }

    /// `chosen` in the provider's own spelling, once each; refused when empty, when the
    /// link is paid by bank QR only (no checkout to offer them on), or when the provider
    /// does not offer one of them.
    fn check_methods(
        &self,
        seller: &SellerRow,
        chosen: &[String],
        pay_via: Option<&str>,
    ) -> EngineResult<Vec<String>> {
        const FIELD: &str = "chosen_payment_methods";
        if chosen.iter().all(|m| m.trim().is_empty()) {
            return Err(EngineError::invalid(
                FIELD,
                "payment_methods_empty",
                "chosen_payment_methods must name at least one method, or be left out for \
                 every method",
            ));
        }
        if let Some(rail) = pay_via.filter(|v| *v != "card") {
            return Err(EngineError::invalid(
                FIELD,
                "payment_methods_with_bank_qr",
                format!(
                    "pay_via {rail} is paid by bank QR only, which has no checkout to offer \
                     payment methods on; leave out chosen_payment_methods or use pay_via card"
                ),
            ));
        }
        let provider = self.provider_for(seller)?;
        let offered = provider.payment_methods();
        let mut methods: Vec<String> = Vec::with_capacity(chosen.len());
        for name in chosen.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            let Some(found) = offered.iter().find(|o| o.eq_ignore_ascii_case(name)) else {
                let listed = if offered.is_empty() {
                    format!("{} offers no choice of payment methods", provider.name())
                } else {
                    format!("{} offers {}", provider.name(), offered.join(", "))
                };
                return Err(EngineError::invalid(
                    FIELD,
                    "payment_method_unsupported",
                    format!("{name:?} is not a payment method of this link's provider: {listed}"),
                ));
            };
            if !methods.contains(found) {
                methods.push(found.clone());
            }
        }
        Ok(methods)
    }
}

/// What the buyer page of `link` asks before Pay.
#[must_use]
pub fn buyer_asks(link: &LinkRow) -> BuyerAsks {
    let names_customer = link.customer_name.is_some()
        || link.customer_email.is_some()
        || link.customer_phone.is_some();
    BuyerAsks::of(&link.terms(), names_customer)
}

/// Checks what the buyer typed on the page of `public` against what it asks; a page
/// that asks nothing takes no details.
pub fn check_buyer(
    public: &PublicLinkRow,
    entry: &BuyerEntry,
) -> Result<BuyerDetails, EntryErrors> {
    let asks = buyer_asks(&public.link);
    if asks.is_empty() {
        return Ok(BuyerDetails::default());
    }
    let region =
        phone_region(public.link.amount.currency().code(), &public.seller_locale).unwrap_or("");
    check_entry(entry, &asks, region)
}

/// A detail's text trimmed (`None` when blank), at most [`MAX_DETAIL`] characters
/// without control characters.
fn text(field: &'static str, v: Option<String>) -> EngineResult<Option<String>> {
    let Some(v) = v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > MAX_DETAIL || v.chars().any(char::is_control) {
        return Err(EngineError::invalid(
            field,
            "invalid_field",
            format!("{field} must be at most {MAX_DETAIL} characters, without control characters"),
        ));
    }
    Ok(Some(v))
}

fn email(field: &'static str, v: Option<String>) -> EngineResult<Option<String>> {
    let v = text(field, v)?;
    if let Some(e) = &v
        && !is_email(e)
    {
        return Err(EngineError::invalid(
            field,
            "email_invalid",
            format!("{field} is not an e-mail address"),
        ));
    }
    Ok(v)
}

fn phone(field: &'static str, v: Option<String>, region: &str) -> EngineResult<Option<String>> {
    text(field, v)?
        .map(|p| {
            e164(&p, region).ok_or_else(|| {
                EngineError::invalid(
                    field,
                    "phone_invalid",
                    format!(
                        "{field} is not a valid phone number (give it with its country code, \
                         such as +66812345678)"
                    ),
                )
            })
        })
        .transpose()
}

/// The address's parts checked; `fields` names them in errors (line_1, line_2, city,
/// state, postal_code, country_code, locale).
fn address(a: Address, fields: [&'static str; 7]) -> EngineResult<Address> {
    let country_code = text(fields[5], a.country_code)?.map(|c| c.to_ascii_uppercase());
    if let Some(c) = &country_code
        && !is_country(c)
    {
        return Err(EngineError::invalid(
            fields[5],
            "country_invalid",
            format!(
                "{} must be an ISO 3166-1 alpha-2 country code such as TH",
                fields[5]
            ),
        ));
    }
    Ok(Address {
        line_1: text(fields[0], a.line_1)?,
        line_2: text(fields[1], a.line_2)?,
        city: text(fields[2], a.city)?,
        state: text(fields[3], a.state)?,
        postal_code: text(fields[4], a.postal_code)?,
        country_code,
        locale: text(fields[6], a.locale)?,
    })
}

fn check_billing(b: BillingDetails, region: &str) -> EngineResult<BillingDetails> {
    Ok(BillingDetails {
        billing_name: text("billing_details.billing_name", b.billing_name)?,
        billing_email: email("billing_details.billing_email", b.billing_email)?,
        billing_phone: phone("billing_details.billing_phone", b.billing_phone, region)?,
        billing_address: b
            .billing_address
            .map(|a| {
                address(
                    a,
                    [
                        "billing_details.billing_address.line_1",
                        "billing_details.billing_address.line_2",
                        "billing_details.billing_address.city",
                        "billing_details.billing_address.state",
                        "billing_details.billing_address.postal_code",
                        "billing_details.billing_address.country_code",
                        "billing_details.billing_address.locale",
                    ],
                )
            })
            .transpose()?,
    })
}

fn check_shipping(s: ShippingDetails, region: &str) -> EngineResult<ShippingDetails> {
    Ok(ShippingDetails {
        shipping_name: text("shipping_details.shipping_name", s.shipping_name)?,
        shipping_email: email("shipping_details.shipping_email", s.shipping_email)?,
        shipping_phone: phone("shipping_details.shipping_phone", s.shipping_phone, region)?,
        shipping_address: s
            .shipping_address
            .map(|a| {
                address(
                    a,
                    [
                        "shipping_details.shipping_address.line_1",
                        "shipping_details.shipping_address.line_2",
                        "shipping_details.shipping_address.city",
                        "shipping_details.shipping_address.state",
                        "shipping_details.shipping_address.postal_code",
                        "shipping_details.shipping_address.country_code",
                        "shipping_details.shipping_address.locale",
                    ],
                )
            })
            .transpose()?,
    })
}
