//! Time zones: a seller's IANA zone, how a moment reads there, and where its days begin.
//!
//! Times are stored as UTC instants (milliseconds since the Unix epoch); this module only
//! turns an instant into what a seller reads, and a seller's calendar day back into
//! instants for reports. Pure: callers pass the instants in, nothing reads a clock.
//!
//! Every time a seller or buyer reads has one form, `2026-12-04 04:08 (UTC+7)`: the
//! local date and time, then the offset from UTC at that moment. Zone letters are not
//! shown: many zones have none (the tz database writes Bangkok's as `+07`), and those
//! that exist are ambiguous (`IST` is India, Ireland and Israel); an offset reads the
//! same in every language and is right across daylight saving changes.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Days, Duration, LocalResult, NaiveDate, Offset as _, SecondsFormat};
use chrono::{TimeZone as _, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

/// A seller's time zone: a name from the IANA time zone database (`Asia/Bangkok`, `UTC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(Tz);

/// Why a time zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}: use an IANA name such as Asia/Bangkok, America/Sao_Paulo or UTC")]
pub struct UnknownTimeZone(pub String);

impl TimeZone {
    /// Coordinated Universal Time.
    pub const UTC: Self = Self(Tz::UTC);

    /// Looks up an IANA name, case-insensitively (`asia/bangkok` → `Asia/Bangkok`).
    ///
    /// Only a place's zone (`Area/City`) or `UTC`: fixed offsets and abbreviations
    /// (`Etc/GMT-7`, `EST`, `CET`) ignore the place's daylight saving, and the
    /// `Etc/GMT` signs are the reverse of what people expect (`Etc/GMT+7` is UTC−7).
    pub fn parse(name: &str) -> Result<Self, UnknownTimeZone> {
        let name = name.trim();
        let tz = Tz::from_str(name).ok().or_else(|| {
            TZ_VARIANTS
                .iter()
                .find(|tz| tz.name().eq_ignore_ascii_case(name))
                .copied()
        });
        match tz {
            Some(tz) if is_place(tz.name()) => Ok(Self(tz)),
            _ => Err(UnknownTimeZone(name.to_owned())),
        }
    }

    /// The IANA name in its canonical spelling.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The offset from UTC at the instant `ms`: `UTC+7`, `UTC+5:30`, `UTC-3`, or `UTC`
    /// when there is none.
    #[must_use]
    pub fn offset(self, ms: i64) -> String {
        self.at(ms)
            .map(|t| offset_label(t.offset().fix().local_minus_utc()))
            .unwrap_or_else(|| "UTC".to_owned())
    }

    /// The instant `ms` as a seller reads it: `2026-12-04 04:08 (UTC+7)`.
    #[must_use]
    pub fn datetime(self, ms: i64) -> String {
        self.at(ms)
            .map(|t| {
                let offset = offset_label(t.offset().fix().local_minus_utc());
                format!("{} ({offset})", t.format("%Y-%m-%d %H:%M"))
            })
            .unwrap_or_default()
    }

    /// The instant `ms` in RFC 3339 with the local offset, to the second:
    /// `2026-12-04T04:08:00+07:00` (`+00:00` in UTC).
    #[must_use]
    pub fn rfc3339(self, ms: i64) -> String {
        self.at(ms)
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, false))
            .unwrap_or_default()
    }

    /// The local calendar date of the instant `ms`.
    #[must_use]
    pub fn local_date(self, ms: i64) -> Option<NaiveDate> {
        self.at(ms).map(|t| t.date_naive())
    }

    /// The local date of the instant `ms`: `2026-12-04`.
    #[must_use]
    pub fn date(self, ms: i64) -> String {
        self.at(ms)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }

    /// The first instant of the local day `days_back` calendar days before the one `ms`
    /// falls in (0: that day itself), in milliseconds.
    ///
    /// A day starts at local midnight. Where midnight does not exist because the clocks
    /// jumped over it (daylight saving in Brazil until 2019, Chile, Cuba…), the day
    /// starts when the jump ends; where midnight happens twice, at the first one.
    #[must_use]
    pub fn day_start(self, ms: i64, days_back: u32) -> i64 {
        self.at(ms)
            .and_then(|t| {
                t.date_naive()
                    .checked_sub_days(Days::new(u64::from(days_back)))
            })
            .and_then(|d| self.first_instant_of(d))
            .unwrap_or(ms)
    }

    /// A first guess of a seller's zone from their app's language tag (`th`, `pt-br`),
    /// for languages spoken in essentially one time zone or tags naming a region; `None`
    /// where the language alone does not tell (`en`, `es`, `pt`).
    #[must_use]
    pub fn for_language(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase();
        let (lang, region) = tag.split_once(['-', '_']).unwrap_or((tag.as_str(), ""));
        let tz = match (lang, region) {
            ("th", _) => Tz::Asia__Bangkok,
            ("vi", _) => Tz::Asia__Ho_Chi_Minh,
            // Indonesia has three zones; Western Indonesia Time (Java, Sumatra) has
            // most of its people.
            ("id" | "in", _) => Tz::Asia__Jakarta,
            ("ms", _) => Tz::Asia__Kuala_Lumpur,
            ("fil" | "tl", _) => Tz::Asia__Manila,
            ("ja", _) => Tz::Asia__Tokyo,
            ("ko", _) => Tz::Asia__Seoul,
            ("hi", _) | ("en", "in") => Tz::Asia__Kolkata,
            ("en", "gb") => Tz::Europe__London,
            ("en", "sg") => Tz::Asia__Singapore,
            // Brazil has four zones; Brasília time has most of its people.
            ("pt", "br") => Tz::America__Sao_Paulo,
            ("pt", "pt") => Tz::Europe__Lisbon,
            ("es", "es") => Tz::Europe__Madrid,
            ("es", "mx") => Tz::America__Mexico_City,
            ("es", "ar") => Tz::America__Argentina__Buenos_Aires,
            ("es", "co") => Tz::America__Bogota,
            ("es", "cl") => Tz::America__Santiago,
            ("es", "pe") => Tz::America__Lima,
            _ => return None,
        };
        Some(Self(tz))
    }

    /// A first guess of a seller's zone from a phone number in international form
    /// (`66812345678` or `+66…`): the country's zone, or the one most of its people live
    /// in where it has several. `None` for calling codes not in the table.
    #[must_use]
    pub fn for_phone(number: &str) -> Option<Self> {
        let digits = number.trim().trim_start_matches('+');
        BY_CALLING_CODE
            .iter()
            .filter(|(code, _)| digits.starts_with(code))
            .max_by_key(|(code, _)| code.len())
            .map(|(_, tz)| Self(*tz))
    }

    fn at(self, ms: i64) -> Option<DateTime<Tz>> {
        DateTime::<Utc>::from_timestamp_millis(ms).map(|t| t.with_timezone(&self.0))
    }

    /// The instant of a local wall time (`2026-12-24T09:00` in this zone), in ms; the
    /// earlier one when the clocks went back, `None` when they jumped over it.
    #[must_use]
    pub fn local_instant(self, local: chrono::NaiveDateTime) -> Option<i64> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.timestamp_millis()),
            LocalResult::None => None,
        }
    }

    fn first_instant_of(self, date: NaiveDate) -> Option<i64> {
        let midnight = date.and_hms_opt(0, 0, 0)?;
        // Clocks jump by whole quarter hours; a jump lasts at most a day (Samoa, 2011).
        (0..=96).find_map(|quarter| {
            match self
                .0
                .from_local_datetime(&(midnight + Duration::minutes(15 * quarter)))
            {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.timestamp_millis()),
                LocalResult::None => None,
            }
        })
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self::UTC
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `UTC+7`, `UTC+5:30`, `UTC-9:30`, `UTC`.
/// Whether an IANA name is a place's zone (or UTC), not an offset or abbreviation.
fn is_place(name: &str) -> bool {
    name == "UTC" || (name.contains('/') && !name.starts_with("Etc/"))
}

