//! Organisations, department trees, department memberships and groups: SQLite by default,
//! PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres` and `AUTHGATE_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use authgate_core::department::{Department, Organization};
use authgate_core::group::Group;
use authgate_core::user::User;
use authgate_store::*;
use common::{ids, setup, strings, users};

fn organization(
    pool: &str,
    id: &str,
    code: &str,
    name: &str,
    at: i64,
) -> (Organization, Department) {
    let root_id = format!("{id}-root");
    let org = Organization {
        id: id.into(),
        pool_id: pool.into(),
        code: code.into(),
        name: name.into(),
        description: None,
        status: true,
        root_department_id: root_id.clone(),
        created_at: at,
        updated_at: at,
    };
    let root = Department {
        id: root_id,
        pool_id: pool.into(),
        org_id: id.into(),
        parent_id: None,
        code: None,
        open_department_id: None,
        name: name.into(),
        description: None,
        status: true,
        custom_data: Default::default(),
        created_at: at,
        updated_at: at,
    };
    (org, root)
}

fn dept(parent: &Department, id: &str, code: &str, name: &str, at: i64) -> Department {
    Department {
        id: id.into(),
        parent_id: Some(parent.id.clone()),
        code: Some(code.into()),
        open_department_id: Some(format!("open-{id}")),
        name: name.into(),
        created_at: at,
        updated_at: at,
        ..parent.clone()
    }
}

/// Organisation `acme` with root → sales → east, and root → hr (disabled).
async fn tree(
    store: &Store,
    pool: &str,
) -> (Organization, Department, Department, Department, Department) {
    let (org, root) = organization(pool, "org-1", "acme", "Acme", 1);
    store.create_organization(&org, &root).await.unwrap();
    let sales = dept(&root, "d-sales", "sales", "Sales", 2);
    let east = dept(&sales, "d-east", "east", "East", 3);
    let mut hr = dept(&root, "d-hr", "hr", "HR", 4);
    hr.status = false;
    for d in [&sales, &east, &hr] {
        store.create_department(d).await.unwrap();
    }
    (org, root, sales, east, hr)
}

fn names(list: &[authgate_core::department::DepartmentInfo]) -> Vec<&str> {
    list.iter().map(|i| i.dept.name.as_str()).collect()
}

