//! The `paychat` command: serve, migrate, and the operator's seller and key commands.

use std::process::ExitCode;

use clap::Parser;
use paychat::adapters::operator;
use paychat::config::{self, Settings};
use paychat::domain::SellerId;
use paychat::engine::operator::OperatorQuery;
use paychat::startup::{Application, build_engine};
use serde::Serialize;

mod cli;

use cli::{
    ApikeyCommand, Cli, Command, LinksCommand, PaymentsCommand, RefundCommand, SellerCommand,
    WebhookCommand,
};

/// The bot's username from Telegram's getMe, when a token is configured.
async fn bot_username(settings: &Settings) -> Option<String> {
    let token = settings.telegram.token.as_ref()?;
    let url = format!("{}/bot{}/getMe", settings.telegram.api_url, token.expose());
    let client = reqwest::Client::builder()
        .timeout(settings.telegram.request_timeout)
        .build()
        .ok()?;
    let body: serde_json::Value = client.get(url).send().await.ok()?.json().await.ok()?;
    body.pointer("/result/username")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// `paychat chat`: the app in the background, the conversation on this terminal.
async fn chat(settings: Settings) -> anyhow::Result<()> {
    use std::sync::Arc;

    use paychat::adapters::console::{self, ConsoleChannel};
    use paychat::conversation::i18n::I18n;
    use paychat::conversation::{Conversation, RegistrationMode};

    let mut app = Application::build(settings).await?;
    let conversation = Arc::new(Conversation::new(
        app.engine(),
        Arc::new(I18n::load()?),
        // The terminal belongs to whoever runs paychat: always let them in.
        RegistrationMode::Open,
    ));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    app.add_channel(Arc::new(ConsoleChannel::new(conversation.clone(), tx)));
    let stopper = app.stopper();
    announce(&app, true);
    let server = tokio::spawn(app.run_until_stopped());
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let result = console::run(
        &conversation,
        console::terminal_user(),
        stdin,
        tokio::io::stdout(),
        rx,
        &std::env::current_dir()?,
    )
    .await;
    let _ = stopper.send(true);
    server.await??;
    Ok(result?)
}

/// The start banner on stderr, for a person; with `log.format = "json"` the
/// "paychat is serving" log line carries the same facts (URL, database, doors,
/// providers, metrics) for the collector instead,
/// so stderr stays one JSON object per line.
fn announce(app: &Application, console: bool) {
    if !app.settings().log.json {
        eprintln!("{}", app.banner(console));
    }
}

/// Prints a result: JSON for scripts, or the human line.
#[allow(clippy::print_stdout)] // the CLI's output is its purpose
fn emit<T: Serialize>(json: bool, value: &T, human: &str) {
    if json {
        println!("{}", serde_json::to_string(value).unwrap_or_default());
    } else {
        println!("{human}");
    }
}

/// mimalloc rather than glibc's malloc: a request allocates and frees many small values on
/// several threads (the runtime's and the SQLite connections'), where glibc spent a tenth
/// of the buyer page's CPU (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match config::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("paychat: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = paychat::telemetry::init(&settings.log) {
        eprintln!("paychat: {e}");
        return ExitCode::from(2);
    }
    match run(cli.command, settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the context chain, e.g. "cannot reach Postgres at …: refused".
            eprintln!("paychat: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let app = Application::build(settings).await?;
            announce(&app, false);
            app.run_until_stopped().await
        }
        Command::Chat => chat(settings).await,
        Command::Migrate => {
            let parts = build_engine(&settings).await?;
            let backend = parts.store.backend();
            parts.store.close().await;
            // Every migration not applied yet has just been: the schema is current either way.
            emit(
                false,
                &(),
                &format!("database migrated: its schema is current ({backend})"),
            );
            Ok(())
        }
        Command::Seller(cmd) => {
            let parts = build_engine(&settings).await?;
            let result = seller(cmd, &parts.engine, &settings).await;
            parts.store.close().await;
            result
        }
        Command::Apikey(cmd) => {
            let parts = build_engine(&settings).await?;
            let result = match cmd {
                ApikeyCommand::Create { seller, out } => {
                    let seller = SellerId::from_trusted(seller);
                    let key = parts.engine.create_api_key(&seller).await?;
                    emit(
                        out.json,
                        &serde_json::json!({ "id": key.id, "key": key.key, "seller_id": seller }),
                        &key.key,
                    );
                    // The key alone on stdout (`KEY=$(paychat apikey create …)`); the
                    // note is for the person.
                    if !out.json {
                        eprintln!(
                            "(key id {}; store the key now: it is not shown again)",
                            key.id
                        );
                    }
                    Ok(())
                }
                ApikeyCommand::List { seller, out } => {
                    let keys = parts.engine.api_keys(seller.as_deref()).await;
                    keys.map(|k| emit(out.json, &k, &operator::api_keys_table(&k)))
                        .map_err(Into::into)
                }
                ApikeyCommand::Revoke { key_id, out } => {
                    parts.engine.revoke_api_key(&key_id).await?;
                    emit(
                        out.json,
                        &serde_json::json!({ "id": key_id, "revoked": true }),
                        &format!("revoked {key_id}"),
                    );
                    Ok(())
                }
            };
            parts.store.close().await;
            result
        }
        Command::Links(cmd) => {
            let parts = build_engine(&settings).await?;
            let result = lookup_links(cmd, &parts.engine).await;
            parts.store.close().await;
            result
        }
        Command::Payments(PaymentsCommand::List {
            seller,
            link,
            status,
            limit,
            out,
        }) => {
            let parts = build_engine(&settings).await?;
            let query = OperatorQuery {
                seller,
                link,
                status,
                limit,
            };
            let result = parts.engine.operator_payments(&query).await;
            parts.store.close().await;
            let payments = result?;
            emit(out.json, &payments, &operator::payments_table(&payments));
            Ok(())
        }
        Command::Webhook(WebhookCommand::Set {
            seller,
            url,
            secret,
            out,
        }) => {
            let seller = SellerId::from_trusted(seller);
            let parts = build_engine(&settings).await?;
            let result = async {
                parts.engine.seller(&seller).await?;
                // Not an http(s) URL at all is said so first, as the API does.
                let scheme_ok = reqwest::Url::parse(&url)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
                if !scheme_ok {
                    anyhow::bail!("url must be an absolute http:// or https:// URL");
                }
                paychat::adapters::notify::guard::public_endpoint(
                    &url,
                    settings.webhooks.allow_private,
                )
                .await
                .map_err(|m| anyhow::anyhow!("{m} (set webhooks.allow_private to allow it)"))?;
                let row = parts
                    .engine
                    .set_webhook_endpoint(&seller, &url, secret.as_deref())
                    .await?;
                emit(
                    out.json,
                    &serde_json::json!({ "seller_id": seller, "url": row.url, "secret": row.secret }),
                    &format!("webhook set to {}\nsigning secret: {}", row.url, row.secret),
                );
                anyhow::Ok(())
            }
            .await;
            parts.store.close().await;
            result
        }
        Command::Refund(cmd) => {
            use paychat::engine::refunds::RefundResolution;
            let (id, out, resolution) = match cmd {
                RefundCommand::Settle { refund, out } => (refund, out, RefundResolution::Succeeded),
                RefundCommand::Release { refund, out } => (refund, out, RefundResolution::Failed),
            };
            let parts = build_engine(&settings).await?;
            let result = parts.engine.resolve_refund(&id, resolution).await;
            parts.store.close().await;
            let refund = result?;
            emit(
                out.json,
                &serde_json::json!({ "id": refund.id, "status": refund.status }),
                &format!("refund {} is {}", refund.id, refund.status),
            );
            Ok(())
        }
        Command::Reconcile { out } => {
            let parts = build_engine(&settings).await?;
            let result = parts.engine.reconcile().await;
            parts.store.close().await;
            let report = result?;
            let mut human = format!(
                "asked about {} checkout(s): {} changed, {} unanswered; {} refund(s) finished",
                report.checked, report.applied, report.errors, report.refunds_finished
            );
            for id in &report.refunds_stuck {
                human.push_str(&format!(
                    "\nrefund {id} pending for over 23 h: check it in the provider's dashboard"
                ));
            }
            emit(out.json, &report, &human);
            Ok(())
        }
    }
}

