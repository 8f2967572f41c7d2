//! The token endpoint's client-credentials grant, id-token hashes, discovery and signing-key
//! rotation.

use crate::common::{APP_USER_PASSWORD, FetchJson, TestServer, create_app_user};
use authgate_core::clock::Clock;
use authgate_server::keys;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

/// The scopes the default application is given for machine-to-machine tokens.
const M2M_SCOPES: &str = "orders:read orders:write";

/// Lets the default application use the client-credentials grant with [`M2M_SCOPES`].
async fn enable_client_credentials(ts: &TestServer) {
    let mgmt = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": ts.server.defaults.app_id,
                    "oidcConfig": {"grant_types": ["authorization_code", "refresh_token",
                                                   "client_credentials"],
                                   "scope": M2M_SCOPES}}),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
}

/// POSTs a form to `path`, optionally with `Basic id:secret`; answers status, WWW-Authenticate
/// and body.
async fn post_form(
    ts: &TestServer,
    path: &str,
    form: &[(&str, &str)],
    basic: Option<(&str, &str)>,
) -> (u16, Option<String>, Value) {
    let mut req = ts.http.post(ts.url(path)).form(form);
    if let Some((id, secret)) = basic {
        req = req.header(
            "authorization",
            format!("Basic {}", STANDARD.encode(format!("{id}:{secret}"))),
        );
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let www = resp
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    let text = resp.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"))
    };
    (status, www, body)
}

/// A compact JWS's header and payload.
fn decode(jwt: &str) -> (Value, Value) {
    let mut parts = jwt.split('.');
    let mut next =
        || serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap()).unwrap();
    (next(), next())
}

async fn introspect(ts: &TestServer, token: &str) -> Value {
    let d = &ts.server.defaults;
    let (status, _, body) = post_form(
        ts,
        "/oidc/token/introspection",
        &[
            ("token", token),
            ("client_id", &d.app_id),
            ("client_secret", &d.app_secret),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn jwks_kids(ts: &TestServer) -> Vec<String> {
    let jwks: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/jwks.json"))
        .fetch_json()
        .await;
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect()
}

/// A client-credentials token of the default application (body credentials).
async fn app_token(ts: &TestServer, scope: Option<&str>) -> Value {
    let d = &ts.server.defaults;
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", d.app_id.as_str()),
        ("client_secret", d.app_secret.as_str()),
    ];
    if let Some(s) = scope {
        form.push(("scope", s));
    }
    let (status, _, body) = post_form(ts, "/oidc/token", &form, None).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn client_credentials_with_the_applications_own_credentials() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    enable_client_credentials(&ts).await;

    // client_secret_post.
    let body = app_token(&ts, Some("orders:read")).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "orders:read");
    assert_eq!(body["expires_in"], 7200);
    assert!(body.get("id_token").is_none(), "{body}");
    assert!(body.get("refresh_token").is_none(), "{body}");
    let at = body["access_token"].as_str().unwrap();
    let (header, claims) = decode(at);
    assert_eq!(header["alg"], "RS256");
    assert!(
        jwks_kids(&ts)
            .await
            .contains(&header["kid"].as_str().unwrap().to_string())
    );
    assert_eq!(claims["sub"], d.app_id);
    assert_eq!(claims["client_id"], d.app_id);
    assert_eq!(claims["aud"], d.app_id);
    assert_eq!(claims["iss"], ts.url("/oidc"));
    assert_eq!(claims["scope"], "orders:read");
    assert!(claims.get("sid").is_none(), "no session: {claims}");
    let seen = introspect(&ts, at).await;
    assert_eq!(seen["active"], true, "{seen}");
    assert_eq!(seen["client_id"], d.app_id);
    assert_eq!(seen["scope"], "orders:read");
    // No user behind it: UserInfo and the user APIs refuse it.
    let me = ts
        .http
        .get(ts.url("/oidc/me"))
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    let profile: Value = ts
        .http
        .get(ts.url("/api/v3/get-profile"))
        .header("authorization", at)
        .fetch_json()
        .await;
    assert_eq!(profile["statusCode"], 401, "{profile}");

    // No scope asked: every allowed scope.
    let all = app_token(&ts, None).await;
    assert_eq!(all["scope"], M2M_SCOPES);

    // client_secret_basic, also on /oauth.
    let (status, _, body) = post_form(
        &ts,
        "/oauth/token",
        &[
            ("grant_type", "client_credentials"),
            ("scope", "orders:write"),
        ],
        Some((&d.app_id, &d.app_secret)),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        decode(body["access_token"].as_str().unwrap()).1["sub"],
        d.app_id
    );

    // Revoked by its application: no longer active.
    let (status, _, _) = post_form(
        &ts,
        "/oidc/token/revocation",
        &[
            ("token", at),
            ("client_id", &d.app_id),
            ("client_secret", &d.app_secret),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(introspect(&ts, at).await, json!({"active": false}));
    ts.stop().await;
}

#[tokio::test]
async fn client_credentials_with_an_access_key_body_wins_over_basic() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    enable_client_credentials(&ts).await;
    let ak_form = [
        ("grant_type", "client_credentials"),
        ("client_id", d.access_key_id.as_str()),
        ("client_secret", d.access_key_secret.as_str()),
        ("scope", "orders:read"),
    ];
    // Node + client_secret_basic: Basic appId:appSecret beside the access key in the body.
    for basic in [Some((d.app_id.as_str(), d.app_secret.as_str())), None] {
        let (status, _, body) = post_form(&ts, "/oidc/token", &ak_form, basic).await;
        assert_eq!(status, 200, "{basic:?} {body}");
        let (_, claims) = decode(body["access_token"].as_str().unwrap());
        assert_eq!(claims["sub"], d.access_key_id, "{claims}");
        assert_eq!(claims["aud"], d.app_id, "{claims}");
        assert_eq!(claims["scope"], "orders:read");
        assert!(body.get("id_token").is_none() && body.get("refresh_token").is_none());
    }
    // The body wins even when the Basic secret is wrong.
    let (status, _, body) =
        post_form(&ts, "/oidc/token", &ak_form, Some((&d.app_id, "wrong"))).await;
    assert_eq!(status, 200, "{body}");
    // A wrong access key secret fails, whatever Basic says.
    let (status, www, body) = post_form(
        &ts,
        "/oidc/token",
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &d.access_key_id),
            ("client_secret", "not-the-secret"),
        ],
        Some((&d.app_id, &d.app_secret)),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "{body}"
    );
    assert!(www.is_some_and(|w| w.starts_with("Basic")));
    ts.stop().await;
}

