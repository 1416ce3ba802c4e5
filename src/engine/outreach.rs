//! Outreach: a link's message to its buyer by e-mail, SMS or both, sent now or at a set
//! time.
//!
//! Asking for it is part of creating the link: the outreach row and its outbox rows
//! (channel [`EMAIL_CHANNEL`] and/or [`SMS_CHANNEL`], due at the scheduled time) commit
//! with the link, so a restart or a second replica neither loses nor doubles it. When a
//! row comes due its channel asks [`Engine::email_due`] or [`Engine::sms_due`] what to
//! send; both decide in [`Engine::message_due`], which looks again at the link: one
//! paid, cancelled, expired or stopped by the buyer meanwhile gets nothing, and the
//! timeline says so (`email.skipped`, `sms.skipped`). Sends (`email.sent`, `sms.sent`),
//! refusals (`email.failed`, `sms.failed`, told once to the seller's chat) and stops
//! (`email.stopped`) are timeline events too. SMS only: `outreach_sms.rs`.

use serde::{Deserialize, Serialize};

use super::links::PublicLink;
use super::outreach_sms::SMS_CHANNEL;
use super::push::PushDetail;
use super::store::{ChangeSet, LinkRow, NewOutboxRow, OutreachChange, OutreachRow, StoreError};
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::buyer::{e164, phone_region};
use crate::domain::{EventKind, LinkId, TimeZone};

/// The outbox channel that carries buyers' e-mails.
pub const EMAIL_CHANNEL: &str = "email";

/// The outbox kind of a link's first e-mail to its buyer.
pub const EMAIL_LINK_KIND: &str = "email.link";

/// What a new link asks for its buyer by e-mail and/or SMS, as the door read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutreachRequest {
    /// `notify_by_email`: to `customer_details.email_address`.
    pub email: bool,
    /// `notify_by_phone`: by SMS to `customer_details.phone_number`.
    pub phone: bool,
    /// `send_immediately` as sent; `None` when absent (true unless a schedule is given).
    pub send_immediately: Option<bool>,
    /// `scheduled_date` (ms).
    pub scheduled_at: Option<i64>,
    /// The buyer's language as sent (any case); `None`: the seller's.
    pub language: Option<String>,
    /// Reminders, each that long (ms) before expiry: checked for unit, sign, count and
    /// repeats at the door; their times against the link here.
    pub reminders: Vec<i64>,
    /// The field the reminders came in (`reminder_time` or `reminders`), for refusals.
    pub reminders_field: &'static str,
    /// One e-mail after a checkout started and not paid, or a failed payment.
    pub second_chance: bool,
}

/// Why a buyer's e-mail is sent: what its subject and first line say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The link's first message.
    #[default]
    Link,
    /// Before the link expires (`reminders`, or the seller's "remind now").
    Reminder,
    /// After a checkout started and not paid, or a failed payment.
    SecondChance,
    /// The first message again, asked by the seller.
    Resend,
}

impl Purpose {
    /// The name on the timeline and in the payload.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Reminder => "reminder",
            Self::SecondChance => "second_chance",
            Self::Resend => "resend",
        }
    }
}

/// The outbox payload of a buyer's e-mail or text: which link and why; everything shown is read
/// when it is due, so the message says what is true then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPayload {
    pub link_id: String,
    /// Rows queued before reminders existed carry none: they are the link's message.
    #[serde(default)]
    pub purpose: Purpose,
    /// A reminder's: the expiry it was computed for. When the link's expiry has moved
    /// later since (extended), the reminder waits for its new time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_expiry: Option<i64>,
    /// A reminder's: how long (ms) before expiry it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_ms: Option<i64>,
}

impl EmailPayload {
    /// The payload of a message for `link_id` sent for `purpose`.
    #[must_use]
    pub fn new(link_id: &LinkId, purpose: Purpose) -> Self {
        Self {
            link_id: link_id.to_string(),
            purpose,
            for_expiry: None,
            before_ms: None,
        }
    }
}

