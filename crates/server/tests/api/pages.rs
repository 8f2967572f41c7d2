//! The hosted QR login page over HTTP: rendering in both languages, error pages for bad links,
//! the completion's CSRF and browser-binding checks, and the whole flow down to tokens from
//! `/oidc/token`.

use crate::browser::{Browser, attr};
use crate::common::{FetchJson, TestServer, app_user};
use reqwest::header;
use serde_json::{Value, json};

const CALLBACK: &str = "http://127.0.0.1:9/callback";

/// An application with `redirect_uris` (client_secret_post): (app id, secret).
async fn app_with(ts: &TestServer, redirect_uris: &[&str]) -> (String, String) {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Shop <&>", "appType": "web", "redirectUris": redirect_uris}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let app_id = b["data"]["appId"].as_str().unwrap().to_string();
    let b = ts
        .get_raw(
            &format!("/api/v3/get-application-secret?appId={app_id}"),
            Some(&token),
        )
        .await;
    (app_id, b["data"]["secret"].as_str().unwrap().to_string())
}

/// What a rendered login page holds.
struct Shown {
    qrcode_id: String,
    csrf: String,
}

impl Browser {
    async fn open(&mut self, ts: &TestServer, app_id: &str, extra: &str) -> Shown {
        let resp = self
            .get(ts, &format!("/login/qrcode?app_id={app_id}{extra}"))
            .await;
        assert_eq!(resp.status(), 200);
        let html = resp.text().await.unwrap();
        Shown {
            qrcode_id: attr(&html, "data-qrcode-id=\"").to_string(),
            csrf: attr(&html, "name=\"csrf\" value=\"").to_string(),
        }
    }

    async fn complete(&mut self, ts: &TestServer, form: &[(&str, &str)]) -> reqwest::Response {
        self.post(ts, "/login/qrcode/complete", form).await
    }
}

async fn act(ts: &TestServer, token: &str, id: &str, action: &str) {
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/change-qrcode-status"))
        .header("authorization", token)
        .json(&json!({"qrcodeId": id, "action": action}))
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{action}: {b}");
}

fn set_cookie<'a>(resp: &'a reqwest::Response, name: &str) -> &'a str {
    resp.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
}

/// Asserts an HTML error page (no redirect) containing `text`.
async fn assert_error_page(resp: reqwest::Response, status: u16, text: &str) {
    assert_eq!(resp.status(), status);
    assert!(resp.headers().get(header::LOCATION).is_none());
    assert!(
        resp.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = resp.text().await.unwrap();
    assert!(html.contains(text), "{text} not in {html}");
}

#[tokio::test]
async fn page_renders_the_code_in_both_languages() {
    let ts = TestServer::start().await;
    let (app_id, _) = app_with(&ts, &[CALLBACK, "http://127.0.0.1:9/other"]).await;
    let mut b = Browser::new();
    let resp = b
        .get(&ts, &format!("/login/qrcode?app_id={app_id}&state=xyz"))
        .await;
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'nonce-",
        "style-src 'nonce-",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self' http://127.0.0.1:9",
    ] {
        assert!(csp.contains(directive), "{directive} not in {csp}");
    }
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    let cookie = set_cookie(&resp, "authgate_qr_login").to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(cookie.contains("Path=/login/qrcode"), "{cookie}");
    let html = resp.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    assert!(html.contains("<svg role=\"img\""), "inline SVG");
    assert!(
        html.contains("Sign in to Shop &lt;&amp;&gt;"),
        "escaped app name"
    );
    assert!(html.contains("<html lang=\"en-US\">"));
    let id = attr(&html, "data-qrcode-id=\"");
    assert_eq!(id.len(), 32);
    let s = ts
        .get_raw(&format!("/api/v3/check-qrcode-status?qrcodeId={id}"), None)
        .await;
    assert_eq!(s["data"]["status"], "PENDING");

    for (query, accept, marker) in [
        ("&lang=zh-CN", None, "扫码登录"),
        ("", Some("zh-CN,zh;q=0.9,en;q=0.5"), "扫码登录"),
        ("&lang=en-US", Some("zh-CN"), "Sign in with a QR code"),
    ] {
        let resp = b
            .get_in(
                &ts,
                &format!("/login/qrcode?app_id={app_id}{query}"),
                accept,
            )
            .await;
        assert_eq!(resp.status(), 200);
        let html = resp.text().await.unwrap();
        assert!(html.contains(marker), "{query} {accept:?}");
        assert_ne!(
            attr(&html, "data-qrcode-id=\""),
            id,
            "each load shows a new code"
        );
    }
    ts.stop().await;
}

