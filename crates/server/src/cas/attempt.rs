//! Sign-in attempts: when the CAS login sends the browser to the hosted login page, the `next`
//! it returns to carries `attempt=<random>`, remembered here (hashed) with the time it started.
//! A browser coming back with a live attempt whose SSO session was opened after that time has
//! just presented its credentials: its ticket is `from_new_login`, and a `renew` request is
//! satisfied. An attempt is used once and lives [`ATTEMPT_TTL_MS`].

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_store::ephemeral::Key;
use serde::{Deserialize, Serialize};

/// How long a sign-in may take (ms): 30 minutes.
pub const ATTEMPT_TTL_MS: i64 = 30 * 60 * 1000;

/// A started sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Attempt {
    app_id: String,
    service: Option<String>,
    started_at: i64,
}

fn key(id: &str) -> Key<'_> {
    Key::CasAttempt { id }
}

/// Starts an attempt for `app_id` / `service`; answers its id.
pub async fn start(
    state: &AppState,
    app_id: &str,
    service: Option<&str>,
) -> Result<String, AppError> {
    let id = authgate_core::ids::new_secret_hex(16)?;
    let attempt = Attempt {
        app_id: app_id.to_owned(),
        service: service.map(str::to_owned),
        started_at: state.clock.now_millis(),
    };
    let text = serde_json::to_string(&attempt).map_err(|_| AppError(ApiError::internal()))?;
    state.ephemeral.set(&key(&id), &text, ATTEMPT_TTL_MS).await;
    Ok(id)
}

/// Whether `id` is a live attempt for `app_id` / `service` that a sign-in at `auth_time`
/// completed. The attempt is used up either way.
pub async fn completed(
    state: &AppState,
    id: &str,
    app_id: &str,
    service: Option<&str>,
    auth_time: i64,
) -> bool {
    let Some(raw) = state.ephemeral.take(&key(id)).await else {
        return false;
    };
    let Ok(a) = serde_json::from_str::<Attempt>(&raw) else {
        return false;
    };
    a.app_id == app_id
        && a.service.as_deref() == service
        && auth_time >= a.started_at
        && a.started_at + ATTEMPT_TTL_MS > state.clock.now_millis()
}
