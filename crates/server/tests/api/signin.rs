//! Sign-up, sign-in, tokens and the token family (spec §2.1, §3.3, §4.2–§4.5, §6.3).

use crate::common::{FetchJson, TestServer, assert_error};
use authgate_core::user_pool::PoolSettings;
use base64::Engine;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse 1";

/// Creates `username` (and email / phone) through the management API.
async fn user(ts: &TestServer, username: &str, email: Option<&str>, phone: Option<&str>) -> String {
    let token = ts.mgmt_token().await;
    let body = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"username": username, "email": email, "phone": phone, "password": PASSWORD}),
            Some(&token),
        )
        .await;
    assert_eq!(body["statusCode"], 200, "{body}");
    body["data"]["userId"].as_str().unwrap().to_string()
}

/// Signs in with client_secret_post credentials of the default app.
async fn signin(ts: &TestServer, payload: Value, scope: &str) -> Value {
    let d = &ts.server.defaults;
    ts.post_json(
        "/api/v3/signin",
        &json!({
            "connection": "PASSWORD", "passwordPayload": payload,
            "options": {"scope": scope},
            "client_id": d.app_id, "client_secret": d.app_secret
        }),
        None,
    )
    .await
}

fn claims(jwt: &str) -> Value {
    let seg = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(seg)
            .unwrap(),
    )
    .unwrap()
}

async fn form(ts: &TestServer, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    // No Content-Type, as the Node SDK sends it for Basic / none.
    ts.http.post(ts.url(path)).body(body).send().await.unwrap()
}

fn app_creds(ts: &TestServer) -> [(&'static str, String); 2] {
    let d = &ts.server.defaults;
    [
        ("client_id", d.app_id.clone()),
        ("client_secret", d.app_secret.clone()),
    ]
}

async fn refresh(ts: &TestServer, rt: &str) -> reqwest::Response {
    let [(a, av), (b, bv)] = app_creds(ts);
    form(
        ts,
        "/oidc/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            (a, &av),
            (b, &bv),
        ],
    )
    .await
}

#[tokio::test]
async fn password_sign_in_by_every_identifier_answers_a_token_set() {
    let ts = TestServer::start().await;
    let id = user(&ts, "ada", Some("Ada@Example.com"), Some("13800000002")).await;
    for payload in [
        json!({"username": "ada", "password": PASSWORD}),
        json!({"email": "ADA@example.com", "password": PASSWORD}),
        json!({"phone": "13800000002", "password": PASSWORD}),
        json!({"account": "ada", "password": PASSWORD}),
        json!({"account": "ada@example.com", "password": PASSWORD}),
        json!({"account": "13800000002", "password": PASSWORD}),
    ] {
        let body = signin(&ts, payload.clone(), "openid profile").await;
        let set = &body["data"];
        assert_eq!(body["statusCode"], 200, "{payload}: {body}");
        assert_eq!(set["expire_in"], 7200);
        assert_eq!(set["expires_in"], 7200);
        assert_eq!(set["token_type"], "Bearer");
        assert!(
            set.get("refresh_token").is_none(),
            "no offline_access, no refresh token"
        );
        let at = claims(set["access_token"].as_str().unwrap());
        assert_eq!(at["sub"], id.as_str());
        assert_eq!(at["aud"], ts.server.defaults.app_id.as_str());
        assert_eq!(at["iss"], ts.url("/oidc"));
        assert_eq!(at["scope"], "openid profile");
        for c in ["jti", "iat", "exp"] {
            assert!(at.get(c).is_some(), "{c}");
        }
        let it = claims(set["id_token"].as_str().unwrap());
        assert_eq!(it["sub"], id.as_str());
        assert!(it["at_hash"].is_string());
    }
    let body = signin(
        &ts,
        json!({"username": "ada", "password": PASSWORD}),
        "openid offline_access",
    )
    .await;
    assert!(
        body["data"]["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 43)
    );

    // The access token's kid is in the JWKS; the signature verifies with it.
    let jwks: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/jwks.json"))
        .fetch_json()
        .await;
    let at = body["data"]["access_token"].as_str().unwrap();
    let kid = authgate_core::jws::peek_header(at).unwrap().kid.unwrap();
    assert!(
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == kid.as_str())
    );

    // Login history records successes with the app.
    let pool = ts.server.defaults.user_pool_id.clone();
    let (n, list) = ts
        .server
        .state
        .store
        .list_logins(&pool, &id, 0, 50)
        .await
        .unwrap();
    assert_eq!(n, 7);
    assert!(
        list.iter()
            .all(|r| r.success && r.app_id.as_deref() == Some(ts.server.defaults.app_id.as_str()))
    );
    ts.stop().await;
}

