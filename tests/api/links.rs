//! The links API: creating (and refusing), reading, listing, cancelling; keys,
//! isolation between sellers and idempotent retries.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both;

const LINKS: &str = "/api/v1/links";

/// The seller's links for `query` (e.g. `?status=active`), asserting 200.
async fn list(app: &TestApp, query: &str) -> Value {
    let (status, body) = app.get(&format!("{LINKS}{query}")).await;
    assert_eq!(status, 200, "GET {LINKS}{query}: {body}");
    body
}

/// The ids in a list page, in order.
fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|l| l["id"].as_str().expect("id").to_owned())
        .collect()
}

fn id_of(link: &Value) -> String {
    link["id"].as_str().expect("id").to_owned()
}

/// A query value with `+` (as in `+07:00`) percent-encoded.
fn enc(s: &str) -> String {
    s.replace('+', "%2B")
}

async fn assert_nothing_written(app: &TestApp) {
    let page = list(app, "").await;
    assert_eq!(
        page["data"],
        json!([]),
        "a refused request must not write a link"
    );
}

/// Asserts the API's error shape `{"error": {"code", "message", "field"}}`.
fn assert_api_error(
    status: StatusCode,
    body: &Value,
    want_status: u16,
    code: &str,
    field: Option<&str>,
) {
    assert_eq!(status, want_status, "{body}");
    let err = body["error"].as_object().expect("error object");
    assert_eq!(err["code"], code, "{body}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "a message is required: {body}"
    );
    assert!(err.contains_key("field"), "field must be present: {body}");
    match field {
        Some(f) => assert_eq!(err["field"], f, "{body}"),
        None => assert!(err["field"].is_null(), "{body}"),
    }
}

/// POSTs `body` as a new link, asserts the error, and that no link was written.
async fn refused(app: &TestApp, body: Value, want_status: u16, code: &str, field: Option<&str>) {
    let (status, got) = app.post(LINKS, body.clone()).await;
    assert!(
        status.is_client_error(),
        "request {body} must be refused: {got}"
    );
    assert_api_error(status, &got, want_status, code, field);
    assert_nothing_written(app).await;
}

/// POSTs raw bytes as a new link: status, JSON body and content type.
async fn post_raw(app: &TestApp, body: impl Into<reqwest::Body>) -> (StatusCode, Value, String) {
    let res = app
        .client
        .post(app.url(LINKS))
        .bearer_auth(&app.key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request");
    let status = StatusCode::from_u16(res.status().as_u16()).expect("status");
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json, content_type)
}

// ---- refusals -------------------------------------------------------------------

async fn zero_negative_and_too_precise_amounts_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (
            json!({ "amount": "0", "currency": "THB" }),
            "amount_not_positive",
            "amount",
        ),
        (
            json!({ "amount": "0.00", "currency": "THB" }),
            "amount_not_positive",
            "amount",
        ),
        (
            json!({ "amount": 0, "currency": "THB" }),
            "amount_not_positive",
            "amount",
        ),
        (
            json!({ "amount": "-5", "currency": "THB" }),
            "amount_not_positive",
            "amount",
        ),
        (
            json!({ "amount": -5, "currency": "THB" }),
            "amount_not_positive",
            "amount",
        ),
        (
            json!({ "amount_minor": 0, "currency": "THB" }),
            "amount_not_positive",
            "amount_minor",
        ),
        (
            json!({ "amount_minor": -100, "currency": "THB" }),
            "amount_not_positive",
            "amount_minor",
        ),
        (
            json!({ "amount": "1.005", "currency": "THB" }),
            "amount_too_precise",
            "amount",
        ),
        (
            json!({ "amount": "1.5", "currency": "JPY" }),
            "amount_too_precise",
            "amount",
        ),
        (
            json!({ "amount": 1.5, "currency": "JPY" }),
            "amount_too_precise",
            "amount",
        ),
        (
            json!({ "amount": "1.1255", "currency": "KWD" }),
            "amount_too_precise",
            "amount",
        ),
        (
            json!({ "amount": "1e3", "currency": "THB" }),
            "amount_invalid",
            "amount",
        ),
        (
            json!({ "amount": "1,000", "currency": "THB" }),
            "amount_invalid",
            "amount",
        ),
        (
            json!({ "amount": "", "currency": "THB" }),
            "amount_invalid",
            "amount",
        ),
    ];
    for (body, code, field) in cases {
        refused(&app, body, 400, code, Some(field)).await;
    }
}
on_both!(zero_negative_and_too_precise_amounts_are_refused);

async fn overflowing_amounts_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (
            json!({ "amount": "10000000000000", "currency": "THB" }),
            "amount_too_large",
            "amount",
        ),
        (
            json!({ "amount": "99999999999999999999999999999999", "currency": "THB" }),
            "amount_too_large",
            "amount",
        ),
        (
            json!({ "amount_minor": 1_000_000_000_000_000_i64, "currency": "THB" }),
            "amount_too_large",
            "amount_minor",
        ),
        (
            json!({ "amount_minor": i64::MAX, "currency": "THB" }),
            "amount_too_large",
            "amount_minor",
        ),
    ];
    for (body, code, field) in cases {
        refused(&app, body, 400, code, Some(field)).await;
    }
    // Beyond 64 bits too: too large an amount, whatever the digits.
    for raw in [
        r#"{"amount_minor": 9223372036854775808, "currency": "THB"}"#,
        r#"{"amount_minor": 99999999999999999999999, "currency": "THB"}"#,
    ] {
        let (status, body, _) = post_raw(&app, raw).await;
        assert_api_error(status, &body, 400, "amount_too_large", Some("amount_minor"));
    }
    // Below zero by any size is not positive.
    let (status, body, _) = post_raw(
        &app,
        r#"{"amount_minor": -99999999999999999999999, "currency": "THB"}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_ne!(body["error"]["code"], "amount_too_large", "{body}");
    // A fraction of a minor unit is no amount_minor.
    let (status, body, _) = post_raw(&app, r#"{"amount_minor": 1.5, "currency": "THB"}"#).await;
    assert_api_error(status, &body, 400, "invalid_field", Some("amount_minor"));
    assert_nothing_written(&app).await;
}
on_both!(overflowing_amounts_are_refused);

async fn an_unknown_currency_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for currency in ["XXX", "BAHT", ""] {
        refused(
            &app,
            json!({ "amount": "10", "currency": currency }),
            400,
            "currency_unknown",
            Some("currency"),
        )
        .await;
    }
}
on_both!(an_unknown_currency_is_refused);

