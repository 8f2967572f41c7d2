//! The hosted forgot-password page: `GET /login/forgot-password?app_id=&next=&lang=`, its
//! forms `POST /login/forgot-password/send-code` (a code on `CHANNEL_RESET_PASSWORD` to the
//! account's email or phone) and `POST /login/forgot-password` (code + new password). The
//! code is checked before the account is looked up and the new password must pass the pool's
//! policy, exactly as `verify-reset-password-request` + `reset-password`; every session of the
//! user is revoked. Then back to the login page with a notice.

use super::flow::{self, Fields, Flow, Posted};
use super::login::{code_destination, send_to};
use super::login_view::{self, Content, Field, Form, Frame};
use super::methods::AccountKind;
use crate::client_ip::ClientIp;
use crate::http::AppError;
use crate::state::AppState;
use crate::web::i18n;
use crate::web::response;
use crate::{passwords, rate_limit};
use authgate_service::account::{self, PasscodeProof};
use authgate_service::account::{RESET_CHANNEL as CHANNEL, user_of_reset_proof};
use authgate_service::contact::Contact;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// Path of the page.
pub const PAGE_PATH: &str = "/login/forgot-password";

fn render(
    flow: &Flow,
    account: &str,
    error: Option<(StatusCode, String)>,
    notice: Option<&str>,
) -> Response {
    let t = flow.texts();
    let switch = flow.href_lang(PAGE_PATH, i18n::other(flow.lang), &[]);
    let available = flow.delivery.any();
    let frame = Frame {
        brand: &flow.brand,
        title: t.forgot_title,
        heading: t.forgot_title.to_string(),
        tabs: Vec::new(),
        error: error
            .as_ref()
            .map(|(_, m)| m.as_str())
            .or((!available).then_some(t.forgot_unavailable)),
        notice: notice.or(available.then_some(t.forgot_intro)),
        links: vec![(t.back_to_login, flow.href(super::login::PAGE_PATH, &[]))],
        switch_href: &switch,
    };
    if !available {
        // No code can reach the user: no form that could only fail.
        let html = login_view::page(flow.catalogue(), &flow.nonce, &frame, Content::Nothing);
        let status = error.as_ref().map_or(StatusCode::OK, |(s, _)| *s);
        return flow.page(status, html, false);
    }
    // Only the kinds of address a code can be sent to.
    let address = match (flow.delivery.email, flow.delivery.sms) {
        (true, false) => t.email,
        (false, true) => t.phone,
        _ => t.address,
    };
    let form = Form {
        action: PAGE_PATH,
        hidden: flow.hidden(&[]),
        fields: vec![
            Field {
                name: "account",
                label: address,
                kind: "text",
                value: account,
                autocomplete: "username",
            },
            Field {
                name: "code",
                label: t.code,
                kind: "text",
                value: "",
                autocomplete: "one-time-code",
            },
            Field {
                name: "password",
                label: t.new_password,
                kind: "password",
                value: "",
                autocomplete: "new-password",
            },
        ],
        send_code: Some((t.send_code, "/login/forgot-password/send-code")),
        submit: t.submit_reset,
    };
    let html = login_view::page(flow.catalogue(), &flow.nonce, &frame, Content::Form(form));
    let status = error.as_ref().map_or(StatusCode::OK, |(s, _)| *s);
    flow.page(status, html, true)
}

/// The forgot-password page.
#[utoipa::path(get, path = "/login/forgot-password", tag = "pages",
    params(
        ("app_id" = String, Query, description = "The application"),
        ("next" = Option<String>, Query, description = "Kept for the sign-in afterwards"),
        ("lang" = Option<String>, Query, description = "`en-US` or `zh-CN`"),
    ),
    responses((status = 200, description = "HTML page", content_type = "text/html")))]
pub async fn forgot_page(flow: Flow) -> Response {
    render(&flow, flow.fields.text("login_hint"), None, None)
}

/// Sends a reset code to the email or phone of the form, and shows the form again.
#[utoipa::path(post, path = "/login/forgot-password/send-code", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, account (email or phone)"),
    responses((status = 200, description = "HTML: the form, with a notice or the reason")))]
pub async fn forgot_send_code(
    State(state): State<AppState>,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let account = f.text("account").trim();
    match send_to(&state, &ip, &flow.pool, account, CHANNEL).await {
        Ok(()) => render(&flow, account, None, Some(flow.texts().code_sent)),
        Err(e) => {
            let error = flow::api_failure(&e, flow.lang);
            render(&flow, account, Some(error), None)
        }
    }
}

/// Sets the new password with the code: 303 to the login page with a notice.
#[utoipa::path(post, path = "/login/forgot-password", tag = "pages",
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "csrf, app_id, next, lang, account, code, password"),
    responses(
        (status = 303, description = "Password changed: to the login page"),
        (status = 400, description = "HTML: the form again with the reason")))]
pub async fn forgot_submit(
    State(state): State<AppState>,
    ip: ClientIp,
    Posted(flow): Posted,
) -> Response {
    let f = &flow.fields;
    let account = f.text("account").trim();
    match reset(&state, &ip, &flow, account, f).await {
        Ok(()) => response::see_other(
            &flow.href(super::login::PAGE_PATH, &[("done", "reset")]),
            &[],
        ),
        Err(e) => {
            let error = flow::api_failure(&e, flow.lang);
            render(&flow, account, Some(error), None)
        }
    }
}

async fn reset(
    state: &AppState,
    ip: &ClientIp,
    flow: &Flow,
    account: &str,
    f: &Fields,
) -> Result<(), AppError> {
    rate_limit::check_ip(state, "reset-password", ip.0.as_deref()).await?;
    let policy = &flow.pool.settings.password_policy;
    let new = passwords::accept_new(state, policy, None, "password", f.text("password"))?;
    let (_, kind) = code_destination(account)?;
    let proof = PasscodeProof {
        contact: match kind {
            AccountKind::Email => Contact::Email,
            _ => Contact::Phone,
        },
        address: Some(account.to_string()),
        country_code: None,
        code: account::required("code", f.text("code"))?.to_string(),
    };
    let mut user = user_of_reset_proof(state, &flow.pool, &proof).await?;
    account::set_password(
        state,
        &flow.pool,
        &mut user,
        new,
        &crate::http::context::current().request_id,
    )
    .await?;
    Ok(())
}
