//! Buyers' e-mails over SMTP: the outbox channel `email` (see `engine::outreach`).
//!
//! The engine says what is due (or that nothing is: the link closed, the buyer
//! stopped it); this channel renders the message in the buyer's language, a text part
//! and an HTML part with every seller string escaped, and hands it to the configured
//! SMTP server through lettre (STARTTLS or implicit TLS by rustls).
//!
//! What the server answers decides the outbox outcome: a 4xx reply or a server that
//! cannot be reached is retried with the outbox's backoff (nothing is lost); a 5xx
//! reply (550 unknown user on RCPT) is final: the timeline gets `email.failed` with the
//! reply, the seller is told once, and the row is not retried.

use std::sync::Arc;

use async_trait::async_trait;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::adapters::html::escape;
use crate::config::EmailSettings;
use crate::conversation::i18n::I18n;
use crate::domain::money::format_money;
use crate::domain::terms::AmountChoice;
use crate::engine::outreach::{EMAIL_CHANNEL, EmailDue, EmailMessage, EmailPayload, Purpose};
use crate::engine::ports::{Channel, Delivery};
use crate::engine::{Engine, EngineError, OutboxRow};

/// Delivers outbox rows of channel `email`.
pub struct EmailChannel {
    engine: Arc<Engine>,
    i18n: Arc<I18n>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    /// `notifier.max_attempts`: the last attempt that fails is told like a refusal, so
    /// an e-mail never dies quietly.
    max_attempts: u32,
}

impl EmailChannel {
    /// The channel for `settings`, or `None` when e-mail is off. `public_url` (the
    /// server's) names this host in EHLO unless the SMTP URL has a path that does.
    pub fn new(
        engine: Arc<Engine>,
        i18n: Arc<I18n>,
        settings: &EmailSettings,
        public_url: &str,
        max_attempts: u32,
    ) -> anyhow::Result<Option<Self>> {
        let (Some(url), Some(from)) = (&settings.smtp_url, &settings.from) else {
            return Ok(None);
        };
        // lettre's error names no part of the URL; the URL itself is never logged.
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
            .map_err(|e| anyhow::anyhow!("email.smtp_url: {e}"))?
            .timeout(Some(settings.timeout));
        let url_names_host = url.expose().split_once("://").is_some_and(|(_, rest)| {
            rest.split(['?', '#'])
                .next()
                .and_then(|r| r.split_once('/'))
                .is_some_and(|(_, path)| !path.is_empty())
        });
        // Without a name, lettre says EHLO [127.0.0.1], which spam filters hold against
        // the sender.
        if let Some(host) = reqwest::Url::parse(public_url)
            .ok()
            .and_then(|u| u.domain().map(str::to_owned))
            .filter(|h| h.contains('.') && !url_names_host)
        {
            builder = builder.hello_name(ClientId::Domain(host));
        }
        let transport = builder.build();
        Ok(Some(Self {
            engine,
            i18n,
            transport,
            from: from.clone(),
            reply_to: settings.reply_to.clone(),
            max_attempts,
        }))
    }

    /// The message for `m`, with `message_id`.
    fn message(&self, m: &EmailMessage, message_id: &str) -> Result<Message, String> {
        let lang = m.outreach.language.as_str();
        let t = |key: &str, args: &[(&str, &str)]| self.i18n.t(lang, key, args);
        let seller = m.seller_name.as_str();
        let amount = format_money(m.link.amount, lang);
        let what = m.link.description.trim();
        let expires = m.link.expires_at.map(|ms| m.timezone.datetime(ms));
        // A buyer who chooses the amount is shown where it starts, not asked for it.
        let open = matches!(m.link.terms().choice, Some(AmountChoice::Open { .. }));
        let (subject_key, amount_key) = if open {
            ("email-subject-open", "email-amount-open")
        } else {
            ("email-subject", "email-amount")
        };
        let args = [
            ("seller", seller),
            ("amount", amount.as_str()),
            ("what", what),
            ("date", expires.as_deref().unwrap_or_default()),
        ];
        // A reminder names the expiry; a link without one is reminded like it is sent.
        let (subject_key, intro_keys) = match m.purpose {
            Purpose::Reminder if expires.is_some() => (
                "email-reminder-subject",
                ("email-reminder-intro", "email-reminder-intro-for"),
            ),
            Purpose::SecondChance => (
                "email-second-chance-subject",
                ("email-second-chance-intro", "email-second-chance-intro-for"),
            ),
            _ => (subject_key, ("email-intro", "email-intro-for")),
        };
        // One line: a control character (a newline in a name) must not reach a header.
        let subject = crate::domain::text::one_line(&t(subject_key, &args));
        let intro = if what.is_empty() {
            t(intro_keys.0, &args)
        } else {
            t(intro_keys.1, &args)
        };
        let amount_line = t(amount_key, &[("amount", amount.as_str())]);
        let expires_line = expires
            .as_deref()
            .map(|date| t("email-expires", &[("date", date)]));
        let pay_label = t("email-pay", &[]);
        let stop_line = t("email-stop", &[]);
        let footer = t("email-footer", &[("seller", seller)]);

        let mut text = format!("{intro}\n\n{amount_line}\n");
        if let Some(e) = &expires_line {
            text.push_str(e);
            text.push('\n');
        }
        text.push_str(&format!(
            "\n{pay_label}: {}\n\n-- \n{footer}\n{stop_line}: {}\n",
            m.pay_url, m.stop_url
        ));

        let mut html = format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <title>{}</title></head><body style=\"font-family:sans-serif;max-width:32em\">\
             <p>{}</p><p style=\"font-size:1.4em\"><strong>{}</strong></p>",
            escape(&subject),
            escape(&intro),
            escape(&amount_line),
        );
        if let Some(e) = &expires_line {
            html.push_str(&format!("<p>{}</p>", escape(e)));
        }
        html.push_str(&format!(
            "<p><a href=\"{pay}\" style=\"display:inline-block;padding:.7em 1.4em;\
             background:#0b6e4f;color:#fff;text-decoration:none;border-radius:.4em\">{}</a></p>\
             <p style=\"font-size:.85em;color:#555\">{}<br><a href=\"{pay}\">{pay}</a></p>\
             <hr><p style=\"font-size:.8em;color:#777\">{}<br><a href=\"{stop}\">{}</a></p>\
             </body></html>",
            escape(&pay_label),
            escape(&pay_label),
            escape(&footer),
            escape(&stop_line),
            pay = escape(&m.pay_url),
            stop = escape(&m.stop_url),
        ));

