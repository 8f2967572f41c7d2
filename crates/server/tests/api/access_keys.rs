//! Access keys: create (secret once), list, get, enable / disable, delete; the effect on both
//! authentication schemes; global MFA settings.

use crate::common::{FetchJson, TestServer, assert_error};
use authgate_core::mgmt_signature::{SignedParams, canonical_resource, sign, string_to_sign};
use serde_json::{Value, json};

/// A Node-style signed `GET path` (no parameters) with key `ak` / `sk`.
async fn signed_get(ts: &TestServer, ak: &str, sk: &str, path: &str) -> Value {
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let resource = canonical_resource(path, SignedParams::Query("")).unwrap();
    let sts = string_to_sign("GET", [("date", date.as_str())], &resource);
    ts.http
        .get(ts.url(path))
        .header("date", date)
        .header(
            "authorization",
            format!("authing {ak}:{}", sign(sk.as_bytes(), &sts)),
        )
        .fetch_json()
        .await
}

async fn token_for(ts: &TestServer, ak: &str, sk: &str) -> Value {
    ts.post_json(
        "/api/v3/get-management-token",
        &json!({"accessKeyId": ak, "accessKeySecret": sk}),
        None,
    )
    .await
}

async fn create_key(ts: &TestServer, token: &str) -> (String, String) {
    let b = ts
        .post_json(
            "/api/v3/create-access-key",
            &json!({"type": "userpool", "userId": "collab-1"}),
            Some(token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let k = &b["data"][0];
    assert_eq!(k["status"], "activated");
    assert_eq!(k["enable"], true);
    assert_eq!(k["userId"], "collab-1");
    assert_eq!(k["userPoolId"], ts.server.defaults.user_pool_id.as_str());
    let secret = k["accessKeySecret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 32, "{k}");
    (k["accessKeyId"].as_str().unwrap().to_string(), secret)
}

#[tokio::test]
async fn secret_is_shown_once_and_the_key_works_with_both_schemes() {
    let ts = TestServer::start().await;
    let root = ts.mgmt_token().await;
    let (ak, sk) = create_key(&ts, &root).await;

    // Both schemes accept the new key.
    let t = token_for(&ts, &ak, &sk).await;
    assert_eq!(t["statusCode"], 200, "{t}");
    let token = t["data"]["access_token"].as_str().unwrap().to_string();
    let s = signed_get(&ts, &ak, &sk, "/api/v3/get-security-settings").await;
    assert_eq!(s["statusCode"], 200, "{s}");

    // The secret is never shown again.
    let got = ts
        .get_raw(
            &format!("/api/v3/get-access-key?accessKeyId={ak}&userId=collab-1"),
            Some(&root),
        )
        .await;
    assert_eq!(got["data"][0]["accessKeySecret"], "******", "{got}");
    assert!(
        got["data"][0]["lastDate"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{got}"
    );
    let list = ts.get_raw("/api/v3/list-access-key", Some(&root)).await;
    let keys = list["data"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "root and the new one: {list}");
    assert!(keys.iter().all(|k| k["accessKeySecret"] == "******"));
    assert!(!list.to_string().contains(&sk));
    let only = ts
        .get_raw(
            "/api/v3/list-access-key?userId=collab-1&status=activated",
            Some(&root),
        )
        .await;
    assert_eq!(only["data"].as_array().unwrap().len(), 1, "{only}");
    let none = ts
        .get_raw("/api/v3/list-access-key?status=revoked", Some(&root))
        .await;
    assert_eq!(none["data"].as_array().unwrap().len(), 0, "{none}");

    // Disabled: the token already minted, new tokens and signatures all stop at once.
    let off = ts
        .post_json(
            "/api/v3/update-access-key",
            &json!({"accessKeyId": ak, "enable": false}),
            Some(&root),
        )
        .await;
    assert_eq!(off["data"]["success"], true, "{off}");
    let b = ts
        .get_raw("/api/v3/get-security-settings", Some(&token))
        .await;
    assert_error(&b, 401);
    assert_error(&token_for(&ts, &ak, &sk).await, 401);
    assert_error(
        &signed_get(&ts, &ak, &sk, "/api/v3/get-security-settings").await,
        401,
    );
    let revoked = ts
        .get_raw("/api/v3/list-access-key?status=revoked", Some(&root))
        .await;
    assert_eq!(revoked["data"][0]["status"], "revoked", "{revoked}");

    // Enabled again (GenAuth's status spelling), then deleted: gone for good.
    let on = ts
        .post_json(
            "/api/v3/update-access-key",
            &json!({"accessKeyId": ak, "status": "activated"}),
            Some(&root),
        )
        .await;
    assert_eq!(on["statusCode"], 200, "{on}");
    assert_eq!(
        ts.get_raw("/api/v3/get-security-settings", Some(&token))
            .await["statusCode"],
        200
    );
    let del = ts
        .post_json(
            "/api/v3/delete-access-key",
            &json!({"accessKeyId": ak}),
            Some(&root),
        )
        .await;
    assert_eq!(del["statusCode"], 200, "{del}");
    assert_error(
        &ts.get_raw("/api/v3/get-security-settings", Some(&token))
            .await,
        401,
    );
    assert_error(
        &signed_get(&ts, &ak, &sk, "/api/v3/get-security-settings").await,
        401,
    );
    let gone = ts
        .get_raw(
            &format!("/api/v3/get-access-key?accessKeyId={ak}"),
            Some(&root),
        )
        .await;
    assert_error(&gone, 404);
    ts.stop().await;
}

#[tokio::test]
async fn root_and_own_keys_are_protected_and_bad_input_refused() {
    let ts = TestServer::start().await;
    let root = ts.mgmt_token().await;
    let root_id = ts.server.defaults.access_key_id.clone();
    let (ak, sk) = create_key(&ts, &root).await;
    let mine = token_for(&ts, &ak, &sk).await["data"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    // The root key cannot be disabled or deleted, by anyone.
    for (path, body) in [
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": root_id, "enable": false}),
        ),
        ("/api/v3/delete-access-key", json!({"accessKeyId": root_id})),
    ] {
        for t in [&root, &mine] {
            let b = ts.post_json(path, &body, Some(t)).await;
            assert_error(&b, 403);
            assert_eq!(b["apiCode"], 40340, "{b}");
        }
    }
    // A key cannot disable or delete itself.
    for (path, body) in [
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": ak, "enable": false}),
        ),
        ("/api/v3/delete-access-key", json!({"accessKeyId": ak})),
    ] {
        let b = ts.post_json(path, &body, Some(&mine)).await;
        assert_eq!(b["apiCode"], 40341, "{b}");
    }
    // Bad input.
    for (path, body, status) in [
        ("/api/v3/create-access-key", json!({}), 400),
        ("/api/v3/create-access-key", json!({"type": ""}), 400),
        ("/api/v3/create-access-key", json!({"type": "admin"}), 400),
        (
            "/api/v3/create-access-key",
            json!({"type": "userpool", "userId": "x".repeat(200)}),
            400,
        ),
        ("/api/v3/update-access-key", json!({"accessKeyId": ak}), 400),
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": ak, "status": "paused"}),
            400,
        ),
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": ak, "enable": true, "status": "revoked"}),
            400,
        ),
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": "", "enable": true}),
            400,
        ),
        (
            "/api/v3/update-access-key",
            json!({"accessKeyId": "ghost", "enable": true}),
            404,
        ),
        (
            "/api/v3/delete-access-key",
            json!({"accessKeyId": "ghost"}),
            404,
        ),
        ("/api/v3/delete-access-key", json!({}), 400),
    ] {
        let b = ts.post_json(path, &body, Some(&root)).await;
        assert_error(&b, status);
    }
    let b = ts
        .get_raw("/api/v3/list-access-key?status=weird", Some(&root))
        .await;
    assert_error(&b, 400);
    let b = ts
        .get_raw(
            &format!("/api/v3/get-access-key?accessKeyId={ak}&userId=someone-else"),
            Some(&root),
        )
        .await;
    assert_error(&b, 404);
    let b = ts.get_raw("/api/v3/get-access-key", Some(&root)).await;
    assert_error(&b, 400);
    // The key still works after all the refusals.
    assert_eq!(
        ts.get_raw("/api/v3/get-security-settings", Some(&mine))
            .await["statusCode"],
        200
    );
    ts.stop().await;
}

