//! A link's terms: items with shipping and a promotion (exact totals in 0-, 2- and
//! 3-decimal currencies), an amount the buyer chooses, and payment in parts.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both;

async fn refused(app: &TestApp, body: Value) -> Value {
    let (status, json) = app.post("/api/v1/links", body).await;
    assert_eq!(status, 400, "{json}");
    json["error"].clone()
}

/// The buyer submits the pay form with `fields`; returns where they were sent.
async fn pay_with(app: &TestApp, slug: &str, fields: &[(&str, &str)]) -> String {
    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay?lang=en")))
        .form(fields)
        .send()
        .await
        .expect("pay");
    let status = res.status();
    let to = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(status, 303, "{:?}", res.text().await);
    to.expect("location")
}

/// Completes a sandbox checkout the buyer was sent to.
async fn complete(app: &TestApp, checkout: &str, outcome: &str) {
    let res = app
        .client
        .post(checkout)
        .form(&[("outcome", outcome), ("payer_name", "Somchai")])
        .send()
        .await
        .expect("complete");
    assert_eq!(res.status(), 303);
}

async fn link(app: &TestApp, id: &str) -> Value {
    let (status, json) = app.get(&format!("/api/v1/links/{id}")).await;
    assert_eq!(status, 200, "{json}");
    json
}

/// A ฿1,000 cake taken in parts, ฿300 at least first.
async fn cake_in_parts(app: &TestApp) -> Value {
    app.create_link(json!({
        "currency": "THB", "amount": "1000", "description": "Cake",
        "accept_partial": true, "first_min_partial_amount": "300"
    }))
    .await
}

/// The link once `ready` holds for it (a webhook applies after the buyer's redirect).
async fn link_once(app: &TestApp, id: &str, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
    app.eventually(what, || async {
        let l = link(app, id).await;
        ready(&l).then_some(l)
    })
    .await
}

async fn payments(app: &TestApp, id: &str) -> Vec<Value> {
    let (_, list) = app.get(&format!("/api/v1/links/{id}/payments")).await;
    list["data"].as_array().cloned().unwrap_or_default()
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.client.get(app.url(path)).send().await.expect("page");
    assert_eq!(res.status(), 200);
    res.text().await.expect("html")
}

async fn items_make_the_total_exactly(backend: Backend) {
    let app = spawn_app(backend).await;
    // 2 decimals: 2 × 45.50 + 1 × 30 + 40 shipping − 10.25 discount = 150.75.
    let made = app
        .create_link(json!({
            "currency": "THB",
            "description": "Cupcakes",
            "order_details": [
                { "name": "Cupcake <b>", "quantity": 2, "price": "45.50" },
                { "item_name": "Tea", "item_quantity": 1, "item_price": 30 }
            ],
            "merchant_details": { "shipping_charges": "40", "promo_discount": "10.25", "promo_code": "SAVE" }
        }))
        .await;
    assert_eq!(made["amount_minor"], 15_075, "{made}");
    assert_eq!(made["order_details"][0]["price_minor"], 4550);
    assert_eq!(made["merchant_details"]["promo_code"], "SAVE");
    // 0 decimals and 3 decimals.
    let jpy = app
        .create_link(json!({ "currency": "JPY", "order_details": [ { "name": "Mochi", "quantity": 3, "price": "120" } ] }))
        .await;
    assert_eq!(jpy["amount_minor"], 360);
    let kwd = app
        .create_link(json!({ "currency": "KWD", "order_details": [ { "name": "Dates", "quantity": 3, "price": "1.125" } ],
                             "merchant_details": { "shipping_charges": "0.500" } }))
        .await;
    assert_eq!(kwd["amount_minor"], 3875);
    assert_eq!(kwd["amount"], "3.875");
    // An explicit amount equal to the total is fine; another is refused with the total.
    let same = app
        .create_link(json!({ "currency": "JPY", "amount": 360, "order_details": [ { "name": "Mochi", "quantity": 3, "price": 120 } ] }))
        .await;
    assert_eq!(same["amount_minor"], 360);
    let e = refused(&app, json!({ "currency": "THB", "amount": "100", "order_details": [ { "name": "A", "quantity": 2, "price": "45.50" } ] })).await;
    assert_eq!(e["code"], "amount_mismatch", "{e}");
    assert!(e["message"].as_str().unwrap().contains("91.00"), "{e}");

    // The buyer page shows the items (escaped) and the total; the receipt lists them.
    let slug = made["slug"].as_str().unwrap();
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(html.contains("Cupcake &lt;b&gt;"), "{html}");
    assert!(!html.contains("Cupcake <b>"));
    assert!(
        html.contains("Shipping") && html.contains("Discount (SAVE)"),
        "{html}"
    );
    assert!(html.contains("150.75"), "{html}");
    let checkout = pay_with(&app, slug, &[]).await;
    complete(&app, &checkout, "succeed").await;
    let id = made["id"].as_str().unwrap();
    let paid = link_once(&app, id, "the link paid", |l| l["status"] == "paid").await;
    assert_eq!(paid["paid_amount_minor"], 15_075);
}
on_both!(items_make_the_total_exactly);

