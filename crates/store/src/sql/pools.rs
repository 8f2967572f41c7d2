//! User pools.

use super::RunIn;
use super::{bool_col, col, fetch_opt, json_col, to_json};
use crate::Store;
use crate::error::StoreResult;
use authgate_core::user_pool::{PoolSettings, UserPool};
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, name, is_default, settings, created_at, updated_at";

pub(super) fn decode(row: &AnyRow) -> StoreResult<UserPool> {
    Ok(UserPool {
        id: col(row, "id")?,
        name: col(row, "name")?,
        is_default: bool_col(row, "is_default")?,
        settings: json_col(row, "settings")?,
        created_at: col(row, "created_at")?,
        updated_at: col(row, "updated_at")?,
    })
}

pub(super) async fn insert<'e, E>(exec: E, pool: &UserPool) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO user_pools (id, name, is_default, settings, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&pool.id)
    .bind(&pool.name)
    .bind(pool.is_default)
    .bind(to_json(&pool.settings)?)
    .bind(pool.created_at)
    .bind(pool.updated_at)
    .execute(exec)
    .await?;
    Ok(())
}

pub(super) async fn find_default<'e, E>(exec: E) -> StoreResult<Option<UserPool>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM user_pools WHERE is_default = $1");
    fetch_opt(sqlx::query(&sql).bind(true), exec, decode).await
}

/// User pools.
impl Store {
    /// The deployment's default pool, if `init` has run.
    pub async fn default_pool(&self) -> StoreResult<Option<UserPool>> {
        find_default(&mut *self.reader().await?).await
    }

    /// A pool by id.
    pub async fn get_pool(&self, id: &str) -> StoreResult<Option<UserPool>> {
        let sql = format!("SELECT {COLUMNS} FROM user_pools WHERE id = $1");
        fetch_opt(
            sqlx::query(&sql).bind(id),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// Stores a new pool.
    pub async fn insert_pool(&self, pool: &UserPool) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert(&mut *w, pool).await?;
        w.commit().await
    }

    /// Replaces a pool's security settings; false when the pool does not exist.
    pub async fn update_pool_settings(
        &self,
        id: &str,
        settings: &PoolSettings,
        now: i64,
    ) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE user_pools SET settings = $1, updated_at = $2 WHERE id = $3")
                .bind(to_json(settings)?)
                .bind(now)
                .bind(id)
                .run_in(self)
                .await?;
        Ok(done.rows_affected() > 0)
    }
}
