//! A fake Telegram Bot API server: answers `POST {url}/bot{TOKEN}/{method}` the way
//! Telegram does (as far as teloxide and the app can tell), queues updates for
//! `getUpdates`, records every call, and can inject errors or enforce rate limits.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header::CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::form::{self, Files};
use super::server::{self, Entry, Faults, Log, ServerGuard, lock, short};

/// Long polls are cut short so an app under test shuts down quickly.
const MAX_POLL_TIMEOUT_SECS: u64 = 1;
const BOT_ID: i64 = 123_456;
const BOT_BLOCKED: &str = "Forbidden: bot was blocked by the user";
/// Methods that count against Telegram's flood limits.
const LIMITED: [&str; 5] = [
    "sendmessage",
    "sendphoto",
    "senddocument",
    "editmessagetext",
    "editmessagereplymarkup",
];
/// Methods `sent_to_chat` looks at.
const CHAT_OUTPUT: [&str; 4] = [
    "sendmessage",
    "sendphoto",
    "senddocument",
    "editmessagetext",
];

/// One call the fake received.
#[derive(Debug, Clone)]
pub struct Call {
    /// Lowercase method name, e.g. `sendmessage`.
    pub method: String,
    /// The JSON body; for multipart, an object of the text parts (JSON-parsed when
    /// they are numbers, booleans, objects or arrays; `text`/`caption` stay strings).
    pub params: Value,
    /// Uploaded files: (field name, file name, bytes). The field name is the
    /// parameter that refers to the file (`photo` for `"photo":"attach://<id>"`,
    /// as teloxide sends it), else the part's own name.
    pub files: Vec<(String, String, Vec<u8>)>,
    pub at: Instant,
    /// What the fake answered (`Null` for calls answered with an error).
    pub result: Value,
    pub outcome: Outcome,
}

/// How the fake answered a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// 429 from limit enforcement.
    Rejected,
    /// Any other error: `fail_next`, `block_chat`, a wrong token, an unknown method.
    Failed,
}

impl Entry for Call {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "{} {:?} {} {}",
            self.method,
            self.outcome,
            short(&self.params),
            server::files_line(&self.files)
        )
    }
}

impl Call {
    /// `params.chat_id` as a number, whether it came as a number or a string.
    pub fn chat_id(&self) -> Option<i64> {
        int_param(&self.params, "chat_id")
    }

    /// The `message_id` of the message the fake answered with, if any.
    pub fn result_message_id(&self) -> Option<i64> {
        self.result.get("message_id").and_then(Value::as_i64)
    }

    /// `params.text` (or `params.caption` for media), or "", as a person reads it:
    /// without the invisible marks that isolate seller-provided text.
    pub fn text(&self) -> String {
        server::readable(self.raw_text())
    }

