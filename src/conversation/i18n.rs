//! Localized text from the Fluent files in `locales/`, compiled into the binary so a
//! copied binary needs nothing beside it.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::engine::sellers::{LOCALES, supported_locale};

/// Each language's files, in load order: `main.ftl`, then `amount.ftl` (how amounts are
/// read, asked about and refused), then `time.ftl` (time zones), then `bankqr.ftl` (bank QR accounts),
/// then `bulk.ftl` (links in bulk from a CSV file), then `outreach.ftl` (buyers' e-mails and
/// their stop page).
const SOURCES: [(&str, [&str; 6]); 6] = [
    (
        "en",
        [
            include_str!("../../locales/en/main.ftl"),
            include_str!("../../locales/en/amount.ftl"),
            include_str!("../../locales/en/time.ftl"),
            include_str!("../../locales/en/bankqr.ftl"),
            include_str!("../../locales/en/bulk.ftl"),
            include_str!("../../locales/en/outreach.ftl"),
        ],
    ),
    (
        "th",
        [
            include_str!("../../locales/th/main.ftl"),
            include_str!("../../locales/th/amount.ftl"),
            include_str!("../../locales/th/time.ftl"),
            include_str!("../../locales/th/bankqr.ftl"),
            include_str!("../../locales/th/bulk.ftl"),
            include_str!("../../locales/th/outreach.ftl"),
        ],
    ),
    (
        "id",
        [
            include_str!("../../locales/id/main.ftl"),
            include_str!("../../locales/id/amount.ftl"),
            include_str!("../../locales/id/time.ftl"),
            include_str!("../../locales/id/bankqr.ftl"),
            include_str!("../../locales/id/bulk.ftl"),
            include_str!("../../locales/id/outreach.ftl"),
        ],
    ),
    (
        "vi",
        [
            include_str!("../../locales/vi/main.ftl"),
            include_str!("../../locales/vi/amount.ftl"),
            include_str!("../../locales/vi/time.ftl"),
            include_str!("../../locales/vi/bankqr.ftl"),
            include_str!("../../locales/vi/bulk.ftl"),
            include_str!("../../locales/vi/outreach.ftl"),
        ],
    ),
    (
        "pt-BR",
        [
            include_str!("../../locales/pt-BR/main.ftl"),
            include_str!("../../locales/pt-BR/amount.ftl"),
            include_str!("../../locales/pt-BR/time.ftl"),
            include_str!("../../locales/pt-BR/bankqr.ftl"),
            include_str!("../../locales/pt-BR/bulk.ftl"),
            include_str!("../../locales/pt-BR/outreach.ftl"),
        ],
    ),
    (
        "es",
        [
            include_str!("../../locales/es/main.ftl"),
            include_str!("../../locales/es/amount.ftl"),
            include_str!("../../locales/es/time.ftl"),
            include_str!("../../locales/es/bankqr.ftl"),
            include_str!("../../locales/es/bulk.ftl"),
            include_str!("../../locales/es/outreach.ftl"),
        ],
    ),
];

/// Every shipped language, ready to format messages.
pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl I18n {
    /// Parses the shipped Fluent files. A broken file is a build defect, reported here.
    pub fn load() -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        for (tag, sources) in SOURCES {
            let lang: LanguageIdentifier = tag
                .parse()
                .map_err(|e| anyhow::anyhow!("locale tag {tag}: {e:?}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Isolation marks would end up inside HTML attributes and chat text.
            bundle.set_use_isolating(false);
            for source in sources {
                let resource = FluentResource::try_new(source.to_owned())
                    .map_err(|(_, errs)| anyhow::anyhow!("locales/{tag}: {errs:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| anyhow::anyhow!("locales/{tag}: {errs:?}"))?;
            }
            bundles.insert(tag, bundle);
        }
        Ok(Self { bundles })
    }

    /// The message `key` in `lang` (falling back to English), with `args` filled in.
    #[must_use]
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self
            .bundles
            .get(lang)
            .filter(|b| b.has_message(key))
            .or_else(|| self.bundles.get("en"));
        let Some(bundle) = bundle else {
            return key.to_owned();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, FluentValue::from(*v));
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }
}

/// The language to answer in: `?lang=` first, then `Accept-Language` by preference,
/// then `fallback` (the seller's language), then English.
#[must_use]
pub fn negotiate(
    query: Option<&str>,
    accept_language: Option<&str>,
    fallback: &str,
) -> &'static str {
    if let Some(l) = query.and_then(supported_locale) {
        return l;
    }
    if let Some(header) = accept_language {
        let mut tags: Vec<(u32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut it = part.split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(1000, parse_q);
                (q > 0 && !tag.is_empty() && tag != "*").then_some((q, i, tag))
            })
            .collect();
        // Highest quality first; equal quality keeps the header's order.
        tags.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        if let Some(l) = tags.iter().find_map(|(_, _, t)| supported_locale(t)) {
            return l;
        }
    }
    supported_locale(fallback).unwrap_or(LOCALES[0])
}

