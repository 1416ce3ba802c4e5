//! Xendit Invoices end to end against the fake Xendit: pay → invoice → callback with the
//! token → paid → push → refund, from the chat and the API, and every way a callback
//! or a call to Xendit can go wrong: forged tokens, replays, callbacks out of order,
//! wrong amounts, timeouts and refusals, reconciliation and closing invoices.

use std::time::Duration;

use paychat::engine::reconcile::ReconcileReport;
use serde_json::{Value, json};

use super::fake_http::{Fault, Recorded};
use super::fake_xendit::FakeXendit;
use super::providers_common::{
    PAST_TIMEOUT, RECONCILE_SOON, another_sellers_link, ask_refund, cancel_link, chat_seller,
    events_of, id_of, link_of, payments_of, press_pay, read, refunds_of, request_refund,
    seller_hook, set_provider, timeline, until_reconcile_due,
};
use crate::helpers::{Backend, TestApp, eventually, location};
use crate::on_both;
use crate::telegram::{SELLER, make_link, texts_with, wait_text};

use crate::kit::app::{XENDIT_KEY as KEY, XENDIT_TOKEN as TOKEN};
async fn xendit_app(backend: Backend) -> (TestApp, FakeXendit) {
    xendit_app_with(backend, &[]).await
}

/// `xendit_app` with some settings replaced or added.
async fn xendit_app_with(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeXendit) {
    let app = TestApp::builder().xendit().env(extra).spawn(backend).await;
    let fake = app.xendit().clone();
    (app, fake)
}

/// `xendit_app` reconciling soon, on a clock the test moves (`until_reconcile_due`).
async fn xendit_app_reconciling(backend: Backend) -> (TestApp, FakeXendit) {
    let app = TestApp::builder()
        .xendit()
        .manual_clock()
        .env(&[RECONCILE_SOON])
        .spawn(backend)
        .await;
    let fake = app.xendit().clone();
    (app, fake)
}

fn hook(app: &TestApp) -> String {
    app.url("/webhooks/providers/xendit")
}

/// The buyer presses Pay: paychat opens an invoice and sends the buyer to it.
/// Returns (the invoice, the pending payment).
async fn pay(app: &TestApp, fake: &FakeXendit, link: &Value) -> (Value, Value) {
    let res = press_pay(app, link["slug"].as_str().unwrap()).await;
    assert_eq!(res.status(), 303);
    let invoice = fake.last_invoice().expect("an invoice");
    assert_eq!(location(&res), invoice["invoice_url"].as_str().unwrap());
    let payment = payment_for(app, link, &invoice).await;
    assert_eq!(payment["status"], "pending", "{payment}");
    assert_eq!(payment["provider"], "xendit", "{payment}");
    (invoice, payment)
}

/// The link's payment made for `invoice`.
async fn payment_for(app: &TestApp, link: &Value, invoice: &Value) -> Value {
    payments_of(app, link)
        .await
        .into_iter()
        .find(|p| p["provider_payment_id"] == invoice["id"])
        .unwrap_or_else(|| panic!("no payment for invoice {}", invoice["id"]))
}

/// Sends a callback with the right token; returns (status, body).
async fn deliver(app: &TestApp, fake: &FakeXendit, body: &Value) -> (u16, Value) {
    read(fake.send(&hook(app), body).await).await
}

/// Delivers a callback and asserts its outcome.
async fn expect_outcome(app: &TestApp, fake: &FakeXendit, body: &Value, outcome: &str) {
    let (status, r) = deliver(app, fake, body).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["received"], true, "{r}");
    assert_eq!(r["outcome"], outcome, "callback {body}: {r}");
}

/// A JSON number's literal text (`25000`, `150.5`), so no float comparison is involved.
fn number_text(v: &Value) -> String {
    assert!(v.is_number(), "not a JSON number: {v}");
    v.to_string()
}

// ---------------------------------------------------------------------------------------
// The whole journey from the chat
// ---------------------------------------------------------------------------------------

