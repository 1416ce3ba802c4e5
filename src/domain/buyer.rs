//! The buyer's details a link asks for before Pay (name, phone, e-mail, a shipping
//! address), the billing and shipping details a seller may give on create, and the
//! checks on what the buyer typed.
//!
//! Field names of the details given on create follow PortOne's payment-link API
//! (`billing_details.billing_name`, `shipping_details.shipping_address.line_1`…,
//! <https://docs.portone.cloud/docs/payment-link-api>), so integrators moving from it
//! change little. Phone numbers are normalised to E.164 with libphonenumber's metadata
//! (the `phonenumber` crate), the buyer's region guessed from the link's currency.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::terms::LinkTerms;

/// A detail a link may require of its buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuyerField {
    Name,
    Phone,
    Email,
}

impl BuyerField {
    /// Every field, in the order the page asks for them.
    pub const ALL: [Self; 3] = [Self::Name, Self::Phone, Self::Email];

    /// The field named `s` (`name`, `phone`, `email`; any case).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Its name in the API and in the buyer page's form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Phone => "phone",
            Self::Email => "email",
        }
    }
}

/// A postal address as PortOne names its parts; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Who pays, as the seller gave it on create (PortOne's `billing_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
}

/// Where the goods go, as the seller gave it on create (PortOne's `shipping_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
}

/// A shipping address the buyer typed on the page, checked; kept as JSON on the payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingAddress {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
}

impl ShippingAddress {
    /// One line for a chat message or a CSV cell: `line1, line2, postal code city, country`.
    #[must_use]
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.line1.clone()];
        parts.extend(self.line2.clone());
        parts.push(format!("{} {}", self.postal_code, self.city));
        parts.push(self.country.clone());
        parts.join(", ")
    }

    /// The payment column's value.
    #[must_use]
    pub fn to_column(&self) -> String {
        // Plain strings: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read from the payment column; `None` for an empty or unreadable one.
    #[must_use]
    pub fn from_column(raw: Option<&str>) -> Option<Self> {
        serde_json::from_str(raw?).ok()
    }
}

/// What the buyer page asks before Pay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerAsks {
    /// Required details, in page order.
    pub fields: Vec<BuyerField>,
    /// A shipping address.
    pub shipping: bool,
}

impl BuyerAsks {
    /// What a link with `terms` asks; `names_customer` when the seller named the buyer on
    /// create (then the page asks no details, only a shipping address if one is wanted
    /// and was not given).
    #[must_use]
    pub fn of(terms: &LinkTerms, names_customer: bool) -> Self {
        let fields = if names_customer {
            Vec::new()
        } else {
            BuyerField::ALL
                .into_iter()
                .filter(|f| terms.customer_required_fields.contains(f))
                .collect()
        };
        let shipping_given = terms
            .shipping_details
            .as_ref()
            .is_some_and(|s| s.shipping_address.is_some());
        Self {
            fields,
            shipping: terms.show_shipping_details && !shipping_given,
        }
    }

    /// Nothing to ask: the plain Pay button.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && !self.shipping
    }
}

/// What the buyer typed into the page's form, as sent (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerEntry {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub line1: Option<String>,
    #[serde(default)]
    pub line2: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

impl BuyerEntry {
    /// The value typed into the form field `name`, if any.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        match name {
            "name" => self.name.as_deref(),
            "phone" => self.phone.as_deref(),
            "email" => self.email.as_deref(),
            "line1" => self.line1.as_deref(),
            "line2" => self.line2.as_deref(),
            "city" => self.city.as_deref(),
            "postal_code" => self.postal_code.as_deref(),
            "country" => self.country.as_deref(),
            _ => None,
        }
    }
}

/// The buyer's details, checked: what the payment keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerDetails {
    pub name: Option<String>,
    pub email: Option<String>,
    /// E.164 (`+66812345678`).
    pub phone: Option<String>,
    pub shipping: Option<ShippingAddress>,
}

/// Why one form field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    Missing,
    TooLong,
    EmailInvalid,
    PhoneInvalid,
    CountryInvalid,
}

impl EntryError {
    /// The code (and the end of its message key, `buyer-error-{code}`).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::TooLong => "too-long",
            Self::EmailInvalid => "email",
            Self::PhoneInvalid => "phone",
            Self::CountryInvalid => "country",
        }
    }
}

