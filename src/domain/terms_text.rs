//! The chat grammar of a link's terms, read in the seller's language and currency:
//!
//! - items: `/link 2x cupcake 45, 1x tea 30, ship 40 THB` (segments split by a comma and
//!   a space, or `;`; each `<n>x <name> <price>`, or `ship <price>`, `discount <amount>`,
//!   `promo <CODE> <amount>`; an optional currency code ends the last segment);
//! - a buyer-chosen amount: `/link any THB donation min:20 max:5000`;
//! - a deposit: `/link 1000 THB cake deposit:30%` or `deposit:300`.
//!
//! Every price is read by the same rules as a `/link` amount; one that reads two ways is
//! refused with its readings, never guessed.

use super::command::{AmountParse, CommandError, parse_amount_in};
use super::money::MoneyError;
use super::terms::{AmountChoice, Item, OrderDetails};
use super::{Currency, Money};

/// Whether `words` (options removed) start an item list: `2x`, `2×`, or `2 x`, then at
/// least a name and a price (`250x` alone stays an amount that cannot be read).
#[must_use]
pub fn is_item_list(words: &[&str]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() < 3 {
        return false;
    }
    quantity_word(first).is_some()
        || (first.bytes().all(|b| b.is_ascii_digit()) && words.get(1).is_some_and(|w| is_times(w)))
}

fn is_times(w: &str) -> bool {
    w.eq_ignore_ascii_case("x") || w == "×"
}

/// `2x` / `2×` as 2.
fn quantity_word(w: &str) -> Option<i64> {
    let digits = w
        .strip_suffix(['x', 'X', '×'])
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?;
    digits.parse().ok()
}

/// One price in `currency`, exactly as typed, or the reason it cannot be used.
fn price(raw: &str, currency: Currency, lang: &str) -> Result<Money, CommandError> {
    match parse_amount_in(raw, currency, lang)? {
        AmountParse::One(m) => Ok(m),
        AmountParse::Choose(readings) => Err(CommandError::Amount(
            MoneyError::Ambiguous {
                input: raw.to_owned(),
                readings,
            },
            Some(currency),
        )),
    }
}

