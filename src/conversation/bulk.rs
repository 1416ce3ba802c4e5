//! Bulk links from chat: a CSV document sent to the bot becomes one link per row, read
//! and refused by the same rules as `POST /api/v1/links/bulk` ([`crate::engine::bulk`]),
//! and `/bulk`, which explains the file and sends a template.
//!
//! The door downloads the file (when [`Conversation::upload_fits`] says it may) and
//! shows progress its own way through [`Progress`]: Telegram edits one message in
//! place, WhatsApp sends a message at the start and the summary at the end. The answer
//! is the same everywhere: a summary, a CSV of the links made, and the refused rows
//! with their row number, column and reason in the seller's language.

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::watch;

use super::format::csv_escape;
use super::{Attachment, Conversation, Ctx, Failure, Incoming, Reply};
use crate::engine::EngineError;
use crate::engine::bulk::{
    RowOutcome, RowPlan, RowRefusal, UploadError, checked, create_rows, csv_rows,
};
use crate::engine::links::{Created, Origin};

/// A document a seller sent, as the door describes it before downloading it.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The app's stable id of the file's content (Telegram `file_unique_id`, WhatsApp
    /// media id): the same file sent again makes no link twice.
    pub file_key: String,
    pub name: Option<String>,
    pub mime: Option<String>,
    /// The size the app announced, when it did.
    pub size: Option<u64>,
}

/// Where a door shows how far an upload is.
#[async_trait]
pub trait Progress: Send + Sync {
    /// Shows `text`. Calls come as rows finish (a door shows as many as it likes);
    /// `last` marks the summary, which every door shows.
    async fn show(&self, text: &str, last: bool);
}

/// Refused rows listed in the chat; the rest are counted.
const LISTED_REFUSALS: usize = 30;

/// The template `/bulk` sends: the header and two example rows.
const TEMPLATE: &str = "amount,currency,description,custom_link_ref,usage_limit,customer_name,customer_email\r\n\
                        250.00,,Chocolate cake,INV-001,,Nok,nok@example.com\r\n\
                        1500,,Guitar lesson (4 weeks),INV-002,none,,\r\n";

impl Conversation {
    /// Whether a door should download `upload` for a bulk upload: a CSV (by name or
    /// type) no larger than `links.bulk_max_file_bytes`. Anything else is answered by
    /// [`Conversation::bulk_upload`] without the bytes.
    #[must_use]
    pub fn upload_fits(&self, upload: &Upload) -> bool {
        is_csv(upload)
            && upload
                .size
                .is_none_or(|s| s <= self.engine.bulk_max_file_bytes())
    }

    /// Creates a link per row of a CSV the seller sent (`bytes`: the file, or `None`
    /// when it was not or could not be downloaded), showing progress on `progress`, and
    /// answers with the links made and the rows refused.
    #[tracing::instrument(name = "bulk_upload", skip_all, fields(channel = %msg.user.channel))]
    pub async fn bulk_upload(
        &self,
        msg: &Incoming,
        upload: &Upload,
        bytes: Option<Vec<u8>>,
        progress: &dyn Progress,
    ) -> Vec<Reply> {
        let guess = super::language_guess(msg.user.language.as_deref());
        let (ctx, mut replies) = match self.seller_for(msg).await {
            Ok(Some(found)) => found,
            Ok(None) => return vec![self.not_registered(msg, guess)],
            Err(Failure::Engine(e, lang)) => {
                return vec![self.engine_error(&e, lang.unwrap_or(guess))];
            }
            Err(Failure::Command(e, lang)) => return vec![self.command_error_reply(&e, lang)],
            Err(Failure::Text(t)) => return vec![Reply::text(t)],
        };
        replies.extend(self.bulk_rows(msg, &ctx, upload, bytes, progress).await);
        replies
    }

    /// `/bulk`: how to send a CSV, with a template to fill in.
    pub(super) fn bulk_help(&self, c: &Ctx) -> Reply {
        let rows = self.engine.bulk_max_rows().to_string();
        let size = size_text(self.engine.bulk_max_file_bytes());
        Reply {
            attachment: Some(Attachment::Document {
                filename: "paychat-bulk-template.csv".into(),
                mime: "text/csv",
                bytes: TEMPLATE.as_bytes().to_vec(),
                caption: self.t(c.lang, "bulk-template-caption", &[]),
            }),
            ..Reply::text(self.t(
                c.lang,
                "bulk-intro",
                &[
                    ("rows", &rows),
                    ("size", &size),
                    ("currency", &c.seller.currency),
                ],
            ))
            .titled(self.t(c.lang, "bulk-title", &[]))
        }
    }

