//! The WhatsApp door end to end: signed webhooks into the real app, replies and pushes
//! out to the fake Graph API in `fake_whatsapp`, a real database, the sandbox provider.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::fake_telegram::FakeTelegram;
use crate::fake_whatsapp::{self as fw, FakeWhatsApp, Sent};
use crate::helpers::{Backend, TestApp};
use crate::on_both;
use crate::telegram::{self as tg, SELLER};

/// The seller's WhatsApp number.
pub const NUMBER: &str = "66812345678";

/// paychat with WhatsApp pointed at a fresh fake Graph API.
pub async fn spawn_wa(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeWhatsApp) {
    let app = TestApp::builder()
        .whatsapp()
        .env(extra)
        .spawn(backend)
        .await;
    let fake = app.whatsapp().clone();
    (app, fake)
}

/// POSTs a signed webhook; returns the HTTP status.
pub async fn deliver(app: &TestApp, (body, signature): (String, String)) -> u16 {
    app.client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
        .expect("webhook")
        .status()
        .as_u16()
}

/// Sends `text` from `NUMBER` as message `id`.
pub async fn say(app: &TestApp, id: &str, text: &str) -> u16 {
    deliver(app, fw::text_message(Some(NUMBER), None, "Nok", id, text)).await
}

/// The slug in the first link URL of `text`.
pub fn slug_in(text: &str) -> String {
    let i = text.find("/p/").expect("a link URL");
    text[i + 3..i + 3 + 16].to_owned()
}

/// Waits for a message to `who` whose text contains `needle`.
pub async fn wait_text(fake: &FakeWhatsApp, who: &str, needle: &str) -> Sent {
    crate::helpers::eventually(&format!("a WhatsApp message with {needle:?}"), || async {
        fake.sent_to(who)
            .into_iter()
            .find(|s| s.text().contains(needle))
    })
    .await
}

async fn the_sellers_whole_journey_on_whatsapp(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;

    // Handshake.
    let verify = app
        .client
        .get(app.url(&format!(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={}&hub.challenge=1158201444",
            FakeWhatsApp::VERIFY_TOKEN
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status().as_u16(), 200);
    assert_eq!(verify.text().await.unwrap(), "1158201444");

    // "link …" without a slash: the link as text, a CTA button, the QR as an image.
    assert_eq!(say(&app, "wamid.IN1", "link 250 THB ค่าเรียน").await, 200);
    let card = wait_text(&fake, NUMBER, "ค่าเรียน").await;
    let slug = slug_in(&card.text());
    let url = format!("{}/p/{slug}", app.addr);
    let cta = crate::helpers::eventually("a CTA button", || async {
        fake.sent_to(NUMBER).into_iter().find_map(|s| s.cta_url())
    })
    .await;
    assert_eq!(cta, url);
    let image = crate::helpers::eventually("the QR image", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.kind() == "image")
    })
    .await;
    assert_eq!(image.body["image"]["link"], format!("{url}/qr.png"));

    // The buyer pays: the push arrives as free text inside the 24-hour window.
    app.buyer_pays(&slug, "succeed").await;
    let paid = wait_text(&fake, NUMBER, "Somchai").await;
    assert!(paid.text().contains("฿250.00"), "{}", paid.text());

    // Refund with a reply button.
    assert_eq!(say(&app, "wamid.IN2", &format!("refund {slug}")).await, 200);
    let confirm = crate::helpers::eventually("a refund confirmation", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.button_ids().iter().any(|id| id.starts_with("q:")))
    })
    .await;
    let tap = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.IN3",
        confirm.wamid.as_deref().unwrap_or(""),
        &confirm.button_ids()[0],
        "Yes, refund",
    );
    assert_eq!(deliver(&app, tap).await, 200);
    wait_text(&fake, NUMBER, "↩️").await;
    let seller = app
        .engine
        .chat_seller("whatsapp", NUMBER)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(seller.currency, "THB");
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Refunded);
}
on_both!(the_sellers_whole_journey_on_whatsapp);

// ---- helpers for the tests below ------------------------------------------------

/// Sends `text` from the number `from` as message `id`.
pub async fn say_as(app: &TestApp, from: &str, id: &str, text: &str) -> u16 {
    deliver(app, fw::text_message(Some(from), None, "Nok", id, text)).await
}

/// A fresh inbound message id.
fn new_id() -> String {
    format!("wamid.IN-{}", crate::kit::server::random_hex(6))
}

/// More than WhatsApp's 24-hour customer-service window, in seconds.
const OUTSIDE_WINDOW_SECS: u64 = 25 * 3600;

/// A text message from the number `from` that the user wrote `age_secs` ago (Meta's
/// `timestamp`), signed like the builders' payloads.
fn text_written_ago(from: &str, id: &str, text: &str, age_secs: u64) -> (String, String) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    fw::payload(json!({
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": "15550001111",
            "phone_number_id": FakeWhatsApp::PHONE_NUMBER_ID,
        },
        "contacts": [{ "profile": { "name": "Nok" }, "wa_id": from }],
        "messages": [{
            "from": from,
            "id": id,
            "timestamp": (now - age_secs).to_string(),
            "type": "text",
            "text": { "body": text },
        }],
    }))
}

/// Messages to `who` whose readable text contains `needle`.
fn texts(fake: &FakeWhatsApp, who: &str, needle: &str) -> Vec<Sent> {
    fake.sent_to(who)
        .into_iter()
        .filter(|s| s.text().contains(needle))
        .collect()
}

/// Messages to `who` carrying a reply button with id `button`.
fn with_button(fake: &FakeWhatsApp, who: &str, button: &str) -> Vec<Sent> {
    fake.sent_to(who)
        .into_iter()
        .filter(|s| s.button_ids().iter().any(|b| b == button))
        .collect()
}

/// Sends `help` from the number `who` and waits for its answer. One user's messages go
/// out in order, so everything queued for `who` before it has been sent by then.
async fn settle(app: &TestApp, fake: &FakeWhatsApp, who: &str) {
    settle_with(
        app,
        fake,
        who,
        fw::text_message(Some(who), None, "Nok", &new_id(), "help"),
    )
    .await;
}

/// `settle` with the `help` message given (e.g. from a user known by user id).
async fn settle_with(app: &TestApp, fake: &FakeWhatsApp, who: &str, help: (String, String)) {
    // "/export" is in the help text of every language.
    let before = texts(fake, who, "/export").len();
    assert_eq!(deliver(app, help).await, 200);
    crate::helpers::eventually("the answer to help", || async {
        (texts(fake, who, "/export").len() > before).then_some(())
    })
    .await;
}

