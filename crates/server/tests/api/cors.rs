//! CORS over HTTP: an application's registered web origins (of its redirect and logout URIs)
//! may read the browser routes' answers, with credentials and never `*`; other origins —
//! another application's included — get no CORS header; management routes and the hosted pages
//! never get one; preflights are answered; an edited application counts at once.

use crate::common::{APP_USER_PASSWORD, TestServer, create_app_user};
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, Response};
use serde_json::{Value, json};

/// Application A's redirect URI and logout URI: two web origins.
const A_CB: &str = "http://app-a.example:8080/cb";
const A_ORIGIN: &str = "http://app-a.example:8080";
const A_LOGOUT_ORIGIN: &str = "https://out-a.example";
/// Application B's.
const B_ORIGIN: &str = "http://app-b.example";
const EVIL: &str = "http://evil.example";

/// Creates a public application (`none`) with `redirect` and `logout` URIs; its id.
async fn create_app(ts: &TestServer, redirect: &str, logout: &str) -> String {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Spa", "appType": "spa", "redirectUris": [redirect],
                    "logoutRedirectUris": [logout], "tokenEndpointAuthMethod": "none"}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["appId"].as_str().unwrap().to_string()
}

/// Two applications, A and B.
async fn two_apps(ts: &TestServer) -> (String, String) {
    let a = create_app(ts, A_CB, &format!("{A_LOGOUT_ORIGIN}/bye")).await;
    let b = create_app(ts, &format!("{B_ORIGIN}/cb"), &format!("{B_ORIGIN}/bye")).await;
    (a, b)
}

/// A preflight of `method` to `path` from `origin`.
async fn preflight(ts: &TestServer, path: &str, origin: &str, method: &str) -> Response {
    ts.http
        .request(Method::OPTIONS, ts.url(path))
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "Content-Type, x-authing-request-from, X-Authing-App-Id",
        )
        .send()
        .await
        .unwrap()
}

/// A token request (a code that does not exist) from `origin`, the client in the form body.
async fn token_request(ts: &TestServer, origin: &str, client_id: &str) -> Response {
    ts.http
        .post(ts.url("/oidc/token"))
        .header(header::ORIGIN, origin)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", "no-such-code"),
            ("client_id", client_id),
            ("code_verifier", "v"),
        ])
        .send()
        .await
        .unwrap()
}

/// Asserts `origin` may read the answer, with credentials.
#[track_caller]
fn assert_allowed(h: &HeaderMap, origin: &str) {
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], origin, "{h:?}");
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert!(vary_has_origin(h), "{h:?}");
}

/// Asserts no CORS header at all.
#[track_caller]
fn assert_no_cors(h: &HeaderMap) {
    for name in [
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::ACCESS_CONTROL_ALLOW_HEADERS,
    ] {
        assert!(h.get(&name).is_none(), "{name} present: {h:?}");
    }
}

fn vary_has_origin(h: &HeaderMap) -> bool {
    h.get_all(header::VARY)
        .iter()
        .any(|v| v.to_str().unwrap().to_ascii_lowercase().contains("origin"))
}

#[tokio::test]
async fn token_family_preflight_and_answers_for_the_clients_origins_only() {
    let ts = TestServer::start().await;
    let (a, b) = two_apps(&ts).await;

    // A preflight names no application: any registered origin passes, nothing else.
    let resp = preflight(&ts, "/oidc/token", A_ORIGIN, "POST").await;
    assert_eq!(resp.status(), 204);
    let h = resp.headers();
    assert_allowed(h, A_ORIGIN);
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_METHODS], "GET, POST");
    assert_eq!(
        h[header::ACCESS_CONTROL_ALLOW_HEADERS],
        "content-type, x-authing-request-from, x-authing-app-id"
    );
    assert!(h.get(header::ACCESS_CONTROL_MAX_AGE).is_some());
    for (origin, method) in [(EVIL, "POST"), (A_ORIGIN, "DELETE")] {
        let resp = preflight(&ts, "/oidc/token", origin, method).await;
        assert_eq!(resp.status(), 403, "{origin} {method}");
        assert_no_cors(resp.headers());
    }
    // Not a web origin at all: not a CORS request for authgate, the route answers as usual.
    for origin in ["null", &format!("{A_ORIGIN}/")] {
        let resp = preflight(&ts, "/oidc/token", origin, "POST").await;
        assert_ne!(resp.status(), 204, "{origin}");
        assert_no_cors(resp.headers());
    }

    // The answer itself is for the client named in the body: A's origins, not B's.
    for origin in [A_ORIGIN, A_LOGOUT_ORIGIN] {
        let resp = token_request(&ts, origin, &a).await;
        assert_eq!(resp.status(), 400, "an RFC error, still readable");
        assert_allowed(resp.headers(), origin);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"], "invalid_grant", "{body}");
    }
    for origin in [B_ORIGIN, EVIL] {
        let resp = token_request(&ts, origin, &a).await;
        assert_no_cors(resp.headers());
        assert!(vary_has_origin(resp.headers()));
    }
    assert_allowed(token_request(&ts, B_ORIGIN, &b).await.headers(), B_ORIGIN);
    // A client id that cannot exist (a NUL byte) is no application.
    assert_no_cors(token_request(&ts, A_ORIGIN, "a\0b").await.headers());

    // `x-authing-app-id` names the client too (the SDK's refresh: no client_id in the body).
    let resp = ts
        .http
        .post(ts.url("/oidc/token"))
        .header(header::ORIGIN, B_ORIGIN)
        .header("x-authing-app-id", &b)
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "nope")])
        .send()
        .await
        .unwrap();
    assert_allowed(resp.headers(), B_ORIGIN);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant", "{body}");

    // Without an Origin nothing changes but Vary.
    let resp = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", a.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_no_cors(resp.headers());
}

