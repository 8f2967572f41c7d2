//! Organisations, department trees and department memberships.

use crate::error::StoreResult;
use crate::repo::Order;
use authgate_core::department::{
    Department, DepartmentInfo, Membership, Organization, OrganizationInfo,
};
use authgate_core::user::User;
use std::future::Future;

/// Which departments a department listing returns.
#[derive(Debug, Clone, PartialEq)]
pub enum DeptScope {
    /// The direct children of a department, optionally only those with a given status.
    Children {
        /// The parent.
        parent_id: String,
        /// Only enabled (`true`) or disabled (`false`) ones.
        status: Option<bool>,
    },
    /// Every descendant of a department (not the department itself), shallowest first.
    Descendants {
        /// The top of the subtree.
        root_id: String,
    },
    /// The departments of an organisation whose name or code contains a keyword (every
    /// department when the keyword is empty).
    Search {
        /// The organisation.
        org_id: String,
        /// Case-insensitive substring of the name or code.
        keyword: String,
    },
}

/// The order of a department listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeptSort {
    /// The scope's natural order: by name (and depth for subtrees).
    #[default]
    Natural,
    /// By creation time.
    CreatedAt(Order),
    /// By last change.
    UpdatedAt(Order),
    /// By name.
    Name(Order),
}

/// Rows to skip and to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// How department members are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSort {
    /// By when the user joined (the latest membership in the scope).
    JoinedAt(Order),
    /// By user id.
    UserId(Order),
    /// By the user's creation time.
    CreatedAt(Order),
    /// By the user's last change.
    UpdatedAt(Order),
}

/// A page of a department's members.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberQuery {
    /// The department.
    pub dept_id: String,
    /// Members of its sub-departments too.
    pub include_children: bool,
    /// Case-insensitive substring of the main identifiers and names.
    pub keyword: Option<String>,
    /// Order.
    pub sort: MemberSort,
    /// Page.
    pub window: Window,
}

/// How a user's departments are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserDeptSort {
    /// By when the department was created.
    DepartmentCreatedAt(Order),
    /// By when the user joined.
    JoinedAt(Order),
    /// By department name.
    Name(Order),
    /// By department code.
    Code(Order),
}

/// One department of a user's new department set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipSpec {
    /// The department (server id, checked to be in the user's pool).
    pub dept_id: String,
    /// Whether the user leads it.
    pub is_leader: bool,
    /// Whether it is the user's main department.
    pub is_main: bool,
}

/// What an update of a department did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeptChange {
    /// Done.
    Done,
    /// The department (or its new parent) no longer exists.
    NotFound,
    /// The new parent is the department itself or one of its descendants: nothing changed.
    Cycle,
    /// The department has sub-departments and was not deleted.
    HasChildren,
}