async fn bad_items_are_refused_with_their_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (
            json!({ "currency": "THB", "order_details": [] }),
            "items_empty",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "", "price": "1" } ] }),
            "item_name_missing",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "quantity": 0, "price": "1" } ] }),
            "item_quantity_invalid",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A" } ] }),
            "missing_field",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "price": "1.005" } ] }),
            "amount_too_precise",
        ),
        (
            json!({ "currency": "JPY", "order_details": [ { "name": "A", "price": "1.5" } ] }),
            "amount_too_precise",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "price": "10" } ], "merchant_details": { "promo_discount": "10" } }),
            "promo_discount_too_large",
        ),
        (
            json!({ "currency": "THB", "amount": "10", "merchant_details": { "shipping_charges": "1" } }),
            "order_details_required",
        ),
        // Below zero is refused, never read as none.
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "price": "10" } ], "merchant_details": { "shipping_charges": "-5" } }),
            "shipping_negative",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "price": "10" } ], "merchant_details": { "shipping_charges": -5 } }),
            "shipping_negative",
        ),
        (
            json!({ "currency": "THB", "order_details": [ { "name": "A", "price": "10" } ], "merchant_details": { "shipping_charges": "5", "promo_discount": "-3" } }),
            "promo_discount_negative",
        ),
    ];
    for (body, code) in cases {
        let e = refused(&app, body.clone()).await;
        assert_eq!(e["code"], code, "{body} → {e}");
    }
    let (_, page) = app.get("/api/v1/links").await;
    assert_eq!(
        page["data"].as_array().map(Vec::len),
        Some(0),
        "nothing was made"
    );
}
on_both!(bad_items_are_refused_with_their_field);

