//! The LINE door end to end: signed webhooks into the real app, answers and pushes out
//! to the fake Messaging API in `fake_line`, a real database, the sandbox provider.

use serde_json::Value;

use crate::fake_line::{self as fl, Endpoint, FakeLine, Fault};
use crate::helpers::{Backend, TestApp};
use crate::on_both;
use crate::whatsapp::slug_in;

/// The seller's LINE user id.
const SELLER: &str = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa";
/// Someone else.
const OTHER: &str = "U4af4980629bbbbbbbbbbbbbbbbbbbbbb";
const GROUP: &str = "Ca56f94637ccccccccccccccccccccccc";

/// paychat with LINE pointed at a fresh fake; the seller's profile says English.
async fn spawn_line(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeLine) {
    let app = TestApp::builder().line().env(extra).spawn(backend).await;
    let fake = app.line().clone();
    fake.set_profile(SELLER, "Nok", Some("en"));
    (app, fake)
}

/// A public URL LINE takes pictures from (nothing is fetched from it in the tests).
const HTTPS: &[(&str, &str)] = &[("PAYCHAT_SERVER__PUBLIC_URL", "https://pay.example")];

/// POSTs `body` to the LINE webhook with `signature`; returns the HTTP status.
async fn post(app: &TestApp, body: Vec<u8>, signature: Option<&str>) -> u16 {
    let mut req = app
        .client
        .post(app.url("/webhooks/line"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(s) = signature {
        req = req.header("x-line-signature", s);
    }
    req.send().await.expect("webhook").status().as_u16()
}

/// Delivers `events`, signed.
async fn send(app: &TestApp, events: &[Value]) -> u16 {
    let body = fl::webhook_body(FakeLine::BOT_USER_ID, events);
    let signature = fl::sign(&body);
    post(app, body, Some(&signature)).await
}

/// `who` writes `text` in their one-to-one chat.
async fn say(app: &TestApp, fake: &FakeLine, who: &str, text: &str) -> Value {
    let event = fl::text_event(who, text, &fake.reply_token(who));
    assert_eq!(send(app, std::slice::from_ref(&event)).await, 200);
    event
}

/// The seller writes `text`, but its reply token has expired by the time it is used.
async fn say_late(app: &TestApp, fake: &FakeLine, text: &str) {
    let event = fl::text_event(SELLER, text, &fake.reply_token(SELLER));
    fake.expire_reply_tokens();
    assert_eq!(send(app, &[event]).await, 200);
}

/// `who` taps a postback button carrying `data`.
async fn tap(app: &TestApp, fake: &FakeLine, who: &str, data: &str) {
    let event = fl::postback_event(who, data, &fake.reply_token(who));
    assert_eq!(send(app, &[event]).await, 200);
}

/// Polls `f` for up to 15 s; on timeout, panics with what the fake saw.
async fn until<T>(fake: &FakeLine, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}\n{}",
            fake.report()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Waits for a message to `who` whose readable text contains `needle`.
async fn wait_text(fake: &FakeLine, who: &str, needle: &str) -> String {
    until(fake, &format!("a LINE message with {needle:?}"), || {
        fake.texts_to(who).into_iter().find(|t| t.contains(needle))
    })
    .await
}

/// How many messages to `who` contain `needle`.
fn count(fake: &FakeLine, who: &str, needle: &str) -> usize {
    fake.texts_to(who)
        .iter()
        .filter(|t| t.contains(needle))
        .count()
}

/// The seller follows the account (registers) and makes a link; returns its slug.
async fn register_and_link(app: &TestApp, fake: &FakeLine, args: &str) -> String {
    register(app, fake).await;
    make_link(app, fake, args).await
}

/// The seller follows the account: greeted and registered.
async fn register(app: &TestApp, fake: &FakeLine) {
    let follow = fl::follow_event(SELLER, &fake.reply_token(SELLER));
    assert_eq!(send(app, &[follow]).await, 200);
    wait_text(fake, SELLER, "/link").await;
}

/// The seller sends `link {args}`; returns the new link's slug.
async fn make_link(app: &TestApp, fake: &FakeLine, args: &str) -> String {
    let description = args
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    let cards = || {
        fake.texts_to(SELLER)
            .into_iter()
            .filter(|t| t.contains(&description) && t.contains("/p/"))
            .collect::<Vec<_>>()
    };
    let before = cards().len();
    say(app, fake, SELLER, &format!("link {args}")).await;
    let card = until(fake, "the link's card", || cards().into_iter().nth(before)).await;
    slug_in(&card)
}

/// The LINE seller's links, newest first.
async fn links_of(app: &TestApp) -> Vec<paychat::engine::LinkRow> {
    let seller = app
        .engine
        .chat_seller("line", SELLER)
        .await
        .unwrap()
        .unwrap();
    crate::telegram::links_of(app, &seller.id).await
}

async fn the_sellers_whole_journey_on_line(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[]).await;

    // LINE's "Verify": an empty, signed event list.
    assert_eq!(send(&app, &[]).await, 200);
    // Unsigned, wrongly signed, or not a webhook.
    let body = fl::webhook_body("U", &[fl::text_event(SELLER, "help", "t")]);
    assert_eq!(post(&app, body.clone(), None).await, 401);
    let forged = fl::line_signature("not-the-secret", &body);
    assert_eq!(post(&app, body, Some(&forged)).await, 401);
    let junk = b"{\"events\": 5}".to_vec();
    let signature = fl::sign(&junk);
    assert_eq!(post(&app, junk, Some(&signature)).await, 400);

    // A new friend is greeted (and registered) by reply, which costs no quota.
    let slug = register_and_link(&app, &fake, "250 THB ค่าเรียน").await;
    assert!(fake.pushes().is_empty(), "{}", fake.report());
    let card = fake
        .messages_to(SELLER)
        .into_iter()
        .find(|m| m["type"] == "flex" && fl::message_text(m).contains("ค่าเรียน"))
        .expect("a Flex card");
    assert!(
        card["altText"].as_str().unwrap().contains("฿250.00"),
        "{card}"
    );
    let link_url = format!("{}/p/{slug}", app.addr);
    assert!(
        fake.links_to(SELLER).contains(&link_url),
        "{}",
        fake.report()
    );
    assert!(
        fake.postback_data(SELLER).contains(&format!("cx:{slug}")),
        "{}",
        fake.report()
    );
    // The public URL is http here: the QR goes as its address, not a picture.
    assert!(fake.images_to(SELLER).is_empty());
    wait_text(&fake, SELLER, &format!("{link_url}/qr.png")).await;
    let seller = app
        .engine
        .chat_seller("line", SELLER)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(seller.name, "Nok");

    // The buyer pays: "Paid" is pushed, with a retry key.
    app.buyer_pays(&slug, "succeed").await;
    wait_text(&fake, SELLER, "Somchai").await;
    let push = fake.pushes().into_iter().find(|c| c.delivered()).unwrap();
    let key = push.retry_key.expect("a retry key");
    assert_eq!(key.len(), 36, "{key}");
    assert_eq!(&key[14..15], "4", "{key}");

    // Refund, confirmed by a postback.
    say(&app, &fake, SELLER, &format!("refund {slug}")).await;
    let yes = until(&fake, "a refund question", || {
        fake.postback_data(SELLER)
            .into_iter()
            .find(|d| d.starts_with("q:") && !d.ends_with(":x"))
    })
    .await;
    tap(&app, &fake, SELLER, &yes).await;
    wait_text(&fake, SELLER, "↩️").await;
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Refunded);
}
on_both!(the_sellers_whole_journey_on_line);

