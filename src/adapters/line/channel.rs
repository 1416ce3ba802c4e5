//! The two LINE outbox channels: `line-in` handles stored events, `line` sends answers
//! and pushes through the Messaging API.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Digest as _;

use super::render::text;
use super::{CHANNEL, INBOUND, Inbound, InboundInput, Line, MAX_MESSAGES, render};
use crate::adapters::telegram::limiter::Sending;
use crate::conversation::{Attachment, Incoming, Input, PushPlan};
use crate::domain::TimeZone;
use crate::engine::OutboxRow;
use crate::engine::chat::ChatUser;
use crate::engine::ports::{Channel, Delivery};
use crate::engine::push::PushDetail;

/// A reply token is used only this long after LINE received the event (LINE keeps it
/// valid for about a minute; the margin covers clocks and the queue). Later answers go
/// as pushes.
const REPLY_TOKEN_MS: i64 = 30_000;
/// How long a push waits when the month's quota is spent and the seller has no other app.
const QUOTA_WAIT: Duration = Duration::from_secs(3600);

/// An answer as queued: up to five messages, the first batch with the reply token.
#[derive(Debug, Serialize, Deserialize)]
struct Answer {
    token: Option<String>,
    /// When LINE received the event (ms).
    at: i64,
    messages: Vec<Value>,
}

/// Handles received events: runs the conversation, queues the answers.
pub struct InboundChannel {
    line: Arc<Line>,
}

impl InboundChannel {
    #[must_use]
    pub fn new(line: Arc<Line>) -> Self {
        Self { line }
    }
}

fn retry(e: impl std::fmt::Display) -> Delivery {
    Delivery::Retry {
        error: e.to_string(),
        after: None,
    }
}

#[async_trait]
impl Channel for InboundChannel {
    fn name(&self) -> &'static str {
        INBOUND
    }

    fn serving(&self) -> bool {
        self.line.serving()
    }

    fn answers(&self) -> bool {
        true
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Ok(e) = serde_json::from_str::<Inbound>(&row.payload) else {
            return Delivery::Failed {
                error: "stored event unreadable".into(),
            };
        };
        let engine = self.line.conversation.engine();
        let input = match &e.input {
            InboundInput::Text { text } => Input::Text(text.clone()),
            InboundInput::Postback { data } => Input::Action(data.clone()),
            InboundInput::Unsupported { .. } => Input::Unsupported,
            // A new friend is greeted as /start greets; blocked and removed chats get no
            // pushes until they come back.
            InboundInput::Follow | InboundInput::Join => {
                if let Err(err) = engine.set_chat_blocked(CHANNEL, &e.chat, false).await {
                    return retry(err);
                }
                if e.group {
                    return Delivery::Delivered;
                }
                Input::Text("/start".into())
            }
            InboundInput::Unfollow | InboundInput::Leave => {
                return match engine.set_chat_blocked(CHANNEL, &e.chat, true).await {
                    Ok(()) => Delivery::Delivered,
                    Err(err) => retry(err),
                };
            }
        };
        // LINE leaves out who wrote in a group for some apps (desktop): with no one to
        // serve, nothing is answered.
        let Some(user_id) = e.user.clone() else {
            return Delivery::Delivered;
        };
        // Only a friend's profile can be read; in groups the name is not needed.
        let profile = if e.group {
            super::Profile::default()
        } else {
            self.line.profile(&user_id).await
        };
        let incoming = Incoming {
            user: ChatUser {
                channel: CHANNEL.into(),
                external_user: user_id.clone(),
                // A user's id is their one-to-one chat: pushes go there.
                chat: user_id,
                name: profile.name,
                timezone: profile.language.as_deref().and_then(TimeZone::for_language),
                language: profile.language,
            },
            chat: e.chat.clone(),
            group: e.group,
            message_id: Some(e.event_id.clone()),
            bot_username: None,
            slash_optional: true,
            input,
        };
        let replies = self.line.conversation.handle(&incoming).await;
        let messages: Vec<Value> = replies
            .iter()
            .flat_map(|r| render(r, self.line.images, e.group))
            .collect();
        let bodies: Vec<String> = messages
            .chunks(MAX_MESSAGES)
            .enumerate()
            .map(|(i, batch)| {
                let answer = Answer {
                    // One reply per token: later batches are pushes.
                    token: if i == 0 { e.reply_token.clone() } else { None },
                    at: e.timestamp_ms,
                    messages: batch.to_vec(),
                };
                serde_json::to_string(&answer).unwrap_or_default()
            })
            .collect();
        match engine
            .queue_replies(CHANNEL, &e.chat, &e.event_id, &bodies)
            .await
        {
            Ok(()) => Delivery::Delivered,
            Err(err) => retry(err),
        }
    }
}

