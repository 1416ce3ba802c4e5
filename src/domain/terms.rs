//! What a link asks of its buyer beyond one fixed amount, kept as JSON in `links.terms`.
//!
//! One column rather than one per feature: every part is optional, read only with its
//! link, and never filtered on in SQL.

use serde::{Deserialize, Serialize};

/// Every part is optional; the default asks nothing more than the link's amount.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTerms {}

impl LinkTerms {
    /// Nothing set: stored as null.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The column's value: `None` when empty.
    #[must_use]
    pub fn to_column(&self) -> Option<String> {
        if self.is_empty() {
            None
        } else {
            serde_json::to_string(self).ok()
        }
    }

    /// Read from the column.
    pub fn from_column(raw: Option<&str>) -> Result<Self, serde_json::Error> {
        raw.map_or_else(|| Ok(Self::default()), serde_json::from_str)
    }
}
