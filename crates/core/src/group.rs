//! User groups (spec §5.3.5): a code, a name and a set of users.

use crate::clock::EpochMillis;

/// The group type when none is given.
pub const DEFAULT_GROUP_TYPE: &str = "static";

/// A group of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Internal id (memberships and grants refer to it).
    pub id: String,
    /// Owning pool.
    pub pool_id: String,
    /// Code, unique in the pool.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Type as the caller named it (`static` by default).
    pub group_type: String,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}