async fn a_missing_amount_or_currency_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    refused(
        &app,
        json!({ "currency": "THB" }),
        400,
        "missing_field",
        Some("amount"),
    )
    .await;
    refused(
        &app,
        json!({ "amount": null, "amount_minor": null, "currency": "THB" }),
        400,
        "missing_field",
        Some("amount"),
    )
    .await;
    refused(
        &app,
        json!({ "amount": "10" }),
        400,
        "missing_field",
        Some("currency"),
    )
    .await;
}
on_both!(a_missing_amount_or_currency_is_refused);

async fn amount_and_amount_minor_must_agree(backend: Backend) {
    let app = spawn_app(backend).await;
    refused(
        &app,
        json!({ "amount": "250.00", "amount_minor": 2500, "currency": "THB" }),
        400,
        "amount_conflict",
        Some("amount_minor"),
    )
    .await;

    // Both, agreeing, are accepted.
    let link = app
        .create_link(json!({ "amount": "250.00", "amount_minor": 25000, "currency": "THB" }))
        .await;
    assert_eq!(link["amount_minor"], 25000);
}
on_both!(amount_and_amount_minor_must_agree);

async fn an_expiry_in_the_past_or_not_rfc3339_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    refused(
        &app,
        json!({ "amount": "10", "currency": "THB", "expiry_date": "2020-01-01T00:00:00Z" }),
        400,
        "expiry_in_past",
        Some("expiry_date"),
    )
    .await;
    for bad in [
        "tomorrow",
        "2030-01-01",
        "2030-01-01 10:00:00",
        "1767225600",
        "",
    ] {
        refused(
            &app,
            json!({ "amount": "10", "currency": "THB", "expiry_date": bad }),
            400,
            "time_invalid",
            Some("expiry_date"),
        )
        .await;
    }
}
on_both!(an_expiry_in_the_past_or_not_rfc3339_is_refused);

/// A reference (`custom_link_ref` or `merchant_order_id`) is unique per seller: a second
/// link with it is refused with `code`, nothing is written, and another seller may use it.
async fn duplicate_reference_is_refused_for_the_same_seller_only(
    backend: Backend,
    field: &str,
    code: &str,
) {
    let app = spawn_app(backend).await;
    let first = app
        .create_link(json!({ "amount": "10", "currency": "THB", field: "INV-1" }))
        .await;

    let (status, body) = app
        .post(
            LINKS,
            json!({ "amount": "20", "currency": "THB", field: "INV-1" }),
        )
        .await;

    assert_api_error(status, &body, 409, code, Some(field));
    assert_eq!(ids(&list(&app, "").await), vec![id_of(&first)]);

    let (_, key_b) = app.another_seller("Other Shop").await;
    let (status, body, _) = app
        .api(
            reqwest::Method::POST,
            LINKS,
            &key_b,
            Some(json!({ "amount": "20", "currency": "USD", field: "INV-1" })),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body[field], "INV-1");
}

async fn a_duplicate_custom_link_ref_is_refused_for_the_same_seller_only(backend: Backend) {
    duplicate_reference_is_refused_for_the_same_seller_only(
        backend,
        "custom_link_ref",
        "duplicate_custom_link_ref",
    )
    .await;
}
on_both!(a_duplicate_custom_link_ref_is_refused_for_the_same_seller_only);

async fn a_duplicate_merchant_order_id_is_refused_for_the_same_seller_only(backend: Backend) {
    duplicate_reference_is_refused_for_the_same_seller_only(
        backend,
        "merchant_order_id",
        "duplicate_merchant_order_id",
    )
    .await;
}
on_both!(a_duplicate_merchant_order_id_is_refused_for_the_same_seller_only);

async fn wrong_types_are_refused_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (json!({ "amount": "10", "currency": 5 }), "currency"),
        (
            json!({ "amount": "10", "currency": "THB", "notes": "x" }),
            "notes",
        ),
        (
            json!({ "amount": "10", "currency": "THB", "notes": [{ "key": "k", "value": 1 }] }),
            "notes[0].value",
        ),
        (
            json!({ "amount": "10", "currency": "THB", "customer_details": { "name": 5 } }),
            "customer_details.name",
        ),
        (
            json!({ "amount": "10", "currency": "THB", "usage_limit": "one" }),
            "usage_limit",
        ),
        (
            json!({ "amount_minor": "100", "currency": "THB" }),
            "amount_minor",
        ),
        (
            json!({ "amount_minor": 1.5, "currency": "THB" }),
            "amount_minor",
        ),
        (json!({ "amount": true, "currency": "THB" }), "amount"),
        (json!({ "amount": [1], "currency": "THB" }), "amount"),
        (
            json!({ "amount": "10", "currency": "THB", "description": 7 }),
            "description",
        ),
    ];
    for (body, field) in cases {
        refused(&app, body, 400, "invalid_field", Some(field)).await;
    }
}
on_both!(wrong_types_are_refused_naming_the_field);

