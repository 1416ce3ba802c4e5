//! The Telegram door: turns Bot API updates into conversation input and conversation
//! [`Reply`]s into Bot API calls (teloxide's client), plus inline mode and the outbox
//! channel that pushes status messages.
//!
//! Every call has a timeout; an error in one update is logged and the next one is
//! handled. Error texts pass through [`TelegramBot::redact`] because reqwest puts the
//! request URL, which holds the token, into its errors.

mod channel;
pub mod limiter;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, BotCommandScope, ChatMemberUpdated, ChosenInlineResult,
    CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup, InlineQuery, InlineQueryResult,
    InlineQueryResultArticle, InlineQueryResultsButton, InlineQueryResultsButtonKind, InputFile,
    InputMessageContent, InputMessageContentText, LinkPreviewOptions, MessageId, ParseMode,
    UpdateKind,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use channel::TelegramChannel;
use limiter::{Limiter, Limits};

use crate::config::TelegramSettings;
use crate::conversation::{
    Attachment, Button, Conversation, Incoming, InlineAnswer, Input, Reply, START_HELP,
    START_INLINE, clip,
};
use crate::domain::TimeZone;
use crate::domain::command::COMMANDS;
use crate::engine::chat::ChatUser;
use crate::engine::sellers::LOCALES;

