//! Organisations, departments and memberships through `authgate-sdk` (spec §5.3.6, §5.3.2).

use crate::common::{TestServer, assert_error};
use authgate_core::department::{Department, Organization};
use authgate_core::user_pool::UserPool;
use authgate_sdk::proto::departments::*;
use authgate_sdk::proto::users::{CreateUserInput, CreateUserRequest};
use authgate_sdk::{Error, ManagementClient};
use serde_json::json;

fn assert_api(r: Result<impl std::fmt::Debug, Error>, status: u16, api_code: Option<u32>) {
    let e = r.expect_err("expected an API error");
    assert_eq!(e.status_code(), Some(status), "{e:?}");
    if let Some(code) = api_code {
        assert_eq!(e.api_code(), Some(code), "{e:?}");
    }
}

async fn org(c: &ManagementClient, code: &str) -> OrganizationDto {
    c.create_organization(&CreateOrganizationRequest {
        organization_code: code.into(),
        organization_name: format!("{code} org"),
        ..Default::default()
    })
    .await
    .unwrap()
}

async fn dept(c: &ManagementClient, org: &str, parent: &str, code: &str) -> DepartmentDto {
    c.create_department(&CreateDepartmentRequest {
        organization_code: org.into(),
        name: format!("{code} dept"),
        parent_department_id: parent.into(),
        code: Some(code.into()),
        ..Default::default()
    })
    .await
    .unwrap()
}

async fn user(c: &ManagementClient, name: &str) -> String {
    c.create_user(&CreateUserRequest {
        user: CreateUserInput {
            username: Some(name.into()),
            ..Default::default()
        },
        options: None,
    })
    .await
    .unwrap()
    .user_id
}

fn members_req(org: &str, dept: &str, users: &[&String]) -> DepartmentMembersRequest {
    DepartmentMembersRequest {
        user_ids: users.iter().map(|u| u.to_string()).collect(),
        organization_code: org.into(),
        department_id: dept.into(),
        ..Default::default()
    }
}

