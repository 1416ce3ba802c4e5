//! [`SellerStore`] over SQL: sellers, API keys, webhook endpoints, preferences, chat
//! identities, invites, bank QR accounts and bank feeds.

use async_trait::async_trait;

use super::{SqlStore, unique_field};
use crate::domain::SellerId;
use crate::engine::store::{
    ApiKeyRow, InviteRow, PaytoRow, SellerChannelRow, SellerPrefs, SellerReach, SellerRow,
    SellerStore, StoreError, WebhookEndpointRow,
};

const SELLER_COLS_SQL: &str =
    "select id, name, currency, locale, created_at, provider, timezone from sellers";

#[async_trait]
impl SellerStore for SqlStore {
    async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, read, |pool| {
            sqlx::query("select 1").execute(pool).await?;
        });
        Ok(())
    }

    async fn insert_seller(&self, s: &SellerRow) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            seller_insert!(s)
                .execute(pool)
                .await
                .map_err(unique_field)?;
        });
        Ok(())
    }

    async fn seller(&self, id: &SellerId) -> Result<SellerRow, StoreError> {
        const SQL: &str = "select id, name, currency, locale, created_at, provider, timezone \
                           from sellers where id = $1";
        by_key!(self, SQL, id.as_str(), fetch_one)
    }

    async fn sellers(&self) -> Result<Vec<SellerRow>, StoreError> {
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, SellerRow>(SELLER_COLS_SQL)
                .fetch_all(pool)
                .await?
        }))
    }

    async fn insert_api_key(
        &self,
        id: &str,
        seller_id: &SellerId,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into api_keys (id, seller_id, key_hash, created_at) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(seller_id.as_str())
            .bind(key_hash)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn seller_by_key_hash(&self, key_hash: &str) -> Result<Option<SellerRow>, StoreError> {
        const SQL: &str = r"
select sellers.id, sellers.name, sellers.currency, sellers.locale, sellers.created_at,
       sellers.provider, sellers.timezone
from api_keys
join sellers on sellers.id = api_keys.seller_id
where api_keys.key_hash = $1
  and api_keys.revoked_at is null";
        by_key!(self, SQL, key_hash, fetch_optional)
    }

    async fn revoke_api_key(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("update api_keys set revoked_at = $1 where id = $2 and revoked_at is null")
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn api_keys(&self, seller_id: Option<&SellerId>) -> Result<Vec<ApiKeyRow>, StoreError> {
        const SQL: &str = r"
select id, seller_id, created_at, revoked_at
from api_keys
where ($1 is null or seller_id = $1)
order by created_at, id";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_as::<_, ApiKeyRow>(SQL)
                .bind(seller_id.map(SellerId::as_str))
                .fetch_all(pool)
                .await?
        }))
    }

    async fn set_webhook_endpoint(&self, e: &WebhookEndpointRow) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into webhook_endpoints (seller_id, url, secret, created_at)
