//! The buyer's pages: the payment page, its languages and closed states, and QR codes.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both;

/// A buyer's GET: status, headers and body.
async fn open(
    app: &TestApp,
    path: &str,
    accept_language: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut req = app.client.get(app.url(path));
    if let Some(al) = accept_language {
        req = req.header("accept-language", al);
    }
    let res = req.send().await.expect("page");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.expect("html"))
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

fn slug_of(link: &Value) -> String {
    link["slug"].as_str().expect("slug").to_owned()
}

/// The payment form's button as the page renders it.
fn button(text: &str) -> String {
    format!("<button type=\"submit\">{text}</button>")
}

async fn thb_link(app: &TestApp) -> Value {
    app.create_link(json!({ "amount": "250.00", "currency": "THB" }))
        .await
}

async fn the_buyer_page_shows_the_seller_the_amount_and_a_pay_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let slug = slug_of(&link);

    let (status, headers, html) = open(&app, &format!("/p/{slug}?lang=en"), None).await;

    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert!(html.contains("Nok Bakery"), "{html}");
    assert!(html.contains("<p class=\"amount\">฿250.00</p>"), "{html}");
    assert!(
        html.contains(&format!(
            "<form method=\"post\" action=\"/p/{slug}/pay?lang=en\">"
        )),
        "{html}"
    );
    assert!(html.contains(&button("Pay ฿250.00")), "{html}");
    assert!(html.contains("<html lang=\"en\">"));
}
on_both!(the_buyer_page_shows_the_seller_the_amount_and_a_pay_form);

async fn the_buyer_page_runs_no_script_loads_nothing_external_and_is_not_cached(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;

    let (status, headers, html) = open(&app, &format!("/p/{}", slug_of(&link)), None).await;

    assert_eq!(status, 200);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{html}");
    assert!(!lower.contains("<link"), "no stylesheet links: {html}");
    assert!(
        !lower.contains("http://") && !lower.contains("https://"),
        "{html}"
    );
    assert!(!lower.contains("src="), "no external sources: {html}");
    let csp = header(&headers, "content-security-policy");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "{csp}");
    assert_eq!(header(&headers, "cache-control"), "no-store");
}
on_both!(the_buyer_page_runs_no_script_loads_nothing_external_and_is_not_cached);

