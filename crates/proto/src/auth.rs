//! Sign-up, sign-in and verification codes on the authentication API (spec §2.1, §2.4).

use crate::user_types::{Gender, Profile};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How to sign in or up.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Connection {
    /// Identifier + password.
    Password,
    /// Email or phone + verification code.
    Passcode,
    /// LDAP directory.
    Ldap,
    /// Active Directory.
    Ad,
}

/// `passwordPayload`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordPayload {
    /// The password (plaintext, or encrypted per `options.passwordEncryptType`).
    pub password: String,
    /// Username, email or phone (sign-in only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Phone (sign-in only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `passCodePayload`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PassCodePayload {
    /// The verification code.
    pub pass_code: String,
    /// Email the code was sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone the code was sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Phone country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
}

/// `options` of `signin`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    /// Scope of the tokens (default `openid profile`); `offline_access` adds a refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The end user's IP as seen by the caller (recorded in the login history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Free-form context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Custom data to store on the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Create the user when it does not exist (explicit email / username / phone only).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_register: Option<bool>,
    /// Captcha answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_code: Option<String>,
    /// Captcha token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_token: Option<String>,
    /// `none` (default) or `rsa` (key from `GET /api/v3/system`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/signin`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    /// How.
    pub connection: Connection,
    /// For `PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_payload: Option<PasswordPayload>,
    /// For `PASSCODE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_code_payload: Option<PassCodePayload>,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<SignInOptions>,
    /// App id (client_secret_post; snake_case on the wire).
    #[serde(default, rename = "client_id", skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// App secret (client_secret_post; snake_case on the wire).
    #[serde(
        default,
        rename = "client_secret",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<String>,
}

/// `profile` of `signup`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignUpProfile {
    /// Profile fields.
    #[serde(flatten)]
    pub profile: Profile,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Email (in addition to the connection's identifier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Phone country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
    /// Custom data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// `options` of `signup`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignUpOptions {
    /// The end user's IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Free-form context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// `none` (default) or `rsa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_encrypt_type: Option<String>,
}

/// `POST /api/v3/signup`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignUpRequest {
    /// `PASSWORD` or `PASSCODE`.
    pub connection: Connection,
    /// For `PASSWORD`: password + username or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_payload: Option<PasswordPayload>,
    /// For `PASSCODE`: code + email or phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_code_payload: Option<PassCodePayload>,
    /// Profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<SignUpProfile>,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<SignUpOptions>,
}

/// `POST /api/v3/send-email`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendEmailRequest {
    /// `CHANNEL_LOGIN`, `CHANNEL_REGISTER`, … (EmailChannel).
    pub channel: String,
    /// Recipient.
    pub email: String,
}

/// `POST /api/v3/send-sms`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SendSmsRequest {
    /// `CHANNEL_LOGIN`, `CHANNEL_REGISTER`, … (SmsChannel).
    pub channel: String,
    /// Recipient.
    pub phone_number: String,
    /// Country code, e.g. `+86`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
}

/// Email channels (`EmailChannel`).
pub const EMAIL_CHANNELS: &[&str] = &[
    "CHANNEL_LOGIN",
    "CHANNEL_REGISTER",
    "CHANNEL_RESET_PASSWORD",
    "CHANNEL_VERIFY_EMAIL_LINK",
    "CHANNEL_UPDATE_EMAIL",
    "CHANNEL_BIND_EMAIL",
    "CHANNEL_UNBIND_EMAIL",
    "CHANNEL_VERIFY_MFA",
    "CHANNEL_UNLOCK_ACCOUNT",
    "CHANNEL_COMPLETE_EMAIL",
    "CHANNEL_DELETE_ACCOUNT",
];

/// SMS channels (`SmsChannel`).
pub const SMS_CHANNELS: &[&str] = &[
    "CHANNEL_LOGIN",
    "CHANNEL_REGISTER",
    "CHANNEL_RESET_PASSWORD",
    "CHANNEL_BIND_PHONE",
    "CHANNEL_UNBIND_PHONE",
    "CHANNEL_BIND_MFA",
    "CHANNEL_VERIFY_MFA",
    "CHANNEL_UNBIND_MFA",
    "CHANNEL_COMPLETE_PHONE",
    "CHANNEL_IDENTITY_VERIFICATION",
    "CHANNEL_DELETE_ACCOUNT",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_credentials_are_snake_case_on_the_wire() {
        let r: SignInRequest = serde_json::from_value(serde_json::json!({
            "connection": "PASSWORD",
            "passwordPayload": {"account": "a", "password": "p"},
            "client_id": "app", "client_secret": "s"
        }))
        .unwrap();
        assert_eq!(r.client_id.as_deref(), Some("app"));
        assert_eq!(r.client_secret.as_deref(), Some("s"));
        assert_eq!(r.connection, Connection::Password);
    }
}

/// `codeType` of `pre-check-code`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum CodeType {
    /// A code sent by SMS (`smsCodePayload`).
    Sms,
    /// A code sent by email (`emailCodePayload`).
    Email,
}

/// `smsCodePayload` of `pre-check-code`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SmsCodePayload {
    /// The phone number the code was sent to.
    pub phone: String,
    /// The code.
    pub pass_code: String,
    /// Country code, e.g. `+86`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country_code: Option<String>,
    /// The channel it was sent for (SmsChannel).
    pub channel: String,
}

/// `emailCodePayload` of `pre-check-code`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmailCodePayload {
    /// The address the code was sent to.
    pub email: String,
    /// The code.
    pub pass_code: String,
    /// The channel it was sent for (EmailChannel).
    pub channel: String,
}

/// `POST /api/v3/pre-check-code`: is this code right, without using it up?
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreCheckCodeRequest {
    /// Which payload applies.
    pub code_type: CodeType,
    /// For `SMS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_code_payload: Option<SmsCodePayload>,
    /// For `EMAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_code_payload: Option<EmailCodePayload>,
}

/// `data` of `pre-check-code`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PreCheckCodeResponse {
    /// Whether the code is right (it stays usable either way, but wrong answers count toward
    /// its death).
    pub is_valid: bool,
    /// Why, in the request's language.
    #[serde(default)]
    pub message: String,
}
