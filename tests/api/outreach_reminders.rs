//! Reminders before expiry end to end, on the manual clock, through real SMTP to the
//! sink in `fake_smtp`: one field or the array, validation, a reminder of an extended
//! link waiting for its new time, and `remind:` in chat. The helpers here serve
//! `outreach_second_chance` too.

use std::time::Duration;

use paychat::domain::LinkId;
use paychat::engine::store::{ChangeSet, LinkUpdate};
use serde_json::{Value, json};

use crate::fake_smtp::{FakeSmtp, Mail, decode_header, parse};
use crate::helpers::{Backend, TestApp, eventually};
use crate::on_both;

pub(crate) const BUYER: &str = "buyer@example.com";
pub(crate) const MIN: u64 = 60;
pub(crate) const HOUR: u64 = 3_600;
pub(crate) const DAY: u64 = 86_400;

/// paychat sending e-mail to `smtp`, on the manual clock.
pub(crate) async fn mail_app(backend: Backend, smtp: &FakeSmtp) -> TestApp {
    let url = smtp.url();
    TestApp::builder()
        .env(&[
            ("PAYCHAT_EMAIL__SMTP_URL", url.as_str()),
            (
                "PAYCHAT_EMAIL__FROM",
                "Nok Bakery via paychat <pay@paychat.test>",
            ),
        ])
        .manual_clock()
        .spawn(backend)
        .await
}

pub(crate) fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A create body for 250.00 THB to `BUYER` in English, e-mailed now, expiring in
/// 3 days, with `extra` fields (a `null` removes one).
pub(crate) fn body(app: &TestApp, extra: Value) -> Value {
    let mut b = json!({
        "amount": "250.00",
        "currency": "THB",
        "description": "Tuition",
        "customer_details": { "email_address": BUYER },
        "notify_by_email": true,
        "language": "en",
        "expiry_date": rfc3339(app.clock().now_ms() + 3 * 86_400_000),
    });
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            b.as_object_mut().unwrap().remove(k);
        } else {
            b[k] = v.clone();
        }
    }
    b
}

pub(crate) async fn events_of(app: &TestApp, id: &str) -> Vec<Value> {
    let (status, json) = app.get(&format!("/api/v1/links/{id}/events")).await;
    assert_eq!(status, 200, "{json}");
    json["data"].as_array().unwrap().clone()
}

/// The link's `kind` events whose data has `purpose`.
pub(crate) async fn with_purpose(app: &TestApp, id: &str, kind: &str, purpose: &str) -> Vec<Value> {
    events_of(app, id)
        .await
        .into_iter()
        .filter(|e| e["type"] == kind && e["data"]["purpose"] == purpose)
        .collect()
}

/// Waits for the `n`-th `kind` event of `purpose` on the link and returns it.
pub(crate) async fn nth_event(
    app: &TestApp,
    id: &str,
    kind: &str,
    purpose: &str,
    n: usize,
) -> Value {
    eventually(&format!("{kind} {purpose} #{n}"), || async {
        with_purpose(app, id, kind, purpose)
            .await
            .get(n - 1)
            .cloned()
    })
    .await
}

/// Waits until the sink holds `n` messages.
pub(crate) async fn mails(smtp: &FakeSmtp, n: usize) -> Vec<Mail> {
    eventually("the e-mails", || async {
        let m = smtp.mails();
        (m.len() >= n).then_some(m)
    })
    .await
}

pub(crate) fn subject(mail: &Mail) -> String {
    decode_header(parse(&mail.data).header("Subject").unwrap())
}

pub(crate) fn link_id(link: &Value) -> String {
    link["id"].as_str().unwrap().to_owned()
}

