//! More user management (spec §5.3.1): `resign-user`, `get-user-identities`,
//! `get-user-mfa-info`.

use super::auth::ManagementCtx;
use super::users::{find_user, user_key};
use crate::http::{AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_proto::envelope::SuccessData;
use authgate_proto::users_extra::{IdentityDto, UserMfaInfo, UserRef};
use axum::Extension;
use axum::extract::State;

/// Resign a user: status `Resigned` (sign-in refused from now on), every session ended, and
/// its roles, grants, groups and departments removed. The account itself stays.
#[utoipa::path(post, path = "/api/v3/resign-user", tag = "users",
    request_body = UserRef,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn resign_user(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UserRef>,
) -> AppResult<Data<SuccessData>> {
    let user = find_user(
        &state,
        &m.pool_id,
        &user_key(req.user_id, req.user_id_type.as_deref())?,
    )
    .await?;
    let now = state.clock.now_millis();
    if !state.store.resign_user(&m.pool_id, &user.id, now).await? {
        return Err(ApiError::user_not_found().into());
    }
    state
        .store
        .revoke_user_sessions(&m.pool_id, &user.id, None, now)
        .await?;
    Ok(Data(SuccessData { success: true }))
}

/// The user's linked external identities. authgate has no external identity providers yet,
/// so the list is always empty (for a user that exists).
#[utoipa::path(get, path = "/api/v3/get-user-identities", tag = "users",
    params(UserRef),
    responses((status = 200, description = "Envelope; data: Identity[]", body = [IdentityDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_identities(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<UserRef>,
) -> AppResult<Data<Vec<IdentityDto>>> {
    find_user(
        &state,
        &m.pool_id,
        &user_key(q.user_id, q.user_id_type.as_deref())?,
    )
    .await?;
    Ok(Data(Vec::new()))
}

/// The user's MFA enrolment. No factor can be enrolled yet: every status is `DISABLED`.
#[utoipa::path(get, path = "/api/v3/get-user-mfa-info", tag = "users",
    params(UserRef),
    responses((status = 200, description = "Envelope; data: MFA status per factor", body = UserMfaInfo)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_mfa_info(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<UserRef>,
) -> AppResult<Data<UserMfaInfo>> {
    find_user(
        &state,
        &m.pool_id,
        &user_key(q.user_id, q.user_id_type.as_deref())?,
    )
    .await?;
    let off = || "DISABLED".to_string();
    Ok(Data(UserMfaInfo {
        totp_status: off(),
        face_mfa_status: off(),
        sms_mfa_status: off(),
        email_mfa_status: off(),
    }))
}
