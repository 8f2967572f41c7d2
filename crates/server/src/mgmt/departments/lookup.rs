//! Finding the organisation, department and users a call names (always within the caller's
//! pool: another pool's ids are simply unknown).

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::department::{Department, DeptIdType, DeptKey, Organization, OrganizationInfo};
use authgate_core::user::UserKey;

/// Largest number of users one membership call may name.
pub const MAX_USERS: usize = 50;

/// The organisation of a pool with this code.
pub async fn organization(
    state: &AppState,
    pool_id: &str,
    code: &str,
) -> Result<OrganizationInfo, AppError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(ApiError::missing("organizationCode").into());
    }
    state
        .store
        .get_organization(pool_id, code)
        .await?
        .ok_or_else(|| ApiError::organization_not_found().into())
}

/// The department of `org` named by `id` read as `id_type` (`root`: the root department).
pub async fn department(
    state: &AppState,
    org: &Organization,
    id_type: Option<&str>,
    id: &str,
    param: &str,
) -> Result<Department, AppError> {
    let key = DeptKey::new(DeptIdType::from_wire(id_type)?, id, param)?;
    department_by_key(state, org, &key).await
}

/// The department of `org` with this key.
pub async fn department_by_key(
    state: &AppState,
    org: &Organization,
    key: &DeptKey,
) -> Result<Department, AppError> {
    let store = &state.store;
    let found = match key {
        DeptKey::Root => {
            store
                .department_by_id(&org.pool_id, &org.root_department_id)
                .await?
        }
        DeptKey::Id(id) => store
            .department_by_id(&org.pool_id, id)
            .await?
            .filter(|d| d.org_id == org.id),
        DeptKey::OpenId(v) => store.department_by_open_id(&org.id, v).await?,
        DeptKey::Code(v) => store.department_by_code(&org.id, v).await?,
    };
    found.ok_or_else(|| ApiError::department_not_found().into())
}

/// The organisation (by code) and one of its departments, as most department calls name them.
pub async fn org_and_department(
    state: &AppState,
    pool_id: &str,
    org_code: &str,
    id_type: Option<&str>,
    id: &str,
) -> Result<(OrganizationInfo, Department), AppError> {
    let org = organization(state, pool_id, org_code).await?;
    let dept = department(state, &org.org, id_type, id, "departmentId").await?;
    Ok((org, dept))
}

/// Server ids of users of the pool, in order and without repeats; 404 when one is unknown
/// (so nothing is half done). `name` is the parameter; 1 to [`MAX_USERS`] ids.
pub async fn user_ids(
    state: &AppState,
    pool_id: &str,
    name: &str,
    ids: &[String],
    allow_empty: bool,
) -> Result<Vec<String>, AppError> {
    if ids.is_empty() && !allow_empty {
        return Err(ApiError::missing(name).into());
    }
    if ids.len() > MAX_USERS {
        return Err(ApiError::invalid(name, format!("at most {MAX_USERS} users per call")).into());
    }
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for raw in ids {
        let id = raw.trim();
        if id.is_empty() {
            return Err(ApiError::invalid(name, "contains an empty id").into());
        }
        if out.iter().any(|o| o == id) {
            continue;
        }
        let user = state
            .store
            .get_user(pool_id, &UserKey::Id(id.to_string()))
            .await?
            .ok_or_else(ApiError::user_not_found)?;
        out.push(user.id);
    }
    Ok(out)
}
