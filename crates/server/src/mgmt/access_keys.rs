//! Management access keys (AK/SK): create, list, get, enable / disable, delete.
//!
//! The secret is shown once, in the answer of `create-access-key`, and sealed at rest with the
//! master key (not hashed: the Node SDK's HMAC-SHA1 request signing needs the server to
//! recompute signatures with the plaintext secret). Management authentication reads the key on
//! every request, so disabling or deleting one stops both schemes at once — tokens already
//! minted from it included. The pool's root key cannot be disabled or deleted, and no key can
//! disable or delete itself (the caller would lock itself out mid-call).

use super::audit_layer::AuditBefore;
use super::auth::ManagementCtx;
use crate::http::{AppError, AppResult, Data, Empty, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::access_key::{AccessKey, DEFAULT_KEY_TYPE};
use authgate_core::messages::Msg;
use authgate_core::timefmt::iso8601;
use authgate_proto::access_keys::{
    AccessKeyDto, CreateAccessKeyRequest, DeleteAccessKeyRequest, GetAccessKeyQuery,
    ListAccessKeyQuery, MASKED_SECRET, UpdateAccessKeyRequest,
};
use authgate_proto::envelope::SuccessData;
use authgate_store::AccessKeyFilter;
use axum::Extension;
use axum::extract::State;
use serde_json::json;

/// Key types `create-access-key` accepts.
const KEY_TYPES: &[&str] = &[DEFAULT_KEY_TYPE, "tenant"];
/// Longest `userId` / `tenantId` stored with a key.
const MAX_OWNER_LEN: usize = 128;

const ACTIVATED: &str = "activated";
const REVOKED: &str = "revoked";

/// The wire form of a key; `secret` only at creation.
fn view(key: &AccessKey, secret: Option<String>) -> AccessKeyDto {
    AccessKeyDto {
        access_key_id: key.id.clone(),
        access_key_secret: secret.unwrap_or_else(|| MASKED_SECRET.into()),
        user_id: key.user_id.clone().unwrap_or_default(),
        created_at: iso8601(key.created_at),
        status: if key.enabled { ACTIVATED } else { REVOKED }.into(),
        last_date: key.last_used_at.map(iso8601).unwrap_or_default(),
        user_pool_id: key.pool_id.clone(),
        enable: key.enabled,
        key_type: key.key_type.clone(),
        tenant_id: key.tenant_id.clone(),
        is_root: key.is_root,
    }
}

fn not_found() -> AppError {
    ApiError::from(Msg::AccessKeyNotFound).into()
}

/// A key of the caller's pool, or 404 (keys of other pools do not exist for the caller).
async fn key_of_pool(state: &AppState, pool_id: &str, id: &str) -> Result<AccessKey, AppError> {
    if id.trim().is_empty() {
        return Err(ApiError::missing("accessKeyId").into());
    }
    state
        .store
        .get_access_key(id)
        .await?
        .filter(|k| k.pool_id == pool_id)
        .ok_or_else(not_found)
}

/// Refuses to disable or delete the root key or the calling key.
fn guard(caller: &ManagementCtx, key: &AccessKey) -> Result<(), AppError> {
    if key.is_root {
        return Err(ApiError::from(Msg::RootAccessKeyProtected).into());
    }
    if key.id == caller.access_key_id {
        return Err(ApiError::from(Msg::OwnAccessKeyProtected).into());
    }
    Ok(())
}

/// An optional owner field: trimmed, empty as absent, bounded.
fn owner(name: &str, v: Option<String>) -> Result<Option<String>, AppError> {
    let v = v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if v.as_ref()
        .is_some_and(|s| s.chars().count() > MAX_OWNER_LEN)
    {
        return Err(ApiError::invalid(name, format!("at most {MAX_OWNER_LEN} characters")).into());
    }
    Ok(v)
}

/// `enable` or `status` (`activated` / `revoked`) of an update.
fn wanted_state(req: &UpdateAccessKeyRequest) -> Result<bool, AppError> {
    match (req.enable, req.status.as_deref()) {
        (Some(e), None) => Ok(e),
        (None, Some(ACTIVATED)) => Ok(true),
        (None, Some(REVOKED)) => Ok(false),
        (None, Some(_)) => Err(ApiError::invalid("status", "activated or revoked").into()),
        (Some(e), Some(s)) if (s == ACTIVATED) == e && (s == ACTIVATED || s == REVOKED) => Ok(e),
        (Some(_), Some(_)) => Err(ApiError::invalid("status", "contradicts enable").into()),
        (None, None) => Err(ApiError::missing("enable").into()),
    }
}

/// Create an access key; the answer is the only time its secret is shown.
#[utoipa::path(post, path = "/api/v3/create-access-key", tag = "access-keys",
    request_body = CreateAccessKeyRequest,
    responses((status = 200, description = "Envelope; data: [AccessKey] with the secret", body = [AccessKeyDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_access_key(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateAccessKeyRequest>,
) -> AppResult<Data<Vec<AccessKeyDto>>> {
    let key_type = req.key_type.trim();
    if key_type.is_empty() {
        return Err(ApiError::missing("type").into());
    }
    if !KEY_TYPES.contains(&key_type) {
        return Err(ApiError::invalid("type", KEY_TYPES.join(" or ")).into());
    }
    let id = authgate_core::ids::new_id()?;
    let secret = authgate_core::ids::new_client_secret()?;
    let sealed = state
        .master
        .seal_str(&AccessKey::seal_context(&id), &secret)
        .map_err(|e| {
            tracing::error!(error = %e, "sealing an access key secret failed");
            AppError(ApiError::internal())
        })?;
    let key = AccessKey {
        id,
        pool_id: m.pool_id.clone(),
        secret_sealed: sealed,
        is_root: false,
        enabled: true,
        created_at: state.clock.now_millis(),
        key_type: key_type.to_string(),
        user_id: owner("userId", req.user_id)?,
        tenant_id: owner("tenantId", req.tenant_id)?,
        last_used_at: None,
    };
    state.store.insert_access_key(&key).await?;
    Ok(Data(vec![view(&key, Some(secret))]))
}

/// The pool's access keys (secrets masked), oldest first.
#[utoipa::path(get, path = "/api/v3/list-access-key", tag = "access-keys",
    params(ListAccessKeyQuery),
    responses((status = 200, description = "Envelope; data: AccessKey[]", body = [AccessKeyDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_access_key(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListAccessKeyQuery>,
) -> AppResult<Data<Vec<AccessKeyDto>>> {
    let enabled = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(ACTIVATED) => Some(true),
        Some(REVOKED) => Some(false),
        // Keys are never in rotation ("staging") in authgate.
        Some("staging") => return Ok(Data(Vec::new())),
        Some(_) => {
            return Err(ApiError::invalid("status", "activated, staging or revoked").into());
        }
    };
    let filter = AccessKeyFilter {
        user_id: owner("userId", q.user_id)?,
        tenant_id: owner("tenantId", q.tenant_id)?,
        key_type: owner("type", q.key_type)?,
        enabled,
    };
    let keys = state.store.list_access_keys(&m.pool_id, &filter).await?;
    Ok(Data(keys.iter().map(|k| view(k, None)).collect()))
}

/// One access key (secret masked), as a one-element list like GenAuth's.
#[utoipa::path(get, path = "/api/v3/get-access-key", tag = "access-keys",
    params(GetAccessKeyQuery),
    responses((status = 200, description = "Envelope; data: [AccessKey]", body = [AccessKeyDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_access_key(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetAccessKeyQuery>,
) -> AppResult<Data<Vec<AccessKeyDto>>> {
    let key = key_of_pool(&state, &m.pool_id, &q.access_key_id).await?;
    let asked_owner = owner("userId", q.user_id)?;
    if asked_owner.is_some() && asked_owner != key.user_id {
        return Err(not_found());
    }
    Ok(Data(vec![view(&key, None)]))
}

/// Enable or disable an access key (`enable`, or `status` `activated` / `revoked`); takes
/// effect on the next request, for tokens already minted from the key too.
#[utoipa::path(post, path = "/api/v3/update-access-key", tag = "access-keys",
    request_body = UpdateAccessKeyRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_access_key(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateAccessKeyRequest>,
) -> AppResult<(Extension<AuditBefore>, Data<SuccessData>)> {
    let enable = wanted_state(&req)?;
    let key = key_of_pool(&state, &m.pool_id, &req.access_key_id).await?;
    if !enable {
        guard(&m, &key)?;
    }
    if !state
        .store
        .set_access_key_enabled(&m.pool_id, &key.id, enable)
        .await?
    {
        return Err(not_found());
    }
    let before = AuditBefore(json!({"enable": key.enabled}));
    Ok((Extension(before), Data(SuccessData { success: true })))
}

/// Delete an access key (not the root key, not the calling key).
#[utoipa::path(post, path = "/api/v3/delete-access-key", tag = "access-keys",
    request_body = DeleteAccessKeyRequest,
    responses((status = 200, description = "Envelope only")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_access_key(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteAccessKeyRequest>,
) -> AppResult<Empty> {
    let key = key_of_pool(&state, &m.pool_id, &req.access_key_id).await?;
    guard(&m, &key)?;
    if !state.store.delete_access_key(&m.pool_id, &key.id).await? {
        return Err(not_found());
    }
    Ok(Empty)
}
