//! Races between a sign-in (or a refresh) and an administrator's change, made deterministic
//! with the server's test seam: the request is held at a named point, the administrator acts,
//! the request goes on. Nothing an administrator changed may be undone, and a user suspended
//! or kicked meanwhile gets no usable token.

use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, assert_error, create_app_user};
use authgate_server::test_seam::{Gate, PausePoint};
use serde_json::{Value, json};
use std::time::Duration;

/// Bounds a wait on the server, so a broken seam fails the test instead of hanging it.
async fn within<T>(what: &str, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

/// A password sign-in of `username` to the default app (with a refresh token), run in the
/// background so that it can be held at the seam.
fn spawn_sign_in(
    ts: &TestServer,
    username: &str,
    password: &str,
    custom_data: Value,
) -> tokio::task::JoinHandle<Value> {
    let d = &ts.server.defaults;
    let req = ts.http.post(ts.url("/api/v3/signin")).json(&json!({
        "connection": "PASSWORD",
        "passwordPayload": {"username": username, "password": password},
        "options": {"scope": "openid offline_access", "customData": custom_data},
        "client_id": d.app_id, "client_secret": d.app_secret
    }));
    tokio::spawn(async move { req.fetch_json().await })
}

async fn sign_in(ts: &TestServer, username: &str, password: &str) -> Value {
    spawn_sign_in(ts, username, password, Value::Null)
        .await
        .unwrap()
}

/// The user as the management API answers it.
async fn get_user(ts: &TestServer, token: &str, username: &str) -> Value {
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user?userId={username}&userIdType=username&withCustomData=true"),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"].clone()
}

async fn update_user(ts: &TestServer, token: &str, username: &str, fields: Value) {
    let mut body = fields;
    body["userId"] = json!(username);
    body["options"] = json!({"userIdType": "username"});
    let b = ts
        .post_json("/api/v3/update-user", &body, Some(token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
}

/// Holds the next sign-in at [`PausePoint::SignInVerified`] while `admin` runs, then lets it
/// finish; answers its body.
async fn sign_in_around(
    ts: &TestServer,
    username: &str,
    custom_data: Value,
    admin: impl std::future::Future<Output = ()>,
) -> Value {
    let gate = ts.server.state.test_seam.arm(PausePoint::SignInVerified);
    let signing_in = spawn_sign_in(ts, username, APP_USER_PASSWORD, custom_data);
    within("the sign-in to verify the password", gate.reached()).await;
    admin.await;
    gate.release();
    within("the sign-in to finish", signing_in).await.unwrap()
}

#[tokio::test]
async fn a_suspension_during_a_sign_in_stands_and_the_sign_in_gets_no_tokens() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "sam").await;

    let body = sign_in_around(&ts, "sam", Value::Null, async {
        update_user(&ts, &token, "sam", json!({"status": "Suspended"})).await;
    })
    .await;

    // The error a suspended user gets from the pipeline, and no token set.
    assert_error(&body, 403);
    assert_eq!(body["apiCode"], 2005, "{body}");
    assert!(body["data"]["access_token"].is_null(), "{body}");
    let sam = get_user(&ts, &token, "sam").await;
    assert_eq!(sam["status"], "Suspended", "{sam}");
    assert_eq!(sam["loginsCount"], 0, "{sam}");
    // And it stays so: the next sign-in is refused the same way.
    let again = sign_in(&ts, "sam", APP_USER_PASSWORD).await;
    assert_eq!(again["apiCode"], 2005, "{again}");
}

#[tokio::test]
async fn a_password_reset_during_a_sign_in_stands() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "pia").await;
    let new_password = "a brand new one 2";

    let body = sign_in_around(&ts, "pia", Value::Null, async {
        update_user(&ts, &token, "pia", json!({"password": new_password})).await;
    })
    .await;

    // The sign-in checked a password that is no longer the user's: refused as a wrong one.
    assert_error(&body, 403);
    assert!(body["data"]["access_token"].is_null(), "{body}");
    assert_eq!(get_user(&ts, &token, "pia").await["loginsCount"], 0);
    let old = sign_in(&ts, "pia", APP_USER_PASSWORD).await;
    assert_error(&old, 403);
    let new = sign_in(&ts, "pia", new_password).await;
    assert_eq!(new["statusCode"], 200, "{new}");
    assert!(new["data"]["access_token"].is_string(), "{new}");
}