/// Sends `link …` from `NUMBER` and returns the slug once the card, its button and the
/// QR picture arrived.
async fn make_link(app: &TestApp, fake: &FakeWhatsApp, args: &str) -> String {
    let before = fake.sent_to(NUMBER).len();
    assert_eq!(say(app, &new_id(), &format!("link {args}")).await, 200);
    crate::helpers::eventually(&format!("a link card and QR for {args:?}"), || async {
        let sent = fake.sent_to(NUMBER);
        let new = sent.get(before..).unwrap_or_default();
        let card = new.iter().find(|s| s.text().contains("/p/"))?;
        let has_cta = new.iter().any(|s| s.cta_url().is_some());
        let has_qr = new.iter().any(|s| s.kind() == "image");
        (has_cta && has_qr).then(|| slug_in(&card.text()))
    })
    .await
}

/// The seller behind a WhatsApp user key.
async fn wa_seller(app: &TestApp, key: &str) -> Option<paychat::engine::store::SellerRow> {
    app.engine.chat_seller("whatsapp", key).await.unwrap()
}

/// A direct connection to the test's database, for what no public call shows.
enum Db {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

async fn db(app: &TestApp) -> Db {
    use sqlx::Connection as _;
    let url = &app.db.url;
    if url.starts_with("sqlite:") {
        Db::Sqlite(sqlx::SqliteConnection::connect(url).await.expect("sqlite"))
    } else {
        Db::Pg(sqlx::PgConnection::connect(url).await.expect("postgres"))
    }
}

/// `select count(*) …` with one text parameter `$1`.
pub async fn db_count(app: &TestApp, sql: &str, arg: &str) -> i64 {
    let as_text = format!("select cast(({sql}) as text)");
    db_text(app, &as_text, arg)
        .await
        .and_then(|n| n.parse().ok())
        .expect(sql)
}

/// A text value from a query with one text parameter `$1`, if a row matched.
async fn db_text(app: &TestApp, sql: &str, arg: &str) -> Option<String> {
    match db(app).await {
        Db::Sqlite(mut c) => sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(arg)
            .fetch_optional(&mut c)
            .await
            .expect(sql),
        Db::Pg(mut c) => sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(arg)
            .fetch_optional(&mut c)
            .await
            .expect(sql),
    }
}

/// How many outbox rows a channel holds, in any state.
async fn outbox_rows(app: &TestApp, channel: &str) -> i64 {
    db_count(
        app,
        "select count(*) from outbox where channel = $1",
        channel,
    )
    .await
}

/// Waits until the push of `kind` for `who` was put off (pending, due in more than a
/// minute): the app tried it and found nothing Meta would accept now.
async fn wait_push_deferred(app: &TestApp, who: &str, kind: &'static str) {
    let sql = match kind {
        "payment.succeeded" => {
            "select count(*) from outbox where channel = 'whatsapp' and destination = $1 \
             and kind = 'payment.succeeded' and status = 'pending' and attempts = 0 \
             and next_attempt_at > created_at + 60000"
        }
        other => panic!("no query for {other}"),
    };
    crate::helpers::eventually(&format!("the {kind} push to be put off"), || async {
        (db_count(app, sql, who).await == 1).then_some(())
    })
    .await;
}

// ---- 1. Thai text ------------------------------------------------------------------

async fn thai_in_unicode_escapes_comes_back_intact(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    // Meta escapes every non-ASCII character: the builders do too.
    let raw = fw::text_message(
        Some(NUMBER),
        None,
        "น้องนก",
        "wamid.TH1",
        "link 250 ค่าเรียนพิเศษ 🎓",
    );
    assert!(raw.0.is_ascii(), "{}", raw.0);
    assert!(raw.0.contains("\\u0e04"), "{}", raw.0);
    assert_eq!(deliver(&app, raw).await, 200);

    let card = wait_text(&fake, NUMBER, "ค่าเรียนพิเศษ 🎓").await;
    assert!(card.text().contains("฿250.00"), "{}", card.text());
    let image = crate::helpers::eventually("the QR image", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.kind() == "image")
    })
    .await;
    assert_eq!(image.text(), "สแกนเพื่อชำระ ฿250.00");
    let greeting = wait_text(&fake, NUMBER, "ยินดีต้อนรับสู่ paychat").await;
    assert!(greeting.text().contains("น้องนก"), "{}", greeting.text());

    let seller = wa_seller(&app, NUMBER).await.expect("registered");
    assert_eq!(seller.name, "น้องนก");
    assert_eq!(
        (seller.locale.as_str(), seller.currency.as_str()),
        ("th", "THB")
    );
    let slug = slug_in(&card.text());
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.description, "ค่าเรียนพิเศษ 🎓");
    assert!(fake.failed().is_empty(), "{}", fake.report());
}
on_both!(thai_in_unicode_escapes_comes_back_intact);

// ---- 2. Users known only by their business-scoped user id ----------------------------

async fn a_user_without_wa_id_is_answered_by_recipient(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let user = "US.abc";
    let msg = fw::text_message(None, Some(user), "Ann", "wamid.U1", "link 100 USD lesson");
    assert_eq!(deliver(&app, msg).await, 200);
    let card = wait_text(&fake, user, "lesson").await;
    let slug = slug_in(&card.text());
    fake.wait_for_to(user, 4).await; // greeting, card, button, QR

    // The buyer pays: the push goes to the user id too.
    app.buyer_pays(&slug, "succeed").await;
    wait_text(&fake, user, "Somchai").await;
    for s in fake.sent() {
        assert_eq!(s.body["recipient"], user, "{}", fake.report());
        assert!(s.body.get("to").is_none(), "{}", fake.report());
    }

    // Keyed by the user id; the contact has no phone number.
    let seller = wa_seller(&app, user)
        .await
        .expect("registered under the user id");
    assert_eq!(seller.name, "Ann");
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Paid);
    let contact = app.engine.whatsapp_contact(user).await.unwrap().unwrap();
    assert_eq!(
        (contact.user_id.as_deref(), contact.wa_id.as_deref()),
        (Some(user), None)
    );

    // Later the same user comes with a phone number too: still the same seller, and
    // answered by number.
    let phone = "15550009999";
    let both = fw::text_message(Some(phone), Some(user), "Ann", "wamid.U2", "links");
    assert_eq!(deliver(&app, both).await, 200);
    let links = crate::helpers::eventually("the links list by number", || async {
        fake.sent()
            .into_iter()
            .find(|s| s.to() == Some(phone) && s.text().contains(&slug))
    })
    .await;
    assert_eq!(links.body["to"], phone);
    assert!(links.body.get("recipient").is_none(), "{}", links.body);
    assert_eq!(wa_seller(&app, user).await.unwrap().id, seller.id);
    assert!(wa_seller(&app, phone).await.is_none());
    assert!(fake.failed().is_empty(), "{}", fake.report());
}
on_both!(a_user_without_wa_id_is_answered_by_recipient);

// ---- 3. Reply buttons ------------------------------------------------------------

