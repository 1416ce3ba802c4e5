-- Bank feeds that report each credit to a seller's account (SePay for VietQR): the key
-- the feed authenticates with, stored hashed. A credit whose transfer content carries a
-- link's reference and the link's exact amount pays that link.
create table bank_feeds (
    seller_id text not null references sellers (id),
    -- sepay
    source text not null,
    key_hash text not null unique,
    created_at bigint not null,
    primary key (seller_id, source)
);
