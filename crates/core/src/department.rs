//! Organisations and their department trees.
//!
//! An organisation is the root of one tree: it owns a root department (parent `None`) that
//! carries its name, open id, custom data and leaders. Every other department has a parent in
//! the same organisation. Memberships tie users to departments, with a leader flag and a
//! "main department" flag (at most one per user).

use crate::error::ApiError;
use crate::messages::Msg;
use crate::user::MAX_FIELD_LEN;
use serde_json::{Map, Value};

/// Longest organisation or department code (spec §1.8).
pub const MAX_CODE_LEN: usize = 64;

/// The department id that names an organisation's root department in every call.
pub const ROOT_ALIAS: &str = "root";

/// An organisation: a code, a name and the id of its root department.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// Server id.
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// Unique code within the pool (`organizationCode`).
    pub code: String,
    /// Display name (also the root department's name).
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Whether the organisation is enabled.
    pub status: bool,
    /// The root department.
    pub root_department_id: String,
    /// Creation time (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
}

/// A department (the root department of an organisation included).
#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    /// Server id (`departmentId`).
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// Organisation.
    pub org_id: String,
    /// Parent department; `None` for the root.
    pub parent_id: Option<String>,
    /// Code, unique within the organisation.
    pub code: Option<String>,
    /// Caller-chosen id, unique within the organisation.
    pub open_department_id: Option<String>,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Whether the department is enabled.
    pub status: bool,
    /// Custom data.
    pub custom_data: Map<String, Value>,
    /// Creation time (ms).
    pub created_at: i64,
    /// Last change (ms).
    pub updated_at: i64,
}

impl Department {
    /// Whether this is its organisation's root department.
    pub fn is_root(&self) -> bool {
        self.parent_id.is_none()
    }

    /// Checks the name, code, open id and description.
    pub fn validate(&self) -> Result<(), ApiError> {
        validate_name("name", &self.name)?;
        if let Some(c) = &self.code {
            validate_code("code", c)?;
        }
        if let Some(o) = &self.open_department_id {
            validate_open_id("openDepartmentId", o)?;
        }
        if let Some(d) = &self.description {
            validate_len("description", d)?;
        }
        Ok(())
    }
}

/// A department with the facts the wire record shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentInfo {
    /// The department.
    pub dept: Department,
    /// Its organisation's code.
    pub org_code: String,
    /// Its parent's code, if the parent has one.
    pub parent_code: Option<String>,
    /// Number of direct members.
    pub members_count: i64,
    /// Whether it has sub-departments.
    pub has_children: bool,
    /// Its leaders (user ids).
    pub leader_ids: Vec<String>,
}

/// An organisation with its root department.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationInfo {
    /// The organisation.
    pub org: Organization,
    /// Its root department.
    pub root: DepartmentInfo,
}

/// A user's membership of a department, with the department.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// The department.
    pub dept: Department,
    /// Its organisation's code.
    pub org_code: String,
    /// Whether the user leads it.
    pub is_leader: bool,
    /// Whether it is the user's main department.
    pub is_main: bool,
    /// When the user joined (ms).
    pub joined_at: i64,
}

/// How a department id in a call is to be read (`departmentIdType`, spec §1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeptIdType {
    /// The server id (default).
    #[default]
    DepartmentId,
    /// `openDepartmentId`.
    OpenDepartmentId,
    /// `code`.
    Code,
}

impl DeptIdType {
    /// The type for a wire value; `None` (absent or empty) is the default. `sync_relation` and
    /// `custom_field` are refused: authgate keeps no sync relations or department fields.
    pub fn from_wire(v: Option<&str>) -> Result<Self, ApiError> {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            None | Some("department_id") => Ok(Self::DepartmentId),
            Some("open_department_id") => Ok(Self::OpenDepartmentId),
            Some("code") => Ok(Self::Code),
            Some(other) => Err(ApiError::invalid(
                "departmentIdType",
                format!("unsupported value '{other}' (department_id, open_department_id, code)"),
            )),
        }
    }
}

/// A department named in a call: the root alias, or an id of some [`DeptIdType`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeptKey {
    /// The organisation's root department (`root`).
    Root,
    /// By server id.
    Id(String),
    /// By `openDepartmentId`.
    OpenId(String),
    /// By code.
    Code(String),
}