/// A Telegram seller makes an IDR link, the buyer pays at Xendit, the PAID callback
/// marks it paid and pushes "Paid", and a refund from the chat reaches Xendit once
/// and pushes "Refunded".
async fn chat_journey_in_rupiah(backend: Backend) {
    let (mut app, tg, seller) = chat_seller(backend, TestApp::builder().xendit()).await;
    let fake = app.xendit().clone();
    // The checks below read the chat seller's link through the API.
    app.key = app.engine.create_api_key(&seller).await.unwrap().key;
    app.seller_id.clone_from(&seller);

    let slug = make_link(&tg, SELLER, "25000 IDR shoes").await;
    let row = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(row.provider, "xendit");
    assert_eq!(
        (row.amount.minor(), row.amount.currency().code()),
        (2_500_000, "IDR")
    );
    let link = link_of(&app, row.id.as_str()).await;
    let expires_at = row.expires_at.expect("a chat link expires");

    // Xendit first refuses the invoice: the buyer sees why not, the seller is told in
    // the chat in Xendit's words, and the link stays payable.
    fake.fail_next(
        1,
        Fault::Refuse(400, "The account cannot take payments yet".into()),
    );
    let res = press_pay(&app, &slug).await;
    assert_eq!(res.status(), 422);
    let told = wait_text(&tg, SELLER, "⚠️ A buyer could not pay").await;
    assert!(
        told.text().contains(
            "xendit refused: The account cannot take payments yet (API_VALIDATION_ERROR)"
        ),
        "{}",
        told.text()
    );
    assert!(fake.invoices().is_empty());

    let (invoice, payment) = pay(&app, &fake, &link).await;
    let remaining = (expires_at - chrono::Utc::now().timestamp_millis()) / 1000;
    let pid = payment["id"].as_str().unwrap();

    // The invoice as paychat asked for it.
    let created = fake.calls_to("POST", "/v2/invoices");
    assert_eq!(created.len(), 2, "the refused one and this one");
    let sent = &created[1].body;
    assert_eq!(created[1].idempotency_key.as_deref(), Some(pid));
    assert_eq!(sent["external_id"], pid);
    assert!(sent["amount"].is_u64(), "rupiah go whole: {sent}");
    assert_eq!(number_text(&sent["amount"]), "25000");
    assert_eq!(sent["currency"], "IDR");
    assert_eq!(sent["description"], "shoes");
    let duration = sent["invoice_duration"].as_i64().expect("a duration");
    assert!(
        (duration - remaining).abs() <= 60,
        "invoice_duration {duration} s, link expires in {remaining} s"
    );
    let link_url = link["url"].as_str().unwrap();
    assert_eq!(
        sent["success_redirect_url"],
        format!("{link_url}/return?payment={pid}&lang=en")
    );
    assert_eq!(sent["failure_redirect_url"], format!("{link_url}?lang=en"));
    assert_eq!(sent["locale"], "en");
    assert!(sent.get("payment_methods").is_none(), "{sent}");
    assert!(sent.get("customer").is_none(), "{sent}");
    assert_eq!(invoice["external_id"], pid);
    assert_eq!(invoice["status"], "PENDING");

    // Xendit's PAID callback: paid, and the seller is told in the chat.
    let paid = fake.pay(id_of(&invoice));
    expect_outcome(&app, &fake, &paid, "applied").await;
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["paid_amount_minor"], 2_500_000, "{got}");
    let payment = payment_for(&app, &link, &invoice).await;
    assert_eq!(payment["status"], "succeeded", "{payment}");
    assert_eq!(payment["payer_email"], "buyer@example.com", "{payment}");
    wait_text(&tg, SELLER, "✅ Paid").await;

    // Refund from the chat, confirmed with the button.
    let refund_all = ask_refund(&tg, &slug).await;
    assert!(
        fake.calls_to("POST", "/refunds").is_empty(),
        "nothing is refunded before the seller confirms"
    );
    refund_all.press(&tg);
    wait_text(&tg, SELLER, "↩️ Refunded").await;

    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(calls.len(), 1, "{calls:?}");
    let body = &calls[0].body;
    assert_eq!(body["invoice_id"], invoice["id"]);
    assert!(body["amount"].is_u64(), "{body}");
    assert_eq!(number_text(&body["amount"]), "25000");
    assert_eq!(body["reason"], "REQUESTED_BY_CUSTOMER");
    let refunds = refunds_of(&app, &link).await;
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["status"], "succeeded");
    assert_eq!(refunds[0]["amount_minor"], 2_500_000);
    assert_eq!(
        calls[0].idempotency_key.as_deref(),
        refunds[0]["id"].as_str()
    );
    assert_eq!(body["metadata"]["paychat_refund_id"], refunds[0]["id"]);
    assert_eq!(fake.refunds().len(), 1);
    assert_eq!(
        refunds[0]["provider_refund_id"],
        fake.refunds()[0]["id"],
        "{refunds:?}"
    );
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "refunded", "{got}");

    // Each push arrived once.
    app.outbox_drained().await;
    assert_eq!(
        texts_with(&tg, SELLER, "✅ Paid").len(),
        1,
        "{}",
        tg.report()
    );
    assert_eq!(
        texts_with(&tg, SELLER, "↩️ Refunded").len(),
        1,
        "{}",
        tg.report()
    );
}
on_both!(chat_journey_in_rupiah);

// ---------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------

/// Pesos keep their centavos both ways: 150.50 is sent as 150.5, a callback's 150.5 is
/// 15050 minor units, and a refund of 50.25 is sent as 50.25.
async fn decimal_amounts_both_ways(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "150.50", "currency": "PHP", "description": "merienda" }))
        .await;
    assert_eq!(link["provider"], "xendit", "{link}");
    assert_eq!(link["amount_minor"], 15050);
    let (invoice, _) = pay(&app, &fake, &link).await;
    let sent = &fake.calls_to("POST", "/v2/invoices")[0].body;
    assert_eq!(number_text(&sent["amount"]), "150.5");
    assert_eq!(sent["currency"], "PHP");
    assert_eq!(number_text(&invoice["amount"]), "150.5");

    let paid = fake.pay(id_of(&invoice));
    assert_eq!(number_text(&paid["paid_amount"]), "150.5");
    expect_outcome(&app, &fake, &paid, "applied").await;
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["paid_amount_minor"], 15050, "{got}");
    receiver.wait_for("payment.succeeded").await;

    let (status, r) = request_refund(&app, &link, json!({ "amount": "50.25" })).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["amount_minor"], 5025, "{r}");
    assert_eq!(r["refund"]["status"], "succeeded", "{r}");
    assert_eq!(r["link"]["status"], "partially_refunded", "{r}");
    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(calls.len(), 1);
    assert_eq!(number_text(&calls[0].body["amount"]), "50.25");
    assert_eq!(number_text(&fake.refunds()[0]["amount"]), "50.25");

    // The rest: 100.25.
    let (status, r) = request_refund(&app, &link, json!({})).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["amount_minor"], 10025, "{r}");
    assert_eq!(r["link"]["status"], "refunded", "{r}");
    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(calls.len(), 2);
    assert_eq!(number_text(&calls[1].body["amount"]), "100.25");
    assert_ne!(calls[0].idempotency_key, calls[1].idempotency_key);
    assert_eq!(fake.refunds().len(), 2);
}
on_both!(decimal_amounts_both_ways);

// ---------------------------------------------------------------------------------------
// Callbacks: token, replays, order, amounts
// ---------------------------------------------------------------------------------------

