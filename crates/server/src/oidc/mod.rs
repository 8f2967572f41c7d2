//! The OIDC / OAuth 2 provider: discovery, the key set, the token family and UserInfo. Plain
//! JSON, no envelope.

pub mod auth_code;
pub mod authorize;
pub mod logout;
pub mod protocol;

use crate::state::AppState;
use authgate_proto::oidc::{Discovery, Jwks};
use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// OIDC routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(jwks))
        .routes(routes!(discovery))
        .nest("/oidc", protocol::router())
        .nest("/oauth", protocol::router())
        .nest("/oidc", authorize::router())
        .nest("/oauth", authorize::router())
}

/// The public signing keys (RSA, each with `kid`).
#[utoipa::path(get, path = "/oidc/.well-known/jwks.json", tag = "oidc",
    responses((status = 200, body = Jwks)))]
pub async fn jwks(State(state): State<AppState>) -> Json<Jwks> {
    Json(state.keys.jwks().clone())
}

/// The discovery document; lists only the endpoints that exist.
#[utoipa::path(get, path = "/oidc/.well-known/openid-configuration", tag = "oidc",
    responses((status = 200, body = Discovery)))]
pub async fn discovery(State(state): State<AppState>) -> Json<Discovery> {
    let issuer = state.issuer();
    Json(Discovery {
        jwks_uri: format!("{issuer}/.well-known/jwks.json"),
        issuer,
        id_token_signing_alg_values_supported: vec!["RS256".into()],
        subject_types_supported: vec!["public".into()],
        response_types_supported: vec!["code".into()],
        scopes_supported: [
            "openid",
            "profile",
            "email",
            "phone",
            "address",
            "offline_access",
        ]
        .map(String::from)
        .to_vec(),
        claims_supported: [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "name",
            "nickname",
            "given_name",
            "family_name",
            "picture",
            "email",
            "email_verified",
            "phone_number",
            "phone_number_verified",
        ]
        .map(String::from)
        .to_vec(),
        authorization_endpoint: None,
        token_endpoint: Some(format!("{}/token", state.issuer())),
        userinfo_endpoint: Some(format!("{}/me", state.issuer())),
        end_session_endpoint: None,
        introspection_endpoint: Some(format!("{}/token/introspection", state.issuer())),
        revocation_endpoint: Some(format!("{}/token/revocation", state.issuer())),
        grant_types_supported: vec!["authorization_code".into(), "refresh_token".into()],
        token_endpoint_auth_methods_supported: [
            "client_secret_post",
            "client_secret_basic",
            "none",
        ]
        .map(String::from)
        .to_vec(),
        code_challenge_methods_supported: Vec::new(),
    })
}
