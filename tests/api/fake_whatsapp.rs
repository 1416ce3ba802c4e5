//! A fake WhatsApp Cloud API (Graph API) server: answers
//! `POST {url}/{VERSION}/{PHONE_NUMBER_ID}/messages` and `.../media` the way Meta does
//! (as far as the app can tell), serves files users sent (`GET {url}/{VERSION}/{media-id}`
//! gives a URL, `GET` of that URL the bytes, both with the access token), validates bodies like Meta, records every call, and
//! can inject errors. Also builds signed webhook payloads in Meta's exact byte shape
//! (non-ASCII escaped as `\uXXXX`) for the app's webhook endpoint.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::form;
use super::server::{self, Entry, Faults, Log, ServerGuard, lock, short};

/// The business number's display form, as webhooks carry it.
const DISPLAY_PHONE_NUMBER: &str = "15550001111";
const WABA_ID: &str = "WABA-1";
const FBTRACE_ID: &str = "A1";
/// Meta's limits on what the app sends.
const MAX_BUTTONS: usize = 3;
const MAX_BUTTON_TITLE: usize = 20;
const MAX_BUTTON_ID: usize = 256;
const MAX_DISPLAY_TEXT: usize = 20;
const MAX_TEXT_BODY: usize = 4096;
const MAX_INTERACTIVE_BODY: usize = 1024;
const MAX_CAPTION: usize = 1024;
/// Profile name in webhooks whose builder takes no name.
const DEFAULT_NAME: &str = "Customer";

/// One call the fake received.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The request path, e.g. `/v21.0/1234567890/messages`.
    pub path: String,
    /// The JSON body; for media uploads, an object of the multipart text parts (all
    /// strings); for a body that does not parse, the raw text as a string.
    pub body: Value,
    /// Uploaded files: (part name, file name, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
    /// The id the fake answered with: `wamid.FAKE<n>` for messages, `media-<n>` for
    /// uploads; `None` for calls answered with an error.
    pub wamid: Option<String>,
    pub at: Instant,
}

impl Sent {
    /// `body.to` (a phone number / wa_id) or `body.recipient` (a business-scoped user id).
    pub fn to(&self) -> Option<&str> {
        self.body
            .get("to")
            .and_then(Value::as_str)
            .or_else(|| self.body.get("recipient").and_then(Value::as_str))
    }

    /// `body.type` ("text", "image", "interactive", "template", "document"; "text" when
    /// absent, as Meta defaults it), or "media" for uploads.
    pub fn kind(&self) -> &str {
        if self.is_upload() {
            return "media";
        }
        self.body
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("text")
    }

    /// The readable text: `text.body`, a media caption, `interactive.body.text`, or the
    /// template name; else "".
    pub fn text(&self) -> String {
        let kind = self.kind();
        let found = match kind {
            "text" => self.body.pointer("/text/body"),
            "interactive" => self.body.pointer("/interactive/body/text"),
            "template" => self.body.pointer("/template/name"),
            "media" => None,
            other => self.body.get(other).and_then(|media| media.get("caption")),
        };
        server::readable(found.and_then(Value::as_str).unwrap_or(""))
    }

