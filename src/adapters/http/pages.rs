//! The buyer's pages: the payment page, its status pages, the return page after the
//! provider, and the link's QR code.
//!
//! Pages are plain HTML with inline CSS: no scripts, no external assets, so they load
//! fast on a phone and work with JavaScript off. Every user-provided string is escaped.

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::AppState;
use super::bank_qr_page::{bank_qr_html, notice_html};
use super::buyer_form::{self, FormAgain};
use super::terms_html::{self, AMOUNT_ERRORS, PayForm};
use crate::adapters::html::{escape, page};
use crate::adapters::slip;
use crate::conversation::i18n::negotiate;
use crate::conversation::provider_label;
use crate::conversation::qr;
use crate::domain::buyer::phone_region;
use crate::domain::money::format_money;
use crate::domain::text::{clean, isolate};
use crate::domain::{LinkStatus, PaymentStatus};
use crate::engine::EngineError;
use crate::engine::LinkRow;
use crate::engine::buyer_details::{buyer_asks, check_buyer};
use crate::engine::payments::{CheckoutStart, NotPayable};
use crate::engine::ports::ProviderError;

/// The buyer routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/favicon.ico", get(favicon))
        // `/r/{token}` and `/r/{token}.pdf`: one segment, the suffix read by the handler.
        .route("/r/{token}", get(super::receipt_page::receipt))
        .route("/p/{slug}", get(link_page))
        .route("/p/{slug}/pay", post(pay))
        .route(
            "/p/{slug}/claimed",
            // A slip picture may be up to 5 MB; the form around it is small.
            post(super::bank_qr_page::claimed).layer(axum::extract::DefaultBodyLimit::max(
                slip::MAX_SLIP_BYTES + 64 * 1024,
            )),
        )
        .route("/p/{slug}/return", get(return_page))
        .route("/p/{slug}/qr.png", get(qr_png))
        .route("/p/{slug}/qr.svg", get(qr_svg))
        .route(
            "/p/{slug}/bank-qr.png",
            get(super::bank_qr_page::bank_qr_png),
        )
        .route(
            "/p/{slug}/bank-qr.svg",
            get(super::bank_qr_page::bank_qr_svg),
        )
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    pub(super) lang: Option<String>,
    pub(super) failed: Option<String>,
    pub(super) payment: Option<String>,
    /// A bank QR claim the buyer made (its state is shown).
    pub(super) claim: Option<String>,
    /// The buyer's claim was refused: another is being confirmed.
    pub(super) busy: Option<String>,
    /// The slip sent with a claim was refused: why (a message key).
    pub(super) slip: Option<String>,
    /// The amount the buyer chose was refused: why (a code of `AMOUNT_ERRORS`).
    pub(super) amount_error: Option<String>,
}

pub(super) fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

pub(super) fn formatted_amount(link: &LinkRow, lang: &str) -> String {
    format_money(link.amount, lang)
}

/// A page with a big status line and a sentence under it.
pub(super) fn status_page(
    st: &AppState,
    status: StatusCode,
    lang: &str,
    key: &str,
    seller: &str,
) -> Response {
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[("seller", seller)]));
    let title = t(&format!("{key}-title"));
    let body = format!(
        "<div class=\"card\"><p class=\"status\">{title}</p><p>{}</p></div>",
        t(&format!("{key}-body"))
    );
    page(status, lang, &title, &body, None)
}

pub(super) fn not_found(st: &AppState, q_lang: Option<&str>, headers: &HeaderMap) -> Response {
    let lang = negotiate(q_lang, accept_language(headers), "en");
    status_page(st, StatusCode::NOT_FOUND, lang, "notfound", "")
}

fn closed_key(reason: NotPayable) -> &'static str {
    match reason {
        NotPayable::Paid => "paid",
        NotPayable::Expired => "expired",
        NotPayable::Cancelled => "cancelled",
        NotPayable::Refunded => "refunded",
    }
}

async fn link_page(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    link_page_with(st, slug, q, headers, None).await
}

