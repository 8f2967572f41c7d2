//! Organisations, department trees and department memberships.

use crate::repo::Order;

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
