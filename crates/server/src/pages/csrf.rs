//! CSRF protection of the hosted login, sign-up and forgot-password forms (double submit).
//!
//! A page load sets cookie `authgate_login_csrf` (random 256 bits, hex; `HttpOnly`,
//! `SameSite=Strict`, Path `/login`) — or keeps the one the browser already has, so several
//! tabs work — and echoes the same value in every form's hidden `csrf` field. A form post is
//! accepted only when field and cookie are equal (constant time); another site can neither
//! read the cookie nor make the browser send it (`SameSite=Strict`).

use crate::http::AppError;
use crate::state::AppState;
use crate::web::cookies::{self, SameSite, SetCookie};
use crate::web::error::BindingError;
use axum::http::HeaderMap;
use subtle::ConstantTimeEq;

/// Name of the cookie.
pub const COOKIE: &str = "authgate_login_csrf";
/// Lifetime of the cookie (s): a day.
const MAX_AGE_SECS: i64 = 24 * 3600;

/// The token of this browser and, when it is new, its `Set-Cookie` value.
pub fn token(state: &AppState, headers: &HeaderMap) -> Result<(String, Option<String>), AppError> {
    if let Some(t) = cookies::read(headers, COOKIE).filter(|t| well_formed(t)) {
        return Ok((t.to_string(), None));
    }
    let token = authgate_core::ids::new_secret_hex(32)?;
    let set = SetCookie {
        name: COOKIE,
        value: &token,
        path: "/login",
        max_age_secs: MAX_AGE_SECS,
        same_site: SameSite::Strict,
        secure: cookies::secure(state),
    }
    .header();
    Ok((token, Some(set)))
}

/// A cookie value this module could have set (64 hex digits).
fn well_formed(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Checks the form's `csrf` against the cookie.
pub fn check(headers: &HeaderMap, form_csrf: &str) -> Result<(), BindingError> {
    let cookie = cookies::read(headers, COOKIE).ok_or(BindingError::NoCookie)?;
    if form_csrf.is_empty() || !bool::from(cookie.as_bytes().ct_eq(form_csrf.as_bytes())) {
        return Err(BindingError::CsrfMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn double_submit() {
        let t = "a".repeat(64);
        let mut h = HeaderMap::new();
        assert_eq!(check(&h, &t), Err(BindingError::NoCookie));
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_str(&format!("{COOKIE}={t}")).unwrap(),
        );
        assert_eq!(check(&h, &t), Ok(()));
        assert_eq!(check(&h, ""), Err(BindingError::CsrfMismatch));
        assert_eq!(check(&h, &"b".repeat(64)), Err(BindingError::CsrfMismatch));
        assert!(well_formed(&t) && !well_formed("zz"));
    }
}
