//! The signed-in user's own view: get-my-role/group/department-list, login history,
//! logged-in and accessible apps.

use crate::common::{APP_USER_PASSWORD, TestServer, app_user, assert_error};
use authgate_core::clock::Clock;
use authgate_sdk::proto::my::{MyDepartmentListQuery, MyLoginHistoryQuery, MyRoleListQuery};
use serde_json::{Value, json};

/// An authentication client acting as the user of `token`.
fn user_client(ts: &TestServer, token: &str) -> authgate_sdk::AuthenticationClient {
    let mut client = authgate_sdk::AuthenticationClient::new(
        authgate_sdk::AuthenticationClientOptions::new(&ts.server.defaults.app_id, ts.server.url())
            .with_app_secret(&ts.server.defaults.app_secret),
    )
    .unwrap();
    client.set_access_token(token);
    client
}

const PATHS: &[&str] = &[
    "get-my-role-list",
    "get-my-group-list",
    "get-my-department-list",
    "get-my-login-history",
    "get-my-logged-in-apps",
    "get-my-accessible-apps",
];

async fn me_id(ts: &TestServer, token: &str) -> String {
    let b = ts
        .get_raw(
            "/api/v3/get-user?userId=mia&userIdType=username",
            Some(token),
        )
        .await;
    b["data"]["userId"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn without_a_user_token_nothing_is_shown() {
    let ts = TestServer::start().await;
    let mgmt = ts.mgmt_token().await;
    for path in PATHS {
        let b = ts.get_raw(&format!("/api/v3/{path}"), None).await;
        assert_error(&b, 401);
        let b = ts
            .get_raw(&format!("/api/v3/{path}"), Some("not-a-token"))
            .await;
        assert_error(&b, 401);
        // A management token is no user token.
        let b = ts.get_raw(&format!("/api/v3/{path}"), Some(&mgmt)).await;
        assert_error(&b, 401);
    }
}

#[tokio::test]
async fn roles_groups_and_departments_of_the_user() {
    let ts = TestServer::start().await;
    let mgmt = ts.mgmt_token().await;
    let user = app_user(&ts, "mia").await;
    let other = app_user(&ts, "oli").await;
    let id = me_id(&ts, &mgmt).await;
    let now = ts.clock.now_millis();
    for code in ["reader", "writer", "expired"] {
        ts.post_json("/api/v3/create-role", &json!({"code": code}), Some(&mgmt))
            .await;
    }
    for (code, end) in [
        ("reader", None),
        ("writer", Some(now + 60_000)),
        ("expired", Some(now - 1)),
    ] {
        let mut body =
            json!({"code": code, "targets": [{"targetType": "USER", "targetIdentifier": id}]});
        if let Some(e) = end {
            body["endTime"] = json!(e);
        }
        let b = ts
            .post_json("/api/v3/assign-role", &body, Some(&mgmt))
            .await;
        assert_eq!(b["statusCode"], 200, "{b}");
    }
    ts.post_json(
        "/api/v3/create-group",
        &json!({"code": "crew", "name": "Crew"}),
        Some(&mgmt),
    )
    .await;
    ts.post_json(
        "/api/v3/add-group-members",
        &json!({"code": "crew", "userIds": [id]}),
        Some(&mgmt),
    )
    .await;
    ts.post_json(
        "/api/v3/create-organization",
        &json!({"organizationCode": "acme", "organizationName": "Acme"}),
        Some(&mgmt),
    )
    .await;
    for code in ["ops", "dev"] {
        let d = ts
            .post_json(
                "/api/v3/create-department",
                &json!({"organizationCode": "acme", "name": code, "parentDepartmentId": "root",
                        "code": code, "customData": {"floor": 3}}),
                Some(&mgmt),
            )
            .await;
        let dept = d["data"]["departmentId"].as_str().unwrap().to_string();
        ts.post_json(
            "/api/v3/add-department-members",
            &json!({"organizationCode": "acme", "departmentId": dept, "userIds": [id]}),
            Some(&mgmt),
        )
        .await;
    }

    let auth = user_client(&ts, &user);
    let roles = auth
        .get_my_role_list(&MyRoleListQuery::default())
        .await
        .unwrap();
    let mut codes: Vec<&str> = roles.iter().map(|r| r.code.as_str()).collect();
    codes.sort();
    assert_eq!(
        codes,
        ["reader", "writer"],
        "an ended assignment does not count"
    );
    ts.clock.advance(120_000);
    let roles = auth
        .get_my_role_list(&MyRoleListQuery::default())
        .await
        .unwrap();
    assert_eq!(roles.len(), 1, "writer ended");
    let b = ts
        .get_raw("/api/v3/get-my-role-list?namespace=nope", Some(&user))
        .await;
    assert_error(&b, 404);

    let groups = auth.get_my_group_list().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].code, "crew");

    let page = auth
        .get_my_department_list(&MyDepartmentListQuery {
            sort_by: Some("DepartmentName".into()),
            order_by: Some("Asc".into()),
            with_custom_data: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.list[0].name, "dev");
    assert_eq!(page.list[0].custom_data, Some(json!({"floor": 3})));
    let b = ts
        .get_raw("/api/v3/get-my-department-list?limit=1&page=2", Some(&user))
        .await;
    assert_eq!(b["data"]["totalCount"], 2, "{b}");
    assert_eq!(b["data"]["list"].as_array().unwrap().len(), 1);
    assert!(b["data"]["list"][0].get("customData").is_none(), "{b}");
    for bad in ["limit=51", "page=0", "sortBy=Height", "orderBy=Up"] {
        let b = ts
            .get_raw(
                &format!("/api/v3/get-my-department-list?{bad}"),
                Some(&user),
            )
            .await;
        assert_error(&b, 400);
    }

    // The other user sees none of it.
    let b = ts.get_raw("/api/v3/get-my-group-list", Some(&other)).await;
    assert_eq!(b["data"], json!([]), "{b}");
    let b = ts.get_raw("/api/v3/get-my-role-list", Some(&other)).await;
    assert_eq!(b["data"], json!([]), "{b}");
}

#[tokio::test]
async fn history_and_apps_of_the_user() {
    let ts = TestServer::start().await;
    let user = app_user(&ts, "mia").await;
    let d = &ts.server.defaults;
    // One failed attempt after the successful one.
    ts.clock.advance(1000);
    let b = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "mia", "password": "wrong"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_ne!(b["statusCode"], 200);
    assert!(!APP_USER_PASSWORD.is_empty());
    let auth = user_client(&ts, &user);
    let all = auth
        .get_my_login_history(&MyLoginHistoryQuery::default())
        .await
        .unwrap();
    assert_eq!(all.total_count, 2, "{all:?}");
    assert!(!all.list[0].success, "newest first");
    assert!(all.list[1].success);
    assert_eq!(all.list[1].app_id, d.app_id);
    assert!(!all.list[1].app_name.is_empty());
    let ok: Value = ts
        .get_raw("/api/v3/get-my-login-history?success=true", Some(&user))
        .await;
    assert_eq!(ok["data"]["totalCount"], 1, "{ok}");
    assert!(ok["data"]["list"][0]["loginAt"].is_string());
    let none = ts
        .get_raw("/api/v3/get-my-login-history?appId=other-app", Some(&user))
        .await;
    assert_eq!(none["data"]["totalCount"], 0, "{none}");
    let b = ts
        .get_raw("/api/v3/get-my-login-history?limit=51", Some(&user))
        .await;
    assert_error(&b, 400);

    let logged = auth.get_my_logged_in_apps().await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].app_id, d.app_id);
    assert!(logged[0].active);
    let accessible = auth.get_my_accessible_apps().await.unwrap();
    assert!(accessible.iter().any(|a| a.app_id == d.app_id && a.active));
}
