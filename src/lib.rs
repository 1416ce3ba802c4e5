//! paychat: payment links run from chat, over one link engine.
//!
//! Read in this order: the pure [`domain`], the [`engine`] (use cases and ports), the
//! [`adapters`] that speak HTTP, to providers and to channels, then [`startup`].

pub mod domain;

pub mod config;
pub mod conversation;
pub mod engine;

pub mod adapters;

pub mod startup;
pub mod telemetry;