async fn every_user_string_on_the_buyer_page_is_escaped(backend: Backend) {
    let app = spawn_app(backend).await;
    // A seller whose name is markup, with a description that is a script.
    let seller = app
        .engine
        .create_seller("Bob's <b>Shop</b> & \"Co\"", "THB", "en")
        .await
        .unwrap();
    let key = app.engine.create_api_key(&seller.id).await.unwrap().key;
    let (status, link, _) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/links",
            &key,
            Some(json!({
                "amount": "10", "currency": "THB",
                "description": "<script>alert(1)</script> & \"quoted\" 'single'"
            })),
        )
        .await;
    assert_eq!(status, 201, "{link}");

    let (status, _, html) = open(&app, &format!("/p/{}", slug_of(&link)), None).await;

    assert_eq!(status, 200);
    assert!(
        html.contains(
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;"
        ),
        "{html}"
    );
    assert!(
        html.contains("Bob&#39;s &lt;b&gt;Shop&lt;/b&gt; &amp; &quot;Co&quot;"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(!html.contains("Bob's"), "{html}");

    // The language parameter is never echoed back raw.
    let (status, _, html) = open(
        &app,
        &format!(
            "/p/{}?lang=%22%3E%3Cscript%3Eprompt(2)%3C/script%3E",
            slug_of(&link)
        ),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("<script") && !html.contains("prompt(2)"),
        "{html}"
    );
    assert!(
        html.contains(&format!("action=\"/p/{}/pay?lang=en\"", slug_of(&link))),
        "{html}"
    );
}
on_both!(every_user_string_on_the_buyer_page_is_escaped);

// ---- languages ----------------------------------------------------------------

async fn each_language_renders_its_pay_button(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let slug = slug_of(&link);
    // `pay-button` from locales/*/main.ftl, with the amount formatted for the language.
    for (lang, text) in [
        ("en", "Pay ฿250.00"),
        ("th", "ชำระ ฿250.00"),
        ("id", "Bayar ฿250,00"),
        ("vi", "Thanh toán 250,00 ฿"),
        ("pt-BR", "Pagar ฿250,00"),
        ("es", "Pagar 250,00 ฿"),
    ] {
        let (status, _, html) = open(&app, &format!("/p/{slug}?lang={lang}"), None).await;
        assert_eq!(status, 200);
        assert!(html.contains(&button(text)), "{lang}: {html}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        // The form keeps the language through the payment.
        assert!(
            html.contains(&format!("action=\"/p/{slug}/pay?lang={lang}\"")),
            "{lang}: {html}"
        );
    }
}
on_both!(each_language_renders_its_pay_button);

async fn accept_language_picks_the_buyers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let path = format!("/p/{}", slug_of(&link));

    let (_, _, html) = open(&app, &path, Some("es-MX,en;q=0.5")).await;
    assert!(html.contains(&button("Pagar 250,00 ฿")), "{html}");
    assert!(html.contains("<html lang=\"es\">"));

    let (_, _, html) = open(&app, &path, Some("de-DE,pt-BR;q=0.9,th;q=0.8")).await;
    assert!(html.contains(&button("Pagar ฿250,00")), "{html}");

    // ?lang= wins over the header.
    let (_, _, html) = open(&app, &format!("{path}?lang=en"), Some("es-MX")).await;
    assert!(html.contains(&button("Pay ฿250.00")), "{html}");
}
on_both!(accept_language_picks_the_buyers_language);

async fn without_a_usable_hint_the_page_speaks_the_sellers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let path = format!("/p/{}", slug_of(&link));
    // The test seller is Thai.
    for (query, accept) in [
        ("", None),
        ("", Some("de-DE,fr;q=0.8")),
        ("?lang=klingon", None),
        ("?lang=", Some("*")),
    ] {
        let (status, _, html) = open(&app, &format!("{path}{query}"), accept).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(&button("ชำระ ฿250.00")),
            "{query} {accept:?}: {html}"
        );
        assert!(html.contains("<html lang=\"th\">"));
    }
}
on_both!(without_a_usable_hint_the_page_speaks_the_sellers_language);

async fn amounts_are_formatted_for_the_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let thb = thb_link(&app).await;
    let idr = app
        .create_link(json!({ "amount": "50000", "currency": "IDR" }))
        .await;

    let (_, _, html) = open(&app, &format!("/p/{}?lang=en", slug_of(&thb)), None).await;
    assert!(html.contains("<p class=\"amount\">฿250.00</p>"), "{html}");

    let (_, _, html) = open(&app, &format!("/p/{}?lang=id", slug_of(&idr)), None).await;
    assert!(html.contains("<p class=\"amount\">Rp 50.000</p>"), "{html}");
    assert!(html.contains(&button("Bayar Rp 50.000")), "{html}");
}
on_both!(amounts_are_formatted_for_the_language);

// ---- not found and closed links ---------------------------------------------------

async fn unknown_and_malformed_slugs_get_a_404_page(backend: Backend) {
    let app = spawn_app(backend).await;
    for slug in [
        "AbCdEfGhIjKlMnOp",
        "short",
        "AbCdEfGhIjKlMnOpQ",
        "AbCdEfGh-jKlMnOp",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ] {
        let (status, headers, html) = open(&app, &format!("/p/{slug}?lang=en"), None).await;
        assert_eq!(status, 404, "{slug}");
        assert!(header(&headers, "content-type").starts_with("text/html"));
        assert_eq!(header(&headers, "cache-control"), "no-store");
        assert!(html.contains("Link not found"), "{slug}: {html}");
        assert!(!html.contains("<form"), "{html}");
        assert!(
            !html.contains("<script"),
            "the slug is never reflected: {html}"
        );
    }
    // Paying an unknown link is the same 404 page.
    let res = app
        .client
        .post(app.url("/p/AbCdEfGhIjKlMnOp/pay?lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Link not found"));
}
on_both!(unknown_and_malformed_slugs_get_a_404_page);

