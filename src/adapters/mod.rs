//! Adapters: everything that speaks to the outside world (HTTP, providers, chat apps,
//! signatures, slips) around the engine.

pub mod console;
pub mod html;
pub mod http;
pub mod notify;
pub mod providers;
pub mod signing;
pub mod slip;
pub mod telegram;
pub mod whatsapp;
