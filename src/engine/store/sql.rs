//! The `Store` over sqlx, for SQLite and Postgres.
//!
//! Each method body is written once and expanded for both pool types by `on_pool!`, so
//! the two backends cannot drift apart. SQLite gets one writer connection (it allows one
//! writer at a time; a pool of writers would only queue on its lock) and a read-only pool.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{
    ChangeSet, EventRow, EventWrite, LinkFilter, LinkRow, NewLink, OutboxOutcome, OutboxRow,
    OutboxStats, PaymentRow, PublicLinkRow, RefundRow, SellerRow, Store, StoreError, SummaryRow,
    WebhookEndpointRow,
};
use crate::config::redact_url;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone)]
enum Pools {
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
    },
    Postgres(PgPool),
}

/// The SQL store; cheap to clone.
#[derive(Clone)]
pub struct SqlStore {
    pools: Pools,
}

/// Runs `$body` with `$pool` bound to the write pool (or the read pool) of either backend.
macro_rules! on_pool {
    ($self:expr, write, |$pool:ident| $body:expr) => {
        match &$self.pools {
            Pools::Sqlite { writer, .. } => {
                let $pool = writer;
                $body
            }
            Pools::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
    ($self:expr, read, |$pool:ident| $body:expr) => {
        match &$self.pools {
            Pools::Sqlite { reader, .. } => {
                let $pool = reader;
                $body
            }
            Pools::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
}

macro_rules! link_cols {
    () => {
        "links.id, links.slug, links.seller_id, links.amount_minor, links.currency, \
         links.description, links.custom_ref, links.merchant_order_id, links.usage_limit, \
         links.paid_count, links.paid_minor, links.refunded_minor, links.status, \
         links.expires_at, links.customer_name, links.customer_email, links.customer_phone, \
         links.notes, links.success_url, links.failure_url, links.pending_url, links.provider, \
         links.origin_channel, links.origin_chat, links.origin_message, links.opened_at, \
         links.version, links.created_at, links.updated_at"
    };
}

macro_rules! payment_cols {
    () => {
        "id, link_id, provider, provider_payment_id, amount_minor, currency, status, method, \
         payer_name, payer_email, failure_reason, refunded_minor, created_at, updated_at"
    };
}

const SELLER_COLS_SQL: &str = "select id, name, currency, locale, created_at from sellers";

/// Opens the database named by `url`, creating a SQLite file if needed, and applies the
/// migrations. Errors name the (redacted) address and the cause in one line.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<SqlStore> {
    let shown = redact_url(url);
    let pools = if url.starts_with("sqlite:") {
        let base = SqliteConnectOptions::from_str(url)
            .map_err(|e| anyhow::anyhow!("database.url {shown} is not a SQLite URL: {e}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.clone())
            .await
            .map_err(|e| anyhow::anyhow!("cannot open SQLite database {shown}: {e}"))?;
        SQLITE_MIGRATIONS
            .run(&writer)
            .await
            .map_err(|e| anyhow::anyhow!("migrating SQLite database {shown} failed: {e}"))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.read_only(true))
            .await
            .map_err(|e| anyhow::anyhow!("cannot open SQLite database {shown}: {e}"))?;
        Pools::Sqlite { writer, reader }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| anyhow::anyhow!("database.url {shown} is not a Postgres URL: {e}"))?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await
            .map_err(|e| anyhow::anyhow!("cannot reach Postgres at {shown}: {e}"))?;
        POSTGRES_MIGRATIONS
            .run(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("migrating Postgres database {shown} failed: {e}"))?;
        Pools::Postgres(pool)
    } else {
        anyhow::bail!("database.url {shown}: use sqlite://FILE or postgres://…");
    };
    Ok(SqlStore { pools })
}

impl SqlStore {
    /// Closes the pools, waiting for connections in use.
    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(pg) => pg.close().await,
        }
    }

    /// "sqlite" or "postgres".
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self.pools {
            Pools::Sqlite { .. } => "sqlite",
            Pools::Postgres(_) => "postgres",
        }
    }
}

