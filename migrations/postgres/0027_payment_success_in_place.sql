-- A payment's success writes no indexed column any more, so that Postgres can keep the
-- new row version on its page (a HOT update) and add no index entries:
-- - the recheck index named the status in its condition; it now holds payments that
--   have a due time, and a payment that leaves pending loses its due time;
-- - receipt tokens are given with the payment (receipt_at says when it was issued).
-- Pages keep a fifth free for those updates.
update payments set next_check_at = null where status <> 'pending' and next_check_at is not null;
drop index payments_recheck;
create index payments_recheck on payments (next_check_at) where next_check_at is not null;
alter table payments set (fillfactor = 80);
