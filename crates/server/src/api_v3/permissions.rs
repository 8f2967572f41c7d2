//! The signed-in user's own permissions (spec §2.10): `get-my-authorized-resources`, the
//! checks on string, array and tree resources, and the user's data-resource lists.
//!
//! The namespace of the checks and lists is the one whose code is the identifier of the
//! application the access token was issued to, when the pool has such a namespace, and
//! `default` otherwise. String and array resources match by code (or a granted wildcard);
//! tree resources are paths (`docs/a/b` or `docs:a:b`) and a grant on a path covers every
//! path below it.

use crate::authz::user_authorized;
use crate::authz::{
    Caller, DEFAULT_NAMESPACE, UserPermissions, existing_namespace, namespace_exists,
};
use crate::client_ip::ClientIp;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use crate::user_auth::CurrentUser;
use authgate_core::ApiError;
use authgate_core::permission::{Match, ResourceType};
use authgate_proto::Page;
use authgate_proto::permissions::{
    AuthorizedResourceDto, CheckPermissionRequest, CheckResult, CheckResultList,
    MyAuthorizedResourcesQuery, ResourcePermission, ResourcePermissionList,
    ResourcePermissionListRequest, StrAuthorize, TreeAuthNode, TreeAuthorize, UserAuthResource,
    UserPermissionItem, UserPermissionList,
};
use axum::extract::State;
use axum::http::HeaderMap;
use std::collections::BTreeMap;

/// Most resources one check may name.
const MAX_RESOURCES: usize = 100;

/// The namespace of the token's application (see the module documentation).
async fn app_namespace(state: &AppState, me: &CurrentUser) -> AppResult<String> {
    if let Some(app) = state.store.get_app(&me.claims.aud).await?
        && app.pool_id == me.claims.pool
        && namespace_exists(state, &me.claims.pool, &app.identifier).await?
    {
        return Ok(app.identifier);
    }
    Ok(DEFAULT_NAMESPACE.to_owned())
}

fn caller(me: &CurrentUser, ip: &ClientIp, headers: &HeaderMap) -> Caller {
    Caller::of(ip, headers, Some(me.claims.aud.clone()))
}

fn asked_resources(resources: Vec<String>) -> Result<Vec<String>, AppError> {
    let list: Vec<String> = resources
        .into_iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if list.is_empty() {
        return Err(ApiError::missing("resources").into());
    }
    if list.len() > MAX_RESOURCES {
        return Err(
            ApiError::invalid("resources", format!("at most {MAX_RESOURCES} items")).into(),
        );
    }
    Ok(list)
}

/// The user's effective grants in a namespace (default `default`), optionally of one kind.
#[utoipa::path(get, path = "/api/v3/get-my-authorized-resources", tag = "permissions",
    params(MyAuthorizedResourcesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: AuthorizedResource[]}")))]
pub async fn get_my_authorized_resources(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    Query(q): Query<MyAuthorizedResourcesQuery>,
) -> AppResult<Data<Page<AuthorizedResourceDto>>> {
    let pool = me.claims.pool.clone();
    let ns = existing_namespace(&state, &pool, q.namespace.as_deref()).await?;
    let caller = caller(&me, &ip, &headers);
    let page = user_authorized(&state, &pool, &me.user.id, &ns, caller, q.resource_type).await?;
    Ok(Data(page))
}

async fn check(
    state: &AppState,
    me: &CurrentUser,
    caller: Caller,
    req: CheckPermissionRequest,
    how: Match,
) -> AppResult<Data<CheckResultList>> {
    let action = req.action.trim().to_owned();
    if action.is_empty() {
        return Err(ApiError::missing("action").into());
    }
    let resources = asked_resources(req.resources)?;
    let ns = app_namespace(state, me).await?;
    let perms = UserPermissions::load(
        state,
        &me.claims.pool,
        &me.user.id,
        &ns,
        caller,
        Some((&resources, how)),
    )
    .await?;
    let check_result_list = resources
        .into_iter()
        .map(|resource| CheckResult {
            enabled: perms.allows(&resource, &action, how),
            namespace_code: ns.clone(),
            action: action.clone(),
            resource,
        })
        .collect();
    Ok(Data(CheckResultList { check_result_list }))
}

/// May the user do `action` on each STRING resource (by code)?
#[utoipa::path(post, path = "/api/v3/check-permission-string-resource", tag = "permissions",
    request_body = CheckPermissionRequest,
    responses((status = 200, description = "Envelope; data: {checkResultList}", body = CheckResultList)))]
pub async fn check_permission_string_resource(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    Json(req): Json<CheckPermissionRequest>,
) -> AppResult<Data<CheckResultList>> {
    let caller = caller(&me, &ip, &headers);
    check(&state, &me, caller, req, Match::Code).await
}

