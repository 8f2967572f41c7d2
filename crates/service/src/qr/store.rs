//! QR codes in the ephemeral store, and their status views.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::qrcode::{QrCode, QrState, QrStatus};
use authgate_core::user_pool::UserPool;
use authgate_proto::qrcode::{BriefUserInfo, QrStatusData};
use authgate_proto::tokens::TokenSet;
use authgate_store::ephemeral::{Key, Topic};
use serde::{Deserialize, Serialize};

/// How long a finished or expired code stays readable after its validity (ms).
const RETENTION_MS: i64 = 10 * 60 * 1000;

/// What is stored: the code, plus what AUTHORIZED hands to the web side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredQr {
    /// The code and its state.
    pub code: QrCode,
    /// The ticket (minted on CONFIRM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The token set (on CONFIRM, when the pool returns full user info to the web poll).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_set: Option<TokenSet>,
    /// Name and photo of the user who scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief_user_info: Option<BriefUserInfo>,
}

impl StoredQr {
    /// The view as of `now`.
    pub fn view(&self, now: i64) -> QrStatusData {
        let status = self.code.status(now);
        let authorized = status == QrStatus::Authorized;
        QrStatusData {
            status,
            brief_user_info: match status {
                QrStatus::Scanned | QrStatus::Authorized | QrStatus::Cancelled => {
                    self.brief_user_info.clone()
                }
                _ => None,
            },
            ticket: self.ticket.clone().filter(|_| authorized),
            token_set: self.token_set.clone().filter(|_| authorized),
        }
    }
}

fn key(id: &str) -> Key<'_> {
    Key::QrCode { id }
}

/// The topic a code's changes are published on.
pub fn topic(id: &str) -> Topic<'_> {
    Topic::QrCode { id }
}

fn encode(q: &StoredQr) -> Result<String, ApiError> {
    serde_json::to_string(q).map_err(|_| ApiError::internal())
}

/// Stores a new code.
pub async fn create(state: &Services, q: &StoredQr) -> Result<(), ApiError> {
    let ttl = q.code.expires_at - state.clock.now_millis() + RETENTION_MS;
    state
        .ephemeral
        .set(&key(&q.code.id), &encode(q)?, ttl)
        .await;
    Ok(())
}

/// Creates and stores a new PENDING code shown by application `app_id` of `pool`, valid for
/// the pool's `qrcodeLoginStrategy.qrcodeExpiresIn` (`gene-qrcode` and the hosted login page).
pub async fn issue(
    state: &Services,
    pool: &UserPool,
    app_id: &str,
    custom_data: Option<serde_json::Value>,
) -> Result<QrCode, ApiError> {
    let now = state.clock.now_millis();
    let validity = pool.settings.qrcode_login_strategy.qrcode_expires_in.max(1);
    let code = QrCode {
        id: authgate_core::ids::new_secret_hex(16)?,
        pool_id: pool.id.clone(),
        app_id: app_id.to_string(),
        created_at: now,
        expires_at: now + validity * 1000,
        custom_data,
        state: QrState::Pending,
    };
    let stored = StoredQr {
        code,
        ticket: None,
        token_set: None,
        brief_user_info: None,
    };
    create(state, &stored).await?;
    Ok(stored.code)
}

/// Reads a code with its raw stored text (for compare-and-set).
pub async fn load(state: &Services, id: &str) -> Option<(StoredQr, String)> {
    let raw = state.ephemeral.get(&key(id)).await?;
    let q = serde_json::from_str(&raw).ok()?;
    Some((q, raw))
}

/// Replaces `old_raw` with `next` atomically and publishes the new view; false when someone
/// else changed the code first.
pub async fn replace(state: &Services, old_raw: &str, next: &StoredQr) -> Result<bool, ApiError> {
    let now = state.clock.now_millis();
    let ttl = (next.code.expires_at - now).max(0) + RETENTION_MS;
    let id = &next.code.id;
    if !state
        .ephemeral
        .cas(&key(id), old_raw, &encode(next)?, ttl)
        .await
    {
        return Ok(false);
    }
    // Tokens are never broadcast: watchers get a nudge and collect them through `deliver`,
    // which hands them out once.
    let message = if next.token_set.is_some() {
        NUDGE.to_string()
    } else {
        serde_json::to_string(&next.view(now)).map_err(|_| ApiError::internal())?
    };
    state.ephemeral.publish(&topic(id), &message).await;
    Ok(true)
}

/// What is published when watchers must re-read (not a status).
const NUDGE: &str = "changed";

/// The view a web poller or stream receives. A token set (pool flag `returnFullUserInfo`) is
/// handed out once: the delivery that carries it removes it from the record atomically, later
/// ones answer AUTHORIZED without tokens.
pub async fn deliver(state: &Services, id: &str) -> QrStatusData {
    for _ in 0..3 {
        let Some((q, raw)) = load(state, id).await else {
            return QrStatusData::of(QrStatus::Error);
        };
        let now = state.clock.now_millis();
        let view = q.view(now);
        if view.token_set.is_none() {
            return view;
        }
        let taken = StoredQr {
            token_set: None,
            ..q.clone()
        };
        let ttl = (q.code.expires_at - now).max(0) + RETENTION_MS;
        match encode(&taken) {
            Ok(text) if state.ephemeral.cas(&key(id), &raw, &text, ttl).await => return view,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    view(state, id).await
}

/// The current view of a code (spec §7 item 8: an unknown or forgotten code reports the
/// status ERROR, not an error envelope, which keeps pollers simple).
pub async fn view(state: &Services, id: &str) -> QrStatusData {
    match load(state, id).await {
        Some((q, _)) => q.view(state.clock.now_millis()),
        None => QrStatusData::of(QrStatus::Error),
    }
}
