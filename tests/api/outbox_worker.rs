//! The outbox worker alone over a real database, with a channel written here: a row whose
//! claim runs out while its delivery still runs (the clock jumped past the lease) is
//! claimed again, and still delivered once.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use paychat::engine::metrics::Metrics;
use paychat::engine::outbox::{OutboxWorker, WorkerSettings};
use paychat::engine::ports::{Channel, Delivery};
use paychat::engine::store::{ChangeSet, NewOutboxRow, OutboxRow, Store};
use tokio::sync::{Notify, watch};

use crate::helpers::{Backend, TestDb, eventually};
use crate::kit::clock::ManualClock;
use crate::on_both;

/// Counts deliveries; each waits until the test lets it end.
struct Held {
    calls: AtomicUsize,
    go: watch::Receiver<bool>,
}

#[async_trait]
impl Channel for Held {
    fn name(&self) -> &'static str {
        "held"
    }

    async fn deliver(&self, _row: &OutboxRow) -> Delivery {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut go = self.go.clone();
        // The sender lives as long as the test.
        let _ = go.wait_for(|go| *go).await;
        Delivery::Delivered
    }
}

async fn a_row_claimed_again_in_flight_is_delivered_once(backend: Backend) {
    // Arrange: one row, its delivery held.
    let db = TestDb::create(&backend).await;
    let store: Arc<dyn Store> =
        Arc::new(paychat::engine::store::connect(&db.url, 2).await.unwrap());
    let clock = ManualClock::default();
    let row = NewOutboxRow {
        channel: "held".into(),
        destination: "d1".into(),
        kind: "test".into(),
        event_id: "evt_1".into(),
        payload: "{}".into(),
        dedupe_key: "k1".into(),
        rerouted_from: None,
        due_at: None,
    };
    store
        .apply(&ChangeSet {
            queue: vec![row],
            now: clock.now_ms(),
            ..ChangeSet::default()
        })
        .await
        .unwrap();
    let (open, go) = watch::channel(false);
    let held = Arc::new(Held {
        calls: AtomicUsize::new(0),
        go,
    });
    let lease = Duration::from_secs(60);
    let settings = WorkerSettings {
        poll_interval: Duration::from_millis(20),
        retry_base: Duration::from_secs(1),
        retry_max: Duration::from_secs(60),
        max_attempts: 5,
        lease,
        batch: 8,
    };
    let wake = Arc::new(Notify::new());
    let worker = OutboxWorker::new(
        store.clone(),
        vec![held.clone() as Arc<dyn Channel>],
        Arc::new(clock.clone()),
        settings,
        Arc::new(Metrics::default()),
        wake.clone(),
    );
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(worker.run_until_stopped(stopped));
    eventually("the first delivery", || async {
        (held.calls.load(Ordering::SeqCst) == 1).then_some(())
    })
    .await;

    // Act: the clock jumps past the claim; the worker claims the row again.
    clock.advance(lease * 2);
    wake.notify_one();
    eventually("the row claimed again", || async {
        let due = store.next_outbox_due().await.unwrap()?;
        (due > clock.now_ms()).then_some(())
    })
    .await;
    open.send(true).unwrap();
    eventually("the row delivered", || async {
        store
            .next_outbox_due()
            .await
            .unwrap()
            .is_none()
            .then_some(())
    })
    .await;
    // Stopping waits for every delivery the worker started.
    stop.send(true).unwrap();
    wake.notify_one();
    task.await.unwrap();

    // Assert
    assert_eq!(held.calls.load(Ordering::SeqCst), 1, "delivered twice");
}
on_both!(a_row_claimed_again_in_flight_is_delivered_once);
