//! `[whatsapp]`: the WhatsApp Cloud API door, on when its four credentials are set.

use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, Secret, check_http_url};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWhatsApp {
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
    pub(super) fn validate(self) -> Result<WhatsAppSettings, ConfigError> {
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
        // Named as the operator wrote it.
        for (key, value) in [
            ("max_per_second", u64::from(self.max_per_second)),
            ("request_timeout_secs", self.request_timeout_secs),
        ] {
            if value == 0 {
                return Err(err(key, "must be at least 1"));
            }
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
