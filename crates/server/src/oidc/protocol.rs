//! The token family and UserInfo (spec §4.2–§4.5): plain RFC JSON, RFC statuses, bodies parsed
//! as forms whatever the Content-Type. Served under both `/oidc` and `/oauth`.

use super::client_credentials;
use crate::auth_code::{self, CodeError};
use crate::client_auth::{self, BodyCredentials, Endpoint};
use crate::http::{Form, NoStoreJson, OAuthError};
use crate::state::AppState;
use crate::tokens::{self, RefreshError};
use crate::user_auth::bearer_or_raw;
use authgate_core::application::Application;
use authgate_core::oauth::GrantType;
use authgate_core::scope::Scope;
use authgate_core::token::user_claims;
use authgate_core::user::UserKey;
use authgate_proto::tokens::{Introspection, OidcTokenResponse};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

impl From<RefreshError> for OAuthError {
    fn from(e: RefreshError) -> Self {
        match e {
            RefreshError::Invalid => {
                OAuthError::invalid_grant("the refresh token is invalid, expired or revoked")
            }
            RefreshError::Reused => OAuthError::invalid_grant(
                "the refresh token was already used: its session is revoked",
            ),
            RefreshError::Failed(e) => e.into(),
        }
    }
}

impl From<CodeError> for OAuthError {
    fn from(e: CodeError) -> Self {
        let description = match e {
            CodeError::Unknown => "the authorization code is unknown",
            CodeError::Expired => "the authorization code has expired",
            CodeError::Reused => {
                "the authorization code was already used: the tokens it issued are revoked"
            }
            CodeError::OtherClient => "the authorization code was issued to another client",
            CodeError::RedirectMismatch => "redirect_uri does not match the authorization request",
            CodeError::PkceFailed => "code_verifier is missing or does not match code_challenge",
            CodeError::Failed(e) => return e.into(),
        };
        OAuthError::invalid_grant(description)
    }
}

/// The protocol routes, relative to `/oidc` or `/oauth`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(token))
        .routes(routes!(introspection))
        .routes(routes!(revocation))
        .routes(routes!(userinfo_get, userinfo_post))
}

async fn client(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
    endpoint: Endpoint,
) -> Result<Application, OAuthError> {
    let body = BodyCredentials {
        client_id: form.get("client_id"),
        client_secret: form.get("client_secret"),
    };
    // GenAuth's browser SDK names the client of a refresh only in `x-authing-app-id`.
    let hint = crate::http::app_id_header(headers);
    Ok(client_auth::authenticate(state, headers, body, hint, endpoint).await?)
}

fn required<'a>(form: &'a Form, name: &str) -> Result<&'a str, OAuthError> {
    form.get(name)
        .ok_or_else(|| OAuthError::invalid_request(format!("{name} is required")))
}

/// The token endpoint. Grants: `authorization_code` (single use, bound to the client, the
/// redirect URI and the PKCE verifier), `refresh_token` (rotated on every use; a reused
/// token revokes its session) and `client_credentials` (machine-to-machine tokens for an
/// application or an access key).
#[utoipa::path(post, path = "/token", tag = "oidc",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "grant_type=authorization_code|refresh_token|client_credentials and its fields, plus client credentials"),
    responses((status = 200, body = OidcTokenResponse), (status = 400), (status = 401)))]
pub async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Form,
) -> Result<NoStoreJson<OidcTokenResponse>, OAuthError> {
    let given = required(&form, "grant_type")?;
    let unsupported = || {
        OAuthError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!("grant_type '{given}' is not supported"),
        )
    };
    match GrantType::from_wire(given).ok_or_else(unsupported)? {
        GrantType::RefreshToken => {
            let app = client(&state, &headers, &form, Endpoint::Token).await?;
            allowed_grant(&app, GrantType::RefreshToken)?;
            let refresh_token = required(&form, "refresh_token")?;
            let set = tokens::refresh(&state, &app, refresh_token).await?;
            Ok(NoStoreJson(set.into()))
        }
        GrantType::AuthorizationCode => {
            let app = client(&state, &headers, &form, Endpoint::Token).await?;
            allowed_grant(&app, GrantType::AuthorizationCode)?;
            let code = required(&form, "code")?;
            let grant = auth_code::redeem(
                &state,
                code,
                &app.id,
                form.get("redirect_uri"),
                form.get("code_verifier"),
            )
            .await?;
            let user = state
                .store
                .get_user(&grant.pool_id, &UserKey::Id(grant.user_id.clone()))
                .await?
                .filter(|u| u.status.may_sign_in())
                .ok_or_else(|| OAuthError::invalid_grant("the user can no longer sign in"))?;
            let scope = Scope::parse(&grant.scope);
            let (set, sid) = tokens::open_session_at(
                &state,
                &user,
                &app,
                &scope,
                grant.nonce.clone(),
                grant.auth_time,
            )
            .await?;
            auth_code::record_session(&state, code, &grant, &sid).await;
            Ok(NoStoreJson(set.into()))
        }
        GrantType::ClientCredentials => Ok(NoStoreJson(
            client_credentials::grant(&state, &headers, &form)
                .await?
                .into(),
        )),
        GrantType::Implicit | GrantType::Password | GrantType::DeviceCode => Err(unsupported()),
    }
}

