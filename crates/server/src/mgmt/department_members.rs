//! Department members (spec §5.3.6) and a user's departments (§5.3.2).
//!
//! Membership calls take server user ids, all checked to be users of the pool first (one
//! unknown id refuses the whole call). `set-user-departments` replaces the user's whole set;
//! departments kept keep their join time.

use super::auth::ManagementCtx;
use super::departments::{lookup, view};
use super::paging::page_window;
use super::users::{find_user, user_key};
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_view::ViewFlags;
use crate::views::sorting::{order, user_dept_sort};
use authgate_core::ApiError;
use authgate_proto::Page;
use authgate_proto::departments::{
    DepartmentMembersRequest, GetUserDepartmentsQuery, IsUserInDepartmentData,
    IsUserInDepartmentQuery, ListDepartmentMemberIdsQuery, ListDepartmentMembersQuery,
    SearchDepartmentMembersQuery, SetUserDepartmentsRequest, UserDepartmentDto,
};
use authgate_proto::envelope::SuccessData;
use authgate_store::{MemberQuery, MemberSort, MembershipSpec, Order, Window};
use axum::Extension;
use axum::extract::State;
use serde_json::Value;

/// The members of a department (or of its subtree) on the wire.
struct MemberPage<'a> {
    org_code: &'a str,
    department_id: &'a str,
    id_type: Option<&'a str>,
    include_children: Option<bool>,
    keyword: Option<String>,
    sort: MemberSort,
    page: Option<i64>,
    limit: Option<i64>,
    flags: ViewFlags,
}

async fn members(
    state: &AppState,
    pool_id: &str,
    p: MemberPage<'_>,
) -> AppResult<Data<Page<Value>>> {
    let (offset, limit) = page_window(p.page, p.limit)?;
    let (_, dept) =
        lookup::org_and_department(state, pool_id, p.org_code, p.id_type, p.department_id).await?;
    let query = MemberQuery {
        dept_id: dept.id,
        include_children: p.include_children.unwrap_or(false),
        keyword: p.keyword,
        sort: p.sort,
        window: Window { offset, limit },
    };
    let (total, users) = state.store.list_members(pool_id, &query).await?;
    Ok(Data(Page {
        total_count: total,
        list: view::users(state, &users, p.flags).await?,
    }))
}

fn flags(custom: Option<bool>, identities: Option<bool>, departments: Option<bool>) -> ViewFlags {
    ViewFlags {
        custom_data: custom.unwrap_or(false),
        flat_custom_data: false,
        identities: identities.unwrap_or(false),
        department_ids: departments.unwrap_or(false),
    }
}

/// Page through a department's members (with `includeChildrenDepartments`, its subtree's).
#[utoipa::path(get, path = "/api/v3/list-department-members", tag = "organizations",
    params(ListDepartmentMembersQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_department_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListDepartmentMembersQuery>,
) -> AppResult<Data<Page<Value>>> {
    let o = order(q.order_by.as_deref())?;
    let sort = match q.sort_by.as_deref().unwrap_or("JoinDepartmentAt") {
        "Default" | "JoinDepartmentAt" | "" => MemberSort::JoinedAt(o),
        "userId" => MemberSort::UserId(o),
        "createAt" | "createdAt" => MemberSort::CreatedAt(o),
        "updatedAt" => MemberSort::UpdatedAt(o),
        other => {
            return Err(ApiError::invalid("sortBy", format!("cannot sort by '{other}'")).into());
        }
    };
    let page = MemberPage {
        org_code: &q.organization_code,
        department_id: &q.department_id,
        id_type: q.department_id_type.as_deref(),
        include_children: q.include_children_departments,
        keyword: None,
        sort,
        page: q.page,
        limit: q.limit,
        flags: flags(q.with_custom_data, q.with_identities, q.with_department_ids),
    };
    members(&state, &m.pool_id, page).await
}

/// Search a department's members (optionally its subtree's) by a keyword.
#[utoipa::path(get, path = "/api/v3/search-department-members", tag = "organizations",
    params(SearchDepartmentMembersQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn search_department_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<SearchDepartmentMembersQuery>,
) -> AppResult<Data<Page<Value>>> {
    let page = MemberPage {
        org_code: &q.organization_code,
        department_id: &q.department_id,
        id_type: q.department_id_type.as_deref(),
        include_children: q.include_children_departments,
        keyword: Some(q.keywords.clone()),
        sort: MemberSort::JoinedAt(Order::Desc),
        page: q.page,
        limit: q.limit,
        flags: flags(q.with_custom_data, q.with_identities, q.with_department_ids),
    };
    members(&state, &m.pool_id, page).await
}

/// The ids of a department's direct members (bare list).
#[utoipa::path(get, path = "/api/v3/list-department-member-ids", tag = "organizations",
    params(ListDepartmentMemberIdsQuery),
    responses((status = 200, description = "Envelope; data: string[]", body = [String])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_department_member_ids(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListDepartmentMemberIdsQuery>,
) -> AppResult<Data<Vec<String>>> {
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &q.organization_code,
        q.department_id_type.as_deref(),
        &q.department_id,
    )
    .await?;
    Ok(Data(state.store.member_ids(&dept.id).await?))
}

