//! The ephemeral store: short-lived state with a time to live — verification codes, one-time
//! tokens, rate-limit and lockout counters (later: QR codes, tickets).
//!
//! One type with one implementation per deployment shape: in-process (single node, the
//! default; expiry follows the injected clock, so tests move time instead of sleeping) and
//! Redis (several nodes; Redis expires keys itself). Values are strings (JSON where
//! structured).
//!
//! State changes are also *published* on topics: subscribers always listen on this process's
//! [`Hub`]; with Redis, publishing goes through Redis and one PSUBSCRIBE bridge per node feeds
//! the local hub, so a change made on node B reaches a watcher on node A.
//!
//! Availability: Redis errors are logged; reads of credentials (codes, tickets, one-time
//! tokens) then fail closed (nothing found), while counters (rate limits, lockout) fail open.

use authgate_core::clock::SharedClock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;

mod key;
mod redis_store;
pub use key::{CodeSlot, CodeTarget, Key, Topic};
pub use redis_store::RedisStore;

/// Short-lived key/value state with publish/subscribe.
#[derive(Debug, Clone)]
pub enum Ephemeral {
    /// In this process.
    Memory(Arc<MemoryStore>),
    /// In Redis, shared by every node.
    Redis(Arc<RedisStore>),
}

/// Locks a mutex, carrying on after a panic elsewhere (no entry is ever half-written).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// This process's topics.
#[derive(Debug, Default)]
pub struct Hub {
    topics: Mutex<HashMap<String, broadcast::Sender<String>>>,
}

impl Hub {
    /// Delivers `message` to this process's subscribers of `topic`.
    pub fn deliver(&self, topic: &str, message: &str) {
        let mut topics = lock(&self.topics);
        if let Some(tx) = topics.get(topic)
            && tx.send(message.to_string()).is_err()
        {
            // Nobody listens any more.
            topics.remove(topic);
        }
    }

    /// A receiver of `topic`'s future messages.
    pub fn subscribe(&self, topic: &str) -> broadcast::Receiver<String> {
        lock(&self.topics)
            .entry(topic.to_string())
            .or_insert_with(|| broadcast::channel(16).0)
            .subscribe()
    }

    /// Number of topics with live subscribers (for tests and metrics).
    pub fn topics(&self) -> usize {
        lock(&self.topics).len()
    }
}

impl Ephemeral {
    /// An in-process store following `clock`.
    pub fn memory(clock: SharedClock) -> Self {
        Ephemeral::Memory(Arc::new(MemoryStore {
            clock,
            map: Mutex::new(HashMap::new()),
            hub: Hub::default(),
        }))
    }

    /// A Redis store (`redis://…`): connects and starts this node's pub/sub bridge.
    pub async fn redis(url: &str) -> Result<Self, crate::StoreError> {
        Ok(Ephemeral::Redis(Arc::new(RedisStore::connect(url).await?)))
    }

    /// Publishes `message` on `topic` to every node's subscribers.
    pub async fn publish(&self, topic: &Topic<'_>, message: &str) {
        let topic = &topic.render();
        match self {
            Ephemeral::Memory(m) => m.hub.deliver(topic, message),
            Ephemeral::Redis(r) => r.publish(topic, message).await,
        }
    }

    /// Subscribes to `topic` on this node.
    pub fn subscribe(&self, topic: &Topic<'_>) -> broadcast::Receiver<String> {
        let topic = &topic.render();
        match self {
            Ephemeral::Memory(m) => m.hub.subscribe(topic),
            Ephemeral::Redis(r) => r.hub().subscribe(topic),
        }
    }

