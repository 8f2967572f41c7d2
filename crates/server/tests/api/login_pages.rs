//! The hosted login, sign-up and forgot-password pages over HTTP, driven like a browser: the
//! CSRF token is read from the HTML, cookies are kept by hand, redirects are not followed.

use crate::browser::Browser;
use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, app_user, create_app_user};
use crate::sinks::SmtpSink;
use reqwest::header;
use serde_json::{Value, json};

const NEXT: &str = "/oidc/auth/resume?uid=abc&x=1";

fn between<'a>(html: &'a str, prefix: &str) -> Option<&'a str> {
    let start = html.find(prefix)? + prefix.len();
    let len = html[start..].find('"')?;
    Some(&html[start..start + len])
}

/// The text of the page's error message.
fn alert(html: &str) -> String {
    let start = html
        .find("role=\"alert\">")
        .unwrap_or_else(|| panic!("no alert in {html}"));
    let rest = &html[start + "role=\"alert\">".len()..];
    rest[..rest.find("</p>").unwrap()].to_string()
}

fn csrf_of(html: &str) -> String {
    between(html, "name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("no csrf in {html}"))
        .to_string()
}

impl Browser {
    /// GETs a page expecting 200; answers its HTML and CSRF token.
    async fn page(&mut self, ts: &TestServer, path: &str) -> (String, String) {
        let resp = self.get(ts, path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let html = resp.text().await.unwrap();
        let csrf = csrf_of(&html);
        (html, csrf)
    }
}

fn login_path(app_id: &str, extra: &str) -> String {
    format!("/login?app_id={app_id}&next={}{extra}", urlencoding(NEXT))
}

fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn location(resp: &reqwest::Response) -> &str {
    resp.headers()[header::LOCATION].to_str().unwrap()
}

async fn password_post(
    b: &mut Browser,
    ts: &TestServer,
    app_id: &str,
    csrf: &str,
    account: &str,
    password: &str,
) -> reqwest::Response {
    b.post(
        ts,
        "/login/password",
        &[
            ("csrf", csrf),
            ("app_id", app_id),
            ("next", NEXT),
            ("account", account),
            ("password", password),
        ],
    )
    .await
}

/// The user id an SSO session cookie belongs to, through the login history.
async fn signed_in_user(ts: &TestServer, username: &str) -> Value {
    let token = ts.mgmt_token().await;
    ts.get_raw(
        &format!("/api/v3/get-user?userId={username}&userIdType=username"),
        Some(&token),
    )
    .await
}

#[tokio::test]
async fn password_tab_signs_in_and_goes_to_next() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "alma").await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let resp = b.get(&ts, &login_path(&app_id, "&login_hint=alma")).await;
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'nonce-") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    let csrf_cookie = h[header::SET_COOKIE].to_str().unwrap().to_string();
    for attr in [
        "authgate_login_csrf=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/login",
    ] {
        assert!(csrf_cookie.contains(attr), "{csrf_cookie}");
    }
    let html = resp.text().await.unwrap();
    assert!(html.contains("value=\"alma\""), "login_hint pre-fills");
    assert!(
        !html.contains("<script src") && !html.contains("<link rel=\"stylesheet"),
        "no CDN"
    );
    let csrf = csrf_of(&html);
    // A second load keeps the browser's token (several tabs work).
    let (_, again) = b.page(&ts, &login_path(&app_id, "")).await;
    assert_eq!(again, csrf);

    let resp = password_post(&mut b, &ts, &app_id, &csrf, "alma", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), NEXT);
    let session = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("authgate_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("Path=/"));
    assert!(b.cookie("authgate_session").is_some());
    let user = signed_in_user(&ts, "alma").await;
    assert_eq!(user["data"]["loginsCount"], 1, "{user}");

    // Without next: the signed-in page (the session is there).
    let resp = b
        .post(
            &ts,
            "/login/password",
            &[
                ("csrf", &csrf),
                ("app_id", &app_id),
                ("account", "alma"),
                ("password", APP_USER_PASSWORD),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let to = location(&resp).to_string();
    assert!(to.starts_with("/login/signed-in?app_id="), "{to}");
    let resp = b.get(&ts, &to).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.unwrap().contains("You are signed in"));
    // Without a session the signed-in page sends to the login page.
    let resp = Browser::new().get(&ts, &to).await;
    assert_eq!(resp.status(), 303);
    assert!(location(&resp).starts_with("/login?"));
    ts.stop().await;
}

#[tokio::test]
async fn wrong_password_shows_the_form_again_then_locks() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "bert").await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let (_, csrf) = b.page(&ts, &login_path(&app_id, "")).await;
    for _ in 0..5 {
        let resp = password_post(&mut b, &ts, &app_id, &csrf, "bert", "wrong pass 1").await;
        assert_eq!(resp.status(), 403);
        assert!(resp.headers().get(header::LOCATION).is_none());
        let html = resp.text().await.unwrap();
        assert_eq!(alert(&html), "Account not exists or password is incorrect.");
        assert!(html.contains("value=\"bert\""), "the account stays filled");
        assert!(
            !html.contains("wrong pass 1"),
            "the password is never echoed"
        );
    }
    // An unknown account answers exactly like a wrong password (the pool hides existence).
    let unknown = password_post(&mut b, &ts, &app_id, &csrf, "nobody", "wrong pass 1").await;
    assert_eq!(unknown.status(), 403);
    let unknown = unknown.text().await.unwrap();
    assert_eq!(
        alert(&unknown),
        "Account not exists or password is incorrect."
    );
    // Locked: even the right password is refused now.
    let resp = password_post(&mut b, &ts, &app_id, &csrf, "bert", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert_ne!(
        alert(&resp.text().await.unwrap()),
        "Account not exists or password is incorrect.",
        "locked"
    );
    assert!(b.cookie("authgate_session").is_none());
    ts.clock.advance(15 * 60 * 1000);
    let resp = password_post(&mut b, &ts, &app_id, &csrf, "bert", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 303);
    ts.stop().await;
}

