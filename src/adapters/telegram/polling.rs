//! Getting updates: getMe and the command menu at start, then long polling (or the
//! webhook, set up here) handing batches to the update handlers.

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, BotCommand, BotCommandScope};
use tokio::sync::watch;

use super::{INBOUND, TelegramBot};
use crate::domain::command::COMMANDS;
use crate::engine::StoreError;
use crate::engine::inbox::Received;
use crate::engine::sellers::LOCALES;

impl TelegramBot {
    /// Learns the bot's name, sets its command menu in every language, and in webhook
    /// mode points Telegram at us. Retries until Telegram answers or `stop`.
    pub async fn prepare(&self, public_url: &str, stop: &mut watch::Receiver<bool>) -> bool {
        let mut wait = Duration::from_secs(1);
        loop {
            match self.call(self.bot.get_me()).await {
                Ok(me) => {
                    let name = me.username.clone().unwrap_or_default();
                    let _ = self.username.set(name.clone());
                    tracing::info!(bot = %name, "Telegram bot connected");
                    break;
                }
                Err(e) => {
                    tracing::error!(error = %e, "Telegram getMe failed (is telegram.token right?); retrying");
                }
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stop.changed() => return false,
            }
            wait = (wait * 2).min(Duration::from_secs(60));
        }
        self.set_commands().await;
        if self.settings.webhook {
            let url = format!("{public_url}/webhooks/telegram");
            let Ok(url) = reqwest::Url::parse(&url) else {
                tracing::error!(%url, "not a URL; Telegram webhook not set");
                return true;
            };
            let req = self
                .bot
                .set_webhook(url)
                .secret_token(self.settings.webhook_secret.expose().to_owned())
                .allowed_updates(allowed_updates());
            if let Err(e) = self.call(req).await {
                tracing::error!(error = %e, "setting the Telegram webhook failed");
            }
        } else if let Err(e) = self.call(self.bot.delete_webhook()).await {
            // getUpdates answers 409 while a webhook is set.
            tracing::warn!(error = %e, "deleting a Telegram webhook failed");
        }
        true
    }

    /// The command menu in every shipped language (`pt-BR` is Telegram's `pt`).
    pub(super) async fn set_commands(&self) {
        for lang in LOCALES {
            let commands: Vec<BotCommand> = COMMANDS
                .iter()
                .filter(|c| !matches!(**c, "start" | "menu"))
                .map(|c| BotCommand::new(*c, self.conversation.t(lang, &format!("cmd-{c}"), &[])))
                .collect();
            let mut req = self
                .bot
                .set_my_commands(commands)
                .scope(BotCommandScope::Default);
            if lang != "en" {
                req = req.language_code(lang.split('-').next().unwrap_or(lang).to_owned());
            }
            if let Err(e) = self.call(req).await {
                tracing::warn!(error = %e, %lang, "setting the command menu failed");
            }
        }
    }

    /// Long polling until `stop`: fetches updates, stores them in the outbox (channel
    /// `telegram-in`), then confirms them with the next offset. The outbox worker handles
    /// them, chats side by side and each chat in order, while the next poll is already
    /// out: a slow chat holds no other chat, and an update stored is never lost.
    pub async fn run_polling(self: Arc<Self>, public_url: String, mut stop: watch::Receiver<bool>) {
        if !self.prepare(&public_url, &mut stop).await {
            return;
        }
        let mut offset: i32 = 0;
        let mut failures: u32 = 0;
        // Telegram learns that the updates below `offset` were handled from the next
        // getUpdates. Stopping before that one went out, they are confirmed on the way
        // out, or the next process would handle them again (a second /paid…).
        let mut confirmed = true;
        let mut serving = self.serving.clone();
        loop {
            if *stop.borrow() {
                break;
            }
            // Only the replica holding the bot's lease polls (Telegram allows one).
            if !*serving.borrow_and_update() {
                tokio::select! {
                    r = serving.changed() => if r.is_ok() { continue } else { break },
                    _ = stop.changed() => break,
                }
            }
            let timeout = u32::try_from(self.settings.poll_timeout.as_secs()).unwrap_or(25);
            let req = self
                .bot
                .get_updates()
                .offset(offset)
                .timeout(timeout)
                .allowed_updates(allowed_updates());
            let fetched = tokio::select! {
                r = tokio::time::timeout(
                    self.settings.poll_timeout + self.settings.request_timeout,
                    req.into_future(),
                ) => r,
                // The lease went to another replica: its poll takes over (what this one
                // had fetched is not confirmed, so Telegram gives it to that one).
                r = serving.changed() => if r.is_ok() { continue } else { break },
                _ = stop.changed() => break,
            };
            let updates = match fetched {
                Ok(Ok(u)) => {
                    failures = 0;
                    confirmed = true;
                    u
                }
                other => {
                    let error = match other {
                        Ok(Err(e)) => self.redact(&e.to_string()),
                        _ => "timed out".to_owned(),
                    };
                    failures += 1;
                    let wait = Duration::from_millis(500 * u64::from(failures.min(20)));
                    tracing::warn!(%error, retry_in_ms = wait.as_millis() as u64, "getUpdates failed");
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => break,
                    }
                    continue;
                }
            };
            if let Err(e) = self.queue_updates(&updates).await {
                // Not confirmed: Telegram sends them again with the next poll.
                tracing::error!(error = %e, "storing Telegram updates failed; asking again");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stop.changed() => break,
                }
                continue;
            }
            if let Some(last) = updates.iter().map(|u| u.id.0).max() {
                offset = i32::try_from(last).unwrap_or(i32::MAX).saturating_add(1);
                confirmed = false;
            }
        }
        if !confirmed {
            let req = self.bot.get_updates().offset(offset).timeout(0).limit(1);
            if let Err(e) = self.call(req).await {
                tracing::warn!(error = %e, "confirming the last Telegram updates failed");
            }
        }
    }

    /// Stores updates for the `telegram-in` channel to handle, in order per chat (a
    /// chat's id, or the user's for updates without a chat); an update stored before is
    /// not stored again.
    ///
    /// # Errors
    /// When the database fails: the updates must not be confirmed to Telegram then.
    pub async fn queue_updates(&self, updates: &[Update]) -> Result<u64, StoreError> {
        let received: Vec<Received> = updates
            .iter()
            .map(|u| {
                let key = u
                    .chat()
                    .map(|c| c.id.0)
                    .or_else(|| u.from().map(|f| i64::try_from(f.id.0).unwrap_or(0)))
                    .unwrap_or(0);
                Received {
                    user_key: key.to_string(),
                    message_id: u.id.0.to_string(),
                    dedupe_key: format!("tg-in:{}", u.id.0),
                    payload: serde_json::to_string(u).unwrap_or_default(),
                }
            })
            .collect();
        self.conversation
            .engine()
            .queue_received(INBOUND, &received)
            .await
    }
}

/// The updates the bot asks for.
fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::InlineQuery,
        AllowedUpdate::ChosenInlineResult,
        AllowedUpdate::MyChatMember,
    ]
}
