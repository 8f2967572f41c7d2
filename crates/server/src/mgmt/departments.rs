//! Departments (spec §5.3.6): create, get, update (moving included), delete, search, the
//! children and the whole subtree of a department, its parent.
//!
//! Rules: `root` names an organisation's root department in every call; a department moves
//! under any department of its organisation except itself and its own descendants (400
//! `DEPARTMENT_CYCLE`); a department with sub-departments is not deleted (409) — its members
//! are detached when it is; the root department is neither moved nor deleted here.

pub mod lookup;
/// Department views, shared with the API: [`crate::views::department`].
pub use crate::views::department as view;

use super::auth::ManagementCtx;
use super::organizations::optional;
use super::paging::page_window;
use super::users::custom_object;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::department::{Department, DeptIdType, DeptKey, validate_code};
use authgate_proto::Page;
use authgate_proto::departments::{
    CreateDepartmentRequest, DeleteDepartmentRequest, DepartmentDto, GetAllDepartmentsQuery,
    GetDepartmentQuery, GetParentDepartmentQuery, ListChildrenDepartmentsQuery,
    SearchDepartmentsListRequest, SearchDepartmentsRequest, UpdateDepartmentRequest,
};
use authgate_proto::envelope::SuccessData;
use authgate_store::{DeptChange, DeptScope, DeptSort, Order, StoreError, Window};
use axum::Extension;
use axum::extract::State;
use serde_json::Value;

fn dept_conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict { field } => ApiError::department_field_taken(field).into(),
        other => other.into(),
    }
}

/// The wire record of one department, read back after a change.
async fn info_of(
    state: &AppState,
    pool_id: &str,
    id: &str,
) -> Result<authgate_core::department::DepartmentInfo, AppError> {
    state
        .store
        .department_infos(pool_id, &[id.to_string()])
        .await?
        .pop()
        .ok_or_else(|| ApiError::department_not_found().into())
}

/// Sets a code: trimmed, empty clears it, otherwise checked.
fn set_code(slot: &mut Option<String>, v: String) -> Result<(), AppError> {
    *slot = optional(v);
    if let Some(c) = slot.as_deref() {
        validate_code("code", c)?;
    }
    Ok(())
}