    /// `params.text` (or `params.caption`) exactly as sent.
    pub fn raw_text(&self) -> &str {
        self.params
            .get("text")
            .or_else(|| self.params.get("caption"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// The fake server. Cloning shares it; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeTelegram {
    shared: Arc<Shared>,
    base: String,
    _server: Arc<ServerGuard>,
}

struct Shared {
    enforce_limits: bool,
    /// Every call but successful getMe and getUpdates, with how it was answered. Its
    /// wake-ups also tell long polls that an update was pushed.
    log: Log<Call>,
    /// Errors queued by method.
    failures: Faults<Failure>,
    /// Answers held back by method, as a slow network or a busy Telegram would.
    delays: Faults<Duration>,
    state: Mutex<FakeState>,
}

#[derive(Clone)]
struct Failure {
    error_code: u16,
    description: String,
    retry_after: Option<u64>,
}

struct FakeState {
    /// Files users sent, by file id, served at `/file/bot{TOKEN}/photos/{id}.png`
    /// (photos) or `/file/bot{TOKEN}/documents/{id}.csv` (documents).
    files: HashMap<String, Vec<u8>>,
    next_update_id: i64,
    next_incoming_message_id: i64,
    next_outgoing_message_id: i64,
    next_serial: u64,
    updates: VecDeque<Value>,
    /// Every update pushed, by id, for redelivering one.
    pushed: HashMap<i64, Value>,
    /// Sticky like Telegram's: the last `allowed_updates` a poll sent.
    allowed_updates: Option<Vec<String>>,
    webhook_url: String,
    polls: usize,
    /// Calls held back by `delay_next_to` so far (counted as they arrive).
    held: usize,
    /// Long polls open now, and how often one began while another was open (Telegram
    /// answers that with 409 "terminated by other getUpdates request").
    open_polls: usize,
    overlapping_polls: usize,
    blocked: HashSet<i64>,
    // Accepted limited calls, for limit enforcement.
    recent_sends: VecDeque<Instant>,
    last_private_send: HashMap<i64, Instant>,
    group_sends: HashMap<i64, VecDeque<Instant>>,
}

impl Default for FakeState {
    fn default() -> Self {
        Self {
            files: HashMap::new(),
            next_update_id: 1,
            next_incoming_message_id: 1,
            next_outgoing_message_id: 1000,
            next_serial: 1,
            updates: VecDeque::new(),
            pushed: HashMap::new(),
            allowed_updates: None,
            webhook_url: String::new(),
            polls: 0,
            held: 0,
            open_polls: 0,
            overlapping_polls: 0,
            blocked: HashSet::new(),
            recent_sends: VecDeque::new(),
            last_private_send: HashMap::new(),
            group_sends: HashMap::new(),
        }
    }
}

impl FakeState {
    fn serial(&mut self) -> u64 {
        let n = self.next_serial;
        self.next_serial += 1;
        n
    }
}

impl FakeTelegram {
    /// The only token the fake accepts.
    pub const TOKEN: &'static str = "123456:TEST-token-do-not-log";
    pub const BOT_USERNAME: &'static str = "paychat_test_bot";

    pub async fn start() -> Self {
        Self::start_with(false).await
    }

    /// Like `start`, but answers 429 to sends over Telegram's flood limits.
    pub async fn start_enforcing_limits() -> Self {
        Self::start_with(true).await
    }

    async fn start_with(enforce_limits: bool) -> Self {
        let shared = Arc::new(Shared {
            enforce_limits,
            log: Log::new("telegram"),
            failures: Faults::default(),
            delays: Faults::default(),
            state: Mutex::new(FakeState::default()),
        });
        let app = axum::Router::new()
            .route("/{bot}/{method}", axum::routing::any(handle))
            // teloxide sends the file path as one segment (`photos%2Fx.png`).
            .route("/file/{bot}/{path}", axum::routing::get(serve_file))
            .fallback(|| async { error_response(404, "Not Found", None) });
        // Telegram takes uploads up to 50 MB.
        let limit = 50 * 1024 * 1024;
        let (base, server) = server::start_with("telegram", app, limit, Arc::clone(&shared)).await;
        Self {
            shared,
            base,
            _server: server,
        }
    }

    /// The API base URL to give teloxide's `set_api_url` (no trailing slash).
    pub fn url(&self) -> String {
        self.base.clone()
    }

    fn state(&self) -> MutexGuard<'_, FakeState> {
        self.shared.state()
    }

    // ---- updates -------------------------------------------------------------

    /// Queues an update for `getUpdates`, numbering it if it has no `update_id`.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let obj = update.as_object_mut().expect("an update is a JSON object");
        let id = {
            let mut st = self.state();
            let id = match obj.get("update_id").and_then(Value::as_i64) {
                Some(id) => id,
                None => {
                    let id = st.next_update_id;
                    obj.insert("update_id".into(), id.into());
                    id
                }
            };
            st.next_update_id = st.next_update_id.max(id + 1);
            st.pushed.insert(id, update.clone());
            st.updates.push_back(update);
            id
        };
        self.shared.log.notify();
        id
    }

    /// Delivers update `id` again under a new update id, as Telegram does when it
    /// could not learn that the first delivery was handled (a crash, a lost answer).
    pub fn redeliver(&self, id: i64) -> i64 {
        let mut again = self
            .state()
            .pushed
            .get(&id)
            .cloned()
            .expect("an update pushed earlier");
        if let Some(obj) = again.as_object_mut() {
            obj.remove("update_id");
        }
        self.push_update(again)
    }

    pub fn text_update(&self, user_id: i64, chat_id: i64, text: &str) -> i64 {
        self.text_update_lang(user_id, chat_id, text, "en")
    }

    pub fn text_update_lang(
        &self,
        user_id: i64,
        chat_id: i64,
        text: &str,
        language_code: &str,
    ) -> i64 {
        let mut message = self.incoming_message(user_id, chat_id, language_code);
        message["text"] = text.into();
        if let Some(entities) = command_entities(text) {
            message["entities"] = entities;
        }
        self.push_update(json!({ "message": message }))
    }

    /// A photo message (the picture `png`, kept for `getFile`) with `caption`.
    pub fn photo_update(&self, user_id: i64, chat_id: i64, png: Vec<u8>, caption: &str) -> i64 {
        let file_id = format!("photo{}", self.state().serial());
        let size = png.len();
        self.state().files.insert(file_id.clone(), png);
        let mut message = self.incoming_message(user_id, chat_id, "en");
        message["photo"] = json!([{
            "file_id": file_id, "file_unique_id": format!("u{file_id}"),
            "width": 400, "height": 400, "file_size": size,
        }]);
        message["caption"] = caption.into();
        if let Some(entities) = command_entities(caption) {
            message["caption_entities"] = entities;
        }
        self.push_update(json!({ "message": message }))
    }

    /// A document message: the file `bytes` (kept for `getFile`, served under
    /// `documents/`) named `file_name` of type `mime`. `unique_id` is its
    /// `file_unique_id`, the same for the same content sent again.
    pub fn document_update(
        &self,
        user_id: i64,
        chat_id: i64,
        bytes: Vec<u8>,
        file_name: &str,
        mime: &str,
        unique_id: &str,
    ) -> i64 {
        let file_id = format!("doc{}", self.state().serial());
        let size = bytes.len();
        self.state().files.insert(file_id.clone(), bytes);
        let mut message = self.incoming_message(user_id, chat_id, "en");
        message["document"] = json!({
            "file_id": file_id, "file_unique_id": unique_id,
            "file_name": file_name, "mime_type": mime, "file_size": size,
        });
        self.push_update(json!({ "message": message }))
    }

    /// A press on an inline button under the bot's message `message_id`.
    pub fn callback_update(&self, user_id: i64, chat_id: i64, message_id: i64, data: &str) -> i64 {
        let n = self.state().serial();
        self.push_update(json!({
            "callback_query": {
                "id": format!("cb{n}"),
                "from": user_json(user_id, "en"),
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": server::unix_now(),
                    "chat": chat_json(chat_id),
                    "from": bot_user(),
                    "text": "(bot message)",
                },
            }
        }))
    }

