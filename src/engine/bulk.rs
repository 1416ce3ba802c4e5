//! Bulk uploads: many links from one CSV, shared by `POST /api/v1/links/bulk` and a CSV
//! document a seller sends in chat. Both read the file here, refuse rows by the same
//! rules, and create the rows through the same runner; only how the answer is shown
//! differs (JSON per row, or a progress message, a result CSV and a refusal list).
//!
//! Each row becomes the JSON body of a single create ([`super::link_body`]), so a row is
//! read and refused exactly like `POST /api/v1/links`. A refused row does not stop the
//! others. With a key, row `n` is created once under `<key>:row:<n>`: a retried upload
//! (the same request, the same chat file) makes no link twice.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::link_body::{CreateLinkBody, FieldError, link_input, read_json};
use super::links::{Created, Idempotency, Origin};
use super::{Engine, EngineError, LinkRow, SellerRow};

/// Rows created at the same time: enough to fill a group commit, few enough to leave the
/// pool to other requests.
pub const IN_FLIGHT: usize = 8;

/// The CSV columns, each the create field of the same name (`customer_*` fill
/// `customer_details`). Integers are read from their text.
pub const COLUMNS: [&str; 15] = [
    "amount",
    "amount_minor",
    "currency",
    "description",
    "expiry_date",
    "custom_link_ref",
    "merchant_order_id",
    "usage_limit",
    "customer_name",
    "customer_email",
    "customer_phone",
    "pay_via",
    "success_url",
    "failure_url",
    "pending_url",
];

/// Why a whole upload was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the CSV is not UTF-8 text; save it as \"CSV UTF-8\"")]
    NotUtf8,
    #[error("the CSV cannot be read: {0}")]
    Unreadable(String),
    #[error("unknown column {0:?}; the columns are {cols}", cols = COLUMNS.join(", "))]
    UnknownColumn(String),
    #[error("the column {0:?} is given twice; keep one")]
    RepeatedColumn(String),
    #[error("the upload holds no rows")]
    NoRows,
    #[error("{rows} rows; at most {max} per request: split the upload")]
    TooManyRows { rows: usize, max: usize },
}

/// Why one row made no link.
#[derive(Debug)]
pub enum RowRefusal {
    /// A cell or field is missing or wrong.
    Invalid(FieldError),
    /// An earlier row of the same upload carries this reference: rows are created side
    /// by side, and the earlier row must win.
    RepeatedReference { field: &'static str, value: String },
    /// The create itself refused (a reference another link uses, the provider…).
    Create(EngineError),
}

/// A row as create would receive it: its JSON text (also its idempotency fingerprint).
pub type RowText = Result<String, RowRefusal>;

/// How the rows of one upload are created.
#[derive(Debug, Clone, Default)]
pub struct RowPlan {
    /// Row `n` is created once under `<key>:row:<n>`.
    pub key: Option<String>,
    /// Where each link's status messages go (the chat the file came from).
    pub origin: Option<Origin>,
}

/// One row's outcome; `row` is 1 for the first data row (the header is not counted).
#[derive(Debug)]
pub struct RowOutcome {
    pub row: usize,
    pub made: Result<(LinkRow, Created), RowRefusal>,
}

/// CSV with a header row naming [`COLUMNS`]: `,` or `;` separated (whichever the header
/// uses), quoted fields, a UTF-8 byte-order mark and CRLF lines as spreadsheets write
/// them. An unknown column refuses the upload; a bad cell refuses its row. A row without
/// a currency takes `default_currency` when one is given (chat: the seller's).
///
/// # Errors
/// Text that is not UTF-8 or not CSV, or an unknown column.
pub fn csv_rows(body: &[u8], default_currency: Option<&str>) -> Result<Vec<RowText>, UploadError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|_| UploadError::NotUtf8)?;
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| UploadError::Unreadable(e.to_string()))?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect();
    if let Some(unknown) = names.iter().find(|n| !COLUMNS.contains(&n.as_str())) {
        return Err(UploadError::UnknownColumn(unknown.clone()));
    }
    // Which of two cells would count is a guess: refused, like a field given twice.
    if let Some((_, twice)) = names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
    {
        return Err(UploadError::RepeatedColumn(twice.clone()));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| UploadError::Unreadable(e.to_string()))?;
        // A quote opened and never closed swallows the rows after it into one cell. No
        // field of a link takes a line break, so a cell holding one is that mistake.
        if record.iter().any(|cell| cell.contains(['\n', '\r'])) {
            return Err(UploadError::Unreadable(
                "a cell runs over several lines: a quote is opened and never closed".into(),
            ));
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows.push(if record.len() > names.len() {
            Err(RowRefusal::Invalid(FieldError::body(
                "invalid_csv",
                format!(
                    "{} cells for {} columns (a separator inside a value needs quotes)",
                    record.len(),
                    names.len()
                ),
            )))
        } else {
            csv_row(&names, &record, default_currency)
        });
    }
    Ok(rows)
}

