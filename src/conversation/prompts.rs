//! Questions the conversation asks before it acts, answered by a button.
//!
//! Every destructive action (cancel a link, refund, mark paid) is confirmed first, in
//! every door; an amount that reads two ways is chosen, never guessed. The button
//! carries `q:<prompt id>:<choice>` and nothing else: what it does and who may press it
//! are stored with the prompt. In a group only the member who asked may answer; the
//! answer applies at most once however often it is pressed or delivered.

use serde::{Deserialize, Serialize};

use super::{Ctx, Failure, Incoming, Reply, action, ctx};
use crate::domain::LinkEvent;
use crate::domain::PaymentStatus;
use crate::engine::EngineError;
use crate::engine::prompts::{ApplyOnce, NewPrompt};
use crate::engine::refunds::{RefundAmount, RefundInput};
use crate::engine::{LinkRow, PaymentRow, PromptRow};

/// The prompt kinds, as stored.
const CANCEL: &str = "cancel";
const PAID: &str = "paid";
const REFUND: &str = "refund";

/// The choice that answers "no".
const KEEP: &str = "x";

/// A prompt about one link (cancel, mark paid).
#[derive(Serialize, Deserialize)]
struct AboutLink {
    slug: String,
}

/// A refund to confirm: one amount, or the readings of an amount typed two ways; on a
/// link with several refundable payments, each choice also names its payment.
#[derive(Serialize, Deserialize)]
struct RefundChoice {
    slug: String,
    amounts: Vec<i64>,
    /// The payment of each amount, by index; empty when the link has one to refund.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    payments: Vec<String>,
}

/// The most refund choices one question offers.
const MAX_REFUND_CHOICES: usize = 6;

impl super::Conversation {
    /// Stores a question asked by `msg` and returns its id.
    pub(super) async fn ask(
        &self,
        msg: &Incoming,
        c: &Ctx,
        kind: &str,
        payload: &impl Serialize,
    ) -> Result<String, Failure> {
        let payload = serde_json::to_string(payload).map_err(|e| {
            Failure::Engine(
                EngineError::invalid("prompt", "prompt", e.to_string()),
                Some(c.lang),
            )
        })?;
        let asked_by = super::message_once(msg);
        let prompt = self
            .engine
            .ask(NewPrompt {
                seller_id: &c.seller.id,
                channel: &msg.user.channel,
                chat: &msg.chat,
                owner: &msg.user.external_user,
                kind,
                payload,
                asked_by: asked_by.as_ref(),
            })
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        Ok(prompt.id)
    }

    /// Whether the question was answered "keep" (closing it deletes it): a "yes"
    /// refused as applied before then lost the race to "keep" and changed nothing.
    async fn kept(&self, prompt: &PromptRow) -> bool {
        matches!(self.engine.prompt(&prompt.id).await, Ok(None))
    }

    fn unchanged(&self, c: &Ctx) -> Reply {
        Reply::text(self.t(c.lang, "nothing-changed", &[])).editing()
    }

    pub(super) fn keep_button(&self, lang: &str, id: &str) -> super::Button {
        action(self.t(lang, "btn-keep", &[]), format!("q:{id}:{KEEP}"))
    }

    /// "Cancel this link?" — asked only when cancelling is possible, so a paid or
    /// closed link is refused now rather than after the seller confirmed.
    pub(super) async fn ask_cancel(
        &self,
        msg: &Incoming,
        c: &Ctx,
        slug: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let link = self.link(c, slug).await?;
        check_move(&link, &LinkEvent::Cancel, c)?;
        self.ask_yes_or_keep(msg, c, &link, CANCEL, ("cancel-confirm", "btn-cancel-yes"))
            .await
    }

    /// "Mark this link paid by cash or transfer?"
    pub(super) async fn ask_paid(
        &self,
        msg: &Incoming,
        c: &Ctx,
        slug: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let link = self.link(c, slug).await?;
        check_move(&link, &link.payment_succeeded(link.settles().minor()), c)?;
        self.ask_yes_or_keep(msg, c, &link, PAID, ("paid-confirm", "btn-paid-yes"))
            .await
    }

    /// A yes-or-keep question about `link`: its text and "yes" label are the message
    /// keys `(question, yes)`.
    async fn ask_yes_or_keep(
        &self,
        msg: &Incoming,
        c: &Ctx,
        link: &LinkRow,
        kind: &str,
        (question, yes): (&str, &str),
    ) -> Result<Vec<Reply>, Failure> {
        let about = AboutLink {
            slug: link.slug.clone(),
        };
        let id = self.ask(msg, c, kind, &about).await?;
        Ok(vec![
            Reply::text(self.t(
                c.lang,
                question,
                &[("link", &self.summary_line(link, c.lang))],
            ))
            .row(vec![
                action(self.t(c.lang, yes, &[]), format!("q:{id}:0")),
                self.keep_button(c.lang, &id),
            ]),
        ])
    }

