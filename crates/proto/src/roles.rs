//! Roles on the management API (spec §5.3.4), the `Role` record (§1.9) and the user
//! memberships `get-user-roles` / `has-any-role` (§5.3.2).

use crate::users::UserIdTypeOption;
use serde::{Deserialize, Serialize};

/// The `Role` record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoleDto {
    /// Server id.
    pub id: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description (empty when none).
    #[serde(default)]
    pub description: String,
    /// Namespace code.
    pub namespace: String,
    /// Namespace name.
    #[serde(default)]
    pub namespace_name: String,
    /// `ENABLE` or `DISABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When the role stops counting (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_time: Option<i64>,
}

/// `POST /api/v3/create-role`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateRoleRequest {
    /// Code: 1–64 characters of `A-Z a-z 0-9 _ : . -`.
    pub code: String,
    /// Display name (default: the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the role stops counting (epoch ms; a number or a numeric string).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub disable_time: Option<i64>,
}

/// One role of `create-roles-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoleListItem {
    /// Code.
    pub code: String,
    /// Display name (default: the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `POST /api/v3/create-roles-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRolesBatchRequest {
    /// The roles (1–50), created all or none.
    pub list: Vec<RoleListItem>,
}

/// A role by code: `get-role` query, items of `assign-role-batch` and `has-any-role`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct RoleCode {
    /// Code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/list-roles` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListRolesQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Case-insensitive substring of the code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `POST /api/v3/update-role`: absent or empty `name` / `newCode` keep the current value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateRoleRequest {
    /// The role's current code.
    pub code: String,
    /// New code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_code: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `ENABLE` or `DISABLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When the role stops counting (epoch ms; a number or a numeric string).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub disable_time: Option<i64>,
    /// Whether users may apply for the role's permissions (accepted, has no effect).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_permission_apply: Option<bool>,
}

/// `POST /api/v3/delete-roles-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteRolesBatchRequest {
    /// Codes of the roles (1–50); all must exist.
    pub code_list: Vec<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A holder of a role: `{targetType, targetIdentifier}` (`USER` → user id, `DEPARTMENT` →
/// department id).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TargetDto {
    /// `USER` or `DEPARTMENT`.
    pub target_type: String,
    /// The user or department id.
    pub target_identifier: String,
}

/// `POST /api/v3/assign-role`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignRoleRequest {
    /// The holders (1–50).
    pub targets: Vec<TargetDto>,
    /// Role code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The assignment counts from this time on (epoch ms).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_time: Option<i64>,
    /// The assignment counts until this time (epoch ms, exclusive).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_time: Option<i64>,
}

/// `POST /api/v3/revoke-role`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RevokeRoleRequest {
    /// The holders (1–50).
    pub targets: Vec<TargetDto>,
    /// Role code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `POST /api/v3/assign-role-batch` and `POST /api/v3/revoke-role-batch`: every role to (or
/// from) every target.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleBatchRequest {
    /// The holders (1–50).
    pub targets: Vec<TargetDto>,
    /// The roles (1–50).
    pub roles: Vec<RoleCode>,
}

/// `GET /api/v3/list-role-members` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListRoleMembersQuery {
    /// Role code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Include `identities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_identities: Option<bool>,
    /// Include `departmentIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_ids: Option<bool>,
    /// authgate: also list the members of departments holding the role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_members: Option<bool>,
}

/// `GET /api/v3/list-role-departments` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListRoleDepartmentsQuery {
    /// Role code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// A department of `list-role-departments`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleDepartmentDto {
    /// Department id.
    pub id: String,
    /// Department code (empty when none).
    #[serde(default)]
    pub code: String,
    /// Name.
    pub name: String,
    /// Description (empty when none).
    #[serde(default)]
    pub description: String,
}

/// `POST /api/v3/has-any-role`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HasAnyRoleRequest {
    /// The roles (1–50); unknown ones are simply not held.
    pub roles: Vec<RoleCode>,
    /// The user (per `options.userIdType`).
    pub user_id: String,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<UserIdTypeOption>,
}

/// `has-any-role` data.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HasAnyRoleData {
    /// Whether the user holds at least one of the roles now.
    pub has_any_role: bool,
}

/// `GET /api/v3/get-user-roles` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserRolesQuery {
    /// The user, interpreted per `userIdType`.
    pub user_id: String,
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_and_lenient_numbers() {
        let r: AssignRoleRequest = serde_json::from_value(serde_json::json!({
            "code": "r", "targets": [{"targetType": "USER", "targetIdentifier": "u"}],
            "enableTime": "10", "endTime": 20.0
        }))
        .unwrap();
        assert_eq!((r.enable_time, r.end_time), (Some(10), Some(20)));
        let c: CreateRoleRequest =
            serde_json::from_value(serde_json::json!({"code": "r", "disableTime": "5"})).unwrap();
        assert_eq!(c.disable_time, Some(5));
        let v = serde_json::to_value(RoleDto::default()).unwrap();
        assert!(v.get("namespaceName").is_some());
        assert!(v.get("disableTime").is_none());
        let h = serde_json::to_value(HasAnyRoleData { has_any_role: true }).unwrap();
        assert_eq!(h, serde_json::json!({"hasAnyRole": true}));
    }
}
