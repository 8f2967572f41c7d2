//! Delivery of pushes to the user's devices (beyond GenAuth, which uses its own authenticator
//! app): each new push and each resolution is published on a per-user topic of the ephemeral
//! store, so a device following `GET /api/v3/pushcode-stream` on any node hears it at once.
//! The pushes still pending are also kept in a short per-user list, so each connection starts
//! with the pushes waiting now, whenever the device connects or reconnects.

use super::store::{self, StoredPush};
use crate::Services;
use authgate_core::ApiError;
use authgate_core::push::PushStatus;
use authgate_proto::push::{DeviceEvent, PushNotice, PushResolution};
use authgate_store::ephemeral::{Key, Topic};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

/// At most this many pending pushes are remembered per user.
const PENDING_LIMIT: usize = 20;

/// Attempts of the compare-and-set on the pending list.
const CAS_ATTEMPTS: usize = 5;

/// The longest one device connection lasts.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);

/// One remembered pending push.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pending {
    id: String,
    expires_at: i64,
}

/// The topic of one user's device events.
pub fn user_topic<'a>(pool_id: &'a str, user_id: &'a str) -> Topic<'a> {
    Topic::PushUser {
        pool: pool_id,
        user: user_id,
    }
}

fn pending_key<'a>(pool_id: &'a str, user_id: &'a str) -> Key<'a> {
    Key::PushPending {
        pool: pool_id,
        user: user_id,
    }
}

/// What a device is shown of a push.
pub fn notice(p: &StoredPush) -> PushNotice {
    PushNotice {
        push_code_id: p.code.id.clone(),
        app_id: p.code.app_id.clone(),
        app_name: p.app_name.clone(),
        expire_time: (p.code.expires_at - p.code.created_at) / 1000,
        expires_at: p.code.expires_at,
        ip: p.ip.clone(),
        user_agent: p.user_agent.clone(),
    }
}

async fn publish(state: &Services, p: &StoredPush, ev: &DeviceEvent) -> Result<(), ApiError> {
    let text = serde_json::to_string(ev).map_err(|_| ApiError::internal())?;
    let topic = user_topic(&p.code.pool_id, &p.code.user_id);
    state.ephemeral.publish(&topic, &text).await;
    Ok(())
}

/// Tells the user's devices about a new push, and remembers it for devices connecting later.
pub async fn announce(state: &Services, p: &StoredPush) -> Result<(), ApiError> {
    remember(state, p).await?;
    publish(state, p, &DeviceEvent::Push(notice(p))).await
}

/// Tells the user's devices that a push was answered.
pub async fn resolved(
    state: &Services,
    p: &StoredPush,
    status: PushStatus,
) -> Result<(), ApiError> {
    let ev = DeviceEvent::Resolved(PushResolution {
        push_code_id: p.code.id.clone(),
        status,
    });
    publish(state, p, &ev).await
}

/// Adds `p` to its user's pending list (dropping expired entries, keeping the newest).
async fn remember(state: &Services, p: &StoredPush) -> Result<(), ApiError> {
    let k = pending_key(&p.code.pool_id, &p.code.user_id);
    for _ in 0..CAS_ATTEMPTS {
        let now = state.clock.now_millis();
        let raw = state.ephemeral.get(&k).await;
        let mut list: Vec<Pending> = raw
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default();
        list.retain(|e| e.expires_at > now);
        list.push(Pending {
            id: p.code.id.clone(),
            expires_at: p.code.expires_at,
        });
        let excess = list.len().saturating_sub(PENDING_LIMIT);
        list.drain(..excess);
        let last = list.iter().map(|e| e.expires_at).max().unwrap_or(now);
        let ttl = (last - now).max(1_000);
        let text = serde_json::to_string(&list).map_err(|_| ApiError::internal())?;
        let stored = match raw {
            None => state.ephemeral.set_nx(&k, &text, ttl).await,
            Some(old) => state.ephemeral.cas(&k, &old, &text, ttl).await,
        };
        if stored {
            return Ok(());
        }
    }
    // Losing every race only hides this push from devices that connect later.
    tracing::warn!("pending push list busy; the push is announced live only");
    Ok(())
}

