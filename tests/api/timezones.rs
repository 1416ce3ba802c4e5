//! Sellers see every time in their own time zone: guessed at registration, changed with
//! `/timezone`, used by link cards, `/status`, `/report`, `/export` and the buyer page.
//! The REST API keeps UTC.
//!
//! Expected times are computed here with chrono-tz alone, the offsets written out by
//! hand, so the app's formatting is checked against an independent reading. The clock
//! is the real one: where a test needs a moment the clock cannot give (a link made
//! before the seller's midnight), it moves the row's stored time.

use chrono::{
    DateTime, DurationRound as _, NaiveTime, SecondsFormat, TimeZone as _, Timelike as _,
};
use chrono::{Duration, Utc};
use chrono_tz::Tz;
use serde_json::json;

use crate::fake_telegram::FakeTelegram;
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::on_both;
use crate::telegram::{self as tg, OTHER, SELLER};
use crate::whatsapp as wa;

/// `ms` as a seller in `zone` should read it, with the offset label given.
fn local(ms: i64, zone: &str, offset: &str) -> String {
    let tz: Tz = zone.parse().expect("zone");
    let t = DateTime::from_timestamp_millis(ms).expect("instant");
    format!(
        "{} ({offset})",
        t.with_timezone(&tz).format("%Y-%m-%d %H:%M")
    )
}

/// Milliseconds of an RFC 3339 instant.
fn ms(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("RFC 3339")
        .timestamp_millis()
}

/// The Telegram seller's stored row.
async fn tg_seller(app: &TestApp, user: i64) -> paychat::engine::store::SellerRow {
    app.engine
        .chat_seller("telegram", &user.to_string())
        .await
        .unwrap()
        .expect("a registered seller")
}

/// Moves a link's stored times (and its payments' creation) to given instants, for
/// moments the real clock cannot give.
async fn set_times(app: &TestApp, slug: &str, created_at: i64, expires_at: Option<i64>) {
    use sqlx::Connection as _;
    const LINK: &str = "update links set created_at = $1, expires_at = coalesce($2, expires_at) \
                        where slug = $3";
    const PAYMENTS: &str = "update payments set created_at = $1 \
                            where link_id = (select id from links where slug = $2)";
    let url = &app.db.url;
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.expect("sqlite");
        sqlx::query(LINK)
            .bind(created_at)
            .bind(expires_at)
            .bind(slug)
            .execute(&mut c)
            .await
            .expect(LINK);
        sqlx::query(PAYMENTS)
            .bind(created_at)
            .bind(slug)
            .execute(&mut c)
            .await
            .expect(PAYMENTS);
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.expect("postgres");
        sqlx::query(LINK)
            .bind(created_at)
            .bind(expires_at)
            .bind(slug)
            .execute(&mut c)
            .await
            .expect(LINK);
        sqlx::query(PAYMENTS)
            .bind(created_at)
            .bind(slug)
            .execute(&mut c)
            .await
            .expect(PAYMENTS);
    }
}

/// `/paid` on a link, returning once its "Paid" push (which names `amount`) arrived, so
/// the next answer in the chat is the next command's.
async fn paid_by_hand(fake: &FakeTelegram, slug: &str, amount: &str) {
    let before = tg::texts_with(fake, SELLER, "✅").len();
    // Marking paid is confirmed first.
    let question = tg::ask(fake, SELLER, SELLER, &format!("/paid {slug}")).await;
    let yes = tg::yes_button(&question).expect("a confirmation");
    fake.callback_update(SELLER, SELLER, question.result_message_id().unwrap(), &yes);
    crate::helpers::eventually("the paid push", || async {
        let pushes = tg::texts_with(fake, SELLER, "✅");
        (pushes.len() > before && pushes.iter().any(|p| p.text().contains(amount))).then_some(())
    })
    .await;
}

// ---- registration ----------------------------------------------------------------

