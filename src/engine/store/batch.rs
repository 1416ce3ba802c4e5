//! One state change as one round trip: the SQL text for a [`ChangeSet`], for each
//! dialect, with its arguments.
//!
//! Writing a change statement by statement costs a round trip per statement (to
//! Postgres, or to sqlx's SQLite worker thread), which dominated the hot routes. Here the
//! whole change is sent at once:
//! - Postgres: one statement of data-modifying CTEs, atomic on its own;
//! - SQLite: the statements joined by `;` inside one transaction.
//!
//! Checks that must abort the change (a provider event seen before, a compare-and-set
//! that matched nothing) insert into `change_guards`, whose CHECK constraints
//! `already_processed` and `cas_conflict` then fail the statement; the store maps those two
//! constraint names back to [`StoreError`](super::StoreError) variants.

use std::fmt::Write as _;

use super::{ChangeSet, EventWrite, OutreachChange};
use crate::domain::{PaymentId, PaymentStatus};

/// A bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
}

/// Which guard a statement has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    None,
    /// Must affect one row, or the event was processed before.
    AlreadyProcessed,
    /// Must affect one row, or a concurrent change won.
    Conflict,
    /// Not a statement but rows for the outbox: a `select` or `values` of
    /// [`OUTBOX_COLUMNS`]. On Postgres all of a change's go in through one insert (each
    /// data-modifying CTE opens its table and every index of it, which cost more than the
    /// rows), whose count tells the caller whether to wake the outbox worker.
    Queues,
}

/// The outbox columns every queued source yields, in this order.
const OUTBOX_COLUMNS: &str = "channel, destination, kind, event_id, payload, dedupe_key, \
                              rerouted_from, status, attempts, next_attempt_at, created_at";

/// The SQL dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A change rendered as SQL text plus arguments.
#[derive(Debug, Default)]
pub struct Batch {
    statements: Vec<(String, Guard)>,
    pub args: Vec<Arg>,
}

impl Batch {
    fn text(&mut self, v: impl Into<Option<String>>) -> String {
        self.args.push(Arg::Text(v.into()));
        format!("${}", self.args.len())
    }

    fn int(&mut self, v: impl Into<Option<i64>>) -> String {
        self.args.push(Arg::Int(v.into()));
        format!("${}", self.args.len())
    }

    fn push(&mut self, sql: String, guard: Guard) {
        self.statements.push((sql, guard));
    }

    /// Outbox rows from `source`, a `select` or `values` of [`OUTBOX_COLUMNS`]; a row
    /// whose dedupe key exists already is left out.
    fn queue(&mut self, source: String) {
        self.statements.push((source, Guard::Queues));
    }

