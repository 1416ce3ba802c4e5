//! Money as integer minor units, the strict API decimal and locale formatting.
//!
//! Two grammars on purpose: the REST API takes a strict decimal (`"1250.50"`), because a
//! program should never be guessed at; chat takes what people type (`1,250.50`,
//! `1.250,50`, `50k`, `฿250`, `Rp50.000`, `1,23,456 INR`) and asks when it could be read
//! two ways. The chat grammar lives in `domain::amount`; both share [`MoneyError`].

use std::fmt;

use super::currency::Currency;

/// The largest amount accepted, in minor units: 10^15 − 1. Far above any payment link
/// and far below `i64::MAX`, so sums of many payments cannot overflow.
pub const MAX_MINOR: i64 = 999_999_999_999_999;

/// A positive amount in the currency's smallest unit (satang, cents, rupiah…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// Why an amount was refused. Every variant names what the user can fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("the amount must be greater than zero")]
    NotPositive,
    #[error("the amount cannot be negative")]
    Negative,
    #[error("{currency} allows at most {exponent} decimal places")]
    TooManyDecimals { currency: Currency, exponent: u8 },
    #[error("the amount is smaller than one minor unit of {0}")]
    BelowMinorUnit(Currency),
    #[error("the amount is too large")]
    TooLarge,
    #[error("{0:?} is written with an exponent; write the digits")]
    Exponent(String),
    #[error("{0:?} is not a number")]
    NotANumber(String),
    #[error("{0:?} is not an amount")]
    Invalid(String),
    /// More readings than a seller can be asked to choose from (the first few given).
    #[error("{input:?} can be read in too many ways")]
    Ambiguous { input: String, readings: Vec<Money> },
    /// Separators that fit no way of writing numbers (`1.250.50`), with what the seller
    /// probably meant when that is clear enough to suggest.
    #[error("{input:?} mixes up its separators")]
    Malformed {
        input: String,
        likely: Option<Money>,
    },
    /// `250.505 THB` for a seller whose decimal point is `.`: three decimals are too many
    /// for THB, and reading the point as a thousands separator would be a guess.
    #[error("{input:?} has more decimals than its currency; as thousands it would be {grouped}")]
    DecimalsOrThousands { input: String, grouped: Money },
    #[error("the amount says {embedded} but the currency given is {given}")]
    CurrencyConflict { embedded: Currency, given: Currency },
    #[error("no currency: add one, e.g. 250 THB")]
    MissingCurrency,
    #[error(transparent)]
    UnknownCurrency(#[from] super::currency::UnknownCurrency),
}

impl Money {
    /// An amount from minor units; refuses zero, negative and oversized amounts.
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Self, MoneyError> {
        if minor <= 0 {
            return Err(MoneyError::NotPositive);
        }
        if minor > MAX_MINOR {
            return Err(MoneyError::TooLarge);
        }
        Ok(Self { minor, currency })
    }

    /// An amount as stored: minor units and an ISO 4217 code. A stored amount that is
    /// not valid (unknown currency, not positive, too large) is an error, never a default.
    pub fn from_stored(minor: i64, currency: &str) -> Result<Self, MoneyError> {
        Self::from_minor(minor, Currency::from_code(currency)?)
    }

    /// One minor unit of `currency`: its smallest amount (฿0.01, ¥1, KWD 0.001).
    #[must_use]
    pub fn smallest(currency: Currency) -> Self {
        Self { minor: 1, currency }
    }

    /// Strict decimal in major units, as the REST API takes it: `250`, `250.5`, `0.125`.
    /// No signs, grouping, exponents or spaces; at most the currency's decimals.
    pub fn parse_decimal(input: &str, currency: Currency) -> Result<Self, MoneyError> {
        let invalid = || MoneyError::Invalid(input.to_owned());
        if let Some(rest) = input.strip_prefix('-') {
            // "-5" and "-0" are both refused as not positive, the clearer message.
            return if rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                Err(MoneyError::NotPositive)
            } else {
                Err(invalid())
            };
        }
        let (int, frac) = match input.split_once('.') {
            Some((i, f)) => (i, f),
            None => (input, ""),
        };
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits_only(int) || !digits_only(frac) || input.ends_with('.') {
            return Err(invalid());
        }
        let minor = decimal_to_minor(int, frac, 1, currency)?;
        Self::from_minor(minor, currency)
    }

    /// The sum of two amounts in the same currency, if it is within bounds.
    pub fn checked_add(self, other: Self) -> Result<Self, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyConflict {
                embedded: other.currency,
                given: self.currency,
            });
        }
        let sum = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::TooLarge)?;
        Self::from_minor(sum, self.currency)
    }

    /// Minor units (e.g. 25050 for THB 250.50).
    #[must_use]
    pub fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    #[must_use]
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The plain decimal in major units with exactly the currency's decimals: `250.50`.
    #[must_use]
    pub fn to_decimal_string(self) -> String {
        minor_to_decimal(self.minor, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency)
    }
}

