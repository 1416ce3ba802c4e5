//! Text the conversation builds outside a command: status pushes, shared cards and the
//! CSV export.

use std::fmt::Write as _;

use serde::Deserialize;

use super::{Button, Conversation, Reply, badge};
use crate::domain::money::minor_to_decimal;
use crate::domain::{Currency, TimeZone};
use crate::engine::store::{LinkRow, PaymentRow};
use crate::engine::views::Envelope;

/// The parts of a notification's link that a chat message shows.
#[derive(Debug, Clone, Deserialize)]
pub struct PushLink {
    pub id: String,
    pub slug: String,
    pub url: String,
    pub status: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
}

/// A notification as chat doors see it.
#[derive(Debug, Clone)]
pub struct Push {
    pub kind: String,
    pub event_id: String,
    pub link: PushLink,
    pub data: serde_json::Value,
}

impl Push {
    /// Reads an outbox payload (the webhook envelope); `None` if it is not about a link.
    #[must_use]
    pub fn parse(payload: &str) -> Option<Self> {
        let env: Envelope = serde_json::from_str(payload).ok()?;
        let link: PushLink = serde_json::from_value(env.data.get("link")?.clone()).ok()?;
        Some(Self {
            kind: env.kind,
            event_id: env.id,
            link,
            data: env.data,
        })
    }

    fn str_at(&self, path: &[&str]) -> Option<&str> {
        let mut v = &self.data;
        for p in path {
            v = v.get(p)?;
        }
        v.as_str().filter(|s| !s.is_empty())
    }

    fn int_at(&self, path: &[&str]) -> Option<i64> {
        let mut v = &self.data;
        for p in path {
            v = v.get(p)?;
        }
        v.as_i64()
    }
}

impl Conversation {
    fn push_summary(&self, link: &PushLink, lang: &str) -> String {
        let amount = self.amount(link.amount_minor, &link.currency, lang);
        if link.description.is_empty() {
            amount
        } else {
            format!("{amount} — {}", super::shown(&link.description))
        }
    }

    /// The chat message for a notification, in `lang`; `None` for events a chat is not
    /// told about (the chat already saw them happen).
    #[must_use]
    pub fn render_push(&self, push: &Push, lang: &str) -> Option<Reply> {
        let link = &push.link;
        let summary = self.push_summary(link, lang);
        let slug = link.slug.as_str();
        let reply = match push.kind.as_str() {
            "payment.succeeded" => {
                let late = push.data.get("late").and_then(serde_json::Value::as_bool) == Some(true);
                let payer = push.str_at(&["payment", "payer_name"]);
                let mut text = summary;
                if let Some(p) = payer {
                    text.push('\n');
                    text.push_str(&self.t(lang, "push-payer", &[("payer", &super::shown(p))]));
                }
                if late {
                    text.push('\n');
                    text.push_str(&self.t(lang, "push-late", &[("slug", slug)]));
                }
                Reply::text(text).titled(self.t(lang, "push-paid-title", &[]))
            }
            "payment.failed" => {
                let mut text = summary;
                if let Some(r) = push.str_at(&["payment", "failure_reason"]) {
                    text.push('\n');
                    text.push_str(&self.t(lang, "push-reason", &[("reason", r)]));
                }
                text.push('\n');
                text.push_str(&self.t(lang, "push-failed-still-open", &[]));
                Reply::text(text).titled(self.t(lang, "push-failed-title", &[]))
            }
            "link.expired" => Reply::text(summary).titled(self.t(lang, "push-expired-title", &[])),
            "refund.succeeded" => {
                let refunded = push
                    .int_at(&["refund", "amount_minor"])
                    .map(|m| self.amount(m, &link.currency, lang))
                    .unwrap_or_default();
                Reply::text(self.t(
                    lang,
                    "push-refunded",
                    &[("amount", &refunded), ("link", &summary)],
                ))
                .titled(self.t(lang, "push-refunded-title", &[]))
            }
            "refund.failed" => {
                let mut text = summary;
                if let Some(r) = push.str_at(&["error"]) {
                    text.push('\n');
                    text.push_str(&self.t(lang, "push-reason", &[("reason", r)]));
                }
                Reply::text(text).titled(self.t(lang, "push-refund-failed-title", &[]))
            }
            "checkout.failed" => {
                let mut text = summary;
                if let Some(r) = push.str_at(&["error"]) {
                    text.push('\n');
                    text.push_str(&self.t(lang, "push-reason", &[("reason", r)]));
                }
                text.push('\n');
                text.push_str(&self.t(lang, "push-checkout-failed", &[]));
                Reply::text(text).titled(self.t(lang, "push-checkout-failed-title", &[]))
            }
            // Already carries its own buttons (and a Status one would crowd them).
            "payment.claimed" => return Some(self.claim_push(push, summary, lang)),
            "payment.unmatched" => {
                let credit = push
                    .int_at(&["credit", "amount_minor"])
                    .map(|m| self.amount(m, &link.currency, lang))
                    .unwrap_or_default();
                let key = if push.str_at(&["reason"]) == Some("closed") {
                    "push-unmatched-closed"
                } else {
                    "push-unmatched-amount"
                };
                let mut text = summary;
                text.push('\n');
                text.push_str(&self.t(
                    lang,
                    key,
                    &[
                        ("credit", &credit),
                        (
                            "content",
                            &super::shown(&super::clip(
                                push.str_at(&["credit", "content"]).unwrap_or(""),
                                80,
                            )),
                        ),
                        ("slug", slug),
                    ],
                ));
                Reply::text(text).titled(self.t(lang, "push-unmatched-title", &[]))
            }
            "payment.mismatch" => {
                let reported = match (
                    push.int_at(&["reported", "amount_minor"]),
                    push.str_at(&["reported", "currency"]),
                ) {
                    (Some(m), Some(c)) => self.amount(m, c, lang),
                    _ => String::new(),
                };
                let expected = self.amount(link.amount_minor, &link.currency, lang);
                let mut text = summary;
                text.push('\n');
                text.push_str(&self.t(
                    lang,
                    "push-mismatch",
                    &[("reported", &reported), ("expected", &expected)],
                ));
                Reply::text(text).titled(self.t(lang, "push-mismatch-title", &[]))
            }
            _ => return None,
        };
        Some(reply.row(vec![Button::Action {
            label: self.t(lang, "btn-status", &[]),
            data: format!("st:{slug}"),
        }]))
    }

