//! Payments by bank QR: the buyer says they paid ("I have paid" on the buyer page), the
//! seller checks their bank and answers, and only the seller's "received" makes the
//! payment succeed, through the same path as a provider's webhook (timeline, pushes,
//! outgoing webhooks, shared cards). A slip or a claim alone never pays a link.

use super::payments::NotPayable;
use super::push::{PushDetail, SlipSeen};
use super::store::{ChangeSet, LinkUpdate, PaymentRow, PaymentWithLink, SlipRow, StoreError};
use super::views::PaymentView;
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::{LinkId, PaymentId, PaymentStatus, SellerId};

/// The `provider` of payments made by bank QR: money that moved bank to bank, confirmed
/// by the seller; refunds go back by hand, without a provider call.
pub const BANK_PROVIDER: &str = "bankqr";

/// The most characters of a buyer's name kept with a claim.
const MAX_PAYER: usize = 80;

/// What became of a buyer's "I have paid".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// Recorded; the seller is asked. The id shows the claim's state to the buyer.
    Claimed {
        payment_id: String,
    },
    /// Every use the link has left is being confirmed already: nothing recorded.
    Busy,
    Closed(NotPayable),
    /// The link has no bank QR (the seller removed the account, say).
    NoBankQr,
}

/// A transfer slip sent with a claim, already checked and cleaned by the door.
#[derive(Debug, Clone)]
pub struct ClaimSlip {
    /// JPEG without metadata.
    pub jpeg: Vec<u8>,
    /// The bank's code and the transaction reference, when the slip's QR was read.
    pub qr: Option<(String, String)>,
}

/// The seller's answer to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Received,
    NotReceived,
}

/// The most rounds a claim adds for the uses a link has left (see `claim_bank_payment`).
const MAX_EXTRA_ROUNDS: usize = 256;

/// How long a buyer's bank transfer claim holds a link for other buyers while the seller
/// has not answered: long enough for a seller to check their bank, short enough that a
/// claim made in bad faith cannot block a link for good.
pub const CLAIM_HOLD_MS: i64 = 12 * 3_600_000;

