//! Role management (spec §5.3.4) and the user's roles (§5.3.2): roles live in a permission
//! namespace (`default` unless named) and are held by users directly or through a
//! department, optionally only for a time window. Which assignments count is the store's
//! rule ([`authgate_store::Store::user_roles`]).

use super::auth::ManagementCtx;
use super::membership::{self, items};
use super::paging::page_window;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_view::{ViewFlags, render};
pub(crate) use crate::views::role::{Namespace, namespace, to_dto};
use authgate_core::ApiError;
use authgate_core::code::validate_code;
use authgate_core::ids;
use authgate_core::role::{DEFAULT_NAMESPACE, Role, RoleStatus, Target, TargetType, Window};
use authgate_proto::roles::{
    AssignRoleRequest, CreateRoleRequest, CreateRolesBatchRequest, DeleteRolesBatchRequest,
    GetUserRolesQuery, HasAnyRoleData, HasAnyRoleRequest, ListRoleDepartmentsQuery,
    ListRoleMembersQuery, ListRolesQuery, RevokeRoleRequest, RoleBatchRequest, RoleCode,
    RoleDepartmentDto, RoleDto, TargetDto, UpdateRoleRequest,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::{HoldersQuery, RoleQuery, StoreError};
use axum::Extension;
use axum::extract::State;
use serde_json::Value;

/// Role `code` of namespace `ns`; 404 when there is none.
async fn find_role(state: &AppState, pool_id: &str, ns: &Namespace, code: &str) -> AppResult<Role> {
    if code.is_empty() {
        return Err(ApiError::invalid("code", "must not be empty").into());
    }
    state
        .store
        .get_role(pool_id, &ns.code, code)
        .await?
        .ok_or_else(|| ApiError::role_not_found().into())
}

/// Roles named by code in their namespaces; 404 for the first unknown one.
async fn find_roles(state: &AppState, pool_id: &str, codes: &[RoleCode]) -> AppResult<Vec<Role>> {
    let mut roles = Vec::with_capacity(codes.len());
    for rc in codes {
        let ns = namespace(state, pool_id, rc.namespace.as_deref()).await?;
        roles.push(find_role(state, pool_id, &ns, &rc.code).await?);
    }
    Ok(roles)
}

/// A code clash is the namespace's, everything else stays a store failure.
fn code_taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict { .. } => ApiError::role_code_taken().into(),
        other => other.into(),
    }
}

fn disable_time(v: Option<i64>) -> AppResult<Option<i64>> {
    match v {
        Some(t) if t < 0 => {
            Err(ApiError::invalid("disableTime", "must be epoch milliseconds").into())
        }
        other => Ok(other),
    }
}

/// A new role of namespace `ns` (validated).
fn new_role(
    pool_id: &str,
    ns: &Namespace,
    code: String,
    name: Option<String>,
    description: Option<String>,
    now: i64,
) -> AppResult<Role> {
    validate_code("code", "role", &code)?;
    Ok(Role {
        id: ids::new_id()?,
        pool_id: pool_id.to_string(),
        namespace: ns.code.clone(),
        name: membership::name(name, &code)?,
        code,
        description: membership::description(description)?,
        status: RoleStatus::Enable,
        disable_time: None,
        created_at: now,
        updated_at: now,
    })
}

/// Holders from the wire: 1–50 `USER` / `DEPARTMENT` targets with an id each.
fn targets(list: Vec<TargetDto>) -> AppResult<Vec<Target>> {
    items("targets", list.len())?;
    list.into_iter()
        .map(|t| {
            let kind = TargetType::parse(&t.target_type).ok_or_else(|| {
                ApiError::invalid("targets", "targetType must be USER or DEPARTMENT")
            })?;
            if t.target_identifier.trim().is_empty() {
                return Err(
                    ApiError::invalid("targets", "targetIdentifier must not be empty").into(),
                );
            }
            Ok(Target {
                kind,
                id: t.target_identifier,
            })
        })
        .collect()
}

/// The answer when a target is not a user or department of the pool.
fn unknown_target(t: &Target) -> AppError {
    match t.kind {
        TargetType::User => ApiError::user_not_found().into(),
        TargetType::Department => ApiError::department_not_found().into(),
    }
}

fn ok() -> AppResult<Data<SuccessData>> {
    Ok(Data(SuccessData { success: true }))
}

