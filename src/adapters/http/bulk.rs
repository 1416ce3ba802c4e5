//! `POST /api/v1/links/bulk`: many links in one request, from CSV or a JSON array. Each
//! row is read and created exactly like a single `POST /api/v1/links`; the answer says,
//! row by row, which link was made or why the row was refused. A refused row does not
//! stop the others; with an `Idempotency-Key` each row is idempotent on its own (the
//! key and the row number), so a retried upload makes no link twice. The CSV reading,
//! the row rules and the runner are [`crate::engine::bulk`]'s, shared with the chat.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use serde::Serialize;
use serde_json::value::RawValue;
use tower_http::timeout::TimeoutLayer;

use super::AppState;
use super::api::AuthSeller;
use super::error::{ApiBody, ApiError, parse_json};
use crate::engine::bulk::{
    RowPlan, RowRefusal, RowText, UploadError, checked, create_rows, csv_rows,
};
use crate::engine::links::Created;
use crate::engine::views::LinkView;

/// Bytes allowed per row, on top of the server's body limit.
const BYTES_PER_ROW: usize = 2048;

/// The route, with a body limit sized for `max_rows` rows and a time limit of its own:
/// an upload runs rows for longer than one request may.
pub fn routes(
    max_rows: usize,
    body_limit: usize,
    timeout: std::time::Duration,
) -> Router<AppState> {
    let body_limit = body_limit.saturating_add(max_rows.saturating_mul(BYTES_PER_ROW));
    Router::new()
        .route(
            "/api/v1/links/bulk",
            post(bulk).layer(DefaultBodyLimit::max(body_limit)),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            time_limit(timeout, max_rows),
        ))
}

/// How long an upload of `max_rows` may run: the request limit plus 50 ms per row
/// (rows take a few milliseconds each; the rest is room for a busy database).
#[must_use]
pub fn time_limit(request: std::time::Duration, max_rows: usize) -> std::time::Duration {
    request.saturating_add(
        std::time::Duration::from_millis(50)
            .saturating_mul(u32::try_from(max_rows).unwrap_or(u32::MAX)),
    )
}

/// One row's outcome.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct RowResult {
    /// 1 for the first data row (the CSV header is not counted).
    row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<LinkView>,
    /// `true` when an earlier request with the same key made this row's link.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    replayed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<RowError>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct RowError {
    status: u16,
    code: &'static str,
    message: String,
    field: Option<String>,
}

impl From<ApiError> for RowError {
    fn from(e: ApiError) -> Self {
        Self {
            status: e.status.as_u16(),
            code: e.code,
            message: e.message,
            field: e.field,
        }
    }
}

impl From<RowRefusal> for RowError {
    fn from(refusal: RowRefusal) -> Self {
        match refusal {
            RowRefusal::Invalid(e) => ApiError::from(e).into(),
            RowRefusal::RepeatedReference { field, value } => Self {
                status: StatusCode::CONFLICT.as_u16(),
                code: match field {
                    "custom_link_ref" => "duplicate_custom_link_ref",
                    _ => "duplicate_merchant_order_id",
                },
                message: format!("an earlier row of this upload already uses {field} {value:?}"),
                field: Some(field.to_owned()),
            },
            RowRefusal::Create(e) => ApiError::from(e).into(),
        }
    }
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        let message = e.to_string();
        match e {
            UploadError::NotUtf8 | UploadError::Unreadable(_) => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_csv", message)
            }
            UploadError::UnknownColumn(column) => Self::field("unknown_column", column, message),
            UploadError::RepeatedColumn(column) => Self::field("repeated_column", column, message),
            UploadError::NoRows => Self::new(StatusCode::BAD_REQUEST, "no_rows", message),
            UploadError::TooManyRows { .. } => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_many_rows", message)
            }
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct BulkAnswer {
    created: usize,
    refused: usize,
    results: Vec<RowResult>,
}

#[utoipa::path(
    post, path = "/api/v1/links/bulk", tag = "links", security(("api_key" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header,
         description = "Each row n is created once under `<key>:row:<n>`"),
    ),
    request_body(content(
        (Vec<crate::engine::link_body::CreateLinkBody> = "application/json"),
        (String = "text/csv"),
    ), description = "A JSON array of create bodies (or {\"links\": [...]}), or CSV with a header row"),
    responses(
        (status = 200, description = "A result per row, in order", body = BulkAnswer),
        (status = 400, description = "The upload cannot be read, names an unknown column, or holds no rows", body = super::error::ErrorBody),
        (status = 401, description = "Missing or unknown API key", body = super::error::ErrorBody),
        (status = 413, description = "Too many rows or too large a body", body = super::error::ErrorBody),
    )
)]
pub(super) async fn bulk(
    State(st): State<AppState>,
    AuthSeller(seller): AuthSeller,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<BulkAnswer>, ApiError> {
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .filter(|k| !k.trim().is_empty() && k.len() <= 200)
                .ok_or_else(|| {
                    ApiError::field(
                        "idempotency_key_invalid",
                        "Idempotency-Key",
                        "Idempotency-Key must be 1 to 200 visible ASCII characters",
                    )
                })?
                .trim()
                .to_owned(),
        ),
    };
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("text/csv") || t.starts_with("application/csv")
        });
    let rows = if is_csv {
        csv_rows(&body, None)?
    } else {
        json_rows(&body)?
    };
    let rows = checked(rows, st.engine.bulk_max_rows())?;
    let plan = RowPlan { key, origin: None };
    let outcomes = create_rows(&st.engine, &Arc::new(seller), rows, &plan, None).await;
    let public = st.engine.public_url();
    let results: Vec<RowResult> = outcomes
        .into_iter()
        .map(|o| match o.made {
            Ok((link, created)) => RowResult {
                row: o.row,
                link: Some(LinkView::new(&link, public)),
                replayed: created == Created::Replayed,
                error: None,
            },
            Err(refusal) => RowResult {
                row: o.row,
                link: None,
                replayed: false,
                error: Some(refusal.into()),
            },
        })
        .collect();
    let created = results.iter().filter(|r| r.link.is_some()).count();
    Ok(Json(BulkAnswer {
        created,
        refused: results.len() - created,
        results,
    }))
}

/// A JSON array of create bodies, or `{"links": [...]}`. A row that is not an object is
/// refused on its own.
fn json_rows(body: &[u8]) -> Result<Vec<RowText>, ApiError> {
    #[derive(serde::Deserialize)]
    struct Wrapped {
        links: Vec<Box<RawValue>>,
    }
    let refused = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "send a JSON array of links, {\"links\": [...]}, or CSV with Content-Type: text/csv",
        )
    };
    // Untagged enums cannot hold raw values: the first byte tells the two shapes apart.
    let rows = match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => serde_json::from_slice::<Vec<Box<RawValue>>>(body).map_err(|_| refused())?,
        Some(b'{') => parse_json::<Wrapped>(body).map_err(|_| refused())?.links,
        _ => return Err(refused()),
    };
    Ok(rows.into_iter().map(|r| Ok(r.get().to_owned())).collect())
}