async fn a_cancelled_link_shows_the_cancelled_page_without_a_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let id = link["id"].as_str().unwrap();
    let (status, _) = app
        .post(&format!("/api/v1/links/{id}/cancel"), json!({}))
        .await;
    assert_eq!(status, 200);

    let (status, headers, html) = open(&app, &format!("/p/{}?lang=en", slug_of(&link)), None).await;

    assert_eq!(status, 200);
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert!(html.contains("Link cancelled"), "{html}");
    assert!(
        // The seller's name is isolated for bidirectional text.
        html.contains("\u{2068}Nok Bakery\u{2069} has cancelled this payment link."),
        "{html}"
    );
    assert!(
        !html.contains("<form") && !html.contains("<button"),
        "{html}"
    );

    // Paying it anyway sends the buyer back to the page, with no payment.
    let res = app
        .client
        .post(app.url(&format!("/p/{}/pay", slug_of(&link))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        header(res.headers(), "location"),
        format!("/p/{}", slug_of(&link))
    );
    let (_, payments) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    assert_eq!(payments["data"], json!([]));
}
on_both!(a_cancelled_link_shows_the_cancelled_page_without_a_form);

async fn an_expired_link_shows_the_expired_page_and_takes_no_payment(backend: Backend) {
    let app = TestApp::builder().manual_clock().spawn(backend).await;
    let now = chrono::DateTime::from_timestamp_millis(app.clock().now_ms()).unwrap();
    let expiry = now + chrono::Duration::seconds(2);
    let link = app
        .create_link(json!({
            "amount": "250.00", "currency": "THB",
            "expiry_date": expiry.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        }))
        .await;
    let slug = slug_of(&link);
    let id = link["id"].as_str().unwrap();
    let expires_at = chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    // Still payable before it expires.
    let (_, _, html) = open(&app, &format!("/p/{slug}?lang=en"), None).await;
    assert!(html.contains("<form"), "{html}");

    let wait = (expires_at - now).to_std().unwrap_or_default();
    app.clock().advance(wait + Duration::from_millis(200));

    let (status, _, html) = open(&app, &format!("/p/{slug}?lang=en"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("Link expired"), "{html}");
    assert!(
        html.contains(
            "This payment link has expired. Ask \u{2068}Nok Bakery\u{2069} for a new one."
        ),
        "{html}"
    );
    assert!(!html.contains("<form"), "{html}");

    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(header(res.headers(), "location"), format!("/p/{slug}"));
    let (status, payments) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    assert_eq!(status, 200);
    assert_eq!(payments["data"], json!([]), "no payment may start");

    // The sweeper marks it expired for the seller too.
    app.eventually("the link to be expired", || async {
        let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
        (got["status"] == "expired").then_some(())
    })
    .await;
}
on_both!(an_expired_link_shows_the_expired_page_and_takes_no_payment);

// ---- QR codes -----------------------------------------------------------------

pub fn decode_qr_png(bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    grids[0].decode().expect("decodes").1
}

async fn the_png_qr_code_decodes_to_the_link_url(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;
    let url = link["url"].as_str().unwrap();
    assert_eq!(link["qr_png_url"], format!("{url}/qr.png"));

    let res = app
        .client
        .get(link["qr_png_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "content-type"), "image/png");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(decode_qr_png(&bytes), url);
}
on_both!(the_png_qr_code_decodes_to_the_link_url);

async fn the_svg_qr_code_is_an_svg_image(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = thb_link(&app).await;

    let res = app
        .client
        .get(link["qr_svg_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    assert_eq!(header(res.headers(), "content-type"), "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.ends_with("</svg>"), "{svg}");
}
on_both!(the_svg_qr_code_is_an_svg_image);

async fn qr_codes_of_unknown_links_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/p/AbCdEfGhIjKlMnOp/qr.png",
        "/p/AbCdEfGhIjKlMnOp/qr.svg",
        "/p/short/qr.png",
        "/p/short/qr.svg",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            !header(res.headers(), "content-type").starts_with("image/"),
            "{path}"
        );
    }
}
on_both!(qr_codes_of_unknown_links_are_404);
