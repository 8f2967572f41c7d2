//! General permissions: namespaces, resources, grants, evaluation through every path, and the
//! signed-in user's checks. Memberships (roles, groups, departments) are written with SQL
//! here, as their management APIs live elsewhere.

use crate::common::{TestServer, app_user, assert_error};
use authgate_proto::permissions::{
    AuthorizeResourceItem, AuthorizeResourcesRequest, CheckPermissionRequest,
    CreateResourceRequest, IsActionAllowedRequest, ResourceItem, ResourceType, TargetType,
};
use authgate_store::testing::{SqlValue, execute};
use serde_json::{Value, json};

struct Api<'a> {
    ts: &'a TestServer,
    token: String,
}

impl<'a> Api<'a> {
    async fn new(ts: &'a TestServer) -> Self {
        Api {
            ts,
            token: ts.mgmt_token().await,
        }
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.ts
            .post_json(&format!("/api/v3/{path}"), &body, Some(&self.token))
            .await
    }

    async fn get(&self, path_query: &str) -> Value {
        self.ts
            .get_raw(&format!("/api/v3/{path_query}"), Some(&self.token))
            .await
    }

    async fn ok(&self, path: &str, body: Value) -> Value {
        let b = self.post(path, body).await;
        assert_eq!(b["statusCode"], 200, "{path}: {b}");
        b["data"].clone()
    }

    async fn user(&self, username: &str) -> String {
        let d = self
            .ok(
                "create-user",
                json!({"username": username, "password": "correct horse 1"}),
            )
            .await;
        d["userId"].as_str().unwrap().to_owned()
    }

    async fn allowed(&self, user: &str, resource: &str, action: &str) -> bool {
        let d = self
            .ok(
                "is-action-allowed",
                json!({"userId": user, "resource": resource, "action": action}),
            )
            .await;
        d["allowed"].as_bool().unwrap()
    }

    async fn grant(&self, target_type: &str, target: &str, code: &str, actions: &[&str]) {
        self.grant_with(
            target_type,
            target,
            json!({"code": code, "actions": actions,
            "resourceType": "DATA"}),
        )
        .await;
    }

    async fn grant_with(&self, target_type: &str, target: &str, resource: Value) {
        self.ok(
            "authorize-resources",
            json!({"list": [{"targetType": target_type, "targetIdentifiers": [target],
                             "resources": [resource]}]}),
        )
        .await;
    }

    async fn sql(&self, sql: &str, values: &[SqlValue]) {
        execute(&self.ts.server.state.store, sql, values)
            .await
            .unwrap();
    }

    fn pool(&self) -> &str {
        &self.ts.server.defaults.user_pool_id
    }

    /// A role row; `status` ENABLE or DISABLE.
    async fn role(&self, id: &str, code: &str, status: &str, disable_time: Option<i64>) {
        self.sql(
            "INSERT INTO roles (id, pool_id, namespace, code, name, status, disable_time, \
             created_at, updated_at) VALUES ($1, $2, 'default', $3, $3, $4, $5, 1, 1)",
            &[
                id.into(),
                self.pool().into(),
                code.into(),
                status.into(),
                disable_time.into(),
            ],
        )
        .await;
    }

    async fn assign(
        &self,
        role: &str,
        kind: &str,
        target: &str,
        from: Option<i64>,
        to: Option<i64>,
    ) {
        self.sql(
            "INSERT INTO role_assignments (role_id, target_type, target_id, enable_time, \
             end_time, created_at) VALUES ($1, $2, $3, $4, $5, 1)",
            &[
                role.into(),
                kind.into(),
                target.into(),
                from.into(),
                to.into(),
            ],
        )
        .await;
    }

    async fn group(&self, id: &str, code: &str, members: &[&str]) {
        self.sql(
            "INSERT INTO user_groups (id, pool_id, code, name, created_at, updated_at) \
             VALUES ($1, $2, $3, $3, 1, 1)",
            &[id.into(), self.pool().into(), code.into()],
        )
        .await;
        for m in members {
            self.sql(
                "INSERT INTO group_members (group_id, user_id, created_at) VALUES ($1, $2, 1)",
                &[id.into(), (*m).into()],
            )
            .await;
        }
    }

