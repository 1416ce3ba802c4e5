//! The command parser's unit tests: every option, the amounts it must never misread,
//! and inputs that must not panic.

use super::*;

fn thb() -> Option<Currency> {
    Currency::from_code("THB").ok()
}

/// The one reading of `/link args` for an English-writing THB seller.
fn link(args: &str) -> Result<LinkRequest, CommandError> {
    match parse_link(args, thb(), "en")? {
        LinkParse::One(r) => Ok(*r),
        LinkParse::Choose(rs) => panic!("{args}: a choice {rs:?}"),
    }
}

#[test]
fn commands_with_and_without_bot_name() {
    assert_eq!(
        parse("/link 250 THB tuition", None, false),
        Ok(Parsed::Command(Command::Link("250 THB tuition".into())))
    );
    assert_eq!(
        parse("/LINK@PayBot 250", Some("paybot"), false),
        Ok(Parsed::Command(Command::Link("250".into())))
    );
    assert_eq!(
        parse("/link@otherbot 250", Some("paybot"), false),
        Ok(Parsed::OtherBot)
    );
    assert_eq!(parse("hello", None, false), Ok(Parsed::Text));
    assert_eq!(parse("link 250", None, false), Ok(Parsed::Text));
    let long = format!("/{}", "x".repeat(200));
    match parse(&long, None, false) {
        Err(CommandError::Unknown(echo)) => assert_eq!(echo.chars().count(), UNKNOWN_ECHO),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        parse("Link 250", None, true),
        Ok(Parsed::Command(Command::Link("250".into())))
    );
    assert_eq!(
        parse("/nope", None, false),
        Err(CommandError::Unknown("nope".into()))
    );
    assert_eq!(
        parse("/start abc_DEF-1", None, false),
        Ok(Parsed::Command(Command::Start(Some("abc_DEF-1".into()))))
    );
}

#[test]
fn slugs_from_codes_and_urls() {
    let s = "AbCdEfGh12345678";
    assert_eq!(slug_of(s), Some(s.into()));
    assert_eq!(
        slug_of(&format!("https://pay.example/p/{s}")),
        Some(s.into())
    );
    assert_eq!(slug_of(&format!("https://x/p/{s}?lang=th")), Some(s.into()));
    assert_eq!(slug_of("short"), None);
    assert_eq!(
        parse("/status", None, false),
        Err(CommandError::MissingSlug("status"))
    );
    assert_eq!(
        parse(&format!("/refund {s} 100"), None, false),
        Ok(Parsed::Command(Command::Refund {
            slug: s.into(),
            amount: Some("100".into())
        }))
    );
    // A refund amount may take several words.
    assert_eq!(
        parse(&format!("/refund {s}  1 250,50 EUR "), None, false),
        Ok(Parsed::Command(Command::Refund {
            slug: s.into(),
            amount: Some("1 250,50 EUR".into())
        }))
    );
    // `/dup`, `/duplicate` and `/copy`, with or without a new amount.
    assert_eq!(
        parse(&format!("/dup {s}"), None, false),
        Ok(Parsed::Command(Command::Dup {
            slug: s.into(),
            amount: None
        }))
    );
    assert_eq!(
        parse(
            &format!("/copy https://pay.example/p/{s} 1.250,50"),
            None,
            false
        ),
        Ok(Parsed::Command(Command::Dup {
            slug: s.into(),
            amount: Some("1.250,50".into())
        }))
    );
    assert_eq!(
        parse("/duplicate", None, false),
        Err(CommandError::MissingSlug("dup"))
    );
}

#[test]
fn report_periods() {
    assert_eq!(
        parse("/report", None, false),
        Ok(Parsed::Command(Command::Report(Period::Today)))
    );
    assert_eq!(
        parse("/report Month", None, false),
        Ok(Parsed::Command(Command::Report(Period::Month)))
    );
    assert_eq!(
        parse("/report year", None, false),
        Err(CommandError::BadPeriod("year".into()))
    );
}

#[test]
fn timezone_with_and_without_a_name() {
    assert_eq!(
        parse("/timezone Asia/Bangkok", None, false),
        Ok(Parsed::Command(Command::Timezone(Some(
            "Asia/Bangkok".into()
        ))))
    );
    assert_eq!(
        parse("/TZ utc", None, false),
        Ok(Parsed::Command(Command::Timezone(Some("utc".into()))))
    );
    assert_eq!(
        parse("/timezone", None, false),
        Ok(Parsed::Command(Command::Timezone(None)))
    );
    assert_eq!(
        parse("timezone Asia/Jakarta", None, true),
        Ok(Parsed::Command(Command::Timezone(Some(
            "Asia/Jakarta".into()
        ))))
    );
}

#[test]
fn link_options() {
    let r = link("250 tuition exp:3d limit:5 ref:INV-7 to:+66812345678 at 10:30")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.description, "tuition at 10:30");
    assert_eq!(r.expires_in_secs, Some(259_200));
    assert_eq!(r.usage_limit, Some(Some(5)));
    assert_eq!(r.reference.as_deref(), Some("INV-7"));
    assert_eq!(r.to, Some(Recipient::Phone("+66812345678".into())));
    let r = link("250 limit:none to:a@b.co").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.usage_limit, Some(None));
    assert_eq!(r.to, Some(Recipient::Email("a@b.co".into())));
}

#[test]
fn link_errors_are_specific() {
    assert_eq!(link(""), Err(CommandError::MissingAmount));
    assert_eq!(link("tuition"), Err(CommandError::MissingAmount));
    assert_eq!(
        link("250 THX tuition"),
        Err(CommandError::UnknownCurrency("THX".into()))
    );
    assert_eq!(
        link("250 exp:1d exp:2d"),
        Err(CommandError::DuplicateOption("exp"))
    );
    assert_eq!(
        link("250 exp:soon"),
        Err(CommandError::BadExpiry("soon".into()))
    );
    assert_eq!(link("250 limit:0"), Err(CommandError::BadLimit("0".into())));
    assert_eq!(
        link("250 to:nobody"),
        Err(CommandError::BadRecipient("nobody".into()))
    );
    let r = link("250 ref:a b").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (r.description.as_str(), r.reference.as_deref()),
        ("b", Some("a"))
    );
    assert_eq!(
        link("250 ref:"),
        Err(CommandError::BadReference(String::new()))
    );
    assert_eq!(
        link(&format!("250 {}", "x".repeat(MAX_DESCRIPTION + 1))),
        Err(CommandError::DescriptionTooLong)
    );
    assert_eq!(
        parse_link("250", None, "en").map_err(|e| e.code()),
        Err("amount-missing-currency")
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,80}") {
        let _ = parse(&s, Some("bot"), true);
        let _ = parse_link(&s, thb(), "en");
    }
}