async fn reminders_are_sent_at_their_times_and_not_for_a_paid_link(backend: Backend) {
    // Arrange: two links reminding one day before their expiry (in 3 days); one is paid.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let remind = json!({ "reminder_time": 1, "reminder_time_unit": "days" });
    let open = app.create_link(body(&app, remind.clone())).await;
    let paid = app.create_link(body(&app, remind)).await;
    let (open_id, paid_id) = (link_id(&open), link_id(&paid));
    nth_event(&app, &open_id, "email.sent", "link", 1).await;
    nth_event(&app, &paid_id, "email.sent", "link", 1).await;
    app.buyer_pays(paid["slug"].as_str().unwrap(), "succeed")
        .await;

    // Act: not yet; then past the reminders' time.
    app.clock().advance(Duration::from_secs(2 * DAY - MIN));
    let not_yet = with_purpose(&app, &open_id, "email.sent", "reminder").await;
    app.clock().advance(Duration::from_secs(2 * MIN));

    // Assert
    assert!(not_yet.is_empty(), "{not_yet:?}");
    let sent = nth_event(&app, &open_id, "email.sent", "reminder", 1).await;
    let skipped = nth_event(&app, &paid_id, "email.skipped", "reminder", 1).await;
    assert_eq!(skipped["data"]["reason"], "paid");
    let got = mails(&smtp, 3).await;
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 3, "two links, one reminder");
    let reminder = &got[2];
    assert_eq!(reminder.to, vec![BUYER.to_owned()]);
    let s = subject(reminder);
    assert!(
        s.starts_with("Reminder: your payment to") && s.contains("expires"),
        "{s}"
    );
    let m = parse(&reminder.data);
    assert_eq!(
        m.header("Message-ID").unwrap(),
        sent["data"]["message_id"].as_str().unwrap()
    );
    assert!(
        m.text
            .contains("still waiting for your payment for Tuition"),
        "{}",
        m.text
    );
    // The same stop link as the first message.
    assert!(m.text.contains("/stop?t="), "{}", m.text);
    assert!(m.header("List-Unsubscribe").is_some());
}
on_both!(reminders_are_sent_at_their_times_and_not_for_a_paid_link);

async fn an_array_of_reminders_goes_out_in_order(backend: Backend) {
    // Arrange: reminders 2 hours and 2 days before an expiry in 3 days, given out of order.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(
            &app,
            json!({ "reminders": [
                { "time": 2, "unit": "hours" },
                { "time": 2, "unit": "days" },
            ] }),
        ))
        .await;
    let id = link_id(&link);
    nth_event(&app, &id, "email.sent", "link", 1).await;

    // Act + Assert: the one 2 days before first (a day from now), then 2 hours before.
    app.clock().advance(Duration::from_secs(DAY + MIN));
    nth_event(&app, &id, "email.sent", "reminder", 1).await;
    assert_eq!(mails(&smtp, 2).await.len(), 2);
    app.clock()
        .advance(Duration::from_secs(2 * DAY - 2 * HOUR - 2 * MIN));
    assert_eq!(
        with_purpose(&app, &id, "email.sent", "reminder")
            .await
            .len(),
        1
    );
    app.clock().advance(Duration::from_secs(2 * MIN));
    nth_event(&app, &id, "email.sent", "reminder", 2).await;
    app.outbox_drained().await;
    let got = smtp.mails();
    assert_eq!(got.len(), 3);
    assert!(subject(&got[2]).starts_with("Reminder:"));
}
on_both!(an_array_of_reminders_goes_out_in_order);