/// The department and the checked users of an add/remove call.
async fn membership_call(
    state: &AppState,
    pool_id: &str,
    req: &DepartmentMembersRequest,
) -> Result<(String, Vec<String>), AppError> {
    let (_, dept) = lookup::org_and_department(
        state,
        pool_id,
        &req.organization_code,
        req.department_id_type.as_deref(),
        &req.department_id,
    )
    .await?;
    let users = lookup::user_ids(state, pool_id, "userIds", &req.user_ids, false).await?;
    Ok((dept.id, users))
}

/// Add up to 50 users to a department (members already in stay as they are).
#[utoipa::path(post, path = "/api/v3/add-department-members", tag = "organizations",
    request_body = DepartmentMembersRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn add_department_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DepartmentMembersRequest>,
) -> AppResult<Data<SuccessData>> {
    let (dept, users) = membership_call(&state, &m.pool_id, &req).await?;
    let now = state.clock.now_millis();
    state.store.add_members(&dept, &users, now).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Remove up to 50 users from a department (users not in it are ignored).
#[utoipa::path(post, path = "/api/v3/remove-department-members", tag = "organizations",
    request_body = DepartmentMembersRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn remove_department_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DepartmentMembersRequest>,
) -> AppResult<Data<SuccessData>> {
    let (dept, users) = membership_call(&state, &m.pool_id, &req).await?;
    state.store.remove_members(&dept, &users).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Whether a user is in a department (with `includeChildrenDepartments`, or below it).
#[utoipa::path(get, path = "/api/v3/is-user-in-department", tag = "organizations",
    params(IsUserInDepartmentQuery),
    responses((status = 200, description = "Envelope; data: {inDepartment}", body = IsUserInDepartmentData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn is_user_in_department(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<IsUserInDepartmentQuery>,
) -> AppResult<Data<IsUserInDepartmentData>> {
    let (_, dept) = lookup::org_and_department(
        &state,
        &m.pool_id,
        &q.organization_code,
        q.department_id_type.as_deref(),
        &q.department_id,
    )
    .await?;
    let key = user_key(q.user_id, None)?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let in_department = state
        .store
        .is_member(
            &dept.id,
            &user.id,
            q.include_children_departments.unwrap_or(false),
        )
        .await?;
    Ok(Data(IsUserInDepartmentData { in_department }))
}

/// Page through a user's departments.
#[utoipa::path(get, path = "/api/v3/get-user-departments", tag = "users",
    params(GetUserDepartmentsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: UserDepartment[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetUserDepartmentsQuery>,
) -> AppResult<Data<Page<UserDepartmentDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let sort = user_dept_sort(q.sort_by.as_deref(), q.order_by.as_deref())?;
    let key = user_key(q.user_id, q.user_id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let (total, list) = state
        .store
        .user_memberships(&user.id, sort, Window { offset, limit })
        .await?;
    let with_custom = q.with_custom_data.unwrap_or(false);
    let mut out = Vec::with_capacity(list.len());
    for mship in &list {
        let mut dto = view::user_department(mship, with_custom);
        if q.with_department_paths == Some(true) {
            let path = state
                .store
                .department_path(&m.pool_id, &mship.dept.id)
                .await?;
            dto.department_id_path = Some(path.iter().map(|d| d.id.clone()).collect());
            dto.department_code_path = Some(
                path.iter()
                    .map(|d| d.code.clone().unwrap_or_default())
                    .collect(),
            );
            dto.department_name_path = Some(path.iter().map(|d| d.name.clone()).collect());
        }
        out.push(dto);
    }
    Ok(Data(Page {
        total_count: total,
        list: out,
    }))
}

/// Replace a user's departments (server department ids; at most one main department).
#[utoipa::path(post, path = "/api/v3/set-user-departments", tag = "users",
    request_body = SetUserDepartmentsRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn set_user_departments(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<SetUserDepartmentsRequest>,
) -> AppResult<Data<SuccessData>> {
    let id_type = req.options.and_then(|o| o.user_id_type);
    let key = user_key(req.user_id, id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    if req.departments.len() > lookup::MAX_USERS {
        return Err(ApiError::invalid(
            "departments",
            format!("at most {} departments", lookup::MAX_USERS),
        )
        .into());
    }
    if req
        .departments
        .iter()
        .filter(|d| d.is_main_department == Some(true))
        .count()
        > 1
    {
        return Err(ApiError::invalid("departments", "at most one main department").into());
    }
    let mut set: Vec<MembershipSpec> = Vec::with_capacity(req.departments.len());
    for item in &req.departments {
        let id = item.department_id.trim();
        if id.is_empty() {
            return Err(ApiError::missing("departments.departmentId").into());
        }
        if set.iter().any(|s| s.dept_id == id) {
            return Err(ApiError::invalid("departments", format!("'{id}' is listed twice")).into());
        }
        let dept = state
            .store
            .department_by_id(&m.pool_id, id)
            .await?
            .ok_or_else(ApiError::department_not_found)?;
        set.push(MembershipSpec {
            dept_id: dept.id,
            is_leader: item.is_leader.unwrap_or(false),
            is_main: item.is_main_department.unwrap_or(false),
        });
    }
    let now = state.clock.now_millis();
    state
        .store
        .set_user_departments(&user.id, &set, now)
        .await?;
    Ok(Data(SuccessData { success: true }))
}
