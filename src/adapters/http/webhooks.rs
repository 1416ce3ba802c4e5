//! Incoming webhooks: `POST /webhooks/providers/{name}` from payment providers and
//! `POST /webhooks/telegram` from the Bot API (webhook mode).
//!
//! The raw body goes to the provider's verifier untouched: signatures are computed over
//! the exact bytes sent, which re-serialised JSON would not reproduce.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::{ApiBody, ApiError};

/// The webhook routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks/providers/{name}", post(provider_webhook))
        .route("/webhooks/telegram", post(telegram_webhook))
}

/// A Telegram update. The secret-token header is compared in constant time; an update
/// we cannot read is acknowledged (Telegram would resend it forever) and logged.
async fn telegram_webhook(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Some(bot) = st.telegram.as_ref().filter(|b| b.webhook_mode()) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no Telegram bot takes webhooks here",
        ));
    };
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    let expected = bot.webhook_secret().as_bytes();
    if expected.is_empty() || !bool::from(given.ct_eq(expected)) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_secret",
            "missing or wrong X-Telegram-Bot-Api-Secret-Token",
        ));
    }
    match serde_json::from_slice::<teloxide::types::Update>(&body) {
        Ok(update) => bot.clone().handle_batch(vec![update]).await,
        Err(e) => tracing::warn!(error = %e, "Telegram webhook body not understood; skipped"),
    }
    Ok(Json(serde_json::json!({ "ok": true })))
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
