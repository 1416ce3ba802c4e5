//! Stripe Checkout end to end against the fake Stripe: pay → redirect → signed
//! webhook → paid → push → refund, and every way a webhook or a call can go wrong.

use paychat::engine::refunds::RefundResolution;

use paychat::adapters::signing::sign_header;
use serde_json::{Value, json};

use super::fake_http::{Fault, Recorded};
use super::fake_stripe::FakeStripe;
use super::providers_common::{
    PAST_TIMEOUT, RECONCILE_SOON, another_sellers_link, ask_refund, cancel_link, chat_seller,
    id_of, link_of, payments_of, press_pay, read, refunds_of, request_refund, seller_hook,
    set_provider, timeline, until_reconcile_due,
};
use crate::helpers::{Backend, Receiver, TestApp, eventually, location};
use crate::on_both;
use crate::telegram::{SELLER, make_link, texts_with, wait_text};

use crate::kit::app::{STRIPE_KEY as KEY, STRIPE_WHSEC as WHSEC};
async fn stripe_app(backend: Backend) -> (TestApp, FakeStripe) {
    stripe_app_with(backend, &[]).await
}

/// `stripe_app` with some settings replaced or added.
async fn stripe_app_with(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeStripe) {
    let app = TestApp::builder().stripe().env(extra).spawn(backend).await;
    let fake = app.stripe().clone();
    (app, fake)
}

/// `stripe_app` reconciling soon, on a clock the test moves (`until_reconcile_due`).
async fn stripe_app_reconciling(backend: Backend) -> (TestApp, FakeStripe) {
    let app = TestApp::builder()
        .stripe()
        .manual_clock()
        .env(&[RECONCILE_SOON])
        .spawn(backend)
        .await;
    let fake = app.stripe().clone();
    (app, fake)
}

/// Pay: paychat opens a session and sends the buyer there; returns (session id, pay).
async fn pay(app: &TestApp, fake: &FakeStripe, link: &Value) -> (String, Value) {
    let res = press_pay(app, link["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 303);
    let session = fake.last_session().expect("a session");
    assert_eq!(location(&res), session["url"].as_str().unwrap());
    let payment = payments_of(app, link).await.pop().unwrap();
    (session["id"].as_str().unwrap().to_owned(), payment)
}

fn hook(app: &TestApp) -> String {
    app.url("/webhooks/providers/stripe")
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Sends `event` signed now; returns the status and the JSON answer.
async fn deliver(app: &TestApp, fake: &FakeStripe, event: &Value) -> (u16, Value) {
    read(fake.send(&hook(app), event).await).await
}

/// A new event of `kind` around `object`, delivered; returns its outcome, asserting 200.
async fn outcome_of(app: &TestApp, fake: &FakeStripe, kind: &str, object: Value) -> String {
    let (status, body) = deliver(app, fake, &fake.event(kind, object)).await;
    assert_eq!(status, 200, "{kind}: {body}");
    assert_eq!(body["received"], true, "{body}");
    body["outcome"].as_str().unwrap_or_default().to_owned()
}

/// Posts raw bytes to the Stripe webhook with this signature header (or none).
async fn post_raw(app: &TestApp, body: &[u8], signature: Option<&str>) -> (u16, Value) {
    let mut req = app
        .client
        .post(hook(app))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(sig) = signature {
        req = req.header("Stripe-Signature", sig);
    }
    read(req.send().await.unwrap()).await
}

/// Deliveries of `kind` to the seller's webhook about the link `link_id`.
fn deliveries(receiver: &Receiver, kind: &str, link_id: &str) -> Vec<Value> {
    receiver
        .received()
        .iter()
        .filter(|r| r.header("paychat-event-type") == kind)
        .map(crate::helpers::Received::json)
        .filter(|j| j["data"]["link"]["id"] == link_id)
        .collect()
}

/// The buyer pays at the checkout session `sid`; Stripe's signed webhook applies it.
/// Returns the payment intent.
async fn complete(app: &TestApp, fake: &FakeStripe, sid: &str) -> String {
    let completed = fake.complete(sid);
    let pi = completed["payment_intent"].as_str().unwrap().to_owned();
    assert_eq!(
        outcome_of(app, fake, "checkout.session.completed", completed).await,
        "applied"
    );
    pi
}

/// A link paid through Stripe and its completed webhook: (session id, payment, intent).
async fn paid(app: &TestApp, fake: &FakeStripe, link: &Value) -> (String, Value, String) {
    let (sid, payment) = pay(app, fake, link).await;
    let pi = complete(app, fake, &sid).await;
    (sid, payment, pi)
}

/// A new THB link of `amount`, paid through Stripe: (link, payment intent).
async fn paid_link(app: &TestApp, fake: &FakeStripe, amount: &str) -> (Value, String) {
    let link = app
        .create_link(json!({ "amount": amount, "currency": "THB" }))
        .await;
    let (_, _, pi) = paid(app, fake, &link).await;
    (link, pi)
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
    assert_eq!(
        created[0].idempotency_key.as_deref(),
        payment["id"].as_str()
    );

    let completed = fake.complete(&sid);
    let event = fake.event("checkout.session.completed", completed);
    let res = fake.send(&hook(&app), &event).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["outcome"], "applied", "{body}");
    let id = link["id"].as_str().unwrap();
    let got = app.get(&format!("/api/v1/links/{id}")).await.1;
    assert_eq!(got["status"], "paid", "{got}");

    let (status, refund) = request_refund(&app, id, json!({})).await;
    assert_eq!(status, 201, "{refund}");
    let refunds = fake.calls_to("POST", "/v1/refunds");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].body["amount"], "25000");
    let got = app.get(&format!("/api/v1/links/{id}")).await.1;
    assert_eq!(got["status"], "refunded", "{got}");
}
on_both!(stripe_journey);

// ---------------------------------------------------------------------------------------
// The checkout session paychat asks for
// ---------------------------------------------------------------------------------------

/// Every field of the session request: names, URLs, references, metadata, and
/// `expires_at` following the link's expiry within Stripe's 30 min to 24 h window.
async fn stripe_session_request_carries_the_link(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let in_2h = now_unix() + 2 * 3600;
    let expiry = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let cases = [
        // (link body, expected product name, expected expires_at or None to compute)
        (
            json!({ "amount": "99.50", "currency": "THB", "description": "Pad thai x2",
                    "expiry_date": expiry(in_2h) }),
            "Pad thai x2",
            Some(in_2h),
        ),
        // No description: the seller's name; the default 7-day expiry: clamped to 24 h.
        (
            json!({ "amount": "20", "currency": "USD" }),
            "Nok Bakery",
            None,
        ),
        // Ten minutes left: Stripe needs at least 30, so 31.
        (
            json!({ "amount": "20", "currency": "EUR", "description": "soon",
                    "expiry_date": expiry(now_unix() + 600) }),
            "soon",
            None,
        ),
    ];
    for (i, (body, name, expires)) in cases.into_iter().enumerate() {
        let link = app.create_link(body).await;
        let slug = link["slug"].as_str().unwrap();
        let before = now_unix();
        let (sid, payment) = pay(&app, &fake, &link).await;
        let after = now_unix();
        let call = fake.calls_to("POST", "/v1/checkout/sessions").remove(i);
        let pid = payment["id"].as_str().unwrap();
        assert_eq!(call.idempotency_key.as_deref(), Some(pid));
        let f = &call.body;
        assert_eq!(f["mode"], "payment", "{f}");
        assert_eq!(
            f["line_items[0][price_data][currency]"],
            link["currency"].as_str().unwrap().to_ascii_lowercase()
        );
        assert_eq!(
            f["line_items[0][price_data][unit_amount]"],
            link["amount_minor"].to_string()
        );
        assert_eq!(f["line_items[0][price_data][product_data][name]"], name);
        assert_eq!(f["line_items[0][quantity]"], "1");
        assert_eq!(
            f["success_url"],
            format!("{}/p/{slug}/return?payment={pid}&lang=th", app.addr)
        );
        assert_eq!(f["cancel_url"], format!("{}/p/{slug}?lang=th", app.addr));
        assert_eq!(f["locale"], "th");
        assert_eq!(f["client_reference_id"], pid);
        assert_eq!(f["metadata[paychat_payment_id]"], pid);
        assert_eq!(f["metadata[paychat_link_id]"], id_of(&link));
        let at: i64 = f["expires_at"].as_str().unwrap().parse().unwrap();
        match (i, expires) {
            (_, Some(t)) => assert_eq!(at, t, "{f}"),
            (1, None) => assert!(
                (before + 24 * 3600 - 60 - 2..=after + 24 * 3600 - 60).contains(&at),
                "{at} vs {before}: {f}"
            ),
            _ => assert!(
                (before + 31 * 60 - 2..=after + 31 * 60).contains(&at),
                "{at} vs {before}: {f}"
            ),
        }
        assert_eq!(fake.session(&sid).unwrap()["expires_at"], at);
    }
}
on_both!(stripe_session_request_carries_the_link);

