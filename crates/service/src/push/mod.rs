//! Push login (spec §3.2) on the server side: codes kept in the ephemeral store, answers
//! applied with a claim and compare-and-set, the token set handed out once, every change
//! published so the web side and the user's devices learn it at once.
//!
//! **Push target.** GenAuth pushes to its own authenticator app. In authgate a user can
//! receive pushes when they are signed in somewhere: they have at least one active session
//! (not revoked, not over) in an application of their user pool — typically the
//! organisation's mobile app, which follows `GET /api/v3/pushcode-stream` with the user's
//! token and answers with `set-pushcode-status`. A user without one cannot be pushed to.

pub mod devices;
pub mod store;

use crate::Services;
use authgate_core::ApiError;
use authgate_core::user::User;

/// Validity of a push code (s): the `expireTime` answered by `signin-by-push`.
pub const EXPIRES_IN_SECS: i64 = 120;

/// Whether `user` can receive pushes: an active session in an application of their pool.
pub async fn reachable(state: &Services, user: &User) -> Result<bool, ApiError> {
    let now = state.clock.now_millis();
    Ok(state
        .store
        .has_active_session(&user.pool_id, &user.id, now)
        .await?)
}
