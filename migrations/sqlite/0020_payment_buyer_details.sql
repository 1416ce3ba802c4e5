-- What the buyer gave on the page before paying (a link's customer_required_fields and
-- show_shipping_details, see domain/buyer.rs): the phone number in E.164, and the
-- shipping address as JSON text. payer_name and payer_email already exist.
alter table payments add column payer_phone text;
alter table payments add column shipping_address text;