    /// A link card as a buyer sees it in a shared chat: who asks for how much, and a
    /// Pay button while it can be paid.
    #[must_use]
    pub fn card(&self, seller: &str, link: &PushLink, lang: &str) -> Reply {
        let amount = self.amount(link.amount_minor, &link.currency, lang);
        let title = self.t(
            lang,
            "card-title",
            &[("seller", &super::shown(seller)), ("amount", &amount)],
        );
        let mut text = super::shown(&link.description);
        if !text.is_empty() {
            text.push('\n');
        }
        if link.status == "active" {
            // The address in the text too: it can be copied, and it still works where
            // Telegram drops a URL button it cannot open.
            text.push_str(&link.url);
        } else {
            text.push_str(&format!(
                "{} {}",
                badge(&link.status),
                self.t(lang, &format!("status-{}", link.status), &[])
            ));
        }
        let reply = Reply::text(text).titled(title);
        if link.status == "active" {
            reply.row(vec![Button::Url {
                label: self.t(lang, "card-pay", &[("amount", &amount)]),
                url: link.url.clone(),
            }])
        } else {
            reply
        }
    }

    /// The seller whose link a push is about (for their language and preferences).
    pub async fn push_seller(&self, push: &Push) -> Option<crate::engine::store::SellerRow> {
        let link = self.engine.store().link(&push.link.id).await.ok()?;
        self.engine.seller(&link.seller_id).await.ok()
    }

    /// A link as a card's data.
    #[must_use]
    pub fn push_link(&self, link: &LinkRow) -> PushLink {
        PushLink {
            id: link.id.clone(),
            slug: link.slug.clone(),
            url: self.engine.link_url(&link.slug),
            status: link.status.clone(),
            amount_minor: link.amount_minor,
            currency: link.currency.clone(),
            description: link.description.clone(),
        }
    }
}

/// A CSV field: quoted when needed, and a leading `= + - @` defused so a spreadsheet
/// never runs a buyer's or seller's text as a formula.
#[must_use]
pub fn csv_escape(field: &str) -> String {
    let defused = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

fn decimal(minor: i64, currency: &str) -> String {
    Currency::from_code(currency).map_or_else(|_| minor.to_string(), |c| minor_to_decimal(minor, c))
}

/// One CSV with a section per table: the links, then the payments. Times are RFC 3339
/// with `zone`'s offset (`2026-12-04T04:08:00+07:00`), so a spreadsheet reads the
/// seller's local time and the instant stays exact.
#[must_use]
pub fn export_csv(
    links: &[LinkRow],
    payments: &[PaymentRow],
    public_url: &str,
    zone: TimeZone,
) -> String {
    let mut out = String::with_capacity(128 * (links.len() + payments.len() + 4));
    out.push_str(
        "record,id,link_id,slug,url,status,amount,currency,description,reference,paid_count,\
         paid_amount,refunded_amount,provider,payer_name,payer_email,created_at,expires_at\n",
    );
    for l in links {
        let fields = [
            "link".to_owned(),
            l.id.clone(),
            l.id.clone(),
            l.slug.clone(),
            format!("{public_url}/p/{}", l.slug),
            l.status.clone(),
            decimal(l.amount_minor, &l.currency),
            l.currency.clone(),
            l.description.clone(),
            l.custom_ref.clone().unwrap_or_default(),
            l.paid_count.to_string(),
            decimal(l.paid_minor, &l.currency),
            decimal(l.refunded_minor, &l.currency),
            l.provider.clone(),
            String::new(),
            String::new(),
            zone.rfc3339(l.created_at),
            l.expires_at.map(|t| zone.rfc3339(t)).unwrap_or_default(),
        ];
        push_row(&mut out, &fields);
    }
    for p in payments {
        let fields = [
            "payment".to_owned(),
            p.id.clone(),
            p.link_id.clone(),
            String::new(),
            String::new(),
            p.status.clone(),
            decimal(p.amount_minor, &p.currency),
            p.currency.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            decimal(p.refunded_minor, &p.currency),
            p.provider.clone(),
            p.payer_name.clone().unwrap_or_default(),
            p.payer_email.clone().unwrap_or_default(),
            zone.rfc3339(p.created_at),
            String::new(),
        ];
        push_row(&mut out, &fields);
    }
    out
}

fn push_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", csv_escape(f));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_escape("plain"), "plain");
        assert_eq!(csv_escape("a,b"), "\"a,b\"");
        assert_eq!(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_escape("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_escape("-1,2"), "\"'-1,2\"");
    }
}
