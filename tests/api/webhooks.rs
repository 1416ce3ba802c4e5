//! Webhooks both ways: the provider's signed events coming in (security, idempotency,
//! ordering, amounts), the seller's notifications going out (retries, restarts,
//! replicas), and what the sweeper, reusable links, refunds and /metrics do around them.

use std::collections::HashSet;
use std::time::Duration;

use paychat::adapters::providers::sandbox::{SandboxEvent, SandboxEventData};
use paychat::adapters::signing::sign_header;
use serde_json::{Value, json};

use crate::helpers::{Backend, Receiver, TestApp, eventually, location, spawn_app};
use crate::on_both;

/// The sandbox's signing key as shipped in config.toml.
const SANDBOX_SECRET: &[u8] = b"sandbox-signing-secret";
const SANDBOX_HOOK: &str = "/webhooks/providers/sandbox";

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Points the seller's outgoing webhooks at `url`; returns the signing secret.
async fn hook_to(app: &TestApp, url: &str) -> String {
    let (status, body) = put_hook(app, url).await;
    assert_eq!(status, 200, "{body}");
    body["secret"].as_str().expect("secret").to_owned()
}

/// `PUT /api/v1/webhook_endpoint` with `url`: the status and body.
async fn put_hook(app: &TestApp, url: &str) -> (reqwest::StatusCode, Value) {
    let (status, body, _) = app
        .api(
            reqwest::Method::PUT,
            "/api/v1/webhook_endpoint",
            &app.key,
            Some(json!({ "url": url })),
        )
        .await;
    (status, body)
}

async fn link_of(app: &TestApp, id: &str) -> Value {
    let (status, link) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(status, 200, "{link}");
    link
}

async fn payments_of(app: &TestApp, id: &str) -> Vec<Value> {
    let (status, list) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    assert_eq!(status, 200, "{list}");
    list["data"].as_array().expect("data").clone()
}

async fn refunds_of(app: &TestApp, id: &str) -> Vec<Value> {
    let (status, list) = app.get(&format!("/api/v1/links/{id}/refunds")).await;
    assert_eq!(status, 200, "{list}");
    list["data"].as_array().expect("data").clone()
}

/// The buyer presses Pay but never finishes the checkout: returns the pending payment.
async fn start_checkout(app: &TestApp, link: &Value) -> Value {
    let slug = link["slug"].as_str().expect("slug");
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay")))
        .send()
        .await
        .expect("pay");
    assert_eq!(res.status(), 303);
    let to = location(&res);
    assert!(to.contains("/sandbox/checkout/"), "{to}");
    let payments = payments_of(app, link["id"].as_str().expect("id")).await;
    let payment = payments.last().expect("a payment").clone();
    assert_eq!(payment["status"], "pending", "{payment}");
    assert!(
        payment["provider_payment_id"]
            .as_str()
            .is_some_and(|p| p.starts_with("sbx_")),
        "{payment}"
    );
    payment
}

/// Pressing Pay on a link that cannot be paid sends the buyer back to its page.
async fn pay_is_turned_away(app: &TestApp, slug: &str) {
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay")))
        .send()
        .await
        .expect("pay");
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/p/{slug}"));
}

/// A sandbox event about `payment`, as the sandbox itself would send it.
fn event_for(id: &str, kind: &str, payment: &Value) -> SandboxEvent {
    SandboxEvent {
        id: id.to_owned(),
        kind: kind.to_owned(),
        created: now_unix(),
        data: SandboxEventData {
            payment_id: payment["provider_payment_id"]
                .as_str()
                .expect("provider_payment_id")
                .to_owned(),
            amount_minor: payment["amount_minor"].as_i64().expect("amount_minor"),
            currency: payment["currency"].as_str().expect("currency").to_owned(),
            payer_name: Some("Forged Payer".into()),
            payer_email: None,
            failure_reason: (kind == "payment.failed").then(|| "card_declined".into()),
        },
    }
}

fn new_event_id() -> String {
    format!("sbxevt_test_{}", crate::kit::server::random_hex(6))
}

/// POSTs `body` to a provider webhook route with `signature` (if any).
async fn post_webhook(
    app: &TestApp,
    path: &str,
    body: &[u8],
    signature: Option<String>,
) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.url(path))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(sig) = signature {
        req = req.header("sandbox-signature", sig);
    }
    let res = req.send().await.expect("webhook");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Signs `event` as the sandbox does, now, and delivers it.
async fn deliver(app: &TestApp, event: &SandboxEvent) -> (u16, Value) {
    let body = serde_json::to_vec(event).expect("json");
    let sig = sign_header(SANDBOX_SECRET, now_unix(), &body);
    post_webhook(app, SANDBOX_HOOK, &body, Some(sig)).await
}

/// The value of one series (`name{labels}`) in Prometheus text.
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

fn assert_unchanged(link: &Value, payment: &Value) {
    assert_eq!(link["status"], "active", "{link}");
    assert_eq!(link["paid_count"], 0, "{link}");
    assert_eq!(payment["status"], "pending", "{payment}");
}

// ---------------------------------------------------------------------------------------
// Incoming provider webhooks
// ---------------------------------------------------------------------------------------

