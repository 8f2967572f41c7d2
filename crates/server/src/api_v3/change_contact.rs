//! Changing the bound email or phone in two steps: `verify-update-email-request` /
//! `verify-update-phone-request` check a code sent to the new address (and one sent to the
//! bound address when there is one) and hand out a one-time token; `update-email` /
//! `update-phone` redeem it. Channels: see [`authgate_service::contact`].

use crate::http::{AppError, AppResult, Data, Json};
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use authgate_core::ApiError;
use authgate_proto::account::{
    UpdateEmailRequest, UpdateEmailTokenData, UpdatePhoneRequest, UpdatePhoneTokenData,
    VerifyMethod, VerifyUpdateEmailRequest, VerifyUpdatePhoneRequest,
};
use authgate_proto::envelope::SuccessData;
use authgate_service::account::{self, CodeCheck, given, required};
use authgate_service::contact::Contact;
use authgate_service::one_time::{self, TTL_SECS};
use axum::extract::State;
use serde::{Deserialize, Serialize};

/// The new address a change token carries.
#[derive(Debug, Serialize, Deserialize)]
struct NewAddress {
    address: String,
    country_code: Option<String>,
}

/// One change request, whichever the contact.
struct Change<'a> {
    new_address: &'a str,
    new_country: Option<&'a str>,
    new_code: &'a str,
    old_address: Option<&'a str>,
    old_country: Option<&'a str>,
    old_code: Option<&'a str>,
}

/// Step 1 of an email change: codes on `CHANNEL_UPDATE_EMAIL` to the new email and, when one
/// is bound, to the bound email; answers `updateEmailToken` (single use, 300 s).
#[utoipa::path(post, path = "/api/v3/verify-update-email-request", tag = "authentication",
    request_body = VerifyUpdateEmailRequest,
    responses((status = 200, description = "Envelope; data: token", body = UpdateEmailTokenData)))]
pub async fn verify_update_email_request(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<VerifyUpdateEmailRequest>,
) -> AppResult<Data<UpdateEmailTokenData>> {
    expect_method(req.verify_method, VerifyMethod::EmailPasscode)?;
    let p = &req.email_pass_code_payload;
    let change = Change {
        new_address: required("emailPassCodePayload.newEmail", &p.new_email)?,
        new_country: None,
        new_code: required(
            "emailPassCodePayload.newEmailPassCode",
            &p.new_email_pass_code,
        )?,
        old_address: given(p.old_email.as_deref()),
        old_country: None,
        old_code: given(p.old_email_pass_code.as_deref()),
    };
    let token = verify(&state, &me, Contact::Email, change).await?;
    Ok(Data(UpdateEmailTokenData {
        update_email_token: token,
        token_expires_in: TTL_SECS,
    }))
}

/// Step 1 of a phone change: a code on `CHANNEL_BIND_PHONE` to the new number and, when one
/// is bound, a code on `CHANNEL_UNBIND_PHONE` to the bound number; answers
/// `updatePhoneToken` (single use, 300 s).
#[utoipa::path(post, path = "/api/v3/verify-update-phone-request", tag = "authentication",
    request_body = VerifyUpdatePhoneRequest,
    responses((status = 200, description = "Envelope; data: token", body = UpdatePhoneTokenData)))]
pub async fn verify_update_phone_request(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<VerifyUpdatePhoneRequest>,
) -> AppResult<Data<UpdatePhoneTokenData>> {
    expect_method(req.verify_method, VerifyMethod::PhonePasscode)?;
    let p = &req.phone_pass_code_payload;
    let change = Change {
        new_address: required("phonePassCodePayload.newPhoneNumber", &p.new_phone_number)?,
        new_country: given(p.new_phone_country_code.as_deref()),
        new_code: required(
            "phonePassCodePayload.newPhonePassCode",
            &p.new_phone_pass_code,
        )?,
        old_address: given(p.old_phone_number.as_deref()),
        old_country: given(p.old_phone_country_code.as_deref()),
        old_code: given(p.old_phone_pass_code.as_deref()),
    };
    let token = verify(&state, &me, Contact::Phone, change).await?;
    Ok(Data(UpdatePhoneTokenData {
        update_phone_token: token,
        token_expires_in: TTL_SECS,
    }))
}

