//! The chat amount grammar: how `/link 1 250,50 EUR cake` or `/refund CODE ฿100` is read.
//!
//! Money must never be misread. Every amount is read exactly as the seller meant it, or
//! offered as a choice of readings (the caller shows one button each), or refused with a
//! message that says what to write. The reader works on words: an optional currency
//! before the number, the number (with group spaces it may spread over several words),
//! an optional magnitude (`k`, `juta`, `mil`) and an optional currency after it; every
//! other word is the description. `number.rs` reads digits and separators, `names.rs`
//! knows the currency and magnitude words. docs/chat-commands.md is the seller's version
//! of these rules, and `cases.rs` the table that pins them down.

mod names;
mod number;
mod phrase;
mod word;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod props;

use super::command::CommandError;
use super::currency::Currency;
use super::money::{Money, MoneyError};
use names::Named;
use phrase::Phrase;
use word::{ascii_digit, has_digit, is_group_space, is_minus, space_groups, split_number};

/// The most readings a seller is asked to choose from; more is refused as unclear.
pub const MAX_READINGS: usize = 3;

/// One way to read the amount at the start of a list of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub money: Money,
    /// How many words the amount took; the description starts after them.
    pub used: usize,
    /// Text glued to the amount that starts the description (`250บาทค่าเรียน`).
    pub lead: Option<String>,
}

/// Whether the amount may be followed by a description (`/link`) or must be all of the
/// input (a refund amount).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    Start,
    Whole,
}

/// The readings of the amount at the start of `words`, 1 to [`MAX_READINGS`], distinct
/// and most likely first, for a seller whose default currency is `default` and who
/// writes `lang`; or why there is none.
pub fn read(
    words: &[&str],
    default: Option<Currency>,
    lang: &str,
    extent: Extent,
) -> Result<Vec<Reading>, CommandError> {
    let first = *words.first().ok_or(CommandError::MissingAmount)?;
    let mut clues = Vec::new();
    let mut at = 0;
    if !has_digit(first) {
        refuse_non_numbers(words, default, lang)?;
        let next_is_number = words.get(1).is_some_and(|w| has_digit(w));
        match names::currency(first, default, lang) {
            Some(Named::NotACode) if next_is_number => {
                return Err(CommandError::UnknownCurrency(first.to_owned()));
            }
            // "top 250": the only reading with the amount first is the currency TOP.
            Some(Named::OrWord(_)) if next_is_number => {
                return Err(CommandError::CurrencyOrWord(first.to_owned()));
            }
            Some(named) if next_is_number => {
                clues.push(named);
                at = 1;
            }
            _ => return Err(CommandError::MissingAmount),
        }
    }
    let context = clue_currency(&clues).or(default);
    let amount_err = |e: MoneyError| CommandError::Amount(e, context);
    let number = split_number(words[at], default, lang).map_err(amount_err)?;
    let groups = space_groups(&number, &words[at + 1..], default, lang);
    let mut results = Vec::new();
    for (count, last) in groups.extents() {
        let (core, tail) = match last {
            Some(last) => {
                let cores: Vec<&str> = [number.core.as_str()]
                    .into_iter()
                    .chain(groups.words[..count].iter().map(|g| g.core.as_str()))
                    .collect();
                (cores.join(" "), &last.tail)
            }
            None => (number.core.clone(), &number.tail),
        };
        let end = at + 1 + count;
        let phrase = Phrase {
            input: words[at..end].join(" "),
            core,
            tail,
            clues: clues.iter().chain(&number.named).cloned().collect(),
        };
        results.extend(phrase.readings(words, end, default, lang));
    }
    if extent == Extent::Whole {
        results.retain(|r| !matches!(r, Ok(r) if r.used < words.len() || r.lead.is_some()));
        if results.is_empty() {
            return Err(amount_err(MoneyError::Invalid(words.join(" "))));
        }
    }
    decide(results, words)
}

