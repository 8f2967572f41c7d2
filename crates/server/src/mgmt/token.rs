//! `POST /api/v3/get-management-token` and the management token itself.

use crate::http::{AppError, AppResult, Data, Json};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::access_key::AccessKey;
use authgate_core::jws::b64_safe_json;
use authgate_core::messages::Msg;
use authgate_proto::mgmt::{GetManagementTokenRequest, ManagementToken};
use axum::extract::State;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// The `typ` claim of management tokens, so no other token of ours is mistaken for one.
pub const TOKEN_TYPE: &str = "management";

/// Claims of a management token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManagementClaims {
    /// Issuer.
    pub iss: String,
    /// The access key id.
    pub sub: String,
    /// The managed user pool (read by the Python SDK).
    pub scoped_userpool_id: String,
    /// Always [`TOKEN_TYPE`].
    pub typ: String,
    /// Issued at (s).
    pub iat: i64,
    /// Expires at (s).
    pub exp: i64,
    /// Token id.
    pub jti: String,
}

/// An enabled access key by id, or the 401 for an unknown one.
pub async fn enabled_key(state: &AppState, id: &str) -> Result<AccessKey, AppError> {
    state
        .store
        .get_access_key(id)
        .await?
        .filter(|k| k.enabled)
        .ok_or_else(|| AppError(ApiError::from(Msg::AccessKeyUnknown)))
}

/// The plaintext secret of an access key (shared with the OIDC client-credentials grant).
pub use authgate_service::access_keys::key_secret;

/// Mints a management token for `key`.
pub fn mint(state: &AppState, key: &AccessKey) -> Result<ManagementToken, AppError> {
    let now = state.clock.now_secs();
    let claims = ManagementClaims {
        iss: state.issuer(),
        sub: key.id.clone(),
        scoped_userpool_id: key.pool_id.clone(),
        typ: TOKEN_TYPE.into(),
        iat: now,
        exp: now + state.management_token_ttl,
        jti: authgate_core::ids::new_alnum(22)?,
    };
    let value = serde_json::to_value(&claims).map_err(|_| AppError(ApiError::internal()))?;
    let signer = state
        .keys
        .active()
        .ok_or_else(|| AppError(ApiError::internal()))?;
    let access_token = signer.sign(&b64_safe_json(&value)).map_err(|e| {
        tracing::error!(error = %e, "signing a management token failed");
        AppError(ApiError::internal())
    })?;
    Ok(ManagementToken {
        access_token,
        expires_in: state.management_token_ttl,
    })
}

/// Exchange an access key id and secret for a management token.
#[utoipa::path(
    post,
    path = "/api/v3/get-management-token",
    tag = "management",
    request_body = GetManagementTokenRequest,
    responses((status = 200, description = "Envelope; data: {access_token, expires_in}", body = ManagementToken))
)]
pub async fn get_management_token(
    State(state): State<AppState>,
    Json(req): Json<GetManagementTokenRequest>,
) -> AppResult<Data<ManagementToken>> {
    if req.access_key_id.trim().is_empty() {
        return Err(ApiError::missing("accessKeyId").into());
    }
    if req.access_key_secret.is_empty() {
        return Err(ApiError::missing("accessKeySecret").into());
    }
    let key = enabled_key(&state, &req.access_key_id).await?;
    let secret = key_secret(&state, &key)?;
    if !bool::from(secret.as_bytes().ct_eq(req.access_key_secret.as_bytes())) {
        return Err(ApiError::from(Msg::AccessKeySecretWrong).into());
    }
    super::auth::note_use(&state, &key).await;
    Ok(Data(mint(&state, &key)?))
}
