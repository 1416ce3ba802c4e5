//! One word of an amount: the currency and sign before the digits, the digits, and what
//! is glued after them (magnitude, currency, Thai text); and the words after a number
//! that may be its thousands groups (`1 250 000`).

use super::names::{self, Named};
use crate::domain::currency::Currency;
use crate::domain::money::MoneyError;

/// The number word split into currency before it, digits, and what is glued after.
#[derive(Debug, Clone)]
pub(super) struct NumberWord {
    /// ASCII digits, `.`, `,` and spaces for group spaces.
    pub(super) core: String,
    /// A currency glued before the number (`฿250`) or after it (`250THB`).
    pub(super) named: Option<Named>,
    pub(super) tail: Tail,
}

/// What is glued after the digits: a magnitude, a currency, Thai text.
#[derive(Debug, Clone, Default)]
pub(super) struct Tail {
    pub(super) magnitudes: &'static [u32],
    pub(super) after_magnitude: Option<String>,
    pub(super) named: Option<Named>,
    pub(super) lead: Option<String>,
}

impl Tail {
    pub(super) fn is_empty(&self) -> bool {
        self.magnitudes.is_empty() && self.named.is_none() && self.lead.is_none()
    }
}

/// Words after the first number that may be its thousands groups (`1 250 000`).
pub(super) struct SpaceGroups {
    pub(super) words: Vec<NumberWord>,
    /// Whether the groups surely belong to the number: decimals or a currency close them
    /// (`1 250,50`, `1 250 EUR`), or a description could only start with digits
    /// (`1 250 000`, `5 000 cakes`).
    pub(super) certain: bool,
    /// Whether words follow the groups.
    pub(super) followed: bool,
}

impl SpaceGroups {
    /// The ways to read the number, most likely first: how many group words it takes,
    /// and the last of them. When unsure, `5 100` alone is more likely 5100 than 5
    /// described as "100", and `5 100 tickets` more likely 5 for "100 tickets"; so is
    /// `1 250 100 tickets` 1250 for "100 tickets".
    pub(super) fn extents(&self) -> Vec<(usize, Option<&NumberWord>)> {
        let k = self.words.len();
        if k == 0 {
            return vec![(0, None)];
        }
        let all = (k, self.words.last());
        let fewer = (k - 1, k.checked_sub(2).and_then(|i| self.words.get(i)));
        match (self.certain, self.followed) {
            (true, _) => vec![all],
            (false, false) => vec![all, fewer],
            (false, true) => vec![fewer, all],
        }
    }
}

/// Splits the word holding the number: currency and sign before, digits, and what is
/// glued after (magnitude, currency, Thai text).
pub(super) fn split_number(
    word: &str,
    default: Option<Currency>,
    lang: &str,
) -> Result<NumberWord, MoneyError> {
    let invalid = || MoneyError::Invalid(word.to_owned());
    let chars = normalize(word);
    let first_digit = chars
        .iter()
        .position(char::is_ascii_digit)
        .ok_or_else(invalid)?;
    // ".50" and "฿.50", but not the dot of "Rs.500" or "Rp.50.000".
    let start = match first_digit.checked_sub(1) {
        Some(i)
            if matches!(chars[i], '.' | ',')
                && !i.checked_sub(1).is_some_and(|j| chars[j].is_alphabetic()) =>
        {
            i
        }
        _ => first_digit,
    };
    let end = chars[start..]
        .iter()
        .position(|c| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ' ')))
        .map_or(chars.len(), |n| start + n);
    let pre: String = chars[..start].iter().collect();
    let core: String = chars[start..end].iter().collect();
    let tail: String = chars[end..].iter().collect();
    let mut tail_chars = tail.chars();
    if matches!(tail_chars.next(), Some('e' | 'E')) {
        let rest: String = tail_chars.collect();
        let digits = rest.trim_start_matches(['+', '-', '−']);
        if digits.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(MoneyError::Exponent(word.to_owned()));
        }
    }
    if pre.chars().any(is_minus) {
        return Err(MoneyError::Negative);
    }
    let named = match pre.trim() {
        "" => None,
        p => match names::currency(p, default, lang) {
            None | Some(Named::NotACode) => return Err(invalid()),
            // Glued to the number, a code is the currency: no word reads that way.
            Some(Named::OrWord(c)) => Some(Named::Is(c)),
            Some(n) => Some(n),
        },
    };
    // "Rp 50.000,-": the dash says "no cents".
    let tail = match tail.strip_prefix(['-', '–']) {
        Some(rest) if core.ends_with([',', '.']) => rest,
        _ => &tail,
    };
    let tail = glued_tail(tail, default, lang).ok_or_else(invalid)?;
    Ok(NumberWord { core, named, tail })
}

