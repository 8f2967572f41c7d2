//! The ephemeral store: short-lived state with a time to live — verification codes, one-time
//! tokens, rate-limit and lockout counters (later: QR codes, tickets).
//!
//! One type with one implementation per deployment shape: in-process (single node, the
//! default). Expiry follows the injected clock, so tests move time instead of sleeping.
//! Values are strings (JSON where structured).

use authgate_core::clock::SharedClock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Short-lived key/value state.
#[derive(Debug, Clone)]
pub enum Ephemeral {
    /// In this process.
    Memory(Arc<MemoryStore>),
}

impl Ephemeral {
    /// An in-process store following `clock`.
    pub fn memory(clock: SharedClock) -> Self {
        Ephemeral::Memory(Arc::new(MemoryStore {
            clock,
            map: Mutex::new(HashMap::new()),
        }))
    }

    /// Sets `key` for `ttl_ms`.
    pub async fn set(&self, key: &str, value: &str, ttl_ms: i64) {
        match self {
            Ephemeral::Memory(m) => m.set(key, value, ttl_ms),
        }
    }

    /// Sets `key` only if absent (or expired); true when it was set.
    pub async fn set_nx(&self, key: &str, value: &str, ttl_ms: i64) -> bool {
        match self {
            Ephemeral::Memory(m) => m.set_nx(key, value, ttl_ms),
        }
    }

    /// The live value of `key`.
    pub async fn get(&self, key: &str) -> Option<String> {
        match self {
            Ephemeral::Memory(m) => m.get(key),
        }
    }

    /// Removes `key` and returns its live value: at most one caller gets it.
    pub async fn take(&self, key: &str) -> Option<String> {
        match self {
            Ephemeral::Memory(m) => m.take(key),
        }
    }

    /// Removes `key` only while it still holds `expected`; true when removed.
    pub async fn del_if_eq(&self, key: &str, expected: &str) -> bool {
        match self {
            Ephemeral::Memory(m) => m.del_if_eq(key, expected),
        }
    }

    /// Removes `key`.
    pub async fn del(&self, key: &str) {
        match self {
            Ephemeral::Memory(m) => {
                m.lock().remove(key);
            }
        }
    }

    /// Adds one to the counter `key` (created with `ttl_ms` when absent); returns the new value.
    pub async fn incr(&self, key: &str, ttl_ms: i64) -> i64 {
        match self {
            Ephemeral::Memory(m) => m.incr(key, ttl_ms),
        }
    }

    /// Milliseconds `key` still lives, if it does.
    pub async fn ttl_ms(&self, key: &str) -> Option<i64> {
        match self {
            Ephemeral::Memory(m) => m.ttl_ms(key),
        }
    }

    /// Drops expired entries; returns how many.
    pub async fn sweep(&self) -> usize {
        match self {
            Ephemeral::Memory(m) => m.sweep(),
        }
    }
}

/// The in-process implementation.
#[derive(Debug)]
pub struct MemoryStore {
    clock: SharedClock,
    map: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    value: String,
    expires_at: i64,
}

impl MemoryStore {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave an entry half-written; keep going.
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
        s.set("k", "v", 500).await;
        assert_eq!(s.get("k").await.as_deref(), Some("v"));
        assert_eq!(s.ttl_ms("k").await, Some(500));
        clock.advance(500);
        assert_eq!(s.get("k").await, None);
        assert_eq!(s.sweep().await, 1);
    }

    #[tokio::test]
    async fn take_and_del_if_eq_are_single_use() {
        let (s, _) = store();
        s.set("t", "x", 1_000).await;
        assert_eq!(s.take("t").await.as_deref(), Some("x"));
        assert_eq!(s.take("t").await, None);
        s.set("c", "a", 1_000).await;
        assert!(!s.del_if_eq("c", "b").await);
        assert!(s.del_if_eq("c", "a").await);
        assert!(!s.del_if_eq("c", "a").await);
    }

    #[tokio::test]
    async fn counters_keep_their_window() {
        let (s, clock) = store();
        assert_eq!(s.incr("n", 1_000).await, 1);
        clock.advance(600);
        assert_eq!(s.incr("n", 1_000).await, 2);
        clock.advance(400);
        assert_eq!(s.incr("n", 1_000).await, 1, "window over: a new count");
        assert!(s.set_nx("once", "1", 100).await);
        assert!(!s.set_nx("once", "1", 100).await);
        clock.advance(100);
        assert!(s.set_nx("once", "1", 100).await);
    }
}
