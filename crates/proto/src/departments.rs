//! Organisations and departments on the management API (spec §5.3.6) and the user-side
//! department calls (§5.3.2): the `Organization`, `Department` and `UserDepartment` records
//! and every request of those endpoints, spelled as GenAuth spells them.

use crate::users::UserIdTypeOption;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `Organization` record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganizationDto {
    /// Code.
    pub organization_code: String,
    /// Name.
    pub organization_name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: String,
    /// Last change, ISO-8601.
    #[serde(default)]
    pub updated_at: String,
    /// The root department's id.
    pub department_id: String,
    /// The root department's open id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Whether the root department has sub-departments.
    #[serde(default)]
    pub has_children: bool,
    /// Leaders of the root department.
    #[serde(default)]
    pub leader_user_ids: Vec<String>,
    /// Direct members of the root department.
    #[serde(default)]
    pub members_count: i64,
    /// Always false.
    #[serde(default)]
    pub is_virtual_node: bool,
    /// Custom data of the root department (only with `withCustomData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// The `Department` record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDto {
    /// Its organisation's code.
    pub organization_code: String,
    /// Server id.
    pub department_id: String,
    /// Creation time, ISO-8601.
    #[serde(default)]
    pub created_at: String,
    /// Last change, ISO-8601.
    #[serde(default)]
    pub updated_at: String,
    /// Caller-chosen id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Name.
    pub name: String,
    /// Leaders (user ids).
    #[serde(default)]
    pub leader_user_ids: Vec<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Parent's id (empty for a root department).
    #[serde(default)]
    pub parent_department_id: String,
    /// Code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Parent's code (empty when none).
    #[serde(default)]
    pub parent_department_code: String,
    /// Direct members.
    #[serde(default)]
    pub members_count: i64,
    /// Whether it has sub-departments.
    #[serde(default)]
    pub has_children: bool,
    /// Always false.
    #[serde(default)]
    pub is_virtual_node: bool,
    /// Custom data (only with `withCustomData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Whether it is enabled.
    #[serde(default)]
    pub status: bool,
}

/// The `UserDepartment` record: a department of a user.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserDepartmentDto {
    /// Organisation code.
    pub organization_code: String,
    /// Department id.
    pub department_id: String,
    /// Whether it is the root department.
    #[serde(default)]
    pub is_root: bool,
    /// Department creation time, ISO-8601.
    #[serde(default)]
    pub created_at: String,
    /// Department name.
    pub name: String,
    /// Description (empty when none).
    #[serde(default)]
    pub description: String,
    /// Open id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Whether the user leads it.
    #[serde(default)]
    pub is_leader: bool,
    /// Code (empty when none).
    #[serde(default)]
    pub code: String,
    /// Whether it is the user's main department.
    #[serde(default)]
    pub is_main_department: bool,
    /// When the user joined, ISO-8601.
    #[serde(default)]
    pub joined_at: String,
    /// Always false.
    #[serde(default)]
    pub is_virtual_node: bool,
    /// Custom data (only with `withCustomData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Ids from the root down to it (only with `withDepartmentPaths`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_path: Option<Vec<String>>,
    /// Codes from the root down (only with `withDepartmentPaths`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_code_path: Option<Vec<String>>,
    /// Names from the root down (only with `withDepartmentPaths`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_name_path: Option<Vec<String>>,
}

/// `{inDepartment}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IsUserInDepartmentData {
    /// Whether the user is in the department.
    pub in_department: bool,
}

/// `POST /api/v3/create-organization`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateOrganizationRequest {
    /// Name.
    pub organization_name: String,
    /// Code, unique in the pool.
    pub organization_code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Open id of the root department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i18n: Option<Value>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id_list: Option<Vec<String>>,
}

