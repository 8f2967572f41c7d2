//! Management access keys.

use super::RunIn;
use super::args::Args;
use super::{bool_col, col, fetch_opt};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::AccessKeyFilter;
use authgate_core::access_key::{AccessKey, LAST_USED_GRANULARITY_MS};
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, pool_id, secret_sealed, is_root, enabled, created_at, key_type, \
                       user_id, tenant_id, last_used_at";

fn decode(row: &AnyRow) -> StoreResult<AccessKey> {
    Ok(AccessKey {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        secret_sealed: col(row, "secret_sealed")?,
        is_root: bool_col(row, "is_root")?,
        enabled: bool_col(row, "enabled")?,
        created_at: col(row, "created_at")?,
        key_type: col(row, "key_type")?,
        user_id: col(row, "user_id")?,
        tenant_id: col(row, "tenant_id")?,
        last_used_at: col(row, "last_used_at")?,
    })
}

pub(super) async fn insert<'e, E>(exec: E, key: &AccessKey) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "INSERT INTO access_keys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    sqlx::query(&sql)
        .bind(&key.id)
        .bind(&key.pool_id)
        .bind(&key.secret_sealed)
        .bind(key.is_root)
        .bind(key.enabled)
        .bind(key.created_at)
        .bind(&key.key_type)
        .bind(&key.user_id)
        .bind(&key.tenant_id)
        .bind(key.last_used_at)
        .execute(exec)
        .await?;
    Ok(())
}

pub(super) async fn find_root<'e, E>(exec: E, pool_id: &str) -> StoreResult<Option<AccessKey>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM access_keys WHERE pool_id = $1 AND is_root = $2");
    fetch_opt(sqlx::query(&sql).bind(pool_id).bind(true), exec, decode).await
}

/// Management access keys.
impl Store {
    /// An access key by id.
    pub async fn get_access_key(&self, id: &str) -> StoreResult<Option<AccessKey>> {
        let sql = format!("SELECT {COLUMNS} FROM access_keys WHERE id = $1");
        fetch_opt(
            sqlx::query(&sql).bind(id),
            &mut *self.reader().await?,
            decode,
        )
        .await
    }

    /// The root access key of a pool.
    pub async fn root_access_key(&self, pool_id: &str) -> StoreResult<Option<AccessKey>> {
        find_root(&mut *self.reader().await?, pool_id).await
    }

    /// Stores a new access key.
    pub async fn insert_access_key(&self, key: &AccessKey) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert(&mut *w, key).await?;
        w.commit().await
    }

    /// A pool's access keys, oldest first.
    pub async fn list_access_keys(
        &self,
        pool_id: &str,
        filter: &AccessKeyFilter,
    ) -> StoreResult<Vec<AccessKey>> {
        let mut args = Args::default();
        let mut sql = format!(
            "SELECT {COLUMNS} FROM access_keys WHERE pool_id = {}",
            args.add(pool_id)
        );
        for (column, value) in [
            ("user_id", &filter.user_id),
            ("tenant_id", &filter.tenant_id),
            ("key_type", &filter.key_type),
        ] {
            if let Some(v) = value {
                sql.push_str(&format!(" AND {column} = {}", args.add(v.as_str())));
            }
        }
        if let Some(enabled) = filter.enabled {
            sql.push_str(&format!(" AND enabled = {}", args.add(enabled)));
        }
        sql.push_str(" ORDER BY created_at, id");
        let rows = args
            .bind(&sql)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(decode).collect()
    }

    /// Enables or disables a key of a pool; false when it does not exist.
    pub async fn set_access_key_enabled(
        &self,
        pool_id: &str,
        id: &str,
        enabled: bool,
    ) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE access_keys SET enabled = $1 WHERE pool_id = $2 AND id = $3")
                .bind(enabled)
                .bind(pool_id)
                .bind(id)
                .run_in(self)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes a key of a pool; false when it did not exist.
    pub async fn delete_access_key(&self, pool_id: &str, id: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM access_keys WHERE pool_id = $1 AND id = $2")
            .bind(pool_id)
            .bind(id)
            .run_in(self)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records that a key authenticated a request at `now`.
    pub async fn touch_access_key(&self, id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE access_keys SET last_used_at = $1 WHERE id = $2 \
             AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - LAST_USED_GRANULARITY_MS)
        .run_in(self)
        .await?;
        Ok(())
    }
}
