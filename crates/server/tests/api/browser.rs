//! A browser for the hosted-page tests: redirects are not followed (each test looks at them),
//! cookies are kept by hand, like a browser would keep them for one site.

use crate::common::{FetchJson, TestServer};
use reqwest::header::{self, HeaderMap};
use serde_json::{Value, json};

/// Cookies and a client that does not follow redirects.
pub struct Browser {
    http: reqwest::Client,
    cookies: Vec<(String, String)>,
}

/// The attribute value that follows `prefix` in `html`, up to the next `"`.
pub fn attr<'a>(html: &'a str, prefix: &str) -> &'a str {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} missing in {html}"))
        + prefix.len();
    let len = html[start..].find('"').unwrap();
    &html[start..start + len]
}

impl Browser {
    /// A browser without cookies.
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    /// A browser holding one cookie (e.g. a session cookie kept from before).
    pub fn with_cookie(name: &str, value: &str) -> Self {
        let mut b = Self::new();
        b.cookies.push((name.to_string(), value.to_string()));
        b
    }

    /// The value of cookie `name`, if the browser holds it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let (pair, _) = v.to_str().unwrap().split_once(';').unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_string(), value.to_string()));
            }
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, ts: &TestServer, path: &str) -> reqwest::Response {
        self.get_in(ts, path, None).await
    }

    /// `GET path` with an `Accept-Language` header when given.
    pub async fn get_in(
        &mut self,
        ts: &TestServer,
        path: &str,
        accept_language: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .get(ts.url(path))
            .header(header::COOKIE, self.cookie_header());
        if let Some(l) = accept_language {
            req = req.header(header::ACCEPT_LANGUAGE, l);
        }
        let resp = req.send().await.unwrap();
        self.keep_cookies(resp.headers());
        resp
    }

    /// `POST path` with a form body.
    pub async fn post(
        &mut self,
        ts: &TestServer,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let resp = self
            .http
            .post(ts.url(path))
            .header(header::COOKIE, self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(resp.headers());
        resp
    }

    /// Signs `user_token`'s user in on the hosted QR page of `app_id` (which needs a redirect
    /// URI): the phone scans and confirms, the page completes and opens the SSO session.
    pub async fn sign_in_with_qr(&mut self, ts: &TestServer, app_id: &str, user_token: &str) {
        let resp = self
            .get(ts, &format!("/login/qrcode?app_id={app_id}"))
            .await;
        assert_eq!(resp.status(), 200);
        let html = resp.text().await.unwrap();
        let id = attr(&html, "data-qrcode-id=\"").to_string();
        let csrf = attr(&html, "name=\"csrf\" value=\"").to_string();
        for action in ["SCAN", "CONFIRM"] {
            let b: Value = ts
                .http
                .post(ts.url("/api/v3/change-qrcode-status"))
                .header("authorization", user_token)
                .json(&json!({"qrcodeId": id, "action": action}))
                .fetch_json()
                .await;
            assert_eq!(b["statusCode"], 200, "{action}: {b}");
        }
        let resp = self
            .post(
                ts,
                "/login/qrcode/complete",
                &[("qrcodeId", &id), ("csrf", &csrf)],
            )
            .await;
        assert_eq!(resp.status(), 303);
        assert!(self.cookie("authgate_session").is_some());
    }
}