#[tokio::test]
async fn a_profile_change_during_a_sign_in_survives_it() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "nia").await;

    // The sign-in carries custom data of its own; the administrator sets another key.
    let body = sign_in_around(&ts, "nia", json!({"fromSignIn": "yes"}), async {
        update_user(
            &ts,
            &token,
            "nia",
            json!({"nickname": "changed meanwhile", "customData": {"fromAdmin": "yes"}}),
        )
        .await;
    })
    .await;

    assert_eq!(body["statusCode"], 200, "{body}");
    assert!(body["data"]["access_token"].is_string(), "{body}");
    let nia = get_user(&ts, &token, "nia").await;
    assert_eq!(nia["nickname"], "changed meanwhile", "{nia}");
    assert_eq!(nia["loginsCount"], 1, "{nia}");
    assert_eq!(nia["customData"]["fromAdmin"], "yes", "{nia}");
    assert_eq!(nia["customData"]["fromSignIn"], "yes", "{nia}");
}

/// POSTs a form to the OIDC token endpoint; answers (HTTP status, body).
async fn token_endpoint(ts: &TestServer, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let d = &ts.server.defaults;
    let mut form = form.to_vec();
    form.push(("client_id", &d.app_id));
    form.push(("client_secret", &d.app_secret));
    let resp = ts.http.post(ts.url(path)).form(&form).send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

/// Whether anything of a refresh's answer still works: its access token (introspection and
/// UserInfo) or its refresh token.
async fn anything_usable(ts: &TestServer, status: u16, set: &Value) -> bool {
    if status != 200 {
        return false;
    }
    let access = set["access_token"].as_str().unwrap();
    let (_, intro) = token_endpoint(ts, "/oidc/token/introspection", &[("token", access)]).await;
    let userinfo = ts
        .http
        .get(ts.url("/oidc/me"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .status();
    let refresh = set["refresh_token"].as_str().unwrap();
    let (again, _) = token_endpoint(
        ts,
        "/oidc/token",
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    intro["active"] == true || userinfo.is_success() || again == 200
}

/// Holds a refresh at `point` while the user is kicked out of the app; nothing it answers
/// may work afterwards.
async fn refresh_while_kicked(point: PausePoint) {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "kim").await;
    let set = sign_in(&ts, "kim", APP_USER_PASSWORD).await;
    let refresh = set["data"]["refresh_token"].as_str().unwrap().to_string();

    let gate: std::sync::Arc<Gate> = ts.server.state.test_seam.arm(point);
    let d = ts.server.defaults.clone();
    let req = ts.http.post(ts.url("/oidc/token")).form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh.as_str()),
        ("client_id", d.app_id.as_str()),
        ("client_secret", d.app_secret.as_str()),
    ]);
    let refreshing = tokio::spawn(async move {
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
    });
    within("the refresh to reach the seam", gate.reached()).await;
    let kicked = ts
        .post_json(
            "/api/v3/kick-users",
            &json!({"appIds": [d.app_id], "userId": "kim", "options": {"userIdType": "username"}}),
            Some(&token),
        )
        .await;
    assert_eq!(kicked["data"]["success"], true, "{kicked}");
    gate.release();
    let (status, answer) = within("the refresh to finish", refreshing).await.unwrap();

    assert!(
        !anything_usable(&ts, status, &answer).await,
        "a refresh racing kick-users left a usable token: {status} {answer}"
    );
    // The token presented is dead too.
    let (again, _) = token_endpoint(
        &ts,
        "/oidc/token",
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(again, 400);
}

#[tokio::test]
async fn a_refresh_held_before_rotation_is_refused_after_kick_users() {
    refresh_while_kicked(PausePoint::RefreshBeforeRotation).await;
}

#[tokio::test]
async fn a_refresh_held_after_rotation_answers_tokens_that_kick_users_ended() {
    refresh_while_kicked(PausePoint::RefreshBeforeMint).await;
}

#[tokio::test]
async fn a_refresh_without_a_race_still_works() {
    // The control of the two above: without the kick, the same check finds a usable token.
    let ts = TestServer::start().await;
    create_app_user(&ts, "ken").await;
    let set = sign_in(&ts, "ken", APP_USER_PASSWORD).await;
    let refresh = set["data"]["refresh_token"].as_str().unwrap();
    let (status, answer) = token_endpoint(
        &ts,
        "/oidc/token",
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert!(anything_usable(&ts, status, &answer).await, "{answer}");
}
