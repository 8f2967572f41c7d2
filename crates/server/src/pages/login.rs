//! The hosted login page: `GET /login?app_id=&next=&login_hint=&lang=&tab=` with the tabs the
//! application's `loginConfig` enables ([`super::methods`]), and its forms:
//! `POST /login/password`, `POST /login/code/send`, `POST /login/code`. The QR tab links to
//! the hosted QR page ([`super::qrcode`]) with the same `next`.
//!
//! The sign-in itself is the service's one pipeline ([`authgate_service::sign_in`]: lockout,
//! history, statistics, status checks, the pool's account-existence rule), as for the API; a
//! success opens the SSO session and
//! answers 303 to `next` (or to `/login/signed-in`). A refused step shows the form again with
//! the reason.

use super::flow::{self, Fields, Flow, Posted, WithoutNext};
use super::login_view::{self, Content, Field, Form, Frame};
use super::methods::{AccountKind, LoginMethods, Tab};
use crate::client_ip::ClientIp;
use crate::codes::CodeTarget;
use crate::http::AppError;
use crate::notify::Recipient;
use crate::rate_limit;
use crate::sso_cookie as session;
use crate::state::AppState;
use crate::web::i18n;
use crate::web::layout::Link;
use crate::web::response;
use authgate_core::ApiError;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{validate_email, validate_phone};
use authgate_core::user_pool::UserPool;
use authgate_proto::auth::{PassCodePayload, PasswordPayload, SignInOptions};
use authgate_service::send_code::send_code;
use authgate_service::sign_in::{self, Credential};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// Path of the page.
pub const PAGE_PATH: &str = "/login";
/// Code channel of code sign-ins.
const LOGIN_CHANNEL: &str = "CHANNEL_LOGIN";

/// The login page (errors are pages too, never a redirect).
#[utoipa::path(get, path = "/login", tag = "pages",
    params(
        ("app_id" = String, Query, description = "The application signing in"),
        ("next" = Option<String>, Query, description = "Local path to return to (see pages::next)"),
        ("login_hint" = Option<String>, Query, description = "Pre-fills the account"),
        ("lang" = Option<String>, Query, description = "`en-US` or `zh-CN` (default: Accept-Language)"),
        ("tab" = Option<String>, Query, description = "`password`, `code` or `qrcode`"),
    ),
    responses((status = 200, description = "HTML page (also the error page of a bad link)", content_type = "text/html")))]
pub async fn login_page(flow: Flow) -> Response {
    let f = &flow.fields;
    let methods = flow.login_methods();
    let tab = f
        .get("tab")
        .and_then(Tab::parse)
        .filter(|t| methods.has(*t))
        .unwrap_or(methods.default_tab);
    let notice = (f.get("done") == Some("reset")).then_some(flow.texts().password_reset);
    let view = View {
        tab,
        account: f.text("login_hint"),
        error: None,
        notice,
    };
    render(&flow, &methods, &view)
}

/// What the login page shows besides its fixed parts.
struct View<'a> {
    tab: Tab,
    account: &'a str,
    error: Option<(StatusCode, String)>,
    notice: Option<&'a str>,
}

fn render(flow: &Flow, methods: &LoginMethods, v: &View<'_>) -> Response {
    let t = flow.texts();
    let tab_label = |tab: Tab| match tab {
        Tab::Password => t.tab_password,
        Tab::Code => t.tab_code,
        Tab::Qrcode => t.tab_qrcode,
    };
    let tabs = methods
        .tabs()
        .into_iter()
        .map(|tab| {
            (
                tab_label(tab),
                flow.href(PAGE_PATH, &[("tab", tab.wire())]),
                tab == v.tab,
            )
        })
        .collect();
    let mut links = Vec::new();
    if flow.signup_methods().any() {
        links.push((t.signup_link, flow.href(super::signup::PAGE_PATH, &[])));
    }
    if methods.password() && flow.delivery.any() {
        links.push((t.forgot_link, flow.href(super::forgot::PAGE_PATH, &[])));
    }
    let switch = flow.href_lang(PAGE_PATH, i18n::other(flow.lang), &[("tab", v.tab.wire())]);
    let frame = Frame {
        brand: &flow.brand,
        title: t.login_title,
        heading: login_view::heading(t.login_heading, &flow.app.name),
        tabs,
        error: v.error.as_ref().map(|(_, m)| m.as_str()),
        notice: v.notice,
        links,
        switch_href: &switch,
    };
    let c = flow.catalogue();
    let content = match v.tab {
        Tab::Password => Content::Form(Form {
            action: "/login/password",
            hidden: flow.hidden(&[]),
            fields: vec![
                Field {
                    name: "account",
                    label: t.account,
                    kind: "text",
                    value: v.account,
                    autocomplete: "username",
                },
                Field {
                    name: "password",
                    label: t.password,
                    kind: "password",
                    value: "",
                    autocomplete: "current-password",
                },
            ],
            send_code: None,
            submit: t.submit_login,
        }),
        Tab::Code => Content::Form(Form {
            action: "/login/code",
            hidden: flow.hidden(&[]),
            fields: vec![
                Field {
                    name: "account",
                    label: match (methods.email_code, methods.phone_code) {
                        (true, false) => t.email,
                        (false, true) => t.phone,
                        _ => t.address,
                    },
                    kind: "text",
                    value: v.account,
                    autocomplete: "username",
                },
                Field {
                    name: "code",
                    label: t.code,
                    kind: "text",
                    value: "",
                    autocomplete: "one-time-code",
                },
            ],
            send_code: Some((t.send_code, "/login/code/send")),
            submit: t.submit_login,
        }),
        Tab::Qrcode => {
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.append_pair("app_id", &flow.app.id);
            q.append_pair("next", &flow.destination());
            q.append_pair("lang", c.code);
            let link = Link {
                href: format!("/login/qrcode?{}", q.finish()),
                label: t.qr_link,
            };
            Content::QrLink(t.qr_hint, link)
        }
    };
    let html = login_view::page(c, &flow.nonce, &frame, content);
    let status = v.error.as_ref().map_or(StatusCode::OK, |(s, _)| *s);
    flow.page(status, html, true)
}