async fn unsigned_forged_or_stale_provider_webhooks_are_refused_and_change_nothing(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "120.00", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;
    let event = event_for(&new_event_id(), "payment.succeeded", &payment);
    let body = serde_json::to_vec(&event).unwrap();
    let now = now_unix();

    // No signature header.
    let (status, r) = post_webhook(&app, SANDBOX_HOOK, &body, None).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature");

    // Signed with another key.
    let sig = sign_header(b"not-the-sandbox-secret", now, &body);
    let (status, r) = post_webhook(&app, SANDBOX_HOOK, &body, Some(sig)).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature");

    // The body changed after signing (another payer name), the same signature.
    let sig = sign_header(SANDBOX_SECRET, now, &body);
    let mut tampered = event_for(&event.id, "payment.succeeded", &payment);
    tampered.data.payer_name = Some("Mallory".into());
    let tampered = serde_json::to_vec(&tampered).unwrap();
    assert_ne!(tampered, body);
    let (status, r) = post_webhook(&app, SANDBOX_HOOK, &tampered, Some(sig)).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature");

    // A correct signature, but older than the 300 s tolerance (a replay).
    let sig = sign_header(SANDBOX_SECRET, now - 301, &body);
    let (status, r) = post_webhook(&app, SANDBOX_HOOK, &body, Some(sig)).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature");

    // A header that is not a signature at all.
    let (status, r) = post_webhook(&app, SANDBOX_HOOK, &body, Some("v1=deadbeef".to_owned())).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature");

    // A valid signature over something that is not a sandbox event.
    for junk in [
        &b"{not json"[..],
        br#"{"id":"evt_1","type":"payment.succeeded"}"#,
    ] {
        let sig = sign_header(SANDBOX_SECRET, now_unix(), junk);
        let (status, r) = post_webhook(&app, SANDBOX_HOOK, junk, Some(sig)).await;
        assert_eq!(status, 400, "{r}");
        assert_eq!(r["error"]["code"], "malformed_webhook");
    }

    // A well-formed event for this payment, but without an id: a retry could not be
    // told from a new event, so it is refused and nothing moves.
    for blank in ["", "   "] {
        let event = serde_json::to_vec(&event_for(blank, "payment.succeeded", &payment)).unwrap();
        let sig = sign_header(SANDBOX_SECRET, now_unix(), &event);
        let (status, r) = post_webhook(&app, SANDBOX_HOOK, &event, Some(sig)).await;
        assert_eq!(status, 400, "{r}");
        assert_eq!(r["error"]["code"], "malformed_webhook");
    }

    // A provider paychat does not have.
    let sig = sign_header(SANDBOX_SECRET, now_unix(), &body);
    let (status, r) = post_webhook(&app, "/webhooks/providers/stripe", &body, Some(sig)).await;
    assert_eq!(status, 404, "{r}");
    assert_eq!(r["error"]["code"], "not_found");

    // Nothing moved.
    let got = link_of(&app, id).await;
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 1);
    assert_unchanged(&got, &payments[0]);
    let text = app.metrics().await;
    assert_eq!(
        metric(
            &text,
            r#"paychat_provider_webhooks_total{outcome="bad_signature"}"#
        ),
        Some(5.0),
        "{text}"
    );
    assert_eq!(
        metric(
            &text,
            r#"paychat_provider_webhooks_total{outcome="malformed"}"#
        ),
        Some(4.0),
        "{text}"
    );

    // None of the refusals used up the event id: the genuine delivery still applies.
    let (status, r) = deliver(&app, &event).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "applied");
    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "paid");
    assert_eq!(got["paid_count"], 1);
    let payments = payments_of(&app, id).await;
    assert_eq!(payments[0]["payer_name"], "Forged Payer");
}
on_both!(unsigned_forged_or_stale_provider_webhooks_are_refused_and_change_nothing);

async fn the_same_provider_event_twice_is_applied_and_notified_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "75.50", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;
    let event = event_for(&new_event_id(), "payment.succeeded", &payment);

    let (status, first) = deliver(&app, &event).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["outcome"], "applied");
    // The provider retries the very same event (e.g. it missed our 200).
    let (status, second) = deliver(&app, &event).await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["received"], true);
    assert_eq!(second["outcome"], "duplicate");

    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "paid");
    assert_eq!(got["paid_count"], 1);
    assert_eq!(got["paid_amount_minor"], 7550);
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "succeeded");

    let paid = receiver.wait_for("payment.succeeded").await;
    assert_eq!(paid.json()["data"]["payment"]["id"], payment["id"]);
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 1);
    let timeline = app.get(&format!("/api/v1/links/{id}/events")).await.1;
    let succeeded = timeline["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "payment.succeeded")
        .count();
    assert_eq!(succeeded, 1, "{timeline}");
}
on_both!(the_same_provider_event_twice_is_applied_and_notified_once);

