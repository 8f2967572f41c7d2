//! The signed-in user's own account (spec §2.5, §2.6): profile, security facts, email and
//! phone binding and changes, password change and reset, account deletion, and the one-time
//! tokens between the two steps of each flow.

use crate::common::{TestServer, assert_error};
use authgate_server::codes::{self, CodeTarget};
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse 1";

/// Every endpoint that needs a user token, with its method.
const USER_ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/api/v3/get-profile"),
    ("POST", "/api/v3/update-profile"),
    ("GET", "/api/v3/get-security-info"),
    ("POST", "/api/v3/update-password"),
    ("POST", "/api/v3/bind-email"),
    ("POST", "/api/v3/unbind-email"),
    ("POST", "/api/v3/bind-phone"),
    ("POST", "/api/v3/unbind-phone"),
    ("POST", "/api/v3/verify-update-email-request"),
    ("POST", "/api/v3/update-email"),
    ("POST", "/api/v3/verify-update-phone-request"),
    ("POST", "/api/v3/update-phone"),
    ("POST", "/api/v3/verify-delete-account-request"),
    ("POST", "/api/v3/delete-account"),
];

/// Creates a user with the password [`PASSWORD`] through the management API.
async fn new_user(ts: &TestServer, fields: Value) -> String {
    let token = ts.mgmt_token().await;
    let mut body = fields;
    body["password"] = json!(PASSWORD);
    let r = ts
        .post_json("/api/v3/create-user", &body, Some(&token))
        .await;
    assert_eq!(r["statusCode"], 200, "{r}");
    r["data"]["userId"].as_str().unwrap().to_string()
}

/// Signs in by username and password; answers the envelope.
async fn sign_in(ts: &TestServer, username: &str, password: &str) -> Value {
    let options = json!({"scope": "openid profile offline_access"});
    ts.sign_in_password(username, password, Some(options)).await
}

/// Signs in and answers the token set.
async fn tokens(ts: &TestServer, username: &str, password: &str) -> Value {
    let r = sign_in(ts, username, password).await;
    assert_eq!(r["statusCode"], 200, "{r}");
    r["data"].clone()
}

