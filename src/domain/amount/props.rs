//! Properties of the chat amount grammar, over random amounts, spellings and text.

use proptest::prelude::*;

use super::super::command::{AmountParse, LinkParse, LinkRequest, parse_amount_in, parse_link};
use super::super::currency::Currency;
use super::super::money::{MAX_MINOR, Money, decimal_separator, format_minor};

const LANGS: [&str; 6] = ["en", "th", "id", "vi", "pt-BR", "es"];
/// Zero-, two- and three-decimal currencies, whole-in-practice ones included.
const CODES: [&str; 16] = [
    "JPY", "VND", "KRW", "THB", "IDR", "USD", "EUR", "BRL", "INR", "MYR", "PHP", "MXN", "SGD",
    "COP", "KWD", "BHD",
];

fn cur(code: &str) -> Currency {
    Currency::from_code(code).expect(code)
}

fn money(minor: i64, code: &str) -> Money {
    Money::from_minor(minor, cur(code)).expect("a valid amount")
}

/// The readings of `/link args`, or nothing when refused.
fn link_readings(args: &str, default: Option<Currency>, lang: &str) -> Option<Vec<LinkRequest>> {
    match parse_link(args, default, lang).ok()? {
        LinkParse::One(r) => Some(vec![*r]),
        LinkParse::Choose(rs) => Some(rs),
    }
}

/// Amounts spread over every size, from one minor unit to the largest.
fn any_minor() -> impl Strategy<Value = i64> {
    prop_oneof![1i64..1_000, 1i64..10_000_000, 1i64..=MAX_MINOR]
}

