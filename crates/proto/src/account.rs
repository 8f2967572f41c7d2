//! The signed-in user's own account on the authentication API: profile, security facts,
//! email / phone binding, password, email / phone changes, password reset and account
//! deletion (spec §2.5, §2.6). Optional members accept `null` as absent.

use crate::user_types::Gender;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /api/v3/get-profile` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetProfileQuery {
    /// Include `customData` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Include `identities` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_identities: Option<bool>,
    /// Include `departmentIds` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_ids: Option<bool>,
}

/// `POST /api/v3/update-profile`: the fields a user may change on their own (not email,
/// phone or password). An absent field is left as it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateProfileRequest {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// Id in an external system (unique in the pool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Username (unique in the pool; an empty string removes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Custom data object; its keys are merged into the stored object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Identity document number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_number: Option<String>,
}

/// `data` of `GET /api/v3/get-security-info`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecurityInfo {
    /// Password strength: 0 no password, 1 weak (or not measured), 2 medium, 3 strong.
    pub password_security_level: u32,
    /// Whether an MFA factor is enrolled.
    pub mfa_enrolled: bool,
    /// Whether the user has a password.
    pub password_set: bool,
    /// Whether an email is bound.
    pub email_binded: bool,
    /// Whether a phone is bound.
    pub phone_binded: bool,
    /// Account security score, 0–100.
    pub security_score: u32,
}

/// `POST /api/v3/update-password`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatePasswordRequest {
    /// The new password.
    pub new_password: String,
    /// The current password; required when one is set (unless `passwordResetToken` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_password: Option<String>,
    /// How both passwords are encrypted: `none` (default) or `rsa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
    /// A token of `verify-reset-password-request` for this user, instead of `oldPassword`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset_token: Option<String>,
}

/// `POST /api/v3/bind-email`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BindEmailRequest {
    /// Code sent to `email` on `CHANNEL_BIND_EMAIL`.
    pub pass_code: String,
    /// The email to bind.
    pub email: String,
}

/// `POST /api/v3/bind-phone`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BindPhoneRequest {
    /// Code sent to the phone on `CHANNEL_BIND_PHONE`.
    pub pass_code: String,
    /// The phone number to bind (without country code).
    pub phone_number: String,
    /// Country code, e.g. `+86`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
}

/// `POST /api/v3/unbind-email` and `POST /api/v3/unbind-phone`: a code sent to the bound
/// address (`CHANNEL_UNBIND_EMAIL` / `CHANNEL_UNBIND_PHONE`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnbindRequest {
    /// The verification code.
    pub pass_code: String,
}

/// `verifyMethod` of the verify-…-request calls.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum VerifyMethod {
    /// A code sent by email.
    EmailPasscode,
    /// A code sent by SMS.
    PhonePasscode,
    /// The account password (account deletion only).
    Password,
}

/// `emailPassCodePayload` of `verify-update-email-request` (codes on `CHANNEL_UPDATE_EMAIL`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateEmailPassCodePayload {
    /// The new email.
    pub new_email: String,
    /// Code sent to the new email.
    pub new_email_pass_code: String,
    /// The current email (defaults to the bound one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_email: Option<String>,
    /// Code sent to the current email; required when one is bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_email_pass_code: Option<String>,
}

/// `POST /api/v3/verify-update-email-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyUpdateEmailRequest {
    /// The codes.
    pub email_pass_code_payload: UpdateEmailPassCodePayload,
    /// `EMAIL_PASSCODE`.
    pub verify_method: VerifyMethod,
}

/// `data` of `verify-update-email-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateEmailTokenData {
    /// One-time token for `update-email`.
    pub update_email_token: String,
    /// Seconds the token stays valid.
    pub token_expires_in: i64,
}

/// `POST /api/v3/update-email`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateEmailRequest {
    /// Token of `verify-update-email-request`.
    pub update_email_token: String,
}

/// `phonePassCodePayload` of `verify-update-phone-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatePhonePassCodePayload {
    /// The new number.
    pub new_phone_number: String,
    /// Code sent to the new number (`CHANNEL_BIND_PHONE`).
    pub new_phone_pass_code: String,
    /// Country code of the new number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_phone_country_code: Option<String>,
    /// The current number (defaults to the bound one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_phone_number: Option<String>,
    /// Code sent to the current number (`CHANNEL_UNBIND_PHONE`); required when one is bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_phone_pass_code: Option<String>,
    /// Country code of the current number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_phone_country_code: Option<String>,
}

