//! Money as integer minor units, the two amount grammars and locale formatting.
//!
//! Two parsers on purpose: the REST API takes a strict decimal (`"1250.50"`), because a
//! program should never be guessed at; chat takes what people type (`1,250.50`,
//! `1.250,50`, `50k`, `฿250`, `Rp50.000`, `250THB`) and refuses what could be read two
//! ways, with the readings as suggestions.

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
    #[error("{currency} allows at most {exponent} decimal places")]
    TooManyDecimals { currency: Currency, exponent: u8 },
    #[error("the amount is too large")]
    TooLarge,
    #[error("{0:?} is not an amount")]
    Invalid(String),
    #[error("{input:?} can be read as {} or {}; write one of them", suggestions[0], suggestions[1])]
    Ambiguous {
        input: String,
        suggestions: [String; 2],
    },
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
/// `es`): `฿1,250.50`, `Rp 1.250,00`, `250.000 ₫`, `R$ 1.250,50`, `1.250,50 €`.
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
    if !frac.is_empty() {
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

/// Parses an amount the way sellers type it in chat.
///
/// `explicit` is a currency the seller named in a separate word (`250 THB`); `default` is
/// the seller's default currency. A currency inside the token (`฿250`, `250THB`) must agree
/// with `explicit` and wins over `default`.
pub fn parse_amount(
    raw: &str,
    explicit: Option<Currency>,
    default: Option<Currency>,
) -> Result<Money, MoneyError> {
    let s = raw.trim();
    let invalid = || MoneyError::Invalid(raw.to_owned());
    if s.starts_with('-') || s.starts_with('−') {
        return Err(MoneyError::NotPositive);
    }
    let first_digit = s.find(|c: char| c.is_ascii_digit()).ok_or_else(invalid)?;
    let last_digit = s.rfind(|c: char| c.is_ascii_digit()).ok_or_else(invalid)?;
    let prefix = s[..first_digit].trim();
    let number = &s[first_digit..=last_digit];
    let mut suffix = s[last_digit + 1..].trim();

    // A thousands/millions suffix: 50k, 1.5k, 2m, 50kTHB.
    let mut multiplier: i128 = 1;
    if let Some(first) = suffix.chars().next() {
        let rest = suffix[first.len_utf8()..].trim();
        let tail_is_currency = rest.is_empty() || currency_token(rest, None).is_some();
        match first {
            'k' | 'K' if tail_is_currency => {
                multiplier = 1_000;
                suffix = rest;
            }
            'm' | 'M' if rest.is_empty() => {
                multiplier = 1_000_000;
                suffix = rest;
            }
            _ => {}
        }
    }

    let hint = explicit.or(default);
    let embedded = match (prefix, suffix) {
        ("", "") => None,
        (p, "") => Some(currency_token(p, hint).ok_or_else(invalid)?),
        ("", q) => Some(currency_token(q, hint).ok_or_else(invalid)?),
        (p, q) => {
            let a = currency_token(p, hint).ok_or_else(invalid)?;
            let b = currency_token(q, hint).ok_or_else(invalid)?;
            if a != b {
                return Err(invalid());
            }
            Some(a)
        }
    };
    let currency = match (embedded, explicit) {
        (Some(e), Some(x)) if e != x => {
            return Err(MoneyError::CurrencyConflict {
                embedded: e,
                given: x,
            });
        }
        (Some(e), _) => e,
        (None, Some(x)) => x,
        (None, None) => default.ok_or(MoneyError::MissingCurrency)?,
    };

    let (int, frac) = split_separators(number, currency, multiplier, raw)?;
    let minor = decimal_to_minor(&int, &frac, multiplier, currency)?;
    Money::from_minor(minor, currency)
}

/// A currency written as an ISO code or a symbol. `$` alone means the hinted currency
/// when that is a dollar, else USD.
fn currency_token(token: &str, hint: Option<Currency>) -> Option<Currency> {
    if token == "$" {
        const DOLLARS: &[&str] = &["USD", "SGD", "AUD", "CAD", "HKD", "NZD", "TWD", "MXN"];
        return match hint {
            Some(h) if DOLLARS.contains(&h.code()) => Some(h),
            _ => Currency::from_code("USD").ok(),
        };
    }
    if token.len() == 3 && token.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Currency::from_code(token).ok();
    }
    Currency::from_symbol(token)
}

