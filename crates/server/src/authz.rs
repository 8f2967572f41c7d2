//! Permission evaluation for handlers: namespaces by code, the request context, and a user's
//! effective grants (subjects in two queries, grants in one, the decision in memory with
//! [`authgate_core::permission`]).

use crate::client_ip::{ClientIp, user_agent};
use crate::http::AppResult;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::permission::{
    self, Effect, Effective, Grant, Match, RequestContext, ResourceType,
};
use authgate_proto::Page;
use authgate_proto::permissions::AuthorizedResourceDto;
use axum::http::HeaderMap;

/// The namespace that exists without a row.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The namespace a call names (`default` when absent or blank).
pub fn namespace_code(ns: Option<&str>) -> String {
    ns.map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(DEFAULT_NAMESPACE)
        .to_owned()
}

/// Whether namespace `code` exists in the pool (`default` always does).
pub async fn namespace_exists(state: &AppState, pool_id: &str, code: &str) -> AppResult<bool> {
    if code == DEFAULT_NAMESPACE {
        return Ok(true);
    }
    let found = state
        .store
        .get_namespaces(pool_id, &[code.to_owned()])
        .await?;
    Ok(!found.is_empty())
}

/// The namespace a call names, checked to exist (404 otherwise).
pub async fn existing_namespace(
    state: &AppState,
    pool_id: &str,
    ns: Option<&str>,
) -> AppResult<String> {
    let code = namespace_code(ns);
    if namespace_exists(state, pool_id, &code).await? {
        Ok(code)
    } else {
        Err(ApiError::permission_target_not_found("namespace", &code).into())
    }
}

/// What the request brings to condition evaluation.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// Client address.
    pub ip: Option<std::net::IpAddr>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Application the request comes through.
    pub app_id: Option<String>,
}

impl Caller {
    /// From the client IP and headers of a request.
    pub fn of(ip: &ClientIp, headers: &HeaderMap, app_id: Option<String>) -> Self {
        Caller {
            ip: ip.0.as_deref().and_then(|s| s.parse().ok()),
            user_agent: user_agent(headers),
            app_id,
        }
    }
}

/// One user's permissions in one namespace, evaluated at one instant.
#[derive(Debug, Clone)]
pub struct UserPermissions {
    /// The request context the grants were evaluated in.
    pub ctx: RequestContext,
    /// Every grant the user holds in the namespace (or only those on the asked codes).
    pub grants: Vec<Grant>,
}

impl UserPermissions {
    /// Loads the grants of `user_id` in `namespace`: all of them, or with `codes` only those
    /// on the codes that can cover the asked resources ([`permission::candidate_codes`]).
    pub async fn load(
        state: &AppState,
        pool_id: &str,
        user_id: &str,
        namespace: &str,
        caller: Caller,
        asked: Option<(&[String], Match)>,
    ) -> AppResult<Self> {
        let now = state.clock.now_millis();
        let subjects = state.store.user_subjects(pool_id, user_id, now).await?;
        let codes: Option<Vec<String>> = asked.map(|(resources, how)| {
            let mut all: Vec<String> = resources
                .iter()
                .flat_map(|r| permission::candidate_codes(r, how))
                .collect();
            all.sort();
            all.dedup();
            all
        });
        let grants = state
            .store
            .subject_grants(pool_id, namespace, &subjects, codes.as_deref())
            .await?;
        Ok(UserPermissions {
            ctx: RequestContext {
                now_millis: now,
                source_ip: caller.ip,
                user_id: user_id.to_owned(),
                pool_id: pool_id.to_owned(),
                app_id: caller.app_id,
                namespace: namespace.to_owned(),
                user_agent: caller.user_agent,
            },
            grants,
        })
    }

    /// Whether `action` on `resource` is allowed.
    pub fn allows(&self, resource: &str, action: &str, how: Match) -> bool {
        permission::is_allowed(&self.grants, resource, action, &self.ctx, how)
    }

    /// The actions allowed on `resource`.
    pub fn actions_on(&self, resource: &str, how: Match) -> Vec<String> {
        permission::allowed_actions(&self.grants, resource, &self.ctx, how)
    }

    /// The effective grants, one per granted code.
    pub fn effective(&self) -> Vec<Effective> {
        permission::effective(&self.grants, &self.ctx)
    }
}

/// The wire `AuthorizedResource` of an effective (allowed) grant.
fn render_effective(e: &Effective) -> AuthorizedResourceDto {
    AuthorizedResourceDto {
        resource_code: e.resource_code.clone(),
        description: e.description.clone(),
        condition: None,
        resource_type: e.resource_type,
        api_identifier: e.api_identifier.clone().unwrap_or_default(),
        actions: e.actions.clone(),
        effect: Effect::Allow,
    }
}

/// The effective grants of a user in a namespace, optionally of one kind, as the wire list
/// (`/api/v3/get-user-authorized-resources` and its management twin).
pub async fn user_authorized(
    state: &AppState,
    pool_id: &str,
    user_id: &str,
    namespace: &str,
    caller: Caller,
    kind: Option<ResourceType>,
) -> AppResult<Page<AuthorizedResourceDto>> {
    let perms = UserPermissions::load(state, pool_id, user_id, namespace, caller, None).await?;
    let list: Vec<AuthorizedResourceDto> = perms
        .effective()
        .iter()
        .filter(|e| kind.is_none_or(|k| e.resource_type == k))
        .map(render_effective)
        .collect();
    Ok(Page {
        total_count: i64::try_from(list.len()).unwrap_or(i64::MAX),
        list,
    })
}