        let to: Mailbox = m
            .outreach
            .email
            .as_deref()
            .ok_or("the link has no e-mail address for its buyer")?
            .parse()
            .map_err(|e| format!("the buyer's address cannot be used: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(message_id.to_owned()));
        // The seller's own address first: a buyer who answers reaches the seller.
        let seller_reply = m
            .reply_email
            .as_deref()
            .and_then(|a| a.parse::<lettre::Address>().ok())
            .map(|a| Mailbox::new(Some(seller.to_owned()), a));
        if let Some(r) = seller_reply.or_else(|| self.reply_to.clone()) {
            builder = builder.reply_to(r);
        }
        let mut message = builder
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| format!("the message could not be built: {e}"))?;
        // One-click stop (RFC 8058): mail apps show their own "unsubscribe" for it.
        let headers = message.headers_mut();
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", m.stop_url),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ));
        Ok(message)
    }

    /// A Message-ID stable across retries of one row, so a receiver can drop a repeat.
    fn message_id(&self, row: &OutboxRow) -> String {
        let domain = self.from.email.domain();
        format!("<{}.{}@{domain}>", row.event_id, row.id)
    }
}

#[async_trait]
impl Channel for EmailChannel {
    fn name(&self) -> &'static str {
        EMAIL_CHANNEL
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Ok(payload) = serde_json::from_str::<EmailPayload>(&row.payload) else {
            return Delivery::Failed {
                error: "unreadable e-mail payload".into(),
            };
        };
        let due = match self.engine.email_due(&payload).await {
            Ok(EmailDue::Send(m)) => m,
            Ok(EmailDue::Skipped) => return Delivery::Delivered,
            // Not an attempt: the row waits for the reminder's new time.
            Ok(EmailDue::Later { at }) => {
                let wait = at.saturating_sub(self.engine.now_ms()).max(0);
                return Delivery::Later {
                    after: std::time::Duration::from_millis(wait.unsigned_abs()),
                };
            }
            Err(EngineError::NotFound(what)) => {
                return Delivery::Failed {
                    error: format!("no {what} for this e-mail"),
                };
            }
            Err(e) => {
                return Delivery::Retry {
                    error: format!("reading the link: {e}"),
                    after: None,
                };
            }
        };
        let message_id = self.message_id(row);
        let message = match self.message(&due, &message_id) {
            Ok(m) => m,
            Err(error) => {
                return self.refused(&payload.link_id, &error).await;
            }
        };
        match self.transport.send(message).await {
            Ok(_) => {
                if let Err(e) = self
                    .engine
                    .email_sent(&payload.link_id, &message_id, payload.purpose)
                    .await
                {
                    // Sent: retrying would send it twice. The timeline misses one line.
                    tracing::error!(error = %e, "e-mail sent but not recorded on the timeline");
                }
                Delivery::Delivered
            }
            // The server refused paychat's own login: the operator's to fix, not the
            // buyer's address. Kept and retried; loud in the log.
            Err(e) if is_login_refusal(&e) => {
                tracing::error!(error = %e, "the SMTP server refused paychat's login: check email.smtp_url");
                Delivery::Retry {
                    error: format!("SMTP login refused: {e}"),
                    after: None,
                }
            }
            Err(e) if e.is_permanent() => self.refused(&payload.link_id, &e.to_string()).await,
            Err(e) if row.attempts >= i64::from(self.max_attempts) => {
                let reply = format!("gave up after {} attempts: {e}", row.attempts);
                self.refused(&payload.link_id, &reply).await
            }
            // 4xx, no connection, TLS or a timeout: the server may take it later.
            Err(e) => Delivery::Retry {
                error: format!("SMTP: {e}"),
                after: None,
            },
        }
    }
}

impl EmailChannel {
    /// A final refusal: on the timeline and told to the seller, then not retried.
    async fn refused(&self, link_id: &str, reply: &str) -> Delivery {
        match self.engine.email_failed(link_id, reply).await {
            Ok(()) => Delivery::Failed {
                error: format!("SMTP refused: {reply}"),
            },
            Err(e) => Delivery::Retry {
                error: format!("recording a refused e-mail: {e}"),
                after: None,
            },
        }
    }
}

/// 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538
/// encryption required (RFC 4954): about paychat's account, not the recipient.
fn is_login_refusal(e: &lettre::transport::smtp::Error) -> bool {
    e.status()
        .is_some_and(|c| matches!(c.to_string().as_str(), "530" | "534" | "535" | "538"))
}
