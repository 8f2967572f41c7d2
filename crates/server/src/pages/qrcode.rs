//! The hosted QR login page (`GET /login/qrcode`) and its completion
//! (`POST /login/qrcode/complete`).
//!
//! The page validates the application and an exactly registered redirect URI, creates a code
//! for the application (as `gene-qrcode` does), and shows it with its live status (SSE, or
//! polling). Once the phone confirms, the page posts its completion form; the server checks
//! the CSRF token and that this browser showed the code ([`super::binding`]), redeems the
//! code's ticket, opens the SSO session ([`crate::sso_cookie`]), issues an authorization code and
//! sends the browser to `redirect_uri?code=…&state=…`. Opened from the hosted login page's QR
//! tab with a local `next` instead of `redirect_uri`, it sends the browser to `next` (the SSO
//! session is the sign-in; no code is issued).

use super::binding::{self, Destination, Interaction};
use super::methods::LoginMethods;
use super::qr_view::{self, QrLoginView};
use crate::auth_code::{self, CodeGrant};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::qr::store as qr_store;
use crate::qr::{image, ticket};
use crate::rate_limit;
use crate::sso_cookie::{self as session, SsoSession};
use crate::state::AppState;
use crate::web::branding::Branding;
use crate::web::error::PageError;
use crate::web::escape::QrSvg;
use crate::web::i18n::{self, Catalogue};
use crate::web::layout;
use crate::web::response::{self, Page};
use crate::web::target::{self, Target};
use authgate_core::lang::Lang;
use authgate_core::qrcode::QrStatus;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::UserKey;
use authgate_service::apps::pool_of;
use authgate_service::sign_in::Attempt;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Path of the page.
const PAGE_PATH: &str = "/login/qrcode";
/// How long past the code's validity the browser binding lives (ms), as long as the stored
/// code: the page posts its completion the moment the code is confirmed, this covers a slow
/// browser or a click on the manual "Continue".
const COMPLETION_GRACE_MS: i64 = 10 * 60 * 1000;
/// Longest accepted `state`.
const MAX_STATE_LEN: usize = 1024;
/// Scope of the authorization code the page issues.
const SCOPE: &str = "openid profile";

/// The page's query parameters.
#[derive(Debug, Default, Clone)]
struct LoginParams {
    app_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    next: Option<String>,
    lang: Option<String>,
}

impl LoginParams {
    /// Parsed leniently: unknown parameters are ignored, the first of a repeated one wins.
    fn parse(query: Option<&str>) -> Self {
        let mut p = LoginParams::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let slot = match k.as_ref() {
                "app_id" => &mut p.app_id,
                "redirect_uri" => &mut p.redirect_uri,
                "state" => &mut p.state,
                "next" => &mut p.next,
                "lang" => &mut p.lang,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(v.into_owned()).filter(|s| !s.is_empty());
            }
        }
        p
    }

    /// The page's address with these parameters (and `lang`, when given).
    fn href(&self, lang: Option<Lang>) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        let pairs = [
            ("app_id", self.app_id.as_deref()),
            ("redirect_uri", self.redirect_uri.as_deref()),
            ("state", self.state.as_deref()),
            ("next", self.next.as_deref()),
        ];
        for (k, v) in pairs {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        if let Some(l) = lang {
            q.append_pair("lang", i18n::catalogue(l).code);
        }
        format!("{PAGE_PATH}?{}", q.finish())
    }
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// The error page of `e`.
fn error_page(lang: Lang, e: &PageError, retry: Option<&str>, switch: Option<&str>) -> Response {
    tracing::info!(error = %e, "hosted page refused");
    let c = i18n::catalogue(lang);
    let retry = retry.filter(|_| e.retryable()).map(str::to_string);
    layout::error(
        c,
        &Branding::default(),
        e.status(),
        e.message(c),
        retry,
        switch.map(str::to_string),
    )
}

