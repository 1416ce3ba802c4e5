//! The fakes' own tests: each fake answers, records and fails the way its real
//! counterpart does, so that what the other tests learn from it holds.

use std::time::Duration;

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use serde_json::{Value, json};
use sha2::Sha256;
use teloxide::types::UpdateKind;

use crate::fake_telegram::FakeTelegram;
use crate::fake_whatsapp::{
    FakeWhatsApp, button_reply, media_message, sign, status_update, text_message,
};

/// A hand-written multipart body: text parts, then one file (part name, file name, MIME
/// type, bytes), so the tests choose the awkward bytes and names themselves.
fn multipart_body(
    boundary: &str,
    texts: &[(&str, &str)],
    (name, file_name, mime, bytes): (&str, &str, &str, &[u8]),
) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let file_name = file_name.replace('\\', "\\\\").replace('"', "\\\"");
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
             filename=\"{file_name}\"\r\nContent-Type: {mime}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// HMAC-SHA256 built from plain SHA-256 (RFC 2104), to check `sign` independently.
fn reference_hmac_sha256(key: &[u8], message: &[u8]) -> String {
    use sha2::Digest;
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize();
    hex::encode(outer)
}

#[tokio::test]
async fn fake_telegram_answers_records_and_serves_updates() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let tg = FakeTelegram::start().await;
        let http = reqwest::Client::new();
        let url = |method: &str| format!("{}/bot{}/{method}", tg.url(), FakeTelegram::TOKEN);
        let post = |method: &str, params: Value| http.post(url(method)).json(&params).send();

        // sendMessage (JSON), answered with a Message teloxide can read.
        let res = post("sendMessage", json!({ "chat_id": 42, "text": "hi" }))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["ok"], true);
        assert_eq!(body["result"]["message_id"], 1000);
        let msg: teloxide::types::Message = serde_json::from_value(body["result"].clone()).unwrap();
        assert_eq!(msg.text(), Some("hi"));
        assert_eq!(msg.chat.id.0, 42);

        // sendPhoto (multipart), shaped the way teloxide sends it.
        let png: &[u8] = b"\x89PNG\r\n\x1a\n\r\n--not-the-boundary\x00\xff";
        let markup = r#"{"inline_keyboard":[[{"text":"Pay","url":"https://example.com/p"}]]}"#;
        let boundary = "fake-boundary-0123";
        let form = multipart_body(
            boundary,
            &[
                ("chat_id", "42"),
                ("caption", "12.50"),
                ("reply_markup", markup),
                ("photo", "attach://abc123"),
            ],
            ("abc123", "qr \"code\".png", "image/png", png),
        );
        let res = http
            .post(url("SendPhoto"))
            .header(
                CONTENT_TYPE.as_str(),
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        let msg: teloxide::types::Message = serde_json::from_value(body["result"].clone()).unwrap();
        assert!(msg.photo().is_some());
        assert_eq!(msg.caption(), Some("12.50"));
        assert!(msg.reply_markup().is_some());

        let photo = &tg.calls_to("sendphoto")[0];
        assert_eq!(photo.params["chat_id"], 42);
        assert_eq!(photo.params["caption"], "12.50");
        assert_eq!(
            photo.params["reply_markup"]["inline_keyboard"][0][0]["text"],
            "Pay"
        );
        assert_eq!(
            photo.files,
            vec![(
                "photo".to_owned(),
                "qr \"code\".png".to_owned(),
                png.to_vec()
            )]
        );
        assert_eq!(tg.sent_to_chat(42).len(), 2);
        assert_eq!(tg.wait_for_chat(42, 2).await.len(), 2);

        // getUpdates: pushed updates arrive, parse as teloxide updates, and go once confirmed.
        assert_eq!(tg.text_update(7, 7, "/start ref_1"), 1);
        tg.text_update_lang(8, -100, "hello", "de");
        tg.callback_update(7, 7, 1000, "pay:1");
        tg.inline_query_update(7, "10 EUR");
        tg.chosen_inline_update(7, "r1", "10 EUR", "im1");
        tg.sticker_update(7, 7);
        tg.my_chat_member_update(7, "kicked");
        tg.my_chat_member_update(7, "member");
        let last = tg.push_update(json!({ "message": {
            "message_id": 500,
            "date": chrono::Utc::now().timestamp(),
            "chat": { "id": 7, "type": "private", "first_name": "Seller7" },
            "from": { "id": 7, "is_bot": false, "first_name": "Seller7", "language_code": "en" },
            "text": "plain",
        } }));
        assert_eq!(last, 9);

        let body: Value = post("getUpdates", json!({ "offset": 0, "timeout": 0 }))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let raw = body["result"].as_array().unwrap();
        assert_eq!(raw.len(), 9);
        assert_eq!(raw[0]["update_id"], 1);
        assert_eq!(raw[0]["message"]["entities"][0]["length"], 6);
        // From text, as teloxide reads them (its Update does not read from a Value).
        let updates: Vec<teloxide::types::Update> =
            serde_json::from_str(&body["result"].to_string()).unwrap();
        let kinds: Vec<&str> = updates
            .iter()
            .map(|u| match &u.kind {
                UpdateKind::Message(m) if m.sticker().is_some() => "sticker",
                UpdateKind::Message(m) if m.text().is_some() => "text",
                UpdateKind::CallbackQuery(q) if q.message.is_some() => "callback",
                UpdateKind::InlineQuery(_) => "inline",
                UpdateKind::ChosenInlineResult(_) => "chosen",
                UpdateKind::MyChatMember(m) if m.new_chat_member.is_banned() => "kicked",
                UpdateKind::MyChatMember(m) if m.new_chat_member.is_member() => "member",
                other => panic!("teloxide read update {} as {other:?}", u.id.0),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "text", "text", "callback", "inline", "chosen", "sticker", "kicked", "member",
                "text"
            ]
        );

        let body: Value = post("getUpdates", json!({ "offset": 10, "timeout": 1 }))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["result"], json!([]));
        assert_eq!(tg.pending_updates(), 0);
        assert_eq!(tg.poll_count(), 2);

        // Injected failure, then back to normal.
        tg.fail_next(
            "sendMessage",
            1,
            429,
            "Too Many Requests: retry after 3",
            Some(3),
        );
        let res = post("sendMessage", json!({ "chat_id": "42", "text": "again" }))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error_code"], 429);
        assert_eq!(body["parameters"]["retry_after"], 3);
        let res = post("sendMessage", json!({ "chat_id": "42", "text": "again" }))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(tg.wait_for("SendMessage", 2).await.len(), 2);
        assert_eq!(tg.sent_to_chat(42).len(), 3);

        // Blocked chat, unknown method, wrong token.
        tg.block_chat(99);
        let res = post("sendMessage", json!({ "chat_id": 99, "text": "x" }))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["description"],
            "Forbidden: bot was blocked by the user"
        );
        let res = post("noSuchMethod", json!({})).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let res = http
            .post(format!("{}/bot1:wrong/getMe", tg.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body,
            json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })
        );
        assert_eq!(tg.failed_calls().len(), 4);
        assert_eq!(tg.calls().len(), 3);
    })
    .await
    .expect("fake telegram self-test timed out");
}

