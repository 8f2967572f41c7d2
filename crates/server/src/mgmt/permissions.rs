//! Grants and checks (spec §5.3.8): `authorize-resources`, the grants of one target
//! (`get-authorized-resources`, `get-role-authorized-resources`,
//! `get-group-authorized-resources`), the effective grants of a user
//! (`get-user-authorized-resources`), `is-action-allowed` and
//! `get-resource-authorized-targets`. Evaluation rules: [`authgate_core::permission`].

use super::auth::ManagementCtx;
use super::paging::page_window;
use super::users::{find_user, user_key};
use crate::authz::{Caller, UserPermissions, existing_namespace, user_authorized};
use crate::client_ip::ClientIp;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::ids;
use authgate_core::permission::{Effect, Grant, Match, PolicyCondition, TargetType, check_code};
use authgate_core::user::UserKey;
use authgate_proto::permissions::{
    AllowedData, AuthorizeResourceItem, AuthorizeResourcesRequest, AuthorizedResourceDto,
    CodeAuthorizedResourcesQuery, GetAuthorizedResourcesQuery, GetResourceAuthorizedTargetsRequest,
    GetUserAuthorizedResourcesQuery, IsActionAllowedRequest, ResourceAuthorizedTarget,
    ResourceItem, RoleAuthorizedResource,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::StoredGrant;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use std::collections::HashMap;

/// Most grants (targets × resources) one `authorize-resources` call may write.
const MAX_GRANTS: usize = 1000;

/// Condition parameters of spec §1.9.
const PARAMS: &[&str] = &[
    "UserPoolId",
    "AppId",
    "RequestFrom",
    "UserId",
    "UserArn",
    "CurrentTime",
    "EpochTime",
    "SourceIp",
    "User",
    "MultiFactorAuthPresent",
    "MultiFactorAuthAge",
    "UserAgent",
    "Referer",
    "Device",
    "OS",
    "Country",
    "Province",
    "City",
    "DeviceChanged",
    "DeviceUntrusted",
    "ProxyUntrusted",
    "LoggedInApps",
    "Namespace",
];

/// Condition operators of spec §1.9.
const OPERATORS: &[&str] = &[
    "Bool",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "IpAddress",
    "NotIpAddress",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "ListContains",
];

/// The wire `AuthorizedResource` of a stored grant.
pub(crate) fn render_grant(g: &Grant) -> AuthorizedResourceDto {
    AuthorizedResourceDto {
        resource_code: g.resource_code.clone(),
        description: g.description.clone(),
        condition: (!g.conditions.is_empty()).then(|| g.conditions.clone()),
        resource_type: g.resource_type,
        api_identifier: g.api_identifier.clone().unwrap_or_default(),
        actions: g.actions.clone(),
        effect: g.effect,
    }
}

fn non_empty(field: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::missing(field).into());
    }
    Ok(v.to_owned())
}

fn valid_conditions(conds: Option<Vec<PolicyCondition>>) -> Result<Vec<PolicyCondition>, AppError> {
    let conds = conds.unwrap_or_default();
    for c in &conds {
        if !PARAMS.contains(&c.param.as_str()) {
            return Err(ApiError::invalid(
                "condition.param",
                format!("unknown parameter '{}'", c.param),
            )
            .into());
        }
        if !OPERATORS.contains(&c.operator.as_str()) {
            return Err(ApiError::invalid(
                "condition.operator",
                format!("unknown operator '{}'", c.operator),
            )
            .into());
        }
    }
    Ok(conds)
}

/// The resource codes a granted code may belong to: itself and each prefix ending before a
/// separator or a wildcard (`books:1/a` → `books:1/a`, `books:1`, `books`).
fn owning_codes(code: &str) -> Vec<String> {
    let mut out = vec![code.trim_end_matches(['*', ':', '/']).to_owned()];
    for (i, c) in code.char_indices() {
        if matches!(c, ':' | '/') && i > 0 {
            out.push(code[..i].to_owned());
        }
    }
    out.retain(|c| !c.is_empty());
    out.sort();
    out.dedup();
    out
}

