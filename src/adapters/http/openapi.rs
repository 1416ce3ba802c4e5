//! The OpenAPI 3.1 document of the REST API, generated from the handlers' own
//! `#[utoipa::path]` attributes and the response types' `ToSchema` derives, so it changes
//! with the code. Served without authentication at `GET /api/v1/openapi.json`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{api, bulk, payto, webhook_endpoint};

/// The document's root: every `/api/v1` operation, listed once here.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "paychat REST API",
        description = "Payment links for a seller's own shop system. Every operation but \
                       this document takes the seller's API key as `Authorization: Bearer \
                       <key>` (`paychat apikey create`). Amounts are exact: `amount` is a \
                       decimal string in major units, `amount_minor` an integer in minor \
                       units. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        api::me,
        api::create_link,
        api::list_links,
        api::get_link,
        api::cancel_link,
        api::duplicate_link,
        super::remind::remind,
        super::remind::resend,
        super::claims::answer,
        bulk::bulk,
        api::list_payments,
        api::list_events,
        api::list_refunds,
        api::create_refund,
        webhook_endpoint::get_webhook,
        webhook_endpoint::put_webhook,
        webhook_endpoint::delete_webhook,
        payto::list,
        payto::show,
        payto::set,
        payto::remove,
        payto::set_feed,
        payto::remove_feed,
        payto::unmatched_credits,
        document,
    ),
    modifiers(&BearerKey),
    tags(
        (name = "links", description = "Payment links, their payments and timeline"),
        (name = "refunds", description = "Refunds of paid links"),
        (name = "webhook endpoint", description = "Where paychat POSTs the seller's events"),
        (name = "bank QR", description = "The seller's national bank QR accounts and bank feed"),
        (name = "seller", description = "The seller behind the API key"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// The `api_key` security scheme the operations name: a bearer token that is one of the
/// seller's API keys.
struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description = Some("A seller's API key, from `paychat apikey create`".into());
        components.add_security_scheme("api_key", SecurityScheme::Http(bearer));
    }
}

/// The document as JSON, built once: it depends on the code only.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    // Serializing plain maps and strings cannot fail; an empty object would still be
    // valid JSON should it ever.
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_owned())
});

/// This OpenAPI document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API", body = Object,
         content_type = "application/json"),
    )
)]
pub async fn document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
        .into_response()
}

/// The document as a value, for tests and tools.
#[must_use]
pub fn document_value() -> serde_json::Value {
    serde_json::from_str(&DOCUMENT).unwrap_or_default()
}
