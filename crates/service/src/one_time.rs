//! One-time tokens of self-service account changes: the `updateEmailToken`,
//! `updatePhoneToken`, `passwordResetToken` and `deleteAccountToken` handed out by the
//! verify-…-request calls once their proof (codes, password) is checked.
//!
//! A token is 43 random alphanumeric characters (≈256 bits) from the OS CSPRNG. The ephemeral
//! store keeps only its SHA-256, under a key naming its purpose, with the pool and user it was
//! issued to and the change it authorises. It lives [`TTL_SECS`] and is taken (deleted) on its
//! first presentation whatever the outcome, so a token that leaked to another account is dead
//! after one try. Wrong, used, expired, other purpose, other pool or other user all answer
//! the same 401/40111.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_store::ephemeral::Key;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Lifetime of every one-time token, in seconds (`tokenExpiresIn`).
pub const TTL_SECS: i64 = 300;

/// Length of a token.
const TOKEN_LEN: usize = 43;

/// What a token authorises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `update-email`.
    UpdateEmail,
    /// `update-phone`.
    UpdatePhone,
    /// `reset-password` (and `update-password` without the old password).
    ResetPassword,
    /// `delete-account`.
    DeleteAccount,
}

impl Purpose {
    fn key_part(self) -> &'static str {
        match self {
            Purpose::UpdateEmail => "update-email",
            Purpose::UpdatePhone => "update-phone",
            Purpose::ResetPassword => "reset-password",
            Purpose::DeleteAccount => "delete-account",
        }
    }
}

/// What the store keeps for a token.
#[derive(Serialize, Deserialize)]
struct Record<T> {
    pool: String,
    user: String,
    data: T,
}

fn key(purpose: Purpose, token: &str) -> Key<'_> {
    Key::OneTimeToken {
        purpose: purpose.key_part(),
        token,
    }
}

/// The error of any unusable token.
pub fn invalid() -> ApiError {
    ApiError::from(Msg::TokenInvalid)
}

/// Issues a token for `purpose`, bound to a user of a pool and carrying `data`.
pub async fn issue<T: Serialize>(
    state: &Services,
    purpose: Purpose,
    pool_id: &str,
    user_id: &str,
    data: T,
) -> Result<String, ApiError> {
    let token = authgate_core::ids::new_alnum(TOKEN_LEN)?;
    let record = Record {
        pool: pool_id.to_string(),
        user: user_id.to_string(),
        data,
    };
    let value = serde_json::to_string(&record).map_err(|e| {
        tracing::error!(error = %e, "one-time token record not serializable");
        ApiError::internal()
    })?;
    state
        .ephemeral
        .set(&key(purpose, &token), &value, TTL_SECS * 1000)
        .await;
    Ok(token)
}

/// Takes a token of `purpose` issued in `pool_id` (to `user_id` when given); answers the user
/// it was issued to and its data.
pub async fn redeem<T: DeserializeOwned>(
    state: &Services,
    purpose: Purpose,
    token: &str,
    pool_id: &str,
    user_id: Option<&str>,
) -> Result<(String, T), ApiError> {
    let token = token.trim();
    if token.len() != TOKEN_LEN {
        return Err(invalid());
    }
    let stored = state
        .ephemeral
        .take(&key(purpose, token))
        .await
        .ok_or_else(invalid)?;
    let record: Record<T> = serde_json::from_str(&stored).map_err(|_| invalid())?;
    if record.pool != pool_id || user_id.is_some_and(|u| u != record.user) {
        return Err(invalid());
    }
    Ok((record.user, record.data))
}
