//! Sellers, their API keys and their outgoing webhook endpoint.

use sha2::{Digest, Sha256};

use super::store::{SellerRow, WebhookEndpointRow};
use super::{Engine, EngineError, EngineResult, random};
use crate::domain::{ApiKeyId, Currency, SellerId};

/// The languages paychat speaks; a seller's locale must be one of them.
pub const LOCALES: [&str; 6] = ["en", "th", "id", "vi", "pt-BR", "es"];

/// The canonical spelling of a supported locale (`pt-br` → `pt-BR`), if supported.
#[must_use]
pub fn supported_locale(tag: &str) -> Option<&'static str> {
    let tag = tag.trim();
    LOCALES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(tag))
        .copied()
        .or_else(|| {
            // "pt" alone means Brazilian Portuguese here; "th-TH" means Thai.
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            LOCALES
                .iter()
                .find(|l| {
                    l.split('-')
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(primary))
                })
                .copied()
        })
}

/// How long a verified API key is trusted without asking the database again.
pub const AUTH_CACHE_TTL_MS: i64 = 30_000;

/// A newly issued API key; the plaintext exists only in this value.
#[derive(Debug)]
pub struct IssuedKey {
    pub id: String,
    pub key: String,
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix` + 32 base62 characters (about 190 bits) from the OS random source.
fn secret_token(prefix: &str) -> String {
    let bytes: [u8; 32] = random();
    let mut s = String::with_capacity(prefix.len() + 32);
    s.push_str(prefix);
    // 256 is not a multiple of 62; the bias is < 2 bits over 32 chars, irrelevant here.
    s.extend(bytes.iter().map(|b| BASE62[usize::from(*b) % 62] as char));
    s
}

/// The stored form of an API key: keys are long random tokens, so a plain SHA-256 is
/// enough (no password stretching needed) and lets lookups use an index.
#[must_use]
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

impl Engine {
    /// Registers a seller.
    pub async fn create_seller(
        &self,
        name: &str,
        currency: &str,
        locale: &str,
    ) -> EngineResult<SellerRow> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(EngineError::invalid(
                "name",
                "name_invalid",
                "the seller name must be 1 to 100 characters",
            ));
        }
        // Shown on buyer pages, in chat and in the operator's tab-separated lists.
        if name
            .chars()
            .any(|c| c.is_control() || crate::domain::text::is_spoofing(c))
        {
            return Err(EngineError::invalid(
                "name",
                "name_invalid",
                "the seller name must not contain control characters or line breaks",
            ));
        }
        let currency = Currency::from_code(currency)
            .map_err(|e| EngineError::invalid("currency", "currency_unknown", e.to_string()))?;
        let locale = supported_locale(locale).ok_or_else(|| {
            EngineError::invalid(
                "locale",
                "locale_unsupported",
                format!(
                    "locale {locale:?} is not supported; use one of {}",
                    LOCALES.join(", ")
                ),
            )
        })?;
        let now = self.now_ms();
        let seller = SellerRow {
            id: SellerId::generate(now, random()),
            name: name.to_owned(),
            currency: currency.code().to_owned(),
            locale: locale.to_owned(),
            created_at: now,
            provider: None,
            timezone: None,
        };
        self.store.insert_seller(&seller).await?;
        Ok(seller)
    }

    /// The provider new links use when a seller has none of their own.
    #[must_use]
    pub fn default_provider(&self) -> &str {
        &self.settings.default_provider
    }

    /// Refuses a provider name this server cannot take payments with.
    pub fn check_provider_name(&self, name: &str) -> EngineResult<()> {
        self.provider_of(name).map(|_| ())
    }

    /// Sets the seller's own provider (`None`: follow the default). Links made before
    /// keep theirs.
    pub async fn set_seller_provider(
        &self,
        seller_id: &SellerId,
        provider: Option<&str>,
    ) -> EngineResult<SellerRow> {
        if let Some(name) = provider {
            self.check_provider_name(name)?;
        }
        if !self.store.set_seller_provider(seller_id, provider).await? {
            return Err(EngineError::NotFound("seller"));
        }
        if let Ok(mut cache) = self.auth_cache.lock() {
            cache.clear();
        }
        self.seller(seller_id).await
    }

    /// A seller by id.
    pub async fn seller(&self, id: &SellerId) -> EngineResult<SellerRow> {
        self.store.seller(id).await.map_err(|e| match e {
            super::store::StoreError::NotFound => EngineError::NotFound("seller"),
            other => other.into(),
        })
    }

    /// All sellers, oldest first.
    pub async fn sellers(&self) -> EngineResult<Vec<SellerRow>> {
        Ok(self.store.sellers().await?)
    }

    /// Issues an API key for a seller; only its hash is stored.
    pub async fn create_api_key(&self, seller_id: &SellerId) -> EngineResult<IssuedKey> {
        self.seller(seller_id).await?;
        let now = self.now_ms();
        let id = ApiKeyId::generate(now, random()).as_str().to_owned();
        let key = secret_token("pck_");
        self.store
            .insert_api_key(&id, seller_id, &hash_key(&key), now)
            .await?;
        Ok(IssuedKey { id, key })
    }

    /// Revokes a key by its id (at once in this process; other processes drop their
    /// cached copy within [`AUTH_CACHE_TTL_MS`]).
    pub async fn revoke_api_key(&self, key_id: &str) -> EngineResult<()> {
        if let Ok(mut cache) = self.auth_cache.lock() {
            cache.clear();
        }
        if self.store.revoke_api_key(key_id, self.now_ms()).await? {
            return Ok(());
        }
        // Nothing revoked: say whether the key is unknown or was revoked before.
        let known = self.store.api_keys(None).await?;
        match known.iter().find(|k| k.id == key_id) {
            Some(k) if k.revoked_at.is_some() => Err(EngineError::invalid(
                "key_id",
                "already_revoked",
                "this key was revoked already",
            )),
            _ => Err(EngineError::NotFound("api key")),
        }
    }

    /// The seller owning `key`, if it is a live key. A key revoked by another process
    /// keeps working here for up to [`AUTH_CACHE_TTL_MS`].
    pub async fn authenticate(&self, key: &str) -> EngineResult<Option<SellerRow>> {
        if !key.starts_with("pck_") || key.len() != 36 {
            return Ok(None);
        }
        let hash = hash_key(key);
        let now = self.now_ms();
        if let Ok(cache) = self.auth_cache.lock()
            && let Some((seller, until)) = cache.get(&hash)
            && *until > now
        {
            return Ok(Some(seller.clone()));
        }
        let found = self.store.seller_by_key_hash(&hash).await?;
        if let (Some(seller), Ok(mut cache)) = (&found, self.auth_cache.lock()) {
            // Bounded: a flood of distinct valid keys cannot grow it without limit.
            if cache.len() >= 10_000 {
                cache.clear();
            }
            cache.insert(hash, (seller.clone(), now + AUTH_CACHE_TTL_MS));
        }
        Ok(found)
    }

    /// Sets where the seller's events are POSTed. Without a secret one is generated;
    /// either way it is returned once so the seller can verify signatures.
    pub async fn set_webhook_endpoint(
        &self,
        seller_id: &SellerId,
        url: &str,
        secret: Option<&str>,
    ) -> EngineResult<WebhookEndpointRow> {
        let url = check_url("url", url)?;
        let secret = match secret {
            Some(s) if s.len() < 16 || s.len() > 200 => {
                return Err(EngineError::invalid(
                    "secret",
                    "secret_invalid",
                    "the webhook secret must be 16 to 200 characters",
                ));
            }
            Some(s) => s.to_owned(),
            None => secret_token("whsec_"),
        };
        let row = WebhookEndpointRow {
            seller_id: seller_id.to_owned(),
            url,
            secret,
            created_at: self.now_ms(),
        };
        self.store.set_webhook_endpoint(&row).await?;
        Ok(row)
    }

    /// The seller's webhook endpoint, if any.
    pub async fn webhook_endpoint(&self, seller_id: &SellerId) -> EngineResult<WebhookEndpointRow> {
        self.store
            .webhook_endpoint(seller_id)
            .await?
            .ok_or(EngineError::NotFound("webhook endpoint"))
    }

    /// Removes the seller's webhook endpoint; queued deliveries to it stop.
    pub async fn delete_webhook_endpoint(&self, seller_id: &SellerId) -> EngineResult<()> {
        if self.store.delete_webhook_endpoint(seller_id).await? {
            Ok(())
        } else {
            Err(EngineError::NotFound("webhook endpoint"))
        }
    }
}

/// An absolute http(s) URL of at most 2,000 characters, or an error on `field`.
pub(crate) fn check_url(field: &'static str, url: &str) -> EngineResult<String> {
    let bad = || {
        EngineError::invalid(
            field,
            "url_invalid",
            format!("{field} must be an absolute http:// or https:// URL"),
        )
    };
    let url = url.trim();
    if url.len() > 2000 {
        return Err(bad());
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| bad())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(bad());
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_matched_loosely_but_only_when_supported() {
        assert_eq!(supported_locale("pt-br"), Some("pt-BR"));
        assert_eq!(supported_locale("pt"), Some("pt-BR"));
        assert_eq!(supported_locale("th-TH"), Some("th"));
        assert_eq!(supported_locale("EN"), Some("en"));
        assert_eq!(supported_locale("de"), None);
        assert_eq!(supported_locale(""), None);
    }

    #[test]
    fn keys_are_long_and_hashes_stable() {
        let k = secret_token("pck_");
        assert_eq!(k.len(), 36);
        assert_ne!(k, secret_token("pck_"));
        assert_eq!(hash_key("abc"), hash_key("abc"));
        assert_eq!(hash_key("abc").len(), 64);
    }
}
