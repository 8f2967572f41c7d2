//! Roles on the wire and the namespace they are read in (management and
//! `/api/v3/get-my-role-list`).

use crate::http::AppResult;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::role::DEFAULT_NAMESPACE;
use authgate_core::role::Role;
use authgate_proto::roles::RoleDto;

/// A namespace of the pool: its code and name.
pub struct Namespace {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// The namespace named (`default` when absent or empty); 404 when the pool has none such.
pub async fn namespace(state: &AppState, pool_id: &str, ns: Option<&str>) -> AppResult<Namespace> {
    let code = ns
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_NAMESPACE);
    let name = state
        .store
        .namespace_name(pool_id, code)
        .await?
        .ok_or_else(ApiError::namespace_not_found)?;
    Ok(Namespace {
        code: code.to_string(),
        name,
    })
}

/// The `Role` record.
pub fn to_dto(r: &Role, namespace_name: &str) -> RoleDto {
    RoleDto {
        id: r.id.clone(),
        code: r.code.clone(),
        name: r.name.clone(),
        description: r.description.clone().unwrap_or_default(),
        namespace: r.namespace.clone(),
        namespace_name: namespace_name.to_string(),
        status: Some(r.status.as_str().to_string()),
        disable_time: r.disable_time,
    }
}
