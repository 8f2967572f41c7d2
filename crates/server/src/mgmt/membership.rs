//! Pieces shared by the role and group handlers: list sizes, the user a membership call
//! names, and optional text fields.

use super::users::{find_user, user_key};
use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::user::User;

/// Largest number of items (codes, targets, user ids) one call may name.
pub const MAX_ITEMS: usize = 50;

/// Longest name or type accepted.
const MAX_NAME: usize = 128;
/// Longest description accepted.
const MAX_DESCRIPTION: usize = 1024;

/// Checks that list parameter `name` has 1 to [`MAX_ITEMS`] items.
pub fn items(name: &str, n: usize) -> Result<(), AppError> {
    if n == 0 {
        return Err(ApiError::invalid(name, "must not be empty").into());
    }
    if n > MAX_ITEMS {
        return Err(ApiError::invalid(name, format!("at most {MAX_ITEMS} items per call")).into());
    }
    Ok(())
}

/// The user of the pool named by `id` per `user_id_type` (404 when there is none).
pub async fn member(
    state: &AppState,
    pool_id: &str,
    id: String,
    user_id_type: Option<&str>,
) -> Result<User, AppError> {
    if id.trim().is_empty() {
        return Err(ApiError::invalid("userId", "must not be empty").into());
    }
    let key = user_key(id, user_id_type)?;
    find_user(state, pool_id, &key).await
}

/// A display name: absent or blank falls back to `default`; at most 128 characters.
pub fn name(v: Option<String>, default: &str) -> Result<String, AppError> {
    let v = v
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| default.to_string());
    if v.chars().count() > MAX_NAME {
        return Err(ApiError::invalid("name", format!("at most {MAX_NAME} characters")).into());
    }
    Ok(v)
}

/// A description: empty is none; at most 1024 characters.
pub fn description(v: Option<String>) -> Result<Option<String>, AppError> {
    let v = v.filter(|s| !s.is_empty());
    if v.as_ref()
        .is_some_and(|s| s.chars().count() > MAX_DESCRIPTION)
    {
        return Err(ApiError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION} characters"),
        )
        .into());
    }
    Ok(v)
}