/// Create a role in a namespace (`default` unless named).
#[utoipa::path(post, path = "/api/v3/create-role", tag = "roles",
    request_body = CreateRoleRequest,
    responses((status = 200, description = "Envelope; data: Role", body = RoleDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateRoleRequest>,
) -> AppResult<Data<RoleDto>> {
    let ns = namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let now = state.clock.now_millis();
    let mut role = new_role(&m.pool_id, &ns, req.code, req.name, req.description, now)?;
    role.disable_time = disable_time(req.disable_time)?;
    state
        .store
        .insert_roles(std::slice::from_ref(&role))
        .await
        .map_err(code_taken)?;
    Ok(Data(to_dto(&role, &ns.name)))
}

/// Create up to 50 roles, all or none.
#[utoipa::path(post, path = "/api/v3/create-roles-batch", tag = "roles",
    request_body = CreateRolesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_roles_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateRolesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    items("list", req.list.len())?;
    let now = state.clock.now_millis();
    let mut roles = Vec::with_capacity(req.list.len());
    for item in req.list {
        let ns = namespace(&state, &m.pool_id, item.namespace.as_deref()).await?;
        roles.push(new_role(
            &m.pool_id,
            &ns,
            item.code,
            item.name,
            item.description,
            now,
        )?);
    }
    state.store.insert_roles(&roles).await.map_err(code_taken)?;
    ok()
}

/// Get one role.
#[utoipa::path(get, path = "/api/v3/get-role", tag = "roles",
    params(RoleCode),
    responses((status = 200, description = "Envelope; data: Role", body = RoleDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<RoleCode>,
) -> AppResult<Data<RoleDto>> {
    let ns = namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let role = find_role(&state, &m.pool_id, &ns, &q.code).await?;
    Ok(Data(to_dto(&role, &ns.name)))
}

/// Page through a namespace's roles, optionally matching a keyword in code or name.
#[utoipa::path(get, path = "/api/v3/list-roles", tag = "roles",
    params(ListRolesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Role[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_roles(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListRolesQuery>,
) -> AppResult<Data<Page<RoleDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let ns = namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let query = RoleQuery {
        namespace: ns.code.clone(),
        keyword: q.keywords,
        offset,
        limit,
    };
    let (total, roles) = state.store.list_roles(&m.pool_id, &query).await?;
    Ok(Data(Page {
        total_count: total,
        list: roles.iter().map(|r| to_dto(r, &ns.name)).collect(),
    }))
}

/// Update a role: code (`newCode`), name, description, status, disable time.
#[utoipa::path(post, path = "/api/v3/update-role", tag = "roles",
    request_body = UpdateRoleRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateRoleRequest>,
) -> AppResult<Data<SuccessData>> {
    let ns = namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let mut role = find_role(&state, &m.pool_id, &ns, &req.code).await?;
    if let Some(code) = req.new_code.filter(|c| !c.is_empty()) {
        validate_code("newCode", "role", &code)?;
        role.code = code;
    }
    if req.name.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        role.name = membership::name(req.name, &role.code)?;
    }
    if req.description.is_some() {
        role.description = membership::description(req.description)?;
    }
    if let Some(s) = req.status {
        role.status = RoleStatus::parse(&s)
            .ok_or_else(|| ApiError::invalid("status", "must be ENABLE or DISABLE"))?;
    }
    if let Some(t) = disable_time(req.disable_time)? {
        role.disable_time = Some(t);
    }
    role.updated_at = state.clock.now_millis();
    if !state.store.update_role(&role).await.map_err(code_taken)? {
        return Err(ApiError::role_not_found().into());
    }
    ok()
}

/// Delete up to 50 roles of a namespace, with their assignments; all must exist.
#[utoipa::path(post, path = "/api/v3/delete-roles-batch", tag = "roles",
    request_body = DeleteRolesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_roles_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteRolesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    items("codeList", req.code_list.len())?;
    let ns = namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let mut ids = Vec::with_capacity(req.code_list.len());
    for code in &req.code_list {
        ids.push(find_role(&state, &m.pool_id, &ns, code).await?.id);
    }
    state.store.delete_roles(&m.pool_id, &ids).await?;
    ok()
}

/// Assign a role to users and departments, optionally between `enableTime` and `endTime`.
#[utoipa::path(post, path = "/api/v3/assign-role", tag = "roles",
    request_body = AssignRoleRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn assign_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<AssignRoleRequest>,
) -> AppResult<Data<SuccessData>> {
    let ns = namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let role = find_role(&state, &m.pool_id, &ns, &req.code).await?;
    let targets = targets(req.targets)?;
    let window = Window::new(req.enable_time, req.end_time)?;
    let now = state.clock.now_millis();
    let ids = [role.id];
    match state
        .store
        .assign_roles(&m.pool_id, &ids, &targets, window, now)
        .await?
    {
        Some(t) => Err(unknown_target(&t)),
        None => ok(),
    }
}

/// Assign several roles to several users and departments, all or none.
#[utoipa::path(post, path = "/api/v3/assign-role-batch", tag = "roles",
    request_body = RoleBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn assign_role_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<RoleBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    items("roles", req.roles.len())?;
    let targets = targets(req.targets)?;
    let ids: Vec<String> = find_roles(&state, &m.pool_id, &req.roles)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let now = state.clock.now_millis();
    match state
        .store
        .assign_roles(&m.pool_id, &ids, &targets, Window::default(), now)
        .await?
    {
        Some(t) => Err(unknown_target(&t)),
        None => ok(),
    }
}

