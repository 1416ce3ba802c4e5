//! [`LinkStore`] over SQL: links, payments, refunds, events, summaries, slips, unmatched
//! bank credits, and `apply` (sending a [`ChangeSet`] is in `apply.rs`).

use async_trait::async_trait;

use super::{Pools, SqlStore};
use crate::domain::{LinkId, PaymentId, RefundId, SellerId};
use crate::engine::store::{
    BankCreditRow, ChangeSet, EventRow, EventWrite, LinkFilter, LinkRow, LinkStore, NewLink,
    OperatorFilter, PaymentRow, PaymentWithLink, PublicLinkRow, RefundRow, SlipRow, StoreError,
    SummaryRow,
};

macro_rules! link_cols {
    () => {
        "links.id, links.slug, links.seller_id, links.amount_minor, links.currency, \
         links.description, links.custom_ref, links.merchant_order_id, links.usage_limit, \
         links.paid_count, links.paid_minor, links.refunded_minor, links.status, \
         links.expires_at, links.customer_name, links.customer_email, links.customer_phone, \
         links.notes, links.success_url, links.failure_url, links.pending_url, links.provider, \
         links.origin_channel, links.origin_chat, links.origin_message, links.opened_at, \
         links.version, links.created_at, links.updated_at, links.pay_via, links.terms"
    };
}

macro_rules! refund_cols {
    () => {
        "id, payment_id, link_id, amount_minor, status, provider_refund_id, reason, \
         created_at, updated_at"
    };
}

/// A payment's columns as `pay_*` beside its link's, and the join (PaymentWithLink).
macro_rules! pay_with_link_from {
    () => {
        ", p.id as pay_id, p.provider as pay_provider, \
         p.provider_payment_id as pay_provider_payment_id, p.amount_minor as pay_amount_minor, \
         p.currency as pay_currency, p.status as pay_status, p.method as pay_method, \
         p.payer_name as pay_payer_name, p.payer_email as pay_payer_email, \
         p.failure_reason as pay_failure_reason, p.refunded_minor as pay_refunded_minor, \
         p.created_at as pay_created_at, p.updated_at as pay_updated_at, \
         p.provider_ref as pay_provider_ref, p.next_check_at as pay_next_check_at, \
         p.payer_phone as pay_payer_phone, p.shipping_address as pay_shipping_address, \
         p.receipt_token as pay_receipt_token \
         from payments p join links on links.id = p.link_id "
    };
}

macro_rules! payment_cols {
    () => {
        "id, link_id, provider, provider_payment_id, amount_minor, currency, status, method, \
         payer_name, payer_email, failure_reason, refunded_minor, created_at, updated_at, \
         provider_ref, next_check_at, payer_phone, shipping_address, receipt_token"
    };
}

impl SqlStore {
    /// A payment with its link, found by provider and one of the provider's ids.
    async fn one_payment_with_link(
        &self,
        sql: &'static str,
        provider: &str,
        id: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError> {
        Ok(match &self.pools {
            Pools::Sqlite { .. } => on_kept!(self, |conn| {
                sqlx::query_as::<_, PaymentWithLink>(sql)
                    .bind(provider)
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }),
            // A webhook reads and then changes: on the connection it keeps (`pinned`).
            Pools::Postgres(_) => on_pinned!(self, |exec| {
                sqlx::query_as::<_, PaymentWithLink>(sql)
                    .bind(provider)
                    .bind(id)
                    .fetch_optional(exec)
                    .await?
            }),
        })
    }
}

#[async_trait]
impl LinkStore for SqlStore {
    async fn apply(&self, c: &ChangeSet) -> Result<bool, StoreError> {
        self.apply_queued(c).await
    }

    async fn insert_link(&self, new: &NewLink) -> Result<bool, StoreError> {
        self.apply_queued(&ChangeSet {
            new_link: Some(new.link.clone()),
            idempotency: new.idempotency.clone(),
            events: vec![new.event.clone()],
            now: new.link.created_at,
            ..ChangeSet::default()
        })
        .await
    }

    async fn idempotent_link(
        &self,
        seller_id: &SellerId,
        key: &str,
    ) -> Result<Option<(String, LinkId)>, StoreError> {
        const SQL: &str =
            "select request_hash, link_id from idempotency_keys where seller_id = $1 and key = $2";
        // Read from the writer on SQLite: a key just committed must be seen at once.
        let row = on_pool!(self, write, |pool| {
            sqlx::query_as::<_, (String, String)>(SQL)
                .bind(seller_id.as_str())
                .bind(key)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(hash, link)| (hash, LinkId::from_trusted(link))))
    }

    async fn link(&self, id: &LinkId) -> Result<LinkRow, StoreError> {
        const SQL: &str = concat!("select ", link_cols!(), " from links where id = $1");
        by_key!(self, SQL, id.as_str(), fetch_one)
    }

