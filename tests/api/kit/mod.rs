//! The test kit: the fake-server building block every fake stands on, the outgoing
//! webhook receiver, a clock tests move by hand, and `TestApp::builder()`.

pub mod app;
pub mod chat;
pub mod clock;
pub mod receiver;
pub mod server;