/// Splits `1,250.50` / `1.250,50` / `1.250.000` / `250,5` into integer and fraction
/// digits, or refuses the input as invalid or ambiguous.
fn split_separators(
    number: &str,
    currency: Currency,
    multiplier: i128,
    raw: &str,
) -> Result<(String, String), MoneyError> {
    let invalid = || MoneyError::Invalid(raw.to_owned());
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(invalid());
    }
    let seps: Vec<(usize, char)> = number
        .char_indices()
        .filter(|&(_, c)| c == '.' || c == ',')
        .collect();
    let Some(&(last_pos, last_sep)) = seps.last() else {
        return Ok((number.to_owned(), String::new()));
    };
    let kinds_differ = seps.iter().any(|&(_, c)| c != last_sep);
    if kinds_differ {
        // The last separator is the decimal one; all others group thousands.
        let int_part = &number[..last_pos];
        if int_part.contains(last_sep) {
            return Err(invalid());
        }
        let group_sep = if last_sep == '.' { ',' } else { '.' };
        let int = ungroup(int_part, group_sep).ok_or_else(invalid)?;
        return Ok((int, number[last_pos + 1..].to_owned()));
    }
    if seps.len() > 1 {
        let int = ungroup(number, last_sep).ok_or_else(invalid)?;
        return Ok((int, String::new()));
    }
    let (int, frac) = (&number[..last_pos], &number[last_pos + 1..]);
    if int.is_empty() || frac.is_empty() {
        return Err(invalid());
    }
    let could_group = frac.len() == 3 && int.len() <= 3 && !int.starts_with('0');
    if !could_group {
        return Ok((int.to_owned(), frac.to_owned()));
    }
    // "1.250": thousands, or 1.25 with three decimals? Only one reading can be legal for
    // a currency with fewer than three decimals and no multiplier; otherwise ask.
    if multiplier == 1 && currency.exponent() < 3 {
        return Ok((format!("{int}{frac}"), String::new()));
    }
    let unit = if multiplier == 1_000 { "k" } else { "" };
    let trimmed = frac.trim_end_matches('0');
    let decimal_reading = if trimmed.is_empty() {
        format!("{int}{unit}")
    } else {
        format!("{int}{last_sep}{trimmed}{unit}")
    };
    Err(MoneyError::Ambiguous {
        input: raw.trim().to_owned(),
        suggestions: [format!("{int}{frac}{unit}"), decimal_reading],
    })
}

