//! [`OutreachStore`] over SQL: reading a link's e-mail outreach (writes are batched
//! with the change that makes them, in `batch.rs`).

use async_trait::async_trait;

use super::SqlStore;
use crate::domain::LinkId;
use crate::engine::store::{OutreachRow, OutreachStore, StoreError};

const BY_LINK: &str = r"
select link_id, email, language, send_at, stop_token, stopped_at, created_at, reminders,
       second_chance
from link_outreach
where link_id = $1";

const BY_TOKEN: &str = r"
select link_id, email, language, send_at, stop_token, stopped_at, created_at, reminders,
       second_chance
from link_outreach
where stop_token = $1";

#[async_trait]
impl OutreachStore for SqlStore {
    async fn outreach(&self, link_id: &LinkId) -> Result<Option<OutreachRow>, StoreError> {
        // The writer on SQLite: a stop just committed must be seen by the next send.
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as::<_, OutreachRow>(BY_LINK)
                .bind(link_id.as_str())
                .fetch_optional(pool)
                .await?
        }))
    }

    async fn outreach_by_token(&self, token: &str) -> Result<Option<OutreachRow>, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_as::<_, OutreachRow>(BY_TOKEN)
                .bind(token)
                .fetch_optional(pool)
                .await?
        }))
    }
}