/// Each refused form field (its form name) with why, in page order.
pub type EntryErrors = Vec<(&'static str, EntryError)>;

/// Checks `entry` against what the page asked. `region` (ISO 3166-1 alpha-2) is where a
/// phone number without a country code is read as dialled.
pub fn check_entry(
    entry: &BuyerEntry,
    asks: &BuyerAsks,
    region: &str,
) -> Result<BuyerDetails, EntryErrors> {
    let mut errors = EntryErrors::new();
    let mut details = BuyerDetails::default();
    let take = |field: &'static str, max: usize, errors: &mut EntryErrors| -> Option<String> {
        let v = entry.get(field).map(str::trim).filter(|v| !v.is_empty());
        match v {
            None => {
                errors.push((field, EntryError::Missing));
                None
            }
            Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => {
                errors.push((field, EntryError::TooLong));
                None
            }
            Some(v) => Some(v.to_owned()),
        }
    };
    for f in &asks.fields {
        match f {
            BuyerField::Name => details.name = take("name", 100, &mut errors),
            BuyerField::Email => {
                details.email = take("email", 254, &mut errors).and_then(|e| {
                    if is_email(&e) {
                        Some(e)
                    } else {
                        errors.push(("email", EntryError::EmailInvalid));
                        None
                    }
                });
            }
            BuyerField::Phone => {
                details.phone = take("phone", 32, &mut errors).and_then(|p| {
                    let e164 = e164(&p, region);
                    if e164.is_none() {
                        errors.push(("phone", EntryError::PhoneInvalid));
                    }
                    e164
                });
            }
        }
    }
    if asks.shipping {
        let line1 = take("line1", 200, &mut errors);
        let line2 = match entry.line2.as_deref().map(str::trim) {
            Some(v) if v.chars().count() > 200 || v.chars().any(char::is_control) => {
                errors.push(("line2", EntryError::TooLong));
                None
            }
            Some(v) if !v.is_empty() => Some(v.to_owned()),
            _ => None,
        };
        let city = take("city", 100, &mut errors);
        let postal_code = take("postal_code", 20, &mut errors);
        let country = take("country", 2, &mut errors).and_then(|c| {
            let c = c.to_ascii_uppercase();
            if is_country(&c) {
                Some(c)
            } else {
                errors.push(("country", EntryError::CountryInvalid));
                None
            }
        });
        // A country longer than two letters is not "too long" to the buyer: it is no code.
        if let Some(pos) = errors
            .iter()
            .position(|e| *e == ("country", EntryError::TooLong))
        {
            errors[pos].1 = EntryError::CountryInvalid;
        }
        if let (Some(line1), Some(city), Some(postal_code), Some(country)) =
            (line1, city, postal_code, country)
        {
            details.shipping = Some(ShippingAddress {
                line1,
                line2,
                city,
                postal_code,
                country,
            });
        }
    }
    if errors.is_empty() {
        Ok(details)
    } else {
        Err(errors)
    }
}

/// Whether `s` is an e-mail address in the syntax every mail system takes: a local
/// part of 1 to 64 characters without spaces, `@`, a domain of dot-separated labels of
/// letters, digits and hyphens (not at a label's ends), the last at least two letters.
#[must_use]
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '@' | '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
        });
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

/// `number` as E.164 when it is a valid number, read as dialled in `region` unless it
/// starts with `+`.
#[must_use]
pub fn e164(number: &str, region: &str) -> Option<String> {
    let id = phonenumber::country::Id::from_str(region).ok();
    let parsed = phonenumber::parse(id, number.trim()).ok()?;
    phonenumber::is_valid(&parsed)
        .then(|| parsed.format().mode(phonenumber::Mode::E164).to_string())
}

