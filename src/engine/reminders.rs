//! Outreach after the first message: reminders before a link expires, the second chance
//! after a checkout left unpaid or a failed payment, and the seller's "remind now" and
//! "send again".
//!
//! Each is an outbox row of channel [`EMAIL_CHANNEL`] written in the transaction of the
//! change that causes it (the link's creation, the checkout's start, the failure, the
//! seller's request). When it comes due, [`Engine::email_due`] decides again, like for
//! the first message: a paid, closed or stopped link gets nothing (`email.skipped`).
//!
//! Every row after the first has a destination of its own (its dedupe key): the outbox
//! sends one message per destination at a time, in order, so a reminder waiting days
//! for its time must not hold back a second chance or a resend queued after it.

use super::outreach::{EMAIL_CHANNEL, EMAIL_LINK_KIND, EmailPayload, Purpose, payload_json};
use super::outreach_sms::{SMS_CHANNEL, SMS_LINK_KIND};
use super::store::{ChangeSet, LinkRow, NewOutboxRow, OutreachChange, OutreachRow};
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::buyer::{e164, phone_region};
use crate::domain::{EventKind, LinkId};

/// The outbox kind of a reminder before expiry.
pub const EMAIL_REMINDER_KIND: &str = "email.reminder";

/// The outbox kind of the second chance.
pub const EMAIL_SECOND_CHANCE_KIND: &str = "email.second_chance";

/// The most reminders one link may ask for.
pub const MAX_REMINDERS: usize = 5;

/// A row for `link` of `kind`, due at `due_at`, that is its own destination.
fn own_row(
    link: &LinkId,
    kind: &str,
    dedupe_key: String,
    event_id: &str,
    payload: &EmailPayload,
    due_at: i64,
) -> NewOutboxRow {
    let dedupe_key = format!("{link}:{dedupe_key}");
    NewOutboxRow {
        channel: EMAIL_CHANNEL.to_owned(),
        destination: dedupe_key.clone(),
        kind: kind.to_owned(),
        event_id: event_id.to_owned(),
        payload: payload_json(payload),
        dedupe_key,
        rerouted_from: None,
        due_at: Some(due_at),
    }
}

impl Engine {
    /// The reminder rows of a new link's outreach, earliest first, numbered from 1, with
    /// their offsets: each due `before` ms before the link's expiry, after its creation
    /// and after the first message (`send_at`).
    pub(crate) fn plan_reminders(
        &self,
        req: &super::outreach::OutreachRequest,
        link: &LinkRow,
        send_at: i64,
        now: i64,
        event_id: &str,
    ) -> EngineResult<Vec<(i64, NewOutboxRow)>> {
        if req.reminders.is_empty() {
            return Ok(Vec::new());
        }
        let field = req.reminders_field;
        let Some(expires_at) = link.expires_at else {
            return Err(EngineError::invalid(
                "expiry_date",
                "reminder_needs_expiry",
                "reminders need an expiry_date",
            ));
        };
        let mut offsets = req.reminders.clone();
        // The longest before expiry is the earliest.
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        let mut rows = Vec::with_capacity(offsets.len());
        for (i, before) in offsets.into_iter().enumerate() {
            let at = expires_at.saturating_sub(before);
            if at <= now {
                return Err(EngineError::invalid(
                    field,
                    "reminder_before_creation",
                    "a reminder would fall before now: make it closer to the expiry",
                ));
            }
            if at <= send_at {
                return Err(EngineError::invalid(
                    field,
                    "reminder_before_send",
                    "a reminder would fall before the scheduled first e-mail (scheduled_date)",
                ));
            }
            let payload = EmailPayload {
                for_expiry: Some(expires_at),
                before_ms: Some(before),
                ..EmailPayload::new(&link.id, Purpose::Reminder)
            };
            let n = i + 1;
            rows.push((
                before,
                own_row(
                    &link.id,
                    EMAIL_REMINDER_KIND,
                    format!("email:reminder:{n}"),
                    event_id,
                    &payload,
                    at,
                ),
            ));
        }
        Ok(rows)
    }

    /// The second chance of `link`, when its outreach asks for one and is not stopped:
    /// due `outreach.second_chance_after_mins` after `now`, once per link (its dedupe
    /// key), queued by the change that records the unpaid checkout or the failure.
    pub(crate) async fn second_chance_rows(
        &self,
        link: &LinkRow,
        event_id: &str,
        now: i64,
    ) -> EngineResult<Vec<NewOutboxRow>> {
        // Only links with a buyer's address can have e-mail outreach: most links skip
        // the read.
        if link.customer_email.is_none() {
            return Ok(Vec::new());
        }
        let asked = self
            .store
            .outreach(&link.id)
            .await?
            .is_some_and(|o| o.second_chance && o.stopped_at.is_none());
        if !asked {
            return Ok(Vec::new());
        }
        let after = i64::try_from(self.settings.second_chance_after.as_millis()).unwrap_or(0);
        Ok(vec![own_row(
            &link.id,
            EMAIL_SECOND_CHANCE_KIND,
            "email:second_chance".to_owned(),
            event_id,
            &EmailPayload::new(&link.id, Purpose::SecondChance),
            now + after,
        )])
    }

