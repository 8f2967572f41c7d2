//! Push codes in the ephemeral store: creation, compare-and-set transitions, the answer claim,
//! and the consuming read that hands the token set out once.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::push::{PushCode, PushStatus};
use authgate_proto::push::PushStatusData;
use authgate_proto::tokens::TokenSet;
use authgate_store::ephemeral::{Key, Topic};
use serde::{Deserialize, Serialize};

/// How long a finished or expired code stays readable after its validity (ms).
const RETENTION_MS: i64 = 10 * 60 * 1000;

/// How long an answer may hold its claim (ms); a crashed node frees it by expiry.
const CLAIM_MS: i64 = 30 * 1000;

/// How often a consuming read retries when another reader changed the record first.
const CAS_ATTEMPTS: usize = 5;

/// The message published on a code's topic at each change: not a status, so stream
/// followers re-read through [`poll`] (which hands the tokens out once) instead of trusting
/// the message.
pub const NUDGE: &str = "changed";

/// What is stored per code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredPush {
    /// The code and its answer.
    pub code: PushCode,
    /// The account the web side named (for the login history).
    pub account: String,
    /// Name of the application that asked.
    pub app_name: String,
    /// IP address of the web side that asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// User agent of the web side that asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Merged into the user's custom data on confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<serde_json::Value>,
    /// `options.context` as given (kept, not interpreted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<serde_json::Value>,
    /// Minted on CONFIRM; removed when handed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_set: Option<TokenSet>,
}

fn key(id: &str) -> Key<'_> {
    Key::PushCode { id }
}

fn claim_key(id: &str) -> Key<'_> {
    Key::PushClaim { id }
}

/// The topic a code's changes are published on (as [`NUDGE`]s).
pub fn topic(id: &str) -> Topic<'_> {
    Topic::PushCode { id }
}

fn encode<T: Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|_| ApiError::internal())
}

fn ttl(p: &StoredPush, now: i64) -> i64 {
    (p.code.expires_at - now).max(0) + RETENTION_MS
}

/// Stores a new code.
pub async fn create(state: &Services, p: &StoredPush) -> Result<(), ApiError> {
    let now = state.clock.now_millis();
    state
        .ephemeral
        .set(&key(&p.code.id), &encode(p)?, ttl(p, now))
        .await;
    Ok(())
}

/// Reads a code with its raw stored text (for compare-and-set).
pub async fn load(state: &Services, id: &str) -> Option<(StoredPush, String)> {
    let raw = state.ephemeral.get(&key(id)).await?;
    let p = serde_json::from_str(&raw).ok()?;
    Some((p, raw))
}

/// Replaces `old_raw` with `next` atomically, without telling anyone; false when someone else
/// changed the code first.
async fn swap(state: &Services, old_raw: &str, next: &StoredPush) -> Result<bool, ApiError> {
    let now = state.clock.now_millis();
    Ok(state
        .ephemeral
        .cas(&key(&next.code.id), old_raw, &encode(next)?, ttl(next, now))
        .await)
}

/// Replaces `old_raw` with `next` atomically and nudges the code's followers; false when
/// someone else changed the code first.
pub async fn replace(state: &Services, old_raw: &str, next: &StoredPush) -> Result<bool, ApiError> {
    if !swap(state, old_raw, next).await? {
        return Ok(false);
    }
    state.ephemeral.publish(&topic(&next.code.id), NUDGE).await;
    Ok(true)
}

/// The right to answer a code: one answer at a time, so two devices (or a confirm and a
/// cancel) can never both mint.
#[derive(Debug)]
pub struct Claim {
    id: String,
    owner: String,
}

/// Claims the answer of code `id`; `None` when another answer holds it.
pub async fn claim(state: &Services, id: &str) -> Result<Option<Claim>, ApiError> {
    let c = Claim {
        id: id.to_string(),
        owner: authgate_core::ids::new_secret_hex(16)?,
    };
    Ok(state
        .ephemeral
        .set_nx(&claim_key(&c.id), &c.owner, CLAIM_MS)
        .await
        .then_some(c))
}

/// Gives a claim back.
pub async fn release(state: &Services, c: Claim) {
    state.ephemeral.del_if_eq(&claim_key(&c.id), &c.owner).await;
}

/// The status of code `id` as of now, **consuming** the token set: the first read after
/// CONFIRM takes it out of the record with a compare-and-set, so exactly one caller — a poll
/// or a stream, on any node — receives it; every later read answers AUTHORIZED alone
/// (spec §7 item 9). Unknown or forgotten codes report `ERROR` (spec §7 item 8).
pub async fn poll(state: &Services, id: &str) -> Result<PushStatusData, ApiError> {
    for _ in 0..CAS_ATTEMPTS {
        let Some((p, raw)) = load(state, id).await else {
            return Ok(PushStatusData::of(PushStatus::Error));
        };
        let status = p.code.status(state.clock.now_millis());
        let Some(tokens) = p
            .token_set
            .clone()
            .filter(|_| status == PushStatus::Authorized)
        else {
            return Ok(PushStatusData::of(status));
        };
        let taken = StoredPush {
            token_set: None,
            ..p
        };
        if swap(state, &raw, &taken).await? {
            return Ok(PushStatusData {
                status,
                token_set: Some(tokens),
            });
        }
    }
    // Other readers kept winning: one of them has the tokens.
    Ok(PushStatusData::of(PushStatus::Authorized))
}