    /// Organisation `org` with departments `root` ⊃ `child`.
    async fn departments(&self, root: &str, child: &str) {
        self.sql(
            "INSERT INTO organizations (id, pool_id, code, name, root_department_id, created_at, \
             updated_at) VALUES ('org', $1, 'org', 'Org', $2, 1, 1)",
            &[self.pool().into(), root.into()],
        )
        .await;
        for (id, parent) in [(root, None), (child, Some(root))] {
            let parent: SqlValue = parent.map_or(SqlValue::Null, SqlValue::from);
            let sql = if parent == SqlValue::Null {
                "INSERT INTO departments (id, pool_id, org_id, parent_id, name, created_at, \
                 updated_at) VALUES ($1, $2, 'org', NULL, $1, 1, 1)"
            } else {
                "INSERT INTO departments (id, pool_id, org_id, parent_id, name, created_at, \
                 updated_at) VALUES ($1, $2, 'org', $3, $1, 1, 1)"
            };
            let mut values = vec![id.into(), self.pool().into()];
            if parent != SqlValue::Null {
                values.push(parent);
            }
            self.sql(sql, &values).await;
        }
    }

    async fn dept_member(&self, dept: &str, user: &str) {
        self.sql(
            "INSERT INTO department_members (department_id, user_id, created_at) VALUES ($1, $2, 1)",
            &[dept.into(), user.into()],
        )
        .await;
    }
}

fn err(b: &Value, status: u16) -> String {
    assert_error(b, status)
}

#[tokio::test]
async fn namespaces_crud_and_bad_input() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    let d = api
        .ok(
            "create-namespace",
            json!({"code": "shop", "description": "Shop"}),
        )
        .await;
    assert_eq!(
        d,
        json!({"code": "shop", "name": "shop", "description": "Shop"})
    );
    err(
        &api.post("create-namespace", json!({"code": "shop"})).await,
        409,
    );
    err(
        &api.post("create-namespace", json!({"code": "default"}))
            .await,
        403,
    );
    for bad in ["额! ", " ", &"x".repeat(100), "a:b"] {
        err(
            &api.post("create-namespace", json!({"code": bad})).await,
            400,
        );
    }
    err(&api.post("create-namespace", json!({})).await, 400);
    api.ok(
        "create-namespaces-batch",
        json!({"list": [{"code": "crm", "name": "CRM"}, {"code": "erp"}]}),
    )
    .await;
    // All or none: one taken code writes nothing.
    err(
        &api.post(
            "create-namespaces-batch",
            json!({"list": [{"code": "new1"}, {"code": "crm"}]}),
        )
        .await,
        409,
    );
    err(&api.get("get-namespace?code=new1").await, 404);

    let got = api.get("get-namespace?code=crm").await;
    assert_eq!(got["data"]["name"], "CRM", "{got}");
    assert_eq!(
        api.get("get-namespace?code=default").await["data"]["code"],
        "default"
    );
    let batch = api
        .get("get-namespaces-batch?codeList=crm&codeList=erp&codeList=nope")
        .await;
    assert_eq!(batch["data"].as_array().unwrap().len(), 2, "{batch}");
    let batch = api.get("get-namespaces-batch?codeList[]=crm,erp").await;
    assert_eq!(batch["data"].as_array().unwrap().len(), 2, "{batch}");

    let page = api.get("list-namespaces?page=1&limit=2").await;
    assert_eq!(page["data"]["totalCount"], 3, "{page}");
    assert_eq!(page["data"]["list"][0]["code"], "crm");
    assert_eq!(page["data"]["list"][0]["status"], 1);
    assert_eq!(
        api.get("list-namespaces?keywords=ER").await["data"]["totalCount"],
        1
    );
    err(&api.get("list-namespaces?limit=51").await, 400);

    // Rename carries resources and grants.
    api.ok(
        "create-resource",
        json!({"namespace": "erp", "code": "orders", "type": "DATA",
               "actions": [{"name": "read", "description": "r"}]}),
    )
    .await;
    let u = api.user("nsuser").await;
    api.ok(
        "authorize-resources",
        json!({"namespace": "erp", "list": [{"targetType": "USER", "targetIdentifiers": [u],
               "resources": [{"code": "orders", "actions": ["read"], "resourceType": "DATA"}]}]}),
    )
    .await;
    let d = api
        .ok(
            "update-namespace",
            json!({"code": "erp", "newCode": "erp2", "name": "ERP"}),
        )
        .await;
    assert_eq!(d["newCode"], "erp2");
    err(
        &api.post(
            "update-namespace",
            json!({"code": "erp2", "newCode": "crm"}),
        )
        .await,
        409,
    );
    err(
        &api.post("update-namespace", json!({"code": "default", "name": "x"}))
            .await,
        403,
    );
    err(
        &api.post("update-namespace", json!({"code": "nope", "name": "x"}))
            .await,
        404,
    );
    assert_eq!(
        api.get("get-resource?code=orders&namespace=erp2").await["statusCode"],
        200
    );
    let allowed = api
        .ok(
            "is-action-allowed",
            json!({"userId": u, "resource": "orders", "action": "read", "namespace": "erp2"}),
        )
        .await;
    assert_eq!(allowed["allowed"], true);

    // Delete takes resources and grants along.
    api.ok("delete-namespace", json!({"code": "erp2"})).await;
    err(
        &api.post("delete-namespace", json!({"code": "erp2"})).await,
        404,
    );
    err(
        &api.post("delete-namespace", json!({"code": "default"}))
            .await,
        403,
    );
    api.ok("create-namespace", json!({"code": "erp2"})).await;
    err(
        &api.get("get-resource?code=orders&namespace=erp2").await,
        404,
    );
    api.ok(
        "delete-namespaces-batch",
        json!({"codeList": ["crm", "erp2", "ghost"]}),
    )
    .await;
    assert_eq!(api.get("list-namespaces").await["data"]["totalCount"], 1);
    err(
        &api.post("delete-namespaces-batch", json!({"codeList": []}))
            .await,
        400,
    );
    ts.stop().await;
}