/// The payment page; `again` shows the buyer's details form again with the buyer's
/// entries and why they were refused (422).
async fn link_page_with(
    st: AppState,
    slug: String,
    q: PageQuery,
    headers: HeaderMap,
    again: Option<FormAgain>,
) -> Response {
    let public = match st.engine.view_link(&slug).await {
        Ok(p) => p,
        Err(EngineError::NotFound(_)) => return not_found(&st, q.lang.as_deref(), &headers),
        Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
    };
    let link = &public.row.link;
    let seller = &isolate(&public.row.seller_name);
    let lang = negotiate(
        q.lang.as_deref(),
        accept_language(&headers),
        &public.row.seller_locale,
    );
    let closed = match public.effective_status {
        LinkStatus::Active | LinkStatus::PartiallyPaid => None,
        LinkStatus::Paid => Some("paid"),
        LinkStatus::Expired => Some("expired"),
        LinkStatus::Cancelled => Some("cancelled"),
        LinkStatus::PartiallyRefunded | LinkStatus::Refunded => Some("refunded"),
    };
    if let Some(key) = closed {
        // A buyer back on their bank claim's page learns of their own transfer, not of
        // the link: closed meanwhile by another buyer's card, their claim may still wait.
        if let Some(id) = q.claim.as_deref()
            && let Ok(Some(claim)) = st.engine.bank_claim(&link.slug, id).await
        {
            let said = match claim.status {
                // Confirmed: the paid page with their receipt, as after a card checkout.
                PaymentStatus::Succeeded => {
                    return match st.engine.receipt_token(&claim.id).await {
                        Ok(token) => paid_page(&st, lang, token.as_deref()),
                        Err(e) => error_page(&st, e, q.lang.as_deref(), &headers),
                    };
                }
                PaymentStatus::Pending => Some("bankqr-claim-waiting"),
                PaymentStatus::Failed => Some("bankqr-claim-rejected"),
                PaymentStatus::Expired | PaymentStatus::Mismatch => None,
            };
            if let Some(said) = said {
                let text = escape(&st.i18n.t(lang, said, &[]));
                let title = escape(&st.i18n.t(
                    lang,
                    "page-title",
                    &[("seller", &clean(&public.row.seller_name))],
                ));
                return page(
                    StatusCode::OK,
                    lang,
                    &title,
                    &format!("<div class=\"card\">{}</div>", notice_html(&text)),
                    None,
                );
            }
        }
        return status_page(&st, StatusCode::OK, lang, key, seller);
    }
    let amount = formatted_amount(link, lang);
    let t = |k: &str, args: &[(&str, &str)]| escape(&st.i18n.t(lang, k, args));
    // In the seller's zone, with its offset: the buyer is usually nearby, and the offset
    // tells one who is not.
    let zone = st
        .engine
        .seller_timezone(public.row.seller_timezone.as_deref());
    let expiry = match link.expires_at {
        Some(at) => t("expires", &[("date", &zone.datetime(at))]),
        None => t("no-expiry", &[]),
    };
    let notice = if q.failed.is_some() {
        format!("<p class=\"notice\">{}</p>", t("payment-failed", &[]))
    } else {
        String::new()
    };
    let description = if link.description.is_empty() {
        String::new()
    } else {
        // dir="auto" isolates the description's direction from the page around it.
        format!(
            "<p class=\"desc\" dir=\"auto\">{}</p>",
            escape(&clean(&link.description))
        )
    };
    let lang_param = q
        .lang
        .as_deref()
        .map(|_| format!("?lang={lang}"))
        .unwrap_or_default();
    let claim = match q.claim.as_deref() {
        Some(id) => match st.engine.bank_claim(&link.slug, id).await {
            Ok(found) => found.map(|p| p.status),
            Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
        },
        None => None,
    };
    // A link the seller wants paid by bank QR only has no card checkout.
    let bank_only = link.pay_via.as_deref().is_some_and(|v| v != "card");
    // Most sellers have no bank QR account: their pages skip asking for one.
    let bank_qr = if public.row.seller_paytos > 0 {
        st.engine.link_bank_qr(link).await
    } else {
        Ok(None)
    };
    // Another buyer's transfer claim takes what the link has left: neither the QR nor
    // the card checkout is offered meanwhile (claims exist only where there is a QR).
    let held = public.row.seller_paytos > 0
        && claim.is_none()
        && match st.engine.held_by_bank_claims(link).await {
            Ok(held) => held,
            Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
        };
    let bank = match (claim, bank_qr) {
        // Told once: the seller is checking; the QR would only invite a second transfer.
        (Some(PaymentStatus::Pending), _) => notice_html(&t("bankqr-claim-waiting", &[])),
        _ if held => notice_html(&t("bankqr-claim-busy", &[])),
        (_, Ok(Some(qr))) => {
            let mut html = String::new();
            if claim == Some(PaymentStatus::Failed) {
                html.push_str(&notice_html(&t("bankqr-claim-rejected", &[])));
            }
            if q.busy.is_some() {
                html.push_str(&notice_html(&t("bankqr-claim-busy", &[])));
            }
            // Only the known reasons: the query names a message, never free text.
            if let Some(key) = q.slip.as_deref().filter(|k| {
                matches!(
                    *k,
                    "slip-too-large" | "slip-not-a-picture" | "slip-unreadable"
                )
            }) {
                html.push_str(&notice_html(&t(key, &[])));
            }
            html.push_str(&bank_qr_html(
                &qr,
                &amount,
                (&link.slug, &lang_param, !bank_only),
                &t,
            ));
            html
        }
        // Bank QR only, but the seller's account is gone: say so rather than show a
        // page with no way to pay.
        (_, Ok(None)) if bank_only => notice_html(&t("bankqr-unavailable", &[])),
        (_, Ok(None)) => String::new(),
        (_, Err(e)) => return error_page(&st, e, q.lang.as_deref(), &headers),
    };
    let action = format!("/p/{}/pay{lang_param}", link.slug);
    let buyer = buyer_form::fields_html(
        &buyer_asks(link),
        again.as_ref(),
        phone_region(link.amount.currency().code(), &public.row.seller_locale),
        &t,
    );
    let checkout = if bank_only || held || claim == Some(PaymentStatus::Pending) {
        String::new()
    } else if let Some(form) =
        terms_html::choice_form(link, lang, (&action, &buyer), q.amount_error.as_deref(), &t)
    {
        form
    } else {
        format!(
            "<form method=\"post\" action=\"/p/{slug}/pay{lang_param}\">{buyer}\
             <button type=\"submit\">{button}</button></form>",
            slug = escape(&link.slug),
            button = t("pay-button", &[("amount", &amount)]),
        )
    };
    // The provider's name goes with its checkout: a page that offers only a bank
    // transfer (or waits on the buyer's claim of one) names no card processor.
    let secure = if checkout.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"muted\">{}</p>",
            t(
                "secure-note",
                &[("provider", provider_label(&link.provider))]
            )
        )
    };
    let terms = link.terms();
    let items = terms.order.as_ref().map_or_else(String::new, |o| {
        terms_html::items_table(o, link.amount.currency(), lang, &t)
    });
    let body = format!(
        "<div class=\"card\"><h1>{heading}</h1><p class=\"amount\">{amount_html}</p>{description}\
         {items}{balance}{notice}{bank}{checkout}<p class=\"muted\">{expiry}</p>{secure}</div>",
        heading = t("pay-heading", &[("seller", seller)]),
        amount_html = terms_html::amount_line(link, lang, &t),
        balance = terms_html::balance_note(link, lang, &t),
    );
    // A browser tab shows isolation marks as boxes: the title takes the name cleaned.
    let title = t("page-title", &[("seller", &clean(&public.row.seller_name))]);
    let status = if again.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, lang, &title, &body, None)
}