/// The fake through teloxide's own client, as the app uses it.
#[tokio::test]
async fn fake_telegram_speaks_teloxide() {
    use teloxide::prelude::*;
    use teloxide::types::InputFile;
    use teloxide::{ApiError, RequestError};

    tokio::time::timeout(Duration::from_secs(60), async {
        let tg = FakeTelegram::start().await;
        let bot = Bot::with_client(FakeTelegram::TOKEN, reqwest::Client::new())
            .set_api_url(tg.url().parse().unwrap());

        let me = bot.get_me().await.unwrap();
        assert_eq!(me.username(), FakeTelegram::BOT_USERNAME);

        let png = b"\x89PNG\r\n\x1a\n\x00\xff".to_vec();
        let sent = bot
            .send_photo(
                ChatId(5),
                InputFile::memory(png.clone()).file_name("qr.png"),
            )
            .caption("Pay 10 EUR")
            .await
            .unwrap();
        assert_eq!(sent.caption(), Some("Pay 10 EUR"));
        let call = &tg.wait_for("sendPhoto", 1).await[0];
        assert_eq!(call.chat_id(), Some(5));
        assert_eq!(call.text(), "Pay 10 EUR");
        assert_eq!(
            call.files,
            vec![("photo".to_owned(), "qr.png".to_owned(), png)]
        );

        tg.text_update(5, 5, "/new 10 EUR");
        let updates = bot.get_updates().offset(0).timeout(1).await.unwrap();
        assert_eq!(updates.len(), 1);
        let next = updates[0].id.as_offset();
        let updates = bot.get_updates().offset(next).timeout(0).await.unwrap();
        assert!(updates.is_empty());

        tg.fail_next(
            "sendMessage",
            1,
            429,
            "Too Many Requests: retry after 2",
            Some(2),
        );
        let err = bot.send_message(ChatId(5), "x").await.unwrap_err();
        assert!(
            matches!(err, RequestError::RetryAfter(s) if s.seconds() == 2),
            "{err:?}"
        );
        tg.block_chat(5);
        let err = bot.send_message(ChatId(5), "x").await.unwrap_err();
        assert!(
            matches!(err, RequestError::Api(ApiError::BotBlocked)),
            "{err:?}"
        );
    })
    .await
    .expect("fake telegram teloxide test timed out");
}

