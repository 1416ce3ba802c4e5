//! The test kit: the fake-server building block every fake stands on, the outgoing
//! webhook receiver, a clock tests move by hand, a TCP proxy to take a database away,
//! and `TestApp::builder()`.

pub mod app;
pub mod chat;
pub mod clock;
pub mod proxy;
pub mod receiver;
pub mod server;
