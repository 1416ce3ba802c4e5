//! [`OutboxStore`] over SQL: queueing notifications, the worker's claim and finish, and
//! upkeep.

use async_trait::async_trait;

use super::SqlStore;
use crate::engine::store::{
    NewOutboxRow, OutboxOutcome, OutboxRow, OutboxStats, OutboxStore, StoreError,
};

#[async_trait]
impl OutboxStore for SqlStore {
    async fn enqueue(&self, rows: &[NewOutboxRow], now: i64) -> Result<u64, StoreError> {
        const SQL: &str = r"
insert into outbox (channel, destination, kind, event_id, payload, dedupe_key, status,
                    attempts, next_attempt_at, created_at, rerouted_from)
values ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $9)
on conflict (dedupe_key) do nothing";
        let mut added = 0;
        on_pool!(self, write, |pool| {
            let mut tx = pool.begin().await?;
            for r in rows {
                added += sqlx::query(SQL)
                    .bind(&r.channel)
                    .bind(&r.destination)
                    .bind(&r.kind)
                    .bind(&r.event_id)
                    .bind(&r.payload)
                    .bind(&r.dedupe_key)
                    .bind(r.due_at.unwrap_or(now))
                    .bind(now)
                    .bind(&r.rerouted_from)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(added)
    }

    async fn claim_outbox(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
        skip: &[&str],
        answers_only: bool,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        // The outer conditions repeat the inner ones on purpose: on Postgres a competing
        // replica that picked the same id re-checks them after the first commit and
        // updates nothing, so a row is never claimed twice (no SKIP LOCKED needed).
        macro_rules! claim {
            ($only:literal) => {
                concat!(
                    r"
update outbox
set claimed_until = $1, attempts = attempts + 1
where id in (
    select o.id
    from outbox o
    where o.status = 'pending'",
                    $only,
                    r"
      and o.next_attempt_at <= $2
      and (o.claimed_until is null or o.claimed_until <= $2)
      -- Channels another replica serves now, comma-separated (names hold no commas).
      and (',' || $4 || ',') not like ('%,' || o.channel || ',%')
      -- Chats get their messages in order: only the oldest pending one per chat. A row
      -- scheduled for later (never tried nor put off, not yet due) holds nothing back: a reminder
      -- due next week must not stop today's messages to that chat.
      and (o.channel = 'webhook' or not exists (
          select 1 from outbox e
          where e.channel = o.channel and e.destination = o.destination
            and e.status = 'pending' and e.id < o.id
            and not (e.attempts = 0 and e.last_error is null and e.next_attempt_at > $2)))
    order by o.next_attempt_at, o.id
    limit $3
)
  and status = 'pending'
  and (claimed_until is null or claimed_until <= $2)
returning id, channel, destination, kind, event_id, payload, attempts, created_at, rerouted_from"
                )
            };
        }
        // Received messages and answers to them: the same terms as the partial index
        // outbox_answers, so this claim reads that small index only.
        const ANSWERS: &str = claim!("\n      and o.kind in ('inbound', 'reply')");
        const ALL: &str = claim!("");
        let sql = if answers_only { ANSWERS } else { ALL };
        let mut rows = on_pool!(self, write, |pool| {
            sqlx::query_as::<_, OutboxRow>(sql)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .bind(skip.join(","))
                .fetch_all(pool)
                .await?
        });
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        // One statement on both backends: insert, or take over an expired lease, or
        // renew one's own; a lease someone else holds changes nothing (0 rows).
        const SQL: &str = r"
insert into leases (name, holder, expires_at) values ($1, $2, $3)
on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
where leases.holder = excluded.holder or leases.expires_at <= $4";
        let changed = on_pool!(self, write, |pool| {
            sqlx::query(SQL)
                .bind(name)
                .bind(holder)
                .bind(until)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }

    async fn drop_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query("delete from leases where name = $1 and holder = $2")
                .bind(name)
                .bind(holder)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    async fn finish_outbox(
        &self,
        id: i64,
        outcome: &OutboxOutcome,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            match outcome {
                OutboxOutcome::Delivered => {
                    sqlx::query(
                        "update outbox set status = 'delivered', delivered_at = $1, claimed_until = null, \
                         last_error = null where id = $2",
                    )
                    .bind(now)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                OutboxOutcome::Retry { at, error } => {
                    sqlx::query(
                        "update outbox set next_attempt_at = $1, claimed_until = null, last_error = $2 \
                         where id = $3",
                    )
                    .bind(at)
                    .bind(error)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                OutboxOutcome::Defer { at } => {
                    sqlx::query(
                        "update outbox set next_attempt_at = $1, claimed_until = null, \
                         attempts = attempts - 1, last_error = coalesce(last_error, 'deferred') \
                         where id = $2",
                    )
                    .bind(at)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
                OutboxOutcome::Dead { error } => {
                    sqlx::query(
                        "update outbox set status = 'dead', claimed_until = null, last_error = $1 where id = $2",
                    )
                    .bind(error)
                    .bind(id)
                    .execute(pool)
                    .await?;
                }
            }
        });
        Ok(())
    }

    async fn reroute_outbox(
        &self,
        id: i64,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, write, |pool| {
            sqlx::query(
                "update outbox set rerouted_from = channel, channel = $1, destination = $2, \
                 next_attempt_at = $3, claimed_until = null, attempts = 0 where id = $4",
            )
            .bind(channel)
            .bind(destination)
            .bind(now)
            .bind(id)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn wake_outbox(
        &self,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query(
                "update outbox set next_attempt_at = $1 where channel = $2 and destination = $3 \
                 and status = 'pending' and next_attempt_at > $1",
            )
            .bind(now)
            .bind(channel)
            .bind(destination)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    async fn outbox_stats(&self, now: i64) -> Result<OutboxStats, StoreError> {
        // Scheduled: never tried nor put off (a deferred row has `last_error`), due later.
        // A row never tried waits from when it was due (its schedule), another from its
        // creation.
        const SQL: &str = r"
select
  (select count(*) from outbox
    where status = 'pending') as pending,
  (select count(*) from outbox
    where status = 'pending' and attempts = 0 and last_error is null
      and next_attempt_at > $1) as scheduled,
  (select min(case when attempts = 0 and last_error is null then next_attempt_at
                   else created_at end) from outbox
    where status = 'pending'
      and not (attempts = 0 and last_error is null and next_attempt_at > $1)) as oldest,
  (select count(*) from outbox where status = 'dead') as dead";
        let (pending, scheduled, oldest, dead) = on_pool!(self, read, |pool| {
            sqlx::query_as::<_, (i64, i64, Option<i64>, i64)>(SQL)
                .bind(now)
                .fetch_one(pool)
                .await?
        });
        Ok(OutboxStats {
            pending,
            scheduled,
            oldest_pending_created_at: oldest,
            dead,
        })
    }

    async fn next_outbox_due(&self) -> Result<Option<i64>, StoreError> {
        const SQL: &str = r"
select min(case when claimed_until is not null and claimed_until > next_attempt_at
                then claimed_until else next_attempt_at end)
from outbox
where status = 'pending'";
        Ok(on_pool!(self, read, |pool| {
            sqlx::query_scalar::<_, Option<i64>>(SQL)
                .fetch_one(pool)
                .await?
        }))
    }

    async fn purge_delivered(&self, before: i64) -> Result<u64, StoreError> {
        Ok(on_pool!(self, write, |pool| {
            sqlx::query("delete from outbox where status = 'delivered' and delivered_at < $1")
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
