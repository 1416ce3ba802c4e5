//! A fake Xendit API: Invoices (`/v2/invoices`, `/invoices/{id}/expire!`), refunds
//! (`/refunds`) and a stand-in for the hosted invoice page (`/web/{id}`), answering the
//! way Xendit does as far as a client can tell. It checks the API key (HTTP Basic),
//! validates JSON bodies like Xendit (`{"error_code","message"}` errors), honours
//! idempotency keys, records every call and can inject faults (both through
//! `fake_http`, as `Recorded`). Amounts are kept as the JSON numbers received and
//! compared in minor units, never as floats. Test code drives the payer's side (`pay`,
//! `callback`) and sends callbacks with the callback token.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use chrono::{SecondsFormat, TimeDelta, Utc};
use serde_json::{Number, Value, json};

use super::fake_http::{
    self, Answer, Call, Outcome, Recorded, Recorder, ServerGuard, escape, html_page, is_web_url,
    parse_pairs,
};
use super::server;

const USER_ID: &str = "fake-user";
const MERCHANT_NAME: &str = "Fake Merchant";
/// Currencies the fake account has enabled, with their decimal places.
const CURRENCIES: [(&str, u32); 6] = [
    ("IDR", 0),
    ("PHP", 2),
    ("THB", 2),
    ("VND", 0),
    ("MYR", 2),
    ("USD", 2),
];
/// Xendit's default currency for an Indonesian account.
const DEFAULT_CURRENCY: &str = "IDR";
const DEFAULT_DURATION_SECS: i64 = 86_400;
const MAX_DURATION_SECS: i64 = 31_536_000;
const MAX_EXTERNAL_ID: usize = 1000;
/// Xendit's refund reasons.
const REFUND_REASONS: [&str; 5] = [
    "FRAUDULENT",
    "DUPLICATE",
    "REQUESTED_BY_CUSTOMER",
    "CANCELLATION",
    "OTHERS",
];
/// What `pay` pretends the payer used.
const PAYER_EMAIL: &str = "buyer@example.com";
const BANK_CODE: &str = "BCA";
const PAYMENT_DESTINATION: &str = "8808999912345678";

/// The fake server. Cloning shares it; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeXendit {
    shared: Arc<Shared>,
    /// Sends callbacks to the app.
    http: reqwest::Client,
    _server: Arc<ServerGuard>,
}

struct Shared {
    secret_key: String,
    callback_token: String,
    /// `http://127.0.0.1:PORT`, for invoice URLs.
    base: String,
    recorder: Recorder,
    state: Mutex<XenditState>,
}

#[derive(Default)]
struct XenditState {
    invoices: Vec<Invoice>,
    refunds: Vec<Value>,
    /// "{endpoint} {idempotency-key}" -> (status, body) of the first answer.
    idempotent: HashMap<String, (u16, Value)>,
}

struct Invoice {
    /// The invoice object as the API shows it.
    object: Value,
    /// Decimal places of its currency.
    places: u32,
    /// `amount` in minor units.
    amount_minor: i64,
    refunded_minor: i64,
    paid: bool,
}

impl Outcome {
    fn failed(status: u16, code: &str, message: &str) -> Self {
        Self::kept(status, error_body(code, message))
    }

    /// `400 API_VALIDATION_ERROR`, not kept under the idempotency key.
    fn validation(message: &str) -> Self {
        Self::refused(400, error_body("API_VALIDATION_ERROR", message))
    }
}

enum Route {
    CreateInvoice,
    ListInvoices,
    GetInvoice(String),
    ExpireInvoice(String),
    CreateRefund,
}

impl Route {
    fn parse(method: &str, path: &str) -> Option<Self> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method, segments.as_slice()) {
            ("POST", ["v2", "invoices"]) => Some(Self::CreateInvoice),
            ("GET", ["v2", "invoices"]) => Some(Self::ListInvoices),
            ("GET", ["v2", "invoices", id]) if !id.is_empty() => {
                Some(Self::GetInvoice((*id).to_owned()))
            }
            ("POST", ["invoices", id, "expire!" | "expire%21"]) if !id.is_empty() => {
                Some(Self::ExpireInvoice((*id).to_owned()))
            }
            ("POST", ["refunds"]) => Some(Self::CreateRefund),
            _ => None,
        }
    }
}

