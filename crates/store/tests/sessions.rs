//! Sessions, revocations, the login history, the audit and user action logs, SSO sessions,
//! and the user writes that end sessions (resignation): SQLite by default, PostgreSQL with
//! `AUTHGATE_TEST_BACKEND=postgres` and `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use authgate_core::department::{Department, Organization};
use authgate_core::user::{Identifiers, User, UserKey, UserSource, UserStatus};
use authgate_store::*;
use common::{session, setup, strings, user};

const FAR: i64 = i64::MAX / 2;

#[tokio::test]
async fn sessions_are_revoked_one_by_one_per_app_or_all_and_judged_in_time() {
    let (_db, store, pool) = setup().await;
    user(&store, &pool, "u1", 1).await;
    user(&store, &pool, "u2", 1).await;
    for (id, app, ends) in [
        ("s-a", "app-a", FAR),
        ("s-b", "app-b", FAR),
        ("s-old", "app-a", 100),
    ] {
        assert!(
            store
                .create_session(&session(&pool, "u1", app, id, ends), None)
                .await
                .unwrap()
        );
    }
    assert!(
        store
            .create_session(&session(&pool, "u2", "app-a", "s-u2", FAR), None)
            .await
            .unwrap()
    );

    // Judged at time: the short session counts before its end, not at it.
    let state = store.token_state("s-old", "jti-1", 99).await.unwrap();
    assert!(state.session_active && !state.jti_revoked);
    assert!(
        !store
            .token_state("s-old", "jti-1", 100)
            .await
            .unwrap()
            .session_active
    );
    assert!(
        !store
            .token_state("no-such", "jti-1", 1)
            .await
            .unwrap()
            .session_active
    );

    store.revoke_jti("jti-1", 500).await.unwrap();
    assert!(
        store
            .token_state("s-a", "jti-1", 50)
            .await
            .unwrap()
            .jti_revoked
    );
    assert!(
        !store
            .token_state("s-a", "jti-2", 50)
            .await
            .unwrap()
            .jti_revoked
    );

    assert!(store.revoke_session("s-a", 60).await.unwrap());
    assert!(
        !store.revoke_session("s-a", 61).await.unwrap(),
        "already revoked"
    );
    assert!(!store.revoke_session("no-such", 61).await.unwrap());
    assert_eq!(
        store.get_session("s-a").await.unwrap().unwrap().revoked_at,
        Some(60)
    );
    assert!(
        !store
            .token_state("s-a", "jti-2", 62)
            .await
            .unwrap()
            .session_active
    );

    assert!(store.has_active_session(&pool, "u1", 62).await.unwrap());
    assert!(
        store
            .has_app_session(&pool, "u1", "app-b", 62)
            .await
            .unwrap()
    );
    assert!(
        !store
            .has_app_session(&pool, "u1", "app-a", 200)
            .await
            .unwrap(),
        "app-a: one revoked, one over"
    );
    // Only the named applications.
    let n = store
        .revoke_user_sessions(&pool, "u1", Some(&strings(&["app-a"])), 63)
        .await
        .unwrap();
    assert_eq!(n, 1, "the live app-a session (s-old) only");
    assert!(
        store
            .has_app_session(&pool, "u1", "app-b", 64)
            .await
            .unwrap()
    );
    let n = store
        .revoke_user_sessions(&pool, "u1", None, 64)
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert!(!store.has_active_session(&pool, "u1", 65).await.unwrap());
    assert!(
        store.has_active_session(&pool, "u2", 65).await.unwrap(),
        "another user's session is untouched"
    );
    assert_eq!(
        store
            .revoke_user_sessions(&pool, "u1", None, 66)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_sweep_deletes_only_what_has_expired() {
    let (_db, store, pool) = setup().await;
    user(&store, &pool, "u1", 1).await;
    store
        .create_session(
            &session(&pool, "u1", "app", "short", 100),
            Some(("rt-short", 100)),
        )
        .await
        .unwrap();
    store
        .create_session(
            &session(&pool, "u1", "app", "long", FAR),
            Some(("rt-long", FAR)),
        )
        .await
        .unwrap();
    store.revoke_jti("jti-short", 100).await.unwrap();
    store.revoke_jti("jti-long", FAR).await.unwrap();

    assert_eq!(store.sweep_expired(99).await.unwrap(), 0);
    assert_eq!(
        store.sweep_expired(100).await.unwrap(),
        3,
        "token, session, jti"
    );
    assert!(store.get_session("short").await.unwrap().is_none());
    assert!(store.find_refresh("rt-short").await.unwrap().is_none());
    assert!(
        !store
            .token_state("long", "jti-short", 101)
            .await
            .unwrap()
            .jti_revoked
    );
    assert!(store.get_session("long").await.unwrap().is_some());
    assert!(store.find_refresh("rt-long").await.unwrap().is_some());
    assert!(
        store
            .token_state("long", "jti-long", 101)
            .await
            .unwrap()
            .jti_revoked
    );
}

fn login(id: &str, pool: &str, user: Option<&str>, app: &str, ok: bool, at: i64) -> LoginRecord {
    LoginRecord {
        id: id.into(),
        pool_id: pool.into(),
        user_id: user.map(Into::into),
        app_id: Some(app.into()),
        account: Some("name".into()),
        method: "password".into(),
        success: ok,
        api_code: (!ok).then_some(2333),
        ip: Some("10.0.0.1".into()),
        user_agent: Some("ua".into()),
        created_at: at,
    }
}

#[tokio::test]
async fn the_login_history_pages_newest_first_and_names_the_apps_signed_in_to() {
    let (_db, store, pool) = setup().await;
    let records = [
        login("l1", &pool, Some("u1"), "app-a", true, 10),
        login("l2", &pool, Some("u1"), "app-b", true, 20),
        login("l3", &pool, Some("u1"), "app-c", false, 30),
        login("l4", &pool, Some("u2"), "app-d", true, 40),
        login("l5", &pool, None, "app-e", false, 50),
    ];
    for r in &records {
        store.record_login(r).await.unwrap();
    }
    let (total, page) = store.list_logins(&pool, "u1", 0, 2).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(page, vec![records[2].clone(), records[1].clone()]);
    let (_, rest) = store.list_logins(&pool, "u1", 2, 2).await.unwrap();
    assert_eq!(rest, vec![records[0].clone()]);
    assert_eq!(store.list_logins("other", "u1", 0, 9).await.unwrap().0, 0);

    // Successful sign-ins only, most recent first.
    assert_eq!(
        store.user_login_apps(&pool, "u1").await.unwrap(),
        ["app-b", "app-a"]
    );
    assert!(store.user_login_apps(&pool, "u9").await.unwrap().is_empty());
}

fn action(id: &str, pool: &str, event: &str, user: &str, ok: bool, at: i64) -> UserAction {
    UserAction {
        id: id.into(),
        pool_id: pool.into(),
        user_id: Some(user.into()),
        app_id: Some("app".into()),
        event_type: event.into(),
        method: "password".into(),
        account: None,
        success: ok,
        api_code: None,
        ip: Some(format!("10.0.0.{at}")),
        user_agent: None,
        request_id: Some(format!("req-{id}")),
        detail: Some("{\"k\":1}".into()),
        created_at: at,
    }
}

#[tokio::test]
async fn user_actions_are_filtered_by_every_field_and_time_window() {
    let (_db, store, pool) = setup().await;
    let all = [
        action("a1", &pool, "login", "u1", true, 1),
        action("a2", &pool, "logout", "u1", true, 2),
        action("a3", &pool, "login", "u2", false, 3),
        action("a4", &pool, "register", "u2", true, 4),
    ];
    for a in &all {
        store.record_user_action(a).await.unwrap();
    }
    let q = |f: fn(&mut UserActionQuery)| {
        let mut q = UserActionQuery {
            limit: 10,
            ..Default::default()
        };
        f(&mut q);
        q
    };
    let ids =
        |(n, list): (i64, Vec<UserAction>)| (n, list.into_iter().map(|a| a.id).collect::<Vec<_>>());
    let run = |query: UserActionQuery| {
        let store = store.clone();
        let pool = pool.clone();
        async move { ids(store.list_user_actions(&pool, &query).await.unwrap()) }
    };
    assert_eq!(
        run(q(|_| {})).await,
        (4, strings(&["a4", "a3", "a2", "a1"]))
    );
    assert_eq!(
        run(q(|q| q.event_type = Some("login".into()))).await,
        (2, strings(&["a3", "a1"]))
    );
    assert_eq!(
        run(q(|q| q.user_id = Some("u2".into()))).await,
        (2, strings(&["a4", "a3"]))
    );
    assert_eq!(
        run(q(|q| q.success = Some(false))).await,
        (1, strings(&["a3"]))
    );
    assert_eq!(
        run(q(|q| q.request_id = Some("req-a2".into()))).await,
        (1, strings(&["a2"]))
    );
    assert_eq!(
        run(q(|q| q.ip = Some("10.0.0.4".into()))).await,
        (1, strings(&["a4"]))
    );
    assert_eq!(run(q(|q| q.app_id = Some("x".into()))).await.0, 0);
    assert_eq!(
        run(q(|q| {
            q.start = Some(2);
            q.end = Some(3);
        }))
        .await,
        (2, strings(&["a3", "a2"])),
        "both bounds included"
    );
    assert_eq!(
        run(q(|q| {
            q.offset = 1;
            q.limit = 2;
        }))
        .await,
        (4, strings(&["a3", "a2"]))
    );
    let (_, full) = store.list_user_actions(&pool, &q(|_| {})).await.unwrap();
    assert_eq!(full[3], all[0], "every column round-trips");
}

fn entry(id: &str, pool: &str, op_type: &str, actor: &str, at: i64) -> AuditEntry {
    AuditEntry {
        id: id.into(),
        pool_id: pool.into(),
        actor_key_id: actor.into(),
        operation: format!("{op_type}-user"),
        operation_type: op_type.into(),
        resource_type: "user".into(),
        target: Some("u1".into()),
        params: Some("{}".into()),
        origin_value: None,
        target_value: Some("{\"id\":\"u1\"}".into()),
        success: true,
        ip: Some("10.1.1.1".into()),
        user_agent: Some("ua".into()),
        request_id: format!("req-{id}"),
        created_at: at,
    }
}

#[tokio::test]
async fn the_audit_log_is_appended_and_filtered() {
    let (_db, store, pool) = setup().await;
    let e1 = entry("e1", &pool, "create", "ak-1", 10);
    let e2 = entry("e2", &pool, "update", "ak-2", 20);
    let e3 = entry("e3", &pool, "delete", "ak-1", 30);
    store
        .insert_pool(&authgate_core::user_pool::UserPool {
            id: "other".into(),
            name: "Other".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    let foreign = entry("e4", "other", "create", "ak-1", 40);
    for e in [&e1, &e2, &e3, &foreign] {
        store.append_audit(e).await.unwrap();
    }
    let page = |q: AuditQuery| {
        let store = store.clone();
        let pool = pool.clone();
        async move {
            let (n, list) = store.list_audit(&pool, &q).await.unwrap();
            (n, list.into_iter().map(|e| e.id).collect::<Vec<_>>())
        }
    };
    let base = AuditQuery {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(page(base.clone()).await, (3, strings(&["e3", "e2", "e1"])));
    assert_eq!(
        page(AuditQuery {
            actor: Some("ak-1".into()),
            ..base.clone()
        })
        .await,
        (2, strings(&["e3", "e1"]))
    );
    assert_eq!(
        page(AuditQuery {
            operation_type: Some("update".into()),
            resource_type: Some("user".into()),
            ..base.clone()
        })
        .await,
        (1, strings(&["e2"]))
    );
    assert_eq!(
        page(AuditQuery {
            request_id: Some("req-e1".into()),
            ip: Some("10.1.1.1".into()),
            success: Some(true),
            ..base.clone()
        })
        .await,
        (1, strings(&["e1"]))
    );
    assert_eq!(
        page(AuditQuery {
            success: Some(false),
            ..base.clone()
        })
        .await
        .0,
        0
    );
    assert_eq!(
        page(AuditQuery {
            start: Some(20),
            end: Some(30),
            offset: 1,
            ..base.clone()
        })
        .await,
        (2, strings(&["e2"]))
    );
    let (_, list) = store.list_audit(&pool, &base).await.unwrap();
    assert_eq!(list[2], e1, "every column round-trips");
}

fn sso(pool: &str, user: &str, ends: i64, handle: &str) -> SsoSessionRow {
    SsoSessionRow {
        pool_id: pool.into(),
        user_id: user.into(),
        auth_time: 5,
        expires_at: ends,
        handle: handle.into(),
    }
}

#[tokio::test]
async fn sso_sessions_are_replaced_ended_and_swept() {
    let (_db, store, pool) = setup().await;
    let a = sso(&pool, "u1", 100, "h-a");
    let b = sso("pool-2", "u1", FAR, "h-b");
    store
        .replace_sso_sessions("browser-1", &[a.clone(), b.clone()])
        .await
        .unwrap();
    store
        .replace_sso_sessions("browser-2", &[sso(&pool, "u1", FAR, "h-c")])
        .await
        .unwrap();
    let mut live = store.sso_sessions("browser-1", 99).await.unwrap();
    live.sort_by(|x, y| x.handle.cmp(&y.handle));
    assert_eq!(live, vec![a.clone(), b.clone()]);
    assert_eq!(
        store.sso_sessions("browser-1", 100).await.unwrap(),
        vec![b.clone()]
    );

    // Replacing drops what is not in the new set.
    store
        .replace_sso_sessions("browser-1", std::slice::from_ref(&b))
        .await
        .unwrap();
    assert_eq!(
        store.sso_sessions("browser-1", 1).await.unwrap(),
        vec![b.clone()]
    );
    store.replace_sso_sessions("browser-1", &[]).await.unwrap();
    assert!(store.sso_sessions("browser-1", 1).await.unwrap().is_empty());

    store
        .replace_sso_sessions("browser-1", &[a.clone(), b.clone()])
        .await
        .unwrap();
    assert_eq!(store.end_user_sso_sessions(&pool, "u1").await.unwrap(), 2);
    assert_eq!(
        store.sso_sessions("browser-1", 1).await.unwrap(),
        vec![b.clone()]
    );
    assert!(store.sso_sessions("browser-2", 1).await.unwrap().is_empty());

    store
        .replace_sso_sessions("browser-3", &[sso(&pool, "u3", 100, "h-d")])
        .await
        .unwrap();
    assert_eq!(store.sweep_sso_sessions(99).await.unwrap(), 0);
    assert_eq!(store.sweep_sso_sessions(100).await.unwrap(), 1);
    assert_eq!(store.sso_sessions("browser-1", 1).await.unwrap(), vec![b]);
}

fn new_user(id: &str, pool: &str, email: &str) -> User {
    User::new(
        id.into(),
        pool.into(),
        Identifiers {
            email: Some(email.into()),
            ..Default::default()
        },
        UserSource::AdminCreated,
        7,
    )
}

async fn org(store: &Store, pool: &str) -> (String, String) {
    let org = Organization {
        id: "org-1".into(),
        pool_id: pool.into(),
        code: "acme".into(),
        name: "Acme".into(),
        description: None,
        status: true,
        root_department_id: "d-root".into(),
        created_at: 1,
        updated_at: 1,
    };
    let root = Department {
        id: "d-root".into(),
        pool_id: pool.into(),
        org_id: "org-1".into(),
        parent_id: None,
        code: None,
        open_department_id: None,
        name: "Acme".into(),
        description: None,
        status: true,
        custom_data: Default::default(),
        created_at: 1,
        updated_at: 1,
    };
    store.create_organization(&org, &root).await.unwrap();
    let sales = Department {
        id: "d-sales".into(),
        parent_id: Some("d-root".into()),
        code: Some("sales".into()),
        name: "Sales".into(),
        ..root
    };
    store.create_department(&sales).await.unwrap();
    ("d-root".into(), "d-sales".into())
}

#[tokio::test]
async fn users_are_imported_into_departments_all_or_none() {
    let (_db, store, pool) = setup().await;
    let (root, sales) = org(&store, &pool).await;
    store
        .insert_users_in_departments(&[
            (
                new_user("i1", &pool, "i1@x.io"),
                vec![root.clone(), sales.clone()],
            ),
            (new_user("i2", &pool, "i2@x.io"), vec![]),
        ])
        .await
        .unwrap();
    let mut of = store
        .department_ids_of(&strings(&["i1", "i2"]))
        .await
        .unwrap();
    of.sort();
    assert_eq!(
        of,
        vec![
            ("i1".to_string(), root.clone()),
            ("i1".to_string(), sales.clone())
        ]
    );

    // A duplicate email in the batch: nothing of it is stored.
    let failed = store
        .insert_users_in_departments(&[
            (new_user("i3", &pool, "i3@x.io"), vec![sales.clone()]),
            (new_user("i4", &pool, "i1@x.io"), vec![]),
        ])
        .await;
    assert!(
        matches!(failed, Err(StoreError::Conflict { field: "email" })),
        "{failed:?}"
    );
    assert!(
        store
            .get_user(&pool, &UserKey::Id("i3".into()))
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.member_ids(&sales).await.unwrap() == ["i1"]);
}

#[tokio::test]
async fn a_resignation_ends_sessions_and_memberships_of_that_user_only() {
    let (_db, store, pool) = setup().await;
    let (_, sales) = org(&store, &pool).await;
    user(&store, &pool, "u1", 1).await;
    user(&store, &pool, "u2", 1).await;
    store
        .add_members(&sales, &strings(&["u1", "u2"]), 3)
        .await
        .unwrap();
    for (u, s) in [("u1", "s1"), ("u2", "s2")] {
        store
            .create_session(&session(&pool, u, "app", s, FAR), None)
            .await
            .unwrap();
    }
    assert!(store.resign_user(&pool, "u1", 40).await.unwrap());
    let u1 = store
        .get_user(&pool, &UserKey::Id("u1".into()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u1.status, UserStatus::Resigned);
    assert_eq!(u1.status_changed_at, Some(40));
    assert!(!store.has_active_session(&pool, "u1", 41).await.unwrap());
    assert!(store.has_active_session(&pool, "u2", 41).await.unwrap());
    assert_eq!(store.member_ids(&sales).await.unwrap(), ["u2"]);
    assert!(!store.resign_user(&pool, "nobody", 42).await.unwrap());
    assert!(!store.resign_user("other-pool", "u2", 42).await.unwrap());
}
