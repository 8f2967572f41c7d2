//! QR-code login end to end through the HTTP API (spec §3.1): web side, app side, exchange,
//! every refusal, pool flags, the image, and the SSE stream.

use crate::common::{FetchJson, TestServer, app_user, assert_error, sse_events};
use authgate_core::user_pool::PoolSettings;
use serde_json::{Value, json};

async fn gene(ts: &TestServer, custom: Option<Value>) -> String {
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/gene-qrcode"))
        .header("x-authing-app-id", &ts.server.defaults.app_id)
        .json(&json!({"type": "MOBILE_APP", "customData": custom}))
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let id = b["data"]["qrcodeId"].as_str().unwrap().to_string();
    assert!(id.len() >= 32, "≥ 128 bits");
    assert_eq!(
        b["data"]["url"],
        ts.url(&format!("/api/v3/qrcode-image/{id}.png"))
    );
    id
}

async fn status(ts: &TestServer, id: &str) -> Value {
    ts.get_raw(&format!("/api/v3/check-qrcode-status?qrcodeId={id}"), None)
        .await["data"]
        .clone()
}

async fn act(ts: &TestServer, token: &str, id: &str, action: &str) -> Value {
    ts.http
        .post(ts.url("/api/v3/change-qrcode-status"))
        .header("authorization", token)
        .json(&json!({"qrcodeId": id, "action": action}))
        .fetch_json()
        .await
}

async fn exchange(ts: &TestServer, ticket: &str, secret: Option<&str>) -> Value {
    let d = &ts.server.defaults;
    let mut body = json!({"ticket": ticket, "client_id": d.app_id});
    if let Some(s) = secret {
        body["client_secret"] = json!(s);
    }
    ts.http
        .post(ts.url("/api/v3/exchange-tokenset-with-qrcode-ticket"))
        .header("x-authing-app-id", &d.app_id)
        .json(&body)
        .fetch_json()
        .await
}

#[tokio::test]
async fn scan_confirm_exchange_and_single_use_ticket() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "qa").await;
    let id = gene(&ts, Some(json!({"source": "kiosk"}))).await;
    assert_eq!(status(&ts, &id).await, json!({"status": "PENDING"}));

    assert_eq!(act(&ts, &token, &id, "SCAN").await["statusCode"], 200);
    let s = status(&ts, &id).await;
    assert_eq!(s["status"], "SCANNED");
    assert_eq!(s["briefUserInfo"]["displayName"], "qa nick");
    assert!(s.get("ticket").is_none());

    let b: Value = ts
        .http
        .post(ts.url("/api/v3/set-qrcode-status"))
        .header("authorization", format!("Bearer {token}"))
        .json(&json!({"qrcodeId": id, "action": "CONFIRM"}))
        .fetch_json()
        .await;
    assert_eq!(b["data"]["success"], true, "{b}");
    let s = ts
        .get_raw(&format!("/api/v3/get-qrcode-status?qrcodeId={id}"), None)
        .await["data"]
        .clone();
    assert_eq!(s["status"], "AUTHORIZED");
    let ticket = s["ticket"].as_str().unwrap().to_string();
    assert!(s.get("tokenSet").is_none());

    let set = exchange(&ts, &ticket, Some(&ts.server.defaults.app_secret)).await;
    assert_eq!(set["statusCode"], 200, "{set}");
    assert_eq!(set["data"]["expire_in"], 7200);
    assert_eq!(set["data"]["expires_in"], 7200);
    // The user's custom data took the code's.
    let me: Value = ts
        .http
        .get(ts.url("/api/v3/get-profile?withCustomData=true"))
        .header(
            "authorization",
            set["data"]["access_token"].as_str().unwrap(),
        )
        .fetch_json()
        .await;
    assert_eq!(me["data"]["customData"]["source"], "kiosk", "{me}");

    let again = exchange(&ts, &ticket, Some(&ts.server.defaults.app_secret)).await;
    assert_error(&again, 409);
    assert_eq!(again["apiCode"], 40921);
    let unknown = exchange(&ts, "no-such-ticket", Some(&ts.server.defaults.app_secret)).await;
    assert_eq!(unknown["apiCode"], 40421);
    ts.stop().await;
}

