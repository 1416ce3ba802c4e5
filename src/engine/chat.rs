//! Use cases the chat doors need beyond the REST API's: chat identities, invites,
//! preferences, payments recorded by hand, shared cards and blocked chats.

use sha2::{Digest, Sha256};

use super::outside::OutsidePayment;
use super::prompts::{ApplyOnce, once_error};
use super::store::{
    ChatRegistration, InviteRow, LinkRow, PaymentRow, SellerChannelRow, SellerPrefs, SellerRow,
    StoreError,
};
use super::{Engine, EngineError, EngineResult, random, sellers::LOCALES};
use crate::domain::{Currency, SellerId, Slug, TimeZone};

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

fn hash_code(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

impl Engine {
    /// The seller behind a chat user, if registered.
    pub async fn chat_seller(
        &self,
        channel: &str,
        external_user: &str,
    ) -> EngineResult<Option<SellerRow>> {
        Ok(self
            .store
            .chat_seller(channel, external_user)
            .await?
            .map(|(seller, _)| seller))
    }

    /// Registers a chat user as a new seller (open registration), or with an invite code
    /// (which may attach them to an existing seller). A user registered before is
    /// returned as `Existing`, and their invite code is left unused.
    pub async fn register_chat_user(
        &self,
        user: &ChatUser,
        invite_code: Option<&str>,
    ) -> EngineResult<Registration> {
        if let Some(seller) = self.chat_seller(&user.channel, &user.external_user).await? {
            return Ok(Registration::Existing(seller));
        }
        let now = self.now_ms();
        let invite_hash = invite_code.map(hash_code);
        // An invite for an existing seller attaches this chat to them.
        let attach_to = match &invite_hash {
            Some(h) => self.store.invite_seller(h, now).await?,
            None => None,
        };
        let (new_seller, seller) = match attach_to {
            Some(id) => (None, self.seller(&id).await?),
            None => {
                let locale = user
                    .language
                    .as_deref()
                    .and_then(super::sellers::supported_locale)
                    .unwrap_or(LOCALES[0]);
                let name: String = user.name.trim().chars().take(100).collect();
                let seller = SellerRow {
                    id: SellerId::generate(now, random()).as_str().to_owned(),
                    name: if name.is_empty() {
                        "Seller".into()
                    } else {
                        name
                    },
                    currency: currency_for_language(user.language.as_deref()).to_owned(),
                    locale: locale.to_owned(),
                    created_at: now,
                    provider: None,
                    timezone: user.timezone.map(|z| z.name().to_owned()),
                };
                (Some(seller.clone()), seller)
            }
        };
        let reg = ChatRegistration {
            new_seller,
            identity: SellerChannelRow {
                channel: user.channel.clone(),
                external_user: user.external_user.clone(),
                seller_id: seller.id.clone(),
                chat: user.chat.clone(),
                created_at: now,
            },
            invite_hash,
        };
        match self.store.register_chat(&reg, now).await {
            Ok(()) => Ok(Registration::New(seller)),
            Err(StoreError::NotFound) => Err(EngineError::invalid(
                "invite",
                "invite_invalid",
                "this invite code is unknown, used or expired",
            )),
            // Two first messages raced: the other registered them.
            Err(StoreError::Duplicate("chat user")) => {
                match self.chat_seller(&user.channel, &user.external_user).await? {
                    Some(s) => Ok(Registration::Existing(s)),
                    None => Err(EngineError::Store(StoreError::Conflict)),
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A one-time invite code, valid [`INVITE_TTL_MS`]; with `seller_id` the code links a
    /// chat to that seller, else it creates a new seller.
    pub async fn create_invite(&self, seller_id: Option<&str>) -> EngineResult<Invite> {
        if let Some(id) = seller_id {
            self.seller(id).await?;
        }
        let now = self.now_ms();
        // 32 base64url characters: within Telegram's 64-character start payload.
        let code = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            random::<24>(),
        );
        let invite = InviteRow {
            code_hash: hash_code(&code),
            seller_id: seller_id.map(str::to_owned),
            created_at: now,
            expires_at: now + INVITE_TTL_MS,
        };
        self.store.insert_invite(&invite, None).await?;
        Ok(Invite {
            code,
            expires_at: invite.expires_at,
        })
    }

    /// Sets the seller's default currency.
    pub async fn set_seller_currency(
        &self,
        seller_id: &str,
        code: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<Currency> {
        let currency = Currency::from_code(&code.trim().to_ascii_uppercase())
            .map_err(|e| EngineError::invalid("currency", "currency_unknown", e.to_string()))?;
        let prefs = SellerPrefs {
            currency: Some(currency.code().to_owned()),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await?;
        Ok(currency)
    }

    /// Sets the seller's language.
    pub async fn set_seller_locale(
        &self,
        seller_id: &str,
        tag: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<&'static str> {
        let locale = super::sellers::supported_locale(tag).ok_or_else(|| {
            EngineError::invalid("locale", "locale_unsupported", "unsupported language")
        })?;
        let prefs = SellerPrefs {
            locale: Some(locale.to_owned()),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await?;
        Ok(locale)
    }

    /// Sets the seller's time zone from an IANA name, in any case.
    pub async fn set_seller_timezone(
        &self,
        seller_id: &str,
        name: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<TimeZone> {
        let zone = TimeZone::parse(name)
            .map_err(|e| EngineError::invalid("timezone", "timezone_unknown", e.to_string()))?;
        let prefs = SellerPrefs {
            timezone: Some(zone.name().to_owned()),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await?;
        Ok(zone)
    }

    /// The zone a seller's times are shown in, from what is stored for them
    /// (`SellerRow::timezone`, `PublicLinkRow::seller_timezone`): their own, else
    /// `sellers.default_timezone`.
    #[must_use]
    pub fn seller_timezone(&self, stored: Option<&str>) -> TimeZone {
        match stored.map(TimeZone::parse) {
            Some(Ok(zone)) => zone,
            None => self.settings.default_timezone,
            // A name a newer time zone database dropped: the default, until the seller
            // sets another.
            Some(Err(e)) => {
                tracing::warn!(error = %e, "stored time zone unknown; using the default");
                self.settings.default_timezone
            }
        }
    }

    /// Drops a seller's cached API-key entries so a preference change shows at once.
    fn forget_cached_seller(&self, seller_id: &str) {
        if let Ok(mut cache) = self.auth_cache.lock() {
            cache.retain(|_, (s, _)| s.id != seller_id);
        }
    }

    /// The seller's link by slug; another seller's link is not found.
    pub async fn link_by_slug(&self, seller_id: &str, slug: &str) -> EngineResult<LinkRow> {
        if Slug::parse(slug).is_none() {
            return Err(EngineError::NotFound("link"));
        }
        match self.store.public_link(slug).await {
            Ok(p) if p.link.seller_id == seller_id => Ok(p.link),
            Ok(_) | Err(StoreError::NotFound) => Err(EngineError::NotFound("link")),
            Err(e) => Err(e.into()),
        }
    }

    /// Records a payment the seller received outside the provider (cash, bank
    /// transfer): the link counts it as paid and the seller's channels are told.
    #[tracing::instrument(skip_all, fields(link.id = %link_id), err(level = "debug"))]
    pub async fn record_manual_payment(
        &self,
        seller_id: &str,
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
        Ok(self
            .store
            .add_link_card(link_id, channel, card_ref, self.now_ms())
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

    /// A short-lived code that links another chat app to this seller (`/connect`).
    /// A one-use code that joins another app's chat to this seller; with `once`, at
    /// most one code per chat message.
    pub async fn create_connect_code(
        &self,
        seller_id: &str,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<Invite> {
        let now = self.now_ms();
        // 10 base64url characters (60 bits), easy to type; valid 15 minutes, one use.
        let code = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            random::<8>(),
        )
        .chars()
        .take(10)
        .collect::<String>();
        let invite = InviteRow {
            code_hash: hash_code(&code),
            seller_id: Some(seller_id.to_owned()),
            created_at: now,
            expires_at: now + CONNECT_TTL_MS,
        };
        self.store
            .insert_invite(&invite, once.map(ApplyOnce::receipt))
            .await
            .map_err(once_error)?;
        Ok(Invite {
            code,
            expires_at: invite.expires_at,
        })
    }

    /// Links `user` to the seller of a `/connect` code. A user already registered here
    /// moves over only if their own seller has no links yet (nothing is orphaned).
    pub async fn connect_chat_user(&self, user: &ChatUser, code: &str) -> EngineResult<SellerRow> {
        let now = self.now_ms();
        let hash = hash_code(code.trim());
        let bad = || {
            EngineError::invalid(
                "code",
                "connect_code_invalid",
                "this code is unknown, used or expired",
            )
        };
        let Some(target) = self.store.invite_seller(&hash, now).await? else {
            return Err(bad());
        };
        match self
            .store
            .chat_seller(&user.channel, &user.external_user)
            .await?
        {
            None => match self.register_chat_user(user, Some(code.trim())).await? {
                Registration::New(s) | Registration::Existing(s) => Ok(s),
            },
            Some((current, _)) if current.id == target => Ok(current),
            Some((current, _)) => {
                let has_links = !self
                    .store
                    .links(
                        &current.id,
                        &super::store::LinkFilter {
                            limit: 1,
                            ..Default::default()
                        },
                    )
                    .await?
                    .is_empty();
                if has_links {
                    return Err(EngineError::invalid(
                        "code",
                        "connect_has_links",
                        "this chat already has its own links",
                    ));
                }
                // Use the code, then move the identity.
                let who = format!("{}:{}", user.channel, user.external_user);
                if !self.store.use_invite(&hash, &who, now).await? {
                    return Err(bad());
                }
                self.store
                    .repoint_identity(&user.channel, &user.external_user, &target)
                    .await?;
                self.seller(&target).await
            }
        }
    }

    /// Where the seller's pushes go: `None` = the chat each link was made in.
    pub async fn seller_push_to(&self, seller_id: &str) -> EngineResult<Option<String>> {
        Ok(self.store.seller_push_to(seller_id).await?)
    }

    /// Sends the seller's pushes to `channel` (or back to each link's chat with `None`).
    pub async fn set_seller_push_to(
        &self,
        seller_id: &str,
        channel: Option<&str>,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<()> {
        let prefs = SellerPrefs {
            push_to: Some(channel.map(str::to_owned)),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await
    }

    /// Changes preferences, at most once for `once` (`AlreadyApplied` after that: a
    /// message handled again must not undo a change the seller made since).
    async fn update_prefs(
        &self,
        seller_id: &str,
        prefs: &SellerPrefs,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<()> {
        self.store
            .update_seller_prefs(
                seller_id,
                prefs,
                once.map(ApplyOnce::receipt),
                self.now_ms(),
            )
            .await
            .map_err(once_error)?;
        self.forget_cached_seller(seller_id);
        Ok(())
    }

    /// Totals per currency and status of the seller's links created in [from, to).
    pub async fn summary(
        &self,
        seller_id: &str,
        from: i64,
        to: i64,
    ) -> EngineResult<Vec<super::store::SummaryRow>> {
        Ok(self.store.summary(seller_id, from, to).await?)
    }

    /// Payments of the seller's links, newest first.
    pub async fn seller_payments(
        &self,
        seller_id: &str,
        limit: i64,
    ) -> EngineResult<Vec<PaymentRow>> {
        Ok(self.store.seller_payments(seller_id, limit).await?)
    }
}
