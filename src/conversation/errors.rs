//! The localized answers to chat input that could not be read.

use super::{Conversation, Reply};
use crate::domain::MoneyError;
use crate::domain::command::CommandError;

impl Conversation {
    /// The localized answer to a command that could not be read.
    #[must_use]
    pub fn command_error_reply(&self, e: &CommandError, lang: &str) -> Reply {
        let key = format!("err-{}", e.code());
        let value = match e {
            CommandError::Unknown(v)
            | CommandError::BadPeriod(v)
            | CommandError::UnknownCurrency(v)
            | CommandError::BadExpiry(v)
            | CommandError::BadLimit(v)
            | CommandError::BadReference(v)
            | CommandError::BadRecipient(v) => v.clone(),
            CommandError::MissingSlug(cmd) | CommandError::DuplicateOption(cmd) => {
                (*cmd).to_owned()
            }
            CommandError::Amount(MoneyError::Invalid(v)) => v.clone(),
            CommandError::Amount(MoneyError::TooManyDecimals { currency, exponent }) => {
                format!("{currency} {exponent}")
            }
            _ => String::new(),
        };
        let (first, second) = match e {
            CommandError::Amount(MoneyError::Ambiguous { suggestions, .. }) => {
                (suggestions[0].clone(), suggestions[1].clone())
            }
            CommandError::Amount(MoneyError::TooManyDecimals { currency, exponent }) => {
                (currency.code().to_owned(), exponent.to_string())
            }
            _ => (String::new(), String::new()),
        };
        Reply::text(self.t(
            lang,
            &key,
            &[("value", &value), ("first", &first), ("second", &second)],
        ))
    }
}
