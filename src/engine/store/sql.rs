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
use tokio::sync::{mpsc, oneshot};

use super::batch::{Arg, Batch, Dialect};
use super::{
    BankCreditRow, ChatRegistration, ContactRow, InviteRow, NewOutboxRow, PaytoRow, PromptRow,
    SellerChannelRow, SlipRow, WaMessageRow,
};
use super::{
    ChangeSet, EventRow, EventWrite, LinkFilter, LinkRow, NewLink, OutboxOutcome, OutboxRow,
    OutboxStats, PaymentRow, PaymentWithLink, PublicLinkRow, RefundRow, SellerPrefs, SellerRow,
    StoreError, SummaryRow, WebhookEndpointRow,
};
use super::{ChatStore, LinkStore, OutboxStore, SellerStore, WhatsAppStore};
use crate::config::redact_url;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone)]
enum Pools {
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
        /// State changes go through the group-commit task that owns writes.
        changes: mpsc::Sender<Job>,
    },
    Postgres(PgPool),
}

/// The SQL store; cheap to clone.
#[derive(Clone)]
pub struct SqlStore {
    pools: Pools,
}

const PROMPT_SELECT: &str = "select id, seller_id, channel, chat, owner, kind, payload, \
     created_at, expires_at from chat_prompts where id = $1";

/// Inside a transaction `tx`: records `receipt` (source, key) or, when it was recorded
/// before, returns `AlreadyProcessed` (the transaction rolls back as it drops).
macro_rules! claim_receipt {
    ($tx:ident, $receipt:expr, $now:expr) => {
        if let Some((source, key)) = &$receipt {
            let new = sqlx::query(
                "insert into webhook_receipts (provider, event_id, received_at) \
                 values ($1, $2, $3) on conflict (provider, event_id) do nothing",
            )
            .bind(source)
            .bind(key)
            .bind($now)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if new == 0 {
                return Err(StoreError::AlreadyProcessed);
            }
        }
    };
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
         links.version, links.created_at, links.updated_at, links.pay_via"
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
         p.provider_ref as pay_provider_ref, p.next_check_at as pay_next_check_at \
         from payments p join links on links.id = p.link_id "
    };
}

macro_rules! payment_cols {
    () => {
        "id, link_id, provider, provider_payment_id, amount_minor, currency, status, method, \
         payer_name, payer_email, failure_reason, refunded_minor, created_at, updated_at, \
         provider_ref, next_check_at"
    };
}

const SELLER_COLS_SQL: &str =
    "select id, name, currency, locale, created_at, provider, timezone from sellers";

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
            .foreign_keys(true)
            // Reads served from the mapped file skip a read() and a copy per page; the
            // mapping is shared page cache, not private memory.
            .pragma("mmap_size", "268435456");
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
        let (changes, jobs) = mpsc::channel(1024);
        tokio::spawn(group_commit(writer.clone(), jobs));
        Pools::Sqlite {
            writer,
            reader,
            changes,
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| anyhow::anyhow!("database.url {shown} is not a Postgres URL: {e}"))?;
        // One direct connection first: its error says why ("connection refused",
        // "password authentication failed"), where the pool would only time out.
        let probe = <sqlx::PgConnection as sqlx::Connection>::connect_with(&opts)
            .await
            .map_err(|e| anyhow::anyhow!("cannot reach Postgres at {shown}: {e}"))?;
        let _ = sqlx::Connection::close(probe).await;
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
            Pools::Sqlite { writer, reader, .. } => {
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
            ("seller_channels", "chat user"),
            ("sellers", "seller"),
        ] {
            if text.contains(needle) {
                return StoreError::Duplicate(field);
            }
        }
    }
    StoreError::from(e)
}

/// Maps the errors a batched change can end with: a tripped guard, a unique clash.
fn change_error(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        let text = format!("{} {}", db.message(), db.constraint().unwrap_or_default());
        if text.contains("already_processed") {
            return StoreError::AlreadyProcessed;
        }
        if text.contains("cas_conflict") {
            return StoreError::Conflict;
        }
    }
    unique_field(e)
}

/// Binds a batch's arguments in order.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
            };
        }
        q
    }};
}