/// The rows of an upload that may run: at least one, at most `max`, each reference
/// used by its first row only.
///
/// # Errors
/// No rows, or more than `max`.
pub fn checked(rows: Vec<RowText>, max: usize) -> Result<Vec<RowText>, UploadError> {
    if rows.is_empty() {
        return Err(UploadError::NoRows);
    }
    if rows.len() > max {
        return Err(UploadError::TooManyRows {
            rows: rows.len(),
            max,
        });
    }
    Ok(first_use_of_references(rows))
}

/// Creates every readable row for `seller`, [`IN_FLIGHT`] at a time, answering in row
/// order. `done` counts the rows finished so far, for a progress display.
pub async fn create_rows(
    engine: &Arc<Engine>,
    seller: &Arc<SellerRow>,
    rows: Vec<RowText>,
    plan: &RowPlan,
    done: Option<&watch::Sender<usize>>,
) -> Vec<RowOutcome> {
    let mut results: Vec<Option<RowOutcome>> = (0..rows.len()).map(|_| None).collect();
    let mut tasks = JoinSet::new();
    let mut rows = rows.into_iter().enumerate();
    let mut finished = 0;
    loop {
        while tasks.len() < IN_FLIGHT {
            let Some((i, row)) = rows.next() else { break };
            let (engine, seller, plan) = (engine.clone(), seller.clone(), plan.clone());
            tasks.spawn(async move {
                let made = create_row(&engine, &seller, i + 1, row, &plan).await;
                (i, made)
            });
        }
        match tasks.join_next().await {
            Some(Ok((i, made))) => results[i] = Some(RowOutcome { row: i + 1, made }),
            // A row's task cannot panic short of a bug; its row is reported below.
            Some(Err(e)) => tracing::error!(error = %e, "a bulk row's task failed"),
            None => break,
        }
        finished += 1;
        if let Some(done) = done {
            done.send_replace(finished);
        }
    }
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| RowOutcome {
                row: i + 1,
                made: Err(RowRefusal::Create(EngineError::Invalid {
                    field: None,
                    code: "internal_error",
                    message: "this row could not be processed; send it again".into(),
                })),
            })
        })
        .collect()
}

async fn create_row(
    engine: &Engine,
    seller: &SellerRow,
    n: usize,
    row: RowText,
    plan: &RowPlan,
) -> Result<(LinkRow, Created), RowRefusal> {
    let text = row?;
    let idempotency = plan
        .key
        .as_ref()
        .map(|k| Idempotency::new(&format!("{k}:row:{n}"), text.as_bytes()))
        .transpose()
        .map_err(RowRefusal::Create)?;
    let body: CreateLinkBody = read_json(text.as_bytes()).map_err(RowRefusal::Invalid)?;
    let mut input = link_input(body).map_err(RowRefusal::Invalid)?;
    input.origin.clone_from(&plan.origin);
    input.no_seller_reminder = true;
    engine
        .create_link(seller, input, idempotency)
        .await
        .map_err(RowRefusal::Create)
}