#[tokio::test]
async fn csrf_and_bad_links_are_refused_without_redirects() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "cleo").await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let (_, csrf) = b.page(&ts, &login_path(&app_id, "")).await;
    // Missing and wrong CSRF tokens.
    for token in ["", "0000"] {
        let resp = password_post(&mut b, &ts, &app_id, token, "cleo", APP_USER_PASSWORD).await;
        assert_eq!(resp.status(), 403, "{token}");
        assert!(resp.headers().get(header::LOCATION).is_none());
    }
    // The right token without the cookie (another site's form).
    let mut other = Browser::new();
    let resp = password_post(&mut other, &ts, &app_id, &csrf, "cleo", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert!(other.cookie("authgate_session").is_none());

    // Invalid next: an error page, never a redirect (GET and POST).
    for bad in [
        "https://evil.example/",
        "//evil.example/oidc/",
        "/api/v3/signin",
    ] {
        let resp = b
            .get(
                &ts,
                &format!("/login?app_id={app_id}&next={}", urlencoding(bad)),
            )
            .await;
        assert_eq!(resp.status(), 400, "{bad}");
        assert!(resp.headers().get(header::LOCATION).is_none());
        assert!(resp.text().await.unwrap().contains("return address"));
        let resp = b
            .post(
                &ts,
                "/login/password",
                &[
                    ("csrf", &csrf),
                    ("app_id", &app_id),
                    ("next", bad),
                    ("account", "cleo"),
                    ("password", APP_USER_PASSWORD),
                ],
            )
            .await;
        assert_eq!(resp.status(), 400, "{bad}");
        assert!(resp.headers().get(header::LOCATION).is_none());
    }
    assert!(b.cookie("authgate_session").is_none());
    // Unknown and missing applications.
    let resp = b.get(&ts, "/login?app_id=nope").await;
    assert_eq!(resp.status(), 404);
    assert!(resp.text().await.unwrap().contains("does not exist"));
    let resp = b.get(&ts, "/login").await;
    assert_eq!(resp.status(), 400);
    assert!(resp.text().await.unwrap().contains("app_id"));
    ts.stop().await;
}