/// The region a phone number without its country code is read in, from the link's
/// currency, else the seller's language (`pt-BR` → `BR`, `th` → `TH`), else none.
#[must_use]
pub fn phone_region(currency: &str, seller_locale: &str) -> Option<&'static str> {
    let by_currency = match currency {
        "THB" => "TH",
        "IDR" => "ID",
        "VND" => "VN",
        "PHP" => "PH",
        "MYR" => "MY",
        "SGD" => "SG",
        "BRL" => "BR",
        "INR" => "IN",
        "MXN" => "MX",
        "USD" => "US",
        "GBP" => "GB",
        "JPY" => "JP",
        "KRW" => "KR",
        "AUD" => "AU",
        "CAD" => "CA",
        "NZD" => "NZ",
        "HKD" => "HK",
        "TWD" => "TW",
        "CNY" => "CN",
        "CHF" => "CH",
        "SEK" => "SE",
        "NOK" => "NO",
        "DKK" => "DK",
        "PLN" => "PL",
        "CZK" => "CZ",
        "HUF" => "HU",
        "ARS" => "AR",
        "CLP" => "CL",
        "COP" => "CO",
        "PEN" => "PE",
        "AED" => "AE",
        "ZAR" => "ZA",
        _ => "",
    };
    if !by_currency.is_empty() {
        return Some(by_currency);
    }
    match seller_locale {
        "th" => Some("TH"),
        "id" => Some("ID"),
        "vi" => Some("VN"),
        "pt-BR" => Some("BR"),
        "es" => Some("ES"),
        _ => None,
    }
}

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
#[must_use]
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// The ISO 3166-1 alpha-2 codes in use.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH \
BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX \
CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM \
GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG \
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN \
MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK \
PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST \
SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI \
VN VU WF WS YE YT ZA ZM ZW";

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(fields: &[BuyerField], shipping: bool) -> BuyerAsks {
        BuyerAsks {
            fields: fields.to_vec(),
            shipping,
        }
    }

    #[test]
    fn a_thai_mobile_number_is_normalised_to_e164() {
        assert_eq!(e164("081 234 5678", "TH").as_deref(), Some("+66812345678"));
        assert_eq!(
            e164("+66 81-234-5678", "US").as_deref(),
            Some("+66812345678")
        );
        assert_eq!(e164("12345", "TH"), None);
        assert_eq!(e164("call me", "TH"), None);
    }

    #[test]
    fn emails_need_a_local_part_and_a_real_domain() {
        assert!(is_email("nok@example.co.th"));
        assert!(is_email("a.b+tag@mail.example"));
        assert!(!is_email("nok@example"));
        assert!(!is_email("nok example@x.com"));
        assert!(!is_email("@x.com"));
        assert!(!is_email("nok@-x.com"));
        assert!(!is_email("nok@x.c0m"));
        assert!(!is_email("nok@@x.com"));
    }

    #[test]
    fn countries_are_iso_alpha2() {
        assert!(is_country("TH"));
        assert!(is_country("VN"));
        assert!(!is_country("XX"));
        assert!(!is_country("THA"));
        assert!(!is_country("th"));
    }

    #[test]
    fn every_missing_or_wrong_field_is_named_in_page_order() {
        let entry = BuyerEntry {
            email: Some("not-an-email".into()),
            phone: Some("12".into()),
            country: Some("Thailand".into()),
            ..BuyerEntry::default()
        };
        let errors = check_entry(&entry, &asks(&BuyerField::ALL, true), "TH").expect_err("refused");
        assert_eq!(
            errors,
            vec![
                ("name", EntryError::Missing),
                ("phone", EntryError::PhoneInvalid),
                ("email", EntryError::EmailInvalid),
                ("line1", EntryError::Missing),
                ("city", EntryError::Missing),
                ("postal_code", EntryError::Missing),
                ("country", EntryError::CountryInvalid),
            ]
        );
    }

    #[test]
    fn a_complete_entry_is_kept_trimmed_and_normalised() {
        let entry = BuyerEntry {
            name: Some("  Nok ".into()),
            phone: Some("081 234 5678".into()),
            email: Some("nok@example.com".into()),
            line1: Some("1 Sukhumvit Rd".into()),
            line2: Some(String::new()),
            city: Some("Bangkok".into()),
            postal_code: Some("10110".into()),
            country: Some("th".into()),
        };
        let d = check_entry(&entry, &asks(&BuyerField::ALL, true), "TH").expect("valid");
        assert_eq!(d.name.as_deref(), Some("Nok"));
        assert_eq!(d.phone.as_deref(), Some("+66812345678"));
        let shipping = d.shipping.expect("address");
        assert_eq!(shipping.country, "TH");
        assert_eq!(shipping.line2, None);
        assert_eq!(shipping.one_line(), "1 Sukhumvit Rd, 10110 Bangkok, TH");
        assert_eq!(
            ShippingAddress::from_column(Some(&shipping.to_column())),
            Some(shipping)
        );
    }

    #[test]
    fn a_named_customer_is_not_asked_again_and_a_given_address_not_at_all() {
        let mut terms = LinkTerms {
            customer_required_fields: vec![BuyerField::Email],
            show_shipping_details: true,
            ..LinkTerms::default()
        };
        assert_eq!(BuyerAsks::of(&terms, true), asks(&[], true));
        assert_eq!(
            BuyerAsks::of(&terms, false),
            asks(&[BuyerField::Email], true)
        );
        terms.shipping_details = Some(ShippingDetails {
            shipping_address: Some(Address::default()),
            ..ShippingDetails::default()
        });
        assert!(BuyerAsks::of(&terms, true).is_empty());
    }

    proptest::proptest! {
        // Buyers type anything into the phone field: reading it never panics, and what
        // comes out is E.164.
        #[test]
        fn any_phone_entry_is_read_without_panicking(s in "[+0-9 ()\\-.a-z#*]{0,30}|\\PC{0,30}") {
            for region in ["TH", "ID", "US", ""] {
                if let Some(n) = e164(&s, region) {
                    proptest::prop_assert!(n.starts_with('+'));
                    proptest::prop_assert!(n[1..].chars().all(|c| c.is_ascii_digit()));
                }
            }
        }
    }

    #[test]
    fn field_names_parse_in_any_case() {
        assert_eq!(BuyerField::parse("Phone"), Some(BuyerField::Phone));
        assert_eq!(BuyerField::parse("address"), None);
    }
}