/// Everything a buyer's message (an e-mail, a text) says, read when it is due.
#[derive(Debug, Clone)]
pub struct EmailMessage {
    pub link: LinkRow,
    pub outreach: OutreachRow,
    pub seller_name: String,
    /// The seller's time zone, for the expiry.
    pub timezone: TimeZone,
    /// The buyer page in the buyer's language.
    pub pay_url: String,
    /// The page that stops further messages for this link.
    pub stop_url: String,
    /// The seller's own address for buyers' replies (`/replyto`), when given.
    pub reply_email: Option<String>,
    pub purpose: Purpose,
}

/// What to do with a buyer's e-mail that came due.
#[derive(Debug, Clone)]
pub enum EmailDue {
    Send(Box<EmailMessage>),
    /// Not sent (the link closed or the buyer stopped it); on the timeline already.
    Skipped,
    /// Not yet: a reminder of a link whose expiry moved later is due at `at` (ms).
    Later {
        at: i64,
    },
}

/// The buyer's channels, for what they share: the due decision, failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuyerChannel {
    Email,
    Sms,
}

impl BuyerChannel {
    /// The outbox channel's (and the push's) name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Email => EMAIL_CHANNEL,
            Self::Sms => SMS_CHANNEL,
        }
    }

    const fn skipped(self) -> EventKind {
        match self {
            Self::Email => EventKind::EmailSkipped,
            Self::Sms => EventKind::SmsSkipped,
        }
    }
}

/// What following a stop link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    Now,
    Before,
}

impl Engine {
    /// Checks an outreach request against the link it comes with and plans it: the
    /// outreach row and its outbox messages, due at once or at the schedule.
    pub(crate) fn plan_outreach(
        &self,
        req: OutreachRequest,
        link: &LinkRow,
        seller_locale: &str,
        event_id: &str,
        now: i64,
    ) -> EngineResult<(OutreachChange, Vec<NewOutboxRow>)> {
        if req.email && !self.settings.email_enabled {
            return Err(EngineError::invalid(
                "notify_by_email",
                "email_not_configured",
                "e-mail is not set up on this server (email.smtp_url is empty)",
            ));
        }
        if req.phone && !self.settings.sms_enabled {
            return Err(EngineError::invalid(
                "notify_by_phone",
                "sms_not_configured",
                "SMS is not set up on this server (sms.account_sid is empty)",
            ));
        }
        let email = match (req.email, link.customer_email.clone()) {
            (false, _) => None,
            (true, Some(email)) => Some(email),
            (true, None) => {
                return Err(EngineError::invalid(
                    "customer_details.email_address",
                    "contact_missing",
                    "notify_by_email needs customer_details.email_address",
                ));
            }
        };
        let phone = match (req.phone, link.customer_phone.as_deref()) {
            (false, _) => None,
            (true, Some(number)) => {
                // Read as dialled in the buyer's likely country, as the buyer form does.
                let region = phone_region(link.amount.currency().code(), seller_locale);
                Some(e164(number, region.unwrap_or("")).ok_or_else(|| {
                    EngineError::invalid(
                        "customer_details.phone_number",
                        "phone_invalid",
                        "customer_details.phone_number is not a valid phone number: give it \
                         with its country code, e.g. +66 81 234 5678",
                    )
                })?)
            }
            (true, None) => {
                return Err(EngineError::invalid(
                    "customer_details.phone_number",
                    "contact_missing",
                    "notify_by_phone needs customer_details.phone_number",
                ));
            }
        };
        let send_at = match (req.send_immediately, req.scheduled_at) {
            (Some(true), Some(_)) => {
                return Err(EngineError::invalid(
                    "send_immediately",
                    "schedule_conflict",
                    "send_immediately is true but scheduled_date is set; send one of them",
                ));
            }
            (Some(false), None) => {
                return Err(EngineError::invalid(
                    "scheduled_date",
                    "schedule_missing",
                    "send_immediately is false: scheduled_date is required",
                ));
            }
            (_, None) => now,
            (_, Some(at)) if at <= now => {
                return Err(EngineError::invalid(
                    "scheduled_date",
                    "schedule_in_past",
                    "scheduled_date must be in the future",
                ));
            }
            (_, Some(at)) if link.expires_at.is_some_and(|exp| at >= exp) => {
                return Err(EngineError::invalid(
                    "scheduled_date",
                    "schedule_after_expiry",
                    "scheduled_date must be before the link expires (expiry_date)",
                ));
            }
            (_, Some(at)) => at,
        };
        let language = match req.language.as_deref().map(str::trim) {
            None | Some("") => super::sellers::supported_locale(seller_locale).unwrap_or("en"),
            Some(tag) => super::sellers::supported_locale(tag).ok_or_else(|| {
                EngineError::invalid(
                    "language",
                    "language_unknown",
                    format!(
                        "language must be one of {}",
                        super::sellers::LOCALES.join(", ")
                    ),
                )
            })?,
        };
        let reach = super::reminders::Reach {
            email: req.email,
            phone: req.phone,
        };
        let first = EmailPayload::new(&link.id, Purpose::Link);
        let mut queue =
            super::reminders::buyer_rows(&link.id, reach, "link", event_id, &first, send_at);
        // One first message of a link per channel at a time, in order.
        for row in &mut queue {
            row.destination = link.id.to_string();
        }
        let (offsets, reminders) = self.plan_reminders(&req, link, send_at, now, event_id)?;
        queue.extend(reminders);
        let start = OutreachChange::Start {
            row: Box::new(OutreachRow {
                link_id: link.id.clone(),
                email,
                phone,
                language: language.to_owned(),
                send_at,
                stop_token: hex::encode(random::<16>()),
                stopped_at: None,
                created_at: now,
                reminders: (!offsets.is_empty())
                    .then(|| serde_json::to_string(&offsets).unwrap_or_default()),
                second_chance: req.second_chance,
            }),
        };
        Ok((start, queue))
    }

