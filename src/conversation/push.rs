//! Status pushes, planned once for every door: is the chat still reachable, does the
//! push go to another app, and what it says in the seller's language. A door's channel
//! only sends the planned [`Reply`] (or settles the row as the plan says).

use super::{Attachment, Button, Conversation, Reply, action, shown};
use crate::domain::TimeZone;
use crate::engine::ports::Delivery;
use crate::engine::push::{ChatPush, PushDetail, PushLink, SlipSeen};
use crate::engine::sellers::supported_locale;
use crate::engine::{EngineError, OutboxRow};

/// The prefix of a destination that is a card shared in other chats, not a chat.
const CARD: &str = "card:";

/// What a channel does with one outbox row of a chat push.
#[derive(Debug)]
pub enum PushPlan {
    /// Send `reply` to the row's chat; `push` and `lang` for doors that must say it
    /// another way (WhatsApp templates).
    Send {
        reply: Reply,
        push: Box<ChatPush>,
        lang: &'static str,
    },
    /// Show `reply` in the shared card `card_ref` (Telegram inline messages).
    Card { card_ref: String, reply: Reply },
    /// Nothing to send: the row is settled so.
    Settle(Delivery),
}

fn retry(error: impl std::fmt::Display) -> PushPlan {
    PushPlan::Settle(Delivery::Retry {
        error: error.to_string(),
        after: None,
    })
}

impl Conversation {
    /// Plans the delivery of `row`, sitting in `channel`.
    pub async fn plan_push(&self, row: &OutboxRow) -> PushPlan {
        let Some(push) = ChatPush::parse(&row.payload) else {
            return PushPlan::Settle(Delivery::Failed {
                error: "payload is not a chat push".into(),
            });
        };
        if let Some(card_ref) = row.destination.strip_prefix(CARD) {
            return self.plan_card(card_ref, &push).await;
        }
        let Some(detail) = &push.detail else {
            // Cards only: a chat has nothing to be told.
            return PushPlan::Settle(Delivery::Delivered);
        };
        match self
            .engine
            .chat_blocked(&row.channel, &row.destination)
            .await
        {
            Ok(true) => {
                return PushPlan::Settle(Delivery::Failed {
                    error: "the chat blocked the bot".into(),
                });
            }
            Ok(false) => {}
            Err(e) => return retry(e),
        }
        let seller = match self.engine.seller(&push.seller()).await {
            Ok(s) => s,
            Err(e) => return retry(e),
        };
        match self.engine.push_route(&seller.id, row).await {
            Ok(Some((channel, destination))) => {
                return PushPlan::Settle(Delivery::Reroute {
                    channel,
                    destination,
                });
            }
            Ok(None) => {}
            Err(e) => return retry(e),
        }
        // A reminder says nothing about a link paid, closed or extended since it was
        // queued, nor to a seller who turned reminders off.
        let mut can_remind = false;
        if let PushDetail::NotPaidYet { expires_at } = detail {
            let link = match self
                .engine
                .seller_reminder_due(&push.link.id, *expires_at)
                .await
            {
                Ok(Some(link)) => link,
                Ok(None) | Err(EngineError::NotFound(_)) => {
                    return PushPlan::Settle(Delivery::Delivered);
                }
                Err(e) => return retry(e),
            };
            // "Remind buyer" only where there is a buyer who did not stop the messages.
            can_remind = match self.engine.outreach_of(&link.id).await {
                Ok(o) => o.is_some_and(|o| {
                    o.stopped_at.is_none() && (o.email.is_some() || o.phone.is_some())
                }),
                Err(e) => return retry(e),
            };
        }
        let lang = supported_locale(&seller.locale).unwrap_or("en");
        let zone = self.engine.seller_timezone(seller.timezone.as_deref());
        let mut reply = self.render_push(&push.link, detail, lang, zone);
        if can_remind && let Some(first) = reply.buttons.first_mut() {
            first.insert(
                0,
                action(
                    self.t(lang, "btn-remind-buyer", &[]),
                    format!("rb:{}", push.link.slug),
                ),
            );
        }
        if let PushDetail::Claimed {
            payment_id,
            slip: Some(_),
            ..
        } = detail
        {
            self.attach_slip(&mut reply, payment_id, lang).await;
        }
        PushPlan::Send {
            reply,
            push: Box::new(push),
            lang,
        }
    }

