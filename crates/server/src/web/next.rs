//! Where the hosted login page sends the browser once the user is signed in: a `next` path on
//! this server (the authorization endpoint's resume URL, a CAS login, a hosted page).
//!
//! `next` is never an absolute URL: only a path of one of [`ALLOWED_PREFIXES`] is accepted, so
//! the login page cannot be turned into an open redirector.

/// Path prefixes a `next` may start with.
pub const ALLOWED_PREFIXES: [&str; 4] = ["/oidc/", "/oauth/", "/cas-idp/", "/login/"];

/// `next` when it is a safe local path, `None` otherwise.
pub fn validate(next: &str) -> Option<&str> {
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.bytes().any(|b| b.is_ascii_control())
        && ALLOWED_PREFIXES.iter().any(|p| next.starts_with(p));
    safe.then_some(next)
}

/// The hosted login page for `app_id` that returns to `next` once the user is signed in.
pub fn login_url(app_id: &str, next: &str, login_hint: Option<&str>, lang: Option<&str>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    out.append_pair("app_id", app_id);
    out.append_pair("next", next);
    if let Some(hint) = login_hint.filter(|h| !h.is_empty()) {
        out.append_pair("login_hint", hint);
    }
    if let Some(lang) = lang.filter(|l| !l.is_empty()) {
        out.append_pair("lang", lang);
    }
    format!("/login?{}", out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_of_known_prefixes_are_accepted() {
        assert_eq!(
            validate("/oidc/auth/resume?i=1"),
            Some("/oidc/auth/resume?i=1")
        );
        assert_eq!(
            validate("/cas-idp/app?service=x"),
            Some("/cas-idp/app?service=x")
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/oidc/",
            "/\\evil.example",
            "/api/v3/signin",
            "oidc/auth",
            "/oidc/\n",
            "",
        ] {
            assert_eq!(validate(bad), None, "{bad}");
        }
    }

    #[test]
    fn login_url_encodes_next() {
        let url = login_url("app1", "/oidc/auth/resume?a=1&b=2", Some("a@b.c"), None);
        assert_eq!(
            url,
            "/login?app_id=app1&next=%2Foidc%2Fauth%2Fresume%3Fa%3D1%26b%3D2&login_hint=a%40b.c"
        );
    }
}
