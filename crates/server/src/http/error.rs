//! The one place where results become HTTP responses.
//!
//! The handler's error type decides the shape of its failures:
//! - [`AppError`]: the GenAuth envelope with HTTP 200 (spec §1.7), for the GenAuth API
//!   (`/api/v3`, `/api/v2`, the management calls); handlers return [`AppResult<Data<T>>`] (or
//!   [`Empty`]);
//! - [`OAuthError`]: the RFC 6749 body with its HTTP status, for the protocol endpoints
//!   (`/oidc`, `/oauth`);
//! - [`HttpError`]: the envelope with the real HTTP status, for operations endpoints
//!   (`/readyz`, `/metrics`).
//!
//! Only answers no handler gives — unknown route, wrong method, timeout, panic — go by the
//! request path ([`unrouted`]). The task-local context supplies language and request id.

use super::context::{self, Surface};
use authgate_core::ApiError;
use authgate_proto::Envelope;
use authgate_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Result of a handler.
pub type AppResult<T> = Result<T, AppError>;

/// A failed request.
#[derive(Debug)]
pub struct AppError(pub ApiError);

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        AppError(e)
    }
}

impl From<authgate_core::ids::RandomError> for AppError {
    fn from(e: authgate_core::ids::RandomError) -> Self {
        tracing::error!(error = %e, "random source failed");
        AppError(ApiError::internal())
    }
}

/// Through the store's own mapping (`From<StoreError> for ApiError`), shared with the service.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError(e.into())
    }
}

/// What an answer told its caller: the envelope's `statusCode` and `apiCode` (or the HTTP
/// status of a protocol error). Attached to every response shaped here, so metrics and the
/// request log count a refused `/api/v3` call (HTTP 200) as the refusal it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The envelope's `statusCode` (the HTTP status of a protocol answer).
    pub status_code: u16,
    /// The envelope's `apiCode`, when it has one.
    pub api_code: Option<u32>,
}

impl Outcome {
    /// Whether the answer is a refusal or failure.
    pub fn is_error(self) -> bool {
        self.status_code >= 400
    }
}

fn with_outcome(mut resp: Response, status_code: u16, api_code: Option<u32>) -> Response {
    resp.extensions_mut().insert(Outcome {
        status_code,
        api_code,
    });
    resp
}

/// A successful answer carrying `data`.
#[derive(Debug)]
pub struct Data<T>(pub T);

/// A successful envelope-only answer (no `data`).
#[derive(Debug)]
pub struct Empty;

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn envelope_bytes<T: Serialize>(env: &Envelope<T>) -> Vec<u8> {
    serde_json::to_vec(env).unwrap_or_else(|e| {
        tracing::error!(error = %e, "response serialization failed");
        br#"{"statusCode":500,"message":"Internal server error","apiCode":50000}"#.to_vec()
    })
}

fn success<T: Serialize>(data: Option<T>) -> Response {
    let ctx = context::current();
    let env = Envelope {
        status_code: 200,
        message: String::new(),
        api_code: None,
        request_id: Some(ctx.request_id),
        data,
    };
    with_outcome(
        json_response(StatusCode::OK, envelope_bytes(&env)),
        200,
        None,
    )
}

impl<T: Serialize> IntoResponse for Data<T> {
    fn into_response(self) -> Response {
        success(Some(self.0))
    }
}

impl IntoResponse for Empty {
    fn into_response(self) -> Response {
        success::<()>(None)
    }
}

/// The RFC 6749 `error` code closest to a business status.
fn oauth_error_code(status: u16) -> &'static str {
    match status {
        401 => "invalid_client",
        403 => "access_denied",
        404 => "not_found",
        500 => "server_error",
        501 => "unsupported_operation",
        503 => "temporarily_unavailable",
        _ => "invalid_request",
    }
}

fn http_status(err: &ApiError) -> StatusCode {
    StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST)
}

/// `err` as the envelope, sent with HTTP status `http`.
fn envelope_error(err: ApiError, http: StatusCode) -> Response {
    let ctx = context::current();
    let env = Envelope::<()> {
        status_code: err.status,
        message: err.msg.render(ctx.lang),
        api_code: Some(err.api_code),
        request_id: Some(ctx.request_id),
        data: None,
    };
    with_outcome(
        json_response(http, envelope_bytes(&env)),
        err.status,
        Some(err.api_code),
    )
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        envelope_error(self.0, StatusCode::OK)
    }
}

