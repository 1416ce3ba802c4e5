//! The channel-neutral conversation: a message (text + sender + locale) in, [`Reply`]s
//! out. Telegram, WhatsApp and the terminal only translate `Reply` into their own calls,
//! so every command is written once, here.

mod bankpay;
mod errors;
pub mod format;
mod inline;
mod payto;
mod prompts;
mod push;
pub mod reply;

use std::sync::Arc;

pub use crate::engine::push::{ChatPush, PushDetail, PushLink};
pub use format::csv_escape;
pub use inline::{InlineAnswer, InlineCard};
pub use push::PushPlan;
pub use reply::{Attachment, Button, Reply};

use crate::adapters::i18n::I18n;
use crate::adapters::qr;
use crate::domain::command::{
    self, AmountParse, Command, CommandError, LinkParse, LinkRequest, Parsed, Period, Recipient,
};
use crate::domain::{Currency, MoneyError, Slug, TimeZone};
use crate::engine::chat::{ChatUser, Registration};
use crate::engine::links::{Created, Idempotency, NewLinkInput, Origin};
use crate::engine::ports::ProviderError;
use crate::engine::prompts::ApplyOnce;
use crate::engine::sellers::{LOCALES, supported_locale};
use crate::engine::{Engine, EngineError};
use crate::engine::{LinkFilter, LinkRow, SellerRow};

/// Who may become a seller by writing to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationMode {
    /// Anyone; their first message registers them.
    Open,
    /// Only with a one-time code from `paychat seller invite`.
    Invite,
}

/// Links shown per `/links` page.
pub const PAGE: i64 = 8;

/// `/start` parameters of the bot's own deep links (inline mode's buttons): not invite
/// codes, which are 32 characters long.
pub const START_INLINE: &str = "inline";
pub const START_HELP: &str = "help";

/// An incoming message or button press, as a door saw it.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub user: ChatUser,
    /// The chat it was written in (a group, or the private chat).
    pub chat: String,
    pub group: bool,
    /// The app's id of the message, so a redelivered message makes no second link.
    pub message_id: Option<String>,
    /// `@name` of the bot: `/link@name` is for us, `/link@other` is not.
    pub bot_username: Option<String>,
    /// Whether a command word counts without its `/` (WhatsApp).
    pub slash_optional: bool,
    pub input: Input,
}

/// What arrived.
#[derive(Debug, Clone)]
pub enum Input {
    Text(String),
    /// A button's data came back.
    Action(String),
    /// A sticker, voice note, picture…: something we cannot read.
    Unsupported,
    /// A picture sent for a command (a QRIS photo under `/payto qris`) in which no QR
    /// code could be read.
    UnreadablePicture,
}

/// The conversation core, shared by every chat door.
pub struct Conversation {
    engine: Arc<Engine>,
    i18n: Arc<I18n>,
    registration: RegistrationMode,
}

/// A seller and the language to answer them in.
struct Ctx {
    seller: SellerRow,
    lang: &'static str,
}

impl Conversation {
    #[must_use]
    pub fn new(engine: Arc<Engine>, i18n: Arc<I18n>, registration: RegistrationMode) -> Self {
        Self {
            engine,
            i18n,
            registration,
        }
    }

