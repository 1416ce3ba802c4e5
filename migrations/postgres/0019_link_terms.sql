-- What a link asks of its buyer beyond one fixed amount, as JSON (see domain/terms.rs):
-- items with shipping and a promotion, an amount the buyer chooses, a deposit, the
-- buyer's details it requires, the payment methods it offers. Null: none of these.
alter table links add column terms text;
