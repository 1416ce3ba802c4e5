//! Commands after the grammar read them: each one's use case and answer, and the
//! buttons pressed under earlier answers.

use super::{Ctx, Failure, Incoming, Reply, clip, ctx, language_guess, message_once, shown};
use crate::domain::TimeZone;
use crate::domain::command::{Command, CommandError};
use crate::engine::prompts::ApplyOnce;
use crate::engine::sellers::{LOCALES, supported_locale};
use crate::engine::{EngineError, SellerRow};

impl super::Conversation {
    pub(super) async fn command(
        &self,
        msg: &Incoming,
        c: &Ctx,
        command: Command,
    ) -> Result<Vec<Reply>, Failure> {
        let engine_err = |e| Failure::Engine(e, Some(c.lang));
        // Settings and codes apply at most once per message.
        let once = message_once(msg);
        let one = |r: Reply| Ok(vec![r]);
        match command {
            Command::Start(_) => Ok(Vec::new()),
            Command::Help => one(self.help(c.lang)),
            Command::PayTo(args) => self.payto(c, &args, once.as_ref()).await,
            Command::Connect(_) => {
                let code = match self
                    .engine
                    .create_connect_code(&c.seller.id, once.as_ref())
                    .await
                {
                    Ok(code) => code,
                    // The code is shown once and stored hashed: a message handled
                    // again cannot show it again, and makes no second one.
                    Err(EngineError::AlreadyApplied) => {
                        return one(Reply::text(self.t(c.lang, "connect-again", &[])));
                    }
                    Err(e) => return Err(engine_err(e)),
                };
                one(Reply::text(self.t(
                    c.lang,
                    "connect-code",
                    &[("code", &code.code)],
                )))
            }
            Command::Notify(choice) => {
                let here = msg.user.channel.as_str();
                let key = match choice.as_deref() {
                    Some("here") => {
                        self.engine
                            .set_seller_push_to(&c.seller.id, Some(here), once.as_ref())
                            .await
                            .map_err(engine_err)?;
                        "notify-here"
                    }
                    Some("origin") => {
                        self.engine
                            .set_seller_push_to(&c.seller.id, None, once.as_ref())
                            .await
                            .map_err(engine_err)?;
                        "notify-origin"
                    }
                    Some(_) => "err-bad-notify",
                    None => {
                        let now = self
                            .engine
                            .seller_push_to(&c.seller.id)
                            .await
                            .map_err(engine_err)?;
                        let place = match now {
                            Some(ch) => ch,
                            None => self.t(c.lang, "notify-where-origin", &[]),
                        };
                        return one(Reply::text(self.t(
                            c.lang,
                            "notify-current",
                            &[("where", &place)],
                        )));
                    }
                };
                one(Reply::text(self.t(c.lang, key, &[])))
            }
            Command::Reminders(choice) => {
                let key = match choice.as_deref() {
                    Some("on") => "reminders-on",
                    Some("off") => "reminders-off",
                    Some(_) => return one(Reply::text(self.t(c.lang, "err-bad-reminders", &[]))),
                    None => {
                        let on = self
                            .engine
                            .seller_reminders(&c.seller.id)
                            .await
                            .map_err(engine_err)?;
                        return one(Reply::text(self.t(
                            c.lang,
                            if on {
                                "reminders-now-on"
                            } else {
                                "reminders-now-off"
                            },
                            &[],
                        )));
                    }
                };
                self.engine
                    .set_seller_reminders(&c.seller.id, key == "reminders-on", once.as_ref())
                    .await
                    .map_err(engine_err)?;
                one(Reply::text(self.t(c.lang, key, &[])))
            }
            Command::ReplyTo(word) => {
                let address = match word.as_deref() {
                    None => {
                        let now = self
                            .engine
                            .seller_reply_email(&c.seller.id)
                            .await
                            .map_err(engine_err)?;
                        return one(Reply::text(match now {
                            Some(a) => self.t(c.lang, "replyto-current", &[("address", &a)]),
                            None => self.t(c.lang, "replyto-none", &[]),
                        }));
                    }
                    Some(w) if w.eq_ignore_ascii_case("off") => None,
                    Some(w) => Some(w),
                };
                match self
                    .engine
                    .set_seller_reply_email(&c.seller.id, address, once.as_ref())
                    .await
                {
                    Ok(Some(a)) => one(Reply::text(self.t(
                        c.lang,
                        "replyto-set",
                        &[("address", &a)],
                    ))),
                    Ok(None) => one(Reply::text(self.t(c.lang, "replyto-off", &[]))),
                    Err(EngineError::Invalid { .. }) => one(Reply::text(self.t(
                        c.lang,
                        "err-bad-replyto",
                        &[("value", &clip(address.unwrap_or_default(), 60))],
                    ))),
                    Err(e) => Err(engine_err(e)),
                }
            }
            Command::Link(args) => self.create_link(msg, c, &args).await,
            Command::Links => one(self.links_page(c, None).await.map_err(engine_err)?),
            Command::Status(slug) => one(self.status(c, &slug).await.map_err(engine_err)?),
            Command::Send(slug) => one(self.to_buyer_now(c, &slug, true).await?),
            Command::Cancel(slug) => self.ask_cancel(msg, c, &slug).await,
            Command::Refund { slug, amount } => {
                let link = self.link(c, &slug).await?;
                let amounts = self.refund_amounts(c, &link, amount.as_deref())?;
                self.ask_refund(msg, c, &link, (amounts, amount.is_some()))
                    .await
            }
            Command::Paid(slug) => self.ask_paid(msg, c, &slug).await,
            Command::Dup { slug, amount } => {
                let source = self.link(c, &slug).await?;
                self.duplicate(msg, c, &source, amount.as_deref()).await
            }
            Command::Qr(slug) => {
                let link = self.link(c, &slug).await?;
                one(self.qr_reply(&link, c.lang))
            }
            Command::Report(period) => one(self.report(c, period).await.map_err(engine_err)?),
            Command::Export => one(self.export(c).await.map_err(engine_err)?),
            Command::Bulk => one(self.bulk_help(c)),
            Command::Currency(None) => one(Reply::text(self.t(
                c.lang,
                "currency-current",
                &[("currency", &c.seller.currency)],
            ))),
            Command::Currency(Some(code)) => {
                let cur = match self
                    .engine
                    .set_seller_currency(&c.seller.id, &code, once.as_ref())
                    .await
                {
                    Ok(cur) => cur,
                    Err(EngineError::Invalid {
                        code: "currency_unknown",
                        ..
                    }) => {
                        return Err(Failure::Command(
                            CommandError::UnknownCurrency(code),
                            c.lang,
                        ));
                    }
                    Err(e) => return Err(engine_err(e)),
                };
                one(Reply::text(self.t(
                    c.lang,
                    "currency-set",
                    &[("currency", cur.code())],
                )))
            }
            Command::Lang(None) => one(Reply::text(self.t(
                c.lang,
                "lang-list",
                &[("current", c.lang), ("languages", &LOCALES.join(", "))],
            ))),
            Command::Lang(Some(tag)) => match supported_locale(&tag) {
                Some(l) => {
                    self.engine
                        .set_seller_locale(&c.seller.id, l, once.as_ref())
                        .await
                        .map_err(engine_err)?;
                    one(Reply::text(self.t(l, "lang-set", &[])))
                }
                None => one(Reply::text(self.t(
                    c.lang,
                    "lang-unknown",
                    &[("code", &tag), ("languages", &LOCALES.join(", "))],
                ))),
            },
            Command::Timezone(name) => one(self
                .timezone(c, name.as_deref(), once.as_ref())
                .await
                .map_err(engine_err)?),
        }
    }