/// A checked grant item: the code belongs to an existing resource of the namespace (unless it
/// is `*`) of the same kind.
async fn valid_item(
    state: &AppState,
    pool_id: &str,
    ns: &str,
    item: ResourceItem,
) -> AppResult<Grant> {
    let code = item.code.trim().to_owned();
    check_code(&code).map_err(|why| ApiError::invalid("resources.code", why))?;
    let mut actions: Vec<String> = Vec::with_capacity(item.actions.len());
    for a in &item.actions {
        let a = a.trim();
        if a.is_empty() || a.chars().count() > 64 {
            return Err(ApiError::invalid("resources.actions", "empty or too long action").into());
        }
        if !actions.iter().any(|x| x == a) {
            actions.push(a.to_owned());
        }
    }
    if actions.is_empty() {
        return Err(ApiError::missing("resources.actions").into());
    }
    if code != "*" {
        let owners = state
            .store
            .get_resources(pool_id, ns, &owning_codes(&code))
            .await?;
        // The longest owning code is the resource the path lies in.
        let Some(owner) = owners.iter().max_by_key(|r| r.code.len()) else {
            return Err(ApiError::permission_target_not_found("resource", &code).into());
        };
        if owner.resource_type != item.resource_type {
            return Err(ApiError::invalid(
                "resources.resourceType",
                format!(
                    "{} is a {} resource",
                    owner.code,
                    owner.resource_type.as_str()
                ),
            )
            .into());
        }
    }
    Ok(Grant {
        resource_code: code,
        resource_type: item.resource_type,
        api_identifier: None,
        description: None,
        actions,
        effect: item.effect.unwrap_or_default(),
        conditions: valid_conditions(item.condition)?,
    })
}

/// Internal ids of every identifier of a target kind; 404 naming the first unknown one.
async fn resolve(
    state: &AppState,
    pool_id: &str,
    ns: &str,
    kind: TargetType,
    identifiers: &[String],
) -> AppResult<Vec<String>> {
    let found = state
        .store
        .resolve_targets(pool_id, ns, kind, identifiers)
        .await?;
    identifiers
        .iter()
        .map(|i| {
            found.get(i).cloned().ok_or_else(|| {
                ApiError::permission_target_not_found(&kind.as_str().to_lowercase(), i).into()
            })
        })
        .collect()
}

/// The internal id of one target.
async fn resolve_one(
    state: &AppState,
    pool_id: &str,
    ns: &str,
    kind: TargetType,
    identifier: &str,
) -> AppResult<String> {
    let identifier = non_empty("targetIdentifier", identifier)?;
    let mut ids = resolve(state, pool_id, ns, kind, &[identifier]).await?;
    ids.pop().ok_or_else(|| ApiError::internal().into())
}

async fn item_grants(
    state: &AppState,
    pool_id: &str,
    ns: &str,
    item: AuthorizeResourceItem,
    now: i64,
    out: &mut Vec<StoredGrant>,
) -> AppResult<()> {
    let identifiers: Vec<String> = item
        .target_identifiers
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    if identifiers.is_empty() {
        return Err(ApiError::missing("targetIdentifiers").into());
    }
    if item.resources.is_empty() {
        return Err(ApiError::missing("resources").into());
    }
    if out.len() + identifiers.len() * item.resources.len() > MAX_GRANTS {
        return Err(ApiError::invalid("list", format!("at most {MAX_GRANTS} grants")).into());
    }
    let target_ids = resolve(state, pool_id, ns, item.target_type, &identifiers).await?;
    let mut grants = Vec::with_capacity(item.resources.len());
    for r in item.resources {
        grants.push(valid_item(state, pool_id, ns, r).await?);
    }
    for target_id in &target_ids {
        for g in &grants {
            out.push(StoredGrant {
                id: ids::new_id()?,
                pool_id: pool_id.to_owned(),
                namespace: ns.to_owned(),
                target_type: item.target_type,
                target_id: target_id.clone(),
                grant: g.clone(),
                created_at: now,
                updated_at: now,
            });
        }
    }
    Ok(())
}

/// Grant resource actions to users, roles, groups or departments in a namespace. A grant
/// replaces the target's earlier grant on the same code with the same effect; nothing is
/// written unless every target and resource exists.
#[utoipa::path(post, path = "/api/v3/authorize-resources", tag = "permissions",
    request_body = AuthorizeResourcesRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn authorize_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<AuthorizeResourcesRequest>,
) -> AppResult<Data<SuccessData>> {
    if req.list.is_empty() {
        return Err(ApiError::missing("list").into());
    }
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let now = state.clock.now_millis();
    let mut grants = Vec::new();
    for item in req.list {
        item_grants(&state, &m.pool_id, &ns, item, now, &mut grants).await?;
    }
    state.store.save_grants(&grants).await?;
    Ok(Data(SuccessData { success: true }))
}

