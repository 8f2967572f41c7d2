//! Management access keys (AK/SK) used by the management API's two authentication schemes.
//!
//! The secret is kept *encrypted* (not hashed) at rest: the Node SDK's HMAC-SHA1 request
//! signing (spec §1.6.2) needs the server to recompute the signature with the plaintext secret.
//! A hash would do for the bearer-token exchange, but one key serves both schemes, so the secret
//! is sealed (AES-256-GCM under the master key, bound to the key id) and only ever shown in the
//! answer of `create-access-key`.

use crate::clock::EpochMillis;

/// An access key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key id.
    pub id: String,
    /// The user pool it manages.
    pub pool_id: String,
    /// The secret, sealed with the master key (context [`AccessKey::seal_context`]).
    pub secret_sealed: String,
    /// Whether this is the pool's root key made by `authgate init`.
    pub is_root: bool,
    /// Disabled keys authenticate nothing.
    pub enabled: bool,
    /// Creation time.
    pub created_at: EpochMillis,
    /// GenAuth's key type (`userpool` for the root key; whatever `create-access-key` named).
    pub key_type: String,
    /// The (collaborator) user the key belongs to, as given at creation.
    pub user_id: Option<String>,
    /// The tenant the key belongs to, as given at creation.
    pub tenant_id: Option<String>,
    /// When the key last authenticated a request (kept to the minute).
    pub last_used_at: Option<EpochMillis>,
}

/// `last_used_at` is written at most this often per key (ms), so authenticating stays a read.
pub const LAST_USED_GRANULARITY_MS: EpochMillis = 60_000;

/// The key type of root keys and of keys created without a more specific type.
pub const DEFAULT_KEY_TYPE: &str = "userpool";

impl AccessKey {
    /// The encryption context binding a sealed secret to its key id.
    pub fn seal_context(id: &str) -> String {
        format!("access-key:{id}")
    }

    /// Whether `last_used_at` is stale enough at `now` to be written again.
    pub fn last_use_due(&self, now: EpochMillis) -> bool {
        self.last_used_at
            .is_none_or(|t| t < now - LAST_USED_GRANULARITY_MS)
    }
}
