//! The official SDKs' HTTP calls, as listed in `compat/sdk-methods.json` (generated from the
//! Node, Python, Java and Go SDK packages by `compat/extract_sdk_methods.py`).
//!
//! A call of the official SDKs that authgate does not implement is answered with one
//! envelope — `statusCode` 501, apiCode [`authgate_core::error::codes::NOT_IMPLEMENTED`] — never
//! a 404 page (spec §7 item 15, decided in `docs/compatibility.md`). The same list renders
//! `docs/compatibility.md` against the router in the server's tests.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

static SDK_CALLS_JSON: &str = include_str!("../compat/sdk-methods.json");

/// One of the four official SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sdk {
    /// `authing-node-sdk` (npm).
    Node,
    /// `authing` (PyPI).
    Python,
    /// `cn.authing:authing-java-sdk` (Maven Central).
    Java,
    /// `github.com/Authing/authing-golang-sdk/v3`.
    Go,
}

impl Sdk {
    /// All four, in the order the compatibility table lists them.
    pub const ALL: [Sdk; 4] = [Sdk::Node, Sdk::Python, Sdk::Java, Sdk::Go];

    /// The key of this SDK in `sdk-methods.json`.
    pub fn key(self) -> &'static str {
        match self {
            Sdk::Node => "node",
            Sdk::Python => "python",
            Sdk::Java => "java",
            Sdk::Go => "go",
        }
    }

    /// The column title.
    pub fn title(self) -> &'static str {
        match self {
            Sdk::Node => "Node",
            Sdk::Python => "Python",
            Sdk::Java => "Java",
            Sdk::Go => "Go",
        }
    }
}

/// One HTTP call of the official SDKs and the methods that make it.
#[derive(Debug, Clone, Deserialize)]
pub struct SdkCall {
    /// HTTP method (`GET`, `POST`, `PUT`, `DELETE`), or `WS` for the events WebSocket, `CLIENT`
    /// for helpers that never reach the server.
    pub method: String,
    /// Path as the first SDK spells it; a `{name}` segment is one segment the SDK fills in
    /// (Node and Java send some of them literally, braces and all).
    pub path: String,
    /// A fixed option every method of this entry sends on a shared path (`connection=LDAP`),
    /// empty when there is none.
    #[serde(default)]
    pub variant: String,
    /// `ManagementClient` or `AuthenticationClient`.
    pub client: String,
    /// Methods of the Node SDK making the call.
    #[serde(default)]
    pub node: Vec<String>,
    /// Methods of the Python SDK making the call.
    #[serde(default)]
    pub python: Vec<String>,
    /// Methods of the Java SDK making the call.
    #[serde(default)]
    pub java: Vec<String>,
    /// Methods of the Go SDK making the call.
    #[serde(default)]
    pub go: Vec<String>,
}

impl SdkCall {
    /// The methods of `sdk` making this call.
    pub fn methods(&self, sdk: Sdk) -> &[String] {
        match sdk {
            Sdk::Node => &self.node,
            Sdk::Python => &self.python,
            Sdk::Java => &self.java,
            Sdk::Go => &self.go,
        }
    }

    /// The path with every `{name}` segment written `{id}`, the way two SDKs' spellings of one
    /// call compare equal.
    pub fn generic_path(&self) -> String {
        generic_path(&self.path)
    }
}

/// `/a/{appId}/b` → `/a/{id}/b`, after the normalisation every request path gets before routing
/// (Java's `/oidc/me/` is the route `/oidc/me`).
pub fn generic_path(path: &str) -> String {
    crate::http::normalize::routed_path(path)
        .split('/')
        .map(|s| if is_placeholder(s) { "{id}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_placeholder(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

#[derive(Deserialize)]
struct SdkList {
    sources: BTreeMap<String, String>,
    calls: Vec<SdkCall>,
}

struct Index {
    list: SdkList,
    exact: HashSet<(String, String)>,
    patterns: Vec<(String, Vec<String>)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        // The list is embedded at build time and checked by a unit test below.
        let list: SdkList = serde_json::from_str(SDK_CALLS_JSON).unwrap_or(SdkList {
            sources: BTreeMap::new(),
            calls: Vec::new(),
        });
        let mut exact = HashSet::new();
        let mut patterns = Vec::new();
        for call in &list.calls {
            if call.path.split('/').any(is_placeholder) {
                let segments = call.path.split('/').map(str::to_string).collect();
                patterns.push((call.method.clone(), segments));
            } else {
                exact.insert((call.method.clone(), call.path.clone()));
            }
        }
        Index {
            list,
            exact,
            patterns,
        }
    })
}

/// Every call of the official SDKs.
pub fn sdk_calls() -> &'static [SdkCall] {
    &index().list.calls
}

/// Which package each SDK's calls were read from (or why they were not).
pub fn sdk_source(sdk: Sdk) -> &'static str {
    index()
        .list
        .sources
        .get(sdk.key())
        .map_or("not extracted", String::as_str)
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
                .all(|(p, s)| (is_placeholder(p) && !s.is_empty()) || p == s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_list_parses_and_names_its_sources() {
        let list: SdkList = serde_json::from_str(SDK_CALLS_JSON).unwrap();
        assert!(list.calls.len() > 600);
        assert_eq!(sdk_calls().len(), list.calls.len());
        let count = |sdk| {
            list.calls
                .iter()
                .map(|c| c.methods(sdk).len())
                .sum::<usize>()
        };
        assert!(count(Sdk::Node) > 600, "{}", count(Sdk::Node));
        assert!(count(Sdk::Python) > 500, "{}", count(Sdk::Python));
        assert!(count(Sdk::Java) > 500, "{}", count(Sdk::Java));
        for sdk in Sdk::ALL {
            assert!(!sdk_source(sdk).is_empty(), "{sdk:?}");
        }
    }

    #[test]
    fn calls_are_matched_exactly_or_by_placeholder() {
        assert!(is_sdk_call("GET", "/api/v3/list-post"));
        assert!(is_sdk_call("POST", "/api/v3/list-post"));
        assert!(!is_sdk_call("PATCH", "/api/v3/list-post"));
        assert!(!is_sdk_call("GET", "/api/v3/no-such-call"));
        assert!(is_sdk_call("GET", "/cas-idp/app1/validate"));
        assert!(!is_sdk_call("GET", "/cas-idp//validate"));
        assert!(!is_sdk_call("GET", "/cas-idp/a/b/validate"));
        // Node sends this placeholder unfilled; the client percent-encodes the braces.
        assert!(is_sdk_call(
            "DELETE",
            "/api/v3/webauthn/credentials/%7BcredentialId%7D"
        ));
        // Java-only: the userinfo with a trailing slash, the v2 token check.
        assert!(is_sdk_call("GET", "/oidc/me/"));
        assert!(is_sdk_call("GET", "/api/v2/oidc/validate_token"));
        assert!(
            is_sdk_call("GET", "/api/v3/verify-config"),
            "a Go-only call"
        );
        assert!(!is_sdk_call("POST", "/api/v3/verify-config"));
    }

    #[test]
    fn placeholders_compare_by_position_not_name() {
        assert_eq!(
            generic_path("/api/v3/webauthn/credentials/{credentialId}"),
            "/api/v3/webauthn/credentials/{id}"
        );
        assert_eq!(generic_path("/oidc/me/"), "/oidc/me");
    }
}
