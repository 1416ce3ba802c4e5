//! The Telegram door: turns Bot API updates into conversation input and conversation
//! [`Reply`]s into Bot API calls (teloxide's client), plus inline mode and the outbox
//! channel that pushes status messages.
//!
//! Every call has a timeout; an error in one update is logged and the next one is
//! handled. Error texts pass through [`TelegramBot::redact`] because reqwest puts the
//! request URL, which holds the token, into its errors.

mod channel;
mod documents;
pub mod limiter;
mod polling;
mod render;
mod updates;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, InputFile, LinkPreviewOptions, MessageId, ParseMode};
use teloxide::{ApiError, RequestError};

pub use channel::{InboundChannel as TelegramInbound, TelegramChannel};
use limiter::{Limiter, Limits, Sending};
use render::keyboard;
pub use render::{escape, html};

use crate::config::TelegramSettings;
use crate::conversation::{Attachment, Conversation, Reply, clip};

/// The channel name in the outbox and in `seller_channels`.
pub const CHANNEL: &str = "telegram";
/// The outbox channel of received updates waiting to be handled.
pub const INBOUND: &str = "telegram-in";

/// Longest text Telegram takes in a message and in a caption (characters).
const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;
/// answerCallbackQuery text: 0-200 characters.
const MAX_NOTICE: usize = 200;

/// The bot: a teloxide client, the conversation, and the sending limits.
pub struct TelegramBot {
    bot: Bot,
    conversation: Arc<Conversation>,
    settings: TelegramSettings,
    token: String,
    /// `@name` from getMe, once known.
    username: OnceLock<String>,
    pub(crate) limiter: Limiter,
    /// Whether this replica holds the bot's lease: polls it and sends through it.
    serving: tokio::sync::watch::Receiver<bool>,
}

/// What went wrong with a Bot API call, classified for retry decisions.
#[derive(Debug)]
pub(crate) enum CallError {
    /// 429: wait this long.
    RetryAfter(Duration),
    /// The user blocked the bot or left: stop sending there.
    Blocked(String),
    /// Network trouble, a timeout or a 5xx: worth retrying.
    Transient(String),
    /// Telegram refused the request itself (4xx): retrying will not help.
    Refused(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RetryAfter(d) => write!(f, "Telegram asked to retry after {}s", d.as_secs()),
            Self::Blocked(m) => write!(f, "chat unreachable: {m}"),
            Self::Transient(m) => write!(f, "Telegram unavailable: {m}"),
            Self::Refused(m) => write!(f, "Telegram refused: {m}"),
        }
    }
}