impl DeptKey {
    /// The key for `value` read as `kind`; `root` always names the root department.
    pub fn new(kind: DeptIdType, value: &str, param: &str) -> Result<Self, ApiError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(ApiError::missing(param));
        }
        if value == ROOT_ALIAS {
            return Ok(Self::Root);
        }
        Ok(match kind {
            DeptIdType::DepartmentId => Self::Id(value.to_string()),
            DeptIdType::OpenDepartmentId => Self::OpenId(value.to_string()),
            DeptIdType::Code => Self::Code(value.to_string()),
        })
    }
}

/// Checks an organisation or department code: 1–64 ASCII letters, digits, `_`, `-`, `.`, `:`;
/// `root` is reserved for the root alias.
pub fn validate_code(name: &str, code: &str) -> Result<(), ApiError> {
    if code.is_empty() {
        return Err(ApiError::missing(name));
    }
    if code.len() > MAX_CODE_LEN {
        return Err(ApiError::invalid(
            name,
            format!("at most {MAX_CODE_LEN} characters"),
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
    {
        return Err(ApiError::invalid(
            name,
            "only ASCII letters, digits, '_', '-', '.' and ':' are allowed",
        ));
    }
    if code == ROOT_ALIAS {
        return Err(ApiError::invalid(
            name,
            "'root' is reserved for the root department",
        ));
    }
    Ok(())
}

/// Checks an `openDepartmentId`: non-empty, not `root`, at most 512 bytes.
pub fn validate_open_id(name: &str, v: &str) -> Result<(), ApiError> {
    validate_name(name, v)?;
    if v == ROOT_ALIAS {
        return Err(ApiError::invalid(
            name,
            "'root' is reserved for the root department",
        ));
    }
    Ok(())
}

/// Checks a name: non-blank, at most 512 bytes.
pub fn validate_name(name: &str, v: &str) -> Result<(), ApiError> {
    if v.trim().is_empty() {
        return Err(ApiError::missing(name));
    }
    validate_len(name, v)
}

fn validate_len(name: &str, v: &str) -> Result<(), ApiError> {
    if v.len() > MAX_FIELD_LEN {
        return Err(ApiError::invalid(
            name,
            format!("at most {MAX_FIELD_LEN} bytes"),
        ));
    }
    Ok(())
}

impl ApiError {
    /// 404: the organisation does not exist (in this pool).
    pub fn organization_not_found() -> Self {
        Msg::OrganizationNotFound.into()
    }

    /// 404: the department does not exist (in this organisation and pool).
    pub fn department_not_found() -> Self {
        Msg::DepartmentNotFound.into()
    }

    /// 409: another organisation of the pool has this code.
    pub fn organization_code_taken() -> Self {
        Msg::OrganizationCodeTaken.into()
    }

    /// 409: another department of the organisation has this `code` or `openDepartmentId`.
    pub fn department_field_taken(field: impl Into<String>) -> Self {
        Msg::DepartmentFieldTaken {
            field: field.into(),
        }
        .into()
    }

    /// 409: the department has sub-departments.
    pub fn department_has_children() -> Self {
        Msg::DepartmentHasChildren.into()
    }

    /// 400: the new parent is the department itself or one of its descendants.
    pub fn department_cycle() -> Self {
        Msg::DepartmentCycle.into()
    }

    /// 400: the root department cannot be `action` (`moved`, `deleted`).
    pub fn root_department_fixed(action: &str) -> Self {
        Msg::RootDepartmentFixed {
            action: action.to_string(),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(validate_code("c", "sales-emea_1").is_ok());
        assert!(validate_code("c", "").is_err());
        assert!(validate_code("c", "额! ").is_err());
        assert!(validate_code("c", " ").is_err());
        assert!(validate_code("c", &"a".repeat(65)).is_err());
        assert!(validate_code("c", &"a".repeat(64)).is_ok());
        assert!(validate_code("c", "root").is_err());
    }

    #[test]
    fn keys() {
        let t = DeptIdType::from_wire(Some("code")).unwrap();
        assert_eq!(
            DeptKey::new(t, "x", "d").unwrap(),
            DeptKey::Code("x".into())
        );
        assert_eq!(DeptKey::new(t, "root", "d").unwrap(), DeptKey::Root);
        assert!(DeptKey::new(t, " ", "d").is_err());
        assert_eq!(
            DeptIdType::from_wire(None).unwrap(),
            DeptIdType::DepartmentId
        );
        assert!(DeptIdType::from_wire(Some("sync_relation")).is_err());
    }
}