#[tokio::test]
async fn fake_telegram_enforces_group_limit() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let tg = FakeTelegram::start_enforcing_limits().await;
        let http = reqwest::Client::new();
        let url = format!("{}/bot{}/sendMessage", tg.url(), FakeTelegram::TOKEN);
        for i in 0..20 {
            let res = http
                .post(&url)
                .json(&json!({ "chat_id": -100, "text": format!("m{i}") }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "message {i}");
        }
        let res = http
            .post(&url)
            .json(&json!({ "chat_id": -100, "text": "one too many" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        let body: Value = res.json().await.unwrap();
        assert!(body["parameters"]["retry_after"].as_u64().unwrap() >= 1);
        assert_eq!(tg.rejected(), 1);
        assert_eq!(tg.rejected_calls()[0].text(), "one too many");
        assert_eq!(tg.calls().len(), 20);
    })
    .await
    .expect("fake telegram limit test timed out");
}

#[tokio::test]
async fn fake_whatsapp_answers_validates_and_signs() {
    tokio::time::timeout(Duration::from_secs(60), async {
        let wa = FakeWhatsApp::start().await;
        let http = reqwest::Client::new();
        let base = format!(
            "{}/{}/{}",
            wa.url(),
            FakeWhatsApp::VERSION,
            FakeWhatsApp::PHONE_NUMBER_ID
        );
        let messages = format!("{base}/messages");
        let post = |body: Value| {
            http.post(&messages)
                .bearer_auth(FakeWhatsApp::TOKEN)
                .json(&body)
                .send()
        };
        let buttons = |n: usize| -> Value {
            (0..n)
                .map(|i| {
                    json!({
                        "type": "reply",
                        "reply": { "id": format!("b{i}"), "title": format!("Option {i}") },
                    })
                })
                .collect()
        };

        // A text message, answered like Meta and recorded.
        let res = post(json!({
            "messaging_product": "whatsapp",
            "to": "15551234567",
            "type": "text",
            "text": { "body": "hi", "preview_url": true },
        }))
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["messages"][0]["id"], "wamid.FAKE1");
        assert_eq!(body["contacts"][0]["wa_id"], "15551234567");
        assert_eq!(body["messaging_product"], "whatsapp");

        // Reply buttons to a business-scoped user id.
        let res = post(json!({
            "messaging_product": "whatsapp",
            "recipient": "US.abc123",
            "type": "interactive",
            "interactive": {
                "type": "button",
                "body": { "text": "Paid?" },
                "action": { "buttons": buttons(3) },
            },
        }))
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["contacts"][0]["input"], "US.abc123");

        // A CTA button.
        let res = post(json!({
            "messaging_product": "whatsapp",
            "to": "15551234567",
            "type": "interactive",
            "interactive": {
                "type": "cta_url",
                "body": { "text": "Pay 10 EUR" },
                "action": {
                    "name": "cta_url",
                    "parameters": { "display_text": "Pay now", "url": "https://example.com/p/1" },
                },
            },
        }))
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        let sent = wa.sent();
        assert_eq!(sent.len(), 3);
        assert_eq!(wa.count(), 3);
        assert_eq!(sent[0].wamid.as_deref(), Some("wamid.FAKE1"));
        assert_eq!(sent[0].kind(), "text");
        assert_eq!(sent[0].text(), "hi");
        assert_eq!(sent[0].to(), Some("15551234567"));
        assert_eq!(sent[1].wamid.as_deref(), Some("wamid.FAKE2"));
        assert_eq!(sent[1].to(), Some("US.abc123"));
        assert_eq!(sent[1].kind(), "interactive");
        assert_eq!(sent[1].text(), "Paid?");
        assert_eq!(sent[1].button_ids(), ["b0", "b1", "b2"]);
        assert_eq!(sent[1].cta_url(), None);
        assert_eq!(
            sent[2].cta_url().as_deref(),
            Some("https://example.com/p/1")
        );
        assert_eq!(wa.sent_to("US.abc123").len(), 1);
        assert_eq!(wa.wait_for_to("15551234567", 2).await.len(), 2);

        // A media upload, then a document that refers to it.
        let pdf = b"%PDF-1.4\r\n--not-the-boundary\x00\xff";
        let boundary = "wa-boundary-0123";
        let res = http
            .post(format!("{base}/media"))
            .bearer_auth(FakeWhatsApp::TOKEN)
            .header(
                CONTENT_TYPE.as_str(),
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(multipart_body(
                boundary,
                &[
                    ("messaging_product", "whatsapp"),
                    ("type", "application/pdf"),
                ],
                ("file", "receipt.pdf", "application/pdf", pdf),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({ "id": "media-1" }));
        let uploads = wa.uploads();
        assert_eq!(uploads.len(), 1);
        assert_eq!(uploads[0].kind(), "media");
        assert_eq!(uploads[0].body["type"], "application/pdf");
        assert_eq!(
            uploads[0].files,
            vec![("file".to_owned(), "receipt.pdf".to_owned(), pdf.to_vec())]
        );
        let res = post(json!({
            "messaging_product": "whatsapp",
            "to": "15551234567",
            "type": "document",
            "document": { "id": "media-1", "caption": "Receipt", "filename": "receipt.pdf" },
        }))
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(wa.sent()[3].text(), "Receipt");
        assert_eq!(wa.count(), 4);

        // Bad token, wrong phone id, wrong version.
        let res = http
            .post(&messages)
            .bearer_auth("wrong")
            .json(&json!({ "messaging_product": "whatsapp", "to": "1", "text": { "body": "x" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], 190);
        assert_eq!(body["error"]["type"], "OAuthException");
        let res = http.post(&messages).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        for path in ["v21.0/999/messages", "v19.0/1234567890/messages"] {
            let res = http
                .post(format!("{}/{path}", wa.url()))
                .bearer_auth(FakeWhatsApp::TOKEN)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
            let body: Value = res.json().await.unwrap();
            assert!(body["error"]["message"].is_string(), "{body}");
        }

        // Meta's validation.
        let invalid = [
            json!({
                "messaging_product": "whatsapp", "to": "1", "type": "interactive",
                "interactive": { "type": "button", "body": { "text": "?" },
                                 "action": { "buttons": buttons(4) } },
            }),
            json!({
                "messaging_product": "whatsapp", "to": "1", "type": "interactive",
                "interactive": { "type": "button", "body": { "text": "?" }, "action": { "buttons": [
                    { "type": "reply", "reply": { "id": "a", "title": "x".repeat(21) } },
                ] } },
            }),
            json!({
                "messaging_product": "whatsapp", "to": "1", "type": "interactive",
                "interactive": { "type": "button", "body": { "text": "?" }, "action": { "buttons": [
                    { "type": "reply", "reply": { "id": "a".repeat(257), "title": "ok" } },
                ] } },
            }),
            json!({
                "messaging_product": "whatsapp", "to": "1", "type": "interactive",
                "interactive": { "type": "cta_url", "body": { "text": "?" }, "action": {
                    "name": "cta_url",
                    "parameters": { "display_text": "d".repeat(21), "url": "https://x" },
                } },
            }),
            json!({ "messaging_product": "whatsapp", "to": "1", "type": "text",
                    "text": { "body": "ค".repeat(4097) } }),
            json!({ "messaging_product": "whatsapp", "type": "text", "text": { "body": "x" } }),
            json!({
                "messaging_product": "sms", "to": "1", "type": "text", "text": { "body": "x" },
            }),
        ];
        for (i, body) in invalid.into_iter().enumerate() {
            let res = post(body).await.unwrap();
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "invalid body {i}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], 100, "invalid body {i}");
            assert_eq!(body["error"]["message"], "Invalid parameter");
        }
        // Exactly at the limits is fine.
        let res = post(json!({
            "messaging_product": "whatsapp", "to": "1", "type": "text",
            "text": { "body": "ค".repeat(4096) },
        }))
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        // Injected failures, then back to normal.
        wa.fail_next(2, 429, 130_429, "Rate limit hit");
        let text = json!({ "messaging_product": "whatsapp", "to": "2", "type": "text",
                           "text": { "body": "again" } });
        for _ in 0..2 {
            let res = post(text.clone()).await.unwrap();
            assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], 130_429);
            assert_eq!(body["error"]["message"], "Rate limit hit");
            assert_eq!(body["error"]["error_data"]["details"], "Rate limit hit");
            assert_eq!(body["error"]["fbtrace_id"], "A1");
        }
        let res = post(text).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            wa.wait_for_to("2", 1).await[0].wamid.as_deref(),
            Some("wamid.FAKE6")
        );
        assert_eq!(wa.count(), 6);
        // 2 bad tokens + 2 bad paths + 7 invalid + 2 injected.
        assert_eq!(wa.failed().len(), 13, "{}", wa.report());
        assert!(wa.report().contains("wamid.FAKE6"));

        // Webhook payloads: pure ASCII, escaped like Meta, signed over the raw bytes.
        let (raw, signature) = text_message(
            Some("15551234567"),
            Some("US.abc123"),
            "Somchai",
            "wamid.IN1",
            "ค่าเรียน 🎓",
        );
        assert!(raw.is_ascii(), "{raw}");
        assert!(raw.contains("\\u0e04"), "{raw}");
        assert!(raw.contains("\\ud83c\\udf93"), "{raw}");
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let value = &parsed["entry"][0]["changes"][0]["value"];
        assert_eq!(value["messages"][0]["text"]["body"], "ค่าเรียน 🎓");
        assert_eq!(value["messages"][0]["from"], "15551234567");
        assert_eq!(value["messages"][0]["from_user_id"], "US.abc123");
        assert_eq!(value["contacts"][0]["user_id"], "US.abc123");
        assert_eq!(
            value["metadata"]["phone_number_id"],
            FakeWhatsApp::PHONE_NUMBER_ID
        );
        assert!(
            value["messages"][0]["timestamp"]
                .as_str()
                .unwrap()
                .parse::<u64>()
                .is_ok()
        );
        assert_ne!(raw, parsed.to_string(), "re-serialised JSON must differ");
        let expected = reference_hmac_sha256(FakeWhatsApp::APP_SECRET.as_bytes(), raw.as_bytes());
        assert_eq!(signature, format!("sha256={expected}"));
        assert_eq!(sign(&raw), signature);

        let (raw, _) = text_message(None, Some("US.x"), "N", "wamid.IN2", "hi");
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let value = &parsed["entry"][0]["changes"][0]["value"];
        assert!(value["messages"][0].get("from").is_none());
        assert!(value["contacts"][0].get("wa_id").is_none());

        let (raw, signature) = button_reply(
            Some("1555"),
            None,
            "wamid.IN3",
            "wamid.FAKE2",
            "b1",
            "Paid ✓",
        );
        assert!(raw.is_ascii());
        assert_eq!(sign(&raw), signature);
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let message = &parsed["entry"][0]["changes"][0]["value"]["messages"][0];
        assert_eq!(message["context"]["id"], "wamid.FAKE2");
        assert_eq!(message["interactive"]["button_reply"]["title"], "Paid ✓");

        let (raw, _) = media_message(Some("1555"), None, "wamid.IN4", "audio");
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let message = &parsed["entry"][0]["changes"][0]["value"]["messages"][0];
        assert_eq!(message["type"], "audio");
        assert_eq!(message["audio"]["voice"], true);

        let (raw, _) = status_update("wamid.FAKE1", "failed", "15551234567", Some(131_047));
        let parsed: Value = serde_json::from_str(&raw).unwrap();
        let value = &parsed["entry"][0]["changes"][0]["value"];
        assert!(value.get("contacts").is_none() && value.get("messages").is_none());
        assert_eq!(value["statuses"][0]["errors"][0]["code"], 131_047);
        assert_eq!(
            value["statuses"][0]["errors"][0]["title"],
            "Re-engagement message"
        );
    })
    .await
    .expect("fake whatsapp self-test timed out");
}

