//! `GET /api/v2/applications/{appId}/public-config`: what GenAuth's Guard widget reads about an
//! application before it starts (public, no authentication; never a secret).
//!
//! Guard's redirect mode reads `oidcConfig.redirect_uris` (its default redirect URI),
//! `oidcConfig.token_endpoint_auth_method` / `introspection_endpoint_auth_method` (how its
//! client authenticates), `requestHostname` (the server's host when Guard is given no `host`;
//! it then assumes https), `userPoolId` and `logoutRedirectUris`. The answer is GenAuth's V2
//! shape `{code: 200, message, data}`; an unknown application is the usual envelope error.

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::application::Application;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

/// The OIDC client metadata a browser client needs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicOidcConfig {
    /// Registered redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Registered post-logout redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// Allowed grant types.
    pub grant_types: Vec<String>,
    /// Allowed response types.
    pub response_types: Vec<String>,
    /// Client authentication at the token endpoint.
    pub token_endpoint_auth_method: String,
    /// Client authentication at the introspection endpoint.
    pub introspection_endpoint_auth_method: String,
    /// Client authentication at the revocation endpoint.
    pub revocation_endpoint_auth_method: String,
    /// Id-token signing algorithm.
    pub id_token_signed_response_alg: String,
}

/// An application's public configuration.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicConfig {
    /// The application id.
    pub id: String,
    /// Its user pool.
    pub user_pool_id: String,
    /// Display name.
    pub name: String,
    /// Identifier within the pool.
    pub identifier: String,
    /// Logo URL (empty when none).
    pub logo: String,
    /// Description (empty when none).
    pub description: String,
    /// Always `oidc`.
    pub protocol: String,
    /// The server's `host[:port]`.
    pub request_hostname: String,
    /// Registered redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Registered post-logout redirect URIs.
    pub logout_redirect_uris: Vec<String>,
    /// Whether single sign-on is enabled.
    pub sso_enabled: bool,
    /// OIDC client metadata.
    pub oidc_config: PublicOidcConfig,
}

/// GenAuth's V2 answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicConfigAnswer {
    /// Always 200.
    pub code: u16,
    /// A short message.
    pub message: String,
    /// The configuration.
    pub data: PublicConfig,
}

/// `host[:port]` of the server's public URL.
fn host_of(public_base: &str) -> String {
    url::Url::parse(public_base)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_string();
            Some(match u.port() {
                Some(p) => format!("{host}:{p}"),
                None => host,
            })
        })
        .unwrap_or_default()
}

/// The public configuration of `app` on a server at `public_base`.
pub fn render(app: &Application, public_base: &str) -> PublicConfig {
    let s = &app.settings;
    PublicConfig {
        id: app.id.clone(),
        user_pool_id: app.pool_id.clone(),
        name: app.name.clone(),
        identifier: app.identifier.clone(),
        logo: app.logo.clone().unwrap_or_default(),
        description: app.description.clone().unwrap_or_default(),
        protocol: "oidc".into(),
        request_hostname: host_of(public_base),
        redirect_uris: s.redirect_uris.clone(),
        logout_redirect_uris: s.logout_redirect_uris.clone(),
        sso_enabled: s.sso_enabled,
        oidc_config: PublicOidcConfig {
            redirect_uris: s.redirect_uris.clone(),
            post_logout_redirect_uris: s.logout_redirect_uris.clone(),
            grant_types: s.grant_type_names(),
            response_types: s.response_type_names(),
            token_endpoint_auth_method: s.token_endpoint_auth_method.as_str().into(),
            introspection_endpoint_auth_method: s
                .introspection_endpoint_auth_method
                .as_str()
                .into(),
            revocation_endpoint_auth_method: s.revocation_endpoint_auth_method.as_str().into(),
            id_token_signed_response_alg: s.id_token_signed_response_alg.clone(),
        },
    }
}

/// The public configuration of an application, as GenAuth's Guard widget reads it at start.
/// Readable cross-origin by the application's registered web origins (see `crate::cors`).
#[utoipa::path(get, path = "/api/v2/applications/{appId}/public-config", tag = "authentication",
    params(("appId" = String, Path, description = "The application")),
    responses(
        (status = 200, body = PublicConfigAnswer,
            description = "The configuration; an unknown application is an envelope error (statusCode 404, apiCode 2011)")))]
pub async fn public_config(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
) -> Result<Json<PublicConfigAnswer>, AppError> {
    if !crate::cors::plausible_app_id(&app_id) {
        return Err(ApiError::app_not_found().into());
    }
    let app = state
        .store
        .get_app(&app_id)
        .await?
        .ok_or_else(ApiError::app_not_found)?;
    Ok(Json(PublicConfigAnswer {
        code: 200,
        message: "ok".into(),
        data: render(&app, &state.public_base),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_hostname_keeps_the_port() {
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1:3000");
        assert_eq!(host_of("https://id.example.com"), "id.example.com");
        assert_eq!(host_of("not a url"), "");
    }
}
