//! A graceful stop ends the open event streams with a final `shutdown` event instead of
//! waiting for them to end by themselves.

use crate::common::{FetchJson, TestServer, app_user};
use serde_json::{Value, json};
use std::time::Duration;

/// Longest the test waits for the stop; far below the grace period the server is given, so
/// only streams closing on the signal can make it.
const BOUND: Duration = Duration::from_secs(60);

/// The `(event, data)` pairs of an event stream, read until the server ends it.
async fn read_events(mut resp: reqwest::Response) -> Vec<(String, String)> {
    let mut buf = String::new();
    let mut out = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let mut event = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data = v.trim().to_string();
                }
            }
            if !event.is_empty() {
                out.push((event, data));
            }
        }
    }
    out
}

async fn open(ts: &TestServer, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut req = ts.http.get(ts.url(path));
    if let Some(t) = token {
        req = req.header("authorization", t);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    resp
}

#[tokio::test]
async fn stopping_ends_open_streams_with_a_final_event() {
    let ts = TestServer::start_with(|c| c.shutdown_grace_secs = 600).await;
    let token = app_user(&ts, "sam").await;
    let qr: Value = ts
        .http
        .post(ts.url("/api/v3/gene-qrcode"))
        .header("x-authing-app-id", &ts.server.defaults.app_id)
        .json(&json!({"type": "MOBILE_APP"}))
        .fetch_json()
        .await;
    let id = qr["data"]["qrcodeId"].as_str().unwrap().to_string();
    let status = open(
        &ts,
        &format!("/api/v3/qrcode-status-stream?qrcodeId={id}"),
        None,
    )
    .await;
    let device = open(&ts, "/api/v3/pushcode-stream", Some(&token)).await;
    // The stream is live: its first event (the current status) has been sent.
    let mut status = status;
    let first = String::from_utf8(status.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(first.contains("PENDING"), "{first}");
    let status = tokio::spawn(read_events(status));
    let device = tokio::spawn(read_events(device));

    // Without the signal these streams live for minutes, and the grace period is ten.
    tokio::time::timeout(BOUND, ts.server.stop())
        .await
        .expect("the stop waited on the open streams")
        .unwrap();
    for (name, reader) in [("QR status", status), ("push device", device)] {
        let events = tokio::time::timeout(BOUND, reader)
            .await
            .expect("the stream was not closed")
            .unwrap();
        let (last, data) = events.last().unwrap_or_else(|| panic!("{name}: no event"));
        assert_eq!(last, "shutdown", "{name}: {events:?}");
        let data: Value = serde_json::from_str(data).unwrap();
        assert_eq!(data["reason"], "server shutting down");
    }
}
