//! `[line]`: the LINE Messaging API door, on when the channel secret and access token
//! are both set.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, Secret, check_http_url};

/// `[line]`
#[derive(Debug, Clone)]
pub struct LineSettings {
    /// Secret and token both set: the LINE door runs.
    pub enabled: bool,
    pub channel_secret: Secret,
    pub channel_access_token: Secret,
    /// Messaging API base, no trailing slash (`https://api.line.me`).
    pub api_url: String,
    pub open_registration: bool,
    /// Below this many pushes left in the month, sellers are told with their pushes.
    pub quota_warn_below: u64,
    pub max_per_second: u32,
    pub request_timeout: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLine {
    channel_secret: String,
    channel_access_token: String,
    api_url: String,
    registration: String,
    quota_warn_below: u64,
    max_per_second: u32,
    request_timeout_secs: u64,
}

impl RawLine {
    pub(super) fn validate(self) -> Result<LineSettings, ConfigError> {
        let err = |key: &str, msg: &str| ConfigError(format!("line.{key}: {msg}"));
        let url = |key: &str, v: &str| {
            check_http_url(v.trim())
                .map(|u| u.trim_end_matches('/').to_owned())
                .map_err(|m| err(key, &m))
        };
        let api_url = url("api_url", &self.api_url)?;
        let secret = self.channel_secret.trim();
        let token = self.channel_access_token.trim();
        let enabled = !secret.is_empty() && !token.is_empty();
        if secret.is_empty() != token.is_empty() {
            return Err(err(
                "channel_secret",
                "channel_secret and channel_access_token must be set together",
            ));
        }
        let open_registration = match self.registration.as_str() {
            "open" => true,
            "invite" => false,
            _ => return Err(err("registration", "must be \"open\" or \"invite\"")),
        };
        // Named as the operator wrote it.
        for (key, value) in [
            ("max_per_second", u64::from(self.max_per_second)),
            ("request_timeout_secs", self.request_timeout_secs),
        ] {
            if value == 0 {
                return Err(err(key, "must be at least 1"));
            }
        }
        Ok(LineSettings {
            enabled,
            channel_secret: Secret::new(secret),
            channel_access_token: Secret::new(token),
            api_url,
            open_registration,
            quota_warn_below: self.quota_warn_below,
            max_per_second: self.max_per_second,
            request_timeout: Duration::from_secs(self.request_timeout_secs),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::load_for_test as load;

    #[test]
    fn off_by_default_and_on_with_both_secrets() {
        let s = load(&[]).unwrap();
        assert!(!s.line.enabled);
        assert_eq!(s.line.api_url, "https://api.line.me");
        let s = load(&[
            ("PAYCHAT_LINE__CHANNEL_SECRET", "s3cret"),
            ("PAYCHAT_LINE__CHANNEL_ACCESS_TOKEN", "tok"),
            ("PAYCHAT_LINE__API_URL", "http://127.0.0.1:9/"),
        ])
        .unwrap();
        assert!(s.line.enabled);
        assert_eq!(s.line.api_url, "http://127.0.0.1:9");
        assert!(!format!("{:?}", s.line).contains("s3cret"));
    }

    #[test]
    fn one_secret_alone_or_a_bad_value_names_its_key() {
        let e = load(&[("PAYCHAT_LINE__CHANNEL_SECRET", "s")]).unwrap_err();
        assert!(e.to_string().contains("line.channel_secret"), "{e}");
        let e = load(&[("PAYCHAT_LINE__REGISTRATION", "maybe")]).unwrap_err();
        assert!(e.to_string().contains("line.registration"), "{e}");
        let e = load(&[("PAYCHAT_LINE__API_URL", "ftp://x")]).unwrap_err();
        assert!(e.to_string().contains("line.api_url"), "{e}");
    }
}