/// Maps a unique violation to the API field it concerns; other errors pass through.
fn unique_field(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        let text = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
        for (needle, field) in [
            ("custom_ref", "custom_link_ref"),
            ("merchant_order_id", "merchant_order_id"),
            ("idempotency_keys", "idempotency_key"),
            ("slug", "slug"),
            ("provider_payment_id", "provider_payment_id"),
            ("sellers", "seller"),
        ] {
            if text.contains(needle) {
                return StoreError::Duplicate(field);
            }
        }
    }
    StoreError::from(e)
}

const INSERT_EVENT: &str = r"
insert into link_events (id, link_id, kind, data, created_at)
values ($1, $2, $3, $4, $5)";

const INSERT_WEBHOOK_OUTBOX: &str = r"
insert into outbox (channel, destination, kind, event_id, payload, dedupe_key, status,
                    attempts, next_attempt_at, created_at)
select 'webhook', seller_id, $1, $2, $3, $2 || ':webhook', 'pending', 0, $4, $4
from webhook_endpoints
where seller_id = $5
on conflict (dedupe_key) do nothing";

const INSERT_CHAT_OUTBOX: &str = r"
insert into outbox (channel, destination, kind, event_id, payload, dedupe_key, status,
                    attempts, next_attempt_at, created_at)
values ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)
on conflict (dedupe_key) do nothing";

