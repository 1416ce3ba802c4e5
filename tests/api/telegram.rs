//! The Telegram door end to end: the real app with its teloxide client against the fake
//! Bot API in `fake_telegram`, a real database, the sandbox provider over real HTTP.

use paychat::domain::SellerId;
use serde_json::Value;

use crate::fake_telegram::{Call, FakeTelegram};
use crate::helpers::{Backend, TestApp};
use crate::on_both;
use crate::pages::decode_qr_png;

/// A seller's Telegram user id (its private chat has the same id).
pub const SELLER: i64 = 700_001;

/// paychat with a bot pointed at a fresh fake Bot API, the app's own pacing off (unless
/// `extra` sets it); tests of the limits use `FakeTelegram::start_enforcing_limits` and
/// `spawn_bot_on`, with the real gap.
pub async fn spawn_bot(backend: Backend, extra: &[(&str, &str)]) -> (TestApp, FakeTelegram) {
    let app = TestApp::builder()
        .telegram()
        .env(extra)
        .spawn(backend)
        .await;
    let fake = app.telegram().clone();
    (app, fake)
}

/// paychat with a bot pointed at `fake`.
pub async fn spawn_bot_on(
    backend: Backend,
    fake: &FakeTelegram,
    extra: &[(&str, &str)],
) -> TestApp {
    TestApp::builder()
        .telegram_on(fake)
        .env(extra)
        .spawn(backend)
        .await
}

/// paychat started again on `app`'s database with a bot pointed at `fake` (a restart).
pub async fn restart_bot_on(app: &TestApp, fake: &FakeTelegram) -> TestApp {
    TestApp::builder()
        .telegram_on(fake)
        .env(&[("PAYCHAT_TELEGRAM__PRIVATE_CHAT_GAP_MS", "0")])
        .start(app.db.clone())
        .await
}

/// The slug in the first link URL of `text`.
pub fn slug_in(text: &str) -> String {
    let i = text.find("/p/").expect("a link URL in the message");
    text[i + 3..i + 3 + 16].to_owned()
}

/// The callback data of every button of a sent message.
pub fn callback_data(call: &Call) -> Vec<String> {
    let markup = match &call.params["reply_markup"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        v => v.clone(),
    };
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
        .collect()
}

/// The callback data of the button whose label contains `label`.
pub fn button(call: &Call, label: &str) -> Option<String> {
    let markup = match &call.params["reply_markup"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        v => v.clone(),
    };
    markup["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"].as_str().is_some_and(|t| t.contains(label)))
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
}

/// The first answer of a question the bot asked (its "yes"), whatever the language.
pub fn yes_button(call: &Call) -> Option<String> {
    callback_data(call)
        .into_iter()
        .find(|d| d.starts_with("q:") && d.ends_with(":0"))
}

/// Messages (not photos) sent to `chat` whose text contains `needle`.
pub fn texts_with(fake: &FakeTelegram, chat: i64, needle: &str) -> Vec<Call> {
    fake.sent_to_chat(chat)
        .into_iter()
        .filter(|c| c.method != "sendphoto" && c.text().contains(needle))
        .collect()
}

/// Waits until a message containing `needle` reached `chat`.
pub async fn wait_text(fake: &FakeTelegram, chat: i64, needle: &str) -> Call {
    crate::helpers::eventually(
        &format!("a message with {needle:?} in chat {chat}"),
        || async { texts_with(fake, chat, needle).into_iter().next() },
    )
    .await
}

/// Sends `/link …` as the seller and returns the link's slug once the card and its QR
/// code arrived.
pub async fn make_link(fake: &FakeTelegram, chat: i64, args: &str) -> String {
    make_link_as(fake, SELLER, chat, args).await
}