/// A callback without the token, with a wrong one, or with the right token but a body
/// that is not an invoice changes nothing; the genuine one still applies afterwards.
async fn callbacks_without_the_right_token_change_nothing(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &link).await;
    let paid = fake.pay(id_of(&invoice));

    // No token at all.
    let res = app
        .client
        .post(hook(&app))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&paid).unwrap())
        .send()
        .await
        .unwrap();
    let (status, r) = read(res).await;
    assert_eq!(status, 401, "{r}");
    assert_eq!(r["error"]["code"], "bad_signature", "{r}");

    // Wrong tokens: another one, a prefix of the right one, the right one plus more,
    // and the API key in its place.
    let prefix = &TOKEN[..TOKEN.len() - 1];
    let longer = format!("{TOKEN}x");
    for wrong in ["not-the-token", prefix, longer.as_str(), KEY, ""] {
        let (status, r) = read(fake.send_with_token(&hook(&app), &paid, wrong).await).await;
        assert_eq!(status, 401, "token {wrong:?}: {r}");
        assert_eq!(r["error"]["code"], "bad_signature", "{r}");
    }

    // The right token, a body that is not an invoice.
    for body in [&b"{not json"[..], b"[1,2,3]", b"{\"status\":\"PAID\"}", b""] {
        let res = app
            .client
            .post(hook(&app))
            .header("content-type", "application/json")
            .header("x-callback-token", TOKEN)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        let (status, r) = read(res).await;
        assert_eq!(status, 400, "body {:?}: {r}", String::from_utf8_lossy(body));
    }

    // Nothing changed.
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(got["paid_count"], 0, "{got}");
    let payment = payment_for(&app, &link, &invoice).await;
    assert_eq!(payment["status"], "pending", "{payment}");
    assert_eq!(timeline(&app, &link, "payment.succeeded").await.len(), 0);

    // With the right token, an invoice paychat never opened is acknowledged, ignored.
    let mut stranger = paid.clone();
    stranger["id"] = json!("6f1e2d3c4b5a69788796a5b4");
    stranger["external_id"] = json!("order-from-another-system");
    expect_outcome(&app, &fake, &stranger, "ignored").await;

    // The genuine callback was not used up by the refusals.
    expect_outcome(&app, &fake, &paid, "applied").await;
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    receiver.wait_for("payment.succeeded").await;
}
on_both!(callbacks_without_the_right_token_change_nothing);

/// One status of one invoice is one event: PAID twice is a duplicate; SETTLED after
/// PAID and EXPIRED after PAID change nothing; SETTLED alone (PAID lost) pays; EXPIRED
/// alone expires the payment but leaves the link open, telling no one.
async fn replays_and_callbacks_out_of_order(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let receiver = seller_hook(&app).await;

    // PAID, PAID again, SETTLED, EXPIRED.
    let first = app
        .create_link(json!({ "amount": "25000", "currency": "IDR", "description": "one" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &first).await;
    let paid = fake.pay(id_of(&invoice));
    expect_outcome(&app, &fake, &paid, "applied").await;
    expect_outcome(&app, &fake, &paid, "duplicate").await;
    let settled = fake.callback(id_of(&invoice), "SETTLED");
    expect_outcome(&app, &fake, &settled, "ignored").await;
    expect_outcome(&app, &fake, &settled, "duplicate").await;
    let expired = fake.callback(id_of(&invoice), "EXPIRED");
    expect_outcome(&app, &fake, &expired, "ignored").await;
    let got = link_of(&app, &first).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["paid_count"], 1, "{got}");
    assert_eq!(got["paid_amount_minor"], 2_500_000, "{got}");
    let payment = payment_for(&app, &first, &invoice).await;
    assert_eq!(payment["status"], "succeeded", "{payment}");
    assert_eq!(timeline(&app, &first, "payment.succeeded").await.len(), 1);
    // Xendit sends the buyer back: the return page shows the payment as paid.
    let back = invoice["success_redirect_url"].as_str().unwrap();
    // In the language the buyer paid in (the seller's, Thai: nobody said otherwise).
    assert!(back.ends_with("&lang=th"), "the buyer's language: {back}");
    let res = app.client.get(back).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("ชำระแล้ว"), "{html}");

    // SETTLED alone: the PAID callback was lost.
    let second = app
        .create_link(json!({ "amount": "30000", "currency": "IDR", "description": "two" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &second).await;
    let settled = fake.callback(id_of(&invoice), "SETTLED");
    expect_outcome(&app, &fake, &settled, "applied").await;
    let got = link_of(&app, &second).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["paid_amount_minor"], 3_000_000, "{got}");
    let payment = payment_for(&app, &second, &invoice).await;
    assert_eq!(payment["status"], "succeeded", "{payment}");

    // EXPIRED alone: the buyer never paid.
    let third = app
        .create_link(json!({ "amount": "35000", "currency": "IDR", "description": "three" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &third).await;
    let expired = fake.callback(id_of(&invoice), "EXPIRED");
    expect_outcome(&app, &fake, &expired, "applied").await;
    expect_outcome(&app, &fake, &expired, "duplicate").await;
    let payment = payment_for(&app, &third, &invoice).await;
    assert_eq!(payment["status"], "expired", "{payment}");
    let got = link_of(&app, &third).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(got["paid_count"], 0, "{got}");
    assert_eq!(timeline(&app, &third, "payment.expired").await.len(), 1);
    // The link is still open: the buyer can pay again, with a new invoice.
    let (again, _) = pay(&app, &fake, &third).await;
    assert_ne!(again["id"], invoice["id"]);

    // One notification per paid link, none for the expiry.
    eventually("both payment.succeeded webhooks", || async {
        (receiver.count("payment.succeeded") >= 2).then_some(())
    })
    .await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 2);
    assert_eq!(receiver.count("payment.expired"), 0);
    let about_third = receiver
        .received()
        .into_iter()
        .filter(|r| r.json()["data"]["link"]["id"] == third["id"])
        .map(|r| r.header("paychat-event-type").to_owned())
        .filter(|kind| kind != "link.created")
        .collect::<Vec<_>>();
    assert!(about_third.is_empty(), "{about_third:?}");
}
on_both!(replays_and_callbacks_out_of_order);

/// A callback that reports another paid amount, or another currency, is acknowledged
/// but refused: the payment is held as `mismatch`, the link stays open and unpaid, and
/// the seller sees `payment.mismatch` on the timeline and at the webhook.
async fn a_callback_with_another_amount_or_currency_is_refused(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR" }))
        .await;

    // Less money than asked.
    let (invoice, _) = pay(&app, &fake, &link).await;
    let mut less = fake.pay(id_of(&invoice));
    less["paid_amount"] = json!(20000);
    let (status, r) = deliver(&app, &fake, &less).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "refused", "{r}");
    let payment = payment_for(&app, &link, &invoice).await;
    assert_eq!(payment["status"], "mismatch", "{payment}");
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(got["paid_count"], 0, "{got}");
    assert_eq!(got["paid_amount_minor"], 0, "{got}");
    let held = receiver.wait_for("payment.mismatch").await.json();
    assert_eq!(held["data"]["payment"]["id"], payment["id"], "{held}");
    assert_eq!(
        held["data"]["reported"],
        json!({ "amount_minor": 2_000_000, "currency": "IDR" }),
        "{held}"
    );

    // The right amount in another currency.
    let (invoice, _) = pay(&app, &fake, &link).await;
    let mut other = fake.pay(id_of(&invoice));
    other["currency"] = json!("PHP");
    let (status, r) = deliver(&app, &fake, &other).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["outcome"], "refused", "{r}");
    let payment = payment_for(&app, &link, &invoice).await;
    assert_eq!(payment["status"], "mismatch", "{payment}");
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "active", "{got}");
    assert_eq!(got["paid_count"], 0, "{got}");

    let timeline = events_of(&app, &link).await;
    let mismatches: Vec<&Value> = timeline
        .iter()
        .filter(|e| e["type"] == "payment.mismatch")
        .collect();
    assert_eq!(mismatches.len(), 2, "{timeline:?}");
    assert!(
        mismatches
            .iter()
            .any(|e| e["data"]["reported"]["currency"] == "PHP"),
        "{mismatches:?}"
    );
    assert!(timeline.iter().all(|e| e["type"] != "payment.succeeded"));
    eventually("two payment.mismatch webhooks", || async {
        (receiver.count("payment.mismatch") == 2).then_some(())
    })
    .await;
    assert_eq!(receiver.count("payment.succeeded"), 0);

    // The right amount and currency still pays the link.
    let (invoice, _) = pay(&app, &fake, &link).await;
    expect_outcome(&app, &fake, &fake.pay(id_of(&invoice)), "applied").await;
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["paid_amount_minor"], 2_500_000, "{got}");
}
on_both!(a_callback_with_another_amount_or_currency_is_refused);