/// `GET /api/v3/get-organization` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetOrganizationQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_post: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-organization-batch` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetOrganizationBatchQuery {
    /// Codes (`k[]=a&k[]=b`, repeated, or `a,b`).
    pub organization_code_list: Vec<String>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_post: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/list-organizations` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListOrganizationsQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Every organisation in one answer (paging ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetch_all: Option<bool>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_post: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Only enabled (`true`) or disabled (`false`) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<bool>,
}

/// `POST /api/v3/update-organization`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateOrganizationRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Open id of the root department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Replaces the root department's leaders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_user_ids: Option<Vec<String>>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i18n: Option<Value>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// New code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_new_code: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id_list: Option<Vec<String>>,
}

/// `POST /api/v3/delete-organization`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteOrganizationRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/search-organizations` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SearchOrganizationsQuery {
    /// Case-insensitive substring of the name or code.
    #[serde(default)]
    pub keywords: String,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `POST /api/v3/create-department`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateDepartmentRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Name.
    pub name: String,
    /// Parent (`root` or the organisation's `departmentId` for a top-level department), read per `departmentIdType`.
    pub parent_department_id: String,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Caller-chosen id, unique in the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_department_id: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Code, unique in the organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Virtual departments are not supported: `true` is refused.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_virtual_node: Option<bool>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i18n: Option<Value>,
    /// Custom data (an object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id_list: Option<Vec<String>>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-department` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetDepartmentQuery {
    /// Organisation code (needed unless `departmentId` is a server id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_code: Option<String>,
    /// Department id; this or `departmentCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    /// Department code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_code: Option<String>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Merge custom data into the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_custom_data: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `POST /api/v3/update-department`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateDepartmentRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// Replaces the leaders (user ids).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_user_ids: Option<Vec<String>>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub i18n: Option<Value>,
    /// Enabled or not.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<bool>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// New parent: moves the department (never under itself or a descendant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_department_id: Option<String>,
    /// Custom data merged into the stored object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Accepted, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id_list: Option<Vec<String>>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `POST /api/v3/delete-department`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteDepartmentRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `POST /api/v3/search-departments` (deprecated).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchDepartmentsRequest {
    /// Case-insensitive substring of the name or code.
    #[serde(default)]
    pub keywords: String,
    /// Organisation code.
    pub organization_code: String,
    /// Include `customData`.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_custom_data: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// A sort key of `search-departments-list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DepartmentSortItem {
    /// `updatedAt`, `createdAt` or `name`.
    pub field: String,
    /// `asc` or `desc`.
    pub order: String,
}

/// `POST /api/v3/search-departments-list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchDepartmentsListRequest {
    /// Organisation code.
    pub organization_code: String,
    /// Include `customData`.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_custom_data: Option<bool>,
    /// Accepted, not used.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub with_post: Option<bool>,
    /// Page number, from 1.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
    /// Filters (only an empty list is accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_filter: Option<Vec<Value>>,
    /// `updatedAt` or `createdAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `ASC` or `DESC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// Sort keys (the first one is used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Vec<DepartmentSortItem>>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/list-children-departments` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListChildrenDepartmentsQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// Only enabled (`true`) or disabled (`false`) ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<bool>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Accepted (there are no virtual departments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_virtual_node: Option<bool>,
    /// `true` answers an empty list (there are no virtual departments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_virtual_node: Option<bool>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-all-departments` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetAllDepartmentsQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Top of the subtree (default `root`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
}

/// `GET /api/v3/list-department-members` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListDepartmentMembersQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `Default`, `JoinDepartmentAt` (default), `userId`, `createAt`, `updatedAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `Asc` or `Desc` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Members of the sub-departments too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_children_departments: Option<bool>,
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
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/list-department-member-ids` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListDepartmentMemberIdsQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/search-department-members` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct SearchDepartmentMembersQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// Case-insensitive substring of the member's identifiers and names.
    #[serde(default)]
    pub keywords: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Members of the sub-departments too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_children_departments: Option<bool>,
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
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `POST /api/v3/add-department-members` and `remove-department-members`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DepartmentMembersRequest {
    /// Users (server ids).
    pub user_ids: Vec<String>,
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-parent-department` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetParentDepartmentQuery {
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/is-user-in-department` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct IsUserInDepartmentQuery {
    /// User (server id).
    pub user_id: String,
    /// Organisation code.
    pub organization_code: String,
    /// Department id (`root`: the root department), read per `departmentIdType`.
    pub department_id: String,
    /// `department_id` (default), `open_department_id` or `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
    /// Count sub-departments too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_children_departments: Option<bool>,
    /// Tenant (accepted, not used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// `GET /api/v3/get-user-departments` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserDepartmentsQuery {
    /// User, read per `userIdType`.
    pub user_id: String,
    /// `user_id` (default), `email`, `phone`, `username`, `external_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Include `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// Include the id, code and name paths from the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_department_paths: Option<bool>,
    /// `DepartmentCreatedAt`, `JoinDepartmentAt` (default), `DepartmentName`, `DepartmemtCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `Asc` or `Desc` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
}

/// One department of `set-user-departments`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetUserDepartmentItem {
    /// Department (server id).
    pub department_id: String,
    /// Whether the user leads it.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_leader: Option<bool>,
    /// Whether it is the user's main department (at most one).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_main_department: Option<bool>,
}

/// `POST /api/v3/set-user-departments`: replaces the user's departments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetUserDepartmentsRequest {
    /// User, read per `options.userIdType`.
    pub user_id: String,
    /// The complete new set (empty: none).
    pub departments: Vec<SetUserDepartmentItem>,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<UserIdTypeOption>,
}