/// One state change waiting for the SQLite group commit.
struct Job {
    sql: String,
    args: Vec<Arg>,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// How many changes one SQLite transaction may carry.
const GROUP_MAX: usize = 64;

/// Commits SQLite state changes in groups: the changes waiting when the writer is free
/// share one transaction (and one WAL commit), each inside its own savepoint so a change
/// that fails (a guard, a unique clash) is undone alone. A change is acknowledged only
/// after its group committed. Running as its own task, a group always finishes, even if
/// the request that sent a change has gone.
async fn group_commit(writer: SqlitePool, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut group = vec![first];
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(j) => group.push(j),
                Err(_) => break,
            }
        }
        let mut results: Vec<Result<(), StoreError>> = Vec::with_capacity(group.len());
        let committed = async {
            let mut tx = writer.begin().await?;
            for job in &mut group {
                let sql = format!("savepoint change;\n{}release change;", job.sql);
                let args = std::mem::take(&mut job.args);
                match bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql)), args)
                    .execute(&mut *tx)
                    .await
                {
                    Ok(_) => results.push(Ok(())),
                    Err(e) => {
                        sqlx::raw_sql("rollback to change; release change;")
                            .execute(&mut *tx)
                            .await?;
                        results.push(Err(change_error(e)));
                    }
                }
            }
            tx.commit().await
        }
        .await;
        match committed {
            Ok(()) => {
                for (job, result) in group.into_iter().zip(results) {
                    let _ = job.done.send(result);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "SQLite group commit failed");
                for job in group {
                    let _ =
                        job.done
                            .send(Err(StoreError::Backend(sqlx::Error::Protocol(format!(
                                "group commit failed: {e}"
                            )))));
                }
            }
        }
    }
}

impl SqlStore {
    /// A payment with its link, found by provider and one of the provider's ids.
    async fn one_payment_with_link(
        &self,
        sql: &'static str,
        provider: &str,
        id: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentWithLink>(sql)
                .bind(provider)
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }
}

