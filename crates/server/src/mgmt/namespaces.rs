//! Permission namespaces (spec §5.3.8): create, get, list, update and delete, one at a time or
//! in batches. The namespace `default` exists without being created and cannot be changed.

use super::auth::ManagementCtx;
use super::paging::page_window;
use crate::authz::DEFAULT_NAMESPACE;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::ids;
use authgate_core::permission::check_plain_code;
use authgate_proto::permissions::{
    CodeListQuery, CodeQuery, CreateNamespaceRequest, CreateNamespacesBatchRequest,
    DeleteNamespaceRequest, DeleteNamespacesBatchRequest, ListNamespacesQuery, NamespaceDto,
    NamespaceListItem, UpdateNamespaceRequest,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::{Namespace, NamespaceChange, StoreError};
use axum::Extension;
use axum::extract::State;

/// Most namespaces one batch call may name.
const MAX_BATCH: usize = 50;

/// A namespace code, checked (§1.8).
pub(crate) fn valid_code(field: &str, code: &str) -> Result<String, AppError> {
    let code = code.trim();
    check_plain_code(code).map_err(|why| ApiError::invalid(field, why))?;
    Ok(code.to_owned())
}

/// At most [`MAX_BATCH`] items, at least one.
pub(crate) fn batch_len(field: &str, n: usize) -> Result<(), AppError> {
    if n == 0 {
        return Err(ApiError::missing(field).into());
    }
    if n > MAX_BATCH {
        return Err(ApiError::invalid(field, format!("at most {MAX_BATCH} items")).into());
    }
    Ok(())
}

fn render(n: &Namespace) -> NamespaceDto {
    NamespaceDto {
        code: n.code.clone(),
        name: Some(n.name.clone()),
        description: n.description.clone(),
    }
}

fn builtin() -> NamespaceDto {
    NamespaceDto {
        code: DEFAULT_NAMESPACE.into(),
        name: Some(DEFAULT_NAMESPACE.into()),
        description: None,
    }
}

fn new_namespace(pool_id: &str, req: CreateNamespaceRequest, now: i64) -> AppResult<Namespace> {
    let code = valid_code("code", &req.code)?;
    if code == DEFAULT_NAMESPACE {
        return Err(ApiError::default_namespace_reserved().into());
    }
    Ok(Namespace {
        id: ids::new_id()?,
        pool_id: pool_id.to_owned(),
        name: req
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| code.clone()),
        code,
        description: req.description,
        status: 1,
        created_at: now,
        updated_at: now,
    })
}

/// Stores namespaces, refusing codes that are taken or repeated.
async fn insert_all(state: &AppState, pool_id: &str, list: &[Namespace]) -> AppResult<()> {
    let codes: Vec<String> = list.iter().map(|n| n.code.clone()).collect();
    for (i, c) in codes.iter().enumerate() {
        if codes[..i].contains(c) {
            return Err(ApiError::permission_code_taken("namespace", c).into());
        }
    }
    if let Some(taken) = state.store.get_namespaces(pool_id, &codes).await?.first() {
        return Err(ApiError::permission_code_taken("namespace", &taken.code).into());
    }
    match state.store.insert_namespaces(list).await {
        Err(StoreError::Conflict { .. }) => {
            Err(ApiError::permission_code_taken("namespace", &codes.join(",")).into())
        }
        other => Ok(other?),
    }
}

