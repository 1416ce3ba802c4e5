//! Typed settings: the shipped `config.toml` embedded as defaults, then a file, then
//! `PAYCHAT_<SECTION>__<KEY>` environment variables.
//!
//! Every value is checked here, so a bad one stops the start with a line that names the
//! key and what would be accepted; nothing later has to re-validate.
//!
//! One module per section reads and checks it; this one merges the sources and checks
//! the sections one after another (a check that spans sections gets what it needs as an
//! argument).

mod database;
mod email;
mod layers;
mod line;
mod links;
mod log;
mod metrics;
mod notifier;
mod outreach;
mod providers;
mod sellers;
mod server;
mod sms;
mod telegram;
mod webhooks;
mod whatsapp;

use std::fmt;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use layers::{apply_env, merge, parse_toml, plain};

pub use database::DatabaseSettings;
pub use email::EmailSettings;
pub use line::LineSettings;
pub use links::LinkSettings;
pub use log::{LogSettings, check_filter as check_log_filter};
pub use metrics::MetricsSettings;
pub use notifier::NotifierSettings;
pub use outreach::OutreachSettings;
pub use providers::{ProviderSettings, SandboxSettings, StripeSettings, XenditSettings};
pub use sellers::SellerSettings;
pub use server::ServerSettings;
pub use sms::{SmsSender, SmsSettings};
pub use telegram::TelegramSettings;
pub use webhooks::WebhookSettings;
pub use whatsapp::{WhatsAppSettings, WhatsAppTemplate};

/// The configuration shipped with paychat; every key has its default here.
pub const DEFAULTS: &str = include_str!("../../config.toml");

/// A secret value: never printed by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    #[must_use]
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself; call only where it is used (signing, auth headers).
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A configuration problem, naming the key (or environment variable) at fault.
#[derive(Debug, thiserror::Error)]
#[error("config: {0}")]
pub struct ConfigError(String);

/// All of paychat's settings, already validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub links: LinkSettings,
    pub sellers: SellerSettings,
    pub providers: ProviderSettings,
    pub notifier: NotifierSettings,
    pub webhooks: WebhookSettings,
    pub telegram: TelegramSettings,
    pub whatsapp: WhatsAppSettings,
    pub line: LineSettings,
    pub log: LogSettings,
    pub metrics: MetricsSettings,
    pub email: EmailSettings,
    pub sms: SmsSettings,
    pub outreach: OutreachSettings,
}

/// Loads the settings: embedded defaults, then `path` (or `./config.toml` if it exists),
/// then the environment.
pub fn load(path: Option<&Path>) -> Result<Settings, ConfigError> {
    load_with_env(path, std::env::vars())
}