async fn cancel_asks_with_reply_buttons(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let slug = make_link(&app, &fake, "250 THB cake").await;
    let seller = wa_seller(&app, NUMBER).await.unwrap();

    // "No" keeps the link and closes the question; asked again, "yes" cancels it.
    assert_eq!(say(&app, "wamid.C1", &format!("cancel {slug}")).await, 200);
    let ask = crate::helpers::eventually("the cancel question", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.text().contains("฿250.00 — cake") && s.button_ids().len() == 2)
    })
    .await;
    let ids = ask.button_ids();
    assert!(
        ids.iter().all(|id| id.starts_with("q:")),
        "answers carry the question's id only: {ids:?}"
    );
    let tap_no = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.C2",
        ask.wamid.as_deref().unwrap(),
        &ids[1],
        "ไม่ เก็บไว้",
    );
    assert_eq!(deliver(&app, tap_no).await, 200);
    wait_text(&fake, NUMBER, "ไม่มีอะไรเปลี่ยนแปลง").await;
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Active);

    // "No" closed that question: its "yes" does nothing now.
    let late_yes = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.C3",
        ask.wamid.as_deref().unwrap(),
        &ids[0],
        "ใช่ ยกเลิกเลย",
    );
    assert_eq!(deliver(&app, late_yes).await, 200);
    wait_text(&fake, NUMBER, "ปุ่มนี้ใช้ไม่ได้แล้ว").await;
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Active);

    assert_eq!(say(&app, "wamid.C4", &format!("cancel {slug}")).await, 200);
    let again = crate::helpers::eventually("the second cancel question", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .filter(|s| s.text().contains("฿250.00 — cake") && s.button_ids().len() == 2)
            .nth(1)
    })
    .await;
    let tap_yes = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.C5",
        again.wamid.as_deref().unwrap(),
        &again.button_ids()[0],
        "ใช่ ยกเลิกเลย",
    );
    assert_eq!(deliver(&app, tap_yes).await, 200);
    let done = wait_text(&fake, NUMBER, "ยกเลิกแล้ว").await;
    assert!(done.text().contains("cake"), "{}", done.text());
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Cancelled);

    // Every button title within Meta's 20 characters (the fake refuses longer ones).
    for s in fake.sent() {
        for b in s
            .body
            .pointer("/interactive/action/buttons")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let title = b.pointer("/reply/title").and_then(Value::as_str).unwrap();
            assert!(title.chars().count() <= 20, "{title:?}");
        }
    }
    assert!(fake.failed().is_empty(), "{}", fake.report());
}
on_both!(cancel_asks_with_reply_buttons);

// ---- 4. Messages without text ------------------------------------------------------

async fn stickers_voice_and_pictures_get_one_short_help_each(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    for (i, kind) in ["sticker", "audio", "image"].into_iter().enumerate() {
        let msg = fw::media_message(Some(NUMBER), None, &format!("wamid.M{i}"), kind);
        assert_eq!(deliver(&app, msg).await, 200, "{kind}");
    }
    let help = "อ่านได้เฉพาะข้อความตัวอักษรเท่านั้น";
    fake.wait_for_to(NUMBER, 3).await;
    // Nobody is registered by a sticker.
    assert!(wa_seller(&app, NUMBER).await.is_none());
    settle(&app, &fake, NUMBER).await;
    let sent = fake.sent_to(NUMBER);
    assert_eq!(texts(&fake, NUMBER, help).len(), 3, "{}", fake.report());
    assert!(
        sent[..3]
            .iter()
            .all(|s| s.kind() == "text" && s.text().contains(help))
    );
    // Then only the greeting and the help of the settling message.
    assert_eq!(sent.len(), 5, "{}", fake.report());
}
on_both!(stickers_voice_and_pictures_get_one_short_help_each);

// ---- 5. Bodies that are not webhooks ------------------------------------------------

async fn a_signed_body_that_is_no_webhook_is_refused(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let refused = [
        "{\"object\":\"whatsapp_business_account\",\"entry\":[".to_owned(),
        "not json at all".to_owned(),
        json!({ "object": "page", "entry": [] }).to_string(),
        json!({ "object": "instagram", "entry": [{ "id": "1", "changes": [{
            "field": "messages",
            "value": { "messages": [{ "from": NUMBER, "id": "wamid.X", "type": "text",
                                      "text": { "body": "link 5" } }] },
        }] }] })
        .to_string(),
    ];
    for body in refused {
        let signature = fw::sign(&body);
        assert_eq!(
            deliver(&app, (body.clone(), signature)).await,
            400,
            "{body}"
        );
    }
    assert_eq!(outbox_rows(&app, "whatsapp-in").await, 0);
    assert_eq!(outbox_rows(&app, "whatsapp").await, 0);
    assert!(wa_seller(&app, NUMBER).await.is_none());

    // The next real message is the only one answered.
    assert_eq!(say(&app, "wamid.OK1", "links").await, 200);
    wait_text(&fake, NUMBER, "คุณยังไม่มีลิงก์").await;
    settle(&app, &fake, NUMBER).await;
    assert_eq!(outbox_rows(&app, "whatsapp-in").await, 2);
    assert_eq!(fake.sent_to(NUMBER).len(), 3, "{}", fake.report());
    assert_eq!(fake.count(), 3);
}
on_both!(a_signed_body_that_is_no_webhook_is_refused);

// ---- 6. Signatures -----------------------------------------------------------------

async fn unsigned_or_badly_signed_webhooks_are_refused(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let (body, good) = fw::text_message(Some(NUMBER), None, "Nok", "wamid.S1", "link 250 ค่าเรียน");
    let other_secret = {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"another-app-secret").unwrap();
        mac.update(body.as_bytes());
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    };
    // The same JSON re-serialised (Thai unescaped) is other bytes: no match.
    let reserialised = serde_json::from_str::<Value>(&body).unwrap().to_string();
    assert_ne!(reserialised, body);
    let tampered = body.replace("link 250", "link 999");
    assert_ne!(tampered, body);
    let bad: Vec<(String, Option<String>)> = vec![
        (body.clone(), None),
        (body.clone(), Some(String::new())),
        (body.clone(), Some(other_secret)),
        (
            body.clone(),
            Some(good.trim_start_matches("sha256=").to_owned()),
        ),
        (
            body.clone(),
            Some(format!("sha1={}", good.trim_start_matches("sha256="))),
        ),
        (body.clone(), Some("sha256=zz".to_owned())),
        (format!("{body} "), Some(good.clone())),
        (reserialised, Some(good.clone())),
        (tampered, Some(good.clone())),
    ];
    for (i, (raw, signature)) in bad.into_iter().enumerate() {
        let mut req = app
            .client
            .post(app.url("/webhooks/whatsapp"))
            .header("content-type", "application/json")
            .body(raw);
        if let Some(s) = signature {
            req = req.header("x-hub-signature-256", s);
        }
        let status = req.send().await.unwrap().status().as_u16();
        assert_eq!(status, 401, "case {i}");
    }
    assert_eq!(outbox_rows(&app, "whatsapp-in").await, 0);
    assert!(wa_seller(&app, NUMBER).await.is_none());

    // The genuine one goes through, and only it is answered.
    assert_eq!(deliver(&app, (body, good)).await, 200);
    wait_text(&fake, NUMBER, "ค่าเรียน").await;
    settle(&app, &fake, NUMBER).await;
    assert_eq!(outbox_rows(&app, "whatsapp-in").await, 2);
    let seller = wa_seller(&app, NUMBER).await.expect("registered");
    let links = db_count(
        &app,
        "select count(*) from links where seller_id = $1",
        seller.id.as_str(),
    )
    .await;
    assert_eq!(links, 1);
}
on_both!(unsigned_or_badly_signed_webhooks_are_refused);

