//! Namespaces, resources, grants, roles and their assignment windows — what permission
//! evaluation reads: SQLite by default, PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres` and
//! `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use authgate_core::department::{Department, Organization};
use authgate_core::permission::{Effect, Grant, ResourceAction, ResourceType, TargetType};
use authgate_core::role::{self, Role, RoleStatus, Target};
use authgate_store::*;
use common::{ids, setup, strings, users};
use std::collections::HashMap;

fn namespace(pool: &str, id: &str, code: &str, name: &str, at: i64) -> Namespace {
    Namespace {
        id: id.into(),
        pool_id: pool.into(),
        code: code.into(),
        name: name.into(),
        description: None,
        status: 1,
        created_at: at,
        updated_at: at,
    }
}

fn resource(pool: &str, ns: &str, id: &str, code: &str, at: i64) -> Resource {
    Resource {
        id: id.into(),
        pool_id: pool.into(),
        namespace: ns.into(),
        code: code.into(),
        resource_type: ResourceType::Data,
        name: Some(format!("Resource {code}")),
        description: None,
        api_identifier: Some(format!("/api/{code}")),
        actions: vec![ResourceAction {
            name: "read".into(),
            description: "Read".into(),
        }],
        created_at: at,
        updated_at: at,
    }
}

fn role(pool: &str, ns: &str, id: &str, code: &str, at: i64) -> Role {
    Role {
        id: id.into(),
        pool_id: pool.into(),
        namespace: ns.into(),
        code: code.into(),
        name: format!("Role {code}"),
        description: None,
        status: RoleStatus::Enable,
        disable_time: None,
        created_at: at,
        updated_at: at,
    }
}

fn grant(
    pool: &str,
    ns: &str,
    id: &str,
    kind: TargetType,
    target: &str,
    code: &str,
    effect: Effect,
) -> StoredGrant {
    StoredGrant {
        id: id.into(),
        pool_id: pool.into(),
        namespace: ns.into(),
        target_type: kind,
        target_id: target.into(),
        grant: Grant {
            resource_code: code.into(),
            resource_type: ResourceType::Data,
            api_identifier: None,
            description: None,
            actions: vec!["read".into()],
            effect,
            conditions: vec![],
        },
        created_at: 1,
        updated_at: 1,
    }
}

fn codes<T>(list: &[T], code: impl Fn(&T) -> &str) -> Vec<String> {
    list.iter().map(|x| code(x).to_string()).collect()
}

