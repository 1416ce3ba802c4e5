-- How a link is paid: null offers every way the seller has (a bank QR for its currency
-- and the card checkout), `card` the provider's checkout only, a rail name
-- (`promptpay`…) that bank QR only.
alter table links add column pay_via text;