impl FakeXendit {
    /// Starts the fake on a random port. It accepts `secret_key` as the Basic user name
    /// (empty password) and sends callbacks with `x-callback-token: <callback_token>`.
    pub async fn start(secret_key: &str, callback_token: &str) -> Self {
        let state = |base| Shared {
            secret_key: secret_key.to_owned(),
            callback_token: callback_token.to_owned(),
            base,
            recorder: Recorder::new("xendit"),
            state: Mutex::default(),
        };
        let (shared, server) = fake_http::serve("fake xendit", state, handle).await;
        Self {
            shared,
            http: fake_http::webhook_client("fake xendit"),
            _server: server,
        }
    }

    /// The API base URL (no trailing slash): `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.shared.base.clone()
    }

    fn state(&self) -> MutexGuard<'_, XenditState> {
        self.shared.state()
    }

    // ---- what happened (the calls themselves: `Recorded`) ----------------------

    /// Every invoice created, oldest first, as the API shows them now.
    pub fn invoices(&self) -> Vec<Value> {
        self.state()
            .invoices
            .iter()
            .map(|i| i.object.clone())
            .collect()
    }

    pub fn invoice(&self, id: &str) -> Option<Value> {
        self.state().invoice(id).map(|i| i.object.clone())
    }

    pub fn last_invoice(&self) -> Option<Value> {
        self.state().invoices.last().map(|i| i.object.clone())
    }

    /// Every refund made through the API, oldest first.
    pub fn refunds(&self) -> Vec<Value> {
        self.state().refunds.clone()
    }

    // ---- the payer's side ------------------------------------------------------

    /// The payer pays the whole invoice by BCA transfer: it becomes `PAID`. Returns the
    /// callback body Xendit sends. Panics unless the invoice is `PENDING`.
    pub fn pay(&self, id: &str) -> Value {
        let mut st = self.state();
        let invoice = st.known_invoice_mut(id);
        assert_eq!(
            invoice.object["status"], "PENDING",
            "fake xendit: only a pending invoice can be paid"
        );
        mark_paid(invoice);
        callback_body(invoice)
    }

    /// Moves the invoice to `status` (`PAID`, `SETTLED`, `EXPIRED`, ...) and returns the
    /// callback body for it. `SETTLED` on an unpaid invoice pays it first; the payment
    /// fields appear only once the invoice was paid. Panics on an unknown invoice.
    pub fn callback(&self, id: &str, status: &str) -> Value {
        let mut st = self.state();
        let invoice = st.known_invoice_mut(id);
        if matches!(status, "PAID" | "SETTLED") && !invoice.paid {
            mark_paid(invoice);
        }
        invoice.object["status"] = json!(status);
        invoice.object["updated"] = json!(timestamp(Utc::now()));
        callback_body(invoice)
    }

    // ---- callbacks ---------------------------------------------------------------

    /// Posts `body` to the app the way Xendit does, with `x-callback-token`.
    pub async fn send(&self, url: &str, body: &Value) -> reqwest::Response {
        let token = self.shared.callback_token.clone();
        self.send_with_token(url, body, &token).await
    }

    /// Posts `body` with this callback token, for forged callbacks.
    pub async fn send_with_token(&self, url: &str, body: &Value, token: &str) -> reqwest::Response {
        let bytes = serde_json::to_vec(body).expect("serialise callback");
        let headers = [
            ("x-callback-token", token),
            ("Content-Type", "application/json"),
        ];
        fake_http::post_webhook(&self.http, "fake xendit", url, &headers, bytes).await
    }
}

