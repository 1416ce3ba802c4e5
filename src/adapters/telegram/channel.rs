//! The outbox channel `telegram`: status pushes to the chat a link came from, and
//! edits of shared inline cards.
//!
//! The worker hands over one message per chat at a time (oldest first), so order per
//! chat holds. Before each send the limiter is asked for a slot: short waits are slept,
//! longer ones go back to the outbox as `Later` (not counted as attempts).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::{CHANNEL, CallError, TelegramBot};
use crate::conversation::Push;
use crate::engine::ports::{Channel, Delivery};
use crate::engine::sellers::supported_locale;
use crate::engine::store::OutboxRow;

/// Waits up to this long for a sending slot inside one delivery.
const MAX_INLINE_WAIT: Duration = Duration::from_millis(1500);

/// Delivers outbox rows of channel `telegram`.
pub struct TelegramChannel {
    bot: Arc<TelegramBot>,
}

impl TelegramChannel {
    #[must_use]
    pub fn new(bot: Arc<TelegramBot>) -> Self {
        Self { bot }
    }

    async fn slot(&self, chat: i64) -> Result<(), Duration> {
        loop {
            match self.bot.limiter.reserve(chat, Instant::now()) {
                Ok(()) => return Ok(()),
                Err(wait) if wait <= MAX_INLINE_WAIT => tokio::time::sleep(wait).await,
                Err(wait) => return Err(wait),
            }
        }
    }

    fn outcome(&self, chat: i64, result: Result<(), CallError>) -> Delivery {
        match result {
            Ok(()) => Delivery::Delivered,
            Err(CallError::RetryAfter(wait)) => {
                self.bot.limiter.pause(chat, wait, Instant::now());
                Delivery::Retry {
                    error: format!("429 retry after {}s", wait.as_secs()),
                    after: Some(wait),
                }
            }
            Err(CallError::Transient(error)) => Delivery::Retry { error, after: None },
            Err(e @ (CallError::Blocked(_) | CallError::Refused(_))) => Delivery::Failed {
                error: e.to_string(),
            },
        }
    }

    async fn card(&self, card_ref: &str, push: &Push) -> Delivery {
        let conv = self.bot.conversation();
        let engine = conv.engine();
        // Show the link as it is now, not as the event saw it: a late edit must not
        // turn a refunded card back to paid.
        let Ok(link) = engine.store().link(&push.link.id).await else {
            return Delivery::Retry {
                error: "link not readable".into(),
                after: None,
            };
        };
        let Ok(seller) = engine.seller(&link.seller_id).await else {
            return Delivery::Retry {
                error: "seller not readable".into(),
                after: None,
            };
        };
        let lang = supported_locale(&seller.locale).unwrap_or("en");
        let card = conv.card(&seller.name, &conv.push_link(&link), lang);
        // Inline cards live in other people's chats; their limit is the bot's overall one.
        if let Err(wait) = self.slot(0).await {
            return Delivery::Later { after: wait };
        }
        let result = self.bot.edit_card(card_ref, &card).await;
        self.outcome(0, result)
    }
}

#[async_trait]
impl Channel for TelegramChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let Some(push) = Push::parse(&row.payload) else {
            return Delivery::Failed {
                error: "payload is not a link notification".into(),
            };
        };
        if let Some(card_ref) = row.destination.strip_prefix("card:") {
            return self.card(card_ref, &push).await;
        }
        let Ok(chat) = row.destination.parse::<i64>() else {
            return Delivery::Failed {
                error: format!("{:?} is not a Telegram chat id", row.destination),
            };
        };
        // Events a chat is not told about (it saw them happen) are done before any
        // read: link creation is the most common row of all.
        if self.bot.conversation().render_push(&push, "en").is_none() {
            return Delivery::Delivered;
        }
        let engine = self.bot.conversation().engine();
        match engine.chat_blocked(CHANNEL, &row.destination).await {
            Ok(true) => {
                return Delivery::Failed {
                    error: "the chat blocked the bot".into(),
                };
            }
            Ok(false) => {}
            Err(e) => {
                return Delivery::Retry {
                    error: e.to_string(),
                    after: None,
                };
            }
        }
        let Some(seller) = self.bot.conversation().push_seller(&push).await else {
            return Delivery::Retry {
                error: "seller not readable".into(),
                after: None,
            };
        };
        let (lang, seller_id) = (supported_locale(&seller.locale).unwrap_or("en"), seller.id);
        // The seller chose to get pushes in another app (`/notify here` there) — unless
        // this push is here because WhatsApp could not deliver it (its event id is then
        // the failed WhatsApp message's): sending it back would go round in circles.
        let from_whatsapp = row.event_id.starts_with("wamid.");
        match engine.push_route(&seller_id, CHANNEL).await {
            Ok(Some(_)) if from_whatsapp => {}
            Ok(Some((channel, destination))) => {
                return Delivery::Reroute {
                    channel,
                    destination,
                };
            }
            Ok(None) => {}
            Err(e) => {
                return Delivery::Retry {
                    error: e.to_string(),
                    after: None,
                };
            }
        }
        let Some(reply) = self.bot.conversation().push_reply(&push, lang).await else {
            // Not something a chat is told about (the chat saw it happen).
            return Delivery::Delivered;
        };
        if let Err(wait) = self.slot(chat).await {
            return Delivery::Later { after: wait };
        }
        let result = self.bot.send_reply(chat, None, &reply, true).await;
        if let Err(CallError::Blocked(_)) = &result
            && let Err(e) = engine
                .set_chat_blocked(CHANNEL, &row.destination, true)
                .await
        {
            tracing::error!(error = %e, "recording a blocked chat failed");
        }
        self.outcome(chat, result)
    }
}
