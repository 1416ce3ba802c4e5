//! Buyers' text messages through Twilio's Messages API: the outbox channel `sms` (see
//! `engine::outreach_sms`).
//!
//! The engine says what is due (or that nothing is: the link closed, the buyer stopped
//! it, the seller's daily cap); this channel renders one short line in the buyer's
//! language and POSTs it to `{base_url}/2010-04-01/Accounts/{sid}/Messages.json` with
//! HTTP Basic auth (the account SID and auth token).
//!
//! What Twilio answers decides the outbox outcome:
//! - 201: sent (`sms.sent` with Twilio's message SID).
//! - 400 with an error code (21211 invalid number, 21614 not a mobile, 21610 the buyer
//!   replied STOP, 21408 region not enabled…) and any other 4xx: final, `sms.failed`
//!   with the reason, the seller told once, not retried.
//! - 401/403: paychat's credentials, the operator's to fix: kept and retried, a loud
//!   log line that names the account SID, never the token.
//! - 429: retried after Twilio's Retry-After; 5xx, timeouts, no connection: retried with
//!   the outbox's backoff.
//!
//! The last attempt that would be retried ends as failed and told instead, so a text
//! never dies quietly.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;

use crate::config::{Secret, SmsSender, SmsSettings};
use crate::conversation::i18n::I18n;
use crate::domain::money::format_money;
use crate::domain::terms::AmountChoice;
use crate::domain::text::clip;
use crate::domain::text::one_line;
use crate::engine::outreach::{EmailPayload, Purpose};
use crate::engine::outreach_sms::{SMS_CHANNEL, SmsDue, SmsMessage};
use crate::engine::ports::{Channel, Delivery};
use crate::engine::{Engine, EngineError, OutboxRow};

/// Delivers outbox rows of channel `sms`.
pub struct SmsChannel {
    engine: Arc<Engine>,
    i18n: Arc<I18n>,
    client: reqwest::Client,
    /// `…/2010-04-01/Accounts/{sid}/Messages.json`.
    url: String,
    account_sid: String,
    auth_token: Secret,
    sender: SmsSender,
    max_attempts: u32,
}

/// Twilio's error body (`{"code": 21211, "message": "…", "status": 400}`).
#[derive(Deserialize, Default)]
struct TwilioError {
    code: Option<u32>,
    message: Option<String>,
}

/// Twilio's answer to a message it took.
#[derive(Deserialize)]
struct TwilioMessage {
    sid: String,
}

impl SmsChannel {
    /// The channel for `settings`, or `None` when SMS is off.
    pub fn new(
        engine: Arc<Engine>,
        i18n: Arc<I18n>,
        settings: &SmsSettings,
        max_attempts: u32,
    ) -> anyhow::Result<Option<Self>> {
        let (Some(sid), Some(token), Some(sender)) = (
            &settings.account_sid,
            &settings.auth_token,
            &settings.sender,
        ) else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()?;
        Ok(Some(Self {
            engine,
            i18n,
            client,
            url: format!(
                "{}/2010-04-01/Accounts/{sid}/Messages.json",
                settings.base_url
            ),
            account_sid: sid.clone(),
            auth_token: token.clone(),
            sender: sender.clone(),
            max_attempts,
        }))
    }

    /// The text for `m`: one line in the buyer's language, the seller's words clipped so
    /// it stays a short message.
    fn body(&self, m: &SmsMessage) -> String {
        let lang = m.outreach.language.as_str();
        let seller = clip(&one_line(&m.seller_name), 30);
        let what = clip(&one_line(m.link.description.trim()), 40);
        let amount = format_money(m.link.amount, lang);
        let open = matches!(m.link.terms().choice, Some(AmountChoice::Open { .. }));
        let key = match (open, what.is_empty()) {
            (false, true) => "sms-body",
            (false, false) => "sms-body-for",
            (true, true) => "sms-body-open",
            (true, false) => "sms-body-open-for",
        };
        let args = [
            ("seller", seller.as_str()),
            ("amount", amount.as_str()),
            ("what", what.as_str()),
            ("url", m.pay_url.as_str()),
        ];
        let text = self.i18n.t(lang, key, &args);
        // A reminder and the second chance say why the link comes again.
        let text = match m.purpose {
            Purpose::Reminder => self.i18n.t(lang, "sms-reminder", &[("text", &text)]),
            Purpose::SecondChance => self.i18n.t(lang, "sms-second-chance", &[("text", &text)]),
            Purpose::Link | Purpose::Resend => text,
        };
        one_line(&text)
    }

    /// The last attempt that would be retried: failed and told instead.
    fn last_attempt(&self, row: &OutboxRow) -> bool {
        row.attempts >= i64::from(self.max_attempts)
    }

    /// `error` retried (after `after` when Twilio said), or failed and told on the last
    /// attempt.
    async fn retry_or_give_up(
        &self,
        row: &OutboxRow,
        link_id: &str,
        error: String,
        after: Option<Duration>,
    ) -> Delivery {
        if self.last_attempt(row) {
            let reason = format!("gave up after {} attempts: {error}", row.attempts);
            return self.refused(link_id, &reason, None).await;
        }
        Delivery::Retry { error, after }
    }

    /// A final refusal: on the timeline and told to the seller, then not retried.
    async fn refused(&self, link_id: &str, reason: &str, code: Option<u32>) -> Delivery {
        match self.engine.sms_failed(link_id, reason, code).await {
            Ok(()) => Delivery::Failed {
                error: format!("SMS refused: {reason}"),
            },
            Err(e) => Delivery::Retry {
                error: format!("recording a refused text: {e}"),
                after: None,
            },
        }
    }
}