/// The QR login page: shows a new code of the application and follows it until the phone
/// confirms; errors are pages too (never a redirect).
#[utoipa::path(get, path = "/login/qrcode", tag = "pages",
    params(
        ("app_id" = String, Query, description = "The application signing in"),
        ("redirect_uri" = Option<String>, Query, description = "A registered redirect URI (exact match); default: the first one"),
        ("state" = Option<String>, Query, description = "Echoed back to the redirect URI"),
        ("next" = Option<String>, Query, description = "Instead of redirect_uri: a local path to return to once signed in (the login page's QR tab)"),
        ("lang" = Option<String>, Query, description = "`en-US` or `zh-CN` (default: Accept-Language)"),
    ),
    responses((status = 200, description = "HTML page (also the error page of a bad link)", content_type = "text/html")))]
pub async fn qrcode_login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    RawQuery(query): RawQuery,
) -> Response {
    let params = LoginParams::parse(query.as_deref());
    let lang = i18n::negotiate(params.lang.as_deref(), accept_language(&headers));
    match render(&state, &ip, &params, lang).await {
        Ok(page) => page.into_response(),
        Err(e) => {
            let here = params.href(params.lang.as_ref().map(|_| lang));
            let switch = params.href(Some(i18n::other(lang)));
            error_page(lang, &e, Some(&here), Some(&switch))
        }
    }
}

async fn render(
    state: &AppState,
    ip: &ClientIp,
    params: &LoginParams,
    lang: Lang,
) -> Result<Page, PageError> {
    let (app, pool, destination, form_targets) = match params.next.as_deref() {
        // From the hosted login page's QR tab: back to a local `next`, if the tab is on.
        Some(next) => {
            let next = crate::web::next::validate(next).ok_or(PageError::BadRequest("next"))?;
            let (app, pool) = target::app(state, params.app_id.as_deref()).await?;
            if !LoginMethods::of(&app).qrcode {
                return Err(PageError::BadRequest("app_id"));
            }
            // The completion form ends where the login page's flow ends.
            let form_targets = crate::web::form_action::of_next(state, &app, Some(next)).await;
            let next = next.to_string();
            (app, pool, Destination::Next { next }, form_targets)
        }
        None => {
            let Target {
                app,
                pool,
                redirect_uri,
            } = target::resolve(
                state,
                params.app_id.as_deref(),
                params.redirect_uri.as_deref(),
            )
            .await?;
            if params
                .state
                .as_ref()
                .is_some_and(|s| s.len() > MAX_STATE_LEN)
            {
                return Err(PageError::BadRequest("state"));
            }
            let state = params.state.clone();
            let form_targets = crate::web::form_action::of_uri(&redirect_uri);
            (
                app,
                pool,
                Destination::Callback {
                    redirect_uri,
                    state,
                },
                form_targets,
            )
        }
    };
    rate_limit::check_ip(state, "gene-qrcode", ip.0.as_deref()).await?;
    let code = qr_store::issue(state, &pool, &app.id, None).await?;
    let c: &'static Catalogue = i18n::catalogue(lang);
    let svg = QrSvg::of(&image::content(&code), c.qr_image_label).map_err(|e| {
        tracing::error!(error = %e, "QR image rendering failed");
        PageError::Internal
    })?;
    let ttl = code.expires_at - state.clock.now_millis() + COMPLETION_GRACE_MS;
    let started = binding::start(
        state,
        &Interaction {
            qrcode_id: code.id.clone(),
            app_id: app.id.clone(),
            destination,
            lang: c.code.to_string(),
        },
        ttl,
    )
    .await?;
    let nonce = response::nonce().map_err(crate::http::AppError::from)?;
    let brand = Branding::of(&app);
    let html = qr_view::qr_login(
        c,
        &nonce,
        &QrLoginView {
            brand: &brand,
            app_name: &app.name,
            qrcode_id: &code.id,
            svg: &svg,
            csrf: &started.token,
            retry_href: &params.href(Some(lang)),
            switch_href: &params.href(Some(i18n::other(lang))),
        },
    )
    .ok_or(PageError::Internal)?;
    Ok(Page {
        status: StatusCode::OK,
        html,
        nonce,
        form_targets,
        img_sources: brand.img_sources(),
        cookies: vec![started.set_cookie],
    })
}

