//! The store against a real database: SQLite by default, PostgreSQL with
//! `AUTHGATE_TEST_BACKEND=postgres` and `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use authgate_core::access_key::AccessKey;
use authgate_core::application::{AppSettings, AppType, Application};
use authgate_core::user::{Identifiers, User, UserKey, UserSource, UserStatus};
use authgate_core::user_pool::UserPool;
use authgate_store::testing::TestDb;
use authgate_store::*;

async fn open(db: &TestDb) -> Store {
    Store::open(&StoreOptions {
        url: db.url.clone(),
        max_connections: 4,
    })
    .await
    .unwrap()
}

fn defaults(tag: &str) -> Defaults {
    Defaults {
        pool: UserPool {
            id: format!("pool-{tag}"),
            name: "Default".into(),
            is_default: true,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        },
        access_key: AccessKey {
            id: format!("ak-{tag}"),
            pool_id: String::new(),
            secret_sealed: "v1:x".into(),
            is_root: true,
            enabled: true,
            created_at: 1,
            key_type: authgate_core::access_key::DEFAULT_KEY_TYPE.into(),
            user_id: None,
            tenant_id: None,
            last_used_at: None,
        },
        app: Application {
            id: format!("app-{tag}"),
            pool_id: String::new(),
            name: "Default app".into(),
            identifier: "default".into(),
            description: None,
            logo: None,
            app_type: AppType::Web,
            is_default: true,
            secret_sealed: "v1:y".into(),
            settings: AppSettings::default(),
            created_at: 1,
            updated_at: 1,
        },
    }
}

fn user(id: &str, pool: &str, email: Option<&str>, username: Option<&str>, at: i64) -> User {
    User::new(
        id.into(),
        pool.into(),
        Identifiers {
            email: email.map(Into::into),
            username: username.map(Into::into),
            ..Default::default()
        },
        UserSource::AdminCreated,
        at,
    )
}

async fn store_with_pool() -> (TestDb, Store, String) {
    let db = TestDb::from_env().await.unwrap();
    let store = open(&db).await;
    let d = store.ensure_defaults(defaults("a")).await.unwrap();
    (db, store, d.pool.id)
}

#[tokio::test]
async fn defaults_are_made_once_and_survive_reopen() {
    let db = TestDb::from_env().await.unwrap();
    let store = open(&db).await;
    let first = store.ensure_defaults(defaults("a")).await.unwrap();
    let second = store.ensure_defaults(defaults("b")).await.unwrap();
    assert_eq!(first.pool.id, "pool-a");
    assert_eq!(second.pool.id, "pool-a");
    assert_eq!(second.access_key.id, "ak-a");
    assert_eq!(second.app.id, "app-a");
    assert_eq!(second.app.pool_id, "pool-a");
    store.close().await;

    let again = open(&db).await;
    assert_eq!(again.default_pool().await.unwrap().unwrap().id, "pool-a");
    let key = again.get_access_key("ak-a").await.unwrap().unwrap();
    assert!(key.is_root && key.enabled);
    assert_eq!(
        again.root_access_key("pool-a").await.unwrap().unwrap().id,
        "ak-a"
    );
    let app = again.get_app("app-a").await.unwrap().unwrap();
    assert_eq!(app.settings, AppSettings::default());
    assert!(again.get_app("nope").await.unwrap().is_none());
}

#[tokio::test]
async fn users_by_every_key_and_case_insensitive_email() {
    let (_db, store, pool) = store_with_pool().await;
    let mut u = user("u1", &pool, Some("Ada@Example.com"), Some("ada"), 10);
    u.ids.phone = Some("13800000000".into());
    u.ids.external_id = Some("ext-1".into());
    u.profile.given_name = Some("Ada".into());
    u.custom_data.insert("k".into(), serde_json::json!(1));
    store.insert_user(&u).await.unwrap();

    for key in [
        UserKey::Id("u1".into()),
        UserKey::Email("ada@EXAMPLE.com".into()),
        UserKey::Phone("13800000000".into()),
        UserKey::Username("ada".into()),
        UserKey::ExternalId("ext-1".into()),
    ] {
        let got = store.get_user(&pool, &key).await.unwrap();
        assert_eq!(got.as_ref(), Some(&u), "{key:?}");
    }
    assert!(
        store
            .get_user("other-pool", &UserKey::Id("u1".into()))
            .await
            .unwrap()
            .is_none()
    );

    let dup = user("u2", &pool, Some("ADA@example.COM"), None, 11);
    match store.insert_user(&dup).await {
        Err(StoreError::Conflict { field }) => assert_eq!(field, "email"),
        other => panic!("expected email conflict, got {other:?}"),
    }
    let dup = user("u3", &pool, None, Some("ada"), 11);
    assert!(matches!(
        store.insert_user(&dup).await,
        Err(StoreError::Conflict { field: "username" })
    ));
}

