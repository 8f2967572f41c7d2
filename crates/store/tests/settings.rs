//! Pools, applications, access keys, signing keys, consents, custom fields and the store's
//! own operations (backup, schema check, pool statistics): SQLite by default, PostgreSQL with
//! `AUTHGATE_TEST_BACKEND=postgres` and `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use authgate_core::access_key::{AccessKey, LAST_USED_GRANULARITY_MS};
use authgate_store::testing::TestDb;
use authgate_store::*;
use common::{app, setup, user};
use serde_json::json;

#[tokio::test]
async fn pool_settings_are_replaced_and_a_missing_pool_is_reported() {
    let (_db, store, pool) = setup().await;
    let mut settings = store.get_pool(&pool).await.unwrap().unwrap().settings;
    settings.password_policy.min_length = 12;
    settings.reveal_account_existence = true;
    assert!(
        store
            .update_pool_settings(&pool, &settings, 50)
            .await
            .unwrap()
    );
    let stored = store.get_pool(&pool).await.unwrap().unwrap();
    assert_eq!(stored.settings, settings);
    assert_eq!(stored.updated_at, 50);
    assert!(
        !store
            .update_pool_settings("no-such-pool", &settings, 51)
            .await
            .unwrap()
    );
    assert!(store.get_pool("no-such-pool").await.unwrap().is_none());
}

#[tokio::test]
async fn the_default_application_is_the_flagged_one() {
    let (_db, store, pool) = setup().await;
    assert!(store.default_app(&pool).await.unwrap().is_none());
    store.insert_app(&app("plain", &pool, 1)).await.unwrap();
    assert!(store.default_app(&pool).await.unwrap().is_none());
    let mut main = app("main", &pool, 2);
    main.is_default = true;
    store.insert_app(&main).await.unwrap();
    assert_eq!(store.default_app(&pool).await.unwrap().unwrap().id, "main");
    assert!(store.default_app("other-pool").await.unwrap().is_none());
}

fn key(id: &str, pool: &str, at: i64) -> AccessKey {
    AccessKey {
        id: id.into(),
        pool_id: pool.into(),
        secret_sealed: format!("v1:{id}"),
        is_root: false,
        enabled: true,
        created_at: at,
        key_type: authgate_core::access_key::DEFAULT_KEY_TYPE.into(),
        user_id: None,
        tenant_id: None,
        last_used_at: None,
    }
}

