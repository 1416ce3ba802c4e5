//! The parts of a buyer page that a link's terms add: the items table (also on the
//! receipt) and the form where the buyer chooses an amount or the part they pay now.
//! Every seller string is escaped.

use serde::Deserialize;

use super::pages::Translate;
use crate::adapters::html::escape;
use crate::domain::amount::{self, Extent};
use crate::domain::buyer::BuyerEntry;
use crate::domain::command::CommandError;
use crate::domain::money::MoneyError;
use crate::domain::money::{format_minor, minor_to_decimal};
use crate::domain::terms::{AmountChoice, LineKind, OrderDetails};
use crate::domain::text::clean;
use crate::domain::{Currency, Money};
use crate::engine::LinkRow;

/// The pay form's fields: a preset button's value, or the amount typed.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PayForm {
    preset: Option<String>,
    amount: Option<String>,
    /// The buyer's details, when the page asks for them.
    #[serde(flatten)]
    pub buyer: BuyerEntry,
}

/// Why the amount a buyer sent was not taken: a page message key and its bound.
pub(super) const AMOUNT_ERRORS: [&str; 7] = [
    "amount_required",
    "amount_invalid",
    "amount_separators",
    "amount_too_precise",
    "amount_below_min",
    "amount_above_max",
    "nothing_due",
];

impl PayForm {
    /// The amount chosen in `currency`; `Err` names the message to show. A preset is
    /// this page's own machine-written value (`1250.50`). A typed amount is read by the
    /// chat's amount grammar for a buyer reading `lang`: taken only when it reads one way
    /// (`1,000` on an English page is a thousand, `12,50` twelve and a half), refused
    /// when it could mean two amounts, never guessed.
    pub(super) fn chosen(
        &self,
        currency: Currency,
        lang: &str,
    ) -> Result<Option<Money>, &'static str> {
        let nonempty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        if let Some(preset) = nonempty(&self.preset) {
            return Money::parse_decimal(&preset, currency)
                .map(Some)
                .map_err(|_| "amount_invalid");
        }
        let Some(typed) = nonempty(&self.amount) else {
            return Ok(None);
        };
        let words = amount::split_words(&typed);
        let refused = if typed.contains([',', '.']) {
            "amount_separators"
        } else {
            "amount_invalid"
        };
        match amount::read(&words, Some(currency), lang, Extent::Whole) {
            Ok(readings) => match readings.as_slice() {
                [one] if one.money.currency() == currency => Ok(Some(one.money)),
                [_] => Err("amount_invalid"),
                _ => Err(refused),
            },
            // `10,0000` is no way of grouping thousands: what is wrong is the decimals.
            Err(CommandError::Amount(MoneyError::TooManyDecimals { .. }, _)) => {
                Err("amount_too_precise")
            }
            Err(_) => Err(refused),
        }
    }
}

/// The big amount line: the amount, "from ฿20" for an open amount, or for a link in
/// parts the amount with what is still due.
pub(super) fn amount_line(link: &LinkRow, lang: &str, t: &Translate<'_>) -> String {
    let currency = link.amount.currency();
    let money = |m: i64| format_minor(m, currency, lang);
    match link.terms().choice {
        Some(AmountChoice::Open {
            min_minor,
            max_minor,
            ..
        }) => match max_minor {
            Some(max) => t(
                "page-amount-between",
                &[("min", &money(min_minor)), ("max", &money(max))],
            ),
            None => t("page-amount-from", &[("min", &money(min_minor))]),
        },
        _ => escape(&money(link.amount.minor())),
    }
}

/// Paid so far and what is left, for a link in parts once something was paid.
pub(super) fn balance_note(link: &LinkRow, lang: &str, t: &Translate<'_>) -> String {
    match link.balance_minor() {
        Some(left) if link.net_paid_minor() > 0 => {
            let currency = link.amount.currency();
            format!(
                "<p class=\"notice\">{}</p>",
                t(
                    "page-paid-so-far",
                    &[
                        ("paid", &format_minor(link.net_paid_minor(), currency, lang)),
                        ("remaining", &format_minor(left, currency, lang)),
                    ]
                )
            )
        }
        _ => String::new(),
    }
}

