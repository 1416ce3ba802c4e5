//! Connections reused between queries without sqlx's release ping.
//!
//! sqlx pings every connection as it goes back to its pool: a round trip to Postgres, or
//! to a SQLite connection's worker thread, after every query. On the hot routes that was
//! about a sixth of the machine's CPU per provider webhook and a tenth per buyer page. A
//! [`Keeper`] holds the connections whose work finished cleanly and hands them to the
//! next query as they are, for up to [`KEEP_FOR`]; a connection whose query failed, or
//! whose task was cancelled mid-query, goes back to sqlx's pool through its ping as
//! before. One kept longer goes back too, so the pool's own checks (the ping before a
//! connection idle a second or more is used, idle timeouts, closing) still apply to it.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sqlx::Database;
use sqlx::pool::{Pool, PoolConnection};

/// How long a kept connection waits for its next query before it goes back to the pool.
/// The same second after which the pool pings a connection before use.
pub(super) const KEEP_FOR: Duration = super::PING_IF_IDLE_FOR;

/// The connections kept from one pool; cheap to clone.
pub(super) struct Keeper<DB: Database> {
    inner: Arc<Inner<DB>>,
}

impl<DB: Database> Clone for Keeper<DB> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner<DB: Database> {
    pool: Pool<DB>,
    /// Most recently kept last.
    idle: Mutex<Vec<(PoolConnection<DB>, Instant)>>,
    /// At most this many are kept, so the pool always has connections for others.
    cap: usize,
    /// One per connection out of the keeper, `cap` in all: waiters queue here in order.
    /// (A connection kept is not in the pool, so a task waiting on the pool would not
    /// get it: every user of the keeper waits here instead, first come first served.)
    permits: Arc<tokio::sync::Semaphore>,
}

/// A connection taken from a [`Keeper`]. Dropped, it goes back to the pool (pinged);
/// [`Held::keep`] keeps it for the next query instead.
pub(super) struct Held<DB: Database> {
    conn: PoolConnection<DB>,
    home: Arc<Inner<DB>>,
    /// Given back after the connection is kept or returned.
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl<DB: Database> Keeper<DB> {
    /// Keeps up to `cap` of `pool`'s connections. Must run inside the Tokio runtime: a
    /// task hands back connections left unused longer than [`KEEP_FOR`].
    pub(super) fn new(pool: Pool<DB>, cap: usize) -> Self {
        let inner = Arc::new(Inner {
            pool,
            idle: Mutex::new(Vec::new()),
            cap,
            permits: Arc::new(tokio::sync::Semaphore::new(cap)),
        });
        let weak = Arc::downgrade(&inner);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(KEEP_FOR / 2);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(inner) = weak.upgrade() else { return };
                drop(inner.take_stale());
            }
        });
        Self { inner }
    }

    /// A kept connection if one is fresh, else one from the pool; waits in turn while
    /// `cap` are out, at most the pool's acquire timeout.
    pub(super) async fn acquire(&self) -> Result<Held<DB>, sqlx::Error> {
        let waited = tokio::time::timeout(
            self.inner.pool.options().get_acquire_timeout(),
            Arc::clone(&self.inner.permits).acquire_owned(),
        )
        .await;
        let permit = match waited {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(sqlx::Error::PoolClosed),
            Err(_elapsed) => return Err(sqlx::Error::PoolTimedOut),
        };
        let conn = match self.inner.take_fresh() {
            Some(conn) => conn,
            None => self.inner.pool.acquire().await?,
        };
        Ok(Held {
            conn,
            home: Arc::clone(&self.inner),
            _permit: permit,
        })
    }

    /// Hands every kept connection back to the pool (before closing it: the pool waits
    /// for the connections out of it).
    pub(super) fn release_all(&self) {
        let all = std::mem::take(&mut *self.inner.lock());
        drop(all);
    }

    /// How many connections are kept now.
    #[cfg(test)]
    pub(super) fn kept(&self) -> usize {
        self.inner.lock().len()
    }
}

