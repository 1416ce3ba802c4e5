//! Where a seller's push goes: one policy for every door. A push is written for the
//! chat its link came from; the seller's choice of app (`/notify`) moves it, and an app
//! that cannot deliver it hands it to the seller's other app or keeps it for later.
//! Doors only say what they could not do; they never name each other.

use super::push::ChatPush;
use super::store::{NewOutboxRow, OutboxRow, StoreError};
use super::{Engine, EngineResult};
use crate::domain::SellerId;

/// How a push that failed after it was sent goes out once more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushAgain<'a> {
    /// In the same chat; `form` names the channel's other form of message (WhatsApp's
    /// `template` for closed conversations), `None` as before.
    SameChat { form: Option<&'a str> },
    /// In the seller's other app.
    OtherApp,
}

/// Apps a seller is not reachable in while away: a terminal session prints pushes
/// only while it is open, so it is never where a push is handed over to.
const NOT_WHILE_AWAY: &[&str] = &["console"];

impl Engine {
    /// The seller's chat in `channel`, if they use it.
    pub async fn seller_chat_in(
        &self,
        seller_id: &SellerId,
        channel: &str,
    ) -> EngineResult<Option<String>> {
        Ok(self
            .store
            .seller_identities(seller_id)
            .await?
            .into_iter()
            .find(|i| i.channel == channel)
            .map(|i| i.chat))
    }

    /// Where `row`, a push of `seller_id`, goes instead of its channel because the
    /// seller chose another app: (channel, chat). A row moved once (re-routed, or sent
    /// again after failing) stays: two apps must never pass it back and forth.
    pub async fn push_route(
        &self,
        seller_id: &SellerId,
        row: &OutboxRow,
    ) -> EngineResult<Option<(String, String)>> {
        if row.rerouted_from.is_some() {
            return Ok(None);
        }
        match self.seller_push_to(seller_id).await? {
            Some(to) if to != row.channel => Ok(self
                .seller_chat_in(seller_id, &to)
                .await?
                .map(|chat| (to, chat))),
            _ => Ok(None),
        }
    }

    /// A push `channel` cannot deliver now (nothing it may send would be accepted): the
    /// seller's chat in another app — unless the seller asked for pushes in this one,
    /// where the other app would send it straight back. `None`: keep it for later.
    pub async fn push_elsewhere(
        &self,
        seller_id: &SellerId,
        channel: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        if self.store.seller_push_to(seller_id).await?.as_deref() == Some(channel) {
            return Ok(None);
        }
        self.other_app(seller_id, channel).await
    }

    /// The seller's chat in an app other than `channel` where they can be reached.
    async fn other_app(
        &self,
        seller_id: &SellerId,
        channel: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .store
            .seller_identities(seller_id)
            .await?
            .into_iter()
            .find(|i| i.channel != channel && !NOT_WHILE_AWAY.contains(&i.channel.as_str()))
            .map(|i| (i.channel, i.chat)))
    }

    /// A push `channel` accepted but could not deliver after all goes out once more,
    /// as `again` says. `key` names the failed message, so a repeated failure report
    /// queues nothing twice. Returns the channel it was queued in, if any.
    pub async fn push_again(
        &self,
        payload: &str,
        (channel, destination): (&str, &str),
        again: PushAgain<'_>,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        let Some(push) = ChatPush::parse(payload) else {
            return Ok(None);
        };
        let (to, chat, kind) = match again {
            PushAgain::SameChat { form } => (
                channel.to_owned(),
                destination.to_owned(),
                form.unwrap_or(push.kind.as_str()).to_owned(),
            ),
            // However the seller chose, this app has failed twice: try theirs.
            PushAgain::OtherApp => match self.other_app(&push.seller(), channel).await? {
                Some((to, chat)) => (to, chat, push.kind.as_str().to_owned()),
                None => return Ok(None),
            },
        };
        let row = NewOutboxRow {
            dedupe_key: format!("{key}:{to}:{kind}"),
            channel: to.clone(),
            destination: chat,
            kind,
            event_id: push.event_id,
            payload: payload.to_owned(),
            rerouted_from: Some(channel.to_owned()),
            due_at: None,
        };
        self.store.enqueue(&[row], self.now_ms()).await?;
        self.wake_outbox();
        Ok(Some(to))
    }
}
