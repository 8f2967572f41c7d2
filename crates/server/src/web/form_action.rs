//! Where a hosted page's form may end up: the extra sources of its CSP `form-action`.
//!
//! Chromium applies `form-action` to every redirect that follows a form submission, not only to
//! the form's own target: the login form posts to `/login/password`, which answers 303 to
//! `next` (`/oidc/auth/resume?id=…`), which answers 303 to the application's callback — and
//! with `form-action 'self'` alone Chromium stops there. So a hosted page's policy is `'self'`
//! plus exactly the origins the flow it belongs to may end at once its form is posted:
//!
//! - an OIDC / OAuth authorization in progress (`next` = `/oidc/auth/resume?id=…`): the origin
//!   of that pending request's redirect URI (still registered for the application). It is
//!   resolved per page from the stored request rather than taken from every redirect URI the
//!   application registers, so the policy names the one origin this sign-in returns to;
//! - an authorization started again (`next` = `/oidc/auth?client_id=…`): its redirect URI when
//!   it is registered (the first registered one when absent), as the endpoint would use it;
//! - a CAS login (`next` = `/cas-idp/{appId}[/login]?service=…`): the service's origin, when
//!   CAS is on for the application and the service is registered ([`super::cas_service`]);
//! - the authorization pages themselves (select account, consent) and the form-post answer:
//!   the request's redirect URI ([`of_uri`]);
//! - anything else (another hosted page, the signed-out page, an error page): nothing more.
//!
//! Every source is an origin, or `scheme:` for a custom scheme
//! ([`super::target::form_action_source`]): never `*`, never a bare `http:` / `https:`. A
//! `next` naming another application, an unknown request or an unregistered address adds
//! nothing.

use super::{cas_service, pending, target};
use crate::state::AppState;
use authgate_core::application::Application;

/// Where the authorization routes are mounted.
const AUTHORIZE_MOUNTS: [&str; 2] = ["/oidc", "/oauth"];
/// The CAS login's path prefix.
const CAS_PREFIX: &str = "/cas-idp/";

/// The source that lets a form end at `uri` (none when it cannot be written safely).
pub fn of_uri(uri: &str) -> Vec<String> {
    target::form_action_source(uri).into_iter().collect()
}

/// The sources of a sign-in of `app` that returns to the (validated, local) `next`.
pub async fn of_next(state: &AppState, app: &Application, next: Option<&str>) -> Vec<String> {
    let Some(next) = next else {
        return Vec::new();
    };
    let (path, query) = next.split_once('?').unwrap_or((next, ""));
    let ends = match Local::of(path) {
        Some(Local::Resume) => match first(query, "id") {
            Some(id) => pending::redirect_uri(state, &id, &app.id)
                .await
                .filter(|uri| app.settings.redirect_uris.contains(uri)),
            None => None,
        },
        Some(Local::Authorize) => authorization(app, query),
        Some(Local::Cas(app_id)) => cas_service(app, &app_id, query),
        None => None,
    };
    ends.map(|uri| of_uri(&uri)).unwrap_or_default()
}

/// The local endpoints a sign-in may continue at before leaving this server.
#[derive(Debug, PartialEq, Eq)]
enum Local {
    /// `/oidc/auth/resume` (or `/oauth/…`): a stored authorization request.
    Resume,
    /// `/oidc/auth` (or `/oauth/auth`): an authorization request.
    Authorize,
    /// `/cas-idp/{appId}` or `/cas-idp/{appId}/login`: a CAS login of that application.
    Cas(String),
}

impl Local {
    fn of(path: &str) -> Option<Self> {
        for mount in AUTHORIZE_MOUNTS {
            match path.strip_prefix(mount) {
                Some("/auth/resume") => return Some(Local::Resume),
                Some("/auth") => return Some(Local::Authorize),
                _ => {}
            }
        }
        let rest = path.strip_prefix(CAS_PREFIX)?;
        let app = rest.strip_suffix("/login").unwrap_or(rest);
        (!app.is_empty() && !app.contains('/'))
            .then(|| Local::Cas(crate::http::query::percent_decode(app)))
    }
}

