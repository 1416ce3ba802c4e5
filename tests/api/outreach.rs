//! Outreach by e-mail end to end: `notify_by_email` on the create API, the message
//! through the outbox to a real SMTP conversation with the sink in `fake_smtp`, parsed
//! back (headers, both parts, language, the Pay and stop links), schedules on the
//! manual clock, refusals and outages, the stop link, and the timeline.

use std::time::Duration;

use paychat::domain::money::format_money;
use paychat::domain::{Currency, Money};
use serde_json::{Value, json};

use crate::fake_smtp::{FakeSmtp, Mail, Parsed, decode_header, parse, url_for};
use crate::helpers::{Backend, TestApp, eventually};
use crate::on_both;

const BUYER: &str = "buyer@example.com";
const FROM: &str = "Nok Bakery via paychat <pay@paychat.test>";
const REPLY_TO: &str = "nok@bakery.test";

fn email_env(url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("PAYCHAT_EMAIL__SMTP_URL", url.to_owned()),
        ("PAYCHAT_EMAIL__FROM", FROM.to_owned()),
        ("PAYCHAT_EMAIL__REPLY_TO", REPLY_TO.to_owned()),
    ]
}

/// paychat sending e-mail through `url`, on the manual clock when `manual`.
async fn mail_app(backend: Backend, url: &str, manual: bool) -> TestApp {
    let env = email_env(url);
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut builder = TestApp::builder().env(&pairs);
    if manual {
        builder = builder.manual_clock();
    }
    builder.spawn(backend).await
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A create body for 250.00 THB "Tuition" to `BUYER`, e-mailed, with `extra` fields.
fn body(extra: Value) -> Value {
    let mut b = json!({
        "amount": "250.00",
        "currency": "THB",
        "description": "Tuition <b>December</b>",
        "customer_details": { "email_address": BUYER },
        "notify_by_email": true,
    });
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

async fn events_of(app: &TestApp, id: &str) -> Vec<Value> {
    let (status, json) = app.get(&format!("/api/v1/links/{id}/events")).await;
    assert_eq!(status, 200, "{json}");
    json["data"].as_array().unwrap().clone()
}

fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

/// Waits for the first `kind` event on the link's timeline and returns it.
async fn event(app: &TestApp, id: &str, kind: &str) -> Value {
    eventually(kind, || async {
        of_type(&events_of(app, id).await, kind)
            .first()
            .map(|e| (*e).clone())
    })
    .await
}

/// Waits until the sink holds `n` messages.
async fn mails(smtp: &FakeSmtp, n: usize) -> Vec<Mail> {
    eventually("the e-mails", || async {
        let m = smtp.mails();
        (m.len() >= n).then_some(m)
    })
    .await
}

/// The first URL in `text` that contains `needle`.
fn url_with(text: &str, needle: &str) -> String {
    text.split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(needle))
        .unwrap_or_else(|| panic!("a URL with {needle} in {text}"))
        .to_owned()
}

fn path_of(url: &str) -> String {
    let u = reqwest::Url::parse(url).unwrap();
    format!("{}?{}", u.path(), u.query().unwrap_or(""))
}

async fn a_link_is_emailed_to_its_buyer_at_once_in_the_sellers_language(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), false).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    let slug = link["slug"].as_str().unwrap();
    let sent = event(&app, id, "email.sent").await;

    // Assert: one message, to the buyer, from the configured sender.
    let got = mails(&smtp, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec![BUYER.to_owned()]);
    assert_eq!(got[0].from, "pay@paychat.test");
    let m: Parsed = parse(&got[0].data);
    assert!(m.header("From").unwrap().contains("pay@paychat.test"));
    assert_eq!(m.header("To").unwrap(), BUYER);
    assert_eq!(m.header("Reply-To").unwrap(), REPLY_TO);
    assert!(m.header("Date").is_some());
    let message_id = m.header("Message-ID").unwrap();
    assert_eq!(sent["data"]["message_id"], message_id);
    assert_eq!(sent["data"]["to"], BUYER);

    // In Thai (the seller's language): subject and both parts.
    let amount = format_money(
        Money::from_minor(25_000, Currency::from_code("THB").unwrap()).unwrap(),
        "th",
    );
    let subject = decode_header(m.header("Subject").unwrap());
    assert_eq!(subject, format!("Nok Bakery ขอให้คุณชำระ {amount}"));
    assert!(m.text.contains(&amount), "{}", m.text);
    assert!(m.text.contains("ชำระเงินตอนนี้"), "{}", m.text);
    assert!(m.text.contains("Tuition <b>December</b>"), "{}", m.text);
    assert!(m.html.contains("ชำระเงินตอนนี้"), "{}", m.html);
    assert!(m.html.contains("<html lang=\"th\">"), "{}", m.html);
    // The seller's text is escaped in the HTML part.
    assert!(
        m.html.contains("Tuition &lt;b&gt;December&lt;/b&gt;"),
        "{}",
        m.html
    );
    assert!(!m.html.contains("<b>December"), "{}", m.html);
    // The expiry, in the seller's time zone (Asia/Bangkok by default for Thai sellers or the
    // configured default: the time is shown with its offset).
    assert!(m.text.contains("(UTC"), "{}", m.text);

    // The Pay link opens the buyer page in the buyer's language.
    let pay = url_with(&m.text, &format!("/p/{slug}?lang=th"));
    assert!(
        m.html
            .contains(&format!("href=\"{}\"", pay.replace('&', "&amp;")))
    );
    let page = app
        .client
        .get(app.url(&path_of(&pay)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    // The stop link is in the text, the HTML and the List-Unsubscribe header.
    let stop = url_with(&m.text, &format!("/p/{slug}/stop?t="));
    assert!(m.html.contains(&stop));
    assert_eq!(m.header("List-Unsubscribe").unwrap(), format!("<{stop}>"));
    assert_eq!(
        m.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );

    // Sent once: nothing left in the outbox, one message, one event.
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 1);
    assert_eq!(of_type(&events_of(&app, id).await, "email.sent").len(), 1);
}
on_both!(a_link_is_emailed_to_its_buyer_at_once_in_the_sellers_language);

