//! The admin audit log and the user action log (spec §5.3.9).

use crate::envelope::Pagination;
use serde::{Deserialize, Serialize};

/// `POST /api/v3/get-admin-audit-logs` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetAdminAuditLogsRequest {
    /// Only this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Only from this IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Only this operation type (`all` or absent: every one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_type: Option<String>,
    /// Only this resource type (`all` or absent: every one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Only by this administrator (in authgate: the access key id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Only successes / failures.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub success: Option<bool>,
    /// From (epoch ms).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<i64>,
    /// Until (epoch ms).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<i64>,
    /// Paging (limit at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// `POST /api/v3/get-user-action-logs` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GetUserActionLogsRequest {
    /// Only this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Only from this IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Only this event type (`login`, `logout`, `register`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Only this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Only this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// From (epoch ms).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub start: Option<i64>,
    /// Until (epoch ms).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub end: Option<i64>,
    /// Only successes / failures.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub success: Option<bool>,
    /// Paging (limit at most 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// A parsed user agent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedUserAgent {
    /// `desktop`, `mobile` or `other`.
    pub device: String,
    /// Browser or client name.
    pub name: String,
    /// Operating system.
    pub os: String,
}

/// A coordinate.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoLocation {
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
}

/// Where an IP is (authgate has no geo-IP database: every member is empty).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoIp {
    /// Coordinates.
    pub location: GeoLocation,
    /// Country.
    pub country_name: String,
    /// ISO 3166 alpha-2.
    pub country_code2: String,
    /// ISO 3166 alpha-3.
    pub country_code3: String,
    /// Region.
    pub region_name: String,
    /// Region code.
    pub region_code: String,
    /// City.
    pub city_name: String,
    /// Continent.
    pub continent_code: String,
    /// Time zone.
    pub timezone: String,
}

/// One admin audit log entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AdminAuditLog {
    /// The administrator: in authgate the access key that made the call.
    pub admin_user_id: String,
    /// Avatar (empty).
    pub admin_user_avatar: String,
    /// Display name (`root access key` or the key id).
    pub admin_user_display_name: String,
    /// Client IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// GenAuth operation type (`create`, `update`, `delete`, `add`, `remove`, …).
    pub operation_type: String,
    /// GenAuth resource type (`user`, `role`, `application`, …).
    pub resource_type: String,
    /// The operation (`create-user`) and its targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_details: Option<String>,
    /// The request parameters (JSON text, secrets replaced by `[REDACTED]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_param: Option<String>,
    /// State before (JSON text), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_value: Option<String>,
    /// State after (JSON text, redacted), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_value: Option<String>,
    /// Whether it succeeded.
    pub success: bool,
    /// User agent.
    pub user_agent: String,
    /// Parsed user agent.
    pub ua: ParsedUserAgent,
    /// Geo IP (empty).
    pub geoip: GeoIp,
    /// When (ISO 8601).
    pub timestamp: String,
    /// The request id.
    pub request_id: String,
}

/// One user action log entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserActionLog {
    /// The user (empty when the attempt named nobody known).
    pub user_id: String,
    /// Their photo.
    pub user_avatar: String,
    /// Their display name.
    pub user_display_name: String,
    /// Their sign-in count.
    pub user_logins_count: i64,
    /// The application.
    pub app_id: String,
    /// Its name.
    pub app_name: String,
    /// Client IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// `login`, `logout`, `register`, `updateUserPassword`, …
    pub event_type: String,
    /// Method, account tried and apiCode of a failure (JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_detail: Option<String>,
    /// Whether it succeeded.
    pub success: bool,
    /// The application's sign-in URL.
    pub app_login_url: String,
    /// The application's logo.
    pub app_logo: String,
    /// User agent.
    pub user_agent: String,
    /// Parsed user agent.
    pub parsed_user_agent: ParsedUserAgent,
    /// Geo IP (empty).
    pub geoip: GeoIp,
    /// When (ISO 8601).
    pub timestamp: String,
    /// The request id.
    pub request_id: String,
}
