//! Sessions and sign-in history of users (spec §5.3.3): `kick-users`, `check-session-status`,
//! `get-user-login-history`, `get-user-loggedin-apps`.

use super::auth::ManagementCtx;
use super::paging::page_window;
use super::users::{find_user, user_key};
use crate::http::{AppResult, Data, Json, Query};
use crate::state::AppState;
pub use crate::views::app_briefs::{AppBrief, AppBriefs};
use authgate_core::ApiError;
use authgate_core::timefmt::iso8601;
use authgate_core::user::UserKey;
use authgate_proto::Page;
use authgate_proto::envelope::SuccessData;
use authgate_proto::sessions::{
    CheckSessionStatusRequest, KickUsersRequest, LoggedInApp, SessionStatus, UserLoggedInAppsQuery,
    UserLoginHistoryItem, UserLoginHistoryQuery,
};
use authgate_store::UserActionQuery;
use axum::Extension;
use axum::extract::State;

/// Largest number of applications one `kick-users` call may name.
const MAX_APPS: usize = 50;

/// Sign a user out of the given applications: their sessions there end, with every refresh
/// token and access token of those sessions. Sessions in other applications stay, but the
/// user's single sign-on sessions of the hosted pages end, so the browser cannot sign in again
/// without credentials.
#[utoipa::path(post, path = "/api/v3/kick-users", tag = "users",
    request_body = KickUsersRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn kick_users(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<KickUsersRequest>,
) -> AppResult<Data<SuccessData>> {
    if req.app_ids.is_empty() {
        return Err(ApiError::missing("appIds").into());
    }
    if req.app_ids.len() > MAX_APPS {
        return Err(ApiError::invalid("appIds", format!("at most {MAX_APPS} per call")).into());
    }
    if req.app_ids.iter().any(|a| a.trim().is_empty()) {
        return Err(ApiError::invalid("appIds", "must not contain empty ids").into());
    }
    let kind = req.options.as_ref().and_then(|o| o.user_id_type.as_deref());
    let user = find_user(&state, &m.pool_id, &user_key(req.user_id, kind)?).await?;
    state
        .store
        .revoke_user_sessions(
            &m.pool_id,
            &user.id,
            Some(&req.app_ids),
            state.clock.now_millis(),
        )
        .await?;
    state
        .store
        .end_user_sso_sessions(&m.pool_id, &user.id)
        .await?;
    Ok(Data(SuccessData { success: true }))
}

/// Whether the user holds a live session in the application.
#[utoipa::path(post, path = "/api/v3/check-session-status", tag = "users",
    request_body = CheckSessionStatusRequest,
    responses((status = 200, description = "Envelope; data: {active}", body = SessionStatus)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn check_session_status(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CheckSessionStatusRequest>,
) -> AppResult<Data<SessionStatus>> {
    if req.app_id.trim().is_empty() {
        return Err(ApiError::missing("appId").into());
    }
    let user = find_user(&state, &m.pool_id, &user_key(req.user_id, None)?).await?;
    let active = state
        .store
        .has_app_session(&m.pool_id, &user.id, &req.app_id, state.clock.now_millis())
        .await?;
    Ok(Data(SessionStatus { active }))
}

/// A user's successful sign-ins, newest first, by application, IP and time.
#[utoipa::path(get, path = "/api/v3/get-user-login-history", tag = "users",
    params(UserLoginHistoryQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list}", body = Page<UserLoginHistoryItem>)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_login_history(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<UserLoginHistoryQuery>,
) -> AppResult<Data<Page<UserLoginHistoryItem>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let key = user_key(q.user_id, q.user_id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let query = UserActionQuery {
        user_id: Some(user.id),
        event_type: Some(crate::user_actions::event::LOGIN.into()),
        success: Some(true),
        app_id: q.app_id.filter(|s| !s.is_empty()),
        ip: q.client_ip.filter(|s| !s.is_empty()),
        start: q.start,
        end: q.end,
        offset,
        limit,
        ..UserActionQuery::default()
    };
    let (total_count, rows) = state.store.list_user_actions(&m.pool_id, &query).await?;
    let mut apps = AppBriefs::new(&state, &m.pool_id);
    let mut list = Vec::with_capacity(rows.len());
    for r in rows {
        let app_id = r.app_id.unwrap_or_default();
        let brief = apps.get(&app_id).await?.unwrap_or_default();
        list.push(UserLoginHistoryItem {
            app_id,
            app_name: brief.name,
            app_logo: brief.logo,
            app_login_url: brief.login_url,
            client_ip: r.ip.unwrap_or_default(),
            user_agent: r.user_agent,
            time: iso8601(r.created_at),
        });
    }
    Ok(Data(Page { total_count, list }))
}

/// The applications a user ever signed in to (still existing), most recent first.
#[utoipa::path(get, path = "/api/v3/get-user-loggedin-apps", tag = "users",
    params(UserLoggedInAppsQuery),
    responses((status = 200, description = "Envelope; data: app[]", body = [LoggedInApp])),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_user_loggedin_apps(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<UserLoggedInAppsQuery>,
) -> AppResult<Data<Vec<LoggedInApp>>> {
    let key: UserKey = user_key(q.user_id, q.user_id_type.as_deref())?;
    let user = find_user(&state, &m.pool_id, &key).await?;
    let ids = state.store.user_login_apps(&m.pool_id, &user.id).await?;
    let mut apps = AppBriefs::new(&state, &m.pool_id);
    let mut out = Vec::with_capacity(ids.len());
    for app_id in ids {
        if let Some(b) = apps.get(&app_id).await? {
            out.push(LoggedInApp {
                app_id,
                app_name: b.name,
                app_logo: b.logo,
                app_login_url: b.login_url,
            });
        }
    }
    Ok(Data(out))
}
