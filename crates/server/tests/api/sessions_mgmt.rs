//! Sessions on the management API: kick-users, check-session-status, login history and
//! logged-in apps.

use crate::common::{APP_USER_PASSWORD, TestServer, assert_error, create_app_user};
use serde_json::{Value, json};

/// A second application and its secret.
async fn second_app(ts: &TestServer, token: &str) -> (String, String) {
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Second", "appIdentifier": "second", "initLoginUri": "https://second.example/login"}),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let id = b["data"]["appId"].as_str().unwrap().to_string();
    let s = ts
        .get_raw(
            &format!("/api/v3/get-application-secret?appId={id}"),
            Some(token),
        )
        .await;
    (id, s["data"]["secret"].as_str().unwrap().to_string())
}

/// Signs `username` in to an app with a refresh token; answers the token set.
async fn sign_in(ts: &TestServer, app: &str, secret: &str, username: &str) -> Value {
    let b = ts
        .http
        .post(ts.url("/api/v3/signin"))
        .header("user-agent", "test-agent/1")
        .json(&json!({"connection": "PASSWORD",
                      "passwordPayload": {"username": username, "password": APP_USER_PASSWORD},
                      "options": {"scope": "openid offline_access"},
                      "client_id": app, "client_secret": secret}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"].clone()
}

async fn refresh_ok(ts: &TestServer, app: &str, secret: &str, rt: &str) -> bool {
    let resp = ts
        .http
        .post(ts.url("/oidc/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", app),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap();
    resp.status() == 200
}

#[tokio::test]
async fn kick_users_ends_the_sessions_of_the_named_apps_only() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let d = ts.server.defaults.clone();
    let (app2, secret2) = second_app(&ts, &token).await;
    create_app_user(&ts, "bob").await;
    let one = sign_in(&ts, &d.app_id, &d.app_secret, "bob").await;
    let two = sign_in(&ts, &app2, &secret2, "bob").await;
    let user = ts
        .get_raw(
            "/api/v3/get-user?userId=bob&userIdType=username",
            Some(&token),
        )
        .await;
    let bob = user["data"]["userId"].as_str().unwrap().to_string();

    let status = |app: String| {
        let body = json!({"appId": app, "userId": bob});
        let token = token.clone();
        let ts = &ts;
        async move {
            let b = ts
                .post_json("/api/v3/check-session-status", &body, Some(&token))
                .await;
            assert_eq!(b["statusCode"], 200, "{b}");
            b["data"]["active"].as_bool().unwrap()
        }
    };
    assert!(status(d.app_id.clone()).await);
    assert!(status(app2.clone()).await);
    assert!(!status("no-such-app".into()).await);

    let kicked = ts
        .post_json(
            "/api/v3/kick-users",
            &json!({"appIds": [d.app_id], "userId": "bob", "options": {"userIdType": "username"}}),
            Some(&token),
        )
        .await;
    assert_eq!(kicked["data"]["success"], true, "{kicked}");
    assert!(!status(d.app_id.clone()).await);
    assert!(status(app2.clone()).await);
    // The kicked app's refresh token and access token are dead; the other app's work.
    let rt1 = one["refresh_token"].as_str().unwrap();
    let rt2 = two["refresh_token"].as_str().unwrap();
    assert!(!refresh_ok(&ts, &d.app_id, &d.app_secret, rt1).await);
    assert!(refresh_ok(&ts, &app2, &secret2, rt2).await);
    let me = ts
        .get_raw(
            "/api/v3/get-profile",
            Some(one["access_token"].as_str().unwrap()),
        )
        .await;
    assert_error(&me, 401);

    // The kick is in the audit log.
    let a = ts
        .post_json(
            "/api/v3/get-admin-audit-logs",
            &json!({"resourceType": "userLoginState"}),
            Some(&token),
        )
        .await;
    assert_eq!(a["data"]["totalCount"], 1, "{a}");

    // Bad input.
    for (body, status) in [
        (json!({"appIds": [], "userId": bob}), 400),
        (json!({"userId": bob}), 400),
        (json!({"appIds": [""], "userId": bob}), 400),
        (json!({"appIds": [d.app_id], "userId": ""}), 400),
        (json!({"appIds": [d.app_id], "userId": "ghost"}), 404),
        (
            json!({"appIds": [d.app_id], "userId": bob, "options": {"userIdType": "nope"}}),
            400,
        ),
        (json!({"appIds": "not-a-list", "userId": bob}), 400),
    ] {
        let b = ts
            .post_json("/api/v3/kick-users", &body, Some(&token))
            .await;
        assert_error(&b, status);
    }
    for (body, status) in [
        (json!({"appId": "", "userId": bob}), 400),
        (json!({"appId": d.app_id}), 400),
        (json!({"appId": d.app_id, "userId": "ghost"}), 404),
    ] {
        let b = ts
            .post_json("/api/v3/check-session-status", &body, Some(&token))
            .await;
        assert_error(&b, status);
    }
    ts.stop().await;
}

#[tokio::test]
async fn login_history_and_logged_in_apps() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let d = ts.server.defaults.clone();
    let (app2, secret2) = second_app(&ts, &token).await;
    create_app_user(&ts, "eve").await;
    sign_in(&ts, &d.app_id, &d.app_secret, "eve").await;
    ts.clock.advance(1_000);
    sign_in(&ts, &app2, &secret2, "eve").await;
    ts.clock.advance(1_000);
    sign_in(&ts, &app2, &secret2, "eve").await;
    // A failed attempt is not part of the history.
    let bad = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD", "passwordPayload": {"username": "eve", "password": "nope nope"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_ne!(bad["statusCode"], 200);

    let h = ts
        .get_raw(
            "/api/v3/get-user-login-history?userId=eve&userIdType=username",
            Some(&token),
        )
        .await;
    assert_eq!(h["data"]["totalCount"], 3, "{h}");
    let first = &h["data"]["list"][0];
    assert_eq!(first["appId"], app2.as_str());
    assert_eq!(first["appName"], "Second");
    assert_eq!(first["appLoginUrl"], "https://second.example/login");
    assert_eq!(first["clientIp"], "127.0.0.1");
    assert_eq!(first["userAgent"], "test-agent/1");
    assert!(first["time"].as_str().is_some_and(|t| t.contains('T')));
    let q = |extra: &str| {
        format!("/api/v3/get-user-login-history?userId=eve&userIdType=username&{extra}")
    };
    let only = ts
        .get_raw(&q(&format!("appId={}", d.app_id)), Some(&token))
        .await;
    assert_eq!(only["data"]["totalCount"], 1, "{only}");
    let paged = ts.get_raw(&q("page=2&limit=2"), Some(&token)).await;
    assert_eq!(
        paged["data"]["list"].as_array().unwrap().len(),
        1,
        "{paged}"
    );
    let ip = ts.get_raw(&q("clientIp=10.9.9.9"), Some(&token)).await;
    assert_eq!(ip["data"]["totalCount"], 0);
    let now = authgate_core::clock::Clock::now_millis(&ts.clock);
    let recent = ts
        .get_raw(&q(&format!("start={}", now - 500)), Some(&token))
        .await;
    assert_eq!(recent["data"]["totalCount"], 1, "{recent}");
    let old = ts
        .get_raw(&q(&format!("end={}", now - 1_500)), Some(&token))
        .await;
    assert_eq!(old["data"]["totalCount"], 1, "{old}");
    for bad in ["limit=51", "page=0", "start=soon"] {
        assert_error(&ts.get_raw(&q(bad), Some(&token)).await, 400);
    }
    assert_error(
        &ts.get_raw("/api/v3/get-user-login-history?userId=ghost", Some(&token))
            .await,
        404,
    );
    assert_error(
        &ts.get_raw("/api/v3/get-user-login-history", Some(&token))
            .await,
        400,
    );

    let apps = ts
        .get_raw(
            "/api/v3/get-user-loggedin-apps?userId=eve&userIdType=username",
            Some(&token),
        )
        .await;
    let list = apps["data"].as_array().unwrap();
    assert_eq!(list.len(), 2, "{apps}");
    assert_eq!(list[0]["appId"], app2.as_str(), "most recent first");
    assert_eq!(list[1]["appId"], d.app_id.as_str());
    // A deleted application drops out.
    ts.post_json(
        "/api/v3/delete-application",
        &json!({"appId": app2}),
        Some(&token),
    )
    .await;
    let apps = ts
        .get_raw(
            "/api/v3/get-user-loggedin-apps?userId=eve&userIdType=username",
            Some(&token),
        )
        .await;
    assert_eq!(apps["data"].as_array().unwrap().len(), 1, "{apps}");
    assert_error(
        &ts.get_raw("/api/v3/get-user-loggedin-apps?userId=", Some(&token))
            .await,
        400,
    );

    // Through the Rust SDK.
    use authgate_sdk::proto::sessions::{UserLoggedInAppsQuery, UserLoginHistoryQuery};
    let sdk = ts.sdk();
    let page = sdk
        .get_user_login_history(&UserLoginHistoryQuery {
            user_id: "eve".into(),
            user_id_type: Some("username".into()),
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (3, 1));
    let apps = sdk
        .get_user_loggedin_apps(&UserLoggedInAppsQuery {
            user_id: "eve".into(),
            user_id_type: Some("username".into()),
        })
        .await
        .unwrap();
    assert_eq!(apps[0].app_id, d.app_id);
    ts.stop().await;
}
