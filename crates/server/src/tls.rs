//! Optional built-in TLS (`tls_cert` / `tls_key`): rustls on aws-lc-rs.
//!
//! The certificate and key live behind a resolver the rustls configuration asks on every
//! handshake, so a reload ([`Tls::reload`], on SIGHUP or when the files' modification times
//! change) swaps the pair for new connections without touching the listener; open
//! connections keep the pair they were made with. A pair that does not load is logged and the
//! previous one stays in use.

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How often the files' modification times are compared with the loaded pair's.
const WATCH_INTERVAL: Duration = Duration::from_secs(30);
/// Longest a client may take to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshaken connections waiting for the HTTP server to take them.
const ACCEPT_QUEUE: usize = 64;

/// Why the TLS settings or files are unusable.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// Only one of the two settings is given.
    #[error("{given} is set but {missing} is not: TLS needs both a certificate and a key")]
    Incomplete {
        /// The setting that is given.
        given: &'static str,
        /// The setting that is missing.
        missing: &'static str,
    },
    /// The certificate file cannot be read or holds no usable certificate.
    #[error("cannot use the TLS certificate file {path}: {reason}")]
    Cert {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The key file cannot be read or holds no usable private key.
    #[error("cannot use the TLS private key file {path}: {reason}")]
    Key {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The key does not belong to the certificate, or rustls refuses the pair.
    #[error("the TLS certificate {cert} and private key {key} do not form a pair: {reason}")]
    Pair {
        /// The certificate file.
        cert: PathBuf,
        /// The key file.
        key: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// The certificate-chain and private-key files (PEM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Certificate chain, end-entity certificate first.
    pub cert: PathBuf,
    /// Private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

impl TlsFiles {
    /// The files from the two settings: `None` for neither, an error naming the missing one
    /// when only one is given. An empty value (`AUTHGATE_TLS_CERT=`) counts as not given.
    pub fn from_settings(
        cert: Option<&Path>,
        key: Option<&Path>,
    ) -> Result<Option<TlsFiles>, TlsError> {
        fn given(p: Option<&Path>) -> Option<&Path> {
            p.filter(|p| !p.as_os_str().is_empty())
        }
        match (given(cert), given(key)) {
            (None, None) => Ok(None),
            (Some(cert), Some(key)) => Ok(Some(TlsFiles {
                cert: cert.to_path_buf(),
                key: key.to_path_buf(),
            })),
            (Some(_), None) => Err(TlsError::Incomplete {
                given: "tls_cert",
                missing: "tls_key",
            }),
            (None, Some(_)) => Err(TlsError::Incomplete {
                given: "tls_key",
                missing: "tls_cert",
            }),
        }
    }

    /// Reads and checks the pair.
    fn load(&self, provider: &CryptoProvider) -> Result<CertifiedKey, TlsError> {
        let chain = CertificateDer::pem_file_iter(&self.cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| TlsError::Cert {
                path: self.cert.clone(),
                reason: e.to_string(),
            })?;
        if chain.is_empty() {
            return Err(TlsError::Cert {
                path: self.cert.clone(),
                reason: "no PEM certificate in it".into(),
            });
        }
        let key = PrivateKeyDer::from_pem_file(&self.key).map_err(|e| TlsError::Key {
            path: self.key.clone(),
            reason: e.to_string(),
        })?;
        CertifiedKey::from_der(chain, key, provider).map_err(|e| TlsError::Pair {
            cert: self.cert.clone(),
            key: self.key.clone(),
            reason: e.to_string(),
        })
    }

    /// The files' modification times (what the watcher compares).
    fn stamp(&self) -> Option<(SystemTime, SystemTime)> {
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        Some((modified(&self.cert)?, modified(&self.key)?))
    }
}

/// Hands rustls the current pair on every handshake.
#[derive(Debug)]
struct CurrentPair(RwLock<Arc<CertifiedKey>>);

impl CurrentPair {
    fn get(&self) -> Arc<CertifiedKey> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, pair: CertifiedKey) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(pair);
    }
}

impl ResolvesServerCert for CurrentPair {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.get())
    }
}

