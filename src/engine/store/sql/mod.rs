//! The `Store` over sqlx, for SQLite and Postgres: the pools, connecting and migrating,
//! error mapping, and the macros the per-area files share.
//!
//! Each method body is written once and expanded for both pool types by `on_pool!`, so
//! the two backends cannot drift apart. SQLite gets one writer connection (it allows one
//! writer at a time; a pool of writers would only queue on its lock) and a read-only pool.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use tokio::sync::mpsc;

use super::StoreError;
use crate::config::redact_url;
use group_commit::{Job, group_commit};

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

/// The connections the hot queries reuse without a release ping ([`keep`]): SQLite's
/// readers, or the Postgres pool.
#[derive(Clone)]
enum Keepers {
    Sqlite(keep::Keeper<sqlx::Sqlite>),
    Postgres(keep::Keeper<sqlx::Postgres>),
}

/// The SQL store; cheap to clone.
#[derive(Clone)]
pub struct SqlStore {
    pools: Pools,
    keep: Keepers,
    /// This process's mark on the NOTIFYs it sends, so its listener skips its own.
    instance: std::sync::Arc<str>,
}

/// The shortest gap between two NOTIFYs of one process: a burst of commits becomes one
/// NOTIFY per gap, not a transaction per commit.
const ANNOUNCE_GAP: Duration = Duration::from_millis(20);

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
                return Err($crate::engine::store::StoreError::AlreadyProcessed);
            }
        }
    };
}

/// Runs `$body` with `$pool` bound to the write pool (or the read pool) of either backend.
macro_rules! on_pool {
    ($self:expr, write, |$pool:ident| $body:expr) => {
        on_pool!(@sqlite writer, $self, |$pool| $body)
    };
    ($self:expr, read, |$pool:ident| $body:expr) => {
        on_pool!(@sqlite reader, $self, |$pool| $body)
    };
    // `$side`: the SQLite pool to use; Postgres has one pool for both.
    (@sqlite $side:ident, $self:expr, |$pool:ident| $body:expr) => {
        match &$self.pools {
            $crate::engine::store::sql::Pools::Sqlite { $side, .. } => {
                let $pool = $side;
                $body
            }
            $crate::engine::store::sql::Pools::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
}

tokio::task_local! {
    /// The Postgres connection the current task keeps across its queries ([`pinned`]).
    static PINNED: std::sync::Arc<tokio::sync::Mutex<Option<keep::Held<sqlx::Postgres>>>>;
}

/// Runs `fut` with its pinnable Postgres queries ([`on_pinned!`]) on one connection,
/// taken at the first and kept for reuse at the end, unless one of them failed or `fut`
/// was cancelled (then it goes back to the pool through sqlx's ping). A provider
/// webhook's read and change share one. A task spawned inside does not share it.
pub async fn pinned<F: std::future::Future>(fut: F) -> F::Output {
    let cell = std::sync::Arc::default();
    let out = PINNED.scope(std::sync::Arc::clone(&cell), fut).await;
    if let Some(held) = cell.lock().await.take() {
        held.keep();
    }
    out
}

/// Runs `$body` with `$conn` a connection of `$keeper`, kept for the next query when
/// `$body` succeeds (an early `?` drops it: back to the pool through sqlx's ping).
macro_rules! kept {
    ($keeper:expr, |$conn:ident| $body:expr) => {{
        let mut held = $keeper.acquire().await?;
        let $conn = &mut *held;
        let out = $body;
        held.keep();
        out
    }};
}

/// Runs `$body` with `$exec` the current task's pinned Postgres connection (see
/// [`pinned`]), or a kept one outside a pinned task (see [`keep`]). Postgres only.
macro_rules! on_pinned {
    ($self:expr, |$exec:ident| $body:expr) => {{
        let keeper = $self.postgres_keeper()?;
        match $crate::engine::store::sql::pinned_cell() {
            Some(cell) => {
                let mut held = cell.lock().await;
                let conn = match &mut *held {
                    Some(conn) => conn,
                    empty @ None => empty.insert(keeper.acquire().await?),
                };
                let $exec = &mut **conn;
                let out: Result<_, $crate::engine::store::StoreError> = async { Ok($body) }.await;
                if out.is_err() {
                    // Not kept: the pool's ping checks it.
                    drop(held.take());
                }
                out?
            }
            None => {
                kept!(keeper, |$exec| $body)
            }
        }
    }};
}

/// Runs `$body` with `$conn` a connection of the read pool (SQLite's readers, or
/// Postgres), kept for the next query when `$body` succeeds: a failed or cancelled
/// query's connection goes back to the pool through sqlx's ping. On Postgres inside a
/// pinned task, the pinned connection: a task holding one never waits for a second.
macro_rules! on_kept {
    ($self:expr, |$conn:ident| $body:expr) => {
        match &$self.keep {
            $crate::engine::store::sql::Keepers::Sqlite(k) => {
                kept!(k, |$conn| $body)
            }
            $crate::engine::store::sql::Keepers::Postgres(_) => on_pinned!($self, |$conn| $body),
        }
    };
}

/// The current task's pinned-connection cell, when inside [`pinned`].
fn pinned_cell() -> Option<std::sync::Arc<tokio::sync::Mutex<Option<keep::Held<sqlx::Postgres>>>>> {
    PINNED.try_with(std::sync::Arc::clone).ok()
}

/// The shape of most reads: rows by one key, on the read pool. `$fetch` is `fetch_one`
/// (`NotFound` if none), `fetch_optional` or `fetch_all`.
macro_rules! by_key {
    ($self:expr, $sql:expr, $key:expr, $fetch:ident) => {
        Ok(on_kept!($self, |conn| {
            sqlx::query_as($sql).bind($key).$fetch(&mut *conn).await?
        }))
    };
}

/// Inserts a new seller (`&SellerRow`), on a pool or in a transaction.
macro_rules! seller_insert {
    ($s:expr) => {
        sqlx::query(
            "insert into sellers (id, name, currency, locale, created_at, provider, timezone) \
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($s.id.as_str())
        .bind(&$s.name)
        .bind(&$s.currency)
        .bind(&$s.locale)
        .bind($s.created_at)
        .bind(&$s.provider)
        .bind(&$s.timezone)
    };
}

/// Uses a live invite (code hash, who, now): affects one row, or none if the invite is
/// unknown, used or expired.
macro_rules! invite_use {
    ($code_hash:expr, $who:expr, $now:expr) => {
        sqlx::query(
            "update invites set used_at = $1, used_by = $2 \
             where code_hash = $3 and used_at is null and expires_at > $1",
        )
        .bind($now)
        .bind($who)
        .bind($code_hash)
    };
}

/// Binds a batch's arguments in order.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                $crate::engine::store::batch::Arg::Text(v) => q.bind(v),
                $crate::engine::store::batch::Arg::Int(v) => q.bind(v),
            };
        }
        q
    }};
}