async fn unknown_fields_are_tolerated(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = app
        .post(
            LINKS,
            json!({
                "amount": "10", "currency": "THB",
                "reminder_enable": true, "accept_partial": false,
                "customer_details": { "name": "Ann", "shipping_address": { "city": "BKK" } }
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["customer_details"]["name"], "Ann");
    assert_eq!(ids(&list(&app, "").await).len(), 1);
}
on_both!(unknown_fields_are_tolerated);

async fn malformed_empty_and_non_object_bodies_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for raw in [
        r#"{"amount": "10", "currency": "THB""#,
        "{amount: 10}",
        "not json",
        "",
        "   \n",
        "[]",
        // By position, serde would read this as amount 7 THB, and an unlimited link.
        r#"["7", null, "THB"]"#,
        "42",
        "null",
    ] {
        let (status, body, content_type) = post_raw(&app, raw).await;
        assert_api_error(status, &body, 400, "invalid_json", None);
        assert!(
            content_type.starts_with("application/json"),
            "{raw:?}: {content_type}"
        );
        assert_nothing_written(&app).await;
    }

    // No body at all, not even a content type.
    let res = app
        .client
        .post(app.url(LINKS))
        .bearer_auth(&app.key)
        .send()
        .await
        .unwrap();
    let status = StatusCode::from_u16(res.status().as_u16()).unwrap();
    let body: Value = res.json().await.unwrap();
    assert_api_error(status, &body, 400, "invalid_json", None);
    assert_nothing_written(&app).await;
}
on_both!(malformed_empty_and_non_object_bodies_are_refused);

async fn json_followed_by_trailing_garbage_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for raw in [
        r#"{"amount": "10", "currency": "THB"} trailing"#,
        r#"{"amount": "10", "currency": "THB"}{"amount": "20", "currency": "THB"}"#,
    ] {
        let (status, body, _) = post_raw(&app, raw).await;
        assert_api_error(status, &body, 400, "invalid_json", None);
        assert_nothing_written(&app).await;
    }
}
on_both!(json_followed_by_trailing_garbage_is_refused);

async fn a_body_over_the_limit_is_refused_with_413(backend: Backend) {
    let app = spawn_app(backend).await;
    // A valid link whose description pads the body to ~100 KB (the limit is 64 KiB).
    let body = json!({ "amount": "10", "currency": "THB", "description": "x".repeat(100_000) })
        .to_string();
    assert!(body.len() > 100_000);

    let (status, got, content_type) = post_raw(&app, body).await;

    assert_api_error(status, &got, 413, "body_too_large", None);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_nothing_written(&app).await;
}
on_both!(a_body_over_the_limit_is_refused_with_413);

async fn bad_return_urls_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for (field, url) in [
        ("success_url", "not a url"),
        ("success_url", "/thanks"),
        ("success_url", "ftp://shop.example/thanks"),
        ("success_url", "javascript:alert(1)"),
        ("failure_url", "shop.example/sorry"),
        ("pending_url", "data:text/html,hi"),
    ] {
        let mut body = json!({ "amount": "10", "currency": "THB" });
        body[field] = json!(url);
        refused(&app, body, 400, "url_invalid", Some(field)).await;
    }
}
on_both!(bad_return_urls_are_refused);

async fn a_usage_limit_out_of_range_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for limit in [0, -1, 1_000_001] {
        refused(
            &app,
            json!({ "amount": "10", "currency": "THB", "usage_limit": limit }),
            400,
            "usage_limit_invalid",
            Some("usage_limit"),
        )
        .await;
    }
}
on_both!(a_usage_limit_out_of_range_is_refused);

async fn other_invalid_fields_are_refused_with_their_own_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = || json!({ "amount": "10", "currency": "THB" });
    let far = (chrono::Utc::now() + chrono::Duration::days(400))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let notes: Vec<Value> = (0..21)
        .map(|i| json!({ "key": format!("k{i}"), "value": "v" }))
        .collect();
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "description",
            json!("x".repeat(501)),
            "too_long",
            "description",
        ),
        (
            "description",
            json!("bell\u{7}"),
            "invalid_characters",
            "description",
        ),
        (
            "custom_link_ref",
            json!("r".repeat(65)),
            "too_long",
            "custom_link_ref",
        ),
        (
            "merchant_order_id",
            json!("o".repeat(65)),
            "too_long",
            "merchant_order_id",
        ),
        ("expiry_date", json!(far), "expiry_too_far", "expiry_date"),
        ("notes", json!(notes), "too_many_notes", "notes"),
        (
            "notes",
            json!([{ "key": " ", "value": "v" }]),
            "note_key_missing",
            "notes.key",
        ),
        (
            "customer_details",
            json!({ "email_address": "not-an-email" }),
            "email_invalid",
            "customer_details.email_address",
        ),
        (
            "customer_details",
            json!({ "phone_number": "call me" }),
            "phone_invalid",
            "customer_details.phone_number",
        ),
    ];
    for (key, value, code, field) in cases {
        let mut body = base();
        body[key] = value;
        refused(&app, body, 400, code, Some(field)).await;
    }
}
on_both!(other_invalid_fields_are_refused_with_their_own_code);

// ---- amounts and the created link --------------------------------------------------

async fn amounts_in_every_accepted_form_are_stored_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (
            json!({ "amount": "250.50", "currency": "THB" }),
            "250.50",
            25050,
            "THB",
        ),
        (
            json!({ "amount": 250.5, "currency": "THB" }),
            "250.50",
            25050,
            "THB",
        ),
        (
            json!({ "amount": 250, "currency": "THB" }),
            "250.00",
            25000,
            "THB",
        ),
        (
            json!({ "amount": "1.500", "currency": "THB" }),
            "1.50",
            150,
            "THB",
        ),
        (
            json!({ "amount_minor": 25050, "currency": "THB" }),
            "250.50",
            25050,
            "THB",
        ),
        (
            json!({ "amount": "1.125", "currency": "KWD" }),
            "1.125",
            1125,
            "KWD",
        ),
        (
            json!({ "amount": "1500", "currency": "JPY" }),
            "1500",
            1500,
            "JPY",
        ),
        (
            json!({ "amount_minor": 1500, "currency": "JPY" }),
            "1500",
            1500,
            "JPY",
        ),
        (
            json!({ "amount": "0.01", "currency": "usd" }),
            "0.01",
            1,
            "USD",
        ),
    ];
    for (body, amount, minor, currency) in cases {
        let link = app.create_link(body.clone()).await;
        assert_eq!(link["amount"], amount, "{body} → {link}");
        assert_eq!(link["amount_minor"], minor, "{body} → {link}");
        assert_eq!(link["currency"], currency, "{body} → {link}");
        // Read back, the same.
        let (status, got) = app.get(&format!("{LINKS}/{}", id_of(&link))).await;
        assert_eq!(status, 200);
        assert_eq!(got["amount"], amount);
        assert_eq!(got["amount_minor"], minor);
    }
}
on_both!(amounts_in_every_accepted_form_are_stored_exactly);