/// What is glued after the digits: nothing, a currency (`THB`, `€`, `บาท`), a magnitude
/// with an optional currency or decimals (`k`, `kTHB`, `jt`, `tr5`), Thai text after
/// either (`บาทค่าเรียน`); `None` when it is none of these.
fn glued_tail(tail: &str, default: Option<Currency>, lang: &str) -> Option<Tail> {
    let t = tail.trim_end_matches([',', ';', ':', '!', '?', ')']);
    // "500/-": Indian for "500, no paise".
    let t = t.strip_suffix("/-").unwrap_or(t);
    if t.is_empty() {
        return Some(Tail::default());
    }
    let currency = |s: &str| match names::currency(s, default, lang) {
        Some(Named::NotACode) | None => None,
        Some(Named::OrWord(c)) => Some(Named::Is(c)),
        Some(n) => Some(n),
    };
    if let Some(named) = currency(t) {
        return Some(Tail {
            named: Some(named),
            ..Tail::default()
        });
    }
    if let Some((named, lead)) = thai_currency_then_text(t, default, lang) {
        return Some(Tail {
            named: Some(named),
            lead: Some(lead),
            ..Tail::default()
        });
    }
    let folded = names::fold(t);
    for (len, magnitudes) in names::magnitude_prefixes(&folded, lang) {
        let rest = &folded[len..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after_magnitude = (digits > 0).then(|| rest[..digits].to_owned());
        let rest = &rest[digits..];
        let tail = Tail {
            magnitudes,
            after_magnitude,
            ..Tail::default()
        };
        if rest.is_empty() {
            return Some(tail);
        }
        if let Some(named) = currency(rest) {
            return Some(Tail {
                named: Some(named),
                ..tail
            });
        }
        if let Some((named, lead)) = thai_currency_then_text(rest, default, lang) {
            return Some(Tail {
                named: Some(named),
                lead: Some(lead),
                ..tail
            });
        }
        if rest.starts_with(is_thai) {
            return Some(Tail {
                lead: Some(rest.to_owned()),
                ..tail
            });
        }
    }
    None
}

/// Thai writes no spaces between words: `บาทค่าเรียน` is "baht" then "tuition".
fn thai_currency_then_text(
    s: &str,
    default: Option<Currency>,
    lang: &str,
) -> Option<(Named, String)> {
    let rest = s.strip_prefix("บาท").or_else(|| s.strip_prefix("บ."))?;
    if !rest.starts_with(is_thai) {
        return None;
    }
    Some((names::currency("บาท", default, lang)?, rest.to_owned()))
}

/// The words after the first number that may be its thousands groups: `250` (a group),
/// `250,50` or `250€` (the last group, with decimals or a currency).
pub(super) fn space_groups(
    first: &NumberWord,
    rest: &[&str],
    default: Option<Currency>,
    lang: &str,
) -> SpaceGroups {
    let plain_start = first.tail.is_empty()
        && (1..=3).contains(&first.core.len())
        && first.core.bytes().all(|b| b.is_ascii_digit())
        && !first.core.starts_with('0');
    let mut groups = SpaceGroups {
        words: Vec::new(),
        certain: false,
        followed: false,
    };
    if !plain_start {
        return groups;
    }
    for word in rest {
        let Ok(g) = split_number(word, default, lang) else {
            break;
        };
        let (int, frac) = match g.core.find(['.', ',']) {
            Some(i) => (&g.core[..i], Some(&g.core[i + 1..])),
            None => (g.core.as_str(), None),
        };
        let is_group = g.named.is_none()
            && g.tail.magnitudes.is_empty()
            && int.len() == 3
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
        if !is_group {
            break;
        }
        let last = frac.is_some() || !g.tail.is_empty();
        // "100,000" after "5" may be a number of its own ("5 100,000 units").
        let clear = frac.is_none_or(|f| f.len() != 3) || !g.tail.is_empty();
        groups.words.push(g);
        if last {
            groups.certain = clear;
            groups.followed = rest.len() > groups.words.len();
            return groups;
        }
    }
    let after = rest.get(groups.words.len());
    groups.followed = after.is_some();
    let followed_by_unit = after.is_some_and(|w| {
        names::magnitude(w, false, lang).is_some()
            || matches!(
                names::currency(w, default, lang),
                Some(Named::Is(_) | Named::Shared { .. })
            )
    });
    let zero_led = groups.words.last().is_some_and(|g| g.core.starts_with('0'));
    groups.certain = followed_by_unit || zero_led || (groups.words.len() >= 2 && !groups.followed);
    groups
}

/// The word's characters with every decimal digit as ASCII and group spaces between
/// digits as a plain space.
fn normalize(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = word.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect();
    for i in 1..chars.len().saturating_sub(1) {
        let grouping = is_group_space(chars[i]) || matches!(chars[i], '\'' | '’');
        if grouping && chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit() {
            chars[i] = ' ';
        }
    }
    chars
}

/// A decimal digit of any script sellers use (ASCII, Thai, Arabic-Indic, Devanagari,
/// full-width) as ASCII.
pub(super) fn ascii_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 6] = [0x30, 0x0E50, 0x0660, 0x06F0, 0x0966, 0xFF10];
    let cp = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&cp))
        .and_then(|zero| char::from_digit(cp - zero, 10))
}

pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn has_digit(word: &str) -> bool {
    word.chars().any(|c| ascii_digit(c).is_some())
}

pub(super) fn is_group_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}')
}

pub(super) fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '–' | '—' | '‐' | '‑')
}

fn is_thai(c: char) -> bool {
    ('\u{0e00}'..='\u{0e7f}').contains(&c)
}