    /// The ids of reply buttons (`interactive.action.buttons[].reply.id`).
    pub fn button_ids(&self) -> Vec<String> {
        self.body
            .pointer("/interactive/action/buttons")
            .and_then(Value::as_array)
            .map(|buttons| {
                buttons
                    .iter()
                    .filter_map(|b| b.pointer("/reply/id").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The link of a `cta_url` interactive message.
    pub fn cta_url(&self) -> Option<String> {
        if self
            .body
            .pointer("/interactive/type")
            .and_then(Value::as_str)
            != Some("cta_url")
        {
            return None;
        }
        self.body
            .pointer("/interactive/action/parameters/url")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    fn is_upload(&self) -> bool {
        self.path.trim_end_matches('/').ends_with("/media")
    }

    /// A `/messages` call that was answered ok.
    fn is_message(&self) -> bool {
        self.wamid.is_some() && !self.is_upload()
    }
}

impl Entry for Sent {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "POST {} {} to={} {} {}",
            self.path,
            self.wamid.as_deref().unwrap_or("error"),
            self.to().unwrap_or("-"),
            short(&self.body),
            server::files_line(&self.files)
        )
    }
}

/// The fake server. Cloning shares it; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeWhatsApp {
    shared: Arc<Shared>,
    base: String,
    _server: Arc<ServerGuard>,
}

struct Shared {
    /// Every call: answered ones carry their `wamid`, errors none.
    log: Log<Sent>,
    failures: Faults<Failure>,
    state: Mutex<Counters>,
}

#[derive(Clone)]
struct Failure {
    http_status: u16,
    code: i64,
    message: String,
}

#[derive(Default)]
struct Counters {
    next_wamid: u64,
    next_media: u64,
    /// Files users sent, by media id: (bytes, MIME type).
    received: std::collections::HashMap<String, (Vec<u8>, String)>,
    /// Successful downloads of received files.
    downloads: usize,
}

impl FakeWhatsApp {
    /// The only access token the fake accepts.
    pub const TOKEN: &'static str = "EAAG-test-access-token";
    pub const PHONE_NUMBER_ID: &'static str = "1234567890";
    /// Signs webhook payloads (`sign`, and every builder below).
    pub const APP_SECRET: &'static str = "test-app-secret-0123456789";
    pub const VERIFY_TOKEN: &'static str = "test-verify-token";
    pub const VERSION: &'static str = "v21.0";

    pub async fn start() -> Self {
        let shared = Arc::new(Shared {
            log: Log::new("whatsapp"),
            failures: Faults::default(),
            state: Mutex::default(),
        });
        let app = axum::Router::new().fallback(handle);
        // Meta takes documents up to 100 MB.
        let limit = 100 * 1024 * 1024;
        let (base, server) = server::start_with("whatsapp", app, limit, Arc::clone(&shared)).await;
        Self {
            shared,
            base,
            _server: server,
        }
    }

    /// The Graph API base URL (no version, no trailing slash): `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.base.clone()
    }

    // ---- what happened -------------------------------------------------------

    /// Successfully answered `/messages` calls, in order.
    pub fn sent(&self) -> Vec<Sent> {
        self.shared.log.filter(Sent::is_message)
    }

    /// Successful `/messages` calls whose `to` or `recipient` is `who`.
    pub fn sent_to(&self, who: &str) -> Vec<Sent> {
        self.shared
            .log
            .filter(|s| s.is_message() && s.to() == Some(who))
    }

    /// Successfully answered `/media` uploads, in order.
    pub fn uploads(&self) -> Vec<Sent> {
        self.shared
            .log
            .filter(|s| s.wamid.is_some() && s.is_upload())
    }

    /// How many `/messages` calls succeeded, without copying them.
    pub fn count(&self) -> usize {
        self.shared.log.count(Sent::is_message)
    }

    /// Calls answered with an error: `fail_next`, validation, a wrong token or path.
    pub fn failed(&self) -> Vec<Sent> {
        self.shared.log.filter(|s| s.wamid.is_none())
    }

    /// Waits until at least `n` messages went to `who`, and returns them all.
    pub async fn wait_for_to(&self, who: &str, n: usize) -> Vec<Sent> {
        let what = format!("{n} message(s) to {who}");
        let keep = |s: &Sent| s.is_message() && s.to() == Some(who);
        let more = || self.pending_failures();
        self.shared.log.wait_for(&what, n, keep, more).await
    }

    fn pending_failures(&self) -> String {
        format!(
            "injected failures still pending: {}\n",
            self.shared.failures.pending()
        )
    }

    /// Everything the fake saw, for failure messages.
    pub fn report(&self) -> String {
        self.shared.log.report() + &self.pending_failures()
    }

    /// Keeps a file a user sends (see [`document_message`]) for the app to download.
    pub fn put_media(&self, media_id: &str, bytes: Vec<u8>, mime: &str) {
        lock(&self.shared.state)
            .received
            .insert(media_id.to_owned(), (bytes, mime.to_owned()));
    }

    /// How many received files the app downloaded.
    pub fn downloads(&self) -> usize {
        lock(&self.shared.state).downloads
    }

    // ---- programming failures ------------------------------------------------

    /// The next `times` `/messages` calls (with a good token and path) answer
    /// `{"error":{"message","type":"OAuthException","code","error_data":{"details"},
    /// "fbtrace_id"}}` with HTTP status `http_status`, e.g. `(1, 429, 130429, "Rate
    /// limit hit")` or `(1, 400, 131047, "Re-engagement message")`.
    pub fn fail_next(&self, times: usize, http_status: u16, code: i64, message: &str) {
        self.shared.failures.push(
            Some("messages"),
            times,
            Failure {
                http_status,
                code,
                message: message.to_owned(),
            },
        );
    }
}

impl Shared {
    fn fail(&self, sent: Sent, status: u16, code: i64, message: &str, details: &str) -> Response {
        self.log.push(sent);
        graph_error(status, code, message, Some(details))
    }