impl Recorded for FakeXendit {
    fn recorder(&self) -> &Recorder {
        &self.shared.recorder
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, XenditState> {
        fake_http::lock(&self.state)
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        server::basic_auth(server::header(headers, AUTHORIZATION))
            .is_some_and(|(user, password)| user == self.secret_key && password.is_empty())
    }

    fn api(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Answer {
        if !self.authorized(headers) {
            return Answer::new(401, error_body("INVALID_API_KEY", "API key is invalid"));
        }
        let Some(route) = Route::parse(method, path) else {
            return Answer::new(
                404,
                error_body("NOT_FOUND", "The requested resource was not found"),
            );
        };

        let mut st = self.state();
        let hang = match self.recorder.take_fault(fault_error) {
            Ok(hang) => hang,
            Err((status, body)) => return Answer::new(status, body),
        };
        // Keys count per endpoint.
        let scope = match route {
            Route::CreateInvoice => Some("invoices"),
            Route::CreateRefund => Some("refunds"),
            _ => None,
        };
        let key = scope
            .zip(headers.get("idempotency-key"))
            .map(|(scope, v)| format!("{scope} {}", String::from_utf8_lossy(v.as_bytes())));

        let outcome = 'outcome: {
            // Replays come first: the same key gets the same answer whatever the body.
            if let Some((status, body)) = key.as_ref().and_then(|key| st.idempotent.get(key)) {
                break 'outcome Outcome::refused(*status, body.clone());
            }
            let json = match route {
                Route::CreateInvoice | Route::CreateRefund => match parse_json(body) {
                    Ok(json) => json,
                    Err(outcome) => break 'outcome outcome,
                },
                _ => Value::Null,
            };
            match &route {
                Route::CreateInvoice => st
                    .create_invoice(&self.base, &json)
                    .unwrap_or_else(|refused| refused),
                Route::ListInvoices => st.list_invoices(query),
                Route::GetInvoice(id) => match st.invoice(id) {
                    Some(invoice) => Outcome::ok(invoice.object.clone()),
                    None => invoice_not_found(),
                },
                Route::ExpireInvoice(id) => st.expire_invoice(id),
                Route::CreateRefund => st.create_refund(&json).unwrap_or_else(|refused| refused),
            }
        };
        if let Some(key) = key
            && outcome.save
        {
            let stored = (outcome.status, outcome.body.clone());
            st.idempotent.insert(key, stored);
        }
        Answer {
            hang,
            ..Answer::new(outcome.status, outcome.body)
        }
    }

    /// The stand-in for Xendit's hosted invoice page.
    fn page(&self, id: &str) -> (u16, String) {
        let st = self.state();
        let Some(invoice) = st.invoice(id) else {
            return (
                404,
                html_page(
                    "Xendit Invoice",
                    "<h1>Invoice not found</h1><p>The invoice you are looking for does not \
                     exist.</p>",
                ),
            );
        };
        let o = &invoice.object;
        let text = |key: &str| o[key].as_str().unwrap_or_default().to_owned();
        let amount = o["amount"].to_string();
        let body = format!(
            "<h1>{}</h1>\n<p class=\"amount\" data-amount=\"{}\" data-currency=\"{}\">{} {}</p>\n\
             <p class=\"description\">{}</p>\n<p class=\"status\">{}</p>\n\
             <p class=\"external-id\">{}</p>",
            escape(MERCHANT_NAME),
            escape(&amount),
            escape(&text("currency")),
            escape(&text("currency")),
            escape(&amount),
            escape(&text("description")),
            escape(&text("status")),
            escape(&text("external_id")),
        );
        (200, html_page("Xendit Invoice", &body))
    }
}

impl XenditState {
    fn invoice(&self, id: &str) -> Option<&Invoice> {
        self.invoices.iter().find(|i| i.object["id"] == id)
    }

    fn invoice_mut(&mut self, id: &str) -> Option<&mut Invoice> {
        self.invoices.iter_mut().find(|i| i.object["id"] == id)
    }

