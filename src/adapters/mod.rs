//! Adapters: everything that speaks to the outside world (HTTP, providers, chat apps,
//! signatures, slips) around the engine.

pub mod console;
pub mod html;
pub mod http;
pub mod line;
pub mod notify;
pub mod operator;
pub mod providers;
pub mod receipt;
pub mod signing;
pub mod slip;
pub mod telegram;
pub mod whatsapp;

/// Locks `m`, going on with the data when a panicking holder poisoned it: every value
/// kept behind these locks (caches, counters) stays valid between statements.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why a chat app's webhook (WhatsApp, LINE) was refused.
#[derive(Debug, thiserror::Error)]
pub enum WebhookRefused {
    #[error("missing or wrong signature")]
    BadSignature,
    #[error("malformed webhook: {0}")]
    Malformed(String),
    #[error("storing the webhook failed")]
    Store(#[from] crate::engine::StoreError),
}