    /// Replaces `key`'s value `expected` with `new` (living `ttl_ms`) atomically; false when
    /// the key no longer holds `expected`.
    pub async fn cas(&self, key: &Key<'_>, expected: &str, new: &str, ttl_ms: i64) -> bool {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.cas(key, expected, new, ttl_ms),
            Ephemeral::Redis(r) => r.cas(key, expected, new, ttl_ms).await,
        }
    }

    /// Whether the store answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        match self {
            Ephemeral::Memory(_) => true,
            Ephemeral::Redis(r) => r.ping().await,
        }
    }

    /// Sets `key` for `ttl_ms`.
    pub async fn set(&self, key: &Key<'_>, value: &str, ttl_ms: i64) {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.set(key, value, ttl_ms),
            Ephemeral::Redis(r) => r.set(key, value, ttl_ms).await,
        }
    }

    /// Sets `key` only if absent (or expired); true when it was set.
    pub async fn set_nx(&self, key: &Key<'_>, value: &str, ttl_ms: i64) -> bool {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.set_nx(key, value, ttl_ms),
            Ephemeral::Redis(r) => r.set_nx(key, value, ttl_ms).await,
        }
    }

    /// The live value of `key`.
    pub async fn get(&self, key: &Key<'_>) -> Option<String> {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.get(key),
            Ephemeral::Redis(r) => r.get(key).await,
        }
    }

    /// Removes `key` and returns its live value: at most one caller gets it.
    pub async fn take(&self, key: &Key<'_>) -> Option<String> {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.take(key),
            Ephemeral::Redis(r) => r.take(key).await,
        }
    }

    /// Removes `key` only while it still holds `expected`; true when removed.
    pub async fn del_if_eq(&self, key: &Key<'_>, expected: &str) -> bool {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.del_if_eq(key, expected),
            Ephemeral::Redis(r) => r.del_if_eq(key, expected).await,
        }
    }

    /// Removes `key`.
    pub async fn del(&self, key: &Key<'_>) {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => {
                m.lock().remove(key);
            }
            Ephemeral::Redis(r) => r.del(key).await,
        }
    }

    /// Adds one to the counter `key` (created with `ttl_ms` when absent); returns the new value.
    pub async fn incr(&self, key: &Key<'_>, ttl_ms: i64) -> i64 {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.incr(key, ttl_ms),
            Ephemeral::Redis(r) => r.incr(key, ttl_ms).await,
        }
    }

    /// Milliseconds `key` still lives, if it does.
    pub async fn ttl_ms(&self, key: &Key<'_>) -> Option<i64> {
        let key = &key.render();
        match self {
            Ephemeral::Memory(m) => m.ttl_ms(key),
            Ephemeral::Redis(r) => r.ttl_ms(key).await,
        }
    }

    /// Drops expired entries; returns how many.
    pub async fn sweep(&self) -> usize {
        match self {
            Ephemeral::Memory(m) => m.sweep(),
            // Redis expires keys itself.
            Ephemeral::Redis(_) => 0,
        }
    }
}

/// The in-process implementation.
#[derive(Debug)]
pub struct MemoryStore {
    clock: SharedClock,
    map: Mutex<HashMap<String, Entry>>,
    hub: Hub,
}

#[derive(Debug, Clone)]
struct Entry {
    value: String,
    expires_at: i64,
}

