//! The state every handler shares: the [`Services`] of the operations, and beside them what
//! only HTTP needs (configuration, discovery bytes, body limit, shutdown).

use crate::config::ServerConfig;
use authgate_service::Services;
use std::sync::Arc;

/// Shared application state (cheap to clone). Dereferences to [`Inner`], which dereferences
/// to the [`Services`], so `state.store` and `&state` as `&Services` both work.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// What [`AppState`] holds.
#[derive(Debug)]
pub struct Inner {
    /// The operations' dependencies.
    pub services: Services,
    /// Largest accepted request body (bytes).
    pub body_limit: usize,
    /// The configuration the server started with.
    pub config: ServerConfig,
    /// The discovery document, rendered once on first use (it depends only on the issuer).
    pub discovery: std::sync::OnceLock<axum::body::Bytes>,
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
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

impl std::ops::Deref for Inner {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.services
    }
}
