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
        let url = self.url.trim().to_owned();
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
