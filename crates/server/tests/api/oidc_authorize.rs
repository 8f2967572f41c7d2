//! The authorization endpoint and logout over HTTP: code flow with PKCE down to the id token,
//! response modes, error pages before the redirect URI is trusted and error redirects after,
//! single sign-on across the applications of a pool, prompt / max_age, select account,
//! consent, and logout revoking what the SSO session issued. The browser's SSO session comes
//! from the hosted QR page (the hosted login page is another part).

use crate::browser::{Browser, attr};
use crate::common::{FetchJson, TestServer, app_user};
use authgate_core::clock::Clock;
use base64::Engine;
use reqwest::header;
use serde_json::{Value, json};
use std::collections::HashMap;

const CB: &str = "http://127.0.0.1:9/cb";
const OUT: &str = "http://127.0.0.1:9/bye";
/// RFC 7636 Appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A client application: id and secret.
struct App {
    id: String,
    secret: String,
}

async fn create_app(ts: &TestServer, public: bool) -> App {
    let token = ts.mgmt_token().await;
    let mut body = json!({"appName": "Shop", "appType": "web", "redirectUris": [CB],
                          "logoutRedirectUris": [OUT]});
    if public {
        body["tokenEndpointAuthMethod"] = json!("none");
    }
    let b = ts
        .post_json("/api/v3/create-application", &body, Some(&token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let id = b["data"]["appId"].as_str().unwrap().to_string();
    let b = ts
        .get_raw(
            &format!("/api/v3/get-application-secret?appId={id}"),
            Some(&token),
        )
        .await;
    App {
        id,
        secret: b["data"]["secret"].as_str().unwrap().to_string(),
    }
}

/// Changes an application's settings directly in the store.
async fn set(
    ts: &TestServer,
    app: &App,
    f: impl FnOnce(&mut authgate_core::application::AppSettings),
) {
    let store = &ts.server.state.store;
    let mut a = store.get_app(&app.id).await.unwrap().unwrap();
    f(&mut a.settings);
    assert!(store.update_app(&a).await.unwrap());
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get(header::LOCATION)
        .unwrap_or_else(|| panic!("no Location ({})", resp.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// The query (or fragment) pairs of a redirect to the callback.
fn answer(loc: &str, fragment: bool) -> HashMap<String, String> {
    let url = url::Url::parse(loc).unwrap();
    assert_eq!(&url[..url::Position::AfterPath], CB, "{loc}");
    if fragment {
        assert_eq!(url.query(), None);
        form_urlencoded::parse(url.fragment().unwrap().as_bytes())
            .into_owned()
            .collect()
    } else {
        url.query_pairs().into_owned().collect()
    }
}

impl Browser {
    /// `GET /oidc/auth?client_id=…&{query}`.
    async fn authorize(&mut self, ts: &TestServer, app: &App, query: &str) -> reqwest::Response {
        self.get(ts, &format!("/oidc/auth?client_id={}&{query}", app.id))
            .await
    }

    /// Signs `user_token`'s user in on the hosted QR page of `app` (opens the SSO session).
    async fn sign_in(&mut self, ts: &TestServer, app: &App, user_token: &str) {
        self.sign_in_with_qr(ts, &app.id, user_token).await;
    }
}

/// Redeems `code` at the token endpoint.
async fn redeem(ts: &TestServer, app: &App, code: &str, verifier: Option<&str>) -> Value {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CB),
        ("client_id", app.id.as_str()),
    ];
    if !app.secret.is_empty() {
        form.push(("client_secret", app.secret.as_str()));
    }
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    ts.http
        .post(ts.url("/oidc/token"))
        .form(&form)
        .fetch_json()
        .await
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

/// Asserts an HTML page, never a redirect, containing `text`.
async fn assert_page(resp: reqwest::Response, status: u16, text: &str) -> String {
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
    html
}

/// Asserts an error redirect to the callback.
fn assert_error_redirect(resp: &reqwest::Response, error: &str, state: Option<&str>) {
    assert_eq!(resp.status(), 303);
    let q = answer(&location(resp), false);
    assert_eq!(q["error"], error, "{q:?}");
    assert!(q.contains_key("error_description"));
    assert_eq!(q.get("state").map(String::as_str), state);
    assert!(!q.contains_key("code"));
}

const PKCE: &str =
    "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

#[tokio::test]
async fn code_flow_with_pkce_response_modes_and_sso_across_apps() {
    let ts = TestServer::start().await;
    let portal = create_app(&ts, false).await;
    let mut spa = create_app(&ts, true).await;
    spa.secret.clear();
    let token = app_user(&ts, "ada").await;
    let mut b = Browser::new();
    b.sign_in(&ts, &portal, &token).await;
    let signed_in_at = ts.clock.now_secs();
    ts.clock.advance(5_000);

    // The SPA of the same pool signs in without a page: query mode, state and nonce.
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!("response_type=code&scope=openid%20profile&state=s%201&nonce=n0&redirect_uri={CB}&{PKCE}"),
        )
        .await;
    assert_eq!(resp.status(), 303);
    let q = answer(&location(&resp), false);
    assert_eq!(q["state"], "s 1");
    let tokens = redeem(&ts, &spa, &q["code"], Some(VERIFIER)).await;
    let id = claims(
        tokens["id_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{tokens}")),
    );
    assert_eq!(id["nonce"], "n0");
    assert_eq!(id["aud"], spa.id.as_str());
    assert_eq!(id["auth_time"], signed_in_at, "the SSO session's auth_time");
    // The verifier is checked.
    let resp = b
        .authorize(&ts, &spa, &format!("response_type=code&{PKCE}"))
        .await;
    let code = answer(&location(&resp), false)["code"].clone();
    let bad = redeem(&ts, &spa, &code, Some(&VERIFIER.replace('d', "e"))).await;
    assert_eq!(bad["error"], "invalid_grant", "{bad}");

    // Fragment mode.
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!("response_type=code&response_mode=fragment&state=f&{PKCE}"),
        )
        .await;
    let f = answer(&location(&resp), true);
    assert_eq!(f["state"], "f");
    assert!(redeem(&ts, &spa, &f["code"], Some(VERIFIER)).await["access_token"].is_string());

    // form_post: an auto-submitting form allowed by the CSP.
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!("response_type=code&response_mode=form_post&state=p%22q&{PKCE}"),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let csp = resp.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("form-action 'self' http://127.0.0.1:9"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    let html = resp.text().await.unwrap();
    assert!(html.contains(&format!("<script nonce=\"{nonce}\">")));
    assert!(html.contains(&format!("method=\"post\" action=\"{CB}\"")));
    assert!(html.contains("name=\"state\" value=\"p&quot;q\""));
    let code = attr(&html, "name=\"code\" value=\"");
    assert!(redeem(&ts, &spa, code, Some(VERIFIER)).await["id_token"].is_string());

    // prompt=none with a session answers a code; the confidential portal needs no PKCE.
    let resp = b
        .authorize(&ts, &portal, "response_type=code&prompt=none&state=z")
        .await;
    let q = answer(&location(&resp), false);
    assert_eq!(q["state"], "z");
    assert!(redeem(&ts, &portal, &q["code"], None).await["access_token"].is_string());

    // Errors after the redirect URI is trusted go back to it, with state.
    let resp = b.authorize(&ts, &spa, "response_type=code&state=k").await;
    assert_error_redirect(&resp, "invalid_request", Some("k"));
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!(
                "response_type=code&state=k&code_challenge={CHALLENGE}&code_challenge_method=plain"
            ),
        )
        .await;
    assert_error_redirect(&resp, "invalid_request", Some("k"));
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!("response_type=code&code_challenge={CHALLENGE}&code_challenge_method=S512"),
        )
        .await;
    assert_error_redirect(&resp, "invalid_request", None);
    let resp = b
        .authorize(&ts, &portal, "response_type=token&state=t")
        .await;
    assert_error_redirect(&resp, "unsupported_response_type", Some("t"));
    let resp = b.authorize(&ts, &portal, "state=t").await;
    assert_error_redirect(&resp, "invalid_request", Some("t"));
    let resp = b
        .authorize(&ts, &portal, "response_type=code&prompt=none%20login")
        .await;
    assert_error_redirect(&resp, "invalid_request", None);
    let resp = b
        .authorize(&ts, &portal, "response_type=code&max_age=-1")
        .await;
    assert_error_redirect(&resp, "invalid_request", None);
    let resp = b
        .authorize(&ts, &portal, "response_type=code&id_token_hint=not.a.token")
        .await;
    assert_error_redirect(&resp, "invalid_request", None);
    // An error in fragment mode stays in the fragment.
    let resp = b
        .authorize(
            &ts,
            &portal,
            "response_type=id_token&response_mode=fragment&state=w",
        )
        .await;
    let f = answer(&location(&resp), true);
    assert_eq!(
        (f["error"].as_str(), f["state"].as_str()),
        ("unsupported_response_type", "w")
    );

    // plain only where the application allows it.
    set(&ts, &spa, |s| s.allow_pkce_plain = true).await;
    let resp = b
        .authorize(
            &ts,
            &spa,
            &format!("response_type=code&code_challenge={VERIFIER}&code_challenge_method=plain"),
        )
        .await;
    let code = answer(&location(&resp), false)["code"].clone();
    assert!(redeem(&ts, &spa, &code, Some(VERIFIER)).await["access_token"].is_string());

    // Before the client and redirect URI are trusted: pages, never redirects.
    for (path, text) in [
        (
            "/oidc/auth?response_type=code".to_string(),
            "app_id is missing",
        ),
        (
            "/oidc/auth?client_id=nope&response_type=code".to_string(),
            "does not exist",
        ),
        (
            format!(
                "/oidc/auth?client_id={}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb",
                spa.id
            ),
            "is not registered",
        ),
        (
            format!(
                "/oauth/auth?client_id={}&response_type=code&redirect_uri={CB}%2F",
                spa.id
            ),
            "is not registered",
        ),
        (
            format!(
                "/oidc/auth?client_id={}&client_id=x&response_type=code",
                spa.id
            ),
            "malformed",
        ),
    ] {
        let resp = b.get(&ts, &path).await;
        assert!(resp.status() == 400 || resp.status() == 404, "{path}");
        let status = resp.status().as_u16();
        assert_page(resp, status, text).await;
    }
    // /oauth/auth is the same endpoint.
    let resp = b
        .get(
            &ts,
            &format!(
                "/oauth/auth?client_id={}&response_type=code&state=o",
                portal.id
            ),
        )
        .await;
    assert_eq!(answer(&location(&resp), false)["state"], "o");
    ts.stop().await;
}

