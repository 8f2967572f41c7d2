//! Organisations (spec §5.3.6): the roots of department trees. An organisation is created
//! together with its root department, which carries its open id, custom data and leaders.

use super::auth::ManagementCtx;
use super::departments::{lookup, view};
use super::paging::page_window;
use super::users::batch_size;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::department::{
    Department, Organization, OrganizationInfo, validate_code, validate_name, validate_open_id,
};
use authgate_proto::Page;
use authgate_proto::departments::{
    CreateOrganizationRequest, DeleteOrganizationRequest, GetOrganizationBatchQuery,
    GetOrganizationQuery, ListOrganizationsQuery, OrganizationDto, SearchOrganizationsQuery,
    UpdateOrganizationRequest,
};
use authgate_proto::envelope::SuccessData;
use authgate_store::{StoreError, Window};
use axum::Extension;
use axum::extract::State;
use serde_json::Map;

/// Conflicts of organisation writes: the code, or the root department's open id.
fn org_conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict {
            field: "organizationCode",
        } => ApiError::organization_code_taken().into(),
        StoreError::Conflict { field } => ApiError::department_field_taken(field).into(),
        other => other.into(),
    }
}

/// An empty string clears an optional value; anything else sets it (trimmed).
pub(super) fn optional(v: String) -> Option<String> {
    Some(v.trim().to_string()).filter(|s| !s.is_empty())
}

async fn reload(state: &AppState, pool_id: &str, code: &str) -> AppResult<OrganizationInfo> {
    lookup::organization(state, pool_id, code).await
}