// ---- 7. Redeliveries -------------------------------------------------------------

async fn a_redelivered_message_is_answered_once(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    // One after the other…
    let first = fw::text_message(Some(NUMBER), None, "Nok", "wamid.R1", "link 250 THB cake");
    assert_eq!(deliver(&app, first.clone()).await, 200);
    assert_eq!(deliver(&app, first.clone()).await, 200);
    wait_text(&fake, NUMBER, "cake").await;
    assert_eq!(deliver(&app, first).await, 200);
    // …and at the same moment.
    let second = fw::text_message(Some(NUMBER), None, "Nok", "wamid.R2", "link 99 THB pie");
    let (a, b, c) = tokio::join!(
        deliver(&app, second.clone()),
        deliver(&app, second.clone()),
        deliver(&app, second),
    );
    assert_eq!((a, b, c), (200, 200, 200));
    wait_text(&fake, NUMBER, "pie").await;
    settle(&app, &fake, NUMBER).await;

    // One greeting, one card + button + QR per link.
    let sent = fake.sent_to(NUMBER);
    let count = |f: &dyn Fn(&Sent) -> bool| sent.iter().filter(|s| f(s)).count();
    assert_eq!(
        count(&|s| s.text().contains("ยินดีต้อนรับ")),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(
        count(&|s| s.text().contains("/p/") && s.text().contains("cake")),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(
        count(&|s| s.text().contains("/p/") && s.text().contains("pie")),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(count(&|s| s.kind() == "image"), 2, "{}", fake.report());
    assert_eq!(count(&|s| s.cta_url().is_some()), 2, "{}", fake.report());
    let seller = wa_seller(&app, NUMBER).await.unwrap();
    let links = db_count(
        &app,
        "select count(*) from links where seller_id = $1",
        seller.id.as_str(),
    )
    .await;
    assert_eq!(links, 2);
    assert_eq!(outbox_rows(&app, "whatsapp-in").await, 3);
}
on_both!(a_redelivered_message_is_answered_once);

// ---- 8. Every command ------------------------------------------------------------

/// Sends `text` from `NUMBER` and waits for a new message containing `needle`.
async fn ask(app: &TestApp, fake: &FakeWhatsApp, text: &str, needle: &str) -> Sent {
    let before = texts(fake, NUMBER, needle).len();
    assert_eq!(say(app, &new_id(), text).await, 200, "{text}");
    crate::helpers::eventually(
        &format!("an answer to {text:?} with {needle:?}"),
        || async { texts(fake, NUMBER, needle).into_iter().nth(before) },
    )
    .await
}

async fn every_command_works_in_the_sellers_language(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let slug = make_link(&app, &fake, "250 ค่าเรียนดนตรี").await;
    let url = format!("{}/p/{slug}", app.addr);

    let links = ask(&app, &fake, "links", "ลิงก์ของคุณ").await;
    assert!(links.text().contains(&slug), "{}", links.text());
    assert!(
        links.text().contains("฿250.00 — ค่าเรียนดนตรี"),
        "{}",
        links.text()
    );

    let status = ask(&app, &fake, &format!("status {slug}"), "ไทม์ไลน์:").await;
    assert!(status.text().contains("เปิดอยู่"), "{}", status.text());
    assert!(status.text().contains(&url), "{}", status.text());

    // With the slash too, confirmed first; the payment is pushed with a Status button.
    let confirm = ask(
        &app,
        &fake,
        &format!("/paid {slug}"),
        "ว่าได้รับเงินสดหรือเงินโอนแล้ว",
    )
    .await;
    assert!(confirm.text().contains("ค่าเรียนดนตรี"), "{}", confirm.text());
    let yes = fw::button_reply(
        Some(NUMBER),
        None,
        &new_id(),
        confirm.wamid.as_deref().unwrap(),
        &confirm.button_ids()[0],
        "ใช่",
    );
    assert_eq!(deliver(&app, yes).await, 200);
    let paid = wait_text(&fake, NUMBER, "บันทึกว่าชำระด้วยเงินสด").await;
    assert!(paid.text().contains("ค่าเรียนดนตรี"), "{}", paid.text());
    let push = wait_text(&fake, NUMBER, "✅ ชำระแล้ว").await;
    assert_eq!(push.button_ids(), [format!("st:{slug}")]);
    // Tapping it shows the status.
    let tap = fw::button_reply(
        Some(NUMBER),
        None,
        &new_id(),
        push.wamid.as_deref().unwrap(),
        &format!("st:{slug}"),
        "สถานะ",
    );
    let before = texts(&fake, NUMBER, "ไทม์ไลน์:").len();
    assert_eq!(deliver(&app, tap).await, 200);
    let shown = crate::helpers::eventually("the status after the tap", || async {
        texts(&fake, NUMBER, "ไทม์ไลน์:").into_iter().nth(before)
    })
    .await;
    assert!(shown.text().contains("ชำระแล้ว ฿250.00"), "{}", shown.text());

    // The QR code again, as a picture Meta fetches from us.
    let before = fake
        .sent_to(NUMBER)
        .iter()
        .filter(|s| s.kind() == "image")
        .count();
    assert_eq!(say(&app, &new_id(), &format!("qr {url}")).await, 200);
    let qr = crate::helpers::eventually("the QR again", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .filter(|s| s.kind() == "image")
            .nth(before)
    })
    .await;
    assert_eq!(qr.body["image"]["link"], format!("{url}/qr.png"));
    assert_eq!(qr.text(), "สแกนเพื่อชำระ ฿250.00");
    let png = app
        .client
        .get(format!("{url}/qr.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(png.status().as_u16(), 200);

    let report = ask(&app, &fake, "report week", "7 วันล่าสุด").await;
    assert!(report.text().contains("฿250.00"), "{}", report.text());

    // Export: the CSV is uploaded, then sent as a document naming the upload.
    let doc = ask(&app, &fake, "export", "1 ลิงก์ และ 1 รายการชำระเงิน").await;
    assert_eq!(doc.kind(), "document");
    let uploads = fake.uploads();
    assert_eq!(uploads.len(), 1, "{}", fake.report());
    assert_eq!(
        doc.body["document"]["id"],
        uploads[0].wamid.clone().unwrap()
    );
    // Meta takes text/plain documents (not text/csv); the file keeps its .csv name.
    assert_eq!(uploads[0].body["type"], "text/plain");
    let (field, file_name, bytes) = &uploads[0].files[0];
    assert_eq!(field, "file");
    assert!(
        file_name.starts_with("paychat-") && file_name.ends_with(".csv"),
        "{file_name}"
    );
    assert_eq!(doc.body["document"]["filename"], file_name.as_str());
    let csv = String::from_utf8(bytes.clone()).unwrap();
    assert!(csv.contains(&slug) && csv.contains("ค่าเรียนดนตรี"), "{csv}");

    let currency = ask(&app, &fake, "currency usd", "ลิงก์ใหม่จะใช้สกุลเงิน").await;
    assert!(currency.text().contains("USD"), "{}", currency.text());
    assert_eq!(wa_seller(&app, NUMBER).await.unwrap().currency, "USD");

    // Errors say what is wrong.
    ask(&app, &fake, "link", "เท่าไร?").await;
    ask(&app, &fake, "link 250 THX", "\"THX\" ไม่ใช่รหัสสกุลเงิน").await;
    ask(&app, &fake, "status nope", "ลิงก์ไหน?").await;
    ask(&app, &fake, "status AbCdEfGh12345678", "ไม่พบลิงก์นี้").await;
    ask(&app, &fake, "/frobnicate", "ไม่รู้จักคำสั่ง /frobnicate").await;
    ask(&app, &fake, "hello there", "อ่านได้เฉพาะคำสั่งเท่านั้น").await;

    // Language: English, then Thai again.
    ask(&app, &fake, "lang en", "I will speak English").await;
    let help = ask(&app, &fake, "help", "What I can do").await;
    assert!(help.text().contains("/export"), "{}", help.text());
    ask(&app, &fake, "lang th", "จากนี้ไปจะคุยกับคุณเป็นภาษาไทย").await;
    let help = ask(&app, &fake, "HELP", "ทำอะไรได้บ้าง").await;
    assert!(help.text().contains("/connect"), "{}", help.text());
    assert_eq!(wa_seller(&app, NUMBER).await.unwrap().locale, "th");
    assert!(fake.failed().is_empty(), "{}", fake.report());
}
on_both!(every_command_works_in_the_sellers_language);

// ---- 9. Statuses -------------------------------------------------------------------

const TEMPLATE: [(&str, &str); 3] = [
    ("PAYCHAT_WHATSAPP__TEMPLATE_NAME", "payment_update"),
    ("PAYCHAT_WHATSAPP__TEMPLATE_LANGUAGE", "en"),
    ("PAYCHAT_WHATSAPP__TEMPLATE_PARAMS", "title,text"),
];

async fn wa_status(app: &TestApp, wamid: &str) -> Option<String> {
    db_text(
        app,
        "select status from wa_messages where wamid = $1",
        wamid,
    )
    .await
}

async fn statuses_are_recorded_and_resend_nothing(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &TEMPLATE).await;
    settle(&app, &fake, NUMBER).await;
    let reply = texts(&fake, NUMBER, "/export").remove(0);
    let wamid = reply.wamid.clone().unwrap();
    assert_eq!(
        db_text(
            &app,
            "select kind from wa_messages where wamid = $1",
            &wamid
        )
        .await
        .as_deref(),
        Some("reply")
    );
    let sent_before = fake.count();
    let rows_before = outbox_rows(&app, "whatsapp").await;

    for status in ["sent", "delivered", "read"] {
        let st = fw::status_update(&wamid, status, NUMBER, None);
        assert_eq!(deliver(&app, st).await, 200, "{status}");
        assert_eq!(wa_status(&app, &wamid).await.as_deref(), Some(status));
    }
    // Late and repeated ones do not step back.
    for status in ["delivered", "sent", "read"] {
        let st = fw::status_update(&wamid, status, NUMBER, None);
        assert_eq!(deliver(&app, st).await, 200, "{status}");
        assert_eq!(wa_status(&app, &wamid).await.as_deref(), Some("read"));
    }
    // Not recorded (yet): acknowledged and kept for when the send is recorded.
    let st = fw::status_update("wamid.NOT-OURS", "delivered", NUMBER, None);
    assert_eq!(deliver(&app, st).await, 200);
    assert_eq!(
        wa_status(&app, "wamid.NOT-OURS").await.as_deref(),
        Some("delivered")
    );

    // A reply that failed, even "outside the window", is not sent again another way.
    for _ in 0..2 {
        let st = fw::status_update(&wamid, "failed", NUMBER, Some(131_047));
        assert_eq!(deliver(&app, st).await, 200);
    }
    assert_eq!(outbox_rows(&app, "whatsapp").await, rows_before);
    assert_eq!(fake.count(), sent_before, "{}", fake.report());
    settle(&app, &fake, NUMBER).await;
    assert!(
        fake.sent().iter().all(|s| s.kind() != "template"),
        "{}",
        fake.report()
    );
    assert_eq!(fake.count(), sent_before + 1, "{}", fake.report());
}
on_both!(statuses_are_recorded_and_resend_nothing);

// ---- 10. Outside the 24-hour window ------------------------------------------------

/// `link …` from `NUMBER`, written more than a day ago; returns the slug once the
/// answer (which Meta still takes in this fake) arrived.
async fn old_link(app: &TestApp, fake: &FakeWhatsApp, args: &str) -> String {
    let before = fake.sent_to(NUMBER).len();
    let msg = text_written_ago(
        NUMBER,
        &new_id(),
        &format!("link {args}"),
        OUTSIDE_WINDOW_SECS,
    );
    assert_eq!(deliver(app, msg).await, 200);
    crate::helpers::eventually("the link card and QR", || async {
        let sent = fake.sent_to(NUMBER);
        let new = sent.get(before..).unwrap_or_default();
        let card = new.iter().find(|s| s.text().contains("/p/"))?;
        new.iter()
            .any(|s| s.kind() == "image")
            .then(|| slug_in(&card.text()))
    })
    .await
}

async fn after_a_day_the_push_is_the_template(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &TEMPLATE).await;
    let slug = old_link(&app, &fake, "250 THB ค่าเรียนดนตรี").await;
    app.buyer_pays(&slug, "succeed").await;

    let template = crate::helpers::eventually("the template push", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.kind() == "template")
    })
    .await;
    let t = &template.body["template"];
    assert_eq!(t["name"], "payment_update");
    assert_eq!(t["language"]["code"], "en");
    let params = t["components"][0]["parameters"].as_array().unwrap();
    assert_eq!(t["components"][0]["type"], "body");
    assert_eq!(params.len(), 2, "{t}");
    assert_eq!(params[0], json!({ "type": "text", "text": "✅ ชำระแล้ว" }));
    let text = params[1]["text"].as_str().unwrap();
    assert!(
        text.contains("฿250.00") && text.contains("Somchai"),
        "{text}"
    );
    assert!(!text.contains('\n'), "{text:?}");

    // No free text push besides, now or after the seller writes again.
    settle(&app, &fake, NUMBER).await;
    assert!(
        texts(&fake, NUMBER, "Somchai").is_empty(),
        "{}",
        fake.report()
    );
    assert!(
        with_button(&fake, NUMBER, &format!("st:{slug}")).is_empty(),
        "{}",
        fake.report()
    );
    let templates = fake
        .sent()
        .iter()
        .filter(|s| s.kind() == "template")
        .count();
    assert_eq!(templates, 1, "{}", fake.report());
    assert_eq!(
        db_count(
            &app,
            "select count(*) from wa_messages where kind = $1",
            "template"
        )
        .await,
        1
    );
}
on_both!(after_a_day_the_push_is_the_template);