// ---------------------------------------------------------------------------------------
// Opening invoices: faults and refusals
// ---------------------------------------------------------------------------------------

/// A create whose answer is lost (timeout) or failed (500) is looked up by our id
/// before being sent again: either way there is exactly one invoice.
async fn an_unclear_create_makes_one_invoice(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;

    // Xendit makes the invoice but answers after our 1 s timeout: the lookup finds it.
    let slow = app
        .create_link(json!({ "amount": "25000", "currency": "IDR", "description": "slow" }))
        .await;
    fake.fail_next(1, Fault::Hang(PAST_TIMEOUT));
    let (invoice, payment) = pay(&app, &fake, &slow).await;
    assert_eq!(fake.invoices().len(), 1);
    assert_eq!(invoice["external_id"], payment["id"]);
    assert_eq!(fake.calls_to("POST", "/v2/invoices").len(), 1);
    let lookups = fake.calls_to("GET", "/v2/invoices?");
    assert_eq!(lookups.len(), 1, "{lookups:?}");
    assert_eq!(
        lookups[0].path,
        format!(
            "/v2/invoices?external_id={}",
            payment["id"].as_str().unwrap()
        )
    );
    assert_eq!(payments_of(&app, &slow).await.len(), 1);

    // One 500: the lookup finds nothing, the second POST (same key) makes it.
    let flaky = app
        .create_link(json!({ "amount": "26000", "currency": "IDR", "description": "flaky" }))
        .await;
    fake.fail_next(1, Fault::Status(500));
    let (invoice, payment) = pay(&app, &fake, &flaky).await;
    assert_eq!(fake.invoices().len(), 2);
    assert_eq!(invoice["external_id"], payment["id"]);
    let posts: Vec<_> = fake
        .calls_to("POST", "/v2/invoices")
        .into_iter()
        .filter(|c| c.body["external_id"] == payment["id"])
        .collect();
    assert_eq!(
        posts.iter().map(|c| c.status).collect::<Vec<_>>(),
        [500, 200],
        "{posts:?}"
    );
    assert!(
        posts
            .iter()
            .all(|c| c.idempotency_key.as_deref() == payment["id"].as_str())
    );
    assert_eq!(fake.calls_to("GET", "/v2/invoices?").len(), 2);
    assert_eq!(payments_of(&app, &flaky).await.len(), 1);

    // Both are ordinary invoices from here on.
    expect_outcome(&app, &fake, &fake.pay(id_of(&invoice)), "applied").await;
    assert_eq!(link_of(&app, &flaky).await["status"], "paid");

    // The answer is lost and the lookup fails too. Whether paychat then gives up (502)
    // or sends the POST again with the same key, Xendit ends with one invoice for the
    // attempt, and the buyer is sent to it or to nothing.
    let lost = app
        .create_link(json!({ "amount": "27000", "currency": "IDR", "description": "lost" }))
        .await;
    fake.fail_next(1, Fault::Hang(PAST_TIMEOUT));
    fake.fail_next(3, Fault::Status(500));
    let slug = lost["slug"].as_str().unwrap();
    let res = press_pay(&app, slug).await;
    let invoices = fake.invoices();
    assert_eq!(invoices.len(), 3, "{invoices:?}");
    let invoice = invoices.last().unwrap();
    let posts: Vec<_> = fake
        .calls_to("POST", "/v2/invoices")
        .into_iter()
        .filter(|c| c.body["external_id"] == invoice["external_id"])
        .collect();
    assert!((1..=2).contains(&posts.len()), "{posts:?}");
    assert!(
        posts
            .iter()
            .all(|c| c.idempotency_key.as_deref() == invoice["external_id"].as_str()),
        "{posts:?}"
    );
    let payments = payments_of(&app, &lost).await;
    match res.status().as_u16() {
        303 => {
            assert_eq!(location(&res), invoice["invoice_url"].as_str().unwrap());
            assert_eq!(payments.len(), 1, "{payments:?}");
            assert_eq!(payments[0]["id"], invoice["external_id"]);
        }
        502 => assert!(payments.is_empty(), "{payments:?}"),
        other => panic!("pay answered {other}"),
    }
    assert_eq!(link_of(&app, &lost).await["status"], "active");
}
on_both!(an_unclear_create_makes_one_invoice);

