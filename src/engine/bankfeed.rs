//! Bank feeds: a service watching the seller's account (SePay, for VietQR) reports each
//! credit. A credit whose transfer content carries a link's reference (`PC` and the
//! start of its code) and exactly the link's amount pays that link; any other credit is
//! recorded and, when it names a link, shown to the seller. Nothing is guessed.

use serde::Deserialize;

use super::bankpay::BANK_PROVIDER;
use super::outside::OutsidePayment;
use super::ports::WebhookError;
use super::push::PushDetail;
use super::sellers::hash_key;
use super::store::{BankCreditRow, ChangeSet, LinkRow, StoreError};
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::{Money, SellerId};

/// The feed sources paychat understands.
pub const SEPAY: &str = "sepay";

/// What became of one reported credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOutcome {
    /// The credit paid this link.
    Paid { link_id: String },
    /// Reported before: nothing changed.
    Duplicate,
    /// Money out, or a credit naming no link of the seller: recorded only.
    Ignored,
    /// It names a link but cannot pay it (another amount, a closed link): the seller
    /// is told on the link's timeline and in chat.
    Unmatched {
        link_id: String,
        reason: &'static str,
    },
}

/// A credit no link could take, as the API shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CreditView {
    pub source: String,
    pub id: String,
    pub amount_minor: i64,
    pub currency: &'static str,
    pub content: String,
    pub reference: Option<String>,
    #[schema(format = DateTime)]
    pub received_at: String,
}

/// One SePay webhook body (the fields paychat reads).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SepayCredit {
    id: serde_json::Value,
    #[serde(default)]
    gateway: Option<String>,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    code: Option<String>,
    transfer_type: String,
    transfer_amount: i64,
    #[serde(default)]
    reference_code: Option<String>,
}

impl Engine {
    /// Makes (or replaces) the key the seller's SePay webhook authenticates with; the
    /// key is returned once and stored hashed.
    pub async fn create_bank_feed(&self, seller_id: &SellerId) -> EngineResult<String> {
        self.seller(seller_id).await?;
        let key = format!("pcfeed_{}", hex::encode(random::<20>()));
        self.store
            .set_bank_feed(seller_id, SEPAY, &hash_key(&key), self.now_ms())
            .await?;
        Ok(key)
    }

    /// Removes the seller's SePay feed; how many went.
    pub async fn remove_bank_feed(&self, seller_id: &SellerId) -> EngineResult<u64> {
        Ok(self.store.delete_bank_feed(seller_id, SEPAY).await?)
    }