#[tokio::test]
async fn access_keys_are_filtered_toggled_touched_and_deleted() {
    let (_db, store, pool) = setup().await;
    let mut a = key("ak-a", &pool, 1);
    a.user_id = Some("u1".into());
    let mut b = key("ak-b", &pool, 2);
    b.tenant_id = Some("t1".into());
    b.key_type = "tenant".into();
    let mut root = key("ak-root", &pool, 3);
    root.is_root = true;
    for k in [&b, &a, &root] {
        store.insert_access_key(k).await.unwrap();
    }
    assert!(matches!(
        store.insert_access_key(&a).await,
        Err(StoreError::Conflict { .. })
    ));
    let ids = |list: Vec<AccessKey>| list.into_iter().map(|k| k.id).collect::<Vec<_>>();
    let all = AccessKeyFilter::default();
    assert_eq!(
        ids(store.list_access_keys(&pool, &all).await.unwrap()),
        ["ak-a", "ak-b", "ak-root"],
        "oldest first"
    );
    let by_user = AccessKeyFilter {
        user_id: Some("u1".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_access_keys(&pool, &by_user).await.unwrap()),
        ["ak-a"]
    );
    let by_tenant_and_type = AccessKeyFilter {
        tenant_id: Some("t1".into()),
        key_type: Some("tenant".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store
            .list_access_keys(&pool, &by_tenant_and_type)
            .await
            .unwrap()),
        ["ak-b"]
    );
    assert!(
        store
            .list_access_keys("other-pool", &all)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.root_access_key(&pool).await.unwrap().unwrap().id,
        "ak-root"
    );

    assert!(
        store
            .set_access_key_enabled(&pool, "ak-a", false)
            .await
            .unwrap()
    );
    assert!(
        !store
            .set_access_key_enabled("other-pool", "ak-b", false)
            .await
            .unwrap(),
        "a key of another pool is not touched"
    );
    let disabled = AccessKeyFilter {
        enabled: Some(false),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_access_keys(&pool, &disabled).await.unwrap()),
        ["ak-a"]
    );

    store.touch_access_key("ak-b", 100_000).await.unwrap();
    let last = |k: Option<AccessKey>| k.unwrap().last_used_at;
    assert_eq!(
        last(store.get_access_key("ak-b").await.unwrap()),
        Some(100_000)
    );
    // Within the granularity the stored time stays; past it, it moves.
    store
        .touch_access_key("ak-b", 100_000 + LAST_USED_GRANULARITY_MS - 1)
        .await
        .unwrap();
    assert_eq!(
        last(store.get_access_key("ak-b").await.unwrap()),
        Some(100_000)
    );
    let later = 100_000 + LAST_USED_GRANULARITY_MS + 1;
    store.touch_access_key("ak-b", later).await.unwrap();
    assert_eq!(
        last(store.get_access_key("ak-b").await.unwrap()),
        Some(later)
    );

    assert!(!store.delete_access_key("other-pool", "ak-b").await.unwrap());
    assert!(store.delete_access_key(&pool, "ak-b").await.unwrap());
    assert!(!store.delete_access_key(&pool, "ak-b").await.unwrap());
    assert!(store.get_access_key("ak-b").await.unwrap().is_none());
}

fn signing_key(kid: &str, at: i64) -> StoredSigningKey {
    StoredSigningKey {
        kid: kid.into(),
        alg: "RS256".into(),
        private_sealed: format!("v1:{kid}"),
        active: true,
        created_at: at,
        retire_at: None,
    }
}

#[tokio::test]
async fn a_rotation_leaves_exactly_one_active_key_and_retires_the_others() {
    let (_db, store, _) = setup().await;
    store
        .insert_signing_key(&signing_key("k1", 1))
        .await
        .unwrap();
    store
        .rotate_signing_key(&signing_key("k2", 2), 500)
        .await
        .unwrap();
    store
        .rotate_signing_key(&signing_key("k3", 3), 900)
        .await
        .unwrap();
    let keys = store.list_signing_keys().await.unwrap();
    let view: Vec<_> = keys
        .iter()
        .map(|k| (k.kid.as_str(), k.active, k.retire_at))
        .collect();
    assert_eq!(
        view,
        [
            ("k3", true, None),
            ("k2", false, Some(900)),
            // k1 was retired by the first rotation and keeps that time.
            ("k1", false, Some(500)),
        ]
    );
}

#[tokio::test]
async fn a_consent_is_replaced_not_added_to() {
    let (_db, store, pool) = setup().await;
    user(&store, &pool, "u1", 1).await;
    store.insert_app(&app("app", &pool, 1)).await.unwrap();
    assert_eq!(store.get_consent("u1", "app").await.unwrap(), None);
    store
        .put_consent(&pool, "u1", "app", "openid profile", 5)
        .await
        .unwrap();
    store
        .put_consent(&pool, "u1", "app", "openid", 6)
        .await
        .unwrap();
    assert_eq!(
        store.get_consent("u1", "app").await.unwrap().as_deref(),
        Some("openid")
    );
    assert_eq!(store.get_consent("u1", "other-app").await.unwrap(), None);
}