#[tokio::test]
async fn every_precondition_of_the_app_side() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let bob = app_user(&ts, "bob").await;
    let id = gene(&ts, None).await;

    let b = act(&ts, "not-a-token", &id, "SCAN").await;
    assert_error(&b, 401);
    assert_eq!(b["apiCode"], 2020);
    let b = act(&ts, &alice, &id, "CONFIRM").await;
    assert_error(&b, 400);
    assert_eq!(b["apiCode"], 40020);
    assert!(b["message"].as_str().unwrap().contains("scanned first"));
    let b = act(&ts, &alice, "", "SCAN").await;
    assert_error(&b, 400);
    assert_eq!(b["apiCode"], 40000);
    act(&ts, &alice, &id, "SCAN").await;
    let b = act(&ts, &bob, &id, "SCAN").await;
    assert_error(&b, 409);
    let b = act(&ts, &bob, &id, "CONFIRM").await;
    assert_error(&b, 403);
    assert_eq!(b["apiCode"], 40320);
    assert_eq!(act(&ts, &alice, &id, "CANCEL").await["statusCode"], 200);
    assert_eq!(status(&ts, &id).await["status"], "CANCELLED");
    let b = act(&ts, &alice, &id, "CONFIRM").await;
    assert_error(&b, 409);

    let b = act(&ts, &alice, "0123456789abcdef0123456789abcdef", "SCAN").await;
    assert_error(&b, 404);
    let b = act(&ts, &alice, &id, "DANCE").await;
    assert_error(&b, 400);
    assert_eq!(
        status(&ts, "unknown-code").await,
        json!({"status": "ERROR"})
    );
    let b = ts.get_raw("/api/v3/check-qrcode-status", None).await;
    assert_error(&b, 400);

    let b: Value = ts
        .http
        .post(ts.url("/api/v3/gene-qrcode"))
        .json(&json!({"type": "WECHAT_MINIPROGRAM"}))
        .fetch_json()
        .await;
    assert_error(&b, 501);
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/gene-qrcode"))
        .json(&json!({"type": "CARRIER_PIGEON"}))
        .fetch_json()
        .await;
    assert_error(&b, 400);
    ts.stop().await;
}

#[tokio::test]
async fn codes_and_tickets_expire() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "carol").await;
    let id = gene(&ts, None).await;
    ts.clock.advance(120 * 1000);
    assert_eq!(status(&ts, &id).await["status"], "EXPIRED");
    let b = act(&ts, &token, &id, "SCAN").await;
    assert_error(&b, 400);
    assert!(b["message"].as_str().unwrap().contains("expired"));

    let id = gene(&ts, None).await;
    act(&ts, &token, &id, "SCAN").await;
    act(&ts, &token, &id, "CONFIRM").await;
    let ticket = status(&ts, &id).await["ticket"]
        .as_str()
        .unwrap()
        .to_string();
    ts.clock.advance(301 * 1000);
    let b = exchange(&ts, &ticket, Some(&ts.server.defaults.app_secret)).await;
    assert_error(&b, 400);
    assert_eq!(b["apiCode"], 40021);
    ts.stop().await;
}

/// A code scanned and confirmed by the holder of `token`; its status.
async fn authorized(ts: &TestServer, token: &str) -> Value {
    let id = gene(ts, None).await;
    act(ts, token, &id, "SCAN").await;
    act(ts, token, &id, "CONFIRM").await;
    status(ts, &id).await
}