/// `text` split into words at whitespace, except that a no-break, narrow no-break, thin
/// or figure space between two digits groups them (`1 250`).
#[must_use]
pub fn split_words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut prev = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let joins_digits = is_group_space(c)
            && prev.is_some_and(|p| ascii_digit(p).is_some())
            && next.is_some_and(|n| ascii_digit(n).is_some());
        if c.is_whitespace() && !joins_digits {
            if let Some(s) = start.take() {
                words.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    words
}

/// `money` as the seller should type it to get exactly it, in any language: a number
/// without group separators and the currency code (`1250.50 THB`, `12,500 KWD` in
/// Portuguese).
#[must_use]
pub fn amount_text(money: Money, lang: &str) -> String {
    format!("{} {}", number::plain(money, lang), money.currency().code())
}

/// A sensible amount to show in an example for `currency`: 250, or 50000 for currencies
/// counted in thousands (IDR, VND…); with `fraction`, one with all the currency's
/// decimals (250.50, 12.500 for three-decimal currencies), or for a currency without
/// decimals a second, larger one (1250 JPY).
#[must_use]
pub fn example(currency: Currency, fraction: bool) -> Money {
    const THOUSANDS: &[&str] = &[
        "IDR", "VND", "COP", "IRR", "KHR", "LAK", "LBP", "MMK", "SYP", "UZS", "PYG", "UGX", "GNF",
        "KRW",
    ];
    let exp = u32::from(currency.exponent());
    let unit = 10i64.pow(exp);
    let whole = if THOUSANDS.contains(&currency.code()) {
        50_000
    } else {
        250
    };
    let minor = match (fraction, exp) {
        (false, _) => whole * unit,
        (true, 0) => whole * 5,
        (true, 1 | 2) => whole * unit + unit / 2,
        (true, _) => 12 * unit + unit / 2,
    };
    Money::from_minor(minor, currency).unwrap_or(Money::smallest(currency))
}

/// The final answer from every candidate reading, in likelihood order: the distinct
/// readings when there are 2 or 3, the one reading when nothing else was possible, else
/// the most likely refusal, or "unclear" when there are too many readings to ask about.
fn decide(
    results: Vec<Result<Reading, CommandError>>,
    words: &[&str],
) -> Result<Vec<Reading>, CommandError> {
    let mut oks: Vec<Reading> = Vec::new();
    let mut first_err = None;
    for r in results {
        match r {
            Ok(r) if !oks.contains(&r) => oks.push(r),
            Ok(_) => {}
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match (oks.len(), first_err) {
        (1, None) => Ok(oks),
        // One reading fits, but another the seller may have meant did not: say why
        // rather than take the one.
        (0 | 1, Some(e)) => Err(e),
        (0, None) => Err(CommandError::MissingAmount),
        (2..=MAX_READINGS, _) => Ok(oks),
        _ => {
            let used = oks.iter().map(|r| r.used).max().unwrap_or(1);
            let currency = oks[0].money.currency();
            Err(CommandError::Amount(
                MoneyError::Ambiguous {
                    input: words[..used.min(words.len())].join(" "),
                    readings: oks.iter().map(|r| r.money).take(MAX_READINGS).collect(),
                },
                Some(currency),
            ))
        }
    }
}

/// The currency the clues name, combined, or the conflict between them.
fn resolve(clues: &[Named]) -> Result<Option<Vec<Currency>>, CommandError> {
    let conflict = |embedded, given| {
        CommandError::Amount(
            MoneyError::CurrencyConflict { embedded, given },
            Some(given),
        )
    };
    let mut one: Option<Currency> = None;
    let mut shared: Vec<(&[&str], &[Currency])> = Vec::new();
    for clue in clues {
        match clue {
            Named::Is(c) | Named::OrWord(c) => match one {
                Some(o) if o != *c => return Err(conflict(o, *c)),
                _ => one = Some(*c),
            },
            Named::Shared { family, alone } => shared.push((family, alone)),
            Named::NotACode => {}
        }
    }
    if let Some(c) = one {
        if let Some((_, alone)) = shared
            .iter()
            .find(|(family, _)| !family.contains(&c.code()))
        {
            return Err(conflict(alone.first().copied().unwrap_or(c), c));
        }
        return Ok(Some(vec![c]));
    }
    let Some((&(family, alone), others)) = shared.split_first() else {
        return Ok(None);
    };
    if others.is_empty() {
        return Ok(Some(alone.to_vec()));
    }
    // "$50 pesos": the currencies both name, preferring what each means alone.
    let both: Vec<&str> = family
        .iter()
        .copied()
        .filter(|c| others.iter().all(|(f, _)| f.contains(c)))
        .collect();
    let mut picks: Vec<Currency> = shared
        .iter()
        .flat_map(|(_, alone)| alone.iter().copied())
        .filter(|c| both.contains(&c.code()))
        .collect();
    picks.dedup();
    if picks.is_empty() {
        picks = both
            .iter()
            .filter_map(|c| Currency::from_code(c).ok())
            .take(MAX_READINGS)
            .collect();
    }
    if picks.is_empty() {
        let a = alone.first().copied();
        let b = others[0].1.first().copied();
        return match (a, b) {
            (Some(a), Some(b)) => Err(conflict(a, b)),
            _ => Ok(None),
        };
    }
    Ok(Some(picks))
}

/// The currency a list of clues points to first, for messages before it is settled.
fn clue_currency(clues: &[Named]) -> Option<Currency> {
    clues.iter().find_map(|n| match n {
        Named::Is(c) | Named::OrWord(c) => Some(*c),
        Named::Shared { alone, .. } => alone.first().copied(),
        Named::NotACode => None,
    })
}

/// NaN, infinity and a lone minus sign before the number, each refused as such.
fn refuse_non_numbers(
    words: &[&str],
    default: Option<Currency>,
    lang: &str,
) -> Result<(), CommandError> {
    let refuse = |e| Err(CommandError::Amount(e, default));
    let first = words[0];
    let next = words.get(1).copied();
    if is_not_a_number(first) {
        return refuse(MoneyError::NotANumber(first.to_owned()));
    }
    if first.chars().all(is_minus) && next.is_some_and(has_digit) {
        return refuse(MoneyError::Negative);
    }
    match next {
        // "$ NaN"
        Some(n) if is_not_a_number(n) && names::currency(first, default, lang).is_some() => {
            refuse(MoneyError::NotANumber(n.to_owned()))
        }
        _ => Ok(()),
    }
}

/// `NaN`, `inf`, `∞` and the like, signs and symbols around them ignored.
fn is_not_a_number(word: &str) -> bool {
    let keep = |c: char| c.is_alphanumeric() || c == '∞';
    let bare = word
        .trim_start_matches(|c| !keep(c))
        .trim_end_matches(|c| !keep(c))
        .to_lowercase();
    matches!(
        bare.as_str(),
        "nan" | "inf" | "infinity" | "infinite" | "infinito" | "∞"
    )
}
