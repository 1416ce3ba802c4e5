//! The engine's error: what went wrong in a use case, in terms callers can act on.

use super::ports::{ProviderError, WebhookError};
use super::store::StoreError;
use crate::domain::{MoneyError, TransitionError};

/// A use case failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Input refused; `field` names the offending field where there is one.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        code: &'static str,
        message: String,
    },
    /// No such thing for this caller (another seller's link is "not found" too).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique value is taken.
    #[error("{field} is already used by another link")]
    Duplicate { field: &'static str },
    /// The idempotency key was used with a different request.
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyMismatch,
    /// The lifecycle forbids the move.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A provider call failed.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// A webhook was refused.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// This chat command (the same message, or an answer to the same question) was
    /// applied before; nothing changed now.
    #[error("already applied")]
    AlreadyApplied,
    /// The database failed.
    #[error("storage failure")]
    Store(#[source] StoreError),
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(field) => Self::Duplicate { field },
            other => Self::Store(other),
        }
    }
}

impl EngineError {
    /// An invalid-input error for `field`.
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: Some(field),
            code,
            message: message.into(),
        }
    }

    /// Maps an amount error to an invalid-input error on `field`.
    pub fn amount(field: &'static str, e: &MoneyError) -> Self {
        let code = match e {
            MoneyError::NotPositive => "amount_not_positive",
            MoneyError::TooManyDecimals { .. } => "amount_too_precise",
            MoneyError::TooLarge => "amount_too_large",
            MoneyError::UnknownCurrency(_) => "currency_unknown",
            MoneyError::Ambiguous { .. } => "amount_ambiguous",
            _ => "amount_invalid",
        };
        Self::invalid(field, code, format!("{field}: {e}"))
    }
}
