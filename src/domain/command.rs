//! Chat commands: what a seller typed, parsed into a [`Command`] or a [`CommandError`]
//! that says exactly what to fix.
//!
//! Pure: no clock, no database. The conversation core turns a `Command` into engine calls
//! and a `CommandError` into a localized reply with an example of the right form.

use super::amount::{self, Extent};
use super::currency::Currency;
use super::link_options::Options;
pub use super::link_options::SendAt;
use super::money::{Money, MoneyError};
use super::terms::{AmountChoice, LinkTerms};

pub use super::link_options::parse_duration_secs;

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
    /// `/send CODE`: the link's message to its buyer again, now.
    Send(String),
    Cancel(String),
    /// `/refund <slug> [amount]`.
    Refund {
        slug: String,
        amount: Option<String>,
    },
    Paid(String),
    /// `/dup <slug> [amount]`: a new link copied from one of the seller's.
    Dup {
        slug: String,
        amount: Option<String>,
    },
    Qr(String),
    Report(Period),
    Export,
    /// `/bulk`: how to create many links from a CSV file, with a template.
    Bulk,
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
    /// `/payto [rail details… | off [rail]]`, kept raw: each rail reads its own details.
    PayTo(String),
    /// `/reminders [on|off]`: "Not paid yet" in chat before a link expires; without a
    /// word, shows the current choice.
    Reminders(Option<String>),
    /// `/replyto [address|off]`: where buyers' answers to paychat's e-mails go; without
    /// a word, shows it.
    ReplyTo(Option<String>),
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
    /// The amount could not be read: the reason, and the currency it was read in (the
    /// one written, else the default) so the answer can give an example in it.
    Amount(MoneyError, Option<Currency>),
    /// A three-letter upper-case word where a currency goes that is not one.
    UnknownCurrency(String),
    /// A lower-case ISO code that is also a word (`cup`) where only the currency reading
    /// is possible (before the number, or without a default currency): ask for capitals.
    CurrencyOrWord(String),
    /// An option given twice (`exp:1d exp:2d`).
    DuplicateOption(&'static str),
    /// `exp:` not a duration such as 30m, 12h, 3d, 2w.
    BadExpiry(String),
    /// `limit:` not a positive whole number or `none`.
    BadLimit(String),
    /// `ref:` empty, too long or with characters other than letters, digits, `-_./#`.
    BadReference(String),
    /// `via:` with something other than `card` or a bank QR rail.
    BadVia(String),
    /// `to:` neither a phone number (+ and digits) nor an e-mail address.
    BadRecipient(String),
    /// The description is longer than [`MAX_DESCRIPTION`] characters.
    DescriptionTooLong,
    /// A segment of an item list that is not `<n>x <name> <price>` or `ship <price>`.
    BadItem(String),
    /// `deposit:` neither a percent from 1 to 99 nor an amount below the link's.
    BadDeposit(String),
    /// `max:` below `min:`.
    BadBounds(String),
    /// `send:` neither `now` nor a local `YYYY-MM-DDTHH:MM`.
    BadSend(String),
    /// `send:` without an e-mail address or phone number in `to:`.
    SendNeedsEmail,
    /// `send:tomorrow` (or `today`) not followed by a time: the day word, as typed.
    SendNeedsTime(String),
    /// `remind:` not a duration such as `1d`, `12h`, `30m`.
    BadRemind(String),
    /// `remind:` without `send:` (a reminder follows the link's e-mail).
    RemindNeedsSend,
    /// `min:`/`max:` on a link with a fixed amount (they go with `any`), or `deposit:`
    /// with `any`: the option's name.
    BoundsNeedAny(&'static str),
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
            Self::Amount(e, _) => match e {
                MoneyError::NotPositive => "amount-not-positive",
                MoneyError::Negative => "amount-negative",
                MoneyError::TooManyDecimals { exponent: 0, .. } => "amount-whole-only",
                MoneyError::TooManyDecimals { .. } => "amount-too-precise",
                MoneyError::BelowMinorUnit(_) => "amount-below-minor-unit",
                MoneyError::TooLarge => "amount-too-large",
                MoneyError::Exponent(_) => "amount-exponent",
                MoneyError::NotANumber(_) => "amount-not-a-number",
                MoneyError::Invalid(_) => "amount-invalid",
                MoneyError::Ambiguous { .. } => "amount-ambiguous",
                MoneyError::Malformed {
                    likely: Some(_), ..
                } => "amount-malformed-likely",
                MoneyError::Malformed { likely: None, .. } => "amount-malformed",
                MoneyError::DecimalsOrThousands { .. } => "amount-decimals-or-thousands",
                MoneyError::CurrencyConflict { .. } => "amount-currency-conflict",
                MoneyError::MissingCurrency => "amount-missing-currency",
                MoneyError::UnknownCurrency(_) => "unknown-currency",
            },
            Self::UnknownCurrency(_) => "unknown-currency",
            Self::CurrencyOrWord(_) => "currency-or-word",
            Self::DuplicateOption(_) => "duplicate-option",
            Self::BadExpiry(_) => "bad-expiry",
            Self::BadLimit(_) => "bad-limit",
            Self::BadReference(_) => "bad-reference",
            Self::BadVia(_) => "bad-via",
            Self::BadRecipient(_) => "bad-recipient",
            Self::DescriptionTooLong => "description-too-long",
            Self::BadItem(_) => "bad-item",
            Self::BadDeposit(_) => "bad-deposit",
            Self::BadBounds(_) => "bad-bounds",
            Self::BadSend(_) => "bad-send",
            Self::SendNeedsEmail => "send-needs-email",
            Self::SendNeedsTime(_) => "send-needs-time",
            Self::BadRemind(_) => "bad-remind",
            Self::RemindNeedsSend => "remind-needs-send",
            Self::BoundsNeedAny(_) => "bounds-need-any",
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
    /// `via:`: `card` or a bank QR rail.
    pub pay_via: Option<String>,
    /// Items, a buyer-chosen amount (`any`), a deposit.
    pub terms: LinkTerms,
    /// `send:`: e-mail the link to the buyer of `to:`, now or at a local time.
    pub send: Option<SendAt>,
    /// `remind:`: a reminder e-mail this many seconds before expiry.
    pub remind: Option<u64>,
}

impl LinkRequest {
    /// The `/link` command that makes exactly this request for a seller writing `lang`,
    /// whatever their default currency: `/link 1250.50 THB tuition exp:3d`.
    #[must_use]
    #[cfg(test)]
    pub fn command_text(&self, lang: &str) -> String {
        let mut parts = vec!["/link".to_owned(), amount::amount_text(self.amount, lang)];
        if !self.description.is_empty() {
            parts.push(self.description.clone());
        }
        if let Some(secs) = self.expires_in_secs {
            parts.push(format!("exp:{}", super::link_options::duration_text(secs)));
        }
        match self.usage_limit {
            Some(Some(n)) => parts.push(format!("limit:{n}")),
            Some(None) => parts.push("limit:none".to_owned()),
            None => {}
        }
        if let Some(r) = &self.reference {
            parts.push(format!("ref:{r}"));
        }
        match &self.to {
            Some(Recipient::Phone(p) | Recipient::Email(p)) => parts.push(format!("to:{p}")),
            None => {}
        }
        parts.join(" ")
    }
}

/// How a `/link` reads: one way, or a choice the seller must make (2 or 3 readings,
/// distinct, most likely first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkParse {
    One(Box<LinkRequest>),
    Choose(Vec<LinkRequest>),
}

