//! The WhatsApp door's use cases: contacts and their 24-hour window, messages sent and
//! their statuses.

use super::Engine;
use super::store::{ContactRow, StoreError, WaMessageRow};

/// A free-form message may be sent this long after the user last wrote (Meta's 24 h,
/// less a margin for clocks and queues).
pub const WINDOW_MS: i64 = 24 * 3_600_000 - 5 * 60_000;

impl Engine {
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