values ($1, $2, $3, $4)
on conflict (seller_id) do update
set url = excluded.url, secret = excluded.secret, created_at = excluded.created_at";
        on_pool!(self, write, |pool| {
            sqlx::query(SQL)
                .bind(e.seller_id.as_str())
                .bind(&e.url)
                .bind(&e.secret)
                .bind(e.created_at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    async fn webhook_endpoint(
        &self,
        seller_id: &SellerId,
    ) -> Result<Option<WebhookEndpointRow>, StoreError> {
        const SQL: &str =
            "select seller_id, url, secret, created_at from webhook_endpoints where seller_id = $1";
        by_key!(self, SQL, seller_id.as_str(), fetch_optional)
    }

    async fn delete_webhook_endpoint(&self, seller_id: &SellerId) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("delete from webhook_endpoints where seller_id = $1")
                .bind(seller_id.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn set_seller_provider(
        &self,
        seller_id: &SellerId,
        provider: Option<&str>,
    ) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            sqlx::query("update sellers set provider = $1 where id = $2")
                .bind(provider)
                .bind(seller_id.as_str())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn update_seller_prefs(
        &self,
        seller_id: &SellerId,
        prefs: &SellerPrefs,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<(), StoreError> {
        const SQL: &str = r"
update sellers
set currency = coalesce($1, currency),
    locale = coalesce($2, locale),
    timezone = coalesce($3, timezone),
    push_to = case when $4 = 1 then $5 else push_to end,
    reminders = coalesce($7, reminders),
    reply_email = case when $8 = 1 then $9 else reply_email end
where id = $6";
        let (set_push, push_to) = match &prefs.push_to {
            Some(to) => (1_i64, to.clone()),
            None => (0, None),
        };
        let (set_reply, reply_email) = match &prefs.reply_email {
            Some(to) => (1_i64, to.clone()),
            None => (0, None),
        };
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            let done = sqlx::query(SQL)
                .bind(&prefs.currency)
                .bind(&prefs.locale)
                .bind(&prefs.timezone)
                .bind(set_push)
                .bind(push_to)
                .bind(seller_id.as_str())
                .bind(prefs.reminders.map(i64::from))
                .bind(set_reply)
                .bind(reply_email)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn seller_push_to(&self, seller_id: &SellerId) -> Result<Option<String>, StoreError> {
        let row: Option<(Option<String>,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select push_to from sellers where id = $1")
                .bind(seller_id.as_str())
                .fetch_optional(pool)
                .await?
        });
        Ok(row.and_then(|(p,)| p))
    }

    async fn seller_reach(&self, seller_id: &SellerId) -> Result<SellerReach, StoreError> {
        let row: Option<(i64, Option<String>)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select reminders, reply_email from sellers where id = $1")
                .bind(seller_id.as_str())
                .fetch_optional(pool)
                .await?
        });
        let (reminders, reply_email) = row.ok_or(StoreError::NotFound)?;
        Ok(SellerReach {
            reminders: reminders != 0,
            reply_email,
        })
    }

    async fn seller_identities(
        &self,
        seller_id: &SellerId,
    ) -> Result<Vec<SellerChannelRow>, StoreError> {
        by_key!(
            self,
            "select channel, external_user, seller_id, chat, created_at from seller_channels \
                 where seller_id = $1 order by created_at",
            seller_id.as_str(),
            fetch_all
        )
    }

    async fn repoint_identity(
        &self,
        channel: &str,
        external_user: &str,
        seller_id: &SellerId,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update seller_channels set seller_id = $1 where channel = $2 and external_user = $3",
            )
            .bind(seller_id.as_str())
            .bind(channel)
            .bind(external_user)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn insert_invite(
        &self,
        invite: &InviteRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, invite.created_at);
            sqlx::query(
                "insert into invites (code_hash, seller_id, created_at, expires_at) \
                 values ($1, $2, $3, $4)",
            )
            .bind(&invite.code_hash)
            .bind(invite.seller_id.as_ref().map(SellerId::as_str))
            .bind(invite.created_at)
            .bind(invite.expires_at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn use_invite(&self, code_hash: &str, who: &str, now: i64) -> Result<bool, StoreError> {
        let n = on_pool!(self, write, |pool| {
            invite_use!(code_hash, who, now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(n == 1)
    }

    async fn invite_seller(
        &self,
        code_hash: &str,
        now: i64,
    ) -> Result<Option<SellerId>, StoreError> {
        let row: Option<(Option<String>,)> = on_pool!(self, read, |pool| {
            sqlx::query_as(
                "select seller_id from invites where code_hash = $1 and used_at is null \
                 and expires_at > $2",
            )
            .bind(code_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.and_then(|(s,)| s).map(SellerId::from_trusted))
    }

    async fn set_payto(
        &self,
        row: &PaytoRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError> {
        const SQL: &str = r"
insert into seller_payto (seller_id, rail, account, created_at, updated_at)
values ($1, $2, $3, $4, $4)
on conflict (seller_id, rail) do update set account = excluded.account,
                                            updated_at = excluded.updated_at";
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, row.updated_at);
            sqlx::query(SQL)
                .bind(row.seller_id.as_str())
                .bind(&row.rail)
                .bind(&row.account)
                .bind(row.updated_at)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    async fn delete_payto(
        &self,
        seller_id: &SellerId,
        rail: Option<&str>,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<u64, StoreError> {
        let gone = on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            claim_receipt!(tx, receipt, now);
            let gone = sqlx::query(
                "delete from seller_payto where seller_id = $1 and ($2 is null or rail = $2)",
            )
            .bind(seller_id.as_str())
            .bind(rail)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            gone
        });
        Ok(gone)
    }

    async fn paytos(&self, seller_id: &SellerId) -> Result<Vec<PaytoRow>, StoreError> {
        by_key!(
            self,
            "select seller_id, rail, account, created_at, updated_at from seller_payto \
                 where seller_id = $1 order by rail",
            seller_id.as_str(),
            fetch_all
        )
    }

    async fn set_bank_feed(
        &self,
        seller_id: &SellerId,
        source: &str,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "insert into bank_feeds (seller_id, source, key_hash, created_at) \
                 values ($1, $2, $3, $4) on conflict (seller_id, source) \
                 do update set key_hash = excluded.key_hash, created_at = excluded.created_at",
            )
            .bind(seller_id.as_str())
            .bind(source)
            .bind(key_hash)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn delete_bank_feed(
        &self,
        seller_id: &SellerId,
        source: &str,
    ) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from bank_feeds where seller_id = $1 and source = $2")
                .bind(seller_id.as_str())
                .bind(source)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    async fn bank_feed_seller(
        &self,
        source: &str,
        key_hash: &str,
    ) -> Result<Option<SellerId>, StoreError> {
        let row: Option<(String,)> = on_pool!(self, read, |pool| {
            sqlx::query_as("select seller_id from bank_feeds where source = $1 and key_hash = $2")
                .bind(source)
                .bind(key_hash)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(s,)| SellerId::from_trusted(s)))
    }
}
