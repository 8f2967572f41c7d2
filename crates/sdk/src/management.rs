//! `ManagementClient`: the management API with a bearer management token (spec §1.6.1, §5).

mod access_keys;
mod audit;
mod departments;
mod groups;
mod permissions;
mod roles;

use crate::error::{Error, Result};
use crate::http::{
    APP_ID_HEADER, ApiRequest, HttpLayer, LANG_HEADER, USERPOOL_ID_HEADER, header_value,
    sensitive_header_value,
};
use crate::options::{ManagementClientOptions, normalize_host};
use crate::token_provider::{CachedToken, TokenProvider};
use authgate_proto::apps::{
    AppIdRequest, ApplicationDto, ApplicationSecretData, CreateApplicationRequest,
    ListApplicationsQuery, UpdateApplicationRequest,
};
use authgate_proto::envelope::ExistsData;
use authgate_proto::mgmt::ManagementToken;
use authgate_proto::users::{
    CreateUserRequest, CreateUsersBatchRequest, DeleteUsersBatchRequest, GetUserBatchQuery,
    GetUserQuery, IsUserExistsRequest, ListUsersLegacyQuery, ListUsersRequest, UpdateUserRequest,
    UserDto,
};
use authgate_proto::{Page, SuccessData};
use reqwest::header::{AUTHORIZATION, HeaderMap};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Instant;

/// A client of the GenAuth V3 management API.
///
/// It fetches a management token with the access key on first use, caches it, renews it 60 s
/// before it expires (and once more if the server answers `statusCode` 401), and sends it as
/// `authorization: Bearer …` with `x-authing-userpool-id` read from the token. Cloning is cheap
/// and clones share the token cache; the client can be used from many tasks at once.
///
/// ```no_run
/// # async fn demo() -> authgate_sdk::Result<()> {
/// use authgate_sdk::{ManagementClient, ManagementClientOptions};
/// use authgate_sdk::proto::users::GetUserQuery;
///
/// let client = ManagementClient::new(
///     ManagementClientOptions::new("USERPOOL_ID", "USERPOOL_SECRET").with_host("localhost:8080"),
/// )?;
/// let user = client
///     .get_user(&GetUserQuery { user_id: "u_123".into(), ..Default::default() })
///     .await?;
/// println!("{:?}", user.email);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ManagementClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: HttpLayer,
    tokens: TokenProvider,
}

