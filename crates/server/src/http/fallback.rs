//! Answers for unknown routes and wrong methods, in the shape of the request's surface.

use super::error::AppError;
use authgate_core::ApiError;
use authgate_core::error::codes;
use authgate_core::messages::Msg;
use axum::http::{Method, Uri};

/// No route matches the path: a call of the official SDKs that authgate does not implement
/// gets the not-implemented envelope, anything else a 404.
pub async fn not_found(method: Method, uri: Uri) -> AppError {
    if crate::compat::is_sdk_call(method.as_str(), uri.path()) {
        return AppError(ApiError::not_implemented(uri.path()));
    }
    AppError(ApiError::new(
        404,
        codes::ROUTE_NOT_FOUND,
        Msg::RouteNotFound {
            path: uri.path().to_string(),
        },
    ))
}

/// The path exists but not with this method (unless an official SDK calls it that way: then it
/// is not implemented).
pub async fn method_not_allowed(method: Method, uri: Uri) -> AppError {
    if crate::compat::is_sdk_call(method.as_str(), uri.path()) {
        return AppError(ApiError::not_implemented(uri.path()));
    }
    AppError(ApiError::new(
        405,
        codes::METHOD_NOT_ALLOWED,
        Msg::MethodNotAllowed {
            method: method.to_string(),
        },
    ))
}
