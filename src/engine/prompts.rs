//! Questions asked in a chat and answered by a button, and the key that makes a chat
//! command apply at most once.
//!
//! A button carries only a prompt's id (Telegram allows 64 bytes of data); what the
//! answer does and who may give it are stored here. A prompt asked for an incoming
//! message takes its id from that message, so the same message handled twice asks the
//! same question, and answering it twice applies once (see [`ApplyOnce`]).

use sha2::{Digest, Sha256};

use super::store::{PromptRow, StoreError};
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::SellerId;

/// How long a question can be answered.
const PROMPT_TTL_MS: i64 = 24 * 3_600_000;

/// How long a chat command's "applied once" receipt is kept: well past the longest
/// redelivery and the life of a question.
const CHAT_RECEIPT_TTL_MS: i64 = 7 * 24 * 3_600_000;

/// The key of one chat command's effect: the incoming message it came from, or the
/// prompt it answers. The effect commits together with this key in the webhook
/// receipts, so a redelivered message or a second tap changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOnce(String);

impl ApplyOnce {
    /// For a message of `chat` on `channel` with the app's message id.
    #[must_use]
    pub fn message(channel: &str, chat: &str, message_id: &str) -> Self {
        Self(format!("msg:{channel}:{chat}:{message_id}"))
    }

    /// For the answer to a prompt: whichever tap comes first applies.
    #[must_use]
    pub fn prompt(id: &str) -> Self {
        Self(format!("prompt:{id}"))
    }

    /// The key as text (also an idempotency key for link creation).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The receipt row (source, key) that commits with the change.
    pub(crate) fn receipt(&self) -> (String, String) {
        (RECEIPT_SOURCE.to_owned(), self.0.clone())
    }
}

/// The `provider` column of chat command receipts in `webhook_receipts`.
pub const RECEIPT_SOURCE: &str = "chat";

/// Turns "this change was applied before" into the chat's error.
pub(crate) fn once_error(e: StoreError) -> EngineError {
    match e {
        StoreError::AlreadyProcessed => EngineError::AlreadyApplied,
        other => other.into(),
    }
}

/// A question to store.
#[derive(Debug, Clone)]
pub struct NewPrompt<'a> {
    pub seller_id: &'a SellerId,
    pub channel: &'a str,
    pub chat: &'a str,
    /// Who asked (the app's user id).
    pub owner: &'a str,
    pub kind: &'a str,
    pub payload: String,
    /// The message that asked it, if the door knows its id: asking again for the same
    /// message returns the same prompt.
    pub asked_by: Option<&'a ApplyOnce>,
}

impl Engine {
    /// Stores a question and returns it (the earlier one when the same message asks again).
    pub async fn ask(&self, p: NewPrompt<'_>) -> EngineResult<PromptRow> {
        let now = self.now_ms();
        let id = match p.asked_by {
            Some(key) => {
                let digest =
                    Sha256::digest(format!("{}|{}|{}", p.kind, key.as_str(), p.payload).as_bytes());
                hex::encode(&digest[..10])
            }
            None => hex::encode(random::<10>()),
        };
        let row = PromptRow {
            id,
            seller_id: p.seller_id.clone(),
            channel: p.channel.to_owned(),
            chat: p.chat.to_owned(),
            owner: p.owner.to_owned(),
            kind: p.kind.to_owned(),
            payload: p.payload,
            created_at: now,
            expires_at: now + PROMPT_TTL_MS,
        };
        Ok(self.store.insert_prompt(&row).await?)
    }

    /// A question still open to answers; `None` when unknown or expired.
    pub async fn prompt(&self, id: &str) -> EngineResult<Option<PromptRow>> {
        if id.len() != 20 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let now = self.now_ms();
        Ok(self.store.prompt(id).await?.filter(|p| p.expires_at > now))
    }

    /// `AlreadyApplied` when the change keyed `once` was made before. Checked before a
    /// command validates anything: a second press of "cancel" must answer like the
    /// first, not that a cancelled link cannot be cancelled. The receipt written with
    /// the change still decides a race between two presses.
    pub(crate) async fn not_applied(&self, once: Option<&ApplyOnce>) -> EngineResult<()> {
        let Some(once) = once else { return Ok(()) };
        if self.store.has_receipt(RECEIPT_SOURCE, &once.0).await? {
            return Err(EngineError::AlreadyApplied);
        }
        Ok(())
    }

    /// When a command keyed `once` failed on the link's state, asks whether the same
    /// command (a concurrent press) applied it meanwhile: then the answer is
    /// `AlreadyApplied`, as for a press that came second, not "a cancelled link cannot
    /// be cancelled".
    pub(crate) async fn applied_meanwhile(
        &self,
        once: Option<&ApplyOnce>,
        error: EngineError,
    ) -> EngineError {
        match (once, &error) {
            (Some(once), EngineError::Transition(_)) => {
                match self.store.has_receipt(RECEIPT_SOURCE, &once.0).await {
                    Ok(true) => EngineError::AlreadyApplied,
                    _ => error,
                }
            }
            _ => error,
        }
    }

    /// Answers a question "no": it is closed (later presses find it expired) and its
    /// answer key is spent, so a "yes" pressed at the same instant changes nothing.
    /// `AlreadyApplied` when another answer was applied first.
    pub async fn close_prompt(&self, id: &str) -> EngineResult<()> {
        let once = ApplyOnce::prompt(id);
        self.store
            .close_prompt(id, once.receipt(), self.now_ms())
            .await
            .map_err(once_error)
    }

    /// Deletes questions nobody can answer any more, and the "applied once" receipts of
    /// chat commands old enough that no message or press can be delivered again
    /// (Telegram keeps an update at most a day; a question lives a day).
    pub async fn purge_prompts(&self) -> EngineResult<u64> {
        let now = self.now_ms();
        Ok(self
            .store
            .purge_prompts(now, now - CHAT_RECEIPT_TTL_MS)
            .await?)
    }
}
