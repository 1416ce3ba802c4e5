//! What the chat a link came from is told about an event, typed and written with the
//! event in the same transaction. A channel delivering it reads no public JSON and
//! renders once, in the seller's language.

use serde::{Deserialize, Serialize};

use super::store::{LinkRow, PaymentRow};
use crate::domain::buyer::ShippingAddress;
use crate::domain::{EventKind, LinkStatus, SellerId};

/// The parts of a link that a push or a shared card shows, as they were at the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushLink {
    pub id: String,
    pub slug: String,
    pub url: String,
    pub status: LinkStatus,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
}

impl PushLink {
    /// `link` as a push shows it; `url` is its buyer page.
    #[must_use]
    pub fn new(link: &LinkRow, url: String) -> Self {
        Self {
            id: link.id.to_string(),
            slug: link.slug.clone(),
            url,
            status: link.status,
            amount_minor: link.amount.minor(),
            currency: link.amount.currency().code().to_owned(),
            description: link.description.clone(),
        }
    }
}

/// What there is to say, by kind of event; only kinds that
/// [tell the origin chat](EventKind::tells_origin_chat) have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "is", rename_all = "snake_case")]
pub enum PushDetail {
    Paid {
        payer: Option<String>,
        /// Paid after the link had closed: the seller must settle it by hand.
        late: bool,
        /// The buyer's receipt (absent in pushes written before receipts existed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        receipt: Option<String>,
        /// A part of a link paid in parts: this payment and what is still due.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        part: Option<PartPaid>,
        /// What the buyer gave on the page (or the provider learnt): e-mail, phone in
        /// E.164, the shipping address on one line.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shipping: Option<String>,
    },
    PaymentFailed {
        reason: Option<String>,
    },
    Expired,
    Refunded {
        amount_minor: i64,
    },
    RefundFailed {
        reason: Option<String>,
    },
    CheckoutFailed {
        reason: String,
    },
    /// A buyer says they paid by bank QR.
    Claimed {
        payment_id: String,
        payer: Option<String>,
        /// The rail's name (`promptpay`, …).
        rail: String,
        /// The reference the buyer's bank should show, when the QR carries one.
        reference: Option<String>,
        /// The transfer slip the buyer sent, if any.
        slip: Option<SlipSeen>,
    },
    /// A bank credit named the link but was not applied.
    Unmatched {
        amount_minor: i64,
        /// The transfer's note, as the bank reported it.
        content: String,
        /// The link was closed (else the amount differed).
        closed: bool,
    },
    Mismatch {
        reported_minor: i64,
        reported_currency: String,
    },
    /// A message to the buyer failed for good: the mail server refused the e-mail, or
    /// Twilio the text. Pushes queued before SMS existed say `email_failed`.
    #[serde(alias = "email_failed")]
    BuyerMessageFailed {
        /// `email` or `sms`.
        #[serde(default = "email_channel")]
        channel: String,
        /// The buyer's address or number.
        to: String,
        /// Why, in the words of the service that refused it (`550 …`, Twilio's message).
        reply: String,
    },
    /// Before an unpaid link expires (a scheduled reminder, see `engine::reminders`).
    NotPaidYet {
        /// The expiry it was written for: a link extended since is not reminded by it.
        expires_at: i64,
    },
    /// The seller's links sent their daily number of texts: this link's was not sent.
    SmsDailyCap {
        /// The buyer's number.
        to: String,
        /// `sms.daily_cap_per_seller`.
        cap: u32,
    },
}

fn email_channel() -> String {
    "email".to_owned()
}

/// What was read off a buyer's transfer slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipSeen {
    /// The bank and reference from the slip's own QR, when it had one.
    pub bank: Option<String>,
    pub reference: Option<String>,
    /// Another claim showed the same slip reference.
    pub seen_before: bool,
}

