//! Buyers' receipts: the page and its PDF, their token, the language kept from the buyer
//! page through the checkout, the seller's push carrying the link; the server's own
//! page and icon.

use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, location, spawn_app};
use crate::on_both;
use crate::telegram::{SELLER, make_link, register, spawn_bot, wait_text};

/// A GET without cookies or language: status, headers, body bytes.
async fn fetch(app: &TestApp, path: &str, lang: Option<&str>) -> (u16, HeaderMap, Vec<u8>) {
    let mut req = app.client.get(app.url(path));
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await.expect("request");
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    (status, headers, res.bytes().await.expect("body").to_vec())
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let (status, _, body) = fetch(app, path, None).await;
    (status, String::from_utf8(body).expect("utf-8"))
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The receipt's token in a paid page's link to it.
fn token_in(html: &str) -> String {
    token_after(html, "href=\"/r/")
}

/// The receipt token right after `marker` in `text` (a page's link, a push's URL).
pub fn token_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).expect("a receipt link") + marker.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

/// Pays `link` in the sandbox as a buyer and returns the receipt's token.
async fn pay(app: &TestApp, link: &Value) -> String {
    let (status, _, html) = app
        .buyer_pays(link["slug"].as_str().expect("slug"), "succeed")
        .await;
    assert_eq!(status, 200, "{html}");
    let token = token_in(&html);
    assert_eq!(token.len(), 32, "{html}");
    token
}

/// The link's one payment, as the API shows it.
async fn payment_of(app: &TestApp, key: &str, link: &Value) -> Value {
    let id = link["id"].as_str().expect("id");
    let (status, list, _) = app
        .api(
            reqwest::Method::GET,
            &format!("/api/v1/links/{id}/payments"),
            key,
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    list["data"][0].clone()
}

async fn a_receipt_shows_who_what_how_much_when_how_and_the_references(backend: Backend) {
    let app = spawn_app(backend).await;
    app.engine
        .set_seller_timezone(&app.seller_id, "America/Sao_Paulo", None)
        .await
        .unwrap();
    let link = app
        .create_link(
            json!({ "amount": "250.00", "currency": "THB", "description": "Tuition, March" }),
        )
        .await;
    let token = pay(&app, &link).await;
    let payment = payment_of(&app, &app.key, &link).await;

    let (status, headers, body) = fetch(&app, &format!("/r/{token}?lang=en"), None).await;
    let html = String::from_utf8(body).unwrap();

    assert_eq!(status, 200, "{html}");
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("Paid to Nok Bakery"), "{html}");
    assert!(html.contains("<p class=\"amount\">฿250.00</p>"), "{html}");
    assert!(html.contains("Tuition, March"), "{html}");
    // Paid just now, shown in the seller's zone (São Paulo, UTC-3) with its offset.
    let local = chrono::Utc::now() - chrono::Duration::hours(3);
    let dates = [
        (local - chrono::Duration::minutes(1))
            .format("%Y-%m-%d ")
            .to_string(),
        local.format("%Y-%m-%d ").to_string(),
    ];
    assert!(html.contains("(UTC-3)"), "{html}");
    assert!(dates.iter().any(|d| html.contains(d.as_str())), "{html}");
    assert!(html.contains("paychat sandbox"), "{html}");
    assert!(html.contains("Somchai"), "the payer: {html}");
    assert!(html.contains(payment["id"].as_str().unwrap()), "{html}");
    assert!(
        html.contains(payment["provider_payment_id"].as_str().unwrap()),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/r/{token}.pdf?lang=en\"")),
        "{html}"
    );
    assert!(html.contains("@media print"), "prints cleanly: {html}");
}
on_both!(a_receipt_shows_who_what_how_much_when_how_and_the_references);

async fn a_receipt_escapes_the_sellers_name_and_the_description(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key) = app.another_seller("<script>alert(1)</script> & Co").await;
    let (status, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "10.00", "currency": "USD",
                         "description": "<img src=x onerror=alert(2)> \"quoted\"" })),
        )
        .await;
    assert_eq!(status, 201, "{link}");
    let token = pay(&app, &link).await;

    let (status, html) = page(&app, &format!("/r/{token}?lang=en")).await;

    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt; &quot;quoted&quot;"),
        "{html}"
    );
}
on_both!(a_receipt_escapes_the_sellers_name_and_the_description);

