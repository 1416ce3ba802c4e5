//! The two WhatsApp outbox channels: `whatsapp-in` handles stored inbound messages,
//! `whatsapp` sends replies and pushes through the Graph API.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde_json::{Value, json};

use super::{CHANNEL, INBOUND, Inbound, InboundInput, WhatsApp, language_for_phone};
use crate::adapters::telegram::limiter::Sending;
use crate::conversation::{Incoming, Input, Progress, PushPlan, Reply, Upload};
use crate::domain::TimeZone;
use crate::engine::chat::ChatUser;
use crate::engine::ports::{Channel, Delivery};
use crate::engine::{ContactRow, OutboxRow, WaMessageRow};

/// Handles received messages: runs the conversation, queues the replies.
pub struct InboundChannel {
    wa: Arc<WhatsApp>,
}

impl InboundChannel {
    #[must_use]
    pub fn new(wa: Arc<WhatsApp>) -> Self {
        Self { wa }
    }
}

#[async_trait]
impl Channel for InboundChannel {
    fn name(&self) -> &'static str {
        INBOUND
    }

    fn serving(&self) -> bool {
        self.wa.serving()
    }

    fn answers(&self) -> bool {
        true
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Ok(m) = serde_json::from_str::<Inbound>(&row.payload) else {
            return Delivery::Failed {
                error: "stored message unreadable".into(),
            };
        };
        let engine = self.wa.conversation.engine();
        let now = engine.now_ms();
        let contact = ContactRow {
            user_key: m.user_key.clone(),
            wa_id: m.wa_id.clone(),
            user_id: m.user_id.clone(),
            name: m.name.clone(),
            // Meta's timestamp, or now if absent: the window counts from the user's message.
            last_inbound_at: if m.timestamp_ms > 0 {
                m.timestamp_ms.min(now)
            } else {
                now
            },
        };
        if let Err(e) = engine.whatsapp_contact_wrote(CHANNEL, &contact).await {
            return Delivery::Retry {
                error: e.to_string(),
                after: None,
            };
        }
        let input = match &m.input {
            InboundInput::Ignored => return Delivery::Delivered,
            InboundInput::Text { text } => Input::Text(text.clone()),
            InboundInput::Action { id } => Input::Action(id.clone()),
            InboundInput::Unsupported { .. } | InboundInput::Document { .. } => Input::Unsupported,
        };
        let incoming = Incoming {
            user: ChatUser {
                channel: CHANNEL.into(),
                external_user: m.user_key.clone(),
                chat: m.user_key.clone(),
                name: m.name.clone().unwrap_or_default(),
                language: m
                    .wa_id
                    .as_deref()
                    .and_then(language_for_phone)
                    .map(str::to_owned),
                timezone: m.wa_id.as_deref().and_then(TimeZone::for_phone),
            },
            chat: m.user_key.clone(),
            group: false,
            message_id: Some(m.message_id.clone()),
            bot_username: None,
            slash_optional: true,
            input,
        };
        let replies = match &m.input {
            InboundInput::Document {
                media_id,
                filename,
                mime,
            } => {
                let upload = Upload {
                    file_key: media_id.clone(),
                    name: filename.clone(),
                    mime: mime.clone(),
                    size: None,
                };
                self.bulk(&incoming, upload, &m.message_id).await
            }
            _ => self.wa.conversation.handle(&incoming).await,
        };
        let bodies: Vec<String> = replies
            .iter()
            .flat_map(|r| self.wa.render(r))
            .map(|body| body.to_string())
            .collect();
        match engine
            .queue_replies(CHANNEL, &m.user_key, &m.message_id, &bodies)
            .await
        {
            Ok(()) => Delivery::Delivered,
            Err(e) => Delivery::Retry {
                error: e.to_string(),
                after: None,
            },
        }
    }
}

