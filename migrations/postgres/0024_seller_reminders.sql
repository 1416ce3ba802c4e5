-- A seller's reminders in chat (issue 13): 1 = before an unpaid link expires, the chat it
-- was made in hears "Not paid yet" (`/reminders on|off`); on by default, as most
-- sellers want to hear before a sale slips away. `reply_email` is where buyers' replies
-- to paychat's e-mails go (Reply-To), when the seller gave one.
alter table sellers add column reminders bigint not null default 1;
alter table sellers add column reply_email text;