async fn a_scheduled_email_waits_for_its_time(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), true).await;
    let at = app.clock().now_ms() + 3_600_000;

    // Act
    let later = app
        .create_link(body(json!({
            "scheduled_date": rfc3339(at),
            "language": "en",
            "customer_details": { "email_address": "later@example.com" },
        })))
        .await;
    let now = app.create_link(body(json!({}))).await;
    let later_id = later["id"].as_str().unwrap();

    // Assert: the one sent now went; the scheduled one waits for the clock.
    event(&app, now["id"].as_str().unwrap(), "email.sent").await;
    assert_eq!(mails(&smtp, 1).await.len(), 1);
    assert!(of_type(&events_of(&app, later_id).await, "email.sent").is_empty());

    app.clock().advance(Duration::from_secs(3601));
    event(&app, later_id, "email.sent").await;
    let got = mails(&smtp, 2).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].to, vec!["later@example.com".to_owned()]);
    let m = parse(&got[1].data);
    // In the language the request named.
    assert!(
        decode_header(m.header("Subject").unwrap()).contains("asks you to pay"),
        "{:?}",
        m.header("Subject")
    );
    assert!(m.text.contains("Pay now"), "{}", m.text);
}
on_both!(a_scheduled_email_waits_for_its_time);

async fn a_scheduled_email_for_a_link_paid_meanwhile_is_not_sent(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), true).await;
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
    let skipped = event(&app, id, "email.skipped").await;
    assert_eq!(skipped["data"]["reason"], "paid");
    app.outbox_drained().await;
    assert!(smtp.mails().is_empty());
    assert_eq!(smtp.rcpt_attempts(), 0);
    assert!(of_type(&events_of(&app, id).await, "email.sent").is_empty());
}
on_both!(a_scheduled_email_for_a_link_paid_meanwhile_is_not_sent);

