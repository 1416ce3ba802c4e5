//! `[webhooks]`: where sellers' outgoing webhooks may go.

use serde::Deserialize;

use super::ConfigError;

/// `[webhooks]`
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Sellers may set webhook URLs on loopback, private and link-local addresses
    /// (a single-tenant install whose receiver is on the same network).
    pub allow_private: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebhooks {
    allow_private: bool,
}

impl RawWebhooks {
    #[expect(
        clippy::unnecessary_wraps,
        reason = "every section validates into a Result"
    )]
    pub(super) fn validate(self) -> Result<WebhookSettings, ConfigError> {
        Ok(WebhookSettings {
            allow_private: self.allow_private,
        })
    }
}