async fn racing_deliveries_of_one_payment_count_it_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount_minor": 990, "currency": "USD", "usage_limit": null }))
        .await;
    let id = link["id"].as_str().unwrap();

    // The same event delivered twice at once.
    let payment = start_checkout(&app, &link).await;
    let event = event_for(&new_event_id(), "payment.succeeded", &payment);
    let ((s1, r1), (s2, r2)) = tokio::join!(deliver(&app, &event), deliver(&app, &event));
    assert_eq!((s1, s2), (200, 200), "{r1} {r2}");
    let mut outcomes = [r1["outcome"].clone(), r2["outcome"].clone()];
    outcomes.sort_by_key(ToString::to_string);
    assert_eq!(outcomes, [json!("applied"), json!("duplicate")]);

    // Two different events for one payment at once (a provider sending it twice).
    let payment = start_checkout(&app, &link).await;
    let a = event_for(&new_event_id(), "payment.succeeded", &payment);
    let b = event_for(&new_event_id(), "payment.succeeded", &payment);
    let ((s1, r1), (s2, r2)) = tokio::join!(deliver(&app, &a), deliver(&app, &b));
    assert_eq!((s1, s2), (200, 200), "{r1} {r2}");
    let mut outcomes = [r1["outcome"].clone(), r2["outcome"].clone()];
    outcomes.sort_by_key(ToString::to_string);
    assert_eq!(outcomes, [json!("applied"), json!("ignored")]);

    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "active");
    assert_eq!(got["paid_count"], 2, "{got}");
    assert_eq!(got["paid_amount_minor"], 1980, "{got}");
}
on_both!(racing_deliveries_of_one_payment_count_it_once);

async fn a_late_failure_or_second_success_after_success_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;

    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.succeeded", &payment),
    )
    .await;
    assert_eq!(
        (status, r["outcome"].clone()),
        (200, json!("applied")),
        "{r}"
    );

    // Providers do not promise order: a failure for the same payment arrives later.
    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.failed", &payment),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "ignored");
    // And a second success under another event id.
    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.succeeded", &payment),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "ignored");

    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "paid");
    assert_eq!(got["paid_count"], 1);
    assert_eq!(got["paid_amount_minor"], 1000);
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["status"], "succeeded");
    assert_eq!(payments[0]["failure_reason"], Value::Null);

    receiver.wait_for("payment.succeeded").await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 1);
    assert_eq!(receiver.count("payment.failed"), 0);
}
on_both!(a_late_failure_or_second_success_after_success_changes_nothing);

/// A declined attempt, then a success for the same payment: the payment is succeeded,
/// without the earlier failure's reason (the timeline keeps it).
async fn a_success_after_a_failure_clears_its_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;
    for kind in ["payment.failed", "payment.succeeded"] {
        let (status, r) = deliver(&app, &event_for(&new_event_id(), kind, &payment)).await;
        assert_eq!(status, 200, "{r}");
    }
    let payments = payments_of(&app, id).await;
    assert_eq!(payments[0]["status"], "succeeded", "{payments:?}");
    assert_eq!(payments[0]["failure_reason"], Value::Null, "{payments:?}");
}
on_both!(a_success_after_a_failure_clears_its_reason);

async fn a_success_for_another_amount_or_currency_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "500.00", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;
    let event_id = new_event_id();

    let mut less = event_for(&event_id, "payment.succeeded", &payment);
    less.data.amount_minor = 100;
    let (status, r) = deliver(&app, &less).await;
    // Acknowledged (the provider need not retry) but refused: recorded, never paid.
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "refused");
    let (status, r) = deliver(&app, &less).await;
    assert_eq!((status, r["outcome"].as_str()), (200, Some("duplicate")));

    let mut other_currency = event_for(&new_event_id(), "payment.succeeded", &payment);
    other_currency.data.currency = "USD".into();
    let (status, r) = deliver(&app, &other_currency).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "refused");

    let got = link_of(&app, id).await;
    let payments = payments_of(&app, id).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(got["paid_count"], 0, "{got}");
    assert_eq!(got["paid_amount_minor"], 0);
    assert_eq!(payments[0]["status"], "mismatch", "{}", payments[0]);
    // Surfaced on the timeline.
    let (_, events) = app.get(&format!("/api/v1/links/{id}/events")).await;
    assert!(events.to_string().contains("payment.mismatch"), "{events}");

    // The provider's corrected event (a new event id) applies.
    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.succeeded", &payment),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "applied");
    assert_eq!(link_of(&app, id).await["paid_amount_minor"], 50000);
}
on_both!(a_success_for_another_amount_or_currency_is_refused);

async fn events_for_unknown_payments_or_types_are_acknowledged_and_ignored(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "5", "currency": "USD" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let payment = start_checkout(&app, &link).await;

    let stranger = json!({
        "provider_payment_id": "sbx_000000000000000000000000",
        "amount_minor": 500,
        "currency": "USD",
    });
    let event = event_for(&new_event_id(), "payment.succeeded", &stranger);
    let (status, r) = deliver(&app, &event).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "ignored");
    // Its repeat is recognised as such.
    let (status, r) = deliver(&app, &event).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "duplicate");

    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.failed", &stranger),
    )
    .await;
    assert_eq!(
        (status, r["outcome"].clone()),
        (200, json!("ignored")),
        "{r}"
    );

    // A type the sandbox may send but paychat does not act on.
    let (status, r) = deliver(
        &app,
        &event_for(&new_event_id(), "payment.disputed", &payment),
    )
    .await;
    assert_eq!(
        (status, r["outcome"].clone()),
        (200, json!("ignored")),
        "{r}"
    );

    let got = link_of(&app, id).await;
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 1);
    assert_unchanged(&got, &payments[0]);
}
on_both!(events_for_unknown_payments_or_types_are_acknowledged_and_ignored);