#[tokio::test]
async fn bad_links_get_error_pages_never_redirects() {
    let ts = TestServer::start().await;
    let (app_id, _) = app_with(&ts, &[CALLBACK]).await;
    let (bare_app, _) = app_with(&ts, &[]).await;
    let mut b = Browser::new();
    let cases = [
        (
            format!("/login/qrcode?app_id={app_id}&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"),
            "is not registered",
        ),
        (
            format!(
                "/login/qrcode?app_id={app_id}&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback%2F"
            ),
            "is not registered",
        ),
        (
            format!("/login/qrcode?app_id={bare_app}"),
            "no registered redirect URI",
        ),
        ("/login/qrcode?app_id=nope".to_string(), "does not exist"),
        ("/login/qrcode".to_string(), "app_id is missing"),
    ];
    for (path, text) in cases {
        let resp = b.get(&ts, &path).await;
        assert!(resp.headers().get(header::SET_COOKIE).is_none(), "{path}");
        assert!(resp.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        let status = if text == "does not exist" { 404 } else { 400 };
        assert_error_page(resp, status, text).await;
    }
    let resp = b
        .get(&ts, &format!("/login/qrcode?app_id={bare_app}&lang=zh-CN"))
        .await;
    assert_error_page(resp, 400, "没有登记回调地址").await;
    ts.stop().await;
}

#[tokio::test]
async fn completion_refuses_forgeries_and_other_browsers_codes() {
    let ts = TestServer::start().await;
    let (app_id, _) = app_with(&ts, &[CALLBACK]).await;
    let token = app_user(&ts, "pat").await;
    let mut alice = Browser::new();
    let mut mallory = Browser::new();
    let a = alice.open(&ts, &app_id, "").await;
    let m = mallory.open(&ts, &app_id, "").await;

    // Not confirmed yet: refused, but the binding survives.
    let resp = alice
        .complete(&ts, &[("qrcodeId", &a.qrcode_id), ("csrf", &a.csrf)])
        .await;
    assert_error_page(resp, 409, "has not been confirmed").await;

    act(&ts, &token, &a.qrcode_id, "SCAN").await;
    act(&ts, &token, &a.qrcode_id, "CONFIRM").await;

    // No cookie at all (a cross-site POST carries no SameSite=Strict cookie).
    let resp = Browser::new()
        .complete(&ts, &[("qrcodeId", &a.qrcode_id), ("csrf", &a.csrf)])
        .await;
    assert_error_page(resp, 403, "not started in this browser").await;
    // Cookie without the form token, and with a wrong one.
    let resp = alice.complete(&ts, &[("qrcodeId", &a.qrcode_id)]).await;
    assert_error_page(resp, 403, "not started in this browser").await;
    let resp = alice
        .complete(&ts, &[("qrcodeId", &a.qrcode_id), ("csrf", &m.csrf)])
        .await;
    assert_error_page(resp, 403, "not started in this browser").await;
    // Another browser completing Alice's code with its own valid cookie and token.
    let resp = mallory
        .complete(
            &ts,
            &[
                ("qrcodeId", &a.qrcode_id),
                ("csrf", &m.csrf),
                ("retry", &format!("/login/qrcode?app_id={app_id}")),
            ],
        )
        .await;
    assert_eq!(resp.status(), 403);
    assert!(resp.headers().get(header::SET_COOKIE).is_none());
    let html = resp.text().await.unwrap();
    assert!(html.contains("Try again") && html.contains("href=\"/login/qrcode?app_id="));

    // Alice completes; a replay is refused.
    let resp = alice
        .complete(&ts, &[("qrcodeId", &a.qrcode_id), ("csrf", &a.csrf)])
        .await;
    assert_eq!(resp.status(), 303);
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(ts.url("/login/qrcode/complete"))
        .header(header::COOKIE, format!("authgate_qr_login={}", a.csrf))
        .form(&[("qrcodeId", &a.qrcode_id), ("csrf", &a.csrf)])
        .send()
        .await
        .unwrap();
    assert_error_page(replay, 403, "not started in this browser").await;
    ts.stop().await;
}

#[tokio::test]
async fn full_flow_ends_at_the_callback_with_a_code_for_tokens() {
    let ts = TestServer::start().await;
    let (app_id, secret) = app_with(&ts, &[CALLBACK]).await;
    let token = app_user(&ts, "quinn").await;
    let mut b = Browser::new();
    let shown = b.open(&ts, &app_id, "&state=st%20ate&lang=zh-CN").await;

    act(&ts, &token, &shown.qrcode_id, "SCAN").await;
    let s = ts
        .get_raw(
            &format!("/api/v3/check-qrcode-status?qrcodeId={}", shown.qrcode_id),
            None,
        )
        .await;
    assert_eq!(s["data"]["briefUserInfo"]["displayName"], "quinn nick");
    act(&ts, &token, &shown.qrcode_id, "CONFIRM").await;

    let resp = b
        .complete(
            &ts,
            &[("qrcodeId", &shown.qrcode_id), ("csrf", &shown.csrf)],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-store");
    let session = set_cookie(&resp, "authgate_session");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(session.contains(attr), "{session}");
    }
    assert!(!session.contains("Secure"), "the public URL is http");
    assert!(set_cookie(&resp, "authgate_qr_login").contains("Max-Age=0"));
    let location = url::Url::parse(resp.headers()[header::LOCATION].to_str().unwrap()).unwrap();
    assert_eq!(&location[..url::Position::AfterPath], CALLBACK);
    let q: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(q["state"], "st ate");
    let code = &q["code"];

    let tokens: Value = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CALLBACK),
            ("client_id", &app_id),
            ("client_secret", &secret),
        ])
        .fetch_json()
        .await;
    let access = tokens["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{tokens}"));
    assert!(tokens["id_token"].as_str().is_some(), "{tokens}");
    let me: Value = ts
        .http
        .get(ts.url("/oidc/me"))
        .bearer_auth(access)
        .fetch_json()
        .await;
    let profile: Value = ts
        .http
        .get(ts.url("/api/v3/get-profile"))
        .header("authorization", &token)
        .fetch_json()
        .await;
    assert_eq!(me["sub"], profile["data"]["userId"], "{me} {profile}");
    // The page's sign-in is in the login history like any other.
    let user_id = profile["data"]["userId"].as_str().unwrap().to_string();
    let (_, history) = authgate_store::Store::list_logins(
        &ts.server.state.store,
        &ts.server.defaults.user_pool_id,
        &user_id,
        0,
        50,
    )
    .await
    .unwrap();
    assert!(
        history.iter().any(|r| r.method == "qrcode-page"
            && r.success
            && r.app_id.as_deref() == Some(app_id.as_str())),
        "{history:?}"
    );

    // The code is single use.
    let again: Value = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", &app_id),
            ("client_secret", &secret),
        ])
        .fetch_json()
        .await;
    assert_eq!(again["error"], "invalid_grant", "{again}");
    ts.stop().await;
}

#[tokio::test]
async fn completes_when_the_pool_hands_token_sets_to_the_poll() {
    let ts = TestServer::start().await;
    let (app_id, secret) = app_with(&ts, &[CALLBACK]).await;
    let token = app_user(&ts, "rene").await;
    let mgmt = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/update-security-settings",
            &json!({"qrcodeLoginStrategy": {"returnFullUserInfo": true}}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let mut b = Browser::new();
    let shown = b.open(&ts, &app_id, "").await;
    act(&ts, &token, &shown.qrcode_id, "SCAN").await;
    act(&ts, &token, &shown.qrcode_id, "CONFIRM").await;
    let resp = b
        .complete(
            &ts,
            &[("qrcodeId", &shown.qrcode_id), ("csrf", &shown.csrf)],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let location = url::Url::parse(resp.headers()[header::LOCATION].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    assert!(
        location.query_pairs().all(|(k, _)| k != "state"),
        "no state asked, none sent"
    );
    let tokens: Value = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("client_id", &app_id),
            ("client_secret", &secret),
        ])
        .fetch_json()
        .await;
    assert!(tokens["access_token"].is_string(), "{tokens}");
    ts.stop().await;
}
