-- Reminders and the second chance of a link's e-mail outreach (issue 13). `reminders`
-- is a JSON array of milliseconds before expiry (null: none): a reminder is due at
-- expires_at minus its offset, so a link whose expiry moves later moves its reminders
-- too. `second_chance`: one e-mail after a checkout started and not paid, or a failed
-- payment. The messages themselves are outbox rows (channel `email`).
alter table link_outreach add column reminders text;
alter table link_outreach add column second_chance boolean not null default false;