// ---------------------------------------------------------------------------------------
// Expiry and usage limits
// ---------------------------------------------------------------------------------------

fn in_millis(ms: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::milliseconds(ms))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn an_expired_link_is_swept_notified_once_and_cannot_be_paid(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "30", "currency": "THB", "expiry_date": in_millis(2000) }))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    assert_eq!(link["status"], "active");

    app.eventually("the sweeper to expire the link", || async {
        let got = link_of(&app, id).await;
        (got["status"] == "expired").then_some(())
    })
    .await;
    let expired = receiver.wait_for("link.expired").await.json();
    assert_eq!(expired["data"]["link"]["id"], id);
    assert_eq!(expired["data"]["link"]["status"], "expired");
    assert_eq!(expired["data"]["from"], "active");
    assert_eq!(expired["data"]["to"], "expired");
    // A later sweep must not expire it again.
    assert_eq!(app.engine.expire_due().await.unwrap(), 0);
    app.outbox_drained().await;
    assert_eq!(receiver.count("link.expired"), 1);

    pay_is_turned_away(&app, slug).await;
    assert!(payments_of(&app, id).await.is_empty());
    let text = app.metrics().await;
    assert_eq!(
        metric(&text, "paychat_links_expired_total"),
        Some(1.0),
        "{text}"
    );
}
on_both!(an_expired_link_is_swept_notified_once_and_cannot_be_paid);

async fn a_link_past_its_expiry_cannot_be_paid_before_the_sweeper_runs(backend: Backend) {
    // The sweeper runs once at start, then not for an hour.
    let app = TestApp::builder()
        .manual_clock()
        .env(&[("PAYCHAT_LINKS__EXPIRY_SWEEP_SECS", "3600")])
        .spawn(backend)
        .await;
    let expiry = chrono::DateTime::from_timestamp_millis(app.clock().now_ms() + 800)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let link = app
        .create_link(json!({ "amount": "30", "currency": "THB", "expiry_date": expiry }))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    app.clock().advance(Duration::from_millis(1000));

    assert_eq!(link_of(&app, id).await["status"], "active", "not swept yet");
    pay_is_turned_away(&app, slug).await;
    assert!(payments_of(&app, id).await.is_empty());
}
on_both!(a_link_past_its_expiry_cannot_be_paid_before_the_sweeper_runs);

async fn a_reusable_link_takes_many_payments_and_stays_active(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "20.00", "currency": "THB", "usage_limit": null }))
        .await;
    assert_eq!(link["usage_limit"], Value::Null);
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    for _ in 0..3 {
        let (status, _, _) = app.buyer_pays(slug, "succeed").await;
        assert_eq!(status, 200);
    }
    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "active");
    assert_eq!(got["paid_count"], 3);
    assert_eq!(got["paid_amount_minor"], 6000);
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 3);
    assert!(payments.iter().all(|p| p["status"] == "succeeded"));
}
on_both!(a_reusable_link_takes_many_payments_and_stays_active);

async fn a_link_used_up_by_its_limit_is_paid_and_opens_no_checkout(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "20.00", "currency": "THB", "usage_limit": 2 }))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();

    app.buyer_pays(slug, "succeed").await;
    let got = link_of(&app, id).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("active"), json!(1))
    );
    app.buyer_pays(slug, "succeed").await;
    let got = link_of(&app, id).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("paid"), json!(2))
    );

    pay_is_turned_away(&app, slug).await;
    assert_eq!(payments_of(&app, id).await.len(), 2);
}
on_both!(a_link_used_up_by_its_limit_is_paid_and_opens_no_checkout);

// ---------------------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------------------

