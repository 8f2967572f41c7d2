//! The hosted sign-up page: `GET /login/signup?app_id=&next=&lang=&method=` with the methods
//! the application's `registerConfig` enables (email + password, email code, SMS code), and
//! its forms `POST /login/signup/send-code` and `POST /login/signup`. The account is created
//! by the API's sign-up ([`authgate_service::sign_up::register`]: password policy, code check,
//! validation); the new user is then signed in like on the login page.

use super::flow::{self, Fields, Flow, Posted};
use super::login::send_to;
use super::login_view::{self, Content, Field, Form, Frame};
use super::methods::{SignupMethod, SignupMethods};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::AppError;
use crate::rate_limit;
use crate::state::AppState;
use crate::web::i18n;
use authgate_core::sign_in::SignInMethod;
use authgate_proto::auth::{Connection, PassCodePayload, PasswordPayload, SignUpRequest};
use authgate_service::sign_up::register;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// Path of the page.
pub const PAGE_PATH: &str = "/login/signup";
/// Code channel of sign-ups.
const CHANNEL: &str = "CHANNEL_REGISTER";

/// What the page shows besides its fixed parts.
struct View<'a> {
    method: SignupMethod,
    account: &'a str,
    error: Option<(StatusCode, String)>,
    notice: Option<&'a str>,
}

/// The sign-up page.
#[utoipa::path(get, path = "/login/signup", tag = "pages",
    params(
        ("app_id" = String, Query, description = "The application"),
        ("next" = Option<String>, Query, description = "Local path to return to once signed up"),
        ("lang" = Option<String>, Query, description = "`en-US` or `zh-CN`"),
        ("method" = Option<String>, Query, description = "`EMAIL_PASSWORD`, `EMAIL_CODE` or `PHONE_CODE`"),
    ),
    responses((status = 200, description = "HTML page", content_type = "text/html")))]
pub async fn signup_page(flow: Flow) -> Response {
    let methods = flow.signup_methods();
    let asked = flow.fields.get("method").and_then(SignupMethod::parse);
    let Some(method) = asked.filter(|m| methods.has(*m)).or(methods.default) else {
        return closed(&flow);
    };
    let view = View {
        method,
        account: "",
        error: None,
        notice: None,
    };
    render(&flow, &methods, &view)
}

/// The page of an application that takes no sign-ups.
fn closed(flow: &Flow) -> Response {
    let t = flow.texts();
    let switch = flow.href_lang(PAGE_PATH, i18n::other(flow.lang), &[]);
    let frame = Frame {
        brand: &flow.brand,
        title: t.signup_title,
        heading: login_view::heading(t.signup_heading, &flow.app.name),
        tabs: Vec::new(),
        error: Some(t.signup_disabled),
        notice: None,
        links: vec![(t.back_to_login, flow.href(super::login::PAGE_PATH, &[]))],
        switch_href: &switch,
    };
    let html = login_view::page(flow.catalogue(), &flow.nonce, &frame, Content::Nothing);
    flow.page(StatusCode::FORBIDDEN, html, false)
}

fn render(flow: &Flow, methods: &SignupMethods, v: &View<'_>) -> Response {
    let t = flow.texts();
    let label = |m: SignupMethod| match m {
        SignupMethod::EmailPassword => t.signup_email_password,
        SignupMethod::EmailCode => t.signup_email_code,
        SignupMethod::PhoneCode => t.signup_phone_code,
    };
    let tabs = methods
        .enabled
        .iter()
        .map(|m| {
            (
                label(*m),
                flow.href(PAGE_PATH, &[("method", m.wire())]),
                *m == v.method,
            )
        })
        .collect();
    let switch = flow.href_lang(
        PAGE_PATH,
        i18n::other(flow.lang),
        &[("method", v.method.wire())],
    );
    let frame = Frame {
        brand: &flow.brand,
        title: t.signup_title,
        heading: login_view::heading(t.signup_heading, &flow.app.name),
        tabs,
        error: v.error.as_ref().map(|(_, m)| m.as_str()),
        notice: v.notice,
        links: vec![(t.back_to_login, flow.href(super::login::PAGE_PATH, &[]))],
        switch_href: &switch,
    };
    let (account_label, account_kind) = match v.method {
        SignupMethod::PhoneCode => (t.phone, "tel"),
        _ => (t.email, "email"),
    };
    let mut fields = vec![Field {
        name: "account",
        label: account_label,
        kind: account_kind,
        value: v.account,
        autocomplete: if account_kind == "tel" {
            "tel"
        } else {
            "email"
        },
    }];
    fields.push(if v.method.by_code() {
        Field {
            name: "code",
            label: t.code,
            kind: "text",
            value: "",
            autocomplete: "one-time-code",
        }
    } else {
        Field {
            name: "password",
            label: t.password,
            kind: "password",
            value: "",
            autocomplete: "new-password",
        }
    });
    let form = Form {
        action: PAGE_PATH,
        hidden: flow.hidden(&[("method", v.method.wire())]),
        fields,
        send_code: v
            .method
            .by_code()
            .then_some((t.send_code, "/login/signup/send-code")),
        submit: t.submit_signup,
    };
    let html = login_view::page(flow.catalogue(), &flow.nonce, &frame, Content::Form(form));
    let status = v.error.as_ref().map_or(StatusCode::OK, |(s, _)| *s);
    flow.page(status, html, true)
}

