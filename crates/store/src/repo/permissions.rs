//! Namespaces, resources and grants (spec §5.3.8), and what permission evaluation reads: the
//! subjects a user acts as and the grants they hold.

use authgate_core::permission::Grant;
use authgate_core::permission::{ResourceAction, ResourceType, TargetType};

/// A permission namespace ("permission group"). `default` exists without a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Code, unique in the pool.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Status (1: enabled).
    pub status: i64,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// Changes to a namespace; `None` keeps the value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamespaceChange {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New code (resources, roles and grants follow).
    pub new_code: Option<String>,
}

/// A resource of a namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Namespace code.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// Kind.
    pub resource_type: ResourceType,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// URL identifier.
    pub api_identifier: Option<String>,
    /// Actions it defines.
    pub actions: Vec<ResourceAction>,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// A search over a pool's resources.
#[derive(Debug, Clone, Default)]
pub struct ResourceQuery {
    /// Only these namespaces (empty: all).
    pub namespaces: Vec<String>,
    /// Only this kind.
    pub resource_type: Option<ResourceType>,
    /// Case-insensitive substring of the code or name.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A stored grant: who holds it and what it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGrant {
    /// Server id.
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Namespace code.
    pub namespace: String,
    /// Kind of holder.
    pub target_type: TargetType,
    /// Internal id of the holder (user, role, group or department id).
    pub target_id: String,
    /// What is granted (`api_identifier` and `description` are read from the resource and
    /// ignored when saving).
    pub grant: Grant,
    /// Creation time (epoch ms).
    pub created_at: i64,
    /// Last change (epoch ms).
    pub updated_at: i64,
}

/// Everything a user acts as when permissions are evaluated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    /// The user.
    pub user_id: String,
    /// Roles in force now: assigned to the user or to one of the user's departments (or
    /// their ancestors), within the assignment's time window, enabled and not past their
    /// disable time.
    pub role_ids: Vec<String>,
    /// Groups the user belongs to.
    pub group_ids: Vec<String>,
    /// The user's departments and all their ancestors (a department's grants reach the
    /// members of its sub-departments).
    pub department_ids: Vec<String>,
}