/// The access token of a fresh sign-in.
async fn access(ts: &TestServer, username: &str) -> String {
    tokens(ts, username, PASSWORD).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A request with the token raw in `authorization`, as the SDKs send it.
async fn call(
    ts: &TestServer,
    method: &str,
    path: &str,
    body: &Value,
    token: Option<&str>,
) -> Value {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = ts.http.request(m.clone(), ts.url(path));
    if m == reqwest::Method::POST {
        req = req.json(body);
    }
    if let Some(t) = token {
        req = req.header("authorization", t);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "HTTP status of {path}");
    resp.json().await.unwrap()
}

async fn post(ts: &TestServer, path: &str, body: Value, token: &str) -> Value {
    call(ts, "POST", path, &body, Some(token)).await
}

async fn public(ts: &TestServer, path: &str, body: Value) -> Value {
    call(ts, "POST", path, &body, None).await
}

async fn profile(ts: &TestServer, token: &str) -> Value {
    call(ts, "GET", "/api/v3/get-profile", &Value::Null, Some(token)).await
}

/// A verification code for `target` on `channel`, issued in-process.
async fn code(ts: &TestServer, target: CodeTarget, channel: &str) -> String {
    let state = &ts.server.state;
    let pool = state
        .store
        .get_pool(&ts.server.defaults.user_pool_id)
        .await
        .unwrap()
        .unwrap();
    codes::issue(state, &pool, &target, channel).await.unwrap()
}

fn email(address: &str) -> CodeTarget {
    CodeTarget::email(address)
}

fn phone(number: &str, country: Option<&str>) -> CodeTarget {
    CodeTarget::phone(number, country)
}

fn ok(body: &Value) -> &Value {
    assert_eq!(body["statusCode"], 200, "{body}");
    &body["data"]
}

fn refused(body: &Value, status: u16, api_code: u32) {
    assert_error(body, status);
    assert_eq!(body["apiCode"], api_code, "{body}");
}

/// `grant_type=refresh_token` at `/oidc/token` with the default app's credentials.
async fn refresh(ts: &TestServer, rt: &str) -> reqwest::StatusCode {
    let d = &ts.server.defaults;
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", &d.app_id),
            ("client_secret", &d.app_secret),
        ])
        .finish();
    let resp = ts
        .http
        .post(ts.url("/oidc/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    resp.status()
}

#[tokio::test]
async fn every_user_endpoint_needs_a_valid_token() {
    let ts = TestServer::start().await;
    for (method, path) in USER_ENDPOINTS {
        for token in [None, Some("garbage"), Some("Bearer not.a.jwt")] {
            let body = call(&ts, method, path, &json!({}), token).await;
            refused(&body, 401, 2020);
        }
    }
    ts.stop().await;
}

#[tokio::test]
async fn profile_reads_and_updates() {
    let ts = TestServer::start().await;
    new_user(
        &ts,
        json!({"username": "ada", "email": "ada@x.io", "customData": {"team": "red"}}),
    )
    .await;
    new_user(&ts, json!({"username": "grace"})).await;
    let t = access(&ts, "ada").await;

    let plain = profile(&ts, &t).await;
    let me = ok(&plain);
    assert_eq!(me["username"], "ada");
    assert!(me.get("customData").is_none(), "{me}");
    assert!(me.get("identities").is_none());
    let full = call(
        &ts,
        "GET",
        "/api/v3/get-profile?withCustomData=True&withIdentities=true&withDepartmentIds=1",
        &Value::Null,
        Some(&format!("Bearer {t}")),
    )
    .await;
    let me = ok(&full);
    assert_eq!(me["customData"]["team"], "red");
    assert_eq!(me["identities"], json!([]));
    assert_eq!(me["departmentIds"], json!([]));

    let r = post(
        &ts,
        "/api/v3/update-profile",
        json!({"nickname": "Countess", "gender": "F", "city": "London", "username": "lovelace",
               "customData": {"lang": "en"}, "email": "hijack@x.io", "name": null}),
        &t,
    )
    .await;
    let me = ok(&r);
    assert_eq!(me["nickname"], "Countess");
    assert_eq!(me["gender"], "F");
    assert_eq!(me["username"], "lovelace");
    assert_eq!(me["customData"], json!({"team": "red", "lang": "en"}));
    assert_eq!(me["email"], "ada@x.io", "email is not a profile field");
    assert_eq!(ok(&profile(&ts, &t).await)["city"], "London");

    let clash = post(
        &ts,
        "/api/v3/update-profile",
        json!({"username": "grace"}),
        &t,
    )
    .await;
    refused(&clash, 409, 2026);
    let bad = post(&ts, "/api/v3/update-profile", json!({"gender": "X"}), &t).await;
    assert_error(&bad, 400);
    let bad = post(
        &ts,
        "/api/v3/update-profile",
        json!({"customData": [1]}),
        &t,
    )
    .await;
    assert_error(&bad, 400);
    let bad = post(&ts, "/api/v3/update-profile", json!({"nickname": 5}), &t).await;
    assert_error(&bad, 400);
    ts.stop().await;
}

#[tokio::test]
async fn security_info_scores_the_account() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada", "email": "ada@x.io"})).await;
    let t = access(&ts, "ada").await;
    let r = call(
        &ts,
        "GET",
        "/api/v3/get-security-info",
        &Value::Null,
        Some(&t),
    )
    .await;
    assert_eq!(
        ok(&r),
        &json!({"passwordSecurityLevel": 1, "mfaEnrolled": false, "passwordSet": true,
                "emailBinded": true, "phoneBinded": false, "securityScore": 45})
    );
    ts.stop().await;
}

#[tokio::test]
async fn update_password_checks_and_signs_everyone_out() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada"})).await;
    let set = tokens(&ts, "ada", PASSWORD).await;
    let t = set["access_token"].as_str().unwrap();
    let rt = set["refresh_token"].as_str().unwrap();
    let new = "a brand new one 2";

    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"newPassword": new}),
        t,
    )
    .await;
    refused(&r, 400, 2201);
    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"newPassword": new, "oldPassword": "not it"}),
        t,
    )
    .await;
    refused(&r, 403, 2203);
    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"newPassword": "short", "oldPassword": PASSWORD}),
        t,
    )
    .await;
    refused(&r, 400, 2029);
    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"oldPassword": PASSWORD}),
        t,
    )
    .await;
    assert_error(&r, 400);
    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"newPassword": new, "oldPassword": PASSWORD, "passwordEncryptType": "none"}),
        t,
    )
    .await;
    ok(&r);
    assert!(r.get("data").is_none_or(Value::is_null), "{r}");

    refused(&profile(&ts, t).await, 401, 2020);
    assert_ne!(
        refresh(&ts, rt).await,
        200,
        "refresh tokens die with the sessions"
    );
    assert_error(&sign_in(&ts, "ada", PASSWORD).await, 403);
    let again = tokens(&ts, "ada", new).await;
    ok(&profile(&ts, again["access_token"].as_str().unwrap()).await);
    ts.stop().await;
}

