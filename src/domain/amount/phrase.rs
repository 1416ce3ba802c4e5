//! One reading of the number with what follows it: a magnitude word, a second part
//! (`2 jt 500 rb`), the currency (written, shared, a word that may be one, or the
//! seller's default), then the number read in each candidate currency.

use super::names::{self, Named};
use super::number::{self, Typed};
use super::word::{Tail, all_digits, split_number};
use super::{Reading, resolve};
use crate::domain::command::CommandError;
use crate::domain::currency::Currency;
use crate::domain::money::MoneyError;

/// The amount phrase of one reading of the number, before its currency is settled.
pub(super) struct Phrase<'a> {
    /// The words of the number as typed, for messages.
    pub(super) input: String,
    /// Its digits and separators, group words joined by spaces.
    pub(super) core: String,
    /// What is glued after its last word.
    pub(super) tail: &'a Tail,
    /// The currencies written so far (before the number, glued to it).
    pub(super) clues: Vec<Named>,
}

impl Phrase<'_> {
    /// The readings of this phrase, the words after it starting at `next`.
    pub(super) fn readings(
        mut self,
        words: &[&str],
        mut next: usize,
        default: Option<Currency>,
        lang: &str,
    ) -> Vec<Result<Reading, CommandError>> {
        let mut magnitudes = self.tail.magnitudes;
        let glued_currency = self.tail.named.is_some() || self.tail.lead.is_some();
        if let Some(n) = &self.tail.named {
            self.clues.push(n.clone());
        }
        if magnitudes.is_empty()
            && !glued_currency
            && let Some(p) = words
                .get(next)
                .and_then(|w| names::magnitude(w, false, lang))
        {
            magnitudes = p;
            next += 1;
        }
        let plain = Variant {
            next,
            after_magnitude: self.tail.after_magnitude.clone(),
            plus: None,
        };
        let variants = if magnitudes.is_empty() || glued_currency {
            vec![plain]
        } else {
            self.second_parts(words, plain, magnitudes, default, lang)
        };
        variants
            .into_iter()
            .flat_map(|v| self.variant_readings(v, words, magnitudes, default, lang))
            .collect()
    }

    /// After a magnitude, the ways a second part may follow: `2 jt 500 rb` adds 500
    /// thousand; after a million-word a bare `500` may be its decimals (Vietnamese and
    /// Indonesian say `2 triệu 500` for 2.5 million) or start the description.
    fn second_parts(
        &mut self,
        words: &[&str],
        plain: Variant,
        magnitudes: &'static [u32],
        default: Option<Currency>,
        lang: &str,
    ) -> Vec<Variant> {
        let Some(second) = words
            .get(plain.next)
            .and_then(|w| split_number(w, default, lang).ok())
            .filter(|n| n.named.is_none() && n.tail.lead.is_none() && all_digits(&n.core))
        else {
            return vec![plain];
        };
        let (powers, used) = match words.get(plain.next + 1) {
            _ if !second.tail.magnitudes.is_empty() => (second.tail.magnitudes, 1),
            Some(w) if second.tail.is_empty() => {
                names::magnitude(w, false, lang).map_or((&[][..], 1), |p| (p, 2))
            }
            _ => (&[][..], 1),
        };
        let smallest = magnitudes.iter().min().copied().unwrap_or(0);
        match powers {
            [power] if *power < smallest && second.tail.after_magnitude.is_none() => {
                if let Some(n) = &second.tail.named {
                    self.clues.push(n.clone());
                }
                vec![Variant {
                    next: plain.next + used,
                    plus: Some((second.core, *power)),
                    ..plain
                }]
            }
            // A bare number after a million-word: its decimals (`2 triệu 500`), or the
            // start of the description; with a currency after it (`2 million 500 THB`)
            // it is part of the amount, decimals or added, not a description.
            [] if second.tail.is_empty()
                && (1..=3).contains(&second.core.len())
                && smallest >= 6
                && plain.after_magnitude.is_none()
                && all_digits(&self.core) =>
            {
                let decimals = Variant {
                    next: plain.next + 1,
                    after_magnitude: Some(second.core.clone()),
                    plus: None,
                };
                if currency_follows(words, plain.next + 1, default, lang) {
                    let added = Variant {
                        next: plain.next + 1,
                        plus: Some((second.core, 0)),
                        ..plain
                    };
                    vec![decimals, added]
                } else {
                    vec![decimals, plain]
                }
            }
            // A bare number with as many digits as a thousand-word has zeros (`2k 500`,
            // `1 lakh 50000`): added in, or the start of the description; with a
            // currency after it, added. A shorter one is a quantity (`50k 2 shirts`).
            [] if second.tail.is_empty()
                && second.core.len() == smallest as usize
                && plain.after_magnitude.is_none() =>
            {
                let added = Variant {
                    next: plain.next + 1,
                    plus: Some((second.core, 0)),
                    ..plain.clone()
                };
                if currency_follows(words, plain.next + 1, default, lang) {
                    vec![added]
                } else {
                    vec![added, plain]
                }
            }
            _ => vec![plain],
        }
    }

    /// The readings of one variant: its currency, then its number in that currency.
    fn variant_readings(
        &self,
        variant: Variant,
        words: &[&str],
        magnitudes: &'static [u32],
        default: Option<Currency>,
        lang: &str,
    ) -> Vec<Result<Reading, CommandError>> {
        let mut next = variant.next;
        let mut clues = self.clues.clone();
        let glued_currency = self.tail.named.is_some() || self.tail.lead.is_some();
        let mut or_word = None;
        if glued_currency {
            // `1฿ THB`: the words after may repeat the currency, never start the
            // description with another.
            while second_currency(words, next, default, lang)
                && let Some(second) = names::currency(words[next], default, lang)
            {
                clues.push(second);
                next += 1;
            }
        } else if let Some(&word) = words.get(next) {
            match names::currency(word, default, lang) {
                Some(Named::NotACode) if clues.is_empty() => {
                    return vec![Err(CommandError::UnknownCurrency(word.to_owned()))];
                }
                Some(Named::OrWord(c)) if clues.is_empty() => or_word = Some((c, word)),
                Some(Named::NotACode | Named::OrWord(_)) | None => {}
                Some(named) => {
                    clues.push(named);
                    next += 1;
                    // "50 đô la": the two words of the Vietnamese "dollar".
                    if names::fold(word) == "đo"
                        && words.get(next).is_some_and(|w| names::fold(w) == "la")
                    {
                        next += 1;
                    }
                    // More currencies right after (`250 USD THB`, `1¥ ¥ $`) are not the
                    // start of the description: they must agree with the first, or the
                    // amount is refused as naming two. All of them, so that a reading's
                    // own command (`1 JPY $`) is refused the same way.
                    while second_currency(words, next, default, lang)
                        && let Some(second) = names::currency(words[next], default, lang)
                    {
                        clues.push(second);
                        next += 1;
                    }
                }
            }
        }
        let currencies: Vec<(Currency, usize)> = match (resolve(&clues), or_word, default) {
            (Err(e), _, _) => return vec![Err(e)],
            (Ok(Some(list)), _, _) => list.into_iter().map(|c| (c, next)).collect(),
            // "250 cup cakes": the seller's currency with "cup cakes", or 250 CUP "cakes".
            (Ok(None), Some((c, _)), Some(d)) => vec![(d, next), (c, next + 1)],
            (Ok(None), Some((_, word)), None) => {
                return vec![Err(CommandError::CurrencyOrWord(word.to_owned()))];
            }
            (Ok(None), None, Some(d)) => vec![(d, next)],
            (Ok(None), None, None) => {
                return vec![Err(CommandError::Amount(MoneyError::MissingCurrency, None))];
            }
        };
        let typed = Typed {
            input: &self.input,
            core: &self.core,
            after_magnitude: variant.after_magnitude.as_deref(),
            magnitudes,
        };
        let mut out = Vec::new();
        for (currency, used) in currencies {
            for r in number::readings(&typed, currency, lang) {
                let r = match (&variant.plus, r) {
                    (Some((digits, power)), Ok(m)) => {
                        number::to_money(digits, "", *power, currency)
                            .and_then(|p| m.checked_add(p))
                    }
                    (_, r) => r,
                };
                out.push(match r {
                    Ok(money) => Ok(Reading {
                        money,
                        used,
                        lead: self.tail.lead.clone(),
                    }),
                    Err(e) => Err(CommandError::Amount(e, Some(currency))),
                });
            }
        }
        out
    }
}

