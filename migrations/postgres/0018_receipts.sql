-- Buyers' receipts: one unguessable token per succeeded payment, written in the same
-- change that marks the payment succeeded. The token is the receipt's address
-- (/r/{token}); anyone holding it may read that one receipt, nobody can list them.
-- Payments that succeeded before this version have no receipt.
create table receipts (
    token text primary key,
    payment_id text not null unique,
    created_at bigint not null
);
