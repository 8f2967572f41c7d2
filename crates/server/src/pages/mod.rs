//! Hosted pages: server-rendered HTML for browsers, in English and Chinese, each answered with
//! a strict Content-Security-Policy (inline script and style only with the response's nonce)
//! and the other security headers ([`crate::web::response`]). Rendered from the templates in
//! `templates/` ([`login_view`], [`qr_view`]); every handler of the login family starts from a
//! [`flow::Flow`] extracted from the request.
//!
//! - `GET /login/qrcode` — QR login for an application ([`qrcode`]), completed by
//!   `POST /login/qrcode/complete`, which opens the browser's SSO session ([`session`]) and
//!   returns to the application with an authorization code (or, given `next`, to `next`).
//! - `GET /login` — the hosted login page ([`login`]), `/login/signup` ([`signup`]),
//!   `/login/forgot-password` ([`forgot`]); see docs/hosted-login.md.

pub mod binding;
pub mod csrf;
pub mod flow;
pub mod forgot;
pub mod login;
pub mod login_text;
pub mod login_view;
pub mod methods;
pub mod qr_view;
pub mod qrcode;
pub mod signup;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Hosted-page routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(qrcode::qrcode_login_page))
        .routes(routes!(qrcode::qrcode_login_complete))
        .routes(routes!(login::login_page))
        .routes(routes!(login::login_password))
        .routes(routes!(login::login_code_send))
        .routes(routes!(login::login_code))
        .routes(routes!(login::signed_in_page))
        .routes(routes!(signup::signup_page, signup::signup_submit))
        .routes(routes!(signup::signup_send_code))
        .routes(routes!(forgot::forgot_page, forgot::forgot_submit))
        .routes(routes!(forgot::forgot_send_code))
}
