//! [`Services`]: what the operations need (storage, clock, keys, senders, settings), in one
//! cheap handle every surface holds. Nothing of HTTP is here: the server keeps its own state
//! (configuration, body limit, shutdown) beside it.

use crate::keys::KeyRing;
use crate::notify::Notifier;
use crate::passwords::PasswordPool;
use crate::test_seam::TestSeam;
use authgate_core::clock::SharedClock;
use authgate_core::secret_box::MasterKey;
use authgate_store::{Ephemeral, Store};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Whether the deployment is for development (codes may be logged by the log SMS sender) or
/// production (they never are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Safe defaults: secrets and codes never reach the log.
    #[default]
    Production,
    /// Local development conveniences allowed.
    Development,
}

/// What [`Services`] holds.
#[derive(Debug)]
pub struct Parts {
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
    /// Short-lived state: codes, one-time tokens, counters.
    pub ephemeral: Ephemeral,
    /// Email and SMS senders of verification codes.
    pub notify: Notifier,
    /// Test seam: points where tests hold a request to reproduce a race (none in production).
    pub test_seam: TestSeam,
    /// Public base URL (no trailing slash).
    pub public_base: String,
    /// Management token lifetime (s).
    pub management_token_ttl: i64,
    /// Per-IP limit of sign-in, sign-up and code requests per minute (0 or less: none).
    pub ip_rate_limit_per_minute: i64,
}

/// The handle to the operations' dependencies (cheap to clone: one `Arc`).
#[derive(Debug, Clone)]
pub struct Services {
    parts: Arc<Parts>,
}

impl Services {
    /// Wraps the parts.
    pub fn new(parts: Parts) -> Self {
        Self {
            parts: Arc::new(parts),
        }
    }

    /// The OIDC issuer: public base URL + `/oidc`.
    pub fn issuer(&self) -> String {
        format!("{}/oidc", self.parts.public_base)
    }
}

impl std::ops::Deref for Services {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.parts
    }
}