    /// The engine behind the conversation.
    #[must_use]
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Localized text.
    #[must_use]
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.t(lang, key, args)
    }

    /// Answers one message. Never fails: errors become replies in the user's language.
    #[tracing::instrument(name = "conversation", skip_all, fields(channel = %msg.user.channel))]
    pub async fn handle(&self, msg: &Incoming) -> Vec<Reply> {
        let guess = language_guess(msg.user.language.as_deref());
        let failed = match self.dispatch(msg).await {
            Ok(replies) => return replies,
            Err(Failure::Command(e, lang)) => self.command_error_reply(&e, lang),
            Err(Failure::Engine(e, lang)) => self.engine_error(&e, lang.unwrap_or(guess)),
            Err(Failure::Text(text)) => Reply::text(text),
        };
        // A button pressed in a group by someone it does not serve: tell them, not
        // the whole group.
        if msg.group && matches!(msg.input, Input::Action(_)) {
            return vec![Reply::notice(failed.text)];
        }
        vec![failed]
    }

    async fn dispatch(&self, msg: &Incoming) -> Result<Vec<Reply>, Failure> {
        let guess = language_guess(msg.user.language.as_deref());
        let text = match &msg.input {
            Input::Text(t) => t.as_str(),
            Input::Action(data) => return self.action(msg, data).await,
            Input::Unsupported => {
                if msg.group {
                    return Ok(Vec::new());
                }
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![Reply::text(self.t(lang, "unsupported-message", &[]))]);
            }
            Input::UnreadablePicture => {
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![Reply::text(self.t(lang, "payto-photo-no-qr", &[]))]);
            }
        };
        let parsed = command::parse(text, msg.bot_username.as_deref(), msg.slash_optional);
        let command = match parsed {
            Ok(Parsed::Command(c)) => c,
            // Someone else's bot was addressed: not ours to answer, in any chat.
            Ok(Parsed::OtherBot) => return Ok(Vec::new()),
            Ok(Parsed::Text) => {
                if msg.group {
                    return Ok(Vec::new());
                }
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Ok(vec![self.not_a_command(text, lang)]);
            }
            Err(e) => {
                let lang = self.known_lang(msg).await.unwrap_or(guess);
                return Err(Failure::Command(e, lang));
            }
        };
        if let Command::Start(payload) = &command {
            return self.start(msg, payload.as_deref()).await;
        }
        if let Command::Connect(Some(code)) = &command {
            return self.connect(msg, code).await;
        }
        let (ctx, mut replies) = match self.seller_for(msg).await? {
            Some(found) => found,
            None => return Ok(vec![self.not_registered(msg, guess)]),
        };
        let lang = ctx.lang;
        // A first command that fails still registered its sender: keep the greeting.
        let more = match self.command(msg, &ctx, command).await {
            Ok(more) => more,
            Err(Failure::Command(e, l)) => vec![self.command_error_reply(&e, l)],
            Err(Failure::Engine(e, l)) => vec![self.engine_error(&e, l.unwrap_or(lang))],
            Err(Failure::Text(text)) => vec![Reply::text(text)],
        };
        replies.extend(more);
        Ok(replies)
    }

    /// The registered seller, registering them on the fly when open registration allows
    /// it (with a greeting in front of the answer). Groups never register anyone.
    async fn seller_for(&self, msg: &Incoming) -> Result<Option<(Ctx, Vec<Reply>)>, Failure> {
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

    async fn known_lang(&self, msg: &Incoming) -> Option<&'static str> {
        let u = &msg.user;
        match self.engine.chat_seller(&u.channel, &u.external_user).await {
            Ok(Some(s)) => Some(ctx(s).lang),
            _ => None,
        }
    }

    async fn start(&self, msg: &Incoming, payload: Option<&str>) -> Result<Vec<Reply>, Failure> {
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
    async fn connect(&self, msg: &Incoming, code: &str) -> Result<Vec<Reply>, Failure> {
        let guess = language_guess(msg.user.language.as_deref());
        if msg.group {
            return Ok(vec![self.not_registered(msg, guess)]);
        }
        let seller = self
            .engine
            .connect_chat_user(&msg.user, code)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?;
        let c = ctx(seller);
        Ok(vec![Reply::text(self.t(
            c.lang,
            "connect-done",
            &[("name", &shown(&c.seller.name))],
        ))])
    }

    fn welcome(&self, c: &Ctx) -> Reply {
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

    fn help(&self, lang: &str) -> Reply {
        let text = format!(
            "{}\n{}",
            self.t(lang, "help", &[]),
            self.t(lang, "help-apps", &[])
        );
        Reply::text(text).titled(self.t(lang, "help-title", &[]))
    }

    fn not_registered(&self, msg: &Incoming, lang: &str) -> Reply {
        let key = if msg.group {
            "group-not-registered"
        } else {
            "invite-needed"
        };
        Reply::text(self.t(lang, key, &[]))
    }

    /// Plain text that is not a command: point at the command it probably meant.
    fn not_a_command(&self, text: &str, lang: &str) -> Reply {
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

    async fn command(
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
            Command::Link(args) => self.create_link(msg, c, &args).await,
            Command::Links => one(self.links_page(c, None).await.map_err(engine_err)?),
            Command::Status(slug) => one(self.status(c, &slug).await.map_err(engine_err)?),
            Command::Cancel(slug) => self.ask_cancel(msg, c, &slug).await,
            Command::Refund { slug, amount } => {
                let link = self.link(c, &slug).await?;
                let amounts = self.refund_amounts(c, &link, amount.as_deref())?;
                self.ask_refund(msg, c, &link, amounts).await
            }
            Command::Paid(slug) => self.ask_paid(msg, c, &slug).await,
            Command::Qr(slug) => {
                let link = self.link(c, &slug).await?;
                one(self.qr_reply(&link, c.lang))
            }
            Command::Report(period) => one(self.report(c, period).await.map_err(engine_err)?),
            Command::Export => one(self.export(c).await.map_err(engine_err)?),
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
    async fn timezone(
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
    fn zone(&self, seller: &SellerRow) -> TimeZone {
        self.engine.seller_timezone(seller.timezone.as_deref())
    }

    /// The seller's link by slug, or a "no such link" failure.
    async fn link(&self, c: &Ctx, slug: &str) -> Result<LinkRow, Failure> {
        self.engine
            .link_by_slug(&c.seller.id, slug)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))
    }

    async fn create_link(
        &self,
        msg: &Incoming,
        c: &Ctx,
        args: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let default = Currency::from_code(&c.seller.currency).ok();
        let req = match command::parse_link(args, default, c.lang)
            .map_err(|e| Failure::Command(e, c.lang))?
        {
            LinkParse::One(req) => req,
            // Never a link for a number the seller might not have meant: ask.
            LinkParse::Choose(readings) => return self.ask_link(msg, c, &readings).await,
        };
        let idempotency = msg.message_id.as_ref().and_then(|id| {
            let key = format!("chat:{}:{}:{id}", msg.user.channel, msg.chat);
            Idempotency::new(&key, args.as_bytes()).ok()
        });
        let origin = Origin {
            channel: msg.user.channel.clone(),
            chat: msg.chat.clone(),
            message: msg.message_id.clone(),
        };
        let link = self
            .new_link(&c.seller, &req, Some(origin), None, idempotency)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        Ok(self.link_created(&link, c.lang, self.zone(&c.seller)))
    }

    /// Creates a link from a parsed `/link` request.
    ///
    /// # Errors
    /// The engine's refusal (expiry too far, duplicate reference…).
    pub async fn new_link(
        &self,
        seller: &SellerRow,
        req: &LinkRequest,
        origin: Option<Origin>,
        slug: Option<Slug>,
        idempotency: Option<Idempotency>,
    ) -> Result<LinkRow, EngineError> {
        self.create_from_request(seller, req, origin, slug, idempotency)
            .await
            .map(|(link, _)| link)
    }

    /// Creates a link from a parsed `/link` request; says whether it was new or
    /// replayed under its idempotency key.
    async fn create_from_request(
        &self,
        seller: &SellerRow,
        req: &LinkRequest,
        origin: Option<Origin>,
        slug: Option<Slug>,
        idempotency: Option<Idempotency>,
    ) -> Result<(LinkRow, Created), EngineError> {
        let mut input = NewLinkInput::new(req.amount, req.description.clone());
        input.expires_at = req.expires_in_secs.map(|s| {
            self.engine.now_ms() + i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX / 4)
        });
        if let Some(limit) = req.usage_limit {
            input.usage_limit = limit;
        }
        input.custom_ref.clone_from(&req.reference);
        input.pay_via.clone_from(&req.pay_via);
        match &req.to {
            Some(Recipient::Phone(p)) => input.customer_phone = Some(p.clone()),
            Some(Recipient::Email(e)) => input.customer_email = Some(e.clone()),
            None => {}
        }
        input.origin = origin;
        input.slug = slug;
        self.engine.create_link(seller, input, idempotency).await
    }

    /// The answer to a new link: its card with buttons, then its QR code; times in
    /// `zone`.
    #[must_use]
    pub fn link_created(&self, link: &LinkRow, lang: &str, zone: TimeZone) -> Vec<Reply> {
        let url = self.engine.link_url(&link.slug);
        let mut lines = vec![url.clone()];
        lines.push(self.expiry_line(link, lang, zone));
        match link.usage_limit {
            None => lines.push(self.t(lang, "link-reusable", &[])),
            Some(1) => {}
            Some(n) => lines.push(self.t(lang, "link-limit", &[("limit", &n.to_string())])),
        }
        if let Some(r) = &link.custom_ref {
            lines.push(self.t(lang, "link-ref", &[("ref", r)]));
        }
        lines.push(self.t(lang, "link-code", &[("slug", &link.slug)]));
        let card = Reply::text(lines.join("\n"))
            .titled(self.summary_line(link, lang))
            .row(vec![
                Button::Url {
                    label: self.t(lang, "btn-open", &[]),
                    url: url.clone(),
                },
                Button::Share {
                    label: self.t(lang, "btn-share", &[]),
                    query: link.slug.clone(),
                },
            ])
            .row(vec![
                Button::Copy {
                    label: self.t(lang, "btn-copy", &[]),
                    text: url,
                },
                action(self.t(lang, "btn-cancel", &[]), format!("cx:{}", link.slug)),
            ]);
        vec![card, self.qr_reply(link, lang)]
    }

    /// The QR code of a link as a picture reply.
    #[must_use]
    pub fn qr_reply(&self, link: &LinkRow, lang: &str) -> Reply {
        let url = self.engine.link_url(&link.slug);
        let caption = self.t(
            lang,
            "qr-caption",
            &[(
                "amount",
                &self.amount(link.amount_minor, &link.currency, lang),
            )],
        );
        match qr::png(&url, 8) {
            Ok(png) => Reply {
                attachment: Some(Attachment::Qr { png, caption, url }),
                ..Reply::default()
            },
            // The URL always fits a QR code; if drawing ever fails the link still works.
            Err(e) => {
                tracing::error!(error = %e, "drawing a QR code failed");
                Reply::text(url)
            }
        }
    }

    /// The amounts a `/refund` may mean: what is left when none was typed, else the
    /// typed amount read in the link's currency.
    fn refund_amounts(
        &self,
        c: &Ctx,
        link: &LinkRow,
        typed: Option<&str>,
    ) -> Result<Vec<i64>, Failure> {
        let Some(raw) = typed else {
            return Ok(vec![link.paid_minor - link.refunded_minor]);
        };
        let currency = Currency::from_code(&link.currency).map_err(|e| {
            Failure::Command(CommandError::Amount(MoneyError::from(e), None), c.lang)
        })?;
        // Every reading becomes a button: the seller presses the one they meant.
        match command::parse_amount_in(raw, currency, c.lang)
            .map_err(|e| Failure::Command(e, c.lang))?
        {
            AmountParse::One(m) => Ok(vec![m.minor()]),
            AmountParse::Choose(ms) => Ok(ms.iter().map(|m| m.minor()).collect()),
        }
    }

    /// A pressed button.
    async fn action(&self, msg: &Incoming, data: &str) -> Result<Vec<Reply>, Failure> {
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
                    Ok(m) => vec![m],
                    Err(_) => vec![link.paid_minor - link.refunded_minor],
                };
                self.ask_refund(msg, &c, &link, amounts).await
            }
            "st" => Ok(vec![self.status(&c, rest).await.map_err(engine_err)?]),
            "ls" => Ok(vec![
                self.links_page(&c, Some(rest.to_owned()))
                    .await
                    .map_err(engine_err)?,
            ]),
            _ => Ok(vec![Reply::text(self.t(lang, "button-expired", &[]))]),
        }
    }

    async fn links_page(&self, c: &Ctx, before: Option<String>) -> Result<Reply, EngineError> {
        let links = self
            .engine
            .list_links(
                &c.seller.id,
                None,
                LinkFilter {
                    before: before.clone(),
                    limit: PAGE + 1,
                    ..LinkFilter::default()
                },
            )
            .await?;
        if links.is_empty() {
            let key = if before.is_some() {
                "links-end"
            } else {
                "links-none"
            };
            return Ok(Reply::text(self.t(c.lang, key, &[])));
        }
        let shown = &links[..links.len().min(usize::try_from(PAGE).unwrap_or(8))];
        let lines: Vec<String> = shown
            .iter()
            .map(|l| {
                format!(
                    "{} {} · {}",
                    badge(&l.status),
                    self.summary_line(l, c.lang),
                    l.slug
                )
            })
            .collect();
        let mut reply = Reply::text(lines.join("\n")).titled(self.t(c.lang, "links-title", &[]));
        if links.len() > shown.len()
            && let Some(last) = shown.last()
        {
            reply = reply.row(vec![action(
                self.t(c.lang, "btn-more", &[]),
                format!("ls:{}", last.id),
            )]);
        }
        Ok(reply)
    }

    async fn status(&self, c: &Ctx, slug: &str) -> Result<Reply, EngineError> {
        let link = self.engine.link_by_slug(&c.seller.id, slug).await?;
        let events = self.engine.events(&c.seller.id, &link.id).await?;
        let zone = self.zone(&c.seller);
        let mut lines = vec![
            format!(
                "{} {}",
                badge(&link.status),
                self.t(c.lang, &format!("status-{}", link.status), &[])
            ),
            self.engine.link_url(&link.slug),
            self.expiry_line(&link, c.lang, zone),
        ];
        if link.paid_minor > 0 {
            lines.push(self.t(
                c.lang,
                "status-paid-total",
                &[
                    (
                        "amount",
                        &self.amount(link.paid_minor, &link.currency, c.lang),
                    ),
                    ("count", &link.paid_count.to_string()),
                ],
            ));
        }
        if link.refunded_minor > 0 {
            lines.push(self.t(
                c.lang,
                "status-refunded-total",
                &[(
                    "amount",
                    &self.amount(link.refunded_minor, &link.currency, c.lang),
                )],
            ));
        }
        lines.push(String::new());
        lines.push(self.t(c.lang, "timeline", &[]));
        for e in &events {
            lines.push(format!(
                "{} {}",
                zone.datetime(e.created_at),
                self.t(c.lang, &format!("event-{}", e.kind.replace('.', "-")), &[])
            ));
        }
        Ok(Reply::text(lines.join("\n")).titled(self.summary_line(&link, c.lang)))
    }

    async fn report(&self, c: &Ctx, period: Period) -> Result<Reply, EngineError> {
        let now = self.engine.now_ms();
        let zone = self.zone(&c.seller);
        // Whole local days up to now, today included: today from the seller's midnight,
        // a week the 7 days from the midnight 6 days ago, a month 30 days likewise.
        let (days_back, key) = match period {
            Period::Today => (0, "report-today-local"),
            Period::Week => (6, "report-week"),
            Period::Month => (29, "report-month"),
        };
        let from = zone.day_start(now, days_back);
        let rows = self.engine.summary(&c.seller.id, from, now + 1).await?;
        let title = self.t(c.lang, key, &[]);
        let since = self.t(c.lang, "report-since", &[("start", &zone.datetime(from))]);
        if rows.is_empty() {
            let text = format!("{since}\n{}", self.t(c.lang, "report-empty", &[]));
            return Ok(Reply::text(text).titled(title));
        }
        let mut lines = vec![since];
        let mut currencies: Vec<&str> = rows.iter().map(|r| r.currency.as_str()).collect();
        currencies.dedup();
        for cur in currencies {
            let of_cur: Vec<_> = rows.iter().filter(|r| r.currency == cur).collect();
            let paid: i64 = of_cur.iter().map(|r| r.paid_minor).sum();
            let refunded: i64 = of_cur.iter().map(|r| r.refunded_minor).sum();
            lines.push(cur.to_owned());
            for r in &of_cur {
                lines.push(format!(
                    "  {} {} × {} · {}",
                    badge(&r.status),
                    self.t(c.lang, &format!("status-{}", r.status), &[]),
                    r.links,
                    self.amount(r.amount_minor, cur, c.lang)
                ));
            }
            lines.push(self.t(
                c.lang,
                "report-received",
                &[
                    ("paid", &self.amount(paid, cur, c.lang)),
                    ("refunded", &self.amount(refunded, cur, c.lang)),
                    ("net", &self.amount(paid - refunded, cur, c.lang)),
                ],
            ));
        }
        Ok(Reply::text(lines.join("\n")).titled(title))
    }

    async fn export(&self, c: &Ctx) -> Result<Reply, EngineError> {
        const MAX_ROWS: i64 = 10_000;
        let mut links = Vec::new();
        let mut before = None;
        loop {
            let page = self
                .engine
                .list_links(
                    &c.seller.id,
                    None,
                    LinkFilter {
                        before: before.clone(),
                        limit: 500,
                        ..LinkFilter::default()
                    },
                )
                .await?;
            let done = page.len() < 500;
            before = page.last().map(|l| l.id.clone());
            links.extend(page);
            if done || links.len() >= usize::try_from(MAX_ROWS).unwrap_or(10_000) {
                break;
            }
        }
        let payments = self.engine.seller_payments(&c.seller.id, MAX_ROWS).await?;
        let zone = self.zone(&c.seller);
        let csv = format::export_csv(&links, &payments, self.engine.public_url(), zone);
        let date = zone.date(self.engine.now_ms());
        Ok(Reply {
            attachment: Some(Attachment::Document {
                filename: format!("paychat-{date}.csv"),
                mime: "text/csv",
                bytes: csv.into_bytes(),
                caption: self.t(
                    c.lang,
                    "export-caption",
                    &[
                        ("links", &links.len().to_string()),
                        ("payments", &payments.len().to_string()),
                    ],
                ),
            }),
            ..Reply::default()
        })
    }

    /// `250.00 THB — tuition`.
    fn summary_line(&self, link: &LinkRow, lang: &str) -> String {
        let amount = self.amount(link.amount_minor, &link.currency, lang);
        if link.description.is_empty() {
            amount
        } else {
            format!("{amount} — {}", shown(&clip(&link.description, 60)))
        }
    }

    fn expiry_line(&self, link: &LinkRow, lang: &str, zone: TimeZone) -> String {
        match link.expires_at {
            Some(at) => self.t(lang, "link-expires", &[("date", &zone.datetime(at))]),
            None => self.t(lang, "link-no-expiry", &[]),
        }
    }

    /// An amount in the seller's language, e.g. `฿250.00` or `Rp50.000`.
    #[must_use]
    pub fn amount(&self, minor: i64, currency: &str, lang: &str) -> String {
        match Currency::from_code(currency) {
            Ok(c) => crate::domain::money::format_minor(minor, c, lang),
            Err(_) => format!("{minor} {currency}"),
        }
    }

    fn engine_error(&self, e: &EngineError, lang: &str) -> Reply {
        // The provider's own words, after a localized frame: they cannot be translated.
        let (provider, detail) = match e {
            EngineError::Provider(ProviderError::Refused { provider, message }) => {
                (provider_label(provider), message.clone())
            }
            EngineError::Provider(ProviderError::Unavailable { provider, .. }) => {
                (provider_label(provider), String::new())
            }
            EngineError::Invalid { message, .. } => ("", message.clone()),
            _ => ("", String::new()),
        };
        let key = match e {
            EngineError::NotFound("link") => "err-link-not-found".to_owned(),
            EngineError::NotFound(_) => "err-not-found".to_owned(),
            EngineError::Invalid { code, .. } => format!("err-{}", code.replace('_', "-")),
            EngineError::Duplicate { field } => {
                format!("err-duplicate-{}", field.replace('_', "-"))
            }
            EngineError::Transition(_) => "err-transition".to_owned(),
            EngineError::AlreadyApplied => "err-already-applied".to_owned(),
            EngineError::Provider(ProviderError::Refused { .. }) => {
                "err-provider-refused".to_owned()
            }
            EngineError::Provider(ProviderError::Unavailable { .. }) => {
                "err-provider-unavailable".to_owned()
            }
            EngineError::IdempotencyMismatch | EngineError::Webhook(_) | EngineError::Store(_) => {
                tracing::error!(error = %e, "chat command failed");
                "err-internal".to_owned()
            }
        };
        let msg = self.t(lang, &key, &[("provider", provider), ("detail", &detail)]);
        // A code without a message of its own still gets a clear, localized answer.
        if msg == key {
            tracing::warn!(%key, "no chat message for this error; showing the generic one");
            return Reply::text(self.t(lang, "err-invalid", &[("detail", &e.to_string())]));
        }
        Reply::text(msg)
    }
}

