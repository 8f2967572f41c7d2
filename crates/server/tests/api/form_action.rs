//! The CSP `form-action` of every hosted page whose form may end at an application on another
//! origin (Chromium applies it to the redirects after a form post): `'self'` plus exactly the
//! origin the page's flow ends at — the pending authorization's redirect URI, the CAS
//! service — and never an origin the application did not register for that flow.

use crate::browser::{Browser, attr};
use crate::common::{APP_USER_PASSWORD, TestServer, app_user, create_app_user};
use reqwest::header;
use serde_json::json;

/// The callback the authorization requests use.
const CB: &str = "https://app.example/cb";
/// Registered too, but used by no request: never in a policy.
const OTHER: &str = "https://other.example/cb";
/// A registered custom-scheme redirect URI (registered last).
const NATIVE: &str = "myapp://done";
/// The CAS service (registered).
const SERVICE: &str = "https://wiki.example/cas";
const LOGOUT: &str = "https://app.example/bye";
const EVIL: &str = "https://evil.example/cb";

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The `form-action` directive of a response's CSP.
fn form_action(resp: &reqwest::Response) -> String {
    let csp = resp.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let d = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("form-action "))
        .unwrap_or_else(|| panic!("no form-action in {csp}"));
    assert!(!d.contains('*') && !d.contains(" https: ") && !d.ends_with(" https:"));
    d.to_string()
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("no Location ({})", resp.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// An application of the default pool with `extra` settings; answers its id.
async fn create_app(ts: &TestServer, extra: serde_json::Value) -> String {
    let token = ts.mgmt_token().await;
    let mut body = json!({"appName": "Shop", "appType": "web",
                          "redirectUris": [CB, OTHER, SERVICE],
                          "logoutRedirectUris": [LOGOUT]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let b = ts
        .post_json("/api/v3/create-application", &body, Some(&token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let id = b["data"]["appId"].as_str().unwrap().to_string();
    // The management API takes http(s) URLs only; a native client's scheme goes in directly.
    let store = &ts.server.state.store;
    let mut app = store.get_app(&id).await.unwrap().unwrap();
    app.settings.redirect_uris.push(NATIVE.into());
    assert!(store.update_app(&app).await.unwrap());
    id
}

/// The hosted login URL `/oidc/auth` sends a browser without a session to.
async fn login_url_of(b: &mut Browser, ts: &TestServer, app_id: &str, query: &str) -> String {
    let resp = b
        .get(
            ts,
            &format!("/oidc/auth?client_id={app_id}&response_type=code&{query}"),
        )
        .await;
    assert_eq!(resp.status(), 303);
    let to = location(&resp);
    assert!(to.starts_with("/login?"), "{to}");
    to
}

/// The value of query parameter `name` of a local URL.
fn param(local: &str, name: &str) -> String {
    let url = url::Url::parse(&format!("http://x{local}")).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {local}"))
}

/// `POST path` with owned form fields.
async fn post(
    b: &mut Browser,
    ts: &TestServer,
    path: &str,
    form: Vec<(&str, String)>,
) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(ts, path, &form).await
}

const APP_ORIGIN: &str = "form-action 'self' https://app.example";
const SELF_ONLY: &str = "form-action 'self'";

#[tokio::test]
async fn login_signup_and_forgot_pages_allow_the_pending_requests_origin() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "cora").await;
    let app_id = create_app(&ts, json!({})).await;
    let mut b = Browser::new();
    let login = login_url_of(
        &mut b,
        &ts,
        &app_id,
        &format!("redirect_uri={}&state=s1", enc(CB)),
    )
    .await;
    let next = param(&login, "next");
    assert!(next.starts_with("/oidc/auth/resume?id="), "{next}");
    let flow = format!("app_id={app_id}&next={}", enc(&next));

    // Every page of the flow, every tab, and the forms shown again after a refusal.
    for path in [
        login.clone(),
        format!("/login?{flow}&tab=code"),
        format!("/login?{flow}&tab=password&lang=zh-CN"),
        format!("/login/signup?{flow}"),
        format!("/login/signup?{flow}&method=EMAIL_CODE"),
        format!("/login/forgot-password?{flow}"),
    ] {
        let resp = b.get(&ts, &path).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(form_action(&resp), APP_ORIGIN, "{path}");
    }
    let resp = b.get(&ts, &login).await;
    let csrf = attr(&resp.text().await.unwrap(), "name=\"csrf\" value=\"").to_string();
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, String)> = vec![
            ("csrf", csrf.clone()),
            ("app_id", app_id.clone()),
            ("next", next.clone()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    let refused = [
        (
            "/login/password",
            form(&[("account", "cora"), ("password", "wrong pass 9")]),
        ),
        ("/login/code/send", form(&[("account", "not an address")])),
        (
            "/login/signup",
            form(&[
                ("method", "EMAIL_PASSWORD"),
                ("account", "x@example.com"),
                ("password", "ab"),
            ]),
        ),
        (
            "/login/forgot-password",
            form(&[
                ("account", "cora@example.com"),
                ("code", "000000"),
                ("password", "new pass 123"),
            ]),
        ),
    ];
    for (path, f) in refused {
        let resp = post(&mut b, &ts, path, f).await;
        assert!(resp.status().is_client_error(), "{path}: {}", resp.status());
        assert_eq!(form_action(&resp), APP_ORIGIN, "{path}");
    }

    // The sign-in itself ends where the policy said.
    let resp = post(
        &mut b,
        &ts,
        "/login/password",
        form(&[("account", "cora"), ("password", APP_USER_PASSWORD)]),
    )
    .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), next);
    let resp = b.get(&ts, &next).await;
    assert_eq!(resp.status(), 303);
    assert!(location(&resp).starts_with(&format!("{CB}?code=")));

    // Completed: the request is gone and its origin with it.
    let resp = b.get(&ts, &login).await;
    assert_eq!(form_action(&resp), SELF_ONLY);
    ts.stop().await;
}

#[tokio::test]
async fn only_the_origin_of_the_request_of_this_application_is_allowed() {
    let ts = TestServer::start().await;
    let app_id = create_app(&ts, json!({})).await;
    let other_app = create_app(&ts, json!({"appName": "Other shop"})).await;
    let mut b = Browser::new();
    let native = login_url_of(
        &mut b,
        &ts,
        &app_id,
        &format!("redirect_uri={}", enc(NATIVE)),
    )
    .await;
    let resp = b.get(&ts, &native).await;
    assert_eq!(form_action(&resp), "form-action 'self' myapp:");
    // Absent redirect_uri: the first registered one.
    let first = login_url_of(&mut b, &ts, &app_id, "").await;
    let next = param(&first, "next");
    assert_eq!(form_action(&b.get(&ts, &first).await), APP_ORIGIN);

    let page = |app: &str, next: &str| format!("/login?app_id={app}&next={}", enc(next));
    let cases = [
        // Another application's pending request.
        (page(&other_app, &next), SELF_ONLY),
        // An unknown request.
        (page(&app_id, "/oidc/auth/resume?id=00ff"), SELF_ONLY),
        (page(&app_id, "/oauth/auth/resume"), SELF_ONLY),
        // An authorization started again: its registered redirect URI only.
        (
            page(
                &app_id,
                &format!("/oidc/auth?client_id={app_id}&redirect_uri={}", enc(OTHER)),
            ),
            "form-action 'self' https://other.example",
        ),
        (
            page(&app_id, &format!("/oauth/auth?client_id={app_id}")),
            APP_ORIGIN,
        ),
        (
            page(
                &app_id,
                &format!("/oidc/auth?client_id={app_id}&redirect_uri={}", enc(EVIL)),
            ),
            SELF_ONLY,
        ),
        (
            page(&app_id, &format!("/oidc/auth?client_id={other_app}")),
            SELF_ONLY,
        ),
        // A hosted page, or no next at all.
        (page(&app_id, "/login/signed-in"), SELF_ONLY),
        (format!("/login?app_id={app_id}"), SELF_ONLY),
        // CAS is off for this application.
        (
            page(
                &app_id,
                &format!("/cas-idp/{app_id}?service={}", enc(SERVICE)),
            ),
            SELF_ONLY,
        ),
    ];
    for (path, expected) in cases {
        let resp = b.get(&ts, &path).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(form_action(&resp), expected, "{path}");
    }
    ts.stop().await;
}

#[tokio::test]
async fn consent_select_account_and_form_post_pages_allow_the_redirect_uri() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "dara").await;
    let app_id = create_app(&ts, json!({"loginConfig": {"showAuthorizationPage": true}})).await;
    let mut b = Browser::new();
    b.sign_in_with_qr(&ts, &app_id, &token).await;
    let auth = |query: String| format!("/oidc/auth?client_id={app_id}&response_type=code&{query}");

    // Consent, on the redirect URI's origin; "Allow" ends there.
    let resp = b
        .get(&ts, &auth(format!("redirect_uri={}&state=c1", enc(CB))))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(form_action(&resp), APP_ORIGIN);
    let html = resp.text().await.unwrap();
    assert!(html.contains("value=\"approve\""), "consent page");
    let (id, csrf) = (
        attr(&html, "name=\"id\" value=\"").to_string(),
        attr(&html, "name=\"csrf\" value=\"").to_string(),
    );
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "approve")],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert!(location(&resp).starts_with(&format!("{CB}?code=")));

    // Select account with a custom scheme: `myapp:`.
    let resp = b
        .get(
            &ts,
            &auth(format!(
                "redirect_uri={}&prompt=select_account",
                enc(NATIVE)
            )),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(form_action(&resp), "form-action 'self' myapp:");
    assert!(resp.text().await.unwrap().contains("value=\"switch\""));

    // form_post: the answer's form targets the redirect URI.
    let resp = b
        .get(
            &ts,
            &auth(format!(
                "redirect_uri={}&response_mode=form_post",
                enc(OTHER)
            )),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        form_action(&resp),
        "form-action 'self' https://other.example"
    );
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("action=\"https://other.example/cb\"")
    );
    ts.stop().await;
}

