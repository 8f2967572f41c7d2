//! Nothing is lost on restart: users, keys, the defaults.

use crate::common::TestServer;
use serde_json::{Value, json};

#[tokio::test]
async fn users_keys_and_defaults_survive_a_restart() {
    let ts = TestServer::start().await;
    let defaults = ts.server.defaults.clone();
    let token = ts.mgmt_token().await;
    let created = ts
        .post_json(
            "/api/v3/create-user",
            &json!({"email": "keep@example.com", "password": "s3cret-pass!"}),
            Some(&token),
        )
        .await;
    let id = created["data"]["userId"].as_str().unwrap().to_string();
    let jwks_before: Value = ts.get_raw("/oidc/.well-known/jwks.json", None).await;
    let (db, dir, addr) = ts.stop().await;

    let ts = TestServer::start_on(db, dir, Some(addr)).await;
    assert_eq!(
        ts.server.defaults, defaults,
        "same pool, key and app after restart"
    );
    // A token minted before the restart still works: the signing key persisted.
    let body = ts
        .get_raw(&format!("/api/v3/get-user?userId={id}"), Some(&token))
        .await;
    assert_eq!(body["data"]["email"], "keep@example.com", "{body}");
    let jwks_after: Value = ts.get_raw("/oidc/.well-known/jwks.json", None).await;
    assert_eq!(jwks_before, jwks_after);
    ts.stop().await;
}

#[tokio::test]
async fn a_foreign_master_key_is_refused_before_anything_is_written() {
    let ts = TestServer::start().await;
    let jwks: Value = ts.get_raw("/oidc/.well-known/jwks.json", None).await;
    let (db, dir, addr) = ts.stop().await;

    let other_dir = tempfile::tempdir().unwrap();
    let cfg = crate::common::config(&db, other_dir.path());
    let err = authgate_server::start(cfg).await.unwrap_err();
    assert!(err.to_string().contains("master key"), "{err}");

    // The database is untouched: the right key still opens it, with the same signing keys.
    let ts = TestServer::start_on(db, dir, Some(addr)).await;
    let again: Value = ts.get_raw("/oidc/.well-known/jwks.json", None).await;
    assert_eq!(jwks, again);
    ts.stop().await;
}