    /// "Refund this much?" — one button per amount reading (the amount typed, or what
    /// is left when none was). A link with several payments still to refund (a late
    /// second payment, parts) asks which payment as well.
    pub(super) async fn ask_refund(
        &self,
        msg: &Incoming,
        c: &Ctx,
        link: &LinkRow,
        (amounts, typed): (Vec<i64>, bool),
    ) -> Result<Vec<Reply>, Failure> {
        let payments = self
            .engine
            .payments(&c.seller.id, link.id.as_str())
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        let refundable: Vec<&PaymentRow> = payments
            .iter()
            .filter(|p| p.status == PaymentStatus::Succeeded && p.amount.minor() > p.refunded_minor)
            .collect();
        if refundable.len() > 1 {
            return self
                .ask_refund_which(msg, c, link, &refundable, typed.then_some(amounts))
                .await;
        }
        let left = link.paid_minor - link.refunded_minor;
        if left <= 0 {
            return Ok(vec![Reply::text(self.t(
                c.lang,
                "refund-nothing",
                &[("link", &self.summary_line(link, c.lang))],
            ))]);
        }
        let amounts: Vec<i64> = amounts.into_iter().filter(|m| *m <= left).collect();
        if amounts.is_empty() {
            return Ok(self.refund_too_much(c, link, left));
        }
        // The one payment named: another may be succeeded too, but refunded in full.
        let payments = refundable
            .first()
            .map(|p| vec![p.id.to_string(); amounts.len()])
            .unwrap_or_default();
        let id = self
            .ask_refund_choice(msg, c, link, amounts.clone(), payments)
            .await?;
        let summary = self.summary_line(link, c.lang);
        let text = if let [one] = amounts.as_slice() {
            self.t(
                c.lang,
                "refund-confirm",
                &[
                    (
                        "amount",
                        &self.amount(*one, link.amount.currency().code(), c.lang),
                    ),
                    ("link", &summary),
                ],
            )
        } else {
            // Each reading in the text too, numbered as its button: a door that clips
            // button labels still shows the whole amount.
            let mut lines = vec![self.t(c.lang, "refund-choose", &[("link", &summary)])];
            for (i, m) in amounts.iter().enumerate() {
                lines.push(format!(
                    "{}. {}",
                    i + 1,
                    self.amount(*m, link.amount.currency().code(), c.lang)
                ));
            }
            lines.join("\n")
        };
        let mut buttons: Vec<_> = amounts
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let label = if amounts.len() == 1 {
                    self.t(c.lang, "btn-refund-yes", &[])
                } else {
                    self.t(
                        c.lang,
                        "btn-refund-amount",
                        &[
                            ("n", &(i + 1).to_string()),
                            (
                                "amount",
                                &self.amount(*m, link.amount.currency().code(), c.lang),
                            ),
                        ],
                    )
                };
                action(label, format!("q:{id}:{i}"))
            })
            .collect();
        buttons.push(self.keep_button(c.lang, &id));
        Ok(vec![Reply::text(text).row(buttons).menu(self.t(
            c.lang,
            "btn-choose",
            &[],
        ))])
    }

    /// "At most this much is left to refund."
    fn refund_too_much(&self, c: &Ctx, link: &LinkRow, left: i64) -> Vec<Reply> {
        let left = self.amount(left, link.amount.currency().code(), c.lang);
        vec![Reply::text(self.t(
            c.lang,
            "refund-too-much",
            &[("left", &left)],
        ))]
    }

    /// Stores the refund question: its amounts, and the payment of each when the link
    /// has several to refund; returns its id.
    async fn ask_refund_choice(
        &self,
        msg: &Incoming,
        c: &Ctx,
        link: &LinkRow,
        amounts: Vec<i64>,
        payments: Vec<String>,
    ) -> Result<String, Failure> {
        let choice = RefundChoice {
            slug: link.slug.clone(),
            amounts,
            payments,
        };
        self.ask(msg, c, REFUND, &choice).await
    }

    /// Which payment to refund, and how much: each payment's remainder, or each reading
    /// of the amount typed that the payment can take.
    async fn ask_refund_which(
        &self,
        msg: &Incoming,
        c: &Ctx,
        link: &LinkRow,
        refundable: &[&PaymentRow],
        typed: Option<Vec<i64>>,
    ) -> Result<Vec<Reply>, Failure> {
        let code = link.amount.currency().code();
        let mut choices: Vec<(&PaymentRow, i64)> = Vec::new();
        // The newest first: on a link sold many times the last sales are the likely ones.
        for p in refundable.iter().rev() {
            let left = p.amount.minor() - p.refunded_minor;
            match &typed {
                None => choices.push((p, left)),
                Some(amounts) => {
                    choices.extend(amounts.iter().filter(|m| **m <= left).map(|m| (*p, *m)))
                }
            }
        }
        let left_out = choices.len().saturating_sub(MAX_REFUND_CHOICES);
        choices.truncate(MAX_REFUND_CHOICES);
        if choices.is_empty() {
            let most = refundable
                .iter()
                .map(|p| p.amount.minor() - p.refunded_minor)
                .max()
                .unwrap_or(0);
            return Ok(self.refund_too_much(c, link, most));
        }
        let (amounts, payments) = choices.iter().map(|(p, m)| (*m, p.id.to_string())).unzip();
        let id = self
            .ask_refund_choice(msg, c, link, amounts, payments)
            .await?;
        let zone = self.zone(&c.seller);
        let mut lines = vec![self.t(
            c.lang,
            "refund-which",
            &[("link", &self.summary_line(link, c.lang))],
        )];
        let mut buttons = Vec::new();
        for (i, (p, m)) in choices.iter().enumerate() {
            let (n, amount) = ((i + 1).to_string(), self.amount(*m, code, c.lang));
            let mut line = self.t(
                c.lang,
                "refund-payment-line",
                &[
                    ("n", &n),
                    ("amount", &amount),
                    ("paid", &self.amount(p.amount.minor(), code, c.lang)),
                    ("date", &zone.datetime(p.updated_at)),
                ],
            );
            if let Some(payer) = p.payer_name.as_deref().filter(|s| !s.is_empty()) {
                line = format!("{line} — {}", super::shown(payer));
            }
            lines.push(line);
            buttons.push(action(
                self.t(
                    c.lang,
                    "btn-refund-amount",
                    &[("n", &n), ("amount", &amount)],
                ),
                format!("q:{id}:{i}"),
            ));
        }
        if left_out > 0 {
            lines.push(self.t(c.lang, "refund-more", &[("count", &left_out.to_string())]));
        }
        buttons.push(self.keep_button(c.lang, &id));
        Ok(vec![
            Reply::text(lines.join("\n"))
                .row(buttons)
                .menu(self.t(c.lang, "btn-choose", &[])),
        ])
    }

    /// A pressed `q:` button: checks who pressed it, then applies the answer once.
    pub(super) async fn answer(&self, msg: &Incoming, data: &str) -> Result<Vec<Reply>, Failure> {
        let guess = super::language_guess(msg.user.language.as_deref());
        let (id, choice) = data.split_once(':').unwrap_or((data, ""));
        let prompt = self
            .engine
            .prompt(id)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?;
        let Some(prompt) = prompt else {
            let lang = self.known_lang(msg).await.unwrap_or(guess);
            let expired = Reply::text(self.t(lang, "button-expired", &[]));
            // In a group the question is everyone's to read: only the presser is told.
            return Ok(vec![if msg.group {
                Reply::notice(expired.text)
            } else {
                expired.editing()
            }]);
        };
        // Pressed by who asked, where it was asked: a button copied or forwarded
        // elsewhere answers nothing.
        if prompt.owner != msg.user.external_user
            || prompt.channel != msg.user.channel
            || prompt.chat != msg.chat
        {
            let lang = self.known_lang(msg).await.unwrap_or(guess);
            return Ok(vec![Reply::notice(self.t(lang, "not-your-question", &[]))]);
        }
        let seller = self
            .engine
            .seller(&prompt.seller_id)
            .await
            .map_err(|e| Failure::Engine(e, Some(guess)))?;
        let c = ctx(seller);
        if choice == KEEP {
            return match self.engine.close_prompt(&prompt.id).await {
                Ok(()) => Ok(vec![
                    Reply::text(self.t(c.lang, "nothing-changed", &[])).editing(),
                ]),
                // Another button of this question was pressed first and applied; its
                // answer stays on the message.
                Err(EngineError::AlreadyApplied) => Ok(vec![Reply::notice(self.t(
                    c.lang,
                    "question-answered",
                    &[],
                ))]),
                Err(e) => Err(Failure::Engine(e, Some(c.lang))),
            };
        }
        let Ok(index) = choice.parse::<usize>() else {
            return Ok(vec![
                Reply::text(self.t(c.lang, "button-expired", &[])).editing(),
            ]);
        };
        let once = ApplyOnce::prompt(&prompt.id);
        match prompt.kind.as_str() {
            CANCEL => self.answer_cancel(&c, &prompt, &once).await,
            PAID => self.answer_paid(&c, &prompt, &once).await,
            REFUND => self.answer_refund(&c, &prompt, index, once).await,
            super::readings::LINK => self.answer_link(&c, &prompt, index, &once).await,
            super::readings::DUP => self.answer_dup(&c, &prompt, index, &once).await,
            super::bankpay::BANK => self.answer_bank(&c, &prompt).await,
            _ => Ok(vec![
                Reply::text(self.t(c.lang, "button-expired", &[])).editing(),
            ]),
        }
    }

    /// The stored question's content. One that cannot be read (written by another
    /// version, say) is logged for the operator; the seller is told the button no
    /// longer works and to send the command again, which is the truth for them.
    pub(super) fn payload<T: for<'de> Deserialize<'de>>(
        &self,
        p: &PromptRow,
        c: &Ctx,
    ) -> Result<T, Vec<Reply>> {
        serde_json::from_str(&p.payload).map_err(|e| {
            tracing::error!(prompt = %p.id, error = %e, "a stored chat question is unreadable");
            vec![Reply::text(self.t(c.lang, "button-expired", &[])).editing()]
        })
    }

    async fn answer_cancel(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        once: &ApplyOnce,
    ) -> Result<Vec<Reply>, Failure> {
        let about: AboutLink = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        let link = self.link(c, &about.slug).await?;
        let link = self
            .engine
            .cancel_link(&c.seller.id, link.id.as_str(), Some(once))
            .await;
        self.link_answered(c, prompt, &about.slug, link, "cancelled")
            .await
    }

    /// The answer after a link question was applied: `done` (a message key) with the
    /// link as it is now. Pressed twice, the first press did it — or "keep" won the
    /// race, and the link is as it was.
    async fn link_answered(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        slug: &str,
        applied: Result<LinkRow, EngineError>,
        done: &str,
    ) -> Result<Vec<Reply>, Failure> {
        let link = match applied {
            Ok(l) => l,
            Err(EngineError::AlreadyApplied) => {
                if self.kept(prompt).await {
                    return Ok(vec![self.unchanged(c)]);
                }
                self.link(c, slug).await?
            }
            Err(e) => return Err(Failure::Engine(e, Some(c.lang))),
        };
        Ok(vec![
            Reply::text(self.t(c.lang, done, &[("link", &self.summary_line(&link, c.lang))]))
                .editing(),
        ])
    }

    async fn answer_paid(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        once: &ApplyOnce,
    ) -> Result<Vec<Reply>, Failure> {
        let about: AboutLink = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        let link = self.link(c, &about.slug).await?;
        let recorded = self
            .engine
            .record_manual_payment(&c.seller.id, link.id.as_str(), Some(once))
            .await;
        // The money was a buyer's bank transfer waiting for the seller's answer: said so.
        let done = match &recorded {
            Ok((_, p)) if p.provider == crate::engine::bankpay::BANK_PROVIDER => {
                "paid-claim-confirmed"
            }
            _ => "paid-recorded",
        };
        self.link_answered(c, prompt, &about.slug, recorded.map(|(l, _)| l), done)
            .await
    }

    async fn answer_refund(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        index: usize,
        once: ApplyOnce,
    ) -> Result<Vec<Reply>, Failure> {
        let choice: RefundChoice = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        let link = self.link(c, &choice.slug).await?;
        let Some(&minor) = choice.amounts.get(index) else {
            return Ok(vec![
                Reply::text(self.t(c.lang, "button-expired", &[])).editing(),
            ]);
        };
        let input = RefundInput {
            amount: RefundAmount::Minor(minor),
            payment_id: choice.payments.get(index).cloned(),
            reason: Some("refund from chat".into()),
            once: Some(once),
        };
        match self
            .engine
            .refund(&c.seller.id, link.id.as_str(), input)
            .await
        {
            // The outcome reaches the chat as the "refunded" (or "refund failed") push;
            // here the confirmation is only closed. A second press refunds nothing.
            Err(EngineError::AlreadyApplied) if self.kept(prompt).await => {
                Ok(vec![self.unchanged(c)])
            }
            Ok(_) | Err(EngineError::Provider(_) | EngineError::AlreadyApplied) => Ok(vec![
                Reply::text(self.t(
                    c.lang,
                    "refund-requested",
                    &[
                        (
                            "amount",
                            &self.amount(minor, link.amount.currency().code(), c.lang),
                        ),
                        ("link", &self.summary_line(&link, c.lang)),
                    ],
                ))
                .editing(),
            ]),
            Err(e) => Err(Failure::Engine(e, Some(c.lang))),
        }
    }
}

/// Refuses now a move the link's lifecycle would refuse after the seller confirmed.
fn check_move(link: &LinkRow, event: &LinkEvent, c: &Ctx) -> Result<(), Failure> {
    link.status
        .apply(event)
        .map(|_| ())
        .map_err(|e| Failure::Engine(e.into(), Some(c.lang)))
}
