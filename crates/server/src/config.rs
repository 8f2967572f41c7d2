//! Server configuration: what `authgate serve` and `authgate init` read from the TOML file,
//! `AUTHGATE_*` environment variables and flags (merged by the CLI).

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}

/// The deployment mode, defined beside the operations that read it (the log SMS sender).
pub use authgate_service::Mode;

/// The data folder when none is configured, relative to the working directory.
pub const DEFAULT_DATA_DIR: &str = "./authgate-data";
/// The SQLite file of the default database, inside the data folder.
pub const DEFAULT_DATABASE_FILE: &str = "authgate.db";

/// Everything the server needs to start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on (`127.0.0.1:3000`).
    pub listen: SocketAddr,
    /// Public base URL (issuer base); derived from the listen address when absent.
    pub public_url: Option<String>,
    /// Database URL; `sqlite://<data_dir>/authgate.db` when absent ([`Self::database_url`]).
    pub database_url: Option<String>,
    /// Database connection pool size.
    pub database_max_connections: u32,
    /// The deployment's data folder: the generated master key and the default SQLite database.
    pub data_dir: PathBuf,
    /// Master key (base64 of 32 bytes); generated into `data_dir/master.key` when absent.
    pub master_key: Option<String>,
    /// Log format.
    pub log_format: LogFormat,
    /// Largest accepted request body in bytes.
    pub body_limit_bytes: usize,
    /// Longest a request may take, in seconds.
    pub request_timeout_secs: u64,
    /// Serve `/metrics` on this address only (a listener of its own, e.g. on an internal
    /// interface) instead of the main listener.
    pub metrics_listen: Option<SocketAddr>,
    /// TLS certificate chain (PEM) for `listen`; with `tls_key`, the server speaks HTTPS and
    /// reloads the pair on SIGHUP and when the files change.
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) belonging to `tls_cert`.
    pub tls_key: Option<PathBuf>,
    /// Bearer token `/metrics` requires (on whichever listener serves it).
    pub metrics_token: Option<String>,
    /// Longest a graceful shutdown waits for open requests after closing the event streams,
    /// in seconds; connections still open then are dropped.
    pub shutdown_grace_secs: u64,
    /// Lifetime of management tokens, in seconds.
    pub management_token_ttl_secs: i64,
    /// Concurrent password hashes (argon2id); default: the number of CPUs.
    pub password_hash_concurrency: Option<usize>,
    /// Deployment mode.
    pub mode: Mode,
    /// Sign-in, sign-up and code-sending requests allowed per client IP per minute.
    pub ip_rate_limit_per_minute: i64,
    /// Take the client IP from `x-forwarded-for` / `x-real-ip` (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// SMTP server for verification emails, e.g. `smtp://user:pass@host:587` or
    /// `smtps://…`; email codes are refused when absent.
    pub smtp_url: Option<String>,
    /// Sender address of verification emails.
    pub smtp_from: String,
    /// SMS delivery: `webhook` (POST JSON to `sms_webhook_url`) or `log` (development only).
    pub sms_provider: Option<String>,
    /// Where the webhook SMS provider posts `{phone, phoneCountryCode, code, channel}`.
    pub sms_webhook_url: Option<String>,
    /// Redis for short-lived state and cross-node notifications (`redis://host:6379`);
    /// in-process when absent (single node).
    pub redis_url: Option<String>,
    /// QR-code validity (s) written into the default pool's settings at every start when set.
    pub qrcode_expires_in: Option<i64>,
    /// QR-ticket validity (s) written into the default pool's settings at every start when set.
    pub qrcode_ticket_expires_in: Option<i64>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: None,
            database_url: None,
            database_max_connections: 10,
            data_dir: PathBuf::from(DEFAULT_DATA_DIR),
            master_key: None,
            log_format: LogFormat::Pretty,
            body_limit_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            shutdown_grace_secs: 10,
            metrics_listen: None,
            tls_cert: None,
            tls_key: None,
            metrics_token: None,
            management_token_ttl_secs: 7200,
            password_hash_concurrency: None,
            mode: Mode::Production,
            ip_rate_limit_per_minute: 60,
            trust_proxy_headers: false,
            smtp_url: None,
            smtp_from: "authgate <no-reply@localhost>".into(),
            sms_provider: None,
            sms_webhook_url: None,
            redis_url: None,
            qrcode_expires_in: None,
            qrcode_ticket_expires_in: None,
        }
    }
}