fn field(pool: &str, target: &str, key: &str, label: &str, at: i64) -> CustomField {
    CustomField {
        pool_id: pool.into(),
        target_type: target.into(),
        key: key.into(),
        data_type: "ENUM".into(),
        label: label.into(),
        description: None,
        encrypted: false,
        is_unique: true,
        user_editable: false,
        visible_in_admin_console: true,
        visible_in_user_center: false,
        options: json!([{"value": "a", "label": "A"}]),
        created_at: at,
        updated_at: at,
    }
}

#[tokio::test]
async fn custom_fields_are_upserted_by_key_and_deleted() {
    let (_db, store, pool) = setup().await;
    let color = field(&pool, "USER", "color", "Colour", 1);
    let size = field(&pool, "USER", "size", "Size", 2);
    let dept = field(&pool, "DEPARTMENT", "color", "Dept colour", 3);
    store
        .put_custom_fields(&[size.clone(), color.clone(), dept.clone()])
        .await
        .unwrap();
    assert_eq!(
        store.custom_fields(&pool, "USER").await.unwrap(),
        vec![color.clone(), size.clone()],
        "oldest first, one target type"
    );
    // A second put replaces by key and keeps the creation time.
    let mut relabelled = field(&pool, "USER", "color", "Hue", 9);
    relabelled.options = json!([]);
    store.put_custom_fields(&[relabelled]).await.unwrap();
    let stored = store.custom_fields(&pool, "USER").await.unwrap();
    assert_eq!(stored.len(), 2);
    let hue = stored.iter().find(|f| f.key == "color").unwrap();
    assert_eq!(
        (hue.label.as_str(), hue.created_at, hue.updated_at),
        ("Hue", 1, 9)
    );
    assert_eq!(hue.options, json!([]));

    let gone = store
        .delete_custom_fields(
            &pool,
            &[
                ("USER".into(), "color".into()),
                ("USER".into(), "missing".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(gone, 1);
    assert_eq!(
        store.custom_fields(&pool, "USER").await.unwrap(),
        vec![size]
    );
    assert_eq!(
        store.custom_fields(&pool, "DEPARTMENT").await.unwrap(),
        vec![dept]
    );
    assert!(
        store
            .custom_fields("other", "USER")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_store_reports_its_schema_pool_and_backs_itself_up() {
    let db = TestDb::from_env().await.unwrap();
    let opts = StoreOptions {
        url: db.url.clone(),
        max_connections: 3,
    };
    let bare = Store::open_unmigrated(&opts).await.unwrap();
    assert!(!bare.has_authgate_schema().await.unwrap());
    bare.close().await;

    let store = Store::open(&opts).await.unwrap();
    assert!(store.has_authgate_schema().await.unwrap());
    store.ping().await.unwrap();
    let stats = store.pool_stats();
    assert_eq!(stats.max, 3);
    assert!(stats.size >= 1 && stats.size <= 3, "{stats:?}");
    assert!(stats.idle <= stats.size as usize);

    let dest_dir = tempfile::tempdir().unwrap();
    let dest = dest_dir.path().join("copy.db");
    match store.backend() {
        Backend::Sqlite => {
            user_in_default(&store).await;
            store.vacuum_into(&dest).await.unwrap();
            let copy = Store::open_unmigrated(&StoreOptions {
                url: format!("sqlite://{}", dest.display()),
                max_connections: 1,
            })
            .await
            .unwrap();
            assert!(copy.has_authgate_schema().await.unwrap());
            assert!(
                copy.get_user("pool-b", &authgate_core::user::UserKey::Id("ub".into()))
                    .await
                    .unwrap()
                    .is_some(),
                "the copy holds the rows"
            );
        }
        Backend::Postgres => {
            assert!(matches!(
                store.vacuum_into(&dest).await,
                Err(StoreError::Unsupported(_))
            ));
            assert!(!dest.exists());
        }
    }
}

async fn user_in_default(store: &Store) {
    store
        .insert_pool(&authgate_core::user_pool::UserPool {
            id: "pool-b".into(),
            name: "B".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    user(store, "pool-b", "ub", 1).await;
}
