//! Links in bulk from chat: a CSV document sent to the bot (Telegram, WhatsApp) is read
//! with the API's bulk rules; progress, a result CSV and the refused rows come back in
//! the seller's language. `/bulk` sends a template.

use crate::fake_telegram::{Call, FakeTelegram};
use crate::fake_whatsapp as fw;
use crate::helpers::Backend;
use crate::on_both;
use crate::telegram::{SELLER, ask_n, links_of, register, seller_of, spawn_bot, wait_text};
use crate::whatsapp::{NUMBER, deliver, say, spawn_wa, wait_text as wait_wa};

/// Sends `csv` as a document from `SELLER` and waits for a message (or edit) holding
/// `needle` among the answers; returns every message and edit sent to the chat since.
async fn upload(
    fake: &FakeTelegram,
    csv: &[u8],
    name: &str,
    unique: &str,
    needle: &str,
) -> Vec<Call> {
    let before = fake.sent_to_chat(SELLER).len();
    fake.document_update(SELLER, SELLER, csv.to_vec(), name, "text/csv", unique);
    crate::helpers::eventually(&format!("{needle:?} in an answer"), || async {
        let calls = fake.sent_to_chat(SELLER)[before..].to_vec();
        calls
            .iter()
            .any(|c| c.text().contains(needle))
            .then_some(calls)
    })
    .await
}

