//! Sign-up, for the API's `POST /api/v3/signup` and the hosted sign-up page: by password
//! (username or email) or by an email / phone code, which proves the address.

use crate::avatar::default_avatar_url;
use crate::sign_in::{Client, passcode_target};
use crate::{Services, codes, passwords, user_actions};
use authgate_core::ApiError;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{Identifiers, User, UserKey, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_proto::auth::{Connection, SignUpRequest};
use serde_json::Value;

/// Creates the user a sign-up request describes (password policy, code check, validation)
/// and records the registration.
pub async fn register(
    state: &Services,
    pool: &UserPool,
    app_id: &str,
    client: &Client,
    req: SignUpRequest,
) -> Result<User, ApiError> {
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
                return Err(ApiError::invalid(
                    "passwordPayload",
                    "needs username or email",
                ));
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
            return Err(ApiError::invalid(
                "connection",
                "sign-up is by PASSWORD or PASSCODE",
            ));
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
        user.profile.photo = Some(default_avatar_url(&state.public_base));
    }
    user.gender = profile.gender.unwrap_or_default();
    user.email_verified = email_verified;
    user.phone_verified = phone_verified;
    match profile.custom_data {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => user.custom_data = m,
        Some(_) => return Err(ApiError::invalid("profile.customData", "must be an object")),
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
            app_id: Some(app_id),
            method: method.as_str(),
            ip: client.ip.as_deref(),
            user_agent: client.user_agent.as_deref(),
            ..user_actions::Event::of_user(user_actions::event::REGISTER, &pool.id, &user.id)
        },
        &client.request_id,
    )
    .await;
    Ok(user)
}
