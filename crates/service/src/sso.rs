//! The browser's single sign-on sessions, one per user pool, opened when a hosted page signs a
//! user in.
//!
//! A browser is named by a random browser id (256 bits, hex; the server keeps it in a cookie).
//! Only its SHA-256 is stored, in the database (table `sso_sessions`, one row per browser and
//! pool: `{user_id, pool_id, auth_time, expires_at, handle}`), so a restart without Redis keeps
//! browsers signed in; an entry lives [`SESSION_TTL_MS`] from its sign-in and is not read after.
//! Each sign-in opens a new browser id (and forgets the one the browser had, carrying its other
//! pools' entries over), so a planted id never becomes a signed-in session.
//!
//! Each entry has a random `handle` naming what it issued: `ssot:{handle}` → JSON list of the
//! token sessions (`sid`) opened with codes issued through it ([`track`], called when a code is
//! redeemed). Ending an SSO session ([`end`]) revokes them and leaves a tombstone, so a code
//! issued before the logout and redeemed after it gets a revoked session.

use crate::Services;
use crate::auth_code::CODE_TTL_MS;
use authgate_core::ApiError;
use authgate_core::token::sha256_hex;
use authgate_store::SsoSessionRow;
use authgate_store::ephemeral::Key;
use serde::{Deserialize, Serialize};

/// Lifetime of a session (ms): 14 days, GenAuth's default login-state duration.
pub const SESSION_TTL_MS: i64 = 14 * 24 * 3600 * 1000;
/// Most token sessions remembered per SSO session.
const MAX_TRACKED: usize = 1000;
/// Value of a tracker whose SSO session has ended.
const ENDED: &str = "ended";

/// What a session stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoSession {
    /// The signed-in user.
    pub user_id: String,
    /// The user's pool.
    pub pool_id: String,
    /// When the user authenticated (epoch milliseconds; OIDC's `auth_time` is this / 1000).
    pub auth_time: i64,
}

/// A live session of one pool with the handle of what it issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSession {
    /// The session.
    #[serde(flatten)]
    pub session: SsoSession,
    /// End of validity (ms).
    pub expires_at: i64,
    /// Names the token sessions opened through this session ([`track`]).
    pub handle: String,
}

/// The stored key of browser id `id`: its SHA-256 (hex).
fn key(id: &str) -> String {
    sha256_hex(id)
}

fn tracker(handle: &str) -> Key<'_> {
    Key::SsoTracker { handle }
}

/// The live entries of browser id `id` (none when the store cannot be read: logged).
pub async fn of_browser(state: &Services, id: &str) -> Vec<PoolSession> {
    let now = state.clock.now_millis();
    match state.store.sso_sessions(&key(id), now).await {
        Ok(rows) => rows.into_iter().map(PoolSession::from).collect(),
        Err(e) => {
            tracing::error!(error = %e, "SSO sessions not read");
            Vec::new()
        }
    }
}

/// Makes `list` the sessions of browser id `id` (none left: the browser has no session).
async fn store(state: &Services, id: &str, list: &[PoolSession]) -> Result<(), ApiError> {
    let rows: Vec<SsoSessionRow> = list.iter().map(SsoSessionRow::from).collect();
    state.store.replace_sso_sessions(&key(id), &rows).await?;
    Ok(())
}

impl From<SsoSessionRow> for PoolSession {
    fn from(r: SsoSessionRow) -> Self {
        PoolSession {
            session: SsoSession {
                user_id: r.user_id,
                pool_id: r.pool_id,
                auth_time: r.auth_time,
            },
            expires_at: r.expires_at,
            handle: r.handle,
        }
    }
}

impl From<&PoolSession> for SsoSessionRow {
    fn from(e: &PoolSession) -> Self {
        SsoSessionRow {
            pool_id: e.session.pool_id.clone(),
            user_id: e.session.user_id.clone(),
            auth_time: e.session.auth_time,
            expires_at: e.expires_at,
            handle: e.handle.clone(),
        }
    }
}

/// A session [`open`]ed: the browser's new id and the entry's handle (for [`track`]).
#[derive(Debug, Clone)]
pub struct Opened {
    /// The new browser id (to hand to the browser).
    pub browser_id: String,
    /// The handle of the entry of `session`.
    pub handle: String,
}

