-- Where a seller is paid by national bank QR (PromptPay, VietQR, Pix, UPI, QRIS): one
-- account per rail, validated before it is stored. The buyer page turns it and a link's
-- amount into the QR the buyer's banking app pays.
create table seller_payto (
    seller_id text not null references sellers (id),
    -- promptpay | vietqr | pix | upi | qris
    rail text not null,
    -- JSON of the validated account (domain::rails::PayTo).
    account text not null,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (seller_id, rail)
);