    fn send_message(&self, mut sent: Sent) -> Response {
        if let Some(f) = self.failures.take("messages") {
            return self.fail(sent, f.http_status, f.code, &f.message, &f.message);
        }
        if let Err(details) = validate_message(&sent.body) {
            return self.fail(sent, 400, 100, "Invalid parameter", &details);
        }
        let who = sent.to().unwrap_or("").to_owned();
        let wamid = {
            let mut st = lock(&self.state);
            st.next_wamid += 1;
            format!("wamid.FAKE{}", st.next_wamid)
        };
        sent.wamid = Some(wamid.clone());
        self.log.push(sent);
        let body = json!({
            "messaging_product": "whatsapp",
            "contacts": [{ "input": who, "wa_id": who }],
            "messages": [{ "id": wamid }],
        });
        (StatusCode::OK, axum::Json(body)).into_response()
    }

    /// `GET /{VERSION}/{media-id}` (the file's URL and size) and `GET /received/{id}`
    /// (its bytes), as Meta serves files users sent; not logged as calls.
    fn serve_received(&self, segments: &[&str], headers: &HeaderMap) -> Response {
        if server::bearer(headers) != Some(FakeWhatsApp::TOKEN) {
            return graph_error(401, 190, "Invalid OAuth access token", None);
        }
        let mut st = lock(&self.state);
        match segments {
            [version, id] if *version == FakeWhatsApp::VERSION => match st.received.get(*id) {
                Some((bytes, mime)) => {
                    let host = server::header(headers, axum::http::header::HOST);
                    let body = json!({
                        "messaging_product": "whatsapp",
                        "url": format!("http://{host}/received/{id}"),
                        "mime_type": mime,
                        "sha256": "0".repeat(64),
                        "file_size": bytes.len(),
                        "id": id,
                    });
                    (StatusCode::OK, axum::Json(body)).into_response()
                }
                None => graph_error(400, 100, "Invalid parameter", Some("unknown media id")),
            },
            ["received", id] => match st.received.get(*id).map(|(b, _)| b.clone()) {
                Some(bytes) => {
                    st.downloads += 1;
                    (StatusCode::OK, bytes).into_response()
                }
                None => (StatusCode::NOT_FOUND, "").into_response(),
            },
            _ => graph_error(400, 100, "Unsupported get request", None),
        }
    }