/// Sends `/link …` as `user` in `chat` and returns the link's slug once the card and
/// its QR code arrived.
pub async fn make_link_as(fake: &FakeTelegram, user: i64, chat: i64, args: &str) -> String {
    let before = fake.sent_to_chat(chat).len();
    fake.text_update(user, chat, &format!("/link {args}"));
    crate::helpers::eventually(&format!("a link card and QR for {args:?}"), || async {
        let calls = fake.sent_to_chat(chat);
        let new = calls.get(before..).unwrap_or_default();
        let card = new.iter().find(|c| c.text().contains("/p/"))?;
        new.iter()
            .any(|c| c.method == "sendphoto")
            .then(|| slug_in(&card.text()))
    })
    .await
}

async fn the_sellers_whole_journey(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;

    // Start: greeted and shown the help, in the user's language.
    fake.text_update_lang(SELLER, SELLER, "/start", "th");
    wait_text(&fake, SELLER, "/link").await;
    let seller = app
        .engine
        .chat_seller("telegram", &SELLER.to_string())
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(
        (seller.locale.as_str(), seller.currency.as_str()),
        ("th", "THB")
    );

    // Link: a card with the amount, the description, buttons, then a QR photo.
    fake.text_update(SELLER, SELLER, "/link 250 THB tuition exp:3d");
    let photo = fake.wait_for("sendphoto", 1).await.remove(0);
    let card = wait_text(&fake, SELLER, "tuition").await;
    assert!(card.text().contains("฿250.00"), "{}", card.text());
    let slug = slug_in(&card.text());
    let url = format!("{}/p/{slug}", app.addr);
    assert!(card.text().contains(&url));
    assert!(callback_data(&card).contains(&format!("cx:{slug}")));
    let (_, name, png) = &photo.files[0];
    assert_eq!(name, "qr.png");
    assert_eq!(decode_qr_png(png), url);
    assert_eq!(photo.chat_id(), Some(SELLER));

    // The buyer pays in the sandbox: the seller is told once, with the payer's name.
    app.buyer_pays(&slug, "succeed").await;
    let paid = wait_text(&fake, SELLER, "Somchai").await;
    assert!(paid.text().contains("฿250.00"));

    // Refund with confirmation: the button, then the "refunded" push.
    fake.text_update(SELLER, SELLER, &format!("/refund {slug}"));
    let confirm = crate::helpers::eventually("a refund confirmation", || async {
        fake.sent_to_chat(SELLER)
            .into_iter()
            .find(|c| yes_button(c).is_some())
    })
    .await;
    assert!(
        confirm
            .text()
            .contains("คืนเงิน ฿250.00 ของ ฿250.00 — tuition"),
        "{}",
        confirm.text()
    );
    let message_id = confirm.result_message_id().expect("message id");
    let yes = yes_button(&confirm).expect("the refund button");
    fake.callback_update(SELLER, SELLER, message_id, &yes);
    let refunded = wait_text(&fake, SELLER, "↩️").await;
    assert!(refunded.text().contains("฿250.00"), "{}", refunded.text());
    let link = app.engine.link_by_slug(&seller.id, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Refunded);

    // Each push arrived once.
    app.outbox_drained().await;
    assert_eq!(
        texts_with(&fake, SELLER, "Somchai").len(),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(
        texts_with(&fake, SELLER, "↩️").len(),
        1,
        "{}",
        fake.report()
    );
    // The token never reached the logs' favourite place: metrics.
    let metrics = app.metrics().await;
    assert!(!metrics.contains(FakeTelegram::TOKEN));
}
on_both!(the_sellers_whole_journey);

// ---- helpers for the tests below ------------------------------------------------

/// A second Telegram user (and private chat).
pub const OTHER: i64 = 700_002;
/// A group chat.
pub const GROUP: i64 = -100_200_300;

/// Sends `text` as `user` in `chat` and returns the `n` messages the bot sent there next.
pub async fn ask_n(fake: &FakeTelegram, user: i64, chat: i64, text: &str, n: usize) -> Vec<Call> {
    let before = fake.sent_to_chat(chat).len();
    fake.text_update(user, chat, text);
    let calls = fake.wait_for_chat(chat, before + n).await;
    calls[before..before + n].to_vec()
}

/// Sends `text` as `user` in `chat` and returns the first message the bot sent there next.
pub async fn ask(fake: &FakeTelegram, user: i64, chat: i64, text: &str) -> Call {
    ask_n(fake, user, chat, text, 1).await.remove(0)
}

/// Presses a button (`data`) under the bot's message `under`; returns the next message.
pub async fn press(fake: &FakeTelegram, user: i64, under: &Call, data: &str) -> Call {
    let chat = under.chat_id().expect("a chat message");
    let before = fake.sent_to_chat(chat).len();
    let message_id = under.result_message_id().expect("message id");
    assert!(
        callback_data(under).iter().any(|d| d == data),
        "no button {data:?} under {:?}",
        under.text()
    );
    fake.callback_update(user, chat, message_id, data);
    fake.wait_for_chat(chat, before + 1).await.remove(before)
}

/// Registers `user` by `/start` in their private chat (greeting and help).
pub async fn register(fake: &FakeTelegram, user: i64) {
    let replies = ask_n(fake, user, user, "/start", 2).await;
    assert!(replies[1].text().contains("/link"), "{}", replies[1].text());
}

/// The seller id behind a Telegram user.
pub async fn seller_of(app: &TestApp, user: i64) -> SellerId {
    app.engine
        .chat_seller("telegram", &user.to_string())
        .await
        .unwrap()
        .expect("a registered seller")
        .id
}

/// All links of a seller, newest first.
pub async fn links_of(app: &TestApp, seller_id: &SellerId) -> Vec<paychat::engine::store::LinkRow> {
    app.engine
        .list_links(
            seller_id,
            None,
            paychat::engine::store::LinkFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap()
}

/// The outbox's pending and dead counts.
pub async fn outbox(app: &TestApp) -> (i64, i64) {
    let s = app.engine.outbox_stats().await.unwrap();
    (s.waiting(), s.dead)
}

/// Waits until the outbox has nothing pending (every push delivered or dead).
pub async fn outbox_settled(app: &TestApp) {
    crate::helpers::eventually("an outbox with nothing pending", || async {
        (outbox(app).await.0 == 0).then_some(())
    })
    .await;
}

/// Makes a link as `SELLER` in its private chat and pays it in the sandbox; returns
/// its slug once the "paid" push arrived.
pub async fn paid_link(app: &TestApp, fake: &FakeTelegram, args: &str) -> String {
    let slug = make_link(fake, SELLER, args).await;
    let before = texts_with(fake, SELLER, "✅").len();
    app.buyer_pays(&slug, "succeed").await;
    crate::helpers::eventually("the paid push", || async {
        (texts_with(fake, SELLER, "✅").len() > before).then_some(())
    })
    .await;
    slug
}

// ---- commands --------------------------------------------------------------------

/// `/links` pages through ten links with a "More" button; `/status` shows a paid link's
/// totals and timeline.
async fn links_pages_and_status_timeline(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let before = fake.sent_to_chat(SELLER).len();
    for i in 1..=10 {
        fake.text_update(SELLER, SELLER, &format!("/link {i} item-{i:02}"));
    }
    // Ten cards and ten QR codes, in order.
    let sent = fake.wait_for_chat(SELLER, before + 20).await;
    let slugs: Vec<String> = sent[before..]
        .iter()
        .filter(|c| c.method == "sendmessage")
        .map(|c| slug_in(&c.text()))
        .collect();
    assert_eq!(slugs.len(), 10);

    let page1 = ask(&fake, SELLER, SELLER, "/links").await;
    let text = page1.text();
    assert!(text.starts_with("<b>Your links</b>"), "{text}");
    assert_eq!(text.lines().count(), 1 + 8, "{text}");
    for i in 3..=10 {
        assert!(text.contains(&format!("item-{i:02}")), "{text}");
        assert!(text.contains(&slugs[i - 1]), "{text}");
    }
    assert!(
        !text.contains("item-02") && !text.contains("item-01"),
        "{text}"
    );
    let more = callback_data(&page1);
    assert_eq!(more.len(), 1, "{more:?}");
    assert!(more[0].starts_with("ls:"), "{more:?}");

    let page2 = press(&fake, SELLER, &page1, &more[0]).await;
    let text = page2.text();
    assert_eq!(text.lines().count(), 1 + 2, "{text}");
    assert!(
        text.contains("item-02") && text.contains("item-01"),
        "{text}"
    );
    assert!(callback_data(&page2).is_empty(), "no more pages");

    // Status after a payment: status, totals, and the timeline in order.
    app.buyer_pays(&slugs[0], "succeed").await;
    wait_text(&fake, SELLER, "✅ Paid").await;
    let status = ask(&fake, SELLER, SELLER, &format!("/status {}", slugs[0])).await;
    let text = status.text();
    assert!(text.starts_with("<b>$1.00 — item-01</b>"), "{text}");
    assert!(text.contains("✅ Paid"), "{text}");
    assert!(
        text.contains(&format!("{}/p/{}", app.addr, slugs[0])),
        "{text}"
    );
    // The totals line ("Paid $1.00" and the number of payments).
    assert!(text.lines().any(|l| l.starts_with("Paid $1.00")), "{text}");
    let timeline = text.split("Timeline:").nth(1).expect("a timeline");
    let created = timeline.find("Created").expect("created in the timeline");
    let paid = timeline.find(" Paid").expect("paid in the timeline");
    assert!(created < paid, "{timeline}");
    // By URL too.
    let by_url = ask(
        &fake,
        SELLER,
        SELLER,
        &format!("/status {}/p/{}", app.addr, slugs[1]),
    )
    .await;
    assert!(by_url.text().contains("🟢 Open"), "{}", by_url.text());
}
on_both!(links_pages_and_status_timeline);

/// `/cancel` asks first ("no" keeps the link, "yes" cancels it); `/paid` records a
/// payment and pushes "Paid"; `/qr` sends a QR code of the link; `/report week` sums
/// what was received; `/export` sends a CSV of links and payments.
async fn cancel_paid_qr_report_and_export(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let keep = make_link(&fake, SELLER, "5 keep me").await;
    let cash = make_link(&fake, SELLER, "7 cash").await;
    let online = paid_link(&app, &fake, "11 online").await;
    let status = |slug: String| {
        let app = &app;
        let seller = seller.clone();
        async move { app.engine.link_by_slug(&seller, &slug).await.unwrap() }
    };

    // Cancel: "no" keeps it.
    let confirm = ask(&fake, SELLER, SELLER, &format!("/cancel {keep}")).await;
    assert!(
        confirm.text().contains("Cancel $5.00 — keep me?"),
        "{}",
        confirm.text()
    );
    let no = button(&confirm, "No, keep it").expect("a keep button");
    let kept = press(&fake, SELLER, &confirm, &no).await;
    assert_eq!(kept.method, "editmessagetext");
    assert_eq!(
        kept.params["message_id"],
        confirm.result_message_id().unwrap()
    );
    assert!(kept.text().contains("nothing changed"), "{}", kept.text());
    assert_eq!(
        status(keep.clone()).await.status,
        paychat::domain::LinkStatus::Active
    );
    // …"yes" cancels it.
    let confirm = ask(&fake, SELLER, SELLER, &format!("/cancel {keep}")).await;
    let yes = button(&confirm, "Yes, cancel it").expect("a cancel button");
    let done = press(&fake, SELLER, &confirm, &yes).await;
    assert_eq!(done.method, "editmessagetext");
    assert!(
        done.text().contains("Cancelled: $5.00 — keep me"),
        "{}",
        done.text()
    );
    assert_eq!(
        status(keep.clone()).await.status,
        paychat::domain::LinkStatus::Cancelled
    );

    // Paid by hand: asked first, then the answer and the push.
    let confirm = ask(&fake, SELLER, SELLER, &format!("/paid {cash}")).await;
    assert!(
        confirm.text().contains("Mark $7.00 — cash as paid"),
        "{}",
        confirm.text()
    );
    assert_eq!(
        status(cash.clone()).await.status,
        paychat::domain::LinkStatus::Active
    );
    let yes = button(&confirm, "Yes, it is paid").expect("a paid button");
    fake.callback_update(SELLER, SELLER, confirm.result_message_id().unwrap(), &yes);
    wait_text(
        &fake,
        SELLER,
        "Recorded as paid by cash or transfer: $7.00 — cash",
    )
    .await;
    let push = crate::helpers::eventually("the push for the cash payment", || async {
        texts_with(&fake, SELLER, "✅ Paid")
            .into_iter()
            .find(|c| c.text().contains("$7.00 — cash"))
    })
    .await;
    assert!(callback_data(&push).contains(&format!("st:{cash}")));
    let link = status(cash.clone()).await;
    assert_eq!((link.status.as_str(), link.paid_minor), ("paid", 700));
    // A payment recorded by hand has its buyer's receipt too.
    let token = crate::receipts::token_after(&push.text(), "/r/");
    let receipt = reqwest::get(format!("{}/r/{token}", app.addr))
        .await
        .unwrap();
    assert_eq!(receipt.status(), 200);
    assert!(receipt.text().await.unwrap().contains("$7.00"));

    // The QR code again.
    let photo = ask(&fake, SELLER, SELLER, &format!("/qr {online}")).await;
    assert_eq!(photo.method, "sendphoto");
    assert_eq!(photo.text(), "Scan to pay $11.00");
    assert_eq!(
        decode_qr_png(&photo.files[0].2),
        format!("{}/p/{online}", app.addr)
    );

    // The week's report: 7 + 11 received.
    let report = ask(&fake, SELLER, SELLER, "/report week").await;
    let text = report.text();
    assert!(text.starts_with("<b>Last 7 days</b>"), "{text}");
    assert!(
        text.contains("Received $18.00, refunded $0.00, net $18.00"),
        "{text}"
    );
    assert!(text.contains("✅ Paid × 2 · $18.00"), "{text}");
    assert!(text.contains("✖️ Cancelled × 1 · $5.00"), "{text}");

    // The export: a header, a row per link and one per payment.
    let doc = ask(&fake, SELLER, SELLER, "/export").await;
    assert_eq!(doc.method, "senddocument");
    assert_eq!(doc.text(), "3 links and 2 payments");
    let (field, name, bytes) = &doc.files[0];
    assert_eq!(field, "document");
    assert!(
        name.starts_with("paychat-") && name.ends_with(".csv"),
        "{name}"
    );
    let csv = String::from_utf8(bytes.clone()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("record,id,link_id,slug,url,status,amount"),
        "{csv}"
    );
    let links: Vec<&&str> = lines.iter().filter(|l| l.starts_with("link,")).collect();
    let payments: Vec<&&str> = lines.iter().filter(|l| l.starts_with("payment,")).collect();
    assert_eq!(
        (links.len(), payments.len(), lines.len()),
        (3, 2, 6),
        "{csv}"
    );
    for slug in [&keep, &cash, &online] {
        assert_eq!(
            links.iter().filter(|l| l.contains(slug.as_str())).count(),
            1,
            "{csv}"
        );
    }
    assert!(
        payments
            .iter()
            .any(|p| p.contains("manual") && p.contains("7.00")),
        "{csv}"
    );
    assert!(
        payments
            .iter()
            .any(|p| p.contains("Somchai") && p.contains("11.00")),
        "{csv}"
    );
}
on_both!(cancel_paid_qr_report_and_export);

// ---- registration ----------------------------------------------------------------

/// Open registration: the first command registers its sender, greets them and is
/// answered. The bot's own deep link (`/start inline`, from the inline-mode button)
/// registers too rather than being taken for a bad invite.
async fn open_registration_greets_then_answers(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    let replies = ask_n(&fake, SELLER, SELLER, "/link 5 USD coffee", 3).await;
    assert!(
        replies[0].text().starts_with("<b>Welcome to paychat</b>"),
        "{}",
        replies[0].text()
    );
    assert!(
        replies[1].text().contains("$5.00 — coffee"),
        "{}",
        replies[1].text()
    );
    assert_eq!(replies[2].method, "sendphoto");
    let seller = seller_of(&app, SELLER).await;
    assert_ne!(seller, app.seller_id);
    assert_eq!(links_of(&app, &seller).await.len(), 1);
    // Greeted once only.
    let again = ask(&fake, SELLER, SELLER, "/links").await;
    assert!(
        again.text().starts_with("<b>Your links</b>"),
        "{}",
        again.text()
    );
    assert_eq!(texts_with(&fake, SELLER, "Welcome to paychat").len(), 1);

    let replies = ask_n(&fake, OTHER, OTHER, "/start inline", 2).await;
    assert!(
        replies[0].text().starts_with("<b>Welcome to paychat</b>"),
        "{}",
        replies[0].text()
    );
    assert!(replies[1].text().contains("/link"), "{}", replies[1].text());
    seller_of(&app, OTHER).await;
}
on_both!(open_registration_greets_then_answers);

/// Invite-only registration: nothing without a code, a code registers once, and a code
/// made for an existing seller joins the Telegram user to that seller.
async fn invite_only_registration(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[("PAYCHAT_TELEGRAM__REGISTRATION", "invite")]).await;
    const THIRD: i64 = 700_003;

    let refused = ask(&fake, OTHER, OTHER, "/link 5").await;
    assert!(
        refused.text().contains("This bot is invite-only"),
        "{}",
        refused.text()
    );
    let refused = ask(&fake, OTHER, OTHER, "/start").await;
    assert!(
        refused.text().contains("This bot is invite-only"),
        "{}",
        refused.text()
    );
    assert!(
        app.engine
            .chat_seller("telegram", &OTHER.to_string())
            .await
            .unwrap()
            .is_none()
    );

    // A code for a new seller: registers once.
    let invite = app.engine.create_invite(None).await.unwrap();
    let replies = ask_n(&fake, OTHER, OTHER, &format!("/start {}", invite.code), 2).await;
    assert!(
        replies[0].text().starts_with("<b>Welcome to paychat</b>"),
        "{}",
        replies[0].text()
    );
    let new_seller = seller_of(&app, OTHER).await;
    assert_ne!(new_seller, app.seller_id);
    let used = ask(&fake, THIRD, THIRD, &format!("/start {}", invite.code)).await;
    assert!(
        used.text()
            .contains("This invite link is unknown, already used or expired"),
        "{}",
        used.text()
    );
    assert!(
        app.engine
            .chat_seller("telegram", &THIRD.to_string())
            .await
            .unwrap()
            .is_none()
    );

    // A code for the existing seller "Nok Bakery" (THB, Thai): the chat joins it.
    let invite = app
        .engine
        .create_invite(Some(&app.seller_id))
        .await
        .unwrap();
    let replies = ask_n(&fake, SELLER, SELLER, &format!("/start {}", invite.code), 2).await;
    assert!(
        replies[0].text().contains("Nok Bakery"),
        "{}",
        replies[0].text()
    );
    assert_eq!(seller_of(&app, SELLER).await, app.seller_id);
    let slug = make_link(&fake, SELLER, "5 cake").await;
    let links = links_of(&app, &app.seller_id).await;
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].slug.as_str(), links[0].amount.currency().code()),
        (slug.as_str(), "THB")
    );
    assert!(links_of(&app, &new_seller).await.is_empty());
}
on_both!(invite_only_registration);