async fn the_buyer_chooses_within_bounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let made = app
        .create_link(json!({
            "currency": "THB", "description": "Donation", "usage_limit": null,
            "dynamic_amount": { "min_amount": "20", "max_amount": "5000", "preset_amounts": ["100", "500"] }
        }))
        .await;
    assert_eq!(made["amount_minor"], 2000, "{made}");
    assert_eq!(made["dynamic_amount"]["preset_amounts"][1], "500.00");
    let (slug, id) = (made["slug"].as_str().unwrap(), made["id"].as_str().unwrap());
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(html.contains("name=\"preset\" value=\"100.00\""), "{html}");
    assert!(html.contains("name=\"amount\""), "{html}");

    // Outside the bounds, empty, or not a number: back to the page with why; no payment.
    for (fields, code, shown) in [
        (
            vec![("amount", "19.99")],
            "amount_below_min",
            "at least ฿20.00",
        ),
        (
            vec![("amount", "5000.01")],
            "amount_above_max",
            "at most ฿5,000.00",
        ),
        (vec![("amount", "")], "amount_required", "Choose or type"),
        (vec![("amount", "1e3")], "amount_invalid", "in figures"),
        // On an English page a point is a decimal point, and ฿1.000 has too many
        // decimals: a thousand is likely meant, but it is refused, never guessed.
        (
            vec![("amount", "1.000")],
            "amount_separators",
            "without separators between thousands, for example 250.50 THB",
        ),
        // No way of grouping thousands either: what is wrong is the decimals.
        (
            vec![("amount", "10,0000")],
            "amount_too_precise",
            "THB has 2 decimal places: write at most 2 digits after the decimal separator",
        ),
        (vec![("amount", "100 USD")], "amount_invalid", "in figures"),
    ] {
        let to = pay_with(&app, slug, &fields).await;
        assert!(to.ends_with(&format!("amount_error={code}")), "{to}");
        let html = page(&app, &to).await;
        assert!(html.contains(shown), "{code}: {html}");
    }
    assert!(payments(&app, id).await.is_empty());

    // A preset, a typed amount with a decimal comma, and one with a thousands comma
    // (on an English page, and two decimals for the baht, "1,000" reads one way only):
    // each paid as chosen.
    let checkout = pay_with(&app, slug, &[("preset", "500.00"), ("amount", "")]).await;
    complete(&app, &checkout, "succeed").await;
    let checkout = pay_with(&app, slug, &[("amount", "77,50")]).await;
    complete(&app, &checkout, "succeed").await;
    let checkout = pay_with(&app, slug, &[("amount", "1,000")]).await;
    complete(&app, &checkout, "succeed").await;
    let l = link_once(&app, id, "three donations", |l| l["paid_count"] == 3).await;
    assert_eq!(l["paid_amount_minor"], 157_750, "{l}");
    assert_eq!(l["status"], "active");
    let mut amounts: Vec<i64> = payments(&app, id)
        .await
        .iter()
        .filter_map(|p| p["amount_minor"].as_i64())
        .collect();
    amounts.sort_unstable();
    assert_eq!(amounts, vec![7750, 50_000, 100_000]);

    // Contradictory bounds, an amount as well, a bank-QR-only link: refused.
    let e = refused(
        &app,
        json!({ "currency": "THB", "dynamic_amount": { "min_amount": "50", "max_amount": "20" } }),
    )
    .await;
    assert_eq!(e["code"], "max_below_min");
    let e = refused(
        &app,
        json!({ "currency": "THB", "amount": "50", "dynamic_amount": { "min_amount": "20" } }),
    )
    .await;
    assert_eq!(e["code"], "dynamic_amount_conflict");
    let e = refused(&app, json!({ "currency": "THB", "dynamic_amount": { "min_amount": "20", "preset_amounts": ["10"] } })).await;
    assert_eq!(e["code"], "preset_out_of_range");
}
on_both!(the_buyer_chooses_within_bounds);

