//! The operator's read-only look at every seller's links, payments and API keys, for
//! `paychat links|payments|apikey list` — answering a seller's question without SQL.
//!
//! Results are the REST API's views plus the seller and the zone their times are shown
//! in; API keys come without the key or its hash.

use std::collections::HashMap;

use serde::Serialize;

use super::Engine;
use super::EngineResult;
use super::error::EngineError;
use super::store::{LinkRow, OperatorFilter, StoreError};
use super::views::{EventView, LinkView, PaymentView, RefundView, rfc3339};
use crate::domain::{LinkId, LinkStatus, PaymentStatus, SellerId, TimeZone};

/// The most rows one listing returns.
pub const MAX_LIMIT: i64 = 1000;

/// What a listing is narrowed to, as the operator typed it.
#[derive(Debug, Clone, Default)]
pub struct OperatorQuery {
    pub seller: Option<String>,
    pub link: Option<String>,
    pub status: Option<String>,
    pub limit: i64,
}

/// A link with its seller and the zone its times are read in.
#[derive(Debug, Clone, Serialize)]
pub struct OperatorLink {
    #[serde(flatten)]
    pub link: LinkView,
    pub seller_id: String,
    /// The seller's IANA zone (or `sellers.default_timezone`).
    pub timezone: String,
    /// `created_at` in that zone, e.g. `2026-12-04 04:08 (UTC+7)`.
    pub created_local: String,
}

/// A payment with its seller and local time.
#[derive(Debug, Clone, Serialize)]
pub struct OperatorPayment {
    #[serde(flatten)]
    pub payment: PaymentView,
    pub seller_id: String,
    pub timezone: String,
    pub created_local: String,
}

/// One link, everything about it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkDetail {
    pub link: OperatorLink,
    pub payments: Vec<OperatorPayment>,
    pub refunds: Vec<RefundView>,
    /// The timeline, oldest first; `created_local` beside each.
    pub events: Vec<LocalEvent>,
}

/// A timeline entry with its local time.
#[derive(Debug, Clone, Serialize)]
pub struct LocalEvent {
    #[serde(flatten)]
    pub event: EventView,
    pub created_local: String,
}

