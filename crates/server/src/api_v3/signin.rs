//! `POST /api/v3/signin`: by password (email, phone, username or any account) or by email /
//! SMS code, for an authenticated application; answers a TokenSet.
//!
//! Errors follow spec §6.3: an unknown account and a wrong password both answer the
//! ambiguous 403/2333 unless the pool reveals account existence (404/2004, 403/2006).

use super::app_context::{app_id_header, pool_of};
use super::login::{Attempt, find_by_account, unknown_account, wrong_password};
use crate::client_auth::{self, BodyCredentials, Endpoint};
use crate::client_ip::{ClientIp, user_agent};
use crate::codes::{self, CodeTarget};
use crate::http::{AppError, AppResult, Data, Json};
use crate::state::AppState;
use crate::tokens::DEFAULT_SCOPE;
use crate::{lockout, password_transport, rate_limit};
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{Identifiers, User, UserKey, UserSource};
use authgate_proto::auth::{
    Connection, PassCodePayload, PasswordPayload, SignInOptions, SignInRequest,
};
use authgate_proto::tokens::TokenSet;
use authgate_store::ProvedAddress;
use axum::extract::State;
use axum::http::HeaderMap;

/// Sign in and receive a TokenSet.
#[utoipa::path(post, path = "/api/v3/signin", tag = "authentication",
    request_body = SignInRequest,
    responses((status = 200, description = "Envelope; data: TokenSet", body = TokenSet)))]
pub async fn signin(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Json(req): Json<SignInRequest>,
) -> AppResult<Data<TokenSet>> {
    rate_limit::check_ip(&state, "signin", ip.0.as_deref()).await?;
    let app = client_auth::authenticate(
        &state,
        &headers,
        BodyCredentials {
            client_id: req.client_id.as_deref(),
            client_secret: req.client_secret.as_deref(),
        },
        app_id_header(&headers),
        Endpoint::Token,
    )
    .await?;
    let pool = pool_of(&state, &app).await?;
    let opts = req.options.unwrap_or_default();
    let scope = Scope::parse(opts.scope.as_deref().unwrap_or(DEFAULT_SCOPE));
    let method = match req.connection {
        Connection::Password => SignInMethod::Password,
        Connection::Passcode => SignInMethod::Passcode,
        Connection::Ldap | Connection::Ad => {
            return Err(ApiError::not_implemented("LDAP / AD sign-in").into());
        }
    };
    let mut attempt = Attempt::new(
        app,
        pool,
        &ip,
        opts.client_ip.as_deref(),
        user_agent(&headers),
        method,
    );
    let user = match req.connection {
        Connection::Password => {
            by_password(&state, &mut attempt, req.password_payload, &opts).await?
        }
        _ => by_passcode(&state, &mut attempt, req.pass_code_payload, &opts).await?,
    };
    let set = attempt
        .succeed(&state, user, &scope, opts.custom_data)
        .await?;
    Ok(Data(set))
}

fn disabled(user: &User) -> AppError {
    crate::tokens::disabled(user).into()
}

/// Which user a password payload names, and whether it was named explicitly (not `account`).
async fn lookup(
    state: &AppState,
    attempt: &Attempt,
    p: &PasswordPayload,
) -> Result<(Option<User>, Option<UserKey>), AppError> {
    let pool = &attempt.pool;
    let explicit = [
        p.email.clone().map(UserKey::Email),
        p.username.clone().map(UserKey::Username),
        p.phone.clone().map(UserKey::Phone),
    ]
    .into_iter()
    .flatten()
    .find(|k| !matches!(k, UserKey::Email(v) | UserKey::Username(v) | UserKey::Phone(v) if v.trim().is_empty()));
    if let Some(key) = explicit {
        return Ok((state.store.get_user(&pool.id, &key).await?, Some(key)));
    }
    match p.account.as_deref().filter(|a| !a.trim().is_empty()) {
        Some(account) => Ok((find_by_account(state, pool, account).await?, None)),
        None => Err(ApiError::bad_request(Msg::SignInIdentifierRequired).into()),
    }
}

