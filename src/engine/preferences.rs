//! A seller's preferences set from chat: default currency, language, time zone and
//! where pushes go; each applied at most once per message.

use super::prompts::{ApplyOnce, once_error};
use super::store::SellerPrefs;
use super::{Engine, EngineError, EngineResult};
use crate::domain::{Currency, SellerId, TimeZone};

impl Engine {
    /// Sets the seller's default currency.
    pub async fn set_seller_currency(
        &self,
        seller_id: &SellerId,
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
        seller_id: &SellerId,
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
        seller_id: &SellerId,
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
    pub(super) fn forget_cached_seller(&self, seller_id: &SellerId) {
        if let Ok(mut cache) = self.auth_cache.lock() {
            cache.retain(|_, (s, _)| s.id != *seller_id);
        }
    }

    /// Where buyers' replies to the seller's e-mails go, when the seller gave an address.
    pub async fn seller_reply_email(&self, seller_id: &SellerId) -> EngineResult<Option<String>> {
        Ok(self.store.seller_reach(seller_id).await?.reply_email)
    }

    /// Sets (or with `None` clears) the Reply-To of e-mails to the seller's buyers: a
    /// buyer who answers the e-mail reaches the seller, not paychat's sending address.
    pub async fn set_seller_reply_email(
        &self,
        seller_id: &SellerId,
        address: Option<&str>,
        once: Option<&ApplyOnce>,
    ) -> EngineResult<Option<String>> {
        let address = match address.map(str::trim) {
            None => None,
            Some(a) => {
                // Also what the mail library accepts, so the e-mail can carry it.
                if a.len() > 254 || a.parse::<lettre::Address>().is_err() || !a.contains('.') {
                    return Err(EngineError::invalid(
                        "reply_email",
                        "email_invalid",
                        "not an e-mail address",
                    ));
                }
                Some(a.to_owned())
            }
        };
        let prefs = SellerPrefs {
            reply_email: Some(address.clone()),
            ..SellerPrefs::default()
        };
        self.update_prefs(seller_id, &prefs, once).await?;
        Ok(address)
    }

    /// Where the seller's pushes go: `None` = the chat each link was made in.
    pub async fn seller_push_to(&self, seller_id: &SellerId) -> EngineResult<Option<String>> {
        Ok(self.store.seller_push_to(seller_id).await?)
    }

    /// Sends the seller's pushes to `channel` (or back to each link's chat with `None`).
    pub async fn set_seller_push_to(
        &self,
        seller_id: &SellerId,
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
    pub(super) async fn update_prefs(
        &self,
        seller_id: &SellerId,
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
}