async fn without_a_template_the_push_waits_for_the_seller(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let slug = old_link(&app, &fake, "250 THB ค่าเรียนดนตรี").await;
    let sent_before = fake.sent_to(NUMBER).len();
    app.buyer_pays(&slug, "succeed").await;

    // Tried, and put off: nothing Meta would take went out.
    wait_push_deferred(&app, NUMBER, "payment.succeeded").await;
    assert_eq!(fake.sent_to(NUMBER).len(), sent_before, "{}", fake.report());

    // The seller writes again: the push comes as free text, and the answer too.
    let before = texts(&fake, NUMBER, "ลิงก์ของคุณ").len();
    assert_eq!(say(&app, &new_id(), "links").await, 200);
    let push = wait_text(&fake, NUMBER, "Somchai").await;
    assert_eq!(push.kind(), "interactive");
    assert_eq!(push.button_ids(), [format!("st:{slug}")]);
    crate::helpers::eventually("the links list", || async {
        texts(&fake, NUMBER, "ลิงก์ของคุณ").into_iter().nth(before)
    })
    .await;
    settle(&app, &fake, NUMBER).await;
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
    assert!(fake.sent().iter().all(|s| s.kind() != "template"));
}
on_both!(without_a_template_the_push_waits_for_the_seller);

// ---- 11. A push Meta could not deliver -----------------------------------------------