/// The user a password payload signs in (lockout, history of failures, status checks);
/// shared with the hosted login page.
pub(crate) async fn by_password(
    state: &AppState,
    attempt: &mut Attempt,
    payload: Option<PasswordPayload>,
    opts: &SignInOptions,
) -> Result<User, AppError> {
    let p = payload.ok_or_else(|| ApiError::missing("passwordPayload"))?;
    attempt.account = [&p.account, &p.email, &p.username, &p.phone]
        .into_iter()
        .flatten()
        .next()
        .cloned();
    let password =
        password_transport::decrypt(state, opts.password_encrypt_type.as_deref(), &p.password)?;
    if password.is_empty() {
        return Err(ApiError::missing("passwordPayload.password").into());
    }
    let reveal = attempt.pool.settings.reveal_account_existence;
    let (user, explicit_key) = lookup(state, attempt, &p).await?;
    let Some(user) = user else {
        if opts.auto_register == Some(true)
            && let Some(key) = explicit_key
        {
            return register(state, attempt, key, Some(password)).await;
        }
        state.passwords.verify_dummy(password).await?;
        return Err(attempt.fail(state, None, unknown_account(reveal)).await);
    };
    if let Err(e) = lockout::ensure_unlocked(state, &attempt.pool, &user.id).await {
        return Err(attempt.fail(state, Some(&user.id), e.into()).await);
    }
    let verified = match user.password_hash.clone() {
        Some(h) => state.passwords.verify(password, h).await?,
        None => {
            state.passwords.verify_dummy(password).await?;
            false
        }
    };
    if !verified {
        lockout::record_failure(state, &attempt.pool, &user.id).await;
        let e = wrong_password(reveal);
        return Err(attempt.fail(state, Some(&user.id), e).await);
    }
    if !user.status.may_sign_in() {
        return Err(attempt.fail(state, Some(&user.id), disabled(&user)).await);
    }
    lockout::clear(state, &attempt.pool, &user.id).await;
    Ok(user)
}

/// The user an email / SMS code signs in (the code is checked first); shared with the hosted
/// login page.
pub(crate) async fn by_passcode(
    state: &AppState,
    attempt: &mut Attempt,
    payload: Option<PassCodePayload>,
    opts: &SignInOptions,
) -> Result<User, AppError> {
    let p = payload.ok_or_else(|| ApiError::missing("passCodePayload"))?;
    let (target, key) = passcode_target(&p)?;
    attempt.account = p.email.clone().or_else(|| p.phone.clone());
    // The code first: without it nobody learns whether the account exists.
    if let Err(e) = codes::check(state, &attempt.pool, &target, "CHANNEL_LOGIN", &p.pass_code).await
    {
        return Err(attempt.fail(state, None, e.into()).await);
    }
    let Some(user) = state.store.get_user(&attempt.pool.id, &key).await? else {
        if opts.auto_register == Some(true) {
            return register(state, attempt, key, None).await;
        }
        let reveal = attempt.pool.settings.reveal_account_existence;
        return Err(attempt.fail(state, None, unknown_account(reveal)).await);
    };
    if !user.status.may_sign_in() {
        return Err(attempt.fail(state, Some(&user.id), disabled(&user)).await);
    }
    // Receiving the code proves the address.
    attempt.proved = Some(match key {
        UserKey::Email(_) => ProvedAddress::Email,
        _ => ProvedAddress::Phone,
    });
    Ok(user)
}

/// The code target and user key of a passcode payload.
pub fn passcode_target(p: &PassCodePayload) -> Result<(CodeTarget, UserKey), AppError> {
    if p.pass_code.trim().is_empty() {
        return Err(ApiError::missing("passCodePayload.passCode").into());
    }
    if let Some(email) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
        authgate_core::user::validate_email(email)?;
        return Ok((
            CodeTarget::email(email),
            UserKey::Email(email.trim().to_string()),
        ));
    }
    if let Some(phone) = p.phone.as_deref().filter(|e| !e.trim().is_empty()) {
        authgate_core::user::validate_phone(phone)?;
        return Ok((
            CodeTarget::phone(phone, p.phone_country_code.as_deref()),
            UserKey::Phone(phone.trim().to_string()),
        ));
    }
    Err(ApiError::invalid("passCodePayload", "needs email or phone").into())
}

/// `options.autoRegister`: creates the user named by `key` (an explicit identifier).
async fn register(
    state: &AppState,
    attempt: &Attempt,
    key: UserKey,
    password: Option<String>,
) -> Result<User, AppError> {
    let mut ids = Identifiers::default();
    let mut user_key_verified = (false, false);
    match key {
        UserKey::Email(e) => {
            ids.email = Some(e.trim().to_string());
            user_key_verified.0 = password.is_none();
        }
        UserKey::Phone(p) => {
            ids.phone = Some(p.trim().to_string());
            user_key_verified.1 = password.is_none();
        }
        UserKey::Username(u) => ids.username = Some(u.trim().to_string()),
        UserKey::Id(_) | UserKey::ExternalId(_) => {
            return Err(ApiError::bad_request(Msg::SignInIdentifierRequired).into());
        }
    }
    let now = state.clock.now_millis();
    let mut user = User::new(
        authgate_core::ids::new_id()?,
        attempt.pool.id.clone(),
        ids,
        UserSource::Register,
        now,
    );
    user.email_verified = user_key_verified.0;
    user.phone_verified = user_key_verified.1;
    user.profile.photo = Some(crate::assets::default_avatar_url(&state.public_base));
    user.validate()?;
    if let Some(p) = password {
        attempt.pool.settings.password_policy.check(&p)?;
        user.password_hash = Some(state.passwords.hash(p).await?);
        user.password_last_set_at = Some(now);
    }
    state.store.insert_user(&user).await?;
    Ok(user)
}