    fn upload_media(&self, mut sent: Sent) -> Response {
        if let Err(details) = validate_upload(&sent) {
            return self.fail(sent, 400, 100, "Invalid parameter", &details);
        }
        let id = {
            let mut st = lock(&self.state);
            st.next_media += 1;
            format!("media-{}", st.next_media)
        };
        sent.wamid = Some(id.clone());
        self.log.push(sent);
        (StatusCode::OK, axum::Json(json!({ "id": id }))).into_response()
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
    let content_type = server::header(&headers, CONTENT_TYPE);
    let parsed = form::parse_body(content_type, &body, |_, text| Value::String(text.into()));
    let (parsed_body, files) = match &parsed {
        Ok((value, files)) => (value.clone(), files.clone()),
        Err(_) => (
            Value::String(String::from_utf8_lossy(&body).into_owned()),
            Vec::new(),
        ),
    };
    let sent = Sent {
        path: path.clone(),
        body: parsed_body,
        files,
        wamid: None,
        at,
    };

    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    if method == Method::GET {
        return shared.serve_received(&segments, &headers);
    }
    let edge = match segments.as_slice() {
        [version, phone, edge @ ("messages" | "media")]
            if *version == FakeWhatsApp::VERSION && *phone == FakeWhatsApp::PHONE_NUMBER_ID =>
        {
            *edge
        }
        [version, phone, _] if *version == FakeWhatsApp::VERSION => {
            let message = format!(
                "Unsupported post request. Object with ID '{phone}' does not exist, cannot be \
                 loaded due to missing permissions, or does not support this operation"
            );
            return shared.fail(sent, 404, 100, &message, &message);
        }
        _ => {
            let message = format!("Unknown path components: {path}");
            return shared.fail(sent, 404, 2500, &message, &message);
        }
    };

    if server::bearer(&headers) != Some(FakeWhatsApp::TOKEN) {
        return shared.fail(
            sent,
            401,
            190,
            "Invalid OAuth access token",
            "Invalid OAuth access token - Cannot parse access token",
        );
    }
    if method != Method::POST {
        let message = format!("Unsupported {method} request");
        return shared.fail(sent, 400, 100, &message, &message);
    }
    if let Err(details) = parsed {
        return shared.fail(sent, 400, 100, "Invalid parameter", &details);
    }

    match edge {
        "messages" => shared.send_message(sent),
        _ => shared.upload_media(sent),
    }
}

// ---- validation ------------------------------------------------------------------

/// Meta's synchronous checks on a `/messages` body. `Err` holds the details.
fn validate_message(body: &Value) -> Result<(), String> {
    if !body.is_object() {
        return Err("the request body must be a JSON object".into());
    }
    let str_at = |pointer: &str| body.pointer(pointer).and_then(Value::as_str);
    if str_at("/messaging_product") != Some("whatsapp") {
        return Err("messaging_product must be \"whatsapp\"".into());
    }
    if str_at("/to").is_none() && str_at("/recipient").is_none() {
        return Err("either \"to\" or \"recipient\" is required".into());
    }
    let within = |what: &str, text: &str, max: usize| {
        let len = text.chars().count();
        if len > max {
            Err(format!("{what} is {len} characters; at most {max} allowed"))
        } else {
            Ok(())
        }
    };
    let kind = str_at("/type").unwrap_or("text");
    match kind {
        "text" => {
            let text = str_at("/text/body").ok_or("text.body is required")?;
            within("text.body", text, MAX_TEXT_BODY)?;
        }
        "image" | "document" | "audio" | "video" | "sticker" => {
            let media = body
                .get(kind)
                .filter(|m| m.is_object())
                .ok_or_else(|| format!("{kind} is required"))?;
            let link = media.get("link").and_then(Value::as_str);
            let id = media.get("id").and_then(Value::as_str);
            if link.is_none() && id.is_none() {
                return Err(format!("{kind}.link or {kind}.id is required"));
            }
            if let Some(caption) = media.get("caption").and_then(Value::as_str) {
                within(&format!("{kind}.caption"), caption, MAX_CAPTION)?;
            }
        }
        "interactive" => validate_interactive(body, &within)?,
        "template" => {
            if str_at("/template/name").is_none() {
                return Err("template.name is required".into());
            }
            if str_at("/template/language/code").is_none() {
                return Err("template.language.code is required".into());
            }
        }
        // location, contacts, reaction...: not checked.
        _ => {}
    }
    Ok(())
}

fn validate_interactive(
    body: &Value,
    within: &dyn Fn(&str, &str, usize) -> Result<(), String>,
) -> Result<(), String> {
    let str_at = |pointer: &str| body.pointer(pointer).and_then(Value::as_str);
    let kind = str_at("/interactive/type").ok_or("interactive.type is required")?;
    if matches!(kind, "button" | "cta_url") {
        let text = str_at("/interactive/body/text").ok_or("interactive.body.text is required")?;
        within("interactive.body.text", text, MAX_INTERACTIVE_BODY)?;
    }
    match kind {
        "button" => {
            let buttons = body
                .pointer("/interactive/action/buttons")
                .and_then(Value::as_array)
                .ok_or("interactive.action.buttons is required")?;
            if buttons.is_empty() || buttons.len() > MAX_BUTTONS {
                return Err(format!(
                    "interactive.action.buttons has {} buttons; 1 to {MAX_BUTTONS} allowed",
                    buttons.len()
                ));
            }
            for (i, button) in buttons.iter().enumerate() {
                if button.get("type").and_then(Value::as_str) != Some("reply") {
                    return Err(format!("buttons[{i}].type must be \"reply\""));
                }
                let id = button.pointer("/reply/id").and_then(Value::as_str);
                let title = button.pointer("/reply/title").and_then(Value::as_str);
                let (Some(id), Some(title)) = (id, title) else {
                    return Err(format!("buttons[{i}].reply needs id and title"));
                };
                if id.is_empty() || title.is_empty() {
                    return Err(format!("buttons[{i}].reply id and title must not be empty"));
                }
                within(&format!("buttons[{i}].reply.id"), id, MAX_BUTTON_ID)?;
                within(
                    &format!("buttons[{i}].reply.title"),
                    title,
                    MAX_BUTTON_TITLE,
                )?;
            }
        }
        "cta_url" => {
            if str_at("/interactive/action/name") != Some("cta_url") {
                return Err("interactive.action.name must be \"cta_url\"".into());
            }
            let text = str_at("/interactive/action/parameters/display_text")
                .ok_or("interactive.action.parameters.display_text is required")?;
            if text.is_empty() {
                return Err("display_text must not be empty".into());
            }
            within("display_text", text, MAX_DISPLAY_TEXT)?;
            if str_at("/interactive/action/parameters/url").is_none() {
                return Err("interactive.action.parameters.url is required".into());
            }
        }
        // list, flow...: not checked.
        _ => {}
    }
    Ok(())
}

fn validate_upload(sent: &Sent) -> Result<(), String> {
    let text = |name: &str| sent.body.get(name).and_then(Value::as_str);
    if text("messaging_product") != Some("whatsapp") {
        return Err("messaging_product must be \"whatsapp\"".into());
    }
    if text("type").is_none_or(str::is_empty) {
        return Err("type (the MIME type) is required".into());
    }
    match sent.files.iter().find(|(name, _, _)| name == "file") {
        Some((_, _, bytes)) if !bytes.is_empty() => Ok(()),
        Some(_) => Err("file is empty".into()),
        None => Err("file is required (a multipart part with a filename)".into()),
    }
}

fn graph_error(status: u16, code: i64, message: &str, details: Option<&str>) -> Response {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": FBTRACE_ID,
    });
    if let Some(details) = details {
        error["error_data"] = json!({ "messaging_product": "whatsapp", "details": details });
    }
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(json!({ "error": error }))).into_response()
}

