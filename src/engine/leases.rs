//! Work one replica at a time does (long-polling a Telegram bot and sending through it,
//! so that Telegram's limits are kept by one limiter): held under a lease in the
//! database, renewed while the holder lives, taken over by another replica within a
//! few seconds when it stops renewing, and given up at once on a graceful stop.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::Engine;

/// How long a lease lasts without renewal: a replica that dies hands its work over
/// within this and one [`RENEW_EVERY`].
pub const LEASE_FOR: Duration = Duration::from_secs(6);
/// How often the holder renews, and others try to take it.
pub const RENEW_EVERY: Duration = Duration::from_secs(2);

impl Engine {
    /// Keeps trying to hold the lease `name` until `stop`, telling `held` whether this
    /// process has it; gives it up at the end. A database that does not answer counts as
    /// not held: two replicas must never both think they have it.
    pub async fn keep_lease(
        self: Arc<Self>,
        name: String,
        held: watch::Sender<bool>,
        mut stop: watch::Receiver<bool>,
    ) {
        let holder = hex::encode(super::random::<8>());
        let ms = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4);
        loop {
            let now = self.now_ms();
            let has = match self
                .store
                .take_lease(&name, &holder, now, now + ms(LEASE_FOR))
                .await
            {
                Ok(has) => has,
                Err(e) => {
                    tracing::warn!(error = %e, lease = %name, "renewing a lease failed");
                    false
                }
            };
            let changed = held.send_if_modified(|h| std::mem::replace(h, has) != has);
            if changed {
                tracing::info!(lease = %name, held = has, "lease changed hands");
                // Rows of the channels it brings may be waiting.
                self.wake_outbox();
            }
            tokio::select! {
                () = tokio::time::sleep(RENEW_EVERY) => {}
                _ = stop.changed() => break,
            }
        }
        held.send_replace(false);
        if let Err(e) = self.store.drop_lease(&name, &holder).await {
            tracing::warn!(error = %e, lease = %name, "giving up a lease failed; it expires");
        }
    }
}
