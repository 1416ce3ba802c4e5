//! `[log]`: the log lines' format and level.

use serde::Deserialize;

use super::ConfigError;

/// `[log]`
#[derive(Debug, Clone)]
pub struct LogSettings {
    pub json: bool,
    pub level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLog {
    format: String,
    level: String,
}

impl RawLog {
    pub(super) fn validate(self) -> Result<LogSettings, ConfigError> {
        let json = match self.format.as_str() {
            "json" => true,
            "pretty" => false,
            other => {
                return Err(ConfigError(format!(
                    "log.format: {other:?} is neither \"pretty\" nor \"json\""
                )));
            }
        };
        Ok(LogSettings {
            json,
            level: self.level,
        })
    }
}