    /// The statements of `change`, in the order they must apply.
    #[must_use]
    pub fn of(change: &ChangeSet) -> Self {
        let mut b = Self::default();
        let now = b.int(change.now);
        // The receipt token this change gives `payment`, if any.
        let receipt_of = |payment: &PaymentId| {
            change
                .new_receipt
                .as_ref()
                .filter(|(id, _)| id == payment)
                .map(|(_, token)| token.as_str())
        };
        if let Some((provider, event_id)) = &change.receipt {
            let (p, e) = (b.text(provider.clone()), b.text(event_id.clone()));
            b.push(
                format!(
                    "insert into webhook_receipts (provider, event_id, received_at) \
                     values ({p}, {e}, {now}) on conflict (provider, event_id) do nothing"
                ),
                Guard::AlreadyProcessed,
            );
        }
        if let Some(l) = &change.new_link {
            let v = [
                b.text(l.id.as_str().to_owned()),
                b.text(l.slug.clone()),
                b.text(l.seller_id.as_str().to_owned()),
                b.int(l.amount.minor()),
                b.text(l.amount.currency().code().to_owned()),
                b.text(l.description.clone()),
                b.text(l.custom_ref.clone()),
                b.text(l.merchant_order_id.clone()),
                b.int(l.usage_limit),
                b.int(l.paid_count),
                b.int(l.paid_minor),
                b.int(l.refunded_minor),
                b.text(l.status.as_str().to_owned()),
                b.int(l.expires_at),
                b.text(l.customer_name.clone()),
                b.text(l.customer_email.clone()),
                b.text(l.customer_phone.clone()),
                b.text(l.notes.clone()),
                b.text(l.success_url.clone()),
                b.text(l.failure_url.clone()),
                b.text(l.pending_url.clone()),
                b.text(l.provider.clone()),
                b.text(l.origin_channel.clone()),
                b.text(l.origin_chat.clone()),
                b.text(l.origin_message.clone()),
                b.int(l.opened_at),
                b.int(l.version),
                b.int(l.created_at),
                b.int(l.updated_at),
                b.text(l.pay_via.clone()),
                b.text(l.terms.clone()),
            ];
            b.push(
                format!(
                    "insert into links (id, slug, seller_id, amount_minor, currency, description, \
                     custom_ref, merchant_order_id, usage_limit, paid_count, paid_minor, \
                     refunded_minor, status, expires_at, customer_name, customer_email, \
                     customer_phone, notes, success_url, failure_url, pending_url, provider, \
                     origin_channel, origin_chat, origin_message, opened_at, version, created_at, \
                     updated_at, pay_via, terms) values ({})",
                    v.join(", ")
                ),
                Guard::None,
            );
            if let Some((key, hash)) = &change.idempotency {
                let (s, k, h, id) = (
                    v[2].clone(),
                    b.text(key.clone()),
                    b.text(hash.clone()),
                    v[0].clone(),
                );
                b.push(
                    format!(
                        "insert into idempotency_keys (seller_id, key, request_hash, link_id, \
                         created_at) values ({s}, {k}, {h}, {id}, {now})"
                    ),
                    Guard::None,
                );
            }
        }
        if let Some(p) = &change.new_payment {
            let v = [
                b.text(p.id.as_str().to_owned()),
                b.text(p.link_id.as_str().to_owned()),
                b.text(p.provider.clone()),
                b.text(p.provider_payment_id.clone()),
                b.int(p.amount.minor()),
                b.text(p.amount.currency().code().to_owned()),
                b.text(p.status.as_str().to_owned()),
                b.text(p.method.clone()),
                b.text(p.payer_name.clone()),
                b.text(p.payer_email.clone()),
                b.text(p.failure_reason.clone()),
                b.int(p.refunded_minor),
                b.int(p.created_at),
                b.int(p.updated_at),
                b.text(p.provider_ref.clone()),
                b.int(p.next_check_at),
                b.text(p.payer_phone.clone()),
                b.text(p.shipping_address.clone()),
                b.text(
                    receipt_of(&p.id)
                        .or(p.receipt_token.as_deref())
                        .map(str::to_owned),
                ),
                b.int(receipt_of(&p.id).map(|_| change.now)),
            ];
            b.push(
                format!(
                    "insert into payments (id, link_id, provider, provider_payment_id, \
                     amount_minor, currency, status, method, payer_name, payer_email, \
                     failure_reason, refunded_minor, created_at, updated_at, provider_ref, \
                     next_check_at, payer_phone, shipping_address, receipt_token, receipt_at) \
                     values ({})",
                    v.join(", ")
                ),
                Guard::None,
            );
        }
        if let Some(p) = &change.payment {
            let (st, name, email, reason, refunded, pref) = (
                b.text(p.status.as_str().to_owned()),
                b.text(p.payer_name.clone()),
                b.text(p.payer_email.clone()),
                b.text(p.failure_reason.clone()),
                b.int(p.refunded_minor),
                b.text(p.provider_ref.clone()),
            );
            let receipt = match receipt_of(&p.id) {
                Some(token) => {
                    let t = b.text(token.to_owned());
                    format!(
                        ", receipt_token = coalesce(receipt_token, {t}), \
                         receipt_at = coalesce(receipt_at, {now})"
                    )
                }
                None => String::new(),
            };
            // A payment no longer pending leaves the recheck index (it holds rows with a
            // due time only); the update of one that never had a due time writes no
            // indexed column and can stay on its page.
            let settled = if p.expected_status == PaymentStatus::Pending
                && p.status != PaymentStatus::Pending
            {
                ", next_check_at = null"
            } else {
                ""
            };
            let (id, exp_st, exp_ref) = (
                b.text(p.id.as_str().to_owned()),
                b.text(p.expected_status.as_str().to_owned()),
                b.int(p.expected_refunded_minor),
            );
            b.push(
                format!(
                    "update payments set status = {st}, payer_name = coalesce({name}, payer_name), \
                     payer_email = coalesce({email}, payer_email), failure_reason = {reason}, \
                     refunded_minor = {refunded}, provider_ref = coalesce({pref}, provider_ref), \
                     updated_at = {now}{settled}{receipt} \
                     where id = {id} and status = {exp_st} and refunded_minor = {exp_ref}"
                ),
                Guard::Conflict,
            );
        }
        // A receipt goes with the payment's own insert or update (above); a change that
        // writes neither sets it alone. The first token a payment got is kept.
        if let Some((payment, token)) = &change.new_receipt {
            let written = change
                .new_payment
                .as_ref()
                .is_some_and(|p| &p.id == payment)
                || change.payment.as_ref().is_some_and(|p| &p.id == payment);
            if !written {
                let (t, p) = (b.text(token.clone()), b.text(payment.as_str().to_owned()));
                b.push(
                    format!(
                        "update payments set receipt_token = coalesce(receipt_token, {t}), \
                         receipt_at = coalesce(receipt_at, {now}) where id = {p}"
                    ),
                    Guard::None,
                );
            }
        }
        if let Some(r) = &change.new_refund {
            let v = [
                b.text(r.id.as_str().to_owned()),
                b.text(r.payment_id.as_str().to_owned()),
                b.text(r.link_id.as_str().to_owned()),
                b.int(r.amount_minor),
                b.text(r.status.as_str().to_owned()),
                b.text(r.provider_refund_id.clone()),
                b.text(r.reason.clone()),
                b.int(r.created_at),
                b.int(r.updated_at),
            ];
            b.push(
                format!(
                    "insert into refunds (id, payment_id, link_id, amount_minor, status, \
                     provider_refund_id, reason, created_at, updated_at) values ({})",
                    v.join(", ")
                ),
                Guard::None,
            );
        }
        if let Some(r) = &change.refund {
            let (st, pid, id) = (
                b.text(r.status.as_str().to_owned()),
                b.text(r.provider_refund_id.clone()),
                b.text(r.id.as_str().to_owned()),
            );
            b.push(
                format!(
                    "update refunds set status = {st}, provider_refund_id = \
                     coalesce({pid}, provider_refund_id), updated_at = {now} \
                     where id = {id} and status = 'pending'"
                ),
                Guard::Conflict,
            );
        }
        if let Some(id) = &change.opened_link {
            let id = b.text(id.as_str().to_owned());
            b.push(
                format!("update links set opened_at = {now} where id = {id} and opened_at is null"),
                Guard::Conflict,
            );
        }
        if let Some(l) = &change.link {
            let (st, count, paid, refunded, expires, id, version) = (
                b.text(l.status.as_str().to_owned()),
                b.int(l.paid_count),
                b.int(l.paid_minor),
                b.int(l.refunded_minor),
                b.int(l.expires_at),
                b.text(l.id.as_str().to_owned()),
                b.int(l.expected_version),
            );
            b.push(
                format!(
                    "update links set status = {st}, paid_count = {count}, paid_minor = {paid}, \
                     refunded_minor = {refunded}, expires_at = {expires}, \
                     version = version + 1, updated_at = {now} \
                     where id = {id} and version = {version}"
                ),
                Guard::Conflict,
            );
        }
        for ev in &change.events {
            b.event(ev, &now);
        }
        if let Some(o) = &change.outreach {
            b.outreach(o, &now);
        }
        for row in &change.queue {
            b.queued(row, &now);
        }
        if let Some(c) = &change.close_checkouts {
            let (link, event, except) = (
                b.text(c.link_id.as_str().to_owned()),
                b.text(c.event_id.as_str().to_owned()),
                b.text(
                    c.except
                        .as_ref()
                        .map_or_else(String::new, |p| p.as_str().to_owned()),
                ),
            );
            // Read-free fan-out: one row per open checkout of a provider that can be
            // asked (next_check_at set), delivered by the `provider` channel.
            b.queue(format!(
                "select 'provider', provider || ':' || provider_payment_id, \
                 'checkout.close', {event}, provider_payment_id, \
                 {event} || ':close:' || id, null, 'pending', 0, {now}, {now} \
                 from payments where link_id = {link} and status = 'pending' \
                 and next_check_at is not null and id <> {except}"
            ));
        }
        b
    }