/// A link's items reach Checkout as line items (shipping as one more); with a discount,
/// which Checkout lines cannot carry, one line of the total.
async fn stripe_lists_the_items(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "currency": "THB", "description": "Order",
            "order_details": [ { "name": "Cupcake", "quantity": 2, "price": "45.50" },
                               { "name": "Tea", "price": "30" } ],
            "merchant_details": { "shipping_charges": "40" } }))
        .await;
    pay(&app, &fake, &link).await;
    let f = fake
        .calls_to("POST", "/v1/checkout/sessions")
        .remove(0)
        .body;
    assert_eq!(
        f["line_items[0][price_data][product_data][name]"],
        "Cupcake"
    );
    assert_eq!(f["line_items[0][price_data][unit_amount]"], "4550");
    assert_eq!(f["line_items[0][quantity]"], "2");
    assert_eq!(f["line_items[1][price_data][product_data][name]"], "Tea");
    assert_eq!(
        f["line_items[2][price_data][product_data][name]"],
        "Shipping"
    );
    assert_eq!(f["line_items[2][price_data][unit_amount]"], "4000");
    assert_eq!(fake.last_session().unwrap()["amount_total"], 16_100);

    let discounted = app
        .create_link(json!({ "currency": "THB",
            "order_details": [ { "name": "Cupcake", "quantity": 2, "price": "45.50" } ],
            "merchant_details": { "promo_discount": "5", "promo_code": "SAVE5" } }))
        .await;
    pay(&app, &fake, &discounted).await;
    let f = fake
        .calls_to("POST", "/v1/checkout/sessions")
        .remove(1)
        .body;
    assert_eq!(f["line_items[0][price_data][unit_amount]"], "8600");
    assert_eq!(f["line_items[0][quantity]"], "1");
    assert!(f.get("line_items[1][quantity]").is_none(), "{f}");
}
on_both!(stripe_lists_the_items);

// ---------------------------------------------------------------------------------------
// 1. The seller's whole journey in chat
// ---------------------------------------------------------------------------------------

async fn stripe_chat_journey(backend: Backend) {
    let (app, tg, seller) = chat_seller(backend, TestApp::builder().stripe()).await;
    let fake = app.stripe().clone();
    let slug = make_link(&tg, SELLER, "250 THB tuition").await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.provider, "stripe");

    // The buyer pays at Stripe; Stripe's signed webhook marks it paid.
    let res = press_pay(&app, &slug).await;
    assert_eq!(res.status(), 303);
    let session = fake.last_session().unwrap();
    assert_eq!(location(&res), session["url"].as_str().unwrap());
    let pi = complete(&app, &fake, session["id"].as_str().unwrap()).await;
    let push = wait_text(&tg, SELLER, "✅ Paid").await;
    assert!(push.text().contains("฿250.00"), "{}", push.text());
    assert!(push.text().contains("Test Buyer"), "{}", push.text());

    // /refund asks first; the button refunds through Stripe.
    let refund_all = ask_refund(&tg, &slug).await;
    assert!(fake.calls_to("POST", "/v1/refunds").is_empty());
    refund_all.press(&tg);
    let refunded = wait_text(&tg, SELLER, "↩️ Refunded").await;
    assert!(refunded.text().contains("฿250.00"), "{}", refunded.text());

    let calls = fake.calls_to("POST", "/v1/refunds");
    assert_eq!(calls.len(), 1, "{calls:?}");
    let (_, refunds) = app.engine.refunds(&seller, link.id.as_str()).await.unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].status, paychat::domain::RefundStatus::Succeeded);
    assert_eq!(
        calls[0].idempotency_key.as_deref(),
        Some(refunds[0].id.as_str())
    );
    assert_eq!(calls[0].body["amount"], "25000");
    assert_eq!(calls[0].body["payment_intent"], pi.as_str());
    assert_eq!(
        calls[0].body["metadata[paychat_refund_id]"],
        refunds[0].id.as_str()
    );
    let stripe_refunds = fake.refunds();
    assert_eq!(stripe_refunds.len(), 1);
    assert_eq!(
        refunds[0].provider_refund_id.as_deref(),
        stripe_refunds[0]["id"].as_str()
    );
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Refunded);

    app.outbox_drained().await;
    assert_eq!(
        texts_with(&tg, SELLER, "✅ Paid").len(),
        1,
        "{}",
        tg.report()
    );
    assert_eq!(texts_with(&tg, SELLER, "↩️").len(), 1, "{}", tg.report());
}
on_both!(stripe_chat_journey);

/// Stripe's refusals reach the seller's chat in Stripe's words: a checkout it would
/// not open, and a refund it would not make.
async fn stripe_refusals_reach_the_chat(backend: Backend) {
    let (app, tg, seller) = chat_seller(backend, TestApp::builder().stripe()).await;
    let fake = app.stripe().clone();
    let slug = make_link(&tg, SELLER, "250 THB tuition").await;

    fake.fail_next(
        1,
        Fault::Refuse(
            400,
            "Your account cannot currently make live charges.".into(),
        ),
    );
    assert_eq!(press_pay(&app, &slug).await.status(), 422);
    let push = wait_text(&tg, SELLER, "⚠️ A buyer could not pay").await;
    assert!(
        push.text()
            .contains("Reason: stripe refused: Your account cannot currently make live charges."),
        "{}",
        push.text()
    );

    // Paid on the second try; then the refund is refused.
    assert_eq!(press_pay(&app, &slug).await.status(), 303);
    complete(
        &app,
        &fake,
        fake.last_session().unwrap()["id"].as_str().unwrap(),
    )
    .await;
    wait_text(&tg, SELLER, "✅ Paid").await;
    fake.fail_next(
        1,
        Fault::Refuse(
            400,
            "This charge is under dispute and cannot be refunded.".into(),
        ),
    );
    ask_refund(&tg, &slug).await.press(&tg);
    let failed = wait_text(&tg, SELLER, "⚠️ Refund failed").await;
    assert!(
        failed.text().contains(
            "Reason: stripe refused: This charge is under dispute and cannot be refunded."
        ),
        "{}",
        failed.text()
    );
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!((link.status.as_str(), link.refunded_minor), ("paid", 0));
    app.outbox_drained().await;
    assert!(texts_with(&tg, SELLER, "↩️ Refunded").is_empty());
    assert_eq!(texts_with(&tg, SELLER, "⚠️ Refund failed").len(), 1);
    assert_eq!(texts_with(&tg, SELLER, "⚠️ A buyer could not pay").len(), 1);
}
on_both!(stripe_refusals_reach_the_chat);

// ---------------------------------------------------------------------------------------
// 2. Signatures
// ---------------------------------------------------------------------------------------

async fn stripe_webhook_signatures_are_checked(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "120.00", "currency": "THB" }))
        .await;
    let (sid, _) = pay(&app, &fake, &link).await;
    let completed = fake.complete(&sid);
    let event = fake.event("checkout.session.completed", completed);
    let body = serde_json::to_vec_pretty(&event).unwrap();
    let now = now_unix();

    let mut tampered = event.clone();
    tampered["data"]["object"]["amount_total"] = json!(1);
    let tampered = serde_json::to_vec_pretty(&tampered).unwrap();
    let good = fake.sign(&body, now);
    let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
        ("no signature", body.clone(), None),
        (
            "another secret",
            body.clone(),
            Some(sign_header(b"whsec_not_the_real_one", now, &body)),
        ),
        ("tampered body", tampered, Some(good.clone())),
        ("stale", body.clone(), Some(fake.sign(&body, now - 330))),
        ("future", body.clone(), Some(fake.sign(&body, now + 330))),
        (
            "no timestamp",
            body.clone(),
            Some(good.split(',').nth(1).unwrap().to_owned()),
        ),
        ("garbage", body.clone(), Some("t=abc,v1=zz".to_owned())),
        ("v0 only", body.clone(), Some(good.replace("v1=", "v0="))),
    ];
    for (what, bytes, signature) in &cases {
        let (status, r) = post_raw(&app, bytes, signature.as_deref()).await;
        assert_eq!(status, 401, "{what}: {r}");
        assert_eq!(r["error"]["code"], "bad_signature", "{what}: {r}");
    }
    let got = link_of(&app, &link).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("active"), json!(0)),
        "{got}"
    );
    let payments = payments_of(&app, &link).await;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "pending");

    // Two v1 signatures (a rotated secret): any one matching is enough. None of the
    // refusals used up the event id.
    let v1 = good.split("v1=").nth(1).unwrap();
    let header = format!("t={now},v1={},v1={v1}", "ab".repeat(32));
    let (status, r) = post_raw(&app, &body, Some(&header)).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "applied", "{r}");
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(payments_of(&app, &link).await[0]["status"], "succeeded");
}
on_both!(stripe_webhook_signatures_are_checked);

