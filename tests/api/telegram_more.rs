//! The Telegram door under harder conditions: inline mode and shared cards, Telegram's
//! flood limits and blocked chats, restarts, several sellers, webhook mode, and the
//! same conversation in a terminal (`paychat chat`).

use std::time::Duration;

use serde_json::Value;

use crate::fake_telegram::FakeTelegram;
use crate::helpers::{Backend, eventually};
use crate::on_both;
use crate::telegram::{
    OTHER, SELLER, ask, links_of, make_link, make_link_as, outbox, outbox_settled, register,
    seller_of, spawn_bot, spawn_bot_on, texts_with, wait_text,
};

/// An `answerInlineQuery` call's results, as sent.
fn results(call: &crate::fake_telegram::Call) -> Vec<Value> {
    match &call.params["results"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or_default(),
        Value::Array(a) => a.clone(),
        _ => Vec::new(),
    }
}

/// Inline mode: a query offers a new link card (made only when picked), the card is
/// remembered and edited to "Paid" when the buyer pays, and the seller's private chat is
/// told too. A slug offers the existing link; strangers get a start button only.
async fn inline_card_is_made_when_chosen_and_edited_when_paid(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let query = "250 THB tuition";

    fake.inline_query_update(SELLER, query);
    let answer = fake.wait_for("answerinlinequery", 1).await.remove(0);
    let offered = results(&answer);
    assert_eq!(offered.len(), 1, "{:?}", answer.params);
    let id = offered[0]["id"].as_str().unwrap().to_owned();
    let slug = id
        .strip_prefix("n:")
        .and_then(|rest| rest.strip_suffix(":0:25000:THB"))
        .expect("a new-link result, its only reading, with what it reads")
        .to_owned();
    assert_eq!(slug.len(), 16);
    let url = format!("{}/p/{slug}", app.addr);
    let message = offered[0]["input_message_content"]["message_text"]
        .as_str()
        .unwrap_or("");
    assert!(message.contains("฿250.00"), "{message}");
    assert!(
        message.contains(&url),
        "the card carries the link: {message}"
    );
    assert_eq!(offered[0]["title"], "Create a ฿250.00 link");
    // Offered, not made.
    assert!(links_of(&app, &seller).await.is_empty());

    fake.chosen_inline_update(SELLER, &id, query, "inline-msg-1");
    let link = eventually("the inline link", || async {
        app.engine.link_by_slug(&seller, &slug).await.ok()
    })
    .await;
    assert_eq!(
        (
            link.amount.minor(),
            link.amount.currency().code(),
            link.description.as_str()
        ),
        (25_000, "THB", "tuition")
    );

    // A card whose reading no longer matches its query (the seller's default currency
    // changed meanwhile, say) makes nothing: never a link for an amount not shown.
    fake.inline_query_update(SELLER, "99 THB snacks");
    let answer = fake.wait_for("answerinlinequery", 2).await.remove(1);
    let id = results(&answer)[0]["id"].as_str().unwrap().to_owned();
    assert!(id.ends_with(":0:9900:THB"), "{id}");
    let other_slug = id[2..18].to_owned();
    // Another card's code, so a link made for it would show.
    let stray = "abcdefghjkmnpqrs";
    let shown_otherwise = id
        .replace(&other_slug, stray)
        .replace(":9900:THB", ":9900:USD");
    fake.chosen_inline_update(SELLER, &shown_otherwise, "99 THB snacks", "inline-msg-2");
    fake.chosen_inline_update(SELLER, &id, "99 THB snacks", "inline-msg-3");
    eventually("the matching card's link", || async {
        app.engine.link_by_slug(&seller, &other_slug).await.ok()
    })
    .await;
    // A chat's updates are handled in order: the stray card was handled first.
    assert!(app.engine.link_by_slug(&seller, stray).await.is_err());
    assert_eq!(links_of(&app, &seller).await.len(), 2, "one link, not two");
    let answers = 1;

    // The same slug as a query offers the existing link.
    fake.inline_query_update(SELLER, &slug);
    let answer = fake
        .wait_for("answerinlinequery", 2 + answers)
        .await
        .remove(1 + answers);
    let offered = results(&answer);
    assert_eq!(offered.len(), 1, "{:?}", answer.params);
    assert_eq!(offered[0]["id"], format!("s:{slug}"));

    // Paid: the shared card shows it, and the seller hears it in private.
    app.buyer_pays(&slug, "succeed").await;
    let edit = eventually("the card edit", || async {
        fake.calls_to("editmessagetext")
            .into_iter()
            .find(|c| c.params["inline_message_id"] == "inline-msg-1")
    })
    .await;
    assert!(edit.text().contains("✅ Paid"), "{}", edit.text());
    assert!(edit.text().contains("฿250.00"), "{}", edit.text());
    let push = wait_text(&fake, SELLER, "✅ Paid").await;
    assert!(push.text().contains("Somchai"), "{}", push.text());
    outbox_settled(&app).await;
    assert_eq!(
        fake.calls_to("editmessagetext").len(),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(links_of(&app, &seller).await.len(), 2);

    // Someone not registered: no results, a button to start the bot.
    fake.inline_query_update(OTHER, "5 USD");
    let answer = fake
        .wait_for("answerinlinequery", 3 + answers)
        .await
        .remove(2 + answers);
    assert!(results(&answer).is_empty(), "{:?}", answer.params);
    let button = match &answer.params["button"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        v => v.clone(),
    };
    assert_eq!(button["start_parameter"], "inline", "{button}");
    assert!(
        app.engine
            .chat_seller("telegram", &OTHER.to_string())
            .await
            .unwrap()
            .is_none()
    );
}
on_both!(inline_card_is_made_when_chosen_and_edited_when_paid);

// ---- Telegram's limits -------------------------------------------------------------

/// A 429 with retry_after: the push is sent again, once, and not before Telegram said.
async fn push_waits_out_a_429_and_arrives_once(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = make_link(&fake, SELLER, "9 retry me").await;
    fake.fail_next(
        "sendmessage",
        1,
        429,
        "Too Many Requests: retry after 1",
        Some(1),
    );
    app.buyer_pays(&slug, "succeed").await;
    let push = wait_text(&fake, SELLER, "✅ Paid").await;
    let refused = fake
        .failed_calls()
        .into_iter()
        .find(|c| c.method == "sendmessage")
        .expect("the 429'd push");
    assert!(refused.text().contains("✅ Paid"), "{}", refused.text());
    let waited = push.at.duration_since(refused.at);
    assert!(
        waited >= Duration::from_millis(950),
        "sent again after {waited:?}, before retry_after\n{}",
        fake.report()
    );
    outbox_settled(&app).await;
    assert_eq!(
        texts_with(&fake, SELLER, "✅ Paid").len(),
        1,
        "{}",
        fake.report()
    );
    assert_eq!(outbox(&app).await, (0, 0));
}
on_both!(push_waits_out_a_429_and_arrives_once);

/// Under Telegram's real flood limits, five payments in a row to one private chat are
/// paced: all five pushes arrive, in payment order, and Telegram never had to refuse one.
async fn pushes_to_one_chat_are_paced_and_ordered(backend: Backend) {
    let fake = FakeTelegram::start_enforcing_limits().await;
    let app = spawn_bot_on(backend, &fake, &[]).await;
    register(&fake, SELLER).await;
    let mut slugs = Vec::new();
    for i in 1..=5 {
        slugs.push(make_link(&fake, SELLER, &format!("{i} order-{i}")).await);
    }
    for slug in &slugs {
        app.buyer_pays(slug, "succeed").await;
    }
    let pushes = eventually("five paid pushes", || async {
        let p = texts_with(&fake, SELLER, "✅ Paid");
        (p.len() >= 5).then_some(p)
    })
    .await;
    let order: Vec<String> = pushes
        .iter()
        .map(|p| {
            let t = p.text();
            let i = t.find("order-").expect("a description");
            t[i..i + 7].to_owned()
        })
        .collect();
    assert_eq!(
        order,
        ["order-1", "order-2", "order-3", "order-4", "order-5"],
        "{}",
        fake.report()
    );
    outbox_settled(&app).await;
    assert_eq!(texts_with(&fake, SELLER, "✅ Paid").len(), 5);
    assert_eq!(fake.rejected(), 0, "{}", fake.report());
}
on_both!(pushes_to_one_chat_are_paced_and_ordered);

/// The other pushes: a failed payment (the link stays open) and an expiry.
async fn failed_payment_and_expiry_are_pushed(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let failing = make_link(&fake, SELLER, "8 declined").await;
    app.buyer_pays(&failing, "fail").await;
    let push = wait_text(&fake, SELLER, "❌ A payment failed").await;
    assert!(push.text().contains("$8.00 — declined"), "{}", push.text());
    assert!(
        push.text()
            .contains("No money was taken and the link is still open."),
        "{}",
        push.text()
    );
    let link = app.engine.link_by_slug(&seller, &failing).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Active);

    let short = make_link(&fake, SELLER, "6 brief exp:1s").await;
    let push = wait_text(&fake, SELLER, "⌛ Link expired").await;
    assert!(push.text().contains("$6.00 — brief"), "{}", push.text());
    let link = app.engine.link_by_slug(&seller, &short).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Expired);
    outbox_settled(&app).await;
    assert_eq!(texts_with(&fake, SELLER, "⌛").len(), 1);
    assert_eq!(texts_with(&fake, SELLER, "❌").len(), 1);
}
on_both!(failed_payment_and_expiry_are_pushed);

