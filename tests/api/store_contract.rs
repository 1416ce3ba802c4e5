//! The store contract: one story every backend must tell the same way.

use std::collections::HashSet;
use std::sync::Arc;

use paychat::domain::{EventId, LinkId, Money, PaymentId, SellerId};
use paychat::engine::store::{
    ChangeSet, EventWrite, LinkFilter, LinkRow, LinkUpdate, NewLink, NewOutboxRow, OutboxOutcome,
    PaymentRow, PaymentUpdate, SellerPrefs, SellerRow, SlipRow, Store, StoreError,
    WebhookEndpointRow, connect,
};

use crate::helpers::{Backend, TestDb};
use crate::on_both;

async fn open(backend: &Backend) -> (Arc<dyn Store>, TestDb) {
    let db = TestDb::create(backend).await;
    let store = connect(&db.url, 4).await.expect("connect");
    (Arc::new(store), db)
}

fn sid(id: &str) -> SellerId {
    SellerId::from_trusted(id.to_owned())
}

fn lid(id: &str) -> LinkId {
    LinkId::from_trusted(id.to_owned())
}

fn pid(id: &str) -> PaymentId {
    PaymentId::from_trusted(id.to_owned())
}

fn thb(minor: i64) -> Money {
    Money::from_stored(minor, "THB").expect("a valid amount")
}

fn seller(id: &str) -> SellerRow {
    SellerRow {
        id: sid(id),
        name: format!("Seller {id}"),
        currency: "THB".into(),
        locale: "th".into(),
        created_at: 1_000,
        provider: None,
        timezone: None,
    }
}

fn link(id: &str, seller: &str, created_at: i64) -> LinkRow {
    LinkRow {
        id: lid(id),
        slug: format!("slug{id:0>12}"),
        seller_id: sid(seller),
        amount: thb(25_000),
        description: "tuition".into(),
        custom_ref: None,
        merchant_order_id: None,
        usage_limit: Some(1),
        paid_count: 0,
        paid_minor: 0,
        refunded_minor: 0,
        status: paychat::domain::LinkStatus::Active,
        expires_at: Some(created_at + 10_000),
        customer_name: None,
        customer_email: None,
        customer_phone: None,
        notes: "[]".into(),
        success_url: None,
        failure_url: None,
        pending_url: None,
        provider: "sandbox".into(),
        origin_channel: None,
        origin_chat: None,
        origin_message: None,
        opened_at: None,
        version: 0,
        created_at,
        updated_at: created_at,
        pay_via: None,
        terms: None,
    }
}

fn event(id: &str, link: &LinkRow, notify: bool) -> EventWrite {
    EventWrite {
        id: EventId::from_trusted(id.to_owned()),
        link_id: link.id.clone(),
        seller_id: link.seller_id.clone(),
        kind: paychat::domain::EventKind::LinkCreated,
        data: "{}".into(),
        notify: notify.then(|| format!("{{\"id\":\"{id}\"}}")),
        push: "{}".into(),
        chat: None,
    }
}

/// A pending payment `(id, link)` of `(provider, provider's id)` for `minor` satang,
/// made at 200.
fn pending_payment(
    (id, link): (&str, &str),
    (provider, theirs): (&str, &str),
    minor: i64,
) -> PaymentRow {
    PaymentRow {
        id: pid(id),
        link_id: lid(link),
        provider: provider.into(),
        provider_payment_id: theirs.into(),
        amount: thb(minor),
        status: paychat::domain::PaymentStatus::Pending,
        method: "provider".into(),
        payer_name: None,
        payer_email: None,
        failure_reason: None,
        refunded_minor: 0,
        created_at: 200,
        updated_at: 200,
        provider_ref: None,
        next_check_at: None,
        payer_phone: None,
        shipping_address: None,
        receipt_token: Some(format!("tok_{}", id.trim_start_matches("pay_"))),
    }
}

async fn insert(store: &Arc<dyn Store>, l: &LinkRow, event_id: &str) -> Result<(), StoreError> {
    store
        .insert_link(&NewLink {
            link: l.clone(),
            event: event(event_id, l, true),
            idempotency: None,
        })
        .await
        .map(|_| ())
}

