//! Management API authentication.

use serde::{Deserialize, Serialize};

/// `POST /api/v3/get-management-token` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetManagementTokenRequest {
    /// Access key id.
    pub access_key_id: String,
    /// Access key secret.
    pub access_key_secret: String,
}

/// `get-management-token` data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagementToken {
    /// The management token (a JWT carrying `scoped_userpool_id`).
    pub access_token: String,
    /// Lifetime in seconds.
    pub expires_in: i64,
}