impl MemoryStore {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        lock(&self.map)
    }

    fn cas(&self, key: &str, expected: &str, new: &str, ttl_ms: i64) -> bool {
        let now = self.now();
        let mut map = self.lock();
        if Self::live(&map, key, now).is_some_and(|e| e.value == expected) {
            map.insert(
                key.to_string(),
                Entry {
                    value: new.to_string(),
                    expires_at: now + ttl_ms,
                },
            );
            return true;
        }
        false
    }

    fn now(&self) -> i64 {
        self.clock.now_millis()
    }

    fn live<'a>(map: &'a HashMap<String, Entry>, key: &str, now: i64) -> Option<&'a Entry> {
        map.get(key).filter(|e| e.expires_at > now)
    }

    fn set(&self, key: &str, value: &str, ttl_ms: i64) {
        let expires_at = self.now() + ttl_ms;
        self.lock().insert(
            key.to_string(),
            Entry {
                value: value.to_string(),
                expires_at,
            },
        );
    }

    fn set_nx(&self, key: &str, value: &str, ttl_ms: i64) -> bool {
        let now = self.now();
        let mut map = self.lock();
        if Self::live(&map, key, now).is_some() {
            return false;
        }
        map.insert(
            key.to_string(),
            Entry {
                value: value.to_string(),
                expires_at: now + ttl_ms,
            },
        );
        true
    }

    fn get(&self, key: &str) -> Option<String> {
        let now = self.now();
        Self::live(&self.lock(), key, now).map(|e| e.value.clone())
    }

    fn take(&self, key: &str) -> Option<String> {
        let now = self.now();
        self.lock()
            .remove(key)
            .filter(|e| e.expires_at > now)
            .map(|e| e.value)
    }

    fn del_if_eq(&self, key: &str, expected: &str) -> bool {
        let now = self.now();
        let mut map = self.lock();
        if Self::live(&map, key, now).is_some_and(|e| e.value == expected) {
            map.remove(key);
            return true;
        }
        false
    }

    fn incr(&self, key: &str, ttl_ms: i64) -> i64 {
        let now = self.now();
        let mut map = self.lock();
        let next = Self::live(&map, key, now)
            .map(|e| (e.value.parse::<i64>().unwrap_or(0) + 1, e.expires_at))
            .unwrap_or((1, now + ttl_ms));
        map.insert(
            key.to_string(),
            Entry {
                value: next.0.to_string(),
                expires_at: next.1,
            },
        );
        next.0
    }

    fn ttl_ms(&self, key: &str) -> Option<i64> {
        let now = self.now();
        Self::live(&self.lock(), key, now).map(|e| e.expires_at - now)
    }

    fn sweep(&self) -> usize {
        let now = self.now();
        let mut map = self.lock();
        let before = map.len();
        map.retain(|_, e| e.expires_at > now);
        before - map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::clock::ManualClock;

    fn store() -> (Ephemeral, ManualClock) {
        let clock = ManualClock::new(1_000);
        (Ephemeral::memory(Arc::new(clock.clone())), clock)
    }

    #[tokio::test]
    async fn values_expire_with_the_clock() {
        let (s, clock) = store();
        s.set(&Key::Test("k"), "v", 500).await;
        assert_eq!(s.get(&Key::Test("k")).await.as_deref(), Some("v"));
        assert_eq!(s.ttl_ms(&Key::Test("k")).await, Some(500));
        clock.advance(500);
        assert_eq!(s.get(&Key::Test("k")).await, None);
        assert_eq!(s.sweep().await, 1);
    }

    #[tokio::test]
    async fn take_and_del_if_eq_are_single_use() {
        let (s, _) = store();
        s.set(&Key::Test("t"), "x", 1_000).await;
        assert_eq!(s.take(&Key::Test("t")).await.as_deref(), Some("x"));
        assert_eq!(s.take(&Key::Test("t")).await, None);
        s.set(&Key::Test("c"), "a", 1_000).await;
        assert!(!s.del_if_eq(&Key::Test("c"), "b").await);
        assert!(s.del_if_eq(&Key::Test("c"), "a").await);
        assert!(!s.del_if_eq(&Key::Test("c"), "a").await);
    }

    #[tokio::test]
    async fn cas_and_pubsub() {
        let (s, _) = store();
        s.set(&Key::Test("q"), "a", 1_000).await;
        assert!(!s.cas(&Key::Test("q"), "b", "c", 1_000).await);
        assert!(s.cas(&Key::Test("q"), "a", "c", 1_000).await);
        assert_eq!(s.get(&Key::Test("q")).await.as_deref(), Some("c"));
        let mut rx = s.subscribe(&Topic::Test("t"));
        s.publish(&Topic::Test("t"), "hello").await;
        assert_eq!(rx.recv().await.unwrap(), "hello");
        drop(rx);
        s.publish(&Topic::Test("t"), "nobody").await;
        if let Ephemeral::Memory(m) = &s {
            assert_eq!(m.hub.topics(), 0, "topics without listeners are dropped");
        }
    }

    #[tokio::test]
    async fn counters_keep_their_window() {
        let (s, clock) = store();
        assert_eq!(s.incr(&Key::Test("n"), 1_000).await, 1);
        clock.advance(600);
        assert_eq!(s.incr(&Key::Test("n"), 1_000).await, 2);
        clock.advance(400);
        assert_eq!(
            s.incr(&Key::Test("n"), 1_000).await,
            1,
            "window over: a new count"
        );
        assert!(s.set_nx(&Key::Test("once"), "1", 100).await);
        assert!(!s.set_nx(&Key::Test("once"), "1", 100).await);
        clock.advance(100);
        assert!(s.set_nx(&Key::Test("once"), "1", 100).await);
    }
}
