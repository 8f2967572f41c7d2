//! Cross-origin resource sharing that tells the truth: a browser application may read the
//! answers it needs — the OIDC token family, UserInfo, discovery and keys, the `/api/v3`
//! authentication routes, `GET /api/v2/applications/{appId}/public-config` — from the web
//! origins its application registered, and nothing else.
//!
//! * An application's **web origins** are the origins of its redirect URIs and logout redirect
//!   URIs (`http(s)` ones; the settings have no separate web-origins list).
//! * The application a request is for is the one the request names: the path
//!   (`/api/v2/applications/{appId}/…`), `x-authing-app-id`, `client_id` (query, HTTP Basic,
//!   or the form body of a token-family POST), or the verified access token (`aud`) of a
//!   UserInfo / `/api/v3` call. An `/api/v3` call naming none is for the default application,
//!   as the route itself takes it.
//! * A preflight carries no header values and no body, so it cannot name its application
//!   unless the path or query does; it is then answered for the origins of *any* application of
//!   the deployment's default pool. It only lets the browser send the request: whether the
//!   page may read the answer is decided again on the request itself.
//! * An allowed origin gets `access-control-allow-origin: <origin>` and
//!   `access-control-allow-credentials: true` (never `*`); any other origin gets no CORS
//!   header at all. Management routes, the hosted pages and everything else never get one.
//!   Answers of these routes carry `Vary: Origin`, so no shared cache serves one origin's
//!   answer to another. Nothing is cached here: every decision reads the applications as
//!   they are stored now.

use crate::client_auth::basic_credentials;
use crate::state::AppState;
use crate::tokens;
use crate::user_auth::bearer_or_raw;
use authgate_core::application::Application;
use authgate_store::AppQuery;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How long a browser may reuse a preflight answer (seconds).
const PREFLIGHT_MAX_AGE: &str = "600";
/// The methods browser applications use on these routes.
const ALLOWED_METHODS: &str = "GET, POST";
/// Most applications of the default pool read for a preflight (as at logout).
const MAX_APPS: i64 = 1000;
/// Longest `access-control-request-headers` value mirrored.
const MAX_REQUEST_HEADERS_LEN: usize = 1024;

/// The web origin (`scheme://host[:port]`, as browsers send it in `Origin`) of an `http(s)`
/// URI; `None` for other schemes or values that are not URLs.
pub fn web_origin(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Whether `id` can be an application id (ASCII letters, digits, `-`, `_`; at most 64): anything
/// else is no application, and is never sent to the database (PostgreSQL refuses NUL bytes).
pub fn plausible_app_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `origin` is one of `app`'s web origins.
pub fn registers(app: &Application, origin: &str) -> bool {
    let s = &app.settings;
    s.redirect_uris
        .iter()
        .chain(&s.logout_redirect_uris)
        .any(|uri| web_origin(uri).as_deref() == Some(origin))
}

/// The `Origin` of a request when it is a single, canonical web origin (never `null`).
fn request_origin(headers: &HeaderMap) -> Option<String> {
    let mut all = headers.get_all(header::ORIGIN).iter();
    let value = all.next()?.to_str().ok()?;
    if all.next().is_some() {
        return None;
    }
    web_origin(value).filter(|o| o == value)
}

/// A route browser applications call cross-origin.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    /// `/oidc/token`, its introspection and revocation (the client may be named in the body).
    TokenFamily,
    /// UserInfo, discovery, the key set.
    Oidc,
    /// An `/api/v3` authentication route.
    Authentication,
    /// An `/api/v2/applications/{appId}/…` route of the Guard widget, naming its application.
    AppConfig(String),
}

/// The application(s) whose web origins may read an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reader {
    /// The named application.
    App(String),
    /// The default pool's default application.
    DefaultApp,
    /// Any application of the default pool (a request that cannot name its application).
    AnyApp,
}

/// The application id in a Guard configuration path, `/api/v2/applications/{appId}/public-config`.
pub fn app_of_config_path(path: &str) -> Option<&str> {
    let (id, rest) = path
        .strip_prefix("/api/v2/applications/")?
        .split_once('/')?;
    (rest == "public-config" && !id.is_empty()).then_some(id)
}

/// The CORS policy and what it reads.
#[derive(Clone)]
pub struct Cors {
    state: AppState,
    /// The server's own origin: same-origin requests need no CORS headers.
    own_origin: Option<String>,
    /// The paths of the `/api/v3` authentication routes (management routes are not among them).
    authentication: Arc<HashSet<String>>,
    /// Largest form body read to find a token request's `client_id`.
    body_limit: usize,
    /// How long reading that body may take.
    body_timeout: Duration,
}

impl std::fmt::Debug for Cors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cors")
            .field("authentication_routes", &self.authentication.len())
            .finish_non_exhaustive()
    }
}

