//! How organisations, departments, a user's departments and department members are shown
//! on the wire.

use crate::http::AppError;
use crate::state::AppState;
use crate::user_view::{ViewFlags, render};
use authgate_core::department::{DepartmentInfo, Membership, OrganizationInfo};
use authgate_core::timefmt::iso8601;
use authgate_core::user::User;
use authgate_proto::departments::{DepartmentDto, OrganizationDto, UserDepartmentDto};
use serde_json::Value;
use std::collections::HashMap;

/// The `Department` record; `customData` only when asked.
pub fn department(info: &DepartmentInfo, with_custom_data: bool) -> DepartmentDto {
    let d = &info.dept;
    DepartmentDto {
        organization_code: info.org_code.clone(),
        department_id: d.id.clone(),
        created_at: iso8601(d.created_at),
        updated_at: iso8601(d.updated_at),
        open_department_id: d.open_department_id.clone(),
        name: d.name.clone(),
        leader_user_ids: info.leader_ids.clone(),
        description: d.description.clone(),
        parent_department_id: d.parent_id.clone().unwrap_or_default(),
        code: d.code.clone(),
        parent_department_code: info.parent_code.clone().unwrap_or_default(),
        members_count: info.members_count,
        has_children: info.has_children,
        is_virtual_node: false,
        custom_data: with_custom_data.then(|| Value::Object(d.custom_data.clone())),
        status: d.status,
    }
}

/// The `Department` record as JSON, custom fields merged into the top level when asked
/// (never over a built-in member).
pub fn department_json(info: &DepartmentInfo, with_custom_data: bool, flat: bool) -> Value {
    let mut v = serde_json::to_value(department(info, with_custom_data)).unwrap_or(Value::Null);
    if flat && let Value::Object(map) = &mut v {
        for (k, val) in &info.dept.custom_data {
            map.entry(k.clone()).or_insert_with(|| val.clone());
        }
    }
    v
}

/// The `Organization` record (the organisation and its root department).
pub fn organization(o: &OrganizationInfo, with_custom_data: bool) -> OrganizationDto {
    let root = &o.root;
    OrganizationDto {
        organization_code: o.org.code.clone(),
        organization_name: o.org.name.clone(),
        description: o.org.description.clone(),
        created_at: iso8601(o.org.created_at),
        updated_at: iso8601(o.org.updated_at),
        department_id: root.dept.id.clone(),
        open_department_id: root.dept.open_department_id.clone(),
        has_children: root.has_children,
        leader_user_ids: root.leader_ids.clone(),
        members_count: root.members_count,
        is_virtual_node: false,
        custom_data: with_custom_data.then(|| Value::Object(root.dept.custom_data.clone())),
    }
}

/// The `UserDepartment` record.
pub fn user_department(m: &Membership, with_custom_data: bool) -> UserDepartmentDto {
    let d = &m.dept;
    UserDepartmentDto {
        organization_code: m.org_code.clone(),
        department_id: d.id.clone(),
        is_root: d.is_root(),
        created_at: iso8601(d.created_at),
        name: d.name.clone(),
        description: d.description.clone().unwrap_or_default(),
        open_department_id: d.open_department_id.clone(),
        is_leader: m.is_leader,
        code: d.code.clone().unwrap_or_default(),
        is_main_department: m.is_main,
        joined_at: iso8601(m.joined_at),
        is_virtual_node: false,
        custom_data: with_custom_data.then(|| Value::Object(d.custom_data.clone())),
        department_id_path: None,
        department_code_path: None,
        department_name_path: None,
    }
}

/// Users on the wire with the `with*` flags; `departmentIds` filled from the memberships
/// (one query for the whole list) when asked.
pub async fn users(
    state: &AppState,
    users: &[User],
    flags: ViewFlags,
) -> Result<Vec<Value>, AppError> {
    let mut list: Vec<Value> = users.iter().map(|u| render(u, flags)).collect();
    if flags.department_ids {
        let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
        let mut by_user: HashMap<String, Vec<String>> = HashMap::new();
        for (user, dept) in state.store.department_ids_of(&ids).await? {
            by_user.entry(user).or_default().push(dept);
        }
        for (u, v) in users.iter().zip(list.iter_mut()) {
            if let Value::Object(map) = v {
                let depts = by_user.remove(&u.id).unwrap_or_default();
                map.insert("departmentIds".into(), Value::from(depts));
            }
        }
    }
    Ok(list)
}
