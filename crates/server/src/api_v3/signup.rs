//! `POST /api/v3/signup`: by password (username or email) or by email / phone code.

use super::app_context::AppContext;
use super::signin::passcode_target;
use crate::client_ip::ClientIp;
use crate::codes;
use crate::http::{AppError, AppResult, Data, Json};
use crate::passwords;
use crate::rate_limit;
use crate::state::AppState;
use crate::user_actions;
use crate::user_view::{ViewFlags, render};
use authgate_core::ApiError;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{Identifiers, User, UserKey, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_proto::auth::{Connection, SignUpRequest};
use authgate_proto::users::UserDto;
use axum::extract::State;
use serde_json::Value;

/// Register a user; answers the new User.
#[utoipa::path(post, path = "/api/v3/signup", tag = "authentication",
    request_body = SignUpRequest,
    responses((status = 200, description = "Envelope; data: User", body = UserDto)))]
pub async fn signup(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    headers: axum::http::HeaderMap,
    Json(req): Json<SignUpRequest>,
) -> AppResult<Data<Value>> {
    rate_limit::check_ip(&state, "signup", ip.0.as_deref()).await?;
    let agent = crate::client_ip::user_agent(&headers);
    let from = Origin {
        app_id: &ctx.app.id,
        ip: ip.0.as_deref(),
        user_agent: agent.as_deref(),
    };
    let user = register(&state, &ctx.pool, req, from).await?;
    Ok(Data(render(
        &user,
        ViewFlags {
            custom_data: true,
            ..ViewFlags::default()
        },
    )))
}

/// Where a sign-up comes from, for the user action log.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The application signed up through.
    pub app_id: &'a str,
    /// Client IP.
    pub ip: Option<&'a str>,
    /// User agent.
    pub user_agent: Option<&'a str>,
}

/// Creates the user a sign-up request describes (password policy, code check, validation)
/// and records the registration; shared with the hosted sign-up page.
pub(crate) async fn register(
    state: &AppState,
    pool: &UserPool,
    req: SignUpRequest,
    from: Origin<'_>,
) -> Result<User, AppError> {
    let opts = req.options.unwrap_or_default();
    let profile = req.profile.unwrap_or_default();
    let mut ids = Identifiers {
        email: profile.email.clone(),
        phone: profile.phone.clone(),
        phone_country_code: profile.phone_country_code.clone(),
        ..Identifiers::default()
    };
    let mut password = None;
    let (mut email_verified, mut phone_verified) = (false, false);
    let method = match req.connection {
        Connection::Password => SignInMethod::Password,
        Connection::Passcode | Connection::Ldap | Connection::Ad => SignInMethod::Passcode,
    };
    match req.connection {
        Connection::Password => {
            let p = req
                .password_payload
                .ok_or_else(|| ApiError::missing("passwordPayload"))?;
            let named = p.username.as_deref().or(p.email.as_deref());
            if named.is_none_or(|n| n.trim().is_empty()) {
                return Err(ApiError::invalid("passwordPayload", "needs username or email").into());
            }
            if let Some(u) = p.username.filter(|u| !u.trim().is_empty()) {
                ids.username = Some(u.trim().to_string());
            }
            if let Some(e) = p.email.filter(|e| !e.trim().is_empty()) {
                ids.email = Some(e.trim().to_string());
            }
            password = Some(passwords::accept_new(
                state,
                &pool.settings.password_policy,
                opts.password_encrypt_type.as_deref(),
                "passwordPayload.password",
                &p.password,
            )?);
        }
        Connection::Passcode => {
            let p = req
                .pass_code_payload
                .ok_or_else(|| ApiError::missing("passCodePayload"))?;
            let (target, key) = passcode_target(&p)?;
            codes::check(state, pool, &target, "CHANNEL_REGISTER", &p.pass_code).await?;
            match key {
                UserKey::Email(e) => {
                    ids.email = Some(e);
                    email_verified = true;
                }
                UserKey::Phone(ph) => {
                    ids.phone = Some(ph);
                    ids.phone_country_code = p.phone_country_code.clone();
                    phone_verified = true;
                }
                _ => {}
            }
        }
        Connection::Ldap | Connection::Ad => {
            return Err(
                ApiError::invalid("connection", "sign-up is by PASSWORD or PASSCODE").into(),
            );
        }
    }
    let now = state.clock.now_millis();
    let mut user = User::new(
        authgate_core::ids::new_id()?,
        pool.id.clone(),
        ids,
        UserSource::Register,
        now,
    );
    user.profile = profile.profile;
    if user.profile.photo.is_none() {
        user.profile.photo = Some(crate::assets::default_avatar_url(&state.public_base));
    }
    user.gender = profile.gender.unwrap_or_default();
    user.email_verified = email_verified;
    user.phone_verified = phone_verified;
    match profile.custom_data {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => user.custom_data = m,
        Some(_) => return Err(ApiError::invalid("profile.customData", "must be an object").into()),
    }
    user.validate()?;
    if let Some(p) = password {
        user.password_hash = Some(state.passwords.hash(p).await?);
        user.password_last_set_at = Some(now);
    }
    state.store.insert_user(&user).await?;
    user_actions::record(
        state,
        user_actions::Event {
            app_id: Some(from.app_id),
            method: method.as_str(),
            ip: from.ip,
            user_agent: from.user_agent,
            ..user_actions::Event::of_user(user_actions::event::REGISTER, &pool.id, &user.id)
        },
        &crate::http::context::current().request_id,
    )
    .await;
    Ok(user)
}