#[tokio::test]
async fn bind_and_unbind_email() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada"})).await;
    new_user(&ts, json!({"username": "grace", "email": "grace@x.io"})).await;
    let t = access(&ts, "ada").await;

    let missing = post(&ts, "/api/v3/bind-email", json!({"email": "ada@x.io"}), &t).await;
    assert_error(&missing, 400);
    let bad = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "nope", "passCode": "1"}),
        &t,
    )
    .await;
    assert_error(&bad, 400);
    let c = code(&ts, email("ada@x.io"), "CHANNEL_BIND_EMAIL").await;
    let wrong = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "ada@x.io", "passCode": "000000x"}),
        &t,
    )
    .await;
    refused(&wrong, 403, 2001);
    let other_channel = code(&ts, email("ada@x.io"), "CHANNEL_LOGIN").await;
    let r = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "ada@x.io", "passCode": other_channel}),
        &t,
    )
    .await;
    refused(&r, 403, 2001);
    ok(&post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "ada@x.io", "passCode": c}),
        &t,
    )
    .await);
    let me = profile(&ts, &t).await;
    assert_eq!(ok(&me)["email"], "ada@x.io");
    assert_eq!(ok(&me)["emailVerified"], true);

    let again = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "ada2@x.io", "passCode": c}),
        &t,
    )
    .await;
    refused(&again, 409, 2200);

    let u = code(&ts, email("ada@x.io"), "CHANNEL_UNBIND_EMAIL").await;
    let wrong = post(
        &ts,
        "/api/v3/unbind-email",
        json!({"passCode": "999999x"}),
        &t,
    )
    .await;
    refused(&wrong, 403, 2001);
    ok(&post(&ts, "/api/v3/unbind-email", json!({"passCode": u}), &t).await);
    let me = profile(&ts, &t).await;
    assert!(ok(&me).get("email").is_none(), "{me}");
    let none = post(&ts, "/api/v3/unbind-email", json!({"passCode": u}), &t).await;
    refused(&none, 400, 2219);

    // The bind code was used once already.
    let used = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "ada@x.io", "passCode": c}),
        &t,
    )
    .await;
    refused(&used, 403, 2001);

    // Someone else's email: refused after its code proved ownership.
    let g = code(&ts, email("grace@x.io"), "CHANNEL_BIND_EMAIL").await;
    let taken = post(
        &ts,
        "/api/v3/bind-email",
        json!({"email": "GRACE@x.io", "passCode": g}),
        &t,
    )
    .await;
    refused(&taken, 409, 2026);
    ts.stop().await;
}

#[tokio::test]
async fn the_last_identifier_stays() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"email": "solo@x.io"})).await;
    let d = &ts.server.defaults;
    let r = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"email": "solo@x.io", "password": PASSWORD},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    let t = ok(&r)["access_token"].as_str().unwrap().to_string();
    let u = code(&ts, email("solo@x.io"), "CHANNEL_UNBIND_EMAIL").await;
    let r = post(&ts, "/api/v3/unbind-email", json!({"passCode": u}), &t).await;
    refused(&r, 403, 2217);
    let r = post(
        &ts,
        "/api/v3/unbind-phone",
        json!({"passCode": "123456"}),
        &t,
    )
    .await;
    refused(&r, 400, 2219);
    ts.stop().await;
}

