//! The management API (`ManagementClient` of the official SDKs).

pub mod apps;
pub mod auth;
pub mod paging;
pub mod security;
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
        .route_layer(middleware::from_fn_with_state(state, auth::require));
    OpenApiRouter::new()
        .routes(routes!(token::get_management_token))
        .merge(protected)
}