impl TelegramBot {
    /// A bot for `settings` (which must carry a token) answering through `conversation`.
    ///
    /// # Errors
    /// When the API URL or the HTTP client cannot be built.
    /// A bot for `settings` answering through `conversation`; it polls and sends only
    /// while `serving` (the replica holds the bot's lease) is true.
    pub fn new(
        settings: TelegramSettings,
        conversation: Arc<Conversation>,
        serving: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<Arc<Self>> {
        let token = settings
            .token
            .as_ref()
            .map(|t| t.expose().to_owned())
            .ok_or_else(|| anyhow::anyhow!("telegram.token is not set"))?;
        let api_url = reqwest::Url::parse(&settings.api_url)
            .map_err(|e| anyhow::anyhow!("telegram.api_url: {e}"))?;
        // Long polls hold the request open for poll_timeout: the client waits longer.
        let client = reqwest::Client::builder()
            .timeout(settings.poll_timeout + settings.request_timeout)
            .connect_timeout(settings.request_timeout)
            .build()
            .map_err(|e| anyhow::anyhow!("building the Telegram HTTP client: {e}"))?;
        let bot = Bot::with_client(&token, client).set_api_url(api_url);
        let limiter = Limiter::new(Limits {
            per_second: settings.max_per_second,
            private_gap: settings.private_chat_gap,
            group_per_minute: settings.group_per_minute,
        });
        Ok(Arc::new(Self {
            bot,
            conversation,
            settings,
            token,
            username: OnceLock::new(),
            limiter,
            serving,
        }))
    }

    /// The conversation behind the bot.
    #[must_use]
    pub fn conversation(&self) -> &Arc<Conversation> {
        &self.conversation
    }

    /// Whether this replica polls the bot and sends through it now.
    #[must_use]
    pub fn serving(&self) -> bool {
        *self.serving.borrow()
    }

    /// The lease whose holder polls this bot and sends through it (one per bot token:
    /// its id, the part before the colon, which is no secret).
    #[must_use]
    pub fn lease_name(&self) -> String {
        let id = self.token.split(':').next().unwrap_or_default();
        format!("telegram:{id}")
    }

    /// Whether updates come by webhook.
    #[must_use]
    pub fn webhook_mode(&self) -> bool {
        self.settings.webhook
    }

    /// The secret Telegram sends with webhook updates.
    #[must_use]
    pub fn webhook_secret(&self) -> &str {
        self.settings.webhook_secret.expose()
    }

    /// `text` with the token cut out.
    #[must_use]
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.token, "<token>")
    }

    /// Runs a call with the request timeout and classifies its failure.
    pub(crate) async fn call<T>(
        &self,
        fut: impl std::future::IntoFuture<Output = Result<T, RequestError>>,
    ) -> Result<T, CallError> {
        match tokio::time::timeout(self.settings.request_timeout, fut.into_future()).await {
            Err(_) => Err(CallError::Transient("timed out".into())),
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.classify(&e)),
        }
    }

    fn classify(&self, e: &RequestError) -> CallError {
        match e {
            RequestError::RetryAfter(s) => CallError::RetryAfter(s.duration()),
            RequestError::Api(api) => {
                let text = api.to_string();
                match api {
                    ApiError::BotBlocked
                    | ApiError::UserDeactivated
                    | ApiError::BotKicked
                    | ApiError::BotKickedFromSupergroup
                    | ApiError::ChatNotFound => CallError::Blocked(text),
                    _ if text.starts_with("Forbidden") => CallError::Blocked(text),
                    // teloxide reports 5xx answers as unknown API errors.
                    ApiError::Unknown(d)
                        if d.contains("Internal Server Error")
                            || d.contains("Bad Gateway")
                            || d.contains("Service Unavailable")
                            || d.contains("Gateway Timeout") =>
                    {
                        CallError::Transient(text)
                    }
                    _ => CallError::Refused(text),
                }
            }
            RequestError::MigrateToChatId(_) => CallError::Refused(self.redact(&e.to_string())),
            RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
                CallError::Transient(self.redact(&e.to_string()))
            }
        }
    }

    /// Whether getMe has answered: until then a command addressed to a bot by name
    /// cannot be told apart from one for us.
    #[must_use]
    pub fn knows_its_name(&self) -> bool {
        self.username.get().is_some()
    }

    /// Sends replies in order to `chat`; `pressed` is the message whose button was
    /// pressed, which an `edit` reply replaces.
    pub(crate) async fn send_replies(
        &self,
        chat: i64,
        pressed: Option<MessageId>,
        replies: &[Reply],
    ) {
        for r in replies {
            if let Err(e) = self
                .send_reply(chat, pressed, r, Sending::Answer, false)
                .await
            {
                tracing::warn!(error = %e, "sending a reply to Telegram failed");
                match e {
                    CallError::Blocked(_) => {
                        self.mark_blocked(chat, true).await;
                        return;
                    }
                    // Hold back whatever goes to this chat next, pushes included.
                    CallError::RetryAfter(wait) => {
                        self.limiter.pause(chat, wait, std::time::Instant::now());
                    }
                    _ => {}
                }
            }
        }
    }

    /// Waits until the limiter lets a message go to `chat`: replies wait for their
    /// turn rather than earn a 429 (which would lose them).
    async fn wait_slot(&self, chat: i64, sending: Sending) {
        while let Err(wait) = self
            .limiter
            .reserve(chat, sending, std::time::Instant::now())
        {
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends one reply: text (or an edit), then its attachment, each in its turn under
    /// the sending limits as `sending`. `slot_taken`: the caller already reserved the
    /// first message's slot (the outbox channel does).
    pub(crate) async fn send_reply(
        &self,
        chat: i64,
        pressed: Option<MessageId>,
        r: &Reply,
        sending: Sending,
        slot_taken: bool,
    ) -> Result<(), CallError> {
        let chat_id = ChatId(chat);
        let has_text = r.title.is_some() || !r.text.is_empty();
        let mut slot_taken = slot_taken;
        if has_text {
            if !std::mem::take(&mut slot_taken) {
                self.wait_slot(chat, sending).await;
            }
            let html = html(r, MAX_TEXT);
            let kb = keyboard(&r.buttons, true);
            let result = self
                .send_text(chat_id, pressed.filter(|_| r.edit), &html, kb)
                .await;
            match result {
                // Telegram refuses URL buttons to addresses it cannot open (a local
                // public_url); the text carries the link anyway, so send without them.
                Err(CallError::Refused(m)) if m.to_ascii_lowercase().contains("url") => {
                    let kb = keyboard(&r.buttons, false);
                    self.send_text(chat_id, pressed.filter(|_| r.edit), &html, kb)
                        .await?;
                }
                other => other?,
            }
        }
        if r.attachment.is_some() && !slot_taken {
            self.wait_slot(chat, sending).await;
        }
        match &r.attachment {
            None => {}
            Some(Attachment::Qr { png, caption, .. }) => {
                let req = self
                    .bot
                    .send_photo(chat_id, InputFile::memory(png.clone()).file_name("qr.png"))
                    .caption(clip(caption, MAX_CAPTION));
                self.call(req).await?;
            }
            Some(Attachment::Document {
                filename,
                bytes,
                caption,
                ..
            }) => {
                let req = self
                    .bot
                    .send_document(
                        chat_id,
                        InputFile::memory(bytes.clone()).file_name(filename.clone()),
                    )
                    .caption(clip(caption, MAX_CAPTION));
                self.call(req).await?;
            }
        }
        Ok(())
    }

    async fn send_text(
        &self,
        chat_id: ChatId,
        edit: Option<MessageId>,
        html: &str,
        kb: Option<InlineKeyboardMarkup>,
    ) -> Result<(), CallError> {
        let no_preview = LinkPreviewOptions {
            is_disabled: true,
            url: None,
            prefer_small_media: false,
            prefer_large_media: false,
            show_above_text: false,
        };
        if let Some(id) = edit {
            let mut req = self
                .bot
                .edit_message_text(chat_id, id, html.to_owned())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview);
            if let Some(kb) = kb {
                req = req.reply_markup(kb);
            }
            return match self.call(req).await {
                Ok(_) => Ok(()),
                Err(CallError::Refused(m)) if m.contains("not modified") => Ok(()),
                Err(e) => Err(e),
            };
        }
        let mut req = self
            .bot
            .send_message(chat_id, html.to_owned())
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview);
        if let Some(kb) = kb {
            req = req.reply_markup(kb);
        }
        self.call(req).await.map(|_| ())
    }

    async fn mark_blocked(&self, chat: i64, blocked: bool) {
        let engine = self.conversation.engine();
        if let Err(e) = engine
            .set_chat_blocked(CHANNEL, &chat.to_string(), blocked)
            .await
        {
            tracing::error!(error = %e, "recording a blocked chat failed");
        }
    }

    /// Replaces a shared inline card's content.
    pub(crate) async fn edit_card(&self, card_ref: &str, card: &Reply) -> Result<(), CallError> {
        let mut req = self
            .bot
            .edit_message_text_inline(card_ref.to_owned(), html(card, MAX_TEXT))
            .parse_mode(ParseMode::Html);
        if let Some(kb) = keyboard(&card.buttons, true) {
            req = req.reply_markup(kb);
        }
        match self.call(req).await {
            Ok(_) => Ok(()),
            Err(CallError::Refused(m)) if m.contains("not modified") => Ok(()),
            Err(e) => Err(e),
        }
    }
}
