//! The operator's commands for providers, through the real binary: choosing a seller's
//! provider and running a reconciliation pass by hand.

use std::process::{Command, Output};

use serde_json::Value;

/// Runs `paychat <args>` on a SQLite file in `dir`, with Stripe enabled (never called:
/// these commands only read the configuration and the database).
fn paychat(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paychat"))
        .args(args)
        .current_dir(dir)
        .env(
            "PAYCHAT_DATABASE__URL",
            format!("sqlite://{}/cli.db", dir.display()),
        )
        .env("PAYCHAT_PROVIDERS__STRIPE__ENABLED", "true")
        .env(
            "PAYCHAT_PROVIDERS__STRIPE__SECRET_KEY",
            "sk_test_cli_0123456789",
        )
        .env("PAYCHAT_PROVIDERS__STRIPE__WEBHOOK_SECRET", "whsec_cli")
        .env("PAYCHAT_PROVIDERS__STRIPE__API_URL", "http://127.0.0.1:9")
        .env("PAYCHAT_LOG__LEVEL", "error")
        .output()
        .expect("paychat runs")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// A new seller (`seller add --json`), as the CLI prints it.
fn add_seller(dir: &std::path::Path, name: &str, currency: &str) -> Value {
    json(&paychat(
        dir,
        &[
            "seller",
            "add",
            "--name",
            name,
            "--currency",
            currency,
            "--json",
        ],
    ))
}

/// Asserts the command failed and said `why` on stderr.
fn refused_with(out: &Output, why: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "succeeded: {err}");
    assert!(err.contains(why), "{why:?} not in {err}");
}

#[test]
fn operators_choose_a_sellers_provider_and_reconcile_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let seller = add_seller(dir, "Nok", "THB");
    let id = seller["id"].as_str().unwrap();
    assert_eq!(seller["provider"], Value::Null);

    // A provider this server has not enabled is refused, naming the ones it has.
    let refused = paychat(dir, &["seller", "provider", id, "xendit"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains(
            "\"xendit\" is not an enabled payment provider here; enabled: sandbox, stripe"
        ),
        "{err}"
    );
    // Secrets never reach the operator's terminal either.
    assert!(!err.contains("sk_test_cli"), "{err}");

    let chosen = json(&paychat(
        dir,
        &["seller", "provider", id, "stripe", "--json"],
    ));
    assert_eq!(chosen["provider"], "stripe");
    let listed = paychat(dir, &["seller", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains(&format!("{id}\tTHB\ten\tstripe\tdefault\tNok")),
        "{listed}"
    );

    let back = paychat(dir, &["seller", "provider", id, "default"]);
    assert!(back.status.success());
    assert!(
        String::from_utf8_lossy(&back.stdout).contains("new links use default (sandbox)"),
        "{}",
        String::from_utf8_lossy(&back.stdout)
    );

    // An unknown provider at `seller add` creates no seller.
    let bad = paychat(
        dir,
        &[
            "seller",
            "add",
            "--name",
            "Ann",
            "--currency",
            "THB",
            "--provider",
            "paypal",
        ],
    );
    assert!(!bad.status.success());
    let all = json(&paychat(dir, &["seller", "list", "--json"]));
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");

    // Resolving a refund that does not exist says so.
    let missing = paychat(dir, &["refund", "release", "rfd_nope"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("refund not found"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );

    // Nothing is due: one pass by hand reports so.
    let report = json(&paychat(dir, &["reconcile", "--json"]));
    assert_eq!(report["checked"], 0, "{report}");
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(report["refunds_stuck"], serde_json::json!([]), "{report}");
}

/// `seller add --timezone` takes an IANA name in any case and stores its canonical
/// spelling; a name that is none is refused, naming the flag, and creates no seller.
#[test]
fn operators_give_a_seller_a_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let add = |zone: &str| {
        paychat(
            dir,
            &[
                "seller",
                "add",
                "--name",
                "Lan",
                "--currency",
                "VND",
                "--timezone",
                zone,
                "--json",
            ],
        )
    };
    let seller = json(&add("asia/ho_chi_minh"));
    assert_eq!(seller["timezone"], "Asia/Ho_Chi_Minh", "{seller}");

    let bad = add("Saigon");
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--timezone: unknown time zone \"Saigon\""),
        "{err}"
    );
    let all = json(&paychat(dir, &["seller", "list", "--json"]));
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    let listed = paychat(dir, &["seller", "list"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("\tAsia/Ho_Chi_Minh\tLan"), "{listed}");
}

/// `paychat seller payto`: an operator sets, lists and removes a seller's bank QR
/// account; a bad one is refused with what is wrong.
#[test]
fn operators_set_a_sellers_bank_qr_account() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let seller = add_seller(dir, "Lan", "VND");
    let id = seller["id"].as_str().unwrap();
    let set = json(&paychat(
        dir,
        &[
            "seller",
            "payto",
            id,
            "vietqr",
            "Vietcombank",
            "0011001234567",
            "Lê Lan",
            "--json",
        ],
    ));
    assert_eq!(set["rail"], "vietqr", "{set}");
    assert_eq!(set["name"], "LE LAN", "{set}");
    let listed = paychat(dir, &["seller", "payto", id]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("vietqr\tVND\tVietcombank 0011001234567 — LE LAN"),
        "{listed}"
    );
    let bad = paychat(dir, &["seller", "payto", id, "promptpay", "12345"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("PromptPay number \"12345\" is not valid"),
        "{err}"
    );
    let off = json(&paychat(
        dir,
        &["seller", "payto", id, "vietqr", "off", "--json"],
    ));
    assert_eq!(off["removed"], true, "{off}");
    let none = json(&paychat(dir, &["seller", "payto", id, "--json"]));
    assert_eq!(none, serde_json::json!([]));
    // A seller that does not exist is said so, listing or setting.
    for args in [
        &["seller", "payto", "sel_nope"][..],
        &["seller", "payto", "sel_nope", "promptpay", "off"],
    ] {
        refused_with(&paychat(dir, args), "seller not found");
    }
}

/// `paychat webhook set` refuses what the REST API refuses: an address that is not
/// public (unless `webhooks.allow_private`), and a URL that is none.
#[test]
fn operators_set_webhooks_to_public_addresses_only() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let seller = add_seller(dir, "Ann", "THB");
    let id = seller["id"].as_str().unwrap();
    for (url, why) in [
        (
            "http://169.254.169.254/latest/meta-data",
            "public addresses",
        ),
        ("http://127.0.0.1:9/hook", "public addresses"),
        ("not a url", "absolute http:// or https:// URL"),
        (
            "ftp://files.example/hook",
            "absolute http:// or https:// URL",
        ),
        ("javascript:alert(1)", "absolute http:// or https:// URL"),
    ] {
        let out = paychat(dir, &["webhook", "set", "--seller", id, "--url", url]);
        refused_with(&out, why);
    }
}

