//! Groups (spec §5.3.5) and the user's groups (§5.3.2) through `authgate-sdk` and raw
//! requests: every call, bad inputs, all-or-none batches and pool isolation.

use crate::common::{FetchJson, TestServer, assert_error};
use crate::roles::{assert_api, other_pool, users};
use authgate_core::group::Group;
use authgate_sdk::proto::groups::*;
use serde_json::json;

fn create(code: &str) -> CreateGroupRequest {
    CreateGroupRequest {
        code: code.into(),
        ..Default::default()
    }
}

fn get(code: &str) -> GetGroupQuery {
    GetGroupQuery {
        code: code.into(),
        with_custom_data: None,
    }
}

fn change(code: &str, ids: &[String]) -> GroupMembersRequest {
    GroupMembersRequest {
        code: code.into(),
        user_ids: ids.to_vec(),
    }
}

fn members(code: &str) -> ListGroupMembersQuery {
    ListGroupMembersQuery {
        code: code.into(),
        ..Default::default()
    }
}

fn user_groups(id: &str) -> GetUserGroupsQuery {
    GetUserGroupsQuery {
        user_id: id.into(),
        user_id_type: None,
    }
}

#[tokio::test]
async fn create_get_list_update_delete() {
    let ts = TestServer::start().await;
    let c = ts.sdk();

    let g = c
        .create_group(&CreateGroupRequest {
            code: "developers".into(),
            name: Some("Developers".into()),
            description: Some("They build".into()),
            group_type: Some("static".into()),
            custom_data: Some(json!({})),
        })
        .await
        .unwrap();
    assert_eq!(
        (
            g.code.as_str(),
            g.name.as_str(),
            g.description.as_str(),
            g.group_type.as_str()
        ),
        ("developers", "Developers", "They build", "static")
    );
    assert!(g.members.is_empty() && g.metadata_source.is_empty());
    assert!(g.custom_data.is_none());
    assert_eq!(c.get_group(&get("developers")).await.unwrap(), g);
    let with_custom = c
        .get_group(&GetGroupQuery {
            with_custom_data: Some(true),
            ..get("developers")
        })
        .await
        .unwrap();
    assert_eq!(with_custom.custom_data, Some(json!({})));

    let batch = c
        .create_groups_batch(&CreateGroupsBatchRequest {
            list: vec![create("ops"), create("qa")],
        })
        .await
        .unwrap();
    assert_eq!(batch.len(), 2);
    assert_eq!(
        (batch[1].code.as_str(), batch[1].name.as_str()),
        ("qa", "qa")
    );

    let all = c.list_groups(&ListGroupsQuery::default()).await.unwrap();
    assert_eq!(all.total_count, 3);
    let page = c
        .list_groups(&ListGroupsQuery {
            page: Some(2),
            limit: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (3, 1));
    assert_eq!(page.list[0], all.list[2]);
    let found = c
        .list_groups(&ListGroupsQuery {
            keywords: Some("DEVELOP".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.total_count, 1);
    assert_eq!(found.list[0].id, g.id);

    // Rename; empty newCode keeps the code.
    let u = c
        .update_group(&UpdateGroupRequest {
            code: "developers".into(),
            new_code: Some("devs".into()),
            name: Some("Devs".into()),
            description: Some("Still build".into()),
            custom_data: None,
        })
        .await
        .unwrap();
    assert_eq!(
        (u.id.as_str(), u.code.as_str(), u.name.as_str()),
        (g.id.as_str(), "devs", "Devs")
    );
    assert_api(c.get_group(&get("developers")).await, 404, 40442);
    let same = c
        .update_group(&UpdateGroupRequest {
            code: "devs".into(),
            new_code: Some(String::new()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (same.code.as_str(), same.description.as_str()),
        ("devs", "Still build")
    );
    let clash = UpdateGroupRequest {
        code: "devs".into(),
        new_code: Some("ops".into()),
        ..Default::default()
    };
    assert_api(c.update_group(&clash).await, 409, 40942);

    // Create or update.
    let first = c
        .create_or_update_group(&CreateGroupRequest {
            name: Some("Sales".into()),
            ..create("sales")
        })
        .await
        .unwrap();
    assert!(first.created);
    let second = c
        .create_or_update_group(&CreateGroupRequest {
            name: Some("Sales team".into()),
            ..create("sales")
        })
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(second.data.id, first.data.id);
    assert_eq!(c.get_group(&get("sales")).await.unwrap().name, "Sales team");

    // Delete: unknown codes are ignored.
    c.delete_groups_batch(&DeleteGroupsBatchRequest {
        code_list: vec!["ops".into(), "nope".into()],
    })
    .await
    .unwrap();
    assert_api(c.get_group(&get("ops")).await, 404, 40442);
    let all = c
        .get_all_groups(&GetAllGroupsQuery::default())
        .await
        .unwrap();
    let mut codes: Vec<_> = all.iter().map(|g| g.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["devs", "qa", "sales"]);
    ts.stop().await;
}

#[tokio::test]
async fn bad_inputs_are_refused() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    c.create_group(&create("taken")).await.unwrap();

    for bad in ["额! ", " ", "a b"] {
        let msg = assert_api(c.create_group(&create(bad)).await, 400, 40000);
        assert_eq!(msg, format!("invalid group code: {bad}"));
    }
    assert_api(c.create_group(&create("")).await, 400, 40000);
    assert_api(c.create_group(&create(&"g".repeat(65))).await, 400, 40000);
    assert_api(c.create_group(&create("taken")).await, 409, 40942);
    let custom = CreateGroupRequest {
        custom_data: Some(json!({"k": "v"})),
        ..create("custom")
    };
    assert_api(c.create_group(&custom).await, 400, 40000);
    let long_type = CreateGroupRequest {
        group_type: Some("t".repeat(65)),
        ..create("typed")
    };
    assert_api(c.create_group(&long_type).await, 400, 40000);
    let long_name = CreateGroupRequest {
        name: Some("n".repeat(129)),
        ..create("named")
    };
    assert_api(c.create_group(&long_name).await, 400, 40000);

    // Batches: empty, and all or none.
    assert_api(
        c.create_groups_batch(&CreateGroupsBatchRequest { list: vec![] })
            .await,
        400,
        40000,
    );
    let dup = CreateGroupsBatchRequest {
        list: vec![create("fresh"), create("taken")],
    };
    assert_api(c.create_groups_batch(&dup).await, 409, 40942);
    let twice = CreateGroupsBatchRequest {
        list: vec![create("twin"), create("twin")],
    };
    assert_api(c.create_groups_batch(&twice).await, 409, 40942);
    assert_api(c.get_group(&get("fresh")).await, 404, 40442);
    assert_api(c.get_group(&get("twin")).await, 404, 40442);
    let empty = DeleteGroupsBatchRequest { code_list: vec![] };
    assert_api(c.delete_groups_batch(&empty).await, 400, 40000);

    // Unknown group, paging limits.
    let ghost = UpdateGroupRequest {
        code: "ghost".into(),
        ..Default::default()
    };
    assert_api(c.update_group(&ghost).await, 404, 40442);
    for (page, limit) in [(1, 51), (0, 10), (-1, 1)] {
        let q = ListGroupsQuery {
            page: Some(page),
            limit: Some(limit),
            ..Default::default()
        };
        assert_api(c.list_groups(&q).await, 400, 40000);
        let m = ListGroupMembersQuery {
            page: Some(page),
            limit: Some(limit),
            ..members("taken")
        };
        assert_api(c.list_group_members(&m).await, 400, 40000);
    }

    // Chinese messages the official SDK tests look for.
    let token = ts.mgmt_token().await;
    let zh = |path: &str, body: serde_json::Value| {
        ts.http
            .post(ts.url(path))
            .bearer_auth(&token)
            .header("x-authing-lang", "zh-CN")
            .json(&body)
    };
    let b = zh(
        "/api/v3/create-group",
        json!({"code": "taken", "name": "x", "type": "static", "description": ""}),
    )
    .fetch_json()
    .await;
    assert!(assert_error(&b, 409).contains("分组标识符已存在"), "{b}");
    let b = zh(
        "/api/v3/add-group-members",
        json!({"code": "", "userIds": ["x"]}),
    )
    .fetch_json()
    .await;
    assert!(assert_error(&b, 400).contains("参数 code 格式错误"), "{b}");
    let b = zh(
        "/api/v3/add-group-members",
        json!({"code": "taken", "userIds": []}),
    )
    .fetch_json()
    .await;
    assert!(
        assert_error(&b, 400).contains("参数 userIds 格式错误"),
        "{b}"
    );
    let b = zh(
        "/api/v3/remove-group-members",
        json!({"code": "ghost", "userIds": ["x"]}),
    )
    .fetch_json()
    .await;
    assert!(assert_error(&b, 404).contains("分组不存在"), "{b}");
    let b = zh("/api/v3/delete-groups-batch", json!({"codeList": []}))
        .fetch_json()
        .await;
    assert!(
        assert_error(&b, 400).contains("参数 codeList 格式错误"),
        "{b}"
    );
    let b = ts
        .get_raw("/api/v3/list-groups?limit=100000", Some(&token))
        .await;
    assert_error(&b, 400);
    let b = ts
        .get_raw("/api/v3/get-user-groups?userId=", Some(&token))
        .await;
    assert_error(&b, 400);
    ts.stop().await;
}

#[tokio::test]
async fn members_and_user_groups() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let ids = users(&c, &["gail", "gus", "gwen"]).await;
    c.create_group(&create("red")).await.unwrap();
    ts.clock.advance(1);
    c.create_group(&create("blue")).await.unwrap();

    c.add_group_members(&change("red", &ids[..2]))
        .await
        .unwrap();
    // Adding again is harmless.
    c.add_group_members(&change("red", &ids[..1]))
        .await
        .unwrap();
    c.add_group_members(&change("blue", &ids[1..]))
        .await
        .unwrap();

    let red = c.list_group_members(&members("red")).await.unwrap();
    assert_eq!(red.total_count, 2);
    let mut got: Vec<_> = red.list.iter().map(|u| u.user_id.clone()).collect();
    got.sort();
    let mut want = ids[..2].to_vec();
    want.sort();
    assert_eq!(got, want);
    assert!(red.list.iter().all(|u| u.custom_data.is_none()));
    let paged = c
        .list_group_members(&ListGroupMembersQuery {
            limit: Some(1),
            page: Some(2),
            with_custom_data: Some(true),
            ..members("red")
        })
        .await
        .unwrap();
    assert_eq!((paged.total_count, paged.list.len()), (2, 1));
    assert!(paged.list[0].custom_data.is_some());

    let gus = c.get_user_groups(&user_groups(&ids[1])).await.unwrap();
    let codes: Vec<_> = gus.list.iter().map(|g| g.code.as_str()).collect();
    assert_eq!((gus.total_count, codes), (2, vec!["red", "blue"]));
    let by_name = c
        .get_user_groups(&GetUserGroupsQuery {
            user_id: "gwen".into(),
            user_id_type: Some("username".into()),
        })
        .await
        .unwrap();
    assert_eq!(by_name.list.len(), 1);
    assert_eq!(by_name.list[0].code, "blue");

    let with_members = c
        .get_all_groups(&GetAllGroupsQuery {
            fetch_members: Some(true),
            with_custom_data: None,
        })
        .await
        .unwrap();
    assert_eq!(with_members.len(), 2);
    assert_eq!(with_members[0].members.len(), 2);
    assert_eq!(with_members[1].members.len(), 2);

    // Unknown users: nothing is written (all or none).
    let half = change("red", &[ids[2].clone(), "ghost-user".into()]);
    assert_api(c.add_group_members(&half).await, 404, 2004);
    assert_eq!(
        c.list_group_members(&members("red"))
            .await
            .unwrap()
            .total_count,
        2
    );
    let half = change("red", &[ids[0].clone(), "ghost-user".into()]);
    assert_api(c.remove_group_members(&half).await, 404, 2004);
    assert_eq!(
        c.list_group_members(&members("red"))
            .await
            .unwrap()
            .total_count,
        2
    );
    assert_api(
        c.get_user_groups(&user_groups("ghost-user")).await,
        404,
        2004,
    );
    assert_api(c.list_group_members(&members("ghost")).await, 404, 40442);
    assert_api(
        c.add_group_members(&change("ghost", &ids)).await,
        404,
        40442,
    );
    let too_many: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    assert_api(
        c.add_group_members(&change("red", &too_many)).await,
        400,
        40000,
    );

    // Remove; deleting a group ends its memberships.
    c.remove_group_members(&change("red", &ids[..1]))
        .await
        .unwrap();
    let gail = c.get_user_groups(&user_groups(&ids[0])).await.unwrap();
    assert_eq!(gail.total_count, 0);
    c.delete_groups_batch(&DeleteGroupsBatchRequest {
        code_list: vec!["blue".into()],
    })
    .await
    .unwrap();
    let gus = c.get_user_groups(&user_groups(&ids[1])).await.unwrap();
    assert_eq!(gus.list.len(), 1);
    assert_eq!(gus.list[0].code, "red");
    c.create_group(&create("blue")).await.unwrap();
    assert_eq!(
        c.list_group_members(&members("blue"))
            .await
            .unwrap()
            .total_count,
        0
    );
    ts.stop().await;
}

#[tokio::test]
async fn another_pools_groups_and_users_are_unknown() {
    let ts = TestServer::start().await;
    other_pool(&ts).await;
    let store = &ts.server.state.store;
    let theirs = Group {
        id: "group-other".into(),
        pool_id: "pool-other".into(),
        code: "shared".into(),
        name: "Shared".into(),
        description: None,
        group_type: "static".into(),
        created_at: 1,
        updated_at: 1,
    };
    store
        .insert_groups(std::slice::from_ref(&theirs))
        .await
        .unwrap();
    let c = ts.sdk();
    let ids = users(&c, &["mine"]).await;

    assert_api(c.get_group(&get("shared")).await, 404, 40442);
    assert_eq!(
        c.list_groups(&ListGroupsQuery::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    assert!(
        c.get_all_groups(&GetAllGroupsQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_api(
        c.add_group_members(&change("shared", &ids)).await,
        404,
        40442,
    );
    c.delete_groups_batch(&DeleteGroupsBatchRequest {
        code_list: vec!["shared".into()],
    })
    .await
    .unwrap();
    // Same code is free here; the other pool's user cannot join it.
    c.create_group(&create("shared")).await.unwrap();
    assert_api(
        c.add_group_members(&change("shared", &["u-other".into()]))
            .await,
        404,
        2004,
    );
    assert_api(c.get_user_groups(&user_groups("u-other")).await, 404, 2004);
    assert_eq!(
        store.get_group("pool-other", "shared").await.unwrap(),
        Some(theirs)
    );
    ts.stop().await;
}
