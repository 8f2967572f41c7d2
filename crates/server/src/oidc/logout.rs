//! Logout (spec §4.7): OIDC RP-initiated logout `GET /oidc/session/end` and the hosted
//! `GET /login/profile/logout`. Both end the browser's SSO session(s) — revoking the token
//! sessions opened through them ([`crate::sso_cookie::end_in`]) — then go back to a
//! registered logout redirect URI (exact match) or show a "signed out" page. An address that
//! is not registered gets an error page (the session is ended all the same), never a redirect.
//!
//! Python's SDK sends the values without URL-encoding them: a `post_logout_redirect_uri` /
//! `redirect_uri` that does not match as parsed is also tried as the raw rest of the query.

use super::authorize::{accept_language, request::hint_claims, views};
use crate::sso_cookie as session;
use crate::state::AppState;
use crate::web::i18n;
use crate::web::response::{self, see_other};
use authgate_core::application::Application;
use authgate_core::lang::Lang;
use authgate_store::AppQuery;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use std::collections::HashMap;

/// Most applications of a pool searched for a logout redirect URI.
const MAX_APPS: i64 = 1000;

/// The value of `name` in `query`: as parsed, then as the raw (and decoded) rest of the query
/// after `name=`, for clients that do not encode it.
fn candidates(query: &str, name: &str, parsed: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = parsed.map(str::to_string).into_iter().collect();
    let marker = format!("{name}=");
    let start = if query.starts_with(&marker) {
        Some(marker.len())
    } else {
        query
            .find(&format!("&{marker}"))
            .map(|i| i + marker.len() + 1)
    };
    if let Some(start) = start {
        let raw = &query[start..];
        out.push(raw.to_string());
        out.push(crate::http::query::percent_decode(raw));
    }
    let mut unique: Vec<String> = Vec::new();
    for c in out {
        if !c.is_empty() && !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique
}

/// The first candidate registered as a logout redirect URI of one of `apps` (exact match).
fn registered(apps: &[Application], candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .find(|c| {
            apps.iter()
                .any(|a| a.settings.logout_redirect_uris.iter().any(|u| u == *c))
        })
        .cloned()
}

/// The applications of `pools`.
async fn apps_of(state: &AppState, pools: &[String]) -> Vec<Application> {
    let mut out = Vec::new();
    for pool in pools {
        let q = AppQuery {
            keyword: None,
            offset: 0,
            limit: MAX_APPS,
        };
        match state.store.list_apps(pool, &q).await {
            Ok((_, apps)) => out.extend(apps),
            Err(e) => tracing::error!(error = %e, "applications not listed at logout"),
        }
    }
    out
}

/// The answer once the sessions are ended: a redirect to `candidates`' registered one (with
/// `logout_state`), the signed-out page, or the error page of an unregistered address.
fn respond(
    lang: Lang,
    cookies: &[String],
    apps: &[Application],
    candidates: &[String],
    logout_state: Option<&str>,
) -> Response {
    let (c, t) = (i18n::catalogue(lang), views::texts(lang));
    let page = |status: StatusCode, message: &str, error: bool| match response::nonce() {
        Ok(nonce) => views::page(
            status,
            views::signed_out(c, t, &nonce, message, error),
            nonce,
            cookies.to_vec(),
        ),
        Err(_) => views::error_page(c, StatusCode::INTERNAL_SERVER_ERROR, c.err_internal),
    };
    if candidates.is_empty() {
        return page(StatusCode::OK, t.signed_out, false);
    }
    let target = registered(apps, candidates).and_then(|t| url::Url::parse(&t).ok());
    let Some(mut url) = target else {
        tracing::info!("logout redirect refused: not registered");
        return page(StatusCode::BAD_REQUEST, t.err_logout_redirect, true);
    };
    if let Some(s) = logout_state {
        url.query_pairs_mut().append_pair("state", s);
    }
    see_other(url.as_str(), cookies)
}

/// The pools of `sessions` (and `extra`), once each.
fn pools_of(sessions: &[session::SsoSession], extra: Option<String>) -> Vec<String> {
    let mut pools: Vec<String> = sessions.iter().map(|s| s.pool_id.clone()).collect();
    pools.extend(extra);
    pools.sort();
    pools.dedup();
    pools
}

fn parse(query: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if !v.is_empty() {
            out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
    }
    out
}

/// OIDC RP-initiated logout: ends the SSO session of the application's pool (of every pool
/// when neither `id_token_hint` nor `client_id` names the application) and the token sessions
/// it issued; returns to `post_logout_redirect_uri` (with `state`) when it is one of the
/// application's registered logout redirect URIs.
#[utoipa::path(get, path = "/session/end", tag = "oidc",
    params(
        ("id_token_hint" = Option<String>, Query, description = "An id token this server issued (names the application)"),
        ("post_logout_redirect_uri" = Option<String>, Query, description = "A registered logout redirect URI (exact match)"),
        ("state" = Option<String>, Query, description = "Echoed back"),
        ("client_id" = Option<String>, Query, description = "The application, when no id_token_hint is given"),
    ),
    responses(
        (status = 303, description = "To the registered post-logout redirect URI"),
        (status = 200, description = "HTML: signed out", content_type = "text/html"),
        (status = 400, description = "HTML: the redirect URI is not registered (signed out all the same)", content_type = "text/html")))]