// Declared after the macros above: `macro_rules!` are in scope only below their definition.
mod apply;
mod chat;
mod group_commit;
mod keep;
mod links;
mod outbox;
mod outreach;
mod sellers;
mod whatsapp;

/// Opens the database named by `url`, creating a SQLite file if needed, and applies the
/// migrations. Errors name the (redacted) address and the cause in one line.
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<SqlStore> {
    let shown = redact_url(url);
    let (pools, keep) = if url.starts_with("sqlite:") {
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
        let writer = sqlite_pool(base.clone(), 1, 1, &shown).await?;
        SQLITE_MIGRATIONS
            .run(&writer)
            .await
            .map_err(|e| anyhow::anyhow!("migrating SQLite database {shown} failed: {e}"))?;
        let reader = sqlite_pool(base.read_only(true), max_connections, 0, &shown).await?;
        let (changes, jobs) = mpsc::channel(1024);
        tokio::spawn(group_commit(writer.clone(), jobs));
        (
            Pools::Sqlite {
                writer,
                reader: reader.clone(),
                changes,
            },
            Keepers::Sqlite(keep::Keeper::new(reader, keep_at_most(max_connections))),
        )
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let opts = PgConnectOptions::from_str(url).map_err(|e| {
            anyhow::anyhow!("database.url {shown} is not a Postgres URL: {}", reason(&e))
        })?;
        // One direct connection first: its error says why ("connection refused",
        // "password authentication failed"), where the pool would only time out.
        let probe = <sqlx::PgConnection as sqlx::Connection>::connect_with(&opts)
            .await
            .map_err(|e| anyhow::anyhow!("cannot reach Postgres at {shown}: {}", reason(&e)))?;
        let _ = sqlx::Connection::close(probe).await;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a connection when it returns to the pool and, by default, again
            // when it is taken: a round trip before every query. One used moments ago
            // passed its release ping; only one idle for a while is pinged before use (a
            // database restarted meanwhile is then noticed before the query).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_IF_IDLE_FOR {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(opts)
            .await
            .map_err(|e| anyhow::anyhow!("cannot reach Postgres at {shown}: {}", reason(&e)))?;
        POSTGRES_MIGRATIONS
            .run(&pool)
            .await
            .map_err(|e| anyhow::anyhow!("migrating Postgres database {shown} failed: {e}"))?;
        (
            Pools::Postgres(pool.clone()),
            Keepers::Postgres(keep::Keeper::new(pool, keep_at_most(max_connections))),
        )
    } else {
        anyhow::bail!("database.url {shown}: use sqlite://FILE or postgres://…");
    };
    Ok(SqlStore {
        pools,
        keep,
        instance: hex::encode(crate::engine::random::<8>()).into(),
    })
}

/// This schema's outbox channel: installs sharing one database in different schemas do
/// not wake each other.
async fn outbox_channel(pool: &PgPool) -> Result<String, sqlx::Error> {
    let schema: String = sqlx::query_scalar("select current_schema()")
        .fetch_one(pool)
        .await?;
    Ok(format!("paychat_outbox_{schema}"))
}

/// A listener on this schema's outbox channel.
async fn listen(pool: &PgPool) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let channel = outbox_channel(pool).await?;
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(&channel).await?;
    Ok(listener)
}

