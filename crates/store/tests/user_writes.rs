//! Targeted user writes (patches, sign-ins) and how they are ordered against concurrent
//! writers: SQLite by default, PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres` and
//! `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use authgate_core::user::{Identifiers, User, UserKey, UserSource, UserStatus};
use authgate_store::testing::HeldWrite;
use authgate_store::*;

mod common;
use common::setup;
use serde_json::json;
use std::time::Duration;

async fn new_user(store: &Store, pool: &str, id: &str) -> User {
    let mut u = User::new(
        id.into(),
        pool.into(),
        Identifiers {
            username: Some(format!("name-{id}")),
            ..Default::default()
        },
        UserSource::AdminCreated,
        10,
    );
    u.password_hash = Some("hash-1".into());
    u.custom_data.insert("kept".into(), json!(1));
    store.insert_user(&u).await.unwrap();
    u
}

async fn get(store: &Store, pool: &str, id: &str) -> User {
    store
        .get_user(pool, &UserKey::Id(id.into()))
        .await
        .unwrap()
        .unwrap()
}

fn session(pool: &str, user: &str, id: &str) -> Session {
    Session {
        id: id.into(),
        pool_id: pool.into(),
        user_id: user.into(),
        app_id: "app".into(),
        scope: "openid".into(),
        nonce: None,
        auth_time: 20,
        created_at: 20,
        expires_at: i64::MAX / 2,
        revoked_at: None,
    }
}

fn sign_in<'a>(pool: &'a str, user: &'a User) -> SignIn<'a> {
    SignIn {
        pool_id: pool,
        user_id: &user.id,
        password_hash: user.password_hash.as_deref(),
        at: 30,
        ip: Some("10.0.0.1"),
        custom_data: None,
        proved: None,
        session: None,
    }
}

#[tokio::test]
async fn a_patch_writes_only_its_fields() {
    let (_db, store, pool) = setup().await;
    let read = new_user(&store, &pool, "u1").await;
    // Another writer signs the user in after the patch's caller read it.
    assert!(
        store
            .record_sign_in(&sign_in(&pool, &read))
            .await
            .unwrap()
            .is_some()
    );

    let mut patch = UserPatch {
        profile: vec![("nickname", Some("Nick".into()))],
        ..UserPatch::default()
    };
    patch.custom_data.insert("added".into(), json!("x"));
    let PatchOutcome::Updated(stored) = store
        .patch_user(&pool, "u1", &patch, None, 40)
        .await
        .unwrap()
    else {
        panic!("not updated");
    };
    assert_eq!(*stored, get(&store, &pool, "u1").await);
    assert_eq!(stored.profile.nickname.as_deref(), Some("Nick"));
    assert_eq!(stored.logins_count, 1, "the sign-in survives");
    assert_eq!(stored.last_ip.as_deref(), Some("10.0.0.1"));
    assert_eq!(stored.custom_data["kept"], json!(1));
    assert_eq!(stored.custom_data["added"], json!("x"));
    assert_eq!(stored.password_hash.as_deref(), Some("hash-1"));
    assert_eq!(stored.updated_at, 40);

    // updated_at is the row's version: it moves even for two writes in one millisecond.
    let again = store
        .patch_user(&pool, "u1", &patch, Some(40), 40)
        .await
        .unwrap();
    let PatchOutcome::Updated(again) = again else {
        panic!("{again:?}")
    };
    assert_eq!(again.updated_at, 41);
    // A caller that read version 40 is now stale, and writes nothing.
    let other = UserPatch {
        gender: Some(authgate_core::user::Gender::F),
        ..UserPatch::default()
    };
    assert_eq!(
        store
            .patch_user(&pool, "u1", &other, Some(40), 42)
            .await
            .unwrap(),
        PatchOutcome::Stale
    );
    assert_eq!(get(&store, &pool, "u1").await, *again);
    assert_eq!(
        store
            .patch_user(&pool, "nobody", &other, None, 42)
            .await
            .unwrap(),
        PatchOutcome::NotFound
    );

    // Identifiers stay unique; a clash writes nothing.
    new_user(&store, &pool, "u2").await;
    let clash = UserPatch {
        username: Some(Some("name-u1".into())),
        ..UserPatch::default()
    };
    assert!(matches!(
        store.patch_user(&pool, "u2", &clash, None, 43).await,
        Err(StoreError::Conflict { field: "username" })
    ));
}

#[tokio::test]
async fn a_status_change_moves_its_time_only_on_change_and_ends_sessions_with_it() {
    let (_db, store, pool) = setup().await;
    let u = new_user(&store, &pool, "u1").await;
    assert!(
        store
            .create_session(&session(&pool, "u1", "s1"), Some(("rt1", i64::MAX / 2)))
            .await
            .unwrap()
    );

    let same = UserPatch {
        status: Some(UserStatus::Activated),
        ..UserPatch::default()
    };
    let PatchOutcome::Updated(s) = store
        .patch_user(&pool, "u1", &same, None, 50)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(s.status_changed_at, u.status_changed_at);
    assert!(
        store
            .get_session("s1")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none()
    );

    let suspend = UserPatch {
        status: Some(UserStatus::Suspended),
        ..UserPatch::default()
    };
    let PatchOutcome::Updated(s) = store
        .patch_user(&pool, "u1", &suspend, None, 60)
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(s.status, UserStatus::Suspended);
    assert_eq!(s.status_changed_at, Some(60));
    assert_eq!(
        store.get_session("s1").await.unwrap().unwrap().revoked_at,
        Some(60)
    );
    // A suspended user gets no new session, and no refresh token of the old one rotates.
    assert!(
        !store
            .create_session(&session(&pool, "u1", "s2"), None)
            .await
            .unwrap()
    );
    assert!(store.get_session("s2").await.unwrap().is_none());
    assert_eq!(
        store
            .rotate_refresh("rt1", "rt2", i64::MAX / 2, 61)
            .await
            .unwrap(),
        RefreshOutcome::Invalid
    );
}