#[tokio::test]
async fn client_authentication_and_pool_flags() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "dan").await;
    let ticket = authorized(&ts, &token).await["ticket"]
        .as_str()
        .unwrap()
        .to_string();
    let b = exchange(&ts, &ticket, Some("wrong")).await;
    assert_error(&b, 401);
    assert_eq!(b["apiCode"], 40110);
    let b = exchange(&ts, &ticket, None).await;
    assert_eq!(b["apiCode"], 40110, "no secret from a browser by default");
    // Basic works too.
    use base64::Engine;
    let d = ts.server.defaults.clone();
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", d.app_id, d.app_secret));
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/exchange-tokenset-with-qrcode-ticket"))
        .header("authorization", format!("Basic {basic}"))
        .json(&json!({"ticket": ticket}))
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");

    let mut settings = PoolSettings::default();
    settings
        .qrcode_login_strategy
        .allow_exchange_user_info_from_browser = true;
    ts.server
        .state
        .store
        .update_pool_settings(&d.user_pool_id, &settings, 1)
        .await
        .unwrap();
    let ticket = authorized(&ts, &token).await["ticket"]
        .as_str()
        .unwrap()
        .to_string();
    let b = exchange(&ts, &ticket, None).await;
    assert_eq!(
        b["statusCode"], 200,
        "browser exchange allowed by the pool: {b}"
    );

    settings.qrcode_login_strategy.return_full_user_info = true;
    ts.server
        .state
        .store
        .update_pool_settings(&d.user_pool_id, &settings, 2)
        .await
        .unwrap();
    let id = gene(&ts, None).await;
    act(&ts, &token, &id, "SCAN").await;
    act(&ts, &token, &id, "CONFIRM").await;
    let s = status(&ts, &id).await;
    assert_eq!(s["status"], "AUTHORIZED");
    assert!(s["tokenSet"]["access_token"].is_string(), "{s}");
    assert!(s.get("ticket").is_none());
    // Handed out once: the next poll is AUTHORIZED without tokens.
    let again = status(&ts, &id).await;
    assert_eq!(again["status"], "AUTHORIZED");
    assert!(again.get("tokenSet").is_none(), "{again}");
    ts.stop().await;
}

#[tokio::test]
async fn image_encodes_the_app_json() {
    let ts = TestServer::start().await;
    let id = gene(&ts, Some(json!({"k": 1}))).await;
    let png = ts
        .http
        .get(ts.url(&format!("/api/v3/qrcode-image/{id}.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(&png.bytes().await.unwrap()[1..4], b"PNG");
    let svg = ts
        .http
        .get(ts.url(&format!("/api/v3/qrcode-image/{id}.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().contains("<svg"));
    let b = ts.get_raw("/api/v3/qrcode-image/nope.png", None).await;
    assert_error(&b, 404);
    let b = ts
        .get_raw(&format!("/api/v3/qrcode-image/{id}.gif"), None)
        .await;
    assert_error(&b, 400);
    ts.stop().await;
}

#[tokio::test]
async fn the_stream_pushes_each_change_and_closes() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "erin").await;
    let id = gene(&ts, None).await;
    let resp = ts
        .http
        .get(ts.url(&format!("/api/v3/qrcode-status-stream?qrcodeId={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(sse_events(resp, tx));
    assert_eq!(rx.recv().await.unwrap()["status"], "PENDING");
    act(&ts, &token, &id, "SCAN").await;
    assert_eq!(rx.recv().await.unwrap()["status"], "SCANNED");
    act(&ts, &token, &id, "CONFIRM").await;
    let last = rx.recv().await.unwrap();
    assert_eq!(last["status"], "AUTHORIZED");
    assert!(last["ticket"].is_string());
    // Final state: the server closes the stream.
    reader.await.unwrap();
    assert!(rx.recv().await.is_none());

    // Expiry is noticed without an event from the app.
    let id = gene(&ts, None).await;
    let resp = ts
        .http
        .get(ts.url(&format!("/api/v3/qrcode-status-stream?qrcodeId={id}")))
        .send()
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(sse_events(resp, tx));
    assert_eq!(rx.recv().await.unwrap()["status"], "PENDING");
    ts.clock.advance(121 * 1000);
    assert_eq!(rx.recv().await.unwrap()["status"], "EXPIRED");
    ts.stop().await;
}

#[tokio::test]
async fn validity_from_the_configuration() {
    let ts = TestServer::start_with(|c| {
        c.qrcode_expires_in = Some(30);
        c.qrcode_ticket_expires_in = Some(60);
    })
    .await;
    let token = ts.mgmt_token().await;
    let s = ts
        .get_raw("/api/v3/get-security-settings", Some(&token))
        .await;
    assert_eq!(
        s["data"]["qrcodeLoginStrategy"]["qrcodeExpiresIn"], 30,
        "{s}"
    );
    assert_eq!(s["data"]["qrcodeLoginStrategy"]["ticketExpiresIn"], 60);
    let id = gene(&ts, None).await;
    ts.clock.advance(30 * 1000);
    assert_eq!(status(&ts, &id).await["status"], "EXPIRED");
    ts.stop().await;
}