/// Pays a new link, waits for its push, and reports it failed (131047) twice, as Meta
/// may; returns the push's message id.
async fn a_push_that_failed(app: &TestApp, fake: &FakeWhatsApp) -> String {
    let slug = make_link(app, fake, "250 THB cake").await;
    app.buyer_pays(&slug, "succeed").await;
    let push = wait_text(fake, NUMBER, "Somchai").await;
    assert_eq!(push.kind(), "interactive");
    let wamid = push.wamid.clone().unwrap();
    // The app records the send just after Meta (the fake) answered it.
    crate::helpers::eventually("the push recorded", || async {
        let kind = db_text(app, "select kind from wa_messages where wamid = $1", &wamid).await;
        (kind.as_deref() == Some("push")).then_some(())
    })
    .await;
    for _ in 0..2 {
        let failed = fw::status_update(&wamid, "failed", NUMBER, Some(131_047));
        assert_eq!(deliver(app, failed).await, 200);
    }
    wamid
}

async fn a_push_failed_outside_the_window_follows_as_template_once(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &TEMPLATE).await;
    let wamid = a_push_that_failed(&app, &fake).await;
    let template = crate::helpers::eventually("the template after the failure", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.kind() == "template")
    })
    .await;
    assert_eq!(template.body["template"]["name"], "payment_update");
    let text = template
        .body
        .pointer("/template/components/0/parameters/1/text")
        .unwrap();
    assert!(text.as_str().unwrap().contains("Somchai"), "{text}");
    assert_eq!(wa_status(&app, &wamid).await.as_deref(), Some("failed"));

    settle(&app, &fake, NUMBER).await;
    let templates = fake
        .sent()
        .iter()
        .filter(|s| s.kind() == "template")
        .count();
    assert_eq!(templates, 1, "{}", fake.report());
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
}
on_both!(a_push_failed_outside_the_window_follows_as_template_once);

async fn a_failed_push_without_template_is_sent_again_once(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    a_push_that_failed(&app, &fake).await;
    crate::helpers::eventually("the push again", || async {
        (texts(&fake, NUMBER, "Somchai").len() >= 2).then_some(())
    })
    .await;
    settle(&app, &fake, NUMBER).await;
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        2,
        "{}",
        fake.report()
    );
    assert!(fake.sent().iter().all(|s| s.kind() != "template"));
}
on_both!(a_failed_push_without_template_is_sent_again_once);

// ---- 12. Meta's temporary errors -------------------------------------------------

/// The message with `needle` failed once (the `failures`th failure so far), then went
/// out exactly once.
async fn sent_once_after_one_failure(
    app: &TestApp,
    fake: &FakeWhatsApp,
    needle: &str,
    failures: usize,
) {
    wait_text(fake, NUMBER, needle).await;
    assert_eq!(fake.failed().len(), failures, "{}", fake.report());
    assert!(fake.failed()[failures - 1].text().contains(needle));
    settle(app, fake, NUMBER).await;
    assert_eq!(texts(fake, NUMBER, needle).len(), 1, "{}", fake.report());
}

async fn rate_limits_and_server_errors_are_retried(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let slug = make_link(&app, &fake, "250 THB cake").await;
    settle(&app, &fake, NUMBER).await;

    // A push hits the rate limit once.
    fake.fail_next(1, 429, 130_429, "Rate limit hit");
    app.buyer_pays(&slug, "succeed").await;
    sent_once_after_one_failure(&app, &fake, "Somchai", 1).await;

    // A reply hits a server error once.
    fake.fail_next(1, 500, 1, "boom");
    assert_eq!(say(&app, &new_id(), "links").await, 200);
    sent_once_after_one_failure(&app, &fake, "ลิงก์ของคุณ", 2).await;

    // A refusal that will not change is not retried; the next message goes out.
    fake.fail_next(1, 400, 131_026, "Message undeliverable");
    assert_eq!(say(&app, &new_id(), "report week").await, 200);
    settle(&app, &fake, NUMBER).await;
    assert_eq!(fake.failed().len(), 3, "{}", fake.report());
    assert!(
        texts(&fake, NUMBER, "7 วันล่าสุด").is_empty(),
        "{}",
        fake.report()
    );
}
on_both!(rate_limits_and_server_errors_are_retried);

// ---- 13. Registration ------------------------------------------------------------

