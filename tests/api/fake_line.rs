//! A fake LINE Messaging API server: answers `{url}/v2/bot/message/reply`, `.../push`,
//! `.../quota`, `.../quota/consumption` and `/v2/bot/profile/{userId}` the way LINE does (as far as the app can tell), validates messages like
//! LINE, records every call, and can inject errors. Also builds webhook events and signs
//! webhook bodies (`x-line-signature`) for the app's webhook endpoint.
//!
//! Where the limits come from (LINE's reference, read 2026-12-05):
//! - 1–5 message objects per reply/push: line/line-openapi `messaging-api.yml`
//!   (`ReplyMessageRequest`/`PushMessageRequest.messages`: `minItems: 1`, `maxItems: 5`).
//! - text ≤ 5000, counted in UTF-16 code units: developers.line.biz/en/reference/
//!   messaging-api/#text-message and /docs/messaging-api/text-character-count/ (action
//!   labels and action texts are counted per character instead).
//! - image `originalContentUrl` / `previewImageUrl`: HTTPS, ≤ 2000 characters:
//!   line-bot-sdk-nodejs `ImageMessage` docs (#image-message).
//! - flex `altText` ≤ 1500; bubble JSON ≤ 30 KB; carousel ≤ 12 bubbles and ≤ 50 KB:
//!   LINE reference source (`#flex-message`, "The maximum size of JSON data that defines
//!   a bubble is 30 KB" / "a carousel is 50 KB"; nodejs SDK `FlexCarousel.contents`
//!   "Max: 12 bubbles").
//! - action `label`: depends on where the action is ("Specifications of the label",
//!   #action-object-label-spec): 20 in quick reply buttons and templates, 40 in flex
//!   messages; postback `data` ≤ 300 and `displayText` ≤ 300 (#postback-action); message
//!   action `text` ≤ 300 (#message-action); uri action schemes `http`, `https`, `line`,
//!   `tel` (#uri-action).
//! - uri action `uri`: 1000 in the reference partial, raised to 10,000 on 2026-10-27
//!   (developers.line.biz/en/news/2026/10/27/uri-action/, line-bot-sdk-python v3.27.0 /
//!   line-bot-sdk-php v12.9.0 "Add maxLength: 10000 to URIAction.uri").
//! - `quickReply.items` ≤ 13: line-openapi `QuickReply.items` `maxItems: 13`.
//! - `X-Line-Retry-Key`: a UUID, push (and multicast/narrowcast/broadcast) only, another
//!   endpoint answers 400; an accepted key answers 409 (docs/messaging-api/
//!   retrying-api-request/).
//! - Quota: one push counts once per recipient, however many message objects it carries;
//!   replies do not count (developers.line.biz/en/tips/2026/05/28/how-to-count-messages/).
//!   Over the monthly limit: 429, nothing sent (docs/messaging-api/handling-http-429-errors/).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

pub use super::server::Fault;
use super::server::{self, Entry, Faults, Log, ServerGuard, lock, short};

const MAX_MESSAGES: usize = 5;
const MAX_TEXT_UTF16: usize = 5000;
const MAX_IMAGE_URL: usize = 2000;
const MAX_ALT_TEXT: usize = 1500;
const MAX_BUBBLE_BYTES: usize = 30 * 1024;
const MAX_CAROUSEL_BYTES: usize = 50 * 1024;
const MAX_CAROUSEL_BUBBLES: usize = 12;
const MAX_LABEL_QUICK_REPLY: usize = 20;
const MAX_LABEL_TEMPLATE: usize = 20;
const MAX_LABEL_FLEX: usize = 40;
const MAX_ACTION_DATA: usize = 300;
const MAX_ACTION_TEXT: usize = 300;
const MAX_URI: usize = 10_000;
const MAX_QUICK_REPLY_ITEMS: usize = 13;
const URI_SCHEMES: [&str; 4] = ["http", "https", "line", "tel"];
const MESSAGE_TYPES: &str =
    "[text, image, video, audio, location, sticker, template, imagemap, flex]";

const AUTH_FAILED: &str =
    "Authentication failed. Confirm that the access token in the authorization header is valid.";
const INVALID_REPLY_TOKEN: &str = "Invalid reply token";
const MONTHLY_LIMIT: &str = "You have reached your monthly limit.";
const RETRY_KEY_ACCEPTED: &str = "The retry key is already accepted";
const NOT_FOUND: &str = "Not found";

/// The LINE API a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Reply,
    Push,
    Quota,
    Consumption,
    Profile,
    /// A path the fake does not serve.
    Unknown,
}

impl Endpoint {
    /// The name faults are queued under.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reply => "reply",
            Self::Push => "push",
            Self::Quota => "quota",
            Self::Consumption => "consumption",
            Self::Profile => "profile",
            Self::Unknown => "unknown",
        }
    }

    fn sends(self) -> bool {
        matches!(self, Self::Reply | Self::Push)
    }
}

