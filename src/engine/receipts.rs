//! Buyers' receipts: each succeeded payment gets an unguessable token, written in the
//! change that marks it succeeded, and the receipt is read by that token alone.
//!
//! A random token stored per payment (not an HMAC of the payment id): paychat has no
//! server-wide secret to derive it from, and a stored token can be looked up directly.

use super::store::{PaymentRow, PublicLinkRow, StoreError};
use super::views::PaymentView;
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::{PaymentId, PaymentStatus};

/// Bytes of randomness in a token: 128 bits, shown as 32 hex digits.
const TOKEN_BYTES: usize = 16;

/// A new receipt token.
#[must_use]
pub(crate) fn new_token() -> String {
    hex::encode(random::<TOKEN_BYTES>())
}

/// Whether `token` has the shape of one we issue; others are refused before any read.
fn looks_valid(token: &str) -> bool {
    token.len() == TOKEN_BYTES * 2
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What a receipt shows: the payment, its link and the seller.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub token: String,
    /// When the payment succeeded (the receipt was written with it), ms.
    pub paid_at: i64,
    pub payment: PaymentRow,
    pub link: PublicLinkRow,
}

impl Engine {
    /// The receipt's address for buyers.
    #[must_use]
    pub fn receipt_url(&self, token: &str) -> String {
        format!("{}/r/{token}", self.settings.public_url)
    }

    /// A payment as integrators see it, with its receipt's address once it succeeded.
    #[must_use]
    pub fn payment_view(&self, payment: &PaymentRow) -> PaymentView {
        let mut view = PaymentView::from(payment);
        if payment.status == PaymentStatus::Succeeded {
            view.receipt_url = payment
                .receipt_token
                .as_deref()
                .map(|t| self.receipt_url(t));
        }
        view
    }

    /// The receipt behind `token`. Any token that is not one of ours, or whose payment
    /// is no longer a paid one, is the same `NotFound`.
    pub async fn receipt(&self, token: &str) -> EngineResult<Receipt> {
        const GONE: EngineError = EngineError::NotFound("receipt");
        if !looks_valid(token) {
            return Err(GONE);
        }
        let Some((payment_id, paid_at)) = self.store.receipt_payment(token).await? else {
            return Err(GONE);
        };
        let payment = match self.store.payment(&payment_id).await {
            Ok(p) => p,
            Err(StoreError::NotFound) => return Err(GONE),
            Err(e) => return Err(e.into()),
        };
        // A receipt is issued only on success; the check keeps it so should a status
        // ever move back.
        if payment.status != PaymentStatus::Succeeded {
            return Err(GONE);
        }
        let link = self.store.link(&payment.link_id).await?;
        let public = match self.store.public_link(&link.slug).await {
            Ok(p) => p,
            Err(StoreError::NotFound) => return Err(GONE),
            Err(e) => return Err(e.into()),
        };
        Ok(Receipt {
            token: token.to_owned(),
            paid_at,
            payment,
            link: public,
        })
    }

    /// The receipt token of a payment, once it succeeded.
    pub async fn receipt_token(&self, payment_id: &PaymentId) -> EngineResult<Option<String>> {
        Ok(self.store.receipt_token(payment_id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_random_bits_in_hex() {
        let (a, b) = (new_token(), new_token());
        assert!(looks_valid(&a) && looks_valid(&b));
        assert_ne!(a, b);
        assert!(!looks_valid(&a.to_uppercase()));
        assert!(!looks_valid(&a[1..]));
        assert!(!looks_valid("../../etc/passwd"));
    }
}