    pub fn inline_query_update(&self, user_id: i64, query: &str) -> i64 {
        let n = self.state().serial();
        self.push_update(json!({
            "inline_query": {
                "id": format!("iq{n}"),
                "from": user_json(user_id, "en"),
                "query": query,
                "offset": "",
            }
        }))
    }

    pub fn chosen_inline_update(
        &self,
        user_id: i64,
        result_id: &str,
        query: &str,
        inline_message_id: &str,
    ) -> i64 {
        self.push_update(json!({
            "chosen_inline_result": {
                "result_id": result_id,
                "from": user_json(user_id, "en"),
                "query": query,
                "inline_message_id": inline_message_id,
            }
        }))
    }

    /// A message with a sticker and no text.
    pub fn sticker_update(&self, user_id: i64, chat_id: i64) -> i64 {
        let mut message = self.incoming_message(user_id, chat_id, "en");
        message["sticker"] = json!({
            "file_id": "f",
            "file_unique_id": "u",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": false,
            "is_video": false,
        });
        self.push_update(json!({ "message": message }))
    }

    /// The user blocked (`"kicked"`) or unblocked (`"member"`) the bot in their private chat.
    pub fn my_chat_member_update(&self, user_id: i64, new_status: &str) -> i64 {
        let mut new_member = json!({ "status": new_status, "user": bot_user() });
        if new_status == "kicked" {
            new_member["until_date"] = 0.into(); // 0 = forever; teloxide requires it
        }
        self.push_update(json!({
            "my_chat_member": {
                "chat": chat_json(user_id),
                "from": user_json(user_id, "en"),
                "date": server::unix_now(),
                "old_chat_member": { "status": "member", "user": bot_user() },
                "new_chat_member": new_member,
            }
        }))
    }