/// Opens a session for `session` (replacing the browser's session of that pool, keeping the
/// others) under a new browser id; `old` is the id the browser had, if any (forgotten).
pub async fn open(
    state: &Services,
    old: Option<&str>,
    session: &SsoSession,
) -> Result<Opened, ApiError> {
    let mut list = match old {
        Some(old) => {
            let list = of_browser(state, old).await;
            store(state, old, &[]).await?;
            list
        }
        None => Vec::new(),
    };
    // The same user signing in again keeps what the browser's session issued.
    let kept = list
        .iter()
        .find(|e| e.session.pool_id == session.pool_id && e.session.user_id == session.user_id)
        .map(|e| e.handle.clone());
    list.retain(|e| e.session.pool_id != session.pool_id);
    let handle = match kept {
        Some(h) => h,
        None => authgate_core::ids::new_secret_hex(16)?,
    };
    list.push(PoolSession {
        session: session.clone(),
        expires_at: state.clock.now_millis() + SESSION_TTL_MS,
        handle: handle.clone(),
    });
    let browser_id = authgate_core::ids::new_secret_hex(32)?;
    store(state, &browser_id, &list).await?;
    Ok(Opened { browser_id, handle })
}

/// What [`end`] ended and left.
#[derive(Debug, Default)]
pub struct Ended {
    /// The ended sessions.
    pub sessions: Vec<SsoSession>,
    /// Whether the browser has no session left (its id can be forgotten).
    pub none_left: bool,
}

/// Ends browser `id`'s session of `pool_id` (every session when `None`), revoking the token
/// sessions each issued.
pub async fn end(state: &Services, id: &str, pool_id: Option<&str>) -> Ended {
    let list = of_browser(state, id).await;
    let (gone, kept): (Vec<_>, Vec<_>) = list
        .into_iter()
        .partition(|e| pool_id.is_none_or(|p| p == e.session.pool_id));
    if let Err(e) = store(state, id, &kept).await {
        tracing::error!(status = e.status, "SSO session record not rewritten");
    }
    for e in &gone {
        revoke_tracked(state, &e.handle).await;
    }
    Ended {
        sessions: gone.into_iter().map(|e| e.session).collect(),
        none_left: kept.is_empty(),
    }
}

/// Records that token session `sid` was opened through the SSO session of `handle`; when that
/// session has ended meanwhile, `sid` is revoked at once.
pub async fn track(state: &Services, handle: &str, sid: &str) {
    let k = tracker(handle);
    for _ in 0..8 {
        match state.ephemeral.get(&k).await {
            None => {
                let text = serde_json::json!([sid]).to_string();
                if state.ephemeral.set_nx(&k, &text, SESSION_TTL_MS).await {
                    return;
                }
            }
            Some(raw) if raw == ENDED => {
                revoke(state, sid).await;
                return;
            }
            Some(raw) => {
                let mut list: Vec<String> = serde_json::from_str(&raw).unwrap_or_default();
                if list.len() >= MAX_TRACKED {
                    list.remove(0);
                }
                list.push(sid.to_string());
                let text = serde_json::json!(list).to_string();
                if state.ephemeral.cas(&k, &raw, &text, SESSION_TTL_MS).await {
                    return;
                }
            }
        }
    }
    tracing::warn!("token session not tracked: too much contention");
}

/// Marks `handle`'s tracker ended and revokes the token sessions it holds.
async fn revoke_tracked(state: &Services, handle: &str) {
    let k = tracker(handle);
    // Codes issued before the end may still be redeemed for a while: they find the tombstone.
    let tombstone_ms = 2 * CODE_TTL_MS;
    for _ in 0..8 {
        match state.ephemeral.get(&k).await {
            None => {
                if state.ephemeral.set_nx(&k, ENDED, tombstone_ms).await {
                    return;
                }
            }
            Some(raw) if raw == ENDED => return,
            Some(raw) => {
                if state.ephemeral.cas(&k, &raw, ENDED, tombstone_ms).await {
                    let list: Vec<String> = serde_json::from_str(&raw).unwrap_or_default();
                    for sid in list {
                        revoke(state, &sid).await;
                    }
                    return;
                }
            }
        }
    }
    tracing::warn!("SSO tracker not ended: too much contention");
}

async fn revoke(state: &Services, sid: &str) {
    if let Err(e) = state
        .store
        .revoke_session(sid, state.clock.now_millis())
        .await
    {
        tracing::error!(error = %e, "token session not revoked at logout");
    }
}