/// One call the fake received.
#[derive(Debug, Clone)]
pub struct Call {
    pub endpoint: Endpoint,
    pub method: String,
    pub path: String,
    /// Who it was for: push `to`, the chat a reply token was issued for, the profile's
    /// user id; `None` when unknown (a reply with a token the fake never issued).
    pub to: Option<String>,
    pub reply_token: Option<String>,
    /// The `messages` of a reply or push, as sent.
    pub messages: Vec<Value>,
    /// The JSON body (the raw text as a string when it is not JSON; `Null` for GETs).
    pub body: Value,
    /// The `X-Line-Retry-Key` header.
    pub retry_key: Option<String>,
    /// The HTTP status the fake answered.
    pub status: u16,
    /// The ids of the messages sent (`sentMessages[].id`), for answered sends.
    pub sent_ids: Vec<String>,
    pub at: Instant,
}

impl Call {
    /// A reply or push that was answered 200: the messages reached the chat.
    pub fn delivered(&self) -> bool {
        self.endpoint.sends() && self.status == 200
    }

    fn delivered_to(&self, who: &str) -> bool {
        self.delivered() && self.to.as_deref() == Some(who)
    }

    /// The readable text of each message (see `message_text`).
    pub fn texts(&self) -> Vec<String> {
        self.messages.iter().map(message_text).collect()
    }
}

impl Entry for Call {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "{} {} -> {} to={} key={} {}",
            self.method,
            self.path,
            self.status,
            self.to.as_deref().unwrap_or("-"),
            self.retry_key.as_deref().unwrap_or("-"),
            short(&self.body)
        )
    }
}

/// A LINE user's profile, as `GET /v2/bot/profile/{userId}` answers it.
#[derive(Debug, Clone)]
pub struct Profile {
    pub display_name: String,
    pub language: Option<String>,
}

/// The fake server. Cloning shares it; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeLine {
    shared: Arc<Shared>,
    base: String,
    _server: Arc<ServerGuard>,
}

struct Shared {
    token: String,
    log: Log<Call>,
    /// Faults by endpoint name (`Endpoint::name`).
    endpoint_faults: Faults<Fault>,
    /// Faults by recipient (push `to`, the reply token's chat).
    recipient_faults: Faults<Fault>,
    state: Mutex<FakeState>,
}

#[derive(Default)]
struct FakeState {
    /// Reply tokens issued and not used: token -> the chat it replies to.
    reply_tokens: HashMap<String, String>,
    /// Tokens used or expired, for the report.
    spent_tokens: HashSet<String>,
    /// `None`: no monthly limit (`{"type":"none"}`).
    quota: Option<u64>,
    usage: u64,
    /// Accepted retry keys -> (request id, sentMessages).
    retry_keys: HashMap<String, (String, Value)>,
    profiles: HashMap<String, Profile>,
    next_id: u64,
}

impl FakeState {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

impl FakeLine {
    /// The channel access token `start` accepts.
    pub const TOKEN: &'static str = "line-test-channel-access-token";
    /// Signs webhook bodies (`sign`); give the app the same `channel_secret`.
    pub const CHANNEL_SECRET: &'static str = "line-test-channel-secret";
    /// The bot's user id, as webhook bodies carry it in `destination`.
    pub const BOT_USER_ID: &'static str = "U0000000000000000000000000000b0t";

    /// A fake accepting `TOKEN`.
    pub async fn start() -> Self {
        Self::start_with_token(Self::TOKEN).await
    }

    /// A fake accepting `Authorization: Bearer <channel_access_token>` only.
    pub async fn start_with_token(channel_access_token: &str) -> Self {
        let shared = Arc::new(Shared {
            token: channel_access_token.to_owned(),
            log: Log::new("line"),
            endpoint_faults: Faults::default(),
            recipient_faults: Faults::default(),
            state: Mutex::default(),
        });
        let app = axum::Router::new().fallback(handle);
        // Flex carousels are at most 50 KB, five of them per call; room to spare.
        let limit = 4 * 1024 * 1024;
        let (base, server) = server::start_with("line", app, limit, Arc::clone(&shared)).await;
        Self {
            shared,
            base,
            _server: server,
        }
    }

    /// The API base URL for `[line] api_url` (no trailing slash): `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.base.clone()
    }

