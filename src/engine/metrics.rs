//! Counters the engine keeps for `/metrics`, rendered in the Prometheus text format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

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
    /// HTTP requests by route template (kept by the HTTP door's access middleware).
    pub http: HttpMetrics,
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
                "Notifications due and waiting to be delivered.",
                &[("", u64::try_from(s.waiting()).unwrap_or(0))],
            );
            family(
                "paychat_outbox_scheduled",
                "gauge",
                "Notifications scheduled for later (buyers' e-mails, reminders).",
                &[("", u64::try_from(s.scheduled).unwrap_or(0))],
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
        self.http.render(&mut out);
        out
    }
}

/// Upper bounds of the latency histogram's buckets, in microseconds (5 ms … 10 s).
const BUCKETS_MICROS: [u64; 11] = [
    5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000,
    10_000_000,
];

/// Methods counted by name; any other (a client may send anything) is `other`, so the
/// label set stays bounded.
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// HTTP requests by route template, method and status, and latency by route.
///
/// Routes are templates (`/p/{slug}`) or `unmatched`, so the set is bounded by the
/// router. The hot path takes two read locks (uncontended between readers) and bumps
/// atomics; a write lock is taken only the first time a route or status is seen.
#[derive(Debug, Default)]
pub struct HttpMetrics {
    routes: RwLock<HashMap<String, RouteStats>>,
}

#[derive(Debug, Default)]
struct RouteStats {
    /// Per bucket (not cumulative); the last slot counts requests above the last bound.
    buckets: [AtomicU64; BUCKETS_MICROS.len() + 1],
    sum_micros: AtomicU64,
    count: AtomicU64,
    /// (method index, status) → requests; a route sees few distinct pairs.
    outcomes: RwLock<Vec<(usize, u16, AtomicU64)>>,
}

impl RouteStats {
    fn observe(&self, method: usize, status: u16, micros: u64) {
        let bucket = BUCKETS_MICROS
            .iter()
            .position(|b| micros <= *b)
            .unwrap_or(BUCKETS_MICROS.len());
        inc(&self.buckets[bucket]);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        inc(&self.count);
        if let Ok(outcomes) = self.outcomes.read()
            && let Some((_, _, n)) = outcomes
                .iter()
                .find(|(m, s, _)| *m == method && *s == status)
        {
            inc(n);
            return;
        }
        if let Ok(mut outcomes) = self.outcomes.write() {
            // Another request may have added the pair between the two locks.
            match outcomes
                .iter()
                .find(|(m, s, _)| *m == method && *s == status)
            {
                Some((_, _, n)) => inc(n),
                None => outcomes.push((method, status, AtomicU64::new(1))),
            }
        }
    }
}

impl HttpMetrics {
    /// Counts one answered request: its route template (or `unmatched`), method,
    /// status and how long it took.
    pub fn observe(&self, route: &str, method: &str, status: u16, latency: Duration) {
        let method = METHODS
            .iter()
            .position(|m| *m == method)
            .unwrap_or(METHODS.len());
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        if let Ok(routes) = self.routes.read()
            && let Some(stats) = routes.get(route)
        {
            stats.observe(method, status, micros);
            return;
        }
        if let Ok(mut routes) = self.routes.write() {
            routes
                .entry(route.to_owned())
                .or_default()
                .observe(method, status, micros);
        }
    }

    /// Appends `paychat_http_requests_total` and `paychat_http_request_duration_seconds`.
    fn render(&self, out: &mut String) {
        let Ok(routes) = self.routes.read() else {
            return;
        };
        let mut names: Vec<&String> = routes.keys().collect();
        names.sort();
        let _ = writeln!(
            out,
            "# HELP paychat_http_requests_total HTTP requests answered, by route template, \
             method and status.\n# TYPE paychat_http_requests_total counter"
        );
        for name in &names {
            let route = label(name);
            let Ok(outcomes) = routes[*name].outcomes.read() else {
                continue;
            };
            let mut rows: Vec<_> = outcomes
                .iter()
                .map(|(m, s, n)| (METHODS.get(*m).copied().unwrap_or("other"), *s, n))
                .collect();
            rows.sort_by_key(|(m, s, _)| (*m, *s));
            for (method, status, n) in rows {
                let _ = writeln!(
                    out,
                    "paychat_http_requests_total{{route=\"{route}\",method=\"{method}\",\
                     status=\"{status}\"}} {}",
                    n.load(Ordering::Relaxed)
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP paychat_http_request_duration_seconds Time to answer an HTTP request, by \
             route template.\n# TYPE paychat_http_request_duration_seconds histogram"
        );
        for name in &names {
            let stats = &routes[*name];
            let route = label(name);
            let mut cumulative = 0;
            for (i, bound) in BUCKETS_MICROS.iter().enumerate() {
                cumulative += stats.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "paychat_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{}\"}} \
                     {cumulative}",
                    seconds(*bound)
                );
            }
            // Read after the buckets so +Inf is never below the last bucket.
            let count = stats.count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "paychat_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} \
                 {}\npaychat_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 paychat_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                count.max(cumulative),
                seconds(stats.sum_micros.load(Ordering::Relaxed)),
                count.max(cumulative),
            );
        }
    }
}

/// Microseconds as decimal seconds without floats: `250000` → `0.25`.
fn seconds(micros: u64) -> String {
    let (whole, frac) = (micros / 1_000_000, micros % 1_000_000);
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:06}");
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// A label value escaped as the text format asks (backslash, quote, newline).
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_method_and_status_with_a_histogram() {
        let m = Metrics::default();
        let ms = Duration::from_millis;
        m.http.observe("/p/{slug}", "GET", 200, ms(3));
        m.http.observe("/p/{slug}", "GET", 200, ms(30));
        m.http.observe("/p/{slug}", "GET", 404, ms(20_000));
        m.http.observe("unmatched", "BREW", 404, ms(1));
        let text = m.render(None, 0);
        for line in [
            "paychat_http_requests_total{route=\"/p/{slug}\",method=\"GET\",status=\"200\"} 2",
            "paychat_http_requests_total{route=\"/p/{slug}\",method=\"GET\",status=\"404\"} 1",
            "paychat_http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1",
            "paychat_http_request_duration_seconds_bucket{route=\"/p/{slug}\",le=\"0.005\"} 1",
            "paychat_http_request_duration_seconds_bucket{route=\"/p/{slug}\",le=\"0.05\"} 2",
            "paychat_http_request_duration_seconds_bucket{route=\"/p/{slug}\",le=\"10\"} 2",
            "paychat_http_request_duration_seconds_bucket{route=\"/p/{slug}\",le=\"+Inf\"} 3",
            "paychat_http_request_duration_seconds_sum{route=\"/p/{slug}\"} 20.033",
            "paychat_http_request_duration_seconds_count{route=\"/p/{slug}\"} 3",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
        // The older counters are still there.
        assert!(text.contains("paychat_payments_total{outcome=\"succeeded\"} 0"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(seconds(2_500_000), "2.5");
        assert_eq!(seconds(5_000), "0.005");
        assert_eq!(seconds(7), "0.000007");
    }
}
