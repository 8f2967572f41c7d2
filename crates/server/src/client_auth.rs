//! Client (application) authentication on the nine paths of spec §1.5.
//!
//! Decision (spec §7 item 2): any *valid* credential form is accepted whatever the
//! application's configured method — `Basic` or `client_id` + `client_secret` in the body —
//! and a wrong secret always fails. Without a secret only applications configured with
//! `none` (public clients) pass. A non-Basic `authorization` header (a user token the SDKs
//! attach to every call) is ignored, never taken for a failed client credential.

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::application::{Application, ClientAuthMethod};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine;
use subtle::ConstantTimeEq;

/// Which endpoint's configured method applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Sign-in, ticket exchange, `/oidc/token`.
    Token,
    /// `/oidc/token/introspection`.
    Introspection,
    /// `/oidc/token/revocation`.
    Revocation,
}

/// Credentials sent in a body.
#[derive(Debug, Clone, Default)]
pub struct BodyCredentials<'a> {
    /// `client_id`.
    pub client_id: Option<&'a str>,
    /// `client_secret`.
    pub client_secret: Option<&'a str>,
}

/// `(id, secret)` from `authorization: Basic …`, if that is what the header holds.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (id, secret) = text.split_once(':')?;
    // RFC 6749 §2.3.1: both parts are form-urlencoded before encoding.
    let decode = |s: &str| {
        form_urlencoded::parse(format!("v={s}").as_bytes())
            .next()
            .map_or_else(|| s.to_string(), |(_, v)| v.into_owned())
    };
    Some((decode(id), decode(secret)))
}

/// Authenticates the calling application. `app_hint` is the `x-authing-app-id` header (V3).
pub async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    body: BodyCredentials<'_>,
    app_hint: Option<&str>,
    endpoint: Endpoint,
) -> Result<Application, AppError> {
    let basic = basic_credentials(headers);
    let id = basic
        .as_ref()
        .map(|(id, _)| id.as_str())
        .or(body.client_id.filter(|s| !s.is_empty()))
        .or(app_hint.filter(|s| !s.is_empty()))
        .ok_or_else(ApiError::client_auth_failed)?;
    if let (Some((basic_id, _)), Some(body_id)) = (&basic, body.client_id)
        && !body_id.is_empty()
        && body_id != basic_id
    {
        return Err(ApiError::client_auth_failed().into());
    }
    let app = state
        .store
        .get_app(id)
        .await?
        .ok_or_else(ApiError::app_not_found)?;
    let secret = basic
        .as_ref()
        .map(|(_, s)| s.as_str())
        .or(body.client_secret.filter(|s| !s.is_empty()));
    match secret {
        Some(given) => {
            if !secret_matches(state, &app, given)? {
                return Err(ApiError::client_auth_failed().into());
            }
        }
        None => {
            let method = match endpoint {
                Endpoint::Token => app.settings.token_endpoint_auth_method,
                Endpoint::Introspection => app.settings.introspection_endpoint_auth_method,
                Endpoint::Revocation => app.settings.revocation_endpoint_auth_method,
            };
            if method != ClientAuthMethod::None {
                return Err(ApiError::client_auth_failed().into());
            }
        }
    }
    Ok(app)
}

/// Whether `given` is the secret of `app`, compared in constant time.
pub fn secret_matches(state: &AppState, app: &Application, given: &str) -> Result<bool, AppError> {
    let expected = state
        .master
        .open_str(&Application::seal_context(&app.id), &app.secret_sealed)
        .map_err(|e| {
            tracing::error!(app = %app.id, error = %e, "app secret does not decrypt");
            AppError(ApiError::internal())
        })?;
    Ok(bool::from(expected.as_bytes().ct_eq(given.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_parsing() {
        let mut h = HeaderMap::new();
        let v = base64::engine::general_purpose::STANDARD.encode("app:s%3Acret");
        h.insert(AUTHORIZATION, format!("Basic {v}").parse().unwrap());
        assert_eq!(basic_credentials(&h), Some(("app".into(), "s:cret".into())));
        h.insert(AUTHORIZATION, "eyJhbGciOi.user.token".parse().unwrap());
        assert_eq!(basic_credentials(&h), None, "a raw user token is not Basic");
        h.insert(AUTHORIZATION, "Basic !!!".parse().unwrap());
        assert_eq!(basic_credentials(&h), None);
    }
}
