//! One password policy on every path: the pool's policy refuses the same password whether it
//! comes through management create-user / create-users-batch / update-user, sign-up or a
//! password change (reset and the hosted pages are checked in account.rs / login_pages.rs).

use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, app_user, create_app_user};
use serde_json::{Value, json};

/// 11 characters: one short of the policy set below.
const TOO_SHORT: &str = "eleven-char";
/// 12 characters.
const LONG_ENOUGH: &str = "twelve-chars";

fn too_short(body: &Value) {
    assert_eq!(body["statusCode"], 400, "{body}");
    assert_eq!(body["apiCode"], 2029, "{body}");
}

async fn strict_pool(ts: &TestServer, policy: Value) -> String {
    let mgmt = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/update-security-settings",
            &json!({"passwordPolicy": policy}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    mgmt
}

async fn sign_in(ts: &TestServer, username: &str, password: &str) -> Value {
    ts.sign_in_password(username, password, None).await
}

#[tokio::test]
async fn management_paths_apply_the_pools_policy() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "ada").await;
    let mgmt = strict_pool(&ts, json!({"minLength": 12})).await;
    let exists = |username: &'static str| {
        let req = ts
            .http
            .post(ts.url("/api/v3/is-user-exists"))
            .bearer_auth(&mgmt)
            .json(&json!({"username": username}));
        async move {
            let b = req.fetch_json().await;
            assert_eq!(b["statusCode"], 200, "{b}");
            b["data"]["exists"] == json!(true)
        }
    };

    let b = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "bob", "password": TOO_SHORT}),
            Some(&mgmt),
        )
        .await;
    too_short(&b);
    assert!(!exists("bob").await);

    // All or none: one short password stops the whole batch.
    let b = ts
        .post_json(
            "/api/v3/create-users-batch",
            &json!({"list": [{"username": "cy", "password": LONG_ENOUGH},
                             {"username": "dee", "password": TOO_SHORT}]}),
            Some(&mgmt),
        )
        .await;
    too_short(&b);
    assert!(!exists("cy").await);
    assert!(!exists("dee").await);

    let b = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "bob", "password": LONG_ENOUGH}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let ada = ts
        .get_raw(
            "/api/v3/get-user?userId=ada&userIdType=username",
            Some(&mgmt),
        )
        .await;
    let ada_id = ada["data"]["userId"].as_str().unwrap().to_string();
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": ada_id, "password": TOO_SHORT}),
            Some(&mgmt),
        )
        .await;
    too_short(&b);
    // Unchanged: the old password still signs in, the refused one does not.
    assert_eq!(
        sign_in(&ts, "ada", APP_USER_PASSWORD).await["statusCode"],
        200
    );
    assert_ne!(sign_in(&ts, "ada", TOO_SHORT).await["statusCode"], 200);

    // A generated password is nobody's choice: the policy does not stop it.
    strict_pool(&ts, json!({"minLength": 12, "requiredKinds": 4})).await;
    let b = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "gen"}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": ada_id, "options": {"autoGeneratePassword": true}}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn sign_up_and_password_change_apply_the_same_policy() {
    let ts = TestServer::start().await;
    let token = app_user(&ts, "ada").await;
    strict_pool(&ts, json!({"minLength": 12})).await;
    let d = ts.server.defaults.clone();
    let signup = |password: &'static str| {
        let req = ts
            .http
            .post(ts.url("/api/v3/signup"))
            .header("x-authing-app-id", &d.app_id)
            .json(&json!({"connection": "PASSWORD",
                          "passwordPayload": {"username": "fay", "password": password}}));
        async move { req.fetch_json().await }
    };
    too_short(&signup(TOO_SHORT).await);
    assert_eq!(signup(LONG_ENOUGH).await["statusCode"], 200);

    let change = |new: &'static str| {
        let req = ts
            .http
            .post(ts.url("/api/v3/update-password"))
            .bearer_auth(&token)
            .json(&json!({"newPassword": new, "oldPassword": APP_USER_PASSWORD}));
        async move { req.fetch_json().await }
    };
    too_short(&change(TOO_SHORT).await);
    assert_eq!(change(LONG_ENOUGH).await["statusCode"], 200);
    ts.stop().await;
}
