//! `[server]`: where the HTTP door listens and how it limits requests.

use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;

use super::{ConfigError, check_http_url};

/// `[server]`
#[derive(Debug, Clone)]
pub struct ServerSettings {
    pub bind: SocketAddr,
    /// Without a trailing slash.
    pub public_url: String,
    pub body_limit_bytes: usize,
    pub request_timeout: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawServer {
    bind: String,
    public_url: String,
    body_limit_bytes: u64,
    request_timeout_secs: u64,
}

impl RawServer {
    pub(super) fn validate(self) -> Result<ServerSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        let bind: SocketAddr = self.bind.parse().map_err(|_| {
            err(
                "server.bind",
                format!(
                    "{:?} is not an address and port such as 127.0.0.1:8080",
                    self.bind
                ),
            )
        })?;
        let public_url = check_http_url(&self.public_url)
            .map_err(|m| err("server.public_url", m))?
            .trim_end_matches('/')
            .to_owned();
        if self.body_limit_bytes < 1024 {
            return Err(err(
                "server.body_limit_bytes",
                "must be at least 1024".into(),
            ));
        }
        if self.request_timeout_secs == 0 {
            return Err(err(
                "server.request_timeout_secs",
                "must be at least 1".into(),
            ));
        }
        Ok(ServerSettings {
            bind,
            public_url,
            body_limit_bytes: usize::try_from(self.body_limit_bytes).unwrap_or(usize::MAX),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
        })
    }
}