/// A Thai Telegram user gets Bangkok, said in the greeting; a user whose language says
/// nothing about where follows the operator's default (stored as none, so a later
/// change of the default reaches them).
async fn telegram_registration_guesses_the_zone_from_the_language(backend: Backend) {
    let (app, fake) = tg::spawn_bot(
        backend,
        &[("PAYCHAT_SELLERS__DEFAULT_TIMEZONE", "America/Sao_Paulo")],
    )
    .await;

    fake.text_update_lang(SELLER, SELLER, "/start", "th");
    let welcome = tg::wait_text(&fake, SELLER, "Asia/Bangkok").await;
    assert!(
        welcome.text().contains("Asia/Bangkok (UTC+7)"),
        "{}",
        welcome.text()
    );
    assert_eq!(
        tg_seller(&app, SELLER).await.timezone.as_deref(),
        Some("Asia/Bangkok")
    );

    fake.text_update_lang(OTHER, OTHER, "/start", "en");
    let welcome = tg::wait_text(&fake, OTHER, "Times are shown in").await;
    assert!(
        welcome
            .text()
            .contains("Times are shown in America/Sao_Paulo (UTC-3); change it with /timezone."),
        "{}",
        welcome.text()
    );
    assert_eq!(tg_seller(&app, OTHER).await.timezone, None);
}
on_both!(telegram_registration_guesses_the_zone_from_the_language);

/// A WhatsApp number from Vietnam (+84) gets Ho Chi Minh City's zone.
async fn whatsapp_registration_guesses_the_zone_from_the_number(backend: Backend) {
    let (app, fake) = wa::spawn_wa(backend, &[]).await;
    let vietnamese = "84901234567";

    assert_eq!(
        wa::say_as(&app, vietnamese, "wamid.TZ1", "timezone").await,
        200
    );
    let sent = fake.wait_for_to(vietnamese, 2).await;
    assert!(
        sent[0].text().contains("Asia/Ho_Chi_Minh (UTC+7)"),
        "{}",
        fake.report()
    );
    assert!(
        sent[1]
            .text()
            .contains("Múi giờ của bạn là Asia/Ho_Chi_Minh"),
        "{}",
        fake.report()
    );
    let seller = app
        .engine
        .chat_seller("whatsapp", vietnamese)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(seller.timezone.as_deref(), Some("Asia/Ho_Chi_Minh"));
}
on_both!(whatsapp_registration_guesses_the_zone_from_the_number);

// ---- /timezone ---------------------------------------------------------------------

/// `/timezone` shows the zone and the local time now; `/tz NAME` sets it (any case);
/// an unknown name is refused with examples, in the seller's language, and changes
/// nothing.
async fn timezone_shows_sets_and_refuses_unknown_names(backend: Backend) {
    let (app, fake) = tg::spawn_bot(backend, &[]).await;
    tg::register(&fake, SELLER).await;

    let shown = tg::ask(&fake, SELLER, SELLER, "/timezone").await;
    assert!(
        shown
            .text()
            .starts_with("Your time zone is UTC; local time now: "),
        "{}",
        shown.text()
    );
    assert!(
        shown.text().contains("/timezone Asia/Singapore"),
        "{}",
        shown.text()
    );

    let before = Utc::now().timestamp_millis();
    let set = tg::ask(&fake, SELLER, SELLER, "/tz asia/kolkata").await;
    let after = Utc::now().timestamp_millis();
    let text = set.text();
    assert!(
        text.starts_with("Times are now shown in Asia/Kolkata. Local time now: "),
        "{text}"
    );
    // The local time now, half an hour off the hour from UTC.
    let now_then = [before, after].map(|t| local(t, "Asia/Kolkata", "UTC+5:30"));
    assert!(
        now_then.iter().any(|n| text.contains(n)),
        "{text} {now_then:?}"
    );
    assert_eq!(
        tg_seller(&app, SELLER).await.timezone.as_deref(),
        Some("Asia/Kolkata")
    );
    let shown = tg::ask(&fake, SELLER, SELLER, "/timezone").await;
    assert!(
        shown
            .text()
            .starts_with("Your time zone is Asia/Kolkata; local time now: "),
        "{}",
        shown.text()
    );

    let bad = tg::ask(&fake, SELLER, SELLER, "/timezone Mars/Olympus_Mons").await;
    assert!(
        bad.text().starts_with(
            "I do not know the time zone \"Mars/Olympus_Mons\". Use a name from the IANA \
             time zone list, e.g. /timezone Asia/Bangkok"
        ),
        "{}",
        bad.text()
    );
    assert_eq!(
        tg_seller(&app, SELLER).await.timezone.as_deref(),
        Some("Asia/Kolkata")
    );

    // A fixed offset is refused even though the database knows it: Etc/GMT+7 is UTC−7.
    let bad = tg::ask(&fake, SELLER, SELLER, "/timezone Etc/GMT+7").await;
    assert!(
        bad.text()
            .starts_with("I do not know the time zone \"Etc/GMT+7\""),
        "{}",
        bad.text()
    );
    assert!(
        bad.text().contains("ignore daylight saving"),
        "{}",
        bad.text()
    );
    assert_eq!(
        tg_seller(&app, SELLER).await.timezone.as_deref(),
        Some("Asia/Kolkata")
    );

    tg::ask(&fake, SELLER, SELLER, "/lang th").await;
    let bad = tg::ask(&fake, SELLER, SELLER, "/tz UTC+7").await;
    assert!(
        bad.text().starts_with("ไม่รู้จักเขตเวลา \"UTC+7\""),
        "{}",
        bad.text()
    );
}
on_both!(timezone_shows_sets_and_refuses_unknown_names);