/// LINE redelivers an event (same `webhookEventId`): it is handled once.
async fn a_redelivered_event_is_handled_once(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[]).await;
    register_and_link(&app, &fake, "100 THB cake").await;
    let event = say(&app, &fake, SELLER, "link 120 THB pie").await;
    wait_text(&fake, SELLER, "pie").await;
    assert_eq!(send(&app, &[fl::redelivered(event)]).await, 200);
    app.outbox_drained().await;
    assert_eq!(links_of(&app).await.len(), 2, "one cake, one pie");
    assert_eq!(count(&fake, SELLER, "pie"), 1, "{}", fake.report());
}
on_both!(a_redelivered_event_is_handled_once);

/// An answer whose reply token LINE refuses goes by push; a push that timed out after
/// LINE took it is retried with the same key, and shown once.
async fn late_answers_are_pushed_once(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[]).await;
    register_and_link(&app, &fake, "100 THB cake").await;

    say_late(&app, &fake, "help").await;
    let push = until(&fake, "the help pushed", || {
        fake.pushes().into_iter().next()
    })
    .await;
    assert!(
        push.texts().join("\n").contains("/report"),
        "{}",
        fake.report()
    );
    assert!(
        fake.failed()
            .iter()
            .any(|c| c.endpoint == Endpoint::Reply && c.status == 400),
        "the expired token was tried first: {}",
        fake.report()
    );

    // LINE takes the push but answers after the app gave up (2 s timeout): the retry
    // carries the same key, gets 409, and the seller sees the answer once.
    let cakes = count(&fake, SELLER, "cake");
    fake.fail_next(
        Endpoint::Push,
        1,
        Fault::Hang(std::time::Duration::from_secs(3)),
    );
    say_late(&app, &fake, "links").await;
    let conflict = until(&fake, "the push retried", || {
        fake.failed().into_iter().find(|c| c.status == 409)
    })
    .await;
    let key = conflict.retry_key.expect("a retry key");
    assert!(
        fake.pushes()
            .iter()
            .any(|c| c.retry_key.as_deref() == Some(key.as_str())),
        "the first attempt went through: {}",
        fake.report()
    );
    app.outbox_drained().await;
    assert_eq!(count(&fake, SELLER, "cake"), cakes + 1, "{}", fake.report());
}
on_both!(late_answers_are_pushed_once);

