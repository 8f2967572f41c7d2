//! What GenAuth's Go SDK (`authing-golang-sdk/v3`) sends, byte for byte where it differs from
//! Node and Python (spec §1.6.3), and the answer types its `encoding/json` structs need:
//!
//! - `NewAuthenticationClient` first asks `POST /api/v3/check-app-id-secret`;
//! - the user token goes raw in `authorization`; management calls add `Bearer`, an empty
//!   `x-authing-app-tenant-id` and a possibly empty `x-authing-lang`;
//! - GET parameters are written `k=v&` for every field of the request struct (unencoded, in
//!   map order, a trailing `&`), and the JSON body is sent on GETs too (`null` for none);
//! - `omitempty` does not drop struct-typed fields, so `signin` always carries every payload
//!   (`passCodePayload: {"passCode": ""}`, `adPayload`, `ldapPayload`, `options: {}`);
//! - answers are decoded into typed structs: an integer field given a float or a string, or a
//!   string field given a number, fails the whole call (`expire_in`, `expires_in`,
//!   `statusCode`, `loginsCount`…).

use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, assert_error, create_app_user};
use crate::sinks::SmtpSink;
use base64::Engine;
use serde_json::{Value, json};

/// The headers the Go SDK's authentication client puts on every `/api/v3` call.
fn go_auth_request(
    ts: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut req = ts
        .http
        .request(method, ts.url(path))
        .header("x-authing-sdk-version", "go:3.0.19")
        .header("x-authing-app-id", &ts.server.defaults.app_id);
    if let Some(t) = token {
        req = req.header("authorization", t);
    }
    req
}

/// A Go-SDK POST: `application/json;charset=UTF-8`, the struct marshalled as is.
async fn go_post(ts: &TestServer, path: &str, body: &Value, token: Option<&str>) -> Value {
    let resp = go_auth_request(ts, reqwest::Method::POST, path, token)
        .header("content-type", "application/json;charset=UTF-8")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "HTTP status of {path}");
    resp.json().await.unwrap()
}

/// A Go-SDK GET: `path?k=v&…&` (values unencoded, `%v`-formatted) with the same struct sent
/// again as a JSON body and no content type.
async fn go_get(
    ts: &TestServer,
    path: &str,
    params: &[(&str, &str)],
    token: Option<&str>,
) -> Value {
    let mut url = path.to_string();
    if !params.is_empty() {
        url.push('?');
        for (k, v) in params {
            url.push_str(&format!("{k}={v}&"));
        }
    }
    let body = if params.is_empty() {
        "null".to_string()
    } else {
        Value::Object(
            params
                .iter()
                .map(|(k, v)| ((*k).to_string(), json!(v)))
                .collect(),
        )
        .to_string()
    };
    let resp = go_auth_request(ts, reqwest::Method::GET, &url, token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "HTTP status of {url}");
    resp.json().await.unwrap()
}

/// `signin` as the Go SDK marshals `SigninByCredentialsDto`: every payload present.
fn go_signin_body(ts: &TestServer, connection: &str, password: Value, passcode: Value) -> Value {
    let d = &ts.server.defaults;
    json!({
        "connection": connection,
        "passwordPayload": password,
        "passCodePayload": passcode,
        "adPayload": {"password": "", "sAMAccountName": ""},
        "ldapPayload": {"password": "", "sAMAccountName": ""},
        "options": {},
        "client_id": d.app_id,
        "client_secret": d.app_secret,
    })
}