#[tokio::test]
async fn bind_and_unbind_phone() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada"})).await;
    let t = access(&ts, "ada").await;

    let c = code(&ts, phone("13800138000", Some("+86")), "CHANNEL_BIND_PHONE").await;
    let no_number = post(&ts, "/api/v3/bind-phone", json!({"passCode": c}), &t).await;
    assert_error(&no_number, 400);
    let wrong_cc = post(
        &ts,
        "/api/v3/bind-phone",
        json!({"passCode": c, "phoneNumber": "13800138000", "phoneCountryCode": "+1"}),
        &t,
    )
    .await;
    refused(&wrong_cc, 403, 2001);
    let r = post(
        &ts,
        "/api/v3/bind-phone",
        json!({"passCode": c, "phoneNumber": "13800138000", "phoneCountryCode": "+86"}),
        &t,
    )
    .await;
    ok(&r);
    let me = profile(&ts, &t).await;
    assert_eq!(ok(&me)["phone"], "13800138000");
    assert_eq!(ok(&me)["phoneCountryCode"], "+86");
    assert_eq!(ok(&me)["phoneVerified"], true);
    let again = post(
        &ts,
        "/api/v3/bind-phone",
        json!({"passCode": c, "phoneNumber": "13900139000"}),
        &t,
    )
    .await;
    refused(&again, 409, 2035);

    // The unbind code goes to the bound number with its country code.
    let u = code(
        &ts,
        phone("13800138000", Some("+86")),
        "CHANNEL_UNBIND_PHONE",
    )
    .await;
    ok(&post(&ts, "/api/v3/unbind-phone", json!({"passCode": u}), &t).await);
    let me = profile(&ts, &t).await;
    assert!(ok(&me).get("phone").is_none(), "{me}");
    assert_eq!(ok(&me)["phoneVerified"], false);
    let used = post(&ts, "/api/v3/unbind-phone", json!({"passCode": u}), &t).await;
    refused(&used, 400, 2219);
    ts.stop().await;
}

/// Step 1 of an email change for `token`; answers the envelope.
async fn verify_email_change(ts: &TestServer, token: &str, payload: Value) -> Value {
    post(
        ts,
        "/api/v3/verify-update-email-request",
        json!({"emailPassCodePayload": payload, "verifyMethod": "EMAIL_PASSCODE"}),
        token,
    )
    .await
}

#[tokio::test]
async fn change_email_in_two_steps() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada", "email": "old@x.io"})).await;
    new_user(&ts, json!({"username": "grace", "email": "grace@x.io"})).await;
    let t = access(&ts, "ada").await;
    let new_code = code(&ts, email("new@x.io"), "CHANNEL_UPDATE_EMAIL").await;
    let old_code = code(&ts, email("old@x.io"), "CHANNEL_UPDATE_EMAIL").await;

    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "new@x.io", "newEmailPassCode": new_code}),
    )
    .await;
    assert_error(&r, 400);
    assert!(
        r["message"].as_str().unwrap().contains("oldEmailPassCode"),
        "{r}"
    );
    let r = post(
        &ts,
        "/api/v3/verify-update-email-request",
        json!({"emailPassCodePayload": {"newEmail": "new@x.io", "newEmailPassCode": new_code},
               "verifyMethod": "PHONE_PASSCODE"}),
        &t,
    )
    .await;
    assert_error(&r, 400);
    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "new@x.io", "newEmailPassCode": new_code,
               "oldEmail": "someone@x.io", "oldEmailPassCode": old_code}),
    )
    .await;
    refused(&r, 403, 2037);
    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "OLD@x.io", "newEmailPassCode": new_code, "oldEmailPassCode": old_code}),
    )
    .await;
    refused(&r, 400, 2229);
    // A wrong new code consumes neither code.
    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "new@x.io", "newEmailPassCode": "0000000", "oldEmailPassCode": old_code}),
    )
    .await;
    refused(&r, 403, 2001);

    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "new@x.io", "newEmailPassCode": new_code,
               "oldEmail": "Old@x.io", "oldEmailPassCode": old_code}),
    )
    .await;
    let data = ok(&r);
    assert_eq!(data["tokenExpiresIn"], 300);
    let token = data["updateEmailToken"].as_str().unwrap().to_string();
    assert!(token.len() >= 22, "at least 128 bits: {token}");

    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": "nope"}),
        &t,
    )
    .await;
    refused(&r, 401, 40111);
    let r = post(&ts, "/api/v3/update-email", json!({}), &t).await;
    assert_error(&r, 400);
    // A token of one purpose is not one of another.
    let r = post(
        &ts,
        "/api/v3/update-phone",
        json!({"updatePhoneToken": token}),
        &t,
    )
    .await;
    refused(&r, 401, 40111);
    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": token}),
        &t,
    )
    .await;
    assert_eq!(ok(&r), &json!({"success": true}));
    let me = profile(&ts, &t).await;
    assert_eq!(ok(&me)["email"], "new@x.io");
    assert_eq!(ok(&me)["emailVerified"], true);
    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": token}),
        &t,
    )
    .await;
    refused(&r, 401, 40111);

    // Taken by another account: told only after proving the address.
    ts.clock.advance(61_000);
    let g = code(&ts, email("grace@x.io"), "CHANNEL_UPDATE_EMAIL").await;
    let mine = code(&ts, email("new@x.io"), "CHANNEL_UPDATE_EMAIL").await;
    let r = verify_email_change(
        &ts,
        &t,
        json!({"newEmail": "grace@x.io", "newEmailPassCode": g, "oldEmailPassCode": mine}),
    )
    .await;
    refused(&r, 409, 2026);
    ts.stop().await;
}

