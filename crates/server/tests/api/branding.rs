//! Hosted-page branding and the methods offered: the application's logo, name, primary colour,
//! custom CSS and footer on every hosted page (login, sign-up, forgot-password, QR, consent),
//! their rules on write, the exact `img-src` of an https logo, and code methods offered only
//! when the server can deliver the code.

use crate::browser::Browser;
use crate::common::{TestServer, app_user, assert_error};
use crate::sinks::{SmsSink, SmtpSink};
use reqwest::header;
use serde_json::{Value, json};

const CB: &str = "https://app.example/cb";
const LOGO: &str = "https://cdn.example:8443/brand/logo.png?v=2";
const CSS: &str = ".card{border-top:4px solid #0a7}";

/// An application with `extra` settings; answers its id.
async fn create_app(ts: &TestServer, extra: Value) -> String {
    let token = ts.mgmt_token().await;
    let mut body = json!({"appName": "Acme <Shop>", "appType": "web", "redirectUris": [CB]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let b = ts
        .post_json("/api/v3/create-application", &body, Some(&token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["appId"].as_str().unwrap().to_string()
}

fn branded() -> Value {
    json!({
        "appLogo": LOGO,
        "loginConfig": {"showAuthorizationPage": true},
        "brandingConfig": {"customCSSEnabled": true, "customCSS": CSS,
                           "primaryColor": "#0a7", "footerText": "© Acme & Co"}
    })
}

/// The `img-src` directive of a response's CSP.
fn img_src(resp: &reqwest::Response) -> String {
    let csp = resp.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    csp.split(';')
        .map(str::trim)
        .find(|d| d.starts_with("img-src "))
        .unwrap_or_else(|| panic!("no img-src in {csp}"))
        .to_string()
}

/// The page's nonce (from its script-src).
fn nonce(resp: &reqwest::Response) -> String {
    let csp = resp.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    let start = csp.find("'nonce-").unwrap() + "'nonce-".len();
    csp[start..start + csp[start..].find('\'').unwrap()].to_string()
}

/// Asserts the branding of a 200 page and its exact `img-src`.
async fn assert_branded(resp: reqwest::Response, what: &str) -> String {
    assert_eq!(resp.status(), 200, "{what}");
    assert_eq!(
        img_src(&resp),
        "img-src 'self' data: https://cdn.example:8443",
        "{what}"
    );
    let n = nonce(&resp);
    let html = resp.text().await.unwrap();
    assert!(
        html.contains(
            "<img class=\"brand-logo\" src=\"https://cdn.example:8443/brand/logo.png?v=2\""
        ),
        "{what}: {html}"
    );
    assert!(
        html.contains("<span class=\"brand-name\">Acme &lt;Shop&gt;</span>"),
        "{what}"
    );
    assert!(
        html.contains(&format!(
            "<style nonce=\"{n}\">:root{{--primary:#0a7}}</style>"
        )),
        "{what}"
    );
    assert!(
        html.contains(&format!(
            "<style nonce=\"{n}\" id=\"custom-css\">{CSS}</style>"
        )),
        "{what}"
    );
    assert!(html.contains("© Acme &amp; Co"), "{what}");
    assert!(!html.contains("authgate</footer>"), "{what}");
    html
}

#[tokio::test]
async fn every_hosted_page_carries_the_branding() {
    let smtp = SmtpSink::start().await;
    let url = smtp.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    let app_id = create_app(&ts, branded()).await;
    let mut b = Browser::new();
    for path in [
        format!("/login?app_id={app_id}"),
        format!("/login?app_id={app_id}&tab=code&lang=zh-CN"),
        format!("/login/signup?app_id={app_id}"),
        format!("/login/forgot-password?app_id={app_id}"),
        format!("/login/qrcode?app_id={app_id}"),
    ] {
        let resp = b.get(&ts, &path).await;
        assert_branded(resp, &path).await;
    }

    // Consent (the application is third-party).
    let token = app_user(&ts, "bree").await;
    b.sign_in_with_qr(&ts, &app_id, &token).await;
    let resp = b
        .get(
            &ts,
            &format!(
                "/oidc/auth?client_id={app_id}&response_type=code&scope=openid&redirect_uri={}",
                url::form_urlencoded::byte_serialize(CB.as_bytes()).collect::<String>()
            ),
        )
        .await;
    let html = assert_branded(resp, "consent").await;
    assert!(html.contains("value=\"approve\""), "consent page");

    // An unbranded application: no header, no extra image source, no product footer.
    let plain = create_app(&ts, json!({})).await;
    let resp = b.get(&ts, &format!("/login?app_id={plain}")).await;
    assert_eq!(img_src(&resp), "img-src 'self' data:");
    let html = resp.text().await.unwrap();
    assert!(html.contains("<span class=\"brand-name\">Acme &lt;Shop&gt;</span>"));
    assert!(!html.contains("class=\"brand-logo\"") && !html.contains("id=\"custom-css\""));
    assert!(!html.contains("--primary:#0a7"), "no colour of its own");
    assert!(!html.contains("authgate</footer>") && !html.contains("footer-text"));
    ts.stop().await;
}

#[tokio::test]
async fn bad_branding_is_refused_on_write() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let app_id = create_app(&ts, json!({})).await;
    let cases = [
        (json!({"appLogo": "javascript:alert(1)"}), "appLogo"),
        (json!({"appLogo": "data:text/html;base64,PGI+"}), "appLogo"),
        (
            json!({"appLogo": "data:image/svg+xml,<svg onload=alert(1)>"}),
            "appLogo",
        ),
        (
            json!({"brandingConfig": {"customCSSEnabled": true,
                                      "customCSS": "a{}</style><script>alert(1)</script>"}}),
            "customCSS",
        ),
        (
            json!({"brandingConfig": {"customCSS": "a".repeat(16 * 1024 + 1)}}),
            "customCSS",
        ),
        (
            json!({"brandingConfig": {"primaryColor": "red"}}),
            "primaryColor",
        ),
        (
            json!({"brandingConfig": {"primaryColor": "#fff;}body{x:y"}}),
            "primaryColor",
        ),
        (
            json!({"brandingConfig": {"primaryColor": "#abcd"}}),
            "primaryColor",
        ),
        (
            json!({"brandingConfig": {"footerText": "x".repeat(201)}}),
            "footerText",
        ),
    ];
    for (change, name) in cases {
        let mut body = change.clone();
        body["appId"] = json!(app_id);
        let b = ts
            .post_json("/api/v3/update-application", &body, Some(&token))
            .await;
        let msg = assert_error(&b, 400);
        assert!(msg.contains(name), "{change}: {msg}");
    }
    // Nothing was stored: the page is still unbranded.
    let got = ts
        .get_raw(
            &format!("/api/v3/get-application?appId={app_id}"),
            Some(&token),
        )
        .await;
    assert_eq!(got["data"]["appLogo"], "", "{got}");
    assert!(
        got["data"]["brandingConfig"]["customCSS"].is_null(),
        "{got}"
    );
    // Good values are kept and shown back.
    let b = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": app_id, "appLogo": "data:image/svg+xml;base64,PHN2Zy8+",
                    "brandingConfig": {"primaryColor": "#A1B2C3", "customCSS": CSS,
                                       "customCSSEnabled": true}}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let got = ts
        .get_raw(
            &format!("/api/v3/get-application?appId={app_id}"),
            Some(&token),
        )
        .await;
    assert_eq!(
        got["data"]["brandingConfig"]["primaryColor"], "#A1B2C3",
        "{got}"
    );
    let resp = Browser::new()
        .get(&ts, &format!("/login?app_id={app_id}"))
        .await;
    // A data: logo needs no extra image source.
    assert_eq!(img_src(&resp), "img-src 'self' data:");
    let html = resp.text().await.unwrap();
    assert!(html.contains("src=\"data:image/svg+xml;base64,PHN2Zy8+\""));
    assert!(html.contains(":root{--primary:#A1B2C3}"));
    ts.stop().await;
}

/// Whether the login page of `app_id` has a code tab, and the sign-up methods it offers.
async fn offered(ts: &TestServer, app_id: &str) -> (bool, bool, bool, bool) {
    let mut b = Browser::new();
    let login = b
        .get(ts, &format!("/login?app_id={app_id}"))
        .await
        .text()
        .await
        .unwrap();
    let signup = b
        .get(
            ts,
            &format!("/login/signup?app_id={app_id}&method=EMAIL_PASSWORD"),
        )
        .await
        .text()
        .await
        .unwrap();
    (
        login.contains("tab=code"),
        signup.contains("method=EMAIL_CODE"),
        signup.contains("method=PHONE_CODE"),
        login.contains("/login/forgot-password"),
    )
}

const ALL_METHODS: &str = r#"{
    "loginConfig": {"showAuthorizationPage": false,
        "enabledBasicLoginMethods": ["EMAIL_PASSWORD", "EMAIL_CODE", "PHONE_CODE"],
        "defaultLoginMethod": {"connectionType": "PASSCODE"}},
    "registerConfig": {"enabledBasicRegisterMethods": ["EMAIL_PASSWORD", "EMAIL_CODE", "PHONE_CODE"],
        "defaultRegisterMethod": "PASSCODE"}}"#;

#[tokio::test]
async fn code_methods_need_a_configured_sender() {
    // Neither SMTP nor SMS.
    let ts = TestServer::start().await;
    let app_id = create_app(&ts, serde_json::from_str(ALL_METHODS).unwrap()).await;
    assert_eq!(offered(&ts, &app_id).await, (false, false, false, false));
    let mut b = Browser::new();
    // The code tab asked for falls back to the password form; a code post is refused.
    let resp = b
        .get(&ts, &format!("/login?app_id={app_id}&tab=code"))
        .await;
    let html = resp.text().await.unwrap();
    assert!(html.contains("action=\"/login/password\"") && !html.contains("/login/code"));
    let csrf = crate::browser::attr(&html, "name=\"csrf\" value=\"").to_string();
    let resp = b
        .post(
            &ts,
            "/login/code/send",
            &[
                ("csrf", &csrf),
                ("app_id", &app_id),
                ("account", "a@example.com"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 403);
    // Sign-up by code is not offered; forgot-password has no form.
    let html = b
        .get(
            &ts,
            &format!("/login/signup?app_id={app_id}&method=EMAIL_CODE"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("name=\"password\"") && !html.contains("send-code"));
    let html = b
        .get(&ts, &format!("/login/forgot-password?app_id={app_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("role=\"alert\"") && !html.contains("send-code"));
    ts.stop().await;

    // SMTP only: email codes.
    let smtp = SmtpSink::start().await;
    let url = smtp.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    let app_id = create_app(&ts, serde_json::from_str(ALL_METHODS).unwrap()).await;
    assert_eq!(offered(&ts, &app_id).await, (true, true, false, true));
    let html = Browser::new()
        .get(&ts, &format!("/login?app_id={app_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("action=\"/login/code\""),
        "code tab is the default"
    );
    assert!(html.contains(">Email</label>"), "only email addresses");
    ts.stop().await;

    // SMS only: phone codes.
    let sms = SmsSink::start().await;
    let url = sms.url.clone();
    let ts = TestServer::start_with(|c| {
        c.sms_provider = Some("webhook".into());
        c.sms_webhook_url = Some(url);
    })
    .await;
    let app_id = create_app(&ts, serde_json::from_str(ALL_METHODS).unwrap()).await;
    assert_eq!(offered(&ts, &app_id).await, (true, false, true, true));
    let html = Browser::new()
        .get(&ts, &format!("/login/forgot-password?app_id={app_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(">Phone</label>") && html.contains("send-code"));
    ts.stop().await;
}
