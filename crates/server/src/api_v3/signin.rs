//! `POST /api/v3/signin`: by password (email, phone, username or any account) or by email /
//! SMS code, for an authenticated application; answers a TokenSet. The pipeline (identify,
//! verify, policy, session, tokens, history) is `authgate_service::sign_in`; this handler
//! authenticates the application and maps the request onto it.

use super::app_context::{app_id_header, pool_of};
use crate::client_auth::{self, BodyCredentials, Endpoint};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::{AppResult, Data, Json};
use crate::rate_limit;
use crate::state::AppState;
use crate::tokens::DEFAULT_SCOPE;
use authgate_core::ApiError;
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_proto::auth::{Connection, SignInRequest};
use authgate_proto::tokens::TokenSet;
use authgate_service::sign_in::{self, Attempt, Credential};
use axum::extract::State;
use axum::http::HeaderMap;

/// Sign in and receive a TokenSet.
#[utoipa::path(post, path = "/api/v3/signin", tag = "authentication",
    request_body = SignInRequest,
    responses((status = 200, description = "Envelope; data: TokenSet", body = TokenSet)))]
pub async fn signin(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Json(req): Json<SignInRequest>,
) -> AppResult<Data<TokenSet>> {
    rate_limit::check_ip(&state, "signin", ip.0.as_deref()).await?;
    let app = client_auth::authenticate(
        &state,
        &headers,
        BodyCredentials {
            client_id: req.client_id.as_deref(),
            client_secret: req.client_secret.as_deref(),
        },
        app_id_header(&headers),
        Endpoint::Token,
    )
    .await?;
    let pool = pool_of(&state, &app).await?;
    let opts = req.options.unwrap_or_default();
    let scope = Scope::parse(opts.scope.as_deref().unwrap_or(DEFAULT_SCOPE));
    let (method, credential) = match req.connection {
        Connection::Password => (
            SignInMethod::Password,
            Credential::Password(
                req.password_payload
                    .ok_or_else(|| ApiError::missing("passwordPayload"))?,
            ),
        ),
        Connection::Passcode => (
            SignInMethod::Passcode,
            Credential::Passcode(
                req.pass_code_payload
                    .ok_or_else(|| ApiError::missing("passCodePayload"))?,
            ),
        ),
        Connection::Ldap | Connection::Ad => {
            return Err(ApiError::not_implemented("LDAP / AD sign-in").into());
        }
    };
    let client = sign_in_client(&ip, opts.client_ip.as_deref(), &headers);
    let mut attempt = Attempt::new(app, pool, client, method);
    let user = sign_in::verify(&state, &mut attempt, credential, &opts).await?;
    let set = attempt
        .succeed(&state, user, &scope, opts.custom_data)
        .await?;
    Ok(Data(set))
}
