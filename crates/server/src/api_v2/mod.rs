//! The `/api/v2` routes GenAuth's Guard widget (`@authing/guard`) loads before anything else:
//! the application's public configuration. The rest of the V2 API is not served.

pub mod public_config;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The `/api/v2` routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_config::public_config))
}