async fn a_created_link_has_the_documented_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);

    let (status, link, headers) = app
        .api(
            reqwest::Method::POST,
            LINKS,
            &app.key,
            Some(json!({
                "amount": "250.50", "currency": "THB", "description": "Tuition",
                "custom_link_ref": "INV-9", "merchant_order_id": "ORD-9",
                "notes": [{ "key": "class", "value": "3B" }],
                "customer_details": { "name": "Ann", "email_address": "ann@example.com",
                                      "phone_number": "+66 81-234-5678" }
            })),
        )
        .await;

    assert_eq!(status, 201, "{link}");
    assert!(headers.get("idempotent-replayed").is_none());
    let id = link["id"].as_str().unwrap();
    assert!(id.starts_with("lnk_") && id.len() == 26, "{id}");
    let slug = link["slug"].as_str().unwrap();
    assert_eq!(slug.len(), 16, "{slug}");
    assert!(slug.bytes().all(|b| b.is_ascii_alphanumeric()), "{slug}");
    let url = format!("{}/p/{slug}", app.addr);
    assert_eq!(link["url"], url);
    assert_eq!(link["qr_png_url"], format!("{url}/qr.png"));
    assert_eq!(link["qr_svg_url"], format!("{url}/qr.svg"));
    assert_eq!(link["status"], "active");
    assert_eq!(link["amount"], "250.50");
    assert_eq!(link["amount_minor"], 25050);
    assert_eq!(link["currency"], "THB");
    assert_eq!(link["description"], "Tuition");
    assert_eq!(link["custom_link_ref"], "INV-9");
    assert_eq!(link["merchant_order_id"], "ORD-9");
    assert_eq!(link["notes"], json!([{ "key": "class", "value": "3B" }]));
    assert_eq!(link["customer_details"]["email_address"], "ann@example.com");
    assert_eq!(link["paid_count"], 0);
    assert_eq!(link["provider"], "sandbox");

    let created = chrono::DateTime::parse_from_rfc3339(link["created_at"].as_str().unwrap())
        .expect("created_at is RFC 3339");
    let expires = chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap())
        .expect("expires_at is RFC 3339");
    assert!(created >= before, "{created}");
    // The configured default expiry: 7 days.
    assert_eq!(expires - created, chrono::Duration::days(7));

    // GET returns the same view.
    let (status, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(got, link);
}
on_both!(a_created_link_has_the_documented_shape);

async fn usage_limit_defaults_to_one_and_null_makes_a_reusable_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let single = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    assert_eq!(single["usage_limit"], 1);

    let reusable = app
        .create_link(json!({ "amount": "10", "currency": "THB", "usage_limit": null }))
        .await;
    assert!(reusable["usage_limit"].is_null(), "{reusable}");
    assert!(
        reusable.as_object().unwrap().contains_key("usage_limit"),
        "{reusable}"
    );

    let five = app
        .create_link(json!({ "amount": "10", "currency": "THB", "usage_limit": 5 }))
        .await;
    assert_eq!(five["usage_limit"], 5);

    // A reusable link stays payable after a payment.
    let slug = reusable["slug"].as_str().unwrap();
    let (status, _, _) = app.buyer_pays(slug, "succeed").await;
    assert_eq!(status, 200);
    let (_, got) = app.get(&format!("{LINKS}/{}", id_of(&reusable))).await;
    assert_eq!(got["paid_count"], 1);
    assert_eq!(got["status"], "active", "{got}");
}
on_both!(usage_limit_defaults_to_one_and_null_makes_a_reusable_link);

// ---- authentication and isolation ------------------------------------------------

async fn requests_without_a_live_key_are_unauthorized(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = json!({ "amount": "10", "currency": "THB" });

    // No header.
    let res = app
        .client
        .post(app.url(LINKS))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let got: Value = res.json().await.unwrap();
    assert_api_error(StatusCode::UNAUTHORIZED, &got, 401, "unauthorized", None);

    // Wrong, malformed and non-Bearer credentials.
    let wrong = format!("pck_{}", "a".repeat(32));
    for key in [wrong.as_str(), "pck_short", "", "not-a-key"] {
        let (status, got, _) = app
            .api(reqwest::Method::POST, LINKS, key, Some(body.clone()))
            .await;
        assert_api_error(status, &got, 401, "unauthorized", None);
    }
    let res = app
        .client
        .get(app.url(LINKS))
        .header("authorization", format!("Basic {}", app.key))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // A key that worked stops working once revoked.
    let issued = app.engine.create_api_key(&app.seller_id).await.unwrap();
    let (status, _, _) = app
        .api(reqwest::Method::GET, LINKS, &issued.key, None)
        .await;
    assert_eq!(status, 200);
    app.engine.revoke_api_key(&issued.id).await.unwrap();
    for (method, b) in [
        (reqwest::Method::GET, None),
        (reqwest::Method::POST, Some(body.clone())),
    ] {
        let (status, got, _) = app.api(method, LINKS, &issued.key, b).await;
        assert_api_error(status, &got, 401, "unauthorized", None);
    }

    assert_nothing_written(&app).await;
}
on_both!(requests_without_a_live_key_are_unauthorized);

