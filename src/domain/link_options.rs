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

/// When a link is e-mailed to its buyer (`send:now`, `send:2026-12-24T09:00`,
/// `send:tomorrow 9:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SendAt {
    Now,
    /// A wall time in the seller's time zone.
    At(chrono::NaiveDateTime),
    /// `today` (0) or `tomorrow` (1) at a wall time in the seller's zone, read when the
    /// link is made; `None` until the word after it gives the time.
    Day {
        days: u8,
        time: Option<chrono::NaiveTime>,
    },
}

impl SendAt {
    /// The instant a later send names for a seller in `zone` at `now_ms` (a `Day` is
    /// read on the seller's calendar then); `None` for `Now`, a `Day` without its time
    /// (the parser refuses those) or a wall time the clocks jumped over.
    #[must_use]
    pub fn instant(self, zone: super::TimeZone, now_ms: i64) -> Option<i64> {
        let local = match self {
            Self::Now | Self::Day { time: None, .. } => return None,
            Self::At(local) => local,
            Self::Day {
                days,
                time: Some(time),
            } => zone
                .local_date(now_ms)?
                .checked_add_days(chrono::Days::new(u64::from(days)))?
                .and_time(time),
        };
        zone.local_instant(local)
    }
}

/// Words for today and tomorrow in the seller languages paychat speaks.
const TODAY: [&str; 4] = ["today", "hoy", "hoje", "วันนี้"];
const TOMORROW: [&str; 7] = [
    "tomorrow",
    "mañana",
    "manana",
    "amanhã",
    "amanha",
    "besok",
    "พรุ่งนี้",
];

/// `now`, a local date and time `YYYY-MM-DDTHH:MM`, or a day word (`tomorrow`) whose
/// time comes in the next word.
fn parse_send(value: &str) -> Result<SendAt, CommandError> {
    if value.eq_ignore_ascii_case("now") {
        return Ok(SendAt::Now);
    }
    let lower = value.to_lowercase();
    if TODAY.contains(&lower.as_str()) {
        return Ok(SendAt::Day {
            days: 0,
            time: None,
        });
    }
    if TOMORROW.contains(&lower.as_str()) {
        return Ok(SendAt::Day {
            days: 1,
            time: None,
        });
    }
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .map(SendAt::At)
        .map_err(|_| CommandError::BadSend(value.to_owned()))
}

/// A wall-clock time as sellers type it: `9:00`, `09:30`, `21:00`, `9am`, `9:30pm`.
fn parse_clock(word: &str) -> Option<chrono::NaiveTime> {
    let w = word.to_ascii_lowercase();
    let (digits, pm) = match (w.strip_suffix("am"), w.strip_suffix("pm")) {
        (Some(d), _) => (d.to_owned(), Some(false)),
        (_, Some(d)) => (d.to_owned(), Some(true)),
        _ => (w, None),
    };
    let (h, m) = digits.split_once(':').unwrap_or((digits.as_str(), "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 || pm.is_none() && !digits.contains(':') {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let h = match pm {
        None => h,
        // 12am is midnight, 12pm noon.
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    chrono::NaiveTime::from_hms_opt(h, m, 0)
}

/// `30m`, `12h`, `1d`, `2w`: how long before expiry a reminder goes (whole minutes).
fn parse_remind(value: &str) -> Result<u64, CommandError> {
    parse_duration_secs(value)
        .filter(|s| s.is_multiple_of(60))
        .ok_or_else(|| CommandError::BadRemind(value.to_owned()))
}

impl Options {
    /// Whether `send:` names a day and still waits for its time.
    pub(crate) const fn send_needs_time(&self) -> bool {
        matches!(self.send, Some(SendAt::Day { time: None, .. }))
    }

    /// Takes `word` if it is an option (`exp:3d`), or the time after `send:tomorrow`;
    /// false if it is none, so it belongs to the description.
    pub(crate) fn take(&mut self, word: &str) -> Result<bool, CommandError> {
        if self.send_needs_time()
            && let Some(t) = parse_clock(word)
            && let Some(SendAt::Day { time, .. }) = &mut self.send
        {
            *time = Some(t);
            return Ok(true);
        }
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

#[cfg(test)]
mod tests {
    use super::super::command::{CommandError, LinkParse, parse_link};
    use super::super::{Currency, TimeZone};
    use super::*;

    fn send_of(args: &str) -> Result<(Option<SendAt>, String), CommandError> {
        match parse_link(args, Currency::from_code("THB").ok(), "en")? {
            LinkParse::One(req) => Ok((req.send, req.description)),
            LinkParse::Choose(_) => panic!("an ambiguous amount in {args}"),
        }
    }

    fn hm(h: u32, m: u32) -> Option<chrono::NaiveTime> {
        chrono::NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn a_day_word_takes_the_time_after_it() {
        let to = "to:b@mail.com";
        for (args, days, time) in [
            (format!("250 tuition {to} send:tomorrow 9:00"), 1, hm(9, 0)),
            (format!("250 tuition send:today 21:30 {to}"), 0, hm(21, 30)),
            (format!("250 tuition {to} send:Tomorrow 9pm"), 1, hm(21, 0)),
            (format!("250 tuition {to} send:mañana 12am"), 1, hm(0, 0)),
            (format!("250 tuition {to} send:พรุ่งนี้ 08:15"), 1, hm(8, 15)),
        ] {
            let (send, description) = send_of(&args).unwrap();
            assert_eq!(send, Some(SendAt::Day { days, time }), "{args}");
            assert_eq!(description, "tuition", "{args}");
        }
        // A time elsewhere stays in the description.
        let (_, description) = send_of(&format!("250 class 10:30 {to} send:now")).unwrap();
        assert_eq!(description, "class 10:30");
    }

    #[test]
    fn a_day_word_without_a_time_is_asked_for_one() {
        let to = "to:b@mail.com";
        for args in [
            format!("250 tuition {to} send:tomorrow"),
            format!("250 tuition {to} send:tomorrow 25:00"),
            format!("250 tuition {to} send:tomorrow 13pm"),
        ] {
            assert!(
                matches!(send_of(&args), Err(CommandError::SendNeedsTime(d)) if d == "tomorrow"),
                "{args}"
            );
        }
        assert!(matches!(
            send_of("250 tuition send:now"),
            Err(CommandError::SendNeedsEmail)
        ));
    }

    #[test]
    fn tomorrow_is_the_sellers_tomorrow() {
        let bangkok = TimeZone::parse("Asia/Bangkok").unwrap();
        // 2026-12-06 20:00 UTC is already 12-07 03:00 in Bangkok.
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-06T20:00:00Z")
            .unwrap()
            .timestamp_millis();
        let at = SendAt::Day {
            days: 1,
            time: hm(9, 0),
        }
        .instant(bangkok, now)
        .unwrap();
        assert_eq!(bangkok.rfc3339(at), "2026-12-08T09:00:00+07:00");
        assert_eq!(SendAt::Now.instant(bangkok, now), None);
    }
}
