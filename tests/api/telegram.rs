//! The Telegram door end to end: the real app with its teloxide client against the fake
//! Bot API in `fake_telegram`, a real database, the sandbox provider over real HTTP.

use serde_json::Value;

use crate::fake_telegram::{Call, FakeTelegram};
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both;
use crate::pages::decode_qr_png;

/// A seller's Telegram user id (its private chat has the same id).
pub const SELLER: i64 = 700_001;

/// paychat with a bot pointed at a fresh fake Bot API.
pub async fn spawn_bot(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeTelegram) {
    let fake = FakeTelegram::start().await;
    let app = spawn_bot_on(backend, &fake, extra).await;
    (app, fake)
}

/// paychat with a bot pointed at `fake`.
pub async fn spawn_bot_on(
    backend: Backend,
    fake: &FakeTelegram,
    extra: &[(&str, &str)],
) -> TestApp {
    let url = fake.url();
    let mut env: Vec<(&str, &str)> = vec![
        ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
        ("PAYCHAT_TELEGRAM__API_URL", url.as_str()),
        ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
        ("PAYCHAT_TELEGRAM__REQUEST_TIMEOUT_SECS", "5"),
    ];
    env.extend_from_slice(extra);
    spawn_app_with(backend, &env).await
}

/// The slug in the first link URL of `text`.
pub fn slug_in(text: &str) -> String {
    let i = text.find("/p/").expect("a link URL in the message");
    text[i + 3..i + 3 + 16].to_owned()
}

/// The callback data of every button of a sent message.
pub fn callback_data(call: &Call) -> Vec<String> {
    let markup = match &call.params["reply_markup"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        v => v.clone(),
    };
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .collect()
}

/// Messages (not photos) sent to `chat` whose text contains `needle`.
pub fn texts_with(fake: &FakeTelegram, chat: i64, needle: &str) -> Vec<Call> {
    fake.sent_to_chat(chat)
        .into_iter()
        .filter(|c| c.method != "sendphoto" && c.text().contains(needle))
        .collect()
}

/// Waits until a message containing `needle` reached `chat`.
pub async fn wait_text(fake: &FakeTelegram, chat: i64, needle: &str) -> Call {
    crate::helpers::eventually(
        &format!("a message with {needle:?} in chat {chat}"),
        || async { texts_with(fake, chat, needle).into_iter().next() },
    )
    .await
}

/// Sends `/link …` as the seller and returns the link's slug once the card arrived.
pub async fn make_link(fake: &FakeTelegram, chat: i64, args: &str) -> String {
    let before = fake.sent_to_chat(chat).len();
    fake.text_update(SELLER, chat, &format!("/link {args}"));
    let calls = fake.wait_for_chat(chat, before + 1).await;
    let card = calls[before..]
        .iter()
        .find(|c| c.text().contains("/p/"))
        .expect("a link card");
    slug_in(card.text())
}

async fn the_sellers_whole_journey(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;

    // Start: greeted and shown the help, in the user's language.
    fake.text_update_lang(SELLER, SELLER, "/start", "th");
    wait_text(&fake, SELLER, "/link").await;
    let seller = app
        .engine
        .chat_seller("telegram", &SELLER.to_string())
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(
        (seller.locale.as_str(), seller.currency.as_str()),
        ("th", "THB")
    );

    // Link: a card with the amount, the description, buttons, then a QR photo.
    fake.text_update(SELLER, SELLER, "/link 250 THB tuition exp:3d");
    let photo = fake.wait_for("sendphoto", 1).await.remove(0);
    let card = wait_text(&fake, SELLER, "tuition").await;
    assert!(card.text().contains("฿250.00"), "{}", card.text());
    let slug = slug_in(card.text());
    let url = format!("{}/p/{slug}", app.addr);
    assert!(card.text().contains(&url));
    assert!(callback_data(&card).contains(&format!("cx:{slug}")));
    let (_, name, png) = &photo.files[0];
    assert_eq!(name, "qr.png");
    assert_eq!(decode_qr_png(png), url);
    assert_eq!(photo.chat_id(), Some(SELLER));

    // The buyer pays in the sandbox: the seller is told once, with the payer's name.
    app.buyer_pays(&slug, "succeed").await;
    let paid = wait_text(&fake, SELLER, "Somchai").await;
    assert!(paid.text().contains("฿250.00"));

    // Refund with confirmation: the button, then the "refunded" push.
    fake.text_update(SELLER, SELLER, &format!("/refund {slug}"));
    let confirm = crate::helpers::eventually("a refund confirmation", || async {
        fake.sent_to_chat(SELLER)
            .into_iter()
            .find(|c| callback_data(c).contains(&format!("rf:{slug}:all")))
    })
    .await;
    let message_id = confirm.result_message_id().expect("message id");
    fake.callback_update(SELLER, SELLER, message_id, &format!("rf:{slug}:all"));
    let refunded = wait_text(&fake, SELLER, "↩️").await;
    assert!(refunded.text().contains("฿250.00"), "{}", refunded.text());
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, "refunded");

    // Each push arrived once.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        texts_with(&fake, SELLER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(
        texts_with(&fake, SELLER, "↩️").len(),
        1,
        "{}",
        fake.report()
    );
    // The token never reached the logs' favourite place: metrics.
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!metrics.contains(FakeTelegram::TOKEN));
}
on_both!(the_sellers_whole_journey);