#[tokio::test]
async fn client_credentials_errors() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let cc = |id: &str, secret: &str, scope: &str| {
        vec![
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), id.to_string()),
            ("client_secret".to_string(), secret.to_string()),
            ("scope".to_string(), scope.to_string()),
        ]
    };
    let send = |form: Vec<(String, String)>, basic: Option<(String, String)>| {
        let ts = &ts;
        async move {
            let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_form(
                ts,
                "/oidc/token",
                &f,
                basic.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            )
            .await
        }
    };

    // The default application is not registered for the grant.
    let (status, _, body) = send(cc(&d.app_id, &d.app_secret, ""), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unauthorized_client")),
        "{body}"
    );
    enable_client_credentials(&ts).await;

    // Wrong secret (body and Basic), unknown client, no credentials: 401 invalid_client.
    let basic_only = vec![("grant_type".to_string(), "client_credentials".to_string())];
    for (form, basic) in [
        (cc(&d.app_id, "wrong", ""), None),
        (
            basic_only.clone(),
            Some((d.app_id.clone(), "wrong".to_string())),
        ),
        (cc("no-such-client", "x", ""), None),
        (basic_only.clone(), None),
        (
            vec![
                ("grant_type".to_string(), "client_credentials".to_string()),
                ("client_id".to_string(), d.app_id.clone()),
            ],
            None,
        ),
    ] {
        let (status, www, body) = send(form.clone(), basic).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "{form:?} {body}"
        );
        assert!(www.is_some(), "WWW-Authenticate on 401");
        assert!(body["error_description"].is_string());
    }

    // Scopes outside the allowed set, or malformed.
    for scope in ["admin", "orders:read admin", "openid", "bad\\scope"] {
        let (status, _, body) = send(cc(&d.app_id, &d.app_secret, scope), None).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_scope")),
            "{scope} {body}"
        );
    }

    // Unsupported and missing grant types.
    for grant in [
        "password",
        "urn:ietf:params:oauth:grant-type:device_code",
        "bogus",
    ] {
        let (status, _, body) = send(
            vec![
                ("grant_type".to_string(), grant.to_string()),
                ("client_id".to_string(), d.app_id.clone()),
                ("client_secret".to_string(), d.app_secret.clone()),
            ],
            None,
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("unsupported_grant_type")),
            "{body}"
        );
    }
    let (status, _, body) = send(vec![("scope".to_string(), "x".to_string())], None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    // A disabled-or-unknown grant in the refresh branch stays invalid_grant.
    let (status, _, body) = send(
        vec![
            ("grant_type".to_string(), "refresh_token".to_string()),
            ("refresh_token".to_string(), "nope".to_string()),
            ("client_id".to_string(), d.app_id.clone()),
            ("client_secret".to_string(), d.app_secret.clone()),
        ],
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    ts.stop().await;
}

#[tokio::test]
async fn id_token_at_hash_matches_the_access_token() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "hash").await;
    let d = &ts.server.defaults;
    let b = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "hash", "password": APP_USER_PASSWORD},
                    "options": {"scope": "openid profile offline_access"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let check = |set: &Value| {
        let at = set["access_token"].as_str().unwrap();
        let (header, id) = decode(set["id_token"].as_str().unwrap());
        assert_eq!(header["alg"], "RS256");
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, at.as_bytes());
        assert_eq!(
            id["at_hash"],
            URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16]),
            "{id}"
        );
        assert!(
            id.get("c_hash").is_none(),
            "no code returned with this id token"
        );
    };
    check(&b["data"]);
    // And on the token endpoint (refresh).
    let (status, _, set) = post_form(
        &ts,
        "/oidc/token",
        &[
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                b["data"]["refresh_token"].as_str().unwrap(),
            ),
            ("client_id", &d.app_id),
            ("client_secret", &d.app_secret),
        ],
        None,
    )
    .await;
    assert_eq!(status, 200, "{set}");
    check(&set);
    ts.stop().await;
}