impl PushDetail {
    /// The kind of event this says something about.
    #[must_use]
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Paid { .. } => EventKind::PaymentSucceeded,
            Self::PaymentFailed { .. } => EventKind::PaymentFailed,
            Self::Expired => EventKind::LinkExpired,
            Self::Refunded { .. } => EventKind::RefundSucceeded,
            Self::RefundFailed { .. } => EventKind::RefundFailed,
            Self::CheckoutFailed { .. } => EventKind::CheckoutFailed,
            Self::Claimed { .. } => EventKind::PaymentClaimed,
            Self::Unmatched { .. } => EventKind::PaymentUnmatched,
            Self::Mismatch { .. } => EventKind::PaymentMismatch,
            // Queued with the link's creation (or extension), not by an event.
            Self::NotPaidYet { .. } => EventKind::LinkCreated,
            Self::BuyerMessageFailed { channel, .. } if channel == "sms" => EventKind::SmsFailed,
            Self::BuyerMessageFailed { .. } => EventKind::EmailFailed,
            Self::SmsDailyCap { .. } => EventKind::SmsSkipped,
        }
    }

    /// A paid push for `payment`.
    #[must_use]
    /// `link` is the link after the payment: a link in parts says what is left, and
    /// `over` how much this part paid beyond what was due.
    pub fn paid(
        payment: &PaymentRow,
        link: &LinkRow,
        (late, over): (bool, Option<i64>),
        receipt: String,
    ) -> Self {
        Self::Paid {
            payer: payment.payer_name.clone().filter(|p| !p.is_empty()),
            late,
            receipt: Some(receipt),
            part: link.balance_minor().map(|remaining_minor| PartPaid {
                paid_minor: payment.amount.minor(),
                remaining_minor,
                over_minor: over,
            }),
            email: payment.payer_email.clone().filter(|e| !e.is_empty()),
            phone: payment.payer_phone.clone(),
            shipping: ShippingAddress::from_column(payment.shipping_address.as_deref())
                .map(|a| a.one_line()),
        }
    }
}

/// One part of a link paid in parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartPaid {
    pub paid_minor: i64,
    pub remaining_minor: i64,
    /// How much this part went over what was still due (two checkouts paid at once):
    /// the seller refunds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_minor: Option<i64>,
}

/// One outbox row's payload for a chat channel: a push to the chat, or (without
/// `detail`) an update of a card showing the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatPush {
    pub event_id: String,
    pub kind: EventKind,
    pub seller_id: String,
    pub link: PushLink,
    pub detail: Option<PushDetail>,
}

impl ChatPush {
    /// The seller told, typed (the payload keeps the id as text).
    #[must_use]
    pub fn seller(&self) -> SellerId {
        SellerId::from_trusted(self.seller_id.clone())
    }

    /// Reads an outbox payload written by [`ChatPush::to_payload`].
    #[must_use]
    pub fn parse(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }

    /// The outbox payload.
    #[must_use]
    pub fn to_payload(&self) -> String {
        // Plain strings, numbers and enums: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_survives_the_outbox() {
        let push = ChatPush {
            event_id: "ev_1".into(),
            kind: EventKind::PaymentClaimed,
            seller_id: "sel_1".into(),
            link: PushLink {
                id: "lnk_1".into(),
                slug: "abc".into(),
                url: "https://pay.example/p/abc".into(),
                status: LinkStatus::Active,
                amount_minor: 25_000,
                currency: "THB".into(),
                description: "tuition".into(),
            },
            detail: Some(PushDetail::Claimed {
                payment_id: "pay_1".into(),
                payer: Some("Nok".into()),
                rail: "promptpay".into(),
                reference: None,
                slip: Some(SlipSeen {
                    bank: Some("KBank".into()),
                    reference: Some("0123".into()),
                    seen_before: false,
                }),
            }),
        };
        assert_eq!(ChatPush::parse(&push.to_payload()), Some(push));
        assert_eq!(
            ChatPush::parse(r#"{"id":"ev","type":"link.created"}"#),
            None
        );
    }

    #[test]
    fn an_email_failed_push_queued_before_sms_still_reads() {
        let old = r#"{"is":"email_failed","to":"b@example.com","reply":"550 no"}"#;
        let detail: PushDetail = serde_json::from_str(old).unwrap();
        assert_eq!(
            detail,
            PushDetail::BuyerMessageFailed {
                channel: "email".into(),
                to: "b@example.com".into(),
                reply: "550 no".into(),
            }
        );
        assert_eq!(detail.kind(), EventKind::EmailFailed);
        let sms = PushDetail::BuyerMessageFailed {
            channel: "sms".into(),
            to: "+66812345678".into(),
            reply: "21211".into(),
        };
        assert_eq!(sms.kind(), EventKind::SmsFailed);
    }
}