#[tokio::test]
async fn change_phone_in_two_steps() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada"})).await;
    let t = access(&ts, "ada").await;

    // Nothing bound yet: only the new number is proven.
    let c = code(&ts, phone("13800138000", None), "CHANNEL_BIND_PHONE").await;
    let r = post(
        &ts,
        "/api/v3/verify-update-phone-request",
        json!({"phonePassCodePayload": {"newPhoneNumber": "13800138000", "newPhonePassCode": c},
               "verifyMethod": "PHONE_PASSCODE"}),
        &t,
    )
    .await;
    let token = ok(&r)["updatePhoneToken"].as_str().unwrap().to_string();
    assert_eq!(ok(&r)["tokenExpiresIn"], 300);
    let r = post(
        &ts,
        "/api/v3/update-phone",
        json!({"updatePhoneToken": token}),
        &t,
    )
    .await;
    assert_eq!(ok(&r)["success"], true);
    assert_eq!(ok(&profile(&ts, &t).await)["phone"], "13800138000");

    // Now the bound number must be proven too (on CHANNEL_UNBIND_PHONE).
    let new = code(&ts, phone("13900139000", Some("+86")), "CHANNEL_BIND_PHONE").await;
    let payload = json!({"newPhoneNumber": "13900139000", "newPhonePassCode": new,
                         "newPhoneCountryCode": "+86"});
    let r = post(
        &ts,
        "/api/v3/verify-update-phone-request",
        json!({"phonePassCodePayload": payload, "verifyMethod": "PHONE_PASSCODE"}),
        &t,
    )
    .await;
    assert_error(&r, 400);
    let old = code(&ts, phone("13800138000", None), "CHANNEL_UNBIND_PHONE").await;
    let mut with_old = payload.clone();
    with_old["oldPhoneNumber"] = json!("13700137000");
    with_old["oldPhonePassCode"] = json!(old);
    let r = post(
        &ts,
        "/api/v3/verify-update-phone-request",
        json!({"phonePassCodePayload": with_old, "verifyMethod": "PHONE_PASSCODE"}),
        &t,
    )
    .await;
    refused(&r, 403, 2038);
    with_old["oldPhoneNumber"] = json!("13800138000");
    let r = post(
        &ts,
        "/api/v3/verify-update-phone-request",
        json!({"phonePassCodePayload": with_old, "verifyMethod": "PHONE_PASSCODE"}),
        &t,
    )
    .await;
    let token = ok(&r)["updatePhoneToken"].as_str().unwrap().to_string();
    ok(&post(
        &ts,
        "/api/v3/update-phone",
        json!({"updatePhoneToken": token}),
        &t,
    )
    .await);
    let me = profile(&ts, &t).await;
    assert_eq!(ok(&me)["phone"], "13900139000");
    assert_eq!(ok(&me)["phoneCountryCode"], "+86");
    ts.stop().await;
}

