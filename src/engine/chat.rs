//! Use cases the chat doors need beyond the REST API's: the types of chat users and
//! invites, payments recorded by hand, shared cards, blocked chats and chat reports
//! (identities: identities.rs; preferences: preferences.rs; where pushes go: routing.rs).

use sha2::{Digest, Sha256};

use super::outside::OutsidePayment;
use super::prompts::ApplyOnce;
use super::store::{LinkRow, PaymentRow, SellerRow, StoreError};
use super::{Engine, EngineError, EngineResult};
use crate::domain::{LinkId, SellerId, Slug, TimeZone};

/// The provider name of payments the seller recorded by hand (`/paid`): cash, transfer.
/// No provider is called for them, also not to refund.
pub const MANUAL_PROVIDER: &str = "manual";

/// How long a `/connect` code stays valid.
pub const CONNECT_TTL_MS: i64 = 15 * 60_000;

/// How long an invite code stays valid.
pub const INVITE_TTL_MS: i64 = 7 * 86_400_000;

/// Who wrote, as a chat door knows them.
#[derive(Debug, Clone)]
pub struct ChatUser {
    /// `telegram`, `whatsapp`, `console`.
    pub channel: String,
    /// The user's id in that app.
    pub external_user: String,
    /// The user's private chat with us, where pushes go.
    pub chat: String,
    /// Display name, for a new seller's name.
    pub name: String,
    /// The app's language hint (`th`, `pt-br`), if any.
    pub language: Option<String>,
    /// The door's guess of the user's time zone (from the app's language or the phone
    /// number's country), if it has one; a new seller without one follows
    /// `sellers.default_timezone`.
    pub timezone: Option<TimeZone>,
}

/// How a chat seller was found.
#[derive(Debug, Clone)]
pub enum Registration {
    /// Known before.
    Existing(SellerRow),
    /// Registered by this message.
    New(SellerRow),
}

/// A fresh invite: the code exists only here; the store keeps its hash.
#[derive(Debug, Clone)]
pub struct Invite {
    pub code: String,
    pub expires_at: i64,
}

/// A first guess of a seller's currency from their language tag (`th` → THB).
#[must_use]
pub fn currency_for_language(tag: Option<&str>) -> &'static str {
    let tag = tag.unwrap_or("").to_ascii_lowercase();
    let (lang, region) = match tag.split_once(['-', '_']) {
        Some((l, r)) => (l.to_owned(), r.to_owned()),
        None => (tag.clone(), String::new()),
    };
    match (lang.as_str(), region.as_str()) {
        ("th", _) => "THB",
        ("id" | "in", _) => "IDR",
        ("vi", _) => "VND",
        ("ms", _) => "MYR",
        ("fil" | "tl", _) => "PHP",
        ("pt", "pt") => "EUR",
        ("pt", _) => "BRL",
        ("es", "mx") => "MXN",
        ("es", "ar") => "ARS",
        ("es", "co") => "COP",
        ("es", "cl") => "CLP",
        ("es", "pe") => "PEN",
        ("es", _) => "EUR",
        ("ja", _) => "JPY",
        ("ko", _) => "KRW",
        ("en", "gb") => "GBP",
        ("en", "in") | ("hi", _) => "INR",
        ("en", "sg") => "SGD",
        ("de" | "fr" | "it" | "nl" | "fi" | "el", _) => "EUR",
        _ => "USD",
    }
}

pub(super) fn hash_code(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

impl Engine {
    /// The seller's link by slug; another seller's link is not found.
    pub async fn link_by_slug(&self, seller_id: &SellerId, slug: &str) -> EngineResult<LinkRow> {
        if Slug::parse(slug).is_none() {
            return Err(EngineError::NotFound("link"));
        }
        match self.store.public_link(slug).await {
            Ok(p) if p.link.seller_id == *seller_id => Ok(p.link),
            Ok(_) | Err(StoreError::NotFound) => Err(EngineError::NotFound("link")),
            Err(e) => Err(e.into()),
        }
    }

    /// Records a payment the seller received outside the provider (cash, bank
    /// transfer): the link counts it as paid and the seller's channels are told.
    #[tracing::instrument(skip_all, fields(link.id = %link_id), err(level = "debug"))]
    pub async fn record_manual_payment(
        &self,
        seller_id: &SellerId,
        link_id: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<(LinkRow, PaymentRow)> {
        self.not_applied(once).await?;
        let outside = OutsidePayment {
            provider: MANUAL_PROVIDER,
            method: MANUAL_PROVIDER.to_owned(),
            payer_name: None,
            provider_ref: None,
        };
        match self
            .record_outside_payment(seller_id, link_id, outside, once.map(ApplyOnce::receipt))
            .await
        {
            Err(e @ EngineError::Transition(_)) => Err(self.applied_meanwhile(once, e).await),
            Err(EngineError::Store(StoreError::AlreadyProcessed)) => {
                Err(EngineError::AlreadyApplied)
            }
            other => other,
        }
    }

    /// Remembers a message elsewhere that shows the link (a shared Telegram card).
    pub async fn add_link_card(
        &self,
        link_id: &str,
        channel: &str,
        card_ref: &str,
    ) -> EngineResult<()> {
        let link_id = LinkId::from_trusted(link_id.to_owned());
        Ok(self
            .store
            .add_link_card(&link_id, channel, card_ref, self.now_ms())
            .await?)
    }

    /// Marks a chat as blocking us, or as reachable again.
    pub async fn set_chat_blocked(
        &self,
        channel: &str,
        chat: &str,
        blocked: bool,
    ) -> EngineResult<()> {
        Ok(self
            .store
            .set_chat_blocked(channel, chat, blocked, self.now_ms())
            .await?)
    }

    /// Whether the chat blocked us.
    pub async fn chat_blocked(&self, channel: &str, chat: &str) -> EngineResult<bool> {
        Ok(self.store.chat_blocked(channel, chat).await?)
    }

    /// Totals per currency and status of the seller's links created in [from, to).
    pub async fn summary(
        &self,
        seller_id: &SellerId,
        from: i64,
        to: i64,
    ) -> EngineResult<Vec<super::store::SummaryRow>> {
        Ok(self.store.summary(seller_id, from, to).await?)
    }

    /// Payments of the seller's links, newest first.
    pub async fn seller_payments(
        &self,
        seller_id: &SellerId,
        limit: i64,
    ) -> EngineResult<Vec<PaymentRow>> {
        Ok(self.store.seller_payments(seller_id, limit).await?)
    }
}
