//! Documents sent to the bot: a CSV becomes links in bulk. The file is fetched through
//! getFile when the conversation says it fits, and progress is one message edited in
//! place (at most about once a second) whose last edit is the summary.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{Document, MessageId};

use super::limiter::Sending;
use super::{MAX_TEXT, TelegramBot};
use crate::conversation::{Incoming, Input, Progress, Upload, clip};

/// The shortest time between two progress edits (Telegram allows about one message a
/// second in a private chat).
const EDIT_GAP: Duration = Duration::from_secs(1);

impl TelegramBot {
    /// A document in a private chat: a bulk upload when it is a CSV, else a clear no.
    pub(super) async fn on_document(
        &self,
        m: &Message,
        from: &teloxide::types::User,
        doc: &Document,
    ) {
        let chat = m.chat.id.0;
        let upload = Upload {
            file_key: doc.file.unique_id.0.clone(),
            name: doc.file_name.clone(),
            mime: doc.mime_type.as_ref().map(ToString::to_string),
            size: Some(u64::from(doc.file.size)),
        };
        let bytes = if self.conversation.upload_fits(&upload) {
            self.download(doc).await
        } else {
            None
        };
        let incoming = Incoming {
            user: Self::user(from),
            chat: chat.to_string(),
            group: false,
            message_id: Some(m.id.0.to_string()),
            bot_username: self.username.get().cloned(),
            slash_optional: false,
            input: Input::Unsupported,
        };
        let progress = EditedProgress {
            bot: self,
            chat,
            message: Mutex::new(None),
        };
        let replies = self
            .conversation
            .bulk_upload(&incoming, &upload, bytes, &progress)
            .await;
        self.send_replies(chat, None, &replies).await;
    }

    /// The document's bytes, or `None` when Telegram would not give them.
    async fn download(&self, doc: &Document) -> Option<Vec<u8>> {
        let file = match self.call(self.bot.get_file(doc.file.id.clone())).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "fetching a document's file failed");
                return None;
            }
        };
        let mut bytes: Vec<u8> = Vec::new();
        if let Err(e) = self.bot.download_file(&file.path, &mut bytes).await {
            tracing::warn!(error = %self.redact(&e.to_string()), "downloading a document failed");
            return None;
        }
        Some(bytes)
    }
}

/// One progress message, sent first and then edited.
struct EditedProgress<'a> {
    bot: &'a TelegramBot,
    chat: i64,
    /// The progress message and when it last changed.
    message: Mutex<Option<(MessageId, Instant)>>,
}

#[async_trait]
impl Progress for EditedProgress<'_> {
    async fn show(&self, text: &str, last: bool) {
        let text = clip(text, MAX_TEXT);
        let shown = *self
            .message
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let chat_id = ChatId(self.chat);
        let edited = match shown {
            Some((_, at)) if !last && at.elapsed() < EDIT_GAP => return,
            Some((id, _)) => {
                self.bot.wait_slot(self.chat, Sending::Answer).await;
                let edit = self.bot.bot.edit_message_text(chat_id, id, text.clone());
                match self.bot.call(edit).await {
                    Ok(_) => Some(id),
                    Err(e) if e.to_string().contains("not modified") => Some(id),
                    Err(e) => {
                        tracing::warn!(error = %e, "editing the bulk progress failed");
                        None
                    }
                }
            }
            None => None,
        };
        // A first message, or the summary when its message could not be edited (the
        // seller deleted it): the summary is never lost.
        let sent = match edited {
            Some(id) => Some(id),
            None if shown.is_some() && !last => None,
            None => {
                self.bot.wait_slot(self.chat, Sending::Answer).await;
                let send = self.bot.bot.send_message(chat_id, text);
                match self.bot.call(send).await {
                    Ok(m) => Some(m.id),
                    Err(e) => {
                        tracing::warn!(error = %e, "sending the bulk progress failed");
                        None
                    }
                }
            }
        };
        if let Some(id) = sent {
            *self
                .message
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((id, Instant::now()));
        }
    }
}
