//! Incoming webhooks: `POST /webhooks/providers/{name}` from payment providers and
//! `POST /webhooks/telegram` from the Bot API (webhook mode).
//!
//! The raw body goes to the provider's verifier untouched: signatures are computed over
//! the exact bytes sent, which re-serialised JSON would not reproduce.

use axum::extract::{Path, Query, State};
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
        .route("/webhooks/bankfeed/sepay", post(sepay_webhook))
        .route(
            "/webhooks/whatsapp",
            axum::routing::get(whatsapp_verify).post(whatsapp_webhook),
        )
        .route("/webhooks/line", post(line_webhook))
        .route("/line/slips/{payment}/{mac}", axum::routing::get(line_slip))
}

/// A claim's slip picture for LINE, which fetches pictures by address: 404 unless the
/// address's MAC is right and the slip is still kept.
async fn line_slip(
    State(st): State<AppState>,
    Path((payment, mac)): Path<(String, String)>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such picture");
    let line = st.line.as_ref().ok_or_else(not_found)?;
    match line.slip(&payment, &mac, q.contains_key("preview")).await {
        Ok(Some(jpeg)) => Ok((
            [
                (axum::http::header::CONTENT_TYPE, "image/jpeg"),
                // The buyer's bank details: kept by no cache.
                (axum::http::header::CACHE_CONTROL, "no-store"),
                (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            jpeg,
        )
            .into_response()),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "reading a slip for LINE failed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "try again",
            ))
        }
    }
}

/// A LINE webhook: signature checked over the raw body (401), body read (400), events
/// stored, then 200 — handling happens from the outbox.
async fn line_webhook(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let line = st.line.as_ref().ok_or_else(|| not_here("LINE"))?;
    let signature = headers
        .get("x-line-signature")
        .and_then(|v| v.to_str().ok());
    door_answer(
        line.receive(signature, &body).await,
        "LINE",
        "x-line-signature",
    )
}

/// A chat door that is not configured here.
fn not_here(door: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("{door} is not configured here"),
    )
}

/// What a chat app is answered for its webhook: how many messages were stored, or why
/// not (`503` when storing failed, which the app answers by sending it again).
fn door_answer(
    received: Result<usize, crate::adapters::WebhookRefused>,
    door: &str,
    header: &str,
) -> Result<Json<serde_json::Value>, ApiError> {
    use crate::adapters::WebhookRefused;
    match received {
        Ok(n) => Ok(Json(serde_json::json!({ "received": n }))),
        Err(WebhookRefused::BadSignature) => {
            tracing::warn!(door, "webhook refused: bad signature");
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_signature",
                format!("missing or wrong {header}"),
            ))
        }
        Err(WebhookRefused::Malformed(m)) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
            m,
        )),
        Err(WebhookRefused::Store(e)) => {
            tracing::error!(error = %e, door, "storing a webhook failed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "could not store the webhook; it will be sent again",
            ))
        }
    }
}

/// Meta's subscription handshake: the challenge back when the verify token matches.
async fn whatsapp_verify(
    State(st): State<AppState>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<String, ApiError> {
    let forbidden = || ApiError::new(StatusCode::FORBIDDEN, "forbidden", "verify token mismatch");
    let wa = st.whatsapp.as_ref().ok_or_else(forbidden)?;
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    wa.verify_subscription(
        get("hub.mode"),
        get("hub.verify_token"),
        get("hub.challenge"),
    )
    .ok_or_else(forbidden)
}

/// A WhatsApp webhook: signature checked over the raw body (401), body read (400),
/// messages stored and statuses applied, then 200 — handling happens from the outbox.
async fn whatsapp_webhook(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let wa = st.whatsapp.as_ref().ok_or_else(|| not_here("WhatsApp"))?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    door_answer(
        wa.receive(signature, &body).await,
        "WhatsApp",
        "X-Hub-Signature-256",
    )
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
        tracing::warn!(door = "Telegram", "webhook refused: bad secret token");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_secret",
            "missing or wrong X-Telegram-Bot-Api-Secret-Token",
        ));
    }
    // Until the bot has learnt its own name (getMe), `/link@other_bot` cannot be told
    // from a command for us: Telegram keeps the update and sends it again.
    if !bot.knows_its_name() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "starting",
            "the bot is still starting; send the update again",
        ));
    }
    match serde_json::from_slice::<teloxide::types::Update>(&body) {
        // Stored before the 200, handled from the outbox: Telegram waits for no chat.
        Ok(update) => {
            if let Err(e) = bot.queue_updates(&[update]).await {
                tracing::error!(error = %e, "storing a Telegram update failed");
                return Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "could not store the update; it will be sent again",
                ));
            }
        }
        Err(e) => tracing::warn!(error = %e, "Telegram webhook body not understood; skipped"),
    }
    Ok(Json(serde_json::json!({ "ok": true })))
}

/// A SePay credit report. The key (`Authorization: Apikey …`) names the seller; SePay
/// retries anything but a 2xx, so every outcome it need not resend answers 200 with
/// `{"success": true}`.
async fn sepay_webhook(
    State(st): State<AppState>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let auth = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let outcome = st.engine.handle_sepay(auth, &body).await?;
    tracing::info!(outcome = ?outcome, "bank feed credit");
    Ok(Json(serde_json::json!({ "success": true })))
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
