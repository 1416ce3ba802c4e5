//! The bank QR parts of the buyer page: the QR section, "I have paid" with its slip,
//! and the QR as a picture.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use super::pages::{PageQuery, Translate, error_page, image, not_found, query_tag};
use crate::adapters::html::escape;
use crate::adapters::slip;
use crate::conversation::qr;
use crate::domain::rails::Rail;
use crate::engine::EngineError;
use crate::engine::bankpay::{ClaimOutcome, ClaimSlip};
use crate::engine::payto::BankQr;

/// The bank QR section of a buyer page: the amount-locked QR, who the banking app will
/// show, the steps, and per rail the copy-paste code (Pix) or the app link (UPI). Every
/// value is escaped; the SVG is drawn here.
pub(super) fn bank_qr_html(
    qr: &BankQr,
    amount: &str,
    (slug, lang_param, or_card): (&str, &str, bool),
    t: &Translate<'_>,
) -> String {
    let svg = qr::svg(&qr.payload).unwrap_or_default();
    let rail = qr.rail.label();
    let reference = qr.reference.as_deref().map_or(String::new(), |r| {
        format!("<p>{}</p>", t("bankqr-reference", &[("reference", r)]))
    });
    let extra = match qr.rail {
        Rail::Pix => format!(
            "<p>{}</p><textarea readonly rows=\"4\" class=\"copy\">{}</textarea>",
            t("bankqr-pix-copy", &[]),
            escape(&qr.payload)
        ),
        Rail::Upi => format!(
            "<p><a class=\"button\" href=\"{}\">{}</a></p>",
            escape(&qr.payload),
            t("bankqr-upi-open", &[])
        ),
        _ => String::new(),
    };
    format!(
        "<section class=\"bankqr\"><h2>{heading}</h2><div class=\"qr\">{svg}</div>\
         <p>{payee}</p>{reference}{extra}<ol><li>{step1}</li><li>{step2}</li><li>{step3}</li></ol>\
         <p class=\"muted\">{note} <a href=\"/p/{slug}/bank-qr.png\" download>{download}</a></p>\
         <form method=\"post\" action=\"/p/{slug}/claimed{lang_param}\" enctype=\"multipart/form-data\">\
         <input name=\"name\" maxlength=\"80\" autocomplete=\"name\" placeholder=\"{name_hint}\" \
         aria-label=\"{name_hint}\"><label>{slip_hint} <input type=\"file\" name=\"slip\" \
         accept=\"image/jpeg,image/png,image/webp\"></label>\
         <button type=\"submit\" class=\"secondary\">{claim}</button></form>\
         {or_card}</section>",
        heading = t("bankqr-heading", &[("rail", rail)]),
        payee = t("bankqr-payee", &[("payee", &qr.payee)]),
        step1 = t("bankqr-step-scan", &[]),
        step2 = t(
            "bankqr-step-check",
            &[("amount", amount), ("payee", &qr.payee)]
        ),
        step3 = t("bankqr-step-confirm", &[]),
        note = t("bankqr-note", &[]),
        download = t("bankqr-download", &[]),
        // Other ways to pay follow only when there are any.
        or_card = if or_card {
            format!("<p class=\"or\">{}</p>", t("bankqr-or-card", &[]))
        } else {
            String::new()
        },
        name_hint = t("bankqr-claim-name", &[]),
        slip_hint = t("bankqr-claim-slip", &[]),
        claim = t("bankqr-claim-button", &[]),
        slug = escape(slug),
        lang_param = escape(lang_param),
    )
}

pub(super) fn notice_html(text: &str) -> String {
    format!("<p class=\"notice\">{text}</p>")
}

/// "I have paid" on a bank QR (a multipart form: an optional name and an optional slip
/// picture): recorded and the seller asked; the page then shows the claim's state (a
/// refresh shows the seller's answer). A slip that is no picture or too large sends the
/// buyer back to the page with the reason, nothing recorded.
pub(super) async fn claimed(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    mut form: axum::extract::Multipart,
) -> Response {
    let lang = q
        .lang
        .as_deref()
        .map(|l| format!("&lang={}", query_tag(l)))
        .unwrap_or_default();
    let back =
        |reason: &str| Redirect::to(&format!("/p/{slug}?slip={reason}{lang}")).into_response();
    let mut name = String::new();
    let mut upload: Option<Vec<u8>> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let field_name = field.name().unwrap_or_default().to_owned();
                let Ok(bytes) = field.bytes().await else {
                    return back(slip::SlipError::TooLarge.key());
                };
                match field_name.as_str() {
                    "name" => name = String::from_utf8_lossy(&bytes).chars().take(200).collect(),
                    "slip" if !bytes.is_empty() => upload = Some(bytes.to_vec()),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return back(slip::SlipError::TooLarge.key()),
        }
    }
    let slip = match upload.map(|bytes| slip::read(&bytes)) {
        None => None,
        Some(Ok(s)) => Some(ClaimSlip {
            jpeg: s.jpeg,
            qr: s.qr.map(|q| (q.bank, q.reference)),
        }),
        Some(Err(e)) => return back(e.key()),
    };
    let name = Some(name.as_str()).filter(|n| !n.trim().is_empty());
    match st.engine.claim_bank_payment(&slug, name, slip).await {
        Ok(ClaimOutcome::Claimed { payment_id }) => {
            Redirect::to(&format!("/p/{slug}?claim={payment_id}{lang}")).into_response()
        }
        Ok(ClaimOutcome::Busy) => Redirect::to(&format!("/p/{slug}?busy=1{lang}")).into_response(),
        Ok(ClaimOutcome::Closed(_) | ClaimOutcome::NoBankQr) => {
            Redirect::to(&format!("/p/{slug}")).into_response()
        }
        Err(EngineError::NotFound(_)) => not_found(&st, q.lang.as_deref(), &headers),
        Err(e) => error_page(&st, e, q.lang.as_deref(), &headers),
    }
}

/// The link's bank QR as a picture to save and open in a banking app (PNG), or to print
/// at any size (SVG).
pub(super) async fn bank_qr_png(State(st): State<AppState>, Path(slug): Path<String>) -> Response {
    bank_qr_image(&st, &slug, false).await
}

pub(super) async fn bank_qr_svg(State(st): State<AppState>, Path(slug): Path<String>) -> Response {
    bank_qr_image(&st, &slug, true).await
}

async fn bank_qr_image(st: &AppState, slug: &str, svg: bool) -> Response {
    let link = match st.engine.public_link(slug).await {
        Ok(p) if p.effective_status.is_open() => p.row.link,
        Ok(_) | Err(EngineError::NotFound(_)) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return super::error::ApiError::from(e).into_response(),
    };
    // While buyers' claims hold every use the link has left, its page shows no QR: the
    // picture would only invite a second transfer, so it is not served either.
    match st.engine.held_by_bank_claims(&link).await {
        Ok(false) => {}
        Ok(true) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return super::error::ApiError::from(e).into_response(),
    }
    let qr = match st.engine.link_bank_qr(&link).await {
        Ok(Some(qr)) => qr,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return super::error::ApiError::from(e).into_response(),
    };
    let drawn = if svg {
        qr::svg(&qr.payload).map(|s| ("image/svg+xml", s.into_bytes()))
    } else {
        qr::png(&qr.payload, 8).map(|p| ("image/png", p))
    };
    match drawn {
        // Not cached like the link's QR: the seller may change their account.
        Ok((content_type, bytes)) => {
            let mut res = image(content_type, bytes);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => super::error::ApiError::internal(e.as_ref()).into_response(),
    }
}