/// Refuses a row whose `custom_link_ref` or `merchant_order_id` an earlier row of the
/// same upload carries.
fn first_use_of_references(rows: Vec<RowText>) -> Vec<RowText> {
    let mut seen: HashSet<(&'static str, String)> = HashSet::new();
    rows.into_iter()
        .map(|row| {
            let text = row?;
            // Unreadable JSON is refused by the row's own create, with its position.
            if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(&text) {
                for field in ["custom_link_ref", "merchant_order_id"] {
                    let Some(v) = o.get(field).and_then(Value::as_str).map(str::trim) else {
                        continue;
                    };
                    if !v.is_empty() && !seen.insert((field, v.to_owned())) {
                        return Err(RowRefusal::RepeatedReference {
                            field,
                            value: v.to_owned(),
                        });
                    }
                }
            }
            Ok(text)
        })
        .collect()
}

/// An amount typed in a spreadsheet in the shape of a thousands group (`1.250`, one to
/// three digits, a point, three digits) in a currency with fewer than three decimals is
/// refused: it is ฿1,250 to whoever groups thousands with a point and ฿1.25 to whoever
/// does not. (`50000.00` reads one way, and is taken.)
fn check_typed_decimals(object: &Map<String, Value>) -> Result<(), RowRefusal> {
    let (Some(Value::String(amount)), Some(Value::String(code))) =
        (object.get("amount"), object.get("currency"))
    else {
        return Ok(());
    };
    let Ok(currency) = crate::domain::Currency::from_code(code) else {
        return Ok(());
    };
    let grouped = amount.split_once('.').is_some_and(|(int, frac)| {
        frac.len() == 3
            && (1..=3).contains(&int.len())
            && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    });
    if grouped && currency.exponent() < 3 {
        return Err(RowRefusal::Invalid(FieldError::new(
            "amount_ambiguous",
            "amount",
            format!(
                "{amount:?} could be a thousands group or {code} with three decimals: \
                 write it without thousands separators ({} or {})",
                amount.replace('.', ""),
                amount.trim_end_matches('0')
            ),
        )));
    }
    Ok(())
}

/// One CSV record as the JSON body of a create; empty cells are absent fields.
fn csv_row(
    names: &[String],
    record: &csv::StringRecord,
    default_currency: Option<&str>,
) -> RowText {
    let mut object = Map::new();
    let mut customer = Map::new();
    for (name, cell) in names.iter().zip(record.iter()) {
        if cell.is_empty() {
            continue;
        }
        let value = match name.as_str() {
            "amount_minor" | "usage_limit" => {
                if name == "usage_limit" && cell.eq_ignore_ascii_case("none") {
                    Value::Null
                } else {
                    Value::from(cell.parse::<i64>().map_err(|_| {
                        RowRefusal::Invalid(FieldError::new(
                            "invalid_field",
                            name.clone(),
                            format!("{name} must be a whole number, not {cell:?}"),
                        ))
                    })?)
                }
            }
            _ => Value::from(cell),
        };
        match name.strip_prefix("customer_") {
            Some("email") => customer.insert("email_address".into(), value),
            Some("phone") => customer.insert("phone_number".into(), value),
            Some(other) => customer.insert(other.into(), value),
            None => object.insert(name.clone(), value),
        };
    }
    if !customer.is_empty() {
        object.insert("customer_details".into(), Value::Object(customer));
    }
    if let Some(code) = default_currency
        && !object.contains_key("currency")
    {
        object.insert("currency".into(), Value::from(code));
    }
    check_typed_decimals(&object)?;
    serde_json::to_string(&object)
        .map_err(|e| RowRefusal::Invalid(FieldError::body("invalid_csv", e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(csv: &str, default: Option<&str>) -> Vec<String> {
        csv_rows(csv.as_bytes(), default)
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| format!("refused: {e:?}")))
            .collect()
    }

    #[test]
    fn a_repeated_column_or_an_open_quote_refuses_the_upload() {
        for (csv, column) in [
            ("amount,amount,currency\n5,6,THB\n", "amount"),
            ("amount,currency,Currency\n5,THB,JPY\n", "currency"),
        ] {
            assert_eq!(
                csv_rows(csv.as_bytes(), None).err(),
                Some(UploadError::RepeatedColumn(column.into())),
                "{csv}"
            );
        }
        let open = csv_rows(b"amount,currency\n\"unterminated,THB\n5,THB\n", None);
        assert!(matches!(open, Err(UploadError::Unreadable(_))), "{open:?}");
        // Two stray quotes rows apart: still one cell over several lines.
        let two = csv_rows(
            b"amount,description,currency\n250,\"Cake,THB\n100,12\" pizza,THB\n",
            None,
        );
        assert!(matches!(two, Err(UploadError::Unreadable(_))), "{two:?}");
        // A quote inside an unquoted cell is a character of it.
        assert_eq!(
            texts("amount,description,currency\n250,27\" monitor,THB\n", None),
            [r#"{"amount":"250","currency":"THB","description":"27\" monitor"}"#]
        );
        // A quote escaped by doubling is no open quote.
        assert_eq!(
            texts("amount,description\n5,\"a \"\"b\"\" c\"\n", Some("THB")).len(),
            1
        );
    }

    #[test]
    fn an_amount_shaped_like_a_thousands_group_is_refused_below_three_decimals() {
        let rows = texts(
            "amount,currency\n1.250,THB\n12.000,VND\n1.250,KWD\n50000.00,VND\n1.25,THB\n",
            None,
        );
        assert!(rows[0].starts_with("refused"), "{rows:?}");
        assert!(rows[0].contains("amount_ambiguous"), "{rows:?}");
        assert!(rows[1].starts_with("refused"), "{rows:?}");
        assert_eq!(rows[2], r#"{"amount":"1.250","currency":"KWD"}"#);
        assert_eq!(rows[3], r#"{"amount":"50000.00","currency":"VND"}"#);
        assert_eq!(rows[4], r#"{"amount":"1.25","currency":"THB"}"#);
    }

    #[test]
    fn a_spreadsheet_export_is_read_like_a_plain_csv() {
        let plain = texts("amount,description\n250,\"Cake, large\"\n", None);
        let excel = texts(
            "\u{feff}Amount;Description\r\n250;\"Cake, large\"\r\n",
            None,
        );
        assert_eq!(plain, excel);
        assert_eq!(plain, [r#"{"amount":"250","description":"Cake, large"}"#]);
    }

    #[test]
    fn the_default_currency_fills_only_empty_currency_cells() {
        let rows = texts("amount,currency\n1,\n2,USD\n", Some("THB"));
        assert_eq!(
            rows,
            [
                r#"{"amount":"1","currency":"THB"}"#,
                r#"{"amount":"2","currency":"USD"}"#
            ]
        );
    }

    #[test]
    fn whole_uploads_are_refused_for_what_no_row_can_fix() {
        assert_eq!(
            csv_rows(b"amount,colour\n1,red\n", None).err(),
            Some(UploadError::UnknownColumn("colour".into()))
        );
        assert_eq!(
            csv_rows(b"amount\n\xff\n", None).err(),
            Some(UploadError::NotUtf8)
        );
        assert!(matches!(checked(Vec::new(), 3), Err(UploadError::NoRows)));
        let four = (0..4)
            .map(|i| Ok(format!("{{\"amount\":\"{i}\"}}")))
            .collect();
        assert!(matches!(
            checked(four, 3),
            Err(UploadError::TooManyRows { rows: 4, max: 3 })
        ));
    }

    #[test]
    fn a_reference_belongs_to_its_first_row() {
        let rows = csv_rows(b"amount,custom_link_ref\n1,A\n2,A\n3,B\n", None).unwrap_or_default();
        let rows = checked(rows, 10).unwrap_or_default();
        assert!(rows[0].is_ok() && rows[2].is_ok());
        assert!(matches!(
            &rows[1],
            Err(RowRefusal::RepeatedReference { field: "custom_link_ref", value }) if value == "A"
        ));
    }
}