// ---- blocked chats and restarts ------------------------------------------------------

/// A chat that blocked the bot: the first 403 marks it, later pushes there are dropped
/// without trying (dead in the outbox); unblocking (`my_chat_member` "member") lets
/// the next push through.
async fn blocked_chat_gets_no_more_attempts_until_unblocked(backend: Backend) {
    blocked_then_back(backend, false).await;
}
on_both!(blocked_chat_gets_no_more_attempts_until_unblocked);

/// The same, when the `my_chat_member` update is missed: writing to the bot unblocks.
async fn a_blocked_chat_that_writes_again_gets_pushes(backend: Backend) {
    blocked_then_back(backend, true).await;
}
on_both!(a_blocked_chat_that_writes_again_gets_pushes);

async fn blocked_then_back(backend: Backend, by_writing: bool) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let first = make_link(&fake, SELLER, "1 first").await;
    let second = make_link(&fake, SELLER, "2 second").await;
    let third = make_link(&fake, SELLER, "3 third").await;

    fake.block_chat(SELLER);
    app.buyer_pays(&first, "succeed").await;
    eventually("the first push dead", || async {
        (outbox(&app).await == (0, 1)).then_some(())
    })
    .await;
    assert!(
        app.engine
            .chat_blocked("telegram", &SELLER.to_string())
            .await
            .unwrap()
    );
    let attempts = |fake: &FakeTelegram| {
        fake.failed_calls()
            .into_iter()
            .filter(|c| c.chat_id() == Some(SELLER))
            .count()
    };
    assert_eq!(attempts(&fake), 1, "{}", fake.report());

    app.buyer_pays(&second, "succeed").await;
    eventually("the second push dead", || async {
        (outbox(&app).await == (0, 2)).then_some(())
    })
    .await;
    assert_eq!(
        attempts(&fake),
        1,
        "tried a blocked chat again\n{}",
        fake.report()
    );

    // Unblocked: the next push arrives (the dropped ones stay dropped).
    fake.unblock_chat(SELLER);
    if by_writing {
        fake.text_update(SELLER, SELLER, "/help");
    } else {
        fake.my_chat_member_update(SELLER, "member");
    }
    eventually("the chat unblocked", || async {
        let blocked = app
            .engine
            .chat_blocked("telegram", &SELLER.to_string())
            .await
            .unwrap();
        (!blocked).then_some(())
    })
    .await;
    app.buyer_pays(&third, "succeed").await;
    let push = wait_text(&fake, SELLER, "✅ Paid").await;
    assert!(push.text().contains("$3.00 — third"), "{}", push.text());
    outbox_settled(&app).await;
    assert_eq!(texts_with(&fake, SELLER, "✅ Paid").len(), 1);
    assert_eq!(outbox(&app).await, (0, 2));
}

