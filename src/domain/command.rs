//! Chat commands: what a seller typed, parsed into a [`Command`] or a [`CommandError`]
//! that says exactly what to fix.
//!
//! Pure: no clock, no database. The conversation core turns a `Command` into engine calls
//! and a `CommandError` into a localized reply with an example of the right form.

use super::currency::Currency;
use super::money::{Money, MoneyError, parse_amount};

/// The longest description a chat link may carry (the engine allows the same).
pub const MAX_DESCRIPTION: usize = 500;

/// A parsed chat command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start [payload]`; the payload of a `t.me/<bot>?start=` deep link.
    Start(Option<String>),
    /// `/link <amount> [currency] [description…] [options]`, kept raw: the amount needs
    /// the seller's default currency, which the parser does not know.
    Link(String),
    /// `/links [more]`.
    Links,
    Status(String),
    Cancel(String),
    /// `/refund <slug> [amount]`.
    Refund {
        slug: String,
        amount: Option<String>,
    },
    Paid(String),
    Qr(String),
    Report(Period),
    Export,
    /// `/currency [code]`; without a code, shows the current one.
    Currency(Option<String>),
    /// `/lang [code]`; without a code, lists the languages.
    Lang(Option<String>),
    /// `/timezone [IANA name]` (alias `/tz`); without a name, shows the current zone.
    /// The name is kept as typed: the conversation looks it up and answers an unknown
    /// one with examples.
    Timezone(Option<String>),
    Help,
    /// `/connect [code]`: without a code, make one; with it, join this chat to the
    /// seller who made it (in another app).
    Connect(Option<String>),
    /// `/notify [here|origin]`: where status messages go.
    Notify(Option<String>),
}

/// The window of a `/report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Week,
    Month,
}

/// What was wrong with a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// A word after `/` that is not a command.
    Unknown(String),
    /// The command needs a link (its code or URL) and got none or garbage.
    MissingSlug(&'static str),
    /// `/report` with a period other than today, week or month.
    BadPeriod(String),
    /// `/link` without an amount.
    MissingAmount,
    /// The amount could not be read (with the reason).
    Amount(MoneyError),
    /// A three-letter upper-case word where a currency goes that is not one.
    UnknownCurrency(String),
    /// An option given twice (`exp:1d exp:2d`).
    DuplicateOption(&'static str),
    /// `exp:` not a duration such as 30m, 12h, 3d, 2w.
    BadExpiry(String),
    /// `limit:` not a positive whole number or `none`.
    BadLimit(String),
    /// `ref:` empty, too long or with characters other than letters, digits, `-_./#`.
    BadReference(String),
    /// `to:` neither a phone number (+ and digits) nor an e-mail address.
    BadRecipient(String),
    /// The description is longer than [`MAX_DESCRIPTION`] characters.
    DescriptionTooLong,
}

impl CommandError {
    /// A stable code, the suffix of the message key in `locales/`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unknown(_) => "unknown-command",
            Self::MissingSlug(_) => "missing-slug",
            Self::BadPeriod(_) => "bad-period",
            Self::MissingAmount => "missing-amount",
            Self::Amount(e) => match e {
                MoneyError::NotPositive => "amount-not-positive",
                MoneyError::TooManyDecimals { .. } => "amount-too-precise",
                MoneyError::TooLarge => "amount-too-large",
                MoneyError::Invalid(_) => "amount-invalid",
                MoneyError::Ambiguous { .. } => "amount-ambiguous",
                MoneyError::CurrencyConflict { .. } => "amount-currency-conflict",
                MoneyError::MissingCurrency => "amount-missing-currency",
                MoneyError::UnknownCurrency(_) => "unknown-currency",
            },
            Self::UnknownCurrency(_) => "unknown-currency",
            Self::DuplicateOption(_) => "duplicate-option",
            Self::BadExpiry(_) => "bad-expiry",
            Self::BadLimit(_) => "bad-limit",
            Self::BadReference(_) => "bad-reference",
            Self::BadRecipient(_) => "bad-recipient",
            Self::DescriptionTooLong => "description-too-long",
        }
    }
}

/// Who a link is addressed to (`to:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    Phone(String),
    Email(String),
}

/// A `/link` command with its amount resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRequest {
    pub amount: Money,
    pub description: String,
    /// `exp:` in seconds.
    pub expires_in_secs: Option<u64>,
    /// `limit:`; `Some(None)` is `limit:none` (reusable).
    pub usage_limit: Option<Option<i64>>,
    pub reference: Option<String>,
    pub to: Option<Recipient>,
}

/// The command names, in menu order, as the seller types them.
pub const COMMANDS: [&str; 17] = [
    "link", "links", "status", "cancel", "refund", "paid", "qr", "report", "export", "currency",
    "lang", "timezone", "connect", "notify", "help", "start", "menu",
];