// ---- what the seller and the buyer read ----------------------------------------------

/// The new link's card and `/status` (expiry and timeline) read in the seller's zone,
/// with its offset.
async fn link_card_and_status_show_local_times(backend: Backend) {
    let (app, fake) = tg::spawn_bot(backend, &[]).await;
    tg::register(&fake, SELLER).await;
    tg::ask(&fake, SELLER, SELLER, "/timezone Asia/Kolkata").await;
    let seller_id = tg::seller_of(&app, SELLER).await;

    let slug = tg::make_link(&fake, SELLER, "250 tuition exp:3d").await;
    let link = app.engine.link_by_slug(&seller_id, &slug).await.unwrap();
    let expiry = format!(
        "Expires {}",
        local(
            link.expires_at.expect("an expiry"),
            "Asia/Kolkata",
            "UTC+5:30"
        )
    );
    let card = tg::texts_with(&fake, SELLER, &format!("/p/{slug}"))
        .into_iter()
        .next()
        .expect("the card");
    assert!(card.text().contains(&expiry), "{} / {expiry}", card.text());
    assert!(!card.text().contains(" UTC\n"), "{}", card.text());

    let status = tg::ask(&fake, SELLER, SELLER, &format!("/status {slug}")).await;
    let created = app
        .engine
        .events(&seller_id, link.id.as_str())
        .await
        .unwrap()[0]
        .created_at;
    let created_line = format!("{} Created", local(created, "Asia/Kolkata", "UTC+5:30"));
    assert!(status.text().contains(&expiry), "{}", status.text());
    assert!(status.text().contains(&created_line), "{}", status.text());
}
on_both!(link_card_and_status_show_local_times);

