//! Buyer details and chosen payment methods: a link that requires the buyer's name,
//! phone or e-mail (or a shipping address) shows a form before Pay, refuses what is
//! missing or wrong in the buyer's language with the entries kept, keeps what is right
//! on the payment (phone in E.164) and shows it to the seller; billing and shipping
//! details given on create; the methods a link offers reach Stripe and Xendit, and
//! combinations they cannot take are refused when the link is made.

use reqwest::StatusCode;
use serde_json::{Value, json};

use paychat::domain::LinkTerms;
use paychat::domain::Money;
use paychat::domain::buyer::BuyerField;
use paychat::engine::links::{NewLinkInput, Origin};

use super::fake_http::Recorded;
use super::providers_common::{chat_seller, payments_of, press_pay};
use crate::helpers::{Backend, TestApp, location, spawn_app};
use crate::on_both;
use crate::telegram::{SELLER, ask, wait_text};

/// Everything a buyer may be asked, filled in right.
const FILLED: &[(&str, &str)] = &[
    ("name", "Nok Sukjai"),
    ("phone", "081 234 5678"),
    ("email", "nok@example.com"),
    ("line1", "99 Sukhumvit Rd"),
    ("line2", ""),
    ("city", "Bangkok"),
    ("postal_code", "10110"),
    ("country", "th"),
];

/// The buyer presses Pay on the page of `slug` with `form` filled in.
async fn pay_with(
    app: &TestApp,
    slug: &str,
    lang: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/p/{slug}/pay?lang={lang}")))
        .form(form)
        .send()
        .await
        .expect("pay")
}

async fn text(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    (status, res.text().await.expect("body"))
}

/// `FILLED` with `field` replaced by `value`.
fn filled_but(field: &str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    FILLED
        .iter()
        .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
        .collect()
}

/// The sandbox checkout at `checkout` completes, paid, without a name of its own.
async fn sandbox_pays(app: &TestApp, checkout: &str) {
    let res = app
        .client
        .post(checkout)
        .form(&[("outcome", "succeed")])
        .send()
        .await
        .expect("complete");
    assert_eq!(res.status(), 303);
}

async fn everything_link(app: &TestApp) -> Value {
    app.create_link(json!({
        "amount": "250", "currency": "THB", "description": "Mango sticky rice",
        "customer_required_fields": ["name", "phone", "email"],
        "show_shipping_details": true,
    }))
    .await
}

