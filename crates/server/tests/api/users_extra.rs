//! More of the users API: status and password changes through update-user, resign-user,
//! identities, MFA info, custom fields and data, advanced filters and the with* flags.

use crate::common::{APP_USER_PASSWORD, TestServer, assert_error, create_app_user};
use authgate_core::user::{Identifiers, User, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_sdk::proto::users_extra::{
    GetCustomDataQuery, SetCustomFieldItem, SetCustomFieldsRequest, UserRef,
};
use authgate_store::testing::{SqlValue, execute};
use serde_json::{Value, json};

/// Signs `username` in through the default app with `password`; answers the envelope.
async fn sign_in(ts: &TestServer, username: &str, password: &str) -> Value {
    ts.sign_in_password(username, password, None).await
}

async fn user_id(ts: &TestServer, token: &str, username: &str) -> String {
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user?userId={username}&userIdType=username"),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"]["userId"].as_str().unwrap().to_string()
}

async fn session_active(ts: &TestServer, token: &str, id: &str) -> bool {
    let d = &ts.server.defaults;
    let b = ts
        .post_json(
            "/api/v3/check-session-status",
            &json!({"appId": d.app_id, "userId": id}),
            Some(token),
        )
        .await;
    b["data"]["active"].as_bool().unwrap()
}

/// A user of another pool, stored directly.
async fn foreign_user(ts: &TestServer) -> String {
    let store = &ts.server.state.store;
    store
        .insert_pool(&UserPool {
            id: "pool-other".into(),
            name: "Other".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    let u = User::new(
        "foreign-user".into(),
        "pool-other".into(),
        Identifiers {
            username: Some("stranger".into()),
            ..Default::default()
        },
        UserSource::AdminCreated,
        1,
    );
    store.insert_user(&u).await.unwrap();
    u.id
}

#[tokio::test]
async fn status_changes_block_sign_in_at_once() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "sam").await;
    let id = user_id(&ts, &token, "sam").await;
    for status in ["Suspended", "Deactivated"] {
        let b = sign_in(&ts, "sam", APP_USER_PASSWORD).await;
        let access = b["data"]["access_token"].as_str().unwrap().to_string();
        assert!(session_active(&ts, &token, &id).await);
        let b = ts
            .post_json(
                "/api/v3/update-user",
                &json!({"userId": id, "status": status}),
                Some(&token),
            )
            .await;
        assert_eq!(b["data"]["status"], status, "{b}");
        assert!(!session_active(&ts, &token, &id).await, "sessions revoked");
        assert_ne!(
            sign_in(&ts, "sam", APP_USER_PASSWORD).await["statusCode"],
            200
        );
        let me = ts.get_raw("/api/v3/get-my-group-list", Some(&access)).await;
        assert_ne!(me["statusCode"], 200, "old token refused: {me}");
        let b = ts
            .post_json(
                "/api/v3/update-user",
                &json!({"userId": id, "status": "Activated"}),
                Some(&token),
            )
            .await;
        assert_eq!(b["statusCode"], 200, "{b}");
        assert_eq!(
            sign_in(&ts, "sam", APP_USER_PASSWORD).await["statusCode"],
            200
        );
    }
    // Unknown status and unknown user.
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "status": "Sleeping"}),
            Some(&token),
        )
        .await;
    assert_error(&b, 400);
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": "nobody", "status": "Suspended"}),
            Some(&token),
        )
        .await;
    assert_error(&b, 404);
}

#[tokio::test]
async fn admin_sets_passwords() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    create_app_user(&ts, "pat").await;
    let id = user_id(&ts, &token, "pat").await;
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "password": "new secret 22",
                    "options": {"passwordEncryptType": "none", "resetPasswordOnNextLogin": true}}),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["resetPasswordOnNextLogin"], true, "{b}");
    assert_ne!(
        sign_in(&ts, "pat", APP_USER_PASSWORD).await["statusCode"],
        200
    );
    assert_eq!(
        sign_in(&ts, "pat", "new secret 22").await["statusCode"],
        200
    );
    // A transport encryption the server does not know, and a bad RSA ciphertext.
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "password": "x", "options": {"passwordEncryptType": "sm2"}}),
            Some(&token),
        )
        .await;
    assert_ne!(b["statusCode"], 200, "{b}");
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "password": "bm90IHJzYQ==",
                    "options": {"passwordEncryptType": "rsa"}}),
            Some(&token),
        )
        .await;
    assert_ne!(b["statusCode"], 200, "{b}");
    assert_eq!(
        sign_in(&ts, "pat", "new secret 22").await["statusCode"],
        200
    );
    // A generated password nobody knows: the old one stops working, a reset is required.
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "options": {"autoGeneratePassword": true}}),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["resetPasswordOnNextLogin"], true, "{b}");
    assert_ne!(
        sign_in(&ts, "pat", "new secret 22").await["statusCode"],
        200
    );
    // departmentIds belong to set-user-departments on update.
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "departmentIds": ["d"]}),
            Some(&token),
        )
        .await;
    assert_error(&b, 400);
}