async fn refunds_never_exceed_what_is_left_and_reach_the_seller(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "100.00", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    app.buyer_pays(link["slug"].as_str().unwrap(), "succeed")
        .await;
    let path = format!("/api/v1/links/{id}/refunds");

    let (status, r) = app.post(&path, json!({ "amount_minor": 10001 })).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "refund_exceeds_payment");
    assert_eq!(r["error"]["field"], "amount_minor", "the field sent");

    let (status, r) = app
        .post(
            &path,
            json!({ "amount_minor": 4000, "reason": "broken cup" }),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["status"], "succeeded");
    assert_eq!(r["link"]["status"], "partially_refunded");

    let (status, r) = app.post(&path, json!({ "amount_minor": 6001 })).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "refund_exceeds_payment");
    let (status, r) = app.post(&path, json!({ "amount": "60.01" })).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "refund_exceeds_payment");
    assert_eq!(r["error"]["field"], "amount");

    let (status, r) = app.post(&path, json!({ "amount_minor": 6000 })).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["link"]["status"], "refunded");
    assert_eq!(r["link"]["refunded_amount_minor"], 10000);

    let refunds = refunds_of(&app, id).await;
    let amounts: Vec<_> = refunds.iter().map(|r| r["amount_minor"].clone()).collect();
    assert_eq!(amounts, [json!(4000), json!(6000)]);
    assert!(refunds.iter().all(|r| r["status"] == "succeeded"));
    assert_eq!(refunds[0]["reason"], "broken cup");
    let payments = payments_of(&app, id).await;
    assert_eq!(payments[0]["refunded_amount_minor"], 10000);

    app.eventually("two refund.succeeded deliveries", || async {
        (receiver.count("refund.succeeded") == 2).then_some(())
    })
    .await;
    let delivered: HashSet<String> = receiver
        .received()
        .iter()
        .filter(|r| r.header("paychat-event-type") == "refund.succeeded")
        .map(|r| {
            r.json()["data"]["refund"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let listed: HashSet<String> = refunds
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(delivered, listed);
}
on_both!(refunds_never_exceed_what_is_left_and_reach_the_seller);

async fn a_link_without_a_successful_payment_has_nothing_to_refund(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "100.00", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    let path = format!("/api/v1/links/{id}/refunds");

    let (status, r) = app.post(&path, json!({})).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "nothing_to_refund");

    // A failed attempt is not something to refund either.
    app.buyer_pays(link["slug"].as_str().unwrap(), "fail").await;
    let (status, r) = app.post(&path, json!({ "amount_minor": 100 })).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "nothing_to_refund");
    assert!(refunds_of(&app, id).await.is_empty());
    assert_eq!(link_of(&app, id).await["status"], "active");
}
on_both!(a_link_without_a_successful_payment_has_nothing_to_refund);

async fn a_reusable_link_refunds_the_payment_it_is_told(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "40.00", "currency": "THB", "usage_limit": null }))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    app.buyer_pays(slug, "succeed").await;
    app.buyer_pays(slug, "succeed").await;
    let payments = payments_of(&app, id).await;
    assert_eq!(payments.len(), 2);
    let (first, second) = (&payments[0]["id"], &payments[1]["id"]);
    let path = format!("/api/v1/links/{id}/refunds");

    let (status, r) = app.post(&path, json!({})).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "payment_id_required");

    let (status, r) = app
        .post(&path, json!({ "payment_id": "pay_not_a_real_one" }))
        .await;
    assert_eq!(status, 404, "{r}");

    let (status, r) = app.post(&path, json!({ "payment_id": second })).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["payment_id"], *second);
    assert_eq!(r["refund"]["amount_minor"], 4000);
    assert_eq!(r["link"]["status"], "active");
    assert_eq!(r["link"]["refunded_amount_minor"], 4000);

    let (status, r) = app.post(&path, json!({ "payment_id": second })).await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "already_refunded");

    let payments = payments_of(&app, id).await;
    assert_eq!(payments[0]["refunded_amount_minor"], 0);
    assert_eq!(payments[1]["refunded_amount_minor"], 4000);
    let refunds = refunds_of(&app, id).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["payment_id"], *second);
    assert_ne!(refunds[0]["payment_id"], *first);

    // The link stays open for more buyers.
    let got = link_of(&app, id).await;
    assert_eq!(
        (got["status"].clone(), got["paid_count"].clone()),
        (json!("active"), json!(2))
    );
    let refund = receiver.wait_for("refund.succeeded").await.json();
    assert_eq!(refund["data"]["refund"]["payment_id"], *second);
    assert_eq!(refund["data"]["link"]["status"], "active");
}
on_both!(a_reusable_link_refunds_the_payment_it_is_told);

// ---------------------------------------------------------------------------------------
// Outgoing webhooks: retries, restarts, replicas
// ---------------------------------------------------------------------------------------