async fn a_deposit_then_the_balance(backend: Backend) {
    let app = spawn_app(backend).await;
    let made = cake_in_parts(&app).await;
    assert_eq!(made["accept_partial"], true, "{made}");
    assert_eq!(made["remaining_amount_minor"], 100_000);
    let (slug, id) = (made["slug"].as_str().unwrap(), made["id"].as_str().unwrap());
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(html.contains("Pay deposit ฿300.00"), "{html}");
    assert!(html.contains("Pay in full ฿1,000.00"), "{html}");

    // Below the first minimum: refused.
    let to = pay_with(&app, slug, &[("amount", "299")]).await;
    assert!(to.ends_with("amount_error=amount_below_min"), "{to}");

    // The deposit: partially paid, 700 left.
    let checkout = pay_with(&app, slug, &[("preset", "300.00")]).await;
    complete(&app, &checkout, "succeed").await;
    let l = link_once(&app, id, "the deposit", |l| l["status"] == "partially_paid").await;
    assert_eq!(l["paid_amount_minor"], 30_000);
    assert_eq!(l["remaining_amount"], "700.00");
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(html.contains("Still to pay: ฿700.00"), "{html}");
    assert!(html.contains("Pay the balance ฿700.00"), "{html}");

    // A last part that overpays is refused; a smaller part is taken.
    let to = pay_with(&app, slug, &[("amount", "700.01")]).await;
    assert!(to.ends_with("amount_error=amount_above_max"), "{to}");
    let checkout = pay_with(&app, slug, &[("amount", "200")]).await;
    complete(&app, &checkout, "succeed").await;
    app.eventually("the second part", || async {
        (link(&app, id).await["paid_amount_minor"] == 50_000).then_some(())
    })
    .await;
    let checkout = pay_with(&app, slug, &[("preset", "500.00")]).await;
    complete(&app, &checkout, "succeed").await;
    let l = link_once(&app, id, "paid in full", |l| l["status"] == "paid").await;
    assert_eq!(l["paid_amount_minor"], 100_000);
    assert_eq!(l["remaining_amount_minor"], 0);
    assert_eq!(l["paid_count"], 3);

    // Each part is a payment of its own, refundable on its own.
    let parts = payments(&app, id).await;
    let deposit = parts
        .iter()
        .find(|p| p["amount_minor"] == 30_000)
        .expect("the deposit");
    let (status, r) = app
        .post(
            &format!("/api/v1/links/{id}/refunds"),
            json!({ "payment_id": deposit["id"] }),
        )
        .await;
    assert!(status.is_success(), "{r}");
    assert_eq!(r["refund"]["amount_minor"], 30_000, "{r}");

    // A first minimum above the amount, or a reusable link in parts: refused.
    let e = refused(&app, json!({ "currency": "THB", "amount": "100", "accept_partial": true, "first_min_partial_amount": "101" })).await;
    assert_eq!(e["code"], "first_min_partial_invalid");
    let e = refused(
        &app,
        json!({ "currency": "THB", "amount": "100", "accept_partial": true, "usage_limit": null }),
    )
    .await;
    assert_eq!(e["code"], "partial_needs_single_use");
}
on_both!(a_deposit_then_the_balance);

