//! The management API (`ManagementClient` of the official SDKs).

pub mod access_keys;
pub mod apps;
pub mod audit;
pub mod audit_layer;
pub mod audit_ops;
pub mod auth;
pub mod global_mfa;
pub mod paging;
pub mod security;
pub mod sessions;
pub mod token;
pub mod users;

use crate::state::AppState;
use axum::middleware;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Management routes: the token endpoint (public) and everything behind management auth.
pub fn router(state: AppState) -> OpenApiRouter<AppState> {
    let protected = OpenApiRouter::new()
        .routes(routes!(users::create_user))
        .routes(routes!(users::create_users_batch))
        .routes(routes!(users::get_user))
        .routes(routes!(users::get_user_batch))
        .routes(routes!(users::list_users, users::list_users_legacy))
        .routes(routes!(users::update_user))
        .routes(routes!(users::delete_users_batch))
        .routes(routes!(users::is_user_exists))
        .routes(routes!(security::get_security_settings))
        .routes(routes!(security::update_security_settings))
        .routes(routes!(apps::create_application))
        .routes(routes!(apps::get_application))
        .routes(routes!(apps::list_applications))
        .routes(routes!(apps::update_application))
        .routes(routes!(apps::delete_application))
        .routes(routes!(apps::get_application_secret))
        .routes(routes!(apps::refresh_application_secret))
        .routes(routes!(access_keys::create_access_key))
        .routes(routes!(access_keys::list_access_key))
        .routes(routes!(access_keys::get_access_key))
        .routes(routes!(access_keys::update_access_key))
        .routes(routes!(access_keys::delete_access_key))
        .routes(routes!(global_mfa::get_global_mfa_settings))
        .routes(routes!(global_mfa::update_global_mfa_settings))
        .routes(routes!(global_mfa::disable_global_mfa_settings))
        .routes(routes!(audit::get_admin_audit_logs))
        .routes(routes!(audit::get_user_action_logs))
        .routes(routes!(sessions::kick_users))
        .routes(routes!(sessions::check_session_status))
        .routes(routes!(sessions::get_user_login_history))
        .routes(routes!(sessions::get_user_loggedin_apps))
        // Inside authentication (route layers added later run first): sees the caller.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            audit_layer::record,
        ))
        .route_layer(middleware::from_fn_with_state(state, auth::require));
    OpenApiRouter::new()
        .routes(routes!(token::get_management_token))
        .merge(protected)
}
