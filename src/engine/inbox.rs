//! Messages chat doors receive by webhook (WhatsApp, LINE): kept durably in the outbox
//! before the app gets its 200, handled from there in order per chat, and the answers
//! queued behind them.

use super::Engine;
use super::store::{NewOutboxRow, StoreError};

/// A message received, as the door queues it for handling.
#[derive(Debug, Clone)]
pub struct Received {
    /// Who wrote (the outbox destination: messages of one user are handled in order).
    pub user_key: String,
    /// The app's id of the message.
    pub message_id: String,
    /// Unique per message: a redelivered message is queued once.
    pub dedupe_key: String,
    /// The message as the door will read it back.
    pub payload: String,
}

impl Engine {
    /// Queues received messages for `channel` (the door's inbound channel) to handle
    /// in order per user; a message already queued is not queued again. Returns how
    /// many were new.
    pub async fn queue_received(
        &self,
        channel: &str,
        messages: &[Received],
    ) -> Result<u64, StoreError> {
        if messages.is_empty() {
            return Ok(0);
        }
        let rows: Vec<NewOutboxRow> = messages
            .iter()
            .map(|m| NewOutboxRow {
                channel: channel.to_owned(),
                destination: m.user_key.clone(),
                kind: "inbound".into(),
                event_id: m.message_id.clone(),
                payload: m.payload.clone(),
                dedupe_key: m.dedupe_key.clone(),
                rerouted_from: None,
                due_at: None,
            })
            .collect();
        let added = self.store.enqueue(&rows, self.now_ms()).await?;
        if added > 0 {
            self.wake_answers();
        }
        Ok(added)
    }

    /// Queues a door's answers (`bodies`, in order) to `destination` in `channel`; the
    /// same message handled again queues no second answer.
    pub async fn queue_replies(
        &self,
        channel: &str,
        destination: &str,
        message_id: &str,
        bodies: &[String],
    ) -> Result<(), StoreError> {
        let rows: Vec<NewOutboxRow> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| NewOutboxRow {
                channel: channel.to_owned(),
                destination: destination.to_owned(),
                kind: "reply".into(),
                event_id: message_id.to_owned(),
                payload: body.clone(),
                dedupe_key: format!("{message_id}:reply:{i}"),
                rerouted_from: None,
                due_at: None,
            })
            .collect();
        self.store.enqueue(&rows, self.now_ms()).await?;
        self.wake_answers();
        Ok(())
    }
}