    /// A card shows the link as it is now, not as the event saw it: a late edit must
    /// not turn a refunded card back to paid.
    async fn plan_card(&self, card_ref: &str, push: &ChatPush) -> PushPlan {
        let link = match self.engine.link_now(&push.link.id).await {
            Ok(l) => l,
            Err(e) => return retry(e),
        };
        let seller = match self.engine.seller(&link.seller_id).await {
            Ok(s) => s,
            Err(e) => return retry(e),
        };
        let lang = supported_locale(&seller.locale).unwrap_or("en");
        PushPlan::Card {
            card_ref: card_ref.to_owned(),
            reply: self.card(&seller.name, &self.push_link(&link), lang),
        }
    }

    /// A link as a card's data.
    #[must_use]
    pub fn push_link(&self, link: &crate::engine::LinkRow) -> PushLink {
        PushLink::new(link, self.engine.link_url(&link.slug))
    }

    /// A claim's transfer slip, attached as a picture the seller can open.
    async fn attach_slip(&self, reply: &mut Reply, payment_id: &str, lang: &str) {
        match self.engine.claim_slip(payment_id).await {
            Ok(Some(slip)) => {
                reply.attachment = Some(Attachment::Document {
                    filename: "slip.jpg".into(),
                    mime: "image/jpeg",
                    bytes: slip.image,
                    caption: self.t(lang, "push-claim-slip-caption", &[]),
                });
            }
            // Deleted past its retention, or never stored: the text says the rest.
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "reading a claim's slip failed"),
        }
    }

    fn push_summary(&self, link: &PushLink, lang: &str) -> String {
        let amount = self.amount(link.amount_minor, &link.currency, lang);
        if link.description.is_empty() {
            amount
        } else {
            format!("{amount} — {}", shown(&link.description))
        }
    }

    /// `summary`, then a line for each of `lines` (translation key, arguments).
    fn lines(&self, lang: &str, summary: String, lines: &[(&str, &[(&str, &str)])]) -> String {
        let mut text = summary;
        for (key, args) in lines {
            text.push('\n');
            text.push_str(&self.t(lang, key, args));
        }
        text
    }

    /// The chat message for a push about `link`, in `lang`.
    #[must_use]
    pub fn render_push(
        &self,
        link: &PushLink,
        detail: &PushDetail,
        lang: &str,
        zone: TimeZone,
    ) -> Reply {
        let summary = self.push_summary(link, lang);
        let slug = link.slug.as_str();
        let reason = |r: &Option<String>| r.clone().filter(|r| !r.is_empty());
        let reply =
            match detail {
                PushDetail::Paid {
                    payer,
                    late,
                    receipt,
                    part,
                    email,
                    phone,
                    shipping,
                } => {
                    let payer = payer.as_deref().map(shown);
                    let mut lines: Vec<(&str, &[(&str, &str)])> = Vec::new();
                    let payer_args;
                    if let Some(p) = &payer {
                        payer_args = [("payer", p.as_str())];
                        lines.push(("push-payer", &payer_args));
                    }
                    // What the buyer typed is theirs: shown cleaned, like their name.
                    let (email, shipping) =
                        (email.as_deref().map(shown), shipping.as_deref().map(shown));
                    let (email_args, phone_args, shipping_args);
                    if let Some(e) = &email {
                        email_args = [("email", e.as_str())];
                        lines.push(("push-payer-email", &email_args));
                    }
                    if let Some(p) = phone {
                        phone_args = [("phone", p.as_str())];
                        lines.push(("push-payer-phone", &phone_args));
                    }
                    if let Some(a) = &shipping {
                        shipping_args = [("address", a.as_str())];
                        lines.push(("push-shipping", &shipping_args));
                    }
                    let late_args = [("slug", slug)];
                    // The excess, shown and as the refund to type (`/refund CODE 400 THB`).
                    let over = part.as_ref().and_then(|p| p.over_minor).map(|o| {
                        let typed = crate::domain::Currency::from_code(&link.currency)
                            .ok()
                            .and_then(|c| crate::domain::Money::from_minor(o, c).ok())
                            .map(|m| crate::domain::amount::amount_text(m, lang))
                            .unwrap_or_default();
                        (self.amount(o, &link.currency, lang), typed)
                    });
                    let over_args;
                    if let Some((shown, typed)) = &over {
                        over_args = [
                            ("amount", shown.as_str()),
                            ("slug", slug),
                            ("refund", typed.as_str()),
                        ];
                        lines.push(("push-over", &over_args));
                    } else if *late {
                        lines.push(("push-late", &late_args));
                    }
                    // A plain line: every door shows it, and the seller can forward it.
                    let receipt_args;
                    if let Some(url) = receipt {
                        receipt_args = [("url", url.as_str())];
                        lines.push(("push-receipt", &receipt_args));
                    }
                    let (paid, left) = part.as_ref().map_or((String::new(), String::new()), |p| {
                        (
                            self.amount(p.paid_minor, &link.currency, lang),
                            self.amount(p.remaining_minor, &link.currency, lang),
                        )
                    });
                    let part_args = [("amount", paid.as_str()), ("remaining", left.as_str())];
                    let due = part.as_ref().is_some_and(|p| p.remaining_minor > 0);
                    if due {
                        lines.push(("push-part-paid", &part_args));
                    }
                    let reply = Reply::text(self.lines(lang, summary, &lines)).titled(self.t(
                        lang,
                        "push-paid-title",
                        &[],
                    ));
                    // After a deposit: one press makes the balance request to forward.
                    if due {
                        reply.row(vec![action(
                            self.t(lang, "btn-balance-request", &[]),
                            format!("bal:{slug}"),
                        )])
                    } else {
                        reply
                    }
                }
                PushDetail::PaymentFailed { reason: r } => {
                    let r = reason(r);
                    let mut lines: Vec<(&str, &[(&str, &str)])> = Vec::new();
                    let args;
                    if let Some(r) = &r {
                        args = [("reason", r.as_str())];
                        lines.push(("push-reason", &args));
                    }
                    lines.push(("push-failed-still-open", &[]));
                    Reply::text(self.lines(lang, summary, &lines)).titled(self.t(
                        lang,
                        "push-failed-title",
                        &[],
                    ))
                }
                PushDetail::Expired => {
                    Reply::text(summary).titled(self.t(lang, "push-expired-title", &[]))
                }
                PushDetail::Refunded { amount_minor } => {
                    let refunded = self.amount(*amount_minor, &link.currency, lang);
                    Reply::text(self.t(
                        lang,
                        "push-refunded",
                        &[("amount", &refunded), ("link", &summary)],
                    ))
                    .titled(self.t(lang, "push-refunded-title", &[]))
                }
                PushDetail::RefundFailed { reason: r } => {
                    let r = reason(r);
                    let args;
                    let mut lines: Vec<(&str, &[(&str, &str)])> = Vec::new();
                    if let Some(r) = &r {
                        args = [("reason", r.as_str())];
                        lines.push(("push-reason", &args));
                    }
                    Reply::text(self.lines(lang, summary, &lines)).titled(self.t(
                        lang,
                        "push-refund-failed-title",
                        &[],
                    ))
                }
                PushDetail::CheckoutFailed { reason: r } => {
                    let args = [("reason", r.as_str())];
                    let mut lines: Vec<(&str, &[(&str, &str)])> = Vec::new();
                    if !r.is_empty() {
                        lines.push(("push-reason", &args));
                    }
                    lines.push(("push-checkout-failed", &[]));
                    Reply::text(self.lines(lang, summary, &lines)).titled(self.t(
                        lang,
                        "push-checkout-failed-title",
                        &[],
                    ))
                }
                // Already carries its own buttons (and a Status one would crowd them).
                PushDetail::Claimed {
                    payment_id,
                    payer,
                    rail,
                    reference,
                    slip,
                } => {
                    return self.claim_push(
                        summary,
                        (payment_id, payer.as_deref(), rail, reference.as_deref()),
                        slip.as_ref(),
                        lang,
                    );
                }
                PushDetail::Unmatched {
                    amount_minor,
                    content,
                    closed,
                } => {
                    let credit = self.amount(*amount_minor, &link.currency, lang);
                    let key = if *closed {
                        "push-unmatched-closed"
                    } else {
                        "push-unmatched-amount"
                    };
                    let content = shown(&super::clip(content, 80));
                    let args = [
                        ("credit", credit.as_str()),
                        ("content", content.as_str()),
                        ("slug", slug),
                    ];
                    Reply::text(self.lines(lang, summary, &[(key, &args)])).titled(self.t(
                        lang,
                        "push-unmatched-title",
                        &[],
                    ))
                }
                PushDetail::BuyerMessageFailed { channel, to, reply } => {
                    let (to, reply) = (shown(to), shown(&super::clip(reply, 200)));
                    let args = [("to", to.as_str()), ("reply", reply.as_str())];
                    // The e-mail's words, or the text message's.
                    let (key, title) = if channel == "sms" {
                        ("push-sms-failed", "push-sms-failed-title")
                    } else {
                        ("push-email-failed", "push-email-failed-title")
                    };
                    Reply::text(self.lines(lang, summary, &[(key, &args)])).titled(self.t(
                        lang,
                        title,
                        &[],
                    ))
                }
                PushDetail::SmsDailyCap { to, cap } => {
                    let (to, cap) = (shown(to), cap.to_string());
                    let args = [("to", to.as_str()), ("cap", cap.as_str())];
                    Reply::text(self.lines(lang, summary, &[("push-sms-cap", &args)]))
                        .titled(self.t(lang, "push-sms-cap-title", &[]))
                }
                PushDetail::Mismatch {
                    reported_minor,
                    reported_currency,
                } => {
                    let reported = self.amount(*reported_minor, reported_currency, lang);
                    let expected = self.amount(link.amount_minor, &link.currency, lang);
                    let args = [
                        ("reported", reported.as_str()),
                        ("expected", expected.as_str()),
                    ];
                    Reply::text(self.lines(lang, summary, &[("push-mismatch", &args)]))
                        .titled(self.t(lang, "push-mismatch-title", &[]))
                }
                PushDetail::NotPaidYet { expires_at } => {
                    let date = zone.datetime(*expires_at);
                    let args = [("date", date.as_str())];
                    Reply::text(self.lines(lang, summary, &[("push-reminder-expires", &args)]))
                        .titled(self.t(lang, "push-reminder-title", &[]))
                        .row(vec![
                            action(
                                self.t(lang, "btn-extend", &[]),
                                format!("ext:{slug}:{expires_at}"),
                            ),
                            action(self.t(lang, "btn-cancel", &[]), format!("cx:{slug}")),
                        ])
                }
            };
        reply.row(vec![Button::Action {
            label: self.t(lang, "btn-status", &[]),
            data: format!("st:{slug}"),
        }])
    }

    /// The push about a claim: who says they paid, how, and the two answers.
    fn claim_push(
        &self,
        summary: String,
        (payment_id, payer, rail, reference): (&str, Option<&str>, &str, Option<&str>),
        slip: Option<&SlipSeen>,
        lang: &str,
    ) -> Reply {
        let rail = crate::domain::rails::Rail::parse(rail).map_or("bank QR", |r| r.label());
        let mut text = summary;
        if let Some(p) = payer {
            text.push('\n');
            text.push_str(&self.t(lang, "push-payer", &[("payer", &shown(p))]));
        }
        text.push('\n');
        match reference {
            Some(r) => text.push_str(&self.t(
                lang,
                "push-claim-check-ref",
                &[("rail", rail), ("reference", r)],
            )),
            None => text.push_str(&self.t(lang, "push-claim-check", &[("rail", rail)])),
        }
        if let Some(slip) = slip {
            if let (Some(reference), Some(bank)) = (&slip.reference, &slip.bank) {
                text.push('\n');
                text.push_str(&self.t(
                    lang,
                    "push-claim-slip",
                    &[("reference", reference), ("bank", bank)],
                ));
            }
            if slip.seen_before {
                text.push('\n');
                text.push_str(&self.t(lang, "push-claim-slip-seen", &[]));
            }
        }
        Reply::text(text)
            .titled(self.t(lang, "push-claim-title", &[]))
            .row(vec![
                action(
                    self.t(lang, "btn-bank-received", &[]),
                    format!("bq:{payment_id}:y"),
                ),
                action(
                    self.t(lang, "btn-bank-not-received", &[]),
                    format!("bq:{payment_id}:n"),
                ),
            ])
    }
}
