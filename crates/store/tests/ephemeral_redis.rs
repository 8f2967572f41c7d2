//! The Redis ephemeral store, when `AUTHGATE_TEST_REDIS_URL` names a server: the same
//! semantics as the in-process store, and publish on one node reaching a subscriber on another.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use authgate_store::Ephemeral;
use std::time::Duration;

async fn node() -> Option<Ephemeral> {
    let url = std::env::var("AUTHGATE_TEST_REDIS_URL").ok()?;
    Some(
        Ephemeral::redis(&url)
            .await
            .expect("AUTHGATE_TEST_REDIS_URL is set but Redis does not answer"),
    )
}

fn unique(name: &str) -> String {
    format!(
        "test:{name}:{}",
        authgate_core::ids::new_secret_hex(8).unwrap()
    )
}

#[tokio::test]
async fn redis_semantics_match_memory() {
    let Some(s) = node().await else {
        eprintln!("AUTHGATE_TEST_REDIS_URL not set: Redis variant not exercised");
        return;
    };
    assert!(s.ping().await);
    let key = unique("kv");
    s.set(&key, "v", 10_000).await;
    assert_eq!(s.get(&key).await.as_deref(), Some("v"));
    assert!(s.ttl_ms(&key).await.is_some_and(|t| t > 0 && t <= 10_000));
    assert!(!s.set_nx(&key, "w", 10_000).await);
    assert!(!s.cas(&key, "x", "y", 10_000).await);
    assert!(s.cas(&key, "v", "y", 10_000).await);
    assert!(!s.del_if_eq(&key, "v").await);
    assert!(s.del_if_eq(&key, "y").await);
    assert_eq!(s.get(&key).await, None);

    let t = unique("take");
    s.set(&t, "once", 10_000).await;
    assert_eq!(s.take(&t).await.as_deref(), Some("once"));
    assert_eq!(s.take(&t).await, None);

    let c = unique("count");
    assert_eq!(s.incr(&c, 10_000).await, 1);
    assert_eq!(s.incr(&c, 10_000).await, 2);
    s.del(&c).await;
    assert_eq!(s.incr(&c, 10_000).await, 1);
}

#[tokio::test]
async fn a_publish_on_one_node_reaches_another() {
    let (Some(a), Some(b)) = (node().await, node().await) else {
        eprintln!("AUTHGATE_TEST_REDIS_URL not set: Redis variant not exercised");
        return;
    };
    let topic = unique("topic");
    let mut rx = a.subscribe(&topic);
    b.publish(&topic, "state changed").await;
    let got = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
    assert_eq!(got.unwrap().unwrap(), "state changed");
}
