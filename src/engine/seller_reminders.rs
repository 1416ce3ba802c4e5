//! Reminders to the seller, in the chat a link was made in: before an unpaid link
//! expires, "Not paid yet" with buttons to remind the buyer, extend the link or cancel it.
//!
//! The reminder is an outbox row of the link's chat, queued with the link (in its
//! transaction) and due `links.seller_reminder_before` ahead of the expiry, or halfway
//! through a shorter life. Nothing decides at creation what it will say: when it comes
//! due, [`Engine::seller_reminder_due`] looks at the link and the seller as they are then,
//! so a link paid, closed or extended meanwhile, or a seller who said `/reminders off`,
//! hears nothing. Extending a link queues a reminder for its new expiry.

use super::push::{ChatPush, PushDetail, PushLink};
use super::store::{ChangeSet, LinkRow, LinkUpdate, NewOutboxRow, SellerPrefs, StoreError};
use super::{CAS_RETRIES, Engine, EngineError, EngineResult};
use crate::domain::{EventKind, SellerId};
use crate::engine::prompts::ApplyOnce;

/// The outbox kind of a seller's reminder.
pub const SELLER_REMINDER_KIND: &str = "link.reminder";

/// How far "Extend" moves a link's expiry.
pub const EXTEND_BY_MS: i64 = 3 * 86_400_000;

/// When a link made at `created` and expiring at `expires` reminds its seller: `lead`
/// before the expiry, but not in the first half of its life (a one-hour link reminds
/// after half an hour, not at once).
#[must_use]
pub fn reminder_at(created: i64, expires: i64, lead_ms: i64) -> Option<i64> {
    let at = (expires - lead_ms).max(created + (expires - created) / 2);
    // Not at the moment it is made: a link that short has nothing to remind.
    (at > created && at < expires).then_some(at)
}

/// What extending a link did.
#[derive(Debug, Clone)]
pub enum Extended {
    /// Extended now: the link as it is.
    Now(LinkRow),
    /// Its expiry had moved already (the same button pressed again).
    Before(LinkRow),
}

impl Engine {
    /// The reminder a link made in chat queues for its seller, when the link expires
    /// and the seller wants reminders (`reminders_on`); `now` is when it is queued.
    pub(crate) fn seller_reminder(
        &self,
        link: &LinkRow,
        event_id: &str,
        reminders_on: bool,
        now: i64,
    ) -> Option<NewOutboxRow> {
        let (channel, chat) = (link.origin_channel.as_ref()?, link.origin_chat.as_ref()?);
        let expires = link.expires_at?;
        let lead = i64::try_from(self.settings.seller_reminder_before.as_millis()).ok()?;
        let due = reminder_at(now.max(link.created_at), expires, lead)?;
        if !reminders_on {
            return None;
        }
        let push = ChatPush {
            event_id: event_id.to_owned(),
            // No event of its own: it belongs to the link's creation (or extension),
            // and its detail says what it is.
            kind: EventKind::LinkCreated,
            seller_id: link.seller_id.to_string(),
            link: PushLink::new(link, self.link_url(&link.slug)),
            detail: Some(PushDetail::NotPaidYet {
                expires_at: expires,
            }),
        };
        Some(NewOutboxRow {
            channel: channel.clone(),
            destination: chat.clone(),
            kind: SELLER_REMINDER_KIND.to_owned(),
            event_id: event_id.to_owned(),
            payload: push.to_payload(),
            // One per expiry: extending queues the next.
            dedupe_key: format!("{}:seller-reminder:{expires}", link.id),
            rerouted_from: None,
            due_at: Some(due),
        })
    }

