//! Application management (spec §5.3.7) through `authgate-sdk` and raw requests, good and
//! bad inputs, and the per-application client authentication it configures (§1.5).

use crate::common::{FetchJson, TestServer, assert_error};
use authgate_core::application::{AppSettings, AppType, Application};
use authgate_core::user_pool::UserPool;
use authgate_sdk::Error;
use authgate_sdk::proto::apps::*;
use authgate_sdk::proto::users::{CreateUserInput, CreateUserRequest};
use base64::Engine;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse 1";

fn named(name: &str) -> CreateApplicationRequest {
    CreateApplicationRequest {
        fields: ApplicationFields {
            app_name: Some(name.into()),
            ..Default::default()
        },
    }
}

fn id(app_id: &str) -> AppIdRequest {
    AppIdRequest {
        app_id: app_id.into(),
    }
}

fn update(app_id: &str, fields: ApplicationFields) -> UpdateApplicationRequest {
    UpdateApplicationRequest {
        app_id: app_id.into(),
        fields,
        ..Default::default()
    }
}

fn oidc(c: OidcConfigInput) -> ApplicationFields {
    ApplicationFields {
        oidc_config: Some(c),
        ..Default::default()
    }
}

fn token_method(m: &str) -> ApplicationFields {
    oidc(OidcConfigInput {
        token_endpoint_auth_method: Some(m.into()),
        ..Default::default()
    })
}

/// Asserts an SDK error with `status` (and `api_code` when given); returns the message.
fn assert_api(
    r: Result<impl std::fmt::Debug, Error>,
    status: u16,
    api_code: Option<u32>,
) -> String {
    let e = r.expect_err("expected an API error");
    assert_eq!(e.status_code(), Some(status), "{e:?}");
    if let Some(code) = api_code {
        assert_eq!(e.api_code(), Some(code), "{e:?}");
    }
    assert!(e.request_id().is_some(), "{e:?}");
    e.message().unwrap_or_default().to_string()
}

