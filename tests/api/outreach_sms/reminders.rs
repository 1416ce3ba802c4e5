//! Reminders and the second chance of a link texted to its buyer: each goes by text on
//! its schedule (the manual clock), in its own words, not for a paid link, and a
//! reminder of an extended link waits for its new time; `remind:` with a phone number
//! in chat.

use std::time::Duration;

use serde_json::{Value, json};

use super::{E164, body, event, events_of, of_type, rfc3339, sms_app};
use crate::fake_twilio::FakeTwilio;
use crate::helpers::{Backend, TestApp, eventually};
use crate::on_both;

const MIN: u64 = 60;
const DAY: u64 = 86_400;

/// A texted link expiring in 3 days, reminded a day before, with `extra`.
fn reminded(app: &TestApp, extra: Value) -> Value {
    let mut b = body(json!({
        "expiry_date": rfc3339(app.clock().now_ms() + 3 * 86_400_000),
        "reminder_time": 1,
        "reminder_time_unit": "days",
    }));
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

/// Waits for the `n`-th `sms.sent` of `purpose` on the link and returns it.
async fn nth_sent(app: &TestApp, id: &str, purpose: &str, n: usize) -> Value {
    eventually(&format!("sms.sent {purpose} #{n}"), || async {
        of_type(&events_of(app, id).await, "sms.sent")
            .into_iter()
            .filter(|e| e["data"]["purpose"] == purpose)
            .nth(n - 1)
            .cloned()
    })
    .await
}

fn sent_at(event: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(event["created_at"].as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

async fn reminders_and_the_second_chance_go_by_text(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let link = app
        .create_link(reminded(&app, json!({ "second_chance": true })))
        .await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    let due = app.clock().now_ms() + 2 * 86_400_000;
    nth_sent(&app, id, "link", 1).await;

    // Act: the buyer opens the checkout and leaves; then the days pass.
    let res = crate::providers_common::press_pay(&app, slug).await;
    assert_eq!(res.status(), 303);
    app.clock().advance(Duration::from_secs(61 * MIN));
    nth_sent(&app, id, "second_chance", 1).await;
    app.clock().advance(Duration::from_secs(2 * DAY));
    let reminder = nth_sent(&app, id, "reminder", 1).await;

    // Assert: three texts to the number, each in its own words, the reminder on time.
    let calls = twilio.wait_sent(3).await;
    assert!(calls.iter().all(|c| c.field("To") == Some(E164)));
    let texts: Vec<&str> = calls.iter().map(|c| c.field("Body").unwrap()).collect();
    assert!(
        texts[0].starts_with("Nok Bakery asks you to pay"),
        "{texts:?}"
    );
    assert!(
        texts[1].starts_with("Payment not finished? Nok Bakery asks you to pay"),
        "{texts:?}"
    );
    assert!(
        texts[2].starts_with("Reminder: Nok Bakery asks you to pay"),
        "{texts:?}"
    );
    for t in &texts {
        assert!(t.ends_with(&format!("/p/{slug}?lang=en")), "{t}");
    }
    assert!(sent_at(&reminder) >= due, "reminded before its time");
    // By text only: the link has no e-mail address, so no e-mail was tried.
    app.outbox_drained().await;
    let events = events_of(&app, id).await;
    assert!(
        events
            .iter()
            .all(|e| !e["type"].as_str().unwrap().starts_with("email.")),
        "{events:?}"
    );
    assert_eq!(twilio.calls().len(), 3);
}
on_both!(reminders_and_the_second_chance_go_by_text);

async fn a_reminder_text_is_not_sent_for_a_paid_link(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let link = app.create_link(reminded(&app, json!({}))).await;
    let id = link["id"].as_str().unwrap();
    nth_sent(&app, id, "link", 1).await;

    // Act
    app.buyer_pays(link["slug"].as_str().unwrap(), "succeed")
        .await;
    event(&app, id, "payment.succeeded").await;
    app.clock().advance(Duration::from_secs(2 * DAY + MIN));

    // Assert
    let skipped = event(&app, id, "sms.skipped").await;
    assert_eq!(skipped["data"]["reason"], "paid");
    assert_eq!(skipped["data"]["purpose"], "reminder");
    app.outbox_drained().await;
    assert_eq!(twilio.calls().len(), 1, "only the link's own text");
}
on_both!(a_reminder_text_is_not_sent_for_a_paid_link);

async fn a_reminder_text_of_an_extended_link_waits_for_its_new_time(backend: Backend) {
    // Arrange: the seller extends the link by three days after its first text.
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let link = app.create_link(reminded(&app, json!({}))).await;
    let id = link["id"].as_str().unwrap();
    nth_sent(&app, id, "link", 1).await;
    app.engine
        .extend_link(&app.seller_id, id, None)
        .await
        .unwrap();
    let new_due = app.clock().now_ms() + 5 * 86_400_000;

    // Act: past the old time (the seller's "remind now" marks that the worker went past
    // it), then past the new one.
    app.clock().advance(Duration::from_secs(2 * DAY + MIN));
    let link_id = paychat::domain::LinkId::from_trusted(id.to_owned());
    app.engine
        .remind_buyer_now(&link_id, app.clock().now_ms())
        .await
        .unwrap();
    nth_sent(&app, id, "reminder", 1).await;
    let at_old_time = twilio.calls().len();
    app.clock().advance(Duration::from_secs(3 * DAY));

    // Assert
    assert_eq!(at_old_time, 2, "the link's text and the one asked now");
    let reminder = nth_sent(&app, id, "reminder", 2).await;
    assert!(sent_at(&reminder) >= new_due, "{reminder}");
    assert!(
        twilio.calls()[2]
            .field("Body")
            .unwrap()
            .starts_with("Reminder: "),
        "{:?}",
        twilio.calls()[2]
    );
    assert_eq!(twilio.calls().len(), 3);
}
on_both!(a_reminder_text_of_an_extended_link_waits_for_its_new_time);

/// `/link … to:+66… send:now remind:1d`: the card says a text reminds the buyer.
async fn chat_remind_by_text(backend: Backend) {
    let twilio = FakeTwilio::start().await;
    let app = sms_app(backend, &twilio, &[]).await;
    let mut chat = crate::kit::chat::Chat::new(&app, "730003", "en");
    chat.register().await;

    let replies = chat
        .say_all(&format!(
            "/link 250 THB tuition to:{E164} send:now remind:1d"
        ))
        .await;

    let card = crate::kit::chat::shown(&replies[0]);
    assert!(card.contains(&format!("Texted to {E164} now")), "{card}");
    assert!(card.contains("Reminder text 1 day before expiry"), "{card}");
    assert!(!card.contains("e-mail"), "{card}");
    let links = crate::telegram::links_of(&app, &chat.seller().await.id).await;
    let outreach = app.engine.outreach_of(&links[0].id).await.unwrap().unwrap();
    assert_eq!(outreach.reminder_offsets(), vec![86_400_000]);
    assert_eq!(outreach.phone.as_deref(), Some(E164));
    assert_eq!(outreach.email, None);
}
on_both!(chat_remind_by_text);
