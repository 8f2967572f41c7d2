//! Groups on the management API (spec §5.3.5), the `Group` record (§1.9) and the user
//! membership `get-user-groups` (§5.3.2).

use crate::users::UserDto;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `Group` record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GroupDto {
    /// Server id.
    pub id: String,
    /// Code, unique in the pool.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description (empty when none).
    #[serde(default)]
    pub description: String,
    /// Group type (`static` unless named otherwise).
    #[serde(rename = "type")]
    pub group_type: String,
    /// Metadata sources (always empty in authgate).
    #[serde(default)]
    pub metadata_source: Vec<String>,
    /// Members (filled by `get-all-groups` with `fetchMembers`, empty otherwise).
    #[serde(default)]
    pub members: Vec<UserDto>,
    /// Custom data (only with `withCustomData`; groups have no custom fields in authgate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// `POST /api/v3/create-group` (and each item of `create-groups-batch`,
/// `create-or-update-group`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateGroupRequest {
    /// Code: 1–64 characters of `A-Z a-z 0-9 _ : . -`.
    pub code: String,
    /// Display name (default: the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Group type (default `static`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    /// Custom data: groups have no custom fields in authgate, so only `{}` is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// `POST /api/v3/create-groups-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateGroupsBatchRequest {
    /// The groups (1–50), created all or none.
    pub list: Vec<CreateGroupRequest>,
}

/// `create-or-update-group` data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrUpdateGroupData {
    /// Whether the group was created (false: updated).
    pub created: bool,
    /// The group.
    pub data: GroupDto,
}

/// `GET /api/v3/get-group` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetGroupQuery {
    /// Group code.
    pub code: String,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
}

/// `GET /api/v3/list-groups` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListGroupsQuery {
    /// Case-insensitive substring of the code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Include metadata (no effect in authgate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_metadata: Option<bool>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Merge custom data into the top level (no effect: groups have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_custom_data: Option<bool>,
}

/// `GET /api/v3/get-all-groups` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetAllGroupsQuery {
    /// Fill each group's `members`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetch_members: Option<bool>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
}

/// `POST /api/v3/update-group`: absent fields (and an empty `newCode`) keep their value.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateGroupRequest {
    /// The group's current code.
    pub code: String,
    /// New code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_code: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Custom data: only `{}` is accepted (groups have no custom fields in authgate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// `POST /api/v3/delete-groups-batch`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteGroupsBatchRequest {
    /// Codes (1–50); unknown ones are ignored.
    pub code_list: Vec<String>,
}

/// `POST /api/v3/add-group-members` and `POST /api/v3/remove-group-members`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GroupMembersRequest {
    /// Group code.
    pub code: String,
    /// User ids (1–50); all must be users of the pool.
    pub user_ids: Vec<String>,
}

/// `GET /api/v3/list-group-members` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListGroupMembersQuery {
    /// Group code.
    pub code: String,
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
    /// Merge custom data into the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_custom_data: Option<bool>,
}

/// `GET /api/v3/get-user-groups` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserGroupsQuery {
    /// The user, interpreted per `userIdType`.
    pub user_id: String,
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_wire_names() {
        let g = GroupDto {
            group_type: "static".into(),
            ..Default::default()
        };
        let v = serde_json::to_value(&g).unwrap();
        assert_eq!(v["type"], "static");
        assert_eq!(v["metadataSource"], serde_json::json!([]));
        assert!(v.get("customData").is_none());
        let c: CreateGroupRequest =
            serde_json::from_value(serde_json::json!({"code": "g", "type": "static"})).unwrap();
        assert_eq!(c.group_type.as_deref(), Some("static"));
    }
}