/// Xendit refusing the invoice: the buyer gets a 422 page, the seller is told in
/// Xendit's words; Xendit down: the buyer gets a 502 page; nothing is recorded either
/// way and the link stays open.
async fn a_refused_or_failing_create_leaves_the_link_open(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR", "description": "bag" }))
        .await;
    let slug = link["slug"].as_str().unwrap();

    // Refused (4xx): tried once, never looked up or repeated.
    fake.fail_next(
        1,
        Fault::Refuse(400, "The amount is below the minimum of 10000".into()),
    );
    let res = press_pay(&app, slug).await;
    assert_eq!(res.status(), 422);
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    let html = res.text().await.unwrap();
    assert!(!html.contains(KEY), "{html}");
    assert_eq!(fake.calls_to("POST", "/v2/invoices").len(), 1);
    assert!(fake.calls_to("GET", "/v2/invoices").is_empty());
    let failed = receiver.wait_for("checkout.failed").await.json();
    assert_eq!(
        failed["data"]["error"],
        "xendit refused: The amount is below the minimum of 10000 (API_VALIDATION_ERROR)",
        "{failed}"
    );
    assert_eq!(failed["data"]["provider"], "xendit", "{failed}");
    assert_eq!(failed["data"]["link"]["id"], link["id"], "{failed}");
    assert_eq!(timeline(&app, &link, "checkout.failed").await.len(), 1);
    assert!(payments_of(&app, &link).await.is_empty());
    assert_eq!(link_of(&app, &link).await["status"], "active");

    // Down (every call 5xx): one or two POSTs, then a 502 page.
    fake.fail_next(100, Fault::Status(503));
    let res = press_pay(&app, slug).await;
    assert_eq!(res.status(), 502);
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    let posts = fake.calls_to("POST", "/v2/invoices").len() - 1;
    assert!((1..=2).contains(&posts), "{posts} POSTs");
    assert!(fake.invoices().is_empty());
    assert!(payments_of(&app, &link).await.is_empty());
    assert_eq!(link_of(&app, &link).await["status"], "active");
    // An outage is not the seller's to fix: no second checkout.failed.
    app.outbox_drained().await;
    assert_eq!(receiver.count("checkout.failed"), 1);
    assert_eq!(timeline(&app, &link, "checkout.failed").await.len(), 1);
}
on_both!(a_refused_or_failing_create_leaves_the_link_open);

/// What Xendit cannot take is refused when the link is made, not when the buyer pays.
async fn links_xendit_cannot_take_are_refused_at_creation(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let cases = [
        (
            json!({ "amount": "10.00", "currency": "USD" }),
            "xendit refused: Xendit does not take USD on this account; it takes IDR, PHP, \
             THB, VND, MYR",
        ),
        (
            json!({ "amount": "25000.50", "currency": "IDR" }),
            "xendit refused: Xendit takes IDR only in whole units; remove the decimals",
        ),
    ];
    for (body, message) in cases {
        let (status, r) = app.post("/api/v1/links", body.clone()).await;
        assert_eq!(status, 422, "{body}: {r}");
        assert_eq!(r["error"]["code"], "provider_refused", "{r}");
        assert_eq!(r["error"]["message"], message, "{r}");
    }
    let (_, list) = app.get("/api/v1/links").await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0), "{list}");
    assert!(fake.calls().is_empty(), "{:?}", fake.calls());

    // Whole rupiah and dong, centavos and sen are fine.
    for (amount, currency) in [("25000", "IDR"), ("50000", "VND"), ("12.34", "MYR")] {
        let link = app
            .create_link(json!({ "amount": amount, "currency": currency }))
            .await;
        assert_eq!(link["provider"], "xendit");
    }
}
on_both!(links_xendit_cannot_take_are_refused_at_creation);

/// The optional parts of the invoice: the seller's name when the link has no
/// description, the customer's e-mail, and the configured payment methods as an array.
async fn invoice_options_follow_the_link_and_the_config(backend: Backend) {
    let (app, fake) = xendit_app_with(
        backend,
        &[(
            "PAYCHAT_PROVIDERS__XENDIT__PAYMENT_METHODS",
            "BCA, ovo,QRIS",
        )],
    )
    .await;
    let link = app
        .create_link(json!({
            "amount": "50000",
            "currency": "VND",
            "customer_details": { "email_address": "ana@example.com" },
        }))
        .await;
    pay(&app, &fake, &link).await;
    let sent = &fake.calls_to("POST", "/v2/invoices")[0].body;
    assert_eq!(
        sent["payment_methods"],
        json!(["BCA", "OVO", "QRIS"]),
        "{sent}"
    );
    assert_eq!(
        sent["customer"],
        json!({ "email": "ana@example.com" }),
        "{sent}"
    );
    assert_eq!(sent["description"], "Nok Bakery", "{sent}");
    assert_eq!(number_text(&sent["amount"]), "50000");
    assert_eq!(sent["currency"], "VND");
    // Links last 7 days by default; the invoice as long.
    let duration = sent["invoice_duration"].as_i64().unwrap();
    assert!(
        (7 * 86_400 - 120..=7 * 86_400).contains(&duration),
        "{duration}"
    );
}
on_both!(invoice_options_follow_the_link_and_the_config);

// ---------------------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------------------

/// A paid IDR link, for refund tests; returns the link and its invoice.
async fn paid_link(app: &TestApp, fake: &FakeXendit) -> (Value, Value) {
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR", "description": "kopi" }))
        .await;
    let (invoice, _) = pay(app, fake, &link).await;
    expect_outcome(app, fake, &fake.pay(id_of(&invoice)), "applied").await;
    (link, invoice)
}