/// Step 2 of an email change.
#[utoipa::path(post, path = "/api/v3/update-email", tag = "authentication",
    request_body = UpdateEmailRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn update_email(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UpdateEmailRequest>,
) -> AppResult<Data<SuccessData>> {
    let token = required("updateEmailToken", &req.update_email_token)?;
    apply(&state, me, Contact::Email, token).await
}

/// Step 2 of a phone change.
#[utoipa::path(post, path = "/api/v3/update-phone", tag = "authentication",
    request_body = UpdatePhoneRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn update_phone(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UpdatePhoneRequest>,
) -> AppResult<Data<SuccessData>> {
    let token = required("updatePhoneToken", &req.update_phone_token)?;
    apply(&state, me, Contact::Phone, token).await
}

fn expect_method(method: VerifyMethod, expected: VerifyMethod) -> Result<(), AppError> {
    if method != expected {
        let name = match expected {
            VerifyMethod::EmailPasscode => "EMAIL_PASSCODE",
            VerifyMethod::PhonePasscode => "PHONE_PASSCODE",
            VerifyMethod::Password => "PASSWORD",
        };
        return Err(ApiError::invalid("verifyMethod", format!("must be {name}")).into());
    }
    Ok(())
}

/// Checks a change request's codes and issues its token.
async fn verify(
    state: &AppState,
    me: &CurrentUser,
    contact: Contact,
    change: Change<'_>,
) -> Result<String, AppError> {
    let user = &me.user;
    contact.validate(change.new_address)?;
    let mut checks = Vec::with_capacity(2);
    match contact.bound(user) {
        Some(bound) => {
            if change
                .old_address
                .is_some_and(|old| !contact.same(old, bound))
            {
                return Err(contact.mismatch().into());
            }
            if contact.same(change.new_address, bound) {
                return Err(contact.unchanged().into());
            }
            let payload = match contact {
                Contact::Email => "emailPassCodePayload.oldEmailPassCode",
                Contact::Phone => "phonePassCodePayload.oldPhonePassCode",
            };
            let old_code = change.old_code.ok_or_else(|| ApiError::missing(payload))?;
            let target = contact
                .bound_target(user, change.old_country)
                .ok_or_else(|| contact.not_bound())?;
            checks.push(CodeCheck {
                target,
                channel: contact.change_old_channel(),
                code: old_code,
            });
        }
        None if change.old_address.is_some() => return Err(contact.mismatch().into()),
        None => {}
    }
    checks.push(CodeCheck {
        target: contact.target(change.new_address, change.new_country),
        channel: contact.change_new_channel(),
        code: change.new_code,
    });
    let pool = account::pool_of_user(state, user).await?;
    account::check_codes(state, &pool, &checks).await?;
    // The caller proved they own the new address: now it may be told it is taken.
    let holder = state
        .store
        .get_user(&pool.id, &contact.key(change.new_address))
        .await?;
    if holder.is_some_and(|h| h.id != user.id) {
        return Err(ApiError::user_exists(contact.wire()).into());
    }
    let new = NewAddress {
        address: change.new_address.to_string(),
        country_code: change.new_country.map(str::to_string),
    };
    Ok(one_time::issue(state, contact.change_purpose(), &pool.id, &user.id, new).await?)
}

/// Redeems a change token and binds the new address.
async fn apply(
    state: &AppState,
    me: CurrentUser,
    contact: Contact,
    token: &str,
) -> AppResult<Data<SuccessData>> {
    let before = me.user;
    let mut user = before.clone();
    let (_, new): (String, NewAddress) = one_time::redeem(
        state,
        contact.change_purpose(),
        token,
        &user.pool_id,
        Some(&user.id),
    )
    .await?;
    contact.set(&mut user, &new.address, new.country_code.as_deref());
    account::save(state, &before, &mut user).await?;
    Ok(Data(SuccessData { success: true }))
}
