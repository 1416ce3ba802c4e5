//! `[links]`: how long payment links and buyers' slips last.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, parse_duration};

/// `[links]`
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub default_expiry: Duration,
    pub max_expiry: Duration,
    pub expiry_sweep: Duration,
    /// How long buyers' transfer slips are kept.
    pub slip_retention: Duration,
    /// The most rows one `POST /api/v1/links/bulk` may hold.
    pub bulk_max_rows: usize,
    /// The largest CSV file a seller may send in chat for a bulk upload.
    pub bulk_max_file_bytes: u64,
    /// How long before an unpaid link expires its seller is reminded in chat.
    pub seller_reminder_before: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLinks {
    default_expiry: String,
    max_expiry: String,
    expiry_sweep_secs: u64,
    slip_retention: String,
    bulk_max_rows: u64,
    bulk_max_file_bytes: u64,
    seller_reminder_before: String,
}

impl RawLinks {
    pub(super) fn validate(self) -> Result<LinkSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        let default_expiry =
            parse_duration(&self.default_expiry).map_err(|m| err("links.default_expiry", m))?;
        let max_expiry =
            parse_duration(&self.max_expiry).map_err(|m| err("links.max_expiry", m))?;
        if default_expiry > max_expiry {
            return Err(err(
                "links.default_expiry",
                "must not be longer than links.max_expiry".into(),
            ));
        }
        if self.expiry_sweep_secs == 0 {
            return Err(err("links.expiry_sweep_secs", "must be at least 1".into()));
        }
        let slip_retention =
            parse_duration(&self.slip_retention).map_err(|m| err("links.slip_retention", m))?;
        if !(1..=100_000).contains(&self.bulk_max_rows) {
            return Err(err(
                "links.bulk_max_rows",
                "must be between 1 and 100000".into(),
            ));
        }
        // Telegram bots may download files up to 20 MB.
        if !(1_024..=20_000_000).contains(&self.bulk_max_file_bytes) {
            return Err(err(
                "links.bulk_max_file_bytes",
                "must be between 1024 and 20000000".into(),
            ));
        }
        let seller_reminder_before = parse_duration(&self.seller_reminder_before)
            .map_err(|m| err("links.seller_reminder_before", m))?;
        if seller_reminder_before < Duration::from_secs(60) {
            return Err(err(
                "links.seller_reminder_before",
                "must be at least 1m (sellers turn reminders off with /reminders off)".into(),
            ));
        }
        Ok(LinkSettings {
            seller_reminder_before,
            default_expiry,
            max_expiry,
            expiry_sweep: Duration::from_secs(self.expiry_sweep_secs),
            slip_retention,
            bulk_max_rows: usize::try_from(self.bulk_max_rows).unwrap_or(usize::MAX),
            bulk_max_file_bytes: self.bulk_max_file_bytes,
        })
    }
}
