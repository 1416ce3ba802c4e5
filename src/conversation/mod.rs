//! The channel-neutral conversation: a message (text + sender + locale) in, [`Reply`]s
//! out. Telegram, WhatsApp and the terminal only translate `Reply` into their own calls,
//! so every command is written once, here.

mod bankpay;
mod bulk;
mod commands;
mod errors;
pub mod format;
pub mod i18n;
mod inline;
mod links;
mod onboarding;
mod payto;
mod prompts;
mod push;
pub mod qr;
mod readings;
pub mod reply;
mod reports;
mod seller_reminders;
mod terms;

use std::sync::Arc;

pub use crate::engine::push::{ChatPush, PushDetail, PushLink};
pub use bulk::{Progress, Upload};
pub use format::csv_escape;
pub use inline::{InlineAnswer, InlineCard};
pub use push::PushPlan;
pub use reply::{Attachment, Button, Reply};

use crate::domain::Currency;
use crate::domain::command::{self, Command, CommandError, Parsed};
use crate::engine::SellerRow;
use crate::engine::chat::ChatUser;
use crate::engine::prompts::ApplyOnce;
use crate::engine::sellers::{LOCALES, supported_locale};
use crate::engine::{Engine, EngineError};
use i18n::I18n;

/// Who may become a seller by writing to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationMode {
    /// Anyone; their first message registers them.
    Open,
    /// Only with a one-time code from `paychat seller invite`.
    Invite,
}

/// Links shown per `/links` page.
pub const PAGE: i64 = 8;

/// `/start` parameters of the bot's own deep links (inline mode's buttons): not invite
/// codes, which are 32 characters long.
pub const START_INLINE: &str = "inline";
pub const START_HELP: &str = "help";

/// An incoming message or button press, as a door saw it.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub user: ChatUser,
    /// The chat it was written in (a group, or the private chat).
    pub chat: String,
    pub group: bool,
    /// The app's id of the message, so a redelivered message makes no second link.
    pub message_id: Option<String>,
    /// `@name` of the bot: `/link@name` is for us, `/link@other` is not.
    pub bot_username: Option<String>,
    /// Whether a command word counts without its `/` (WhatsApp).
    pub slash_optional: bool,
    pub input: Input,
}

/// What arrived.
#[derive(Debug, Clone)]
pub enum Input {
    Text(String),
    /// A button's data came back.
    Action(String),
    /// A sticker, voice note, picture…: something we cannot read.
    Unsupported,
    /// A picture sent for a command (a QRIS photo under `/payto qris`) in which no QR
    /// code could be read.
    UnreadablePicture,
}

/// The conversation core, shared by every chat door.
pub struct Conversation {
    engine: Arc<Engine>,
    i18n: Arc<I18n>,
    registration: RegistrationMode,
}

/// A seller and the language to answer them in.
struct Ctx {
    seller: SellerRow,
    lang: &'static str,
}

impl Conversation {
    #[must_use]
    pub fn new(engine: Arc<Engine>, i18n: Arc<I18n>, registration: RegistrationMode) -> Self {
        Self {
            engine,
            i18n,
            registration,
        }
    }