#[tokio::test]
async fn discovery_is_complete_at_every_path() {
    let ts = TestServer::start().await;
    let issuer = ts.url("/oidc");
    let oidc: Value = ts
        .http
        .get(ts.url("/oidc/.well-known/openid-configuration"))
        .fetch_json()
        .await;
    for path in [
        "/.well-known/openid-configuration",
        "/oauth/.well-known/openid-configuration",
    ] {
        let other: Value = ts.http.get(ts.url(path)).fetch_json().await;
        assert_eq!(other, oidc, "{path}");
    }
    assert_eq!(oidc["issuer"], issuer);
    for (k, v) in [
        ("authorization_endpoint", "/auth"),
        ("token_endpoint", "/token"),
        ("userinfo_endpoint", "/me"),
        ("jwks_uri", "/.well-known/jwks.json"),
        ("end_session_endpoint", "/session/end"),
        ("introspection_endpoint", "/token/introspection"),
        ("revocation_endpoint", "/token/revocation"),
    ] {
        assert_eq!(oidc[k], format!("{issuer}{v}"), "{k}");
    }
    // Every member the SDK types.
    for k in [
        "scopes_supported",
        "response_types_supported",
        "response_modes_supported",
        "grant_types_supported",
        "id_token_signing_alg_values_supported",
        "id_token_encryption_alg_values_supported",
        "id_token_encryption_enc_values_supported",
        "userinfo_signing_alg_values_supported",
        "userinfo_encryption_alg_values_supported",
        "userinfo_encryption_enc_values_supported",
        "token_endpoint_auth_methods_supported",
        "claim_types_supported",
        "claims_supported",
        "code_challenge_methods_supported",
        "introspection_endpoint_auth_methods_supported",
        "revocation_endpoint_auth_methods_supported",
        "prompt_values_supported",
    ] {
        assert!(oidc[k].is_array(), "{k} missing: {oidc}");
    }
    let has = |k: &str, v: &str| oidc[k].as_array().unwrap().iter().any(|x| x == v);
    for m in ["query", "fragment", "form_post"] {
        assert!(has("response_modes_supported", m));
    }
    for g in ["authorization_code", "refresh_token", "client_credentials"] {
        assert!(has("grant_types_supported", g));
    }
    assert!(has("code_challenge_methods_supported", "S256"));
    assert!(has("code_challenge_methods_supported", "plain"));
    for p in ["none", "login", "consent", "select_account"] {
        assert!(has("prompt_values_supported", p));
    }
    assert!(has("id_token_signing_alg_values_supported", "RS256"));
    assert!(has("claims_supported", "email_verified"));
    // The SDK's typed reader takes it.
    let typed: authgate_proto::oidc::Discovery = serde_json::from_value(oidc.clone()).unwrap();
    assert_eq!(typed.end_session_endpoint, format!("{issuer}/session/end"));
    ts.stop().await;
}

