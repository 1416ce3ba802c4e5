//! The pure core: money, currencies, the chat grammar, link lifecycle, identifiers and
//! time zones, and the national bank QR rails.
//!
//! Nothing here does I/O, reads a clock or draws random numbers; callers pass those in.
//! CI fails if this folder names an async runtime, a database or HTTP crate.

pub mod amount;
pub mod buyer;
pub mod command;
pub mod currency;
pub mod event;
pub mod ids;
pub mod link;
mod link_options;
pub mod money;
pub mod payment;
pub mod rails;
pub mod terms;
pub mod terms_text;
pub mod text;
pub mod timezone;

pub use currency::{Currency, UnknownCurrency};
pub use event::EventKind;
pub use ids::{ApiKeyId, EventId, LinkId, PaymentId, RefundId, SellerId, Slug};
pub use link::{LinkEvent, LinkStatus, TransitionError};
pub use money::{Money, MoneyError};
pub use payment::{PaymentStatus, RefundStatus};
pub use terms::LinkTerms;
pub use timezone::{TimeZone, UnknownTimeZone};