// ---------------------------------------------------------------------------------------
// 3. Replays
// ---------------------------------------------------------------------------------------

async fn stripe_replayed_event_applies_once(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "75.50", "currency": "THB" }))
        .await;
    let (sid, payment) = pay(&app, &fake, &link).await;
    let event = fake.event("checkout.session.completed", fake.complete(&sid));

    let (status, first) = deliver(&app, &fake, &event).await;
    assert_eq!((status, first["outcome"].clone()), (200, json!("applied")));
    let (status, second) = deliver(&app, &fake, &event).await;
    assert_eq!(
        (status, second["outcome"].clone()),
        (200, json!("duplicate")),
        "{second}"
    );

    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid");
    assert_eq!(got["paid_count"], 1);
    assert_eq!(got["paid_amount_minor"], 7550);
    let payments = payments_of(&app, &link).await;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "succeeded");
    assert_eq!(payments[0]["payer_name"], "Test Buyer");
    assert_eq!(payments[0]["payer_email"], "buyer@example.com");

    let delivered = receiver.wait_for("payment.succeeded").await.json();
    assert_eq!(delivered["data"]["payment"]["id"], payment["id"]);
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 1);
    assert_eq!(timeline(&app, &link, "payment.succeeded").await.len(), 1);
}
on_both!(stripe_replayed_event_applies_once);

// ---------------------------------------------------------------------------------------
// 4. Order and delayed payments
// ---------------------------------------------------------------------------------------

async fn stripe_events_out_of_order(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;

    // Paid, then an expiry and a delayed failure for the same session: nothing moves.
    let link = app
        .create_link(json!({ "amount": "300", "currency": "THB" }))
        .await;
    let (sid, _, _) = paid(&app, &fake, &link).await;
    let mut expired = fake.session(&sid).unwrap();
    expired["status"] = json!("expired");
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.expired", expired).await,
        "ignored"
    );
    let session = fake.session(&sid).unwrap();
    assert_eq!(
        outcome_of(
            &app,
            &fake,
            "checkout.session.async_payment_failed",
            session
        )
        .await,
        "ignored"
    );
    let got = link_of(&app, &link).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("paid"), json!(1))
    );
    let payments = payments_of(&app, &link).await;
    assert_eq!(payments[0]["status"], "succeeded");
    assert_eq!(payments[0]["failure_reason"], Value::Null);

    // A delayed method: completed but unpaid is not paid; async success is.
    let slow = app
        .create_link(json!({ "amount": "80", "currency": "THB" }))
        .await;
    let (sid, _) = pay(&app, &fake, &slow).await;
    let unpaid = fake.complete_unpaid(&sid);
    assert_eq!(unpaid["payment_status"], "unpaid");
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.completed", unpaid).await,
        "ignored"
    );
    let got = link_of(&app, &slow).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(payments_of(&app, &slow).await[0]["status"], "pending");
    let settled = fake.async_payment_succeeded(&sid);
    assert_eq!(
        outcome_of(
            &app,
            &fake,
            "checkout.session.async_payment_succeeded",
            settled
        )
        .await,
        "applied"
    );
    let got = link_of(&app, &slow).await;
    assert_eq!(
        (got["status"].clone(), got["paid_amount_minor"].clone()),
        (json!("paid"), json!(8000))
    );

    app.eventually("two payment.succeeded deliveries", || async {
        (receiver.count("payment.succeeded") == 2).then_some(())
    })
    .await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 2);
    assert_eq!(receiver.count("payment.failed"), 0);
}
on_both!(stripe_events_out_of_order);

/// A delayed payment that fails: the payment fails, the seller is told, the link stays
/// open. A session that runs out: the payment expires quietly.
async fn stripe_delayed_failure_and_expiry(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "80", "currency": "THB", "usage_limit": null }))
        .await;

    let (sid, failing) = pay(&app, &fake, &link).await;
    let unpaid = fake.complete_unpaid(&sid);
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.completed", unpaid.clone()).await,
        "ignored"
    );
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.async_payment_failed", unpaid).await,
        "applied"
    );
    let failed = receiver.wait_for("payment.failed").await.json();
    assert_eq!(failed["data"]["payment"]["id"], failing["id"]);
    assert_eq!(
        failed["data"]["payment"]["failure_reason"],
        "the delayed payment failed"
    );

    let (sid, expiring) = pay(&app, &fake, &link).await;
    let expired = fake.expire(&sid);
    let event = fake.event("checkout.session.expired", expired);
    let (_, r) = deliver(&app, &fake, &event).await;
    assert_eq!(r["outcome"], "applied", "{r}");
    let (_, r) = deliver(&app, &fake, &event).await;
    assert_eq!(r["outcome"], "duplicate", "{r}");

    let payments = payments_of(&app, &link).await;
    let status_of = |p: &Value| {
        payments
            .iter()
            .find(|x| x["id"] == p["id"])
            .map(|x| x["status"].clone())
    };
    assert_eq!(status_of(&failing), Some(json!("failed")));
    assert_eq!(status_of(&expiring), Some(json!("expired")));
    let got = link_of(&app, &link).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("active"), json!(0))
    );
    assert_eq!(timeline(&app, &link, "payment.expired").await.len(), 1);
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.failed"), 1);
    assert_eq!(receiver.count("payment.expired"), 0);
    assert_eq!(receiver.count("payment.succeeded"), 0);
}
on_both!(stripe_delayed_failure_and_expiry);

// ---------------------------------------------------------------------------------------
// 5. Refunds made in Stripe's dashboard
// ---------------------------------------------------------------------------------------

async fn stripe_dashboard_refunds_are_recorded(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "250.00", "currency": "THB" }))
        .await;
    let lid = id_of(&link);
    let (_, payment, pi) = paid(&app, &fake, &link).await;

    // 100 of 250 refunded in the dashboard.
    let charge = fake.refund_in_dashboard(&pi, 10_000);
    assert_eq!(charge["amount_refunded"], 10_000);
    let partial = fake.event("charge.refunded", charge);
    let (_, r) = deliver(&app, &fake, &partial).await;
    assert_eq!(r["outcome"], "applied", "{r}");
    let got = link_of(&app, lid).await;
    assert_eq!(got["status"], "partially_refunded", "{got}");
    assert_eq!(got["refunded_amount_minor"], 10_000);
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount_minor"], 10_000);
    assert_eq!(refunds[0]["status"], "succeeded");
    assert_eq!(refunds[0]["reason"], "refunded at stripe");
    assert_eq!(refunds[0]["payment_id"], payment["id"]);
    let told = receiver.wait_for("refund.succeeded").await.json();
    assert_eq!(told["data"]["refund"]["amount_minor"], 10_000);
    assert_eq!(told["data"]["link"]["status"], "partially_refunded");

    // Stripe delivers the same event again: nothing twice.
    let (_, r) = deliver(&app, &fake, &partial).await;
    assert_eq!(r["outcome"], "duplicate", "{r}");

    // The rest refunded in the dashboard: the event carries the cumulative 250.
    let charge = fake.refund_in_dashboard(&pi, 15_000);
    assert_eq!(charge["amount_refunded"], 25_000);
    assert_eq!(
        outcome_of(&app, &fake, "charge.refunded", charge.clone()).await,
        "applied"
    );
    let got = link_of(&app, lid).await;
    assert_eq!(got["status"], "refunded", "{got}");
    assert_eq!(got["refunded_amount_minor"], 25_000);
    let refunds = refunds_of(&app, lid).await;
    let amounts: Vec<_> = refunds.iter().map(|r| r["amount_minor"].clone()).collect();
    assert_eq!(amounts, [json!(10_000), json!(15_000)]);
    assert!(refunds.iter().all(|r| r["reason"] == "refunded at stripe"));
    assert_eq!(
        payments_of(&app, lid).await[0]["refunded_amount_minor"],
        25_000
    );
    // Another event with the same total (a new id): nothing more to record.
    assert_eq!(
        outcome_of(&app, &fake, "charge.refunded", charge).await,
        "ignored"
    );
    assert_eq!(refunds_of(&app, lid).await.len(), 2);

    // paychat's own refund, then Stripe's charge.refunded for it: already counted.
    let other = app
        .create_link(json!({ "amount": "100.00", "currency": "THB" }))
        .await;
    let oid = id_of(&other);
    let (_, _, pi2) = paid(&app, &fake, &other).await;
    let (status, r) = request_refund(&app, oid, json!({ "amount": "50.00" })).await;
    assert_eq!(status, 201, "{r}");
    let charge = fake.charge_of(&pi2);
    assert_eq!(charge["amount_refunded"], 5_000);
    assert_eq!(
        outcome_of(&app, &fake, "charge.refunded", charge).await,
        "ignored"
    );
    let got = link_of(&app, oid).await;
    assert_eq!(
        (got["status"].clone(), got["refunded_amount_minor"].clone()),
        (json!("partially_refunded"), json!(5_000))
    );
    assert_eq!(refunds_of(&app, oid).await.len(), 1);
    assert_eq!(fake.calls_to("POST", "/v1/refunds").len(), 1);

    app.eventually("three refund.succeeded deliveries", || async {
        (receiver.count("refund.succeeded") == 3).then_some(())
    })
    .await;
    app.outbox_drained().await;
    assert_eq!(deliveries(&receiver, "refund.succeeded", lid).len(), 2);
    assert_eq!(deliveries(&receiver, "refund.succeeded", oid).len(), 1);
}
on_both!(stripe_dashboard_refunds_are_recorded);

