-- The outbox_notify trigger (0014) sent NOTIFY inside every change that touched the
-- outbox. Postgres holds a cluster-wide lock from a notifying transaction's commit until
-- it ends, so every writing request queued behind one another's commit (link creation
-- fell to a third of its rate). Each process now sends one NOTIFY after its commits,
-- at most every 20 ms (SqlStore::announce_outbox); the channel is unchanged.
drop trigger if exists outbox_notify on outbox;
drop function if exists paychat_outbox_notify();
