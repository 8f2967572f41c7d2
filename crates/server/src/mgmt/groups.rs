//! Group management (spec §5.3.5) and the user's groups (§5.3.2). Groups have no custom
//! fields in authgate: `customData` is accepted only when empty.

use super::auth::ManagementCtx;
use super::membership::{self, items};
use super::paging::page_window;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_view::{ViewFlags, render, to_dto};
use crate::views::group::group_dto;
use authgate_core::ApiError;
use authgate_core::code::validate_code;
use authgate_core::group::{DEFAULT_GROUP_TYPE, Group};
use authgate_core::ids;
use authgate_proto::groups::{
    CreateGroupRequest, CreateGroupsBatchRequest, CreateOrUpdateGroupData,
    DeleteGroupsBatchRequest, GetAllGroupsQuery, GetGroupQuery, GetUserGroupsQuery, GroupDto,
    GroupMembersRequest, ListGroupMembersQuery, ListGroupsQuery, UpdateGroupRequest,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::{GroupQuery, StoreError};
use axum::Extension;
use axum::extract::State;
use serde_json::Value;

/// Longest group type accepted.
const MAX_TYPE: usize = 64;

/// Group `code` of the pool; 404 when there is none.
async fn find_group(state: &AppState, pool_id: &str, code: &str) -> AppResult<Group> {
    if code.is_empty() {
        return Err(ApiError::invalid("code", "must not be empty").into());
    }
    state
        .store
        .get_group(pool_id, code)
        .await?
        .ok_or_else(|| ApiError::group_not_found().into())
}

/// A code clash is the pool's, everything else stays a store failure.
fn code_taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict { .. } => ApiError::group_code_taken().into(),
        other => other.into(),
    }
}

/// Only an empty `customData` is accepted: groups have no custom fields to fill.
fn no_custom_data(v: Option<&Value>) -> AppResult<()> {
    match v {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(m)) if m.is_empty() => Ok(()),
        Some(_) => Err(ApiError::invalid(
            "customData",
            "no custom fields are defined for groups in this user pool",
        )
        .into()),
    }
}

fn group_type(v: Option<String>) -> AppResult<String> {
    let t = v
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_GROUP_TYPE.to_string());
    if t.chars().count() > MAX_TYPE {
        return Err(ApiError::invalid("type", format!("at most {MAX_TYPE} characters")).into());
    }
    Ok(t)
}

/// A new group of the pool (validated).
fn new_group(pool_id: &str, req: CreateGroupRequest, now: i64) -> AppResult<Group> {
    validate_code("code", "group", &req.code)?;
    no_custom_data(req.custom_data.as_ref())?;
    Ok(Group {
        id: ids::new_id()?,
        pool_id: pool_id.to_string(),
        name: membership::name(req.name, &req.code)?,
        code: req.code,
        description: membership::description(req.description)?,
        group_type: group_type(req.group_type)?,
        created_at: now,
        updated_at: now,
    })
}

