//! `[providers]`: the payment providers (sandbox, Stripe, Xendit), which one new links
//! use, and how often open checkouts are reconciled.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, Secret, check_http_url};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProviders {
    default: String,
    reconcile_every_secs: u64,
    reconcile_after_secs: u64,
    sandbox: RawSandbox,
    stripe: RawStripe,
    xendit: RawXendit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStripe {
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
pub(super) struct RawXendit {
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
pub(super) struct RawSandbox {
    enabled: bool,
    signing_secret: String,
    webhook_url: String,
}

impl RawProviders {
    /// `server_timeout_secs` is `server.request_timeout_secs`: a provider's own timeout
    /// must fit under it.
    pub(super) fn validate(
        self,
        server_timeout_secs: u64,
    ) -> Result<ProviderSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        let sandbox = self.sandbox;
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
        let stripe = self.stripe.validate()?;
        let xendit = self.xendit.validate()?;
        // A checkout's provider call, retries included, must answer the buyer before the
        // server's own timeout cuts the request.
        let limit = server_timeout_secs;
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
        if !known.contains(&self.default.as_str()) {
            return Err(err(
                "providers.default",
                format!(
                    "unknown provider {:?}; available: {}",
                    self.default,
                    known.join(", ")
                ),
            ));
        }
        let enabled = match self.default.as_str() {
            "sandbox" => sandbox.enabled,
            "stripe" => stripe.is_some(),
            _ => xendit.is_some(),
        };
        if !enabled {
            return Err(err(
                "providers.default",
                format!("is {0} but providers.{0}.enabled is false", self.default),
            ));
        }
        for (key, v) in [
            ("providers.reconcile_every_secs", self.reconcile_every_secs),
            ("providers.reconcile_after_secs", self.reconcile_after_secs),
        ] {
            if v == 0 {
                return Err(err(key, "must be at least 1".into()));
            }
        }
        Ok(ProviderSettings {
            default: self.default,
            reconcile_every: Duration::from_secs(self.reconcile_every_secs),
            reconcile_after: Duration::from_secs(self.reconcile_after_secs),
            sandbox: SandboxSettings {
                enabled: sandbox.enabled,
                signing_secret: Secret::new(sandbox.signing_secret),
                webhook_url,
            },
            stripe,
            xendit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::load_for_test as load_env;

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
}