    fn state(&self) -> MutexGuard<'_, FakeState> {
        lock(&self.shared.state)
    }

    // ---- what the test sets up -------------------------------------------------

    /// A fresh reply token for an event from `chat` (a user id, or the group/room id for
    /// group events): usable once, until `expire_reply_tokens`.
    pub fn reply_token(&self, chat: &str) -> String {
        let token = server::random_hex(16);
        self.state()
            .reply_tokens
            .insert(token.clone(), chat.to_owned());
        token
    }

    /// Every reply token issued so far stops working, as LINE's do after a short while.
    pub fn expire_reply_tokens(&self) {
        let mut st = self.state();
        let expired: Vec<String> = st.reply_tokens.drain().map(|(t, _)| t).collect();
        st.spent_tokens.extend(expired);
    }

    /// A monthly limit of `n` pushes (`{"type":"limited","value":n}`).
    pub fn set_quota(&self, n: u64) {
        self.state().quota = Some(n);
    }

    /// No monthly limit (`{"type":"none"}`), the default.
    pub fn clear_quota(&self) {
        self.state().quota = None;
    }

    /// Sets this month's usage, e.g. to start a test just under the limit.
    pub fn set_usage(&self, total_usage: u64) {
        self.state().usage = total_usage;
    }

    /// This month's usage (`totalUsage`): pushes accepted, one per request.
    pub fn usage(&self) -> u64 {
        self.state().usage
    }

    /// `GET /v2/bot/profile/{user}` answers this profile (404 for users not set).
    pub fn set_profile(&self, user: &str, display_name: &str, language: Option<&str>) {
        self.state().profiles.insert(
            user.to_owned(),
            Profile {
                display_name: display_name.to_owned(),
                language: language.map(str::to_owned),
            },
        );
    }

    // ---- programming failures --------------------------------------------------

    /// The next `n` calls to `endpoint` (with a good token) get `fault`:
    /// `Fault::Status(429)` is LINE's rate limit answer, `Fault::Status(500)` an internal
    /// error, `Fault::Refuse(status, message)` any other error; none of these sends
    /// anything or uses a reply token. `Fault::Hang(d)` handles the call (it is sent,
    /// and a retry key is accepted) but holds the answer for `d`.
    pub fn fail_next(&self, endpoint: Endpoint, n: usize, fault: Fault) {
        self.shared
            .endpoint_faults
            .push(Some(endpoint.name()), n, fault);
    }

    /// Like `fail_next`, for the next `n` replies or pushes to `recipient`.
    pub fn fail_next_to(&self, recipient: &str, n: usize, fault: Fault) {
        self.shared.recipient_faults.push(Some(recipient), n, fault);
    }

    // ---- what happened ---------------------------------------------------------

    /// Pushes answered 200.
    pub fn pushes(&self) -> Vec<Call> {
        self.shared
            .log
            .filter(|c| c.endpoint == Endpoint::Push && c.status == 200)
    }

    /// Replies answered 200.
    pub fn replies(&self) -> Vec<Call> {
        self.shared
            .log
            .filter(|c| c.endpoint == Endpoint::Reply && c.status == 200)
    }

    /// Calls answered with an error: validation, auth, quota, faults, bad tokens, 409s.
    pub fn failed(&self) -> Vec<Call> {
        self.shared.log.filter(|c| c.status != 200)
    }

    /// Every message that reached `who` (by reply or push), in order.
    pub fn messages_to(&self, who: &str) -> Vec<Value> {
        self.shared.log.with(|calls| messages_of(calls, who))
    }

    /// The readable text of every message that reached `who` and has some: a text's
    /// text, a flex message's altText and then the texts and button labels in it (one
    /// line each). Images, stickers and the like are left out (`images_to`).
    pub fn texts_to(&self, who: &str) -> Vec<String> {
        self.messages_to(who)
            .iter()
            .map(message_text)
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The `data` of every postback action in the messages that reached `who` (flex
    /// buttons, quick replies, templates), in order.
    pub fn postback_data(&self, who: &str) -> Vec<String> {
        let mut out = Vec::new();
        for message in self.messages_to(who) {
            each_action(&message, &mut |action| {
                if action["type"] == "postback"
                    && let Some(data) = action["data"].as_str()
                {
                    out.push(data.to_owned());
                }
            });
        }
        out
    }

    /// The `uri` of every uri action in the messages that reached `who`, in order.
    pub fn links_to(&self, who: &str) -> Vec<String> {
        let mut out = Vec::new();
        for message in self.messages_to(who) {
            each_action(&message, &mut |action| {
                if action["type"] == "uri"
                    && let Some(uri) = action["uri"].as_str()
                {
                    out.push(uri.to_owned());
                }
            });
        }
        out
    }

    /// (originalContentUrl, previewImageUrl) of every image message that reached `who`.
    pub fn images_to(&self, who: &str) -> Vec<(String, String)> {
        self.messages_to(who)
            .iter()
            .filter(|m| m["type"] == "image")
            .map(|m| {
                let url = |k: &str| m[k].as_str().unwrap_or("").to_owned();
                (url("originalContentUrl"), url("previewImageUrl"))
            })
            .collect()
    }

    /// Waits until at least `n` messages reached `who`, and returns them all.
    pub async fn wait_for_messages(&self, who: &str, n: usize) -> Vec<Value> {
        let what = format!("{n} message(s) to {who}");
        let done = |calls: &[Call]| messages_of(calls, who).len() >= n;
        self.shared
            .log
            .wait_until(&what, done, || self.state_report())
            .await;
        self.messages_to(who)
    }

    fn state_report(&self) -> String {
        let st = self.state();
        format!(
            "reply tokens live: {}, spent: {}; quota: {:?}, usage: {}; retry keys accepted: {}; \
             faults pending: {} by endpoint, {} by recipient\n",
            st.reply_tokens.len(),
            st.spent_tokens.len(),
            st.quota,
            st.usage,
            st.retry_keys.len(),
            self.shared.endpoint_faults.pending(),
            self.shared.recipient_faults.pending(),
        )
    }

    /// Everything the fake saw, for failure messages.
    pub fn report(&self) -> String {
        self.shared.log.report() + &self.state_report()
    }
}

fn messages_of(calls: &[Call], who: &str) -> Vec<Value> {
    calls
        .iter()
        .filter(|c| c.delivered_to(who))
        .flat_map(|c| c.messages.iter().cloned())
        .collect()
}

/// What a person reads of a message: a text's text; a flex message's altText, then each
/// text (or its spans) and button label in it, one per line; a template's altText and
/// texts; "" for images, stickers and the like. Without the invisible isolation marks.
pub fn message_text(message: &Value) -> String {
    let text = match message["type"].as_str() {
        Some("text") => message["text"].as_str().unwrap_or("").to_owned(),
        Some("flex" | "template") => {
            let mut lines = vec![message["altText"].as_str().unwrap_or("").to_owned()];
            let inner = if message["type"] == "flex" {
                &message["contents"]
            } else {
                &message["template"]
            };
            collect_texts(inner, &mut lines);
            lines.join("\n")
        }
        _ => String::new(),
    };
    server::readable(&text)
}

/// Flex text components (their `text`, or their spans joined), template `title`/`text`,
/// and action labels, in document order.
fn collect_texts(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let kind = map.get("type").and_then(Value::as_str);
            if kind == Some("text") {
                let spans: Vec<&str> = map
                    .get("contents")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s["text"].as_str())
                    .collect();
                if spans.is_empty() {
                    out.extend(map.get("text").and_then(Value::as_str).map(str::to_owned));
                } else {
                    out.push(spans.concat());
                }
                return;
            }
            if matches!(kind, Some("buttons" | "confirm")) {
                out.extend(
                    ["title", "text"]
                        .iter()
                        .filter_map(|k| map.get(*k).and_then(Value::as_str))
                        .map(str::to_owned),
                );
            }
            if kind == Some("button")
                && let Some(label) = map.get("action").and_then(|a| a["label"].as_str())
            {
                out.push(label.to_owned());
                return;
            }
            for (key, child) in map {
                if key != "action" {
                    collect_texts(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_texts(i, out)),
        _ => {}
    }
}

/// Calls `f` with every action object in `message`: `action`, `defaultAction`, and the
/// items of `actions` arrays, at any depth (flex components, quick reply items,
/// template columns).
fn each_action(value: &Value, f: &mut dyn FnMut(&Value)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match key.as_str() {
                    "action" | "defaultAction" if child.is_object() => f(child),
                    "actions" => {
                        for action in child.as_array().into_iter().flatten() {
                            if action.is_object() {
                                f(action);
                            }
                        }
                    }
                    _ => each_action(child, f),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| each_action(i, f)),
        _ => {}
    }
}

