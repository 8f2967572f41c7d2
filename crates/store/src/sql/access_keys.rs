//! Management access keys.

use super::{bool_col, col, fetch_opt};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::AccessKeyRepo;
use authgate_core::access_key::AccessKey;
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, pool_id, secret_sealed, is_root, enabled, created_at";

fn decode(row: &AnyRow) -> StoreResult<AccessKey> {
    Ok(AccessKey {
        id: col(row, "id")?,
        pool_id: col(row, "pool_id")?,
        secret_sealed: col(row, "secret_sealed")?,
        is_root: bool_col(row, "is_root")?,
        enabled: bool_col(row, "enabled")?,
        created_at: col(row, "created_at")?,
    })
}

pub(super) async fn insert<'e, E>(exec: E, key: &AccessKey) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("INSERT INTO access_keys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)");
    sqlx::query(&sql)
        .bind(&key.id)
        .bind(&key.pool_id)
        .bind(&key.secret_sealed)
        .bind(key.is_root)
        .bind(key.enabled)
        .bind(key.created_at)
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

impl AccessKeyRepo for Store {
    async fn get_access_key(&self, id: &str) -> StoreResult<Option<AccessKey>> {
        let sql = format!("SELECT {COLUMNS} FROM access_keys WHERE id = $1");
        fetch_opt(sqlx::query(&sql).bind(id), &self.pool, decode).await
    }

    async fn root_access_key(&self, pool_id: &str) -> StoreResult<Option<AccessKey>> {
        find_root(&self.pool, pool_id).await
    }
}
