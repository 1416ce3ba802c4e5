//! Logging: human-readable or JSON lines on stderr, level from `RUST_LOG` or `[log]`.
//!
//! Spans carry ids (request, link, event), never tokens, keys or bodies. What each
//! info line means is listed in docs/operations.md ("Logs").

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

use crate::config::LogSettings;
use crate::config::check_log_filter;

/// Installs the global subscriber once; later calls do nothing. A `RUST_LOG` that is
/// set but not a filter is refused (like a bad `log.level`) rather than muting the log.
pub fn init(log: &LogSettings) -> Result<(), String> {
    let level = match std::env::var("RUST_LOG") {
        Ok(env) if !env.trim().is_empty() => {
            check_log_filter(&env).map_err(|m| format!("RUST_LOG: {m}"))?;
            env
        }
        // The config's level; sqlx and hyper speak at info about every query and
        // connection, which would drown the access lines.
        _ => format!("{},sqlx=warn,hyper=warn", log.level),
    };
    let mut filter = EnvFilter::try_new(&level).map_err(|e| format!("log level {level:?}: {e}"))?;
    // sqlx warns of a connect parameter it does not know with its value, which can be a
    // password (`?sslpassword=…`): that one line is never logged, whatever the filter.
    if let Ok(quiet) = "sqlx_postgres::options::parse=error".parse() {
        filter = filter.add_directive(quiet);
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal; files and collectors get text.
        .with_ansi(std::io::stderr().is_terminal());
    let _ = if log.json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    Ok(())
}
