//! The state every handler shares.

use crate::config::ServerConfig;
use crate::keys::KeyRing;
use crate::passwords::PasswordPool;
use authgate_core::clock::SharedClock;
use authgate_core::secret_box::MasterKey;
use authgate_store::{Ephemeral, Store};
use std::sync::Arc;

/// Shared application state (cheap to clone).
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// What [`AppState`] holds.
#[derive(Debug)]
pub struct Inner {
    /// Durable storage.
    pub store: Store,
    /// The time source.
    pub clock: SharedClock,
    /// Encryption at rest.
    pub master: MasterKey,
    /// Signing keys.
    pub keys: KeyRing,
    /// Bounded argon2id pool.
    pub passwords: PasswordPool,
    /// Public base URL (no trailing slash).
    pub public_base: String,
    /// Management token lifetime (s).
    pub management_token_ttl: i64,
    /// Largest accepted request body (bytes).
    pub body_limit: usize,
    /// Short-lived state: codes, one-time tokens, counters.
    pub ephemeral: Ephemeral,
    /// The configuration the server started with.
    pub config: ServerConfig,
    /// Email and SMS senders of verification codes.
    pub notify: crate::notify::Notifier,
    /// The discovery document, rendered once on first use (it depends only on the issuer).
    pub discovery: std::sync::OnceLock<axum::body::Bytes>,
    /// Test seam: points where tests hold a request to reproduce a race (none in production).
    pub test_seam: crate::test_seam::TestSeam,
    /// Raised when the server begins to stop; long-lived streams end on it.
    pub shutdown: crate::shutdown::Shutdown,
}

impl AppState {
    /// Wraps the parts.
    pub fn new(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The OIDC issuer: public base URL + `/oidc`.
    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.inner.public_base)
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}
