-- The change a paid sandbox webhook sends, in the shape `Batch::of` renders for Postgres
-- (pinned by src/engine/store/batch/tests.rs): the provider event's receipt, the
-- payment's and the link's updates, the timeline row, the outbox fan-out (webhook
-- endpoints, shared cards, other open checkouts) and the guards. Payloads have the sizes
-- of the real ones. To run again and again on one seeded database the compare-and-set
-- conditions are left out and ids are random; separators are '|' because pgbench reads
-- ':name' as a variable even inside quotes.
\set e random(1, 9000000000000000000)
\set pid random(0, 59999)
with s0 as (insert into webhook_receipts (provider, event_id, received_at)
    values ('sandbox', 'sbxevt_' || cast(:e as text), 1796619923951)
    on conflict (provider, event_id) do nothing returning 1),
s1 as (update payments set status = 'succeeded', payer_name = coalesce(null, payer_name),
    payer_email = coalesce(null, payer_email), failure_reason = null, refunded_minor = 0,
    provider_ref = coalesce(null, provider_ref), updated_at = 1796619923951, next_check_at = null,
    receipt_token = coalesce(receipt_token, 'rct_' || cast(:e as text)),
    receipt_at = coalesce(receipt_at, 1796619923951)
    where id = 'pay_bench' || lpad(cast(:pid as text), 17, '0') and refunded_minor = 0 returning 1),
s2 as (update links set status = 'paid', paid_count = 1, paid_minor = 1999, refunded_minor = 0,
    expires_at = 1799211892693, version = version + 1, updated_at = 1796619923951
    where id = 'lnk_bench' || lpad(cast(:pid as text), 17, '0') returning 1),
s3 as (insert into link_events (id, link_id, kind, data, created_at)
    values ('evt_' || cast(:e as text), 'lnk_bench' || lpad(cast(:pid as text), 17, '0'),
    'payment.succeeded', repeat('d', 426), 1796619923951)),
g as (insert into change_guards (already_processed, cas_conflict)
    select case when not exists (select 1 from s0) then 1 end,
    case when (not exists (select 1 from s1) or not exists (select 1 from s2))
        and exists (select 1 from s0) then 1 end
    where (not exists (select 1 from s0))
        or ((not exists (select 1 from s1) or not exists (select 1 from s2))
        and exists (select 1 from s0))),
q as (insert into outbox (channel, destination, kind, event_id, payload, dedupe_key,
        rerouted_from, status, attempts, next_attempt_at, created_at)
    select 'webhook', seller_id, 'payment.succeeded', 'evt_' || cast(:e as text), repeat('w', 1467),
        'evt_' || cast(:e as text) || '|webhook', null, 'pending', 0, 1796619923951, 1796619923951
    from webhook_endpoints where seller_id = 'sel_bench'
    union all
    select channel, 'card|' || card_ref, 'payment.succeeded', 'evt_' || cast(:e as text),
        repeat('p', 431), 'evt_' || cast(:e as text) || '|card|' || channel || '|' || card_ref,
        null, 'pending', 0, 1796619923951, 1796619923951
    from link_cards where link_id = 'lnk_bench' || lpad(cast(:pid as text), 17, '0')
    union all
    select 'provider', provider || '|' || provider_payment_id, 'checkout.close',
        'evt_' || cast(:e as text), provider_payment_id, 'evt_' || cast(:e as text) || '|close|' || id,
        null, 'pending', 0, 1796619923951, 1796619923951
    from payments where link_id = 'lnk_bench' || lpad(cast(:pid as text), 17, '0')
        and status = 'pending' and next_check_at is not null
        and id <> 'pay_bench' || lpad(cast(:pid as text), 17, '0')
    on conflict (dedupe_key) do nothing returning 1)
select (select count(*) from q)::bigint;
