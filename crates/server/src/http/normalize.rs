//! Path normalisation before routing: repeated slashes collapse (`//api/v3/x` → `/api/v3/x`),
//! because the Python SDK joins a host ending in `/` with paths starting with `/`.

use axum::extract::Request;
use axum::http::Uri;
use axum::http::uri::PathAndQuery;

/// Collapses runs of `/` in the request path; leaves the query untouched.
pub fn collapse_slashes(mut req: Request) -> Request {
    let path = req.uri().path();
    if !path.contains("//") {
        return req;
    }
    let mut collapsed = String::with_capacity(path.len());
    let mut prev_slash = false;
    for c in path.chars() {
        if !(c == '/' && prev_slash) {
            collapsed.push(c);
        }
        prev_slash = c == '/';
    }
    if let Some(q) = req.uri().query() {
        collapsed.push('?');
        collapsed.push_str(q);
    }
    let mut parts = req.uri().clone().into_parts();
    if let Ok(pq) = PathAndQuery::try_from(collapsed) {
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

    #[test]
    fn collapses_runs_and_keeps_query() {
        let req = Request::builder()
            .uri("http://h//api///v3/get-user?a=1//2")
            .body(axum::body::Body::empty())
            .unwrap();
        let req = collapse_slashes(req);
        assert_eq!(req.uri().path(), "/api/v3/get-user");
        assert_eq!(req.uri().query(), Some("a=1//2"));
    }
}
