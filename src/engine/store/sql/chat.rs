//! [`ChatStore`] over SQL: chat registration, open questions and answer receipts, link
//! cards, blocked chats.

use async_trait::async_trait;

use super::{SqlStore, unique_field};
use crate::domain::LinkId;
use crate::engine::store::{
    ChatRegistration, ChatStore, PromptRow, SellerChannelRow, SellerRow, SellerStore, StoreError,
};

const PROMPT_SELECT: &str = "select id, seller_id, channel, chat, owner, kind, payload, \
     created_at, expires_at from chat_prompts where id = $1";

#[async_trait]
impl ChatStore for SqlStore {
    async fn chat_seller(
        &self,
        channel: &str,
        external_user: &str,
    ) -> Result<Option<(SellerRow, SellerChannelRow)>, StoreError> {
        const SQL: &str = r"
select c.channel, c.external_user, c.seller_id, c.chat, c.created_at
from seller_channels c where c.channel = $1 and c.external_user = $2";
        let identity = on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerChannelRow>(SQL)
                .bind(channel)
                .bind(external_user)
                .fetch_optional(pool)
                .await?
        });
        let Some(identity) = identity else {
            return Ok(None);
        };
        let seller = self.seller(&identity.seller_id).await?;
        Ok(Some((seller, identity)))
    }

    async fn register_chat(&self, reg: &ChatRegistration, now: i64) -> Result<(), StoreError> {
        let who = format!("{}:{}", reg.identity.channel, reg.identity.external_user);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            if let Some(hash) = &reg.invite_hash {
                let used = invite_use!(hash, &who, now).execute(&mut *tx).await?;
                if used.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
            }
            if let Some(s) = &reg.new_seller {
                seller_insert!(s)
                    .execute(&mut *tx)
                    .await
                    .map_err(unique_field)?;
            }
            let i = &reg.identity;
            sqlx::query(
                "insert into seller_channels (channel, external_user, seller_id, chat, created_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(&i.channel)
            .bind(&i.external_user)
            .bind(i.seller_id.as_str())
            .bind(&i.chat)
            .bind(i.created_at)
            .execute(&mut *tx)
            .await
            .map_err(unique_field)?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn has_receipt(&self, source: &str, key: &str) -> Result<bool, StoreError> {
        // On the writer: the receipt may be a change committed an instant ago.
        let row: Option<(i64,)> = on_pool!(self, write, |pool| {
            sqlx::query_as(
                "select received_at from webhook_receipts where provider = $1 and event_id = $2",
            )
            .bind(source)
            .bind(key)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.is_some())
    }

    async fn insert_prompt(&self, p: &PromptRow) -> Result<PromptRow, StoreError> {
        let stored: PromptRow = on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into chat_prompts (id, seller_id, channel, chat, owner, kind, payload, \
                 created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 on conflict (id) do nothing",
            )
            .bind(&p.id)
            .bind(p.seller_id.as_str())
            .bind(&p.channel)
            .bind(&p.chat)
            .bind(&p.owner)
            .bind(&p.kind)
            .bind(&p.payload)
            .bind(p.created_at)
            .bind(p.expires_at)
            .execute(pool)
            .await?;
            // Read on the writer: the row may be this instant's.
            sqlx::query_as(PROMPT_SELECT)
                .bind(&p.id)
                .fetch_one(pool)
                .await?
        });
        Ok(stored)
    }

    async fn prompt(&self, id: &str) -> Result<Option<PromptRow>, StoreError> {
        by_key!(self, PROMPT_SELECT, id, fetch_optional)
    }

    async fn close_prompt(
        &self,
        id: &str,
        receipt: (String, String),
        now: i64,
    ) -> Result<(), StoreError> {
        let receipt = Some(receipt);
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            sqlx::query("delete from chat_prompts where id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn purge_prompts(&self, before: i64, receipts_before: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from webhook_receipts where provider = $1 and received_at < $2")
                .bind(crate::engine::prompts::RECEIPT_SOURCE)
                .bind(receipts_before)
                .execute(pool)
                .await?;
            sqlx::query("delete from chat_prompts where expires_at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    async fn add_link_card(
        &self,
        link_id: &LinkId,
        channel: &str,
        card_ref: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into link_cards (link_id, channel, card_ref, created_at) \
                 values ($1, $2, $3, $4) on conflict do nothing",
            )
            .bind(link_id.as_str())
            .bind(channel)
            .bind(card_ref)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn set_chat_blocked(
        &self,
        channel: &str,
        chat: &str,
        blocked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            if blocked {
                sqlx::query(
                    "insert into blocked_chats (channel, chat, blocked_at) values ($1, $2, $3) \
                     on conflict do nothing",
                )
                .bind(channel)
                .bind(chat)
                .bind(now)
                .execute(pool)
                .await?;
            } else {
                sqlx::query("delete from blocked_chats where channel = $1 and chat = $2")
                    .bind(channel)
                    .bind(chat)
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }

    async fn chat_blocked(&self, channel: &str, chat: &str) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select blocked_at from blocked_chats where channel = $1 and chat = $2")
                .bind(channel)
                .bind(chat)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.is_some())
    }
}