#[tokio::test]
async fn resources_crud_and_bad_input() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    let sdk = ts.sdk();
    let r = sdk
        .create_resource(&CreateResourceRequest {
            resource_type: ResourceType::Api,
            code: "orders".into(),
            description: Some("Orders API".into()),
            name: Some("Orders".into()),
            actions: Some(vec![authgate_proto::permissions::ResourceAction {
                name: "read".into(),
                description: "Read".into(),
            }]),
            api_identifier: Some("https://api.example.com/orders".into()),
            namespace: None,
        })
        .await
        .unwrap();
    assert_eq!(r.namespace.as_deref(), Some("default"));
    assert_eq!(r.actions.len(), 1);
    err(
        &api.post("create-resource", json!({"code": "orders", "type": "API"}))
            .await,
        409,
    );
    err(
        &api.post("create-resource", json!({"code": "x", "type": "FILE"}))
            .await,
        400,
    );
    err(
        &api.post("create-resource", json!({"code": "x"})).await,
        400,
    );
    err(
        &api.post("create-resource", json!({"code": "额", "type": "DATA"}))
            .await,
        400,
    );
    err(
        &api.post("create-resource", json!({"code": "a*", "type": "DATA"}))
            .await,
        400,
    );
    err(
        &api.post(
            "create-resource",
            json!({"code": "x", "type": "DATA", "namespace": "nope"}),
        )
        .await,
        404,
    );
    err(
        &api.post(
            "create-resource",
            json!({"code": "x", "type": "DATA",
                   "actions": [{"name": "a", "description": ""}, {"name": "a", "description": ""}]}),
        )
        .await,
        400,
    );
    api.ok(
        "create-resources-batch",
        json!({"list": [{"code": "menu1", "type": "MENU"}, {"code": "btn1", "type": "BUTTON"},
                        {"code": "docs", "type": "DATA", "actions": [{"name": "read", "description": ""}]}]}),
    )
    .await;
    let batch = api
        .get("get-resources-batch?codeList=menu1&codeList=btn1&codeList=zz")
        .await;
    assert_eq!(batch["data"].as_array().unwrap().len(), 2, "{batch}");
    let page = api.get("list-resources?limit=2&page=2").await;
    assert_eq!(page["data"]["totalCount"], 4, "{page}");
    assert_eq!(page["data"]["list"].as_array().unwrap().len(), 2);
    assert_eq!(
        api.get("list-resources?type=MENU").await["data"]["totalCount"],
        1
    );
    err(&api.get("list-resources?limit=51").await, 400);
    err(&api.get("list-resources?type=FILE").await, 400);
    let common = api
        .get("list-common-resource?keyword=ORD&namespaceCodeList=default")
        .await;
    assert_eq!(common["data"]["totalCount"], 1, "{common}");
    assert_eq!(common["data"]["list"][0]["type"], "API");
    assert!(common["data"]["list"][0]["id"].as_str().is_some());

    let up = api
        .ok(
            "update-resource",
            json!({"code": "docs", "name": "Docs",
                   "actions": [{"name": "read", "description": ""}, {"name": "write", "description": ""}]}),
        )
        .await;
    assert_eq!(up["name"], "Docs");
    assert_eq!(up["actions"].as_array().unwrap().len(), 2);
    assert_eq!(up["type"], "DATA");
    err(
        &api.post("update-resource", json!({"code": "ghost"})).await,
        404,
    );

    // Deleting a resource deletes the grants on it and below it.
    let u = api.user("res-user").await;
    api.grant("USER", &u, "docs", &["read"]).await;
    api.grant("USER", &u, "docs/a", &["read"]).await;
    assert!(api.allowed(&u, "docs/a", "read").await);
    api.ok("delete-resource", json!({"code": "docs"})).await;
    err(
        &api.post("delete-resource", json!({"code": "docs"})).await,
        404,
    );
    api.ok("create-resource", json!({"code": "docs", "type": "DATA"}))
        .await;
    assert!(!api.allowed(&u, "docs", "read").await);
    assert!(!api.allowed(&u, "docs/a", "read").await);
    api.ok(
        "delete-resources-batch",
        json!({"codeList": ["menu1", "btn1"]}),
    )
    .await;
    assert_eq!(api.get("list-resources").await["data"]["totalCount"], 2);
    ts.stop().await;
}

