//! What the hosted login, sign-up and forgot-password pages share: reading their parameters
//! (query or form), resolving the application and the validated `next`, rendering a form
//! page with an error, and finishing a sign-in (history, SSO session, 303 to `next`).

use super::branding::Branding;
use super::csrf;
use super::error::PageError;
use super::form_action;
use super::i18n::{self, Catalogue};
use super::login_html::Hidden;
use super::login_text::{self, LoginTexts};
use super::methods::{Delivery, LoginMethods, SignupMethods};
use super::next;
use super::response::{self, Page};
use super::session::{self, SsoSession};
use crate::api_v3::login::Attempt;
use crate::client_ip::{ClientIp, user_agent};
use crate::http::AppError;
use crate::state::AppState;
use authgate_core::application::Application;
use authgate_core::lang::Lang;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::User;
use authgate_core::user_pool::UserPool;
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

/// A sign-in in progress: the application, its pool, where to go afterwards, the language, and
/// where the sign-in may end ([`super::form_action`]).
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
    /// returns to after `next` ([`super::form_action::of_next`]).
    form_targets: Vec<String>,
    /// The application's branding.
    pub brand: Branding,
    /// Which code deliveries the server is configured for.
    pub delivery: Delivery,
}

impl Flow {
    /// The flow the fields describe: `app_id` must name an application, `next` (when given)
    /// must pass [`next::validate`]; the sign-in's end is resolved from `next`.
    pub async fn resolve(state: &AppState, f: &Fields, lang: Lang) -> Result<Self, PageError> {
        let next = match f.get("next") {
            None => None,
            Some(n) => Some(
                next::validate(n)
                    .ok_or(PageError::BadRequest("next"))?
                    .to_string(),
            ),
        };
        let (app, pool) = super::target::app(state, f.get("app_id")).await?;
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
        })
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

    /// A page of this flow (with the CSRF cookie when new): its forms may end where the flow
    /// ends, so its CSP `form-action` allows that origin.
    pub fn page(
        &self,
        status: StatusCode,
        html: String,
        nonce: String,
        csrf_cookie: Option<String>,
    ) -> Response {
        Page {
            status,
            html,
            nonce,
            form_targets: self.form_targets.clone(),
            img_sources: self.brand.img_sources(),
            cookies: csrf_cookie.into_iter().collect(),
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
    pub fn hidden<'a>(&self, csrf: &'a str, extra: &[(&'a str, &str)]) -> Hidden<'a> {
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
            ip,
            None,
            user_agent(headers),
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
    let Ok(nonce) = response::nonce() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let message = match e {
        PageError::BadRequest("next") => login_text::texts(lang).err_next,
        _ => e.message(c),
    };
    let retry = retry.filter(|_| e.retryable());
    Page {
        status: e.status(),
        html: super::templates::error(c, &nonce, brand, message, retry, None),
        nonce,
        form_targets: Vec::new(),
        img_sources: brand.img_sources(),
        cookies: Vec::new(),
    }
    .into_response()
}

/// The flow of a form post after its CSRF check; the error page otherwise.
pub async fn posted(
    state: &AppState,
    headers: &HeaderMap,
    f: &Fields,
    retry_path: &str,
) -> Result<Flow, Response> {
    let lang = lang_of(f, headers);
    let flow = Flow::resolve(state, f, lang)
        .await
        .map_err(|e| error_page(lang, &e, None))?;
    if let Err(e) = csrf::check(headers, f.text("csrf")) {
        let retry = flow.href(retry_path, &[]);
        return Err(flow.error_page(&PageError::Forged(e), Some(&retry)));
    }
    Ok(flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_the_first_non_empty_value() {
        let f = Fields::parse(b"a=&a=1&a=2&b=x%20y");
        assert_eq!(f.get("a"), Some("1"));
        assert_eq!(f.text("b"), "x y");
        assert_eq!(f.get("c"), None);
    }
}