#[tokio::test]
async fn key_rotation_keeps_old_tokens_valid_until_the_key_retires() {
    let ts = TestServer::start().await;
    enable_client_credentials(&ts).await;
    let state = ts.server.state.clone();
    let old = app_token(&ts, None).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let old_kid = decode(&old).0["kid"].as_str().unwrap().to_string();
    let mgmt = ts.mgmt_token().await;
    assert_eq!(jwks_kids(&ts).await, vec![old_kid.clone()]);

    // `authgate keys rotate`, in-process.
    let grace = keys::retire_grace_ms(state.management_token_ttl);
    assert!(grace > 86_400_000, "outlives the longest token");
    let rotated_at = ts.clock.now_millis();
    let new = keys::rotate(&state.store, &state.master, rotated_at, grace)
        .await
        .unwrap();
    assert_ne!(new.kid, old_kid);
    assert!(new.private_sealed.is_empty(), "no private part handed out");

    // A token with the new kid reaches this node before its periodic re-read: the unknown
    // kid triggers one (rate-limited) re-read.
    assert!(state.keys.find(&new.kid).is_none());
    ts.clock.advance(keys::UNKNOWN_KID_RELOAD_MS + 1);
    let found = state
        .keys
        .find_or_reload(&state.store, &state.master, &new.kid, ts.clock.now_millis())
        .await;
    assert_eq!(found.map(|k| k.kid().to_string()), Some(new.kid.clone()));
    // Within the rate limit an unknown kid does not hit the database again.
    assert!(
        state
            .keys
            .find_or_reload(&state.store, &state.master, "nope", ts.clock.now_millis())
            .await
            .is_none()
    );

    let fresh = app_token(&ts, None).await["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        decode(&fresh).0["kid"],
        new.kid,
        "new tokens carry the new kid"
    );
    let kids = jwks_kids(&ts).await;
    assert_eq!(
        kids,
        vec![new.kid.clone(), old_kid.clone()],
        "newest first, old kept"
    );
    assert_eq!(introspect(&ts, &old).await["active"], true);
    assert_eq!(introspect(&ts, &fresh).await["active"], true);
    // The management API still takes tokens of the old key.
    let b = ts
        .get_raw(
            &format!(
                "/api/v3/get-application?appId={}",
                ts.server.defaults.app_id
            ),
            Some(&mgmt),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let listed = keys::list(&state.store).await.unwrap();
    let old_row = listed.iter().find(|k| k.kid == old_kid).unwrap();
    assert!(!old_row.active);
    assert_eq!(old_row.retire_at, Some(rotated_at + grace));
    assert!(listed.iter().find(|k| k.kid == new.kid).unwrap().active);

    // `authgate keys list`.
    let table = keys::key_table(&listed, ts.clock.now_millis());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].starts_with("KID") && lines[0].contains("RETIRES"),
        "{table}"
    );
    assert!(
        lines[1].starts_with(&new.kid) && lines[1].contains(" yes "),
        "{table}"
    );
    assert!(
        lines[2].starts_with(&old_kid) && lines[2].contains(" no "),
        "{table}"
    );
    assert!(
        !table.contains("(retired)") && !table.contains("RSA-OAEP"),
        "{table}"
    );

    // Past the grace period the old key leaves the JWKS on the next re-read.
    ts.clock.advance(grace);
    state
        .keys
        .reload(&state.store, &state.master, ts.clock.now_millis())
        .await
        .unwrap();
    assert_eq!(jwks_kids(&ts).await, vec![new.kid.clone()]);
    assert!(state.keys.find(&old_kid).is_none());
    assert_eq!(introspect(&ts, &old).await, json!({"active": false}));
    let listed = keys::list(&state.store).await.unwrap();
    assert!(keys::key_table(&listed, ts.clock.now_millis()).contains("(retired)"));
    ts.stop().await;
}

