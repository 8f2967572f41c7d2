//! Two nodes sharing one database and one Redis (design §5): a QR code created on node A and
//! scanned and confirmed on node B is seen as AUTHORIZED on node A at once — by its SSE
//! watcher and by polling — and its ticket is exchanged on A. Runs when
//! `AUTHGATE_TEST_REDIS_URL` is set (CI sets it when Redis answers).

use crate::common::{FetchJson, TestServer, app_user, config, sse_events};
use authgate_core::clock::SystemClock;
use serde_json::{Value, json};
use std::sync::Arc;

const PUBLIC_URL: &str = "http://authgate.cluster.test";

#[tokio::test]
async fn a_code_confirmed_on_node_b_is_seen_on_node_a_at_once() {
    let Ok(redis) = std::env::var("AUTHGATE_TEST_REDIS_URL") else {
        eprintln!("AUTHGATE_TEST_REDIS_URL not set: two-node test not run");
        return;
    };
    let shared = |c: &mut authgate_server::ServerConfig| {
        c.redis_url = Some(redis.clone());
        // Every node must present the same issuer.
        c.public_url = Some(PUBLIC_URL.into());
    };
    let a = TestServer::start_with(shared).await;
    let mut cfg_b = config(&a.db, a.data_dir.path());
    shared(&mut cfg_b);
    let b = authgate_server::server::start_with_clock(cfg_b, Arc::new(SystemClock))
        .await
        .unwrap();
    let at_b = |path: &str| format!("{}{path}", b.url());

    // The app user signs in; the token works on either node.
    let token = app_user(&a, "roamer").await;

    let created: Value = a
        .http
        .post(a.url("/api/v3/gene-qrcode"))
        .header("x-authing-app-id", &a.server.defaults.app_id)
        .json(&json!({"type": "MOBILE_APP"}))
        .fetch_json()
        .await;
    let id = created["data"]["qrcodeId"].as_str().unwrap().to_string();
    let stream = a
        .http
        .get(a.url(&format!("/api/v3/qrcode-status-stream?qrcodeId={id}")))
        .send()
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(sse_events(stream, tx));
    assert_eq!(rx.recv().await.unwrap()["status"], "PENDING");

    for action in ["SCAN", "CONFIRM"] {
        let r: Value = a
            .http
            .post(at_b("/api/v3/change-qrcode-status"))
            .header("authorization", &token)
            .json(&json!({"qrcodeId": id, "action": action}))
            .fetch_json()
            .await;
        assert_eq!(r["statusCode"], 200, "{action} on node B: {r}");
    }
    // Pushed through Redis to node A's watcher (the 1 s re-check would also find it, but the
    // SCANNED event proves the push: it is gone from the state by the time of any re-check).
    assert_eq!(rx.recv().await.unwrap()["status"], "SCANNED");
    let authorized = rx.recv().await.unwrap();
    assert_eq!(authorized["status"], "AUTHORIZED");
    let polled = a
        .get_raw(&format!("/api/v3/check-qrcode-status?qrcodeId={id}"), None)
        .await;
    assert_eq!(polled["data"]["status"], "AUTHORIZED");

    let d = a.server.defaults.clone();
    let set: Value = a
        .http
        .post(a.url("/api/v3/exchange-tokenset-with-qrcode-ticket"))
        .json(&json!({"ticket": authorized["ticket"], "client_id": d.app_id, "client_secret": d.app_secret}))
        .fetch_json()
        .await;
    assert_eq!(set["statusCode"], 200, "{set}");
    // The ticket is single-use across nodes too.
    let again: Value = a
        .http
        .post(at_b("/api/v3/exchange-tokenset-with-qrcode-ticket"))
        .json(&json!({"ticket": authorized["ticket"], "client_id": d.app_id, "client_secret": d.app_secret}))
        .fetch_json()
        .await;
    assert_eq!(again["apiCode"], 40921, "{again}");
    b.stop().await.unwrap();
    a.stop().await;
}