    fn incoming_message(&self, user_id: i64, chat_id: i64, language_code: &str) -> Value {
        let message_id = {
            let mut st = self.state();
            let id = st.next_incoming_message_id;
            st.next_incoming_message_id += 1;
            id
        };
        json!({
            "message_id": message_id,
            "date": server::unix_now(),
            "chat": chat_json(chat_id),
            "from": user_json(user_id, language_code),
        })
    }

    // ---- what happened -------------------------------------------------------

    /// Successfully answered calls, except getUpdates and getMe.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.log.filter(|c| c.outcome == Outcome::Ok)
    }

    /// How many successful calls of `method` arrived, without copying them (benches
    /// poll this while the app runs).
    pub fn count(&self, method: &str) -> usize {
        let method = method.to_ascii_lowercase();
        self.shared.log.count(|c| is_ok_call(c, &method))
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.shared.log.filter(|c| is_ok_call(c, &method))
    }

    /// Successful sendMessage/sendPhoto/sendDocument/editMessageText calls to `chat_id`.
    pub fn sent_to_chat(&self, chat_id: i64) -> Vec<Call> {
        self.shared.log.filter(|c| is_chat_output(c, chat_id))
    }

    /// How many getUpdates calls arrived.
    pub fn poll_count(&self) -> usize {
        self.state().polls
    }

    /// How many getUpdates calls began while another was open: two processes polling
    /// one bot, which Telegram does not allow.
    pub fn overlapping_polls(&self) -> usize {
        self.state().overlapping_polls
    }

    /// How many calls limit enforcement answered 429.
    pub fn rejected(&self) -> usize {
        self.rejected_calls().len()
    }

    /// The calls limit enforcement answered 429 (not in `calls()`).
    pub fn rejected_calls(&self) -> Vec<Call> {
        self.shared.log.filter(|c| c.outcome == Outcome::Rejected)
    }

    /// Calls answered with any other error: `fail_next`, `block_chat`, a wrong
    /// token, an unknown method (not in `calls()`).
    pub fn failed_calls(&self) -> Vec<Call> {
        self.shared.log.filter(|c| c.outcome == Outcome::Failed)
    }

    /// Updates pushed but not yet confirmed by a getUpdates offset.
    pub fn pending_updates(&self) -> usize {
        self.state().updates.len()
    }

    /// Waits until at least `n` successful calls of `method`, and returns them all.
    pub async fn wait_for(&self, method: &str, n: usize) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        let what = format!("{n} successful {method} call(s)");
        let keep = |c: &Call| is_ok_call(c, &method);
        self.shared
            .log
            .wait_for(&what, n, keep, || self.polling())
            .await
    }

    /// Waits until at least `n` messages/edits went to `chat_id`, and returns them all.
    pub async fn wait_for_chat(&self, chat_id: i64, n: usize) -> Vec<Call> {
        let what = format!("{n} message(s) to chat {chat_id}");
        let keep = |c: &Call| is_chat_output(c, chat_id);
        self.shared
            .log
            .wait_for(&what, n, keep, || self.polling())
            .await
    }

    fn polling(&self) -> String {
        let st = self.state();
        format!(
            "getUpdates polls: {}, updates still queued: {}, allowed_updates: {:?}\n",
            st.polls,
            st.updates.len(),
            st.allowed_updates
        )
    }

    /// Everything the fake saw, for failure messages.
    pub fn report(&self) -> String {
        self.shared.log.report() + &self.polling()
    }

    // ---- programming failures ------------------------------------------------

    /// The next `times` calls of `method` answer this error (HTTP status = `error_code`).
    pub fn fail_next(
        &self,
        method: &str,
        times: usize,
        error_code: u16,
        description: &str,
        retry_after: Option<u64>,
    ) {
        self.shared.failures.push(
            Some(&method.to_ascii_lowercase()),
            times,
            Failure {
                error_code,
                description: description.to_owned(),
                retry_after,
            },
        );
    }

    /// The next `times` calls of `method` are answered only after `by` (their `at` is
    /// still when they arrived).
    pub fn delay_next(&self, method: &str, times: usize, by: Duration) {
        self.shared
            .delays
            .push(Some(&method.to_ascii_lowercase()), times, by);
    }

    /// The next `times` calls to `chat_id` (any method) are answered only after `by`.
    pub fn delay_next_to(&self, chat_id: i64, times: usize, by: Duration) {
        self.shared
            .delays
            .push(Some(&format!("to:{chat_id}")), times, by);
    }

    /// How many calls `delay_next_to` has held back so far, counted as they arrived.
    pub fn held(&self) -> usize {
        self.state().held
    }

    /// From now on, sends and edits to `chat_id` answer 403 "bot was blocked by the user".
    pub fn block_chat(&self, chat_id: i64) {
        self.state().blocked.insert(chat_id);
    }

    pub fn unblock_chat(&self, chat_id: i64) {
        self.state().blocked.remove(&chat_id);
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, FakeState> {
        lock(&self.state)
    }

    fn fail(
        &self,
        mut call: Call,
        code: u16,
        description: &str,
        retry_after: Option<u64>,
    ) -> Response {
        call.outcome = Outcome::Failed;
        self.log.push(call);
        error_response(code, description, retry_after)
    }

    /// Answers everything except getMe and getUpdates.
    fn answer(&self, call: Call) -> Response {
        let mut st = self.state();
        let method = call.method.as_str();
        let chat_id = call.chat_id();

        let is_output = method.starts_with("send") || method.starts_with("edit");
        if is_output && chat_id.is_some_and(|c| st.blocked.contains(&c)) {
            drop(st);
            return self.fail(call, 403, BOT_BLOCKED, None);
        }
        if self.enforce_limits
            && LIMITED.contains(&method)
            && let Some(retry_after) = check_limits(&mut st, chat_id, Instant::now())
        {
            drop(st);
            let mut call = call;
            call.outcome = Outcome::Rejected;
            self.log.push(call);
            let description = format!("Too Many Requests: retry after {retry_after}");
            return error_response(429, &description, Some(retry_after));
        }

        let result = match method {
            "sendmessage" | "sendphoto" | "senddocument" => sent_message(&mut st, &call),
            "editmessagetext" | "editmessagereplymarkup" => {
                if call.params.get("inline_message_id").is_some() {
                    json!(true)
                } else {
                    sent_message(&mut st, &call)
                }
            }
            "setwebhook" => {
                st.webhook_url = call.params["url"].as_str().unwrap_or("").to_owned();
                json!(true)
            }
            "deletewebhook" => {
                st.webhook_url.clear();
                if call.params["drop_pending_updates"] == json!(true) {
                    st.updates.clear();
                }
                json!(true)
            }
            "getwebhookinfo" => json!({
                "url": st.webhook_url,
                "has_custom_certificate": false,
                "pending_update_count": st.updates.len(),
            }),
            "answercallbackquery"
            | "answerinlinequery"
            | "setmycommands"
            | "deletemycommands"
            | "sendchataction"
            | "deletemessage" => json!(true),
            _ => {
                drop(st);
                return self.fail(call, 404, "Not Found: method not found", None);
            }
        };
        drop(st);
        let mut call = call;
        call.result = result.clone();
        self.log.push(call);
        ok_response(result)
    }

    async fn get_updates(&self, params: &Value) -> Response {
        let offset = int_param(params, "offset").unwrap_or(0);
        let limit = int_param(params, "limit").map_or(100, |l| l.clamp(1, 100));
        let timeout = int_param(params, "timeout")
            .and_then(|t| u64::try_from(t).ok())
            .unwrap_or(0)
            .min(MAX_POLL_TIMEOUT_SECS);
        {
            let mut st = self.state();
            st.polls += 1;
            if !st.webhook_url.is_empty() {
                return error_response(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; \
                     use deleteWebhook to delete the webhook first",
                    None,
                );
            }
            if let Some(kinds) = params.get("allowed_updates").and_then(Value::as_array) {
                st.allowed_updates = Some(
                    kinds
                        .iter()
                        .filter_map(|k| k.as_str().map(str::to_owned))
                        .collect(),
                );
            }
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let _open = OpenPoll::new(self);
        loop {
            let mut changed = pin!(self.log.changed().notified());
            changed.as_mut().enable();
            let batch = take_updates(&mut self.state(), offset, limit);
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                return ok_response(Value::Array(batch));
            }
            let _ = tokio::time::timeout_at(deadline, changed).await;
        }
    }
}

