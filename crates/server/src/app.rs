//! The router: every route (documented by construction — routes are only added through
//! `utoipa_axum::routes!`, so a path cannot be served without appearing in `/openapi.json`)
//! and the middleware stack.

use crate::http::{context, fallback, normalize};
use crate::openapi::ApiDoc;
use crate::state::AppState;
use crate::{api_v2, api_v3, assets, cors, health, metrics, mgmt, oidc, pages};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware;
use std::sync::Arc;
use std::time::Duration;
use tower::Layer;
use tower::util::MapRequestLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Limits applied to every request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest request body (bytes).
    pub body_bytes: usize,
    /// Longest request.
    pub timeout: Duration,
}

/// Every route with its OpenAPI document (before middleware).
pub fn routes(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(mgmt::router(state.clone()))
        .merge(api_v3::router())
        .merge(api_v2::router())
        .merge(oidc::router())
        .merge(health::router())
        .merge(assets::router())
        .merge(pages::router())
        .merge(crate::cas::router())
        .split_for_parts()
}

/// The complete service: path normalisation in front of the router and its middleware.
pub fn build(
    state: AppState,
    limits: Limits,
) -> impl tower::Service<
    Request,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send
+ 'static {
    metrics::install();
    let (router, doc) = routes(&state);
    let cors = cors::Cors::new(
        state.clone(),
        api_v3::router().split_for_parts().1.paths.paths.into_keys(),
        limits.body_bytes,
        limits.timeout,
    );
    let timeout = limits.timeout;
    let router = router
        .fallback(fallback::not_found)
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .layer(axum::Extension(Arc::new(doc)))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("a handler panicked");
            crate::http::error::unrouted(authgate_core::ApiError::internal())
        }))
        .layer(middleware::from_fn(metrics::track))
        .layer(middleware::from_fn(move |req, next| {
            context::layer(timeout, req, next)
        }))
        .layer(crate::request_log::layer(state.config.trust_proxy_headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(cors, cors::layer))
        .with_state(state);
    MapRequestLayer::new(normalize::normalize_path).layer(router)
}