/// In a group the bot answers registered sellers only; removed from the group, it
/// sends nothing there. A user who blocks the account gets no pushes.
async fn groups_and_blocks(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[]).await;
    register_and_link(&app, &fake, "100 THB cake").await;

    assert_eq!(
        send(&app, &[fl::join_event(GROUP, &fake.reply_token(GROUP))]).await,
        200
    );
    let chatter = fl::group_text_event(GROUP, OTHER, "hello all", &fake.reply_token(GROUP));
    let stranger = fl::group_text_event(GROUP, OTHER, "/link 5 THB x", &fake.reply_token(GROUP));
    let seller = fl::group_text_event(GROUP, SELLER, "link 300 THB tart", &fake.reply_token(GROUP));
    assert_eq!(send(&app, &[chatter, stranger, seller]).await, 200);
    let card = until(&fake, "the tart card", || {
        fake.texts_to(GROUP)
            .into_iter()
            .find(|t| t.contains("tart") && t.contains("/p/"))
    })
    .await;
    let tart = slug_in(&card);
    app.outbox_drained().await;
    let texts = fake.texts_to(GROUP);
    assert!(!texts.iter().any(|t| t.contains("hello")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("register")),
        "the stranger is told how to register: {texts:?}"
    );

    // Removed from the group: its link's "Paid" goes nowhere there.
    assert_eq!(send(&app, &[fl::leave_event(GROUP)]).await, 200);
    app.outbox_drained().await;
    let before = fake.texts_to(GROUP).len();
    app.buyer_pays(&tart, "succeed").await;
    app.outbox_drained().await;
    assert_eq!(fake.texts_to(GROUP).len(), before, "{}", fake.report());

    // The seller blocks the account: no pushes; following again lets them through.
    let cake = links_of(&app)
        .await
        .into_iter()
        .find(|l| l.description == "cake")
        .unwrap()
        .slug;
    assert_eq!(send(&app, &[fl::unfollow_event(SELLER)]).await, 200);
    app.outbox_drained().await;
    app.buyer_pays(&cake, "succeed").await;
    app.outbox_drained().await;
    assert_eq!(count(&fake, SELLER, "Somchai"), 0, "{}", fake.report());
    let follow = fl::follow_event(SELLER, &fake.reply_token(SELLER));
    assert_eq!(send(&app, &[follow]).await, 200);
    app.outbox_drained().await;
    assert!(
        !app.engine.chat_blocked("line", SELLER).await.unwrap(),
        "following again unblocks"
    );
}
on_both!(groups_and_blocks);

/// Over https the QR is a picture; stickers get a short help.
async fn over_https_the_qr_is_a_picture(backend: Backend) {
    let (app, fake) = spawn_line(backend, HTTPS).await;
    let slug = register_and_link(&app, &fake, "250 THB tuition").await;
    let (original, preview) = until(&fake, "the QR picture", || {
        fake.images_to(SELLER).into_iter().next()
    })
    .await;
    assert_eq!(original, format!("https://pay.example/p/{slug}/qr.png"));
    assert_eq!(preview, original);
    let sticker = fl::image_event(SELLER, "9001", &fake.reply_token(SELLER));
    assert_eq!(send(&app, &[sticker]).await, 200);
    wait_text(&fake, SELLER, "I can only read text").await;
}
on_both!(over_https_the_qr_is_a_picture);