/// An API key as listed: never the key, never its hash (neither can be shown again).
/// When a key was last used is not recorded.
#[derive(Debug, Clone, Serialize)]
pub struct ApiKeyListing {
    pub id: String,
    pub seller_id: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Engine {
    /// Links of every seller (or `query.seller`), newest first.
    pub async fn operator_links(&self, query: &OperatorQuery) -> EngineResult<Vec<OperatorLink>> {
        let status = query
            .status
            .as_deref()
            .map(|s| {
                s.parse::<LinkStatus>()
                    .map_err(|e: crate::domain::link::UnknownStatus| {
                        EngineError::invalid("status", "status_unknown", e.to_string())
                    })
            })
            .transpose()?;
        let filter = OperatorFilter {
            seller_id: self.known_seller(query.seller.as_deref()).await?,
            link_id: None,
            status: status.map(|s| s.as_str().to_owned()),
            limit: limit(query.limit),
        };
        let rows = self.store.operator_links(&filter).await?;
        let zones = self.zones().await?;
        Ok(rows.iter().map(|l| self.operator_link(l, &zones)).collect())
    }

    /// Payments of every seller (or one seller, or one link), newest first.
    pub async fn operator_payments(
        &self,
        query: &OperatorQuery,
    ) -> EngineResult<Vec<OperatorPayment>> {
        let status = query
            .status
            .as_deref()
            .map(|s| {
                PaymentStatus::parse(s).ok_or_else(|| {
                    EngineError::invalid(
                        "status",
                        "status_unknown",
                        format!(
                            "unknown payment status {s:?}; use one of {}",
                            PaymentStatus::ALL.map(PaymentStatus::as_str).join(", ")
                        ),
                    )
                })
            })
            .transpose()?;
        let link_id = match query.link.as_deref() {
            Some(l) => Some(self.find_link(l).await?.id),
            None => None,
        };
        let filter = OperatorFilter {
            seller_id: self.known_seller(query.seller.as_deref()).await?,
            link_id,
            status: status.map(|s| s.as_str().to_owned()),
            limit: limit(query.limit),
        };
        let rows = self.store.operator_payments(&filter).await?;
        let zones = self.zones().await?;
        let mut sellers: HashMap<LinkId, SellerId> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for p in &rows {
            let seller = match sellers.get(&p.link_id) {
                Some(s) => s.clone(),
                None => {
                    let s = self.store.link(&p.link_id).await?.seller_id;
                    sellers.insert(p.link_id.clone(), s.clone());
                    s
                }
            };
            let zone = zone_of(&zones, &seller, self.settings.default_timezone);
            out.push(OperatorPayment {
                payment: self.payment_view(p),
                seller_id: seller.to_string(),
                timezone: zone.name().to_owned(),
                created_local: zone.datetime(p.created_at),
            });
        }
        Ok(out)
    }

    /// One link by id (`lnk_…`) or by the code in its address (the slug): the link, its
    /// payments, refunds and timeline.
    pub async fn operator_link_detail(&self, id_or_code: &str) -> EngineResult<LinkDetail> {
        let link = self.find_link(id_or_code).await?;
        let zones = self.zones().await?;
        let zone = zone_of(&zones, &link.seller_id, self.settings.default_timezone);
        let payments = self
            .store
            .payments(&link.id)
            .await?
            .iter()
            .map(|p| OperatorPayment {
                payment: self.payment_view(p),
                seller_id: link.seller_id.to_string(),
                timezone: zone.name().to_owned(),
                created_local: zone.datetime(p.created_at),
            })
            .collect();
        let currency = link.amount.currency().code();
        let refunds = self
            .store
            .refunds(&link.id)
            .await?
            .iter()
            .map(|r| RefundView::new(r, currency))
            .collect();
        let events = self
            .store
            .events(&link.id)
            .await?
            .iter()
            .map(|e| LocalEvent {
                event: EventView::from(e),
                created_local: zone.datetime(e.created_at),
            })
            .collect();
        Ok(LinkDetail {
            link: self.operator_link(&link, &zones),
            payments,
            refunds,
            events,
        })
    }

    /// API keys of every seller (or one), oldest first.
    pub async fn api_keys(&self, seller: Option<&str>) -> EngineResult<Vec<ApiKeyListing>> {
        let seller = self.known_seller(seller).await?;
        let keys = self.store.api_keys(seller.as_ref()).await?;
        Ok(keys
            .into_iter()
            .map(|k| ApiKeyListing {
                id: k.id,
                seller_id: k.seller_id.to_string(),
                created_at: rfc3339(k.created_at),
                revoked_at: k.revoked_at.map(rfc3339),
            })
            .collect())
    }

    /// The seller asked for, checked to exist, so a mistyped id is an error rather than
    /// an empty list.
    async fn known_seller(&self, seller: Option<&str>) -> EngineResult<Option<SellerId>> {
        match seller {
            Some(s) => Ok(Some(
                self.seller(&SellerId::from_trusted(s.to_owned())).await?.id,
            )),
            None => Ok(None),
        }
    }

    async fn find_link(&self, id_or_code: &str) -> EngineResult<LinkRow> {
        let id_or_code = id_or_code.trim();
        if LinkId::looks_valid(id_or_code) {
            let id = LinkId::from_trusted(id_or_code.to_owned());
            match self.store.link(&id).await {
                Ok(l) => return Ok(l),
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        match self.store.public_link(id_or_code).await {
            Ok(p) => Ok(p.link),
            Err(StoreError::NotFound) => Err(EngineError::NotFound("link")),
            Err(e) => Err(e.into()),
        }
    }

    /// Every seller's zone, read once per listing.
    async fn zones(&self) -> EngineResult<HashMap<SellerId, TimeZone>> {
        Ok(self
            .sellers()
            .await?
            .into_iter()
            .map(|s| {
                let zone = self.seller_timezone(s.timezone.as_deref());
                (s.id, zone)
            })
            .collect())
    }

    fn operator_link(&self, l: &LinkRow, zones: &HashMap<SellerId, TimeZone>) -> OperatorLink {
        let zone = zone_of(zones, &l.seller_id, self.settings.default_timezone);
        OperatorLink {
            link: LinkView::new(l, &self.settings.public_url),
            seller_id: l.seller_id.to_string(),
            timezone: zone.name().to_owned(),
            created_local: zone.datetime(l.created_at),
        }
    }
}

fn zone_of(zones: &HashMap<SellerId, TimeZone>, seller: &SellerId, default: TimeZone) -> TimeZone {
    zones.get(seller).copied().unwrap_or(default)
}

/// 50 when not given; at most [`MAX_LIMIT`].
fn limit(asked: i64) -> i64 {
    match asked {
        n if n <= 0 => 50,
        n => n.min(MAX_LIMIT),
    }
}