#[tokio::test]
async fn batch_insert_is_all_or_nothing() {
    let (_db, store, pool) = store_with_pool().await;
    let batch = vec![
        user("b1", &pool, Some("x@y.io"), None, 1),
        user("b2", &pool, Some("X@Y.io"), None, 2),
    ];
    assert!(store.insert_users(&batch).await.is_err());
    assert!(
        store
            .get_user(&pool, &UserKey::Id("b1".into()))
            .await
            .unwrap()
            .is_none()
    );
    let ok = vec![
        user("b1", &pool, Some("x@y.io"), None, 1),
        user("b2", &pool, Some("z@y.io"), None, 2),
    ];
    store.insert_users(&ok).await.unwrap();
    let (n, _) = store
        .list_users(
            &pool,
            &UserQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn list_search_sort_page() {
    let (_db, store, pool) = store_with_pool().await;
    for i in 0..7 {
        let mut u = user(
            &format!("id{i}"),
            &pool,
            None,
            Some(&format!("user_{i}")),
            100 + i,
        );
        if i == 3 {
            u.profile.nickname = Some("The 100% Dragon".into());
        }
        store.insert_user(&u).await.unwrap();
    }
    let page = |offset, limit| UserQuery {
        offset,
        limit,
        ..Default::default()
    };
    let (n, first) = store.list_users(&pool, &page(0, 3)).await.unwrap();
    assert_eq!(n, 7);
    let ids: Vec<_> = first.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["id6", "id5", "id4"], "newest first by default");
    let (_, last) = store.list_users(&pool, &page(6, 3)).await.unwrap();
    assert_eq!(last.len(), 1);

    let q = UserQuery {
        keyword: Some("DRAGON".into()),
        limit: 10,
        ..Default::default()
    };
    let (n, found) = store.list_users(&pool, &q).await.unwrap();
    assert_eq!((n, found[0].id.as_str()), (1, "id3"));

    let q = UserQuery {
        keyword: Some("100%".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        store.list_users(&pool, &q).await.unwrap().0,
        1,
        "% is literal"
    );

    let q = UserQuery {
        keyword: Some("_".into()),
        search_fields: vec!["nickname".into()],
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        store.list_users(&pool, &q).await.unwrap().0,
        0,
        "_ is literal"
    );

    let q = UserQuery {
        sort: vec![("username".into(), Order::Asc)],
        limit: 2,
        ..Default::default()
    };
    let (_, sorted) = store.list_users(&pool, &q).await.unwrap();
    assert_eq!(sorted[0].ids.username.as_deref(), Some("user_0"));
}

#[tokio::test]
async fn update_status_and_delete() {
    let (_db, store, pool) = store_with_pool().await;
    let mut u = user("u1", &pool, Some("a@b.io"), None, 1);
    store.insert_user(&u).await.unwrap();
    let patch = UserPatch {
        status: Some(UserStatus::Suspended),
        profile: vec![("city", Some("Hangzhou".into()))],
        email_verified: Some(true),
        ..Default::default()
    };
    patch.apply_to(&mut u, 5);
    u.updated_at = 5;
    assert_eq!(
        store
            .patch_user(&pool, "u1", &patch, Some(1), 5)
            .await
            .unwrap(),
        PatchOutcome::Updated(Box::new(u.clone()))
    );
    let got = store
        .get_user(&pool, &UserKey::Id("u1".into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, u);

    let q = UserQuery {
        status: Some(UserStatus::Suspended),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.list_users(&pool, &q).await.unwrap().0, 1);

    let other = user("u2", &pool, Some("c@d.io"), None, 1);
    store.insert_user(&other).await.unwrap();
    let clash = UserPatch {
        email: Some(Some("A@B.io".into())),
        ..Default::default()
    };
    assert!(matches!(
        store.patch_user(&pool, "u2", &clash, None, 6).await,
        Err(StoreError::Conflict { field: "email" })
    ));

    let n = store
        .delete_users(&pool, &["u1".into(), "missing".into()])
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        store
            .patch_user(&pool, "u1", &patch, None, 7)
            .await
            .unwrap(),
        PatchOutcome::NotFound
    );
}

#[tokio::test]
async fn signing_keys_round_trip() {
    let (_db, store, _) = store_with_pool().await;
    assert!(store.list_signing_keys().await.unwrap().is_empty());
    let k = StoredSigningKey {
        kid: "k1".into(),
        alg: "RS256".into(),
        private_sealed: "v1:zz".into(),
        active: true,
        created_at: 3,
        retire_at: None,
    };
    store.insert_signing_key(&k).await.unwrap();
    assert_eq!(store.list_signing_keys().await.unwrap(), vec![k]);
}

fn app(id: &str, pool: &str, name: &str, identifier: &str, at: i64) -> Application {
    Application {
        id: id.into(),
        pool_id: pool.into(),
        name: name.into(),
        identifier: identifier.into(),
        description: None,
        logo: None,
        app_type: AppType::Spa,
        is_default: false,
        secret_sealed: format!("v1:{id}"),
        settings: AppSettings::default(),
        created_at: at,
        updated_at: at,
    }
}

#[tokio::test]
async fn applications_list_update_secret_delete() {
    let (_db, store, pool) = store_with_pool().await;
    for (i, (name, ident)) in [
        ("Shop", "shop"),
        ("Admin Console", "admin"),
        ("Blog", "blog"),
    ]
    .into_iter()
    .enumerate()
    {
        let at = 100 + i64::try_from(i).unwrap();
        store
            .insert_app(&app(&format!("x{i}"), &pool, name, ident, at))
            .await
            .unwrap();
    }
    // The identifier is unique per pool.
    assert!(matches!(
        store
            .insert_app(&app("x9", &pool, "Other", "shop", 1))
            .await,
        Err(StoreError::Conflict {
            field: "appIdentifier"
        })
    ));

    // Newest first; the default app counts too.
    let all = AppQuery {
        limit: 10,
        ..Default::default()
    };
    let (total, list) = store.list_apps(&pool, &all).await.unwrap();
    assert_eq!(total, 4);
    let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["x2", "x1", "x0", "app-a"]);
    let q = AppQuery {
        keyword: Some("CONSOLE".into()),
        limit: 10,
        ..Default::default()
    };
    let (total, list) = store.list_apps(&pool, &q).await.unwrap();
    assert_eq!((total, list[0].id.as_str()), (1, "x1"));
    let q = AppQuery {
        keyword: Some("%".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        store.list_apps(&pool, &q).await.unwrap().0,
        0,
        "wildcards are literal"
    );
    let page = AppQuery {
        offset: 1,
        limit: 2,
        ..Default::default()
    };
    let (total, list) = store.list_apps(&pool, &page).await.unwrap();
    assert_eq!((total, list.len(), list[0].id.as_str()), (4, 2, "x1"));
    assert_eq!(store.list_apps("no-pool", &all).await.unwrap().0, 0);

    // Update: everything but id, pool, default flag, secret and creation time.
    let mut a = store.get_app("x0").await.unwrap().unwrap();
    a.name = "Shop EU".into();
    a.identifier = "shop-eu".into();
    a.description = Some("d".into());
    a.app_type = AppType::Native;
    a.settings.sso_enabled = true;
    a.settings.init_login_uri = Some("https://shop.example/login".into());
    a.secret_sealed = "v1:ignored".into();
    a.updated_at = 500;
    assert!(store.update_app(&a).await.unwrap());
    let got = store.get_app("x0").await.unwrap().unwrap();
    assert_eq!(got.secret_sealed, "v1:x0");
    a.secret_sealed = "v1:x0".into();
    assert_eq!(got, a);
    a.identifier = "admin".into();
    assert!(matches!(
        store.update_app(&a).await,
        Err(StoreError::Conflict {
            field: "appIdentifier"
        })
    ));
    let mut elsewhere = a.clone();
    elsewhere.pool_id = "no-pool".into();
    assert!(!store.update_app(&elsewhere).await.unwrap());

    // Secret.
    assert!(
        store
            .set_app_secret(&pool, "x0", "v1:new", 600)
            .await
            .unwrap()
    );
    let got = store.get_app("x0").await.unwrap().unwrap();
    assert_eq!(
        (got.secret_sealed.as_str(), got.updated_at),
        ("v1:new", 600)
    );
    assert!(
        !store
            .set_app_secret("no-pool", "x0", "v1:z", 1)
            .await
            .unwrap()
    );

    // Delete, scoped to the pool.
    assert!(!store.delete_app("no-pool", "x0").await.unwrap());
    assert!(store.delete_app(&pool, "x0").await.unwrap());
    assert!(!store.delete_app(&pool, "x0").await.unwrap());
    assert!(store.get_app("x0").await.unwrap().is_none());
}

#[tokio::test]
async fn a_second_pool_and_its_applications() {
    let (_db, store, first) = store_with_pool().await;
    let pool = UserPool {
        id: "pool-2".into(),
        name: "Second".into(),
        is_default: false,
        settings: Default::default(),
        created_at: 5,
        updated_at: 5,
    };
    store.insert_pool(&pool).await.unwrap();
    assert_eq!(store.get_pool("pool-2").await.unwrap().unwrap(), pool);
    // Identifiers are unique per pool, not across pools.
    store
        .insert_app(&app("y1", "pool-2", "Default", "default", 5))
        .await
        .unwrap();
    let q = AppQuery {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.list_apps("pool-2", &q).await.unwrap().0, 1);
    assert_eq!(store.list_apps(&first, &q).await.unwrap().0, 1);
}
