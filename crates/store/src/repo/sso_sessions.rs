//! The hosted pages' single sign-on sessions.

use crate::error::StoreResult;
use std::future::Future;

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

/// SSO sessions, keyed by the SHA-256 of the browser's cookie value (never the value).
pub trait SsoSessionRepo {
    /// The live sessions (`expires_at > now`) of browser `browser_hash`.
    fn sso_sessions(
        &self,
        browser_hash: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<Vec<SsoSessionRow>>> + Send;
    /// Makes `rows` the sessions of browser `browser_hash` (none: the browser has none left).
    fn replace_sso_sessions(
        &self,
        browser_hash: &str,
        rows: &[SsoSessionRow],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Ends every SSO session of a user (kicked, disabled); the number ended.
    fn end_user_sso_sessions(
        &self,
        pool_id: &str,
        user_id: &str,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Drops expired sessions; the number dropped.
    fn sweep_sso_sessions(&self, now: i64) -> impl Future<Output = StoreResult<u64>> + Send;
}
