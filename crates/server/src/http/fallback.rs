//! Answers for unknown routes and wrong methods. No handler ran, so no handler type says the
//! shape: it follows the request path ([`unrouted`]).

use super::error::unrouted;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use axum::http::{Method, Uri};
use axum::response::Response;

/// Calls of the Java SDK (spec §1.6.3, "Java-only paths") that the generated SDK list
/// (`compat/sdk-methods.json`, Node and Python) does not name and authgate does not serve:
/// - `signin-by-mobile` signs in with a social provider's mobile payload (WeChat, Apple,
///   Alipay, …); authgate has no external identity providers;
/// - `list-users-by-keywords` and `send-user-reset-password-email-link` exist only in later
///   3.1.x releases than Maven Central serves (3.1.9), so their wire is unknown; both methods
///   are covered.
const JAVA_ONLY_CALLS: &[(&str, &str)] = &[
    ("POST", "/api/v3/signin-by-mobile"),
    ("GET", "/api/v3/list-users-by-keywords"),
    ("POST", "/api/v3/list-users-by-keywords"),
    ("GET", "/api/v3/send-user-reset-password-email-link"),
    ("POST", "/api/v3/send-user-reset-password-email-link"),
];

/// Whether some official SDK makes `method path`.
fn is_sdk_call(method: &Method, path: &str) -> bool {
    crate::compat::is_sdk_call(method.as_str(), path)
        || JAVA_ONLY_CALLS
            .iter()
            .any(|(m, p)| *m == method.as_str() && *p == path)
}

/// No route matches the path: a call of the official SDKs that authgate does not implement
/// gets the not-implemented envelope, anything else a 404.
pub async fn not_found(method: Method, uri: Uri) -> Response {
    unrouted(if is_sdk_call(&method, uri.path()) {
        ApiError::not_implemented(uri.path())
    } else {
        Msg::RouteNotFound {
            path: uri.path().to_string(),
        }
        .into()
    })
}

/// The path exists but not with this method (unless an official SDK calls it that way: then it
/// is not implemented).
pub async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    unrouted(if is_sdk_call(&method, uri.path()) {
        ApiError::not_implemented(uri.path())
    } else {
        Msg::MethodNotAllowed {
            method: method.to_string(),
        }
        .into()
    })
}