/// A quality value `0.8` as thousandths (800), without floating point.
fn parse_q(q: &str) -> u32 {
    let q = q.trim();
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    let int: u32 = match int {
        "1" => 1000,
        "0" | "" => 0,
        _ => return 0,
    };
    let mut frac_digits: String = frac.chars().take(3).collect();
    while frac_digits.len() < 3 {
        frac_digits.push('0');
    }
    int.min(1000) + frac_digits.parse::<u32>().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_message() {
        let i = I18n::load().unwrap();
        let en = &i.bundles["en"];
        // Every English file: a language must carry each file's messages.
        let ids: Vec<&str> = SOURCES[0]
            .1
            .iter()
            .flat_map(|file| file.lines())
            // Message lines start at the margin; comments with `#`, continuations indented.
            .filter(|l| !l.starts_with(['#', ' ']))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
            .collect();
        assert!(ids.len() > 10);
        for (tag, _) in SOURCES {
            for id in &ids {
                assert!(en.has_message(id));
                assert!(i.bundles[tag].has_message(id), "{tag} lacks {id}");
            }
        }
    }

    /// `/status` shows a link's timeline through `event-{kind}`: no kind may show its key.
    #[test]
    fn every_timeline_event_has_its_words() {
        let i = I18n::load().unwrap();
        for kind in crate::domain::event::EventKind::ALL {
            let id = format!("event-{}", kind.as_str().replace('.', "-"));
            assert!(i.bundles["en"].has_message(&id), "{id}");
        }
    }

    #[test]
    fn every_bank_qr_refusal_has_its_words() {
        use crate::domain::rails::{FIELDS, HINTS, Rail};
        let i = I18n::load().unwrap();
        let en = &i.bundles["en"];
        let ids = FIELDS
            .iter()
            .map(|f| format!("payto-what-{f}"))
            .chain(HINTS.iter().map(|h| format!("payto-hint-{h}")))
            .chain(
                Rail::ALL
                    .iter()
                    .map(|r| format!("payto-how-{}", r.as_str())),
            )
            .chain(["payto-none".to_owned(), "payto-list".to_owned()]);
        for id in ids {
            assert!(en.has_message(&id), "{id}");
        }
    }

    #[test]
    fn variables_are_filled_in() {
        let i = I18n::load().unwrap();
        assert_eq!(
            i.t("en", "pay-button", &[("amount", "฿250.00")]),
            "Pay ฿250.00"
        );
        assert_eq!(i.t("xx", "paid-title", &[]), "Paid");
    }

    #[test]
    fn language_negotiation_prefers_query_then_header_then_seller() {
        assert_eq!(negotiate(Some("th"), Some("es"), "en"), "th");
        assert_eq!(
            negotiate(Some("klingon"), Some("es-MX,en;q=0.5"), "en"),
            "es"
        );
        assert_eq!(
            negotiate(None, Some("de-DE,pt-BR;q=0.9,th;q=0.8"), "en"),
            "pt-BR"
        );
        assert_eq!(negotiate(None, Some("en;q=0.1, vi;q=0.9"), "en"), "vi");
        assert_eq!(negotiate(None, Some("de"), "id"), "id");
        assert_eq!(negotiate(None, None, "zz"), "en");
    }
}
