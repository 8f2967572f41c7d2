//! What the self-service account calls share: the user's pool, saving a user's changed fields,
//! required text fields, checking several codes as one proof, the current password, setting a
//! new password and reading a passcode proof.

use crate::Services;
use crate::codes::{self, CodeTarget};
use crate::contact::Contact;
use crate::lockout;
use authgate_core::ApiError;
use authgate_core::user::User;
use authgate_core::user_pool::UserPool;
use authgate_proto::account::{EmailPassCodePayload, PhonePassCodePayload, VerifyMethod};
use authgate_store::UserPatch;

/// The pool of `user`.
pub async fn pool_of_user(state: &Services, user: &User) -> Result<UserPool, ApiError> {
    state
        .store
        .get_pool(&user.pool_id)
        .await?
        .ok_or_else(ApiError::user_pool_not_found)
}

/// `value` trimmed; 400 naming `name` when empty.
pub fn required<'a>(name: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::missing(name));
    }
    Ok(v)
}

/// `value` trimmed, or `None` when absent or empty.
pub fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Validates and stores the changes the caller made to its copy `after` of the user `before`
/// it read — only those fields (a clash on a unique identifier answers 409).
pub async fn save(state: &Services, before: &User, after: &mut User) -> Result<(), ApiError> {
    crate::user_patch::save_changes(state, before, after).await
}

/// One code of a proof.
#[derive(Debug)]
pub struct CodeCheck<'a> {
    /// Where it was sent.
    pub target: CodeTarget,
    /// On which channel.
    pub channel: &'static str,
    /// The code given.
    pub code: &'a str,
}

/// Checks every code, then consumes them all: a wrong one consumes none of the others.
pub async fn check_codes(
    state: &Services,
    pool: &UserPool,
    checks: &[CodeCheck<'_>],
) -> Result<(), ApiError> {
    for c in checks {
        codes::peek(state, pool, &c.target, c.channel, c.code).await?;
    }
    for c in checks {
        codes::check(state, pool, &c.target, c.channel, c.code).await?;
    }
    Ok(())
}

/// Whether `plain` is the user's password. Counts toward the account lockout like a failed
/// sign-in, so a stolen access token cannot be used to guess the password.
pub async fn verify_password(
    state: &Services,
    pool: &UserPool,
    user: &User,
    plain: String,
) -> Result<bool, ApiError> {
    lockout::ensure_unlocked(state, pool, &user.id).await?;
    let ok = match user.password_hash.clone() {
        Some(h) => state.passwords.verify(plain, h).await?,
        None => {
            state.passwords.verify_dummy(plain).await?;
            false
        }
    };
    if ok {
        lockout::clear(state, pool, &user.id).await;
    } else {
        lockout::record_failure(state, pool, &user.id).await;
    }
    Ok(ok)
}

/// Sets the user's password, then revokes every session of the user — the caller's own
/// included: all refresh tokens die and every access token is refused from now on, so the
/// user signs in again with the new password. Also lifts a sign-in lockout.
pub async fn set_password(
    state: &Services,
    pool: &UserPool,
    user: &mut User,
    plain: String,
    request_id: &str,
) -> Result<(), ApiError> {
    let patch = UserPatch {
        password_hash: Some(state.passwords.hash(plain).await?),
        reset_password_on_next_login: Some(false),
        ..UserPatch::default()
    };
    // Ends every session in the same transaction (see `UserPatch::ends_sessions`).
    *user = crate::user_patch::apply(state, &user.pool_id, &user.id, &patch).await?;
    lockout::clear(state, pool, &user.id).await;
    let event = crate::user_actions::event::UPDATE_PASSWORD;
    crate::user_actions::record(
        state,
        crate::user_actions::Event::of_user(event, &pool.id, &user.id),
        request_id,
    )
    .await;
    Ok(())
}

/// Revokes every session (and so every refresh and access token) of `user`.
pub async fn revoke_sessions(state: &Services, user: &User) -> Result<(), ApiError> {
    state
        .store
        .revoke_user_sessions(&user.pool_id, &user.id, None, state.clock.now_millis())
        .await?;
    Ok(())
}

/// A code sent to an email or phone, as given in `emailPassCodePayload` /
/// `phonePassCodePayload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasscodeProof {
    /// Email or phone.
    pub contact: Contact,
    /// The address, when given.
    pub address: Option<String>,
    /// The phone's country code, when given.
    pub country_code: Option<String>,
    /// The code.
    pub code: String,
}