/// `paychat links list|show`.
async fn lookup_links(cmd: LinksCommand, engine: &paychat::engine::Engine) -> anyhow::Result<()> {
    match cmd {
        LinksCommand::List {
            seller,
            status,
            limit,
            out,
        } => {
            let query = OperatorQuery {
                seller,
                link: None,
                status,
                limit,
            };
            let links = engine.operator_links(&query).await?;
            emit(out.json, &links, &operator::links_table(&links));
        }
        LinksCommand::Show { id_or_code, out } => {
            let detail = engine.operator_link_detail(&id_or_code).await?;
            emit(out.json, &detail, &operator::link_detail(&detail));
        }
    }
    Ok(())
}

/// `paychat seller payto`: list, set or remove a seller's bank QR account.
async fn payto(
    engine: &paychat::engine::Engine,
    seller: &str,
    rail: Option<&str>,
    details: &str,
    json: bool,
) -> anyhow::Result<()> {
    use paychat::domain::rails::{PayTo, Rail};
    let seller = &SellerId::from_trusted(seller.to_owned());
    // An unknown seller is named, not listed as having no account.
    engine.seller(seller).await?;
    let Some(rail) = rail else {
        let accounts = engine.paytos(seller).await?;
        let lines: Vec<String> = accounts
            .iter()
            .map(|p| {
                format!(
                    "{}\t{}\t{}",
                    p.rail(),
                    p.rail().currency_code(),
                    p.summary()
                )
            })
            .collect();
        emit(json, &accounts, &lines.join("\n"));
        return Ok(());
    };
    let rail = Rail::parse(rail).ok_or_else(|| {
        anyhow::anyhow!("unknown rail {rail:?}: use promptpay, vietqr, pix, upi or qris")
    })?;
    if details.trim().eq_ignore_ascii_case("off") {
        let gone = engine.remove_payto(seller, Some(rail), None).await?;
        emit(
            json,
            &serde_json::json!({ "rail": rail, "removed": gone > 0 }),
            &if gone > 0 {
                format!("{rail} removed")
            } else {
                format!("no {rail} account was set")
            },
        );
        return Ok(());
    }
    let account = PayTo::parse(rail, details).map_err(|e| anyhow::anyhow!("{rail}: {e}"))?;
    engine.set_payto(seller, &account, None).await?;
    emit(
        json,
        &account,
        &format!("{rail} set: {}", account.summary()),
    );
    Ok(())
}

