//! A fake Stripe API: Checkout Sessions (`/v1/checkout/sessions`), refunds
//! (`/v1/refunds`) and a stand-in for the hosted checkout page (`/pay/{id}`), answering
//! the way Stripe does as far as a client can tell. It checks the API key, validates form
//! bodies like Stripe (same error shape, `param` and `code`), honours `Idempotency-Key`,
//! records every call and can inject faults (both through `fake_http`, as `Recorded`).
//! Test code drives the buyer's side (`complete`, `refund_in_dashboard`, ...) and sends
//! signed webhook events.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::fake_http::{
    self, Answer, Call, Outcome, Recorded, Recorder, ServerGuard, escape, html_page, is_web_url,
    parse_pairs,
};
use super::server;

/// The API version stamped on events.
const API_VERSION: &str = "2024-06-20";
/// Stripe's largest `unit_amount` (in minor units).
const MAX_UNIT_AMOUNT: i64 = 99_999_999;
/// `expires_at` must lie 30 minutes to 24 hours ahead; Stripe allows a little slack.
const MIN_EXPIRY_SECS: i64 = 1800;
const MAX_EXPIRY_SECS: i64 = 86_400;
const EXPIRY_SLACK_SECS: i64 = 60;
const MAX_CLIENT_REFERENCE_ID: usize = 200;
/// Stripe's metadata limits.
const MAX_METADATA_KEYS: usize = 50;
const MAX_METADATA_KEY: usize = 40;
const MAX_METADATA_VALUE: usize = 500;
const MAX_IDEMPOTENCY_KEY: usize = 255;
/// The buyer `complete` pretends paid.
const BUYER_NAME: &str = "Test Buyer";
const BUYER_EMAIL: &str = "buyer@example.com";
const WEBHOOK_USER_AGENT: &str = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
const NO_KEY_MESSAGE: &str = "You did not provide an API key. You need to provide your API key \
     in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer \
     YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can \
     help at https://support.stripe.com/.";
/// Currencies whose amounts have no minor unit, and those with three decimals.
const ZERO_DECIMAL: [&str; 16] = [
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];
const THREE_DECIMAL: [&str; 5] = ["bhd", "jod", "kwd", "omr", "tnd"];

/// The fake server. Cloning shares it; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeStripe {
    shared: Arc<Shared>,
    /// Sends webhooks to the app.
    http: reqwest::Client,
    _server: Arc<ServerGuard>,
}

struct Shared {
    secret_key: String,
    webhook_secret: String,
    /// `http://127.0.0.1:PORT`, for session URLs.
    base: String,
    recorder: Recorder,
    state: Mutex<StripeState>,
}

#[derive(Default)]
struct StripeState {
    sessions: Vec<Session>,
    intents: Vec<Intent>,
    /// Positions by id, so lookups stay cheap when a benchmark makes thousands.
    session_at: HashMap<String, usize>,
    intent_at: HashMap<String, usize>,
    refunds: Vec<Value>,
    /// Idempotency-Key -> the first request and what it got.
    idempotent: HashMap<String, Stored>,
}

struct Session {
    /// The checkout.session object as the API shows it.
    object: Value,
    /// `payment_intent_data[metadata]`, given to the payment intent on completion.
    intent_metadata: Map<String, Value>,
}

struct Intent {
    id: String,
    charge: String,
    currency: String,
    amount: i64,
    /// 0 while the payment is still processing.
    captured: i64,
    refunded: i64,
    metadata: Map<String, Value>,
}

struct Stored {
    path: String,
    params: Vec<(String, String)>,
    status: u16,
    body: Value,
}

impl Outcome {
    /// A request error found while executing: kept.
    fn rejected(status: u16, message: &str, code: Option<&str>, param: Option<&str>) -> Self {
        Self::kept(
            status,
            error_body("invalid_request_error", message, code, param),
        )
    }

    /// A parameter-validation error: not kept, so a corrected retry may reuse the key.
    fn invalid(param: &str, code: Option<&str>, message: &str) -> Self {
        let body = error_body("invalid_request_error", message, code, Some(param));
        Self::refused(400, body)
    }

    fn missing(param: &str) -> Self {
        Self::invalid(
            param,
            Some("parameter_missing"),
            &format!("Missing required param: {param}."),
        )
    }

    fn invalid_integer(param: &str, value: &str) -> Self {
        Self::invalid(
            param,
            Some("parameter_invalid_integer"),
            &format!("Invalid integer: {value}"),
        )
    }
}

enum Route {
    CreateSession,
    GetSession(String),
    ExpireSession(String),
    CreateRefund,
    ListRefunds,
}

impl Route {
    fn parse(method: &str, path: &str) -> Option<Self> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            ("POST", ["v1", "checkout", "sessions"]) => Some(Self::CreateSession),
            ("GET", ["v1", "checkout", "sessions", id]) if !id.is_empty() => {
                Some(Self::GetSession((*id).to_owned()))
            }
            ("POST", ["v1", "checkout", "sessions", id, "expire"]) if !id.is_empty() => {
                Some(Self::ExpireSession((*id).to_owned()))
            }
            ("POST", ["v1", "refunds"]) => Some(Self::CreateRefund),
            ("GET", ["v1", "refunds"]) => Some(Self::ListRefunds),
            _ => None,
        }
    }
}

