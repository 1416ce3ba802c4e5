//! Chat a seller can trust: destructive buttons ask first, a question is answered only
//! by who asked it, every command applies once however often it is delivered, and
//! seller text cannot spoof what surrounds it.

use crate::fake_telegram::FakeTelegram;
use crate::helpers::{Backend, TestApp, eventually};
use crate::on_both;
use crate::telegram::{
    GROUP, OTHER, SELLER, ask, ask_n, callback_data, make_link, register, seller_of, slug_in,
    spawn_bot, yes_button,
};
use crate::whatsapp::db_count;

/// How many timeline events of `kind` a link has.
async fn events(app: &TestApp, slug: &str, kind: &str) -> i64 {
    db_count(
        app,
        &format!(
            "select count(*) from link_events e join links l on l.id = e.link_id \
             where l.slug = $1 and e.kind = '{kind}'"
        ),
        slug,
    )
    .await
}

/// Presses `data` under `under` as `user` and returns the update id of the press.
fn tap(fake: &FakeTelegram, user: i64, under: &crate::fake_telegram::Call, data: &str) -> i64 {
    let chat = under.chat_id().expect("a chat message");
    fake.callback_update(user, chat, under.result_message_id().expect("an id"), data)
}

/// Waits until `method` was called `n` times in all.
async fn calls(fake: &FakeTelegram, method: &str, n: usize) {
    eventually(&format!("{n} × {method}"), || async {
        (fake.count(method) >= n).then_some(())
    })
    .await;
}

/// The Cancel button under a link card asks before it cancels; pressing "yes" twice, or
/// the same press delivered twice, cancels once.
async fn the_cards_cancel_button_asks_first(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let card_and_qr = ask_n(&fake, SELLER, SELLER, "/link 250 THB tuition", 2).await;
    let card = &card_and_qr[0];
    let slug = slug_in(&card.text());
    let cancel = format!("cx:{slug}");
    assert!(callback_data(card).contains(&cancel));

    let before = fake.sent_to_chat(SELLER).len();
    tap(&fake, SELLER, card, &cancel);
    let question = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    assert_eq!(
        question.method, "sendmessage",
        "a new question, the card stays"
    );
    assert!(
        question
            .text()
            .contains("Cancel ฿250.00 — tuition? Buyers will not be able to pay it any more."),
        "{}",
        question.text()
    );
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(
        link.status,
        paychat::domain::LinkStatus::Active,
        "one tap cancels nothing"
    );

    let yes = yes_button(&question).expect("a yes button");
    let edits = fake.count("editmessagetext");
    let first = tap(&fake, SELLER, &question, &yes);
    calls(&fake, "editmessagetext", edits + 1).await;
    tap(&fake, SELLER, &question, &yes);
    fake.redeliver(first);
    calls(&fake, "editmessagetext", edits + 3).await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Cancelled);
    assert_eq!(events(&app, &slug, "link.cancelled").await, 1);
    for edit in fake.calls_to("editmessagetext").iter().skip(edits) {
        assert!(
            edit.text().contains("Cancelled: ฿250.00 — tuition"),
            "every press answers the same: {}",
            edit.text()
        );
    }
}
on_both!(the_cards_cancel_button_asks_first);

