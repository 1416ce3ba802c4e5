//! The localized answers to chat input that could not be read.
//!
//! Every answer about an amount carries an example in the currency concerned (the one
//! the seller wrote, else their default), written so that it reads back as exactly that
//! amount in the seller's language. The message texts are in `locales/*/amount.ftl`.

use super::{Conversation, Reply, provider_label};
use crate::domain::amount::{amount_text, example};
use crate::domain::command::CommandError;
use crate::domain::money::{MAX_MINOR, format_minor, format_money};
use crate::domain::{Currency, Money, MoneyError};
use crate::engine::EngineError;
use crate::engine::ports::ProviderError;

impl Conversation {
    /// The localized answer to a command that could not be read.
    #[must_use]
    pub fn command_error_reply(&self, e: &CommandError, lang: &str) -> Reply {
        self.amount_error_for(e, lang, "/link")
    }

    /// The answer to input that could not be read, its examples written as `command`
    /// (`/refund CODE` for an amount typed to refund: `/refund CODE 250 THB`).
    pub(super) fn amount_error_for(&self, e: &CommandError, lang: &str, command: &str) -> Reply {
        let key = format!("err-{}", e.code());
        let args = error_args(e, lang, command);
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Reply::text(self.t(lang, &key, &args))
    }
}

/// The message arguments for `e`: `$value` (what was typed) always, and for amounts the
/// figures and examples described at the top of `amount.ftl`.
///
/// What the seller typed comes back clipped and isolated: a long paste cannot flood
/// the answer, and its direction marks cannot reorder our sentence.
fn error_args(e: &CommandError, lang: &str, command: &str) -> Vec<(&'static str, String)> {
    let mut args = raw_error_args(e, lang, command);
    for (key, v) in &mut args {
        if *key == "value" && !v.is_empty() {
            *v = super::shown(&super::clip(&crate::domain::text::clean(v), MAX_ECHO));
        }
    }
    args
}

/// The most characters of the seller's own input an error repeats.
const MAX_ECHO: usize = 40;

fn raw_error_args(e: &CommandError, lang: &str, command: &str) -> Vec<(&'static str, String)> {
    match e {
        CommandError::Unknown(v)
        | CommandError::BadPeriod(v)
        | CommandError::UnknownCurrency(v)
        | CommandError::BadExpiry(v)
        | CommandError::BadLimit(v)
        | CommandError::BadReference(v)
        | CommandError::BadVia(v)
        | CommandError::BadRecipient(v)
        | CommandError::BadItem(v)
        | CommandError::BadDeposit(v)
        | CommandError::BadBounds(v)
        | CommandError::BadSend(v)
        | CommandError::SendNeedsTime(v)
        | CommandError::BadRemind(v) => vec![("value", v.clone())],
        CommandError::MissingSlug(cmd)
        | CommandError::DuplicateOption(cmd)
        | CommandError::BoundsNeedAny(cmd) => {
            vec![("value", (*cmd).to_owned())]
        }
        CommandError::CurrencyOrWord(word) => {
            let code = word.to_ascii_uppercase();
            let example = Currency::from_code(&code)
                .map(|c| link_example(example(c, false), lang, command))
                .unwrap_or_default();
            vec![
                ("value", word.clone()),
                ("code", code),
                ("example", example),
            ]
        }
        CommandError::Amount(m, currency) => match currency.or_else(|| fallback_currency(lang)) {
            Some(c) => amount_args(m, c, lang, command),
            None => vec![("value", String::new())],
        },
        CommandError::MissingAmount
        | CommandError::DescriptionTooLong
        | CommandError::SendNeedsEmail
        | CommandError::RemindNeedsSend => {
            vec![("value", String::new())]
        }
    }
}