#[tokio::test]
async fn a_sign_in_records_statistics_and_its_session_only_while_the_user_may_sign_in() {
    let (_db, store, pool) = setup().await;
    let read = new_user(&store, &pool, "u1").await;

    let mut extra = serde_json::Map::new();
    extra.insert("fromSignIn".into(), json!(true));
    let s1 = session(&pool, "u1", "s1");
    let mut with_all = sign_in(&pool, &read);
    with_all.custom_data = Some(&extra);
    with_all.proved = Some(ProvedAddress::Phone);
    with_all.session = Some(NewSession {
        session: &s1,
        refresh: Some(("rt1", i64::MAX / 2)),
    });
    let stored = store.record_sign_in(&with_all).await.unwrap().unwrap();
    assert_eq!(stored.logins_count, 1);
    assert_eq!(stored.last_login, Some(30));
    assert!(stored.phone_verified && !stored.email_verified);
    assert_eq!(stored.custom_data["kept"], json!(1));
    assert_eq!(stored.custom_data["fromSignIn"], json!(true));
    assert_eq!(
        stored.updated_at, read.updated_at,
        "a sign-in is no profile change"
    );
    assert!(store.get_session("s1").await.unwrap().is_some());
    assert!(store.find_refresh("rt1").await.unwrap().is_some());

    // The password changed since the sign-in read the user: refused, nothing written.
    let new_password = UserPatch {
        password_hash: Some("hash-2".into()),
        ..UserPatch::default()
    };
    store
        .patch_user(&pool, "u1", &new_password, None, 70)
        .await
        .unwrap();
    let s2 = session(&pool, "u1", "s2");
    let mut stale = sign_in(&pool, &read);
    stale.session = Some(NewSession {
        session: &s2,
        refresh: None,
    });
    assert!(store.record_sign_in(&stale).await.unwrap().is_none());
    assert!(store.get_session("s2").await.unwrap().is_none());
    assert_eq!(get(&store, &pool, "u1").await.logins_count, 1);

    // Suspended: refused with the current password too.
    let current = get(&store, &pool, "u1").await;
    let suspend = UserPatch {
        status: Some(UserStatus::Suspended),
        ..UserPatch::default()
    };
    store
        .patch_user(&pool, "u1", &suspend, None, 80)
        .await
        .unwrap();
    let mut suspended = sign_in(&pool, &current);
    suspended.session = Some(NewSession {
        session: &s2,
        refresh: None,
    });
    assert!(store.record_sign_in(&suspended).await.unwrap().is_none());
    assert!(store.get_session("s2").await.unwrap().is_none());
    assert_eq!(get(&store, &pool, "u1").await.logins_count, 1);
}

/// Waits (bounded) until another connection waits for `held`'s locks; false on SQLite, where
/// that cannot be seen (its writers queue on the single write lock anyway).
async fn until_blocked(held: &HeldWrite) -> bool {
    for _ in 0..400 {
        match held.waiters().await.unwrap() {
            None => return false,
            Some(n) if n > 0 => return true,
            Some(_) => tokio::time::sleep(Duration::from_millis(25)).await,
        }
    }
    panic!("nothing waited for the held transaction");
}

#[tokio::test]
async fn a_sign_in_waits_for_a_suspension_in_progress_and_is_refused() {
    let (db, store, pool) = setup().await;
    let read = new_user(&store, &pool, "u1").await;
    // The administrator's transaction: the status, then the sessions, not yet committed.
    let held = db
        .hold_write(
            "UPDATE users SET status = 'Suspended' WHERE id = 'u1'; \
             UPDATE sessions SET revoked_at = 1 WHERE user_id = 'u1' AND revoked_at IS NULL",
        )
        .await
        .unwrap();
    let s1 = session(&pool, "u1", "s1");
    let signing_in = {
        let store = store.clone();
        let (pool, read, s1) = (pool.clone(), read.clone(), s1.clone());
        tokio::spawn(async move {
            let mut s = sign_in(&pool, &read);
            s.session = Some(NewSession {
                session: &s1,
                refresh: None,
            });
            store.record_sign_in(&s).await.unwrap()
        })
    };
    let observed = until_blocked(&held).await;
    assert_eq!(observed, store.backend() == Backend::Postgres);
    held.commit().await.unwrap();
    assert!(
        signing_in.await.unwrap().is_none(),
        "signed in a suspended user"
    );
    assert!(store.get_session("s1").await.unwrap().is_none());
    assert_eq!(get(&store, &pool, "u1").await.logins_count, 0);
}

#[tokio::test]
async fn a_rotation_waits_for_a_revocation_in_progress_and_is_refused() {
    let (db, store, pool) = setup().await;
    new_user(&store, &pool, "u1").await;
    assert!(
        store
            .create_session(&session(&pool, "u1", "s1"), Some(("rt1", i64::MAX / 2)))
            .await
            .unwrap()
    );
    // kick-users, not yet committed.
    let held = db
        .hold_write("UPDATE sessions SET revoked_at = 1 WHERE id = 's1'")
        .await
        .unwrap();
    let rotating = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .rotate_refresh("rt1", "rt2", i64::MAX / 2, 5)
                .await
                .unwrap()
        })
    };
    let observed = until_blocked(&held).await;
    assert_eq!(observed, store.backend() == Backend::Postgres);
    held.commit().await.unwrap();
    assert_eq!(rotating.await.unwrap(), RefreshOutcome::Invalid);
    assert!(store.find_refresh("rt2").await.unwrap().is_none());
}
