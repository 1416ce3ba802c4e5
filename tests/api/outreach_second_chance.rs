//! The buyer's second chance (after an unpaid checkout or a failed payment), the stop
//! link stopping reminders and the second chance, and the seller's "remind now" and
//! "send again", end to end on the manual clock through real SMTP (`fake_smtp`).

use std::time::Duration;

use paychat::domain::LinkId;
use paychat::engine::EngineError;
use serde_json::json;

use crate::fake_smtp::{FakeSmtp, parse};
use crate::helpers::{Backend, eventually};
use crate::on_both;
use crate::outreach_reminders::{
    BUYER, DAY, HOUR, MIN, body, events_of, link_id, mail_app, mails, nth_event, subject,
    with_purpose,
};

async fn a_second_chance_follows_an_abandoned_checkout_once(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(&app, json!({ "second_chance": true })))
        .await;
    let (id, slug) = (link_id(&link), link["slug"].as_str().unwrap().to_owned());
    nth_event(&app, &id, "email.sent", "link", 1).await;

    // Act: the buyer opens the checkout twice and leaves.
    for _ in 0..2 {
        let res = crate::providers_common::press_pay(&app, &slug).await;
        assert_eq!(res.status(), 303);
    }
    app.clock().advance(Duration::from_secs(59 * MIN));
    let early = with_purpose(&app, &id, "email.sent", "second_chance").await;
    app.clock().advance(Duration::from_secs(2 * MIN));

    // Assert: one e-mail an hour later, in its own words.
    assert!(early.is_empty());
    nth_event(&app, &id, "email.sent", "second_chance", 1).await;
    let got = mails(&smtp, 2).await;
    assert_eq!(
        subject(&got[1]),
        "You started paying Nok Bakery and did not finish"
    );
    let m = parse(&got[1].data);
    assert!(m.text.contains("The link still works"), "{}", m.text);
    assert!(m.text.contains(&format!("/p/{slug}?lang=en")), "{}", m.text);
    // Once per link: another checkout later queues nothing more.
    let res = crate::providers_common::press_pay(&app, &slug).await;
    assert_eq!(res.status(), 303);
    app.clock().advance(Duration::from_secs(2 * HOUR));
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 2);
}
on_both!(a_second_chance_follows_an_abandoned_checkout_once);

async fn a_second_chance_follows_a_failed_payment(backend: Backend) {
    // Arrange: the buyer's payment fails, then a second checkout is left open.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(&app, json!({ "second_chance": true })))
        .await;
    let (id, slug) = (link_id(&link), link["slug"].as_str().unwrap().to_owned());
    nth_event(&app, &id, "email.sent", "link", 1).await;

    // Act
    app.buyer_pays(&slug, "fail").await;
    eventually("payment.failed", || async {
        events_of(&app, &id)
            .await
            .into_iter()
            .find(|e| e["type"] == "payment.failed")
    })
    .await;
    app.clock().advance(Duration::from_secs(61 * MIN));

    // Assert
    nth_event(&app, &id, "email.sent", "second_chance", 1).await;
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 2);
}
on_both!(a_second_chance_follows_a_failed_payment);

async fn no_second_chance_when_the_link_was_paid_meanwhile(backend: Backend) {
    // Arrange: a checkout left open, then the buyer pays.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(&app, json!({ "second_chance": true })))
        .await;
    let (id, slug) = (link_id(&link), link["slug"].as_str().unwrap().to_owned());
    nth_event(&app, &id, "email.sent", "link", 1).await;
    let res = crate::providers_common::press_pay(&app, &slug).await;
    assert_eq!(res.status(), 303);
    app.buyer_pays(&slug, "succeed").await;

    // Act
    app.clock().advance(Duration::from_secs(61 * MIN));

    // Assert
    let skipped = nth_event(&app, &id, "email.skipped", "second_chance", 1).await;
    assert_eq!(skipped["data"]["reason"], "paid");
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 1);
}
on_both!(no_second_chance_when_the_link_was_paid_meanwhile);

async fn the_stop_link_stops_reminders_and_the_second_chance(backend: Backend) {
    // Arrange: a link with a reminder and a second chance, stopped by the buyer.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app
        .create_link(body(
            &app,
            json!({ "reminder_time": 1, "reminder_time_unit": "days", "second_chance": true }),
        ))
        .await;
    let (id, slug) = (link_id(&link), link["slug"].as_str().unwrap().to_owned());
    nth_event(&app, &id, "email.sent", "link", 1).await;
    let token = app
        .engine
        .outreach_of(&LinkId::from_trusted(id.clone()))
        .await
        .unwrap()
        .unwrap()
        .stop_token;
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/stop?t={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Act: a checkout left open, then past the reminder's time.
    let res = crate::providers_common::press_pay(&app, &slug).await;
    assert_eq!(res.status(), 303);
    app.clock().advance(Duration::from_secs(2 * DAY + MIN));

    // Assert
    let skipped = nth_event(&app, &id, "email.skipped", "reminder", 1).await;
    assert_eq!(skipped["data"]["reason"], "stopped");
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 1, "only the first message");
    assert!(
        with_purpose(&app, &id, "email.skipped", "second_chance")
            .await
            .is_empty(),
        "a stopped link queues no second chance"
    );
}
on_both!(the_stop_link_stops_reminders_and_the_second_chance);