    /// An outbox row of the change, due at its `due_at` (now when unset).
    fn queued(&mut self, row: &super::NewOutboxRow, now: &str) {
        let due = row.due_at.map_or_else(|| now.to_owned(), |at| self.int(at));
        let m = [
            self.text(row.channel.clone()),
            self.text(row.destination.clone()),
            self.text(row.kind.clone()),
            self.text(row.event_id.clone()),
            self.text(row.payload.clone()),
            self.text(row.dedupe_key.clone()),
            self.text(row.rerouted_from.clone()),
        ];
        self.queue(format!(
            "values ({}, 'pending', 0, {due}, {now})",
            m.join(", ")
        ));
    }

    /// A link's outreach started, or stopped (once: a second stop trips the conflict
    /// guard).
    fn outreach(&mut self, o: &OutreachChange, now: &str) {
        match o {
            OutreachChange::Start { row } => {
                let v = [
                    self.text(row.link_id.as_str().to_owned()),
                    self.text(row.email.clone()),
                    self.text(row.phone.clone()),
                    self.text(row.language.clone()),
                    self.int(row.send_at),
                    self.text(row.stop_token.clone()),
                    self.int(row.created_at),
                    self.text(row.reminders.clone()),
                    // A constant, not input: both backends read the keyword.
                    if row.second_chance { "true" } else { "false" }.to_owned(),
                ];
                self.push(
                    format!(
                        "insert into link_outreach (link_id, email, phone, language, send_at, \
                         stop_token, created_at, reminders, second_chance) values ({})",
                        v.join(", ")
                    ),
                    Guard::None,
                );
            }
            OutreachChange::Stop { link_id } => {
                let link = self.text(link_id.as_str().to_owned());
                self.push(
                    format!(
                        "update link_outreach set stopped_at = {now} \
                         where link_id = {link} and stopped_at is null"
                    ),
                    Guard::Conflict,
                );
            }
        }
    }

