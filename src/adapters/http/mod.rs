//! The HTTP door: buyer pages, the REST API, webhooks, health and metrics, on one axum
//! router with request ids, tracing, timeouts and a body limit.

pub mod api;
pub mod error;
pub mod health;
pub mod openapi;
pub mod pages;
pub mod payto;
pub mod webhooks;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, StatusCode};
use axum::response::IntoResponse;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::adapters::providers::sandbox::{self, Sandbox};
use crate::conversation::i18n::I18n;
use crate::engine::Engine;

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

/// The whole router with its layers.
pub fn router(state: AppState, body_limit: usize, timeout: Duration) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let ids = RequestIds {
        prefix: hex::encode(crate::engine::random::<4>()).into(),
        next: Arc::new(AtomicU64::new(1)),
    };
    let mut app = Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(payto::routes())
        .merge(webhooks::routes())
        .merge(health::routes())
        .with_state(state.clone());
    if let Some(sandbox) = state.sandbox {
        // Merged before the fallbacks so its routes get the same 404/405 answers.
        app = app.merge(sandbox::router(sandbox, state.i18n));
    }
    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::new())
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
