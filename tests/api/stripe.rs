//! Stripe Checkout end to end against the fake Stripe: pay → redirect → signed
//! webhook → paid → push → refund, and every way a webhook or a call can go wrong.

use serde_json::{Value, json};

use super::fake_stripe::FakeStripe;
use crate::helpers::{Backend, TestApp, location, spawn_app_with};
use crate::on_both;

const KEY: &str = "sk_test_fakekey1234567890";
const WHSEC: &str = "whsec_fake_signing_secret";

async fn stripe_app(backend: Backend) -> (TestApp, FakeStripe) {
    let fake = FakeStripe::start(KEY, WHSEC).await;
    let url = fake.url();
    let app = spawn_app_with(
        backend,
        &[
            ("PAYCHAT_PROVIDERS__DEFAULT", "stripe"),
            ("PAYCHAT_PROVIDERS__STRIPE__ENABLED", "true"),
            ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", KEY),
            ("PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET", WHSEC),
            ("PAYCHAT_PROVIDERS__STRIPE__API_URL", &url),
            ("PAYCHAT_PROVIDERS__STRIPE__REQUEST_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    (app, fake)
}

/// Pay: paychat opens a session and sends the buyer there; returns (session id, pay).
async fn pay(app: &TestApp, fake: &FakeStripe, link: &Value) -> (String, Value) {
    let slug = link["slug"].as_str().unwrap();
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = fake.last_session().expect("a session");
    assert_eq!(location(&res), session["url"].as_str().unwrap());
    let payments = app
        .get(&format!("/api/v1/links/{}/payments", link["id"].as_str().unwrap()))
        .await
        .1;
    let payment = payments["data"].as_array().unwrap().last().unwrap().clone();
    (session["id"].as_str().unwrap().to_owned(), payment)
}

fn hook(app: &TestApp) -> String {
    app.url("/webhooks/providers/stripe")
}

async fn stripe_journey(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "250.00", "currency": "THB", "description": "tuition" }))
        .await;
    assert_eq!(link["provider"], "stripe", "{link}");
    let (sid, payment) = pay(&app, &fake, &link).await;
    assert_eq!(payment["status"], "pending");
    assert_eq!(payment["provider_payment_id"], sid.as_str());
    let s = fake.session(&sid).unwrap();
    assert_eq!(s["amount_total"], 25000);
    assert_eq!(s["currency"], "thb");
    assert_eq!(s["client_reference_id"], payment["id"]);
    let created = fake.calls_to("POST", "/v1/checkout/sessions");
    assert_eq!(created[0].idempotency_key.as_deref(), payment["id"].as_str());

    let completed = fake.complete(&sid);
    let event = fake.event("checkout.session.completed", completed);
    let res = fake.send(&hook(&app), &event).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["outcome"], "applied", "{body}");
    let id = link["id"].as_str().unwrap();
    let got = app.get(&format!("/api/v1/links/{id}")).await.1;
    assert_eq!(got["status"], "paid", "{got}");

    let (status, refund) = app
        .post(&format!("/api/v1/links/{id}/refunds"), json!({}))
        .await;
    assert_eq!(status, 201, "{refund}");
    let refunds = fake.calls_to("POST", "/v1/refunds");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["amount"], "25000");
    let got = app.get(&format!("/api/v1/links/{id}")).await.1;
    assert_eq!(got["status"], "refunded", "{got}");
}
on_both!(stripe_journey);