#[async_trait]
impl SellerStore for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, read, |pool| {
            sqlx::query("select 1").execute(pool).await?;
        });
        Ok(())
    }

    async fn insert_seller(&self, s: &SellerRow) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into sellers (id, name, currency, locale, created_at, provider, timezone) \
                 values ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&s.id)
            .bind(&s.name)
            .bind(&s.currency)
            .bind(&s.locale)
            .bind(s.created_at)
            .bind(&s.provider)
            .bind(&s.timezone)
            .execute(pool)
            .await
            .map_err(unique_field)?;
        });
        Ok(())
    }

    async fn seller(&self, id: &str) -> Result<SellerRow, StoreError> {
        const SQL: &str = "select id, name, currency, locale, created_at, provider, timezone \
                           from sellers where id = $1";
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
select sellers.id, sellers.name, sellers.currency, sellers.locale, sellers.created_at,
       sellers.provider, sellers.timezone
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

    async fn set_seller_provider(
        &self,
        seller_id: &str,
        provider: Option<&str>,
    ) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("update sellers set provider = $1 where id = $2")
                .bind(provider)
                .bind(seller_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn update_seller_prefs(
        &self,
        seller_id: &str,
        prefs: &SellerPrefs,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<(), StoreError> {
        const SQL: &str = r"
update sellers
set currency = coalesce($1, currency),
    locale = coalesce($2, locale),
    timezone = coalesce($3, timezone),
    push_to = case when $4 = 1 then $5 else push_to end
where id = $6";
        let (set_push, push_to) = match &prefs.push_to {
            Some(to) => (1_i64, to.clone()),
            None => (0, None),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            let done = sqlx::query(SQL)
                .bind(&prefs.currency)
                .bind(&prefs.locale)
                .bind(&prefs.timezone)
                .bind(set_push)
                .bind(push_to)
                .bind(seller_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn seller_push_to(&self, seller_id: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select push_to from sellers where id = $1")
                .bind(seller_id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.and_then(|(p,)| p))
    }

    async fn seller_identities(
        &self,
        seller_id: &str,
    ) -> Result<Vec<SellerChannelRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerChannelRow>(
                "select channel, external_user, seller_id, chat, created_at from seller_channels \
                 where seller_id = $1 order by created_at",
            )
            .bind(seller_id)
            .fetch_all(pool)
            .await?
        }))
    }

    async fn repoint_identity(
        &self,
        channel: &str,
        external_user: &str,
        seller_id: &str,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update seller_channels set seller_id = $1 where channel = $2 and external_user = $3",
            )
            .bind(seller_id)
            .bind(channel)
            .bind(external_user)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn insert_invite(
        &self,
        invite: &InviteRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, invite.created_at);
            sqlx::query(
                "insert into invites (code_hash, seller_id, created_at, expires_at) \
                 values ($1, $2, $3, $4)",
            )
            .bind(&invite.code_hash)
            .bind(&invite.seller_id)
            .bind(invite.created_at)
            .bind(invite.expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn use_invite(&self, code_hash: &str, who: &str, now: i64) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query(
                "update invites set used_at = $1, used_by = $2 \
                 where code_hash = $3 and used_at is null and expires_at > $1",
            )
            .bind(now)
            .bind(who)
            .bind(code_hash)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    async fn invite_seller(&self, code_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select seller_id from invites where code_hash = $1 and used_at is null \
                 and expires_at > $2",
            )
            .bind(code_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.and_then(|(s,)| s))
    }

    async fn set_payto(
        &self,
        row: &PaytoRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into seller_payto (seller_id, rail, account, created_at, updated_at)
values ($1, $2, $3, $4, $4)
on conflict (seller_id, rail) do update set account = excluded.account,
                                            updated_at = excluded.updated_at";
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, row.updated_at);
            sqlx::query(SQL)
                .bind(&row.seller_id)
                .bind(&row.rail)
                .bind(&row.account)
                .bind(row.updated_at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn delete_payto(
        &self,
        seller_id: &str,
        rail: Option<&str>,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<u64, StoreError> {
        let gone = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            let gone = sqlx::query(
                "delete from seller_payto where seller_id = $1 and ($2 is null or rail = $2)",
            )
            .bind(seller_id)
            .bind(rail)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            gone
        });
        Ok(gone)
    }

    async fn paytos(&self, seller_id: &str) -> Result<Vec<PaytoRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select seller_id, rail, account, created_at, updated_at from seller_payto \
                 where seller_id = $1 order by rail",
            )
            .bind(seller_id)
            .fetch_all(pool)
            .await?
        }))
    }

    async fn set_bank_feed(
        &self,
        seller_id: &str,
        source: &str,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into bank_feeds (seller_id, source, key_hash, created_at) \
                 values ($1, $2, $3, $4) on conflict (seller_id, source) \
                 do update set key_hash = excluded.key_hash, created_at = excluded.created_at",
            )
            .bind(seller_id)
            .bind(source)
            .bind(key_hash)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn delete_bank_feed(&self, seller_id: &str, source: &str) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from bank_feeds where seller_id = $1 and source = $2")
                .bind(seller_id)
                .bind(source)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    async fn bank_feed_seller(
        &self,
        source: &str,
        key_hash: &str,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select seller_id from bank_feeds where source = $1 and key_hash = $2")
                .bind(source)
                .bind(key_hash)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(s,)| s))
    }
}