/// Asserts `data` decodes into the Go SDK's `LoginTokenResponseDataDto` and returns the
/// access token.
fn assert_go_token_set(b: &Value) -> String {
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(b["statusCode"].is_u64(), "statusCode is a Go int: {b}");
    let data = &b["data"];
    assert!(data["expire_in"].is_u64(), "expire_in is a Go int: {b}");
    assert!(data["token_type"].is_string(), "{b}");
    for key in ["access_token", "id_token", "refresh_token", "scope"] {
        assert!(
            data.get(key).is_none_or(|v| v.is_string() || v.is_null()),
            "{key} is a Go string: {b}"
        );
    }
    data["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn check_app_id_secret_answers_valid_only_for_the_right_pair() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let path = "/api/v3/check-app-id-secret";

    let b = go_post(
        &ts,
        path,
        &json!({"appId": d.app_id, "appSecret": d.app_secret}),
        None,
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"], json!({"valid": true}));

    // The OAuth spellings name the same fields.
    let b = go_post(
        &ts,
        path,
        &json!({"client_id": d.app_id, "client_secret": d.app_secret}),
        None,
    )
    .await;
    assert_eq!(b["data"], json!({"valid": true}), "{b}");

    // A wrong secret and an unknown application answer the same thing.
    let wrong_secret = go_post(
        &ts,
        path,
        &json!({"appId": d.app_id, "appSecret": format!("{}x", d.app_secret)}),
        None,
    )
    .await;
    let unknown_app = go_post(
        &ts,
        path,
        &json!({"appId": "no-such-app", "appSecret": d.app_secret}),
        None,
    )
    .await;
    for b in [&wrong_secret, &unknown_app] {
        assert_eq!(b["statusCode"], 200, "{b}");
        assert_eq!(b["data"], json!({"valid": false}), "{b}");
    }
    // A prefix of the secret is not the secret.
    let prefix = &d.app_secret[..d.app_secret.len() - 1];
    let b = go_post(
        &ts,
        path,
        &json!({"appId": d.app_id, "appSecret": prefix}),
        None,
    )
    .await;
    assert_eq!(b["data"]["valid"], false, "{b}");
}

#[tokio::test]
async fn check_app_id_secret_rejects_bad_input_with_a_json_envelope() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let path = "/api/v3/check-app-id-secret";
    for body in [
        json!({"appId": d.app_id}),
        json!({"appSecret": d.app_secret}),
        json!({"appId": "", "appSecret": d.app_secret}),
        json!({"appId": d.app_id, "appSecret": "   "}),
        json!({}),
        json!({"appId": 42, "appSecret": d.app_secret}),
        json!([d.app_id, d.app_secret]),
    ] {
        let b = go_post(&ts, path, &body, None).await;
        assert_error(&b, 400);
        assert!(b.get("data").is_none_or(Value::is_null), "{b}");
    }
    // Not JSON at all: still a JSON answer (the SDK panics on anything else).
    let resp = ts
        .http
        .post(ts.url(path))
        .header("content-type", "application/json;charset=UTF-8")
        .body("appId=x&appSecret=y")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let b: Value = resp.json().await.unwrap();
    assert_error(&b, 400);
    // The path takes POST only; another method is the envelope, never a 404 page.
    let b = ts.http.get(ts.url(path)).fetch_json().await;
    assert!(b["statusCode"].as_u64().is_some_and(|s| s >= 400), "{b}");
}

#[tokio::test]
async fn signin_with_every_payload_present_works_for_each_identifier() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": "gopher", "email": "gopher@example.com",
                    "phone": "13800000001", "password": APP_USER_PASSWORD}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let empty_passcode = json!({"passCode": ""});
    for field in ["username", "email", "phone"] {
        let value = match field {
            "username" => "gopher",
            "email" => "gopher@example.com",
            _ => "13800000001",
        };
        let mut payload = json!({"password": APP_USER_PASSWORD});
        payload[field] = json!(value);
        let b = go_post(
            &ts,
            "/api/v3/signin",
            &go_signin_body(&ts, "PASSWORD", payload, empty_passcode.clone()),
            None,
        )
        .await;
        assert_go_token_set(&b);
    }
    // A wrong password still fails, with the empty payloads beside it.
    let b = go_post(
        &ts,
        "/api/v3/signin",
        &go_signin_body(
            &ts,
            "PASSWORD",
            json!({"password": "wrong password", "username": "gopher"}),
            empty_passcode.clone(),
        ),
        None,
    )
    .await;
    assert_error(&b, 403);
    // No identifier at all (every field empty, as a zero-value struct): bad input.
    let b = go_post(
        &ts,
        "/api/v3/signin",
        &go_signin_body(&ts, "PASSWORD", json!({"password": ""}), empty_passcode),
        None,
    )
    .await;
    assert_error(&b, 400);
}