mod line {
    use std::time::Duration;

    use axum::http::StatusCode;
    use serde_json::{Value, json};

    use crate::fake_line::{
        Endpoint, FakeLine, Fault, follow_event, group_text_event, image_event, join_event,
        leave_event, line_signature, postback_event, redelivered, retry_key, sign, text_event,
        unfollow_event, webhook_body,
    };

    const USER: &str = "U1111111111111111111111111111111a";

    struct Client {
        http: reqwest::Client,
        base: String,
    }

    impl Client {
        fn new(line: &FakeLine) -> Self {
            Self {
                http: reqwest::Client::new(),
                base: line.url(),
            }
        }

        async fn post(&self, path: &str, key: Option<&str>, body: Value) -> (StatusCode, Value) {
            let mut req = self
                .http
                .post(format!("{}{path}", self.base))
                .bearer_auth(FakeLine::TOKEN)
                .json(&body);
            if let Some(key) = key {
                req = req.header("X-Line-Retry-Key", key);
            }
            let res = req.send().await.unwrap();
            (res.status(), res.json().await.unwrap())
        }

        async fn get(&self, path: &str) -> (StatusCode, Value) {
            let res = self
                .http
                .get(format!("{}{path}", self.base))
                .bearer_auth(FakeLine::TOKEN)
                .send()
                .await
                .unwrap();
            (res.status(), res.json().await.unwrap())
        }

