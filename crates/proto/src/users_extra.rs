//! More of the users API (spec §5.3.1): resignation, identities, MFA summary, advanced
//! filters, and the custom field schema and values (`*-custom-fields`, `*-custom-data`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One `advancedFilter` item of `list-users` (`ListUsersAdvancedFilterItemDto`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdvancedFilterItem {
    /// A user field (`email`, `createdAt`, …) or the key of a declared USER custom field.
    pub field: String,
    /// `EQUAL`, `NOT_EQUAL`, `CONTAINS`, `NOT_CONTAINS`, `IS_NULL`, `NOT_NULL`, `IN`,
    /// `GREATER`, `LESSER`, `BETWEEN`.
    pub operator: String,
    /// The value: a scalar, an array for `IN`, `[low, high]` for `BETWEEN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// A user named by id and `userIdType`: the query of `get-user-identities` and
/// `get-user-mfa-info`, the body of `resign-user`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct UserRef {
    /// The id, interpreted per `userIdType`.
    pub user_id: String,
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// A linked external identity (`IdentityDto`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentityDto {
    /// Identity id.
    pub identity_id: String,
    /// External identity provider id.
    pub ext_idp_id: String,
    /// Provider type (`github`, `oidc`, …).
    pub provider: String,
    /// Identity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The user's id at the provider.
    pub user_id_in_idp: String,
    /// What the provider said about the user.
    pub user_info_in_idp: Value,
    /// Connections it came through.
    pub origin_conn_ids: Vec<String>,
}

/// `get-user-mfa-info` data: the enrolment status of each factor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserMfaInfo {
    /// `ENABLED` or `DISABLED`.
    pub totp_status: String,
    /// `ENABLED` or `DISABLED`.
    pub face_mfa_status: String,
    /// `ENABLED` or `DISABLED`.
    pub sms_mfa_status: String,
    /// `ENABLED` or `DISABLED`.
    pub email_mfa_status: String,
}

/// A custom field definition (`CustomFieldDto`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldDto {
    /// `USER`, `ROLE`, `GROUP` or `DEPARTMENT`.
    pub target_type: String,
    /// Creation time, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `STRING`, `NUMBER`, `DATETIME`, `BOOLEAN` or `ENUM`.
    pub data_type: String,
    /// Key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stored encrypted.
    #[serde(default)]
    pub encrypted: bool,
    /// Unique values.
    #[serde(default)]
    pub is_unique: bool,
    /// Editable by the user.
    #[serde(default)]
    pub user_editable: bool,
    /// Shown in the admin console.
    #[serde(default)]
    pub visible_in_admin_console: bool,
    /// Shown in the user centre.
    #[serde(default)]
    pub visible_in_user_center: bool,
    /// `ENUM` choices: `{value, label}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
}

/// One field of `set-custom-fields` (`SetCustomFieldDto`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetCustomFieldItem {
    /// `USER`, `ROLE`, `GROUP` or `DEPARTMENT`.
    pub target_type: String,
    /// Key: letters, digits, `_` and `-`, at most 64.
    pub key: String,
    /// `STRING` (default on creation), `NUMBER`, `DATETIME`, `BOOLEAN`, `ENUM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// Label (default: the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stored encrypted (recorded only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// Unique values (recorded only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_unique: Option<bool>,
    /// Editable by the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_editable: Option<bool>,
    /// Shown in the admin console.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_in_admin_console: Option<bool>,
    /// Shown in the user centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_in_user_center: Option<bool>,
    /// `ENUM` choices: `{value, label}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<Value>>,
}

/// `POST /api/v3/set-custom-fields`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetCustomFieldsRequest {
    /// Fields to create or change (at most 50).
    pub list: Vec<SetCustomFieldItem>,
    /// Tenant (unsupported: must be absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// One field of `delete-custom-fields`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldRef {
    /// Target type.
    pub target_type: String,
    /// Key.
    pub key: String,
}

/// `POST /api/v3/delete-custom-fields`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteCustomFieldsRequest {
    /// Fields to delete (at most 50).
    pub list: Vec<CustomFieldRef>,
    /// Tenant (unsupported: must be absent or empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-custom-fields` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetCustomFieldsQuery {
    /// `USER`, `ROLE`, `GROUP` or `DEPARTMENT`.
    pub target_type: String,
    /// Tenant (unsupported: must be absent or empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// One value of `set-custom-data`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomDataItem {
    /// A declared field's key.
    pub key: String,
    /// The value (a string on the wire; numbers and booleans are accepted as such too).
    pub value: Value,
}

/// `POST /api/v3/set-custom-data`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetCustomDataRequest {
    /// Values to set (at most 50).
    pub list: Vec<CustomDataItem>,
    /// User id or department id.
    pub target_identifier: String,
    /// `USER` or `DEPARTMENT`.
    pub target_type: String,
    /// Tenant (unsupported: must be absent or empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Namespace (roles only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/get-custom-data` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetCustomDataQuery {
    /// `USER` or `DEPARTMENT`.
    pub target_type: String,
    /// User id or department id.
    pub target_identifier: String,
    /// Tenant (unsupported: must be absent or empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Namespace (roles only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}
