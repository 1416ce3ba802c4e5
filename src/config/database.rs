//! `[database]`: which database, and how many connections to it.

use std::fmt;

use serde::Deserialize;

use super::{ConfigError, Secret, redact_url};

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDatabase {
    url: String,
    max_connections: u32,
}

impl RawDatabase {
    pub(super) fn validate(self) -> Result<DatabaseSettings, ConfigError> {
        let err = |key: &str, msg: String| ConfigError(format!("{key}: {msg}"));
        let url = lower_scheme(self.url.trim());
        if url.is_empty() {
            return Err(err(
                "database.url",
                "is empty: set sqlite://FILE or postgres://…".into(),
            ));
        }
        // `sqlite://` alone (`sqlite://$UNSET`) would give every connection a database
        // of its own, and lose everything written.
        // Only sqlite://FILE: `sqlite:` and `sqlite::memory:` are a throwaway database
        // per connection as well.
        let sqlite_file = url
            .strip_prefix("sqlite://")
            .map(|rest| rest.split('?').next().unwrap_or_default().trim());
        // `sqlite:FILE` names a file but lacks the `//` the rest of paychat reads.
        if let Some(file) = url.strip_prefix("sqlite:").filter(|rest| {
            !rest.starts_with("//") && !rest.starts_with(':') && !rest.trim().is_empty()
        }) {
            return Err(err(
                "database.url",
                format!("write sqlite://{file} (with two slashes after sqlite:)"),
            ));
        }
        if url.starts_with("sqlite:") && sqlite_file.is_none_or(str::is_empty) {
            return Err(err(
                "database.url",
                "sqlite:// names no file: set sqlite://FILE, e.g. sqlite://paychat.db".into(),
            ));
        }
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
        if self.max_connections == 0 {
            return Err(err("database.max_connections", "must be at least 1".into()));
        }
        Ok(DatabaseSettings {
            url: Secret::new(url),
            max_connections: self.max_connections,
        })
    }
}

/// `url` with its scheme in lower case: schemes are case-insensitive (RFC 3986), and the
/// drivers, like the checks above, know them in lower case only (`Postgres://…`).
fn lower_scheme(url: &str) -> String {
    match url.split_once(':') {
        Some((scheme, rest))
            if !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            format!("{}:{rest}", scheme.to_ascii_lowercase())
        }
        _ => url.to_owned(),
    }
}
