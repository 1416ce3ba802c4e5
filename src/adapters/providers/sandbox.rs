//! The built-in sandbox provider: behaves like a real one, without money.
//!
//! Its checkout page lets a tester pay or fail. Either way it posts a signed webhook to
//! `/webhooks/providers/sandbox` over real HTTP, exactly as a provider would (retrying if
//! the endpoint fails), then sends the buyer back. Checkout sessions are signed tokens,
//! so the sandbox keeps no state and works across replicas and restarts.
//!
//! Its pages come with their own router and state ([`router`]), merged into the main
//! one by the HTTP door: the sandbox needs nothing from `adapters::http`.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::adapters::html::{escape, page};
use crate::adapters::signing;
use crate::config::Secret;
use crate::conversation::i18n::{I18n, negotiate};
use crate::domain::Currency;
use crate::domain::money::format_minor;
use crate::engine::ports::{
    Checkout, CheckoutRequest, Clock, PaymentProvider, ProviderError, ProviderEvent,
    ProviderEventKind, ProviderRefund, RefundRequest, WebhookError,
};
use crate::engine::random;

/// The header carrying the sandbox's signature.
pub const SIGNATURE_HEADER: &str = "sandbox-signature";

/// The sandbox provider.
pub struct Sandbox {
    secret: Secret,
    public_url: String,
    webhook_url: String,
    client: reqwest::Client,
    /// The engine's clock, so that signatures and event times agree with the time the
    /// engine verifies them against.
    clock: Arc<dyn Clock>,
}

/// What a checkout token carries (signed, not secret).
#[derive(Serialize, Deserialize)]
struct Session {
    /// Sandbox payment id.
    sid: String,
    amount_minor: i64,
    currency: String,
    description: String,
    seller: String,
    return_url: String,
    cancel_url: String,
    /// The buyer's language, so the checkout speaks it as the buyer page did.
    #[serde(default)]
    lang: Option<String>,
}

/// The webhook body the sandbox sends (its own wire format, like a real provider's).
#[derive(Serialize, Deserialize)]
pub struct SandboxEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub data: SandboxEventData,
}

/// The payment an event is about.
#[derive(Serialize, Deserialize)]
pub struct SandboxEventData {
    pub payment_id: String,
    pub amount_minor: i64,
    pub currency: String,
    #[serde(default)]
    pub payer_name: Option<String>,
    #[serde(default)]
    pub payer_email: Option<String>,
    #[serde(default)]
    pub failure_reason: Option<String>,
}

fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", hex::encode(random::<12>()))
}

impl Sandbox {
    /// A sandbox signing with `secret`, posting webhooks to `webhook_url`, reading time
    /// from `clock`.
    pub fn new(
        secret: Secret,
        public_url: &str,
        webhook_url: &str,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            secret,
            public_url: public_url.to_owned(),
            webhook_url: webhook_url.to_owned(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
            clock,
        })
    }

    /// Now, in whole seconds since the epoch (the unit of signatures and events).
    fn now_secs(&self) -> i64 {
        self.clock.now_ms().div_euclid(1000)
    }

    fn token(&self, s: &Session) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(s).unwrap_or_default());
        let sig = signing::hmac_hex(
            self.secret.expose().as_bytes(),
            &[b"checkout.", payload.as_bytes()],
        );
        format!("{payload}.{sig}")
    }

    fn session(&self, token: &str) -> Option<Session> {
        let (payload, sig) = token.split_once('.')?;
        if !signing::verify_hex(
            self.secret.expose().as_bytes(),
            &[b"checkout.", payload.as_bytes()],
            sig,
        ) {
            return None;
        }
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }

    /// Signs and posts an event; on failure keeps retrying in the background with
    /// backoff (1 s, 2 s, 4 s…, six tries), as providers do.
    async fn send(self: Arc<Self>, event: SandboxEvent) {
        let body = serde_json::to_vec(&event).unwrap_or_default();
        if self.post(&body).await {
            return;
        }
        tokio::spawn(async move {
            for i in 0..6 {
                tokio::time::sleep(Duration::from_secs(1 << i)).await;
                if self.post(&body).await {
                    return;
                }
            }
            tracing::error!(event.id = %event.id, "sandbox: webhook never accepted");
        });
    }

    async fn post(&self, body: &[u8]) -> bool {
        let now = self.now_secs();
        let sig = signing::sign_header(self.secret.expose().as_bytes(), now, body);
        match self
            .client
            .post(&self.webhook_url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, sig)
            .body(body.to_vec())
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => true,
            Ok(r) => {
                tracing::warn!(status = %r.status(), "sandbox: webhook refused");
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "sandbox: webhook not delivered");
                false
            }
        }
    }
}

