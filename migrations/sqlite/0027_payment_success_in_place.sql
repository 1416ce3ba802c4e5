-- As on Postgres: the recheck index holds payments that have a due time, and a payment
-- that leaves pending loses its due time (receipt tokens are given with the payment).
-- SQLite has no page fill factor; the Postgres migration also sets one.
update payments set next_check_at = null where status <> 'pending' and next_check_at is not null;
drop index payments_recheck;
create index payments_recheck on payments (next_check_at) where next_check_at is not null;
