//! The decisions of the authorization endpoint once a request is valid: sign in first, show
//! the select-account or the consent page, or answer with a code.
//!
//! A request that needs a page is stored in the ephemeral store under a random id (256 bits;
//! `azr:{sha256(id)}`, [`REQUEST_TTL_MS`]) and resumed from there: by the login page's `next`
//! (`/oidc/auth/resume?id=…`) or by the pages' form. A request resumed after a sign-in that
//! happened after it arrived counts as freshly authenticated, so `prompt=login` and `max_age`
//! do not loop. The id is only a handle: the browser's own SSO session decides who signs in,
//! and the pages' decisions need the CSRF token of cookie `authgate_authz` as well.

use super::RESUME_PATH;
use super::reply::{AuthError, Destination};
use super::request::AuthRequest;
use super::views::{self, Interaction};
use crate::auth_code::{self, CodeGrant};
use crate::sso_cookie::{self as session, PoolSession};
use crate::state::AppState;
use crate::web::branding::Branding;
use crate::web::cookies::{self, SameSite, SetCookie};
use crate::web::form_action;
use crate::web::i18n::{self, Catalogue};
use crate::web::next;
use crate::web::pending;
use crate::web::response::{self, Page};
use authgate_core::application::Application;
use authgate_core::lang::Lang;
use authgate_core::token::sha256_hex;
use authgate_core::user::{User, UserKey};
use authgate_service::consent;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// How long a stored request waits for the user (ms).
pub const REQUEST_TTL_MS: i64 = 30 * 60 * 1000;
/// The CSRF cookie of the interaction pages.
pub const CSRF_COOKIE: &str = "authgate_authz";
/// Its path (the pages' form target).
const CSRF_PATH: &str = "/oidc/auth";

/// The page a stored request shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Shown {
    SelectAccount,
    Consent,
}

/// A stored request with the page it shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    request: AuthRequest,
    /// SHA-256 of the CSRF token of the page shown.
    csrf_hash: Option<String>,
    /// The page shown and to whom.
    shown: Option<(Shown, String)>,
}

async fn save(state: &AppState, id: &str, stored: &Stored) -> Result<(), AuthError> {
    let text = serde_json::to_string(stored).map_err(|_| server_error())?;
    let key = pending::key(id).ok_or_else(server_error)?;
    state.ephemeral.set(&key, &text, REQUEST_TTL_MS).await;
    Ok(())
}

async fn load(state: &AppState, id: &str) -> Option<Stored> {
    let raw = state.ephemeral.get(&pending::key(id)?).await?;
    serde_json::from_str(&raw).ok()
}

fn server_error() -> AuthError {
    AuthError::new("server_error", "the request could not be completed")
}

fn lang_of(req: &AuthRequest, headers: &HeaderMap) -> Lang {
    i18n::negotiate(req.lang.as_deref(), super::accept_language(headers))
}

fn destination(req: &AuthRequest) -> Destination<'_> {
    Destination {
        redirect_uri: &req.redirect_uri,
        mode: req.response_mode,
        state: req.state.as_deref(),
    }
}

fn csrf_cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    SetCookie {
        name: CSRF_COOKIE,
        value,
        path: CSRF_PATH,
        max_age_secs,
        same_site: SameSite::Strict,
        secure: cookies::secure(state),
    }
    .header()
}

/// What [`proceed`] may carry on with.
struct Ctx<'a> {
    state: &'a AppState,
    headers: &'a HeaderMap,
    lang: Lang,
    /// The stored request's id, once it has one.
    id: Option<String>,
}

impl Ctx<'_> {
    fn catalogue(&self) -> &'static Catalogue {
        i18n::catalogue(self.lang)
    }

    /// Ends the request with `e` at the redirect URI.
    async fn fail(&self, req: &AuthRequest, e: &AuthError) -> Response {
        self.forget().await;
        destination(req).error(self.catalogue(), e, vec![csrf_cookie(self.state, "", 0)])
    }

    async fn forget(&self) {
        if let Some(key) = self.id.as_deref().and_then(pending::key) {
            self.state.ephemeral.del(&key).await;
        }
    }

    /// The stored request's id, storing it under a new one when it has none yet.
    async fn store(&mut self, stored: &Stored) -> Result<String, AuthError> {
        let id = match &self.id {
            Some(id) => id.clone(),
            None => authgate_core::ids::new_secret_hex(32).map_err(|_| server_error())?,
        };
        save(self.state, &id, stored).await?;
        self.id = Some(id.clone());
        Ok(id)
    }
}