/// A plain decimal string for any minor amount (zero and sums included): `1250.50`.
#[must_use]
pub fn minor_to_decimal(minor: i64, currency: Currency) -> String {
    let exp = u32::from(currency.exponent());
    let neg = minor < 0;
    let abs = minor.unsigned_abs();
    let div = 10u64.pow(exp);
    let (int, frac) = (abs / div, abs % div);
    let sign = if neg { "-" } else { "" };
    if exp == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0width$}", width = exp as usize)
    }
}

/// How numbers look in one language: separators and where the symbol goes.
#[derive(Debug, Clone, Copy)]
struct NumberStyle {
    group: char,
    decimal: char,
    symbol_after: bool,
}

/// The decimal separator people writing `lang` use: `,` in Indonesian, Vietnamese,
/// Portuguese and Spanish, `.` in English, Thai and anything else.
#[must_use]
pub fn decimal_separator(lang: &str) -> char {
    style_for(lang).decimal
}

fn style_for(lang: &str) -> NumberStyle {
    let primary = lang.split(['-', '_']).next().unwrap_or("en");
    match primary {
        "id" | "pt" => NumberStyle {
            group: '.',
            decimal: ',',
            symbol_after: false,
        },
        "vi" | "es" => NumberStyle {
            group: '.',
            decimal: ',',
            symbol_after: true,
        },
        _ => NumberStyle {
            group: ',',
            decimal: '.',
            symbol_after: false,
        },
    }
}

/// Formats any minor amount for people reading `lang` (`en`, `th`, `id`, `vi`, `pt-BR`,
/// `es`): `฿1,250.50`, `Rp 1.250`, `250.000 ₫`, `R$ 1.250,50`, `1.250,50 €`.
#[must_use]
pub fn format_minor(minor: i64, currency: Currency, lang: &str) -> String {
    let style = style_for(lang);
    let plain = minor_to_decimal(minor.abs(), currency);
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 1);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(style.group);
        }
        grouped.push(ch);
    }
    // Rupiah, forint…: a whole amount shows no ",00" nobody pays; cents still show.
    let whole = currency.cash_whole() && frac.bytes().all(|b| b == b'0');
    if !frac.is_empty() && !whole {
        grouped.push(style.decimal);
        grouped.push_str(frac);
    }
    let sign = if minor < 0 { "-" } else { "" };
    let (symbol, spaced) = match currency.symbol() {
        // Letters next to digits read badly ("Rp1.250"); glyphs read well ("฿250").
        Some(s) => (s, s.chars().any(char::is_alphabetic)),
        None => (currency.code(), true),
    };
    if style.symbol_after {
        format!("{sign}{grouped} {symbol}")
    } else if spaced {
        format!("{sign}{symbol} {grouped}")
    } else {
        format!("{sign}{symbol}{grouped}")
    }
}

/// Formats a `Money` for `lang`; see [`format_minor`].
#[must_use]
pub fn format_money(money: Money, lang: &str) -> String {
    format_minor(money.minor(), money.currency(), lang)
}