// ---- groups and odd messages -------------------------------------------------------

/// In a group only registered sellers are answered; `/link@<this bot>` works and its
/// push goes to the group; commands for another bot are ignored.
async fn groups_answer_registered_sellers_only(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;

    let refused = ask(&fake, OTHER, GROUP, "/link 5 THB").await;
    assert!(
        refused
            .text()
            .contains("Only registered sellers can create links here"),
        "{}",
        refused.text()
    );
    // Nobody was registered by writing in a group.
    assert!(
        app.engine
            .chat_seller("telegram", &OTHER.to_string())
            .await
            .unwrap()
            .is_none()
    );

    let replies = ask_n(
        &fake,
        SELLER,
        GROUP,
        "/link@paychat_test_bot 5 THB snacks",
        2,
    )
    .await;
    assert!(
        replies[0].text().contains("฿5.00 — snacks"),
        "{}",
        replies[0].text()
    );
    assert_eq!(replies[1].method, "sendphoto");
    let slug = slug_in(&replies[0].text());

    // Another bot's command, then one of ours: only ours is answered.
    let before = fake.sent_to_chat(GROUP).len();
    fake.text_update(SELLER, GROUP, "/link@otherbot 5");
    let help = ask(&fake, SELLER, GROUP, "/help@paychat_test_bot").await;
    assert!(
        help.text().starts_with("<b>What I can do</b>"),
        "{}",
        help.text()
    );
    assert_eq!(
        fake.sent_to_chat(GROUP).len(),
        before + 1,
        "{}",
        fake.report()
    );
    assert_eq!(links_of(&app, &seller).await.len(), 1);

    // The push goes to the group the link was made in, not to the private chat.
    let private_before = fake.sent_to_chat(SELLER).len();
    app.buyer_pays(&slug, "succeed").await;
    let push = wait_text(&fake, GROUP, "✅ Paid").await;
    assert!(push.text().contains("฿5.00 — snacks"), "{}", push.text());
    outbox_settled(&app).await;
    assert_eq!(fake.sent_to_chat(SELLER).len(), private_before);
}
on_both!(groups_answer_registered_sellers_only);

