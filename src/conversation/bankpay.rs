//! A buyer says they paid by bank QR: the seller's ✅ Received / ❌ Not received, asked
//! once more before it acts (the same questions as cancel or refund).

use serde::{Deserialize, Serialize};

use super::{Ctx, Failure, Incoming, Reply, action, shown};
use crate::domain::PaymentStatus;
use crate::engine::EngineError;
use crate::engine::bankpay::Decision;
use crate::engine::{PaymentWithLink, PromptRow};

/// The prompt kind of a claim's answer, as stored.
pub(super) const BANK: &str = "bank";

#[derive(Serialize, Deserialize)]
struct ClaimAnswer {
    payment_id: String,
    received: bool,
}

impl super::Conversation {
    /// `bq:<payment>:y|n` pressed under a claim: asks to confirm that answer.
    pub(super) async fn ask_bank_decision(
        &self,
        msg: &Incoming,
        c: &Ctx,
        rest: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let (payment_id, choice) = rest.rsplit_once(':').unwrap_or((rest, ""));
        let received = choice == "y";
        let claim = self
            .engine
            .seller_bank_claim(&c.seller.id, payment_id)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        if claim.pay_status != PaymentStatus::Pending {
            return Ok(vec![self.claim_state(&claim, c.lang)]);
        }
        let id = self
            .ask(
                msg,
                c,
                BANK,
                &ClaimAnswer {
                    payment_id: payment_id.to_owned(),
                    received,
                },
            )
            .await?;
        let (question, yes) = if received {
            ("bank-confirm-received", "btn-bank-received-yes")
        } else {
            ("bank-confirm-not-received", "btn-bank-not-received-yes")
        };
        let text = self.t(
            c.lang,
            question,
            &[
                ("link", &self.summary_line(&claim.link, c.lang)),
                ("payer", &payer(&claim)),
            ],
        );
        Ok(vec![Reply::text(text).row(vec![
            action(self.t(c.lang, yes, &[]), format!("q:{id}:0")),
            self.keep_button(c.lang, &id),
        ])])
    }

    /// "Yes" to a claim's question: the decision, applied once.
    pub(super) async fn answer_bank(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
    ) -> Result<Vec<Reply>, Failure> {
        let answer: ClaimAnswer = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        // Pressed twice, or after "keep" at the same instant: the claim's own receipt
        // decides once, and the answer shows where the claim stands.
        let decision = if answer.received {
            Decision::Received
        } else {
            Decision::NotReceived
        };
        let claim = match self
            .engine
            .decide_bank_claim(&c.seller.id, &answer.payment_id, decision)
            .await
        {
            Ok(claim) => claim,
            Err(EngineError::AlreadyApplied) => self
                .engine
                .seller_bank_claim(&c.seller.id, &answer.payment_id)
                .await
                .map_err(|e| Failure::Engine(e, Some(c.lang)))?,
            Err(e) => return Err(Failure::Engine(e, Some(c.lang))),
        };
        Ok(vec![self.claim_state(&claim, c.lang).editing()])
    }

    /// Where a claim stands, as the seller reads it.
    fn claim_state(&self, claim: &PaymentWithLink, lang: &str) -> Reply {
        let key = match claim.pay_status {
            PaymentStatus::Succeeded => "bank-received",
            PaymentStatus::Pending => "bank-pending",
            PaymentStatus::Failed | PaymentStatus::Expired | PaymentStatus::Mismatch => {
                "bank-not-received"
            }
        };
        Reply::text(self.t(
            lang,
            key,
            &[("link", &self.summary_line(&claim.link, lang))],
        ))
    }
}

/// The buyer's name as they gave it, or a dash.
fn payer(claim: &PaymentWithLink) -> String {
    claim
        .pay_payer_name
        .as_deref()
        .filter(|p| !p.is_empty())
        .map_or_else(|| "—".to_owned(), shown)
}
