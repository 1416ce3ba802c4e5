//! `/api/v1/payto`: the seller's bank QR accounts over the REST API. The details are
//! the same text a seller sends after `/payto <rail>` in chat, checked the same way.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::api::{AuthSeller, List};
use super::error::{ApiBody, ApiError, ErrorBody, parse_json};
use crate::domain::rails::{PayTo, Rail};
use crate::engine::EngineError;
use crate::engine::bankfeed::CreditView;

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

/// A bank QR account of the seller.
#[derive(Serialize, ToSchema)]
struct PaytoView {
    #[schema(schema_with = rail_schema)]
    rail: Rail,
    /// The one currency the rail moves.
    currency: &'static str,
    /// What is set, as the seller reads it back.
    summary: String,
    /// Who the buyer's banking app shows.
    payee: String,
    /// The validated account, by field; its `rail` names the kind.
    #[schema(value_type = Object)]
    account: PayTo,
}

/// The `{rail}` of a path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct RailPath {
    /// The rail: promptpay, vietqr, pix, upi or qris (any case).
    #[param(schema_with = rail_schema)]
    rail: String,
}

/// The rail a path names. A segment that cannot be decoded (not UTF-8) is an unknown
/// rail, answered in the API's error shape.
struct RailParam(Rail);

impl<S: Send + Sync> FromRequestParts<S> for RailParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let name = Path::<RailPath>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| p.rail)
            .unwrap_or_default();
        rail_of(&name).map(Self)
    }
}

/// A rail's name, from the rails the domain knows.
fn rail_schema() -> impl Into<RefOr<Schema>> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Rail::ALL.map(Rail::as_str)))
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

/// A bank QR account as the seller types it.
#[derive(Deserialize, ToSchema)]
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

/// The seller's bank QR accounts.
#[utoipa::path(
    get, path = "/api/v1/payto", tag = "bank QR", security(("api_key" = [])),
    responses(
        (status = 200, description = "The accounts", body = List<PaytoView>),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
    )
)]
async fn list(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<Json<List<PaytoView>>, ApiError> {
    let data = st.engine.paytos(&seller.id).await?;
    Ok(Json(List {
        data: data.into_iter().map(PaytoView::from).collect(),
    }))
}

/// The seller's account on one rail.
#[utoipa::path(
    get, path = "/api/v1/payto/{rail}", tag = "bank QR", security(("api_key" = [])),
    params(RailPath),
    responses(
        (status = 200, description = "The account", body = PaytoView),
        (status = 400, description = "Unknown rail", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No account on this rail", body = ErrorBody),
    )
)]
async fn show(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    RailParam(rail): RailParam,
) -> Result<Json<PaytoView>, ApiError> {
    st.engine
        .paytos(&seller.id)
        .await?
        .into_iter()
        .find(|p| p.rail() == rail)
        .map(|p| Json(p.into()))
        .ok_or_else(|| EngineError::NotFound("bank QR account").into())
}

/// Sets (or replaces) the seller's account on one rail.
#[utoipa::path(
    put, path = "/api/v1/payto/{rail}", tag = "bank QR", security(("api_key" = [])),
    params(RailPath),
    request_body = SetBody,
    responses(
        (status = 200, description = "The account as checked and stored", body = PaytoView),
        (status = 400, description = "Unknown rail, or the details are invalid", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
    )
)]
async fn set(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    RailParam(rail): RailParam,
    ApiBody(body): ApiBody,
) -> Result<Json<PaytoView>, ApiError> {
    let body: SetBody = parse_json(&body)?;
    let pay_to = PayTo::parse(rail, &body.details)
        .map_err(|e| EngineError::invalid("details", e.code(), e.to_string()))?;
    st.engine.set_payto(&seller.id, &pay_to, None).await?;
    Ok(Json(pay_to.into()))
}

/// Removes the seller's account on one rail.
#[utoipa::path(
    delete, path = "/api/v1/payto/{rail}", tag = "bank QR", security(("api_key" = [])),
    params(RailPath),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Unknown rail", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No account on this rail", body = ErrorBody),
    )
)]
async fn remove(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    RailParam(rail): RailParam,
) -> Result<StatusCode, ApiError> {
    match st.engine.remove_payto(&seller.id, Some(rail), None).await? {
        0 => Err(EngineError::NotFound("bank QR account").into()),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

/// How to point SePay's webhook at paychat.
#[derive(Serialize, ToSchema)]
struct FeedView {
    source: &'static str,
    /// Where SePay sends its webhook.
    url: String,
    /// The header SePay sends ("API Key" authentication). Shown once.
    authorization: String,
}

/// Makes (or replaces) the key of the seller's SePay webhook and says how to set it up.
#[utoipa::path(
    put, path = "/api/v1/bankfeeds/sepay", tag = "bank QR", security(("api_key" = [])),
    responses(
        (status = 200, description = "The webhook URL and its Authorization header, shown once", body = FeedView),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    get, path = "/api/v1/bankfeeds/sepay/credits", tag = "bank QR", security(("api_key" = [])),
    responses(
        (status = 200, description = "The unmatched credits", body = List<CreditView>),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
    )
)]
async fn unmatched_credits(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<Json<List<CreditView>>, ApiError> {
    let data = st.engine.unmatched_credit_views(&seller.id).await?;
    Ok(Json(List { data }))
}

/// Removes the seller's SePay feed; its key stops working.
#[utoipa::path(
    delete, path = "/api/v1/bankfeeds/sepay", tag = "bank QR", security(("api_key" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No feed is set", body = ErrorBody),
    )
)]
async fn remove_feed(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
) -> Result<StatusCode, ApiError> {
    match st.engine.remove_bank_feed(&seller.id).await? {
        0 => Err(EngineError::NotFound("bank feed").into()),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}
