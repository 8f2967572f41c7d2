//! Sort parameters of department lists (management and `/api/v3/get-my-department-list`).

use crate::http::AppError;
use authgate_core::ApiError;
use authgate_store::{Order, UserDeptSort};

/// `Asc` / `Desc` (default `Desc`).
pub fn order(v: Option<&str>) -> Result<Order, AppError> {
    match v.map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") | Some("") => Ok(Order::Desc),
        Some("asc") => Ok(Order::Asc),
        Some(_) => Err(ApiError::invalid("orderBy", "must be Asc or Desc").into()),
    }
}

/// The order of a user's departments from `sortBy` / `orderBy` (default: joined, newest
/// first).
pub fn user_dept_sort(
    sort_by: Option<&str>,
    order_by: Option<&str>,
) -> Result<UserDeptSort, AppError> {
    let o = order(order_by)?;
    Ok(match sort_by.unwrap_or("JoinDepartmentAt") {
        "JoinDepartmentAt" | "" => UserDeptSort::JoinedAt(o),
        "DepartmentCreatedAt" => UserDeptSort::DepartmentCreatedAt(o),
        "DepartmentName" => UserDeptSort::Name(o),
        // GenAuth's own spelling, and the correct one.
        "DepartmemtCode" | "DepartmentCode" => UserDeptSort::Code(o),
        other => {
            return Err(ApiError::invalid("sortBy", format!("cannot sort by '{other}'")).into());
        }
    })
}
