//! Integration tests through the public surface: the real application on a random
//! port, real HTTP, a real SQLite file or Postgres schema per test. One binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods)] // fake providers and chats stamp times as the real ones do

mod fake_http;
mod fake_line;
mod fake_smtp;
mod fake_stripe;
mod fake_telegram;
mod fake_twilio;
mod fake_whatsapp;
mod fake_xendit;
mod form;
mod helpers;
mod kit;
mod providers_common;
// The fakes name the server block `super::server`, in this binary and in the benches
// that include them by path.
use kit::server;

mod bank_qr;
mod bulk;
mod bulk_chat;
mod buyer_details;
mod chat_trust;
mod cli;
mod conversation;
mod fakes;
mod journey;
mod late_migrations;
mod line;
mod links;
mod openapi;
mod operator;
mod outbox_worker;
mod outreach;
mod outreach_migration;
mod outreach_reminders;
mod outreach_second_chance;
mod outreach_sms;
mod pages;
mod receipts;
mod seller_reminders;
mod store_contract;
mod stripe;
mod telegram;
mod telegram_more;
mod terms;
mod timezones;
mod webhooks;
mod whatsapp;
mod xendit;
