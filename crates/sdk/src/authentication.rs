//! `AuthenticationClient`: the end-user side of the API, on behalf of one application.
//!
//! The methods are grouped by family in submodules: `sign` (sign-up, sign-in, verification
//! codes), `tokens` (the OIDC token family), `offline` (local verification of access tokens
//! against the JWKS), `account` (the signed-in user's profile and account), `qrcode` and
//! `push` (QR-code and push login, with their status streams).

mod account;
mod offline;
mod permissions;
mod protocol;
mod push;
mod qrcode;
mod sign;
mod status_stream;
mod tokens;

pub use protocol::{
    AuthorizeUrlOptions, CasValidation, LogoutUrlOptions, code_challenge, generate_code_verifier,
};

use crate::client_auth::ClientCredentials;
use crate::error::{Error, Result};
use crate::http::{APP_ID_HEADER, ApiRequest, HttpLayer, LANG_HEADER, header_value};
use crate::options::{AuthenticationClientOptions, normalize_host};
use authgate_proto::oidc::{Discovery, Jwks};
use reqwest::header::{AUTHORIZATION, HeaderMap};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

/// A client of the GenAuth V3 authentication API for one application.
///
/// Every request carries `x-authing-app-id`. After [`set_access_token`](Self::set_access_token)
/// or a successful sign-in, the user's access token is sent raw in `authorization` on every
/// call, as the official SDKs do — except where the request carries the application's `Basic`
/// credentials (`client_secret_basic` on `/api/v3/signin` and the token family) or an explicit
/// `Bearer` token ([`get_user_info_by_access_token`](Self::get_user_info_by_access_token)).
///
/// The application authenticates per [`TokenEndpointAuthMethod`](crate::TokenEndpointAuthMethod),
/// as the official Node SDK does on the nine client-auth paths (spec §1.5):
///
/// | method | `/api/v3/signin` (sign-in wrappers) | `/oidc/token`, `…/introspection`, `…/revocation` |
/// |---|---|---|
/// | `client_secret_post` | `client_id` + `client_secret` in the JSON body | the same two form fields |
/// | `client_secret_basic` | `authorization: Basic base64(appId:appSecret)` | the same header |
/// | `none` | nothing | `client_id` form field |
///
/// Cloning is cheap (the HTTP client and the JWKS cache are shared); each clone has its own
/// access token, so one client can be cloned per signed-in user.
///
/// ```no_run
/// # async fn demo() -> authgate_sdk::Result<()> {
/// use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions};
///
/// let client = AuthenticationClient::new(
///     AuthenticationClientOptions::new("APP_ID", "https://example.authing.cn")
///         .with_app_secret("APP_SECRET"),
/// )?;
/// let jwks = client.get_jwks().await?;
/// println!("{} signing keys", jwks.keys.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthenticationClient {
    inner: Arc<Inner>,
    access_token: Option<String>,
}

#[derive(Debug)]
struct Inner {
    http: HttpLayer,
    credentials: ClientCredentials,
    app_id: String,
    keys: offline::KeyCache,
}

