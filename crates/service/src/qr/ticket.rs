//! QR tickets: minted on CONFIRM, exchanged once for a TokenSet by the application that showed
//! the code. Kept past their validity (as used / expired records) so every misuse gets its own
//! clear answer: unknown, expired, used, or issued to another application.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_store::ephemeral::Key;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// How long a ticket's record outlives its validity, to tell "expired" and "used" from unknown.
const TOMBSTONE_MS: i64 = 60 * 60 * 1000;

/// What a ticket stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketGrant {
    /// The user who confirmed.
    pub user_id: String,
    /// The application that showed the code.
    pub app_id: String,
    /// The pool.
    pub pool_id: String,
    /// End of validity (ms).
    pub expires_at: i64,
    /// Redeemed already.
    pub used: bool,
}

/// Why an exchange is refused, or that it could not be checked.
#[derive(Debug)]
pub enum TicketError {
    /// Never issued (or long gone).
    Unknown,
    /// Past its validity.
    Expired,
    /// Redeemed before.
    Used,
    /// Issued to another application.
    OtherApp,
    /// The check itself failed (logged where it happened).
    Failed(ApiError),
}

impl From<ApiError> for TicketError {
    fn from(e: ApiError) -> Self {
        TicketError::Failed(e)
    }
}

impl From<TicketError> for ApiError {
    fn from(e: TicketError) -> Self {
        let msg = match e {
            TicketError::Unknown => Msg::TicketUnknown,
            TicketError::Expired => Msg::TicketExpired,
            TicketError::Used => Msg::TicketUsed,
            TicketError::OtherApp => Msg::TicketOtherApp,
            TicketError::Failed(e) => return e,
        };
        msg.into()
    }
}

fn key(ticket: &str) -> Key<'_> {
    Key::QrTicket { ticket }
}

/// Mints a ticket for `grant` (≥ 256 random bits).
pub async fn mint(state: &Services, grant: &TicketGrant) -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    authgate_core::ids::fill_random(&mut b)?;
    let ticket = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let ttl = grant.expires_at - state.clock.now_millis() + TOMBSTONE_MS;
    let text = serde_json::to_string(grant).map_err(|_| ApiError::internal())?;
    state.ephemeral.set(&key(&ticket), &text, ttl).await;
    Ok(ticket)
}

/// Redeems `ticket` for `app_id`: at most once, within its validity.
pub async fn redeem(
    state: &Services,
    ticket: &str,
    app_id: &str,
) -> Result<TicketGrant, TicketError> {
    let k = key(ticket);
    let Some(raw) = state.ephemeral.get(&k).await else {
        return Err(TicketError::Unknown);
    };
    let Ok(grant) = serde_json::from_str::<TicketGrant>(&raw) else {
        return Err(TicketError::Unknown);
    };
    if grant.used {
        return Err(TicketError::Used);
    }
    if grant.expires_at <= state.clock.now_millis() {
        return Err(TicketError::Expired);
    }
    if grant.app_id != app_id {
        return Err(TicketError::OtherApp);
    }
    let used = TicketGrant {
        used: true,
        ..grant.clone()
    };
    let text = serde_json::to_string(&used).map_err(|_| ApiError::internal())?;
    // Only one of two concurrent exchanges wins the compare-and-set.
    if !state.ephemeral.cas(&k, &raw, &text, TOMBSTONE_MS).await {
        return Err(TicketError::Used);
    }
    Ok(grant)
}