        async fn push(&self, to: &str, messages: Value) -> (StatusCode, Value) {
            let body = json!({ "to": to, "messages": messages });
            self.post("/v2/bot/message/push", None, body).await
        }

        async fn reply(&self, token: &str, messages: Value) -> (StatusCode, Value) {
            let body = json!({ "replyToken": token, "messages": messages });
            self.post("/v2/bot/message/reply", None, body).await
        }
    }

    fn text(t: &str) -> Value {
        json!({ "type": "text", "text": t })
    }

    /// A bubble with a text and a postback button, and a quick reply with a uri action.
    fn card(label: &str, data: &str) -> Value {
        json!({
            "type": "flex",
            "altText": "Pay 10 EUR",
            "contents": {
                "type": "bubble",
                "body": { "type": "box", "layout": "vertical", "contents": [
                    { "type": "text", "text": "\u{2068}Lesson\u{2069} 10 EUR" },
                ] },
                "footer": { "type": "box", "layout": "vertical", "contents": [
                    { "type": "button",
                      "action": { "type": "postback", "label": label, "data": data } },
                ] },
            },
            "quickReply": { "items": [
                { "type": "action",
                  "action": { "type": "uri", "label": "Open", "uri": "https://pay.example/l/1" } },
            ] },
        })
    }

