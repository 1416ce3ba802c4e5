//! Bank QR rails: a seller sets where they are paid (`/payto`, the API), and the buyer
//! page shows the amount-locked QR of the link's currency, decoded here to the exact
//! payload.

use paychat::domain::rails::{PayTo, Rail};
use paychat::domain::{Currency, Money};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both;
use crate::pages::decode_qr_png;
use crate::telegram::{SELLER, ask, ask_n, register, seller_of, slug_in, spawn_bot};

/// A merchant's static QRIS as published in a public project (issued by DANA).
const QRIS: &str = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI\
        51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack\
        6012Kab. Bandung61054028663048DC1";

/// The bank QR section of a buyer page.
const SECTION: &str = "<section class=\"bankqr\"";

fn money(minor: i64, code: &str) -> Money {
    Money::from_minor(minor, Currency::from_code(code).unwrap()).unwrap()
}

async fn page(app: &TestApp, slug: &str) -> String {
    let res = app
        .client
        .get(app.url(&format!("/p/{slug}?lang=en")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

async fn bank_png(app: &TestApp, slug: &str) -> Option<Vec<u8>> {
    let res = app
        .client
        .get(app.url(&format!("/p/{slug}/bank-qr.png")))
        .send()
        .await
        .unwrap();
    match res.status().as_u16() {
        200 => Some(res.bytes().await.unwrap().to_vec()),
        404 => None,
        other => panic!("bank-qr.png answered {other}"),
    }
}

/// `/payto promptpay` from Telegram: a test QR for ฿1 comes back, THB links show the
/// PromptPay QR for their amount on the buyer page, other currencies do not, and
/// `/payto off` takes it away.
async fn a_seller_sets_promptpay_and_buyers_scan_it(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    seller_of(&app, SELLER).await;

    let none = ask(&fake, SELLER, SELLER, "/payto").await;
    assert!(
        none.text().starts_with("You have no bank QR account yet."),
        "{}",
        none.text()
    );

    let set = ask_n(&fake, SELLER, SELLER, "/payto promptpay 081-234-5678", 2).await;
    assert!(
        set[0]
            .text()
            .starts_with("PromptPay is set: 081-234-5678. Links in THB now show its QR"),
        "{}",
        set[0].text()
    );
    assert_eq!(set[1].method, "senddocument", "{}", fake.report());
    let account = PayTo::parse(Rail::PromptPay, "0812345678").unwrap();
    assert_eq!(
        decode_qr_png(&set[1].files[0].2),
        account.payload(money(100, "THB"), None).unwrap(),
        "the test QR is for ฿1.00"
    );
    let listed = ask(&fake, SELLER, SELLER, "/payto").await;
    assert!(
        listed.text().contains("• PromptPay (THB): 081-234-5678"),
        "{}",
        listed.text()
    );

    let card = ask_n(&fake, SELLER, SELLER, "/link 250.50 THB tuition", 2).await;
    let slug = slug_in(&card[0].text());
    let html = page(&app, &slug).await;
    assert!(
        html.contains("Pay by PromptPay from your banking app"),
        "{html}"
    );
    assert!(
        html.contains("The transfer goes to: 081-234-5678"),
        "{html}"
    );
    assert!(html.contains("<svg"), "the QR is drawn in the page");
    let png = bank_png(&app, &slug).await.expect("a bank QR picture");
    assert_eq!(
        decode_qr_png(&png),
        account.payload(money(25_050, "THB"), None).unwrap()
    );

    let usd = ask_n(&fake, SELLER, SELLER, "/link 5 USD stickers", 2).await;
    let usd_slug = slug_in(&usd[0].text());
    assert!(!page(&app, &usd_slug).await.contains(SECTION));
    assert!(bank_png(&app, &usd_slug).await.is_none());

    let off = ask(&fake, SELLER, SELLER, "/payto off promptpay").await;
    assert!(
        off.text().starts_with("PromptPay removed"),
        "{}",
        off.text()
    );
    assert!(!page(&app, &slug).await.contains(SECTION));
    assert!(bank_png(&app, &slug).await.is_none());
    let again = ask(&fake, SELLER, SELLER, "/payto off").await;
    assert_eq!(again.text(), "There was no bank QR account to remove.");
}
on_both!(a_seller_sets_promptpay_and_buyers_scan_it);

/// Every kind of bad `/payto` gets a specific answer with the rail's example, in the
/// seller's language, and nothing is saved.
async fn bad_accounts_are_refused_with_what_to_fix(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let tampered_qris = QRIS.replace("BoonTrack", "BoonTrick");
    for (command, said) in [
        (
            "/payto promptpay 12345".to_owned(),
            "The PromptPay number \"12345\" is not right: use a mobile number (0812345678), a 13-digit id or a 15-digit e-wallet id.\nExample: /payto promptpay 0812345678",
        ),
        (
            "/payto promptpay 1101800000004".to_owned(),
            "The PromptPay number \"1101800000004\" is not right: its last digit does not match, check the id.",
        ),
        (
            "/payto vietqr NoSuchBank 123 AN".to_owned(),
            "The bank \"NoSuchBank\" is not right: use the bank's short name",
        ),
        (
            "/payto vietqr VCB 123".to_owned(),
            "The account name is missing.\nExample: /payto vietqr Vietcombank",
        ),
        (
            "/payto pix 529.982.247-26 Ana, Recife".to_owned(),
            "The Pix key \"529.982.247-26\" is not right: its check digits do not match a CPF",
        ),
        (
            "/payto pix 52998224725 Ana".to_owned(),
            "The city is missing.",
        ),
        (
            "/payto pix 52998224725 Ana Maria da Conceição Albuquerque, Recife".to_owned(),
            "The name is longer than the 25 characters this rail allows.",
        ),
        (
            "/payto upi asha Asha".to_owned(),
            "The UPI id \"asha\" is not right: a UPI id looks like name@bank",
        ),
        (
            format!("/payto qris {tampered_qris}"),
            "That QRIS code was not copied whole",
        ),
        (
            "/payto qris hello".to_owned(),
            "That is not a payment QR code.",
        ),
        (
            "/payto zelle me@mail.com".to_owned(),
            "I do not know the rail \"zelle\". Use promptpay, vietqr, pix, upi or qris.",
        ),
        (
            "/payto vietqr".to_owned(),
            "Example: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A",
        ),
    ] {
        let answer = ask(&fake, SELLER, SELLER, &command).await;
        assert!(
            answer.text().starts_with(said),
            "{command}: {}",
            answer.text()
        );
    }
    assert!(app.engine.paytos(&seller).await.unwrap().is_empty());

    ask(&fake, SELLER, SELLER, "/lang th").await;
    let thai = ask(&fake, SELLER, SELLER, "/payto promptpay 12345").await;
    assert!(
        thai.text().starts_with("หมายเลขพร้อมเพย์ \"12345\" ไม่ถูกต้อง"),
        "{}",
        thai.text()
    );
}
on_both!(bad_accounts_are_refused_with_what_to_fix);

/// Over the API: set, read and remove each rail's account; refusals are JSON with a
/// code; the buyer page escapes the payee and shows Pix's copy-paste code, VietQR's
/// reference and UPI's app link.
async fn the_api_sets_accounts_and_pages_show_each_rail(backend: Backend) {
    let app = spawn_app(backend).await;
    let call = |method: Method, path: &'static str, body: Option<serde_json::Value>| {
        app.api(method, path, &app.key, body)
    };

    let (status, body, _) = put_payto(&app, &app.key, "pix", "52998224725 Ana <b>&, Recife").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["rail"], "pix");
    assert_eq!(body["currency"], "BRL");
    assert_eq!(body["payee"], "Ana <b>&");
    assert_eq!(body["account"]["key"]["kind"], "cpf");

    let link = app
        .create_link(json!({ "amount": "49.90", "currency": "BRL", "description": "bolo" }))
        .await;
    let slug = link["slug"].as_str().unwrap().to_owned();
    let html = page(&app, &slug).await;
    assert!(html.contains(SECTION));
    assert!(html.contains("The transfer goes to: Ana &lt;b&gt;&amp;"));
    assert!(!html.contains("Ana <b>"), "the payee escaped");
    let reference = format!("PC{}", slug[..8].to_ascii_uppercase());
    let pix = PayTo::parse(Rail::Pix, "52998224725 Ana <b>&, Recife").unwrap();
    let payload = pix.payload(money(4_990, "BRL"), Some(&reference)).unwrap();
    assert_eq!(
        decode_qr_png(&bank_png(&app, &slug).await.unwrap()),
        payload
    );
    assert!(html.contains("Pix copia e cola"), "{html}");
    assert!(
        html.contains(
            &payload
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ),
        "the copy-paste code, escaped"
    );

    let (status, _, _) =
        put_payto(&app, &app.key, "vietqr", "MB Bank 0123456789 Nguyễn Văn An").await;
    assert_eq!(status, StatusCode::OK);
    let vnd = app
        .create_link(json!({ "amount": 150000, "currency": "VND" }))
        .await;
    let vnd_slug = vnd["slug"].as_str().unwrap();
    let html = page(&app, vnd_slug).await;
    assert!(html.contains("NGUYEN VAN AN"), "{html}");
    assert!(
        html.contains(&format!(
            "Transfer reference: PC{}",
            vnd_slug[..8].to_ascii_uppercase()
        )),
        "{html}"
    );

    let (status, _, _) = put_payto(&app, &app.key, "upi", "asha@okaxis Asha & Sons").await;
    assert_eq!(status, StatusCode::OK);
    let inr = app
        .create_link(json!({ "amount": "250", "currency": "INR" }))
        .await;
    let html = page(&app, inr["slug"].as_str().unwrap()).await;
    assert!(
        html.contains(
            "href=\"upi://pay?pa=asha@okaxis&amp;pn=Asha%20%26%20Sons&amp;am=250.00&amp;cu=INR"
        ),
        "{html}"
    );

    let (status, listed, _) = call(Method::GET, "/api/v1/payto", None).await;
    assert_eq!(status, StatusCode::OK);
    let rails: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rail"].as_str().unwrap())
        .collect();
    assert_eq!(rails, ["pix", "upi", "vietqr"]);

    for (path, details, code, field) in [
        (
            "/api/v1/payto/pix",
            "123 Ana, Recife",
            "payto_invalid",
            "details",
        ),
        (
            "/api/v1/payto/upi",
            "asha@okaxis",
            "payto_missing",
            "details",
        ),
        ("/api/v1/payto/zelle", "x", "payto_unknown_rail", "rail"),
    ] {
        let (status, body, _) = call(Method::PUT, path, Some(json!({ "details": details }))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert_eq!(body["error"]["field"], field, "{body}");
    }
    let (status, body, _) = call(Method::PUT, "/api/v1/payto/pix", Some(json!({}))).await;
    assert!(status.is_client_error(), "{body}");

    let (status, _, _) = call(Method::DELETE, "/api/v1/payto/pix", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = call(Method::DELETE, "/api/v1/payto/pix", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = call(Method::GET, "/api/v1/payto/pix", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(bank_png(&app, &slug).await.is_none());
    // Another seller's key sees none of it.
    let (_, other_key) = app.another_seller("Other").await;
    let (_, theirs, _) = app
        .api(Method::GET, "/api/v1/payto", &other_key, None)
        .await;
    assert_eq!(theirs["data"], json!([]));
}
on_both!(the_api_sets_accounts_and_pages_show_each_rail);

/// A seller registered in Telegram with PromptPay set and a single-use ฿100 link: the
/// app, the fake Bot API, the seller and the link's code.
async fn promptpay_lesson(
    backend: Backend,
) -> (
    TestApp,
    crate::fake_telegram::FakeTelegram,
    paychat::domain::SellerId,
    String,
) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;
    let card = ask_n(&fake, SELLER, SELLER, "/link 100 THB lesson", 2).await;
    let slug = slug_in(&card[0].text());
    (app, fake, seller, slug)
}

/// Presses `data` under `under` as `user` in their private chat.
fn press(
    fake: &crate::fake_telegram::FakeTelegram,
    under: &crate::fake_telegram::Call,
    data: &str,
) {
    let chat = under.chat_id().expect("a chat message");
    fake.callback_update(
        SELLER,
        chat,
        under.result_message_id().expect("an id"),
        data,
    );
}

/// The buyer's "I have paid" form; returns where it sends them.
async fn claim(app: &TestApp, slug: &str, name: &str) -> String {
    claim_with(app, slug, name, None).await
}

/// "I have paid" with a slip file (`(file name, bytes)`), as a browser sends the form.
pub async fn claim_with(
    app: &TestApp,
    slug: &str,
    name: &str,
    slip: Option<(&str, Vec<u8>)>,
) -> String {
    let mut form = reqwest::multipart::Form::new().text("name", name.to_owned());
    form = match slip {
        Some((file, bytes)) => form.part(
            "slip",
            reqwest::multipart::Part::bytes(bytes).file_name(file.to_owned()),
        ),
        // A browser sends an empty file part when none was chosen.
        None => form.part(
            "slip",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        ),
    };
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/claimed?lang=en")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    crate::helpers::location(&res)
}

/// Where pressing Pay on the link's page sends the buyer (a checkout, or back).
async fn pay_location(app: &TestApp, slug: &str) -> String {
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay?lang=en")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    res.headers()["location"].to_str().unwrap().to_owned()
}

async fn get_page(app: &TestApp, path: &str) -> String {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

/// A buyer pays by PromptPay and says so; the seller is asked in chat, answers
/// "received" (confirmed first), and the link is paid through the usual path: the
/// "✅ Paid" message, the timeline, the buyer's page. A second buyer on the single-use
/// link meanwhile is told a payment is being confirmed. A refund is recorded by hand.
async fn a_bank_payment_is_paid_when_the_seller_says_received(backend: Backend) {
    let (app, fake, seller, slug) = promptpay_lesson(backend).await;

    let waiting = claim(&app, &slug, "Somsak <b>").await;
    assert!(
        waiting.starts_with(&format!("/p/{slug}?claim=")),
        "{waiting}"
    );
    let html = get_page(&app, &waiting).await;
    assert!(
        html.contains("The seller is checking that your transfer arrived"),
        "{html}"
    );
    assert!(
        !html.contains(SECTION),
        "no second QR while the seller checks"
    );
    // A bank transfer names no card processor.
    assert!(!html.contains("processed securely"), "{html}");

    let push = crate::telegram::wait_text(&fake, SELLER, "A buyer says they paid").await;
    assert!(push.text().contains("฿100.00 — lesson"), "{}", push.text());
    assert!(
        push.text().contains("Somsak &lt;b&gt;"),
        "{}",
        push.raw_text()
    );
    assert!(
        push.text()
            .contains("Check your PromptPay account for this amount"),
        "{}",
        push.text()
    );
    let buttons = crate::telegram::callback_data(&push);
    let received = buttons
        .iter()
        .find(|d| d.starts_with("bq:") && d.ends_with(":y"))
        .unwrap();

    // Another buyer on this single-use link is not taken while the first is checked.
    let busy = claim(&app, &slug, "Other").await;
    assert!(busy.contains("busy=1"), "{busy}");
    assert!(
        get_page(&app, &busy)
            .await
            .contains("A payment for this link is being confirmed")
    );
    // Nor by card: the page offers no checkout, and a pay form sent anyway is held.
    let page = get_page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(
        page.contains("A payment for this link is being confirmed"),
        "{page}"
    );
    assert!(!page.contains(&format!("/p/{slug}/pay")), "{page}");
    assert!(!page.contains("processed securely"), "{page}");
    let to = pay_location(&app, &slug).await;
    assert!(to.contains("busy=1"), "held, not sent to a checkout: {to}");
    // Nor by the QR picture's own address.
    assert!(bank_png(&app, &slug).await.is_none());

    let before = fake.sent_to_chat(SELLER).len();
    press(&fake, &push, received);
    let question = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    assert!(
        question
            .text()
            .contains("Mark ฿100.00 — lesson as received from Somsak &lt;b&gt;?"),
        "{}",
        question.text()
    );
    assert_eq!(
        app.engine
            .link_by_slug(&seller, &slug)
            .await
            .unwrap()
            .status,
        paychat::domain::LinkStatus::Active
    );
    let yes = crate::telegram::yes_button(&question).unwrap();
    press(&fake, &question, &yes);
    crate::telegram::wait_text(&fake, SELLER, "✅").await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!((link.status.as_str(), link.paid_minor), ("paid", 10_000));
    let payments = app
        .engine
        .payments(&seller, link.id.as_str())
        .await
        .unwrap();
    let paid: Vec<_> = payments
        .iter()
        .filter(|p| p.status == paychat::domain::PaymentStatus::Succeeded)
        .collect();
    assert_eq!(paid.len(), 1);
    assert_eq!(
        (paid[0].provider.as_str(), paid[0].method.as_str()),
        ("bankqr", "promptpay")
    );
    // The buyer, back on their claim's page, finds their receipt there.
    let html = get_page(&app, &waiting).await;
    assert!(html.contains("href=\"/r/"), "{html}");
    assert!(
        !get_page(&app, &format!("/p/{slug}?lang=en"))
            .await
            .contains("href=\"/r/"),
        "only on the page of the claim that paid"
    );
    // Pressed again: nothing more.
    press(&fake, &question, &yes);
    press(&fake, &push, received);
    crate::helpers::eventually("the presses answered", || async {
        (fake.count("answercallbackquery") >= 4).then_some(())
    })
    .await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.paid_count, 1);

    // The money goes back by hand: recorded without a provider.
    let refund = ask(&fake, SELLER, SELLER, &format!("/refund {slug}")).await;
    let yes = crate::telegram::yes_button(&refund).unwrap();
    press(&fake, &refund, &yes);
    crate::telegram::wait_text(&fake, SELLER, "Refunded").await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Refunded);
}
on_both!(a_bank_payment_is_paid_when_the_seller_says_received);

/// "Not received": the claim closes, the buyer's page says the seller did not find the
/// transfer and shows the QR again, and the link stays open.
async fn not_received_tells_the_buyer_and_keeps_the_link_open(backend: Backend) {
    let (app, fake, seller, slug) = promptpay_lesson(backend).await;
    let waiting = claim(&app, &slug, "").await;
    assert!(bank_png(&app, &slug).await.is_none(), "held by the claim");
    let push = crate::telegram::wait_text(&fake, SELLER, "A buyer says they paid").await;
    let not = crate::telegram::callback_data(&push)
        .into_iter()
        .find(|d| d.starts_with("bq:") && d.ends_with(":n"))
        .unwrap();
    let before = fake.sent_to_chat(SELLER).len();
    press(&fake, &push, &not);
    let question = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    assert!(
        question.text().contains("as not received?"),
        "{}",
        question.text()
    );
    let yes = crate::telegram::yes_button(&question).unwrap();
    let edits = fake.count("editmessagetext");
    press(&fake, &question, &yes);
    crate::helpers::eventually("the answer", || async {
        (fake.count("editmessagetext") > edits).then_some(())
    })
    .await;
    let edit = fake.calls_to("editmessagetext").remove(edits);
    assert!(
        edit.text()
            .starts_with("Marked not received: ฿100.00 — lesson"),
        "{}",
        edit.text()
    );

    let html = get_page(&app, &waiting).await;
    assert!(
        html.contains("The seller did not find your transfer"),
        "{html}"
    );
    assert!(html.contains(SECTION), "the QR again");
    assert!(bank_png(&app, &slug).await.is_some(), "and its picture");
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!((link.status.as_str(), link.paid_count), ("active", 0));
    // A claim id of another link shows nothing of it.
    let other = ask_n(&fake, SELLER, SELLER, "/link 5 THB other", 2).await;
    let other_slug = slug_in(&other[0].text());
    let claim_id = waiting
        .split("claim=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let html = get_page(&app, &format!("/p/{other_slug}?claim={claim_id}&lang=en")).await;
    assert!(!html.contains("did not find"), "{html}");
}
on_both!(not_received_tells_the_buyer_and_keeps_the_link_open);

/// A claim nobody answers holds a single-use link for other buyers for 12 hours, not
/// for good: after that the link can be paid again (the claim waits for the seller).
async fn an_unanswered_claim_stops_holding_the_link(backend: Backend) {
    let (app, fake) = crate::seller_reminders::bot_on_clock(backend).await;
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;
    let card = ask_n(&fake, SELLER, SELLER, "/link 100 THB lesson", 2).await;
    let slug = slug_in(&card[0].text());
    claim(&app, &slug, "Somsak").await;
    let pay = || pay_location(&app, &slug);
    assert!(
        pay().await.contains("busy=1"),
        "held while the seller checks"
    );

    app.clock()
        .advance(std::time::Duration::from_secs(12 * 3600 + 1));
    let to = pay().await;
    assert!(to.contains("/sandbox/checkout/"), "no longer held: {to}");
    let html = page(&app, &slug).await;
    assert!(!html.contains("being confirmed"), "{html}");
}
on_both!(an_unanswered_claim_stops_holding_the_link);

/// Posts a SePay credit report with `auth` as the Authorization header.
async fn sepay(
    app: &TestApp,
    auth: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let mut req = app
        .client
        .post(app.url("/webhooks/bankfeed/sepay"))
        .json(&body);
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// `PUT /api/v1/payto/{rail}` with `details`, as the seller with `key`.
async fn put_payto(
    app: &TestApp,
    key: &str,
    rail: &str,
    details: &str,
) -> (StatusCode, serde_json::Value, reqwest::header::HeaderMap) {
    let path = format!("/api/v1/payto/{rail}");
    app.api(Method::PUT, &path, key, Some(json!({ "details": details })))
        .await
}

/// The seller's VietQR account and a SePay feed for it; returns the feed's set-up.
async fn vietqr_with_feed(app: &TestApp) -> serde_json::Value {
    let (status, _, _) = put_payto(
        app,
        &app.key,
        "vietqr",
        "Vietcombank 0011001234567 NGUYEN VAN AN",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, feed, _) = app
        .api(Method::PUT, "/api/v1/bankfeeds/sepay", &app.key, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    feed
}

fn credit(id: i64, amount: i64, content: &str, kind: &str) -> serde_json::Value {
    json!({
        "id": id, "gateway": "Vietcombank", "transactionDate": "2026-12-04 10:00:00",
        "accountNumber": "0011001234567", "code": null, "content": content,
        "transferType": kind, "transferAmount": amount, "accumulated": 0,
        "subAccount": null, "referenceCode": format!("FT{id}"), "description": content
    })
}

/// A SePay feed pays a VietQR link when a credit carries its reference and its exact
/// amount, once however often SePay resends it; another amount or an unknown reference
/// pays nothing and a wrong amount is put on the link's timeline; only the seller's
/// key is taken.
async fn a_bank_feed_pays_links_it_can_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let call = |method: Method, path: &'static str, body: Option<serde_json::Value>| {
        app.api(method, path, &app.key, body)
    };
    let feed = vietqr_with_feed(&app).await;
    assert_eq!(feed["url"], app.url("/webhooks/bankfeed/sepay"));
    let auth = feed["authorization"].as_str().unwrap().to_owned();
    assert!(auth.starts_with("Apikey pcfeed_"), "{auth}");

    let link = app
        .create_link(json!({ "amount": 150000, "currency": "VND", "description": "áo" }))
        .await;
    let (id, slug) = (
        link["id"].as_str().unwrap().to_owned(),
        link["slug"].as_str().unwrap().to_owned(),
    );
    let reference = format!("PC{}", slug[..8].to_ascii_uppercase());

    // Unauthenticated or with another key: refused, nothing read.
    let report = credit(1, 150_000, &format!("{reference} chuyen tien"), "in");
    assert_eq!(sepay(&app, None, report.clone()).await.0, 401);
    assert_eq!(
        sepay(&app, Some("Apikey pcfeed_nope"), report.clone())
            .await
            .0,
        401
    );
    assert_eq!(sepay(&app, Some("Bearer x"), report.clone()).await.0, 401);
    assert_eq!(sepay(&app, Some(&auth), json!({ "id": 9 })).await.0, 400);

    // Money out, and a credit naming no link: recorded only.
    let out = credit(2, 150_000, &reference, "out");
    assert_eq!(
        sepay(&app, Some(&auth), out).await,
        (200, json!({ "success": true }))
    );
    let stranger = credit(3, 150_000, "tien hang", "in");
    assert_eq!(sepay(&app, Some(&auth), stranger).await.0, 200);
    let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(got["status"], "active");
    // The credit naming no link is kept for the seller; money out is not.
    let (_, credits) = app.get("/api/v1/bankfeeds/sepay/credits").await;
    let credits = credits["data"].as_array().unwrap().clone();
    assert_eq!(credits.len(), 1, "{credits:?}");
    assert_eq!(
        (
            credits[0]["id"].as_str(),
            credits[0]["amount_minor"].as_i64(),
            credits[0]["content"].as_str()
        ),
        (Some("3"), Some(150_000), Some("tien hang"))
    );

    // Another amount with the reference: on the timeline, not paid.
    let short = credit(
        4,
        100_000,
        &format!("MBVCB {} ao", reference.to_ascii_lowercase()),
        "in",
    );
    assert_eq!(sepay(&app, Some(&auth), short).await.0, 200);
    let (_, events) = app.get(&format!("/api/v1/links/{id}/events")).await;
    let unmatched = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "payment.unmatched")
        .unwrap_or_else(|| panic!("{events}"))
        .clone();
    assert_eq!(unmatched["data"]["reason"], "amount");
    assert_eq!(unmatched["data"]["credit"]["amount_minor"], 100_000);

    // The right amount pays it, once however often it is resent.
    for _ in 0..3 {
        assert_eq!(sepay(&app, Some(&auth), report.clone()).await.0, 200);
    }
    let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(got["status"], "paid");
    let (_, payments) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    let paid = payments["data"].as_array().unwrap();
    assert_eq!(paid.len(), 1, "{payments}");
    assert_eq!(paid[0]["provider"], "bankqr");
    assert_eq!(paid[0]["status"], "succeeded");

    // Another seller's feed key cannot pay this seller's link.
    let other = app
        .create_link(json!({ "amount": 5000, "currency": "VND" }))
        .await;
    let other_slug = other["slug"].as_str().unwrap();
    let (_, other_key) = app.another_seller("Other").await;
    let (_, their_feed, _) = app
        .api(Method::PUT, "/api/v1/bankfeeds/sepay", &other_key, None)
        .await;
    let theirs = their_feed["authorization"].as_str().unwrap();
    let naming_ours = credit(5, 5000, &format!("PC{}", &other_slug[..8]), "in");
    assert_eq!(sepay(&app, Some(theirs), naming_ours).await.0, 200);
    let (_, got) = app
        .get(&format!("/api/v1/links/{}", other["id"].as_str().unwrap()))
        .await;
    assert_eq!(got["status"], "active");

    // Removed: the key is refused.
    let (status, _, _) = call(Method::DELETE, "/api/v1/bankfeeds/sepay", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        sepay(&app, Some(&auth), credit(6, 1, "x", "in")).await.0,
        401
    );
}
on_both!(a_bank_feed_pays_links_it_can_match);

/// A slip sent with "I have paid" reaches the seller as a picture with its bank
/// reference; the same slip for another payment is flagged; files that are no picture,
/// or too large, are refused on the page and nothing is claimed.
async fn slips_reach_the_seller_and_bad_files_are_refused(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;
    let first = slug_in(&ask_n(&fake, SELLER, SELLER, "/link 100 THB lesson", 2).await[0].text());
    let second = slug_in(&ask_n(&fake, SELLER, SELLER, "/link 100 THB book", 2).await[0].text());
    let payload = paychat::domain::rails::slip::slip_qr_payload("014", "2026120499998888");
    let slip_png = paychat::conversation::qr::png(&payload, 6).unwrap();

    // Not a picture, and too large: back to the page with the reason, nothing claimed.
    let refused = claim_with(&app, &first, "A", Some(("slip.pdf", b"%PDF-1.7".to_vec()))).await;
    assert!(refused.contains("slip=slip-not-a-picture"), "{refused}");
    assert!(
        get_page(&app, &refused)
            .await
            .contains("The slip must be a JPEG, PNG or WebP picture.")
    );
    let big = vec![0xFF; 5 * 1024 * 1024 + 10];
    let res = app
        .client
        .post(app.url(&format!("/p/{first}/claimed?lang=en")))
        .multipart(reqwest::multipart::Form::new().part(
            "slip",
            reqwest::multipart::Part::bytes(big).file_name("big.jpg"),
        ))
        .send()
        .await
        .unwrap();
    assert!(
        crate::helpers::location(&res).contains("slip=slip-too-large"),
        "{}",
        res.status()
    );
    let link = app.engine.link_by_slug(&seller, &first).await.unwrap();
    assert!(
        app.engine
            .payments(&seller, link.id.as_str())
            .await
            .unwrap()
            .is_empty()
    );

    let documents = fake.count("senddocument");
    claim_with(&app, &first, "Somsak", Some(("slip.png", slip_png.clone()))).await;
    let push = crate::telegram::wait_text(&fake, SELLER, "reference 2026120499998888").await;
    assert!(push.text().contains("(bank 014)"), "{}", push.text());
    assert!(!push.text().contains("already sent"), "{}", push.text());
    let doc = crate::helpers::eventually("the slip picture", || async {
        fake.calls_to("senddocument").into_iter().nth(documents)
    })
    .await;
    assert_eq!(doc.files[0].1, "slip.jpg");
    assert_eq!(&doc.files[0].2[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");

    // The same slip for another link: the seller is warned.
    claim_with(&app, &second, "Somsak", Some(("slip.png", slip_png))).await;
    let flagged =
        crate::telegram::wait_text(&fake, SELLER, "already sent for another payment").await;
    assert!(flagged.text().contains("book"), "{}", flagged.text());
}
on_both!(slips_reach_the_seller_and_bad_files_are_refused);

/// Slips are deleted once `links.slip_retention` has passed.
async fn slips_are_deleted_after_their_retention(backend: Backend) {
    let app = crate::helpers::spawn_app_with(
        backend,
        &[
            ("PAYCHAT_LINKS__SLIP_RETENTION", "1s"),
            ("PAYCHAT_LINKS__EXPIRY_SWEEP_SECS", "1"),
        ],
    )
    .await;
    let (status, _, _) = put_payto(&app, &app.key, "promptpay", "0812345678").await;
    assert_eq!(status, StatusCode::OK);
    let link = app
        .create_link(json!({ "amount": "100", "currency": "THB" }))
        .await;
    let slug = link["slug"].as_str().unwrap();
    let png = paychat::conversation::qr::png("a slip", 4).unwrap();
    let waiting = claim_with(&app, slug, "", Some(("slip.png", png))).await;
    let payment = waiting
        .split("claim=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    assert!(app.engine.claim_slip(&payment).await.unwrap().is_some());
    crate::helpers::eventually("the slip deleted", || async {
        app.engine
            .claim_slip(&payment)
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
}
on_both!(slips_are_deleted_after_their_retention);

/// Every rail from chat: `/payto`, a link in its currency, and the buyer page's QR
/// decoded to the exact payload (the link's reference where the rail carries one), as
/// PNG and as SVG.
async fn every_rail_from_chat_to_the_buyers_qr(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let qris = QRIS;
    for (rail, details, link, (minor, currency), with_reference) in [
        (
            Rail::VietQr,
            "MB 0123456789 Tran Thi Mai".to_owned(),
            "150.000 VND ao",
            (150_000, "VND"),
            true,
        ),
        (
            Rail::Pix,
            "+55 11 98765-4321 Loja da Ana, Recife".to_owned(),
            "49,90 BRL bolo",
            (4_990, "BRL"),
            true,
        ),
        (
            Rail::Upi,
            "asha@okaxis Asha Stores".to_owned(),
            "1,250 INR saree",
            (125_000, "INR"),
            true,
        ),
        (
            Rail::Qris,
            qris.to_owned(),
            "50.000 IDR kopi",
            (5_000_000, "IDR"),
            false,
        ),
        (
            Rail::PromptPay,
            "0812345678".to_owned(),
            "250 THB tuition",
            (25_000, "THB"),
            false,
        ),
    ] {
        let set = ask_n(
            &fake,
            SELLER,
            SELLER,
            &format!("/payto {} {details}", rail.as_str()),
            2,
        )
        .await;
        assert!(
            set[0].text().contains(" is set: "),
            "{rail}: {}",
            set[0].text()
        );
        let card = ask_n(&fake, SELLER, SELLER, &format!("/link {link}"), 2).await;
        let slug = slug_in(&card[0].text());
        let account = PayTo::parse(rail, &details).unwrap();
        let reference = with_reference.then(|| format!("PC{}", slug[..8].to_ascii_uppercase()));
        let expected = account
            .payload(money(minor, currency), reference.as_deref())
            .unwrap();
        let png = bank_png(&app, &slug).await.expect("a bank QR");
        assert_eq!(decode_qr_png(&png), expected, "{rail}");
        let svg = app
            .client
            .get(app.url(&format!("/p/{slug}/bank-qr.svg")))
            .send()
            .await
            .unwrap();
        assert_eq!(svg.headers()["content-type"], "image/svg+xml", "{rail}");
        assert!(page(&app, &slug).await.contains(SECTION), "{rail}");
    }
}
on_both!(every_rail_from_chat_to_the_buyers_qr);

/// `via:` chooses how one link is paid: by its bank QR only (no card checkout), or by
/// card only (no bank QR); a rail of another currency or without an account, or an
/// unknown way, is refused with what to do.
async fn a_link_can_be_paid_one_way_only(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;

    let bank = slug_in(
        &ask_n(
            &fake,
            SELLER,
            SELLER,
            "/link 100 THB lesson via:promptpay",
            2,
        )
        .await[0]
            .text(),
    );
    let html = page(&app, &bank).await;
    assert!(html.contains(SECTION), "{html}");
    assert!(
        !html.contains(&format!("/p/{bank}/pay")),
        "no card checkout"
    );
    assert!(!html.contains("Or pay another way"), "{html}");
    let res = app
        .client
        .post(app.url(&format!("/p/{bank}/pay")))
        .send()
        .await
        .unwrap();
    assert_eq!(crate::helpers::location(&res), format!("/p/{bank}"));

    // The account removed afterwards: the page says it cannot be paid, not a blank page.
    ask(&fake, SELLER, SELLER, "/payto off promptpay").await;
    let html = page(&app, &bank).await;
    assert!(
        html.contains("This link cannot be paid here right now"),
        "{html}"
    );
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;
    let card =
        slug_in(&ask_n(&fake, SELLER, SELLER, "/link 100 THB lesson via:card", 2).await[0].text());
    let html = page(&app, &card).await;
    assert!(!html.contains(SECTION), "no bank QR");
    assert!(html.contains(&format!("/p/{card}/pay")));
    assert!(html.contains("processed securely by"), "{html}");
    assert!(bank_png(&app, &card).await.is_none());

    for (command, said) in [
        (
            "/link 5 USD stickers via:promptpay",
            "That bank QR takes another currency",
        ),
        (
            "/link 100000 VND ao via:vietqr",
            "You have no account on that bank QR yet",
        ),
        (
            "/link 100 THB lesson via:paypal",
            "\"via:paypal\" is not a way to pay",
        ),
    ] {
        let answer = ask(&fake, SELLER, SELLER, command).await;
        assert!(
            answer.text().starts_with(said),
            "{command}: {}",
            answer.text()
        );
    }

    // Over the API too.
    let api = spawn_app(Backend::Sqlite).await;
    let (status, body) = api
        .post(
            "/api/v1/links",
            json!({ "amount": "100", "currency": "THB", "pay_via": "zelle" }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "pay_via_invalid");
    assert_eq!(body["error"]["field"], "pay_via");
    let link = api
        .create_link(json!({ "amount": "100", "currency": "THB", "pay_via": "card" }))
        .await;
    assert_eq!(link["pay_via"], "card");
}
on_both!(a_link_can_be_paid_one_way_only);

/// In Telegram a seller may send their QRIS as a picture captioned `/payto qris`: the
/// code is read from it and checked like a pasted one; a picture without a QR says so.
async fn a_qris_photo_sets_the_account(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let qris = QRIS;
    let sent = fake.sent_to_chat(SELLER).len();
    let photo = paychat::conversation::qr::png(qris, 6).unwrap();
    fake.photo_update(SELLER, SELLER, photo, "/payto qris");
    // The answer and its test QR.
    let set = fake.wait_for_chat(SELLER, sent + 2).await.remove(sent);
    assert!(
        set.text()
            .starts_with("QRIS is set: BoonTrack (ID1026564075103)."),
        "{}",
        set.text()
    );
    let accounts = app.engine.paytos(&seller).await.unwrap();
    assert_eq!(accounts.len(), 1);

    let blank = image_without_qr();
    let sent = fake.sent_to_chat(SELLER).len();
    fake.photo_update(SELLER, SELLER, blank, "/payto qris");
    let answer = fake.wait_for_chat(SELLER, sent + 1).await.remove(sent);
    assert!(
        answer
            .text()
            .starts_with("I could not read a QR code in that picture."),
        "{}",
        answer.text()
    );
}
on_both!(a_qris_photo_sets_the_account);

/// A plain grey PNG.
fn image_without_qr() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 64, 64);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[128u8; 64 * 64]).unwrap();
    drop(writer);
    out
}

/// A credit the feed cannot match is shown to the seller in chat with `/payto`.
async fn unmatched_credits_are_shown_in_chat(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    ask_n(
        &fake,
        SELLER,
        SELLER,
        "/payto vietqr MB 0123456789 Tran Thi Mai",
        2,
    )
    .await;
    let key = app.engine.create_api_key(&seller).await.unwrap().key;
    let (_, feed, _) = app
        .api(Method::PUT, "/api/v1/bankfeeds/sepay", &key, None)
        .await;
    let auth = feed["authorization"].as_str().unwrap().to_owned();
    let stray = credit(77, 150_000, "chuyen tien hang", "in");
    assert_eq!(sepay(&app, Some(&auth), stray).await.0, 200);
    let listed = ask(&fake, SELLER, SELLER, "/payto").await;
    let text = listed.text();
    assert!(
        text.contains("Transfers your bank feed could not match"),
        "{text}"
    );
    assert!(text.contains("₫150,000 — chuyen tien hang"), "{text}");
}
on_both!(unmatched_credits_are_shown_in_chat);

/// The id of the claim a buyer was sent to wait on (`/p/{slug}?claim=…`).
fn claim_id(waiting: &str) -> String {
    let id = waiting.split("claim=").nth(1).expect("a claim id");
    id.split('&').next().unwrap_or(id).to_owned()
}

/// The link's succeeded payments as `(provider, method, payer)`.
async fn succeeded(
    app: &TestApp,
    seller: &paychat::domain::SellerId,
    slug: &str,
) -> Vec<(String, String, Option<String>)> {
    let link = app.engine.link_by_slug(seller, slug).await.unwrap();
    app.engine
        .payments(seller, link.id.as_str())
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status == paychat::domain::PaymentStatus::Succeeded)
        .map(|p| (p.provider, p.method, p.payer_name))
        .collect()
}

/// A seller who types `/paid` for a link a buyer's claim holds, instead of pressing
/// "received", confirms that claim: the transfer is counted once, as the buyer's, and
/// pressing "received" afterwards changes nothing and reports no late payment.
async fn paid_by_hand_confirms_the_waiting_claim(backend: Backend) {
    let (app, fake, seller, slug) = promptpay_lesson(backend).await;
    claim(&app, &slug, "Somsak").await;
    let push = crate::telegram::wait_text(&fake, SELLER, "A buyer says they paid").await;

    let confirm = ask(&fake, SELLER, SELLER, &format!("/paid {slug}")).await;
    let yes = crate::telegram::yes_button(&confirm).unwrap();
    press(&fake, &confirm, &yes);
    crate::telegram::wait_text(&fake, SELLER, "Confirmed the buyer's bank transfer").await;

    let want = vec![(
        "bankqr".to_owned(),
        "promptpay".to_owned(),
        Some("Somsak".to_owned()),
    )];
    crate::helpers::eventually("the claim confirmed", || async {
        let paid = succeeded(&app, &seller, &slug).await;
        (!paid.is_empty()).then_some(())
    })
    .await;
    assert_eq!(succeeded(&app, &seller, &slug).await, want);
    let received = crate::telegram::callback_data(&push)
        .into_iter()
        .find(|d| d.starts_with("bq:") && d.ends_with(":y"))
        .unwrap();
    let before = fake.sent_to_chat(SELLER).len();
    press(&fake, &push, &received);
    let answer = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    // Answered as already decided, not asked again.
    assert!(!answer.text().contains("Mark ฿100.00"), "{}", answer.text());
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!((link.paid_count, link.paid_minor), (1, 10_000));
    assert_eq!(succeeded(&app, &seller, &slug).await, want);
    assert!(
        fake.sent_to_chat(SELLER)
            .iter()
            .all(|m| !m.text().contains("already closed when the money arrived")),
        "no late payment reported"
    );
}
on_both!(paid_by_hand_confirms_the_waiting_claim);

/// A bank feed's credit for a link a buyer's claim holds confirms that claim, under the
/// feed's own once-only key: resent, it changes nothing; the seller's "received"
/// afterwards finds it confirmed.
async fn a_feed_credit_confirms_the_waiting_claim(backend: Backend) {
    let app = spawn_app(backend).await;
    let feed = vietqr_with_feed(&app).await;
    let auth = feed["authorization"].as_str().unwrap().to_owned();
    let link = app
        .create_link(json!({ "amount": 150000, "currency": "VND", "description": "áo" }))
        .await;
    let slug = link["slug"].as_str().unwrap().to_owned();
    let claimed = claim_id(&claim(&app, &slug, "An").await);

    let report = credit(
        1,
        150_000,
        &format!("PC{} chuyen tien", slug[..8].to_ascii_uppercase()),
        "in",
    );
    for _ in 0..2 {
        assert_eq!(sepay(&app, Some(&auth), report.clone()).await.0, 200);
    }

    let paid = succeeded(&app, &app.seller_id, &slug).await;
    assert_eq!(
        paid,
        [(
            "bankqr".to_owned(),
            "vietqr".to_owned(),
            Some("An".to_owned())
        )]
    );
    let after = app
        .engine
        .decide_bank_claim(
            &app.seller_id,
            &claimed,
            paychat::engine::bankpay::Decision::Received,
        )
        .await
        .unwrap();
    assert_eq!(after.pay_status, paychat::domain::PaymentStatus::Succeeded);
    assert_eq!(after.link.paid_count, 1);
    assert_eq!(succeeded(&app, &app.seller_id, &slug).await, paid);
}
on_both!(a_feed_credit_confirms_the_waiting_claim);

/// Money recorded by hand confirms a claim only when it can be no other's: with two
/// buyers' claims waiting on a link of two uses it is a payment of its own and both
/// claims still wait; on a cancelled link it is refused, claim or not.
async fn paid_by_hand_guesses_no_buyer(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _, _) = put_payto(&app, &app.key, "promptpay", "0812345678").await;
    assert_eq!(status, StatusCode::OK);
    let link = app
        .create_link(json!({ "amount": 10000, "currency": "THB", "usage_limit": 2 }))
        .await;
    let (id, slug) = (link["id"].as_str().unwrap(), link["slug"].as_str().unwrap());
    claim(&app, slug, "Ann").await;
    claim(&app, slug, "Bee").await;

    let (_, paid) = app
        .engine
        .record_manual_payment(&app.seller_id, id, None)
        .await
        .unwrap();
    assert_eq!(paid.provider, "manual");
    let pending = app
        .engine
        .payments(&app.seller_id, id)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status == paychat::domain::PaymentStatus::Pending)
        .count();
    assert_eq!(pending, 2, "both claims wait for the seller");

    let single = app
        .create_link(json!({ "amount": 10000, "currency": "THB" }))
        .await;
    let (id, slug) = (
        single["id"].as_str().unwrap().to_owned(),
        single["slug"].as_str().unwrap().to_owned(),
    );
    claim(&app, &slug, "Cee").await;
    let path = format!("/api/v1/links/{id}/cancel");
    let (status, _, _) = app.api(Method::POST, &path, &app.key, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        app.engine
            .record_manual_payment(&app.seller_id, &id, None)
            .await
            .is_err()
    );
    assert!(succeeded(&app, &app.seller_id, &slug).await.is_empty());
}
on_both!(paid_by_hand_guesses_no_buyer);

/// Ten buyers pressing "I have paid" on a single-use link at the same moment: one claim
/// is recorded and holds it, the other nine are told it is being confirmed, so `/paid`
/// or "received" can count the money only once. A name's control characters are dropped.
async fn buyers_claiming_at_once_take_a_single_use_link_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _, _) = put_payto(&app, &app.key, "promptpay", "0812345678").await;
    assert_eq!(status, StatusCode::OK);
    let link = app
        .create_link(json!({ "amount": 9900, "currency": "THB" }))
        .await;
    let (id, slug) = (link["id"].as_str().unwrap(), link["slug"].as_str().unwrap());

    let mut claims = tokio::task::JoinSet::new();
    for i in 0..10 {
        let (client, url) = (app.client.clone(), app.url(&format!("/p/{slug}/claimed")));
        claims.spawn(async move {
            let form = reqwest::multipart::Form::new().text("name", format!("Buyer\u{7}{i}\n"));
            let res = client.post(url).multipart(form).send().await.unwrap();
            assert_eq!(res.status(), 303);
            crate::helpers::location(&res)
        });
    }
    let answers = claims.join_all().await;
    let claimed: Vec<_> = answers.iter().filter(|a| a.contains("claim=")).collect();
    let busy = answers.iter().filter(|a| a.contains("busy=1")).count();
    assert_eq!((claimed.len(), busy), (1, 9), "{answers:?}");

    let payments = app.engine.payments(&app.seller_id, id).await.unwrap();
    assert_eq!(payments.len(), 1, "{payments:?}");
    let name = payments[0].payer_name.clone().unwrap_or_default();
    assert!(
        name.starts_with("Buyer ") && !name.chars().any(char::is_control),
        "{name:?}"
    );
    // The money the seller then records by hand is that claim's transfer, counted once.
    let (_, paid) = app
        .engine
        .record_manual_payment(&app.seller_id, id, None)
        .await
        .unwrap();
    assert_eq!(paid.provider, "bankqr", "{paid:?}");
    let payments = app.engine.payments(&app.seller_id, id).await.unwrap();
    assert_eq!(payments.len(), 1, "{payments:?}");
}
on_both!(buyers_claiming_at_once_take_a_single_use_link_once);

/// A seller who works through the API answers claims there too
/// (`POST /api/v1/links/{id}/claims/{payment_id}`): "received" pays the link, the same
/// answer again changes nothing, the other answer afterwards is refused, and a claim of
/// another link or seller is not found.
async fn the_api_answers_a_claim(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _, _) = put_payto(&app, &app.key, "promptpay", "0812345678").await;
    assert_eq!(status, StatusCode::OK);
    let new_link = |amount: i64| {
        let app = &app;
        async move {
            let link = app
                .create_link(json!({ "amount": amount, "currency": "THB", "pay_via": "promptpay" }))
                .await;
            (
                link["id"].as_str().unwrap().to_owned(),
                link["slug"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (id, slug) = new_link(10000).await;
    let claimed = claim_id(&claim(&app, &slug, "Ann").await);
    let path = format!("/api/v1/links/{id}/claims/{claimed}");
    let answer = |decision: serde_json::Value| {
        let (app, path) = (&app, path.clone());
        async move { app.api(Method::POST, &path, &app.key, Some(decision)).await }
    };

    for (bad, code) in [
        (json!({}), "missing_field"),
        (json!({ "decision": "maybe" }), "invalid_field"),
        (json!({ "decision": "received", "x": 1 }), "invalid_field"),
    ] {
        let (status, body, _) = answer(bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(body["error"]["code"], code, "{bad}: {body}");
    }
    // Not found while it waits: under another link, a made-up id, another seller's key.
    let (other, other_slug) = new_link(5000).await;
    let (_, other_key) = app.another_seller("Other").await;
    for (path, key) in [
        (format!("/api/v1/links/{other}/claims/{claimed}"), &app.key),
        (format!("/api/v1/links/{id}/claims/pay_nope"), &app.key),
        (format!("/api/v1/links/{id}/claims/{claimed}"), &other_key),
    ] {
        let (status, body, _) = app
            .api(
                Method::POST,
                &path,
                key,
                Some(json!({ "decision": "received" })),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    let waits = app.engine.payments(&app.seller_id, &id).await.unwrap();
    assert_eq!(waits[0].status, paychat::domain::PaymentStatus::Pending);
    let (status, body, _) = answer(json!({ "decision": "received" })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "succeeded", "{body}");
    assert!(body["receipt_url"].is_string(), "{body}");
    let link = app.get(&format!("/api/v1/links/{id}")).await.1;
    assert_eq!(link["status"], "paid", "{link}");
    // Again: as it is. The other way: refused, nothing changes.
    let (status, again, _) = answer(json!({ "decision": "received" })).await;
    assert_eq!(
        (status, &again["status"]),
        (StatusCode::OK, &json!("succeeded"))
    );
    let (status, body, _) = answer(json!({ "decision": "not_received" })).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "claim_answered");
    let payments = app.engine.payments(&app.seller_id, &id).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(
        payments[0].status,
        paychat::domain::PaymentStatus::Succeeded
    );

    // "Not received" on another claim: it closes and the buyer's page says so.
    let waiting = claim(&app, &other_slug, "Bee").await;
    let second = claim_id(&waiting);
    let (status, body, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/links/{other}/claims/{second}"),
            &app.key,
            Some(json!({ "decision": "not_received" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "failed", "{body}");
    assert!(
        get_page(&app, &waiting)
            .await
            .contains("did not find your transfer"),
    );
}
on_both!(the_api_answers_a_claim);

/// A claim on a link made through the API (no chat of its own) asks the seller in their
/// chat, with the buttons to answer it.
async fn a_claim_on_an_api_link_asks_in_the_sellers_chat(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    ask_n(&fake, SELLER, SELLER, "/payto promptpay 0812345678", 2).await;
    let key = app.engine.create_api_key(&seller).await.unwrap().key;
    let (status, link, _) = app
        .api(
            Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "10", "currency": "THB", "pay_via": "promptpay" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    claim(&app, link["slug"].as_str().unwrap(), "Api Buyer").await;
    let push = crate::telegram::wait_text(&fake, SELLER, "A buyer says they paid").await;
    assert!(push.text().contains("Api Buyer"), "{}", push.text());
    assert!(
        crate::telegram::callback_data(&push)
            .iter()
            .any(|d| d.starts_with("bq:") && d.ends_with(":y")),
        "{:?}",
        crate::telegram::callback_data(&push)
    );
}
on_both!(a_claim_on_an_api_link_asks_in_the_sellers_chat);

/// A card checkout opened before another buyer's bank claim can still complete (the
/// provider takes the money): the link is paid, and the claiming buyer, back on their
/// claim's page, is told their transfer is being checked, not that the link was paid.
async fn a_claim_page_speaks_of_the_claim_when_a_card_paid_the_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _, _) = put_payto(&app, &app.key, "promptpay", "0812345678").await;
    assert_eq!(status, StatusCode::OK);
    let link = app
        .create_link(json!({ "amount": "140", "currency": "THB" }))
        .await;
    let slug = link["slug"].as_str().unwrap().to_owned();
    let checkout = crate::helpers::location(&crate::providers_common::press_pay(&app, &slug).await);
    let waiting = claim(&app, &slug, "Bank Buyer").await;
    assert!(waiting.contains("claim="), "{waiting}");
    let res = app
        .client
        .post(&checkout)
        .form(&[("outcome", "succeed"), ("payer_name", "Card Buyer")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    crate::helpers::eventually("the link paid by card", || async {
        let link = app
            .get(&format!("/api/v1/links/{}", link["id"].as_str().unwrap()))
            .await
            .1;
        (link["status"] == "paid").then_some(())
    })
    .await;
    let html = get_page(&app, &waiting).await;
    assert!(
        html.contains("The seller is checking that your transfer arrived"),
        "{html}"
    );
    assert!(!html.contains("has been paid"), "{html}");
}
on_both!(a_claim_page_speaks_of_the_claim_when_a_card_paid_the_link);