/// A restart while pushes wait out a 429: the new process delivers each exactly once.
async fn restart_mid_delivery_sends_each_push_once(backend: Backend) {
    let (mut app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let mut slugs = Vec::new();
    for i in 1..=3 {
        slugs.push(make_link(&fake, SELLER, &format!("{i} restart-{i}")).await);
    }
    fake.fail_next(
        "sendmessage",
        2,
        429,
        "Too Many Requests: retry after 2",
        Some(2),
    );
    for slug in &slugs {
        app.buyer_pays(slug, "succeed").await;
    }
    eventually("a push refused with 429", || async {
        fake.failed_calls()
            .iter()
            .any(|c| c.method == "sendmessage")
            .then_some(())
    })
    .await;
    assert_eq!(outbox(&app).await.0, 3, "all three pushes still pending");
    app.stop().await;

    let again = crate::telegram::restart_bot_on(&app, &fake).await;
    let pushes = eventually("three paid pushes", || async {
        let p = texts_with(&fake, SELLER, "✅ Paid");
        (p.len() >= 3).then_some(p)
    })
    .await;
    outbox_settled(&again).await;
    for i in 1..=3 {
        let needle = format!("restart-{i}");
        assert_eq!(
            texts_with(&fake, SELLER, &needle)
                .iter()
                .filter(|c| c.text().contains("✅ Paid"))
                .count(),
            1,
            "{needle}\n{}",
            fake.report()
        );
        // Cards were not sent again either.
        assert_eq!(
            texts_with(&fake, SELLER, &needle)
                .iter()
                .filter(|c| c.text().contains("/p/"))
                .count(),
            1,
            "{needle}\n{}",
            fake.report()
        );
    }
    assert!(pushes[0].text().contains("restart-1"), "order kept");
    assert_eq!(outbox(&again).await, (0, 0));
}
on_both!(restart_mid_delivery_sends_each_push_once);

/// A restart while a command is being answered: the update is not handled a second
/// time by the next process (no second payment recorded, no second answer).
async fn restart_mid_update_does_not_handle_it_twice(backend: Backend) {
    let (mut app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let slug = make_link(&fake, SELLER, "5 tips limit:none").await;

    // The answer to /paid's confirmation is slow; the process is stopped while it is
    // on its way.
    let confirm = crate::telegram::ask(&fake, SELLER, SELLER, &format!("/paid {slug}")).await;
    let yes = crate::telegram::yes_button(&confirm).expect("a confirmation");
    fake.delay_next("editmessagetext", 1, Duration::from_millis(1500));
    fake.callback_update(SELLER, SELLER, confirm.result_message_id().unwrap(), &yes);
    eventually("the cash payment recorded", || async {
        let link = app.engine.link_by_slug(&seller, &slug).await.ok()?;
        (link.paid_count == 1).then_some(())
    })
    .await;
    app.stop().await;
    assert_eq!(texts_with(&fake, SELLER, "Recorded as paid").len(), 1);

    // The next process answers the next command, and nothing before it.
    let again = crate::telegram::restart_bot_on(&app, &fake).await;
    let helps = texts_with(&fake, SELLER, "<b>What I can do</b>").len();
    fake.text_update(SELLER, SELLER, "/help");
    eventually("the answer to /help", || async {
        (texts_with(&fake, SELLER, "<b>What I can do</b>").len() > helps).then_some(())
    })
    .await;
    let link = again.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.paid_count, 1, "{}", fake.report());
    assert_eq!(
        texts_with(&fake, SELLER, "Recorded as paid").len(),
        1,
        "{}",
        fake.report()
    );
}
on_both!(restart_mid_update_does_not_handle_it_twice);

// ---- several sellers -----------------------------------------------------------------

/// Two sellers on one bot: neither can see or touch the other's links, by command or by
/// button, and each link's pushes go to its own seller only.
async fn sellers_are_isolated(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    register(&fake, OTHER).await;
    let mine = make_link(&fake, SELLER, "3 mine").await;
    let theirs = make_link_as(&fake, OTHER, OTHER, "5 USD theirs").await;
    let other_seller = seller_of(&app, OTHER).await;

    for command in ["status", "cancel", "refund", "paid", "qr"] {
        let reply = ask(&fake, SELLER, SELLER, &format!("/{command} {theirs}")).await;
        assert_eq!(
            reply.text(),
            "I cannot find that link among yours. Check the code with /links.",
            "/{command}"
        );
    }
    // A crafted button press does no better.
    let list = ask(&fake, SELLER, SELLER, "/links").await;
    assert!(list.text().contains(&mine), "{}", list.text());
    assert!(!list.text().contains(&theirs), "{}", list.text());
    for data in [
        format!("cx:{theirs}"),
        format!("rf:{theirs}:all"),
        format!("st:{theirs}"),
    ] {
        let before = fake.sent_to_chat(SELLER).len();
        fake.callback_update(SELLER, SELLER, list.result_message_id().unwrap(), &data);
        let reply = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
        assert!(
            reply.text().contains("I cannot find that link among yours"),
            "{data}: {}",
            reply.text()
        );
    }
    let link = app
        .engine
        .link_by_slug(&other_seller, &theirs)
        .await
        .unwrap();
    assert_eq!((link.status.as_str(), link.paid_count), ("active", 0));

    // Their payment is told to them, not to me.
    let mine_before = fake.sent_to_chat(SELLER).len();
    app.buyer_pays(&theirs, "succeed").await;
    let push = wait_text(&fake, OTHER, "✅ Paid").await;
    assert!(push.text().contains("$5.00 — theirs"), "{}", push.text());
    outbox_settled(&app).await;
    assert_eq!(
        fake.sent_to_chat(SELLER).len(),
        mine_before,
        "{}",
        fake.report()
    );
}
on_both!(sellers_are_isolated);

// ---- webhook mode ----------------------------------------------------------------------

/// A raw message update as Telegram POSTs it.
fn message_update(update_id: i64, user: i64, text: &str) -> Value {
    serde_json::json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_790_000_000,
            "chat": { "id": user, "type": "private", "first_name": "Webhook" },
            "from": { "id": user, "is_bot": false, "first_name": "Webhook", "language_code": "en" },
            "text": text,
            "entities": [{ "type": "bot_command", "offset": 0, "length": text.len() }],
        }
    })
}

