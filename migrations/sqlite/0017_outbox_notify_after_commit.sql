-- Postgres moved its outbox NOTIFY out of the changes' transactions (same version
-- there). SQLite serves one process, woken in-process: nothing to change.
select 1;
