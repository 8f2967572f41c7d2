//! General permissions on the wire (spec §1.9, §2.10, §5.3.8): namespaces, resources, grants
//! of resource actions to users, roles, groups and departments, and the checks on them.
//!
//! Field names follow `authing-node-sdk` 4.0.1 / `authing` 5.1.0. Two members are authgate
//! extensions the official SDKs never send: `effect` and `condition` on a [`ResourceItem`]
//! of `authorize-resources` (default `ALLOW`, no conditions).

use serde::{Deserialize, Serialize};

/// The kind of a resource.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum ResourceType {
    /// Data.
    Data,
    /// An API.
    Api,
    /// A menu.
    Menu,
    /// A button.
    Button,
    /// A user-interface element.
    Ui,
}

impl ResourceType {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Data => "DATA",
            ResourceType::Api => "API",
            ResourceType::Menu => "MENU",
            ResourceType::Button => "BUTTON",
            ResourceType::Ui => "UI",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "DATA" => ResourceType::Data,
            "API" => ResourceType::Api,
            "MENU" => ResourceType::Menu,
            "BUTTON" => ResourceType::Button,
            "UI" => ResourceType::Ui,
            _ => return None,
        })
    }
}

/// Who a grant is given to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum TargetType {
    /// A user, by user id.
    User,
    /// A role, by code (in the call's namespace).
    Role,
    /// A group, by code.
    Group,
    /// A department, by department id.
    Department,
}

impl TargetType {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::User => "USER",
            TargetType::Role => "ROLE",
            TargetType::Group => "GROUP",
            TargetType::Department => "DEPARTMENT",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "USER" => TargetType::User,
            "ROLE" => TargetType::Role,
            "GROUP" => TargetType::Group,
            "DEPARTMENT" => TargetType::Department,
            _ => return None,
        })
    }
}

/// Whether a grant allows or denies its actions.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, Default,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Effect {
    /// The actions are allowed.
    #[default]
    Allow,
    /// The actions are denied, whatever else allows them.
    Deny,
}

impl Effect {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "ALLOW",
            Effect::Deny => "DENY",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ALLOW" => Some(Effect::Allow),
            "DENY" => Some(Effect::Deny),
            _ => None,
        }
    }
}

/// One condition of a grant (`PolicyCondition`): `param` (`CurrentTime`, `SourceIp`, …),
/// `operator` (`DateLessThan`, `IpAddress`, `StringEquals`, …) and the `value` compared.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyCondition {
    /// The request attribute.
    pub param: String,
    /// The comparison.
    pub operator: String,
    /// The value compared with.
    pub value: String,
}

/// An action a resource defines.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceAction {
    /// The action's name (`read`, `write`, …).
    pub name: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

/// `Namespace`: a permission namespace ("permission group").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamespaceDto {
    /// Code.
    pub code: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An item of `list-namespaces`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamespaceListItem {
    /// Name.
    pub name: String,
    /// Code.
    pub code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Status (1: enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
}

/// `POST /api/v3/create-namespace` body (also an item of `create-namespaces-batch`).
pub type CreateNamespaceRequest = NamespaceDto;

/// `POST /api/v3/create-namespaces-batch` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateNamespacesBatchRequest {
    /// The namespaces.
    pub list: Vec<NamespaceDto>,
}

/// `GET /api/v3/get-namespace` (and `get-resource`'s namespace-less form) query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CodeQuery {
    /// Code.
    pub code: String,
}

/// `GET /api/v3/get-namespaces-batch` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CodeListQuery {
    /// Codes (repeated, or comma-separated).
    pub code_list: Vec<String>,
}

/// `GET /api/v3/list-namespaces` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListNamespacesQuery {
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Substring of the code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
}

/// `POST /api/v3/update-namespace` body, and its answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateNamespaceRequest {
    /// Current code.
    pub code: String,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_code: Option<String>,
}

/// `POST /api/v3/delete-namespace` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteNamespaceRequest {
    /// Code.
    pub code: String,
}

/// `POST /api/v3/delete-namespaces-batch` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteNamespacesBatchRequest {
    /// Codes.
    pub code_list: Vec<String>,
}

