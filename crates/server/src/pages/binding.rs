//! The browser binding of a QR login page: CSRF protection and "this browser showed that
//! code" in one record.
//!
//! Each page load draws a random token (256 bits, hex) and sets it as cookie
//! `authgate_qr_login` (`HttpOnly`, `SameSite=Strict`, Path `/login/qrcode`, living as long
//! as the code can still be completed). The same token is echoed in the page's completion
//! form (double submit; compared in constant time). The ephemeral store keeps
//! `qrl:{sha256(token)}` → [`Interaction`]: the code the page showed and where the sign-in
//! goes (application, redirect URI, state). The completion therefore takes nothing but the
//! code id and the token from the form; redirect target and state (or the local `next` of the
//! hosted login page) come from the record. A record is used once.

use crate::http::AppError;
use crate::state::AppState;
use crate::web::cookies::{self, SameSite, SetCookie};
pub use crate::web::error::BindingError;
use authgate_core::ApiError;
use authgate_store::ephemeral::Key;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// Name of the binding cookie.
pub const COOKIE: &str = "authgate_qr_login";
/// Path of the binding cookie (the page and its completion).
const PATH: &str = "/login/qrcode";

/// What a page load started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// The code the page shows.
    pub qrcode_id: String,
    /// The application signing in.
    pub app_id: String,
    /// Where the browser goes once signed in.
    pub destination: Destination,
    /// The page language (`en-US` / `zh-CN`).
    pub lang: String,
}

/// Where a completed QR login sends the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Destination {
    /// To the application with an authorization code.
    Callback {
        /// The registered redirect URI the browser goes back to.
        redirect_uri: String,
        /// The application's `state`, echoed back.
        state: Option<String>,
    },
    /// To a validated local `next` (the hosted login page's QR tab).
    Next {
        /// The path (passed [`crate::web::next::validate`]).
        next: String,
    },
}

/// A started interaction: the token and its `Set-Cookie`.
#[derive(Debug)]
pub struct Started {
    /// The token (also the CSRF value of the form).
    pub token: String,
    /// The `Set-Cookie` value.
    pub set_cookie: String,
}

fn key(token: &str) -> Key<'_> {
    Key::QrPageBinding { token }
}

/// Records `interaction` for `ttl_ms` under a new token.
pub async fn start(
    state: &AppState,
    interaction: &Interaction,
    ttl_ms: i64,
) -> Result<Started, AppError> {
    let token = authgate_core::ids::new_secret_hex(32)?;
    let text = serde_json::to_string(interaction).map_err(|_| AppError(ApiError::internal()))?;
    state.ephemeral.set(&key(&token), &text, ttl_ms).await;
    let set_cookie = SetCookie {
        name: COOKIE,
        value: &token,
        path: PATH,
        max_age_secs: ttl_ms / 1000,
        same_site: SameSite::Strict,
        secure: cookies::secure(state),
    }
    .header();
    Ok(Started { token, set_cookie })
}

/// The interaction of this browser for `qrcode_id`, checking the form's `csrf` against the
/// cookie; answers the token too (for [`finish`]).
pub async fn check(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
    qrcode_id: &str,
) -> Result<(String, Interaction), BindingError> {
    let token = cookies::read(headers, COOKIE).ok_or(BindingError::NoCookie)?;
    if csrf.is_empty() || !bool::from(token.as_bytes().ct_eq(csrf.as_bytes())) {
        return Err(BindingError::CsrfMismatch);
    }
    let interaction: Interaction = state
        .ephemeral
        .get(&key(token))
        .await
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .ok_or(BindingError::Unknown)?;
    if !bool::from(interaction.qrcode_id.as_bytes().ct_eq(qrcode_id.as_bytes())) {
        return Err(BindingError::OtherCode);
    }
    Ok((token.to_string(), interaction))
}

/// Uses the interaction up; false when another request did first.
pub async fn finish(state: &AppState, token: &str) -> bool {
    state.ephemeral.take(&key(token)).await.is_some()
}

/// The `Set-Cookie` value deleting the binding cookie.
pub fn clear(state: &AppState) -> String {
    SetCookie {
        name: COOKIE,
        value: "",
        path: PATH,
        max_age_secs: 0,
        same_site: SameSite::Strict,
        secure: cookies::secure(state),
    }
    .header()
}
