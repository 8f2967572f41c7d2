//! The authorization endpoint (spec §4.1): `GET /oidc/auth` and `GET /oauth/auth`, the
//! authorization code flow with PKCE, single sign-on per user pool, `prompt`, `max_age`, the
//! select-account and consent pages.
//!
//! 1. Client and redirect URI are checked first (exact match, the first registered one when
//!    absent): until both are trusted every failure is an HTML page, never a redirect.
//! 2. The rest of the request is validated ([`request`]); failures go back to the redirect URI
//!    in the chosen response mode with `state` ([`reply`]).
//! 3. [`flow::proceed`] decides: sign in (redirect to the hosted login page with a `next` that
//!    resumes the stored request, `GET /oidc/auth/resume?id=…`), choose the account, consent,
//!    or answer with a code. The pages post to `POST /oidc/auth/continue` (CSRF: double submit
//!    of cookie `authgate_authz` and the form field, bound to the stored request).

pub mod flow;
pub mod reply;
pub mod request;
pub mod views;
pub mod web_message;

use crate::state::AppState;
use crate::web::i18n;
use crate::web::target;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use reply::Destination;
use request::Params;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the interaction pages post.
pub const CONTINUE_PATH: &str = "/oidc/auth/continue";
/// Where the login page returns to (with `?id=`).
pub const RESUME_PATH: &str = "/oidc/auth/resume";

/// The authorization routes, relative to `/oidc` or `/oauth`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(authorize))
        .routes(routes!(resume))
        .routes(routes!(continue_interaction))
        .routes(routes!(super::logout::end_session))
}

/// `Accept-Language` of a request.
pub fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// The authorization endpoint: answers a code at the redirect URI (query, fragment or
/// form_post), after the hosted login page, the select-account page or the consent page when
/// needed. Errors before the client and its redirect URI are trusted are HTML pages.
#[utoipa::path(get, path = "/auth", tag = "oidc",
    params(
        ("client_id" = String, Query, description = "The application"),
        ("redirect_uri" = Option<String>, Query, description = "A registered redirect URI (exact match); default: the first one"),
        ("response_type" = String, Query, description = "`code`"),
        ("response_mode" = Option<String>, Query, description = "`query` (default), `fragment`, `form_post` or `web_message`"),
        ("scope" = Option<String>, Query, description = "Default `openid profile`"),
        ("state" = Option<String>, Query, description = "Echoed back"),
        ("nonce" = Option<String>, Query, description = "Copied into the id token"),
        ("prompt" = Option<String>, Query, description = "`none`, `login`, `consent`, `select_account`"),
        ("max_age" = Option<i64>, Query, description = "Seconds since the last authentication"),
        ("login_hint" = Option<String>, Query, description = "Prefills the login page"),
        ("id_token_hint" = Option<String>, Query, description = "An id token of the expected user"),
        ("code_challenge" = Option<String>, Query, description = "PKCE; required for public clients"),
        ("code_challenge_method" = Option<String>, Query, description = "`S256` (`plain` only when the application allows it)"),
        ("tenantId" = Option<String>, Query, description = "Also `tenant_id`; accepted"),
    ),
    responses(
        (status = 303, description = "To the redirect URI (code or error), or to the login page"),
        (status = 200, description = "HTML: form_post answer, select-account or consent page, or the error page of a bad link", content_type = "text/html")))]
pub async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let p = Params::parse(query.as_deref());
    let lang = i18n::negotiate(p.lang.as_deref(), accept_language(&headers));
    let c = i18n::catalogue(lang);
    if p.repeated == Some("client_id") || p.repeated == Some("redirect_uri") {
        return views::error_page(c, StatusCode::BAD_REQUEST, c.err_bad_request);
    }
    let target = match target::resolve(&state, p.client_id.as_deref(), p.redirect_uri.as_deref())
        .await
    {
        Ok(t) => t,
        Err(e) => {
            tracing::info!(error = %e, "authorization request refused before a trusted redirect");
            return views::error_page(c, e.status(), e.message(c));
        }
    };
    match request::validate(&state, &p, &target.app, target.redirect_uri.clone()) {
        Ok(req) => flow::proceed(&state, &headers, lang, req, None).await,
        Err(e) => {
            // `state` is echoed only when it is sane.
            let echo = p.state.as_deref().filter(|s| s.len() <= 1024);
            Destination {
                redirect_uri: &target.redirect_uri,
                mode: request::response_mode(&p),
                state: echo,
            }
            .error(c, &e, Vec::new())
        }
    }
}

/// Where the hosted login page returns: carries on with the stored request.
#[utoipa::path(get, path = "/auth/resume", tag = "oidc",
    params(("id" = String, Query, description = "The stored authorization request")),
    responses(
        (status = 303, description = "To the redirect URI or the login page"),
        (status = 200, description = "HTML page", content_type = "text/html")))]
pub async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let id = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    flow::resume(&state, &headers, &id).await
}

/// The select-account and consent pages' form: `id`, `csrf`, `action` (`continue`, `switch`,
/// `approve`, `deny`).
#[utoipa::path(post, path = "/auth/continue", tag = "oidc",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "id=…&csrf=…&action=…"),
    responses(
        (status = 303, description = "To the redirect URI or the login page"),
        (status = 403, description = "HTML error page: CSRF token refused", content_type = "text/html")))]
pub async fn continue_interaction(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(&body).into_owned().collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    flow::act(
        &state,
        &headers,
        field("id"),
        field("csrf"),
        field("action"),
    )
    .await
}
