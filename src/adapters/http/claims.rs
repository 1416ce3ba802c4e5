//! `POST /api/v1/links/{id}/claims/{payment_id}`: the seller's answer to a buyer's bank
//! transfer claim over the API, as ✅ Received and ❌ Not received answer it in chat. A
//! seller who works only through the API can then settle a claim that holds their link.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::api::AuthSeller;
use super::error::{ApiBody, ApiError, ErrorBody, parse_json};
use crate::engine::EngineError;
use crate::engine::bankpay::Decision;
use crate::engine::views::PaymentView;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/links/{id}/claims/{payment_id}", post(answer))
}

/// The seller's answer.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct AnswerBody {
    decision: DecisionIn,
}

/// `received`: the money is in the seller's account; the link is paid as a provider's
/// payment would pay it. `not_received`: it is not; the claim closes, the buyer's page
/// says so and the link can be paid again.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum DecisionIn {
    Received,
    NotReceived,
}

/// Answers a buyer's bank transfer claim (a `pending` payment with provider `bankqr`).
/// The same answer again returns the claim as it is.
#[utoipa::path(
    post, path = "/api/v1/links/{id}/claims/{payment_id}", tag = "bank QR",
    security(("api_key" = [])),
    params(
        ("id" = String, Path, description = "The link's id"),
        ("payment_id" = String, Path, description = "The claim's payment id"),
    ),
    request_body = AnswerBody,
    responses(
        (status = 200, description = "The claim, answered", body = PaymentView),
        (status = 400, description = "The body is invalid", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such bank transfer claim on this seller's link", body = ErrorBody),
        (status = 409, description = "`claim_answered`: the claim was answered the other way before", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
    )
)]
async fn answer(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
    ApiBody(body): ApiBody,
) -> Result<Json<PaymentView>, ApiError> {
    // A segment that cannot be decoded names no claim: 404 in the API's error shape.
    let Ok(Path((link_id, payment_id))) = path else {
        return Err(EngineError::NotFound("bank transfer claim").into());
    };
    let body: AnswerBody = parse_json(&body)?;
    let decision = match body.decision {
        DecisionIn::Received => Decision::Received,
        DecisionIn::NotReceived => Decision::NotReceived,
    };
    let (claim, as_asked) = st
        .engine
        .answer_bank_claim(&seller.id, &link_id, &payment_id, decision)
        .await?;
    if !as_asked {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "claim_answered",
            format!(
                "this claim was answered the other way before: the payment is {}",
                claim.status.as_str()
            ),
        ));
    }
    Ok(Json(st.engine.payment_view(&claim)))
}
