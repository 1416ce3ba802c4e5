-- The Postgres seed of the benches: :seed links of seller :'seller', each already opened
-- once (the first-view write is paid once per link), each with one pending sandbox
-- payment for the webhook route to complete, holding its receipt token as a checkout's
-- payment does. psql variables: seller, now, far, seed.
insert into links (id, slug, seller_id, amount_minor, currency, description, usage_limit, paid_count,
  paid_minor, refunded_minor, status, expires_at, notes, provider, opened_at, version, created_at, updated_at)
select 'lnk_bench' || lpad(x::text, 17, '0'), 'bnch' || lpad(x::text, 12, '0'), :'seller', 1999, 'EUR',
  'Coffee beans 1kg', 1, 0, 0, 0, 'active', :far, '[]', 'sandbox', :now, 0, :now, :now
from generate_series(0, :seed - 1) x;
insert into payments (id, link_id, provider, provider_payment_id, amount_minor, currency, status, method,
  refunded_minor, created_at, updated_at, receipt_token)
select 'pay_bench' || substr(id, 10), id, 'sandbox', 'sbx_bench' || substr(slug, 5), 1999, 'EUR',
  'pending', 'provider', 0, :now, :now, md5(id) from links where id like 'lnk_bench%';
analyze;