/// [`load`] with an explicit environment, for tests and tools.
pub fn load_with_env(
    path: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Settings, ConfigError> {
    let mut merged = parse_toml(DEFAULTS, "built-in defaults")?;
    let file = match path {
        Some(p) => Some(p.to_path_buf()),
        None => Some(Path::new("config.toml").to_path_buf()).filter(|p| p.exists()),
    };
    if let Some(p) = file {
        let text = std::fs::read_to_string(&p)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", p.display())))?;
        let overlay = parse_toml(&text, &p.display().to_string())?;
        // Which file: `./config.toml` is read without being named.
        merge(&mut merged, overlay, "")
            .map_err(|e| ConfigError(format!("{} (in {})", e.0, p.display())))?;
    }
    let mut env: Vec<(String, String)> = env.into_iter().collect();
    env.sort();
    for (name, value) in env {
        apply_env(&mut merged, &name, &value)?;
    }
    let raw: RawSettings = serde_path_to_error::deserialize(merged)
        // The message alone: toml's Display adds "in `key`" on lines of its own.
        .map_err(|e| {
            ConfigError(format!(
                "{}: {}",
                e.path(),
                plain(e.inner().message().trim())
            ))
        })?;
    raw.validate()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    server: server::RawServer,
    database: database::RawDatabase,
    links: links::RawLinks,
    sellers: sellers::RawSellers,
    providers: providers::RawProviders,
    notifier: notifier::RawNotifier,
    webhooks: webhooks::RawWebhooks,
    telegram: telegram::RawTelegram,
    whatsapp: whatsapp::RawWhatsApp,
    line: line::RawLine,
    log: log::RawLog,
    metrics: metrics::RawMetrics,
    email: email::RawEmail,
    sms: sms::RawSms,
    outreach: outreach::RawOutreach,
}

impl RawSettings {
    /// Each section in turn, in the order the checks always ran, so the first error
    /// reported for a file with several stays the same.
    fn validate(self) -> Result<Settings, ConfigError> {
        let server = self.server.validate()?;
        let database = self.database.validate()?;
        let links = self.links.validate()?;
        let providers = self.providers.validate(server.request_timeout.as_secs())?;
        let notifier = self.notifier.validate()?;
        let webhooks = self.webhooks.validate()?;
        let sellers = self.sellers.validate()?;
        let telegram = self.telegram.validate()?;
        let whatsapp = self.whatsapp.validate()?;
        let line = self.line.validate()?;
        let log = self.log.validate()?;
        let metrics = self.metrics.validate()?;
        let email = self.email.validate()?;
        let sms = self.sms.validate()?;
        let outreach = self.outreach.validate()?;
        Ok(Settings {
            server,
            database,
            links,
            sellers,
            providers,
            notifier,
            webhooks,
            telegram,
            whatsapp,
            line,
            log,
            metrics,
            email,
            sms,
            outreach,
        })
    }
}

fn check_http_url(u: &str) -> Result<&str, String> {
    let parsed = reqwest::Url::parse(u).map_err(|e| format!("{u:?} is not a URL ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(format!("{u:?} must be an http:// or https:// URL"));
    }
    Ok(u)
}

/// `7d`, `12h`, `30m`, `45s` → a duration.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    crate::domain::command::parse_duration_secs(s)
        .map(Duration::from_secs)
        .ok_or_else(|| {
            // `0s` is a duration, just not one that can be used.
            let zero = s
                .trim()
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse::<u64>()
                .is_ok_and(|n| n == 0);
            if zero {
                format!(
                    "{:?} must be more than zero, e.g. 45s, 30m, 12h or 7d",
                    s.trim()
                )
            } else {
                format!(
                    "{:?} is not a duration such as 45s, 30m, 12h or 7d",
                    s.trim()
                )
            }
        })
}

/// A database or SMTP URL safe to print: its password, and any query parameter that
/// may hold one (`?password=`), as `***`. A value that is not a URL with a host (a
/// mistyped `postgres:/user:pw@host`, a bare password) shows no more than a known
/// scheme: its text could be anything.
#[must_use]
pub fn redact_url(url: &str) -> String {
    const SCHEMES: [&str; 6] = ["postgres", "postgresql", "sqlite", "smtp", "smtps", "http"];
    let secret_key = |k: &str| {
        let k = k.to_ascii_lowercase();
        ["pass", "pwd", "secret", "token", "key"]
            .iter()
            .any(|s| k.contains(s))
    };
    // An `@` the parser did not take as the end of a user and password (a password with
    // an unencoded `#` or `/`: `postgres://qa:12#34@db/x`) means the text around it may be
    // one: nothing of it is shown.
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let unparsed_at = |u: &reqwest::Url| {
        after_scheme.contains('@') && u.username().is_empty() && u.password().is_none()
    };
    match reqwest::Url::parse(url) {
        // A SQLite file's path holds no secret (`sqlite:///var/lib/paychat.db`).
        Ok(u) if u.scheme() == "sqlite" && !url.contains(['@', '?', '#']) => u.to_string(),
        Ok(u) if unparsed_at(&u) && SCHEMES.contains(&u.scheme()) => format!("{}:…", u.scheme()),
        Ok(u) if unparsed_at(&u) => "(not shown)".to_owned(),
        Ok(mut u) if u.host_str().is_some_and(|h| !h.is_empty()) => {
            u.set_fragment(None);
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            if u.query_pairs().any(|(k, _)| secret_key(&k)) {
                let pairs: Vec<(String, String)> = u
                    .query_pairs()
                    .map(|(k, v)| {
                        let v = if secret_key(&k) {
                            "***".into()
                        } else {
                            v.into_owned()
                        };
                        (k.into_owned(), v)
                    })
                    .collect();
                u.query_pairs_mut().clear().extend_pairs(pairs);
            }
            u.to_string()
        }
        Ok(u) if SCHEMES.contains(&u.scheme()) => format!("{}:…", u.scheme()),
        _ => "(not shown)".to_owned(),
    }
}

/// The shipped file with `pairs` as the whole environment: what every section's tests
/// load. The explicit path keeps them independent of the working directory.
#[cfg(test)]
fn load_for_test(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let env = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect::<Vec<_>>();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
    load_with_env(Some(&path), env)
}

#[cfg(test)]
mod tests {
    use super::load_for_test as load_env;
    use super::*;
    use crate::domain::TimeZone;

    /// What loading with `pairs` refuses, as printed; empty when it loads.
    fn load_error(pairs: &[(&str, &str)]) -> String {
        load_env(pairs)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn printed_urls_never_hold_a_password() {
        for (url, shown) in [
            (
                "postgres://qa:pw1secret@db:5432/x",
                "postgres://qa:***@db:5432/x",
            ),
            (
                "postgres://db:5432/x?user=qa&password=pw2secret",
                "postgres://db:5432/x?user=qa&password=***",
            ),
            ("sqlite://paychat.db", "sqlite://paychat.db"),
            ("postgres:/qa:pw3secret@db:5432/x", "postgres:…"),
            ("qa:pw4secret@db:5432/x", "(not shown)"),
            ("smtp:/user:pw5secret@host:587", "smtp:…"),
            ("user:pw6secret@host:465", "(not shown)"),
            ("mailto:user:pw7secret@host", "(not shown)"),
            ("pw8secret", "(not shown)"),
            ("postgres://qa:12345#pw10secret@db/x", "postgres:…"),
            ("postgres://qa:1234/pw11secret@db/x", "postgres:…"),
            ("sqlite://u:pw12secret@h/x.db", "sqlite://u:***@h/x.db"),
            ("sqlite://x.db?key=pw13secret", "sqlite://x.db?key=***"),
            (
                "postgres://db/x?PASSWORD=pw14secret#pw15secret",
                "postgres://db/x?PASSWORD=***",
            ),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
        }
        // Nor the errors that name them.
        for url in [
            "postgres:/qa:pw9secret@db/x",
            "qa:pw9secret@db/x",
            "postgres://db/x?password=pw9secret",
            "pw9secret",
        ] {
            let e = load_error(&[("PAYCHAT_DATABASE__URL", url)]);
            assert!(!e.contains("pw9secret"), "{url}: {e}");
        }
        for url in [
            "smtp:/user:pw9secret@host:587",
            "user:pw9secret@host:465",
            "pw9secret",
        ] {
            let e = load_error(&[
                ("PAYCHAT_EMAIL__SMTP_URL", url),
                ("PAYCHAT_EMAIL__FROM", "shop@example.com"),
            ]);
            assert!(e.contains("email.smtp_url"), "{url}: {e}");
            assert!(!e.contains("pw9secret"), "{url}: {e}");
        }
    }

    #[test]
    fn a_config_file_that_is_not_toml_is_reported_without_its_text() {
        let e = parse_toml(
            "[database]\nurl = \"postgres://u:pw16secret@h/x\n",
            "bad.toml",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("bad.toml is not valid TOML at line 2"), "{e}");
        assert!(!e.contains("pw16secret"), "{e}");
    }

    #[test]
    fn a_zero_limit_or_timeout_names_its_own_key() {
        for (var, key) in [
            (
                "PAYCHAT_WHATSAPP__REQUEST_TIMEOUT_SECS",
                "whatsapp.request_timeout_secs",
            ),
            (
                "PAYCHAT_WHATSAPP__MAX_PER_SECOND",
                "whatsapp.max_per_second",
            ),
            (
                "PAYCHAT_LINE__REQUEST_TIMEOUT_SECS",
                "line.request_timeout_secs",
            ),
            ("PAYCHAT_LINE__MAX_PER_SECOND", "line.max_per_second"),
        ] {
            let e = load_error(&[(var, "0")]);
            assert!(
                e.contains(&format!("config: {key}: must be at least 1")),
                "{var}: {e}"
            );
        }
    }

    #[test]
    fn a_value_of_the_wrong_type_is_one_line_naming_its_key() {
        let e = load_error(&[("PAYCHAT_LINKS__BULK_MAX_ROWS", "-1")]);
        assert!(e.contains("links.bulk_max_rows: "), "{e}");
        assert!(!e.trim_end().contains('\n'), "{e:?}");
        // The range in the operator's words, not the type's.
        let e = load_error(&[("PAYCHAT_SERVER__BODY_LIMIT_BYTES", "-5")]);
        assert!(
            e.contains("server.body_limit_bytes: must not be negative, got -5"),
            "{e}"
        );
        assert!(!e.contains("u64"), "{e}");
    }

    #[test]
    fn a_variable_without_a_section_is_refused() {
        let e = load_error(&[("PAYCHAT__BIND", "127.0.0.1:1")]);
        assert!(
            e.contains("PAYCHAT__BIND") && e.contains("PAYCHAT_SERVER__BIND"),
            "{e}"
        );
        // Not configuration: no `__` at all.
        assert!(load_env(&[("PAYCHAT_TEST_DATABASE_URL", "x")]).is_ok());
    }

    #[test]
    fn a_database_url_that_names_no_file_is_refused() {
        for url in ["", "sqlite://", "sqlite://  ", "sqlite:", "sqlite::memory:"] {
            let e = load_error(&[("PAYCHAT_DATABASE__URL", url)]);
            assert!(e.contains("database.url"), "{url:?}: {e}");
        }
    }

    #[test]
    fn a_database_url_scheme_is_read_in_any_case() {
        for (url, read) in [
            ("Postgres://u:pw@db:5432/x", "postgres://u:pw@db:5432/x"),
            ("POSTGRESQL://db/x", "postgresql://db/x"),
            ("SQLite://Paychat.db", "sqlite://Paychat.db"),
        ] {
            let s = load_env(&[("PAYCHAT_DATABASE__URL", url)]).unwrap();
            assert_eq!(s.database.url.expose(), read, "{url}");
        }
        assert!(load_error(&[("PAYCHAT_DATABASE__URL", "SQLITE:")]).contains("database.url"));
        let e = load_error(&[("PAYCHAT_DATABASE__URL", "sqlite:shop.db")]);
        assert!(e.contains("write sqlite://shop.db"), "{e}");
    }

    #[test]
    fn the_shipped_file_loads_as_is() {
        let s = load_env(&[]).unwrap();
        assert_eq!(s.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database.url.expose(), "sqlite://paychat.db");
        assert_eq!(s.providers.default, "sandbox");
        assert_eq!(s.links.default_expiry, Duration::from_secs(7 * 86_400));
        assert_eq!(s.sellers.default_timezone, TimeZone::UTC);
    }

    #[test]
    fn environment_overrides_every_key() {
        let s = load_env(&[
            ("PAYCHAT_DATABASE__URL", "postgres://u:pw@db:5432/x"),
            ("PAYCHAT_SERVER__BIND", "0.0.0.0:9000"),
            ("PAYCHAT_DATABASE__MAX_CONNECTIONS", "32"),
            ("PAYCHAT_PROVIDERS__SANDBOX__ENABLED", "true"),
            ("PAYCHAT_TEST_DATABASE_URL", "ignored: not configuration"),
        ])
        .unwrap();
        assert_eq!(s.server.bind.port(), 9000);
        assert_eq!(s.database.max_connections, 32);
        assert!(!format!("{s:?}").contains("pw"), "password leaked in Debug");
    }

    #[test]
    fn bad_values_name_their_key() {
        let msg = |pairs: &[(&str, &str)]| load_env(pairs).unwrap_err().to_string();
        assert!(msg(&[("PAYCHAT_SERVER__BIND", "nope")]).contains("server.bind"));
        assert!(msg(&[("PAYCHAT_SERVER__BND", "x")]).contains("unknown config key server.bnd"));
        assert!(
            msg(&[("PAYCHAT_DATABASE__MAX_CONNECTIONS", "many")])
                .contains("PAYCHAT_DATABASE__MAX_CONNECTIONS")
        );
        assert!(msg(&[("PAYCHAT_DATABASE__URL", "mysql://x")]).contains("database.url"));
        assert!(
            msg(&[("PAYCHAT_LINKS__DEFAULT_EXPIRY", "7 days")]).contains("links.default_expiry")
        );
        assert!(msg(&[("PAYCHAT_SERVER__PUBLIC_URL", "ftp://x")]).contains("server.public_url"));
    }

    #[test]
    fn unknown_keys_in_a_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "[server]\nbnd = \"x\"\n").unwrap();
        let e = load_with_env(Some(&p), Vec::new()).unwrap_err();
        assert!(e.to_string().contains("unknown key server.bnd"), "{e}");
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("45s"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("3d"), Ok(Duration::from_secs(259_200)));
        assert!(
            parse_duration("0d").is_err_and(|e| e.contains("must be more than zero")),
            "{:?}",
            parse_duration("0d")
        );
        assert!(parse_duration("d").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
