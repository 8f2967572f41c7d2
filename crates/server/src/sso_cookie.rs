//! The browser side of the single sign-on sessions ([`authgate_service::sso`]): the cookie
//! `authgate_session` (Path `/`, `HttpOnly`, `SameSite=Lax` so it comes along when an
//! application sends the browser back to authgate, `Secure` when the public URL is https)
//! holds the random browser id the service names the sessions by. Shared by the hosted pages,
//! OIDC and CAS, so none of them imports another for it.

use crate::http::AppError;
use crate::state::AppState;
use crate::web::cookies::{self, SameSite, SetCookie};
use authgate_service::sso;
pub use authgate_service::sso::{PoolSession, SESSION_TTL_MS, SsoSession};
use axum::http::HeaderMap;

/// Name of the session cookie.
pub const COOKIE: &str = "authgate_session";

/// The live entries the request's cookie names (with the cookie value).
async fn entries<'h>(
    state: &AppState,
    headers: &'h HeaderMap,
) -> (Option<&'h str>, Vec<PoolSession>) {
    match cookies::read(headers, COOKIE) {
        Some(id) => (Some(id), sso::of_browser(state, id).await),
        None => (None, Vec::new()),
    }
}

fn cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    SetCookie {
        name: COOKIE,
        value,
        path: "/",
        max_age_secs,
        same_site: SameSite::Lax,
        secure: cookies::secure(state),
    }
    .header()
}

/// Opens a session for `session` (replacing the browser's session of that pool, keeping the
/// others) under a new browser id; answers the `Set-Cookie` value.
pub async fn open(
    state: &AppState,
    headers: &HeaderMap,
    session: &SsoSession,
) -> Result<String, AppError> {
    Ok(open_tracked(state, headers, session).await?.0)
}

/// [`open`], also answering the new entry's handle (for [`sso::track`]).
pub async fn open_tracked(
    state: &AppState,
    headers: &HeaderMap,
    session: &SsoSession,
) -> Result<(String, String), AppError> {
    let old = cookies::read(headers, COOKIE);
    let opened = sso::open(state, old, session).await?;
    Ok((
        cookie(state, &opened.browser_id, SESSION_TTL_MS / 1000),
        opened.handle,
    ))
}

/// The live session of the request's cookie most recently signed in, if any. With several
/// pools in play, prefer [`current_in`].
pub async fn current(state: &AppState, headers: &HeaderMap) -> Option<SsoSession> {
    entries(state, headers)
        .await
        .1
        .into_iter()
        .max_by_key(|e| e.session.auth_time)
        .map(|e| e.session)
}

/// The live session of pool `pool_id` the request's cookie names, if any.
pub async fn current_in(
    state: &AppState,
    headers: &HeaderMap,
    pool_id: &str,
) -> Option<PoolSession> {
    entries(state, headers)
        .await
        .1
        .into_iter()
        .find(|e| e.session.pool_id == pool_id)
}

/// Ends every session of the request's cookie (revoking the token sessions they issued) and
/// answers the `Set-Cookie` value that clears the cookie, with the most recent ended session.
pub async fn end(state: &AppState, headers: &HeaderMap) -> (Option<SsoSession>, String) {
    let ended = end_in(state, headers, None).await;
    let latest = ended.sessions.into_iter().max_by_key(|s| s.auth_time);
    (latest, cookie(state, "", 0))
}

/// What [`end_in`] ended.
#[derive(Debug, Default)]
pub struct Ended {
    /// The ended sessions.
    pub sessions: Vec<SsoSession>,
    /// The `Set-Cookie` value to send: the cookie cleared when no session is left.
    pub set_cookie: Option<String>,
}

/// Ends the request's session of `pool_id` (every session when `None`), revoking the token
/// sessions each issued.
pub async fn end_in(state: &AppState, headers: &HeaderMap, pool_id: Option<&str>) -> Ended {
    let Some(id) = cookies::read(headers, COOKIE) else {
        return Ended::default();
    };
    let ended = sso::end(state, id, pool_id).await;
    Ended {
        sessions: ended.sessions,
        set_cookie: ended.none_left.then(|| cookie(state, "", 0)),
    }
}
