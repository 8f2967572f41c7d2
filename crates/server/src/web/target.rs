//! Where a hosted sign-in goes: the application, its pool, and a redirect URI registered for
//! it (exact match; spec §4.1: absent → the application's first one). Nothing here ever
//! redirects to an address that is not registered.

use super::error::PageError;
use crate::state::AppState;
use authgate_core::application::Application;
use authgate_core::user_pool::UserPool;
use authgate_service::apps::pool_of;

/// A validated sign-in target.
#[derive(Debug, Clone)]
pub struct Target {
    /// The application.
    pub app: Application,
    /// Its pool.
    pub pool: UserPool,
    /// The registered redirect URI to return to.
    pub redirect_uri: String,
}

/// The application `app_id` and the redirect URI to use.
pub async fn resolve(
    state: &AppState,
    app_id: Option<&str>,
    redirect_uri: Option<&str>,
) -> Result<Target, PageError> {
    let (app, pool) = app(state, app_id).await?;
    let redirect_uri = registered(&app.settings.redirect_uris, redirect_uri)?;
    Ok(Target {
        app,
        pool,
        redirect_uri,
    })
}

/// The application `app_id` and its pool.
pub async fn app(
    state: &AppState,
    app_id: Option<&str>,
) -> Result<(Application, UserPool), PageError> {
    let app_id = app_id
        .filter(|s| !s.is_empty())
        .ok_or(PageError::AppMissing)?;
    let app = state
        .store
        .get_app(app_id)
        .await?
        .ok_or(PageError::AppUnknown)?;
    let pool = pool_of(state, &app)
        .await
        .map_err(crate::http::AppError::from)?;
    Ok((app, pool))
}

/// The redirect URI to use among `registered`: `asked` when it is one of them exactly, the
/// first one when nothing is asked.
pub(crate) fn registered(registered: &[String], asked: Option<&str>) -> Result<String, PageError> {
    match asked.filter(|s| !s.is_empty()) {
        None => registered.first().cloned().ok_or(PageError::NoRedirectUri),
        Some(_) if registered.is_empty() => Err(PageError::NoRedirectUri),
        Some(uri) => registered
            .iter()
            .find(|r| r.as_str() == uri)
            .cloned()
            .ok_or(PageError::RedirectMismatch),
    }
}

/// `redirect_uri` with `code` and `state` added to its query.
pub fn callback(redirect_uri: &str, code: &str, state: Option<&str>) -> Result<String, PageError> {
    let mut url = url::Url::parse(redirect_uri).map_err(|_| PageError::RedirectMismatch)?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("code", code);
        if let Some(s) = state {
            q.append_pair("state", s);
        }
    }
    Ok(url.into())
}

/// The CSP `form-action` source allowing the completion's redirect to `redirect_uri` (Chromium
/// applies `form-action` to the redirects of a form submission): its origin, or its scheme
/// for a custom scheme. `None` when it cannot be written safely in a header, and for the
/// schemes a redirect URI never has (a bare `javascript:` / `data:` / `file:` … source would
/// allow far more than one application).
pub fn form_action_source(redirect_uri: &str) -> Option<String> {
    const NEVER: [&str; 6] = ["javascript", "data", "blob", "file", "filesystem", "about"];
    let url = url::Url::parse(redirect_uri).ok()?;
    let origin = url.origin();
    let source = if origin.is_tuple() {
        origin.ascii_serialization()
    } else if NEVER.contains(&url.scheme()) || matches!(url.scheme(), "http" | "https") {
        return None;
    } else {
        format!("{}:", url.scheme())
    };
    source
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".:/-+[]".contains(&b))
        .then_some(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(list: &[&str]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn exact_match_or_first() {
        let r = uris(&["https://a.example/cb", "https://a.example/cb2"]);
        assert_eq!(registered(&r, None).unwrap(), "https://a.example/cb");
        assert_eq!(registered(&r, Some("")).unwrap(), "https://a.example/cb");
        assert_eq!(
            registered(&r, Some("https://a.example/cb2")).unwrap(),
            "https://a.example/cb2"
        );
        for bad in [
            "https://a.example/cb/",
            "https://A.example/cb",
            "https://a.example/cb?x=1",
            "https://evil.example/cb",
        ] {
            assert_eq!(
                registered(&r, Some(bad)),
                Err(PageError::RedirectMismatch),
                "{bad}"
            );
        }
        assert_eq!(registered(&[], None), Err(PageError::NoRedirectUri));
        assert_eq!(
            registered(&[], Some("https://a.example/cb")),
            Err(PageError::NoRedirectUri)
        );
    }

    #[test]
    fn callback_keeps_the_query_and_encodes() {
        assert_eq!(
            callback("https://a.example/cb?x=1", "c0de", Some("s t&u")).unwrap(),
            "https://a.example/cb?x=1&code=c0de&state=s+t%26u"
        );
        assert_eq!(
            callback("myapp://done", "c", None).unwrap(),
            "myapp://done?code=c"
        );
    }

    #[test]
    fn form_action_sources() {
        assert_eq!(
            form_action_source("http://127.0.0.1:5000/cb?x").as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(
            form_action_source("https://a.example/cb").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(
            form_action_source("myapp://done").as_deref(),
            Some("myapp:")
        );
        assert_eq!(form_action_source("http://a;b.example/").as_deref(), None);
        for never in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/x",
            "about:blank",
        ] {
            assert_eq!(form_action_source(never), None, "{never}");
        }
        assert_eq!(form_action_source("not a url"), None);
    }
}