impl PasscodeProof {
    /// The proof of `verifyMethod` `EMAIL_PASSCODE` or `PHONE_PASSCODE` from its payload.
    pub fn from_payloads(
        method: VerifyMethod,
        phone: Option<PhonePassCodePayload>,
        email: Option<EmailPassCodePayload>,
    ) -> Result<Self, ApiError> {
        let proof = match method {
            VerifyMethod::EmailPasscode => {
                let p = email.ok_or_else(|| ApiError::missing("emailPassCodePayload"))?;
                PasscodeProof {
                    contact: Contact::Email,
                    code: required("emailPassCodePayload.passCode", &p.pass_code)?.to_string(),
                    address: given(p.email.as_deref()).map(str::to_string),
                    country_code: None,
                }
            }
            VerifyMethod::PhonePasscode => {
                let p = phone.ok_or_else(|| ApiError::missing("phonePassCodePayload"))?;
                PasscodeProof {
                    contact: Contact::Phone,
                    code: required("phonePassCodePayload.passCode", &p.pass_code)?.to_string(),
                    address: Some(
                        required("phonePassCodePayload.phoneNumber", &p.phone_number)?.to_string(),
                    ),
                    country_code: given(p.phone_country_code.as_deref()).map(str::to_string),
                }
            }
            VerifyMethod::Password => {
                return Err(ApiError::invalid(
                    "verifyMethod",
                    "must be EMAIL_PASSCODE or PHONE_PASSCODE",
                ));
            }
        };
        if let Some(a) = &proof.address {
            proof.contact.validate(a)?;
        }
        Ok(proof)
    }

    /// The code target of the given address.
    pub fn target(&self, address: &str) -> CodeTarget {
        self.contact.target(address, self.country_code.as_deref())
    }
}

/// The verification-code channel of a forgotten-password code.
pub const RESET_CHANNEL: &str = "CHANNEL_RESET_PASSWORD";

/// The user a forgotten-password code proves (the code is checked, and used, before the
/// account is looked up); shared by `/api/v3` and the hosted forgot-password page.
pub async fn user_of_reset_proof(
    state: &Services,
    pool: &UserPool,
    proof: &PasscodeProof,
) -> Result<User, ApiError> {
    let address = proof
        .address
        .as_deref()
        .ok_or_else(|| ApiError::missing("emailPassCodePayload.email"))?;
    codes::check(
        state,
        pool,
        &proof.target(address),
        RESET_CHANNEL,
        &proof.code,
    )
    .await?;
    state
        .store
        .get_user(&pool.id, &proof.contact.key(address))
        .await?
        .ok_or_else(ApiError::user_not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proofs_from_payloads() {
        let p = PasscodeProof::from_payloads(
            VerifyMethod::PhonePasscode,
            Some(PhonePassCodePayload {
                phone_number: " 13800138000 ".into(),
                pass_code: "123456".into(),
                phone_country_code: Some("+86".into()),
            }),
            None,
        )
        .unwrap();
        assert_eq!(p.contact, Contact::Phone);
        assert_eq!(p.address.as_deref(), Some("13800138000"));
        assert_eq!(
            p.target("13800138000"),
            CodeTarget::phone("13800138000", Some("+86"))
        );
        let missing = PasscodeProof::from_payloads(VerifyMethod::EmailPasscode, None, None);
        assert_eq!(missing.unwrap_err().status, 400);
        let bad = PasscodeProof::from_payloads(
            VerifyMethod::EmailPasscode,
            None,
            Some(EmailPassCodePayload {
                email: Some("nope".into()),
                pass_code: "1".into(),
            }),
        );
        assert_eq!(bad.unwrap_err().status, 400);
        let pw = PasscodeProof::from_payloads(VerifyMethod::Password, None, None);
        assert_eq!(pw.unwrap_err().status, 400);
    }

    #[test]
    fn required_trims() {
        assert_eq!(required("x", " a ").unwrap(), "a");
        assert!(required("x", "  ").is_err());
        assert_eq!(given(Some(" ")), None);
    }
}
