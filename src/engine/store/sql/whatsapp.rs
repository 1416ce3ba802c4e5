//! [`WhatsAppStore`] over SQL: contacts and sent messages' statuses.

use async_trait::async_trait;

use super::SqlStore;
use crate::engine::store::{ContactRow, StoreError, WaMessageRow, WhatsAppStore};

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
        by_key!(
            self,
            "select user_key, wa_id, user_id, name, last_inbound_at from wa_contacts \
                 where user_key = $1",
            user_key,
            fetch_optional
        )
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
