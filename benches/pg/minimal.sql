-- The baseline's webhook writes (one link update, one outbox row) as one statement of
-- two CTEs: the floor a webhook that writes nothing else would cost the database.
\set e random(1, 9000000000000000000)
\set pid random(0, 59999)
with s0 as (update links set status = 'paid', updated_at = 1796619923951
    where id = 'lnk_bench' || lpad(cast(:pid as text), 17, '0') returning 1),
q as (insert into outbox (channel, destination, kind, event_id, payload, dedupe_key,
        status, attempts, next_attempt_at, created_at)
    values ('webhook', 'sel_bench', 'payment.succeeded', 'evt_' || cast(:e as text), repeat('w', 1467),
        'evt_' || cast(:e as text) || '|webhook', 'pending', 0, 1796619923951, 1796619923951)
    on conflict (dedupe_key) do nothing returning 1)
select (select count(*) from q)::bigint;
