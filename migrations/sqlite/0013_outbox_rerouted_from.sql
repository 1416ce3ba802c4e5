-- Where an outbox row was before it was re-routed to another app, or sent again after
-- failing in its own: such a row is never routed again by the seller's choice of app,
-- so two apps cannot pass a push back and forth.
alter table outbox add column rerouted_from text;