impl ManagementClient {
    /// A client for the given options; no request is made yet.
    ///
    /// Fails with [`Error::Options`] when the access key is empty, the host is malformed, or a
    /// value cannot be sent as a header.
    ///
    /// ```no_run
    /// # fn demo() -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{Lang, ManagementClient, ManagementClientOptions};
    ///
    /// let client = ManagementClient::new(
    ///     ManagementClientOptions::new("USERPOOL_ID", "USERPOOL_SECRET")
    ///         .with_host("https://auth.example.com")
    ///         .with_lang(Lang::EnUs),
    /// )?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn new(options: ManagementClientOptions) -> Result<Self> {
        if options.access_key_id.trim().is_empty() {
            return Err(Error::Options("access_key_id is empty".to_owned()));
        }
        if options.access_key_secret.is_empty() {
            return Err(Error::Options("access_key_secret is empty".to_owned()));
        }
        let host = normalize_host(&options.host)?;
        let mut headers = HeaderMap::new();
        if let Some(lang) = options.lang {
            headers.insert(LANG_HEADER, header_value(lang.as_str(), "lang")?);
        }
        if let Some(tenant_id) = options.tenant_id.as_deref().filter(|t| !t.is_empty()) {
            headers.insert(APP_ID_HEADER, header_value(tenant_id, "tenant_id")?);
        }
        let http = HttpLayer::new(host, options.timeout, headers)?;
        Ok(ManagementClient {
            inner: Arc::new(Inner {
                http,
                tokens: TokenProvider::new(options.access_key_id, options.access_key_secret),
            }),
        })
    }

    /// The normalised host the client talks to, e.g. `https://api.authing.cn`.
    ///
    /// ```no_run
    /// # fn demo() -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{ManagementClient, ManagementClientOptions};
    ///
    /// let client = ManagementClient::new(
    ///     ManagementClientOptions::new("AK", "SK").with_host("auth.example.com/"),
    /// )?;
    /// assert_eq!(client.host(), "https://auth.example.com");
    /// # Ok(()) }
    /// ```
    pub fn host(&self) -> &str {
        self.inner.http.base_url()
    }

    /// Sends `request` with the management token; when the server answers `statusCode` 401,
    /// renews the token and sends it once more.
    async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        let http = &self.inner.http;
        let token = self.inner.tokens.token(http).await?;
        match http.envelope_with(&request, &auth_headers(&token)?).await {
            Err(Error::Api {
                status_code: 401, ..
            }) => {
                self.inner.tokens.invalidate(&token.access_token).await;
                let token = self.inner.tokens.token(http).await?;
                http.envelope_with(&request, &auth_headers(&token)?).await
            }
            other => other,
        }
    }

    /// `POST /api/v3/get-management-token`: the management token the client uses, fetched
    /// when none is cached or the cached one is due for renewal. `expires_in` is the number
    /// of seconds left before it expires.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// let token = client.get_management_token().await?;
    /// println!("valid for another {} s", token.expires_in);
    /// # Ok(()) }
    /// ```
    pub async fn get_management_token(&self) -> Result<ManagementToken> {
        let token = self.inner.tokens.token(&self.inner.http).await?;
        Ok(token.describe(Instant::now()))
    }

    /// `POST /api/v3/create-user`: creates one user.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::{CreateUserInput, CreateUserRequest};
    ///
    /// let user = client
    ///     .create_user(&CreateUserRequest {
    ///         user: CreateUserInput {
    ///             email: Some("alice@example.com".into()),
    ///             password: Some("correct horse battery staple".into()),
    ///             ..Default::default()
    ///         },
    ///         options: None,
    ///     })
    ///     .await?;
    /// println!("created {}", user.user_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_user(&self, request: &CreateUserRequest) -> Result<UserDto> {
        self.call(ApiRequest::post("/api/v3/create-user").json(request)?)
            .await
    }

    /// `POST /api/v3/create-users-batch`: creates several users at once.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::{CreateUserInput, CreateUsersBatchRequest};
    ///
    /// let list = ["bob", "carol"]
    ///     .into_iter()
    ///     .map(|name| CreateUserInput { username: Some(name.into()), ..Default::default() })
    ///     .collect();
    /// let users = client
    ///     .create_users_batch(&CreateUsersBatchRequest { list, options: None })
    ///     .await?;
    /// assert_eq!(users.len(), 2);
    /// # Ok(()) }
    /// ```
    pub async fn create_users_batch(
        &self,
        request: &CreateUsersBatchRequest,
    ) -> Result<Vec<UserDto>> {
        self.call(ApiRequest::post("/api/v3/create-users-batch").json(request)?)
            .await
    }

    /// `GET /api/v3/get-user`: one user, looked up per `userIdType`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::GetUserQuery;
    ///
    /// let user = client
    ///     .get_user(&GetUserQuery {
    ///         user_id: "alice@example.com".into(),
    ///         user_id_type: Some("email".into()),
    ///         with_custom_data: Some(true),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} {:?}", user.user_id, user.custom_data);
    /// # Ok(()) }
    /// ```
    pub async fn get_user(&self, query: &GetUserQuery) -> Result<UserDto> {
        self.call(ApiRequest::get("/api/v3/get-user").query(query)?)
            .await
    }

    /// `GET /api/v3/get-user-batch`: several users; `userIds` is sent as repeated keys.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::GetUserBatchQuery;
    ///
    /// let users = client
    ///     .get_user_batch(&GetUserBatchQuery {
    ///         user_ids: vec!["u_1".into(), "u_2".into()],
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} found", users.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_user_batch(&self, query: &GetUserBatchQuery) -> Result<Vec<UserDto>> {
        self.call(ApiRequest::get("/api/v3/get-user-batch").query(query)?)
            .await
    }

    /// `POST /api/v3/list-users`: searches and pages through users.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::envelope::Pagination;
    /// use authgate_sdk::proto::users::{ListUsersOptions, ListUsersRequest};
    ///
    /// let page = client
    ///     .list_users(&ListUsersRequest {
    ///         keywords: Some("example.com".into()),
    ///         options: Some(ListUsersOptions {
    ///             pagination: Some(Pagination { page: Some(1), limit: Some(50) }),
    ///             ..Default::default()
    ///         }),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} of {}", page.list.len(), page.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn list_users(&self, request: &ListUsersRequest) -> Result<Page<UserDto>> {
        self.call(ApiRequest::post("/api/v3/list-users").json(request)?)
            .await
    }

    /// `GET /api/v3/list-users` (deprecated by GenAuth): pages through users.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::ListUsersLegacyQuery;
    ///
    /// let page = client
    ///     .list_users_legacy(&ListUsersLegacyQuery {
    ///         page: Some(2),
    ///         limit: Some(20),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} users in total", page.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn list_users_legacy(&self, query: &ListUsersLegacyQuery) -> Result<Page<UserDto>> {
        self.call(ApiRequest::get("/api/v3/list-users").query(query)?)
            .await
    }

    /// `POST /api/v3/update-user`: changes the fields that are set (also the password and the
    /// status).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::user_types::UserStatus;
    /// use authgate_sdk::proto::users::{UpdateUserRequest, UserFields};
    ///
    /// let user = client
    ///     .update_user(&UpdateUserRequest {
    ///         user_id: "u_123".into(),
    ///         fields: UserFields {
    ///             status: Some(UserStatus::Suspended),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// assert_eq!(user.status, UserStatus::Suspended);
    /// # Ok(()) }
    /// ```
    pub async fn update_user(&self, request: &UpdateUserRequest) -> Result<UserDto> {
        self.call(ApiRequest::post("/api/v3/update-user").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-users-batch`: deletes users.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::DeleteUsersBatchRequest;
    ///
    /// let done = client
    ///     .delete_users_batch(&DeleteUsersBatchRequest {
    ///         user_ids: vec!["u_1".into(), "u_2".into()],
    ///         options: None,
    ///     })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn delete_users_batch(
        &self,
        request: &DeleteUsersBatchRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-users-batch").json(request)?)
            .await
    }

    /// `POST /api/v3/is-user-exists`: whether a user with this username, email, phone or
    /// external id exists.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::users::IsUserExistsRequest;
    ///
    /// let found = client
    ///     .is_user_exists(&IsUserExistsRequest {
    ///         email: Some("alice@example.com".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("exists: {}", found.exists);
    /// # Ok(()) }
    /// ```
    pub async fn is_user_exists(&self, request: &IsUserExistsRequest) -> Result<ExistsData> {
        self.call(ApiRequest::post("/api/v3/is-user-exists").json(request)?)
            .await
    }

    /// `POST /api/v3/create-application`: creates an application with its own id and client
    /// secret (read it with [`ManagementClient::get_application_secret`]).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::{ApplicationFields, CreateApplicationRequest, OidcConfigInput};
    ///
    /// let app = client
    ///     .create_application(&CreateApplicationRequest {
    ///         fields: ApplicationFields {
    ///             app_name: Some("Shop".into()),
    ///             app_type: Some("spa".into()),
    ///             redirect_uris: Some(vec!["https://shop.example.com/callback".into()]),
    ///             oidc_config: Some(OidcConfigInput {
    ///                 token_endpoint_auth_method: Some("none".into()),
    ///                 ..Default::default()
    ///             }),
    ///             ..Default::default()
    ///         },
    ///     })
    ///     .await?;
    /// println!("client_id {}", app.app_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_application(
        &self,
        request: &CreateApplicationRequest,
    ) -> Result<ApplicationDto> {
        self.call(ApiRequest::post("/api/v3/create-application").json(request)?)
            .await
    }

    /// `GET /api/v3/get-application`: one application.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::AppIdRequest;
    ///
    /// let app = client
    ///     .get_application(&AppIdRequest { app_id: "app_123".into() })
    ///     .await?;
    /// println!("{} uses {}", app.app_name, app.oidc_config.token_endpoint_auth_method);
    /// # Ok(()) }
    /// ```
    pub async fn get_application(&self, query: &AppIdRequest) -> Result<ApplicationDto> {
        self.call(ApiRequest::get("/api/v3/get-application").query(query)?)
            .await
    }

    /// `GET /api/v3/list-applications`: pages through the pool's applications.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::ListApplicationsQuery;
    ///
    /// let page = client
    ///     .list_applications(&ListApplicationsQuery {
    ///         keywords: Some("shop".into()),
    ///         limit: Some(50),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{} of {}", page.list.len(), page.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn list_applications(
        &self,
        query: &ListApplicationsQuery,
    ) -> Result<Page<ApplicationDto>> {
        self.call(ApiRequest::get("/api/v3/list-applications").query(query)?)
            .await
    }

    /// `POST /api/v3/update-application`: changes the members that are set.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::{ApplicationFields, OidcConfigInput, UpdateApplicationRequest};
    ///
    /// let done = client
    ///     .update_application(&UpdateApplicationRequest {
    ///         app_id: "app_123".into(),
    ///         fields: ApplicationFields {
    ///             oidc_config: Some(OidcConfigInput {
    ///                 token_endpoint_auth_method: Some("client_secret_basic".into()),
    ///                 access_token_ttl: Some(3600),
    ///                 ..Default::default()
    ///             }),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn update_application(
        &self,
        request: &UpdateApplicationRequest,
    ) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/update-application").json(request)?)
            .await
    }

    /// `POST /api/v3/delete-application`: deletes an application (not the pool's default).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::AppIdRequest;
    ///
    /// let done = client
    ///     .delete_application(&AppIdRequest { app_id: "app_123".into() })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn delete_application(&self, request: &AppIdRequest) -> Result<SuccessData> {
        self.call(ApiRequest::post("/api/v3/delete-application").json(request)?)
            .await
    }

    /// `GET /api/v3/get-application-secret`: an application's client secret.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::AppIdRequest;
    ///
    /// let secret = client
    ///     .get_application_secret(&AppIdRequest { app_id: "app_123".into() })
    ///     .await?;
    /// # let _ = secret; Ok(()) }
    /// ```
    pub async fn get_application_secret(
        &self,
        query: &AppIdRequest,
    ) -> Result<ApplicationSecretData> {
        self.call(ApiRequest::get("/api/v3/get-application-secret").query(query)?)
            .await
    }

    /// `POST /api/v3/refresh-application-secret`: replaces an application's client secret;
    /// the old one stops working at once.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::ManagementClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::apps::AppIdRequest;
    ///
    /// let fresh = client
    ///     .refresh_application_secret(&AppIdRequest { app_id: "app_123".into() })
    ///     .await?;
    /// # let _ = fresh; Ok(()) }
    /// ```
    pub async fn refresh_application_secret(
        &self,
        request: &AppIdRequest,
    ) -> Result<ApplicationSecretData> {
        self.call(ApiRequest::post("/api/v3/refresh-application-secret").json(request)?)
            .await
    }
}

