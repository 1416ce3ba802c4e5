//! Writing to a link's buyer again on the seller's word: `POST /api/v1/links/{id}/remind`
//! (a reminder now) and `POST /api/v1/links/{id}/resend` (the link's first message
//! again). The same engine calls serve the seller's chat.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::post;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::api::{AuthSeller, LinkIdPath};
use super::error::{ApiError, ErrorBody};

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/links/{id}/remind", post(remind))
        .route("/api/v1/links/{id}/resend", post(resend))
}

/// Whom the message was queued to.
#[derive(Serialize, ToSchema)]
pub struct Emailed {
    /// The buyer's e-mail address and/or phone number (E.164) the message is queued to.
    #[schema(example = json!(["buyer@example.com"]))]
    to: Vec<String>,
}

/// Queues a reminder to the link's buyer, due now, by each way the link reaches them (an
/// e-mail reminder, the link's text again), besides any scheduled ones.
#[utoipa::path(
    post, path = "/api/v1/links/{id}/remind", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The reminder is queued", body = Emailed),
        (status = 400, description = "`outreach_missing` (the link is not sent to its buyer), `link_closed`, `outreach_stopped` (the buyer stopped its messages)", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
pub(super) async fn remind(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> Result<Json<Emailed>, ApiError> {
    let link = st.engine.link_for_seller(&seller.id, &id).await?;
    let to = st
        .engine
        .remind_buyer_now(&link.id, st.engine.now_ms())
        .await?;
    Ok(Json(Emailed { to }))
}

/// Sends the link's first message to its buyer again, now, by e-mail and/or SMS as the
/// link was sent. A link with a buyer's address or number that was not sent gets its
/// outreach now.
#[utoipa::path(
    post, path = "/api/v1/links/{id}/resend", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The message is queued", body = Emailed),
        (status = 400, description = "`contact_missing` (no buyer's address or number), `email_not_configured`, `link_closed`, `outreach_stopped`", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
pub(super) async fn resend(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> Result<Json<Emailed>, ApiError> {
    let link = st.engine.link_for_seller(&seller.id, &id).await?;
    let to = st.engine.resend_link(&link.id).await?;
    Ok(Json(Emailed { to }))
}
