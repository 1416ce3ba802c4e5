//! The number of a chat amount: digits and separators read the way the people who use
//! the currency write them, then turned into minor units.
//!
//! Which of `.` and `,` is the decimal point follows from the digit counts where it can
//! (`1.250,50`, `12,5`, `1,250,000`, `1,23,456`). Only one shape can go either way: a
//! lone separator followed by exactly three digits after one to three digits (`1.250`).
//! For it the seller's language and the currency's decimals each give a clue; when they
//! agree that is the reading, when they disagree both readings are offered.

use crate::domain::currency::Currency;
use crate::domain::money::{Money, MoneyError, decimal_separator, minor_to_decimal};

/// Currencies whose everyday amounts use no minor unit although ISO 4217 gives them one:
/// like the zero-decimal currencies, `50.000` of them is fifty thousand in any language.
const WHOLE_IN_PRACTICE: &[&str] = &[
    "IDR", "COP", "HUF", "IRR", "KHR", "LAK", "LBP", "MMK", "SYP", "TWD", "UZS",
];

/// A number as the seller typed it, without its currency.
#[derive(Debug, Clone, Copy)]
pub(super) struct Typed<'a> {
    /// What the seller typed, for messages.
    pub input: &'a str,
    /// ASCII digits, `.`, `,` and spaces (any group space typed, NBSP included).
    pub core: &'a str,
    /// Digits glued after a magnitude (the `5` of `2tr5`): its first decimals.
    pub after_magnitude: Option<&'a str>,
    /// The powers of ten a magnitude may mean, most likely first; empty without one.
    pub magnitudes: &'static [u32],
}

/// Every reading of `typed` in `currency` for a seller writing `lang`, most likely first:
/// one, two where the number can go either way, or why it cannot be read.
pub(super) fn readings(
    typed: &Typed<'_>,
    currency: Currency,
    lang: &str,
) -> Vec<Result<Money, MoneyError>> {
    let powers: &[u32] = if typed.magnitudes.is_empty() {
        &[0]
    } else {
        typed.magnitudes
    };
    let shapes = match typed.after_magnitude {
        Some(decimals) if all_digits(typed.core) => {
            Ok(vec![(typed.core.to_owned(), decimals.to_owned())])
        }
        Some(_) => Err(MoneyError::Invalid(typed.input.to_owned())),
        None => shapes(typed, currency, lang),
    };
    match shapes {
        Err(e) => vec![Err(e)],
        Ok(shapes) => shapes
            .iter()
            .flat_map(|(int, frac)| {
                powers
                    .iter()
                    .map(move |&p| to_money(int, frac, p, currency))
            })
            .collect(),
    }
}

/// Whether amounts in `currency` are written in whole units in everyday use.
pub(super) fn whole_in_practice(currency: Currency) -> bool {
    currency.exponent() == 0 || WHOLE_IN_PRACTICE.contains(&currency.code())
}

/// `money` as a number that reads back as exactly itself for a seller writing `lang`: no
/// group separators, the language's decimal separator, all of the currency's decimals
/// when there is a fraction (`1250`, `1250.50`, `12,500`).
pub(super) fn plain(money: Money, lang: &str) -> String {
    let decimal = minor_to_decimal(money.minor(), money.currency());
    match decimal.split_once('.') {
        Some((int, frac)) if frac.bytes().any(|b| b != b'0') => {
            format!("{int}{}{frac}", decimal_separator(lang))
        }
        Some((int, _)) => int.to_owned(),
        None => decimal,
    }
}

/// `int.frac × 10^power` in minor units of `currency`, or why that is no amount.
pub(super) fn to_money(
    int: &str,
    frac: &str,
    power: u32,
    currency: Currency,
) -> Result<Money, MoneyError> {
    let shift = power as usize + usize::from(currency.exponent());
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if frac.len() > shift {
        let below = int.is_empty() && frac.bytes().take(shift).all(|b| b == b'0');
        return Err(if below {
            MoneyError::BelowMinorUnit(currency)
        } else {
            MoneyError::TooManyDecimals {
                currency,
                exponent: currency.exponent(),
            }
        });
    }
    let mut digits = String::with_capacity(int.len() + shift);
    digits.push_str(int);
    digits.push_str(frac);
    digits.extend(std::iter::repeat_n('0', shift - frac.len()));
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Err(MoneyError::NotPositive);
    }
    // MAX_MINOR has 15 digits; more cannot fit and need not be parsed.
    if digits.len() > 15 {
        return Err(MoneyError::TooLarge);
    }
    let minor = digits.parse::<i64>().map_err(|_| MoneyError::TooLarge)?;
    Money::from_minor(minor, currency)
}

