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
    let tampered_qris = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI\
        51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrick\
        6012Kab. Bandung61054028663048DC1";
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

    let (status, body, _) = call(
        Method::PUT,
        "/api/v1/payto/pix",
        Some(json!({ "details": "52998224725 Ana <b>&, Recife" })),
    )
    .await;
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

    let (status, _, _) = call(
        Method::PUT,
        "/api/v1/payto/vietqr",
        Some(json!({ "details": "MB Bank 0123456789 Nguyễn Văn An" })),
    )
    .await;
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

    let (status, _, _) = call(
        Method::PUT,
        "/api/v1/payto/upi",
        Some(json!({ "details": "asha@okaxis Asha & Sons" })),
    )
    .await;
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