/// Create a group.
#[utoipa::path(post, path = "/api/v3/create-group", tag = "groups",
    request_body = CreateGroupRequest,
    responses((status = 200, description = "Envelope; data: Group", body = GroupDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_group(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateGroupRequest>,
) -> AppResult<Data<GroupDto>> {
    let group = new_group(&m.pool_id, req, state.clock.now_millis())?;
    state
        .store
        .insert_groups(std::slice::from_ref(&group))
        .await
        .map_err(code_taken)?;
    Ok(Data(group_dto(&group, false)))
}

/// Create a group, or update the name, description and type of the one with this code.
#[utoipa::path(post, path = "/api/v3/create-or-update-group", tag = "groups",
    request_body = CreateGroupRequest,
    responses((status = 200, description = "Envelope; data: {created, data: Group}", body = CreateOrUpdateGroupData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_or_update_group(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateGroupRequest>,
) -> AppResult<Data<CreateOrUpdateGroupData>> {
    let now = state.clock.now_millis();
    let new = new_group(&m.pool_id, req, now)?;
    let Some(mut group) = state.store.get_group(&m.pool_id, &new.code).await? else {
        state
            .store
            .insert_groups(std::slice::from_ref(&new))
            .await
            .map_err(code_taken)?;
        return Ok(Data(CreateOrUpdateGroupData {
            created: true,
            data: group_dto(&new, false),
        }));
    };
    group.name = new.name;
    group.description = new.description;
    group.group_type = new.group_type;
    group.updated_at = now;
    if !state.store.update_group(&group).await.map_err(code_taken)? {
        return Err(ApiError::group_not_found().into());
    }
    Ok(Data(CreateOrUpdateGroupData {
        created: false,
        data: group_dto(&group, false),
    }))
}

/// Create up to 50 groups, all or none.
#[utoipa::path(post, path = "/api/v3/create-groups-batch", tag = "groups",
    request_body = CreateGroupsBatchRequest,
    responses((status = 200, description = "Envelope; data: Group[]", body = [GroupDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_groups_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateGroupsBatchRequest>,
) -> AppResult<Data<Vec<GroupDto>>> {
    items("list", req.list.len())?;
    let now = state.clock.now_millis();
    let groups = req
        .list
        .into_iter()
        .map(|g| new_group(&m.pool_id, g, now))
        .collect::<AppResult<Vec<_>>>()?;
    state
        .store
        .insert_groups(&groups)
        .await
        .map_err(code_taken)?;
    Ok(Data(groups.iter().map(|g| group_dto(g, false)).collect()))
}

/// Get one group.
#[utoipa::path(get, path = "/api/v3/get-group", tag = "groups",
    params(GetGroupQuery),
    responses((status = 200, description = "Envelope; data: Group", body = GroupDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_group(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetGroupQuery>,
) -> AppResult<Data<GroupDto>> {
    let group = find_group(&state, &m.pool_id, &q.code).await?;
    Ok(Data(group_dto(&group, q.with_custom_data.unwrap_or(false))))
}

/// Page through the pool's groups, optionally matching a keyword in code or name.
#[utoipa::path(get, path = "/api/v3/list-groups", tag = "groups",
    params(ListGroupsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Group[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_groups(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListGroupsQuery>,
) -> AppResult<Data<Page<GroupDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let query = GroupQuery {
        keyword: q.keywords,
        offset,
        limit,
    };
    let (total, groups) = state.store.list_groups(&m.pool_id, &query).await?;
    let custom = q.with_custom_data.unwrap_or(false);
    Ok(Data(Page {
        total_count: total,
        list: groups.iter().map(|g| group_dto(g, custom)).collect(),
    }))
}

/// Every group of the pool (with `fetchMembers`, each with its members).
#[utoipa::path(get, path = "/api/v3/get-all-groups", tag = "groups",
    params(GetAllGroupsQuery),
    responses((status = 200, description = "Envelope; data: Group[]", body = [GroupDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_all_groups(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetAllGroupsQuery>,
) -> AppResult<Data<Vec<GroupDto>>> {
    let all = GroupQuery {
        keyword: None,
        offset: 0,
        limit: i64::MAX,
    };
    let (_, groups) = state.store.list_groups(&m.pool_id, &all).await?;
    let custom = q.with_custom_data.unwrap_or(false);
    let mut out = Vec::with_capacity(groups.len());
    for g in &groups {
        let mut dto = group_dto(g, custom);
        if q.fetch_members.unwrap_or(false) {
            let (_, users) = state
                .store
                .list_group_members(&m.pool_id, &g.id, 0, i64::MAX)
                .await?;
            dto.members = users
                .iter()
                .map(|u| to_dto(u, ViewFlags::default()))
                .collect();
        }
        out.push(dto);
    }
    Ok(Data(out))
}

/// Update a group: code (`newCode`), name, description.
#[utoipa::path(post, path = "/api/v3/update-group", tag = "groups",
    request_body = UpdateGroupRequest,
    responses((status = 200, description = "Envelope; data: Group", body = GroupDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_group(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateGroupRequest>,
) -> AppResult<Data<GroupDto>> {
    no_custom_data(req.custom_data.as_ref())?;
    let mut group = find_group(&state, &m.pool_id, &req.code).await?;
    if let Some(code) = req.new_code.filter(|c| !c.is_empty()) {
        validate_code("newCode", "group", &code)?;
        group.code = code;
    }
    if req.name.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        group.name = membership::name(req.name, &group.code)?;
    }
    if req.description.is_some() {
        group.description = membership::description(req.description)?;
    }
    group.updated_at = state.clock.now_millis();
    if !state.store.update_group(&group).await.map_err(code_taken)? {
        return Err(ApiError::group_not_found().into());
    }
    Ok(Data(group_dto(&group, false)))
}

/// Delete up to 50 groups with their memberships; unknown codes are ignored.
#[utoipa::path(post, path = "/api/v3/delete-groups-batch", tag = "groups",
    request_body = DeleteGroupsBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_groups_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteGroupsBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    items("codeList", req.code_list.len())?;
    state
        .store
        .delete_groups(&m.pool_id, &req.code_list)
        .await?;
    Ok(Data(SuccessData { success: true }))
}

/// The group and user ids of a membership change (validated).
async fn membership_change(
    state: &AppState,
    pool_id: &str,
    req: &GroupMembersRequest,
) -> AppResult<Group> {
    if req.code.is_empty() {
        return Err(ApiError::invalid("code", "must not be empty").into());
    }
    items("userIds", req.user_ids.len())?;
    if req.user_ids.iter().any(|id| id.trim().is_empty()) {
        return Err(ApiError::invalid("userIds", "ids must not be empty").into());
    }
    find_group(state, pool_id, &req.code).await
}

/// Add users (by id) to a group, all or none.
#[utoipa::path(post, path = "/api/v3/add-group-members", tag = "groups",
    request_body = GroupMembersRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn add_group_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<GroupMembersRequest>,
) -> AppResult<Data<SuccessData>> {
    let group = membership_change(&state, &m.pool_id, &req).await?;
    let now = state.clock.now_millis();
    match state
        .store
        .add_group_members(&m.pool_id, &group.id, &req.user_ids, now)
        .await?
    {
        Some(_) => Err(ApiError::user_not_found().into()),
        None => Ok(Data(SuccessData { success: true })),
    }
}

/// Remove users (by id) from a group, all or none.
#[utoipa::path(post, path = "/api/v3/remove-group-members", tag = "groups",
    request_body = GroupMembersRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn remove_group_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<GroupMembersRequest>,
) -> AppResult<Data<SuccessData>> {
    let group = membership_change(&state, &m.pool_id, &req).await?;
    match state
        .store
        .remove_group_members(&m.pool_id, &group.id, &req.user_ids)
        .await?
    {
        Some(_) => Err(ApiError::user_not_found().into()),
        None => Ok(Data(SuccessData { success: true })),
    }
}

/// Page through a group's members.
#[utoipa::path(get, path = "/api/v3/list-group-members", tag = "groups",
    params(ListGroupMembersQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: User[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_group_members(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListGroupMembersQuery>,
) -> AppResult<Data<Page<Value>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let group = find_group(&state, &m.pool_id, &q.code).await?;
    let (total, users) = state
        .store
        .list_group_members(&m.pool_id, &group.id, offset, limit)
        .await?;
    let flags = ViewFlags {
        custom_data: q.with_custom_data.unwrap_or(false),
        flat_custom_data: q.flat_custom_data.unwrap_or(false),
        identities: q.with_identities.unwrap_or(false),
        department_ids: q.with_department_ids.unwrap_or(false),
    };
    Ok(Data(Page {
        total_count: total,
        list: users.iter().map(|u| render(u, flags)).collect(),
    }))
}

/// The groups a user is a member of.
#[utoipa::path(get, path = "/api/v3/get-user-groups", tag = "groups",
    params(GetUserGroupsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Group[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_groups(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetUserGroupsQuery>,
) -> AppResult<Data<Page<GroupDto>>> {
    let user = membership::member(&state, &m.pool_id, q.user_id, q.user_id_type.as_deref()).await?;
    let groups = state.store.user_groups(&m.pool_id, &user.id).await?;
    Ok(Data(Page {
        total_count: i64::try_from(groups.len()).unwrap_or(i64::MAX),
        list: groups.iter().map(|g| group_dto(g, false)).collect(),
    }))
}