async fn reminder_requests_are_checked_field_by_field(backend: Backend) {
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let now = app.clock().now_ms();
    let refused = |extra: Value, code: &'static str, field: &'static str| {
        let app = &app;
        async move {
            let sent = body(app, extra);
            let (status, json) = app.post("/api/v1/links", sent.clone()).await;
            assert_eq!(status, 400, "{sent} → {json}");
            assert_eq!(json["error"]["code"], code, "{json}");
            assert_eq!(json["error"]["field"], field, "{json}");
        }
    };
    let day = json!({ "reminder_time": 1, "reminder_time_unit": "days" });
    refused(
        json!({ "reminder_time": 1, "reminder_time_unit": "weeks" }),
        "reminder_unit_unknown",
        "reminder_time_unit",
    )
    .await;
    refused(
        json!({ "reminder_time": 0, "reminder_time_unit": "days" }),
        "reminder_time_invalid",
        "reminder_time",
    )
    .await;
    refused(
        json!({ "reminder_time": 1 }),
        "missing_field",
        "reminder_time_unit",
    )
    .await;
    refused(
        json!({ "reminders": [{ "time": 1, "unit": "days" }, { "time": -3, "unit": "hours" }] }),
        "reminder_time_invalid",
        "reminders[1].time",
    )
    .await;
    refused(
        json!({ "reminders": [{ "time": 1, "unit": "fortnights" }] }),
        "reminder_unit_unknown",
        "reminders[0].unit",
    )
    .await;
    refused(
        json!({ "reminders": [{ "time": 1, "unit": "days" }, { "time": 24, "unit": "hours" }] }),
        "reminder_duplicate",
        "reminders[1]",
    )
    .await;
    let six: Vec<Value> = (1..=6)
        .map(|h| json!({ "time": h, "unit": "hours" }))
        .collect();
    refused(
        json!({ "reminders": six }),
        "too_many_reminders",
        "reminders",
    )
    .await;
    refused(
        json!({ "reminder_time": 1, "reminder_time_unit": "days",
                "reminders": [{ "time": 2, "unit": "days" }] }),
        "reminder_conflict",
        "reminders",
    )
    .await;
    let mut no_expiry = day.clone();
    no_expiry["expiry_date"] = Value::Null;
    refused(no_expiry, "reminder_needs_expiry", "expiry_date").await;
    refused(
        json!({ "reminder_time": 4, "reminder_time_unit": "days" }),
        "reminder_before_creation",
        "reminder_time",
    )
    .await;
    refused(
        json!({ "reminders": [{ "time": 3, "unit": "days" }] }),
        "reminder_before_creation",
        "reminders[0].time",
    )
    .await;
    // The reminder named as sent, whatever order they are planned in.
    refused(
        json!({ "reminders": [{ "time": 1, "unit": "hours" }, { "time": 3, "unit": "days" }] }),
        "reminder_before_creation",
        "reminders[1].time",
    )
    .await;
    refused(
        json!({ "reminder_time": 1, "reminder_time_unit": "days",
                "scheduled_date": rfc3339(now + 2 * 86_400_000 + 3_600_000) }),
        "reminder_before_send",
        "reminder_time",
    )
    .await;
    let mut without_notify = day.clone();
    without_notify["notify_by_email"] = json!(false);
    without_notify["language"] = Value::Null;
    refused(without_notify, "notify_missing", "reminder_time").await;
    refused(
        json!({ "notify_by_email": null, "language": null, "second_chance": true }),
        "notify_missing",
        "second_chance",
    )
    .await;

    // Nothing was made.
    let (_, list) = app.get("/api/v1/links").await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");
    // The unit is read in any case; a reminder right before expiry is fine.
    let ok = app
        .create_link(body(
            &app,
            json!({ "reminders": [{ "time": 30, "unit": "Minutes" }] }),
        ))
        .await;
    assert!(ok["id"].is_string());
}
on_both!(reminder_requests_are_checked_field_by_field);

