//! What the Java SDK (`cn.authing:authing-java-sdk` 3.1.x) sends differently (spec §1.6.3),
//! replayed byte for byte: the bare management token, UserInfo at `/oidc/me/`, form bodies
//! that are not URL-encoded and end in `&`, `GET /api/v2/oidc/validate_token`, the Java-only
//! calls authgate does not serve, and the JWKS whose FIRST key the SDK verifies with.

use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, assert_error, create_app_user};
use authgate_core::clock::Clock;
use authgate_core::jws::RsaSigningKey;
use authgate_server::keys;
use authgate_store::StoredSigningKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

const FORM: &str = "application/x-www-form-urlencoded";

fn claims(jwt: &str) -> Value {
    let seg = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap()
}

fn kid(jwt: &str) -> String {
    let seg = jwt.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap();
    header["kid"].as_str().unwrap().to_string()
}

/// A user's TokenSet (with a refresh token) from `/api/v3/signin` of the default app.
async fn tokens(ts: &TestServer, username: &str) -> Value {
    create_app_user(ts, username).await;
    let d = &ts.server.defaults;
    let b = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": username, "password": APP_USER_PASSWORD},
                    "options": {"scope": "openid profile offline_access"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    b["data"].clone()
}

/// POSTs `body` verbatim, as hutool sends the Java SDK's `UrlencodedPOST`.
async fn raw_form(ts: &TestServer, path: &str, body: String) -> (u16, String) {
    let resp = ts
        .http
        .post(ts.url(path))
        .header("content-type", FORM)
        .body(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

#[tokio::test]
async fn the_bare_management_token_is_accepted() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let pool = claims(&token)["scoped_userpool_id"]
        .as_str()
        .unwrap()
        .to_string();
    let java = |req: reqwest::RequestBuilder, auth: &str| {
        req.header("authorization", auth)
            .header("x-authing-userpool-id", &pool)
    };

    let created = java(ts.http.post(ts.url("/api/v3/create-user")), &token)
        .json(&json!({"username": "java_user", "password": "pa55-word-J"}))
        .fetch_json()
        .await;
    assert_eq!(created["statusCode"], 200, "{created}");
    let listed = java(
        ts.http.get(ts.url("/api/v3/list-users?page=1&limit=10")),
        &token,
    )
    .fetch_json()
    .await;
    assert_eq!(listed["statusCode"], 200, "{listed}");
    assert!(
        listed["data"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == "java_user"),
        "{listed}"
    );

    // A single word that is not our token, a tampered token, another pool: 401 envelopes.
    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    for bad in ["not-a-token", "a.b.c", tampered.as_str()] {
        let resp = java(ts.http.get(ts.url("/api/v3/list-users")), bad)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "HTTP status is always 200 on /api/v3");
        let body: Value = resp.json().await.unwrap();
        assert_error(&body, 401);
        assert_eq!(body["apiCode"], 40102, "{bad}: {body}");
    }
    let other_pool = ts
        .http
        .get(ts.url("/api/v3/list-users"))
        .header("authorization", &token)
        .header("x-authing-userpool-id", "another-pool")
        .fetch_json()
        .await;
    assert_error(&other_pool, 401);
    let nothing = ts
        .http
        .get(ts.url("/api/v3/list-users"))
        .header("authorization", "")
        .fetch_json()
        .await;
    assert_error(&nothing, 401);
    assert_eq!(nothing["apiCode"], 40101, "{nothing}");
    ts.stop().await;
}

#[tokio::test]
async fn protocol_paths_take_a_trailing_slash_and_api_v3_does_not() {
    let ts = TestServer::start().await;
    let set = tokens(&ts, "slash_user").await;
    let at = set["access_token"].as_str().unwrap();
    let sub = claims(at)["sub"].clone();

    // Exactly the Java SDK's UserInfo request, under both families.
    for path in ["/oidc/me/", "/oauth/me/", "/oidc/me"] {
        let resp = ts
            .http
            .get(ts.url(&format!("{path}?access_token={at}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["sub"], sub, "{path}: {body}");
    }
    let refused = ts
        .http
        .get(ts.url("/oidc/me/?access_token=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let d = &ts.server.defaults;
    let (status, text) = raw_form(
        &ts,
        "/oidc/token/introspection/",
        format!(
            "token={at}&client_id={}&client_secret={}&",
            d.app_id, d.app_secret
        ),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["active"],
        true
    );

    // `/api/v3/x/` is not a second name of `/api/v3/x`.
    let profile = ts
        .http
        .get(ts.url("/api/v3/get-profile/"))
        .bearer_auth(at)
        .fetch_json()
        .await;
    assert_error(&profile, 404);
    let profile = ts
        .http
        .get(ts.url("/api/v3/get-profile"))
        .bearer_auth(at)
        .fetch_json()
        .await;
    assert_eq!(profile["statusCode"], 200, "{profile}");
    ts.stop().await;
}

#[tokio::test]
async fn java_form_bodies_refresh_introspect_and_revoke() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let set = tokens(&ts, "form_user").await;
    let rt = set["refresh_token"].as_str().unwrap();
    let creds = format!("client_id={}&client_secret={}&", d.app_id, d.app_secret);

    // The brief's literal body, with an unknown refresh token: an RFC error, not a 500.
    let (status, text) = raw_form(
        &ts,
        "/oidc/token",
        format!("grant_type=refresh_token&refresh_token=abc&{creds}"),
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["error"],
        "invalid_grant"
    );

    // Java's field order (a HashMap's), nothing encoded, a trailing `&`.
    let (status, text) = raw_form(
        &ts,
        "/oidc/token",
        format!("refresh_token={rt}&grant_type=refresh_token&{creds}"),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let fresh: Value = serde_json::from_str(&text).unwrap();
    let at = fresh["access_token"].as_str().unwrap().to_string();
    assert!(fresh["refresh_token"].as_str().is_some_and(|r| r != rt));

    let (status, text) = raw_form(
        &ts,
        "/oidc/token/introspection",
        format!("token={at}&{creds}"),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["active"],
        true
    );

    // Revocation with a trailing slash and no body credentials but Basic (client_secret_basic).
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", d.app_id, d.app_secret));
    let resp = ts
        .http
        .post(ts.url("/oidc/token/revocation/"))
        .header("content-type", FORM)
        .header("authorization", format!("Basic {basic}"))
        .body(format!("token={at}&"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let (_, text) = raw_form(
        &ts,
        "/oidc/token/introspection",
        format!("token={at}&{creds}"),
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"active": false})
    );

    // A wrong secret in the same shape is still refused.
    let (status, _) = raw_form(
        &ts,
        "/oidc/token/introspection",
        format!("token={at}&client_id={}&client_secret=wrong&", d.app_id),
    )
    .await;
    assert_eq!(status, 401);
    ts.stop().await;
}

#[tokio::test]
async fn validate_token_answers_claims_or_code_and_message() {
    let ts = TestServer::start().await;
    let set = tokens(&ts, "validate_user").await;
    let at = set["access_token"].as_str().unwrap();
    let id = set["id_token"].as_str().unwrap();
    let check = |query: String| {
        let ts = &ts;
        async move {
            let resp = ts
                .http
                .get(ts.url(&format!("/api/v2/oidc/validate_token?{query}")))
                .header("content-type", FORM)
                .send()
                .await
                .unwrap();
            assert_eq!(
                resp.status(),
                200,
                "the Java SDK throws on any other status"
            );
            resp.json::<Value>().await.unwrap()
        }
    };

    let ok = check(format!("access_token={at}")).await;
    assert_eq!(ok["sub"], claims(at)["sub"], "{ok}");
    assert_eq!(ok["jti"], claims(at)["jti"], "{ok}");
    assert!(ok.get("code").is_none(), "{ok}");
    let ok = check(format!("id_token={id}")).await;
    assert_eq!(ok["aud"], ts.server.defaults.app_id.as_str(), "{ok}");
    assert_eq!(ok["sub"], claims(at)["sub"], "{ok}");

    let refused = |v: &Value| {
        assert_eq!(v["code"], 2020, "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        assert!(v.get("sub").is_none(), "{v}");
    };
    refused(&check(String::new()).await);
    refused(&check("access_token=garbage".into()).await);
    refused(&check(format!("access_token={at}&id_token={id}")).await);
    // The kinds are not interchangeable, nor is a management token a user's token.
    refused(&check(format!("access_token={id}")).await);
    refused(&check(format!("id_token={at}")).await);
    refused(&check(format!("id_token={}", ts.mgmt_token().await)).await);

    // Signing out (revoking the session's refresh token) ends both.
    let d = &ts.server.defaults;
    let (status, _) = raw_form(
        &ts,
        "/oidc/token/revocation",
        format!(
            "token={}&client_id={}&client_secret={}&",
            set["refresh_token"].as_str().unwrap(),
            d.app_id,
            d.app_secret
        ),
    )
    .await;
    assert_eq!(status, 200);
    refused(&check(format!("access_token={at}")).await);
    refused(&check(format!("id_token={id}")).await);

    // Expired tokens are refused.
    let later = tokens(&ts, "validate_later").await;
    ts.clock.advance(90_000 * 1000);
    refused(
        &check(format!(
            "access_token={}",
            later["access_token"].as_str().unwrap()
        ))
        .await,
    );
    refused(&check(format!("id_token={}", later["id_token"].as_str().unwrap())).await);
    ts.stop().await;
}

#[tokio::test]
async fn java_only_calls_are_not_implemented_envelopes() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let cases = [
        ("POST", "/api/v3/signin-by-mobile"),
        ("GET", "/api/v3/list-users-by-keywords"),
        ("POST", "/api/v3/send-user-reset-password-email-link"),
    ];
    for (method, path) in cases {
        let req = if method == "GET" {
            ts.http.get(ts.url(path))
        } else {
            ts.http.post(ts.url(path)).json(&json!({}))
        };
        let resp = req.header("authorization", &token).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_error(&body, 501);
        assert_eq!(body["apiCode"], 50100, "{path}: {body}");
    }
    let unknown = ts
        .http
        .post(ts.url("/api/v3/signin-by-nothing"))
        .fetch_json()
        .await;
    assert_error(&unknown, 404);
    ts.stop().await;
}

async fn first_jwks_kid(ts: &TestServer) -> String {
    let jwks: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/jwks.json"))
        .fetch_json()
        .await;
    jwks["keys"][0]["kid"].as_str().unwrap().to_string()
}

/// The kid of a token the server signs now.
async fn signing_kid(ts: &TestServer, username: &str) -> String {
    kid(tokens(ts, username).await["access_token"].as_str().unwrap())
}

#[tokio::test]
async fn the_first_jwks_key_is_the_one_signing_across_a_rotation() {
    let ts = TestServer::start().await;
    let state = ts.server.state.clone();
    let before = signing_kid(&ts, "rot_a").await;
    assert_eq!(first_jwks_kid(&ts).await, before);

    let grace = keys::retire_grace_ms(state.management_token_ttl);
    let new = keys::rotate(&state.store, &state.master, ts.clock.now_millis(), grace)
        .await
        .unwrap();
    state
        .keys
        .reload(&state.store, &state.master, ts.clock.now_millis())
        .await
        .unwrap();
    let after = signing_kid(&ts, "rot_b").await;
    assert_eq!(after, new.kid);
    assert_eq!(first_jwks_kid(&ts).await, new.kid, "active key first");

    // A newer key that is not active (e.g. staged by hand) does not jump ahead of it.
    let staged = "staged0000000000".to_string();
    let (_, der) = RsaSigningKey::generate(staged.clone()).unwrap();
    let sealed = state
        .master
        .seal(&format!("signing-key:{staged}"), &der)
        .unwrap();
    let now = ts.clock.now_millis();
    state
        .store
        .insert_signing_key(&StoredSigningKey {
            kid: staged.clone(),
            alg: keys::RS256.into(),
            private_sealed: sealed,
            active: false,
            created_at: now + 60_000,
            retire_at: Some(now + grace),
        })
        .await
        .unwrap();
    state
        .keys
        .reload(&state.store, &state.master, now)
        .await
        .unwrap();
    let jwks: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/jwks.json"))
        .fetch_json()
        .await;
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 3, "{jwks}");
    assert!(kids.contains(&staged.as_str()) && kids.contains(&before.as_str()));
    assert_eq!(kids[0], new.kid, "{jwks}");
    assert_eq!(signing_kid(&ts, "rot_c").await, new.kid);
    ts.stop().await;
}