    /// The buyer's e-mail of `payload`, due now: what it says, `Later` (a reminder whose
    /// link was extended), or `Skipped` (recorded on the timeline) when the link closed
    /// or the buyer stopped its messages.
    pub async fn email_due(&self, payload: &EmailPayload) -> EngineResult<EmailDue> {
        self.message_due(payload, BuyerChannel::Email).await
    }

    /// The decision every channel makes when a buyer's message comes due: looks again at
    /// the link and its outreach, and either says what the message shows, puts off a
    /// reminder whose link was extended, or records on the timeline why it is not sent
    /// (`{channel}.skipped` with `reason`: `stopped`, `paid`, `cancelled`, `expired`).
    pub(crate) async fn message_due(
        &self,
        payload: &EmailPayload,
        channel: BuyerChannel,
    ) -> EngineResult<EmailDue> {
        let link = self.link_now(&payload.link_id).await?;
        let purpose = payload.purpose;
        let outreach = self
            .store
            .outreach(&link.id)
            .await?
            .ok_or(EngineError::NotFound("outreach"))?;
        let now = self.now_ms();
        if let Some(reason) = not_sent_because(&link, &outreach, purpose, now) {
            let data = serde_json::json!({ "reason": reason, "purpose": purpose.as_str() });
            self.record_outreach_event(&link, channel.skipped(), data)
                .await?;
            return Ok(EmailDue::Skipped);
        }
        if let Some(at) = moved_reminder(payload, link.expires_at)
            && at > now
        {
            return Ok(EmailDue::Later { at });
        }
        let seller = self.store.seller(&link.seller_id).await?;
        let reply_email = self.store.seller_reach(&link.seller_id).await?.reply_email;
        let timezone = self.seller_timezone(seller.timezone.as_deref());
        let pay_url = format!("{}?lang={}", self.link_url(&link.slug), outreach.language);
        let stop_url = format!(
            "{}/stop?t={}",
            self.link_url(&link.slug),
            outreach.stop_token
        );
        Ok(EmailDue::Send(Box::new(EmailMessage {
            link,
            outreach,
            seller_name: seller.name,
            timezone,
            pay_url,
            stop_url,
            reply_email,
            purpose,
        })))
    }

    /// Records that the buyer's mail server took the e-mail sent for `purpose`.
    pub async fn email_sent(
        &self,
        link_id: &str,
        message_id: &str,
        purpose: Purpose,
    ) -> EngineResult<()> {
        let link = self.link_now(link_id).await?;
        let to = self.store.outreach(&link.id).await?.and_then(|o| o.email);
        let data = serde_json::json!({
            "to": to,
            "message_id": message_id,
            "purpose": purpose.as_str(),
        });
        self.record_outreach_event(&link, EventKind::EmailSent, data)
            .await
    }

