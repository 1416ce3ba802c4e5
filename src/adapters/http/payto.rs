//! `/api/v1/payto`: the seller's bank QR accounts over the REST API. The details are
//! the same text a seller sends after `/payto <rail>` in chat, checked the same way.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::api::AuthSeller;
use super::error::{ApiBody, ApiError, parse_json};
use crate::domain::rails::{PayTo, Rail};
use crate::engine::EngineError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/payto", get(list))
        .route("/api/v1/payto/{rail}", get(show).put(set).delete(remove))
        .route(
            "/api/v1/bankfeeds/sepay",
            axum::routing::put(set_feed).delete(remove_feed),
        )
        .route("/api/v1/bankfeeds/sepay/credits", get(unmatched_credits))
}

#[derive(Serialize)]
struct PaytoView {
    rail: Rail,
    currency: &'static str,
    /// What is set, as the seller reads it back.
    summary: String,
    /// Who the buyer's banking app shows.
    payee: String,
    /// The validated account, by field.
    account: PayTo,
}

impl From<PayTo> for PaytoView {
    fn from(p: PayTo) -> Self {
        Self {
            rail: p.rail(),
            currency: p.rail().currency_code(),
            summary: p.summary(),
            payee: p.payee(),
            account: p,
        }
    }
}

#[derive(Serialize)]
struct List {
    data: Vec<PaytoView>,
}

#[derive(Deserialize)]
struct SetBody {
    /// As after `/payto <rail>` in chat: `0812345678`, `Vietcombank 0011001234567 NGUYEN VAN A`…
    details: String,
}

fn rail_of(name: &str) -> Result<Rail, ApiError> {
    Rail::parse(name).ok_or_else(|| {
        EngineError::invalid(
            "rail",
            "payto_unknown_rail",
            "unknown rail: use promptpay, vietqr, pix, upi or qris",
        )
        .into()
    })
}

async fn list(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<Json<List>, ApiError> {
    let data = st.engine.paytos(&seller.id).await?;
    Ok(Json(List {
        data: data.into_iter().map(PaytoView::from).collect(),
    }))
}

async fn show(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    Path(rail): Path<String>,
) -> Result<Json<PaytoView>, ApiError> {
    let rail = rail_of(&rail)?;
    st.engine
        .paytos(&seller.id)
        .await?
        .into_iter()
        .find(|p| p.rail() == rail)
        .map(|p| Json(p.into()))
        .ok_or_else(|| EngineError::NotFound("bank QR account").into())
}

async fn set(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    Path(rail): Path<String>,
    ApiBody(body): ApiBody,
) -> Result<Json<PaytoView>, ApiError> {
    let rail = rail_of(&rail)?;
    let body: SetBody = parse_json(&body)?;
    let pay_to = PayTo::parse(rail, &body.details)
        .map_err(|e| EngineError::invalid("details", e.code(), e.to_string()))?;
    st.engine.set_payto(&seller.id, &pay_to, None).await?;
    Ok(Json(pay_to.into()))
}

async fn remove(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    Path(rail): Path<String>,
) -> Result<StatusCode, ApiError> {
    let rail = rail_of(&rail)?;
    match st.engine.remove_payto(&seller.id, Some(rail), None).await? {
        0 => Err(EngineError::NotFound("bank QR account").into()),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

#[derive(Serialize)]
struct FeedView {
    source: &'static str,
    /// Where SePay sends its webhook.
    url: String,
    /// The header SePay sends ("API Key" authentication). Shown once.
    authorization: String,
}

/// Makes (or replaces) the key of the seller's SePay webhook and says how to set it up.
async fn set_feed(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<Json<FeedView>, ApiError> {
    let key = st.engine.create_bank_feed(&seller.id).await?;
    Ok(Json(FeedView {
        source: crate::engine::bankfeed::SEPAY,
        url: format!("{}/webhooks/bankfeed/sepay", st.engine.public_url()),
        authorization: format!("Apikey {key}"),
    }))
}

/// Credits of the last 30 days the feed could not match to a link.
async fn unmatched_credits(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<Json<serde_json::Value>, ApiError> {
    let data = st.engine.unmatched_credit_views(&seller.id).await?;
    Ok(Json(serde_json::json!({ "data": data })))
}

async fn remove_feed(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<StatusCode, ApiError> {
    match st.engine.remove_bank_feed(&seller.id).await? {
        0 => Err(EngineError::NotFound("bank feed").into()),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}