async fn a_refused_recipient_is_on_the_timeline_told_to_the_seller_once_and_not_retried(
    backend: Backend,
) {
    use crate::telegram::{SELLER, register, seller_of};
    // Arrange: a Telegram seller with an API key; the mail server refuses the buyer.
    let smtp = FakeSmtp::start().await;
    smtp.refuse_recipients();
    let env = email_env(&smtp.url());
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::builder()
        .telegram()
        .env(&pairs)
        .spawn(backend)
        .await;
    let fake = app.telegram().clone();
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let key = app.engine.create_api_key(&seller).await.unwrap().key;
    let before = fake.sent_to_chat(SELLER).len();

    // Act
    let (status, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(body(json!({}))),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let id = link["id"].as_str().unwrap();

    // Assert: the reply is on the timeline (seen with the seller's key).
    let failed = eventually("email.failed", || async {
        let (_, json, _) = app
            .api(
                reqwest::Method::GET,
                &format!("/api/v1/links/{id}/events"),
                &key,
                None,
            )
            .await;
        json["data"]
            .as_array()?
            .iter()
            .find(|e| e["type"] == "email.failed")
            .cloned()
    })
    .await;
    let reply = failed["data"]["reply"].as_str().unwrap();
    assert!(
        reply.contains("550") && reply.contains("unknown user"),
        "{reply}"
    );
    assert_eq!(failed["data"]["to"], BUYER);
    // The seller's chat is told, once.
    let pushes = fake.wait_for_chat(SELLER, before + 1).await;
    let push = pushes[before].text();
    assert!(push.contains(BUYER) && push.contains("550"), "{push}");
    app.outbox_drained().await;
    assert_eq!(smtp.rcpt_attempts(), 1, "a 5xx is not retried");
    assert!(smtp.mails().is_empty());
    let told: Vec<_> = fake
        .sent_to_chat(SELLER)
        .into_iter()
        .filter(|c| c.text().contains(BUYER))
        .collect();
    assert_eq!(told.len(), 1);
}
on_both!(a_refused_recipient_is_on_the_timeline_told_to_the_seller_once_and_not_retried);

async fn an_email_waits_out_a_mail_server_that_is_down_and_is_sent_once(backend: Backend) {
    // Arrange: nobody listens on the SMTP port yet.
    let port = FakeSmtp::reserve().await;
    let app = mail_app(backend, &url_for(port), false).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    eventually("a failed attempt", || async {
        let retried = app
            .engine
            .metrics()
            .outbox_retried
            .load(std::sync::atomic::Ordering::SeqCst);
        (retried >= 1).then_some(())
    })
    .await;
    let smtp = FakeSmtp::start_on(port).await;

    // Assert
    event(&app, id, "email.sent").await;
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 1);
    assert_eq!(of_type(&events_of(&app, id).await, "email.sent").len(), 1);
    assert!(of_type(&events_of(&app, id).await, "email.failed").is_empty());
}
on_both!(an_email_waits_out_a_mail_server_that_is_down_and_is_sent_once);

async fn the_stop_link_asks_then_stops_and_a_stopped_schedule_sends_nothing(backend: Backend) {
    // Arrange: one link e-mailed now, one scheduled for later.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), true).await;
    let now = app.create_link(body(json!({}))).await;
    let now_id = now["id"].as_str().unwrap();
    event(&app, now_id, "email.sent").await;
    let m = parse(&mails(&smtp, 1).await[0].data);
    let stop = path_of(&url_with(&m.text, "/stop?t="));

    // Act + Assert: opening the link only asks (scanners open links).
    let res = app.client.get(app.url(&stop)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("<form method=\"post\""), "{page}");
    assert!(of_type(&events_of(&app, now_id).await, "email.stopped").is_empty());
    // The button (or one-click unsubscribe) stops, once.
    for _ in 0..2 {
        let res = app
            .client
            .post(app.url(&stop))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Nok Bakery"), "{page}");
        assert!(!page.contains("<form"), "{page}");
    }
    assert_eq!(
        of_type(&events_of(&app, now_id).await, "email.stopped").len(),
        1
    );
    // A wrong token or another link's slug finds nothing.
    let wrong = format!("{}t={}", &stop[..stop.find("t=").unwrap()], "0".repeat(32));
    let res = app.client.post(app.url(&wrong)).send().await.unwrap();
    assert_eq!(res.status(), 404);

    // A scheduled message of a stopped link is not sent.
    let at = app.clock().now_ms() + 3_600_000;
    let later = app
        .create_link(body(json!({ "scheduled_date": rfc3339(at) })))
        .await;
    let later_id = later["id"].as_str().unwrap();
    let slug = later["slug"].as_str().unwrap();
    let token = app
        .engine
        .outreach_of(&paychat::domain::LinkId::from_trusted(later_id.to_owned()))
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
    app.clock().advance(Duration::from_secs(3601));
    let skipped = event(&app, later_id, "email.skipped").await;
    assert_eq!(skipped["data"]["reason"], "stopped");
    app.outbox_drained().await;
    assert_eq!(smtp.mails().len(), 1);
}
on_both!(the_stop_link_asks_then_stops_and_a_stopped_schedule_sends_nothing);

