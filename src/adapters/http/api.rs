//! The REST API under `/api/v1`, authenticated by a seller's Bearer API key.
//!
//! Field names follow PortOne's payment-link API where it has one (`amount`,
//! `customer_details`, `expiry_date`, `custom_link_ref`, `notes`…), so integrators moving
//! from it change little. Unknown fields are ignored; wrong types are refused.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::error::{ApiBody, ApiError, ErrorBody, parse_json};
use crate::domain::{Currency, LinkId, RefundStatus};
use crate::engine::copies::DuplicateInput;
use crate::engine::link_body::{
    CreateLinkBody, MinorUnits, amount_of, amount_schema, amount_text, double_option, link_input,
    minor_units,
};
use crate::engine::links::{Created, Idempotency, parse_time};
use crate::engine::refunds::{RefundAmount, RefundInput};
use crate::engine::views::{EventView, LinkView, PaymentView, RefundView, rfc3339};
use crate::engine::{EngineError, EngineResult};
use crate::engine::{LinkFilter, SellerRow};

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/links", post(create_link).get(list_links))
        .route("/api/v1/links/{id}", get(get_link))
        .route("/api/v1/links/{id}/cancel", post(cancel_link))
        .route("/api/v1/links/{id}/duplicate", post(duplicate_link))
        .route("/api/v1/links/{id}/payments", get(list_payments))
        .route("/api/v1/links/{id}/events", get(list_events))
        .route(
            "/api/v1/links/{id}/refunds",
            post(create_refund).get(list_refunds),
        )
        .route(
            "/api/v1/webhook_endpoint",
            get(super::webhook_endpoint::get_webhook)
                .put(super::webhook_endpoint::put_webhook)
                .delete(super::webhook_endpoint::delete_webhook),
        )
        .route("/api/v1/openapi.json", get(super::openapi::document))
}

/// The seller behind the request's API key.
pub struct AuthSeller(pub SellerRow);

impl FromRequestParts<AppState> for AuthSeller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(ApiError::unauthorized)?;
        match state.engine.authenticate(key).await? {
            Some(seller) => Ok(Self(seller)),
            None => Err(ApiError::unauthorized()),
        }
    }
}

/// The `{id}` of a link route. A path segment that cannot be decoded (not UTF-8) names no
/// link: 404 in the API's error shape, not axum's plain-text rejection.
pub(super) struct LinkIdPath(pub(super) String);

impl<S: Send + Sync> FromRequestParts<S> for LinkIdPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(Self(id)),
            Err(_) => Err(EngineError::NotFound("link").into()),
        }
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The seller an API key belongs to.
#[derive(Serialize, ToSchema)]
struct SellerView {
    id: String,
    name: String,
    currency: String,
    locale: String,
    #[schema(format = DateTime)]
    created_at: String,
}

/// The seller behind the API key.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "seller", security(("api_key" = [])),
    responses(
        (status = 200, description = "The seller", body = SellerView),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
    )
)]
async fn me(AuthSeller(s): AuthSeller) -> Json<SellerView> {
    Json(SellerView {
        id: s.id.to_string(),
        name: s.name,
        currency: s.currency,
        locale: s.locale,
        created_at: rfc3339(s.created_at),
    })
}

