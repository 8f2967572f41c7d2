//! Starting and stopping the server.

use crate::app::{self, Limits};
use crate::bootstrap::{self, InitError, InitOutput};
use crate::config::ServerConfig;
use crate::keys::{KeyError, KeyRing};
use crate::master_key::{self, MasterKeyError};
use crate::passwords::PasswordPool;
use crate::state::{AppState, Inner};
use crate::tls::Tls;
use authgate_core::clock::{SharedClock, SystemClock};
use authgate_service::{Parts, Services};
use authgate_store::{Ephemeral, Store, StoreOptions};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The master key is unusable.
    #[error(transparent)]
    MasterKey(#[from] MasterKeyError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] authgate_store::StoreError),
    /// The signing keys failed.
    #[error(transparent)]
    Keys(#[from] KeyError),
    /// First-run set-up failed.
    #[error(transparent)]
    Init(#[from] InitError),
    /// The email / SMS delivery settings are unusable.
    #[error(transparent)]
    Notify(#[from] crate::notify::NotifyError),
    /// The TLS settings or files are unusable.
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    /// The HTTP server failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// A server running in the background (tests, embedding).
#[derive(Debug)]
pub struct RunningServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The address of the separate metrics listener (`metrics_listen`), when there is one.
    pub metrics_addr: Option<SocketAddr>,
    /// Its state (store, keys, clock…).
    pub state: AppState,
    /// The defaults ensured at start.
    pub defaults: InitOutput,
    /// The built-in TLS, when `tls_cert` / `tls_key` are set.
    pub tls: Option<Arc<Tls>>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    grace: Duration,
}

impl RunningServer {
    /// The base URL, e.g. `http://127.0.0.1:41234` (`https://` with TLS).
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Re-reads the TLS files as SIGHUP does; a bad pair is an error and the previous one
    /// stays in use. Nothing to do without TLS.
    pub fn reload_tls(&self) -> Result<(), crate::tls::TlsError> {
        self.tls.as_ref().map_or(Ok(()), |tls| tls.reload())
    }

    /// Stops accepting connections, ends the event streams (each with a final `shutdown`
    /// event), finishes in-flight requests within `shutdown_grace_secs` (dropping what is
    /// still open then), closes the database.
    pub async fn stop(mut self) -> Result<(), ServeError> {
        self.state.shutdown.raise();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let result = match tokio::time::timeout(self.grace, &mut self.task).await {
            Ok(joined) => joined
                .map_err(|e| ServeError::Io(std::io::Error::other(e)))?
                .map_err(ServeError::Io),
            Err(_) => {
                tracing::warn!(
                    grace_secs = self.grace.as_secs(),
                    "connections still open after the shutdown grace period: dropped"
                );
                self.task.abort();
                Ok(())
            }
        };
        self.state.store.close().await;
        result
    }
}

/// Opens the database and loads the master key (what both `serve` and `init` need).
pub async fn open_store(
    config: &ServerConfig,
) -> Result<(Store, authgate_core::secret_box::MasterKey), ServeError> {
    let master = master_key::load_or_create(config.master_key.as_deref(), &config.data_dir)?;
    let store = Store::open(&StoreOptions {
        url: config.database_url(),
        max_connections: config.database_max_connections,
    })
    .await?;
    Ok((store, master))
}

/// Starts the server with the system clock.
pub async fn start(config: ServerConfig) -> Result<RunningServer, ServeError> {
    start_with_clock(config, Arc::new(SystemClock)).await
}

/// Starts the server with the given clock (tests drive expiry with a manual one).
pub async fn start_with_clock(
    config: ServerConfig,
    clock: SharedClock,
) -> Result<RunningServer, ServeError> {
    // First: a refused delivery setting (e.g. the log SMS sender in production) stops the
    // start before anything is bound or opened.
    let notify = crate::notify::Notifier::from_config(&crate::notify::DeliveryConfig {
        smtp_url: config.smtp_url.as_deref(),
        smtp_from: &config.smtp_from,
        sms_provider: config.sms_provider.as_deref(),
        sms_webhook_url: config.sms_webhook_url.as_deref(),
        mode: config.mode,
    })?;
    // So are missing, unreadable or invalid TLS files.
    let tls = config.tls_files()?.map(Tls::load).transpose()?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr()?;
    let metrics_listener = match config.metrics_listen {
        Some(addr) => Some(
            TcpListener::bind(addr)
                .await
                .map_err(|source| ServeError::Bind { addr, source })?,
        ),
        None => None,
    };
    let (store, master) = open_store(&config).await?;
    // First, since opening the stored secrets proves the master key matches the database
    // before anything new is sealed with it.
    let defaults = bootstrap::ensure_defaults(&store, &master, clock.now_millis()).await?;
    bootstrap::apply_configured_qr_validity(&store, &config, clock.now_millis()).await?;
    let keys = KeyRing::load_or_create(&store, &master, clock.as_ref()).await?;
    let concurrency = config
        .password_hash_concurrency
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
    let ephemeral = match config.redis_url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => Ephemeral::redis(url).await?,
        None => Ephemeral::memory(clock.clone()),
    };
    let clock_for_state = clock.clone();
    let services = Services::new(Parts {
        store,
        clock: clock_for_state,
        master,
        keys,
        passwords: PasswordPool::new(concurrency),
        public_base: config.public_base(addr),
        management_token_ttl: config.management_token_ttl_secs,
        ip_rate_limit_per_minute: config.ip_rate_limit_per_minute,
        ephemeral,
        notify,
        test_seam: Default::default(),
    });
    let state = AppState::new(Inner {
        services,
        body_limit: config.body_limit_bytes,
        config: config.clone(),
        discovery: Default::default(),
        shutdown: crate::shutdown::Shutdown::new(),
    });
    let service = app::build(
        state.clone(),
        Limits {
            body_bytes: config.body_limit_bytes,
            timeout: Duration::from_secs(config.request_timeout_secs.max(1)),
        },
    );
    let (tx, rx) = oneshot::channel::<()>();
    let stop = async move {
        let _ = rx.await;
    };
    let (metrics_addr, metrics_task) = match metrics_listener {
        Some(listener) => {
            let addr = listener.local_addr()?;
            let router = crate::health::metrics_listener(state.clone());
            let stop = state.shutdown.raised();
            let task = tokio::spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(stop)
                    .await
            });
            (Some(addr), Some(task))
        }
        None => (None, None),
    };
    let sweeper = tokio::spawn(sweep_forever(state.clone()));
    let key_reloader = tokio::spawn(crate::keys::reload_forever(state.services.clone()));
    let tls_reloader = tls
        .clone()
        .map(|t| tokio::spawn(crate::tls::reload_forever(t)));
    let listener = match &tls {
        Some(tls) => Bound::Tls(tls.listener(listener)?),
        None => Bound::Plain(listener),
    };
    let task = tokio::spawn(async move {
        let served = match listener {
            Bound::Tls(listener) => serve_with_peer(listener, service, stop).await,
            Bound::Plain(listener) => serve_with_peer(listener, service, stop).await,
        };
        sweeper.abort();
        key_reloader.abort();
        if let Some(task) = tls_reloader {
            task.abort();
        }
        if let Some(task) = metrics_task {
            task.abort();
        }
        served
    });
    tracing::info!(
        %addr,
        scheme = if tls.is_some() { "https" } else { "http" },
        tls_cert = tls.as_ref().map(|t| t.files().cert.display().to_string()),
        metrics_addr = metrics_addr.map(|a| a.to_string()),
        public_url = %state.public_base,
        issuer = %state.issuer(),
        database = %authgate_store::db::redact(&config.database_url()),
        data_dir = %absolute(&config.data_dir).display(),
        redis = config.redis_url.as_deref().filter(|u| !u.is_empty()).map(authgate_store::db::redact),
        "authgate is listening"
    );
    Ok(RunningServer {
        addr,
        metrics_addr,
        state,
        defaults,
        tls,
        shutdown: Some(tx),
        task,
        grace: Duration::from_secs(config.shutdown_grace_secs),
    })
}