impl FakeStripe {
    /// Starts the fake on a random port. It accepts `secret_key` (as Bearer, or as the
    /// Basic user name, as Stripe does) and signs webhooks with `webhook_secret`
    /// (`whsec_...`).
    pub async fn start(secret_key: &str, webhook_secret: &str) -> Self {
        let state = |base| Shared {
            secret_key: secret_key.to_owned(),
            webhook_secret: webhook_secret.to_owned(),
            base,
            recorder: Recorder::new("stripe"),
            state: Mutex::default(),
        };
        let (shared, server) = fake_http::serve("fake stripe", state, handle).await;
        Self {
            shared,
            http: fake_http::webhook_client("fake stripe"),
            _server: server,
        }
    }

    /// The API base URL (no trailing slash): `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.shared.base.clone()
    }

    fn state(&self) -> MutexGuard<'_, StripeState> {
        self.shared.state()
    }

    // ---- what happened (the calls themselves: `Recorded`) ----------------------

    /// Every checkout session created, oldest first, as the API shows them now.
    pub fn sessions(&self) -> Vec<Value> {
        self.state()
            .sessions
            .iter()
            .map(|s| s.object.clone())
            .collect()
    }

    pub fn session(&self, id: &str) -> Option<Value> {
        self.state().session(id).map(|s| s.object.clone())
    }

    pub fn last_session(&self) -> Option<Value> {
        self.state().sessions.last().map(|s| s.object.clone())
    }

    /// Every refund, through the API or `refund_in_dashboard`, oldest first.
    pub fn refunds(&self) -> Vec<Value> {
        self.state().refunds.clone()
    }

    // ---- the buyer's and the merchant's side ---------------------------------

    /// The buyer pays: the session becomes `complete`/`paid` with a new succeeded payment
    /// intent (carrying `payment_intent_data[metadata]`). Returns the updated session,
    /// ready for `event("checkout.session.completed", ..)`. Panics unless it is open.
    pub fn complete(&self, id: &str) -> Value {
        self.state().complete(id, true)
    }

    /// The buyer pays with a delayed method: the session becomes `complete` but
    /// `unpaid`, its payment intent still processing (nothing captured, not refundable).
    /// `async_payment_succeeded` settles it later. Panics unless the session is open.
    pub fn complete_unpaid(&self, id: &str) -> Value {
        self.state().complete(id, false)
    }

    /// A delayed payment from `complete_unpaid` succeeds: `payment_status` becomes
    /// `paid` and the intent is captured. Returns the session, for
    /// `event("checkout.session.async_payment_succeeded", ..)`.
    pub fn async_payment_succeeded(&self, id: &str) -> Value {
        let mut st = self.state();
        let st = &mut *st;
        let session = st.known_session_mut(id);
        assert!(
            session.object["status"] == "complete" && session.object["payment_status"] == "unpaid",
            "fake stripe: session {id} is not complete and unpaid: {}",
            session.object
        );
        let pi = session.object["payment_intent"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let intent = st
            .intent_mut(&pi)
            .unwrap_or_else(|| panic!("fake stripe: session {id} has no payment intent"));
        intent.captured = intent.amount;
        let session = st.known_session_mut(id);
        session.object["payment_status"] = json!("paid");
        session.object.clone()
    }

    /// The session times out the way Stripe expires it at `expires_at`. Returns it, for
    /// `event("checkout.session.expired", ..)`. Panics unless it is open.
    pub fn expire(&self, id: &str) -> Value {
        let mut st = self.state();
        let session = st.known_session_mut(id);
        assert_eq!(
            session.object["status"], "open",
            "fake stripe: only an open session expires"
        );
        session.object["status"] = json!("expired");
        session.object["url"] = Value::Null;
        session.object.clone()
    }

    /// A refund made in the Stripe dashboard, outside the app. Returns the charge
    /// afterwards, for `event("charge.refunded", ..)`. Panics on an unknown intent or
    /// more than is left to refund.
    pub fn refund_in_dashboard(&self, pi: &str, amount: i64) -> Value {
        let mut st = self.state();
        let intent = st.known_intent_mut(pi);
        assert!(
            amount > 0 && amount <= intent.captured - intent.refunded,
            "fake stripe: can't refund {amount} of {pi}: captured {}, refunded {}",
            intent.captured,
            intent.refunded
        );
        intent.refunded += amount;
        let refund = refund_object(intent, amount, Some("requested_by_customer"), Map::new());
        let charge = charge_object(intent);
        st.refunds.push(refund);
        charge
    }

    /// The charge of a payment intent as Stripe shows it now (refund totals included).
    /// Panics on an unknown intent.
    pub fn charge_of(&self, pi: &str) -> Value {
        charge_object(self.state().known_intent(pi))
    }

    // ---- webhooks ----------------------------------------------------------------

    /// A Stripe event of type `kind` around `object`.
    pub fn event(&self, kind: &str, object: Value) -> Value {
        json!({
            "id": format!("evt_{}", server::random_alnum(24)),
            "object": "event",
            "api_version": API_VERSION,
            "created": server::unix_now(),
            "livemode": false,
            "type": kind,
            "data": { "object": object },
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
        })
    }

    /// The `Stripe-Signature` header for `body` signed at unix time `t`:
    /// `t=<t>,v1=<hex HMAC-SHA256(webhook_secret, "<t>.<body>")>`.
    pub fn sign(&self, body: &[u8], t: i64) -> String {
        let key = self.shared.webhook_secret.as_bytes();
        let mac = server::hmac_sha256_hex(key, &[t.to_string().as_bytes(), b".", body]);
        format!("t={t},v1={mac}")
    }

    /// Posts `event` to the app the way Stripe does: pretty-printed JSON (so the
    /// signature only matches the raw bytes), signed now.
    pub async fn send(&self, url: &str, event: &Value) -> reqwest::Response {
        let body = serde_json::to_vec_pretty(event).expect("serialise event");
        let signature = self.sign(&body, server::unix_now());
        self.send_raw(url, body, &signature).await
    }

    /// Posts `body` with this `Stripe-Signature`, for forged and stale signatures.
    pub async fn send_raw(&self, url: &str, body: Vec<u8>, signature: &str) -> reqwest::Response {
        let headers = [
            ("Stripe-Signature", signature),
            ("Content-Type", "application/json; charset=utf-8"),
            ("User-Agent", WEBHOOK_USER_AGENT),
        ];
        fake_http::post_webhook(&self.http, "fake stripe", url, &headers, body).await
    }
}