/// A charge.refunded for a paychat refund whose own answer was lost settles it (no
/// second refund is recorded); a charge.refunded for a payment paychat does not know
/// is ignored.
async fn stripe_charge_refunded_settles_a_pending_refund(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let (link, pi) = paid_link(&app, &fake, "250.00").await;
    let lid = id_of(&link);

    // Stripe made the refund but each answer was lost: the refund stays pending.
    fake.fail_next(2, Fault::Hang(PAST_TIMEOUT));
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(fake.refunds().len(), 1);
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds[0]["status"], "pending");

    let charge = fake.charge_of(&pi);
    assert_eq!(charge["amount_refunded"], 25_000);
    // It changed something (the pending refund is settled, not doubled): applied.
    let (status, r) = deliver(&app, &fake, &fake.event("charge.refunded", charge)).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "applied", "{r}");
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["status"], "succeeded");
    let got = link_of(&app, lid).await;
    assert_eq!(
        (got["status"].clone(), got["refunded_amount_minor"].clone()),
        (json!("refunded"), json!(25_000))
    );

    let stranger = json!({
        "id": "ch_unknown", "object": "charge", "amount": 100, "amount_refunded": 100,
        "currency": "thb", "payment_intent": "pi_unknown", "refunded": true,
    });
    assert_eq!(
        outcome_of(&app, &fake, "charge.refunded", stranger).await,
        "ignored"
    );
}
on_both!(stripe_charge_refunded_settles_a_pending_refund);

// ---------------------------------------------------------------------------------------
// 6. Amounts that are not what was asked
// ---------------------------------------------------------------------------------------

async fn stripe_amount_or_currency_mismatch_is_held(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;

    for (field, value, reported) in [
        (
            "amount_total",
            json!(2_500),
            json!({ "amount_minor": 2_500, "currency": "THB" }),
        ),
        (
            "currency",
            json!("usd"),
            json!({ "amount_minor": 25_000, "currency": "USD" }),
        ),
    ] {
        let link = app
            .create_link(json!({ "amount": "250.00", "currency": "THB" }))
            .await;
        let lid = id_of(&link);
        let (sid, payment) = pay(&app, &fake, &link).await;
        let completed = fake.complete(&sid);
        let mut wrong = completed.clone();
        wrong[field] = value;
        assert_eq!(
            outcome_of(&app, &fake, "checkout.session.completed", wrong).await,
            "refused",
            "{field}"
        );
        let got = link_of(&app, lid).await;
        assert_eq!(
            (got["status"].clone(), got["paid_count"].clone()),
            (json!("active"), json!(0)),
            "{field}: {got}"
        );
        let payments = payments_of(&app, lid).await;
        assert_eq!(payments[0]["status"], "mismatch", "{field}");
        let held = timeline(&app, lid, "payment.mismatch").await;
        assert_eq!(held.len(), 1, "{field}");
        assert_eq!(held[0]["data"]["reported"], reported, "{field}");
        let told = eventually(&format!("payment.mismatch for {field}"), || async {
            deliveries(&receiver, "payment.mismatch", lid).pop()
        })
        .await;
        assert_eq!(told["data"]["payment"]["id"], payment["id"]);
        assert_eq!(told["data"]["reported"], reported);
        // A buyer cannot be refunded for a payment that was never accepted.
        let (status, r) = request_refund(&app, lid, json!({})).await;
        assert_eq!(status, 400, "{r}");

        // The correct event (Stripe's own, a new id) then applies.
        assert_eq!(
            outcome_of(&app, &fake, "checkout.session.completed", completed).await,
            "applied",
            "{field}"
        );
        let got = link_of(&app, lid).await;
        assert_eq!(
            (got["status"].clone(), got["paid_amount_minor"].clone()),
            (json!("paid"), json!(25_000)),
            "{field}"
        );
        assert_eq!(payments_of(&app, lid).await[0]["status"], "succeeded");
    }
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.mismatch"), 2);
    assert_eq!(receiver.count("payment.succeeded"), 2);
}
on_both!(stripe_amount_or_currency_mismatch_is_held);

// ---------------------------------------------------------------------------------------
// 7. Faults while opening a checkout
// ---------------------------------------------------------------------------------------

