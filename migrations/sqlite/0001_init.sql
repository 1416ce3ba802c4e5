-- paychat schema, SQLite dialect. Times are milliseconds since the Unix epoch; money is
-- integer minor units. Never edit this file once released: add a new migration.

create table sellers (
    id text primary key,
    name text not null,
    currency text not null,
    locale text not null,
    created_at bigint not null
);

create table api_keys (
    id text primary key,
    seller_id text not null references sellers (id),
    key_hash text not null unique,
    created_at bigint not null,
    revoked_at bigint
);

create table webhook_endpoints (
    seller_id text primary key references sellers (id),
    url text not null,
    secret text not null,
    created_at bigint not null
);

create table links (
    id text primary key,
    slug text not null unique,
    -- No foreign key to sellers on purpose: every insert would share-lock the seller's
    -- row, and on Postgres a busy seller's inserts then queue on that one row.
    seller_id text not null,
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null,
    description text not null,
    custom_ref text,
    merchant_order_id text,
    usage_limit bigint check (usage_limit is null or usage_limit > 0),
    paid_count bigint not null default 0,
    paid_minor bigint not null default 0,
    refunded_minor bigint not null default 0 check (refunded_minor <= paid_minor),
    status text not null,
    expires_at bigint,
    customer_name text,
    customer_email text,
    customer_phone text,
    notes text not null,
    success_url text,
    failure_url text,
    pending_url text,
    provider text not null,
    origin_channel text,
    origin_chat text,
    origin_message text,
    opened_at bigint,
    version bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null
) without rowid;
create unique index links_seller_custom_ref on links (seller_id, custom_ref)
    where custom_ref is not null;
create unique index links_seller_merchant_order_id on links (seller_id, merchant_order_id)
    where merchant_order_id is not null;
create index links_seller_id on links (seller_id, id);
create index links_status_expires_at on links (status, expires_at);

create table payments (
    id text primary key,
    link_id text not null references links (id),
    provider text not null,
    provider_payment_id text not null,
    amount_minor bigint not null,
    currency text not null,
    status text not null,
    method text not null,
    payer_name text,
    payer_email text,
    failure_reason text,
    refunded_minor bigint not null default 0,
    created_at bigint not null,
    updated_at bigint not null,
    unique (provider, provider_payment_id)
);
create index payments_link_id on payments (link_id);

create table refunds (
    id text primary key,
    payment_id text not null references payments (id),
    link_id text not null references links (id),
    amount_minor bigint not null check (amount_minor > 0),
    status text not null,
    provider_refund_id text,
    reason text,
    created_at bigint not null,
    updated_at bigint not null
);
create index refunds_link_id on refunds (link_id);

-- Keyed by (link_id, id): the timeline is read per link in id order, and one index
-- serves both. Events are written only in the same change as their link.
create table link_events (
    link_id text not null,
    id text not null,
    kind text not null,
    data text not null,
    created_at bigint not null,
    primary key (link_id, id)
) without rowid;

create table webhook_receipts (
    provider text not null,
    event_id text not null,
    received_at bigint not null,
    primary key (provider, event_id)
) without rowid;

create table idempotency_keys (
    seller_id text not null,
    key text not null,
    request_hash text not null,
    link_id text not null,
    created_at bigint not null,
    primary key (seller_id, key)
) without rowid;

create table outbox (
    id integer primary key autoincrement,
    channel text not null,
    destination text not null,
    kind text not null,
    event_id text not null,
    payload text not null,
    dedupe_key text not null unique,
    status text not null,
    attempts bigint not null default 0,
    next_attempt_at bigint not null,
    claimed_until bigint,
    last_error text,
    created_at bigint not null,
    delivered_at bigint
);
create index outbox_due on outbox (status, next_attempt_at);