impl Recorded for FakeStripe {
    fn recorder(&self) -> &Recorder {
        &self.shared.recorder
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, StripeState> {
        fake_http::lock(&self.state)
    }

    /// `Err` holds the 401 message.
    fn authorize(&self, headers: &HeaderMap) -> Result<(), String> {
        let value = server::header(headers, AUTHORIZATION).trim();
        let given = match (server::bearer(headers), server::basic_auth(value)) {
            (Some(token), _) => token.to_owned(),
            // Stripe also takes the key as the Basic user name.
            (None, Some((user, _))) => user,
            (None, None) => value.to_owned(),
        };
        if given == self.secret_key {
            return Ok(());
        }
        if given.is_empty() {
            return Err(NO_KEY_MESSAGE.to_owned());
        }
        let chars: Vec<char> = given.chars().collect();
        let last4: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        Err(format!("Invalid API Key provided: sk_test_****{last4}"))
    }

    fn api(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HeaderMap,
        body: &[u8],
        key: Option<&str>,
    ) -> Answer {
        if let Err(message) = self.authorize(headers) {
            return Answer::new(401, request_error(&message));
        }
        let Some(route) = Route::parse(method, path) else {
            let message = format!(
                "Unrecognized request URL ({method}: {path}). Please see \
                 https://stripe.com/docs or we can help at https://support.stripe.com/."
            );
            return Answer::new(404, request_error(&message));
        };

        let mut st = self.state();
        let hang = match self.recorder.take_fault(fault_error) {
            Ok(hang) => hang,
            Err((status, body)) => return Answer::new(status, body),
        };

        let mut answer = 'answer: {
            if method == "POST" && !is_form(headers) && !body.iter().all(u8::is_ascii_whitespace) {
                break 'answer Answer::new(
                    400,
                    request_error(
                        "Invalid request (check that your POST content type is \
                         application/x-www-form-urlencoded). If you have any questions, we \
                         can help at https://support.stripe.com/.",
                    ),
                );
            }
            let form = Form::parse(body);

            let key = key.filter(|_| method == "POST");
            if let Some(key) = key {
                if key.chars().count() > MAX_IDEMPOTENCY_KEY {
                    break 'answer Answer::new(
                        400,
                        request_error(&format!(
                            "Idempotency-Key header cannot be longer than \
                             {MAX_IDEMPOTENCY_KEY} characters."
                        )),
                    );
                }
                if let Some(stored) = st.idempotent.get(key) {
                    let message = if stored.path != path {
                        format!(
                            "Keys for idempotent requests can only be used for the same \
                             endpoint they were first used for ('{}' vs '{path}'). Try using a \
                             key other than '{key}' if you meant to execute a different \
                             request.",
                            stored.path
                        )
                    } else if stored.params != form.sorted() {
                        format!(
                            "Keys for idempotent requests can only be used with the same \
                             parameters they were first used with. Try using a key other than \
                             '{key}' if you meant to execute a different request."
                        )
                    } else {
                        break 'answer Answer {
                            status: stored.status,
                            body: stored.body.clone(),
                            replayed: true,
                            hang: None,
                        };
                    };
                    break 'answer Answer::new(
                        400,
                        error_body("idempotency_error", &message, None, None),
                    );
                }
            }

            let outcome = match route {
                Route::CreateSession => st
                    .create_session(&self.base, &form)
                    .unwrap_or_else(|refused| refused),
                Route::GetSession(id) => st.get_session(&id, query),
                Route::ExpireSession(id) => st.expire_session(&id),
                Route::CreateRefund => st.create_refund(&form).unwrap_or_else(|refused| refused),
                Route::ListRefunds => st.list_refunds(query),
            };
            if let Some(key) = key
                && outcome.save
            {
                st.idempotent.insert(
                    key.to_owned(),
                    Stored {
                        path: path.to_owned(),
                        params: form.sorted(),
                        status: outcome.status,
                        body: outcome.body.clone(),
                    },
                );
            }
            Answer::new(outcome.status, outcome.body)
        };
        answer.hang = hang;
        answer
    }

    /// The stand-in for Stripe's hosted checkout page.
    fn page(&self, id: &str) -> (u16, String) {
        let st = self.state();
        let Some(session) = st.session(id) else {
            return (
                404,
                html_page(
                    "Stripe Checkout",
                    "<h1>Something went wrong</h1><p>The page you were looking for could not \
                     be found.</p>",
                ),
            );
        };
        let s = &session.object;
        let text = |key: &str| s[key].as_str().unwrap_or_default().to_owned();
        let currency = text("currency");
        let amount = s["amount_total"].as_i64().unwrap_or_default();
        let product = session.object["fake_product_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let success = text("success_url").replace("{CHECKOUT_SESSION_ID}", id);
        let body = format!(
            "<h1>{}</h1>\n<p class=\"amount\" data-amount=\"{amount}\" \
             data-currency=\"{currency}\">{} {}</p>\n<p class=\"status\">{} / {}</p>\n\
             <p class=\"session\">{}</p>\n<a id=\"success\" href=\"{}\">Pay</a>\n\
             <a id=\"cancel\" href=\"{}\">Back</a>",
            escape(&product),
            escape(&currency.to_ascii_uppercase()),
            major(amount, &currency),
            escape(&text("status")),
            escape(&text("payment_status")),
            escape(id),
            escape(&success),
            escape(&text("cancel_url")),
        );
        (200, html_page("Stripe Checkout", &body))
    }
}