/// The main listener: plain TCP, or TLS on top of it.
enum Bound {
    Plain(TcpListener),
    Tls(crate::tls::TlsListener),
}

/// Serves `service` on `listener` until `stop` completes; each connection's service carries
/// the peer address (`ConnectInfo`) for client IPs.
async fn serve_with_peer<L, S>(
    listener: L,
    service: S,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    S: tower::Service<
            axum::extract::Request,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    let make_service = tower::service_fn(move |conn: axum::serve::IncomingStream<'_, L>| {
        let peer = axum::extract::ConnectInfo(*conn.remote_addr());
        let svc = tower::ServiceExt::map_request(
            service.clone(),
            move |mut req: axum::extract::Request| {
                req.extensions_mut().insert(peer);
                req
            },
        );
        std::future::ready(Ok::<_, std::convert::Infallible>(svc))
    });
    axum::serve(listener, make_service)
        .with_graceful_shutdown(stop)
        .await
}

/// `path` made absolute against the working directory (for the start-up log).
fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Drops expired short-lived state and expired sessions once a minute.
async fn sweep_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let dropped = state.ephemeral.sweep().await;
        let now = state.clock.now_millis();
        if let Err(e) = state.store.sweep_sso_sessions(now).await {
            tracing::warn!(error = %e, "sweeping expired SSO sessions failed");
        }
        match state.store.sweep_expired(now).await {
            Ok(rows) => tracing::debug!(dropped, rows, "swept expired state"),
            Err(e) => tracing::warn!(error = %e, "sweeping expired sessions failed"),
        }
    }
}

/// Runs until `shutdown` completes, then stops gracefully.
pub async fn run(
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let server = start(config).await?;
    shutdown.await;
    tracing::info!("shutting down");
    server.stop().await
}