/// The completion form's fields.
#[derive(Debug, Default)]
struct CompleteForm {
    qrcode_id: String,
    csrf: String,
    retry: Option<String>,
}

impl CompleteForm {
    fn parse(body: &[u8]) -> Self {
        let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        CompleteForm {
            qrcode_id: field("qrcodeId"),
            csrf: field("csrf"),
            // Only ever a link back to this page.
            retry: fields
                .get("retry")
                .filter(|r| r.starts_with("/login/qrcode?") && !r.contains(['\\', '\r', '\n']))
                .cloned(),
        }
    }
}

/// Completes a confirmed QR login: CSRF token and browser binding checked, the code's ticket
/// redeemed, the SSO session opened (`authgate_session`), and a 303 to
/// `redirect_uri?code=…&state=…` with an authorization code (scope `openid profile`).
#[utoipa::path(post, path = "/login/qrcode/complete", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "qrcodeId=…&csrf=… (the page's form)"),
    responses(
        (status = 303, description = "To the application's redirect URI with code and state"),
        (status = 403, description = "HTML error page: CSRF token or browser binding refused"),
        (status = 409, description = "HTML error page: the code is not confirmed")))]
pub async fn qrcode_login_complete(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    body: Bytes,
) -> Response {
    let form = CompleteForm::parse(&body);
    let fallback_lang = i18n::negotiate(None, accept_language(&headers));
    match complete(&state, &headers, &ip, &form).await {
        Ok(resp) => resp,
        Err((e, lang)) => error_page(
            lang.unwrap_or(fallback_lang),
            &e,
            form.retry.as_deref(),
            None,
        ),
    }
}

