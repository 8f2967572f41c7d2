//! The signed-in user of `/api/v3` user endpoints: a valid access token in `authorization`,
//! raw (as the official SDKs send it) or as `Bearer`.

use crate::http::AppError;
use crate::state::AppState;
use crate::tokens;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::token::AccessClaims;
use authgate_core::user::{User, UserKey};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

/// The user a request acts as.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The user, as stored now.
    pub user: User,
    /// The verified access token.
    pub claims: AccessClaims,
}

/// The token in an `authorization` value: `Bearer x` or the raw token.
pub fn bearer_or_raw(value: &str) -> Option<&str> {
    let value = value.trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        Some(_) => return None,
        None => value,
    };
    (!token.is_empty()).then_some(token)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_or_raw)
            .ok_or_else(ApiError::not_logged_in)?;
        let claims = tokens::verify_access(state, token).await?;
        let user = state
            .store
            .get_user(&claims.pool, &UserKey::Id(claims.sub.clone()))
            .await?
            .ok_or_else(ApiError::not_logged_in)?;
        if !user.status.may_sign_in() {
            return Err(ApiError::from(Msg::AccountDisabled {
                status: user.status.as_str().into(),
            })
            .into());
        }
        crate::request_log::record_user(&user.id);
        Ok(CurrentUser { user, claims })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_forms() {
        assert_eq!(bearer_or_raw("Bearer abc"), Some("abc"));
        assert_eq!(bearer_or_raw("abc.def.ghi"), Some("abc.def.ghi"));
        assert_eq!(bearer_or_raw("Basic Zm9v"), None);
        assert_eq!(bearer_or_raw(" "), None);
    }
}