/// `Resource`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourceDto {
    /// Code, unique in its namespace.
    pub code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kind.
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// Actions it defines.
    #[serde(default)]
    pub actions: Vec<ResourceAction>,
    /// URL identifier (API resources).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_identifier: Option<String>,
    /// Namespace code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Whether it is linked to a tenant (never, in authgate).
    #[serde(default)]
    pub linked_to_tenant: bool,
}

/// An item of `list-common-resource`: a resource with its ids and times.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommonResourceDto {
    /// The resource.
    #[serde(flatten)]
    pub resource: ResourceDto,
    /// Server id.
    pub id: String,
    /// Namespace name.
    pub namespace_name: String,
    /// Pool id.
    pub user_pool_id: String,
    /// Creation time (ISO-8601).
    pub created_at: String,
    /// Last change (ISO-8601).
    pub updated_at: String,
}

/// `POST /api/v3/create-resource` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateResourceRequest {
    /// Kind.
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// Code.
    pub code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<ResourceAction>>,
    /// URL identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_identifier: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `POST /api/v3/create-resources-batch` body (the items' `namespace` is ignored).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateResourcesBatchRequest {
    /// The resources.
    pub list: Vec<CreateResourceRequest>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/get-resource` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ResourceCodeQuery {
    /// Code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/get-resources-batch` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ResourceCodeListQuery {
    /// Codes (repeated, or comma-separated).
    pub code_list: Vec<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/list-resources` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListResourcesQuery {
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// `GET /api/v3/list-common-resource` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListCommonResourceQuery {
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Substring of the code or name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// Namespace codes, comma-separated (default: every namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_code_list: Option<String>,
}

/// `POST /api/v3/update-resource` body: absent members stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateResourceRequest {
    /// Code of the resource.
    pub code: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Actions (replace the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<ResourceAction>>,
    /// URL identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_identifier: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Kind.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
}

/// `POST /api/v3/delete-resource` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteResourceRequest {
    /// Code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `POST /api/v3/delete-resources-batch` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeleteResourcesBatchRequest {
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list: Option<Vec<String>>,
    /// Server ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
}

/// `ResourceItem`: actions granted on one resource. `effect` and `condition` are authgate
/// extensions (default `ALLOW`, unconditional).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourceItem {
    /// Resource code, or a path below one (`books:123`, `tree/a/b`, `books:*`).
    pub code: String,
    /// Granted actions (`*`: every action).
    pub actions: Vec<String>,
    /// Kind of the resource.
    pub resource_type: ResourceType,
    /// ALLOW (default) or DENY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// Conditions that must all hold for the grant to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<PolicyCondition>>,
}

/// `AuthorizeResourceItem`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthorizeResourceItem {
    /// Kind of the targets.
    pub target_type: TargetType,
    /// User ids, role codes, group codes or department ids.
    pub target_identifiers: Vec<String>,
    /// What they are granted.
    pub resources: Vec<ResourceItem>,
}

/// `POST /api/v3/authorize-resources` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeResourcesRequest {
    /// Grants.
    pub list: Vec<AuthorizeResourceItem>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `AuthorizedResource`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthorizedResourceDto {
    /// Resource code (or path).
    pub resource_code: String,
    /// The resource's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Conditions of the grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Vec<PolicyCondition>>,
    /// Kind.
    pub resource_type: ResourceType,
    /// URL identifier of the resource (empty when none).
    #[serde(default)]
    pub api_identifier: String,
    /// Actions.
    pub actions: Vec<String>,
    /// ALLOW or DENY.
    pub effect: Effect,
}

/// `GET /api/v3/get-authorized-resources` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetAuthorizedResourcesQuery {
    /// Kind of target.
    pub target_type: TargetType,
    /// User id, role code, group code or department id.
    pub target_identifier: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind of resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
    /// Only these resources (`books:*` and `books:` match by prefix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_list: Option<Vec<String>>,
    /// Include DENY grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_denied: Option<bool>,
}

/// `GET /api/v3/get-user-authorized-resources` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct GetUserAuthorizedResourcesQuery {
    /// The user.
    pub user_id: String,
    /// How `userId` names the user (default `user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind of resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
}