async fn the_page_asks_for_the_details_and_refuses_missing_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = everything_link(&app).await;
    let slug = link["slug"].as_str().unwrap();
    assert_eq!(
        link["customer_required_fields"],
        json!(["name", "phone", "email"])
    );
    assert_eq!(link["show_shipping_details"], true);

    // The page asks for each, inside the Pay form; the country starts as the seller's.
    let html = app
        .client
        .get(app.url(&format!("/p/{slug}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for input in [
        "name",
        "phone",
        "email",
        "line1",
        "line2",
        "city",
        "postal_code",
    ] {
        assert!(
            html.contains(&format!("name=\"{input}\"")),
            "{input}: {html}"
        );
    }
    assert!(
        html.contains(
            "name=\"country\" type=\"text\" autocomplete=\"country\" maxlength=\"2\" value=\"TH\""
        ),
        "{html}"
    );
    assert!(
        html.contains("Your details") && html.contains("Shipping address"),
        "{html}"
    );

    // Pay with nothing filled in: the page again, each field's error, no checkout.
    let (status, html) = text(pay_with(&app, slug, "en", &[]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Please check the details marked below."),
        "{html}"
    );
    for field in [
        "name",
        "phone",
        "email",
        "line1",
        "city",
        "postal_code",
        "country",
    ] {
        assert!(
            html.contains(&format!(
                "<p class=\"field-error\" id=\"err-{field}\">Please fill this in.</p>"
            )),
            "{field}: {html}"
        );
    }
    assert!(
        !html.contains("id=\"err-line2\""),
        "line 2 is optional: {html}"
    );
    assert!(payments_of(&app, &link).await.is_empty());

    // In the buyer's language.
    let (status, html) = text(pay_with(&app, slug, "th", &[]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("โปรดกรอกช่องนี้"), "{html}");

    // A Pay without the form (an old page, a crafted post) opens no checkout either.
    let (status, _) = text(press_pay(&app, slug).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(payments_of(&app, &link).await.is_empty());
}
on_both!(the_page_asks_for_the_details_and_refuses_missing_ones);

async fn a_wrong_email_is_refused_with_the_entries_kept_and_escaped(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = everything_link(&app).await;
    let slug = link["slug"].as_str().unwrap();
    let mut form = filled_but("email", "nok@example");
    form[0] = ("name", "<b>Nok</b> \"&\"");
    form[7] = ("country", "Thailand");

    let (status, html) = text(pay_with(&app, slug, "en", &form).await).await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("This is not an e-mail address"), "{html}");
    assert!(html.contains("Use the two-letter country code"), "{html}");
    assert!(
        !html.contains("id=\"err-phone\""),
        "the phone was fine: {html}"
    );
    assert!(!html.contains("id=\"err-name\""), "{html}");
    assert!(
        html.contains("value=\"&lt;b&gt;Nok&lt;/b&gt; &quot;&amp;&quot;\""),
        "{html}"
    );
    assert!(!html.contains("<b>Nok</b>"), "{html}");
    assert!(html.contains("value=\"nok@example\""), "{html}");
    assert!(html.contains("value=\"081 234 5678\""), "{html}");

    // A phone number nobody can call is refused too.
    let (status, html) =
        text(pay_with(&app, slug, "vi", &filled_but("phone", "12345")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Số điện thoại không hợp lệ"), "{html}");
    assert!(payments_of(&app, &link).await.is_empty());
}
on_both!(a_wrong_email_is_refused_with_the_entries_kept_and_escaped);

async fn the_details_are_kept_on_the_payment_with_the_phone_in_e164(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = everything_link(&app).await;
    let slug = link["slug"].as_str().unwrap();

    let res = pay_with(&app, slug, "en", FILLED).await;

    assert_eq!(res.status(), 303);
    assert!(location(&res).contains("/sandbox/checkout/"));
    let payment = payments_of(&app, &link).await.pop().unwrap();
    assert_eq!(payment["payer_name"], "Nok Sukjai", "{payment}");
    assert_eq!(payment["payer_email"], "nok@example.com", "{payment}");
    assert_eq!(payment["payer_phone"], "+66812345678", "{payment}");
    assert_eq!(
        payment["shipping_address"],
        json!({ "line1": "99 Sukhumvit Rd", "city": "Bangkok", "postal_code": "10110", "country": "TH" }),
        "{payment}"
    );
}
on_both!(the_details_are_kept_on_the_payment_with_the_phone_in_e164);

async fn the_paid_push_and_the_export_show_the_buyers_details(backend: Backend) {
    let (app, tg, seller_id) = chat_seller(backend, TestApp::builder()).await;
    let seller = app.engine.seller(&seller_id).await.unwrap();
    // A link of the chat (its pushes go there) asking for everything.
    let mut input = NewLinkInput::new(
        Money::parse_decimal("250", paychat::domain::Currency::from_code("THB").unwrap()).unwrap(),
        "Mango sticky rice",
    );
    input.origin = Some(Origin {
        channel: "telegram".into(),
        chat: SELLER.to_string(),
        message: None,
    });
    input.terms = LinkTerms {
        customer_required_fields: vec![BuyerField::Name, BuyerField::Phone, BuyerField::Email],
        show_shipping_details: true,
        ..LinkTerms::default()
    };
    let (link, _) = app.engine.create_link(&seller, input, None).await.unwrap();

    let res = pay_with(&app, &link.slug, "en", FILLED).await;
    assert_eq!(res.status(), 303);
    sandbox_pays(&app, &location(&res)).await;

    let push = wait_text(&tg, SELLER, "✅ Paid").await;
    let text = crate::kit::server::readable(&push.text());
    for line in [
        "Nok Sukjai",
        "+66812345678",
        "nok@example.com",
        "99 Sukhumvit Rd, 10110 Bangkok, TH",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }

    let doc = ask(&tg, SELLER, SELLER, "/export").await;
    let csv = String::from_utf8(doc.files[0].2.clone()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",payer_phone,shipping_address"), "{csv}");
    let payment = lines
        .iter()
        .find(|l| l.starts_with("payment,"))
        .expect("a payment row");
    // A leading + is defused for spreadsheets, like every cell that could be a formula.
    assert!(
        payment.ends_with(",'+66812345678,\"99 Sukhumvit Rd, 10110 Bangkok, TH\""),
        "{csv}"
    );
    assert!(payment.contains(",Nok Sukjai,nok@example.com,"), "{csv}");
}
on_both!(the_paid_push_and_the_export_show_the_buyers_details);

async fn billing_and_shipping_details_are_taken_on_create(backend: Backend) {
    let app = spawn_app(backend).await;

    let link = app
        .create_link(json!({
            "amount": "250", "currency": "THB",
            "show_shipping_details": true,
            "billing_details": {
                "billing_name": "Somchai", "billing_email": "somchai@example.com",
                "billing_phone": "081 234 5678",
                "billing_address": { "line_1": "1 Silom Rd", "city": "Bangkok",
                                     "postal_code": "10500", "country_code": "th" }
            },
            "shipping_details": {
                "shipping_name": "Nok", "shipping_phone": "+66 81 234 5678",
                "shipping_address": { "line_1": "99 Sukhumvit Rd", "line_2": "Floor 3",
                                      "city": "Bangkok", "state": "Bangkok",
                                      "postal_code": "10110", "country_code": "TH" }
            }
        }))
        .await;

    // Kept in PortOne's names, phones in E.164, countries upper case.
    assert_eq!(
        link["billing_details"]["billing_phone"], "+66812345678",
        "{link}"
    );
    assert_eq!(
        link["billing_details"]["billing_address"]["country_code"], "TH",
        "{link}"
    );
    assert_eq!(
        link["shipping_details"]["shipping_address"]["line_2"],
        "Floor 3"
    );
    let (_, again) = app
        .get(&format!("/api/v1/links/{}", link["id"].as_str().unwrap()))
        .await;
    assert_eq!(again["shipping_details"], link["shipping_details"]);
    // The address is known: the page does not ask for it, and Pay goes straight on.
    let slug = link["slug"].as_str().unwrap();
    let html = app
        .client
        .get(app.url(&format!("/p/{slug}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("name=\"line1\""), "{html}");
    assert_eq!(press_pay(&app, slug).await.status(), 303);

    // What cannot be used is refused, naming the field.
    for (body, code, field) in [
        (
            json!({ "customer_required_fields": ["name", "address"] }),
            "customer_field_unknown",
            "customer_required_fields",
        ),
        (
            json!({ "billing_details": { "billing_email": "somchai@" } }),
            "email_invalid",
            "billing_details.billing_email",
        ),
        (
            json!({ "shipping_details": { "shipping_phone": "12" } }),
            "phone_invalid",
            "shipping_details.shipping_phone",
        ),
        (
            json!({ "shipping_details": { "shipping_address": { "country_code": "Thailand" } } }),
            "country_invalid",
            "shipping_details.shipping_address.country_code",
        ),
    ] {
        let mut body = body;
        body["amount"] = json!("250");
        body["currency"] = json!("THB");
        let (status, err) = app.post("/api/v1/links", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        assert_eq!(err["error"]["code"], code, "{err}");
        assert_eq!(err["error"]["field"], field, "{err}");
    }
}
on_both!(billing_and_shipping_details_are_taken_on_create);

async fn chosen_methods_and_the_buyers_email_reach_stripe(backend: Backend) {
    let app = TestApp::builder().stripe().spawn(backend).await;
    let fake = app.stripe().clone();
    super::providers_common::set_provider(&app, Some("stripe")).await;

    let link = app
        .create_link(json!({
            "amount": "250", "currency": "THB",
            "customer_required_fields": ["email"],
            "chosen_payment_methods": ["card", "PromptPay", "card"],
        }))
        .await;
    assert_eq!(link["chosen_payment_methods"], json!(["card", "promptpay"]));

    let res = pay_with(
        &app,
        link["slug"].as_str().unwrap(),
        "en",
        &[("email", "nok@example.com")],
    )
    .await;

    assert_eq!(res.status(), 303);
    let session = fake.last_session().expect("a session");
    assert_eq!(
        session["payment_method_types"],
        json!(["card", "promptpay"]),
        "{session}"
    );
    assert_eq!(session["customer_email"], "nok@example.com", "{session}");

    // A link that chose nothing leaves it to Stripe.
    let plain = app
        .create_link(json!({ "amount": "250", "currency": "THB" }))
        .await;
    assert!(plain.get("chosen_payment_methods").is_none(), "{plain}");
    assert_eq!(
        press_pay(&app, plain["slug"].as_str().unwrap())
            .await
            .status(),
        303
    );
    let calls = fake.calls_to("POST", "/v1/checkout/sessions");
    let form = &calls.last().expect("a call").body;
    assert!(
        form.as_object()
            .is_some_and(|f| !f.keys().any(|k| k.starts_with("payment_method_types"))),
        "{form}"
    );
}
on_both!(chosen_methods_and_the_buyers_email_reach_stripe);

async fn chosen_methods_and_the_buyers_details_reach_xendit(backend: Backend) {
    let app = TestApp::builder().xendit().spawn(backend).await;
    let fake = app.xendit().clone();
    super::providers_common::set_provider(&app, Some("xendit")).await;

    let link = app
        .create_link(json!({
            "amount": "25000", "currency": "IDR",
            "customer_required_fields": ["name", "phone"],
            "chosen_payment_methods": ["qris", "OVO"],
        }))
        .await;
    assert_eq!(link["chosen_payment_methods"], json!(["QRIS", "OVO"]));

    // An Indonesian number, dialled with its country code.
    let res = pay_with(
        &app,
        link["slug"].as_str().unwrap(),
        "id",
        &[("name", "Budi"), ("phone", "+62 812-3456-7890")],
    )
    .await;

    assert_eq!(res.status(), 303);
    let invoice = fake.last_invoice().expect("an invoice");
    assert_eq!(
        invoice["payment_methods"],
        json!(["QRIS", "OVO"]),
        "{invoice}"
    );
    assert_eq!(invoice["customer"]["given_names"], "Budi", "{invoice}");
    assert_eq!(
        invoice["customer"]["mobile_number"], "+6281234567890",
        "{invoice}"
    );
}
on_both!(chosen_methods_and_the_buyers_details_reach_xendit);

async fn methods_a_link_cannot_offer_are_refused_on_create(backend: Backend) {
    let app = TestApp::builder().stripe().spawn(backend).await;
    // A PromptPay account, so `pay_via: promptpay` itself is fine.
    let (status, body, _) = app
        .api(
            reqwest::Method::PUT,
            "/api/v1/payto/promptpay",
            &app.key,
            Some(json!({ "details": "081-234-5678" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let refused = |body: Value, code: &'static str| {
        let app = &app;
        async move {
            let mut body = body;
            body["amount"] = json!("250");
            body["currency"] = json!("THB");
            let (status, err) = app.post("/api/v1/links", body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
            assert_eq!(err["error"]["code"], code, "{err}");
            assert_eq!(err["error"]["field"], "chosen_payment_methods", "{err}");
            err["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    };
    // The sandbox takes cards only.
    super::providers_common::set_provider(&app, Some("sandbox")).await;
    let message = refused(
        json!({ "chosen_payment_methods": ["promptpay"] }),
        "payment_method_unsupported",
    )
    .await;
    assert!(message.contains("sandbox offers card"), "{message}");
    refused(
        json!({ "chosen_payment_methods": [] }),
        "payment_methods_empty",
    )
    .await;
    refused(
        json!({ "pay_via": "promptpay", "chosen_payment_methods": ["card"] }),
        "payment_methods_with_bank_qr",
    )
    .await;

    super::providers_common::set_provider(&app, Some("stripe")).await;
    refused(
        json!({ "chosen_payment_methods": ["card", "bitcoin"] }),
        "payment_method_unsupported",
    )
    .await;
    // What Stripe offers is fine, with the card-only pay_via too.
    let link = app
        .create_link(
            json!({ "amount": "250", "currency": "THB", "pay_via": "card",
                             "chosen_payment_methods": ["card"] }),
        )
        .await;
    assert_eq!(link["chosen_payment_methods"], json!(["card"]));
}
on_both!(methods_a_link_cannot_offer_are_refused_on_create);
