//! Reading links: the seller's (one link, a filtered list, a link's payments, refunds
//! and timeline, another seller's link never found) and the buyer's (the link behind a
//! slug with the status a buyer should see now, and its first view on the timeline).

use super::links::status_filter;
use super::store::StoreError;
use super::{Engine, EngineError, EngineResult};
use crate::domain::{EventKind, LinkId, LinkStatus, SellerId, Slug};
use crate::engine::store::{EventRow, LinkFilter, LinkRow, PaymentRow, PublicLinkRow, RefundRow};

/// What the buyer page shows.
#[derive(Debug, Clone)]
pub struct PublicLink {
    pub row: PublicLinkRow,
    /// The status a buyer should see now: an active link past its expiry is expired
    /// even before the sweeper has run.
    pub effective_status: LinkStatus,
}

impl Engine {
    /// The seller's link by id; another seller's link is not found.
    pub async fn link_for_seller(
        &self,
        seller_id: &SellerId,
        link_id: &str,
    ) -> EngineResult<LinkRow> {
        if !LinkId::looks_valid(link_id) {
            return Err(EngineError::NotFound("link"));
        }
        // Checked above; from here on it is a link id.
        let link_id = LinkId::from_trusted(link_id.to_owned());
        match self.store.link(&link_id).await {
            Ok(l) if l.seller_id == *seller_id => Ok(l),
            Ok(_) | Err(StoreError::NotFound) => Err(EngineError::NotFound("link")),
            Err(e) => Err(e.into()),
        }
    }

    /// The seller's links, newest first, with filters and a cursor.
    pub async fn list_links(
        &self,
        seller_id: &SellerId,
        status: Option<&str>,
        filter: LinkFilter,
    ) -> EngineResult<Vec<LinkRow>> {
        let status = status.map(status_filter).transpose()?;
        let filter = LinkFilter {
            status: status.map(|s| s.as_str().to_owned()),
            ..filter
        };
        Ok(self.store.links(seller_id, &filter).await?)
    }

    /// A link's payments, oldest first.
    pub async fn payments(
        &self,
        seller_id: &SellerId,
        link_id: &str,
    ) -> EngineResult<Vec<PaymentRow>> {
        let link = self.link_for_seller(seller_id, link_id).await?;
        Ok(self.store.payments(&link.id).await?)
    }

    /// A link and its refunds, oldest first.
    pub async fn refunds(
        &self,
        seller_id: &SellerId,
        link_id: &str,
    ) -> EngineResult<(LinkRow, Vec<RefundRow>)> {
        let link = self.link_for_seller(seller_id, link_id).await?;
        let refunds = self.store.refunds(&link.id).await?;
        Ok((link, refunds))
    }

    /// A link's timeline, oldest first.
    pub async fn events(&self, seller_id: &SellerId, link_id: &str) -> EngineResult<Vec<EventRow>> {
        let link = self.link_for_seller(seller_id, link_id).await?;
        Ok(self.store.events(&link.id).await?)
    }

    /// The link behind a buyer's slug, recording the first view on the timeline.
    pub async fn view_link(&self, slug: &str) -> EngineResult<PublicLink> {
        let public = self.public_link(slug).await?;
        let link = &public.row.link;
        if link.opened_at.is_none() && public.effective_status.is_open() {
            // Off the response path: a buyer never waits on the timeline write.
            let now = self.now_ms();
            let store = self.store.clone();
            let event = self.event(link, EventKind::LinkOpened, serde_json::json!({}), now);
            let id = link.id.clone();
            tokio::spawn(async move {
                if let Err(e) = store.mark_opened(&id, &event, now).await {
                    tracing::warn!(error = %e, link.id = %id, "could not record first view");
                }
            });
        }
        Ok(public)
    }

    /// The link as it is now, whoever's it is: for messages that show it (shared cards).
    pub async fn link_now(&self, link_id: &str) -> EngineResult<LinkRow> {
        let link_id = LinkId::from_trusted(link_id.to_owned());
        Ok(self.store.link(&link_id).await?)
    }

    /// The link behind a buyer's slug, with the status a buyer should see now.
    pub async fn public_link(&self, slug: &str) -> EngineResult<PublicLink> {
        if Slug::parse(slug).is_none() {
            return Err(EngineError::NotFound("link"));
        }
        let row = match self.store.public_link(slug).await {
            Ok(r) => r,
            Err(StoreError::NotFound) => return Err(EngineError::NotFound("link")),
            Err(e) => return Err(e.into()),
        };
        let now = self.now_ms();
        let stored = row.link.status;
        let effective_status = match (stored, row.link.expires_at) {
            (s, Some(t)) if s.is_open() && t <= now => LinkStatus::Expired,
            (s, _) => s,
        };
        Ok(PublicLink {
            row,
            effective_status,
        })
    }
}
