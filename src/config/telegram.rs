//! `[telegram]`: the Telegram bot, by long polling or by webhook.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, Secret, check_http_url};

/// `[telegram]`
#[derive(Debug, Clone)]
pub struct TelegramSettings {
    /// `None`: no bot.
    pub token: Option<Secret>,
    pub api_url: String,
    pub webhook: bool,
    pub webhook_secret: Secret,
    /// Anyone may register (`true`) or only with an invite.
    pub open_registration: bool,
    pub poll_timeout: Duration,
    pub request_timeout: Duration,
    pub max_per_second: u32,
    pub private_chat_gap: Duration,
    pub group_per_minute: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTelegram {
    token: String,
    api_url: String,
    mode: String,
    webhook_secret: String,
    registration: String,
    poll_timeout_secs: u64,
    request_timeout_secs: u64,
    max_per_second: u32,
    private_chat_gap_ms: u64,
    group_per_minute: u32,
}

impl RawTelegram {
    pub(super) fn validate(self) -> Result<TelegramSettings, ConfigError> {
        let err = |key: &str, msg: &str| ConfigError(format!("telegram.{key}: {msg}"));
        let token = self.token.trim().to_owned();
        // Shape of a BotFather token: digits, a colon, then letters, digits, - and _.
        let token_ok = token.split_once(':').is_some_and(|(id, rest)| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && rest.len() >= 8
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        if !token.is_empty() && !token_ok {
            // Never echo the token: it is a secret even when malformed.
            return Err(err(
                "token",
                "is not a bot token such as 123456:ABC-DEF… (as given by @BotFather)",
            ));
        }
        let api_url = check_http_url(self.api_url.trim())
            .map_err(|m| err("api_url", &m))?
            .trim_end_matches('/')
            .to_owned();
        let webhook = match self.mode.as_str() {
            "polling" => false,
            "webhook" => true,
            _ => return Err(err("mode", "must be \"polling\" or \"webhook\"")),
        };
        let secret = self.webhook_secret.trim().to_owned();
        let secret_ok = (1..=256).contains(&secret.len())
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if webhook && !token.is_empty() && !secret_ok {
            return Err(err(
                "webhook_secret",
                "webhook mode needs 1 to 256 characters of A-Z a-z 0-9 _ -",
            ));
        }
        let open_registration = match self.registration.as_str() {
            "open" => true,
            "invite" => false,
            _ => return Err(err("registration", "must be \"open\" or \"invite\"")),
        };
        for (key, v) in [
            ("poll_timeout_secs", self.poll_timeout_secs),
            ("request_timeout_secs", self.request_timeout_secs),
            ("max_per_second", u64::from(self.max_per_second)),
            ("group_per_minute", u64::from(self.group_per_minute)),
        ] {
            if v == 0 {
                return Err(err(key, "must be at least 1"));
            }
        }
        if self.poll_timeout_secs > 50 {
            return Err(err("poll_timeout_secs", "must be at most 50"));
        }
        Ok(TelegramSettings {
            token: (!token.is_empty()).then(|| Secret::new(token)),
            api_url,
            webhook,
            webhook_secret: Secret::new(secret),
            open_registration,
            poll_timeout: Duration::from_secs(self.poll_timeout_secs),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            max_per_second: self.max_per_second,
            private_chat_gap: Duration::from_millis(self.private_chat_gap_ms),
            group_per_minute: self.group_per_minute,
        })
    }
}