/// `int.frac × multiplier` in minor units, refusing fractions of a minor unit.
fn decimal_to_minor(
    int: &str,
    frac: &str,
    multiplier: i128,
    currency: Currency,
) -> Result<i64, MoneyError> {
    let exp = u32::from(currency.exponent());
    let too_many = || MoneyError::TooManyDecimals {
        currency,
        exponent: currency.exponent(),
    };
    // Digits beyond 30 cannot fit any accepted amount; refuse before arithmetic.
    let significant = int.trim_start_matches('0');
    if significant.len() > 20 || frac.len() > 20 {
        return Err(if significant.len() > 20 {
            MoneyError::TooLarge
        } else {
            too_many()
        });
    }
    let digits = format!("{int}{frac}");
    let value: i128 = digits
        .parse()
        .map_err(|_| MoneyError::Invalid(digits.clone()))?;
    let scaled = value
        .checked_mul(multiplier)
        .and_then(|v| v.checked_mul(10i128.pow(exp)))
        .ok_or(MoneyError::TooLarge)?;
    let div = 10i128.pow(frac.len() as u32);
    if scaled % div != 0 {
        return Err(too_many());
    }
    let minor = scaled / div;
    if minor > i128::from(MAX_MINOR) {
        return Err(MoneyError::TooLarge);
    }
    if minor <= 0 {
        return Err(MoneyError::NotPositive);
    }
    i64::try_from(minor).map_err(|_| MoneyError::TooLarge)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn api_decimals_follow_the_currency_exponent() {
        assert_eq!(
            Money::parse_decimal("250", cur("THB")).unwrap().minor(),
            25000
        );
        assert_eq!(
            Money::parse_decimal("250.5", cur("THB")).unwrap().minor(),
            25050
        );
        assert_eq!(
            Money::parse_decimal("1500", cur("JPY")).unwrap().minor(),
            1500
        );
        assert_eq!(
            Money::parse_decimal("1.125", cur("KWD")).unwrap().minor(),
            1125
        );
        assert!(matches!(
            Money::parse_decimal("1.5", cur("JPY")),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            Money::parse_decimal("1.005", cur("THB")),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        // Trailing zeros beyond the exponent are still exact.
        assert_eq!(
            Money::parse_decimal("1.500", cur("THB")).unwrap().minor(),
            150
        );
    }

    #[test]
    fn api_refuses_zero_negative_and_oversized_amounts() {
        let thb = cur("THB");
        assert_eq!(Money::parse_decimal("0", thb), Err(MoneyError::NotPositive));
        assert_eq!(
            Money::parse_decimal("0.00", thb),
            Err(MoneyError::NotPositive)
        );
        assert_eq!(
            Money::parse_decimal("-5", thb),
            Err(MoneyError::NotPositive)
        );
        assert_eq!(
            Money::parse_decimal("10000000000000", thb),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            Money::parse_decimal("99999999999999999999999999999999", thb),
            Err(MoneyError::TooLarge)
        );
        for bad in ["", "1e3", "1,000", " 5", "5.", ".5", "abc", "1.2.3", "+5"] {
            assert!(
                matches!(Money::parse_decimal(bad, thb), Err(MoneyError::Invalid(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn stored_amounts_are_checked_like_any_other() {
        let m = Money::from_stored(25050, "THB").unwrap();
        assert_eq!((m.minor(), m.currency().code()), (25050, "THB"));
        assert_eq!(Money::from_stored(0, "THB"), Err(MoneyError::NotPositive));
        assert!(matches!(
            Money::from_stored(100, "ZZZ"),
            Err(MoneyError::UnknownCurrency(_))
        ));
    }

    #[test]
    fn formats_per_language() {
        let thb = cur("THB");
        assert_eq!(format_minor(125050, thb, "en"), "฿1,250.50");
        assert_eq!(format_minor(125050, thb, "th"), "฿1,250.50");
        assert_eq!(format_minor(125050, cur("IDR"), "id"), "Rp 1.250,50");
        assert_eq!(format_minor(250000, cur("VND"), "vi"), "250.000 ₫");
        assert_eq!(format_minor(125050, cur("BRL"), "pt-BR"), "R$ 1.250,50");
        assert_eq!(format_minor(125050, cur("EUR"), "es"), "1.250,50 €");
        assert_eq!(format_minor(1250, cur("KWD"), "en"), "KWD 1.250");
        assert_eq!(format_minor(500, cur("JPY"), "en"), "¥500");
        assert_eq!(format_minor(5, thb, "en"), "฿0.05");
    }

    #[test]
    fn cash_whole_currencies_drop_a_zero_minor_part_only() {
        assert_eq!(format_minor(5_000_000, cur("IDR"), "id"), "Rp 50.000");
        assert_eq!(format_minor(5_000_000, cur("IDR"), "en"), "Rp 50,000");
        assert_eq!(format_minor(5_000_050, cur("IDR"), "id"), "Rp 50.000,50");
        assert_eq!(format_minor(150_000, cur("HUF"), "en"), "HUF 1,500");
        assert_eq!(format_minor(-5_000_000, cur("IDR"), "id"), "-Rp 50.000");
        // Currencies with everyday cents keep them even when zero.
        assert_eq!(format_minor(25_000, cur("THB"), "th"), "฿250.00");
    }

    proptest! {
        #[test]
        fn api_decimal_round_trips(minor in 1i64..=MAX_MINOR, code in prop::sample::select(vec!["JPY", "THB", "KWD", "CLF"])) {
            let c = cur(code);
            let m = Money::from_minor(minor, c).unwrap();
            prop_assert_eq!(Money::parse_decimal(&m.to_decimal_string(), c).unwrap(), m);
        }
    }
}
