//! Changing a user: the caller says which fields it sets ([`UserPatch`]); the result is
//! validated against the user as stored and only those fields are written, so a concurrent
//! writer's change (an administrator's, a sign-in's) is never undone.
//!
//! Validation needs the whole user (at least one identifier must remain, say), so the write is
//! conditional on the user not having changed since it was read (`updated_at`, which every
//! change moves). When it has, the patch is validated again on the new state and retried.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::user::{User, UserKey};
use authgate_store::{PatchOutcome, UserPatch};

/// How often a patch is re-validated and retried when the user keeps changing under it.
const ATTEMPTS: usize = 8;

/// Applies `patch` to user `user_id` of `pool_id`: validates the result on the stored user,
/// writes only the patch, and answers the user as stored afterwards (404 when there is none).
/// A patch that forbids signing in or sets a password ends the user's sessions in the same
/// transaction.
pub async fn apply(
    state: &Services,
    pool_id: &str,
    user_id: &str,
    patch: &UserPatch,
) -> Result<User, ApiError> {
    let key = UserKey::Id(user_id.to_string());
    for _ in 0..ATTEMPTS {
        let Some(mut user) = state.store.get_user(pool_id, &key).await? else {
            break;
        };
        let now = state.clock.now_millis();
        let read_at = user.updated_at;
        patch.apply_to(&mut user, now);
        user.validate()?;
        match state
            .store
            .patch_user(pool_id, user_id, patch, Some(read_at), now)
            .await?
        {
            PatchOutcome::Updated(stored) => return Ok(*stored),
            PatchOutcome::NotFound => break,
            PatchOutcome::Stale => continue,
        }
    }
    if state.store.get_user(pool_id, &key).await?.is_none() {
        return Err(ApiError::user_not_found());
    }
    // Changed under us on every attempt: the caller may try again later.
    Err(ApiError::rate_limited())
}

/// Writes what the caller changed on its copy `after` of the user `before` it read (see
/// [`UserPatch::between`]), and refreshes `after` to the user as stored.
pub async fn save_changes(
    state: &Services,
    before: &User,
    after: &mut User,
) -> Result<(), ApiError> {
    let patch = UserPatch::between(before, after);
    *after = apply(state, &before.pool_id, &before.id, &patch).await?;
    Ok(())
}
