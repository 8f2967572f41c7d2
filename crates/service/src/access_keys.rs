//! Access keys: the secret behind a key id, opened from its sealed form. Used by the
//! management token endpoint and by the OIDC client-credentials grant.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::access_key::AccessKey;

/// The plaintext secret of an access key (a 500, logged, when it does not decrypt).
pub fn key_secret(state: &Services, key: &AccessKey) -> Result<String, ApiError> {
    state
        .master
        .open_str(&AccessKey::seal_context(&key.id), &key.secret_sealed)
        .map_err(|e| {
            tracing::error!(access_key = %key.id, error = %e, "access key secret does not decrypt");
            ApiError::internal()
        })
}