async fn stripe_checkout_survives_provider_faults(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let new_link = || app.create_link(json!({ "amount": "40.00", "currency": "THB" }));
    let session_calls = || fake.calls_to("POST", "/v1/checkout/sessions");

    // One 500, then success: one session, two calls with one key.
    let link = new_link().await;
    fake.fail_next(1, Fault::Status(500));
    let (sid, payment) = pay(&app, &fake, &link).await;
    assert_eq!(fake.sessions().len(), 1);
    let calls = session_calls();
    let statuses: Vec<u16> = calls.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [500, 200]);
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key.as_deref() == payment["id"].as_str())
    );
    assert_eq!(payment["provider_payment_id"], sid.as_str());

    // Rate limited, then a lock conflict: both retried with the same key.
    let link = new_link().await;
    fake.fail_next(1, Fault::Status(429));
    fake.fail_next(1, Fault::Status(409));
    let (_, payment) = pay(&app, &fake, &link).await;
    let calls = session_calls()[2..].to_vec();
    let statuses: Vec<u16> = calls.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [429, 409, 200]);
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key.as_deref() == payment["id"].as_str())
    );
    assert_eq!(fake.sessions().len(), 2);

    // The answer is lost to a timeout after Stripe made the session: the retry gets
    // the same session back, and the buyer goes there.
    let link = new_link().await;
    fake.fail_next(1, Fault::Hang(PAST_TIMEOUT));
    let (sid, payment) = pay(&app, &fake, &link).await;
    assert_eq!(fake.sessions().len(), 3, "a retry opened a second session");
    let calls = session_calls()[5..].to_vec();
    assert_eq!(calls.len(), 2);
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key.as_deref() == payment["id"].as_str())
    );
    assert_eq!(payment["provider_payment_id"], sid.as_str());
    assert_eq!(payments_of(&app, &link).await.len(), 1);

    // Stripe down for good: three attempts with one key, a 502 page, nothing stored.
    let link = new_link().await;
    fake.fail_next(5, Fault::Status(500));
    let before = session_calls().len();
    let res = press_pay(&app, link["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 502);
    let ctype = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let calls = session_calls()[before..].to_vec();
    assert_eq!(calls.len(), 3, "at most three attempts");
    let key = calls[0].idempotency_key.clone();
    assert!(key.is_some());
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key == key && c.status == 500)
    );
    assert!(payments_of(&app, &link).await.is_empty());
    assert_eq!(link_of(&app, &link).await["status"], "active");
    assert_eq!(fake.sessions().len(), 3);
    // The buyer tries again (two faults still queued): a new payment, a new key.
    let (_, payment) = pay(&app, &fake, &link).await;
    assert_ne!(payment["id"].as_str().map(str::to_owned), key);
    assert_eq!(payments_of(&app, &link).await.len(), 1);

    // A refusal: no retry, a 422 page, and the seller is told in Stripe's words.
    let link = new_link().await;
    let before = session_calls().len();
    fake.fail_next(
        1,
        Fault::Refuse(
            400,
            "Your account cannot currently make live charges.".into(),
        ),
    );
    let res = press_pay(&app, link["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("<html"), "{page}");
    assert_eq!(
        session_calls().len(),
        before + 1,
        "a refusal is not retried"
    );
    assert!(payments_of(&app, &link).await.is_empty());
    assert_eq!(link_of(&app, &link).await["status"], "active");
    let told = eventually("checkout.failed", || async {
        deliveries(&receiver, "checkout.failed", id_of(&link)).pop()
    })
    .await;
    let error = told["data"]["error"].as_str().unwrap();
    assert!(
        error.starts_with("stripe refused: Your account cannot currently make live charges."),
        "{error}"
    );
    assert_eq!(timeline(&app, &link, "checkout.failed").await.len(), 1);
    app.outbox_drained().await;
    assert_eq!(
        receiver.count("checkout.failed"),
        1,
        "only the refusal is told"
    );

    // The next buyer meets the same refusal: on the timeline again, but the seller,
    // told minutes ago, is not told again within the hour.
    fake.fail_next(
        1,
        Fault::Refuse(
            400,
            "Your account cannot currently make live charges.".into(),
        ),
    );
    let res = press_pay(&app, link["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(timeline(&app, &link, "checkout.failed").await.len(), 2);
    app.outbox_drained().await;
    assert_eq!(receiver.count("checkout.failed"), 1, "told once an hour");
}
on_both!(stripe_checkout_survives_provider_faults);

// ---------------------------------------------------------------------------------------
// 8. Faults while refunding
// ---------------------------------------------------------------------------------------

async fn stripe_refund_refused_or_unreachable(backend: Backend) {
    let (app, fake) = stripe_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;

    // Refused: 422 in Stripe's words, the refund failed, the amount free again.
    let (link, _) = paid_link(&app, &fake, "250.00").await;
    let lid = id_of(&link);
    fake.fail_next(
        1,
        Fault::Refuse(
            400,
            "This charge is under dispute and cannot be refunded.".into(),
        ),
    );
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["error"]["code"], "provider_refused");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("stripe refused: This charge is under dispute and cannot be refunded."),
        "{message}"
    );
    assert_eq!(fake.calls_to("POST", "/v1/refunds").len(), 1, "no retry");
    let got = link_of(&app, lid).await;
    assert_eq!(
        (got["status"].clone(), got["refunded_amount_minor"].clone()),
        (json!("paid"), json!(0))
    );
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["status"], "failed");
    assert_eq!(payments_of(&app, lid).await[0]["refunded_amount_minor"], 0);
    let failed = eventually("refund.failed", || async {
        deliveries(&receiver, "refund.failed", lid).pop()
    })
    .await;
    assert!(
        failed["data"]["error"]
            .as_str()
            .unwrap()
            .contains("under dispute"),
        "{failed}"
    );
    // The released amount can be refunded again.
    let (status, r) = request_refund(&app, lid, json!({ "amount": "50.00" })).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["link"]["status"], "partially_refunded");

    // Unreachable: 202, the refund pending with its amount held.
    let (link, _) = paid_link(&app, &fake, "100.00").await;
    let lid = id_of(&link);
    let before = fake.calls_to("POST", "/v1/refunds").len();
    fake.fail_next(5, Fault::Status(500));
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(fake.calls_to("POST", "/v1/refunds").len(), before + 3);
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["status"], "pending");
    let refund_id = refunds[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        payments_of(&app, lid).await[0]["refunded_amount_minor"],
        10_000
    );
    assert_eq!(link_of(&app, lid).await["status"], "paid");
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 400, "the held amount cannot be refunded twice: {r}");
    assert_eq!(r["error"]["code"], "refund_pending");

    // Reconciliation sends it again, with the same key, and settles it.
    until_reconcile_due(&app);
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 1, "{report:?}");
    assert_eq!(report.errors, 0, "{report:?}");
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["status"], "succeeded");
    let got = link_of(&app, lid).await;
    assert_eq!(
        (got["status"].clone(), got["refunded_amount_minor"].clone()),
        (json!("refunded"), json!(10_000))
    );
    let calls: Vec<_> = fake.calls_to("POST", "/v1/refunds")[before..].to_vec();
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key.as_deref() == Some(refund_id.as_str())),
        "{calls:?}"
    );
    assert_eq!(calls.iter().filter(|c| c.status == 200).count(), 1);
    let stripe_refunds: Vec<Value> = fake
        .refunds()
        .into_iter()
        .filter(|r| r["metadata"]["paychat_refund_id"] == refund_id.as_str())
        .collect();
    assert_eq!(stripe_refunds.len(), 1);
    assert_eq!(stripe_refunds[0]["amount"], 10_000);
    // One refund of the first link, one of this: nothing more at Stripe.
    assert_eq!(fake.refunds().len(), 2);
    // Nothing left to do on the next pass.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 0, "{report:?}");

    // An operator resolves a pending refund by hand (`paychat refund release`): the
    // held amount is freed; a refund no longer pending is refused.
    let (link, _) = paid_link(&app, &fake, "30.00").await;
    let lid = id_of(&link);
    fake.fail_next(5, Fault::Status(500));
    let (status, _) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 202);
    let pending = refunds_of(&app, lid).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let released = app
        .engine
        .resolve_refund(&pending, RefundResolution::Failed)
        .await
        .unwrap();
    assert_eq!(released.status, paychat::domain::RefundStatus::Failed);
    assert_eq!(payments_of(&app, lid).await[0]["refunded_amount_minor"], 0);
    assert_eq!(link_of(&app, lid).await["status"], "paid");
    let again = app
        .engine
        .resolve_refund(&pending, RefundResolution::Succeeded)
        .await;
    assert!(
        matches!(&again, Err(paychat::engine::EngineError::Invalid { code, .. }) if *code == "refund_not_pending"),
        "{again:?}"
    );
}
on_both!(stripe_refund_refused_or_unreachable);

/// Stripe made the refund but its answers were lost to timeouts: reconciliation asks
/// again with the same key and Stripe replays it; the money goes back once.
async fn stripe_lost_refund_answer_is_replayed_not_repeated(backend: Backend) {
    let (app, fake) = stripe_app_with(backend, &[RECONCILE_SOON]).await;
    let (link, pi) = paid_link(&app, &fake, "250.00").await;
    let lid = id_of(&link);

    fake.fail_next(2, Fault::Hang(PAST_TIMEOUT));
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(fake.refunds().len(), 1, "Stripe did refund");
    assert_eq!(refunds_of(&app, lid).await[0]["status"], "pending");
    assert_eq!(fake.charge_of(&pi)["amount_refunded"], 25_000);

    // The refund is already older than RECONCILE_AFTER_SECS.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 1, "{report:?}");
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(refunds[0]["status"], "succeeded");
    assert_eq!(
        refunds[0]["provider_refund_id"],
        fake.refunds()[0]["id"],
        "the replayed refund is recorded"
    );
    assert_eq!(link_of(&app, lid).await["status"], "refunded");
    let calls = fake.calls_to("POST", "/v1/refunds");
    assert_eq!(calls.len(), 3, "{calls:?}");
    let keys: std::collections::HashSet<_> =
        calls.iter().map(|c| c.idempotency_key.clone()).collect();
    assert_eq!(keys.len(), 1);
    assert_eq!(fake.refunds().len(), 1, "the money went back once");
    assert_eq!(fake.charge_of(&pi)["amount_refunded"], 25_000);
}
on_both!(stripe_lost_refund_answer_is_replayed_not_repeated);

// ---------------------------------------------------------------------------------------
// 9. Currencies
// ---------------------------------------------------------------------------------------