/// The SSO session of the request's pool and its user, when both are still good.
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    pool_id: &str,
) -> Result<Option<(PoolSession, User)>, AuthError> {
    let Some(s) = session::current_in(state, headers, pool_id).await else {
        return Ok(None);
    };
    let user = state
        .store
        .get_user(pool_id, &UserKey::Id(s.session.user_id.clone()))
        .await
        .map_err(|_| server_error())?
        .filter(|u| u.status.may_sign_in());
    Ok(user.map(|u| (s, u)))
}

/// Whether the session must authenticate again for `req`.
fn must_authenticate(req: &AuthRequest, s: &PoolSession, now: i64) -> bool {
    let auth_time = s.session.auth_time;
    if auth_time >= req.started_at {
        // Signed in since the request arrived: nothing more can be asked.
        return false;
    }
    req.switch_account
        || req.prompt.login
        || req
            .max_age
            .is_some_and(|m| now - auth_time > m.saturating_mul(1000))
        || req
            .hint_sub
            .as_ref()
            .is_some_and(|sub| *sub != s.session.user_id)
}

/// Carries `req` on from where it is (`id`: its stored id, if stored).
pub async fn proceed(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    req: AuthRequest,
    id: Option<String>,
) -> Response {
    let mut ctx = Ctx {
        state,
        headers,
        lang,
        id,
    };
    match decide(&mut ctx, &req).await {
        Ok(resp) => resp,
        Err(e) => ctx.fail(&req, &e).await,
    }
}

async fn decide(ctx: &mut Ctx<'_>, req: &AuthRequest) -> Result<Response, AuthError> {
    let state = ctx.state;
    let app = state
        .store
        .get_app(&req.app_id)
        .await
        .map_err(|_| server_error())?
        .filter(|a| a.pool_id == req.pool_id)
        .ok_or_else(|| AuthError::new("unauthorized_client", "the application no longer exists"))?;
    let now = state.clock.now_millis();
    let current = signed_in(state, ctx.headers, &req.pool_id).await?;
    let (sso, user) = match current {
        Some((s, u)) if !must_authenticate(req, &s, now) => (s, u),
        _ => {
            if req.prompt.none {
                return Err(AuthError::new(
                    "login_required",
                    "the user is not signed in",
                ));
            }
            let id = ctx
                .store(&Stored {
                    request: req.clone(),
                    csrf_hash: None,
                    shown: None,
                })
                .await?;
            let next = format!("{RESUME_PATH}?id={id}");
            let login = next::login_url(
                &req.app_id,
                &next,
                req.login_hint.as_deref(),
                Some(i18n::catalogue(ctx.lang).code),
            );
            return Ok(response::see_other(&login, &[]));
        }
    };
    if req.prompt.select_account && !req.account_chosen {
        return show(ctx, req, &app, &user, Shown::SelectAccount).await;
    }
    if app.settings.third_party && !req.consented {
        let granted = consent::granted(state, &user.id, &app.id, &req.scope)
            .await
            .map_err(|_| server_error())?;
        if req.prompt.consent || !granted {
            if req.prompt.none {
                return Err(AuthError::new(
                    "consent_required",
                    "the user has not consented to this application",
                ));
            }
            return show(ctx, req, &app, &user, Shown::Consent).await;
        }
    }
    let code = auth_code::issue(
        state,
        CodeGrant {
            user_id: user.id.clone(),
            app_id: app.id.clone(),
            pool_id: app.pool_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            redirect_uri_given: req.redirect_uri_given,
            scope: req.scope.clone(),
            nonce: req.nonce.clone(),
            code_challenge: req.code_challenge.clone(),
            code_challenge_method: req.code_challenge_method.clone(),
            expires_at: 0,
            redeemed_session: None,
            auth_time: Some(sso.session.auth_time),
            sso: Some(sso.handle.clone()),
        },
    )
    .await
    .map_err(|_| server_error())?;
    ctx.forget().await;
    let clear = if crate::web::cookies::read(ctx.headers, CSRF_COOKIE).is_some() {
        vec![csrf_cookie(state, "", 0)]
    } else {
        Vec::new()
    };
    Ok(destination(req).code(ctx.catalogue(), &code, clear))
}

