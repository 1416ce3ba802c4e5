//! Liveness, readiness and Prometheus metrics.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;

/// The operator routes; `/metrics` too when `with_metrics`.
pub fn routes(with_metrics: bool) -> Router<AppState> {
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    if with_metrics {
        routes.route("/metrics", get(metrics))
    } else {
        routes
    }
}

/// `/metrics` alone, for `metrics.bind`: an address Prometheus reaches and the public
/// does not. Anything else there is 404.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

/// The process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}

/// How long readiness waits for the database. Probes time out in a second or two; the
/// pool would wait its whole acquire timeout (10 s) for a database that is down.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_millis(900);

/// The database answers; a load balancer sends traffic only while this is 200.
async fn readyz(State(st): State<AppState>) -> Response {
    let ping = tokio::time::timeout(READY_WITHIN, st.engine.ping())
        .await
        .map_err(|_| "no answer within 900 ms".to_owned())
        .and_then(|r| r.map_err(|e| e.to_string()));
    match ping {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ready"})),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable", "reason": "database"})),
            )
                .into_response()
        }
    }
}

/// How long `/metrics` waits for the outbox gauges: a scrape (10 s by default) must not
/// time out, and lose every counter, because the database stalls.
const STATS_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

async fn metrics(State(st): State<AppState>) -> Response {
    // Without an answer in time the gauges are left out; the counters never need one.
    let stats = tokio::time::timeout(STATS_WITHIN, st.engine.outbox_stats())
        .await
        .ok()
        .and_then(Result::ok);
    let text = st.engine.metrics().render(stats, st.engine.now_ms());
    let mut res = text.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}
