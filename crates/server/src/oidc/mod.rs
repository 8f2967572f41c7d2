//! The OIDC / OAuth 2 provider: discovery, the key set, the token family and UserInfo. Plain
//! JSON, no envelope.

pub mod authorize;
pub mod client_credentials;
pub mod logout;
pub mod protocol;
pub mod validate_token;

use crate::keys;
use crate::state::AppState;
use authgate_proto::oidc::{Discovery, Jwks};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// OIDC routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(jwks))
        .routes(routes!(discovery))
        .routes(routes!(root_discovery))
        .routes(routes!(oauth_discovery))
        .routes(routes!(validate_token::validate_token))
        // The hosted logout page (`/login/profile/logout`) ends OIDC sessions: it lives here.
        .routes(routes!(logout::profile_logout))
        .nest("/oidc", protocol::router())
        .nest("/oauth", protocol::router())
        .nest("/oidc", authorize::router())
        .nest("/oauth", authorize::router())
}

/// The public signing keys (RSA, each with `kid`).
#[utoipa::path(get, path = "/oidc/.well-known/jwks.json", tag = "oidc",
    responses((status = 200, body = Jwks)))]
pub async fn jwks(State(state): State<AppState>) -> Json<Jwks> {
    Json(Jwks::clone(&state.keys.jwks()))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

/// Client authentication methods of the token family (spec §1.5).
const AUTH_METHODS: &[&str] = &["client_secret_post", "client_secret_basic", "none"];

/// The discovery document of `issuer`.
pub fn discovery_document(issuer: &str) -> Discovery {
    Discovery {
        issuer: issuer.to_string(),
        authorization_endpoint: format!("{issuer}/auth"),
        token_endpoint: format!("{issuer}/token"),
        userinfo_endpoint: format!("{issuer}/me"),
        jwks_uri: format!("{issuer}/.well-known/jwks.json"),
        end_session_endpoint: format!("{issuer}/session/end"),
        introspection_endpoint: format!("{issuer}/token/introspection"),
        introspection_endpoint_auth_methods_supported: strings(AUTH_METHODS),
        revocation_endpoint: format!("{issuer}/token/revocation"),
        revocation_endpoint_auth_methods_supported: strings(AUTH_METHODS),
        scopes_supported: strings(&[
            "openid",
            "profile",
            "email",
            "phone",
            "address",
            "offline_access",
            "username",
            "external_id",
        ]),
        response_types_supported: strings(&["code"]),
        response_modes_supported: strings(&["query", "fragment", "form_post", "web_message"]),
        grant_types_supported: strings(&[
            "authorization_code",
            "refresh_token",
            client_credentials::GRANT,
        ]),
        subject_types_supported: strings(&["public"]),
        id_token_signing_alg_values_supported: strings(&[keys::RS256]),
        id_token_encryption_alg_values_supported: Vec::new(),
        id_token_encryption_enc_values_supported: Vec::new(),
        userinfo_signing_alg_values_supported: Vec::new(),
        userinfo_encryption_alg_values_supported: Vec::new(),
        userinfo_encryption_enc_values_supported: Vec::new(),
        token_endpoint_auth_methods_supported: strings(AUTH_METHODS),
        claim_types_supported: strings(&["normal"]),
        claims_supported: strings(&[
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "sid",
            "at_hash",
            "c_hash",
            "name",
            "nickname",
            "given_name",
            "family_name",
            "middle_name",
            "preferred_username",
            "profile",
            "picture",
            "website",
            "gender",
            "birthdate",
            "zoneinfo",
            "locale",
            "updated_at",
            "email",
            "email_verified",
            "phone_number",
            "phone_number_verified",
            "address",
            "username",
            "external_id",
        ]),
        code_challenge_methods_supported: strings(&["S256", "plain"]),
        prompt_values_supported: strings(&["none", "login", "consent", "select_account"]),
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
    }
}

/// The discovery document as served: rendered once per server (it only depends on the issuer),
/// then the same bytes for every request.
fn rendered_discovery(state: &AppState) -> Response {
    let body = state.discovery.get_or_init(|| {
        serde_json::to_vec(&discovery_document(&state.issuer()))
            .unwrap_or_default()
            .into()
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.clone(),
    )
        .into_response()
}

/// The discovery document.
#[utoipa::path(get, path = "/oidc/.well-known/openid-configuration", tag = "oidc",
    responses((status = 200, body = Discovery)))]
pub async fn discovery(State(state): State<AppState>) -> Response {
    rendered_discovery(&state)
}

/// The discovery document at the root (RFC 8414 clients and libraries that strip the path).
#[utoipa::path(get, path = "/.well-known/openid-configuration", tag = "oidc",
    responses((status = 200, body = Discovery)))]
pub async fn root_discovery(State(state): State<AppState>) -> Response {
    rendered_discovery(&state)
}

/// The discovery document under `/oauth` (the OAuth 2 flavour of the same provider).
#[utoipa::path(get, path = "/oauth/.well-known/openid-configuration", tag = "oidc",
    responses((status = 200, body = Discovery)))]
pub async fn oauth_discovery(State(state): State<AppState>) -> Response {
    rendered_discovery(&state)
}