async fn a_failing_seller_endpoint_gets_the_event_once_after_retries(backend: Backend) {
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(2).await;
    let secret = hook_to(&app, &receiver.url).await;
    let link = app
        .create_link(json!({ "amount": "1", "currency": "USD" }))
        .await;

    let got = receiver.wait_for("link.created").await;
    assert_eq!(got.json()["data"]["link"]["id"], link["id"]);
    assert!(paychat::adapters::signing::verify_header(
        secret.as_bytes(),
        got.header("paychat-signature"),
        &got.body,
        now_unix()
    ));
    app.outbox_drained().await;
    assert_eq!(receiver.count("link.created"), 1);
    assert_eq!(receiver.received().len(), 1);

    let text = app.metrics().await;
    let retries = metric(&text, r#"paychat_outbox_deliveries_total{outcome="retry"}"#).unwrap();
    assert!(retries >= 2.0, "{text}");
    assert_eq!(
        metric(
            &text,
            r#"paychat_outbox_deliveries_total{outcome="delivered"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(metric(&text, "paychat_outbox_depth"), Some(0.0), "{text}");
    assert_eq!(metric(&text, "paychat_outbox_dead"), Some(0.0), "{text}");
}
on_both!(a_failing_seller_endpoint_gets_the_event_once_after_retries);

async fn a_pending_notification_survives_a_restart_and_arrives_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // A port where nothing listens: every delivery fails until the seller fixes the URL.
    let dead_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    hook_to(&app, &format!("http://127.0.0.1:{dead_port}/hook")).await;
    let link = app
        .create_link(json!({ "amount": "12", "currency": "USD" }))
        .await;
    app.eventually("a failed delivery attempt", || async {
        let text = app.metrics().await;
        metric(&text, r#"paychat_outbox_deliveries_total{outcome="retry"}"#).filter(|n| *n >= 1.0)
    })
    .await;
    let depth = metric(&app.metrics().await, "paychat_outbox_depth");
    assert_eq!(depth, Some(1.0));
    app.stop().await;

    // A new process on the same database; the seller points the webhook somewhere live.
    let receiver = Receiver::start(0).await;
    let mut again = TestApp::builder().start(app.db.clone()).await;
    again.seller_id.clone_from(&app.seller_id);
    again.key.clone_from(&app.key);
    hook_to(&again, &receiver.url).await;

    let got = receiver.wait_for("link.created").await;
    assert_eq!(got.json()["data"]["link"]["id"], link["id"]);
    let id = link["id"].as_str().unwrap();
    let timeline = again.get(&format!("/api/v1/links/{id}/events")).await.1;
    let created = timeline["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "link.created")
        .cloned()
        .unwrap();
    assert_eq!(
        got.header("paychat-event-id"),
        created["id"].as_str().unwrap()
    );
    again.outbox_drained().await;
    assert_eq!(receiver.count("link.created"), 1);
    assert_eq!(
        metric(&again.metrics().await, "paychat_outbox_depth"),
        Some(0.0)
    );
    again.stop().await;
}
on_both!(a_pending_notification_survives_a_restart_and_arrives_once);

async fn two_replicas_on_one_database_deliver_each_event_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut other = TestApp::builder().start(app.db.clone()).await;
    other.seller_id.clone_from(&app.seller_id);
    other.key.clone_from(&app.key);
    let receiver = Receiver::start(0).await;
    hook_to(&app, &receiver.url).await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let target = if i % 2 == 0 { &app } else { &other };
        let req = target
            .client
            .post(target.url("/api/v1/links"))
            .bearer_auth(&target.key)
            .json(&json!({ "amount_minor": 100 + i, "currency": "USD" }));
        tasks.spawn(async move {
            let res = req.send().await.expect("create");
            assert_eq!(res.status(), 201);
            let v: Value = res.json().await.expect("json");
            v["id"].as_str().unwrap().to_owned()
        });
    }
    let mut created = HashSet::new();
    while let Some(id) = tasks.join_next().await {
        created.insert(id.unwrap());
    }
    assert_eq!(created.len(), 20);

    eventually("20 link.created deliveries", || async {
        (receiver.count("link.created") >= 20).then_some(())
    })
    .await;
    app.outbox_drained().await;
    let got = receiver.received();
    assert_eq!(got.len(), 20, "no event may be delivered twice");
    let event_ids: HashSet<&str> = got.iter().map(|r| r.header("paychat-event-id")).collect();
    assert_eq!(event_ids.len(), 20);
    let link_ids: HashSet<String> = got
        .iter()
        .map(|r| r.json()["data"]["link"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(link_ids, created);
    other.stop().await;
}
on_both!(two_replicas_on_one_database_deliver_each_event_once);

// ---------------------------------------------------------------------------------------
// Operator endpoints
// ---------------------------------------------------------------------------------------

async fn health_readiness_and_metrics_tell_the_truth_and_no_secrets(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
    let res = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({ "status": "ready" })
    );

    let receiver = Receiver::start(0).await;
    let secret = hook_to(&app, &receiver.url).await;
    // One payment through the sandbox, one through a forged event delivered twice.
    let paid = app
        .create_link(json!({ "amount": "9", "currency": "THB" }))
        .await;
    app.buyer_pays(paid["slug"].as_str().unwrap(), "succeed")
        .await;
    let forged = app
        .create_link(json!({ "amount": "8", "currency": "THB" }))
        .await;
    let payment = start_checkout(&app, &forged).await;
    let event = event_for(&new_event_id(), "payment.succeeded", &payment);
    assert_eq!(deliver(&app, &event).await.1["outcome"], "applied");
    assert_eq!(deliver(&app, &event).await.1["outcome"], "duplicate");

    // Two link.created and two payment.succeeded go out; then nothing waits.
    app.eventually("four deliveries", || async {
        (receiver.received().len() == 4).then_some(())
    })
    .await;
    let text = app
        .eventually("an empty outbox", || async {
            let text = app.metrics().await;
            (metric(&text, "paychat_outbox_depth") == Some(0.0)).then_some(text)
        })
        .await;
    let expect = [
        ("paychat_links_created_total", 2.0),
        (r#"paychat_payments_total{outcome="succeeded"}"#, 2.0),
        (r#"paychat_payments_total{outcome="failed"}"#, 0.0),
        (
            r#"paychat_provider_webhooks_total{outcome="accepted"}"#,
            2.0,
        ),
        (
            r#"paychat_provider_webhooks_total{outcome="duplicate"}"#,
            1.0,
        ),
        (
            r#"paychat_provider_webhooks_total{outcome="bad_signature"}"#,
            0.0,
        ),
        (
            r#"paychat_outbox_deliveries_total{outcome="delivered"}"#,
            4.0,
        ),
        ("paychat_outbox_depth", 0.0),
        ("paychat_outbox_dead", 0.0),
    ];
    for (series, value) in expect {
        assert_eq!(metric(&text, series), Some(value), "{series} in\n{text}");
    }
    assert!(text.contains("# TYPE paychat_outbox_depth gauge"), "{text}");
    assert!(!text.contains(&app.key), "the API key leaked into /metrics");
    assert!(
        !text.contains(&secret),
        "the webhook secret leaked into /metrics"
    );
    assert!(!text.contains("sandbox-signing-secret"));
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    let ctype = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ctype.starts_with("text/plain"), "{ctype}");
}
on_both!(health_readiness_and_metrics_tell_the_truth_and_no_secrets);

/// Timestamps at the edge of i64 must be refused, not overflow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_absurd_signature_timestamp_is_refused_not_a_crash() {
    let app = spawn_app(Backend::Sqlite).await;
    for header in [
        "t=-9223372036854775808,v1=00",
        "t=-9223372036854775000,v1=00",
        "t=9223372036854775807,v1=00",
    ] {
        let (status, r) = post_webhook(&app, SANDBOX_HOOK, b"{}", Some(header.to_owned())).await;
        assert_eq!(status, 401, "{header}: {r}");
        assert_eq!(r["error"]["code"], "bad_signature", "{header}");
    }
}

async fn two_refunds_at_once_never_give_back_more_than_was_paid(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "100.00", "currency": "THB" }))
        .await;
    let id = link["id"].as_str().unwrap();
    app.buyer_pays(link["slug"].as_str().unwrap(), "succeed")
        .await;
    let path = format!("/api/v1/links/{id}/refunds");

    // Two full refunds race: exactly one gives the money back.
    let ((s1, r1), (s2, r2)) = tokio::join!(app.post(&path, json!({})), app.post(&path, json!({})));
    let mut statuses = [s1.as_u16(), s2.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 400], "{r1} {r2}");
    let refused = if s1 == 400 { &r1 } else { &r2 };
    // Refused as done, or as still in flight if it came while the other was pending.
    assert!(
        ["already_refunded", "refund_pending"]
            .contains(&refused["error"]["code"].as_str().unwrap_or_default()),
        "{refused}"
    );

    let got = link_of(&app, id).await;
    assert_eq!(got["status"], "refunded");
    assert_eq!(got["refunded_amount_minor"], 10000);
    let refunds = refunds_of(&app, id).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(
        payments_of(&app, id).await[0]["refunded_amount_minor"],
        10000
    );
}
on_both!(two_refunds_at_once_never_give_back_more_than_was_paid);