/// An amount typed for an existing link (partial refund), in the link's currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountParse {
    One(Money),
    Choose(Vec<Money>),
}

/// The command names, in menu order, as the seller types them.
pub const COMMANDS: [&str; 23] = [
    "link",
    "links",
    "status",
    "send",
    "cancel",
    "refund",
    "paid",
    "dup",
    "qr",
    "report",
    "export",
    "bulk",
    "payto",
    "currency",
    "lang",
    "timezone",
    "connect",
    "notify",
    "reminders",
    "replyto",
    "help",
    "start",
    "menu",
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
    // Everything after the code (`/refund`, `/dup`): "1 250,50" and "฿ 100" are one amount.
    let tail = || {
        first_word
            .map(|w| rest[w.len()..].trim())
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
    };
    let command = match name.as_str() {
        "start" => Command::Start(first_word.map(str::to_owned)),
        "link" | "new" => Command::Link(rest.to_owned()),
        "links" | "list" => Command::Links,
        "status" => Command::Status(slug("status")?),
        "send" => Command::Send(slug("send")?),
        "cancel" => Command::Cancel(slug("cancel")?),
        "refund" => Command::Refund {
            slug: slug("refund")?,
            amount: tail(),
        },
        "paid" => Command::Paid(slug("paid")?),
        "dup" | "duplicate" | "copy" => Command::Dup {
            slug: slug("dup")?,
            amount: tail(),
        },
        "qr" => Command::Qr(slug("qr")?),
        "report" => Command::Report(match first_word.map(str::to_ascii_lowercase).as_deref() {
            None | Some("today") => Period::Today,
            Some("week") => Period::Week,
            Some("month") => Period::Month,
            Some(other) => return Err(CommandError::BadPeriod(other.to_owned())),
        }),
        "export" => Command::Export,
        "bulk" => Command::Bulk,
        "currency" => Command::Currency(first_word.map(str::to_owned)),
        "lang" | "language" => Command::Lang(first_word.map(str::to_owned)),
        "timezone" | "tz" => Command::Timezone(first_word.map(str::to_owned)),
        "help" | "menu" => Command::Help,
        "connect" => Command::Connect(first_word.map(str::to_owned)),
        "notify" => Command::Notify(first_word.map(str::to_ascii_lowercase)),
        "payto" => Command::PayTo(rest.to_owned()),
        "reminders" => Command::Reminders(first_word.map(str::to_ascii_lowercase)),
        "replyto" => Command::ReplyTo(first_word.map(str::to_owned)),
        _ => {
            return Err(CommandError::Unknown(super::text::clip(
                &name,
                UNKNOWN_ECHO,
            )));
        }
    };
    Ok(Parsed::Command(command))
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

/// Reads the arguments of `/link` for a seller whose default currency is `default` and
/// who writes `lang` (a tag as [`crate::domain::money::format_minor`] takes it).
pub fn parse_link(
    args: &str,
    default: Option<Currency>,
    lang: &str,
) -> Result<LinkParse, CommandError> {
    let mut words: Vec<&str> = Vec::new();
    let mut opts = Options::default();
    for word in amount::split_words(args) {
        // Not an option: part of the description (a time "10:30", a URL).
        if !opts.take(word)? {
            words.push(word);
        }
    }
    // After every word: `send:` may come before `to:`.
    if opts.send.is_some() && opts.to.is_none() {
        return Err(CommandError::SendNeedsEmail);
    }
    if opts.send_needs_time() {
        let day = args
            .split_whitespace()
            .find_map(|w| w.strip_prefix("send:").or_else(|| w.strip_prefix("SEND:")))
            .unwrap_or("tomorrow");
        return Err(CommandError::SendNeedsTime(day.to_owned()));
    }
    if opts.remind.is_some() && opts.send.is_none() {
        return Err(CommandError::RemindNeedsSend);
    }
    let request = |amount: Money, description: String, terms: LinkTerms| LinkRequest {
        amount,
        description,
        expires_in_secs: opts.expires_in_secs,
        usage_limit: opts.usage_limit,
        reference: opts.reference.clone(),
        to: opts.to.clone(),
        pay_via: opts.pay_via.clone(),
        terms,
        send: opts.send,
        remind: opts.remind,
    };
    let open = words.first().is_some_and(|w| w.eq_ignore_ascii_case("any"));
    if !open
        && let Some(key) = opts
            .min
            .as_ref()
            .map(|_| "min")
            .or(opts.max.as_ref().map(|_| "max"))
    {
        return Err(CommandError::BoundsNeedAny(key));
    }
    if open {
        if opts.deposit.is_some() {
            return Err(CommandError::BoundsNeedAny("deposit"));
        }
        // `any [CUR] description…`: the currency written, else the default.
        let (currency, rest) = match words.get(1).and_then(|w| {
            (w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()))
                .then(|| Currency::from_code(w).ok())
                .flatten()
        }) {
            Some(c) => (c, &words[2..]),
            None => (
                default.ok_or(CommandError::Amount(MoneyError::MissingCurrency, None))?,
                &words[1..],
            ),
        };
        let choice = super::terms_text::open_choice(
            opts.min.as_deref(),
            opts.max.as_deref(),
            currency,
            lang,
        )?;
        let AmountChoice::Open { min_minor, .. } = &choice else {
            return Err(CommandError::MissingAmount);
        };
        let min = Money::from_minor(*min_minor, currency)
            .map_err(|e| CommandError::Amount(e, Some(currency)))?;
        let description = rest.join(" ");
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(CommandError::DescriptionTooLong);
        }
        let terms = LinkTerms {
            choice: Some(choice),
            ..LinkTerms::default()
        };
        return Ok(LinkParse::One(Box::new(request(min, description, terms))));
    }
    if super::terms_text::is_item_list(&words) {
        let (amount, order, description) = super::terms_text::read_items(&words, default, lang)?;
        let choice = opts
            .deposit
            .as_deref()
            .map(|d| super::terms_text::deposit_choice(d, amount, lang))
            .transpose()?;
        let description: String = description.chars().take(MAX_DESCRIPTION).collect();
        let terms = LinkTerms {
            order: Some(order),
            choice,
            ..LinkTerms::default()
        };
        return Ok(LinkParse::One(Box::new(request(
            amount,
            description,
            terms,
        ))));
    }
    let mut requests: Vec<LinkRequest> = Vec::new();
    for reading in amount::read(&words, default, lang, Extent::Start)? {
        let rest = words[reading.used..].join(" ");
        let description = match reading.lead {
            Some(lead) if rest.is_empty() => lead,
            Some(lead) => format!("{lead} {rest}"),
            None => rest,
        };
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(CommandError::DescriptionTooLong);
        }
        let choice = opts
            .deposit
            .as_deref()
            .map(|d| super::terms_text::deposit_choice(d, reading.money, lang))
            .transpose()?;
        let request = request(
            reading.money,
            description,
            LinkTerms {
                choice,
                ..LinkTerms::default()
            },
        );
        if !requests.contains(&request) {
            requests.push(request);
        }
    }
    Ok(if requests.len() == 1 {
        LinkParse::One(Box::new(requests.remove(0)))
    } else {
        LinkParse::Choose(requests)
    })
}

