//! User management through `authgate-sdk` (spec §5.3.1), good and bad inputs.

use crate::common::TestServer;
use authgate_sdk::proto::envelope::Pagination;
use authgate_sdk::proto::user_types::UserStatus;
use authgate_sdk::proto::users::*;
use authgate_sdk::{Error, ManagementClient, ManagementClientOptions};
use serde_json::json;

fn input(username: Option<&str>, email: Option<&str>, phone: Option<&str>) -> CreateUserInput {
    CreateUserInput {
        username: username.map(Into::into),
        email: email.map(Into::into),
        phone: phone.map(Into::into),
        ..Default::default()
    }
}

fn create(i: CreateUserInput) -> CreateUserRequest {
    CreateUserRequest {
        user: i,
        options: None,
    }
}

fn get(id: &str, kind: &str) -> GetUserQuery {
    GetUserQuery {
        user_id: id.into(),
        user_id_type: Some(kind.into()),
        ..Default::default()
    }
}

/// Asserts an SDK error with `status` (and `api_code` when given).
fn assert_api(r: Result<impl std::fmt::Debug, Error>, status: u16, api_code: Option<u32>) {
    let e = r.expect_err("expected an API error");
    assert_eq!(e.status_code(), Some(status), "{e:?}");
    if let Some(code) = api_code {
        assert_eq!(e.api_code(), Some(code), "{e:?}");
    }
    assert!(e.request_id().is_some(), "{e:?}");
}

#[tokio::test]
async fn create_and_find_by_every_identifier() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let mut i = input(Some("ada"), Some("Ada@Example.com"), Some("13800000001"));
    i.external_id = Some("hr-7".into());
    i.password = Some("correct horse".into());
    i.profile.given_name = Some("Ada".into());
    i.custom_data = Some(json!({"team": "core"}));
    let u = c.create_user(&create(i)).await.unwrap();
    assert_eq!(u.username.as_deref(), Some("ada"));
    assert_eq!(u.status, UserStatus::Activated);
    assert!(u.password_last_set_at.is_some());
    assert!(
        u.profile
            .photo
            .as_deref()
            .is_some_and(|p| p.ends_with("/assets/default-avatar.svg"))
    );

    for (id, kind) in [
        (u.user_id.as_str(), "user_id"),
        ("ada@EXAMPLE.COM", "email"),
        ("13800000001", "phone"),
        ("ada", "username"),
        ("hr-7", "external_id"),
    ] {
        let got = c.get_user(&get(id, kind)).await.unwrap();
        assert_eq!(got.user_id, u.user_id, "{kind}");
        assert!(got.custom_data.is_none(), "customData only when asked");
    }
    let mut q = get(&u.user_id, "user_id");
    q.with_custom_data = Some(true);
    q.with_identities = Some(true);
    let got = c.get_user(&q).await.unwrap();
    assert_eq!(got.custom_data, Some(json!({"team": "core"})));
    assert_eq!(got.identities, Some(vec![]));

    // The password is stored as argon2id, never returned.
    let stored = ts.server.state.store.clone();
    let row = stored
        .get_user(
            &ts.server.defaults.user_pool_id,
            &authgate_core::user::UserKey::Id(u.user_id.clone()),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(row.password_hash.unwrap().starts_with("$argon2id$"));
    ts.stop().await;
}

#[tokio::test]
async fn create_refuses_bad_input_and_duplicates() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    c.create_user(&create(input(Some("bob"), Some("bob@x.io"), None)))
        .await
        .unwrap();

    assert_api(
        c.create_user(&create(input(None, None, None))).await,
        400,
        Some(40000),
    );
    assert_api(
        c.create_user(&create(input(None, Some("not-an-email"), None)))
            .await,
        400,
        None,
    );
    assert_api(
        c.create_user(&create(input(None, None, Some("12ab"))))
            .await,
        400,
        None,
    );
    assert_api(
        c.create_user(&create(input(None, Some("BOB@X.IO"), None)))
            .await,
        409,
        Some(2026),
    );
    assert_api(
        c.create_user(&create(input(Some("bob"), None, None))).await,
        409,
        Some(2026),
    );
    let mut i = input(Some("carl"), None, None);
    i.custom_data = Some(json!([1, 2]));
    assert_api(c.create_user(&create(i)).await, 400, None);
    // RSA transport encryption is supported (see users_extra); SM2 is not.
    let mut dora = input(Some("dora"), None, None);
    dora.password = Some("secret 123".into());
    let req = CreateUserRequest {
        user: dora,
        options: Some(CreateUserOptions {
            password_encrypt_type: Some("sm2".into()),
            ..Default::default()
        }),
    };
    assert_api(c.create_user(&req).await, 501, Some(50100));
    ts.stop().await;
}