    async fn bulk_rows(
        &self,
        msg: &Incoming,
        c: &Ctx,
        upload: &Upload,
        bytes: Option<Vec<u8>>,
        progress: &dyn Progress,
    ) -> Vec<Reply> {
        let lang = c.lang;
        let say = |key: &str, args: &[(&str, &str)]| vec![Reply::text(self.t(lang, key, args))];
        let max_bytes = self.engine.bulk_max_file_bytes();
        if !is_csv(upload) {
            return say("bulk-not-csv", &[]);
        }
        let too_large = || say("bulk-too-large", &[("size", &size_text(max_bytes))]);
        if upload.size.is_some_and(|s| s > max_bytes) {
            return too_large();
        }
        let Some(bytes) = bytes else {
            return say("bulk-download-failed", &[]);
        };
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
            return too_large();
        }
        let rows = match csv_rows(&bytes, Some(&c.seller.currency))
            .and_then(|rows| checked(rows, self.engine.bulk_max_rows()))
        {
            Ok(rows) => rows,
            Err(e) => return vec![self.upload_refused(&e, lang)],
        };
        let total = rows.len();
        let plan = RowPlan {
            key: Some(format!("bulk:{}:{}", msg.user.channel, upload.file_key)),
            origin: Some(Origin {
                channel: msg.user.channel.clone(),
                chat: msg.chat.clone(),
                message: None,
            }),
        };
        let (done, mut seen) = watch::channel(0usize);
        progress
            .show(&self.progress_text(lang, 0, total), false)
            .await;
        let seller = Arc::new(c.seller.clone());
        let run = async {
            let outcomes = create_rows(&self.engine, &seller, rows, &plan, Some(&done)).await;
            drop(done);
            outcomes
        };
        let watch_progress = async {
            while seen.changed().await.is_ok() {
                let n = *seen.borrow_and_update();
                if n < total {
                    progress
                        .show(&self.progress_text(lang, n, total), false)
                        .await;
                }
            }
        };
        let (outcomes, ()) = tokio::join!(run, watch_progress);
        let summary = self.summary(lang, &outcomes);
        progress.show(&summary, true).await;
        let mut replies = Vec::new();
        if outcomes.iter().any(|o| o.made.is_ok()) {
            replies.push(self.result_file(c, &outcomes));
        }
        if let Some(refusals) = self.refusals(lang, &outcomes) {
            replies.push(refusals);
        }
        replies
    }

    fn progress_text(&self, lang: &str, done: usize, total: usize) -> String {
        self.t(
            lang,
            "bulk-progress",
            &[("done", &done.to_string()), ("total", &total.to_string())],
        )
    }

    fn summary(&self, lang: &str, outcomes: &[RowOutcome]) -> String {
        let new = outcomes
            .iter()
            .filter(|o| matches!(o.made, Ok((_, Created::New))))
            .count();
        let replayed = outcomes
            .iter()
            .filter(|o| matches!(o.made, Ok((_, Created::Replayed))))
            .count();
        let refused = outcomes.len() - new - replayed;
        let mut text = self.t(
            lang,
            "bulk-summary",
            &[
                ("rows", &outcomes.len().to_string()),
                ("created", &new.to_string()),
                ("refused", &refused.to_string()),
            ],
        );
        if replayed > 0 {
            text.push('\n');
            text.push_str(&self.t(lang, "bulk-replayed", &[("count", &replayed.to_string())]));
        }
        text
    }

    /// The links made (or made by an earlier send of the same file), as CSV.
    fn result_file(&self, c: &Ctx, outcomes: &[RowOutcome]) -> Reply {
        let public = self.engine.public_url();
        let mut csv = String::from("row,link_id,url,amount,currency,description,reference\r\n");
        for o in outcomes {
            let Ok((link, _)) = &o.made else { continue };
            let cells = [
                o.row.to_string(),
                link.id.to_string(),
                format!("{public}/p/{}", link.slug),
                link.amount.to_decimal_string(),
                link.amount.currency().code().to_owned(),
                link.description.clone(),
                link.custom_ref.clone().unwrap_or_default(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_escape(c)).collect();
            csv.push_str(&line.join(","));
            csv.push_str("\r\n");
        }
        let made = outcomes.iter().filter(|o| o.made.is_ok()).count();
        Reply {
            attachment: Some(Attachment::Document {
                filename: format!(
                    "paychat-bulk-{}.csv",
                    self.zone(&c.seller).date(self.engine.now_ms())
                ),
                mime: "text/csv",
                bytes: csv.into_bytes(),
                caption: self.t(
                    c.lang,
                    "bulk-result-caption",
                    &[("count", &made.to_string())],
                ),
            }),
            ..Reply::default()
        }
    }

    /// The refused rows: number, column and reason, the first [`LISTED_REFUSALS`] of
    /// them; `None` when every row made a link.
    fn refusals(&self, lang: &str, outcomes: &[RowOutcome]) -> Option<Reply> {
        let refused: Vec<(usize, &RowRefusal)> = outcomes
            .iter()
            .filter_map(|o| o.made.as_ref().err().map(|r| (o.row, r)))
            .collect();
        if refused.is_empty() {
            return None;
        }
        let mut lines: Vec<String> = refused
            .iter()
            .take(LISTED_REFUSALS)
            .map(|(row, refusal)| {
                let (field, why) = reason(refusal);
                let reason = self.t(lang, &format!("bulk-why-{why}"), &[]);
                match field {
                    Some(field) => self.t(
                        lang,
                        "bulk-refused-line",
                        &[
                            ("row", &row.to_string()),
                            ("column", &field),
                            ("reason", &reason),
                        ],
                    ),
                    None => self.t(
                        lang,
                        "bulk-refused-row",
                        &[("row", &row.to_string()), ("reason", &reason)],
                    ),
                }
            })
            .collect();
        if refused.len() > LISTED_REFUSALS {
            let more = (refused.len() - LISTED_REFUSALS).to_string();
            lines.push(self.t(lang, "bulk-refused-more", &[("count", &more)]));
        }
        Some(Reply::text(lines.join("\n")).titled(self.t(
            lang,
            "bulk-refused-title",
            &[("count", &refused.len().to_string())],
        )))
    }

    fn upload_refused(&self, e: &UploadError, lang: &str) -> Reply {
        let text = match e {
            UploadError::NotUtf8 => self.t(lang, "bulk-not-utf8", &[]),
            UploadError::Unreadable(_) => self.t(lang, "bulk-unreadable", &[]),
            UploadError::UnknownColumn(column) => self.t(
                lang,
                "bulk-unknown-column",
                &[
                    ("column", &super::shown(&super::clip(column, 40))),
                    ("columns", &crate::engine::bulk::COLUMNS.join(", ")),
                ],
            ),
            UploadError::RepeatedColumn(column) => self.t(
                lang,
                "bulk-repeated-column",
                &[("column", &super::shown(&super::clip(column, 40)))],
            ),
            UploadError::NoRows => self.t(lang, "bulk-no-rows", &[]),
            UploadError::TooManyRows { rows, max } => self.t(
                lang,
                "bulk-too-many-rows",
                &[("rows", &rows.to_string()), ("max", &max.to_string())],
            ),
        };
        Reply::text(text)
    }
}

