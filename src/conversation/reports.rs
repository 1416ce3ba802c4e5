//! What a seller reads back: the links list, a link's status, period reports and the
//! CSV export.

use super::{Attachment, Ctx, PAGE, Reply, action, badge, clip, format, shown};
use crate::domain::TimeZone;
use crate::domain::command::Period;
use crate::engine::{EngineError, LinkFilter, LinkRow};

impl super::Conversation {
    pub(super) async fn links_page(
        &self,
        c: &Ctx,
        before: Option<String>,
    ) -> Result<Reply, EngineError> {
        let links = self
            .engine
            .list_links(
                &c.seller.id,
                None,
                LinkFilter {
                    before: before.clone(),
                    limit: PAGE + 1,
                    ..LinkFilter::default()
                },
            )
            .await?;
        if links.is_empty() {
            let key = if before.is_some() {
                "links-end"
            } else {
                "links-none"
            };
            return Ok(Reply::text(self.t(c.lang, key, &[])));
        }
        let shown = &links[..links.len().min(usize::try_from(PAGE).unwrap_or(8))];
        let lines: Vec<String> = shown
            .iter()
            .map(|l| {
                format!(
                    "{} {} · {}",
                    badge(l.status.as_str()),
                    self.summary_line(l, c.lang),
                    l.slug
                )
            })
            .collect();
        let mut reply = Reply::text(lines.join("\n")).titled(self.t(c.lang, "links-title", &[]));
        if links.len() > shown.len()
            && let Some(last) = shown.last()
        {
            reply = reply.row(vec![action(
                self.t(c.lang, "btn-more", &[]),
                format!("ls:{}", last.id),
            )]);
        }
        Ok(reply)
    }

    pub(super) async fn status(&self, c: &Ctx, slug: &str) -> Result<Reply, EngineError> {
        let link = self.engine.link_by_slug(&c.seller.id, slug).await?;
        let events = self.engine.events(&c.seller.id, link.id.as_str()).await?;
        let zone = self.zone(&c.seller);
        let mut lines = vec![
            format!(
                "{} {}",
                badge(link.status.as_str()),
                self.t(c.lang, &format!("status-{}", link.status.as_str()), &[])
            ),
            self.engine.link_url(&link.slug),
            self.expiry_line(&link, c.lang, zone),
        ];
        if link.paid_minor > 0 {
            // Every payment the total counts, a late one too (paid_count leaves it out).
            let payments = events
                .iter()
                .filter(|e| e.kind == "payment.succeeded")
                .count()
                .max(usize::try_from(link.paid_count).unwrap_or(0));
            lines.push(self.t(
                c.lang,
                "status-paid-total",
                &[
                    (
                        "amount",
                        &self.amount(link.paid_minor, link.amount.currency().code(), c.lang),
                    ),
                    ("count", &payments.to_string()),
                ],
            ));
        }
        lines.extend(self.still_due_line(&link, c.lang));
        if link.refunded_minor > 0 {
            lines.push(self.t(
                c.lang,
                "status-refunded-total",
                &[(
                    "amount",
                    &self.amount(link.refunded_minor, link.amount.currency().code(), c.lang),
                )],
            ));
        }
        lines.push(String::new());
        lines.push(self.t(c.lang, "timeline", &[]));
        for e in &events {
            lines.push(format!(
                "{} {}",
                zone.datetime(e.created_at),
                self.t(c.lang, &format!("event-{}", e.kind.replace('.', "-")), &[])
            ));
        }
        Ok(Reply::text(lines.join("\n")).titled(self.summary_line(&link, c.lang)))
    }

    pub(super) async fn report(&self, c: &Ctx, period: Period) -> Result<Reply, EngineError> {
        let now = self.engine.now_ms();
        let zone = self.zone(&c.seller);
        // Whole local days up to now, today included: today from the seller's midnight,
        // a week the 7 days from the midnight 6 days ago, a month 30 days likewise.
        let (days_back, key) = match period {
            Period::Today => (0, "report-today-local"),
            Period::Week => (6, "report-week"),
            Period::Month => (29, "report-month"),
        };
        let from = zone.day_start(now, days_back);
        let rows = self.engine.summary(&c.seller.id, from, now + 1).await?;
        let title = self.t(c.lang, key, &[]);
        let since = self.t(c.lang, "report-since", &[("start", &zone.datetime(from))]);
        if rows.is_empty() {
            let text = format!("{since}\n{}", self.t(c.lang, "report-empty", &[]));
            return Ok(Reply::text(text).titled(title));
        }
        let mut lines = vec![since];
        let mut currencies: Vec<&str> = rows.iter().map(|r| r.currency.as_str()).collect();
        currencies.dedup();
        for cur in currencies {
            let of_cur: Vec<_> = rows.iter().filter(|r| r.currency == cur).collect();
            let paid: i64 = of_cur.iter().map(|r| r.paid_minor).sum();
            let refunded: i64 = of_cur.iter().map(|r| r.refunded_minor).sum();
            lines.push(cur.to_owned());
            for r in &of_cur {
                lines.push(format!(
                    "  {} {} × {} · {}",
                    badge(&r.status),
                    self.t(c.lang, &format!("status-{}", r.status), &[]),
                    r.links,
                    self.amount(r.amount_minor, cur, c.lang)
                ));
            }
            lines.push(self.t(
                c.lang,
                "report-received",
                &[
                    ("paid", &self.amount(paid, cur, c.lang)),
                    ("refunded", &self.amount(refunded, cur, c.lang)),
                    ("net", &self.amount(paid - refunded, cur, c.lang)),
                ],
            ));
        }
        Ok(Reply::text(lines.join("\n")).titled(title))
    }

    pub(super) async fn export(&self, c: &Ctx) -> Result<Reply, EngineError> {
        const MAX_ROWS: i64 = 10_000;
        let mut links = Vec::new();
        let mut before = None;
        loop {
            let page = self
                .engine
                .list_links(
                    &c.seller.id,
                    None,
                    LinkFilter {
                        before: before.clone(),
                        limit: 500,
                        ..LinkFilter::default()
                    },
                )
                .await?;
            let done = page.len() < 500;
            before = page.last().map(|l| l.id.to_string());
            links.extend(page);
            if done || links.len() >= usize::try_from(MAX_ROWS).unwrap_or(10_000) {
                break;
            }
        }
        let payments = self.engine.seller_payments(&c.seller.id, MAX_ROWS).await?;
        let zone = self.zone(&c.seller);
        let csv = format::export_csv(&links, &payments, self.engine.public_url(), zone);
        let date = zone.date(self.engine.now_ms());
        Ok(Reply {
            attachment: Some(Attachment::Document {
                filename: format!("paychat-{date}.csv"),
                mime: "text/csv",
                bytes: csv.into_bytes(),
                caption: self.t(
                    c.lang,
                    "export-caption",
                    &[
                        ("links", &links.len().to_string()),
                        ("payments", &payments.len().to_string()),
                    ],
                ),
            }),
            ..Reply::default()
        })
    }

    /// `250.00 THB — tuition`.
    pub(super) fn summary_line(&self, link: &LinkRow, lang: &str) -> String {
        let amount = self.open_amount(link, lang);
        if link.description.is_empty() {
            amount
        } else {
            format!("{amount} — {}", shown(&clip(&link.description, 60)))
        }
    }

    pub(super) fn expiry_line(&self, link: &LinkRow, lang: &str, zone: TimeZone) -> String {
        match link.expires_at {
            Some(at) => self.t(lang, "link-expires", &[("date", &zone.datetime(at))]),
            None => self.t(lang, "link-no-expiry", &[]),
        }
    }
}