#[tokio::test]
async fn authorize_and_read_grants() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    let sdk = ts.sdk();
    api.ok(
        "create-resources-batch",
        json!({"list": [{"code": "books", "type": "DATA"}, {"code": "api1", "type": "API",
                         "apiIdentifier": "https://x/api1"}]}),
    )
    .await;
    let u = api.user("reader").await;
    sdk.authorize_resources(&AuthorizeResourcesRequest {
        namespace: None,
        list: vec![AuthorizeResourceItem {
            target_type: TargetType::User,
            target_identifiers: vec![u.clone()],
            resources: vec![
                ResourceItem {
                    code: "books:1".into(),
                    actions: vec!["read".into(), "write".into()],
                    resource_type: ResourceType::Data,
                    effect: None,
                    condition: None,
                },
                ResourceItem {
                    code: "api1".into(),
                    actions: vec!["GET".into()],
                    resource_type: ResourceType::Api,
                    effect: None,
                    condition: None,
                },
            ],
        }],
    })
    .await
    .unwrap();
    api.grant_with(
        "USER",
        &u,
        json!({"code": "books:2", "actions": ["read"], "resourceType": "DATA", "effect": "DENY"}),
    )
    .await;
    let q = format!("get-authorized-resources?targetType=USER&targetIdentifier={u}");
    let list = api.get(&q).await;
    assert_eq!(list["data"]["totalCount"], 2, "{list}");
    let api1 = &list["data"]["list"][0];
    assert_eq!(api1["resourceCode"], "api1");
    assert_eq!(api1["apiIdentifier"], "https://x/api1");
    assert_eq!(api1["effect"], "ALLOW");
    let with_denied = api.get(&format!("{q}&withDenied=true")).await;
    assert_eq!(with_denied["data"]["totalCount"], 3, "{with_denied}");
    let filtered = api
        .get(&format!("{q}&resourceList=books:*&withDenied=true"))
        .await;
    assert_eq!(filtered["data"]["totalCount"], 2, "{filtered}");
    let typed = api.get(&format!("{q}&resourceType=API")).await;
    assert_eq!(typed["data"]["totalCount"], 1);
    // A repeated grant replaces the earlier one of the same effect.
    api.grant("USER", &u, "books:1", &["read"]).await;
    let list = api.get(&format!("{q}&resourceList=books:1")).await;
    assert_eq!(
        list["data"]["list"][0]["actions"],
        json!(["read"]),
        "{list}"
    );

    // Bad inputs write nothing.
    let bad = |targets: Value, res: Value| json!({"list": [{"targetType": "USER", "targetIdentifiers": targets, "resources": [res]}]});
    let good_res = json!({"code": "books", "actions": ["read"], "resourceType": "DATA"});
    let b = api
        .post(
            "authorize-resources",
            bad(json!([u, "ghost"]), good_res.clone()),
        )
        .await;
    assert!(err(&b, 404).contains("ghost"), "{b}");
    err(
        &api.post(
            "authorize-resources",
            bad(
                json!([u]),
                json!({"code": "nope", "actions": ["read"], "resourceType": "DATA"}),
            ),
        )
        .await,
        404,
    );
    err(
        &api.post(
            "authorize-resources",
            bad(
                json!([u]),
                json!({"code": "books", "actions": ["read"], "resourceType": "API"}),
            ),
        )
        .await,
        400,
    );
    err(
        &api.post(
            "authorize-resources",
            bad(
                json!([u]),
                json!({"code": "books", "actions": [], "resourceType": "DATA"}),
            ),
        )
        .await,
        400,
    );
    err(
        &api.post(
            "authorize-resources",
            bad(
                json!([u]),
                json!({"code": "books", "actions": ["read"], "resourceType": "DATA",
                "condition": [{"param": "Moon", "operator": "StringEquals", "value": "x"}]}),
            ),
        )
        .await,
        400,
    );
    err(
        &api.post(
            "authorize-resources",
            json!({"list": [{"targetType": "ROBOT", "targetIdentifiers": [u], "resources": [good_res]}]}),
        )
        .await,
        400,
    );
    err(
        &api.post(
            "authorize-resources",
            json!({"list": [], "namespace": "nope"}),
        )
        .await,
        400,
    );
    err(
        &api.get("get-authorized-resources?targetType=ROLE&targetIdentifier=nope")
            .await,
        404,
    );
    err(
        &api.get("get-authorized-resources?targetType=USER").await,
        400,
    );

    // Targets of a resource.
    let other = api.user("reader2").await;
    api.role("r1", "editor", "ENABLE", None).await;
    api.grant("USER", &other, "books", &["read"]).await;
    api.grant("ROLE", "editor", "books", &["write"]).await;
    let targets = api
        .ok(
            "get-resource-authorized-targets",
            json!({"resource": "books"}),
        )
        .await;
    assert_eq!(targets["totalCount"], 2, "{targets}");
    let roles: Vec<&Value> = targets["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["targetType"] == "ROLE")
        .collect();
    assert_eq!(roles[0]["targetIdentifier"], "editor");
    let only_users = api
        .ok(
            "get-resource-authorized-targets",
            json!({"resource": "books", "targetType": "USER", "page": 1, "limit": 1}),
        )
        .await;
    assert_eq!(only_users["totalCount"], 1);
    assert_eq!(only_users["list"][0]["targetIdentifier"], other);
    err(
        &api.post(
            "get-resource-authorized-targets",
            json!({"resource": "books", "limit": 51}),
        )
        .await,
        400,
    );
    err(
        &api.post("get-resource-authorized-targets", json!({})).await,
        400,
    );

    let role = api.get("get-role-authorized-resources?code=editor").await;
    assert_eq!(role["data"]["list"][0]["resourceCode"], "books", "{role}");
    assert_eq!(role["data"]["list"][0]["actions"], json!(["write"]));
    err(
        &api.get("get-role-authorized-resources?code=ghost").await,
        404,
    );
    api.group("g1", "devs", &[]).await;
    api.grant_with(
        "GROUP",
        "devs",
        json!({"code": "books", "actions": ["delete"], "resourceType": "DATA", "effect": "DENY"}),
    )
    .await;
    let group = api.get("get-group-authorized-resources?code=devs").await;
    assert_eq!(group["data"][0]["effect"], "DENY", "{group}");
    err(
        &api.get("get-group-authorized-resources?code=ghost").await,
        404,
    );
    ts.stop().await;
}

