//! Fixtures shared by the store's integration tests: a fresh database of the backend that
//! `AUTHGATE_TEST_BACKEND` selects, a pool in it, and users, sessions and applications.
#![allow(dead_code, clippy::unwrap_used)]

use authgate_core::application::{AppSettings, AppType, Application};
use authgate_core::user::{Identifiers, User, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_store::testing::TestDb;
use authgate_store::*;

/// A migrated store over a fresh database, with pool `pool-t` in it.
pub async fn setup() -> (TestDb, Store, String) {
    let db = TestDb::from_env().await.unwrap();
    let store = open(&db).await;
    let pool = UserPool {
        id: "pool-t".into(),
        name: "T".into(),
        is_default: false,
        settings: Default::default(),
        created_at: 1,
        updated_at: 1,
    };
    store.insert_pool(&pool).await.unwrap();
    (db, store, pool.id)
}

/// Opens (and migrates) the database.
pub async fn open(db: &TestDb) -> Store {
    Store::open(&StoreOptions {
        url: db.url.clone(),
        max_connections: 4,
    })
    .await
    .unwrap()
}

/// A stored user `id` of `pool` with username `name-<id>`, created at `at`.
pub async fn user(store: &Store, pool: &str, id: &str, at: i64) -> User {
    let u = User::new(
        id.into(),
        pool.into(),
        Identifiers {
            username: Some(format!("name-{id}")),
            ..Default::default()
        },
        UserSource::AdminCreated,
        at,
    );
    store.insert_user(&u).await.unwrap();
    u
}

/// Stored users `ids`, the first created at 10, the next at 11, …
pub async fn users(store: &Store, pool: &str, ids: &[&str]) -> Vec<User> {
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        out.push(user(store, pool, id, 10 + i as i64).await);
    }
    out
}

/// A session of `user` in `app` that ends at `expires_at`.
pub fn session(pool: &str, user: &str, app: &str, id: &str, expires_at: i64) -> Session {
    Session {
        id: id.into(),
        pool_id: pool.into(),
        user_id: user.into(),
        app_id: app.into(),
        scope: "openid".into(),
        nonce: None,
        auth_time: 20,
        created_at: 20,
        expires_at,
        revoked_at: None,
    }
}

/// An application of `pool` (not stored).
pub fn app(id: &str, pool: &str, at: i64) -> Application {
    Application {
        id: id.into(),
        pool_id: pool.into(),
        name: format!("App {id}"),
        identifier: id.into(),
        description: None,
        logo: None,
        app_type: AppType::Web,
        is_default: false,
        secret_sealed: format!("v1:{id}"),
        settings: AppSettings::default(),
        created_at: at,
        updated_at: at,
    }
}

/// Strings from `&str`s.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The ids of users.
pub fn ids(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.id.clone()).collect()
}
