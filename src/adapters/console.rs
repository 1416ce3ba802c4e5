//! `paychat chat`: the conversation in a terminal, as a seller would use it in
//! Telegram, with QR codes drawn in Unicode blocks and status pushes printed as they
//! happen. No token needed.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::conversation::qr;
use crate::conversation::{
    Attachment, Button, Conversation, Incoming, Input, Progress, PushPlan, Reply, Upload,
};
use crate::domain::TimeZone;
use crate::engine::OutboxRow;
use crate::engine::chat::ChatUser;
use crate::engine::ports::{Channel, Delivery};

/// The channel name of terminal chats.
pub const CHANNEL: &str = "console";

/// Prints status pushes for links made in the terminal.
pub struct ConsoleChannel {
    conversation: Arc<Conversation>,
    out: mpsc::UnboundedSender<Reply>,
}

impl ConsoleChannel {
    /// Pushes go to `out` as replies: the terminal numbers their buttons after the
    /// ones on screen, so they can be pressed too.
    #[must_use]
    pub fn new(conversation: Arc<Conversation>, out: mpsc::UnboundedSender<Reply>) -> Self {
        Self { conversation, out }
    }
}

#[async_trait]
impl Channel for ConsoleChannel {
    fn name(&self) -> &'static str {
        CHANNEL
    }

    async fn deliver(&self, row: &OutboxRow) -> Delivery {
        let reply = match self.conversation.plan_push(row).await {
            PushPlan::Send { reply, .. } | PushPlan::Card { reply, .. } => reply,
            PushPlan::Settle(delivery) => return delivery,
        };
        if self.out.send(reply).is_err() {
            // The terminal is gone; the row waits for the next `paychat chat`.
            return Delivery::Retry {
                error: "terminal closed".into(),
                after: None,
            };
        }
        Delivery::Delivered
    }
}

/// A reply as terminal text; action buttons are numbered from `first + 1`. Returns the
/// text and the action data by number.
#[must_use]
pub fn render(r: &Reply, first: usize) -> (String, Vec<(usize, String)>) {
    let (out, actions) = render_marked(r, first);
    // Terminals do no bidirectional reordering: the isolation marks around seller text
    // would only show as stray glyphs (the characters that could spoof are gone already).
    (out.replace(['\u{2068}', '\u{2069}'], ""), actions)
}

fn render_marked(r: &Reply, first: usize) -> (String, Vec<(usize, String)>) {
    let mut out = String::new();
    let mut actions = Vec::new();
    if let Some(t) = &r.title {
        out.push_str(&format!("== {t} ==\n"));
    }
    if !r.text.is_empty() {
        out.push_str(&r.text);
        out.push('\n');
    }
    for row in &r.buttons {
        let mut parts = Vec::new();
        for b in row {
            match b {
                Button::Action { label, data } => {
                    let n = first + actions.len() + 1;
                    actions.push((n, data.clone()));
                    parts.push(format!("[{n}] {label}"));
                }
                Button::Url { label, url } => parts.push(format!("[{label}: {url}]")),
                // Sharing into another chat has no terminal equivalent; the link is
                // in the text to copy.
                Button::Share { .. } | Button::Copy { .. } => {}
            }
        }
        if !parts.is_empty() {
            out.push_str(&parts.join("  "));
            out.push('\n');
        }
    }
    match &r.attachment {
        None => {}
        Some(Attachment::Qr { caption, url, .. }) => {
            match qr::text(url) {
                Ok(block) => out.push_str(&block),
                Err(e) => out.push_str(&format!("(QR code unavailable: {e})\n")),
            }
            out.push_str(caption);
            out.push('\n');
        }
        Some(Attachment::Document {
            filename, caption, ..
        }) => out.push_str(&format!("[file {filename}] {caption}\n")),
    }
    (out, actions)
}

/// The seller at the terminal.
#[must_use]
pub fn terminal_user() -> ChatUser {
    let name = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "Terminal seller".into());
    let language = std::env::var("LANG")
        .ok()
        .map(|l| l.split('.').next().unwrap_or("").replace('_', "-"))
        .filter(|l| !l.is_empty() && l != "C" && l != "POSIX");
    // The terminal's own zone when TZ names one (`Asia/Bangkok`, `:Asia/Bangkok`), else
    // a guess from its language, as in Telegram.
    let timezone = std::env::var("TZ")
        .ok()
        .and_then(|tz| TimeZone::parse(tz.trim_start_matches(':')).ok())
        .or_else(|| language.as_deref().and_then(TimeZone::for_language));
    ChatUser {
        channel: CHANNEL.into(),
        external_user: "local".into(),
        chat: "local".into(),
        name,
        language,
        timezone,
    }
}

