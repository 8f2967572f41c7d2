//! The response envelope of every `/api/v3` answer, and shapes shared by many endpoints.

use serde::{Deserialize, Serialize};

/// `{statusCode, message, apiCode, requestId, data}`. HTTP status is 200 even for errors;
/// `statusCode` carries the business status (200 = success).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// Business status: 200 on success, 4xx/5xx-class on failure.
    pub status_code: u16,
    /// Localised message; empty on success.
    #[serde(default)]
    pub message: String,
    /// Fine-grained error code; absent on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_code: Option<u32>,
    /// Request id (also in the `x-request-id` response header and the server log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The payload; absent for envelope-only endpoints and on failure.
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
}

/// A page of results: `{totalCount, list}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// Number of matches over all pages.
    pub total_count: i64,
    /// This page.
    pub list: Vec<T>,
}

/// `{success}`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuccessData {
    /// Whether the operation succeeded.
    pub success: bool,
}

/// `{exists}`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExistsData {
    /// Whether a match exists.
    pub exists: bool,
}

/// Paging parameters in bodies: `{page, limit}`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pagination {
    /// Page number, from 1.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<i64>,
}

/// The largest page size any list endpoint accepts.
pub const MAX_PAGE_SIZE: i64 = 50;
/// The page size when none is asked for.
pub const DEFAULT_PAGE_SIZE: i64 = 10;
