//! The WhatsApp door's use cases: messages received (kept durably before Meta gets its
//! 200), contacts and their 24-hour window, messages sent and their statuses.

use super::Engine;
use super::store::{ContactRow, NewOutboxRow, StoreError, WaMessageRow};

/// A free-form message may be sent this long after the user last wrote (Meta's 24 h,
/// less a margin for clocks and queues).
pub const WINDOW_MS: i64 = 24 * 3_600_000 - 5 * 60_000;

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
            })
            .collect();
        let added = self.store.enqueue(&rows, self.now_ms()).await?;
        if added > 0 {
            self.wake_outbox();
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
            })
            .collect();
        self.store.enqueue(&rows, self.now_ms()).await?;
        self.wake_outbox();
        Ok(())
    }

    /// The user wrote: their window is open again, and pushes put off until then go
    /// now (they would also hold back the replies queued behind them).
    pub async fn whatsapp_contact_wrote(
        &self,
        channel: &str,
        contact: &ContactRow,
    ) -> Result<(), StoreError> {
        self.store.touch_contact(contact).await?;
        if self
            .store
            .wake_outbox(channel, &contact.user_key, self.now_ms())
            .await?
            > 0
        {
            self.wake_outbox();
        }
        Ok(())
    }

    /// A WhatsApp user as last seen.
    pub async fn whatsapp_contact(&self, user_key: &str) -> Result<Option<ContactRow>, StoreError> {
        self.store.contact(user_key).await
    }

    /// Whether a free-form message to `user_key` would be accepted now.
    pub async fn whatsapp_window_open(&self, user_key: &str) -> Result<bool, StoreError> {
        Ok(self
            .store
            .contact(user_key)
            .await?
            .is_some_and(|c| self.now_ms() - c.last_inbound_at < WINDOW_MS))
    }

    /// Records a message Meta accepted; returns the stored row when a status for it
    /// had arrived first.
    pub async fn record_whatsapp_sent(
        &self,
        sent: &WaMessageRow,
    ) -> Result<Option<WaMessageRow>, StoreError> {
        self.store.record_wa_message(sent).await
    }

    /// Applies a status Meta reported for a message we sent; the message, if known.
    pub async fn whatsapp_status(
        &self,
        wamid: &str,
        status: &str,
        error_code: Option<i64>,
    ) -> Result<Option<WaMessageRow>, StoreError> {
        self.store
            .wa_message_status(wamid, status, error_code, self.now_ms())
            .await
    }
}
