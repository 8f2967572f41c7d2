//! The per-request context: request id, message language and which surface (envelope API or
//! protocol endpoint) the request path is on. It lives in a task-local for the request's
//! duration. Language and request id go into every answer; the surface only shapes the
//! answers no handler gave (fallback, timeout, panic) — a handler's failures take the shape of
//! its error type.

use authgate_core::lang::Lang;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;

/// Which family of endpoints a request path is on; decides the shape of answers no handler
/// gave ([`super::error::unrouted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `/api/v3/*`: GenAuth envelope, HTTP 200 even on errors.
    Envelope,
    /// `/oidc/*`, `/oauth/*`: RFC error bodies with RFC statuses.
    Protocol,
    /// Everything else (health, metrics, documents): envelope body with the real HTTP status.
    Other,
}

impl Surface {
    /// The surface of a request path.
    pub fn of_path(path: &str) -> Self {
        if path.starts_with("/api/") || path == "/get-row-batch" {
            Surface::Envelope
        } else if path.starts_with("/oidc") || path.starts_with("/oauth") {
            Surface::Protocol
        } else {
            Surface::Other
        }
    }
}

/// What the response shaping needs to know about the request.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    /// The request id (`x-request-id`).
    pub request_id: String,
    /// Message language.
    pub lang: Lang,
    /// Endpoint family of the path.
    pub surface: Surface,
}

tokio::task_local! {
    static CTX: RequestCtx;
}

/// The current request's context (a neutral one outside a request).
pub fn current() -> RequestCtx {
    CTX.try_with(Clone::clone).unwrap_or(RequestCtx {
        request_id: String::new(),
        lang: Lang::EnUs,
        surface: Surface::Other,
    })
}

/// Middleware: establishes the context and bounds the request's duration.
pub async fn layer(timeout: Duration, req: Request, next: Next) -> Response {
    let ctx = RequestCtx {
        request_id: req
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string(),
        lang: Lang::from_header(
            req.headers()
                .get("x-authing-lang")
                .and_then(|v| v.to_str().ok()),
        ),
        surface: Surface::of_path(req.uri().path()),
    };
    CTX.scope(ctx, async move {
        match tokio::time::timeout(timeout, next.run(req)).await {
            Ok(resp) => resp,
            Err(_) => {
                tracing::warn!("request timed out");
                super::error::unrouted(authgate_core::ApiError::unavailable())
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces() {
        assert_eq!(Surface::of_path("/api/v3/get-user"), Surface::Envelope);
        assert_eq!(Surface::of_path("/oidc/token"), Surface::Protocol);
        assert_eq!(Surface::of_path("/oauth/me"), Surface::Protocol);
        assert_eq!(Surface::of_path("/healthz"), Surface::Other);
    }
}
