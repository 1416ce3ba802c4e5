//! Sending a [`ChangeSet`] to the backend in one go: on SQLite to the group-commit task
//! that owns the writer, on Postgres as one statement.

use tokio::sync::oneshot;

use super::group_commit::Job;
use super::{Pools, SqlStore, change_error};
use crate::engine::store::batch::{Batch, Dialect};
use crate::engine::store::{ChangeSet, StoreError};

impl SqlStore {
    /// Applies `c` in one transaction; whether outbox rows may have gone in (counted on
    /// Postgres; on SQLite, whether the change could insert any).
    pub(super) async fn apply_queued(&self, c: &ChangeSet) -> Result<bool, StoreError> {
        let batch = Batch::of(c);
        let may_queue = batch.may_queue();

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
                Ok(may_queue)
            }
            // One statement is atomic on its own: no BEGIN/COMMIT round trips. It
            // answers how many outbox rows it inserted.
            Pools::Postgres(_) => {
                let sql = batch.sql(Dialect::Postgres);
                let queued: i64 = on_pinned!(self, |exec| {
                    bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), batch.args)
                        .fetch_one(exec)
                        .await
                        .map_err(change_error)?
                });
                Ok(queued > 0)
            }
        }
    }
}