impl Engine {
    /// Records a buyer's claim to have paid a link by bank QR as a pending payment and
    /// tells the seller (`payment.claimed`), in one change. On a link a claim can hold,
    /// the change also moves the link's version: two buyers claiming at once cannot both
    /// see it free, the second is retried and finds it held.
    pub async fn claim_bank_payment(
        &self,
        slug: &str,
        payer_name: Option<&str>,
        slip: Option<ClaimSlip>,
    ) -> EngineResult<ClaimOutcome> {
        // A name is one line of text: control characters (a bell, a line break) go.
        let payer = payer_name
            .map(|n| crate::domain::text::clean(crate::domain::text::one_line(n).trim()))
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(MAX_PAYER).collect::<String>());
        let id = PaymentId::generate(self.now_ms(), random());
        let mut slip = slip;
        let mut stored_slip = None;
        // A round is lost only to a change that committed meanwhile, most often another
        // buyer's claim taking a use: a link of many uses allows as many more rounds.
        let mut rounds = super::CAS_RETRIES;
        let mut round = 0;
        while round < rounds {
            round += 1;
            let public = self.public_link(slug).await?;
            if let Some(reason) = super::payments::not_payable(public.effective_status) {
                return Ok(ClaimOutcome::Closed(reason));
            }
            let link = &public.row.link;
            let Some(qr) = self.link_bank_qr(link).await? else {
                return Ok(ClaimOutcome::NoBankQr);
            };
            if self.held_by_bank_claims(link).await? {
                return Ok(ClaimOutcome::Busy);
            }
            if round == 1 {
                let uses_left = link.usage_limit.map_or(0, |l| l - link.paid_count);
                rounds += usize::try_from(uses_left)
                    .unwrap_or(0)
                    .min(MAX_EXTRA_ROUNDS);
            }
            // The slip first, under the payment's id, once: the push that follows can
            // show it. A claim that then fails leaves a slip the retention purge deletes.
            if let Some(slip) = slip.take() {
                stored_slip = Some(self.store_claim_slip(&id, slip).await?);
            }
            let change = self
                .claim_change(link, &qr, (&id, payer.clone()), stored_slip.clone())
                .await?;
            let applied = self.store.apply(&change).await;
            match applied {
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e.into()),
                Ok(_) => {}
            }
            self.wake_outbox();
            return Ok(ClaimOutcome::Claimed {
                payment_id: id.to_string(),
            });
        }
        Err(EngineError::Store(StoreError::Conflict))
    }

    /// One attempt's change: the claim as a pending payment `id` of `payer`, its
    /// `payment.claimed` event, and on a link a claim can hold the move of its version.
    async fn claim_change(
        &self,
        link: &super::LinkRow,
        qr: &super::payto::BankQr,
        (id, payer): (&PaymentId, Option<String>),
        slip: Option<(serde_json::Value, SlipSeen)>,
    ) -> EngineResult<ChangeSet> {
        let now = self.now_ms();
        let payment = PaymentRow {
            // A bank claim has no provider: its own id stands in for the provider's.
            provider_payment_id: id.to_string(),
            id: id.clone(),
            link_id: link.id.clone(),
            provider: BANK_PROVIDER.into(),
            amount: link.amount,
            status: PaymentStatus::Pending,
            method: qr.rail.as_str().into(),
            payer_name: payer,
            payer_email: None,
            failure_reason: None,
            refunded_minor: 0,
            created_at: now,
            updated_at: now,
            provider_ref: qr.reference.clone(),
            next_check_at: None,
            payer_phone: None,
            shipping_address: None,
            receipt_token: Some(super::receipts::new_token()),
        };
        let (slip_data, claim_slip) = slip
            .map_or((serde_json::Value::Null, None), |(data, seen)| {
                (data, Some(seen))
            });
        let detail = PushDetail::Claimed {
            payment_id: payment.id.to_string(),
            payer: payment.payer_name.clone().filter(|p| !p.is_empty()),
            rail: qr.rail.as_str().to_owned(),
            reference: qr.reference.clone(),
            slip: claim_slip,
        };
        let hold = claims_can_hold(link);
        let mut updated = link.clone();
        if hold {
            updated.version += 1;
            updated.updated_at = now;
        }
        let mut event = self.told(
            &updated,
            detail,
            serde_json::json!({
                "payment": PaymentView::from(&payment),
                "rail": qr.rail.as_str(),
                "reference": qr.reference,
                "slip": slip_data,
            }),
            now,
        );
        // The seller must answer: a link made through the API asks in their chat.
        self.to_seller_chat(&mut event, link).await?;
        Ok(ChangeSet {
            new_payment: Some(payment),
            link: hold.then(|| LinkUpdate::to(&updated, link.version)),
            events: vec![event],
            now,
            ..ChangeSet::default()
        })
    }

    /// Stores a claim's slip under the claim's payment id; what the timeline and the
    /// seller's push say of it.
    async fn store_claim_slip(
        &self,
        id: &PaymentId,
        slip: ClaimSlip,
    ) -> EngineResult<(serde_json::Value, SlipSeen)> {
        let (bank, reference) = slip.qr.clone().unzip();
        let seen_before = match &reference {
            Some(r) => self.store.slip_reference_used(r, id).await?,
            None => None,
        };
        self.store
            .put_slip(&SlipRow {
                payment_id: id.clone(),
                image: slip.jpeg,
                bank: bank.clone(),
                reference: reference.clone(),
                created_at: self.now_ms(),
            })
            .await?;
        let data = serde_json::json!({
            "bank": bank,
            "reference": reference,
            "seen_before": seen_before.is_some(),
        });
        let seen = SlipSeen {
            bank,
            reference,
            seen_before: seen_before.is_some(),
        };
        Ok((data, seen))
    }

    /// The slip a claim came with, for the seller's eyes only.
    pub async fn claim_slip(&self, payment_id: &str) -> EngineResult<Option<SlipRow>> {
        let payment_id = PaymentId::from_trusted(payment_id.to_owned());
        Ok(self.store.slip(&payment_id).await?)
    }

    /// Deletes slips older than `links.slip_retention`.
    pub async fn purge_slips(&self) -> EngineResult<u64> {
        let keep = i64::try_from(self.settings.slip_retention.as_millis()).unwrap_or(i64::MAX);
        Ok(self
            .store
            .purge_slips(self.now_ms().saturating_sub(keep))
            .await?)
    }

    /// Whether buyers' bank transfer claims, waiting for the seller, take every payment
    /// the link has left: another buyer may then neither claim nor pay by card, or a
    /// single-use link would be paid twice.
    pub async fn held_by_bank_claims(&self, link: &super::LinkRow) -> EngineResult<bool> {
        Ok(self.claims_holding(link).await?.is_some())
    }

    /// The waiting claims of `link`, oldest first, when they take every payment it has
    /// left; `None` when they do not.
    async fn claims_holding(&self, link: &super::LinkRow) -> EngineResult<Option<Vec<PaymentRow>>> {
        let (Some(limit), true) = (link.usage_limit, claims_can_hold(link)) else {
            return Ok(None);
        };
        let claims = self.holding_claims(&link.id).await?;
        let pending = i64::try_from(claims.len()).unwrap_or(i64::MAX);
        Ok((link.paid_count + pending >= limit).then_some(claims))
    }

    /// The claims of a link that wait for the seller and still hold it, oldest first:
    /// one unanswered for [`CLAIM_HOLD_MS`] stops holding (it stays for the seller to
    /// answer), so a claim nobody checks cannot keep a link from being paid for good.
    async fn holding_claims(&self, link_id: &LinkId) -> EngineResult<Vec<PaymentRow>> {
        let since = self.now_ms().saturating_sub(CLAIM_HOLD_MS);
        let mut claims: Vec<PaymentRow> = self
            .store
            .payments(link_id)
            .await?
            .into_iter()
            .filter(|p| p.provider == BANK_PROVIDER && p.status == PaymentStatus::Pending)
            .filter(|p| p.created_at > since)
            .collect();
        claims.sort_by_key(|p| p.created_at);
        Ok(claims)
    }

    /// The claim that money now reported for `link` (the seller's `/paid`, a bank feed's
    /// credit) must be: when one waiting claim holds the last use an open link has left,
    /// that money can only be its transfer, so it confirms the claim instead of being
    /// counted a second time (a later "received" then finds it confirmed). With several
    /// claims waiting, which buyer paid is not known: none is confirmed on a guess.
    pub(crate) async fn claim_reported_paid(
        &self,
        link: &super::LinkRow,
    ) -> EngineResult<Option<PaymentRow>> {
        if !link.status.is_open() {
            return Ok(None);
        }
        Ok(match self.claims_holding(link).await? {
            Some(mut claims) if claims.len() == 1 => claims.pop(),
            _ => None,
        })
    }

    /// A claim of the link `slug`, for the buyer's page; `None` when the id is not a
    /// bank claim of this link.
    pub async fn bank_claim(
        &self,
        slug: &str,
        payment_id: &str,
    ) -> EngineResult<Option<PaymentRow>> {
        let public = self.public_link(slug).await?;
        let found = self
            .store
            .payment_with_link(BANK_PROVIDER, payment_id)
            .await?;
        Ok(found
            .filter(|f| f.link.id == public.row.link.id)
            .map(|f| f.payment()))
    }

    /// The seller's claim, checked to be theirs.
    pub async fn seller_bank_claim(
        &self,
        seller_id: &SellerId,
        payment_id: &str,
    ) -> EngineResult<PaymentWithLink> {
        self.store
            .payment_with_link(BANK_PROVIDER, payment_id)
            .await?
            .filter(|f| f.link.seller_id == *seller_id)
            .ok_or(EngineError::NotFound("payment"))
    }

    /// The seller's answer: "received" pays the link as a provider's webhook would;
    /// "not received" closes the claim (the buyer's page says so). Each applies once:
    /// a claim already answered is returned as it is.
    pub async fn decide_bank_claim(
        &self,
        seller_id: &SellerId,
        payment_id: &str,
        decision: Decision,
    ) -> EngineResult<PaymentWithLink> {
        let found = self.seller_bank_claim(seller_id, payment_id).await?;
        self.decide_claim(seller_id, found, decision).await
    }

    /// [`Self::decide_bank_claim`] for the seller's claim `found`, already read.
    async fn decide_claim(
        &self,
        seller_id: &SellerId,
        found: PaymentWithLink,
        decision: Decision,
    ) -> EngineResult<PaymentWithLink> {
        if found.pay_status != PaymentStatus::Pending {
            return Ok(found);
        }
        let payment_id = found.pay_id.as_str();
        let receipt = decision_receipt(payment_id);
        let applied = match decision {
            // Read again each round: a buyer's claim on the same link moves its version.
            Decision::Received => {
                let mut applied = Err(EngineError::Store(StoreError::Conflict));
                for _ in 0..super::CAS_RETRIES {
                    applied = self
                        .payment_succeeded(
                            &receipt,
                            payment_id,
                            (found.pay_amount.minor(), found.pay_amount.currency().code()),
                            (found.pay_payer_name.clone(), None),
                            found.pay_provider_ref.clone(),
                        )
                        .await
                        .map(|_| ());
                    if !matches!(applied, Err(EngineError::Store(StoreError::Conflict))) {
                        break;
                    }
                }
                applied
            }
            // The seller did it: their chat already knows; the timeline records it.
            Decision::NotReceived => {
                self.move_payment(
                    &receipt,
                    &found,
                    PaymentStatus::Failed,
                    Some("not_received".into()),
                    serde_json::json!({}),
                    None,
                )
                .await
            }
        };
        let after = self.seller_bank_claim(seller_id, payment_id).await?;
        match applied {
            // A second answer racing the first, or the same money reported another way
            // (`/paid`, a bank feed) at that moment: the first stands.
            Ok(()) | Err(EngineError::Store(super::store::StoreError::AlreadyProcessed)) => {}
            Err(EngineError::Store(super::store::StoreError::Conflict))
                if after.pay_status != PaymentStatus::Pending => {}
            Err(e) => return Err(e),
        }
        Ok(after)
    }
}

