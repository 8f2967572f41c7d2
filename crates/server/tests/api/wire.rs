//! Transport rules (spec §1.2, §1.7): every bad input gets a JSON envelope with HTTP 200 on
//! `/api/v3`, never a plain-text rejection or a 500; the SDKs' encodings are tolerated.

use crate::common::{FetchJson, TestServer, assert_error};
use serde_json::{Value, json};

async fn create(ts: &TestServer, token: &str, body: Value) -> Value {
    ts.post_json("/api/v3/create-user", &body, Some(token))
        .await
}

#[tokio::test]
async fn malformed_bodies_are_400_envelopes() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    for raw in ["{nope", "[1,2]", "\"text\"", "{\"username\": 5}"] {
        let resp = ts
            .http
            .post(ts.url("/api/v3/create-user"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "application/json");
        let body: Value = resp.json().await.unwrap();
        let msg = assert_error(&body, 400);
        assert!(msg.contains("JSON"), "{raw}: {msg}");
    }
    // Missing required field is named.
    let body = ts
        .post_json("/api/v3/update-user", &json!({"name": "x"}), Some(&token))
        .await;
    assert_eq!(assert_error(&body, 400), "Parameter userId is required");
    // null ≡ absent for optional fields.
    let body = create(
        &ts,
        &token,
        json!({"username": "n1", "email": null, "phone": null}),
    )
    .await;
    assert_eq!(body["statusCode"], 200, "{body}");
    ts.stop().await;
}

#[tokio::test]
async fn unknown_routes_wrong_methods_and_big_bodies() {
    let ts = TestServer::start().await;
    let body = ts.get_raw("/api/v3/no-such-thing", None).await;
    assert_eq!(
        assert_error(&body, 404),
        "No such endpoint: /api/v3/no-such-thing"
    );

    let resp = ts
        .http
        .delete(ts.url("/api/v3/get-management-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_error(&body, 405);

    let big = "x".repeat(70 * 1024);
    let resp = ts
        .http
        .post(ts.url("/api/v3/get-management-token"))
        .body(format!("{{\"accessKeyId\":\"{big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_error(&resp.json().await.unwrap(), 413);

    // Outside /api/v3 the real HTTP status is used; protocol paths answer RFC bodies.
    let resp = ts.http.get(ts.url("/nowhere")).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let resp = ts.http.get(ts.url("/oidc/nowhere")).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
    assert!(body["error_description"].is_string());
    ts.stop().await;
}

#[tokio::test]
async fn sdk_query_encodings_and_repeated_slashes() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let a = create(
        &ts,
        &token,
        json!({"username": "qa", "customData": {"team": "red"}}),
    )
    .await;
    let b = create(&ts, &token, json!({"username": "qb"})).await;
    let (ia, ib) = (
        a["data"]["userId"].as_str().unwrap().to_string(),
        b["data"]["userId"].as_str().unwrap().to_string(),
    );
    for q in [
        format!("userIds[]={ia}&userIds[]={ib}"),
        format!("userIds%5B%5D={ia}&userIds%5B%5D={ib}"),
        format!("userIds={ia}&userIds={ib}"),
        format!("userIds={ia},{ib}"),
        format!("userIds={ia}%2C{ib}"),
    ] {
        let body = ts
            .get_raw(
                &format!("/api/v3/get-user-batch?{q}&withCustomData=False"),
                Some(&token),
            )
            .await;
        let list = body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("{q}: {body}"));
        assert_eq!(list.len(), 2, "{q}");
        assert!(list[0].get("customData").is_none(), "withCustomData=False");
    }
    // True / true / 1 all switch a flag on; path with doubled slashes routes the same.
    for flag in ["True", "true", "1"] {
        let body = ts
            .get_raw(
                &format!("//api//v3/get-user?userId={ia}&withCustomData={flag}"),
                Some(&token),
            )
            .await;
        assert_eq!(body["data"]["customData"]["team"], "red", "{flag}: {body}");
    }
    let body = ts
        .get_raw(
            &format!("/api/v3/get-user?userId={ia}&withCustomData=maybe"),
            Some(&token),
        )
        .await;
    assert!(assert_error(&body, 400).contains("withCustomData"));
    let body = ts
        .get_raw("/api/v3/list-users?limit=ten", Some(&token))
        .await;
    assert!(assert_error(&body, 400).contains("limit"));
    ts.stop().await;
}

#[tokio::test]
async fn language_request_id_and_headers() {
    let ts = TestServer::start().await;
    let resp = ts
        .http
        .get(ts.url("/api/v3/get-user?userId=x"))
        .header("x-authing-lang", "zh-CN")
        .header("x-request-id", "trace-123")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-request-id"], "trace-123");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["requestId"], "trace-123");
    assert_eq!(assert_error(&body, 401), "缺少管理凭证");

    let resp = ts.http.get(ts.url("/healthz")).send().await.unwrap();
    let id = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "generated uuid");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"]["status"], "ok");
    assert_eq!(body["requestId"], id.as_str());
    let body = ts.get_raw("/readyz", None).await;
    assert_eq!(body["statusCode"], 200);
    ts.stop().await;
}

#[tokio::test]
async fn metrics_count_requests_by_route() {
    let ts = TestServer::start().await;
    ts.get_raw("/healthz", None).await;
    let text = ts
        .http
        .get(ts.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("authgate_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/healthz\""), "{text}");
    assert!(
        text.contains("authgate_http_request_duration_seconds_bucket"),
        "{text}"
    );
    ts.stop().await;
}

#[tokio::test]
async fn jwks_and_discovery() {
    let ts = TestServer::start().await;
    let jwks: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/jwks.json"))
        .fetch_json()
        .await;
    let keys = jwks["keys"].as_array().unwrap();
    assert!(!keys.is_empty());
    for k in keys {
        assert_eq!(k["kty"], "RSA");
        assert_eq!(k["alg"], "RS256");
        assert!(k["kid"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(k["e"], "AQAB");
    }
    let disco: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/openid-configuration"))
        .fetch_json()
        .await;
    assert_eq!(disco["issuer"], ts.url("/oidc"));
    assert_eq!(disco["jwks_uri"], ts.url("/oidc/.well-known/jwks.json"));
    assert_eq!(disco["token_endpoint"], ts.url("/oidc/token"));
    assert_eq!(disco["userinfo_endpoint"], ts.url("/oidc/me"));
    assert_eq!(disco["authorization_endpoint"], ts.url("/oidc/auth"));
    ts.stop().await;
}