impl InboundChannel {
    /// A document: links in bulk when it is a CSV that fits (fetched from the Graph
    /// API), with a message when the rows start and the summary when they are done.
    async fn bulk(&self, incoming: &Incoming, mut upload: Upload, message_id: &str) -> Vec<Reply> {
        let conv = &self.wa.conversation;
        let mut bytes = None;
        if conv.upload_fits(&upload) {
            let fits = |size: Option<u64>| {
                conv.upload_fits(&Upload {
                    size,
                    ..upload.clone()
                })
            };
            match self.wa.media(&upload.file_key, fits).await {
                Ok((size, got)) => {
                    upload.size = size;
                    bytes = got;
                }
                Err(e) => tracing::warn!(error = %e, "fetching a WhatsApp document failed"),
            }
        }
        let progress = QueuedProgress {
            wa: &self.wa,
            user_key: &incoming.chat,
            message_id,
            started: AtomicBool::new(false),
        };
        conv.bulk_upload(incoming, &upload, bytes, &progress).await
    }
}

/// Progress on WhatsApp, which cannot edit a message: one message when the rows start,
/// one with the summary, each queued like a reply.
struct QueuedProgress<'a> {
    wa: &'a WhatsApp,
    user_key: &'a str,
    message_id: &'a str,
    /// Whether the start message was queued.
    started: AtomicBool,
}

#[async_trait]
impl Progress for QueuedProgress<'_> {
    async fn show(&self, text: &str, last: bool) {
        let step = if last {
            "bulk-done"
        } else if self.started.swap(true, Ordering::Relaxed) {
            return;
        } else {
            "bulk-start"
        };
        let bodies: Vec<String> = self
            .wa
            .render(&Reply::text(text))
            .iter()
            .map(ToString::to_string)
            .collect();
        // Keyed by the message and the step: a message handled again queues neither twice.
        let key = format!("{}:{step}", self.message_id);
        let engine = self.wa.conversation.engine();
        if let Err(e) = engine
            .queue_replies(CHANNEL, self.user_key, &key, &bodies)
            .await
        {
            tracing::warn!(error = %e, "queueing WhatsApp bulk progress failed");
        }
    }
}

/// What a Graph API call came to.
enum Sent {
    Ok(String),
    /// More than 24 hours since the user wrote (131047).
    OutsideWindow,
    Retry(String),
    Failed(String),
}

/// Sends replies and pushes.
pub struct WhatsAppChannel {
    wa: Arc<WhatsApp>,
}

impl WhatsAppChannel {
    #[must_use]
    pub fn new(wa: Arc<WhatsApp>) -> Self {
        Self { wa }
    }

    /// `to` (a phone-number id) or, for users known only by user id, `recipient`.
    fn address(contact: Option<&ContactRow>, key: &str, body: &mut Value) {
        let (field, value) = match contact {
            Some(ContactRow { wa_id: Some(w), .. }) => ("to", w.clone()),
            Some(ContactRow {
                user_id: Some(u), ..
            }) => ("recipient", u.clone()),
            _ => ("to", key.to_owned()),
        };
        if let Value::Object(map) = body {
            map.insert("messaging_product".into(), json!("whatsapp"));
            map.insert(field.into(), json!(value));
        }
    }