/// Appends an event and its outbox rows inside the caller's transaction.
macro_rules! write_event {
    ($tx:expr, $event:expr, $now:expr) => {{
        let ev: &EventWrite = $event;
        sqlx::query(INSERT_EVENT)
            .bind(&ev.id)
            .bind(&ev.link_id)
            .bind(&ev.kind)
            .bind(&ev.data)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        if let Some(payload) = &ev.notify {
            sqlx::query(INSERT_WEBHOOK_OUTBOX)
                .bind(&ev.kind)
                .bind(&ev.id)
                .bind(payload)
                .bind($now)
                .bind(&ev.seller_id)
                .execute(&mut *$tx)
                .await?;
            if let Some((channel, chat)) = &ev.chat {
                sqlx::query(INSERT_CHAT_OUTBOX)
                    .bind(channel)
                    .bind(chat)
                    .bind(&ev.kind)
                    .bind(&ev.id)
                    .bind(payload)
                    .bind(format!("{}:{channel}:{chat}", ev.id))
                    .bind($now)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
    }};
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, read, |pool| {
            sqlx::query("select 1").execute(pool).await?;
        });
        Ok(())
    }

    async fn insert_seller(&self, s: &SellerRow) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into sellers (id, name, currency, locale, created_at) values ($1, $2, $3, $4, $5)",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(&s.currency)
            .bind(&s.locale)
            .bind(s.created_at)
            .execute(pool)
            .await
            .map_err(unique_field)?;
        });
        Ok(())
    }

    async fn seller(&self, id: &str) -> Result<SellerRow, StoreError> {
        const SQL: &str =
            "select id, name, currency, locale, created_at from sellers where id = $1";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerRow>(SQL)
                .bind(id)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn sellers(&self) -> Result<Vec<SellerRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerRow>(SELLER_COLS_SQL)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn insert_api_key(
        &self,
        id: &str,
        seller_id: &str,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into api_keys (id, seller_id, key_hash, created_at) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(seller_id)
            .bind(key_hash)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn seller_by_key_hash(&self, key_hash: &str) -> Result<Option<SellerRow>, StoreError> {
        const SQL: &str = r"
select sellers.id, sellers.name, sellers.currency, sellers.locale, sellers.created_at
from api_keys
join sellers on sellers.id = api_keys.seller_id
where api_keys.key_hash = $1
  and api_keys.revoked_at is null";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerRow>(SQL)
                .bind(key_hash)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn revoke_api_key(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("update api_keys set revoked_at = $1 where id = $2 and revoked_at is null")
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn set_webhook_endpoint(&self, e: &WebhookEndpointRow) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into webhook_endpoints (seller_id, url, secret, created_at)
values ($1, $2, $3, $4)
on conflict (seller_id) do update
set url = excluded.url, secret = excluded.secret, created_at = excluded.created_at";
        on_pool!(self, write, |pool| {
            sqlx::query(SQL)
                .bind(&e.seller_id)
                .bind(&e.url)
                .bind(&e.secret)
                .bind(e.created_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    async fn webhook_endpoint(
        &self,
        seller_id: &str,
    ) -> Result<Option<WebhookEndpointRow>, StoreError> {
        const SQL: &str =
            "select seller_id, url, secret, created_at from webhook_endpoints where seller_id = $1";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, WebhookEndpointRow>(SQL)
                .bind(seller_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn delete_webhook_endpoint(&self, seller_id: &str) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("delete from webhook_endpoints where seller_id = $1")
                .bind(seller_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn insert_link(&self, new: &NewLink) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into links (id, slug, seller_id, amount_minor, currency, description, custom_ref,
                   merchant_order_id, usage_limit, paid_count, paid_minor, refunded_minor,
                   status, expires_at, customer_name, customer_email, customer_phone, notes,
                   success_url, failure_url, pending_url, provider, origin_channel,
                   origin_chat, origin_message, opened_at, version, created_at, updated_at)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
        $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)";
        const IDEM: &str = r"
insert into idempotency_keys (seller_id, key, request_hash, link_id, created_at)
values ($1, $2, $3, $4, $5)";
        let l = &new.link;
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(SQL)
                .bind(&l.id)
                .bind(&l.slug)
                .bind(&l.seller_id)
                .bind(l.amount_minor)
                .bind(&l.currency)
                .bind(&l.description)
                .bind(&l.custom_ref)
                .bind(&l.merchant_order_id)
                .bind(l.usage_limit)
                .bind(l.paid_count)
                .bind(l.paid_minor)
                .bind(l.refunded_minor)
                .bind(&l.status)
                .bind(l.expires_at)
                .bind(&l.customer_name)
                .bind(&l.customer_email)
                .bind(&l.customer_phone)
                .bind(&l.notes)
                .bind(&l.success_url)
                .bind(&l.failure_url)
                .bind(&l.pending_url)
                .bind(&l.provider)
                .bind(&l.origin_channel)
                .bind(&l.origin_chat)
                .bind(&l.origin_message)
                .bind(l.opened_at)
                .bind(l.version)
                .bind(l.created_at)
                .bind(l.updated_at)
                .execute(&mut *tx)
                .await
                .map_err(unique_field)?;
            if let Some((key, hash)) = &new.idempotency {
                sqlx::query(IDEM)
                    .bind(&l.seller_id)
                    .bind(key)
                    .bind(hash)
                    .bind(&l.id)
                    .bind(l.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(unique_field)?;
            }
            write_event!(tx, &new.event, l.created_at);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn idempotent_link(
        &self,
        seller_id: &str,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        const SQL: &str =
            "select request_hash, link_id from idempotency_keys where seller_id = $1 and key = $2";
        // Read from the writer on SQLite: a key just committed must be seen at once.
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as::<_, (String, String)>(SQL)
                .bind(seller_id)
                .bind(key)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn link(&self, id: &str) -> Result<LinkRow, StoreError> {
        const SQL: &str = concat!("select ", link_cols!(), " from links where id = $1");
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, LinkRow>(SQL)
                .bind(id)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn public_link(&self, slug: &str) -> Result<PublicLinkRow, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            ", sellers.name as seller_name, sellers.locale as seller_locale \
             from links join sellers on sellers.id = links.seller_id where links.slug = $1"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PublicLinkRow>(SQL)
                .bind(slug)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn links(&self, seller_id: &str, f: &LinkFilter) -> Result<Vec<LinkRow>, StoreError> {
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
                .bind(seller_id)
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
        link_id: &str,
        event: &EventWrite,
        now: i64,
    ) -> Result<bool, StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            let n =
                sqlx::query("update links set opened_at = $1 where id = $2 and opened_at is null")
                    .bind(now)
                    .bind(link_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            write_event!(tx, event, now);
            tx.commit().await?;
        });
        Ok(true)
    }

    async fn due_expiries(&self, now: i64, limit: i64) -> Result<Vec<LinkRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            link_cols!(),
            " from links where status = 'active' and expires_at <= $1 order by expires_at limit $2"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, LinkRow>(SQL)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn payment(&self, id: &str) -> Result<PaymentRow, StoreError> {
        const SQL: &str = concat!("select ", payment_cols!(), " from payments where id = $1");
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(id)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn payment_by_provider_id(
        &self,
        provider: &str,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            payment_cols!(),
            " from payments where provider = $1 and provider_payment_id = $2"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(provider)
                .bind(provider_payment_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn payments(&self, link_id: &str) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            payment_cols!(),
            " from payments where link_id = $1 order by id"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(link_id)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn refunds(&self, link_id: &str) -> Result<Vec<RefundRow>, StoreError> {
        const SQL: &str = r"
select id, payment_id, link_id, amount_minor, status, provider_refund_id, reason, created_at,
       updated_at
from refunds
where link_id = $1
order by id";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, RefundRow>(SQL)
                .bind(link_id)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn events(&self, link_id: &str) -> Result<Vec<EventRow>, StoreError> {
        const SQL: &str = r"
select id, link_id, kind, data, created_at
from link_events
where link_id = $1
order by id";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, EventRow>(SQL)
                .bind(link_id)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn summary(
        &self,
        seller_id: &str,
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
                .bind(seller_id)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn apply(&self, c: &ChangeSet) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if let Some((provider, event_id)) = &c.receipt {
                let n = sqlx::query(
                    "insert into webhook_receipts (provider, event_id, received_at) values ($1, $2, $3) \
                     on conflict (provider, event_id) do nothing",
                )
                .bind(provider)
                .bind(event_id)
                .bind(c.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::AlreadyProcessed);
                }
            }
            if let Some(p) = &c.new_payment {
                sqlx::query(concat!(
                    "insert into payments (",
                    payment_cols!(),
                    ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                ))
                .bind(&p.id)
                .bind(&p.link_id)
                .bind(&p.provider)
                .bind(&p.provider_payment_id)
                .bind(p.amount_minor)
                .bind(&p.currency)
                .bind(&p.status)
                .bind(&p.method)
                .bind(&p.payer_name)
                .bind(&p.payer_email)
                .bind(&p.failure_reason)
                .bind(p.refunded_minor)
                .bind(p.created_at)
                .bind(p.updated_at)
                .execute(&mut *tx)
                .await
                .map_err(unique_field)?;
            }
            if let Some(p) = &c.payment {
                let n = sqlx::query(
                    r"
update payments
set status = $1, payer_name = coalesce($2, payer_name), payer_email = coalesce($3, payer_email),
    failure_reason = $4, refunded_minor = $5, updated_at = $6
where id = $7 and status = $8 and refunded_minor = $9",
                )
                .bind(&p.status)
                .bind(&p.payer_name)
                .bind(&p.payer_email)
                .bind(&p.failure_reason)
                .bind(p.refunded_minor)
                .bind(c.now)
                .bind(&p.id)
                .bind(&p.expected_status)
                .bind(p.expected_refunded_minor)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict);
                }
            }
            if let Some(r) = &c.new_refund {
                sqlx::query(
                    r"
insert into refunds (id, payment_id, link_id, amount_minor, status, provider_refund_id, reason,
                     created_at, updated_at)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&r.id)
                .bind(&r.payment_id)
                .bind(&r.link_id)
                .bind(r.amount_minor)
                .bind(&r.status)
                .bind(&r.provider_refund_id)
                .bind(&r.reason)
                .bind(r.created_at)
                .bind(r.updated_at)
                .execute(&mut *tx)
                .await?;
            }
            if let Some(r) = &c.refund {
                let n = sqlx::query(
                    r"
update refunds
set status = $1, provider_refund_id = coalesce($2, provider_refund_id), updated_at = $3
where id = $4 and status = 'pending'",
                )
                .bind(&r.status)
                .bind(&r.provider_refund_id)
                .bind(c.now)
                .bind(&r.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict);
                }
            }
            if let Some(l) = &c.link {
                let n = sqlx::query(
                    r"
update links
set status = $1, paid_count = $2, paid_minor = $3, refunded_minor = $4,
    version = version + 1, updated_at = $5
where id = $6 and version = $7",
                )
                .bind(&l.status)
                .bind(l.paid_count)
                .bind(l.paid_minor)
                .bind(l.refunded_minor)
                .bind(c.now)
                .bind(&l.id)
                .bind(l.expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::Conflict);
                }
            }
            for ev in &c.events {
                write_event!(tx, ev, c.now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn claim_outbox(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        // The outer conditions repeat the inner ones on purpose: on Postgres a competing
        // replica that picked the same id re-checks them after the first commit and
        // updates nothing, so a row is never claimed twice (no SKIP LOCKED needed).
        const SQL: &str = r"
update outbox
set claimed_until = $1, attempts = attempts + 1
where id in (
    select id
    from outbox
    where status = 'pending'
      and next_attempt_at <= $2
      and (claimed_until is null or claimed_until <= $2)
    order by next_attempt_at, id
    limit $3
)
  and status = 'pending'
  and (claimed_until is null or claimed_until <= $2)
returning id, channel, destination, kind, event_id, payload, attempts, created_at";
        let mut rows = on_pool!(self, write, |pool| {
            sqlx::query_as::<_, OutboxRow>(SQL)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    async fn finish_outbox(
        &self,
        id: i64,
        outcome: &OutboxOutcome,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            match outcome {
                OutboxOutcome::Delivered => {
                    sqlx::query(
                        "update outbox set status = 'delivered', delivered_at = $1, claimed_until = null, \
                         last_error = null where id = $2",
                    )
                    .bind(now)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                OutboxOutcome::Retry { at, error } => {
                    sqlx::query(
                        "update outbox set next_attempt_at = $1, claimed_until = null, last_error = $2 \
                         where id = $3",
                    )
                    .bind(at)
                    .bind(error)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                OutboxOutcome::Dead { error } => {
                    sqlx::query(
                        "update outbox set status = 'dead', claimed_until = null, last_error = $1 where id = $2",
                    )
                    .bind(error)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
            }
        });
        Ok(())
    }

    async fn outbox_stats(&self) -> Result<OutboxStats, StoreError> {
        const SQL: &str = r"
select
  (select count(*) from outbox where status = 'pending') as pending,
  (select min(created_at) from outbox where status = 'pending') as oldest,
  (select count(*) from outbox where status = 'dead') as dead";
        let (pending, oldest, dead) = on_pool!(self, read, |pool| {
            sqlx::query_as::<_, (i64, Option<i64>, i64)>(SQL)
                .fetch_one(pool)
                .await?
        });
        Ok(OutboxStats {
            pending,
            oldest_pending_created_at: oldest,
            dead,
        })
    }

    async fn next_outbox_due(&self) -> Result<Option<i64>, StoreError> {
        const SQL: &str = r"
select min(case when claimed_until is not null and claimed_until > next_attempt_at
                then claimed_until else next_attempt_at end)
from outbox
where status = 'pending'";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_scalar::<_, Option<i64>>(SQL)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn purge_delivered(&self, before: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from outbox where status = 'delivered' and delivered_at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
