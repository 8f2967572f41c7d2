//! The signed-in user's own view (spec §2.11): `get-my-*`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `GET /api/v3/get-my-login-history` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct MyLoginHistoryQuery {
    /// Only sign-ins to this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Only sign-ins from this IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Only successful (true) or failed (false) attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// From (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// Until (epoch ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// What is known of the user agent of a sign-in (`ParsedUserAgent`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedUserAgent {
    /// Device.
    pub device: String,
    /// Browser.
    pub name: String,
    /// Operating system.
    pub os: String,
}

/// One sign-in attempt of `get-my-login-history`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyLoginHistoryItem {
    /// The user.
    pub user_id: String,
    /// Application.
    pub app_id: String,
    /// Application name.
    pub app_name: String,
    /// Application sign-in URL.
    pub app_login_url: String,
    /// Application logo.
    pub app_logo: String,
    /// When, ISO-8601.
    pub login_at: String,
    /// Client IP.
    pub client_ip: String,
    /// Whether it succeeded.
    pub success: bool,
    /// The failure's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// User agent.
    pub user_agent: String,
    /// The user agent, parsed (not parsed yet: empty strings).
    pub parsed_user_agent: ParsedUserAgent,
    /// How (`password`, `passcode`, …).
    pub login_method: String,
    /// Location of the IP (no geo database: `null`).
    pub geoip: Option<Value>,
}

/// An application of `get-my-logged-in-apps` / `get-my-accessible-apps`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyApp {
    /// Application id.
    pub app_id: String,
    /// Name.
    pub app_name: String,
    /// Sign-in URL.
    pub app_login_url: String,
    /// Logo.
    pub app_logo: String,
    /// Whether the user holds a live session there.
    pub active: bool,
}

/// `GET /api/v3/get-my-role-list` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MyRoleListQuery {
    /// Namespace code (default `default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// `GET /api/v3/get-my-department-list` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct MyDepartmentListQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Include the departments' `customData`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_custom_data: Option<bool>,
    /// `DepartmentCreatedAt`, `JoinDepartmentAt` (default), `DepartmentName`, `DepartmemtCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// `Asc` or `Desc` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
}
