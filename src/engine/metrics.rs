//! Counters the engine keeps for `/metrics`, rendered in the Prometheus text format.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use super::store::OutboxStats;

/// Process-wide counters. Each replica counts its own; Prometheus sums them.
#[derive(Debug, Default)]
pub struct Metrics {
    pub links_created: AtomicU64,
    pub payments_succeeded: AtomicU64,
    pub payments_failed: AtomicU64,
    pub refunds_succeeded: AtomicU64,
    pub refunds_failed: AtomicU64,
    pub webhooks_accepted: AtomicU64,
    pub webhooks_duplicate: AtomicU64,
    pub webhooks_ignored: AtomicU64,
    pub webhooks_bad_signature: AtomicU64,
    pub webhooks_malformed: AtomicU64,
    pub webhooks_rejected: AtomicU64,
    /// Verified but refused: the amount or currency was not the payment's.
    pub webhooks_refused: AtomicU64,
    pub checkouts_refused: AtomicU64,
    pub checkouts_unavailable: AtomicU64,
    pub reconcile_checked: AtomicU64,
    pub reconcile_applied: AtomicU64,
    pub reconcile_errors: AtomicU64,
    pub outbox_delivered: AtomicU64,
    pub outbox_retried: AtomicU64,
    pub outbox_dead: AtomicU64,
    pub links_expired: AtomicU64,
    /// LINE pushes left this month plus one; 0 when unlimited or not known.
    line_quota_left: AtomicU64,
}

/// Adds one to a counter.
pub fn inc(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Metrics {
    /// Records the LINE pushes left this month (`None`: unlimited or not known).
    pub fn set_line_quota_left(&self, left: Option<u64>) {
        let v = left.map_or(0, |n| n.saturating_add(1));
        self.line_quota_left.store(v, Ordering::Relaxed);
    }

    /// The Prometheus exposition text; `outbox` is read from the database at scrape time.
    #[must_use]
    pub fn render(&self, outbox: Option<OutboxStats>, now_ms: i64) -> String {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut out = String::with_capacity(2048);
        let mut family = |name: &str, kind: &str, help: &str, rows: &[(&str, u64)]| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            for (labels, v) in rows {
                if labels.is_empty() {
                    let _ = writeln!(out, "{name} {v}");
                } else {
                    let _ = writeln!(out, "{name}{{{labels}}} {v}");
                }
            }
        };
        family(
            "paychat_links_created_total",
            "counter",
            "Payment links created.",
            &[("", g(&self.links_created))],
        );
        family(
            "paychat_links_expired_total",
            "counter",
            "Links marked expired by the sweeper.",
            &[("", g(&self.links_expired))],
        );
        family(
            "paychat_payments_total",
            "counter",
            "Payments by outcome.",
            &[
                ("outcome=\"succeeded\"", g(&self.payments_succeeded)),
                ("outcome=\"failed\"", g(&self.payments_failed)),
            ],
        );
        family(
            "paychat_refunds_total",
            "counter",
            "Refunds by outcome.",
            &[
                ("outcome=\"succeeded\"", g(&self.refunds_succeeded)),
                ("outcome=\"failed\"", g(&self.refunds_failed)),
            ],
        );
        family(
            "paychat_provider_webhooks_total",
            "counter",
            "Provider webhooks received, by outcome.",
            &[
                ("outcome=\"accepted\"", g(&self.webhooks_accepted)),
                ("outcome=\"duplicate\"", g(&self.webhooks_duplicate)),
                ("outcome=\"ignored\"", g(&self.webhooks_ignored)),
                ("outcome=\"bad_signature\"", g(&self.webhooks_bad_signature)),
                ("outcome=\"malformed\"", g(&self.webhooks_malformed)),
                ("outcome=\"rejected\"", g(&self.webhooks_rejected)),
                ("outcome=\"refused\"", g(&self.webhooks_refused)),
            ],
        );
        family(
            "paychat_checkouts_failed_total",
            "counter",
            "Checkouts a provider would not open: refused (the seller is told) or unreachable.",
            &[
                ("reason=\"refused\"", g(&self.checkouts_refused)),
                ("reason=\"unavailable\"", g(&self.checkouts_unavailable)),
            ],
        );
        family(
            "paychat_reconcile_total",
            "counter",
            "Reconciliation: payments asked about, changed by the answer, or not answered.",
            &[
                ("outcome=\"checked\"", g(&self.reconcile_checked)),
                ("outcome=\"applied\"", g(&self.reconcile_applied)),
                ("outcome=\"error\"", g(&self.reconcile_errors)),
            ],
        );
        family(
            "paychat_outbox_deliveries_total",
            "counter",
            "Notification delivery attempts by outcome.",
            &[
                ("outcome=\"delivered\"", g(&self.outbox_delivered)),
                ("outcome=\"retry\"", g(&self.outbox_retried)),
                ("outcome=\"dead\"", g(&self.outbox_dead)),
            ],
        );
        if let Some(left) = g(&self.line_quota_left).checked_sub(1) {
            family(
                "paychat_line_quota_remaining",
                "gauge",
                "LINE push messages left this month (absent when unlimited).",
                &[("", left)],
            );
        }
        if let Some(s) = outbox {
            let age = s
                .oldest_pending_created_at
                .map_or(0, |t| u64::try_from((now_ms - t) / 1000).unwrap_or(0));
            family(
                "paychat_outbox_depth",
                "gauge",
                "Notifications waiting to be delivered.",
                &[("", u64::try_from(s.pending).unwrap_or(0))],
            );
            family(
                "paychat_outbox_oldest_age_seconds",
                "gauge",
                "Age of the oldest waiting notification.",
                &[("", age)],
            );
            family(
                "paychat_outbox_dead",
                "gauge",
                "Notifications given up on after all retries.",
                &[("", u64::try_from(s.dead).unwrap_or(0))],
            );
        }
        out
    }
}