/// The channel name in the outbox and in `seller_channels`.
pub const CHANNEL: &str = "telegram";

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
    pub fn new(
        settings: TelegramSettings,
        conversation: Arc<Conversation>,
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
        }))
    }

    /// The conversation behind the bot.
    #[must_use]
    pub fn conversation(&self) -> &Arc<Conversation> {
        &self.conversation
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

    /// Learns the bot's name, sets its command menu in every language, and in webhook
    /// mode points Telegram at us. Retries until Telegram answers or `stop`.
    pub async fn prepare(&self, public_url: &str, stop: &mut watch::Receiver<bool>) -> bool {
        let mut wait = Duration::from_secs(1);
        loop {
            match self.call(self.bot.get_me()).await {
                Ok(me) => {
                    let name = me.username.clone().unwrap_or_default();
                    let _ = self.username.set(name.clone());
                    tracing::info!(bot = %name, "Telegram bot connected");
                    break;
                }
                Err(e) => {
                    tracing::error!(error = %e, "Telegram getMe failed (is telegram.token right?); retrying");
                }
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stop.changed() => return false,
            }
            wait = (wait * 2).min(Duration::from_secs(60));
        }
        self.set_commands().await;
        if self.settings.webhook {
            let url = format!("{public_url}/webhooks/telegram");
            let Ok(url) = reqwest::Url::parse(&url) else {
                tracing::error!(%url, "not a URL; Telegram webhook not set");
                return true;
            };
            let req = self
                .bot
                .set_webhook(url)
                .secret_token(self.settings.webhook_secret.expose().to_owned())
                .allowed_updates(allowed_updates());
            if let Err(e) = self.call(req).await {
                tracing::error!(error = %e, "setting the Telegram webhook failed");
            }
        } else if let Err(e) = self.call(self.bot.delete_webhook()).await {
            // getUpdates answers 409 while a webhook is set.
            tracing::warn!(error = %e, "deleting a Telegram webhook failed");
        }
        true
    }

    /// The command menu in every shipped language (`pt-BR` is Telegram's `pt`).
    async fn set_commands(&self) {
        for lang in LOCALES {
            let commands: Vec<BotCommand> = COMMANDS
                .iter()
                .filter(|c| !matches!(**c, "start" | "menu"))
                .map(|c| BotCommand::new(*c, self.conversation.t(lang, &format!("cmd-{c}"), &[])))
                .collect();
            let mut req = self
                .bot
                .set_my_commands(commands)
                .scope(BotCommandScope::Default);
            if lang != "en" {
                req = req.language_code(lang.split('-').next().unwrap_or(lang).to_owned());
            }
            if let Err(e) = self.call(req).await {
                tracing::warn!(error = %e, %lang, "setting the command menu failed");
            }
        }
    }

    /// Long polling until `stop`: fetches updates, handles them (chats in parallel, each
    /// chat in order), then confirms them with the next offset.
    pub async fn run_polling(self: Arc<Self>, public_url: String, mut stop: watch::Receiver<bool>) {
        if !self.prepare(&public_url, &mut stop).await {
            return;
        }
        let mut offset: i32 = 0;
        let mut failures: u32 = 0;
        // Telegram learns that the updates below `offset` were handled from the next
        // getUpdates. Stopping before that one went out, they are confirmed on the way
        // out, or the next process would handle them again (a second /paid…).
        let mut confirmed = true;
        loop {
            if *stop.borrow() {
                break;
            }
            let timeout = u32::try_from(self.settings.poll_timeout.as_secs()).unwrap_or(25);
            let req = self
                .bot
                .get_updates()
                .offset(offset)
                .timeout(timeout)
                .allowed_updates(allowed_updates());
            let fetched = tokio::select! {
                r = tokio::time::timeout(
                    self.settings.poll_timeout + self.settings.request_timeout,
                    req.into_future(),
                ) => r,
                _ = stop.changed() => break,
            };
            let updates = match fetched {
                Ok(Ok(u)) => {
                    failures = 0;
                    confirmed = true;
                    u
                }
                other => {
                    let error = match other {
                        Ok(Err(e)) => self.redact(&e.to_string()),
                        _ => "timed out".to_owned(),
                    };
                    failures += 1;
                    let wait = Duration::from_millis(500 * u64::from(failures.min(20)));
                    tracing::warn!(%error, retry_in_ms = wait.as_millis() as u64, "getUpdates failed");
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => break,
                    }
                    continue;
                }
            };
            if let Some(last) = updates.iter().map(|u| u.id.0).max() {
                offset = i32::try_from(last).unwrap_or(i32::MAX).saturating_add(1);
                confirmed = false;
            }
            self.clone().handle_batch(updates).await;
        }
        if !confirmed {
            let req = self.bot.get_updates().offset(offset).timeout(0).limit(1);
            if let Err(e) = self.call(req).await {
                tracing::warn!(error = %e, "confirming the last Telegram updates failed");
            }
        }
    }

    /// Handles updates: one task per chat, each chat's updates in order.
    pub async fn handle_batch(self: Arc<Self>, updates: Vec<Update>) {
        let mut by_chat: HashMap<i64, Vec<Update>> = HashMap::new();
        for u in updates {
            let key = u
                .chat()
                .map(|c| c.id.0)
                .or_else(|| u.from().map(|f| i64::try_from(f.id.0).unwrap_or(0)))
                .unwrap_or(0);
            by_chat.entry(key).or_default().push(u);
        }
        let mut tasks = JoinSet::new();
        for (_, group) in by_chat {
            let this = self.clone();
            tasks.spawn(async move {
                for u in group {
                    this.handle_update(u).await;
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            if let Err(e) = done {
                // A panic in one update's handling stays in that update.
                tracing::error!(error = %e, "handling a Telegram update panicked");
            }
        }
    }

    /// Handles one update; never fails (errors are logged).
    #[tracing::instrument(name = "telegram.update", skip_all, fields(update.id = update.id.0))]
    pub async fn handle_update(&self, update: Update) {
        match update.kind {
            UpdateKind::Message(m) => self.on_message(m).await,
            UpdateKind::CallbackQuery(q) => self.on_callback(q).await,
            UpdateKind::InlineQuery(q) => self.on_inline_query(q).await,
            UpdateKind::ChosenInlineResult(r) => self.on_chosen(r).await,
            UpdateKind::MyChatMember(m) => self.on_membership(m).await,
            UpdateKind::Error(v) => {
                tracing::warn!(kind = %first_key(&v), "Telegram update not understood; skipped");
            }
            _ => {}
        }
    }

    fn user(from: &teloxide::types::User) -> ChatUser {
        let mut name = from.first_name.clone();
        if let Some(last) = &from.last_name {
            name.push(' ');
            name.push_str(last);
        }
        ChatUser {
            channel: CHANNEL.into(),
            external_user: from.id.0.to_string(),
            // A private chat's id is the user's id: pushes go there.
            chat: from.id.0.to_string(),
            name,
            language: from.language_code.clone(),
            timezone: from
                .language_code
                .as_deref()
                .and_then(TimeZone::for_language),
        }
    }

    async fn on_message(&self, m: Message) {
        let Some(from) = m.from.as_ref() else { return };
        if from.is_bot {
            return;
        }
        let chat = m.chat.id.0;
        let input = match (m.text(), m.photo(), m.caption()) {
            (Some(t), _, _) => Input::Text(t.to_owned()),
            // `/payto qris` under a photo of the shop's QRIS: the code read from it.
            (None, Some(sizes), Some(caption)) if is_payto(caption) => {
                match self.qr_in_photo(sizes).await {
                    Some(code) => Input::Text(format!("{} {code}", caption.trim())),
                    None => Input::UnreadablePicture,
                }
            }
            (None, ..) if m.chat.is_private() => Input::Unsupported,
            (None, ..) => return,
        };
        // Someone who writes to us has not blocked us (any more), even if the
        // my_chat_member update that said so was missed.
        if m.chat.is_private()
            && let Ok(true) = self
                .conversation
                .engine()
                .chat_blocked(CHANNEL, &chat.to_string())
                .await
        {
            self.mark_blocked(chat, false).await;
        }
        let incoming = Incoming {
            user: Self::user(from),
            chat: chat.to_string(),
            group: !m.chat.is_private(),
            message_id: Some(m.id.0.to_string()),
            bot_username: self.username.get().cloned(),
            slash_optional: false,
            input,
        };
        let replies = self.conversation.handle(&incoming).await;
        self.send_replies(chat, None, &replies).await;
    }

    /// The first QR code in the largest size of a photo; `None` when the photo cannot
    /// be fetched or shows none.
    async fn qr_in_photo(&self, sizes: &[teloxide::types::PhotoSize]) -> Option<String> {
        use teloxide::net::Download;
        let best = sizes.iter().max_by_key(|s| s.width * s.height)?;
        if best.file.size as usize > crate::adapters::slip::MAX_SLIP_BYTES {
            return None;
        }
        let file = match self.call(self.bot.get_file(best.file.id.clone())).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "fetching a photo's file failed");
                return None;
            }
        };
        let mut bytes: Vec<u8> = Vec::new();
        if let Err(e) = self.bot.download_file(&file.path, &mut bytes).await {
            tracing::warn!(error = %self.redact(&e.to_string()), "downloading a photo failed");
            return None;
        }
        crate::adapters::slip::qr_texts(&bytes)
            .ok()?
            .into_iter()
            .next()
    }

    async fn on_callback(&self, q: CallbackQuery) {
        let (Some(data), Some(msg)) = (q.data.clone(), q.message.as_ref()) else {
            self.answer_callback(&q, None).await;
            return;
        };
        let chat = msg.chat().id.0;
        let incoming = Incoming {
            user: Self::user(&q.from),
            chat: chat.to_string(),
            group: !msg.chat().is_private(),
            // The press's own id: the same press delivered twice is applied once.
            message_id: Some(format!("cb:{}", q.id)),
            bot_username: self.username.get().cloned(),
            slash_optional: false,
            input: Input::Action(data),
        };
        let handling = self.conversation.handle(&incoming);
        tokio::pin!(handling);
        // A notice is the answer to the press itself (a toast for the presser only);
        // answering also stops the button's spinner. Notices come quickly (they need no
        // provider): a press that takes longer, a refund say, is answered at once so
        // the spinner stops and Telegram's deadline for answers is kept.
        let replies = tokio::select! {
            r = &mut handling => r,
            () = tokio::time::sleep(CALLBACK_PATIENCE) => {
                self.answer_callback(&q, None).await;
                let late: Vec<Reply> = handling.await;
                let (notices, replies): (Vec<Reply>, Vec<Reply>) =
                    late.into_iter().partition(|r| r.notice);
                // Too late for a toast: said in the chat where that is private.
                let said: Vec<Reply> = if incoming.group { Vec::new() } else { notices };
                self.send_replies(chat, Some(msg.id()), &said).await;
                self.send_replies(chat, Some(msg.id()), &replies).await;
                return;
            }
        };
        let (notices, replies): (Vec<Reply>, Vec<Reply>) =
            replies.into_iter().partition(|r| r.notice);
        self.answer_callback(&q, notices.first().map(|n| n.text.as_str()))
            .await;
        self.send_replies(chat, Some(msg.id()), &replies).await;
    }

    async fn answer_callback(&self, q: &CallbackQuery, text: Option<&str>) {
        let mut req = self.bot.answer_callback_query(q.id.clone());
        if let Some(t) = text {
            req = req.text(clip(t, MAX_NOTICE));
        }
        if let Err(e) = self.call(req).await {
            tracing::debug!(error = %e, "answerCallbackQuery failed");
        }
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
            if let Err(e) = self.send_reply(chat, pressed, r, false).await {
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
    async fn wait_slot(&self, chat: i64) {
        while let Err(wait) = self.limiter.reserve(chat, std::time::Instant::now()) {
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends one reply: text (or an edit), then its attachment, each in its turn under
    /// the sending limits. `slot_taken`: the caller already reserved the first message's
    /// slot (the outbox channel does).
    pub(crate) async fn send_reply(
        &self,
        chat: i64,
        pressed: Option<MessageId>,
        r: &Reply,
        slot_taken: bool,
    ) -> Result<(), CallError> {
        let chat_id = ChatId(chat);
        let has_text = r.title.is_some() || !r.text.is_empty();
        let mut slot_taken = slot_taken;
        if has_text {
            if !std::mem::take(&mut slot_taken) {
                self.wait_slot(chat).await;
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
            self.wait_slot(chat).await;
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

    async fn on_membership(&self, m: ChatMemberUpdated) {
        let chat = m.chat.id.0;
        let gone = m.new_chat_member.is_banned() || !m.new_chat_member.is_present();
        self.mark_blocked(chat, gone).await;
    }

    /// Inline mode: `@bot 250 THB tuition` offers a new link card, `@bot <code>` (or
    /// nothing) offers existing open links.
    async fn on_inline_query(&self, q: InlineQuery) {
        let answer = self.inline_results(&q).await;
        let (results, button) = answer;
        let mut req = self
            .bot
            .answer_inline_query(q.id.clone(), results)
            .cache_time(0)
            .is_personal(true);
        if let Some(b) = button {
            req = req.button(b);
        }
        if let Err(e) = self.call(req).await {
            tracing::warn!(error = %e, "answerInlineQuery failed");
        }
    }

    async fn inline_results(
        &self,
        q: &InlineQuery,
    ) -> (Vec<InlineQueryResult>, Option<InlineQueryResultsButton>) {
        let start_button = |text: String, param: &str| InlineQueryResultsButton {
            text,
            kind: InlineQueryResultsButtonKind::StartParameter(param.to_owned()),
        };
        let answer = self
            .conversation
            .inline_cards(
                CHANNEL,
                &q.from.id.0.to_string(),
                q.from.language_code.as_deref(),
                &q.query,
            )
            .await;
        match answer {
            InlineAnswer::Cards(cards) => (
                cards
                    .into_iter()
                    .map(|c| article(c.id, c.title, c.description, &c.card))
                    .collect(),
                None,
            ),
            InlineAnswer::Register { button } => {
                (Vec::new(), Some(start_button(button, START_INLINE)))
            }
            InlineAnswer::Error { button } => (Vec::new(), Some(start_button(button, START_HELP))),
            InlineAnswer::Nothing => (Vec::new(), None),
        }
    }

    /// The seller picked an inline card: the conversation makes the link (for a new
    /// one) and remembers the card so it shows when the link is paid.
    async fn on_chosen(&self, r: ChosenInlineResult) {
        let Some(card_ref) = r.inline_message_id.clone() else {
            return;
        };
        self.conversation
            .inline_chosen(
                CHANNEL,
                &r.from.id.0.to_string(),
                (&r.result_id, &r.query),
                &card_ref,
            )
            .await;
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

/// How long a button press may take before it is answered without a notice.
const CALLBACK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Whether a photo's caption is a `/payto` command (a QRIS sent as a picture).
fn is_payto(caption: &str) -> bool {
    caption
        .trim_start()
        .split(|c: char| c.is_whitespace() || c == '@')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("/payto"))
}

fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::InlineQuery,
        AllowedUpdate::ChosenInlineResult,
        AllowedUpdate::MyChatMember,
    ]
}

fn first_key(v: &serde_json::Value) -> String {
    v.as_object()
        .and_then(|o| o.keys().find(|k| *k != "update_id").cloned())
        .unwrap_or_default()
}

fn article(id: String, title: String, description: String, card: &Reply) -> InlineQueryResult {
    let content = InputMessageContent::Text(
        InputMessageContentText::new(html(card, MAX_TEXT)).parse_mode(ParseMode::Html),
    );
    let mut a = InlineQueryResultArticle::new(id, title, content);
    // The seller's own words under the result's title: a line, without the marks
    // that could reorder it.
    let description = clip(&crate::domain::text::clean(&description), 100);
    if !description.is_empty() {
        a = a.description(description);
    }
    if let Some(kb) = keyboard(&card.buttons, true) {
        a = a.reply_markup(kb);
    }
    InlineQueryResult::Article(a)
}

/// Telegram HTML: every user string escaped; the title bold.
#[must_use]
pub fn html(r: &Reply, max: usize) -> String {
    let mut out = String::new();
    if let Some(t) = &r.title {
        out.push_str("<b>");
        out.push_str(&escape(&clip(t, 256)));
        out.push_str("</b>");
        if !r.text.is_empty() {
            out.push('\n');
        }
    }
    // Clip before escaping so an entity is never cut; escaping can grow the text,
    // so leave room for it.
    out.push_str(&escape(&clip(&r.text, max.saturating_sub(out.len()) / 2)));
    out
}

/// `<`, `>`, `&` escaped for Telegram's HTML parse mode.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

fn keyboard(rows: &[Vec<Button>], with_urls: bool) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| match b {
                    Button::Url { label, url } => with_urls
                        .then(|| reqwest::Url::parse(url).ok())
                        .flatten()
                        .map(|u| InlineKeyboardButton::url(label.clone(), u)),
                    Button::Action { label, data } => {
                        Some(InlineKeyboardButton::callback(label.clone(), data.clone()))
                    }
                    Button::Share { label, query } => Some(
                        InlineKeyboardButton::switch_inline_query(label.clone(), query.clone()),
                    ),
                    Button::Copy { label, text } => Some(InlineKeyboardButton::copy_text_button(
                        label.clone(),
                        CopyTextButton { text: text.clone() },
                    )),
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}
