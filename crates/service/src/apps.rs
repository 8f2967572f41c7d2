//! The application a call is made for, and its user pool.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::user_pool::UserPool;

/// The pool of `app` (404 when it is gone).
pub async fn pool_of(state: &Services, app: &Application) -> Result<UserPool, ApiError> {
    state
        .store
        .get_pool(&app.pool_id)
        .await?
        .ok_or_else(ApiError::user_pool_not_found)
}
