//! `POST /api/v1/links/bulk`: many links in one request, from CSV or a JSON array. Each
//! row is read and created exactly like a single `POST /api/v1/links`; the answer says,
//! row by row, which link was made or why the row was refused. A refused row does not
//! stop the others; with an `Idempotency-Key` each row is idempotent on its own (the
//! key and the row number), so a retried upload makes no link twice.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use tokio::task::JoinSet;
use tower_http::timeout::TimeoutLayer;

use super::AppState;
use super::api::{AuthSeller, CreateLinkBody, link_input};
use super::error::{ApiBody, ApiError, parse_json};
use crate::engine::links::{Created, Idempotency};
use crate::engine::views::LinkView;
use crate::engine::{Engine, SellerRow};

/// Rows created at the same time: enough to fill a group commit, few enough to leave the
/// pool to other requests.
const IN_FLIGHT: usize = 8;

/// Bytes allowed per row, on top of the server's body limit.
const BYTES_PER_ROW: usize = 2048;

/// The CSV columns, each the create field of the same name (`customer_*` fill
/// `customer_details`). Integers are read from their text.
const COLUMNS: [&str; 15] = [
    "amount",
    "amount_minor",
    "currency",
    "description",
    "expiry_date",
    "custom_link_ref",
    "merchant_order_id",
    "usage_limit",
    "customer_name",
    "customer_email",
    "customer_phone",
    "pay_via",
    "success_url",
    "failure_url",
    "pending_url",
];

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

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct BulkAnswer {
    created: usize,
    refused: usize,
    results: Vec<RowResult>,
}

/// A row as create would receive it: its JSON text (also its idempotency fingerprint).
type Row = Result<String, ApiError>;

#[utoipa::path(
    post, path = "/api/v1/links/bulk", tag = "links", security(("api_key" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header,
         description = "Each row n is created once under `<key>:row:<n>`"),
    ),
    request_body(content(
        (Vec<super::api::CreateLinkBody> = "application/json"),
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
        csv_rows(&body)?
    } else {
        json_rows(&body)?
    };
    let max = st.engine.bulk_max_rows();
    if rows.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "no_rows",
            "the upload holds no rows",
        ));
    }
    if rows.len() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_rows",
            format!(
                "{} rows; at most {max} per request: split the upload",
                rows.len()
            ),
        ));
    }
    let rows = first_use_of_references(rows);
    let results = create_all(&st.engine, &Arc::new(seller), rows, key).await;
    let created = results.iter().filter(|r| r.link.is_some()).count();
    Ok(Json(BulkAnswer {
        created,
        refused: results.len() - created,
        results,
    }))
}

/// Refuses a row whose `custom_link_ref` or `merchant_order_id` an earlier row of the
/// same upload carries: rows are created side by side, and the earlier row must win.
fn first_use_of_references(rows: Vec<Row>) -> Vec<Row> {
    let mut seen: std::collections::HashSet<(&'static str, String)> =
        std::collections::HashSet::new();
    rows.into_iter()
        .map(|row| {
            let text = row?;
            // Unreadable JSON is refused by the row's own create, with its position.
            if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(&text) {
                for (field, code) in [
                    ("custom_link_ref", "duplicate_custom_link_ref"),
                    ("merchant_order_id", "duplicate_merchant_order_id"),
                ] {
                    let Some(v) = o.get(field).and_then(Value::as_str).map(str::trim) else {
                        continue;
                    };
                    if !v.is_empty() && !seen.insert((field, v.to_owned())) {
                        return Err(ApiError {
                            status: StatusCode::CONFLICT,
                            code,
                            message: format!(
                                "an earlier row of this upload already uses {field} {v:?}"
                            ),
                            field: Some(field.to_owned()),
                        });
                    }
                }
            }
            Ok(text)
        })
        .collect()
}

/// Creates every readable row, `IN_FLIGHT` at a time, answering in row order.
async fn create_all(
    engine: &Arc<Engine>,
    seller: &Arc<SellerRow>,
    rows: Vec<Row>,
    key: Option<String>,
) -> Vec<RowResult> {
    let mut results: Vec<Option<RowResult>> = (0..rows.len()).map(|_| None).collect();
    let mut tasks = JoinSet::new();
    let mut rows = rows.into_iter().enumerate();
    loop {
        while tasks.len() < IN_FLIGHT {
            let Some((i, row)) = rows.next() else { break };
            let (engine, seller, key) = (engine.clone(), seller.clone(), key.clone());
            tasks.spawn(async move { (i, create_row(&engine, &seller, i + 1, row, key).await) });
        }
        match tasks.join_next().await {
            Some(Ok((i, result))) => results[i] = Some(result),
            // A row's task cannot panic short of a bug; its row is reported below.
            Some(Err(e)) => tracing::error!(error = %e, "a bulk row's task failed"),
            None => break,
        }
    }
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| RowResult {
                row: i + 1,
                link: None,
                replayed: false,
                error: Some(RowError {
                    status: 500,
                    code: "internal_error",
                    message: "this row could not be processed; send it again".into(),
                    field: None,
                }),
            })
        })
        .collect()
}

