//! Step 1 of the pipeline: which user a credential names, and whether it proves them. Failures
//! are recorded in the attempt's history; the user answered has passed the policy checks.

use super::Attempt;
use super::policy::{self, unknown_account, wrong_password};
use super::register::register;
use crate::codes::{self, CodeTarget};
use crate::{Services, lockout, password_transport};
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::{User, UserKey};
use authgate_core::user_pool::UserPool;
use authgate_proto::auth::{PassCodePayload, PasswordPayload, SignInOptions};
use authgate_store::ProvedAddress;

/// What the user presents to sign in. Push and QR-code sign-ins are proved by their own
/// exchanges (`crate::push`, `crate::qr`) and join the pipeline at the attempt's success.
#[derive(Debug, Clone)]
pub enum Credential {
    /// An identifier (email, phone, username or any account) and a password.
    Password(PasswordPayload),
    /// An email address or phone number and the code sent there.
    Passcode(PassCodePayload),
}

/// Identifies the user of `credential`, verifies it and applies the policy checks (status,
/// lockout, second factor); auto-registers when `opts.autoRegister` asks. Sets the attempt's
/// account (and proved address) for the history.
pub async fn verify(
    state: &Services,
    attempt: &mut Attempt,
    credential: Credential,
    opts: &SignInOptions,
) -> Result<User, ApiError> {
    let user = match credential {
        Credential::Password(p) => by_password(state, attempt, p, opts).await?,
        Credential::Passcode(p) => by_passcode(state, attempt, p, opts).await?,
    };
    policy::second_factor(state, attempt, &user).await?;
    Ok(user)
}

/// Which user a password payload names, and whether it was named explicitly (not `account`).
async fn lookup(
    state: &Services,
    pool: &UserPool,
    p: &PasswordPayload,
) -> Result<(Option<User>, Option<UserKey>), ApiError> {
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
        None => Err(ApiError::bad_request(Msg::SignInIdentifierRequired)),
    }
}

/// The user a password payload signs in (lockout, history of failures, status checks).
async fn by_password(
    state: &Services,
    attempt: &mut Attempt,
    p: PasswordPayload,
    opts: &SignInOptions,
) -> Result<User, ApiError> {
    attempt.account = [&p.account, &p.email, &p.username, &p.phone]
        .into_iter()
        .flatten()
        .next()
        .cloned();
    let password =
        password_transport::decrypt(state, opts.password_encrypt_type.as_deref(), &p.password)?;
    if password.is_empty() {
        return Err(ApiError::missing("passwordPayload.password"));
    }
    let reveal = attempt.pool.settings.reveal_account_existence;
    let (user, explicit_key) = lookup(state, &attempt.pool, &p).await?;
    let Some(user) = user else {
        if opts.auto_register == Some(true)
            && let Some(key) = explicit_key
        {
            return register(state, attempt, key, Some(password)).await;
        }
        state.passwords.verify_dummy(password).await?;
        return Err(attempt.fail(state, None, unknown_account(reveal)).await);
    };
    policy::ensure_unlocked(state, attempt, &user).await?;
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
    policy::ensure_active(state, attempt, &user).await?;
    lockout::clear(state, &attempt.pool, &user.id).await;
    Ok(user)
}

/// The user an email / SMS code signs in (the code is checked first).
async fn by_passcode(
    state: &Services,
    attempt: &mut Attempt,
    p: PassCodePayload,
    opts: &SignInOptions,
) -> Result<User, ApiError> {
    let (target, key) = passcode_target(&p)?;
    attempt.account = p.email.clone().or_else(|| p.phone.clone());
    // The code first: without it nobody learns whether the account exists.
    if let Err(e) = codes::check(state, &attempt.pool, &target, "CHANNEL_LOGIN", &p.pass_code).await
    {
        return Err(attempt.fail(state, None, e).await);
    }
    let Some(user) = state.store.get_user(&attempt.pool.id, &key).await? else {
        if opts.auto_register == Some(true) {
            return register(state, attempt, key, None).await;
        }
        let reveal = attempt.pool.settings.reveal_account_existence;
        return Err(attempt.fail(state, None, unknown_account(reveal)).await);
    };
    policy::ensure_active(state, attempt, &user).await?;
    // Receiving the code proves the address.
    attempt.proved = Some(match key {
        UserKey::Email(_) => ProvedAddress::Email,
        _ => ProvedAddress::Phone,
    });
    Ok(user)
}

/// The code target and user key of a passcode payload.
pub fn passcode_target(p: &PassCodePayload) -> Result<(CodeTarget, UserKey), ApiError> {
    if p.pass_code.trim().is_empty() {
        return Err(ApiError::missing("passCodePayload.passCode"));
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
    Err(ApiError::invalid("passCodePayload", "needs email or phone"))
}

/// A user of `pool` by an `account` value: an email when it has `@`, else a username, else a
/// phone number.
pub async fn find_by_account(
    state: &Services,
    pool: &UserPool,
    account: &str,
) -> Result<Option<User>, ApiError> {
    let account = account.trim();
    let keys = if account.contains('@') {
        vec![UserKey::Email(account.to_string())]
    } else {
        vec![
            UserKey::Username(account.to_string()),
            UserKey::Phone(account.to_string()),
        ]
    };
    for key in keys {
        if let Some(u) = state.store.get_user(&pool.id, &key).await? {
            return Ok(Some(u));
        }
    }
    Ok(None)
}