#[tokio::test]
async fn passcode_signin_ignores_the_empty_password_payload() {
    let sink = SmtpSink::start().await;
    let url = sink.url.clone();
    let mut sink = sink;
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    create_app_user(&ts, "mailer").await;
    let token = ts.mgmt_token().await;
    let users = ts
        .get_raw(
            "/api/v3/get-user?userId=mailer&userIdType=username",
            Some(&token),
        )
        .await;
    let user_id = users["data"]["userId"].as_str().unwrap().to_string();
    let b = ts
        .post_json(
            "/api/v3/update-user",
            &json!({"userId": user_id, "email": "mailer@example.com"}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");

    // Go's SendEmailDto: channel and email, nothing else.
    let b = go_post(
        &ts,
        "/api/v3/send-email",
        &json!({"channel": "CHANNEL_LOGIN", "email": "mailer@example.com"}),
        None,
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let code = sink.next().await.code();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let b = go_post(
        &ts,
        "/api/v3/signin",
        &go_signin_body(
            &ts,
            "PASSCODE",
            json!({"password": ""}),
            json!({"passCode": wrong, "email": "mailer@example.com"}),
        ),
        None,
    )
    .await;
    assert_error(&b, 403);
    let b = go_post(
        &ts,
        "/api/v3/signin",
        &go_signin_body(
            &ts,
            "PASSCODE",
            json!({"password": ""}),
            json!({"passCode": code, "email": "mailer@example.com"}),
        ),
        None,
    )
    .await;
    assert_go_token_set(&b);
}

#[tokio::test]
async fn basic_client_auth_on_signin_with_go_headers() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "basic").await;
    let d = ts.server.defaults.clone();
    let basic = |secret: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{secret}", d.app_id))
        )
    };
    // client_secret_basic: the Go SDK still marshals client_id/client_secret (omitempty only
    // drops them when unset); here they are unset, as with the Basic header alone.
    let mut body = go_signin_body(
        &ts,
        "PASSWORD",
        json!({"password": APP_USER_PASSWORD, "username": "basic"}),
        json!({"passCode": ""}),
    );
    let obj = body.as_object_mut().unwrap();
    obj.remove("client_id");
    obj.remove("client_secret");
    let b = go_post(&ts, "/api/v3/signin", &body, Some(&basic(&d.app_secret))).await;
    assert_go_token_set(&b);
    let b = go_post(&ts, "/api/v3/signin", &body, Some(&basic("not-the-secret"))).await;
    assert!(b["statusCode"].as_u64().is_some_and(|s| s >= 400), "{b}");
}

#[tokio::test]
async fn user_calls_take_the_raw_token_and_go_shaped_queries() {
    let ts = TestServer::start().await;
    let token = crate::common::app_user(&ts, "raw").await;

    // GetProfile: `withCustomData=false&withIdentities=false&withDepartmentIds=false&`.
    let b = go_get(
        &ts,
        "/api/v3/get-profile",
        &[
            ("withCustomData", "false"),
            ("withIdentities", "false"),
            ("withDepartmentIds", "false"),
        ],
        Some(&token),
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["username"], "raw");
    assert_go_user(&b["data"]);

    // GetSecurityLevel: no parameters, body `null`.
    let b = go_get(&ts, "/api/v3/get-security-info", &[], Some(&token)).await;
    assert_eq!(b["statusCode"], 200, "{b}");

    // A forged token is refused with the envelope.
    let b = go_get(&ts, "/api/v3/get-profile", &[], Some("not.a.token")).await;
    assert!(b["statusCode"].as_u64().is_some_and(|s| s >= 400), "{b}");
}