/// Webhook mode: Telegram is pointed at `/webhooks/telegram` with a secret; updates
/// without the right secret are refused and change nothing, the right one is answered.
async fn webhook_mode_checks_the_secret(backend: Backend) {
    let secret = "s3cret_token-1";
    let (app, fake) = spawn_bot(
        backend,
        &[
            ("PAYCHAT_TELEGRAM__MODE", "webhook"),
            ("PAYCHAT_TELEGRAM__WEBHOOK_SECRET", secret),
        ],
    )
    .await;
    let set = fake.wait_for("setwebhook", 1).await.remove(0);
    assert_eq!(set.params["url"], app.url("/webhooks/telegram"));
    assert_eq!(set.params["secret_token"], secret);

    let hook = app.url("/webhooks/telegram");
    let update = message_update(1, SELLER, "/start");
    let missing = app.client.post(&hook).json(&update).send().await.unwrap();
    assert_eq!(missing.status().as_u16(), 401);
    let wrong = app
        .client
        .post(&hook)
        .header("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-2")
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    assert!(fake.sent_to_chat(SELLER).is_empty(), "{}", fake.report());
    assert!(
        app.engine
            .chat_seller("telegram", &SELLER.to_string())
            .await
            .unwrap()
            .is_none()
    );

    let right = app
        .client
        .post(&hook)
        .header("X-Telegram-Bot-Api-Secret-Token", secret)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(right.status().as_u16(), 200);
    // Stored before the 200, answered from the outbox: welcome and help.
    let sent = fake.wait_for_chat(SELLER, 2).await;
    app.outbox_drained().await;
    assert_eq!(fake.sent_to_chat(SELLER).len(), 2, "{}", fake.report());
    assert!(sent[0].text().starts_with("<b>Welcome to paychat</b>"));
    seller_of(&app, SELLER).await;
    // No long polling beside the webhook.
    assert_eq!(fake.poll_count(), 0);
}
on_both!(webhook_mode_checks_the_secret);

