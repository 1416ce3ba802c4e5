//! Notification channels behind the engine's `Channel` port.

pub mod email;
pub mod guard;
pub mod sms;
pub mod webhook;