/// The `next` of a redirect to the login page.
fn login_next(resp: &reqwest::Response, app: &App) -> String {
    assert_eq!(resp.status(), 303);
    let loc = location(resp);
    let url = url::Url::parse(&format!("http://x{loc}")).unwrap();
    assert_eq!(url.path(), "/login", "{loc}");
    let q: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["app_id"], app.id);
    let next = q["next"].clone();
    assert!(next.starts_with("/oidc/auth/resume?id="), "{next}");
    next
}

#[tokio::test]
async fn login_required_prompt_login_and_max_age() {
    let ts = TestServer::start().await;
    let app = create_app(&ts, false).await;
    let token = app_user(&ts, "bo").await;
    let mut b = Browser::new();

    let resp = b
        .authorize(&ts, &app, "response_type=code&prompt=none&state=n")
        .await;
    assert_error_redirect(&resp, "login_required", Some("n"));

    // Not signed in: the login page, with the login hint; back here once signed in.
    let resp = b
        .authorize(
            &ts,
            &app,
            "response_type=code&state=r&nonce=nn&login_hint=bo%40x.y",
        )
        .await;
    let next = login_next(&resp, &app);
    assert!(location(&resp).contains("login_hint=bo%40x.y"));
    let early = b.get(&ts, &next).await;
    assert_eq!(login_next(&early, &app), next, "still not signed in");
    b.sign_in(&ts, &app, &token).await;
    let first_auth = ts.clock.now_secs();
    let resp = b.get(&ts, &next).await;
    let q = answer(&location(&resp), false);
    assert_eq!(q["state"], "r");
    let id = claims(
        redeem(&ts, &app, &q["code"], None).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(id["nonce"], "nn");
    // The stored request is used up.
    let again = b.get(&ts, &next).await;
    assert_page(again, 400, "expired").await;

    ts.clock.advance(60_000);
    // max_age within the session's age: a code; beyond it: the login page.
    let resp = b
        .authorize(&ts, &app, "response_type=code&max_age=3600")
        .await;
    assert!(answer(&location(&resp), false).contains_key("code"));
    let resp = b.authorize(&ts, &app, "response_type=code&max_age=0").await;
    login_next(&resp, &app);
    let resp = b
        .authorize(&ts, &app, "response_type=code&max_age=10&prompt=none")
        .await;
    assert_error_redirect(&resp, "login_required", None);

    // prompt=login: the login page even with a session, and only once signed in again.
    let resp = b
        .authorize(&ts, &app, "response_type=code&prompt=login&state=l")
        .await;
    let next = login_next(&resp, &app);
    let resp = b.get(&ts, &next).await;
    assert_eq!(
        login_next(&resp, &app),
        next,
        "the old sign-in does not count"
    );
    ts.clock.advance(1_000);
    b.sign_in(&ts, &app, &token).await;
    let second_auth = ts.clock.now_secs();
    let resp = b.get(&ts, &next).await;
    let q = answer(&location(&resp), false);
    assert_eq!(q["state"], "l");
    let id = claims(
        redeem(&ts, &app, &q["code"], None).await["id_token"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(id["auth_time"], second_auth);
    assert_ne!(first_auth, second_auth);
    ts.stop().await;
}

/// The interaction form of a page: (id, csrf).
fn form_of(html: &str) -> (String, String) {
    (
        attr(html, "name=\"id\" value=\"").to_string(),
        attr(html, "name=\"csrf\" value=\"").to_string(),
    )
}

#[tokio::test]
async fn consent_for_third_party_apps_and_select_account() {
    let ts = TestServer::start().await;
    let first = create_app(&ts, false).await;
    let third = create_app(&ts, false).await;
    set(&ts, &third, |s| s.third_party = true).await;
    let token = app_user(&ts, "cy").await;
    let mut b = Browser::new();
    b.sign_in(&ts, &first, &token).await;

    // First-party: no consent page.
    let resp = b
        .authorize(&ts, &first, "response_type=code&scope=openid%20email")
        .await;
    assert!(answer(&location(&resp), false).contains_key("code"));

    // Third-party: consent page, CSRF-protected.
    let q = "response_type=code&scope=openid%20email&state=c";
    let resp = b.authorize(&ts, &third, q).await;
    assert!(
        resp.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("SameSite=Strict")
    );
    let html = assert_page(resp, 200, "wants to access your account").await;
    assert!(html.contains("See your email address") && html.contains("cy nick"));
    let (id, csrf) = form_of(&html);
    let mut stranger = Browser::new();
    let resp = stranger
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "approve")],
        )
        .await;
    assert_page(resp, 403, "not started in this browser").await;
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", "forged"), ("action", "approve")],
        )
        .await;
    assert_page(resp, 403, "not started in this browser").await;
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "approve")],
        )
        .await;
    let a = answer(&location(&resp), false);
    assert_eq!(a["state"], "c");
    assert!(redeem(&ts, &third, &a["code"], None).await["access_token"].is_string());
    // Replaying the decision finds nothing.
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "approve")],
        )
        .await;
    assert_page(resp, 400, "expired").await;

    // Remembered for these scopes (prompt=none too); a new scope asks again.
    let resp = b
        .authorize(&ts, &third, "response_type=code&scope=openid&prompt=none")
        .await;
    assert!(answer(&location(&resp), false).contains_key("code"));
    let resp = b
        .authorize(
            &ts,
            &third,
            "response_type=code&scope=openid%20phone&prompt=none&state=x",
        )
        .await;
    assert_error_redirect(&resp, "consent_required", Some("x"));

    // prompt=consent asks again; denial is access_denied.
    let resp = b
        .authorize(&ts, &third, &format!("{q}&prompt=consent"))
        .await;
    let html = assert_page(resp, 200, "wants to access your account").await;
    let (id, csrf) = form_of(&html);
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "deny")],
        )
        .await;
    assert_error_redirect(&resp, "access_denied", Some("c"));

    // select_account: continue as the signed-in user, or sign in as someone else.
    let resp = b
        .authorize(
            &ts,
            &first,
            "response_type=code&prompt=select_account&state=s",
        )
        .await;
    let html = assert_page(resp, 200, "Continue as cy nick").await;
    let (id, csrf) = form_of(&html);
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "continue")],
        )
        .await;
    assert_eq!(answer(&location(&resp), false)["state"], "s");
    ts.clock.advance(1_000);
    let resp = b
        .authorize(&ts, &first, "response_type=code&prompt=select_account")
        .await;
    let html = assert_page(resp, 200, "Use another account").await;
    let (id, csrf) = form_of(&html);
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "switch")],
        )
        .await;
    login_next(&resp, &first);
    ts.stop().await;
}

