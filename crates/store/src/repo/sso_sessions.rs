//! The hosted pages' single sign-on sessions.

/// One browser's session of one pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSessionRow {
    /// The pool.
    pub pool_id: String,
    /// The signed-in user.
    pub user_id: String,
    /// When the user authenticated (ms).
    pub auth_time: i64,
    /// End of validity (ms).
    pub expires_at: i64,
    /// Names the token sessions opened through this session.
    pub handle: String,
}
