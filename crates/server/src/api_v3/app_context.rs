//! The application (and its user pool) a public authentication call is made for: the
//! `x-authing-app-id` header, or the default application when absent.

use crate::http::AppError;
// Within the API, `app_context::{app_id_header, pool_of}` as before.
pub use crate::http::app_id_header;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::user_pool::UserPool;
pub use authgate_service::apps::pool_of;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// An application and its pool.
#[derive(Debug, Clone)]
pub struct AppContext {
    /// The application.
    pub app: Application,
    /// Its user pool.
    pub pool: UserPool,
}

impl FromRequestParts<AppState> for AppContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let app = match app_id_header(&parts.headers) {
            Some(id) => state.store.get_app(id).await?,
            None => match state.store.default_pool().await? {
                Some(pool) => state.store.default_app(&pool.id).await?,
                None => None,
            },
        }
        .ok_or_else(ApiError::app_not_found)?;
        let pool = pool_of(state, &app).await?;
        Ok(AppContext { app, pool })
    }
}