async fn create_row(
    engine: &Engine,
    seller: &SellerRow,
    n: usize,
    row: Row,
    key: Option<String>,
) -> RowResult {
    let made = async {
        let text = row?;
        let idempotency = key
            .map(|k| Idempotency::new(&format!("{k}:row:{n}"), text.as_bytes()))
            .transpose()?;
        let body: CreateLinkBody = parse_json(text.as_bytes())?;
        let input = link_input(body)?;
        Ok::<_, ApiError>(engine.create_link(seller, input, idempotency).await?)
    }
    .await;
    match made {
        Ok((link, created)) => RowResult {
            row: n,
            link: Some(LinkView::new(&link, engine.public_url())),
            replayed: created == Created::Replayed,
            error: None,
        },
        Err(e) => RowResult {
            row: n,
            link: None,
            replayed: false,
            error: Some(e.into()),
        },
    }
}

/// A JSON array of create bodies, or `{"links": [...]}`. A row that is not an object is
/// refused on its own.
fn json_rows(body: &[u8]) -> Result<Vec<Row>, ApiError> {
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
        Some(b'[') => parse_json::<Vec<Box<RawValue>>>(body).map_err(|_| refused())?,
        Some(b'{') => parse_json::<Wrapped>(body).map_err(|_| refused())?.links,
        _ => return Err(refused()),
    };
    Ok(rows.into_iter().map(|r| Ok(r.get().to_owned())).collect())
}

/// CSV with a header row naming [`COLUMNS`]: `,` or `;` separated (whichever the header
/// uses), quoted fields, a UTF-8 byte-order mark and CRLF lines as spreadsheets write
/// them. An unknown column refuses the upload; a bad cell refuses its row.
fn csv_rows(body: &[u8]) -> Result<Vec<Row>, ApiError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_csv",
            "the CSV is not UTF-8 text; save it as \"CSV UTF-8\"",
        )
    })?;
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let csv_error = |e: &csv::Error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_csv",
            format!("the CSV cannot be read: {e}"),
        )
    };
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect();
    if let Some(unknown) = names.iter().find(|n| !COLUMNS.contains(&n.as_str())) {
        return Err(ApiError::field(
            "unknown_column",
            unknown.clone(),
            format!(
                "unknown column {unknown:?}; the columns are {}",
                COLUMNS.join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows.push(if record.len() > names.len() {
            Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_csv",
                format!(
                    "{} cells for {} columns (a separator inside a value needs quotes)",
                    record.len(),
                    names.len()
                ),
            ))
        } else {
            csv_row(&names, &record)
        });
    }
    Ok(rows)
}

/// One CSV record as the JSON body of a create; empty cells are absent fields.
fn csv_row(names: &[String], record: &csv::StringRecord) -> Row {
    let mut object = Map::new();
    let mut customer = Map::new();
    for (name, cell) in names.iter().zip(record.iter()) {
        if cell.is_empty() {
            continue;
        }
        let value = match name.as_str() {
            "amount_minor" | "usage_limit" => {
                if name == "usage_limit" && cell.eq_ignore_ascii_case("none") {
                    Value::Null
                } else {
                    Value::from(cell.parse::<i64>().map_err(|_| {
                        ApiError::field(
                            "invalid_field",
                            name.clone(),
                            format!("{name} must be a whole number, not {cell:?}"),
                        )
                    })?)
                }
            }
            _ => Value::from(cell),
        };
        match name.strip_prefix("customer_") {
            Some("email") => customer.insert("email_address".into(), value),
            Some("phone") => customer.insert("phone_number".into(), value),
            Some(other) => customer.insert(other.into(), value),
            None => object.insert(name.clone(), value),
        };
    }
    if !customer.is_empty() {
        object.insert("customer_details".into(), Value::Object(customer));
    }
    serde_json::to_string(&object)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_csv", e.to_string()))
}