#[tokio::test]
async fn batch_create_is_all_or_nothing_and_batch_get_keeps_order() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let bad = CreateUsersBatchRequest {
        list: vec![input(Some("b1"), None, None), input(Some("b1"), None, None)],
        options: None,
    };
    assert_api(c.create_users_batch(&bad).await, 409, None);
    let exists = c
        .is_user_exists(&IsUserExistsRequest {
            username: Some("b1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!exists.exists, "nothing of a failed batch is stored");

    let ok = CreateUsersBatchRequest {
        list: (0..3)
            .map(|i| input(Some(&format!("b{i}")), None, None))
            .collect(),
        options: None,
    };
    let made = c.create_users_batch(&ok).await.unwrap();
    assert_eq!(made.len(), 3);
    let too_many = CreateUsersBatchRequest {
        list: (0..51)
            .map(|i| input(Some(&format!("x{i}")), None, None))
            .collect(),
        options: None,
    };
    assert_api(c.create_users_batch(&too_many).await, 400, None);
    assert_api(
        c.create_users_batch(&CreateUsersBatchRequest::default())
            .await,
        400,
        None,
    );

    let q = GetUserBatchQuery {
        user_ids: vec![
            made[2].user_id.clone(),
            "missing".into(),
            made[0].user_id.clone(),
        ],
        ..Default::default()
    };
    let got = c.get_user_batch(&q).await.unwrap();
    let ids: Vec<_> = got.iter().map(|u| u.user_id.as_str()).collect();
    assert_eq!(ids, [made[2].user_id.as_str(), made[0].user_id.as_str()]);
    let by_name = GetUserBatchQuery {
        user_ids: vec!["b1".into()],
        user_id_type: Some("username".into()),
        ..Default::default()
    };
    assert_eq!(
        c.get_user_batch(&by_name).await.unwrap()[0].user_id,
        made[1].user_id
    );
    ts.stop().await;
}

#[tokio::test]
async fn list_search_sort_and_page_limits() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let batch = CreateUsersBatchRequest {
        list: (0..12)
            .map(|i| {
                let mut u = input(Some(&format!("member{i:02}")), None, None);
                u.profile.company = Some(if i % 3 == 0 { "Acme" } else { "Globex" }.into());
                u
            })
            .collect(),
        options: None,
    };
    c.create_users_batch(&batch).await.unwrap();
    let req = |keywords: Option<&str>,
               page,
               limit,
               sort: Option<(&str, &str)>,
               fields: Option<Vec<&str>>| {
        ListUsersRequest {
            keywords: keywords.map(Into::into),
            advanced_filter: None,
            options: Some(ListUsersOptions {
                pagination: Some(Pagination {
                    page: Some(page),
                    limit: Some(limit),
                }),
                sort: sort.map(|(f, o)| {
                    vec![SortItem {
                        field: f.into(),
                        order: o.into(),
                    }]
                }),
                fuzzy_search_on: fields.map(|v| v.into_iter().map(String::from).collect()),
                ..Default::default()
            }),
        }
    };
    let page = c
        .list_users(&req(None, 2, 5, Some(("username", "asc")), None))
        .await
        .unwrap();
    assert_eq!(page.total_count, 12);
    let names: Vec<_> = page
        .list
        .iter()
        .map(|u| u.username.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        ["member05", "member06", "member07", "member08", "member09"]
    );

    let acme = c
        .list_users(&req(Some("acme"), 1, 50, None, Some(vec!["company"])))
        .await
        .unwrap();
    assert_eq!(acme.total_count, 4);
    let none = c
        .list_users(&req(Some("acme"), 1, 50, None, Some(vec!["username"])))
        .await
        .unwrap();
    assert_eq!(none.total_count, 0);

    assert_api(c.list_users(&req(None, 1, 51, None, None)).await, 400, None);
    assert_api(c.list_users(&req(None, 0, 10, None, None)).await, 400, None);
    assert_api(
        c.list_users(&req(None, 1, 10, Some(("password", "asc")), None))
            .await,
        400,
        None,
    );
    assert_api(
        c.list_users(&req(None, 1, 10, Some(("username", "up")), None))
            .await,
        400,
        None,
    );
    assert_api(
        c.list_users(&req(Some("x"), 1, 10, None, Some(vec!["passwordHash"])))
            .await,
        400,
        None,
    );

    let legacy = c
        .list_users_legacy(&ListUsersLegacyQuery {
            page: Some(1),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((legacy.total_count, legacy.list.len()), (12, 3));
    ts.stop().await;
}

#[tokio::test]
async fn update_delete_and_exists() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let a = c
        .create_user(&create(input(Some("ann"), Some("ann@x.io"), None)))
        .await
        .unwrap();
    c.create_user(&create(input(Some("ben"), Some("ben@x.io"), None)))
        .await
        .unwrap();

    let mut up = UpdateUserRequest {
        user_id: "ann".into(),
        fields: UserFields {
            status: Some(UserStatus::Suspended),
            phone: Some("13900000000".into()),
            email_verified: Some(true),
            custom_data: Some(json!({"level": 3})),
            ..Default::default()
        },
        options: Some(UpdateUserOptions {
            user_id_type: Some("username".into()),
            ..Default::default()
        }),
    };
    up.fields.profile.nickname = Some("Annie".into());
    let u = c.update_user(&up).await.unwrap();
    assert_eq!(u.status, UserStatus::Suspended);
    assert!(u.status_changed_at.is_some());
    assert_eq!(u.profile.nickname.as_deref(), Some("Annie"));
    assert_eq!(u.phone.as_deref(), Some("13900000000"));
    assert!(u.email_verified);
    assert_eq!(
        u.email.as_deref(),
        Some("ann@x.io"),
        "unset fields are kept"
    );
    assert_eq!(u.custom_data, Some(json!({"level": 3})));

    let clash = UpdateUserRequest {
        user_id: a.user_id.clone(),
        fields: UserFields {
            email: Some("BEN@x.io".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_api(c.update_user(&clash).await, 409, None);
    let clear_all = UpdateUserRequest {
        user_id: a.user_id.clone(),
        fields: UserFields {
            email: Some(String::new()),
            username: Some(String::new()),
            phone: Some(String::new()),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_api(c.update_user(&clear_all).await, 400, None);
    assert_api(
        c.update_user(&UpdateUserRequest {
            user_id: "ghost".into(),
            ..Default::default()
        })
        .await,
        404,
        Some(2004),
    );

    let exists = |email: &str| IsUserExistsRequest {
        email: Some(email.into()),
        ..Default::default()
    };
    assert!(c.is_user_exists(&exists("ANN@x.io")).await.unwrap().exists);
    assert_api(
        c.is_user_exists(&IsUserExistsRequest::default()).await,
        400,
        None,
    );

    let del = DeleteUsersBatchRequest {
        user_ids: vec![a.user_id.clone(), "not-there".into()],
        options: None,
    };
    assert!(c.delete_users_batch(&del).await.unwrap().success);
    assert!(!c.is_user_exists(&exists("ann@x.io")).await.unwrap().exists);
    assert_api(
        c.get_user(&get(&a.user_id, "user_id")).await,
        404,
        Some(2004),
    );
    let by_email = DeleteUsersBatchRequest {
        user_ids: vec!["ben@x.io".into()],
        options: Some(UserIdTypeOption {
            user_id_type: Some("email".into()),
        }),
    };
    c.delete_users_batch(&by_email).await.unwrap();
    assert_api(c.get_user(&get("ben", "username")).await, 404, None);
    assert_api(
        c.delete_users_batch(&DeleteUsersBatchRequest::default())
            .await,
        400,
        None,
    );
    ts.stop().await;
}

#[tokio::test]
async fn bad_lookups_and_wrong_credentials() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    assert_api(c.get_user(&get("x", "identity")).await, 400, None);
    assert_api(c.get_user(&get("test#x.com", "email")).await, 400, None);
    assert_api(c.get_user(&get("", "user_id")).await, 400, None);

    let wrong = ManagementClient::new(
        ManagementClientOptions::new(&ts.server.defaults.access_key_id, "wrong")
            .with_host(ts.server.url()),
    )
    .unwrap();
    assert_api(wrong.get_user(&get("x", "user_id")).await, 401, Some(40105));
    ts.stop().await;
}
