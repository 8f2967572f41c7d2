//! Path normalisation before routing, done once for every route:
//!
//! - repeated slashes collapse (`//api/v3/x` → `/api/v3/x`), because the Python SDK joins a
//!   host ending in `/` with paths starting with `/`;
//! - a trailing slash is dropped on the protocol families (`/oidc/me/` → `/oidc/me`), because
//!   the Java SDK asks for UserInfo at `/oidc/me/?access_token=…` (spec §1.6.3).
//!
//! The V3 API (`/api/v3/…`) keeps its trailing slash: there every path names one operation,
//! the Node SDK signs the exact path string, and `/api/v3/x/` stays an unknown route rather
//! than a second spelling of `/api/v3/x`.

use axum::extract::Request;
use axum::http::Uri;
use axum::http::uri::PathAndQuery;

/// Path prefixes of the protocol endpoints, where a trailing slash is not significant.
const PROTOCOL_PREFIXES: &[&str] = &[
    "/oidc/",
    "/oauth/",
    "/cas-idp/",
    "/mfa/",
    "/api/v2/",
    "/.well-known/",
];

/// The normalised form of `path`, or `None` when it is already normal.
fn normal_path(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len());
    let mut prev_slash = false;
    for c in path.chars() {
        if !(c == '/' && prev_slash) {
            out.push(c);
        }
        prev_slash = c == '/';
    }
    if out.len() > 1
        && out.ends_with('/')
        && PROTOCOL_PREFIXES
            .iter()
            .any(|p| out.starts_with(p) && out.len() > p.len())
    {
        out.pop();
    }
    (out != path).then_some(out)
}

/// `path` as the router sees it (see the module docs).
pub fn routed_path(path: &str) -> String {
    normal_path(path).unwrap_or_else(|| path.to_string())
}

/// Normalises the request path (see the module docs); leaves the query untouched.
pub fn normalize_path(mut req: Request) -> Request {
    let Some(mut path) = normal_path(req.uri().path()) else {
        return req;
    };
    if let Some(q) = req.uri().query() {
        path.push('?');
        path.push_str(q);
    }
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = PathAndQuery::try_from(path) {
        parts.path_and_query = Some(pq);
        if let Ok(uri) = Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
    req
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(uri: &str) -> Uri {
        let req = Request::builder()
            .uri(uri)
            .body(axum::body::Body::empty())
            .unwrap();
        normalize_path(req).uri().clone()
    }

    #[test]
    fn collapses_runs_and_keeps_query() {
        let uri = normalized("http://h//api///v3/get-user?a=1//2");
        assert_eq!(uri.path(), "/api/v3/get-user");
        assert_eq!(uri.query(), Some("a=1//2"));
    }

    #[test]
    fn protocol_paths_lose_a_trailing_slash() {
        let uri = normalized("http://h/oidc/me/?access_token=a.b/c");
        assert_eq!(uri.path(), "/oidc/me");
        assert_eq!(uri.query(), Some("access_token=a.b/c"));
        assert_eq!(normalized("/oauth/token//").path(), "/oauth/token");
        assert_eq!(
            normalized("//oidc//token/introspection/").path(),
            "/oidc/token/introspection"
        );
        assert_eq!(
            normalized("/api/v2/oidc/validate_token/").path(),
            "/api/v2/oidc/validate_token"
        );
    }

    #[test]
    fn other_paths_keep_it() {
        assert_eq!(normalized("/api/v3/get-user/").path(), "/api/v3/get-user/");
        assert_eq!(normalized("/").path(), "/");
        assert_eq!(normalized("/oidc/").path(), "/oidc/");
        assert_eq!(normalized("/login/").path(), "/login/");
        assert_eq!(normal_path("/oidc/me"), None);
    }
}
