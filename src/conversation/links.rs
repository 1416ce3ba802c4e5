//! Making links from chat: the request read from `/link`, the card with its QR code,
//! copies of a link (`/dup`), and the amounts a refund or a copy may take.

use super::qr;
use super::{Attachment, Button, Ctx, Failure, Incoming, Reply, action};
use crate::domain::command::{self, AmountParse, LinkParse, LinkRequest, Recipient, SendAt};
use crate::domain::{Currency, Money, Slug, TimeZone};
use crate::engine::copies::DuplicateInput;
use crate::engine::links::{Created, Idempotency, NewLinkInput, Origin};
use crate::engine::outreach::OutreachRequest;
use crate::engine::{EngineError, LinkRow, SellerRow};

impl super::Conversation {
    /// The seller's link by slug, or a "no such link" failure.
    pub(super) async fn link(&self, c: &Ctx, slug: &str) -> Result<LinkRow, Failure> {
        self.engine
            .link_by_slug(&c.seller.id, slug)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))
    }

    pub(super) async fn create_link(
        &self,
        msg: &Incoming,
        c: &Ctx,
        args: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let default = Currency::from_code(&c.seller.currency).ok();
        let req = match command::parse_link(args, default, c.lang)
            .map_err(|e| Failure::Command(e, c.lang))?
        {
            LinkParse::One(req) => *req,
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
        let zone = self.zone(&c.seller);
        let mut replies = self.link_created(&link, c.lang, zone);
        // The card says what will be e-mailed or texted, to whom, when.
        if let (Some(send), Some(recipient), Some(card)) = (req.send, &req.to, replies.first_mut())
        {
            let (to, now_key, at_key, by) = match recipient {
                Recipient::Email(to) => (to, "link-email-now", "link-email-at", "email"),
                Recipient::Phone(to) => (to, "link-sms-now", "link-sms-at", "sms"),
            };
            let line = match send {
                SendAt::Now => self.t(c.lang, now_key, &[("to", to)]),
                later => {
                    let at = later
                        .instant(zone, link.created_at)
                        .map(|ms| zone.datetime(ms));
                    self.t(
                        c.lang,
                        at_key,
                        &[("to", to), ("date", &at.unwrap_or_default())],
                    )
                }
            };
            card.text.push('\n');
            card.text.push_str(&line);
            if let Some(secs) = req.remind {
                card.text.push('\n');
                card.text.push_str(&self.reminder_line(c.lang, by, secs));
            }
        }
        Ok(replies)
    }

    /// "Reminder e-mail 1 day before expiry" (`by` `email`; `sms`: "Reminder text…"),
    /// in the largest whole unit of `secs`.
    fn reminder_line(&self, lang: &str, by: &str, secs: u64) -> String {
        let (n, unit) = if secs.is_multiple_of(86_400) {
            (secs / 86_400, "day")
        } else if secs.is_multiple_of(3_600) {
            (secs / 3_600, "hour")
        } else {
            (secs / 60, "minute")
        };
        let plural = if n == 1 { "" } else { "s" };
        let n = n.to_string();
        self.t(
            lang,
            &format!("link-{by}-reminder-{unit}{plural}"),
            &[("n", n.as_str())],
        )
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
    pub(super) async fn create_from_request(
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
        input.terms = req.terms.clone();
        // `send:` sends the link to the buyer of `to:`: now, or at a wall time in the
        // seller's zone (checked against the link's expiry by the engine).
        let zone = self.zone(seller);
        // `to:` says the channel: an address is e-mailed, a phone number texted.
        let (email, phone) = match &req.to {
            Some(Recipient::Email(_)) => (true, false),
            Some(Recipient::Phone(_)) => (false, true),
            None => (false, false),
        };
        input.outreach = match req.send {
            None => None,
            Some(SendAt::Now) => Some(OutreachRequest {
                email,
                phone,
                send_immediately: Some(true),
                scheduled_at: None,
                language: None,
                ..OutreachRequest::default()
            }),
            Some(later) => Some(OutreachRequest {
                email,
                phone,
                send_immediately: Some(false),
                scheduled_at: Some(later.instant(zone, self.engine.now_ms()).ok_or_else(|| {
                    EngineError::invalid(
                        "scheduled_date",
                        "schedule_invalid",
                        "that time does not exist in your time zone",
                    )
                })?),
                language: None,
                ..OutreachRequest::default()
            }),
        };
        // `remind:` rides on `send:` (the parser refuses it alone).
        if let (Some(o), Some(secs)) = (input.outreach.as_mut(), req.remind) {
            o.reminders = vec![i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX)];
            o.reminders_field = "reminder_time";
        }
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
        lines.extend(self.terms_lines(link, lang));
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
                &self.amount(link.amount.minor(), link.amount.currency().code(), lang),
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
    pub(super) fn refund_amounts(
        &self,
        c: &Ctx,
        link: &LinkRow,
        typed: Option<&str>,
    ) -> Result<Vec<i64>, Failure> {
        match typed {
            None => Ok(vec![link.paid_minor - link.refunded_minor]),
            Some(raw) => self.typed_amounts(c, link, raw, "/refund"),
        }
    }

    /// `/dup CODE [amount]`: a copy of the link, made at once when no amount was typed
    /// or the amount reads one way; an amount that reads several ways is chosen first.
    pub(super) async fn duplicate(
        &self,
        msg: &Incoming,
        c: &Ctx,
        source: &LinkRow,
        typed: Option<&str>,
    ) -> Result<Vec<Reply>, Failure> {
        let amounts = match typed {
            None => vec![source.amount.minor()],
            Some(raw) => self.typed_amounts(c, source, raw, "/dup")?,
        };
        let [minor] = amounts.as_slice() else {
            return self.ask_dup(msg, c, source, amounts).await;
        };
        let idempotency = msg.message_id.as_ref().and_then(|id| {
            let key = format!("chat:{}:{}:{id}", msg.user.channel, msg.chat);
            Idempotency::new(&key, format!("dup {} {minor}", source.slug).as_bytes()).ok()
        });
        let origin = Origin {
            channel: msg.user.channel.clone(),
            chat: msg.chat.clone(),
            message: msg.message_id.clone(),
        };
        let (link, _) = self
            .copy_link(c, source, *minor, origin, idempotency)
            .await?;
        Ok(self.link_created(&link, c.lang, self.zone(&c.seller)))
    }

    /// A copy of `source` for `minor` in its currency, reporting to `origin`.
    pub(super) async fn copy_link(
        &self,
        c: &Ctx,
        source: &LinkRow,
        minor: i64,
        origin: Origin,
        idempotency: Option<Idempotency>,
    ) -> Result<(LinkRow, Created), Failure> {
        let failed = |e| Failure::Engine(e, Some(c.lang));
        let amount = Money::from_minor(minor, source.amount.currency())
            .map_err(|e| failed(EngineError::amount("amount", &e)))?;
        let changes = DuplicateInput {
            amount: Some(amount),
            origin: Some(origin),
            ..DuplicateInput::default()
        };
        self.engine
            .duplicate_link(&c.seller, source, changes, idempotency)
            .await
            .map_err(failed)
    }
}

impl super::Conversation {
    /// Every reading of an amount typed to `verb` (`/refund`, `/dup`) an existing link,
    /// in the link's currency: the seller presses the one they meant when there are
    /// several. A refusal's examples are that command, not `/link`.
    fn typed_amounts(
        &self,
        c: &Ctx,
        link: &LinkRow,
        raw: &str,
        verb: &str,
    ) -> Result<Vec<i64>, Failure> {
        match command::parse_amount_in(raw, link.amount.currency(), c.lang) {
            Ok(AmountParse::One(m)) => Ok(vec![m.minor()]),
            Ok(AmountParse::Choose(ms)) => Ok(ms.iter().map(|m| m.minor()).collect()),
            Err(e) => {
                let command = format!("{verb} {}", link.slug);
                Err(Failure::Text(
                    self.amount_error_for(&e, c.lang, &command).text,
                ))
            }
        }
    }
}
