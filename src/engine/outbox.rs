//! The notification worker: claims outbox rows, delivers them through their channel,
//! and records the outcome, retrying with exponential backoff.
//!
//! Rows are claimed with a lease, so a crashed worker's rows come back after the lease
//! and two replicas never hold the same row. A message is marked delivered only after
//! its channel confirmed it: a restart in between re-sends it (at-least-once), and the
//! event id in every message lets receivers drop the repeat.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::metrics::{Metrics, inc};
use super::ports::{Channel, Clock, Delivery};
use super::random;
use super::store::{OutboxOutcome, OutboxRow, Store};

/// How long a worker with a backlog waits for more places to free before claiming again.
const GATHER: Duration = Duration::from_millis(20);

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
    /// Fired when a chat message or answer is queued.
    answers_wake: Arc<Notify>,
    /// Whether any channel carries chat answers (else their claim is skipped).
    answers: bool,
    /// The rows this worker is delivering. A row whose lease ran out while its delivery
    /// is still going (a stalled process, a clock that jumped) can be claimed again: it
    /// is not started twice here.
    in_flight: Mutex<HashSet<i64>>,
}

/// Takes a row out of [`OutboxWorker::in_flight`] when its delivery ends, however.
struct InFlight<'a> {
    set: &'a Mutex<HashSet<i64>>,
    id: i64,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.id);
    }
}

/// A received chat message or an answer to one: someone is waiting for it.
fn is_answer(row: &OutboxRow) -> bool {
    matches!(row.kind.as_str(), "inbound" | "reply")
}

fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if done.is_err() {
        tracing::error!("an outbox delivery panicked");
    }
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
        let answers = channels.iter().any(|c| c.answers());
        Self {
            store,
            channels: channels.into_iter().map(|c| (c.name(), c)).collect(),
            clock,
            settings,
            metrics,
            wake,
            answers_wake: Arc::new(Notify::new()),
            answers,
            in_flight: Mutex::new(HashSet::new()),
        }
    }

    /// Listens to `wake` for queued chat messages and answers (the engine's), so they
    /// are claimed at once even while pushes keep every other place busy.
    #[must_use]
    pub fn with_answers_wake(mut self, wake: Arc<Notify>) -> Self {
        self.answers_wake = wake;
        self
    }

    /// Adds a channel beside those it was built with (the terminal chat's).
    pub fn add_channel(&mut self, channel: Arc<dyn Channel>) {
        self.answers |= channel.answers();
        self.channels.insert(channel.name(), channel);
    }

    /// Runs until `stop` turns true, finishing the deliveries in flight.
    ///
    /// Deliveries run side by side, up to `batch` at once, and each one's end frees its
    /// place at once: a chat whose sends are slow (paced, or an app that hangs) holds its
    /// own place only, never the rows of other chats queued behind it. A chat gets one row
    /// at a time (the claim skips chats with a row in flight), so its order is kept.
    ///
    /// Received chat messages and answers to them are claimed first, and pushes may fill
    /// only seven eighths of the places: someone waiting in a chat is never queued behind
    /// a backlog of notifications, nor behind pushes hanging on a slow app.
    pub async fn run_until_stopped(self, mut stop: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let most = usize::try_from(this.settings.batch).unwrap_or(1).max(1);
        let most_pushes = (most - most / 8).max(1);
        let mut answers: JoinSet<()> = JoinSet::new();
        let mut pushes: JoinSet<()> = JoinSet::new();
        loop {
            if *stop.borrow() {
                break;
            }
            let room = most.saturating_sub(answers.len() + pushes.len());
            let push_room = most_pushes.saturating_sub(pushes.len()).min(room);
            let mut claimed = 0;
            let mut more = false;
            if this.answers && room > 0 {
                let rows = this.claim(room, true).await;
                more |= rows.len() == room;
                claimed += this.start(rows, &mut answers, &mut pushes);
            }
            let push_room = push_room.min(most.saturating_sub(answers.len() + pushes.len()));
            if push_room > 0 {
                let rows = this.claim(push_room, false).await;
                more |= rows.len() == push_room;
                claimed += this.start(rows, &mut answers, &mut pushes);
            }
            // More may be due right away: claim again as soon as there is room, or at
            // once when a message comes in (it may have room the pushes cannot take).
            if more {
                tokio::select! {
                    // Not every commit: a payment burst would turn each into claims.
                    () = this.answers_wake.notified(), if this.answers => continue,
                    Some(done) = answers.join_next(), if !answers.is_empty() => log_panic(done),
                    Some(done) = pushes.join_next(), if !pushes.is_empty() => log_panic(done),
                    _ = stop.changed() => continue,
                }
                // A backlog: claim for several freed places at once, not once per
                // delivery. On Postgres a claim over thousands of due rows costs
                // milliseconds, and one per message bounded a 10,000-e-mail campaign to
                // ~80 msgs/s. A message coming in, or GATHER, ends the wait.
                let deadline = tokio::time::Instant::now() + GATHER;
                while most.saturating_sub(answers.len() + pushes.len()) < (most / 4).max(1)
                    && !(answers.is_empty() && pushes.is_empty())
                {
                    tokio::select! {
                        () = this.answers_wake.notified(), if this.answers => break,
                        Some(done) = answers.join_next(), if !answers.is_empty() => log_panic(done),
                        Some(done) = pushes.join_next(), if !pushes.is_empty() => log_panic(done),
                        () = tokio::time::sleep_until(deadline) => break,
                        _ = stop.changed() => break,
                    }
                }
                continue;
            }
            let mut sleep = this.idle_sleep().await;
            if claimed == 0 && !(answers.is_empty() && pushes.is_empty()) {
                // What is due may be the next rows of chats in flight, which wait for
                // them, or pushes beyond their share: do not spin on those.
                sleep = sleep.max(Duration::from_millis(200));
            }
            tokio::select! {
                () = this.wake.notified() => {}
                () = tokio::time::sleep(sleep) => {}
                // A delivery ended: its chat's next row may be claimed now.
                Some(done) = answers.join_next(), if !answers.is_empty() => log_panic(done),
                Some(done) = pushes.join_next(), if !pushes.is_empty() => log_panic(done),
                _ = stop.changed() => {}
            }
        }
        while answers.join_next().await.is_some() {}
        while pushes.join_next().await.is_some() {}
    }

    /// Starts delivering `rows`, each in the set of its kind, but those already in
    /// flight here; returns how many it started.
    fn start(
        self: &Arc<Self>,
        rows: Vec<OutboxRow>,
        answers: &mut JoinSet<()>,
        pushes: &mut JoinSet<()>,
    ) -> usize {
        let mut n = 0;
        for row in rows {
            let fresh = self
                .in_flight
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(row.id);
            if !fresh {
                // Its delivery still runs and will record the outcome.
                tracing::warn!(
                    outbox.id = row.id,
                    "row claimed again while in flight here; not sent twice"
                );
                continue;
            }
            n += 1;
            let set = if is_answer(&row) {
                &mut *answers
            } else {
                &mut *pushes
            };
            let worker = self.clone();
            set.spawn(async move { worker.deliver(row).await });
        }
        n
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

    /// Claims up to `n` due rows (only received messages and answers when
    /// `answers_only`): at most one per chat, the oldest (webhook rows have no order among
    /// them). A failed claim is logged and claims nothing.
    async fn claim(&self, n: usize, answers_only: bool) -> Vec<OutboxRow> {
        let now = self.clock.now_ms();
        let lease = i64::try_from(self.settings.lease.as_millis()).unwrap_or(60_000);
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let skip: Vec<&str> = self
            .channels
            .values()
            .filter(|c| !c.serving())
            .map(|c| c.name())
            .collect();
        match self
            .store
            .claim_outbox(now, lease, n, &skip, answers_only)
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(error = %e, "outbox: claiming failed");
                Vec::new()
            }
        }
    }

    #[tracing::instrument(name = "outbox.deliver", skip_all, fields(outbox.id = row.id, event.id = %row.event_id, kind = %row.kind, channel = %row.channel, attempt = row.attempts))]
    async fn deliver(&self, row: OutboxRow) {
        let _in_flight = InFlight {
            set: &self.in_flight,
            id: row.id,
        };
        // A push must end well inside its claim, or another worker would claim the row
        // and send it again: one that waits too long (for a send slot, say) is given up
        // and put back, without spending an attempt. A received message is not cut off
        // halfway: what it changed is done, and its answers are owed.
        let delivery = match self.channels.get(row.channel.as_str()) {
            Some(ch) if is_answer(&row) => ch.deliver(&row).await,
            Some(ch) => match tokio::time::timeout(self.settings.lease / 2, ch.deliver(&row)).await
            {
                Ok(delivery) => delivery,
                Err(_) => {
                    tracing::warn!(outbox.id = row.id, channel = %row.channel, "delivery outlasted half its claim; put back");
                    Delivery::Later {
                        after: Duration::from_secs(1),
                    }
                }
            },
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
                tracing::warn!(outbox.id = row.id, %error, "outbox row dead: destination gone");
                OutboxOutcome::Dead { error }
            }
            Delivery::Retry { error, .. }
                if row.attempts >= i64::from(self.settings.max_attempts) =>
            {
                inc(&self.metrics.outbox_dead);
                tracing::warn!(outbox.id = row.id, %error, "outbox row dead: given up after all attempts");
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
