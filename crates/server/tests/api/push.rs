//! Push login end to end through the HTTP API (spec §3.2): the web side's request, poll and
//! stream, the device side's stream and answer, the once-only token set, every refusal.

use crate::common::{FetchJson, TestServer, app_user, assert_error, create_app_user, sse_events};
use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// `signin-by-push` from the web side of the default app.
async fn push(ts: &TestServer, body: Value) -> Value {
    ts.http
        .post(ts.url("/api/v3/signin-by-push"))
        .header("x-authing-app-id", &ts.server.defaults.app_id)
        .header("user-agent", "web-browser/1.0")
        .json(&body)
        .fetch_json()
        .await
}

/// A push to `account`; its pushCodeId.
async fn pushed(ts: &TestServer, account: &str) -> String {
    let b = push(ts, json!({"account": account})).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["pushCodeId"].as_str().unwrap().to_string()
}

async fn status(ts: &TestServer, id: &str) -> Value {
    ts.get_raw(
        &format!("/api/v3/check-pushcode-status?pushCodeId={id}"),
        None,
    )
    .await["data"]
        .clone()
}

/// An answer through `path` (`set-pushcode-status` or `change-pushcode-status`).
async fn answer(ts: &TestServer, path: &str, token: &str, id: &str, action: &str) -> Value {
    ts.http
        .post(ts.url(path))
        .header("authorization", token)
        .json(&json!({"pushCodeId": id, "action": action}))
        .fetch_json()
        .await
}

async fn confirm(ts: &TestServer, token: &str, id: &str) -> Value {
    answer(ts, "/api/v3/set-pushcode-status", token, id, "CONFIRM").await
}

/// The events' data of an SSE route, in order; the connection closes when dropped (a
/// device stream would otherwise hold the server's graceful stop).
struct Events {
    rx: UnboundedReceiver<Value>,
    reader: tokio::task::JoinHandle<()>,
}

