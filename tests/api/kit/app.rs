//! `TestApp::builder()`: paychat with the fakes a test asks for, pointed at them, and
//! optionally a clock the test moves by hand.
//!
//! ```ignore
//! let app = TestApp::builder().telegram().stripe().manual_clock().spawn(backend).await;
//! app.telegram().text_update(SELLER, SELLER, "/start");
//! app.clock().advance(Duration::from_secs(3600));
//! ```

use crate::fake_line::FakeLine;
use crate::fake_stripe::FakeStripe;
use crate::fake_telegram::FakeTelegram;
use crate::fake_whatsapp::FakeWhatsApp;
use crate::fake_xendit::FakeXendit;
use std::sync::Arc;

use paychat::domain::SellerId;
use paychat::startup::Application;

use crate::helpers::{Backend, TestApp, TestDb, test_settings};
use crate::kit::clock::ManualClock;

pub const STRIPE_KEY: &str = "sk_test_fakekey1234567890";
pub const STRIPE_WHSEC: &str = "whsec_fake_signing_secret";
pub const XENDIT_KEY: &str = "xnd_development_fakekey1234567890";
pub const XENDIT_TOKEN: &str = "fake-xendit-callback-token-0123456789";

/// The fakes a `TestApp` was built with.
#[derive(Clone, Default)]
pub struct Fakes {
    pub telegram: Option<FakeTelegram>,
    pub whatsapp: Option<FakeWhatsApp>,
    pub line: Option<FakeLine>,
    pub stripe: Option<FakeStripe>,
    pub xendit: Option<FakeXendit>,
}

enum Telegram {
    /// A fresh fake; the app's own pacing is off, as this fake does not enforce
    /// Telegram's flood limits (keeps tests quick).
    Fresh,
    /// A fake the test made (enforcing limits, failures queued); settings as given.
    Given(FakeTelegram),
}

/// What to start; see the module doc.
#[derive(Default)]
pub struct AppBuilder {
    telegram: Option<Telegram>,
    whatsapp: bool,
    line: bool,
    stripe: bool,
    xendit: bool,
    clock: bool,
    env: Vec<(String, String)>,
}

impl TestApp {
    pub fn builder() -> AppBuilder {
        AppBuilder::default()
    }

    pub fn telegram(&self) -> &FakeTelegram {
        built(&self.fakes.telegram, "telegram")
    }

    pub fn whatsapp(&self) -> &FakeWhatsApp {
        built(&self.fakes.whatsapp, "whatsapp")
    }

    pub fn line(&self) -> &FakeLine {
        built(&self.fakes.line, "line")
    }

    pub fn stripe(&self) -> &FakeStripe {
        built(&self.fakes.stripe, "stripe")
    }

    pub fn xendit(&self) -> &FakeXendit {
        built(&self.fakes.xendit, "xendit")
    }

    pub fn clock(&self) -> &ManualClock {
        built(&self.clock, "manual_clock")
    }
}

impl AppBuilder {
    pub fn telegram(mut self) -> Self {
        self.telegram = Some(Telegram::Fresh);
        self
    }

    /// The bot against `fake`, e.g. one from `FakeTelegram::start_enforcing_limits`.
    pub fn telegram_on(mut self, fake: &FakeTelegram) -> Self {
        self.telegram = Some(Telegram::Given(fake.clone()));
        self
    }

    pub fn whatsapp(mut self) -> Self {
        self.whatsapp = true;
        self
    }

    pub fn line(mut self) -> Self {
        self.line = true;
        self
    }

    /// Stripe, the default provider.
    pub fn stripe(mut self) -> Self {
        self.stripe = true;
        self
    }

    /// Xendit, the default provider.
    pub fn xendit(mut self) -> Self {
        self.xendit = true;
        self
    }

    /// Time in paychat moves only by `app.clock().advance(..)`.
    pub fn manual_clock(mut self) -> Self {
        self.clock = true;
        self
    }

    /// Settings added; a key set here replaces the kit's own for it.
    pub fn env(mut self, extra: &[(&str, &str)]) -> Self {
        for (k, v) in extra {
            set(&mut self.env, k, v);
        }
        self
    }

    /// Starts the fakes, then paychat on a fresh database with a seller and API key.
    pub async fn spawn(self, backend: Backend) -> TestApp {
        let db = Arc::new(TestDb::create(&backend).await);
        let mut app = self.start(db).await;
        let seller = app
            .engine
            .create_seller("Nok Bakery", "THB", "th")
            .await
            .expect("seller");
        app.key = app
            .engine
            .create_api_key(&seller.id)
            .await
            .expect("key")
            .key;
        app.seller_id = seller.id;
        app
    }

