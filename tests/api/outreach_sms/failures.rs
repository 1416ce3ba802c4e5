//! Twilio's refusals and outages: a refused number is final and told once; a rate
//! limit, an outage and refused credentials are retried, and a text that never gets
//! through ends as failed, told.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde_json::json;

use super::{
    E164, body, create_with, event, event_with, events_of, events_with, of_type, retried, sms_app,
    telegram_seller,
};
use crate::fake_twilio::{Answer, FakeTwilio};
use crate::helpers::Backend;
use crate::on_both;

async fn an_invalid_number_fails_is_told_to_the_seller_once_and_is_not_retried(backend: Backend) {
    use crate::telegram::SELLER;
    // Arrange: Twilio refuses the number (21211).
    let twilio = FakeTwilio::start().await;
    twilio.script([Answer::Error(
        400,
        21211,
        "The 'To' number +66812345678 is not a valid phone number.",
    )]);
    let (app, fake, key) = telegram_seller(backend, &twilio, &[]).await;
    let before = fake.sent_to_chat(SELLER).len();

    // Act
    let id = create_with(&app, &key, body(json!({}))).await;

    // Assert: final, on the timeline with the reason and code.
    let failed = event_with(&app, &key, &id, "sms.failed").await;
    let reply = failed["data"]["reply"].as_str().unwrap();
    assert!(
        reply.contains("not a valid phone number") && reply.contains("21211"),
        "{reply}"
    );
    assert_eq!(failed["data"]["code"], 21211);
    assert_eq!(failed["data"]["to"], E164);
    // The seller's chat is told, once, naming the number and the reason.
    let pushes = fake.wait_for_chat(SELLER, before + 1).await;
    let push = pushes[before].text();
    assert!(push.contains(E164) && push.contains("21211"), "{push}");
    assert!(push.contains("Text message not delivered"), "{push}");
    app.outbox_drained().await;
    assert_eq!(twilio.calls().len(), 1, "a refusal is not retried");
    let told: Vec<String> = fake
        .sent_to_chat(SELLER)
        .into_iter()
        .map(|c| c.text())
        .filter(|t| t.contains("21211"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(of_type(&events_with(&app, &key, &id).await, "sms.sent").is_empty());
}
on_both!(an_invalid_number_fails_is_told_to_the_seller_once_and_is_not_retried);

async fn a_text_waits_out_twilios_rate_limit_and_is_sent_once(backend: Backend) {
    // Arrange: the first request is limited for 60 s.
    let twilio = FakeTwilio::start().await;
    twilio.script([Answer::TooMany(60)]);
    let app = sms_app(backend, &twilio, &[]).await;

    // Act
    let first = app.create_link(body(json!({}))).await;
    let first_id = first["id"].as_str().unwrap();
    retried(&app, 1).await;
    // Half the wait later, another link's text goes; the limited one still waits.
    app.clock().advance(Duration::from_secs(30));
    let second = app
        .create_link(body(
            json!({ "customer_details": { "phone_number": "+66 89 999 0000" } }),
        ))
        .await;
    event(&app, second["id"].as_str().unwrap(), "sms.sent").await;
    let to_first = |calls: &[crate::fake_twilio::SmsCall]| {
        calls.iter().filter(|c| c.field("To") == Some(E164)).count()
    };
    assert_eq!(to_first(&twilio.calls()), 1, "Retry-After is honoured");
    app.clock().advance(Duration::from_secs(31));

    // Assert
    event(&app, first_id, "sms.sent").await;
    app.outbox_drained().await;
    assert_eq!(to_first(&twilio.calls()), 2);
    assert_eq!(
        of_type(&events_of(&app, first_id).await, "sms.sent").len(),
        1
    );
    assert!(of_type(&events_of(&app, first_id).await, "sms.failed").is_empty());
}
on_both!(a_text_waits_out_twilios_rate_limit_and_is_sent_once);

async fn a_text_is_retried_after_a_twilio_outage_and_sent_once(backend: Backend) {
    // Arrange
    let twilio = FakeTwilio::start().await;
    twilio.script([Answer::Status(500)]);
    let app = sms_app(backend, &twilio, &[]).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    retried(&app, 1).await;
    app.clock().advance(Duration::from_secs(1));

    // Assert
    event(&app, id, "sms.sent").await;
    app.outbox_drained().await;
    let calls = twilio.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0].status, 500);
    assert_eq!(twilio.sent().len(), 1);
    assert_eq!(of_type(&events_of(&app, id).await, "sms.sent").len(), 1);
    assert!(of_type(&events_of(&app, id).await, "sms.failed").is_empty());
}
on_both!(a_text_is_retried_after_a_twilio_outage_and_sent_once);