/// The ways to split `typed.core` into whole and fraction digits, most likely first.
fn shapes(
    typed: &Typed<'_>,
    currency: Currency,
    lang: &str,
) -> Result<Vec<(String, String)>, MoneyError> {
    let input = typed.input;
    let malformed = |likely: Option<Money>| MoneyError::Malformed {
        input: input.to_owned(),
        likely,
    };
    // A separator at the very end is punctuation: "250." "250,".
    let s = match typed.core.strip_suffix(['.', ',']) {
        Some(rest) if rest.ends_with(|c: char| c.is_ascii_digit()) => rest,
        _ => typed.core,
    };
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return Err(MoneyError::Invalid(input.to_owned()));
    }
    if s.contains(' ') {
        return spaced(s)
            .ok_or_else(|| malformed(None))
            .map(|shape| vec![shape]);
    }
    let seps: Vec<(usize, char)> = s
        .char_indices()
        .filter(|&(_, c)| c == '.' || c == ',')
        .collect();
    let Some(&(last_pos, last_sep)) = seps.last() else {
        return Ok(vec![(s.to_owned(), String::new())]);
    };
    let power = typed.magnitudes.first().copied().unwrap_or(0);
    if seps.len() == 1 {
        return single(
            typed,
            &s[..last_pos],
            &s[last_pos + 1..],
            last_sep,
            currency,
            lang,
        );
    }
    if seps.iter().all(|&(_, c)| c == last_sep) {
        let groups: Vec<&str> = s.split(last_sep).collect();
        if grouping_is_valid(&groups) {
            return Ok(vec![(groups.concat(), String::new())]);
        }
        // "1.250.50": groups, then what is probably a decimal part.
        let (last, head) = groups.split_last().unwrap_or((&"", &[]));
        let likely = ((1..=2).contains(&last.len()) && grouping_is_valid(head))
            .then(|| to_money(&head.concat(), last, power, currency).ok())
            .flatten();
        return Err(malformed(likely));
    }
    // Both kinds: the last one is the decimal separator, and it appears once.
    if s.matches(last_sep).count() > 1 {
        return Err(malformed(None));
    }
    let group_sep = if last_sep == '.' { ',' } else { '.' };
    let groups: Vec<&str> = s[..last_pos].split(group_sep).collect();
    if !grouping_is_valid(&groups) {
        return Err(malformed(None));
    }
    Ok(vec![(groups.concat(), s[last_pos + 1..].to_owned())])
}

/// One separator: decimal, unless it can be a thousands separator (`1.250`); then the
/// seller's language and the currency decide, or both readings are offered.
fn single(
    typed: &Typed<'_>,
    int: &str,
    frac: &str,
    sep: char,
    currency: Currency,
    lang: &str,
) -> Result<Vec<(String, String)>, MoneyError> {
    let decimal = (int.to_owned(), frac.to_owned());
    // Four or more digits after the one separator, beyond the currency's decimals, even
    // zeros: no one writes ฿10.0000, and `10,0000` groups by ten thousands where people
    // count in 万. Read as a decimal the zeros would vanish into ฿10.
    // With a magnitude the digits after the separator are its (`1.2345 lakh`).
    let units = int.bytes().any(|b| b != b'0');
    if units
        && typed.magnitudes.is_empty()
        && frac.len() >= 4
        && frac.len() > usize::from(currency.exponent())
        && all_digits(frac)
    {
        return Err(MoneyError::TooManyDecimals {
            currency,
            exponent: currency.exponent(),
        });
    }
    let group_shaped = frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
    if !group_shaped || !all_digits(frac) {
        return Ok(vec![decimal]);
    }
    let grouped = (format!("{int}{frac}"), String::new());
    let lang_says_decimal = decimal_separator(lang) == sep;
    // With a magnitude ("1,250k") people write decimals, but grouping is not unheard
    // of, and the two readings are a thousand times apart: always ask.
    if !typed.magnitudes.is_empty() {
        return Ok(if lang_says_decimal {
            vec![decimal, grouped]
        } else {
            vec![grouped, decimal]
        });
    }
    if whole_in_practice(currency) {
        return Ok(vec![grouped]);
    }
    // Three decimals are normal for KWD, BHD…, and unheard of for THB, EUR…
    let currency_says_decimal = currency.exponent() >= 3;
    if lang_says_decimal == currency_says_decimal {
        return Ok(vec![if lang_says_decimal { decimal } else { grouped }]);
    }
    match to_money(int, frac, 0, currency) {
        Ok(_) => Ok(vec![grouped, decimal]),
        Err(_) => Err(MoneyError::DecimalsOrThousands {
            input: typed.input.to_owned(),
            grouped: to_money(&grouped.0, "", 0, currency)?,
        }),
    }
}

/// `1 250 000` or `1 250,50`: spaces group thousands, and a `.` or `,` in the last
/// group is the decimal separator.
fn spaced(s: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = s.split(' ').collect();
    let (last, head) = parts.split_last()?;
    let (last_int, frac) = match last.find(['.', ',']) {
        Some(i) => (&last[..i], &last[i + 1..]),
        None => (*last, ""),
    };
    let first_ok = head
        .first()
        .is_some_and(|f| (1..=3).contains(&f.len()) && !f.starts_with('0'));
    let groups_ok = head.iter().skip(1).chain([&last_int]).all(|g| g.len() == 3);
    let digits_ok = head.iter().chain([&last_int, &frac]).all(|g| all_digits(g));
    (first_ok && groups_ok && digits_ok)
        .then(|| (format!("{}{last_int}", head.concat()), frac.to_owned()))
}

/// Thousands groups (`1,250,000`) or Indian lakh/crore groups (`12,34,567`).
fn grouping_is_valid(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    if rest.is_empty()
        || first.starts_with('0')
        || !groups.iter().all(|g| !g.is_empty() && all_digits(g))
    {
        return false;
    }
    let thousands = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
    let indian = rest.len() >= 2
        && (1..=2).contains(&first.len())
        && rest
            .split_last()
            .is_some_and(|(last, mid)| last.len() == 3 && mid.iter().all(|g| g.len() == 2));
    thousands || indian
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}
