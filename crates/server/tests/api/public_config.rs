//! `GET /api/v2/applications/{appId}/public-config`: public, what Guard reads, no secret;
//! readable cross-origin by the application's own origins only; an unknown application is an
//! envelope error.

use crate::common::{TestServer, assert_error};
use reqwest::header;
use serde_json::{Value, json};

const ORIGIN: &str = "http://shop.example:3001";

async fn create_app(ts: &TestServer, token: &str, redirect: &str) -> String {
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Guarded shop", "appType": "spa", "redirectUris": [redirect],
                    "logoutRedirectUris": [format!("{ORIGIN}/bye")],
                    "tokenEndpointAuthMethod": "none"}),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["appId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn public_config_is_public_complete_and_secret_free() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let id = create_app(&ts, &token, &format!("{ORIGIN}/cb")).await;
    let other = create_app(&ts, &token, "http://other.example/cb").await;
    let secret = ts
        .get_raw(
            &format!("/api/v3/get-application-secret?appId={id}"),
            Some(&token),
        )
        .await["data"]["secret"]
        .as_str()
        .unwrap()
        .to_string();

    let path = format!("/api/v2/applications/{id}/public-config");
    let resp = ts
        .http
        .get(ts.url(&path))
        .header(header::ORIGIN, ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], ORIGIN);
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let text = resp.text().await.unwrap();
    assert!(!text.contains(&secret), "the secret leaked: {text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["code"], 200);
    let d = &body["data"];
    assert_eq!(d["id"], id.as_str());
    assert_eq!(d["userPoolId"], ts.server.defaults.user_pool_id.as_str());
    assert_eq!(d["name"], "Guarded shop");
    assert_eq!(d["protocol"], "oidc");
    assert_eq!(d["requestHostname"], ts.server.addr.to_string());
    assert_eq!(
        d["oidcConfig"]["redirect_uris"],
        json!([format!("{ORIGIN}/cb")])
    );
    assert_eq!(d["logoutRedirectUris"], json!([format!("{ORIGIN}/bye")]));
    assert_eq!(d["oidcConfig"]["token_endpoint_auth_method"], "none");
    assert_eq!(
        d["oidcConfig"]["introspection_endpoint_auth_method"],
        "client_secret_post"
    );

    // The path names the application: another application's origin may not read it, even in
    // a preflight.
    let resp = ts
        .http
        .get(ts.url(&path))
        .header(header::ORIGIN, "http://other.example")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    for (origin, status) in [(ORIGIN, 204), ("http://other.example", 403)] {
        let resp = ts
            .http
            .request(reqwest::Method::OPTIONS, ts.url(&path))
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-authing-app-id")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), status, "{origin}");
        assert_eq!(
            resp.headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_some(),
            status == 204
        );
    }
    let resp = ts
        .http
        .get(ts.url(&format!("/api/v2/applications/{other}/public-config")))
        .header(header::ORIGIN, "http://other.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://other.example"
    );
}

#[tokio::test]
async fn unknown_applications_are_envelope_errors() {
    let ts = TestServer::start().await;
    for id in ["nope", "%00", "a%2Fb"] {
        let body = ts
            .get_raw(&format!("/api/v2/applications/{id}/public-config"), None)
            .await;
        assert_error(&body, 404);
        assert_eq!(body["apiCode"], 2011, "{body}");
    }
}
