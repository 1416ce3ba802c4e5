-- A link's message to its buyer by e-mail (outreach, issue 13): to whom, in which
-- language, when it is due, and the unguessable token of its stop link. A table of its
-- own rather than a field of links.terms: the stop link looks a row up by its token
-- (unique index), and `stopped_at` changes after the link is made, while terms are what
-- the buyer is asked and never change. The message itself is an outbox row (channel
-- `email`) whose next_attempt_at is the scheduled time.
create table link_outreach (
    link_id text primary key references links (id),
    email text not null,
    language text not null,
    send_at bigint not null,
    stop_token text not null unique,
    stopped_at bigint,
    created_at bigint not null
);