#[async_trait]
impl LinkStore for SqlStore {
    async fn apply(&self, c: &ChangeSet) -> Result<(), StoreError> {
        let batch = Batch::of(c);
        match &self.pools {
            Pools::Sqlite { changes, .. } => {
                let (done, result) = oneshot::channel();
                let job = Job {
                    sql: batch.sql(Dialect::Sqlite),
                    args: batch.args,
                    done,
                };
                changes
                    .send(job)
                    .await
                    .map_err(|_| StoreError::Backend(sqlx::Error::PoolClosed))?;
                result
                    .await
                    .map_err(|_| StoreError::Backend(sqlx::Error::PoolClosed))??;
            }
            // One statement is atomic on its own: no BEGIN/COMMIT round trips.
            Pools::Postgres(pg) => {
                let sql = batch.sql(Dialect::Postgres);
                bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql)), batch.args)
                    .execute(pg)
                    .await
                    .map_err(change_error)?;
            }
        }
        Ok(())
    }

    async fn insert_link(&self, new: &NewLink) -> Result<(), StoreError> {
        self.apply(&ChangeSet {
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
            ", sellers.name as seller_name, sellers.locale as seller_locale, \
             sellers.timezone as seller_timezone \
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
        let change = ChangeSet {
            opened_link: Some(link_id.to_owned()),
            events: vec![event.clone()],
            now,
            ..ChangeSet::default()
        };
        match self.apply(&change).await {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(e) => Err(e),
        }
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

    async fn links_by_code_head(
        &self,
        seller_id: &str,
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
                .bind(seller_id)
                .bind(head.to_ascii_uppercase())
                .bind(len)
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

    async fn reschedule_check(&self, payment_id: &str, at: i64) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update payments set next_check_at = $1 where id = $2 and status = 'pending'",
            )
            .bind(at)
            .bind(payment_id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn seller_payments(
        &self,
        seller_id: &str,
        limit: i64,
    ) -> Result<Vec<PaymentRow>, StoreError> {
        const SQL: &str = r"
select p.id, p.link_id, p.provider, p.provider_payment_id, p.amount_minor, p.currency,
       p.status, p.method, p.payer_name, p.payer_email, p.failure_reason, p.refunded_minor,
       p.created_at, p.updated_at, p.provider_ref, p.next_check_at
from payments p join links l on l.id = p.link_id
where l.seller_id = $1
order by p.id desc
limit $2";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, PaymentRow>(SQL)
                .bind(seller_id)
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

    async fn refunds(&self, link_id: &str) -> Result<Vec<RefundRow>, StoreError> {
        const SQL: &str = concat!(
            "select ",
            refund_cols!(),
            " from refunds where link_id = $1 order by id"
        );
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, RefundRow>(SQL)
                .bind(link_id)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn refund(&self, id: &str) -> Result<RefundRow, StoreError> {
        const SQL: &str = concat!("select ", refund_cols!(), " from refunds where id = $1");
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, RefundRow>(SQL)
                .bind(id)
                .fetch_one(pool)
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
            .bind(&c.seller_id)
            .bind(&c.source)
            .bind(&c.credit_id)
            .bind(c.amount_minor)
            .bind(&c.currency)
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
        seller_id: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<BankCreditRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select seller_id, source, credit_id, amount_minor, currency, content, reference, \
                 received_at from bank_credits where seller_id = $1 and received_at >= $2 \
                 order by received_at desc limit $3",
            )
            .bind(seller_id)
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
            .bind(&slip.payment_id)
            .bind(&slip.image)
            .bind(&slip.bank)
            .bind(&slip.reference)
            .bind(slip.created_at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn slip(&self, payment_id: &str) -> Result<Option<SlipRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select payment_id, image, bank, reference, created_at from payment_slips \
                 where payment_id = $1",
            )
            .bind(payment_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    async fn slip_reference_used(
        &self,
        reference: &str,
        except_payment: &str,
    ) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "select payment_id from payment_slips where reference = $1 and payment_id <> $2 \
                 limit 1",
            )
            .bind(reference)
            .bind(except_payment)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(p,)| p))
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

#[async_trait]
impl OutboxStore for SqlStore {
    async fn enqueue(&self, rows: &[NewOutboxRow], now: i64) -> Result<u64, StoreError> {
        const SQL: &str = r"
insert into outbox (channel, destination, kind, event_id, payload, dedupe_key, status,
                    attempts, next_attempt_at, created_at, rerouted_from)
values ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $8)
on conflict (dedupe_key) do nothing";
        let mut added = 0;
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for r in rows {
                added += sqlx::query(SQL)
                    .bind(&r.channel)
                    .bind(&r.destination)
                    .bind(&r.kind)
                    .bind(&r.event_id)
                    .bind(&r.payload)
                    .bind(&r.dedupe_key)
                    .bind(now)
                    .bind(&r.rerouted_from)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(added)
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
    select o.id
    from outbox o
    where o.status = 'pending'
      and o.next_attempt_at <= $2
      and (o.claimed_until is null or o.claimed_until <= $2)
      -- Chats get their messages in order: only the oldest pending one per chat.
      and (o.channel = 'webhook' or not exists (
          select 1 from outbox e
          where e.channel = o.channel and e.destination = o.destination
            and e.status = 'pending' and e.id < o.id))
    order by o.next_attempt_at, o.id
    limit $3
)
  and status = 'pending'
  and (claimed_until is null or claimed_until <= $2)
returning id, channel, destination, kind, event_id, payload, attempts, created_at, rerouted_from";
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
                OutboxOutcome::Defer { at } => {
                    sqlx::query(
                        "update outbox set next_attempt_at = $1, claimed_until = null, \
                         attempts = attempts - 1 where id = $2",
                    )
                    .bind(at)
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

    async fn reroute_outbox(
        &self,
        id: i64,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update outbox set rerouted_from = channel, channel = $1, destination = $2, \
                 next_attempt_at = $3, claimed_until = null, attempts = 0 where id = $4",
            )
            .bind(channel)
            .bind(destination)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn wake_outbox(
        &self,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query(
                "update outbox set next_attempt_at = $1 where channel = $2 and destination = $3 \
                 and status = 'pending' and next_attempt_at > $1",
            )
            .bind(now)
            .bind(channel)
            .bind(destination)
            .execute(pool)
            .await?
            .rows_affected()
        }))
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

#[async_trait]
impl ChatStore for SqlStore {
    async fn chat_seller(
        &self,
        channel: &str,
        external_user: &str,
    ) -> Result<Option<(SellerRow, SellerChannelRow)>, StoreError> {
        const SQL: &str = r"
select c.channel, c.external_user, c.seller_id, c.chat, c.created_at
from seller_channels c where c.channel = $1 and c.external_user = $2";
        let identity = on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerChannelRow>(SQL)
                .bind(channel)
                .bind(external_user)
                .fetch_optional(pool)
                .await?
        });
        let Some(identity) = identity else {
            return Ok(None);
        };
        let seller = self.seller(&identity.seller_id).await?;
        Ok(Some((seller, identity)))
    }

    async fn register_chat(&self, reg: &ChatRegistration, now: i64) -> Result<(), StoreError> {
        let who = format!("{}:{}", reg.identity.channel, reg.identity.external_user);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(hash) = &reg.invite_hash {
                let used = sqlx::query(
                    "update invites set used_at = $1, used_by = $2 \
                     where code_hash = $3 and used_at is null and expires_at > $1",
                )
                .bind(now)
                .bind(&who)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
                if used.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
            }
            if let Some(s) = &reg.new_seller {
                sqlx::query(
                    "insert into sellers (id, name, currency, locale, created_at, provider, \
                     timezone) values ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&s.id)
                .bind(&s.name)
                .bind(&s.currency)
                .bind(&s.locale)
                .bind(s.created_at)
                .bind(&s.provider)
                .bind(&s.timezone)
                .execute(&mut *tx)
                .await
                .map_err(unique_field)?;
            }
            let i = &reg.identity;
            sqlx::query(
                "insert into seller_channels (channel, external_user, seller_id, chat, created_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(&i.channel)
            .bind(&i.external_user)
            .bind(&i.seller_id)
            .bind(&i.chat)
            .bind(i.created_at)
            .execute(&mut *tx)
            .await
            .map_err(unique_field)?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn has_receipt(&self, source: &str, key: &str) -> Result<bool, StoreError> {
        // On the writer: the receipt may be a change committed an instant ago.
        let row: Option<(i64,)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "select received_at from webhook_receipts where provider = $1 and event_id = $2",
            )
            .bind(source)
            .bind(key)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.is_some())
    }

    async fn insert_prompt(&self, p: &PromptRow) -> Result<PromptRow, StoreError> {
        let stored: PromptRow = on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into chat_prompts (id, seller_id, channel, chat, owner, kind, payload, \
                 created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 on conflict (id) do nothing",
            )
            .bind(&p.id)
            .bind(&p.seller_id)
            .bind(&p.channel)
            .bind(&p.chat)
            .bind(&p.owner)
            .bind(&p.kind)
            .bind(&p.payload)
            .bind(p.created_at)
            .bind(p.expires_at)
            .execute(pool)
            .await?;
            // Read on the writer: the row may be this instant's.
            sqlx::query_as(PROMPT_SELECT)
                .bind(&p.id)
                .fetch_one(pool)
                .await?
        });
        Ok(stored)
    }

    async fn prompt(&self, id: &str) -> Result<Option<PromptRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as(PROMPT_SELECT)
                .bind(id)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn close_prompt(
        &self,
        id: &str,
        receipt: (String, String),
        now: i64,
    ) -> Result<(), StoreError> {
        let receipt = Some(receipt);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            sqlx::query("delete from chat_prompts where id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn purge_prompts(&self, before: i64, receipts_before: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from webhook_receipts where provider = $1 and received_at < $2")
                .bind(crate::engine::prompts::RECEIPT_SOURCE)
                .bind(receipts_before)
                .execute(pool)
                .await?;
            sqlx::query("delete from chat_prompts where expires_at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    async fn add_link_card(
        &self,
        link_id: &str,
        channel: &str,
        card_ref: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into link_cards (link_id, channel, card_ref, created_at) \
                 values ($1, $2, $3, $4) on conflict do nothing",
            )
            .bind(link_id)
            .bind(channel)
            .bind(card_ref)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn set_chat_blocked(
        &self,
        channel: &str,
        chat: &str,
        blocked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            if blocked {
                sqlx::query(
                    "insert into blocked_chats (channel, chat, blocked_at) values ($1, $2, $3) \
                     on conflict do nothing",
                )
                .bind(channel)
                .bind(chat)
                .bind(now)
                .execute(pool)
                .await?;
            } else {
                sqlx::query("delete from blocked_chats where channel = $1 and chat = $2")
                    .bind(channel)
                    .bind(chat)
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }

    async fn chat_blocked(&self, channel: &str, chat: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select blocked_at from blocked_chats where channel = $1 and chat = $2")
                .bind(channel)
                .bind(chat)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.is_some())
    }
}

#[async_trait]
impl WhatsAppStore for SqlStore {
    async fn touch_contact(&self, c: &ContactRow) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into wa_contacts (user_key, wa_id, user_id, name, last_inbound_at)
values ($1, $2, $3, $4, $5)
on conflict (user_key) do update
set wa_id = coalesce(excluded.wa_id, wa_contacts.wa_id),
    user_id = coalesce(excluded.user_id, wa_contacts.user_id),
    name = coalesce(excluded.name, wa_contacts.name),
    last_inbound_at = case when excluded.last_inbound_at > wa_contacts.last_inbound_at
                           then excluded.last_inbound_at else wa_contacts.last_inbound_at end";
        on_pool!(self, write, |pool| {
            sqlx::query(SQL)
                .bind(&c.user_key)
                .bind(&c.wa_id)
                .bind(&c.user_id)
                .bind(&c.name)
                .bind(c.last_inbound_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    async fn contact(&self, user_key: &str) -> Result<Option<ContactRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, ContactRow>(
                "select user_key, wa_id, user_id, name, last_inbound_at from wa_contacts \
                 where user_key = $1",
            )
            .bind(user_key)
            .fetch_optional(pool)
            .await?
        }))
    }

    async fn record_wa_message(
        &self,
        m: &WaMessageRow,
    ) -> Result<Option<WaMessageRow>, StoreError> {
        // A row of kind 'unknown' holds a status that arrived before this record.
        const SQL: &str = r"
insert into wa_messages (wamid, user_key, kind, payload, status, error_code, created_at,
                         updated_at)
values ($1, $2, $3, $4, $5, $6, $7, $8)
on conflict (wamid) do update
set user_key = excluded.user_key, kind = excluded.kind, payload = excluded.payload
where wa_messages.kind = 'unknown'
returning wamid, user_key, kind, payload, status, error_code, created_at, updated_at";
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as::<_, WaMessageRow>(SQL)
                .bind(&m.wamid)
                .bind(&m.user_key)
                .bind(&m.kind)
                .bind(&m.payload)
                .bind(&m.status)
                .bind(m.error_code)
                .bind(m.created_at)
                .bind(m.updated_at)
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn wa_message_status(
        &self,
        wamid: &str,
        status: &str,
        error_code: Option<i64>,
        now: i64,
    ) -> Result<Option<WaMessageRow>, StoreError> {
        // Statuses arrive out of order: never step back from read/failed to sent.
        const SQL: &str = r"
update wa_messages set status = $1, error_code = coalesce($2, error_code), updated_at = $3
where wamid = $4
  and (status <> 'failed')
  and not (status = 'read' and $1 in ('sent', 'delivered'))
  and not (status = 'delivered' and $1 = 'sent')
returning wamid, user_key, kind, payload, status, error_code, created_at, updated_at";
        let updated = on_pool!(self, write, |pool| {
            sqlx::query_as::<_, WaMessageRow>(SQL)
                .bind(status)
                .bind(error_code)
                .bind(now)
                .bind(wamid)
                .fetch_optional(pool)
                .await?
        });
        if updated.is_none() {
            // Not recorded yet (the send's answer is still on its way): keep the status.
            on_pool!(self, write, |pool| {
                sqlx::query(
                    "insert into wa_messages (wamid, user_key, kind, payload, status, \
                     error_code, created_at, updated_at) \
                     values ($1, '', 'unknown', null, $2, $3, $4, $4) \
                     on conflict (wamid) do nothing",
                )
                .bind(wamid)
                .bind(status)
                .bind(error_code)
                .bind(now)
                .execute(pool)
                .await?;
            });
        }
        Ok(updated.filter(|m| m.kind != "unknown"))
    }
}
