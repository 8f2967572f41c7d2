//! Metrics in Prometheus text at `/metrics` (or on a listener of their own, `metrics_listen`;
//! behind a bearer token with `metrics_token`).
//!
//! Requests are counted by what they answered: the envelope's `statusCode` and `apiCode`
//! ([`Outcome`], attached where every answer is shaped), not the HTTP status — a refused
//! `/api/v3` call is HTTP 200. Sign-ins, token requests, code sends and QR-code calls have
//! counters of their own by result ([`operation`]). The database pool and the process are
//! sampled when scraped ([`process`]).

mod operation;
mod process;

use crate::http::HttpError;
use crate::http::error::Outcome;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::token::sha256_hex;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::Label;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::fmt::Write;
use std::sync::OnceLock;
use std::time::Instant;
use subtle::ConstantTimeEq;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Requests by method, route and outcome.
const REQUESTS: &str = "authgate_http_requests_total";
/// Request latency by method and route.
const DURATION: &str = "authgate_http_request_duration_seconds";

/// Installs the process-wide recorder once (several in-process servers share it) and
/// describes every metric (the `# HELP` lines).
pub fn install() {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .inspect_err(|e| tracing::warn!(error = %e, "metrics buckets refused"))
            .ok()?;
        let handle = builder
            .install_recorder()
            .inspect_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
            .ok()?;
        describe();
        Some(handle)
    });
}

fn describe() {
    metrics::describe_counter!(
        REQUESTS,
        "HTTP requests by method, route, answered statusCode (the envelope's, not the HTTP \
         status) and apiCode"
    );
    metrics::describe_histogram!(
        DURATION,
        metrics::Unit::Seconds,
        "Time to answer a request, by method and route"
    );
    operation::describe();
}

/// The current metrics in Prometheus text format: the recorded ones, then the database pool
/// and process samples.
pub fn render(state: &AppState) -> String {
    let mut text = HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
        .unwrap_or_default();
    let pool = state.store.pool_stats();
    gauge(
        &mut text,
        "authgate_db_pool_connections",
        "Open database connections (in use and idle)",
        pool.size.into(),
    );
    gauge(
        &mut text,
        "authgate_db_pool_idle_connections",
        "Idle database connections",
        pool.idle as f64,
    );
    gauge(
        &mut text,
        "authgate_db_pool_max_connections",
        "Largest database pool size (database_max_connections)",
        pool.max.into(),
    );
    process::render(&mut text);
    text
}

/// The `/metrics` answer: the text, or 401 when `metrics_token` is set and the request does
/// not present it as a bearer token.
pub fn endpoint(state: &AppState, headers: &HeaderMap) -> Response {
    if !authorized(state.config.metrics_token.as_deref(), headers) {
        let mut resp = HttpError(ApiError::not_logged_in()).into_response();
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"metrics\""),
        );
        return resp;
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        render(state),
    )
        .into_response()
}

/// Whether `headers` carry the bearer token `expected` (anything passes when none is set).
/// Compared as SHA-256 digests in constant time, so neither the content nor the length of the
/// token leaks through timing.
fn authorized(expected: Option<&str>, headers: &HeaderMap) -> bool {
    let Some(expected) = expected.filter(|t| !t.is_empty()) else {
        return true;
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .unwrap_or_default();
    sha256_hex(presented)
        .as_bytes()
        .ct_eq(sha256_hex(expected).as_bytes())
        .into()
}

/// Appends one gauge with its `# HELP` and `# TYPE` lines.
fn gauge(text: &mut String, name: &str, help: &str, value: f64) {
    sample(text, name, "gauge", help, value);
}

/// Appends one sample of `kind` with its `# HELP` and `# TYPE` lines.
fn sample(text: &mut String, name: &str, kind: &str, help: &str, value: f64) {
    let _ = write!(
        text,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n\n"
    );
}

/// Middleware recording each request by its outcome.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let resp = next.run(req).await;
    let outcome = resp
        .extensions()
        .get::<Outcome>()
        .copied()
        .unwrap_or(Outcome {
            status_code: resp.status().as_u16(),
            api_code: None,
        });
    let mut labels = vec![
        Label::new("method", method.clone()),
        Label::new("route", route.clone()),
        Label::new("status", outcome.status_code.to_string()),
    ];
    labels.extend(api_code_label(outcome));
    metrics::counter!(REQUESTS, labels).increment(1);
    metrics::histogram!(DURATION, "method" => method, "route" => route.clone())
        .record(start.elapsed().as_secs_f64());
    operation::count(&route, outcome);
    resp
}

/// The `api_code` label of an outcome that has one.
fn api_code_label(outcome: Outcome) -> Option<Label> {
    outcome
        .api_code
        .map(|code| Label::new("api_code", code.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_checked_when_set() {
        let mut headers = HeaderMap::new();
        assert!(authorized(None, &headers));
        assert!(!authorized(Some("s3cret"), &headers));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer nope"),
        );
        assert!(!authorized(Some("s3cret"), &headers));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(!authorized(Some("s3cret"), &headers));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer s3cret"),
        );
        assert!(authorized(Some("s3cret"), &headers));
    }
}