async fn outreach_requests_are_checked_field_by_field(backend: Backend) {
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), true).await;
    let now = app.clock().now_ms();
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
        json!({ "scheduled_date": rfc3339(now - 60_000) }),
        "schedule_in_past",
        "scheduled_date",
    )
    .await;
    refused(
        json!({
            "expiry_date": rfc3339(now + 86_400_000),
            "scheduled_date": rfc3339(now + 2 * 86_400_000),
        }),
        "schedule_after_expiry",
        "scheduled_date",
    )
    .await;
    refused(
        json!({ "customer_details": { "name": "Somchai" } }),
        "contact_missing",
        "customer_details.email_address",
    )
    .await;
    refused(
        json!({ "send_immediately": false }),
        "schedule_missing",
        "scheduled_date",
    )
    .await;
    refused(
        json!({ "send_immediately": true, "scheduled_date": rfc3339(now + 60_000) }),
        "schedule_conflict",
        "send_immediately",
    )
    .await;
    refused(
        json!({ "notify_by_email": false, "scheduled_date": rfc3339(now + 60_000) }),
        "notify_missing",
        "scheduled_date",
    )
    .await;
    refused(
        json!({ "language": "klingon" }),
        "language_unknown",
        "language",
    )
    .await;
    refused(
        json!({ "scheduled_date": "tomorrow" }),
        "time_invalid",
        "scheduled_date",
    )
    .await;
    // Nothing was made, nothing queued.
    let (_, list) = app.get("/api/v1/links").await;
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");

    // A server without e-mail says so.
    let plain = TestApp::builder().spawn(Backend::Sqlite).await;
    let (status, json) = plain.post("/api/v1/links", body(json!({}))).await;
    assert_eq!(status, 400);
    assert_eq!(json["error"]["code"], "email_not_configured", "{json}");
    assert_eq!(json["error"]["field"], "notify_by_email", "{json}");
}
on_both!(outreach_requests_are_checked_field_by_field);

async fn a_buyer_who_chooses_the_amount_is_told_where_it_starts(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), false).await;
    let mut sent = body(json!({ "language": "en", "dynamic_amount": { "min_amount": "20" } }));
    sent.as_object_mut().unwrap().remove("amount");

    // Act
    let link = app.create_link(sent).await;
    event(&app, link["id"].as_str().unwrap(), "email.sent").await;

    // Assert
    let m = parse(&mails(&smtp, 1).await[0].data);
    assert_eq!(
        decode_header(m.header("Subject").unwrap()),
        "Nok Bakery sent you a payment link"
    );
    assert!(
        m.text.contains("Amount: your choice, from ฿20.00"),
        "{}",
        m.text
    );
}
on_both!(a_buyer_who_chooses_the_amount_is_told_where_it_starts);

async fn an_email_that_never_gets_through_ends_as_failed_not_quietly(backend: Backend) {
    // Arrange: nobody ever listens; two attempts in all.
    let port = FakeSmtp::reserve().await;
    let mut env = email_env(&url_for(port));
    env.push(("PAYCHAT_NOTIFIER__MAX_ATTEMPTS", "2".to_owned()));
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = TestApp::builder().env(&pairs).spawn(backend).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();

    // Assert
    let failed = event(&app, id, "email.failed").await;
    let reply = failed["data"]["reply"].as_str().unwrap();
    assert!(reply.starts_with("gave up after 2 attempts"), "{reply}");
    app.outbox_drained().await;
    assert_eq!(of_type(&events_of(&app, id).await, "email.failed").len(), 1);
}
on_both!(an_email_that_never_gets_through_ends_as_failed_not_quietly);

