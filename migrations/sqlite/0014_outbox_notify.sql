-- Postgres wakes other replicas' outbox workers with NOTIFY (same version there). SQLite
-- serves one process, whose engine wakes its worker in-process: nothing to add.
select 1;
