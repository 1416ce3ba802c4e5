//! The database a bench runs on: a temporary SQLite file, or a database of its own on
//! the Postgres server of `PAYCHAT_TEST_DATABASE_URL`, dropped afterwards. Included with
//! `#[path]` by `scale.rs` and `bulk.rs`.

use sqlx::Connection as _;

/// Where the bench's database lives, and how to drop it afterwards.
pub enum Db {
    Sqlite(tempfile::TempDir, &'static str),
    Postgres { server: String, name: String },
}

impl Db {
    /// A database for the bench named `tag`; `None` (said on stdout) when Postgres is
    /// asked for and no server is configured.
    pub async fn make(backend: &str, tag: &'static str) -> Option<Self> {
        if backend == "sqlite" {
            return Some(Self::Sqlite(tempfile::tempdir().expect("tempdir"), tag));
        }
        let Ok(url) = std::env::var("PAYCHAT_TEST_DATABASE_URL") else {
            println!("{tag}\tpostgres\tskipped: PAYCHAT_TEST_DATABASE_URL is not set");
            return None;
        };
        // The server's address without the database name.
        let server = url
            .rsplit_once('/')
            .map(|(s, _)| s.to_owned())
            .expect("url");
        let name = format!("paychat_{tag}_{}", std::process::id());
        let mut conn = sqlx::PgConnection::connect(&url).await.expect("postgres");
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
            .execute(&mut conn)
            .await
            .expect("create database");
        Some(Self::Postgres { server, name })
    }

    pub fn url(&self) -> String {
        match self {
            Self::Sqlite(dir, tag) => {
                format!(
                    "sqlite://{}",
                    dir.path().join(format!("{tag}.db")).display()
                )
            }
            Self::Postgres { server, name } => format!("{server}/{name}?sslmode=disable"),
        }
    }

    pub async fn drop_it(self) {
        if let Self::Postgres { server, name } = self {
            let mut conn = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                .await
                .expect("postgres");
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "drop database if exists {name} with (force)"
            )))
            .execute(&mut conn)
            .await;
        }
    }
}