    /// Queues a reminder due `now` to the link's buyer by each of its outreach's channels
    /// (an e-mail reminder; a text carrying the link again) and returns the addresses and
    /// numbers reminded. Refused when the link has no outreach, is closed, or the buyer
    /// stopped its messages.
    pub async fn remind_buyer_now(&self, link_id: &LinkId, now: i64) -> EngineResult<Vec<String>> {
        let link = self.store.link(link_id).await?;
        let outreach = self
            .store
            .outreach(link_id)
            .await?
            .filter(|o| o.email.is_some() || o.phone.is_some())
            .ok_or_else(|| {
                EngineError::invalid(
                    "link",
                    "outreach_missing",
                    "this link is not sent to its buyer: there is no one to remind",
                )
            })?;
        check_open(&link, now)?;
        if outreach.stopped_at.is_some() {
            return Err(stopped());
        }
        self.queue_to_buyer(&link, &outreach, Purpose::Reminder, None, now)
            .await
    }

    /// Sends the link's first message again, now, by each of its outreach's channels,
    /// and returns the addresses and numbers. A link with a buyer's address but no
    /// outreach gets one (in the seller's language), when this server sends e-mail.
    /// Refused when the link is closed or the buyer stopped it.
    pub async fn resend_link(&self, link_id: &LinkId) -> EngineResult<Vec<String>> {
        let now = self.now_ms();
        let link = self.store.link(link_id).await?;
        check_open(&link, now)?;
        match self.store.outreach(link_id).await? {
            Some(o) if o.stopped_at.is_some() => Err(stopped()),
            Some(o) => {
                self.queue_to_buyer(&link, &o, Purpose::Resend, None, now)
                    .await
            }
            None => {
                let row = self.new_outreach(&link, now).await?;
                let start = OutreachChange::Start { row: row.clone() };
                self.queue_to_buyer(&link, &row, Purpose::Resend, Some(start), now)
                    .await
            }
        }
    }

    /// Queues one message for `purpose` due now on each channel of `outreach` (started
    /// in the same change when `start` is given), with an `email.queued` event naming
    /// whom; returns them.
    async fn queue_to_buyer(
        &self,
        link: &LinkRow,
        outreach: &OutreachRow,
        purpose: Purpose,
        start: Option<OutreachChange>,
        now: i64,
    ) -> EngineResult<Vec<String>> {
        let to: Vec<String> = outreach
            .email
            .iter()
            .chain(outreach.phone.iter())
            .cloned()
            .collect();
        let ev = self.event(
            link,
            EventKind::EmailQueued,
            serde_json::json!({ "purpose": purpose.as_str(), "to": &to }),
            now,
        );
        let payload = EmailPayload::new(&link.id, purpose);
        let mut queue = Vec::new();
        // One per request: the event is new each time.
        if outreach.email.is_some() {
            let kind = if purpose == Purpose::Reminder {
                EMAIL_REMINDER_KIND
            } else {
                EMAIL_LINK_KIND
            };
            let key = format!("email:{}:{}", purpose.as_str(), ev.id);
            queue.push(own_row(&link.id, kind, key, ev.id.as_str(), &payload, now));
        }
        if outreach.phone.is_some() {
            let key = format!("sms:{}:{}", purpose.as_str(), ev.id);
            let mut row = own_row(&link.id, SMS_LINK_KIND, key, ev.id.as_str(), &payload, now);
            row.channel = SMS_CHANNEL.to_owned();
            queue.push(row);
        }
        self.store
            .apply(&ChangeSet {
                events: vec![ev],
                outreach: start,
                queue,
                now,
                ..ChangeSet::default()
            })
            .await?;
        self.wake_outbox();
        Ok(to)
    }

    /// The outreach of a link made without one, to its buyer's address and/or number
    /// (each where this server can send: e-mail, SMS).
    async fn new_outreach(&self, link: &LinkRow, now: i64) -> EngineResult<Box<OutreachRow>> {
        let seller = self.store.seller(&link.seller_id).await?;
        let email = link
            .customer_email
            .clone()
            .filter(|_| self.settings.email_enabled);
        let region = phone_region(link.amount.currency().code(), &seller.locale);
        let phone = link
            .customer_phone
            .as_deref()
            .filter(|_| self.settings.sms_enabled)
            .and_then(|n| e164(n, region.unwrap_or("")));
        if email.is_none() && phone.is_none() {
            return Err(
                if link.customer_email.is_some() || link.customer_phone.is_some() {
                    EngineError::invalid(
                        "notify_by_email",
                        "email_not_configured",
                        "this server does not send e-mail (email.smtp_url) or text messages \
                     (sms.account_sid) to this buyer",
                    )
                } else {
                    EngineError::invalid(
                        "customer_details.email_address",
                        "contact_missing",
                        "this link has no buyer's e-mail address or phone number to send it to",
                    )
                },
            );
        }
        let language = super::sellers::supported_locale(&seller.locale).unwrap_or("en");
        Ok(Box::new(OutreachRow {
            link_id: link.id.clone(),
            email,
            phone,
            language: language.to_owned(),
            send_at: now,
            stop_token: hex::encode(random::<16>()),
            stopped_at: None,
            created_at: now,
            reminders: None,
            second_chance: false,
        }))
    }
}

/// Refuses a link that takes no more payments (closed, or past its expiry).
fn check_open(link: &LinkRow, now: i64) -> EngineResult<()> {
    if !link.status.is_open() || link.expires_at.is_some_and(|t| t <= now) {
        return Err(EngineError::invalid(
            "link",
            "link_closed",
            "this link is closed: it takes no more payments",
        ));
    }
    Ok(())
}

fn stopped() -> EngineError {
    EngineError::invalid(
        "link",
        "outreach_stopped",
        "the buyer stopped messages about this link",
    )
}
