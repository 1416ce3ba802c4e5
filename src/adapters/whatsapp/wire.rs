//! The webhook body Meta POSTs, read into what paychat acts on. Both user shapes are
//! accepted: with `wa_id`/`from`, and with the business-scoped `user_id` (whose
//! `wa_id` may be missing); a user is keyed by `user_id` when present.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A received message, as stored until it is handled.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Inbound {
    /// `user_id` when present, else `wa_id`/`from`.
    pub user_key: String,
    pub wa_id: Option<String>,
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub message_id: String,
    /// When the user sent it (ms since the epoch).
    pub timestamp_ms: i64,
    pub input: InboundInput,
}

/// What the message carries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InboundInput {
    Text {
        text: String,
    },
    /// A reply button (or list row) tapped: its id is our action data.
    Action {
        id: String,
    },
    /// A file (a CSV of links, or anything else): fetched through the Graph API's media
    /// endpoint when it is read.
    Document {
        media_id: String,
        filename: Option<String>,
        mime: Option<String>,
    },
    /// A sticker, voice note, picture…
    Unsupported {
        message_type: String,
    },
    /// A reaction or system notice: recorded, not answered.
    Ignored,
}

/// A status of a message we sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEvent {
    pub wamid: String,
    pub status: String,
    pub recipient: String,
    pub error_code: Option<i64>,
}

/// Everything in one webhook.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub messages: Vec<Inbound>,
    pub statuses: Vec<StatusEvent>,
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
}

/// Reads a webhook body; `Err` names what is wrong.
pub fn parse_webhook(body: &[u8]) -> Result<Parsed, String> {
    let root: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    if root.get("object").and_then(Value::as_str) != Some("whatsapp_business_account") {
        return Err("object is not whatsapp_business_account".into());
    }
    let entries = root
        .get("entry")
        .and_then(Value::as_array)
        .ok_or("no entry array")?;
    let mut out = Parsed::default();
    for entry in entries {
        let changes = entry
            .get("changes")
            .and_then(Value::as_array)
            .ok_or("no changes array")?;
        for change in changes {
            if change.get("field").and_then(Value::as_str) != Some("messages") {
                continue;
            }
            let value = change.get("value").ok_or("change without value")?;
            let contacts = value
                .get("contacts")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for m in value
                .get("messages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.messages.push(message(m, &contacts)?);
            }
            for st in value
                .get("statuses")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.statuses.push(StatusEvent {
                    wamid: s(st, "id").ok_or("status without id")?,
                    status: s(st, "status").ok_or("status without status")?,
                    recipient: s(st, "recipient_id")
                        .or_else(|| s(st, "recipient_user_id"))
                        .unwrap_or_default(),
                    error_code: st
                        .get("errors")
                        .and_then(Value::as_array)
                        .and_then(|e| e.first())
                        .and_then(|e| e.get("code"))
                        .and_then(Value::as_i64),
                });
            }
        }
    }
    Ok(out)
}