#[tokio::test]
async fn code_tab_sends_and_signs_in() {
    let mut sink = SmtpSink::start().await;
    let url = sink.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    let token = ts.mgmt_token().await;
    let b0 = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"email": "dora@example.com", "password": APP_USER_PASSWORD}),
            Some(&token),
        )
        .await;
    assert_eq!(b0["statusCode"], 200, "{b0}");
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let (html, csrf) = b.page(&ts, &login_path(&app_id, "&tab=code")).await;
    assert!(html.contains("action=\"/login/code\""));
    let form = |code: &'static str| {
        vec![
            ("app_id", app_id.clone()),
            ("next", NEXT.to_string()),
            ("account", "dora@example.com".to_string()),
            ("code", code.to_string()),
        ]
    };
    let mut send = form("");
    send.push(("csrf", csrf.clone()));
    let send: Vec<(&str, &str)> = send.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = b.post(&ts, "/login/code/send", &send).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.unwrap().contains("A code has been sent"));
    let code = sink.next().await.code();
    // A wrong code first: the form again.
    let post = |code: String| {
        let mut f = form("");
        f.retain(|(k, _)| *k != "code");
        f.push(("code", code));
        f.push(("csrf", csrf.clone()));
        f
    };
    let wrong = post("000000".into());
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = b.post(&ts, "/login/code", &wrong).await;
    assert_ne!(resp.status(), 303);
    let right = post(code);
    let right: Vec<(&str, &str)> = right.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let resp = b.post(&ts, "/login/code", &right).await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), NEXT);
    // The code is single use.
    let resp = b.post(&ts, "/login/code", &right).await;
    assert_ne!(resp.status(), 303);
    ts.stop().await;
}

async fn set_login_config(ts: &TestServer, app_id: &str, config: Value) {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": app_id, "loginConfig": config}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
}

#[tokio::test]
async fn tabs_follow_login_config_and_disabled_posts_are_refused() {
    // The code tab is offered only with a sender.
    let sink = SmtpSink::start().await;
    let url = sink.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    create_app_user(&ts, "emil").await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    // Defaults: password, code and QR.
    let (html, _) = b.page(&ts, &login_path(&app_id, "")).await;
    for tab in ["tab=password", "tab=code", "tab=qrcode"] {
        assert!(html.contains(tab), "{tab}");
    }
    set_login_config(
        &ts,
        &app_id,
        json!({"enabledBasicLoginMethods": ["EMAIL_CODE"],
               "defaultLoginMethod": {"connectionType": "PASSCODE"}}),
    )
    .await;
    let (html, csrf) = b.page(&ts, &login_path(&app_id, "&tab=password")).await;
    assert!(
        html.contains("action=\"/login/code\""),
        "falls back to the code tab"
    );
    assert!(!html.contains("action=\"/login/password\""));
    assert!(!html.contains("/login/qrcode"));
    let resp = password_post(&mut b, &ts, &app_id, &csrf, "emil", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 403);
    assert!(resp.text().await.unwrap().contains("not enabled"));
    // The QR page refuses a next-bound sign-in the config does not enable.
    let resp = b
        .get(
            &ts,
            &format!("/login/qrcode?app_id={app_id}&next={}", urlencoding(NEXT)),
        )
        .await;
    assert_eq!(resp.status(), 400);
    // Username passwords only: an email account is refused.
    set_login_config(
        &ts,
        &app_id,
        json!({"enabledBasicLoginMethods": ["USERNAME_PASSWORD"]}),
    )
    .await;
    let resp = password_post(&mut b, &ts, &app_id, &csrf, "e@example.com", "x").await;
    assert_eq!(resp.status(), 403);
    let resp = password_post(&mut b, &ts, &app_id, &csrf, "emil", APP_USER_PASSWORD).await;
    assert_eq!(resp.status(), 303);
    ts.stop().await;
}

#[tokio::test]
async fn qr_tab_ends_at_next_with_a_session() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "fina").await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let resp = b.get(&ts, &login_path(&app_id, "&tab=qrcode")).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    let qr_href = between(&html, "class=\"button\" href=\"")
        .unwrap()
        .replace("&amp;", "&");
    assert!(qr_href.starts_with("/login/qrcode?app_id="), "{qr_href}");
    let resp = b.get(&ts, &qr_href).await;
    assert_eq!(resp.status(), 200);
    let html = resp.text().await.unwrap();
    let id = between(&html, "data-qrcode-id=\"").unwrap().to_string();
    let csrf = csrf_of(&html);
    for action in ["SCAN", "CONFIRM"] {
        let r: Value = ts
            .http
            .post(ts.url("/api/v3/change-qrcode-status"))
            .header("authorization", &token)
            .json(&json!({"qrcodeId": id, "action": action}))
            .fetch_json()
            .await;
        assert_eq!(r["statusCode"], 200, "{r}");
    }
    let resp = b
        .post(
            &ts,
            "/login/qrcode/complete",
            &[("qrcodeId", &id), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), NEXT);
    assert!(b.cookie("authgate_session").is_some());
    ts.stop().await;
}

