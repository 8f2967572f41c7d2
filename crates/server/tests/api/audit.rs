//! The admin audit log (every successful management write, nothing for failures or reads)
//! and the user action log.

use crate::common::{APP_USER_PASSWORD, TestServer, assert_error, create_app_user};
use serde_json::{Value, json};

async fn audit(ts: &TestServer, token: &str, filter: Value) -> Value {
    let b = ts
        .post_json("/api/v3/get-admin-audit-logs", &filter, Some(token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"].clone()
}

#[tokio::test]
async fn writes_are_audited_with_actor_ip_request_id_and_redacted_secrets() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let resp = ts
        .http
        .post(ts.url("/api/v3/create-user"))
        .bearer_auth(&token)
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0",
        )
        .json(&json!({"username": "ada", "password": "s3cret pass", "nickname": "Ada"}))
        .send()
        .await
        .unwrap();
    let request_id = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    let created: Value = resp.json().await.unwrap();
    let user_id = created["data"]["userId"].as_str().unwrap().to_string();

    let page = audit(&ts, &token, json!({"requestId": request_id})).await;
    assert_eq!(page["totalCount"], 1, "{page}");
    let e = &page["list"][0];
    assert_eq!(e["adminUserId"], ts.server.defaults.access_key_id.as_str());
    assert_eq!(e["adminUserDisplayName"], "root access key");
    assert_eq!(e["operationType"], "create");
    assert_eq!(e["resourceType"], "user");
    assert_eq!(e["success"], true);
    assert_eq!(e["clientIp"], "127.0.0.1");
    assert_eq!(e["requestId"], request_id.as_str());
    assert_eq!(e["ua"]["name"], "Firefox");
    assert_eq!(e["ua"]["os"], "Linux");
    assert!(
        e["eventDetails"].as_str().unwrap().contains(&user_id),
        "{e}"
    );
    let params = e["operationParam"].as_str().unwrap();
    assert!(params.contains("\"username\":\"ada\""), "{params}");
    assert!(
        params.contains("[REDACTED]") && !params.contains("s3cret"),
        "{params}"
    );
    assert!(e["targetValue"].as_str().unwrap().contains(&user_id));
    assert!(e["timestamp"].as_str().unwrap().ends_with('Z') || e["timestamp"].as_str().is_some());

    // Secrets in answers are redacted too (the new access key's secret).
    ts.clock.advance(1);
    let created = ts
        .post_json(
            "/api/v3/create-access-key",
            &json!({"type": "userpool"}),
            Some(&token),
        )
        .await;
    let secret = created["data"][0]["accessKeySecret"].as_str().unwrap();
    let page = audit(&ts, &token, json!({"resourceType": "cooperator"})).await;
    assert_eq!(page["totalCount"], 1, "{page}");
    assert!(!page.to_string().contains(secret), "{page}");
    assert!(
        page["list"][0]["eventDetails"]
            .as_str()
            .unwrap()
            .contains(created["data"][0]["accessKeyId"].as_str().unwrap())
    );

    // Reads are not audited; a sensitive read is (as `query`).
    ts.get_raw(&format!("/api/v3/get-user?userId={user_id}"), Some(&token))
        .await;
    ts.post_json("/api/v3/list-users", &json!({}), Some(&token))
        .await;
    let app = &ts.server.defaults.app_id;
    ts.clock.advance(1);
    ts.get_raw(
        &format!("/api/v3/get-application-secret?appId={app}"),
        Some(&token),
    )
    .await;
    let all = audit(&ts, &token, json!({})).await;
    assert_eq!(all["totalCount"], 3, "{all}");
    assert_eq!(
        all["list"][0]["operationType"], "query",
        "newest first: {all}"
    );
    assert!(!all.to_string().contains(&ts.server.defaults.app_secret));

    // Before / after summaries where a handler gives them.
    ts.post_json(
        "/api/v3/update-global-mfa-settings",
        &json!({"enabledFactors": ["OTP"]}),
        Some(&token),
    )
    .await;
    let e = &audit(
        &ts,
        &token,
        json!({"operationType": "update", "resourceType": "userpool"}),
    )
    .await["list"][0];
    assert_eq!(e["originValue"], r#"{"enabledFactors":[]}"#, "{e}");
    assert_eq!(e["targetValue"], r#"{"enabledFactors":["OTP"]}"#, "{e}");
    ts.stop().await;
}

#[tokio::test]
async fn failed_writes_leave_no_entry_and_filters_page() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    for name in ["u1", "u2", "u3"] {
        let b = ts
            .post_json(
                "/api/v3/create-user",
                &json!({"username": name}),
                Some(&token),
            )
            .await;
        assert_eq!(b["statusCode"], 200);
    }
    // Failures: duplicate user, bad input, unknown target, bad batch — no entries.
    let dup = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "u1"}),
            Some(&token),
        )
        .await;
    assert_error(&dup, 409);
    let batch = ts
        .post_json(
            "/api/v3/create-users-batch",
            &json!({"list": [{"username": "fresh"}, {"username": "u2"}]}),
            Some(&token),
        )
        .await;
    assert_ne!(batch["statusCode"], 200, "{batch}");
    let bad = ts
        .post_json(
            "/api/v3/update-access-key",
            &json!({"accessKeyId": "x"}),
            Some(&token),
        )
        .await;
    assert_error(&bad, 400);
    let page = audit(&ts, &token, json!({})).await;
    assert_eq!(page["totalCount"], 3, "{page}");
    // No partial change from the failed batch either.
    let exists = ts
        .post_json(
            "/api/v3/is-user-exists",
            &json!({"username": "fresh"}),
            Some(&token),
        )
        .await;
    assert_eq!(exists["data"]["exists"], false, "{exists}");

    // Paging and filters.
    let p = audit(&ts, &token, json!({"pagination": {"page": 2, "limit": 2}})).await;
    assert_eq!(
        (
            p["totalCount"].as_i64(),
            p["list"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    let first = audit(
        &ts,
        &token,
        json!({"pagination": {"page": "1", "limit": "1"}}),
    )
    .await;
    assert_eq!(first["list"].as_array().unwrap().len(), 1);
    let none = audit(&ts, &token, json!({"operationType": "delete"})).await;
    assert_eq!(none["totalCount"], 0);
    let all = audit(
        &ts,
        &token,
        json!({"operationType": "all", "resourceType": "all", "success": true}),
    )
    .await;
    assert_eq!(all["totalCount"], 3);
    let by_other = audit(&ts, &token, json!({"userId": "someone"})).await;
    assert_eq!(by_other["totalCount"], 0);
    let by_root = audit(
        &ts,
        &token,
        json!({"userId": ts.server.defaults.access_key_id}),
    )
    .await;
    assert_eq!(by_root["totalCount"], 3);
    let future = authgate_core::clock::Clock::now_millis(&ts.clock) + 60_000;
    assert_eq!(
        audit(&ts, &token, json!({"start": future})).await["totalCount"],
        0
    );
    assert_eq!(
        audit(&ts, &token, json!({"end": future})).await["totalCount"],
        3
    );
    assert_eq!(
        audit(&ts, &token, json!({"clientIp": "10.0.0.1"})).await["totalCount"],
        0
    );
    for bad in [
        json!({"pagination": {"limit": 51}}),
        json!({"pagination": {"page": 0}}),
        json!({"start": "yesterday"}),
    ] {
        let b = ts
            .post_json("/api/v3/get-admin-audit-logs", &bad, Some(&token))
            .await;
        assert_error(&b, 400);
    }
    let b = ts
        .post_json(
            "/api/v3/get-user-action-logs",
            &json!({"pagination": {"limit": 100}}),
            Some(&token),
        )
        .await;
    assert_error(&b, 400);
    // Reading the log needs management credentials.
    let anon = ts
        .post_json("/api/v3/get-admin-audit-logs", &json!({}), None)
        .await;
    assert_error(&anon, 401);
    ts.stop().await;
}

#[tokio::test]
async fn user_action_log_records_sign_ins_registrations_and_password_changes() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let d = ts.server.defaults.clone();
    create_app_user(&ts, "bob").await;
    let signin = |password: &'static str| {
        let body = json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "bob", "password": password},
                    "client_id": d.app_id, "client_secret": d.app_secret});
        let ts = &ts;
        async move { ts.post_json("/api/v3/signin", &body, None).await }
    };
    assert_ne!(signin("wrong password").await["statusCode"], 200);
    ts.clock.advance(1);
    let ok = signin(APP_USER_PASSWORD).await;
    ts.clock.advance(1);
    assert_eq!(ok["statusCode"], 200, "{ok}");
    let signup = ts
        .http
        .post(ts.url("/api/v3/signup"))
        .header("x-authing-app-id", &d.app_id)
        .json(&json!({"connection": "PASSWORD",
                      "passwordPayload": {"username": "carol", "password": "another pass 1"}}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(signup["statusCode"], 200, "{signup}");

    let logs = |filter: Value| {
        let token = token.clone();
        let ts = &ts;
        async move {
            let b = ts
                .post_json("/api/v3/get-user-action-logs", &filter, Some(&token))
                .await;
            assert_eq!(b["statusCode"], 200, "{b}");
            b["data"].clone()
        }
    };
    let all = logs(json!({})).await;
    assert_eq!(all["totalCount"], 3, "{all}");
    let newest = &all["list"][0];
    assert_eq!(newest["eventType"], "register");
    assert_eq!(newest["userDisplayName"], "carol");
    let logins = logs(json!({"eventType": "login"})).await;
    assert_eq!(logins["totalCount"], 2);
    let failed = logs(json!({"eventType": "login", "success": false})).await;
    assert_eq!(failed["totalCount"], 1);
    let f = &failed["list"][0];
    assert_eq!(f["appId"], d.app_id.as_str());
    assert!(f["appName"].as_str().is_some_and(|n| !n.is_empty()), "{f}");
    assert!(
        f["eventDetail"].as_str().unwrap().contains("apiCode"),
        "{f}"
    );
    assert!(!f["requestId"].as_str().unwrap().is_empty());
    let good = &logs(json!({"eventType": "login", "success": true})).await["list"][0];
    let bob = good["userId"].as_str().unwrap().to_string();
    assert_eq!(good["userLoginsCount"], 1);
    let by_req = logs(json!({"requestId": good["requestId"]})).await;
    assert_eq!(by_req["totalCount"], 1);
    assert_eq!(
        logs(json!({"userId": bob, "appId": "other"})).await["totalCount"],
        0
    );
    assert_eq!(
        logs(json!({"clientIp": "127.0.0.1"})).await["totalCount"],
        3
    );

    // A password change is an event of the user.
    let access = ok["data"]["access_token"].as_str().unwrap();
    let changed = ts
        .post_json(
            "/api/v3/update-password",
            &json!({"newPassword": "brand new pass 2", "oldPassword": APP_USER_PASSWORD}),
            Some(access),
        )
        .await;
    assert_eq!(changed["statusCode"], 200, "{changed}");
    let pw = logs(json!({"eventType": "updateUserPassword", "userId": bob})).await;
    assert_eq!(pw["totalCount"], 1, "{pw}");
    ts.stop().await;
}
