-- Who serves what among replicas: the one process that long-polls a Telegram bot and
-- sends through it (so Telegram's limits are kept by one limiter), taken over by
-- another when its holder stops renewing.
create table leases (
    name text primary key,
    holder text not null,
    expires_at bigint not null
);
