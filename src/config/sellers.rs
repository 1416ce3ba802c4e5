//! `[sellers]`: defaults for sellers who have not set their own.

use serde::Deserialize;

use super::ConfigError;
use crate::domain::TimeZone;

/// `[sellers]`
#[derive(Debug, Clone)]
pub struct SellerSettings {
    /// The zone of sellers who have none of their own.
    pub default_timezone: TimeZone,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSellers {
    default_timezone: String,
}

impl RawSellers {
    pub(super) fn validate(self) -> Result<SellerSettings, ConfigError> {
        let default_timezone = TimeZone::parse(&self.default_timezone)
            .map_err(|e| ConfigError(format!("sellers.default_timezone: {e}")))?;
        Ok(SellerSettings { default_timezone })
    }
}

#[cfg(test)]
mod tests {
    use super::super::load_for_test as load_env;

    #[test]
    fn the_default_time_zone_is_an_iana_name() {
        let s = load_env(&[("PAYCHAT_SELLERS__DEFAULT_TIMEZONE", "asia/bangkok")]).unwrap();
        assert_eq!(s.sellers.default_timezone.name(), "Asia/Bangkok");
        let e = load_env(&[("PAYCHAT_SELLERS__DEFAULT_TIMEZONE", "GMT+7")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "config: sellers.default_timezone: unknown time zone \"GMT+7\": use an IANA name \
             such as Asia/Bangkok, America/Sao_Paulo or UTC"
        );
    }
}