/// May the user do `action` on each ARRAY resource (by code)?
#[utoipa::path(post, path = "/api/v3/check-permission-array-resource", tag = "permissions",
    request_body = CheckPermissionRequest,
    responses((status = 200, description = "Envelope; data: {checkResultList}", body = CheckResultList)))]
pub async fn check_permission_array_resource(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    Json(req): Json<CheckPermissionRequest>,
) -> AppResult<Data<CheckResultList>> {
    let caller = caller(&me, &ip, &headers);
    check(&state, &me, caller, req, Match::Code).await
}

/// May the user do `action` on each TREE path (a grant on a path covers the paths below)?
#[utoipa::path(post, path = "/api/v3/check-permission-tree-resource", tag = "permissions",
    request_body = CheckPermissionRequest,
    responses((status = 200, description = "Envelope; data: {checkResultList}", body = CheckResultList)))]
pub async fn check_permission_tree_resource(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    Json(req): Json<CheckPermissionRequest>,
) -> AppResult<Data<CheckResultList>> {
    let caller = caller(&me, &ip, &headers);
    check(&state, &me, caller, req, Match::Tree).await
}

/// The root of a granted code: what precedes its first `/` (a tree), or the whole code.
fn tree_root(code: &str) -> Option<&str> {
    code.split_once('/').map(|(root, _)| root)
}

/// The user's DATA grants in the application's namespace: codes without `/` as STRING
/// resources, paths `root/…` as the nodes of TREE resource `root`.
#[utoipa::path(get, path = "/api/v3/get-user-auth-resource-list", tag = "permissions",
    responses((status = 200, description = "Envelope; data: {userPermissionList}", body = UserPermissionList)))]
pub async fn get_user_auth_resource_list(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
) -> AppResult<Data<UserPermissionList>> {
    let ns = app_namespace(&state, &me).await?;
    let caller = caller(&me, &ip, &headers);
    let perms =
        UserPermissions::load(&state, &me.claims.pool, &me.user.id, &ns, caller, None).await?;
    let mut strings = Vec::new();
    let mut trees: BTreeMap<String, Vec<TreeAuthNode>> = BTreeMap::new();
    for e in perms.effective() {
        if e.resource_type != ResourceType::Data {
            continue;
        }
        match tree_root(&e.resource_code) {
            Some(root) => trees
                .entry(root.to_owned())
                .or_default()
                .push(TreeAuthNode {
                    node_name: e
                        .resource_code
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    node_path: e.resource_code.clone(),
                    node_actions: e.actions,
                }),
            None => strings.push(UserAuthResource {
                resource_code: e.resource_code.clone(),
                resource_type: "STRING".into(),
                str_authorize: Some(StrAuthorize {
                    value: e.resource_code,
                    actions: e.actions,
                }),
                tree_authorize: None,
            }),
        }
    }
    strings.extend(trees.into_iter().map(|(root, auth_list)| UserAuthResource {
        resource_code: root,
        resource_type: "TREE".into(),
        str_authorize: None,
        tree_authorize: Some(TreeAuthorize { auth_list }),
    }));
    Ok(Data(UserPermissionList {
        user_permission_list: vec![UserPermissionItem {
            user_id: me.user.id.clone(),
            namespace_code: ns,
            resource_list: strings,
        }],
    }))
}

/// The actions the user holds on each resource path (tree matching).
#[utoipa::path(post, path = "/api/v3/get-user-auth-resource-permission-list", tag = "permissions",
    request_body = ResourcePermissionListRequest,
    responses((status = 200, description = "Envelope; data: {permissionList}", body = ResourcePermissionList)))]
pub async fn get_user_auth_resource_permission_list(
    State(state): State<AppState>,
    me: CurrentUser,
    ip: ClientIp,
    headers: HeaderMap,
    Json(req): Json<ResourcePermissionListRequest>,
) -> AppResult<Data<ResourcePermissionList>> {
    let resources = asked_resources(req.resources)?;
    let ns = app_namespace(&state, &me).await?;
    let caller = caller(&me, &ip, &headers);
    let perms = UserPermissions::load(
        &state,
        &me.claims.pool,
        &me.user.id,
        &ns,
        caller,
        Some((&resources, Match::Tree)),
    )
    .await?;
    let permission_list = resources
        .into_iter()
        .map(|resource| ResourcePermission {
            actions: perms.actions_on(&resource, Match::Tree),
            namespace_code: ns.clone(),
            resource,
        })
        .collect();
    Ok(Data(ResourcePermissionList { permission_list }))
}
