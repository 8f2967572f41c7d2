//! Write scopes: everything a piece of work writes commits together with its record, or not at
//! all. SQLite by default, PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres` and
//! `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use authgate_core::user::{Identifiers, User, UserKey, UserSource};
use authgate_store::testing::Refused;
use authgate_store::*;

mod common;
use common::setup;
use std::time::Duration;

/// How long a test waits for work that must finish before calling it stuck.
const STUCK: Duration = Duration::from_secs(60);

fn user(pool: &str, id: &str) -> User {
    User::new(
        id.into(),
        pool.into(),
        Identifiers {
            username: Some(format!("name-{id}")),
            ..Default::default()
        },
        UserSource::AdminCreated,
        10,
    )
}

fn entry(pool: &str, id: &str) -> AuditEntry {
    AuditEntry {
        id: id.into(),
        pool_id: pool.into(),
        actor_key_id: "key".into(),
        operation: "create-user".into(),
        operation_type: "create".into(),
        resource_type: "user".into(),
        target: None,
        params: None,
        origin_value: None,
        target_value: None,
        success: true,
        ip: None,
        user_agent: None,
        request_id: format!("req-{id}"),
        created_at: 5,
    }
}

async fn exists(store: &Store, pool: &str, id: &str) -> bool {
    store
        .get_user(pool, &UserKey::Id(id.into()))
        .await
        .unwrap()
        .is_some()
}

async fn audit_count(store: &Store, pool: &str) -> i64 {
    let q = AuditQuery {
        limit: 100,
        ..Default::default()
    };
    store.list_audit(pool, &q).await.unwrap().0
}

#[tokio::test]
async fn a_scope_commits_its_writes_together_and_reads_its_own() {
    let (_db, store, pool) = setup().await;
    let scope = store.write_scope();
    scope
        .run(async {
            store.insert_user(&user(&pool, "u1")).await.unwrap();
            store.insert_user(&user(&pool, "u2")).await.unwrap();
            assert!(
                exists(&store, &pool, "u1").await,
                "the scope reads its own writes"
            );
        })
        .await;
    assert!(scope.has_begun().await);
    assert!(
        !exists(&store, &pool, "u1").await,
        "nothing is visible outside before the commit"
    );
    scope.commit().await.unwrap();
    assert!(exists(&store, &pool, "u1").await);
    assert!(exists(&store, &pool, "u2").await);
}

#[tokio::test]
async fn a_scope_rolled_back_or_dropped_keeps_nothing() {
    let (_db, store, pool) = setup().await;
    let scope = store.write_scope();
    scope
        .run(store.insert_user(&user(&pool, "u1")))
        .await
        .unwrap();
    scope.rollback().await.unwrap();
    assert!(!exists(&store, &pool, "u1").await);

    let scope = store.write_scope();
    scope
        .run(store.insert_user(&user(&pool, "u2")))
        .await
        .unwrap();
    drop(scope);
    assert!(!exists(&store, &pool, "u2").await);
    // The dropped scope's lock is gone: a plain write goes through.
    tokio::time::timeout(STUCK, store.insert_user(&user(&pool, "u3")))
        .await
        .unwrap()
        .unwrap();
    assert!(exists(&store, &pool, "u3").await);
}

#[tokio::test]
async fn a_failed_call_inside_a_scope_undoes_only_itself() {
    let (_db, store, pool) = setup().await;
    let scope = store.write_scope();
    scope
        .run(async {
            store.insert_user(&user(&pool, "u1")).await.unwrap();
            // Same id: refused. On PostgreSQL, without a savepoint around the call, this would
            // abort the whole transaction and every later statement.
            let again = store.insert_user(&user(&pool, "u1")).await;
            assert!(again.is_err(), "{again:?}");
            store.insert_user(&user(&pool, "u2")).await.unwrap();
        })
        .await;
    scope.commit().await.unwrap();
    assert!(exists(&store, &pool, "u1").await);
    assert!(exists(&store, &pool, "u2").await);
}

#[tokio::test]
async fn a_record_that_cannot_be_written_takes_the_change_with_it() {
    let (db, store, pool) = setup().await;
    db.refuse("admin_audit_log", Refused::Insert).await.unwrap();
    let scope = store.write_scope();
    scope
        .run(store.insert_user(&user(&pool, "u1")))
        .await
        .unwrap();
    let appended = scope.run(store.append_audit(&entry(&pool, "e1"))).await;
    assert!(appended.is_err(), "{appended:?}");
    scope.rollback().await.unwrap();
    assert!(!exists(&store, &pool, "u1").await);
    assert_eq!(audit_count(&store, &pool).await, 0);

    db.allow("admin_audit_log", Refused::Insert).await.unwrap();
    let scope = store.write_scope();
    scope
        .run(async {
            store.insert_user(&user(&pool, "u1")).await?;
            store.append_audit(&entry(&pool, "e1")).await
        })
        .await
        .unwrap();
    scope.commit().await.unwrap();
    assert!(exists(&store, &pool, "u1").await);
    assert_eq!(audit_count(&store, &pool).await, 1);
}

#[tokio::test]
async fn reads_before_the_first_write_take_no_write_lock() {
    let (db, store, pool) = setup().await;
    store.insert_user(&user(&pool, "u1")).await.unwrap();
    // Another writer holds the lock (on SQLite, the database's only one).
    let held = db
        .hold_write("UPDATE users SET nickname = 'held' WHERE id = 'u1'")
        .await
        .unwrap();
    let scope = store.write_scope();
    let key = UserKey::Id("u1".into());
    let read = scope.run(store.get_user(&pool, &key));
    let read = tokio::time::timeout(STUCK, read).await.unwrap().unwrap();
    assert!(read.is_some());
    assert!(!scope.has_begun().await, "a read alone begins nothing");
    held.commit().await.unwrap();
    scope.commit().await.unwrap();
}

#[tokio::test]
async fn a_scope_entered_inside_another_joins_it() {
    let (_db, store, pool) = setup().await;
    let outer = store.write_scope();
    outer
        .run(async {
            let inner = store.write_scope();
            inner
                .run(store.insert_user(&user(&pool, "u1")))
                .await
                .unwrap();
            inner.commit().await.unwrap();
        })
        .await;
    assert!(
        !exists(&store, &pool, "u1").await,
        "the inner commit is the outer's to do"
    );
    outer.rollback().await.unwrap();
    assert!(!exists(&store, &pool, "u1").await);
}

#[tokio::test]
async fn concurrent_scopes_and_plain_writes_all_finish() {
    let (_db, store, pool) = setup().await;
    let mut tasks = Vec::new();
    for i in 0..32 {
        let (store, pool) = (store.clone(), pool.clone());
        tasks.push(tokio::spawn(async move {
            let id = format!("u{i}");
            if i % 2 == 0 {
                let scope = store.write_scope();
                scope
                    .run(async {
                        store.get_user(&pool, &UserKey::Id(id.clone())).await?;
                        store.insert_user(&user(&pool, &id)).await?;
                        store.append_audit(&entry(&pool, &id)).await
                    })
                    .await?;
                scope.commit().await
            } else {
                store.insert_user(&user(&pool, &id)).await
            }
        }));
    }
    for t in tasks {
        tokio::time::timeout(STUCK, t)
            .await
            .expect("a write is stuck")
            .unwrap()
            .unwrap();
    }
    for i in 0..32 {
        assert!(exists(&store, &pool, &format!("u{i}")).await);
    }
    assert_eq!(audit_count(&store, &pool).await, 16);
}