/// Creates a payment link. A repeated `Idempotency-Key` with the same body answers the
/// first link again, with `Idempotent-Replayed: true`.
#[utoipa::path(
    post, path = "/api/v1/links", tag = "links", security(("api_key" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$",
         description = "Makes a retried request create the link once: 1 to 255 visible ASCII characters"),
    ),
    request_body = CreateLinkBody,
    responses(
        (status = 201, description = "The new link (or, on a replay, the first one)", body = LinkView,
         headers(("idempotent-replayed" = String, description = "`true` when this answers an earlier request with the same Idempotency-Key"))),
        (status = 400, description = "A field is missing or invalid", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 409, description = "custom_link_ref or merchant_order_id already used, or the Idempotency-Key was used with another body", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 422, description = "The payment provider refused the link", body = ErrorBody),
        (status = 502, description = "The payment provider did not answer", body = ErrorBody),
    )
)]
async fn create_link(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> ApiResult<Response> {
    let idempotency = idempotency_key(&headers, &body)?;
    let parsed: CreateLinkBody = parse_json(&body)?;
    let input = link_input(parsed)?;
    let (link, created) = st.engine.create_link(&seller, input, idempotency).await?;
    Ok(created_response(&st, &link, created))
}

/// What a duplicate changes; absent fields are copied from the source link.
#[derive(Deserialize, Default, ToSchema)]
struct DuplicateBody {
    #[schema(schema_with = amount_schema)]
    amount: Option<Box<RawValue>>,
    #[serde(default, deserialize_with = "minor_units")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    amount_minor: Option<MinorUnits>,
    /// Only with an amount: the copy's currency (default: the source's).
    currency: Option<String>,
    description: Option<String>,
    expiry_date: Option<String>,
    custom_link_ref: Option<String>,
    merchant_order_id: Option<String>,
    /// A number, or null for a reusable copy; absent: the source's.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 1_000_000)]
    usage_limit: Option<Option<i64>>,
}

/// `POST /api/v1/links/{id}/duplicate`: a new link copied from one of the seller's,
/// with optional changes (an empty body copies it as it is).
#[utoipa::path(
    post, path = "/api/v1/links/{id}/duplicate", tag = "links", security(("api_key" = [])),
    params(
        ("id" = String, Path, description = "The link to copy"),
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$",
         description = "Makes a retried request create the copy once"),
    ),
    request_body(content = Option<DuplicateBody>, description = "Changes; absent fields are copied"),
    responses(
        (status = 201, description = "The new link", body = LinkView,
         headers(("idempotent-replayed" = String, description = "`true` when this answers an earlier request with the same Idempotency-Key"))),
        (status = 400, description = "A field is missing or invalid", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link among the seller's", body = ErrorBody),
        (status = 409, description = "A reference already used, or the Idempotency-Key was used with another request", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 422, description = "The payment provider refused the link", body = ErrorBody),
        (status = 502, description = "The payment provider did not answer", body = ErrorBody),
    )
)]
pub(super) async fn duplicate_link(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> ApiResult<Response> {
    let source = st.engine.link_for_seller(&seller.id, &id).await?;
    // The key's fingerprint covers the source too: one key, one copy of one link.
    let fingerprint = [id.as_bytes(), b"\n", &body].concat();
    let idempotency = idempotency_key(&headers, &fingerprint)?;
    let parsed: DuplicateBody = if body.iter().all(u8::is_ascii_whitespace) {
        DuplicateBody::default()
    } else {
        parse_json(&body)?
    };
    let currency = match parsed.currency.as_deref() {
        None => source.amount.currency(),
        Some(code) => Currency::from_code(code)
            .map_err(|e| ApiError::field("currency_unknown", "currency", e.to_string()))?,
    };
    let amount = amount_of(parsed.amount.as_deref(), parsed.amount_minor, currency)?;
    if amount.is_none() && parsed.currency.is_some() {
        return Err(ApiError::field(
            "missing_field",
            "amount",
            "a new currency needs its amount (amount or amount_minor)",
        ));
    }
    let changes = DuplicateInput {
        amount,
        description: parsed.description,
        expires_at: parsed
            .expiry_date
            .as_deref()
            .map(|s| parse_time("expiry_date", s))
            .transpose()?,
        usage_limit: parsed.usage_limit,
        custom_ref: parsed.custom_link_ref,
        merchant_order_id: parsed.merchant_order_id,
        origin: None,
    };
    let (link, created) = st
        .engine
        .duplicate_link(&seller, &source, changes, idempotency)
        .await?;
    Ok(created_response(&st, &link, created))
}

/// 201 with the link; `Idempotent-Replayed: true` when an earlier request made it.
fn created_response(st: &AppState, link: &crate::engine::LinkRow, created: Created) -> Response {
    let mut res = (
        StatusCode::CREATED,
        Json(LinkView::new(link, st.engine.public_url())),
    )
        .into_response();
    if created == Created::Replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

/// The request's `Idempotency-Key`, fingerprinted with `body`.
fn idempotency_key(headers: &HeaderMap, body: &[u8]) -> Result<Option<Idempotency>, ApiError> {
    headers
        .get("idempotency-key")
        .map(|v| {
            let key = v.to_str().map_err(|_| {
                ApiError::field(
                    "idempotency_key_invalid",
                    "Idempotency-Key",
                    "Idempotency-Key must be visible ASCII",
                )
            })?;
            Idempotency::new(key, body).map_err(ApiError::from)
        })
        .transpose()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only links in this status (`active`, `paid`, `expired`, `cancelled`,
    /// `partially_refunded`, `refunded`).
    status: Option<String>,
    /// Links created at or after this RFC 3339 time.
    created_from: Option<String>,
    /// Links created at or before this RFC 3339 time.
    created_to: Option<String>,
    /// Links whose custom_link_ref or merchant_order_id is this.
    reference: Option<String>,
    /// Page size, 1 to 100 (20 when absent).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// The `next_cursor` of the previous page.
    starting_after: Option<String>,
}

/// One page of a list, newest first.
#[derive(Serialize, ToSchema)]
struct Page<T> {
    data: Vec<T>,
    has_more: bool,
    next_cursor: Option<String>,
}

/// The seller's links, newest first, with filters and cursor paging.
#[utoipa::path(
    get, path = "/api/v1/links", tag = "links", security(("api_key" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "One page of links", body = Page<LinkView>),
        (status = 400, description = "A query parameter is invalid", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
    )
)]
async fn list_links(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Page<LinkView>>> {
    let Query(q) = query
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let limit = match q.limit.as_deref() {
        None => 20,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                ApiError::field(
                    "invalid_field",
                    "limit",
                    "limit must be a number from 1 to 100",
                )
            })?,
    };
    let time = |field, v: Option<String>| -> EngineResult<Option<i64>> {
        v.map(|s| parse_time(field, &s)).transpose()
    };
    let starting_after = q.starting_after.filter(|c| !c.is_empty());
    // An empty page for a cursor that is no link id would read as "no more links".
    if starting_after
        .as_deref()
        .is_some_and(|c| !LinkId::looks_valid(c))
    {
        return Err(ApiError::field(
            "invalid_field",
            "starting_after",
            "starting_after must be a link id: the next_cursor of the previous page",
        ));
    }
    let filter = LinkFilter {
        status: None,
        created_from: time("created_from", q.created_from)?,
        created_to: time("created_to", q.created_to)?,
        reference: q.reference.filter(|r| !r.is_empty()),
        before: starting_after,
        limit: limit + 1,
    };
    let mut rows = st
        .engine
        .list_links(
            &seller.id,
            q.status.as_deref().filter(|s| !s.is_empty()),
            filter,
        )
        .await?;
    let has_more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = has_more
        .then(|| rows.last().map(|l| l.id.to_string()))
        .flatten();
    let public = st.engine.public_url();
    Ok(Json(Page {
        data: rows.iter().map(|l| LinkView::new(l, public)).collect(),
        has_more,
        next_cursor,
    }))
}

/// One of the seller's links.
#[utoipa::path(
    get, path = "/api/v1/links/{id}", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The link", body = LinkView),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
async fn get_link(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> ApiResult<Json<LinkView>> {
    let link = st.engine.link_for_seller(&seller.id, &id).await?;
    Ok(Json(LinkView::new(&link, st.engine.public_url())))
}

/// Cancels an active link; its page then tells buyers it is closed.
#[utoipa::path(
    post, path = "/api/v1/links/{id}/cancel", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The cancelled link", body = LinkView),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
        (status = 409, description = "The link is not active, or changed meanwhile", body = ErrorBody),
    )
)]
async fn cancel_link(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> ApiResult<Json<LinkView>> {
    let link = st.engine.cancel_link(&seller.id, &id, None).await?;
    Ok(Json(LinkView::new(&link, st.engine.public_url())))
}

/// A whole list.
#[derive(Serialize, ToSchema)]
pub(super) struct List<T> {
    pub(super) data: Vec<T>,
}

/// The link's payments (checkouts started, paid, failed…), oldest first.
#[utoipa::path(
    get, path = "/api/v1/links/{id}/payments", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The payments", body = List<PaymentView>),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
async fn list_payments(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> ApiResult<Json<List<PaymentView>>> {
    let rows = st.engine.payments(&seller.id, &id).await?;
    Ok(Json(List {
        data: rows.iter().map(|p| st.engine.payment_view(p)).collect(),
    }))
}

/// The link's timeline.
#[utoipa::path(
    get, path = "/api/v1/links/{id}/events", tag = "links", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The events", body = List<EventView>),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
async fn list_events(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> ApiResult<Json<List<EventView>>> {
    let rows = st.engine.events(&seller.id, &id).await?;
    Ok(Json(List {
        data: rows.iter().map(EventView::from).collect(),
    }))
}

/// The link's refunds.
#[utoipa::path(
    get, path = "/api/v1/links/{id}/refunds", tag = "refunds", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The refunds", body = List<RefundView>),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link for this seller", body = ErrorBody),
    )
)]
async fn list_refunds(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
) -> ApiResult<Json<List<RefundView>>> {
    let (link, rows) = st.engine.refunds(&seller.id, &id).await?;
    Ok(Json(List {
        data: rows
            .iter()
            .map(|r| RefundView::new(r, link.amount.currency().code()))
            .collect(),
    }))
}

