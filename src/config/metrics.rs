//! `[metrics]`: where `/metrics` is served.

use std::net::SocketAddr;

use serde::Deserialize;

use super::ConfigError;

/// `[metrics]`
#[derive(Debug, Clone)]
pub struct MetricsSettings {
    /// A separate address serving only `/metrics` (then not on `server.bind`); `None`:
    /// `/metrics` is on the main address.
    pub bind: Option<SocketAddr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMetrics {
    bind: String,
}

impl RawMetrics {
    pub(super) fn validate(self) -> Result<MetricsSettings, ConfigError> {
        let bind = self.bind.trim();
        if bind.is_empty() {
            return Ok(MetricsSettings { bind: None });
        }
        let addr = bind.parse().map_err(|_| {
            ConfigError(format!(
                "metrics.bind: {bind:?} is not an address and port such as 127.0.0.1:9100 \
                 (or \"\" to serve /metrics on server.bind)"
            ))
        })?;
        Ok(MetricsSettings { bind: Some(addr) })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::load_for_test;

    #[test]
    fn metrics_stay_on_the_main_address_unless_bound_elsewhere() {
        assert_eq!(load_for_test(&[]).unwrap().metrics.bind, None);
        let s = load_for_test(&[("PAYCHAT_METRICS__BIND", "127.0.0.1:9100")]).unwrap();
        assert_eq!(s.metrics.bind.map(|a| a.port()), Some(9100));
        let e = load_for_test(&[("PAYCHAT_METRICS__BIND", "9100")]).unwrap_err();
        assert!(e.to_string().contains("metrics.bind: \"9100\""), "{e}");
    }
}
