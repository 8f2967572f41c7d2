//! Hostile values on every hosted page type: an application name and footer text (admin
//! input), a login hint, an account echoed back, a nickname, `state` and other redirect
//! parameters (visitor input) come out escaped — in text, in attributes, in the JSON of the
//! `web_message` page — on the login tabs, sign-up, forgot password, QR login, the error
//! pages, consent, select account, `form_post`, `web_message`, the signed-out page and the
//! CAS pages. No value opens an element or ends a script.

use crate::browser::{Browser, attr};
use crate::common::{APP_USER_PASSWORD, TestServer};
use serde_json::{Value, json};

const CB: &str = "http://127.0.0.1:9/cb";
/// A script element.
const SCRIPT: &str = "<script>alert(1)</script>";
/// Out of a quoted attribute, into an element with a handler.
const ATTR: &str = "\"'><img src=x onerror=alert(1)>";
/// Out of a script element.
const END_SCRIPT: &str = "</script><script>alert(2)</script>";

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// No hostile markup got through: no element of theirs, and every `</script>` closes one of
/// the page's own scripts.
fn assert_clean(html: &str, what: &str) {
    for raw in ["<script>alert", "<img src=x", "\"'>", "'><"] {
        assert!(!html.contains(raw), "{what}: {raw} in {html}");
    }
    let opened = html.matches("<script nonce=").count()
        + html
            .matches("<script type=\"application/json\" id=\"authorization-response\">")
            .count();
    assert_eq!(html.matches("</script>").count(), opened, "{what}: {html}");
    assert_eq!(html.matches("<script").count(), opened, "{what}: {html}");
}

