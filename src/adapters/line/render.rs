//! A [`Reply`] as LINE message objects: a Flex bubble when it has a title or buttons,
//! plain text otherwise, and the QR code as an image message.
//!
//! Limits from LINE's Messaging API reference: text messages ≤ 5,000 and Flex `altText`
//! ≤ 1,500, both counted in UTF-16 units (an emoji outside the basic plane counts two);
//! a bubble's JSON ≤ 30 KB; Flex action labels ≤ 40 characters; postback data ≤ 300;
//! clipboard text ≤ 1,000; image URLs https and ≤ 2,000.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use crate::conversation::{Attachment, Button, Reply, clip};

const MAX_TEXT: usize = 5000;
const MAX_ALT: usize = 1500;
/// A card's text: far below the bubble's 30 KB even in three-byte scripts.
const MAX_CARD_TEXT: usize = 2000;
const MAX_LABEL: usize = 40;
const MAX_CLIPBOARD: usize = 1000;
const MAX_URL: usize = 2000;

/// `reply` as message objects in sending order. `images` says whether pictures may be
/// sent as image messages (LINE fetches them, from https addresses only); without, the
/// QR code goes as its address. In a `group`, a pressed button does not post its label
/// as the presser's message (anyone may press it; it must not look like the seller's
/// answer).
#[must_use]
pub fn render(reply: &Reply, images: bool, group: bool) -> Vec<Value> {
    let mut out = Vec::new();
    let has_buttons = reply.buttons.iter().flatten().next().is_some();
    if reply.title.is_some() || has_buttons {
        out.push(bubble(reply, group));
    } else {
        out.extend(text(&reply.text));
    }
    match &reply.attachment {
        None => {}
        Some(Attachment::Qr { caption, url, .. }) => {
            let png = format!("{url}/qr.png");
            if images && png.starts_with("https://") && png.len() <= MAX_URL {
                out.push(json!({
                    "type": "image",
                    "originalContentUrl": png,
                    "previewImageUrl": png,
                }));
                out.extend(text(caption));
            } else {
                out.extend(text(&format!("{caption}\n{png}")));
            }
        }
        // LINE sends no files from a bot: a text export goes as text (clipped), other
        // files (a transfer slip's picture) by their caption only.
        Some(Attachment::Document {
            mime,
            bytes,
            caption,
            ..
        }) => {
            let body = if mime.starts_with("text/") {
                let content = String::from_utf8_lossy(bytes);
                format!("{caption}\n\n{content}")
            } else {
                caption.clone()
            };
            out.extend(text(&body));
        }
    }
    out
}

/// A text message, clipped to LINE's limit; none for blank text (LINE refuses it, and
/// with it every message of the call).
#[must_use]
pub fn text(s: &str) -> Option<Value> {
    (!s.trim().is_empty()).then(|| json!({ "type": "text", "text": clip16(s, MAX_TEXT) }))
}

