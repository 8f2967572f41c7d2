//! The client credentials grant (RFC 6749 §4.4): machine-to-machine access tokens.
//!
//! Two kinds of client are accepted:
//! - an **application** with its own `client_id` / `client_secret` (Basic or body), when its
//!   `grant_types` include `client_credentials` (standard OAuth clients);
//! - an **access key** (GenAuth §4.2): `client_id` = access key id, `client_secret` = its
//!   secret, always in the body. Node with `client_secret_basic` also sends
//!   `Basic appId:appSecret`: the body credentials win, and that application (else the one of
//!   `x-authing-app-id`, else the pool's default application) is the token's audience.
//!
//! Scopes: every requested scope must be one of the audience application's `client_scopes`
//! (`oidcConfig.scope`); without `scope` the token carries all of them. The token is an
//! RS256 JWT (`sub` = `client_id` = the client, `aud` = the application); no id token, no
//! refresh token, no database write.

use crate::client_auth::basic_credentials;
use crate::http::{Form, OAuthError};
use crate::state::AppState;
use crate::tokens;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::oauth::GrantType;
use authgate_core::scope::{Scope, is_scope_token};
use authgate_proto::tokens::TokenSet;
use authgate_service::access_keys::key_secret;
use axum::http::{HeaderMap, StatusCode};
use subtle::ConstantTimeEq;

fn invalid_client() -> OAuthError {
    OAuthError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "client authentication failed",
    )
}

fn same_secret(expected: &str, given: &str) -> bool {
    bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// The scope granted to a client of `app` asking for `requested`.
pub fn granted_scope(app: &Application, requested: Option<&str>) -> Result<Scope, OAuthError> {
    let allowed = Scope::parse(&app.settings.client_scopes.join(" "));
    let Some(requested) = requested.filter(|r| !r.trim().is_empty()) else {
        return Ok(allowed);
    };
    if let Some(bad) = requested.split_whitespace().find(|s| !is_scope_token(s)) {
        return Err(invalid_scope(format!("'{bad}' is not a valid scope")));
    }
    let asked = Scope::parse(requested);
    if let Some(extra) = asked.iter().find(|s| !allowed.has(s)) {
        return Err(invalid_scope(format!(
            "scope '{extra}' is not allowed for this client (see the application's oidcConfig.scope)"
        )));
    }
    Ok(asked)
}

fn invalid_scope(description: String) -> OAuthError {
    OAuthError::new(StatusCode::BAD_REQUEST, "invalid_scope", description)
}

/// The application a token of `pool_id` is for: `wanted` when it is an application of that
/// pool, else the pool's default application.
async fn audience(
    state: &AppState,
    pool_id: &str,
    wanted: Option<&str>,
) -> Result<Application, OAuthError> {
    if let Some(id) = wanted.filter(|s| !s.is_empty())
        && let Some(app) = state.store.get_app(id).await?
        && app.pool_id == pool_id
    {
        return Ok(app);
    }
    state
        .store
        .default_app(pool_id)
        .await?
        .ok_or_else(|| OAuthError::from(crate::http::AppError(ApiError::app_not_found())))
}

/// Runs the grant: authenticates the client and signs its token.
pub async fn grant(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
) -> Result<TokenSet, OAuthError> {
    let body = form
        .get("client_id")
        .filter(|s| !s.is_empty())
        .zip(form.get("client_secret").filter(|s| !s.is_empty()));
    let basic = basic_credentials(headers);
    let (id, secret) = match (body, &basic) {
        (Some((id, secret)), _) => (id, secret),
        (None, Some((id, secret))) => (id.as_str(), secret.as_str()),
        (None, None) => return Err(invalid_client()),
    };
    let scope = form.get("scope");
    if let Some(app) = state.store.get_app(id).await? {
        let expected = state
            .master
            .open_str(&Application::seal_context(&app.id), &app.secret_sealed)
            .map_err(|e| {
                tracing::error!(app = %app.id, error = %e, "app secret does not decrypt");
                OAuthError::from(crate::http::AppError(ApiError::internal()))
            })?;
        if !same_secret(&expected, secret) {
            return Err(invalid_client());
        }
        if !app.settings.allows_grant(GrantType::ClientCredentials) {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "the application may not use the client_credentials grant",
            ));
        }
        let scope = granted_scope(&app, scope)?;
        return Ok(tokens::mint_client_token(state, &app.id, &app, &scope)?);
    }
    let Some(key) = state.store.get_access_key(id).await?.filter(|k| k.enabled) else {
        return Err(invalid_client());
    };
    if !same_secret(&key_secret(state, &key)?, secret) {
        return Err(invalid_client());
    }
    let wanted = basic.as_ref().map(|(id, _)| id.as_str()).or_else(|| {
        headers
            .get("x-authing-app-id")
            .and_then(|v| v.to_str().ok())
    });
    let app = audience(state, &key.pool_id, wanted).await?;
    let scope = granted_scope(&app, scope)?;
    Ok(tokens::mint_client_token(state, &key.id, &app, &scope)?)
}