impl StripeState {
    fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.get(*self.session_at.get(id)?)
    }

    fn session_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.sessions.get_mut(*self.session_at.get(id)?)
    }

    fn intent_ref(&self, id: &str) -> Option<&Intent> {
        self.intents.get(*self.intent_at.get(id)?)
    }

    fn intent_mut(&mut self, id: &str) -> Option<&mut Intent> {
        self.intents.get_mut(*self.intent_at.get(id)?)
    }

    /// A session test code names; panics on an unknown id.
    fn known_session_mut(&mut self, id: &str) -> &mut Session {
        self.session_mut(id)
            .unwrap_or_else(|| panic!("fake stripe: no checkout session {id}"))
    }

    /// A payment intent test code names; panics on an unknown id.
    fn known_intent(&self, pi: &str) -> &Intent {
        self.intent_ref(pi)
            .unwrap_or_else(|| panic!("fake stripe: no payment intent {pi}"))
    }

    fn known_intent_mut(&mut self, pi: &str) -> &mut Intent {
        self.intent_mut(pi)
            .unwrap_or_else(|| panic!("fake stripe: no payment intent {pi}"))
    }

    /// `Err` is a refusal; either way, what the endpoint answers.
    fn create_session(&mut self, base: &str, form: &Form) -> Result<Outcome, Outcome> {
        const CURRENCY: &str = "line_items[0][price_data][currency]";
        const PRICE: &str = "line_items[0][price]";

        let mode = form.required("mode")?;
        if mode != "payment" {
            let message = if matches!(mode, "setup" | "subscription") {
                "The fake Stripe supports only `mode=payment`.".to_owned()
            } else {
                format!("Invalid mode: must be one of payment, setup, or subscription ({mode})")
            };
            return Err(Outcome::invalid("mode", None, &message));
        }
        if !form.has_prefix("line_items[") {
            return Err(Outcome::missing("line_items"));
        }
        // Line items 0..n in order, each priced inline with quantity ≥ 1, one currency;
        // the session charges their sum.
        let count = (0..)
            .take_while(|n| form.has_prefix(&format!("line_items[{n}]")))
            .count();
        if let Some((key, _)) = form.0.iter().find(|(k, _)| {
            k.starts_with("line_items[")
                && !(0..count).any(|n| k.starts_with(&format!("line_items[{n}]")))
        }) {
            return Err(Outcome::invalid(
                key,
                None,
                "Line items must be numbered from line_items[0] without gaps.",
            ));
        }
        if count > 100 {
            return Err(Outcome::invalid(
                "line_items",
                None,
                "At most 100 line items.",
            ));
        }
        if let Some(price) = form.optional(PRICE)? {
            return Err(Outcome::rejected(
                400,
                &format!("No such price: '{price}'"),
                Some("resource_missing"),
                Some(PRICE),
            ));
        }
        let currency = form.required(CURRENCY)?;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(Outcome::invalid(
                CURRENCY,
                None,
                &format!(
                    "Invalid currency: {currency}. Stripe expects a three-letter ISO currency \
                     code, in lowercase."
                ),
            ));
        }
        let mut unit_amount: i64 = 0;
        let mut names: Vec<String> = Vec::new();
        for n in 0..count {
            let key = |k: &str| format!("line_items[{n}]{k}");
            let cur_key = key("[price_data][currency]");
            if form.required(&cur_key)? != currency {
                return Err(Outcome::invalid(
                    &cur_key,
                    None,
                    "All line items must share a currency.",
                ));
            }
            let unit_key = key("[price_data][unit_amount]");
            let raw_amount = form.required(&unit_key)?;
            let unit = parse_int(raw_amount)
                .ok_or_else(|| Outcome::invalid_integer(&unit_key, raw_amount))?;
            if unit < 1 {
                return Err(Outcome::invalid(
                    &unit_key,
                    None,
                    "This value must be greater than or equal to 1.",
                ));
            }
            if unit > MAX_UNIT_AMOUNT {
                return Err(Outcome::invalid(
                    &unit_key,
                    None,
                    &format!("This value must be less than or equal to {MAX_UNIT_AMOUNT}."),
                ));
            }
            names.push(
                form.required(&key("[price_data][product_data][name]"))?
                    .to_owned(),
            );
            let qty_key = key("[quantity]");
            let raw_quantity = form.required(&qty_key)?;
            let quantity = parse_int(raw_quantity)
                .ok_or_else(|| Outcome::invalid_integer(&qty_key, raw_quantity))?;
            if !(1..=999_999).contains(&quantity) {
                return Err(Outcome::invalid(
                    &qty_key,
                    None,
                    "This value must be between 1 and 999999.",
                ));
            }
            unit_amount += unit * quantity;
        }
        let name = names.join(", ");
        let success_url = form.required("success_url")?;
        let cancel_url = form.required("cancel_url")?;
        for (param, url) in [("success_url", success_url), ("cancel_url", cancel_url)] {
            if !is_web_url(url) {
                return Err(Outcome::invalid(
                    param,
                    Some("url_invalid"),
                    "Not a valid URL",
                ));
            }
        }
        let client_reference_id = form.optional("client_reference_id")?;
        if let Some(reference) = client_reference_id
            && reference.chars().count() > MAX_CLIENT_REFERENCE_ID
        {
            return Err(Outcome::invalid(
                "client_reference_id",
                None,
                &format!(
                    "Invalid string: {}...; must be at most {MAX_CLIENT_REFERENCE_ID} characters",
                    reference.chars().take(20).collect::<String>()
                ),
            ));
        }
        let customer_email = form.optional("customer_email")?;
        if let Some(email) = customer_email {
            let valid = email
                .split_once('@')
                .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
            if !valid {
                return Err(Outcome::invalid(
                    "customer_email",
                    Some("email_invalid"),
                    &format!("Invalid email address: {email}"),
                ));
            }
        }
        let now = server::unix_now();
        let expires_at = match form.optional("expires_at")? {
            None => now + MAX_EXPIRY_SECS,
            Some(raw) => {
                let at =
                    parse_int(raw).ok_or_else(|| Outcome::invalid_integer("expires_at", raw))?;
                let earliest = now + MIN_EXPIRY_SECS - EXPIRY_SLACK_SECS;
                let latest = now + MAX_EXPIRY_SECS + EXPIRY_SLACK_SECS;
                if at < earliest || at > latest {
                    return Err(Outcome::invalid(
                        "expires_at",
                        None,
                        "The `expires_at` timestamp must be between 30 minutes and 24 hours \
                         from now.",
                    ));
                }
                at
            }
        };
        let metadata = form.metadata("metadata")?;
        let intent_metadata = form.metadata("payment_intent_data[metadata]")?;
        // `payment_method_types[0]=card&payment_method_types[1]=promptpay` (or `[]`), in
        // order; Stripe shows the account's methods when none are sent.
        let mut method_types: Vec<(usize, String)> = Vec::new();
        for (i, (key, value)) in form.0.iter().enumerate() {
            let Some(index) = key
                .strip_prefix("payment_method_types[")
                .and_then(|k| k.strip_suffix(']'))
            else {
                continue;
            };
            let order = if index.is_empty() {
                i
            } else {
                index
                    .parse::<usize>()
                    .map_err(|_| Outcome::invalid(key, None, "Invalid array"))?
            };
            if value.is_empty() {
                return Err(Outcome::invalid(
                    key,
                    Some("parameter_invalid_empty"),
                    "You passed an empty string for a payment method type.",
                ));
            }
            method_types.push((order, value.clone()));
        }
        method_types.sort_by_key(|(order, _)| *order);
        let payment_method_types: Vec<String> = if method_types.is_empty() {
            vec!["card".to_owned()]
        } else {
            method_types.into_iter().map(|(_, m)| m).collect()
        };

        let id = format!("cs_test_{}", server::random_alnum(24));
        let object = json!({
            "id": id,
            "object": "checkout.session",
            "url": format!("{base}/pay/{id}"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_subtotal": unit_amount,
            "amount_total": unit_amount,
            "currency": currency,
            "client_reference_id": client_reference_id,
            "customer_email": customer_email,
            "metadata": metadata,
            "created": now,
            "expires_at": expires_at,
            "payment_intent": null,
            "customer_details": null,
            "livemode": false,
            "mode": "payment",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "payment_method_types": payment_method_types,
        });
        let mut stored = object.clone();
        // Kept beside the object for the checkout page; never shown by the API.
        stored["fake_product_name"] = json!(name);
        self.session_at.insert(
            stored["id"].as_str().unwrap_or_default().to_owned(),
            self.sessions.len(),
        );
        self.sessions.push(Session {
            object: stored,
            intent_metadata,
        });
        Ok(Outcome::ok(object))
    }

    fn get_session(&self, id: &str, query: &str) -> Outcome {
        let Some(session) = self.session(id) else {
            return no_such_session(id);
        };
        let mut object = public(&session.object);
        for (key, value) in parse_pairs(query) {
            if !(key == "expand[]" || (key.starts_with("expand[") && key.ends_with(']'))) {
                continue;
            }
            if value != "payment_intent" {
                return Outcome::invalid(
                    &key,
                    None,
                    &format!("The fake Stripe can only expand payment_intent, not {value}."),
                );
            }
            if let Some(pi) = object["payment_intent"].as_str()
                && let Some(intent) = self.intent_ref(pi)
            {
                object["payment_intent"] = intent_object(intent);
            }
        }
        Outcome::ok(object)
    }

    /// `GET /v1/refunds?payment_intent=…`: that intent's refunds, newest first.
    fn list_refunds(&self, query: &str) -> Outcome {
        let pairs = parse_pairs(query);
        let pi = pairs
            .iter()
            .find(|(k, _)| k == "payment_intent")
            .map(|(_, v)| v.clone());
        let mut data: Vec<Value> = self
            .refunds
            .iter()
            .filter(|r| pi.as_deref().is_none_or(|pi| r["payment_intent"] == pi))
            .cloned()
            .collect();
        data.reverse();
        Outcome::ok(json!({
            "object": "list",
            "url": "/v1/refunds",
            "has_more": false,
            "data": data,
        }))
    }

    fn expire_session(&mut self, id: &str) -> Outcome {
        let Some(session) = self.session_mut(id) else {
            return no_such_session(id);
        };
        if session.object["status"] != "open" {
            return Outcome::rejected(
                400,
                "Only Checkout Sessions with a status in [\"open\"] can be expired.",
                None,
                None,
            );
        }
        session.object["status"] = json!("expired");
        session.object["url"] = Value::Null;
        Outcome::ok(public(&session.object))
    }

    /// `Err` is a refusal; either way, what the endpoint answers.
    fn create_refund(&mut self, form: &Form) -> Result<Outcome, Outcome> {
        let pi = form.optional("payment_intent")?;
        let charge = form.optional("charge")?;
        let amount = match form.optional("amount")? {
            None => None,
            Some(raw) => {
                let amount =
                    parse_int(raw).ok_or_else(|| Outcome::invalid_integer("amount", raw))?;
                if amount < 1 {
                    return Err(Outcome::invalid(
                        "amount",
                        None,
                        &format!("Invalid positive integer: {raw}"),
                    ));
                }
                Some(amount)
            }
        };
        let reason = form.optional("reason")?;
        if let Some(reason) = reason
            && !matches!(reason, "duplicate" | "fraudulent" | "requested_by_customer")
        {
            return Err(Outcome::invalid(
                "reason",
                None,
                "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
            ));
        }
        let metadata = form.metadata("metadata")?;

        let found = match (pi, charge) {
            (Some(pi), _) => self.intent_mut(pi).ok_or_else(|| {
                Outcome::rejected(
                    400,
                    &format!("No such payment_intent: '{pi}'"),
                    Some("resource_missing"),
                    Some("payment_intent"),
                )
            })?,
            (None, Some(charge)) => self
                .intents
                .iter_mut()
                .find(|i| i.charge == charge)
                .ok_or_else(|| {
                    Outcome::rejected(
                        400,
                        &format!("No such charge: '{charge}'"),
                        Some("resource_missing"),
                        Some("charge"),
                    )
                })?,
            (None, None) => return Err(Outcome::missing("payment_intent")),
        };
        if found.captured == 0 {
            return Err(Outcome::rejected(
                400,
                &format!(
                    "This PaymentIntent ({}) does not have a successful charge to refund.",
                    found.id
                ),
                None,
                Some("payment_intent"),
            ));
        }
        let left = found.captured - found.refunded;
        if left == 0 {
            return Err(Outcome::rejected(
                400,
                &format!("Charge {} has already been refunded.", found.charge),
                Some("charge_already_refunded"),
                None,
            ));
        }
        let amount = amount.unwrap_or(left);
        if amount > left {
            return Err(Outcome::rejected(
                400,
                &format!(
                    "Refund amount (${}) is greater than unrefunded amount on charge (${})",
                    major(amount, &found.currency),
                    major(left, &found.currency)
                ),
                Some("amount_too_large"),
                Some("amount"),
            ));
        }
        found.refunded += amount;
        let refund = refund_object(found, amount, reason, metadata);
        self.refunds.push(refund.clone());
        Ok(Outcome::ok(refund))
    }

    /// `complete` and `complete_unpaid`.
    fn complete(&mut self, id: &str, paid: bool) -> Value {
        let session = self.known_session_mut(id);
        assert_eq!(
            session.object["status"], "open",
            "fake stripe: only an open session can be completed: {}",
            session.object
        );
        let suffix = server::random_alnum(24);
        let amount = session.object["amount_total"].as_i64().unwrap_or_default();
        let intent = Intent {
            id: format!("pi_{suffix}"),
            charge: format!("ch_{suffix}"),
            currency: session.object["currency"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            amount,
            captured: if paid { amount } else { 0 },
            refunded: 0,
            metadata: session.intent_metadata.clone(),
        };
        let object = &mut session.object;
        object["status"] = json!("complete");
        object["payment_status"] = json!(if paid { "paid" } else { "unpaid" });
        object["payment_intent"] = json!(intent.id);
        object["customer_details"] = json!({ "name": BUYER_NAME, "email": BUYER_EMAIL });
        object["url"] = Value::Null;
        let shown = public(object);
        self.intent_at.insert(intent.id.clone(), self.intents.len());
        self.intents.push(intent);
        shown
    }
}

