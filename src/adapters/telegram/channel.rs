//! The outbox channel `telegram`: status pushes to the chat a link came from, and
//! edits of shared inline cards.
//!
//! The worker hands over one message per chat at a time (oldest first), so order per
//! chat holds. Before each send the limiter is asked for a slot: short waits are slept,
//! longer ones go back to the outbox as `Later` (not counted as attempts).

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::limiter::Sending;
use super::{CHANNEL, CallError, TelegramBot};
use crate::conversation::PushPlan;
use crate::engine::OutboxRow;
use crate::engine::ports::{Channel, Delivery};

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

    /// A slot for a push, waited for up to `MAX_INLINE_WAIT` in all: a delivery that
    /// waited on and on could outlive its claim and be claimed (and sent) twice.
    async fn slot(&self, chat: i64) -> Result<(), Duration> {
        let started = Instant::now();
        loop {
            match self
                .bot
                .limiter
                .reserve(chat, Sending::Push, Instant::now())
            {
                Ok(()) => return Ok(()),
                Err(wait) if started.elapsed() + wait <= MAX_INLINE_WAIT => {
                    tokio::time::sleep(wait).await;
                }
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
}

#[async_trait]
impl Channel for TelegramChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    fn serving(&self) -> bool {
        self.bot.serving()
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let reply = match self.bot.conversation().plan_push(row).await {
            PushPlan::Send { reply, .. } => reply,
            PushPlan::Card { card_ref, reply } => {
                // Inline cards live in other people's chats; their limit is the bot's
                // overall one.
                if let Err(wait) = self.slot(0).await {
                    return Delivery::Later { after: wait };
                }
                let result = self.bot.edit_card(&card_ref, &reply).await;
                return self.outcome(0, result);
            }
            PushPlan::Settle(delivery) => return delivery,
        };
        let Ok(chat) = row.destination.parse::<i64>() else {
            return Delivery::Failed {
                error: format!("{:?} is not a Telegram chat id", row.destination),
            };
        };
        if let Err(wait) = self.slot(chat).await {
            return Delivery::Later { after: wait };
        }
        let result = self
            .bot
            .send_reply(chat, None, &reply, Sending::Push, true)
            .await;
        if let Err(CallError::Blocked(_)) = &result
            && let Err(e) = self
                .bot
                .conversation()
                .engine()
                .set_chat_blocked(CHANNEL, &row.destination, true)
                .await
        {
            tracing::error!(error = %e, "recording a blocked chat failed");
        }
        self.outcome(chat, result)
    }
}

/// Handles stored updates (`telegram-in`), one chat's in order.
pub struct InboundChannel {
    bot: Arc<TelegramBot>,
}

impl InboundChannel {
    #[must_use]
    pub fn new(bot: Arc<TelegramBot>) -> Self {
        Self { bot }
    }
}

#[async_trait]
impl Channel for InboundChannel {
    fn name(&self) -> &'static str {
        super::INBOUND
    }

    fn serving(&self) -> bool {
        self.bot.serving()
    }

    fn answers(&self) -> bool {
        true
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        // Until getMe answered, `/link@other_bot` cannot be told from a command for us.
        if !self.bot.knows_its_name() {
            return Delivery::Later {
                after: Duration::from_secs(1),
            };
        }
        match serde_json::from_str::<teloxide::types::Update>(&row.payload) {
            Ok(update) => {
                self.bot.handle_update(update).await;
                Delivery::Delivered
            }
            Err(e) => Delivery::Failed {
                error: format!("stored update unreadable: {e}"),
            },
        }
    }
}