    /// Starts the fakes, then paychat on `db` (a restart on an existing database).
    pub async fn start(self, db: Arc<TestDb>) -> TestApp {
        let mut fakes = Fakes::default();
        let mut env: Vec<(String, String)> = Vec::new();
        match self.telegram {
            Some(Telegram::Fresh) => {
                let fake = FakeTelegram::start().await;
                env.extend(telegram_env(&fake));
                set(&mut env, "PAYCHAT_TELEGRAM__PRIVATE_CHAT_GAP_MS", "0");
                fakes.telegram = Some(fake);
            }
            Some(Telegram::Given(fake)) => {
                env.extend(telegram_env(&fake));
                fakes.telegram = Some(fake);
            }
            None => {}
        }
        if self.whatsapp {
            let fake = FakeWhatsApp::start().await;
            env.extend(whatsapp_env(&fake));
            fakes.whatsapp = Some(fake);
        }
        if self.line {
            let fake = FakeLine::start().await;
            env.extend(line_env(&fake));
            fakes.line = Some(fake);
        }
        if self.stripe {
            let fake = FakeStripe::start(STRIPE_KEY, STRIPE_WHSEC).await;
            env.extend(stripe_env(&fake));
            fakes.stripe = Some(fake);
        }
        if self.xendit {
            let fake = FakeXendit::start(XENDIT_KEY, XENDIT_TOKEN).await;
            env.extend(xendit_env(&fake));
            fakes.xendit = Some(fake);
        }
        for (k, v) in &self.env {
            set(&mut env, k, v);
        }
        if std::env::var("TEST_LOG").is_ok() {
            paychat::telemetry::init(&paychat::config::LogSettings {
                json: false,
                level: "debug".into(),
            })
            .expect("RUST_LOG is a filter");
        }
        let settings = test_settings(&db.url, env);
        let clock = self.clock.then(ManualClock::default);
        let app = match &clock {
            Some(clock) => Application::build_with_clock(settings, Arc::new(clock.clone())).await,
            None => Application::build(settings).await,
        }
        .expect("build app");
        TestApp {
            addr: format!("http://127.0.0.1:{}", app.port()),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            engine: app.engine(),
            // Set once the seller exists, below.
            seller_id: SellerId::from_trusted(String::new()),
            key: String::new(),
            stopper: app.stopper(),
            task: Some(tokio::spawn(app.run_until_stopped())),
            db,
            fakes,
            clock,
        }
    }
}

/// What a `TestApp` was built with; panics, naming the builder call, when it was not.
fn built<'a, T>(part: &'a Option<T>, call: &str) -> &'a T {
    part.as_ref()
        .unwrap_or_else(|| panic!("a TestApp built with .{call}()"))
}

/// Sets `key` in `env`, replacing an earlier value.
fn set(env: &mut Vec<(String, String)>, key: &str, value: &str) {
    env.retain(|(k, _)| k != key);
    env.push((key.to_owned(), value.to_owned()));
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The settings that point the bot at `fake` (long polls cut short, quick timeouts).
pub fn telegram_env(fake: &FakeTelegram) -> Vec<(String, String)> {
    owned(&[
        ("PAYCHAT_TELEGRAM__TOKEN", FakeTelegram::TOKEN),
        ("PAYCHAT_TELEGRAM__API_URL", &fake.url()),
        ("PAYCHAT_TELEGRAM__POLL_TIMEOUT_SECS", "1"),
        ("PAYCHAT_TELEGRAM__REQUEST_TIMEOUT_SECS", "5"),
    ])
}

/// The settings that point WhatsApp at `fake`.
pub fn whatsapp_env(fake: &FakeWhatsApp) -> Vec<(String, String)> {
    owned(&[
        ("PAYCHAT_WHATSAPP__GRAPH_API_URL", &fake.url()),
        ("PAYCHAT_WHATSAPP__API_VERSION", FakeWhatsApp::VERSION),
        (
            "PAYCHAT_WHATSAPP__PHONE_NUMBER_ID",
            FakeWhatsApp::PHONE_NUMBER_ID,
        ),
        ("PAYCHAT_WHATSAPP__ACCESS_TOKEN", FakeWhatsApp::TOKEN),
        ("PAYCHAT_WHATSAPP__APP_SECRET", FakeWhatsApp::APP_SECRET),
        ("PAYCHAT_WHATSAPP__VERIFY_TOKEN", FakeWhatsApp::VERIFY_TOKEN),
    ])
}

/// The settings that point LINE at `fake`.
pub fn line_env(fake: &FakeLine) -> Vec<(String, String)> {
    owned(&[
        ("PAYCHAT_LINE__CHANNEL_SECRET", FakeLine::CHANNEL_SECRET),
        ("PAYCHAT_LINE__CHANNEL_ACCESS_TOKEN", FakeLine::TOKEN),
        ("PAYCHAT_LINE__API_URL", &fake.url()),
        ("PAYCHAT_LINE__REQUEST_TIMEOUT_SECS", "2"),
    ])
}

/// Stripe as the default provider against `fake`, with a 1 s request timeout.
pub fn stripe_env(fake: &FakeStripe) -> Vec<(String, String)> {
    owned(&[
        ("PAYCHAT_PROVIDERS__DEFAULT", "stripe"),
        ("PAYCHAT_PROVIDERS__STRIPE__ENABLED", "true"),
        ("PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY", STRIPE_KEY),
        ("PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET", STRIPE_WHSEC),
        ("PAYCHAT_PROVIDERS__STRIPE__API_URL", &fake.url()),
        ("PAYCHAT_PROVIDERS__STRIPE__REQUEST_TIMEOUT_SECS", "1"),
    ])
}

/// Xendit as the default provider against `fake`, with a 1 s request timeout.
pub fn xendit_env(fake: &FakeXendit) -> Vec<(String, String)> {
    owned(&[
        ("PAYCHAT_PROVIDERS__DEFAULT", "xendit"),
        ("PAYCHAT_PROVIDERS__XENDIT__ENABLED", "true"),
        ("PAYCHAT_PROVIDERS__XENDIT__SECRET_KEY", XENDIT_KEY),
        ("PAYCHAT_PROVIDERS__XENDIT__CALLBACK_TOKEN", XENDIT_TOKEN),
        ("PAYCHAT_PROVIDERS__XENDIT__API_URL", &fake.url()),
        ("PAYCHAT_PROVIDERS__XENDIT__REQUEST_TIMEOUT_SECS", "1"),
    ])
}