/// A new link says whether it queued anything to deliver, so the outbox worker is woken
/// only then: on Postgres the rows are counted; SQLite answers "maybe" when it could.
async fn a_new_link_says_whether_it_queued_anything(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    let new = |id: &str, ev: &str| {
        let l = link(id, "s1", 100);
        NewLink {
            event: event(ev, &l, true),
            link: l,
            idempotency: None,
        }
    };
    let quiet = store.insert_link(&new("lnk_q1", "ev_q1")).await.unwrap();
    assert_eq!(
        quiet,
        matches!(backend, Backend::Sqlite),
        "no endpoint, nothing queued"
    );
    store
        .set_webhook_endpoint(&WebhookEndpointRow {
            seller_id: sid("s1"),
            url: "http://a".into(),
            secret: "x".repeat(20),
            created_at: 1,
        })
        .await
        .unwrap();
    assert!(store.insert_link(&new("lnk_q2", "ev_q2")).await.unwrap());
}
on_both!(a_new_link_says_whether_it_queued_anything);

/// A task that holds a pinned connection (a provider webhook) reads by key on that same
/// connection: with one connection allowed out of the keeper, a read that waited for a
/// second would wait until the pool's acquire timeout and fail.
async fn a_pinned_task_reads_on_its_own_connection(backend: Backend) {
    let db = TestDb::create(&backend).await;
    // Two connections: the keeper lets one out at a time.
    let store: Arc<dyn Store> = Arc::new(connect(&db.url, 2).await.expect("connect"));
    store.insert_seller(&seller("s1")).await.unwrap();
    insert(&store, &link("lnk_p1", "s1", 100), "ev_p1")
        .await
        .unwrap();

    let read = paychat::engine::store::pinned(async {
        // The webhook's read pins the connection; the reads by key after it share it.
        let found = store
            .payment_with_link("sandbox", "no_such_payment")
            .await?;
        let again = store.link(&lid("lnk_p1")).await?;
        let page = store.public_link(&again.slug).await?;
        Ok::<_, StoreError>((found.is_none(), page.link.id))
    });
    // A guard against a hang, not a measure of speed.
    let read = tokio::time::timeout(std::time::Duration::from_secs(60), read).await;

    let (none, id) = read.expect("not hung").expect("the reads succeed");
    assert!(none);
    assert_eq!(id, lid("lnk_p1"));
}
on_both!(a_pinned_task_reads_on_its_own_connection);

