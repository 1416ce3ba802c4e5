//! LINE webhook bodies: `{"destination", "events": […]}` read into what the door keeps.
//!
//! Only the fields paychat uses are read, and unknown ones are ignored: LINE adds fields
//! and event types without notice, and an event we do not know is acknowledged, not
//! refused (LINE would otherwise retry it).

use serde::{Deserialize, Serialize};

/// One event as the door stores it in the outbox and reads it back to handle it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    /// `webhookEventId`: a redelivered event has the same one.
    pub event_id: String,
    /// Where to answer: the user's id in a one-to-one chat, else the group's or room's.
    pub chat: String,
    pub group: bool,
    /// Who wrote or pressed (absent for some group events).
    pub user: Option<String>,
    /// Valid for a short time, once: a reply with it does not count against the quota.
    pub reply_token: Option<String>,
    /// When LINE received it (ms since the epoch).
    pub timestamp_ms: i64,
    pub input: InboundInput,
}

/// What an event brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundInput {
    Text {
        text: String,
    },
    /// A postback button's `data`.
    Postback {
        data: String,
    },
    /// The user added the account as a friend (or unblocked it).
    Follow,
    /// The user blocked the account.
    Unfollow,
    /// The account was added to a group or room.
    Join,
    /// The account was removed from a group or room.
    Leave,
    /// A sticker, picture, location…: something we cannot read.
    Unsupported {
        kind: String,
    },
}

#[derive(Deserialize)]
struct RawBody {
    #[serde(default)]
    events: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEvent {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    webhook_event_id: Option<String>,
    #[serde(default)]
    timestamp: i64,
    #[serde(default)]
    reply_token: Option<String>,
    #[serde(default)]
    source: Option<RawSource>,
    #[serde(default)]
    message: Option<RawMessage>,
    #[serde(default)]
    postback: Option<RawPostback>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSource {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    group_id: Option<String>,
    #[serde(default)]
    room_id: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct RawPostback {
    #[serde(default)]
    data: String,
}

/// The events of a webhook body worth handling, in the order LINE sent them. Events in
/// `standby` mode belong to another module channel and are left alone; events without
/// an id or a chat cannot be deduplicated or answered and are skipped. Each event is
/// read on its own: one of a shape we do not expect is skipped (and logged), never the
/// whole signed body, which LINE would redeliver forever.
///
/// # Errors
/// When the body is not a LINE webhook body.
pub fn parse_webhook(body: &[u8]) -> Result<Vec<Inbound>, String> {
    let raw: RawBody = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    Ok(raw
        .events
        .into_iter()
        .filter_map(|v| match serde_json::from_value::<RawEvent>(v) {
            Ok(e) => inbound(e),
            Err(e) => {
                tracing::warn!(error = %e, "a LINE event not understood; skipped");
                None
            }
        })
        .collect())
}

fn inbound(e: RawEvent) -> Option<Inbound> {
    if e.mode.as_deref() == Some("standby") {
        return None;
    }
    let event_id = e.webhook_event_id.filter(|id| !id.is_empty())?;
    let source = e.source?;
    let (chat, group) = match source.kind.as_str() {
        "user" => (source.user_id.clone()?, false),
        "group" => (source.group_id?, true),
        "room" => (source.room_id?, true),
        _ => return None,
    };
    let input = match e.kind.as_str() {
        "message" => match e.message {
            Some(RawMessage {
                kind,
                text: Some(text),
            }) if kind == "text" => InboundInput::Text { text },
            Some(m) => InboundInput::Unsupported { kind: m.kind },
            None => InboundInput::Unsupported {
                kind: "message".into(),
            },
        },
        "postback" => InboundInput::Postback {
            data: e.postback.map(|p| p.data).unwrap_or_default(),
        },
        "follow" => InboundInput::Follow,
        "unfollow" => InboundInput::Unfollow,
        "join" => InboundInput::Join,
        "leave" => InboundInput::Leave,
        // Member joins, reads, beacons, video views…: nothing to answer.
        _ => return None,
    };
    Some(Inbound {
        event_id,
        chat,
        group,
        user: source.user_id,
        reply_token: e.reply_token.filter(|t| !t.is_empty()),
        timestamp_ms: e.timestamp,
        input,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Inbound {
        let mut all = parse_webhook(body.as_bytes()).unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn a_text_from_a_user() {
        let e = one(
            r#"{"destination":"Uabc","events":[{"type":"message","mode":"active",
            "timestamp":1700000000000,"webhookEventId":"01H","deliveryContext":{"isRedelivery":false},
            "replyToken":"rt","source":{"type":"user","userId":"U1"},
            "message":{"type":"text","id":"m1","text":"link 250 THB tuition","quoteToken":"q"}}]}"#,
        );
        assert_eq!(e.chat, "U1");
        assert!(!e.group);
        assert_eq!(e.reply_token.as_deref(), Some("rt"));
        assert_eq!(
            e.input,
            InboundInput::Text {
                text: "link 250 THB tuition".into()
            }
        );
    }

    #[test]
    fn a_group_postback_answers_in_the_group() {
        let e = one(
            r#"{"events":[{"type":"postback","webhookEventId":"02H","timestamp":1,
            "replyToken":"rt","source":{"type":"group","groupId":"C9","userId":"U1"},
            "postback":{"data":"cx:abc"}}]}"#,
        );
        assert_eq!((e.chat.as_str(), e.group), ("C9", true));
        assert_eq!(e.user.as_deref(), Some("U1"));
        assert_eq!(
            e.input,
            InboundInput::Postback {
                data: "cx:abc".into()
            }
        );
    }

    #[test]
    fn standby_unknown_and_idless_events_are_skipped_and_stickers_unsupported() {
        let all = parse_webhook(
            br#"{"events":[
            {"type":"message","mode":"standby","webhookEventId":"a","source":{"type":"user","userId":"U"},"message":{"type":"text","text":"x"}},
            {"type":"beacon","webhookEventId":"b","source":{"type":"user","userId":"U"}},
            {"type":"follow","source":{"type":"user","userId":"U"}},
            {"type":"message","webhookEventId":"c","source":{"type":"user","userId":"U"},"message":{"type":"sticker","id":"1"}},
            {"type":"unfollow","webhookEventId":"d","source":{"type":"user","userId":"U"}}]}"#,
        )
        .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0].input,
            InboundInput::Unsupported {
                kind: "sticker".into()
            }
        );
        assert_eq!(all[1].input, InboundInput::Unfollow);
        assert!(all[1].reply_token.is_none());
    }

    #[test]
    fn an_odd_event_is_skipped_and_the_others_kept() {
        let all = parse_webhook(
            br#"{"events":[
            {"type":"message","webhookEventId":"a","timestamp":"not a number","source":{"type":"user","userId":"U"}},
            {"type":"postback","webhookEventId":"b","source":{"type":"user","userId":"U"},"postback":{"data":"x"}}]}"#,
        )
        .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].event_id, "b");
    }

    #[test]
    fn an_empty_verification_body_is_fine_and_garbage_is_not() {
        assert!(
            parse_webhook(br#"{"destination":"U","events":[]}"#)
                .unwrap()
                .is_empty()
        );
        assert!(parse_webhook(b"not json").is_err());
    }
}