/// Xendit refusing a refund answers 422 in Xendit's words and frees the amount; Xendit
/// failing leaves the refund pending (202), and reconciliation sends it again with the
/// same key and settles it once.
async fn refund_refused_or_unanswered(backend: Backend) {
    let (app, fake) = xendit_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let (link, invoice) = paid_link(&app, &fake).await;

    // Refused.
    fake.fail_next(
        1,
        Fault::Refuse(400, "Refunds are not available for this channel".into()),
    );
    let (status, r) = request_refund(&app, &link, json!({ "amount": "10000" })).await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["error"]["code"], "provider_refused", "{r}");
    let message = r["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Refunds are not available for this channel"),
        "{message}"
    );
    let refunds = refunds_of(&app, &link).await;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["status"], "failed", "{refunds:?}");
    assert!(fake.refunds().is_empty());
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "paid", "{got}");
    assert_eq!(got["refunded_amount_minor"], 0, "{got}");
    receiver.wait_for("refund.failed").await;

    // Unanswered: three 500s.
    fake.fail_next(3, Fault::Status(500));
    let (status, r) = request_refund(&app, &link, json!({})).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        [400, 500, 500, 500],
        "{calls:?}"
    );
    let pending = refunds_of(&app, &link)
        .await
        .into_iter()
        .find(|r| r["status"] == "pending")
        .expect("a pending refund");
    assert_eq!(pending["amount_minor"], 2_500_000);
    let refund_id = pending["id"].as_str().unwrap().to_owned();
    assert!(
        calls[1..]
            .iter()
            .all(|c| c.idempotency_key.as_deref() == Some(refund_id.as_str())),
        "{calls:?}"
    );
    assert!(fake.refunds().is_empty());
    assert_eq!(link_of(&app, &link).await["status"], "paid");
    // The reserved amount cannot be refunded a second time meanwhile.
    let (status, r) = request_refund(&app, &link, json!({ "amount": "1" })).await;
    assert_eq!(status, 400, "{r}");

    // Reconciliation, once the refund is due: sent again with the same key, settled.
    until_reconcile_due(&app);
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 1, "{report:?}");
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(
        report.checked, 0,
        "a paid payment is not asked about: {report:?}"
    );
    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(calls.len(), 5, "{calls:?}");
    assert_eq!(calls[4].status, 200);
    assert_eq!(
        calls[4].idempotency_key.as_deref(),
        Some(refund_id.as_str())
    );
    assert_eq!(calls[4].body["invoice_id"], invoice["id"]);
    assert_eq!(number_text(&calls[4].body["amount"]), "25000");
    assert_eq!(fake.refunds().len(), 1);
    let refund = refunds_of(&app, &link)
        .await
        .into_iter()
        .find(|r| r["id"] == refund_id.as_str())
        .unwrap();
    assert_eq!(refund["status"], "succeeded", "{refund}");
    let got = link_of(&app, &link).await;
    assert_eq!(got["status"], "refunded", "{got}");
    assert_eq!(got["refunded_amount_minor"], 2_500_000, "{got}");

    // A second pass has nothing left to do.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 0, "{report:?}");
    assert_eq!(fake.calls_to("POST", "/refunds").len(), 5);
    receiver.wait_for("refund.succeeded").await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("refund.succeeded"), 1);
}
on_both!(refund_refused_or_unanswered);

/// Xendit makes the refund but its answer comes after our timeout: the retry with the
/// same key gets the first answer back, so Xendit holds one refund and the API says 201.
async fn a_refund_whose_answer_is_lost_is_made_once(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;
    let (link, invoice) = paid_link(&app, &fake).await;
    fake.fail_next(1, Fault::Hang(PAST_TIMEOUT));
    let (status, r) = request_refund(&app, &link, json!({ "amount": "10000" })).await;
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["refund"]["status"], "succeeded", "{r}");
    assert_eq!(r["refund"]["amount_minor"], 1_000_000, "{r}");
    assert_eq!(r["link"]["status"], "partially_refunded", "{r}");
    let calls = fake.calls_to("POST", "/refunds");
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls
            .iter()
            .all(|c| c.idempotency_key.as_deref() == r["refund"]["id"].as_str()),
        "{calls:?}"
    );
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["invoice_id"], invoice["id"]);
    assert_eq!(r["refund"]["provider_refund_id"], refunds[0]["id"], "{r}");
    let got = link_of(&app, &link).await;
    assert_eq!(got["refunded_amount_minor"], 1_000_000, "{got}");
}
on_both!(a_refund_whose_answer_is_lost_is_made_once);

// ---------------------------------------------------------------------------------------
// Reconciliation and closing invoices
// ---------------------------------------------------------------------------------------

/// Reconciliation passes until one asks about a payment again (once it is due).
async fn reconcile_until_asked_again(app: &TestApp) -> ReconcileReport {
    eventually("the payment asked about again", || async {
        // "Later" is on the app's clock: move it on between passes.
        app.clock().advance(Duration::from_secs(1));
        let report = app.engine.reconcile().await.unwrap();
        (report.checked > 0).then_some(report)
    })
    .await
}