/// Sellers and keys from the CLI: a name with control characters is refused, a key is
/// printed alone on stdout, and revoking it twice says it was revoked already.
#[test]
fn operators_manage_sellers_and_keys_with_clear_answers() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let bad = paychat(
        dir,
        &[
            "seller",
            "add",
            "--name",
            "Shop\u{1b}[31mRED",
            "--currency",
            "THB",
        ],
    );
    refused_with(&bad, "control characters");
    let seller = add_seller(dir, "Ann", "THB");
    let id = seller["id"].as_str().unwrap();
    let created = paychat(dir, &["apikey", "create", "--seller", id]);
    assert!(created.status.success());
    let stdout = String::from_utf8_lossy(&created.stdout);
    assert_eq!(stdout.lines().count(), 1, "the key alone: {stdout}");
    assert!(stdout.starts_with("pck_"), "{stdout}");
    let stderr = String::from_utf8_lossy(&created.stderr);
    let key_id = stderr
        .split_whitespace()
        .find(|w| w.starts_with("key_"))
        .expect("the key id on stderr")
        .trim_end_matches(';')
        .to_owned();
    assert!(
        paychat(dir, &["apikey", "revoke", &key_id])
            .status
            .success()
    );
    refused_with(
        &paychat(dir, &["apikey", "revoke", &key_id]),
        "revoked already",
    );
    refused_with(
        &paychat(dir, &["seller", "invite", "--bot", "bad bot!"]),
        "not a Telegram bot username",
    );
    for limit in ["0", "1001"] {
        let out = paychat(dir, &["links", "list", "--limit", limit]);
        assert!(!out.status.success(), "--limit {limit}");
    }
}

/// A password in a database URL's query (`?sslpassword=`) is printed by nobody: not
/// paychat's error, not the database library's warning about the parameter.
#[test]
fn a_database_password_in_the_query_is_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_paychat"))
        .arg("migrate")
        .current_dir(dir.path())
        .env(
            "PAYCHAT_DATABASE__URL",
            "postgres://u:pw17secret@127.0.0.1:9/x?sslpassword=pw17secret&PASSWORD=pw17secret",
        )
        .env("PAYCHAT_LOG__LEVEL", "trace")
        .output()
        .expect("paychat runs");
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("cannot reach Postgres"), "{all}");
    assert!(!all.contains("pw17secret"), "{all}");
}

/// A database URL that cannot work is answered with its one reason: a bad parameter
/// named once, a missing database by the server's own words (no library prefixes, no
/// source line of the server's code).
#[test]
fn a_bad_database_url_says_why_once() {
    let dir = tempfile::tempdir().unwrap();
    let migrate = |url: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_paychat"))
            .arg("migrate")
            .current_dir(dir.path())
            .env("PAYCHAT_DATABASE__URL", url)
            .env("PAYCHAT_LOG__LEVEL", "error")
            .output()
            .expect("paychat runs");
        assert!(!out.status.success(), "{url}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let said = migrate("postgres://u@127.0.0.1:9/x?sslmode=bogus");
    assert!(said.contains("is not a Postgres URL"), "{said}");
    assert_eq!(said.matches("bogus\" for").count(), 1, "{said}");
    assert!(!said.contains("error with configuration"), "{said}");

    let Some(crate::helpers::Backend::Postgres(server)) = crate::helpers::Backend::postgres()
    else {
        return;
    };
    let base = server.split('?').next().unwrap_or(&server);
    let base = base.rsplit_once('/').map_or(base, |(server, _)| server);
    let said = migrate(&format!("{base}/paychat_no_such_database"));
    assert!(
        said.contains("cannot reach Postgres at")
            && said.contains("database \"paychat_no_such_database\" does not exist"),
        "{said}"
    );
    assert!(!said.contains(" at line "), "{said}");
    assert!(!said.contains("error returned from database"), "{said}");
}
