//! Liveness, readiness, metrics and the OpenAPI document.

use crate::http::{AppResult, Data};
use crate::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
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
pub async fn readyz(State(state): State<AppState>) -> AppResult<Data<Health>> {
    state.store.ping().await?;
    if !state.ephemeral.ping().await {
        return Err(authgate_core::ApiError::unavailable().into());
    }
    Ok(Data(Health { status: "ok" }))
}

/// Prometheus text: request counts and latency histograms by route.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::render(),
    )
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 document of every route")))]
pub async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> impl IntoResponse {
    axum::Json(doc.as_ref().clone())
}
