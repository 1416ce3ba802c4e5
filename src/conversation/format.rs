//! Text the conversation builds outside a command: status pushes, shared cards and the
//! CSV export.

use std::fmt::Write as _;

use super::{Button, Conversation, Reply, badge};
use crate::domain::buyer::ShippingAddress;
use crate::domain::money::minor_to_decimal;
use crate::domain::{Currency, TimeZone};
use crate::engine::push::PushLink;
use crate::engine::{LinkRow, PaymentRow};

impl Conversation {
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
        if link.status.is_open() {
            // The address in the text too: it can be copied, and it still works where
            // Telegram drops a URL button it cannot open.
            text.push_str(&link.url);
        } else {
            text.push_str(&format!(
                "{} {}",
                badge(link.status.as_str()),
                self.t(lang, &format!("status-{}", link.status.as_str()), &[])
            ));
        }
        let reply = Reply::text(text).titled(title);
        if link.status.is_open() {
            reply.row(vec![Button::Url {
                label: self.t(lang, "card-pay", &[("amount", &amount)]),
                url: link.url.clone(),
            }])
        } else {
            reply
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
         paid_amount,refunded_amount,provider,payer_name,payer_email,created_at,expires_at,\
         payer_phone,shipping_address\n",
    );
    for l in links {
        let fields = [
            "link".to_owned(),
            l.id.to_string(),
            l.id.to_string(),
            l.slug.clone(),
            format!("{public_url}/p/{}", l.slug),
            l.status.as_str().to_owned(),
            decimal(l.amount.minor(), l.amount.currency().code()),
            l.amount.currency().code().to_owned(),
            l.description.clone(),
            l.custom_ref.clone().unwrap_or_default(),
            l.paid_count.to_string(),
            decimal(l.paid_minor, l.amount.currency().code()),
            decimal(l.refunded_minor, l.amount.currency().code()),
            l.provider.clone(),
            String::new(),
            String::new(),
            zone.rfc3339(l.created_at),
            l.expires_at.map(|t| zone.rfc3339(t)).unwrap_or_default(),
            String::new(),
            String::new(),
        ];
        push_row(&mut out, &fields);
    }
    for p in payments {
        let fields = [
            "payment".to_owned(),
            p.id.to_string(),
            p.link_id.to_string(),
            String::new(),
            String::new(),
            p.status.to_string(),
            decimal(p.amount.minor(), p.amount.currency().code()),
            p.amount.currency().code().to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            decimal(p.refunded_minor, p.amount.currency().code()),
            p.provider.clone(),
            p.payer_name.clone().unwrap_or_default(),
            p.payer_email.clone().unwrap_or_default(),
            zone.rfc3339(p.created_at),
            String::new(),
            p.payer_phone.clone().unwrap_or_default(),
            ShippingAddress::from_column(p.shipping_address.as_deref())
                .map(|a| a.one_line())
                .unwrap_or_default(),
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
