//! Incoming provider webhooks: `POST /webhooks/providers/{name}`.
//!
//! The raw body goes to the provider's verifier untouched: signatures are computed over
//! the exact bytes sent, which re-serialised JSON would not reproduce.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};

use super::AppState;
use super::error::{ApiBody, ApiError};

/// The webhook routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/webhooks/providers/{name}", post(provider_webhook))
}

async fn provider_webhook(
    State(st): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let outcome = st
        .engine
        .handle_provider_webhook(&name, &headers, &body)
        .await?;
    Ok(Json(
        serde_json::json!({ "received": true, "outcome": outcome.as_str() }),
    ))
}
