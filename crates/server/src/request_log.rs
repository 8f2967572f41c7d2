//! The request log: one span per request and one event when it is answered, with typed
//! fields — `http_status`, the envelope's `status_code` and `api_code` ([`Outcome`]; a refused
//! `/api/v3` call is HTTP 200 but logged as the refusal it is), `latency_ms` as a number — and
//! who asked: `client_ip`, `app_id` (the `x-authing-app-id` header) and `user_id` (recorded by
//! [`record_user`] once a handler knows the user). The path only, never the query string,
//! headers or bodies: those carry tokens, codes and passwords.

use crate::http::error::Outcome;
use axum::extract::Request;
use axum::response::Response;
use std::time::Duration;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;

/// Longest `app_id` logged (the header is the client's to fill).
const MAX_APP_ID: usize = 64;

/// The tracing layer with its span maker and response logger.
type Layer<M, R> = TraceLayer<SharedClassifier<ServerErrorsAsFailures>, M, (), R>;

/// The tracing layer of the router.
pub fn layer(
    trust_proxy_headers: bool,
) -> Layer<impl Fn(&Request) -> Span + Clone, impl Fn(&Response, Duration, &Span) + Clone> {
    TraceLayer::new_for_http()
        .make_span_with(move |req: &Request| span(req, trust_proxy_headers))
        .on_request(())
        .on_response(|resp: &Response, latency: Duration, _span: &Span| answered(resp, latency))
}

fn span(req: &Request, trust_proxy_headers: bool) -> Span {
    let headers = req.headers();
    let id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let app_id = headers
        .get("x-authing-app-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= MAX_APP_ID && v.chars().all(|c| c.is_ascii_alphanumeric()));
    let ip = crate::client_ip::of_request(headers, req.extensions(), trust_proxy_headers);
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = %id,
        client_ip = ip,
        app_id,
        user_id = tracing::field::Empty,
    )
}

/// Logs the answer: INFO, WARN for a server-side failure (5xx outcome).
fn answered(resp: &Response, latency: Duration) {
    let http_status = resp.status().as_u16();
    let outcome = resp.extensions().get::<Outcome>().copied();
    let status_code = outcome.map_or(http_status, |o| o.status_code);
    let api_code = outcome.and_then(|o| o.api_code);
    let latency_ms = latency.as_secs_f64() * 1000.0;
    if status_code >= 500 {
        tracing::warn!(
            http_status,
            status_code,
            api_code,
            latency_ms,
            "request failed"
        );
    } else {
        tracing::info!(http_status, status_code, api_code, latency_ms, "answered");
    }
}

/// Records the user a request acts as in its log span (an id, never a name or contact).
pub fn record_user(user_id: &str) {
    Span::current().record("user_id", user_id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use std::sync::{Arc, Mutex};

    /// A writer collecting the log in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_refusal_is_logged_with_typed_fields_and_who_asked() {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let req = Request::builder()
                .uri("/api/v3/signin?secret=never-logged")
                .header("x-authing-app-id", "app123")
                .header("x-forwarded-for", "203.0.113.9, 10.0.0.1")
                .body(Body::empty())
                .unwrap();
            let span = span(&req, true);
            let _entered = span.enter();
            record_user("user42");
            let mut resp = Response::new(Body::empty());
            resp.extensions_mut().insert(Outcome {
                status_code: 401,
                api_code: Some(2333),
            });
            answered(&resp, Duration::from_micros(1500));
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(!text.contains("never-logged"), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour codes: {text}");
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["http_status"], 200, "{line}");
        assert_eq!(line["status_code"], 401);
        assert_eq!(line["api_code"], 2333);
        assert_eq!(line["latency_ms"].as_f64(), Some(1.5));
        let span = &line["span"];
        assert_eq!(span["client_ip"], "203.0.113.9", "{line}");
        assert_eq!(span["app_id"], "app123");
        assert_eq!(span["user_id"], "user42");
        assert_eq!(span["path"], "/api/v3/signin");
    }
}
