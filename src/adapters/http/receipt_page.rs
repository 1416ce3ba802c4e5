//! A buyer's receipt, as a page or a PDF download.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::pages::{accept_language, error_page, status_page};
use crate::adapters::html::{escape, page};
use crate::conversation::i18n::negotiate;
use crate::conversation::provider_label;
use crate::domain::money::format_money;
use crate::domain::rails::Rail;
use crate::domain::terms::LineKind;
use crate::domain::text::clean;
use crate::engine::EngineError;

#[derive(Deserialize)]
pub(super) struct ReceiptQuery {
    lang: Option<String>,
}

/// A buyer's receipt, as a page or (`.pdf`) a download. A token that is not a
/// receipt's gets the same plain 404 whatever the reason, so nothing can be learnt
/// by trying tokens.
pub(super) async fn receipt(
    State(st): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<ReceiptQuery>,
    headers: HeaderMap,
) -> Response {
    let (token, as_pdf) = match token.strip_suffix(".pdf") {
        Some(t) => (t.to_owned(), true),
        None => (token, false),
    };
    let found = match st.engine.receipt(&token).await {
        Ok(r) => r,
        Err(EngineError::NotFound(_)) => {
            let lang = negotiate(q.lang.as_deref(), accept_language(&headers), "en");
            return status_page(&st, StatusCode::NOT_FOUND, lang, "receipt-notfound", "");
        }
        Err(e) => return error_page(&st, e, q.lang.as_deref(), &headers),
    };
    let lang = negotiate(
        q.lang.as_deref(),
        accept_language(&headers),
        &found.link.seller_locale,
    );
    let text = receipt_text(&st, &found, lang);
    if as_pdf {
        return match crate::adapters::receipt::pdf(&text) {
            Ok(bytes) => {
                let mut res = bytes.into_response();
                let h = res.headers_mut();
                h.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/pdf"),
                );
                h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                h.insert(
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"receipt.pdf\""),
                );
                h.insert(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                );
                res
            }
            Err(e) => super::error::ApiError::internal(&e).into_response(),
        };
    }
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[]));
    let token = escape(&found.token);
    let actions = format!(
        "<a class=\"button\" href=\"/r/{token}.pdf?lang={lang}\" download>{pdf}</a>\
         <span class=\"muted\">{print}</span>",
        pdf = t("receipt-pdf"),
        print = t("receipt-print"),
    );
    let body = crate::adapters::receipt::html(&text, &actions);
    let title = format!(
        "{} — {}",
        escape(&text.title),
        escape(&clean(&found.link.seller_name))
    );
    page(StatusCode::OK, lang, &title, &body, None)
}

/// The receipt's lines in `lang`: what was paid, to whom, for what, when (in the
/// seller's time zone), how, and the references to quote when asking about it.
fn receipt_text(
    st: &AppState,
    r: &crate::engine::receipts::Receipt,
    lang: &str,
) -> crate::adapters::receipt::ReceiptText {
    let t = |k: &str, args: &[(&str, &str)]| st.i18n.t(lang, k, args);
    let p = &r.payment;
    let link = &r.link.link;
    let seller = clean(&r.link.seller_name);
    let zone = st.engine.seller_timezone(r.link.seller_timezone.as_deref());
    let method = match p.method.as_str() {
        "provider" => provider_label(&p.provider).to_owned(),
        "manual" => t("receipt-method-manual", &[]),
        other => Rail::parse(other).map_or_else(|| other.to_owned(), |r| r.label().to_owned()),
    };
    let mut lines = Vec::new();
    if !link.description.is_empty() {
        lines.push((t("receipt-for", &[]), clean(&link.description)));
    }
    // The order's lines, as on the buyer page: one row each, then shipping, discount.
    if let Some(order) = link.terms().order {
        let currency = link.amount.currency();
        let money = |m: i64| crate::domain::money::format_minor(m, currency, lang);
        for line in order.lines() {
            lines.push(match line.kind {
                LineKind::Item(i) => (
                    format!("{} × {}", i.quantity, clean(&i.name)),
                    money(line.amount_minor),
                ),
                LineKind::Shipping => (t("items-shipping", &[]), money(line.amount_minor)),
                LineKind::Discount(code) => (
                    code.map_or_else(
                        || t("items-discount", &[]),
                        |c| t("items-discount-code", &[("code", &clean(c))]),
                    ),
                    format!("−{}", money(line.amount_minor)),
                ),
            });
        }
    }
    lines.push((t("receipt-date", &[]), zone.datetime(r.paid_at)));
    lines.push((t("receipt-method", &[]), method));
    if let Some(payer) = p.payer_name.as_deref().filter(|n| !n.trim().is_empty()) {
        lines.push((t("receipt-payer", &[]), clean(payer)));
    }
    lines.push((t("receipt-reference", &[]), p.id.to_string()));
    // Paid outside any provider, the payment id stands in for the provider's own.
    let provider_ref = p.provider_ref.as_deref().unwrap_or(&p.provider_payment_id);
    if provider_ref != p.id.as_str() {
        lines.push((
            t("receipt-provider-reference", &[]),
            provider_ref.to_owned(),
        ));
    }
    let note = (p.refunded_minor > 0).then(|| {
        let refunded =
            crate::domain::money::format_minor(p.refunded_minor, p.amount.currency(), lang);
        t("receipt-refunded", &[("amount", &refunded)])
    });
    crate::adapters::receipt::ReceiptText {
        lang: lang.to_owned(),
        title: t("receipt-title", &[]),
        heading: t("receipt-heading", &[("seller", &seller)]),
        amount: format_money(p.amount, lang),
        lines,
        note,
    }
}
