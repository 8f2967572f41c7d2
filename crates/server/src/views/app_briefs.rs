//! The briefs of the applications a list names, read once per application.

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::application::Application;
use std::collections::HashMap;

/// What the logs show of an application, looked up once per request.
#[derive(Debug, Clone, Default)]
pub struct AppBrief {
    /// Name.
    pub name: String,
    /// Logo.
    pub logo: String,
    /// Sign-in URL (`initLoginUri`).
    pub login_url: String,
}

/// Applications of one pool by id, each read from the store at most once.
#[derive(Debug)]
pub struct AppBriefs<'a> {
    state: &'a AppState,
    pool_id: &'a str,
    seen: HashMap<String, Option<AppBrief>>,
}

impl<'a> AppBriefs<'a> {
    /// An empty cache for `pool_id`.
    pub fn new(state: &'a AppState, pool_id: &'a str) -> Self {
        Self {
            state,
            pool_id,
            seen: HashMap::new(),
        }
    }

    /// The application's brief; `None` when it does not exist (any more) in the pool.
    pub async fn get(&mut self, app_id: &str) -> Result<Option<AppBrief>, AppError> {
        if let Some(b) = self.seen.get(app_id) {
            return Ok(b.clone());
        }
        let app = self.state.store.get_app(app_id).await?;
        let brief = app
            .filter(|a| a.pool_id == self.pool_id)
            .map(|a: Application| AppBrief {
                name: a.name,
                logo: a.logo.unwrap_or_default(),
                login_url: a.settings.init_login_uri.unwrap_or_default(),
            });
        self.seen.insert(app_id.to_string(), brief.clone());
        Ok(brief)
    }
}
