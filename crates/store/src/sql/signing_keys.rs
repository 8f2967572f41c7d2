//! Token signing keys.

use super::{bool_col, col};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::StoredSigningKey;

/// Token signing keys.
impl Store {
    /// Every key not yet retired, newest first.
    pub async fn list_signing_keys(&self) -> StoreResult<Vec<StoredSigningKey>> {
        let rows = sqlx::query(
            "SELECT kid, alg, private_sealed, active, created_at, retire_at \
             FROM signing_keys ORDER BY created_at DESC, kid DESC",
        )
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredSigningKey {
                    kid: col(row, "kid")?,
                    alg: col(row, "alg")?,
                    private_sealed: col(row, "private_sealed")?,
                    active: bool_col(row, "active")?,
                    created_at: col(row, "created_at")?,
                    retire_at: col(row, "retire_at")?,
                })
            })
            .collect()
    }

    /// Stores a new key.
    pub async fn insert_signing_key(&self, key: &StoredSigningKey) -> StoreResult<()> {
        let mut w = self.writer().await?;
        insert(&mut *w, key).await?;
        w.commit().await
    }

    /// Makes `key` (active) the signing key of its `alg`: in one transaction, every other
    /// active key of that `alg` stops signing and is given `retire_at`. Concurrent rotations
    /// are serialised, so exactly one key stays active.
    pub async fn rotate_signing_key(
        &self,
        key: &StoredSigningKey,
        retire_at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        // Takes the row locks of every key of the table first (PostgreSQL): a concurrent
        // rotation waits here until this one commits, and its next statements then see this
        // key. SQLite's BEGIN IMMEDIATE already serialises writers.
        sqlx::query("UPDATE signing_keys SET created_at = created_at")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE signing_keys SET active = $1, retire_at = $2 \
             WHERE alg = $3 AND active = $4",
        )
        .bind(false)
        .bind(retire_at)
        .bind(&key.alg)
        .bind(true)
        .execute(&mut *tx)
        .await?;
        insert(&mut *tx, key).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert<'e, E>(exec: E, key: &StoredSigningKey) -> StoreResult<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    {
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, private_sealed, active, created_at, retire_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&key.kid)
        .bind(&key.alg)
        .bind(&key.private_sealed)
        .bind(key.active)
        .bind(key.created_at)
        .bind(key.retire_at)
        .execute(exec)
        .await?;
        Ok(())
    }
}