/// Asserts a user object decodes into the Go SDK's `UserDto` (strings, bools, an int).
fn assert_go_user(u: &Value) {
    for key in ["userId", "createdAt", "updatedAt", "status", "gender"] {
        assert!(u[key].is_string(), "{key} is a Go string: {u}");
    }
    for key in ["emailVerified", "phoneVerified"] {
        assert!(u[key].is_boolean(), "{key} is a Go bool: {u}");
    }
    for key in [
        "email",
        "phone",
        "phoneCountryCode",
        "username",
        "name",
        "nickname",
        "photo",
        "lastLogin",
        "lastIp",
        "passwordLastSetAt",
        "birthdate",
        "externalId",
        "statusChangedAt",
    ] {
        assert!(
            u.get(key).is_none_or(|v| v.is_string() || v.is_null()),
            "{key} is a Go string: {u}"
        );
    }
    assert!(
        u.get("loginsCount")
            .is_none_or(|v| v.is_u64() || v.is_null()),
        "loginsCount is a Go int: {u}"
    );
    for key in ["departmentIds", "identities"] {
        assert!(
            u.get(key).is_none_or(|v| v.is_array() || v.is_null()),
            "{key} is a Go slice: {u}"
        );
    }
}

/// The Go management client: `Bearer` token, pool header, empty tenant and language headers.
fn go_mgmt(
    ts: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
) -> reqwest::RequestBuilder {
    ts.http
        .request(method, ts.url(path))
        .header("x-authing-app-tenant-id", "")
        .header("x-authing-sdk-version", "go:3.0.19")
        .header("x-authing-lang", "")
        .header("authorization", format!("Bearer {token}"))
        .header("x-authing-userpool-id", &ts.server.defaults.user_pool_id)
}

#[tokio::test]
async fn management_token_and_user_crud_as_go_sends_them() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    // get-management-token: the tenant and language headers are present and empty.
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/get-management-token"))
        .header("content-type", "application/json;charset=UTF-8")
        .header("x-authing-app-tenant-id", "")
        .header("x-authing-lang", "")
        .body(
            json!({"accessKeyId": d.access_key_id, "accessKeySecret": d.access_key_secret})
                .to_string(),
        )
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(
        b["data"]["expires_in"].is_u64(),
        "expires_in is a Go int: {b}"
    );
    let token = b["data"]["access_token"].as_str().unwrap().to_string();
    // The SDK reads scoped_userpool_id from the (base64url) payload.
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["scoped_userpool_id"], d.user_pool_id);

    let b: Value = go_mgmt(&ts, reqwest::Method::POST, "/api/v3/create-user", &token)
        .header("content-type", "application/json;charset=UTF-8")
        // CreateUserReqDto: `otp` and `options` are structs, so always present.
        .body(
            json!({"username": "go-user", "password": APP_USER_PASSWORD, "nickname": "G",
                   "otp": {"secret": ""}, "options": {"sendNotification": {}}})
            .to_string(),
        )
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_go_user(&b["data"]);
    let user_id = b["data"]["userId"].as_str().unwrap().to_string();

    // GetUser the Go way: every field of GetUserDto, trailing `&`, JSON body on a GET.
    let query = format!(
        "/api/v3/get-user?userId={user_id}&userIdType=user_id&withCustomData=false&withIdentities=false&withDepartmentIds=false&"
    );
    let b: Value = go_mgmt(&ts, reqwest::Method::GET, &query, &token)
        .body(json!({"userId": user_id, "userIdType": "user_id"}).to_string())
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["nickname"], "G");
    assert_go_user(&b["data"]);

    // An unknown user through the same shape: the envelope, not a crash.
    let b: Value = go_mgmt(
        &ts,
        reqwest::Method::GET,
        "/api/v3/get-user?userId=nobody&userIdType=user_id&",
        &token,
    )
    .body("null")
    .fetch_json()
    .await;
    assert_error(&b, 404);

    // UpdateUser, ListUsers (POST, `options.pagination` an empty struct), DeleteUsersBatch.
    let post = |path: &'static str, body: Value| {
        go_mgmt(&ts, reqwest::Method::POST, path, &token)
            .header("content-type", "application/json;charset=UTF-8")
            .body(body.to_string())
    };
    let b: Value = post(
        "/api/v3/update-user",
        json!({"userId": user_id, "nickname": "H",
               "options": {"sendPasswordResetedNotification": {}}}),
    )
    .fetch_json()
    .await;
    assert_eq!(b["data"]["nickname"], "H", "{b}");
    assert_go_user(&b["data"]);
    let b: Value = post(
        "/api/v3/update-user",
        json!({"userId": "nobody", "nickname": "H", "options": {}}),
    )
    .fetch_json()
    .await;
    assert_error(&b, 404);
    let b: Value = post("/api/v3/list-users", json!({"options": {"pagination": {}}}))
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(
        b["data"]["totalCount"].is_u64(),
        "totalCount is a Go int: {b}"
    );
    let list = b["data"]["list"].as_array().unwrap();
    assert!(list.iter().any(|u| u["userId"] == user_id.as_str()), "{b}");
    list.iter().for_each(assert_go_user);
    let b: Value = post(
        "/api/v3/list-users",
        json!({"options": {"pagination": {"page": 1, "limit": 500}}}),
    )
    .fetch_json()
    .await;
    assert_error(&b, 400);
    let b: Value = post(
        "/api/v3/delete-users-batch",
        json!({"userIds": [user_id], "options": {}}),
    )
    .fetch_json()
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let b: Value = go_mgmt(&ts, reqwest::Method::GET, &query, &token)
        .body("null")
        .fetch_json()
        .await;
    assert_error(&b, 404);

    // Without Bearer's token the management API refuses.
    let b: Value = go_mgmt(&ts, reqwest::Method::GET, &query, "forged")
        .fetch_json()
        .await;
    assert!(b["statusCode"].as_u64().is_some_and(|s| s >= 400), "{b}");
}

