//! Adapters: everything that speaks to the outside world (HTTP, providers, channels,
//! languages, QR codes) around the engine.

pub mod console;
pub mod html;
pub mod http;
pub mod i18n;
pub mod notify;
pub mod providers;
pub mod qr;
pub mod signing;
pub mod slip;
pub mod telegram;
pub mod whatsapp;
