//! A TCP proxy a test puts between paychat and its database, so that it can take the
//! database away (and bring it back) without touching the shared server.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::server::lock;

/// Forwards connections from a loopback port to `target` until [`Proxy::cut`].
pub struct Proxy {
    /// `127.0.0.1:PORT`, where paychat connects.
    pub addr: String,
    listener: Arc<Mutex<JoinSet<()>>>,
    conns: Arc<Mutex<JoinSet<()>>>,
}

impl Proxy {
    /// Listens on a random loopback port, forwarding to `target` (`host:port`).
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address").to_string();
        let (accepting, conns) = (
            Arc::new(Mutex::new(JoinSet::new())),
            Arc::new(Mutex::new(JoinSet::new())),
        );
        let (target, open) = (target.to_owned(), Arc::clone(&conns));
        lock(&accepting).spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                lock(&open).spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self {
            addr,
            listener: accepting,
            conns,
        }
    }

    /// A proxy to `db`'s server, and `db` as reached through it.
    pub async fn before(db: &crate::helpers::TestDb) -> (Self, crate::helpers::TestDb) {
        let url = reqwest::Url::parse(&db.url).expect("a database URL");
        let host = url.host_str().unwrap_or("127.0.0.1");
        let proxy = Self::start(&format!("{host}:{}", url.port().unwrap_or(5432))).await;
        let through = db.through(&proxy.addr);
        (proxy, through)
    }

    /// The database restarted: every open connection is dropped, new ones are accepted.
    pub fn drop_connections(&self) {
        lock(&self.conns).abort_all();
    }

    /// The database is gone: no new connections, and every open one is dropped.
    pub fn cut(&self) {
        lock(&self.listener).abort_all();
        self.drop_connections();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}