/// The user's pushes still waiting for an answer, oldest first.
async fn backlog(state: &Services, pool_id: &str, user_id: &str) -> Vec<PushNotice> {
    let Some(raw) = state.ephemeral.get(&pending_key(pool_id, user_id)).await else {
        return Vec::new();
    };
    let list: Vec<Pending> = serde_json::from_str(&raw).unwrap_or_default();
    let now = state.clock.now_millis();
    let mut out = Vec::new();
    for e in list {
        if let Some((p, _)) = store::load(state, &e.id).await
            && p.code.status(now) == PushStatus::Pushed
        {
            out.push(notice(&p));
        }
    }
    out
}

/// Who follows: the user, until when (ms).
#[derive(Debug, Clone)]
pub struct Follower {
    /// The user's pool.
    pub pool_id: String,
    /// The user.
    pub user_id: String,
    /// The end of the user's token's validity (ms).
    pub token_expires_at: i64,
}

struct Cursor {
    state: Services,
    who: Follower,
    /// The end of the token's validity (ms, server clock).
    until: i64,
    /// When this connection opened.
    started: tokio::time::Instant,
    /// Whether the reconnection delay was suggested yet.
    retry_sent: bool,
    rx: broadcast::Receiver<String>,
    queue: VecDeque<DeviceEvent>,
    /// Pushes shown and not yet resolved, with their end of validity.
    open: HashMap<String, i64>,
    tick: tokio::time::Interval,
}

impl Cursor {
    /// Queues an event; a push already shown on this connection is not shown twice.
    fn admit(&mut self, ev: DeviceEvent) {
        match &ev {
            DeviceEvent::Push(n) => {
                if self
                    .open
                    .insert(n.push_code_id.clone(), n.expires_at)
                    .is_some()
                {
                    return;
                }
            }
            DeviceEvent::Resolved(r) => {
                self.open.remove(&r.push_code_id);
            }
        }
        self.queue.push_back(ev);
    }

    /// Queues the pushes waiting now that this connection has not shown (on connection, and
    /// after missed messages).
    async fn refill(&mut self) {
        for n in backlog(&self.state, &self.who.pool_id, &self.who.user_id).await {
            self.admit(DeviceEvent::Push(n));
        }
    }

    /// Resolves the shown pushes whose validity is over as EXPIRED.
    fn expire(&mut self, now: i64) {
        let over: Vec<String> = self
            .open
            .iter()
            .filter(|(_, until)| **until <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in over {
            self.admit(DeviceEvent::Resolved(PushResolution {
                push_code_id: id,
                status: PushStatus::Expired,
            }));
        }
    }

    async fn next(&mut self) -> Option<Delivery> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                let first = !std::mem::replace(&mut self.retry_sent, true);
                return Some(Delivery { event, first });
            }
            if self.state.clock.now_millis() >= self.until
                || self.started.elapsed() >= CONNECTION_LIFETIME
            {
                return None;
            }
            let msg = tokio::select! {
                m = self.rx.recv() => Some(m),
                _ = self.tick.tick() => None,
            };
            match msg {
                Some(Ok(text)) => {
                    if let Ok(ev) = serde_json::from_str::<DeviceEvent>(&text) {
                        self.admit(ev);
                    }
                }
                Some(Err(RecvError::Lagged(_))) => self.refill().await,
                Some(Err(RecvError::Closed)) => return None,
                None => self.expire(self.state.clock.now_millis()),
            }
        }
    }
}

/// One event for a device, and whether it is the first of its connection (the HTTP side then
/// suggests the reconnection delay).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The event.
    pub event: DeviceEvent,
    /// Whether it is the connection's first.
    pub first: bool,
}

/// The events of `who`'s pushes: `push` for each push waiting now, then for each new one,
/// and `resolved` for each resolution (AUTHORIZED, CANCELLED, or EXPIRED when the validity
/// ends). A connection lasts at most [`CONNECTION_LIFETIME`] (never past the token's expiry),
/// and is ended by the HTTP side when the server stops; devices reconnect and are shown the
/// pushes still waiting again — the same `pushCodeId`s.
pub async fn follow(state: &Services, who: Follower) -> impl Stream<Item = Delivery> + use<> {
    // Subscribe before reading the backlog, so no push falls between the two.
    let rx = state
        .ephemeral
        .subscribe(&user_topic(&who.pool_id, &who.user_id));
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut cursor = Cursor {
        state: state.clone(),
        until: who.token_expires_at,
        who,
        started: tokio::time::Instant::now(),
        retry_sent: false,
        rx,
        queue: VecDeque::new(),
        open: HashMap::new(),
        tick,
    };
    cursor.refill().await;
    futures_util::stream::unfold(
        cursor,
        |mut c| async move { c.next().await.map(|d| (d, c)) },
    )
}
