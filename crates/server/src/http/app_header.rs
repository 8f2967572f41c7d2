//! The `x-authing-app-id` header: which application a call is for. Read by the API's
//! application context, the OIDC endpoints and CORS alike.

/// The `x-authing-app-id` header, if present and not empty.
pub fn app_id_header(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get("x-authing-app-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}
