//! The conversation core's wording and grammar, without a door: messages in, replies
//! out (`kit::chat`). The doors' own tests check what they make of the replies.

use crate::helpers::{Backend, TestApp, eventually};
use crate::kit::chat::{Chat, actions, shown};
use crate::on_both;
use crate::telegram::links_of;

/// Every command's error path answers with its own specific message, and no link is
/// made or changed by any of them. First contact in Thai is answered in Thai.
async fn command_errors_answer_specifically_and_change_nothing(backend: Backend) {
    let app = TestApp::builder().spawn(backend).await;
    let mut chat = Chat::new(&app, "700001", "en");
    chat.register().await;
    let seller = chat.seller().await.id;
    let paid = chat.make_link("250 paid one").await;
    app.buyer_pays(&paid, "succeed").await;
    eventually("the link paid", || async {
        let link = app.engine.link_by_slug(&seller, &paid).await.ok()?;
        (link.status == paychat::domain::LinkStatus::Paid).then_some(())
    })
    .await;
    let open = chat.make_link("40 open one").await;
    assert_eq!(links_of(&app, &seller).await.len(), 2);

    let cases: Vec<(String, &str)> = vec![
        ("/link".into(), "How much? Put the amount first"),
        ("/link 250 THX".into(), "\"THX\" is not a currency code"),
        ("/link 1.250.50".into(), "mixes up its separators"),
        ("/link 250 exp:soon".into(), "\"soon\" is not a duration"),
        ("/link 250 limit:0".into(), "\"0\" is not a usage limit"),
        (
            "/link 250 to:nobody".into(),
            "\"nobody\" is neither a phone number nor an e-mail address",
        ),
        (
            "/link 250 exp:1d exp:2d".into(),
            "The option exp: is given twice",
        ),
        (
            "/status".into(),
            "Which link? Add its code or the link itself, e.g. /status",
        ),
        (
            "/status AAAAAAAAAAAAAAAA".into(),
            "I cannot find that link among yours",
        ),
        (
            format!("/cancel {paid}"),
            "That is not possible in the link's current state",
        ),
        (format!("/refund {open}"), "Nothing to refund on $40.00"),
        (
            format!("/refund {paid} 999"),
            "At most $250.00 is left to refund",
        ),
        ("/report year".into(), "\"year\" is not a period"),
        ("/currency XYZ".into(), "\"XYZ\" is not a currency code"),
        ("/lang klingon".into(), "I do not speak \"klingon\" yet"),
        ("/nope".into(), "I do not know /nope"),
    ];
    for (command, expected) in &cases {
        let reply = chat.say(command).await;
        assert!(
            shown(&reply).contains(expected),
            "{command}: expected {expected:?}, got {:?}",
            shown(&reply)
        );
        assert!(!reply.edit && !reply.notice, "{command}: {reply:?}");
        // An error offers no button that would go ahead anyway.
        assert!(
            actions(&reply).iter().all(|d| d.starts_with("st:")),
            "{command}: {:?}",
            actions(&reply)
        );
    }
    // An amount to refund or copy that cannot be read: the example is that command.
    for (command, expected) in [
        (
            format!("/refund {paid} -5"),
            format!("without a minus sign, e.g. /refund {paid} 250 USD"),
        ),
        (
            format!("/refund {paid} 100.505"),
            format!("/refund {paid} 100505 USD"),
        ),
        (
            format!("/dup {paid} 0"),
            format!("e.g. /dup {paid} 250 USD"),
        ),
    ] {
        let reply = chat.say(&command).await;
        assert!(
            shown(&reply).contains(&expected),
            "{command}: expected {expected:?}, got {:?}",
            shown(&reply)
        );
    }
    let links = links_of(&app, &seller).await;
    assert_eq!(links.len(), 2, "an error made a link");
    let status = |slug: &str| {
        links
            .iter()
            .find(|l| l.slug == slug)
            .map(|l| (l.status, l.refunded_minor))
    };
    assert_eq!(status(&paid), Some((paychat::domain::LinkStatus::Paid, 0)));
    assert_eq!(
        status(&open),
        Some((paychat::domain::LinkStatus::Active, 0))
    );
    let me = chat.seller().await;
    assert_eq!((me.currency.as_str(), me.locale.as_str()), ("USD", "en"));

    // First contact in Thai with a mistake: greeted and corrected in Thai.
    let mut thai = Chat::new(&app, "700002", "th");
    let replies = thai.say_all("/link").await;
    assert_eq!(replies.len(), 2, "{replies:#?}");
    assert!(
        shown(&replies[0]).contains("ยินดีต้อนรับสู่ paychat"),
        "greeting first: {}",
        shown(&replies[0])
    );
    assert!(
        shown(&replies[1]).contains("เท่าไร? ใส่จำนวนเงินก่อน"),
        "{}",
        shown(&replies[1])
    );
    let seller = thai.seller().await;
    assert!(links_of(&app, &seller.id).await.is_empty());
}
on_both!(command_errors_answer_specifically_and_change_nothing);