/// Reads lines from `input` and answers on `output` until end of input or `/quit`;
/// pushes arriving meanwhile are printed between answers. Files (exports) are written
/// to `save_dir`.
///
/// # Errors
/// When the terminal cannot be written.
pub async fn run<R, W>(
    conversation: &Conversation,
    user: ChatUser,
    input: R,
    mut output: W,
    mut pushes: mpsc::UnboundedReceiver<Reply>,
    save_dir: &std::path::Path,
) -> std::io::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut lines = input.lines();
    let mut actions: HashMap<usize, String> = HashMap::new();
    let mut next_message = 0u64;
    // Message ids key "apply once": a process id alone repeats across runs (and
    // containers), so each session draws its own prefix.
    let session = hex::encode(crate::engine::random::<8>());
    output
        .write_all(
            b"paychat terminal chat. Type /help for commands, a number to press a button, /quit to leave.\n> ",
        )
        .await?;
    output.flush().await?;
    loop {
        let line = tokio::select! {
            l = lines.next_line() => l?,
            Some(p) = pushes.recv() => {
                // Numbered after the buttons on screen, which stay pressable.
                let text = show(std::slice::from_ref(&p), &mut actions, save_dir).await;
                output.write_all(format!("\n{text}> ").as_bytes()).await?;
                output.flush().await?;
                continue;
            }
        };
        let Some(line) = line else { break };
        let line = line.trim();
        if line == "/quit" || line == "/exit" {
            break;
        }
        if line.is_empty() {
            output.write_all(b"> ").await?;
            output.flush().await?;
            continue;
        }
        // `/bulk FILE`: the terminal's way to send a document.
        if let Some(path) = bulk_path(line) {
            next_message += 1;
            let incoming = typed(&user, &session, next_message, Input::Unsupported);
            let (said, replies) = bulk_file(conversation, &incoming, path).await;
            actions.clear();
            let mut text = said;
            text.push_str(&show(&replies, &mut actions, save_dir).await);
            text.push_str("> ");
            output.write_all(text.as_bytes()).await?;
            output.flush().await?;
            continue;
        }
        let input = match line.parse::<usize>().ok().and_then(|n| actions.get(&n)) {
            Some(data) => Input::Action(data.clone()),
            None => Input::Text(line.to_owned()),
        };
        next_message += 1;
        let incoming = typed(&user, &session, next_message, input);
        let replies = conversation.handle(&incoming).await;
        actions.clear();
        let mut text = show(&replies, &mut actions, save_dir).await;
        text.push_str("> ");
        output.write_all(text.as_bytes()).await?;
        output.flush().await?;
    }
    output.write_all(b"\nbye\n").await?;
    output.flush().await
}

/// Replies as terminal text, their buttons numbered into `actions` and their files saved
/// in `save_dir`.
async fn show(
    replies: &[Reply],
    actions: &mut HashMap<usize, String>,
    save_dir: &std::path::Path,
) -> String {
    let mut text = String::new();
    for r in replies {
        let (t, acts) = render(r, actions.len());
        text.push_str(&t);
        if let Some(Attachment::Document {
            filename, bytes, ..
        }) = &r.attachment
        {
            let path = save_dir.join(filename);
            match tokio::fs::write(&path, bytes).await {
                Ok(()) => text.push_str(&format!("saved {}\n", path.display())),
                Err(e) => text.push_str(&format!("could not save {}: {e}\n", path.display())),
            }
        }
        actions.extend(acts);
    }
    text
}

/// The file of `/bulk FILE` (or `bulk FILE`); `None` for a bare `/bulk`, which the
/// conversation answers with the template.
fn bulk_path(line: &str) -> Option<&str> {
    let (word, rest) = line.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    (matches!(word.to_ascii_lowercase().as_str(), "/bulk" | "bulk") && !rest.is_empty())
        .then_some(rest)
}

/// Links in bulk from a local CSV file: what was printed as progress (the start and the
/// summary) and the replies (the result file, the refused rows). The file's id is its
/// content's hash, so running the same file again makes nothing twice.
async fn bulk_file(
    conversation: &Conversation,
    incoming: &Incoming,
    path: &str,
) -> (String, Vec<Reply>) {
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let size = match tokio::fs::metadata(path).await {
        Ok(m) => m.len(),
        Err(e) => return (format!("could not read {path}: {e}\n"), Vec::new()),
    };
    let mut upload = Upload {
        file_key: String::new(),
        name,
        mime: None,
        size: Some(size),
    };
    let bytes = if conversation.upload_fits(&upload) {
        match tokio::fs::read(path).await {
            Ok(b) => Some(b),
            Err(e) => return (format!("could not read {path}: {e}\n"), Vec::new()),
        }
    } else {
        None
    };
    upload.file_key = bytes.as_deref().map_or_else(String::new, |b| {
        use sha2::Digest as _;
        hex::encode(&sha2::Sha256::digest(b)[..16])
    });
    let printed = Printed(std::sync::Mutex::new(String::new()));
    let replies = conversation
        .bulk_upload(incoming, &upload, bytes, &printed)
        .await;
    let said = printed
        .0
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    (said, replies)
}

/// Progress in the terminal: the start and the summary, printed with the answer.
struct Printed(std::sync::Mutex<String>);

#[async_trait]
impl Progress for Printed {
    async fn show(&self, text: &str, last: bool) {
        let mut out = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if last || out.is_empty() {
            out.push_str(text);
            out.push('\n');
        }
    }
}

/// What the seller typed as the `n`th message of this terminal session.
fn typed(user: &ChatUser, session: &str, n: u64, input: Input) -> Incoming {
    Incoming {
        user: user.clone(),
        chat: user.chat.clone(),
        group: false,
        message_id: Some(format!("{session}-{n}")),
        bot_username: None,
        slash_optional: true,
        input,
    }
}
