//! A minimal SMTP sink for benches: real SMTP over TCP on 127.0.0.1 (EHLO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT), accepting everything and keeping, per message, only when it
//! arrived, its Message-ID and its recipients: 10,000 messages stay small, and counting
//! them does not copy their bodies (tests/api/fake_smtp.rs keeps whole messages).

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: SystemTime,
    pub message_id: String,
    pub to: Vec<String>,
}

/// A running sink; cloning shares it.
#[derive(Clone)]
pub struct Sink {
    port: u16,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let shared = got.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let got = shared.clone();
                tokio::spawn(async move {
                    let _ = session(stream, got).await;
                });
            }
        });
        Self { port, got }
    }

    /// The `email.smtp_url` reaching this sink.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn session(stream: TcpStream, got: Arc<Mutex<Vec<Received>>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let upper = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink\r\n"
        } else if upper.starts_with("MAIL FROM:") || upper == "RSET" {
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(line.trim_end()[8..].trim().to_owned());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write.write_all(b"354 go\r\n").await?;
            let mut message_id = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                if message_id.is_empty()
                    && line.len() > 11
                    && line[..11].eq_ignore_ascii_case("message-id:")
                {
                    message_id = line[11..].trim().to_owned();
                }
            }
            got.lock().unwrap().push(Received {
                at: SystemTime::now(),
                message_id,
                to: std::mem::take(&mut to),
            });
            b"250 queued\r\n"
        } else if upper == "NOOP" {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