/// `GET /api/v3/get-role-authorized-resources` and `get-group-authorized-resources` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CodeAuthorizedResourcesQuery {
    /// Role or group code.
    pub code: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind of resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
}

/// An item of `get-role-authorized-resources`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoleAuthorizedResource {
    /// Resource code.
    pub resource_code: String,
    /// Kind.
    pub resource_type: ResourceType,
    /// Allowed actions.
    pub actions: Vec<String>,
    /// URL identifier (empty when none).
    #[serde(default)]
    pub api_identifier: String,
}

/// `POST /api/v3/is-action-allowed` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IsActionAllowedRequest {
    /// User id.
    pub user_id: String,
    /// Action.
    pub action: String,
    /// Resource code (or path).
    pub resource: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `{allowed}`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllowedData {
    /// Whether the action is allowed.
    pub allowed: bool,
}

/// `POST /api/v3/get-resource-authorized-targets` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetResourceAuthorizedTargetsRequest {
    /// Resource code.
    pub resource: String,
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind of target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<TargetType>,
    /// Page, from 1.
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
}

/// An item of `get-resource-authorized-targets`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourceAuthorizedTarget {
    /// Kind of target.
    pub target_type: TargetType,
    /// User id, role code, group code or department id.
    pub target_identifier: String,
    /// Allowed actions.
    pub actions: Vec<String>,
}

/// `GET /api/v3/get-my-authorized-resources` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct MyAuthorizedResourcesQuery {
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this kind of resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
}

/// `POST /api/v3/check-permission-{string,array,tree}-resource` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckPermissionRequest {
    /// Resource codes or paths.
    pub resources: Vec<String>,
    /// Action.
    pub action: String,
}

/// One answer of a permission check.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// Namespace code.
    pub namespace_code: String,
    /// Action.
    pub action: String,
    /// Resource asked about.
    pub resource: String,
    /// Whether the user may.
    pub enabled: bool,
}

/// `{checkResultList}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckResultList {
    /// One answer per resource, in the order asked.
    pub check_result_list: Vec<CheckResult>,
}

/// `POST /api/v3/get-user-auth-resource-permission-list` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourcePermissionListRequest {
    /// Resource codes or paths.
    pub resources: Vec<String>,
}

/// Actions held on one resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourcePermission {
    /// Namespace code.
    pub namespace_code: String,
    /// Allowed actions.
    pub actions: Vec<String>,
    /// Resource asked about.
    pub resource: String,
}

/// `{permissionList}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourcePermissionList {
    /// One item per resource, in the order asked.
    pub permission_list: Vec<ResourcePermission>,
}

/// `{value, actions}` of a STRING data resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrAuthorize {
    /// The resource's value (its code).
    pub value: String,
    /// Allowed actions.
    pub actions: Vec<String>,
}

/// One node of a TREE data resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TreeAuthNode {
    /// Path of the node (the granted code).
    pub node_path: String,
    /// Last segment of the path.
    pub node_name: String,
    /// Allowed actions.
    pub node_actions: Vec<String>,
}

/// `{authList}` of a TREE data resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TreeAuthorize {
    /// The granted nodes.
    pub auth_list: Vec<TreeAuthNode>,
}

/// One data resource of `get-user-auth-resource-list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserAuthResource {
    /// Resource code (the first segment of a path).
    pub resource_code: String,
    /// `STRING` or `TREE`.
    pub resource_type: String,
    /// For STRING resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub str_authorize: Option<StrAuthorize>,
    /// For TREE resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree_authorize: Option<TreeAuthorize>,
}

/// The user's data resources in one namespace.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserPermissionItem {
    /// User id.
    pub user_id: String,
    /// Namespace code.
    pub namespace_code: String,
    /// The resources.
    pub resource_list: Vec<UserAuthResource>,
}

/// `{userPermissionList}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserPermissionList {
    /// One item per namespace.
    pub user_permission_list: Vec<UserPermissionItem>,
}