/// The month's quota: read and exposed; sellers told once when it runs low; when it is
/// spent, a push waits (no other app) instead of failing.
async fn the_quota_is_watched(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[("PAYCHAT_LINE__QUOTA_WARN_BELOW", "10")]).await;
    fake.set_quota(200);
    fake.set_usage(195);
    let cake = register_and_link(&app, &fake, "100 THB cake").await;
    let pie = {
        say(&app, &fake, SELLER, "link 120 THB pie").await;
        slug_in(&wait_text(&fake, SELLER, "pie").await)
    };
    let tart = {
        say(&app, &fake, SELLER, "link 130 THB tart").await;
        slug_in(&wait_text(&fake, SELLER, "tart").await)
    };

    app.buyer_pays(&cake, "succeed").await;
    let warned = wait_text(&fake, SELLER, "left this month").await;
    assert!(warned.contains("5 status messages"), "{warned}");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("paychat_line_quota_remaining 4"),
        "{metrics}"
    );
    // Told once.
    app.buyer_pays(&pie, "succeed").await;
    until(&fake, "pie's push", || {
        (count(&fake, SELLER, "Somchai") == 2).then_some(())
    })
    .await;
    assert_eq!(count(&fake, SELLER, "left this month"), 1);

    // Spent: the push is kept for later, not dropped and not counted as failed.
    fake.set_usage(200);
    app.buyer_pays(&tart, "succeed").await;
    until(&fake, "a push refused for the monthly limit", || {
        fake.failed()
            .into_iter()
            .find(|c| c.status == 429)
            .map(|_| ())
    })
    .await;
    let stats = app.engine.outbox_stats().await.unwrap();
    assert_eq!((stats.waiting(), stats.dead), (1, 0), "{}", fake.report());
    assert_eq!(count(&fake, SELLER, "Somchai"), 2);
}
on_both!(the_quota_is_watched);

