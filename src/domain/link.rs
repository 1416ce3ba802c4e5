//! A payment link's lifecycle: statuses and the one transition function.
//!
//! Every status change in paychat goes through [`LinkStatus::apply`], which denies by
//! default: a move is legal only if an arm below names it.

use std::fmt;
use std::str::FromStr;

/// Where a payment link is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// Accepting payments.
    Active,
    /// A link taken in parts (a deposit, then the balance): some paid, more due. Still
    /// accepting payments.
    PartiallyPaid,
    /// The usage limit was reached.
    Paid,
    /// The expiry passed before the link was used up.
    Expired,
    /// The seller withdrew the link.
    Cancelled,
    /// Some, but not all, of what was paid went back to the payers.
    PartiallyRefunded,
    /// Everything paid went back.
    Refunded,
}

/// Something that happens to a link and may change its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkEvent {
    /// A payment succeeded; `paid_count` and `paid_minor` count it already. `due_minor`
    /// is set for a link taken in parts: it is paid when `paid_minor` reaches it, and
    /// `usage_limit` does not apply.
    PaymentSucceeded {
        paid_count: i64,
        usage_limit: Option<i64>,
        paid_minor: i64,
        due_minor: Option<i64>,
    },
    /// The expiry time passed.
    Expire,
    /// The seller cancelled.
    Cancel,
    /// A refund succeeded; totals include it.
    Refund {
        refunded_minor: i64,
        paid_minor: i64,
    },
}

/// A move the lifecycle does not allow, e.g. cancelling a paid link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a link that is {from} cannot be {}", event.past_tense())]
pub struct TransitionError {
    pub from: LinkStatus,
    pub event: LinkEventKind,
}

/// The kind of a [`LinkEvent`], without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkEventKind {
    Payment,
    Expire,
    Cancel,
    Refund,
}

impl LinkEventKind {
    fn past_tense(self) -> &'static str {
        match self {
            Self::Payment => "paid",
            Self::Expire => "expired",
            Self::Cancel => "cancelled",
            Self::Refund => "refunded",
        }
    }
}

impl LinkEvent {
    /// The kind, for error messages.
    #[must_use]
    pub fn kind(&self) -> LinkEventKind {
        match self {
            Self::PaymentSucceeded { .. } => LinkEventKind::Payment,
            Self::Expire => LinkEventKind::Expire,
            Self::Cancel => LinkEventKind::Cancel,
            Self::Refund { .. } => LinkEventKind::Refund,
        }
    }
}

impl LinkStatus {
    /// The status after `event`, or why the move is illegal.
    pub fn apply(self, event: &LinkEvent) -> Result<Self, TransitionError> {
        use LinkStatus as S;
        match (self, *event) {
            (
                S::Active | S::PartiallyPaid,
                LinkEvent::PaymentSucceeded {
                    paid_minor,
                    due_minor: Some(due),
                    ..
                },
            ) => Ok(if paid_minor >= due {
                S::Paid
            } else {
                S::PartiallyPaid
            }),
            (
                S::Active,
                LinkEvent::PaymentSucceeded {
                    paid_count,
                    usage_limit,
                    due_minor: None,
                    ..
                },
            ) => Ok(match usage_limit {
                Some(limit) if paid_count >= limit => S::Paid,
                _ => S::Active,
            }),
            (S::Active | S::PartiallyPaid, LinkEvent::Expire) => Ok(S::Expired),
            (S::Active | S::PartiallyPaid, LinkEvent::Cancel) => Ok(S::Cancelled),
            // A link that is still open keeps its status after a refund, and so does a
            // closed one refunding a payment that arrived after it closed.
            (
                from @ (S::Active | S::PartiallyPaid | S::Expired | S::Cancelled),
                LinkEvent::Refund {
                    refunded_minor,
                    paid_minor,
                },
            ) if refunded_minor <= paid_minor && paid_minor > 0 => Ok(from),
            (
                S::Paid | S::PartiallyRefunded,
                LinkEvent::Refund {
                    refunded_minor,
                    paid_minor,
                },
            ) if refunded_minor <= paid_minor => Ok(if refunded_minor == paid_minor {
                S::Refunded
            } else {
                S::PartiallyRefunded
            }),
            (from, event) => Err(TransitionError {
                from,
                event: event.kind(),
            }),
        }
    }

    /// The lower-case name used in the API, the database and URLs.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Refunded => "refunded",
        }
    }

    /// Still taking payments: active, or partly paid with more due.
    #[must_use]
    pub fn is_open(self) -> bool {
        matches!(self, Self::Active | Self::PartiallyPaid)
    }

    /// Every status, for validation messages and metrics.
    pub const ALL: [Self; 7] = [
        Self::Active,
        Self::PartiallyPaid,
        Self::Paid,
        Self::Expired,
        Self::Cancelled,
        Self::PartiallyRefunded,
        Self::Refunded,
    ];
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str().replace('_', " ").as_str())
    }
}

