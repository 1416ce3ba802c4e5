//! The vocabulary of a link's timeline: every kind of event, its public name (the
//! webhook's `type`), and what each kind does beyond being recorded.
//!
//! One enum, so that a new kind is a compile error wherever kinds are told apart
//! (the chat wording, the outbox fan-out, the API's timeline) instead of a string
//! someone forgot to grep for.

use std::fmt;

/// What happened to a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    LinkCreated,
    LinkOpened,
    LinkCancelled,
    LinkExpired,
    /// The seller moved the link's expiry later.
    LinkExtended,
    PaymentPending,
    PaymentSucceeded,
    PaymentFailed,
    PaymentExpired,
    /// A buyer says they paid by bank QR; the seller checks.
    PaymentClaimed,
    /// A provider reported another amount or currency than the payment's.
    PaymentMismatch,
    /// A bank credit named this link but could not be applied to it.
    PaymentUnmatched,
    /// A provider refused to open a checkout.
    CheckoutFailed,
    RefundPending,
    RefundSucceeded,
    RefundFailed,
    /// The link's e-mail reached the buyer's mail server.
    EmailSent,
    /// The buyer's mail server refused the e-mail for good (a 5xx reply).
    EmailFailed,
    /// The e-mail came due for a link already paid, cancelled, expired or stopped: not sent.
    EmailSkipped,
    /// The buyer followed the e-mail's stop link: no more messages for this link.
    EmailStopped,
    /// Twilio took the link's text message to the buyer.
    SmsSent,
    /// The text was refused for good (an invalid or landline number, the buyer opted
    /// out…) or never got through.
    SmsFailed,
    /// The text came due for a link already paid, cancelled, expired or stopped, or over
    /// the seller's daily cap: not sent.
    SmsSkipped,
    /// The seller asked for an e-mail to the buyer now (a reminder, the link again).
    EmailQueued,
}

impl EventKind {
    /// Every kind, in documentation order.
    pub const ALL: [Self; 24] = [
        Self::LinkCreated,
        Self::LinkOpened,
        Self::LinkCancelled,
        Self::LinkExpired,
        Self::LinkExtended,
        Self::PaymentPending,
        Self::PaymentSucceeded,
        Self::PaymentFailed,
        Self::PaymentExpired,
        Self::PaymentClaimed,
        Self::PaymentMismatch,
        Self::PaymentUnmatched,
        Self::CheckoutFailed,
        Self::RefundPending,
        Self::RefundSucceeded,
        Self::RefundFailed,
        Self::EmailSent,
        Self::EmailFailed,
        Self::EmailSkipped,
        Self::EmailStopped,
        Self::SmsSent,
        Self::SmsFailed,
        Self::SmsSkipped,
        Self::EmailQueued,
    ];

    /// The public name: webhooks' `type`, the API timeline's `kind`, the stored kind.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::LinkCreated => "link.created",
            Self::LinkOpened => "link.opened",
            Self::LinkCancelled => "link.cancelled",
            Self::LinkExpired => "link.expired",
            Self::LinkExtended => "link.extended",
            Self::PaymentPending => "payment.pending",
            Self::PaymentSucceeded => "payment.succeeded",
            Self::PaymentFailed => "payment.failed",
            Self::PaymentExpired => "payment.expired",
            Self::PaymentClaimed => "payment.claimed",
            Self::PaymentMismatch => "payment.mismatch",
            Self::PaymentUnmatched => "payment.unmatched",
            Self::CheckoutFailed => "checkout.failed",
            Self::RefundPending => "refund.pending",
            Self::RefundSucceeded => "refund.succeeded",
            Self::RefundFailed => "refund.failed",
            Self::EmailSent => "email.sent",
            Self::EmailFailed => "email.failed",
            Self::EmailSkipped => "email.skipped",
            Self::EmailStopped => "email.stopped",
            Self::SmsSent => "sms.sent",
            Self::SmsFailed => "sms.failed",
            Self::SmsSkipped => "sms.skipped",
            Self::EmailQueued => "email.queued",
        }
    }

    /// The kind of a stored or public name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether the seller's webhook hears of it (when the event is not recorded quietly).
    /// The first view, checkouts opened or run out and refunds asked for are timeline
    /// detail only.
    #[must_use]
    pub const fn notifies_webhooks(self) -> bool {
        !matches!(
            self,
            Self::LinkOpened | Self::PaymentPending | Self::PaymentExpired | Self::RefundPending
        )
    }

    /// Whether the chat the link was made in is told. Not what the chat itself just did
    /// (created, cancelled) nor the detail a seller need not act on.
    #[must_use]
    pub const fn tells_origin_chat(self) -> bool {
        matches!(
            self,
            Self::LinkExpired
                | Self::PaymentSucceeded
                | Self::PaymentFailed
                | Self::PaymentClaimed
                | Self::PaymentMismatch
                | Self::PaymentUnmatched
                | Self::CheckoutFailed
                | Self::RefundSucceeded
                | Self::RefundFailed
                | Self::EmailFailed
                | Self::SmsFailed
                // Only when the daily cap held the text (it is recorded quietly when
                // the link had closed).
                | Self::SmsSkipped
        )
    }

    /// Whether cards of the link shared in other chats change (they show its status).
    #[must_use]
    pub const fn updates_cards(self) -> bool {
        matches!(
            self,
            Self::PaymentSucceeded
                | Self::RefundSucceeded
                | Self::LinkExpired
                | Self::LinkCancelled
        )
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for EventKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown event kind {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        let mut names: Vec<_> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), EventKind::ALL.len());
        assert_eq!(EventKind::parse("payment.paid"), None);
    }

    #[test]
    fn a_chat_is_told_only_what_webhooks_hear() {
        for k in EventKind::ALL {
            if k.tells_origin_chat() || k.updates_cards() {
                assert!(k.notifies_webhooks(), "{k}");
            }
        }
    }
}
