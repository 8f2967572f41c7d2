//! Management access keys (AK/SK) used by the management API's two authentication schemes.
//!
//! The secret is kept *encrypted* (not hashed) at rest: the Node SDK's HMAC-SHA1 request
//! signing (spec §1.6.2) needs the server to recompute the signature with the plaintext secret.

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
}

impl AccessKey {
    /// The encryption context binding a sealed secret to its key id.
    pub fn seal_context(id: &str) -> String {
        format!("access-key:{id}")
    }
}