    async fn post(&self, req: reqwest::RequestBuilder) -> Sent {
        let res = match req
            .bearer_auth(self.wa.settings.access_token.expose())
            .send()
            .await
        {
            Ok(r) => r,
            // reqwest errors name the URL, which holds no secret here (the token is a header).
            Err(e) => return Sent::Retry(format!("Graph API unreachable: {}", e.without_url())),
        };
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            let id = body
                .pointer("/messages/0/id")
                .or_else(|| body.get("id"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            return Sent::Ok(id);
        }
        let code = body.pointer("/error/code").and_then(Value::as_i64);
        let message = body
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("no message")
            .to_owned();
        let text = format!("Graph API {status} (code {}): {message}", code.unwrap_or(0));
        match code {
            Some(131_047) => Sent::OutsideWindow,
            // Throughput limits, a bad token (operator must fix it: keep the message).
            Some(4 | 80_007 | 130_429 | 131_048 | 131_056 | 190) => Sent::Retry(text),
            _ if status.as_u16() == 429 || status.is_server_error() || status.as_u16() == 401 => {
                Sent::Retry(text)
            }
            _ => Sent::Failed(text),
        }
    }

    /// Sends one message body to `key`; uploads the document first when it carries one.
    async fn send(&self, key: &str, mut body: Value, sending: Sending) -> Sent {
        let contact = match self.wa.conversation.engine().whatsapp_contact(key).await {
            Ok(c) => c,
            Err(e) => return Sent::Retry(e.to_string()),
        };
        if let Some(upload) = body.as_object_mut().and_then(|m| m.remove("upload")) {
            let bytes = upload
                .get("bytes")
                .and_then(Value::as_str)
                .and_then(|b| {
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).ok()
                })
                .unwrap_or_default();
            let mime = upload
                .get("mime")
                .and_then(Value::as_str)
                .unwrap_or("text/csv")
                .to_owned();
            let filename = upload
                .get("filename")
                .and_then(Value::as_str)
                .unwrap_or("export.csv")
                .to_owned();
            let part = match reqwest::multipart::Part::bytes(bytes)
                .file_name(filename)
                .mime_str(&mime)
            {
                Ok(p) => p,
                Err(e) => return Sent::Failed(format!("bad file type: {e}")),
            };
            let form = reqwest::multipart::Form::new()
                .text("messaging_product", "whatsapp")
                .text("type", mime)
                .part("file", part);
            let url = format!("{}/media", self.wa.settings.base_url);
            let media = match self.post(self.wa.http.post(url).multipart(form)).await {
                Sent::Ok(id) => id,
                other => return other,
            };
            if let Some(doc) = body.get_mut("document").and_then(Value::as_object_mut) {
                doc.insert("id".into(), json!(media));
            }
        }
        Self::address(contact.as_ref(), key, &mut body);
        self.wait_slot(sending).await;
        let url = format!("{}/messages", self.wa.settings.base_url);
        self.post(self.wa.http.post(url).json(&body)).await
    }

    async fn wait_slot(&self, sending: Sending) {
        while let Err(wait) = self.wa.limiter.reserve(0, sending, Instant::now()) {
            tokio::time::sleep(wait).await;
        }
    }