#[tokio::test]
async fn management_routes_and_hosted_pages_never_get_cors_headers() {
    let ts = TestServer::start().await;
    let (a, _) = two_apps(&ts).await;
    let token = ts.mgmt_token().await;
    for path in [
        "/api/v3/list-users",
        "/api/v3/create-user",
        "/api/v3/get-management-token",
    ] {
        let resp = preflight(&ts, path, A_ORIGIN, "POST").await;
        assert_no_cors(resp.headers());
        assert_ne!(resp.status(), 204, "{path}");
    }
    let resp = ts
        .http
        .post(ts.url("/api/v3/list-users"))
        .header(header::ORIGIN, A_ORIGIN)
        .header("x-authing-app-id", &a)
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_no_cors(resp.headers());
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["statusCode"], 200, "the call itself works: {body}");
    for path in [format!("/login?app_id={a}"), "/healthz".to_string()] {
        let resp = ts
            .http
            .get(ts.url(&path))
            .header(header::ORIGIN, A_ORIGIN)
            .send()
            .await
            .unwrap();
        assert_no_cors(resp.headers());
    }
}

/// Signs `username` in through `/api/v3/signin` for public application `app` from `origin`.
async fn signin(ts: &TestServer, app: &str, origin: &str, username: &str) -> Response {
    ts.http
        .post(ts.url("/api/v3/signin"))
        .header(header::ORIGIN, origin)
        .header("x-authing-app-id", app)
        .json(&json!({"connection": "PASSWORD",
                      "passwordPayload": {"username": username, "password": APP_USER_PASSWORD}}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn authentication_routes_take_the_app_from_the_header_the_token_or_the_default() {
    let ts = TestServer::start().await;
    let (a, b) = two_apps(&ts).await;
    create_app_user(&ts, "ada").await;

    let resp = signin(&ts, &a, A_ORIGIN, "ada").await;
    assert_allowed(resp.headers(), A_ORIGIN);
    let body: Value = resp.json().await.unwrap();
    let token = body["data"]["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_string();
    assert_no_cors(signin(&ts, &b, A_ORIGIN, "ada").await.headers());
    assert_no_cors(signin(&ts, &a, EVIL, "ada").await.headers());

    // No app header: the verified access token's application decides (UserInfo, get-profile).
    for path in ["/api/v3/get-profile", "/oidc/me"] {
        let call = |origin: &'static str, bearer: String| {
            ts.http
                .get(ts.url(path))
                .header(header::ORIGIN, origin)
                .bearer_auth(bearer)
                .send()
        };
        let resp = call(A_ORIGIN, token.clone()).await.unwrap();
        assert_allowed(resp.headers(), A_ORIGIN);
        assert_no_cors(call(B_ORIGIN, token.clone()).await.unwrap().headers());
        // A forged token names no application: `/api/v3` falls back on the default one (which
        // registers nothing here), UserInfo on any application of the pool (so the application
        // can read the `invalid_token` answer).
        let forged = format!("{}x", &token[..token.len() - 1]);
        let resp = call(A_ORIGIN, forged.clone()).await.unwrap();
        if path == "/oidc/me" {
            assert_eq!(resp.status(), 401);
            assert_allowed(resp.headers(), A_ORIGIN);
        } else {
            assert_no_cors(resp.headers());
        }
        assert_no_cors(call(EVIL, forged).await.unwrap().headers());
    }
    // Discovery and keys: public documents for the pool's registered origins.
    for path in [
        "/oidc/.well-known/openid-configuration",
        "/oidc/.well-known/jwks.json",
    ] {
        let get = |origin: &'static str| {
            ts.http
                .get(ts.url(path))
                .header(header::ORIGIN, origin)
                .send()
        };
        assert_allowed(get(B_ORIGIN).await.unwrap().headers(), B_ORIGIN);
        assert_no_cors(get(EVIL).await.unwrap().headers());
    }
}

#[tokio::test]
async fn an_edited_application_counts_at_once() {
    let ts = TestServer::start().await;
    let (a, _) = two_apps(&ts).await;
    assert_allowed(token_request(&ts, A_ORIGIN, &a).await.headers(), A_ORIGIN);
    let store = &ts.server.state.store;
    let mut app = store.get_app(&a).await.unwrap().unwrap();
    app.settings.redirect_uris = vec!["http://moved.example/cb".into()];
    assert!(store.update_app(&app).await.unwrap());
    assert_no_cors(token_request(&ts, A_ORIGIN, &a).await.headers());
    let resp = preflight(&ts, "/oidc/token", A_ORIGIN, "POST").await;
    assert_eq!(resp.status(), 403);
    assert_allowed(
        token_request(&ts, "http://moved.example", &a)
            .await
            .headers(),
        "http://moved.example",
    );
}