/// `authorization: Bearer …` and `x-authing-userpool-id` for `token`.
fn auth_headers(token: &CachedToken) -> Result<HeaderMap> {
    let mut headers = HeaderMap::with_capacity(2);
    headers.insert(
        AUTHORIZATION,
        sensitive_header_value(
            &format!("Bearer {}", token.access_token),
            "the management token",
        )?,
    );
    if let Some(pool) = token.userpool_id.as_deref() {
        headers.insert(
            USERPOOL_ID_HEADER,
            header_value(pool, "scoped_userpool_id")?,
        );
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Lang;
    use crate::responder::{Recorded, Responder};
    use crate::token_provider::TOKEN_PATH;
    use crate::token_provider::tests::jwt;
    use serde_json::json;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn user_json(id: &str) -> serde_json::Value {
        json!({
            "userId": id, "createdAt": "2024-01-01T00:00:00.000Z",
            "updatedAt": "2024-01-01T00:00:00.000Z", "status": "Activated",
            "workStatus": "Active", "gender": "U", "emailVerified": false,
            "phoneVerified": false, "userSourceType": "adminCreated", "email": "a@example.com"
        })
    }

    fn ok(data: serde_json::Value) -> (u16, String) {
        (
            200,
            json!({"statusCode": 200, "message": "", "data": data}).to_string(),
        )
    }

    fn token_answer(n: usize, expires_in: i64) -> (u16, String) {
        let token = jwt(&json!({"scoped_userpool_id": "pool-1", "n": n}));
        ok(json!({"access_token": token, "expires_in": expires_in}))
    }

    /// A server issuing tokens with `expires_in` and answering every other path with a user.
    async fn server(expires_in: i64) -> Responder {
        let issued = AtomicUsize::new(0);
        Responder::start(move |req: &Recorded| {
            if req.path() == TOKEN_PATH {
                token_answer(issued.fetch_add(1, Ordering::SeqCst), expires_in)
            } else {
                ok(user_json("u1"))
            }
        })
        .await
    }

    fn client(url: String) -> ManagementClient {
        ManagementClient::new(
            ManagementClientOptions::new("pool-ak", "pool-sk")
                .with_host(url)
                .with_lang(Lang::EnUs)
                .with_tenant_id("tenant-7"),
        )
        .unwrap()
    }

    fn get_user_query() -> GetUserQuery {
        GetUserQuery {
            user_id: "u1".into(),
            with_custom_data: Some(false),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn token_is_fetched_once_and_sent_with_the_pool_id() {
        let srv = server(7200).await;
        let client = client(srv.url());
        let user = client.get_user(&get_user_query()).await.unwrap();
        assert_eq!(user.user_id, "u1");
        client.clone().get_user(&get_user_query()).await.unwrap();
        assert_eq!(srv.count(TOKEN_PATH), 1);

        let reqs = srv.requests();
        let token_req = &reqs[0];
        assert_eq!(token_req.method, "POST");
        assert_eq!(
            token_req.json(),
            json!({"accessKeyId": "pool-ak", "accessKeySecret": "pool-sk"})
        );
        assert_eq!(token_req.header("authorization"), None);
        assert_eq!(token_req.header("x-authing-userpool-id"), None);

        let call = &reqs[1];
        assert_eq!(
            call.sorted_target(),
            "/api/v3/get-user?userId=u1&withCustomData=false"
        );
        let expected_token = jwt(&json!({"scoped_userpool_id": "pool-1", "n": 0}));
        assert_eq!(
            call.header("authorization"),
            Some(format!("Bearer {expected_token}").as_str())
        );
        assert_eq!(call.header("x-authing-userpool-id"), Some("pool-1"));
        assert_eq!(call.header("x-authing-lang"), Some("en-US"));
        assert_eq!(call.header("x-authing-app-id"), Some("tenant-7"));
        assert!(
            call.header("x-authing-sdk-version")
                .unwrap()
                .starts_with("authgate-rust-sdk:")
        );

        let token = client.get_management_token().await.unwrap();
        assert_eq!(token.access_token, expected_token);
        assert!((7100..=7200).contains(&token.expires_in));
        assert_eq!(srv.count(TOKEN_PATH), 1);
    }

    #[tokio::test]
    async fn concurrent_calls_share_one_fetch() {
        let srv = server(7200).await;
        let client = client(srv.url());
        let calls = (0..8).map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.get_user(&get_user_query()).await })
        });
        for call in calls.collect::<Vec<_>>() {
            call.await.unwrap().unwrap();
        }
        assert_eq!(srv.count(TOKEN_PATH), 1);
        assert_eq!(srv.count("/api/v3/get-user"), 8);
    }

    #[tokio::test]
    async fn token_due_for_renewal_is_fetched_again() {
        // 60 s of lifetime: due for renewal as soon as it arrives.
        let srv = server(60).await;
        let client = client(srv.url());
        client.get_user(&get_user_query()).await.unwrap();
        client.get_user(&get_user_query()).await.unwrap();
        assert_eq!(srv.count(TOKEN_PATH), 2);
        let reqs = srv.requests();
        let calls: Vec<_> = reqs.iter().filter(|r| r.path() != TOKEN_PATH).collect();
        assert_ne!(
            calls[0].header("authorization"),
            calls[1].header("authorization")
        );
    }

    #[tokio::test]
    async fn a_401_renews_the_token_and_retries_once() {
        let issued = AtomicUsize::new(0);
        let srv = Responder::start(move |req: &Recorded| {
            if req.path() == TOKEN_PATH {
                return token_answer(issued.fetch_add(1, Ordering::SeqCst), 7200);
            }
            // Only the second token (n = 1) is accepted.
            let good = jwt(&json!({"scoped_userpool_id": "pool-1", "n": 1}));
            if req.header("authorization") == Some(format!("Bearer {good}").as_str()) {
                ok(json!({"exists": true}))
            } else {
                (
                    200,
                    json!({"statusCode": 401, "message": "token expired"}).to_string(),
                )
            }
        })
        .await;
        let client = client(srv.url());
        let req = IsUserExistsRequest {
            username: Some("bob".into()),
            ..Default::default()
        };
        assert!(client.is_user_exists(&req).await.unwrap().exists);
        assert_eq!(srv.count(TOKEN_PATH), 2);
        assert_eq!(srv.count("/api/v3/is-user-exists"), 2);
        // The renewed token is cached.
        assert!(client.is_user_exists(&req).await.unwrap().exists);
        assert_eq!(srv.count(TOKEN_PATH), 2);
    }

    #[tokio::test]
    async fn a_persistent_401_is_returned_after_one_retry() {
        let srv = Responder::start(|req: &Recorded| {
            if req.path() == TOKEN_PATH {
                token_answer(0, 7200)
            } else {
                (
                    200,
                    json!({"statusCode": 401, "message": "no", "apiCode": 1001}).to_string(),
                )
            }
        })
        .await;
        let err = client(srv.url())
            .get_user(&get_user_query())
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(401));
        assert_eq!(err.api_code(), Some(1001));
        assert_eq!(srv.count(TOKEN_PATH), 2);
        assert_eq!(srv.count("/api/v3/get-user"), 2);
    }

    #[tokio::test]
    async fn token_endpoint_errors_surface_as_api_errors() {
        let srv = Responder::start(|_req: &Recorded| {
            (
                200,
                json!({"statusCode": 400, "message": "invalid accessKeySecret", "apiCode": 2001})
                    .to_string(),
            )
        })
        .await;
        let client = client(srv.url());
        let err = client.get_management_token().await.unwrap_err();
        assert_eq!(err.status_code(), Some(400));
        assert_eq!(err.api_code(), Some(2001));
        // Nothing was cached: the next call asks again.
        assert!(client.get_user(&get_user_query()).await.is_err());
        assert_eq!(srv.count(TOKEN_PATH), 2);
        assert_eq!(srv.count("/api/v3/get-user"), 0);
    }

    #[tokio::test]
    async fn every_user_method_hits_its_endpoint() {
        let srv = Responder::start(|req: &Recorded| match req.path() {
            TOKEN_PATH => token_answer(0, 7200),
            "/api/v3/create-user" | "/api/v3/get-user" | "/api/v3/update-user" => {
                ok(user_json("u1"))
            }
            "/api/v3/create-users-batch" | "/api/v3/get-user-batch" => {
                ok(json!([user_json("u1"), user_json("u2")]))
            }
            "/api/v3/list-users" => ok(json!({"totalCount": 2, "list": [user_json("u1")]})),
            "/api/v3/delete-users-batch" => ok(json!({"success": true})),
            "/api/v3/is-user-exists" => ok(json!({"exists": false})),
            _ => (
                200,
                json!({"statusCode": 404, "message": "no route"}).to_string(),
            ),
        })
        .await;
        let c = client(srv.url());
        let created = c
            .create_user(&CreateUserRequest {
                user: authgate_proto::users::CreateUserInput {
                    username: Some("bob".into()),
                    ..Default::default()
                },
                options: None,
            })
            .await
            .unwrap();
        assert_eq!(created.user_id, "u1");
        let batch = c
            .create_users_batch(&CreateUsersBatchRequest::default())
            .await
            .unwrap();
        assert_eq!(batch.len(), 2);
        let batch = c
            .get_user_batch(&GetUserBatchQuery {
                user_ids: vec!["u1".into(), "u2".into()],
                with_identities: Some(true),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(batch[1].user_id, "u2");
        let page = c.list_users(&ListUsersRequest::default()).await.unwrap();
        assert_eq!(page.total_count, 2);
        let page = c
            .list_users_legacy(&ListUsersLegacyQuery {
                page: Some(1),
                limit: Some(10),
                status: Some(authgate_proto::user_types::UserStatus::Activated),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.list.len(), 1);
        let updated = c
            .update_user(&UpdateUserRequest {
                user_id: "u1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(updated.email.as_deref(), Some("a@example.com"));
        assert!(
            c.delete_users_batch(&DeleteUsersBatchRequest {
                user_ids: vec!["u1".into()],
                options: None,
            })
            .await
            .unwrap()
            .success
        );
        assert!(
            !c.is_user_exists(&IsUserExistsRequest::default())
                .await
                .unwrap()
                .exists
        );

        let reqs = srv.requests();
        let seen: Vec<(String, String)> = reqs
            .iter()
            .filter(|r| r.path() != TOKEN_PATH)
            .map(|r| (r.method.clone(), r.sorted_target()))
            .collect();
        let expected = [
            ("POST", "/api/v3/create-user"),
            ("POST", "/api/v3/create-users-batch"),
            (
                "GET",
                "/api/v3/get-user-batch?userIds=u1&userIds=u2&withIdentities=true",
            ),
            ("POST", "/api/v3/list-users"),
            ("GET", "/api/v3/list-users?limit=10&page=1&status=Activated"),
            ("POST", "/api/v3/update-user"),
            ("POST", "/api/v3/delete-users-batch"),
            ("POST", "/api/v3/is-user-exists"),
        ];
        assert_eq!(
            seen,
            expected
                .iter()
                .map(|(m, t)| (m.to_string(), t.to_string()))
                .collect::<Vec<_>>()
        );
        let create = reqs
            .iter()
            .find(|r| r.path() == "/api/v3/create-user")
            .unwrap();
        assert_eq!(create.json(), json!({"username": "bob"}));
        let update = reqs
            .iter()
            .find(|r| r.path() == "/api/v3/update-user")
            .unwrap();
        assert_eq!(update.json(), json!({"userId": "u1"}));
    }

    #[tokio::test]
    async fn every_application_method_hits_its_endpoint() {
        let app = json!({"appId": "a1", "appName": "Shop",
                         "oidcConfig": {"token_endpoint_auth_method": "none"}});
        let srv = Responder::start(move |req: &Recorded| match req.path() {
            TOKEN_PATH => token_answer(0, 7200),
            "/api/v3/create-application" | "/api/v3/get-application" => ok(app.clone()),
            "/api/v3/list-applications" => ok(json!({"totalCount": 1, "list": [app.clone()]})),
            "/api/v3/update-application" | "/api/v3/delete-application" => {
                ok(json!({"success": true}))
            }
            "/api/v3/get-application-secret" | "/api/v3/refresh-application-secret" => {
                ok(json!({"secret": "s1"}))
            }
            _ => (
                200,
                json!({"statusCode": 404, "message": "no route"}).to_string(),
            ),
        })
        .await;
        let c = client(srv.url());
        let id = AppIdRequest {
            app_id: "a1".into(),
        };
        let created = c
            .create_application(&CreateApplicationRequest {
                fields: authgate_proto::apps::ApplicationFields {
                    app_name: Some("Shop".into()),
                    ..Default::default()
                },
            })
            .await
            .unwrap();
        assert_eq!(created.oidc_config.token_endpoint_auth_method, "none");
        assert_eq!(c.get_application(&id).await.unwrap().app_name, "Shop");
        let page = c
            .list_applications(&ListApplicationsQuery {
                page: Some(1),
                keywords: Some("sh".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total_count, 1);
        let update = UpdateApplicationRequest {
            app_id: "a1".into(),
            ..Default::default()
        };
        assert!(c.update_application(&update).await.unwrap().success);
        assert!(c.delete_application(&id).await.unwrap().success);
        assert_eq!(c.get_application_secret(&id).await.unwrap().secret, "s1");
        assert_eq!(
            c.refresh_application_secret(&id).await.unwrap().secret,
            "s1"
        );

        let reqs = srv.requests();
        let seen: Vec<(String, String)> = reqs
            .iter()
            .filter(|r| r.path() != TOKEN_PATH)
            .map(|r| (r.method.clone(), r.sorted_target()))
            .collect();
        let expected = [
            ("POST", "/api/v3/create-application"),
            ("GET", "/api/v3/get-application?appId=a1"),
            ("GET", "/api/v3/list-applications?keywords=sh&page=1"),
            ("POST", "/api/v3/update-application"),
            ("POST", "/api/v3/delete-application"),
            ("GET", "/api/v3/get-application-secret?appId=a1"),
            ("POST", "/api/v3/refresh-application-secret"),
        ];
        assert_eq!(
            seen,
            expected
                .iter()
                .map(|(m, t)| (m.to_string(), t.to_string()))
                .collect::<Vec<_>>()
        );
        let body = |path: &str| reqs.iter().find(|r| r.path() == path).unwrap().json();
        assert_eq!(
            body("/api/v3/create-application"),
            json!({"appName": "Shop"})
        );
        assert_eq!(body("/api/v3/update-application"), json!({"appId": "a1"}));
        assert_eq!(
            body("/api/v3/refresh-application-secret"),
            json!({"appId": "a1"})
        );
    }

    #[test]
    fn bad_options_are_refused() {
        let bad = [
            ManagementClientOptions::new("", "sk"),
            ManagementClientOptions::new("ak", ""),
            ManagementClientOptions::new("ak", "sk").with_host("ftp://x"),
            ManagementClientOptions::new("ak", "sk").with_tenant_id("bad\nvalue"),
        ];
        for options in bad {
            assert!(
                matches!(
                    ManagementClient::new(options.clone()),
                    Err(Error::Options(_))
                ),
                "{options:?}"
            );
        }
        let c = ManagementClient::new(
            ManagementClientOptions::new("ak", "sk").with_host("auth.example.com/"),
        )
        .unwrap();
        assert_eq!(c.host(), "https://auth.example.com");
    }
}
