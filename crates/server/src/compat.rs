//! The official SDKs' HTTP calls, as listed in `compat/sdk-methods.json` (generated from the
//! SDK packages by `compat/extract_sdk_methods.py`).
//!
//! A call of the official SDKs that authgate does not implement is answered with one
//! envelope — `statusCode` 501, apiCode [`authgate_core::error::codes::NOT_IMPLEMENTED`] — never
//! a 404 page (spec §7 item 15, decided in `docs/compatibility.md`). The same list renders
//! `docs/compatibility.md` against the router in the server's tests.

use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

static SDK_CALLS_JSON: &str = include_str!("../compat/sdk-methods.json");

/// One HTTP call of the official SDKs and the methods that make it.
#[derive(Debug, Clone, Deserialize)]
pub struct SdkCall {
    /// HTTP method (`GET`, `POST`), or `WS` for the events WebSocket, `CLIENT` for helpers that
    /// never reach the server.
    pub method: String,
    /// Path; `{id}` stands for one segment the SDK fills in.
    pub path: String,
    /// `ManagementClient` or `AuthenticationClient`.
    pub client: String,
    /// Methods of the Node SDK making the call.
    pub node: Vec<String>,
    /// Methods of the Python SDK making the call.
    pub python: Vec<String>,
}

struct Index {
    calls: Vec<SdkCall>,
    exact: HashSet<(String, String)>,
    patterns: Vec<(String, Vec<String>)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        // The list is embedded at build time and checked by a unit test below.
        let calls: Vec<SdkCall> = serde_json::from_str(SDK_CALLS_JSON).unwrap_or_default();
        let mut exact = HashSet::new();
        let mut patterns = Vec::new();
        for call in &calls {
            if call.path.contains("{id}") {
                let segments = call.path.split('/').map(str::to_string).collect();
                patterns.push((call.method.clone(), segments));
            } else {
                exact.insert((call.method.clone(), call.path.clone()));
            }
        }
        Index {
            calls,
            exact,
            patterns,
        }
    })
}

/// Every call of the official SDKs.
pub fn sdk_calls() -> &'static [SdkCall] {
    &index().calls
}

/// Calls only the Go SDK (`authing-golang-sdk/v3`) makes, missing from the Node / Python list
/// (read from the SDK's source, spec §1.6.3). `check-app-id-secret`, the Go client's start-up
/// check, is implemented (`api_v3::app_check`); these are not, and answer the same 501
/// envelope as the other unimplemented SDK calls.
pub const GO_ONLY_CALLS: &[(&str, &str)] = &[
    ("POST", "/api/v3/signin-by-mobile"),
    ("GET", "/api/v3/verify-config"),
    ("POST", "/api/v3/update-multiple-tenant-admin"),
    ("POST", "/api/v3/delete-multiple-tenant-admin"),
    ("POST", "/api/v3/update-tenant-cooperator"),
    ("POST", "/api/v3/delete-tenant-cooperator"),
];

/// Whether `method path` is a call some official SDK makes.
pub fn is_sdk_call(method: &str, path: &str) -> bool {
    if GO_ONLY_CALLS.contains(&(method, path)) {
        return true;
    }
    let index = index();
    if index
        .exact
        .contains(&(method.to_string(), path.to_string()))
    {
        return true;
    }
    let segments: Vec<&str> = path.split('/').collect();
    index.patterns.iter().any(|(m, pattern)| {
        m == method
            && pattern.len() == segments.len()
            && pattern
                .iter()
                .zip(&segments)
                .all(|(p, s)| (p == "{id}" && !s.is_empty()) || p == s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_list_parses_and_covers_both_sdks() {
        let calls: Vec<SdkCall> = serde_json::from_str(SDK_CALLS_JSON).unwrap();
        assert!(calls.len() > 600);
        assert_eq!(sdk_calls().len(), calls.len());
        let node: usize = calls.iter().map(|c| c.node.len()).sum();
        let python: usize = calls.iter().map(|c| c.python.len()).sum();
        assert!(node > 600 && python > 500, "{node} {python}");
    }

    #[test]
    fn calls_are_matched_exactly_or_by_placeholder() {
        assert!(is_sdk_call("GET", "/api/v3/list-post"));
        assert!(is_sdk_call("POST", "/api/v3/list-post"));
        assert!(!is_sdk_call("DELETE", "/api/v3/list-post"));
        assert!(!is_sdk_call("GET", "/api/v3/no-such-call"));
        assert!(is_sdk_call("GET", "/cas-idp/app1/validate"));
        assert!(!is_sdk_call("GET", "/cas-idp//validate"));
        assert!(!is_sdk_call("GET", "/cas-idp/a/b/validate"));
        assert!(
            is_sdk_call("GET", "/api/v3/verify-config"),
            "a Go-only call"
        );
        assert!(!is_sdk_call("POST", "/api/v3/verify-config"));
    }
}