async fn another_sellers_link_is_not_found_never_forbidden(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = id_of(&link);
    let (_, key_b) = app.another_seller("Other Shop").await;

    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    for (method, path, body) in [
        (get.clone(), format!("{LINKS}/{id}"), None),
        (post.clone(), format!("{LINKS}/{id}/cancel"), None),
        (get.clone(), format!("{LINKS}/{id}/payments"), None),
        (get.clone(), format!("{LINKS}/{id}/events"), None),
        (get.clone(), format!("{LINKS}/{id}/refunds"), None),
        (
            post.clone(),
            format!("{LINKS}/{id}/refunds"),
            Some(json!({})),
        ),
    ] {
        let (status, got, _) = app.api(method.clone(), &path, &key_b, body).await;
        assert_ne!(status, 403, "{method} {path}");
        assert_api_error(status, &got, 404, "not_found", None);
    }

    // Exactly what an id that exists nowhere gets.
    let (status, nowhere, _) = app
        .api(
            get,
            &format!("{LINKS}/lnk_0000000000000000000000"),
            &key_b,
            None,
        )
        .await;
    assert_api_error(status, &nowhere, 404, "not_found", None);

    // The owner's link is untouched.
    let (status, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(got["status"], "active");
}
on_both!(another_sellers_link_is_not_found_never_forbidden);

async fn a_sellers_list_holds_only_its_own_links(backend: Backend) {
    let app = spawn_app(backend).await;
    let mine = app
        .create_link(json!({ "amount": "10", "currency": "THB", "custom_link_ref": "R1" }))
        .await;
    let (_, key_b) = app.another_seller("Other Shop").await;
    let (status, theirs, _) = app
        .api(
            reqwest::Method::POST,
            LINKS,
            &key_b,
            Some(json!({ "amount": "5", "currency": "USD" })),
        )
        .await;
    assert_eq!(status, 201);

    for query in ["", "?status=active", "?reference=R1", "?limit=100"] {
        let (status, page, _) = app
            .api(
                reqwest::Method::GET,
                &format!("{LINKS}{query}"),
                &key_b,
                None,
            )
            .await;
        assert_eq!(status, 200);
        let got = ids(&page);
        assert!(!got.contains(&id_of(&mine)), "{query}: {page}");
    }
    let (_, page, _) = app.api(reqwest::Method::GET, LINKS, &key_b, None).await;
    assert_eq!(ids(&page), vec![id_of(&theirs)]);
    assert_eq!(ids(&list(&app, "").await), vec![id_of(&mine)]);
}
on_both!(a_sellers_list_holds_only_its_own_links);

// ---- idempotency ---------------------------------------------------------------

async fn post_idempotent(
    app: &TestApp,
    key: &str,
    idempotency_key: &str,
    raw: &str,
) -> (u16, Value, Option<String>) {
    let res = app
        .client
        .post(app.url(LINKS))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .header("idempotency-key", idempotency_key)
        .body(raw.to_owned())
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let replayed = res
        .headers()
        .get("idempotent-replayed")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, res.json().await.unwrap(), replayed)
}

const RAW: &str = r#"{"amount":"250.00","currency":"THB","description":"Replay me"}"#;

async fn a_retry_with_the_same_idempotency_key_returns_the_same_link(backend: Backend) {
    let app = spawn_app(backend).await;

    let (status, first, replayed) = post_idempotent(&app, &app.key, "order-42", RAW).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(replayed, None);

    let (status, second, replayed) = post_idempotent(&app, &app.key, "order-42", RAW).await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(replayed.as_deref(), Some("true"));
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["slug"], first["slug"]);
    assert_eq!(ids(&list(&app, "").await), vec![id_of(&first)]);

    // The same body under another key is another link.
    let (status, other, replayed) = post_idempotent(&app, &app.key, "order-43", RAW).await;
    assert_eq!(status, 201);
    assert_eq!(replayed, None);
    assert_ne!(other["id"], first["id"]);
}
on_both!(a_retry_with_the_same_idempotency_key_returns_the_same_link);

async fn an_idempotency_key_reused_with_another_body_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, first, _) = post_idempotent(&app, &app.key, "order-42", RAW).await;
    assert_eq!(status, 201);

    let other_body = r#"{"amount":"251.00","currency":"THB","description":"Replay me"}"#;
    let (status, got, replayed) = post_idempotent(&app, &app.key, "order-42", other_body).await;
    assert_api_error(
        StatusCode::from_u16(status).unwrap(),
        &got,
        409,
        "idempotency_key_reused",
        None,
    );
    assert_eq!(replayed, None);

    // Bytes, not meaning: the same JSON spaced differently is another request.
    let (status, got, _) = post_idempotent(
        &app,
        &app.key,
        "order-42",
        r#"{"amount": "250.00", "currency": "THB", "description": "Replay me"}"#,
    )
    .await;
    assert_eq!(status, 409, "{got}");

    assert_eq!(ids(&list(&app, "").await), vec![id_of(&first)]);
}
on_both!(an_idempotency_key_reused_with_another_body_is_refused);

async fn idempotency_keys_belong_to_one_seller(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key_b) = app.another_seller("Other Shop").await;

    let (status, a, _) = post_idempotent(&app, &app.key, "shared-key", RAW).await;
    assert_eq!(status, 201);
    let (status, b, replayed) = post_idempotent(&app, &key_b, "shared-key", RAW).await;
    assert_eq!(status, 201, "{b}");
    assert_eq!(replayed, None, "another seller's key must not replay");
    assert_ne!(a["id"], b["id"]);

    // Each seller replays its own.
    let (_, b2, replayed) = post_idempotent(&app, &key_b, "shared-key", RAW).await;
    assert_eq!(replayed.as_deref(), Some("true"));
    assert_eq!(b2["id"], b["id"]);
    let (_, a2, replayed) = post_idempotent(&app, &app.key, "shared-key", RAW).await;
    assert_eq!(replayed.as_deref(), Some("true"));
    assert_eq!(a2["id"], a["id"]);

    assert_eq!(ids(&list(&app, "").await), vec![id_of(&a)]);
    let (_, page, _) = app.api(reqwest::Method::GET, LINKS, &key_b, None).await;
    assert_eq!(ids(&page), vec![id_of(&b)]);
}
on_both!(idempotency_keys_belong_to_one_seller);

async fn a_malformed_idempotency_key_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let too_long = "k".repeat(256);
    for key in [too_long.as_str(), "two words", "  "] {
        let (status, body, _) = post_idempotent(&app, &app.key, key, RAW).await;
        assert_api_error(
            StatusCode::from_u16(status).unwrap(),
            &body,
            400,
            "idempotency_key_invalid",
            Some("Idempotency-Key"),
        );
        assert_nothing_written(&app).await;
    }
    // 255 visible characters are fine.
    let (status, body, _) = post_idempotent(&app, &app.key, &"k".repeat(255), RAW).await;
    assert_eq!(status, 201, "{body}");
}
on_both!(a_malformed_idempotency_key_is_refused);

