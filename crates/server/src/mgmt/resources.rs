//! Resources of a namespace (spec §5.3.8): create, get, list, update and delete, one at a
//! time or in batches. Deleting a resource deletes the grants on it and on paths below it.

use super::auth::ManagementCtx;
use super::namespaces::{batch_len, valid_code};
use super::paging::page_window;
use crate::authz::existing_namespace;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::ids;
use authgate_core::permission::check_code;
use authgate_core::timefmt::iso8601;
use authgate_proto::permissions::{
    CommonResourceDto, CreateResourceRequest, CreateResourcesBatchRequest, DeleteResourceRequest,
    DeleteResourcesBatchRequest, ListCommonResourceQuery, ListResourcesQuery, ResourceAction,
    ResourceCodeListQuery, ResourceCodeQuery, ResourceDto, UpdateResourceRequest,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::{Resource, ResourceQuery, StoreError};
use axum::Extension;
use axum::extract::State;

/// Most actions a resource may define.
const MAX_ACTIONS: usize = 100;

/// A resource code, checked: a code of §1.8 that may hold path separators, no wildcard.
fn resource_code(field: &str, code: &str) -> Result<String, AppError> {
    let code = code.trim();
    check_code(code).map_err(|why| ApiError::invalid(field, why))?;
    if code.contains('*') {
        return Err(ApiError::invalid(field, "must not contain *").into());
    }
    Ok(code.to_owned())
}

/// A list of actions, checked: names non-empty, at most 64 characters, not repeated.
fn valid_actions(actions: Vec<ResourceAction>) -> Result<Vec<ResourceAction>, AppError> {
    if actions.len() > MAX_ACTIONS {
        return Err(ApiError::invalid("actions", format!("at most {MAX_ACTIONS} items")).into());
    }
    let mut out: Vec<ResourceAction> = Vec::with_capacity(actions.len());
    for a in actions {
        let name = a.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 64 || name == "*" {
            return Err(ApiError::invalid(
                "actions",
                "each action needs a name of 1 to 64 characters other than *",
            )
            .into());
        }
        if out.iter().any(|o| o.name == name) {
            return Err(ApiError::invalid("actions", format!("{name} is repeated")).into());
        }
        out.push(ResourceAction {
            name,
            description: a.description,
        });
    }
    Ok(out)
}

/// The wire `Resource`.
pub(crate) fn render(r: &Resource) -> ResourceDto {
    ResourceDto {
        code: r.code.clone(),
        description: r.description.clone(),
        name: r.name.clone(),
        resource_type: r.resource_type,
        actions: r.actions.clone(),
        api_identifier: r.api_identifier.clone(),
        namespace: Some(r.namespace.clone()),
        linked_to_tenant: false,
    }
}

fn new_resource(
    pool_id: &str,
    namespace: &str,
    req: CreateResourceRequest,
    now: i64,
) -> AppResult<Resource> {
    Ok(Resource {
        id: ids::new_id()?,
        pool_id: pool_id.to_owned(),
        namespace: namespace.to_owned(),
        code: resource_code("code", &req.code)?,
        resource_type: req.resource_type,
        name: req.name,
        description: req.description,
        api_identifier: req.api_identifier,
        actions: valid_actions(req.actions.unwrap_or_default())?,
        created_at: now,
        updated_at: now,
    })
}

async fn insert_all(state: &AppState, pool_id: &str, ns: &str, list: &[Resource]) -> AppResult<()> {
    let codes: Vec<String> = list.iter().map(|r| r.code.clone()).collect();
    for (i, c) in codes.iter().enumerate() {
        if codes[..i].contains(c) {
            return Err(ApiError::permission_code_taken("resource", c).into());
        }
    }
    if let Some(taken) = state
        .store
        .get_resources(pool_id, ns, &codes)
        .await?
        .first()
    {
        return Err(ApiError::permission_code_taken("resource", &taken.code).into());
    }
    match state.store.insert_resources(list).await {
        Err(StoreError::Conflict { .. }) => {
            Err(ApiError::permission_code_taken("resource", &codes.join(",")).into())
        }
        other => Ok(other?),
    }
}

async fn find(state: &AppState, pool_id: &str, ns: &str, code: &str) -> AppResult<Resource> {
    let found = state
        .store
        .get_resources(pool_id, ns, &[code.to_owned()])
        .await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::permission_target_not_found("resource", code).into())
}

