//! The start banner: what `serve` and `chat` tell an operator at start, from the
//! settings in effect. Plain text for a person; nothing secret goes in.

use super::Application;
use crate::config::{Settings, redact_url};

impl Application {
    /// What an operator reads at start, on stderr: the URL, the database (password
    /// masked), the doors and providers that are on, where /metrics is, and how to
    /// make a first link. `console` is true for `paychat chat`. No secret is in it.
    #[must_use]
    pub fn banner(&self, console: bool) -> String {
        let s = &self.settings;
        let url = &s.server.public_url;
        let database = describe_database(s.database.url.expose());
        let mut doors = doors_on(s);
        if console {
            doors.insert(doors.len() - 1, "this terminal");
        }
        let providers = providers_on(s);
        // The URL may hold the SMTP password: only its masked form is shown.
        let email = s.email.describe().map_or_else(
            || "off (email.smtp_url)".to_owned(),
            |url| format!("buyers' e-mails through {url}"),
        );
        // The account SID only: the auth token is never shown.
        let sms = match (&s.sms.account_sid, s.sms.enabled()) {
            (Some(sid), true) => format!(
                "buyers' texts through Twilio, account {sid}, at most {} a day per seller",
                s.sms.daily_cap_per_seller
            ),
            _ => "off (sms.account_sid)".to_owned(),
        };
        let metrics = match s.metrics.bind {
            Some(addr) => format!("http://{addr}/metrics (metrics.bind; keep it private)"),
            None => format!("{url}/metrics"),
        };
        let next = if console {
            "next step: type /link 250 THB tuition below; open the link it answers with \
             in a browser and pay it on the sandbox checkout"
                .to_owned()
        } else {
            format!(
                "next step: make a first link, in a terminal with `paychat chat` (then type \
                 /link 250 THB tuition), or through the API:\n\
                 \x20 paychat seller add --name \"My shop\" --currency THB     (prints sel_…)\n\
                 \x20 paychat apikey create --seller sel_…                    (prints pck_…, once)\n\
                 \x20 curl {url}/api/v1/links -H \"Authorization: Bearer pck_…\" \\\n\
                 \x20   -d '{{\"amount\": \"250.00\", \"currency\": \"THB\", \"description\": \"Tuition\"}}'"
            )
        };
        format!(
            "paychat {} is serving at {url}\n\
             \x20 database   {database}\n\
             \x20 doors      {}\n\
             \x20 providers  {}; bank QR rails (PromptPay, VietQR, Pix, UPI, QRIS) per seller \
             with /payto\n\
             \x20 email      {email}\n\
             \x20 sms        {sms}\n\
             \x20 metrics    {metrics}\n\
             {next}",
            env!("CARGO_PKG_VERSION"),
            doors.join(", "),
            if providers.is_empty() {
                "none".to_owned()
            } else {
                providers.join(", ")
            },
        )
    }
}

/// The chat doors that are on, then the REST API (always on).
pub(super) fn doors_on(s: &Settings) -> Vec<&'static str> {
    let mut doors = Vec::new();
    if s.telegram.token.is_some() {
        doors.push(if s.telegram.webhook {
            "Telegram (webhook)"
        } else {
            "Telegram (polling)"
        });
    }
    if s.whatsapp.enabled {
        doors.push("WhatsApp");
    }
    if s.line.enabled {
        doors.push("LINE");
    }
    doors.push("REST API");
    doors
}

/// The checkout providers that are on.
pub(super) fn providers_on(s: &Settings) -> Vec<&'static str> {
    let mut providers = Vec::new();
    if s.providers.sandbox.enabled {
        providers.push("sandbox (test payments, no real money)");
    }
    if s.providers.stripe.is_some() {
        providers.push("Stripe");
    }
    if s.providers.xendit.is_some() {
        providers.push("Xendit");
    }
    providers
}

/// The database as the banner names it: the SQLite file, or the Postgres URL with its
/// password masked.
fn describe_database(url: &str) -> String {
    match url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))
    {
        Some(path) => format!("SQLite file {path}"),
        None => format!("Postgres {}", redact_url(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_database;

    #[test]
    fn the_banner_names_the_database_without_its_password() {
        assert_eq!(
            describe_database("postgres://paychat:s3cret@db/paychat"),
            "Postgres postgres://paychat:***@db/paychat"
        );
        assert_eq!(
            describe_database("sqlite://data/paychat.db"),
            "SQLite file data/paychat.db"
        );
    }
}
