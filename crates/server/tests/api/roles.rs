//! Roles (spec §5.3.4) and the user's roles (§5.3.2) through `authgate-sdk` and raw
//! requests: every call, bad inputs, time-bounded assignments on the manual clock,
//! department targets and pool isolation.

use crate::common::{FetchJson, TestServer, assert_error};
use authgate_core::clock::Clock;
use authgate_core::role::{Role, RoleStatus};
use authgate_core::user::{Identifiers, User, UserSource};
use authgate_core::user_pool::UserPool;
use authgate_sdk::proto::roles::*;
use authgate_sdk::proto::users::{CreateUserInput, CreateUsersBatchRequest, UserIdTypeOption};
use authgate_sdk::{Error, ManagementClient};
use serde_json::json;

/// Asserts an SDK error with `status` and `api_code`; returns the message.
pub fn assert_api(r: Result<impl std::fmt::Debug, Error>, status: u16, api_code: u32) -> String {
    let e = r.expect_err("expected an API error");
    assert_eq!(e.status_code(), Some(status), "{e:?}");
    assert_eq!(e.api_code(), Some(api_code), "{e:?}");
    e.message().unwrap_or_default().to_string()
}

/// Creates users with these usernames; returns their ids.
pub async fn users(c: &ManagementClient, names: &[&str]) -> Vec<String> {
    let list = names
        .iter()
        .map(|n| CreateUserInput {
            username: Some((*n).into()),
            ..Default::default()
        })
        .collect();
    c.create_users_batch(&CreateUsersBatchRequest {
        list,
        options: None,
    })
    .await
    .unwrap()
    .into_iter()
    .map(|u| u.user_id)
    .collect()
}

