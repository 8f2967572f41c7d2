//! Consents given on the consent page.

use super::RunIn;
use super::{col, fetch_opt};
use crate::Store;
use crate::error::StoreResult;

/// Consents given on the consent page: the scopes a user granted an application.
impl Store {
    /// The scope (space-separated) `user_id` granted `app_id`, if any.
    pub async fn get_consent(&self, user_id: &str, app_id: &str) -> StoreResult<Option<String>> {
        fetch_opt(
            sqlx::query("SELECT scope FROM consents WHERE user_id = $1 AND app_id = $2")
                .bind(user_id)
                .bind(app_id),
            &mut *self.reader().await?,
            |row| col(row, "scope"),
        )
        .await
    }

    /// Records that `user_id` (of `pool_id`) granted `app_id` exactly `scope`, replacing what
    /// was granted before.
    pub async fn put_consent(
        &self,
        pool_id: &str,
        user_id: &str,
        app_id: &str,
        scope: &str,
        now: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO consents (user_id, app_id, pool_id, scope, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (user_id, app_id) DO UPDATE SET scope = excluded.scope, \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(app_id)
        .bind(pool_id)
        .bind(scope)
        .bind(now)
        .bind(now)
        .run_in(self)
        .await?;
        Ok(())
    }
}