/// What a Messaging API call came to.
#[derive(Debug)]
enum Sent {
    Ok,
    /// A retried push LINE had already taken (409 on its retry key).
    Already,
    /// The reply token was used, expired or unknown.
    TokenInvalid,
    /// The month's push quota is spent.
    QuotaSpent,
    Retry(String, Option<Duration>),
    Failed(String),
}

/// Sends answers and pushes.
pub struct LineChannel {
    line: Arc<Line>,
}

impl LineChannel {
    #[must_use]
    pub fn new(line: Arc<Line>) -> Self {
        Self { line }
    }

    async fn post(
        &self,
        path: &str,
        body: &Value,
        retry_key: Option<&str>,
        sending: Sending,
    ) -> Sent {
        while let Err(wait) = self.line.limiter.reserve(0, sending, Instant::now()) {
            tokio::time::sleep(wait).await;
        }
        let mut req = self
            .line
            .request(reqwest::Method::POST, &self.line.settings.api_url, path)
            .json(body);
        if let Some(key) = retry_key {
            req = req.header("X-Line-Retry-Key", key);
        }
        let res = match req.send().await {
            Ok(r) => r,
            // The URL holds no secret (the token is a header), but keep errors short.
            Err(e) => return Sent::Retry(format!("LINE unreachable: {}", e.without_url()), None),
        };
        let status = res.status().as_u16();
        let after = res
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let answer: Value = res.json().await.unwrap_or(Value::Null);
        let message = answer["message"]
            .as_str()
            .unwrap_or("no message")
            .to_owned();
        let text = format!("LINE {status}: {message}");
        match status {
            200..=299 => Sent::Ok,
            // The same retry key was accepted before: the push went out.
            409 if retry_key.is_some() => Sent::Already,
            400 if message.to_ascii_lowercase().contains("reply token") => Sent::TokenInvalid,
            429 if message.to_ascii_lowercase().contains("monthly limit") => Sent::QuotaSpent,
            429 => Sent::Retry(text, Some(after.unwrap_or(Duration::from_secs(1)))),
            // A bad token is the operator's to fix: keep the message and retry.
            401 | 500..=599 => Sent::Retry(text, after),
            _ => Sent::Failed(text),
        }
    }

    async fn push(&self, to: &str, messages: &[Value], key: &str, sending: Sending) -> Sent {
        let body = json!({ "to": to, "messages": messages });
        let sent = self
            .post("/v2/bot/message/push", &body, Some(key), sending)
            .await;
        if matches!(sent, Sent::Ok) {
            self.line.pushed(to);
        }
        sent
    }

    /// An answer: with the reply token while it is fresh, else (or when LINE refuses
    /// the token) as a push.
    async fn answer(&self, row: &OutboxRow) -> Delivery {
        let Ok(a) = serde_json::from_str::<Answer>(&row.payload) else {
            return Delivery::Failed {
                error: "answer unreadable".into(),
            };
        };
        let now = self.line.conversation.engine().now_ms();
        // The reply API takes no retry key: when a reply timed out or got a 5xx, the
        // retry cannot know whether LINE showed it. The token being spent then sends the
        // answer again by push: shown twice at worst, never lost (a seller who saw no
        // card would make the link again).
        if let Some(token) = a.token.as_deref().filter(|_| now - a.at < REPLY_TOKEN_MS) {
            let body = json!({ "replyToken": token, "messages": a.messages });
            match self
                .post("/v2/bot/message/reply", &body, None, Sending::Answer)
                .await
            {
                Sent::TokenInvalid => {}
                sent => return outcome(sent),
            }
        }
        match self
            .push(
                &row.destination,
                &a.messages,
                &retry_key(row, 0),
                Sending::Answer,
            )
            .await
        {
            // An answer is for someone who just wrote; they will write again.
            Sent::QuotaSpent => Delivery::Failed {
                error: "LINE's monthly push quota is spent: a late answer could not be sent".into(),
            },
            sent => outcome(sent),
        }
    }

