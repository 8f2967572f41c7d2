//! Answers for unknown routes and wrong methods, in the shape of the request's surface.

use super::error::AppError;
use authgate_core::ApiError;
use authgate_core::error::codes;
use authgate_core::messages::Msg;
use axum::http::{Method, Uri};

/// No route matches the path.
pub async fn not_found(uri: Uri) -> AppError {
    AppError(ApiError::new(
        404,
        codes::ROUTE_NOT_FOUND,
        Msg::RouteNotFound {
            path: uri.path().to_string(),
        },
    ))
}

/// The path exists but not with this method.
pub async fn method_not_allowed(method: Method) -> AppError {
    AppError(ApiError::new(
        405,
        codes::METHOD_NOT_ALLOWED,
        Msg::MethodNotAllowed {
            method: method.to_string(),
        },
    ))
}
