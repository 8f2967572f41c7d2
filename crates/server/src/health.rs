//! Liveness, readiness, metrics and the OpenAPI document.

use crate::http::{AppError, Data, HttpError};
use crate::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Operational routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
        .routes(routes!(openapi_json))
}

/// `{status}`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Envelope; data: {status: ok}", body = Health)))]
pub async fn healthz() -> Data<Health> {
    Data(Health { status: "ok" })
}

/// The database (and Redis, when configured) answer (503 envelope otherwise).
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Envelope; data: {status: ok}", body = Health),
              (status = 503, description = "Database unreachable")))]
pub async fn readyz(State(state): State<AppState>) -> Result<Data<Health>, HttpError> {
    state.store.ping().await.map_err(AppError::from)?;
    if !state.ephemeral.ping().await {
        return Err(authgate_core::ApiError::unavailable().into());
    }
    Ok(Data(Health { status: "ok" }))
}

/// Prometheus text: requests by route and outcome, sign-in / token / code / QR counters,
/// database pool and process samples. Not here when `metrics_listen` gives it a listener of
/// its own; behind `metrics_token` when set.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"),
              (status = 401, description = "metrics_token set and not presented"),
              (status = 404, description = "Served on metrics_listen instead")))]
pub async fn metrics(
    State(state): State<AppState>,
    dedicated: Option<Extension<DedicatedListener>>,
    headers: HeaderMap,
) -> Response {
    if state.config.metrics_listen.is_some() && dedicated.is_none() {
        let uri = axum::http::Uri::from_static("/metrics");
        return crate::http::fallback::not_found(axum::http::Method::GET, uri)
            .await
            .into_response();
    }
    crate::metrics::endpoint(&state, &headers)
}

/// Marks the requests of the separate metrics listener (`metrics_listen`).
#[derive(Debug, Clone, Copy)]
pub struct DedicatedListener;

/// The service of the separate metrics listener: `/metrics` only.
pub fn metrics_listener(state: AppState) -> axum::Router {
    let (router, _doc) = OpenApiRouter::new()
        .routes(routes!(metrics))
        .split_for_parts();
    router.layer(Extension(DedicatedListener)).with_state(state)
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 document of every route")))]
pub async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> impl IntoResponse {
    axum::Json(doc.as_ref().clone())
}