#[tokio::test]
async fn go_only_calls_answer_the_not_implemented_envelope_never_a_404() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let d = ts.server.defaults.clone();
    // signin-by-mobile: an authentication call (social login from a mobile app).
    let b = go_post(
        &ts,
        "/api/v3/signin-by-mobile",
        &json!({"extIdpConnidentifier": "wechat", "connection": "wechat",
                "wechatPayload": {"code": "x"}, "options": {},
                "client_id": d.app_id, "client_secret": d.app_secret}),
        None,
    )
    .await;
    assert_error(&b, 501);
    // The management calls only the Go SDK makes, with its headers and token.
    for (method, path, body) in [
        (reqwest::Method::GET, "/api/v3/verify-config", "null"),
        (
            reqwest::Method::POST,
            "/api/v3/update-multiple-tenant-admin",
            r#"{"userId":"u1"}"#,
        ),
        (
            reqwest::Method::POST,
            "/api/v3/delete-multiple-tenant-admin",
            r#"{"userId":"u1"}"#,
        ),
        (
            reqwest::Method::POST,
            "/api/v3/update-tenant-cooperator",
            r#"{"userId":"u1"}"#,
        ),
        (
            reqwest::Method::POST,
            "/api/v3/delete-tenant-cooperator",
            r#"{"userId":"u1"}"#,
        ),
    ] {
        let resp = go_mgmt(&ts, method.clone(), path, &token)
            .header("content-type", "application/json;charset=UTF-8")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{method} {path}");
        let b: Value = resp.json().await.unwrap();
        assert_error(&b, 501);
        assert!(b["message"].as_str().unwrap().contains(path), "{b}");
    }
    // The same paths with a method no SDK uses stay ordinary errors.
    let b: Value = go_mgmt(&ts, reqwest::Method::POST, "/api/v3/verify-config", &token)
        .fetch_json()
        .await;
    assert!(
        b["statusCode"]
            .as_u64()
            .is_some_and(|s| s == 404 || s == 405),
        "{b}"
    );
}

