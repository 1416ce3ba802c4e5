-- Credits a bank feed reported that name no link of the seller: kept so the seller sees
-- them (/payto, GET /api/v1/bankfeeds/sepay/credits) and settles them by hand.
create table bank_credits (
    seller_id text not null references sellers (id),
    source text not null,
    credit_id text not null,
    amount_minor bigint not null,
    currency text not null,
    content text not null,
    reference text,
    received_at bigint not null,
    primary key (seller_id, source, credit_id)
);
create index bank_credits_seller_time on bank_credits (seller_id, received_at);