#[tokio::test]
async fn logout_ends_the_sso_session_and_what_it_issued() {
    let ts = TestServer::start().await;
    let app = create_app(&ts, false).await;
    let token = app_user(&ts, "di").await;
    let mut b = Browser::new();
    b.sign_in(&ts, &app, &token).await;
    let resp = b
        .authorize(
            &ts,
            &app,
            "response_type=code&scope=openid%20offline_access",
        )
        .await;
    let code = answer(&location(&resp), false)["code"].clone();
    let tokens = redeem(&ts, &app, &code, None).await;
    let refresh = tokens["refresh_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{tokens}"));
    let id_token = tokens["id_token"].as_str().unwrap().to_string();
    let sid = claims(&id_token)["sid"].as_str().unwrap().to_string();
    // A code issued before the logout, redeemed after it.
    let resp = b.authorize(&ts, &app, "response_type=code").await;
    let late_code = answer(&location(&resp), false)["code"].clone();
    let old_cookie = b.cookie("authgate_session").unwrap();

    // An unregistered address: signed out all the same, but no redirect.
    let resp = b
        .get(
            &ts,
            &format!("/oidc/session/end?id_token_hint={id_token}&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F"),
        )
        .await;
    assert_page(resp, 400, "not registered").await;
    assert!(b.cookie("authgate_session").is_none(), "cookie cleared");
    let s = ts
        .server
        .state
        .store
        .get_session(&sid)
        .await
        .unwrap()
        .unwrap();
    assert!(s.revoked_at.is_some(), "the token session is revoked");
    let r: Value = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", &app.id),
            ("client_secret", &app.secret),
        ])
        .fetch_json()
        .await;
    assert_eq!(r["error"], "invalid_grant", "{r}");
    let late = redeem(&ts, &app, &late_code, None).await;
    let late_sid = claims(late["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let s = ts
        .server
        .state
        .store
        .get_session(&late_sid)
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.revoked_at.is_some(),
        "opened after the logout: revoked at once"
    );
    // The old cookie no longer signs in.
    let resp = Browser::with_cookie("authgate_session", &old_cookie)
        .get(
            &ts,
            &format!(
                "/oidc/auth?client_id={}&response_type=code&prompt=none",
                app.id
            ),
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(answer(&location(&resp), false)["error"], "login_required");

    // Registered address: redirect with state; Python's un-encoded form too.
    b.sign_in(&ts, &app, &token).await;
    let resp = b
        .get(
            &ts,
            &format!(
                "/oidc/session/end?id_token_hint={id_token}&post_logout_redirect_uri={}&state=st",
                urlencode(OUT)
            ),
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), format!("{OUT}?state=st"));
    assert!(b.cookie("authgate_session").is_none());
    b.sign_in(&ts, &app, &token).await;
    let resp = b
        .get(
            &ts,
            &format!("/oidc/session/end?id_token_hint={id_token}&post_logout_redirect_uri={OUT}"),
        )
        .await;
    assert_eq!(location(&resp), OUT);
    // Without any hint: signed-out page.
    let resp = b.get(&ts, "/oidc/session/end").await;
    assert_page(resp, 200, "You have signed out").await;

    // The hosted logout.
    b.sign_in(&ts, &app, &token).await;
    let resp = b
        .get(
            &ts,
            &format!("/login/profile/logout?redirect_uri={}", urlencode(OUT)),
        )
        .await;
    assert_eq!(location(&resp), OUT);
    assert!(b.cookie("authgate_session").is_none());
    let resp = b
        .authorize(&ts, &app, "response_type=code&prompt=none")
        .await;
    assert_error_redirect(&resp, "login_required", None);
    b.sign_in(&ts, &app, &token).await;
    let resp = b
        .get(
            &ts,
            "/login/profile/logout?redirect_uri=https://evil.example/",
        )
        .await;
    assert_page(resp, 400, "not registered").await;
    let resp = b.get(&ts, "/login/profile/logout").await;
    assert_page(resp, 200, "You have signed out").await;
    ts.stop().await;
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let ts = TestServer::start().await;
    let app = create_app(&ts, false).await;
    let token = app_user(&ts, "ed").await;
    let mut b = Browser::new();
    b.sign_in(&ts, &app, &token).await;
    // Valid for 10 minutes by the server clock: the last millisecond still redeems ...
    let fresh = fresh_code(&ts, &app, &mut b).await;
    ts.clock.advance(10 * 60 * 1000 - 1);
    let ok = redeem(&ts, &app, &fresh, Some(VERIFIER)).await;
    assert!(ok["access_token"].is_string(), "{ok}");
    // ... and at 10 minutes the code is refused with the RFC error.
    let old = fresh_code(&ts, &app, &mut b).await;
    ts.clock.advance(10 * 60 * 1000);
    let refused = redeem(&ts, &app, &old, Some(VERIFIER)).await;
    assert_eq!(refused["error"], "invalid_grant", "{refused}");
}

