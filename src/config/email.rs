//! `[email]`: the SMTP server buyers' e-mails go out through, and who they are from.

use std::fmt;
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Deserialize;

use super::{ConfigError, Secret, redact_url};

/// `[email]`; off when `smtp_url` is empty.
#[derive(Clone)]
pub struct EmailSettings {
    /// The SMTP URL in lettre's form (`?tls=starttls` already read as `?tls=required`);
    /// it may hold a password.
    pub smtp_url: Option<Secret>,
    pub from: Option<Mailbox>,
    pub reply_to: Option<Mailbox>,
    pub timeout: Duration,
}

impl EmailSettings {
    /// Whether buyers' e-mails can be sent.
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.smtp_url.is_some()
    }

    /// The SMTP URL with its password masked, or `None` when e-mail is off.
    #[must_use]
    pub fn describe(&self) -> Option<String> {
        self.smtp_url.as_ref().map(|u| redact_url(u.expose()))
    }
}

impl fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailSettings")
            .field("smtp_url", &self.describe())
            .field("from", &self.from.as_ref().map(ToString::to_string))
            .field("reply_to", &self.reply_to.as_ref().map(ToString::to_string))
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmail {
    smtp_url: String,
    from: String,
    reply_to: String,
    timeout_secs: u64,
}

impl RawEmail {
    pub(super) fn validate(self) -> Result<EmailSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        if self.timeout_secs == 0 {
            return Err(err("email.timeout_secs", "must be at least 1".into()));
        }
        let timeout = Duration::from_secs(self.timeout_secs);
        let url = self.smtp_url.trim();
        if url.is_empty() {
            return Ok(EmailSettings {
                smtp_url: None,
                from: None,
                reply_to: None,
                timeout,
            });
        }
        let smtp_url = check_smtp_url(url).map_err(|m| err("email.smtp_url", m))?;
        let mailbox = |key: &str, v: &str| -> Result<Option<Mailbox>, ConfigError> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<Mailbox>().map(Some).map_err(|e| {
                err(
                    key,
                    format!("{v:?} is not an address such as \"Shop <pay@example.com>\" ({e})"),
                )
            })
        };
        let from = mailbox("email.from", &self.from)?.ok_or_else(|| {
            err(
                "email.from",
                "is required when email.smtp_url is set (e.g. \"Shop <pay@example.com>\")".into(),
            )
        })?;
        let reply_to = mailbox("email.reply_to", &self.reply_to)?;
        Ok(EmailSettings {
            smtp_url: Some(Secret::new(smtp_url)),
            from: Some(from),
            reply_to,
            timeout,
        })
    }
}

/// Checks an SMTP URL and returns it in lettre's form. Messages never repeat the URL
/// itself (it may hold a password), only its masked form.
fn check_smtp_url(url: &str) -> Result<String, String> {
    let shown = redact_url(url);
    let mut parsed = reqwest::Url::parse(url).map_err(|e| format!("{shown} is not a URL ({e})"))?;
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("{shown} has no host"))?
        .to_owned();
    let tls = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let encrypted = match (parsed.scheme(), tls.as_deref()) {
        ("smtps", None) => true,
        ("smtp", None) => false,
        ("smtp", Some("required" | "starttls" | "opportunistic")) => true,
        ("smtps", Some(_)) => {
            return Err(format!(
                "{shown}: smtps:// is TLS from the start; drop ?tls=… (or use smtp://…?tls=required for STARTTLS)"
            ));
        }
        ("smtp", Some(other)) => {
            return Err(format!(
                "{shown}: ?tls={other} is not known; use ?tls=required (STARTTLS) or smtps:// (implicit TLS)"
            ));
        }
        (scheme, _) => {
            return Err(format!(
                "{shown}: the scheme {scheme}:// is not smtp:// or smtps://"
            ));
        }
    };
    let loopback = host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    // Opportunistic STARTTLS falls back to plain text when the server does not offer it.
    let plain_possible = !encrypted || tls.as_deref() == Some("opportunistic");
    if parsed.password().is_some() && plain_possible && !loopback {
        return Err(format!(
            "{shown} would send the password unencrypted; use smtps:// or ?tls=required"
        ));
    }
    if tls.as_deref() == Some("starttls") {
        parsed.set_query(Some("tls=required"));
    }
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::check_smtp_url;
    use crate::config::load_for_test;

    #[test]
    fn smtp_urls_are_checked_and_read_in_lettres_form() {
        assert_eq!(
            check_smtp_url("smtp://u:p@mail.example.com:587?tls=starttls").unwrap(),
            "smtp://u:p@mail.example.com:587?tls=required"
        );
        assert!(check_smtp_url("smtps://u:p@mail.example.com").is_ok());
        assert!(check_smtp_url("smtp://127.0.0.1:2525").is_ok());
        assert!(check_smtp_url("smtp://u:p@127.0.0.1:2525").is_ok());
        let e = check_smtp_url("smtp://u:s3cret@mail.example.com:25").unwrap_err();
        assert!(e.contains("unencrypted") && !e.contains("s3cret"), "{e}");
        assert!(check_smtp_url("http://mail.example.com").is_err());
        assert!(check_smtp_url("smtps://mail.example.com?tls=required").is_err());
        assert!(check_smtp_url("smtp://mail.example.com?tls=maybe").is_err());
    }

    #[test]
    fn email_is_off_by_default_and_needs_a_from_address_when_on() {
        let s = load_for_test(&[]).unwrap();
        assert!(!s.email.enabled());
        let e = load_for_test(&[("PAYCHAT_EMAIL__SMTP_URL", "smtp://127.0.0.1:25")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("email.from"), "{e}");
        let s = load_for_test(&[
            (
                "PAYCHAT_EMAIL__SMTP_URL",
                "smtps://me:s3cret@smtp.example.com",
            ),
            ("PAYCHAT_EMAIL__FROM", "Shop <pay@example.com>"),
        ])
        .unwrap();
        assert!(s.email.enabled());
        let debug = format!("{:?}", s.email);
        assert!(
            !debug.contains("s3cret") && debug.contains("***"),
            "{debug}"
        );
    }
}