    /// A status push, with a word to the seller when the month's quota runs low; when it
    /// is spent, the push goes to the seller's other app or waits.
    async fn status_push(&self, row: &OutboxRow) -> Delivery {
        let conv = &self.line.conversation;
        let (mut reply, push, lang) = match conv.plan_push(row).await {
            PushPlan::Send { reply, push, lang } => (reply, push, lang),
            // Shared cards are Telegram's: nothing to edit here.
            PushPlan::Card { .. } => return Delivery::Delivered,
            PushPlan::Settle(delivery) => return delivery,
        };
        // A claim's slip cannot be uploaded: LINE fetches it from its own address.
        let slip = match (&push.detail, &reply.attachment) {
            (
                Some(PushDetail::Claimed { payment_id, .. }),
                Some(Attachment::Document { mime, caption, .. }),
            ) if self.line.images && mime.starts_with("image/") => {
                let caption = caption.clone();
                reply.attachment = None;
                Some((self.line.slip_url(payment_id), caption))
            }
            _ => None,
        };
        let group = is_group(&row.destination);
        let mut messages = render(&reply, self.line.images, group);
        if let Some((url, caption)) = slip {
            messages.push(json!({
                "type": "image",
                "originalContentUrl": url,
                "previewImageUrl": format!("{url}?preview"),
            }));
            messages.extend(text(&caption));
        }
        // One call: a push is never half sent (a later batch refused would send the
        // first again when the row moves to another app or waits for next month).
        messages.truncate(MAX_MESSAGES);
        if messages.len() < MAX_MESSAGES
            && let Some(left) = self.line.quota_low_for(&push.seller_id).await
        {
            let note = conv.t(lang, "line-quota-low", &[("left", &left.to_string())]);
            messages.extend(text(&note));
        }
        let elsewhere = || async {
            match conv.engine().push_elsewhere(&push.seller(), CHANNEL).await {
                Ok(Some((channel, destination))) => Some(Delivery::Reroute {
                    channel,
                    destination,
                }),
                Ok(None) => None,
                Err(e) => Some(retry(e)),
            }
        };
        match self
            .push(
                &row.destination,
                &messages,
                &retry_key(row, 0),
                Sending::Push,
            )
            .await
        {
            Sent::Ok | Sent::Already => Delivery::Delivered,
            Sent::QuotaSpent => elsewhere()
                .await
                .unwrap_or(Delivery::Later { after: QUOTA_WAIT }),
            // LINE will never take it here (the chat is gone, or not this channel's):
            // the seller's other app, if any.
            Sent::Failed(error) => elsewhere().await.unwrap_or(Delivery::Failed { error }),
            sent => outcome(sent),
        }
    }
}

fn outcome(sent: Sent) -> Delivery {
    match sent {
        Sent::Ok | Sent::Already => Delivery::Delivered,
        Sent::Retry(error, after) => Delivery::Retry { error, after },
        Sent::Failed(error) => Delivery::Failed { error },
        Sent::TokenInvalid => Delivery::Failed {
            error: "LINE refused the reply token".into(),
        },
        Sent::QuotaSpent => Delivery::Later { after: QUOTA_WAIT },
    }
}

/// Whether `chat` is a group (`C…`) or room (`R…`), not a user (`U…`).
pub(super) fn is_group(chat: &str) -> bool {
    chat.starts_with('C') || chat.starts_with('R')
}

/// The `X-Line-Retry-Key` of batch `i` of `row`: a UUID that stays the same for every
/// attempt at it, so LINE shows a retried push once (409 on a repeat).
fn retry_key(row: &OutboxRow, i: usize) -> String {
    let seed = format!("paychat-line:{}:{}:{i}", row.id, row.created_at);
    let h = sha2::Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    // Version 4 and the RFC 4122 variant, as LINE expects a UUID.
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

#[async_trait]
impl Channel for LineChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    fn serving(&self) -> bool {
        self.line.serving()
    }

    fn answers(&self) -> bool {
        true
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        match row.kind.as_str() {
            "reply" => self.answer(row).await,
            _ => self.status_push(row).await,
        }
    }
}