async fn sellers_keys_and_endpoints(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.ping().await.unwrap();
    store.insert_seller(&seller("s1")).await.unwrap();
    assert_eq!(store.seller(&sid("s1")).await.unwrap().name, "Seller s1");
    assert!(matches!(
        store.seller(&sid("nope")).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.sellers().await.unwrap().len(), 1);

    store
        .insert_api_key("k1", &sid("s1"), "hash1", 1)
        .await
        .unwrap();
    assert_eq!(
        store.seller_by_key_hash("hash1").await.unwrap().unwrap().id,
        sid("s1")
    );
    assert!(store.revoke_api_key("k1", 2).await.unwrap());
    assert!(!store.revoke_api_key("k1", 3).await.unwrap());
    assert!(store.seller_by_key_hash("hash1").await.unwrap().is_none());

    let ep = WebhookEndpointRow {
        seller_id: sid("s1"),
        url: "http://a".into(),
        secret: "x".repeat(20),
        created_at: 1,
    };
    store.set_webhook_endpoint(&ep).await.unwrap();
    store
        .set_webhook_endpoint(&WebhookEndpointRow {
            url: "http://b".into(),
            ..ep
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .webhook_endpoint(&sid("s1"))
            .await
            .unwrap()
            .unwrap()
            .url,
        "http://b"
    );
    assert!(store.delete_webhook_endpoint(&sid("s1")).await.unwrap());
    assert!(store.webhook_endpoint(&sid("s1")).await.unwrap().is_none());
}
on_both!(sellers_keys_and_endpoints);

async fn links_are_unique_where_they_must_be(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    store.insert_seller(&seller("s2")).await.unwrap();
    let mut a = link("lnk_a", "s1", 100);
    a.custom_ref = Some("INV-1".into());
    a.merchant_order_id = Some("ORD-1".into());
    insert(&store, &a, "e1").await.unwrap();

    let mut b = link("lnk_b", "s1", 101);
    b.custom_ref = Some("INV-1".into());
    assert!(matches!(
        insert(&store, &b, "e2").await,
        Err(StoreError::Duplicate("custom_link_ref"))
    ));
    b.custom_ref = None;
    b.merchant_order_id = Some("ORD-1".into());
    assert!(matches!(
        insert(&store, &b, "e2").await,
        Err(StoreError::Duplicate("merchant_order_id"))
    ));
    // Nothing of the refused link was written.
    assert!(matches!(
        store.link(&lid("lnk_b")).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.events(&lid("lnk_b")).await.unwrap().len(), 0);

    // The same reference for another seller is fine; links without one never clash.
    let mut c = link("lnk_c", "s2", 102);
    c.custom_ref = Some("INV-1".into());
    insert(&store, &c, "e3").await.unwrap();
    insert(&store, &link("lnk_d", "s1", 103), "e4")
        .await
        .unwrap();
    insert(&store, &link("lnk_e", "s1", 104), "e5")
        .await
        .unwrap();

    // Idempotency keys are unique per seller.
    let idem = |l: LinkRow, key: &str, ev: &str| NewLink {
        event: event(ev, &l, false),
        link: l,
        idempotency: Some((key.into(), "hash".into())),
    };
    store
        .insert_link(&idem(link("lnk_f", "s1", 105), "k", "e6"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_link(&idem(link("lnk_g", "s1", 106), "k", "e7"))
            .await,
        Err(StoreError::Duplicate("idempotency_key"))
    ));
    assert_eq!(
        store.idempotent_link(&sid("s1"), "k").await.unwrap(),
        Some(("hash".into(), lid("lnk_f")))
    );
    assert_eq!(store.idempotent_link(&sid("s2"), "k").await.unwrap(), None);

    // Listing: newest first, filtered, paged by id.
    let all = store
        .links(
            &sid("s1"),
            &LinkFilter {
                limit: 10,
                ..LinkFilter::default()
            },
        )
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["lnk_f", "lnk_e", "lnk_d", "lnk_a"]);
    let page = store
        .links(
            &sid("s1"),
            &LinkFilter {
                before: Some("lnk_e".into()),
                limit: 10,
                ..LinkFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    let by_ref = store
        .links(
            &sid("s1"),
            &LinkFilter {
                reference: Some("ORD-1".into()),
                limit: 10,
                ..LinkFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_ref.len(), 1);
    let ranged = store
        .links(
            &sid("s1"),
            &LinkFilter {
                created_from: Some(103),
                created_to: Some(105),
                limit: 10,
                ..LinkFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(ranged.len(), 2);

    let public = store.public_link(&a.slug).await.unwrap();
    assert_eq!(public.seller_name, "Seller s1");
    assert_eq!(public.link.id, lid("lnk_a"));
    assert_eq!(store.due_expiries(100 + 10_000, 10).await.unwrap().len(), 1);

    let summary = store.summary(&sid("s1"), 0, 1_000).await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].links, 4);
    assert_eq!(summary[0].amount_minor, 100_000);
}
on_both!(links_are_unique_where_they_must_be);

async fn changes_apply_atomically_with_compare_and_set(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    let l = link("lnk_a", "s1", 100);
    insert(&store, &l, "e1").await.unwrap();
    let payment = PaymentRow {
        next_check_at: Some(250),
        payer_phone: Some("+66812345678".into()),
        shipping_address: Some(
            r#"{"line1":"1 Rd","city":"Bangkok","postal_code":"10110","country":"TH"}"#.into(),
        ),
        ..pending_payment(("pay_1", "lnk_a"), ("sandbox", "sbx_1"), 25_000)
    };
    store
        .apply(&ChangeSet {
            new_payment: Some(payment.clone()),
            now: 200,
            ..ChangeSet::default()
        })
        .await
        .unwrap();
    let stored = store
        .payment_with_link("sandbox", "sbx_1")
        .await
        .unwrap()
        .unwrap()
        .payment();
    assert_eq!(stored.id, pid("pay_1"));
    // The buyer's details come back as written, on both reads.
    assert_eq!(stored.payer_phone, payment.payer_phone);
    assert_eq!(stored.shipping_address, payment.shipping_address);
    let by_id = store.payment(&pid("pay_1")).await.unwrap();
    assert_eq!(by_id.payer_phone, payment.payer_phone);
    assert_eq!(by_id.shipping_address, payment.shipping_address);
    // The token is kept from the start, but opens no receipt while the payment is pending.
    assert_eq!(stored.receipt_token.as_deref(), Some("tok_1"));
    assert_eq!(store.receipt_token(&pid("pay_1")).await.unwrap(), None);
    assert!(store.receipt_payment("tok_1").await.unwrap().is_none());
    // Due for a provider check at 250, not before; rescheduling moves it.
    let due = |now| {
        let store = store.clone();
        async move {
            store
                .payments_to_check(now, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    assert!(due(249).await.is_empty());
    assert_eq!(due(250).await, [pid("pay_1")]);
    store.reschedule_check(&pid("pay_1"), 1_000).await.unwrap();
    assert!(due(999).await.is_empty());
    assert_eq!(due(1_000).await, [pid("pay_1")]);

    let paid = |version: i64, receipt: &str, ev: &str| ChangeSet {
        receipt: Some(("sandbox".into(), receipt.into())),
        link: Some(LinkUpdate {
            id: lid("lnk_a"),
            expected_version: version,
            status: paychat::domain::LinkStatus::Paid,
            paid_count: 1,
            paid_minor: 25_000,
            refunded_minor: 0,
            expires_at: None,
        }),
        payment: Some(PaymentUpdate {
            id: pid("pay_1"),
            expected_status: paychat::domain::PaymentStatus::Pending,
            expected_refunded_minor: 0,
            status: paychat::domain::PaymentStatus::Succeeded,
            payer_name: Some("Ann".into()),
            payer_email: None,
            failure_reason: None,
            refunded_minor: 0,
            provider_ref: Some("pi_1".into()),
        }),
        new_receipt: Some((pid("pay_1"), "tok_1".into())),
        events: vec![event(ev, &l, true)],
        now: 300,
        ..ChangeSet::default()
    };
    // A stale version changes nothing at all, receipt included.
    assert!(matches!(
        store.apply(&paid(7, "evt_x", "e2")).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.link(&lid("lnk_a")).await.unwrap().status,
        paychat::domain::LinkStatus::Active
    );
    assert_eq!(
        store.payment(&pid("pay_1")).await.unwrap().status,
        paychat::domain::PaymentStatus::Pending
    );
    assert_eq!(store.events(&lid("lnk_a")).await.unwrap().len(), 1);

    store.apply(&paid(0, "evt_x", "e2")).await.unwrap();
    let after = store.link(&lid("lnk_a")).await.unwrap();
    assert_eq!((after.status.as_str(), after.version), ("paid", 1));
    assert_eq!(
        store
            .payment(&pid("pay_1"))
            .await
            .unwrap()
            .payer_name
            .as_deref(),
        Some("Ann")
    );
    assert_eq!(store.events(&lid("lnk_a")).await.unwrap().len(), 2);
    // Found by the provider's second id once learnt; no longer due for a check.
    let by_ref = store
        .payment_by_ref("sandbox", "pi_1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_ref.payment().id, pid("pay_1"));
    assert!(
        store
            .payment_by_ref("sandbox", "pi_2")
            .await
            .unwrap()
            .is_none()
    );
    assert!(due(5_000).await.is_empty());
    // Paid: its due time is gone, and the token it was given opens its receipt.
    let paid_row = store.payment(&pid("pay_1")).await.unwrap();
    assert_eq!(paid_row.next_check_at, None);
    assert_eq!(
        store.receipt_token(&pid("pay_1")).await.unwrap().as_deref(),
        Some("tok_1")
    );
    assert_eq!(
        store.receipt_payment("tok_1").await.unwrap(),
        Some((pid("pay_1"), 300))
    );

    // The same provider event again is refused before anything else is looked at.
    assert!(matches!(
        store.apply(&paid(1, "evt_x", "e3")).await,
        Err(StoreError::AlreadyProcessed)
    ));
    assert_eq!(store.events(&lid("lnk_a")).await.unwrap().len(), 2);
}
on_both!(changes_apply_atomically_with_compare_and_set);

async fn outbox_rows_are_leased_retried_and_never_claimed_twice(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    store
        .set_webhook_endpoint(&WebhookEndpointRow {
            seller_id: sid("s1"),
            url: "http://x".into(),
            secret: "s".repeat(20),
            created_at: 0,
        })
        .await
        .unwrap();
    for i in 0..40 {
        let l = link(&format!("lnk_{i:03}"), "s1", 100 + i);
        insert(&store, &l, &format!("evt_{i:03}")).await.unwrap();
    }
    // A repeated event id queues no second notification (the dedupe key is unique).
    let again = link("lnk_999", "s1", 999);
    insert(&store, &again, "evt_000").await.unwrap();
    let stats = store.outbox_stats(0).await.unwrap();
    assert_eq!(stats.pending, 40);

    // Eight workers race; every row goes to exactly one of them.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let rows = store
                    .claim_outbox(1_000, 60_000, 3, &[], false)
                    .await
                    .unwrap();
                if rows.is_empty() {
                    break;
                }
                mine.extend(rows.into_iter().map(|r| r.id));
            }
            mine
        }));
    }
    let mut seen = HashSet::new();
    for t in tasks {
        for id in t.await.unwrap() {
            assert!(seen.insert(id), "row {id} claimed twice");
        }
    }
    assert_eq!(seen.len(), 40);

    // Leased rows stay invisible until the lease ends, then come back.
    assert!(
        store
            .claim_outbox(2_000, 60_000, 100, &[], false)
            .await
            .unwrap()
            .is_empty()
    );
    let back = store
        .claim_outbox(61_001, 60_000, 100, &[], false)
        .await
        .unwrap();
    assert_eq!(back.len(), 40);
    assert!(back.iter().all(|r| r.attempts == 2));

    let (first, second) = (back[0].id, back[1].id);
    store
        .finish_outbox(first, &OutboxOutcome::Delivered, 62_000)
        .await
        .unwrap();
    store
        .finish_outbox(
            second,
            &OutboxOutcome::Retry {
                at: 70_000,
                error: "503".into(),
            },
            62_000,
        )
        .await
        .unwrap();
    store
        .finish_outbox(
            back[2].id,
            &OutboxOutcome::Dead {
                error: "gone".into(),
            },
            62_000,
        )
        .await
        .unwrap();
    let stats = store.outbox_stats(0).await.unwrap();
    assert_eq!((stats.pending, stats.dead), (38, 1));
    let due: Vec<i64> = store
        .claim_outbox(70_000, 60_000, 100, &[], false)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        due,
        [second],
        "only the retried row is due before the leases end"
    );
    assert!(store.next_outbox_due().await.unwrap().is_some());
    // Delivered rows are purged once old enough; others stay.
    assert_eq!(store.purge_delivered(62_000).await.unwrap(), 0);
    assert_eq!(store.purge_delivered(62_001).await.unwrap(), 1);
    assert_eq!(store.outbox_stats(0).await.unwrap().pending, 38);
}
on_both!(outbox_rows_are_leased_retried_and_never_claimed_twice);

async fn concurrent_changes_fail_alone(backend: Backend) {
    // Changes committed together (SQLite groups them) must still succeed or fail one by
    // one: a clash in one never undoes or blocks its neighbours.
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut l = link(&format!("lnk_{i:03}"), "s1", 100 + i);
            // Pairs share a reference: exactly one of each pair can win.
            l.custom_ref = Some(format!("REF-{}", i / 2));
            insert(&store, &l, &format!("evt_{i:03}")).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Duplicate("custom_link_ref")) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 10);
    let all = store
        .links(
            &sid("s1"),
            &LinkFilter {
                limit: 100,
                ..LinkFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 10);
    for l in &all {
        assert_eq!(store.events(&l.id).await.unwrap().len(), 1);
    }
}
on_both!(concurrent_changes_fail_alone);

/// WhatsApp statuses arrive out of order and may beat our own record of the send: a
/// status is never lost, never steps back, and a "failed" seen first is handed back
/// when the send is recorded.
async fn whatsapp_statuses_in_any_order(backend: Backend) {
    use paychat::engine::store::WaMessageRow;
    let (store, _db) = open(&backend).await;
    let sent = |wamid: &str| WaMessageRow {
        wamid: wamid.into(),
        user_key: "66812345678".into(),
        kind: "push".into(),
        payload: Some("{}".into()),
        status: "accepted".into(),
        error_code: None,
        created_at: 1,
        updated_at: 1,
    };
    // Recorded first, then delivered, read, and a late "sent" that must not win.
    let first = store.record_wa_message(&sent("wamid.1")).await.unwrap();
    assert_eq!(first.map(|m| m.status).as_deref(), Some("accepted"));
    for (status, expect) in [("delivered", true), ("read", true), ("sent", false)] {
        let got = store
            .wa_message_status("wamid.1", status, None, 2)
            .await
            .unwrap();
        assert_eq!(got.is_some(), expect, "{status}");
    }
    // The failure arrives before the record: kept, then returned by the record.
    let early = store
        .wa_message_status("wamid.2", "failed", Some(131_047), 3)
        .await
        .unwrap();
    assert!(early.is_none());
    let stored = store
        .record_wa_message(&sent("wamid.2"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.status.as_str(), stored.error_code),
        ("failed", Some(131_047))
    );
    assert_eq!(stored.kind, "push");
    // A second record of the same message changes nothing.
    assert!(
        store
            .record_wa_message(&sent("wamid.2"))
            .await
            .unwrap()
            .is_none()
    );
}
on_both!(whatsapp_statuses_in_any_order);

/// Preferences change one at a time and leave the others; the buyer page's read carries
/// the seller's time zone.
async fn seller_preferences_change_one_at_a_time(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    let l = link("lnk_a", "s1", 100);
    insert(&store, &l, "e1").await.unwrap();
    assert_eq!(store.seller(&sid("s1")).await.unwrap().timezone, None);
    assert_eq!(
        store.public_link(&l.slug).await.unwrap().seller_timezone,
        None
    );

    let zone = SellerPrefs {
        timezone: Some("Asia/Bangkok".into()),
        ..SellerPrefs::default()
    };
    store
        .update_seller_prefs(&sid("s1"), &zone, None, 0)
        .await
        .unwrap();
    let currency = SellerPrefs {
        currency: Some("USD".into()),
        ..SellerPrefs::default()
    };
    store
        .update_seller_prefs(&sid("s1"), &currency, None, 0)
        .await
        .unwrap();
    let s = store.seller(&sid("s1")).await.unwrap();
    assert_eq!(
        (
            s.currency.as_str(),
            s.locale.as_str(),
            s.timezone.as_deref()
        ),
        ("USD", "th", Some("Asia/Bangkok"))
    );
    assert_eq!(
        store
            .public_link(&l.slug)
            .await
            .unwrap()
            .seller_timezone
            .as_deref(),
        Some("Asia/Bangkok")
    );
    assert!(matches!(
        store
            .update_seller_prefs(&sid("nobody"), &zone, None, 0)
            .await,
        Err(StoreError::NotFound)
    ));
}
on_both!(seller_preferences_change_one_at_a_time);

async fn a_stored_amount_that_is_not_money_fails_the_read(backend: Backend) {
    use sqlx::Connection as _;
    let (store, db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    insert(&store, &link("lnk_a", "s1", 100), "e1")
        .await
        .unwrap();
    // Written behind the store's back: no Money has this currency.
    let sql = "update links set currency = 'ZZZ' where id = 'lnk_a'";
    if db.url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
    assert!(matches!(
        store.link(&lid("lnk_a")).await,
        Err(StoreError::Backend(sqlx::Error::ColumnDecode { .. }))
    ));
    assert!(
        store
            .links(
                &sid("s1"),
                &LinkFilter {
                    limit: 10,
                    ..LinkFilter::default()
                },
            )
            .await
            .is_err()
    );
}
on_both!(a_stored_amount_that_is_not_money_fails_the_read);

/// A lease is held by one holder at a time, renewed by it, taken over once it expired,
/// and free again when given up; a channel another replica serves is not claimed here.
async fn leases_and_channels_served_elsewhere(backend: Backend) {
    let (store, _db) = open(&backend).await;
    assert!(
        store
            .take_lease("telegram:1", "a", 1_000, 7_000)
            .await
            .unwrap()
    );
    assert!(
        !store
            .take_lease("telegram:1", "b", 2_000, 8_000)
            .await
            .unwrap()
    );
    assert!(
        store
            .take_lease("telegram:1", "a", 3_000, 9_000)
            .await
            .unwrap(),
        "renewed"
    );
    assert!(
        !store
            .take_lease("telegram:1", "b", 8_999, 14_999)
            .await
            .unwrap()
    );
    assert!(
        store
            .take_lease("telegram:1", "b", 9_000, 15_000)
            .await
            .unwrap(),
        "taken over"
    );
    assert!(
        store
            .take_lease("telegram:2", "a", 9_000, 15_000)
            .await
            .unwrap(),
        "another lease"
    );
    store.drop_lease("telegram:1", "a").await.unwrap();
    assert!(
        !store
            .take_lease("telegram:1", "a", 10_000, 16_000)
            .await
            .unwrap(),
        "not a's to drop"
    );
    store.drop_lease("telegram:1", "b").await.unwrap();
    assert!(
        store
            .take_lease("telegram:1", "a", 10_000, 16_000)
            .await
            .unwrap(),
        "free again"
    );

    let row = |channel: &str, key: &str| NewOutboxRow {
        channel: channel.into(),
        destination: "42".into(),
        kind: "inbound".into(),
        event_id: key.into(),
        payload: "{}".into(),
        dedupe_key: key.into(),
        rerouted_from: None,
        due_at: None,
    };
    store
        .enqueue(&[row("telegram-in", "t1"), row("whatsapp-in", "w1")], 1_000)
        .await
        .unwrap();
    let mine = store
        .claim_outbox(1_000, 60_000, 10, &["telegram-in", "telegram"], false)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].channel, "whatsapp-in");
    let rest = store
        .claim_outbox(1_000, 60_000, 10, &[], false)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].channel, "telegram-in");
}
on_both!(leases_and_channels_served_elsewhere);