#[tokio::test]
async fn signup_then_forgot_password() {
    let mut sink = SmtpSink::start().await;
    let url = sink.url.clone();
    // SMS too: the phone-code sign-up is offered only with a provider.
    let sms = crate::sinks::SmsSink::start().await;
    let sms_url = sms.url.clone();
    let ts = TestServer::start_with(|c| {
        c.sms_provider = Some("webhook".into());
        c.sms_webhook_url = Some(sms_url);
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let (html, csrf) = b
        .page(
            &ts,
            &format!(
                "/login/signup?app_id={app_id}&next={}&method=EMAIL_PASSWORD",
                urlencoding(NEXT)
            ),
        )
        .await;
    assert!(html.contains("method=EMAIL_CODE") && html.contains("method=PHONE_CODE"));
    let signup = |password: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("app_id", app_id.clone()),
            ("next", NEXT.to_string()),
            ("method", "EMAIL_PASSWORD".to_string()),
            ("account", "gina@example.com".to_string()),
            ("password", password.to_string()),
        ]
    };
    // The password policy applies (at least 6 characters by default).
    let short = signup("ab");
    let resp = b
        .post(
            &ts,
            "/login/signup",
            &short
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_ne!(resp.status(), 303);
    let ok = signup("first pass 1");
    let resp = b
        .post(
            &ts,
            "/login/signup",
            &ok.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(resp.status(), 303);
    assert_eq!(location(&resp), NEXT);
    assert!(b.cookie("authgate_session").is_some());

    // Forgot password: code to the email, then the new password.
    let mut b = Browser::new();
    let (_, csrf) = b
        .page(&ts, &format!("/login/forgot-password?app_id={app_id}"))
        .await;
    let base = [
        ("csrf", csrf.as_str()),
        ("app_id", app_id.as_str()),
        ("account", "gina@example.com"),
    ];
    let resp = b.post(&ts, "/login/forgot-password/send-code", &base).await;
    assert_eq!(resp.status(), 200);
    let code = sink.next().await.code();
    let mut form = base.to_vec();
    form.push(("code", &code));
    form.push(("password", "second pass 2"));
    let resp = b.post(&ts, "/login/forgot-password", &form).await;
    assert_eq!(resp.status(), 303);
    let to = location(&resp).to_string();
    assert!(
        to.starts_with("/login?") && to.contains("done=reset"),
        "{to}"
    );
    let (html, csrf) = b.page(&ts, &to).await;
    assert!(html.contains("Your password has been changed"));
    // The old password stops working, the new one works.
    let resp = password_post(
        &mut b,
        &ts,
        &app_id,
        &csrf,
        "gina@example.com",
        "first pass 1",
    )
    .await;
    assert_eq!(resp.status(), 403);
    let resp = password_post(
        &mut b,
        &ts,
        &app_id,
        &csrf,
        "gina@example.com",
        "second pass 2",
    )
    .await;
    assert_eq!(resp.status(), 303);
    ts.stop().await;
}

#[tokio::test]
async fn chinese_rendering() {
    // The code tab and forgot-password are offered only with a sender.
    let sink = SmtpSink::start().await;
    let url = sink.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    let app_id = ts.server.defaults.app_id.clone();
    let mut b = Browser::new();
    let (html, _) = b.page(&ts, &login_path(&app_id, "&lang=zh-CN")).await;
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("密码登录") && html.contains("忘记密码"));
    assert!(html.contains("lang=en-US"), "switch link to English");
    // Accept-Language without lang.
    let resp = b
        .get_in(&ts, &login_path(&app_id, ""), Some("zh-CN,zh;q=0.9"))
        .await;
    assert!(resp.text().await.unwrap().contains("验证码登录"));
    let (html, csrf) = b.page(&ts, &login_path(&app_id, "&lang=zh-CN")).await;
    assert!(html.contains("登录"));
    let resp = b
        .post(
            &ts,
            "/login/password",
            &[
                ("csrf", &csrf),
                ("app_id", &app_id),
                ("lang", "zh-CN"),
                ("account", "nobody"),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(resp.status(), 403);
    assert_eq!(alert(&resp.text().await.unwrap()), "账号不存在或密码错误");
    ts.stop().await;
}