/// `POST /api/v3/verify-update-phone-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyUpdatePhoneRequest {
    /// The codes.
    pub phone_pass_code_payload: UpdatePhonePassCodePayload,
    /// `PHONE_PASSCODE`.
    pub verify_method: VerifyMethod,
}

/// `data` of `verify-update-phone-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatePhoneTokenData {
    /// One-time token for `update-phone`.
    pub update_phone_token: String,
    /// Seconds the token stays valid.
    pub token_expires_in: i64,
}

/// `POST /api/v3/update-phone`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdatePhoneRequest {
    /// Token of `verify-update-phone-request`.
    pub update_phone_token: String,
}

/// `phonePassCodePayload` of the password-reset and account-deletion requests.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PhonePassCodePayload {
    /// The number the code was sent to.
    pub phone_number: String,
    /// The code.
    pub pass_code: String,
    /// Country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
}

/// `emailPassCodePayload` of the password-reset and account-deletion requests.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmailPassCodePayload {
    /// The email the code was sent to (account deletion: defaults to the bound one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The code.
    pub pass_code: String,
}

/// `passwordPayload` of `verify-delete-account-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordVerifyPayload {
    /// The account password.
    pub password: String,
    /// `none` (default) or `rsa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/verify-reset-password-request` (codes on `CHANNEL_RESET_PASSWORD`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyResetPasswordRequest {
    /// `EMAIL_PASSCODE` or `PHONE_PASSCODE`.
    pub verify_method: VerifyMethod,
    /// For `PHONE_PASSCODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_pass_code_payload: Option<PhonePassCodePayload>,
    /// For `EMAIL_PASSCODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_pass_code_payload: Option<EmailPassCodePayload>,
}

/// `data` of `verify-reset-password-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetTokenData {
    /// One-time token for `reset-password`.
    pub password_reset_token: String,
    /// Seconds the token stays valid.
    pub token_expires_in: i64,
}

/// `POST /api/v3/reset-password`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The new password.
    pub password: String,
    /// Token of `verify-reset-password-request`.
    pub password_reset_token: String,
    /// `none` (default) or `rsa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/verify-delete-account-request` (codes on `CHANNEL_DELETE_ACCOUNT`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VerifyDeleteAccountRequest {
    /// `PHONE_PASSCODE`, `EMAIL_PASSCODE` or `PASSWORD`.
    pub verify_method: VerifyMethod,
    /// For `PHONE_PASSCODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_pass_code_payload: Option<PhonePassCodePayload>,
    /// For `EMAIL_PASSCODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_pass_code_payload: Option<EmailPassCodePayload>,
    /// For `PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_payload: Option<PasswordVerifyPayload>,
}

/// `data` of `verify-delete-account-request`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteAccountTokenData {
    /// One-time token for `delete-account`.
    pub delete_account_token: String,
    /// Seconds the token stays valid.
    pub token_expires_in: i64,
}

/// `POST /api/v3/delete-account`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteAccountRequest {
    /// Token of `verify-delete-account-request`.
    pub delete_account_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spelled_as_the_spec_and_null_is_absent() {
        let r: VerifyResetPasswordRequest = serde_json::from_value(json!({
            "verifyMethod": "PHONE_PASSCODE",
            "phonePassCodePayload": {"phoneNumber": "138", "passCode": "1234",
                "phoneCountryCode": null},
            "emailPassCodePayload": null
        }))
        .unwrap();
        assert_eq!(r.verify_method, VerifyMethod::PhonePasscode);
        assert!(r.email_pass_code_payload.is_none());
        assert!(
            r.phone_pass_code_payload
                .unwrap()
                .phone_country_code
                .is_none()
        );
        let d = serde_json::to_value(UpdateEmailTokenData {
            update_email_token: "t".into(),
            token_expires_in: 300,
        })
        .unwrap();
        assert_eq!(d, json!({"updateEmailToken": "t", "tokenExpiresIn": 300}));
        let s = serde_json::to_value(SecurityInfo {
            password_security_level: 1,
            mfa_enrolled: false,
            password_set: true,
            email_binded: true,
            phone_binded: false,
            security_score: 40,
        })
        .unwrap();
        assert_eq!(s["emailBinded"], true);
        assert_eq!(s["passwordSecurityLevel"], 1);
        let p: UpdateProfileRequest =
            serde_json::from_value(json!({"streetAddress": "x", "gender": "F", "name": null}))
                .unwrap();
        assert_eq!(p.street_address.as_deref(), Some("x"));
        assert!(p.name.is_none());
    }
}
