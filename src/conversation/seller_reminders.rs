//! The seller's answers to a "Not paid yet" reminder: extend the link (the other
//! buttons, cancel and remind the buyer, go where those actions always go).

use super::{Ctx, Failure, Reply};
use crate::engine::EngineError;
use crate::engine::seller_reminders::Extended;

impl super::Conversation {
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