/// Removes thousands separators, checking the groups: `1,250,000` ok, `12,50,000` not.
fn ungroup(s: &str, sep: char) -> Option<String> {
    let mut groups = s.split(sep);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_owned();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
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

    fn chat(s: &str, default: &str) -> Result<(i64, &'static str), MoneyError> {
        parse_amount(s, None, Some(cur(default))).map(|m| (m.minor(), m.currency().code()))
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
    fn chat_accepts_every_form_of_the_design() {
        assert_eq!(chat("250", "THB").unwrap(), (25000, "THB"));
        assert_eq!(chat("250.50", "THB").unwrap(), (25050, "THB"));
        assert_eq!(chat("1,250.50", "THB").unwrap(), (125050, "THB"));
        assert_eq!(chat("1.250,50", "EUR").unwrap(), (125050, "EUR"));
        assert_eq!(chat("50k", "THB").unwrap(), (5000000, "THB"));
        assert_eq!(chat("1.5k", "THB").unwrap(), (150000, "THB"));
        assert_eq!(chat("฿250", "USD").unwrap(), (25000, "THB"));
        assert_eq!(chat("Rp50.000", "THB").unwrap(), (5000000, "IDR"));
        assert_eq!(chat("250THB", "USD").unwrap(), (25000, "THB"));
        assert_eq!(chat("250 thb", "USD").unwrap(), (25000, "THB"));
        assert_eq!(chat("$12.50", "THB").unwrap(), (1250, "USD"));
        assert_eq!(chat("$12.50", "SGD").unwrap(), (1250, "SGD"));
        assert_eq!(chat("1.250.000", "VND").unwrap(), (1250000, "VND"));
        assert_eq!(chat("250,5", "BRL").unwrap(), (25050, "BRL"));
        assert_eq!(chat("50kTHB", "USD").unwrap(), (5000000, "THB"));
        assert_eq!(chat("2m", "IDR").unwrap(), (200000000, "IDR"));
    }

    #[test]
    fn chat_refuses_what_reads_two_ways() {
        let err = chat("1.250", "KWD").unwrap_err();
        assert_eq!(
            err,
            MoneyError::Ambiguous {
                input: "1.250".into(),
                suggestions: ["1250".into(), "1.25".into()]
            }
        );
        assert!(matches!(
            chat("1,250k", "THB"),
            Err(MoneyError::Ambiguous { .. })
        ));
    }

    #[test]
    fn chat_refuses_bad_input_specifically() {
        assert_eq!(chat("-5", "THB"), Err(MoneyError::NotPositive));
        assert_eq!(chat("0", "THB"), Err(MoneyError::NotPositive));
        assert!(matches!(
            chat("12.5", "JPY"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
        assert!(matches!(chat("abc", "THB"), Err(MoneyError::Invalid(_))));
        assert!(matches!(
            chat("1.2.3,4", "THB"),
            Err(MoneyError::Invalid(_))
        ));
        assert!(matches!(
            chat("12,50,000", "INR"),
            Err(MoneyError::Invalid(_))
        ));
        assert!(matches!(chat("xyz250", "THB"), Err(MoneyError::Invalid(_))));
        assert_eq!(
            parse_amount("฿250", Some(cur("USD")), None),
            Err(MoneyError::CurrencyConflict {
                embedded: cur("THB"),
                given: cur("USD")
            })
        );
        assert_eq!(
            parse_amount("250", None, None),
            Err(MoneyError::MissingCurrency)
        );
        assert_eq!(
            chat("99999999999999999999999", "THB"),
            Err(MoneyError::TooLarge)
        );
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

    proptest! {
        #[test]
        fn api_decimal_round_trips(minor in 1i64..=MAX_MINOR, code in prop::sample::select(vec!["JPY", "THB", "KWD", "CLF"])) {
            let c = cur(code);
            let m = Money::from_minor(minor, c).unwrap();
            prop_assert_eq!(Money::parse_decimal(&m.to_decimal_string(), c).unwrap(), m);
        }

        #[test]
        fn chat_reads_its_own_english_formatting(minor in 1i64..=MAX_MINOR, code in prop::sample::select(vec!["JPY", "THB", "USD", "IDR"])) {
            let c = cur(code);
            let shown = format_minor(minor, c, "en");
            prop_assert_eq!(parse_amount(&shown, None, Some(c)).unwrap().minor(), minor);
        }

        #[test]
        fn chat_reads_its_own_continental_formatting(minor in 1i64..=MAX_MINOR, code in prop::sample::select(vec!["EUR", "VND", "BRL"])) {
            let c = cur(code);
            let shown = format_minor(minor, c, "es").replace(' ', "");
            // A lone "x.yyy" is thousands for these currencies, so every output parses back.
            prop_assert_eq!(parse_amount(&shown, None, Some(c)).unwrap().minor(), minor);
        }

        #[test]
        fn chat_parser_never_panics(s in "\\PC{0,24}") {
            let _ = parse_amount(&s, None, Some(cur("THB")));
        }

        #[test]
        fn chat_amounts_are_positive_and_bounded(s in "[0-9.,kK$฿]{1,16}") {
            if let Ok(m) = parse_amount(&s, None, Some(cur("THB"))) {
                prop_assert!(m.minor() > 0 && m.minor() <= MAX_MINOR);
            }
        }
    }
}