#[async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    /// Its checkout pretends to take cards only.
    fn payment_methods(&self) -> Vec<String> {
        vec!["card".to_owned()]
    }

    async fn create_checkout(&self, req: &CheckoutRequest) -> Result<Checkout, ProviderError> {
        let session = Session {
            sid: random_id("sbx_"),
            amount_minor: req.amount.minor(),
            currency: req.amount.currency().code().to_owned(),
            description: req.description.clone(),
            seller: req.seller_name.clone(),
            return_url: req.return_url.clone(),
            cancel_url: req.cancel_url.clone(),
            lang: Some(req.locale.clone()),
        };
        Ok(Checkout {
            redirect_url: format!(
                "{}/sandbox/checkout/{}",
                self.public_url,
                self.token(&session)
            ),
            provider_payment_id: session.sid,
        })
    }

    async fn refund(&self, req: &RefundRequest) -> Result<ProviderRefund, ProviderError> {
        if !req.provider_payment_id.starts_with("sbx_") {
            return Err(ProviderError::Refused {
                provider: "sandbox",
                message: format!("unknown payment {}", req.provider_payment_id),
            });
        }
        Ok(ProviderRefund {
            provider_refund_id: random_id("sbxr_"),
        })
    }

    fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_ms: i64,
    ) -> Result<ProviderEvent, WebhookError> {
        let event: SandboxEvent =
            super::api::signed_event(headers, SIGNATURE_HEADER, &self.secret, body, now_ms)?;
        let d = event.data;
        // One explicit arm per sandbox event type.
        let kind = match event.kind.as_str() {
            "payment.succeeded" => ProviderEventKind::PaymentSucceeded {
                provider_payment_id: d.payment_id,
                amount_minor: d.amount_minor,
                currency: d.currency,
                payer_name: d.payer_name,
                payer_email: d.payer_email,
                provider_ref: None,
            },
            "payment.failed" => ProviderEventKind::PaymentFailed {
                provider_payment_id: d.payment_id,
                reason: d.failure_reason.unwrap_or_else(|| "declined".into()),
            },
            other => ProviderEventKind::Ignored {
                provider_type: other.to_owned(),
            },
        };
        Ok(ProviderEvent {
            event_id: event.id,
            kind,
        })
    }
}

/// What the checkout pages need: the sandbox (tokens, webhooks) and the page texts.
#[derive(Clone)]
struct Pages {
    sandbox: Arc<Sandbox>,
    i18n: Arc<I18n>,
}

/// The sandbox's checkout pages, state included, for the HTTP door to merge.
pub fn router(sandbox: Arc<Sandbox>, i18n: Arc<I18n>) -> Router {
    Router::new()
        .route(
            "/sandbox/checkout/{token}",
            get(checkout_page).post(complete),
        )
        .with_state(Pages { sandbox, i18n })
}

fn lang_of(session: &Session, headers: &HeaderMap) -> &'static str {
    negotiate(
        session.lang.as_deref(),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        "en",
    )
}

async fn checkout_page(
    State(st): State<Pages>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(session) = st.sandbox.session(&token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let lang = lang_of(&session, &headers);
    let t = |k: &str| escape(&st.i18n.t(lang, k, &[]));
    let amount = Currency::from_code(&session.currency)
        .map(|c| format_minor(session.amount_minor, c, lang))
        .unwrap_or_default();
    let body = format!(
        "<div class=\"card\"><h1>{title}</h1><p class=\"muted\">{note}</p><p>{seller}</p>\
         <p class=\"amount\">{amount}</p><p class=\"desc\">{desc}</p>\
         <form method=\"post\"><label>{payer}<input name=\"payer_name\" maxlength=\"100\"></label>\
         <button name=\"outcome\" value=\"succeed\">{pay}</button>\
         <button class=\"secondary\" name=\"outcome\" value=\"fail\">{fail}</button></form></div>",
        title = t("sandbox-title"),
        note = t("sandbox-note"),
        seller = escape(&session.seller),
        amount = escape(&amount),
        desc = escape(&session.description),
        payer = t("sandbox-payer"),
        pay = t("sandbox-pay"),
        fail = t("sandbox-fail"),
    );
    page(StatusCode::OK, lang, &t("sandbox-title"), &body, None)
}

#[derive(Deserialize)]
struct Outcome {
    outcome: String,
    payer_name: Option<String>,
}

async fn complete(
    State(st): State<Pages>,
    Path(token): Path<String>,
    Form(form): Form<Outcome>,
) -> Response {
    let sandbox = st.sandbox;
    let Some(session) = sandbox.session(&token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let succeeded = match form.outcome.as_str() {
        "succeed" => true,
        "fail" => false,
        _ => return (StatusCode::BAD_REQUEST, "outcome must be succeed or fail").into_response(),
    };
    let payer_name = form
        .payer_name
        .map(|n| n.trim().chars().take(100).collect::<String>())
        .filter(|n| !n.is_empty());
    let event = SandboxEvent {
        id: random_id("sbxevt_"),
        kind: if succeeded {
            "payment.succeeded"
        } else {
            "payment.failed"
        }
        .into(),
        created: sandbox.now_secs(),
        data: SandboxEventData {
            payment_id: session.sid.clone(),
            amount_minor: session.amount_minor,
            currency: session.currency.clone(),
            payer_name,
            payer_email: None,
            failure_reason: (!succeeded).then(|| "card_declined".into()),
        },
    };
    sandbox.send(event).await;
    Redirect::to(&session.return_url).into_response()
}
