//! A clock a test moves by hand, injected with `Application::build_with_clock`: what
//! paychat decides from the time (expiry, reconciliation, retries, prompts) happens
//! when the test says so, not after a sleep.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use paychat::engine::ports::Clock;

/// Starts at the real time; moves only by `advance`. Cloning shares it.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<AtomicI64>);

impl Default for ManualClock {
    fn default() -> Self {
        Self(Arc::new(AtomicI64::new(
            chrono::Utc::now().timestamp_millis(),
        )))
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).expect("a test-sized duration");
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
