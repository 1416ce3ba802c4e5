//! Migrations that move data or change an index the engine relies on.
//! - 0025 moves each receipt token from the `receipts` table onto its payment: receipts
//!   issued before keep their token and date, tokens stay unique, and a payment without a
//!   receipt gets none.
//! - 0026 gives the expiry sweep an index of open links only, which its query must use.
//! - 0027 takes the recheck due time off payments no longer pending, and the recheck's
//!   query must still use its index, now keyed on the due time alone.

use std::path::Path;
use std::str::FromStr;

use sqlx::migrate::Migrator;

use crate::helpers::{Backend, TestDb};

const PAYMENTS: &str = "insert into payments (id, link_id, provider, provider_payment_id, \
     amount_minor, currency, status, method, refunded_minor, created_at, updated_at) values \
     ('pay_1', 'lnk_1', 'sandbox', 'sbx_1', 1999, 'EUR', 'succeeded', 'provider', 0, 10, 20), \
     ('pay_2', 'lnk_1', 'sandbox', 'sbx_2', 1999, 'EUR', 'pending', 'provider', 0, 10, 10)";
const RECEIPTS: &str =
    "insert into receipts (token, payment_id, created_at) values ('tok1', 'pay_1', 20)";
const AFTER: &str = "select id, receipt_token, receipt_at from payments order by id";
const SAME_TOKEN: &str = "update payments set receipt_token = 'tok1' where id = 'pay_2'";

type Row = (String, Option<String>, Option<i64>);

fn expected() -> Vec<Row> {
    vec![
        ("pay_1".into(), Some("tok1".into()), Some(20)),
        ("pay_2".into(), None, None),
    ]
}

fn migrator_dir(dialect: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(dialect)
}

/// A connection to a fresh, empty Postgres schema (kept while the `TestDb` lives), or
/// `None` where no Postgres is configured.
/// Replica mode skips the foreign keys for this session only: the rows the tests' payments
/// name are beside the point.
async fn fresh_postgres() -> Option<(TestDb, sqlx::PgConnection)> {
    let db = TestDb::create(&Backend::postgres()?).await;
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    sqlx::query("set session_replication_role = replica")
        .execute(&mut conn)
        .await
        .unwrap();
    Some((db, conn))
}

/// A fresh SQLite file (kept while the `TestDb` lives), foreign keys off as above.
async fn fresh_sqlite() -> (TestDb, sqlx::SqlitePool) {
    let db = TestDb::create(&Backend::Sqlite).await;
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(false);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    (db, pool)
}

#[tokio::test]
async fn sqlite_0025_keeps_each_receipt_on_its_payment() {
    // Arrange: a database at 0024 with a paid payment's receipt.
    let (_db, pool) = fresh_sqlite().await;
    let migrator = Migrator::new(migrator_dir("sqlite")).await.unwrap();
    migrator.run_to(24, &pool).await.unwrap();
    sqlx::query(PAYMENTS).execute(&pool).await.unwrap();
    sqlx::query(RECEIPTS).execute(&pool).await.unwrap();

    // Act
    migrator.run(&pool).await.unwrap();

    // Assert
    let rows: Vec<Row> = sqlx::query_as(AFTER).fetch_all(&pool).await.unwrap();
    assert_eq!(rows, expected());
    assert!(sqlx::query(SAME_TOKEN).execute(&pool).await.is_err());
}

#[tokio::test]
async fn postgres_0025_keeps_each_receipt_on_its_payment() {
    let Some((_db, mut conn)) = fresh_postgres().await else {
        return;
    };
    // Arrange: as on SQLite.
    let migrator = Migrator::new(migrator_dir("postgres")).await.unwrap();
    migrator.run_to(24, &mut conn).await.unwrap();
    sqlx::query(PAYMENTS).execute(&mut conn).await.unwrap();
    sqlx::query(RECEIPTS).execute(&mut conn).await.unwrap();

    // Act
    migrator.run(&mut conn).await.unwrap();

    // Assert
    let rows: Vec<Row> = sqlx::query_as(AFTER).fetch_all(&mut conn).await.unwrap();
    assert_eq!(rows, expected());
    assert!(sqlx::query(SAME_TOKEN).execute(&mut conn).await.is_err());
}