/// Callbacks that never came: reconciliation reads the invoice. PAID and SETTLED pay
/// (one notification each, a late callback after it ignored), EXPIRED expires, PENDING
/// is asked again later.
async fn reconciliation_finds_what_callbacks_missed(backend: Backend) {
    let (app, fake) = xendit_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let mut links = Vec::new();
    for what in ["paid", "settled", "expired", "pending"] {
        let link = app
            .create_link(json!({ "amount": "25000", "currency": "IDR", "description": what }))
            .await;
        let (invoice, _) = pay(&app, &fake, &link).await;
        links.push((link, invoice));
    }
    let [
        (paid, paid_inv),
        (settled, settled_inv),
        (expired, expired_inv),
        (pending, pending_inv),
    ] = links.as_slice()
    else {
        unreachable!()
    };
    // At Xendit, without telling paychat.
    let late_paid = fake.pay(id_of(paid_inv));
    fake.callback(id_of(settled_inv), "SETTLED");
    fake.callback(id_of(expired_inv), "EXPIRED");

    until_reconcile_due(&app);
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.checked, 4, "{report:?}");
    assert_eq!(report.applied, 3, "{report:?}");
    assert_eq!(report.errors, 0, "{report:?}");
    // The pending one is asked again later, not on the very next pass.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.checked, 0, "{report:?}");
    for inv in [paid_inv, settled_inv, expired_inv, pending_inv] {
        let path = format!("/v2/invoices/{}", id_of(inv));
        assert_eq!(fake.calls_to("GET", &path).len(), 1, "{path}");
    }

    for link in [paid, settled] {
        let got = link_of(&app, link).await;
        assert_eq!(got["status"], "paid", "{got}");
        assert_eq!(got["paid_amount_minor"], 2_500_000, "{got}");
    }
    assert_eq!(
        payment_for(&app, paid, paid_inv).await["status"],
        "succeeded"
    );
    assert_eq!(
        payment_for(&app, expired, expired_inv).await["status"],
        "expired"
    );
    assert_eq!(link_of(&app, expired).await["status"], "active");
    assert_eq!(
        payment_for(&app, pending, pending_inv).await["status"],
        "pending"
    );
    assert_eq!(link_of(&app, pending).await["status"], "active");

    // The late PAID callback changes nothing and tells no one again.
    expect_outcome(&app, &fake, &late_paid, "ignored").await;
    assert_eq!(link_of(&app, paid).await["paid_count"], 1);

    eventually("two payment.succeeded webhooks", || async {
        (receiver.count("payment.succeeded") >= 2).then_some(())
    })
    .await;
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.succeeded"), 2);
    assert_eq!(receiver.count("payment.expired"), 0);
    assert_eq!(timeline(&app, paid, "payment.succeeded").await.len(), 1);
}
on_both!(reconciliation_finds_what_callbacks_missed);

/// Xendit not answering a reconciliation question is an error of that pass; the
/// payment stays pending and is asked about again later, not on every pass.
async fn reconciliation_survives_xendit_being_down(backend: Backend) {
    let (app, fake) = xendit_app_reconciling(backend).await;
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &link).await;
    fake.pay(id_of(&invoice));
    until_reconcile_due(&app);
    // Every try of this pass fails.
    fake.fail_next(3, Fault::Status(503));
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.checked, 1, "{report:?}");
    assert_eq!(report.applied, 0, "{report:?}");
    assert_eq!(report.errors, 1, "{report:?}");
    let path = format!("/v2/invoices/{}", id_of(&invoice));
    let asked = fake.calls_to("GET", &path);
    assert_eq!(
        asked.iter().map(|c| c.status).collect::<Vec<_>>(),
        [503, 503, 503],
        "{asked:?}"
    );
    assert_eq!(
        payment_for(&app, &link, &invoice).await["status"],
        "pending"
    );
    assert_eq!(link_of(&app, &link).await["status"], "active");

    // Asked again once due (as long again as the checkout's age): now it is paid.
    let report = reconcile_until_asked_again(&app).await;
    assert_eq!((report.checked, report.applied), (1, 1), "{report:?}");
    assert_eq!(fake.calls_to("GET", &path).len(), 4);
    assert_eq!(link_of(&app, &link).await["status"], "paid");
}
on_both!(reconciliation_survives_xendit_being_down);

/// A refusal that is about paychat itself (a revoked or rotated key: 401) is not Xendit
/// saying the invoice does not exist: the checkout stays pending, no one is told it
/// failed, and it is asked about again.
async fn reconcile_does_not_fail_a_checkout_on_an_auth_error(backend: Backend) {
    let (app, fake) = xendit_app_reconciling(backend).await;
    let receiver = seller_hook(&app).await;
    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &link).await;
    until_reconcile_due(&app);

    fake.fail_next(1, Fault::Refuse(401, "API key is invalid".into()));
    let report = app.engine.reconcile().await.unwrap();
    let payment = payment_for(&app, &link, &invoice).await;
    assert_eq!(
        payment["status"], "pending",
        "a 401 is not Xendit denying the invoice: {report:?} {payment}"
    );
    assert_eq!((report.checked, report.applied), (1, 0), "{report:?}");
    assert_eq!(report.errors, 1, "{report:?}");
    app.outbox_drained().await;
    assert_eq!(receiver.count("payment.failed"), 0);

    // Paid meanwhile: the next due pass finds it.
    fake.pay(id_of(&invoice));
    let report = reconcile_until_asked_again(&app).await;
    assert_eq!(report.applied, 1, "{report:?}");
    assert_eq!(link_of(&app, &link).await["status"], "paid");
}
on_both!(reconcile_does_not_fail_a_checkout_on_an_auth_error);

/// A refund whose answer was lost: Xendit did refund, and a 401 while reconciliation
/// sends it again says nothing about that refund. It must stay pending with its amount
/// held (released, the seller could refund the money twice); once the key works again
/// it is settled, and Xendit still holds one refund.
async fn reconcile_keeps_a_refund_pending_on_an_auth_error(backend: Backend) {
    let (app, fake) = xendit_app_with(backend, &[RECONCILE_SOON]).await;
    let (link, _) = paid_link(&app, &fake).await;
    // Xendit refunds, but the answer comes too late; the retries fail.
    fake.fail_next(1, Fault::Hang(PAST_TIMEOUT));
    fake.fail_next(2, Fault::Status(500));
    let (status, r) = request_refund(&app, &link, json!({ "amount": "10000" })).await;
    assert_eq!(status, 202, "{r}");
    assert_eq!(r["refund"]["status"], "pending", "{r}");
    assert_eq!(fake.refunds().len(), 1, "Xendit refunded");
    assert_eq!(refunds_of(&app, &link).await[0]["status"], "pending");
    tokio::time::sleep(Duration::from_millis(300)).await;

    fake.fail_next(1, Fault::Refuse(401, "API key is invalid".into()));
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(
        fake.calls_to("POST", "/refunds").last().unwrap().status,
        401
    );
    let refunds = refunds_of(&app, &link).await;
    assert_eq!(
        refunds[0]["status"], "pending",
        "Xendit refunded it; a 401 does not say otherwise: {report:?} {refunds:?}"
    );
    assert_eq!(report.errors, 1, "{report:?}");
    let payment = &payments_of(&app, &link).await[0];
    assert_eq!(
        payment["refunded_amount_minor"], 1_000_000,
        "the amount Xendit gave back stays held: {payment}"
    );

    // With the key working again the next pass settles it, once.
    let report = app.engine.reconcile().await.unwrap();
    assert_eq!(report.refunds_finished, 1, "{report:?}");
    assert_eq!(refunds_of(&app, &link).await[0]["status"], "succeeded");
    assert_eq!(fake.refunds().len(), 1);
    assert_eq!(link_of(&app, &link).await["status"], "partially_refunded");
}
on_both!(reconcile_keeps_a_refund_pending_on_an_auth_error);