// ---- listing -----------------------------------------------------------------

async fn the_list_filters_by_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let active = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let cancelled = app
        .create_link(json!({ "amount": "20", "currency": "THB" }))
        .await;
    let (status, _) = app
        .post(&format!("{LINKS}/{}/cancel", id_of(&cancelled)), json!({}))
        .await;
    assert_eq!(status, 200);

    assert_eq!(
        ids(&list(&app, "?status=active").await),
        vec![id_of(&active)]
    );
    assert_eq!(
        ids(&list(&app, "?status=cancelled").await),
        vec![id_of(&cancelled)]
    );
    assert!(ids(&list(&app, "?status=paid").await).is_empty());
    assert_eq!(ids(&list(&app, "").await).len(), 2);
    // An empty status is no filter.
    assert_eq!(ids(&list(&app, "?status=").await).len(), 2);
}
on_both!(the_list_filters_by_status);

async fn the_list_filters_by_reference(backend: Backend) {
    let app = spawn_app(backend).await;
    let by_ref = app
        .create_link(json!({ "amount": "10", "currency": "THB", "custom_link_ref": "INV-1" }))
        .await;
    let by_order = app
        .create_link(json!({ "amount": "10", "currency": "THB", "merchant_order_id": "ORD-9" }))
        .await;
    app.create_link(json!({ "amount": "10", "currency": "THB", "custom_link_ref": "INV-2" }))
        .await;

    assert_eq!(
        ids(&list(&app, "?reference=INV-1").await),
        vec![id_of(&by_ref)]
    );
    assert_eq!(
        ids(&list(&app, "?reference=ORD-9").await),
        vec![id_of(&by_order)]
    );
    assert!(
        ids(&list(&app, "?reference=INV").await).is_empty(),
        "exact match only"
    );
    assert!(ids(&list(&app, "?reference=nope").await).is_empty());
    assert_eq!(ids(&list(&app, "?reference=").await).len(), 3);
}
on_both!(the_list_filters_by_reference);

async fn the_list_filters_by_creation_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = id_of(&link);
    let created = chrono::DateTime::parse_from_rfc3339(link["created_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let ms = chrono::Duration::milliseconds(1);
    let hour = chrono::Duration::hours(1);

    let contains = |page: &Value| ids(page).contains(&id);
    // created_from is inclusive, created_to exclusive.
    assert!(contains(
        &list(&app, &format!("?created_from={}", at(created))).await
    ));
    assert!(!contains(
        &list(&app, &format!("?created_from={}", at(created + ms))).await
    ));
    assert!(!contains(
        &list(&app, &format!("?created_to={}", at(created))).await
    ));
    assert!(contains(
        &list(&app, &format!("?created_to={}", at(created + ms))).await
    ));
    let window = format!(
        "?created_from={}&created_to={}",
        at(created),
        at(created + ms)
    );
    assert_eq!(ids(&list(&app, &window).await), vec![id.clone()]);
    assert!(ids(&list(&app, &format!("?created_from={}", at(created + hour))).await).is_empty());
    assert!(ids(&list(&app, &format!("?created_to={}", at(created - hour))).await).is_empty());

    // Any offset names the same instant.
    let bangkok = created
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
    assert!(bangkok.ends_with("+07:00"), "{bangkok}");
    assert!(contains(
        &list(&app, &format!("?created_from={}", enc(&bangkok))).await
    ));
    assert!(!contains(
        &list(&app, &format!("?created_to={}", enc(&bangkok))).await
    ));

    let (status, body) = app.get(&format!("{LINKS}?created_from=yesterday")).await;
    assert_api_error(status, &body, 400, "time_invalid", Some("created_from"));
    let (status, body) = app.get(&format!("{LINKS}?created_to=2026-01-01")).await;
    assert_api_error(status, &body, 400, "time_invalid", Some("created_to"));
}
on_both!(the_list_filters_by_creation_time);

async fn the_list_pages_newest_first_with_a_cursor(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut created = Vec::new();
    for i in 1..=5 {
        let link = app
            .create_link(json!({ "amount": format!("{i}0"), "currency": "THB" }))
            .await;
        created.push(id_of(&link));
    }
    let everything = list(&app, "?limit=100").await;
    assert_eq!(everything["has_more"], false);
    assert!(everything["next_cursor"].is_null());
    let all = ids(&everything);

    // Walk with limit=2: 2 + 2 + 1.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut sizes = Vec::new();
    loop {
        let query = match &cursor {
            None => "?limit=2".to_owned(),
            Some(c) => format!("?limit=2&starting_after={c}"),
        };
        let page = list(&app, &query).await;
        let page_ids = ids(&page);
        sizes.push(page_ids.len());
        let has_more = page["has_more"].as_bool().expect("has_more");
        seen.extend(page_ids.iter().cloned());
        if has_more {
            assert_eq!(
                page["next_cursor"].as_str(),
                page_ids.last().map(String::as_str),
                "the cursor is the last id of the page"
            );
            cursor = Some(page["next_cursor"].as_str().unwrap().to_owned());
        } else {
            assert!(page["next_cursor"].is_null(), "{page}");
            break;
        }
        assert!(sizes.len() < 10, "paging does not end: {sizes:?}");
    }
    assert_eq!(sizes, vec![2, 2, 1]);
    assert_eq!(seen, all, "pages concatenate to the full list");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "no duplicates: {seen:?}");
    let mut expected = created.clone();
    expected.sort();
    assert_eq!(unique, expected, "every link exactly once");

    // Newest first: creation times never increase down the list, and the newest is first.
    let times: Vec<String> = everything["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["created_at"].as_str().unwrap().to_owned())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "ids strictly descending: {seen:?}"
    );

    // A cursor past the oldest gives an empty last page.
    let page = list(&app, &format!("?starting_after={}", all[4])).await;
    assert!(ids(&page).is_empty());
    assert_eq!(page["has_more"], false);
    // Exactly `limit` links left: no more.
    let page = list(&app, &format!("?limit=2&starting_after={}", all[2])).await;
    assert_eq!(ids(&page), all[3..].to_vec());
    assert_eq!(page["has_more"], false);
}
on_both!(the_list_pages_newest_first_with_a_cursor);