// ---- answering -------------------------------------------------------------------

/// An answer before it becomes a response: status, JSON body, extra headers.
struct Answer {
    status: u16,
    body: Value,
    headers: Vec<(&'static str, String)>,
    hang: Option<Duration>,
}

impl Answer {
    fn ok(body: Value) -> Self {
        Self::new(200, body)
    }

    fn new(status: u16, body: Value) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
            hang: None,
        }
    }

    fn error(status: u16, message: &str) -> Self {
        Self::new(status, json!({ "message": message }))
    }

    fn invalid(details: Vec<(String, String)>) -> Self {
        let body = json!({
            "message": format!("The request body has {} error(s)", details.len()),
            "details": details
                .into_iter()
                .map(|(property, message)| json!({ "message": message, "property": property }))
                .collect::<Vec<_>>(),
        });
        Self::new(400, body)
    }

    fn fault(fault: Fault) -> Result<Option<Duration>, Self> {
        match fault {
            Fault::Hang(d) => Ok(Some(d)),
            Fault::Status(429) => Err(Self::error(
                429,
                "The API rate limit has been exceeded. Try again later.",
            )),
            Fault::Status(status) if status >= 500 => {
                Err(Self::error(status, "Internal server error"))
            }
            Fault::Status(status) => Err(Self::error(status, "Error")),
            Fault::Refuse(status, message) => Err(Self::error(status, &message)),
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, FakeState> {
        lock(&self.state)
    }

    /// The fault queued for this call, recipient first: `Err` answers instead.
    fn take_fault(&self, endpoint: Endpoint, to: Option<&str>) -> Result<Option<Duration>, Answer> {
        let fault = to
            .filter(|_| endpoint.sends())
            .and_then(|to| self.recipient_faults.take(to))
            .or_else(|| self.endpoint_faults.take(endpoint.name()));
        fault.map_or(Ok(None), Answer::fault)
    }

    fn sent_messages(&self, n: usize) -> (Vec<String>, Value) {
        let mut st = self.state();
        let sent: Vec<(String, String)> = (0..n)
            .map(|_| {
                let id = 600_000_000_000_000_000 + st.next_id();
                (id.to_string(), server::random_alnum(22))
            })
            .collect();
        let ids = sent.iter().map(|(id, _)| id.clone()).collect();
        let body = sent
            .into_iter()
            .map(|(id, quote)| json!({ "id": id, "quoteToken": quote }))
            .collect();
        (ids, Value::Array(body))
    }

    fn reply(&self, call: &mut Call) -> Answer {
        if call.retry_key.is_some() {
            return Answer::error(
                400,
                "The X-Line-Retry-Key header is not supported by this endpoint",
            );
        }
        let token = call.body["replyToken"].as_str().unwrap_or("").to_owned();
        call.reply_token = Some(token.clone()).filter(|t| !t.is_empty());
        call.to = self.state().reply_tokens.get(&token).cloned();
        let hang = match self.take_fault(Endpoint::Reply, call.to.as_deref()) {
            Ok(hang) => hang,
            Err(answer) => return answer,
        };
        let mut details = Vec::new();
        if token.is_empty() {
            details.push(("replyToken".into(), "May not be empty".into()));
        }
        details.extend(validate_messages(&call.body));
        if !details.is_empty() {
            return Answer::invalid(details);
        }
        {
            let mut st = self.state();
            if st.reply_tokens.remove(&token).is_none() {
                return Answer::error(400, INVALID_REPLY_TOKEN);
            }
            st.spent_tokens.insert(token);
        }
        let (ids, sent) = self.sent_messages(call.messages.len());
        call.sent_ids = ids;
        let mut answer = Answer::ok(json!({ "sentMessages": sent }));
        answer.hang = hang;
        answer
    }

    fn push(&self, call: &mut Call, request_id: &str) -> Answer {
        call.to = call.body["to"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        let hang = match self.take_fault(Endpoint::Push, call.to.as_deref()) {
            Ok(hang) => hang,
            Err(answer) => return answer,
        };
        if let Some(key) = &call.retry_key {
            if !is_uuid(key) {
                return Answer::error(
                    400,
                    "The value for the 'X-Line-Retry-Key' header is invalid",
                );
            }
            if let Some((accepted, sent)) = self.state().retry_keys.get(key).cloned() {
                let mut answer = Answer::new(
                    409,
                    json!({ "message": RETRY_KEY_ACCEPTED, "sentMessages": sent }),
                );
                answer
                    .headers
                    .push(("x-line-accepted-request-id", accepted));
                return answer;
            }
        }
        let mut details = Vec::new();
        if call.to.is_none() {
            details.push(("to".into(), "May not be empty".into()));
        }
        details.extend(validate_messages(&call.body));
        if !details.is_empty() {
            return Answer::invalid(details);
        }
        {
            let mut st = self.state();
            if st.quota.is_some_and(|q| st.usage >= q) {
                return Answer::error(429, MONTHLY_LIMIT);
            }
            st.usage += 1;
        }
        let (ids, sent) = self.sent_messages(call.messages.len());
        call.sent_ids = ids;
        if let Some(key) = &call.retry_key {
            self.state()
                .retry_keys
                .insert(key.clone(), (request_id.to_owned(), sent.clone()));
        }
        let mut answer = Answer::ok(json!({ "sentMessages": sent }));
        answer.hang = hang;
        answer
    }

    fn quota(&self) -> Answer {
        Answer::ok(match self.state().quota {
            Some(value) => json!({ "type": "limited", "value": value }),
            None => json!({ "type": "none" }),
        })
    }

    fn profile(&self, user: &str) -> Answer {
        match self.state().profiles.get(user) {
            Some(p) => {
                let mut body = json!({ "userId": user, "displayName": p.display_name });
                if let Some(language) = &p.language {
                    body["language"] = language.as_str().into();
                }
                Answer::ok(body)
            }
            None => Answer::error(404, NOT_FOUND),
        }
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let path = uri.path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (endpoint, param) = match segments.as_slice() {
        ["v2", "bot", "message", "reply"] => (Endpoint::Reply, None),
        ["v2", "bot", "message", "push"] => (Endpoint::Push, None),
        ["v2", "bot", "message", "quota"] => (Endpoint::Quota, None),
        ["v2", "bot", "message", "quota", "consumption"] => (Endpoint::Consumption, None),
        ["v2", "bot", "profile", user] => (Endpoint::Profile, Some((*user).to_owned())),
        _ => (Endpoint::Unknown, None),
    };
    let parsed = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Value::Null)
    } else {
        serde_json::from_slice::<Value>(&body)
            .map_err(|_| Value::String(String::from_utf8_lossy(&body).into_owned()))
    };
    let retry_key = headers
        .get("x-line-retry-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut call = Call {
        endpoint,
        method: method.as_str().to_owned(),
        path,
        to: None,
        reply_token: None,
        messages: Vec::new(),
        body: parsed.clone().unwrap_or_else(|raw| raw),
        retry_key,
        status: 0,
        sent_ids: Vec::new(),
        at,
    };
    if endpoint == Endpoint::Profile {
        call.to.clone_from(&param);
    }
    let request_id = server::random_hex(16);

    let expected_method = if endpoint.sends() {
        Method::POST
    } else {
        Method::GET
    };
    let answer = if endpoint == Endpoint::Unknown {
        Answer::error(404, NOT_FOUND)
    } else if server::bearer(&headers) != Some(shared.token.as_str()) {
        Answer::error(401, AUTH_FAILED)
    } else if method != expected_method {
        Answer::error(405, "Method Not Allowed")
    } else if endpoint.sends() && parsed.is_err() {
        Answer::error(400, "The request body could not be parsed as JSON")
    } else {
        if let Some(messages) = call.body["messages"].as_array() {
            call.messages.clone_from(messages);
        }
        match endpoint {
            Endpoint::Reply => shared.reply(&mut call),
            Endpoint::Push => shared.push(&mut call, &request_id),
            _ => match shared.take_fault(endpoint, None) {
                Err(answer) => answer,
                Ok(hang) => {
                    let mut answer = match endpoint {
                        Endpoint::Quota => shared.quota(),
                        Endpoint::Consumption => {
                            Answer::ok(json!({ "totalUsage": shared.state().usage }))
                        }
                        _ => shared.profile(param.as_deref().unwrap_or("")),
                    };
                    answer.hang = hang;
                    answer
                }
            },
        }
    };
    call.status = answer.status;
    shared.log.push(call);
    if let Some(d) = answer.hang {
        tokio::time::sleep(d).await;
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (status, axum::Json(answer.body)).into_response();
    let response_headers = response.headers_mut();
    for (name, value) in answer
        .headers
        .into_iter()
        .chain([("x-line-request-id", request_id)])
    {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response_headers.insert(name, value);
        }
    }
    response
}

/// `8-4-4-4-12` hex digits, as LINE takes a retry key.
fn is_uuid(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A random UUID (v4 layout), for tests that send pushes with a retry key.
pub fn retry_key() -> String {
    let hex = server::random_hex(16);
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

// ---- validation ------------------------------------------------------------------

type Details = Vec<(String, String)>;

/// LINE's checks on `messages` of a reply or push: (property, message) per error.
fn validate_messages(body: &Value) -> Details {
    let mut details = Vec::new();
    let Some(messages) = body["messages"].as_array() else {
        details.push(("messages".into(), "May not be empty".into()));
        return details;
    };
    if messages.is_empty() || messages.len() > MAX_MESSAGES {
        details.push((
            "messages".into(),
            format!("Size must be between 1 and {MAX_MESSAGES}"),
        ));
        return details;
    }
    for (i, message) in messages.iter().enumerate() {
        validate_message(&format!("messages[{i}]"), message, &mut details);
    }
    details
}

fn too_long(details: &mut Details, at: String, len: usize, max: usize) {
    details.push((
        at,
        format!("Length must be between 0 and {max} (was {len})"),
    ));
}

fn validate_message(at: &str, message: &Value, details: &mut Details) {
    let str_at = |key: &str| message[key].as_str();
    match str_at("type") {
        Some("text") => match str_at("text") {
            None | Some("") => details.push((format!("{at}.text"), "May not be empty".into())),
            Some(text) => {
                let len = text.encode_utf16().count();
                if len > MAX_TEXT_UTF16 {
                    too_long(details, format!("{at}.text"), len, MAX_TEXT_UTF16);
                }
            }
        },
        Some("image") => {
            for key in ["originalContentUrl", "previewImageUrl"] {
                let property = format!("{at}.{key}");
                match str_at(key) {
                    None | Some("") => details.push((property, "May not be empty".into())),
                    Some(url) if !url.starts_with("https://") => {
                        details.push((property, "Must be a valid HTTPS URL".into()));
                    }
                    Some(url) if url.chars().count() > MAX_IMAGE_URL => {
                        too_long(details, property, url.chars().count(), MAX_IMAGE_URL);
                    }
                    Some(_) => {}
                }
            }
        }
        Some("flex") => validate_flex(at, message, details),
        Some("template") => {
            each_action_in(
                &message["template"],
                &format!("{at}.template"),
                MAX_LABEL_TEMPLATE,
                details,
            );
        }
        Some("video" | "audio" | "location" | "sticker" | "imagemap") => {}
        _ => details.push((
            format!("{at}.type"),
            format!("Must be one of the following values: {MESSAGE_TYPES}"),
        )),
    }
    if let Some(quick_reply) = message.get("quickReply") {
        validate_quick_reply(&format!("{at}.quickReply"), quick_reply, details);
    }
}

fn validate_flex(at: &str, message: &Value, details: &mut Details) {
    match message["altText"].as_str() {
        None | Some("") => details.push((format!("{at}.altText"), "May not be empty".into())),
        Some(alt) if alt.chars().count() > MAX_ALT_TEXT => {
            too_long(
                details,
                format!("{at}.altText"),
                alt.chars().count(),
                MAX_ALT_TEXT,
            );
        }
        Some(_) => {}
    }
    let contents = &message["contents"];
    let at_contents = format!("{at}.contents");
    let size = contents.to_string().len();
    match contents["type"].as_str() {
        Some("bubble") => {
            if size > MAX_BUBBLE_BYTES {
                details.push((
                    at_contents.clone(),
                    format!("A bubble may be at most 30 KB (was {size} bytes)"),
                ));
            }
            validate_bubble(&at_contents, contents, details);
        }
        Some("carousel") => {
            if size > MAX_CAROUSEL_BYTES {
                details.push((
                    at_contents.clone(),
                    format!("A carousel may be at most 50 KB (was {size} bytes)"),
                ));
            }
            match contents["contents"].as_array() {
                Some(bubbles) if !bubbles.is_empty() && bubbles.len() <= MAX_CAROUSEL_BUBBLES => {
                    for (i, bubble) in bubbles.iter().enumerate() {
                        let at_bubble = format!("{at_contents}.contents[{i}]");
                        if bubble["type"] == "bubble" {
                            validate_bubble(&at_bubble, bubble, details);
                        } else {
                            details.push((format!("{at_bubble}.type"), "Must be bubble".into()));
                        }
                    }
                }
                _ => details.push((
                    format!("{at_contents}.contents"),
                    format!("Size must be between 1 and {MAX_CAROUSEL_BUBBLES}"),
                )),
            }
        }
        _ => details.push((
            format!("{at_contents}.type"),
            "Must be one of the following values: [bubble, carousel]".into(),
        )),
    }
}

/// A bubble's blocks and components each have a `type`; boxes have `layout` and
/// `contents`; every action in it is checked with flex's label limit.
fn validate_bubble(at: &str, bubble: &Value, details: &mut Details) {
    for block in ["header", "hero", "body", "footer"] {
        if let Some(component) = bubble.get(block) {
            validate_component(&format!("{at}.{block}"), component, details);
        }
    }
    if let Some(action) = bubble.get("action") {
        validate_action(
            &format!("{at}.action"),
            action,
            MAX_LABEL_FLEX,
            false,
            details,
        );
    }
}

fn validate_component(at: &str, component: &Value, details: &mut Details) {
    let Some(kind) = component["type"].as_str() else {
        details.push((format!("{at}.type"), "May not be empty".into()));
        return;
    };
    if kind == "box" {
        if component["layout"].as_str().is_none() {
            details.push((format!("{at}.layout"), "May not be empty".into()));
        }
        match component["contents"].as_array() {
            Some(children) => {
                for (i, child) in children.iter().enumerate() {
                    validate_component(&format!("{at}.contents[{i}]"), child, details);
                }
            }
            None => details.push((format!("{at}.contents"), "May not be null".into())),
        }
    }
    if kind == "button" && component.get("action").is_none() {
        details.push((format!("{at}.action"), "May not be null".into()));
    }
    if let Some(action) = component.get("action") {
        let required = kind == "button";
        validate_action(
            &format!("{at}.action"),
            action,
            MAX_LABEL_FLEX,
            required,
            details,
        );
    }
}

fn validate_quick_reply(at: &str, quick_reply: &Value, details: &mut Details) {
    let Some(items) = quick_reply["items"].as_array() else {
        details.push((format!("{at}.items"), "May not be null".into()));
        return;
    };
    if items.len() > MAX_QUICK_REPLY_ITEMS {
        details.push((
            format!("{at}.items"),
            format!("Size must be between 0 and {MAX_QUICK_REPLY_ITEMS}"),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        let at_item = format!("{at}.items[{i}]");
        if item["type"] != "action" {
            details.push((format!("{at_item}.type"), "Must be action".into()));
        }
        match item.get("action") {
            Some(action) => validate_action(
                &format!("{at_item}.action"),
                action,
                MAX_LABEL_QUICK_REPLY,
                true,
                details,
            ),
            None => details.push((format!("{at_item}.action"), "May not be null".into())),
        }
    }
}

/// Every action in a template (`actions`, `defaultAction`, columns'), label limit `max_label`.
fn each_action_in(value: &Value, at: &str, max_label: usize, details: &mut Details) {
    let mut found = Vec::new();
    each_action(value, &mut |action| found.push(action.clone()));
    for (i, action) in found.iter().enumerate() {
        validate_action(
            &format!("{at}.actions[{i}]"),
            action,
            max_label,
            true,
            details,
        );
    }
}

fn validate_action(
    at: &str,
    action: &Value,
    max_label: usize,
    label_required: bool,
    details: &mut Details,
) {
    let text = |key: &str| action[key].as_str();
    let check_len = |details: &mut Details, key: &str, max: usize| {
        if let Some(value) = text(key) {
            let len = value.chars().count();
            if len > max {
                too_long(details, format!("{at}.{key}"), len, max);
            }
        }
    };
    match text("label") {
        None | Some("") if label_required => {
            details.push((format!("{at}.label"), "May not be empty".into()));
        }
        _ => check_len(details, "label", max_label),
    }
    match text("type") {
        Some("postback") => {
            if text("data").is_none() {
                details.push((format!("{at}.data"), "May not be null".into()));
            }
            check_len(details, "data", MAX_ACTION_DATA);
            check_len(details, "displayText", MAX_ACTION_TEXT);
            check_len(details, "text", MAX_ACTION_TEXT);
        }
        Some("message") => match text("text") {
            None | Some("") => details.push((format!("{at}.text"), "May not be empty".into())),
            Some(_) => check_len(details, "text", MAX_ACTION_TEXT),
        },
        Some("uri") => match text("uri") {
            None | Some("") => details.push((format!("{at}.uri"), "May not be empty".into())),
            Some(uri) => {
                let scheme = uri.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                if !scheme.is_some_and(|s| URI_SCHEMES.contains(&s.as_str())) {
                    details.push((
                        format!("{at}.uri"),
                        "The scheme must be one of http, https, line or tel".into(),
                    ));
                }
                check_len(details, "uri", MAX_URI);
            }
        },
        Some("datetimepicker") => check_len(details, "data", MAX_ACTION_DATA),
        Some(_) => {}
        None => details.push((format!("{at}.type"), "May not be empty".into())),
    }
}

// ---- webhook side ----------------------------------------------------------------

/// The `x-line-signature` header value for `body`: base64 of HMAC-SHA256 keyed with the
/// channel secret.
pub fn line_signature(channel_secret: &str, body: &[u8]) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(channel_secret.as_bytes())
        .expect("hmac takes any key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `line_signature` with `FakeLine::CHANNEL_SECRET`.
pub fn sign(body: &[u8]) -> String {
    line_signature(FakeLine::CHANNEL_SECRET, body)
}

/// A webhook body: `{"destination": destination, "events": events}`, compact JSON.
pub fn webhook_body(destination: &str, events: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({ "destination": destination, "events": events }))
        .expect("JSON serialises")
}

/// `event` as LINE delivers it again: same `webhookEventId`, `isRedelivery: true`.
pub fn redelivered(mut event: Value) -> Value {
    event["deliveryContext"]["isRedelivery"] = true.into();
    event
}

static NEXT_EVENT: AtomicU64 = AtomicU64::new(1);

fn serial() -> u64 {
    NEXT_EVENT.fetch_add(1, Ordering::Relaxed)
}

/// The fields every event has: type, a fresh `webhookEventId` (26 characters, like
/// LINE's ULIDs), `timestamp` in ms, `mode: "active"`, not a redelivery, and `source`.
fn event(kind: &str, source: Value) -> Value {
    let id = format!("01{}", server::random_alnum(24).to_ascii_uppercase());
    json!({
        "type": kind,
        "mode": "active",
        "timestamp": chrono::Utc::now().timestamp_millis(),
        "source": source,
        "webhookEventId": id,
        "deliveryContext": { "isRedelivery": false },
    })
}

fn user_source(user: &str) -> Value {
    json!({ "type": "user", "userId": user })
}

fn group_source(group: &str, user: Option<&str>) -> Value {
    let mut source = json!({ "type": "group", "groupId": group });
    if let Some(user) = user {
        source["userId"] = user.into();
    }
    source
}

fn message_event(source: Value, reply_token: &str, mut message: Value) -> Value {
    let mut event = event("message", source);
    event["replyToken"] = reply_token.into();
    message["id"] = (700_000_000_000_000_000 + serial()).to_string().into();
    message["quoteToken"] = server::random_alnum(22).into();
    event["message"] = message;
    event
}

/// A text message from `user` in a one-to-one chat.
pub fn text_event(user: &str, text: &str, reply_token: &str) -> Value {
    message_event(
        user_source(user),
        reply_token,
        json!({ "type": "text", "text": text }),
    )
}

/// A text message from `user` in `group`.
pub fn group_text_event(group: &str, user: &str, text: &str, reply_token: &str) -> Value {
    message_event(
        group_source(group, Some(user)),
        reply_token,
        json!({ "type": "text", "text": text }),
    )
}

/// An image `user` sent (message `message_id`).
pub fn image_event(user: &str, message_id: &str, reply_token: &str) -> Value {
    let mut event = message_event(
        user_source(user),
        reply_token,
        json!({ "type": "image", "contentProvider": { "type": "line" } }),
    );
    event["message"]["id"] = message_id.into();
    event
}

/// `user` tapped a postback action carrying `data`.
pub fn postback_event(user: &str, data: &str, reply_token: &str) -> Value {
    let mut event = event("postback", user_source(user));
    event["replyToken"] = reply_token.into();
    event["postback"] = json!({ "data": data });
    event
}

/// `user` added the bot as a friend (or unblocked it).
pub fn follow_event(user: &str, reply_token: &str) -> Value {
    let mut event = event("follow", user_source(user));
    event["replyToken"] = reply_token.into();
    event["follow"] = json!({ "isUnblocked": false });
    event
}

/// `user` blocked the bot. No reply token: there is no one to reply to.
pub fn unfollow_event(user: &str) -> Value {
    event("unfollow", user_source(user))
}

/// The bot was added to `group`.
pub fn join_event(group: &str, reply_token: &str) -> Value {
    let mut event = event("join", group_source(group, None));
    event["replyToken"] = reply_token.into();
    event
}

/// The bot was removed from `group`. No reply token.
pub fn leave_event(group: &str) -> Value {
    event("leave", group_source(group, None))
}