/// In a group, a question's buttons work only for the member who asked: another
/// member is told so privately (a toast) and nothing is edited or changed.
async fn group_questions_answer_only_who_asked(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    register(&fake, OTHER).await;
    let seller = seller_of(&app, SELLER).await;
    let replies = ask_n(
        &fake,
        SELLER,
        GROUP,
        "/link@paychat_test_bot 5 THB snacks",
        2,
    )
    .await;
    let slug = slug_in(&replies[0].text());
    let question = ask(
        &fake,
        SELLER,
        GROUP,
        &format!("/cancel@paychat_test_bot {slug}"),
    )
    .await;
    let yes = yes_button(&question).expect("a yes button");

    // Another member (a seller too) presses "yes".
    let answers = fake.count("answercallbackquery");
    let edits = fake.count("editmessagetext");
    let sent = fake.sent_to_chat(GROUP).len();
    // Each press below is answered with a note only the presser sees.
    let mut answered = answers;
    let mut told = |expected: &'static str| {
        answered += 1;
        let n = answered;
        let fake = &fake;
        async move {
            calls(fake, "answercallbackquery", n).await;
            let toast = fake.calls_to("answercallbackquery").remove(n - 1);
            let text = toast.params["text"].as_str().unwrap_or("").to_owned();
            assert!(text.contains(expected), "{expected:?} in {text:?}");
        }
    };
    tap(&fake, OTHER, &question, &yes);
    told("This question is not yours: only the person who asked can answer it.").await;
    // A group member who is no seller at all is told the same.
    tap(&fake, 700_099, &question, &yes);
    told("not yours").await;
    // The card button too: a member cannot reach another seller's link through it.
    tap(&fake, OTHER, &replies[0], &format!("cx:{slug}"));
    told("I cannot find that link among yours").await;
    // A member who is no seller pressing the card's button is told so privately.
    tap(&fake, 700_099, &replies[0], &format!("cx:{slug}"));
    told("Only registered sellers").await;
    assert_eq!(fake.count("editmessagetext"), edits, "nothing edited");
    assert_eq!(
        fake.sent_to_chat(GROUP).len(),
        sent,
        "nothing said in the group"
    );
    // A question nobody can answer any more is said so to the presser only: the
    // group's message stays as it is.
    tap(&fake, SELLER, &question, "q:0123456789abcdef0123:0");
    told("no longer valid").await;
    // The asker's button pressed in another chat (a copy of the message) does nothing.
    let question_id = question.result_message_id().expect("an id");
    fake.callback_update(SELLER, SELLER, question_id, &yes);
    told("not yours").await;
    assert_eq!(fake.count("editmessagetext"), edits, "nothing edited");
    assert_eq!(fake.sent_to_chat(GROUP).len(), sent);
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Active);

    // The seller who asked can.
    tap(&fake, SELLER, &question, &yes);
    calls(&fake, "editmessagetext", edits + 1).await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(link.status, paychat::domain::LinkStatus::Cancelled);
}
on_both!(group_questions_answer_only_who_asked);

/// `/link`, `/paid`, `/refund` and `/cancel`, and the answers to their questions,
/// delivered twice: each applies once, and the question asked again is the same one.
async fn redelivered_commands_apply_once(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let links_sql = "select count(*) from links where seller_id = $1";

    // /link: one link for two deliveries.
    let before = fake.sent_to_chat(SELLER).len();
    let update = fake.text_update(SELLER, SELLER, "/link 9 THB tips limit:none");
    let card = fake.wait_for_chat(SELLER, before + 2).await.remove(before);
    let slug = slug_in(&card.text());
    fake.redeliver(update);
    fake.wait_for_chat(SELLER, before + 4).await;
    assert_eq!(db_count(&app, links_sql, seller.as_str()).await, 1);

    // /paid on a reusable link (a second payment would be accepted): asked twice, the
    // same question; answered twice, one payment.
    let before = fake.sent_to_chat(SELLER).len();
    let update = fake.text_update(SELLER, SELLER, &format!("/paid {slug}"));
    let question = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    fake.redeliver(update);
    let again = fake
        .wait_for_chat(SELLER, before + 2)
        .await
        .remove(before + 1);
    assert_eq!(callback_data(&question), callback_data(&again));
    let yes = yes_button(&question).expect("a yes button");
    let edits = fake.count("editmessagetext");
    let press = tap(&fake, SELLER, &question, &yes);
    fake.redeliver(press);
    tap(&fake, SELLER, &again, &yes);
    calls(&fake, "editmessagetext", edits + 3).await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!((link.paid_count, link.paid_minor), (1, 900));

    // /refund: one refund.
    let question = ask(&fake, SELLER, SELLER, &format!("/refund {slug}")).await;
    assert!(
        question.text().contains("Refund ฿9.00 of ฿9.00 — tips?"),
        "{}",
        question.text()
    );
    let yes = yes_button(&question).expect("a yes button");
    let edits = fake.count("editmessagetext");
    let press = tap(&fake, SELLER, &question, &yes);
    fake.redeliver(press);
    calls(&fake, "editmessagetext", edits + 2).await;
    let refunds = db_count(
        &app,
        "select count(*) from refunds r join links l on l.id = r.link_id where l.slug = $1",
        &slug,
    )
    .await;
    assert_eq!(refunds, 1);

    // /cancel: one cancellation.
    let other = make_link(&fake, SELLER, "3 THB other").await;
    let question = ask(&fake, SELLER, SELLER, &format!("/cancel {other}")).await;
    let yes = yes_button(&question).expect("a yes button");
    let edits = fake.count("editmessagetext");
    let press = tap(&fake, SELLER, &question, &yes);
    fake.redeliver(press);
    calls(&fake, "editmessagetext", edits + 2).await;
    assert_eq!(events(&app, &other, "link.cancelled").await, 1);

    // /connect: one code; the message handled again says so rather than make another.
    let before = fake.sent_to_chat(SELLER).len();
    let update = fake.text_update(SELLER, SELLER, "/connect");
    let code = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    assert!(code.text().contains("/connect "), "{}", code.text());
    fake.redeliver(update);
    let again = fake
        .wait_for_chat(SELLER, before + 2)
        .await
        .remove(before + 1);
    assert!(
        again.text().contains("made a code already"),
        "{}",
        again.text()
    );
    let invites = db_count(
        &app,
        "select count(*) from invites where seller_id = $1",
        seller.as_str(),
    )
    .await;
    assert_eq!(invites, 1);
}
on_both!(redelivered_commands_apply_once);

