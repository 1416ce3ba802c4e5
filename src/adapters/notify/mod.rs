//! Notification channels behind the engine's `Channel` port.

pub mod webhook;