/// A fresh update-email token for `token`'s user, who has no email bound.
async fn email_token(ts: &TestServer, token: &str, new_email: &str) -> String {
    let c = code(ts, email(new_email), "CHANNEL_UPDATE_EMAIL").await;
    let r = verify_email_change(
        ts,
        token,
        json!({"newEmail": new_email, "newEmailPassCode": c}),
    )
    .await;
    ok(&r)["updateEmailToken"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn one_time_tokens_are_personal_and_expire() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada"})).await;
    new_user(&ts, json!({"username": "grace"})).await;
    let ada = access(&ts, "ada").await;
    let grace = access(&ts, "grace").await;

    let token = email_token(&ts, &ada, "ada@x.io").await;
    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": token}),
        &grace,
    )
    .await;
    refused(&r, 401, 40111);
    assert!(ok(&profile(&ts, &grace).await).get("email").is_none());
    // A token shown to another account is burnt.
    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": token}),
        &ada,
    )
    .await;
    refused(&r, 401, 40111);

    ts.clock.advance(61_000);
    let token = email_token(&ts, &ada, "ada@x.io").await;
    ts.clock.advance(301_000);
    let r = post(
        &ts,
        "/api/v3/update-email",
        json!({"updateEmailToken": token}),
        &ada,
    )
    .await;
    refused(&r, 401, 40111);
    assert!(ok(&profile(&ts, &ada).await).get("email").is_none());
    ts.stop().await;
}

#[tokio::test]
async fn reset_a_forgotten_password() {
    let ts = TestServer::start().await;
    new_user(
        &ts,
        json!({"username": "ada", "email": "ada@x.io", "phone": "13800138000"}),
    )
    .await;
    let before = access(&ts, "ada").await;
    let verify = |body: Value| public(&ts, "/api/v3/verify-reset-password-request", body);

    // Without the right code an unknown and a known address answer alike.
    for address in ["ada@x.io", "nobody@x.io"] {
        let r = verify(json!({"verifyMethod": "EMAIL_PASSCODE",
                              "emailPassCodePayload": {"email": address, "passCode": "0000000"}}))
        .await;
        refused(&r, 403, 2001);
    }
    let r = verify(json!({"verifyMethod": "EMAIL_PASSCODE",
                          "emailPassCodePayload": {"passCode": "123456"}}))
    .await;
    assert_error(&r, 400);
    let r = verify(json!({"verifyMethod": "PASSWORD"})).await;
    assert_error(&r, 400);
    let r = verify(json!({"verifyMethod": "PHONE_PASSCODE"})).await;
    assert_error(&r, 400);

    let c = code(&ts, email("ada@x.io"), "CHANNEL_RESET_PASSWORD").await;
    let r = verify(json!({"verifyMethod": "EMAIL_PASSCODE",
                          "emailPassCodePayload": {"email": "ADA@x.io", "passCode": c}}))
    .await;
    assert_eq!(ok(&r)["tokenExpiresIn"], 300);
    let token = ok(&r)["passwordResetToken"].as_str().unwrap().to_string();

    // A weak password does not spend the token.
    let r = public(
        &ts,
        "/api/v3/reset-password",
        json!({"password": "short", "passwordResetToken": token}),
    )
    .await;
    refused(&r, 400, 2029);
    let r = public(
        &ts,
        "/api/v3/reset-password",
        json!({"password": "reset and new 3", "passwordResetToken": "x"}),
    )
    .await;
    refused(&r, 401, 40111);
    let r = public(
        &ts,
        "/api/v3/reset-password",
        json!({"password": "reset and new 3", "passwordResetToken": token}),
    )
    .await;
    assert_eq!(ok(&r), &json!({"success": true}));
    let r = public(
        &ts,
        "/api/v3/reset-password",
        json!({"password": "reset and new 4", "passwordResetToken": token}),
    )
    .await;
    refused(&r, 401, 40111);
    refused(&profile(&ts, &before).await, 401, 2020);
    assert_error(&sign_in(&ts, "ada", PASSWORD).await, 403);
    let t = tokens(&ts, "ada", "reset and new 3").await;

    // By phone, and spent through update-password instead of the old password.
    let c = code(&ts, phone("13800138000", None), "CHANNEL_RESET_PASSWORD").await;
    let r = verify(json!({"verifyMethod": "PHONE_PASSCODE",
                          "phonePassCodePayload": {"phoneNumber": "13800138000", "passCode": c}}))
    .await;
    let token = ok(&r)["passwordResetToken"].as_str().unwrap().to_string();
    let access = t["access_token"].as_str().unwrap();
    let r = post(
        &ts,
        "/api/v3/update-password",
        json!({"newPassword": "via the token 5", "passwordResetToken": token}),
        access,
    )
    .await;
    ok(&r);
    tokens(&ts, "ada", "via the token 5").await;

    // A right code for an address nobody uses.
    let c = code(&ts, email("nobody@x.io"), "CHANNEL_RESET_PASSWORD").await;
    let r = verify(json!({"verifyMethod": "EMAIL_PASSCODE",
                          "emailPassCodePayload": {"email": "nobody@x.io", "passCode": c}}))
    .await;
    refused(&r, 404, 2004);
    ts.stop().await;
}