fn message(m: &Value, contacts: &[Value]) -> Result<Inbound, String> {
    let message_id = s(m, "id").ok_or("message without id")?;
    let from = s(m, "from");
    let from_user = s(m, "from_user_id");
    // The contact for this sender: same user_id or wa_id, else the only one.
    let contact = contacts
        .iter()
        .find(|c| {
            (from_user.is_some() && s(c, "user_id") == from_user)
                || (from.is_some() && s(c, "wa_id") == from)
        })
        .or_else(|| (contacts.len() == 1).then(|| &contacts[0]));
    let user_id = from_user.or_else(|| contact.and_then(|c| s(c, "user_id")));
    let wa_id = from.or_else(|| contact.and_then(|c| s(c, "wa_id")));
    let user_key = user_id
        .clone()
        .or_else(|| wa_id.clone())
        .ok_or("message without sender")?;
    let name = contact
        .and_then(|c| c.get("profile"))
        .and_then(|p| s(p, "name"));
    let timestamp_ms = s(m, "timestamp")
        .and_then(|t| t.parse::<i64>().ok())
        .map_or(0, |t| t.saturating_mul(1000));
    let kind = s(m, "type").unwrap_or_else(|| "text".into());
    let input = match kind.as_str() {
        "text" => InboundInput::Text {
            text: m.get("text").and_then(|t| s(t, "body")).unwrap_or_default(),
        },
        "interactive" => {
            let i = m.get("interactive").cloned().unwrap_or(Value::Null);
            let id = i
                .get("button_reply")
                .and_then(|b| s(b, "id"))
                .or_else(|| i.get("list_reply").and_then(|b| s(b, "id")));
            match id {
                Some(id) => InboundInput::Action { id },
                None => InboundInput::Unsupported {
                    message_type: "interactive".into(),
                },
            }
        }
        // A quick-reply button of a template.
        "button" => match m
            .get("button")
            .and_then(|b| s(b, "payload").or_else(|| s(b, "text")))
        {
            Some(id) => InboundInput::Action { id },
            None => InboundInput::Unsupported {
                message_type: "button".into(),
            },
        },
        "document" => {
            let doc = m.get("document");
            match doc.and_then(|d| s(d, "id")) {
                Some(media_id) => InboundInput::Document {
                    media_id,
                    filename: doc.and_then(|d| s(d, "filename")),
                    mime: doc.and_then(|d| s(d, "mime_type")),
                },
                None => InboundInput::Unsupported {
                    message_type: "document".into(),
                },
            }
        }
        // Reactions and system notices are not messages to answer.
        "reaction" | "system" | "unsupported" | "request_welcome" => InboundInput::Ignored,
        other => InboundInput::Unsupported {
            message_type: other.to_owned(),
        },
    };
    Ok(Inbound {
        user_key,
        wa_id,
        user_id,
        name,
        message_id,
        timestamp_ms,
        input,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(value: &str) -> Vec<u8> {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{value}}}]}}]}}"#
        )
        .into_bytes()
    }

    #[test]
    fn both_user_shapes_and_escaped_text() {
        let classic = wrap(
            r#"{"contacts":[{"profile":{"name":"Nok"},"wa_id":"66812345678"}],"messages":[{"from":"66812345678","id":"wamid.A","timestamp":"1700000000","type":"text","text":{"body":"link 250 \u0e1a\u0e32\u0e17"}}]}"#,
        );
        let p = parse_webhook(&classic).unwrap_or_default();
        let m = &p.messages[0];
        assert_eq!(m.user_key, "66812345678");
        assert_eq!(m.name.as_deref(), Some("Nok"));
        assert_eq!(m.timestamp_ms, 1_700_000_000_000);
        assert_eq!(
            m.input,
            InboundInput::Text {
                text: "link 250 บาท".into()
            }
        );

        let scoped = wrap(
            r#"{"contacts":[{"profile":{"name":"Ann"},"user_id":"US.123"}],"messages":[{"from_user_id":"US.123","id":"wamid.B","timestamp":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"cx:abc","title":"Yes"}}}]}"#,
        );
        let m = &parse_webhook(&scoped).unwrap_or_default().messages[0];
        assert_eq!((m.user_key.as_str(), m.wa_id.as_deref()), ("US.123", None));
        assert_eq!(
            m.input,
            InboundInput::Action {
                id: "cx:abc".into()
            }
        );
    }

    #[test]
    fn statuses_and_refusals() {
        let st = wrap(
            r#"{"statuses":[{"id":"wamid.C","status":"failed","timestamp":"1","recipient_id":"66","errors":[{"code":131047,"title":"Re-engagement message"}]}]}"#,
        );
        let p = parse_webhook(&st).unwrap_or_default();
        assert_eq!(p.statuses[0].error_code, Some(131_047));
        assert!(parse_webhook(b"{not json").is_err());
        assert!(parse_webhook(br#"{"object":"page","entry":[]}"#).is_err());
        let sticker = wrap(
            r#"{"contacts":[{"wa_id":"1"}],"messages":[{"from":"1","id":"w","timestamp":"1","type":"sticker","sticker":{"id":"x"}}]}"#,
        );
        assert_eq!(
            parse_webhook(&sticker).unwrap_or_default().messages[0].input,
            InboundInput::Unsupported {
                message_type: "sticker".into()
            }
        );
    }
}