impl Engine {
    /// The seller's answer over the API to the claim `payment_id` of their link
    /// `link_id`, as [`Self::decide_bank_claim`]: the claim as it now is, and whether it
    /// stands as asked (`false`: it had been answered the other way before).
    pub async fn answer_bank_claim(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        payment_id: &str,
        decision: Decision,
    ) -> EngineResult<(PaymentRow, bool)> {
        let found = self.seller_bank_claim(seller_id, payment_id).await?;
        if found.link.id.as_str() != link_id {
            return Err(EngineError::NotFound("payment"));
        }
        let after = self
            .decide_claim(seller_id, found, decision)
            .await?
            .payment();
        let as_asked = after.status
            == match decision {
                Decision::Received => PaymentStatus::Succeeded,
                Decision::NotReceived => PaymentStatus::Failed,
            };
        Ok((after, as_asked))
    }
}

/// The once-only key of the seller's answer to the claim `payment_id`: a second answer,
/// or money reported another way for it, changes nothing twice.
pub(crate) fn decision_receipt(payment_id: &str) -> (String, String) {
    (BANK_PROVIDER.to_owned(), format!("decision:{payment_id}"))
}

/// Whether a payment's money went back by hand (no provider to call for a refund).
#[must_use]
pub fn refunded_by_hand(provider: &str) -> bool {
    provider == super::chat::MANUAL_PROVIDER || provider == BANK_PROVIDER
}

/// Whether waiting claims can take what `link` has left: a link of limited uses, not one
/// paid in parts (each part is checked against the balance while a claim waits).
fn claims_can_hold(link: &super::LinkRow) -> bool {
    link.usage_limit.is_some() && link.balance_minor().is_none()
}
