//! Deleting one's own account in two steps: `verify-delete-account-request` checks a proof —
//! a code on `CHANNEL_DELETE_ACCOUNT` sent to the bound email or phone, or the password — and
//! hands out a one-time token; `delete-account` redeems it and deletes the user, whose
//! sessions (refresh and access tokens) end with it.

use crate::codes;
use crate::http::{AppError, AppResult, Data, Json};
use crate::password_transport;
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::User;
use authgate_core::user_pool::UserPool;
use authgate_proto::account::{
    DeleteAccountRequest, DeleteAccountTokenData, VerifyDeleteAccountRequest, VerifyMethod,
};
use authgate_proto::envelope::SuccessData;
use authgate_service::account::{self, PasscodeProof};
use authgate_service::one_time::{self, Purpose, TTL_SECS};
use axum::extract::State;

/// Code channel of account deletion.
const CHANNEL: &str = "CHANNEL_DELETE_ACCOUNT";

/// Account deletion, step 1: prove it is you; answers `deleteAccountToken` (single use, 300 s).
#[utoipa::path(post, path = "/api/v3/verify-delete-account-request", tag = "authentication",
    request_body = VerifyDeleteAccountRequest,
    responses((status = 200, description = "Envelope; data: token", body = DeleteAccountTokenData)))]
pub async fn verify_delete_account_request(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<VerifyDeleteAccountRequest>,
) -> AppResult<Data<DeleteAccountTokenData>> {
    let user = &me.user;
    let pool = account::pool_of_user(&state, user).await?;
    match req.verify_method {
        VerifyMethod::Password => {
            let p = req
                .password_payload
                .ok_or_else(|| ApiError::missing("passwordPayload"))?;
            let plain = password_transport::decrypt(
                &state,
                p.password_encrypt_type.as_deref(),
                &p.password,
            )?;
            if plain.is_empty() {
                return Err(ApiError::missing("passwordPayload.password").into());
            }
            if !account::verify_password(&state, &pool, user, plain).await? {
                return Err(ApiError::from(Msg::PasswordWrong).into());
            }
        }
        method => {
            let proof = PasscodeProof::from_payloads(
                method,
                req.phone_pass_code_payload,
                req.email_pass_code_payload,
            )?;
            check_bound_code(&state, &pool, user, &proof).await?;
        }
    }
    let token = one_time::issue(&state, Purpose::DeleteAccount, &pool.id, &user.id, ()).await?;
    Ok(Data(DeleteAccountTokenData {
        delete_account_token: token,
        token_expires_in: TTL_SECS,
    }))
}

/// A deletion code must go to the address bound to the account (the given one, if any, must
/// be it).
async fn check_bound_code(
    state: &AppState,
    pool: &UserPool,
    user: &User,
    proof: &PasscodeProof,
) -> Result<(), AppError> {
    let contact = proof.contact;
    let bound = contact.bound(user).ok_or_else(|| contact.not_bound())?;
    if proof
        .address
        .as_deref()
        .is_some_and(|a| !contact.same(a, bound))
    {
        return Err(contact.mismatch().into());
    }
    let target = contact
        .bound_target(user, proof.country_code.as_deref())
        .ok_or_else(|| contact.not_bound())?;
    Ok(codes::check(state, pool, &target, CHANNEL, &proof.code).await?)
}

/// Account deletion, step 2: deletes the current user with the token of step 1.
#[utoipa::path(post, path = "/api/v3/delete-account", tag = "authentication",
    request_body = DeleteAccountRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn delete_account(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<DeleteAccountRequest>,
) -> AppResult<Data<SuccessData>> {
    let token = account::required("deleteAccountToken", &req.delete_account_token)?;
    let user = me.user;
    let _: (String, ()) = one_time::redeem(
        &state,
        Purpose::DeleteAccount,
        token,
        &user.pool_id,
        Some(&user.id),
    )
    .await?;
    account::revoke_sessions(&state, &user).await?;
    state
        .store
        .delete_users(&user.pool_id, std::slice::from_ref(&user.id))
        .await?;
    Ok(Data(SuccessData { success: true }))
}
