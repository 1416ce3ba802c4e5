//! The HTML shell every page shares (buyer pages, the sandbox's checkout): escaping,
//! inline CSS and the security headers. Outside `http` so that the sandbox provider,
//! which serves its own pages, needs nothing from the HTTP door.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Escapes text for HTML content and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,\
Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#1c1e21}main{max-width:28rem;margin:0 auto;\
padding:1.25rem}.card{background:#fff;border-radius:14px;padding:1.5rem;box-shadow:0 1px 3px \
rgba(0,0,0,.08)}h1{font-size:1.05rem;font-weight:600;margin:0 0 .75rem;color:#555}.amount{font-size:\
2.2rem;font-weight:700;margin:.25rem 0 1rem;word-break:break-word}.desc{margin:0 0 1rem;white-space:\
pre-wrap;word-break:break-word}.muted{color:#666;font-size:.9rem}.notice{background:#fff4e5;\
border-radius:10px;padding:.75rem;margin:0 0 1rem}button,.button{display:block;width:100%;border:0;\
border-radius:10px;padding:1rem;font-size:1.1rem;font-weight:600;background:#0b6bcb;color:#fff;\
text-align:center;text-decoration:none;cursor:pointer}button.secondary{background:#e4e6eb;color:\
#1c1e21;margin-top:.75rem}.status{font-size:1.6rem;font-weight:700;margin:0 0 .5rem}input{width:100%;\
padding:.75rem;border:1px solid #ccd;border-radius:8px;font-size:1rem;margin:.25rem 0 1rem}\
.bankqr h2{font-size:1rem;margin:0 0 .5rem}.bankqr .qr svg{display:block;width:100%;max-width:18rem;\
height:auto;margin:0 auto}.bankqr ol{padding-left:1.25rem}.copy{width:100%;font:.8rem monospace;\
word-break:break-all}.or{text-align:center;color:#666;margin:1rem 0 .5rem}.receipt dl{display:grid;\
grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1rem}.receipt dt{color:#666}.receipt dd{margin:0;\
word-break:break-word;white-space:pre-wrap}.receipt .muted{display:block;margin-top:.5rem;text-align:center}\
.items{width:100%;border-collapse:collapse;margin:.75rem 0;font-size:.95rem}.items td,.items th{\
padding:.3rem .2rem;border-bottom:1px solid #eee;text-align:start}.items .n{text-align:end;\
white-space:nowrap}.choose label{display:block;margin-top:.5rem}.choose input{display:block;width:100%;\
box-sizing:border-box;font-size:1.1rem;padding:.6rem;margin:.3rem 0 .5rem}.choose button{margin:.25rem 0}\
@media print{body{background:#fff;color:#000}main{max-width:none;padding:0}.card{box-shadow:none;\
border:1px solid #bbb;border-radius:0}.noprint{display:none}a{color:#000}}";

/// A complete page: `title` and `body` must already be escaped HTML.
#[must_use]
pub fn page(
    status: StatusCode,
    lang: &str,
    title: &str,
    body: &str,
    refresh: Option<u32>,
) -> Response {
    let refresh = refresh
        .map(|s| format!("<meta http-equiv=\"refresh\" content=\"{s}\">"))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">{refresh}<title>{title}</title>\
         <style>{CSS}</style></head><body><main>{body}</main></body></html>"
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_could_open_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
