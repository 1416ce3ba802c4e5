//! "Not paid yet" in the seller's chat before an unpaid link expires, through the fake
//! Bot API on the manual clock: when it comes, what it says and offers (extend, cancel),
//! and when it stays quiet (paid, cancelled, extended, `/reminders off`, bulk).

use std::time::Duration;

use crate::fake_telegram::FakeTelegram;
use crate::helpers::{Backend, TestApp};
use crate::on_both;
use crate::telegram::{
    SELLER, ask, button, callback_data, links_of, make_link, outbox_settled, press, register,
    seller_of, texts_with, wait_text,
};

const HOUR: Duration = Duration::from_secs(3600);
const TITLE: &str = "<b>⏰ Not paid yet</b>";

/// A registered seller's bot, on a clock the test moves.
pub(crate) async fn bot_on_clock(backend: Backend) -> (TestApp, FakeTelegram) {
    let app = TestApp::builder()
        .telegram()
        .manual_clock()
        .spawn(backend)
        .await;
    let fake = app.telegram().clone();
    register(&fake, SELLER).await;
    (app, fake)
}

async fn expiry_of(app: &TestApp, slug: &str) -> i64 {
    let seller = seller_of(app, SELLER).await;
    links_of(app, &seller)
        .await
        .into_iter()
        .find(|l| l.slug == slug)
        .and_then(|l| l.expires_at)
        .expect("the link with an expiry")
}

async fn a_seller_hears_before_an_unpaid_link_expires_and_extends_it_once(backend: Backend) {
    // Arrange: a three-day link reminds a day before it expires.
    let (app, fake) = bot_on_clock(backend).await;
    let slug = make_link(&fake, SELLER, "250 THB tuition exp:3d").await;
    let expires = expiry_of(&app, &slug).await;

    // Act: not yet at a day and a half, then past two days.
    app.clock().advance(HOUR * 36);
    outbox_settled(&app).await;
    assert!(texts_with(&fake, SELLER, TITLE).is_empty(), "too early");
    app.clock().advance(HOUR * 13);
    let reminder = wait_text(&fake, SELLER, TITLE).await;

    // Assert: what it says and offers.
    let text = reminder.text();
    assert!(
        text.contains("250.00") && text.contains("tuition"),
        "{text}"
    );
    assert!(text.contains("Expires"), "{text}");
    let extend = button(&reminder, "Extend 3 days").expect("an Extend button");
    assert_eq!(extend, format!("ext:{slug}:{expires}"));
    assert_eq!(
        button(&reminder, "Cancel link").as_deref(),
        Some(format!("cx:{slug}").as_str())
    );
    // No buyer to reach: no "Remind buyer".
    assert_eq!(button(&reminder, "Remind buyer"), None);

    // Extending moves the expiry three days and says so; the same button again does not.
    let answer = press(&fake, SELLER, &reminder, &extend).await;
    assert!(
        answer.text().contains("Extended: the link now expires"),
        "{}",
        answer.text()
    );
    assert_eq!(expiry_of(&app, &slug).await, expires + 3 * 86_400_000);
    let again = press(&fake, SELLER, &reminder, &extend).await;
    assert!(
        again.text().contains("Already extended"),
        "{}",
        again.text()
    );
    assert_eq!(expiry_of(&app, &slug).await, expires + 3 * 86_400_000);
    let link_id = links_of(&app, &seller_of(&app, SELLER).await).await[0]
        .id
        .to_string();
    let extended = app
        .engine
        .events(&seller_of(&app, SELLER).await, &link_id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "link.extended")
        .count();
    assert_eq!(extended, 1);

    // The old expiry passes quietly; a day before the new one, a second reminder.
    app.clock().advance(HOUR * 24);
    outbox_settled(&app).await;
    assert_eq!(texts_with(&fake, SELLER, TITLE).len(), 1);
    app.clock().advance(HOUR * 48);
    crate::helpers::eventually("the second reminder", || async {
        (texts_with(&fake, SELLER, TITLE).len() == 2).then_some(())
    })
    .await;
}
on_both!(a_seller_hears_before_an_unpaid_link_expires_and_extends_it_once);

async fn cancel_under_a_reminder_asks_first(backend: Backend) {
    // Arrange: a one-hour link reminds halfway through its life.
    let (app, fake) = bot_on_clock(backend).await;
    let slug = make_link(&fake, SELLER, "90 THB cake exp:1h").await;
    app.clock().advance(Duration::from_secs(31 * 60));
    let reminder = wait_text(&fake, SELLER, TITLE).await;

    // Act
    let asked = press(&fake, SELLER, &reminder, &format!("cx:{slug}")).await;

    // Assert: a question with a yes, not a cancelled link.
    assert!(
        callback_data(&asked).iter().any(|d| d.starts_with("q:")),
        "{}",
        asked.text()
    );
    let seller = seller_of(&app, SELLER).await;
    assert_eq!(links_of(&app, &seller).await[0].status.as_str(), "active");
}
on_both!(cancel_under_a_reminder_asks_first);

