//! `/openapi.json` documents every route.

use crate::common::{FetchJson, TestServer};
use serde_json::Value;

/// Routes are only added through `utoipa_axum::routes!`, which documents them; this test
/// guards the convention by failing on any plain axum `.route(` call in the server source.
#[test]
fn every_route_is_added_through_the_documenting_router() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut offenders = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(src)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(".route(") || text.contains(".nest_service(") {
                    offenders.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "undocumented routing in {offenders:?}"
    );
}

#[tokio::test]
async fn document_lists_the_routes_and_they_answer() {
    let ts = TestServer::start().await;
    let doc: Value = ts.http.get(ts.url("/openapi.json")).fetch_json().await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v3/get-management-token",
        "/api/v3/create-user",
        "/api/v3/create-users-batch",
        "/api/v3/get-user",
        "/api/v3/get-user-batch",
        "/api/v3/list-users",
        "/api/v3/update-user",
        "/api/v3/delete-users-batch",
        "/api/v3/is-user-exists",
        "/oidc/.well-known/jwks.json",
        "/oidc/.well-known/openid-configuration",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the document");
    }
    assert!(paths["/api/v3/list-users"].get("get").is_some());
    assert!(paths["/api/v3/list-users"].get("post").is_some());
    // Every documented path is routed (none falls through to the unknown-route answer).
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let resp = ts.http.request(m, ts.url(path)).send().await.unwrap();
            if let Ok(body) = resp.json::<Value>().await {
                assert_ne!(
                    body["apiCode"], 40400,
                    "{method} {path} is documented but not routed"
                );
            }
        }
    }
    ts.stop().await;
}
