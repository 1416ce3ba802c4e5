-- Transfer slips buyers attach to "I have paid" on a bank QR: the picture re-encoded
-- without metadata, and what its bank QR says. Kept for links.slip_retention, never
-- served publicly. Written just before the claim's payment (same id), so no foreign key.
create table payment_slips (
    payment_id text primary key,
    image blob not null,
    -- The sending bank's code and the transaction reference, from the slip's QR.
    bank text,
    reference text,
    created_at bigint not null
);
create index payment_slips_reference on payment_slips (reference);
create index payment_slips_created on payment_slips (created_at);
