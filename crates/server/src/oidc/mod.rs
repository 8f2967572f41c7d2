//! The OIDC provider's documents: discovery and the key set. Plain JSON, no envelope.

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
        token_endpoint: None,
        userinfo_endpoint: None,
        end_session_endpoint: None,
        introspection_endpoint: None,
        revocation_endpoint: None,
        grant_types_supported: Vec::new(),
        token_endpoint_auth_methods_supported: Vec::new(),
        code_challenge_methods_supported: Vec::new(),
    })
}