    /// `/timezone`: the seller's zone and the local time now, or, with a name, sets it.
    pub(super) async fn timezone(
        &self,
        c: &Ctx,
        name: Option<&str>,
        once: Option<&ApplyOnce>,
    ) -> Result<Reply, EngineError> {
        let now = self.engine.now_ms();
        let Some(name) = name else {
            let zone = self.zone(&c.seller);
            return Ok(Reply::text(self.t(
                c.lang,
                "timezone-current",
                &[("zone", zone.name()), ("now", &zone.datetime(now))],
            )));
        };
        let zone = match self
            .engine
            .set_seller_timezone(&c.seller.id, name, once)
            .await
        {
            Ok(zone) => zone,
            Err(EngineError::Invalid {
                code: "timezone_unknown",
                ..
            }) => {
                return Ok(Reply::text(self.t(
                    c.lang,
                    "timezone-unknown",
                    &[("value", &shown(&clip(name, 40)))],
                )));
            }
            Err(e) => return Err(e),
        };
        Ok(Reply::text(self.t(
            c.lang,
            "timezone-set",
            &[("zone", zone.name()), ("now", &zone.datetime(now))],
        )))
    }

    /// The zone the seller's times are shown in.
    pub(super) fn zone(&self, seller: &SellerRow) -> TimeZone {
        self.engine.seller_timezone(seller.timezone.as_deref())
    }

