//! Payment providers behind the engine's `PaymentProvider` port.

pub mod api;
pub mod sandbox;
pub mod stripe;
pub mod xendit;