/// `/currency` and `/lang` change what new links are in and what the seller is
/// answered in, errors too.
async fn currency_and_language_preferences(backend: Backend) {
    let app = TestApp::builder().spawn(backend).await;
    let mut chat = Chat::new(&app, "700001", "en");
    chat.register().await;
    let seller = chat.seller().await.id;

    let current = chat.say("/currency").await;
    assert!(shown(&current).contains("Your default currency is USD"));
    let set = chat.say("/currency eur").await;
    assert!(
        shown(&set).contains("New links are now in EUR"),
        "{}",
        shown(&set)
    );
    let slug = chat.make_link("5").await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    assert_eq!(
        (link.amount.currency().code(), link.amount.minor()),
        ("EUR", 500)
    );

    let set = chat.say("/lang th").await;
    assert_eq!(shown(&set), "จากนี้ไปจะคุยกับคุณเป็นภาษาไทย");
    let help = chat.say("/help").await;
    assert_eq!(help.title.as_deref(), Some("ทำอะไรได้บ้าง"), "{help:?}");
    // Errors too.
    let err = chat.say("/nope").await;
    assert!(shown(&err).contains("ไม่รู้จักคำสั่ง /nope"), "{}", shown(&err));
    // A /connect code that is no code: the seller's language, not the app's.
    let err = chat.say("/connect ABCDEFGHJK").await;
    assert!(
        shown(&err).contains("รหัสนี้ไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ"),
        "{}",
        shown(&err)
    );
}
on_both!(currency_and_language_preferences);

/// `/dup CODE` copies a link at once; `/dup CODE amount` with an amount that reads two
/// ways asks, and makes one copy for the reading pressed however often it is pressed.
async fn dup_copies_a_link_and_asks_about_an_ambiguous_amount(backend: Backend) {
    let app = TestApp::builder().spawn(backend).await;
    let mut chat = Chat::new(&app, "700003", "en");
    chat.register().await;
    let seller = chat.seller().await.id;
    let source = chat.make_link("250 cupcakes ref:INV-5").await;

    let replies = chat.say_all(&format!("/dup {source}")).await;
    let card = replies
        .iter()
        .map(shown)
        .find(|t| t.contains("/p/"))
        .unwrap_or_else(|| panic!("a card: {replies:#?}"));
    let copy = crate::telegram::slug_in(&card);
    assert_ne!(copy, source);
    assert!(
        card.contains("$250.00") && card.contains("cupcakes"),
        "{card}"
    );
    assert!(
        !card.contains("INV-5"),
        "the reference stays with the source: {card}"
    );
    let copy = app.engine.link_by_slug(&seller, &copy).await.expect("copy");
    assert_eq!(copy.amount.minor(), 25_000);
    assert_eq!(
        copy.origin_chat.as_deref(),
        Some("700003"),
        "reports to this chat"
    );

    // "1.250" reads $1,250.00 or $1.25: asked, nothing made yet.
    let question = chat.say(&format!("/dup {source} 1.250")).await;
    let text = shown(&question);
    assert!(text.contains("can be read more than one way"), "{text}");
    assert!(text.contains("1. $1,250.00 — cupcakes"), "{text}");
    assert!(text.contains("2. $1.25 — cupcakes"), "{text}");
    assert_eq!(links_of(&app, &seller).await.len(), 2);
    let choices = actions(&question);
    assert_eq!(choices.len(), 2, "{choices:?}");

    let answer = chat.press(&choices[1]).await;
    assert!(shown(&answer[0]).contains("✓ $1.25"), "{answer:#?}");
    assert!(
        answer.iter().any(|r| shown(r).contains("/p/")),
        "the card follows"
    );
    // Pressed again, or the other reading: the same one copy.
    chat.press(&choices[1]).await;
    chat.press(&choices[0]).await;
    let links = links_of(&app, &seller).await;
    assert_eq!(links.len(), 3);
    assert_eq!(
        links.iter().filter(|l| l.amount.minor() == 125).count(),
        1,
        "one copy for $1.25"
    );

    // Errors name the problem and make nothing.
    let reply = chat.say("/dup").await;
    assert!(shown(&reply).contains("Which link?"), "{}", shown(&reply));
    let reply = chat.say(&format!("/dup {source} lots")).await;
    assert!(!shown(&reply).contains("/p/"), "{}", shown(&reply));
    assert_eq!(links_of(&app, &seller).await.len(), 3);
}
on_both!(dup_copies_a_link_and_asks_about_an_ambiguous_amount);