#[tokio::test]
async fn sdk_access_keys_and_global_mfa_settings() {
    use authgate_sdk::proto::access_keys::{
        CreateAccessKeyRequest, DeleteAccessKeyRequest, GetAccessKeyQuery, UpdateAccessKeyRequest,
    };
    use authgate_sdk::proto::global_mfa::{DisableMfaSettings, MfaSettings};
    let ts = TestServer::start().await;
    let sdk = ts.sdk();
    let created = sdk
        .create_access_key(&CreateAccessKeyRequest {
            key_type: "tenant".into(),
            tenant_id: Some("t1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = created[0].access_key_id.clone();
    assert_eq!(created[0].key_type, "tenant");
    let got = sdk
        .get_access_key(&GetAccessKeyQuery {
            access_key_id: id.clone(),
            user_id: None,
        })
        .await
        .unwrap();
    assert_eq!(got[0].tenant_id.as_deref(), Some("t1"));
    let done = sdk
        .update_access_key(&UpdateAccessKeyRequest {
            access_key_id: id.clone(),
            enable: Some(false),
            status: None,
        })
        .await
        .unwrap();
    assert!(done.success);
    let list = sdk.get_access_key_list(&Default::default()).await.unwrap();
    assert!(
        list.iter()
            .any(|k| k.access_key_id == id && !k.enable && k.status == "revoked")
    );
    assert!(list.iter().any(|k| k.is_root && k.enable));
    sdk.delete_access_key(&DeleteAccessKeyRequest { access_key_id: id })
        .await
        .unwrap();

    // Global MFA settings: stored, normalised, partly disabled; bad factors refused.
    assert!(
        sdk.get_global_mfa_settings()
            .await
            .unwrap()
            .enabled_factors
            .is_empty()
    );
    let set = sdk
        .update_global_mfa_settings(&MfaSettings {
            enabled_factors: vec!["otp".into(), "SMS".into(), "EMAIL".into(), "OTP".into()],
        })
        .await
        .unwrap();
    assert_eq!(set.enabled_factors, ["OTP", "SMS", "EMAIL"]);
    let left = sdk
        .disable_global_mfa_settings(&DisableMfaSettings {
            disable_factors: vec!["SMS".into()],
        })
        .await
        .unwrap();
    assert_eq!(left.enabled_factors, ["OTP", "EMAIL"]);
    assert_eq!(sdk.get_global_mfa_settings().await.unwrap(), left);
    let err = sdk
        .update_global_mfa_settings(&MfaSettings {
            enabled_factors: vec!["VOICE".into()],
        })
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            authgate_sdk::Error::Api {
                status_code: 400,
                ..
            }
        ),
        "{err:?}"
    );
    // The security settings do not show them; updating those does not touch them.
    let token = ts.mgmt_token().await;
    let sec = ts
        .get_raw("/api/v3/get-security-settings", Some(&token))
        .await;
    assert!(sec["data"].get("globalMfa").is_none(), "{sec}");
    ts.post_json(
        "/api/v3/update-security-settings",
        &json!({"globalMfa": {"enabledFactors": []}, "verifyCodeLength": 6}),
        Some(&token),
    )
    .await;
    assert_eq!(sdk.get_global_mfa_settings().await.unwrap(), left);
    ts.stop().await;
}