/// The arguments of an amount refusal in `currency`.
fn amount_args(
    e: &MoneyError,
    currency: Currency,
    lang: &str,
    command: &str,
) -> Vec<(&'static str, String)> {
    let mut args = vec![
        ("value", String::new()),
        ("currency", currency.code().to_owned()),
        ("places", currency.exponent().to_string()),
        (
            "example",
            link_example(example(currency, false), lang, command),
        ),
        (
            "decimals",
            link_example(example(currency, true), lang, command),
        ),
    ];
    let mut set = |key: &'static str, value: String| match args.iter_mut().find(|(k, _)| *k == key)
    {
        Some(slot) => slot.1 = value,
        None => args.push((key, value)),
    };
    match e {
        MoneyError::TooManyDecimals { currency, exponent } => {
            set("currency", currency.code().to_owned());
            set("places", exponent.to_string());
            set(
                "example",
                link_example(example(*currency, false), lang, command),
            );
            set(
                "decimals",
                link_example(example(*currency, true), lang, command),
            );
        }
        MoneyError::BelowMinorUnit(c) => {
            set("currency", c.code().to_owned());
            set("smallest", format_money(Money::smallest(*c), lang));
            set("example", link_example(example(*c, false), lang, command));
        }
        MoneyError::TooLarge => set("largest", format_minor(MAX_MINOR, currency, lang)),
        MoneyError::Exponent(v) | MoneyError::NotANumber(v) | MoneyError::Invalid(v) => {
            set("value", v.clone());
        }
        MoneyError::Ambiguous { input, readings } => {
            set("value", input.clone());
            let shown: Vec<String> = readings.iter().map(|&m| format_money(m, lang)).collect();
            set("readings", shown.join("; "));
            if let Some(&first) = readings.first() {
                set("example", link_example(first, lang, command));
            }
        }
        MoneyError::Malformed { input, likely } => {
            set("value", input.clone());
            if let Some(m) = likely {
                set("likely", format_money(*m, lang));
                set("example", link_example(*m, lang, command));
            }
        }
        MoneyError::DecimalsOrThousands { input, grouped } => {
            set("value", input.clone());
            set("grouped", format_money(*grouped, lang));
            set("as_thousands", link_example(*grouped, lang, command));
        }
        MoneyError::CurrencyConflict { embedded, given } => {
            set("embedded", embedded.code().to_owned());
            set("given", given.code().to_owned());
            set(
                "example",
                link_example(example(*given, false), lang, command),
            );
        }
        MoneyError::UnknownCurrency(u) => set("value", u.0.clone()),
        MoneyError::NotPositive | MoneyError::Negative | MoneyError::MissingCurrency => {}
    }
    args
}

/// `/link 250 THB`: `command` with exactly `money` for a seller writing `lang`.
fn link_example(money: Money, lang: &str, command: &str) -> String {
    format!("{command} {}", amount_text(money, lang))
}

/// The currency for examples when none is known: the one most sellers writing `lang`
/// use.
fn fallback_currency(lang: &str) -> Option<Currency> {
    let code = match lang.split('-').next().unwrap_or("") {
        "th" => "THB",
        "id" => "IDR",
        "vi" => "VND",
        "pt" => "BRL",
        "es" => "EUR",
        _ => "USD",
    };
    Currency::from_code(code).ok()
}