/// Create a resource in a namespace (default `default`).
#[utoipa::path(post, path = "/api/v3/create-resource", tag = "permissions",
    request_body = CreateResourceRequest,
    responses((status = 200, description = "Envelope; data: Resource", body = ResourceDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_resource(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateResourceRequest>,
) -> AppResult<Data<ResourceDto>> {
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let r = new_resource(&m.pool_id, &ns, req, state.clock.now_millis())?;
    insert_all(&state, &m.pool_id, &ns, std::slice::from_ref(&r)).await?;
    Ok(Data(render(&r)))
}

/// Create several resources in one namespace (all or none).
#[utoipa::path(post, path = "/api/v3/create-resources-batch", tag = "permissions",
    request_body = CreateResourcesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_resources_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateResourcesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    batch_len("list", req.list.len())?;
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let now = state.clock.now_millis();
    let list = req
        .list
        .into_iter()
        .map(|r| new_resource(&m.pool_id, &ns, r, now))
        .collect::<AppResult<Vec<_>>>()?;
    insert_all(&state, &m.pool_id, &ns, &list).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Get one resource.
#[utoipa::path(get, path = "/api/v3/get-resource", tag = "permissions",
    params(ResourceCodeQuery),
    responses((status = 200, description = "Envelope; data: Resource", body = ResourceDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_resource(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ResourceCodeQuery>,
) -> AppResult<Data<ResourceDto>> {
    let ns = existing_namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let code = resource_code("code", &q.code)?;
    Ok(Data(render(&find(&state, &m.pool_id, &ns, &code).await?)))
}

/// Get several resources of a namespace; unknown codes are left out.
#[utoipa::path(get, path = "/api/v3/get-resources-batch", tag = "permissions",
    params(ResourceCodeListQuery),
    responses((status = 200, description = "Envelope; data: Resource[]", body = [ResourceDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_resources_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ResourceCodeListQuery>,
) -> AppResult<Data<Vec<ResourceDto>>> {
    batch_len("codeList", q.code_list.len())?;
    let ns = existing_namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let codes = q
        .code_list
        .iter()
        .map(|c| resource_code("codeList", c))
        .collect::<AppResult<Vec<_>>>()?;
    let found = state.store.get_resources(&m.pool_id, &ns, &codes).await?;
    Ok(Data(found.iter().map(render).collect()))
}

/// Page through the resources of one namespace (default `default`), optionally of one kind.
#[utoipa::path(get, path = "/api/v3/list-resources", tag = "permissions",
    params(ListResourcesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Resource[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListResourcesQuery>,
) -> AppResult<Data<Page<ResourceDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let ns = existing_namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let query = ResourceQuery {
        namespaces: vec![ns],
        resource_type: q.resource_type,
        keyword: None,
        offset,
        limit,
    };
    let (total, list) = state.store.list_resources(&m.pool_id, &query).await?;
    Ok(Data(Page {
        total_count: total,
        list: list.iter().map(render).collect(),
    }))
}

/// Page through the resources of several namespaces (`namespaceCodeList`, comma-separated;
/// all when absent), matching `keyword` in code or name.
#[utoipa::path(get, path = "/api/v3/list-common-resource", tag = "permissions",
    params(ListCommonResourceQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_common_resource(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListCommonResourceQuery>,
) -> AppResult<Data<Page<CommonResourceDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let namespaces = q
        .namespace_code_list
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| valid_code("namespaceCodeList", c))
        .collect::<AppResult<Vec<_>>>()?;
    let query = ResourceQuery {
        namespaces,
        resource_type: None,
        keyword: q.keyword,
        offset,
        limit,
    };
    let (total, list) = state.store.list_resources(&m.pool_id, &query).await?;
    let mut codes: Vec<String> = list.iter().map(|r| r.namespace.clone()).collect();
    codes.sort();
    codes.dedup();
    let names = state.store.get_namespaces(&m.pool_id, &codes).await?;
    let name_of = |code: &str| {
        names
            .iter()
            .find(|n| n.code == code)
            .map_or_else(|| code.to_owned(), |n| n.name.clone())
    };
    Ok(Data(Page {
        total_count: total,
        list: list
            .iter()
            .map(|r| CommonResourceDto {
                resource: render(r),
                id: r.id.clone(),
                namespace_name: name_of(&r.namespace),
                user_pool_id: r.pool_id.clone(),
                created_at: iso8601(r.created_at),
                updated_at: iso8601(r.updated_at),
            })
            .collect(),
    }))
}

/// Change a resource; absent members keep their value, `actions` replaces the list.
#[utoipa::path(post, path = "/api/v3/update-resource", tag = "permissions",
    request_body = UpdateResourceRequest,
    responses((status = 200, description = "Envelope; data: Resource", body = ResourceDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_resource(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateResourceRequest>,
) -> AppResult<Data<ResourceDto>> {
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let code = resource_code("code", &req.code)?;
    let mut r = find(&state, &m.pool_id, &ns, &code).await?;
    if let Some(t) = req.resource_type {
        r.resource_type = t;
    }
    if let Some(n) = req.name {
        r.name = Some(n);
    }
    if let Some(d) = req.description {
        r.description = Some(d);
    }
    if let Some(a) = req.api_identifier {
        r.api_identifier = Some(a);
    }
    if let Some(actions) = req.actions {
        r.actions = valid_actions(actions)?;
    }
    r.updated_at = state.clock.now_millis();
    if !state.store.update_resource(&r).await? {
        return Err(ApiError::permission_target_not_found("resource", &code).into());
    }
    Ok(Data(render(&r)))
}

/// Delete one resource and the grants on it.
#[utoipa::path(post, path = "/api/v3/delete-resource", tag = "permissions",
    request_body = DeleteResourceRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_resource(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteResourceRequest>,
) -> AppResult<Data<SuccessData>> {
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let code = resource_code("code", &req.code)?;
    let n = state
        .store
        .delete_resources(&m.pool_id, &ns, std::slice::from_ref(&code), &[])
        .await?;
    if n == 0 {
        return Err(ApiError::permission_target_not_found("resource", &code).into());
    }
    Ok(Data(SuccessData { success: true }))
}

/// Delete several resources of a namespace by code (`codeList`) or id (`ids`); unknown ones
/// are ignored.
#[utoipa::path(post, path = "/api/v3/delete-resources-batch", tag = "permissions",
    request_body = DeleteResourcesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_resources_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteResourcesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let codes = req
        .code_list
        .unwrap_or_default()
        .iter()
        .map(|c| resource_code("codeList", c))
        .collect::<AppResult<Vec<_>>>()?;
    let ids = req.ids.unwrap_or_default();
    batch_len("codeList", codes.len() + ids.len())?;
    state
        .store
        .delete_resources(&m.pool_id, &ns, &codes, &ids)
        .await?;
    Ok(Data(SuccessData { success: true }))
}