impl Cors {
    /// The policy for `authentication_paths` (the `/api/v3` authentication routes' paths).
    pub fn new(
        state: AppState,
        authentication_paths: impl IntoIterator<Item = String>,
        body_limit: usize,
        body_timeout: Duration,
    ) -> Self {
        Self {
            own_origin: web_origin(&state.public_base),
            state,
            authentication: Arc::new(authentication_paths.into_iter().collect()),
            body_limit,
            body_timeout,
        }
    }

    fn route_of(&self, path: &str) -> Option<Route> {
        if let Some(rest) = path
            .strip_prefix("/oidc")
            .or_else(|| path.strip_prefix("/oauth"))
        {
            return match rest {
                "/token" | "/token/introspection" | "/token/revocation" => Some(Route::TokenFamily),
                "/me" | "/.well-known/openid-configuration" | "/.well-known/jwks.json" => {
                    Some(Route::Oidc)
                }
                _ => None,
            };
        }
        if path == "/.well-known/openid-configuration" {
            return Some(Route::Oidc);
        }
        if let Some(id) = app_of_config_path(path) {
            return Some(Route::AppConfig(id.to_string()));
        }
        self.authentication
            .contains(path)
            .then_some(Route::Authentication)
    }

    /// Whether `origin` may read answers meant for `reader`.
    async fn allows(&self, reader: &Reader, origin: &str) -> bool {
        let store = &self.state.store;
        let found = match reader {
            Reader::App(id) if !plausible_app_id(id) => Ok(Vec::new()),
            Reader::App(id) => store.get_app(id).await.map(|a| a.into_iter().collect()),
            Reader::DefaultApp => match store.default_pool().await {
                Ok(Some(pool)) => store
                    .default_app(&pool.id)
                    .await
                    .map(|a| a.into_iter().collect()),
                Ok(None) => Ok(Vec::new()),
                Err(e) => Err(e),
            },
            Reader::AnyApp => match store.default_pool().await {
                Ok(Some(pool)) => {
                    let q = AppQuery {
                        keyword: None,
                        offset: 0,
                        limit: MAX_APPS,
                    };
                    store.list_apps(&pool.id, &q).await.map(|(_, apps)| apps)
                }
                Ok(None) => Ok(Vec::new()),
                Err(e) => Err(e),
            },
        };
        match found {
            Ok(apps) => apps.iter().any(|a| registers(a, origin)),
            Err(e) => {
                // Fail closed: no CORS headers.
                tracing::error!(error = %e, "applications not read for a CORS decision");
                false
            }
        }
    }
}