/// Refuses a grant type the application is not registered for.
fn allowed_grant(app: &Application, grant: GrantType) -> Result<(), OAuthError> {
    if app.settings.allows_grant(grant) {
        return Ok(());
    }
    Err(OAuthError::new(
        StatusCode::BAD_REQUEST,
        "unauthorized_client",
        format!("the application may not use the {grant} grant"),
    ))
}

/// RFC 7662 token introspection (access or refresh tokens).
#[utoipa::path(post, path = "/token/introspection", tag = "oidc",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "token=…, plus client credentials"),
    responses((status = 200, body = Introspection), (status = 401)))]
pub async fn introspection(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Form,
) -> Result<NoStoreJson<Introspection>, OAuthError> {
    let app = client(&state, &headers, &form, Endpoint::Introspection).await?;
    let token = required(&form, "token")?;
    Ok(NoStoreJson(tokens::introspect(&state, &app, token).await?))
}

/// RFC 7009 revocation: 200 with an empty body, also for unknown tokens.
#[utoipa::path(post, path = "/token/revocation", tag = "oidc",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "token=…, plus client credentials"),
    responses((status = 200, description = "Empty body"), (status = 401)))]
pub async fn revocation(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, OAuthError> {
    let app = client(&state, &headers, &form, Endpoint::Revocation).await?;
    let token = required(&form, "token")?;
    tokens::revoke(&state, &app, token).await?;
    Ok(StatusCode::OK.into_response())
}

/// The access token of a UserInfo request: Bearer header, `?access_token=`, or form body.
fn presented_token(
    headers: &HeaderMap,
    query: Option<&str>,
    form: Option<&Form>,
) -> Option<String> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_or_raw)
        .map(str::to_string)
        .or_else(|| {
            query.and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "access_token")
                    .map(|(_, v)| v.into_owned())
            })
        })
        .or_else(|| form.and_then(|f| f.get("access_token")).map(str::to_string))
        .filter(|t| !t.is_empty())
}

async fn userinfo(
    state: &AppState,
    token: Option<String>,
) -> Result<NoStoreJson<Value>, OAuthError> {
    let token = token.ok_or_else(OAuthError::invalid_token)?;
    let claims = tokens::verify_access(state, &token)
        .await
        .map_err(|_| OAuthError::invalid_token())?;
    let user = state
        .store
        .get_user(&claims.pool, &UserKey::Id(claims.sub.clone()))
        .await?
        .filter(|u| u.status.may_sign_in())
        .ok_or_else(OAuthError::invalid_token)?;
    let map: Map<String, Value> = user_claims(&user, &Scope::parse(&claims.scope));
    Ok(NoStoreJson(Value::Object(map)))
}

/// UserInfo: the claims of the token's scope (`sub` always).
#[utoipa::path(get, path = "/me", tag = "oidc",
    params(("access_token" = Option<String>, Query, description = "when not in the authorization header")),
    responses((status = 200, description = "OIDC claims"), (status = 401)))]
pub async fn userinfo_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<NoStoreJson<Value>, OAuthError> {
    userinfo(&state, presented_token(&headers, query.as_deref(), None)).await
}

/// UserInfo by POST (token in the header or the form body).
#[utoipa::path(post, path = "/me", tag = "oidc",
    responses((status = 200, description = "OIDC claims"), (status = 401)))]
pub async fn userinfo_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    form: Form,
) -> Result<NoStoreJson<Value>, OAuthError> {
    userinfo(
        &state,
        presented_token(&headers, query.as_deref(), Some(&form)),
    )
    .await
}