#[tokio::test]
async fn evaluation_through_every_path() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    api.ok("create-resource", json!({"code": "r", "type": "DATA"}))
        .await;
    let now = ts.server.state.clock.now_millis();
    let u = api.user("eve").await;

    // Direct.
    api.grant("USER", &u, "r", &["direct"]).await;
    // Roles: in force, expired assignment, future assignment, disabled, past disable time.
    for (id, code, status, disable) in [
        ("ra", "ra", "ENABLE", None),
        ("rb", "rb", "ENABLE", None),
        ("rc", "rc", "ENABLE", None),
        ("rd", "rd", "DISABLE", None),
        ("re", "re", "ENABLE", Some(now - 1)),
    ] {
        api.role(id, code, status, disable).await;
        api.grant("ROLE", code, "r", &[&format!("role-{code}")])
            .await;
    }
    api.assign("ra", "USER", &u, Some(now - 10), Some(now + 60_000))
        .await;
    api.assign("rb", "USER", &u, None, Some(now - 1)).await;
    api.assign("rc", "USER", &u, Some(now + 60_000), None).await;
    api.assign("rd", "USER", &u, None, None).await;
    api.assign("re", "USER", &u, None, None).await;
    // Group.
    api.group("g", "grp", &[&u]).await;
    api.grant("GROUP", "grp", "r", &["group"]).await;
    // Departments: a grant on the parent reaches the member of the child; a role assigned to
    // the parent too.
    api.departments("d-root", "d-child").await;
    api.dept_member("d-child", &u).await;
    api.grant("DEPARTMENT", "d-root", "r", &["dept"]).await;
    api.role("rf", "rf", "ENABLE", None).await;
    api.grant("ROLE", "rf", "r", &["dept-role"]).await;
    api.assign("rf", "DEPARTMENT", "d-root", None, None).await;

    for (action, expected) in [
        ("direct", true),
        ("role-ra", true),
        ("role-rb", false),
        ("role-rc", false),
        ("role-rd", false),
        ("role-re", false),
        ("group", true),
        ("dept", true),
        ("dept-role", true),
        ("other", false),
    ] {
        assert_eq!(api.allowed(&u, "r", action).await, expected, "{action}");
    }
    let eff = api
        .get(&format!("get-user-authorized-resources?userId={u}"))
        .await;
    assert_eq!(
        eff["data"]["list"][0]["actions"],
        json!(["dept", "dept-role", "direct", "group", "role-ra"]),
        "{eff}"
    );
    let by_name = api
        .get("get-user-authorized-resources?userId=eve&userIdType=username&resourceType=API")
        .await;
    assert_eq!(by_name["data"]["totalCount"], 0, "{by_name}");

    // The assignment's window ends: the role stops counting.
    ts.clock.advance(61_000);
    assert!(!api.allowed(&u, "r", "role-ra").await);
    // …and the future one starts.
    assert!(api.allowed(&u, "r", "role-rc").await);

    // DENY through the group beats ALLOW through the department.
    api.grant_with(
        "GROUP",
        "grp",
        json!({"code": "r", "actions": ["dept"], "resourceType": "DATA", "effect": "DENY"}),
    )
    .await;
    assert!(!api.allowed(&u, "r", "dept").await);
    let eff = api
        .get(&format!("get-user-authorized-resources?userId={u}"))
        .await;
    assert!(
        !eff["data"]["list"][0]["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("dept"))
    );

    // Wildcards.
    api.grant("USER", &u, "r:*", &["*"]).await;
    assert!(api.allowed(&u, "r:7", "anything").await);
    assert!(!api.allowed(&u, "s", "anything").await);

    // Bad input and unknown user.
    err(
        &api.post("is-action-allowed", json!({"userId": u, "resource": "r"}))
            .await,
        400,
    );
    err(
        &api.post(
            "is-action-allowed",
            json!({"userId": "ghost", "resource": "r", "action": "a"}),
        )
        .await,
        404,
    );
    err(
        &api.post(
            "is-action-allowed",
            json!({"userId": u, "resource": "r", "action": "a", "namespace": "nope"}),
        )
        .await,
        404,
    );
    err(
        &api.get("get-user-authorized-resources?userId=ghost").await,
        404,
    );
    ts.stop().await;
}