/// The items, shipping, discount and total as a table.
pub(super) fn items_table(
    order: &OrderDetails,
    currency: Currency,
    lang: &str,
    t: &Translate<'_>,
) -> String {
    let money = |m: i64| escape(&format_minor(m, currency, lang));
    let (mut rows, mut foot) = (String::new(), String::new());
    for line in order.lines() {
        let (label, sign) = match line.kind {
            LineKind::Item(item) => {
                rows.push_str(&format!(
                    "<tr><td dir=\"auto\">{name}</td><td class=\"n\">{qty}</td>\
                     <td class=\"n\">{unit}</td><td class=\"n\">{sum}</td></tr>",
                    name = escape(&clean(&item.name)),
                    qty = item.quantity,
                    unit = money(item.unit_price_minor),
                    sum = money(line.amount_minor),
                ));
                continue;
            }
            LineKind::Shipping => (t("items-shipping", &[]), ""),
            LineKind::Discount(code) => (
                code.map_or_else(
                    || t("items-discount", &[]),
                    |c| t("items-discount-code", &[("code", &clean(c))]),
                ),
                "−",
            ),
        };
        foot.push_str(&format!(
            "<tr><td colspan=\"3\">{label}</td><td class=\"n\">{sign}{}</td></tr>",
            money(line.amount_minor)
        ));
    }
    let total = order.total().unwrap_or_else(|_| order.subtotal());
    foot.push_str(&format!(
        "<tr><th colspan=\"3\">{}</th><th class=\"n\">{}</th></tr>",
        t("items-total", &[]),
        money(total)
    ));
    format!(
        "<table class=\"items\"><thead><tr><th>{item}</th><th class=\"n\">{qty}</th>\
         <th class=\"n\">{price}</th><th class=\"n\">{sum}</th></tr></thead><tbody>{rows}</tbody>\
         <tfoot>{foot}</tfoot></table>",
        item = t("items-item", &[]),
        qty = t("items-qty", &[]),
        price = t("items-price", &[]),
        sum = t("items-sum", &[]),
    )
}

/// The pay form of a link whose buyer chooses the amount: preset buttons (for a link in
/// parts, the deposit or the balance, and everything), a field for another amount, and
/// the error of the last try; `fields` (the buyer's details, already HTML) go inside the
/// form. `None` for a fixed amount.
pub(super) fn choice_form(
    link: &LinkRow,
    lang: &str,
    (action, fields): (&str, &str),
    error: Option<&str>,
    t: &Translate<'_>,
) -> Option<String> {
    let choice = link.terms().choice?;
    let currency = link.amount.currency();
    let money = |m: i64| format_minor(m, currency, lang);
    let mut presets: Vec<(String, i64)> = Vec::new();
    let (min, max) = match &choice {
        AmountChoice::Open {
            min_minor,
            max_minor,
            presets: values,
        } => {
            for v in values {
                presets.push((t("pay-button", &[("amount", &money(*v))]), *v));
            }
            (*min_minor, *max_minor)
        }
        AmountChoice::Partial { first_min_minor } => {
            let left = link.balance_minor().unwrap_or(0);
            if link.net_paid_minor() == 0 {
                if *first_min_minor < left {
                    presets.push((
                        t("page-pay-deposit", &[("amount", &money(*first_min_minor))]),
                        *first_min_minor,
                    ));
                }
                presets.push((t("page-pay-full", &[("amount", &money(left))]), left));
                (*first_min_minor, Some(left))
            } else {
                presets.push((t("page-pay-balance", &[("amount", &money(left))]), left));
                (1, Some(left))
            }
        }
    };
    let bound = |m: Option<i64>| m.map(&money).unwrap_or_default();
    let error = error.filter(|e| AMOUNT_ERRORS.contains(e)).map(|e| {
        let text = match e {
            "amount_below_min" => t("page-amount-below-min", &[("amount", &money(min))]),
            "amount_above_max" => t("page-amount-above-max", &[("amount", &bound(max))]),
            "nothing_due" => t("page-nothing-due", &[]),
            "amount_required" => t("page-amount-required", &[]),
            "amount_too_precise" => too_precise(currency, lang, t),
            "amount_separators" => t(
                "page-amount-separators",
                &[(
                    "example",
                    &amount::amount_text(amount::example(currency, true), lang),
                )],
            ),
            _ => t(
                "page-amount-invalid",
                &[("example", &minor_to_decimal(min, currency))],
            ),
        };
        format!("<p class=\"notice\" role=\"alert\">{text}</p>")
    });
    let buttons: String = presets
        .iter()
        .map(|(label, v)| {
            format!(
                "<button type=\"submit\" name=\"preset\" value=\"{}\">{label}</button>",
                minor_to_decimal(*v, currency)
            )
        })
        .collect();
    Some(format!(
        "{error}<form method=\"post\" action=\"{action}\" class=\"choose\">{fields}{buttons}\
         <label>{label}<input name=\"amount\" inputmode=\"decimal\" autocomplete=\"off\" \
         placeholder=\"{placeholder}\"></label><button type=\"submit\">{pay}</button></form>",
        error = error.unwrap_or_default(),
        action = escape(action),
        label = t("page-other-amount", &[("currency", currency.code())]),
        placeholder = minor_to_decimal(min, currency),
        pay = t("page-pay-chosen", &[]),
    ))
}

/// The refusal of an amount with more decimals than `currency` has, in the words the
/// chat uses for the same mistake.
fn too_precise(currency: Currency, lang: &str, t: &Translate<'_>) -> String {
    let code = currency.code();
    match currency.exponent() {
        0 => t(
            "err-amount-whole-only",
            &[
                ("currency", code),
                (
                    "example",
                    &amount::amount_text(amount::example(currency, false), lang),
                ),
            ],
        ),
        places => t(
            "err-amount-too-precise",
            &[
                ("currency", code),
                ("places", &places.to_string()),
                (
                    "decimals",
                    &amount::amount_text(amount::example(currency, true), lang),
                ),
            ],
        ),
    }
}
