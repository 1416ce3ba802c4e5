//! The SQL shapes a change is rendered to.

use super::*;
use crate::domain::event::EventKind;
use crate::domain::ids::{EventId, LinkId, PaymentId, SellerId};
use crate::domain::link::LinkStatus;
use crate::engine::store::{CloseCheckouts, LinkUpdate, NewOutboxRow};

/// A paid webhook's change: a receipt, a compare-and-set on the link, an event that
/// tells a chat and updates cards, other checkouts closed, one queued row.
fn paid_change() -> ChangeSet {
    let event = EventId::from_trusted("evt_1".into());
    let link = LinkId::from_trusted("lnk_1".into());
    ChangeSet {
        receipt: Some(("sandbox".into(), "e1".into())),
        link: Some(LinkUpdate {
            id: link.clone(),
            expected_version: 3,
            status: LinkStatus::Paid,
            paid_count: 1,
            paid_minor: 1999,
            refunded_minor: 0,
            expires_at: None,
        }),
        events: vec![EventWrite {
            id: event.clone(),
            link_id: link.clone(),
            seller_id: SellerId::from_trusted("sel_1".into()),
            kind: EventKind::PaymentSucceeded,
            data: "{}".into(),
            notify: Some("{}".into()),
            push: "{}".into(),
            chat: Some(("telegram".into(), "42".into())),
        }],
        close_checkouts: Some(CloseCheckouts {
            link_id: link,
            event_id: event,
            except: Some(PaymentId::from_trusted("pay_1".into())),
        }),
        queue: vec![NewOutboxRow {
            channel: "email".into(),
            destination: "lnk_1".into(),
            kind: "email.reminder".into(),
            event_id: "evt_1".into(),
            payload: "{}".into(),
            dedupe_key: "lnk_1:email:reminder:1".into(),
            rerouted_from: None,
            due_at: Some(5),
        }],
        now: 1,
        ..ChangeSet::default()
    }
}

#[test]
fn postgres_writes_the_outbox_and_the_guards_once_each() {
    let sql = Batch::of(&paid_change()).sql(Dialect::Postgres);
    // Webhook, cards, chat, the closed checkouts and the queued row: one insert.
    assert_eq!(sql.matches("insert into outbox").count(), 1, "{sql}");
    assert_eq!(sql.matches(" union all ").count(), 4, "{sql}");
    assert_eq!(sql.matches("insert into change_guards").count(), 1, "{sql}");
    // A conflict counts only when the receipt is new.
    assert!(sql.contains("then 1 end where"), "{sql}");
    assert!(sql.contains("and exists (select 1 from s0)"), "{sql}");
    assert!(
        sql.ends_with("select (select count(*) from q)::bigint"),
        "{sql}"
    );
}

#[test]
fn sqlite_writes_each_source_and_guard_as_its_own_statement() {
    let sql = Batch::of(&paid_change()).sql(Dialect::Sqlite);
    assert_eq!(sql.matches("insert into outbox").count(), 5, "{sql}");
    assert_eq!(sql.matches("insert into change_guards").count(), 2, "{sql}");
    assert!(!sql.contains("union all"), "{sql}");
}

#[test]
fn a_change_with_no_outbox_rows_counts_none() {
    let change = ChangeSet {
        receipt: Some(("sandbox".into(), "e1".into())),
        now: 1,
        ..ChangeSet::default()
    };
    let batch = Batch::of(&change);
    assert!(!batch.may_queue());
    let sql = batch.sql(Dialect::Postgres);
    assert!(!sql.contains("insert into outbox"), "{sql}");
    assert!(sql.ends_with("select 0::bigint"), "{sql}");
}

/// A receipt token rides on the payment's own update: no statement of its own.
#[test]
fn a_receipt_is_written_by_the_payments_update_or_alone() {
    use crate::domain::payment::PaymentStatus;
    use crate::engine::store::PaymentUpdate;
    let pay = PaymentId::from_trusted("pay_1".into());
    let mut change = paid_change();
    change.new_receipt = Some((pay.clone(), "tok".into()));
    change.payment = Some(PaymentUpdate {
        id: pay.clone(),
        expected_status: PaymentStatus::Pending,
        expected_refunded_minor: 0,
        status: PaymentStatus::Succeeded,
        payer_name: None,
        payer_email: None,
        failure_reason: None,
        refunded_minor: 0,
        provider_ref: None,
    });
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let sql = Batch::of(&change).sql(dialect);
        assert_eq!(sql.matches("update payments set").count(), 1, "{sql}");
        assert_eq!(sql.matches("receipt_token = coalesce").count(), 1, "{sql}");
    }

    // Without the payment's update (a receipt for a payment written elsewhere): alone.
    change.payment = None;
    let sql = Batch::of(&change).sql(Dialect::Postgres);
    assert!(
        sql.contains("update payments set receipt_token = coalesce(receipt_token, "),
        "{sql}"
    );
}

/// A payment that leaves pending loses its recheck due time in the same update; any
/// other update (a refund of a paid one) leaves the column alone, so that on Postgres it
/// writes no indexed column.
#[test]
fn only_leaving_pending_clears_the_recheck_time() {
    use crate::domain::payment::PaymentStatus;
    use crate::engine::store::PaymentUpdate;
    let update = |from, to| PaymentUpdate {
        id: PaymentId::from_trusted("pay_1".into()),
        expected_status: from,
        expected_refunded_minor: 0,
        status: to,
        payer_name: None,
        payer_email: None,
        failure_reason: None,
        refunded_minor: 0,
        provider_ref: None,
    };
    let cases = [
        (PaymentStatus::Pending, PaymentStatus::Succeeded, true),
        (PaymentStatus::Pending, PaymentStatus::Failed, true),
        (PaymentStatus::Pending, PaymentStatus::Pending, false),
        (PaymentStatus::Succeeded, PaymentStatus::Succeeded, false),
        (PaymentStatus::Failed, PaymentStatus::Succeeded, false),
    ];
    for (from, to, clears) in cases {
        let mut change = paid_change();
        change.payment = Some(update(from, to));
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let sql = Batch::of(&change).sql(dialect);
            assert_eq!(
                sql.contains("next_check_at = null"),
                clears,
                "{from:?} → {to:?}: {sql}"
            );
        }
    }
}
