//! User groups and their members.

/// A search over a pool's groups.
#[derive(Debug, Clone, Default)]
pub struct GroupQuery {
    /// Case-insensitive substring of the code or name.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}
