//! First-run set-up, idempotent and safe against two `init`s racing.

use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::repo::Defaults;

/// First-run set-up.
impl Store {
    /// Stores `candidate`'s pool, key and app where no default exists yet, and returns the
    /// defaults that are in force afterwards (the existing ones on every later run).
    pub async fn ensure_defaults(&self, candidate: Defaults) -> StoreResult<Defaults> {
        // A racing init may win between our read and our insert; its rows are then the
        // defaults, so read again once after a conflict.
        match try_ensure(self, &candidate).await {
            Err(StoreError::Conflict { .. }) => try_ensure(self, &candidate).await,
            other => other,
        }
    }
}

async fn try_ensure(store: &Store, candidate: &Defaults) -> StoreResult<Defaults> {
    let mut tx = store.begin_write().await?;
    let pool = match super::pools::find_default(&mut *tx).await? {
        Some(p) => p,
        None => {
            super::pools::insert(&mut *tx, &candidate.pool).await?;
            candidate.pool.clone()
        }
    };
    let access_key = match super::access_keys::find_root(&mut *tx, &pool.id).await? {
        Some(k) => k,
        None => {
            let mut k = candidate.access_key.clone();
            k.pool_id.clone_from(&pool.id);
            super::access_keys::insert(&mut *tx, &k).await?;
            k
        }
    };
    let app = match super::apps::find_default(&mut *tx, &pool.id).await? {
        Some(a) => a,
        None => {
            let mut a = candidate.app.clone();
            a.pool_id.clone_from(&pool.id);
            super::apps::insert(&mut *tx, &a).await?;
            a
        }
    };
    tx.commit().await?;
    Ok(Defaults {
        pool,
        access_key,
        app,
    })
}
