//! The checks on a user whose credential was presented, and the errors sign-in answers
//! (spec §6.3): an unknown account and a wrong password both answer the ambiguous 403/2333
//! unless the pool reveals account existence (404/2004, 403/2006).

use super::Attempt;
use crate::{Services, lockout, tokens};
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::User;

/// The error for an account that does not exist (also answered by push sign-in): the
/// ambiguous 403/2333 unless the pool reveals account existence (404/2004).
pub fn unknown_account(reveal: bool) -> ApiError {
    if reveal {
        ApiError::user_not_found()
    } else {
        ambiguous()
    }
}

/// The error for a wrong password: 403/2006 when the pool reveals account existence, else
/// the ambiguous 403/2333.
pub fn wrong_password(reveal: bool) -> ApiError {
    if reveal {
        Msg::PasswordWrong.into()
    } else {
        ambiguous()
    }
}

fn ambiguous() -> ApiError {
    Msg::AccountOrPasswordWrong.into()
}

/// Refuses (and records) a sign-in of a user whose account is locked after too many wrong
/// passwords; checked before the password so a locked account costs no argon2 time.
pub async fn ensure_unlocked(
    state: &Services,
    attempt: &Attempt,
    user: &User,
) -> Result<(), ApiError> {
    match lockout::ensure_unlocked(state, &attempt.pool, &user.id).await {
        Ok(()) => Ok(()),
        Err(e) => Err(attempt.fail(state, Some(&user.id), e).await),
    }
}

/// Refuses (and records) a sign-in of a user whose status forbids it (suspended, deactivated…).
pub async fn ensure_active(
    state: &Services,
    attempt: &Attempt,
    user: &User,
) -> Result<(), ApiError> {
    if user.status.may_sign_in() {
        Ok(())
    } else {
        Err(attempt
            .fail(state, Some(&user.id), tokens::disabled(user))
            .await)
    }
}

/// The point after the first factor where a second one will be asked for (MFA): it sees the
/// attempt and the user the first factor proved. No pool requires one yet, so every sign-in
/// passes; when MFA lands, this answers "second factor required" instead of letting the
/// pipeline open a session.
pub async fn second_factor(
    _state: &Services,
    _attempt: &Attempt,
    _user: &User,
) -> Result<(), ApiError> {
    Ok(())
}