/// `client_id` in a query or form body.
fn client_id_in(form: &[u8]) -> Option<String> {
    form_urlencoded::parse(form)
        .find(|(k, _)| k == "client_id")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// The application a request names without its body: `x-authing-app-id`, then `client_id`
/// in the query or HTTP Basic credentials.
fn named_app(req: &Request) -> Option<String> {
    crate::http::app_id_header(req.headers())
        .map(str::to_string)
        .or_else(|| req.uri().query().and_then(|q| client_id_in(q.as_bytes())))
        .or_else(|| basic_credentials(req.headers()).map(|(id, _)| id))
        .filter(|id| !id.is_empty())
}

/// The application a request names without its body: the path's, else [`named_app`].
fn named(route: &Route, req: &Request) -> Option<String> {
    match route {
        Route::AppConfig(id) => Some(id.clone()),
        _ => named_app(req),
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// A preflight: `OPTIONS` with `access-control-request-method`.
fn is_preflight(req: &Request) -> bool {
    req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The requested headers, lower-cased, when they are a well-formed list of header names.
fn requested_headers(headers: &HeaderMap) -> Option<String> {
    let Some(v) = headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) else {
        return Some(String::new());
    };
    let v = v.to_str().ok()?;
    if v.len() > MAX_REQUEST_HEADERS_LEN {
        return None;
    }
    let names: Vec<String> = v
        .split(',')
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names
        .iter()
        .all(|n| {
            n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .then(|| names.join(", "))
}

fn vary(headers: &mut HeaderMap, value: &'static str) {
    headers.append(header::VARY, HeaderValue::from_static(value));
}

fn allow(headers: &mut HeaderMap, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
}

/// Answers a preflight on a browser route.
async fn preflight(cors: &Cors, reader: Reader, headers: &HeaderMap, origin: &str) -> Response {
    let method_ok = headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|m| matches!(m, "GET" | "HEAD" | "POST"));
    let requested = requested_headers(headers);
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let h = resp.headers_mut();
    vary(
        h,
        "origin, access-control-request-method, access-control-request-headers",
    );
    let Some(requested) = requested.filter(|_| method_ok) else {
        *resp.status_mut() = StatusCode::FORBIDDEN;
        return resp;
    };
    if !cors.allows(&reader, origin).await {
        *resp.status_mut() = StatusCode::FORBIDDEN;
        return resp;
    }
    allow(h, origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOWED_METHODS),
    );
    if !requested.is_empty()
        && let Ok(v) = HeaderValue::from_str(&requested)
    {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
    }
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(PREFLIGHT_MAX_AGE),
    );
    resp
}

/// The reader of a request on `route`, and the request (its body read back in when it had to
/// be read to find a `client_id`).
async fn reader_of(cors: &Cors, route: Route, req: Request) -> Result<(Reader, Request), Response> {
    if let Some(id) = named(&route, &req) {
        return Ok((Reader::App(id), req));
    }
    match route {
        Route::TokenFamily if req.method() == Method::POST && is_form(req.headers()) => {
            let (parts, body) = req.into_parts();
            let read = tokio::time::timeout(
                cors.body_timeout,
                axum::body::to_bytes(body, cors.body_limit),
            )
            .await;
            let bytes = match read {
                Ok(Ok(b)) => b,
                Ok(Err(_)) => return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response()),
                Err(_) => return Err(StatusCode::REQUEST_TIMEOUT.into_response()),
            };
            let reader = client_id_in(&bytes).map_or(Reader::AnyApp, Reader::App);
            Ok((reader, Request::from_parts(parts, Body::from(bytes))))
        }
        Route::TokenFamily | Route::AppConfig(_) => Ok((Reader::AnyApp, req)),
        Route::Oidc | Route::Authentication => {
            let token = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(bearer_or_raw)
                .filter(|t| t.contains('.'))
                .map(str::to_string);
            let app = match token {
                Some(t) => tokens::verify_any_access(&cors.state, &t)
                    .await
                    .ok()
                    .map(|c| c.aud),
                None => None,
            };
            let fallback = if route == Route::Oidc {
                Reader::AnyApp
            } else {
                Reader::DefaultApp
            };
            Ok((app.map_or(fallback, Reader::App), req))
        }
    }
}

/// Middleware: answers preflights of browser routes and adds the CORS headers their answers
/// may carry.
pub async fn layer(State(cors): State<Cors>, req: Request, next: Next) -> Response {
    let Some(route) = cors.route_of(req.uri().path()) else {
        return next.run(req).await;
    };
    let Some(origin) =
        request_origin(req.headers()).filter(|o| Some(o) != cors.own_origin.as_ref())
    else {
        let mut resp = next.run(req).await;
        vary(resp.headers_mut(), "origin");
        return resp;
    };
    if is_preflight(&req) {
        let reader = named(&route, &req).map_or(Reader::AnyApp, Reader::App);
        let (parts, _) = req.into_parts();
        return preflight(&cors, reader, &parts.headers, &origin).await;
    }
    let (reader, req) = match reader_of(&cors, route, req).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let allowed = cors.allows(&reader, &origin).await;
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    vary(h, "origin");
    if allowed {
        allow(h, &origin);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_origins() {
        assert_eq!(
            web_origin("http://127.0.0.1:5000/cb?x=1").as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(
            web_origin("https://App.Example/cb").as_deref(),
            Some("https://app.example")
        );
        assert_eq!(
            web_origin("https://app.example:443/").as_deref(),
            Some("https://app.example")
        );
        assert_eq!(web_origin("myapp://done"), None);
        assert_eq!(web_origin("null"), None);
        assert_eq!(web_origin("file:///etc/passwd"), None);
    }

    #[test]
    fn origin_header_must_be_canonical_and_single() {
        let mut h = HeaderMap::new();
        assert_eq!(request_origin(&h), None);
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://a.example:8080"),
        );
        assert_eq!(request_origin(&h).as_deref(), Some("http://a.example:8080"));
        for bad in [
            "null",
            "http://a.example/",
            "http://A.example",
            "http://a.example:80",
        ] {
            h.insert(header::ORIGIN, HeaderValue::from_static(bad));
            assert_eq!(request_origin(&h), None, "{bad}");
        }
        h.insert(header::ORIGIN, HeaderValue::from_static("http://a.example"));
        h.append(header::ORIGIN, HeaderValue::from_static("http://b.example"));
        assert_eq!(request_origin(&h), None);
    }

    #[test]
    fn config_paths_and_requested_headers() {
        assert_eq!(
            app_of_config_path("/api/v2/applications/a1/public-config"),
            Some("a1")
        );
        assert_eq!(
            app_of_config_path("/api/v2/applications//public-config"),
            None
        );
        assert_eq!(app_of_config_path("/api/v2/applications/a1/other"), None);
        assert_eq!(
            app_of_config_path("/api/v2/applications/a1/b/public-config"),
            None
        );
        let mut h = HeaderMap::new();
        assert_eq!(requested_headers(&h).as_deref(), Some(""));
        h.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("Content-Type,x-authing-app-id"),
        );
        assert_eq!(
            requested_headers(&h).as_deref(),
            Some("content-type, x-authing-app-id")
        );
        h.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("x-a, bad header"),
        );
        assert_eq!(requested_headers(&h), None);
    }
}
