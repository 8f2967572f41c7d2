//! Passwords of end users: `update-password` (signed in) and the forgotten-password pair
//! `verify-reset-password-request` / `reset-password` (public, for the app's pool).
//!
//! Every password change revokes all the user's sessions, the caller's own included: refresh
//! tokens stop working and access tokens are refused from then on, so the client must sign
//! in again with the new password.

use super::app_context::AppContext;
use crate::client_ip::ClientIp;
use crate::http::{AppResult, Data, Empty, Json};
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use crate::{password_transport, passwords, rate_limit};
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::UserKey;
use authgate_proto::account::{
    PasswordResetTokenData, ResetPasswordRequest, UpdatePasswordRequest, VerifyResetPasswordRequest,
};
use authgate_proto::envelope::SuccessData;
use authgate_service::account::{self, PasscodeProof, given, required, user_of_reset_proof};
use authgate_service::one_time::{self, Purpose, TTL_SECS};
use axum::extract::State;

/// Change the current user's password. `oldPassword` is required when a password is set
/// (wrong: 403/2203; absent: 400/2201) unless a `passwordResetToken` of this user is given.
/// Revokes every session of the user: sign in again afterwards.
#[utoipa::path(post, path = "/api/v3/update-password", tag = "authentication",
    request_body = UpdatePasswordRequest,
    responses((status = 200, description = "Envelope only")))]
pub async fn update_password(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UpdatePasswordRequest>,
) -> AppResult<Empty> {
    let mut user = me.user;
    let pool = account::pool_of_user(&state, &user).await?;
    let encrypt = req.password_encrypt_type.as_deref();
    let policy = &pool.settings.password_policy;
    let new = passwords::accept_new(&state, policy, encrypt, "newPassword", &req.new_password)?;
    if let Some(token) = given(req.password_reset_token.as_deref()) {
        let _: (String, ()) = one_time::redeem(
            &state,
            Purpose::ResetPassword,
            token,
            &pool.id,
            Some(&user.id),
        )
        .await?;
    } else if user.password_hash.is_some() {
        let old = given(req.old_password.as_deref())
            .ok_or_else(|| ApiError::from(Msg::OldPasswordRequired))?;
        let old = password_transport::decrypt(&state, encrypt, old)?;
        if !account::verify_password(&state, &pool, &user, old).await? {
            return Err(ApiError::from(Msg::OldPasswordWrong).into());
        }
    }
    account::set_password(
        &state,
        &pool,
        &mut user,
        new,
        &crate::http::context::current().request_id,
    )
    .await?;
    Ok(Empty)
}

/// Forgotten password, step 1: a code on `CHANNEL_RESET_PASSWORD` sent to the email or phone
/// of the account; answers `passwordResetToken` (single use, 300 s). The code is checked
/// before the account is looked up, so without it nobody learns whether an account exists.
#[utoipa::path(post, path = "/api/v3/verify-reset-password-request", tag = "authentication",
    request_body = VerifyResetPasswordRequest,
    responses((status = 200, description = "Envelope; data: token", body = PasswordResetTokenData)))]
pub async fn verify_reset_password_request(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<VerifyResetPasswordRequest>,
) -> AppResult<Data<PasswordResetTokenData>> {
    rate_limit::check_ip(&state, "reset-password", ip.0.as_deref()).await?;
    let proof = PasscodeProof::from_payloads(
        req.verify_method,
        req.phone_pass_code_payload,
        req.email_pass_code_payload,
    )?;
    let user = user_of_reset_proof(&state, &ctx.pool, &proof).await?;
    let token = one_time::issue(&state, Purpose::ResetPassword, &ctx.pool.id, &user.id, ()).await?;
    Ok(Data(PasswordResetTokenData {
        password_reset_token: token,
        token_expires_in: TTL_SECS,
    }))
}

/// Forgotten password, step 2: sets the new password with the token of step 1 and revokes
/// every session of the user.
#[utoipa::path(post, path = "/api/v3/reset-password", tag = "authentication",
    request_body = ResetPasswordRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<ResetPasswordRequest>,
) -> AppResult<Data<SuccessData>> {
    rate_limit::check_ip(&state, "reset-password", ip.0.as_deref()).await?;
    let token = required("passwordResetToken", &req.password_reset_token)?;
    let encrypt = req.password_encrypt_type.as_deref();
    let policy = &ctx.pool.settings.password_policy;
    let new = passwords::accept_new(&state, policy, encrypt, "password", &req.password)?;
    let (user_id, ()) =
        one_time::redeem(&state, Purpose::ResetPassword, token, &ctx.pool.id, None).await?;
    let mut user = state
        .store
        .get_user(&ctx.pool.id, &UserKey::Id(user_id))
        .await?
        .ok_or_else(one_time::invalid)?;
    account::set_password(
        &state,
        &ctx.pool,
        &mut user,
        new,
        &crate::http::context::current().request_id,
    )
    .await?;
    Ok(Data(SuccessData { success: true }))
}