impl<DB: Database> Inner<DB> {
    fn lock(&self) -> MutexGuard<'_, Vec<(PoolConnection<DB>, Instant)>> {
        // The list stays consistent even if a holder panicked: recover it.
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn take_fresh(&self) -> Option<PoolConnection<DB>> {
        let (stale, fresh) = {
            let mut idle = self.lock();
            match idle.pop() {
                Some((conn, at)) if at.elapsed() < KEEP_FOR => (Vec::new(), Some(conn)),
                // The most recent is stale, so are all below it.
                Some(top) => {
                    let mut stale = std::mem::take(&mut *idle);
                    stale.push(top);
                    (stale, None)
                }
                None => (Vec::new(), None),
            }
        };
        // Dropped outside the lock: each drop spawns sqlx's return to the pool.
        drop(stale);
        fresh
    }

    fn take_stale(&self) -> Vec<(PoolConnection<DB>, Instant)> {
        let mut idle = self.lock();
        let fresh_from = idle
            .iter()
            .position(|(_, at)| at.elapsed() < KEEP_FOR)
            .unwrap_or(idle.len());
        idle.drain(..fresh_from).collect()
    }

    fn put(&self, conn: PoolConnection<DB>) {
        let mut idle = self.lock();
        if idle.len() < self.cap && !self.pool.is_closed() {
            idle.push((conn, Instant::now()));
        } else {
            drop(idle);
            drop(conn);
        }
    }
}

impl<DB: Database> Drop for Inner<DB> {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut *self.lock());
        if tokio::runtime::Handle::try_current().is_err() {
            // Outside the runtime sqlx cannot spawn the return to the pool: close them
            // here, uncounted (the pool is going away with its last user).
            for (conn, _) in idle {
                drop(conn.detach());
            }
        }
    }
}

impl<DB: Database> Held<DB> {
    /// Keeps the connection for the next query: call only when this one's work
    /// completed (no statement left half read, no transaction open).
    pub(super) fn keep(self) {
        let Held {
            conn,
            home,
            _permit,
        } = self;
        home.put(conn);
        // `_permit` is given back here, after the connection is on the list.
    }
}

impl<DB: Database> std::ops::Deref for Held<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &Self::Target {
        &self.conn
    }
}