impl Events {
    async fn recv(&mut self) -> Option<Value> {
        self.rx.recv().await
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

async fn follow(ts: &TestServer, path: &str, token: Option<&str>) -> Events {
    let mut req = ts.http.get(ts.url(path));
    if let Some(t) = token {
        req = req.header("authorization", t);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    let (tx, rx) = unbounded_channel();
    let reader = tokio::spawn(sse_events(resp, tx));
    Events { rx, reader }
}

#[tokio::test]
async fn confirm_hands_the_token_set_out_once() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let b = push(
        &ts,
        json!({"account": "alice", "options": {"scope": "openid profile offline_access",
                                               "customData": {"via": "push"}}}),
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["expireTime"], 120);
    let id = b["data"]["pushCodeId"].as_str().unwrap().to_string();
    assert!(id.len() >= 32, "≥ 128 bits");
    assert_eq!(status(&ts, &id).await, json!({"status": "PUSHED"}));

    let apps: Value = ts
        .http
        .post(ts.url("/api/v3/get-pushlogin-relation-apps"))
        .header("authorization", &alice)
        .json(&json!({"appId": "authenticator", "pushCodeId": id}))
        .fetch_json()
        .await;
    assert_eq!(apps["data"], json!({"appIds": [ts.server.defaults.app_id]}));

    let b = confirm(&ts, &alice, &id).await;
    assert_eq!(b["data"], json!({"success": true}), "{b}");
    let first = status(&ts, &id).await;
    assert_eq!(first["status"], "AUTHORIZED");
    let set = &first["tokenSet"];
    assert!(
        set["scope"].as_str().unwrap().contains("offline_access"),
        "{set}"
    );
    assert!(set["refresh_token"].is_string(), "{set}");
    assert_eq!(set["expire_in"], 7200);
    // Handed out once: the second poll, and a stream opened now, see AUTHORIZED alone.
    assert_eq!(status(&ts, &id).await, json!({"status": "AUTHORIZED"}));
    let mut rx = follow(
        &ts,
        &format!("/api/v3/pushcode-status-stream?pushCodeId={id}"),
        None,
    )
    .await;
    assert_eq!(rx.recv().await.unwrap(), json!({"status": "AUTHORIZED"}));
    assert!(rx.recv().await.is_none(), "closed on a final state");

    // The tokens are the user's, and the code's custom data reached the user.
    let me: Value = ts
        .http
        .get(ts.url("/api/v3/get-profile?withCustomData=true"))
        .header("authorization", set["access_token"].as_str().unwrap())
        .fetch_json()
        .await;
    assert_eq!(me["data"]["username"], "alice", "{me}");
    assert_eq!(me["data"]["customData"]["via"], "push", "{me}");

    let again = confirm(&ts, &alice, &id).await;
    assert_error(&again, 409);
    assert_eq!(again["apiCode"], 40922);
    ts.stop().await;
}

#[tokio::test]
async fn only_the_target_user_answers() {
    let ts = TestServer::start().await;
    let _alice = app_user(&ts, "alice").await;
    let bob = app_user(&ts, "bob").await;
    let id = pushed(&ts, "alice").await;
    let b = confirm(&ts, &bob, &id).await;
    assert_error(&b, 403);
    assert_eq!(b["apiCode"], 40322);
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/get-pushlogin-relation-apps"))
        .header("authorization", &bob)
        .json(&json!({"appId": "a", "pushCodeId": id}))
        .fetch_json()
        .await;
    assert_eq!(b["apiCode"], 40322, "{b}");
    let b = confirm(&ts, "not-a-token", &id).await;
    assert_error(&b, 401);
    assert_eq!(b["apiCode"], 2020);
    assert_eq!(status(&ts, &id).await, json!({"status": "PUSHED"}));
    ts.stop().await;
}

#[tokio::test]
async fn expired_codes_refuse_answers_and_poll_expired() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let id = pushed(&ts, "alice").await;
    ts.clock.advance(120 * 1000);
    assert_eq!(status(&ts, &id).await, json!({"status": "EXPIRED"}));
    let b = confirm(&ts, &alice, &id).await;
    assert_error(&b, 400);
    assert_eq!(b["apiCode"], 40022);
    assert!(b["message"].as_str().unwrap().contains("expired"), "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn cancel_is_final() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let id = pushed(&ts, "alice").await;
    let b = answer(&ts, "/api/v3/change-pushcode-status", &alice, &id, "CANCEL").await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(
        b.get("data").is_none_or(Value::is_null),
        "envelope only: {b}"
    );
    assert_eq!(status(&ts, &id).await, json!({"status": "CANCELLED"}));
    let b = confirm(&ts, &alice, &id).await;
    assert_error(&b, 409);
    assert_eq!(b["apiCode"], 40922);
    ts.stop().await;
}

#[tokio::test]
async fn unknown_codes_and_bad_input() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    assert_eq!(
        status(&ts, "no-such-code").await,
        json!({"status": "ERROR"})
    );
    let b = ts.get_raw("/api/v3/check-pushcode-status", None).await;
    assert_error(&b, 400);
    let b = confirm(&ts, &alice, "0123456789abcdef0123456789abcdef").await;
    assert_error(&b, 404);
    assert_eq!(b["apiCode"], 40422);
    let id = pushed(&ts, "alice").await;
    let b = answer(&ts, "/api/v3/set-pushcode-status", &alice, &id, "SCAN").await;
    assert_error(&b, 400);
    let b = push(&ts, json!({"account": " "})).await;
    assert_error(&b, 400);
    let b = push(
        &ts,
        json!({"account": "alice", "options": {"customData": [1]}}),
    )
    .await;
    assert_error(&b, 400);
    let b = ts.get_raw("/api/v3/pushcode-stream", None).await;
    assert_error(&b, 401);
    let b = ts.get_raw("/api/v3/pushcode-status-stream", None).await;
    assert_error(&b, 400);
    ts.stop().await;
}

#[tokio::test]
async fn who_can_be_pushed_to() {
    let ts = TestServer::start().await;
    // Signed in nowhere: by default indistinguishable from an unknown account…
    create_app_user(&ts, "hermit").await;
    let b = push(&ts, json!({"account": "hermit"})).await;
    assert_error(&b, 403);
    assert_eq!(
        b["apiCode"], 2333,
        "no device must not reveal the account: {b}"
    );
    // …and a clear error, in the caller's language, where the pool reveals accounts.
    let settings = authgate_core::user_pool::PoolSettings {
        reveal_account_existence: true,
        ..Default::default()
    };
    authgate_store::Store::update_pool_settings(
        &ts.server.state.store,
        &ts.server.defaults.user_pool_id,
        &settings,
        1,
    )
    .await
    .unwrap();
    let b = push(&ts, json!({"account": "hermit"})).await;
    let msg = assert_error(&b, 400);
    assert_eq!(b["apiCode"], 40023);
    assert!(msg.contains("sign in"), "{msg}");
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/signin-by-push"))
        .header("x-authing-lang", "zh-CN")
        .json(&json!({"account": "hermit"}))
        .fetch_json()
        .await;
    assert!(b["message"].as_str().unwrap().contains("登录"), "{b}");

    // Unknown: the answer of sign-in, word for word.
    let b = push(&ts, json!({"account": "nobody"})).await;
    assert_error(&b, 404);
    let d = &ts.server.defaults;
    let signin = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"account": "nobody", "password": "whatever 1"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_eq!(b["apiCode"], signin["apiCode"]);
    assert_eq!(b["message"], signin["message"]);

    // Once signed in, by any identifier.
    let _ = app_user(&ts, "ada").await;
    let b = push(&ts, json!({"account": "ada"})).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn the_users_devices_hear_pushes_and_resolutions() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let mut device = follow(&ts, "/api/v3/pushcode-stream", Some(&alice)).await;
    let id = pushed(&ts, "alice").await;
    let notice = device.recv().await.unwrap();
    assert_eq!(notice["pushCodeId"], id.as_str(), "{notice}");
    assert_eq!(notice["appId"], ts.server.defaults.app_id.as_str());
    assert!(
        notice["appName"].as_str().is_some_and(|n| !n.is_empty()),
        "{notice}"
    );
    assert_eq!(notice["expireTime"], 120);
    assert_eq!(notice["ip"], "127.0.0.1");
    assert_eq!(notice["userAgent"], "web-browser/1.0");
    answer(&ts, "/api/v3/set-pushcode-status", &alice, &id, "CANCEL").await;
    assert_eq!(
        device.recv().await.unwrap(),
        json!({"pushCodeId": id, "status": "CANCELLED"})
    );

    // A device connecting later is shown what still waits, and hears it expire.
    let waiting = pushed(&ts, "alice").await;
    assert_eq!(device.recv().await.unwrap()["pushCodeId"], waiting.as_str());
    let mut late = follow(&ts, "/api/v3/pushcode-stream", Some(&alice)).await;
    let shown = late.recv().await.unwrap();
    assert_eq!(shown["pushCodeId"], waiting.as_str(), "{shown}");
    assert_eq!(shown["userAgent"], "web-browser/1.0");
    ts.clock.advance(121 * 1000);
    let expired = json!({"pushCodeId": waiting, "status": "EXPIRED"});
    assert_eq!(late.recv().await.unwrap(), expired);
    assert_eq!(device.recv().await.unwrap(), expired);

    // Other users hear nothing of alice's pushes.
    let bob = app_user(&ts, "bob").await;
    let mut bobs = follow(&ts, "/api/v3/pushcode-stream", Some(&bob)).await;
    pushed(&ts, "alice").await;
    assert!(device.recv().await.is_some());
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(500), bobs.recv()).await;
    assert!(quiet.is_err(), "bob heard {quiet:?}");
    drop((device, late, bobs));
    ts.stop().await;
}

