//! The CAS endpoints' HTML: error pages for bad login links (never a redirect to an
//! unverified address) and the "signed in" / "signed out" notices, in English and Chinese,
//! built with the shared layout (`templates/error.html`, `templates/notice.html`) and security
//! headers.

use crate::web::branding::Branding;
use crate::web::i18n::{self, Catalogue};
use crate::web::layout::{self, Layout, NoticePage, render};
use crate::web::response;
use authgate_core::lang::Lang;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The CAS texts of one language.
#[derive(Debug)]
pub struct Texts {
    /// Title of the signed-in notice.
    pub signed_in_title: &'static str,
    /// The signed-in notice.
    pub signed_in: &'static str,
    /// Title of the signed-out notice.
    pub signed_out_title: &'static str,
    /// The signed-out notice.
    pub signed_out: &'static str,
    /// Error: CAS is off for the application.
    pub err_cas_disabled: &'static str,
    /// Error: the service is not registered.
    pub err_service_unregistered: &'static str,
    /// Error: `renew` asked for a new sign-in and none happened.
    pub err_renew: &'static str,
}

/// English.
pub const EN_US: Texts = Texts {
    signed_in_title: "Signed in",
    signed_in: "You are signed in. You can close this page.",
    signed_out_title: "Signed out",
    signed_out: "You are signed out. You can close this page.",
    err_cas_disabled: "This application does not accept CAS sign-ins.",
    err_service_unregistered: "The service of this sign-in link is not registered for the application.",
    err_renew: "The application asked you to sign in again, and no new sign-in happened. Start again from the application.",
};

/// Simplified Chinese.
pub const ZH_CN: Texts = Texts {
    signed_in_title: "已登录",
    signed_in: "您已登录，可以关闭此页面。",
    signed_out_title: "已退出",
    signed_out: "您已退出登录，可以关闭此页面。",
    err_cas_disabled: "该应用未开启 CAS 登录。",
    err_service_unregistered: "登录链接中的 service 地址未在该应用中登记。",
    err_renew: "应用要求重新登录，但没有完成新的登录。请从应用重新开始。",
};

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::EnUs => &EN_US,
        Lang::ZhCn => &ZH_CN,
    }
}

/// The visitor's language (`Accept-Language`, else English).
pub fn lang(headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    i18n::negotiate(None, accept)
}

/// Why a CAS login link cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CasPageError {
    /// No such application.
    #[error("unknown application")]
    AppUnknown,
    /// CAS is off for the application.
    #[error("CAS is not enabled for the application")]
    CasDisabled,
    /// The service matches none of the application's redirect URIs.
    #[error("the service is not registered for the application")]
    ServiceUnregistered,
    /// `renew` was asked and the browser came back without a new sign-in.
    #[error("renew asked and no new sign-in happened")]
    RenewNotSatisfied,
    /// Anything else (logged where it happened).
    #[error("internal failure")]
    Internal,
}

impl CasPageError {
    fn message(self, c: &Catalogue, t: &Texts) -> &'static str {
        match self {
            CasPageError::AppUnknown => c.err_app_unknown,
            CasPageError::CasDisabled => t.err_cas_disabled,
            CasPageError::ServiceUnregistered => t.err_service_unregistered,
            CasPageError::RenewNotSatisfied => t.err_renew,
            CasPageError::Internal => c.err_internal,
        }
    }

    /// A bad link is a 400 (an unknown application 404): the page is the answer, and
    /// certainly no redirect — as on the other hosted pages.
    fn status(self) -> StatusCode {
        match self {
            CasPageError::AppUnknown => StatusCode::NOT_FOUND,
            CasPageError::CasDisabled
            | CasPageError::ServiceUnregistered
            | CasPageError::RenewNotSatisfied => StatusCode::BAD_REQUEST,
            CasPageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<crate::http::AppError> for CasPageError {
    fn from(_: crate::http::AppError) -> Self {
        // The cause was logged where the AppError was made.
        CasPageError::Internal
    }
}

impl From<authgate_store::StoreError> for CasPageError {
    fn from(e: authgate_store::StoreError) -> Self {
        crate::http::AppError::from(e).into()
    }
}

/// The error page of `e`.
pub fn error(lang: Lang, e: CasPageError) -> Response {
    tracing::info!(error = %e, "CAS login refused");
    let c = i18n::catalogue(lang);
    let message = e.message(c, texts(lang));
    layout::error(c, &Branding::default(), e.status(), message, None, None)
}

/// A notice page (`title`, `message`) in `brand`, setting `cookies`.
pub fn notice(
    lang: Lang,
    brand: &Branding,
    title: &str,
    message: &str,
    cookies: Vec<String>,
) -> Response {
    let Ok(nonce) = response::nonce() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let c = i18n::catalogue(lang);
    let html = render(&NoticePage {
        l: Layout::new(c, &nonce, brand, title),
        class: "card",
        heading: title,
        message,
    });
    let mut resp = layout::respond(StatusCode::OK, html, nonce, brand);
    for cookie in cookies {
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    resp
}

/// A `302 Found` to `location` (already validated by the caller), setting `cookies`, with the
/// hosted pages' security headers.
pub fn found(location: &str, cookies: &[String]) -> Response {
    let mut resp = response::see_other(location, cookies);
    if resp.status() == StatusCode::SEE_OTHER {
        *resp.status_mut() = StatusCode::FOUND;
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn notices_are_escaped_and_redirects_are_302() {
        let r = notice(
            Lang::EnUs,
            &Branding::default(),
            "<t>",
            "a & b</p><script>alert(1)</script>",
            vec!["c=; Max-Age=0".into()],
        );
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::SET_COOKIE], "c=; Max-Age=0");
        let body = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("<title>&lt;t&gt;</title>"), "{html}");
        assert!(html.contains(
            "<main class=\"card\"><h1>&lt;t&gt;</h1><p>a &amp; b&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p></main>"
        ));
        let r = found("https://a.example/cb?ticket=ST-1", &[]);
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(
            found("bad\nvalue", &[]).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_ne!(EN_US.err_renew, ZH_CN.err_renew);
        assert_eq!(
            CasPageError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}
