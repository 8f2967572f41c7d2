//! Roles, their assignments to users and departments, and the roles a user holds.

use crate::error::StoreResult;
use authgate_core::clock::EpochMillis;
use authgate_core::role::{Role, Target, Window};
use authgate_core::user::User;
use std::future::Future;

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

/// Roles and their assignments.
///
/// The rule of when a role counts for a user (spec §7 item 18) lives in
/// [`RoleRepo::user_roles`] and is shared by every reader of assignments: an assignment counts
/// while `enable_time ≤ now < end_time` (a missing bound is open); a role counts while its
/// status is `ENABLE` and, when it has a `disable_time`, `now < disable_time`; a user holds
/// the roles assigned to them and to the departments they are a direct member of.
pub trait RoleRepo {
    /// The name of namespace `code` of the pool, or `None` when it does not exist. The
    /// namespace `default` always exists (named `default` unless a row renames it).
    fn namespace_name(
        &self,
        pool_id: &str,
        code: &str,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Stores new roles in one transaction: all or none (a code taken in its namespace is
    /// [`crate::StoreError::Conflict`]).
    fn insert_roles(&self, roles: &[Role]) -> impl Future<Output = StoreResult<()>> + Send;
    /// A role of the pool by namespace and code.
    fn get_role(
        &self,
        pool_id: &str,
        namespace: &str,
        code: &str,
    ) -> impl Future<Output = StoreResult<Option<Role>>> + Send;
    /// A namespace's roles, oldest first: the total count and one page.
    fn list_roles(
        &self,
        pool_id: &str,
        query: &RoleQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Role>)>> + Send;
    /// Overwrites a role (matched by pool and id): code, name, description, status and
    /// disable time; false when it no longer exists.
    fn update_role(&self, role: &Role) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes roles of the pool with their assignments and the grants made to them, in one
    /// transaction; returns how many roles were deleted.
    fn delete_roles(
        &self,
        pool_id: &str,
        ids: &[String],
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Assigns every role to every target for `window` (replacing the window of an existing
    /// assignment), in one transaction. When a target is not a user or department of the
    /// pool nothing is written and that target is returned.
    fn assign_roles(
        &self,
        pool_id: &str,
        role_ids: &[String],
        targets: &[Target],
        window: Window,
        now: EpochMillis,
    ) -> impl Future<Output = StoreResult<Option<Target>>> + Send;
    /// Removes the assignments of every role to every target, in one transaction. When a
    /// target is not a user or department of the pool nothing is removed and that target is
    /// returned.
    fn revoke_roles(
        &self,
        pool_id: &str,
        role_ids: &[String],
        targets: &[Target],
    ) -> impl Future<Output = StoreResult<Option<Target>>> + Send;
    /// Users whose assignment of the role is in effect at `query.now` (directly, and through
    /// a department when asked), newest first.
    fn list_role_members(
        &self,
        pool_id: &str,
        query: &HoldersQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<User>)>> + Send;
    /// Departments whose assignment of the role is in effect at `query.now`.
    fn list_role_departments(
        &self,
        pool_id: &str,
        query: &HoldersQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<RoleDepartment>)>> + Send;
    /// The roles `user_id` holds at `now` (see the trait's rule), in namespace `namespace`
    /// or in every namespace when `None`; oldest role first. This is what permission
    /// evaluation should read.
    fn user_roles(
        &self,
        pool_id: &str,
        user_id: &str,
        namespace: Option<&str>,
        now: EpochMillis,
    ) -> impl Future<Output = StoreResult<Vec<Role>>> + Send;
}
