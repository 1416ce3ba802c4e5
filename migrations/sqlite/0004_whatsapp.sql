-- WhatsApp: contacts (for the 24-hour window), the messages we sent (for their status
-- webhooks), and where a seller wants pushes.

create table wa_contacts (
    user_key text primary key,
    wa_id text,
    user_id text,
    name text,
    last_inbound_at bigint not null
);

create table wa_messages (
    wamid text primary key,
    user_key text not null,
    kind text not null,
    -- The notification envelope for pushes, so a failed one can be re-routed.
    payload text,
    status text not null,
    error_code bigint,
    created_at bigint not null,
    updated_at bigint not null
);

-- null: pushes go to the chat the link was made in; else the channel named.
alter table sellers add column push_to text;