    /// A pressed button.
    pub(super) async fn action(&self, msg: &Incoming, data: &str) -> Result<Vec<Reply>, Failure> {
        let (verb, rest) = data.split_once(':').unwrap_or((data, ""));
        // An answer to a question: who may answer is stored with it.
        if verb == "q" {
            return self.answer(msg, rest).await;
        }
        let guess = language_guess(msg.user.language.as_deref());
        let u = &msg.user;
        let Some(seller) = self
            .engine
            .chat_seller(&u.channel, &u.external_user)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?
        else {
            let answer = self.not_registered(msg, guess);
            // In a group, said to the presser alone.
            return Ok(vec![if msg.group {
                Reply::notice(answer.text)
            } else {
                answer
            }]);
        };
        let c = ctx(seller);
        let lang = c.lang;
        let engine_err = |e| Failure::Engine(e, Some(lang));
        match verb {
            "no" => Ok(vec![
                Reply::text(self.t(lang, "nothing-changed", &[])).editing(),
            ]),
            // The Cancel button under a link card asks first, like /cancel.
            "cx" => self.ask_cancel(msg, &c, rest).await,
            // A buyer's "I have paid": the seller's answer, confirmed first.
            "bq" => self.ask_bank_decision(msg, &c, rest).await,
            // A refund button from before confirmations were stored: ask again.
            "rf" => {
                let (slug, amount) = rest.split_once(':').unwrap_or((rest, "all"));
                let link = self.link(&c, slug).await?;
                let amounts = match amount.parse::<i64>() {
                    Ok(m) => (vec![m], true),
                    Err(_) => (vec![link.paid_minor - link.refunded_minor], false),
                };
                self.ask_refund(msg, &c, &link, amounts).await
            }
            "st" => Ok(vec![self.status(&c, rest).await.map_err(engine_err)?]),
            // "Extend 3 days" under a reminder: not destructive, so not confirmed.
            "ext" => Ok(vec![self.extend(&c, rest).await?]),
            // "Remind buyer" under a reminder: one more message to the buyer, now.
            "rb" => Ok(vec![self.to_buyer_now(&c, rest, false).await?]),
            // "Send balance request" under a deposit's Paid push.
            "bal" => {
                let link = self.link(&c, rest).await?;
                Ok(vec![self.balance_request(&link, lang)])
            }
            "ls" => Ok(vec![
                self.links_page(&c, Some(rest.to_owned()))
                    .await
                    .map_err(engine_err)?,
            ]),
            _ => Ok(vec![Reply::text(self.t(lang, "button-expired", &[]))]),
        }
    }
}
