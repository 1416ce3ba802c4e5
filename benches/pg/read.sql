-- The read a provider webhook starts with: its payment and the payment's link, by the
-- provider's id (as paychat sends it, one seeded payment at random).
\set pid random(0, 59999)
select links.id, links.slug, links.seller_id, links.amount_minor, links.currency, links.description,
  links.custom_ref, links.merchant_order_id, links.usage_limit, links.paid_count, links.paid_minor,
  links.refunded_minor, links.status, links.expires_at, links.customer_name, links.customer_email,
  links.customer_phone, links.notes, links.success_url, links.failure_url, links.pending_url,
  links.provider, links.origin_channel, links.origin_chat, links.origin_message, links.opened_at,
  links.version, links.created_at, links.updated_at, links.pay_via, links.terms,
  p.id as pay_id, p.provider as pay_provider, p.provider_payment_id as pay_provider_payment_id,
  p.amount_minor as pay_amount_minor, p.currency as pay_currency, p.status as pay_status,
  p.method as pay_method, p.payer_name as pay_payer_name, p.payer_email as pay_payer_email,
  p.failure_reason as pay_failure_reason, p.refunded_minor as pay_refunded_minor,
  p.created_at as pay_created_at, p.updated_at as pay_updated_at, p.provider_ref as pay_provider_ref,
  p.next_check_at as pay_next_check_at, p.payer_phone as pay_payer_phone,
  p.shipping_address as pay_shipping_address
from payments p join links on links.id = p.link_id
where p.provider = 'sandbox' and p.provider_payment_id = 'sbx_bench' || lpad(cast(:pid as text), 12, '0');