#[tokio::test]
async fn failures_are_ambiguous_by_default_and_recorded() {
    let ts = TestServer::start().await;
    let id = user(&ts, "bob", None, None).await;
    let wrong = signin(
        &ts,
        json!({"username": "bob", "password": "nope nope"}),
        "openid",
    )
    .await;
    assert_error(&wrong, 403);
    assert_eq!(wrong["apiCode"], 2333);
    let unknown = signin(
        &ts,
        json!({"username": "nobody", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_eq!(unknown["apiCode"], 2333);
    assert_eq!(wrong["message"], unknown["message"]);

    let missing = signin(&ts, json!({"password": PASSWORD}), "openid").await;
    assert!(assert_error(&missing, 400).contains("passwordPayload must include"));
    let d = &ts.server.defaults;
    let body = ts
        .post_json("/api/v3/signin", &json!({"connection": "PASSWORD", "client_id": d.app_id, "client_secret": d.app_secret}), None)
        .await;
    assert_error(&body, 400);
    let body = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "MAGIC", "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_error(&body, 400);

    // A pool that reveals account existence answers 404/2004 and 403/2006.
    let settings = PoolSettings {
        reveal_account_existence: true,
        ..PoolSettings::default()
    };
    ts.server
        .state
        .store
        .update_pool_settings(&d.user_pool_id, &settings, 1)
        .await
        .unwrap();
    let unknown = signin(
        &ts,
        json!({"username": "nobody", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_eq!(
        (unknown["statusCode"].clone(), unknown["apiCode"].clone()),
        (json!(404), json!(2004))
    );
    let wrong = signin(
        &ts,
        json!({"username": "bob", "password": "nope nope"}),
        "openid",
    )
    .await;
    assert_eq!(
        (wrong["statusCode"].clone(), wrong["apiCode"].clone()),
        (json!(403), json!(2006))
    );

    let (_, list) = ts
        .server
        .state
        .store
        .list_logins(&d.user_pool_id, &id, 0, 50)
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|r| !r.success));
    ts.stop().await;
}

#[tokio::test]
async fn lockout_after_five_failures_until_the_window_ends() {
    let ts = TestServer::start().await;
    user(&ts, "carl", None, None).await;
    for _ in 0..5 {
        let b = signin(
            &ts,
            json!({"username": "carl", "password": "wrong pass"}),
            "openid",
        )
        .await;
        assert_eq!(b["apiCode"], 2333);
    }
    let locked = signin(
        &ts,
        json!({"username": "carl", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_error(&locked, 403);
    assert_eq!(locked["apiCode"], 2057);
    ts.clock.advance(15 * 60 * 1000);
    let ok = signin(
        &ts,
        json!({"username": "carl", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_eq!(ok["statusCode"], 200, "{ok}");
    ts.stop().await;
}

#[tokio::test]
async fn disabled_accounts_cannot_sign_in() {
    let ts = TestServer::start().await;
    let id = user(&ts, "dave", None, None).await;
    let token = ts.mgmt_token().await;
    // Suspending ends the sessions the user already has.
    let set = signin(
        &ts,
        json!({"username": "dave", "password": PASSWORD}),
        "openid offline_access",
    )
    .await["data"]
        .clone();
    ts.post_json(
        "/api/v3/update-user",
        &json!({"userId": id, "status": "Suspended"}),
        Some(&token),
    )
    .await;
    let [(a, av), (b, bv)] = app_creds(&ts);
    let i: Value = form(
        &ts,
        "/oidc/token/introspection",
        &[
            ("token", set["access_token"].as_str().unwrap()),
            (a, &av),
            (b, &bv),
        ],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(i["active"], false, "suspension revokes sessions");
    assert_eq!(
        refresh(&ts, set["refresh_token"].as_str().unwrap())
            .await
            .status(),
        400
    );
    for status in ["Suspended", "Deactivated", "Archived"] {
        ts.post_json(
            "/api/v3/update-user",
            &json!({"userId": id, "status": status}),
            Some(&token),
        )
        .await;
        let b = signin(
            &ts,
            json!({"username": "dave", "password": PASSWORD}),
            "openid",
        )
        .await;
        assert_error(&b, 403);
        assert_eq!(b["apiCode"], 2005, "{status}");
    }
    ts.stop().await;
}

#[tokio::test]
async fn client_authentication_modes() {
    let ts = TestServer::start().await;
    user(&ts, "erin", None, None).await;
    let d = ts.server.defaults.clone();
    let payload = json!({"connection": "PASSWORD", "passwordPayload": {"username": "erin", "password": PASSWORD}});

    let mut wrong = payload.clone();
    wrong["client_id"] = json!(d.app_id);
    wrong["client_secret"] = json!("not-the-secret");
    let b = ts.post_json("/api/v3/signin", &wrong, None).await;
    assert_error(&b, 401);
    assert_eq!(b["apiCode"], 40110);

    // No credentials for a client_secret_post app: refused.
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/signin"))
        .header("x-authing-app-id", &d.app_id)
        .json(&payload)
        .fetch_json()
        .await;
    assert_eq!(b["apiCode"], 40110);

    // Basic works (any valid form is accepted); a user token in authorization is ignored.
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", d.app_id, d.app_secret));
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/signin"))
        .header("authorization", format!("Basic {basic}"))
        .json(&payload)
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let user_token = b["data"]["access_token"].as_str().unwrap().to_string();
    let mut post = payload.clone();
    post["client_id"] = json!(d.app_id);
    post["client_secret"] = json!(d.app_secret);
    let b: Value = ts
        .http
        .post(ts.url("/api/v3/signin"))
        .header("authorization", &user_token)
        .json(&post)
        .fetch_json()
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn sign_up_then_sign_in_and_auto_register() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let signup = |body: Value| {
        let req = ts
            .http
            .post(ts.url("/api/v3/signup"))
            .header("x-authing-app-id", &d.app_id)
            .json(&body);
        async move { req.fetch_json().await }
    };
    let b = signup(json!({"connection": "PASSWORD", "passwordPayload": {"username": "fay", "password": PASSWORD},
        "profile": {"nickname": "Fay", "customData": {"plan": "pro"}}}))
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["userSourceType"], "register");
    assert_eq!(b["data"]["nickname"], "Fay");
    let b = signup(json!({"connection": "PASSWORD", "passwordPayload": {"username": "fay", "password": PASSWORD}})).await;
    assert_error(&b, 409);
    let b = signup(json!({"connection": "PASSWORD", "passwordPayload": {"email": "fay@x.io", "password": "short"}})).await;
    assert_error(&b, 400);
    assert_eq!(b["apiCode"], 2029);
    let b =
        signup(json!({"connection": "PASSWORD", "passwordPayload": {"password": PASSWORD}})).await;
    assert_error(&b, 400);
    let b = signin(
        &ts,
        json!({"username": "fay", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_eq!(b["statusCode"], 200);

    // autoRegister: only for an explicit identifier, not `account`.
    let mut body = json!({"connection": "PASSWORD", "passwordPayload": {"username": "gus", "password": PASSWORD},
        "options": {"autoRegister": true}, "client_id": d.app_id, "client_secret": d.app_secret});
    let b = ts.post_json("/api/v3/signin", &body, None).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    body["passwordPayload"] = json!({"account": "hal", "password": PASSWORD});
    let b = ts.post_json("/api/v3/signin", &body, None).await;
    assert_eq!(b["apiCode"], 2333);
    ts.stop().await;
}

#[tokio::test]
async fn rsa_encrypted_passwords() {
    use aws_lc_rs::rsa::{OAEP_SHA256_MGF1SHA256, OaepPublicEncryptingKey, PublicEncryptingKey};
    let ts = TestServer::start().await;
    user(&ts, "ivy", None, None).await;
    let system: Value = ts.http.get(ts.url("/api/v3/system")).fetch_json().await;
    let pem = system["rsa"]["publicKey"].as_str().unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let key = OaepPublicEncryptingKey::new(PublicEncryptingKey::from_der(&der).unwrap()).unwrap();
    let mut out = vec![0u8; key.ciphertext_size()];
    let cipher = key
        .encrypt(&OAEP_SHA256_MGF1SHA256, PASSWORD.as_bytes(), &mut out, None)
        .unwrap();
    let enc = base64::engine::general_purpose::STANDARD.encode(cipher);
    let d = &ts.server.defaults;
    let mut body = json!({"connection": "PASSWORD", "passwordPayload": {"username": "ivy", "password": enc},
        "options": {"passwordEncryptType": "rsa"}, "client_id": d.app_id, "client_secret": d.app_secret});
    let b = ts.post_json("/api/v3/signin", &body, None).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    body["passwordPayload"]["password"] = json!("bm90IGEgY2lwaGVydGV4dA==");
    let b = ts.post_json("/api/v3/signin", &body, None).await;
    assert_error(&b, 499);
    assert_eq!(b["apiCode"], 2016);
    ts.stop().await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let ts = TestServer::start().await;
    user(&ts, "jo", Some("jo@x.io"), None).await;
    let set = signin(
        &ts,
        json!({"username": "jo", "password": PASSWORD}),
        "openid profile email offline_access",
    )
    .await["data"]
        .clone();
    let rt1 = set["refresh_token"].as_str().unwrap().to_string();

    let resp = refresh(&ts, &rt1).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let next: Value = resp.json().await.unwrap();
    let rt2 = next["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(rt1, rt2);
    assert_eq!(next["expires_in"], 7200);
    assert!(next["id_token"].is_string());
    let at2 = next["access_token"].as_str().unwrap().to_string();

    // Reusing rt1: invalid_grant, and the whole family dies (rt2 and its access token).
    let reuse = refresh(&ts, &rt1).await;
    assert_eq!(reuse.status(), 400);
    assert_eq!(
        reuse.json::<Value>().await.unwrap()["error"],
        "invalid_grant"
    );
    assert_eq!(refresh(&ts, &rt2).await.status(), 400);
    let me = ts
        .http
        .get(ts.url("/oidc/me"))
        .bearer_auth(&at2)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    assert!(
        me.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );

    // Missing / unknown grant, bad client.
    let r = form(&ts, "/oidc/token", &[("refresh_token", "x")]).await;
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_request");
    let [(a, av), (b, bv)] = app_creds(&ts);
    let r = form(
        &ts,
        "/oidc/token",
        &[("grant_type", "magic"), (a, &av), (b, &bv)],
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
    let r = form(
        &ts,
        "/oidc/token",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", &av),
            ("client_secret", "bad"),
        ],
    )
    .await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    ts.stop().await;
}

#[tokio::test]
async fn expired_refresh_tokens_and_access_tokens_are_refused() {
    let ts = TestServer::start().await;
    user(&ts, "kim", None, None).await;
    let set = signin(
        &ts,
        json!({"username": "kim", "password": PASSWORD}),
        "openid offline_access",
    )
    .await["data"]
        .clone();
    let at = set["access_token"].as_str().unwrap();
    ts.clock.advance(7201 * 1000);
    assert_eq!(
        ts.http
            .get(ts.url("/oidc/me"))
            .bearer_auth(at)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let r = refresh(&ts, set["refresh_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200, "refresh outlives the access token");
    ts.clock.advance(31 * 24 * 3600 * 1000);
    let set2: Value = r.json().await.unwrap();
    assert_eq!(
        refresh(&ts, set2["refresh_token"].as_str().unwrap())
            .await
            .status(),
        400
    );
    ts.stop().await;
}

#[tokio::test]
async fn userinfo_introspection_and_revocation() {
    let ts = TestServer::start().await;
    let id = user(&ts, "lee", Some("lee@x.io"), None).await;
    let set = signin(
        &ts,
        json!({"username": "lee", "password": PASSWORD}),
        "openid profile email offline_access",
    )
    .await["data"]
        .clone();
    let at = set["access_token"].as_str().unwrap().to_string();
    let rt = set["refresh_token"].as_str().unwrap().to_string();

    for prefix in ["/oidc", "/oauth"] {
        let me: Value = ts
            .http
            .get(ts.url(&format!("{prefix}/me")))
            .bearer_auth(&at)
            .fetch_json()
            .await;
        assert_eq!(me["sub"], id.as_str());
        assert_eq!(me["email"], "lee@x.io");
        let me: Value = ts
            .http
            .get(ts.url(&format!("{prefix}/me?access_token={at}")))
            .fetch_json()
            .await;
        assert_eq!(me["sub"], id.as_str());
        let me: Value = form(&ts, &format!("{prefix}/me"), &[("access_token", &at)])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["sub"], id.as_str());
    }
    assert_eq!(
        ts.http
            .get(ts.url("/oidc/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    let [(a, av), (b, bv)] = app_creds(&ts);
    let intro = |t: String| {
        let (a, av, b, bv) = (a, av.clone(), b, bv.clone());
        let ts = &ts;
        async move {
            form(
                ts,
                "/oidc/token/introspection",
                &[("token", &t), (a, &av), (b, &bv)],
            )
            .await
            .json::<Value>()
            .await
            .unwrap()
        }
    };
    let i = intro(at.clone()).await;
    assert_eq!(i["active"], true);
    assert_eq!(i["sub"], id.as_str());
    assert_eq!(i["client_id"], ts.server.defaults.app_id.as_str());
    assert_eq!(intro(rt.clone()).await["token_type"], "refresh_token");
    assert_eq!(intro("garbage".into()).await, json!({"active": false}));

    // Revoking the access token: inactive everywhere; revocation answers 200 with an empty body.
    let r = form(
        &ts,
        "/oidc/token/revocation",
        &[("token", &at), (a, &av), (b, &bv)],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "");
    assert_eq!(intro(at.clone()).await["active"], false);
    assert_eq!(
        ts.http
            .get(ts.url("/oidc/me"))
            .bearer_auth(&at)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    // Revoking the refresh token ends the session.
    form(
        &ts,
        "/oauth/token/revocation",
        &[("token", &rt), (a, &av), (b, &bv)],
    )
    .await;
    assert_eq!(intro(rt.clone()).await["active"], false);
    assert_eq!(refresh(&ts, &rt).await.status(), 400);
    // Unknown tokens: still 200.
    assert_eq!(
        form(
            &ts,
            "/oidc/token/revocation",
            &[("token", "nope"), (a, &av), (b, &bv)]
        )
        .await
        .status(),
        200
    );
    let r = form(&ts, "/oidc/token/revocation", &[(a, &av), (b, &bv)]).await;
    assert_eq!(r.status(), 400);
    ts.stop().await;
}

#[tokio::test]
async fn per_ip_rate_limit_on_sign_in_and_sign_up() {
    let ts = TestServer::start_with(|c| c.ip_rate_limit_per_minute = 3).await;
    user(&ts, "mia", None, None).await;
    for _ in 0..3 {
        let b = signin(
            &ts,
            json!({"username": "mia", "password": PASSWORD}),
            "openid",
        )
        .await;
        assert_eq!(b["statusCode"], 200, "{b}");
    }
    let b = signin(
        &ts,
        json!({"username": "mia", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_error(&b, 429);
    assert_eq!(b["apiCode"], 42900);
    // Buckets are per endpoint: sign-up still has its own allowance.
    let d = &ts.server.defaults;
    let up: Value = ts
        .http
        .post(ts.url("/api/v3/signup"))
        .header("x-authing-app-id", &d.app_id)
        .json(&json!({"connection": "PASSWORD", "passwordPayload": {"username": "ned", "password": PASSWORD}}))
        .fetch_json()
        .await;
    assert_eq!(up["statusCode"], 200, "{up}");
    // A new minute, a new window.
    ts.clock.advance(60 * 1000);
    let b = signin(
        &ts,
        json!({"username": "mia", "password": PASSWORD}),
        "openid",
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}
