//! Static assets served by authgate itself (no external CDN): the default avatar.

use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use authgate_service::avatar::{DEFAULT_AVATAR_PATH, default_avatar_url};

const DEFAULT_AVATAR: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="#d8dee9"/><circle cx="32" cy="25" r="11" fill="#8894a8"/><path d="M12 54c3-11 11-17 20-17s17 6 20 17" fill="#8894a8"/></svg>"##;

/// Asset routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(default_avatar))
}

/// The default avatar (SVG).
#[utoipa::path(get, path = "/assets/default-avatar.svg", tag = "operations",
    responses((status = 200, description = "SVG image", content_type = "image/svg+xml")))]
pub async fn default_avatar() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        DEFAULT_AVATAR,
    )
}
