//! The signed-in user's own view (spec §2.11): roles, groups, departments, sign-in history,
//! the applications signed in to and the applications the user may use. Everything is scoped
//! to the pool and user of the access token.
//!
//! `get-my-accessible-apps` lists every application of the pool: authgate has no per-app
//! access policy yet, so every user of a pool may use each of its applications.

use crate::http::{AppResult, Data, Query};
use crate::state::AppState;
use crate::user_actions::event;
use crate::user_auth::CurrentUser;
use crate::views::app_briefs::AppBriefs;
use crate::views::department as view;
use crate::views::group::group_dto;
use crate::views::paging::page_window;
use crate::views::role as roles;
use crate::views::sorting::user_dept_sort;
use authgate_core::application::Application;
use authgate_core::timefmt::iso8601;
use authgate_proto::Page;
use authgate_proto::departments::UserDepartmentDto;
use authgate_proto::groups::GroupDto;
use authgate_proto::my::{
    MyApp, MyDepartmentListQuery, MyLoginHistoryItem, MyLoginHistoryQuery, MyRoleListQuery,
    ParsedUserAgent,
};
use authgate_proto::roles::RoleDto;
use authgate_store::{AppQuery, UserActionQuery, Window};
use axum::extract::State;

/// Most applications `get-my-accessible-apps` lists.
const MAX_APPS: i64 = 1000;

/// The user's roles in a namespace (default `default`), as in force now: an assignment that
/// has not started or has ended does not count.
#[utoipa::path(get, path = "/api/v3/get-my-role-list", tag = "my",
    params(MyRoleListQuery),
    responses((status = 200, description = "Envelope; data: Role[]", body = [RoleDto])))]
pub async fn get_my_role_list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MyRoleListQuery>,
) -> AppResult<Data<Vec<RoleDto>>> {
    let pool = &me.claims.pool;
    let ns = roles::namespace(&state, pool, q.namespace.as_deref()).await?;
    let list = state
        .store
        .user_roles(pool, &me.user.id, Some(&ns.code), state.clock.now_millis())
        .await?;
    Ok(Data(
        list.iter().map(|r| roles::to_dto(r, &ns.name)).collect(),
    ))
}

/// The user's groups.
#[utoipa::path(get, path = "/api/v3/get-my-group-list", tag = "my",
    responses((status = 200, description = "Envelope; data: Group[]", body = [GroupDto])))]
pub async fn get_my_group_list(
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<Data<Vec<GroupDto>>> {
    let groups = state
        .store
        .user_groups(&me.claims.pool, &me.user.id)
        .await?;
    Ok(Data(groups.iter().map(|g| group_dto(g, false)).collect()))
}

/// The user's departments, one page (limit ≤ 50), ordered as asked.
#[utoipa::path(get, path = "/api/v3/get-my-department-list", tag = "my",
    params(MyDepartmentListQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: UserDepartment[]}", body = Page<UserDepartmentDto>)))]
pub async fn get_my_department_list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MyDepartmentListQuery>,
) -> AppResult<Data<Page<UserDepartmentDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let sort = user_dept_sort(q.sort_by.as_deref(), q.order_by.as_deref())?;
    let (total_count, list) = state
        .store
        .user_memberships(&me.user.id, sort, Window { offset, limit })
        .await?;
    let with_custom = q.with_custom_data.unwrap_or(false);
    Ok(Data(Page {
        total_count,
        list: list
            .iter()
            .map(|m| view::user_department(m, with_custom))
            .collect(),
    }))
}

/// The user's sign-in attempts, newest first (limit ≤ 50), by application, IP, outcome and
/// time (epoch ms).
#[utoipa::path(get, path = "/api/v3/get-my-login-history", tag = "my",
    params(MyLoginHistoryQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list}", body = Page<MyLoginHistoryItem>)))]
pub async fn get_my_login_history(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<MyLoginHistoryQuery>,
) -> AppResult<Data<Page<MyLoginHistoryItem>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    let pool = &me.claims.pool;
    let query = UserActionQuery {
        user_id: Some(me.user.id.clone()),
        event_type: Some(event::LOGIN.into()),
        success: q.success,
        app_id: q.app_id.filter(|s| !s.is_empty()),
        ip: q.client_ip.filter(|s| !s.is_empty()),
        start: q.start,
        end: q.end,
        offset,
        limit,
        ..UserActionQuery::default()
    };
    let (total_count, rows) = state.store.list_user_actions(pool, &query).await?;
    let mut apps = AppBriefs::new(&state, pool);
    let mut list = Vec::with_capacity(rows.len());
    for r in rows {
        let app_id = r.app_id.unwrap_or_default();
        let brief = apps.get(&app_id).await?.unwrap_or_default();
        list.push(MyLoginHistoryItem {
            user_id: me.user.id.clone(),
            app_id,
            app_name: brief.name,
            app_login_url: brief.login_url,
            app_logo: brief.logo,
            login_at: iso8601(r.created_at),
            client_ip: r.ip.unwrap_or_default(),
            success: r.success,
            error_message: r.api_code.map(|c| format!("apiCode {c}")),
            user_agent: r.user_agent.unwrap_or_default(),
            parsed_user_agent: ParsedUserAgent::default(),
            login_method: r.method,
            geoip: None,
        });
    }
    Ok(Data(Page { total_count, list }))
}

/// `app` as listed to the user, `active` when the user holds a live session there.
async fn my_app(state: &AppState, me: &CurrentUser, app: Application) -> AppResult<MyApp> {
    let active = state
        .store
        .has_app_session(
            &me.claims.pool,
            &me.user.id,
            &app.id,
            state.clock.now_millis(),
        )
        .await?;
    Ok(MyApp {
        app_id: app.id,
        app_name: app.name,
        app_login_url: app.settings.init_login_uri.unwrap_or_default(),
        app_logo: app.logo.unwrap_or_default(),
        active,
    })
}

/// The applications the user ever signed in to (that still exist), most recent first.
#[utoipa::path(get, path = "/api/v3/get-my-logged-in-apps", tag = "my",
    responses((status = 200, description = "Envelope; data: app[]", body = [MyApp])))]
pub async fn get_my_logged_in_apps(
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<Data<Vec<MyApp>>> {
    let ids = state
        .store
        .user_login_apps(&me.claims.pool, &me.user.id)
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(app) = state.store.get_app(&id).await?
            && app.pool_id == me.claims.pool
        {
            out.push(my_app(&state, &me, app).await?);
        }
    }
    Ok(Data(out))
}

/// The applications the user may use: every application of the pool (see the module
/// documentation).
#[utoipa::path(get, path = "/api/v3/get-my-accessible-apps", tag = "my",
    responses((status = 200, description = "Envelope; data: app[]", body = [MyApp])))]
pub async fn get_my_accessible_apps(
    State(state): State<AppState>,
    me: CurrentUser,
) -> AppResult<Data<Vec<MyApp>>> {
    let query = AppQuery {
        keyword: None,
        offset: 0,
        limit: MAX_APPS,
    };
    let (_, apps) = state.store.list_apps(&me.claims.pool, &query).await?;
    let mut out = Vec::with_capacity(apps.len());
    for app in apps {
        out.push(my_app(&state, &me, app).await?);
    }
    Ok(Data(out))
}