#[tokio::test]
async fn namespaces_are_stored_found_listed_renamed_and_deleted_with_their_contents() {
    let (_db, store, pool) = setup().await;
    let shop = namespace(&pool, "n1", "shop", "Shop", 1);
    let blog = namespace(&pool, "n2", "blog", "Blog", 2);
    store
        .insert_namespaces(&[shop.clone(), blog.clone()])
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_namespaces(&[namespace(&pool, "n3", "shop", "Again", 3)])
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let mut found = store
        .get_namespaces(&pool, &strings(&["shop", "blog", "none"]))
        .await
        .unwrap();
    found.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(found, vec![blog.clone(), shop.clone()]);
    assert!(
        store
            .get_namespaces("other", &strings(&["shop"]))
            .await
            .unwrap()
            .is_empty()
    );

    let (n, page) = store.list_namespaces(&pool, None, 0, 9).await.unwrap();
    assert_eq!(
        (n, codes(&page, |x| &x.code)),
        (2, strings(&["blog", "shop"]))
    );
    let (n, page) = store
        .list_namespaces(&pool, Some("SHO"), 0, 9)
        .await
        .unwrap();
    assert_eq!((n, codes(&page, |x| &x.code)), (1, strings(&["shop"])));
    let (n, page) = store.list_namespaces(&pool, None, 1, 1).await.unwrap();
    assert_eq!((n, codes(&page, |x| &x.code)), (2, strings(&["shop"])));

    // The default namespace needs no row; others are named by theirs.
    assert_eq!(
        store
            .namespace_name(&pool, "default")
            .await
            .unwrap()
            .as_deref(),
        Some("default")
    );
    assert_eq!(
        store
            .namespace_name(&pool, "shop")
            .await
            .unwrap()
            .as_deref(),
        Some("Shop")
    );
    assert_eq!(store.namespace_name(&pool, "none").await.unwrap(), None);

    // A new code is carried to the namespace's resources, roles and grants.
    store
        .insert_resources(&[resource(&pool, "shop", "r1", "books", 1)])
        .await
        .unwrap();
    store
        .insert_roles(&[role(&pool, "shop", "role-1", "buyer", 1)])
        .await
        .unwrap();
    store
        .save_grants(&[grant(
            &pool,
            "shop",
            "a1",
            TargetType::Role,
            "role-1",
            "books",
            Effect::Allow,
        )])
        .await
        .unwrap();
    let change = NamespaceChange {
        name: Some("Store".into()),
        description: Some("sells".into()),
        new_code: Some("store".into()),
    };
    assert!(
        store
            .update_namespace(&pool, "shop", &change, 9)
            .await
            .unwrap()
    );
    assert!(
        !store
            .update_namespace(&pool, "shop", &change, 9)
            .await
            .unwrap(),
        "gone by that code"
    );
    let store_ns = store
        .get_namespaces(&pool, &strings(&["store"]))
        .await
        .unwrap();
    assert_eq!(
        (
            store_ns[0].name.as_str(),
            store_ns[0].description.as_deref(),
            store_ns[0].updated_at
        ),
        ("Store", Some("sells"), 9)
    );
    assert_eq!(
        store
            .get_resources(&pool, "store", &strings(&["books"]))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .get_role(&pool, "store", "buyer")
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .grants_of_target(&pool, "store", TargetType::Role, "role-1")
            .await
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        store
            .delete_namespaces(&pool, &strings(&["store", "none"]))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .get_resources(&pool, "store", &strings(&["books"]))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .get_role(&pool, "store", "buyer")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .grants_of_target(&pool, "store", TargetType::Role, "role-1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.list_namespaces(&pool, None, 0, 9).await.unwrap().0, 1);
}

#[tokio::test]
async fn resources_are_searched_updated_and_deleted_with_the_grants_below_them() {
    let (_db, store, pool) = setup().await;
    let books = resource(&pool, "default", "r1", "books", 1);
    let mut menu = resource(&pool, "default", "r2", "menu", 2);
    menu.resource_type = ResourceType::Menu;
    let other_ns = resource(&pool, "blog", "r3", "posts", 3);
    store
        .insert_namespaces(&[namespace(&pool, "n2", "blog", "Blog", 1)])
        .await
        .unwrap();
    store
        .insert_resources(&[books.clone(), menu.clone(), other_ns.clone()])
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_resources(&[resource(&pool, "default", "r9", "books", 9)])
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store
            .get_resources(&pool, "default", &strings(&["menu", "books", "x"]))
            .await
            .unwrap(),
        vec![books.clone(), menu.clone()]
    );

    let q = |namespaces: &[&str], t: Option<ResourceType>, kw: Option<&str>| ResourceQuery {
        namespaces: strings(namespaces),
        resource_type: t,
        keyword: kw.map(Into::into),
        offset: 0,
        limit: 9,
    };
    let list = |(n, l): (i64, Vec<Resource>)| (n, codes(&l, |r| &r.code));
    assert_eq!(
        list(
            store
                .list_resources(&pool, &q(&[], None, None))
                .await
                .unwrap()
        ),
        (3, strings(&["posts", "books", "menu"]))
    );
    assert_eq!(
        list(
            store
                .list_resources(&pool, &q(&["default"], Some(ResourceType::Menu), None))
                .await
                .unwrap()
        ),
        (1, strings(&["menu"]))
    );
    assert_eq!(
        list(
            store
                .list_resources(&pool, &q(&[], None, Some("BOOK")))
                .await
                .unwrap()
        ),
        (1, strings(&["books"]))
    );

    let mut changed = books.clone();
    changed.name = Some("Library".into());
    changed.actions.push(ResourceAction {
        name: "write".into(),
        description: String::new(),
    });
    assert!(store.update_resource(&changed).await.unwrap());
    assert_eq!(
        store
            .get_resources(&pool, "default", &strings(&["books"]))
            .await
            .unwrap(),
        vec![changed.clone()]
    );
    let mut ghost = books.clone();
    ghost.code = "ghost".into();
    assert!(!store.update_resource(&ghost).await.unwrap());

    // Deleting `books` (by id) takes the grants on it and on paths below it, not on others.
    store
        .save_grants(&[
            grant(
                &pool,
                "default",
                "a1",
                TargetType::User,
                "u1",
                "books",
                Effect::Allow,
            ),
            grant(
                &pool,
                "default",
                "a2",
                TargetType::User,
                "u1",
                "books:1",
                Effect::Allow,
            ),
            grant(
                &pool,
                "default",
                "a3",
                TargetType::User,
                "u1",
                "books/2",
                Effect::Deny,
            ),
            grant(
                &pool,
                "default",
                "a4",
                TargetType::User,
                "u1",
                "bookshelf",
                Effect::Allow,
            ),
        ])
        .await
        .unwrap();
    assert_eq!(
        store
            .delete_resources(&pool, "default", &strings(&["menu"]), &strings(&["r1"]))
            .await
            .unwrap(),
        2
    );
    let left = store
        .grants_of_target(&pool, "default", TargetType::User, "u1")
        .await
        .unwrap();
    assert_eq!(codes(&left, |g| &g.grant.resource_code), ["bookshelf"]);
    assert_eq!(
        store
            .list_resources(&pool, &q(&[], None, None))
            .await
            .unwrap()
            .0,
        1
    );
}

async fn org_with(store: &Store, pool: &str) -> (Department, Department) {
    let root = Department {
        id: "d-root".into(),
        pool_id: pool.into(),
        org_id: "org-1".into(),
        parent_id: None,
        code: Some("root".into()),
        open_department_id: None,
        name: "Root".into(),
        description: Some("top".into()),
        status: true,
        custom_data: Default::default(),
        created_at: 1,
        updated_at: 1,
    };
    store
        .create_organization(
            &Organization {
                id: "org-1".into(),
                pool_id: pool.into(),
                code: "acme".into(),
                name: "Acme".into(),
                description: None,
                status: true,
                root_department_id: root.id.clone(),
                created_at: 1,
                updated_at: 1,
            },
            &root,
        )
        .await
        .unwrap();
    let child = Department {
        id: "d-child".into(),
        parent_id: Some(root.id.clone()),
        code: Some("child".into()),
        name: "Child".into(),
        ..root.clone()
    };
    store.create_department(&child).await.unwrap();
    (root, child)
}

#[tokio::test]
async fn grants_are_resolved_saved_replaced_listed_and_evaluated_through_every_subject() {
    let (_db, store, pool) = setup().await;
    users(&store, &pool, &["u1", "u2"]).await;
    let (root, child) = org_with(&store, &pool).await;
    store
        .add_members(&child.id, &strings(&["u1"]), 5)
        .await
        .unwrap();
    store
        .insert_roles(&[role(&pool, "default", "role-1", "reader", 1)])
        .await
        .unwrap();
    store
        .insert_groups(&[authgate_core::group::Group {
            id: "g1".into(),
            pool_id: pool.clone(),
            code: "staff".into(),
            name: "Staff".into(),
            description: None,
            group_type: "static".into(),
            created_at: 1,
            updated_at: 1,
        }])
        .await
        .unwrap();
    store
        .add_group_members(&pool, "g1", &strings(&["u1"]), 5)
        .await
        .unwrap();
    store
        .assign_roles(
            &pool,
            &strings(&["role-1"]),
            &[Target {
                kind: role::TargetType::User,
                id: "u1".into(),
            }],
            role::Window::default(),
            5,
        )
        .await
        .unwrap();

    let map = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<HashMap<_, _>>()
    };
    assert_eq!(
        store
            .resolve_targets(
                &pool,
                "default",
                TargetType::Role,
                &strings(&["reader", "nope"])
            )
            .await
            .unwrap(),
        map(&[("reader", "role-1")])
    );
    assert_eq!(
        store
            .resolve_targets(&pool, "default", TargetType::Group, &strings(&["staff"]))
            .await
            .unwrap(),
        map(&[("staff", "g1")])
    );
    assert_eq!(
        store
            .resolve_targets(&pool, "default", TargetType::User, &strings(&["u2", "u9"]))
            .await
            .unwrap(),
        map(&[("u2", "u2")])
    );
    assert!(
        store
            .resolve_targets(&pool, "other-ns", TargetType::Role, &strings(&["reader"]))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .target_identifiers(&pool, TargetType::Role, &strings(&["role-1", "x"]))
            .await
            .unwrap(),
        map(&[("role-1", "reader")])
    );
    assert_eq!(
        store
            .target_identifiers(&pool, TargetType::Department, &strings(&["d-child"]))
            .await
            .unwrap()
            .len(),
        1
    );

    store
        .save_grants(&[
            grant(
                &pool,
                "default",
                "a1",
                TargetType::User,
                "u1",
                "books",
                Effect::Allow,
            ),
            grant(
                &pool,
                "default",
                "a2",
                TargetType::Role,
                "role-1",
                "books",
                Effect::Allow,
            ),
            grant(
                &pool,
                "default",
                "a3",
                TargetType::Group,
                "g1",
                "music",
                Effect::Allow,
            ),
            grant(
                &pool,
                "default",
                "a4",
                TargetType::Department,
                &root.id,
                "films",
                Effect::Deny,
            ),
            grant(
                &pool,
                "default",
                "a5",
                TargetType::User,
                "u2",
                "books",
                Effect::Allow,
            ),
        ])
        .await
        .unwrap();
    // Saving again replaces the holder's grant with that code and effect.
    let mut again = grant(
        &pool,
        "default",
        "a6",
        TargetType::User,
        "u1",
        "books",
        Effect::Allow,
    );
    again.grant.actions = vec!["*".into()];
    store.save_grants(&[again]).await.unwrap();
    let of_u1 = store
        .grants_of_target(&pool, "default", TargetType::User, "u1")
        .await
        .unwrap();
    assert_eq!(of_u1.len(), 1);
    assert_eq!(
        (of_u1[0].id.as_str(), of_u1[0].grant.actions.clone()),
        ("a6", strings(&["*"]))
    );

    let (n, on_books) = store
        .grants_on_resource(&pool, "default", "books", None, 0, 9)
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(on_books.len(), 3);
    let (n, roles_only) = store
        .grants_on_resource(&pool, "default", "books", Some(TargetType::Role), 0, 9)
        .await
        .unwrap();
    assert_eq!((n, codes(&roles_only, |g| &g.id)), (1, strings(&["a2"])));
    let (n, _) = store
        .grants_on_resource(&pool, "default", "films", None, 0, 9)
        .await
        .unwrap();
    assert_eq!(n, 0, "DENY grants are not listed");

    let subjects = store.user_subjects(&pool, "u1", 10).await.unwrap();
    assert_eq!(subjects.role_ids, ["role-1"]);
    assert_eq!(subjects.group_ids, ["g1"]);
    let mut depts = subjects.department_ids.clone();
    depts.sort();
    assert_eq!(
        depts,
        ["d-child", "d-root"],
        "the department and its ancestors"
    );
    let mut got = codes(
        &store
            .subject_grants(&pool, "default", &subjects, None)
            .await
            .unwrap(),
        |g| &g.resource_code,
    );
    got.sort();
    assert_eq!(got, ["books", "books", "films", "music"]);
    let only = store
        .subject_grants(&pool, "default", &subjects, Some(&strings(&["music"])))
        .await
        .unwrap();
    assert_eq!(codes(&only, |g| &g.resource_code), ["music"]);
    let u2 = store.user_subjects(&pool, "u2", 10).await.unwrap();
    assert!(u2.role_ids.is_empty() && u2.group_ids.is_empty() && u2.department_ids.is_empty());

    assert_eq!(
        store
            .delete_target_grants(&pool, TargetType::User, "u1")
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .grants_of_target(&pool, "default", TargetType::User, "u1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .delete_target_grants(&pool, TargetType::User, "u1")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn roles_are_stored_searched_updated_and_deleted_with_their_assignments() {
    let (_db, store, pool) = setup().await;
    users(&store, &pool, &["u1"]).await;
    let admin = role(&pool, "default", "r1", "admin", 1);
    let viewer = role(&pool, "default", "r2", "viewer", 2);
    store
        .insert_roles(&[admin.clone(), viewer.clone()])
        .await
        .unwrap();
    let clash = store
        .insert_roles(&[
            role(&pool, "default", "r3", "new", 3),
            role(&pool, "default", "r4", "admin", 4),
        ])
        .await;
    assert!(
        matches!(clash, Err(StoreError::Conflict { .. })),
        "{clash:?}"
    );
    assert!(
        store
            .get_role(&pool, "default", "new")
            .await
            .unwrap()
            .is_none(),
        "all or none"
    );
    assert_eq!(
        store.get_role(&pool, "default", "admin").await.unwrap(),
        Some(admin.clone())
    );
    assert!(
        store
            .get_role(&pool, "other", "admin")
            .await
            .unwrap()
            .is_none()
    );

    let q = |kw: Option<&str>, offset, limit| RoleQuery {
        namespace: "default".into(),
        keyword: kw.map(Into::into),
        offset,
        limit,
    };
    let list = |(n, l): (i64, Vec<Role>)| (n, codes(&l, |r| &r.code));
    assert_eq!(
        list(store.list_roles(&pool, &q(None, 0, 9)).await.unwrap()),
        (2, strings(&["admin", "viewer"]))
    );
    assert_eq!(
        list(
            store
                .list_roles(&pool, &q(Some("VIEW"), 0, 9))
                .await
                .unwrap()
        ),
        (1, strings(&["viewer"]))
    );
    assert_eq!(
        list(store.list_roles(&pool, &q(None, 1, 1)).await.unwrap()),
        (2, strings(&["viewer"]))
    );

    let mut renamed = viewer.clone();
    renamed.code = "reader".into();
    renamed.status = RoleStatus::Disable;
    renamed.disable_time = Some(99);
    assert!(store.update_role(&renamed).await.unwrap());
    assert_eq!(
        store.get_role(&pool, "default", "reader").await.unwrap(),
        Some(renamed)
    );
    let mut ghost = viewer.clone();
    ghost.id = "r-ghost".into();
    assert!(!store.update_role(&ghost).await.unwrap());

    let user = Target {
        kind: role::TargetType::User,
        id: "u1".into(),
    };
    store
        .assign_roles(
            &pool,
            &strings(&["r1"]),
            std::slice::from_ref(&user),
            role::Window::default(),
            5,
        )
        .await
        .unwrap();
    assert_eq!(
        store.user_roles(&pool, "u1", None, 6).await.unwrap().len(),
        1
    );
    assert_eq!(
        store
            .delete_roles(&pool, &strings(&["r1", "r-none"]))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .user_roles(&pool, "u1", None, 6)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .delete_roles("other", &strings(&["r2"]))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn role_assignments_count_only_inside_their_window_and_while_the_role_is_enabled() {
    let (_db, store, pool) = setup().await;
    users(&store, &pool, &["u1", "u2", "u3"]).await;
    let (root, child) = org_with(&store, &pool).await;
    store
        .add_members(&child.id, &strings(&["u2"]), 5)
        .await
        .unwrap();
    store
        .insert_namespaces(&[namespace(&pool, "n1", "shop", "Shop", 1)])
        .await
        .unwrap();
    let mut expiring = role(&pool, "default", "r-exp", "expiring", 2);
    expiring.disable_time = Some(500);
    let mut off = role(&pool, "default", "r-off", "off", 3);
    off.status = RoleStatus::Disable;
    store
        .insert_roles(&[
            role(&pool, "default", "r-win", "windowed", 1),
            expiring,
            off,
            role(&pool, "shop", "r-shop", "clerk", 4),
        ])
        .await
        .unwrap();
    let user = |id: &str| Target {
        kind: role::TargetType::User,
        id: id.into(),
    };
    let dept = |id: &str| Target {
        kind: role::TargetType::Department,
        id: id.into(),
    };
    let window = role::Window::new(Some(100), Some(200)).unwrap();
    assert_eq!(
        store
            .assign_roles(
                &pool,
                &strings(&["r-win"]),
                &[user("u1"), user("ghost")],
                window,
                5
            )
            .await
            .unwrap(),
        Some(user("ghost")),
        "an unknown target writes nothing"
    );
    let held = |now| {
        let store = store.clone();
        let pool = pool.clone();
        async move {
            codes(
                &store.user_roles(&pool, "u1", None, now).await.unwrap(),
                |r| &r.code,
            )
        }
    };
    assert!(held(150).await.is_empty());
    store
        .assign_roles(&pool, &strings(&["r-win"]), &[user("u1")], window, 5)
        .await
        .unwrap();
    assert!(held(99).await.is_empty(), "before enable_time");
    assert_eq!(held(100).await, ["windowed"], "enable_time is included");
    assert_eq!(held(199).await, ["windowed"]);
    assert!(held(200).await.is_empty(), "end_time is excluded");
    // Assigning again replaces the window.
    store
        .assign_roles(
            &pool,
            &strings(&["r-win"]),
            &[user("u1")],
            role::Window::new(None, Some(300)).unwrap(),
            6,
        )
        .await
        .unwrap();
    assert_eq!(held(50).await, ["windowed"]);
    assert!(held(300).await.is_empty());

    store
        .assign_roles(
            &pool,
            &strings(&["r-exp", "r-off", "r-shop"]),
            &[user("u1")],
            role::Window::default(),
            7,
        )
        .await
        .unwrap();
    assert_eq!(
        held(250).await,
        ["windowed", "expiring", "clerk"],
        "oldest role first; off never"
    );
    assert_eq!(held(500).await, ["clerk"], "past its disable_time");
    assert_eq!(
        codes(
            &store
                .user_roles(&pool, "u1", Some("shop"), 250)
                .await
                .unwrap(),
            |r| &r.code
        ),
        ["clerk"]
    );

    // Through a department: the members of it and of the departments below it.
    store
        .assign_roles(
            &pool,
            &strings(&["r-win"]),
            &[dept(&root.id), dept(&child.id)],
            role::Window::default(),
            8,
        )
        .await
        .unwrap();
    assert_eq!(
        codes(
            &store.user_roles(&pool, "u2", None, 1000).await.unwrap(),
            |r| &r.code
        ),
        ["windowed"]
    );
    let holders = |via_departments, now| HoldersQuery {
        role_id: "r-win".into(),
        via_departments,
        now,
        offset: 0,
        limit: 9,
    };
    let (n, members) = store
        .list_role_members(&pool, &holders(false, 150))
        .await
        .unwrap();
    assert_eq!((n, ids(&members)), (1, strings(&["u1"])));
    let (n, members) = store
        .list_role_members(&pool, &holders(true, 150))
        .await
        .unwrap();
    assert_eq!(
        (n, ids(&members)),
        (2, strings(&["u2", "u1"])),
        "newest first"
    );
    let (n, _) = store
        .list_role_members(&pool, &holders(false, 400))
        .await
        .unwrap();
    assert_eq!(n, 0, "u1's window is over");
    let (n, departments) = store
        .list_role_departments(&pool, &holders(false, 150))
        .await
        .unwrap();
    assert_eq!(n, 2);
    let mut dept_codes: Vec<_> = departments
        .iter()
        .map(|d| d.code.clone().unwrap())
        .collect();
    dept_codes.sort();
    assert_eq!(dept_codes, ["child", "root"]);

    assert_eq!(
        store
            .revoke_roles(
                &pool,
                &strings(&["r-win"]),
                &[dept(&child.id), dept("ghost")]
            )
            .await
            .unwrap(),
        Some(dept("ghost"))
    );
    assert_eq!(
        store
            .list_role_departments(&pool, &holders(false, 150))
            .await
            .unwrap()
            .0,
        2,
        "nothing removed"
    );
    assert_eq!(
        store
            .revoke_roles(
                &pool,
                &strings(&["r-win"]),
                &[dept(&child.id), dept(&root.id)]
            )
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .list_role_departments(&pool, &holders(false, 150))
            .await
            .unwrap()
            .0,
        0
    );
    assert!(
        store
            .user_roles(&pool, "u2", None, 1000)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list_role_members(&pool, &holders(true, 150))
            .await
            .unwrap()
            .0,
        1
    );
    assert!(
        store
            .user_roles(&pool, "u3", None, 150)
            .await
            .unwrap()
            .is_empty()
    );
}
