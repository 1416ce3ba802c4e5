-- A link's message to its buyer may go by SMS (issue 13): `phone` (E.164) joins `email`,
-- and either may be absent (a link texted only has no e-mail).
alter table link_outreach alter column email drop not null;
alter table link_outreach add column phone text;
-- The daily SMS cap counts a seller's `sms.sent` events of the day: only those rows are
-- indexed, so other events pay nothing for it.
create index link_events_sms_sent on link_events (created_at) where kind = 'sms.sent';
