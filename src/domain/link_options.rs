//! The `key:value` options of `/link` (`exp:3d limit:5 ref:INV-7 to:+66…`), each
//! allowed once; every other word with a colon stays in the description.

use super::command::{CommandError, Recipient};

/// The `key:value` options of `/link`, each allowed once.
#[derive(Debug, Default)]
pub(crate) struct Options {
    pub expires_in_secs: Option<u64>,
    pub usage_limit: Option<Option<i64>>,
    pub reference: Option<String>,
    pub to: Option<Recipient>,
    pub pay_via: Option<String>,
    /// `min:`, `max:` and `deposit:` as typed: read once the link's currency is known.
    pub min: Option<String>,
    pub max: Option<String>,
    pub deposit: Option<String>,
    /// `send:`: when to e-mail the link to the buyer of `to:`.
    pub send: Option<SendAt>,
    /// `remind:`: a reminder e-mail this many seconds before the link expires.
    pub remind: Option<u64>,
}

/// When a link is e-mailed to its buyer (`send:now`, `send:2026-12-24T09:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SendAt {
    Now,
    /// A wall time in the seller's time zone.
    At(chrono::NaiveDateTime),
}

/// `now`, or a local date and time `YYYY-MM-DDTHH:MM`.
fn parse_send(value: &str) -> Result<SendAt, CommandError> {
    if value.eq_ignore_ascii_case("now") {
        return Ok(SendAt::Now);
    }
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .map(SendAt::At)
        .map_err(|_| CommandError::BadSend(value.to_owned()))
}

/// `30m`, `12h`, `1d`, `2w`: how long before expiry a reminder goes (whole minutes).
fn parse_remind(value: &str) -> Result<u64, CommandError> {
    parse_duration_secs(value)
        .filter(|s| s.is_multiple_of(60))
        .ok_or_else(|| CommandError::BadRemind(value.to_owned()))
}

impl Options {
    /// Takes `word` if it is an option (`exp:3d`); false if it is none, so it belongs to
    /// the description.
    pub(crate) fn take(&mut self, word: &str) -> Result<bool, CommandError> {
        let Some((key, value)) = word.split_once(':') else {
            return Ok(false);
        };
        match key.to_ascii_lowercase().as_str() {
            "exp" | "expires" => {
                set_once(&mut self.expires_in_secs, "exp", parse_expiry(value)?)?;
            }
            "limit" => set_once(&mut self.usage_limit, "limit", parse_limit(value)?)?,
            "ref" => set_once(&mut self.reference, "ref", parse_reference(value)?)?,
            "to" => set_once(&mut self.to, "to", parse_recipient(value)?)?,
            "via" => set_once(&mut self.pay_via, "via", parse_via(value)?)?,
            "min" => set_once(&mut self.min, "min", value.to_owned())?,
            "max" => set_once(&mut self.max, "max", value.to_owned())?,
            "deposit" => set_once(&mut self.deposit, "deposit", value.to_owned())?,
            "send" => set_once(&mut self.send, "send", parse_send(value)?)?,
            "remind" => set_once(&mut self.remind, "remind", parse_remind(value)?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `via:card` or `via:<rail>`: how this link is paid.
fn parse_via(value: &str) -> Result<String, CommandError> {
    if value.eq_ignore_ascii_case("card") {
        return Ok("card".into());
    }
    super::rails::Rail::parse(value)
        .map(|r| r.as_str().to_owned())
        .ok_or_else(|| CommandError::BadVia(value.to_owned()))
}

fn set_once<T>(slot: &mut Option<T>, key: &'static str, value: T) -> Result<(), CommandError> {
    if slot.is_some() {
        return Err(CommandError::DuplicateOption(key));
    }
    *slot = Some(value);
    Ok(())
}

/// Seconds as the largest whole unit `exp:` takes: `3d`, `90m`, `45s`.
#[cfg(test)]
pub(crate) fn duration_text(secs: u64) -> String {
    const UNITS: [(u64, char); 4] = [(604_800, 'w'), (86_400, 'd'), (3_600, 'h'), (60, 'm')];
    UNITS
        .iter()
        .find(|(size, _)| secs.is_multiple_of(*size))
        .map_or_else(
            || format!("{secs}s"),
            |(size, unit)| format!("{}{unit}", secs / size),
        )
}

/// `30m`, `12h`, `3d`, `2w` as seconds.
pub fn parse_duration_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: u64 = s[..s.len() - unit.len_utf8()].parse().ok()?;
    let secs = match unit.to_ascii_lowercase() {
        's' => Some(n),
        'm' => n.checked_mul(60),
        'h' => n.checked_mul(3_600),
        'd' => n.checked_mul(86_400),
        'w' => n.checked_mul(604_800),
        _ => None,
    }?;
    (secs > 0).then_some(secs)
}

fn parse_expiry(value: &str) -> Result<u64, CommandError> {
    parse_duration_secs(value).ok_or_else(|| CommandError::BadExpiry(value.to_owned()))
}

fn parse_limit(value: &str) -> Result<Option<i64>, CommandError> {
    let v = value.to_ascii_lowercase();
    if matches!(v.as_str(), "none" | "unlimited" | "∞" | "reusable") {
        return Ok(None);
    }
    match v.parse::<i64>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(CommandError::BadLimit(value.to_owned())),
    }
}

fn parse_reference(value: &str) -> Result<String, CommandError> {
    let ok = !value.is_empty()
        && value.chars().count() <= 64
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./#".contains(c));
    if ok {
        Ok(value.to_owned())
    } else {
        Err(CommandError::BadReference(value.to_owned()))
    }
}

fn parse_recipient(value: &str) -> Result<Recipient, CommandError> {
    let bad = || CommandError::BadRecipient(value.to_owned());
    if let Some(digits) = value.strip_prefix('+') {
        let digits: String = digits.chars().filter(|c| !matches!(c, '-' | '.')).collect();
        if (6..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Recipient::Phone(format!("+{digits}")));
        }
        return Err(bad());
    }
    match value.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && value.len() <= 254
                && !value.contains(char::is_whitespace) =>
        {
            Ok(Recipient::Email(value.to_owned()))
        }
        _ => Err(bad()),
    }
}