/// Create an organisation (and its root department).
#[utoipa::path(post, path = "/api/v3/create-organization", tag = "organizations",
    request_body = CreateOrganizationRequest,
    responses((status = 200, description = "Envelope; data: Organization", body = OrganizationDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_organization(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateOrganizationRequest>,
) -> AppResult<Data<OrganizationDto>> {
    let code = req.organization_code.trim().to_string();
    validate_code("organizationCode", &code)?;
    let name = req.organization_name.trim().to_string();
    validate_name("organizationName", &name)?;
    let open_id = req.open_department_id.and_then(optional);
    if let Some(o) = &open_id {
        validate_open_id("openDepartmentId", o)?;
    }
    let now = state.clock.now_millis();
    let org = Organization {
        id: authgate_core::ids::new_id()?,
        pool_id: m.pool_id.clone(),
        code,
        name: name.clone(),
        description: req.description.and_then(optional),
        status: true,
        root_department_id: authgate_core::ids::new_id()?,
        created_at: now,
        updated_at: now,
    };
    let root = Department {
        id: org.root_department_id.clone(),
        pool_id: m.pool_id.clone(),
        org_id: org.id.clone(),
        parent_id: None,
        code: None,
        open_department_id: open_id,
        name,
        description: org.description.clone(),
        status: true,
        custom_data: Map::new(),
        created_at: now,
        updated_at: now,
    };
    root.validate()?;
    state
        .store
        .create_organization(&org, &root)
        .await
        .map_err(org_conflict)?;
    let info = reload(&state, &m.pool_id, &org.code).await?;
    Ok(Data(view::organization(&info, false)))
}

/// One organisation by code.
#[utoipa::path(get, path = "/api/v3/get-organization", tag = "organizations",
    params(GetOrganizationQuery),
    responses((status = 200, description = "Envelope; data: Organization", body = OrganizationDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_organization(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetOrganizationQuery>,
) -> AppResult<Data<OrganizationDto>> {
    let info = reload(&state, &m.pool_id, &q.organization_code).await?;
    Ok(Data(view::organization(
        &info,
        q.with_custom_data.unwrap_or(false),
    )))
}

/// Up to 50 organisations by code; unknown codes are left out, order follows the request.
#[utoipa::path(get, path = "/api/v3/get-organization-batch", tag = "organizations",
    params(GetOrganizationBatchQuery),
    responses((status = 200, description = "Envelope; data: Organization[]", body = [OrganizationDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_organization_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetOrganizationBatchQuery>,
) -> AppResult<Data<Vec<OrganizationDto>>> {
    let codes: Vec<&String> = q
        .organization_code_list
        .iter()
        .filter(|c| !c.trim().is_empty())
        .collect();
    batch_size("organizationCodeList", codes.len())?;
    let with_custom = q.with_custom_data.unwrap_or(false);
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        if let Some(info) = state
            .store
            .get_organization(&m.pool_id, code.trim())
            .await?
        {
            out.push(view::organization(&info, with_custom));
        }
    }
    Ok(Data(out))
}

async fn page_of_orgs(
    state: &AppState,
    pool_id: &str,
    keyword: Option<&str>,
    status: Option<bool>,
    window: Window,
    with_custom: bool,
) -> AppResult<Data<Page<OrganizationDto>>> {
    let (total, list) = state
        .store
        .list_organizations(pool_id, keyword, status, window)
        .await?;
    Ok(Data(Page {
        total_count: total,
        list: list
            .iter()
            .map(|o| view::organization(o, with_custom))
            .collect(),
    }))
}

/// Page through the pool's organisations, oldest first (`fetchAll`: every one).
#[utoipa::path(get, path = "/api/v3/list-organizations", tag = "organizations",
    params(ListOrganizationsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Organization[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_organizations(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListOrganizationsQuery>,
) -> AppResult<Data<Page<OrganizationDto>>> {
    let window = if q.fetch_all == Some(true) {
        Window {
            offset: 0,
            limit: i64::MAX,
        }
    } else {
        let (offset, limit) = page_window(q.page, q.limit)?;
        Window { offset, limit }
    };
    let with_custom = q.with_custom_data.unwrap_or(false);
    page_of_orgs(&state, &m.pool_id, None, q.status, window, with_custom).await
}

/// Search organisations by a substring of their name or code.
#[utoipa::path(get, path = "/api/v3/search-organizations", tag = "organizations",
    params(SearchOrganizationsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Organization[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn search_organizations(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<SearchOrganizationsQuery>,
) -> AppResult<Data<Page<OrganizationDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let with_custom = q.with_custom_data.unwrap_or(false);
    let window = Window { offset, limit };
    page_of_orgs(
        &state,
        &m.pool_id,
        Some(&q.keywords),
        None,
        window,
        with_custom,
    )
    .await
}

/// Update an organisation: name, code, description, the root department's open id and
/// leaders.
#[utoipa::path(post, path = "/api/v3/update-organization", tag = "organizations",
    request_body = UpdateOrganizationRequest,
    responses((status = 200, description = "Envelope; data: Organization", body = OrganizationDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_organization(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateOrganizationRequest>,
) -> AppResult<Data<OrganizationDto>> {
    let info = reload(&state, &m.pool_id, &req.organization_code).await?;
    let leaders = match &req.leader_user_ids {
        Some(ids) => Some(lookup::user_ids(&state, &m.pool_id, "leaderUserIds", ids, true).await?),
        None => None,
    };
    let now = state.clock.now_millis();
    let (mut org, mut root) = (info.org, info.root.dept);
    if let Some(code) = req.organization_new_code {
        let code = code.trim().to_string();
        validate_code("organizationNewCode", &code)?;
        org.code = code;
    }
    if let Some(name) = req.organization_name {
        let name = name.trim().to_string();
        validate_name("organizationName", &name)?;
        org.name = name.clone();
        root.name = name;
    }
    if let Some(d) = req.description {
        org.description = optional(d);
        root.description = org.description.clone();
    }
    if let Some(o) = req.open_department_id {
        root.open_department_id = optional(o);
    }
    root.validate()?;
    org.updated_at = now;
    root.updated_at = now;
    let updated = state
        .store
        .update_organization(&org, &root)
        .await
        .map_err(org_conflict)?;
    if !updated {
        return Err(ApiError::organization_not_found().into());
    }
    if let Some(ids) = leaders {
        state.store.set_leaders(&root.id, &ids, now).await?;
    }
    let info = reload(&state, &m.pool_id, &org.code).await?;
    Ok(Data(view::organization(&info, false)))
}

/// Delete an organisation with its whole department tree and every membership in it.
#[utoipa::path(post, path = "/api/v3/delete-organization", tag = "organizations",
    request_body = DeleteOrganizationRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_organization(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteOrganizationRequest>,
) -> AppResult<Data<SuccessData>> {
    let info = reload(&state, &m.pool_id, &req.organization_code).await?;
    if !state
        .store
        .delete_organization(&m.pool_id, &info.org.id)
        .await?
    {
        return Err(ApiError::organization_not_found().into());
    }
    Ok(Data(SuccessData { success: true }))
}
