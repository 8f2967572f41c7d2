//! The Redis implementation of the ephemeral store. Keys live under `authgate:k:`, topics
//! under `authgate:t:`. Compare-and-set, compare-and-delete and windowed counters are Lua
//! scripts, so each is one atomic step on the server.

use super::Hub;
use crate::StoreError;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use std::sync::Arc;

const KEY_PREFIX: &str = "authgate:k:";
const TOPIC_PREFIX: &str = "authgate:t:";

/// Ephemeral state in Redis, with this node's pub/sub hub.
pub struct RedisStore {
    conn: ConnectionManager,
    hub: Arc<Hub>,
    bridge: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisStore(..)")
    }
}

impl Drop for RedisStore {
    fn drop(&mut self) {
        self.bridge.abort();
    }
}

fn k(key: &str) -> String {
    format!("{KEY_PREFIX}{key}")
}

fn store_err(e: redis::RedisError) -> StoreError {
    StoreError::Ephemeral(e.to_string())
}

fn logged<T>(what: &str, r: redis::RedisResult<T>) -> Option<T> {
    r.inspect_err(|e| tracing::error!(error = %e, "redis {what} failed"))
        .ok()
}

impl RedisStore {
    /// Connects and subscribes this node to every topic.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(store_err)?;
        let conn = client.get_connection_manager().await.map_err(store_err)?;
        let mut pubsub = client.get_async_pubsub().await.map_err(store_err)?;
        pubsub
            .psubscribe(format!("{TOPIC_PREFIX}*"))
            .await
            .map_err(store_err)?;
        let hub = Arc::new(Hub::default());
        let bridge_hub = hub.clone();
        let bridge = tokio::spawn(async move {
            use futures_util::StreamExt;
            let mut messages = pubsub.into_on_message();
            while let Some(msg) = messages.next().await {
                let topic = msg.get_channel_name().trim_start_matches(TOPIC_PREFIX);
                if let Ok(payload) = msg.get_payload::<String>() {
                    bridge_hub.deliver(topic, &payload);
                }
            }
            tracing::error!("redis pub/sub bridge ended: cross-node notifications stopped");
        });
        Ok(Self { conn, hub, bridge })
    }

    /// This node's hub.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }

    pub(super) async fn publish(&self, topic: &str, message: &str) {
        let r: redis::RedisResult<i64> = self
            .conn()
            .publish(format!("{TOPIC_PREFIX}{topic}"), message)
            .await;
        logged("PUBLISH", r);
    }

    pub(super) async fn set(&self, key: &str, value: &str, ttl_ms: i64) {
        let r: redis::RedisResult<()> = redis::cmd("SET")
            .arg(k(key))
            .arg(value)
            .arg("PX")
            .arg(ttl_ms.max(1))
            .query_async(&mut self.conn())
            .await;
        logged("SET", r);
    }

    pub(super) async fn set_nx(&self, key: &str, value: &str, ttl_ms: i64) -> bool {
        let r: redis::RedisResult<Option<String>> = redis::cmd("SET")
            .arg(k(key))
            .arg(value)
            .arg("PX")
            .arg(ttl_ms.max(1))
            .arg("NX")
            .query_async(&mut self.conn())
            .await;
        logged("SET NX", r).flatten().is_some()
    }

    pub(super) async fn get(&self, key: &str) -> Option<String> {
        logged("GET", self.conn().get::<_, Option<String>>(k(key)).await).flatten()
    }

    pub(super) async fn take(&self, key: &str) -> Option<String> {
        let r: redis::RedisResult<Option<String>> = redis::cmd("GETDEL")
            .arg(k(key))
            .query_async(&mut self.conn())
            .await;
        logged("GETDEL", r).flatten()
    }

    pub(super) async fn del(&self, key: &str) {
        logged("DEL", self.conn().del::<_, i64>(k(key)).await);
    }

    pub(super) async fn del_if_eq(&self, key: &str, expected: &str) -> bool {
        let script = redis::Script::new(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                 return redis.call('DEL', KEYS[1]) else return 0 end",
        );
        let r: redis::RedisResult<i64> = script
            .key(k(key))
            .arg(expected)
            .invoke_async(&mut self.conn())
            .await;
        logged("compare-and-delete", r) == Some(1)
    }

    pub(super) async fn cas(&self, key: &str, expected: &str, new: &str, ttl_ms: i64) -> bool {
        let script = redis::Script::new(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then \
                 redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 \
             else return 0 end",
        );
        let r: redis::RedisResult<i64> = script
            .key(k(key))
            .arg(expected)
            .arg(new)
            .arg(ttl_ms.max(1))
            .invoke_async(&mut self.conn())
            .await;
        logged("compare-and-set", r) == Some(1)
    }

    pub(super) async fn incr(&self, key: &str, ttl_ms: i64) -> i64 {
        let script = redis::Script::new(
            "local v = redis.call('INCR', KEYS[1]) \
             if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return v",
        );
        let r: redis::RedisResult<i64> = script
            .key(k(key))
            .arg(ttl_ms.max(1))
            .invoke_async(&mut self.conn())
            .await;
        // Counters fail open: an outage must not lock everybody out.
        logged("INCR", r).unwrap_or(0)
    }

    pub(super) async fn ttl_ms(&self, key: &str) -> Option<i64> {
        let r: redis::RedisResult<i64> = self.conn().pttl(k(key)).await;
        logged("PTTL", r).filter(|t| *t >= 0)
    }

    pub(super) async fn ping(&self) -> bool {
        let r: redis::RedisResult<String> = redis::cmd("PING").query_async(&mut self.conn()).await;
        r.is_ok()
    }
}