/// Until getMe answers, the bot cannot tell `/link@other_bot` from a command for it:
/// webhook updates are refused with 503 (Telegram sends them again), then taken and
/// answered from the outbox.
async fn webhook_updates_wait_until_the_bot_knows_its_name(backend: Backend) {
    let secret = "s3cret_token-1";
    let fake = crate::fake_telegram::FakeTelegram::start().await;
    fake.fail_next("getMe", 1, 502, "Bad Gateway", None);
    let app = crate::telegram::spawn_bot_on(
        backend,
        &fake,
        &[
            ("PAYCHAT_TELEGRAM__MODE", "webhook"),
            ("PAYCHAT_TELEGRAM__WEBHOOK_SECRET", secret),
            ("PAYCHAT_TELEGRAM__PRIVATE_CHAT_GAP_MS", "0"),
        ],
    )
    .await;
    let hook = app.url("/webhooks/telegram");
    let post = || {
        app.client
            .post(&hook)
            .header("X-Telegram-Bot-Api-Secret-Token", secret)
            .json(&message_update(1, SELLER, "/start"))
            .send()
    };
    let early = post().await.unwrap();
    assert_eq!(early.status().as_u16(), 503);
    let body: serde_json::Value = early.json().await.unwrap();
    assert_eq!(body["error"]["code"], "starting", "{body}");
    assert!(fake.sent_to_chat(SELLER).is_empty(), "{}", fake.report());

    fake.wait_for("setwebhook", 1).await;
    assert_eq!(post().await.unwrap().status().as_u16(), 200);
    crate::telegram::wait_text(&fake, SELLER, "Welcome").await;
    seller_of(&app, SELLER).await;
}
on_both!(webhook_updates_wait_until_the_bot_knows_its_name);