/// A status name that paychat does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown status {0:?}: use active, partially_paid, paid, expired, cancelled, \
     partially_refunded or refunded"
)]
pub struct UnknownStatus(pub String);

impl FromStr for LinkStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

// Rows are read with `#[sqlx(try_from = "String")]`: an unknown name fails the read.
impl TryFrom<String> for LinkStatus {
    type Error = UnknownStatus;
    fn try_from(name: String) -> Result<Self, UnknownStatus> {
        name.parse()
    }
}

// Queued pushes carry it by its stored name.
impl serde::Serialize for LinkStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for LinkStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LinkStatus as S;

    const PAY_ONCE: LinkEvent = LinkEvent::PaymentSucceeded {
        paid_count: 1,
        usage_limit: Some(1),
        paid_minor: 100,
        due_minor: None,
    };

    fn pay(paid_count: i64, usage_limit: Option<i64>) -> LinkEvent {
        LinkEvent::PaymentSucceeded {
            paid_count,
            usage_limit,
            paid_minor: paid_count * 100,
            due_minor: None,
        }
    }

    fn part(paid_minor: i64, due: i64) -> LinkEvent {
        LinkEvent::PaymentSucceeded {
            paid_count: 1,
            usage_limit: Some(1),
            paid_minor,
            due_minor: Some(due),
        }
    }

    fn refund(refunded: i64, paid: i64) -> LinkEvent {
        LinkEvent::Refund {
            refunded_minor: refunded,
            paid_minor: paid,
        }
    }

    #[test]
    fn legal_moves() {
        let table: &[(LinkStatus, LinkEvent, LinkStatus)] = &[
            (S::Active, PAY_ONCE, S::Paid),
            (S::Active, pay(2, Some(5)), S::Active),
            (S::Active, pay(5, Some(5)), S::Paid),
            (S::Active, pay(900, None), S::Active),
            // In parts, the amount decides, not the count.
            (S::Active, part(300, 1000), S::PartiallyPaid),
            (S::PartiallyPaid, part(900, 1000), S::PartiallyPaid),
            (S::PartiallyPaid, part(1000, 1000), S::Paid),
            (S::Active, part(1000, 1000), S::Paid),
            (S::PartiallyPaid, LinkEvent::Expire, S::Expired),
            (S::PartiallyPaid, LinkEvent::Cancel, S::Cancelled),
            (S::PartiallyPaid, refund(100, 300), S::PartiallyPaid),
            (S::Active, LinkEvent::Expire, S::Expired),
            (S::Active, LinkEvent::Cancel, S::Cancelled),
            (S::Active, refund(100, 500), S::Active),
            (S::Expired, refund(100, 100), S::Expired),
            (S::Cancelled, refund(50, 100), S::Cancelled),
            (S::Paid, refund(100, 500), S::PartiallyRefunded),
            (S::Paid, refund(500, 500), S::Refunded),
            (S::PartiallyRefunded, refund(300, 500), S::PartiallyRefunded),
            (S::PartiallyRefunded, refund(500, 500), S::Refunded),
        ];
        for (from, event, to) in table {
            assert_eq!(from.apply(event), Ok(*to), "{from:?} + {event:?}");
        }
    }

    #[test]
    fn every_other_move_is_refused() {
        let events = [
            PAY_ONCE,
            LinkEvent::Expire,
            LinkEvent::Cancel,
            refund(100, 500),
        ];
        let legal = |from: LinkStatus, e: &LinkEvent| {
            matches!(
                (from, e.kind()),
                (S::Active, _)
                    | (
                        S::PartiallyPaid,
                        LinkEventKind::Expire | LinkEventKind::Cancel | LinkEventKind::Refund
                    )
                    | (
                        S::Paid | S::PartiallyRefunded | S::Expired | S::Cancelled,
                        LinkEventKind::Refund
                    )
            )
        };
        for from in LinkStatus::ALL {
            for e in &events {
                assert_eq!(from.apply(e).is_ok(), legal(from, e), "{from:?} + {e:?}");
            }
        }
    }

    #[test]
    fn a_paid_link_cannot_expire_or_be_cancelled() {
        let err = S::Paid.apply(&LinkEvent::Cancel).unwrap_err();
        assert_eq!(err.to_string(), "a link that is paid cannot be cancelled");
        assert!(S::Paid.apply(&LinkEvent::Expire).is_err());
    }

    #[test]
    fn refunds_cannot_exceed_what_was_paid() {
        assert!(S::Paid.apply(&refund(600, 500)).is_err());
        assert!(S::Active.apply(&refund(1, 0)).is_err());
        assert!(S::Expired.apply(&refund(1, 0)).is_err());
        assert!(S::Refunded.apply(&refund(500, 500)).is_err());
    }

    #[test]
    fn status_names_round_trip() {
        for s in LinkStatus::ALL {
            assert_eq!(s.as_str().parse::<LinkStatus>(), Ok(s));
        }
        assert!("open".parse::<LinkStatus>().is_err());
    }
}
