//! SSO sessions of the hosted pages.

use super::RunIn;
use super::col;
use crate::Store;
use crate::error::StoreResult;
use crate::repo::SsoSessionRow;

/// SSO sessions, keyed by the SHA-256 of the browser's cookie value (never the value).
impl Store {
    /// The live sessions (`expires_at > now`) of browser `browser_hash`.
    pub async fn sso_sessions(
        &self,
        browser_hash: &str,
        now: i64,
    ) -> StoreResult<Vec<SsoSessionRow>> {
        let rows = sqlx::query(
            "SELECT pool_id, user_id, auth_time, expires_at, handle FROM sso_sessions \
             WHERE browser_hash = $1 AND expires_at > $2",
        )
        .bind(browser_hash)
        .bind(now)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SsoSessionRow {
                    pool_id: col(row, "pool_id")?,
                    user_id: col(row, "user_id")?,
                    auth_time: col(row, "auth_time")?,
                    expires_at: col(row, "expires_at")?,
                    handle: col(row, "handle")?,
                })
            })
            .collect()
    }

    /// Makes `rows` the sessions of browser `browser_hash` (none: the browser has none left).
    pub async fn replace_sso_sessions(
        &self,
        browser_hash: &str,
        rows: &[SsoSessionRow],
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sso_sessions WHERE browser_hash = $1")
            .bind(browser_hash)
            .execute(&mut *tx)
            .await?;
        for r in rows {
            sqlx::query(
                "INSERT INTO sso_sessions \
                 (browser_hash, pool_id, user_id, auth_time, expires_at, handle) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(browser_hash)
            .bind(&r.pool_id)
            .bind(&r.user_id)
            .bind(r.auth_time)
            .bind(r.expires_at)
            .bind(&r.handle)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ends every SSO session of a user (kicked, disabled); the number ended.
    pub async fn end_user_sso_sessions(&self, pool_id: &str, user_id: &str) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM sso_sessions WHERE pool_id = $1 AND user_id = $2")
                .bind(pool_id)
                .bind(user_id)
                .run_in(self)
                .await?
                .rows_affected(),
        )
    }

    /// Drops expired sessions; the number dropped.
    pub async fn sweep_sso_sessions(&self, now: i64) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM sso_sessions WHERE expires_at <= $1")
                .bind(now)
                .run_in(self)
                .await?
                .rows_affected(),
        )
    }
}
