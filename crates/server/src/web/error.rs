//! Why a hosted page cannot go on. Every failure is shown as an HTML page in the visitor's
//! language — never an API envelope, never a redirect to an unverified address.

use super::i18n::Catalogue;
use crate::http::AppError;
use axum::http::StatusCode;

/// Why a completion is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BindingError {
    /// The request carries no binding cookie.
    #[error("no binding cookie")]
    NoCookie,
    /// The form's token differs from the cookie's.
    #[error("CSRF token mismatch")]
    CsrfMismatch,
    /// The cookie names no live interaction (expired, used, or never issued).
    #[error("no live interaction for the cookie")]
    Unknown,
    /// The interaction showed another code.
    #[error("the code was shown in another browser")]
    OtherCode,
}

/// A failure of a hosted page (the message is for logs; visitors read the catalogue's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// `app_id` is missing.
    #[error("app_id is missing")]
    AppMissing,
    /// No such application.
    #[error("unknown application")]
    AppUnknown,
    /// The application has no registered redirect URI.
    #[error("the application has no registered redirect URI")]
    NoRedirectUri,
    /// `redirect_uri` is not one of the application's (exact match).
    #[error("redirect_uri is not registered for the application")]
    RedirectMismatch,
    /// A parameter is malformed.
    #[error("malformed parameter {0}")]
    BadRequest(&'static str),
    /// The CSRF token or the browser binding is missing or wrong.
    #[error("refused completion: {0}")]
    Forged(#[from] BindingError),
    /// The code is not confirmed, or was completed already.
    #[error("the QR code is not confirmed or was already used")]
    NotConfirmed,
    /// The user may no longer sign in.
    #[error("the user cannot sign in")]
    UserUnavailable,
    /// Too many requests from this address.
    #[error("rate limited")]
    RateLimited,
    /// Anything else (logged where it happened).
    #[error("internal failure")]
    Internal,
}

impl PageError {
    /// The visitor's message.
    pub fn message(&self, c: &Catalogue) -> &'static str {
        match self {
            PageError::AppMissing => c.err_app_missing,
            PageError::AppUnknown => c.err_app_unknown,
            PageError::NoRedirectUri => c.err_no_redirect,
            PageError::RedirectMismatch => c.err_redirect_mismatch,
            PageError::BadRequest(_) => c.err_bad_request,
            PageError::Forged(_) => c.err_forged,
            PageError::NotConfirmed => c.err_not_confirmed,
            PageError::UserUnavailable => c.err_user_unavailable,
            PageError::RateLimited => c.err_rate_limited,
            PageError::Internal => c.err_internal,
        }
    }

    /// The HTTP status of the error page: a misconfigured sign-in link is a 400 (an unknown
    /// application 404) — the page is the answer, and certainly no redirect.
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::AppUnknown => StatusCode::NOT_FOUND,
            PageError::AppMissing
            | PageError::NoRedirectUri
            | PageError::RedirectMismatch
            | PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Forged(_) | PageError::UserUnavailable => StatusCode::FORBIDDEN,
            PageError::NotConfirmed => StatusCode::CONFLICT,
            PageError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether trying the same sign-in again may work (the page then offers a retry link).
    pub fn retryable(&self) -> bool {
        !matches!(
            self,
            PageError::AppMissing
                | PageError::AppUnknown
                | PageError::NoRedirectUri
                | PageError::RedirectMismatch
                | PageError::BadRequest(_)
        )
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        // The cause was logged where the AppError was made.
        match e.0.status {
            429 => PageError::RateLimited,
            _ => PageError::Internal,
        }
    }
}

impl From<authgate_core::ApiError> for PageError {
    fn from(e: authgate_core::ApiError) -> Self {
        AppError(e).into()
    }
}

impl From<authgate_store::StoreError> for PageError {
    fn from(e: authgate_store::StoreError) -> Self {
        AppError::from(e).into()
    }
}