/// A long poll while it is open (closed when dropped, also when the client went away).
struct OpenPoll<'a>(&'a Shared);

impl<'a> OpenPoll<'a> {
    fn new(shared: &'a Shared) -> Self {
        let mut st = shared.state();
        if st.open_polls > 0 {
            st.overlapping_polls += 1;
        }
        st.open_polls += 1;
        drop(st);
        Self(shared)
    }
}

impl Drop for OpenPoll<'_> {
    fn drop(&mut self) {
        let mut st = self.0.state();
        st.open_polls = st.open_polls.saturating_sub(1);
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let method = method.to_ascii_lowercase();
    let (params, files) = match parse_body(server::header(&headers, CONTENT_TYPE), &body) {
        Ok(parsed) => parsed,
        Err(description) => return error_response(400, &description, None),
    };
    let call = Call {
        method,
        params,
        files,
        at,
        result: Value::Null,
        outcome: Outcome::Ok,
    };

    if bot.strip_prefix("bot") != Some(FakeTelegram::TOKEN) {
        return shared.fail(call, 401, "Unauthorized", None);
    }
    if let Some(by) = shared.delays.take(&call.method) {
        tokio::time::sleep(by).await;
    }
    if let Some(by) = call
        .chat_id()
        .and_then(|chat| shared.delays.take(&format!("to:{chat}")))
    {
        shared.state().held += 1;
        tokio::time::sleep(by).await;
    }
    if let Some(f) = shared.failures.take(&call.method) {
        if call.method == "getupdates" {
            shared.state().polls += 1;
        }
        return shared.fail(call, f.error_code, &f.description, f.retry_after);
    }

    match call.method.as_str() {
        "getfile" => {
            let id = call.params["file_id"].as_str().unwrap_or("").to_owned();
            let size = shared.state().files.get(&id).map(Vec::len);
            match size {
                Some(size) => {
                    let path = if id.starts_with("doc") {
                        format!("documents/{id}.csv")
                    } else {
                        format!("photos/{id}.png")
                    };
                    ok_response(json!({
                        "file_id": id, "file_unique_id": format!("u{id}"),
                        "file_size": size, "file_path": path,
                    }))
                }
                None => shared.fail(call, 400, "Bad Request: invalid file_id", None),
            }
        }
        "getme" => {
            let mut me = bot_user();
            me["can_join_groups"] = true.into();
            me["can_read_all_group_messages"] = false.into();
            me["supports_inline_queries"] = true.into();
            // teloxide 0.17 fails to read getMe without these.
            me["can_connect_to_business"] = false.into();
            me["has_main_web_app"] = false.into();
            ok_response(me)
        }
        "getupdates" => shared.get_updates(&call.params).await,
        _ => shared.answer(call),
    }
}