/// Whether `code` is named by a `resourceList` filter (each item a prefix; a trailing `*` is
/// dropped).
fn listed(filter: &[String], code: &str) -> bool {
    filter
        .iter()
        .any(|f| code.starts_with(f.trim().trim_end_matches('*')))
}

/// The grants one target holds directly (DENY grants only with `withDenied=true`).
#[utoipa::path(get, path = "/api/v3/get-authorized-resources", tag = "permissions",
    params(GetAuthorizedResourcesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: AuthorizedResource[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_authorized_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<GetAuthorizedResourcesQuery>,
) -> AppResult<Data<Page<AuthorizedResourceDto>>> {
    let ns = existing_namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let target_id =
        resolve_one(&state, &m.pool_id, &ns, q.target_type, &q.target_identifier).await?;
    let grants = state
        .store
        .grants_of_target(&m.pool_id, &ns, q.target_type, &target_id)
        .await?;
    let with_denied = q.with_denied.unwrap_or(false);
    let filter = q.resource_list.unwrap_or_default();
    let list: Vec<AuthorizedResourceDto> = grants
        .iter()
        .map(|s| &s.grant)
        .filter(|g| with_denied || g.effect == Effect::Allow)
        .filter(|g| q.resource_type.is_none_or(|t| g.resource_type == t))
        .filter(|g| filter.is_empty() || listed(&filter, &g.resource_code))
        .map(render_grant)
        .collect();
    Ok(Data(Page {
        total_count: i64::try_from(list.len()).unwrap_or(i64::MAX),
        list,
    }))
}

/// A user's effective grants: direct, through roles in force, groups and departments (and
/// their parents); DENY removes actions; conditions are evaluated for this request.
#[utoipa::path(get, path = "/api/v3/get-user-authorized-resources", tag = "permissions",
    params(GetUserAuthorizedResourcesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: AuthorizedResource[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_authorized_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    ip: ClientIp,
    headers: HeaderMap,
    Query(q): Query<GetUserAuthorizedResourcesQuery>,
) -> AppResult<Data<Page<AuthorizedResourceDto>>> {
    let key = user_key(q.user_id, q.user_id_type.as_deref())?;
    let ns = existing_namespace(&state, &m.pool_id, q.namespace.as_deref()).await?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let caller = Caller::of(&ip, &headers, None);
    let page = user_authorized(&state, &m.pool_id, &user.id, &ns, caller, q.resource_type).await?;
    Ok(Data(page))
}

/// May the user do `action` on `resource`? Exact code or a granted wildcard (`books:*`).
#[utoipa::path(post, path = "/api/v3/is-action-allowed", tag = "permissions",
    request_body = IsActionAllowedRequest,
    responses((status = 200, description = "Envelope; data: {allowed}", body = AllowedData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn is_action_allowed(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    ip: ClientIp,
    headers: HeaderMap,
    Json(req): Json<IsActionAllowedRequest>,
) -> AppResult<Data<AllowedData>> {
    let user_id = non_empty("userId", &req.user_id)?;
    let action = non_empty("action", &req.action)?;
    let resource = non_empty("resource", &req.resource)?;
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let user = find_user(&state, &m.pool_id, &UserKey::Id(user_id)).await?;
    let asked = [resource];
    let perms = UserPermissions::load(
        &state,
        &m.pool_id,
        &user.id,
        &ns,
        Caller::of(&ip, &headers, None),
        Some((&asked, Match::Code)),
    )
    .await?;
    Ok(Data(AllowedData {
        allowed: perms.allows(&asked[0], &action, Match::Code),
    }))
}

/// The targets holding an ALLOW grant on exactly `resource`, paged.
#[utoipa::path(post, path = "/api/v3/get-resource-authorized-targets", tag = "permissions",
    request_body = GetResourceAuthorizedTargetsRequest,
    responses((status = 200, description = "Envelope; data: {totalCount, list}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_resource_authorized_targets(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<GetResourceAuthorizedTargetsRequest>,
) -> AppResult<Data<Page<ResourceAuthorizedTarget>>> {
    let (offset, limit) = page_window(req.page, req.limit)?;
    let resource = non_empty("resource", &req.resource)?;
    let ns = existing_namespace(&state, &m.pool_id, req.namespace.as_deref()).await?;
    let (total, grants) = state
        .store
        .grants_on_resource(&m.pool_id, &ns, &resource, req.target_type, offset, limit)
        .await?;
    let mut names: HashMap<(TargetType, String), String> = HashMap::new();
    for kind in [
        TargetType::User,
        TargetType::Role,
        TargetType::Group,
        TargetType::Department,
    ] {
        let ids: Vec<String> = grants
            .iter()
            .filter(|g| g.target_type == kind)
            .map(|g| g.target_id.clone())
            .collect();
        if ids.is_empty() {
            continue;
        }
        for (id, ident) in state
            .store
            .target_identifiers(&m.pool_id, kind, &ids)
            .await?
        {
            names.insert((kind, id), ident);
        }
    }
    let list = grants
        .into_iter()
        .map(|g| ResourceAuthorizedTarget {
            target_identifier: names
                .remove(&(g.target_type, g.target_id.clone()))
                .unwrap_or(g.target_id),
            target_type: g.target_type,
            actions: g.grant.actions,
        })
        .collect();
    Ok(Data(Page {
        total_count: total,
        list,
    }))
}

/// The ALLOW grants of one role or group in a namespace, optionally of one kind.
async fn code_grants(
    state: &AppState,
    pool_id: &str,
    kind: TargetType,
    q: &CodeAuthorizedResourcesQuery,
    with_denied: bool,
) -> AppResult<Vec<Grant>> {
    let ns = existing_namespace(state, pool_id, q.namespace.as_deref()).await?;
    let id = resolve_one(state, pool_id, &ns, kind, &q.code).await?;
    let grants = state
        .store
        .grants_of_target(pool_id, &ns, kind, &id)
        .await?;
    Ok(grants
        .into_iter()
        .map(|s| s.grant)
        .filter(|g| with_denied || g.effect == Effect::Allow)
        .filter(|g| q.resource_type.is_none_or(|t| g.resource_type == t))
        .collect())
}

/// The resources granted to a role (ALLOW grants).
#[utoipa::path(get, path = "/api/v3/get-role-authorized-resources", tag = "permissions",
    params(CodeAuthorizedResourcesQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_role_authorized_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<CodeAuthorizedResourcesQuery>,
) -> AppResult<Data<Page<RoleAuthorizedResource>>> {
    let grants = code_grants(&state, &m.pool_id, TargetType::Role, &q, false).await?;
    let list: Vec<RoleAuthorizedResource> = grants
        .into_iter()
        .map(|g| RoleAuthorizedResource {
            resource_code: g.resource_code,
            resource_type: g.resource_type,
            actions: g.actions,
            api_identifier: g.api_identifier.unwrap_or_default(),
        })
        .collect();
    Ok(Data(Page {
        total_count: i64::try_from(list.len()).unwrap_or(i64::MAX),
        list,
    }))
}

/// The grants of a group (ALLOW and DENY), as a bare array.
#[utoipa::path(get, path = "/api/v3/get-group-authorized-resources", tag = "permissions",
    params(CodeAuthorizedResourcesQuery),
    responses((status = 200, description = "Envelope; data: AuthorizedResource[]",
        body = [AuthorizedResourceDto])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_group_authorized_resources(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<CodeAuthorizedResourcesQuery>,
) -> AppResult<Data<Vec<AuthorizedResourceDto>>> {
    let grants = code_grants(&state, &m.pool_id, TargetType::Group, &q, true).await?;
    Ok(Data(grants.iter().map(render_grant).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owning_codes_of_paths() {
        assert_eq!(
            owning_codes("books:1/a"),
            vec!["books", "books:1", "books:1/a"]
        );
        assert_eq!(owning_codes("books:*"), vec!["books"]);
        assert_eq!(owning_codes("books"), vec!["books"]);
    }

    #[test]
    fn resource_list_filters_by_prefix() {
        let f = vec!["books:*".to_owned(), "music:fic_".to_owned()];
        assert!(listed(&f, "books:1"));
        assert!(listed(&f, "music:fic_9"));
        assert!(!listed(&f, "music:pop"));
    }
}