/// Shows the select-account or consent page for `req`.
async fn show(
    ctx: &mut Ctx<'_>,
    req: &AuthRequest,
    app: &Application,
    user: &User,
    page: Shown,
) -> Result<Response, AuthError> {
    let token = authgate_core::ids::new_secret_hex(32).map_err(|_| server_error())?;
    let id = ctx
        .store(&Stored {
            request: req.clone(),
            csrf_hash: Some(sha256_hex(&token)),
            shown: Some((page, user.id.clone())),
        })
        .await?;
    let nonce = response::nonce().map_err(|_| server_error())?;
    let c = ctx.catalogue();
    let t = views::texts(ctx.lang);
    let brand = Branding::of(app);
    let v = Interaction {
        id: &id,
        csrf: &token,
        app_name: &app.name,
        brand: &brand,
        user_name: user.display_name(),
    };
    let html = match page {
        Shown::SelectAccount => views::select_account(c, t, &nonce, &v),
        Shown::Consent => views::consent(c, t, &nonce, &v, &req.scope),
    }
    .ok_or_else(server_error)?;
    let cookie = csrf_cookie(ctx.state, &token, REQUEST_TTL_MS / 1000);
    // Either button may end at the redirect URI (after a redirect: Chromium checks those).
    Ok(Page {
        status: StatusCode::OK,
        html,
        nonce,
        form_targets: form_action::of_uri(&req.redirect_uri),
        img_sources: brand.img_sources(),
        cookies: vec![cookie],
    }
    .into_response())
}

/// `GET /oidc/auth/resume?id=…`.
pub async fn resume(state: &AppState, headers: &HeaderMap, id: &str) -> Response {
    match load(state, id).await {
        Some(stored) => {
            let lang = lang_of(&stored.request, headers);
            proceed(state, headers, lang, stored.request, Some(id.to_string())).await
        }
        None => expired(headers),
    }
}

fn expired(headers: &HeaderMap) -> Response {
    let lang = i18n::negotiate(None, super::accept_language(headers));
    views::error_page(
        i18n::catalogue(lang),
        StatusCode::BAD_REQUEST,
        views::texts(lang).err_request_expired,
    )
}

/// `POST /oidc/auth/continue`: the decision of the page shown.
pub async fn act(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    csrf: &str,
    action: &str,
) -> Response {
    let Some(stored) = load(state, id).await else {
        return expired(headers);
    };
    let lang = lang_of(&stored.request, headers);
    let c = i18n::catalogue(lang);
    let forged = || views::error_page(c, StatusCode::FORBIDDEN, c.err_forged);
    let cookie_ok = cookies::read(headers, CSRF_COOKIE)
        .is_some_and(|t| !csrf.is_empty() && bool::from(t.as_bytes().ct_eq(csrf.as_bytes())));
    let bound = stored
        .csrf_hash
        .as_deref()
        .is_some_and(|h| bool::from(h.as_bytes().ct_eq(sha256_hex(csrf).as_bytes())));
    let Some((shown, shown_user)) = stored.shown.clone() else {
        return forged();
    };
    if !cookie_ok || !bound {
        tracing::info!("authorization page decision refused: CSRF token");
        return forged();
    }
    // The decision is the signed-in user's, for the page that user was shown.
    let same_user = session::current_in(state, headers, &stored.request.pool_id)
        .await
        .is_some_and(|s| s.session.user_id == shown_user);
    if !same_user {
        return forged();
    }
    let mut req = stored.request;
    let ctx = Ctx {
        state,
        headers,
        lang,
        id: Some(id.to_string()),
    };
    match (shown, action) {
        (Shown::SelectAccount, "continue") => req.account_chosen = true,
        (Shown::SelectAccount, "switch") => {
            req.account_chosen = true;
            req.switch_account = true;
        }
        (Shown::Consent, "approve") => {
            let remembered =
                consent::remember(state, &req.pool_id, &shown_user, &req.app_id, &req.scope).await;
            if remembered.is_err() {
                return ctx.fail(&req, &server_error()).await;
            }
            req.consented = true;
        }
        (Shown::Consent, "deny") => {
            let e = AuthError::new("access_denied", "the user denied the request");
            return ctx.fail(&req, &e).await;
        }
        _ => return views::error_page(c, StatusCode::BAD_REQUEST, c.err_bad_request),
    }
    proceed(state, headers, lang, req, Some(id.to_string())).await
}