async fn stripe_currency_units_and_refusals(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    for (amount, currency, units, minor) in [
        ("500", "JPY", "500", 500),
        ("1.230", "KWD", "1230", 1230),
        ("500", "ISK", "50000", 500),
        ("1500", "MGA", "1500", 150_000),
        ("99.99", "USD", "9999", 9999),
    ] {
        let link = app
            .create_link(json!({ "amount": amount, "currency": currency }))
            .await;
        assert_eq!(link["amount_minor"], minor, "{link}");
        let (sid, _, pi) = {
            let (sid, payment) = pay(&app, &fake, &link).await;
            let call = fake
                .calls_to("POST", "/v1/checkout/sessions")
                .pop()
                .unwrap();
            assert_eq!(
                call.body["line_items[0][price_data][unit_amount]"], units,
                "{currency}"
            );
            assert_eq!(
                call.body["line_items[0][price_data][currency]"],
                currency.to_ascii_lowercase()
            );
            let completed = fake.complete(&sid);
            let pi = completed["payment_intent"].as_str().unwrap().to_owned();
            assert_eq!(
                outcome_of(&app, &fake, "checkout.session.completed", completed).await,
                "applied",
                "{currency}: Stripe's units read back as the same amount"
            );
            (sid, payment, pi)
        };
        let got = link_of(&app, &link).await;
        assert_eq!(
            (got["status"].clone(), got["paid_amount_minor"].clone()),
            (json!("paid"), json!(minor)),
            "{currency}"
        );
        // Refunded in Stripe's units too.
        let (status, r) = request_refund(&app, &link, json!({})).await;
        assert_eq!(status, 201, "{currency}: {r}");
        let call = fake.calls_to("POST", "/v1/refunds").pop().unwrap();
        assert_eq!(call.body["amount"], units, "{currency}");
        assert_eq!(call.body["payment_intent"], pi.as_str());
        assert!(!sid.is_empty());
    }

    let before = app.get("/api/v1/links").await.1["data"]
        .as_array()
        .unwrap()
        .len();
    for (amount, currency, says) in [
        ("5.00", "THB", "10.00 THB"),
        ("0.49", "USD", "0.50 USD"),
        ("49", "JPY", "50 JPY"),
        ("1.235", "KWD", "0.010"),
        ("1500.50", "MGA", "only in whole units"),
        ("1000000.00", "USD", "above what Stripe Checkout takes"),
    ] {
        let (status, r) = app
            .post(
                "/api/v1/links",
                json!({ "amount": amount, "currency": currency }),
            )
            .await;
        assert_eq!(status, 422, "{amount} {currency}: {r}");
        assert_eq!(r["error"]["code"], "provider_refused", "{r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("stripe refused: "), "{message}");
        assert!(message.contains(says), "{amount} {currency}: {message}");
    }
    let after = app.get("/api/v1/links").await.1["data"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after, "a refused amount made a link");
    assert_eq!(fake.sessions().len(), 5, "refusals never reach Stripe");
}
on_both!(stripe_currency_units_and_refusals);

// ---------------------------------------------------------------------------------------
// 10. Reconciliation of payments
// ---------------------------------------------------------------------------------------

async fn stripe_reconciliation_finds_what_webhooks_missed(backend: Backend) {
    let (app, fake) = stripe_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let new_link = || app.create_link(json!({ "amount": "60.00", "currency": "THB" }));
    let gets = || fake.calls_to("GET", "/v1/checkout/sessions/").len();

    let paid_link = new_link().await;
    let (paid_sid, paid_payment) = pay(&app, &fake, &paid_link).await;
    let completed = fake.complete(&paid_sid);
    let pi = completed["payment_intent"].as_str().unwrap().to_owned();
    let open_link = new_link().await;
    let (open_sid, _) = pay(&app, &fake, &open_link).await;
    let gone_link = new_link().await;
    let (gone_sid, _) = pay(&app, &fake, &gone_link).await;
    fake.expire(&gone_sid);

    // Not due yet.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.checked, 0, "{report:?}");
    assert_eq!(gets(), 0);

    until_reconcile_due(&app);
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(
        (report.checked, report.applied, report.errors),
        (3, 2, 0),
        "{report:?}"
    );
    assert_eq!(gets(), 3);
    let got = link_of(&app, &paid_link).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("paid"), json!(1))
    );
    let p = &payments_of(&app, &paid_link).await[0];
    assert_eq!(p["status"], "succeeded");
    assert_eq!(p["payer_name"], "Test Buyer");
    assert_eq!(payments_of(&app, &gone_link).await[0]["status"], "expired");
    assert_eq!(link_of(&app, &gone_link).await["status"], "active");
    assert_eq!(payments_of(&app, &open_link).await[0]["status"], "pending");
    assert_eq!(link_of(&app, &open_link).await["status"], "active");
    let told = receiver.wait_for("payment.succeeded").await.json();
    assert_eq!(told["data"]["payment"]["id"], paid_payment["id"]);

    // The open one is not asked again straight away (its next time has moved on).
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.checked, 0, "{report:?}");
    assert_eq!(gets(), 3);
    assert!(
        fake.calls_to("GET", &format!("/v1/checkout/sessions/{open_sid}"))
            .len()
            == 1
    );

    // Stripe's webhook arrives after all: nothing changes, nobody is told twice.
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.completed", completed).await,
        "ignored"
    );
    let got = link_of(&app, &paid_link).await;
    assert_eq!(
        (got["paid_count"].clone(), got["paid_amount_minor"].clone()),
        (json!(1), json!(6000))
    );
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 1);
    assert_eq!(
        timeline(&app, &paid_link, "payment.succeeded").await.len(),
        1
    );

    // What reconciliation learnt is enough to refund: the payment intent.
    let (status, r) = request_refund(&app, &paid_link, json!({})).await;
    assert_eq!(status, 201, "{r}");
    let call = fake.calls_to("POST", "/v1/refunds").pop().unwrap();
    assert_eq!(call.body["payment_intent"], pi.as_str());
    assert_eq!(call.body["amount"], "6000");
}
on_both!(stripe_reconciliation_finds_what_webhooks_missed);

// ---------------------------------------------------------------------------------------
// 11. Cancelling closes the checkout at Stripe
// ---------------------------------------------------------------------------------------

async fn stripe_cancel_expires_the_open_session(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB", "usage_limit": null }))
        .await;
    let lid = id_of(&link);
    let slug = link["slug"].as_str().unwrap();
    // One buyer paid, another is still at Stripe's checkout.
    let (paid_sid, _, _) = paid(&app, &fake, &link).await;
    let (open_sid, _) = pay(&app, &fake, &link).await;
    assert_eq!(fake.session(&open_sid).unwrap()["status"], "open");

    let (status, got) = cancel_link(&app, lid).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["status"], "cancelled");
    eventually("the open session expired at Stripe", || async {
        (fake.session(&open_sid).unwrap()["status"] == "expired").then_some(())
    })
    .await;
    app.outbox_drained().await;
    let expires = fake.calls_to("POST", "/v1/checkout/sessions/");
    let expires: Vec<_> = expires
        .iter()
        .filter(|c| c.path.ends_with("/expire"))
        .collect();
    assert_eq!(expires.len(), 1, "{expires:?}");
    assert_eq!(
        expires[0].path,
        format!("/v1/checkout/sessions/{open_sid}/expire")
    );
    assert_eq!(expires[0].status, 200);
    assert_eq!(fake.session(&paid_sid).unwrap()["status"], "complete");

    // The buyer can no longer start a checkout; Stripe's expiry event is recorded.
    let res = press_pay(&app, slug).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/p/{slug}"));
    assert_eq!(fake.sessions().len(), 2);
    let expired = fake.session(&open_sid).unwrap();
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.expired", expired).await,
        "applied"
    );
    let statuses: Vec<Value> = payments_of(&app, lid)
        .await
        .iter()
        .map(|p| p["status"].clone())
        .collect();
    assert_eq!(statuses, [json!("succeeded"), json!("expired")]);
    assert_eq!(link_of(&app, lid).await["status"], "cancelled");
}
on_both!(stripe_cancel_expires_the_open_session);

/// The seller cancels while Stripe is still opening a buyer's session: the session made
/// in that instant is closed too, and the buyer is sent back to the closed link.
async fn stripe_cancel_during_checkout_closes_that_session(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB" }))
        .await;
    let slug = link["slug"].as_str().unwrap().to_owned();
    // Stripe makes the session at once but answers half a second later.
    fake.fail_next(1, Fault::Hang(std::time::Duration::from_millis(500)));
    let buyer = {
        let app_url = app.url(&format!("/p/{slug}/pay"));
        let client = app.client.clone();
        tokio::spawn(async move { client.post(app_url).send().await.unwrap() })
    };
    eventually("the session is made", || async { fake.last_session() }).await;
    let (status, got) = cancel_link(&app, id_of(&link)).await;
    assert_eq!(status, 200, "{got}");
    let res = buyer.await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        format!("/p/{slug}"),
        "sent back to the closed link"
    );
    let sid = fake.last_session().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    eventually("that session expired at Stripe", || async {
        (fake.session(&sid).unwrap()["status"] == "expired").then_some(())
    })
    .await;
}
on_both!(stripe_cancel_during_checkout_closes_that_session);