/// What one message is, for the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Command(Command),
    /// Plain text: not a command.
    Text,
    /// `/cmd@otherbot`: a command for another bot, answered by nobody here.
    OtherBot,
}

/// How much of an unknown command word is echoed back: enough to recognise a typo,
/// too little to make the bot repeat a paragraph.
pub const UNKNOWN_ECHO: usize = 32;

/// Parses one message.
///
/// `bot_username` lets `/link@paychat_bot` through and sets apart commands addressed to
/// another bot. With `slash_optional` (WhatsApp) a first word that names a command
/// counts as one without the `/`.
pub fn parse(
    text: &str,
    bot_username: Option<&str>,
    slash_optional: bool,
) -> Result<Parsed, CommandError> {
    let text = text.trim();
    let (head, rest) = match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    let name = if let Some(name) = head.strip_prefix('/') {
        match name.split_once('@') {
            Some((n, bot)) => {
                if bot_username.is_some_and(|b| !b.eq_ignore_ascii_case(bot)) {
                    return Ok(Parsed::OtherBot);
                }
                n
            }
            None => name,
        }
    } else if slash_optional && COMMANDS.iter().any(|c| c.eq_ignore_ascii_case(head)) {
        head
    } else {
        return Ok(Parsed::Text);
    };
    let name = name.to_ascii_lowercase();
    let first_word = rest.split_whitespace().next();
    let slug = |cmd: &'static str| {
        first_word
            .and_then(slug_of)
            .ok_or(CommandError::MissingSlug(cmd))
    };
    let command = match name.as_str() {
        "start" => Command::Start(first_word.map(str::to_owned)),
        "link" | "new" => Command::Link(rest.to_owned()),
        "links" | "list" => Command::Links,
        "status" => Command::Status(slug("status")?),
        "cancel" => Command::Cancel(slug("cancel")?),
        "refund" => Command::Refund {
            slug: slug("refund")?,
            amount: rest.split_whitespace().nth(1).map(str::to_owned),
        },
        "paid" => Command::Paid(slug("paid")?),
        "qr" => Command::Qr(slug("qr")?),
        "report" => Command::Report(match first_word.map(str::to_ascii_lowercase).as_deref() {
            None | Some("today") => Period::Today,
            Some("week") => Period::Week,
            Some("month") => Period::Month,
            Some(other) => return Err(CommandError::BadPeriod(other.to_owned())),
        }),
        "export" => Command::Export,
        "currency" => Command::Currency(first_word.map(str::to_owned)),
        "lang" | "language" => Command::Lang(first_word.map(str::to_owned)),
        "timezone" | "tz" => Command::Timezone(first_word.map(str::to_owned)),
        "help" | "menu" => Command::Help,
        "connect" => Command::Connect(first_word.map(str::to_owned)),
        "notify" => Command::Notify(first_word.map(str::to_ascii_lowercase)),
        _ => return Err(CommandError::Unknown(clip_word(&name, UNKNOWN_ECHO))),
    };
    Ok(Parsed::Command(command))
}

/// `word` cut to `max` characters, an ellipsis marking the cut.
fn clip_word(word: &str, max: usize) -> String {
    if word.chars().count() <= max {
        return word.to_owned();
    }
    let mut out: String = word.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The slug in a word: the slug itself or a link URL ending in `/p/<slug>`.
#[must_use]
pub fn slug_of(word: &str) -> Option<String> {
    let word = word.trim().trim_end_matches('/');
    let candidate = match word.rfind("/p/") {
        Some(i) => word[i + 3..].split(['?', '#', '/']).next().unwrap_or(""),
        None => word,
    };
    (candidate.len() == 16 && candidate.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| candidate.to_owned())
}

/// Reads the arguments of `/link` against the seller's default currency.
pub fn parse_link(args: &str, default: Option<Currency>) -> Result<LinkRequest, CommandError> {
    let mut words: Vec<&str> = Vec::new();
    let mut opts = Options::default();
    for word in args.split_whitespace() {
        let Some((key, value)) = word.split_once(':') else {
            words.push(word);
            continue;
        };
        match key.to_ascii_lowercase().as_str() {
            "exp" | "expires" => {
                set_once(&mut opts.expires_in_secs, "exp", parse_expiry(value)?)?;
            }
            "limit" => set_once(&mut opts.usage_limit, "limit", parse_limit(value)?)?,
            "ref" => set_once(&mut opts.reference, "ref", parse_reference(value)?)?,
            "to" => set_once(&mut opts.to, "to", parse_recipient(value)?)?,
            // Not an option: part of the description (a time "10:30", a URL).
            _ => words.push(word),
        }
    }
    let mut i = 0;
    let Some(&first) = words.first() else {
        return Err(CommandError::MissingAmount);
    };
    // "Rp 50.000", "THB 250": a currency word before the number.
    let amount_raw = if !starts_numeric(first)
        && currency_word(first).is_some()
        && words.get(1).is_some_and(|w| starts_numeric(w))
    {
        i += 2;
        format!("{first}{}", words[1])
    } else {
        i += 1;
        first.to_owned()
    };
    if !amount_raw.chars().any(|c| c.is_ascii_digit()) {
        return Err(CommandError::MissingAmount);
    }
    let mut explicit = None;
    if let Some(&word) = words.get(i) {
        if let Some(c) = currency_word(word) {
            explicit = Some(c);
            i += 1;
        } else if word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()) {
            // Looks like a currency code but is none: refuse rather than guess that it
            // starts the description.
            return Err(CommandError::UnknownCurrency(word.to_owned()));
        }
    }
    let amount = parse_amount(&amount_raw, explicit, default).map_err(CommandError::Amount)?;
    let description = words[i..].join(" ");
    if description.chars().count() > MAX_DESCRIPTION {
        return Err(CommandError::DescriptionTooLong);
    }
    Ok(LinkRequest {
        amount,
        description,
        expires_in_secs: opts.expires_in_secs,
        usage_limit: opts.usage_limit,
        reference: opts.reference,
        to: opts.to,
    })
}