#[tokio::test]
async fn concurrent_rotations_leave_one_signing_key() {
    let ts = TestServer::start().await;
    let state = ts.server.state.clone();
    let now = ts.clock.now_millis();
    let (a, b) = tokio::join!(
        keys::rotate(&state.store, &state.master, now, 1000),
        keys::rotate(&state.store, &state.master, now + 1, 1000),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let rows = state.store.list_signing_keys().await.unwrap();
    let active: Vec<&str> = rows
        .iter()
        .filter(|k| k.alg == keys::RS256 && k.active)
        .map(|k| k.kid.as_str())
        .collect();
    assert_eq!(active.len(), 1, "{rows:?}");
    assert!(active[0] == a.kid || active[0] == b.kid);
    state
        .keys
        .reload(&state.store, &state.master, now + 2)
        .await
        .unwrap();
    assert_eq!(state.keys.active().unwrap().kid(), active[0]);
    ts.stop().await;
}

/// Node B already signs with a key node A has not re-read yet: A accepts B's tokens at once
/// (unknown `kid` → one re-read), for the management API and for introspection.
#[tokio::test]
async fn a_node_picks_up_a_key_rotated_elsewhere_on_first_sight() {
    const PUBLIC_URL: &str = "http://authgate.keys.test";
    let a = TestServer::start_with(|c| c.public_url = Some(PUBLIC_URL.into())).await;
    enable_client_credentials(&a).await;
    let mut cfg_b = crate::common::config(&a.db, a.data_dir.path());
    cfg_b.public_url = Some(PUBLIC_URL.into());
    let b = authgate_server::server::start_with_clock(cfg_b, std::sync::Arc::new(a.clock.clone()))
        .await
        .unwrap();
    let sb = b.state.clone();
    let now = a.clock.now_millis();
    let new = keys::rotate(&sb.store, &sb.master, now, keys::retire_grace_ms(3600))
        .await
        .unwrap();
    sb.keys.reload(&sb.store, &sb.master, now).await.unwrap();
    assert_eq!(sb.keys.active().unwrap().kid(), new.kid);
    assert!(
        a.server.state.keys.find(&new.kid).is_none(),
        "A has not re-read"
    );
    a.clock.advance(keys::UNKNOWN_KID_RELOAD_MS + 1);

    // A management token minted on B.
    let d = &a.server.defaults;
    let minted: Value = a
        .http
        .post(format!("{}/api/v3/get-management-token", b.url()))
        .json(&json!({"accessKeyId": d.access_key_id, "accessKeySecret": d.access_key_secret}))
        .fetch_json()
        .await;
    let token = minted["data"]["access_token"].as_str().unwrap();
    assert_eq!(decode(token).0["kid"], new.kid);
    let got = a
        .get_raw(
            &format!("/api/v3/get-application?appId={}", d.app_id),
            Some(token),
        )
        .await;
    assert_eq!(got["statusCode"], 200, "{got}");
    assert_eq!(
        a.server.state.keys.active().unwrap().kid(),
        new.kid,
        "A now signs with it"
    );

    // A client-credentials token minted on B is active on A.
    let body: Value = a
        .http
        .post(format!("{}/oidc/token", b.url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &d.app_id),
            ("client_secret", &d.app_secret),
        ])
        .fetch_json()
        .await;
    let at = body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(decode(at).0["kid"], new.kid);
    assert_eq!(introspect(&a, at).await["active"], true);
    b.stop().await.unwrap();
    a.stop().await;
}
