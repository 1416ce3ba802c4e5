//! Outreach by SMS: what the SMS channel asks the engine when a buyer's text comes due,
//! and what it records after Twilio answers. The due decision is the one every channel
//! makes ([`Engine::message_due`]); a text also counts against the seller's daily cap
//! (texts cost money), on the seller's calendar day in their time zone.
//!
//! The cap counts the day's `sms.sent` events of the seller's links (a partial index
//! holds only those rows) rather than keeping a counter table: no second write per text
//! and nothing to reset at midnight. Two texts of one seller delivered at the same
//! instant may both pass the check, so the cap can be overshot by at most the outbox's
//! deliveries in flight; it bounds cost, it is not a quota to the unit.

use super::outreach::{BuyerChannel, EmailDue, EmailMessage, EmailPayload, Purpose};
use super::push::PushDetail;
use super::{Engine, EngineResult};
use crate::domain::EventKind;

/// The outbox channel that carries buyers' text messages.
pub const SMS_CHANNEL: &str = "sms";

/// The outbox kind of a link's first text to its buyer.
pub const SMS_LINK_KIND: &str = "sms.link";

/// A text carries what an e-mail does, read when it is due (only fewer words).
pub type SmsMessage = EmailMessage;

/// What to do with a buyer's text that came due.
#[derive(Debug, Clone)]
pub enum SmsDue {
    /// Send it to `message.outreach.phone`.
    Send(Box<SmsMessage>),
    /// Not yet: a reminder whose link was extended waits until `at` (ms).
    Later { at: i64 },
    /// Not sent (the link closed, the buyer stopped it, the daily cap); on the timeline
    /// already.
    Skipped,
}

impl Engine {
    /// The buyer's text of `payload` (the link's, a reminder, the second chance, a
    /// resend), due now: what it says, `Later` (a reminder whose link was extended), or
    /// `Skipped` (recorded on the timeline) when the link closed, the buyer stopped its
    /// messages, or the seller's links sent `sms.daily_cap_per_seller` texts today (the
    /// seller is told).
    pub async fn sms_due(&self, payload: &EmailPayload) -> EngineResult<SmsDue> {
        let m = match self.message_due(payload, BuyerChannel::Sms).await? {
            EmailDue::Send(m) => m,
            EmailDue::Later { at } => return Ok(SmsDue::Later { at }),
            EmailDue::Skipped => return Ok(SmsDue::Skipped),
        };
        let cap = self.settings.sms_daily_cap;
        let today = m.timezone.day_start(self.now_ms(), 0);
        let sent = self.store.sms_sent_since(&m.link.seller_id, today).await?;
        if sent >= i64::from(cap) {
            let to = m.outreach.phone.clone().unwrap_or_default();
            let data = serde_json::json!({
                "reason": "daily_cap",
                "to": to,
                "cap": cap,
                "purpose": payload.purpose.as_str(),
            });
            // Once per text: each is one outbox row, decided once.
            self.tell_seller(&m.link, PushDetail::SmsDailyCap { to, cap }, data)
                .await?;
            return Ok(SmsDue::Skipped);
        }
        Ok(SmsDue::Send(m))
    }

    /// Records that Twilio took the text sent for `purpose` (`sid`, its message id).
    pub async fn sms_sent(&self, link_id: &str, sid: &str, purpose: Purpose) -> EngineResult<()> {
        let link = self.link_now(link_id).await?;
        let to = self.store.outreach(&link.id).await?.and_then(|o| o.phone);
        let data = serde_json::json!({ "to": to, "sid": sid, "purpose": purpose.as_str() });
        self.record_outreach_event(&link, EventKind::SmsSent, data)
            .await
    }

    /// Records that the text failed for good (`reason`, Twilio's answer in words;
    /// `code`, Twilio's error code when it gave one), and tells the seller's chat once.
    pub async fn sms_failed(
        &self,
        link_id: &str,
        reason: &str,
        code: Option<u32>,
    ) -> EngineResult<()> {
        let more = serde_json::json!({ "code": code });
        self.message_failed(link_id, BuyerChannel::Sms, reason, more)
            .await
    }
}