/// A code for `app` from the signed-in browser `b` (PKCE with [`VERIFIER`]).
async fn fresh_code(ts: &TestServer, app: &App, b: &mut Browser) -> String {
    let resp = b
        .authorize(ts, app, &format!("response_type=code&{PKCE}"))
        .await;
    answer(&location(&resp), false)["code"].clone()
}

#[tokio::test]
async fn the_sso_session_survives_a_restart_and_a_kick_ends_it() {
    let ts = TestServer::start().await;
    let app = create_app(&ts, false).await;
    let token = app_user(&ts, "rita").await;
    let mut b = Browser::new();
    b.sign_in(&ts, &app, &token).await;
    let silent = "response_type=code&prompt=none&state=k";
    let resp = b.authorize(&ts, &app, silent).await;
    assert!(answer(&location(&resp), false).contains_key("code"));

    // Same database, new process state (no Redis): the browser is still signed in.
    let (db, dir, addr) = ts.stop().await;
    let ts = TestServer::start_on(db, dir, Some(addr)).await;
    let resp = b.authorize(&ts, &app, silent).await;
    let q = answer(&location(&resp), false);
    assert!(q.contains_key("code"), "signed out by the restart: {q:?}");

    // Kicking the user ends the browser's SSO session too.
    let mgmt = ts.mgmt_token().await;
    let kicked = ts
        .post_json(
            "/api/v3/kick-users",
            &serde_json::json!({"userId": "rita", "appIds": [app.id],
                                "options": {"userIdType": "username"}}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(kicked["statusCode"], 200, "{kicked}");
    let resp = b.authorize(&ts, &app, silent).await;
    assert_error_redirect(&resp, "login_required", Some("k"));
    ts.stop().await;
}