/// A posted form's methods and (enabled) method; the answer to give otherwise.
fn posted(flow: &Flow) -> Result<(SignupMethods, SignupMethod), Box<Response>> {
    let methods = flow.signup_methods();
    if !methods.any() {
        return Err(Box::new(closed(flow)));
    }
    let f = &flow.fields;
    match f.get("method").and_then(SignupMethod::parse) {
        Some(m) if methods.has(m) => Ok((methods, m)),
        _ => {
            let error = (
                StatusCode::FORBIDDEN,
                flow.texts().method_disabled.to_string(),
            );
            let method = methods.default.unwrap_or(SignupMethod::EmailPassword);
            let view = View {
                method,
                account: f.text("account"),
                error: Some(error),
                notice: None,
            };
            Err(Box::new(render(flow, &methods, &view)))
        }
    }
}

/// Sends a sign-up code to the email or phone of the form, and shows the form again.
#[utoipa::path(post, path = "/login/signup/send-code", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, method, account"),
    responses((status = 200, description = "HTML: the form, with a notice or the reason")))]
pub async fn signup_send_code(
    State(state): State<AppState>,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let (methods, method) = match posted(&flow) {
        Ok(p) => p,
        Err(resp) => return *resp,
    };
    let account = f.text("account").trim();
    let result = match method.by_code() {
        true => send_to(&state, &ip, &flow.pool, account, CHANNEL).await,
        false => Ok(()),
    };
    let view = View {
        method,
        account,
        error: result
            .as_ref()
            .err()
            .map(|e| flow::api_failure(e, flow.lang)),
        notice: result.is_ok().then_some(flow.texts().code_sent),
    };
    render(&flow, &methods, &view)
}

/// Creates the account and signs it in: 303 to `next` (or /login/signed-in).
#[utoipa::path(post, path = "/login/signup", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, method, account, password or code"),
    responses(
        (status = 303, description = "Signed up and signed in: to `next`"),
        (status = 400, description = "HTML: the form again with the reason")))]
pub async fn signup_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let (methods, method) = match posted(&flow) {
        Ok(p) => p,
        Err(resp) => return *resp,
    };
    let account = f.text("account").trim();
    match create(&state, &headers, &ip, &flow, method, account, f).await {
        Ok(resp) => resp,
        Err(e) => {
            let view = View {
                method,
                account,
                error: Some(flow::api_failure(&e, flow.lang)),
                notice: None,
            };
            render(&flow, &methods, &view)
        }
    }
}

async fn create(
    state: &AppState,
    headers: &HeaderMap,
    ip: &ClientIp,
    flow: &Flow,
    method: SignupMethod,
    account: &str,
    f: &Fields,
) -> Result<Response, AppError> {
    rate_limit::check_ip(state, "signup", ip.0.as_deref()).await?;
    let account = Some(account.to_string());
    let code = f.text("code").to_string();
    let req = |connection, password_payload, pass_code_payload| SignUpRequest {
        connection,
        password_payload,
        pass_code_payload,
        profile: None,
        options: None,
    };
    let (req, how) = match method {
        SignupMethod::EmailPassword => (
            req(
                Connection::Password,
                Some(PasswordPayload {
                    email: account,
                    password: f.text("password").to_string(),
                    ..PasswordPayload::default()
                }),
                None,
            ),
            SignInMethod::Password,
        ),
        SignupMethod::EmailCode => (
            req(
                Connection::Passcode,
                None,
                Some(PassCodePayload {
                    email: account,
                    pass_code: code,
                    ..PassCodePayload::default()
                }),
            ),
            SignInMethod::Passcode,
        ),
        SignupMethod::PhoneCode => (
            req(
                Connection::Passcode,
                None,
                Some(PassCodePayload {
                    phone: account,
                    pass_code: code,
                    ..PassCodePayload::default()
                }),
            ),
            SignInMethod::Passcode,
        ),
    };
    let client = sign_in_client(ip, None, headers);
    let user = register(state, &flow.pool, &flow.app.id, &client, req).await?;
    let attempt = flow.attempt(headers, ip, how);
    flow.signed_in(state, headers, &attempt, user).await
}