    /// Records that the buyer's mail server refused the e-mail for good (`reply`, the
    /// server's answer), and tells the seller's chat once.
    pub async fn email_failed(&self, link_id: &str, reply: &str) -> EngineResult<()> {
        self.message_failed(link_id, BuyerChannel::Email, reply, serde_json::json!({}))
            .await
    }

    /// Records that a buyer's message on `channel` failed for good (`reply`: why, in
    /// the words of the service that refused it; `more`: fields the timeline event adds
    /// to `to` and `reply`), and tells the seller's chat once.
    pub(crate) async fn message_failed(
        &self,
        link_id: &str,
        channel: BuyerChannel,
        reply: &str,
        more: serde_json::Value,
    ) -> EngineResult<()> {
        let link = self.link_now(link_id).await?;
        let outreach = self.store.outreach(&link.id).await?;
        let to = outreach
            .and_then(|o| match channel {
                BuyerChannel::Email => o.email,
                BuyerChannel::Sms => o.phone,
            })
            .unwrap_or_default();
        let mut data = serde_json::json!({ "to": to, "reply": reply });
        if let (Some(data), serde_json::Value::Object(more)) = (data.as_object_mut(), more) {
            data.extend(more);
        }
        let detail = PushDetail::BuyerMessageFailed {
            channel: channel.name().to_owned(),
            to,
            reply: reply.to_owned(),
        };
        self.tell_seller(&link, detail, data).await
    }

    /// Records `detail`'s event on the link's timeline and tells the seller: the chat
    /// the link was made in, else (a link made through the API) the seller's app.
    pub(crate) async fn tell_seller(
        &self,
        link: &LinkRow,
        detail: PushDetail,
        data: serde_json::Value,
    ) -> EngineResult<()> {
        let now = self.now_ms();
        let mut ev = self.told(link, detail, data, now);
        self.to_seller_chat(&mut ev, link).await?;
        self.commit(&ChangeSet {
            events: vec![ev],
            now,
            ..ChangeSet::default()
        })
        .await?;
        Ok(())
    }

    /// The outreach a stop link names: the link behind `slug` (with its seller's name)
    /// and its outreach, when `token` is its stop token; `NotFound` otherwise.
    pub async fn outreach_to_stop(
        &self,
        slug: &str,
        token: &str,
    ) -> EngineResult<(PublicLink, OutreachRow)> {
        let token = token.trim();
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(EngineError::NotFound("outreach"));
        }
        let public = self.public_link(slug).await?;
        match self.store.outreach_by_token(token).await? {
            Some(o) if o.link_id == public.row.link.id => Ok((public, o)),
            _ => Err(EngineError::NotFound("outreach")),
        }
    }

    /// Stops further messages for the link behind `slug` when `token` is its stop
    /// token (see [`Self::outreach_to_stop`]); a second stop changes nothing.
    pub async fn stop_outreach(&self, slug: &str, token: &str) -> EngineResult<Stopped> {
        let (public, outreach) = self.outreach_to_stop(slug, token).await?;
        if outreach.stopped_at.is_some() {
            return Ok(Stopped::Before);
        }
        let now = self.now_ms();
        let link = &public.row.link;
        let ev = self.event(link, EventKind::EmailStopped, serde_json::json!({}), now);
        let change = ChangeSet {
            events: vec![ev],
            outreach: Some(OutreachChange::Stop {
                link_id: link.id.clone(),
            }),
            now,
            ..ChangeSet::default()
        };
        match self.commit(&change).await {
            Ok(()) => Ok(Stopped::Now),
            // Stopped by another request meanwhile.
            Err(StoreError::Conflict) => Ok(Stopped::Before),
            Err(e) => Err(e.into()),
        }
    }

    /// The link's outreach, if it has one.
    pub async fn outreach_of(&self, link_id: &LinkId) -> EngineResult<Option<OutreachRow>> {
        Ok(self.store.outreach(link_id).await?)
    }

    /// Records an event of the link's outreach that tells no chat.
    pub(crate) async fn record_outreach_event(
        &self,
        link: &LinkRow,
        kind: EventKind,
        data: serde_json::Value,
    ) -> EngineResult<()> {
        let now = self.now_ms();
        // Not `event()`: `sms.skipped` tells the seller when the daily cap held it
        // (`tell_seller`), but not when the link had closed.
        let ev = self.write_event(link, kind, data, None, now);
        self.commit(&ChangeSet {
            events: vec![ev],
            now,
            ..ChangeSet::default()
        })
        .await?;
        Ok(())
    }

    /// Sends `ev`'s push to the seller's chat when the link has no chat of its own (a
    /// link made through the API): for what the seller must hear or answer.
    pub(crate) async fn to_seller_chat(
        &self,
        ev: &mut super::store::EventWrite,
        link: &LinkRow,
    ) -> EngineResult<()> {
        if ev.chat.is_none() {
            ev.chat = self.seller_chat(link).await?;
        }
        Ok(())
    }

    /// The seller's chat where pushes of a link without one go: the app they chose,
    /// else the first they registered in (the terminal never: it is not there while away).
    async fn seller_chat(&self, link: &LinkRow) -> EngineResult<Option<(String, String)>> {
        let chosen = self.store.seller_push_to(&link.seller_id).await?;
        let identities = self.store.seller_identities(&link.seller_id).await?;
        let pick = identities
            .iter()
            .find(|i| chosen.as_deref() == Some(i.channel.as_str()))
            .or_else(|| identities.iter().find(|i| i.channel != "console"));
        Ok(pick.map(|i| (i.channel.clone(), i.chat.clone())))
    }
}