/// The running server's TLS: the files, the pair in use and the acceptor built on it.
pub struct Tls {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: Arc<CurrentPair>,
    acceptor: TlsAcceptor,
    /// The files' modification times when last loaded (tried), for the watcher.
    loaded_stamp: Mutex<Option<(SystemTime, SystemTime)>>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

impl Tls {
    /// Loads the pair; an unreadable or invalid file stops the start with an error naming it.
    pub fn load(files: TlsFiles) -> Result<Arc<Tls>, TlsError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let stamp = files.stamp();
        let pair = files.load(&provider)?;
        let current = Arc::new(CurrentPair(RwLock::new(Arc::new(pair))));
        let mut config = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError::Pair {
                cert: files.cert.clone(),
                key: files.key.clone(),
                reason: e.to_string(),
            })?
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(Tls {
            files,
            provider,
            current,
            acceptor: TlsAcceptor::from(Arc::new(config)),
            loaded_stamp: Mutex::new(stamp),
        }))
    }

    /// The files in use.
    pub fn files(&self) -> &TlsFiles {
        &self.files
    }

    /// Re-reads the files and, when they form a valid pair, serves it to new connections.
    /// A bad pair is logged and returned as the error; the previous pair stays in use.
    pub fn reload(&self) -> Result<(), TlsError> {
        let stamp = self.files.stamp();
        *self
            .loaded_stamp
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = stamp;
        match self.files.load(&self.provider) {
            Ok(pair) => {
                self.current.set(pair);
                tracing::info!(
                    cert = %self.files.cert.display(),
                    key = %self.files.key.display(),
                    "TLS certificate reloaded"
                );
                Ok(())
            }
            Err(e) => {
                tracing::error!(error = %e, "TLS certificate not reloaded; the previous one stays in use");
                Err(e)
            }
        }
    }

    /// Reloads when either file's modification time differs from the last load's.
    fn reload_if_changed(&self) {
        let stamp = self.files.stamp();
        let changed = *self
            .loaded_stamp
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            != stamp;
        if changed && stamp.is_some() {
            // Logged inside; the old pair stays on error.
            let _ = self.reload();
        }
    }

    /// Wraps a bound listener: handshakes run in tasks of their own (a slow client holds up
    /// no one), finished connections are handed to the HTTP server.
    pub fn listener(self: &Arc<Self>, tcp: TcpListener) -> std::io::Result<TlsListener> {
        let addr = tcp.local_addr()?;
        let (tx, rx) = mpsc::channel(ACCEPT_QUEUE);
        let acceptor = self.acceptor.clone();
        let task = tokio::spawn(accept_forever(tcp, acceptor, tx));
        Ok(TlsListener { rx, addr, task })
    }
}

/// Reloads on SIGHUP and when the files change, until aborted.
pub async fn reload_forever(tls: Arc<Tls>) {
    let mut tick = tokio::time::interval(WATCH_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    #[cfg(unix)]
    let mut hangup = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!(error = %e, "no SIGHUP handler: TLS files reload on change only");
            None
        }
    };
    loop {
        #[cfg(unix)]
        {
            let signalled = async {
                match hangup.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = tick.tick() => tls.reload_if_changed(),
                Some(()) = signalled => { let _ = tls.reload(); }
            }
        }
        #[cfg(not(unix))]
        {
            tick.tick().await;
            tls.reload_if_changed();
        }
    }
}

/// Accepts TCP connections and completes their handshakes in the background.
async fn accept_forever(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    tx: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // As axum does for plain TCP: e.g. too many open files; back off briefly.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let _ = tx.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// A listener yielding connections whose TLS handshake is done (for `axum::serve`).
#[derive(Debug)]
pub struct TlsListener {
    rx: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        // Closing the server closes the socket too.
        self.task.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(accepted) => accepted,
            // The accept task ended (it only does when aborted): nothing more will come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_settings_or_neither() {
        assert_eq!(TlsFiles::from_settings(None, None).unwrap(), None);
        let empty = Path::new("");
        assert_eq!(
            TlsFiles::from_settings(Some(empty), Some(empty)).unwrap(),
            None
        );
        let err = TlsFiles::from_settings(Some(Path::new("c.pem")), None).unwrap_err();
        assert!(err.to_string().contains("tls_key is not"), "{err}");
        let err = TlsFiles::from_settings(None, Some(Path::new("k.pem"))).unwrap_err();
        assert!(err.to_string().contains("tls_cert is not"), "{err}");
        let files = TlsFiles::from_settings(Some(Path::new("c.pem")), Some(Path::new("k.pem")))
            .unwrap()
            .unwrap();
        assert_eq!(files.key, Path::new("k.pem"));
    }
}