async fn the_list_refuses_a_bad_limit_or_unknown_status(backend: Backend) {
    let app = spawn_app(backend).await;
    for limit in ["0", "101", "-1", "abc", "2.5", ""] {
        let (status, body) = app.get(&format!("{LINKS}?limit={limit}")).await;
        assert_api_error(status, &body, 400, "invalid_field", Some("limit"));
    }
    for ok in ["1", "100"] {
        list(&app, &format!("?limit={ok}")).await;
    }
    for bad in ["nope", "ACTIVE", "open"] {
        let (status, body) = app.get(&format!("{LINKS}?status={bad}")).await;
        assert_api_error(status, &body, 400, "status_unknown", Some("status"));
    }
    // A cursor that is no link id is refused, not answered with an empty last page.
    for bad in [
        "garbage",
        "lnk_short",
        "pay_01kaf2xxxxxxxxxxxxxxxxxx",
        "lnk_01KAF2XXXXXXXXXXXXXXXXXX",
    ] {
        let (status, body) = app.get(&format!("{LINKS}?starting_after={bad}")).await;
        assert_api_error(status, &body, 400, "invalid_field", Some("starting_after"));
    }
}
on_both!(the_list_refuses_a_bad_limit_or_unknown_status);

// ---- cancelling ---------------------------------------------------------------