    /// The engine behind the conversation.
    #[must_use]
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Localized text.
    #[must_use]
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.t(lang, key, args)
    }

    /// Answers one message. Never fails: errors become replies in the user's language.
    #[tracing::instrument(name = "conversation", skip_all, fields(channel = %msg.user.channel))]
    pub async fn handle(&self, msg: &Incoming) -> Vec<Reply> {
        let guess = language_guess(msg.user.language.as_deref());
        let failed = match self.dispatch(msg).await {
            Ok(replies) => return replies,
            Err(Failure::Command(e, lang)) => self.command_error_reply(&e, lang),
            Err(Failure::Engine(e, lang)) => self.engine_error(&e, lang.unwrap_or(guess)),
            Err(Failure::Text(text)) => Reply::text(text),
        };
        // A button pressed in a group by someone it does not serve: tell them, not
        // the whole group.
        if msg.group && matches!(msg.input, Input::Action(_)) {
            return vec![Reply::notice(failed.text)];
        }
        vec![failed]
    }

    async fn dispatch(&self, msg: &Incoming) -> Result<Vec<Reply>, Failure> {
        let guess = language_guess(msg.user.language.as_deref());
        let text = match &msg.input {
            Input::Text(t) => t.as_str(),
            Input::Action(data) => return self.action(msg, data).await,
            Input::Unsupported => {
                if msg.group {
                    return Ok(Vec::new());
                }
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![Reply::text(self.t(lang, "unsupported-message", &[]))]);
            }
            Input::UnreadablePicture => {
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![Reply::text(self.t(lang, "payto-photo-no-qr", &[]))]);
            }
        };
        let parsed = command::parse(text, msg.bot_username.as_deref(), msg.slash_optional);
        let command = match parsed {
            Ok(Parsed::Command(c)) => c,
            // Someone else's bot was addressed: not ours to answer, in any chat.
            Ok(Parsed::OtherBot) => return Ok(Vec::new()),
            Ok(Parsed::Text) => {
                if msg.group {
                    return Ok(Vec::new());
                }
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![self.not_a_command(text, lang)]);
            }
            Err(e) => {
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Err(Failure::Command(e, lang));
            }
        };
        if let Command::Start(payload) = &command {
            return self.start(msg, payload.as_deref()).await;
        }
        if let Command::Connect(Some(code)) = &command {
            return self.connect(msg, code).await;
        }
        let (ctx, mut replies) = match self.seller_for(msg).await? {
            Some(found) => found,
            None => return Ok(vec![self.not_registered(msg, guess)]),
        };
        let lang = ctx.lang;
        // A first command that fails still registered its sender: keep the greeting.
        let more = match self.command(msg, &ctx, command).await {
            Ok(more) => more,
            Err(Failure::Command(e, l)) => vec![self.command_error_reply(&e, l)],
            Err(Failure::Engine(e, l)) => vec![self.engine_error(&e, l.unwrap_or(lang))],
            Err(Failure::Text(text)) => vec![Reply::text(text)],
        };
        replies.extend(more);
        Ok(replies)
    }

    /// An amount in the seller's language, e.g. `฿250.00` or `Rp50.000`.
    #[must_use]
    pub fn amount(&self, minor: i64, currency: &str, lang: &str) -> String {
        match Currency::from_code(currency) {
            Ok(c) => crate::domain::money::format_minor(minor, c, lang),
            Err(_) => format!("{minor} {currency}"),
        }
    }
}

/// The key that applies this message's command at most once, when the door gave the
/// message's id.
fn message_once(msg: &Incoming) -> Option<ApplyOnce> {
    msg.message_id
        .as_deref()
        .map(|id| ApplyOnce::message(&msg.user.channel, &msg.chat, id))
}

/// Why a command could not be answered, and the language to say it in.
enum Failure {
    Command(CommandError, &'static str),
    Engine(EngineError, Option<&'static str>),
    /// A refusal already said in the user's language.
    Text(String),
}

fn ctx(seller: SellerRow) -> Ctx {
    let lang = supported_locale(&seller.locale).unwrap_or(LOCALES[0]);
    Ctx { seller, lang }
}

/// The language of someone not registered yet: their app's hint, else English.
#[must_use]
pub fn language_guess(hint: Option<&str>) -> &'static str {
    hint.and_then(supported_locale).unwrap_or(LOCALES[0])
}

fn action(label: String, data: String) -> Button {
    Button::Action { label, data }
}

/// A status as a small picture.
#[must_use]
pub fn badge(status: &str) -> &'static str {
    match status {
        "active" => "🟢",
        "partially_paid" => "🌓",
        "paid" => "✅",
        "expired" => "⌛",
        "cancelled" => "✖️",
        "refunded" | "partially_refunded" => "↩️",
        _ => "•",
    }
}

/// Seller-provided text placed inside one of our sentences: isolated, so bidirectional
/// or invisible characters in it cannot reorder or hide what surrounds it.
#[must_use]
pub fn shown(s: &str) -> String {
    crate::domain::text::isolate(s)
}

/// `s` cut to `max` characters, an ellipsis marking the cut.
#[must_use]
pub fn clip(s: &str, max: usize) -> String {
    crate::domain::text::clip(s, max)
}

/// A provider's name as sellers know it.
#[must_use]
pub fn provider_label(name: &str) -> &'static str {
    match name {
        "stripe" => "Stripe",
        "xendit" => "Xendit",
        "sandbox" => "paychat sandbox",
        "manual" => "manual",
        _ => "the payment provider",
    }
}