// ---- the terminal --------------------------------------------------------------------

/// `paychat chat` in a terminal, its stdout read as it comes (by a thread).
struct Terminal {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    chunks: std::sync::mpsc::Receiver<Vec<u8>>,
    /// Everything printed so far.
    seen: Vec<u8>,
}

impl Terminal {
    fn start(dir: &std::path::Path) -> Self {
        use std::io::Read as _;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_paychat"))
            .arg("chat")
            .current_dir(dir)
            .env(
                "PAYCHAT_DATABASE__URL",
                format!("sqlite://{}/t.db", dir.display()),
            )
            .env("PAYCHAT_SERVER__BIND", "127.0.0.1:0")
            .env("PAYCHAT_SERVER__PUBLIC_URL", "http://127.0.0.1:0")
            .env("PAYCHAT_TELEGRAM__TOKEN", "")
            .env("LANG", "en_US.UTF-8")
            .env("USER", "tester")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("paychat chat starts");
        let mut stdout = child.stdout.take().unwrap();
        let (tx, chunks) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut buf) {
                if tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            stdin: child.stdin.take().unwrap(),
            child,
            chunks,
            seen: Vec::new(),
        }
    }

    /// Types a line.
    fn say(&mut self, line: &str) {
        use std::io::Write as _;
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Reads until the output after byte `from` contains `needle`; returns that part.
    fn until(&mut self, from: usize, needle: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let text = String::from_utf8_lossy(&self.seen[from..]).into_owned();
            if text.contains(needle) {
                return text;
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.seen.extend_from_slice(&chunk),
                Err(e) => panic!(
                    "no {needle:?} in the terminal ({e}):\n{}",
                    String::from_utf8_lossy(&self.seen)
                ),
            }
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The QR code drawn in half blocks, read back as an image and decoded.
fn decode_block_qr(text: &str) -> String {
    const SCALE: usize = 4;
    let rows: Vec<Vec<char>> = text
        .lines()
        .filter(|l| !l.is_empty() && l.chars().all(|c| " █▀▄".contains(c)))
        .map(|l| l.chars().collect())
        .collect();
    let w = rows.iter().map(Vec::len).max().unwrap_or(0);
    let h = rows.len() * 2;
    let dark = |x: usize, y: usize| {
        let c = rows[y / 2].get(x).copied().unwrap_or(' ');
        matches!((c, y % 2), ('█', _) | ('▀', 0) | ('▄', 1))
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * SCALE, h * SCALE, |x, y| {
        if dark(x / SCALE, y / SCALE) { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in:\n{text}");
    grids[0].decode().expect("decodes").1
}

/// The same conversation in a terminal: a card with its QR code in Unicode blocks,
/// the list, and a cancel confirmed by typing the button's number.
#[test]
fn terminal_chat_makes_lists_and_cancels_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Terminal::start(dir.path());
    t.until(0, "> ");

    let from = t.seen.len();
    t.say("/link 250 THB tuition");
    let card = t.until(from, "Scan to pay ฿250.00");
    assert!(card.contains("== Welcome to paychat =="), "{card}");
    assert!(card.contains("== ฿250.00 — tuition =="), "{card}");
    assert!(card.contains("[1] Cancel link"), "{card}");
    assert!(card.contains('█'), "{card}");
    let at = card.find("/p/").expect("the link URL");
    let slug = card[at + 3..at + 19].to_owned();
    let url_start = card[..at].rfind("http://").expect("a URL");
    let url = &card[url_start..at + 19];
    assert_eq!(decode_block_qr(&card), url);

    // The card's own Cancel button asks first; keeping it changes nothing.
    let from = t.seen.len();
    t.say("1");
    let asked = t.until(from, "No, keep it");
    assert!(asked.contains("Cancel ฿250.00 — tuition?"), "{asked}");
    let keep = asked.find("] No, keep it").expect("a keep button");
    let number = asked[..keep].rsplit('[').next().unwrap().to_owned();
    let from = t.seen.len();
    t.say(&number);
    t.until(from, "nothing changed");

    let from = t.seen.len();
    t.say("/links");
    let list = t.until(from, &slug);
    assert!(list.contains("== Your links =="), "{list}");
    assert!(list.contains("🟢 ฿250.00 — tuition"), "{list}");

    let from = t.seen.len();
    t.say(&format!("/cancel {slug}"));
    let confirm = t.until(from, "No, keep it");
    let yes = confirm.find("] Yes, cancel it").expect("a yes button");
    let number = confirm[..yes].rsplit('[').next().unwrap().to_owned();
    let from = t.seen.len();
    t.say(&number);
    let done = t.until(from, "Cancelled:");
    assert!(done.contains("Cancelled: ฿250.00 — tuition"), "{done}");

    // An amount that reads two ways: a numbered button per reading.
    let from = t.seen.len();
    t.say("/link 1.250 THB snacks");
    let asked = t.until(from, "2. ฿1.25");
    let pick = asked
        .find("] 2. ฿1.25")
        .expect("a button for the second reading");
    let number = asked[..pick].rsplit('[').next().unwrap().to_owned();
    let from = t.seen.len();
    t.say(&number);
    let made = t.until(from, "Scan to pay ฿1.25");
    assert!(made.contains("✓ ฿1.25 — snacks"), "{made}");

    t.say("/quit");
    let from = t.seen.len();
    t.until(from, "bye");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = t.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "paychat chat did not exit"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "{status:?}\n{}",
        String::from_utf8_lossy(&t.seen)
    );
}

/// A chat whose sends hang holds only itself: while one seller's QR picture is stuck
/// on its way to Telegram, another seller's commands are answered, one after another.
async fn a_hung_chat_does_not_hold_another(backend: Backend) {
    let (app, fake) = spawn_bot(
        backend,
        &[("PAYCHAT_TELEGRAM__REQUEST_TIMEOUT_SECS", "120")],
    )
    .await;
    register(&fake, SELLER).await;
    register(&fake, OTHER).await;
    fake.delay_next("sendphoto", 1, Duration::from_secs(60));
    fake.text_update(SELLER, SELLER, "/link 250 THB cake");
    // The card goes first; the QR picture after it is the send that hangs.
    wait_text(&fake, SELLER, "cake").await;
    for _ in 0..3 {
        ask(&fake, OTHER, OTHER, "/help").await;
    }
    // Three answers went out one after another while the stuck chat's picture has not
    // been answered yet, and its update is still being handled: nothing waited for it.
    assert_eq!(fake.count("sendphoto"), 0, "{}", fake.report());
    let stats = app.engine.outbox_stats().await.unwrap();
    assert!(stats.pending >= 1, "{stats:?}\n{}", fake.report());
}
on_both!(a_hung_chat_does_not_hold_another);

/// Pushes hanging on a slow Bot API never take every place of the outbox worker: with
/// eight places and eight pushes stuck, seven hang and a seller's command is still
/// handled and answered at once.
async fn hanging_pushes_leave_room_for_answers(backend: Backend) {
    let (app, fake) = spawn_bot(
        backend,
        &[
            ("PAYCHAT_TELEGRAM__REQUEST_TIMEOUT_SECS", "120"),
            ("PAYCHAT_NOTIFIER__MAX_IN_FLIGHT", "8"),
        ],
    )
    .await;
    register(&fake, SELLER).await;
    register(&fake, OTHER).await;
    // Eight links, each made in its own group, so their pushes go to eight chats.
    let groups: Vec<i64> = (1..=8).map(|i| -1_000_000 - i).collect();
    let mut slugs = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        slugs.push(make_link_as(&fake, SELLER, *group, &format!("{} THB order {i}", 10 + i)).await);
    }
    for group in &groups {
        fake.delay_next_to(*group, 1, Duration::from_secs(60));
    }
    for slug in &slugs {
        app.buyer_pays(slug, "succeed").await;
    }
    eventually("seven pushes hanging", || async {
        (fake.held() == 7).then_some(())
    })
    .await;
    let answer = ask(&fake, OTHER, OTHER, "/help").await;
    assert!(answer.text().contains("/link"), "{}", answer.text());
    assert_eq!(fake.held(), 7, "the eighth push waits for a place");
}
on_both!(hanging_pushes_leave_room_for_answers);

/// Two replicas of one bot on one database: the one holding the bot's lease polls and
/// sends, the other waits, and every update is answered once. When the holder stops,
/// the other takes over and answers what comes next, once.
async fn one_replica_serves_the_bot_and_another_takes_over(backend: Backend) {
    let (first, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let mut first = first;
    let second = crate::telegram::restart_bot_on(&first, &fake).await;
    for _ in 0..3 {
        ask(&fake, SELLER, SELLER, "/help").await;
    }
    outbox_settled(&first).await;
    assert_eq!(
        texts_with(&fake, SELLER, "<b>What I can do</b>").len(),
        3 + 1,
        "each /help answered once (and /start's): {}",
        fake.report()
    );
    assert_eq!(fake.overlapping_polls(), 0, "two replicas polled at once");

    // (The stopped one's last poll may linger at the fake until its timeout, so
    // overlaps are not counted from here on.)
    first.stop().await;
    ask(&fake, SELLER, SELLER, "/help").await;
    outbox_settled(&second).await;
    assert_eq!(
        texts_with(&fake, SELLER, "<b>What I can do</b>").len(),
        5,
        "{}",
        fake.report()
    );
}
on_both!(one_replica_serves_the_bot_and_another_takes_over);
