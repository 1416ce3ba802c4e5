//! The HTTP door: buyer pages, the REST API, webhooks, health and metrics, on one axum
//! router with request ids, tracing, timeouts and a body limit.

pub mod api;
mod bank_qr_page;
pub mod bulk;
mod buyer_form;
mod claims;
pub mod error;
pub mod health;
pub mod openapi;
mod outreach;
pub mod pages;
pub mod payto;
mod receipt_page;
mod remind;
mod terms_html;
mod webhook_endpoint;
pub mod webhooks;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::adapters::providers::sandbox::{self, Sandbox};
use crate::conversation::i18n::I18n;
use crate::engine::Engine;
use crate::engine::metrics::Metrics;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub engine: Arc<Engine>,
    pub i18n: Arc<I18n>,
    pub sandbox: Option<Arc<Sandbox>>,
    /// The Telegram bot when it takes updates by webhook.
    pub telegram: Option<Arc<crate::adapters::telegram::TelegramBot>>,
    /// The WhatsApp door, when configured.
    pub whatsapp: Option<Arc<crate::adapters::whatsapp::WhatsApp>>,
    /// The LINE door, when configured.
    pub line: Option<Arc<crate::adapters::line::Line>>,
    /// Sellers' webhook URLs may reach non-public addresses (`webhooks.allow_private`).
    pub allow_private_webhooks: bool,
}

/// Request ids: a per-process random prefix and a counter, cheap and unique enough to
/// find one request's lines in the logs.
#[derive(Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.prefix)
            .parse()
            .ok()
            .map(RequestId::new)
    }
}

/// The whole router with its layers; `/metrics` among its routes only when
/// `metrics_here` (else it is served alone elsewhere: [`health::metrics_router`]).
pub fn router(state: AppState, body_limit: usize, timeout: Duration, metrics_here: bool) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let ids = RequestIds {
        prefix: hex::encode(crate::engine::random::<4>()).into(),
        next: Arc::new(AtomicU64::new(1)),
    };
    let bulk =
        bulk::routes(state.engine.bulk_max_rows(), body_limit, timeout).with_state(state.clone());
    let mut app = Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(outreach::routes())
        .merge(remind::routes())
        .merge(claims::routes())
        .merge(payto::routes())
        .merge(webhooks::routes())
        .merge(health::routes(metrics_here))
        .with_state(state.clone());
    let metrics = state.engine.metrics().clone();
    if let Some(sandbox) = state.sandbox {
        // Merged before the fallbacks so its routes get the same 404/405 answers.
        app = app.merge(sandbox::router(sandbox, state.i18n));
    }
    app.layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        timeout,
    ))
    .merge(bulk)
    .fallback(not_found)
    .method_not_allowed_fallback(method_not_allowed)
    .layer(DefaultBodyLimit::max(body_limit))
    .layer(CatchPanicLayer::new())
    // Outside the timeout and panic layers, so their 408 and 500 are counted too.
    .layer(axum::middleware::from_fn_with_state(metrics, access))
    .layer(PropagateRequestIdLayer::new(request_id.clone()))
    .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", MatchedPath::as_str);
        let id = req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        // The route template, never the raw path: slugs and ids stay out of logs.
        tracing::info_span!("http.request", method = %req.method(), route, request_id = id)
    }))
    .layer(SetRequestIdLayer::new(request_id, ids))
}

/// One access line and one metrics observation per request. The route is the matched
/// template (`/p/{slug}`), never the path, so slugs and ids stay out of both; the
/// line's target `paychat::access` lets an operator mute it alone.
async fn access(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = req.method().clone();
    let request_id = req.headers().get("x-request-id").cloned();
    let res = next.run(req).await;
    let latency = started.elapsed();
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    let status = res.status().as_u16();
    metrics
        .http
        .observe(route, method.as_str(), status, latency);
    tracing::info!(
        target: "paychat::access",
        method = %method,
        route,
        status,
        // Tenths of a millisecond: enough to see a slow route, short to read.
        latency_ms = u64::try_from(latency.as_micros() / 100).unwrap_or(u64::MAX) as f64 / 10.0,
        request_id = request_id.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("-"),
        "request"
    );
    res
}

async fn not_found() -> impl IntoResponse {
    error::ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route")
}

async fn method_not_allowed() -> impl IntoResponse {
    error::ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method",
    )
}
