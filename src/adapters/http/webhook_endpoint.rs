//! The seller's webhook endpoint under `/api/v1/webhook_endpoint`: where paychat POSTs
//! the seller's events, with the secret that signs them (shown once).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::api::AuthSeller;
use super::error::{ApiBody, ApiError, ErrorBody, parse_json};
use crate::engine::views::rfc3339;

type ApiResult<T> = Result<T, ApiError>;

/// Where paychat POSTs the seller's events.
#[derive(Deserialize, ToSchema)]
struct WebhookBody {
    /// A public https or http URL.
    url: String,
    /// The signing secret; paychat makes one when absent.
    secret: Option<String>,
}

/// The seller's webhook endpoint.
#[derive(Serialize, ToSchema)]
pub(super) struct WebhookView {
    url: String,
    /// Shown when set, so the seller can store it; never shown again by GET.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
}

/// Sets (or replaces) the seller's webhook endpoint; the answer shows the secret once.
#[utoipa::path(
    put, path = "/api/v1/webhook_endpoint", tag = "webhook endpoint", security(("api_key" = [])),
    request_body = WebhookBody,
    responses(
        (status = 200, description = "The endpoint, with its secret", body = WebhookView),
        (status = 400, description = "The URL is invalid or not public", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
    )
)]
pub(super) async fn put_webhook(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    ApiBody(body): ApiBody,
) -> ApiResult<Json<WebhookView>> {
    let parsed: WebhookBody = parse_json(&body)?;
    // Not a URL at all is `url_invalid`, before asking where it points.
    crate::engine::sellers::check_url("url", &parsed.url)?;
    if let Err(message) =
        crate::adapters::notify::guard::public_endpoint(&parsed.url, st.allow_private_webhooks)
            .await
    {
        return Err(ApiError::field("url_not_public", "url", message));
    }
    let row = st
        .engine
        .set_webhook_endpoint(&seller.id, &parsed.url, parsed.secret.as_deref())
        .await?;
    Ok(Json(WebhookView {
        url: row.url,
        secret: Some(row.secret),
        created_at: rfc3339(row.created_at),
    }))
}

/// The seller's webhook endpoint, without its secret.
#[utoipa::path(
    get, path = "/api/v1/webhook_endpoint", tag = "webhook endpoint", security(("api_key" = [])),
    responses(
        (status = 200, description = "The endpoint", body = WebhookView),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No endpoint is set", body = ErrorBody),
    )
)]
pub(super) async fn get_webhook(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> ApiResult<Json<WebhookView>> {
    let row = st.engine.webhook_endpoint(&seller.id).await?;
    Ok(Json(WebhookView {
        url: row.url,
        secret: None,
        created_at: rfc3339(row.created_at),
    }))
}

/// Removes the seller's webhook endpoint.
#[utoipa::path(
    delete, path = "/api/v1/webhook_endpoint", tag = "webhook endpoint", security(("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No endpoint is set", body = ErrorBody),
    )
)]
pub(super) async fn delete_webhook(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> ApiResult<StatusCode> {
    st.engine.delete_webhook_endpoint(&seller.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