/// Two buyers each start the balance before either pays: both payments are real money,
/// so the second completes the link and is late for what it paid beyond the balance.
/// A refunded part is due again.
async fn parts_paid_at_once_and_a_refunded_deposit(backend: Backend) {
    let app = spawn_app(backend).await;
    let made = cake_in_parts(&app).await;
    let (slug, id) = (made["slug"].as_str().unwrap(), made["id"].as_str().unwrap());
    let first = pay_with(&app, slug, &[("amount", "700")]).await;
    let second = pay_with(&app, slug, &[("amount", "700")]).await;
    complete(&app, &first, "succeed").await;
    complete(&app, &second, "succeed").await;
    let l = link_once(&app, id, "both parts", |l| {
        l["paid_amount_minor"] == 140_000
    })
    .await;
    assert_eq!(l["status"], "paid", "{l}");
    assert_eq!(l["paid_count"], 2, "{l}");
    assert_eq!(l["remaining_amount_minor"], 0, "{l}");
    let (_, events) = app.get(&format!("/api/v1/links/{id}/events")).await;
    let late: Vec<bool> = events["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"] == "payment.succeeded")
        .filter_map(|e| e["data"]["late"].as_bool())
        .collect();
    assert_eq!(late, vec![false, true], "{events}");
    let over: Vec<Value> = events["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"] == "payment.succeeded")
        .map(|e| e["data"]["over_amount_minor"].clone())
        .collect();
    assert_eq!(
        over,
        vec![Value::Null, json!(40_000)],
        "the excess to refund"
    );

    // A deposit refunded in full: the whole amount is due again, deposit first.
    let made = cake_in_parts(&app).await;
    let (slug, id) = (made["slug"].as_str().unwrap(), made["id"].as_str().unwrap());
    let checkout = pay_with(&app, slug, &[("preset", "300.00")]).await;
    complete(&app, &checkout, "succeed").await;
    let deposit = app
        .eventually("the deposit", || async {
            let p = payments(&app, id).await;
            p.into_iter().find(|p| p["status"] == "succeeded")
        })
        .await;
    for amount in ["100", "200"] {
        let (status, r) = app
            .post(
                &format!("/api/v1/links/{id}/refunds"),
                json!({ "payment_id": deposit["id"], "amount": amount }),
            )
            .await;
        assert!(status.is_success(), "{r}");
    }
    let l = link(&app, id).await;
    assert_eq!(l["status"], "partially_paid", "{l}");
    assert_eq!(l["remaining_amount_minor"], 100_000, "{l}");
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    assert!(html.contains("Pay deposit ฿300.00"), "{html}");
    // The deposit's minimum holds again, and the whole amount can be paid.
    let to = pay_with(&app, slug, &[("amount", "100")]).await;
    assert!(to.ends_with("amount_error=amount_below_min"), "{to}");
    let to = pay_with(&app, slug, &[("preset", "1000.00")]).await;
    assert!(
        !to.contains("amount_error"),
        "the whole amount is taken: {to}"
    );
    let checkout = pay_with(&app, slug, &[("amount", "700")]).await;
    complete(&app, &checkout, "succeed").await;
    let l = link_once(&app, id, "the second part", |l| {
        l["paid_amount_minor"] == 100_000
    })
    .await;
    assert_eq!(l["status"], "partially_paid", "{l}");
    assert_eq!(l["remaining_amount_minor"], 30_000, "{l}");
    // And the last ฿300 closes it.
    let checkout = pay_with(&app, slug, &[("amount", "300")]).await;
    complete(&app, &checkout, "succeed").await;
    let l = link_once(&app, id, "paid in full", |l| l["status"] == "paid").await;
    assert_eq!(l["remaining_amount_minor"], 0, "{l}");
}
on_both!(parts_paid_at_once_and_a_refunded_deposit);

// ---- from chat ---------------------------------------------------------------------

use crate::kit::chat::{Chat, shown};
use crate::telegram::{
    SELLER, ask, callback_data, make_link, press, register, spawn_bot, texts_with, wait_text,
};

/// The link behind a slug, through the API (the chat seller's key is not the app's).
async fn chat_link(app: &TestApp, chat: &Chat, slug: &str) -> paychat::engine::LinkRow {
    let seller = chat.seller().await;
    app.engine
        .link_by_slug(&seller.id, slug)
        .await
        .expect("link")
}

async fn items_any_and_deposit_from_chat(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut chat = Chat::new(&app, "720001", "en");
    chat.register().await;

    // Items: the total computed exactly, the card lists them.
    let replies = chat
        .say_all("/link 2x cupcake 45, 1x tea 30.50, ship 40 THB")
        .await;
    let card = shown(&replies[0]);
    assert!(card.contains("2× cupcake — ฿90.00"), "{card}");
    assert!(card.contains("Shipping — ฿40.00"), "{card}");
    let slug = crate::telegram::slug_in(&card);
    let link = chat_link(&app, &chat, &slug).await;
    assert_eq!(link.amount.minor(), 16_050);
    assert_eq!(link.terms().order.map(|o| o.items.len()), Some(2));

    // A price that does not read is refused, nothing made.
    let r = chat.say("/link 2x cupcake 45, 1x tea").await;
    assert!(shown(&r).contains("is not an item"), "{}", shown(&r));
    let r = chat.say("/link 2x cupcake 45.555 THB").await;
    assert!(shown(&r).contains("cannot be an amount"), "{}", shown(&r));

    // The buyer chooses: bounds on the card.
    let replies = chat.say_all("/link any THB donation min:20 max:5000").await;
    let card = shown(&replies[0]);
    assert!(card.contains("฿20.00 – ฿5,000.00"), "{card}");
    let slug = crate::telegram::slug_in(&card);
    assert!(chat_link(&app, &chat, &slug).await.terms().choice.is_some());
    let r = chat.say("/link 100 THB donation min:20").await;
    assert!(shown(&r).contains("min:"), "{}", shown(&r));
    let r = chat.say("/link any THB donation min:50 max:20").await;
    assert!(shown(&r).contains("max:20"), "{}", shown(&r));

    // A deposit of 30 %: 300 of 1,000.
    let replies = chat.say_all("/link 1000 THB cake deposit:30%").await;
    let card = shown(&replies[0]);
    assert!(card.contains("at least ฿300.00"), "{card}");
    let r = chat.say("/link 1000 THB cake deposit:100%").await;
    assert!(shown(&r).contains("deposit:100%"), "{}", shown(&r));
}
on_both!(items_any_and_deposit_from_chat);

