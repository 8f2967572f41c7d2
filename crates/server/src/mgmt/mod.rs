//! The management API (`ManagementClient` of the official SDKs).

pub mod apps;
pub mod auth;
pub mod namespaces;
pub mod paging;
pub mod permissions;
pub mod resources;
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
        .routes(routes!(namespaces::create_namespace))
        .routes(routes!(namespaces::create_namespaces_batch))
        .routes(routes!(namespaces::get_namespace))
        .routes(routes!(namespaces::get_namespaces_batch))
        .routes(routes!(namespaces::list_namespaces))
        .routes(routes!(namespaces::update_namespace))
        .routes(routes!(namespaces::delete_namespace))
        .routes(routes!(namespaces::delete_namespaces_batch))
        .routes(routes!(resources::create_resource))
        .routes(routes!(resources::create_resources_batch))
        .routes(routes!(resources::get_resource))
        .routes(routes!(resources::get_resources_batch))
        .routes(routes!(resources::list_common_resource))
        .routes(routes!(resources::list_resources))
        .routes(routes!(resources::update_resource))
        .routes(routes!(resources::delete_resource))
        .routes(routes!(resources::delete_resources_batch))
        .routes(routes!(permissions::authorize_resources))
        .routes(routes!(permissions::get_authorized_resources))
        .routes(routes!(permissions::get_user_authorized_resources))
        .routes(routes!(permissions::is_action_allowed))
        .routes(routes!(permissions::get_resource_authorized_targets))
        .routes(routes!(permissions::get_role_authorized_resources))
        .routes(routes!(permissions::get_group_authorized_resources))
        .route_layer(middleware::from_fn_with_state(state, auth::require));
    OpenApiRouter::new()
        .routes(routes!(token::get_management_token))
        .merge(protected)
}
