//! multipart/form-data bodies as reqwest writes them, read by the fake servers
//! (the project does not enable axum's multipart extractor).

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Uploaded files: (part name, file name, bytes).
pub type Files = Vec<(String, String, Vec<u8>)>;

/// A request body as the chat APIs read it: multipart/form-data (each text part made a
/// value by `part(name, text)`, and the files), else JSON (`{}` when empty). `Err` says
/// what did not parse.
pub fn parse_body(
    content_type: &str,
    body: &[u8],
    part: impl Fn(&str, &str) -> Value,
) -> Result<(Value, Files), String> {
    if content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        let (texts, files) = parse_multipart(content_type, body)
            .ok_or("can't parse the multipart/form-data body")?;
        let fields = texts.iter().map(|(k, v)| (k.clone(), part(k, v))).collect();
        return Ok((Value::Object(fields), files));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((Value::Object(Map::new()), Vec::new()));
    }
    serde_json::from_slice(body)
        .map(|value| (value, Vec::new()))
        .map_err(|e| format!("can't parse the JSON body: {e}"))
}

/// Parses a multipart/form-data body as reqwest writes it: the text parts in order,
/// and the parts with a `filename` as files.
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Option<(Vec<(String, String)>, Files)> {
    let boundary = content_type.split(';').skip(1).find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })?;
    let delimiter = format!("--{boundary}");
    // Every part ends at CRLF + delimiter; the first delimiter has no CRLF before it.
    let next_part = format!("\r\n{delimiter}");

    let mut fields = Vec::new();
    let mut files = Vec::new();
    let mut rest = &body[find(body, delimiter.as_bytes())? + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            break; // closing delimiter
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&rest[..header_end]);
        let content = &rest[header_end + 4..];
        let content_end = find(content, next_part.as_bytes())?;
        let data = &content[..content_end];
        rest = &content[content_end + next_part.len()..];

        let disposition = headers.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then_some(value)
        })?;
        let params = disposition_params(disposition);
        let name = params.get("name").cloned().or_else(|| {
            // Non-ASCII names come as name*=utf-8''<percent-encoded>.
            let encoded = params.get("name*")?;
            Some(super::server::percent_decode(encoded.split_once("''")?.1))
        })?;
        match params.get("filename") {
            Some(file_name) => files.push((name, file_name.clone(), data.to_vec())),
            None => fields.push((name, String::from_utf8_lossy(data).into_owned())),
        }
    }
    Some((fields, files))
}

/// `form-data; name="a"; filename="b \"c\".png"` → {name: a, filename: b "c".png}.
fn disposition_params(header: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    // Skip the disposition type itself.
    let Some((_, mut rest)) = header.split_once(';') else {
        return out;
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = if let Some(quoted) = after.strip_prefix('"') {
            // Quoted string with backslash escapes.
            let mut unescaped = String::new();
            let mut end = quoted.len();
            let mut escaped = false;
            for (i, c) in quoted.char_indices() {
                if escaped {
                    unescaped.push(c);
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    end = i + 1;
                    break;
                } else {
                    unescaped.push(c);
                }
            }
            rest = &quoted[end..];
            unescaped
        } else {
            let end = after.find(';').unwrap_or(after.len());
            rest = &after[end..];
            after[..end].trim().to_owned()
        };
        out.insert(key, value);
    }
    out
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