/// Organisations, departments and memberships. Every call is scoped to a user pool.
pub trait DepartmentRepo {
    /// Stores a new organisation and its root department, in one transaction. A clash of
    /// the organisation code is `Conflict { field: "organizationCode" }`.
    fn create_organization(
        &self,
        org: &Organization,
        root: &Department,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// An organisation of a pool by code, with its root department.
    fn get_organization(
        &self,
        pool_id: &str,
        code: &str,
    ) -> impl Future<Output = StoreResult<Option<OrganizationInfo>>> + Send;
    /// A pool's organisations, oldest first, optionally those whose name or code contains
    /// `keyword` or with a status: the total count and one page.
    fn list_organizations(
        &self,
        pool_id: &str,
        keyword: Option<&str>,
        status: Option<bool>,
        window: Window,
    ) -> impl Future<Output = StoreResult<(i64, Vec<OrganizationInfo>)>> + Send;
    /// Overwrites an organisation and its root department (names, code, description, open
    /// id, custom data), in one transaction; false when it no longer exists.
    fn update_organization(
        &self,
        org: &Organization,
        root: &Department,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes an organisation with its whole tree, the memberships, and the role assignments
    /// and grants that target its departments; false when it did not exist.
    fn delete_organization(
        &self,
        pool_id: &str,
        org_id: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    /// Stores a new department. A clash is `Conflict { field: "code" | "openDepartmentId" }`.
    fn create_department(&self, dept: &Department) -> impl Future<Output = StoreResult<()>> + Send;
    /// A department of a pool by server id.
    fn department_by_id(
        &self,
        pool_id: &str,
        id: &str,
    ) -> impl Future<Output = StoreResult<Option<Department>>> + Send;
    /// A department of an organisation by code.
    fn department_by_code(
        &self,
        org_id: &str,
        code: &str,
    ) -> impl Future<Output = StoreResult<Option<Department>>> + Send;
    /// A department of an organisation by `openDepartmentId`.
    fn department_by_open_id(
        &self,
        org_id: &str,
        open_id: &str,
    ) -> impl Future<Output = StoreResult<Option<Department>>> + Send;
    /// A department and its ancestors, the root first (empty when it does not exist).
    fn department_path(
        &self,
        pool_id: &str,
        id: &str,
    ) -> impl Future<Output = StoreResult<Vec<Department>>> + Send;
    /// The wire facts of departments, in the order of `ids` (unknown ids left out).
    fn department_infos(
        &self,
        pool_id: &str,
        ids: &[String],
    ) -> impl Future<Output = StoreResult<Vec<DepartmentInfo>>> + Send;
    /// Departments of a scope: the total count and one page (all when `window` is `None`).
    fn list_departments(
        &self,
        pool_id: &str,
        scope: &DeptScope,
        sort: DeptSort,
        window: Option<Window>,
    ) -> impl Future<Output = StoreResult<(i64, Vec<DepartmentInfo>)>> + Send;
    /// Overwrites a department's fields and parent, in one transaction that refuses a parent
    /// inside the department's own subtree ([`DeptChange::Cycle`]).
    fn update_department(
        &self,
        dept: &Department,
    ) -> impl Future<Output = StoreResult<DeptChange>> + Send;
    /// Deletes a department that has no sub-departments, with its memberships and the role
    /// assignments and grants that target it ([`DeptChange::HasChildren`] otherwise).
    fn delete_department(
        &self,
        pool_id: &str,
        id: &str,
    ) -> impl Future<Output = StoreResult<DeptChange>> + Send;

    /// Adds users to a department (existing memberships are kept as they are).
    fn add_members(
        &self,
        dept_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Removes users from a department.
    fn remove_members(
        &self,
        dept_id: &str,
        user_ids: &[String],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Makes exactly `user_ids` the department's leaders, adding them as members if needed.
    fn set_leaders(
        &self,
        dept_id: &str,
        user_ids: &[String],
        now: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Members of a department (and its subtree): the total count and one page.
    fn list_members(
        &self,
        pool_id: &str,
        query: &MemberQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<User>)>> + Send;
    /// The ids of a department's direct members, oldest membership first.
    fn member_ids(&self, dept_id: &str) -> impl Future<Output = StoreResult<Vec<String>>> + Send;
    /// Whether a user is a member of a department (or of one below it).
    fn is_member(
        &self,
        dept_id: &str,
        user_id: &str,
        include_children: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A user's departments: the total count and one page.
    fn user_memberships(
        &self,
        user_id: &str,
        sort: UserDeptSort,
        window: Window,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Membership>)>> + Send;
    /// Replaces a user's departments with `set`, in one transaction; departments kept keep
    /// their join time.
    fn set_user_departments(
        &self,
        user_id: &str,
        set: &[MembershipSpec],
        now: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// `(user id, department id)` of every membership of the given users.
    fn department_ids_of(
        &self,
        user_ids: &[String],
    ) -> impl Future<Output = StoreResult<Vec<(String, String)>>> + Send;
}