/// An amount typed for an existing link (a partial refund): read in the link's
/// `currency`, which a currency in the text must match.
pub fn parse_amount_in(
    raw: &str,
    currency: Currency,
    lang: &str,
) -> Result<AmountParse, CommandError> {
    let words = amount::split_words(raw);
    let invalid =
        || CommandError::Amount(MoneyError::Invalid(raw.trim().to_owned()), Some(currency));
    let readings = match amount::read(&words, Some(currency), lang, Extent::Whole) {
        Ok(r) => r,
        Err(CommandError::MissingAmount | CommandError::CurrencyOrWord(_)) => return Err(invalid()),
        Err(e) => return Err(e),
    };
    let mut amounts: Vec<Money> = Vec::new();
    for r in &readings {
        if r.money.currency() == currency && !amounts.contains(&r.money) {
            amounts.push(r.money);
        }
    }
    match (amounts.len(), readings.first()) {
        (0, Some(other)) => Err(CommandError::Amount(
            MoneyError::CurrencyConflict {
                embedded: other.money.currency(),
                given: currency,
            },
            Some(currency),
        )),
        (0, None) => Err(invalid()),
        (1, _) => Ok(AmountParse::One(amounts[0])),
        _ => Ok(AmountParse::Choose(amounts)),
    }
}

#[cfg(test)]
mod tests;
