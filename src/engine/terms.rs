//! The checks on a link's terms (items, a buyer-chosen amount, payment in parts) and the
//! amount one checkout takes under them.

use super::links::NewLinkInput;
use super::store::LinkRow;
use super::{Engine, EngineError, EngineResult};
use crate::domain::money::minor_to_decimal;
use crate::domain::terms::{AmountChoice, Refusal, TermsError};
use crate::domain::{Currency, Money};

/// Longest item name and promotion code a link keeps.
const MAX_ITEM_NAME: usize = 200;
const MAX_PROMO_CODE: usize = 40;

fn terms_error(e: TermsError) -> EngineError {
    EngineError::invalid(e.field, e.code, e.message)
}

impl Engine {
    /// Refuses terms that do not fit the link: an amount other than the items' total, a
    /// chosen amount on a bank-QR-only link (a bank QR carries one fixed amount), bounds
    /// that contradict each other.
    pub(crate) fn check_terms(&self, input: &NewLinkInput, bank_only: bool) -> EngineResult<()> {
        let terms = &input.terms;
        let currency = input.amount.currency();
        if let Some(order) = &terms.order {
            let total = order.total().map_err(terms_error)?;
            if order
                .items
                .iter()
                .any(|i| i.name.chars().count() > MAX_ITEM_NAME)
            {
                return Err(EngineError::invalid(
                    "order_details.name",
                    "item_name_too_long",
                    format!("an item name has at most {MAX_ITEM_NAME} characters"),
                ));
            }
            if order
                .promo_code
                .as_ref()
                .is_some_and(|c| c.chars().count() > MAX_PROMO_CODE || c.trim().is_empty())
            {
                return Err(EngineError::invalid(
                    "merchant_details.promo_code",
                    "promo_code_invalid",
                    format!("promo_code has 1 to {MAX_PROMO_CODE} characters"),
                ));
            }
            if total != input.amount.minor() {
                return Err(EngineError::invalid(
                    "amount",
                    "amount_mismatch",
                    format!(
                        "amount {} does not match the items' total {} {}: leave amount out or \
                         send the total",
                        minor_to_decimal(input.amount.minor(), currency),
                        minor_to_decimal(total, currency),
                        currency.code()
                    ),
                ));
            }
        }
        let Some(choice) = &terms.choice else {
            return Ok(());
        };
        if bank_only {
            return Err(EngineError::invalid(
                "pay_via",
                "pay_via_needs_fixed_amount",
                "a bank QR carries one fixed amount: a link whose buyer chooses the amount or \
                 pays in parts is paid by card (pay_via card or absent)",
            ));
        }
        choice.check(input.amount.minor()).map_err(terms_error)?;
        match choice {
            AmountChoice::Open { .. } if terms.order.is_some() => Err(EngineError::invalid(
                "dynamic_amount",
                "dynamic_amount_with_items",
                "a link with order_details has a fixed total; the buyer cannot choose it",
            )),
            AmountChoice::Partial { .. } if input.usage_limit != Some(1) => {
                Err(EngineError::invalid(
                    "usage_limit",
                    "partial_needs_single_use",
                    "a link paid in parts is one order: usage_limit must be 1",
                ))
            }
            _ => Ok(()),
        }
    }

    /// What a checkout on `link` takes: the amount the buyer chose where the link lets
    /// them, checked against its bounds and what is still due; else the link's amount.
    pub fn checkout_amount(link: &LinkRow, chosen: Option<Money>) -> EngineResult<Money> {
        let terms = link.terms();
        let Some(choice) = &terms.choice else {
            return Ok(link.amount);
        };
        let currency = link.amount.currency();
        let chosen = match chosen {
            Some(m) if m.currency() == currency => m,
            Some(_) => {
                return Err(EngineError::invalid(
                    "amount",
                    "currency_mismatch",
                    format!("the amount must be in {}", currency.code()),
                ));
            }
            None => {
                return Err(EngineError::invalid(
                    "amount",
                    "amount_required",
                    "choose an amount to pay",
                ));
            }
        };
        choice
            // What the seller kept: a refunded part is due again, a refunded deposit too.
            .accepts(chosen.minor(), link.amount.minor(), link.net_paid_minor())
            .map_err(|r| refusal_error(r, currency))?;
        Ok(chosen)
    }
}

/// A buyer's amount outside the link's bounds, naming the bound in major units.
fn refusal_error(r: Refusal, currency: Currency) -> EngineError {
    let shown = |m: i64| format!("{} {}", minor_to_decimal(m, currency), currency.code());
    match r {
        Refusal::BelowMin(min) => EngineError::invalid(
            "amount",
            "amount_below_min",
            format!("the amount must be at least {}", shown(min)),
        ),
        Refusal::AboveMax(max) => EngineError::invalid(
            "amount",
            "amount_above_max",
            format!("the amount must be at most {}", shown(max)),
        ),
        Refusal::NothingDue => {
            EngineError::invalid("amount", "nothing_due", "nothing more is due on this link")
        }
    }
}