/// A page's message lookup: key and arguments to escaped text.
pub(super) type Translate<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// A language tag for a query string: letters, digits and dashes only.
pub(super) fn query_tag(tag: &str) -> String {
    tag.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(16)
        .collect()
}

pub(super) fn error_page(
    st: &AppState,
    e: EngineError,
    q_lang: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    let lang = negotiate(q_lang, accept_language(headers), "en");
    match e {
        // The seller was told in the provider's words; the buyer only needs to know
        // that nothing was taken and whether trying again can help.
        EngineError::Provider(p @ ProviderError::Refused { .. }) => {
            tracing::info!(error = %p, "checkout refused by the provider");
            status_page(st, StatusCode::UNPROCESSABLE_ENTITY, lang, "refused", "")
        }
        EngineError::Provider(p) => {
            tracing::warn!(error = %p, "checkout could not start");
            status_page(st, StatusCode::BAD_GATEWAY, lang, "unavailable", "")
        }
        other => {
            // Logged once with its cause; the buyer sees the generic page.
            let _ = super::error::ApiError::from(other);
            status_page(st, StatusCode::SERVICE_UNAVAILABLE, lang, "unavailable", "")
        }
    }
}

async fn pay(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    // The amount chosen and the buyer's details, when the page asks for them (a plain
    // Pay button posts none, older pages no body at all).
    form: Result<Form<PayForm>, FormRejection>,
) -> Response {
    let public = match st.engine.public_link(&slug).await {
        Ok(p) => p,
        Err(EngineError::NotFound(_)) => return not_found(&st, q.lang.as_deref(), &headers),
        Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
    };
    // Paid by bank QR only: there is no checkout to start; the page shows the QR.
    if public
        .row
        .link
        .pay_via
        .as_deref()
        .is_some_and(|v| v != "card")
    {
        return Redirect::to(&format!("/p/{slug}")).into_response();
    }
    // The language the buyer page was shown in goes through the checkout and back.
    let lang = negotiate(
        q.lang.as_deref(),
        accept_language(&headers),
        &public.row.seller_locale,
    );
    let form = form.map(|f| f.0).unwrap_or_default();
    // The amount the buyer chose (a link that lets them); a refusal shows the page
    // again with why, named by a code, never by free text in the URL.
    let back = |code: &str| {
        Redirect::to(&format!("/p/{slug}?lang={lang}&amount_error={code}")).into_response()
    };
    let chosen = match form.chosen(public.row.link.amount.currency(), lang) {
        Ok(c) => c,
        Err(code) => return back(code),
    };
    let entry = form.buyer;
    let buyer = match check_buyer(&public.row, &entry) {
        Ok(b) => b,
        Err(errors) => {
            let again = FormAgain { entry, errors };
            return link_page_with(st, slug, q, headers, Some(again)).await;
        }
    };
    match st.engine.start_checkout(&slug, lang, chosen, buyer).await {
        Err(EngineError::Invalid { code, .. }) if AMOUNT_ERRORS.contains(&code) => back(code),
        Ok(CheckoutStart::Redirect(url)) => Redirect::to(&url).into_response(),
        Ok(CheckoutStart::Held) => {
            Redirect::to(&format!("/p/{slug}?busy=1&lang={lang}")).into_response()
        }
        // The status page explains why; a reload there is harmless.
        Ok(CheckoutStart::Closed(reason)) => {
            tracing::debug!(reason = closed_key(reason), "pay on a closed link");
            Redirect::to(&format!("/p/{slug}")).into_response()
        }
        Err(EngineError::NotFound(_)) => not_found(&st, q.lang.as_deref(), &headers),
        Err(e) => error_page(&st, e, q.lang.as_deref(), &headers),
    }
}