/// A buyer pays by PromptPay and sends a slip: the seller sees the claim and the slip's
/// picture in LINE (fetched by LINE from an unguessable address), confirms with the
/// postback buttons, and the link is paid; the refund is recorded by hand.
async fn a_bank_qr_claim_with_its_slip_is_confirmed_in_line(backend: Backend) {
    let (app, fake) = spawn_line(backend, HTTPS).await;
    register(&app, &fake).await;
    say(&app, &fake, SELLER, "payto promptpay 0812345678").await;
    wait_text(&fake, SELLER, "PromptPay is set").await;
    let slug = make_link(&app, &fake, "100 THB lesson").await;

    let payload = paychat::domain::rails::slip::slip_qr_payload("014", "2026120499998888");
    let slip_png = paychat::conversation::qr::png(&payload, 6).unwrap();
    crate::bank_qr::claim_with(&app, &slug, "Somsak", Some(("slip.png", slip_png))).await;
    let claim = wait_text(&fake, SELLER, "A buyer says they paid").await;
    assert!(claim.contains("reference 2026120499998888"), "{claim}");
    let (picture, preview) = until(&fake, "the slip's picture", || {
        fake.images_to(SELLER)
            .into_iter()
            .find(|(u, _)| u.contains("/line/slips/"))
    })
    .await;
    assert_eq!(preview, format!("{picture}?preview"));
    let small = preview.strip_prefix("https://pay.example").unwrap();
    let res = app.client.get(app.url(small)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(&res.bytes().await.unwrap()[..3], &[0xFF, 0xD8, 0xFF]);
    let path = picture.strip_prefix("https://pay.example").unwrap();
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(&res.bytes().await.unwrap()[..3], &[0xFF, 0xD8, 0xFF]);
    let forged = format!("{}0", &path[..path.len() - 1]);
    let forged = if forged == path {
        format!("{}1", &path[..path.len() - 1])
    } else {
        forged
    };
    let res = app.client.get(app.url(&forged)).send().await.unwrap();
    assert_eq!(res.status(), 404);

    let received = fake
        .postback_data(SELLER)
        .into_iter()
        .find(|d| d.starts_with("bq:") && d.ends_with(":y"))
        .expect("a Received button");
    tap(&app, &fake, SELLER, &received).await;
    wait_text(&fake, SELLER, "as received from").await;
    let yes = until(&fake, "the confirmation's yes", || {
        fake.postback_data(SELLER)
            .into_iter()
            .rev()
            .find(|d| d.starts_with("q:") && !d.ends_with(":x"))
    })
    .await;
    tap(&app, &fake, SELLER, &yes).await;
    wait_text(&fake, SELLER, "The link is paid").await;
    wait_text(&fake, SELLER, "✅ Paid").await;
    let seller = app
        .engine
        .chat_seller("line", SELLER)
        .await
        .unwrap()
        .unwrap();
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!((link.status.as_str(), link.paid_minor), ("paid", 10_000));
}
on_both!(a_bank_qr_claim_with_its_slip_is_confirmed_in_line);

/// A Telegram seller connects LINE: a link made in LINE is pushed to LINE; when LINE's
/// monthly quota is spent, the push goes to the seller's Telegram instead of waiting;
/// `/notify here` in LINE brings a Telegram link's push to LINE.
async fn a_seller_with_telegram_and_line(backend: Backend) {
    use crate::telegram::{self as tg, SELLER as TG_SELLER};
    let app = TestApp::builder().telegram().line().spawn(backend).await;
    let (telegram, fake) = (app.telegram().clone(), app.line().clone());
    let code = crate::whatsapp::connect_code(&telegram).await;
    say(&app, &fake, SELLER, &format!("connect {code}")).await;
    wait_text(&fake, SELLER, "Connected").await;
    let seller = app
        .engine
        .chat_seller("line", SELLER)
        .await
        .unwrap()
        .unwrap();
    let on_telegram = app
        .engine
        .chat_seller("telegram", &TG_SELLER.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seller.id, on_telegram.id);

    let cake = make_link(&app, &fake, "100 THB cake").await;
    app.buyer_pays(&cake, "succeed").await;
    wait_text(&fake, SELLER, "Somchai").await;

    // LINE's month is used up: the next LINE link's push goes to Telegram.
    fake.set_quota(10);
    fake.set_usage(10);
    let pie = make_link(&app, &fake, "120 THB pie").await;
    app.buyer_pays(&pie, "succeed").await;
    let moved = tg::wait_text(&telegram, TG_SELLER, "Somchai").await;
    assert!(moved.text().contains("pie"), "{}", moved.text());
    assert_eq!(count(&fake, SELLER, "Somchai"), 1, "{}", fake.report());

    // The quota is back; the seller wants status messages in LINE.
    fake.clear_quota();
    say(&app, &fake, SELLER, "notify here").await;
    wait_text(&fake, SELLER, "Status messages now come to this chat").await;
    let tart = tg::make_link(&telegram, TG_SELLER, "130 THB tart").await;
    app.buyer_pays(&tart, "succeed").await;
    let pushed = until(&fake, "tart's push in LINE", || {
        fake.texts_to(SELLER)
            .into_iter()
            .find(|t| t.contains("Somchai") && t.contains("tart"))
    })
    .await;
    assert!(pushed.contains("฿130.00"), "{pushed}");
}
on_both!(a_seller_with_telegram_and_line);

/// A chat whose sends hang holds only itself: while the seller's answer is stuck on its
/// way to LINE, someone else's messages are answered, one after another.
async fn a_hung_chat_does_not_hold_another(backend: Backend) {
    let (app, fake) = spawn_line(backend, &[("PAYCHAT_LINE__REQUEST_TIMEOUT_SECS", "120")]).await;
    register(&app, &fake).await;
    fake.fail_next_to(SELLER, 1, Fault::Hang(std::time::Duration::from_secs(60)));
    say(&app, &fake, SELLER, "links").await;
    for n in 1..=3 {
        say(&app, &fake, OTHER, "hello").await;
        until(&fake, "an answer to someone else", || {
            (fake.texts_to(OTHER).len() >= n).then_some(())
        })
        .await;
    }
    let stats = app.engine.outbox_stats().await.unwrap();
    assert!(
        stats.pending >= 1,
        "the stuck answer is still on its way: {stats:?}"
    );
}
on_both!(a_hung_chat_does_not_hold_another);