#[tokio::test]
async fn resign_identities_mfa_and_deletion_cleanup() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let c = ts.sdk();
    create_app_user(&ts, "rex").await;
    create_app_user(&ts, "del").await;
    let rex = user_id(&ts, &token, "rex").await;
    let del = user_id(&ts, &token, "del").await;
    assert_eq!(
        sign_in(&ts, "rex", APP_USER_PASSWORD).await["statusCode"],
        200
    );
    ts.post_json("/api/v3/create-role", &json!({"code": "ops"}), Some(&token))
        .await;
    ts.post_json(
        "/api/v3/create-group",
        &json!({"code": "crew", "name": "Crew"}),
        Some(&token),
    )
    .await;
    ts.post_json(
        "/api/v3/create-resource",
        &json!({"code": "books", "type": "DATA", "actions": [{"name": "read", "description": "r"}]}),
        Some(&token),
    )
    .await;
    for u in [&rex, &del] {
        let b = ts
            .post_json(
                "/api/v3/assign-role",
                &json!({"code": "ops", "targets": [{"targetType": "USER", "targetIdentifier": u}]}),
                Some(&token),
            )
            .await;
        assert_eq!(b["statusCode"], 200, "{b}");
        ts.post_json(
            "/api/v3/add-group-members",
            &json!({"code": "crew", "userIds": [u]}),
            Some(&token),
        )
        .await;
        let b = ts
            .post_json(
                "/api/v3/authorize-resources",
                &json!({"list": [{"targetType": "USER", "targetIdentifiers": [u],
                        "resources": [{"code": "books", "actions": ["read"], "resourceType": "DATA"}]}]}),
                Some(&token),
            )
            .await;
        assert_eq!(b["statusCode"], 200, "{b}");
    }
    let ok = c
        .resign_user(&UserRef {
            user_id: "rex".into(),
            user_id_type: Some("username".into()),
        })
        .await
        .unwrap();
    assert!(ok.success);
    let u = ts
        .get_raw(&format!("/api/v3/get-user?userId={rex}"), Some(&token))
        .await;
    assert_eq!(u["data"]["status"], "Resigned");
    assert!(!session_active(&ts, &token, &rex).await);
    assert_ne!(
        sign_in(&ts, "rex", APP_USER_PASSWORD).await["statusCode"],
        200
    );
    let roles = ts
        .get_raw(
            &format!("/api/v3/get-user-roles?userId={rex}"),
            Some(&token),
        )
        .await;
    assert_eq!(roles["data"]["totalCount"], 0, "{roles}");
    let groups = ts
        .get_raw(
            &format!("/api/v3/get-user-groups?userId={rex}"),
            Some(&token),
        )
        .await;
    assert_eq!(groups["data"]["totalCount"], 0, "{groups}");
    let res = ts
        .get_raw(
            &format!("/api/v3/get-user-authorized-resources?userId={rex}"),
            Some(&token),
        )
        .await;
    assert_eq!(res["data"]["totalCount"], 0, "{res}");

    // Deleting removes assignments and grants in the same transaction.
    ts.post_json(
        "/api/v3/delete-users-batch",
        &json!({"userIds": [del]}),
        Some(&token),
    )
    .await;
    let store = &ts.server.state.store;
    for table in ["role_assignments", "authorizations"] {
        let left = execute(
            store,
            &format!("DELETE FROM {table} WHERE target_type = 'USER' AND target_id = $1"),
            &[SqlValue::Text(del.clone())],
        )
        .await
        .unwrap();
        assert_eq!(left, 0, "{table} rows left for a deleted user");
    }

    // Identities and MFA: typed, empty / disabled; unknown and foreign users are 404.
    let ids = c
        .get_user_identities(&UserRef {
            user_id: rex.clone(),
            user_id_type: None,
        })
        .await
        .unwrap();
    assert!(ids.is_empty());
    let mfa = ts
        .get_raw(
            &format!("/api/v3/get-user-mfa-info?userId={rex}"),
            Some(&token),
        )
        .await;
    assert_eq!(mfa["data"]["totpStatus"], "DISABLED", "{mfa}");
    let foreign = foreign_user(&ts).await;
    for path in ["get-user-identities", "get-user-mfa-info"] {
        for who in ["nobody", foreign.as_str()] {
            let b = ts
                .get_raw(&format!("/api/v3/{path}?userId={who}"), Some(&token))
                .await;
            assert_error(&b, 404);
        }
        let b = ts
            .get_raw(
                &format!("/api/v3/{path}?userId=x&userIdType=identity"),
                Some(&token),
            )
            .await;
        assert_error(&b, 400);
    }
    for who in ["nobody", foreign.as_str()] {
        let b = ts
            .post_json("/api/v3/resign-user", &json!({"userId": who}), Some(&token))
            .await;
        assert_error(&b, 404);
    }
    let b = ts
        .post_json("/api/v3/resign-user", &json!({"userId": ""}), Some(&token))
        .await;
    assert_error(&b, 400);
}