#[tokio::test]
async fn conditions_time_window_and_ip() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    api.ok("create-resource", json!({"code": "c", "type": "DATA"}))
        .await;
    let u = api.user("cond").await;
    let now = ts.server.state.clock.now_millis();
    api.grant_with(
        "USER",
        &u,
        json!({"code": "c:timed", "actions": ["timed"], "resourceType": "DATA", "condition": [
            {"param": "CurrentTime", "operator": "DateGreaterThanEquals", "value": (now + 1000).to_string()},
            {"param": "CurrentTime", "operator": "DateLessThan", "value": (now + 5000).to_string()}]}),
    )
    .await;
    api.grant_with(
        "USER",
        &u,
        json!({"code": "c:local", "actions": ["local"], "resourceType": "DATA", "condition": [
            {"param": "SourceIp", "operator": "IpAddress", "value": "127.0.0.0/8"}]}),
    )
    .await;
    api.grant_with(
        "USER",
        &u,
        json!({"code": "c:remote", "actions": ["remote"], "resourceType": "DATA", "condition": [
            {"param": "SourceIp", "operator": "IpAddress", "value": "10.0.0.0/8"}]}),
    )
    .await;
    api.grant_with(
        "USER",
        &u,
        json!({"code": "c:unknown", "actions": ["unknown"], "resourceType": "DATA", "condition": [
            {"param": "Country", "operator": "StringEquals", "value": "CN"}]}),
    )
    .await;
    assert!(!api.allowed(&u, "c:timed", "timed").await);
    ts.clock.advance(2000);
    assert!(api.allowed(&u, "c:timed", "timed").await);
    ts.clock.advance(4000);
    assert!(!api.allowed(&u, "c:timed", "timed").await);
    assert!(api.allowed(&u, "c:local", "local").await);
    assert!(!api.allowed(&u, "c:remote", "remote").await);
    assert!(!api.allowed(&u, "c:unknown", "unknown").await);
    let direct = api
        .get(&format!(
            "get-authorized-resources?targetType=USER&targetIdentifier={u}&resourceList=c:timed"
        ))
        .await;
    assert_eq!(
        direct["data"]["list"][0]["condition"][0]["param"], "CurrentTime",
        "{direct}"
    );
    ts.stop().await;
}

