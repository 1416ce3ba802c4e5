//! Payment providers behind the engine's `PaymentProvider` port.

pub mod sandbox;