/// A single-use link paid by one buyer: the other buyers' open sessions are closed.
async fn stripe_paid_single_use_link_closes_other_sessions(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB", "usage_limit": 1 }))
        .await;
    let (other_sid, _) = pay(&app, &fake, &link).await;
    let (paid_sid, _, _) = paid(&app, &fake, &link).await;
    assert_eq!(link_of(&app, &link).await["status"], "paid");
    eventually("the other buyer's session expired at Stripe", || async {
        (fake.session(&other_sid).unwrap()["status"] == "expired").then_some(())
    })
    .await;
    app.outbox_drained().await;
    assert_eq!(fake.session(&paid_sid).unwrap()["status"], "complete");
    let expires: Vec<_> = fake
        .calls_to("POST", "/v1/checkout/sessions/")
        .into_iter()
        .filter(|c| c.path.ends_with("/expire"))
        .collect();
    assert_eq!(expires.len(), 1, "only the open one: {expires:?}");

    // Paid by hand (`/paid`): a buyer still at Stripe is stopped as well.
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB", "usage_limit": 1 }))
        .await;
    let (open_sid, _) = pay(&app, &fake, &link).await;
    app.engine
        .record_manual_payment(&app.seller_id, id_of(&link), None)
        .await
        .unwrap();
    eventually("the session expired after /paid", || async {
        (fake.session(&open_sid).unwrap()["status"] == "expired").then_some(())
    })
    .await;
}
on_both!(stripe_paid_single_use_link_closes_other_sessions);

// ---------------------------------------------------------------------------------------
// 12. The secret key never leaks
// ---------------------------------------------------------------------------------------

async fn stripe_secret_key_never_leaks(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB" }))
        .await;
    let slug = link["slug"].as_str().unwrap().to_owned();

    // Stripe's 401 quotes the key paychat sent. Whether paychat takes it as a refusal
    // (422, the seller told) or as its own outage (502, for the operator), the key
    // shows nowhere.
    fake.fail_next(
        1,
        Fault::Refuse(401, format!("Invalid API Key provided: {KEY}")),
    );
    let res = press_pay(&app, &slug).await;
    assert!(
        [422, 502].contains(&res.status().as_u16()),
        "{}",
        res.status()
    );
    assert!(!res.text().await.unwrap().contains(KEY));
    // A refusal echoing the key: the seller's checkout.failed carries *** instead.
    fake.fail_next(
        1,
        Fault::Refuse(400, format!("No such API key on this account: {KEY}")),
    );
    assert_eq!(press_pay(&app, &slug).await.status(), 422);
    let told = eventually("checkout.failed with the echoed key", || async {
        deliveries(&receiver, "checkout.failed", id_of(&link))
            .into_iter()
            .find(|d| d.to_string().contains("No such API key"))
    })
    .await;
    assert!(!told.to_string().contains(KEY), "{told}");
    let error = told["data"]["error"].as_str().unwrap();
    assert!(
        error.contains("No such API key on this account: ***"),
        "{error}"
    );

    // The same from refunds, in the API's answers.
    paid(&app, &fake, &link).await;
    fake.fail_next(
        1,
        Fault::Refuse(400, format!("No such API key on this account: {KEY}")),
    );
    let (status, r) = request_refund(&app, &link, json!({ "amount": "10.00" })).await;
    assert_eq!(status, 422, "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(message.contains("***"), "{message}");
    assert!(!r.to_string().contains(KEY), "{r}");
    // A 5xx echoing the key: retried, then left pending; the key is in no answer.
    fake.fail_next(
        3,
        Fault::Refuse(500, format!("Upstream rejected key {KEY}")),
    );
    let (status, r) = request_refund(&app, &link, json!({ "amount": "10.00" })).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert!(!r.to_string().contains(KEY), "{r}");

    // Nor anywhere the seller or an operator can read.
    let events = app
        .get(&format!("/api/v1/links/{}/events", id_of(&link)))
        .await
        .1;
    assert!(!events.to_string().contains(KEY), "{events}");
    receiver.wait_for("refund.failed").await;
    app.outbox_drained().await;
    for r in receiver.received() {
        assert!(!String::from_utf8_lossy(&r.body).contains(KEY));
    }
    let metrics = app.metrics().await;
    assert!(!metrics.contains(KEY));
    assert!(!metrics.contains(WHSEC));
}
on_both!(stripe_secret_key_never_leaks);

// ---------------------------------------------------------------------------------------
// Per-seller provider
// ---------------------------------------------------------------------------------------

async fn stripe_for_one_seller_only(backend: Backend) {
    let (app, fake) = stripe_app_with(backend, &[("PAYCHAT_PROVIDERS__DEFAULT", "sandbox")]).await;
    let before = app
        .create_link(json!({ "amount": "40.00", "currency": "THB" }))
        .await;
    assert_eq!(before["provider"], "sandbox");

    set_provider(&app, Some("stripe")).await;
    let on_stripe = app
        .create_link(json!({ "amount": "41.00", "currency": "THB" }))
        .await;
    assert_eq!(on_stripe["provider"], "stripe");
    // Stripe's rules now apply to this seller's new links.
    let (status, r) = app
        .post(
            "/api/v1/links",
            json!({ "amount": "5.00", "currency": "THB" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), r["error"]["code"].clone()),
        (422, json!("provider_refused"))
    );
    // Another seller stays on the default.
    let other = another_sellers_link(&app, json!({ "amount": "41.00", "currency": "THB" })).await;
    assert_eq!(other["provider"], "sandbox");

    set_provider(&app, None).await;
    let after = app
        .create_link(json!({ "amount": "42.00", "currency": "THB" }))
        .await;
    assert_eq!(after["provider"], "sandbox");
    assert!(
        app.engine
            .set_seller_provider(&app.seller_id, Some("paypal"))
            .await
            .is_err()
    );

    // Links keep the provider they were made with.
    assert_eq!(link_of(&app, &on_stripe).await["provider"], "stripe");
    let (sid, payment) = pay(&app, &fake, &on_stripe).await;
    assert_eq!(payment["provider"], "stripe");
    assert_eq!(fake.sessions().len(), 1);
    for sandbox in [&before, &after] {
        let res = press_pay(&app, sandbox["slug"].as_str().unwrap()).await;
        assert_eq!(res.status(), 303);
        assert!(location(&res).contains("/sandbox/checkout/"));
    }
    assert_eq!(fake.sessions().len(), 1);
    complete(&app, &fake, &sid).await;
    assert_eq!(link_of(&app, &on_stripe).await["status"], "paid");
}
on_both!(stripe_for_one_seller_only);

// ---------------------------------------------------------------------------------------
// Refunds that cross: the dashboard while paychat's own refund is unresolved
// ---------------------------------------------------------------------------------------

/// paychat's full refund could not reach Stripe (pending, its amount held); meanwhile
/// the seller refunds part in Stripe's dashboard. Stripe then refuses paychat's retry
/// (only the rest is left). paychat's books must end where Stripe's are: the
/// dashboard refund recorded, paychat's own refund failed.
async fn stripe_dashboard_refund_while_a_refund_is_pending_is_not_lost(backend: Backend) {
    let (app, fake) = stripe_app_reconciling(backend).await;
    let (link, pi) = paid_link(&app, &fake, "100.00").await;
    let lid = id_of(&link);

    fake.fail_next(3, Fault::Status(500));
    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(refunds_of(&app, lid).await[0]["status"], "pending");

    let charge = fake.refund_in_dashboard(&pi, 4_000);
    let (status, r) = deliver(&app, &fake, &fake.event("charge.refunded", charge)).await;
    assert_eq!(status, 200, "{r}");

    until_reconcile_due(&app);
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(
        fake.charge_of(&pi)["amount_refunded"],
        4_000,
        "Stripe's books"
    );

    let refunds = refunds_of(&app, lid).await;
    let settled: i64 = refunds
        .iter()
        .filter(|r| r["status"] == "succeeded")
        .map(|r| r["amount_minor"].as_i64().unwrap())
        .sum();
    let got = link_of(&app, lid).await;
    assert_eq!(
        (
            settled,
            got["refunded_amount_minor"].clone(),
            got["status"].clone()
        ),
        (4_000, json!(4_000), json!("partially_refunded")),
        "paychat's books: {refunds:?} {got}"
    );
    assert!(
        refunds
            .iter()
            .any(|r| r["reason"] == "refunded at stripe" && r["amount_minor"] == 4_000),
        "{refunds:?}"
    );
    assert_eq!(
        payments_of(&app, lid).await[0]["refunded_amount_minor"],
        4_000
    );
}
on_both!(stripe_dashboard_refund_while_a_refund_is_pending_is_not_lost);

/// Reconciliation must not take a refusal that is about paychat itself (a revoked or
/// rotated key: 401) for Stripe saying the checkout does not exist: the payment stays
/// pending, the seller is not told it failed, and it is asked again.
async fn stripe_reconcile_does_not_fail_payments_on_an_auth_error(backend: Backend) {
    let (app, fake) = stripe_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "60.00", "currency": "THB" }))
        .await;
    let (sid, _) = pay(&app, &fake, &link).await;
    until_reconcile_due(&app);

    fake.fail_next(
        1,
        Fault::Refuse(401, "Invalid API Key provided: sk_test_****7890".into()),
    );
    let report = app.engine.reconcile().await.unwrap();
    let payment = &payments_of(&app, &link).await[0];
    assert_eq!(
        payment["status"], "pending",
        "a 401 is not Stripe denying the checkout: {report:?} {payment}"
    );
    assert_eq!((report.checked, report.applied), (1, 0), "{report:?}");
    assert_eq!(report.errors, 1, "{report:?}");
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.failed"), 0);

    // The buyer did pay: the webhook still makes it a plain success.
    complete(&app, &fake, &sid).await;
    assert_eq!(link_of(&app, &link).await["status"], "paid");
}
on_both!(stripe_reconcile_does_not_fail_payments_on_an_auth_error);

