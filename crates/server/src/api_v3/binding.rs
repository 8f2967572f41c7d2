//! `bind-email`, `unbind-email`, `bind-phone`, `unbind-phone`: add an email or phone to an
//! account that has none (proven by a code sent to it), or remove the bound one (proven by a
//! code sent to it), never the account's last identifier.
//!
//! The code is checked before the new address is looked up, so these calls do not tell a
//! signed-in user which addresses other accounts use; a taken address answers 409 only
//! after its code proved the caller owns it.

use crate::codes;
use crate::http::{AppResult, Empty, Json};
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use authgate_proto::account::{BindEmailRequest, BindPhoneRequest, UnbindRequest};
use authgate_service::account::{self, required};
use authgate_service::contact::Contact;
use axum::extract::State;

/// Bind an email (code on `CHANNEL_BIND_EMAIL`) when none is bound.
#[utoipa::path(post, path = "/api/v3/bind-email", tag = "authentication",
    request_body = BindEmailRequest,
    responses((status = 200, description = "Envelope only")))]
pub async fn bind_email(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<BindEmailRequest>,
) -> AppResult<Empty> {
    let email = required("email", &req.email)?;
    bind(&state, me, Contact::Email, email, None, &req.pass_code).await
}

/// Bind a phone (code on `CHANNEL_BIND_PHONE`) when none is bound.
#[utoipa::path(post, path = "/api/v3/bind-phone", tag = "authentication",
    request_body = BindPhoneRequest,
    responses((status = 200, description = "Envelope only")))]
pub async fn bind_phone(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<BindPhoneRequest>,
) -> AppResult<Empty> {
    let phone = required("phoneNumber", &req.phone_number)?;
    let country = account::given(req.phone_country_code.as_deref());
    bind(&state, me, Contact::Phone, phone, country, &req.pass_code).await
}

/// Unbind the email (code sent to it on `CHANNEL_UNBIND_EMAIL`).
#[utoipa::path(post, path = "/api/v3/unbind-email", tag = "authentication",
    request_body = UnbindRequest,
    responses((status = 200, description = "Envelope only")))]
pub async fn unbind_email(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UnbindRequest>,
) -> AppResult<Empty> {
    unbind(&state, me, Contact::Email, &req.pass_code).await
}

/// Unbind the phone (code sent to it on `CHANNEL_UNBIND_PHONE`).
#[utoipa::path(post, path = "/api/v3/unbind-phone", tag = "authentication",
    request_body = UnbindRequest,
    responses((status = 200, description = "Envelope only")))]
pub async fn unbind_phone(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<UnbindRequest>,
) -> AppResult<Empty> {
    unbind(&state, me, Contact::Phone, &req.pass_code).await
}

async fn bind(
    state: &AppState,
    me: CurrentUser,
    contact: Contact,
    address: &str,
    country_code: Option<&str>,
    pass_code: &str,
) -> AppResult<Empty> {
    let code = required("passCode", pass_code)?;
    contact.validate(address)?;
    let before = me.user;
    let mut user = before.clone();
    if contact.bound(&user).is_some() {
        return Err(contact.already_bound().into());
    }
    let pool = account::pool_of_user(state, &user).await?;
    let target = contact.target(address, country_code);
    codes::check(state, &pool, &target, contact.bind_channel(), code).await?;
    contact.set(&mut user, address, country_code);
    account::save(state, &before, &mut user).await?;
    Ok(Empty)
}

async fn unbind(
    state: &AppState,
    me: CurrentUser,
    contact: Contact,
    pass_code: &str,
) -> AppResult<Empty> {
    let code = required("passCode", pass_code)?;
    let before = me.user;
    let mut user = before.clone();
    let target = contact
        .bound_target(&user, None)
        .ok_or_else(|| contact.not_bound())?;
    contact.ensure_not_last(&user)?;
    let pool = account::pool_of_user(state, &user).await?;
    codes::check(state, &pool, &target, contact.unbind_channel(), code).await?;
    contact.clear(&mut user);
    account::save(state, &before, &mut user).await?;
    Ok(Empty)
}