    fn event(&mut self, ev: &EventWrite, now: &str) {
        let (id, link, kind, data) = (
            self.text(ev.id.as_str().to_owned()),
            self.text(ev.link_id.as_str().to_owned()),
            self.text(ev.kind.as_str().to_owned()),
            self.text(ev.data.clone()),
        );
        self.push(
            format!(
                "insert into link_events (id, link_id, kind, data, created_at) \
                 values ({id}, {link}, {kind}, {data}, {now})"
            ),
            Guard::None,
        );
        let Some(payload) = &ev.notify else { return };
        let (payload, seller) = (
            self.text(payload.clone()),
            self.text(ev.seller_id.as_str().to_owned()),
        );
        // The seller's webhook, if one is set: fanned out in SQL, no read first.
        self.queue(format!(
            "select 'webhook', seller_id, {kind}, {id}, {payload}, {id} || ':webhook', null, \
             'pending', 0, {now}, {now} from webhook_endpoints where seller_id = {seller}"
        ));
        if !ev.kind.updates_cards() && ev.chat.is_none() {
            return;
        }
        let push = self.text(ev.push.clone());
        // Messages elsewhere that show this link (shared cards) follow its status.
        if ev.kind.updates_cards() {
            self.queue(format!(
                "select channel, 'card:' || card_ref, {kind}, {id}, {push}, \
                 {id} || ':card:' || channel || ':' || card_ref, null, 'pending', 0, {now}, \
                 {now} from link_cards where link_id = {link}"
            ));
        }
        if let Some((channel, chat)) = &ev.chat {
            let dedupe = self.text(format!("{}:{channel}:{chat}", ev.id));
            let (channel, chat) = (self.text(channel.clone()), self.text(chat.clone()));
            self.queue(format!(
                "values ({channel}, {chat}, {kind}, {id}, {push}, {dedupe}, null, 'pending', 0, \
                 {now}, {now})"
            ));
        }
    }