async fn a_new_number_registers_with_its_first_command(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let indonesian = "6281234567890";
    assert_eq!(say_as(&app, indonesian, "wamid.N1", "links").await, 200);
    let sent = fake.wait_for_to(indonesian, 2).await;
    assert!(
        sent[0].text().contains("Selamat datang di paychat"),
        "{}",
        fake.report()
    );
    assert!(
        sent[1].text().contains("Anda belum punya link"),
        "{}",
        fake.report()
    );
    let seller = wa_seller(&app, indonesian).await.expect("registered");
    assert_eq!(
        (seller.locale.as_str(), seller.currency.as_str()),
        ("id", "IDR")
    );
    // Greeted once only.
    assert_eq!(say_as(&app, indonesian, "wamid.N2", "links").await, 200);
    fake.wait_for_to(indonesian, 3).await;
    settle(&app, &fake, indonesian).await;
    assert_eq!(
        texts(&fake, indonesian, "Selamat datang").len(),
        1,
        "{}",
        fake.report()
    );
}
on_both!(a_new_number_registers_with_its_first_command);

async fn invite_mode_needs_start_with_a_code(backend: Backend) {
    let env = [("PAYCHAT_WHATSAPP__REGISTRATION", "invite")];
    let (app, fake) = spawn_wa(backend, &env).await;
    let invite_needed = "บอทนี้ใช้ได้เฉพาะผู้ที่ได้รับเชิญ";
    ask(&app, &fake, "link 5", invite_needed).await;
    ask(&app, &fake, "start", invite_needed).await;
    ask(&app, &fake, "start NotAnInviteCode", "ลิงก์เชิญนี้ไม่ถูกต้อง").await;
    assert!(wa_seller(&app, NUMBER).await.is_none());

    let invite = app.engine.create_invite(None).await.unwrap();
    ask(
        &app,
        &fake,
        &format!("start {}", invite.code),
        "ยินดีต้อนรับสู่ paychat",
    )
    .await;
    wait_text(&fake, NUMBER, "ทำอะไรได้บ้าง").await;
    let seller = wa_seller(&app, NUMBER).await.expect("registered");
    assert_ne!(seller.id, app.seller_id);
    let slug = make_link(&app, &fake, "5 THB tip").await;
    app.engine.link_by_slug(&seller.id, &slug).await.unwrap();

    // The code is used up.
    let other = "66899999999";
    assert_eq!(
        say_as(&app, other, &new_id(), &format!("start {}", invite.code)).await,
        200
    );
    wait_text(&fake, other, "ลิงก์เชิญนี้ไม่ถูกต้อง").await;
    assert!(wa_seller(&app, other).await.is_none());
}
on_both!(invite_mode_needs_start_with_a_code);

// ---- 14. One seller, two apps --------------------------------------------------------

/// paychat with both Telegram and WhatsApp, each against its own fake.
async fn spawn_both(backend: Backend) -> (TestApp, FakeTelegram, FakeWhatsApp) {
    let app = TestApp::builder()
        .telegram()
        .whatsapp()
        .spawn(backend)
        .await;
    let (telegram, whatsapp) = (app.telegram().clone(), app.whatsapp().clone());
    (app, telegram, whatsapp)
}

/// Registers `SELLER` on Telegram and returns a fresh `/connect` code.
pub async fn connect_code(telegram: &FakeTelegram) -> String {
    telegram.text_update(SELLER, SELLER, "/start");
    tg::wait_text(telegram, SELLER, "/link").await;
    let before = tg::texts_with(telegram, SELLER, "within 15 minutes").len();
    telegram.text_update(SELLER, SELLER, "/connect");
    let code = crate::helpers::eventually("a connect code", || async {
        tg::texts_with(telegram, SELLER, "within 15 minutes")
            .into_iter()
            .nth(before)
    })
    .await;
    let code = code.text().split_whitespace().last().unwrap().to_owned();
    assert_eq!(code.len(), 10, "{code}");
    code
}

async fn connect_links_whatsapp_to_the_telegram_seller(backend: Backend) {
    let (app, telegram, fake) = spawn_both(backend).await;
    let code = connect_code(&telegram).await;
    let seller = app
        .engine
        .chat_seller("telegram", &SELLER.to_string())
        .await
        .unwrap()
        .expect("registered on Telegram");

    // A wrong code, from a number nobody knows: a specific answer, no registration.
    let stranger = "15550004444";
    assert_eq!(
        say_as(&app, stranger, &new_id(), "connect WRONGCODE1").await,
        200
    );
    wait_text(&fake, stranger, "That code is unknown, used or expired").await;
    assert!(wa_seller(&app, stranger).await.is_none());

    assert_eq!(say(&app, &new_id(), &format!("connect {code}")).await, 200);
    wait_text(&fake, NUMBER, "Connected: this chat now belongs to").await;
    assert_eq!(
        wa_seller(&app, NUMBER).await.expect("connected").id,
        seller.id
    );

    // The code works once.
    assert_eq!(
        say_as(&app, stranger, &new_id(), &format!("connect {code}")).await,
        200
    );
    crate::helpers::eventually("a second refusal", || async {
        (texts(&fake, stranger, "That code is unknown").len() == 2).then_some(())
    })
    .await;
    assert!(wa_seller(&app, stranger).await.is_none());

    // Pushes to WhatsApp, for links made on Telegram.
    let here = ask(
        &app,
        &fake,
        "notify here",
        "Status messages now come to this chat",
    )
    .await;
    assert_eq!(here.kind(), "text");
    let cake = tg::make_link(&telegram, SELLER, "250 THB cake").await;
    app.buyer_pays(&cake, "succeed").await;
    let push = wait_text(&fake, NUMBER, "Somchai").await;
    assert!(push.text().contains("cake"), "{}", push.text());
    assert_eq!(push.button_ids(), [format!("st:{cake}")]);
    assert!(
        tg::texts_with(&telegram, SELLER, "Somchai").is_empty(),
        "{}",
        telegram.report()
    );

    // And back to where each link was made.
    ask(
        &app,
        &fake,
        "notify origin",
        "the chat where each link was made",
    )
    .await;
    let pie = tg::make_link(&telegram, SELLER, "99 THB pie").await;
    app.buyer_pays(&pie, "succeed").await;
    let pushed = tg::wait_text(&telegram, SELLER, "Somchai").await;
    assert!(pushed.text().contains("pie"), "{}", pushed.text());
    settle(&app, &fake, NUMBER).await;
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
    assert!(texts(&fake, NUMBER, "pie").is_empty(), "{}", fake.report());
    assert_eq!(tg::texts_with(&telegram, SELLER, "Somchai").len(), 1);
}
on_both!(connect_links_whatsapp_to_the_telegram_seller);