#[tokio::test]
async fn organizations_are_created_found_listed_updated_and_deleted() {
    let (_db, store, pool) = setup().await;
    let (acme, acme_root) = organization(&pool, "org-1", "acme", "Acme", 1);
    store.create_organization(&acme, &acme_root).await.unwrap();
    let (mut beta, beta_root) = organization(&pool, "org-2", "beta", "Beta Corp", 2);
    beta.status = false;
    store.create_organization(&beta, &beta_root).await.unwrap();
    let (dup, dup_root) = organization(&pool, "org-3", "acme", "Again", 3);
    assert!(matches!(
        store.create_organization(&dup, &dup_root).await,
        Err(StoreError::Conflict {
            field: "organizationCode"
        })
    ));
    assert!(
        store
            .department_by_id(&pool, "org-3-root")
            .await
            .unwrap()
            .is_none(),
        "the root of a refused organisation is not stored"
    );

    let info = store
        .get_organization(&pool, "acme")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(info.org, acme);
    assert_eq!(info.root.dept, acme_root);
    assert!(
        store
            .get_organization(&pool, "nope")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_organization("other", "acme")
            .await
            .unwrap()
            .is_none()
    );

    let all = Window {
        offset: 0,
        limit: 10,
    };
    let codes = |(n, list): (i64, Vec<authgate_core::department::OrganizationInfo>)| {
        (n, list.into_iter().map(|i| i.org.code).collect::<Vec<_>>())
    };
    assert_eq!(
        codes(
            store
                .list_organizations(&pool, None, None, all)
                .await
                .unwrap()
        ),
        (2, strings(&["acme", "beta"]))
    );
    assert_eq!(
        codes(
            store
                .list_organizations(&pool, Some("CORP"), None, all)
                .await
                .unwrap()
        ),
        (1, strings(&["beta"]))
    );
    assert_eq!(
        codes(
            store
                .list_organizations(&pool, None, Some(true), all)
                .await
                .unwrap()
        ),
        (1, strings(&["acme"]))
    );
    assert_eq!(
        codes(
            store
                .list_organizations(
                    &pool,
                    None,
                    None,
                    Window {
                        offset: 1,
                        limit: 1
                    }
                )
                .await
                .unwrap()
        ),
        (2, strings(&["beta"]))
    );

    let mut renamed = acme.clone();
    renamed.code = "acme2".into();
    renamed.name = "Acme 2".into();
    renamed.updated_at = 9;
    let mut root2 = acme_root.clone();
    root2.name = "Acme 2".into();
    root2.description = Some("top".into());
    assert!(store.update_organization(&renamed, &root2).await.unwrap());
    let info = store
        .get_organization(&pool, "acme2")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((info.org.name.as_str(), info.org.updated_at), ("Acme 2", 9));
    assert_eq!(info.root.dept.description.as_deref(), Some("top"));
    let mut clash = renamed.clone();
    clash.code = "beta".into();
    assert!(matches!(
        store.update_organization(&clash, &root2).await,
        Err(StoreError::Conflict {
            field: "organizationCode"
        })
    ));
    let (ghost, ghost_root) = organization(&pool, "org-9", "ghost", "Ghost", 1);
    assert!(
        !store
            .update_organization(&ghost, &ghost_root)
            .await
            .unwrap()
    );

    let sales = dept(&acme_root, "d-sales", "sales", "Sales", 2);
    store.create_department(&sales).await.unwrap();
    assert!(store.delete_organization(&pool, "org-1").await.unwrap());
    assert!(!store.delete_organization(&pool, "org-1").await.unwrap());
    assert!(
        store
            .department_by_id(&pool, "d-sales")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_organization(&pool, "acme2")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .get_organization(&pool, "beta")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn departments_are_found_by_every_key_and_walked_up_and_down() {
    let (_db, store, pool) = setup().await;
    let (org, root, sales, east, hr) = tree(&store, &pool).await;
    let dup = dept(&root, "d-dup", "sales", "Dup", 5);
    assert!(matches!(
        store.create_department(&dup).await,
        Err(StoreError::Conflict { field: "code" })
    ));
    let mut dup_open = dept(&root, "d-dup", "other", "Dup", 5);
    dup_open.open_department_id = sales.open_department_id.clone();
    assert!(matches!(
        store.create_department(&dup_open).await,
        Err(StoreError::Conflict {
            field: "openDepartmentId"
        })
    ));

    assert_eq!(
        store.department_by_id(&pool, "d-east").await.unwrap(),
        Some(east.clone())
    );
    assert!(
        store
            .department_by_id("other", "d-east")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.department_by_code(&org.id, "hr").await.unwrap(),
        Some(hr.clone())
    );
    assert!(
        store
            .department_by_code(&org.id, "nope")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .department_by_open_id(&org.id, "open-d-sales")
            .await
            .unwrap(),
        Some(sales.clone())
    );
    assert!(
        store
            .department_by_open_id("org-x", "open-d-sales")
            .await
            .unwrap()
            .is_none()
    );

    let path = store.department_path(&pool, "d-east").await.unwrap();
    assert_eq!(path, vec![root.clone(), sales.clone(), east.clone()]);
    assert!(
        store
            .department_path(&pool, "nope")
            .await
            .unwrap()
            .is_empty()
    );

    let infos = store
        .department_infos(&pool, &strings(&["d-hr", "nope", "d-sales"]))
        .await
        .unwrap();
    assert_eq!(
        names(&infos),
        ["HR", "Sales"],
        "in the order asked, unknown left out"
    );
    assert_eq!(infos[1].org_code, "acme");
    assert_eq!(infos[1].parent_code, None, "the root has no code");
    assert!(infos[1].has_children && !infos[0].has_children);

    let children = DeptScope::Children {
        parent_id: root.id.clone(),
        status: None,
    };
    let (n, list) = store
        .list_departments(&pool, &children, DeptSort::Natural, None)
        .await
        .unwrap();
    assert_eq!((n, names(&list)), (2, vec!["HR", "Sales"]));
    let enabled = DeptScope::Children {
        parent_id: root.id.clone(),
        status: Some(true),
    };
    let (_, list) = store
        .list_departments(&pool, &enabled, DeptSort::Natural, None)
        .await
        .unwrap();
    assert_eq!(names(&list), ["Sales"]);
    let below = DeptScope::Descendants {
        root_id: root.id.clone(),
    };
    let (n, list) = store
        .list_departments(&pool, &below, DeptSort::Natural, None)
        .await
        .unwrap();
    assert_eq!(
        (n, names(&list)),
        (3, vec!["HR", "Sales", "East"]),
        "shallowest first"
    );
    let (n, list) = store
        .list_departments(
            &pool,
            &below,
            DeptSort::CreatedAt(Order::Desc),
            Some(Window {
                offset: 1,
                limit: 1,
            }),
        )
        .await
        .unwrap();
    assert_eq!((n, names(&list)), (3, vec!["East"]));
    let search = DeptScope::Search {
        org_id: org.id.clone(),
        keyword: "EA".into(),
    };
    let (_, list) = store
        .list_departments(&pool, &search, DeptSort::Name(Order::Desc), None)
        .await
        .unwrap();
    assert_eq!(names(&list), ["East"]);
    let every = DeptScope::Search {
        org_id: org.id.clone(),
        keyword: String::new(),
    };
    let (n, _) = store
        .list_departments(&pool, &every, DeptSort::UpdatedAt(Order::Asc), None)
        .await
        .unwrap();
    assert_eq!(n, 4);
}

#[tokio::test]
async fn a_department_moves_but_not_below_itself_and_is_deleted_only_when_a_leaf() {
    let (_db, store, pool) = setup().await;
    let (_org, root, sales, east, hr) = tree(&store, &pool).await;
    let mut cyclic = sales.clone();
    cyclic.parent_id = Some(east.id.clone());
    assert_eq!(
        store.update_department(&cyclic).await.unwrap(),
        DeptChange::Cycle
    );
    let mut own = sales.clone();
    own.parent_id = Some(sales.id.clone());
    assert_eq!(
        store.update_department(&own).await.unwrap(),
        DeptChange::Cycle
    );
    assert_eq!(
        store
            .department_by_id(&pool, &sales.id)
            .await
            .unwrap()
            .unwrap()
            .parent_id,
        Some(root.id.clone())
    );

    let mut moved = east.clone();
    moved.parent_id = Some(hr.id.clone());
    moved.name = "East (HR)".into();
    assert_eq!(
        store.update_department(&moved).await.unwrap(),
        DeptChange::Done
    );
    assert_eq!(
        store.department_by_id(&pool, &east.id).await.unwrap(),
        Some(moved)
    );
    let mut orphan = hr.clone();
    orphan.parent_id = Some("nope".into());
    assert_eq!(
        store.update_department(&orphan).await.unwrap(),
        DeptChange::NotFound
    );
    let mut ghost = hr.clone();
    ghost.id = "d-ghost".into();
    assert_eq!(
        store.update_department(&ghost).await.unwrap(),
        DeptChange::NotFound
    );

    assert_eq!(
        store.delete_department(&pool, &hr.id).await.unwrap(),
        DeptChange::HasChildren
    );
    assert_eq!(
        store.delete_department(&pool, &east.id).await.unwrap(),
        DeptChange::Done
    );
    assert_eq!(
        store.delete_department(&pool, &east.id).await.unwrap(),
        DeptChange::NotFound
    );
    assert_eq!(
        store.delete_department(&pool, &hr.id).await.unwrap(),
        DeptChange::Done
    );
}

#[tokio::test]
async fn members_join_lead_leave_and_are_paged_through_the_subtree() {
    let (_db, store, pool) = setup().await;
    let (_org, root, sales, east, _hr) = tree(&store, &pool).await;
    let people = users(&store, &pool, &["u1", "u2", "u3"]).await;
    store
        .add_members(&sales.id, &strings(&["u2", "u1"]), 100)
        .await
        .unwrap();
    store
        .add_members(&east.id, &strings(&["u3"]), 200)
        .await
        .unwrap();
    // Adding again keeps the first join time.
    store
        .add_members(&sales.id, &strings(&["u1"]), 300)
        .await
        .unwrap();
    assert_eq!(store.member_ids(&sales.id).await.unwrap(), ["u1", "u2"]);

    assert!(store.is_member(&sales.id, "u1", false).await.unwrap());
    assert!(!store.is_member(&sales.id, "u3", false).await.unwrap());
    assert!(
        store.is_member(&sales.id, "u3", true).await.unwrap(),
        "through east"
    );
    assert!(!store.is_member(&root.id, "u9", true).await.unwrap());

    store
        .set_leaders(&sales.id, &strings(&["u3"]), 400)
        .await
        .unwrap();
    let info = store
        .department_infos(&pool, std::slice::from_ref(&sales.id))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(info.leader_ids, ["u3"]);
    assert_eq!(info.members_count, 3, "a leader becomes a member");
    store
        .set_leaders(&sales.id, &strings(&["u1"]), 401)
        .await
        .unwrap();
    let info = store
        .department_infos(&pool, std::slice::from_ref(&sales.id))
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(info.leader_ids, ["u1"], "exactly the given leaders");

    let query = |include_children, keyword: Option<&str>, sort, offset, limit| MemberQuery {
        dept_id: sales.id.clone(),
        include_children,
        keyword: keyword.map(Into::into),
        sort,
        window: Window { offset, limit },
    };
    let page = |(n, list): (i64, Vec<User>)| (n, ids(&list));
    assert_eq!(
        page(
            store
                .list_members(
                    &pool,
                    &query(false, None, MemberSort::UserId(Order::Desc), 0, 9)
                )
                .await
                .unwrap()
        ),
        (3, strings(&["u3", "u2", "u1"]))
    );
    store
        .remove_members(&sales.id, &strings(&["u3"]))
        .await
        .unwrap();
    assert_eq!(
        page(
            store
                .list_members(
                    &pool,
                    &query(true, None, MemberSort::JoinedAt(Order::Asc), 0, 9)
                )
                .await
                .unwrap()
        ),
        (3, strings(&["u1", "u2", "u3"])),
        "u3 still counts through east"
    );
    assert_eq!(
        page(
            store
                .list_members(
                    &pool,
                    &query(
                        true,
                        Some("NAME-U2"),
                        MemberSort::CreatedAt(Order::Asc),
                        0,
                        9
                    )
                )
                .await
                .unwrap()
        ),
        (1, strings(&["u2"]))
    );
    assert_eq!(
        page(
            store
                .list_members(
                    &pool,
                    &query(false, None, MemberSort::UpdatedAt(Order::Desc), 1, 1)
                )
                .await
                .unwrap()
        ),
        (2, strings(&["u1"]))
    );
    assert_eq!(people.len(), 3);
}

#[tokio::test]
async fn a_users_departments_are_replaced_keeping_join_times() {
    let (_db, store, pool) = setup().await;
    let (_org, root, sales, east, hr) = tree(&store, &pool).await;
    users(&store, &pool, &["u1", "u2"]).await;
    store
        .add_members(&sales.id, &strings(&["u1"]), 100)
        .await
        .unwrap();
    store
        .add_members(&root.id, &strings(&["u1", "u2"]), 150)
        .await
        .unwrap();
    let spec = |d: &Department, is_leader, is_main| MembershipSpec {
        dept_id: d.id.clone(),
        is_leader,
        is_main,
    };
    store
        .set_user_departments(
            "u1",
            &[spec(&sales, true, true), spec(&east, false, false)],
            200,
        )
        .await
        .unwrap();
    let (n, list) = store
        .user_memberships(
            "u1",
            UserDeptSort::JoinedAt(Order::Asc),
            Window {
                offset: 0,
                limit: 9,
            },
        )
        .await
        .unwrap();
    let view: Vec<_> = list
        .iter()
        .map(|m| {
            (
                m.dept.id.as_str(),
                m.is_leader,
                m.is_main,
                m.joined_at,
                m.org_code.as_str(),
            )
        })
        .collect();
    assert_eq!(n, 2);
    assert_eq!(
        view,
        [
            ("d-sales", true, true, 100, "acme"),
            ("d-east", false, false, 200, "acme"),
        ],
        "root left, sales kept its join time, east joined"
    );
    let (_, by_name) = store
        .user_memberships(
            "u1",
            UserDeptSort::Name(Order::Desc),
            Window {
                offset: 0,
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(by_name[0].dept.name, "Sales");
    let (_, by_code) = store
        .user_memberships(
            "u1",
            UserDeptSort::Code(Order::Asc),
            Window {
                offset: 0,
                limit: 9,
            },
        )
        .await
        .unwrap();
    assert_eq!(by_code[0].dept.id, "d-east");
    let (_, by_created) = store
        .user_memberships(
            "u1",
            UserDeptSort::DepartmentCreatedAt(Order::Desc),
            Window {
                offset: 0,
                limit: 9,
            },
        )
        .await
        .unwrap();
    assert_eq!(by_created[0].dept.id, "d-east");

    store.set_user_departments("u2", &[], 300).await.unwrap();
    assert_eq!(
        store
            .user_memberships(
                "u2",
                UserDeptSort::JoinedAt(Order::Asc),
                Window {
                    offset: 0,
                    limit: 9
                }
            )
            .await
            .unwrap()
            .0,
        0
    );
    let mut of = store
        .department_ids_of(&strings(&["u1", "u2", "u9"]))
        .await
        .unwrap();
    of.sort();
    assert_eq!(
        of,
        vec![
            ("u1".to_string(), "d-east".to_string()),
            ("u1".to_string(), "d-sales".to_string())
        ]
    );
    assert!(store.department_ids_of(&[]).await.unwrap().is_empty());
    assert!(!hr.status);
}

fn group(pool: &str, id: &str, code: &str, name: &str, at: i64) -> Group {
    Group {
        id: id.into(),
        pool_id: pool.into(),
        code: code.into(),
        name: name.into(),
        description: None,
        group_type: "static".into(),
        created_at: at,
        updated_at: at,
    }
}

#[tokio::test]
async fn groups_are_stored_all_or_none_searched_updated_and_deleted() {
    let (_db, store, pool) = setup().await;
    let admins = group(&pool, "g1", "admins", "Administrators", 1);
    let staff = group(&pool, "g2", "staff", "Staff", 2);
    store
        .insert_groups(&[admins.clone(), staff.clone()])
        .await
        .unwrap();
    let clash = store
        .insert_groups(&[
            group(&pool, "g3", "new", "New", 3),
            group(&pool, "g4", "staff", "S", 4),
        ])
        .await;
    assert!(
        matches!(clash, Err(StoreError::Conflict { .. })),
        "{clash:?}"
    );
    assert!(
        store.get_group(&pool, "new").await.unwrap().is_none(),
        "all or none"
    );
    assert_eq!(
        store.get_group(&pool, "admins").await.unwrap(),
        Some(admins.clone())
    );
    assert!(store.get_group("other", "admins").await.unwrap().is_none());

    let q = |keyword: Option<&str>, offset, limit| GroupQuery {
        keyword: keyword.map(Into::into),
        offset,
        limit,
    };
    let codes =
        |(n, list): (i64, Vec<Group>)| (n, list.into_iter().map(|g| g.code).collect::<Vec<_>>());
    assert_eq!(
        codes(store.list_groups(&pool, &q(None, 0, 9)).await.unwrap()),
        (2, strings(&["admins", "staff"]))
    );
    assert_eq!(
        codes(
            store
                .list_groups(&pool, &q(Some("ADMIN"), 0, 9))
                .await
                .unwrap()
        ),
        (1, strings(&["admins"]))
    );
    assert_eq!(
        codes(store.list_groups(&pool, &q(None, 1, 1)).await.unwrap()),
        (2, strings(&["staff"]))
    );

    let mut renamed = staff.clone();
    renamed.name = "Everyone".into();
    renamed.description = Some("all".into());
    assert!(store.update_group(&renamed).await.unwrap());
    assert_eq!(
        store.get_group(&pool, "staff").await.unwrap(),
        Some(renamed)
    );
    let mut ghost = staff.clone();
    ghost.id = "g-ghost".into();
    assert!(!store.update_group(&ghost).await.unwrap());

    assert_eq!(
        store
            .delete_groups(&pool, &strings(&["staff", "missing"]))
            .await
            .unwrap(),
        1
    );
    assert!(store.get_group(&pool, "staff").await.unwrap().is_none());
    assert_eq!(
        store
            .delete_groups("other", &strings(&["admins"]))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn group_members_are_added_removed_and_listed_only_for_users_of_the_pool() {
    let (_db, store, pool) = setup().await;
    store
        .insert_groups(&[
            group(&pool, "g1", "admins", "A", 1),
            group(&pool, "g2", "staff", "S", 2),
        ])
        .await
        .unwrap();
    users(&store, &pool, &["u1", "u2", "u3"]).await;
    assert_eq!(
        store
            .add_group_members(&pool, "g1", &strings(&["u1", "ghost"]), 5)
            .await
            .unwrap(),
        Some("ghost".into())
    );
    assert_eq!(
        store.list_group_members(&pool, "g1", 0, 9).await.unwrap().0,
        0,
        "nothing written"
    );
    assert_eq!(
        store
            .add_group_members(&pool, "g1", &strings(&["u1", "u2", "u3"]), 5)
            .await
            .unwrap(),
        None
    );
    store
        .add_group_members(&pool, "g1", &strings(&["u1"]), 6)
        .await
        .unwrap();
    store
        .add_group_members(&pool, "g2", &strings(&["u1"]), 6)
        .await
        .unwrap();
    let (n, page) = store.list_group_members(&pool, "g1", 0, 2).await.unwrap();
    assert_eq!(
        (n, ids(&page)),
        (3, strings(&["u3", "u2"])),
        "newest user first"
    );
    let (_, rest) = store.list_group_members(&pool, "g1", 2, 2).await.unwrap();
    assert_eq!(ids(&rest), ["u1"]);

    let codes = |list: Vec<Group>| list.into_iter().map(|g| g.code).collect::<Vec<_>>();
    assert_eq!(
        codes(store.user_groups(&pool, "u1").await.unwrap()),
        ["admins", "staff"]
    );
    assert!(store.user_groups(&pool, "ghost").await.unwrap().is_empty());

    assert_eq!(
        store
            .remove_group_members(&pool, "g1", &strings(&["u2", "ghost"]))
            .await
            .unwrap(),
        Some("ghost".into())
    );
    assert_eq!(
        store.list_group_members(&pool, "g1", 0, 9).await.unwrap().0,
        3,
        "nothing removed"
    );
    assert_eq!(
        store
            .remove_group_members(&pool, "g1", &strings(&["u2"]))
            .await
            .unwrap(),
        None
    );
    let (n, list) = store.list_group_members(&pool, "g1", 0, 9).await.unwrap();
    assert_eq!((n, ids(&list)), (2, strings(&["u3", "u1"])));
    // Deleting a group takes its memberships with it.
    store
        .delete_groups(&pool, &strings(&["admins"]))
        .await
        .unwrap();
    assert_eq!(
        codes(store.user_groups(&pool, "u1").await.unwrap()),
        ["staff"]
    );
}
