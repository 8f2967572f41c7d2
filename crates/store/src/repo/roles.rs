//! Roles, their assignments to users and departments, and the roles a user holds.

use authgate_core::clock::EpochMillis;

/// A search over the roles of one namespace.
#[derive(Debug, Clone, Default)]
pub struct RoleQuery {
    /// The namespace code.
    pub namespace: String,
    /// Case-insensitive substring of the code or name.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A page of the holders of one role.
#[derive(Debug, Clone, Default)]
pub struct HoldersQuery {
    /// The role's internal id.
    pub role_id: String,
    /// Also the members of the departments holding the role (users: `list-role-members`).
    pub via_departments: bool,
    /// The time assignment windows are judged at.
    pub now: EpochMillis,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A department holding a role (`list-role-departments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDepartment {
    /// Department id.
    pub id: String,
    /// Department code, if it has one.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
}
