//! `response_mode=web_message` at the authorization endpoint, as GenAuth's browser SDK uses it:
//! a page that posts the code (or the error) to the opener / parent at the registered redirect
//! URI's origin only, framable by that origin only; `prompt=none` without a session answers
//! `login_required` that way; an untrusted redirect URI never gets such a page.

use crate::browser::Browser;
use crate::common::{FetchJson, TestServer, app_user};
use reqwest::header;
use serde_json::{Value, json};

const CB: &str = "http://spa.example:5173/callback";
const ORIGIN: &str = "http://spa.example:5173";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const PKCE: &str =
    "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

async fn spa(ts: &TestServer) -> String {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Spa", "appType": "spa", "redirectUris": [CB],
                    "tokenEndpointAuthMethod": "none"}),
            Some(&token),
        )
        .await;
    b["data"]["appId"].as_str().unwrap().to_string()
}

/// The message data the page carries (`{origin, response}`).
fn message(html: &str) -> Value {
    let start = html
        .find("id=\"authorization-response\">")
        .unwrap_or_else(|| panic!("no message in {html}"))
        + "id=\"authorization-response\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

async fn page(resp: reqwest::Response) -> (reqwest::header::HeaderMap, Value) {
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains(&format!("frame-ancestors {ORIGIN};")), "{csp}");
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    assert!(h.get(header::X_FRAME_OPTIONS).is_none());
    let html = resp.text().await.unwrap();
    assert!(html.contains("authorization_response"));
    (h, message(&html))
}

#[tokio::test]
async fn web_message_answers_post_to_the_registered_origin() {
    let ts = TestServer::start().await;
    let app = spa(&ts).await;
    let auth = |state: &str, prompt: &str| {
        format!(
            "/oidc/auth?client_id={app}&redirect_uri={CB}&response_type=code\
             &response_mode=web_message&state={state}&nonce=n1{prompt}&{PKCE}"
        )
    };

    // Not signed in: prompt=none answers login_required by message; without it, the login page.
    let mut b = Browser::new();
    let (_, m) = page(b.get(&ts, &auth("s0", "&prompt=none")).await).await;
    assert_eq!(m["origin"], ORIGIN);
    assert_eq!(m["response"]["error"], "login_required", "{m}");
    assert_eq!(m["response"]["state"], "s0");
    assert!(m["response"].get("code").is_none());
    let resp = b.get(&ts, &auth("s1", "")).await;
    assert_eq!(resp.status(), 303);
    assert!(
        resp.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/login?")
    );

    // Signed in: the code arrives by message and is redeemed like any other.
    let token = app_user(&ts, "ada").await;
    b.sign_in_with_qr(&ts, &app, &token).await;
    let (_, m) = page(b.get(&ts, &auth("s2", "&prompt=none")).await).await;
    assert_eq!(m["response"]["state"], "s2");
    let code = m["response"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{m}"));
    let tokens = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CB),
            ("client_id", app.as_str()),
            ("code_verifier", VERIFIER),
        ])
        .fetch_json()
        .await;
    assert!(tokens["id_token"].is_string(), "{tokens}");

    // A redirect URI that is not registered never gets a message page.
    let evil = format!(
        "/oidc/auth?client_id={app}&redirect_uri=http://evil.example/cb&response_type=code\
         &response_mode=web_message&prompt=none&{PKCE}"
    );
    let resp = b.get(&ts, &evil).await;
    assert_eq!(resp.status(), 400);
    assert!(
        !resp
            .text()
            .await
            .unwrap()
            .contains("authorization_response")
    );
}

#[tokio::test]
async fn discovery_lists_web_message() {
    let ts = TestServer::start().await;
    let d = ts
        .get_raw("/oidc/.well-known/openid-configuration", None)
        .await;
    assert!(
        d["response_modes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("web_message")),
        "{d}"
    );
}