/// Where the provider sends the buyer back. The outcome shown comes from our database,
/// which only a verified webhook changes, never from the redirect itself.
async fn return_page(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    let payment_id = q.payment.clone().unwrap_or_default();
    let (public, payment) = match st.engine.payment_for_slug(&slug, &payment_id).await {
        Ok(x) => x,
        Err(EngineError::NotFound(_)) => return not_found(&st, q.lang.as_deref(), &headers),
        Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
    };
    let lang = negotiate(
        q.lang.as_deref(),
        accept_language(&headers),
        &public.seller_locale,
    );
    let link = public.link;
    match payment.status {
        PaymentStatus::Succeeded => match &link.success_url {
            Some(url) => Redirect::to(url).into_response(),
            None => match st.engine.receipt_token(&payment.id).await {
                Ok(token) => paid_page(&st, lang, token.as_deref()),
                Err(e) => error_page(&st, e, q.lang.as_deref(), &headers),
            },
        },
        PaymentStatus::Failed => match &link.failure_url {
            Some(url) => Redirect::to(url).into_response(),
            None => Redirect::to(&format!("/p/{slug}?failed=1&lang={lang}")).into_response(),
        },
        // The provider's checkout ran out: back to the link, which can be paid again.
        PaymentStatus::Expired => Redirect::to(&format!("/p/{slug}?lang={lang}")).into_response(),
        // The provider reported another amount: held until the seller looks at it.
        PaymentStatus::Mismatch => status_page(&st, StatusCode::OK, lang, "held", ""),
        PaymentStatus::Pending => match &link.pending_url {
            Some(url) => Redirect::to(url).into_response(),
            None => {
                let t = |k: &str| escape(&st.i18n.t(lang, k, &[]));
                let body = format!(
                    "<div class=\"card\"><p class=\"status\">{}</p><p>{}</p></div>",
                    t("pending-title"),
                    t("pending-body")
                );
                page(StatusCode::OK, lang, &t("pending-title"), &body, Some(2))
            }
        },
    }
}