    /// An invoice test code names; panics on an unknown id.
    fn known_invoice_mut(&mut self, id: &str) -> &mut Invoice {
        self.invoice_mut(id)
            .unwrap_or_else(|| panic!("fake xendit: no invoice {id}"))
    }

    /// `Err` is a refusal; either way, what the endpoint answers.
    fn create_invoice(&mut self, base: &str, body: &Value) -> Result<Outcome, Outcome> {
        let external_id = required_string(body, "external_id")?;
        if external_id.chars().count() > MAX_EXTERNAL_ID {
            return Err(Outcome::validation(&format!(
                "\"external_id\" length must be less than or equal to {MAX_EXTERNAL_ID} \
                 characters long"
            )));
        }
        let amount = match field(body, "amount") {
            None => return Err(Outcome::validation("\"amount\" is required")),
            Some(Value::Number(n)) => n.clone(),
            Some(_) => return Err(Outcome::validation("\"amount\" must be a number")),
        };
        let currency = match field(body, "currency") {
            None => DEFAULT_CURRENCY.to_owned(),
            Some(Value::String(c)) => c.clone(),
            Some(_) => return Err(Outcome::validation("\"currency\" must be a string")),
        };
        let Some(places) = places_of(&currency) else {
            return Err(Outcome::failed(
                400,
                "UNSUPPORTED_CURRENCY",
                &format!("Currency {currency} is not configured for this account"),
            ));
        };
        let amount_minor = positive_minor(&amount, places, &currency)?;
        let duration = match field(body, "invoice_duration") {
            None => DEFAULT_DURATION_SECS,
            Some(value) => value
                .as_i64()
                .filter(|d| (1..=MAX_DURATION_SECS).contains(d))
                .ok_or_else(|| {
                    Outcome::validation(&format!(
                        "\"invoice_duration\" must be an integer between 1 and \
                         {MAX_DURATION_SECS}"
                    ))
                })?,
        };
        let description = optional_string(body, "description")?;
        let mut redirects = Vec::new();
        for name in ["success_redirect_url", "failure_redirect_url"] {
            if let Some(url) = optional_string(body, name)? {
                if !is_web_url(url) {
                    return Err(Outcome::validation(&format!(
                        "\"{name}\" must be a valid uri"
                    )));
                }
                redirects.push((name, url));
            }
        }
        let payer_email = optional_string(body, "payer_email")?;
        let customer = match field(body, "customer") {
            None => None,
            Some(c @ Value::Object(_)) => Some(c.clone()),
            Some(_) => return Err(Outcome::validation("\"customer\" must be of type object")),
        };
        let metadata = match field(body, "metadata") {
            None => None,
            Some(m @ Value::Object(_)) => Some(m.clone()),
            Some(_) => return Err(Outcome::validation("\"metadata\" must be of type object")),
        };
        let payment_methods = match field(body, "payment_methods") {
            None => None,
            Some(Value::Array(methods)) => {
                if let Some(i) = methods.iter().position(|m| !m.is_string()) {
                    return Err(Outcome::validation(&format!(
                        "\"payment_methods[{i}]\" must be a string"
                    )));
                }
                Some(Value::Array(methods.clone()))
            }
            Some(_) => return Err(Outcome::validation("\"payment_methods\" must be an array")),
        };

        let now = Utc::now();
        let id = server::random_hex(12);
        let mut object = json!({
            "id": id,
            "external_id": external_id,
            "user_id": USER_ID,
            "status": "PENDING",
            "merchant_name": MERCHANT_NAME,
            "amount": amount,
            "currency": currency,
            "invoice_url": format!("{base}/web/{id}"),
            "expiry_date": timestamp(now + TimeDelta::seconds(duration)),
            "created": timestamp(now),
            "updated": timestamp(now),
        });
        let optional = [
            ("description", description.map(|d| json!(d))),
            ("payer_email", payer_email.map(|e| json!(e))),
            ("customer", customer),
            ("metadata", metadata),
            // Recorded as sent, so tests see which methods the invoice offers.
            ("payment_methods", payment_methods),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                object[name] = value;
            }
        }
        for (name, url) in redirects {
            object[name] = json!(url);
        }
        self.invoices.push(Invoice {
            object: object.clone(),
            places,
            amount_minor,
            refunded_minor: 0,
            paid: false,
        });
        Ok(Outcome::ok(object))
    }

