//! ISO 4217 currencies and their minor-unit exponents.
//!
//! The table lists every active alphabetic code of ISO 4217 that has a minor unit
//! (precious metals, testing and fund codes without one are left out). Money is stored
//! in minor units, so the exponent decides how many decimals a seller may type.

use std::fmt;

/// A currency from the ISO 4217 list, with the number of decimals of its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency {0:?}: use an ISO 4217 code such as THB, USD or EUR")]
pub struct UnknownCurrency(pub String);

impl Currency {
    /// Looks up an ISO 4217 code, case-insensitively (`thb` → THB).
    pub fn from_code(code: &str) -> Result<Self, UnknownCurrency> {
        let upper = code.trim().to_ascii_uppercase();
        TABLE
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|&(code, exponent)| Self { code, exponent })
            .ok_or_else(|| UnknownCurrency(code.trim().to_owned()))
    }

    /// The three-letter code, upper case.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Decimals of the minor unit: JPY 0, THB 2, KWD 3, CLF 4.
    #[must_use]
    pub fn exponent(self) -> u8 {
        self.exponent
    }

    /// The common symbol, when it is unambiguous enough to show a buyer. What sellers may
    /// type (shared symbols such as `Rs`, currency words) is `domain::amount`'s business.
    #[must_use]
    pub fn symbol(self) -> Option<&'static str> {
        SYMBOLS
            .iter()
            .find(|(c, _)| *c == self.code)
            .map(|&(_, s)| s)
    }

    /// Whether everyday amounts carry no minor units (CLDR gives 0 display or cash
    /// digits, although ISO 4217 has some): `Rp 50.000`, not `Rp 50.000,00`.
    #[must_use]
    pub fn cash_whole(self) -> bool {
        CASH_WHOLE.binary_search(&self.code).is_ok()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Symbols shown on pages and in chat. Only currencies whose symbol a buyer in the
/// seller's market reads without doubt; others are shown by code.
const SYMBOLS: &[(&str, &str)] = &[
    ("THB", "฿"),
    ("IDR", "Rp"),
    ("VND", "₫"),
    ("BRL", "R$"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("JPY", "¥"),
    ("USD", "$"),
    ("PHP", "₱"),
    ("INR", "₹"),
    ("KRW", "₩"),
    ("MYR", "RM"),
    ("SGD", "S$"),
    ("MXN", "MX$"),
    ("NGN", "₦"),
    ("ILS", "₪"),
    ("TRY", "₺"),
    ("UAH", "₴"),
    ("PLN", "zł"),
];

/// Codes with an ISO minor unit whose CLDR `digits` or `cashDigits` is 0 (CLDR 47
/// supplemental currencyData), sorted.
const CASH_WHOLE: &[&str] = &[
    "AFN", "ALL", "AMD", "COP", "CRC", "CZK", "GYD", "HUF", "IDR", "IQD", "IRR", "KPW", "LAK",
    "LBP", "MGA", "MMK", "MNT", "MUR", "NOK", "PKR", "RSD", "SEK", "SOS", "SYP", "TWD", "TZS",
    "UZS", "YER",
];

/// ISO 4217 active codes with their minor-unit exponents (list one, 2024 amendments).
const TABLE: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_exponents_that_matter() {
        let exp = |c: &str| Currency::from_code(c).unwrap().exponent();
        assert_eq!(exp("JPY"), 0);
        assert_eq!(exp("VND"), 0);
        assert_eq!(exp("KRW"), 0);
        assert_eq!(exp("THB"), 2);
        assert_eq!(exp("IDR"), 2);
        assert_eq!(exp("KWD"), 3);
        assert_eq!(exp("BHD"), 3);
        assert_eq!(exp("CLF"), 4);
    }

    #[test]
    fn cash_whole_currencies_are_known_sorted_and_have_a_minor_unit() {
        assert!(CASH_WHOLE.windows(2).all(|w| w[0] < w[1]));
        for code in CASH_WHOLE {
            let c = Currency::from_code(code).unwrap();
            assert!(c.exponent() > 0, "{code}");
            assert!(c.cash_whole(), "{code}");
        }
        let no = |c: &str| !Currency::from_code(c).unwrap().cash_whole();
        assert!(no("THB") && no("USD") && no("JPY") && no("VND"));
    }

    #[test]
    fn codes_are_case_insensitive_and_unknown_ones_refused() {
        assert_eq!(Currency::from_code("thb").unwrap().code(), "THB");
        assert!(Currency::from_code("XXX").is_err());
        assert!(Currency::from_code("").is_err());
        assert!(Currency::from_code("BAHT").is_err());
    }

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in TABLE.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn every_symbol_names_a_known_currency() {
        for (code, _) in SYMBOLS {
            assert!(Currency::from_code(code).is_ok(), "{code}");
        }
    }
}