/// The key that applies this message's command at most once, when the door gave the
/// message's id.
fn message_once(msg: &Incoming) -> Option<ApplyOnce> {
    msg.message_id
        .as_deref()
        .map(|id| ApplyOnce::message(&msg.user.channel, &msg.chat, id))
}

/// Why a command could not be answered, and the language to say it in.
enum Failure {
    Command(CommandError, &'static str),
    Engine(EngineError, Option<&'static str>),
    /// A refusal already said in the user's language.
    Text(String),
}

fn ctx(seller: SellerRow) -> Ctx {
    let lang = supported_locale(&seller.locale).unwrap_or(LOCALES[0]);
    Ctx { seller, lang }
}

/// The language of someone not registered yet: their app's hint, else English.
#[must_use]
pub fn language_guess(hint: Option<&str>) -> &'static str {
    hint.and_then(supported_locale).unwrap_or(LOCALES[0])
}

fn action(label: String, data: String) -> Button {
    Button::Action { label, data }
}

/// A status as a small picture.
#[must_use]
pub fn badge(status: &str) -> &'static str {
    match status {
        "active" => "🟢",
        "paid" => "✅",
        "expired" => "⌛",
        "cancelled" => "✖️",
        "refunded" | "partially_refunded" => "↩️",
        _ => "•",
    }
}

/// Seller-provided text placed inside one of our sentences: isolated, so bidirectional
/// or invisible characters in it cannot reorder or hide what surrounds it.
#[must_use]
pub fn shown(s: &str) -> String {
    crate::domain::text::isolate(s)
}

/// `s` cut to `max` characters, an ellipsis marking the cut.
#[must_use]
pub fn clip(s: &str, max: usize) -> String {
    crate::domain::text::clip(s, max)
}

/// A provider's name as sellers know it.
#[must_use]
pub fn provider_label(name: &str) -> &'static str {
    match name {
        "stripe" => "Stripe",
        "xendit" => "Xendit",
        "sandbox" => "paychat sandbox",
        "manual" => "manual",
        _ => "the payment provider",
    }
}
