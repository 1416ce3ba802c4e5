//! The stop link of a buyer's e-mail: `/p/{slug}/stop?t=<token>`.
//!
//! `GET` only asks (mail scanners and link previews open every link in a message, and
//! must not stop anything); the button on that page, or a mail app's one-click
//! unsubscribe (RFC 8058, a `POST` of `List-Unsubscribe=One-Click` to the same URL),
//! stops further messages for that link and says so. Pages are in the language the
//! e-mail was written in; the seller's name is escaped.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::AppState;
use crate::adapters::html::{escape, page};
use crate::engine::EngineError;
use crate::engine::outreach::Stopped;

/// The stop link's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/p/{slug}/stop", get(ask).post(stop))
}

#[derive(Deserialize)]
struct StopQuery {
    #[serde(default)]
    t: String,
}

/// Asks whether to stop (nothing changes on `GET`).
async fn ask(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<StopQuery>,
) -> Response {
    let (public, outreach) = match st.engine.outreach_to_stop(&slug, &q.t).await {
        Ok(found) => found,
        Err(e) => return failed(&st, &e),
    };
    let lang = outreach.language.as_str();
    let seller = public.row.seller_name.as_str();
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[("seller", seller)]));
    if outreach.stopped_at.is_some() {
        return done(&st, lang, seller);
    }
    let title = t("stop-ask-title");
    let body = format!(
        "<div class=\"card\"><p class=\"status\">{title}</p><p>{}</p>\
         <form method=\"post\" action=\"/p/{}/stop?t={}\">\
         <button type=\"submit\">{}</button></form></div>",
        t("stop-ask-body"),
        escape(&public.row.link.slug),
        escape(&outreach.stop_token),
        t("stop-button"),
    );
    page(StatusCode::OK, lang, &title, &body, None)
}

/// Stops further messages for the link (the page's button, or one-click unsubscribe).
async fn stop(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<StopQuery>,
) -> Response {
    match st.engine.stop_outreach(&slug, &q.t).await {
        Ok(Stopped::Now | Stopped::Before) => {}
        Err(e) => return failed(&st, &e),
    }
    match st.engine.outreach_to_stop(&slug, &q.t).await {
        Ok((public, outreach)) => done(&st, &outreach.language, &public.row.seller_name),
        Err(e) => failed(&st, &e),
    }
}

/// The page saying no more messages will come.
fn done(st: &AppState, lang: &str, seller: &str) -> Response {
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[("seller", seller)]));
    let title = t("stop-done-title");
    let body = format!(
        "<div class=\"card\"><p class=\"status\">{title}</p><p>{}</p></div>",
        t("stop-done-body")
    );
    page(StatusCode::OK, lang, &title, &body, None)
}

/// An unknown link or token (404), or a failure on our side (500), in English: the
/// language is not known without the outreach.
fn failed(st: &AppState, e: &EngineError) -> Response {
    let (status, key) = match e {
        EngineError::NotFound(_) => (StatusCode::NOT_FOUND, "notfound"),
        other => {
            tracing::error!(error = %other, "stop link failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "stop-error")
        }
    };
    let t = |k: &str| escape(&st.i18n.t("en", k, &[("seller", "")]));
    let title = t(&format!("{key}-title"));
    let body = format!(
        "<div class=\"card\"><p class=\"status\">{title}</p><p>{}</p></div>",
        t(&format!("{key}-body"))
    );
    page(status, "en", &title, &body, None)
}