pub async fn end_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let p = parse(&query);
    let get = |k: &str| p.get(k).map(String::as_str);
    let hinted = get("id_token_hint")
        .and_then(|t| {
            // Python appends the hint un-encoded too: try it up to the next parameter.
            hint_claims(&state, t).or_else(|| hint_claims(&state, t.split('&').next()?))
        })
        .and_then(|c| match c.get("aud")? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Array(a) => a.first()?.as_str().map(str::to_string),
            _ => None,
        });
    let app_id = hinted.or_else(|| get("client_id").map(str::to_string));
    let app = match app_id {
        Some(id) => state.store.get_app(&id).await.ok().flatten(),
        None => None,
    };
    let candidates = candidates(
        &query,
        "post_logout_redirect_uri",
        get("post_logout_redirect_uri"),
    );
    let ended = session::end_in(&state, &headers, app.as_ref().map(|a| a.pool_id.as_str())).await;
    let apps = match app {
        Some(a) => vec![a],
        None => apps_of(&state, &pools_of(&ended.sessions, None)).await,
    };
    let lang = i18n::negotiate(get("ui_locales"), accept_language(&headers));
    let cookies: Vec<String> = ended.set_cookie.into_iter().collect();
    respond(lang, &cookies, &apps, &candidates, get("state"))
}

/// The hosted logout: ends every SSO session of the browser and the token sessions they
/// issued; returns to `redirect_uri` when it is a registered logout redirect URI of an
/// application of a pool the browser was signed in to (or of `app_id`'s pool).
#[utoipa::path(get, path = "/login/profile/logout", tag = "pages",
    params(
        ("redirect_uri" = Option<String>, Query, description = "A registered logout redirect URI (exact match)"),
        ("app_id" = Option<String>, Query, description = "An application whose pool's logout URIs are accepted"),
    ),
    responses(
        (status = 303, description = "To the registered redirect URI"),
        (status = 200, description = "HTML: signed out", content_type = "text/html"),
        (status = 400, description = "HTML: the redirect URI is not registered (signed out all the same)", content_type = "text/html")))]
pub async fn profile_logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let p = parse(&query);
    let get = |k: &str| p.get(k).map(String::as_str);
    let candidates = candidates(&query, "redirect_uri", get("redirect_uri"));
    // Every pool's session ends; the named application only widens the accepted addresses.
    let ended = session::end_in(&state, &headers, None).await;
    let app_pool = match get("app_id") {
        Some(id) => state
            .store
            .get_app(id)
            .await
            .ok()
            .flatten()
            .map(|a| a.pool_id),
        None => None,
    };
    let apps = apps_of(&state, &pools_of(&ended.sessions, app_pool)).await;
    let lang = i18n::negotiate(get("lang"), accept_language(&headers));
    let cookies: Vec<String> = ended.set_cookie.into_iter().collect();
    respond(lang, &cookies, &apps, &candidates, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_values_are_candidates_too() {
        let q = "id_token_hint=a.b.c&post_logout_redirect_uri=http://x/out?a=1&b=2";
        let c = candidates(q, "post_logout_redirect_uri", Some("http://x/out?a=1"));
        assert_eq!(c, vec!["http://x/out?a=1", "http://x/out?a=1&b=2"]);
        let q = "redirect_uri=http%3A%2F%2Fx%2Fout";
        let c = candidates(q, "redirect_uri", Some("http://x/out"));
        assert_eq!(c, vec!["http://x/out", "http%3A%2F%2Fx%2Fout"]);
        assert!(candidates("", "redirect_uri", None).is_empty());
        assert!(candidates("xredirect_uri=a", "redirect_uri", None).is_empty());
    }
}
