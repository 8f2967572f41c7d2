//! The authentication API (`AuthenticationClient` of the official SDKs) under `/api/v3`.

pub mod app_context;
pub mod login;
pub mod signin;
pub mod signup;
pub mod system;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Authentication API routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signin::signin))
        .routes(routes!(signup::signup))
        .routes(routes!(system::system))
}
