//! The CAS login (`GET /cas-idp/{appId}` and `GET /cas-idp/{appId}/login`): from the browser's
//! SSO session straight back to the service with a ticket, or through the hosted login page
//! first.
//!
//! - The application must exist and have CAS enabled, and `service` must match one of its
//!   redirect URIs ([`super::service`]); otherwise an error page, never a redirect.
//! - A live SSO session of the application's pool and no `renew` → `302 service?ticket=ST-…`.
//! - No session (or `renew`) → `302` to the hosted login page ([`crate::web::next::login_url`])
//!   whose `next` is this endpoint again with `attempt=<id>` ([`super::attempt`]).
//! - `gateway` without a session → `302 service` without a ticket.
//! - No `service` with a session → a "signed in" page.

use super::attempt;
use super::page::{self, CasPageError};
use super::params::CasParams;
use super::ticket::{self, ServiceTicket};
use crate::sso_cookie as session;
use crate::state::AppState;
use crate::web::branding::Branding;
use crate::web::cas_service as service;
use crate::web::next;
use authgate_core::application::Application;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// CAS login: a ticket for `service` from the SSO session, or the hosted login page first.
#[utoipa::path(get, path = "/cas-idp/{appId}", tag = "cas",
    params(
        ("appId" = String, Path, description = "The CAS application"),
        ("service" = Option<String>, Query, description = "The application URL to return to; must match a registered redirect URI (exactly, or followed by a query string)"),
        ("renew" = Option<bool>, Query, description = "Ask for credentials even with an SSO session"),
        ("gateway" = Option<bool>, Query, description = "Never ask for credentials: without a session, return to the service without a ticket"),
    ),
    responses(
        (status = 302, description = "To `service?ticket=ST-…`, to `service` (gateway), or to the hosted login page"),
        (status = 200, description = "HTML page: a bad link's error page, or the signed-in notice without service", content_type = "text/html")))]
pub async fn cas_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    login(&state, &headers, &app_id, query.as_deref()).await
}

/// CAS login at the protocol's `/login` path; the same as `GET /cas-idp/{appId}`.
#[utoipa::path(get, path = "/cas-idp/{appId}/login", tag = "cas",
    params(
        ("appId" = String, Path, description = "The CAS application"),
        ("service" = Option<String>, Query, description = "The application URL to return to"),
        ("renew" = Option<bool>, Query, description = "Ask for credentials even with an SSO session"),
        ("gateway" = Option<bool>, Query, description = "Never ask for credentials"),
    ),
    responses(
        (status = 302, description = "As `GET /cas-idp/{appId}`"),
        (status = 200, description = "HTML page", content_type = "text/html")))]
pub async fn cas_login_path(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    login(&state, &headers, &app_id, query.as_deref()).await
}

async fn login(
    state: &AppState,
    headers: &HeaderMap,
    app_id: &str,
    query: Option<&str>,
) -> Response {
    let params = CasParams::parse(query);
    let lang = page::lang(headers);
    match decide(state, headers, app_id, &params).await {
        Ok(Step::Redirect(location)) => page::found(&location, &[]),
        Ok(Step::SignedIn(brand)) => {
            let t = page::texts(lang);
            page::notice(lang, &brand, t.signed_in_title, t.signed_in, Vec::new())
        }
        Err(e) => page::error(lang, e),
    }
}

/// What the login answers.
enum Step {
    /// A redirect (to the service, or to the login page).
    Redirect(String),
    /// The signed-in notice (no service given), in the application's branding.
    SignedIn(Branding),
}

/// The CAS application `app_id`, refusing unknown applications and those without CAS.
async fn cas_app(state: &AppState, app_id: &str) -> Result<Application, CasPageError> {
    let app = state
        .store
        .get_app(app_id)
        .await?
        .ok_or(CasPageError::AppUnknown)?;
    if !app.settings.cas_enabled {
        return Err(CasPageError::CasDisabled);
    }
    Ok(app)
}

async fn decide(
    state: &AppState,
    headers: &HeaderMap,
    app_id: &str,
    params: &CasParams,
) -> Result<Step, CasPageError> {
    let app = cas_app(state, app_id).await?;
    let service = params.service.as_deref();
    if service.is_some_and(|s| !service::registered_in(&app.settings.redirect_uris, s)) {
        return Err(CasPageError::ServiceUnregistered);
    }
    let session = session::current_in(state, headers, &app.pool_id)
        .await
        .map(|entry| entry.session);
    let fresh = match (&params.attempt, &session) {
        (Some(id), Some(s)) => attempt::completed(state, id, &app.id, service, s.auth_time).await,
        _ => false,
    };
    if params.renew && !fresh {
        // Back from the login page without a new sign-in: refuse rather than loop.
        if params.attempt.is_some() {
            return Err(CasPageError::RenewNotSatisfied);
        }
        return to_login_page(state, &app, params).await;
    }
    let Some(session) = session else {
        return match (params.gateway, service) {
            (true, Some(s)) => Ok(Step::Redirect(s.to_owned())),
            _ => to_login_page(state, &app, params).await,
        };
    };
    let Some(service) = service else {
        return Ok(Step::SignedIn(Branding::of(&app)));
    };
    let ticket = ticket::issue(
        state,
        ServiceTicket {
            app_id: app.id.clone(),
            service: service.to_owned(),
            user_id: session.user_id,
            pool_id: session.pool_id,
            from_new_login: fresh,
            expires_at: 0,
        },
    )
    .await?;
    Ok(Step::Redirect(service::with_ticket(service, &ticket)))
}

/// The hosted login page, returning here with a new sign-in attempt.
async fn to_login_page(
    state: &AppState,
    app: &Application,
    params: &CasParams,
) -> Result<Step, CasPageError> {
    let service = params.service.as_deref();
    let id = attempt::start(state, &app.id, service).await?;
    Ok(Step::Redirect(next::login_url(
        &app.id,
        &return_path(&app.id, service, params.renew, &id),
        None,
        None,
    )))
}

/// This endpoint's path for the login page's `next`.
fn return_path(app_id: &str, service: Option<&str>, renew: bool, attempt: &str) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(s) = service {
        q.append_pair("service", s);
    }
    if renew {
        q.append_pair("renew", "true");
    }
    q.append_pair("attempt", attempt);
    let app: String = form_urlencoded::byte_serialize(app_id.as_bytes()).collect();
    format!("/cas-idp/{app}?{}", q.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_path_is_a_valid_next() {
        let p = return_path("app1", Some("https://a.example/cb?x=1&y"), true, "ab");
        assert_eq!(
            p,
            "/cas-idp/app1?service=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1%26y&renew=true&attempt=ab"
        );
        assert_eq!(next::validate(&p), Some(p.as_str()));
        assert_eq!(return_path("a", None, false, "z"), "/cas-idp/a?attempt=z");
    }
}