/// A deposit paid: the Telegram push says what is left and offers the balance request,
/// which the seller gets ready to forward; `/status` shows what is still due.
async fn the_balance_request_after_a_deposit(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = make_link(&fake, SELLER, "1000 THB cake deposit:30%").await;
    let checkout = pay_with(&app, &slug, &[("preset", "300.00")]).await;
    complete(&app, &checkout, "succeed").await;
    let push = wait_text(&fake, SELLER, "Still to pay").await;
    assert!(
        push.text().contains("Part paid: ฿300.00"),
        "{}",
        push.text()
    );
    let data = format!("bal:{slug}");
    let request = press(&fake, SELLER, &push, &data).await;
    assert!(
        request.text().contains("Balance due for cake: ฿700.00"),
        "{}",
        request.text()
    );
    assert!(request.text().contains(&format!("/p/{slug}")));
    let before = texts_with(&fake, SELLER, "Still to pay: ฿700.00").len();
    fake.text_update(SELLER, SELLER, &format!("/status {slug}"));
    app.eventually("the status", || async {
        (texts_with(&fake, SELLER, "Still to pay: ฿700.00").len() > before).then_some(())
    })
    .await;
}
on_both!(the_balance_request_after_a_deposit);

/// A part that went over the balance: the seller's push says by how much, and how to
/// refund it.
async fn the_push_for_a_part_over_the_balance(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = make_link(&fake, SELLER, "1000 THB cake deposit:30%").await;
    let first = pay_with(&app, &slug, &[("amount", "700")]).await;
    let second = pay_with(&app, &slug, &[("amount", "700")]).await;
    complete(&app, &first, "succeed").await;
    wait_text(&fake, SELLER, "Still to pay").await;
    complete(&app, &second, "succeed").await;
    let push = wait_text(&fake, SELLER, "over what was still due").await;
    assert!(
        push.text().contains(&format!(
            "This part went ฿400.00 over what was still due (another part was paid at the \
             same time). Refund the difference with /refund {slug} 400 THB."
        )),
        "{}",
        push.text()
    );
}
on_both!(the_push_for_a_part_over_the_balance);