/// The form again on `tab` with the reason of a refused step.
fn refused(
    flow: &Flow,
    methods: &LoginMethods,
    tab: Tab,
    account: &str,
    error: (StatusCode, String),
) -> Response {
    let view = View {
        tab,
        account,
        error: Some(error),
        notice: None,
    };
    render(flow, methods, &view)
}

/// A method the application does not enable.
fn disabled(flow: &Flow) -> (StatusCode, String) {
    (
        StatusCode::FORBIDDEN,
        flow.texts().method_disabled.to_string(),
    )
}

/// Signs in with account and password: 303 to `next` with the SSO session cookie, or the
/// form again with the reason.
#[utoipa::path(post, path = "/login/password", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, account, password"),
    responses(
        (status = 303, description = "Signed in: to `next` (or /login/signed-in)"),
        (status = 403, description = "HTML: refused (the form again, or the CSRF error page)")))]
pub async fn login_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let methods = flow.login_methods();
    let account = f.text("account").trim();
    let kind = AccountKind::of(account);
    if !methods.password() || (!account.is_empty() && !methods.password_for(kind)) {
        return refused(&flow, &methods, Tab::Password, account, disabled(&flow));
    }
    match password_sign_in(&state, &headers, &ip, &flow, &methods, account, f).await {
        Ok(resp) => resp,
        Err(e) => {
            let error = flow::api_failure(&e, flow.lang);
            refused(&flow, &methods, Tab::Password, account, error)
        }
    }
}

async fn password_sign_in(
    state: &AppState,
    headers: &HeaderMap,
    ip: &ClientIp,
    flow: &Flow,
    methods: &LoginMethods,
    account: &str,
    f: &Fields,
) -> Result<Response, AppError> {
    rate_limit::check_ip(state, "signin", ip.0.as_deref()).await?;
    let named = Some(account.to_string());
    // Name the identifier explicitly when the config allows only some kinds.
    let payload = match AccountKind::of(account) {
        AccountKind::Email => PasswordPayload {
            email: named,
            ..PasswordPayload::default()
        },
        _ if methods.username_password && methods.phone_password => PasswordPayload {
            account: named,
            ..PasswordPayload::default()
        },
        _ if methods.username_password => PasswordPayload {
            username: named,
            ..PasswordPayload::default()
        },
        _ => PasswordPayload {
            phone: named,
            ..PasswordPayload::default()
        },
    };
    let payload = PasswordPayload {
        password: f.text("password").to_string(),
        ..payload
    };
    let mut attempt = flow.attempt(headers, ip, SignInMethod::Password);
    let user = sign_in::verify(
        state,
        &mut attempt,
        Credential::Password(payload),
        &SignInOptions::default(),
    )
    .await?;
    flow.signed_in(state, headers, &attempt, user).await
}

/// The code target and delivery of an email or phone typed into a form.
pub(super) fn code_destination(address: &str) -> Result<(CodeTarget, AccountKind), AppError> {
    let address = address.trim();
    match AccountKind::of(address) {
        AccountKind::Email => {
            validate_email(address)?;
            Ok((CodeTarget::email(address), AccountKind::Email))
        }
        AccountKind::Phone => {
            validate_phone(address)?;
            Ok((CodeTarget::phone(address, None), AccountKind::Phone))
        }
        AccountKind::Username => Err(ApiError::missing("email / phone").into()),
    }
}

