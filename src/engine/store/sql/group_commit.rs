//! The SQLite writer task: state changes from concurrent requests share one transaction
//! (one WAL commit) each in its own savepoint.

use sqlx::sqlite::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::change_error;
use crate::engine::store::StoreError;
use crate::engine::store::batch::Arg;

/// One state change waiting for the SQLite group commit.
pub(super) struct Job {
    pub(super) sql: String,
    pub(super) args: Vec<Arg>,
    pub(super) done: oneshot::Sender<Result<(), StoreError>>,
}

/// How many changes one SQLite transaction may carry.
const GROUP_MAX: usize = 64;

/// Commits SQLite state changes in groups: the changes waiting when the writer is free
/// share one transaction (and one WAL commit), each inside its own savepoint so a change
/// that fails (a guard, a unique clash) is undone alone. A change is acknowledged only
/// after its group committed. Running as its own task, a group always finishes, even if
/// the request that sent a change has gone.
pub(super) async fn group_commit(writer: SqlitePool, mut jobs: mpsc::Receiver<Job>) {
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