/// The column a refusal is about, and the suffix of its `bulk-why-` message.
fn reason(refusal: &RowRefusal) -> (Option<String>, &'static str) {
    let by_code = |code: &str| match code {
        "amount_not_positive" => "amount-not-positive",
        "amount_too_precise" => "amount-too-precise",
        c if c.starts_with("amount_") => "amount",
        "currency_unknown" => "currency",
        "missing_field" => "missing",
        "too_long" => "too-long",
        "time_invalid" => "time",
        "invalid_csv" => "cells",
        "invalid_field" | "invalid_characters" | "invalid_json" => "invalid",
        _ => "invalid",
    };
    match refusal {
        RowRefusal::Invalid(f) => (f.field.clone(), by_code(f.code)),
        RowRefusal::RepeatedReference { field, .. } => (Some((*field).to_owned()), "repeated"),
        RowRefusal::Create(e) => match e {
            EngineError::Invalid { field, code, .. } => (field.map(str::to_owned), by_code(code)),
            EngineError::Duplicate { field } => (Some((*field).to_owned()), "taken"),
            EngineError::IdempotencyMismatch => (None, "changed"),
            EngineError::Provider(_) => (None, "provider"),
            _ => (None, "other"),
        },
    }
}

/// Whether a document is a CSV, by its type or its name (phones often send CSV as
/// `text/plain` or `application/octet-stream`).
fn is_csv(upload: &Upload) -> bool {
    let by_name = upload
        .name
        .as_deref()
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"));
    let by_type = upload.mime.as_deref().is_some_and(|m| {
        let m = m.to_ascii_lowercase();
        m.starts_with("text/csv")
            || m.starts_with("application/csv")
            || m.starts_with("text/comma-separated-values")
    });
    by_name || by_type
}

/// A size for people: `2 MB`, `1.5 MB`, `512 KB`.
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1_048_576;
    if bytes < MB {
        return format!("{} KB", bytes / 1024);
    }
    let tenths = bytes.saturating_mul(10) / MB;
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: Option<&str>, mime: Option<&str>) -> Upload {
        Upload {
            file_key: "k".into(),
            name: name.map(str::to_owned),
            mime: mime.map(str::to_owned),
            size: None,
        }
    }

    #[test]
    fn a_csv_is_known_by_its_name_or_its_type() {
        assert!(is_csv(&upload(
            Some("Links.CSV"),
            Some("application/octet-stream")
        )));
        assert!(is_csv(&upload(None, Some("text/csv; charset=utf-8"))));
        assert!(!is_csv(&upload(Some("links.pdf"), Some("application/pdf"))));
        assert!(!is_csv(&upload(None, None)));
    }

    #[test]
    fn sizes_are_said_in_kilobytes_or_megabytes() {
        assert_eq!(size_text(2_097_152), "2 MB");
        assert_eq!(size_text(1_572_864), "1.5 MB");
        assert_eq!(size_text(524_288), "512 KB");
    }

    #[test]
    fn the_template_is_an_upload_every_row_of_which_reads() {
        let rows = csv_rows(TEMPLATE.as_bytes(), Some("THB")).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(Result::is_ok), "{rows:?}");
    }
}