/// Sends a code on `channel` to the email or phone `address` (per-IP limit `send-code`, as
/// `send-email` / `send-sms`).
pub(super) async fn send_to(
    state: &AppState,
    ip: &ClientIp,
    pool: &UserPool,
    address: &str,
    channel: &str,
) -> Result<(), AppError> {
    rate_limit::check_ip(state, "send-code", ip.0.as_deref()).await?;
    let (target, kind) = code_destination(address)?;
    let address = address.trim();
    let to = match kind {
        AccountKind::Email => Recipient::Email(address),
        _ => Recipient::Phone {
            number: address,
            country_code: None,
        },
    };
    let lang = crate::http::context::current().lang;
    Ok(send_code(state, pool, &target, &to, channel, lang).await?)
}

/// Sends a sign-in code to the email or phone of the code form, and shows the form again.
#[utoipa::path(post, path = "/login/code/send", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, account (email or phone)"),
    responses((status = 200, description = "HTML: the code form, with a notice or the reason")))]
pub async fn login_code_send(
    State(state): State<AppState>,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let methods = flow.login_methods();
    let account = f.text("account").trim();
    if !methods.code() || !methods.code_for(AccountKind::of(account)) {
        return refused(&flow, &methods, Tab::Code, account, disabled(&flow));
    }
    match send_to(&state, &ip, &flow.pool, account, LOGIN_CHANNEL).await {
        Ok(()) => {
            let view = View {
                tab: Tab::Code,
                account,
                error: None,
                notice: Some(flow.texts().code_sent),
            };
            render(&flow, &methods, &view)
        }
        Err(e) => {
            let error = flow::api_failure(&e, flow.lang);
            refused(&flow, &methods, Tab::Code, account, error)
        }
    }
}

/// Signs in with the code sent to an email or phone.
#[utoipa::path(post, path = "/login/code", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, account (email or phone), code"),
    responses(
        (status = 303, description = "Signed in: to `next` (or /login/signed-in)"),
        (status = 403, description = "HTML: refused (the form again, or the CSRF error page)")))]
pub async fn login_code(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let methods = flow.login_methods();
    let account = f.text("account").trim();
    if !methods.code() || !methods.code_for(AccountKind::of(account)) {
        return refused(&flow, &methods, Tab::Code, account, disabled(&flow));
    }
    let result = async {
        rate_limit::check_ip(&state, "signin", ip.0.as_deref()).await?;
        let payload = match AccountKind::of(account) {
            AccountKind::Email => PassCodePayload {
                email: Some(account.to_string()),
                ..PassCodePayload::default()
            },
            _ => PassCodePayload {
                phone: Some(account.to_string()),
                ..PassCodePayload::default()
            },
        };
        let payload = PassCodePayload {
            pass_code: f.text("code").to_string(),
            ..payload
        };
        let mut attempt = flow.attempt(&headers, &ip, SignInMethod::Passcode);
        let user = sign_in::verify(
            &state,
            &mut attempt,
            Credential::Passcode(payload),
            &SignInOptions::default(),
        )
        .await?;
        flow.signed_in(&state, &headers, &attempt, user).await
    }
    .await;
    match result {
        Ok(resp) => resp,
        Err(e) => {
            let error = flow::api_failure(&e, flow.lang);
            refused(&flow, &methods, Tab::Code, account, error)
        }
    }
}

/// Where a sign-in without `next` lands: the application's `initLoginUri` when set, else a
/// "signed in" page.
#[utoipa::path(get, path = "/login/signed-in", tag = "pages",
    params(
        ("app_id" = String, Query, description = "The application signed in to"),
        ("lang" = Option<String>, Query, description = "`en-US` or `zh-CN`"),
    ),
    responses(
        (status = 200, description = "HTML page", content_type = "text/html"),
        (status = 303, description = "To the application's initLoginUri")))]
pub async fn signed_in_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    WithoutNext(flow): WithoutNext,
) -> Response {
    let signed_in = session::current(&state, &headers)
        .await
        .is_some_and(|s| s.pool_id == flow.pool.id);
    if !signed_in {
        return response::see_other(&flow.href(PAGE_PATH, &[]), &[]);
    }
    if let Some(uri) = flow
        .app
        .settings
        .init_login_uri
        .as_deref()
        .filter(|u| !u.is_empty())
    {
        return response::see_other(uri, &[]);
    }
    let t = flow.texts();
    let switch = flow.href_lang(flow::SIGNED_IN_PATH, i18n::other(flow.lang), &[]);
    let frame = Frame {
        brand: &flow.brand,
        title: t.signed_in_title,
        heading: t.signed_in_title.to_string(),
        tabs: Vec::new(),
        error: None,
        notice: None,
        links: Vec::new(),
        switch_href: &switch,
    };
    let html = login_view::page(
        flow.catalogue(),
        &flow.nonce,
        &frame,
        Content::Paragraph(t.signed_in),
    );
    flow.page(StatusCode::OK, html, false)
}