/// Confirms updates below `offset` (dropping them, as Telegram does) and returns up
/// to `limit` of the rest that the last `allowed_updates` lets through.
fn is_ok_call(call: &Call, method: &str) -> bool {
    call.outcome == Outcome::Ok && call.method == method
}

fn is_chat_output(call: &Call, chat_id: i64) -> bool {
    call.outcome == Outcome::Ok
        && CHAT_OUTPUT.contains(&call.method.as_str())
        && call.chat_id() == Some(chat_id)
}

fn take_updates(st: &mut FakeState, offset: i64, limit: i64) -> Vec<Value> {
    if offset < 0 {
        // Negative offset: keep only the last -offset updates.
        let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
        let excess = st.updates.len().saturating_sub(keep);
        st.updates.drain(..excess);
    } else {
        st.updates
            .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
    }
    // Telegram never queues kinds the bot did not ask for; an empty list means all.
    if let Some(allowed) = st.allowed_updates.as_ref().filter(|a| !a.is_empty()) {
        st.updates.retain(|u| {
            u.as_object()
                .is_some_and(|o| o.keys().any(|k| k != "update_id" && allowed.contains(k)))
        });
    }
    let limit = usize::try_from(limit).unwrap_or(100);
    st.updates.iter().take(limit).cloned().collect()
}

