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
    tasks: Arc<Mutex<JoinSet<()>>>,
}

impl Proxy {
    /// Listens on a random loopback port, forwarding to `target` (`host:port`).
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address").to_string();
        let tasks = Arc::new(Mutex::new(JoinSet::new()));
        let (target, conns) = (target.to_owned(), Arc::clone(&tasks));
        lock(&tasks).spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                lock(&conns).spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { addr, tasks }
    }

    /// The database is gone: no new connections, and every open one is dropped.
    pub fn cut(&self) {
        lock(&self.tasks).abort_all();
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}