async fn complete(
    state: &AppState,
    headers: &HeaderMap,
    ip: &ClientIp,
    form: &CompleteForm,
) -> Result<Response, (PageError, Option<Lang>)> {
    let (token, interaction) = binding::check(state, headers, &form.csrf, &form.qrcode_id)
        .await
        .map_err(|e| (PageError::from(e), None))?;
    let lang = Some(i18n::negotiate(Some(&interaction.lang), None));
    let fail = |e: PageError| (e, lang);
    let (user_id, pool_id) = confirmed_user(state, &token, &interaction)
        .await
        .map_err(fail)?;
    let user = state
        .store
        .get_user(&pool_id, &UserKey::Id(user_id))
        .await
        .map_err(|e| fail(e.into()))?
        .filter(|u| u.status.may_sign_in())
        .ok_or(PageError::UserUnavailable)
        .map_err(fail)?;
    // The same bookkeeping as every sign-in: statistics and the login history.
    let app = state
        .store
        .get_app(&interaction.app_id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or(PageError::UserUnavailable)
        .map_err(fail)?;
    let pool = pool_of(state, &app)
        .await
        .map_err(|_| fail(PageError::UserUnavailable))?;
    let attempt = Attempt::new(
        app,
        pool,
        sign_in_client(ip, None, headers),
        SignInMethod::QrcodePage,
    );
    let user = attempt
        .record_success(state, user, None)
        .await
        .map_err(|_| fail(PageError::UserUnavailable))?;
    let now = state.clock.now_millis();
    let sso = SsoSession {
        user_id: user.id.clone(),
        pool_id: pool_id.clone(),
        auth_time: now,
    };
    let (session_cookie, handle) = session::open_tracked(state, headers, &sso)
        .await
        .map_err(|e| fail(e.into()))?;
    let location = match &interaction.destination {
        Destination::Next { next } => crate::web::next::validate(next)
            .ok_or(PageError::BadRequest("next"))
            .map_err(fail)?
            .to_string(),
        Destination::Callback {
            redirect_uri,
            state: app_state,
        } => {
            let code = auth_code::issue(
                state,
                CodeGrant {
                    user_id: user.id,
                    app_id: interaction.app_id.clone(),
                    pool_id,
                    redirect_uri: redirect_uri.clone(),
                    redirect_uri_given: false,
                    scope: SCOPE.into(),
                    nonce: None,
                    code_challenge: None,
                    code_challenge_method: None,
                    expires_at: 0,
                    redeemed_session: None,
                    auth_time: Some(now),
                    sso: Some(handle),
                },
            )
            .await
            .map_err(|e| fail(e.into()))?;
            target::callback(redirect_uri, &code, app_state.as_deref()).map_err(fail)?
        }
    };
    Ok(response::see_other(
        &location,
        &[session_cookie, binding::clear(state)],
    ))
}

/// The user (id, pool id) who confirmed the interaction's code, using the interaction and the
/// code's ticket up (each at most once).
async fn confirmed_user(
    state: &AppState,
    token: &str,
    interaction: &Interaction,
) -> Result<(String, String), PageError> {
    let (qr, _) = qr_store::load(state, &interaction.qrcode_id)
        .await
        .ok_or(PageError::NotConfirmed)?;
    if qr.code.status(state.clock.now_millis()) != QrStatus::Authorized
        || qr.code.app_id != interaction.app_id
    {
        return Err(PageError::NotConfirmed);
    }
    if !binding::finish(state, token).await {
        return Err(PageError::NotConfirmed);
    }
    match &qr.ticket {
        Some(t) => match ticket::redeem(state, t, &interaction.app_id).await {
            Ok(grant) => Ok((grant.user_id, grant.pool_id)),
            Err(ticket::TicketError::Failed(e)) => Err(e.into()),
            Err(e) => {
                tracing::info!(?e, "the QR ticket cannot be redeemed");
                Err(PageError::NotConfirmed)
            }
        },
        // The pool hands the token set to the poll instead of a ticket: the confirming user.
        None => qr
            .code
            .user_id()
            .map(|u| (u.to_string(), qr.code.pool_id.clone()))
            .ok_or(PageError::NotConfirmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_links() {
        let p = LoginParams::parse(Some(
            "app_id=a1&redirect_uri=http%3A%2F%2Fx%2Fcb&state=s%201&state=ignored&lang=&junk=1",
        ));
        assert_eq!(p.app_id.as_deref(), Some("a1"));
        assert_eq!(p.redirect_uri.as_deref(), Some("http://x/cb"));
        assert_eq!(p.state.as_deref(), Some("s 1"));
        assert_eq!(p.lang, None);
        assert_eq!(
            p.href(Some(Lang::ZhCn)),
            "/login/qrcode?app_id=a1&redirect_uri=http%3A%2F%2Fx%2Fcb&state=s+1&lang=zh-CN"
        );
        assert_eq!(LoginParams::parse(None).href(None), "/login/qrcode?");
    }

    #[test]
    fn completion_form_keeps_only_local_retry_links() {
        let f = CompleteForm::parse(b"qrcodeId=q&csrf=c&retry=%2Flogin%2Fqrcode%3Fapp_id%3Da");
        assert_eq!((f.qrcode_id.as_str(), f.csrf.as_str()), ("q", "c"));
        assert_eq!(f.retry.as_deref(), Some("/login/qrcode?app_id=a"));
        for bad in [
            "https%3A%2F%2Fevil",
            "javascript%3Aalert(1)",
            "%2F%2Fevil%2Flogin%2Fqrcode%3F",
        ] {
            let f = CompleteForm::parse(format!("retry={bad}").as_bytes());
            assert_eq!(f.retry, None, "{bad}");
        }
    }
}
