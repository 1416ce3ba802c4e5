//! [`OutreachStore`] over SQL: reading a link's outreach (e-mail, SMS) (writes are batched
//! with the change that makes them, in `batch.rs`).

use async_trait::async_trait;

use super::SqlStore;
use crate::domain::{LinkId, SellerId};
use crate::engine::store::{OutreachRow, OutreachStore, StoreError};

const BY_LINK: &str = r"
select link_id, email, phone, language, send_at, stop_token, stopped_at, created_at,
       reminders, second_chance
from link_outreach
where link_id = $1";

const BY_TOKEN: &str = r"
select link_id, email, phone, language, send_at, stop_token, stopped_at, created_at,
       reminders, second_chance
from link_outreach
where stop_token = $1";

const SMS_SENT_SINCE: &str = r"
select count(*) from link_events e
join links l on l.id = e.link_id
where e.kind = 'sms.sent' and e.created_at >= $1 and l.seller_id = $2";

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

    async fn sms_sent_since(&self, seller_id: &SellerId, since: i64) -> Result<i64, StoreError> {
        // The writer on SQLite: a text just recorded must count for the next one.
        Ok(on_pool!(self, write, |pool| {
            sqlx::query_scalar::<_, i64>(SMS_SENT_SINCE)
                .bind(since)
                .bind(seller_id.as_str())
                .fetch_one(pool)
                .await?
        }))
    }
}
