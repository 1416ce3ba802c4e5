//! The operator's terminal: `paychat links|payments|apikey list` and `links show` as
//! aligned tables for people (the `--json` form is the engine's views as they are).
//!
//! Every cell is one line: control characters a seller typed (tabs, newlines, escape
//! sequences) become spaces, so a description cannot break the table or the terminal.

use crate::domain::text::one_line;
use crate::engine::operator::{ApiKeyListing, LinkDetail, OperatorLink, OperatorPayment};

/// Descriptions are cut to this many characters in tables (`links show` has them whole).
const DESCRIPTION_WIDTH: usize = 40;

/// Links as a table: id, code, seller, status, amount, paid count, created, description.
#[must_use]
pub fn links_table(links: &[OperatorLink]) -> String {
    let rows = links
        .iter()
        .map(|l| {
            vec![
                l.link.id.clone(),
                l.link.slug.clone(),
                l.seller_id.clone(),
                l.link.status.clone(),
                format!("{} {}", l.link.amount, l.link.currency),
                l.link.paid_count.to_string(),
                l.created_local.clone(),
                cut(&l.link.description, DESCRIPTION_WIDTH),
            ]
        })
        .collect::<Vec<_>>();
    table(
        &[
            "ID",
            "CODE",
            "SELLER",
            "STATUS",
            "AMOUNT",
            "PAID",
            "CREATED",
            "DESCRIPTION",
        ],
        &rows,
        "no links",
    )
}

/// Payments as a table: id, link, seller, status, amount, provider, method, created.
#[must_use]
pub fn payments_table(payments: &[OperatorPayment]) -> String {
    let rows = payments
        .iter()
        .map(|p| {
            vec![
                p.payment.id.clone(),
                p.payment.link_id.clone(),
                p.seller_id.clone(),
                p.payment.status.clone(),
                format!("{} {}", p.payment.amount, p.payment.currency),
                p.payment.provider.clone(),
                p.payment.method.clone(),
                p.created_local.clone(),
            ]
        })
        .collect::<Vec<_>>();
    table(
        &[
            "ID", "LINK", "SELLER", "STATUS", "AMOUNT", "PROVIDER", "METHOD", "CREATED",
        ],
        &rows,
        "no payments",
    )
}

/// API keys as a table: id, seller, created, revoked. There is no key to show.
#[must_use]
pub fn api_keys_table(keys: &[ApiKeyListing]) -> String {
    let rows = keys
        .iter()
        .map(|k| {
            vec![
                k.id.clone(),
                k.seller_id.clone(),
                k.created_at.clone(),
                k.revoked_at.clone().unwrap_or_else(|| "-".to_owned()),
            ]
        })
        .collect::<Vec<_>>();
    table(
        &["ID", "SELLER", "CREATED", "REVOKED"],
        &rows,
        "no API keys",
    )
}

/// One link: its fields, then its payments, refunds and timeline.
#[must_use]
pub fn link_detail(d: &LinkDetail) -> String {
    let l = &d.link.link;
    let fields = [
        ("id", l.id.clone()),
        ("code", l.slug.clone()),
        ("url", l.url.clone()),
        ("seller", d.link.seller_id.clone()),
        ("status", l.status.clone()),
        ("amount", format!("{} {}", l.amount, l.currency)),
        ("description", one_line(&l.description)),
        (
            "paid",
            format!(
                "{} time(s), {} minor units",
                l.paid_count, l.paid_amount_minor
            ),
        ),
        (
            "refunded",
            format!("{} minor units", l.refunded_amount_minor),
        ),
        ("provider", l.provider.clone()),
        (
            "reference",
            one_line(l.custom_link_ref.as_deref().unwrap_or("-")),
        ),
        (
            "order id",
            one_line(l.merchant_order_id.as_deref().unwrap_or("-")),
        ),
        ("created", d.link.created_local.clone()),
        (
            "expires",
            l.expires_at.clone().unwrap_or_else(|| "never".to_owned()),
        ),
        ("time zone", d.link.timezone.clone()),
    ];
    let mut out = String::new();
    for (k, v) in fields {
        out.push_str(&format!("{k:<12}{v}\n"));
    }
    out.push_str("\npayments\n");
    out.push_str(&payments_table(&d.payments));
    out.push_str("\n\nrefunds\n");
    let refunds = d
        .refunds
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.payment_id.clone(),
                r.status.clone(),
                format!("{} {}", r.amount, r.currency),
                r.created_at.clone(),
                cut(r.reason.as_deref().unwrap_or("-"), DESCRIPTION_WIDTH),
            ]
        })
        .collect::<Vec<_>>();
    out.push_str(&table(
        &["ID", "PAYMENT", "STATUS", "AMOUNT", "CREATED", "REASON"],
        &refunds,
        "no refunds",
    ));
    out.push_str("\n\ntimeline\n");
    let events = d
        .events
        .iter()
        .map(|e| {
            vec![
                e.created_local.clone(),
                e.event.kind.clone(),
                e.event.id.clone(),
            ]
        })
        .collect::<Vec<_>>();
    out.push_str(&table(&["WHEN", "EVENT", "ID"], &events, "no events"));
    out
}

/// Columns padded to their widest cell (counted in characters), two spaces apart.
fn table(headers: &[&str], rows: &[Vec<String>], empty: &str) -> String {
    if rows.is_empty() {
        return format!("({empty})");
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i + 1 == headers.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = vec![line(&mut headers.iter().copied())];
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| one_line(c)).collect();
        out.push(line(&mut cells.iter().map(String::as_str)));
    }
    out.join("\n")
}

/// At most `n` characters, with `…` when cut.
fn cut(s: &str, n: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= n {
        return s;
    }
    let mut short: String = s.chars().take(n.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_and_cells_stay_on_one_line() {
        let rows = vec![
            vec![
                "a".to_owned(),
                "two\nlines\x1b[31m".to_owned(),
                "x".to_owned(),
            ],
            vec!["long cell".to_owned(), "b".to_owned(), "y".to_owned()],
        ];
        let t = table(&["H1", "H2", "H3"], &rows, "none");
        assert_eq!(
            t,
            "H1         H2              H3\n\
             a          two lines [31m  x\n\
             long cell  b               y"
        );
        assert_eq!(table(&["H"], &[], "no links"), "(no links)");
        assert_eq!(cut("ผ้าพันคอสีฟ้า", 5), "ผ้าพ…");
    }
}
