-- Chat channels: who a chat user is, one-time invites, shared link cards, blocked chats.

-- A chat user (Telegram user id, WhatsApp user) acting as a seller. `chat` is where the
-- seller's private pushes go.
create table seller_channels (
    channel text not null,
    external_user text not null,
    seller_id text not null,
    chat text not null,
    created_at bigint not null,
    primary key (channel, external_user)
);
create index seller_channels_seller on seller_channels (seller_id);

-- One-time registration codes (`paychat seller invite`), stored as SHA-256 hashes.
-- seller_id null: the code creates a new seller; else it attaches the chat to that seller.
create table invites (
    code_hash text primary key,
    seller_id text,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint,
    used_by text
);

-- Messages that show a link elsewhere (a Telegram inline card), updated when it is paid.
create table link_cards (
    link_id text not null,
    channel text not null,
    card_ref text not null,
    created_at bigint not null,
    primary key (link_id, channel, card_ref)
);

-- Chats that blocked the bot: nothing is sent there until they come back.
create table blocked_chats (
    channel text not null,
    chat text not null,
    blocked_at bigint not null,
    primary key (channel, chat)
);

-- The oldest pending message per chat goes first (order per chat).
create index outbox_head on outbox (channel, destination, id) where status = 'pending';
