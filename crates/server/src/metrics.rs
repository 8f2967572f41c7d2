//! Request metrics: a counter and a latency histogram per (method, route, status), exported
//! as Prometheus text at `/metrics`.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Installs the process-wide recorder once (several in-process servers share it).
pub fn install() {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .inspect_err(|e| tracing::warn!(error = %e, "metrics buckets refused"))
            .ok()?;
        builder
            .install_recorder()
            .inspect_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
            .ok()
    });
}

/// The current metrics in Prometheus text format.
pub fn render() -> String {
    HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}

/// Middleware recording each request.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    metrics::counter!("authgate_http_requests_total",
        "method" => method.clone(), "route" => route.clone(), "status" => status)
    .increment(1);
    metrics::histogram!("authgate_http_request_duration_seconds",
        "method" => method, "route" => route)
    .record(start.elapsed().as_secs_f64());
    resp
}
