//! `authgate backup` / `restore`: a backup taken while the server runs restores into a fresh
//! folder, with the master key it was made with, and its users sign in there.

use crate::common::{self, APP_USER_PASSWORD, TestServer, create_app_user};
use authgate_server::ServerConfig;
use authgate_server::backup::{self, BackupError};
use authgate_store::testing::TestDb;
use serde_json::{Value, json};
use std::path::Path;

/// Settings of a server whose database and master key live in `dir`.
fn config_in(dir: &Path) -> ServerConfig {
    ServerConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(format!("sqlite://{}", dir.join("authgate.db").display())),
        data_dir: dir.to_path_buf(),
        database_max_connections: 4,
        password_hash_concurrency: Some(2),
        ..ServerConfig::default()
    }
}

async fn sign_in(
    url: &str,
    defaults: &authgate_server::bootstrap::InitOutput,
    user: &str,
) -> Value {
    reqwest::Client::new()
        .post(format!("{url}/api/v3/signin"))
        .json(&json!({"connection": "PASSWORD",
                      "passwordPayload": {"username": user, "password": APP_USER_PASSWORD},
                      "client_id": defaults.app_id, "client_secret": defaults.app_secret}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_into_a_fresh_folder_and_signs_in() {
    // Backups are SQLite's (PostgreSQL uses pg_dump), whatever backend the suite runs on.
    let ts = TestServer::start_on(
        TestDb::sqlite().unwrap(),
        tempfile::tempdir().unwrap(),
        None,
    )
    .await;
    create_app_user(&ts, "ada").await;
    let source = common::config(&ts.db, ts.data_dir.path());
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("authgate.backup");

    let done = backup::backup(&source, &file).await.unwrap();
    // The server is still serving: a user made after the snapshot is not in it.
    create_app_user(&ts, "late").await;
    let key_file = ts.data_dir.path().join("master.key");
    assert_eq!(done.master_key, key_file.display().to_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = backup::backup(&source, &file).await.unwrap_err();
    assert!(matches!(again, BackupError::BackupExists(_)), "{again}");
    let defaults = ts.server.defaults.clone();
    // The source's folder (and its master key) stays until the end.
    let (_source_db, _source_dir, _) = ts.stop().await;

    let fresh = tempfile::tempdir().unwrap();
    let target = config_in(fresh.path());
    let restored_db = fresh.path().join("authgate.db");

    // No master key in the fresh folder: refused, nothing installed, no key generated.
    let err = backup::restore(&target, &file, false).await.unwrap_err();
    assert!(matches!(err, BackupError::NoMasterKey(_)), "{err}");
    assert!(err.to_string().contains("master.key"), "{err}");
    assert!(!restored_db.exists());
    assert!(!fresh.path().join("master.key").exists());

    // Another master key: refused, nothing installed.
    let (_, other_key) = authgate_core::secret_box::MasterKey::generate().unwrap();
    let wrong = ServerConfig {
        master_key: Some(other_key),
        ..config_in(fresh.path())
    };
    let err = backup::restore(&wrong, &file, false).await.unwrap_err();
    assert!(matches!(err, BackupError::WrongMasterKey(_)), "{err}");
    assert!(!restored_db.exists());

    // Not a backup at all.
    let junk = out.path().join("junk");
    std::fs::write(&junk, b"not an sqlite file, just text").unwrap();
    std::fs::copy(&key_file, fresh.path().join("master.key")).unwrap();
    let err = backup::restore(&target, &junk, false).await.unwrap_err();
    assert!(matches!(err, BackupError::NotABackup(_)), "{err}");
    assert!(!restored_db.exists());

    // With the key it was made with.
    let done = backup::restore(&target, &file, false).await.unwrap();
    assert_eq!(done.database, restored_db);
    let err = backup::restore(&target, &file, false).await.unwrap_err();
    assert!(matches!(err, BackupError::DatabaseExists(_)), "{err}");
    backup::restore(&target, &file, true).await.unwrap();

    let server = authgate_server::start(target).await.unwrap();
    assert_eq!(server.defaults, defaults, "the same pool, key and app");
    let url = server.url();
    let ok = sign_in(&url, &defaults, "ada").await;
    assert_eq!(ok["statusCode"], 200, "{ok}");
    assert!(ok["data"]["access_token"].as_str().is_some(), "{ok}");
    let late = sign_in(&url, &defaults, "late").await;
    assert_ne!(late["statusCode"], 200, "{late}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn postgres_and_missing_databases_are_refused_with_directions() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("b");
    let pg = ServerConfig {
        database_url: Some("postgres://postgres@127.0.0.1:1/none".into()),
        ..ServerConfig::default()
    };
    let err = backup::backup(&pg, &file).await.unwrap_err();
    assert!(matches!(err, BackupError::Postgres(..)), "{err}");
    assert!(err.to_string().contains("pg_dump"), "{err}");
    let err = backup::restore(&pg, &file, true).await.unwrap_err();
    assert!(err.to_string().contains("pg_restore"), "{err}");
    assert!(!file.exists());

    let empty = tempfile::tempdir().unwrap();
    let err = backup::backup(&config_in(empty.path()), &file)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::NoDatabase(_)), "{err}");
    assert!(
        !empty.path().join("authgate.db").exists(),
        "nothing created"
    );
    assert!(!file.exists());
}
