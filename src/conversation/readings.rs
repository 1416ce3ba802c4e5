//! Questions about an amount typed for a new link (`/link`) or a copy (`/dup`) that reads
//! more than one way: a button per reading, and one link for the reading pressed,
//! however often it is pressed.

use serde::{Deserialize, Serialize};

use super::{Ctx, Failure, Incoming, Reply, action};
use crate::domain::command::{LinkRequest, Recipient};
use crate::domain::{Currency, Money};
use crate::engine::links::{Idempotency, Origin};
use crate::engine::prompts::ApplyOnce;
use crate::engine::{LinkRow, PromptRow};

/// The prompt kinds, as stored.
pub(super) const LINK: &str = "link";
pub(super) const DUP: &str = "dup";

/// The readings of an amount typed for a copy (`/dup CODE amount`).
#[derive(Serialize, Deserialize)]
struct DupChoice {
    slug: String,
    amounts: Vec<i64>,
}

/// One reading of a `/link` the seller must choose from.
#[derive(Serialize, Deserialize)]
struct LinkReading {
    minor: i64,
    currency: String,
    description: String,
    expires_in_secs: Option<u64>,
    /// `None`: the seller gave no `limit:`; `Some(None)`: `limit:none`.
    usage_limit: Option<Option<i64>>,
    reference: Option<String>,
    to: Option<(String, String)>,
    #[serde(default)]
    pay_via: Option<String>,
    /// A deposit typed with the amount (`deposit:30%`), computed per reading.
    #[serde(default)]
    terms: crate::domain::LinkTerms,
    /// `send:` typed with the amount.
    #[serde(default)]
    send: Option<crate::domain::command::SendAt>,
    /// `remind:` typed with the amount.
    #[serde(default)]
    remind: Option<u64>,
}

impl LinkReading {
    fn of(r: &LinkRequest) -> Self {
        Self {
            minor: r.amount.minor(),
            currency: r.amount.currency().code().to_owned(),
            description: r.description.clone(),
            expires_in_secs: r.expires_in_secs,
            usage_limit: r.usage_limit,
            reference: r.reference.clone(),
            pay_via: r.pay_via.clone(),
            terms: r.terms.clone(),
            send: r.send,
            remind: r.remind,
            to: r.to.as_ref().map(|t| match t {
                Recipient::Phone(p) => ("phone".to_owned(), p.clone()),
                Recipient::Email(e) => ("email".to_owned(), e.clone()),
            }),
        }
    }

    fn request(&self) -> Option<LinkRequest> {
        let currency = Currency::from_code(&self.currency).ok()?;
        Some(LinkRequest {
            amount: Money::from_minor(self.minor, currency).ok()?,
            description: self.description.clone(),
            expires_in_secs: self.expires_in_secs,
            usage_limit: self.usage_limit,
            reference: self.reference.clone(),
            pay_via: self.pay_via.clone(),
            terms: self.terms.clone(),
            send: self.send,
            remind: self.remind,
            to: self.to.as_ref().map(|(kind, v)| {
                if kind == "phone" {
                    Recipient::Phone(v.clone())
                } else {
                    Recipient::Email(v.clone())
                }
            }),
        })
    }
}

impl super::Conversation {
    /// "Which did you mean?" — one button per reading of a `/link`.
    pub(super) async fn ask_link(
        &self,
        msg: &Incoming,
        c: &Ctx,
        readings: &[LinkRequest],
    ) -> Result<Vec<Reply>, Failure> {
        let stored: Vec<LinkReading> = readings.iter().map(LinkReading::of).collect();
        let id = self.ask(msg, c, LINK, &stored).await?;
        let lines: Vec<(String, Option<&str>)> = readings
            .iter()
            .map(|r| {
                let amount = self.amount(r.amount.minor(), r.amount.currency().code(), c.lang);
                (amount, Some(r.description.as_str()))
            })
            .collect();
        Ok(vec![self.amount_question(c, &id, &lines)])
    }

