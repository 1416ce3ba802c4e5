//! The command line: the `paychat` subcommands and their arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "paychat", version, about = "Payment links run from chat")]
pub(crate) struct Cli {
    /// Configuration file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Run the HTTP server, the notifier, the expiry sweeper and the Telegram bot (when
    /// telegram.token is set).
    Serve,
    /// Talk to paychat in this terminal as a seller would in Telegram (the HTTP server
    /// runs too, so links open and pay in a browser).
    Chat,
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Manage sellers.
    #[command(subcommand)]
    Seller(SellerCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Look up payment links of every seller (read-only).
    #[command(subcommand)]
    Links(LinksCommand),
    /// Look up payments of every seller (read-only).
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Manage a seller's outgoing webhook.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Settle or release by hand a refund left pending (see `paychat reconcile`).
    #[command(subcommand)]
    Refund(RefundCommand),
    /// Ask the payment providers once about checkouts whose webhook has not come and
    /// finish refunds left pending (`serve` does this every providers.reconcile_every_secs).
    Reconcile {
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Args)]
pub(crate) struct JsonFlag {
    /// Print machine-readable JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Subcommand)]
pub(crate) enum SellerCommand {
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
        /// Payment provider for the seller's new links (sandbox, stripe, xendit);
        /// providers.default when omitted.
        #[arg(long)]
        provider: Option<String>,
        /// IANA time zone the seller's times are shown in, e.g. Asia/Bangkok;
        /// sellers.default_timezone when omitted.
        #[arg(long)]
        timezone: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Choose the payment provider for a seller's new links; `default` follows
    /// providers.default. Existing links keep the provider they were made with.
    Provider {
        /// The seller (sel_…).
        seller: String,
        /// sandbox, stripe, xendit or default.
        provider: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Make a one-time invite: a t.me deep link (or code) that registers a Telegram
    /// user as a new seller, or with --seller links them to an existing one.
    Invite {
        /// Attach the chat to this existing seller (sel_…) instead of creating one.
        #[arg(long)]
        seller: Option<String>,
        /// The bot's username, for the t.me link (asked from Telegram when omitted and
        /// telegram.token is set).
        #[arg(long)]
        bot: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List sellers: id, currency, language, provider, time zone, name.
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A seller's bank QR accounts: without a rail, lists them; with a rail and its
    /// details (as after /payto in chat), sets one; with a rail and `off`, removes it.
    Payto {
        /// The seller (sel_…).
        seller: String,
        /// promptpay, vietqr, pix, upi or qris.
        rail: Option<String>,
        /// The account, e.g. 0812345678 or "Vietcombank 0011001234567 NGUYEN VAN A"; `off`
        /// removes it.
        details: Vec<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
pub(crate) enum RefundCommand {
    /// The provider's dashboard shows the money went back: record the refund as done.
    Settle {
        /// The refund (rfd_…).
        refund: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// The money did not go back: mark the refund failed and free its amount.
    Release {
        refund: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
pub(crate) enum ApikeyCommand {
    /// Issue an API key for a seller. The key is printed once and stored hashed.
    Create {
        #[arg(long)]
        seller: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// List API keys: id, seller, created, revoked. The keys themselves are stored
    /// hashed and cannot be shown.
    List {
        /// Only this seller's (sel_…).
        #[arg(long)]
        seller: Option<String>,
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
pub(crate) enum LinksCommand {
    /// Links, newest first, with times in each seller's time zone.
    List {
        /// Only this seller's (sel_…).
        #[arg(long)]
        seller: Option<String>,
        /// active, paid, expired, cancelled, refunded or partially_refunded.
        #[arg(long)]
        status: Option<String>,
        /// At most this many (default 50, at most 1000).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=1000))]
        limit: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// One link by id (lnk_…) or by the code in its address: the link, its payments,
    /// refunds and timeline.
    Show {
        id_or_code: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
pub(crate) enum PaymentsCommand {
    /// Payments, newest first, with times in each seller's time zone.
    List {
        /// Only this seller's (sel_…).
        #[arg(long)]
        seller: Option<String>,
        /// Only this link's (lnk_… or its code).
        #[arg(long)]
        link: Option<String>,
        /// pending, succeeded, failed, expired, …
        #[arg(long)]
        status: Option<String>,
        /// At most this many (default 50, at most 1000).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=1000))]
        limit: i64,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
pub(crate) enum WebhookCommand {
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