/// An amount typed for an existing link (a partial refund): read in the link's
/// currency, which a currency in the text must match.
pub fn parse_amount_in(raw: &str, currency: Currency) -> Result<Money, CommandError> {
    let m = parse_amount(raw, None, Some(currency)).map_err(CommandError::Amount)?;
    if m.currency() == currency {
        Ok(m)
    } else {
        Err(CommandError::Amount(MoneyError::CurrencyConflict {
            embedded: m.currency(),
            given: currency,
        }))
    }
}

/// The `key:value` options of `/link`, each allowed once.
#[derive(Default)]
struct Options {
    expires_in_secs: Option<u64>,
    usage_limit: Option<Option<i64>>,
    reference: Option<String>,
    to: Option<Recipient>,
}

fn set_once<T>(slot: &mut Option<T>, key: &'static str, value: T) -> Result<(), CommandError> {
    if slot.is_some() {
        return Err(CommandError::DuplicateOption(key));
    }
    *slot = Some(value);
    Ok(())
}

fn starts_numeric(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// A word that is a currency: an ISO code in any case or an unambiguous symbol.
fn currency_word(word: &str) -> Option<Currency> {
    if word.len() == 3
        && word.bytes().all(|b| b.is_ascii_alphabetic())
        && let Ok(c) = Currency::from_code(&word.to_ascii_uppercase())
    {
        return Some(c);
    }
    Currency::from_symbol(word)
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
    use super::*;

    fn thb() -> Option<Currency> {
        Currency::from_code("THB").ok()
    }

    fn link(args: &str) -> Result<LinkRequest, CommandError> {
        parse_link(args, thb())
    }

    #[test]
    fn commands_with_and_without_bot_name() {
        assert_eq!(
            parse("/link 250 THB tuition", None, false),
            Ok(Parsed::Command(Command::Link("250 THB tuition".into())))
        );
        assert_eq!(
            parse("/LINK@PayBot 250", Some("paybot"), false),
            Ok(Parsed::Command(Command::Link("250".into())))
        );
        assert_eq!(
            parse("/link@otherbot 250", Some("paybot"), false),
            Ok(Parsed::OtherBot)
        );
        assert_eq!(parse("hello", None, false), Ok(Parsed::Text));
        assert_eq!(parse("link 250", None, false), Ok(Parsed::Text));
        let long = format!("/{}", "x".repeat(200));
        match parse(&long, None, false) {
            Err(CommandError::Unknown(echo)) => assert_eq!(echo.chars().count(), UNKNOWN_ECHO),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse("Link 250", None, true),
            Ok(Parsed::Command(Command::Link("250".into())))
        );
        assert_eq!(
            parse("/nope", None, false),
            Err(CommandError::Unknown("nope".into()))
        );
        assert_eq!(
            parse("/start abc_DEF-1", None, false),
            Ok(Parsed::Command(Command::Start(Some("abc_DEF-1".into()))))
        );
    }

    #[test]
    fn slugs_from_codes_and_urls() {
        let s = "AbCdEfGh12345678";
        assert_eq!(slug_of(s), Some(s.into()));
        assert_eq!(
            slug_of(&format!("https://pay.example/p/{s}")),
            Some(s.into())
        );
        assert_eq!(slug_of(&format!("https://x/p/{s}?lang=th")), Some(s.into()));
        assert_eq!(slug_of("short"), None);
        assert_eq!(
            parse("/status", None, false),
            Err(CommandError::MissingSlug("status"))
        );
        assert_eq!(
            parse(&format!("/refund {s} 100"), None, false),
            Ok(Parsed::Command(Command::Refund {
                slug: s.into(),
                amount: Some("100".into())
            }))
        );
    }

    #[test]
    fn report_periods() {
        assert_eq!(
            parse("/report", None, false),
            Ok(Parsed::Command(Command::Report(Period::Today)))
        );
        assert_eq!(
            parse("/report Month", None, false),
            Ok(Parsed::Command(Command::Report(Period::Month)))
        );
        assert_eq!(
            parse("/report year", None, false),
            Err(CommandError::BadPeriod("year".into()))
        );
    }

    #[test]
    fn timezone_with_and_without_a_name() {
        assert_eq!(
            parse("/timezone Asia/Bangkok", None, false),
            Ok(Parsed::Command(Command::Timezone(Some(
                "Asia/Bangkok".into()
            ))))
        );
        assert_eq!(
            parse("/TZ utc", None, false),
            Ok(Parsed::Command(Command::Timezone(Some("utc".into()))))
        );
        assert_eq!(
            parse("/timezone", None, false),
            Ok(Parsed::Command(Command::Timezone(None)))
        );
        assert_eq!(
            parse("timezone Asia/Jakarta", None, true),
            Ok(Parsed::Command(Command::Timezone(Some(
                "Asia/Jakarta".into()
            ))))
        );
    }

    #[test]
    fn link_amount_forms() {
        let cases = [
            ("250 THB tuition", 25_000, "THB", "tuition"),
            ("250", 25_000, "THB", ""),
            ("1,250.50 thb", 125_050, "THB", ""),
            ("50k", 5_000_000, "THB", ""),
            ("฿250 lunch box", 25_000, "THB", "lunch box"),
            // IDR has two decimals in ISO 4217: Rp50.000 is 5,000,000 minor units.
            ("Rp50.000 kopi", 5_000_000, "IDR", "kopi"),
            ("Rp 50.000", 5_000_000, "IDR", ""),
            ("250THB", 25_000, "THB", ""),
            ("9.99 USD ebook", 999, "USD", "ebook"),
            ("1000 JPY", 1000, "JPY", ""),
        ];
        for (args, minor, cur, desc) in cases {
            let r = link(args).unwrap_or_else(|e| panic!("{args}: {e:?}"));
            assert_eq!(r.amount.minor(), minor, "{args}");
            assert_eq!(r.amount.currency().code(), cur, "{args}");
            assert_eq!(r.description, desc, "{args}");
        }
    }

    #[test]
    fn link_options() {
        let r = link("250 tuition exp:3d limit:5 ref:INV-7 to:+66812345678 at 10:30")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.description, "tuition at 10:30");
        assert_eq!(r.expires_in_secs, Some(259_200));
        assert_eq!(r.usage_limit, Some(Some(5)));
        assert_eq!(r.reference.as_deref(), Some("INV-7"));
        assert_eq!(r.to, Some(Recipient::Phone("+66812345678".into())));
        let r = link("250 limit:none to:a@b.co").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.usage_limit, Some(None));
        assert_eq!(r.to, Some(Recipient::Email("a@b.co".into())));
    }

    #[test]
    fn link_errors_are_specific() {
        assert_eq!(link(""), Err(CommandError::MissingAmount));
        assert_eq!(link("tuition"), Err(CommandError::MissingAmount));
        assert_eq!(
            link("250 THX tuition"),
            Err(CommandError::UnknownCurrency("THX".into()))
        );
        assert!(matches!(
            link("1,250k tuition"),
            Err(CommandError::Amount(MoneyError::Ambiguous { .. }))
        ));
        assert_eq!(
            link("250 exp:1d exp:2d"),
            Err(CommandError::DuplicateOption("exp"))
        );
        assert_eq!(
            link("250 exp:soon"),
            Err(CommandError::BadExpiry("soon".into()))
        );
        assert_eq!(link("250 limit:0"), Err(CommandError::BadLimit("0".into())));
        assert_eq!(
            link("250 to:nobody"),
            Err(CommandError::BadRecipient("nobody".into()))
        );
        let r = link("250 ref:a b").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (r.description.as_str(), r.reference.as_deref()),
            ("b", Some("a"))
        );
        assert_eq!(
            link("250 ref:"),
            Err(CommandError::BadReference(String::new()))
        );
        assert!(matches!(
            link("-5"),
            Err(CommandError::Amount(MoneyError::NotPositive))
        ));
        assert_eq!(
            parse_link("250", None).map_err(|e| e.code()),
            Err("amount-missing-currency")
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = parse(&s, Some("bot"), true);
            let _ = parse_link(&s, thb());
        }
    }
}