#[async_trait]
impl Channel for SmsChannel {
    fn name(&self) -> &'static str {
        SMS_CHANNEL
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Ok(payload) = serde_json::from_str::<EmailPayload>(&row.payload) else {
            return Delivery::Failed {
                error: "unreadable SMS payload".into(),
            };
        };
        let link_id = payload.link_id.as_str();
        let due = match self.engine.sms_due(&payload).await {
            Ok(SmsDue::Send(m)) => m,
            Ok(SmsDue::Skipped) => return Delivery::Delivered,
            // Not an attempt: the row waits for the reminder's new time.
            Ok(SmsDue::Later { at }) => {
                let wait = at.saturating_sub(self.engine.now_ms()).max(0);
                return Delivery::Later {
                    after: Duration::from_millis(wait.unsigned_abs()),
                };
            }
            Err(EngineError::NotFound(what)) => {
                return Delivery::Failed {
                    error: format!("no {what} for this text"),
                };
            }
            Err(e) => {
                return Delivery::Retry {
                    error: format!("reading the link: {e}"),
                    after: None,
                };
            }
        };
        let Some(to) = due.outreach.phone.clone() else {
            return self
                .refused(link_id, "the link has no phone number for its buyer", None)
                .await;
        };
        let body = self.body(&due);
        let mut form = vec![("To", to), ("Body", body)];
        form.push(match &self.sender {
            SmsSender::From(from) => ("From", from.clone()),
            SmsSender::MessagingService(sid) => ("MessagingServiceSid", sid.clone()),
        });
        let sent = self
            .client
            .post(&self.url)
            .basic_auth(&self.account_sid, Some(self.auth_token.expose()))
            .form(&form)
            .send()
            .await;
        let res = match sent {
            Ok(res) => res,
            // No connection, TLS or a timeout: Twilio may take it later. reqwest's error
            // names the URL, which holds the account SID but never the token.
            Err(e) => {
                return self
                    .retry_or_give_up(row, link_id, format!("Twilio unreachable: {e}"), None)
                    .await;
            }
        };
        let status = res.status().as_u16();
        let after = retry_after(&res);
        let text = res.text().await.unwrap_or_default();
        match status {
            200 | 201 => {
                let sid = serde_json::from_str::<TwilioMessage>(&text)
                    .map(|m| m.sid)
                    .unwrap_or_default();
                if let Err(e) = self.engine.sms_sent(link_id, &sid, payload.purpose).await {
                    // Sent: retrying would text twice. The timeline misses one line.
                    tracing::error!(error = %e, "text sent but not recorded on the timeline");
                }
                Delivery::Delivered
            }
            401 | 403 => {
                tracing::error!(
                    account_sid = %self.account_sid,
                    status,
                    "Twilio refused paychat's credentials: check sms.account_sid and sms.auth_token"
                );
                let error = format!("Twilio refused paychat's credentials ({status})");
                self.retry_or_give_up(row, link_id, error, None).await
            }
            429 => {
                let error = "Twilio: too many requests (429)".to_owned();
                self.retry_or_give_up(row, link_id, error, after).await
            }
            400..=499 => {
                let e: TwilioError = serde_json::from_str(&text).unwrap_or_default();
                let reason = refusal(status, &e);
                self.refused(link_id, &reason, e.code).await
            }
            _ => {
                let error = format!("Twilio answered {status}");
                self.retry_or_give_up(row, link_id, error, None).await
            }
        }
    }
}

/// Why Twilio refused a text for good, in words a seller can act on, with Twilio's code
/// and message.
fn refusal(status: u16, e: &TwilioError) -> String {
    let said = e
        .message
        .as_deref()
        .map(|m| clip(&one_line(m), 160))
        .unwrap_or_default();
    let why = match e.code {
        Some(21211) => "the number is not a valid phone number",
        Some(21614) => "the number is not a mobile number and cannot receive texts",
        Some(21610) => "the buyer replied STOP to this sender and gets no more texts",
        Some(21408) => {
            "texts to this country are not enabled on the Twilio account (the operator's \
             geo permissions)"
        }
        _ => "Twilio refused the text",
    };
    match (e.code, said.is_empty()) {
        (Some(code), false) => format!("{why} (Twilio {code}: {said})"),
        (Some(code), true) => format!("{why} (Twilio {code})"),
        (None, false) => format!("{why} ({status}: {said})"),
        (None, true) => format!("{why} ({status})"),
    }
}

/// Seconds to wait from a `Retry-After` header in seconds, capped at an hour.
fn retry_after(res: &reqwest::Response) -> Option<Duration> {
    let secs: u64 = res
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.min(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_to_do_and_keep_twilios_words() {
        let e = TwilioError {
            code: Some(21211),
            message: Some("The 'To' number +6600 is not a valid phone number.".into()),
        };
        let r = refusal(400, &e);
        assert!(
            r.starts_with("the number is not a valid phone number"),
            "{r}"
        );
        assert!(r.contains("Twilio 21211") && r.contains("+6600"), "{r}");
        for (code, says) in [
            (21614, "not a mobile number"),
            (21610, "replied STOP"),
            (21408, "not enabled"),
        ] {
            let e = TwilioError {
                code: Some(code),
                message: None,
            };
            let r = refusal(400, &e);
            assert!(r.contains(says) && r.contains(&code.to_string()), "{r}");
        }
        let r = refusal(404, &TwilioError::default());
        assert_eq!(r, "Twilio refused the text (404)");
    }
}