#[tokio::test]
async fn qr_flow_as_the_go_sdk_drives_it() {
    let ts = TestServer::start().await;
    let token = crate::common::app_user(&ts, "scanner").await;
    let d = ts.server.defaults.clone();

    let b = go_post(
        &ts,
        "/api/v3/gene-qrcode",
        &json!({"type": "MOBILE_APP"}),
        None,
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let id = b["data"]["qrcodeId"].as_str().unwrap().to_string();

    let b = go_get(
        &ts,
        "/api/v3/check-qrcode-status",
        &[("qrcodeId", &id)],
        None,
    )
    .await;
    assert_eq!(b["data"]["status"], "PENDING", "{b}");

    for action in ["SCAN", "CONFIRM"] {
        let b = go_post(
            &ts,
            "/api/v3/change-qrcode-status",
            &json!({"action": action, "qrcodeId": id}),
            Some(&token),
        )
        .await;
        assert_eq!(b["statusCode"], 200, "{action}: {b}");
    }
    let b = go_get(
        &ts,
        "/api/v3/check-qrcode-status",
        &[("qrcodeId", &id)],
        None,
    )
    .await;
    assert_eq!(b["data"]["status"], "AUTHORIZED", "{b}");
    let ticket = b["data"]["ticket"].as_str().unwrap().to_string();

    // A wrong secret does not consume the ticket; the right one exchanges it once.
    let b = go_post(
        &ts,
        "/api/v3/exchange-tokenset-with-qrcode-ticket",
        &json!({"ticket": ticket, "client_id": d.app_id, "client_secret": "wrong"}),
        None,
    )
    .await;
    assert!(b["statusCode"].as_u64().is_some_and(|s| s >= 400), "{b}");
    let body = json!({"ticket": ticket, "client_id": d.app_id, "client_secret": d.app_secret});
    let b = go_post(
        &ts,
        "/api/v3/exchange-tokenset-with-qrcode-ticket",
        &body,
        None,
    )
    .await;
    assert_go_token_set(&b);
    let b = go_post(
        &ts,
        "/api/v3/exchange-tokenset-with-qrcode-ticket",
        &body,
        None,
    )
    .await;
    assert!(
        b["statusCode"].as_u64().is_some_and(|s| s >= 400),
        "single use: {b}"
    );
}

#[tokio::test]
async fn userinfo_introspection_and_revocation_as_go_posts_them() {
    let ts = TestServer::start().await;
    let token = crate::common::app_user(&ts, "oidcgo").await;
    let d = ts.server.defaults.clone();

    // GetUserInfo: POST /oidc/me, Bearer, a form content type and no body.
    let resp = ts
        .http
        .post(ts.url("/oidc/me"))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .header("x-authing-request-from", "SDK")
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let me: Value = resp.json().await.unwrap();
    assert!(me["sub"].is_string(), "{me}");
    // The SDK's UserInfo (and its ID-token claims) type updated_at as a string.
    assert!(
        me["updated_at"].is_string(),
        "updated_at is a Go string: {me}"
    );
    let b = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "oidcgo", "password": APP_USER_PASSWORD},
                    "options": {"scope": "openid profile"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    let id_token = b["data"]["id_token"].as_str().unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id_token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(claims["updated_at"].is_string(), "{claims}");
    assert!(
        claims["aud"].is_string(),
        "jwt-go's StandardClaims.Audience is a string: {claims}"
    );

    // IntrospectToken (client_secret_post), form-encoded by fasthttp's Args.
    let form = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let introspect = |t: &str| {
        ts.http
            .post(ts.url("/oidc/token/introspection"))
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=UTF-8",
            )
            .body(form(&[
                ("token", t),
                ("client_id", &d.app_id),
                ("client_secret", &d.app_secret),
            ]))
    };
    let b: Value = introspect(&token).fetch_json().await;
    assert_eq!(b["active"], true, "{b}");
    assert!(b["exp"].is_u64(), "exp is a number: {b}");

    // RevokeToken, then the token is inactive.
    let resp = ts
        .http
        .post(ts.url("/oidc/token/revocation"))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .body(form(&[
            ("client_id", &d.app_id),
            ("token", &token),
            ("client_secret", &d.app_secret),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let b: Value = introspect(&token).fetch_json().await;
    assert_eq!(b["active"], false, "{b}");
    // A wrong client secret is refused.
    let resp = ts
        .http
        .post(ts.url("/oidc/token/introspection"))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8",
        )
        .body(form(&[
            ("token", &token),
            ("client_id", &d.app_id),
            ("client_secret", "wrong"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}