/// A Postgres connection idle at least this long is pinged before it is used.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// How many of a pool's `max` connections may be kept between queries ([`keep`]): half,
/// so queries that take the pool directly (transactions, the workers) always find some.
fn keep_at_most(max: u32) -> usize {
    usize::try_from(max / 2).unwrap_or(1).max(1)
}

/// A SQLite pool (the writer or the readers) keeping `min` of its `max` connections open.
async fn sqlite_pool(
    options: SqliteConnectOptions,
    max: u32,
    min: u32,
    shown: &str,
) -> anyhow::Result<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(max)
        .min_connections(min)
        .acquire_timeout(Duration::from_secs(30))
        // A SQLite connection cannot be lost while idle; a ping would only be a round
        // trip to its worker thread before every query.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open SQLite database {shown}: {e}"))
}

impl SqlStore {
    /// On Postgres, wakes `wake` whenever another process commits outbox rows (its
    /// `announce_outbox`), until `stop`: another replica's pushes go out
    /// at once, not at this worker's next poll. A lost connection is made again (what
    /// was committed meanwhile waits for the poll, which stays the fallback). On SQLite
    /// it returns at once: one process, woken in-process.
    pub async fn listen_outbox(
        &self,
        wake: std::sync::Arc<tokio::sync::Notify>,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let Pools::Postgres(pool) = &self.pools else {
            return;
        };
        let mut backoff = Duration::from_millis(500);
        loop {
            match listen(pool).await {
                Ok(mut listener) => {
                    backoff = Duration::from_millis(500);
                    loop {
                        tokio::select! {
                            got = listener.try_recv() => match got {
                                // Our own rows woke our worker in-process already.
                                Ok(Some(n)) if n.payload() == &*self.instance => {}
                                Ok(Some(_)) => wake.notify_one(),
                                // The connection dropped: rows may have been missed.
                                Ok(None) => {
                                    wake.notify_one();
                                    break;
                                }
                                Err(e) => {
                                    tracing::warn!(error = %e, "outbox LISTEN failed");
                                    break;
                                }
                            },
                            _ = stop.changed() => return,
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "outbox LISTEN could not start; polling"),
            }
            tokio::select! {
                () = tokio::time::sleep(backoff) => {}
                _ = stop.changed() => return,
            }
            backoff = (backoff * 2).min(Duration::from_secs(30));
        }
    }

    /// On Postgres, tells every replica's listener (`listen_outbox`) that outbox rows
    /// were committed, each time `committed` fires, until `stop`: one small
    /// `pg_notify` per [`ANNOUNCE_GAP`] at most, outside the changes' transactions.
    /// (A NOTIFY inside a change would hold Postgres's cluster-wide notify lock through
    /// its commit, putting every writing request in one line.) A failed NOTIFY is only
    /// logged: the other replicas' polls remain the fallback. On SQLite it returns at
    /// once.
    pub async fn announce_outbox(
        &self,
        committed: std::sync::Arc<tokio::sync::Notify>,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let Pools::Postgres(pool) = &self.pools else {
            return;
        };
        let mut channel = None;
        loop {
            tokio::select! {
                () = committed.notified() => {}
                _ = stop.changed() => return,
            }
            if channel.is_none() {
                channel = outbox_channel(pool)
                    .await
                    .map_err(|e| tracing::warn!(error = %e, "outbox NOTIFY channel unknown"))
                    .ok();
            }
            if let Some(channel) = &channel
                && let Err(e) = sqlx::query("select pg_notify($1, $2)")
                    .bind(channel)
                    .bind(&*self.instance)
                    .execute(pool)
                    .await
            {
                tracing::warn!(error = %e, "outbox NOTIFY failed; other replicas will poll");
            }
            tokio::time::sleep(ANNOUNCE_GAP).await;
        }
    }

    /// Closes the pools, waiting for connections in use.
    pub async fn close(&self) {
        match &self.keep {
            Keepers::Sqlite(k) => k.release_all(),
            Keepers::Postgres(k) => k.release_all(),
        }
        match &self.pools {
            Pools::Sqlite { writer, reader, .. } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(pg) => pg.close().await,
        }
    }

    /// The Postgres connections kept between queries; an error on SQLite (a caller bug:
    /// only Postgres paths ask).
    fn postgres_keeper(&self) -> Result<&keep::Keeper<sqlx::Postgres>, StoreError> {
        match &self.keep {
            Keepers::Postgres(k) => Ok(k),
            Keepers::Sqlite(_) => Err(StoreError::Backend(sqlx::Error::Configuration(
                "a Postgres connection was asked of a SQLite store".into(),
            ))),
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

/// Why a connection could not be made, said once: the server's own message (sqlx's
/// display adds a prefix and the line of the server's C source) or the innermost cause
/// (sqlx wraps a bad URL's error in a second "error with configuration").
fn reason(e: &sqlx::Error) -> String {
    if let sqlx::Error::Database(db) = e {
        return db.message().to_owned();
    }
    let mut inner: &dyn std::error::Error = e;
    while let Some(next) = inner.source() {
        inner = next;
    }
    inner.to_string()
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
