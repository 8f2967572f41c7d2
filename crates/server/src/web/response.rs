//! Hosted-page responses and the security headers every one of them carries: a strict CSP
//! (scripts and styles only inline with the response's nonce), no framing, no sniffing, no
//! referrer, no caching.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A per-response CSP nonce (128 random bits, hex).
pub fn nonce() -> Result<String, authgate_core::ids::RandomError> {
    authgate_core::ids::new_secret_hex(16)
}

/// The Content-Security-Policy of a page: `nonce` for its inline script and style, the
/// extra `form-action` sources its form may end up at (after a redirect), and the extra
/// `img-src` sources its images come from (the origin of an application's logo).
pub fn csp(nonce: Option<&str>, form_targets: &[String], img_sources: &[String]) -> String {
    let inline = nonce.map_or_else(|| "'none'".to_string(), |n| format!("'nonce-{n}'"));
    let mut form_action = String::from("'self'");
    for t in form_targets {
        form_action.push(' ');
        form_action.push_str(t);
    }
    let mut img_src = String::from("'self' data:");
    for s in img_sources {
        img_src.push(' ');
        img_src.push_str(s);
    }
    format!(
        "default-src 'none'; script-src {inline}; style-src {inline}; img-src {img_src}; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action {form_action}"
    )
}

/// Sets the security headers (with `csp`) on `headers`.
fn secure(headers: &mut HeaderMap, csp: &str) {
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    match HeaderValue::from_str(csp) {
        Ok(v) => {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        Err(_) => {
            // Cannot happen with the sources `csp` accepts; fail closed.
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'"),
            );
        }
    }
}

fn add_cookies(headers: &mut HeaderMap, cookies: &[String]) {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            headers.append(header::SET_COOKIE, v);
        }
    }
}

/// An HTML page.
#[derive(Debug)]
pub struct Page {
    /// HTTP status.
    pub status: StatusCode,
    /// The document.
    pub html: String,
    /// The nonce its inline script and style carry.
    pub nonce: String,
    /// Extra `form-action` sources.
    pub form_targets: Vec<String>,
    /// Extra `img-src` sources.
    pub img_sources: Vec<String>,
    /// `Set-Cookie` values.
    pub cookies: Vec<String>,
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut resp = (self.status, self.html).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        secure(
            h,
            &csp(Some(&self.nonce), &self.form_targets, &self.img_sources),
        );
        add_cookies(h, &self.cookies);
        resp
    }
}

/// A `303 See Other` to `location` (already validated by the caller), setting `cookies`.
pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let h = resp.headers_mut();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            h.insert(header::LOCATION, v);
        }
        Err(_) => {
            tracing::error!("a redirect location is not a valid header value");
            *resp.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        }
    }
    secure(resp.headers_mut(), &csp(None, &[], &[]));
    add_cookies(resp.headers_mut(), cookies);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_and_headers() {
        let p = csp(
            Some("abc"),
            &["http://127.0.0.1:5000".into()],
            &["https://cdn.example".into()],
        );
        assert!(p.contains("img-src 'self' data: https://cdn.example;"));
        assert!(
            p.starts_with("default-src 'none'; script-src 'nonce-abc'; style-src 'nonce-abc';")
        );
        assert!(p.ends_with("form-action 'self' http://127.0.0.1:5000"));
        let r = Page {
            status: StatusCode::OK,
            html: "<p>x</p>".into(),
            nonce: "abc".into(),
            form_targets: vec![],
            img_sources: vec![],
            cookies: vec!["a=b; Path=/".into()],
        }
        .into_response();
        let h = r.headers();
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(h[header::SET_COOKIE], "a=b; Path=/");
        assert!(
            h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let r = see_other("https://a.example/cb?code=1", &[]);
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::REFERRER_POLICY], "no-referrer");
        assert!(
            r.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("script-src 'none'")
        );
    }
}