/// `s` cut to at most `max` UTF-16 units, the last one an ellipsis when cut.
fn clip16(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        // One unit stays free for the ellipsis.
        if used + c.len_utf16() > max.saturating_sub(1) {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

/// The card: title and text in the body, each row of buttons a horizontal box.
fn bubble(reply: &Reply, group: bool) -> Value {
    let mut body = Vec::new();
    if let Some(t) = reply.title.as_deref().filter(|t| !t.trim().is_empty()) {
        body.push(
            json!({ "type": "text", "text": t, "weight": "bold", "size": "md", "wrap": true }),
        );
    }
    if !reply.text.trim().is_empty() {
        let text = clip16(&reply.text, MAX_CARD_TEXT);
        body.push(json!({ "type": "text", "text": text, "size": "sm", "wrap": true }));
    }
    if body.is_empty() {
        body.push(json!({ "type": "text", "text": "…" }));
    }
    // A share button shares the reply's web address (the link), which only a URL button
    // of the same reply carries.
    let url = reply.buttons.iter().flatten().find_map(|b| match b {
        Button::Url { url, .. } => Some(url.as_str()),
        _ => None,
    });
    let rows: Vec<Value> = reply
        .buttons
        .iter()
        .filter_map(|row| {
            let buttons: Vec<Value> = row
                .iter()
                .filter_map(|b| action(b, reply.title.as_deref(), url, group))
                .map(|a| json!({ "type": "button", "style": "secondary", "height": "sm", "action": a }))
                .collect();
            (!buttons.is_empty()).then(|| {
                json!({ "type": "box", "layout": "horizontal", "spacing": "sm", "contents": buttons })
            })
        })
        .collect();
    let mut bubble = json!({
        "type": "bubble",
        "body": { "type": "box", "layout": "vertical", "spacing": "sm", "contents": body },
    });
    if !rows.is_empty() {
        bubble["footer"] =
            json!({ "type": "box", "layout": "vertical", "spacing": "sm", "contents": rows });
    }
    let alt = match reply.title.as_deref() {
        Some(t) if !reply.text.is_empty() => format!("{t}\n{}", reply.text),
        Some(t) => t.to_owned(),
        None => reply.text.clone(),
    };
    let alt = if alt.trim().is_empty() {
        "…".into()
    } else {
        alt
    };
    json!({ "type": "flex", "altText": clip16(&alt, MAX_ALT), "contents": bubble })
}

fn action(b: &Button, title: Option<&str>, url: Option<&str>, group: bool) -> Option<Value> {
    let label = clip(b.label(), MAX_LABEL);
    Some(match b {
        // In a one-to-one chat the press shows as the seller's message.
        Button::Action { data, .. } if !group => json!({
            "type": "postback",
            "label": label,
            "data": data,
            "displayText": b.label(),
        }),
        Button::Action { data, .. } => json!({ "type": "postback", "label": label, "data": data }),
        Button::Url { url, .. } => json!({ "type": "uri", "label": label, "uri": url }),
        Button::Share { .. } => {
            let url = url?;
            let text = match title {
                Some(t) => format!("{t}\n{url}"),
                None => url.to_owned(),
            };
            let share = format!(
                "https://line.me/R/share?text={}",
                utf8_percent_encode(&text, NON_ALPHANUMERIC)
            );
            json!({ "type": "uri", "label": label, "uri": share })
        }
        Button::Copy { text, .. } => json!({
            "type": "clipboard",
            "label": label,
            "clipboardText": clip16(text, MAX_CLIPBOARD),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Reply {
        Reply::text("https://pay.example/p/abc\nexpires tomorrow")
            .titled("฿250.00 — tuition")
            .row(vec![
                Button::Url {
                    label: "Open".into(),
                    url: "https://pay.example/p/abc".into(),
                },
                Button::Share {
                    label: "Share".into(),
                    query: "abc".into(),
                },
            ])
            .row(vec![
                Button::Copy {
                    label: "Copy link".into(),
                    text: "https://pay.example/p/abc".into(),
                },
                Button::Action {
                    label: "Cancel this link right now please".into(),
                    data: "cx:abc".into(),
                },
            ])
    }

    #[test]
    fn a_card_is_a_bubble_with_every_button() {
        let out = render(&card(), true, false);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["type"], "flex");
        assert!(out[0]["altText"].as_str().unwrap().starts_with("฿250.00"));
        let rows = out[0]["contents"]["footer"]["contents"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        let share = &rows[0]["contents"][1]["action"];
        assert_eq!(share["type"], "uri");
        assert!(
            share["uri"]
                .as_str()
                .unwrap()
                .starts_with("https://line.me/R/share?text=%E0%B8%BF250"),
            "{share}"
        );
        assert_eq!(rows[1]["contents"][0]["action"]["type"], "clipboard");
        let cancel = &rows[1]["contents"][1]["action"];
        assert_eq!(cancel["data"], "cx:abc");
        assert!(cancel["label"].as_str().unwrap().chars().count() <= MAX_LABEL);
    }

    #[test]
    fn in_a_group_a_press_does_not_speak_for_the_presser() {
        let out = render(&card(), true, true);
        let cancel = &out[0]["contents"]["footer"]["contents"][1]["contents"][1]["action"];
        assert_eq!(cancel["data"], "cx:abc");
        assert!(cancel.get("displayText").is_none(), "{cancel}");
    }

    #[test]
    fn limits_count_utf16_units_and_blank_text_is_not_sent() {
        let emoji = "😀".repeat(3000);
        let out = render(&Reply::text(emoji), true, false);
        let sent = out[0]["text"].as_str().unwrap();
        assert!(sent.encode_utf16().count() <= MAX_TEXT, "{}", sent.len());
        assert!(sent.ends_with('…'));
        assert!(render(&Reply::text("  "), true, false).is_empty());
        let long = Reply::text("ก".repeat(10_000)).titled("t");
        let bubble = &render(&long, true, false)[0];
        assert!(bubble.to_string().len() < 30 * 1024);
    }

    #[test]
    fn plain_text_stays_text_and_a_qr_is_an_image_only_over_https() {
        let r = Reply::text("Hello");
        assert_eq!(
            render(&r, true, false),
            vec![json!({"type":"text","text":"Hello"})]
        );
        let qr = Reply {
            attachment: Some(Attachment::Qr {
                png: Vec::new(),
                caption: "Scan to pay".into(),
                url: "https://pay.example/p/abc".into(),
            }),
            ..Reply::default()
        };
        let out = render(&qr, true, false);
        assert_eq!(out[0]["type"], "image");
        assert_eq!(
            out[0]["previewImageUrl"],
            "https://pay.example/p/abc/qr.png"
        );
        let out = render(&qr, false, false);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["type"], "text");
        assert!(out[0]["text"].as_str().unwrap().ends_with("/qr.png"));
    }

    #[test]
    fn a_csv_goes_as_text_and_a_picture_by_its_caption() {
        let doc = |mime: &'static str| Reply {
            attachment: Some(Attachment::Document {
                filename: "f".into(),
                mime,
                bytes: b"code,amount\nabc,250.00".to_vec(),
                caption: "Your links".into(),
            }),
            ..Reply::default()
        };
        let out = render(&doc("text/csv"), true, false);
        assert!(out[0]["text"].as_str().unwrap().contains("abc,250.00"));
        let out = render(&doc("image/jpeg"), true, false);
        assert_eq!(out, vec![json!({"type":"text","text":"Your links"})]);
    }
}