impl<DB: Database> std::ops::DerefMut for Held<DB> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

    use super::*;

    /// A real SQLite file with a pool of `max` connections.
    async fn sqlite(max: u32) -> (tempfile::TempDir, SqlitePool) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("keep.db").display());
        let options = SqliteConnectOptions::from_str(&url)
            .expect("url")
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .expect("pool");
        (dir, pool)
    }

    /// A mark only the connection that made it can see: a temporary table.
    async fn mark(conn: &mut sqlx::SqliteConnection) {
        sqlx::query("create temp table mark (x)")
            .execute(conn)
            .await
            .expect("temp table");
    }

    async fn is_marked(conn: &mut sqlx::SqliteConnection) -> bool {
        sqlx::query_scalar::<_, i64>("select count(*) from temp.sqlite_master where name = 'mark'")
            .fetch_one(conn)
            .await
            .expect("read temp schema")
            == 1
    }

    /// A keeper of 2 over a pool of `max`, and a marked connection taken from it.
    async fn keeper_with_marked(
        max: u32,
    ) -> (tempfile::TempDir, Keeper<sqlx::Sqlite>, Held<sqlx::Sqlite>) {
        let (dir, pool) = sqlite(max).await;
        let keeper = Keeper::new(pool, 2);
        let mut held = keeper.acquire().await.expect("acquire");
        mark(&mut held).await;
        (dir, keeper, held)
    }

    #[tokio::test]
    async fn a_kept_connection_serves_the_next_query_as_it_is() {
        let (_dir, keeper, held) = keeper_with_marked(4).await;

        held.keep();

        assert_eq!(keeper.kept(), 1);
        let mut again = keeper.acquire().await.expect("acquire");
        assert!(is_marked(&mut again).await, "the same connection came back");
        assert_eq!(keeper.kept(), 0);
    }

    #[tokio::test]
    async fn a_connection_not_kept_goes_back_to_the_pool() {
        let (_dir, pool) = sqlite(4).await;
        let keeper = Keeper::new(pool.clone(), 2);
        let mut held = keeper.acquire().await.expect("acquire");
        // A failed query: its connection is dropped, not kept.
        assert!(
            sqlx::query("select * from no_such_table")
                .execute(&mut *held)
                .await
                .is_err()
        );

        drop(held);

        assert_eq!(keeper.kept(), 0);
        for _ in 0..200 {
            if pool.num_idle() == 1 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the connection did not return to the pool");
    }

    #[tokio::test]
    async fn at_most_cap_are_out_and_the_next_waits_its_turn() {
        let (_dir, pool) = sqlite(4).await;
        let keeper = Keeper::new(pool.clone(), 2);
        let first = keeper.acquire().await.expect("acquire");
        let second = keeper.acquire().await.expect("acquire");
        let third = tokio::spawn({
            let keeper = keeper.clone();
            async move { keeper.acquire().await.map(Held::keep) }
        });
        tokio::task::yield_now().await;
        assert!(!third.is_finished(), "a third went past the cap");

        first.keep();

        // It gets the kept one, in turn; the pool keeps its other two for others.
        let third = tokio::time::timeout(Duration::from_secs(30), third).await;
        assert!(matches!(third, Ok(Ok(Ok(())))), "the waiter was served");
        second.keep();
        assert_eq!(keeper.kept(), 2);
        let direct = tokio::time::timeout(Duration::from_secs(10), pool.acquire()).await;
        assert!(
            matches!(direct, Ok(Ok(_))),
            "the pool had a connection for others"
        );
    }

    #[tokio::test]
    async fn a_connection_kept_too_long_goes_back_to_the_pool() {
        let (_dir, pool) = sqlite(2).await;
        let keeper = Keeper::new(pool.clone(), 2);
        keeper.acquire().await.expect("acquire").keep();
        assert_eq!(pool.num_idle(), 0, "kept, not idle in the pool");

        // Nobody asks for a connection: the keeper's own task hands it back.
        for _ in 0..300 {
            if keeper.kept() == 0 && pool.num_idle() == 1 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "still kept after {:?}: kept {}, idle in pool {}",
            KEEP_FOR * 3,
            keeper.kept(),
            pool.num_idle()
        );
    }

    #[tokio::test]
    async fn a_stale_connection_is_not_handed_out() {
        let (_dir, keeper, held) = keeper_with_marked(2).await;
        // Kept, then aged past KEEP_FOR by hand (the keeper's task may not have run).
        let Held { conn, .. } = held;
        keeper
            .inner
            .lock()
            .push((conn, Instant::now() - KEEP_FOR * 2));

        let fresh = keeper.inner.take_fresh();

        assert!(fresh.is_none(), "a stale connection was handed out");
        assert_eq!(keeper.kept(), 0);
    }

    #[tokio::test]
    async fn closing_the_pool_after_release_all_does_not_wait_for_kept_ones() {
        let (_dir, pool) = sqlite(2).await;
        let keeper = Keeper::new(pool.clone(), 2);
        keeper.acquire().await.expect("acquire").keep();

        keeper.release_all();

        // A guard against a hang, not a measure of speed: close waits for every
        // connection out of the pool, and a kept one would hold it until handed back.
        let closed = tokio::time::timeout(Duration::from_secs(30), pool.close()).await;
        assert!(closed.is_ok(), "close waited for a kept connection");
        assert_eq!(keeper.kept(), 0);
    }

    async fn backend_pid(conn: &mut sqlx::PgConnection) -> i32 {
        sqlx::query_scalar("select pg_backend_pid()")
            .fetch_one(conn)
            .await
            .expect("pid")
    }

    #[tokio::test]
    async fn postgres_reuses_the_kept_backend_without_a_new_session() {
        let Ok(url) = std::env::var("PAYCHAT_TEST_DATABASE_URL") else {
            eprintln!("skipped: PAYCHAT_TEST_DATABASE_URL is not set (no Postgres)");
            return;
        };
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(2)
            .connect(&url)
            .await
            .expect("connect");
        let keeper = Keeper::new(pool.clone(), 1);
        let mut held = keeper.acquire().await.expect("acquire");
        let first = backend_pid(&mut held).await;

        held.keep();

        let mut again = keeper.acquire().await.expect("acquire");
        assert_eq!(backend_pid(&mut again).await, first);
        drop(again);
        pool.close().await;
    }
}
