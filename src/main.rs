//! The `paychat` command: serve, migrate, and the operator's seller and key commands.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use paychat::config::{self, Settings};
use paychat::startup::{Application, build_engine};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "paychat", version, about = "Payment links run from chat")]
struct Cli {
    /// Configuration file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server, the notifier and the expiry sweeper.
    Serve,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Manage sellers.
    #[command(subcommand)]
    Seller(SellerCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Manage a seller's outgoing webhook.
    #[command(subcommand)]
    Webhook(WebhookCommand),
}

#[derive(Args)]
struct JsonFlag {
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum SellerCommand {
    /// Register a seller and print its id.
    Add {
        #[arg(long)]
        name: String,
        /// Default currency (ISO 4217), e.g. THB.
        #[arg(long)]
        currency: String,
        /// Language: en, th, id, vi, pt-BR or es.
        #[arg(long, default_value = "en")]
        locale: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List sellers.
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
enum ApikeyCommand {
    /// Issue an API key for a seller. The key is printed once and stored hashed.
    Create {
        #[arg(long)]
        seller: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Revoke an API key by its id (key_…).
    Revoke {
        key_id: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
enum WebhookCommand {
    /// Set where a seller's events are POSTed; prints the signing secret once.
    Set {
        #[arg(long)]
        seller: String,
        #[arg(long)]
        url: String,
        /// Signing secret (16–200 chars); generated when omitted.
        #[arg(long)]
        secret: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
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
    paychat::telemetry::init(&settings.log);
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
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let parts = build_engine(&settings).await?;
            let backend = parts.store.backend();
            parts.store.close().await;
            emit(false, &(), &format!("database is up to date ({backend})"));
            Ok(())
        }
        Command::Seller(cmd) => {
            let parts = build_engine(&settings).await?;
            let result = seller(cmd, &parts.engine).await;
            parts.store.close().await;
            result
        }
        Command::Apikey(cmd) => {
            let parts = build_engine(&settings).await?;
            let result = match cmd {
                ApikeyCommand::Create { seller, out } => {
                    let key = parts.engine.create_api_key(&seller).await?;
                    emit(
                        out.json,
                        &serde_json::json!({ "id": key.id, "key": key.key, "seller_id": seller }),
                        &format!(
                            "{}\n(key id {}; store the key now: it is not shown again)",
                            key.key, key.id
                        ),
                    );
                    Ok(())
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
        Command::Webhook(WebhookCommand::Set {
            seller,
            url,
            secret,
            out,
        }) => {
            let parts = build_engine(&settings).await?;
            let result = async {
                parts.engine.seller(&seller).await?;
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
    }
}

async fn seller(cmd: SellerCommand, engine: &paychat::engine::Engine) -> anyhow::Result<()> {
    match cmd {
        SellerCommand::Add {
            name,
            currency,
            locale,
            out,
        } => {
            let s = engine.create_seller(&name, &currency, &locale).await?;
            emit(out.json, &s, &s.id);
        }
        SellerCommand::List { out } => {
            let all = engine.sellers().await?;
            let human = all
                .iter()
                .map(|s| format!("{}\t{}\t{}\t{}", s.id, s.currency, s.locale, s.name))
                .collect::<Vec<_>>()
                .join("\n");
            emit(out.json, &all, &human);
        }
    }
    Ok(())
}
