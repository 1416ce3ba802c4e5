//! HMAC-SHA256 signatures in the `t=<unix>,v1=<hex>` header form that paychat's outgoing
//! webhooks and the sandbox provider use (the scheme Stripe documents). Verification is
//! constant-time and bounds replays by the timestamp.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How far a signature's timestamp may be from now, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// Hex HMAC-SHA256 of `message` under `secret`.
#[must_use]
pub fn hmac_hex(secret: &[u8], message: &[&[u8]]) -> String {
    hex::encode(hmac_bytes(secret, message))
}

/// Raw HMAC-SHA256 of `message` under `secret` (for schemes that encode it otherwise).
#[must_use]
pub fn hmac_bytes(secret: &[u8], message: &[&[u8]]) -> Vec<u8> {
    keyed(secret, message).finalize().into_bytes().to_vec()
}

/// The MAC state after `message`.
fn keyed(secret: &[u8], message: &[&[u8]]) -> HmacSha256 {
    let mut mac = mac(secret);
    for part in message {
        mac.update(part);
    }
    mac
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    match HmacSha256::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    }
}

/// Whether `signature_hex` is the HMAC of `message`, compared in constant time.
#[must_use]
pub fn verify_hex(secret: &[u8], message: &[&[u8]], signature_hex: &str) -> bool {
    hex::decode(signature_hex.trim()).is_ok_and(|sig| verify(secret, message, &sig))
}

/// Whether `signature_b64` is the base64 HMAC-SHA256 of `message` (LINE's
/// `x-line-signature`), compared in constant time.
#[must_use]
pub fn verify_base64(secret: &[u8], message: &[&[u8]], signature_b64: &str) -> bool {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(signature_b64.trim())
        .is_ok_and(|sig| verify(secret, message, &sig))
}

/// Whether `sig` is the HMAC of `message` (`verify_slice` compares in constant time).
fn verify(secret: &[u8], message: &[&[u8]], sig: &[u8]) -> bool {
    keyed(secret, message).verify_slice(sig).is_ok()
}

/// The header value `t=<unix>,v1=<hmac(secret, "<t>.<body>")>`.
#[must_use]
pub fn sign_header(secret: &[u8], unix: i64, body: &[u8]) -> String {
    let t = unix.to_string();
    format!("t={t},v1={}", hmac_hex(secret, &[t.as_bytes(), b".", body]))
}

/// Checks a `t=…,v1=…` header (several `v1` allowed, for secret rotation) against the
/// raw body, refusing timestamps more than [`TOLERANCE_SECS`] from `now_unix`.
#[must_use]
pub fn verify_header(secret: &[u8], header: &str, body: &[u8], now_unix: i64) -> bool {
    let mut t: Option<&str> = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v),
            Some(("v1", v)) => sigs.push(v),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    let Ok(ts) = t.parse::<i64>() else {
        return false;
    };
    if now_unix.abs_diff(ts) > TOLERANCE_SECS.unsigned_abs() {
        return false;
    }
    // Check every candidate (no early exit on the first match) to keep timing flat.
    sigs.iter().fold(false, |ok, s| {
        verify_hex(secret, &[t.as_bytes(), b".", body], s) | ok
    })
}

/// Checks the request's `header_name` header (a `t=…,v1=…` value) as [`verify_header`]
/// does; a missing or non-text header fails.
#[must_use]
pub fn verify_request(
    headers: &http::HeaderMap,
    header_name: &str,
    secret: &[u8],
    body: &[u8],
    now_unix: i64,
) -> bool {
    headers
        .get(header_name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|h| verify_header(secret, h, body, now_unix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_signatures_are_hmacs_of_the_raw_body() {
        // printf '%s' '{"events":[]}' | openssl dgst -sha256 -hmac secret -binary | base64
        let good = "pkK1lVPJPiJ+wPLziRD79xIxohl8AImYM8AEeM7IbzQ=";
        assert!(verify_base64(b"secret", &[br#"{"events":[]}"#], good));
        assert!(!verify_base64(b"secret", &[br#"{"events":[ ]}"#], good));
        assert!(!verify_base64(b"other", &[br#"{"events":[]}"#], good));
        assert!(!verify_base64(
            b"secret",
            &[br#"{"events":[]}"#],
            "not base64!"
        ));
    }

    #[test]
    fn a_signed_body_verifies_and_a_changed_one_does_not() {
        let h = sign_header(b"secret", 1000, b"{\"a\":1}");
        assert!(verify_header(b"secret", &h, b"{\"a\":1}", 1000));
        assert!(!verify_header(b"secret", &h, b"{\"a\":2}", 1000));
        assert!(!verify_header(b"other", &h, b"{\"a\":1}", 1000));
    }

    #[test]
    fn stale_or_malformed_headers_are_refused() {
        let h = sign_header(b"secret", 1000, b"x");
        assert!(!verify_header(
            b"secret",
            &h,
            b"x",
            1000 + TOLERANCE_SECS + 1
        ));
        assert!(!verify_header(b"secret", "v1=abc", b"x", 1000));
        assert!(!verify_header(b"secret", "t=1000,v1=zz", b"x", 1000));
        assert!(!verify_header(b"secret", "", b"x", 1000));
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let good = sign_header(b"secret", 1000, b"x");
        let v1 = good.split("v1=").nth(1).unwrap();
        let header = format!("t=1000,v1={},v1={v1}", "00".repeat(32));
        assert!(verify_header(b"secret", &header, b"x", 1000));
    }
}
