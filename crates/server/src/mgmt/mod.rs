//! The management API (`ManagementClient` of the official SDKs).

pub mod auth;
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
        .route_layer(middleware::from_fn_with_state(state, auth::require));
    OpenApiRouter::new()
        .routes(routes!(token::get_management_token))
        .merge(protected)
}
