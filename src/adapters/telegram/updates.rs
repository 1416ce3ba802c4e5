//! One update at a time: messages, photos, button presses, membership changes and
//! inline queries turned into conversation input, and the answers sent.

use teloxide::prelude::*;
use teloxide::types::{
    ChatMemberUpdated, ChosenInlineResult, InlineQuery, InlineQueryResult,
    InlineQueryResultsButton, InlineQueryResultsButtonKind, UpdateKind,
};

use super::render::article;
use super::{CHANNEL, MAX_NOTICE, TelegramBot};
use crate::conversation::{Incoming, InlineAnswer, Input, Reply, START_HELP, START_INLINE, clip};
use crate::domain::TimeZone;
use crate::engine::chat::ChatUser;

impl TelegramBot {
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

    pub(super) fn user(from: &teloxide::types::User) -> ChatUser {
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

    pub(super) async fn on_message(&self, m: Message) {
        let Some(from) = m.from.as_ref() else { return };
        if from.is_bot {
            return;
        }
        let chat = m.chat.id.0;
        // A file in a private chat: links in bulk from a CSV (groups: not ours to read).
        if let Some(doc) = m.document() {
            if m.chat.is_private() {
                self.on_document(&m, from, doc).await;
            }
            return;
        }
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
    pub(super) async fn qr_in_photo(&self, sizes: &[teloxide::types::PhotoSize]) -> Option<String> {
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

    pub(super) async fn on_callback(&self, q: CallbackQuery) {
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

    pub(super) async fn answer_callback(&self, q: &CallbackQuery, text: Option<&str>) {
        let mut req = self.bot.answer_callback_query(q.id.clone());
        if let Some(t) = text {
            req = req.text(clip(t, MAX_NOTICE));
        }
        if let Err(e) = self.call(req).await {
            tracing::debug!(error = %e, "answerCallbackQuery failed");
        }
    }

    pub(super) async fn on_membership(&self, m: ChatMemberUpdated) {
        let chat = m.chat.id.0;
        let gone = m.new_chat_member.is_banned() || !m.new_chat_member.is_present();
        self.mark_blocked(chat, gone).await;
    }

    /// Inline mode: `@bot 250 THB tuition` offers a new link card, `@bot <code>` (or
    /// nothing) offers existing open links.
    pub(super) async fn on_inline_query(&self, q: InlineQuery) {
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

    pub(super) async fn inline_results(
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
    pub(super) async fn on_chosen(&self, r: ChosenInlineResult) {
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

/// The kind of an update not understood, for the log.
fn first_key(v: &serde_json::Value) -> String {
    v.as_object()
        .and_then(|o| o.keys().find(|k| *k != "update_id").cloned())
        .unwrap_or_default()
}
