//! The shape of a failure follows the handler's error type, not the path it was reached by:
//! the protocol handlers answer RFC 6749 bodies and the GenAuth API handlers the envelope
//! even when mounted where the path alone would suggest the other shape.

use crate::common::TestServer;
use authgate_server::http::context;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

/// The real protocol routes under `/api/v3/protocol` (an envelope path) and the real V3 API
/// under `/oauth/v3` (a protocol path), behind the request-context layer, on a free port.
async fn crossed_mounts(ts: &TestServer) -> String {
    let (protocol, _) = authgate_server::oidc::protocol::router().split_for_parts();
    let (api, _) = authgate_server::api_v3::router().split_for_parts();
    let router = axum::Router::new()
        .nest("/api/v3/protocol", protocol)
        .nest("/oauth/v3", api)
        .layer(axum::middleware::from_fn(|req, next| {
            context::layer(Duration::from_secs(10), req, next)
        }))
        .with_state(ts.server.state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn protocol_errors_are_rfc_bodies_on_any_path() {
    let ts = TestServer::start().await;
    let base = crossed_mounts(&ts).await;
    let http = reqwest::Client::new();

    let resp = http
        .post(format!("{base}/api/v3/protocol/token"))
        .form(&[("grant_type", "password")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");
    assert!(body.get("statusCode").is_none(), "{body}");

    // A client that does not exist: RFC 6749 §5.2 invalid_client, with its challenge.
    let resp = http
        .post(format!("{base}/api/v3/protocol/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_id", "no-such-app"),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("www-authenticate"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");

    // UserInfo without a token: invalid_token and a Bearer challenge.
    let resp = http
        .get(format!("{base}/api/v3/protocol/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        resp.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "invalid_token");
}

#[tokio::test]
async fn api_errors_are_envelopes_on_any_path() {
    let ts = TestServer::start().await;
    let base = crossed_mounts(&ts).await;
    let resp = reqwest::Client::new()
        .get(format!("{base}/oauth/v3/api/v3/get-profile"))
        .header("x-authing-lang", "zh-CN")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["statusCode"], 401);
    assert_eq!(body["apiCode"], 2020);
    assert_eq!(body["message"], "尚未登录，无访问权限");
    assert!(body.get("error").is_none(), "{body}");
}