/// Why a buyer's message that came due is not sent, if it is not: the buyer stopped the
/// link's messages, or the link is paid, cancelled or expired (by the clock even before
/// the sweeper ran), or — for a second chance — the buyer did pay a reusable link. One
/// decision for every channel.
fn not_sent_because(
    link: &LinkRow,
    outreach: &OutreachRow,
    purpose: Purpose,
    now: i64,
) -> Option<&'static str> {
    let closed_by_time = link.expires_at.is_some_and(|t| t <= now);
    if outreach.stopped_at.is_some() {
        Some("stopped")
    } else if closed_by_time && link.status.is_open() {
        Some("expired")
    } else if !link.status.is_open() {
        Some(link.status.as_str())
    } else if purpose == Purpose::SecondChance && link.paid_count > 0 {
        // A reusable link stays open once paid: the buyer did finish.
        Some("paid")
    } else {
        None
    }
}

/// A payload as stored in the outbox.
pub(crate) fn payload_json(p: &EmailPayload) -> String {
    // A struct of strings and integers always serializes.
    serde_json::to_string(p).unwrap_or_default()
}

/// When a reminder computed for an earlier expiry is due now that the link expires at
/// `expires_at`: `Some` only when the expiry moved later (the link was extended).
fn moved_reminder(p: &EmailPayload, expires_at: Option<i64>) -> Option<i64> {
    let (for_expiry, before) = (p.for_expiry?, p.before_ms?);
    let now_expiry = expires_at?;
    (p.purpose == Purpose::Reminder && now_expiry > for_expiry).then(|| now_expiry - before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_queued_before_reminders_reads_as_the_links_message() {
        let p: EmailPayload = serde_json::from_str(r#"{"link_id":"lnk_1"}"#).unwrap();
        assert_eq!(p.purpose, Purpose::Link);
        assert_eq!(p.for_expiry, None);
    }

    #[test]
    fn a_reminder_of_an_extended_link_moves_with_its_expiry() {
        let p = EmailPayload {
            link_id: "lnk_1".into(),
            purpose: Purpose::Reminder,
            for_expiry: Some(10_000),
            before_ms: Some(1_000),
        };
        assert_eq!(moved_reminder(&p, Some(10_000)), None);
        assert_eq!(moved_reminder(&p, Some(15_000)), Some(14_000));
        let first = EmailPayload {
            purpose: Purpose::Link,
            ..p
        };
        assert_eq!(moved_reminder(&first, Some(15_000)), None);
    }
}
