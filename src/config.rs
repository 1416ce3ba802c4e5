//! Typed settings: the shipped `config.toml` embedded as defaults, then a file, then
//! `PAYCHAT_<SECTION>__<KEY>` environment variables.
//!
//! Every value is checked here, so a bad one stops the start with a line that names the
//! key and what would be accepted; nothing later has to re-validate.

use std::fmt;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::domain::TimeZone;

/// The configuration shipped with paychat; every key has its default here.
pub const DEFAULTS: &str = include_str!("../config.toml");

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
    pub telegram: TelegramSettings,
    pub whatsapp: WhatsAppSettings,
    pub log: LogSettings,
}

/// `[whatsapp]`
#[derive(Debug, Clone)]
pub struct WhatsAppSettings {
    /// All four set: the WhatsApp door runs.
    pub enabled: bool,
    /// `{graph_api_url}/{api_version}/{phone_number_id}`, no trailing slash.
    pub base_url: String,
    pub access_token: Secret,
    pub app_secret: Secret,
    pub verify_token: Secret,
    pub open_registration: bool,
    /// `None`: no template; pushes outside the window wait or go to another app.
    pub template: Option<WhatsAppTemplate>,
    pub max_per_second: u32,
    pub request_timeout: Duration,
}

/// An approved message template for pushes outside the 24-hour window.
#[derive(Debug, Clone)]
pub struct WhatsAppTemplate {
    pub name: String,
    pub language: String,
    /// What fills `{{1}}`, `{{2}}`…: title, text, amount, description, url, status.
    pub params: Vec<String>,
}

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

/// `[server]`
#[derive(Debug, Clone)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    /// Without a trailing slash.
    pub public_url: String,
    pub body_limit_bytes: usize,
    pub request_timeout: Duration,
}

/// `[database]`
#[derive(Clone)]
pub struct DatabaseSettings {
    pub url: Secret,
    pub max_connections: u32,
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(self.url.expose()))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

/// `[links]`
#[derive(Debug, Clone)]
pub struct LinkSettings {
    pub default_expiry: Duration,
    pub max_expiry: Duration,
    pub expiry_sweep: Duration,
    /// How long buyers' transfer slips are kept.
    pub slip_retention: Duration,
}

/// `[sellers]`
#[derive(Debug, Clone)]
pub struct SellerSettings {
    /// The zone of sellers who have none of their own.
    pub default_timezone: TimeZone,
}

/// `[providers]`
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    pub default: String,
    /// How often the reconciliation pass runs.
    pub reconcile_every: Duration,
    /// How old a checkout without news must be before the provider is asked about it.
    pub reconcile_after: Duration,
    pub sandbox: SandboxSettings,
    pub stripe: Option<StripeSettings>,
    pub xendit: Option<XenditSettings>,
}

/// `[providers.stripe]`, when enabled.
#[derive(Debug, Clone)]
pub struct StripeSettings {
    pub secret_key: Secret,
    pub webhook_secret: Secret,
    pub api_url: String,
    pub request_timeout: Duration,
}

/// `[providers.xendit]`, when enabled.
#[derive(Debug, Clone)]
pub struct XenditSettings {
    pub secret_key: Secret,
    pub callback_token: Secret,
    pub api_url: String,
    pub request_timeout: Duration,
    /// Currencies the account takes (upper case).
    pub currencies: Vec<String>,
    /// Payment methods offered on the invoice; empty: all the account has.
    pub payment_methods: Vec<String>,
}

/// `[providers.sandbox]`
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    pub enabled: bool,
    pub signing_secret: Secret,
    /// Where the sandbox posts webhooks; `None` means our own public URL.
    pub webhook_url: Option<String>,
}

/// `[notifier]`
#[derive(Debug, Clone)]
pub struct NotifierSettings {
    pub poll_interval: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub max_attempts: u32,
    pub lease: Duration,
    pub timeout: Duration,
}