/// Create a department under a parent of the organisation.
#[utoipa::path(post, path = "/api/v3/create-department", tag = "organizations",
    request_body = CreateDepartmentRequest,
    responses((status = 200, description = "Envelope; data: Department", body = DepartmentDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateDepartmentRequest>,
) -> AppResult<Data<DepartmentDto>> {
    if req.is_virtual_node == Some(true) {
        return Err(ApiError::not_implemented("isVirtualNode").into());
    }
    let org = lookup::organization(&state, &m.pool_id, &req.organization_code).await?;
    let parent = lookup::department(
        &state,
        &org.org,
        req.department_id_type.as_deref(),
        &req.parent_department_id,
        "parentDepartmentId",
    )
    .await?;
    let now = state.clock.now_millis();
    let mut dept = Department {
        id: authgate_core::ids::new_id()?,
        pool_id: m.pool_id.clone(),
        org_id: org.org.id.clone(),
        parent_id: Some(parent.id),
        code: None,
        open_department_id: req.open_department_id.and_then(optional),
        name: req.name.trim().to_string(),
        description: req.description.and_then(optional),
        status: true,
        custom_data: custom_object("customData", req.custom_data)?.unwrap_or_default(),
        created_at: now,
        updated_at: now,
    };
    if let Some(c) = req.code {
        set_code(&mut dept.code, c)?;
    }
    dept.validate()?;
    state
        .store
        .create_department(&dept)
        .await
        .map_err(dept_conflict)?;
    let info = info_of(&state, &m.pool_id, &dept.id).await?;
    Ok(Data(view::department(&info, true)))
}

/// One department, by id (of any `departmentIdType`) or by `departmentCode`.
#[utoipa::path(get, path = "/api/v3/get-department", tag = "organizations",
    params(GetDepartmentQuery),
    responses((status = 200, description = "Envelope; data: Department", body = DepartmentDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetDepartmentQuery>,
) -> AppResult<Data<Value>> {
    let key = match (q.department_id.as_deref(), q.department_code.as_deref()) {
        (Some(id), _) if !id.trim().is_empty() => DeptKey::new(
            DeptIdType::from_wire(q.department_id_type.as_deref())?,
            id,
            "departmentId",
        )?,
        (_, Some(code)) if !code.trim().is_empty() => {
            DeptKey::new(DeptIdType::Code, code, "departmentCode")?
        }
        _ => return Err(ApiError::missing("departmentId").into()),
    };
    let dept = match (q.organization_code.as_deref(), &key) {
        (Some(code), _) if !code.trim().is_empty() => {
            let org = lookup::organization(&state, &m.pool_id, code).await?;
            lookup::department_by_key(&state, &org.org, &key).await?
        }
        // A server id is unique in the pool: no organisation needed.
        (_, DeptKey::Id(id)) => state
            .store
            .department_by_id(&m.pool_id, id)
            .await?
            .ok_or_else(ApiError::department_not_found)?,
        _ => return Err(ApiError::missing("organizationCode").into()),
    };
    let info = info_of(&state, &m.pool_id, &dept.id).await?;
    Ok(Data(view::department_json(
        &info,
        q.with_custom_data.unwrap_or(false),
        q.flat_custom_data.unwrap_or(false),
    )))
}

/// Update a department; a new `parentDepartmentId` moves it (with its subtree).
#[utoipa::path(post, path = "/api/v3/update-department", tag = "organizations",
    request_body = UpdateDepartmentRequest,
    responses((status = 200, description = "Envelope; data: Department", body = DepartmentDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateDepartmentRequest>,
) -> AppResult<Data<DepartmentDto>> {
    let id_type = req.department_id_type.as_deref();
    let (org, mut dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &req.organization_code,
        id_type,
        &req.department_id,
    )
    .await?;
    if let Some(p) = req
        .parent_department_id
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        let parent = lookup::department(&state, &org.org, id_type, p, "parentDepartmentId").await?;
        if dept.is_root() {
            return Err(ApiError::root_department_fixed("moved").into());
        }
        if parent.id == dept.id {
            return Err(ApiError::department_cycle().into());
        }
        dept.parent_id = Some(parent.id);
    }
    let leaders = match &req.leader_user_ids {
        Some(ids) => Some(lookup::user_ids(&state, &m.pool_id, "leaderUserIds", ids, true).await?),
        None => None,
    };
    if let Some(n) = req.name {
        dept.name = n.trim().to_string();
    }
    if let Some(c) = req.code {
        set_code(&mut dept.code, c)?;
    }
    if let Some(d) = req.description {
        dept.description = optional(d);
    }
    if let Some(s) = req.status {
        dept.status = s;
    }
    if let Some(extra) = custom_object("customData", req.custom_data)? {
        dept.custom_data.extend(extra);
    }
    dept.validate()?;
    let now = state.clock.now_millis();
    dept.updated_at = now;
    match state
        .store
        .update_department(&dept)
        .await
        .map_err(dept_conflict)?
    {
        DeptChange::Done => {}
        DeptChange::Cycle => return Err(ApiError::department_cycle().into()),
        _ => return Err(ApiError::department_not_found().into()),
    }
    if let Some(ids) = leaders {
        state.store.set_leaders(&dept.id, &ids, now).await?;
    }
    let info = info_of(&state, &m.pool_id, &dept.id).await?;
    Ok(Data(view::department(&info, true)))
}

/// Delete a department that has no sub-departments; its members are detached.
#[utoipa::path(post, path = "/api/v3/delete-department", tag = "organizations",
    request_body = DeleteDepartmentRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteDepartmentRequest>,
) -> AppResult<Data<SuccessData>> {
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &req.organization_code,
        req.department_id_type.as_deref(),
        &req.department_id,
    )
    .await?;
    if dept.is_root() {
        return Err(ApiError::root_department_fixed("deleted").into());
    }
    match state.store.delete_department(&m.pool_id, &dept.id).await? {
        DeptChange::Done => Ok(Data(SuccessData { success: true })),
        DeptChange::HasChildren => Err(ApiError::department_has_children().into()),
        _ => Err(ApiError::department_not_found().into()),
    }
}

async fn listing(
    state: &AppState,
    pool_id: &str,
    scope: DeptScope,
    sort: DeptSort,
    window: Option<Window>,
    with_custom: bool,
) -> AppResult<(i64, Vec<DepartmentDto>)> {
    let (total, list) = state
        .store
        .list_departments(pool_id, &scope, sort, window)
        .await?;
    let list = list
        .iter()
        .map(|i| view::department(i, with_custom))
        .collect();
    Ok((total, list))
}