fn offset_label(secs: i32) -> String {
    if secs == 0 {
        return "UTC".to_owned();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (hours, minutes) = (abs / 3600, abs % 3600 / 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

/// Country calling codes and the zone most of the country's people live in. Codes are
/// matched longest first (`+7` Russia, `+77` Kazakhstan).
const BY_CALLING_CODE: [(&str, Tz); 47] = [
    // The North American Numbering Plan (USA, Canada, part of the Caribbean): Eastern
    // time has the most people.
    ("1", Tz::America__New_York),
    // Russia: Moscow time.
    ("7", Tz::Europe__Moscow),
    ("76", Tz::Asia__Almaty),
    ("77", Tz::Asia__Almaty),
    ("20", Tz::Africa__Cairo),
    ("27", Tz::Africa__Johannesburg),
    ("30", Tz::Europe__Athens),
    ("31", Tz::Europe__Amsterdam),
    ("32", Tz::Europe__Brussels),
    ("33", Tz::Europe__Paris),
    // Spain: the mainland, not the Canary Islands.
    ("34", Tz::Europe__Madrid),
    ("39", Tz::Europe__Rome),
    ("44", Tz::Europe__London),
    ("49", Tz::Europe__Berlin),
    ("51", Tz::America__Lima),
    // Mexico: Central time (Mexico City, Guadalajara, Monterrey).
    ("52", Tz::America__Mexico_City),
    ("54", Tz::America__Argentina__Buenos_Aires),
    // Brazil: Brasília time (São Paulo, Rio, Brasília).
    ("55", Tz::America__Sao_Paulo),
    ("56", Tz::America__Santiago),
    ("57", Tz::America__Bogota),
    ("60", Tz::Asia__Kuala_Lumpur),
    // Australia: Eastern time (Sydney, Melbourne, Brisbane's state follows its own
    // rules; Sydney has the most people).
    ("61", Tz::Australia__Sydney),
    // Indonesia: Western Indonesia Time (Java, Sumatra).
    ("62", Tz::Asia__Jakarta),
    ("63", Tz::Asia__Manila),
    ("64", Tz::Pacific__Auckland),
    ("65", Tz::Asia__Singapore),
    ("66", Tz::Asia__Bangkok),
    ("81", Tz::Asia__Tokyo),
    ("82", Tz::Asia__Seoul),
    ("84", Tz::Asia__Ho_Chi_Minh),
    ("86", Tz::Asia__Shanghai),
    ("90", Tz::Europe__Istanbul),
    ("91", Tz::Asia__Kolkata),
    ("92", Tz::Asia__Karachi),
    ("94", Tz::Asia__Colombo),
    ("95", Tz::Asia__Yangon),
    ("234", Tz::Africa__Lagos),
    ("254", Tz::Africa__Nairobi),
    ("351", Tz::Europe__Lisbon),
    ("852", Tz::Asia__Hong_Kong),
    ("855", Tz::Asia__Phnom_Penh),
    ("856", Tz::Asia__Vientiane),
    ("880", Tz::Asia__Dhaka),
    ("886", Tz::Asia__Taipei),
    ("966", Tz::Asia__Riyadh),
    ("971", Tz::Asia__Dubai),
    ("977", Tz::Asia__Kathmandu),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Milliseconds of an RFC 3339 instant.
    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap_or_else(|e| panic!("{rfc3339}: {e}"))
            .timestamp_millis()
    }

    #[test]
    fn names_are_read_case_insensitively_and_kept_canonical() {
        assert_eq!(zone("Asia/Bangkok").name(), "Asia/Bangkok");
        assert_eq!(zone(" asia/ho_chi_minh ").name(), "Asia/Ho_Chi_Minh");
        assert_eq!(zone("AMERICA/SAO_PAULO").name(), "America/Sao_Paulo");
        assert_eq!(zone("utc"), TimeZone::UTC);
        assert_eq!(
            TimeZone::parse("Mars/Olympus_Mons"),
            Err(UnknownTimeZone("Mars/Olympus_Mons".into()))
        );
        assert!(TimeZone::parse("UTC+7").is_err());
        for offset_or_abbreviation in ["Etc/GMT+7", "etc/gmt-7", "EST", "CET", "MST7MDT", "GMT+0"] {
            assert!(
                TimeZone::parse(offset_or_abbreviation).is_err(),
                "{offset_or_abbreviation}"
            );
        }
        assert_eq!(zone("US/Eastern").name(), "US/Eastern");
        assert!(TimeZone::parse("").is_err());
    }

    #[test]
    fn times_read_in_the_zone_with_its_offset() {
        let t = ms("2026-12-03T21:08:00Z");
        assert_eq!(zone("Asia/Bangkok").datetime(t), "2026-12-04 04:08 (UTC+7)");
        assert_eq!(TimeZone::UTC.datetime(t), "2026-12-03 21:08 (UTC)");
        assert_eq!(
            zone("America/Sao_Paulo").datetime(t),
            "2026-12-03 18:08 (UTC-3)"
        );
        assert_eq!(zone("Asia/Jakarta").date(t), "2026-12-04");
    }

    #[test]
    fn half_and_quarter_hour_offsets_show_their_minutes() {
        let t = ms("2026-12-03T21:08:00Z");
        assert_eq!(
            zone("Asia/Kolkata").datetime(t),
            "2026-12-04 02:38 (UTC+5:30)"
        );
        assert_eq!(zone("Asia/Kathmandu").offset(t), "UTC+5:45");
        assert_eq!(zone("America/St_Johns").offset(t), "UTC-3:30");
        assert_eq!(zone("Asia/Kolkata").rfc3339(t), "2026-12-04T02:38:00+05:30");
    }

    #[test]
    fn daylight_saving_changes_the_offset_shown() {
        let madrid = zone("Europe/Madrid");
        assert_eq!(
            madrid.datetime(ms("2026-07-01T10:00:00Z")),
            "2026-07-01 12:00 (UTC+2)"
        );
        assert_eq!(
            madrid.datetime(ms("2026-12-01T10:00:00Z")),
            "2026-12-01 11:00 (UTC+1)"
        );
        // Brazil kept daylight saving time until 2019.
        let sao_paulo = zone("America/Sao_Paulo");
        assert_eq!(sao_paulo.offset(ms("2018-12-01T12:00:00Z")), "UTC-2");
        assert_eq!(sao_paulo.offset(ms("2020-12-01T12:00:00Z")), "UTC-3");
    }

    #[test]
    fn rfc3339_carries_the_local_offset() {
        let t = ms("2026-12-03T21:08:00Z");
        assert_eq!(zone("Asia/Bangkok").rfc3339(t), "2026-12-04T04:08:00+07:00");
        assert_eq!(TimeZone::UTC.rfc3339(t), "2026-12-03T21:08:00+00:00");
        assert_eq!(
            zone("Europe/Madrid").rfc3339(ms("2026-07-01T10:00:00.999Z")),
            "2026-07-01T12:00:00+02:00"
        );
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let bangkok = zone("Asia/Bangkok");
        // 04:08 on the 4th in Bangkok: the day began at 00:00 Bangkok, 17:00 UTC the 3rd.
        let t = ms("2026-12-03T21:08:00Z");
        assert_eq!(bangkok.day_start(t, 0), ms("2026-12-03T17:00:00Z"));
        assert_eq!(bangkok.day_start(t, 6), ms("2026-11-27T17:00:00Z"));
        assert_eq!(TimeZone::UTC.day_start(t, 0), ms("2026-12-03T00:00:00Z"));
        // Midnight itself belongs to the day it starts.
        let midnight = ms("2026-12-03T17:00:00Z");
        assert_eq!(bangkok.day_start(midnight, 0), midnight);
        assert_eq!(
            bangkok.day_start(midnight - 1, 0),
            ms("2026-12-02T17:00:00Z")
        );
        let kolkata = zone("Asia/Kolkata");
        assert_eq!(kolkata.day_start(t, 0), ms("2026-12-03T18:30:00Z"));
    }

    #[test]
    fn days_back_count_calendar_days_across_daylight_saving() {
        // Madrid moved to summer time on 2026-03-29: the 30th's midnight is UTC+2, the
        // 28th's UTC+1, and the day between lasted 23 hours.
        let madrid = zone("Europe/Madrid");
        let t = ms("2026-03-30T12:00:00Z");
        assert_eq!(madrid.day_start(t, 0), ms("2026-03-29T22:00:00Z"));
        assert_eq!(madrid.day_start(t, 2), ms("2026-03-27T23:00:00Z"));
    }

    #[test]
    fn a_day_whose_midnight_was_skipped_starts_when_the_clocks_resume() {
        // On 2018-11-04 São Paulo jumped from 00:00 to 01:00 (UTC-3 to UTC-2).
        let sao_paulo = zone("America/Sao_Paulo");
        let noon = ms("2018-11-04T14:00:00Z");
        assert_eq!(sao_paulo.day_start(noon, 0), ms("2018-11-04T03:00:00Z"));
        assert_eq!(
            sao_paulo.datetime(ms("2018-11-04T03:00:00Z")),
            "2018-11-04 01:00 (UTC-2)"
        );
    }

    #[test]
    fn a_day_whose_midnight_came_twice_starts_at_the_first() {
        // Cuba leaves summer time at 01:00, back to 00:00: on 2026-11-01 the hour after
        // midnight happened at UTC-4, then again at UTC-5.
        let havana = zone("America/Havana");
        assert_eq!(
            havana.datetime(ms("2026-11-01T04:00:00Z")),
            "2026-11-01 00:00 (UTC-4)"
        );
        assert_eq!(
            havana.datetime(ms("2026-11-01T05:00:00Z")),
            "2026-11-01 00:00 (UTC-5)"
        );
        let noon = ms("2026-11-01T17:00:00Z");
        assert_eq!(havana.day_start(noon, 0), ms("2026-11-01T04:00:00Z"));
    }

    #[test]
    fn registration_guesses_from_language() {
        let name = |tag: &str| TimeZone::for_language(tag).map(TimeZone::name);
        assert_eq!(name("th"), Some("Asia/Bangkok"));
        assert_eq!(name("vi"), Some("Asia/Ho_Chi_Minh"));
        assert_eq!(name("id"), Some("Asia/Jakarta"));
        assert_eq!(name("pt-BR"), Some("America/Sao_Paulo"));
        assert_eq!(name("pt-br"), Some("America/Sao_Paulo"));
        assert_eq!(name("es_MX"), Some("America/Mexico_City"));
        assert_eq!(name("en"), None);
        assert_eq!(name("es"), None);
        assert_eq!(name("pt"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn registration_guesses_from_the_phones_country() {
        let name = |n: &str| TimeZone::for_phone(n).map(TimeZone::name);
        assert_eq!(name("66812345678"), Some("Asia/Bangkok"));
        assert_eq!(name("+84901234567"), Some("Asia/Ho_Chi_Minh"));
        assert_eq!(name("6281234567890"), Some("Asia/Jakarta"));
        assert_eq!(name("5511987654321"), Some("America/Sao_Paulo"));
        assert_eq!(name("919876543210"), Some("Asia/Kolkata"));
        assert_eq!(name("34612345678"), Some("Europe/Madrid"));
        assert_eq!(name("351912345678"), Some("Europe/Lisbon"));
        assert_eq!(name("77011234567"), Some("Asia/Almaty"));
        assert_eq!(name("79161234567"), Some("Europe/Moscow"));
        assert_eq!(name("12025550123"), Some("America/New_York"));
        assert_eq!(name("999123"), None);
    }

    #[test]
    fn every_guess_is_a_name_that_parses_back() {
        for (code, tz) in BY_CALLING_CODE {
            assert_eq!(zone(tz.name()).0, tz, "+{code}");
        }
        let codes: Vec<&str> = BY_CALLING_CODE.iter().map(|(c, _)| *c).collect();
        for (i, c) in codes.iter().enumerate() {
            assert!(!codes[i + 1..].contains(c), "+{c} twice");
        }
    }

    #[test]
    fn offsets_are_labelled_in_hours_and_minutes() {
        assert_eq!(offset_label(0), "UTC");
        assert_eq!(offset_label(7 * 3600), "UTC+7");
        assert_eq!(offset_label(-3 * 3600), "UTC-3");
        assert_eq!(offset_label(-(9 * 3600 + 30 * 60)), "UTC-9:30");
        assert_eq!(offset_label(14 * 3600), "UTC+14");
    }
}