/// A settings message delivered again after a later change does not undo that change.
async fn redelivered_settings_do_not_undo_later_ones(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    for (first, then) in [
        ("/currency USD", "/currency EUR"),
        ("/timezone Asia/Bangkok", "/timezone Europe/Madrid"),
        ("/notify here", "/notify origin"),
        ("/lang th", "/lang en"),
    ] {
        let before = fake.sent_to_chat(SELLER).len();
        let update = fake.text_update(SELLER, SELLER, first);
        fake.wait_for_chat(SELLER, before + 1).await;
        ask(&fake, SELLER, SELLER, then).await;
        fake.redeliver(update);
        let again = fake
            .wait_for_chat(SELLER, before + 3)
            .await
            .remove(before + 2);
        assert!(
            again
                .text()
                .contains("That was done already; nothing changed."),
            "{first}: {}",
            again.text()
        );
    }
    let row = app.engine.seller(&seller).await.unwrap();
    assert_eq!(row.currency, "EUR");
    assert_eq!(row.timezone.as_deref(), Some("Europe/Madrid"));
    assert_eq!(row.locale, "en");
    assert_eq!(app.engine.seller_push_to(&seller).await.unwrap(), None);
}
on_both!(redelivered_settings_do_not_undo_later_ones);

/// A command for another bot is nobody's business here, in a private chat too; an
/// unknown command is echoed back clipped.
async fn other_bots_and_unknown_commands(backend: Backend) {
    let (_app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let before = fake.sent_to_chat(SELLER).len();
    fake.text_update(SELLER, SELLER, "/link@otherbot 5");
    let help = ask(&fake, SELLER, SELLER, "/help").await;
    assert!(help.text().contains("/link"), "{}", help.text());
    assert_eq!(
        fake.sent_to_chat(SELLER).len(),
        before + 1,
        "{}",
        fake.report()
    );

    let long = format!("/{}", "spam".repeat(60));
    let reply = ask(&fake, SELLER, SELLER, &long).await;
    let text = reply.text();
    assert!(text.starts_with("I do not know /spamspam"), "{text}");
    assert!(text.contains('…'), "{text}");
    assert!(text.chars().count() < 120, "{text}");
}
on_both!(other_bots_and_unknown_commands);

/// Seller text with bidirectional overrides or invisible characters cannot reorder or
/// hide what surrounds it, in chat and on the buyer page.
async fn seller_text_is_isolated(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let replies = ask_n(
        &fake,
        SELLER,
        SELLER,
        "/link 250 THB fee\u{202E}gpj.exe\u{200B} ok",
        2,
    )
    .await;
    let raw = replies[0].raw_text();
    assert!(
        raw.contains("฿250.00 — \u{2068}feegpj.exe ok\u{2069}"),
        "{raw:?}"
    );
    assert!(
        !raw.contains('\u{202E}') && !raw.contains('\u{200B}'),
        "{raw:?}"
    );
    let slug = slug_in(&replies[0].text());

    let page = reqwest::get(app.url(&format!("/p/{slug}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains('\u{202E}') && !page.contains('\u{200B}'),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"desc\" dir=\"auto\">feegpj.exe ok</p>"),
        "{page}"
    );
}
on_both!(seller_text_is_isolated);

// ---- amounts read two ways -------------------------------------------------------

/// `/link 1.250 THB` from an English-writing seller reads as ฿1,250.00 or ฿1.25: the
/// bot asks with a button per reading and makes the link only for the one pressed,
/// once, however often the buttons are pressed.
async fn an_amount_read_two_ways_is_asked_about(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let links_sql = "select count(*) from links where seller_id = $1";

    let before = fake.sent_to_chat(SELLER).len();
    let update = fake.text_update(SELLER, SELLER, "/link 1.250 THB tuition");
    let question = fake.wait_for_chat(SELLER, before + 1).await.remove(before);
    let text = question.text();
    assert!(text.contains("can be read more than one way"), "{text}");
    assert!(text.contains("1. ฿1,250.00 — tuition"), "{text}");
    assert!(text.contains("2. ฿1.25 — tuition"), "{text}");
    assert_eq!(
        db_count(&app, links_sql, seller.as_str()).await,
        0,
        "asked, not made"
    );
    // The same message again asks the same question.
    fake.redeliver(update);
    let again = fake
        .wait_for_chat(SELLER, before + 2)
        .await
        .remove(before + 1);
    assert_eq!(callback_data(&question), callback_data(&again));

    let choices = callback_data(&question);
    assert_eq!(choices.len(), 2, "{choices:?}");
    let sent = fake.sent_to_chat(SELLER).len();
    tap(&fake, SELLER, &question, &choices[1]);
    let answer = fake.wait_for_chat(SELLER, sent + 3).await;
    assert_eq!(answer[sent].method, "editmessagetext");
    assert!(
        answer[sent].text().contains("✓ ฿1.25 — tuition"),
        "{}",
        answer[sent].text()
    );
    assert!(answer[sent + 1].text().contains("/p/"), "the card follows");
    assert_eq!(answer[sent + 2].method, "sendphoto");
    // The other reading pressed afterwards makes nothing more.
    tap(&fake, SELLER, &question, &choices[0]);
    eventually("the second press answered", || async {
        (fake.sent_to_chat(SELLER).len() > sent + 3).then_some(())
    })
    .await;
    let links = crate::telegram::links_of(&app, &seller).await;
    assert_eq!(links.len(), 1);
    assert_eq!(
        (links[0].amount.minor(), links[0].amount.currency().code()),
        (125, "THB")
    );
    assert_eq!(links[0].description, "tuition");
}
on_both!(an_amount_read_two_ways_is_asked_about);

/// Amounts the first round misread, through the Telegram door: each makes the link
/// the seller wrote, in the currency they wrote, with nothing of it left in the
/// description.
async fn amounts_are_read_as_sellers_write_them(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    for (args, minor, currency, description) in [
        ("1 250,50 EUR", 125_050, "EUR", ""),
        ("50.000 rupiah kopi", 5_000_000, "IDR", "kopi"),
        ("49,90 reais bolo", 4_990, "BRL", "bolo"),
        ("₹1,00,000 fees", 10_000_000, "INR", "fees"),
        ("1,23,456 INR", 12_345_600, "INR", ""),
        ("250 บาท ค่าเรียน", 25_000, "THB", "ค่าเรียน"),
        ("250 baht lunch", 25_000, "THB", "lunch"),
        ("2jt IDR sewa", 200_000_000, "IDR", "sewa"),
    ] {
        let replies = ask_n(&fake, SELLER, SELLER, &format!("/link {args}"), 2).await;
        let slug = slug_in(&replies[0].text());
        let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
        assert_eq!(
            (
                link.amount.minor(),
                link.amount.currency().code(),
                link.description.as_str()
            ),
            (minor, currency, description),
            "/link {args}"
        );
    }
}
on_both!(amounts_are_read_as_sellers_write_them);

/// A partial refund typed two ways offers one button per reading.
async fn a_refund_amount_read_two_ways_is_asked_about(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let slug = crate::telegram::paid_link(&app, &fake, "2000 THB course").await;
    let question = ask(&fake, SELLER, SELLER, &format!("/refund {slug} 1.250")).await;
    let text = question.text();
    assert!(
        text.contains(
            "Which amount do you want to refund on ฿2,000.00 — course?\n1. ฿1,250.00\n2. ฿1.25"
        ),
        "{text}"
    );
    let choices = callback_data(&question);
    assert_eq!(choices.len(), 3, "two readings and keep: {choices:?}");
    assert_eq!(
        crate::telegram::button(&question, "2. ฿1.25"),
        Some(choices[1].clone())
    );
    let edits = fake.count("editmessagetext");
    tap(&fake, SELLER, &question, &choices[1]);
    calls(&fake, "editmessagetext", edits + 1).await;
    let refunded = db_count(
        &app,
        "select cast(sum(r.amount_minor) as text) from refunds r \
         join links l on l.id = r.link_id where l.slug = $1",
        &slug,
    )
    .await;
    assert_eq!(refunded, 125);
}
on_both!(a_refund_amount_read_two_ways_is_asked_about);

/// Inline mode offers one card per reading; the one picked is the link made.
async fn inline_mode_offers_each_reading(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let query = "1.250 THB tuition";
    fake.inline_query_update(SELLER, query);
    let answer = fake.wait_for("answerinlinequery", 1).await.remove(0);
    let results: Vec<serde_json::Value> = match &answer.params["results"] {
        serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or_default(),
        serde_json::Value::Array(a) => a.clone(),
        _ => Vec::new(),
    };
    assert_eq!(results.len(), 2, "{:?}", answer.params);
    assert_eq!(results[0]["title"], "Create a ฿1,250.00 link");
    assert_eq!(results[1]["title"], "Create a ฿1.25 link");
    let id = results[1]["id"].as_str().unwrap().to_owned();
    let slug = id[2..18].to_owned();
    fake.chosen_inline_update(SELLER, &id, query, "inline-msg-1");
    let link = eventually("the inline link", || async {
        app.engine.link_by_slug(&seller, &slug).await.ok()
    })
    .await;
    assert_eq!(link.amount.minor(), 125);
}
on_both!(inline_mode_offers_each_reading);

/// The same question through the WhatsApp door, as reply buttons.
async fn whatsapp_asks_which_amount(backend: Backend) {
    use crate::fake_whatsapp as fw;
    use crate::whatsapp::{NUMBER, deliver, say, spawn_wa, wait_text};
    let (app, fake) = spawn_wa(backend, &[]).await;
    assert_eq!(say(&app, "wamid.A1", "link 1.250 THB cake").await, 200);
    let question = eventually("the amount question", || async {
        fake.sent_to(NUMBER)
            .into_iter()
            .find(|s| s.button_ids().iter().any(|id| id.starts_with("q:")))
    })
    .await;
    let ids = question.button_ids();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let tap = fw::button_reply(
        Some(NUMBER),
        None,
        "wamid.A2",
        question.wamid.as_deref().unwrap_or(""),
        &ids[0],
        "1.",
    );
    assert_eq!(deliver(&app, tap).await, 200);
    let card = wait_text(&fake, NUMBER, "/p/").await;
    assert!(card.text().contains("฿1,250.00"), "{}", card.text());
}
on_both!(whatsapp_asks_which_amount);

/// Two terminal sessions in one process each make their own link for the same words:
/// message ids ("apply once" keys) never repeat across sessions.
async fn terminal_sessions_do_not_share_message_ids(backend: Backend) {
    use std::sync::Arc;

    use paychat::adapters::console;
    use paychat::conversation::i18n::I18n;
    use paychat::conversation::{Conversation, RegistrationMode};

    let app = crate::helpers::spawn_app(backend).await;
    let conversation = Conversation::new(
        app.engine.clone(),
        Arc::new(I18n::load().unwrap()),
        RegistrationMode::Open,
    );
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for _ in 0..2 {
        let (_tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let mut out = Vec::new();
        console::run(
            &conversation,
            console::terminal_user(),
            &b"/link 100 THB lesson\n"[..],
            &mut out,
            rx,
            dir.path(),
        )
        .await
        .unwrap();
        outputs.push(String::from_utf8(out).unwrap());
    }
    let slugs: Vec<String> = outputs.iter().map(|o| slug_in(o)).collect();
    assert_ne!(slugs[0], slugs[1], "{outputs:?}");
    for o in &outputs {
        assert!(!o.contains("already"), "{o}");
    }
}
on_both!(terminal_sessions_do_not_share_message_ids);

/// A push printed in the terminal has its buttons numbered after the ones on screen,
/// and typing its number presses it (not an older message's button of that number).
async fn terminal_pushes_have_buttons_that_can_be_pressed(backend: Backend) {
    use std::sync::Arc;
    use std::time::Duration;

    use paychat::adapters::console;
    use paychat::conversation::i18n::I18n;
    use paychat::conversation::{Button, Conversation, RegistrationMode, Reply};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = crate::helpers::spawn_app(backend).await;
    let conversation = Arc::new(Conversation::new(
        app.engine.clone(),
        Arc::new(I18n::load().unwrap()),
        RegistrationMode::Open,
    ));
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let (mut typing, input) = tokio::io::duplex(4096);
    let (output, mut screen) = tokio::io::duplex(1 << 20);
    let running = {
        let conversation = conversation.clone();
        let path = dir.path().to_owned();
        tokio::spawn(async move {
            console::run(
                &conversation,
                console::terminal_user(),
                tokio::io::BufReader::new(input),
                output,
                rx,
                &path,
            )
            .await
        })
    };
    let mut seen = String::new();
    let mut read_until = async |needle: &str| {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let mut buf = [0u8; 4096];
        while !seen.contains(needle) {
            let n = tokio::time::timeout_at(deadline, screen.read(&mut buf))
                .await
                .unwrap_or_else(|_| panic!("no {needle:?} in {seen}"))
                .unwrap();
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        seen.clone()
    };
    typing.write_all(b"/link 100 THB lesson\n").await.unwrap();
    let shown = read_until("lesson").await;
    let slug = crate::telegram::slug_in(&shown);
    read_until("> ").await;
    tx.send(Reply::text("pushed").row(vec![Button::Action {
        label: "Status".into(),
        data: format!("st:{slug}"),
    }]))
    .unwrap();
    let shown = read_until("] Status").await;
    let at = shown.rfind("] Status").unwrap();
    let number: String = shown[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // The link's card showed [1] Cancel link: the push's button comes after it.
    assert!(shown.contains("[1] Cancel link"), "{shown}");
    assert_eq!(number, "2", "numbered after the buttons on screen: {shown}");
    typing
        .write_all(format!("{number}\n").as_bytes())
        .await
        .unwrap();
    let after = read_until("Timeline").await;
    assert!(
        after[shown.len()..].contains("🟢 Open"),
        "the status, not a cancel: {after}"
    );
    typing.write_all(b"/quit\n").await.unwrap();
    running.await.unwrap().unwrap();
}
on_both!(terminal_pushes_have_buttons_that_can_be_pressed);
