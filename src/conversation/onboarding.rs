//! Meeting the bot: registration, `/start`, `/connect` from another app, the welcome
//! and help texts, and what an unknown or unregistered sender is told.

use super::{
    Ctx, Failure, Incoming, RegistrationMode, Reply, START_HELP, START_INLINE, clip, ctx,
    language_guess, shown,
};
use crate::engine::chat::Registration;

impl super::Conversation {
    /// The registered seller, registering them on the fly when open registration allows
    /// it (with a greeting in front of the answer). Groups never register anyone.
    pub(super) async fn seller_for(
        &self,
        msg: &Incoming,
    ) -> Result<Option<(Ctx, Vec<Reply>)>, Failure> {
        let engine_err = |e| Failure::Engine(e, None);
        let u = &msg.user;
        if let Some(seller) = self
            .engine
            .chat_seller(&u.channel, &u.external_user)
            .await
            .map_err(engine_err)?
        {
            return Ok(Some((ctx(seller), Vec::new())));
        }
        if msg.group || self.registration == RegistrationMode::Invite {
            return Ok(None);
        }
        match self
            .engine
            .register_chat_user(u, None)
            .await
            .map_err(engine_err)?
        {
            Registration::Existing(s) => Ok(Some((ctx(s), Vec::new()))),
            Registration::New(s) => {
                let c = ctx(s);
                let greeting = self.welcome(&c);
                Ok(Some((c, vec![greeting])))
            }
        }
    }

    pub(super) async fn known_lang(&self, msg: &Incoming) -> Option<&'static str> {
        let u = &msg.user;
        match self.engine.chat_seller(&u.channel, &u.external_user).await {
            Ok(Some(s)) => Some(ctx(s).lang),
            _ => None,
        }
    }

    pub(super) async fn start(
        &self,
        msg: &Incoming,
        payload: Option<&str>,
    ) -> Result<Vec<Reply>, Failure> {
        let guess = language_guess(msg.user.language.as_deref());
        let u = &msg.user;
        if let Some(seller) = self
            .engine
            .chat_seller(&u.channel, &u.external_user)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?
        {
            let c = ctx(seller);
            let back =
                Reply::text(self.t(c.lang, "welcome-back", &[("name", &shown(&c.seller.name))]));
            return Ok(vec![back, self.help(c.lang)]);
        }
        if msg.group {
            return Ok(vec![self.not_registered(msg, guess)]);
        }
        let invite = payload.filter(|p| !p.is_empty() && ![START_INLINE, START_HELP].contains(p));
        if invite.is_none() && self.registration == RegistrationMode::Invite {
            return Ok(vec![Reply::text(self.t(guess, "invite-needed", &[]))]);
        }
        let reg = self
            .engine
            .register_chat_user(u, invite)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?;
        let c = match reg {
            Registration::New(s) | Registration::Existing(s) => ctx(s),
        };
        Ok(vec![self.welcome(&c), self.help(c.lang)])
    }

    /// `/connect CODE` sent in the second app: this chat joins the code's seller.
    pub(super) async fn connect(&self, msg: &Incoming, code: &str) -> Result<Vec<Reply>, Failure> {
        let guess = language_guess(msg.user.language.as_deref());
        if msg.group {
            return Ok(vec![self.not_registered(msg, guess)]);
        }
        let seller = match self.engine.connect_chat_user(&msg.user, code).await {
            Ok(seller) => seller,
            // A seller already here hears why in the language they chose.
            Err(e) => {
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Err(Failure::Engine(e, Some(lang)));
            }
        };
        let c = ctx(seller);
        Ok(vec![Reply::text(self.t(
            c.lang,
            "connect-done",
            &[("name", &shown(&c.seller.name))],
        ))])
    }

    pub(super) fn welcome(&self, c: &Ctx) -> Reply {
        let zone = self.zone(&c.seller);
        let text = format!(
            "{}\n{}",
            self.t(
                c.lang,
                "welcome",
                &[
                    ("name", &shown(&c.seller.name)),
                    ("currency", &c.seller.currency),
                ],
            ),
            self.t(
                c.lang,
                "welcome-timezone",
                &[
                    ("zone", zone.name()),
                    ("offset", &zone.offset(self.engine.now_ms())),
                ],
            )
        );
        Reply::text(text).titled(self.t(c.lang, "welcome-title", &[]))
    }

    pub(super) fn help(&self, lang: &str) -> Reply {
        let text = format!(
            "{}\n{}",
            self.t(lang, "help", &[]),
            self.t(lang, "help-apps", &[])
        );
        Reply::text(text).titled(self.t(lang, "help-title", &[]))
    }

    pub(super) fn not_registered(&self, msg: &Incoming, lang: &str) -> Reply {
        let key = if msg.group {
            "group-not-registered"
        } else {
            "invite-needed"
        };
        Reply::text(self.t(lang, key, &[]))
    }

    /// Plain text that is not a command: point at the command it probably meant.
    pub(super) fn not_a_command(&self, text: &str, lang: &str) -> Reply {
        let looks_like_amount = text
            .trim()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "฿$€£¥₫₱₹".contains(c));
        if looks_like_amount {
            // The seller's words as a command to copy: cleaned of invisible marks
            // (not isolated: a copy must parse) and clipped.
            let example = format!(
                "/link {}",
                clip(&crate::domain::text::clean(text.trim()), 60)
            );
            Reply::text(self.t(lang, "did-you-mean-link", &[("example", &example)]))
        } else {
            Reply::text(self.t(lang, "not-a-command", &[]))
        }
    }
}