    /// Newest first, as Xendit lists them.
    fn list_invoices(&self, query: &str) -> Outcome {
        let pairs = parse_pairs(query);
        let wanted: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == "external_id")
            .map(|(_, v)| v.as_str())
            .collect();
        let found: Vec<Value> = self
            .invoices
            .iter()
            .rev()
            .filter(|i| {
                wanted.is_empty()
                    || wanted
                        .iter()
                        .any(|w| i.object["external_id"].as_str() == Some(w))
            })
            .map(|i| i.object.clone())
            .collect();
        Outcome::ok(Value::Array(found))
    }

    fn expire_invoice(&mut self, id: &str) -> Outcome {
        let Some(invoice) = self.invoice_mut(id) else {
            return invoice_not_found();
        };
        if invoice.object["status"] != "PENDING" {
            return Outcome::failed(
                404,
                "INVOICE_NOT_FOUND_ERROR",
                "Could not find invoice that is not paid or expired",
            );
        }
        let now = timestamp(Utc::now());
        invoice.object["status"] = json!("EXPIRED");
        invoice.object["expiry_date"] = json!(now);
        invoice.object["updated"] = json!(now);
        Outcome::ok(invoice.object.clone())
    }

    /// `Err` is a refusal; either way, what the endpoint answers.
    fn create_refund(&mut self, body: &Value) -> Result<Outcome, Outcome> {
        let invoice_id = required_string(body, "invoice_id")?;
        let amount = match field(body, "amount") {
            None => None,
            Some(Value::Number(n)) => Some(n.clone()),
            Some(_) => return Err(Outcome::validation("\"amount\" must be a number")),
        };
        let reason = required_string(body, "reason")?;
        if !REFUND_REASONS.contains(&reason) {
            return Err(Outcome::validation(&format!(
                "\"reason\" must be one of [{}]",
                REFUND_REASONS.join(", ")
            )));
        }
        let currency = optional_string(body, "currency")?;
        let reference_id = optional_string(body, "reference_id")?;
        let metadata = match field(body, "metadata") {
            None => Value::Null,
            Some(m @ Value::Object(_)) => m.clone(),
            Some(_) => return Err(Outcome::validation("\"metadata\" must be of type object")),
        };

        let Some(invoice) = self.invoice_mut(invoice_id) else {
            return Err(Outcome::failed(
                404,
                "DATA_NOT_FOUND",
                &format!("Invoice {invoice_id} was not found"),
            ));
        };
        let invoice_currency = invoice.object["currency"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if let Some(currency) = currency
            && currency != invoice_currency
        {
            return Err(Outcome::validation(&format!(
                "\"currency\" must match the invoice currency {invoice_currency}"
            )));
        }
        if !invoice.paid || !matches!(invoice.object["status"].as_str(), Some("PAID" | "SETTLED")) {
            return Err(Outcome::failed(
                400,
                "INVALID_PAYMENT_STATUS",
                "Refunds can only be made for invoices that are PAID or SETTLED",
            ));
        }
        let left = invoice.amount_minor - invoice.refunded_minor;
        let (amount, minor) = match amount {
            Some(amount) => {
                let minor = positive_minor(&amount, invoice.places, &invoice_currency)?;
                (amount, minor)
            }
            None => (number_from_minor(left, invoice.places), left),
        };
        if minor > left || left == 0 {
            return Err(Outcome::failed(
                400,
                "REFUND_AMOUNT_EXCEEDED",
                "The refund amount exceeds the refundable amount",
            ));
        }
        invoice.refunded_minor += minor;
        let now = timestamp(Utc::now());
        let mut refund = json!({
            "id": format!("rfd-{}", uuid_ish()),
            "invoice_id": invoice_id,
            "payment_request_id": null,
            "amount": amount,
            "currency": invoice_currency,
            "status": "SUCCEEDED",
            "reason": reason,
            "failure_code": null,
            "refund_fee_amount": null,
            "metadata": metadata,
            "created": now,
            "updated": now,
        });
        if let Some(reference_id) = reference_id {
            refund["reference_id"] = json!(reference_id);
        }
        self.refunds.push(refund.clone());
        Ok(Outcome::ok(refund))
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
    let call = Call::new(&method, &uri, &headers, recorded_body(&body));

    if method == Method::GET
        && let Some(id) = path.strip_prefix("/web/")
    {
        let (status, html) = shared.page(id);
        return fake_http::answer_page(&shared.recorder, call, status, html);
    }

    let answer = shared.api(method.as_str(), &path, &query, &headers, &body);
    fake_http::answer_json(&shared.recorder, call, answer).await
}

/// What `Call::body` holds for a request: the JSON body; `Null` when there is none; the
/// raw text when it is not JSON.
fn recorded_body(body: &[u8]) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    fake_http::json_or_text(body)
}

