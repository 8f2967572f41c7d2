//! Roles (spec §5.3.4): named by a code inside a permission namespace, held by users directly
//! or through a department, optionally only for a time window.
//!
//! When a role counts (spec §7 item 18) is decided in one place, the store's SQL predicate
//! (`authgate_store` `Store::user_roles`): an assignment counts while
//! `enable_time ≤ now < end_time` (a missing bound is open), and a role counts only while its
//! status is `ENABLE` and `now < disable_time` (when set). This module only validates input.

use crate::clock::EpochMillis;
use crate::error::ApiError;

/// The namespace of roles and resources when none is named; it needs no row.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Whether a role may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleStatus {
    /// The role counts (until its `disable_time`, if any).
    #[default]
    Enable,
    /// The role counts nowhere.
    Disable,
}

impl RoleStatus {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleStatus::Enable => "ENABLE",
            RoleStatus::Disable => "DISABLE",
        }
    }

    /// Parses the spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_uppercase().as_str() {
            "ENABLE" => Some(RoleStatus::Enable),
            "DISABLE" => Some(RoleStatus::Disable),
            _ => None,
        }
    }
}

/// A role of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Internal id (assignments and grants refer to it).
    pub id: String,
    /// Owning pool.
    pub pool_id: String,
    /// Namespace code.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Status.
    pub status: RoleStatus,
    /// When the role stops counting (epoch ms), if ever.
    pub disable_time: Option<EpochMillis>,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}

/// What a role is assigned to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetType {
    /// A user (by user id).
    User,
    /// Every member of a department (by department id).
    Department,
}

impl TargetType {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::User => "USER",
            TargetType::Department => "DEPARTMENT",
        }
    }

    /// Parses a wire `targetType`; `ROLE` and `GROUP` cannot hold roles.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "USER" => Some(TargetType::User),
            "DEPARTMENT" => Some(TargetType::Department),
            _ => None,
        }
    }
}

/// One holder of an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// Kind of holder.
    pub kind: TargetType,
    /// Its internal id.
    pub id: String,
}

/// When an assignment counts: from `enable_time` (inclusive) to `end_time` (exclusive); a
/// missing bound is open. Built only through [`Window::new`], so `end_time > enable_time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    enable_time: Option<EpochMillis>,
    end_time: Option<EpochMillis>,
}

impl Window {
    /// A window; refused when it ends before (or when) it starts.
    pub fn new(
        enable_time: Option<EpochMillis>,
        end_time: Option<EpochMillis>,
    ) -> Result<Self, ApiError> {
        if let (Some(start), Some(end)) = (enable_time, end_time)
            && end <= start
        {
            return Err(ApiError::invalid("endTime", "must be after enableTime"));
        }
        Ok(Self {
            enable_time,
            end_time,
        })
    }

    /// The start, if any.
    pub fn enable_time(&self) -> Option<EpochMillis> {
        self.enable_time
    }

    /// The end, if any.
    pub fn end_time(&self) -> Option<EpochMillis> {
        self.end_time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_and_windows() {
        assert_eq!(RoleStatus::parse("disable"), Some(RoleStatus::Disable));
        assert_eq!(RoleStatus::parse("x"), None);
        assert_eq!(
            TargetType::parse("DEPARTMENT"),
            Some(TargetType::Department)
        );
        assert_eq!(TargetType::parse("GROUP"), None);
        assert!(Window::new(Some(10), Some(10)).is_err());
        let w = Window::new(Some(10), None).unwrap();
        assert_eq!((w.enable_time(), w.end_time()), (Some(10), None));
    }
}
