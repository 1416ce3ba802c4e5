//! Outreach by SMS end to end: `notify_by_phone` on the create API, the text through the
//! outbox over real HTTP to the fake Twilio in `fake_twilio` (form fields and Basic auth
//! checked), schedules on the manual clock, the daily cap per seller, and `/link …
//! to:+66… send:now` in chat. Twilio's refusals and outages: `failures`.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_smtp::FakeSmtp;
use crate::fake_twilio::{FROM, FakeTwilio};
use crate::helpers::{Backend, TestApp, eventually};
use crate::on_both;

mod failures;
mod reminders;

/// As the seller types it, read in Thailand (the link is in THB).
pub(crate) const TYPED: &str = "081 234 5678";
pub(crate) const E164: &str = "+66812345678";

/// paychat texting through `twilio` (and `extra` settings), on the manual clock.
pub(crate) async fn sms_app(
    backend: Backend,
    twilio: &FakeTwilio,
    extra: &[(&str, &str)],
) -> TestApp {
    let env = twilio.env();
    let mut pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs.extend_from_slice(extra);
    TestApp::builder()
        .env(&pairs)
        .manual_clock()
        .spawn(backend)
        .await
}

pub(crate) fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A create body for 250.00 THB "Tuition" texted to `TYPED` in English, with `extra`.
pub(crate) fn body(extra: Value) -> Value {
    let mut b = json!({
        "amount": "250.00",
        "currency": "THB",
        "description": "Tuition",
        "customer_details": { "phone_number": TYPED },
        "notify_by_phone": true,
        "language": "en",
    });
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

pub(crate) async fn events_with(app: &TestApp, key: &str, id: &str) -> Vec<Value> {
    let (status, json, _) = app
        .api(
            reqwest::Method::GET,
            &format!("/api/v1/links/{id}/events"),
            key,
            None,
        )
        .await;
    assert_eq!(status, 200, "{json}");
    json["data"].as_array().unwrap().clone()
}

pub(crate) async fn events_of(app: &TestApp, id: &str) -> Vec<Value> {
    events_with(app, &app.key, id).await
}

pub(crate) fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

/// Waits for the first `kind` event on the link's timeline (seen with `key`).
pub(crate) async fn event_with(app: &TestApp, key: &str, id: &str, kind: &str) -> Value {
    eventually(kind, || async {
        of_type(&events_with(app, key, id).await, kind)
            .first()
            .map(|e| (*e).clone())
    })
    .await
}

pub(crate) async fn event(app: &TestApp, id: &str, kind: &str) -> Value {
    event_with(app, &app.key, id, kind).await
}

pub(crate) async fn retried(app: &TestApp, n: u64) {
    eventually("a retry", || async {
        let retried = app
            .engine
            .metrics()
            .outbox_retried
            .load(std::sync::atomic::Ordering::SeqCst);
        (retried >= n).then_some(())
    })
    .await;
}

async fn a_link_is_texted_to_its_buyer_at_once(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    let sent = event(&app, id, "sms.sent").await;

    // Assert: one request, authenticated as the account, with Twilio's form fields.
    let calls = twilio.wait_sent(1).await;
    let call = &calls[0];
    assert_eq!(call.account, twilio.account_sid);
    assert_eq!(
        call.auth,
        Some((twilio.account_sid.clone(), twilio.auth_token.clone()))
    );
    assert!(
        call.content_type
            .starts_with("application/x-www-form-urlencoded"),
        "{}",
        call.content_type
    );
    assert_eq!(call.field("To"), Some(E164), "normalised to E.164");
    assert_eq!(call.field("From"), Some(FROM));
    assert_eq!(call.field("MessagingServiceSid"), None);
    let text = call.field("Body").unwrap();
    assert!(!text.contains('\n'), "one line: {text}");
    assert!(text.starts_with("Nok Bakery asks you to pay"), "{text}");
    assert!(text.contains("for Tuition"), "{text}");
    assert!(text.contains("250.00"), "{text}");
    let pay = text.split_whitespace().last().unwrap();
    assert!(pay.ends_with(&format!("/p/{slug}?lang=en")), "{text}");
    // The timeline names the number and Twilio's message SID.
    assert_eq!(sent["data"]["to"], E164);
    assert!(
        sent["data"]["sid"].as_str().unwrap().starts_with("SM"),
        "{sent}"
    );
    // Sent once.
    app.outbox_drained().await;
    assert_eq!(twilio.calls().len(), 1);
    assert_eq!(of_type(&events_of(&app, id).await, "sms.sent").len(), 1);
}
on_both!(a_link_is_texted_to_its_buyer_at_once);

async fn a_scheduled_text_waits_for_its_time(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let at = app.clock().now_ms() + 3_600_000;

    // Act
    let later = app
        .create_link(body(json!({ "scheduled_date": rfc3339(at) })))
        .await;
    let later_id = later["id"].as_str().unwrap();
    let now = app
        .create_link(body(
            json!({ "customer_details": { "phone_number": "+66 89 999 0000" } }),
        ))
        .await;

    // Assert: the one sent now went; the scheduled one waits for the clock.
    event(&app, now["id"].as_str().unwrap(), "sms.sent").await;
    assert_eq!(twilio.calls().len(), 1);
    assert_eq!(twilio.calls()[0].field("To"), Some("+66899990000"));
    assert!(of_type(&events_of(&app, later_id).await, "sms.sent").is_empty());

    app.clock().advance(Duration::from_secs(3601));
    event(&app, later_id, "sms.sent").await;
    let calls = twilio.wait_sent(2).await;
    assert_eq!(calls[1].field("To"), Some(E164));
}
on_both!(a_scheduled_text_waits_for_its_time);

async fn a_scheduled_text_for_a_link_paid_meanwhile_is_not_sent(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let at = app.clock().now_ms() + 3_600_000;
    let link = app
        .create_link(body(json!({ "scheduled_date": rfc3339(at) })))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();

    // Act
    app.buyer_pays(slug, "succeed").await;
    event(&app, id, "payment.succeeded").await;
    app.clock().advance(Duration::from_secs(3601));

    // Assert
    let skipped = event(&app, id, "sms.skipped").await;
    assert_eq!(skipped["data"]["reason"], "paid");
    app.outbox_drained().await;
    assert!(twilio.calls().is_empty());
    assert!(of_type(&events_of(&app, id).await, "sms.sent").is_empty());
}
on_both!(a_scheduled_text_for_a_link_paid_meanwhile_is_not_sent);

async fn a_messaging_service_picks_the_sender(backend: Backend) {
    // Arrange: a Messaging Service instead of a number.
    let twilio = FakeTwilio::start().await;
    let app = sms_app(
        backend,
        &twilio,
        &[
            ("PAYCHAT_SMS__FROM", ""),
            ("PAYCHAT_SMS__MESSAGING_SERVICE_SID", "MG0123456789"),
        ],
    )
    .await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    event(&app, link["id"].as_str().unwrap(), "sms.sent").await;

    // Assert
    let calls = twilio.wait_sent(1).await;
    assert_eq!(calls[0].field("MessagingServiceSid"), Some("MG0123456789"));
    assert_eq!(calls[0].field("From"), None);
}
on_both!(a_messaging_service_picks_the_sender);

/// A Telegram seller (its chat is where pushes go) with an API key, texting through
/// `twilio`.
pub(crate) async fn telegram_seller(
    backend: Backend,
    twilio: &FakeTwilio,
    extra: &[(&str, &str)],
) -> (TestApp, crate::fake_telegram::FakeTelegram, String) {
    use crate::telegram::{SELLER, register, seller_of};
    let env = twilio.env();
    let mut pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    pairs.extend_from_slice(extra);
    let app = TestApp::builder()
        .telegram()
        .env(&pairs)
        .manual_clock()
        .spawn(backend)
        .await;
    let fake = app.telegram().clone();
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let key = app.engine.create_api_key(&seller).await.unwrap().key;
    (app, fake, key)
}

pub(crate) async fn create_with(app: &TestApp, key: &str, sent: Value) -> String {
    let (status, link, _) = app
        .api(reqwest::Method::POST, "/api/v1/links", key, Some(sent))
        .await;
    assert_eq!(status, 201, "{link}");
    link["id"].as_str().unwrap().to_owned()
}

async fn the_daily_cap_holds_texts_and_tells_the_seller_once_per_link(backend: Backend) {
    use crate::telegram::SELLER;
    // Arrange: one text a day.
    let twilio = FakeTwilio::start().await;
    let (app, fake, key) = telegram_seller(
        backend,
        &twilio,
        &[("PAYCHAT_SMS__DAILY_CAP_PER_SELLER", "1")],
    )
    .await;
    let first = create_with(&app, &key, body(json!({}))).await;
    event_with(&app, &key, &first, "sms.sent").await;
    let before = fake.sent_to_chat(SELLER).len();

    // Act
    let second = create_with(&app, &key, body(json!({}))).await;

    // Assert: held, on the timeline with its reason, the seller told once.
    let skipped = event_with(&app, &key, &second, "sms.skipped").await;
    assert_eq!(skipped["data"]["reason"], "daily_cap");
    assert_eq!(skipped["data"]["cap"], 1);
    let pushes = fake.wait_for_chat(SELLER, before + 1).await;
    let push = pushes[before].text();
    assert!(push.contains(E164) && push.contains('1'), "{push}");
    assert!(push.contains("Daily SMS limit reached"), "{push}");
    app.outbox_drained().await;
    assert_eq!(twilio.calls().len(), 1);
    assert_eq!(fake.sent_to_chat(SELLER).len(), before + 1);

    // The next day (in the seller's time zone) texts go again.
    app.clock().advance(Duration::from_secs(86_400));
    let third = create_with(&app, &key, body(json!({}))).await;
    event_with(&app, &key, &third, "sms.sent").await;
    assert_eq!(twilio.sent().len(), 2);
}
on_both!(the_daily_cap_holds_texts_and_tells_the_seller_once_per_link);

async fn a_link_may_be_both_emailed_and_texted(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let smtp = FakeSmtp::start().await;
    let url = smtp.url();
    let app = sms_app(
        backend,
        &twilio,
        &[
            ("PAYCHAT_EMAIL__SMTP_URL", url.as_str()),
            ("PAYCHAT_EMAIL__FROM", "pay@paychat.test"),
        ],
    )
    .await;

    // Act
    let link = app
        .create_link(body(json!({
            "customer_details": { "phone_number": TYPED, "email_address": "buyer@example.com" },
            "notify_by_email": true,
        })))
        .await;
    let id = link["id"].as_str().unwrap();

    // Assert
    event(&app, id, "sms.sent").await;
    event(&app, id, "email.sent").await;
    app.outbox_drained().await;
    assert_eq!(twilio.sent().len(), 1);
    assert_eq!(smtp.mails().len(), 1);
}
on_both!(a_link_may_be_both_emailed_and_texted);

async fn sms_requests_are_checked_field_by_field(backend: Backend) {
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let refused = |extra: Value, code: &'static str, field: &'static str| {
        let app = &app;
        async move {
            let sent = body(extra);
            let (status, json) = app.post("/api/v1/links", sent.clone()).await;
            assert_eq!(status, 400, "{sent} → {json}");
            assert_eq!(json["error"]["code"], code, "{json}");
            assert_eq!(json["error"]["field"], field, "{json}");
        }
    };
    refused(
        json!({ "customer_details": { "name": "Somchai" } }),
        "contact_missing",
        "customer_details.phone_number",
    )
    .await;
    // Digits, but no number anywhere (too short for Thailand).
    refused(
        json!({ "customer_details": { "phone_number": "0812 345" } }),
        "phone_invalid",
        "customer_details.phone_number",
    )
    .await;
    refused(
        json!({ "notify_by_phone": false, "send_immediately": true }),
        "notify_missing",
        "send_immediately",
    )
    .await;
    refused(
        json!({ "send_immediately": false }),
        "schedule_missing",
        "scheduled_date",
    )
    .await;
    refused(
        json!({ "notify_by_email": true }),
        "email_not_configured",
        "notify_by_email",
    )
    .await;
    // Nothing was made, nothing sent.
    let (_, list) = app.get("/api/v1/links").await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");
    app.outbox_drained().await;
    assert!(twilio.calls().is_empty());

    // A server without SMS says so.
    let plain = TestApp::builder().spawn(Backend::Sqlite).await;
    let (status, json) = plain.post("/api/v1/links", body(json!({}))).await;
    assert_eq!(status, 400);
    assert_eq!(json["error"]["code"], "sms_not_configured", "{json}");
    assert_eq!(json["error"]["field"], "notify_by_phone", "{json}");
}
on_both!(sms_requests_are_checked_field_by_field);

/// `/link … to:+66… send:now` texts the link at once; `send:<local time>` schedules it;
/// the card says so.
async fn chat_sms_send_option(backend: Backend) {
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let mut chat = crate::kit::chat::Chat::new(&app, "730002", "en");
    chat.register().await;
    let shown = |r: &paychat::conversation::Reply| crate::kit::chat::shown(r);

    let replies = chat
        .say_all(&format!("/link 250 THB tuition to:{E164} send:now"))
        .await;
    let card = shown(&replies[0]);
    assert!(card.contains(&format!("Texted to {E164} now")), "{card}");
    let calls = twilio.wait_sent(1).await;
    assert_eq!(calls[0].field("To"), Some(E164));
    assert!(calls[0].field("Body").unwrap().contains("tuition"));

    let soon = chrono::DateTime::from_timestamp_millis(app.clock().now_ms() + 2 * 86_400_000)
        .unwrap()
        .format("%Y-%m-%dT%H:%M");
    let replies = chat
        .say_all(&format!("/link 300 THB tuition send:{soon} to:{E164}"))
        .await;
    let card = shown(&replies[0]);
    assert!(card.contains(&format!("Text to {E164} at")), "{card}");
    assert_eq!(twilio.calls().len(), 1, "the scheduled one is not sent yet");

    let r = chat.say("/link 250 THB tuition send:now").await;
    assert!(shown(&r).contains("phone number with to:"), "{}", shown(&r));
}
on_both!(chat_sms_send_option);
