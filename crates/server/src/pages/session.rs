//! The browser's single sign-on session, opened when a hosted page signs a user in.
//!
//! Cookie `authgate_session` (Path `/`, `HttpOnly`, `SameSite=Lax` so it comes along when an
//! application sends the browser back to authgate, `Secure` when the public URL is https)
//! holds a random session id (256 bits, hex). Only its SHA-256 is a key of the ephemeral store:
//! `sso:{sha256(id)}` → JSON [`SsoSession`] `{user_id, pool_id, auth_time}`, living
//! [`SESSION_TTL_MS`]. Each sign-in opens a new id (and forgets the one the browser had), so a
//! planted cookie never becomes a signed-in session. The OIDC authorization endpoint reads it
//! with [`current`].

use super::cookies::{self, SameSite, SetCookie};
use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::token::sha256_hex;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

/// Name of the session cookie.
pub const COOKIE: &str = "authgate_session";
/// Lifetime of a session (ms): 14 days, GenAuth's default login-state duration.
pub const SESSION_TTL_MS: i64 = 14 * 24 * 3600 * 1000;

/// What a session id stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoSession {
    /// The signed-in user.
    pub user_id: String,
    /// The user's pool.
    pub pool_id: String,
    /// When the user authenticated (epoch milliseconds; OIDC's `auth_time` is this / 1000).
    pub auth_time: i64,
}

fn key(id: &str) -> String {
    format!("sso:{}", sha256_hex(id))
}

/// Opens a session for `session`, forgetting the one the request's cookie named; answers
/// the `Set-Cookie` value.
pub async fn open(
    state: &AppState,
    headers: &HeaderMap,
    session: &SsoSession,
) -> Result<String, AppError> {
    if let Some(old) = cookies::read(headers, COOKIE) {
        state.ephemeral.take(&key(old)).await;
    }
    let id = authgate_core::ids::new_secret_hex(32)?;
    let text = serde_json::to_string(session).map_err(|_| AppError(ApiError::internal()))?;
    state.ephemeral.set(&key(&id), &text, SESSION_TTL_MS).await;
    Ok(SetCookie {
        name: COOKIE,
        value: &id,
        path: "/",
        max_age_secs: SESSION_TTL_MS / 1000,
        same_site: SameSite::Lax,
        secure: cookies::secure(state),
    }
    .header())
}

/// The live session the request's cookie names, if any.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Option<SsoSession> {
    let id = cookies::read(headers, COOKIE)?;
    let raw = state.ephemeral.get(&key(id)).await?;
    serde_json::from_str(&raw).ok()
}

/// Ends the session the request's cookie names (if any) and answers the `Set-Cookie` value
/// that clears the cookie. Answers the ended session so the caller can revoke what it issued.
pub async fn end(state: &AppState, headers: &HeaderMap) -> (Option<SsoSession>, String) {
    let ended = match cookies::read(headers, COOKIE) {
        Some(id) => state
            .ephemeral
            .take(&key(id))
            .await
            .and_then(|raw| serde_json::from_str(&raw).ok()),
        None => None,
    };
    let clear = SetCookie {
        name: COOKIE,
        value: "",
        path: "/",
        max_age_secs: 0,
        same_site: SameSite::Lax,
        secure: cookies::secure(state),
    }
    .header();
    (ended, clear)
}
