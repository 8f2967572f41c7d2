//! User pools: the tenant boundary. Every user, application and access key belongs to one.

use crate::clock::EpochMillis;

/// A user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool {
    /// Pool id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether this is the deployment's default pool (made by `authgate init`).
    pub is_default: bool,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}
