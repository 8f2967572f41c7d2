//! The ephemeral store's operations, one scenario run on both implementations: in-process
//! (always) and Redis (when `AUTHGATE_TEST_REDIS_URL` names a server; CI sets it). Expiry is
//! shown on the in-process store by moving its clock; Redis expires keys itself, so there the
//! remaining time to live is checked instead of waiting.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use authgate_core::clock::ManualClock;
use authgate_store::Ephemeral;
use authgate_store::ephemeral::{Key, Topic};
use std::sync::Arc;
use std::time::Duration;

async fn redis_node() -> Option<Ephemeral> {
    let url = std::env::var("AUTHGATE_TEST_REDIS_URL").ok()?;
    Some(
        Ephemeral::redis(&url)
            .await
            .expect("AUTHGATE_TEST_REDIS_URL is set but Redis does not answer"),
    )
}

fn memory() -> (Ephemeral, ManualClock) {
    let clock = ManualClock::new(1_000_000);
    (Ephemeral::memory(Arc::new(clock.clone())), clock)
}

/// A key no other test (or earlier run against the same Redis) uses.
fn unique(name: &str) -> String {
    format!(
        "test:{name}:{}",
        authgate_core::ids::new_secret_hex(8).unwrap()
    )
}

/// Every operation whose result does not depend on time passing.
async fn same_semantics(s: &Ephemeral) {
    assert!(s.ping().await);

    let key = unique("kv");
    assert_eq!(s.get(&Key::Test(&key)).await, None);
    assert_eq!(s.ttl_ms(&Key::Test(&key)).await, None);
    s.set(&Key::Test(&key), "v", 10_000).await;
    assert_eq!(s.get(&Key::Test(&key)).await.as_deref(), Some("v"));
    assert!(
        s.ttl_ms(&Key::Test(&key))
            .await
            .is_some_and(|t| t > 0 && t <= 10_000)
    );
    s.set(&Key::Test(&key), "v2", 10_000).await;
    assert_eq!(
        s.get(&Key::Test(&key)).await.as_deref(),
        Some("v2"),
        "set overwrites"
    );
    s.del(&Key::Test(&key)).await;
    assert_eq!(s.get(&Key::Test(&key)).await, None);

    let nx = unique("nx");
    assert!(s.set_nx(&Key::Test(&nx), "first", 10_000).await);
    assert!(!s.set_nx(&Key::Test(&nx), "second", 10_000).await);
    assert_eq!(s.get(&Key::Test(&nx)).await.as_deref(), Some("first"));

    let c = unique("cas");
    assert!(
        !s.cas(&Key::Test(&c), "a", "b", 10_000).await,
        "no key: nothing to swap"
    );
    s.set(&Key::Test(&c), "a", 10_000).await;
    assert!(!s.cas(&Key::Test(&c), "x", "b", 10_000).await);
    assert!(s.cas(&Key::Test(&c), "a", "b", 10_000).await);
    assert_eq!(s.get(&Key::Test(&c)).await.as_deref(), Some("b"));
    assert!(!s.del_if_eq(&Key::Test(&c), "a").await);
    assert_eq!(
        s.get(&Key::Test(&c)).await.as_deref(),
        Some("b"),
        "a mismatch keeps the value"
    );
    assert!(s.del_if_eq(&Key::Test(&c), "b").await);
    assert!(!s.del_if_eq(&Key::Test(&c), "b").await);

    let t = unique("take");
    s.set(&Key::Test(&t), "once", 10_000).await;
    assert_eq!(s.take(&Key::Test(&t)).await.as_deref(), Some("once"));
    assert_eq!(s.take(&Key::Test(&t)).await, None);

    let n = unique("count");
    assert_eq!(s.incr(&Key::Test(&n), 10_000).await, 1);
    assert_eq!(s.incr(&Key::Test(&n), 10_000).await, 2);
    assert!(
        s.ttl_ms(&Key::Test(&n))
            .await
            .is_some_and(|t| t > 0 && t <= 10_000)
    );
    s.del(&Key::Test(&n)).await;
    assert_eq!(s.incr(&Key::Test(&n), 10_000).await, 1);

    let topic = unique("topic");
    let mut rx = s.subscribe(&Topic::Test(&topic));
    s.publish(&Topic::Test(&topic), "changed").await;
    let got = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
    assert_eq!(got.unwrap().unwrap(), "changed");
}

#[tokio::test]
async fn memory_store_operations() {
    let (s, _) = memory();
    same_semantics(&s).await;
}

#[tokio::test]
async fn redis_store_operations() {
    let Some(s) = redis_node().await else {
        eprintln!("AUTHGATE_TEST_REDIS_URL not set: Redis variant not exercised");
        return;
    };
    same_semantics(&s).await;
    assert_eq!(s.sweep().await, 0, "Redis expires keys itself");
}

#[tokio::test]
async fn memory_entries_expire_with_the_clock_and_are_swept() {
    let (s, clock) = memory();
    s.set(&Key::Test("a"), "1", 500).await;
    s.set(&Key::Test("b"), "2", 2_000).await;
    assert!(s.set_nx(&Key::Test("nx"), "1", 500).await);
    assert_eq!(s.incr(&Key::Test("n"), 500).await, 1);
    clock.advance(499);
    assert_eq!(s.get(&Key::Test("a")).await.as_deref(), Some("1"));
    assert_eq!(s.ttl_ms(&Key::Test("a")).await, Some(1));
    assert_eq!(s.sweep().await, 0);
    clock.advance(1);
    assert_eq!(s.get(&Key::Test("a")).await, None, "gone at its expiry");
    assert_eq!(s.take(&Key::Test("a")).await, None);
    assert!(!s.cas(&Key::Test("a"), "1", "2", 500).await);
    assert!(
        s.set_nx(&Key::Test("nx"), "2", 500).await,
        "an expired key is absent"
    );
    assert_eq!(
        s.incr(&Key::Test("n"), 500).await,
        1,
        "a new counting window"
    );
    assert_eq!(s.sweep().await, 0, "the expired keys were replaced");
    clock.advance(500);
    assert_eq!(s.sweep().await, 2, "nx and n expired again; b lives");
    assert_eq!(s.get(&Key::Test("b")).await.as_deref(), Some("2"));
}

#[tokio::test]
async fn a_publish_on_one_redis_node_reaches_another() {
    let (Some(a), Some(b)) = (redis_node().await, redis_node().await) else {
        eprintln!("AUTHGATE_TEST_REDIS_URL not set: Redis variant not exercised");
        return;
    };
    let topic = unique("topic");
    let mut rx = a.subscribe(&Topic::Test(&topic));
    b.publish(&Topic::Test(&topic), "state changed").await;
    let got = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
    assert_eq!(got.unwrap().unwrap(), "state changed");
}
