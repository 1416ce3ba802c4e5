//! Migration 0022 on SQLite rebuilds `link_outreach` (SQLite cannot drop NOT NULL in
//! place): the rows already there, and the unique index of their stop tokens, survive.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// link_id, email, phone, language, send_at, stop_token, stopped_at, created_at.
type OutreachColumns = (
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
    String,
    Option<i64>,
    i64,
);

#[tokio::test]
async fn sqlite_0022_keeps_outreach_rows_and_their_unique_stop_tokens() {
    // Arrange: a database at 0021 with one e-mailed link's outreach. Foreign keys off: the
    // links row it names is beside the point here.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(false);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let migrator = sqlx::migrate::Migrator::new(root).await.unwrap();
    migrator.run_to(21, &pool).await.unwrap();
    sqlx::query(
        "insert into link_outreach (link_id, email, language, send_at, stop_token, stopped_at, \
         created_at) values ('lnk_1', 'b@example.com', 'th', 200, 'tok1', 300, 100)",
    )
    .execute(&pool)
    .await
    .unwrap();

    // Act
    migrator.run(&pool).await.unwrap();

    // Assert: the row as it was, no phone yet.
    let row: OutreachColumns = sqlx::query_as(
        "select link_id, email, phone, language, send_at, stop_token, stopped_at, created_at \
             from link_outreach",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            "lnk_1".into(),
            Some("b@example.com".into()),
            None,
            "th".into(),
            200,
            "tok1".into(),
            Some(300),
            100
        )
    );
    // A texted-only outreach has no e-mail; a stop token is still unique.
    sqlx::query(
        "insert into link_outreach (link_id, email, phone, language, send_at, stop_token, \
         created_at) values ('lnk_2', null, '+66812345678', 'en', 1, 'tok2', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let twice = sqlx::query(
        "insert into link_outreach (link_id, email, language, send_at, stop_token, created_at) \
         values ('lnk_3', 'c@example.com', 'en', 1, 'tok1', 1)",
    )
    .execute(&pool)
    .await;
    assert!(twice.is_err(), "stop_token must stay unique");
}
