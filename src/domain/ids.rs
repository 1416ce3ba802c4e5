//! Identifiers: time-ordered ids for rows, unguessable slugs for buyers.
//!
//! Randomness comes in as bytes from the caller (the engine owns the random source), so
//! everything here stays pure and testable.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The prefix every id of this kind starts with.
            pub const PREFIX: &'static str = $prefix;

            /// A new id from the creation time (ms since the epoch) and 8 random bytes;
            /// ids sort by creation time, which cursor paging relies on.
            #[must_use]
            pub fn generate(unix_ms: i64, random: [u8; 8]) -> Self {
                Self(format!("{}{}", $prefix, time_ordered(unix_ms, random)))
            }

            /// Wraps a stored or received id; no check beyond the type.
            #[must_use]
            pub fn from_trusted(s: String) -> Self {
                Self(s)
            }

            /// The id as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether `s` has the shape of this kind of id (prefix + 22 base32 chars).
            #[must_use]
            pub fn looks_valid(s: &str) -> bool {
                s.strip_prefix($prefix).is_some_and(|rest| {
                    rest.len() == 22 && rest.bytes().all(|b| CROCKFORD.contains(&b))
                })
            }
        }

        // Rows are read with `#[sqlx(try_from = "String")]`: a stored id is trusted. Not
        // `From<String>`, so that text becomes an id only where it is named explicitly.
        #[allow(clippy::infallible_try_from)]
        impl TryFrom<String> for $name {
            type Error = std::convert::Infallible;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Ok(Self::from_trusted(s))
            }
        }

        // Rows printed as JSON (the CLI) show ids as plain strings, as before they were typed.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A payment link's id (`lnk_…`), used by the API.
    LinkId, "lnk_");
id_type!(
    /// A seller's id (`sel_…`).
    SellerId, "sel_");
id_type!(
    /// A payment attempt's id (`pay_…`).
    PaymentId, "pay_");
id_type!(
    /// A refund's id (`rfd_…`).
    RefundId, "rfd_");
id_type!(
    /// A timeline or webhook event's id (`evt_…`).
    EventId, "evt_");
id_type!(
    /// An API key's public id (`key_…`).
    ApiKeyId, "key_");

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// 10 chars of time (ms, base32, sortable) + 12 chars of randomness (60 bits).
fn time_ordered(unix_ms: i64, random: [u8; 8]) -> String {
    let mut out = String::with_capacity(22);
    let t = u64::try_from(unix_ms).unwrap_or(0);
    for i in (0..10).rev() {
        out.push(CROCKFORD[((t >> (i * 5)) & 31) as usize] as char);
    }
    let r = u64::from_be_bytes(random);
    for i in (0..12).rev() {
        out.push(CROCKFORD[((r >> (i * 5)) & 31) as usize] as char);
    }
    out
}

/// A buyer-facing link slug: 16 base62 characters from 12 random bytes (about 95 bits),
/// so links cannot be found by guessing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

/// Number of characters in a slug.
pub const SLUG_LEN: usize = 16;

impl Slug {
    /// A slug from 12 random bytes.
    #[must_use]
    pub fn from_random(random: [u8; 12]) -> Self {
        let mut buf = [0u8; 16];
        buf[4..].copy_from_slice(&random);
        let mut n = u128::from_be_bytes(buf);
        let mut s = String::with_capacity(SLUG_LEN);
        for _ in 0..SLUG_LEN {
            s.push(BASE62[(n % 62) as usize] as char);
            n /= 62;
        }
        Self(s)
    }

    /// Accepts text that has the shape of a slug; anything else cannot name a link.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == SLUG_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| Self(s.to_owned()))
    }

    /// Wraps a stored slug.
    #[must_use]
    pub fn from_trusted(s: String) -> Self {
        Self(s)
    }

    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_creation_time() {
        let a = LinkId::generate(1_700_000_000_000, [255; 8]);
        let b = LinkId::generate(1_700_000_000_001, [0; 8]);
        assert!(a < b);
        assert!(LinkId::looks_valid(a.as_str()), "{a}");
        assert!(!LinkId::looks_valid("lnk_short"));
        assert!(!LinkId::looks_valid(SellerId::generate(1, [1; 8]).as_str()));
    }

    #[test]
    fn slugs_have_fixed_length_and_differ_with_their_bytes() {
        let a = Slug::from_random([0; 12]);
        let b = Slug::from_random([1; 12]);
        assert_eq!(a.as_str().len(), SLUG_LEN);
        assert_ne!(a, b);
        assert!(Slug::parse(b.as_str()).is_some());
        assert!(Slug::parse("../etc/passwd").is_none());
        assert!(Slug::parse("short").is_none());
    }
}
