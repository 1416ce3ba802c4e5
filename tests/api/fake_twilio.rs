//! A fake Twilio Messages API on a loopback port: `POST
//! /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth and a form body
//! (`To`, `From` or `MessagingServiceSid`, `Body`), answered as Twilio does: 201 with a
//! message SID, 401 (code 20003) for wrong credentials, or what the test scripts next
//! (a 400 with an error code, a 429 with Retry-After, a 5xx). Every request is recorded.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use super::server::{Entry, Log, ServerGuard, basic_auth, header, lock, random_hex, start};

/// One request Twilio received.
#[derive(Debug, Clone)]
pub struct SmsCall {
    /// The AccountSid in the path.
    pub account: String,
    /// The Basic auth (user, password) sent, if any.
    pub auth: Option<(String, String)>,
    /// The form fields.
    pub form: HashMap<String, String>,
    pub content_type: String,
    /// What the fake answered.
    pub status: u16,
    pub at: Instant,
}

impl SmsCall {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form.get(name).map(String::as_str)
    }
}

impl Entry for SmsCall {
    fn at(&self) -> Instant {
        self.at
    }

    fn line(&self) -> String {
        format!(
            "POST /Accounts/{}/Messages.json To={:?} -> {}",
            self.account,
            self.field("To"),
            self.status
        )
    }
}

/// What the fake answers next.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 400 with Twilio's error `code` and `message`.
    Error(u16, u32, &'static str),
    /// 429 with `Retry-After: secs`.
    TooMany(u64),
    /// This status with an empty JSON body (500, 503…).
    Status(u16),
}

struct Account {
    sid: String,
    token: String,
}

#[derive(Clone)]
struct FakeState {
    log: Arc<Log<SmsCall>>,
    account: Arc<Mutex<Account>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
}

/// A running fake Twilio; stops when dropped.
#[derive(Clone)]
pub struct FakeTwilio {
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: String,
    state: FakeState,
    _guard: Arc<ServerGuard>,
}

impl FakeTwilio {
    /// A fake account with a fresh SID and token, taking messages from `+15005550006`.
    pub async fn start() -> Self {
        let account_sid = format!("AC{}", random_hex(16));
        let auth_token = random_hex(16);
        let state = FakeState {
            log: Arc::new(Log::new("twilio")),
            account: Arc::new(Mutex::new(Account {
                sid: account_sid.clone(),
                token: auth_token.clone(),
            })),
            script: Arc::new(Mutex::new(VecDeque::new())),
        };
        let router = axum::Router::new()
            .route("/2010-04-01/Accounts/{sid}/Messages.json", post(messages))
            .with_state(state.clone());
        let (base_url, guard) = start("twilio", router).await;
        Self {
            base_url,
            account_sid,
            auth_token,
            state,
            _guard: guard,
        }
    }

    /// paychat's `[sms]` pointed at this fake, sending from `FROM`.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("PAYCHAT_SMS__BASE_URL", self.base_url.clone()),
            ("PAYCHAT_SMS__ACCOUNT_SID", self.account_sid.clone()),
            ("PAYCHAT_SMS__AUTH_TOKEN", self.auth_token.clone()),
            ("PAYCHAT_SMS__FROM", FROM.to_owned()),
        ]
    }

    /// Answers the next requests with `answers`, in order, then 201 again.
    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        lock(&self.state.script).extend(answers);
    }

    /// Takes only `token` from now on (the account's token was rotated).
    pub fn rotate_token(&self, token: &str) {
        lock(&self.state.account).token = token.to_owned();
    }

    pub fn calls(&self) -> Vec<SmsCall> {
        self.state.log.all()
    }

    /// The messages Twilio took (answered 201).
    pub fn sent(&self) -> Vec<SmsCall> {
        self.state.log.filter(|c| c.status == 201)
    }

    /// Waits until `n` requests arrived.
    pub async fn wait_calls(&self, n: usize) -> Vec<SmsCall> {
        self.state
            .log
            .wait_for(&format!("{n} requests"), n, |_| true, String::new)
            .await
    }

    /// Waits until Twilio took `n` messages.
    pub async fn wait_sent(&self, n: usize) -> Vec<SmsCall> {
        self.state
            .log
            .wait_for(
                &format!("{n} messages taken"),
                n,
                |c| c.status == 201,
                String::new,
            )
            .await
    }
}

/// The sender paychat is configured with.
pub const FROM: &str = "+15005550006";

async fn messages(
    State(st): State<FakeState>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let form: HashMap<String, String> = body
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let plus = |s: &str| super::server::percent_decode(&s.replace('+', " "));
            (plus(k), plus(v))
        })
        .collect();
    let auth = basic_auth(header(&headers, axum::http::header::AUTHORIZATION));
    let (status, reply, retry_after) = answer(&st, &sid, auth.as_ref(), &form);
    st.log.push(SmsCall {
        account: sid,
        auth,
        form,
        content_type: header(&headers, axum::http::header::CONTENT_TYPE).to_owned(),
        status,
        at: Instant::now(),
    });
    let mut res = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        axum::Json(reply),
    )
        .into_response();
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert("retry-after", secs.to_string().parse().unwrap());
    }
    res
}

fn answer(
    st: &FakeState,
    sid: &str,
    auth: Option<&(String, String)>,
    form: &HashMap<String, String>,
) -> (u16, serde_json::Value, Option<u64>) {
    let authorised = {
        let account = lock(&st.account);
        sid == account.sid
            && auth.is_some_and(|(user, token)| *user == account.sid && *token == account.token)
    };
    if !authorised {
        let body = json!({
            "code": 20003, "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401,
        });
        return (401, body, None);
    }
    match lock(&st.script).pop_front() {
        Some(Answer::Error(status, code, message)) => {
            let body = json!({
                "code": code, "message": message,
                "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
                "status": status,
            });
            (status, body, None)
        }
        Some(Answer::TooMany(secs)) => {
            let body = json!({ "code": 20429, "message": "Too Many Requests", "status": 429 });
            (429, body, Some(secs))
        }
        Some(Answer::Status(status)) => (status, json!({}), None),
        None => {
            let body = json!({
                "sid": format!("SM{}", random_hex(16)),
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
                "status": "queued",
            });
            (201, body, None)
        }
    }
}
