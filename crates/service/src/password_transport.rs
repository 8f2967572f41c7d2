//! Passwords sent encrypted (`passwordEncryptType`): `none` (plaintext over TLS) or `rsa`
//! (RSA-OAEP with SHA-256 or SHA-1, base64, under the transport key published at
//! `GET /api/v3/system`). PKCS#1 v1.5 is refused: together with the distinct "decrypt
//! failed" error (2016) it would be a padding oracle.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use base64::Engine;

/// The plaintext of a password sent with `encrypt_type`.
pub fn decrypt(
    state: &Services,
    encrypt_type: Option<&str>,
    value: &str,
) -> Result<String, ApiError> {
    match encrypt_type.map(str::trim).filter(|t| !t.is_empty()) {
        None | Some("none") => Ok(value.to_string()),
        Some("rsa") => {
            let failed = || ApiError::from(Msg::PasswordDecryptFailed);
            let cipher = base64::engine::general_purpose::STANDARD
                .decode(value.trim())
                .map_err(|_| failed())?;
            let plain = state.keys.transport().decrypt(&cipher).ok_or_else(failed)?;
            String::from_utf8(plain).map_err(|_| failed())
        }
        Some(other) => Err(ApiError::not_implemented(format!(
            "passwordEncryptType '{other}'"
        ))),
    }
}