#[tokio::test]
async fn the_web_stream_delivers_the_tokens_and_consumes_them() {
    let ts = TestServer::start().await;
    let alice = app_user(&ts, "alice").await;
    let id = pushed(&ts, "alice").await;
    let mut web = follow(
        &ts,
        &format!("/api/v3/pushcode-status-stream?pushCodeId={id}"),
        None,
    )
    .await;
    assert_eq!(web.recv().await.unwrap(), json!({"status": "PUSHED"}));
    confirm(&ts, &alice, &id).await;
    let last = web.recv().await.unwrap();
    assert_eq!(last["status"], "AUTHORIZED");
    assert!(last["tokenSet"]["access_token"].is_string(), "{last}");
    assert!(web.recv().await.is_none(), "closed on a final state");
    assert_eq!(
        status(&ts, &id).await,
        json!({"status": "AUTHORIZED"}),
        "consumed by the stream"
    );

    // Unknown codes stream ERROR and close.
    let mut web = follow(&ts, "/api/v3/pushcode-status-stream?pushCodeId=nope", None).await;
    assert_eq!(web.recv().await.unwrap(), json!({"status": "ERROR"}));
    assert!(web.recv().await.is_none());
    ts.stop().await;
}

/// `authgate-sdk` against the server: both sides of push and QR-code login, with the typed
/// status streams (what `crates/sdk/examples/qrcode_login.rs` shows).
#[tokio::test]
async fn the_sdk_plays_both_sides_of_push_and_qr_login() {
    use authgate_sdk::proto::push::{DeviceEvent, PushAction, PushStatus};
    use authgate_sdk::proto::qrcode::{GeneQrCodeRequest, QrAction, QrStatus};
    use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions};
    use futures_util::StreamExt;

    let ts = TestServer::start().await;
    crate::common::create_app_user(&ts, "alice").await;
    let d = &ts.server.defaults;
    let options =
        AuthenticationClientOptions::new(&d.app_id, ts.server.url()).with_app_secret(&d.app_secret);
    let web = AuthenticationClient::new(options.clone()).unwrap();
    let mut app = AuthenticationClient::new(options).unwrap();
    app.sign_in_by_username_password("alice", crate::common::APP_USER_PASSWORD, None)
        .await
        .unwrap();

    // Push: the device hears it; the status stream delivers the tokens, a poll afterwards
    // does not.
    let push = web.sign_in_by_push("alice", None).await.unwrap();
    assert_eq!(push.expire_time, 120);
    let mut device = Box::pin(app.push_code_stream());
    match device.next().await.unwrap().unwrap() {
        DeviceEvent::Push(n) => assert_eq!(n.push_code_id, push.push_code_id),
        other => panic!("{other:?}"),
    }
    let mut statuses = std::pin::pin!(web.push_code_status_stream(&push.push_code_id));
    assert_eq!(
        statuses.next().await.unwrap().unwrap().status,
        PushStatus::Pushed
    );
    assert!(
        app.set_push_code_status(&push.push_code_id, PushAction::Confirm)
            .await
            .unwrap()
            .success
    );
    let done = statuses.next().await.unwrap().unwrap();
    assert_eq!(done.status, PushStatus::Authorized);
    assert!(done.token_set.is_some());
    assert!(statuses.next().await.is_none());
    let again = web
        .check_push_code_status(&push.push_code_id)
        .await
        .unwrap();
    assert_eq!(
        (again.status, again.token_set),
        (PushStatus::Authorized, None)
    );
    match device.next().await.unwrap().unwrap() {
        DeviceEvent::Resolved(r) => assert_eq!(r.status, PushStatus::Authorized),
        other => panic!("{other:?}"),
    }
    drop(device);
    let err = app
        .change_push_code_status(&push.push_code_id, PushAction::Cancel)
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(40922));

    // QR: scan and confirm while the web side follows, then the ticket exchange.
    let code = web
        .gene_qr_code(&GeneQrCodeRequest {
            kind: "MOBILE_APP".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut statuses = std::pin::pin!(web.qr_code_status_stream(&code.qrcode_id));
    assert_eq!(
        statuses.next().await.unwrap().unwrap().status,
        QrStatus::Pending
    );
    app.change_qr_code_status(&code.qrcode_id, QrAction::Scan)
        .await
        .unwrap();
    assert_eq!(
        statuses.next().await.unwrap().unwrap().status,
        QrStatus::Scanned
    );
    app.set_qr_code_status(&code.qrcode_id, QrAction::Confirm)
        .await
        .unwrap();
    let done = statuses.next().await.unwrap().unwrap();
    assert_eq!(
        web.get_qr_code_status(&code.qrcode_id)
            .await
            .unwrap()
            .status,
        QrStatus::Authorized
    );
    let tokens = web
        .exchange_token_set_with_qr_code_ticket(&done.ticket.unwrap())
        .await
        .unwrap();
    let mut user = web.clone();
    user.set_access_token(tokens.access_token);
    let me = user.get_profile(&Default::default()).await.unwrap();
    assert_eq!(me.username.as_deref(), Some("alice"));
    assert_eq!(
        web.check_qr_code_status("nope").await.unwrap().status,
        QrStatus::Error
    );
    ts.stop().await;
}
