//! What the real providers' adapters share: one HTTP call with bounded, safe retries,
//! errors turned into plain words without credentials, and amounts moved between ISO
//! 4217 minor units and a provider's own units without floating point.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::Secret;
use crate::domain::Currency;
use crate::engine::ports::{ProviderError, WebhookError};

/// Waits between attempts; a call is tried at most once more than this has entries.
const BACKOFF: [Duration; 2] = [Duration::from_millis(200), Duration::from_millis(800)];
/// Retries stop once the call has taken this much longer than one timeout, so a buyer
/// waiting for a checkout gets an answer before the HTTP request timeout.
const RETRY_BUDGET: Duration = Duration::from_secs(2);

/// A provider's HTTP API: base URL, client with timeout, and the secret to keep out of
/// any message.
pub struct Api {
    pub provider: &'static str,
    pub base: String,
    pub client: reqwest::Client,
    pub timeout: Duration,
    secret: Secret,
    /// Pulls the provider's own explanation out of an error body.
    message_of: fn(&Value) -> Option<String>,
}

/// Why one attempt failed.
pub enum Attempt {
    /// A definite refusal of this request (4xx): retrying would not help, and the
    /// seller can act on the provider's words.
    Refused(String),
    /// Our credentials were refused (401, 403): the operator must act; nothing a
    /// seller or buyer does helps, and nothing happened at the provider.
    Denied(String),
    /// The provider may or may not have acted (timeout, 5xx, 429, connection reset).
    Unsure(String),
}

/// The smallest slice of time worth spending on one more attempt.
const MIN_ATTEMPT: Duration = Duration::from_millis(500);

