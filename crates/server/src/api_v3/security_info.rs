//! `GET /api/v3/get-security-info`: what protects the signed-in account, and a 0–100 score.
//!
//! The score adds up what an attacker would have to defeat or what lets the owner recover
//! the account:
//!
//! | fact                     | points |
//! |--------------------------|--------|
//! | a password is set        | 30     |
//! | an email is bound        | 15 (+5 when verified) |
//! | a phone is bound         | 15 (+5 when verified) |
//! | an MFA factor is enrolled| 30     |
//!
//! `passwordSecurityLevel` follows GenAuth's scale: 0 no password, 1 weak, 2 medium,
//! 3 strong. authgate does not record the strength of a password when it is set yet, so a
//! set password reports 1 — never more than is known.

use crate::http::{AppResult, Data};
use crate::user_auth::CurrentUser;
use authgate_core::user::User;
use authgate_proto::account::SecurityInfo;

/// Security facts and score of the current user.
#[utoipa::path(get, path = "/api/v3/get-security-info", tag = "authentication",
    responses((status = 200, description = "Envelope; data: security facts", body = SecurityInfo)))]
pub async fn get_security_info(me: CurrentUser) -> AppResult<Data<SecurityInfo>> {
    // MFA factors do not exist yet.
    Ok(Data(assess(&me.user, false)))
}

/// The security facts of `user`.
pub fn assess(user: &User, mfa_enrolled: bool) -> SecurityInfo {
    let password_set = user.password_hash.is_some();
    let email_binded = user.ids.email.is_some();
    let phone_binded = user.ids.phone.is_some();
    let contact = |bound: bool, verified: bool| match (bound, verified) {
        (true, true) => 20,
        (true, false) => 15,
        _ => 0,
    };
    let score = if password_set { 30 } else { 0 }
        + contact(email_binded, user.email_verified)
        + contact(phone_binded, user.phone_verified)
        + if mfa_enrolled { 30 } else { 0 };
    SecurityInfo {
        password_security_level: u32::from(password_set),
        mfa_enrolled,
        password_set,
        email_binded,
        phone_binded,
        security_score: score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::user::{Identifiers, UserSource};

    #[test]
    fn score_adds_up() {
        let mut u = User::new(
            "u".into(),
            "p".into(),
            Identifiers {
                username: Some("ada".into()),
                ..Identifiers::default()
            },
            UserSource::Register,
            0,
        );
        let bare = assess(&u, false);
        assert_eq!(bare.security_score, 0);
        assert_eq!(bare.password_security_level, 0);
        u.password_hash = Some("$argon2id$…".into());
        u.ids.email = Some("a@b.io".into());
        u.email_verified = true;
        u.ids.phone = Some("13800138000".into());
        let s = assess(&u, false);
        assert_eq!(s.security_score, 30 + 20 + 15);
        assert!(s.password_set && s.email_binded && s.phone_binded && !s.mfa_enrolled);
        assert_eq!(s.password_security_level, 1);
        u.phone_verified = true;
        assert_eq!(assess(&u, true).security_score, 100);
    }
}