/// The items of an item list, its total and currency, and a description made of the
/// item names (`2× cupcake, 1× tea`).
pub fn read_items(
    words: &[&str],
    default: Option<Currency>,
    lang: &str,
) -> Result<(Money, OrderDetails, String), CommandError> {
    let text = words.join(" ");
    let mut segments: Vec<Vec<&str>> = text
        .split(';')
        .flat_map(|s| s.split(", "))
        .map(|s| {
            s.trim()
                .trim_end_matches(',')
                .split_whitespace()
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    // A currency code may end the list.
    let mut currency = default;
    if let Some(last) = segments.last_mut()
        && last.len() > 1
        && let Some(code) = last
            .last()
            .filter(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        && let Ok(c) = Currency::from_code(&code.to_ascii_uppercase())
    {
        currency = Some(c);
        last.pop();
    }
    let currency = currency.ok_or(CommandError::Amount(MoneyError::MissingCurrency, None))?;
    let mut order = OrderDetails::default();
    for seg in &segments {
        let bad = || CommandError::BadItem(seg.join(" "));
        let head = seg[0].to_lowercase();
        match head.as_str() {
            "ship" | "shipping" | "delivery" if seg.len() == 2 => {
                order.shipping_minor = price(seg[1], currency, lang)?.minor();
            }
            "discount" if seg.len() == 2 => {
                order.promo_discount_minor = price(seg[1], currency, lang)?.minor();
            }
            "promo" if seg.len() == 3 => {
                order.promo_code = Some(seg[1].to_owned());
                order.promo_discount_minor = price(seg[2], currency, lang)?.minor();
            }
            _ => {
                let (quantity, rest) = match quantity_word(seg[0]) {
                    Some(q) => (q, &seg[1..]),
                    None if seg.len() > 1 && is_times(seg[1]) => {
                        (seg[0].parse().map_err(|_| bad())?, &seg[2..])
                    }
                    None => return Err(bad()),
                };
                let [name @ .., last] = rest else {
                    return Err(bad());
                };
                if name.is_empty() {
                    return Err(bad());
                }
                // "2x cake 1 250": item "cake 1" at 250, or "cake" at 1,250 written with
                // a space. Never guessed: refused, and the message shows the form.
                let digits = |w: &str, n: std::ops::RangeInclusive<usize>| {
                    n.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
                };
                if name
                    .last()
                    .is_some_and(|w| digits(w, 1..=3) && !w.starts_with('0'))
                    && digits(last, 3..=3)
                {
                    return Err(bad());
                }
                order.items.push(Item {
                    name: name.join(" "),
                    quantity,
                    unit_price_minor: price(last, currency, lang)?.minor(),
                });
            }
        }
    }
    let total = order.total().map_err(|e| match e.code {
        "amount_too_large" => CommandError::Amount(MoneyError::TooLarge, Some(currency)),
        _ => CommandError::BadItem(text.clone()),
    })?;
    let amount =
        Money::from_minor(total, currency).map_err(|e| CommandError::Amount(e, Some(currency)))?;
    let description = order
        .items
        .iter()
        .map(|i| format!("{}× {}", i.quantity, i.name))
        .collect::<Vec<_>>()
        .join(", ");
    Ok((amount, order, description))
}

/// An open amount's bounds from `min:` and `max:` (one major unit when `min:` is
/// absent).
pub fn open_choice(
    min: Option<&str>,
    max: Option<&str>,
    currency: Currency,
    lang: &str,
) -> Result<AmountChoice, CommandError> {
    let one_unit = 10_i64.pow(currency.exponent().into());
    let min_minor = min
        .map(|v| price(v, currency, lang).map(Money::minor))
        .transpose()?
        .unwrap_or(one_unit);
    let max_minor = max
        .map(|v| price(v, currency, lang).map(Money::minor))
        .transpose()?;
    if max_minor.is_some_and(|m| m < min_minor) {
        return Err(CommandError::BadBounds(max.unwrap_or_default().to_owned()));
    }
    Ok(AmountChoice::Open {
        min_minor,
        max_minor,
        presets: Vec::new(),
    })
}

/// `deposit:30%` (rounded up to the currency's smallest unit) or `deposit:300`: the
/// least first part of `amount`, which must be below the amount.
pub fn deposit_choice(raw: &str, amount: Money, lang: &str) -> Result<AmountChoice, CommandError> {
    let bad = || CommandError::BadDeposit(raw.to_owned());
    let first = if let Some(p) = raw.strip_suffix('%') {
        let pct: i64 = p.trim().parse().map_err(|_| bad())?;
        if !(1..=99).contains(&pct) {
            return Err(bad());
        }
        // Exact integer ceiling: 30 % of 100.01 is 30.01, never a float.
        (amount.minor().checked_mul(pct).ok_or_else(bad)? + 99) / 100
    } else {
        price(raw, amount.currency(), lang)?.minor()
    };
    if first <= 0 || first >= amount.minor() {
        return Err(bad());
    }
    Ok(AmountChoice::Partial {
        first_min_minor: first,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thb() -> Option<Currency> {
        Currency::from_code("THB").ok()
    }

    fn items(text: &str) -> Result<(Money, OrderDetails, String), CommandError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        read_items(&words, thb(), "en")
    }

    #[test]
    fn an_item_list_reads_exactly() {
        let (amount, order, desc) = items("2x cupcake 45, 1x tea 30, ship 40 THB").unwrap();
        assert_eq!(amount.minor(), 16_000);
        assert_eq!(order.items.len(), 2);
        assert_eq!(order.shipping_minor, 4000);
        assert_eq!(desc, "2× cupcake, 1× tea");
        let (amount, order, _) = items("3 x iced latte 55.50; promo SAVE 6.50").unwrap();
        assert_eq!(amount.minor(), 3 * 5550 - 650);
        assert_eq!(order.promo_code.as_deref(), Some("SAVE"));
        let (amount, _, _) = items("2x mochi 120 JPY").unwrap();
        assert_eq!((amount.minor(), amount.currency().code()), (240, "JPY"));
    }

    #[test]
    fn what_does_not_read_is_refused() {
        assert!(matches!(items("2x 45"), Err(CommandError::BadItem(_))));
        // A price spaced like a thousands group is never split into name and price.
        assert!(matches!(
            items("2x cake 1 250 THB"),
            Err(CommandError::BadItem(_))
        ));
        assert!(
            items("2x cake 12 45 THB").is_ok(),
            "a two-digit price is a price"
        );
        assert!(matches!(
            items("2x cake 45, tea"),
            Err(CommandError::BadItem(_))
        ));
        assert!(matches!(
            items("2x cake 45.555"),
            Err(CommandError::Amount(..))
        ));
        assert!(matches!(
            items("1x cake 10, discount 10"),
            Err(CommandError::BadItem(_))
        ));
        let words = ["2x", "cake", "45"];
        assert!(matches!(
            read_items(&words, None, "en"),
            Err(CommandError::Amount(MoneyError::MissingCurrency, None))
        ));
    }

    #[test]
    fn deposits_round_up_and_stay_below_the_amount() {
        let m = |minor| Money::from_minor(minor, Currency::from_code("THB").unwrap()).unwrap();
        assert_eq!(
            deposit_choice("30%", m(100_000), "en"),
            Ok(AmountChoice::Partial {
                first_min_minor: 30_000
            })
        );
        assert_eq!(
            deposit_choice("33%", m(10_001), "en"),
            Ok(AmountChoice::Partial {
                first_min_minor: 3301
            })
        );
        assert_eq!(
            deposit_choice("300", m(100_000), "en"),
            Ok(AmountChoice::Partial {
                first_min_minor: 30_000
            })
        );
        for bad in ["0%", "100%", "abc", "1000", "x%"] {
            assert!(deposit_choice(bad, m(100_000), "en").is_err(), "{bad}");
        }
    }

    #[test]
    fn open_bounds() {
        let thb = Currency::from_code("THB").unwrap();
        assert_eq!(
            open_choice(Some("20"), Some("5000"), thb, "en"),
            Ok(AmountChoice::Open {
                min_minor: 2000,
                max_minor: Some(500_000),
                presets: vec![]
            })
        );
        assert_eq!(
            open_choice(None, None, thb, "en"),
            Ok(AmountChoice::Open {
                min_minor: 100,
                max_minor: None,
                presets: vec![]
            })
        );
        assert!(matches!(
            open_choice(Some("50"), Some("20"), thb, "en"),
            Err(CommandError::BadBounds(_))
        ));
    }
}