/// Sliding-window flood limits. `Some(retry_after)` rejects the call; `None`
/// accepts it and counts it.
fn check_limits(st: &mut FakeState, chat_id: Option<i64>, now: Instant) -> Option<u64> {
    const GLOBAL_WINDOW: Duration = Duration::from_secs(1);
    const GLOBAL_MAX: usize = 30;
    // Telegram's "about one message per second" per private chat, with tolerance.
    const PRIVATE_GAP: Duration = Duration::from_millis(900);
    const GROUP_WINDOW: Duration = Duration::from_secs(60);
    const GROUP_MAX: usize = 20;

    prune(&mut st.recent_sends, now, GLOBAL_WINDOW);
    if st.recent_sends.len() >= GLOBAL_MAX {
        return Some(retry_after(&st.recent_sends, now, GLOBAL_WINDOW));
    }
    match chat_id {
        Some(id) if id > 0 => {
            if let Some(last) = st.last_private_send.get(&id)
                && now.duration_since(*last) < PRIVATE_GAP
            {
                return Some(1);
            }
            st.last_private_send.insert(id, now);
        }
        Some(id) if id < 0 => {
            let sends = st.group_sends.entry(id).or_default();
            prune(sends, now, GROUP_WINDOW);
            if sends.len() >= GROUP_MAX {
                return Some(retry_after(sends, now, GROUP_WINDOW));
            }
            sends.push_back(now);
        }
        _ => {}
    }
    st.recent_sends.push_back(now);
    None
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        times.pop_front();
    }
}

/// Whole seconds until the oldest entry leaves the window, at least 1.
fn retry_after(times: &VecDeque<Instant>, now: Instant, window: Duration) -> u64 {
    let age = times.front().map_or(window, |t| now.duration_since(*t));
    let wait = window.saturating_sub(age);
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// The Message Telegram returns for a send or an edit.
fn sent_message(st: &mut FakeState, call: &Call) -> Value {
    let params = &call.params;
    // An edit returns the edited message, under its own id.
    let message_id = match int_param(params, "message_id") {
        Some(id) if call.method.starts_with("edit") => id,
        _ => {
            let id = st.next_outgoing_message_id;
            st.next_outgoing_message_id += 1;
            id
        }
    };
    let mut message = json!({
        "message_id": message_id,
        "date": server::unix_now(),
        "chat": chat_json(call.chat_id().unwrap_or(0)),
        "from": bot_user(),
    });
    let caption = params.get("caption").cloned();
    match call.method.as_str() {
        "sendphoto" => {
            let n = st.serial();
            message["photo"] = json!([{
                "file_id": format!("p{n}"),
                "file_unique_id": format!("u{n}"),
                "width": 300,
                "height": 300,
            }]);
            if let Some(caption) = caption {
                message["caption"] = caption;
            }
        }
        "senddocument" => {
            let n = st.serial();
            let file_name = call
                .files
                .first()
                .map_or("document", |(_, name, _)| name.as_str());
            message["document"] = json!({
                "file_id": format!("d{n}"),
                "file_unique_id": format!("v{n}"),
                "file_name": file_name,
            });
            if let Some(caption) = caption {
                message["caption"] = caption;
            }
        }
        _ => message["text"] = params.get("text").cloned().unwrap_or_else(|| "".into()),
    }
    // Only inline keyboards are echoed back on a Message.
    if let Some(markup) = params.get("reply_markup")
        && markup.get("inline_keyboard").is_some()
    {
        message["reply_markup"] = markup.clone();
    }
    message
}

fn ok_response(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({ "ok": true, "result": result })),
    )
        .into_response()
}