#[tokio::test]
async fn signed_in_users_own_permissions() {
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    api.ok(
        "create-resources-batch",
        json!({"list": [{"code": "docs", "type": "DATA"}, {"code": "tags", "type": "DATA"},
                        {"code": "menu", "type": "MENU"}]}),
    )
    .await;
    let token = app_user(&ts, "me").await;
    let me = api.get("get-user?userId=me&userIdType=username").await["data"]["userId"]
        .as_str()
        .unwrap()
        .to_owned();
    api.grant("USER", &me, "docs/a", &["read"]).await;
    api.grant("USER", &me, "tags", &["read", "write"]).await;
    api.grant_with(
        "USER",
        &me,
        json!({"code": "menu", "actions": ["show"], "resourceType": "MENU"}),
    )
    .await;
    api.grant_with(
        "USER",
        &me,
        json!({"code": "docs/a/secret", "actions": ["read"], "resourceType": "DATA", "effect": "DENY"}),
    )
    .await;

    let mine = ts
        .get_raw("/api/v3/get-my-authorized-resources", Some(&token))
        .await;
    assert_eq!(mine["data"]["totalCount"], 3, "{mine}");
    let menus = ts
        .get_raw(
            "/api/v3/get-my-authorized-resources?resourceType=MENU",
            Some(&token),
        )
        .await;
    assert_eq!(menus["data"]["list"][0]["resourceCode"], "menu", "{menus}");

    let mut client = authgate_sdk::AuthenticationClient::new(
        authgate_sdk::AuthenticationClientOptions::new(&ts.server.defaults.app_id, ts.server.url())
            .with_app_secret(&ts.server.defaults.app_secret),
    )
    .unwrap();
    client.set_access_token(&token);
    let tree = client
        .check_permission_by_tree_resource(&CheckPermissionRequest {
            resources: vec!["docs/a/b".into(), "docs/a/secret".into(), "docs/b".into()],
            action: "read".into(),
        })
        .await
        .unwrap();
    let enabled: Vec<bool> = tree.check_result_list.iter().map(|r| r.enabled).collect();
    assert_eq!(enabled, vec![true, false, false]);
    assert_eq!(tree.check_result_list[0].namespace_code, "default");
    let strings = client
        .check_permission_by_string_resource(&CheckPermissionRequest {
            resources: vec!["tags".into(), "docs/a/b".into()],
            action: "write".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        strings
            .check_result_list
            .iter()
            .map(|r| r.enabled)
            .collect::<Vec<_>>(),
        vec![true, false]
    );
    let arrays = ts
        .post_json(
            "/api/v3/check-permission-array-resource",
            &json!({"resources": ["tags"], "action": "read"}),
            Some(&token),
        )
        .await;
    assert_eq!(
        arrays["data"]["checkResultList"][0]["enabled"], true,
        "{arrays}"
    );
    let list = client.get_user_authorized_resources_list().await.unwrap();
    let item = &list.user_permission_list[0];
    assert_eq!(item.user_id, me);
    let kinds: Vec<&str> = item
        .resource_list
        .iter()
        .map(|r| r.resource_type.as_str())
        .collect();
    assert_eq!(kinds, vec!["STRING", "TREE"], "{list:?}");
    let perms = ts
        .post_json(
            "/api/v3/get-user-auth-resource-permission-list",
            &json!({"resources": ["docs/a/x", "tags", "nothing"]}),
            Some(&token),
        )
        .await;
    let lists = &perms["data"]["permissionList"];
    assert_eq!(lists[0]["actions"], json!(["read"]), "{perms}");
    assert_eq!(lists[1]["actions"], json!(["read", "write"]));
    assert_eq!(lists[2]["actions"], json!([]));

    // Bad input, no token.
    err(
        &ts.post_json(
            "/api/v3/check-permission-string-resource",
            &json!({"resources": [], "action": "read"}),
            Some(&token),
        )
        .await,
        400,
    );
    err(
        &ts.post_json(
            "/api/v3/check-permission-tree-resource",
            &json!({"resources": ["docs"], "action": "read"}),
            None,
        )
        .await,
        401,
    );
    err(
        &ts.get_raw("/api/v3/get-my-authorized-resources", None)
            .await,
        401,
    );
    err(
        &ts.get_raw(
            "/api/v3/get-my-authorized-resources?namespace=nope",
            Some(&token),
        )
        .await,
        404,
    );
    ts.stop().await;
}

#[tokio::test]
async fn another_pools_permissions_are_invisible() {
    use authgate_core::permission::{Effect, Grant};
    use authgate_core::user_pool::UserPool;
    use authgate_store::{Namespace, StoredGrant};
    let ts = TestServer::start().await;
    let api = Api::new(&ts).await;
    let store = &ts.server.state.store;
    store
        .insert_pool(&UserPool {
            id: "pool-b".into(),
            name: "B".into(),
            is_default: false,
            settings: Default::default(),
            created_at: 1,
            updated_at: 1,
        })
        .await
        .unwrap();
    store
        .insert_namespaces(&[Namespace {
            id: "ns-b".into(),
            pool_id: "pool-b".into(),
            code: "theirs".into(),
            name: "Theirs".into(),
            description: None,
            status: 1,
            created_at: 1,
            updated_at: 1,
        }])
        .await
        .unwrap();
    let u = api.user("mine").await;
    // A grant in the other pool naming our user's id must not count here.
    store
        .save_grants(&[StoredGrant {
            id: "g-b".into(),
            pool_id: "pool-b".into(),
            namespace: "default".into(),
            target_type: TargetType::User,
            target_id: u.clone(),
            grant: Grant {
                resource_code: "r".into(),
                resource_type: ResourceType::Data,
                api_identifier: None,
                description: None,
                actions: vec!["read".into()],
                effect: Effect::Allow,
                conditions: vec![],
            },
            created_at: 1,
            updated_at: 1,
        }])
        .await
        .unwrap();
    err(&api.get("get-namespace?code=theirs").await, 404);
    assert_eq!(api.get("list-namespaces").await["data"]["totalCount"], 0);
    let sdk = ts.sdk();
    let allowed = sdk
        .is_action_allowed(&IsActionAllowedRequest {
            user_id: u.clone(),
            action: "read".into(),
            resource: "r".into(),
            namespace: None,
        })
        .await
        .unwrap();
    assert!(!allowed.allowed);
    // And our namespace code is free although the other pool uses it.
    api.ok("create-namespace", json!({"code": "theirs"})).await;
    ts.stop().await;
}

#[tokio::test]
async fn messages_in_chinese() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let b = ts
        .http
        .get(ts.url("/api/v3/get-namespace?code=nope"))
        .bearer_auth(&token)
        .header("x-authing-lang", "zh-CN")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(b["message"], "权限分组「nope」不存在", "{b}");
    ts.stop().await;
}