/// Without `webhooks.allow_private`, a seller's webhook may not reach loopback, private,
/// link-local (cloud metadata) or other non-public addresses: refused when set, by
/// literal address or by what a name resolves to, and never sent to at delivery either
/// (an endpoint stored before the rule, or a name that now resolves to loopback).
async fn webhooks_go_to_public_addresses_only(backend: Backend) {
    let app =
        crate::helpers::spawn_app_with(backend, &[("PAYCHAT_WEBHOOKS__ALLOW_PRIVATE", "false")])
            .await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://10.1.2.3/hook",
        "http://172.20.0.5/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/",
        "http://0.0.0.0:8080/",
        "http://[::1]:9/hook",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:9/hook",
    ] {
        let (status, body) = put_hook(&app, url).await;
        assert_eq!(status, 400, "{url}: {body}");
        assert_eq!(body["error"]["code"], "url_not_public", "{url}: {body}");
        assert_eq!(body["error"]["field"], "url", "{body}");
    }
    // Not an http(s) URL at all: url_invalid, whatever it would point at.
    for url in [
        "javascript:alert(1)",
        "not a url",
        "",
        "ftp://files.example/hook",
    ] {
        let (status, body) = put_hook(&app, url).await;
        assert_eq!(status, 400, "{url}: {body}");
        assert_eq!(body["error"]["code"], "url_invalid", "{url}: {body}");
    }

    // Stored before the rule (here: straight through the engine), to a literal
    // loopback address and to a name for it: nothing is ever sent there.
    let receiver = Receiver::start(0).await;
    let by_name = receiver.url.replace("127.0.0.1", "localhost");
    for (url, outcome) in [(receiver.url.as_str(), "dead"), (by_name.as_str(), "retry")] {
        app.engine
            .set_webhook_endpoint(&app.seller_id, url, None)
            .await
            .unwrap();
        let link = app
            .create_link(json!({ "amount": "50.00", "currency": "THB" }))
            .await;
        let slug = link["url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        app.buyer_pays(&slug, "succeed").await;
        let series = format!("paychat_outbox_deliveries_total{{outcome=\"{outcome}\"}}");
        eventually(&format!("the delivery to {url} refused"), || async {
            let text = app.metrics().await;
            (metric(&text, &series)? >= 1.0).then_some(())
        })
        .await;
    }
    assert!(receiver.received().is_empty(), "nothing reached loopback");
}
on_both!(webhooks_go_to_public_addresses_only);