/// Take a role away from users and departments.
#[utoipa::path(post, path = "/api/v3/revoke-role", tag = "roles",
    request_body = RevokeRoleRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn revoke_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<RevokeRoleRequest>,
) -> AppResult<Data<SuccessData>> {
    let ns = namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let role = find_role(&state, &m.pool_id, &ns, &req.code).await?;
    let targets = targets(req.targets)?;
    match state
        .store
        .revoke_roles(&m.pool_id, &[role.id], &targets)
        .await?
    {
        Some(t) => Err(unknown_target(&t)),
        None => ok(),
    }
}

/// Take several roles away from several users and departments, all or none.
#[utoipa::path(post, path = "/api/v3/revoke-role-batch", tag = "roles",
    request_body = RoleBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn revoke_role_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<RoleBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    items("roles", req.roles.len())?;
    let targets = targets(req.targets)?;
    let ids: Vec<String> = find_roles(&state, &m.pool_id, &req.roles)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    match state.store.revoke_roles(&m.pool_id, &ids, &targets).await? {
        Some(t) => Err(unknown_target(&t)),
        None => ok(),
    }
}

/// Page through the users holding a role now (directly; with `withDepartmentMembers` also
/// through their departments).
#[utoipa::path(get, path = "/api/v3/list-role-members", tag = "roles",
    params(ListRoleMembersQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_role_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListRoleMembersQuery>,
) -> AppResult<Data<Page<Value>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let ns = namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let role = find_role(&state, &m.pool_id, &ns, &q.code).await?;
    let query = HoldersQuery {
        role_id: role.id,
        via_departments: q.with_department_members.unwrap_or(false),
        now: state.clock.now_millis(),
        offset,
        limit,
    };
    let (total, users) = state.store.list_role_members(&m.pool_id, &query).await?;
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        flat_custom_data: false,
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
    };
    Ok(Data(Page {
        total_count: total,
        list: users.iter().map(|u| render(u, flags)).collect(),
    }))
}

/// Page through the departments holding a role now.
#[utoipa::path(get, path = "/api/v3/list-role-departments", tag = "roles",
    params(ListRoleDepartmentsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: {id, code, name, description}[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_role_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListRoleDepartmentsQuery>,
) -> AppResult<Data<Page<RoleDepartmentDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let ns = namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let role = find_role(&state, &m.pool_id, &ns, &q.code).await?;
    let query = HoldersQuery {
        role_id: role.id,
        via_departments: false,
        now: state.clock.now_millis(),
        offset,
        limit,
    };
    let (total, depts) = state
        .store
        .list_role_departments(&m.pool_id, &query)
        .await?;
    Ok(Data(Page {
        total_count: total,
        list: depts
            .into_iter()
            .map(|d| RoleDepartmentDto {
                id: d.id,
                code: d.code.unwrap_or_default(),
                name: d.name,
                description: d.description.unwrap_or_default(),
            })
            .collect(),
    }))
}

/// Whether a user holds at least one of the roles now (unknown roles are not held).
#[utoipa::path(post, path = "/api/v3/has-any-role", tag = "roles",
    request_body = HasAnyRoleRequest,
    responses((status = 200, description = "Envelope; data: {hasAnyRole}", body = HasAnyRoleData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn has_any_role(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<HasAnyRoleRequest>,
) -> AppResult<Data<HasAnyRoleData>> {
    items("roles", req.roles.len())?;
    let id_type = req.options.and_then(|o| o.user_id_type);
    let user = membership::member(&state, &m.pool_id, req.user_id, id_type.as_deref()).await?;
    let now = state.clock.now_millis();
    let held = state
        .store
        .user_roles(&m.pool_id, &user.id, None, now)
        .await?;
    let has_any_role = req.roles.iter().any(|want| {
        let ns = want
            .namespace
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_NAMESPACE);
        held.iter()
            .any(|r| r.namespace == ns && r.code == want.code)
    });
    Ok(Data(HasAnyRoleData { has_any_role }))
}

/// The roles a user holds now in a namespace (`default` unless named), directly or through
/// a department.
#[utoipa::path(get, path = "/api/v3/get-user-roles", tag = "roles",
    params(GetUserRolesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Role[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_roles(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetUserRolesQuery>,
) -> AppResult<Data<Page<RoleDto>>> {
    let user = membership::member(&state, &m.pool_id, q.user_id, q.user_id_type.as_deref()).await?;
    let ns = namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let now = state.clock.now_millis();
    let roles = state
        .store
        .user_roles(&m.pool_id, &user.id, Some(&ns.code), now)
        .await?;
    Ok(Data(Page {
        total_count: i64::try_from(roles.len()).unwrap_or(i64::MAX),
        list: roles.iter().map(|r| to_dto(r, &ns.name)).collect(),
    }))
}