async fn qr_for(st: &AppState, slug: &str) -> Result<String, Response> {
    match st.engine.public_link(slug).await {
        Ok(p) => Ok(st.engine.link_url(&p.row.link.slug)),
        Err(EngineError::NotFound(_)) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(super::error::ApiError::from(e).into_response()),
    }
}

pub(super) fn image(content_type: &'static str, body: Vec<u8>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A slug's URL never changes, so neither does its QR code.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}

async fn qr_png(State(st): State<AppState>, Path(slug): Path<String>) -> Response {
    let url = match qr_for(&st, &slug).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match qr::png(&url, 8) {
        Ok(bytes) => image("image/png", bytes),
        Err(e) => super::error::ApiError::internal(e.as_ref()).into_response(),
    }
}

async fn qr_svg(State(st): State<AppState>, Path(slug): Path<String>) -> Response {
    let url = match qr_for(&st, &slug).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match qr::svg(&url) {
        Ok(svg) => image("image/svg+xml", svg.into_bytes()),
        Err(e) => super::error::ApiError::internal(e.as_ref()).into_response(),
    }
}

/// The return page after a payment went through, with the way to its receipt.
fn paid_page(st: &AppState, lang: &str, token: Option<&str>) -> Response {
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[("seller", "")]));
    let receipt = token.map_or(String::new(), |token| {
        format!(
            "<p><a class=\"button\" href=\"/r/{token}?lang={lang}\">{}</a></p>",
            t("receipt-view"),
            token = escape(token),
        )
    });
    let body = format!(
        "<div class=\"card\"><p class=\"status\">{}</p><p>{}</p>{receipt}</div>",
        t("paid-title"),
        t("paid-body"),
    );
    page(StatusCode::OK, lang, &t("paid-title"), &body, None)
}

/// What this server is, for anyone who opens its bare address.
async fn home(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let lang = negotiate(None, accept_language(&headers), "en");
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[]));
    let project = env!("CARGO_PKG_REPOSITORY");
    let more = if project.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"muted\"><a href=\"{url}\">{url}</a></p>",
            url = escape(project)
        )
    };
    let body = format!(
        "<div class=\"card\"><h1>paychat</h1><p class=\"status\">{}</p><p>{}</p>\
         <p class=\"muted\">{}</p>{more}</div>",
        t("home-title"),
        t("home-body"),
        t("home-operators"),
    );
    page(StatusCode::OK, lang, &t("home-title"), &body, None)
}

static FAVICON: &[u8] = include_bytes!("../../../assets/favicon.ico");

/// The icon browsers ask for on every page.
async fn favicon() -> Response {
    let mut res = image("image/x-icon", FAVICON.to_vec());
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=604800"),
    );
    res
}