/// A form body (or query string) as ordered pairs.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Self {
        Self(parse_pairs(&String::from_utf8_lossy(body)))
    }

    /// The last value for `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has_prefix(&self, prefix: &str) -> bool {
        self.0.iter().any(|(k, _)| k.starts_with(prefix))
    }

    /// An optional parameter; an empty value is refused, as Stripe does.
    fn optional(&self, key: &str) -> Result<Option<&str>, Outcome> {
        match self.get(key) {
            Some("") => Err(Outcome::invalid(
                key,
                Some("parameter_invalid_empty"),
                &format!(
                    "You passed an empty string for '{key}'. We assume empty values are an \
                     attempt to unset a parameter; however '{key}' cannot be unset. You should \
                     remove '{key}' from your request or supply a non-empty value."
                ),
            )),
            other => Ok(other),
        }
    }

    fn required(&self, key: &str) -> Result<&str, Outcome> {
        self.optional(key)?.ok_or_else(|| Outcome::missing(key))
    }

    /// `prefix[KEY]=VALUE` pairs as a metadata object, within Stripe's limits. An empty
    /// value unsets a key.
    fn metadata(&self, prefix: &str) -> Result<Map<String, Value>, Outcome> {
        let mut out = Map::new();
        for (key, value) in &self.0 {
            let Some(name) = key
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.strip_suffix(']'))
            else {
                continue;
            };
            if name.chars().count() > MAX_METADATA_KEY {
                return Err(Outcome::invalid(
                    key,
                    None,
                    &format!(
                        "Metadata keys can have up to {MAX_METADATA_KEY} characters, but you \
                         passed in a key that is {} characters. Invalid key: {name}",
                        name.chars().count()
                    ),
                ));
            }
            if value.chars().count() > MAX_METADATA_VALUE {
                return Err(Outcome::invalid(
                    key,
                    None,
                    &format!(
                        "Metadata values can have up to {MAX_METADATA_VALUE} characters, but \
                         you passed in a value that is {} characters.",
                        value.chars().count()
                    ),
                ));
            }
            if value.is_empty() {
                out.remove(name);
            } else {
                out.insert(name.to_owned(), json!(value));
            }
        }
        if out.len() > MAX_METADATA_KEYS {
            return Err(Outcome::invalid(
                prefix,
                None,
                &format!(
                    "You can specify up to {MAX_METADATA_KEYS} keys in metadata, but you \
                     specified {}.",
                    out.len()
                ),
            ));
        }
        Ok(out)
    }

    /// The pairs in a canonical order, to compare requests.
    fn sorted(&self) -> Vec<(String, String)> {
        let mut pairs = self.0.clone();
        pairs.sort();
        pairs
    }

    fn to_value(&self) -> Value {
        Value::Object(self.0.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or_default().to_owned();
    let call = Call::new(
        &method,
        &uri,
        &headers,
        recorded_body(&method, &headers, &body),
    );
    let idempotency_key = call.idempotency_key.clone();

    if method == Method::GET
        && let Some(id) = path.strip_prefix("/pay/")
    {
        let (status, html) = shared.page(id);
        return fake_http::answer_page(&shared.recorder, call, status, html);
    }

    let answer = shared.api(
        method.as_str(),
        &path,
        &query,
        &headers,
        &body,
        idempotency_key.as_deref(),
    );
    let replayed = answer.replayed;
    let mut res = fake_http::answer_json(&shared.recorder, call, answer).await;
    let out = res.headers_mut();
    if let Ok(id) = HeaderValue::from_str(&format!("req_{}", server::random_alnum(14))) {
        out.insert("request-id", id);
    }
    out.insert("stripe-version", HeaderValue::from_static(API_VERSION));
    if method == Method::POST
        && let Some(key) = headers.get("idempotency-key")
    {
        out.insert("idempotency-key", key.clone());
    }
    if replayed {
        out.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

/// A body Stripe reads as a form: no content type, or a urlencoded one.
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// What `Call::body` holds for a request: the form as an object of key -> string value
/// (the last value wins for a repeated key); `Null` for a GET without a body, `{}` for
/// another call without one; for a body that is not a form, the JSON it parses to or
/// else the raw text.
fn recorded_body(method: &Method, headers: &HeaderMap, body: &[u8]) -> Value {
    if body.is_empty() {
        return if *method == Method::GET {
            Value::Null
        } else {
            json!({})
        };
    }
    if is_form(headers) {
        return Form::parse(body).to_value();
    }
    fake_http::json_or_text(body)
}

// ---- objects -----------------------------------------------------------------------

/// A session as the API shows it (without the fake's own bookkeeping).
fn public(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(map) = object.as_object_mut() {
        map.remove("fake_product_name");
    }
    object
}

fn charge_object(intent: &Intent) -> Value {
    json!({
        "id": intent.charge,
        "object": "charge",
        "amount": intent.amount,
        "amount_captured": intent.captured,
        "amount_refunded": intent.refunded,
        "currency": intent.currency,
        "payment_intent": intent.id,
        "refunded": intent.captured > 0 && intent.refunded == intent.captured,
        "status": if intent.captured > 0 { "succeeded" } else { "pending" },
        "livemode": false,
    })
}

fn intent_object(intent: &Intent) -> Value {
    json!({
        "id": intent.id,
        "object": "payment_intent",
        "amount": intent.amount,
        "amount_received": intent.captured,
        "currency": intent.currency,
        "status": if intent.captured > 0 { "succeeded" } else { "processing" },
        "latest_charge": intent.charge,
        "metadata": intent.metadata,
        "livemode": false,
    })
}

/// A succeeded refund of `amount` from `intent` (already counted in its `refunded`).
fn refund_object(
    intent: &Intent,
    amount: i64,
    reason: Option<&str>,
    metadata: Map<String, Value>,
) -> Value {
    json!({
        "id": format!("re_{}", server::random_alnum(24)),
        "object": "refund",
        "amount": amount,
        "currency": intent.currency,
        "payment_intent": intent.id,
        "charge": intent.charge,
        "status": "succeeded",
        "reason": reason,
        "metadata": metadata,
        "created": server::unix_now(),
    })
}

fn no_such_session(id: &str) -> Outcome {
    Outcome::rejected(
        404,
        &format!("No such checkout.session: '{id}'"),
        Some("resource_missing"),
        Some("session"),
    )
}

/// An `invalid_request_error` with only a message.
fn request_error(message: &str) -> Value {
    error_body("invalid_request_error", message, None, None)
}

/// `{"error":{"type","message","code"?,"param"?}}`.
fn error_body(kind: &str, message: &str, code: Option<&str>, param: Option<&str>) -> Value {
    let mut error = Map::new();
    error.insert("type".into(), json!(kind));
    error.insert("message".into(), json!(message));
    if let Some(code) = code {
        error.insert("code".into(), json!(code));
    }
    if let Some(param) = param {
        error.insert("param".into(), json!(param));
    }
    json!({ "error": error })
}

fn error_type(status: u16) -> &'static str {
    if status >= 500 {
        "api_error"
    } else {
        "invalid_request_error"
    }
}

/// The error body of a faulted call: Stripe's generic one for the status
/// (`Fault::Status`), or one carrying `message` (`Fault::Refuse`).
fn fault_error(status: u16, message: Option<&str>) -> Value {
    if let Some(message) = message {
        return error_body(error_type(status), message, None, None);
    }
    match status {
        429 => error_body(
            "invalid_request_error",
            "Request rate limit exceeded. Learn more about rate limits here \
             https://stripe.com/docs/rate-limits.",
            Some("rate_limit"),
            None,
        ),
        409 => error_body(
            "invalid_request_error",
            "There is currently another in-progress request using this Stripe token \
             (that probably means you clicked twice, and the other request is still going \
             through).",
            Some("lock_timeout"),
            None,
        ),
        400..=499 => request_error("Invalid request."),
        _ => error_body("api_error", "An unknown error occurred", None, None),
    }
}

// ---- small helpers -------------------------------------------------------------------

/// A Stripe integer parameter: optional sign, digits only.
fn parse_int(raw: &str) -> Option<i64> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// Decimal places of a (lowercase) currency.
fn decimals(currency: &str) -> u32 {
    if ZERO_DECIMAL.contains(&currency) {
        0
    } else if THREE_DECIMAL.contains(&currency) {
        3
    } else {
        2
    }
}

/// Minor units in major units, e.g. 12345 usd -> "123.45", 500 jpy -> "500".
fn major(amount: i64, currency: &str) -> String {
    fake_http::major(amount, decimals(currency))
}
