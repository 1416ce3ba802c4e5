//! The seller's answers to a "Not paid yet" reminder: extend the link (the other
//! buttons, cancel and remind the buyer, go where those actions always go).

use super::{Ctx, Failure, Reply};
use crate::engine::EngineError;
use crate::engine::seller_reminders::Extended;

impl super::Conversation {
    /// The link's message to its buyer now: again as it was sent (`/send CODE`,
    /// `resend`), or a reminder ("Remind buyer" under "Not paid yet"); by e-mail and/or
    /// SMS as the link reaches its buyer.
    pub(super) async fn to_buyer_now(
        &self,
        c: &Ctx,
        slug: &str,
        resend: bool,
    ) -> Result<Reply, Failure> {
        let link = self.link(c, slug).await?;
        let lang = c.lang;
        let done = if resend {
            self.engine.resend_link(&link.id).await
        } else {
            self.engine
                .remind_buyer_now(&link.id, self.engine.now_ms())
                .await
        };
        match done {
            Ok(to) => {
                let key = if resend {
                    "sent-again"
                } else {
                    "buyer-reminded"
                };
                Ok(Reply::text(self.t(lang, key, &[("to", &to.join(", "))])))
            }
            Err(EngineError::Invalid { code, .. }) => {
                let key = match code {
                    "outreach_stopped" => "to-buyer-stopped",
                    "email_not_configured" => "err-email-not-configured",
                    "link_closed" => "to-buyer-closed",
                    // No buyer to reach: the link was made without one.
                    _ => "to-buyer-nobody",
                };
                // The status label starts a line elsewhere; here it is mid-sentence.
                let label = self.t(lang, &format!("status-{}", link.status.as_str()), &[]);
                let mut chars = label.chars();
                let status: String = chars
                    .next()
                    .map(|c| c.to_lowercase().chain(chars).collect())
                    .unwrap_or_default();
                Ok(Reply::text(self.t(lang, key, &[("status", &status)])))
            }
            Err(e) => Err(Failure::Engine(e, Some(lang))),
        }
    }

    /// "Extend 3 days", pressed under a reminder written for the expiry in `rest`
    /// (`slug:expires_ms`); a second press finds the expiry moved and extends nothing.
    pub(super) async fn extend(&self, c: &Ctx, rest: &str) -> Result<Reply, Failure> {
        let (slug, from) = rest.split_once(':').unwrap_or((rest, ""));
        let link = self.link(c, slug).await?;
        let lang = c.lang;
        let zone = self.zone(&c.seller);
        let done = self
            .engine
            .extend_link(&c.seller.id, link.id.as_str(), from.parse().ok())
            .await;
        let (key, link) = match done {
            Ok(Extended::Now(l)) => ("extend-done", l),
            Ok(Extended::Before(l)) => ("extend-before", l),
            Err(EngineError::Invalid { code, .. }) => {
                let key = match code {
                    "no_expiry" => "extend-no-expiry",
                    "expiry_at_max" => "extend-at-max",
                    _ => "extend-closed",
                };
                let status = self.t(lang, &format!("status-{}", link.status.as_str()), &[]);
                return Ok(Reply::text(self.t(lang, key, &[("status", &status)])));
            }
            Err(e) => return Err(Failure::Engine(e, Some(lang))),
        };
        let date = link
            .expires_at
            .map(|t| zone.datetime(t))
            .unwrap_or_default();
        Ok(Reply::text(self.t(lang, key, &[("date", &date)])))
    }
}