async fn paid_cancelled_and_unwanted_links_remind_nobody(backend: Backend) {
    // Arrange: one link paid, one cancelled, one made after /reminders off.
    let (app, fake) = bot_on_clock(backend).await;
    let paid = make_link(&fake, SELLER, "100 THB paid exp:2d").await;
    app.buyer_pays(&paid, "succeed").await;
    wait_text(&fake, SELLER, "✅").await;
    let cancelled = make_link(&fake, SELLER, "100 THB cancelled exp:2d").await;
    let seller = seller_of(&app, SELLER).await;
    let id = links_of(&app, &seller)
        .await
        .into_iter()
        .find(|l| l.slug == cancelled)
        .unwrap()
        .id;
    app.engine
        .cancel_link(&seller, id.as_str(), None)
        .await
        .unwrap();
    let off = ask(&fake, SELLER, SELLER, "/reminders off").await;
    assert!(off.text().contains("Reminders off"), "{}", off.text());
    make_link(&fake, SELLER, "100 THB quiet exp:2d").await;

    // Act: past every reminder's time.
    app.clock().advance(HOUR * 30);
    outbox_settled(&app).await;

    // Assert
    assert!(texts_with(&fake, SELLER, TITLE).is_empty());
    let now = ask(&fake, SELLER, SELLER, "/reminders").await;
    assert!(now.text().contains("Reminders are off"), "{}", now.text());
    let on = ask(&fake, SELLER, SELLER, "/reminders on").await;
    assert!(on.text().contains("Reminders on"), "{}", on.text());
    let bad = ask(&fake, SELLER, SELLER, "/reminders maybe").await;
    assert!(
        bad.text().contains("/reminders on or /reminders off"),
        "{}",
        bad.text()
    );
}
on_both!(paid_cancelled_and_unwanted_links_remind_nobody);

async fn reminders_speak_the_sellers_language_and_time_zone(backend: Backend) {
    // Arrange: a Thai seller in Bangkok.
    let (app, fake) = bot_on_clock(backend).await;
    ask(&fake, SELLER, SELLER, "/lang th").await;
    ask(&fake, SELLER, SELLER, "/timezone Asia/Bangkok").await;
    let slug = make_link(&fake, SELLER, "250 THB ค่าเรียน exp:2d").await;
    let expires = expiry_of(&app, &slug).await;

    // Act
    app.clock().advance(HOUR * 25);
    let reminder = wait_text(&fake, SELLER, "<b>⏰ ยังไม่ได้ชำระ</b>").await;

    // Assert: the expiry in Bangkok time, the buttons in Thai.
    let local = paychat::domain::TimeZone::parse("Asia/Bangkok")
        .unwrap()
        .datetime(expires);
    assert!(
        reminder.text().contains(&local),
        "{} {local}",
        reminder.text()
    );
    assert!(button(&reminder, "ขยาย 3 วัน").is_some());
}
on_both!(reminders_speak_the_sellers_language_and_time_zone);

async fn remind_buyer_under_a_reminder_and_send_again(backend: Backend) {
    // Arrange: a bot that e-mails buyers, a link e-mailed to its buyer now.
    let smtp = crate::fake_smtp::FakeSmtp::start().await;
    let url = smtp.url();
    let app = TestApp::builder()
        .telegram()
        .manual_clock()
        .env(&[
            ("PAYCHAT_EMAIL__SMTP_URL", url.as_str()),
            ("PAYCHAT_EMAIL__FROM", "pay@paychat.test"),
        ])
        .spawn(backend)
        .await;
    let fake = app.telegram().clone();
    register(&fake, SELLER).await;
    let slug = make_link(
        &fake,
        SELLER,
        "250 THB tuition exp:2d to:nok@buyer.test send:now",
    )
    .await;
    let first = crate::helpers::eventually("the link's e-mail", || async {
        (smtp.mails().len() == 1).then_some(())
    });
    first.await;

    // Act: the reminder comes with "Remind buyer"; pressing it e-mails a reminder now.
    app.clock().advance(HOUR * 25);
    let reminder = wait_text(&fake, SELLER, TITLE).await;
    let remind = button(&reminder, "Remind buyer").expect("a Remind buyer button");
    assert_eq!(remind, format!("rb:{slug}"));
    let answer = press(&fake, SELLER, &reminder, &remind).await;

    // Assert
    assert!(
        answer.text().contains("Reminder sent to nok@buyer.test"),
        "{}",
        answer.text()
    );
    let mails = crate::helpers::eventually("the reminder e-mail", || async {
        let m = smtp.mails();
        (m.len() == 2).then_some(m)
    })
    .await;
    let subject = crate::fake_smtp::parse(&mails[1].data)
        .header("Subject")
        .map(crate::fake_smtp::decode_header)
        .unwrap_or_default();
    assert!(subject.starts_with("Reminder"), "{subject}");

    // /send CODE sends the link's message again; a link without a buyer says so.
    let again = ask(&fake, SELLER, SELLER, &format!("/send {slug}")).await;
    assert!(
        again.text().contains("Sent again to nok@buyer.test"),
        "{}",
        again.text()
    );
    crate::helpers::eventually("the e-mail again", || async {
        (smtp.mails().len() == 3).then_some(())
    })
    .await;
    let plain = make_link(&fake, SELLER, "90 THB cake").await;
    let nobody = ask(&fake, SELLER, SELLER, &format!("/send {plain}")).await;
    assert!(
        nobody.text().contains("has no buyer to send it to"),
        "{}",
        nobody.text()
    );
    // A closed link: its status mid-sentence, in lower case.
    let seller = seller_of(&app, SELLER).await;
    let link = app.engine.link_by_slug(&seller, &slug).await.unwrap();
    app.engine
        .cancel_link(&seller, link.id.as_str(), None)
        .await
        .unwrap();
    let closed = ask(&fake, SELLER, SELLER, &format!("/send {slug}")).await;
    assert!(
        closed
            .text()
            .contains("This link is cancelled: nothing was sent."),
        "{}",
        closed.text()
    );
}
on_both!(remind_buyer_under_a_reminder_and_send_again);
