//! CAS logout (`GET /cas-idp/logout?url=` and `GET /cas-idp/{appId}/logout?service=&url=`):
//! ends the browser's SSO session ([`crate::sso_cookie::end`]) and returns to `url` (else
//! `service`) only when it matches a redirect URI or a logout redirect URI of an application
//! of the session's pool — or of the named application's pool, or of the default pool when
//! neither is known (same matching rule as services, [`super::service`]). Otherwise, a
//! "signed out" page.

use super::page;
use super::params::CasParams;
use crate::sso_cookie as session;
use crate::state::AppState;
use crate::web::cas_service as service;
use authgate_store::{AppQuery, StoreError};
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// Applications read per page while looking for a registered URL.
const PAGE: i64 = 100;

/// CAS logout for every application.
#[utoipa::path(get, path = "/cas-idp/logout", tag = "cas",
    params(("url" = Option<String>, Query, description = "Where to go next, when registered for an application of the pool")),
    responses(
        (status = 302, description = "To `url`, the SSO session ended"),
        (status = 200, description = "The signed-out page", content_type = "text/html")))]
pub async fn cas_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    logout(&state, &headers, None, query.as_deref()).await
}

/// CAS logout started from an application (older SDKs).
#[utoipa::path(get, path = "/cas-idp/{appId}/logout", tag = "cas",
    params(
        ("appId" = String, Path, description = "The application"),
        ("service" = Option<String>, Query, description = "Where to go next when `url` is absent"),
        ("url" = Option<String>, Query, description = "Where to go next"),
    ),
    responses(
        (status = 302, description = "To `url` / `service`, the SSO session ended"),
        (status = 200, description = "The signed-out page", content_type = "text/html")))]
pub async fn cas_app_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    logout(&state, &headers, Some(&app_id), query.as_deref()).await
}

async fn logout(
    state: &AppState,
    headers: &HeaderMap,
    app_id: Option<&str>,
    query: Option<&str>,
) -> Response {
    let params = CasParams::parse(query);
    let (ended, clear) = session::end(state, headers).await;
    let target = params.url.or(params.service);
    if let Some(target) = target {
        let pool = match ended {
            Some(s) => Some(s.pool_id),
            None => pool_of_app_or_default(state, app_id).await,
        };
        match pool {
            Some(pool) => match registered_in_pool(state, &pool, &target).await {
                Ok(true) => return page::found(&target, &[clear]),
                Ok(false) => tracing::info!("CAS logout: the target URL is not registered"),
                Err(e) => tracing::warn!(error = %e, "CAS logout: reading applications failed"),
            },
            None => tracing::info!("CAS logout: no pool to check the target URL against"),
        }
    }
    let lang = page::lang(headers);
    let t = page::texts(lang);
    page::notice(
        lang,
        &crate::web::branding::Branding::default(),
        t.signed_out_title,
        t.signed_out,
        vec![clear],
    )
}

/// The pool of application `app_id`, else the default pool.
async fn pool_of_app_or_default(state: &AppState, app_id: Option<&str>) -> Option<String> {
    if let Some(id) = app_id
        && let Ok(Some(app)) = state.store.get_app(id).await
    {
        return Some(app.pool_id);
    }
    state
        .store
        .default_pool()
        .await
        .ok()
        .flatten()
        .map(|p| p.id)
}

/// Whether `url` matches a redirect or logout redirect URI of an application of `pool_id`.
async fn registered_in_pool(
    state: &AppState,
    pool_id: &str,
    url: &str,
) -> Result<bool, StoreError> {
    let mut offset = 0;
    loop {
        let query = AppQuery {
            keyword: None,
            offset,
            limit: PAGE,
        };
        let (total, apps) = state.store.list_apps(pool_id, &query).await?;
        if apps.iter().any(|a| {
            service::registered_in(&a.settings.redirect_uris, url)
                || service::registered_in(&a.settings.logout_redirect_uris, url)
        }) {
            return Ok(true);
        }
        offset += PAGE;
        if apps.is_empty() || offset >= total {
            return Ok(false);
        }
    }
}