/// A refund: `amount` or `amount_minor`, or neither for everything not yet refunded.
/// An empty body is a full refund too.
#[derive(Deserialize, Default, ToSchema)]
struct RefundBody {
    /// The amount in major units: a decimal string or a JSON number.
    #[schema(schema_with = amount_schema)]
    amount: Option<Box<RawValue>>,
    /// The amount in minor units.
    #[serde(default, deserialize_with = "minor_units")]
    #[schema(value_type = Option<i64>)]
    amount_minor: Option<MinorUnits>,
    /// Which payment to refund when the link was paid more than once.
    payment_id: Option<String>,
    reason: Option<String>,
}

/// The refund and its link after it.
#[derive(Serialize, ToSchema)]
struct RefundResponse {
    refund: RefundView,
    link: LinkView,
}

/// Refunds a paid link, in full or in part, through its provider.
#[utoipa::path(
    post, path = "/api/v1/links/{id}/refunds", tag = "refunds", security(("api_key" = [])),
    params(("id" = String, Path, description = "The link's id")),
    request_body(content = Option<RefundBody>, description = "Empty for a full refund"),
    responses(
        (status = 201, description = "The refund is done", body = RefundResponse),
        (status = 202, description = "The provider has not answered clearly; paychat finishes the refund itself", body = RefundResponse),
        (status = 400, description = "A field is invalid, or the amount is more than can be refunded", body = ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
        (status = 404, description = "No such link or payment for this seller", body = ErrorBody),
        (status = 409, description = "The link cannot be refunded in its status, or changed meanwhile", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 422, description = "The payment provider refused the refund", body = ErrorBody),
        (status = 502, description = "The payment provider did not answer", body = ErrorBody),
    )
)]
async fn create_refund(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    LinkIdPath(id): LinkIdPath,
    ApiBody(body): ApiBody,
) -> ApiResult<(StatusCode, Json<RefundResponse>)> {
    // An empty body asks for a full refund.
    let parsed: RefundBody = if body.iter().all(u8::is_ascii_whitespace) {
        RefundBody::default()
    } else {
        parse_json(&body)?
    };
    let amount = match (
        parsed.amount.as_deref().filter(|r| r.get() != "null"),
        parsed.amount_minor,
    ) {
        (Some(_), Some(_)) => {
            return Err(ApiError::field(
                "amount_conflict",
                "amount_minor",
                "send amount or amount_minor, not both",
            ));
        }
        (Some(raw), None) => RefundAmount::Major(amount_text("amount", raw)?),
        (None, Some(m)) => RefundAmount::Minor(m.get("amount_minor")?),
        (None, None) => RefundAmount::Rest,
    };
    let (refund, link) = st
        .engine
        .refund(
            &seller.id,
            &id,
            RefundInput {
                amount,
                payment_id: parsed.payment_id,
                reason: parsed.reason,
                once: None,
            },
        )
        .await?;
    // Pending: the provider did not answer clearly; paychat finishes the refund itself.
    let status = if refund.status == RefundStatus::Pending {
        StatusCode::ACCEPTED
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(RefundResponse {
            refund: RefundView::new(&refund, link.amount.currency().code()),
            link: LinkView::new(&link, st.engine.public_url()),
        }),
    ))
}