/// The buyer finished paying just as the seller cancelled: Stripe will not expire a
/// completed session (nothing to close, no endless retries), the money is recorded as
/// late on the cancelled link, and it can be refunded.
async fn stripe_payment_completed_as_the_link_was_cancelled(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB" }))
        .await;
    let lid = id_of(&link);
    let (sid, payment) = pay(&app, &fake, &link).await;
    let completed = fake.complete(&sid);

    let (status, got) = cancel_link(&app, lid).await;
    assert_eq!(
        (status.as_u16(), got["status"].clone()),
        (200, json!("cancelled"))
    );
    let expire = format!("/v1/checkout/sessions/{sid}/expire");
    eventually("the expire call", || async {
        (!fake.calls_to("POST", &expire).is_empty()).then_some(())
    })
    .await;
    app.outbox_drained().await;
    let calls = fake.calls_to("POST", &expire);
    assert_eq!(calls.len(), 1, "a refused close is not retried: {calls:?}");
    assert_eq!(calls[0].status, 400);

    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.completed", completed).await,
        "applied"
    );
    let got = link_of(&app, lid).await;
    assert_eq!(got["status"], "cancelled", "{got}");
    assert_eq!(got["paid_amount_minor"], 4_000, "{got}");
    assert_eq!(payments_of(&app, lid).await[0]["status"], "succeeded");
    let told = receiver.wait_for("payment.succeeded").await.json();
    assert_eq!(told["data"]["late"], true);
    assert_eq!(told["data"]["payment"]["id"], payment["id"]);

    let (status, r) = request_refund(&app, lid, json!({})).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["link"]["status"], "cancelled");
    assert_eq!(r["link"]["refunded_amount_minor"], 4_000);
    assert_eq!(
        fake.calls_to("POST", "/v1/refunds")[0].body["amount"],
        "4000"
    );
}
on_both!(stripe_payment_completed_as_the_link_was_cancelled);

/// A link that runs out while a buyer is at Stripe's checkout (which Stripe keeps open
/// for at least 30 minutes) has that session closed by the expiry sweep.
async fn stripe_link_expiry_closes_the_open_session(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    let soon = chrono::DateTime::from_timestamp(now_unix() + 3, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB", "expiry_date": soon }))
        .await;
    let (sid, _) = pay(&app, &fake, &link).await;
    let at: i64 = fake.calls_to("POST", "/v1/checkout/sessions")[0].body["expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(at >= now_unix() + 30 * 60, "{at}");
    eventually("the link expired and its session closed", || async {
        (fake.session(&sid).unwrap()["status"] == "expired").then_some(())
    })
    .await;
    assert_eq!(link_of(&app, &link).await["status"], "expired");
    assert_eq!(
        fake.calls_to("POST", &format!("/v1/checkout/sessions/{sid}/expire"))
            .len(),
        1
    );
}
on_both!(stripe_link_expiry_closes_the_open_session);

/// Signed but not for paychat: junk, event types paychat does not act on, sessions it
/// never opened.
async fn stripe_events_paychat_does_not_act_on(backend: Backend) {
    let (app, fake) = stripe_app(backend).await;
    for junk in [
        &b"{not json"[..],
        br#"{"id":"evt_1","type":"checkout.session.completed"}"#,
    ] {
        let sig = fake.sign(junk, now_unix());
        let (status, r) = post_raw(&app, junk, Some(&sig)).await;
        assert_eq!(status, 400, "{r}");
        assert_eq!(r["error"]["code"], "malformed_webhook");
    }
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB" }))
        .await;
    let (sid, _) = pay(&app, &fake, &link).await;
    let session = fake.session(&sid).unwrap();
    assert_eq!(
        outcome_of(
            &app,
            &fake,
            "payment_intent.created",
            json!({ "id": "pi_x" })
        )
        .await,
        "ignored"
    );
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.async_payment_succeeded", {
            let mut s = session.clone();
            s["payment_status"] = json!("paid");
            s["id"] = json!("cs_test_not_ours");
            s
        })
        .await,
        "ignored"
    );
    assert_eq!(
        outcome_of(&app, &fake, "checkout.session.expired", {
            let mut s = session;
            s["id"] = json!("cs_test_not_ours");
            s
        })
        .await,
        "ignored"
    );
    assert_eq!(payments_of(&app, &link).await[0]["status"], "pending");
    assert_eq!(link_of(&app, &link).await["status"], "active");
}
on_both!(stripe_events_paychat_does_not_act_on);

/// The same for a refund whose answer was lost: Stripe did refund, and a 401 while
/// reconciliation asks again says nothing about that refund. It must not be marked
/// failed and its amount released (the seller could then refund the money twice).
async fn stripe_reconcile_does_not_fail_a_refund_on_an_auth_error(backend: Backend) {
    let (app, fake) = stripe_app_with(backend, &[RECONCILE_SOON]).await;
    let (link, pi) = paid_link(&app, &fake, "100.00").await;
    let lid = id_of(&link);
    fake.fail_next(2, Fault::Hang(PAST_TIMEOUT));
    let (status, r) = request_refund(&app, lid, json!({ "amount": "40.00" })).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(
        fake.charge_of(&pi)["amount_refunded"],
        4_000,
        "Stripe refunded"
    );

    fake.fail_next(
        1,
        Fault::Refuse(401, "Invalid API Key provided: sk_test_****7890".into()),
    );
    let report = app.engine.reconcile().await.unwrap();
    let refunds = refunds_of(&app, lid).await;
    assert_eq!(
        refunds[0]["status"], "pending",
        "Stripe refunded it; a 401 does not say otherwise: {report:?} {refunds:?}"
    );
    assert_eq!(report.errors, 1, "{report:?}");
    assert_eq!(
        payments_of(&app, lid).await[0]["refunded_amount_minor"],
        4_000,
        "the amount Stripe gave back stays held"
    );

    // With the key working again the next pass settles it, once.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 1, "{report:?}");
    assert_eq!(refunds_of(&app, lid).await[0]["status"], "succeeded");
    assert_eq!(fake.refunds().len(), 1);
}
on_both!(stripe_reconcile_does_not_fail_a_refund_on_an_auth_error);

/// Stripe's webhook and a reconciliation pass find the same payment at the same time:
/// it is paid once and the seller told once.
async fn stripe_webhook_racing_reconciliation_applies_once(backend: Backend) {
    let (app, fake) = stripe_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "60.00", "currency": "THB", "usage_limit": null }))
        .await;
    let (sid, _) = pay(&app, &fake, &link).await;
    let event = fake.event("checkout.session.completed", fake.complete(&sid));
    until_reconcile_due(&app);

    let ((status, r), report) = tokio::join!(deliver(&app, &fake, &event), app.engine.reconcile());
    let report = report.unwrap();
    assert_eq!(status, 200, "{r}");
    let by_webhook = usize::from(r["outcome"] == "applied");
    assert!(
        ["applied", "ignored"].contains(&r["outcome"].as_str().unwrap()),
        "{r}"
    );
    assert_eq!(by_webhook + report.applied, 1, "{r} {report:?}");
    let got = link_of(&app, &link).await;
    assert_eq!(
        (got["paid_count"].clone(), got["paid_amount_minor"].clone()),
        (json!(1), json!(6_000)),
        "{got}"
    );
    receiver.wait_for("payment.succeeded").await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 1);
    assert_eq!(timeline(&app, &link, "payment.succeeded").await.len(), 1);
}
on_both!(stripe_webhook_racing_reconciliation_applies_once);