/// Inserts another pool with one user (`u-other`) and one role (`shared` in `default`).
pub async fn other_pool(ts: &TestServer) {
    let store = &ts.server.state.store;
    store
        .insert_pool(&UserPool {
            id: "pool-other".into(),
            name: "Other".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    let ids = Identifiers {
        username: Some("stranger".into()),
        ..Default::default()
    };
    let u = User::new(
        "u-other".into(),
        "pool-other".into(),
        ids,
        UserSource::AdminCreated,
        1,
    );
    store.insert_user(&u).await.unwrap();
    store
        .insert_roles(&[Role {
            id: "role-other".into(),
            pool_id: "pool-other".into(),
            namespace: "default".into(),
            code: "shared".into(),
            name: "Shared".into(),
            description: None,
            status: RoleStatus::Enable,
            disable_time: None,
            created_at: 1,
            updated_at: 1,
        }])
        .await
        .unwrap();
}

/// An organisation `org1` with department `dept1` whose members are `members`.
pub async fn department(ts: &TestServer, members: &[&str]) {
    let pool = &ts.server.defaults.user_pool_id;
    let mut sql = format!(
        "INSERT INTO organizations (id, pool_id, code, name, root_department_id, created_at, \
         updated_at) VALUES ('org1', '{pool}', 'org1', 'Org', 'root1', 1, 1);
         INSERT INTO departments (id, pool_id, org_id, parent_id, code, name, created_at, \
         updated_at) VALUES ('root1', '{pool}', 'org1', NULL, NULL, 'Org', 1, 1);
         INSERT INTO departments (id, pool_id, org_id, parent_id, code, name, description, \
         created_at, updated_at) VALUES ('dept1', '{pool}', 'org1', 'root1', 'eng', 'Engineering', \
         'Builds things', 2, 2);"
    );
    for m in members {
        sql.push_str(&format!(
            "INSERT INTO department_members (department_id, user_id, created_at) \
             VALUES ('dept1', '{m}', 3);"
        ));
    }
    ts.db.execute(&sql).await.unwrap();
}

fn create(code: &str) -> CreateRoleRequest {
    CreateRoleRequest {
        code: code.into(),
        ..Default::default()
    }
}

fn code(code: &str) -> RoleCode {
    RoleCode {
        code: code.into(),
        namespace: None,
    }
}

fn user_target(id: &str) -> TargetDto {
    TargetDto {
        target_type: "USER".into(),
        target_identifier: id.into(),
    }
}

fn assign(role: &str, targets: Vec<TargetDto>) -> AssignRoleRequest {
    AssignRoleRequest {
        code: role.into(),
        targets,
        ..Default::default()
    }
}

fn user_roles(id: &str) -> GetUserRolesQuery {
    GetUserRolesQuery {
        user_id: id.into(),
        ..Default::default()
    }
}

fn has_any(id: &str, codes: &[&str]) -> HasAnyRoleRequest {
    HasAnyRoleRequest {
        user_id: id.into(),
        roles: codes.iter().map(|c| code(c)).collect(),
        options: None,
    }
}

fn members(role: &str) -> ListRoleMembersQuery {
    ListRoleMembersQuery {
        code: role.into(),
        ..Default::default()
    }
}

async fn held(c: &ManagementClient, user: &str) -> Vec<String> {
    let page = c.get_user_roles(&user_roles(user)).await.unwrap();
    assert_eq!(page.total_count as usize, page.list.len());
    page.list.into_iter().map(|r| r.code).collect()
}

#[tokio::test]
async fn create_get_list_update_delete() {
    let ts = TestServer::start().await;
    let c = ts.sdk();

    let role = c
        .create_role(&CreateRoleRequest {
            code: "editor".into(),
            description: Some("Edits".into()),
            disable_time: None,
            ..Default::default()
        })
        .await
        .unwrap();
    ts.clock.advance(1);
    assert_eq!(
        (
            role.code.as_str(),
            role.name.as_str(),
            role.namespace.as_str()
        ),
        ("editor", "editor", "default")
    );
    assert_eq!(role.namespace_name, "default");
    assert_eq!(role.description, "Edits");
    assert_eq!(role.status.as_deref(), Some("ENABLE"));
    assert!(!role.id.is_empty());
    assert_eq!(c.get_role(&code("editor")).await.unwrap(), role);

    c.create_roles_batch(&CreateRolesBatchRequest {
        list: ["viewer", "admin", "app:owner"]
            .iter()
            .map(|c| RoleListItem {
                code: (*c).into(),
                name: Some(format!("{c} role")),
                ..Default::default()
            })
            .collect(),
    })
    .await
    .unwrap();
    // Oldest first (the batch shares one creation time).
    let all = c.list_roles(&ListRolesQuery::default()).await.unwrap();
    assert_eq!(all.total_count, 4);
    let mut codes: Vec<_> = all.list.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes[0], "editor");
    codes.sort();
    assert_eq!(codes, ["admin", "app:owner", "editor", "viewer"]);
    let page = c
        .list_roles(&ListRolesQuery {
            page: Some(2),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (4, 1));
    assert_eq!(page.list[0], all.list[3]);
    let found = c
        .list_roles(&ListRolesQuery {
            keywords: Some("VIEWER R".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.total_count, 1);
    assert_eq!(found.list[0].code, "viewer");

    // Rename, describe, disable; empty newCode and absent name keep the current values.
    c.update_role(&UpdateRoleRequest {
        code: "editor".into(),
        new_code: Some("writer".into()),
        name: Some("Writer".into()),
        description: Some("Writes".into()),
        status: Some("DISABLE".into()),
        disable_time: Some(5),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_api(c.get_role(&code("editor")).await, 404, 40441);
    let w = c.get_role(&code("writer")).await.unwrap();
    assert_eq!(w.id, role.id);
    assert_eq!(
        (w.name.as_str(), w.description.as_str()),
        ("Writer", "Writes")
    );
    assert_eq!(
        (w.status.as_deref(), w.disable_time),
        (Some("DISABLE"), Some(5))
    );
    c.update_role(&UpdateRoleRequest {
        code: "writer".into(),
        new_code: Some(String::new()),
        status: Some("enable".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let w = c.get_role(&code("writer")).await.unwrap();
    assert_eq!((w.code.as_str(), w.name.as_str()), ("writer", "Writer"));
    assert_eq!(w.status.as_deref(), Some("ENABLE"));
    // Renaming onto a taken code is a conflict.
    let taken = UpdateRoleRequest {
        code: "writer".into(),
        new_code: Some("viewer".into()),
        ..Default::default()
    };
    assert_api(c.update_role(&taken).await, 409, 40941);

    c.delete_roles_batch(&DeleteRolesBatchRequest {
        code_list: vec!["writer".into(), "viewer".into()],
        namespace: None,
    })
    .await
    .unwrap();
    let left = c.list_roles(&ListRolesQuery::default()).await.unwrap();
    assert_eq!(left.total_count, 2);
    ts.stop().await;
}

#[tokio::test]
async fn bad_inputs_are_refused() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    c.create_role(&create("admin")).await.unwrap();

    // Codes (spec §1.8).
    for bad in ["额! ", " ", "a b", "x/y"] {
        let msg = assert_api(c.create_role(&create(bad)).await, 400, 40000);
        assert_eq!(msg, format!("invalid role code: {bad}"));
    }
    assert_api(c.create_role(&create("")).await, 400, 40000);
    assert_api(c.create_role(&create(&"a".repeat(65))).await, 400, 40000);
    c.create_role(&create(&"a".repeat(64))).await.unwrap();
    let msg = assert_api(c.create_role(&create("admin")).await, 409, 40941);
    assert!(msg.contains("already exists"), "{msg}");
    let bad_new = UpdateRoleRequest {
        code: "admin".into(),
        new_code: Some("no way".into()),
        ..Default::default()
    };
    let msg = assert_api(c.update_role(&bad_new).await, 400, 40000);
    assert_eq!(msg, "invalid role code: no way");
    let bad_status = UpdateRoleRequest {
        code: "admin".into(),
        status: Some("MAYBE".into()),
        ..Default::default()
    };
    assert_api(c.update_role(&bad_status).await, 400, 40000);
    let bad_time = CreateRoleRequest {
        code: "neg".into(),
        disable_time: Some(-1),
        ..Default::default()
    };
    assert_api(c.create_role(&bad_time).await, 400, 40000);

    // Batches: empty, too long, and all or none.
    assert_api(
        c.create_roles_batch(&CreateRolesBatchRequest { list: vec![] })
            .await,
        400,
        40000,
    );
    let dup = CreateRolesBatchRequest {
        list: ["fresh", "admin"]
            .iter()
            .map(|c| RoleListItem {
                code: (*c).into(),
                ..Default::default()
            })
            .collect(),
    };
    assert_api(c.create_roles_batch(&dup).await, 409, 40941);
    assert_api(c.get_role(&code("fresh")).await, 404, 40441);
    let del = DeleteRolesBatchRequest {
        code_list: vec!["admin".into(), "ghost".into()],
        namespace: None,
    };
    assert_api(c.delete_roles_batch(&del).await, 404, 40441);
    c.get_role(&code("admin")).await.unwrap();
    let empty = DeleteRolesBatchRequest::default();
    assert_api(c.delete_roles_batch(&empty).await, 400, 40000);

    // Unknown namespace and role, paging limits.
    let ns = RoleCode {
        code: "admin".into(),
        namespace: Some("nowhere".into()),
    };
    assert_api(c.get_role(&ns).await, 404, 40443);
    let in_nowhere = CreateRoleRequest {
        namespace: Some("nowhere".into()),
        ..create("r")
    };
    assert_api(c.create_role(&in_nowhere).await, 404, 40443);
    assert_api(c.get_role(&code("ghost")).await, 404, 40441);
    for (page, limit) in [(1, 51), (0, 10), (1, 0), (-1, 10)] {
        let q = ListRolesQuery {
            page: Some(page),
            limit: Some(limit),
            ..Default::default()
        };
        assert_api(c.list_roles(&q).await, 400, 40000);
    }

    // Raw requests: Chinese messages the official SDK tests look for, wrong types.
    let token = ts.mgmt_token().await;
    let zh = |path: &str, body: serde_json::Value| {
        ts.http
            .post(ts.url(path))
            .bearer_auth(&token)
            .header("x-authing-lang", "zh-CN")
            .json(&body)
    };
    let b = zh(
        "/api/v3/assign-role",
        json!({"code": "ghost", "targets": []}),
    )
    .fetch_json()
    .await;
    assert!(assert_error(&b, 404).contains("角色不存在"), "{b}");
    let b = zh(
        "/api/v3/assign-role",
        json!({"code": "admin", "namespace": "nope", "targets": []}),
    )
    .fetch_json()
    .await;
    assert!(assert_error(&b, 404).contains("权限组不存在"), "{b}");
    let b = zh(
        "/api/v3/assign-role",
        json!({"code": "admin", "targets": []}),
    )
    .fetch_json()
    .await;
    assert!(
        assert_error(&b, 400).contains("参数 targets 格式错误"),
        "{b}"
    );
    let b = zh("/api/v3/create-role", json!({"code": ""}))
        .fetch_json()
        .await;
    assert!(assert_error(&b, 400).contains("参数 code 格式错误"), "{b}");
    let b = zh("/api/v3/create-role", json!({"code": 5}))
        .fetch_json()
        .await;
    assert_error(&b, 400);
    let b = ts
        .get_raw("/api/v3/list-roles?limit=10000", Some(&token))
        .await;
    assert!(assert_error(&b, 400).contains("limit"), "{b}");
    let b = zh("/api/v3/has-any-role", json!({"userId": "x", "roles": []}))
        .fetch_json()
        .await;
    assert!(assert_error(&b, 400).contains("参数 roles 格式错误"), "{b}");
    let b = ts
        .get_raw("/api/v3/get-user-roles?userId=", Some(&token))
        .await;
    assert_error(&b, 400);
    ts.stop().await;
}

#[tokio::test]
async fn namespaces_other_than_default_need_a_row() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let pool = &ts.server.defaults.user_pool_id;
    ts.db
        .execute(&format!(
            "INSERT INTO namespaces (id, pool_id, code, name, created_at, updated_at) \
             VALUES ('ns1', '{pool}', 'shop', 'Shop', 1, 1)"
        ))
        .await
        .unwrap();
    let in_shop = |c: &str| CreateRoleRequest {
        namespace: Some("shop".into()),
        ..create(c)
    };
    let r = c.create_role(&in_shop("admin")).await.unwrap();
    assert_eq!(
        (r.namespace.as_str(), r.namespace_name.as_str()),
        ("shop", "Shop")
    );
    // Same code in another namespace is another role.
    let d = c.create_role(&create("admin")).await.unwrap();
    assert_ne!(d.id, r.id);
    let shop_list = c
        .list_roles(&ListRolesQuery {
            namespace: Some("shop".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(shop_list.total_count, 1);
    assert_eq!(shop_list.list[0].id, r.id);

    let ids = users(&c, &["ns-user"]).await;
    c.assign_role(&AssignRoleRequest {
        namespace: Some("shop".into()),
        ..assign("admin", vec![user_target(&ids[0])])
    })
    .await
    .unwrap();
    assert!(
        held(&c, &ids[0]).await.is_empty(),
        "default namespace has none"
    );
    let shop = c
        .get_user_roles(&GetUserRolesQuery {
            namespace: Some("shop".into()),
            ..user_roles(&ids[0])
        })
        .await
        .unwrap();
    assert_eq!(shop.list.len(), 1);
    assert_eq!(shop.list[0].namespace_name, "Shop");
    assert!(
        !c.has_any_role(&has_any(&ids[0], &["admin"]))
            .await
            .unwrap()
            .has_any_role
    );
    let in_shop_req = HasAnyRoleRequest {
        roles: vec![RoleCode {
            code: "admin".into(),
            namespace: Some("shop".into()),
        }],
        ..has_any(&ids[0], &[])
    };
    assert!(c.has_any_role(&in_shop_req).await.unwrap().has_any_role);
    let nowhere = GetUserRolesQuery {
        namespace: Some("nowhere".into()),
        ..user_roles(&ids[0])
    };
    assert_api(c.get_user_roles(&nowhere).await, 404, 40443);
    ts.stop().await;
}

#[tokio::test]
async fn assign_revoke_members_and_user_roles() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let ids = users(&c, &["ann", "ben", "cid"]).await;
    for r in ["editor", "viewer", "admin"] {
        c.create_role(&create(r)).await.unwrap();
        ts.clock.advance(1);
    }

    c.assign_role(&assign(
        "editor",
        vec![user_target(&ids[0]), user_target(&ids[1])],
    ))
    .await
    .unwrap();
    // Assigning again is harmless.
    c.assign_role(&assign("editor", vec![user_target(&ids[0])]))
        .await
        .unwrap();
    let m = c.list_role_members(&members("editor")).await.unwrap();
    assert_eq!(m.total_count, 2);
    let mut got: Vec<_> = m.list.iter().map(|u| u.user_id.clone()).collect();
    got.sort();
    let mut want = vec![ids[0].clone(), ids[1].clone()];
    want.sort();
    assert_eq!(got, want);
    let page = c
        .list_role_members(&ListRoleMembersQuery {
            limit: Some(1),
            page: Some(2),
            with_custom_data: Some(true),
            ..members("editor")
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (2, 1));
    assert!(page.list[0].custom_data.is_some());
    assert_eq!(held(&c, &ids[0]).await, ["editor"]);
    assert!(held(&c, &ids[2]).await.is_empty());
    // By another id type.
    let by_name = c
        .get_user_roles(&GetUserRolesQuery {
            user_id: "ben".into(),
            user_id_type: Some("username".into()),
            namespace: None,
        })
        .await
        .unwrap();
    assert_eq!(by_name.total_count, 1);

    // Batch: two roles to two users.
    c.assign_role_batch(&RoleBatchRequest {
        targets: vec![user_target(&ids[1]), user_target(&ids[2])],
        roles: vec![code("viewer"), code("admin")],
    })
    .await
    .unwrap();
    assert_eq!(held(&c, &ids[1]).await, ["editor", "viewer", "admin"]);
    assert!(
        c.has_any_role(&has_any(&ids[2], &["ghost", "admin"]))
            .await
            .unwrap()
            .has_any_role
    );
    assert!(
        !c.has_any_role(&has_any(&ids[0], &["ghost", "admin"]))
            .await
            .unwrap()
            .has_any_role
    );
    let by_email_type = HasAnyRoleRequest {
        options: Some(UserIdTypeOption {
            user_id_type: Some("username".into()),
        }),
        ..has_any("cid", &["viewer"])
    };
    assert!(c.has_any_role(&by_email_type).await.unwrap().has_any_role);

    // Revoke one, then a batch.
    c.revoke_role(&RevokeRoleRequest {
        code: "editor".into(),
        targets: vec![user_target(&ids[0])],
        namespace: None,
    })
    .await
    .unwrap();
    assert!(held(&c, &ids[0]).await.is_empty());
    c.revoke_role_batch(&RoleBatchRequest {
        targets: vec![user_target(&ids[1])],
        roles: vec![code("viewer"), code("admin"), code("editor")],
    })
    .await
    .unwrap();
    assert!(held(&c, &ids[1]).await.is_empty());
    assert_eq!(held(&c, &ids[2]).await, ["viewer", "admin"]);

    // Unknown users and roles: nothing is written (all or none).
    let half = assign(
        "editor",
        vec![user_target(&ids[0]), user_target("ghost-user")],
    );
    let msg = assert_api(c.assign_role(&half).await, 404, 2004);
    assert!(!msg.is_empty());
    assert!(held(&c, &ids[0]).await.is_empty());
    let half_batch = RoleBatchRequest {
        targets: vec![user_target(&ids[0])],
        roles: vec![code("editor"), code("ghost")],
    };
    assert_api(c.assign_role_batch(&half_batch).await, 404, 40441);
    assert!(held(&c, &ids[0]).await.is_empty());
    let revoke_ghost = RevokeRoleRequest {
        code: "viewer".into(),
        targets: vec![user_target(&ids[2]), user_target("ghost-user")],
        namespace: None,
    };
    assert_api(c.revoke_role(&revoke_ghost).await, 404, 2004);
    assert_eq!(held(&c, &ids[2]).await, ["viewer", "admin"]);
    assert_api(c.get_user_roles(&user_roles("ghost-user")).await, 404, 2004);
    assert_api(
        c.has_any_role(&has_any("ghost-user", &["admin"])).await,
        404,
        2004,
    );
    assert_api(c.list_role_members(&members("ghost")).await, 404, 40441);
    let bad_type = assign(
        "editor",
        vec![TargetDto {
            target_type: "GROUP".into(),
            target_identifier: ids[0].clone(),
        }],
    );
    assert_api(c.assign_role(&bad_type).await, 400, 40000);
    let blank_id = assign("editor", vec![user_target(" ")]);
    assert_api(c.assign_role(&blank_id).await, 400, 40000);
    let too_many = assign(
        "editor",
        (0..51).map(|i| user_target(&format!("u{i}"))).collect(),
    );
    assert_api(c.assign_role(&too_many).await, 400, 40000);
    let no_roles = RoleBatchRequest {
        targets: vec![user_target(&ids[0])],
        roles: vec![],
    };
    assert_api(c.revoke_role_batch(&no_roles).await, 400, 40000);

    // Deleting a role ends its assignments; a new role with the same code starts empty.
    c.delete_roles_batch(&DeleteRolesBatchRequest {
        code_list: vec!["admin".into()],
        namespace: None,
    })
    .await
    .unwrap();
    assert_eq!(held(&c, &ids[2]).await, ["viewer"]);
    c.create_role(&create("admin")).await.unwrap();
    assert_eq!(held(&c, &ids[2]).await, ["viewer"]);
    ts.stop().await;
}

#[tokio::test]
async fn time_bounded_assignments_and_disabled_roles() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let ids = users(&c, &["tim"]).await;
    let tim = &ids[0];
    c.create_role(&create("temp")).await.unwrap();
    ts.clock.advance(1);
    c.create_role(&create("perm")).await.unwrap();
    let now = ts.clock.now_millis();

    // Window in the future: nothing counts yet.
    c.assign_role(&AssignRoleRequest {
        enable_time: Some(now + 1_000),
        end_time: Some(now + 2_000),
        ..assign("temp", vec![user_target(tim)])
    })
    .await
    .unwrap();
    assert!(held(&c, tim).await.is_empty());
    assert!(
        !c.has_any_role(&has_any(tim, &["temp"]))
            .await
            .unwrap()
            .has_any_role
    );
    assert_eq!(
        c.list_role_members(&members("temp"))
            .await
            .unwrap()
            .total_count,
        0
    );

    // From enableTime (inclusive) until endTime (exclusive).
    ts.clock.advance(1_000);
    assert_eq!(held(&c, tim).await, ["temp"]);
    assert!(
        c.has_any_role(&has_any(tim, &["temp"]))
            .await
            .unwrap()
            .has_any_role
    );
    assert_eq!(
        c.list_role_members(&members("temp"))
            .await
            .unwrap()
            .total_count,
        1
    );
    ts.clock.advance(999);
    assert_eq!(held(&c, tim).await, ["temp"]);
    ts.clock.advance(1);
    assert!(held(&c, tim).await.is_empty());
    assert!(
        !c.has_any_role(&has_any(tim, &["temp"]))
            .await
            .unwrap()
            .has_any_role
    );
    assert_eq!(
        c.list_role_members(&members("temp"))
            .await
            .unwrap()
            .total_count,
        0
    );

    // Assigning again replaces the window (here: open-ended).
    c.assign_role(&assign("temp", vec![user_target(tim)]))
        .await
        .unwrap();
    assert_eq!(held(&c, tim).await, ["temp"]);

    // A window that ends before it starts is refused.
    let backwards = AssignRoleRequest {
        enable_time: Some(now + 5_000),
        end_time: Some(now + 5_000),
        ..assign("perm", vec![user_target(tim)])
    };
    assert_api(c.assign_role(&backwards).await, 400, 40000);

    // A role counts until its disableTime, and never while DISABLE.
    c.assign_role(&assign("perm", vec![user_target(tim)]))
        .await
        .unwrap();
    assert_eq!(held(&c, tim).await, ["temp", "perm"]);
    let t = ts.clock.now_millis();
    c.update_role(&UpdateRoleRequest {
        code: "perm".into(),
        disable_time: Some(t + 500),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(held(&c, tim).await, ["temp", "perm"]);
    ts.clock.advance(500);
    assert_eq!(held(&c, tim).await, ["temp"]);
    assert!(
        !c.has_any_role(&has_any(tim, &["perm"]))
            .await
            .unwrap()
            .has_any_role
    );
    c.update_role(&UpdateRoleRequest {
        code: "temp".into(),
        status: Some("DISABLE".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(held(&c, tim).await.is_empty());
    assert!(
        !c.has_any_role(&has_any(tim, &["temp", "perm"]))
            .await
            .unwrap()
            .has_any_role
    );
    // Disabled roles keep their members (the assignment itself is still in effect).
    assert_eq!(
        c.list_role_members(&members("temp"))
            .await
            .unwrap()
            .total_count,
        1
    );
    ts.stop().await;
}

#[tokio::test]
async fn departments_hold_roles_for_their_members() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let ids = users(&c, &["dora", "dave", "solo"]).await;
    department(&ts, &[&ids[0], &ids[1]]).await;
    c.create_role(&create("engineer")).await.unwrap();
    let dept = TargetDto {
        target_type: "DEPARTMENT".into(),
        target_identifier: "dept1".into(),
    };
    c.assign_role(&assign(
        "engineer",
        vec![dept.clone(), user_target(&ids[2])],
    ))
    .await
    .unwrap();

    let depts = c
        .list_role_departments(&ListRoleDepartmentsQuery {
            code: "engineer".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(depts.total_count, 1);
    assert_eq!(
        depts.list[0],
        RoleDepartmentDto {
            id: "dept1".into(),
            code: "eng".into(),
            name: "Engineering".into(),
            description: "Builds things".into(),
        }
    );
    // Members of the department hold the role.
    assert_eq!(held(&c, &ids[0]).await, ["engineer"]);
    assert!(
        c.has_any_role(&has_any(&ids[1], &["engineer"]))
            .await
            .unwrap()
            .has_any_role
    );
    // A role given to a department above reaches the members below it (as grants do).
    c.create_role(&create("org-wide")).await.unwrap();
    let root = TargetDto {
        target_type: "DEPARTMENT".into(),
        target_identifier: "root1".into(),
    };
    c.assign_role(&assign("org-wide", vec![root.clone()]))
        .await
        .unwrap();
    // Both roles were created at the same (manual) instant: compare as a set.
    let mut both = held(&c, &ids[0]).await;
    both.sort();
    assert_eq!(both, ["engineer", "org-wide"]);
    assert!(held(&c, &ids[2]).await == ["engineer"], "not in the tree");
    c.revoke_role(&RevokeRoleRequest {
        code: "org-wide".into(),
        targets: vec![root],
        namespace: None,
    })
    .await
    .unwrap();
    assert_eq!(held(&c, &ids[0]).await, ["engineer"]);
    // list-role-members: direct holders only, unless asked.
    let direct = c.list_role_members(&members("engineer")).await.unwrap();
    assert_eq!(direct.total_count, 1);
    assert_eq!(direct.list[0].user_id, ids[2]);
    let all = c
        .list_role_members(&ListRoleMembersQuery {
            with_department_members: Some(true),
            ..members("engineer")
        })
        .await
        .unwrap();
    assert_eq!(all.total_count, 3);

    // Unknown department: nothing written.
    let ghost = TargetDto {
        target_type: "DEPARTMENT".into(),
        target_identifier: "no-dept".into(),
    };
    c.create_role(&create("other")).await.unwrap();
    assert_api(
        c.assign_role(&assign("other", vec![user_target(&ids[2]), ghost]))
            .await,
        404,
        40451,
    );
    assert_eq!(held(&c, &ids[2]).await, ["engineer"]);

    // Revoking from the department ends it for the members.
    c.revoke_role(&RevokeRoleRequest {
        code: "engineer".into(),
        targets: vec![dept],
        namespace: None,
    })
    .await
    .unwrap();
    assert!(held(&c, &ids[0]).await.is_empty());
    let none = c
        .list_role_departments(&ListRoleDepartmentsQuery {
            code: "engineer".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(none.total_count, 0);
    ts.stop().await;
}

#[tokio::test]
async fn another_pools_roles_and_users_are_unknown() {
    let ts = TestServer::start().await;
    other_pool(&ts).await;
    let c = ts.sdk();
    let ids = users(&c, &["mine"]).await;

    assert_api(c.get_role(&code("shared")).await, 404, 40441);
    assert_eq!(
        c.list_roles(&ListRolesQuery::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    assert_api(
        c.assign_role(&assign("shared", vec![user_target(&ids[0])]))
            .await,
        404,
        40441,
    );
    // The same code is free here, and a user of the other pool cannot be a target.
    c.create_role(&create("shared")).await.unwrap();
    assert_api(
        c.assign_role(&assign("shared", vec![user_target("u-other")]))
            .await,
        404,
        2004,
    );
    assert_api(c.get_user_roles(&user_roles("u-other")).await, 404, 2004);
    assert_api(
        c.has_any_role(&has_any("u-other", &["shared"])).await,
        404,
        2004,
    );
    let del = DeleteRolesBatchRequest {
        code_list: vec!["shared".into()],
        namespace: None,
    };
    c.delete_roles_batch(&del).await.unwrap();
    // The other pool's role is untouched.
    let theirs = ts
        .server
        .state
        .store
        .get_role("pool-other", "default", "shared")
        .await
        .unwrap();
    assert_eq!(theirs.unwrap().id, "role-other");
    ts.stop().await;
}
