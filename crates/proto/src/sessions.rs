//! Sessions and sign-in history on the management API (spec §5.3.3).

use serde::{Deserialize, Serialize};

/// Options of `kick-users`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KickUsersOptions {
    /// How to interpret `userId` (default `user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// `POST /api/v3/kick-users` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KickUsersRequest {
    /// The applications to sign the user out of.
    pub app_ids: Vec<String>,
    /// The user.
    pub user_id: String,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<KickUsersOptions>,
}

/// `POST /api/v3/check-session-status` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckSessionStatusRequest {
    /// The application.
    pub app_id: String,
    /// The user (by id).
    pub user_id: String,
}

/// `check-session-status` data.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionStatus {
    /// Whether the user holds a live session in the application.
    pub active: bool,
}

/// `GET /api/v3/get-user-login-history` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct UserLoginHistoryQuery {
    /// The user.
    pub user_id: String,
    /// How to interpret `userId` (default `user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    /// Only sign-ins to this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Only sign-ins from this IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// From (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// Until (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size (default 10, at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// One sign-in of `get-user-login-history`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserLoginHistoryItem {
    /// Application id.
    pub app_id: String,
    /// Application name (empty when the application is gone).
    pub app_name: String,
    /// Application logo.
    pub app_logo: String,
    /// Application sign-in URL.
    pub app_login_url: String,
    /// Client IP.
    pub client_ip: String,
    /// User agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// When (ISO 8601).
    pub time: String,
}

/// `GET /api/v3/get-user-loggedin-apps` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct UserLoggedInAppsQuery {
    /// The user.
    pub user_id: String,
    /// How to interpret `userId` (default `user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// An application a user signed in to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoggedInApp {
    /// Application id.
    pub app_id: String,
    /// Application name.
    pub app_name: String,
    /// Application logo.
    pub app_logo: String,
    /// Application sign-in URL.
    pub app_login_url: String,
}