/// A request body as a JSON object (an empty body is `{}`).
fn parse_json(body: &[u8]) -> Result<Value, Outcome> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(Outcome::validation("\"value\" must be of type object")),
        Err(_) => Err(Outcome::validation(
            "Request body is not valid JSON: check the Content-Type and the body",
        )),
    }
}

// ---- validation ----------------------------------------------------------------------

/// A present, non-null field (`null` counts as absent).
fn field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body.get(name).filter(|v| !v.is_null())
}

fn required_string<'a>(body: &'a Value, name: &str) -> Result<&'a str, Outcome> {
    optional_string(body, name)?
        .ok_or_else(|| Outcome::validation(&format!("\"{name}\" is required")))
}

fn optional_string<'a>(body: &'a Value, name: &str) -> Result<Option<&'a str>, Outcome> {
    match field(body, name) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Err(Outcome::validation(&format!(
            "\"{name}\" is not allowed to be empty"
        ))),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Outcome::validation(&format!("\"{name}\" must be a string"))),
    }
}

fn places_of(currency: &str) -> Option<u32> {
    CURRENCIES
        .iter()
        .find(|(code, _)| *code == currency)
        .map(|(_, places)| *places)
}

/// `amount` (> 0) in minor units of a currency with `places` decimals.
fn positive_minor(amount: &Number, places: u32, currency: &str) -> Result<i64, Outcome> {
    let Some((negative, int, frac)) = decimal_digits(amount) else {
        return Err(Outcome::validation("\"amount\" must be a number"));
    };
    if negative || (int == "0" && frac.is_empty()) {
        return Err(Outcome::validation("\"amount\" must be greater than 0"));
    }
    if frac.len() > places as usize {
        return Err(Outcome::validation(&if places == 0 {
            format!("\"amount\" must be an integer for currency {currency}")
        } else {
            format!("\"amount\" can have at most {places} decimal places for currency {currency}")
        }));
    }
    let digits = format!("{int}{frac:0<width$}", width = places as usize);
    if digits.len() > 18 {
        return Err(Outcome::validation("\"amount\" is too large"));
    }
    digits
        .parse()
        .map_err(|_| Outcome::validation("\"amount\" must be a number"))
}

