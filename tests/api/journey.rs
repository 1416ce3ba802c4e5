//! The buyer's and seller's whole journey, end to end.

use paychat::adapters::signing::verify_header;
use serde_json::json;

use crate::helpers::{Backend, Receiver, spawn_app};
use crate::on_both;

async fn whole_journey_create_pay_webhook_refund(backend: Backend) {
    // Arrange: a seller with a webhook endpoint.
    let app = spawn_app(backend).await;
    let receiver = Receiver::start(0).await;
    let (status, hook, _) = app
        .api(
            reqwest::Method::PUT,
            "/api/v1/webhook_endpoint",
            &app.key,
            Some(json!({ "url": receiver.url })),
        )
        .await;
    assert_eq!(status, 200, "{hook}");
    let secret = hook["secret"].as_str().unwrap().to_owned();

    // Act: create a link, open the buyer page, pay in the sandbox.
    let link = app
        .create_link(
            json!({ "amount": "250.00", "currency": "THB", "description": "Tuition <March>" }),
        )
        .await;
    let slug = link["slug"].as_str().unwrap();
    assert_eq!(link["status"], "active");
    assert_eq!(link["amount_minor"], 25000);
    assert_eq!(link["url"], format!("{}/p/{slug}", app.addr));

    let page = app
        .client
        .get(app.url(&format!("/p/{slug}?lang=en")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Nok Bakery"), "{html}");
    assert!(html.contains("฿250.00"));
    assert!(
        html.contains("Tuition &lt;March&gt;"),
        "description must be escaped"
    );
    assert!(!html.contains("<March>"));

    let (status, _, body) = app.buyer_pays(slug, "succeed").await;

    // Assert: the buyer sees the paid page, the link is paid, the seller was told.
    assert_eq!(status, 200);
    assert!(body.contains("ชำระแล้ว") || body.contains("Paid"), "{body}");
    let id = link["id"].as_str().unwrap();
    let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(got["status"], "paid");
    assert_eq!(got["paid_count"], 1);

    let paid = receiver.wait_for("payment.succeeded").await;
    let header = paid.header("paychat-signature").to_owned();
    let now = chrono::Utc::now().timestamp();
    assert!(
        verify_header(secret.as_bytes(), &header, &paid.body, now),
        "signature must verify"
    );
    let body = paid.json();
    assert_eq!(body["type"], "payment.succeeded");
    assert_eq!(body["data"]["link"]["status"], "paid");
    assert_eq!(body["data"]["payment"]["payer_name"], "Somchai");

    // The paid page replaces the payment form.
    let html = app
        .client
        .get(app.url(&format!("/p/{slug}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Paid") && !html.contains("<form"), "{html}");

    // Refund part, then the rest.
    let (status, r) = app
        .post(
            &format!("/api/v1/links/{id}/refunds"),
            json!({ "amount": "50" }),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["amount_minor"], 5000);
    assert_eq!(r["link"]["status"], "partially_refunded");
    let (status, r) = app
        .post(&format!("/api/v1/links/{id}/refunds"), json!({}))
        .await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["amount_minor"], 20000);
    assert_eq!(r["link"]["status"], "refunded");
    let (status, r) = app
        .post(&format!("/api/v1/links/{id}/refunds"), json!({}))
        .await;
    assert_eq!(status, 400, "{r}");
    assert_eq!(r["error"]["code"], "already_refunded");

    receiver.wait_for("refund.succeeded").await;
    let events: Vec<String> = app.get(&format!("/api/v1/links/{id}/events")).await.1["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    for kind in [
        "link.created",
        "payment.pending",
        "payment.succeeded",
        "refund.succeeded",
    ] {
        assert!(
            events.iter().any(|e| e == kind),
            "{kind} missing from {events:?}"
        );
    }
    // Each event is delivered once.
    assert_eq!(receiver.count("payment.succeeded"), 1);
    assert_eq!(receiver.count("link.created"), 1);
}
on_both!(whole_journey_create_pay_webhook_refund);

async fn a_failed_payment_leaves_the_link_payable(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({ "amount_minor": 1500, "currency": "JPY" }))
        .await;
    let slug = link["slug"].as_str().unwrap();
    let (status, location, _) = app.buyer_pays(slug, "fail").await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.contains("failed=1"), "{location}");
    let html = app
        .client
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<form"), "the link must stay payable");
    let id = link["id"].as_str().unwrap();
    let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(got["status"], "active");
    let (_, payments) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    assert_eq!(payments["data"][0]["status"], "failed");
    // A second try can succeed.
    let (status, _, _) = app.buyer_pays(slug, "succeed").await;
    assert_eq!(status, 200);
    let (_, got) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(got["status"], "paid");
}
on_both!(a_failed_payment_leaves_the_link_payable);

async fn success_url_receives_the_buyer(backend: Backend) {
    let app = spawn_app(backend).await;
    let link = app
        .create_link(json!({
            "amount": 99.5, "currency": "USD",
            "success_url": "https://shop.example/thanks",
            "failure_url": "https://shop.example/sorry"
        }))
        .await;
    assert_eq!(link["amount_minor"], 9950);
    let slug = link["slug"].as_str().unwrap();
    let (status, location, _) = app.buyer_pays(slug, "succeed").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("https://shop.example/thanks"));
}
on_both!(success_url_receives_the_buyer);