    /// Whether the change may insert outbox rows (SQLite cannot count them cheaply).
    #[must_use]
    pub fn may_queue(&self) -> bool {
        self.statements.iter().any(|(_, g)| *g == Guard::Queues)
    }

    /// The text to send in `dialect`.
    #[must_use]
    pub fn sql(&self, dialect: Dialect) -> String {
        let mut out = String::with_capacity(2048);
        match dialect {
            Dialect::Sqlite => {
                for (sql, guard) in &self.statements {
                    if *guard == Guard::Queues {
                        let _ = write!(
                            out,
                            "insert into outbox ({OUTBOX_COLUMNS}) {sql} \
                             on conflict (dedupe_key) do nothing"
                        );
                    } else {
                        out.push_str(sql);
                    }
                    out.push_str(";\n");
                    // changes() is the row count of the statement just before.
                    match guard {
                        Guard::None | Guard::Queues => {}
                        Guard::AlreadyProcessed => out.push_str(
                            "insert into change_guards (already_processed) select 1 where changes() = 0;\n",
                        ),
                        Guard::Conflict => out.push_str(
                            "insert into change_guards (cas_conflict) select 1 where changes() = 0;\n",
                        ),
                    }
                }
            }
            Dialect::Postgres => self.postgres(&mut out),
        }
        out
    }

    /// One statement of CTEs. Each data-modifying CTE opens its table and all its
    /// indexes whether or not it writes a row, which costs more than the rows: the
    /// guards share one insert and the outbox sources another.
    fn postgres(&self, out: &mut String) {
        // CTEs run in an unspecified order: each guard names its own statement, and a
        // conflict counts only once the receipt is known to be new.
        let mut processed = Vec::new();
        let mut conflicts = Vec::new();
        let mut sources = Vec::new();
        out.push_str("with ");
        let mut first = true;
        for (i, (sql, guard)) in self.statements.iter().enumerate() {
            if *guard == Guard::Queues {
                sources.push(sql.as_str());
                continue;
            }
            if !first {
                out.push_str(",\n");
            }
            first = false;
            let returning = if *guard == Guard::None {
                ""
            } else {
                " returning 1"
            };
            let _ = write!(out, "s{i} as ({sql}{returning})");
            match guard {
                Guard::None | Guard::Queues => {}
                Guard::AlreadyProcessed => processed.push(i),
                Guard::Conflict => conflicts.push(i),
            }
        }
        let missing = |ids: &[usize]| {
            ids.iter()
                .map(|i| format!("not exists (select 1 from s{i})"))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        if !processed.is_empty() || !conflicts.is_empty() {
            let already = if processed.is_empty() {
                "false".to_owned()
            } else {
                missing(&processed)
            };
            let conflict = if conflicts.is_empty() {
                "false".to_owned()
            } else {
                let after_receipt = processed
                    .iter()
                    .map(|r| format!(" and exists (select 1 from s{r})"))
                    .collect::<String>();
                format!("({}){after_receipt}", missing(&conflicts))
            };
            let sep = if first { "" } else { ",\n" };
            first = false;
            let _ = write!(
                out,
                "{sep}g as (insert into change_guards (already_processed, cas_conflict) \
                 select case when {already} then 1 end, case when {conflict} then 1 end \
                 where ({already}) or ({conflict}))"
            );
        }
        if sources.is_empty() {
            if first {
                // Nothing to write: keep the statement well-formed.
                out.clear();
            }
            out.push_str("\nselect 0::bigint");
        } else {
            let sep = if first { "" } else { ",\n" };
            // How many outbox rows went in: the caller's wake-up depends on it.
            let _ = write!(
                out,
                "{sep}q as (insert into outbox ({OUTBOX_COLUMNS}) {} \
                 on conflict (dedupe_key) do nothing returning 1)\n\
                 select (select count(*) from q)::bigint",
                sources.join(" union all ")
            );
        }
    }
}

#[cfg(test)]
mod tests;
