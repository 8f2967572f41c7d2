//! What the hosted login, sign-up and forgot-password pages share: the [`Flow`] every handler
//! starts from — extracted from the request ([`Flow`] from the query of a page, [`Posted`]
//! from a form after its CSRF check, [`WithoutNext`] for the signed-in page): the application,
//! its pool, the validated `next`, the language, the branding, the fields, the CSRF token of
//! the page's forms and the response's CSP nonce — then rendering its pages and finishing a
//! sign-in (history, SSO session, 303 to `next`).

use super::csrf;
use super::login_text::{self, LoginTexts};
use super::login_view::Hidden;
use super::methods::{Delivery, LoginMethods, SignupMethods};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::AppError;
use crate::sso_cookie::{self as session, SsoSession};
use crate::state::AppState;
use crate::web::branding::Branding;
use crate::web::error::PageError;
use crate::web::form_action;
use crate::web::i18n::{self, Catalogue};
use crate::web::layout;
use crate::web::next;
use crate::web::response::{self, Page};
use authgate_core::application::Application;
use authgate_core::lang::Lang;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::User;
use authgate_core::user_pool::UserPool;
use authgate_service::sign_in::Attempt;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Where the browser goes after a sign-in without `next`.
pub const SIGNED_IN_PATH: &str = "/login/signed-in";

/// Query or form fields: the first non-empty value of each name.
#[derive(Debug, Default, Clone)]
pub struct Fields(HashMap<String, String>);