/// `value` as the templates write it.
fn escaped(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn page(resp: reqwest::Response, status: u16, what: &str) -> String {
    assert_eq!(resp.status(), status, "{what}");
    let html = resp.text().await.unwrap();
    assert_clean(&html, what);
    html
}

#[tokio::test]
async fn hostile_values_are_escaped_on_every_page() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let name = format!("Shop{SCRIPT}{ATTR}");
    let footer = format!("{ATTR}{END_SCRIPT}");
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": name, "appType": "web", "redirectUris": [CB],
                    "casProviderEnabled": true,
                    "loginConfig": {"showAuthorizationPage": true},
                    "brandingConfig": {"footerText": footer}}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let app = b["data"]["appId"].as_str().unwrap().to_string();
    let (name_html, footer_html) = (escaped(&name), escaped(&footer));
    let branded = |html: &str, what: &str| {
        assert!(
            html.contains(&format!("<span class=\"brand-name\">{name_html}</span>")),
            "{what}: {html}"
        );
        assert!(
            html.contains(&format!("<span class=\"footer-text\">{footer_html}</span>")),
            "{what}"
        );
    };

    // The login tabs, sign-up and forgot password, with a hostile hint and `next`.
    let mut b = Browser::new();
    let next = format!("/login/signed-in?x={ATTR}");
    let q = format!("app_id={app}&login_hint={}&next={}", enc(ATTR), enc(&next));
    for path in [
        format!("/login?{q}"),
        format!("/login?{q}&tab=code"),
        format!("/login?{q}&tab=qrcode"),
        format!("/login/signup?{q}"),
        format!("/login/forgot-password?{q}"),
    ] {
        let html = page(b.get(&ts, &path).await, 200, &path).await;
        branded(&html, &path);
        // (No code delivery is configured: the forgot-password page has no form.)
        if path.starts_with("/login?") && !path.contains("tab=qrcode") {
            assert!(
                html.contains(&format!("value=\"{}\"", escaped(ATTR))),
                "{path}: the hint, escaped"
            );
        }
        if !path.contains("tab=qrcode") && !path.contains("forgot") {
            assert!(
                html.contains(&format!("name=\"next\" value=\"{}\"", escaped(&next))),
                "{path}: next, escaped"
            );
        }
    }
    let html = b
        .get(&ts, &format!("/login?{q}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(&format!("Sign in to {name_html}</h1>")));

    // A refused sign-in shows the account typed back, escaped, with the reason.
    let csrf = attr(&html, "name=\"csrf\" value=\"").to_string();
    let account = format!("{ATTR}{SCRIPT}");
    let resp = b
        .post(
            &ts,
            "/login/password",
            &[
                ("csrf", &csrf),
                ("app_id", &app),
                ("account", &account),
                ("password", "x"),
            ],
        )
        .await;
    let status = resp.status().as_u16();
    assert!(status >= 400, "refused: {status}");
    let html = page(resp, status, "refused sign-in").await;
    assert!(
        html.contains(&format!("value=\"{}\"", escaped(&account))),
        "{html}"
    );
    assert!(html.contains("role=\"alert\""));

    // The QR page with a hostile state; error pages with hostile parameters.
    let path = format!("/login/qrcode?app_id={app}&state={}", enc(END_SCRIPT));
    let html = page(b.get(&ts, &path).await, 200, "QR page").await;
    branded(&html, "QR page");
    assert!(html.contains(&format!("state={}", escaped(&enc(END_SCRIPT)))));
    let path = format!("/login/qrcode?app_id={app}&redirect_uri={}", enc(ATTR));
    let html = page(b.get(&ts, &path).await, 400, "QR error page").await;
    assert!(html.contains("class=\"card error\""));
    let path = format!("/login?app_id={}", enc(SCRIPT));
    page(b.get(&ts, &path).await, 404, "login error page").await;
    let path = format!(
        "/login?app_id={app}&next={}",
        enc(&format!("https://x/{SCRIPT}"))
    );
    page(b.get(&ts, &path).await, 400, "bad next").await;

    // A user with a hostile nickname, signed in: select account, consent, form_post and
    // web_message with hostile states.
    let nick = format!("{ATTR}{END_SCRIPT}");
    let made = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "mallory", "password": APP_USER_PASSWORD, "nickname": nick}),
            Some(&token),
        )
        .await;
    assert_eq!(made["statusCode"], 200, "{made}");
    let signed = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "mallory", "password": APP_USER_PASSWORD},
                    "client_id": ts.server.defaults.app_id,
                    "client_secret": ts.server.defaults.app_secret}),
            None,
        )
        .await;
    let user_token = signed["data"]["access_token"].as_str().unwrap().to_string();
    b.sign_in_with_qr(&ts, &app, &user_token).await;
    let auth = |extra: &str| {
        format!(
            "/oidc/auth?client_id={app}&redirect_uri={}&response_type=code&scope=openid&{extra}",
            enc(CB)
        )
    };
    let html = page(
        b.get(&ts, &auth("prompt=select_account")).await,
        200,
        "select account",
    )
    .await;
    assert!(html.contains(&escaped(&nick)), "{html}");
    let html = page(
        b.get(
            &ts,
            &auth(&format!(
                "response_mode=form_post&state={}",
                enc(END_SCRIPT)
            )),
        )
        .await,
        200,
        "consent",
    )
    .await;
    branded(&html, "consent");
    assert!(
        html.contains(&format!("Signed in as {}", escaped(&nick))),
        "{html}"
    );
    let id = attr(&html, "name=\"id\" value=\"").to_string();
    let csrf = attr(&html, "name=\"csrf\" value=\"").to_string();
    let resp = b
        .post(
            &ts,
            "/oidc/auth/continue",
            &[("id", &id), ("csrf", &csrf), ("action", "approve")],
        )
        .await;
    let html = page(resp, 200, "form_post").await;
    assert!(html.contains(&format!("name=\"state\" value=\"{}\"", escaped(END_SCRIPT))));
    let resp = b
        .get(
            &ts,
            &auth(&format!(
                "response_mode=web_message&prompt=none&state={}",
                enc(&format!("{END_SCRIPT}\u{2028}&{ATTR}"))
            )),
        )
        .await;
    let html = page(resp, 200, "web_message").await;
    let start = html.find("id=\"authorization-response\">").unwrap()
        + "id=\"authorization-response\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data = &html[start..end];
    assert!(!data.contains('<') && !data.contains('>') && !data.contains('&'));
    assert!(!data.contains('\u{2028}'));
    let m: Value = serde_json::from_str(data).unwrap();
    assert_eq!(
        m["response"]["state"],
        format!("{END_SCRIPT}\u{2028}&{ATTR}"),
        "the state arrives as sent"
    );

    // CAS: the signed-in notice in the application's branding, an error page.
    let html = page(
        b.get(&ts, &format!("/cas-idp/{app}")).await,
        200,
        "CAS notice",
    )
    .await;
    branded(&html, "CAS notice");
    let path = format!(
        "/cas-idp/{app}?service={}",
        enc(&format!("http://x/{SCRIPT}"))
    );
    page(b.get(&ts, &path).await, 400, "CAS error").await;

    // Logout to an unregistered address: the signed-out page with the error.
    let path = format!("/oidc/session/end?post_logout_redirect_uri={}", enc(ATTR));
    let resp = b.get(&ts, &path).await;
    let status = resp.status().as_u16();
    page(resp, status, "signed-out page").await;
    ts.stop().await;
}