/// Whether `words[at]` names a currency (a word that may also be something else does
/// not count).
fn currency_follows(words: &[&str], at: usize, default: Option<Currency>, lang: &str) -> bool {
    words.get(at).is_some_and(|w| {
        !matches!(
            names::currency(w, default, lang),
            None | Some(Named::NotACode | Named::OrWord(_))
        )
    })
}

/// Whether `words[at]` is a second currency written as a code in capitals or a symbol
/// (`250 USD THB`, `1฿ THB`). A currency *word* there is the description's: `yến sào`
/// (bird's nest) is not yen, `euro adapter` not euros.
fn second_currency(words: &[&str], at: usize, default: Option<Currency>, lang: &str) -> bool {
    let code_or_symbol = |w: &str| {
        (w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase()))
            || !w.chars().any(char::is_alphabetic)
    };
    words.get(at).is_some_and(|w| code_or_symbol(w)) && currency_follows(words, at, default, lang)
}

/// One way the words after a magnitude continue the amount.
#[derive(Debug, Clone)]
struct Variant {
    /// Where the currency slot starts.
    next: usize,
    /// Decimals of the magnitude (`5` of `2tr5`, or `500` of `2 triệu 500`).
    after_magnitude: Option<String>,
    /// A second part added in (`500 rb` of `2 jt 500 rb`): digits and power of ten.
    plus: Option<(String, u32)>,
}