impl Api {
    pub fn new(
        provider: &'static str,
        base: &str,
        timeout: Duration,
        secret: Secret,
        message_of: fn(&Value) -> Option<String>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            provider,
            base: base.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder().timeout(timeout).build()?,
            timeout,
            secret,
            message_of,
        })
    }

    /// Removes the secret from text that may echo it.
    fn clean(&self, text: &str) -> String {
        let secret = self.secret.expose();
        let text = if secret.len() >= 8 {
            text.replace(secret, "***")
        } else {
            text.to_owned()
        };
        text.chars().take(300).collect()
    }

    /// When a call started now must have answered: one timeout plus the retry budget.
    #[must_use]
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.timeout + RETRY_BUDGET
    }

    /// Time left before `deadline` for one attempt (at most one timeout), if worth it.
    #[must_use]
    pub fn slice(&self, deadline: Instant) -> Option<Duration> {
        let left = deadline.saturating_duration_since(Instant::now());
        (left >= MIN_ATTEMPT).then(|| left.min(self.timeout))
    }

    /// Sends one request and reads its JSON answer.
    pub async fn once(&self, request: reqwest::RequestBuilder) -> Result<Value, Attempt> {
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                let what = if e.is_timeout() {
                    format!("no answer within {} s", self.timeout.as_secs())
                } else {
                    // The URL in reqwest's message names only the route, never a key.
                    format!("could not reach it ({})", e.without_url())
                };
                return Err(Attempt::Unsure(what));
            }
        };
        let status = response.status();
        let body: Value = match response.bytes().await {
            Ok(b) => serde_json::from_slice(&b).unwrap_or(Value::Null),
            Err(e) => return Err(Attempt::Unsure(format!("answer cut off ({e})"))),
        };
        if status.is_success() {
            return Ok(body);
        }
        let message = (self.message_of)(&body)
            .map(|m| self.clean(&m))
            .unwrap_or_else(|| format!("HTTP {status}"));
        if status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::CONFLICT
        {
            Err(Attempt::Unsure(message))
        } else if status == reqwest::StatusCode::UNAUTHORIZED
            || status == reqwest::StatusCode::FORBIDDEN
        {
            Err(Attempt::Denied(format!(
                "our API key was refused ({message}); check providers.{}.secret_key",
                self.provider
            )))
        } else {
            Err(Attempt::Refused(message))
        }
    }

    /// Sends a request built by `make` until it succeeds, is refused, or the attempts
    /// and time run out. Only for requests safe to repeat: reads, and writes carrying an
    /// idempotency key.
    pub async fn call(
        &self,
        make: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<Value, ProviderError> {
        let deadline = self.deadline();
        let mut attempt = 0;
        loop {
            let Some(slice) = self.slice(deadline) else {
                return Err(self.unavailable("no time left to try again".into()));
            };
            match self.once(make().timeout(slice)).await {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let detail = match e {
                        Attempt::Refused(message) => return Err(self.refused(message)),
                        Attempt::Denied(detail) => return Err(self.unavailable(detail)),
                        Attempt::Unsure(detail) => detail,
                    };
                    let Some(wait) = BACKOFF.get(attempt) else {
                        return Err(self.unavailable(detail));
                    };
                    if self
                        .slice(deadline.checked_sub(*wait).unwrap_or(deadline))
                        .is_none()
                    {
                        return Err(self.unavailable(detail));
                    }
                    tracing::info!(provider = self.provider, %detail, "provider call failed; retrying");
                    tokio::time::sleep(*wait).await;
                    attempt += 1;
                }
            }
        }
    }

    pub fn refused(&self, message: String) -> ProviderError {
        ProviderError::Refused {
            provider: self.provider,
            message,
        }
    }

    pub fn unavailable(&self, detail: String) -> ProviderError {
        ProviderError::Unavailable {
            provider: self.provider,
            detail,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Percent-encodes an id for a URL path: ids come from our database or a webhook, and
/// are not trusted to be URL-safe.
#[must_use]
pub fn path_segment(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Minor units (ISO exponent) to a provider's units with `exponent` decimals; `None`
/// when the amount has more precision than the provider takes.
#[must_use]
pub fn to_units(minor: i64, currency: Currency, exponent: u8) -> Option<i64> {
    let iso = currency.exponent();
    if exponent >= iso {
        minor.checked_mul(10_i64.checked_pow(u32::from(exponent - iso))?)
    } else {
        let f = 10_i64.checked_pow(u32::from(iso - exponent))?;
        (minor % f == 0).then(|| minor / f)
    }
}

/// A provider's units with `exponent` decimals to minor units (ISO exponent).
#[must_use]
pub fn from_units(units: i64, currency: Currency, exponent: u8) -> Option<i64> {
    let iso = currency.exponent();
    if iso >= exponent {
        units.checked_mul(10_i64.checked_pow(u32::from(iso - exponent))?)
    } else {
        let f = 10_i64.checked_pow(u32::from(exponent - iso))?;
        (units % f == 0).then(|| units / f)
    }
}

/// A JSON number as a provider sent it (`25000`, `150.5`) to minor units, read as
/// decimal text: never through floating-point arithmetic.
#[must_use]
pub fn decimal_to_minor(n: &serde_json::Number, currency: Currency) -> Option<i64> {
    let text = n.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.starts_with('-') || text.contains(['e', 'E']) {
        return None;
    }
    let exp = usize::from(currency.exponent());
    let frac = frac.trim_end_matches('0');
    if frac.len() > exp {
        return None;
    }
    let mut digits = String::with_capacity(whole.len() + exp);
    digits.push_str(whole);
    digits.push_str(frac);
    for _ in frac.len()..exp {
        digits.push('0');
    }
    digits.parse().ok()
}

/// Minor units as the shortest decimal text (`25000`, `150.5`), for JSON numbers.
#[must_use]
pub fn minor_to_json_decimal(minor: i64, currency: Currency) -> String {
    let text = crate::domain::money::minor_to_decimal(minor, currency);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A webhook body signed in the `t=…,v1=…` scheme (Stripe's, and the sandbox's) under
/// `header`, checked in constant time and then parsed as `T`.
pub fn signed_event<T: serde::de::DeserializeOwned>(
    headers: &http::HeaderMap,
    header: &str,
    secret: &Secret,
    body: &[u8],
    now_ms: i64,
) -> Result<T, WebhookError> {
    if !crate::adapters::signing::verify_request(
        headers,
        header,
        secret.expose().as_bytes(),
        body,
        now_ms / 1000,
    ) {
        return Err(WebhookError::BadSignature);
    }
    serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(c: &str) -> Currency {
        Currency::from_code(c).unwrap()
    }

    #[test]
    fn units_move_between_exponents_exactly() {
        assert_eq!(to_units(25_000, cur("THB"), 2), Some(25_000));
        assert_eq!(to_units(500, cur("JPY"), 0), Some(500));
        // ISK: no decimals in ISO, two at Stripe.
        assert_eq!(to_units(500, cur("ISK"), 2), Some(50_000));
        assert_eq!(from_units(50_000, cur("ISK"), 2), Some(500));
        // IDR: two in ISO, none at Xendit; cents cannot be sent.
        assert_eq!(to_units(2_500_000, cur("IDR"), 0), Some(25_000));
        assert_eq!(to_units(2_500_050, cur("IDR"), 0), None);
        assert_eq!(from_units(25_000, cur("IDR"), 0), Some(2_500_000));
        assert_eq!(from_units(12_345, cur("ISK"), 2), None);
    }

    #[test]
    fn json_decimals_are_read_as_text() {
        let n = |s: &str| serde_json::from_str::<serde_json::Number>(s).unwrap();
        assert_eq!(decimal_to_minor(&n("25000"), cur("IDR")), Some(2_500_000));
        assert_eq!(decimal_to_minor(&n("150.5"), cur("PHP")), Some(15_050));
        assert_eq!(decimal_to_minor(&n("0.1"), cur("USD")), Some(10));
        assert_eq!(decimal_to_minor(&n("1.005"), cur("USD")), None);
        assert_eq!(decimal_to_minor(&n("-5"), cur("USD")), None);
        assert_eq!(minor_to_json_decimal(15_050, cur("PHP")), "150.5");
        assert_eq!(minor_to_json_decimal(2_500_000, cur("IDR")), "25000");
        assert_eq!(minor_to_json_decimal(500, cur("JPY")), "500");
    }
}
