//! The authentication API (`AuthenticationClient` of the official SDKs) under `/api/v3`.

pub mod app_check;
pub mod app_context;
pub mod binding;
pub mod change_contact;
pub mod delete_account;
pub mod my;
pub mod password;
pub mod permissions;
pub mod profile;
pub mod push;
pub mod qrcode;
pub mod security_info;
pub mod signin;
pub mod signup;
pub mod status_stream;
pub mod system;
pub mod verify_code;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Authentication API routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signin::signin))
        .routes(routes!(app_check::check_app_id_secret))
        .routes(routes!(signup::signup))
        .routes(routes!(system::system))
        .routes(routes!(qrcode::gene_qrcode))
        .routes(routes!(qrcode::qrcode_image))
        .routes(routes!(qrcode::check_qrcode_status))
        .routes(routes!(qrcode::get_qrcode_status))
        .routes(routes!(qrcode::change_qrcode_status))
        .routes(routes!(qrcode::set_qrcode_status))
        .routes(routes!(qrcode::exchange_tokenset_with_qrcode_ticket))
        .routes(routes!(qrcode::qrcode_status_stream))
        .routes(routes!(push::signin_by_push))
        .routes(routes!(push::check_pushcode_status))
        .routes(routes!(push::change_pushcode_status))
        .routes(routes!(push::set_pushcode_status))
        .routes(routes!(push::get_pushlogin_relation_apps))
        .routes(routes!(push::pushcode_status_stream))
        .routes(routes!(push::pushcode_stream))
        .routes(routes!(verify_code::send_email))
        .routes(routes!(verify_code::send_sms))
        .routes(routes!(verify_code::pre_check_code))
        .routes(routes!(profile::get_profile))
        .routes(routes!(profile::update_profile))
        .routes(routes!(security_info::get_security_info))
        .routes(routes!(binding::bind_email))
        .routes(routes!(binding::unbind_email))
        .routes(routes!(binding::bind_phone))
        .routes(routes!(binding::unbind_phone))
        .routes(routes!(password::update_password))
        .routes(routes!(password::verify_reset_password_request))
        .routes(routes!(password::reset_password))
        .routes(routes!(change_contact::verify_update_email_request))
        .routes(routes!(change_contact::update_email))
        .routes(routes!(change_contact::verify_update_phone_request))
        .routes(routes!(change_contact::update_phone))
        .routes(routes!(delete_account::verify_delete_account_request))
        .routes(routes!(delete_account::delete_account))
        .routes(routes!(permissions::get_my_authorized_resources))
        .routes(routes!(permissions::check_permission_string_resource))
        .routes(routes!(permissions::check_permission_array_resource))
        .routes(routes!(permissions::check_permission_tree_resource))
        .routes(routes!(permissions::get_user_auth_resource_list))
        .routes(routes!(permissions::get_user_auth_resource_permission_list))
        .routes(routes!(my::get_my_role_list))
        .routes(routes!(my::get_my_group_list))
        .routes(routes!(my::get_my_department_list))
        .routes(routes!(my::get_my_login_history))
        .routes(routes!(my::get_my_logged_in_apps))
        .routes(routes!(my::get_my_accessible_apps))
}
