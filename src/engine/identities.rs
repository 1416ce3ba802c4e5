//! Who a chat user is: registration (open or by invite), invite and `/connect` codes,
//! and a second app joined to the same seller.

use super::chat::{
    CONNECT_TTL_MS, ChatUser, INVITE_TTL_MS, Invite, Registration, currency_for_language, hash_code,
};
use super::prompts::{ApplyOnce, once_error};
use super::store::{ChatRegistration, InviteRow, SellerChannelRow, SellerRow, StoreError};
use super::{Engine, EngineError, EngineResult, random, sellers::LOCALES};
use crate::domain::SellerId;

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
                    id: SellerId::generate(now, random()),
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
    pub async fn create_invite(&self, seller_id: Option<&SellerId>) -> EngineResult<Invite> {
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
            seller_id: seller_id.cloned(),
            created_at: now,
            expires_at: now + INVITE_TTL_MS,
        };
        self.store.insert_invite(&invite, None).await?;
        Ok(Invite {
            code,
            expires_at: invite.expires_at,
        })
    }

    /// A short-lived code that links another chat app to this seller (`/connect`).
    /// A one-use code that joins another app's chat to this seller; with `once`, at
    /// most one code per chat message.
    pub async fn create_connect_code(
        &self,
        seller_id: &SellerId,
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
}
