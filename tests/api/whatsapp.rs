//! The WhatsApp door end to end: signed webhooks into the real app, replies and pushes
//! out to the fake Graph API in `fake_whatsapp`, a real database, the sandbox provider.

use crate::fake_whatsapp::{self as fw, FakeWhatsApp, Sent};
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both;

/// The seller's WhatsApp number.
pub const NUMBER: &str = "66812345678";

/// paychat with WhatsApp pointed at a fresh fake Graph API.
pub async fn spawn_wa(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeWhatsApp) {
    let fake = FakeWhatsApp::start().await;
    let url = fake.url();
    let mut env: Vec<(&str, &str)> = vec![
        ("PAYCHAT_WHATSAPP__GRAPH_API_URL", url.as_str()),
        ("PAYCHAT_WHATSAPP__API_VERSION", FakeWhatsApp::VERSION),
        (
            "PAYCHAT_WHATSAPP__PHONE_NUMBER_ID",
            FakeWhatsApp::PHONE_NUMBER_ID,
        ),
        ("PAYCHAT_WHATSAPP__ACCESS_TOKEN", FakeWhatsApp::TOKEN),
        ("PAYCHAT_WHATSAPP__APP_SECRET", FakeWhatsApp::APP_SECRET),
        ("PAYCHAT_WHATSAPP__VERIFY_TOKEN", FakeWhatsApp::VERIFY_TOKEN),
    ];
    env.extend_from_slice(extra);
    let app = spawn_app_with(backend, &env).await;
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
            .find(|s| s.button_ids().contains(&format!("rf:{slug}:all")))
    })
    .await;
    let tap = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.IN3",
        confirm.wamid.as_deref().unwrap_or(""),
        &format!("rf:{slug}:all"),
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
    assert_eq!(link.status, "refunded");
}
on_both!(the_sellers_whole_journey_on_whatsapp);
