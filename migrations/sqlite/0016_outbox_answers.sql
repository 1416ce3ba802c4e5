-- Received chat messages and the answers to them are claimed before pushes, so a seller
-- who writes is not queued behind a backlog of notifications to other chats. The
-- worker's first claim reads only these rows, through this small index (its columns
-- are outbox_due's, so the planner prefers it for that claim with or without stats).
create index outbox_answers on outbox (status, next_attempt_at, id)
    where kind in ('inbound', 'reply');