// ---- webhook payloads ------------------------------------------------------------

/// The `X-Hub-Signature-256` header value for `body`: `sha256=<hex HMAC-SHA256>`
/// keyed with `APP_SECRET`.
pub fn sign(body: &str) -> String {
    let key = FakeWhatsApp::APP_SECRET.as_bytes();
    format!(
        "sha256={}",
        server::hmac_sha256_hex(key, &[body.as_bytes()])
    )
}

/// Compact JSON with every non-ASCII character escaped as `\uXXXX` (UTF-16, so emoji
/// become surrogate pairs), as Meta serialises webhook bodies.
pub fn to_ascii_json(value: &Value) -> String {
    let compact = value.to_string();
    let mut out = String::with_capacity(compact.len());
    let mut units = [0u16; 2];
    for c in compact.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Non-ASCII only occurs inside strings, where an escape means the same.
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// Wraps a change `value` into the `whatsapp_business_account` envelope and signs it:
/// (raw body, `X-Hub-Signature-256` header value).
pub fn payload(value: Value) -> (String, String) {
    let envelope = json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": WABA_ID,
            "changes": [{ "field": "messages", "value": value }],
        }],
    });
    let body = to_ascii_json(&envelope);
    let signature = sign(&body);
    (body, signature)
}

/// An inbound text message. `from` is the phone-number wa_id, `user_id` the
/// business-scoped user id; either may be absent (not both, for a realistic payload).
pub fn text_message(
    from: Option<&str>,
    user_id: Option<&str>,
    name: &str,
    message_id: &str,
    text: &str,
) -> (String, String) {
    let message = json!({
        "id": message_id,
        "timestamp": server::unix_now().to_string(),
        "type": "text",
        "text": { "body": text },
    });
    payload(inbound_value(from, user_id, name, message))
}

/// A tap on a reply button under our message `context_id` (its wamid).
pub fn button_reply(
    from: Option<&str>,
    user_id: Option<&str>,
    message_id: &str,
    context_id: &str,
    button_id: &str,
    title: &str,
) -> (String, String) {
    let message = json!({
        "id": message_id,
        "timestamp": server::unix_now().to_string(),
        "type": "interactive",
        "context": { "from": DISPLAY_PHONE_NUMBER, "id": context_id },
        "interactive": {
            "type": "button_reply",
            "button_reply": { "id": button_id, "title": title },
        },
    });
    payload(inbound_value(from, user_id, DEFAULT_NAME, message))
}

