//! The management API (`ManagementClient` of the official SDKs).

pub mod access_keys;
pub mod apps;
pub mod audit;
pub mod audit_layer;
pub mod audit_ops;
pub mod auth;
pub mod custom_fields;
pub mod department_members;
pub mod departments;
pub mod global_mfa;
pub mod groups;
pub mod membership;
pub mod namespaces;
pub mod organizations;
/// Paging parameters, shared with the API: [`crate::views::paging`].
pub use crate::views::paging;
pub mod permissions;
pub mod resources;
pub mod roles;
pub mod security;
pub mod sessions;
pub mod token;
pub mod user_filters;
pub mod users;
pub mod users_extra;

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
        .routes(routes!(users_extra::resign_user))
        .routes(routes!(users_extra::get_user_identities))
        .routes(routes!(users_extra::get_user_mfa_info))
        .routes(routes!(custom_fields::get_custom_fields))
        .routes(routes!(custom_fields::set_custom_fields))
        .routes(routes!(custom_fields::delete_custom_fields))
        .routes(routes!(custom_fields::set_custom_data))
        .routes(routes!(custom_fields::get_custom_data))
        .routes(routes!(security::get_security_settings))
        .routes(routes!(security::update_security_settings))
        .routes(routes!(apps::create_application))
        .routes(routes!(apps::get_application))
        .routes(routes!(apps::list_applications))
        .routes(routes!(apps::update_application))
        .routes(routes!(apps::delete_application))
        .routes(routes!(apps::get_application_secret))
        .routes(routes!(apps::refresh_application_secret))
        .routes(routes!(organizations::create_organization))
        .routes(routes!(organizations::get_organization))
        .routes(routes!(organizations::get_organization_batch))
        .routes(routes!(organizations::list_organizations))
        .routes(routes!(organizations::search_organizations))
        .routes(routes!(organizations::update_organization))
        .routes(routes!(organizations::delete_organization))
        .routes(routes!(departments::create_department))
        .routes(routes!(departments::get_department))
        .routes(routes!(departments::update_department))
        .routes(routes!(departments::delete_department))
        .routes(routes!(departments::search_departments))
        .routes(routes!(departments::search_departments_list))
        .routes(routes!(departments::list_children_departments))
        .routes(routes!(departments::get_all_departments))
        .routes(routes!(departments::get_parent_department))
        .routes(routes!(department_members::list_department_members))
        .routes(routes!(department_members::search_department_members))
        .routes(routes!(department_members::list_department_member_ids))
        .routes(routes!(department_members::add_department_members))
        .routes(routes!(department_members::remove_department_members))
        .routes(routes!(department_members::is_user_in_department))
        .routes(routes!(department_members::get_user_departments))
        .routes(routes!(department_members::set_user_departments))
        .routes(routes!(roles::create_role))
        .routes(routes!(roles::create_roles_batch))
        .routes(routes!(roles::get_role))
        .routes(routes!(roles::list_roles))
        .routes(routes!(roles::update_role))
        .routes(routes!(roles::delete_roles_batch))
        .routes(routes!(roles::assign_role))
        .routes(routes!(roles::assign_role_batch))
        .routes(routes!(roles::revoke_role))
        .routes(routes!(roles::revoke_role_batch))
        .routes(routes!(roles::list_role_members))
        .routes(routes!(roles::list_role_departments))
        .routes(routes!(roles::has_any_role))
        .routes(routes!(roles::get_user_roles))
        .routes(routes!(groups::create_group))
        .routes(routes!(groups::create_or_update_group))
        .routes(routes!(groups::create_groups_batch))
        .routes(routes!(groups::get_group))
        .routes(routes!(groups::list_groups))
        .routes(routes!(groups::get_all_groups))
        .routes(routes!(groups::update_group))
        .routes(routes!(groups::delete_groups_batch))
        .routes(routes!(groups::add_group_members))
        .routes(routes!(groups::remove_group_members))
        .routes(routes!(groups::list_group_members))
        .routes(routes!(groups::get_user_groups))
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