async fn the_seller_can_remind_now_and_send_the_link_again(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app.create_link(body(&app, json!({}))).await;
    let id = LinkId::from_trusted(link_id(&link));
    nth_event(&app, id.as_str(), "email.sent", "link", 1).await;
    let now = app.clock().now_ms();

    // Act + Assert: a reminder now, twice (each is its own).
    for n in 1..=2 {
        let to = app.engine.remind_buyer_now(&id, now).await.unwrap();
        assert_eq!(to, vec![BUYER.to_owned()]);
        nth_event(&app, id.as_str(), "email.sent", "reminder", n).await;
    }
    let queued = with_purpose(&app, id.as_str(), "email.queued", "reminder").await;
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0]["data"]["to"], json!([BUYER]));
    let got = mails(&smtp, 3).await;
    assert!(
        subject(&got[2]).starts_with("Reminder:"),
        "{}",
        subject(&got[2])
    );

    // The link again, in the first message's words.
    assert_eq!(app.engine.resend_link(&id).await.unwrap(), [BUYER]);
    nth_event(&app, id.as_str(), "email.sent", "resend", 1).await;
    let got = mails(&smtp, 4).await;
    assert_eq!(subject(&got[3]), subject(&got[0]));
    assert_eq!(
        with_purpose(&app, id.as_str(), "email.queued", "resend")
            .await
            .len(),
        1
    );

    // A link with a buyer's address but no e-mail asked: sending it starts one.
    let plain = app
        .create_link(body(
            &app,
            json!({ "notify_by_email": null, "language": null }),
        ))
        .await;
    let plain_id = LinkId::from_trusted(link_id(&plain));
    assert!(app.engine.outreach_of(&plain_id).await.unwrap().is_none());
    let refused = app.engine.remind_buyer_now(&plain_id, now).await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Invalid {
                code: "outreach_missing",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(app.engine.resend_link(&plain_id).await.unwrap(), [BUYER]);
    nth_event(&app, plain_id.as_str(), "email.sent", "resend", 1).await;
    assert!(app.engine.outreach_of(&plain_id).await.unwrap().is_some());

    // No address, a closed link, a stopped one: refused.
    let nobody = app
        .create_link(body(
            &app,
            json!({ "notify_by_email": null, "language": null, "customer_details": null }),
        ))
        .await;
    let refused = app
        .engine
        .resend_link(&LinkId::from_trusted(link_id(&nobody)))
        .await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Invalid {
                code: "contact_missing",
                ..
            })
        ),
        "{refused:?}"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/links/{}/cancel", plain_id.as_str()),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let refused = app.engine.resend_link(&plain_id).await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Invalid {
                code: "link_closed",
                ..
            })
        ),
        "{refused:?}"
    );
    let token = app
        .engine
        .outreach_of(&id)
        .await
        .unwrap()
        .unwrap()
        .stop_token;
    let res = app
        .client
        .post(app.url(&format!(
            "/p/{}/stop?t={token}",
            link["slug"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let refused = app.engine.remind_buyer_now(&id, now).await;
    assert!(
        matches!(
            refused,
            Err(EngineError::Invalid {
                code: "outreach_stopped",
                ..
            })
        ),
        "{refused:?}"
    );
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 5);
}
on_both!(the_seller_can_remind_now_and_send_the_link_again);

async fn the_api_reminds_and_resends_for_the_seller_only(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp).await;
    let link = app.create_link(body(&app, json!({}))).await;
    let id = link_id(&link);
    nth_event(&app, &id, "email.sent", "link", 1).await;

    // Act
    let (status, reminded) = app
        .post(&format!("/api/v1/links/{id}/remind"), json!({}))
        .await;
    let (resent_status, resent) = app
        .post(&format!("/api/v1/links/{id}/resend"), json!({}))
        .await;

    // Assert
    assert_eq!(status, 200, "{reminded}");
    assert_eq!(reminded, json!({ "to": [BUYER] }));
    assert_eq!(resent_status, 200, "{resent}");
    assert_eq!(resent, json!({ "to": [BUYER] }));
    nth_event(&app, &id, "email.sent", "reminder", 1).await;
    nth_event(&app, &id, "email.sent", "resend", 1).await;
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 3);
    // A link without e-mail cannot be reminded; another seller's is not found.
    let plain = app
        .create_link(body(
            &app,
            json!({ "notify_by_email": null, "language": null }),
        ))
        .await;
    let (status, json) = app
        .post(
            &format!("/api/v1/links/{}/remind", link_id(&plain)),
            json!({}),
        )
        .await;
    assert_eq!(status, 400, "{json}");
    assert_eq!(json["error"]["code"], "outreach_missing");
    let (_, other_key) = app.another_seller("Other").await;
    let (status, _, _) = app
        .api(
            reqwest::Method::POST,
            &format!("/api/v1/links/{id}/remind"),
            &other_key,
            None,
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(smtp.mails().len(), 3);
}
on_both!(the_api_reminds_and_resends_for_the_seller_only);
