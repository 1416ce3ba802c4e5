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