impl Conversation {
    /// The localized answer to a use case that failed.
    pub(super) fn engine_error(&self, e: &EngineError, lang: &str) -> Reply {
        // The provider's own words, after a localized frame: they cannot be translated.
        let (provider, detail) = match e {
            EngineError::Provider(ProviderError::Refused { provider, message }) => {
                (provider_label(provider), message.clone())
            }
            EngineError::Provider(ProviderError::Unavailable { provider, .. }) => {
                (provider_label(provider), String::new())
            }
            EngineError::Invalid { message, .. } => ("", message.clone()),
            _ => ("", String::new()),
        };
        let key = match e {
            EngineError::NotFound("link") => "err-link-not-found".to_owned(),
            EngineError::NotFound(_) => "err-not-found".to_owned(),
            EngineError::Invalid { code, .. } => format!("err-{}", code.replace('_', "-")),
            EngineError::Duplicate { field } => {
                format!("err-duplicate-{}", field.replace('_', "-"))
            }
            EngineError::Transition(_) => "err-transition".to_owned(),
            EngineError::AlreadyApplied => "err-already-applied".to_owned(),
            EngineError::Provider(ProviderError::Refused { .. }) => {
                "err-provider-refused".to_owned()
            }
            EngineError::Provider(ProviderError::Unavailable { .. }) => {
                "err-provider-unavailable".to_owned()
            }
            EngineError::IdempotencyMismatch | EngineError::Webhook(_) | EngineError::Store(_) => {
                tracing::error!(error = %e, "chat command failed");
                "err-internal".to_owned()
            }
        };
        let msg = self.t(lang, &key, &[("provider", provider), ("detail", &detail)]);
        // A code without a message of its own still gets a clear, localized answer.
        if msg == key {
            tracing::warn!(%key, "no chat message for this error; showing the generic one");
            return Reply::text(self.t(lang, "err-invalid", &[("detail", &e.to_string())]));
        }
        Reply::text(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::i18n::I18n;
    use crate::domain::command::{LinkParse, parse_link};
    use crate::engine::sellers::LOCALES;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    fn render(i18n: &I18n, e: &CommandError, lang: &str) -> String {
        let args = error_args(e, lang, "/link");
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n.t(lang, &format!("err-{}", e.code()), &args)
    }

    /// Every refusal an amount can get, in `code`.
    fn refusals(code: &str) -> Vec<CommandError> {
        let c = cur(code);
        let m = |minor| Money::from_minor(minor, c).unwrap();
        let errors = vec![
            MoneyError::NotPositive,
            MoneyError::Negative,
            MoneyError::TooManyDecimals {
                currency: c,
                exponent: c.exponent(),
            },
            MoneyError::BelowMinorUnit(c),
            MoneyError::TooLarge,
            MoneyError::Exponent("1e5".into()),
            MoneyError::NotANumber("NaN".into()),
            MoneyError::Invalid("abc".into()),
            MoneyError::Ambiguous {
                input: "Rs 1.250".into(),
                readings: vec![m(125_000), m(125)],
            },
            MoneyError::Malformed {
                input: "1.250.50".into(),
                likely: Some(m(125_050)),
            },
            MoneyError::Malformed {
                input: "1.2.3".into(),
                likely: None,
            },
            MoneyError::DecimalsOrThousands {
                input: "250.505".into(),
                grouped: m(25_050_500),
            },
            MoneyError::CurrencyConflict {
                embedded: cur("USD"),
                given: c,
            },
        ];
        errors
            .into_iter()
            .map(|e| CommandError::Amount(e, Some(c)))
            .collect()
    }

    #[test]
    fn amount_refusals_give_an_example_in_their_currency_that_reads_back() {
        let i18n = I18n::load().unwrap();
        for lang in LOCALES {
            for code in ["THB", "JPY", "KWD", "IDR", "VND", "BRL", "EUR", "INR"] {
                for e in refusals(code) {
                    let text = render(&i18n, &e, lang);
                    assert!(!text.starts_with("err-"), "{lang}: no message for {e:?}");
                    assert!(!text.contains("{"), "{lang}: unfilled {text}");
                    assert!(text.contains(code), "{lang} {code}: {text}");
                    for example in text.split("/link ").skip(1) {
                        let end = example.find(code).map(|i| i + code.len()).unwrap();
                        let args = &example[..end];
                        let read = parse_link(args, Some(cur("USD")), lang);
                        assert!(
                            matches!(&read, Ok(LinkParse::One(r)) if r.amount.currency().code() == code),
                            "{lang}: the example {args:?} in {text:?} reads as {read:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn what_the_seller_typed_comes_back_clipped_and_isolated() {
        let i18n = I18n::load().unwrap();
        let long = format!("\u{202E}{}", "a".repeat(300));
        let text = render(&i18n, &CommandError::BadRecipient(long), "en");
        assert!(
            text.contains(&format!("\u{2068}{}…\u{2069}", "a".repeat(39))),
            "{text}"
        );
        assert!(!text.contains('\u{202E}'), "{text}");
        assert!(!text.contains(&"a".repeat(40)), "{text}");
    }

    #[test]
    fn decimals_messages_say_what_the_currency_allows() {
        let i18n = I18n::load().unwrap();
        let too_precise = |code| {
            let c = cur(code);
            let e = MoneyError::TooManyDecimals {
                currency: c,
                exponent: c.exponent(),
            };
            render(&i18n, &CommandError::Amount(e, Some(c)), "en")
        };
        assert_eq!(
            too_precise("JPY"),
            "JPY has no decimal places: write a whole number, e.g. /link 250 JPY"
        );
        assert_eq!(
            too_precise("KWD"),
            "KWD has 3 decimal places: write at most 3 digits after the decimal separator, \
             e.g. /link 12.500 KWD"
        );
        let word = render(&i18n, &CommandError::CurrencyOrWord("cup".into()), "en");
        assert!(word.contains("/link 250 CUP"), "{word}");
    }
}
