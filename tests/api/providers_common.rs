//! What the provider tests (`stripe`, `xendit`) share: settings, the buyer pressing Pay,
//! the link read back through the API, and the seller's side (webhook endpoint, chat,
//! provider choice).

use std::time::Duration;

use axum::http::StatusCode;
use paychat::domain::SellerId;
use serde_json::Value;

use super::fake_telegram::FakeTelegram;
use crate::helpers::{Backend, Receiver, TestApp, eventually};
use crate::kit::app::AppBuilder;
use crate::telegram::{SELLER, register, seller_of, yes_button};

/// Reconciliation due one second after a checkout opens.
pub const RECONCILE_SOON: (&str, &str) = ("PAYCHAT_PROVIDERS__RECONCILE_AFTER_SECS", "1");

/// Longer than the 1 s request timeout the tests give paychat: an answer held this long
/// (`Fault::Hang`) is lost to paychat although the provider acted.
pub const PAST_TIMEOUT: Duration = Duration::from_millis(1500);

/// Moves `app`'s manual clock past what `RECONCILE_SOON` sets aside before it is due
/// for reconciliation.
pub fn until_reconcile_due(app: &TestApp) {
    app.clock().advance(Duration::from_millis(1100));
}

/// The buyer presses Pay; the raw answer (no redirect followed).
pub async fn press_pay(app: &TestApp, slug: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/p/{slug}/pay")))
        .send()
        .await
        .expect("pay")
}

/// A response's status and its JSON (its text when it is not JSON).
pub async fn read(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Points the seller's outgoing webhooks at a fresh receiver.
pub async fn seller_hook(app: &TestApp) -> Receiver {
    let receiver = Receiver::start(0).await;
    app.engine
        .set_webhook_endpoint(&app.seller_id, &receiver.url, None)
        .await
        .expect("webhook endpoint");
    receiver
}

// ---- the link through the API ----------------------------------------------------------

/// A link as a test holds it: its JSON or its id.
pub trait LinkRef {
    fn link_id(&self) -> &str;
}

impl LinkRef for str {
    fn link_id(&self) -> &str {
        self
    }
}

impl LinkRef for Value {
    fn link_id(&self) -> &str {
        id_of(self)
    }
}

pub fn id_of(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

pub async fn link_of(app: &TestApp, link: &(impl LinkRef + ?Sized)) -> Value {
    let (status, got) = app.get(&format!("/api/v1/links/{}", link.link_id())).await;
    assert_eq!(status, 200, "{got}");
    got
}

/// One of the link's lists (`payments`, `refunds`, `events`), as the API orders it.
async fn list_of(app: &TestApp, link: &(impl LinkRef + ?Sized), what: &str) -> Vec<Value> {
    let (status, list) = app
        .get(&format!("/api/v1/links/{}/{what}", link.link_id()))
        .await;
    assert_eq!(status, 200, "{list}");
    list["data"].as_array().expect("data").clone()
}

pub async fn payments_of(app: &TestApp, link: &(impl LinkRef + ?Sized)) -> Vec<Value> {
    list_of(app, link, "payments").await
}

pub async fn refunds_of(app: &TestApp, link: &(impl LinkRef + ?Sized)) -> Vec<Value> {
    list_of(app, link, "refunds").await
}

/// The link's timeline, oldest first as the API lists it.
pub async fn events_of(app: &TestApp, link: &(impl LinkRef + ?Sized)) -> Vec<Value> {
    list_of(app, link, "events").await
}

/// The link's timeline entries of `kind`.
pub async fn timeline(app: &TestApp, link: &(impl LinkRef + ?Sized), kind: &str) -> Vec<Value> {
    events_of(app, link)
        .await
        .into_iter()
        .filter(|e| e["type"] == kind)
        .collect()
}

/// The seller asks the API to refund `body` (`{}`: all that is left) of the link.
pub async fn request_refund(
    app: &TestApp,
    link: &(impl LinkRef + ?Sized),
    body: Value,
) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/links/{}/refunds", link.link_id()), body)
        .await
}

/// The seller cancels the link through the API.
pub async fn cancel_link(app: &TestApp, link: &(impl LinkRef + ?Sized)) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/links/{}/cancel", link.link_id()),
        serde_json::json!({}),
    )
    .await
}

// ---- the seller's provider ---------------------------------------------------------------

/// Moves the test's seller to `provider` (`None`: back to the default).
pub async fn set_provider(app: &TestApp, provider: Option<&str>) {
    app.engine
        .set_seller_provider(&app.seller_id, provider)
        .await
        .unwrap();
}

/// A link made by a second seller, who is left on the default provider.
pub async fn another_sellers_link(app: &TestApp, body: Value) -> Value {
    let (_, key) = app.another_seller("Other Shop").await;
    let (status, link, _) = app
        .api(reqwest::Method::POST, "/api/v1/links", &key, Some(body))
        .await;
    assert_eq!(status, 201, "{link}");
    link
}

// ---- the seller in the chat ----------------------------------------------------------------

/// The bot with `env`, and `SELLER` registered in it; returns the seller's id too.
pub async fn chat_seller(backend: Backend, with: AppBuilder) -> (TestApp, FakeTelegram, SellerId) {
    let app = with.telegram().spawn(backend).await;
    let tg = app.telegram().clone();
    register(&tg, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    (app, tg, seller)
}

/// The "refund all" button under the bot's confirmation, not yet pressed.
pub struct RefundButton {
    message_id: i64,
    data: String,
}

/// `SELLER` sends `/refund <slug>`; nothing is refunded before the button is pressed.
pub async fn ask_refund(tg: &FakeTelegram, slug: &str) -> RefundButton {
    let before = tg.sent_to_chat(SELLER).len();
    tg.text_update(SELLER, SELLER, &format!("/refund {slug}"));
    let confirm = eventually("a refund confirmation", || async {
        tg.sent_to_chat(SELLER)
            .into_iter()
            .skip(before)
            .find(|c| yes_button(c).is_some())
    })
    .await;
    RefundButton {
        message_id: confirm.result_message_id().expect("message id"),
        data: yes_button(&confirm).expect("the refund button"),
    }
}

impl RefundButton {
    pub fn press(&self, tg: &FakeTelegram) {
        tg.callback_update(SELLER, SELLER, self.message_id, &self.data);
    }
}