async fn a_wrong_token_is_a_plain_404_and_a_receipt_never_shows_another_payment(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = app
        .create_link(json!({ "amount": "100.00", "currency": "THB", "description": "apples" }))
        .await;
    let b = app
        .create_link(json!({ "amount": "200.00", "currency": "THB", "description": "bananas" }))
        .await;
    let (token_a, token_b) = (pay(&app, &a).await, pay(&app, &b).await);
    assert_ne!(token_a, token_b);

    let (_, html_a) = page(&app, &format!("/r/{token_a}?lang=en")).await;
    assert!(
        html_a.contains("apples") && html_a.contains("฿100.00"),
        "{html_a}"
    );
    assert!(
        !html_a.contains("bananas") && !html_a.contains("฿200.00"),
        "{html_a}"
    );
    let (_, html_b) = page(&app, &format!("/r/{token_b}?lang=en")).await;
    assert!(
        html_b.contains("bananas") && !html_b.contains("apples"),
        "{html_b}"
    );

    // One digit changed, a well-formed stranger, a malformed one, a payment id, the PDF
    // of a wrong token: all the same 404, naming nothing.
    let flipped = format!(
        "{}{}",
        &token_a[..31],
        if token_a.ends_with('0') { '1' } else { '0' }
    );
    let payment_a = payment_of(&app, &app.key, &a).await;
    let wrong = [
        flipped.clone(),
        "0".repeat(32),
        "not-a-token".into(),
        token_a.to_uppercase(),
        payment_a["id"].as_str().unwrap().to_owned(),
        format!("{flipped}.pdf"),
    ];
    let mut bodies = Vec::new();
    for t in &wrong {
        let (status, html) = page(&app, &format!("/r/{t}?lang=en")).await;
        assert_eq!(status, 404, "{t}: {html}");
        assert!(html.contains("Receipt not found"), "{html}");
        assert!(
            !html.contains("apples") && !html.contains("Nok Bakery"),
            "{html}"
        );
        bodies.push(html);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every 404 alike");
}
on_both!(a_wrong_token_is_a_plain_404_and_a_receipt_never_shows_another_payment);

/// A Thai buyer of an English-speaking seller: Thai on the checkout, the paid page and
/// the receipt, though only the first request said so.
async fn the_buyers_language_is_kept_from_the_buyer_page_to_the_receipt(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key) = app.another_seller("Corner Shop").await;
    let (_, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "250.00", "currency": "THB", "description": "tea" })),
        )
        .await;
    let slug = link["slug"].as_str().unwrap();

    let (_, buyer_page) = page(&app, &format!("/p/{slug}?lang=th")).await;
    assert!(buyer_page.contains("<html lang=\"th\">"), "{buyer_page}");
    assert!(
        buyer_page.contains(&format!("action=\"/p/{slug}/pay?lang=th\"")),
        "{buyer_page}"
    );
    // Pay as the form does; from here on no request names a language.
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay?lang=th")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let checkout = location(&res);
    let html = app
        .client
        .get(&checkout)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<html lang=\"th\">"),
        "the sandbox checkout: {html}"
    );
    let res = app
        .client
        .post(&checkout)
        .form(&[("outcome", "succeed"), ("payer_name", "Somchai")])
        .send()
        .await
        .unwrap();
    let back = location(&res);
    assert!(back.contains("lang=th"), "{back}");
    let paid = app
        .client
        .get(&back)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        paid.contains("<html lang=\"th\">") && paid.contains("ชำระแล้ว"),
        "{paid}"
    );
    assert!(paid.contains("ดูใบเสร็จของคุณ"), "{paid}");
    let token = token_in(&paid);
    assert!(paid.contains(&format!("/r/{token}?lang=th")), "{paid}");

    let (_, receipt) = page(&app, &format!("/r/{token}?lang=th")).await;
    assert!(receipt.contains("<html lang=\"th\">"), "{receipt}");
    assert!(receipt.contains("ใบเสร็จรับเงิน"), "{receipt}");
    assert!(receipt.contains("ชำระให้ Corner Shop"), "{receipt}");

    // A failed payment comes back to the buyer page in Thai too.
    let link2 = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "5.00", "currency": "THB" })),
        )
        .await
        .1;
    let slug2 = link2["slug"].as_str().unwrap();
    let res = app
        .client
        .post(app.url(&format!("/p/{slug2}/pay?lang=th")))
        .send()
        .await
        .unwrap();
    let checkout = location(&res);
    let res = app
        .client
        .post(&checkout)
        .form(&[("outcome", "fail")])
        .send()
        .await
        .unwrap();
    let back = location(&res);
    let res = app.client.get(&back).send().await.unwrap();
    // The webhook may still be on its way (a page that refreshes) or arrived (back to
    // the buyer page, to try again): Thai either way.
    if res.status() == 303 {
        let to = location(&res);
        assert!(to.contains("lang=th"), "{to}");
    } else {
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"th\">"), "{html}");
    }
}
on_both!(the_buyers_language_is_kept_from_the_buyer_page_to_the_receipt);

/// The text of every page of a PDF, read back.
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf can read");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(!pages.is_empty());
    doc.extract_text(&pages).expect("its text")
}

