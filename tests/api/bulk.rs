//! Bulk creation: `POST /api/v1/links/bulk` with CSV (BOM, `;`, quotes) or JSON, a
//! result per row, refused rows beside created ones, per-row idempotency.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};
use crate::on_both;

const BULK: &str = "/api/v1/links/bulk";

async fn upload(
    app: &TestApp,
    content_type: &str,
    body: impl Into<reqwest::Body>,
    key: Option<&str>,
) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.url(BULK))
        .bearer_auth(&app.key)
        .header("content-type", content_type)
        .body(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.expect("bulk");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn link_count(app: &TestApp) -> usize {
    let (_, page) = app.get("/api/v1/links?limit=100").await;
    page["data"].as_array().map_or(0, Vec::len)
}

/// A spreadsheet's export: BOM, `;` separators, a quoted description holding `;` and
/// `"`, CRLF; good and bad rows side by side.
async fn csv_rows_are_created_or_refused_one_by_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = "\u{feff}Amount;Currency;Description;custom_link_ref;usage_limit;customer_email\r\n\
               250.00;THB;\"Cake; \"\"chocolate\"\"\";INV-1;;nok@example.com\r\n\
               12,345;THB;too precise;;;\r\n\
               100;XYZ;bad currency;;;\r\n\
               ;THB;no amount;;;\r\n\
               99;THB;reusable;INV-2;none;\r\n\
               5;THB;bad limit;;many;\r\n\
               ;;;;;\r\n\
               40;THB;dup ref;INV-1;;\r\n";
    let (status, body) = upload(&app, "text/csv; charset=utf-8", csv, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["created"], 2, "{body}");
    assert_eq!(body["refused"], 5, "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results.len(), 7, "the empty line is skipped: {body}");
    let r = |i: usize| &results[i];
    assert_eq!(r(0)["row"], 1);
    assert_eq!(r(0)["link"]["description"], "Cake; \"chocolate\"");
    assert_eq!(r(0)["link"]["amount_minor"], 25_000);
    assert_eq!(r(0)["link"]["custom_link_ref"], "INV-1");
    assert_eq!(
        r(0)["link"]["customer_details"]["email_address"],
        "nok@example.com"
    );
    let refused = |i: usize, code: &str, field: &str| {
        assert!(r(i)["link"].is_null(), "{}", r(i));
        assert_eq!(r(i)["error"]["code"], code, "{}", r(i));
        assert_eq!(r(i)["error"]["field"], field, "{}", r(i));
        assert_eq!(r(i)["row"], i + 1);
    };
    // A decimal comma is not read: "12,345" could be 12345 or 12.345.
    refused(1, "amount_invalid", "amount");
    refused(2, "currency_unknown", "currency");
    refused(3, "missing_field", "amount");
    assert_eq!(r(4)["link"]["usage_limit"], Value::Null, "none: reusable");
    refused(5, "invalid_field", "usage_limit");
    assert_eq!(r(6)["error"]["status"], 409, "{}", r(6));
    assert_eq!(r(6)["error"]["code"], "duplicate_custom_link_ref");
    assert_eq!(link_count(&app).await, 2);
}
on_both!(csv_rows_are_created_or_refused_one_by_one);

async fn json_rows_and_a_retried_upload(backend: Backend) {
    let app = spawn_app(backend).await;
    let rows = json!([
        { "amount": "10", "currency": "THB", "description": "one" },
        { "amount": "oops", "currency": "THB" },
        "not an object",
        { "amount_minor": 5000, "currency": "USD", "custom_link_ref": "R-3" },
    ]);
    let (status, first) = upload(&app, "application/json", rows.to_string(), Some("up-1")).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["created"].clone(), first["refused"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(first["results"][1]["error"]["field"], "amount");
    assert_eq!(first["results"][2]["error"]["code"], "invalid_json");
    // The same upload again: the same links, replayed; nothing made twice.
    let (status, again) = upload(&app, "application/json", rows.to_string(), Some("up-1")).await;
    assert_eq!(status, 200, "{again}");
    for i in [0, 3] {
        assert_eq!(
            again["results"][i]["link"]["id"],
            first["results"][i]["link"]["id"]
        );
        assert_eq!(again["results"][i]["replayed"], true);
    }
    assert_eq!(link_count(&app).await, 2);
    // `{"links": [...]}` is accepted too.
    let wrapped = json!({ "links": [{ "amount": "1", "currency": "THB" }] });
    let (status, body) = upload(&app, "application/json", wrapped.to_string(), None).await;
    assert_eq!((status, body["created"].clone()), (200, json!(1)), "{body}");
}
on_both!(json_rows_and_a_retried_upload);

async fn whole_uploads_that_are_refused(backend: Backend) {
    let app = spawn_app_with(backend, &[("PAYCHAT_LINKS__BULK_MAX_ROWS", "3")]).await;
    let cases: [(&str, String, u16, &str); 5] = [
        (
            "text/csv",
            "amount,currency,colour\n1,THB,red\n".into(),
            400,
            "unknown_column",
        ),
        ("text/csv", "amount,currency\n".into(), 400, "no_rows"),
        (
            "application/json",
            "{\"amount\": 1}".into(),
            400,
            "invalid_json",
        ),
        (
            "text/csv",
            "amount,currency\n1,THB\n2,THB\n3,THB\n4,THB\n".into(),
            413,
            "too_many_rows",
        ),
        ("text/csv", "amount,currency\n1,THB,x,y\n".into(), 200, ""),
    ];
    for (ct, body, want, code) in cases {
        let (status, answer) = upload(&app, ct, body.clone(), None).await;
        assert_eq!(status, want, "{body}: {answer}");
        if want == 200 {
            assert_eq!(
                answer["results"][0]["error"]["code"], "invalid_csv",
                "{answer}"
            );
        } else {
            assert_eq!(answer["error"]["code"], code, "{body}: {answer}");
        }
    }
    assert_eq!(link_count(&app).await, 0);
}
on_both!(whole_uploads_that_are_refused);

/// The default limit, 5,000 rows, in one request.
async fn five_thousand_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut csv = String::from("amount,currency,description,custom_link_ref\n");
    for i in 0..5_000 {
        csv.push_str(&format!("{}.50,THB,item {i},B-{i}\n", i + 1));
    }
    let (status, body) = upload(&app, "text/csv", csv, Some("big")).await;
    assert_eq!(
        status,
        200,
        "{}",
        body.to_string().chars().take(500).collect::<String>()
    );
    assert_eq!(body["created"], 5_000);
    let results = body["results"].as_array().expect("results");
    assert_eq!(results[4_999]["row"], 5_000);
    assert_eq!(results[4_999]["link"]["custom_link_ref"], "B-4999");
    assert_eq!(results[4_999]["link"]["amount_minor"], 500_050);
}
on_both!(five_thousand_rows);
