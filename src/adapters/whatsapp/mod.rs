//! The WhatsApp door (Cloud API): verified webhooks in, Graph API messages out.
//!
//! Inbound messages are stored in the outbox (channel `whatsapp-in`, deduplicated by
//! message id) before Meta gets its 200, and handled from there: a crash after the 200
//! loses nothing, and Meta's redeliveries change nothing. Replies and pushes are outbox
//! rows of channel `whatsapp`, sent in order per user with retries.
//! Facts: ../shared/PROTOCOLS.md, <https://developers.facebook.com/docs/whatsapp/cloud-api>.

mod channel;
mod wire;

use std::sync::Arc;

use serde_json::{Value, json};

pub use channel::{InboundChannel, WhatsAppChannel};
pub use wire::{Inbound, InboundInput, Parsed, StatusEvent, parse_webhook};

pub use crate::adapters::WebhookRefused;
use crate::adapters::signing::verify_hex;
use crate::adapters::telegram::limiter::{Limiter, Limits};
use crate::config::WhatsAppSettings;
use crate::conversation::{Attachment, Button, Conversation, Reply, clip};
use crate::engine::StoreError;
use crate::engine::inbox::Received;
use crate::engine::routing::PushAgain;

/// The outbox channel of messages we send.
pub const CHANNEL: &str = "whatsapp";
/// The outbox channel of received messages waiting to be handled.
pub const INBOUND: &str = "whatsapp-in";

/// Body text limits of Meta's message types (characters).
const MAX_TEXT: usize = 4096;
const MAX_BODY: usize = 1024;
const MAX_BUTTON: usize = 20;
/// Reply buttons one message may carry.
const MAX_REPLY_BUTTONS: usize = 3;
/// Rows of a list message, and the characters of a row's title.
const MAX_LIST_ROWS: usize = 10;
const MAX_ROW: usize = 24;

/// The WhatsApp door: settings, HTTP client, conversation and send limiter.
pub struct WhatsApp {
    pub(crate) settings: WhatsAppSettings,
    pub(crate) http: reqwest::Client,
    pub(crate) conversation: Arc<Conversation>,
    pub(crate) limiter: Limiter,
    /// Whether this replica holds the number's lease: handles and sends its messages.
    serving: tokio::sync::watch::Receiver<bool>,
}