/// The lines of the result CSV among `calls`.
fn result_csv(calls: &[Call]) -> Vec<String> {
    let doc = calls
        .iter()
        .find(|c| c.method == "senddocument")
        .expect("a result document");
    let (field, name, bytes) = &doc.files[0];
    assert_eq!(field, "document");
    assert!(
        name.starts_with("paychat-bulk-") && name.ends_with(".csv"),
        "{name}"
    );
    String::from_utf8(bytes.clone())
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn good_and_bad_rows_make_links_a_result_file_and_a_refusal_list(backend: Backend) {
    // Arrange
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let seller = seller_of(&app, SELLER).await;
    let currency = app
        .engine
        .chat_seller("telegram", &SELLER.to_string())
        .await
        .unwrap()
        .expect("seller")
        .currency;
    let csv = "amount,currency,description,custom_link_ref\n\
               250,THB,Cake,INV-1\n\
               abc,THB,Bad amount,\n\
               12,,Default currency,\n\
               5,XYZ,Bad currency,\n\
               40,THB,Same ref,INV-1\n";
    // Act
    let calls = upload(
        &fake,
        csv.as_bytes(),
        "links.csv",
        "file-1",
        "Rows not used",
    )
    .await;
    // Assert: one progress message, edited in place into the summary.
    assert_eq!(calls[0].method, "sendmessage");
    assert_eq!(calls[0].text(), "Creating links… rows done: 0 of 5.");
    let progress_id = calls[0].result_message_id().expect("id");
    let edits: Vec<&Call> = calls
        .iter()
        .filter(|c| c.method == "editmessagetext")
        .collect();
    assert!(!edits.is_empty(), "{calls:?}");
    assert!(
        edits
            .iter()
            .all(|e| e.result_message_id() == Some(progress_id))
    );
    assert_eq!(
        edits.last().unwrap().text(),
        "Done. Rows: 5, new links: 2, refused: 3."
    );
    // The result file: the two links made, by row.
    let lines = result_csv(&calls);
    assert_eq!(
        lines[0],
        "row,link_id,url,amount,currency,description,reference"
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[0], "1");
    assert!(
        first[2].starts_with(&format!("{}/p/", app.addr)),
        "{first:?}"
    );
    assert_eq!(&first[3..], ["250.00", "THB", "Cake", "INV-1"]);
    let third: Vec<&str> = lines[2].split(',').collect();
    assert_eq!((third[0], third[4]), ("3", currency.as_str()), "{third:?}");
    // The refused rows: number, column, reason.
    let refusals = calls.last().unwrap().text();
    assert!(refusals.contains("Rows not used (3)"), "{refusals}");
    assert!(
        refusals.contains("Row 2, amount: not an amount I can use"),
        "{refusals}"
    );
    assert!(
        refusals.contains("Row 4, currency: not a currency code I know"),
        "{refusals}"
    );
    assert!(
        refusals.contains(
            "Row 5, custom_link_ref: an earlier row of this file already uses this reference"
        ),
        "{refusals}"
    );
    // The links are the seller's, and report to this chat.
    let links = links_of(&app, &seller).await;
    assert_eq!(links.len(), 2);
    for link in &links {
        assert_eq!(link.origin_channel.as_deref(), Some("telegram"));
        assert_eq!(
            link.origin_chat.as_deref(),
            Some(SELLER.to_string().as_str())
        );
        assert!(
            lines.iter().any(|l| l.contains(link.id.as_str())),
            "{lines:?}"
        );
    }
}
on_both!(good_and_bad_rows_make_links_a_result_file_and_a_refusal_list);

/// A spreadsheet's export: a byte-order mark, `;` separators, quoted cells with `;` and
/// `"` inside, CRLF lines.
async fn a_spreadsheet_export_is_read_like_the_api_reads_it(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let csv = "\u{feff}Amount;Currency;Description;custom_link_ref\r\n\
               250.50;THB;\"Cake; \"\"chocolate\"\"\";R-1\r\n\
               ;;;\r\n\
               99;THB;Plain;R-2\r\n";
    let calls = upload(
        &fake,
        csv.as_bytes(),
        "Export.CSV",
        "file-x",
        "Your links (2)",
    )
    .await;
    let summary = calls
        .iter()
        .rev()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert_eq!(summary.text(), "Done. Rows: 2, new links: 2, refused: 0.");
    let lines = result_csv(&calls);
    assert_eq!(lines[1].split(',').nth(3), Some("250.50"), "{lines:?}");
    assert!(
        lines[1].ends_with(",THB,\"Cake; \"\"chocolate\"\"\",R-1"),
        "{lines:?}"
    );
    assert!(!calls.iter().any(|c| c.text().contains("Rows not used")));
    let links = links_of(&app, &seller_of(&app, SELLER).await).await;
    assert!(links.iter().any(|l| l.description == "Cake; \"chocolate\""));
}
on_both!(a_spreadsheet_export_is_read_like_the_api_reads_it);

async fn files_refused_whole_get_a_clear_answer(backend: Backend) {
    let (app, fake) = spawn_bot(
        backend,
        &[
            ("PAYCHAT_LINKS__BULK_MAX_ROWS", "2"),
            ("PAYCHAT_LINKS__BULK_MAX_FILE_BYTES", "2048"),
        ],
    )
    .await;
    register(&fake, SELLER).await;
    // Too many rows.
    let three = "amount,currency\n1,THB\n2,THB\n3,THB\n";
    upload(
        &fake,
        three.as_bytes(),
        "a.csv",
        "f-3",
        "Rows in this file: 3; I take at most 2 per file",
    )
    .await;
    // Not a CSV: answered without downloading it.
    let files_before = fake.calls_to("getfile").len();
    let before = fake.sent_to_chat(SELLER).len();
    fake.document_update(
        SELLER,
        SELLER,
        b"%PDF-1.4".to_vec(),
        "invoice.pdf",
        "application/pdf",
        "f-pdf",
    );
    wait_text(&fake, SELLER, "I can only read CSV files here").await;
    assert!(fake.sent_to_chat(SELLER).len() > before);
    // Too large: answered with the limit, not downloaded.
    let mut big = String::from("amount,currency,description\n");
    while big.len() <= 2048 {
        big.push_str("1,THB,a row that makes the file larger than the limit\n");
    }
    upload(
        &fake,
        big.as_bytes(),
        "big.csv",
        "f-big",
        "This file is larger than 2 KB",
    )
    .await;
    assert_eq!(fake.calls_to("getfile").len(), files_before);
    // A column nobody knows.
    upload(
        &fake,
        b"amount,colour\n1,red\n",
        "c.csv",
        "f-col",
        "I do not know the column",
    )
    .await;
    assert!(
        links_of(&app, &seller_of(&app, SELLER).await)
            .await
            .is_empty()
    );
}
on_both!(files_refused_whole_get_a_clear_answer);

async fn the_same_file_sent_twice_makes_its_links_once(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let csv = b"amount,currency,description\n10,THB,one\n20,THB,two\n";
    let first = upload(&fake, csv, "l.csv", "same-file", "Your links (2)").await;
    let again = upload(&fake, csv, "l.csv", "same-file", "Your links (2)").await;
    let summary = again
        .iter()
        .rev()
        .find(|c| c.method == "editmessagetext")
        .unwrap();
    assert_eq!(
        summary.text(),
        "Done. Rows: 2, new links: 0, refused: 0.\nMade from this file earlier, the same \
         links again (nothing made twice): 2."
    );
    assert_eq!(result_csv(&first), result_csv(&again));
    assert_eq!(
        links_of(&app, &seller_of(&app, SELLER).await).await.len(),
        2
    );
}
on_both!(the_same_file_sent_twice_makes_its_links_once);

async fn bulk_explains_and_sends_a_template_that_works(backend: Backend) {
    let (app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    let answer = ask_n(&fake, SELLER, SELLER, "/bulk", 2).await;
    assert!(
        answer[0].text().contains("Send me a CSV file"),
        "{}",
        answer[0].text()
    );
    assert!(
        answer[0]
            .text()
            .contains("Up to 5000 rows and 2 MB per file")
    );
    assert_eq!(answer[1].method, "senddocument");
    let (_, name, bytes) = &answer[1].files[0];
    assert_eq!(name, "paychat-bulk-template.csv");
    let template = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(template.lines().count(), 3, "{template}");
    // The template, sent back as it is, makes its two links.
    upload(&fake, bytes, name, "template", "Your links (2)").await;
    assert_eq!(
        links_of(&app, &seller_of(&app, SELLER).await).await.len(),
        2
    );
}
on_both!(bulk_explains_and_sends_a_template_that_works);

/// The progress message deleted before the summary: the summary comes as a new message.
async fn a_summary_whose_message_is_gone_is_sent_anew(backend: Backend) {
    let (_app, fake) = spawn_bot(backend, &[]).await;
    register(&fake, SELLER).await;
    fake.fail_next(
        "editMessageText",
        1,
        400,
        "Bad Request: message to edit not found",
        None,
    );
    let calls = upload(
        &fake,
        b"amount,currency\n1,THB\n",
        "a.csv",
        "f-gone",
        "Your links (1)",
    )
    .await;
    let summary = calls
        .iter()
        .find(|c| c.text() == "Done. Rows: 1, new links: 1, refused: 0.")
        .expect("the summary");
    assert_eq!(summary.method, "sendmessage");
}
on_both!(a_summary_whose_message_is_gone_is_sent_anew);

// ---- WhatsApp ------------------------------------------------------------------------

/// A CSV document on WhatsApp: fetched through the Graph API's media endpoint, a message
/// when the rows start and one with the summary, then the result file and the refusals,
/// in the seller's language (Thai, from the number).
async fn a_csv_document_on_whatsapp_is_fetched_and_answered(backend: Backend) {
    // Arrange
    let (app, fake) = spawn_wa(backend, &[]).await;
    assert_eq!(say(&app, "wamid.BULK0", "help").await, 200);
    wait_wa(&fake, NUMBER, "/export").await;
    let csv = "amount;description;custom_link_ref\n100;Mango;M-1\n0;Free;\n250.50;Durian;M-2\n";
    fake.put_media("media-csv-1", csv.as_bytes().to_vec(), "text/csv");
    let before = fake.sent_to(NUMBER).len();
    // Act
    let doc = fw::document_message(
        Some(NUMBER),
        "wamid.BULK1",
        "media-csv-1",
        "links.csv",
        "text/csv",
    );
    assert_eq!(deliver(&app, doc).await, 200);
    // Assert
    let refusals = wait_wa(&fake, NUMBER, "แถวที่ใช้ไม่ได้ (1)").await;
    assert!(
        refusals
            .text()
            .contains("แถว 2, amount: จำนวนเงินต้องมากกว่าศูนย์"),
        "{}",
        refusals.text()
    );
    let sent = fake.sent_to(NUMBER)[before..].to_vec();
    let at = |needle: &str| {
        sent.iter()
            .position(|s| s.text().contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {}", fake.report()))
    };
    let start = at("กำลังสร้างลิงก์… เสร็จแล้ว 0 จาก 3 แถว");
    let summary = at("เสร็จแล้ว: 3 แถว, ลิงก์ใหม่ 2 ลิงก์, ปฏิเสธ 1 แถว");
    let file = sent
        .iter()
        .position(|s| s.kind() == "document")
        .expect("the result file");
    let listed = at("แถวที่ใช้ไม่ได้");
    assert!(
        start < summary && summary < file && file < listed,
        "{}",
        fake.report()
    );
    assert_eq!(fake.downloads(), 1);
    let upload = fake.uploads().pop().expect("the result file's upload");
    let result = String::from_utf8(upload.files[0].2.clone()).unwrap();
    let lines: Vec<&str> = result.lines().collect();
    assert_eq!(lines.len(), 3, "{result}");
    assert!(
        lines[1].starts_with("1,") && lines[1].ends_with(",100.00,THB,Mango,M-1"),
        "{result}"
    );
    assert!(
        lines[2].starts_with("3,") && lines[2].ends_with(",250.50,THB,Durian,M-2"),
        "{result}"
    );
    let seller = app
        .engine
        .chat_seller("whatsapp", NUMBER)
        .await
        .unwrap()
        .expect("seller");
    let links = links_of(&app, &seller.id).await;
    assert_eq!(links.len(), 2);
    assert!(
        links
            .iter()
            .all(|l| l.origin_channel.as_deref() == Some("whatsapp")
                && l.origin_chat.as_deref() == Some(NUMBER))
    );

    // The same file (the same media id) in another message: nothing made twice.
    let again = fw::document_message(
        Some(NUMBER),
        "wamid.BULK2",
        "media-csv-1",
        "links.csv",
        "text/csv",
    );
    assert_eq!(deliver(&app, again).await, 200);
    wait_wa(&fake, NUMBER, "ลิงก์ใหม่ 0 ลิงก์").await;
    assert_eq!(links_of(&app, &seller.id).await.len(), 2);

    // Not a CSV: a clear answer, nothing downloaded.
    let downloads = fake.downloads();
    let pdf = fw::media_message(Some(NUMBER), None, "wamid.BULK3", "document");
    assert_eq!(deliver(&app, pdf).await, 200);
    wait_wa(&fake, NUMBER, "อ่านได้เฉพาะไฟล์ CSV").await;
    assert_eq!(fake.downloads(), downloads);
}
on_both!(a_csv_document_on_whatsapp_is_fetched_and_answered);

// ---- The terminal chat ---------------------------------------------------------------

/// `/bulk FILE` in the terminal: the file read from disk, the summary printed, the
/// result saved beside the exports; the same file again makes nothing twice.
async fn the_terminal_takes_a_csv_by_its_path(backend: Backend) {
    use std::sync::Arc;

    use paychat::adapters::console;
    use paychat::conversation::i18n::I18n;
    use paychat::conversation::{Conversation, RegistrationMode};

    let app = crate::helpers::spawn_app(backend).await;
    let conversation = Conversation::new(
        app.engine.clone(),
        Arc::new(I18n::load().unwrap()),
        RegistrationMode::Open,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links.csv");
    std::fs::write(
        &file,
        "amount,currency,description\n10,THB,one\nx,THB,two\n",
    )
    .unwrap();
    let script = format!("/bulk {}\n/bulk {}\n", file.display(), file.display());
    let (_tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut out = Vec::new();
    console::run(
        &conversation,
        console::terminal_user(),
        script.as_bytes(),
        &mut out,
        rx,
        dir.path(),
    )
    .await
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("Creating links… rows done: 0 of 2."), "{out}");
    assert!(
        out.contains("Done. Rows: 2, new links: 1, refused: 1."),
        "{out}"
    );
    assert!(
        out.contains("Row 2, amount: not an amount I can use"),
        "{out}"
    );
    assert!(
        out.contains("Done. Rows: 2, new links: 0, refused: 1."),
        "{out}"
    );
    assert!(
        out.contains("Made from this file earlier, the same links again (nothing made twice): 1."),
        "{out}"
    );
    let saved: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("paychat-bulk-"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
}
on_both!(the_terminal_takes_a_csv_by_its_path);