/// Received messages and answers can be claimed on their own, before older pushes.
async fn answers_are_claimed_on_their_own(backend: Backend) {
    let (store, _db) = open(&backend).await;
    let row = |channel: &str, kind: &str, to: &str, key: &str| NewOutboxRow {
        channel: channel.into(),
        destination: to.into(),
        kind: kind.into(),
        event_id: key.into(),
        payload: "{}".into(),
        dedupe_key: key.into(),
        rerouted_from: None,
        due_at: None,
    };
    let pushes: Vec<NewOutboxRow> = (0..5)
        .map(|i| row("telegram", "push", &format!("p{i}"), &format!("push{i}")))
        .collect();
    store.enqueue(&pushes, 1_000).await.unwrap();
    store
        .enqueue(
            &[
                row("telegram-in", "inbound", "7", "in1"),
                row("whatsapp", "reply", "8", "re1"),
                // Behind a push to the same chat: order in a chat still holds.
                row("whatsapp", "push", "9", "push9"),
                row("whatsapp", "reply", "9", "re9"),
            ],
            2_000,
        )
        .await
        .unwrap();
    let answers = store
        .claim_outbox(2_000, 60_000, 10, &[], true)
        .await
        .unwrap();
    let keys: Vec<&str> = answers.iter().map(|r| r.event_id.as_str()).collect();
    assert_eq!(keys, ["in1", "re1"]);
    let rest = store
        .claim_outbox(2_000, 60_000, 10, &[], false)
        .await
        .unwrap();
    assert_eq!(rest.len(), 6, "five pushes and the push to chat 9");
    assert!(rest.iter().all(|r| r.kind == "push"));
}
on_both!(answers_are_claimed_on_their_own);