    /// A SePay webhook: `Unauthorized` without the seller's key (`Authorization: Apikey
    /// <key>`, found by its hash), then the credit applied once by SePay's id.
    pub async fn handle_sepay(
        &self,
        authorization: Option<&str>,
        body: &[u8],
    ) -> EngineResult<FeedOutcome> {
        let key = authorization
            .and_then(|v| v.strip_prefix("Apikey "))
            .map(str::trim)
            .filter(|k| k.starts_with("pcfeed_"))
            .ok_or(EngineError::Webhook(WebhookError::BadSignature))?;
        let seller_id = self
            .store
            .bank_feed_seller(SEPAY, &hash_key(key))
            .await?
            .ok_or(EngineError::Webhook(WebhookError::BadSignature))?;
        let credit: SepayCredit = serde_json::from_slice(body)
            .map_err(|e| EngineError::invalid("body", "bad_request", e.to_string()))?;
        let credit_id = match &credit.id {
            serde_json::Value::String(s) if !s.is_empty() => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(EngineError::invalid(
                    "id",
                    "bad_request",
                    "a credit needs an id",
                ));
            }
        };
        // Keyed by the seller too: two sellers' SePay accounts number their own credits.
        let receipt = (
            BANK_PROVIDER.to_owned(),
            format!("{SEPAY}:{seller_id}:{credit_id}"),
        );
        if self.store.has_receipt(&receipt.0, &receipt.1).await? {
            return Ok(FeedOutcome::Duplicate);
        }
        let text = format!(
            "{} {}",
            credit.code.as_deref().unwrap_or_default(),
            credit.content.as_deref().unwrap_or_default()
        );
        let link = match (credit.transfer_type.as_str(), reference_in(&text)) {
            ("in", Some(head)) => self.named_link(&seller_id, &head).await?,
            _ => None,
        };
        let Some(link) = link else {
            if credit.transfer_type != "in" {
                return self.feed_receipt_only(receipt).await;
            }
            // Money in that names no link: kept for the seller to see and settle.
            tracing::info!(seller.id = %seller_id, credit.id = %credit_id,
                "bank feed: a credit that names no link; kept for the seller");
            // Kept as an amount of money: a credit of nothing (or less) is refused.
            let amount = Money::from_stored(credit.transfer_amount, "VND")
                .map_err(|e| EngineError::amount("transferAmount", &e))?;
            let row = BankCreditRow {
                seller_id: seller_id.clone(),
                source: SEPAY.into(),
                credit_id,
                amount,
                content: credit
                    .content
                    .clone()
                    .unwrap_or_default()
                    .chars()
                    .take(500)
                    .collect(),
                reference: credit.reference_code.clone(),
                received_at: self.now_ms(),
            };
            return match self.store.record_unmatched_credit(&row, receipt).await {
                Ok(()) => Ok(FeedOutcome::Ignored),
                Err(StoreError::AlreadyProcessed) => Ok(FeedOutcome::Duplicate),
                Err(e) => Err(e.into()),
            };
        };
        let reason = if link.amount.currency().code() != "VND"
            || credit.transfer_amount != link.amount.minor()
        {
            Some("amount")
        } else if !link.status.is_open() {
            Some("closed")
        } else {
            None
        };
        if let Some(reason) = reason {
            return self
                .feed_unmatched(&link, &credit, &credit_id, reason, receipt)
                .await;
        }
        let outside = OutsidePayment {
            provider: BANK_PROVIDER,
            method: "vietqr".into(),
            payer_name: None,
            provider_ref: credit
                .reference_code
                .clone()
                .or_else(|| credit.gateway.clone()),
        };
        match self
            .record_outside_payment(&seller_id, link.id.as_str(), outside, Some(receipt))
            .await
        {
            Ok(_) => Ok(FeedOutcome::Paid {
                link_id: link.id.to_string(),
            }),
            Err(EngineError::Store(StoreError::AlreadyProcessed)) => Ok(FeedOutcome::Duplicate),
            Err(e) => Err(e),
        }
    }

    /// Credits of the last 30 days that named no link, newest first (at most 20).
    pub async fn unmatched_credits(
        &self,
        seller_id: &SellerId,
    ) -> EngineResult<Vec<BankCreditRow>> {
        const MONTH_MS: i64 = 30 * 24 * 3_600_000;
        Ok(self
            .store
            .unmatched_credits(seller_id, self.now_ms() - MONTH_MS, 20)
            .await?)
    }

    /// [`Self::unmatched_credits`] as the API shows them, times in RFC 3339.
    pub async fn unmatched_credit_views(
        &self,
        seller_id: &SellerId,
    ) -> EngineResult<Vec<CreditView>> {
        Ok(self
            .unmatched_credits(seller_id)
            .await?
            .into_iter()
            .map(|c| CreditView {
                source: c.source,
                id: c.credit_id,
                amount_minor: c.amount.minor(),
                currency: c.amount.currency().code(),
                content: c.content,
                reference: c.reference,
                received_at: super::views::rfc3339(c.received_at),
            })
            .collect())
    }

    /// The one link of the seller whose code starts with `head`; `None` when none or
    /// several do (never a guess between two).
    async fn named_link(&self, seller_id: &SellerId, head: &str) -> EngineResult<Option<LinkRow>> {
        let mut found = self.store.links_by_code_head(seller_id, head).await?;
        Ok(if found.len() == 1 { found.pop() } else { None })
    }

    async fn feed_receipt_only(&self, receipt: (String, String)) -> EngineResult<FeedOutcome> {
        match self
            .store
            .apply(&ChangeSet {
                receipt: Some(receipt),
                now: self.now_ms(),
                ..ChangeSet::default()
            })
            .await
        {
            Ok(_) => Ok(FeedOutcome::Ignored),
            Err(StoreError::AlreadyProcessed) => Ok(FeedOutcome::Duplicate),
            Err(e) => Err(e.into()),
        }
    }

    /// A credit naming `link` that cannot pay it: on the timeline and to the seller.
    async fn feed_unmatched(
        &self,
        link: &LinkRow,
        credit: &SepayCredit,
        credit_id: &str,
        reason: &'static str,
        receipt: (String, String),
    ) -> EngineResult<FeedOutcome> {
        let now = self.now_ms();
        let event = self.told(
            link,
            PushDetail::Unmatched {
                amount_minor: credit.transfer_amount,
                content: credit.content.clone().unwrap_or_default(),
                closed: reason == "closed",
            },
            serde_json::json!({
                "reason": reason,
                "credit": {
                    "source": SEPAY,
                    "id": credit_id,
                    "amount_minor": credit.transfer_amount,
                    "currency": "VND",
                    "content": credit.content,
                    "reference": credit.reference_code,
                },
            }),
            now,
        );
        match self
            .commit(&ChangeSet {
                receipt: Some(receipt),
                events: vec![event],
                now,
                ..ChangeSet::default()
            })
            .await
        {
            Ok(()) => Ok(FeedOutcome::Unmatched {
                link_id: link.id.to_string(),
                reason,
            }),
            Err(StoreError::AlreadyProcessed) => Ok(FeedOutcome::Duplicate),
            Err(e) => Err(e.into()),
        }
    }
}

/// The link code head a transfer's content names: the first `PC` followed by eight
/// letters or digits (banks may upper-case, add words around or drop spaces).
fn reference_in(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut i = 0;
    while let Some(at) = upper[i..].find("PC") {
        let start = i + at + 2;
        let head = bytes.get(start..start + 8)?;
        let before_ok = i + at == 0 || !bytes[i + at - 1].is_ascii_alphanumeric();
        if before_ok && head.iter().all(u8::is_ascii_alphanumeric) {
            return Some(String::from_utf8_lossy(head).into_owned());
        }
        i = i + at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::reference_in;

    #[test]
    fn the_reference_is_found_in_what_banks_send() {
        assert_eq!(reference_in("PCABCD1234").as_deref(), Some("ABCD1234"));
        assert_eq!(
            reference_in("MBVCB.123 pcabcd1234 chuyen tien").as_deref(),
            Some("ABCD1234")
        );
        assert_eq!(reference_in("TOPC ABCD1234 PCXY").as_deref(), None);
        assert_eq!(reference_in("no code here").as_deref(), None);
        assert_eq!(reference_in("PCABC").as_deref(), None);
    }
}