/// `[log]`
#[derive(Debug, Clone)]
pub struct LogSettings {
    pub json: bool,
    pub level: String,
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
        merge(&mut merged, overlay, "")?;
    }
    let mut env: Vec<(String, String)> = env.into_iter().collect();
    env.sort();
    for (name, value) in env {
        apply_env(&mut merged, &name, &value)?;
    }
    let raw: RawSettings = serde_path_to_error::deserialize(merged)
        .map_err(|e| ConfigError(format!("{}: {}", e.path(), e.inner())))?;
    raw.validate()
}

fn parse_toml(text: &str, origin: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>()
        .map_err(|e| ConfigError(format!("{origin} is not valid TOML: {e}")))
}

/// Copies `overlay` into `base`, refusing keys the defaults do not have (typos).
fn merge(base: &mut toml::Table, overlay: toml::Table, prefix: &str) -> Result<(), ConfigError> {
    for (key, value) in overlay {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o, &path)?,
            (Some(toml::Value::Table(_)), _) => {
                return Err(ConfigError(format!("{path} must be a section ([{path}])")));
            }
            (Some(slot), v) => *slot = v,
            (None, _) => return Err(ConfigError(format!("unknown key {path}"))),
        }
    }
    Ok(())
}

/// Applies `PAYCHAT_SECTION__KEY=value`, typed like the default it replaces. Variables
/// without `__` (such as `PAYCHAT_TEST_DATABASE_URL`) are not configuration.
fn apply_env(base: &mut toml::Table, name: &str, value: &str) -> Result<(), ConfigError> {
    let Some(rest) = name.strip_prefix("PAYCHAT_") else {
        return Ok(());
    };
    if !rest.contains("__") {
        return Ok(());
    }
    let path: Vec<String> = rest.split("__").map(str::to_ascii_lowercase).collect();
    let dotted = path.join(".");
    let unknown = || ConfigError(format!("{name}: unknown config key {dotted}"));
    let mut table = base;
    let (last, sections) = path.split_last().ok_or_else(unknown)?;
    for section in sections {
        table = match table.get_mut(section) {
            Some(toml::Value::Table(t)) => t,
            _ => return Err(unknown()),
        };
    }
    let slot = table.get_mut(last).ok_or_else(unknown)?;
    let bad = |what: &str| ConfigError(format!("{name} ({dotted}) must be {what}, got {value:?}"));
    *slot = match slot {
        toml::Value::Integer(_) => {
            toml::Value::Integer(value.trim().parse().map_err(|_| bad("a whole number"))?)
        }
        toml::Value::Boolean(_) => {
            toml::Value::Boolean(value.trim().parse().map_err(|_| bad("true or false"))?)
        }
        toml::Value::String(_) => toml::Value::String(value.to_owned()),
        _ => return Err(unknown()),
    };
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    server: RawServer,
    database: RawDatabase,
    links: RawLinks,
    sellers: RawSellers,
    providers: RawProviders,
    notifier: RawNotifier,
    telegram: RawTelegram,
    whatsapp: RawWhatsApp,
    log: RawLog,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhatsApp {
    graph_api_url: String,
    api_version: String,
    phone_number_id: String,
    access_token: String,
    app_secret: String,
    verify_token: String,
    registration: String,
    template_name: String,
    template_language: String,
    template_params: String,
    max_per_second: u32,
    request_timeout_secs: u64,
}

impl RawWhatsApp {
    fn validate(self) -> Result<WhatsAppSettings, ConfigError> {
        let err = |key: &str, msg: &str| ConfigError(format!("whatsapp.{key}: {msg}"));
        let graph = check_http_url(self.graph_api_url.trim())
            .map_err(|m| err("graph_api_url", &m))?
            .trim_end_matches('/')
            .to_owned();
        let version = self.api_version.trim();
        if !(version.starts_with('v')
            && version.len() > 1
            && version[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.'))
        {
            return Err(err("api_version", "must look like v21.0"));
        }
        let phone = self.phone_number_id.trim().to_owned();
        if !phone.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                "phone_number_id",
                "must be the numeric phone number id",
            ));
        }
        let set = [
            !phone.is_empty(),
            !self.access_token.trim().is_empty(),
            !self.app_secret.trim().is_empty(),
            !self.verify_token.trim().is_empty(),
        ];
        let enabled = set.iter().all(|s| *s);
        if !enabled && set.iter().any(|s| *s) {
            return Err(err(
                "phone_number_id",
                "phone_number_id, access_token, app_secret and verify_token must be set together",
            ));
        }
        let open_registration = match self.registration.as_str() {
            "open" => true,
            "invite" => false,
            _ => return Err(err("registration", "must be \"open\" or \"invite\"")),
        };
        let known = ["title", "text", "amount", "description", "url", "status"];
        let params: Vec<String> = self
            .template_params
            .split(',')
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if let Some(bad) = params.iter().find(|p| !known.contains(&p.as_str())) {
            return Err(err(
                "template_params",
                &format!("unknown value {bad:?}; use {}", known.join(", ")),
            ));
        }
        let template = (!self.template_name.trim().is_empty()).then(|| WhatsAppTemplate {
            name: self.template_name.trim().to_owned(),
            language: self.template_language.trim().to_owned(),
            params,
        });
        if self.max_per_second == 0 || self.request_timeout_secs == 0 {
            return Err(err(
                "max_per_second",
                "limits and timeouts must be at least 1",
            ));
        }
        Ok(WhatsAppSettings {
            enabled,
            base_url: format!("{graph}/{version}/{phone}"),
            access_token: Secret::new(self.access_token.trim()),
            app_secret: Secret::new(self.app_secret.trim()),
            verify_token: Secret::new(self.verify_token.trim()),
            open_registration,
            template,
            max_per_second: self.max_per_second,
            request_timeout: Duration::from_secs(self.request_timeout_secs),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTelegram {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    bind: String,
    public_url: String,
    body_limit_bytes: u64,
    request_timeout_secs: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: String,
    max_connections: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    default_expiry: String,
    max_expiry: String,
    expiry_sweep_secs: u64,
    slip_retention: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSellers {
    default_timezone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProviders {
    default: String,
    reconcile_every_secs: u64,
    reconcile_after_secs: u64,
    sandbox: RawSandbox,
    stripe: RawStripe,
    xendit: RawXendit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStripe {
    enabled: bool,
    secret_key: String,
    webhook_secret: String,
    api_url: String,
    request_timeout_secs: u64,
}

impl RawStripe {
    fn validate(self) -> Result<Option<StripeSettings>, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("providers.stripe.{key}: {msg}"));
        if !self.enabled {
            return Ok(None);
        }
        let key = self.secret_key.trim();
        if !(key.starts_with("sk_") || key.starts_with("rk_")) {
            return Err(err(
                "secret_key",
                "must be a Stripe secret key (sk_live_…, sk_test_… or a restricted rk_…); \
                 set PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY"
                    .into(),
            ));
        }
        if self.webhook_secret.trim().is_empty() {
            return Err(err(
                "webhook_secret",
                "is empty; copy the endpoint's signing secret (whsec_…) from the Stripe \
                 dashboard into PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET"
                    .into(),
            ));
        }
        if self.request_timeout_secs == 0 {
            return Err(err("request_timeout_secs", "must be at least 1".into()));
        }
        Ok(Some(StripeSettings {
            secret_key: Secret::new(key),
            webhook_secret: Secret::new(self.webhook_secret.trim()),
            api_url: check_http_url(self.api_url.trim())
                .map_err(|m| err("api_url", m))?
                .trim_end_matches('/')
                .to_owned(),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
        }))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawXendit {
    enabled: bool,
    secret_key: String,
    callback_token: String,
    api_url: String,
    request_timeout_secs: u64,
    currencies: String,
    payment_methods: String,
}

impl RawXendit {
    fn validate(self) -> Result<Option<XenditSettings>, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("providers.xendit.{key}: {msg}"));
        if !self.enabled {
            return Ok(None);
        }
        if self.secret_key.trim().is_empty() {
            return Err(err(
                "secret_key",
                "is empty; set PAYCHAT_PROVIDERS__XENDIT__SECRET_KEY".into(),
            ));
        }
        if self.callback_token.trim().is_empty() {
            return Err(err(
                "callback_token",
                "is empty; copy the callback verification token from the Xendit dashboard \
                 into PAYCHAT_PROVIDERS__XENDIT__CALLBACK_TOKEN"
                    .into(),
            ));
        }
        if self.request_timeout_secs == 0 {
            return Err(err("request_timeout_secs", "must be at least 1".into()));
        }
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .collect()
        };
        let currencies = list(&self.currencies);
        if currencies.is_empty() {
            return Err(err("currencies", "must name at least one currency".into()));
        }
        for c in &currencies {
            crate::domain::Currency::from_code(c)
                .map_err(|_| err("currencies", format!("{c:?} is not an ISO 4217 code")))?;
        }
        Ok(Some(XenditSettings {
            secret_key: Secret::new(self.secret_key.trim()),
            callback_token: Secret::new(self.callback_token.trim()),
            api_url: check_http_url(self.api_url.trim())
                .map_err(|m| err("api_url", m))?
                .trim_end_matches('/')
                .to_owned(),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            currencies,
            payment_methods: list(&self.payment_methods),
        }))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSandbox {
    enabled: bool,
    signing_secret: String,
    webhook_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotifier {
    poll_interval_ms: u64,
    retry_base_ms: u64,
    retry_max_ms: u64,
    max_attempts: u32,
    lease_secs: u64,
    timeout_secs: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    format: String,
    level: String,
}

impl RawSettings {
    fn validate(self) -> Result<Settings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        let bind: SocketAddr = self.server.bind.parse().map_err(|_| {
            err(
                "server.bind",
                format!(
                    "{:?} is not an address and port such as 127.0.0.1:8080",
                    self.server.bind
                ),
            )
        })?;
        let public_url = check_http_url(&self.server.public_url)
            .map_err(|m| err("server.public_url", m))?
            .trim_end_matches('/')
            .to_owned();
        if self.server.body_limit_bytes < 1024 {
            return Err(err(
                "server.body_limit_bytes",
                "must be at least 1024".into(),
            ));
        }
        if self.server.request_timeout_secs == 0 {
            return Err(err(
                "server.request_timeout_secs",
                "must be at least 1".into(),
            ));
        }
        let url = self.database.url.trim().to_owned();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(err(
                "database.url",
                format!(
                    "{} is neither sqlite://FILE nor postgres://…",
                    redact_url(&url)
                ),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(err("database.max_connections", "must be at least 1".into()));
        }
        let default_expiry = parse_duration(&self.links.default_expiry)
            .map_err(|m| err("links.default_expiry", m))?;
        let max_expiry =
            parse_duration(&self.links.max_expiry).map_err(|m| err("links.max_expiry", m))?;
        if default_expiry > max_expiry {
            return Err(err(
                "links.default_expiry",
                "must not be longer than links.max_expiry".into(),
            ));
        }
        if self.links.expiry_sweep_secs == 0 {
            return Err(err("links.expiry_sweep_secs", "must be at least 1".into()));
        }
        let slip_retention = parse_duration(&self.links.slip_retention)
            .map_err(|m| err("links.slip_retention", m))?;
        let sandbox = self.providers.sandbox;
        let webhook_url = match sandbox.webhook_url.trim() {
            "" => None,
            u => Some(
                check_http_url(u)
                    .map_err(|m| err("providers.sandbox.webhook_url", m))?
                    .to_owned(),
            ),
        };
        if sandbox.enabled && sandbox.signing_secret.len() < 8 {
            return Err(err(
                "providers.sandbox.signing_secret",
                "must be at least 8 characters".into(),
            ));
        }
        let stripe = self.providers.stripe.validate()?;
        let xendit = self.providers.xendit.validate()?;
        // A checkout's provider call, retries included, must answer the buyer before the
        // server's own timeout cuts the request.
        let limit = self.server.request_timeout_secs;
        for (key, t) in [
            (
                "providers.stripe.request_timeout_secs",
                stripe.as_ref().map(|s| s.request_timeout),
            ),
            (
                "providers.xendit.request_timeout_secs",
                xendit.as_ref().map(|x| x.request_timeout),
            ),
        ] {
            if let Some(t) = t
                && t.as_secs() + 3 > limit
            {
                return Err(err(
                    key,
                    format!(
                        "must be at least 3 s below server.request_timeout_secs ({limit}), \
                         so a buyer's checkout is answered before the request times out"
                    ),
                ));
            }
        }
        let known = ["sandbox", "stripe", "xendit"];
        if !known.contains(&self.providers.default.as_str()) {
            return Err(err(
                "providers.default",
                format!(
                    "unknown provider {:?}; available: {}",
                    self.providers.default,
                    known.join(", ")
                ),
            ));
        }
        let enabled = match self.providers.default.as_str() {
            "sandbox" => sandbox.enabled,
            "stripe" => stripe.is_some(),
            _ => xendit.is_some(),
        };
        if !enabled {
            return Err(err(
                "providers.default",
                format!(
                    "is {0} but providers.{0}.enabled is false",
                    self.providers.default
                ),
            ));
        }
        for (key, v) in [
            (
                "providers.reconcile_every_secs",
                self.providers.reconcile_every_secs,
            ),
            (
                "providers.reconcile_after_secs",
                self.providers.reconcile_after_secs,
            ),
        ] {
            if v == 0 {
                return Err(err(key, "must be at least 1".into()));
            }
        }
        let n = &self.notifier;
        for (key, v) in [
            ("notifier.poll_interval_ms", n.poll_interval_ms),
            ("notifier.retry_base_ms", n.retry_base_ms),
            ("notifier.lease_secs", n.lease_secs),
            ("notifier.timeout_secs", n.timeout_secs),
            ("notifier.max_attempts", u64::from(n.max_attempts)),
        ] {
            if v == 0 {
                return Err(err(key, "must be at least 1".into()));
            }
        }
        if n.retry_max_ms < n.retry_base_ms {
            return Err(err(
                "notifier.retry_max_ms",
                "must not be less than notifier.retry_base_ms".into(),
            ));
        }
        let default_timezone = TimeZone::parse(&self.sellers.default_timezone)
            .map_err(|e| err("sellers.default_timezone", e.to_string()))?;
        let telegram = self.telegram.validate()?;
        let whatsapp = self.whatsapp.validate()?;
        let json = match self.log.format.as_str() {
            "json" => true,
            "pretty" => false,
            other => {
                return Err(err(
                    "log.format",
                    format!("{other:?} is neither \"pretty\" nor \"json\""),
                ));
            }
        };
        Ok(Settings {
            server: ServerSettings {
                bind,
                public_url,
                body_limit_bytes: usize::try_from(self.server.body_limit_bytes)
                    .unwrap_or(usize::MAX),
                request_timeout: Duration::from_secs(self.server.request_timeout_secs),
            },
            database: DatabaseSettings {
                url: Secret::new(url),
                max_connections: self.database.max_connections,
            },
            links: LinkSettings {
                default_expiry,
                max_expiry,
                expiry_sweep: Duration::from_secs(self.links.expiry_sweep_secs),
                slip_retention,
            },
            sellers: SellerSettings { default_timezone },
            providers: ProviderSettings {
                default: self.providers.default,
                reconcile_every: Duration::from_secs(self.providers.reconcile_every_secs),
                reconcile_after: Duration::from_secs(self.providers.reconcile_after_secs),
                sandbox: SandboxSettings {
                    enabled: sandbox.enabled,
                    signing_secret: Secret::new(sandbox.signing_secret),
                    webhook_url,
                },
                stripe,
                xendit,
            },
            notifier: NotifierSettings {
                poll_interval: Duration::from_millis(n.poll_interval_ms),
                retry_base: Duration::from_millis(n.retry_base_ms),
                retry_max: Duration::from_millis(n.retry_max_ms),
                max_attempts: n.max_attempts,
                lease: Duration::from_secs(n.lease_secs),
                timeout: Duration::from_secs(n.timeout_secs),
            },
            telegram,
            whatsapp,
            log: LogSettings {
                json,
                level: self.log.level,
            },
        })
    }
}

impl RawTelegram {
    fn validate(self) -> Result<TelegramSettings, ConfigError> {
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
            format!(
                "{:?} is not a duration such as 45s, 30m, 12h or 7d",
                s.trim()
            )
        })
}

/// A database URL with any password replaced by `***`, safe to print.
#[must_use]
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        // Not a URL at all: show only the scheme, in case the rest holds a secret.
        Err(_) => format!("{}…", url.split(':').next().unwrap_or("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn load_env(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        // A path that is the shipped file keeps tests independent of the working directory.
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
        load_with_env(Some(&path), env(pairs))
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
    fn providers_need_their_secrets_and_keep_them_out_of_debug() {
        let msg = |pairs: &[(&str, &str)]| load_env(pairs).unwrap_err().to_string();
        let on = ("PAYCHAT_PROVIDERS__STRIPE__ENABLED", "true");
        assert!(msg(&[on]).contains("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY"));
        assert!(
            msg(&[on, ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", "sk_test_abc")])
                .contains("providers.stripe.webhook_secret")
        );
        assert!(
            msg(&[("PAYCHAT_PROVIDERS__DEFAULT", "stripe")]).contains("providers.stripe.enabled")
        );
        assert!(msg(&[("PAYCHAT_PROVIDERS__DEFAULT", "paypal")]).contains("unknown provider"));
        assert!(
            msg(&[
                on,
                ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", "sk_test_abc"),
                ("PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET", "whsec_abc"),
                ("PAYCHAT_PROVIDERS__STRIPE__REQUEST_TIMEOUT_SECS", "14"),
            ])
            .contains("server.request_timeout_secs")
        );
        let xendit = ("PAYCHAT_PROVIDERS__XENDIT__ENABLED", "true");
        assert!(msg(&[xendit]).contains("PAYCHAT_PROVIDERS__XENDIT__SECRET_KEY"));
        assert!(
            msg(&[
                xendit,
                (
                    "PAYCHAT_PROVIDERS__XENDIT__SECRET_KEY",
                    "xnd_development_abc"
                ),
                ("PAYCHAT_PROVIDERS__XENDIT__CALLBACK_TOKEN", "tok"),
                ("PAYCHAT_PROVIDERS__XENDIT__CURRENCIES", "IDR,RUPIAH"),
            ])
            .contains("providers.xendit.currencies")
        );
        let s = load_env(&[
            on,
            ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", "sk_test_topsecret"),
            (
                "PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET",
                "whsec_topsecret",
            ),
            ("PAYCHAT_PROVIDERS__DEFAULT", "stripe"),
        ])
        .unwrap();
        assert_eq!(s.providers.default, "stripe");
        assert!(!format!("{s:?}").contains("topsecret"), "secret in Debug");
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
        assert!(parse_duration("0d").is_err());
        assert!(parse_duration("d").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