fn field(target: &str, key: &str, data_type: &str) -> SetCustomFieldItem {
    SetCustomFieldItem {
        target_type: target.into(),
        key: key.into(),
        data_type: Some(data_type.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn custom_fields_and_data() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let c = ts.sdk();
    create_app_user(&ts, "cara").await;
    let cara = user_id(&ts, &token, "cara").await;
    let set = c
        .set_custom_fields(&SetCustomFieldsRequest {
            list: vec![
                field("USER", "age", "NUMBER"),
                field("USER", "team", "STRING"),
                field("USER", "vip", "BOOLEAN"),
                field("DEPARTMENT", "site", "STRING"),
            ],
            tenant_id: None,
        })
        .await
        .unwrap();
    assert_eq!(set.len(), 4);
    let b = ts
        .get_raw("/api/v3/get-custom-fields?targetType=USER", Some(&token))
        .await;
    let keys: Vec<&str> = b["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["age", "team", "vip"], "{b}");
    assert_eq!(b["data"][0]["dataType"], "NUMBER");
    assert_eq!(b["data"][0]["label"], "age");
    // Changing keeps the type unless given.
    let b = ts
        .post_json(
            "/api/v3/set-custom-fields",
            &json!({"list": [{"targetType": "USER", "key": "age", "label": "Age"}]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"][0]["dataType"], "NUMBER", "{b}");
    assert_eq!(b["data"][0]["label"], "Age");
    for bad in [
        json!({"list": [{"targetType": "ROBOT", "key": "a"}]}),
        json!({"list": [{"targetType": "USER", "key": "a b"}]}),
        json!({"list": [{"targetType": "USER", "key": "a", "dataType": "BLOB"}]}),
        json!({"list": []}),
        json!({"list": [{"targetType": "USER", "key": "a"}, {"targetType": "USER", "key": "a"}]}),
    ] {
        let b = ts
            .post_json("/api/v3/set-custom-fields", &bad, Some(&token))
            .await;
        assert_error(&b, 400);
    }
    let b = ts
        .get_raw("/api/v3/get-custom-fields?targetType=ROBOT", Some(&token))
        .await;
    assert_error(&b, 400);

    // Values: typed by the field, undeclared keys refused.
    let b = ts
        .post_json(
            "/api/v3/set-custom-data",
            &json!({"targetType": "USER", "targetIdentifier": cara,
                    "list": [{"key": "age", "value": "41"}, {"key": "vip", "value": "true"},
                             {"key": "team", "value": "red"}]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["success"], true, "{b}");
    let data = c
        .get_custom_data(&GetCustomDataQuery {
            target_type: "USER".into(),
            target_identifier: cara.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(data, json!({"age": 41, "vip": true, "team": "red"}));
    for (list, status) in [
        (json!([{"key": "undeclared", "value": "x"}]), 400),
        (json!([{"key": "age", "value": "old"}]), 400),
        (json!([{"key": "vip", "value": "maybe"}]), 400),
        (json!([]), 400),
    ] {
        let b = ts
            .post_json(
                "/api/v3/set-custom-data",
                &json!({"targetType": "USER", "targetIdentifier": cara, "list": list}),
                Some(&token),
            )
            .await;
        assert_error(&b, status);
    }
    let foreign = foreign_user(&ts).await;
    for who in ["nobody", foreign.as_str()] {
        let b = ts
            .post_json(
                "/api/v3/set-custom-data",
                &json!({"targetType": "USER", "targetIdentifier": who,
                        "list": [{"key": "team", "value": "x"}]}),
                Some(&token),
            )
            .await;
        assert_error(&b, 404);
        let b = ts
            .get_raw(
                &format!("/api/v3/get-custom-data?targetType=USER&targetIdentifier={who}"),
                Some(&token),
            )
            .await;
        assert_error(&b, 404);
    }
    let b = ts
        .get_raw(
            "/api/v3/get-custom-data?targetType=ROLE&targetIdentifier=admin",
            Some(&token),
        )
        .await;
    assert_ne!(b["statusCode"], 200, "{b}");

    // Departments.
    ts.post_json(
        "/api/v3/create-organization",
        &json!({"organizationCode": "acme", "organizationName": "Acme"}),
        Some(&token),
    )
    .await;
    let d = ts
        .post_json(
            "/api/v3/create-department",
            &json!({"organizationCode": "acme", "name": "Ops", "parentDepartmentId": "root", "code": "ops"}),
            Some(&token),
        )
        .await;
    let dept = d["data"]["departmentId"].as_str().unwrap().to_string();
    let b = ts
        .post_json(
            "/api/v3/set-custom-data",
            &json!({"targetType": "DEPARTMENT", "targetIdentifier": dept,
                    "list": [{"key": "site", "value": "bj"}]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let b = ts
        .get_raw(
            &format!("/api/v3/get-custom-data?targetType=DEPARTMENT&targetIdentifier={dept}"),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["site"], "bj", "{b}");

    // Deleting a definition: gone from the schema, values kept, further sets refused.
    let b = ts
        .post_json(
            "/api/v3/delete-custom-fields",
            &json!({"list": [{"targetType": "USER", "key": "team"}]}),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["success"], true, "{b}");
    let b = ts
        .get_raw("/api/v3/get-custom-fields?targetType=USER", Some(&token))
        .await;
    assert_eq!(b["data"].as_array().unwrap().len(), 2, "{b}");
    let b = ts
        .post_json(
            "/api/v3/set-custom-data",
            &json!({"targetType": "USER", "targetIdentifier": cara,
                    "list": [{"key": "team", "value": "blue"}]}),
            Some(&token),
        )
        .await;
    assert_error(&b, 400);
}

async fn list(ts: &TestServer, token: &str, body: Value) -> Value {
    ts.post_json("/api/v3/list-users", &body, Some(token)).await
}

fn names(b: &Value) -> Vec<String> {
    let mut v: Vec<String> = b["data"]["list"]
        .as_array()
        .unwrap_or_else(|| panic!("{b}"))
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn advanced_filters_and_with_flags() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    ts.post_json(
        "/api/v3/set-custom-fields",
        &json!({"list": [{"targetType": "USER", "key": "age", "dataType": "NUMBER"},
                         {"targetType": "USER", "key": "team", "dataType": "STRING"}]}),
        Some(&token),
    )
    .await;
    ts.post_json(
        "/api/v3/create-organization",
        &json!({"organizationCode": "acme", "organizationName": "Acme"}),
        Some(&token),
    )
    .await;
    let d = ts
        .post_json(
            "/api/v3/create-department",
            &json!({"organizationCode": "acme", "name": "Ops", "parentDepartmentId": "root", "code": "ops"}),
            Some(&token),
        )
        .await;
    let dept = d["data"]["departmentId"].as_str().unwrap().to_string();
    for (name, email, age, team) in [
        ("ann", "Ann@Example.com", 20, "red"),
        ("bob", "bob@example.com", 35, "blue"),
        ("cyd", "cyd@other.org", 50, "red"),
    ] {
        let b = ts
            .post_json(
                "/api/v3/create-user",
                &json!({"username": name, "email": email, "customData": {"age": age, "team": team},
                        "departmentIds": if name == "ann" { json!([dept]) } else { json!([]) }}),
                Some(&token),
            )
            .await;
        assert_eq!(b["statusCode"], 200, "{b}");
        if name == "ann" {
            assert_eq!(b["data"]["departmentIds"], json!([dept]), "{b}");
        }
    }
    ts.post_json(
        "/api/v3/create-user",
        &json!({"username": "dee"}),
        Some(&token),
    )
    .await;
    let f = |field: &str, op: &str, value: Value| json!({"advancedFilter": [{"field": field, "operator": op, "value": value}]});
    let cases = [
        (f("email", "EQUAL", json!("ann@example.com")), vec!["ann"]),
        (f("email", "CONTAINS", json!("EXAMPLE")), vec!["ann", "bob"]),
        (
            f("email", "NOT_CONTAINS", json!("example")),
            vec!["cyd", "dee"],
        ),
        (
            f("username", "IN", json!(["bob", "cyd", "zed"])),
            vec!["bob", "cyd"],
        ),
        (
            f("username", "NOT_EQUAL", json!("bob")),
            vec!["ann", "cyd", "dee"],
        ),
        (f("email", "IS_NULL", Value::Null), vec!["dee"]),
        (
            f("email", "NOT_NULL", Value::Null),
            vec!["ann", "bob", "cyd"],
        ),
        (f("age", "GREATER", json!(30)), vec!["bob", "cyd"]),
        (f("age", "LESSER", json!("35")), vec!["ann"]),
        (f("age", "BETWEEN", json!([20, 35])), vec!["ann", "bob"]),
        (f("team", "EQUAL", json!("red")), vec!["ann", "cyd"]),
        (f("customData.team", "CONTAINS", json!("LU")), vec!["bob"]),
        (
            f("loginsCount", "EQUAL", json!(0)),
            vec!["ann", "bob", "cyd", "dee"],
        ),
        (
            f("createdAt", "LESSER", json!("1970-01-01T00:00:00.000Z")),
            vec![],
        ),
        (
            f("emailVerified", "EQUAL", json!(false)),
            vec!["ann", "bob", "cyd", "dee"],
        ),
        (
            json!({"advancedFilter": [
                {"field": "team", "operator": "EQUAL", "value": "red"},
                {"field": "age", "operator": "GREATER", "value": 30}]}),
            vec!["cyd"],
        ),
    ];
    for (body, want) in cases {
        let b = list(&ts, &token, body.clone()).await;
        assert_eq!(names(&b), want, "{body}");
        assert_eq!(b["data"]["totalCount"], want.len(), "{body}");
    }
    for bad in [
        f("nope", "EQUAL", json!("x")),
        f("email", "LIKE", json!("x")),
        f("age", "CONTAINS", json!("x")),
        f("age", "GREATER", json!("old")),
        f("username", "IN", json!([])),
        f("username", "BETWEEN", json!(["a"])),
        f("username", "EQUAL", Value::Null),
        f("", "EQUAL", json!("x")),
        json!({"options": {"pagination": {"page": 1, "limit": 51}}}),
    ] {
        assert_error(&list(&ts, &token, bad).await, 400);
    }

    // with* flags, on list-users, get-user and get-user-batch.
    let b = list(
        &ts,
        &token,
        json!({"advancedFilter": [{"field": "username", "operator": "EQUAL", "value": "ann"}],
               "options": {"withCustomData": true, "withDepartmentIds": true, "withIdentities": true}}),
    )
    .await;
    let ann = &b["data"]["list"][0];
    assert_eq!(ann["departmentIds"], json!([dept]), "{b}");
    assert_eq!(ann["identities"], json!([]));
    assert_eq!(ann["customData"]["team"], "red");
    let id = ann["userId"].as_str().unwrap().to_string();
    let b = list(&ts, &token, json!({"keywords": "ann"})).await;
    let plain = &b["data"]["list"][0];
    for member in ["departmentIds", "identities", "customData"] {
        assert!(plain.get(member).is_none(), "{member} without asking: {b}");
    }
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user?userId={id}&withDepartmentIds=true&flatCustomData=true"),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"]["departmentIds"], json!([dept]), "{b}");
    assert_eq!(b["data"]["team"], "red");
    let b = ts
        .get_raw(
            &format!("/api/v3/get-user-batch?userIds={id}&withDepartmentIds=true"),
            Some(&token),
        )
        .await;
    assert_eq!(b["data"][0]["departmentIds"], json!([dept]), "{b}");
    let b = ts
        .get_raw(
            "/api/v3/list-users?withDepartmentIds=true&limit=50",
            Some(&token),
        )
        .await;
    assert!(
        b["data"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["departmentIds"].is_array()),
        "{b}"
    );

    // Unknown departments refuse the whole creation.
    let b = ts
        .post_json(
            "/api/v3/create-users-batch",
            &json!({"list": [{"username": "eve"}, {"username": "fay", "departmentIds": ["nope"]}]}),
            Some(&token),
        )
        .await;
    assert_error(&b, 404);
    let b = list(&ts, &token, f("username", "IN", json!(["eve", "fay"]))).await;
    assert_eq!(b["data"]["totalCount"], 0, "{b}");
}
