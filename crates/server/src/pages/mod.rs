//! Hosted pages: server-rendered HTML for browsers, in English and Chinese, each answered with
//! a strict Content-Security-Policy (inline script and style only with the response's nonce)
//! and the other security headers ([`response`]).
//!
//! - `GET /login/qrcode` — QR login for an application ([`qrcode`]), completed by
//!   `POST /login/qrcode/complete`, which opens the browser's SSO session ([`session`]) and
//!   returns to the application with an authorization code.

pub mod binding;
pub mod cookies;
pub mod error;
pub mod i18n;
pub mod next;
pub mod qrcode;
pub mod response;
pub mod session;
pub mod target;
pub mod templates;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Hosted-page routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(qrcode::qrcode_login_page))
        .routes(routes!(qrcode::qrcode_login_complete))
        .routes(routes!(crate::oidc::logout::profile_logout))
}