/// Warnings and errors logged by the whole test binary, when this module could install
/// the global subscriber (not under TEST_LOG, which installs its own).
static LOGS: OnceLock<Option<&'static Mutex<Vec<u8>>>> = OnceLock::new();

struct LogSink(&'static Mutex<Vec<u8>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        crate::server::lock(self.0).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn captured_logs() -> Option<String> {
    let sink: &'static Mutex<Vec<u8>> = (*LOGS.get_or_init(|| {
        let buf: &'static Mutex<Vec<u8>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || LogSink(buf))
            .try_init()
            .ok()
            .map(|()| buf)
    }))?;
    Some(String::from_utf8_lossy(&crate::server::lock(sink)).into_owned())
}

async fn refused_credentials_keep_the_text_and_never_show_the_token(backend: Backend) {
    // Arrange: the account's token was rotated at Twilio; paychat still has the old one.
    let _ = captured_logs();
    let twilio = FakeTwilio::start().await;
    twilio.rotate_token("rotated-token");
    let app = sms_app(backend, &twilio, &[]).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    twilio.wait_calls(1).await;
    retried(&app, 1).await;
    app.clock().advance(Duration::from_secs(1));
    twilio.wait_calls(2).await;
    // The second refusal's retry time is set from the clock as it is now: only then
    // may the clock move on (under load the worker can be slower than this test).
    retried(&app, 2).await;
    let events = events_of(&app, id).await;

    // Assert: kept (not failed), retried, the operator told loudly, the token nowhere.
    assert!(twilio.calls().iter().all(|c| c.status == 401));
    assert!(of_type(&events, "sms.failed").is_empty(), "{events:?}");
    assert!(of_type(&events, "sms.sent").is_empty());
    let timeline = serde_json::to_string(&events).unwrap();
    assert!(!timeline.contains(&twilio.auth_token), "{timeline}");
    match captured_logs() {
        Some(logs) => {
            let ours: Vec<&str> = logs
                .lines()
                .filter(|l| l.contains(&twilio.account_sid))
                .collect();
            assert!(
                ours.iter()
                    .any(|l| l.contains("ERROR") && l.contains("credentials")),
                "{logs}"
            );
            assert!(!logs.contains(&twilio.auth_token), "{logs}");
        }
        None => assert!(
            std::env::var("TEST_LOG").is_ok(),
            "the log capture must be installed"
        ),
    }
    // Once the token is right again the same text goes, once.
    twilio.rotate_token(&twilio.auth_token);
    app.clock().advance(Duration::from_secs(1));
    event(&app, id, "sms.sent").await;
    app.outbox_drained().await;
    assert_eq!(twilio.sent().len(), 1);
}
on_both!(refused_credentials_keep_the_text_and_never_show_the_token);

async fn a_text_that_never_gets_through_ends_as_failed_and_told(backend: Backend) {
    use crate::telegram::SELLER;
    // Arrange: Twilio is down for every attempt; two attempts in all.
    let twilio = FakeTwilio::start().await;
    twilio.script([Answer::Status(503), Answer::Status(503)]);
    let (app, fake, key) =
        telegram_seller(backend, &twilio, &[("PAYCHAT_NOTIFIER__MAX_ATTEMPTS", "2")]).await;
    let before = fake.sent_to_chat(SELLER).len();

    // Act
    let id = create_with(&app, &key, body(json!({}))).await;
    retried(&app, 1).await;
    app.clock().advance(Duration::from_secs(1));

    // Assert
    let failed = event_with(&app, &key, &id, "sms.failed").await;
    let reply = failed["data"]["reply"].as_str().unwrap();
    assert!(reply.starts_with("gave up after 2 attempts"), "{reply}");
    assert!(reply.contains("503"), "{reply}");
    let pushes = fake.wait_for_chat(SELLER, before + 1).await;
    assert!(
        pushes[before].text().contains("gave up"),
        "{}",
        pushes[before].text()
    );
    app.outbox_drained().await;
    assert_eq!(twilio.calls().len(), 2);
    assert_eq!(
        of_type(&events_with(&app, &key, &id).await, "sms.failed").len(),
        1
    );
}
on_both!(a_text_that_never_gets_through_ends_as_failed_and_told);