    async fn record(&self, wamid: &str, key: &str, kind: &str, payload: Option<&str>) {
        if wamid.is_empty() {
            return;
        }
        let engine = self.wa.conversation.engine();
        let now = engine.now_ms();
        let row = WaMessageRow {
            wamid: wamid.to_owned(),
            user_key: key.to_owned(),
            kind: kind.to_owned(),
            payload: payload.map(str::to_owned),
            status: "accepted".into(),
            error_code: None,
            created_at: now,
            updated_at: now,
        };
        match engine.record_whatsapp_sent(&row).await {
            // Its "failed" status arrived before this record: act on it now.
            Ok(Some(stored)) if stored.status == "failed" => {
                if let Err(e) = self.wa.requeue_failed(&stored, stored.error_code).await {
                    tracing::error!(error = %e, "re-sending a failed WhatsApp push failed");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "recording a sent WhatsApp message failed"),
        }
    }

    fn outcome(sent: Sent) -> Delivery {
        match sent {
            Sent::Ok(_) => Delivery::Delivered,
            Sent::Retry(error) => Delivery::Retry { error, after: None },
            Sent::Failed(error) => Delivery::Failed { error },
            // A reply is only ever sent right after the user wrote; if Meta still says
            // the window is closed, the answer is out of date: stop.
            Sent::OutsideWindow => Delivery::Failed {
                error: "outside the 24-hour window".into(),
            },
        }
    }

    /// A status push: free text inside the window, else the approved template, else
    /// where the engine's routing says (the seller's other app, or later).
    async fn push(&self, row: &OutboxRow, force_template: bool) -> Delivery {
        let conv = &self.wa.conversation;
        let (reply, push, lang) = match conv.plan_push(row).await {
            PushPlan::Send { reply, push, lang } => (reply, push, lang),
            // Cards are Telegram's; a card row here has nothing to edit.
            PushPlan::Card { .. } => return Delivery::Delivered,
            PushPlan::Settle(delivery) => return delivery,
        };
        let engine = conv.engine();
        let key = row.destination.as_str();
        let open = match engine.whatsapp_window_open(key).await {
            Ok(open) => open,
            Err(e) => {
                return Delivery::Retry {
                    error: e.to_string(),
                    after: None,
                };
            }
        };
        if open && !force_template {
            // A push sent again after failing here is not sent a third time.
            let kind = if row.rerouted_from.as_deref() == Some(CHANNEL) {
                "push-again"
            } else {
                "push"
            };
            let mut last = Sent::Ok(String::new());
            for body in self.wa.render(&reply) {
                last = self.send(key, body, Sending::Push).await;
                match &last {
                    Sent::Ok(id) => self.record(id, key, kind, Some(&row.payload)).await,
                    Sent::OutsideWindow => break,
                    _ => return Self::outcome(last),
                }
            }
            if !matches!(last, Sent::OutsideWindow) {
                return Delivery::Delivered;
            }
        }
        if let Some(t) = &self.wa.settings.template {
            let params: Vec<Value> = t
                .params
                .iter()
                .map(|p| {
                    let text = match p.as_str() {
                        "title" => reply.title.clone().unwrap_or_default(),
                        "text" => reply.text.replace('\n', " · "),
                        "amount" => conv.amount(push.link.amount_minor, &push.link.currency, lang),
                        "description" => push.link.description.clone(),
                        "url" => push.link.url.clone(),
                        _ => push.link.status.as_str().to_owned(),
                    };
                    // Template parameters may not be empty or hold newlines.
                    let text = if text.trim().is_empty() {
                        "-".into()
                    } else {
                        text
                    };
                    json!({ "type": "text", "text": text })
                })
                .collect();
            let body = json!({
                "type": "template",
                "template": {
                    "name": t.name,
                    "language": { "code": t.language },
                    "components": [ { "type": "body", "parameters": params } ]
                }
            });
            let sent = self.send(key, body, Sending::Push).await;
            if let Sent::Ok(id) = &sent {
                self.record(id, key, "template", Some(&row.payload)).await;
            }
            return Self::outcome(sent);
        }
        match engine.push_elsewhere(&push.seller(), CHANNEL).await {
            Ok(Some((channel, destination))) => Delivery::Reroute {
                channel,
                destination,
            },
            // Nothing Meta accepts now: keep it until the seller writes again.
            Ok(None) => Delivery::Later {
                after: Duration::from_secs(600),
            },
            Err(e) => Delivery::Retry {
                error: e.to_string(),
                after: None,
            },
        }
    }
}

#[async_trait]
impl Channel for WhatsAppChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    fn serving(&self) -> bool {
        self.wa.serving()
    }

    fn answers(&self) -> bool {
        true
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        match row.kind.as_str() {
            "reply" => {
                let Ok(body) = serde_json::from_str::<Value>(&row.payload) else {
                    return Delivery::Failed {
                        error: "reply unreadable".into(),
                    };
                };
                let sent = self.send(&row.destination, body, Sending::Answer).await;
                if let Sent::Ok(id) = &sent {
                    self.record(id, &row.destination, "reply", None).await;
                }
                Self::outcome(sent)
            }
            "template" => self.push(row, true).await,
            _ => self.push(row, false).await,
        }
    }
}
