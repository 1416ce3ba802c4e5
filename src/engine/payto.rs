//! Where sellers are paid by national bank QR: one validated account per rail, and the
//! amount-locked QR payload for a link.

use super::prompts::{ApplyOnce, once_error};
use super::store::PaytoRow;
use super::{Engine, EngineError, EngineResult};
use crate::domain::rails::{PayTo, Rail, RailError};
use crate::domain::{Currency, Money, SellerId};

/// A link's bank QR: the payload, the rail and who the buyer's app will show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankQr {
    pub rail: Rail,
    pub payload: String,
    pub payee: String,
    /// The code the transfer carries where the rail has room for one.
    pub reference: Option<String>,
}

impl Engine {
    /// Sets (or replaces) the seller's account on its rail; with `once`, at most once
    /// for that chat command.
    pub async fn set_payto(
        &self,
        seller_id: &SellerId,
        pay_to: &PayTo,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<()> {
        self.seller(seller_id).await?;
        let account = serde_json::to_string(pay_to)
            .map_err(|e| EngineError::invalid("account", "payto_invalid", e.to_string()))?;
        let now = self.now_ms();
        let row = PaytoRow {
            seller_id: seller_id.to_owned(),
            rail: pay_to.rail().as_str().to_owned(),
            account,
            created_at: now,
            updated_at: now,
        };
        self.store
            .set_payto(&row, once.map(ApplyOnce::receipt))
            .await
            .map_err(once_error)
    }

    /// Removes the seller's account on `rail` (every rail when `None`); how many went.
    pub async fn remove_payto(
        &self,
        seller_id: &SellerId,
        rail: Option<Rail>,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<u64> {
        self.store
            .delete_payto(
                seller_id,
                rail.map(Rail::as_str),
                once.map(ApplyOnce::receipt),
                self.now_ms(),
            )
            .await
            .map_err(once_error)
    }

    /// The seller's accounts. A stored account this version cannot read is logged and
    /// left out (the seller sets it again), never shown half-read.
    pub async fn paytos(&self, seller_id: &SellerId) -> EngineResult<Vec<PayTo>> {
        let rows = self.store.paytos(seller_id).await?;
        Ok(rows
            .iter()
            .filter_map(|r| match serde_json::from_str::<PayTo>(&r.account) {
                Ok(p) => Some(p),
                Err(e) => {
                    tracing::error!(seller.id = %seller_id, rail = %r.rail, error = %e,
                        "a stored bank QR account is unreadable");
                    None
                }
            })
            .collect())
    }

    /// The seller's account on the rail of `currency`, if they set one.
    pub async fn payto_for(
        &self,
        seller_id: &SellerId,
        currency: Currency,
    ) -> EngineResult<Option<PayTo>> {
        let Some(rail) = Rail::for_currency(currency) else {
            return Ok(None);
        };
        Ok(self
            .paytos(seller_id)
            .await?
            .into_iter()
            .find(|p| p.rail() == rail))
    }

    /// The bank QR that pays `amount` to `pay_to`, carrying `reference`.
    pub fn bank_qr(
        pay_to: &PayTo,
        amount: Money,
        reference: Option<&str>,
    ) -> Result<BankQr, RailError> {
        Ok(BankQr {
            rail: pay_to.rail(),
            payload: pay_to.payload(amount, reference)?,
            payee: pay_to.payee(),
            reference: reference.map(str::to_owned),
        })
    }
}

impl Engine {
    /// `pay_via` checked: `card`, or a rail of the link's currency on which the seller
    /// has an account.
    pub(crate) async fn check_pay_via(
        &self,
        seller: &super::store::SellerRow,
        input: &super::links::NewLinkInput,
    ) -> EngineResult<Option<&'static str>> {
        let Some(via) = input
            .pay_via
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        else {
            return Ok(None);
        };
        if via.eq_ignore_ascii_case("card") {
            return Ok(Some("card"));
        }
        let rail = Rail::parse(via).ok_or_else(|| {
            EngineError::invalid(
                "pay_via",
                "pay_via_invalid",
                "pay_via must be card, promptpay, vietqr, pix, upi or qris",
            )
        })?;
        if rail.currency_code() != input.amount.currency().code() {
            return Err(EngineError::invalid(
                "pay_via",
                "pay_via_currency",
                format!("{} takes {} only", rail.label(), rail.currency_code()),
            ));
        }
        if !self
            .paytos(&seller.id)
            .await?
            .iter()
            .any(|p| p.rail() == rail)
        {
            return Err(EngineError::invalid(
                "pay_via",
                "pay_via_no_account",
                format!(
                    "no {} account is set (see /payto or PUT /api/v1/payto)",
                    rail.label()
                ),
            ));
        }
        Ok(Some(rail.as_str()))
    }

    /// The bank QR for a link: the seller's account on the rail of the link's
    /// currency and the link's amount; `None` when the seller set none for it.
    pub async fn link_bank_qr(
        &self,
        link: &crate::engine::store::LinkRow,
    ) -> EngineResult<Option<BankQr>> {
        let currency = link.amount.currency();
        // The seller chose the card checkout only for this link; or the buyer chooses
        // the amount, which a bank QR (one fixed amount) cannot carry.
        if link.pay_via.as_deref() == Some("card") || link.terms().choice.is_some() {
            return Ok(None);
        }
        let Some(pay_to) = self.payto_for(&link.seller_id, currency).await? else {
            return Ok(None);
        };
        let amount = link.amount;
        // PromptPay and QRIS codes of personal accounts have no room for a reference.
        let reference = matches!(pay_to.rail(), Rail::VietQr | Rail::Pix | Rail::Upi)
            .then(|| link_reference(&link.slug));
        match Self::bank_qr(&pay_to, amount, reference.as_deref()) {
            Ok(qr) => Ok(Some(qr)),
            // An amount the rail cannot carry (fractional rupiah): no QR, the page
            // offers the other ways to pay.
            Err(e) => {
                tracing::warn!(link.id = %link.id, error = %e, "no bank QR for this link");
                Ok(None)
            }
        }
    }
}

/// The short code a link's bank transfers carry: `PC` and the start of the link's code,
/// upper case (banks often upper-case the transfer content).
#[must_use]
pub fn link_reference(slug: &str) -> String {
    let head: String = slug.chars().take(8).collect();
    format!("PC{}", head.to_ascii_uppercase())
}
