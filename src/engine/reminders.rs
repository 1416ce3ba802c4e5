//! Outreach after the first message: reminders before a link expires, the second chance
//! after a checkout left unpaid or a failed payment, and the seller's "remind now" and
//! "send again".
//!
//! Each is an outbox row per channel of the link's outreach ([`EMAIL_CHANNEL`] for its
//! buyer's address, [`SMS_CHANNEL`] for its number) written in the transaction of the
//! change that causes it (the link's creation, the checkout's start, the failure, the
//! seller's request). When it comes due, [`Engine::message_due`] decides again, like for
//! the first message: a paid, closed or stopped link gets nothing (`email.skipped`,
//! `sms.skipped`).
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

/// The outbox kind of a reminder e-mail before expiry.
pub const EMAIL_REMINDER_KIND: &str = "email.reminder";

/// The outbox kind of the second chance by e-mail.
pub const EMAIL_SECOND_CHANCE_KIND: &str = "email.second_chance";

/// The outbox kind of a reminder text before expiry.
pub const SMS_REMINDER_KIND: &str = "sms.reminder";

/// The outbox kind of the second chance by text.
pub const SMS_SECOND_CHANCE_KIND: &str = "sms.second_chance";

/// The most reminders one link may ask for.
pub const MAX_REMINDERS: usize = 5;

/// The API's name of each reminder's time, by its place in the request.
const REMINDER_TIMES: [&str; MAX_REMINDERS] = [
    "reminders[0].time",
    "reminders[1].time",
    "reminders[2].time",
    "reminders[3].time",
    "reminders[4].time",
];

/// Which of the buyer's channels a message goes by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reach {
    pub email: bool,
    pub phone: bool,
}

impl Reach {
    /// The channels `outreach` has an address or a number for.
    pub(crate) const fn of(outreach: &OutreachRow) -> Self {
        Self {
            email: outreach.email.is_some(),
            phone: outreach.phone.is_some(),
        }
    }
}

/// One row per channel of `reach` for `payload`'s message about `link`, due at `due_at`,
/// each its own destination: its dedupe key, `{link}:{channel}:{what}`.
pub(crate) fn buyer_rows(
    link: &LinkId,
    reach: Reach,
    what: &str,
    event_id: &str,
    payload: &EmailPayload,
    due_at: i64,
) -> Vec<NewOutboxRow> {
    let (email_kind, sms_kind) = match payload.purpose {
        Purpose::Reminder => (EMAIL_REMINDER_KIND, SMS_REMINDER_KIND),
        Purpose::SecondChance => (EMAIL_SECOND_CHANCE_KIND, SMS_SECOND_CHANCE_KIND),
        Purpose::Link | Purpose::Resend => (EMAIL_LINK_KIND, SMS_LINK_KIND),
    };
    let channels = [
        (reach.email, EMAIL_CHANNEL, email_kind),
        (reach.phone, SMS_CHANNEL, sms_kind),
    ];
    channels
        .into_iter()
        .filter(|(on, _, _)| *on)
        .map(|(_, channel, kind)| {
            let dedupe_key = format!("{link}:{channel}:{what}");
            NewOutboxRow {
                channel: channel.to_owned(),
                destination: dedupe_key.clone(),
                kind: kind.to_owned(),
                event_id: event_id.to_owned(),
                payload: payload_json(payload),
                dedupe_key,
                rerouted_from: None,
                due_at: Some(due_at),
            }
        })
        .collect()
}

impl Engine {
    /// The reminder rows of a new link's outreach, one per reminder and channel (`reach`),
    /// numbered from 1 earliest first, and the offsets they were planned for: each due
    /// `before` ms before the link's expiry, after its creation and after the first
    /// message (`send_at`).
    pub(crate) fn plan_reminders(
        &self,
        req: &super::outreach::OutreachRequest,
        link: &LinkRow,
        send_at: i64,
        now: i64,
        event_id: &str,
    ) -> EngineResult<(Vec<i64>, Vec<NewOutboxRow>)> {
        if req.reminders.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let field = req.reminders_field;
        let Some(expires_at) = link.expires_at else {
            return Err(EngineError::invalid(
                "expiry_date",
                "reminder_needs_expiry",
                "reminders need an expiry_date",
            ));
        };
        let reach = Reach {
            email: req.email,
            phone: req.phone,
        };
        let mut offsets = req.reminders.clone();
        // The longest before expiry is the earliest.
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        let mut rows = Vec::with_capacity(offsets.len() * 2);
        for (i, &before) in offsets.iter().enumerate() {
            let at = expires_at.saturating_sub(before);
            if at <= now {
                // The API names the reminder as sent (`reminders[1].time`).
                let named = match req.reminders.iter().position(|b| *b == before) {
                    Some(k) if field == "reminders" => REMINDER_TIMES.get(k).copied(),
                    _ => None,
                };
                return Err(EngineError::invalid(
                    named.unwrap_or(field),
                    "reminder_before_creation",
                    "a reminder would fall before now: make it closer to the expiry",
                ));
            }
            if at <= send_at {
                return Err(EngineError::invalid(
                    field,
                    "reminder_before_send",
                    "a reminder would fall before the scheduled first message (scheduled_date)",
                ));
            }
            let payload = EmailPayload {
                for_expiry: Some(expires_at),
                before_ms: Some(before),
                ..EmailPayload::new(&link.id, Purpose::Reminder)
            };
            let what = format!("reminder:{}", i + 1);
            rows.extend(buyer_rows(&link.id, reach, &what, event_id, &payload, at));
        }
        Ok((offsets, rows))
    }

    /// The second chance of `link`, when its outreach asks for one and is not stopped, by
    /// each of its channels: due `outreach.second_chance_after_mins` after `now`, once per
    /// link and channel (the dedupe key), queued by the change that records the unpaid
    /// checkout or the failure.
    pub(crate) async fn second_chance_rows(
        &self,
        link: &LinkRow,
        event_id: &str,
        now: i64,
    ) -> EngineResult<Vec<NewOutboxRow>> {
        // Only links with a buyer's address or number can have outreach: most links skip
        // the read.
        if link.customer_email.is_none() && link.customer_phone.is_none() {
            return Ok(Vec::new());
        }
        let Some(outreach) = self
            .store
            .outreach(&link.id)
            .await?
            .filter(|o| o.second_chance && o.stopped_at.is_none())
        else {
            return Ok(Vec::new());
        };
        let after = i64::try_from(self.settings.second_chance_after.as_millis()).unwrap_or(0);
        Ok(buyer_rows(
            &link.id,
            Reach::of(&outreach),
            Purpose::SecondChance.as_str(),
            event_id,
            &EmailPayload::new(&link.id, Purpose::SecondChance),
            now + after,
        ))
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
        // One per request: the event is new each time.
        let what = format!("{}:{}", purpose.as_str(), ev.id);
        let queue = buyer_rows(
            &link.id,
            Reach::of(outreach),
            &what,
            ev.id.as_str(),
            &payload,
            now,
        );
        self.commit(&ChangeSet {
            events: vec![ev],
            outreach: start,
            queue,
            now,
            ..ChangeSet::default()
        })
        .await?;
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