/// A failed request of an operations endpoint outside the GenAuth API (`/readyz`,
/// `/metrics`): the envelope, with the error's status as the HTTP status, so probes and
/// scrapers that only look at the status see the failure.
#[derive(Debug)]
pub struct HttpError(pub ApiError);

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        HttpError(e.0)
    }
}

impl From<ApiError> for HttpError {
    fn from(e: ApiError) -> Self {
        HttpError(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = http_status(&self.0);
        envelope_error(self.0, status)
    }
}

/// The answer to a failure no handler returned — unknown route, wrong method, timeout, panic —
/// so no handler type can say its shape: it follows the request path's surface instead.
pub fn unrouted(err: ApiError) -> Response {
    match context::current().surface {
        Surface::Envelope => AppError(err).into_response(),
        Surface::Other => HttpError(err).into_response(),
        Surface::Protocol => {
            let status = http_status(&err);
            let body = serde_json::json!({
                "error": oauth_error_code(err.status),
                "error_description": err.msg.render(context::current().lang),
            });
            with_outcome(
                json_response(status, body.to_string().into_bytes()),
                err.status,
                Some(err.api_code),
            )
        }
    }
}

/// An RFC 6749 / 7662 / 7009 error answer of a protocol endpoint (`/oidc`, `/oauth`).
#[derive(Debug)]
pub struct OAuthError {
    /// HTTP status.
    pub status: StatusCode,
    /// The RFC `error` code.
    pub error: &'static str,
    /// Human-readable description.
    pub description: String,
}

impl OAuthError {
    /// An error with status, code and description.
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }

    /// 400 `invalid_request`.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// 400 `invalid_grant`.
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_grant", description)
    }

    /// 401 `invalid_token` (resource endpoints).
    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The access token is invalid, expired or revoked",
        )
    }
}

impl From<AppError> for OAuthError {
    fn from(e: AppError) -> Self {
        let err = e.0;
        let description = err.msg.render(context::current().lang);
        let (status, code) = match err.status {
            // An unknown application is a client authentication failure (RFC 6749 §5.2).
            401 | 404 => (StatusCode::UNAUTHORIZED, "invalid_client"),
            s => (
                StatusCode::from_u16(s).unwrap_or(StatusCode::BAD_REQUEST),
                oauth_error_code(s),
            ),
        };
        OAuthError::new(status, code, description)
    }
}

impl From<ApiError> for OAuthError {
    fn from(e: ApiError) -> Self {
        AppError(e).into()
    }
}

impl From<StoreError> for OAuthError {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl From<authgate_core::ids::RandomError> for OAuthError {
    fn from(e: authgate_core::ids::RandomError) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.error, "error_description": self.description});
        let mut resp = json_response(self.status, body.to_string().into_bytes());
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self.error {
            "invalid_client" => {
                h.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"authgate\""),
                );
            }
            "invalid_token" => {
                h.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            _ => {}
        }
        with_outcome(resp, self.status.as_u16(), None)
    }
}

/// A JSON answer of a protocol endpoint (no envelope, `Cache-Control: no-store`).
#[derive(Debug)]
pub struct NoStoreJson<T>(pub T);

impl<T: Serialize> IntoResponse for NoStoreJson<T> {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut resp = json_response(StatusCode::OK, body);
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp.headers_mut()
            .insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::error::codes;

    #[test]
    fn conflicts_are_answered_per_field() {
        let app = AppError::from(StoreError::Conflict {
            field: "appIdentifier",
        })
        .0;
        assert_eq!(
            (app.status, app.api_code),
            (409, codes::APP_IDENTIFIER_TAKEN)
        );
        for field in ["email", "phone", "username", "externalId"] {
            let user = AppError::from(StoreError::Conflict { field }).0;
            assert_eq!((user.status, user.api_code), (409, codes::USER_EXISTS));
            assert_eq!(
                user.msg,
                authgate_core::messages::Msg::UserAlreadyExists {
                    field: field.into()
                }
            );
        }
    }
}
