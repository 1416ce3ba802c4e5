//! How a link's terms read in chat: the card's lines for items, a chosen amount or a
//! deposit; what is still due in `/status`; and the balance request a seller forwards
//! to the buyer after a deposit.

use super::{Button, Conversation, Reply, shown};
use crate::domain::terms::{AmountChoice, LineKind, OrderDetails};
use crate::engine::LinkRow;

impl Conversation {
    /// The lines a link's terms add to its card.
    pub(super) fn terms_lines(&self, link: &LinkRow, lang: &str) -> Vec<String> {
        let terms = link.terms();
        let code = link.amount.currency().code();
        let money = |m: i64| self.amount(m, code, lang);
        let mut lines = Vec::new();
        for line in terms.order.iter().flat_map(OrderDetails::lines) {
            let money = money(line.amount_minor);
            lines.push(match line.kind {
                LineKind::Item(i) => format!("{}× {} — {money}", i.quantity, shown(&i.name)),
                LineKind::Shipping => format!("{} — {money}", self.t(lang, "items-shipping", &[])),
                LineKind::Discount(code) => {
                    let label = code.map_or_else(
                        || self.t(lang, "items-discount", &[]),
                        |c| self.t(lang, "items-discount-code", &[("code", &shown(c))]),
                    );
                    format!("{label} — −{money}")
                }
            });
        }
        match &terms.choice {
            Some(AmountChoice::Open { .. }) => {
                lines.push(self.t(
                    lang,
                    "link-open-amount",
                    &[("amount", &self.open_amount(link, lang))],
                ));
            }
            Some(AmountChoice::Partial { first_min_minor }) => {
                lines.push(self.t(
                    lang,
                    "link-deposit",
                    &[("amount", &money(*first_min_minor))],
                ));
            }
            None => {}
        }
        lines
    }

    /// "from ฿20.00" or "฿20.00 – ฿5,000.00" for an open amount; else the amount.
    pub(super) fn open_amount(&self, link: &LinkRow, lang: &str) -> String {
        let code = link.amount.currency().code();
        match link.terms().choice {
            Some(AmountChoice::Open {
                min_minor,
                max_minor: Some(max),
                ..
            }) => self.t(
                lang,
                "page-amount-between",
                &[
                    ("min", &self.amount(min_minor, code, lang)),
                    ("max", &self.amount(max, code, lang)),
                ],
            ),
            Some(AmountChoice::Open { min_minor, .. }) => self.t(
                lang,
                "page-amount-from",
                &[("min", &self.amount(min_minor, code, lang))],
            ),
            _ => self.amount(link.amount.minor(), code, lang),
        }
    }

    /// `/status`'s line for a link in parts with something still due.
    pub(super) fn still_due_line(&self, link: &LinkRow, lang: &str) -> Option<String> {
        let left = link.balance_minor().filter(|b| *b > 0)?;
        Some(self.t(
            lang,
            "status-still-due",
            &[(
                "amount",
                &self.amount(left, link.amount.currency().code(), lang),
            )],
        ))
    }

    /// The message the seller forwards to ask for the balance: what is due, for what,
    /// where to pay, with buttons to share or copy it.
    pub(super) fn balance_request(&self, link: &LinkRow, lang: &str) -> Reply {
        let url = self.engine.link_url(&link.slug);
        let Some(left) = link
            .balance_minor()
            .filter(|b| *b > 0 && link.status.is_open())
        else {
            return Reply::text(self.t(lang, "balance-nothing-due", &[]));
        };
        let text = self.t(
            lang,
            "balance-request",
            &[
                (
                    "amount",
                    &self.amount(left, link.amount.currency().code(), lang),
                ),
                ("description", &shown(&link.description)),
                ("url", &url),
            ],
        );
        Reply::text(text.clone()).row(vec![
            Button::Share {
                label: self.t(lang, "btn-share", &[]),
                query: link.slug.clone(),
            },
            Button::Copy {
                label: self.t(lang, "btn-copy", &[]),
                text,
            },
        ])
    }
}
