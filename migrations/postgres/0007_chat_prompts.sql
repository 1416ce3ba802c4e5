-- Questions the bot asked in a chat and whose answer comes back as a button press: a
-- destructive action's confirmation (cancel, refund, mark paid) or the choice between
-- two readings of an amount. The button carries only the prompt's id; what it does, and
-- who may answer it, is kept here.
create table chat_prompts (
    id text primary key,
    seller_id text not null references sellers (id),
    channel text not null,
    chat text not null,
    -- The app user who asked: in a group, only they may answer.
    owner text not null,
    -- cancel | refund | paid | link
    kind text not null,
    -- JSON: the link's slug, the amount readings, the /link request.
    payload text not null,
    created_at bigint not null,
    expires_at bigint not null
);
create index chat_prompts_expiry on chat_prompts (expires_at);