/// The expiry sweep's query (as in the store), as the planner is asked about it.
const SWEEP: &str = "select id from links where status in ('active', 'partially_paid') \
     and expires_at <= 5 order by expires_at limit 10";

#[tokio::test]
async fn sqlite_0026_the_expiry_sweep_reads_the_open_links_index() {
    let (_db, pool) = fresh_sqlite().await;
    Migrator::new(migrator_dir("sqlite"))
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();

    assert!(sqlite_plan_reads(&pool, SWEEP, "links_open_expiry").await);
}

#[tokio::test]
async fn postgres_0026_the_expiry_sweep_reads_the_open_links_index() {
    let Some((_db, mut conn)) = fresh_postgres().await else {
        return;
    };
    Migrator::new(migrator_dir("postgres"))
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    assert!(postgres_plan_reads(&mut conn, SWEEP, "links_open_expiry").await);
}

const CHECKED: &str = "insert into payments (id, link_id, provider, provider_payment_id, \
     amount_minor, currency, status, method, refunded_minor, created_at, updated_at, \
     next_check_at) values \
     ('pay_1', 'lnk_1', 'stripe', 'cs_1', 1999, 'EUR', 'succeeded', 'provider', 0, 10, 20, 50), \
     ('pay_2', 'lnk_1', 'stripe', 'cs_2', 1999, 'EUR', 'pending', 'provider', 0, 10, 10, 60), \
     ('pay_3', 'lnk_1', 'stripe', 'cs_3', 1999, 'EUR', 'expired', 'provider', 0, 10, 30, 70)";
const DUE: &str = "select id, next_check_at from payments order by id";
/// The recheck's query (as in the store), as the planner is asked about it.
const RECHECK: &str = "select id from payments where status = 'pending' \
     and next_check_at is not null and next_check_at <= 100 order by next_check_at limit 10";

fn due_after_0027() -> Vec<(String, Option<i64>)> {
    vec![
        ("pay_1".into(), None),
        ("pay_2".into(), Some(60)),
        ("pay_3".into(), None),
    ]
}

#[tokio::test]
async fn sqlite_0027_settled_payments_leave_the_recheck() {
    let (_db, pool) = fresh_sqlite().await;
    let migrator = Migrator::new(migrator_dir("sqlite")).await.unwrap();
    migrator.run_to(26, &pool).await.unwrap();
    sqlx::query(CHECKED).execute(&pool).await.unwrap();

    migrator.run(&pool).await.unwrap();

    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(DUE).fetch_all(&pool).await.unwrap();
    assert_eq!(rows, due_after_0027());
    assert!(sqlite_plan_reads(&pool, RECHECK, "payments_recheck").await);
}

#[tokio::test]
async fn postgres_0027_settled_payments_leave_the_recheck() {
    let Some((_db, mut conn)) = fresh_postgres().await else {
        return;
    };
    let migrator = Migrator::new(migrator_dir("postgres")).await.unwrap();
    migrator.run_to(26, &mut conn).await.unwrap();
    sqlx::query(CHECKED).execute(&mut conn).await.unwrap();

    migrator.run(&mut conn).await.unwrap();

    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(DUE).fetch_all(&mut conn).await.unwrap();
    assert_eq!(rows, due_after_0027());
    assert!(postgres_plan_reads(&mut conn, RECHECK, "payments_recheck").await);
}

/// Whether SQLite's plan for `query` reads `index`.
async fn sqlite_plan_reads(pool: &sqlx::SqlitePool, query: &str, index: &str) -> bool {
    let plan: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("explain query plan {query}")))
            .fetch_all(pool)
            .await
            .unwrap();
    let reads = plan.iter().any(|(.., detail)| detail.contains(index));
    if !reads {
        eprintln!("{query}: {plan:?}");
    }
    reads
}

/// Whether Postgres's plan for `query` reads `index`. Sequential scans are turned off:
/// on the few rows of a test the planner may rightly prefer reading the table whole.
async fn postgres_plan_reads(conn: &mut sqlx::PgConnection, query: &str, index: &str) -> bool {
    sqlx::query("set enable_seqscan = off")
        .execute(&mut *conn)
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("explain {query}")))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let reads = plan.iter().any(|line| line.contains(index));
    if !reads {
        eprintln!("{query}: {plan:?}");
    }
    reads
}
