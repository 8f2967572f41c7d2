//! Upgrading a database: rows written in the schema of the first release (migrations 0001 and
//! 0002, written with the SQL of that schema) are all there, unchanged, after the current
//! migrations run over them. SQLite by default, PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use authgate_core::user::UserKey;
use authgate_store::testing::TestDb;
use authgate_store::*;

/// The last migration of the first release.
const FIRST_RELEASE: i64 = 2;

/// Rows of every table of the first release, in its SQL (booleans 0/1 and TRUE/FALSE are both
/// spelled through `b`).
fn first_release_rows(b: fn(bool) -> &'static str) -> String {
    format!(
        "INSERT INTO user_pools (id, name, is_default, settings, created_at, updated_at)
           VALUES ('pool1', 'Default', {t}, '{{}}', 10, 10);
         INSERT INTO applications (id, pool_id, name, identifier, app_type, is_default,
             secret_sealed, settings, created_at, updated_at)
           VALUES ('app1', 'pool1', 'Portal', 'portal', 'web', {t}, 'v1:sealed-app',
             '{{\"redirect_uris\":[\"https://portal.example/cb\"]}}', 11, 12);
         INSERT INTO access_keys (id, pool_id, secret_sealed, is_root, enabled, created_at)
           VALUES ('ak1', 'pool1', 'v1:sealed-key', {t}, {t}, 13);
         INSERT INTO signing_keys (kid, alg, private_sealed, active, created_at)
           VALUES ('kid1', 'RS256', 'v1:sealed-rsa', {t}, 14);
         INSERT INTO users (id, pool_id, status, email, email_norm, username, email_verified,
             phone_verified, gender, name, custom_data, password_hash, logins_count,
             user_source_type, created_at, updated_at)
           VALUES ('user1', 'pool1', 'Activated', 'Ada@Example.com', 'ada@example.com', 'ada',
             {t}, {f}, 'F', 'Ada', '{{\"team\":\"core\"}}', '$argon2id$v=19$stub', 3,
             'register', 15, 16);
         INSERT INTO sessions (id, pool_id, user_id, app_id, scope, auth_time, created_at,
             expires_at)
           VALUES ('sid1', 'pool1', 'user1', 'app1', 'openid offline_access', 17, 17, 9000000000000);
         INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
           VALUES ('hash1', 'sid1', 17, 9000000000000);
         INSERT INTO login_history (id, pool_id, user_id, app_id, account, method, success, ip,
             created_at)
           VALUES ('lh1', 'pool1', 'user1', 'app1', 'ada', 'password', {t}, '127.0.0.1', 18);",
        t = b(true),
        f = b(false),
    )
}

#[tokio::test]
async fn rows_of_the_first_release_survive_the_upgrade() {
    let db = TestDb::from_env().await.unwrap();
    let opts = StoreOptions {
        url: db.url.clone(),
        max_connections: 2,
    };
    let old = Store::open_at_version(&opts, FIRST_RELEASE).await.unwrap();
    let b: fn(bool) -> &'static str = match old.backend() {
        Backend::Sqlite => |v| if v { "1" } else { "0" },
        Backend::Postgres => |v| if v { "TRUE" } else { "FALSE" },
    };
    old.execute_raw(&first_release_rows(b)).await.unwrap();
    // Tables of later releases do not exist yet.
    assert!(old.execute_raw("SELECT 1 FROM roles").await.is_err());
    drop(old);

    let store = Store::open(&opts).await.unwrap();

    let pool = store.get_pool("pool1").await.unwrap().unwrap();
    assert_eq!((pool.name.as_str(), pool.is_default), ("Default", true));

    let app = store.get_app("app1").await.unwrap().unwrap();
    assert_eq!(app.name, "Portal");
    assert_eq!(app.secret_sealed, "v1:sealed-app");
    assert_eq!(app.settings.redirect_uris, ["https://portal.example/cb"]);
    // Settings added since read their defaults.
    assert!(!app.settings.third_party && !app.settings.cas_enabled);

    let key = store.get_access_key("ak1").await.unwrap().unwrap();
    assert_eq!(key.secret_sealed, "v1:sealed-key");
    assert!(key.is_root && key.enabled);

    let user = store
        .get_user("pool1", &UserKey::Email("ada@example.com".into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.id, "user1");
    assert_eq!(user.profile.name.as_deref(), Some("Ada"));
    assert_eq!(user.password_hash.as_deref(), Some("$argon2id$v=19$stub"));
    assert_eq!(user.custom_data["team"], "core");

    let refresh = store.find_refresh("hash1").await.unwrap().unwrap();
    assert_eq!(refresh.session.id, "sid1");
    assert_eq!(refresh.session.user_id, "user1");
    assert!(!refresh.used);

    let (total, logins) = store.list_logins("pool1", "user1", 0, 10).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(logins[0].ip.as_deref(), Some("127.0.0.1"));

    // The new tables work next to the old rows.
    store
        .execute_raw(
            "INSERT INTO roles (id, pool_id, namespace, code, name, created_at, updated_at)
               VALUES ('role1', 'pool1', 'default', 'admin', 'Admin', 20, 20);
             INSERT INTO role_assignments (role_id, target_type, target_id, created_at)
               VALUES ('role1', 'USER', 'user1', 20);",
        )
        .await
        .unwrap();

    // Opening again is a no-op: nothing re-runs, nothing changes.
    let again = Store::open(&opts).await.unwrap();
    assert_eq!(again.get_app("app1").await.unwrap().unwrap(), app);
}