/// A single-use link paid twice (two checkouts at once): the late push's advice works,
/// `/refund CODE` asks which payment, and the one pressed is refunded.
async fn refund_from_chat_on_a_link_paid_twice(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = make_link(&fake, SELLER, "250 THB double").await;
    let first = pay_with(&app, &slug, &[]).await;
    let second = pay_with(&app, &slug, &[]).await;
    complete(&app, &first, "succeed").await;
    complete(&app, &second, "succeed").await;
    let late = wait_text(&fake, SELLER, "already closed when the money arrived").await;
    assert!(
        late.text().contains(&format!("/refund {slug}")),
        "{}",
        late.text()
    );
    // The status counts both payments its total holds.
    let status = ask(&fake, SELLER, SELLER, &format!("/status {slug}")).await;
    assert!(
        status.text().contains("Paid ฿500.00 · payments: 2"),
        "{}",
        status.text()
    );
    let question = ask(&fake, SELLER, SELLER, &format!("/refund {slug}")).await;
    let text = question.text();
    assert!(text.contains("more than one payment to refund"), "{text}");
    assert!(text.contains("1. ฿250.00 of the ฿250.00 paid"), "{text}");
    assert!(text.contains("2. ฿250.00 of the ฿250.00 paid"), "{text}");
    let data = callback_data(&question);
    let second_choice = data
        .iter()
        .find(|d| d.ends_with(":1"))
        .expect("a second choice")
        .clone();
    let done = press(&fake, SELLER, &question, &second_choice).await;
    assert!(done.text().contains("฿250.00"), "{}", done.text());
    wait_text(&fake, SELLER, "Refunded").await;
    let seller = crate::telegram::seller_of(&app, SELLER).await;
    let link = app.engine.link_by_slug(&seller, &slug).await.expect("link");
    let payments = app
        .engine
        .payments(&seller, link.id.as_str())
        .await
        .expect("payments");
    let refunded: Vec<i64> = payments.iter().map(|p| p.refunded_minor).collect();
    // Listed newest first: the second line is the first payment.
    assert_eq!(refunded, vec![25_000, 0], "the payment pressed");

    // One payment left to refund (the other is succeeded too, but refunded in full):
    // an amount typed is asked about and refunded on that payment.
    let question = ask(&fake, SELLER, SELLER, &format!("/refund {slug} 100")).await;
    let data = callback_data(&question);
    assert_eq!(data.len(), 2, "yes, and keep: {}", question.text());
    // The answer, or the refund's own push if the sandbox refunded first.
    let before = fake.sent_to_chat(SELLER).len();
    press(&fake, SELLER, &question, &data[0]).await;
    crate::helpers::eventually("the answer to the refund", || async {
        fake.sent_to_chat(SELLER)[before..]
            .iter()
            .any(|c| c.text().contains("Refund requested"))
            .then_some(())
    })
    .await;
    let refunded = crate::helpers::eventually("the other payment's refund", || async {
        let payments = app.engine.payments(&seller, link.id.as_str()).await.ok()?;
        let r: Vec<i64> = payments.iter().map(|p| p.refunded_minor).collect();
        (r[1] > 0).then_some(r)
    })
    .await;
    assert_eq!(refunded, vec![25_000, 10_000]);
}
on_both!(refund_from_chat_on_a_link_paid_twice);

/// One pay form carries the amount chosen and the buyer's details: both are read, and
/// a missing detail shows the page again without losing the amount field.
async fn a_chosen_amount_with_required_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let made = app
        .create_link(json!({
            "currency": "THB", "description": "Tip", "usage_limit": null,
            "dynamic_amount": { "min_amount": "20" },
            "customer_required_fields": ["name"]
        }))
        .await;
    let (slug, id) = (made["slug"].as_str().unwrap(), made["id"].as_str().unwrap());
    let html = page(&app, &format!("/p/{slug}?lang=en")).await;
    let form = &html[html.find("class=\"choose\"").expect("the amount form")..];
    assert!(
        form.contains("name=\"name\""),
        "the details are inside the amount form: {html}"
    );

    let res = app
        .client
        .post(app.url(&format!("/p/{slug}/pay?lang=en")))
        .form(&[("amount", "50")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("name=\"amount\""));
    assert!(payments(&app, id).await.is_empty());

    let checkout = pay_with(&app, slug, &[("amount", "50"), ("name", "Ann")]).await;
    complete(&app, &checkout, "succeed").await;
    let paid = app
        .eventually("the tip", || async {
            let p = payments(&app, id).await;
            p.iter().any(|p| p["status"] == "succeeded").then_some(p)
        })
        .await;
    assert_eq!(paid[0]["amount_minor"], 5000, "{paid:?}");
}
on_both!(a_chosen_amount_with_required_details);
