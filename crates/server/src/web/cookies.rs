//! Reading and writing the hosted pages' cookies (RFC 6265), without a cookie-jar dependency.

use crate::state::AppState;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The `SameSite` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent only with requests started by this site.
    Strict,
    /// Also sent with top-level navigations from other sites (the redirect back from an app).
    Lax,
}

/// A cookie to set (always `HttpOnly`).
#[derive(Debug, Clone)]
pub struct SetCookie<'a> {
    /// Name.
    pub name: &'a str,
    /// Value (ASCII without `;`, `,`, spaces or quotes: the pages only set random hex).
    pub value: &'a str,
    /// `Path`.
    pub path: &'a str,
    /// `Max-Age` in seconds; 0 deletes the cookie.
    pub max_age_secs: i64,
    /// `SameSite`.
    pub same_site: SameSite,
    /// `Secure` (when the public URL is https).
    pub secure: bool,
}

impl SetCookie<'_> {
    /// The `Set-Cookie` header value.
    pub fn header(&self) -> String {
        let same_site = match self.same_site {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
        };
        let mut out = format!(
            "{}={}; Path={}; Max-Age={}; HttpOnly; SameSite={same_site}",
            self.name,
            self.value,
            self.path,
            self.max_age_secs.max(0)
        );
        if self.secure {
            out.push_str("; Secure");
        }
        out
    }
}

/// Whether cookies must be `Secure`: the server's public URL is https.
pub fn secure(state: &AppState) -> bool {
    state.public_base.starts_with("https://")
}

/// The first value of cookie `name` in the request's `Cookie` headers.
pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim_matches('"'))
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn set_cookie_attributes() {
        let c = SetCookie {
            name: "a",
            value: "b",
            path: "/x",
            max_age_secs: 60,
            same_site: SameSite::Strict,
            secure: true,
        };
        assert_eq!(
            c.header(),
            "a=b; Path=/x; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
        let lax = SetCookie {
            same_site: SameSite::Lax,
            secure: false,
            max_age_secs: -5,
            ..c
        };
        assert_eq!(
            lax.header(),
            "a=b; Path=/x; Max-Age=0; HttpOnly; SameSite=Lax"
        );
    }

    #[test]
    fn reads_cookie_headers() {
        let mut h = HeaderMap::new();
        h.append(
            COOKIE,
            HeaderValue::from_static("x=1; authgate_session=abc"),
        );
        h.append(COOKIE, HeaderValue::from_static("y=\"2\""));
        assert_eq!(read(&h, "authgate_session"), Some("abc"));
        assert_eq!(read(&h, "y"), Some("2"));
        assert_eq!(read(&h, "session"), None);
        assert_eq!(read(&HeaderMap::new(), "x"), None);
    }
}