    #[tokio::test]
    async fn auth_reply_tokens_and_helpers() {
        tokio::time::timeout(Duration::from_secs(60), async {
            let line = FakeLine::start().await;
            let c = Client::new(&line);

            // No token, a wrong token: 401 everywhere.
            for path in ["/v2/bot/message/push", "/v2/bot/message/reply"] {
                let res = c
                    .http
                    .post(format!("{}{path}", line.url()))
                    .json(&json!({}));
                let res = res.send().await.unwrap();
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
                let body: Value = res.json().await.unwrap();
                assert!(
                    body["message"]
                        .as_str()
                        .unwrap()
                        .starts_with("Authentication failed")
                );
            }
            let res = c
                .http
                .get(format!("{}/v2/bot/message/quota", line.url()))
                .bearer_auth("wrong")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

            // A reply token works once, for its chat.
            let token = line.reply_token(USER);
            let (status, body) = c
                .reply(&token, json!([text("hi"), card("Pay", "pay:1")]))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(body["sentMessages"].as_array().unwrap().len(), 2);
            assert!(body["sentMessages"][0]["quoteToken"].is_string());
            let (status, body) = c.reply(&token, json!([text("again")])).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(body, json!({ "message": "Invalid reply token" }));
            let (status, _) = c.reply("never-issued", json!([text("x")])).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            // Expired tokens too; replies cost no quota.
            let stale = line.reply_token(USER);
            line.expire_reply_tokens();
            let (status, body) = c.reply(&stale, json!([text("late")])).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(body["message"], "Invalid reply token");
            // A retry key is for pushes only.
            let fresh = line.reply_token(USER);
            let body = json!({ "replyToken": fresh, "messages": [text("k")] });
            let (status, _) = c
                .post("/v2/bot/message/reply", Some(&retry_key()), body)
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert_eq!(line.usage(), 0);

            // Helpers see replies and pushes alike.
            let (status, _) = c
                .push(
                    USER,
                    json!([{
                        "type": "image",
                        "originalContentUrl": "https://img.example/qr.png",
                        "previewImageUrl": "https://img.example/qr-small.png",
                    }]),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(line.replies().len(), 1);
            assert_eq!(line.pushes().len(), 1);
            assert_eq!(
                line.texts_to(USER),
                ["hi", "Pay 10 EUR\nLesson 10 EUR\nPay"]
            );
            assert_eq!(line.postback_data(USER), ["pay:1"]);
            assert_eq!(line.links_to(USER), ["https://pay.example/l/1"]);
            assert_eq!(
                line.images_to(USER),
                [(
                    "https://img.example/qr.png".to_owned(),
                    "https://img.example/qr-small.png".to_owned()
                )]
            );
            assert_eq!(line.wait_for_messages(USER, 3).await.len(), 3);
            assert!(line.messages_to("Uother").is_empty());
            assert_eq!(line.replies()[0].to.as_deref(), Some(USER));
            // Group tokens reply to the group.
            let group_token = line.reply_token("Cgroup1");
            let (status, _) = c.reply(&group_token, json!([text("hello group")])).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(line.texts_to("Cgroup1"), ["hello group"]);
            assert!(line.report().contains("reply tokens live"));
        })
        .await
        .expect("fake line self-test timed out");
    }

    #[tokio::test]
    async fn push_quota_and_retry_keys() {
        tokio::time::timeout(Duration::from_secs(60), async {
            let line = FakeLine::start().await;
            let c = Client::new(&line);

            let (status, body) = c.get("/v2/bot/message/quota").await;
            assert_eq!((status, body), (StatusCode::OK, json!({ "type": "none" })));

            // One push counts once, however many messages it carries.
            line.set_quota(2);
            let (status, body) = c.push(USER, json!([text("1"), text("2"), text("3")])).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body["sentMessages"].as_array().unwrap().len(), 3);
            let key = retry_key();
            let msg = json!({ "to": USER, "messages": [text("once")] });
            let (status, first) = c
                .post("/v2/bot/message/push", Some(&key), msg.clone())
                .await;
            assert_eq!(status, StatusCode::OK);
            let (status, body) = c.get("/v2/bot/message/quota").await;
            assert_eq!(
                (status, body),
                (StatusCode::OK, json!({ "type": "limited", "value": 2 }))
            );
            let (_, body) = c.get("/v2/bot/message/quota/consumption").await;
            assert_eq!(body, json!({ "totalUsage": 2 }));

            // The same key again: 409, the first request's id, nothing sent twice.
            let res = c
                .http
                .post(format!("{}/v2/bot/message/push", line.url()))
                .bearer_auth(FakeLine::TOKEN)
                .header("X-Line-Retry-Key", &key)
                .json(&msg)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::CONFLICT);
            let accepted = res.headers()["x-line-accepted-request-id"]
                .to_str()
                .unwrap();
            assert_eq!(accepted.len(), 32);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["message"], "The retry key is already accepted");
            assert_eq!(body["sentMessages"], first["sentMessages"]);
            assert_eq!(line.texts_to(USER), ["1", "2", "3", "once"]);
            // Not a UUID: 400.
            let (status, _) = c
                .post("/v2/bot/message/push", Some("not-a-uuid"), msg.clone())
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST);