    async fn public_link(&self, slug: &str) -> Result<PublicLinkRow, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            ", sellers.name as seller_name, sellers.locale as seller_locale, \
             sellers.timezone as seller_timezone, \
             (select count(*) from seller_payto p where p.seller_id = links.seller_id) \
             as seller_paytos \
             from links join sellers on sellers.id = links.seller_id where links.slug = $1"
        );
        by_key!(self, SQL, slug, fetch_one)
    }

    async fn links(
        &self,
        seller_id: &SellerId,
        f: &LinkFilter,
    ) -> Result<Vec<LinkRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            r" from links
where seller_id = $1
  and ($2 is null or status = $2)
  and ($3 is null or created_at >= $3)
  and ($4 is null or created_at < $4)
  and ($5 is null or custom_ref = $5 or merchant_order_id = $5)
  and ($6 is null or id < $6)
order by id desc
limit $7"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, LinkRow>(SQL)
                .bind(seller_id.as_str())
                .bind(&f.status)
                .bind(f.created_from)
                .bind(f.created_to)
                .bind(&f.reference)
                .bind(&f.before)
                .bind(f.limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn mark_opened(
        &self,
        link_id: &LinkId,
        event: &EventWrite,
        now: i64,
    ) -> Result<bool, StoreError> {
        let change = ChangeSet {
            opened_link: Some(link_id.to_owned()),
            events: vec![event.clone()],
            now,
            ..ChangeSet::default()
        };
        match self.apply(&change).await {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(e) => Err(e),
        }
    }

    async fn due_expiries(&self, now: i64, limit: i64) -> Result<Vec<LinkRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            " from links where status in ('active', 'partially_paid') and expires_at <= $1 \
             order by expires_at limit $2"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, LinkRow>(SQL)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn links_by_code_head(
        &self,
        seller_id: &SellerId,
        head: &str,
    ) -> Result<Vec<LinkRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            " from links where seller_id = $1 and upper(substr(slug, 1, cast($3 as integer))) = $2 \
             order by created_at desc limit 5"
        );
        let len = i64::try_from(head.chars().count()).unwrap_or(0);
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as(SQL)
                .bind(seller_id.as_str())
                .bind(head.to_ascii_uppercase())
                .bind(len)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn payment(&self, id: &PaymentId) -> Result<PaymentRow, StoreError> {
        const SQL: &str = concat!("select ", payment_cols!(), " from payments where id = $1");
        by_key!(self, SQL, id.as_str(), fetch_one)
    }

    async fn payment_with_link(
        &self,
        provider: &str,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            pay_with_link_from!(),
            r"where p.provider = $1 and p.provider_payment_id = $2"
        );
        self.one_payment_with_link(SQL, provider, provider_payment_id)
            .await
    }

    async fn payments(&self, link_id: &LinkId) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            payment_cols!(),
            " from payments where link_id = $1 order by id"
        );
        by_key!(self, SQL, link_id.as_str(), fetch_all)
    }

    async fn receipt_token(&self, payment_id: &PaymentId) -> Result<Option<String>, StoreError> {
        const SQL: &str =
            "select receipt_token from payments where id = $1 and receipt_at is not null";
        // The writer on SQLite: the paid page reads it right after the change.
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_scalar::<_, String>(SQL)
                .bind(payment_id.as_str())
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn receipt_payment(&self, token: &str) -> Result<Option<(PaymentId, i64)>, StoreError> {
        const SQL: &str = "select id, receipt_at from payments where receipt_token = $1 and receipt_at is not null";
        let row = on_pool!(self, read, |pool| {
            sqlx::query_as::<_, (String, i64)>(SQL)
                .bind(token)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id, at)| (PaymentId::from_trusted(id), at)))
    }

    async fn payment_by_ref(
        &self,
        provider: &str,
        provider_ref: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            pay_with_link_from!(),
            r"where p.provider = $1 and p.provider_ref = $2"
        );
        self.one_payment_with_link(SQL, provider, provider_ref)
            .await
    }

    async fn payments_to_check(&self, now: i64, limit: i64) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            payment_cols!(),
            " from payments where status = 'pending' and next_check_at is not null \
              and next_check_at <= $1 order by next_check_at limit $2"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn reschedule_check(&self, payment_id: &PaymentId, at: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update payments set next_check_at = $1 where id = $2 and status = 'pending'",
            )
            .bind(at)
            .bind(payment_id.as_str())
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn operator_links(&self, f: &OperatorFilter) -> Result<Vec<LinkRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            r" from links
where ($1 is null or seller_id = $1)
  and ($2 is null or status = $2)