/// An inbound message without text: `kind` is "sticker", "audio" (a voice note),
/// "image", "video" or "document".
pub fn media_message(
    from: Option<&str>,
    user_id: Option<&str>,
    message_id: &str,
    kind: &str,
) -> (String, String) {
    let id = format!("media-in-{message_id}");
    let sha256 = "0".repeat(64);
    let media = match kind {
        "sticker" => {
            json!({ "id": id, "mime_type": "image/webp", "sha256": sha256, "animated": false })
        }
        "audio" => json!({
            "id": id,
            "mime_type": "audio/ogg; codecs=opus",
            "sha256": sha256,
            "voice": true,
        }),
        "image" => json!({ "id": id, "mime_type": "image/jpeg", "sha256": sha256 }),
        "video" => json!({ "id": id, "mime_type": "video/mp4", "sha256": sha256 }),
        "document" => json!({
            "id": id,
            "mime_type": "application/pdf",
            "sha256": sha256,
            "filename": "document.pdf",
        }),
        _ => json!({ "id": id, "mime_type": "application/octet-stream", "sha256": sha256 }),
    };
    let mut message = json!({
        "id": message_id,
        "timestamp": server::unix_now().to_string(),
        "type": kind,
    });
    message[kind] = media;
    payload(inbound_value(from, user_id, DEFAULT_NAME, message))
}

/// An inbound document `media_id` (put its bytes with [`FakeWhatsApp::put_media`]).
pub fn document_message(
    from: Option<&str>,
    message_id: &str,
    media_id: &str,
    filename: &str,
    mime: &str,
) -> (String, String) {
    let message = json!({
        "id": message_id,
        "timestamp": server::unix_now().to_string(),
        "type": "document",
        "document": {
            "id": media_id, "mime_type": mime, "sha256": "0".repeat(64), "filename": filename,
        },
    });
    payload(inbound_value(from, None, DEFAULT_NAME, message))
}

/// A status webhook for our message `wamid` (status: sent, delivered, read, failed).
/// `error_code` adds `errors[]`; 131047 is Meta's "more than 24 hours" error.
pub fn status_update(
    wamid: &str,
    status: &str,
    recipient: &str,
    error_code: Option<i64>,
) -> (String, String) {
    let mut entry = json!({
        "id": wamid,
        "status": status,
        "timestamp": server::unix_now().to_string(),
        "recipient_id": recipient,
    });
    if let Some(code) = error_code {
        let (title, details) = if code == 131_047 {
            (
                "Re-engagement message".to_owned(),
                "Message failed to send because more than 24 hours have passed since the \
                 customer last replied to this number."
                    .to_owned(),
            )
        } else {
            (
                "Message failed to send".to_owned(),
                format!("Message failed to send (error code {code})."),
            )
        };
        entry["errors"] = json!([{
            "code": code,
            "title": title,
            "message": title,
            "error_data": { "details": details },
        }]);
    }
    payload(json!({
        "messaging_product": "whatsapp",
        "metadata": metadata(),
        "statuses": [entry],
    }))
}

/// The `value` of an inbound-message change: contacts + one message, with `from` /
/// `from_user_id` (and `wa_id` / `user_id`) only when given.
fn inbound_value(
    from: Option<&str>,
    user_id: Option<&str>,
    name: &str,
    mut message: Value,
) -> Value {
    let mut contact = json!({ "profile": { "name": name } });
    if let Some(from) = from {
        contact["wa_id"] = from.into();
        message["from"] = from.into();
    }
    if let Some(user_id) = user_id {
        contact["user_id"] = user_id.into();
        message["from_user_id"] = user_id.into();
    }
    json!({
        "messaging_product": "whatsapp",
        "metadata": metadata(),
        "contacts": [contact],
        "messages": [message],
    })
}

fn metadata() -> Value {
    json!({
        "display_phone_number": DISPLAY_PHONE_NUMBER,
        "phone_number_id": FakeWhatsApp::PHONE_NUMBER_ID,
    })
}