impl ServerConfig {
    /// Every setting's key (TOML key; `AUTHGATE_<KEY>` in the environment). Other `AUTHGATE_*`
    /// variables are not settings and are ignored.
    pub const KEYS: &'static [&'static str] = &[
        "listen",
        "public_url",
        "database_url",
        "database_max_connections",
        "data_dir",
        "master_key",
        "log_format",
        "body_limit_bytes",
        "request_timeout_secs",
        "shutdown_grace_secs",
        "metrics_listen",
        "tls_cert",
        "tls_key",
        "metrics_token",
        "management_token_ttl_secs",
        "password_hash_concurrency",
        "mode",
        "ip_rate_limit_per_minute",
        "trust_proxy_headers",
        "smtp_url",
        "smtp_from",
        "sms_provider",
        "sms_webhook_url",
        "redis_url",
        "qrcode_expires_in",
        "qrcode_ticket_expires_in",
    ];

    /// The database URL: the configured one, else the SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        match self.database_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => url.to_string(),
            None => format!(
                "sqlite://{}",
                self.data_dir.join(DEFAULT_DATABASE_FILE).display()
            ),
        }
    }

    /// The TLS files, when both `tls_cert` and `tls_key` are set (an error names the missing
    /// one when only one is).
    pub fn tls_files(&self) -> Result<Option<crate::tls::TlsFiles>, crate::tls::TlsError> {
        crate::tls::TlsFiles::from_settings(self.tls_cert.as_deref(), self.tls_key.as_deref())
    }

    /// The public base URL without a trailing slash, given the address actually bound
    /// (`https://` when TLS is on).
    pub fn public_base(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => {
                let host = if bound.ip().is_unspecified() {
                    "127.0.0.1".to_string()
                } else if bound.is_ipv6() {
                    format!("[{}]", bound.ip())
                } else {
                    bound.ip().to_string()
                };
                let scheme = match self.tls_files() {
                    Ok(Some(_)) => "https",
                    _ => "http",
                };
                format!("{scheme}://{host}:{}", bound.port())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_list_every_setting() {
        let v = serde_json::to_value(ServerConfig {
            public_url: Some(String::new()),
            database_url: Some(String::new()),
            master_key: Some(String::new()),
            password_hash_concurrency: Some(1),
            smtp_url: Some(String::new()),
            sms_provider: Some(String::new()),
            sms_webhook_url: Some(String::new()),
            redis_url: Some(String::new()),
            qrcode_expires_in: Some(1),
            qrcode_ticket_expires_in: Some(1),
            metrics_listen: Some(SocketAddr::from(([127, 0, 0, 1], 9090))),
            metrics_token: Some(String::new()),
            tls_cert: Some(PathBuf::new()),
            tls_key: Some(PathBuf::new()),
            ..ServerConfig::default()
        })
        .unwrap();
        let mut fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut keys = ServerConfig::KEYS.to_vec();
        fields.sort_unstable();
        keys.sort_unstable();
        assert_eq!(fields, keys);
    }

    #[test]
    fn the_default_database_lives_in_the_data_folder() {
        let c = ServerConfig {
            data_dir: PathBuf::from("/srv/idp"),
            ..ServerConfig::default()
        };
        assert_eq!(c.database_url(), "sqlite:///srv/idp/authgate.db");
        let c = ServerConfig {
            database_url: Some("postgres://db/authgate".into()),
            ..c
        };
        assert_eq!(c.database_url(), "postgres://db/authgate");
        // An empty value (`AUTHGATE_DATABASE_URL=`) is no setting.
        let c = ServerConfig {
            database_url: Some(String::new()),
            ..c
        };
        assert_eq!(c.database_url(), "sqlite:///srv/idp/authgate.db");
    }

    #[test]
    fn public_base_defaults_to_listen_address() {
        let c = ServerConfig::default();
        assert_eq!(
            c.public_base("0.0.0.0:8080".parse().unwrap()),
            "http://127.0.0.1:8080"
        );
        let c = ServerConfig {
            public_url: Some("https://id.example.com/".into()),
            ..ServerConfig::default()
        };
        assert_eq!(
            c.public_base("127.0.0.1:1".parse().unwrap()),
            "https://id.example.com"
        );
        let c = ServerConfig {
            tls_cert: Some("cert.pem".into()),
            tls_key: Some("key.pem".into()),
            ..ServerConfig::default()
        };
        assert_eq!(
            c.public_base("127.0.0.1:8443".parse().unwrap()),
            "https://127.0.0.1:8443"
        );
    }
}