fn error_response(code: u16, description: &str, retry_after: Option<u64>) -> Response {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if let Some(seconds) = retry_after {
        body["parameters"] = json!({ "retry_after": seconds });
    }
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(body)).into_response()
}

/// `GET /file/bot{TOKEN}/photos/{id}.png`: a file a user sent.
async fn serve_file(
    State(shared): State<Arc<Shared>>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    let name = path
        .strip_prefix("photos/")
        .or_else(|| path.strip_prefix("documents/"))
        .unwrap_or(&path);
    let id = name
        .strip_suffix(".png")
        .or_else(|| name.strip_suffix(".csv"))
        .unwrap_or(name);
    let found = shared.state().files.get(id).cloned();
    match (bot.strip_prefix("bot") == Some(FakeTelegram::TOKEN), found) {
        (true, Some(bytes)) => bytes.into_response(),
        _ => error_response(404, "Not Found", None),
    }
}

fn user_json(user_id: i64, language_code: &str) -> Value {
    json!({
        "id": user_id,
        "is_bot": false,
        "first_name": format!("Seller{user_id}"),
        "language_code": language_code,
    })
}

/// The `bot_command` entity of a text that starts with a command. Telegram measures
/// entities in UTF-16 code units.
fn command_entities(text: &str) -> Option<Value> {
    let command = text.strip_prefix('/')?.split(char::is_whitespace).next()?;
    let length = 1 + command.encode_utf16().count();
    Some(json!([{ "type": "bot_command", "offset": 0, "length": length }]))
}

fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "paychat",
        "username": FakeTelegram::BOT_USERNAME,
    })
}

/// Positive ids are private chats, negative ones groups.
fn chat_json(chat_id: i64) -> Value {
    if chat_id > 0 {
        json!({ "id": chat_id, "type": "private", "first_name": format!("Seller{chat_id}") })
    } else {
        json!({ "id": chat_id, "type": "group", "title": "Test group" })
    }
}

/// An integer parameter sent as a JSON number or as a string ("42").
fn int_param(params: &Value, key: &str) -> Option<i64> {
    match params.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

// ---- request bodies ------------------------------------------------------------

/// The body as params and files: multipart text parts JSON where they are JSON, and
/// files named by the parameter that refers to them.
fn parse_body(content_type: &str, body: &[u8]) -> Result<(Value, Files), String> {
    let (params, mut files) = form::parse_body(content_type, body, multipart_value)
        .map_err(|e| format!("Bad Request: {e}"))?;
    // teloxide sends `"photo": "attach://<id>"` plus a file part named <id>;
    // name the file after the parameter so tests can look for "photo".
    for (field, value) in params.as_object().into_iter().flatten() {
        if let Some(id) = value.as_str().and_then(|v| v.strip_prefix("attach://")) {
            for file in files.iter_mut().filter(|f| f.0 == id) {
                file.0.clone_from(field);
            }
        }
    }
    Ok((params, files))
}

/// A text part as a JSON value when it is one (chat_id, reply_markup...), else a
/// string. Message text and captions always stay strings, and numbers only parse
/// when nothing is lost ("12.50" stays a string).
fn multipart_value(name: &str, text: &str) -> Value {
    if matches!(name, "text" | "caption") {
        return text.into();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ (Value::Object(_) | Value::Array(_) | Value::Bool(_))) => v,
        Ok(Value::Number(n)) if n.to_string() == text => Value::Number(n),
        _ => text.into(),
    }
}