/// Cancelling a link, or its expiry, expires the open invoice at Xendit so the buyer
/// cannot pay a closed link.
async fn closing_a_link_expires_its_invoice(backend: Backend) {
    let (app, fake) = xendit_app(backend).await;

    let link = app
        .create_link(json!({ "amount": "25000", "currency": "IDR", "description": "cancel" }))
        .await;
    let (invoice, _) = pay(&app, &fake, &link).await;
    let (status, r) = cancel_link(&app, &link).await;
    assert_eq!(status, 200, "{r}");
    let id = id_of(&invoice).to_owned();
    eventually("the invoice expired at Xendit", || async {
        (fake.invoice(&id).unwrap()["status"] == "EXPIRED").then_some(())
    })
    .await;
    let closes = fake.calls_to("POST", &format!("/invoices/{id}/expire"));
    assert_eq!(closes.len(), 1, "{:?}", fake.calls());
    assert_eq!(closes[0].status, 200);
    assert_eq!(link_of(&app, &link).await["status"], "cancelled");
    // Xendit's EXPIRED callback then closes the payment too.
    expect_outcome(&app, &fake, &fake.callback(&id, "EXPIRED"), "applied").await;
    assert_eq!(
        payment_for(&app, &link, &invoice).await["status"],
        "expired"
    );

    // A link that runs out: the sweeper expires it, and its invoice with it.
    let soon = (chrono::Utc::now() + chrono::TimeDelta::seconds(3))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let short = app
        .create_link(json!({ "amount": "26000", "currency": "IDR", "expiry_date": soon }))
        .await;
    let (invoice, _) = pay(&app, &fake, &short).await;
    let sent = fake
        .calls_to("POST", "/v2/invoices")
        .into_iter()
        .find(|c| c.body["external_id"] == invoice["external_id"])
        .unwrap();
    assert_eq!(
        sent.body["invoice_duration"], 60,
        "clamped to Xendit's minimum"
    );
    let id = id_of(&invoice).to_owned();
    eventually("the short link's invoice expired at Xendit", || async {
        (fake.invoice(&id).unwrap()["status"] == "EXPIRED").then_some(())
    })
    .await;
    assert_eq!(link_of(&app, &short).await["status"], "expired");
    assert_eq!(
        fake.calls_to("POST", &format!("/invoices/{id}/expire"))
            .len(),
        1
    );
}
on_both!(closing_a_link_expires_its_invoice);

// ---------------------------------------------------------------------------------------
// Per-seller provider
// ---------------------------------------------------------------------------------------

/// With the sandbox as default and Xendit enabled, only the seller moved to Xendit gets
/// Xendit for new links; links made before keep their provider.
async fn one_seller_on_xendit(backend: Backend) {
    let (app, fake) = xendit_app_with(backend, &[("PAYCHAT_PROVIDERS__DEFAULT", "sandbox")]).await;
    let before = app
        .create_link(json!({ "amount": "100", "currency": "THB" }))
        .await;
    assert_eq!(before["provider"], "sandbox");

    set_provider(&app, Some("xendit")).await;
    let link = app
        .create_link(json!({ "amount": "100", "currency": "THB" }))
        .await;
    assert_eq!(link["provider"], "xendit", "{link}");
    let (invoice, _) = pay(&app, &fake, &link).await;
    assert_eq!(number_text(&invoice["amount"]), "100");
    assert_eq!(invoice["currency"], "THB");
    expect_outcome(&app, &fake, &fake.pay(id_of(&invoice)), "applied").await;
    assert_eq!(link_of(&app, &link).await["status"], "paid");
    // Xendit's refusals now apply to this seller.
    let (status, r) = app
        .post(
            "/api/v1/links",
            json!({ "amount": "10", "currency": "USD" }),
        )
        .await;
    assert_eq!(status, 422, "{r}");
    assert_eq!(r["error"]["code"], "provider_refused", "{r}");

    // The older link still pays in the sandbox.
    let slug = before["slug"].as_str().unwrap();
    let res = press_pay(&app, slug).await;
    assert_eq!(res.status(), 303);
    assert!(
        location(&res).contains("/sandbox/checkout/"),
        "{}",
        location(&res)
    );
    assert_eq!(fake.invoices().len(), 1);
    // A Xendit callback naming the sandbox payment's id does not touch it.
    let sandbox_payment = payments_of(&app, &before).await.remove(0);
    assert_eq!(sandbox_payment["provider"], "sandbox");
    let forged = json!({
        "id": sandbox_payment["provider_payment_id"],
        "external_id": sandbox_payment["id"],
        "status": "PAID",
        "amount": 100,
        "paid_amount": 100,
        "currency": "THB",
    });
    expect_outcome(&app, &fake, &forged, "ignored").await;
    assert_eq!(payments_of(&app, &before).await[0]["status"], "pending");
    assert_eq!(link_of(&app, &before).await["status"], "active");

    // Another seller stays on the sandbox, USD and all.
    let other = another_sellers_link(&app, json!({ "amount": "10", "currency": "USD" })).await;
    assert_eq!(other["provider"], "sandbox");

    // And back to the default.
    set_provider(&app, None).await;
    let after = app
        .create_link(json!({ "amount": "10", "currency": "USD" }))
        .await;
    assert_eq!(after["provider"], "sandbox");
}
on_both!(one_seller_on_xendit);