/// `money` as a seller might type it: digits grouped with `group` (thousands, or lakh
/// and crore when `indian`), `decimal` before the fraction, zeros of the fraction
/// dropped when `trim`, and the currency as its code or unshared symbol, before or after.
fn typed(money: Money, group: &str, decimal: char, indian: bool, trim: bool, marker: u8) -> String {
    let exp = u32::from(money.currency().exponent());
    let unit = 10i64.pow(exp);
    let int = (money.minor() / unit).to_string();
    let mut frac = format!("{:0width$}", money.minor() % unit, width = exp as usize);
    if trim {
        frac = frac.trim_end_matches('0').to_owned();
    }
    let mut grouped = String::new();
    let len = int.len();
    for (i, ch) in int.chars().enumerate() {
        let left = len - i;
        let boundary = if indian && left > 3 {
            (left - 3).is_multiple_of(2)
        } else {
            left.is_multiple_of(3)
        };
        if i > 0 && boundary {
            grouped.push_str(group);
        }
        grouped.push(ch);
    }
    if !frac.is_empty() {
        grouped.push(decimal);
        grouped.push_str(&frac);
    }
    let code = money.currency().code();
    let symbol = money
        .currency()
        .symbol()
        .filter(|s| !["$", "¥"].contains(s));
    match (marker % 4, symbol) {
        (0, _) => format!("{grouped} {code}"),
        (1, _) => format!("{code} {grouped}"),
        (2, Some(s)) => format!("{s}{grouped}"),
        (3, Some(s)) => format!("{grouped} {s}"),
        _ => format!("{grouped}{code}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// What paychat shows is what it reads back, in every language, for every exponent.
    #[test]
    fn formatted_amounts_read_back_exactly(minor in any_minor(), code in prop::sample::select(&CODES[..]), lang in prop::sample::select(&LANGS[..])) {
        let m = money(minor, code);
        let shown = format_minor(minor, m.currency(), lang);
        let readings = link_readings(&shown, Some(m.currency()), lang);
        let got: Option<Vec<(Money, String)>> = readings.map(|rs| rs.into_iter().map(|r| (r.amount, r.description)).collect());
        prop_assert_eq!(got, Some(vec![(m, String::new())]), "{:?} in {}", shown, lang);
        prop_assert_eq!(parse_amount_in(&shown, m.currency(), lang), Ok(AmountParse::One(m)), "{:?}", shown);
    }

    /// Shown in one language and typed back by a seller of another, an amount is read as
    /// itself or offered among the readings: never silently as another number.
    #[test]
    fn formatted_amounts_are_never_misread_in_another_language(minor in any_minor(), code in prop::sample::select(&CODES[..]), shown_in in prop::sample::select(&LANGS[..]), read_in in prop::sample::select(&LANGS[..])) {
        let m = money(minor, code);
        let shown = format_minor(minor, m.currency(), shown_in);
        let readings = link_readings(&shown, Some(m.currency()), read_in);
        prop_assert!(readings.is_some_and(|rs| rs.iter().any(|r| r.amount == m)), "{:?} by a {} seller", shown, read_in);
    }

    /// However a seller groups and punctuates an amount in the way of their language
    /// (thousands or lakh groups, spaces, no-break spaces, apostrophes or none, all or
    /// some decimals, code or symbol before or after, a description after), paychat
    /// reads that amount or asks with it among the readings: never another amount.
    #[test]
    fn typed_amounts_are_never_misread(
        minor in any_minor(),
        code in prop::sample::select(&CODES[..]),
        lang in prop::sample::select(&LANGS[..]),
        default in prop::sample::select(&CODES[..]),
        group_kind in 0usize..6,
        indian: bool,
        trim: bool,
        marker: u8,
        description in prop::sample::select(vec!["", "cake", "ค่าเรียน", "2 shirts", "100 tickets"]),
    ) {
        let decimal = decimal_separator(lang);
        let own_group = if decimal == ',' { "." } else { "," };
        let group = [own_group, "", " ", "\u{a0}", "\u{202f}", "'"][group_kind];
        let indian = indian && group_kind == 0;
        let m = money(minor, code);
        let args = format!("{} {description}", typed(m, group, decimal, indian, trim, marker));
        let readings = parse_link(&args, Some(cur(default)), lang).map(|p| match p {
            LinkParse::One(r) => vec![*r],
            LinkParse::Choose(rs) => rs,
        });
        // Refused only when another reading of the digits overflows ("1 000 000 000 000
        // 100 tickets" could be a quadrillion).
        prop_assert!(
            match &readings {
                Ok(rs) => rs.iter().any(|r| r.amount == m),
                Err(e) => e.code() == "amount-too-large",
            },
            "{:?} ({}, {}) read as {:?}", args, lang, default, readings
        );
    }

    /// Every reading offered is distinct, positive, within bounds, and its command reads
    /// back as exactly that reading, whatever the seller's default currency.
    #[test]
    fn readings_are_distinct_bounded_and_their_commands_unambiguous(
        args in "[0-9.,' \u{a0}kKmM$฿€¥₹-]{1,10}( ?(THB|KWD|JPY|IDR|cup|baht|rupees|mil|jt|lakh))?( [a-z0-9 ]{0,12})?",
        lang in prop::sample::select(&LANGS[..]),
        default in prop::sample::select(&CODES[..]),
        other in prop::sample::select(&CODES[..]),
    ) {
        if let Some(readings) = link_readings(&args, Some(cur(default)), lang) {
            prop_assert!((1..=3).contains(&readings.len()));
            for (i, r) in readings.iter().enumerate() {
                prop_assert!(r.amount.minor() > 0 && r.amount.minor() <= MAX_MINOR);
                prop_assert!(!readings[..i].contains(r), "{:?}: {:?} twice", args, r);
                let command = r.command_text(lang);
                let again = link_readings(command.trim_start_matches("/link "), Some(cur(other)), lang);
                prop_assert_eq!(again, Some(vec![r.clone()]), "{:?} offered {:?}", args, command);
            }
        }
        let amounts = match parse_amount_in(&args, cur(default), lang) {
            Ok(AmountParse::One(m)) => vec![m],
            Ok(AmountParse::Choose(ms)) => ms,
            Err(_) => Vec::new(),
        };
        prop_assert!(amounts.iter().all(|m| m.minor() > 0 && m.minor() <= MAX_MINOR && m.currency() == cur(default)));
    }

    /// No input makes the grammar panic.
    #[test]
    fn the_grammar_never_panics(s in "\\PC{0,40}", lang in prop::sample::select(&LANGS[..]), default in prop::sample::select(&CODES[..])) {
        let _ = parse_link(&s, Some(cur(default)), lang);
        let _ = parse_link(&s, None, lang);
        let _ = parse_amount_in(&s, cur(default), lang);
    }

    /// Nor does text made of the characters amounts are written with.
    #[test]
    fn amount_like_text_never_panics(s in "[0-9๐-๙.,'\u{a0}\u{202f} kKmMeE+−$฿€¥₹₫Rp/-]{0,24}( [a-zA-Zบาทพันล้าน]{0,8}){0,3}", lang in prop::sample::select(&LANGS[..])) {
        let _ = parse_link(&s, Some(cur("THB")), lang);
        let _ = parse_amount_in(&s, cur("KWD"), lang);
    }
}
