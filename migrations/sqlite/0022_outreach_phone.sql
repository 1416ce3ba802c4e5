-- A link's message to its buyer may go by SMS (issue 13): `phone` (E.164) joins `email`,
-- and either may be absent (a link texted only has no e-mail). SQLite cannot drop a NOT
-- NULL constraint in place, so the table is rebuilt with its rows and its unique
-- stop_token index (nothing references link_outreach, so the rebuild is safe inside the
-- migration's transaction).
create table link_outreach_new (
    link_id text primary key references links (id),
    email text,
    language text not null,
    send_at bigint not null,
    stop_token text not null unique,
    stopped_at bigint,
    created_at bigint not null,
    phone text
);
insert into link_outreach_new (link_id, email, language, send_at, stop_token, stopped_at, created_at)
select link_id, email, language, send_at, stop_token, stopped_at, created_at from link_outreach;
drop table link_outreach;
alter table link_outreach_new rename to link_outreach;
-- The daily SMS cap counts a seller's `sms.sent` events of the day: only those rows are
-- indexed, so other events pay nothing for it.
create index link_events_sms_sent on link_events (created_at) where kind = 'sms.sent';
