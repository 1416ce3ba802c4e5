//! `[sms]`: the Twilio account buyers' text messages go out through, and from whom.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, Secret, check_http_url};

/// Who the messages are from: a number (or alphanumeric sender ID) or a Twilio
/// Messaging Service, which picks the number itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsSender {
    From(String),
    MessagingService(String),
}

/// `[sms]`; off when `account_sid` is empty.
#[derive(Clone)]
pub struct SmsSettings {
    /// Twilio's API, without a trailing slash (a test double in tests).
    pub base_url: String,
    pub account_sid: Option<String>,
    /// The account's auth token: only ever sent in the Authorization header.
    pub auth_token: Option<Secret>,
    pub sender: Option<SmsSender>,
    pub timeout: Duration,
    /// Messages a seller's links may send per calendar day in the seller's time zone.
    pub daily_cap_per_seller: u32,
}

impl SmsSettings {
    /// Whether buyers' text messages can be sent.
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.account_sid.is_some()
    }
}

impl fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmsSettings")
            .field("base_url", &self.base_url)
            .field("account_sid", &self.account_sid)
            .field("auth_token", &self.auth_token.as_ref().map(|_| "***"))
            .field("sender", &self.sender)
            .field("timeout", &self.timeout)
            .field("daily_cap_per_seller", &self.daily_cap_per_seller)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSms {
    base_url: String,
    account_sid: String,
    auth_token: String,
    from: String,
    messaging_service_sid: String,
    timeout_secs: u64,
    daily_cap_per_seller: u32,
}

impl RawSms {
    pub(super) fn validate(self) -> Result<SmsSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        if self.timeout_secs == 0 {
            return Err(err("sms.timeout_secs", "must be at least 1".into()));
        }
        let base_url = check_http_url(self.base_url.trim())
            .map_err(|m| err("sms.base_url", m))?
            .trim_end_matches('/')
            .to_owned();
        let mut settings = SmsSettings {
            base_url,
            account_sid: None,
            auth_token: None,
            sender: None,
            timeout: Duration::from_secs(self.timeout_secs),
            daily_cap_per_seller: self.daily_cap_per_seller,
        };
        let sid = self.account_sid.trim();
        if sid.is_empty() {
            return Ok(settings);
        }
        // It goes in the URL path: letters and digits only (Twilio's are AC + 32 hex).
        if !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(
                "sms.account_sid",
                "must be letters and digits only (AC… from the Twilio console)".into(),
            ));
        }
        let token = self.auth_token.trim();
        if token.is_empty() {
            return Err(err(
                "sms.auth_token",
                "is required when sms.account_sid is set (set PAYCHAT_SMS__AUTH_TOKEN)".into(),
            ));
        }
        let sender = match (self.from.trim(), self.messaging_service_sid.trim()) {
            ("", "") => {
                return Err(err(
                    "sms.from",
                    "sms.from (a number in E.164 such as +15005550006) or \
                     sms.messaging_service_sid is required when sms.account_sid is set"
                        .into(),
                ));
            }
            (from, "") => SmsSender::From(check_sender(from).map_err(|m| err("sms.from", m))?),
            ("", service) => SmsSender::MessagingService(service.to_owned()),
            (_, _) => {
                return Err(err(
                    "sms.messaging_service_sid",
                    "set sms.from or sms.messaging_service_sid, not both".into(),
                ));
            }
        };
        settings.account_sid = Some(sid.to_owned());
        settings.auth_token = Some(Secret::new(token));
        settings.sender = Some(sender);
        Ok(settings)
    }
}

/// A sender: a number in E.164 (`+` and 8 to 15 digits) or an alphanumeric sender ID
/// (1 to 11 letters, digits or spaces, at least one letter), where the country allows it.
fn check_sender(from: &str) -> Result<String, String> {
    if let Some(digits) = from.strip_prefix('+') {
        if (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(from.to_owned());
        }
        return Err(format!(
            "{from:?} is not a number in E.164 such as +15005550006"
        ));
    }
    let alnum = (1..=11).contains(&from.len())
        && from.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && from.bytes().any(|b| b.is_ascii_alphabetic());
    if alnum {
        Ok(from.to_owned())
    } else {
        Err(format!(
            "{from:?} is neither a number in E.164 (+15005550006) nor a sender ID of up to 11 letters and digits"
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::load_for_test;

    #[test]
    fn sms_is_off_by_default_and_needs_a_token_and_a_sender_when_on() {
        let s = load_for_test(&[]).unwrap();
        assert!(!s.sms.enabled());
        assert_eq!(s.sms.daily_cap_per_seller, 20);
        assert_eq!(s.sms.base_url, "https://api.twilio.com");
        let e = load_for_test(&[("PAYCHAT_SMS__ACCOUNT_SID", "AC123")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("sms.auth_token"), "{e}");
        let e = load_for_test(&[
            ("PAYCHAT_SMS__ACCOUNT_SID", "AC123"),
            ("PAYCHAT_SMS__AUTH_TOKEN", "t0ken-s3cret"),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("sms.from") && !e.contains("t0ken-s3cret"), "{e}");
        let e = load_for_test(&[
            ("PAYCHAT_SMS__ACCOUNT_SID", "AC123"),
            ("PAYCHAT_SMS__AUTH_TOKEN", "t0ken-s3cret"),
            ("PAYCHAT_SMS__FROM", "0812345678"),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("E.164"), "{e}");
        let s = load_for_test(&[
            ("PAYCHAT_SMS__ACCOUNT_SID", "AC123"),
            ("PAYCHAT_SMS__AUTH_TOKEN", "t0ken-s3cret"),
            ("PAYCHAT_SMS__FROM", "+15005550006"),
        ])
        .unwrap();
        assert!(s.sms.enabled());
        let debug = format!("{:?}", s.sms);
        assert!(
            !debug.contains("t0ken-s3cret") && debug.contains("***"),
            "{debug}"
        );
    }
}
