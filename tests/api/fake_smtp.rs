//! A small SMTP sink speaking real SMTP over TCP on 127.0.0.1 (EHLO/HELO, MAIL FROM,
//! RCPT TO, DATA, RSET, NOOP, QUIT), recording each message it accepts. It can refuse
//! recipients with a 550 (a permanent failure), or not be there at all: `reserve` takes
//! a free port that refuses connections until `start_on` listens on it.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message: the envelope and the raw DATA (dot-unstuffed, CRLF kept).
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Default)]
struct State {
    mails: Vec<Mail>,
    /// Recipients answered 550, and how many RCPT TO came in all.
    refuse_rcpt: bool,
    rcpt_attempts: usize,
    /// AUTH answered 535 (the client's credentials refused); how many AUTH came in.
    refuse_login: bool,
    logins: usize,
}

/// A running sink; cloning shares it.
#[derive(Clone)]
pub struct FakeSmtp {
    port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeSmtp {
    /// A sink listening on a fresh port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::serve(listener)
    }

    /// A free port with nobody listening (connections are refused) until `start_on`.
    pub async fn reserve() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("addr").port()
    }

    /// A sink on `port` (one `reserve` gave).
    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the reserved port");
        Self::serve(listener)
    }

    fn serve(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = session(stream, state).await;
                });
            }
        });
        Self { port, state }
    }

    /// The `email.smtp_url` reaching this sink (plain SMTP on loopback).
    pub fn url(&self) -> String {
        url_for(self.port)
    }

    /// Answers every RCPT TO with `550 5.1.1 … unknown user` from now on.
    pub fn refuse_recipients(&self) {
        self.state.lock().unwrap().refuse_rcpt = true;
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.state.lock().unwrap().mails.clone()
    }

    /// Answers AUTH with `535 5.7.8` (credentials invalid) until `accept_login`.
    pub fn refuse_login(&self) {
        self.state.lock().unwrap().refuse_login = true;
    }

    pub fn accept_login(&self) {
        self.state.lock().unwrap().refuse_login = false;
    }

    /// How many AUTH commands came in.
    pub fn logins(&self) -> usize {
        self.state.lock().unwrap().logins
    }

    /// How many RCPT TO came in, accepted or not.
    pub fn rcpt_attempts(&self) -> usize {
        self.state.lock().unwrap().rcpt_attempts
    }
}

/// The `email.smtp_url` for a sink on `port`.
pub fn url_for(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 fake.smtp ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_owned();
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-fake.smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 10000000\r\n"
        } else if upper.starts_with("HELO") {
            b"250 fake.smtp\r\n"
        } else if upper.starts_with("AUTH ") {
            let mut s = state.lock().unwrap();
            s.logins += 1;
            if s.refuse_login {
                b"535 5.7.8 Authentication credentials invalid\r\n"
            } else {
                b"235 2.7.0 Authentication successful\r\n"
            }
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&cmd[10..]);
            to.clear();
            b"250 2.1.0 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let mut s = state.lock().unwrap();
            s.rcpt_attempts += 1;
            if s.refuse_rcpt {
                b"550 5.1.1 <nobody@example.com>: Recipient address rejected: unknown user\r\n"
            } else {
                to.push(address(&cmd[8..]));
                b"250 2.1.5 OK\r\n"
            }
        } else if upper == "DATA" {
            if to.is_empty() {
                b"554 5.5.1 no valid recipients\r\n"
            } else {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Dot-unstuffing (RFC 5321 4.5.2).
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                state.lock().unwrap().mails.push(Mail {
                    from: from.clone(),
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 2.0.0 queued\r\n"
            }
        } else if upper == "RSET" {
            to.clear();
            b"250 2.0.0 OK\r\n"
        } else if upper == "NOOP" {
            b"250 2.0.0 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// `<a@b>` (with optional parameters after it) → `a@b`.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    match (arg.find('<'), arg.find('>')) {
        (Some(a), Some(b)) if a < b => arg[a + 1..b].to_owned(),
        _ => arg.split_whitespace().next().unwrap_or("").to_owned(),
    }
}

/// A recorded message read back: headers (unfolded) and the decoded text and HTML parts.
#[derive(Debug)]
pub struct Parsed {
    pub headers: Vec<(String, String)>,
    pub text: String,
    pub html: String,
}

impl Parsed {
    /// The first header called `name` (any case), as sent (encoded words left as they are).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a multipart/alternative message as lettre writes it (parts in base64 or
/// quoted-printable, or 7/8bit).
pub fn parse(data: &str) -> Parsed {
    let (head, body) = split_head(data);
    let headers = unfold(head);
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .expect("a Content-Type");
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a boundary")
        .trim_matches(|c| c == '"' || c == ';' || c == ' ')
        .to_owned();
    let (mut text, mut html) = (String::new(), String::new());
    for part in body.split(&format!("--{boundary}")).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let (phead, pbody) = split_head(part.trim_start_matches(['\r', '\n']));
        let pheaders = unfold(phead);
        let get = |n: &str| {
            pheaders
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_default()
        };
        let decoded = decode(pbody, &get("content-transfer-encoding"));
        if get("content-type").starts_with("text/plain") {
            assert!(
                get("content-type").contains("utf-8"),
                "{}",
                get("content-type")
            );
            text = decoded;
        } else if get("content-type").starts_with("text/html") {
            html = decoded;
        }
    }
    Parsed {
        headers,
        text,
        html,
    }
}

fn split_head(s: &str) -> (&str, &str) {
    s.split_once("\r\n\r\n")
        .or_else(|| s.split_once("\n\n"))
        .unwrap_or((s, ""))
}

fn unfold(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    out
}

fn decode(body: &str, encoding: &str) -> String {
    match encoding {
        "base64" => {
            use base64::Engine as _;
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .expect("base64 part");
            String::from_utf8(bytes).expect("utf-8 part")
        }
        "quoted-printable" => {
            let mut bytes = Vec::new();
            let soft = body.replace("=\r\n", "").replace("=\n", "");
            let raw = soft.as_bytes();
            let mut i = 0;
            while i < raw.len() {
                if raw[i] == b'=' && i + 2 < raw.len() {
                    let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("");
                    if let Ok(b) = u8::from_str_radix(hex, 16) {
                        bytes.push(b);
                        i += 3;
                        continue;
                    }
                }
                bytes.push(raw[i]);
                i += 1;
            }
            String::from_utf8(bytes).expect("utf-8 part")
        }
        _ => body.to_owned(),
    }
}

/// An encoded-word header value (`=?utf-8?b?…?=`, as lettre encodes non-ASCII) decoded.
pub fn decode_header(value: &str) -> String {
    use base64::Engine as _;
    let mut out = String::new();
    // Whitespace between two encoded words is dropped (RFC 2047 6.2); any other stays.
    let mut last_encoded = None;
    for word in value.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let encoded = (lower.starts_with("=?utf-8?b?") || lower.starts_with("=?utf-8?q?"))
            && word.ends_with("?=");
        if last_encoded.is_some() && !(encoded && last_encoded == Some(true)) {
            out.push(' ');
        }
        last_encoded = Some(encoded);
        if lower.starts_with("=?utf-8?b?") && encoded {
            let b64 = &word[10..word.len() - 2];
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64 word");
            out.push_str(&String::from_utf8(bytes).expect("utf-8 word"));
        } else if encoded {
            let q = word[10..word.len() - 2].replace('_', " ");
            out.push_str(&decode(&q, "quoted-printable"));
        } else {
            out.push_str(word);
        }
    }
    out
}