/// A sticker in a private chat gets a short hint; in a group it gets nothing.
async fn stickers_get_a_hint_in_private_only(backend: Backend) {
    let (_app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;

    let before = fake.sent_to_chat(SELLER).len();
    fake.sticker_update(SELLER, SELLER);
    let hint = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    assert_eq!(
        hint.text(),
        "I can only read text messages. Send /help to see what I can do."
    );

    // In a group: nothing, as the answer to the next command shows.
    let before = fake.sent_to_chat(GROUP).len();
    fake.sticker_update(SELLER, GROUP);
    let help = ask(&fake, SELLER, GROUP, "/help").await;
    assert!(
        help.text().starts_with("<b>What I can do</b>"),
        "{}",
        help.text()
    );
    assert_eq!(
        fake.sent_to_chat(GROUP).len(),
        before + 1,
        "{}",
        fake.report()
    );
}
on_both!(stickers_get_a_hint_in_private_only);

/// The command menu is set once per shipped language (English as the default).
async fn command_menu_in_every_language(backend: Backend) {
    let (_app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let calls = fake.calls_to("setmycommands");
    let mut languages: Vec<Option<&str>> = calls
        .iter()
        .map(|c| c.params.get("language_code").and_then(Value::as_str))
        .collect();
    languages.sort_unstable();
    assert_eq!(
        languages,
        [
            None,
            Some("es"),
            Some("id"),
            Some("pt"),
            Some("th"),
            Some("vi")
        ]
    );
    for call in &calls {
        let commands = call.params["commands"].as_array().expect("commands");
        let names: Vec<&str> = commands
            .iter()
            .filter_map(|c| c["command"].as_str())
            .collect();
        assert_eq!(names.len(), 21, "{names:?}");
        assert!(
            names.contains(&"link") && names.contains(&"payto") && !names.contains(&"start"),
            "{names:?}"
        );
        for c in commands {
            let d = c["description"].as_str().unwrap_or("");
            assert!((3..=256).contains(&d.chars().count()), "{c}");
        }
    }
    let thai = calls
        .iter()
        .find(|c| c.params["language_code"] == "th")
        .unwrap();
    assert_eq!(thai.params["commands"][1]["description"], "ลิงก์ล่าสุดของคุณ");
}
on_both!(command_menu_in_every_language);