fn move_req(org: &str, dept: &str, parent: &str) -> UpdateDepartmentRequest {
    UpdateDepartmentRequest {
        organization_code: org.into(),
        department_id: dept.into(),
        parent_department_id: Some(parent.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn organizations_lifecycle_and_bad_input() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let acme = org(&c, "acme").await;
    assert_eq!(acme.organization_name, "acme org");
    assert!(!acme.has_children);
    assert_eq!(acme.members_count, 0);
    // Duplicate code, bad codes, missing name.
    assert_api(
        c.create_organization(&CreateOrganizationRequest {
            organization_code: "acme".into(),
            organization_name: "again".into(),
            ..Default::default()
        })
        .await,
        409,
        Some(40950),
    );
    for bad in ["额! ", " ", "root", &"x".repeat(65)] {
        assert_api(
            c.create_organization(&CreateOrganizationRequest {
                organization_code: bad.into(),
                organization_name: "n".into(),
                ..Default::default()
            })
            .await,
            400,
            None,
        );
    }
    org(&c, "beta").await;
    let page = c
        .list_organizations(&ListOrganizationsQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (2, 1));
    assert_api(
        c.list_organizations(&ListOrganizationsQuery {
            limit: Some(51),
            ..Default::default()
        })
        .await,
        400,
        None,
    );
    let found = c
        .search_organizations(&SearchOrganizationsQuery {
            keywords: "BET".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.list[0].organization_code, "beta");
    let batch = c
        .get_organization_batch(&GetOrganizationBatchQuery {
            organization_code_list: vec!["beta".into(), "nope".into(), "acme".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let codes: Vec<_> = batch.iter().map(|o| o.organization_code.as_str()).collect();
    assert_eq!(codes, ["beta", "acme"]);

    // Update: new code and name, leaders on the root department.
    let u = user(&c, "lead").await;
    let up = c
        .update_organization(&UpdateOrganizationRequest {
            organization_code: "acme".into(),
            organization_new_code: Some("acme2".into()),
            organization_name: Some("Acme".into()),
            leader_user_ids: Some(vec![u.clone()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(up.organization_code, "acme2");
    assert_eq!(up.leader_user_ids, vec![u.clone()]);
    assert_eq!(up.members_count, 1);
    assert_api(
        c.update_organization(&UpdateOrganizationRequest {
            organization_code: "acme2".into(),
            organization_new_code: Some("beta".into()),
            ..Default::default()
        })
        .await,
        409,
        Some(40950),
    );
    assert_api(
        c.get_organization(&GetOrganizationQuery {
            organization_code: "acme".into(),
            ..Default::default()
        })
        .await,
        404,
        Some(40450),
    );

    // Deleting takes the tree and its memberships along.
    let d = dept(&c, "acme2", "root", "sales").await;
    c.add_department_members(&members_req("acme2", &d.department_id, &[&u]))
        .await
        .unwrap();
    c.delete_organization(&DeleteOrganizationRequest {
        organization_code: "acme2".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let mine = c
        .get_user_departments(&GetUserDepartmentsQuery {
            user_id: u.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mine.total_count, 0);
    assert_api(
        c.delete_organization(&DeleteOrganizationRequest {
            organization_code: "acme2".into(),
            ..Default::default()
        })
        .await,
        404,
        Some(40450),
    );
    ts.stop().await;
}

#[tokio::test]
async fn department_tree_moves_and_delete_rule() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let o = org(&c, "corp").await;
    // root → a → b → … → a chain 30 deep, plus a sibling.
    let a = dept(&c, "corp", "root", "a").await;
    assert_eq!(a.parent_department_id, o.department_id);
    assert_eq!(a.organization_code, "corp");
    let mut chain = vec![a.clone()];
    for i in 0..30 {
        let parent = chain.last().unwrap().department_id.clone();
        chain.push(dept(&c, "corp", &parent, &format!("c{i}")).await);
    }
    let sib = dept(&c, "corp", &o.department_id, "sib").await;
    // Parent by code.
    let by_code = c
        .create_department(&CreateDepartmentRequest {
            organization_code: "corp".into(),
            name: "under sib".into(),
            parent_department_id: "sib".into(),
            department_id_type: Some("code".into()),
            open_department_id: Some("open-1".into()),
            custom_data: Some(json!({"floor": 3})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_code.parent_department_code, "sib");
    assert_eq!(by_code.custom_data, Some(json!({"floor": 3})));

    // Duplicates within an organisation.
    let dup = c
        .create_department(&CreateDepartmentRequest {
            organization_code: "corp".into(),
            name: "x".into(),
            parent_department_id: "root".into(),
            code: Some("a".into()),
            ..Default::default()
        })
        .await;
    assert_api(dup, 409, Some(40951));
    let dup = c
        .create_department(&CreateDepartmentRequest {
            organization_code: "corp".into(),
            name: "x".into(),
            parent_department_id: "root".into(),
            open_department_id: Some("open-1".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(dup.to_string().contains("openDepartmentId"), "{dup}");
    // Unknown parent, unknown organisation, bad id type.
    let mut bad = CreateDepartmentRequest {
        organization_code: "corp".into(),
        name: "x".into(),
        parent_department_id: "nope".into(),
        ..Default::default()
    };
    assert_api(c.create_department(&bad).await, 404, Some(40451));
    bad.department_id_type = Some("sync_relation".into());
    assert_api(c.create_department(&bad).await, 400, None);
    bad.organization_code = "nope".into();
    assert_api(c.create_department(&bad).await, 404, Some(40450));

    // The whole tree, children, parent.
    let all = c
        .get_all_departments(&GetAllDepartmentsQuery {
            organization_code: "corp".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.total_count, 33);
    assert_eq!(all.list.last().unwrap().code.as_deref(), Some("c29"));
    let kids = c
        .list_children_departments(&ListChildrenDepartmentsQuery {
            organization_code: "corp".into(),
            department_id: "root".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<_> = kids.list.iter().map(|d| d.code.clone().unwrap()).collect();
    assert_eq!(names, ["a", "sib"]);
    assert!(kids.list[0].has_children);
    let parent = c
        .get_parent_department(&GetParentDepartmentQuery {
            organization_code: "corp".into(),
            department_id: "c0".into(),
            department_id_type: Some("code".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(parent.department_id, a.department_id);
    let none = c
        .get_parent_department(&GetParentDepartmentQuery {
            organization_code: "corp".into(),
            department_id: "root".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(none.is_none());

    // Moves: never under itself or a descendant, even 30 levels down.
    let deepest = chain.last().unwrap().department_id.clone();
    for target in [
        a.department_id.as_str(),
        chain[15].department_id.as_str(),
        &deepest,
    ] {
        let r = c
            .update_department(&move_req("corp", &a.department_id, target))
            .await;
        assert_api(r, 400, Some(40050));
    }
    assert_api(
        c.update_department(&move_req("corp", &o.department_id, &sib.department_id))
            .await,
        400,
        Some(40051),
    );
    // A legal move carries the subtree.
    let moved = c
        .update_department(&move_req(
            "corp",
            &chain[10].department_id,
            &sib.department_id,
        ))
        .await
        .unwrap();
    assert_eq!(moved.parent_department_id, sib.department_id);
    let under_sib = c
        .get_all_departments(&GetAllDepartmentsQuery {
            organization_code: "corp".into(),
            department_id: Some(sib.department_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(under_sib.total_count, 1 + 21);
    // Now the old ancestor may go under the moved branch's bottom.
    c.update_department(&move_req("corp", &chain[5].department_id, &deepest))
        .await
        .unwrap();
    // Renaming, status, custom data merge; code clash on update.
    let renamed = c
        .update_department(&UpdateDepartmentRequest {
            organization_code: "corp".into(),
            department_id: "sib".into(),
            department_id_type: Some("code".into()),
            name: Some("Sibling".into()),
            status: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.status), ("Sibling", false));
    let clash = c
        .update_department(&UpdateDepartmentRequest {
            organization_code: "corp".into(),
            department_id: sib.department_id.clone(),
            code: Some("a".into()),
            ..Default::default()
        })
        .await;
    assert_api(clash, 409, Some(40951));
    let off = c
        .list_children_departments(&ListChildrenDepartmentsQuery {
            organization_code: "corp".into(),
            department_id: "root".into(),
            status: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(off.total_count, 1);

    // Delete rule: not with children; members are detached; never the root.
    let del = |id: &str| DeleteDepartmentRequest {
        organization_code: "corp".into(),
        department_id: id.into(),
        ..Default::default()
    };
    assert_api(
        c.delete_department(&del(&sib.department_id)).await,
        409,
        Some(40952),
    );
    assert_api(c.delete_department(&del("root")).await, 400, Some(40051));
    let u = user(&c, "member").await;
    let leaf = by_code.department_id.clone();
    c.add_department_members(&members_req("corp", &leaf, &[&u]))
        .await
        .unwrap();
    c.delete_department(&del(&leaf)).await.unwrap();
    assert_api(c.delete_department(&del(&leaf)).await, 404, Some(40451));
    let mine = c
        .get_user_departments(&GetUserDepartmentsQuery {
            user_id: u,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mine.total_count, 0);

    // Search.
    let found = c
        .search_departments(&SearchDepartmentsRequest {
            organization_code: "corp".into(),
            keywords: "C2".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 11, "c2 and c20..c29");
    let page = c
        .search_departments_list(&SearchDepartmentsListRequest {
            organization_code: "corp".into(),
            limit: Some(5),
            page: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 5);
    ts.stop().await;
}

#[tokio::test]
async fn members_leaders_and_user_departments() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    org(&c, "co").await;
    let top = dept(&c, "co", "root", "top").await;
    let sub = dept(&c, "co", &top.department_id, "sub").await;
    let other = dept(&c, "co", "root", "other").await;
    let (u1, u2, u3) = (
        user(&c, "u1").await,
        user(&c, "u2").await,
        user(&c, "u3").await,
    );
    c.add_department_members(&members_req("co", "top", &[&u1]).with_code())
        .await
        .unwrap();
    c.add_department_members(&members_req("co", &sub.department_id, &[&u2, &u2]))
        .await
        .unwrap();
    // Unknown user: nothing is added.
    let bad = c
        .add_department_members(&members_req(
            "co",
            &other.department_id,
            &[&u3, &"ghost".to_string()],
        ))
        .await;
    assert_api(bad, 404, Some(2004));
    let list = |include: bool| ListDepartmentMembersQuery {
        organization_code: "co".into(),
        department_id: top.department_id.clone(),
        include_children_departments: Some(include),
        with_department_ids: Some(true),
        ..Default::default()
    };
    let direct = c.list_department_members(&list(false)).await.unwrap();
    assert_eq!(direct.total_count, 1);
    assert_eq!(
        direct.list[0].department_ids,
        Some(vec![top.department_id.clone()])
    );
    let all = c.list_department_members(&list(true)).await.unwrap();
    assert_eq!(all.total_count, 2);
    let mut q = list(true);
    q.limit = Some(51);
    assert_api(c.list_department_members(&q).await, 400, None);
    let ids = c
        .list_department_member_ids(&ListDepartmentMemberIdsQuery {
            organization_code: "co".into(),
            department_id: sub.department_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids, vec![u2.clone()]);
    let found = c
        .search_department_members(&SearchDepartmentMembersQuery {
            organization_code: "co".into(),
            department_id: "top".into(),
            department_id_type: Some("code".into()),
            keywords: "U2".into(),
            include_children_departments: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.list.len(), 1);

    // is-user-in-department, with and without the subtree.
    let inq = |include: bool| IsUserInDepartmentQuery {
        user_id: u2.clone(),
        organization_code: "co".into(),
        department_id: top.department_id.clone(),
        include_children_departments: Some(include),
        ..Default::default()
    };
    assert!(
        !c.is_user_in_department(&inq(false))
            .await
            .unwrap()
            .in_department
    );
    assert!(
        c.is_user_in_department(&inq(true))
            .await
            .unwrap()
            .in_department
    );
    let mut ghost = inq(true);
    ghost.user_id = "ghost".into();
    assert_api(c.is_user_in_department(&ghost).await, 404, Some(2004));

    // Leaders through update-department.
    let led = c
        .update_department(&UpdateDepartmentRequest {
            organization_code: "co".into(),
            department_id: other.department_id.clone(),
            leader_user_ids: Some(vec![u3.clone()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(led.leader_user_ids, vec![u3.clone()]);
    assert_eq!(led.members_count, 1);

    // set-user-departments replaces the set.
    let set = |items: Vec<(&str, bool, bool)>| SetUserDepartmentsRequest {
        user_id: "u1".into(),
        departments: items
            .into_iter()
            .map(|(d, l, m)| SetUserDepartmentItem {
                department_id: d.into(),
                is_leader: Some(l),
                is_main_department: Some(m),
            })
            .collect(),
        options: Some(authgate_sdk::proto::users::UserIdTypeOption {
            user_id_type: Some("username".into()),
        }),
    };
    c.set_user_departments(&set(vec![
        (&sub.department_id, true, true),
        (&other.department_id, false, false),
    ]))
    .await
    .unwrap();
    let mine = c
        .get_user_departments(&GetUserDepartmentsQuery {
            user_id: u1.clone(),
            with_department_paths: Some(true),
            sort_by: Some("DepartmentName".into()),
            order_by: Some("Asc".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mine.total_count, 2);
    let names: Vec<_> = mine.list.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(names, ["other", "sub"]);
    let s = &mine.list[1];
    assert!(s.is_leader && s.is_main_department && !s.is_root);
    assert_eq!(
        s.department_code_path.as_deref(),
        Some(&["".to_string(), "top".into(), "sub".into()][..])
    );
    assert!(
        !c.is_user_in_department(&IsUserInDepartmentQuery {
            user_id: u1.clone(),
            organization_code: "co".into(),
            department_id: "top".into(),
            department_id_type: Some("code".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .in_department,
        "replaced, not added"
    );
    assert_api(
        c.set_user_departments(&set(vec![
            (&sub.department_id, false, true),
            (&other.department_id, false, true),
        ]))
        .await,
        400,
        None,
    );
    assert_api(
        c.set_user_departments(&set(vec![("nope", false, false)]))
            .await,
        404,
        Some(40451),
    );
    c.set_user_departments(&set(vec![])).await.unwrap();
    c.remove_department_members(&members_req("co", &sub.department_id, &[&u2]))
        .await
        .unwrap();
    let left = c.list_department_members(&list(true)).await.unwrap();
    assert_eq!(left.total_count, 0);
    ts.stop().await;
}

trait WithCode {
    fn with_code(self) -> Self;
}

impl WithCode for DepartmentMembersRequest {
    fn with_code(mut self) -> Self {
        self.department_id_type = Some("code".into());
        self
    }
}

#[tokio::test]
async fn other_pools_are_invisible_and_wire_shapes() {
    let ts = TestServer::start().await;
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
    let foreign = Organization {
        id: "org-x".into(),
        pool_id: "pool-other".into(),
        code: "shared".into(),
        name: "Foreign".into(),
        description: None,
        status: true,
        root_department_id: "dept-x".into(),
        created_at: 1,
        updated_at: 1,
    };
    let root = Department {
        id: "dept-x".into(),
        pool_id: "pool-other".into(),
        org_id: "org-x".into(),
        parent_id: None,
        code: None,
        open_department_id: None,
        name: "Foreign".into(),
        description: None,
        status: true,
        custom_data: Default::default(),
        created_at: 1,
        updated_at: 1,
    };
    store.create_organization(&foreign, &root).await.unwrap();
    let c = ts.sdk();
    let get = GetOrganizationQuery {
        organization_code: "shared".into(),
        ..Default::default()
    };
    assert_api(c.get_organization(&get).await, 404, Some(40450));
    assert_api(
        c.get_department(&GetDepartmentQuery {
            department_id: Some("dept-x".into()),
            ..Default::default()
        })
        .await,
        404,
        Some(40451),
    );
    // The same code is free in this pool, and a foreign department is no parent here.
    org(&c, "shared").await;
    assert_api(
        c.create_department(&CreateDepartmentRequest {
            organization_code: "shared".into(),
            name: "x".into(),
            parent_department_id: "dept-x".into(),
            ..Default::default()
        })
        .await,
        404,
        Some(40451),
    );
    let u = user(&c, "solo").await;
    let r = c
        .set_user_departments(&SetUserDepartmentsRequest {
            user_id: u,
            departments: vec![SetUserDepartmentItem {
                department_id: "dept-x".into(),
                ..Default::default()
            }],
            options: None,
        })
        .await;
    assert_api(r, 404, Some(40451));
    assert!(
        store
            .get_organization("pool-other", "shared")
            .await
            .unwrap()
            .is_some()
    );

    // Raw wire: GET with Python-style booleans, flat custom data, Chinese messages.
    let token = ts.mgmt_token().await;
    let d = ts
        .post_json(
            "/api/v3/create-department",
            &json!({"organizationCode": "shared", "name": "Ops", "parentDepartmentId": "root",
                    "code": "ops", "customData": {"site": "bj"}, "metadata": {}}),
            Some(&token),
        )
        .await;
    assert_eq!(d["statusCode"], 200, "{d}");
    let got = ts
        .get_raw(
            "/api/v3/get-department?organizationCode=shared&departmentCode=ops&withCustomData=True&flatCustomData=True",
            Some(&token),
        )
        .await;
    assert_eq!(got["data"]["site"], "bj", "{got}");
    assert_eq!(got["data"]["customData"]["site"], "bj");
    assert_eq!(got["data"]["isVirtualNode"], false);
    let plain = ts
        .get_raw(
            "/api/v3/get-department?organizationCode=shared&departmentId=ops&departmentIdType=code",
            Some(&token),
        )
        .await;
    assert!(plain["data"].get("customData").is_none(), "{plain}");
    let missing = ts
        .post_json(
            "/api/v3/create-department",
            &json!({"organizationCode": "shared"}),
            Some(&token),
        )
        .await;
    assert_error(&missing, 400);
    let zh: serde_json::Value = ts
        .http
        .post(ts.url("/api/v3/delete-department"))
        .bearer_auth(&token)
        .header("x-authing-lang", "zh-CN")
        .json(&json!({"organizationCode": "shared", "departmentId": "root"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(zh["statusCode"], 400);
    assert_eq!(
        zh["message"], "组织的根部门不能被删除（请使用组织机构接口）",
        "{zh}"
    );
    let children = ts
        .get_raw(
            "/api/v3/list-children-departments?organizationCode=shared&departmentId=root",
            Some(&token),
        )
        .await;
    assert_eq!(
        children["data"]["totalCount"], 1,
        "totalCount is a number: {children}"
    );
    ts.stop().await;
}
