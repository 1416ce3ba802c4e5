//! Wiring: the one place that knows every concrete type. The binary and the tests build
//! the application the same way, through [`Application::build`].

use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::adapters::http::health::metrics_router;
use crate::adapters::http::{AppState, router};
use crate::adapters::line::{InboundChannel as LineInbound, Line, LineChannel};
use crate::adapters::notify::email::EmailChannel;
use crate::adapters::notify::sms::SmsChannel;
use crate::adapters::notify::webhook::WebhookChannel;
use crate::adapters::providers::sandbox::Sandbox;
use crate::adapters::providers::stripe::Stripe;
use crate::adapters::providers::xendit::Xendit;
use crate::adapters::telegram::{TelegramBot, TelegramChannel, TelegramInbound};
use crate::adapters::whatsapp::{InboundChannel, WhatsApp, WhatsAppChannel};
use crate::config::{Settings, redact_url};
use crate::conversation::i18n::I18n;
use crate::conversation::{Conversation, RegistrationMode};
use crate::engine::metrics::Metrics;
use crate::engine::outbox::{OutboxWorker, WorkerSettings};
use crate::engine::ports::{Channel, Clock, PaymentProvider, SystemClock};
use crate::engine::reconcile::CheckoutCloser;
use crate::engine::store::{self, SqlStore};
use crate::engine::{Engine, EngineSettings};

mod banner;

use banner::{doors_on, providers_on};

/// The engine and what it was built from.
pub struct Parts {
    pub engine: Arc<Engine>,
    pub store: SqlStore,
    pub sandbox: Option<Arc<Sandbox>>,
    pub clock: Arc<dyn Clock>,
}

/// Connects (and migrates) the database and builds the engine and providers.
pub async fn build_engine(settings: &Settings) -> anyhow::Result<Parts> {
    build_engine_with_clock(settings, Arc::new(SystemClock)).await
}