/// The buyer page shows the expiry in the seller's zone: the operator's default for a
/// seller without one, then the seller's own. The REST API keeps UTC throughout.
async fn the_buyer_page_shows_the_sellers_local_expiry(backend: Backend) {
    let app = spawn_app_with(
        backend,
        &[("PAYCHAT_SELLERS__DEFAULT_TIMEZONE", "America/Sao_Paulo")],
    )
    .await;
    let at = (Utc::now() + Duration::days(2))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let utc = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let link = app
        .create_link(json!({ "amount": "250.00", "currency": "THB", "expiry_date": utc }))
        .await;
    assert_eq!(link["expires_at"], utc.as_str(), "{link}");
    let slug = link["slug"].as_str().unwrap().to_owned();
    let page = |slug: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url(&format!("/p/{slug}?lang=en")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let at_ms = at.timestamp_millis();

    let html = page(slug.clone()).await;
    let expected = format!("Expires {}", local(at_ms, "America/Sao_Paulo", "UTC-3"));
    assert!(html.contains(&expected), "{expected}\n{html}");

    app.engine
        .set_seller_timezone(&app.seller_id, "Asia/Bangkok", None)
        .await
        .unwrap();
    let html = page(slug).await;
    let expected = format!("Expires {}", local(at_ms, "Asia/Bangkok", "UTC+7"));
    assert!(html.contains(&expected), "{expected}\n{html}");

    let (status, again) = app
        .get(&format!("/api/v1/links/{}", link["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["expires_at"], utc.as_str(), "{again}");
}
on_both!(the_buyer_page_shows_the_sellers_local_expiry);

// ---- /report and /export -------------------------------------------------------------

/// Zones without daylight saving, at most five hours apart, and their offsets.
const ZONES: [(&str, &str); 9] = [
    ("Pacific/Kiritimati", "UTC+14"),
    ("Asia/Tokyo", "UTC+9"),
    ("Asia/Bangkok", "UTC+7"),
    ("Asia/Dubai", "UTC+4"),
    ("Africa/Lagos", "UTC+1"),
    ("America/Sao_Paulo", "UTC-3"),
    ("America/Bogota", "UTC-5"),
    ("America/Phoenix", "UTC-7"),
    ("Pacific/Honolulu", "UTC-10"),
];

/// The zone where it is nearest noon now, so the seller's midnight is hours away on
/// either side and cannot pass during the test; with that zone's last midnight.
fn zone_near_noon() -> (&'static str, &'static str, DateTime<Tz>) {
    let now = Utc::now();
    let (name, offset) = ZONES
        .iter()
        .min_by_key(|(name, _)| {
            let tz: Tz = name.parse().expect("zone");
            let t = now.with_timezone(&tz);
            (i64::from(t.hour()) * 60 + i64::from(t.minute()) - 720).abs()
        })
        .copied()
        .expect("zones");
    let tz: Tz = name.parse().expect("zone");
    let midnight = tz
        .from_local_datetime(&now.with_timezone(&tz).date_naive().and_time(NaiveTime::MIN))
        .single()
        .expect("no daylight saving in these zones");
    (name, offset, midnight)
}

/// `/report today` counts from the seller's local midnight: a link paid from that
/// instant on is counted, one a minute before it is not (it is in the week). The window
/// is said in the seller's time.
async fn report_today_starts_at_the_sellers_midnight(backend: Backend) {
    let (app, fake) = tg::spawn_bot(backend, &[]).await;
    tg::register(&fake, SELLER).await;
    let (zone, offset, midnight) = zone_near_noon();
    tg::ask(&fake, SELLER, SELLER, &format!("/timezone {zone}")).await;
    let before = tg::make_link(&fake, SELLER, "111 yesterday evening").await;
    let after = tg::make_link(&fake, SELLER, "222 this morning").await;
    paid_by_hand(&fake, &before, "$111.00").await;
    paid_by_hand(&fake, &after, "$222.00").await;
    let midnight_ms = midnight.timestamp_millis();
    set_times(&app, &before, midnight_ms - 60_000, None).await;
    set_times(&app, &after, midnight_ms, None).await;

    let today = tg::ask(&fake, SELLER, SELLER, "/report today").await;
    let text = today.text();
    assert!(text.starts_with("<b>Today</b>\n"), "{text}");
    let since = format!("Since {} 00:00 ({offset})", midnight.format("%Y-%m-%d"));
    assert!(text.contains(&since), "{since}\n{text}");
    assert!(text.contains("× 1 · $222.00"), "{text}");
    assert!(!text.contains("$111.00"), "{text}");
    assert!(
        text.contains("Received $222.00, refunded $0.00, net $222.00"),
        "{text}"
    );

    let week = tg::ask(&fake, SELLER, SELLER, "/report week").await;
    let text = week.text();
    let six_days_back = (midnight - Duration::days(6)).format("%Y-%m-%d");
    assert!(
        text.contains(&format!("Since {six_days_back} 00:00 ({offset})")),
        "{text}"
    );
    assert!(
        text.contains("Received $333.00, refunded $0.00, net $333.00"),
        "{text}"
    );
}
on_both!(report_today_starts_at_the_sellers_midnight);

/// `/export` writes times as RFC 3339 with the seller's offset, and names the file by
/// the seller's date.
async fn the_export_carries_the_sellers_offset(backend: Backend) {
    let (app, fake) = tg::spawn_bot(backend, &[]).await;
    tg::register(&fake, SELLER).await;
    tg::ask(&fake, SELLER, SELLER, "/timezone Asia/Bangkok").await;
    let slug = tg::make_link(&fake, SELLER, "250 scarf").await;
    paid_by_hand(&fake, &slug, "$250.00").await;
    set_times(
        &app,
        &slug,
        ms("2026-12-03T21:08:00Z"),
        Some(ms("2026-12-10T21:08:00Z")),
    )
    .await;

    let dates = || {
        Utc::now()
            .with_timezone(&chrono_tz::Asia::Bangkok)
            .format("paychat-%Y-%m-%d.csv")
            .to_string()
    };
    let first = dates();
    let doc = tg::ask(&fake, SELLER, SELLER, "/export").await;
    let (_, name, bytes) = &doc.files[0];
    assert!([first, dates()].contains(name), "{name}");
    let csv = String::from_utf8(bytes.clone()).unwrap();
    let link = csv.lines().find(|l| l.starts_with("link,")).expect("{csv}");
    assert!(
        link.ends_with(",2026-12-04T04:08:00+07:00,2026-12-11T04:08:00+07:00,,"),
        "{csv}"
    );
    let payment = csv
        .lines()
        .find(|l| l.starts_with("payment,"))
        .expect("{csv}");
    assert!(payment.ends_with(",2026-12-04T04:08:00+07:00,,,"), "{csv}");
}
on_both!(the_export_carries_the_sellers_offset);
