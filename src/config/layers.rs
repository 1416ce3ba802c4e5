//! The sources of the settings, layered: TOML text (the defaults, then a file) merged
//! key by key, then `PAYCHAT_<SECTION>__<KEY>` variables typed like the value they
//! replace; and serde's messages about them in the operator's words.

use super::ConfigError;

/// serde's words for a number outside its key's range ("invalid value: integer `-5`,
/// expected u64") in the operator's: the range the key takes.
pub(super) fn plain(message: &str) -> String {
    let range = message
        .strip_prefix("invalid value: integer `")
        .and_then(|rest| rest.split_once("`, expected "))
        .and_then(|(n, ty)| {
            let max = match ty {
                "u8" => u64::from(u8::MAX),
                "u16" => u64::from(u16::MAX),
                "u32" => u64::from(u32::MAX),
                // As large as TOML reads: only a negative number lands here.
                "u64" | "usize" => return Some(format!("must not be negative, got {n}")),
                _ => return None,
            };
            Some(format!("must be a whole number from 0 to {max}, got {n}"))
        });
    range.unwrap_or_else(|| message.to_owned())
}

pub(super) fn parse_toml(text: &str, origin: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>().map_err(|e| {
        // The line number, not the line: toml would quote it, and it may hold a secret
        // (a database URL or a token with a quote missing).
        let line = e
            .span()
            .and_then(|s| text.get(..s.start))
            .map(|before| before.matches('\n').count() + 1);
        let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
        ConfigError(format!(
            "{origin} is not valid TOML{at}: {}",
            e.message().trim()
        ))
    })
}

/// Copies `overlay` into `base`, refusing keys the defaults do not have (typos).
pub(super) fn merge(
    base: &mut toml::Table,
    overlay: toml::Table,
    prefix: &str,
) -> Result<(), ConfigError> {
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
pub(super) fn apply_env(
    base: &mut toml::Table,
    name: &str,
    value: &str,
) -> Result<(), ConfigError> {
    let Some(rest) = name.strip_prefix("PAYCHAT_") else {
        return Ok(());
    };
    // `PAYCHAT__BIND`: meant as configuration, but with no section to put it in.
    if rest.starts_with('_') {
        return Err(ConfigError(format!(
            "{name}: unknown config key: name its section, as in PAYCHAT_SERVER__BIND"
        )));
    }
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
