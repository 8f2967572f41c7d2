//! Per-account lockout: after the pool's maximum of failed sign-ins within its window the
//! account is refused (GenAuth 403/2057) until the window ends; a success clears the count.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user_pool::UserPool;
use authgate_store::ephemeral::Key;

fn key<'a>(pool: &'a UserPool, user_id: &'a str) -> Key<'a> {
    Key::Lockout {
        pool: &pool.id,
        user: user_id,
    }
}

/// Refuses a locked account.
pub async fn ensure_unlocked(
    state: &Services,
    pool: &UserPool,
    user_id: &str,
) -> Result<(), ApiError> {
    let k = key(pool, user_id);
    let failures = state
        .ephemeral
        .get(&k)
        .await
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    if failures >= i64::from(pool.settings.login_lockout.max_attempts.max(1)) {
        let left = state.ephemeral.ttl_ms(&k).await.unwrap_or(0);
        return Err(Msg::AccountLocked {
            minutes: (left + 59_999) / 60_000,
        }
        .into());
    }
    Ok(())
}

/// Counts a failed sign-in.
pub async fn record_failure(state: &Services, pool: &UserPool, user_id: &str) {
    let window = pool.settings.login_lockout.window_secs.max(1) * 1000;
    state.ephemeral.incr(&key(pool, user_id), window).await;
}

/// Clears the count after a successful sign-in.
pub async fn clear(state: &Services, pool: &UserPool, user_id: &str) {
    state.ephemeral.del(&key(pool, user_id)).await;
}
