//! `[log]`: the log lines' format and level.

use serde::Deserialize;

use super::ConfigError;

/// `[log]`
#[derive(Debug, Clone)]
pub struct LogSettings {
    pub json: bool,
    pub level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLog {
    format: String,
    level: String,
}

impl RawLog {
    pub(super) fn validate(self) -> Result<LogSettings, ConfigError> {
        let json = match self.format.as_str() {
            "json" => true,
            "pretty" => false,
            other => {
                return Err(ConfigError(format!(
                    "log.format: {other:?} is neither \"pretty\" nor \"json\""
                )));
            }
        };
        check_filter(&self.level).map_err(|m| ConfigError(format!("log.level: {m}")))?;
        Ok(LogSettings {
            json,
            level: self.level.trim().to_owned(),
        })
    }
}

const LEVELS: [&str; 6] = ["error", "warn", "info", "debug", "trace", "off"];

/// Checks a level or filter (`info`, `info,paychat=debug`) before the logger sees it.
/// The logger's own parser takes any bare word as a target name, so `warning` would
/// mean "log only the target `warning`": every other line silently muted. Only levels
/// and `target=level` directives pass here; the message is the part after the key.
pub fn check_filter(filter: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "{filter:?} is not a level; use error, warn, info, debug or trace \
             (or a filter like info,paychat=debug)"
        )
    };
    let is_level = |s: &str| LEVELS.iter().any(|l| l.eq_ignore_ascii_case(s.trim()));
    let is_target = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '-')
    };
    if filter.trim().is_empty() {
        return Err(bad());
    }
    for directive in filter.split(',').map(str::trim) {
        let ok = match directive.split_once('=') {
            None => is_level(directive),
            Some((target, level)) => is_target(target.trim()) && is_level(level),
        };
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_filter;
    use crate::config::load_for_test;

    #[test]
    fn levels_and_target_filters_pass() {
        for ok in [
            "info",
            "WARN",
            "off",
            "info,paychat=debug",
            "warn, sqlx=error,tower_http::trace=debug",
        ] {
            assert!(check_filter(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn words_that_are_not_levels_are_refused() {
        for bad in [
            "warning",
            "verbose",
            "info,foo=bar=baz",
            "",
            "info,",
            "=debug",
            "paychat=loud",
        ] {
            assert!(check_filter(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_bad_level_names_the_key_and_the_choices() {
        let e = load_for_test(&[("PAYCHAT_LOG__LEVEL", "warning")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "config: log.level: \"warning\" is not a level; use error, warn, info, debug or \
             trace (or a filter like info,paychat=debug)"
        );
    }
}