/// A JSON number as (negative, integer digits, fraction digits), exponent applied,
/// without leading zeros in the integer part ("0" for none) or trailing zeros in the
/// fraction. Pure string work: no floating point.
fn decimal_digits(n: &Number) -> Option<(bool, String, String)> {
    let text = n.to_string();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    if exponent.abs() > 400 {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits = format!("{int}{frac}");
    let mut point = i64::try_from(int.len()).ok()? + exponent;
    if point < 0 {
        digits.insert_str(0, &"0".repeat(usize::try_from(-point).ok()?));
        point = 0;
    }
    let point = usize::try_from(point).ok()?;
    if point > digits.len() {
        digits.push_str(&"0".repeat(point - digits.len()));
    }
    let (int, frac) = digits.split_at(point);
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    Some((
        negative,
        if int.is_empty() { "0" } else { int }.to_owned(),
        frac.to_owned(),
    ))
}

/// Minor units back to a JSON number (for a refund of "the rest"), via its decimal text.
fn number_from_minor(minor: i64, places: u32) -> Number {
    let unit = 10_i64.pow(places);
    if minor % unit == 0 {
        return Number::from(minor / unit);
    }
    serde_json::from_str(&fake_http::major(minor, places)).unwrap_or_else(|_| Number::from(minor))
}

// ---- objects -----------------------------------------------------------------------

fn mark_paid(invoice: &mut Invoice) {
    let now = timestamp(Utc::now());
    invoice.paid = true;
    let o = &mut invoice.object;
    o["status"] = json!("PAID");
    o["paid_amount"] = o["amount"].clone();
    o["paid_at"] = json!(now);
    o["updated"] = json!(now);
    o["payment_method"] = json!("BANK_TRANSFER");
    o["bank_code"] = json!(BANK_CODE);
    o["payment_channel"] = json!(BANK_CODE);
    o["payment_destination"] = json!(PAYMENT_DESTINATION);
    if o.get("payer_email").is_none() {
        o["payer_email"] = json!(PAYER_EMAIL);
    }
}

/// The invoice callback Xendit posts for the invoice as it is now.
fn callback_body(invoice: &Invoice) -> Value {
    let o = &invoice.object;
    let mut body = json!({
        "id": o["id"],
        "external_id": o["external_id"],
        "user_id": USER_ID,
        "is_high": false,
        "status": o["status"],
        "merchant_name": MERCHANT_NAME,
        "amount": o["amount"],
        "currency": o["currency"],
        "created": o["created"],
        "updated": o["updated"],
    });
    let mut copy = vec!["description"];
    if invoice.paid {
        copy.extend([
            "payment_method",
            "paid_amount",
            "bank_code",
            "paid_at",
            "payer_email",
            "payment_channel",
            "payment_destination",
        ]);
    }
    for name in copy {
        if let Some(value) = o.get(name) {
            body[name] = value.clone();
        }
    }
    body
}

fn invoice_not_found() -> Outcome {
    Outcome::failed(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found")
}

/// `{"error_code","message"}`.
fn error_body(code: &str, message: &str) -> Value {
    json!({ "error_code": code, "message": message })
}

/// The error code Xendit uses for an HTTP status.
fn error_code(status: u16) -> &'static str {
    match status {
        400 => "API_VALIDATION_ERROR",
        401 => "INVALID_API_KEY",
        403 => "REQUEST_FORBIDDEN_ERROR",
        404 => "DATA_NOT_FOUND",
        409 => "DUPLICATE_ERROR",
        429 => "RATE_LIMIT_EXCEEDED",
        503 => "SERVICE_UNAVAILABLE",
        _ if status >= 500 => "SERVER_ERROR",
        _ => "API_VALIDATION_ERROR",
    }
}

/// The error body of a faulted call: Xendit's generic message for the status
/// (`Fault::Status`), or `message` (`Fault::Refuse`).
fn fault_error(status: u16, message: Option<&str>) -> Value {
    if let Some(message) = message {
        return error_body(error_code(status), message);
    }
    let message = match status {
        429 => "Too many requests. Please try again later",
        503 => "The service is temporarily unavailable. Please try again later",
        _ if status >= 500 => {
            "An unexpected error occurred, our team has been notified and will troubleshoot \
             the issue."
        }
        _ => "The request could not be processed",
    };
    error_body(error_code(status), message)
}

// ---- small helpers -------------------------------------------------------------------

/// RFC 3339 with milliseconds in UTC, as Xendit writes dates.
fn timestamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A random id shaped like a UUID.
fn uuid_ish() -> String {
    let h = server::random_hex(16);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}
