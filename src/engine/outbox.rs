//! The notification worker: claims outbox rows, delivers them through their channel,
//! and records the outcome, retrying with exponential backoff.
//!
//! Rows are claimed with a lease, so a crashed worker's rows come back after the lease
//! and two replicas never hold the same row. A message is marked delivered only after
//! its channel confirmed it: a restart in between re-sends it (at-least-once), and the
//! event id in every message lets receivers drop the repeat.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::metrics::{Metrics, inc};
use super::ports::{Channel, Clock, Delivery};
use super::random;
use super::store::{OutboxOutcome, OutboxRow, Store};

/// Worker tuning, from `[notifier]`.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub poll_interval: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub max_attempts: u32,
    pub lease: Duration,
    pub batch: i64,
}

/// Delivers outbox rows through the registered channels.
pub struct OutboxWorker {
    store: Arc<dyn Store>,
    channels: HashMap<&'static str, Arc<dyn Channel>>,
    clock: Arc<dyn Clock>,
    settings: WorkerSettings,
    metrics: Arc<Metrics>,
    wake: Arc<Notify>,
}

impl OutboxWorker {
    /// A worker over `store` with `channels`; `wake` is the engine's commit signal.
    pub fn new(
        store: Arc<dyn Store>,
        channels: Vec<Arc<dyn Channel>>,
        clock: Arc<dyn Clock>,
        settings: WorkerSettings,
        metrics: Arc<Metrics>,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            store,
            channels: channels.into_iter().map(|c| (c.name(), c)).collect(),
            clock,
            settings,
            metrics,
            wake,
        }
    }

    /// Adds a channel beside those it was built with (the terminal chat's).
    pub fn add_channel(&mut self, channel: Arc<dyn Channel>) {
        self.channels.insert(channel.name(), channel);
    }

    /// Runs until `stop` turns true, finishing the deliveries in flight.
    pub async fn run_until_stopped(self, mut stop: watch::Receiver<bool>) {
        let this = Arc::new(self);
        loop {
            if *stop.borrow() {
                return;
            }
            let delivered = match this.run_once().await {
                Ok(n) => n,
                Err(e) => {
                    tracing::error!(error = %e, "outbox: claiming failed");
                    0
                }
            };
            if delivered > 0 {
                continue;
            }
            let sleep = this.idle_sleep().await;
            tokio::select! {
                () = this.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// How long to sleep when nothing is due: until the next due row, at most a poll.
    async fn idle_sleep(&self) -> Duration {
        let poll = self.settings.poll_interval;
        match self.store.next_outbox_due().await {
            Ok(Some(due)) => {
                let wait = due - self.clock.now_ms();
                if wait <= 0 {
                    Duration::from_millis(10)
                } else {
                    poll.min(Duration::from_millis(u64::try_from(wait).unwrap_or(0)))
                }
            }
            _ => poll,
        }
    }

    /// Claims one batch and delivers it; returns how many rows were handled.
    pub async fn run_once(self: &Arc<Self>) -> Result<usize, super::store::StoreError> {
        let now = self.clock.now_ms();
        let lease = i64::try_from(self.settings.lease.as_millis()).unwrap_or(60_000);
        let rows = self
            .store
            .claim_outbox(now, lease, self.settings.batch)
            .await?;
        let n = rows.len();
        // Rows for the same destination go one after another, in order; different
        // destinations go in parallel.
        let mut by_destination: Vec<Vec<OutboxRow>> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        for row in rows {
            let key = (row.channel.clone(), row.destination.clone());
            let i = *index.entry(key).or_insert_with(|| {
                by_destination.push(Vec::new());
                by_destination.len() - 1
            });
            by_destination[i].push(row);
        }
        let mut tasks = JoinSet::new();
        for group in by_destination {
            let this = self.clone();
            tasks.spawn(async move {
                for row in group {
                    this.deliver(row).await;
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        Ok(n)
    }

    #[tracing::instrument(name = "outbox.deliver", skip_all, fields(outbox.id = row.id, event.id = %row.event_id, kind = %row.kind, channel = %row.channel, attempt = row.attempts))]
    async fn deliver(&self, row: OutboxRow) {
        let delivery = match self.channels.get(row.channel.as_str()) {
            Some(ch) => ch.deliver(&row).await,
            // Another replica (or `paychat chat`) may have this channel: leave the row
            // for it without spending an attempt.
            None => {
                tracing::debug!(channel = %row.channel, "no such channel here; deferred");
                Delivery::Later {
                    after: self.settings.poll_interval * 30,
                }
            }
        };
        let now = self.clock.now_ms();
        if let Delivery::Reroute {
            channel,
            destination,
        } = &delivery
        {
            tracing::info!(to = %channel, "notification re-routed");
            if let Err(e) = self
                .store
                .reroute_outbox(row.id, channel, destination, now)
                .await
            {
                tracing::error!(error = %e, "outbox: re-routing failed");
            }
            self.wake.notify_one();
            return;
        }
        let outcome = match delivery {
            Delivery::Reroute { .. } => return,
            Delivery::Delivered => {
                inc(&self.metrics.outbox_delivered);
                OutboxOutcome::Delivered
            }
            Delivery::Later { after } => OutboxOutcome::Defer {
                at: now + i64::try_from(after.as_millis()).unwrap_or(i64::MAX / 4),
            },
            Delivery::Failed { error } => {
                inc(&self.metrics.outbox_dead);
                tracing::warn!(%error, "notification dropped: destination gone");
                OutboxOutcome::Dead { error }
            }
            Delivery::Retry { error, .. }
                if row.attempts >= i64::from(self.settings.max_attempts) =>
            {
                inc(&self.metrics.outbox_dead);
                tracing::warn!(%error, "notification given up after all attempts");
                OutboxOutcome::Dead { error }
            }
            Delivery::Retry { error, after } => {
                inc(&self.metrics.outbox_retried);
                let wait = after.unwrap_or_else(|| self.backoff(row.attempts));
                tracing::info!(%error, retry_in_ms = wait.as_millis() as u64, "notification will be retried");
                OutboxOutcome::Retry {
                    at: now + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 4),
                    error,
                }
            }
        };
        if let Err(e) = self.store.finish_outbox(row.id, &outcome, now).await {
            // The lease runs out and the row is retried: at-least-once, never lost.
            tracing::error!(error = %e, "outbox: recording the outcome failed");
        }
    }

    /// base × 2^(attempts−1), capped, with up to 20 % jitter so retries spread out.
    fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let base = self
            .settings
            .retry_base
            .saturating_mul(2u32.saturating_pow(exp));
        let capped = base.min(self.settings.retry_max);
        let jitter_pct = u32::from(random::<1>()[0]) % 21;
        capped + capped / 100 * jitter_pct
    }
}