    /// The question "that amount reads several ways: which?", a numbered line and a
    /// button per reading (`amount — description`); a door that clips button labels
    /// still shows each whole amount in the text.
    fn amount_question(&self, c: &Ctx, id: &str, readings: &[(String, Option<&str>)]) -> Reply {
        let mut lines = vec![self.t(c.lang, "amount-choose", &[])];
        let mut buttons = Vec::new();
        for (i, (amount, description)) in readings.iter().enumerate() {
            let line = match description.filter(|d| !d.is_empty()) {
                None => amount.clone(),
                Some(d) => format!("{amount} — {}", super::shown(&super::clip(d, 60))),
            };
            lines.push(format!("{}. {line}", i + 1));
            buttons.push(action(
                format!("{}. {amount}", i + 1),
                format!("q:{id}:{i}"),
            ));
        }
        Reply::text(lines.join("\n"))
            .row(buttons)
            .menu(self.t(c.lang, "btn-choose", &[]))
    }

    /// "Which amount did you mean?" for a copy of `source`: one button per reading.
    pub(super) async fn ask_dup(
        &self,
        msg: &Incoming,
        c: &Ctx,
        source: &LinkRow,
        amounts: Vec<i64>,
    ) -> Result<Vec<Reply>, Failure> {
        let code = source.amount.currency().code();
        let shown: Vec<String> = amounts
            .iter()
            .map(|m| self.amount(*m, code, c.lang))
            .collect();
        let id = self
            .ask(
                msg,
                c,
                DUP,
                &DupChoice {
                    slug: source.slug.clone(),
                    amounts,
                },
            )
            .await?;
        let lines: Vec<(String, Option<&str>)> = shown
            .into_iter()
            .map(|a| (a, Some(source.description.as_str())))
            .collect();
        Ok(vec![self.amount_question(c, &id, &lines)])
    }

    pub(super) async fn answer_link(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        index: usize,
        once: &ApplyOnce,
    ) -> Result<Vec<Reply>, Failure> {
        let readings: Vec<LinkReading> = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        let Some(req) = readings.get(index).and_then(LinkReading::request) else {
            return Ok(vec![
                Reply::text(self.t(c.lang, "button-expired", &[])).editing(),
            ]);
        };
        let (origin, idempotency) = made_once(c, prompt, once)?;
        let (link, created) = self
            .create_from_request(&c.seller, &req, Some(origin), None, Some(idempotency))
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        self.chosen(c, &link, created)
    }

    pub(super) async fn answer_dup(
        &self,
        c: &Ctx,
        prompt: &PromptRow,
        index: usize,
        once: &ApplyOnce,
    ) -> Result<Vec<Reply>, Failure> {
        let choice: DupChoice = match self.payload(prompt, c) {
            Ok(v) => v,
            Err(replies) => return Ok(replies),
        };
        let Some(&minor) = choice.amounts.get(index) else {
            return Ok(vec![
                Reply::text(self.t(c.lang, "button-expired", &[])).editing(),
            ]);
        };
        let source = self.link(c, &choice.slug).await?;
        let (origin, idempotency) = made_once(c, prompt, once)?;
        let (link, created) = self
            .copy_link(c, &source, minor, origin, Some(idempotency))
            .await?;
        self.chosen(c, &link, created)
    }

    /// The question closed on the reading pressed, then the new link's card.
    fn chosen(
        &self,
        c: &Ctx,
        link: &LinkRow,
        created: crate::engine::links::Created,
    ) -> Result<Vec<Reply>, Failure> {
        let mut replies = vec![
            Reply::text(self.t(
                c.lang,
                "amount-chosen",
                &[("link", &self.summary_line(link, c.lang))],
            ))
            .editing(),
        ];
        if created == crate::engine::links::Created::New {
            replies.extend(self.link_created(link, c.lang, self.zone(&c.seller)));
        }
        Ok(replies)
    }
}

/// Where a link made by a pressed reading reports, and its idempotency key: every press
/// of the question carries the same key and body, so the first makes the link and later
/// ones (another reading too) get that same link back.
fn made_once(
    c: &Ctx,
    prompt: &PromptRow,
    once: &ApplyOnce,
) -> Result<(Origin, Idempotency), Failure> {
    let idempotency =
        Idempotency::new(once.as_str(), b"").map_err(|e| Failure::Engine(e, Some(c.lang)))?;
    let origin = Origin {
        channel: prompt.channel.clone(),
        chat: prompt.chat.clone(),
        message: None,
    };
    Ok((origin, idempotency))
}