async fn a_reminder_of_an_extended_link_waits_for_its_new_time(backend: Backend) {
    // Arrange: a reminder a day before an expiry in 3 days; the expiry moves to 5 days.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(
            &app,
            json!({ "reminder_time": 1, "reminder_time_unit": "days" }),
        ))
        .await;
    let id = LinkId::from_trusted(link_id(&link));
    nth_event(&app, id.as_str(), "email.sent", "link", 1).await;
    let new_due = app.clock().now_ms() + 4 * 86_400_000;
    let store = paychat::engine::store::connect(&app.db.url, 1)
        .await
        .unwrap();
    let mut row = paychat::engine::store::LinkStore::link(&store, &id)
        .await
        .unwrap();
    let version = row.version;
    row.expires_at = row.expires_at.map(|t| t + 2 * 86_400_000);
    paychat::engine::store::LinkStore::apply(
        &store,
        &ChangeSet {
            link: Some(LinkUpdate::to(&row, version)),
            now: app.clock().now_ms(),
            ..ChangeSet::default()
        },
    )
    .await
    .unwrap();

    // Act: at the old time, nothing (the seller's "remind now" marks that the worker
    // went past it); at the new time, the reminder.
    app.clock().advance(Duration::from_secs(2 * DAY + MIN));
    app.engine
        .remind_buyer_now(&id, app.clock().now_ms())
        .await
        .unwrap();
    mails(&smtp, 2).await;
    let at_old_time = smtp.mails().len();
    app.clock().advance(Duration::from_secs(2 * DAY));

    // Assert
    assert_eq!(at_old_time, 2, "the first message and the one asked now");
    // The second reminder sent is the scheduled one, at its new time (timeline times
    // are on the manual clock).
    let sent = nth_event(&app, id.as_str(), "email.sent", "reminder", 2).await;
    let at = chrono::DateTime::parse_from_rfc3339(sent["created_at"].as_str().unwrap())
        .unwrap()
        .timestamp_millis();
    assert!(at >= new_due, "sent at {at}, due at {new_due}");
    app.outbox_drained().await;
    let all = smtp.mails();
    let subjects: Vec<String> = all.iter().map(subject).collect();
    let evs = events_of(&app, id.as_str()).await;
    assert_eq!(all.len(), 3, "{subjects:?} {evs:#?}");
}
on_both!(a_reminder_of_an_extended_link_waits_for_its_new_time);

/// `/link … to:buyer@… send:now remind:1d` asks for a reminder a day before expiry; the
/// card says so; bad input is answered in words.
async fn chat_remind_option(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let mut chat = crate::kit::chat::Chat::new(&app, "730002", "en");
    chat.register().await;
    let shown = |r: &paychat::conversation::Reply| crate::kit::chat::shown(r);

    // Act
    let replies = chat
        .say_all(&format!(
            "/link 250 THB tuition to:{BUYER} send:now remind:1d"
        ))
        .await;

    // Assert: the card, and the reminder a day before the link's expiry.
    let card = shown(&replies[0]);
    assert!(card.contains(&format!("E-mailed to {BUYER} now")), "{card}");
    assert!(
        card.contains("Reminder e-mail 1 day before expiry"),
        "{card}"
    );
    let links = crate::telegram::links_of(&app, &chat.seller().await.id).await;
    assert_eq!(links.len(), 1);
    let outreach = app.engine.outreach_of(&links[0].id).await.unwrap().unwrap();
    assert_eq!(outreach.reminder_offsets(), vec![86_400_000]);
    let r = chat
        .say_all(&format!(
            "/link 250 THB tuition to:{BUYER} send:now remind:12h"
        ))
        .await;
    assert!(
        shown(&r[0]).contains("Reminder e-mail 12 hours before expiry"),
        "{}",
        shown(&r[0])
    );

    // Refusals in words.
    let r = chat
        .say(&format!(
            "/link 250 THB tuition to:{BUYER} send:now remind:soon"
        ))
        .await;
    assert!(shown(&r).contains("is not a duration"), "{}", shown(&r));
    let r = chat
        .say(&format!("/link 250 THB tuition to:{BUYER} remind:1d"))
        .await;
    assert!(
        shown(&r).contains("remind: follows the link's e-mail"),
        "{}",
        shown(&r)
    );
    let r = chat
        .say(&format!(
            "/link 250 THB tuition to:{BUYER} send:now remind:2d exp:1d"
        ))
        .await;
    assert!(
        shown(&r).contains("That reminder would fall before now"),
        "{}",
        shown(&r)
    );
}
on_both!(chat_remind_option);