async fn an_active_link_can_be_cancelled_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = id_of(&link);

    let (status, cancelled) = app.post(&format!("{LINKS}/{id}/cancel"), json!({})).await;

    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["id"], link["id"]);
    let (_, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(got["status"], "cancelled");
    let (_, events) = app.get(&format!("{LINKS}/{id}/events")).await;
    assert!(
        events["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "link.cancelled"),
        "{events}"
    );

    // Again: a conflict, and nothing changes.
    let (status, body) = app.post(&format!("{LINKS}/{id}/cancel"), json!({})).await;
    assert_api_error(status, &body, 409, "invalid_transition", None);
    let (_, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(got["status"], "cancelled");
    assert_eq!(got["updated_at"], cancelled["updated_at"]);
}
on_both!(an_active_link_can_be_cancelled_once);

async fn a_paid_link_cannot_be_cancelled(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let id = id_of(&link);
    let (status, _, _) = app
        .buyer_pays(link["slug"].as_str().unwrap(), "succeed")
        .await;
    assert_eq!(status, 200);
    let (_, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(got["status"], "paid");

    let (status, body) = app.post(&format!("{LINKS}/{id}/cancel"), json!({})).await;

    assert_api_error(status, &body, 409, "invalid_transition", None);
    let (_, got) = app.get(&format!("{LINKS}/{id}")).await;
    assert_eq!(got["status"], "paid");
}
on_both!(a_paid_link_cannot_be_cancelled);

async fn cancelling_an_unknown_link_is_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    for id in ["lnk_0000000000000000000000", "nope", "lnk_"] {
        let (status, body) = app.post(&format!("{LINKS}/{id}/cancel"), json!({})).await;
        assert_api_error(status, &body, 404, "not_found", None);
    }
}
on_both!(cancelling_an_unknown_link_is_not_found);

/// Fires `n` identical requests at once under one Idempotency-Key.
async fn concurrently(app: &TestApp, n: usize, raw: &'static str) -> Vec<(u16, Value)> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let req = app
            .client
            .post(app.url(LINKS))
            .bearer_auth(&app.key)
            .header("idempotency-key", "race-1")
            .body(raw);
        tasks.push(tokio::spawn(async move {
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    results
}

async fn concurrent_retries_under_one_idempotency_key_make_one_link(backend: Backend) {
    let app = spawn_app(backend).await;

    let results = concurrently(&app, 8, RAW).await;

    for (status, body) in &results {
        assert_eq!(*status, 201, "{body}");
        assert_eq!(
            body["id"], results[0].1["id"],
            "every retry gets the one link"
        );
    }
    assert_eq!(ids(&list(&app, "").await), vec![id_of(&results[0].1)]);
}
on_both!(concurrent_retries_under_one_idempotency_key_make_one_link);

async fn concurrent_retries_carrying_a_custom_link_ref_make_one_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let raw = r#"{"amount":"250.00","currency":"THB","custom_link_ref":"INV-77"}"#;

    let results = concurrently(&app, 8, raw).await;

    for (status, body) in &results {
        assert_eq!(*status, 201, "{body}");
        assert_eq!(
            body["id"], results[0].1["id"],
            "every retry gets the one link"
        );
    }
    assert_eq!(ids(&list(&app, "").await), vec![id_of(&results[0].1)]);
}
on_both!(concurrent_retries_carrying_a_custom_link_ref_make_one_link);

// ---- duplicate -------------------------------------------------------------------

/// `POST /api/v1/links/{id}/duplicate` with a raw body and optional Idempotency-Key.
async fn duplicate(
    app: &TestApp,
    key: &str,
    id: &str,
    raw: &str,
    idempotency_key: Option<&str>,
) -> (u16, Value, bool) {
    let mut req = app
        .client
        .post(app.url(&format!("{LINKS}/{id}/duplicate")))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(raw.to_owned());
    if let Some(k) = idempotency_key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.expect("duplicate");
    let status = res.status().as_u16();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    let text = res.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json, replayed)
}

/// Seconds between a link's creation and its expiry.
fn lifetime_secs(link: &Value) -> i64 {
    let at = |k: &str| {
        chrono::DateTime::parse_from_rfc3339(link[k].as_str().expect(k))
            .expect("rfc3339")
            .timestamp()
    };
    at("expires_at") - at("created_at")
}

async fn a_duplicate_copies_the_link_but_not_its_references(backend: Backend) {
    let app = spawn_app(backend).await;
    let expiry = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let source = app
        .create_link(json!({
            "amount": "250.00", "currency": "THB", "description": "Tuition <March>",
            "customer_details": { "name": "Nok", "email_address": "nok@example.com" },
            "notes": [{ "key": "class", "value": "piano" }],
            "custom_link_ref": "INV-1", "merchant_order_id": "ORD-1",
            "usage_limit": 3, "expiry_date": expiry,
            "success_url": "https://shop.example/thanks",
        }))
        .await;

    let (status, copy, replayed) = duplicate(&app, &app.key, &id_of(&source), "", None).await;
    assert_eq!(status, 201, "{copy}");
    assert!(!replayed);
    assert_ne!(copy["id"], source["id"]);
    assert_ne!(copy["slug"], source["slug"]);
    assert_eq!(copy["status"], "active");
    for field in [
        "amount",
        "amount_minor",
        "currency",
        "description",
        "customer_details",
        "notes",
        "usage_limit",
        "success_url",
        "provider",
        "pay_via",
    ] {
        assert_eq!(copy[field], source[field], "{field} is copied");
    }
    assert_eq!(
        copy["custom_link_ref"],
        Value::Null,
        "references stay unique"
    );
    assert_eq!(copy["merchant_order_id"], Value::Null);
    assert_eq!(copy["paid_count"], 0);
    // The source's lifetime (3 days), counted from the copy's creation.
    assert!(
        (lifetime_secs(&copy) - lifetime_secs(&source)).abs() <= 2,
        "{copy}"
    );

    let (status, events) = app.get(&format!("{LINKS}/{}/events", id_of(&copy))).await;
    assert_eq!(status, 200, "{events}");
    assert_eq!(events["data"][0]["type"], "link.created");
    assert_eq!(events["data"][0]["data"]["duplicate_of"], source["id"]);
    assert_eq!(
        list(&app, "").await["data"].as_array().map(Vec::len),
        Some(2)
    );
}
on_both!(a_duplicate_copies_the_link_but_not_its_references);

async fn a_duplicate_takes_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let source = app
        .create_link(json!({ "amount": "250.00", "currency": "THB", "description": "Cake" }))
        .await;
    // A cancelled link can still be copied.
    let (status, _) = app
        .post(&format!("{LINKS}/{}/cancel", id_of(&source)), json!({}))
        .await;
    assert_eq!(status, 200);
    let body = r#"{"amount":"99.50","description":"Small cake","custom_link_ref":"INV-2","usage_limit":null}"#;
    let (status, copy, _) = duplicate(&app, &app.key, &id_of(&source), body, None).await;
    assert_eq!(status, 201, "{copy}");
    assert_eq!(copy["amount"], "99.50");
    assert_eq!(copy["amount_minor"], 9950);
    assert_eq!(copy["currency"], "THB");
    assert_eq!(copy["description"], "Small cake");
    assert_eq!(copy["custom_link_ref"], "INV-2");
    assert_eq!(
        copy["usage_limit"],
        Value::Null,
        "null makes the copy reusable"
    );
    assert_eq!(copy["status"], "active");

    // Another currency, with its amount (the exponent is the new currency's).
    let body = r#"{"amount_minor":50000,"currency":"IDR"}"#;
    let (status, copy, _) = duplicate(&app, &app.key, &id_of(&source), body, None).await;
    assert_eq!(status, 201, "{copy}");
    assert_eq!(copy["currency"], "IDR");
    assert_eq!(copy["amount_minor"], 50000);
}
on_both!(a_duplicate_takes_changes);

async fn a_bad_duplicate_is_refused_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let source = app
        .create_link(json!({ "amount": "250.00", "currency": "THB", "custom_link_ref": "INV-9" }))
        .await;
    let id = id_of(&source);
    let cases: [(&str, u16, &str, Option<&str>); 6] = [
        (
            r#"{"currency":"USD"}"#,
            400,
            "missing_field",
            Some("amount"),
        ),
        (
            r#"{"amount":"12.345"}"#,
            400,
            "amount_too_precise",
            Some("amount"),
        ),
        (
            r#"{"amount":"1","currency":"XYZ"}"#,
            400,
            "currency_unknown",
            Some("currency"),
        ),
        (
            r#"{"custom_link_ref":"INV-9"}"#,
            409,
            "duplicate_custom_link_ref",
            Some("custom_link_ref"),
        ),
        (
            r#"{"expiry_date":"2001-01-01T00:00:00Z"}"#,
            400,
            "expiry_in_past",
            Some("expiry_date"),
        ),
        (r#"[1]"#, 400, "invalid_json", None),
    ];
    for (body, want, code, field) in cases {
        let (status, err, _) = duplicate(&app, &app.key, &id, body, None).await;
        assert_eq!(status, want, "{body}: {err}");
        assert_eq!(err["error"]["code"], code, "{body}: {err}");
        if let Some(f) = field {
            assert_eq!(err["error"]["field"], f, "{body}: {err}");
        }
    }
    // Another seller's link, and no link at all, are not found.
    let (_, other_key) = app.another_seller("Other").await;
    let (status, err, _) = duplicate(&app, &other_key, &id, "", None).await;
    assert_eq!(status, 404, "{err}");
    let (status, err, _) = duplicate(&app, &app.key, "lnk_nope", "", None).await;
    assert_eq!(status, 404, "{err}");
    assert_eq!(ids(&list(&app, "").await), vec![id]);
}
on_both!(a_bad_duplicate_is_refused_and_writes_nothing);

async fn a_retried_duplicate_makes_one_copy(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = app
        .create_link(json!({ "amount": "10", "currency": "THB" }))
        .await;
    let b = app
        .create_link(json!({ "amount": "20", "currency": "THB" }))
        .await;
    let (status, first, replayed) = duplicate(&app, &app.key, &id_of(&a), "", Some("dup-1")).await;
    assert_eq!((status, replayed), (201, false), "{first}");
    let (status, again, replayed) = duplicate(&app, &app.key, &id_of(&a), "", Some("dup-1")).await;
    assert_eq!((status, replayed), (201, true), "{again}");
    assert_eq!(again["id"], first["id"]);
    // The key names one copy of one link: used for another link, it is refused.
    let (status, err, _) = duplicate(&app, &app.key, &id_of(&b), "", Some("dup-1")).await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
    assert_eq!(
        list(&app, "").await["data"].as_array().map(Vec::len),
        Some(3)
    );
}
on_both!(a_retried_duplicate_makes_one_copy);