#[tokio::test]
async fn create_get_list_update_delete() {
    let ts = TestServer::start().await;
    let c = ts.sdk();

    ts.clock.advance(1000);
    let app = c.create_application(&named("My Shop")).await.unwrap();
    assert_eq!(app.app_name, "My Shop");
    assert_eq!(app.app_identifier, "my-shop", "derived from the name");
    assert_eq!(app.app_type, "web");
    assert_eq!(app.user_pool_id, ts.server.defaults.user_pool_id);
    assert_eq!(app.default_protocol, "oidc");
    assert!(!app.is_integrate_app && !app.saml_provider_enabled && !app.cas_provider_enabled);
    let o = &app.oidc_config;
    assert_eq!(o.token_endpoint_auth_method, "client_secret_post");
    assert_eq!(o.introspection_endpoint_auth_method, "client_secret_post");
    assert_eq!(o.revocation_endpoint_auth_method, "client_secret_post");
    assert_eq!(o.grant_types, ["authorization_code", "refresh_token"]);
    assert_eq!(o.response_types, ["code"]);
    assert_eq!(o.id_token_signed_response_alg, "RS256");
    assert_eq!((o.access_token_ttl, o.id_token_ttl), (7200, 7200));
    assert_eq!(o.refresh_token_ttl, 30 * 86_400);
    assert_eq!(app.login_config, LoginConfig::default());
    assert_eq!(app.register_config, RegisterConfig::default());
    assert_eq!(app.branding_config, BrandingConfig::default());

    // The same name again: the derived identifier gets a suffix instead of a clash.
    ts.clock.advance(1000);
    let twin = c.create_application(&named("My Shop")).await.unwrap();
    assert!(
        twin.app_identifier.starts_with("my-shop-"),
        "{}",
        twin.app_identifier
    );
    assert_ne!(twin.app_id, app.app_id);

    // A full create.
    ts.clock.advance(1000);
    let full = c
        .create_application(&CreateApplicationRequest {
            fields: ApplicationFields {
                app_name: Some("Admin".into()),
                app_identifier: Some("admin-console".into()),
                app_type: Some("spa".into()),
                app_logo: Some("https://cdn.example.com/admin.png".into()),
                app_description: Some("Back office".into()),
                redirect_uris: Some(vec!["https://admin.example.com/cb".into()]),
                logout_redirect_uris: Some(vec!["https://admin.example.com/".into()]),
                init_login_uri: Some("https://admin.example.com/login".into()),
                sso_enabled: Some(true),
                oidc_config: Some(OidcConfigInput {
                    token_endpoint_auth_method: Some("none".into()),
                    grant_types: Some(vec!["authorization_code".into()]),
                    access_token_ttl: Some(600),
                    ..Default::default()
                }),
                register_config: Some(RegisterConfig {
                    enabled_basic_register_methods: vec!["EMAIL_CODE".into()],
                    default_register_method: "PASSCODE".into(),
                }),
                ..Default::default()
            },
        })
        .await
        .unwrap();
    assert_eq!(full.app_identifier, "admin-console");
    assert_eq!(full.app_type, "spa");
    assert_eq!(full.app_logo, "https://cdn.example.com/admin.png");
    assert_eq!(full.app_description.as_deref(), Some("Back office"));
    assert_eq!(full.redirect_uris, ["https://admin.example.com/cb"]);
    assert_eq!(full.init_login_uri, "https://admin.example.com/login");
    assert!(full.sso_enabled);
    assert_eq!(full.oidc_config.token_endpoint_auth_method, "none");
    assert_eq!(full.oidc_config.grant_types, ["authorization_code"]);
    assert_eq!(full.oidc_config.access_token_ttl, 600);
    assert_eq!(full.register_config.default_register_method, "PASSCODE");
    assert_eq!(c.get_application(&id(&full.app_id)).await.unwrap(), full);

    // List: newest first, with the default application; keywords; paging.
    let page = c
        .list_applications(&ListApplicationsQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total_count, 4);
    assert_eq!(page.list[0].app_id, full.app_id);
    assert_eq!(page.list[3].app_id, ts.server.defaults.app_id);
    let page = c
        .list_applications(&ListApplicationsQuery {
            keywords: Some("SHOP".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    let page = c
        .list_applications(&ListApplicationsQuery {
            page: Some(2),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total_count, page.list.len()), (4, 1));
    let none = c
        .list_applications(&ListApplicationsQuery {
            is_integrate_app: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(none.total_count, 0);

    // Update changes only what is given.
    let done = c
        .update_application(&update(
            &full.app_id,
            ApplicationFields {
                app_name: Some("Admin v2".into()),
                redirect_uris: Some(vec![
                    "https://admin.example.com/cb2".into(),
                    "http://localhost:8080/cb".into(),
                ]),
                oidc_config: Some(OidcConfigInput {
                    refresh_token_ttl: Some(86_400),
                    ..Default::default()
                }),
                app_description: Some(String::new()),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    assert!(done.success);
    let got = c.get_application(&id(&full.app_id)).await.unwrap();
    assert_eq!(got.app_name, "Admin v2");
    assert_eq!(got.redirect_uris.len(), 2);
    assert_eq!(got.app_description, None, "an empty description clears it");
    assert_eq!(got.oidc_config.refresh_token_ttl, 86_400);
    assert_eq!(got.oidc_config.access_token_ttl, 600, "unchanged");
    assert_eq!(
        got.oidc_config.token_endpoint_auth_method, "none",
        "unchanged"
    );
    assert_eq!(got.app_identifier, "admin-console", "unchanged");
    assert_eq!(got.register_config, full.register_config, "unchanged");

    // Delete.
    assert!(
        c.delete_application(&id(&twin.app_id))
            .await
            .unwrap()
            .success
    );
    assert_api(c.get_application(&id(&twin.app_id)).await, 404, Some(2011));
    assert_api(
        c.delete_application(&id(&twin.app_id)).await,
        404,
        Some(2011),
    );
    let page = c
        .list_applications(&ListApplicationsQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total_count, 3);
    ts.stop().await;
}

#[tokio::test]
async fn bad_inputs_are_refused() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    let app = c.create_application(&named("Shop")).await.unwrap();

    // Missing or blank appName.
    let msg = assert_api(
        c.create_application(&CreateApplicationRequest::default())
            .await,
        400,
        Some(40000),
    );
    assert!(msg.contains("appName"), "{msg}");
    assert_api(c.create_application(&named("  ")).await, 400, None);

    // Bad members, on create and on update.
    let bad: Vec<(ApplicationFields, &str)> = vec![
        (
            token_method("client_secret_jwt"),
            "oidcConfig.token_endpoint_auth_method",
        ),
        (
            oidc(OidcConfigInput {
                introspection_endpoint_auth_method: Some("basic".into()),
                ..Default::default()
            }),
            "oidcConfig.introspection_endpoint_auth_method",
        ),
        (
            ApplicationFields {
                redirect_uris: Some(vec!["shop.example.com/cb".into()]),
                ..Default::default()
            },
            "redirectUris[0]",
        ),
        (
            ApplicationFields {
                redirect_uris: Some(vec!["https://shop.example.com/cb#frag".into()]),
                ..Default::default()
            },
            "redirectUris[0]",
        ),
        (
            ApplicationFields {
                logout_redirect_uris: Some(vec!["myapp://logout".into()]),
                ..Default::default()
            },
            "logoutRedirectUris[0]",
        ),
        (
            oidc(OidcConfigInput {
                grant_types: Some(vec!["authorization_code".into(), "saml2".into()]),
                ..Default::default()
            }),
            "oidcConfig.grant_types",
        ),
        (
            oidc(OidcConfigInput {
                response_types: Some(vec!["code token token".into()]),
                ..Default::default()
            }),
            "oidcConfig.response_types",
        ),
        (
            oidc(OidcConfigInput {
                access_token_ttl: Some(2 * 86_400),
                ..Default::default()
            }),
            "oidcConfig.access_token_ttl",
        ),
        (
            oidc(OidcConfigInput {
                refresh_token_ttl: Some(0),
                ..Default::default()
            }),
            "oidcConfig.refresh_token_ttl",
        ),
        (
            ApplicationFields {
                app_type: Some("desktop".into()),
                ..Default::default()
            },
            "appType",
        ),
        (
            ApplicationFields {
                app_identifier: Some("shop eu".into()),
                ..Default::default()
            },
            "appIdentifier",
        ),
        (
            ApplicationFields {
                app_identifier: Some("x".repeat(65)),
                ..Default::default()
            },
            "appIdentifier",
        ),
    ];
    for (fields, name) in bad {
        let mut create = fields.clone();
        create.app_name = Some("Another".into());
        let msg = assert_api(
            c.create_application(&CreateApplicationRequest { fields: create })
                .await,
            400,
            Some(40000),
        );
        assert!(msg.contains(name), "{name}: {msg}");
        let msg = assert_api(
            c.update_application(&update(&app.app_id, fields)).await,
            400,
            Some(40000),
        );
        assert!(msg.contains(name), "{name}: {msg}");
    }
    // Nothing was half-written.
    let page = c
        .list_applications(&ListApplicationsQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(c.get_application(&id(&app.app_id)).await.unwrap(), app);

    // Identifier clash: 409 / 2039, on create and update.
    let taken = CreateApplicationRequest {
        fields: ApplicationFields {
            app_name: Some("Other".into()),
            app_identifier: Some("shop".into()),
            ..Default::default()
        },
    };
    let msg = assert_api(c.create_application(&taken).await, 409, Some(2039));
    assert!(msg.contains("appIdentifier"), "{msg}");
    let other = c.create_application(&named("Other")).await.unwrap();
    let rename = ApplicationFields {
        app_identifier: Some("shop".into()),
        ..Default::default()
    };
    assert_api(
        c.update_application(&update(&other.app_id, rename)).await,
        409,
        Some(2039),
    );
    // A user conflict still says "user exists".
    let user = CreateUserRequest {
        user: CreateUserInput {
            username: Some("dup".into()),
            ..Default::default()
        },
        options: None,
    };
    c.create_user(&user).await.unwrap();
    assert_api(c.create_user(&user).await, 409, Some(2026));

    // Paging limit.
    let msg = assert_api(
        c.list_applications(&ListApplicationsQuery {
            limit: Some(51),
            ..Default::default()
        })
        .await,
        400,
        None,
    );
    assert!(msg.contains("50"), "{msg}");

    // Unknown application on every call.
    let unknown = id("0123456789abcdef01234567");
    assert_api(c.get_application(&unknown).await, 404, Some(2011));
    assert_api(
        c.update_application(&update(&unknown.app_id, ApplicationFields::default()))
            .await,
        404,
        Some(2011),
    );
    assert_api(c.delete_application(&unknown).await, 404, Some(2011));
    assert_api(c.get_application_secret(&unknown).await, 404, Some(2011));
    assert_api(
        c.refresh_application_secret(&unknown).await,
        404,
        Some(2011),
    );
    assert_api(c.get_application(&id(" ")).await, 400, Some(40000));

    // The pool's default application stays.
    let default_app = id(&ts.server.defaults.app_id);
    let msg = assert_api(c.delete_application(&default_app).await, 403, Some(40301));
    assert!(msg.contains("default"), "{msg}");
    assert!(c.get_application(&default_app).await.is_ok());

    // GenAuth features authgate does not serve are refused, not ignored.
    let saml = ApplicationFields {
        saml_provider_enabled: Some(true),
        ..Default::default()
    };
    assert_api(
        c.update_application(&update(&app.app_id, saml)).await,
        501,
        Some(50100),
    );
    ts.stop().await;
}

#[tokio::test]
async fn raw_wire_requests() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    // Python's create_application sends every member, unset ones as null.
    let body = ts
        .post_json(
            "/api/v3/create-application",
            &json!({
                "appName": "Py", "template": null, "templateData": null, "appIdentifier": null,
                "appLogo": null, "appDescription": null, "appType": "native", "defaultProtocol": null,
                "redirectUris": null, "logoutRedirectUris": null, "initLoginUri": null,
                "ssoEnabled": null, "oidcConfig": null, "samlProviderEnabled": null,
                "samlConfig": null, "oauthProviderEnabled": null, "oauthConfig": null,
                "casProviderEnabled": null, "casConfig": null, "loginConfig": null,
                "registerConfig": null, "brandingConfig": null
            }),
            Some(&token),
        )
        .await;
    assert_eq!(body["statusCode"], 200, "{body}");
    let app_id = body["data"]["appId"].as_str().unwrap().to_string();
    assert_eq!(body["data"]["appType"], "native");
    assert_eq!(body["data"]["appIdentifier"], "py");
    assert_eq!(body["data"]["brandingConfig"]["customCSSEnabled"], false);
    assert!(
        body["data"].get("secret").is_none(),
        "the secret is only read on its own"
    );

    // A camelCase top-level tokenEndpointAuthMethod (the SDKs' option name) is accepted.
    let body = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": app_id, "tokenEndpointAuthMethod": "client_secret_basic"}),
            Some(&token),
        )
        .await;
    assert_eq!(body["data"]["success"], true, "{body}");
    let got = ts
        .get_raw(
            &format!("/api/v3/get-application?appId={app_id}"),
            Some(&token),
        )
        .await;
    assert_eq!(
        got["data"]["oidcConfig"]["token_endpoint_auth_method"], "client_secret_basic",
        "{got}"
    );
    // Both spellings at once must agree.
    let body = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": app_id, "tokenEndpointAuthMethod": "none",
                    "oidcConfig": {"token_endpoint_auth_method": "client_secret_post"}}),
            Some(&token),
        )
        .await;
    assert_error(&body, 400);

    // Query-string bad inputs.
    let body = ts
        .get_raw("/api/v3/list-applications?page=1&limit=51", Some(&token))
        .await;
    assert_eq!(
        assert_error(&body, 400),
        "limit must not be greater than 50"
    );
    let body = ts.get_raw("/api/v3/get-application", Some(&token)).await;
    assert!(assert_error(&body, 400).contains("appId"), "{body}");
    let body = ts
        .get_raw(
            "/api/v3/list-applications?isIntegrateApp=False&isSelfBuiltApp=False&ssoEnabled=False&page=1&limit=10",
            Some(&token),
        )
        .await;
    assert_eq!(
        body["data"]["totalCount"], 2,
        "Node/Python default flags filter nothing: {body}"
    );
    let body = ts
        .get_raw("/api/v3/list-applications?ssoEnabled=true", Some(&token))
        .await;
    assert_error(&body, 501);
    let body = ts
        .post_json("/api/v3/delete-application", &json!({}), Some(&token))
        .await;
    assert!(assert_error(&body, 400).contains("appId"), "{body}");
    let body = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "X", "oidcConfig": {"access_token_ttl": "ten"}}),
            Some(&token),
        )
        .await;
    assert_error(&body, 400);

    // Messages follow x-authing-lang.
    let zh: Value = ts
        .http
        .post(ts.url("/api/v3/delete-application"))
        .bearer_auth(&token)
        .header("x-authing-lang", "zh-CN")
        .json(&json!({"appId": ts.server.defaults.app_id}))
        .fetch_json()
        .await;
    assert_eq!(zh["message"], "用户池的默认应用不能删除", "{zh}");
    ts.stop().await;
}

