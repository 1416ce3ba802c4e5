-- Real payment providers: a seller's own provider, the provider's second id for a
-- payment (Stripe's payment intent, which its refund events name), and when to ask the
-- provider about a payment whose webhook has not come (reconciliation).

-- null: the provider named in providers.default.
alter table sellers add column provider text;

alter table payments add column provider_ref text;
-- null for providers that cannot be asked (sandbox, manual); only read while pending.
alter table payments add column next_check_at bigint;

create index payments_provider_ref on payments (provider, provider_ref)
    where provider_ref is not null;
create index payments_recheck on payments (next_check_at)
    where status = 'pending' and next_check_at is not null;
create index refunds_pending on refunds (updated_at) where status = 'pending';