/// A slip's reference counts as "sent before" only for a payment that exists: the slip of
/// a claim that lost its race to another buyer (stored, its payment never made) does not
/// flag the next buyer who sends that slip.
async fn a_slip_counts_only_with_its_payment(backend: Backend) {
    let (store, _db) = open(&backend).await;
    store.insert_seller(&seller("s1")).await.unwrap();
    insert(&store, &link("lnk_a", "s1", 100), "e1")
        .await
        .unwrap();
    let payment = PaymentRow {
        method: "promptpay".into(),
        ..pending_payment(("pay_1", "lnk_a"), ("bankqr", "pay_1"), 10_000)
    };
    store
        .apply(&ChangeSet {
            new_payment: Some(payment),
            now: 200,
            ..ChangeSet::default()
        })
        .await
        .unwrap();
    for (payment, reference) in [("pay_1", "REF-KEPT"), ("pay_lost", "REF-LOST")] {
        store
            .put_slip(&SlipRow {
                payment_id: pid(payment),
                image: vec![0xff, 0xd8],
                bank: Some("004".into()),
                reference: Some(reference.into()),
                created_at: 200,
            })
            .await
            .unwrap();
    }
    let used = |reference: &'static str| {
        let store = store.clone();
        async move {
            store
                .slip_reference_used(reference, &pid("pay_next"))
                .await
                .unwrap()
        }
    };
    assert_eq!(used("REF-KEPT").await, Some(pid("pay_1")));
    assert_eq!(used("REF-LOST").await, None);
}
on_both!(a_slip_counts_only_with_its_payment);