#[tokio::test]
async fn another_pools_applications_are_not_found() {
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
    let foreign = Application {
        id: "app-other".into(),
        pool_id: "pool-other".into(),
        name: "Foreign".into(),
        identifier: "foreign".into(),
        description: None,
        logo: None,
        app_type: AppType::Web,
        is_default: false,
        secret_sealed: "v1:sealed".into(),
        settings: AppSettings::default(),
        created_at: 1,
        updated_at: 1,
    };
    store.insert_app(&foreign).await.unwrap();

    let c = ts.sdk();
    let them = id("app-other");
    assert_api(c.get_application(&them).await, 404, Some(2011));
    assert_api(
        c.update_application(&update("app-other", token_method("none")))
            .await,
        404,
        Some(2011),
    );
    assert_api(c.delete_application(&them).await, 404, Some(2011));
    assert_api(c.get_application_secret(&them).await, 404, Some(2011));
    assert_api(c.refresh_application_secret(&them).await, 404, Some(2011));
    let page = c
        .list_applications(&ListApplicationsQuery {
            keywords: Some("foreign".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 0);
    // Untouched.
    assert_eq!(store.get_app("app-other").await.unwrap().unwrap(), foreign);
    // Identifiers are per pool: "foreign" is free here.
    let mine = CreateApplicationRequest {
        fields: ApplicationFields {
            app_name: Some("Mine".into()),
            app_identifier: Some("foreign".into()),
            ..Default::default()
        },
    };
    c.create_application(&mine).await.unwrap();
    ts.stop().await;
}

/// Creates the test user through the management API.
async fn make_user(ts: &TestServer, username: &str) {
    ts.sdk()
        .create_user(&CreateUserRequest {
            user: CreateUserInput {
                username: Some(username.into()),
                password: Some(PASSWORD.into()),
                ..Default::default()
            },
            options: None,
        })
        .await
        .unwrap();
}

/// `POST /api/v3/signin` by username and password with extra body members and headers.
async fn signin(
    ts: &TestServer,
    username: &str,
    extra: Value,
    headers: &[(&str, String)],
) -> Value {
    let mut body = json!({
        "connection": "PASSWORD",
        "passwordPayload": {"username": username, "password": PASSWORD},
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let mut req = ts.http.post(ts.url("/api/v3/signin")).json(&body);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    req.fetch_json().await
}

fn assert_signed_in(body: &Value) {
    assert_eq!(body["statusCode"], 200, "{body}");
    assert!(body["data"]["access_token"].as_str().is_some(), "{body}");
}

fn basic(id: &str, secret: &str) -> String {
    let raw = format!("{id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

#[tokio::test]
async fn refreshed_secret_replaces_the_old_one_at_once() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    make_user(&ts, "ada").await;
    let app = c.create_application(&named("Shop")).await.unwrap();
    let old = c
        .get_application_secret(&id(&app.app_id))
        .await
        .unwrap()
        .secret;
    assert_eq!(old.len(), 32);
    let creds = |secret: &str| json!({"client_id": app.app_id, "client_secret": secret});
    assert_signed_in(&signin(&ts, "ada", creds(&old), &[]).await);

    let new = c
        .refresh_application_secret(&id(&app.app_id))
        .await
        .unwrap()
        .secret;
    assert_ne!(new, old);
    assert_eq!(
        c.get_application_secret(&id(&app.app_id))
            .await
            .unwrap()
            .secret,
        new
    );
    let refused = signin(&ts, "ada", creds(&old), &[]).await;
    assert_error(&refused, 401);
    assert_eq!(refused["apiCode"], 40110);
    let refused = signin(
        &ts,
        "ada",
        json!({}),
        &[("authorization", basic(&app.app_id, &old))],
    )
    .await;
    assert_eq!(refused["apiCode"], 40110, "{refused}");
    assert_signed_in(&signin(&ts, "ada", creds(&new), &[]).await);

    // A deleted application cannot sign anyone in.
    c.delete_application(&id(&app.app_id)).await.unwrap();
    let gone = signin(&ts, "ada", creds(&new), &[]).await;
    assert_eq!(gone["statusCode"], 404, "{gone}");
    ts.stop().await;
}

#[tokio::test]
async fn client_authentication_follows_the_configured_method() {
    let ts = TestServer::start().await;
    let c = ts.sdk();
    make_user(&ts, "grace").await;

    // client_secret_basic, set through update-application and read back.
    let app = c.create_application(&named("Basic")).await.unwrap();
    c.update_application(&update(&app.app_id, token_method("client_secret_basic")))
        .await
        .unwrap();
    let got = c.get_application(&id(&app.app_id)).await.unwrap();
    assert_eq!(
        got.oidc_config.token_endpoint_auth_method,
        "client_secret_basic"
    );
    let secret = c
        .get_application_secret(&id(&app.app_id))
        .await
        .unwrap()
        .secret;
    let with_basic = [("authorization", basic(&app.app_id, &secret))];
    assert_signed_in(&signin(&ts, "grace", json!({}), &with_basic).await);
    let wrong = [("authorization", basic(&app.app_id, "not-the-secret"))];
    assert_eq!(
        signin(&ts, "grace", json!({}), &wrong).await["apiCode"],
        40110
    );

    // none: the app id alone signs in.
    let public = c
        .create_application(&CreateApplicationRequest {
            fields: ApplicationFields {
                app_name: Some("Public".into()),
                app_type: Some("spa".into()),
                ..token_method("none")
            },
        })
        .await
        .unwrap();
    let only_id = [("x-authing-app-id", public.app_id.clone())];
    assert_signed_in(&signin(&ts, "grace", json!({}), &only_id).await);

    // client_secret_post: the app id alone is refused.
    let post = c.create_application(&named("Post")).await.unwrap();
    let only_id = [("x-authing-app-id", post.app_id.clone())];
    let refused = signin(&ts, "grace", json!({}), &only_id).await;
    assert_error(&refused, 401);
    assert_eq!(refused["apiCode"], 40110);
    let refused = signin(&ts, "grace", json!({"client_id": post.app_id}), &[]).await;
    assert_eq!(refused["apiCode"], 40110, "{refused}");

    // Switching an app to none takes effect at once.
    c.update_application(&update(&post.app_id, token_method("none")))
        .await
        .unwrap();
    assert_signed_in(&signin(&ts, "grace", json!({}), &only_id).await);
    ts.stop().await;
}

/// Protocol settings: set by create / update (spec §5.3.7 wire names), shown by get, and
/// refused with a clear 400 when wrong.
#[tokio::test]
async fn protocol_settings_round_trip() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let body = ts
        .post_json(
            "/api/v3/create-application",
            &json!({
                "appName": "Partner portal", "appType": "web",
                "redirectUris": ["https://partner.example/cb"],
                "logoutRedirectUris": ["https://partner.example/bye"],
                "casProviderEnabled": true,
                "tokenEndpointAuthMethod": "client_secret_basic",
                "loginConfig": {"showAuthorizationPage": true},
                "oidcConfig": {
                    "grant_types": ["authorization_code", "client_credentials"],
                    "scope": "reports:read reports:read invoices",
                    "allowPkcePlain": true,
                    "access_token_ttl": 600, "id_token_ttl": 300, "refresh_token_ttl": 86400,
                    "id_token_signed_response_alg": "RS256"
                }
            }),
            Some(&token),
        )
        .await;
    assert_eq!(body["statusCode"], 200, "{body}");
    let app_id = body["data"]["appId"].as_str().unwrap().to_string();
    let stored = ts
        .server
        .state
        .store
        .get_app(&app_id)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.settings.third_party && stored.settings.cas_enabled);
    assert!(stored.settings.allow_pkce_plain);
    assert_eq!(stored.settings.client_scopes, ["reports:read", "invoices"]);

    let got = ts
        .get_raw(
            &format!("/api/v3/get-application?appId={app_id}"),
            Some(&token),
        )
        .await;
    let d = &got["data"];
    assert_eq!(d["redirectUris"], json!(["https://partner.example/cb"]));
    assert_eq!(
        d["logoutRedirectUris"],
        json!(["https://partner.example/bye"])
    );
    assert_eq!(d["casProviderEnabled"], true);
    assert_eq!(d["loginConfig"]["showAuthorizationPage"], true);
    let o = &d["oidcConfig"];
    assert_eq!(o["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(
        o["grant_types"],
        json!(["authorization_code", "client_credentials"])
    );
    assert_eq!(o["scope"], "reports:read invoices");
    assert_eq!(o["allow_pkce_plain"], true);
    assert_eq!(
        (o["access_token_ttl"].as_i64(), o["id_token_ttl"].as_i64()),
        (Some(600), Some(300))
    );
    assert_eq!(o["refresh_token_ttl"], 86400);

    // Update: back to first-party, CAS off, scopes cleared; the rest stays.
    let b = ts
        .post_json(
            "/api/v3/update-application",
            &json!({"appId": app_id, "casProviderEnabled": false,
                    "loginConfig": {"showAuthorizationPage": false},
                    "oidcConfig": {"scope": "", "allow_pkce_plain": false}}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let d = ts
        .get_raw(
            &format!("/api/v3/get-application?appId={app_id}"),
            Some(&token),
        )
        .await["data"]
        .clone();
    assert_eq!(d["casProviderEnabled"], false);
    assert_eq!(d["loginConfig"]["showAuthorizationPage"], false);
    assert_eq!(d["oidcConfig"]["scope"], "");
    assert_eq!(d["oidcConfig"]["allow_pkce_plain"], false);
    assert_eq!(
        d["oidcConfig"]["token_endpoint_auth_method"],
        "client_secret_basic"
    );
    assert_eq!(d["redirectUris"], json!(["https://partner.example/cb"]));

    // Bad values: a clear 400 naming the member, nothing changed.
    for (fields, member) in [
        (
            json!({"oidcConfig": {"grant_types": ["magic"]}}),
            "grant_types",
        ),
        (json!({"redirectUris": ["/relative/cb"]}), "redirectUris[0]"),
        (
            json!({"redirectUris": ["https://partner.example/cb#frag"]}),
            "fragment",
        ),
        (
            json!({"logoutRedirectUris": ["partner.example/bye"]}),
            "logoutRedirectUris[0]",
        ),
        (
            json!({"tokenEndpointAuthMethod": "private_key_jwt"}),
            "tokenEndpointAuthMethod",
        ),
        (
            json!({"oidcConfig": {"id_token_signed_response_alg": "HS256"}}),
            "id_token_signed_response_alg",
        ),
        (
            json!({"oidcConfig": {"access_token_ttl": 0}}),
            "access_token_ttl",
        ),
        (json!({"oidcConfig": {"scope": "a\\b"}}), "oidcConfig.scope"),
    ] {
        let mut body = fields.clone();
        body["appId"] = json!(app_id);
        let b = ts
            .post_json("/api/v3/update-application", &body, Some(&token))
            .await;
        let msg = assert_error(&b, 400);
        assert!(msg.contains(member), "{fields}: {msg}");
    }
    let after = ts
        .server
        .state
        .store
        .get_app(&app_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.settings.redirect_uris, ["https://partner.example/cb"]);
    assert_eq!(after.settings.lifetimes.access_token_ttl, 600);
    ts.stop().await;
}
