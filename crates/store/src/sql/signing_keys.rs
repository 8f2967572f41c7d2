//! Token signing keys.

use super::{bool_col, col};
use crate::Store;
use crate::error::StoreResult;
use crate::repo::{SigningKeyRepo, StoredSigningKey};

impl SigningKeyRepo for Store {
    async fn list_signing_keys(&self) -> StoreResult<Vec<StoredSigningKey>> {
        let rows = sqlx::query(
            "SELECT kid, alg, private_sealed, active, created_at, retire_at \
             FROM signing_keys ORDER BY created_at DESC, kid DESC",
        )
        .fetch_all(&self.pool)
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

    async fn insert_signing_key(&self, key: &StoredSigningKey) -> StoreResult<()> {
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