#[tokio::test]
async fn cas_login_pages_allow_the_registered_service_only() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "cass").await;
    let app_id = create_app(&ts, json!({"casProviderEnabled": true})).await;
    let mut b = Browser::new();
    let service = format!("{SERVICE}?page=%2Fhome");
    let resp = b
        .get(&ts, &format!("/cas-idp/{app_id}?service={}", enc(&service)))
        .await;
    assert_eq!(resp.status(), 302);
    let login = location(&resp);
    let resp = b.get(&ts, &login).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        form_action(&resp),
        "form-action 'self' https://wiki.example"
    );
    let html = resp.text().await.unwrap();
    let csrf = attr(&html, "name=\"csrf\" value=\"").to_string();
    let next = param(&login, "next");
    let resp = b
        .post(
            &ts,
            "/login/password",
            &[
                ("csrf", &csrf),
                ("app_id", &app_id),
                ("next", &next),
                ("account", "cass"),
                ("password", APP_USER_PASSWORD),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let resp = b.get(&ts, &location(&resp)).await;
    assert_eq!(resp.status(), 302);
    assert!(location(&resp).starts_with(&format!("{service}&ticket=ST-")));

    // The /login path of CAS, and services the application does not accept.
    let page = |next: String| format!("/login?app_id={app_id}&next={}", enc(&next));
    let cases = [
        (
            page(format!("/cas-idp/{app_id}/login?service={}", enc(SERVICE))),
            "form-action 'self' https://wiki.example",
        ),
        (
            page(format!("/cas-idp/{app_id}?service={}", enc(EVIL))),
            SELF_ONLY,
        ),
        (
            page(format!(
                "/cas-idp/{app_id}?service={}",
                enc(&format!("{SERVICE}/x"))
            )),
            SELF_ONLY,
        ),
        (
            page(format!("/cas-idp/other?service={}", enc(SERVICE))),
            SELF_ONLY,
        ),
    ];
    for (path, expected) in cases {
        let resp = b.get(&ts, &path).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(form_action(&resp), expected, "{path}");
    }
    ts.stop().await;
}

#[tokio::test]
async fn the_qr_tab_and_logout_pages() {
    let ts = TestServer::start().await;
    let app_id = create_app(&ts, json!({})).await;
    let mut b = Browser::new();
    // The QR page opened from the login page's QR tab ends where the login flow ends.
    let login = login_url_of(&mut b, &ts, &app_id, &format!("redirect_uri={}", enc(CB))).await;
    let next = param(&login, "next");
    let resp = b
        .get(
            &ts,
            &format!("/login/qrcode?app_id={app_id}&next={}", enc(&next)),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(form_action(&resp), APP_ORIGIN);

    // The signed-out pages have no form: nothing but 'self', registered address or not.
    for (query, status) in [
        (format!("client_id={app_id}"), 200),
        (
            format!("client_id={app_id}&post_logout_redirect_uri={}", enc(EVIL)),
            400,
        ),
    ] {
        let resp = b.get(&ts, &format!("/oidc/session/end?{query}")).await;
        assert_eq!(resp.status(), status, "{query}");
        assert_eq!(form_action(&resp), SELF_ONLY, "{query}");
    }
    let resp = b
        .get(
            &ts,
            &format!(
                "/oidc/session/end?client_id={app_id}&post_logout_redirect_uri={}",
                enc(LOGOUT)
            ),
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), LOGOUT);
    ts.stop().await;
}