/// The first non-empty value of `name` in `query`.
fn first(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, v)| k == name && !v.is_empty())
        .map(|(_, v)| v.into_owned())
}

/// The redirect URI an authorization request of `app` in `query` would answer at: its
/// `client_id` must be `app` and its `redirect_uri` (absent: the first registered one) one of
/// the application's — each given once, as the endpoint requires.
fn authorization(app: &Application, query: &str) -> Option<String> {
    let once = |name: &str| {
        let mut values = form_urlencoded::parse(query.as_bytes())
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.into_owned());
        match (values.next(), values.next()) {
            (first, None) => Ok(first),
            (Some(_), Some(_)) | (None, Some(_)) => Err(()),
        }
    };
    let client_id = once("client_id").ok()??;
    let redirect_uri = once("redirect_uri").ok()?;
    if client_id != app.id {
        return None;
    }
    target::registered(&app.settings.redirect_uris, redirect_uri.as_deref()).ok()
}

/// The service of a CAS login of `app` in `query`, when `app` accepts it.
fn cas_service(app: &Application, app_id: &str, query: &str) -> Option<String> {
    if app_id != app.id || !app.settings.cas_enabled {
        return None;
    }
    first(query, "service").filter(|s| cas_service::registered_in(&app.settings.redirect_uris, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(redirect_uris: &[&str], cas: bool) -> Application {
        let settings = authgate_core::application::AppSettings {
            redirect_uris: redirect_uris.iter().map(ToString::to_string).collect(),
            cas_enabled: cas,
            ..Default::default()
        };
        Application {
            id: "app1".into(),
            pool_id: "pool1".into(),
            name: "Shop".into(),
            identifier: "shop".into(),
            description: None,
            logo: None,
            app_type: authgate_core::application::AppType::Web,
            is_default: false,
            secret_sealed: "v1:x".into(),
            settings,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn local_endpoints() {
        assert_eq!(Local::of("/oidc/auth/resume"), Some(Local::Resume));
        assert_eq!(Local::of("/oauth/auth/resume"), Some(Local::Resume));
        assert_eq!(Local::of("/oidc/auth"), Some(Local::Authorize));
        assert_eq!(Local::of("/cas-idp/a%31"), Some(Local::Cas("a1".into())));
        assert_eq!(
            Local::of("/cas-idp/a1/login"),
            Some(Local::Cas("a1".into()))
        );
        for other in [
            "/cas-idp/a1/logout",
            "/cas-idp/",
            "/oidc/auth/continue",
            "/oidc/session/end",
            "/login/signed-in",
            "/oidc/authx",
        ] {
            assert_eq!(Local::of(other), None, "{other}");
        }
    }

    #[test]
    fn authorization_requests_use_registered_uris_only() {
        let a = app(&["https://a.example/cb", "myapp://done"], false);
        assert_eq!(
            authorization(&a, "client_id=app1").as_deref(),
            Some("https://a.example/cb")
        );
        assert_eq!(
            authorization(&a, "client_id=app1&redirect_uri=myapp%3A%2F%2Fdone").as_deref(),
            Some("myapp://done")
        );
        for bad in [
            "client_id=app2",
            "redirect_uri=https%3A%2F%2Fa.example%2Fcb",
            "client_id=app1&redirect_uri=https%3A%2F%2Fevil.example%2Fcb",
            "client_id=app1&client_id=app1",
        ] {
            assert_eq!(authorization(&a, bad), None, "{bad}");
        }
    }

    #[test]
    fn cas_services_need_cas_and_registration() {
        let a = app(&["https://wiki.example/cas"], true);
        let q = "service=https%3A%2F%2Fwiki.example%2Fcas%3Fp%3D1&attempt=x";
        assert_eq!(
            cas_service(&a, "app1", q).as_deref(),
            Some("https://wiki.example/cas?p=1")
        );
        assert_eq!(cas_service(&a, "app2", q), None);
        assert_eq!(
            cas_service(&a, "app1", "service=https%3A%2F%2Fevil.example%2Fcas"),
            None
        );
        assert_eq!(cas_service(&a, "app1", "attempt=x"), None);
        assert_eq!(
            cas_service(&app(&["https://wiki.example/cas"], false), "app1", q),
            None
        );
    }
}