/// Sends `text` from `NUMBER` as written more than a day ago and waits for a new
/// message with `needle`.
async fn ask_long_ago(app: &TestApp, fake: &FakeWhatsApp, text: &str, needle: &str) {
    let before = texts(fake, NUMBER, needle).len();
    let msg = text_written_ago(NUMBER, &new_id(), text, OUTSIDE_WINDOW_SECS);
    assert_eq!(deliver(app, msg).await, 200);
    crate::helpers::eventually(&format!("an answer to {text:?}"), || async {
        texts(fake, NUMBER, needle).into_iter().nth(before)
    })
    .await;
}

async fn outside_the_window_without_template_pushes_go_to_telegram(backend: Backend) {
    let (app, telegram, fake) = spawn_both(backend).await;
    let code = connect_code(&telegram).await;
    // Everything on WhatsApp was written more than a day ago.
    ask_long_ago(&app, &fake, &format!("connect {code}"), "Connected").await;
    let old = old_link(&app, &fake, "250 THB cake").await;

    // A link made on WhatsApp: its push cannot go there now, so it goes to Telegram.
    app.buyer_pays(&old, "succeed").await;
    let pushed = tg::wait_text(&telegram, SELLER, "Somchai").await;
    assert!(pushed.text().contains("cake"), "{}", pushed.text());

    // The seller asked for WhatsApp: a Telegram link's push waits for WhatsApp (it
    // must not bounce between the two apps), and comes once the seller writes there.
    ask_long_ago(
        &app,
        &fake,
        "notify here",
        "Status messages now come to this chat",
    )
    .await;
    let pie = tg::make_link(&telegram, SELLER, "99 THB pie").await;
    app.buyer_pays(&pie, "succeed").await;
    wait_push_deferred(&app, NUMBER, "payment.succeeded").await;
    assert!(
        texts(&fake, NUMBER, "Somchai").is_empty(),
        "{}",
        fake.report()
    );
    assert_eq!(say(&app, &new_id(), "links").await, 200);
    let push = wait_text(&fake, NUMBER, "Somchai").await;
    assert!(push.text().contains("pie"), "{}", push.text());
    settle(&app, &fake, NUMBER).await;
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(
        tg::texts_with(&telegram, SELLER, "Somchai").len(),
        1,
        "{}",
        telegram.report()
    );
}
on_both!(outside_the_window_without_template_pushes_go_to_telegram);

/// A push that WhatsApp reports failed, and fails again when re-sent, goes to the
/// seller's Telegram — once, even though the seller asked for pushes on WhatsApp.
/// A chat is queued only what it will be told: nothing for the link it just made, a
/// typed push (no public JSON to read back) when the buyer pays.
async fn only_what_a_chat_is_told_is_queued_for_it(backend: Backend) {
    let (app, fake) = spawn_wa(backend, &[]).await;
    let slug = make_link(&app, &fake, "250 THB cake").await;
    let for_chat = "select count(*) from outbox where channel = 'whatsapp' and kind = $1";
    assert_eq!(db_count(&app, for_chat, "link.created").await, 0);
    app.buyer_pays(&slug, "succeed").await;
    wait_text(&fake, NUMBER, "Somchai").await;
    assert_eq!(db_count(&app, for_chat, "payment.succeeded").await, 1);
    let payload = db_text(
        &app,
        "select payload from outbox where channel = 'whatsapp' and kind = $1",
        "payment.succeeded",
    )
    .await
    .unwrap();
    let push: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(push["kind"], "payment.succeeded");
    assert_eq!(push["detail"]["is"], "paid");
    assert!(
        push["seller_id"].as_str().is_some_and(|s| !s.is_empty()),
        "{payload}"
    );
}
on_both!(only_what_a_chat_is_told_is_queued_for_it);

async fn a_push_failing_twice_on_whatsapp_goes_to_telegram(backend: Backend) {
    let (app, telegram, fake) = spawn_both(backend).await;
    let code = connect_code(&telegram).await;
    ask(&app, &fake, &format!("connect {code}"), "Connected").await;
    ask(
        &app,
        &fake,
        "notify here",
        "Status messages now come to this chat",
    )
    .await;
    let slug = make_link(&app, &fake, "250 THB cake").await;
    app.buyer_pays(&slug, "succeed").await;

    // Two failures on WhatsApp: the first push, then its re-send.
    let mut failed = Vec::new();
    for round in 1..=2 {
        let push = crate::helpers::eventually("a push on WhatsApp", || async {
            texts(&fake, NUMBER, "Somchai")
                .into_iter()
                .nth(round - 1)
                .and_then(|p| p.wamid)
        })
        .await;
        crate::helpers::eventually("the push recorded", || async {
            db_text(&app, "select kind from wa_messages where wamid = $1", &push)
                .await
                .map(|_| ())
        })
        .await;
        let st = fw::status_update(&push, "failed", NUMBER, Some(131_026));
        assert_eq!(deliver(&app, st).await, 200);
        failed.push(push);
    }
    let on_telegram = tg::wait_text(&telegram, SELLER, "Somchai").await;
    assert!(
        on_telegram.text().contains("cake"),
        "{}",
        on_telegram.text()
    );
    settle(&app, &fake, NUMBER).await;
    assert_eq!(
        texts(&fake, NUMBER, "Somchai").len(),
        2,
        "{}",
        fake.report()
    );
    assert_eq!(
        tg::texts_with(&telegram, SELLER, "Somchai").len(),
        1,
        "{}",
        telegram.report()
    );
}
on_both!(a_push_failing_twice_on_whatsapp_goes_to_telegram);

// ---- The handshake, and an app without WhatsApp -----------------------------------

async fn the_handshake_needs_the_verify_token(backend: Backend) {
    let (app, _fake) = spawn_wa(backend.clone(), &[]).await;
    let get = |query: String| {
        let url = app.url(&format!("/webhooks/whatsapp?{query}"));
        let client = app.client.clone();
        async move { client.get(url).send().await.unwrap().status().as_u16() }
    };
    let token = FakeWhatsApp::VERIFY_TOKEN;
    assert_eq!(
        get(format!(
            "hub.mode=subscribe&hub.verify_token={token}&hub.challenge=7"
        ))
        .await,
        200
    );
    assert_eq!(
        get("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=7".into()).await,
        403
    );
    assert_eq!(get("hub.mode=subscribe&hub.challenge=7".into()).await, 403);
    assert_eq!(
        get(format!(
            "hub.mode=unsubscribe&hub.verify_token={token}&hub.challenge=7"
        ))
        .await,
        403
    );

    // Without WhatsApp settings the door is closed.
    let plain = crate::helpers::spawn_app(backend).await;
    let status = plain
        .client
        .get(plain.url(&format!(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=7"
        )))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 403);
    let (body, signature) = fw::text_message(Some(NUMBER), None, "Nok", "wamid.P1", "links");
    assert_eq!(deliver(&plain, (body, signature)).await, 404);
    assert!(
        plain
            .engine
            .chat_seller("whatsapp", NUMBER)
            .await
            .unwrap()
            .is_none()
    );
}
on_both!(the_handshake_needs_the_verify_token);