    /// The link a seller's reminder (written for `expires_at`) is about, when it should
    /// still be said: the link is unpaid and open, still expires then, and the seller
    /// still wants reminders. `None`: nothing to say.
    pub async fn seller_reminder_due(
        &self,
        link_id: &str,
        expires_at: i64,
    ) -> EngineResult<Option<LinkRow>> {
        let link = self.link_now(link_id).await?;
        let now = self.now_ms();
        let open = link.status.is_open() && link.expires_at.is_some_and(|t| t > now);
        // Extended since: the new expiry has its own reminder.
        if !open || link.expires_at != Some(expires_at) {
            return Ok(None);
        }
        let reach = self.store.seller_reach(&link.seller_id).await?;
        Ok(reach.reminders.then_some(link))
    }

    /// Whether the seller gets reminders in chat.
    pub async fn seller_reminders(&self, seller_id: &SellerId) -> EngineResult<bool> {
        Ok(self.store.seller_reach(seller_id).await?.reminders)
    }

    /// Turns the seller's reminders on or off (at most once for `once`).
    pub async fn set_seller_reminders(
        &self,
        seller_id: &SellerId,
        on: bool,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<()> {
        let prefs = SellerPrefs {
            reminders: Some(on),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await
    }

    /// Moves an open link's expiry [`EXTEND_BY_MS`] later (no further than
    /// `links.max_expiry` from now), with a `link.extended` event and a reminder for the
    /// new expiry; a link past its expiry, closed, or without one is refused. With
    /// `from` (the expiry the seller saw), a link whose expiry moved since is left as
    /// it is: a second press of the same button extends nothing.
    pub async fn extend_link(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        from: Option<i64>,
    ) -> EngineResult<Extended> {
        for _ in 0..CAS_RETRIES {
            let link = self.link_for_seller(seller_id, link_id).await?;
            let now = self.now_ms();
            if from.is_some() && link.expires_at != from && link.status.is_open() {
                return Ok(Extended::Before(link));
            }
            let Some(old) = link.expires_at else {
                return Err(EngineError::invalid(
                    "expires_at",
                    "no_expiry",
                    "this link does not expire",
                ));
            };
            if !link.status.is_open() || old <= now {
                return Err(EngineError::invalid(
                    "status",
                    "link_closed",
                    format!("the link is {}", link.status.as_str()),
                ));
            }
            let max = now + i64::try_from(self.settings.max_expiry.as_millis()).unwrap_or(i64::MAX);
            let new = (old + EXTEND_BY_MS).min(max);
            if new <= old {
                return Err(EngineError::invalid(
                    "expires_at",
                    "expiry_at_max",
                    "the link already expires as late as links may",
                ));
            }
            let mut updated = link.clone();
            updated.expires_at = Some(new);
            updated.version += 1;
            updated.updated_at = now;
            let data = serde_json::json!({ "from": super::views::rfc3339(old), "to": super::views::rfc3339(new) });
            let ev = self.event(&updated, EventKind::LinkExtended, data, now);
            let reminders = self.store.seller_reach(seller_id).await?.reminders;
            let queue = self
                .seller_reminder(&updated, ev.id.as_str(), reminders, now)
                .into_iter()
                .collect();
            let change = ChangeSet {
                link: Some(LinkUpdate::to(&updated, link.version)),
                events: vec![ev],
                queue,
                now,
                ..ChangeSet::default()
            };
            match self.commit(&change).await {
                Ok(()) => {
                    return Ok(Extended::Now(updated));
                }
                Err(StoreError::Conflict) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Err(EngineError::Store(StoreError::Conflict))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn a_reminder_comes_a_lead_before_expiry_but_not_in_the_first_half_of_life() {
        // A week-long link: a day before it expires.
        assert_eq!(reminder_at(0, 168 * HOUR, 24 * HOUR), Some(144 * HOUR));
        // A one-hour link: halfway.
        assert_eq!(reminder_at(0, HOUR, 24 * HOUR), Some(HOUR / 2));
        // Already expiring: nothing.
        assert_eq!(reminder_at(10, 10, 24 * HOUR), None);
        assert_eq!(reminder_at(10, 11, 24 * HOUR), None);
    }
}
