//! `POST /api/v3/check-app-id-secret`: the Go SDK's start-up check of its application
//! credentials (`NewAuthenticationClient` refuses to build a client unless `data.valid` is
//! `true`, and panics on an answer that is not JSON).
//!
//! The answer never says which half was wrong: an unknown application and a wrong secret
//! both give `valid: false`, and the secret is compared in constant time
//! ([`client_auth::secret_matches`]). Missing or empty fields are bad input (400 envelope).

use crate::client_auth;
use crate::http::{AppResult, Data, Json};
use crate::state::AppState;
use authgate_core::ApiError;
use axum::extract::State;
use serde::Serialize;
use serde_json::{Map, Value};

/// The credentials to check (documentation of the body; the handler reads the object field by
/// field so that only a JSON object with string values passes). The Go SDK sends `appId` /
/// `appSecret`; the OAuth spellings `clientId` / `client_id`, `clientSecret` /
/// `client_secret` are accepted too.
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "camelCase")]
pub struct CheckAppIdSecretRequest {
    /// The application id.
    pub app_id: String,
    /// The application secret.
    pub app_secret: String,
}

/// `{valid}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AppIdSecretValidity {
    /// Whether the application exists and the secret is its secret.
    pub valid: bool,
}

/// The first of `names` present in `body`: a non-blank string, else bad input named `names[0]`.
fn required<'a>(body: &'a Map<String, Value>, names: &[&str]) -> Result<&'a str, ApiError> {
    let name = names.first().copied().unwrap_or_default();
    match names.iter().find_map(|n| body.get(*n)) {
        None | Some(Value::Null) => Err(ApiError::missing(name)),
        Some(Value::String(s)) if s.trim().is_empty() => Err(ApiError::missing(name)),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::invalid(name, "must be a string")),
    }
}

/// Whether `appSecret` is the secret of application `appId`.
#[utoipa::path(post, path = "/api/v3/check-app-id-secret", tag = "authentication",
    request_body = CheckAppIdSecretRequest,
    responses((status = 200, description = "Envelope; data: {valid}", body = AppIdSecretValidity)))]
pub async fn check_app_id_secret(
    State(state): State<AppState>,
    Json(body): Json<Map<String, Value>>,
) -> AppResult<Data<AppIdSecretValidity>> {
    let app_id = required(&body, &["appId", "clientId", "client_id"])?;
    let secret = required(&body, &["appSecret", "clientSecret", "client_secret"])?;
    let valid = match state.store.get_app(app_id).await? {
        Some(app) => client_auth::secret_matches(&state, &app, secret)?,
        None => false,
    };
    Ok(Data(AppIdSecretValidity { valid }))
}
