//! `[notifier]`: how the outbox delivers sellers' notifications and retries them.

use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;

/// `[notifier]`
#[derive(Debug, Clone)]
pub struct NotifierSettings {
    pub poll_interval: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub max_attempts: u32,
    pub lease: Duration,
    pub timeout: Duration,
    /// Deliveries in progress at once (answers keep an eighth of them).
    pub max_in_flight: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotifier {
    poll_interval_ms: u64,
    retry_base_ms: u64,
    retry_max_ms: u64,
    max_attempts: u32,
    lease_secs: u64,
    timeout_secs: u64,
    max_in_flight: u32,
}

impl RawNotifier {
    pub(super) fn validate(self) -> Result<NotifierSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        for (key, v) in [
            ("notifier.poll_interval_ms", self.poll_interval_ms),
            ("notifier.retry_base_ms", self.retry_base_ms),
            ("notifier.lease_secs", self.lease_secs),
            ("notifier.timeout_secs", self.timeout_secs),
            ("notifier.max_attempts", u64::from(self.max_attempts)),
            ("notifier.max_in_flight", u64::from(self.max_in_flight)),
        ] {
            if v == 0 {
                return Err(err(key, "must be at least 1".into()));
            }
        }
        if self.retry_max_ms < self.retry_base_ms {
            return Err(err(
                "notifier.retry_max_ms",
                "must not be less than notifier.retry_base_ms".into(),
            ));
        }
        Ok(NotifierSettings {
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            retry_base: Duration::from_millis(self.retry_base_ms),
            retry_max: Duration::from_millis(self.retry_max_ms),
            max_attempts: self.max_attempts,
            lease: Duration::from_secs(self.lease_secs),
            timeout: Duration::from_secs(self.timeout_secs),
            max_in_flight: self.max_in_flight,
        })
    }
}
