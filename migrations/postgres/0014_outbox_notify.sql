-- Rows committed to the outbox wake the workers of every replica at once (LISTEN
-- paychat_outbox_<schema>), instead of at their next poll. The channel is per schema:
-- installs sharing one database in different schemas do not wake each other.
create or replace function paychat_outbox_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('paychat_outbox_' || current_schema(), '');
    return null;
end;
$$;

create trigger outbox_notify
after insert on outbox
for each statement
execute function paychat_outbox_notify();