async fn the_chat_status_of_a_link_shows_its_emails(backend: Backend) {
    use crate::kit::chat::{Chat, shown};
    // Arrange: a chat seller with an API key e-mails a link, and the buyer stops them.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), false).await;
    let mut chat = Chat::new(&app, "nok", "en");
    chat.register().await;
    let seller = chat.seller().await;
    let key = app.engine.create_api_key(&seller.id).await.unwrap().key;
    let (status, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(body(json!({}))),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let slug = link["slug"].as_str().unwrap();
    let m = parse(&mails(&smtp, 1).await[0].data);
    let stop = path_of(&url_with(&m.text, "/stop?t="));
    let res = app.client.post(app.url(&stop)).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // Act (the sent event follows the server's answer: asked until it is there)
    let mut reply = String::new();
    for _ in 0..300 {
        reply = shown(&chat.say(&format!("/status {slug}")).await);
        if reply.contains("E-mail sent to the buyer") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Assert
    assert!(reply.contains("E-mail sent to the buyer"), "{reply}");
    assert!(
        reply.contains("The buyer stopped e-mails about this link"),
        "{reply}"
    );
}
on_both!(the_chat_status_of_a_link_shows_its_emails);

async fn a_refused_login_is_the_operators_and_keeps_the_email_for_later(backend: Backend) {
    // Arrange: the server refuses paychat's credentials.
    let smtp = FakeSmtp::start().await;
    smtp.refuse_login();
    let url = smtp.url().replace("smtp://", "smtp://paychat:wrong@");
    let app = mail_app(backend, &url, false).await;

    // Act
    let link = app.create_link(body(json!({}))).await;
    let id = link["id"].as_str().unwrap();
    eventually("a refused login", || async {
        (smtp.logins() >= 1).then_some(())
    })
    .await;
    eventually("a retry", || async {
        let retried = app
            .engine
            .metrics()
            .outbox_retried
            .load(std::sync::atomic::Ordering::SeqCst);
        (retried >= 1).then_some(())
    })
    .await;
    smtp.accept_login();

    // Assert: the buyer's e-mail was not failed, and goes once the login works.
    event(&app, id, "email.sent").await;
    assert!(of_type(&events_of(&app, id).await, "email.failed").is_empty());
    assert_eq!(smtp.mails().len(), 1);
}
on_both!(a_refused_login_is_the_operators_and_keeps_the_email_for_later);

/// `/link … to:buyer@… send:now` e-mails the link at once; `send:<local time>` schedules
/// it in the seller's zone; the card says what will be sent, to whom, when; bad input is
/// answered in words.
async fn chat_send_option(backend: Backend) {
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), false).await;
    let mut chat = crate::kit::chat::Chat::new(&app, "730001", "en");
    chat.register().await;
    let shown = |r: &paychat::conversation::Reply| crate::kit::chat::shown(r);

    let replies = chat
        .say_all(&format!("/link 250 THB tuition to:{BUYER} send:now"))
        .await;
    let card = shown(&replies[0]);
    assert!(card.contains(&format!("E-mailed to {BUYER} now")), "{card}");
    let got = mails(&smtp, 1).await;
    assert_eq!(got.len(), 1);

    let soon = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M");
    let replies = chat
        .say_all(&format!("/link 300 THB tuition to:{BUYER} send:{soon}"))
        .await;
    let card = shown(&replies[0]);
    assert!(card.contains(&format!("E-mail to {BUYER} at")), "{card}");
    assert_eq!(smtp.mails().len(), 1, "the scheduled one is not sent yet");
    let r = chat
        .say(&format!(
            "/link 300 THB tuition to:{BUYER} send:{soon} exp:1d"
        ))
        .await;
    assert!(
        shown(&r).contains("after the link expires"),
        "{}",
        shown(&r)
    );

    // A phone number is texted: this server has no SMS.
    let r = chat
        .say("/link 250 THB tuition to:+66812345678 send:now")
        .await;
    assert!(
        shown(&r).contains("does not send text messages yet"),
        "{}",
        shown(&r)
    );
    let r = chat
        .say(&format!("/link 250 THB tuition to:{BUYER} send:tomorrow"))
        .await;
    assert!(
        shown(&r).contains("Give the time after send:tomorrow"),
        "{}",
        shown(&r)
    );
    let r = chat
        .say(&format!("/link 250 THB tuition to:{BUYER} send:soon"))
        .await;
    assert!(shown(&r).contains("is not a time"), "{}", shown(&r));
    // Tomorrow on the seller's calendar (UTC here), at the time after the word.
    let tomorrow = || {
        let day = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%d 09:00");
        format!("E-mail to {BUYER} at {day}")
    };
    let before = tomorrow();
    let replies = chat
        .say_all(&format!(
            "/link 250 THB tuition send:tomorrow 9:00 to:{BUYER}"
        ))
        .await;
    let card = shown(&replies[0]);
    // Either side of midnight while the test runs.
    assert!(
        card.contains(&before) || card.contains(&tomorrow()),
        "{card}"
    );
    let r = chat
        .say(&format!(
            "/link 250 THB tuition to:{BUYER} send:2020-01-01T09:00"
        ))
        .await;
    assert!(shown(&r).contains("That time has passed"), "{}", shown(&r));
}
on_both!(chat_send_option);