/// [`build_engine`] reading time from `clock` (tests move a clock by hand).
pub async fn build_engine_with_clock(
    settings: &Settings,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Parts> {
    let store = store::connect(
        settings.database.url.expose(),
        settings.database.max_connections,
    )
    .await?;
    let sandbox_cfg = &settings.providers.sandbox;
    let sandbox = if sandbox_cfg.enabled {
        let webhook_url = sandbox_cfg.webhook_url.clone().unwrap_or_else(|| {
            format!("{}/webhooks/providers/sandbox", settings.server.public_url)
        });
        Some(Arc::new(Sandbox::new(
            sandbox_cfg.signing_secret.clone(),
            &settings.server.public_url,
            &webhook_url,
            clock.clone(),
        )?))
    } else {
        None
    };
    let mut providers: Vec<Arc<dyn PaymentProvider>> = Vec::new();
    if let Some(s) = &sandbox {
        providers.push(s.clone());
    }
    if let Some(s) = &settings.providers.stripe {
        providers.push(Arc::new(Stripe::new(s)?));
    }
    if let Some(x) = &settings.providers.xendit {
        providers.push(Arc::new(Xendit::new(x)?));
    }
    let engine = Arc::new(Engine::new(
        Arc::new(store.clone()),
        providers,
        clock.clone(),
        EngineSettings {
            public_url: settings.server.public_url.clone(),
            default_expiry: settings.links.default_expiry,
            max_expiry: settings.links.max_expiry,
            default_provider: settings.providers.default.clone(),
            reconcile_after: settings.providers.reconcile_after,
            default_timezone: settings.sellers.default_timezone,
            slip_retention: settings.links.slip_retention,
            bulk_max_rows: settings.links.bulk_max_rows,
            bulk_max_file_bytes: settings.links.bulk_max_file_bytes,
            email_enabled: settings.email.enabled(),
            seller_reminder_before: settings.links.seller_reminder_before,
            sms_enabled: settings.sms.enabled(),
            sms_daily_cap: settings.sms.daily_cap_per_seller,
            second_chance_after: settings.outreach.second_chance_after,
        },
        Arc::new(Metrics::default()),
    ));
    Ok(Parts {
        engine,
        store,
        sandbox,
        clock,
    })
}

/// A running-ready paychat: bound to its port, database open.
pub struct Application {
    listener: TcpListener,
    port: u16,
    settings: Settings,
    parts: Parts,
    stop: watch::Sender<bool>,
    router: axum::Router,
    /// `/metrics` alone on `metrics.bind`, when set.
    metrics: Option<(TcpListener, axum::Router)>,
    telegram: Option<Arc<TelegramBot>>,
    /// The chat apps' leases (name, told whether this replica holds it).
    leases: Vec<(String, watch::Sender<bool>)>,
    worker: OutboxWorker,
}

impl Application {
    /// Binds the HTTP port, opens the database and builds everything. A `public_url`
    /// on port 0 follows the port actually bound (used by tests on random ports).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// [`Application::build`] reading time from `clock` instead of the system's (tests).
    pub async fn build_with_clock(
        mut settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let bind = settings.server.bind;
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind} (server.bind)"))?;
        let port = listener.local_addr()?.port();
        if let Ok(mut url) = reqwest::Url::parse(&settings.server.public_url)
            && url.port() == Some(0)
        {
            let _ = url.set_port(Some(port));
            settings.server.public_url = url.as_str().trim_end_matches('/').to_owned();
        }
        let parts = build_engine_with_clock(&settings, clock).await?;
        let (stop, _) = watch::channel(false);
        let i18n = Arc::new(I18n::load()?);
        let conversation = |open: bool| {
            let registration = if open {
                RegistrationMode::Open
            } else {
                RegistrationMode::Invite
            };
            Arc::new(Conversation::new(
                parts.engine.clone(),
                i18n.clone(),
                registration,
            ))
        };
        // Each chat app's account is served (polled, handled, sent through) by the one
        // replica holding its lease; `leases` are run with the app.
        let mut leases = Vec::new();
        let (tg_held, serving) = watch::channel(false);
        let telegram = match &settings.telegram.token {
            Some(_) => Some(TelegramBot::new(
                settings.telegram.clone(),
                conversation(settings.telegram.open_registration),
                serving,
            )?),
            None => None,
        };
        if let Some(bot) = &telegram {
            leases.push((bot.lease_name(), tg_held));
        }
        let (wa_held, serving) = watch::channel(false);
        let whatsapp = match &settings.whatsapp {
            s if s.enabled => Some(WhatsApp::new(
                s.clone(),
                conversation(s.open_registration),
                serving,
            )?),
            _ => None,
        };
        if let Some(wa) = &whatsapp {
            leases.push((wa.lease_name(), wa_held));
        }
        let (line_held, serving) = watch::channel(false);
        let line = match &settings.line {
            s if s.enabled => Some(Line::new(
                s.clone(),
                conversation(s.open_registration),
                serving,
            )?),
            _ => None,
        };
        if let Some(l) = &line {
            leases.push((l.lease_name(), line_held));
        }
        let mut channels: Vec<Arc<dyn Channel>> = vec![
            Arc::new(WebhookChannel::new(
                parts.engine.clone(),
                settings.notifier.timeout,
                settings.webhooks.allow_private,
            )?),
            Arc::new(CheckoutCloser::new(parts.engine.clone())),
        ];
        if let Some(wa) = &whatsapp {
            channels.push(Arc::new(InboundChannel::new(wa.clone())));
            channels.push(Arc::new(WhatsAppChannel::new(wa.clone())));
        }
        if let Some(line) = &line {
            channels.push(Arc::new(LineInbound::new(line.clone())));
            channels.push(Arc::new(LineChannel::new(line.clone())));
        }
        if let Some(bot) = &telegram {
            channels.push(Arc::new(TelegramInbound::new(bot.clone())));
            channels.push(Arc::new(TelegramChannel::new(bot.clone())));
        }
        if let Some(email) = EmailChannel::new(
            parts.engine.clone(),
            i18n.clone(),
            &settings.email,
            &settings.server.public_url,
            settings.notifier.max_attempts,
        )? {
            channels.push(Arc::new(email));
        }
        if let Some(sms) = SmsChannel::new(
            parts.engine.clone(),
            i18n.clone(),
            &settings.sms,
            settings.notifier.max_attempts,
        )? {
            channels.push(Arc::new(sms));
        }
        let state = AppState {
            engine: parts.engine.clone(),
            i18n,
            sandbox: parts.sandbox.clone(),
            telegram: telegram.clone(),
            whatsapp,
            line,
            allow_private_webhooks: settings.webhooks.allow_private,
        };
        let metrics = match settings.metrics.bind {
            Some(addr) => {
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} (metrics.bind)"))?;
                // Port 0 (tests) becomes the port bound, so the banner names it.
                settings.metrics.bind = Some(listener.local_addr()?);
                Some((listener, metrics_router(state.clone())))
            }
            None => None,
        };
        let router = router(
            state,
            settings.server.body_limit_bytes,
            settings.server.request_timeout,
            metrics.is_none(),
        );
        let n = &settings.notifier;
        let worker = OutboxWorker::new(
            Arc::new(parts.store.clone()),
            channels,
            parts.clock.clone(),
            WorkerSettings {
                poll_interval: n.poll_interval,
                retry_base: n.retry_base,
                retry_max: n.retry_max,
                max_attempts: n.max_attempts,
                lease: n.lease,
                batch: i64::from(n.max_in_flight),
            },
            parts.engine.metrics().clone(),
            parts.engine.outbox_wake(),
        )
        .with_answers_wake(parts.engine.answers_wake());
        Ok(Self {
            listener,
            port,
            settings,
            parts,
            stop,
            router,
            metrics,
            telegram,
            leases,
            worker,
        })
    }

    /// Adds a notification channel beside the configured ones (the terminal chat's).
    pub fn add_channel(&mut self, channel: Arc<dyn Channel>) {
        self.worker.add_channel(channel);
    }

    /// The settings in effect (with `public_url` on the bound port).
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The bound port.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The engine, for tests and embedding.
    #[must_use]
    pub fn engine(&self) -> Arc<Engine> {
        self.parts.engine.clone()
    }

    /// Sending `true` stops the application gracefully.
    #[must_use]
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }

    /// Runs what [`Application::build`] built: serves HTTP, delivers notifications and
    /// expires links until SIGTERM, Ctrl-C or the stopper; then finishes requests and deliveries in flight and closes the pool.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self {
            listener,
            settings,
            parts,
            stop,
            router,
            metrics,
            telegram,
            leases,
            worker,
            ..
        } = self;
        let metrics_task = metrics.map(|(listener, router)| {
            let mut stopped = stop.subscribe();
            tokio::spawn(async move {
                let served = axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    })
                    .await;
                if let Err(e) = served {
                    tracing::error!(error = %e, "the /metrics server (metrics.bind) failed");
                }
            })
        });
        let lease_tasks: Vec<_> = leases
            .into_iter()
            .map(|(name, held)| {
                tokio::spawn(
                    parts
                        .engine
                        .clone()
                        .keep_lease(name, held, stop.subscribe()),
                )
            })
            .collect();
        let bot_task = telegram.map(|bot| {
            let (url, stop) = (settings.server.public_url.clone(), stop.subscribe());
            if bot.webhook_mode() {
                tokio::spawn(async move {
                    let mut stop = stop;
                    bot.prepare(&url, &mut stop).await;
                })
            } else {
                tokio::spawn(bot.run_polling(url, stop))
            }
        });
        let worker = tokio::spawn(worker.run_until_stopped(stop.subscribe()));
        let listener_task = {
            let (store, wake, stop) = (
                parts.store.clone(),
                parts.engine.outbox_wake(),
                stop.subscribe(),
            );
            tokio::spawn(async move { store.listen_outbox(wake, stop).await })
        };
        let announcer = {
            let (store, committed, stop) = (
                parts.store.clone(),
                parts.engine.outbox_announce(),
                stop.subscribe(),
            );
            tokio::spawn(async move { store.announce_outbox(committed, stop).await })
        };
        let sweeper = tokio::spawn(expiry_sweeper(
            parts.engine.clone(),
            settings.links.expiry_sweep,
            stop.subscribe(),
        ));
        let reconciler = tokio::spawn(reconciler(
            parts.engine.clone(),
            settings.providers.reconcile_every,
            stop.subscribe(),
        ));
        let signals = {
            let stop = stop.clone();
            tokio::spawn(async move {
                shutdown_signal().await;
                let _ = stop.send(true);
            })
        };
        tracing::info!(
            addr = %settings.server.bind,
            public_url = %settings.server.public_url,
            backend = parts.store.backend(),
            database = %redact_url(settings.database.url.expose()),
            doors = %doors_on(&settings).join(", "),
            providers = %providers_on(&settings).join(", "),
            metrics = %settings.metrics.bind.map_or_else(|| "server.bind".to_owned(), |a| a.to_string()),
            "paychat is serving"
        );
        let mut stopped = stop.subscribe();
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
        let _ = stop.send(true);
        signals.abort();
        let _ = worker.await;
        let _ = listener_task.await;
        let _ = announcer.await;
        let _ = sweeper.await;
        let _ = reconciler.await;
        if let Some(t) = metrics_task {
            let _ = t.await;
        }
        if let Some(t) = bot_task {
            let _ = t.await;
        }
        for t in lease_tasks {
            let _ = t.await;
        }
        parts.store.close().await;
        tracing::info!("paychat stopped");
        served.context("HTTP server failed")
    }
}

async fn expiry_sweeper(
    engine: Arc<Engine>,
    every: std::time::Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        match engine.expire_due().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "links expired"),
            Err(e) => tracing::error!(error = %e, "expiry sweep failed"),
        }
        if let Err(e) = engine.purge_outbox().await {
            tracing::warn!(error = %e, "purging delivered notifications failed");
        }
        if let Err(e) = engine.purge_prompts().await {
            tracing::warn!(error = %e, "purging expired chat questions failed");
        }
        match engine.purge_slips().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "transfer slips past their retention deleted"),
            Err(e) => tracing::warn!(error = %e, "purging old transfer slips failed"),
        }
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// Asks the providers about checkouts and refunds their webhooks left undecided.
async fn reconciler(
    engine: Arc<Engine>,
    every: std::time::Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match engine.reconcile().await {
            Ok(r) if r.checked + r.refunds_finished > 0 => tracing::info!(
                checked = r.checked,
                changed = r.applied,
                unanswered = r.errors,
                refunds = r.refunds_finished,
                "reconciled with providers"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "reconciliation failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
