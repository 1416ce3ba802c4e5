//! Where a payment and a refund stand. Stored as their names; compared as enums, so a
//! new status is a compile error wherever statuses are told apart.

use std::fmt;

use super::event::EventKind;

/// A payment attempt's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// A checkout is open, or a buyer says they paid by bank QR and the seller checks.
    Pending,
    /// Paid: counted on its link.
    Succeeded,
    Failed,
    /// The checkout ran out of time without a payment.
    Expired,
    /// The provider reported another amount or currency: held, never counted as paid.
    Mismatch,
}

impl PaymentStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Succeeded,
        Self::Failed,
        Self::Expired,
        Self::Mismatch,
    ];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Mismatch => "mismatch",
        }
    }

    /// The timeline event of a pending payment moving to this status.
    #[must_use]
    pub const fn event(self) -> EventKind {
        match self {
            Self::Pending => EventKind::PaymentPending,
            Self::Succeeded => EventKind::PaymentSucceeded,
            Self::Failed => EventKind::PaymentFailed,
            Self::Expired => EventKind::PaymentExpired,
            Self::Mismatch => EventKind::PaymentMismatch,
        }
    }
}

/// A refund's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundStatus {
    /// Asked for; its amount is reserved on the payment until the provider answers.
    Pending,
    Succeeded,
    /// Refused: the reservation is released.
    Failed,
}

impl RefundStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Succeeded, Self::Failed];

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }
}

/// A stored status name this version does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown status {:?}", self.0)
    }
}

impl std::error::Error for UnknownStatus {}

macro_rules! named {
    ($t:ty) => {
        impl $t {
            /// The status of a stored name.
            #[must_use]
            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|s| s.as_str() == name)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Rows are read with `#[sqlx(try_from = "String")]`: an unknown name fails the
        // read instead of being guessed.
        impl TryFrom<String> for $t {
            type Error = UnknownStatus;
            fn try_from(name: String) -> Result<Self, UnknownStatus> {
                Self::parse(&name).ok_or(UnknownStatus(name))
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

named!(PaymentStatus);
named!(RefundStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::try_from(s.to_string()), Ok(s));
        }
        for s in RefundStatus::ALL {
            assert_eq!(RefundStatus::try_from(s.to_string()), Ok(s));
        }
        assert_eq!(
            PaymentStatus::try_from("paid".to_owned()),
            Err(UnknownStatus("paid".into()))
        );
    }

    #[test]
    fn a_payment_moves_with_its_event() {
        assert_eq!(PaymentStatus::Failed.event(), EventKind::PaymentFailed);
        assert_eq!(PaymentStatus::Mismatch.event().as_str(), "payment.mismatch");
    }
}