#[tokio::test]
async fn delete_the_account() {
    let ts = TestServer::start().await;
    new_user(&ts, json!({"username": "ada", "email": "ada@x.io"})).await;
    new_user(&ts, json!({"username": "grace", "phone": "13800138000"})).await;
    let ada = access(&ts, "ada").await;
    let grace = access(&ts, "grace").await;
    let server = &ts;
    let verify = |token: String, body: Value| async move {
        post(
            server,
            "/api/v3/verify-delete-account-request",
            body,
            &token,
        )
        .await
    };

    let r = verify(
        ada.clone(),
        json!({"verifyMethod": "PASSWORD",
                                       "passwordPayload": {"password": "not it"}}),
    )
    .await;
    refused(&r, 403, 2006);
    let r = verify(ada.clone(), json!({"verifyMethod": "PASSWORD"})).await;
    assert_error(&r, 400);
    let r = verify(
        ada.clone(),
        json!({"verifyMethod": "PHONE_PASSCODE",
        "phonePassCodePayload": {"phoneNumber": "13800138000", "passCode": "123456"}}),
    )
    .await;
    refused(&r, 400, 2219);
    let r = verify(
        ada.clone(),
        json!({"verifyMethod": "EMAIL_PASSCODE",
        "emailPassCodePayload": {"email": "grace@x.io", "passCode": "123456"}}),
    )
    .await;
    refused(&r, 403, 2037);
    let c = code(&ts, email("ada@x.io"), "CHANNEL_DELETE_ACCOUNT").await;
    let r = verify(
        ada.clone(),
        json!({"verifyMethod": "EMAIL_PASSCODE",
        "emailPassCodePayload": {"passCode": c}}),
    )
    .await;
    let by_code = ok(&r)["deleteAccountToken"].as_str().unwrap().to_string();
    assert_eq!(ok(&r)["tokenExpiresIn"], 300);

    let r = verify(
        ada.clone(),
        json!({"verifyMethod": "PASSWORD",
                                       "passwordPayload": {"password": PASSWORD}}),
    )
    .await;
    let by_password = ok(&r)["deleteAccountToken"].as_str().unwrap().to_string();

    // Grace cannot spend Ada's token (and burns it trying).
    let r = post(
        &ts,
        "/api/v3/delete-account",
        json!({"deleteAccountToken": by_code}),
        &grace,
    )
    .await;
    refused(&r, 401, 40111);
    ok(&profile(&ts, &grace).await);
    let r = post(
        &ts,
        "/api/v3/delete-account",
        json!({"deleteAccountToken": by_code}),
        &ada,
    )
    .await;
    refused(&r, 401, 40111);

    let r = post(
        &ts,
        "/api/v3/delete-account",
        json!({"deleteAccountToken": by_password}),
        &ada,
    )
    .await;
    assert_eq!(ok(&r), &json!({"success": true}));
    refused(&profile(&ts, &ada).await, 401, 2020);
    assert_error(&sign_in(&ts, "ada", PASSWORD).await, 403);

    // Grace deletes hers with an SMS code.
    let c = code(&ts, phone("13800138000", None), "CHANNEL_DELETE_ACCOUNT").await;
    let r = verify(
        grace.clone(),
        json!({"verifyMethod": "PHONE_PASSCODE",
        "phonePassCodePayload": {"phoneNumber": "13800138000", "passCode": c}}),
    )
    .await;
    let token = ok(&r)["deleteAccountToken"].as_str().unwrap().to_string();
    ok(&post(
        &ts,
        "/api/v3/delete-account",
        json!({"deleteAccountToken": token}),
        &grace,
    )
    .await);
    refused(&profile(&ts, &grace).await, 401, 2020);
    ts.stop().await;
}