impl WhatsApp {
    /// A door for `settings` answering through `conversation`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    /// `serving`: whether this replica holds the number's lease (see [`WhatsApp::lease_name`]).
    pub fn new(
        settings: WhatsAppSettings,
        conversation: Arc<Conversation>,
        serving: tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<Arc<Self>> {
        let http = reqwest::Client::builder()
            .timeout(settings.request_timeout)
            .build()
            .map_err(|e| anyhow::anyhow!("building the WhatsApp HTTP client: {e}"))?;
        let limiter = Limiter::new(Limits {
            per_second: settings.max_per_second,
            private_gap: std::time::Duration::ZERO,
            group_per_minute: 1,
        });
        Ok(Arc::new(Self {
            settings,
            http,
            conversation,
            limiter,
            serving,
        }))
    }

    /// Whether this replica handles and sends the number's messages now (one at a time,
    /// so the number's throughput is kept by one limiter).
    #[must_use]
    pub fn serving(&self) -> bool {
        *self.serving.borrow()
    }

    /// The lease of this business number (its phone number id).
    #[must_use]
    pub fn lease_name(&self) -> String {
        let id = self
            .settings
            .base_url
            .rsplit('/')
            .next()
            .unwrap_or_default();
        format!("whatsapp:{id}")
    }

    /// The verification handshake: the challenge when the token matches.
    #[must_use]
    pub fn verify_subscription(&self, mode: &str, token: &str, challenge: &str) -> Option<String> {
        let expected = self.settings.verify_token.expose().as_bytes();
        let ok = mode == "subscribe"
            && !expected.is_empty()
            && bool::from(subtle::ConstantTimeEq::ct_eq(token.as_bytes(), expected));
        ok.then(|| challenge.to_owned())
    }

    /// A POSTed webhook: checks the signature over the raw bytes, then stores every
    /// message (deduplicated by id) and applies every status, before answering.
    ///
    /// # Errors
    /// A bad signature, a body that is not a webhook, or the database failing (Meta
    /// then redelivers).
    pub async fn receive(
        &self,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<usize, WebhookRefused> {
        let hex = signature
            .and_then(|s| s.strip_prefix("sha256="))
            .ok_or(WebhookRefused::BadSignature)?;
        if !verify_hex(self.settings.app_secret.expose().as_bytes(), &[body], hex) {
            return Err(WebhookRefused::BadSignature);
        }
        let parsed = parse_webhook(body).map_err(WebhookRefused::Malformed)?;
        let engine = self.conversation.engine();
        let received: Vec<Received> = parsed
            .messages
            .iter()
            .map(|m| Received {
                user_key: m.user_key.clone(),
                message_id: m.message_id.clone(),
                dedupe_key: format!("wa-in:{}", m.message_id),
                payload: serde_json::to_string(m).unwrap_or_default(),
            })
            .collect();
        engine.queue_received(INBOUND, &received).await?;
        for s in &parsed.statuses {
            self.apply_status(s).await?;
        }
        Ok(received.len())
    }

    /// Records a status of a message we sent; a failed push goes out again another way
    /// (a template, the seller's other app, or later) — never dropped.
    async fn apply_status(&self, s: &StatusEvent) -> Result<(), StoreError> {
        let engine = self.conversation.engine();
        let Some(sent) = engine
            .whatsapp_status(&s.wamid, &s.status, s.error_code)
            .await?
        else {
            return Ok(());
        };
        if s.status == "failed" {
            self.requeue_failed(&sent, s.error_code).await?;
        }
        Ok(())
    }

    /// A push Meta could not deliver goes out again: as the template when it failed for
    /// the 24-hour window (131047) and one is configured, else once more as it was; a
    /// push that failed again goes to the seller's other app (the engine's routing).
    /// Replies are only logged.
    pub(crate) async fn requeue_failed(
        &self,
        sent: &crate::engine::WaMessageRow,
        error_code: Option<i64>,
    ) -> Result<(), StoreError> {
        let again = match (&sent.payload, sent.kind.as_str()) {
            (Some(_), "push")
                if error_code == Some(131_047) && self.settings.template.is_some() =>
            {
                PushAgain::SameChat {
                    form: Some("template"),
                }
            }
            (Some(_), "push") => PushAgain::SameChat { form: None },
            (Some(_), "push-again" | "template") => PushAgain::OtherApp,
            _ => {
                tracing::warn!(code = ?error_code, kind = %sent.kind, "a WhatsApp message could not be delivered");
                return Ok(());
            }
        };
        let payload = sent.payload.as_deref().unwrap_or_default();
        let queued = self
            .conversation
            .engine()
            .push_again(payload, (CHANNEL, &sent.user_key), again, &sent.wamid)
            .await?;
        match queued {
            Some(to) => {
                tracing::info!(code = ?error_code, %to, "a WhatsApp push failed; sending it again");
            }
            None => {
                tracing::warn!(code = ?error_code, kind = %sent.kind, "a WhatsApp push could not be delivered and the seller has no other app");
            }
        }
        Ok(())
    }

    /// A received file's bytes: its URL and size from `GET {graph}/{version}/{media_id}`,
    /// then the file from that URL (both with the access token). `fits` sees the size
    /// first; a file it refuses is not downloaded (`Ok((size, None))`).
    ///
    /// # Errors
    /// The Graph API unreachable or refusing, or an answer without a URL.
    pub(crate) async fn media(
        &self,
        media_id: &str,
        fits: impl Fn(Option<u64>) -> bool,
    ) -> Result<(Option<u64>, Option<Vec<u8>>), String> {
        // base_url is `{graph}/{version}/{phone_number_id}`; media ids live beside it.
        let root = self
            .settings
            .base_url
            .rsplit_once('/')
            .map_or(self.settings.base_url.as_str(), |(root, _)| root);
        let token = self.settings.access_token.expose();
        let get = |url: String| self.http.get(url).bearer_auth(token).send();
        let info: Value = match get(format!("{root}/{media_id}")).await {
            Ok(r) if r.status().is_success() => {
                r.json().await.map_err(|e| e.without_url().to_string())?
            }
            Ok(r) => return Err(format!("Graph API media lookup answered {}", r.status())),
            Err(e) => return Err(format!("Graph API unreachable: {}", e.without_url())),
        };
        let size = info.get("file_size").and_then(|s| {
            s.as_u64()
                .or_else(|| s.as_str().and_then(|t| t.parse().ok()))
        });
        if !fits(size) {
            return Ok((size, None));
        }
        let url = info
            .get("url")
            .and_then(Value::as_str)
            .ok_or("the media lookup gave no URL")?;
        let res = get(url.to_owned())
            .await
            .map_err(|e| format!("media download failed: {}", e.without_url()))?;
        if !res.status().is_success() {
            return Err(format!("media download answered {}", res.status()));
        }
        let bytes = res
            .bytes()
            .await
            .map_err(|e| format!("media download failed: {}", e.without_url()))?;
        Ok((size.or(Some(bytes.len() as u64)), Some(bytes.to_vec())))
    }

    /// A reply as Graph API message bodies (without the recipient), in sending order.
    #[must_use]
    pub fn render(&self, r: &Reply) -> Vec<Value> {
        render(r)
    }
}

/// See [`WhatsApp::render`].
fn render(r: &Reply) -> Vec<Value> {
    let mut out = Vec::new();
    let title = r.title.as_deref().map(|t| format!("*{t}*"));
    let full = match (&title, r.text.is_empty()) {
        (Some(t), true) => t.clone(),
        (Some(t), false) => format!("{t}\n{}", r.text),
        (None, _) => r.text.clone(),
    };
    let actions: Vec<(&str, &str)> = r
        .buttons
        .iter()
        .flatten()
        .filter_map(|b| match b {
            Button::Action { label, data } => Some((label.as_str(), data.as_str())),
            _ => None,
        })
        .take(MAX_LIST_ROWS)
        .collect();
    if !full.is_empty() {
        if actions.is_empty() {
            out.push(json!({
                "type": "text",
                "text": { "body": clip(&full, MAX_TEXT), "preview_url": false }
            }));
        } else {
            let body = if full.chars().count() > MAX_BODY {
                out.push(json!({ "type": "text", "text": { "body": clip(&full, MAX_TEXT) } }));
                title.clone().unwrap_or_else(|| "…".into())
            } else {
                full.clone()
            };
            if actions.len() <= MAX_REPLY_BUTTONS {
                let buttons: Vec<Value> = actions
                        .iter()
                        .map(|(label, data)| {
                            json!({ "type": "reply", "reply": { "id": data, "title": clip(label, MAX_BUTTON) } })
                        })
                        .collect();
                out.push(json!({
                    "type": "interactive",
                    "interactive": {
                        "type": "button",
                        "body": { "text": clip(&body, MAX_BODY) },
                        "action": { "buttons": buttons }
                    }
                }));
            } else {
                // More choices than reply buttons: a list keeps every one (a
                // question's "keep" included), behind one button.
                let rows: Vec<Value> = actions
                    .iter()
                    .map(|(label, data)| json!({ "id": data, "title": clip(label, MAX_ROW) }))
                    .collect();
                let menu = r.menu.as_deref().unwrap_or("☰");
                out.push(json!({
                    "type": "interactive",
                    "interactive": {
                        "type": "list",
                        "body": { "text": clip(&body, MAX_BODY) },
                        "action": {
                            "button": clip(menu, MAX_BUTTON),
                            "sections": [{ "rows": rows }]
                        }
                    }
                }));
            }
        }
    }
    for b in r.buttons.iter().flatten() {
        if let Button::Url { label, url } = b {
            let body = r.title.clone().unwrap_or_else(|| url.clone());
            out.push(json!({
                "type": "interactive",
                "interactive": {
                    "type": "cta_url",
                    "body": { "text": clip(&body, MAX_BODY) },
                    "action": {
                        "name": "cta_url",
                        "parameters": {
                            "display_text": clip(label, MAX_BUTTON),
                            "url": url
                        }
                    }
                }
            }));
        }
    }
    match &r.attachment {
        None => {}
        // Meta fetches the picture from our public URL: no upload needed.
        Some(Attachment::Qr { caption, url, .. }) => out.push(json!({
            "type": "image",
            "image": { "link": format!("{url}/qr.png"), "caption": clip(caption, MAX_BODY) }
        })),
        Some(Attachment::Document {
            filename,
            mime,
            bytes,
            caption,
        }) => out.push(json!({
            "type": "document",
            "upload": {
                "bytes": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes),
                // Meta takes text/plain documents, not text/csv; the .csv name stays.
                "mime": if *mime == "text/csv" { "text/plain" } else { mime },
                "filename": filename,
            },
            "document": { "filename": filename, "caption": clip(caption, MAX_BODY) }
        })),
    }
    out
}

/// A first language guess from a phone number's country code (WhatsApp sends none).
#[must_use]
pub fn language_for_phone(number: &str) -> Option<&'static str> {
    let prefixes: [(&str, &str); 18] = [
        ("66", "th-TH"),
        ("62", "id-ID"),
        ("84", "vi-VN"),
        ("55", "pt-BR"),
        ("351", "pt-PT"),
        ("52", "es-MX"),
        ("54", "es-AR"),
        ("57", "es-CO"),
        ("56", "es-CL"),
        ("51", "es-PE"),
        ("34", "es-ES"),
        ("60", "ms-MY"),
        ("63", "fil-PH"),
        ("65", "en-SG"),
        ("91", "en-IN"),
        ("44", "en-GB"),
        ("81", "ja-JP"),
        ("1", "en-US"),
    ];
    prefixes
        .iter()
        .find(|(p, _)| number.starts_with(p))
        .map(|(_, tag)| *tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Button;

    fn choice(label: &str, data: &str) -> Button {
        Button::Action {
            label: label.into(),
            data: data.into(),
        }
    }

    #[test]
    fn up_to_three_choices_are_reply_buttons() {
        let r = Reply::text("Cancel?").row(vec![choice("Yes", "q:a:0"), choice("No", "q:a:x")]);
        let out = render(&r);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["interactive"]["type"], "button");
        assert_eq!(
            out[0]["interactive"]["action"]["buttons"][1]["reply"]["id"],
            "q:a:x"
        );
    }

    #[test]
    fn more_choices_become_a_list_that_keeps_every_one() {
        let r = Reply::text("Which amount?")
            .row(vec![
                choice("1. ฿1,250.00", "q:a:0"),
                choice("2. ฿1.25", "q:a:1"),
                choice("3. ฿12.50 and a label too long for a row", "q:a:2"),
                choice("No, keep it", "q:a:x"),
            ])
            .menu("Choose");
        let out = render(&r);
        assert_eq!(out.len(), 1);
        let i = &out[0]["interactive"];
        assert_eq!(i["type"], "list");
        assert_eq!(i["action"]["button"], "Choose");
        let rows = i["action"]["sections"][0]["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 4, "keep is not dropped");
        assert_eq!(rows[3]["id"], "q:a:x");
        for row in rows {
            assert!(row["title"].as_str().unwrap().chars().count() <= MAX_ROW);
        }
    }
}