async fn a_sellers_own_reply_to_replaces_the_servers(backend: Backend) {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), false).await;
    let mut chat = crate::kit::chat::Chat::new(&app, "730002", "en");
    chat.register().await;
    let shown = |r: &paychat::conversation::Reply| crate::kit::chat::shown(r);
    assert!(shown(&chat.say("/replyto").await).contains("do not reach you yet"));
    let bad = chat.say("/replyto nok-at-bakery").await;
    assert!(
        shown(&bad).contains("\"nok-at-bakery\" is not an e-mail address"),
        "{}",
        shown(&bad)
    );

    // Act
    let set = chat.say("/replyto nok@own-shop.test").await;
    chat.say_all(&format!("/link 250 THB tuition to:{BUYER} send:now"))
        .await;

    // Assert: the buyer's answer reaches the seller, by name.
    assert!(
        shown(&set).contains("now reach nok@own-shop.test"),
        "{}",
        shown(&set)
    );
    let m = parse(&mails(&smtp, 1).await[0].data);
    let reply_to = decode_header(m.header("Reply-To").unwrap());
    assert!(reply_to.contains("<nok@own-shop.test>"), "{reply_to}");
    assert!(reply_to.contains("Nok"), "{reply_to}");

    // Off: the server's Reply-To again.
    assert!(shown(&chat.say("/replyto off").await).contains("no longer go"));
    chat.say_all(&format!("/link 260 THB tuition to:{BUYER} send:now"))
        .await;
    let m = parse(&mails(&smtp, 2).await[1].data);
    assert_eq!(m.header("Reply-To").unwrap(), REPLY_TO);
}
on_both!(a_sellers_own_reply_to_replaces_the_servers);

async fn a_message_due_after_its_link_closed_is_not_sent(backend: Backend) {
    // Arrange: one link's e-mail scheduled in an hour, then the link cancelled; another
    // link expiring in 30 minutes whose second chance falls due after that.
    let smtp = FakeSmtp::start().await;
    let app = mail_app(backend, &smtp.url(), true).await;
    let at = app.clock().now_ms() + 3_600_000;
    let cancelled = app
        .create_link(body(json!({ "scheduled_date": rfc3339(at) })))
        .await;
    let cancelled = cancelled["id"].as_str().unwrap();
    let (status, json) = app
        .post(&format!("/api/v1/links/{cancelled}/cancel"), json!({}))
        .await;
    assert_eq!(status, 200, "{json}");
    let expiring = app
        .create_link(body(json!({
            "expiry_date": rfc3339(app.clock().now_ms() + 30 * 60_000),
            "second_chance": true,
        })))
        .await;
    let (expiring, slug) = (
        expiring["id"].as_str().unwrap(),
        expiring["slug"].as_str().unwrap(),
    );
    event(&app, expiring, "email.sent").await;
    let res = crate::providers_common::press_pay(&app, slug).await;
    assert_eq!(res.status(), 303);

    // Act
    app.clock().advance(Duration::from_secs(3_601));

    // Assert: each on its timeline with why; nothing more reached the mail server.
    let skipped = event(&app, cancelled, "email.skipped").await;
    assert_eq!(skipped["data"]["reason"], "cancelled");
    let skipped = event(&app, expiring, "email.skipped").await;
    assert_eq!(skipped["data"]["reason"], "expired");
    assert_eq!(skipped["data"]["purpose"], "second_chance");
    app.outbox_drained().await;
    assert_eq!(
        smtp.mails().len(),
        1,
        "only the expiring link's first e-mail"
    );
}
on_both!(a_message_due_after_its_link_closed_is_not_sent);