async fn seller(
    cmd: SellerCommand,
    engine: &paychat::engine::Engine,
    settings: &Settings,
) -> anyhow::Result<()> {
    match cmd {
        SellerCommand::Payto {
            seller,
            rail,
            details,
            out,
        } => {
            payto(
                engine,
                &seller,
                rail.as_deref(),
                &details.join(" "),
                out.json,
            )
            .await?
        }
        SellerCommand::Invite { seller, bot, out } => {
            let bot = match bot {
                Some(b) => {
                    let b = b.trim().trim_start_matches('@').to_owned();
                    // Telegram's rule for bot usernames: a link to anything else opens nothing.
                    let valid = (5..=32).contains(&b.len())
                        && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                        && b.to_ascii_lowercase().ends_with("bot");
                    if !valid {
                        anyhow::bail!(
                            "--bot {b:?} is not a Telegram bot username (5 to 32 letters, digits or _, \
                             ending in bot, e.g. my_shop_bot)"
                        );
                    }
                    Some(b)
                }
                None => bot_username(settings).await,
            };
            let seller = seller.map(SellerId::from_trusted);
            let invite = engine.create_invite(seller.as_ref()).await?;
            let link = bot
                .as_ref()
                .map(|b| format!("https://t.me/{b}?start={}", invite.code));
            let expires = paychat::engine::views::rfc3339(invite.expires_at);
            let human = match &link {
                Some(l) => format!("{l}\n(one use, valid until {expires})"),
                None => format!(
                    "invite code {}\n(one use, valid until {expires}; send /start {} to the bot, \
                     or pass --bot NAME for a t.me link)",
                    invite.code, invite.code
                ),
            };
            emit(
                out.json,
                &serde_json::json!({ "code": invite.code, "link": link, "expires_at": expires, "seller_id": seller }),
                &human,
            );
        }
        SellerCommand::Add {
            name,
            currency,
            locale,
            provider,
            timezone,
            out,
        } => {
            // Check the provider and the zone before creating anything.
            if let Some(p) = &provider {
                engine.check_provider_name(p)?;
            }
            if let Some(tz) = &timezone {
                paychat::domain::TimeZone::parse(tz)
                    .map_err(|e| anyhow::anyhow!("--timezone: {e}"))?;
            }
            let mut s = engine.create_seller(&name, &currency, &locale).await?;
            if let Some(p) = provider {
                s = engine.set_seller_provider(&s.id, Some(&p)).await?;
            }
            if let Some(tz) = timezone {
                engine.set_seller_timezone(&s.id, &tz, None).await?;
                s = engine.seller(&s.id).await?;
            }
            emit(out.json, &s, s.id.as_str());
        }
        SellerCommand::Provider {
            seller,
            provider,
            out,
        } => {
            let name = (provider != "default").then_some(provider.as_str());
            let seller = SellerId::from_trusted(seller);
            let s = engine.set_seller_provider(&seller, name).await?;
            let shown = s
                .provider
                .clone()
                .unwrap_or_else(|| format!("default ({})", engine.default_provider()));
            emit(out.json, &s, &format!("{}: new links use {shown}", s.id));
        }
        SellerCommand::List { out } => {
            let all = engine.sellers().await?;
            let human = all
                .iter()
                .map(|s| {
                    format!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        s.id,
                        s.currency,
                        s.locale,
                        s.provider.as_deref().unwrap_or("default"),
                        s.timezone.as_deref().unwrap_or("default"),
                        s.name
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            emit(out.json, &all, &human);
        }
    }
    Ok(())
}