            // Over the monthly limit: 429, nothing sent, usage unchanged.
            let (status, body) = c.push(USER, json!([text("too many")])).await;
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(
                body,
                json!({ "message": "You have reached your monthly limit." })
            );
            assert_eq!(line.usage(), 2);
            assert_eq!(line.pushes().len(), 2);
            line.clear_quota();
            assert_eq!(c.push(USER, json!([text("ok")])).await.0, StatusCode::OK);

            // Faults: by recipient, by endpoint; a hang still sends.
            line.fail_next_to("Ubusy", 1, Fault::Status(429));
            line.fail_next(Endpoint::Push, 1, Fault::Status(500));
            let (status, body) = c.push("Ubusy", json!([text("a")])).await;
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
            assert!(body["message"].as_str().unwrap().contains("rate limit"));
            let (status, _) = c.push("Ubusy", json!([text("b")])).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            line.fail_next(Endpoint::Push, 1, Fault::Hang(Duration::from_millis(300)));
            let key = retry_key();
            let hung = c
                .http
                .post(format!("{}/v2/bot/message/push", line.url()))
                .bearer_auth(FakeLine::TOKEN)
                .header("X-Line-Retry-Key", &key)
                .json(&json!({ "to": "Ubusy", "messages": [text("c")] }))
                .timeout(Duration::from_millis(50))
                .send()
                .await;
            assert!(hung.unwrap_err().is_timeout());
            let again = json!({ "to": "Ubusy", "messages": [text("c")] });
            let (status, _) = c.post("/v2/bot/message/push", Some(&key), again).await;
            assert_eq!(status, StatusCode::CONFLICT);
            assert_eq!(line.wait_for_messages("Ubusy", 1).await, [text("c")]);
            line.fail_next(Endpoint::Quota, 1, Fault::Refuse(503, "down".into()));
            assert_eq!(
                c.get("/v2/bot/message/quota").await.0,
                StatusCode::SERVICE_UNAVAILABLE
            );
        })
        .await
        .expect("fake line self-test timed out");
    }

    #[tokio::test]
    async fn validation_like_line() {
        tokio::time::timeout(Duration::from_secs(60), async {
            let line = FakeLine::start().await;
            let c = Client::new(&line);
            let quick = |label: &str| {
                json!({ "type": "text", "text": "?", "quickReply": { "items": [
                    { "type": "action",
                      "action": { "type": "message", "label": label, "text": "yes" } },
                ] } })
            };
            let image = |original: &str| {
                json!({ "type": "image", "originalContentUrl": original,
                        "previewImageUrl": "https://img.example/p.png" })
            };
            let invalid = [
                (
                    json!((0..6).map(|i| text(&i.to_string())).collect::<Vec<_>>()),
                    "messages",
                ),
                (json!([]), "messages"),
                (json!([text("")]), "messages[0].text"),
                (
                    json!([text("ok"), text(&"😀".repeat(2501))]),
                    "messages[1].text",
                ),
                (
                    json!([image("http://img.example/q.png")]),
                    "messages[0].originalContentUrl",
                ),
                (
                    json!([image(&format!("https://img.example/{}", "a".repeat(2000)))]),
                    "messages[0].originalContentUrl",
                ),
                (
                    json!([quick(&"x".repeat(21))]),
                    "messages[0].quickReply.items[0].action.label",
                ),
                (
                    json!([card(&"x".repeat(41), "pay:1")]),
                    "messages[0].contents.footer.contents[0].action.label",
                ),
                (
                    json!([card("Pay", &"d".repeat(301))]),
                    "messages[0].contents.footer.contents[0].action.data",
                ),
                (
                    json!([{ "type": "flex", "altText": "x", "contents": { "type": "list" } }]),
                    "messages[0].contents.type",
                ),
                (json!([{ "type": "video2" }]), "messages[0].type"),
            ];
            for (i, (messages, property)) in invalid.into_iter().enumerate() {
                let (status, body) = c.push(USER, messages).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "invalid {i}: {body}");
                assert_eq!(
                    body["message"], "The request body has 1 error(s)",
                    "invalid {i}"
                );
                assert_eq!(
                    body["details"][0]["property"], property,
                    "invalid {i}: {body}"
                );
            }
            // A uri action with another scheme, 14 quick replies, 13 bubbles, a big bubble.
            let mut bad_uri = card("Pay", "pay:1");
            bad_uri["quickReply"]["items"][0]["action"]["uri"] = "javascript:alert(1)".into();
            let mut many = quick("ok");
            many["quickReply"]["items"] = json!(vec![many["quickReply"]["items"][0].clone(); 14]);
            let bubble = card("Pay", "pay:1")["contents"].clone();
            let carousel = |n: usize| {
                json!({ "type": "flex", "altText": "cards",
                        "contents": { "type": "carousel", "contents": vec![bubble.clone(); n] } })
            };
            let mut big = card("Pay", "pay:1");
            big["contents"]["body"]["contents"][0]["text"] = "b".repeat(31 * 1024).into();
            for (i, message) in [bad_uri, many, carousel(13), big].into_iter().enumerate() {
                let (status, body) = c.push(USER, json!([message])).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "invalid extra {i}: {body}");
            }
            // Exactly at the limits is fine.
            let at_limits = json!([
                text(&"😀".repeat(2500)),
                quick(&"x".repeat(20)),
                card(&"x".repeat(40), &"d".repeat(300)),
                carousel(12),
                image(&format!("https://img.example/{}", "a".repeat(1980))),
            ]);
            let (status, body) = c.push(USER, at_limits).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(line.pushes().len(), 1);
            assert_eq!(line.postback_data(USER).len(), 13);
            assert_eq!(line.failed().len(), 15, "{}", line.report());
        })
        .await
        .expect("fake line self-test timed out");
    }

    #[tokio::test]
    async fn profiles_content_and_webhooks() {
        tokio::time::timeout(Duration::from_secs(60), async {
            let line = FakeLine::start_with_token("other-token").await;
            let http = reqwest::Client::new();
            let get = |path: &str| {
                http.get(format!("{}{path}", line.url()))
                    .bearer_auth("other-token")
                    .send()
            };
            line.set_profile(USER, "Somchai", Some("th"));
            let res = get(&format!("/v2/bot/profile/{USER}")).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let body: Value = res.json().await.unwrap();
            assert_eq!(
                body,
                json!({ "userId": USER, "displayName": "Somchai", "language": "th" })
            );
            let res = get("/v2/bot/profile/Unobody").await.unwrap();
            assert_eq!(res.status(), StatusCode::NOT_FOUND);
            assert_eq!(
                res.json::<Value>().await.unwrap(),
                json!({ "message": "Not found" })
            );

            // The signature: base64 HMAC-SHA256, against vectors computed with Python's
            // hmac/base64.
            assert_eq!(
                line_signature("key", b"The quick brown fox jumps over the lazy dog"),
                "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="
            );
            assert_eq!(
                sign(br#"{"destination":"Uabc","events":[]}"#),
                "muituy/kIiI7j+X0cD2iAQj7TsIp7zfBT/5SiTEj/MM="
            );
            assert_eq!(
                webhook_body("Uabc", &[]),
                br#"{"destination":"Uabc","events":[]}"#
            );

            let token = line.reply_token(USER);
            let events = [
                text_event(USER, "สวัสดี", &token),
                postback_event(USER, "pay:1", &token),
                follow_event(USER, &token),
                unfollow_event(USER),
                join_event("Cg1", &token),
                leave_event("Cg1"),
                group_text_event("Cg1", USER, "hi all", &token),
                image_event(USER, "m1", &token),
            ];
            let body: Value =
                serde_json::from_slice(&webhook_body(FakeLine::BOT_USER_ID, &events)).unwrap();
            assert_eq!(body["destination"], FakeLine::BOT_USER_ID);
            let got = body["events"].as_array().unwrap();
            let kinds: Vec<&str> = got.iter().map(|e| e["type"].as_str().unwrap()).collect();
            assert_eq!(
                kinds,
                [
                    "message", "postback", "follow", "unfollow", "join", "leave", "message",
                    "message"
                ]
            );
            let ids: std::collections::HashSet<&str> = got
                .iter()
                .map(|e| e["webhookEventId"].as_str().unwrap())
                .collect();
            assert_eq!(ids.len(), 8);
            for e in got {
                assert_eq!(e["mode"], "active");
                assert_eq!(e["deliveryContext"]["isRedelivery"], false);
                assert!(e["timestamp"].as_i64().unwrap() > 1_700_000_000_000);
                let has_token = !matches!(e["type"].as_str(), Some("unfollow" | "leave"));
                assert_eq!(e["replyToken"].is_string(), has_token, "{e}");
            }
            assert_eq!(got[0]["message"]["text"], "สวัสดี");
            assert_eq!(got[0]["source"], json!({ "type": "user", "userId": USER }));
            assert_eq!(got[1]["postback"]["data"], "pay:1");
            assert_eq!(got[6]["source"]["groupId"], "Cg1");
            assert_eq!(got[6]["source"]["userId"], USER);
            assert_eq!(got[7]["message"]["id"], "m1");
            assert_eq!(got[7]["message"]["type"], "image");
            let again = redelivered(got[0].clone());
            assert_eq!(again["deliveryContext"]["isRedelivery"], true);
            assert_eq!(again["webhookEventId"], got[0]["webhookEventId"]);
        })
        .await
        .expect("fake line self-test timed out");
    }
}
