//! The one place HTTP statuses are chosen for API errors, and the body extractor that
//! turns malformed, oversized and mistyped JSON into the same error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::engine::EngineError;
use crate::engine::StoreError;
use crate::engine::link_body::{FieldError, read_json};
use crate::engine::ports::{ProviderError, WebhookError};

/// An API error: `{"error": {"code", "message", "field"}}` with a status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

/// The body of every API error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong: a stable `code` for programs, a `message` for people, and the
/// request `field` it is about, when there is one.
#[derive(Serialize, ToSchema)]
struct ErrorDetail {
    #[schema(example = "invalid_field")]
    code: &'static str,
    message: String,
    /// The request field (`amount`, `customer_details.name`, `Idempotency-Key`), or null.
    #[schema(required)]
    field: Option<String>,
}

impl ApiError {
    /// An error with no particular field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A 400 about `field`.
    pub fn field(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// A 500 whose cause is logged here, once, inside the request's span; the client
    /// sees a generic sentence.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        let mut chain = cause.to_string();
        let mut src = cause.source();
        while let Some(s) = src {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            src = s.source();
        }
        tracing::error!(error = %chain, "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; try again later",
        )
    }

    /// 401 for a missing or unknown API key.
    #[must_use]
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or invalid API key: send Authorization: Bearer <key>",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = (self.status, self.code);
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.message,
                field: self.field,
            },
        };
        let mut res = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED && code == "unauthorized" {
            res.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: e.code,
            message: e.message,
            field: e.field,
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Invalid {
                field,
                code,
                message,
            } => Self {
                status: StatusCode::BAD_REQUEST,
                code,
                message,
                field: field.map(str::to_owned),
            },
            EngineError::NotFound(what) => Self::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} not found"),
            ),
            EngineError::Duplicate { field } => Self {
                status: StatusCode::CONFLICT,
                code: match field {
                    "custom_link_ref" => "duplicate_custom_link_ref",
                    "merchant_order_id" => "duplicate_merchant_order_id",
                    _ => "duplicate",
                },
                message: format!("another link already uses this {field}"),
                field: Some(field.to_owned()),
            },
            // The API passes no chat key; should one ever reach here, it is a replay.
            EngineError::AlreadyApplied => Self::new(
                StatusCode::CONFLICT,
                "already_applied",
                "this request was applied before",
            ),
            EngineError::IdempotencyMismatch => Self::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "this Idempotency-Key was already used with a different request body",
            ),
            EngineError::Transition(t) => {
                Self::new(StatusCode::CONFLICT, "invalid_transition", t.to_string())
            }
            EngineError::Provider(p @ ProviderError::Refused { .. }) => {
                tracing::info!(error = %p, "payment provider refused");
                Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "provider_refused",
                    p.to_string(),
                )
            }
            EngineError::Provider(p @ ProviderError::Unavailable { .. }) => {
                tracing::warn!(error = %p, "payment provider unavailable");
                Self::new(
                    StatusCode::BAD_GATEWAY,
                    "provider_unavailable",
                    p.to_string(),
                )
            }
            EngineError::Webhook(WebhookError::BadSignature) => Self::new(
                StatusCode::UNAUTHORIZED,
                "bad_signature",
                "the webhook signature is missing, stale or wrong",
            ),
            EngineError::Webhook(WebhookError::Malformed(m)) => {
                Self::new(StatusCode::BAD_REQUEST, "malformed_webhook", m)
            }
            EngineError::Store(StoreError::Conflict) => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                "the link changed while this request ran; try again",
            ),
            EngineError::Store(s) => Self::internal(&s),
        }
    }
}

/// The raw request body, with a too-large body answered 413 in the API's error shape.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(Self(b)),
            Err(rej) if rej.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the request body is larger than this server accepts",
            )),
            Err(rej) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                rej.body_text(),
            )),
        }
    }
}

/// Parses JSON, naming the field whose type is wrong (`customer_details.name`) or
/// reporting the syntax error with its position (see [`read_json`]), as a 400.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    read_json(body).map_err(ApiError::from)
}
