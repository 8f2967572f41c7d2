//! Service tickets: `ST-` followed by 256 random bits (hex), issued after a sign-in or from the
//! SSO session, bound to the application and the service, valid [`TICKET_TTL_MS`] by the
//! server's clock and good for one validation attempt (taken atomically from the ephemeral
//! store whatever the outcome, as CAS requires). Only the ticket's SHA-256 is a key:
//! `cas-st:{sha256(ticket)}` → JSON [`ServiceTicket`].

use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_store::ephemeral::Key;
use serde::{Deserialize, Serialize};

/// Validity of a ticket (ms): 5 minutes.
pub const TICKET_TTL_MS: i64 = 5 * 60 * 1000;
/// The prefix of a service ticket.
pub const PREFIX: &str = "ST-";

/// What a ticket stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceTicket {
    /// The application it was issued for.
    pub app_id: String,
    /// The service it was issued for (compared exactly at validation).
    pub service: String,
    /// The signed-in user.
    pub user_id: String,
    /// The user's pool.
    pub pool_id: String,
    /// Whether it was issued right after the user presented credentials (not from the SSO
    /// session): what `renew=true` at validation demands.
    pub from_new_login: bool,
    /// End of validity (ms).
    pub expires_at: i64,
}

fn key(ticket: &str) -> Key<'_> {
    Key::CasServiceTicket { ticket }
}

/// Issues a ticket for `grant` (its `expires_at` is set here).
pub async fn issue(state: &AppState, mut grant: ServiceTicket) -> Result<String, AppError> {
    let ticket = format!("{PREFIX}{}", authgate_core::ids::new_secret_hex(32)?);
    grant.expires_at = state.clock.now_millis() + TICKET_TTL_MS;
    let text = serde_json::to_string(&grant).map_err(|_| AppError(ApiError::internal()))?;
    state
        .ephemeral
        .set(&key(&ticket), &text, TICKET_TTL_MS)
        .await;
    Ok(ticket)
}

/// Takes `ticket` out of the store: its grant when it existed and has not expired. Whatever
/// the answer, the ticket cannot be presented again.
pub async fn take(state: &AppState, ticket: &str) -> Option<ServiceTicket> {
    if !ticket.starts_with(PREFIX) {
        return None;
    }
    let raw = state.ephemeral.take(&key(ticket)).await?;
    let grant: ServiceTicket = serde_json::from_str(&raw).ok()?;
    (grant.expires_at > state.clock.now_millis()).then_some(grant)
}