/// Every department of the organisation whose name or code contains the keyword
/// (deprecated; bare list).
#[utoipa::path(post, path = "/api/v3/search-departments", tag = "organizations",
    request_body = SearchDepartmentsRequest,
    responses((status = 200, description = "Envelope; data: Department[]", body = [DepartmentDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn search_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<SearchDepartmentsRequest>,
) -> AppResult<Data<Vec<DepartmentDto>>> {
    let org = lookup::organization(&state, &m.pool_id, &req.organization_code).await?;
    let scope = DeptScope::Search {
        org_id: org.org.id,
        keyword: req.keywords,
    };
    let with_custom = req.with_custom_data.unwrap_or(false);
    let (_, list) = listing(
        &state,
        &m.pool_id,
        scope,
        DeptSort::Natural,
        None,
        with_custom,
    )
    .await?;
    Ok(Data(list))
}

fn order_of(v: &str, name: &str) -> Result<Order, AppError> {
    match v.to_ascii_lowercase().as_str() {
        "asc" => Ok(Order::Asc),
        "desc" => Ok(Order::Desc),
        _ => Err(ApiError::invalid(name, "must be asc or desc").into()),
    }
}

fn list_sort(req: &SearchDepartmentsListRequest) -> Result<DeptSort, AppError> {
    let (field, order) = match (req.sort.as_ref().and_then(|s| s.first()), &req.sort_by) {
        (Some(s), _) => (s.field.as_str(), order_of(&s.order, "sort.order")?),
        (None, Some(f)) => (
            f.as_str(),
            order_of(req.order_by.as_deref().unwrap_or("DESC"), "orderBy")?,
        ),
        (None, None) => return Ok(DeptSort::Natural),
    };
    match field {
        "createdAt" => Ok(DeptSort::CreatedAt(order)),
        "updatedAt" => Ok(DeptSort::UpdatedAt(order)),
        "name" => Ok(DeptSort::Name(order)),
        other => Err(ApiError::invalid("sort.field", format!("cannot sort by '{other}'")).into()),
    }
}

/// Page through an organisation's departments (bare list, limit ≤ 50).
#[utoipa::path(post, path = "/api/v3/search-departments-list", tag = "organizations",
    request_body = SearchDepartmentsListRequest,
    responses((status = 200, description = "Envelope; data: Department[]", body = [DepartmentDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn search_departments_list(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<SearchDepartmentsListRequest>,
) -> AppResult<Data<Vec<DepartmentDto>>> {
    if req.advanced_filter.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(ApiError::not_implemented("search-departments-list advancedFilter").into());
    }
    let (offset, limit) = page_window(req.page, req.limit)?;
    let sort = list_sort(&req)?;
    let org = lookup::organization(&state, &m.pool_id, &req.organization_code).await?;
    let scope = DeptScope::Search {
        org_id: org.org.id,
        keyword: String::new(),
    };
    let with_custom = req.with_custom_data.unwrap_or(false);
    let window = Some(Window { offset, limit });
    let (_, list) = listing(&state, &m.pool_id, scope, sort, window, with_custom).await?;
    Ok(Data(list))
}

/// The direct children of a department, by name.
#[utoipa::path(get, path = "/api/v3/list-children-departments", tag = "organizations",
    params(ListChildrenDepartmentsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Department[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_children_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListChildrenDepartmentsQuery>,
) -> AppResult<Data<Page<DepartmentDto>>> {
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &q.organization_code,
        q.department_id_type.as_deref(),
        &q.department_id,
    )
    .await?;
    if q.only_virtual_node == Some(true) {
        return Ok(Data(Page {
            total_count: 0,
            list: Vec::new(),
        }));
    }
    let scope = DeptScope::Children {
        parent_id: dept.id,
        status: q.status,
    };
    let with_custom = q.with_custom_data.unwrap_or(false);
    let (total_count, list) = listing(
        &state,
        &m.pool_id,
        scope,
        DeptSort::Natural,
        None,
        with_custom,
    )
    .await?;
    Ok(Data(Page { total_count, list }))
}

/// Every department below a department (default `root`), shallowest first.
#[utoipa::path(get, path = "/api/v3/get-all-departments", tag = "organizations",
    params(GetAllDepartmentsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Department[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_all_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetAllDepartmentsQuery>,
) -> AppResult<Data<Page<DepartmentDto>>> {
    let id = q.department_id.unwrap_or_else(|| "root".into());
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &q.organization_code,
        q.department_id_type.as_deref(),
        &id,
    )
    .await?;
    let scope = DeptScope::Descendants { root_id: dept.id };
    let with_custom = q.with_custom_data.unwrap_or(false);
    let (total_count, list) = listing(
        &state,
        &m.pool_id,
        scope,
        DeptSort::Natural,
        None,
        with_custom,
    )
    .await?;
    Ok(Data(Page { total_count, list }))
}

/// The parent of a department (`data` is absent for a root department).
#[utoipa::path(get, path = "/api/v3/get-parent-department", tag = "organizations",
    params(GetParentDepartmentQuery),
    responses((status = 200, description = "Envelope; data: Department or none", body = DepartmentDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_parent_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetParentDepartmentQuery>,
) -> AppResult<Data<Option<DepartmentDto>>> {
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &q.organization_code,
        q.department_id_type.as_deref(),
        &q.department_id,
    )
    .await?;
    let Some(parent) = dept.parent_id else {
        return Ok(Data(None));
    };
    let info = info_of(&state, &m.pool_id, &parent).await?;
    Ok(Data(Some(view::department(
        &info,
        q.with_custom_data.unwrap_or(false),
    ))))
}