/// Create a namespace (`name` defaults to the code).
#[utoipa::path(post, path = "/api/v3/create-namespace", tag = "permissions",
    request_body = NamespaceDto,
    responses((status = 200, description = "Envelope; data: Namespace", body = NamespaceDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_namespace(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateNamespaceRequest>,
) -> AppResult<Data<NamespaceDto>> {
    let ns = new_namespace(&m.pool_id, req, state.clock.now_millis())?;
    insert_all(&state, &m.pool_id, std::slice::from_ref(&ns)).await?;
    Ok(Data(render(&ns)))
}

/// Create several namespaces at once (all or none).
#[utoipa::path(post, path = "/api/v3/create-namespaces-batch", tag = "permissions",
    request_body = CreateNamespacesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_namespaces_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateNamespacesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    batch_len("list", req.list.len())?;
    let now = state.clock.now_millis();
    let list = req
        .list
        .into_iter()
        .map(|r| new_namespace(&m.pool_id, r, now))
        .collect::<AppResult<Vec<_>>>()?;
    insert_all(&state, &m.pool_id, &list).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Get one namespace.
#[utoipa::path(get, path = "/api/v3/get-namespace", tag = "permissions",
    params(CodeQuery),
    responses((status = 200, description = "Envelope; data: Namespace", body = NamespaceDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_namespace(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<CodeQuery>,
) -> AppResult<Data<NamespaceDto>> {
    let code = valid_code("code", &q.code)?;
    if code == DEFAULT_NAMESPACE {
        return Ok(Data(builtin()));
    }
    let found = state
        .store
        .get_namespaces(&m.pool_id, std::slice::from_ref(&code))
        .await?;
    found
        .first()
        .map(|n| Data(render(n)))
        .ok_or_else(|| ApiError::permission_target_not_found("namespace", &code).into())
}

/// Get several namespaces; unknown codes are left out.
#[utoipa::path(get, path = "/api/v3/get-namespaces-batch", tag = "permissions",
    params(CodeListQuery),
    responses((status = 200, description = "Envelope; data: Namespace[]", body = [NamespaceDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_namespaces_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<CodeListQuery>,
) -> AppResult<Data<Vec<NamespaceDto>>> {
    batch_len("codeList", q.code_list.len())?;
    let codes = q
        .code_list
        .iter()
        .map(|c| valid_code("codeList", c))
        .collect::<AppResult<Vec<_>>>()?;
    let mut found = state.store.get_namespaces(&m.pool_id, &codes).await?;
    found.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out: Vec<NamespaceDto> = Vec::with_capacity(found.len() + 1);
    if codes.iter().any(|c| c == DEFAULT_NAMESPACE) {
        out.push(builtin());
    }
    out.extend(found.iter().map(render));
    Ok(Data(out))
}

/// Page through the pool's namespaces by code (`keywords`: substring of code or name). The
/// built-in `default` is not listed.
#[utoipa::path(get, path = "/api/v3/list-namespaces", tag = "permissions",
    params(ListNamespacesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_namespaces(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListNamespacesQuery>,
) -> AppResult<Data<Page<NamespaceListItem>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let (total, list) = state
        .store
        .list_namespaces(&m.pool_id, q.keywords.as_deref(), offset, limit)
        .await?;
    Ok(Data(Page {
        total_count: total,
        list: list
            .into_iter()
            .map(|n| NamespaceListItem {
                name: n.name,
                code: n.code,
                description: n.description,
                status: Some(n.status),
            })
            .collect(),
    }))
}

/// Change a namespace's name, description or code (resources, roles and grants follow a new
/// code). Answers the request's fields.
#[utoipa::path(post, path = "/api/v3/update-namespace", tag = "permissions",
    request_body = UpdateNamespaceRequest,
    responses((status = 200, description = "Envelope; data: {code, name, description, newCode}",
        body = UpdateNamespaceRequest)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_namespace(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateNamespaceRequest>,
) -> AppResult<Data<UpdateNamespaceRequest>> {
    let code = valid_code("code", &req.code)?;
    if code == DEFAULT_NAMESPACE {
        return Err(ApiError::default_namespace_reserved().into());
    }
    let new_code = match req.new_code.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() && n != code => {
            let n = valid_code("newCode", n)?;
            if n == DEFAULT_NAMESPACE {
                return Err(ApiError::default_namespace_reserved().into());
            }
            if !state
                .store
                .get_namespaces(&m.pool_id, std::slice::from_ref(&n))
                .await?
                .is_empty()
            {
                return Err(ApiError::permission_code_taken("namespace", &n).into());
            }
            Some(n)
        }
        _ => None,
    };
    let change = NamespaceChange {
        name: req
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        description: req.description.clone(),
        new_code,
    };
    let updated = match state
        .store
        .update_namespace(&m.pool_id, &code, &change, state.clock.now_millis())
        .await
    {
        Err(StoreError::Conflict { .. }) => {
            let taken = change.new_code.as_deref().unwrap_or(&code);
            return Err(ApiError::permission_code_taken("namespace", taken).into());
        }
        other => other?,
    };
    if !updated {
        return Err(ApiError::permission_target_not_found("namespace", &code).into());
    }
    Ok(Data(req))
}

/// Delete one namespace with its resources, roles and grants.
#[utoipa::path(post, path = "/api/v3/delete-namespace", tag = "permissions",
    request_body = DeleteNamespaceRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_namespace(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteNamespaceRequest>,
) -> AppResult<Data<SuccessData>> {
    let code = valid_code("code", &req.code)?;
    if delete(&state, &m.pool_id, vec![code.clone()]).await? == 0 {
        return Err(ApiError::permission_target_not_found("namespace", &code).into());
    }
    Ok(Data(SuccessData { success: true }))
}

/// Delete several namespaces (unknown codes are ignored).
#[utoipa::path(post, path = "/api/v3/delete-namespaces-batch", tag = "permissions",
    request_body = DeleteNamespacesBatchRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_namespaces_batch(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DeleteNamespacesBatchRequest>,
) -> AppResult<Data<SuccessData>> {
    batch_len("codeList", req.code_list.len())?;
    let codes = req
        .code_list
        .iter()
        .map(|c| valid_code("codeList", c))
        .collect::<AppResult<Vec<_>>>()?;
    delete(&state, &m.pool_id, codes).await?;
    Ok(Data(SuccessData { success: true }))
}

async fn delete(state: &AppState, pool_id: &str, codes: Vec<String>) -> AppResult<u64> {
    if codes.iter().any(|c| c == DEFAULT_NAMESPACE) {
        return Err(ApiError::default_namespace_reserved().into());
    }
    Ok(state.store.delete_namespaces(pool_id, &codes).await?)
}