impl fmt::Debug for AuthenticationClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticationClient")
            .field("http", &self.inner.http)
            .field("credentials", &self.inner.credentials)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl AuthenticationClient {
    /// A client for the given options; no request is made yet.
    ///
    /// Fails with [`Error::Options`] when the app id is empty, the host is malformed, or a
    /// value cannot be sent as a header. A missing `app_secret` is reported only by the calls
    /// that need it.
    ///
    /// ```no_run
    /// # fn demo() -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions, TokenEndpointAuthMethod};
    ///
    /// let client = AuthenticationClient::new(
    ///     AuthenticationClientOptions::new("APP_ID", "localhost:8080")
    ///         .with_app_secret("APP_SECRET")
    ///         .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
    /// )?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn new(options: AuthenticationClientOptions) -> Result<Self> {
        if options.app_id.trim().is_empty() {
            return Err(Error::Options("app_id is empty".to_owned()));
        }
        let host = normalize_host(&options.app_host)?;
        let mut headers = HeaderMap::new();
        headers.insert(APP_ID_HEADER, header_value(&options.app_id, "app_id")?);
        if let Some(lang) = options.lang {
            headers.insert(LANG_HEADER, header_value(lang.as_str(), "lang")?);
        }
        let http = HttpLayer::new(host, options.timeout, headers)?;
        let credentials = ClientCredentials::new(
            options.app_id.clone(),
            options.app_secret,
            options.token_endpoint_auth_method,
        );
        Ok(AuthenticationClient {
            inner: Arc::new(Inner {
                http,
                credentials,
                app_id: options.app_id,
                keys: offline::KeyCache::default(),
            }),
            access_token: None,
        })
    }

    /// The normalised host the client talks to, e.g. `https://example.authing.cn`.
    ///
    /// ```no_run
    /// # fn demo() -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions};
    ///
    /// let client =
    ///     AuthenticationClient::new(AuthenticationClientOptions::new("APP_ID", "example.com/"))?;
    /// assert_eq!(client.host(), "https://example.com");
    /// # Ok(()) }
    /// ```
    pub fn host(&self) -> &str {
        self.inner.http.base_url()
    }

    /// Sets the end user's access token, sent raw in `authorization` on the calls made through
    /// this client (not its earlier clones).
    ///
    /// ```no_run
    /// # fn demo(client: authgate_sdk::AuthenticationClient, access_token: String) {
    /// let mut alice = client.clone();
    /// alice.set_access_token(access_token);
    /// assert!(alice.access_token().is_some());
    /// # }
    /// ```
    pub fn set_access_token(&mut self, token: impl Into<String>) {
        self.access_token = Some(token.into()).filter(|t| !t.is_empty());
    }

    /// The end user's access token, if one is set.
    ///
    /// ```no_run
    /// # fn demo(client: authgate_sdk::AuthenticationClient) {
    /// if client.access_token().is_none() {
    ///     println!("not signed in");
    /// }
    /// # }
    /// ```
    pub fn access_token(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// The application's credentials, for the sign-in and token endpoints.
    pub(crate) fn credentials(&self) -> &ClientCredentials {
        &self.inner.credentials
    }

    /// Sends an `/api/v3` request and decodes its envelope. The user's access token goes in
    /// `authorization` unless the request already sets it (client_secret_basic).
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        let request = self.with_user_token(request)?;
        self.inner.http.envelope(&request).await
    }

    /// Sends a protocol request (no envelope) and decodes its plain JSON; the user's access
    /// token is added as by [`call`](Self::call), as the Node SDK's HTTP client does.
    pub(crate) async fn call_plain<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        let request = self.with_user_token(request)?;
        self.inner.http.plain_json(&request).await
    }

    /// [`call_plain`](Self::call_plain) for an endpoint that answers an empty body.
    pub(crate) async fn call_plain_empty(&self, request: ApiRequest) -> Result<()> {
        let request = self.with_user_token(request)?;
        self.inner.http.plain_empty(&request).await
    }

    fn with_user_token(&self, request: ApiRequest) -> Result<ApiRequest> {
        match self.access_token.as_deref() {
            Some(token) if !request.headers().contains_key(AUTHORIZATION) => {
                let value = crate::http::sensitive_header_value(token, "the access token")?;
                Ok(request.header(AUTHORIZATION, value))
            }
            _ => Ok(request),
        }
    }

    /// `GET /oidc/.well-known/jwks.json`: the public keys that sign the tokens (plain JSON).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let jwks = client.get_jwks().await?;
    /// for key in &jwks.keys {
    ///     println!("{} {}", key.kid, key.alg);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_jwks(&self) -> Result<Jwks> {
        self.inner
            .http
            .plain_json(&ApiRequest::get("/oidc/.well-known/jwks.json"))
            .await
    }

    /// `GET /oidc/.well-known/openid-configuration`: the OpenID Provider metadata (plain
    /// JSON).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let discovery = client.get_discovery().await?;
    /// println!("issuer {}, keys at {}", discovery.issuer, discovery.jwks_uri);
    /// # Ok(()) }
    /// ```
    pub async fn get_discovery(&self) -> Result<Discovery> {
        self.inner
            .http
            .plain_json(&ApiRequest::get("/oidc/.well-known/openid-configuration"))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{Lang, TokenEndpointAuthMethod};
    use crate::responder::{Recorded, Responder};
    use serde_json::json;

    async fn server() -> Responder {
        Responder::start(|req: &Recorded| match req.path() {
            "/oidc/.well-known/jwks.json" => (
                200,
                json!({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
                                 "n": "AQAB", "e": "AQAB"}]})
                .to_string(),
            ),
            "/oidc/.well-known/openid-configuration" => (
                200,
                json!({
                    "issuer": "http://127.0.0.1/oidc",
                    "jwks_uri": "http://127.0.0.1/oidc/.well-known/jwks.json",
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "subject_types_supported": ["public"],
                    "response_types_supported": ["code"],
                    "scopes_supported": ["openid"],
                    "claims_supported": ["sub"],
                    "authorization_endpoint": "http://127.0.0.1/oidc/auth"
                })
                .to_string(),
            ),
            "/api/v3/get-profile" => (
                200,
                json!({"statusCode": 200, "message": "", "data": {"ok": true}}).to_string(),
            ),
            _ => (404, json!({"error": "not_found"}).to_string()),
        })
        .await
    }

    /// Options of app `app-1` with secret `secret-1` on `url`.
    pub(super) fn options(url: String) -> AuthenticationClientOptions {
        AuthenticationClientOptions::new("app-1", url)
            .with_app_secret("secret-1")
            .with_lang(Lang::ZhCn)
    }

    /// `Basic base64("app-1:secret-1")`.
    pub(super) const BASIC: &str = "Basic YXBwLTE6c2VjcmV0LTE=";

    /// The three methods, in the order the tests iterate them.
    pub(super) const METHODS: [TokenEndpointAuthMethod; 3] = [
        TokenEndpointAuthMethod::ClientSecretPost,
        TokenEndpointAuthMethod::ClientSecretBasic,
        TokenEndpointAuthMethod::None,
    ];

    /// A client of app `app-1` on `url` authenticating with `method`.
    pub(super) fn client(url: String, method: TokenEndpointAuthMethod) -> AuthenticationClient {
        AuthenticationClient::new(options(url).with_token_endpoint_auth_method(method)).unwrap()
    }

    /// A success envelope around `data`.
    pub(super) fn ok(data: serde_json::Value) -> (u16, String) {
        (
            200,
            json!({"statusCode": 200, "message": "", "data": data}).to_string(),
        )
    }

    /// A V3 TokenSet whose access token is `access_token`.
    pub(super) fn token_set(access_token: &str) -> serde_json::Value {
        json!({"scope": "openid profile", "access_token": access_token,
               "id_token": "idt", "token_type": "Bearer", "expire_in": 1209600,
               "expires_in": 1209600})
    }

    /// A user as the server describes it.
    pub(super) fn user(id: &str) -> serde_json::Value {
        json!({
            "userId": id, "createdAt": "2024-01-01T00:00:00.000Z",
            "updatedAt": "2024-01-01T00:00:00.000Z", "status": "Activated",
            "workStatus": "Active", "gender": "U", "emailVerified": false,
            "phoneVerified": false, "userSourceType": "register", "email": "a@example.com"
        })
    }

    #[tokio::test]
    async fn protocol_documents() {
        let srv = server().await;
        let client = AuthenticationClient::new(options(srv.url())).unwrap();
        let jwks = client.get_jwks().await.unwrap();
        assert_eq!(jwks.keys[0].kid, "k1");
        assert_eq!(jwks.keys[0].use_, "sig");
        let discovery = client.get_discovery().await.unwrap();
        assert_eq!(discovery.issuer, "http://127.0.0.1/oidc");

        let reqs = srv.requests();
        assert_eq!(reqs[0].method, "GET");
        assert_eq!(reqs[0].header("x-authing-app-id"), Some("app-1"));
        assert_eq!(reqs[0].header("x-authing-lang"), Some("zh-CN"));
        assert!(
            reqs[0]
                .header("x-authing-sdk-version")
                .unwrap()
                .starts_with("authgate-rust-sdk:")
        );
        assert_eq!(reqs[0].header("authorization"), None);
    }

    #[tokio::test]
    async fn protocol_errors_carry_the_http_status() {
        let srv = Responder::start(|_req: &Recorded| (404, "Not Found".into())).await;
        let client = AuthenticationClient::new(options(srv.url())).unwrap();
        let err = client.get_jwks().await.unwrap_err();
        assert_eq!(err.status_code(), Some(404));
    }

    #[tokio::test]
    async fn user_token_is_sent_raw_and_basic_wins_where_set() {
        let srv = server().await;
        let anonymous = AuthenticationClient::new(options(srv.url())).unwrap();
        let mut alice = anonymous.clone();
        alice.set_access_token("tok-alice");
        assert_eq!(alice.access_token(), Some("tok-alice"));
        assert_eq!(anonymous.access_token(), None);
        assert!(!format!("{alice:?}").contains("tok-alice"));

        let _: serde_json::Value = alice
            .call(ApiRequest::get("/api/v3/get-profile"))
            .await
            .unwrap();
        let _: serde_json::Value = anonymous
            .call(ApiRequest::get("/api/v3/get-profile"))
            .await
            .unwrap();

        // A client_secret_basic request keeps its Basic header.
        let basic = AuthenticationClient::new(
            options(srv.url())
                .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
        )
        .unwrap();
        let mut basic_alice = basic.clone();
        basic_alice.set_access_token("tok-alice");
        let mut req = ApiRequest::post("/api/v3/get-profile")
            .json(&json!({"a": 1}))
            .unwrap();
        basic_alice.credentials().apply_to_json(&mut req).unwrap();
        let _: serde_json::Value = basic_alice.call(req).await.unwrap();

        let reqs = srv.requests();
        assert_eq!(reqs[0].header("authorization"), Some("tok-alice"));
        assert_eq!(reqs[1].header("authorization"), None);
        assert_eq!(
            reqs[2].header("authorization"),
            Some("Basic YXBwLTE6c2VjcmV0LTE=")
        );
        assert_eq!(reqs[2].json(), json!({"a": 1}));
    }

    #[test]
    fn bad_options_are_refused() {
        for options in [
            AuthenticationClientOptions::new("", "example.com"),
            AuthenticationClientOptions::new("app", ""),
            AuthenticationClientOptions::new("app\r\n", "example.com"),
            AuthenticationClientOptions::new("app", "mailto:x@y"),
        ] {
            assert!(
                matches!(
                    AuthenticationClient::new(options.clone()),
                    Err(Error::Options(_))
                ),
                "{options:?}"
            );
        }
        // No secret is fine until a call needs one.
        let c = AuthenticationClient::new(AuthenticationClientOptions::new("app", "example.com/"))
            .unwrap();
        assert_eq!(c.host(), "https://example.com");
        assert_eq!(
            c.credentials().method(),
            TokenEndpointAuthMethod::ClientSecretPost
        );
    }
}
