//! Management access keys (AK/SK) on the management API (spec §5.1, "Access keys").

use serde::{Deserialize, Serialize};

/// `POST /api/v3/create-access-key` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateAccessKeyRequest {
    /// Key type (`userpool` or `tenant`).
    #[serde(rename = "type")]
    pub key_type: String,
    /// The (collaborator) user the key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The tenant the key belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/list-access-key` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListAccessKeyQuery {
    /// Only keys of this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Only keys of this tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Only keys of this type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// Only keys in this status: `activated` or `revoked` (`staging` matches nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `GET /api/v3/get-access-key` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetAccessKeyQuery {
    /// The access key id.
    pub access_key_id: String,
    /// The owner the SDKs send along; when given it must match the key's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `POST /api/v3/update-access-key` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateAccessKeyRequest {
    /// The access key id.
    pub access_key_id: String,
    /// Whether the key works.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable: Option<bool>,
    /// GenAuth's other spelling: `activated` or `revoked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `POST /api/v3/delete-access-key` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteAccessKeyRequest {
    /// The access key id.
    pub access_key_id: String,
}

/// An access key as the API shows it. `accessKeySecret` is the secret only in the answer of
/// `create-access-key`; everywhere else it is `******`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyDto {
    /// The access key id.
    pub access_key_id: String,
    /// The secret (creation only) or `******`.
    pub access_key_secret: String,
    /// The owner given at creation (empty when none).
    pub user_id: String,
    /// Creation time (ISO 8601).
    pub created_at: String,
    /// `activated` or `revoked`.
    pub status: String,
    /// Last use (ISO 8601, to the minute; empty when never used).
    pub last_date: String,
    /// The pool the key manages.
    pub user_pool_id: String,
    /// Whether the key works.
    pub enable: bool,
    /// Key type.
    #[serde(default, rename = "type")]
    pub key_type: String,
    /// The tenant given at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Whether this is the pool's root key (it cannot be disabled or deleted).
    #[serde(default)]
    pub is_root: bool,
}

/// The `masked` value of `accessKeySecret` outside `create-access-key`.
pub const MASKED_SECRET: &str = "******";
