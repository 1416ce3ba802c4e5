//! `[outreach]`: when buyers' follow-up e-mails are due.

use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;

/// `[outreach]`
#[derive(Debug, Clone)]
pub struct OutreachSettings {
    /// How long after a checkout left unpaid, or a failed payment, the buyer's second
    /// chance e-mail is due.
    pub second_chance_after: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutreach {
    second_chance_after_mins: u64,
}

impl RawOutreach {
    pub(super) fn validate(self) -> Result<OutreachSettings, ConfigError> {
        // Zero would write to a buyer still on the provider's checkout page.
        if !(1..=10_080).contains(&self.second_chance_after_mins) {
            return Err(ConfigError(
                "outreach.second_chance_after_mins: must be 1 to 10080 (a week)".into(),
            ));
        }
        Ok(OutreachSettings {
            second_chance_after: Duration::from_secs(self.second_chance_after_mins * 60),
        })
    }
}