impl Fields {
    /// Parsed from `application/x-www-form-urlencoded` text.
    pub fn parse(raw: &[u8]) -> Self {
        let mut map = HashMap::new();
        for (k, v) in form_urlencoded::parse(raw) {
            if !v.is_empty() {
                map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
            }
        }
        Fields(map)
    }

    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Forgets `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.remove(name);
    }

    /// The value of `name`, or "".
    pub fn text(&self, name: &str) -> &str {
        self.get(name).unwrap_or_default()
    }
}

/// The `Accept-Language` header.
pub fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

/// A sign-in in progress, as every hosted login, sign-up and forgot-password handler starts
/// from it: the application, its pool, where to go afterwards, the language, where the sign-in
/// may end ([`crate::web::form_action`]), the branding, the request's fields, the CSRF token of
/// the page's forms and the CSP nonce of the response.
///
/// Extracted from a page's query (a bad link answers the error page, never a redirect); see
/// [`Posted`] for forms and [`WithoutNext`] for the signed-in page.
#[derive(Debug, Clone)]
pub struct Flow {
    /// The application.
    pub app: Application,
    /// Its pool.
    pub pool: UserPool,
    /// The validated `next`, when given.
    pub next: Option<String>,
    /// The page language.
    pub lang: Lang,
    /// The extra CSP `form-action` sources of this flow's pages: the origin the sign-in
    /// returns to after `next` ([`crate::web::form_action::of_next`]).
    form_targets: Vec<String>,
    /// The application's branding.
    pub brand: Branding,
    /// Which code deliveries the server is configured for.
    pub delivery: Delivery,
    /// The query or form fields of the request.
    pub fields: Fields,
    /// The CSRF token of this flow's forms.
    pub csrf: String,
    /// The cookie carrying [`Flow::csrf`], when the browser has none yet.
    csrf_cookie: Option<String>,
    /// The CSP nonce of the response.
    pub nonce: String,
}

impl FromRequestParts<AppState> for Flow {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let f = Fields::parse(parts.uri.query().unwrap_or_default().as_bytes());
        Flow::of_request(state, &parts.headers, f).await
    }
}

/// The [`Flow`] of a page that ignores `next` (the signed-in page never forwards anywhere
/// but the application's own configured address).
#[derive(Debug, Clone)]
pub struct WithoutNext(pub Flow);

impl FromRequestParts<AppState> for WithoutNext {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let mut f = Fields::parse(parts.uri.query().unwrap_or_default().as_bytes());
        f.remove("next");
        Flow::of_request(state, &parts.headers, f)
            .await
            .map(WithoutNext)
    }
}

/// The [`Flow`] of a posted form (`application/x-www-form-urlencoded`), after its CSRF
/// double-submit check; the error page (with a link back to the form's page) otherwise.
#[derive(Debug, Clone)]
pub struct Posted(pub Flow);

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (parts, body) = req.into_parts();
        let lang = i18n::negotiate(None, accept_language(&parts.headers));
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| error_page(lang, &PageError::BadRequest("body"), None))?;
        let f = Fields::parse(&body);
        let flow = Flow::of_request(state, &parts.headers, f).await?;
        if let Err(e) = csrf::check(&parts.headers, flow.fields.text("csrf")) {
            let retry = flow.href(page_of(parts.uri.path()), &[]);
            return Err(flow.error_page(&PageError::Forged(e), Some(&retry)));
        }
        Ok(Posted(flow))
    }
}

/// The page a form posted to `path` belongs to.
fn page_of(path: &str) -> &'static str {
    [super::signup::PAGE_PATH, super::forgot::PAGE_PATH]
        .into_iter()
        .find(|page| path.starts_with(page))
        .unwrap_or(super::login::PAGE_PATH)
}

impl Flow {
    /// The flow the fields describe: `app_id` must name an application, `next` (when given)
    /// must pass [`next::validate`]; the sign-in's end is resolved from `next`.
    pub async fn resolve(state: &AppState, f: Fields, lang: Lang) -> Result<Self, PageError> {
        let next = match f.get("next") {
            None => None,
            Some(n) => Some(
                next::validate(n)
                    .ok_or(PageError::BadRequest("next"))?
                    .to_string(),
            ),
        };
        let (app, pool) = crate::web::target::app(state, f.get("app_id")).await?;
        let form_targets = form_action::of_next(state, &app, next.as_deref()).await;
        let brand = Branding::of(&app);
        Ok(Flow {
            app,
            pool,
            next,
            lang,
            form_targets,
            brand,
            delivery: Delivery::of(&state.notify),
            fields: f,
            csrf: String::new(),
            csrf_cookie: None,
            nonce: String::new(),
        })
    }

    /// The flow of a request with fields `f`, with its CSRF token and nonce; the error page
    /// (in the request's language) when there is none.
    async fn of_request(
        state: &AppState,
        headers: &HeaderMap,
        f: Fields,
    ) -> Result<Self, Response> {
        let lang = lang_of(&f, headers);
        let mut flow = Flow::resolve(state, f, lang)
            .await
            .map_err(|e| error_page(lang, &e, None))?;
        let (csrf, cookie) =
            csrf::token(state, headers).map_err(|e| flow.error_page(&PageError::from(e), None))?;
        flow.csrf = csrf;
        flow.csrf_cookie = cookie;
        flow.nonce =
            response::nonce().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
        Ok(flow)
    }

    /// The sign-in methods the login page offers: the application's, less the code methods
    /// the server cannot deliver.
    pub fn login_methods(&self) -> LoginMethods {
        LoginMethods::of(&self.app).deliverable(self.delivery)
    }

    /// The sign-up methods the sign-up page offers: the application's, less the code methods
    /// the server cannot deliver.
    pub fn signup_methods(&self) -> SignupMethods {
        SignupMethods::of(&self.app).deliverable(self.delivery)
    }

    /// The error page of `e` in this flow's language and branding.
    pub fn error_page(&self, e: &PageError, retry: Option<&str>) -> Response {
        error_response(self.lang, &self.brand, e, retry)
    }

    /// `html` answered as a page of this flow: its forms may end where the flow ends, so its
    /// CSP `form-action` allows that origin; `with_form` sets the CSRF cookie when it is new.
    /// A bare 500 when the page could not be rendered.
    pub fn page(&self, status: StatusCode, html: Option<String>, with_form: bool) -> Response {
        let Some(html) = html else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let cookies = match (&self.csrf_cookie, with_form) {
            (Some(c), true) => vec![c.clone()],
            _ => Vec::new(),
        };
        Page {
            status,
            html,
            nonce: self.nonce.clone(),
            form_targets: self.form_targets.clone(),
            img_sources: self.brand.img_sources(),
            cookies,
        }
        .into_response()
    }

    /// The page catalogue.
    pub fn catalogue(&self) -> &'static Catalogue {
        i18n::catalogue(self.lang)
    }

    /// The login texts.
    pub fn texts(&self) -> &'static LoginTexts {
        login_text::texts(self.lang)
    }

    /// `path` with this flow's `app_id`, `next`, `lang` (or `lang_override`) and `extra`.
    pub fn href_lang(&self, path: &str, lang: Lang, extra: &[(&str, &str)]) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("app_id", &self.app.id);
        if let Some(n) = &self.next {
            q.append_pair("next", n);
        }
        q.append_pair("lang", i18n::catalogue(lang).code);
        for (k, v) in extra {
            q.append_pair(k, v);
        }
        format!("{path}?{}", q.finish())
    }

    /// `path` with this flow's parameters and `extra`.
    pub fn href(&self, path: &str, extra: &[(&str, &str)]) -> String {
        self.href_lang(path, self.lang, extra)
    }

    /// Where the browser goes once signed in: `next`, else the signed-in page.
    pub fn destination(&self) -> String {
        match &self.next {
            Some(n) => n.clone(),
            None => {
                let mut q = form_urlencoded::Serializer::new(String::new());
                q.append_pair("app_id", &self.app.id);
                q.append_pair("lang", self.catalogue().code);
                format!("{SIGNED_IN_PATH}?{}", q.finish())
            }
        }
    }

    /// The hidden fields of this flow's forms, plus `extra`.
    pub fn hidden<'a>(&'a self, extra: &[(&'a str, &str)]) -> Hidden<'a> {
        let csrf = self.csrf.as_str();
        let mut fields = vec![("app_id", self.app.id.clone())];
        if let Some(n) = &self.next {
            fields.push(("next", n.clone()));
        }
        fields.push(("lang", self.catalogue().code.to_string()));
        fields.extend(extra.iter().map(|(k, v)| (*k, (*v).to_string())));
        Hidden { csrf, fields }
    }

    /// An attempt of `method` from this request.
    pub fn attempt(&self, headers: &HeaderMap, ip: &ClientIp, method: SignInMethod) -> Attempt {
        Attempt::new(
            self.app.clone(),
            self.pool.clone(),
            sign_in_client(ip, None, headers),
            method,
        )
    }

    /// Finishes the sign-in of `user`: statistics and history, the SSO session, and a 303 to
    /// [`Flow::destination`].
    pub async fn signed_in(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        attempt: &Attempt,
        user: User,
    ) -> Result<Response, AppError> {
        let user = attempt.record_success(state, user, None).await?;
        let cookie = session::open(
            state,
            headers,
            &SsoSession {
                user_id: user.id,
                pool_id: user.pool_id,
                auth_time: state.clock.now_millis(),
            },
        )
        .await?;
        Ok(response::see_other(&self.destination(), &[cookie]))
    }
}

/// The language of a request: its `lang` field, else `Accept-Language`.
pub fn lang_of(f: &Fields, headers: &HeaderMap) -> Lang {
    i18n::negotiate(f.get("lang"), accept_language(headers))
}

/// The HTTP status and the visitor's text of a refused API step.
pub fn api_failure(e: &AppError, lang: Lang) -> (StatusCode, String) {
    let status = StatusCode::from_u16(e.0.status)
        .ok()
        .filter(|s| s.is_client_error() || s.is_server_error())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, e.0.msg.render(lang))
}

/// The error page of `e` when there is no flow (no application to brand it), with a retry
/// link when retrying may help.
pub fn error_page(lang: Lang, e: &PageError, retry: Option<&str>) -> Response {
    error_response(lang, &Branding::default(), e, retry)
}

fn error_response(lang: Lang, brand: &Branding, e: &PageError, retry: Option<&str>) -> Response {
    tracing::info!(error = %e, "hosted login page refused");
    let c = i18n::catalogue(lang);
    let message = match e {
        PageError::BadRequest("next") => login_text::texts(lang).err_next,
        _ => e.message(c),
    };
    let retry = retry.filter(|_| e.retryable()).map(str::to_string);
    layout::error(c, brand, e.status(), message, retry, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_form_links_back_to_its_own_page() {
        assert_eq!(page_of("/login/signup/send-code"), "/login/signup");
        assert_eq!(page_of("/login/signup"), "/login/signup");
        assert_eq!(
            page_of("/login/forgot-password/send-code"),
            "/login/forgot-password"
        );
        for login in ["/login/password", "/login/code/send", "/login/code"] {
            assert_eq!(page_of(login), "/login", "{login}");
        }
    }

    #[test]
    fn fields_keep_the_first_non_empty_value() {
        let f = Fields::parse(b"a=&a=1&a=2&b=x%20y");
        assert_eq!(f.get("a"), Some("1"));
        assert_eq!(f.text("b"), "x y");
        assert_eq!(f.get("c"), None);
    }
}
