-- A payment's receipt token lives on the payment itself: it is written by the same update
-- that marks the payment succeeded, so that change no longer inserts a row of its own into a
-- second table with two indexes (the paid webhook's hottest statement). Receipts issued
-- before this version keep their tokens and dates.
alter table payments add column receipt_token text;
alter table payments add column receipt_at bigint;
update payments
   set receipt_token = (select r.token from receipts r where r.payment_id = payments.id),
       receipt_at = (select r.created_at from receipts r where r.payment_id = payments.id)
 where id in (select payment_id from receipts);
create unique index payments_receipt_token on payments (receipt_token)
    where receipt_token is not null;
drop table receipts;