async fn the_receipt_downloads_as_a_pdf_with_its_text_in_the_buyers_script(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "1250.50", "currency": "THB", "description": "ค่าเรียน" }))
        .await;
    let token = pay(&app, &link).await;

    let (status, headers, pdf) = fetch(&app, &format!("/r/{token}.pdf?lang=th"), None).await;

    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "application/pdf");
    assert!(header(&headers, "content-disposition").starts_with("attachment"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("1,250.50"), "{text}");
    assert!(text.contains("Nok Bakery"), "{text}");
    // Thai is drawn from the Thai face: its letters are in the text layer. (lopdf reads
    // a cluster of a letter and its marks back in pieces, so only letters are compared.)
    let letters = |s: &str| {
        s.chars()
            .filter(|c| ('\u{0E01}'..='\u{0E2E}').contains(c))
            .collect::<String>()
    };
    assert!(letters(&text).contains(&letters("ใบเสร็จรับเงิน")), "{text}");
    assert!(letters(&text).contains(&letters("ค่าเรียน")), "{text}");

    // Vietnamese marks come out as written.
    let (_, key) = app.another_seller("Cô Lan").await;
    let (_, vnd, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "250000", "currency": "VND", "description": "Học phí" })),
        )
        .await;
    let token = pay(&app, &vnd).await;
    let (_, _, pdf) = fetch(&app, &format!("/r/{token}.pdf?lang=vi"), None).await;
    let text = pdf_text(&pdf);
    assert!(text.contains("250.000"), "{text}");
    assert!(text.contains("Học phí"), "{text}");
    assert!(text.contains("Biên nhận"), "{text}");
}
on_both!(the_receipt_downloads_as_a_pdf_with_its_text_in_the_buyers_script);

async fn rupiah_show_no_zero_cents(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key) = app.another_seller("Toko").await;
    let (_, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({ "amount": "50000", "currency": "IDR" })),
        )
        .await;
    let token = pay(&app, &link).await;

    let (_, html) = page(&app, &format!("/r/{token}?lang=id")).await;

    assert!(html.contains("<p class=\"amount\">Rp 50.000</p>"), "{html}");
    assert!(!html.contains("50.000,00"), "{html}");
}
on_both!(rupiah_show_no_zero_cents);

async fn the_sellers_paid_push_carries_the_receipt_link(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = make_link(&fake, SELLER, "9 tea").await;

    let (_, _, html) = app.buyer_pays(&slug, "succeed").await;
    let token = token_in(&html);
    let push = wait_text(&fake, SELLER, "✅ Paid").await;

    let text = push.text();
    assert!(text.contains(&format!("{}/r/{token}", app.addr)), "{text}");
}
on_both!(the_sellers_paid_push_carries_the_receipt_link);

async fn the_bare_address_says_what_this_is_and_the_icon_is_served(backend: Backend) {
    let app = spawn_app(backend).await;

    let (status, headers, body) = fetch(&app, "/", Some("en")).await;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(status, 200, "{html}");
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert!(
        html.contains("paychat") && html.contains("Payment links from chat"),
        "{html}"
    );

    let (status, _, body) = fetch(&app, "/", Some("th")).await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("ลิงก์ชำระเงินจากแชต")
    );

    let (status, headers, icon) = fetch(&app, "/favicon.ico", None).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), "image/x-icon");
    assert!(header(&headers, "cache-control").contains("max-age"));
    // An icon directory (reserved 0, type 1) holding one picture.
    assert_eq!(&icon[..6], &[0, 0, 1, 0, 1, 0]);
}
on_both!(the_bare_address_says_what_this_is_and_the_icon_is_served);

/// An integrator finds the receipt's address on the paid payment, over the API and in
/// the `payment.succeeded` event; a payment not paid has none.
async fn the_api_gives_a_paid_payments_receipt_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let unpaid = app
        .create_link(json!({ "amount": "10.00", "currency": "THB" }))
        .await;
    let res = crate::providers_common::press_pay(&app, unpaid["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 303);
    let pending = payment_of(&app, &app.key, &unpaid).await;
    assert_eq!(pending["status"], "pending", "{pending}");
    assert!(pending.get("receipt_url").is_none(), "{pending}");

    let link = app
        .create_link(json!({ "amount": "250.00", "currency": "THB" }))
        .await;
    let token = pay(&app, &link).await;
    let want = app.url(&format!("/r/{token}"));
    let payment = payment_of(&app, &app.key, &link).await;
    assert_eq!(payment["receipt_url"], want.as_str(), "{payment}");
    let (_, events) = app
        .get(&format!(
            "/api/v1/links/{}/events",
            link["id"].as_str().unwrap()
        ))
        .await;
    let paid = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "payment.succeeded")
        .unwrap_or_else(|| panic!("{events}"))
        .clone();
    assert_eq!(
        paid["data"]["payment"]["receipt_url"],
        want.as_str(),
        "{paid}"
    );
    let (status, _, _) = fetch(&app, &format!("/r/{token}"), None).await;
    assert_eq!(status, 200);
}
on_both!(the_api_gives_a_paid_payments_receipt_address);