order by id desc
limit $3"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, LinkRow>(SQL)
                .bind(f.seller_id.as_ref().map(SellerId::as_str))
                .bind(&f.status)
                .bind(f.limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn operator_payments(&self, f: &OperatorFilter) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = r"
select p.id, p.link_id, p.provider, p.provider_payment_id, p.amount_minor, p.currency,
       p.status, p.method, p.payer_name, p.payer_email, p.failure_reason, p.refunded_minor,
       p.created_at, p.updated_at, p.provider_ref, p.next_check_at, p.payer_phone,
       p.shipping_address, p.receipt_token
from payments p
join links l on l.id = p.link_id
where ($1 is null or l.seller_id = $1)
  and ($2 is null or p.link_id = $2)
  and ($3 is null or p.status = $3)
order by p.id desc
limit $4";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(f.seller_id.as_ref().map(SellerId::as_str))
                .bind(f.link_id.as_ref().map(LinkId::as_str))
                .bind(&f.status)
                .bind(f.limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn seller_payments(
        &self,
        seller_id: &SellerId,
        limit: i64,
    ) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = r"
select p.id, p.link_id, p.provider, p.provider_payment_id, p.amount_minor, p.currency,
       p.status, p.method, p.payer_name, p.payer_email, p.failure_reason, p.refunded_minor,
       p.created_at, p.updated_at, p.provider_ref, p.next_check_at, p.payer_phone,
       p.shipping_address, p.receipt_token
from payments p join links l on l.id = p.link_id
where l.seller_id = $1
order by p.id desc
limit $2";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(seller_id.as_str())
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn stale_refunds(
        &self,
        before: i64,
        created_after: i64,
        limit: i64,
    ) -> Result<Vec<RefundRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            refund_cols!(),
            " from refunds where status = 'pending' and updated_at < $1 and created_at > $2 \
              order by updated_at limit $3"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, RefundRow>(SQL)
                .bind(before)
                .bind(created_after)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn refunds(&self, link_id: &LinkId) -> Result<Vec<RefundRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            refund_cols!(),
            " from refunds where link_id = $1 order by id"
        );
        by_key!(self, SQL, link_id.as_str(), fetch_all)
    }

    async fn refund(&self, id: &RefundId) -> Result<RefundRow, StoreError> {
        const SQL: &str = concat!("select ", refund_cols!(), " from refunds where id = $1");
        by_key!(self, SQL, id.as_str(), fetch_one)
    }

    async fn events(&self, link_id: &LinkId) -> Result<Vec<EventRow>, StoreError> {
        const SQL: &str = r"
select id, link_id, kind, data, created_at
from link_events
where link_id = $1
order by id";
        by_key!(self, SQL, link_id.as_str(), fetch_all)
    }

    async fn summary(
        &self,
        seller_id: &SellerId,
        from: i64,
        to: i64,
    ) -> Result<Vec<SummaryRow>, StoreError> {
        // sum() of bigint is numeric on Postgres: cast back so both backends give i64.
        const SQL: &str = r"
select currency, status, count(*) as links,
       cast(sum(amount_minor) as bigint) as amount_minor,
       cast(sum(paid_minor) as bigint) as paid_minor,
       cast(sum(refunded_minor) as bigint) as refunded_minor
from links
where seller_id = $1
  and created_at >= $2
  and created_at < $3
group by currency, status
order by currency, status";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SummaryRow>(SQL)
                .bind(seller_id.as_str())
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn record_unmatched_credit(
        &self,
        c: &BankCreditRow,
        receipt: (String, String),
    ) -> Result<(), StoreError> {
        let receipt = Some(receipt);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, c.received_at);
            sqlx::query(
                "insert into bank_credits (seller_id, source, credit_id, amount_minor, currency, \
                 content, reference, received_at) values ($1, $2, $3, $4, $5, $6, $7, $8) \
                 on conflict do nothing",
            )
            .bind(c.seller_id.as_str())
            .bind(&c.source)
            .bind(&c.credit_id)
            .bind(c.amount.minor())
            .bind(c.amount.currency().code())
            .bind(&c.content)
            .bind(&c.reference)
            .bind(c.received_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn unmatched_credits(
        &self,
        seller_id: &SellerId,
        since: i64,
        limit: i64,
    ) -> Result<Vec<BankCreditRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select seller_id, source, credit_id, amount_minor, currency, content, reference, \
                 received_at from bank_credits where seller_id = $1 and received_at >= $2 \
                 order by received_at desc limit $3",
            )
            .bind(seller_id.as_str())
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }))
    }

    async fn put_slip(&self, slip: &SlipRow) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into payment_slips (payment_id, image, bank, reference, created_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(slip.payment_id.as_str())
            .bind(&slip.image)
            .bind(&slip.bank)
            .bind(&slip.reference)
            .bind(slip.created_at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn slip(&self, payment_id: &PaymentId) -> Result<Option<SlipRow>, StoreError> {
        by_key!(
            self,
            "select payment_id, image, bank, reference, created_at from payment_slips \
                 where payment_id = $1",
            payment_id.as_str(),
            fetch_optional
        )
    }

    async fn slip_reference_used(
        &self,
        reference: &str,
        except_payment: &PaymentId,
    ) -> Result<Option<PaymentId>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                // Only a slip of a payment that exists: a claim that lost its race (its
                // slip stored, its payment never made) sent no slip for another payment.
                "select s.payment_id from payment_slips s join payments p on p.id = s.payment_id \
                 where s.reference = $1 and s.payment_id <> $2 limit 1",
            )
            .bind(reference)
            .bind(except_payment.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(p,)| PaymentId::from_trusted(p)))
    }

    async fn purge_slips(&self, before: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from payment_slips where created_at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