/// With the database gone, `/readyz` says so at once (503), well before the pool would
/// give up waiting for a connection (10 s); back to 200 when it returns. Postgres only:
/// the test takes it away by cutting a proxy of its own, never the shared server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_answers_at_once_when_the_database_is_down() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let db = crate::helpers::TestDb::create(&backend).await;
    let (proxy, through) = crate::kit::proxy::Proxy::before(&db).await;
    let app = TestApp::builder().start(std::sync::Arc::new(through)).await;
    let ready = || async {
        // Bounded below the pool's 10 s: an answer after it would be the old behaviour.
        let res = app
            .client
            .get(app.url("/readyz"))
            .timeout(Duration::from_secs(8))
            .send()
            .await
            .expect("readyz answers before the pool gives up");
        let status = res.status().as_u16();
        (status, res.json::<Value>().await.unwrap())
    };
    assert_eq!(ready().await.0, 200);

    proxy.cut();
    let (status, body) = ready().await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body,
        json!({ "status": "unavailable", "reason": "database" })
    );
    // Liveness does not depend on the database.
    let live = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    // Nor do the counters: /metrics answers without the outbox gauges it cannot read,
    // before a scraper (10 s by default) would give up on the whole scrape.
    let scrape = app
        .client
        .get(app.url("/metrics"))
        .timeout(Duration::from_secs(8))
        .send()
        .await
        .expect("metrics answer while the database is gone");
    assert_eq!(scrape.status(), 200);
    let text = scrape.text().await.unwrap();
    assert!(text.contains("paychat_http_requests_total"), "{text}");
    assert!(!text.contains("paychat_outbox_depth"), "{text}");
    drop(app);
    drop(db);
}

/// After the database restarts, the pool's connections are dead. paychat skips sqlx's
/// ping for a connection used moments ago, so one idle for a second or more must still
/// be pinged and replaced, not handed to the next query. Postgres only: the test drops
/// the connections at a proxy of its own. A bare store, so that no worker or listener
/// clears the dead connections first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_lost_in_a_database_restart_are_replaced() {
    use paychat::engine::ports::store::SellerStore as _;
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let db = crate::helpers::TestDb::create(&backend).await;
    let (proxy, through) = crate::kit::proxy::Proxy::before(&db).await;
    let store = paychat::engine::store::connect(&through.url, 4)
        .await
        .unwrap();
    store.ping().await.unwrap();

    proxy.drop_connections();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for _ in 0..4 {
        store
            .ping()
            .await
            .expect("a query after the restart gets a live connection");
    }
    drop(db);
}

/// Rows another replica commits to the outbox wake this one's worker at once (its
/// NOTIFY after the commit), though this one polls only once a minute. Postgres only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_replicas_rows_wake_the_worker() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let app =
        crate::helpers::spawn_app_with(backend, &[("PAYCHAT_NOTIFIER__POLL_INTERVAL_MS", "60000")])
            .await;
    let receiver = Receiver::start(0).await;
    app.engine
        .set_webhook_endpoint(&app.seller_id, &receiver.url, None)
        .await
        .unwrap();
    // Let the worker fall asleep on its long poll.
    app.outbox_drained().await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    // "Another replica": its own store on the same database commits a row, then
    // announces it the way paychat does after a commit.
    let other = paychat::engine::store::connect(&app.db.url, 2)
        .await
        .unwrap();
    let (committed, (_stop, stopped)) = (
        std::sync::Arc::new(tokio::sync::Notify::new()),
        tokio::sync::watch::channel(false),
    );
    let announcer = {
        let (other, committed) = (other.clone(), committed.clone());
        tokio::spawn(async move { other.announce_outbox(committed, stopped).await })
    };
    let now = chrono::Utc::now().timestamp_millis();
    sqlx::query(
        "insert into outbox (channel, destination, kind, event_id, payload, dedupe_key, \
         status, attempts, next_attempt_at, created_at) \
         values ('webhook', $1, 'link.created', 'evt_wake', '{\"id\":\"evt_wake\"}', \
         'wake-test', 'pending', 0, $2, $2)",
    )
    .bind(app.seller_id.as_str())
    .bind(now)
    .execute(
        &mut <sqlx::PgConnection as sqlx::Connection>::connect(&app.db.url)
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    committed.notify_one();
    let got = receiver.wait_for("link.created").await;
    assert_eq!(got.json()["id"], "evt_wake");
    announcer.abort();
}

/// A change that queues a notification holds no notify lock in its transaction: the
/// outbox has no trigger left that would send NOTIFY from inside it. Postgres only.
#[tokio::test]
async fn changes_send_no_notify_inside_their_transaction() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let app = crate::helpers::spawn_app(backend).await;
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&app.db.url)
        .await
        .unwrap();
    let triggers: i64 = sqlx::query_scalar(
        "select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid \
         where c.relname = 'outbox' and c.relnamespace = current_schema()::regnamespace \
         and not t.tgisinternal",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(triggers, 0);
}
