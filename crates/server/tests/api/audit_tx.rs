//! The admin audit entry commits in the same transaction as the management change it records:
//! a change whose entry cannot be written does not happen, a handler that fails keeps nothing
//! it wrote, and concurrent management writes and sign-ins still all finish.

use crate::common::{APP_USER_PASSWORD, TestServer, assert_error, create_app_user};
use authgate_store::testing::Refused;
use serde_json::{Value, json};
use std::time::Duration;

/// How long a test waits for work that must finish before calling it stuck.
const STUCK: Duration = Duration::from_secs(120);

async fn audit_total(ts: &TestServer, token: &str) -> i64 {
    let b = ts
        .post_json("/api/v3/get-admin-audit-logs", &json!({}), Some(token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["totalCount"].as_i64().unwrap()
}

/// The user `username`, or `None` when there is none.
async fn user(ts: &TestServer, token: &str, username: &str) -> Option<Value> {
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user?userId={username}&userIdType=username"),
            Some(token),
        )
        .await;
    (b["statusCode"] == 200).then(|| b["data"].clone())
}

async fn role_count(ts: &TestServer, token: &str, user_id: &str) -> i64 {
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user-roles?userId={user_id}"),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["totalCount"].as_i64().unwrap()
}

#[tokio::test]
async fn a_change_whose_audit_entry_cannot_be_written_does_not_happen() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "ada").await;
    let ada = user(&ts, &token, "ada").await.unwrap();
    let ada_id = ada["userId"].as_str().unwrap().to_string();
    let b = ts
        .post_json(
            "/api/v3/create-role",
            &json!({"code": "editor", "description": "edits"}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let entries = audit_total(&ts, &token).await;
    assert!(entries >= 2, "normal writes are audited: {entries}");

    ts.db
        .refuse("admin_audit_log", Refused::Insert)
        .await
        .unwrap();
    let refused = |path: &'static str, body: Value| {
        let ts = &ts;
        let token = token.clone();
        async move {
            let b = ts.post_json(path, &body, Some(&token)).await;
            assert_error(&b, 500);
        }
    };
    refused(
        "/api/v3/create-user",
        json!({"username": "bob", "password": "s3cret pass"}),
    )
    .await;
    refused(
        "/api/v3/update-user",
        json!({"userId": ada_id, "nickname": "Changed", "password": "n3w pass word"}),
    )
    .await;
    refused(
        "/api/v3/assign-role",
        json!({"code": "editor", "targets": [{"targetType": "USER", "targetIdentifier": ada_id}]}),
    )
    .await;
    refused("/api/v3/delete-users-batch", json!({"userIds": [ada_id]})).await;

    // Nothing changed: no bob, ada as she was (and her password still works), no role.
    assert!(user(&ts, &token, "bob").await.is_none());
    let after = user(&ts, &token, "ada").await.expect("ada was not deleted");
    assert_eq!(after["nickname"], ada["nickname"], "{after}");
    assert_eq!(after["updatedAt"], ada["updatedAt"], "{after}");
    assert_eq!(role_count(&ts, &token, &ada_id).await, 0);
    let signed_in = ts.sign_in_password("ada", APP_USER_PASSWORD, None).await;
    assert_eq!(signed_in["statusCode"], 200, "{signed_in}");
    assert_eq!(audit_total(&ts, &token).await, entries);

    // Writable again: the same calls go through, each with its entry.
    ts.db
        .allow("admin_audit_log", Refused::Insert)
        .await
        .unwrap();
    let b = ts
        .post_json(
            "/api/v3/assign-role",
            &json!({"code": "editor", "targets": [{"targetType": "USER", "targetIdentifier": ada_id}]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(role_count(&ts, &token, &ada_id).await, 1);
    let b = ts
        .post_json(
            "/api/v3/delete-users-batch",
            &json!({"userIds": [ada_id]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(user(&ts, &token, "ada").await.is_none());
    assert_eq!(audit_total(&ts, &token).await, entries + 2);
    ts.stop().await;
}

#[tokio::test]
async fn a_handler_that_fails_after_a_write_keeps_nothing() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let d = ts.server.defaults.clone();
    create_app_user(&ts, "cy").await;
    let signed_in = ts.sign_in_password("cy", APP_USER_PASSWORD, None).await;
    assert_eq!(signed_in["statusCode"], 200, "{signed_in}");
    let cy = user(&ts, &token, "cy").await.unwrap();
    let cy_id = cy["userId"].as_str().unwrap().to_string();
    let active = || {
        let (ts, token) = (&ts, token.clone());
        let body = json!({"appId": d.app_id, "userId": cy_id});
        async move {
            let b = ts
                .post_json("/api/v3/check-session-status", &body, Some(&token))
                .await;
            assert_eq!(b["statusCode"], 200, "{b}");
            b["data"]["active"].as_bool().unwrap()
        }
    };
    assert!(active().await);
    // kick-users ends the app sessions, then the SSO sessions: make the second write fail.
    ts.db
        .execute(&format!(
            "INSERT INTO sso_sessions (browser_hash, pool_id, user_id, auth_time, expires_at, \
             handle) VALUES ('browser', '{}', '{cy_id}', 1, 9000000000000, 'handle')",
            d.user_pool_id
        ))
        .await
        .unwrap();
    ts.db.refuse("sso_sessions", Refused::Delete).await.unwrap();
    let entries = audit_total(&ts, &token).await;
    let kick = json!({"appIds": [d.app_id], "userId": cy_id});
    let b = ts
        .post_json("/api/v3/kick-users", &kick, Some(&token))
        .await;
    assert_error(&b, 500);
    assert!(
        active().await,
        "the sessions ended before the failure are back"
    );
    assert_eq!(audit_total(&ts, &token).await, entries);

    ts.db.allow("sso_sessions", Refused::Delete).await.unwrap();
    let b = ts
        .post_json("/api/v3/kick-users", &kick, Some(&token))
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(!active().await);
    assert_eq!(audit_total(&ts, &token).await, entries + 1);
    ts.stop().await;
}

#[tokio::test]
async fn concurrent_management_writes_and_sign_ins_all_finish_and_are_audited() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    const USERS: usize = 12;
    let mut ids = Vec::with_capacity(USERS);
    for i in 0..USERS {
        let name = format!("dee-{i}");
        create_app_user(&ts, &name).await;
        let u = user(&ts, &token, &name).await.unwrap();
        ids.push(u["userId"].as_str().unwrap().to_string());
    }
    let entries = audit_total(&ts, &token).await;

    // Per user: an update racing the user's own sign-in; besides them, new users.
    let updates = ids.iter().enumerate().map(|(i, id)| {
        let body = json!({"userId": id, "nickname": format!("Dee {i}")});
        let (ts, token) = (&ts, token.clone());
        async move {
            ts.post_json("/api/v3/update-user", &body, Some(&token))
                .await
        }
    });
    let creates = (0..USERS).map(|i| {
        let body = json!({"username": format!("par-{i}"), "password": "s3cret pass"});
        let (ts, token) = (&ts, token.clone());
        async move {
            ts.post_json("/api/v3/create-user", &body, Some(&token))
                .await
        }
    });
    let sign_ins = (0..USERS).map(|i| {
        let ts = &ts;
        async move {
            ts.sign_in_password(&format!("dee-{i}"), APP_USER_PASSWORD, None)
                .await
        }
    });
    let all = async {
        tokio::join!(
            futures_util::future::join_all(updates),
            futures_util::future::join_all(creates),
            futures_util::future::join_all(sign_ins)
        )
    };
    let (updates, creates, sign_ins) = tokio::time::timeout(STUCK, all)
        .await
        .expect("management writes and sign-ins deadlocked");
    for b in updates.iter().chain(&creates).chain(&sign_ins) {
        assert_eq!(b["statusCode"], 200, "{b}");
    }
    for i in 0..USERS {
        assert!(user(&ts, &token, &format!("par-{i}")).await.is_some());
        let dee = user(&ts, &token, &format!("dee-{i}")).await.unwrap();
        assert_eq!(dee["nickname"], format!("Dee {i}"), "{dee}");
    }
    assert_eq!(
        audit_total(&ts, &token).await,
        entries + 2 * i64::try_from(USERS).unwrap()
    );
    ts.stop().await;
}
