//! Sign-up, sign-in and verification codes (spec §2.1, §2.4).
//!
//! The wrappers build the payloads the official SDKs build (`signInByEmailPassword` →
//! `connection: PASSWORD`, `passwordPayload: {email, password}`, ...) and send them through
//! one private helper per family, which adds the client credentials (sign-in) and stores the
//! access token.

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::auth::{
    Connection, PassCodePayload, PasswordPayload, SendEmailRequest, SendSmsRequest, SignInOptions,
    SignInRequest, SignUpOptions, SignUpProfile, SignUpRequest,
};
use authgate_proto::tokens::TokenSet;
use authgate_proto::users::UserDto;

/// The sign-in endpoint, one of the nine client-auth paths.
const SIGNIN_PATH: &str = "/api/v3/signin";

impl AuthenticationClient {
    /// `POST /api/v3/signup`: registers a user with the request as given (node `signUp`).
    /// No client credentials are sent: sign-up is public.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::auth::{Connection, PasswordPayload, SignUpRequest};
    ///
    /// let user = client
    ///     .sign_up(&SignUpRequest {
    ///         connection: Connection::Password,
    ///         password_payload: Some(PasswordPayload {
    ///             username: Some("alice".into()),
    ///             password: "correct horse battery staple".into(),
    ///             ..Default::default()
    ///         }),
    ///         pass_code_payload: None,
    ///         profile: None,
    ///         options: None,
    ///     })
    ///     .await?;
    /// println!("registered {}", user.user_id);
    /// # Ok(()) }
    /// ```
    pub async fn sign_up(&self, request: &SignUpRequest) -> Result<UserDto> {
        self.call(ApiRequest::post("/api/v3/signup").json(request)?)
            .await
    }

    /// Registers with email + password: `connection: PASSWORD`,
    /// `passwordPayload: {email, password}`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::auth::SignUpProfile;
    ///
    /// let profile = SignUpProfile { phone: Some("13800000000".into()), ..Default::default() };
    /// let user = client
    ///     .sign_up_by_email_password("alice@example.com", "s3cret!pass", Some(profile), None)
    ///     .await?;
    /// assert_eq!(user.email.as_deref(), Some("alice@example.com"));
    /// # Ok(()) }
    /// ```
    pub async fn sign_up_by_email_password(
        &self,
        email: &str,
        password: &str,
        profile: Option<SignUpProfile>,
        options: Option<SignUpOptions>,
    ) -> Result<UserDto> {
        let payload = PasswordPayload {
            email: Some(email.to_owned()),
            ..password_payload(password)
        };
        self.sign_up_with(Some(payload), None, profile, options)
            .await
    }

    /// Registers with username + password: `connection: PASSWORD`,
    /// `passwordPayload: {username, password}`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let user = client
    ///     .sign_up_by_username_password("alice", "s3cret!pass", None, None)
    ///     .await?;
    /// assert_eq!(user.username.as_deref(), Some("alice"));
    /// # Ok(()) }
    /// ```
    pub async fn sign_up_by_username_password(
        &self,
        username: &str,
        password: &str,
        profile: Option<SignUpProfile>,
        options: Option<SignUpOptions>,
    ) -> Result<UserDto> {
        let payload = PasswordPayload {
            username: Some(username.to_owned()),
            ..password_payload(password)
        };
        self.sign_up_with(Some(payload), None, profile, options)
            .await
    }

    /// Registers with email + verification code (sent by [`send_email`](Self::send_email) on
    /// `CHANNEL_REGISTER`): `connection: PASSCODE`, `passCodePayload: {email, passCode}`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_email("alice@example.com", "CHANNEL_REGISTER").await?;
    /// let code = "123456"; // read from the mailbox
    /// let user = client
    ///     .sign_up_by_email_passcode("alice@example.com", code, None, None)
    ///     .await?;
    /// println!("registered {}", user.user_id);
    /// # Ok(()) }
    /// ```
    pub async fn sign_up_by_email_passcode(
        &self,
        email: &str,
        pass_code: &str,
        profile: Option<SignUpProfile>,
        options: Option<SignUpOptions>,
    ) -> Result<UserDto> {
        let payload = PassCodePayload {
            email: Some(email.to_owned()),
            ..pass_code_payload(pass_code)
        };
        self.sign_up_with(None, Some(payload), profile, options)
            .await
    }

    /// Registers with phone + verification code (sent by [`send_sms`](Self::send_sms) on
    /// `CHANNEL_REGISTER`): `connection: PASSCODE`,
    /// `passCodePayload: {phone, passCode, phoneCountryCode}`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_sms("13800000000", "CHANNEL_REGISTER", Some("+86")).await?;
    /// let user = client
    ///     .sign_up_by_phone_passcode("13800000000", "123456", Some("+86"), None, None)
    ///     .await?;
    /// println!("registered {}", user.user_id);
    /// # Ok(()) }
    /// ```
    pub async fn sign_up_by_phone_passcode(
        &self,
        phone: &str,
        pass_code: &str,
        phone_country_code: Option<&str>,
        profile: Option<SignUpProfile>,
        options: Option<SignUpOptions>,
    ) -> Result<UserDto> {
        let payload = PassCodePayload {
            phone: Some(phone.to_owned()),
            phone_country_code: phone_country_code.map(str::to_owned),
            ..pass_code_payload(pass_code)
        };
        self.sign_up_with(None, Some(payload), profile, options)
            .await
    }

    /// The one place the sign-up wrappers build their request.
    async fn sign_up_with(
        &self,
        password_payload: Option<PasswordPayload>,
        pass_code_payload: Option<PassCodePayload>,
        profile: Option<SignUpProfile>,
        options: Option<SignUpOptions>,
    ) -> Result<UserDto> {
        let connection = if password_payload.is_some() {
            Connection::Password
        } else {
            Connection::Passcode
        };
        self.sign_up(&SignUpRequest {
            connection,
            password_payload,
            pass_code_payload,
            profile,
            options,
        })
        .await
    }

    /// `POST /api/v3/signin` with the request as given (node `signInByCredentials`): the body
    /// is sent unchanged — as in the official SDKs, this raw call does not add `client_id` /
    /// `client_secret` in `client_secret_post` mode (set them in the request, or use a
    /// `sign_in_by_*` wrapper) — and in `client_secret_basic` mode the Basic `authorization`
    /// header is added, as the Node SDK's HTTP client does on this path.
    ///
    /// On success the access token is stored in this client (see
    /// [`set_access_token`](Self::set_access_token)), so that the profile calls work at once.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::auth::{Connection, PasswordPayload, SignInOptions, SignInRequest};
    ///
    /// let tokens = client
    ///     .sign_in_by_credentials(&SignInRequest {
    ///         connection: Connection::Password,
    ///         password_payload: Some(PasswordPayload {
    ///             account: Some("alice".into()),
    ///             password: "s3cret!pass".into(),
    ///             ..Default::default()
    ///         }),
    ///         pass_code_payload: None,
    ///         options: Some(SignInOptions {
    ///             scope: Some("openid profile offline_access".into()),
    ///             ..Default::default()
    ///         }),
    ///         client_id: Some("APP_ID".into()),
    ///         client_secret: Some("APP_SECRET".into()),
    ///     })
    ///     .await?;
    /// assert_eq!(client.access_token(), Some(tokens.access_token.as_str()));
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_credentials(&mut self, request: &SignInRequest) -> Result<TokenSet> {
        let mut http = ApiRequest::post(SIGNIN_PATH).json(request)?;
        self.credentials().apply_basic_header(&mut http)?;
        self.sign_in_send(http).await
    }

    /// Signs in with email + password: `connection: PASSWORD`,
    /// `passwordPayload: {email, password}`, plus the client credentials of the configured
    /// method. Stores the access token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::GetProfileQuery;
    ///
    /// let tokens = client
    ///     .sign_in_by_email_password("alice@example.com", "s3cret!pass", None)
    ///     .await?;
    /// println!("expires in {} s", tokens.expires_in);
    /// let me = client.get_profile(&GetProfileQuery::default()).await?;
    /// assert_eq!(me.email.as_deref(), Some("alice@example.com"));
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_email_password(
        &mut self,
        email: &str,
        password: &str,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PasswordPayload {
            email: Some(email.to_owned()),
            ..password_payload(password)
        };
        self.sign_in_with(Some(payload), None, options).await
    }

    /// Signs in with phone + password: `connection: PASSWORD`,
    /// `passwordPayload: {phone, password}`, plus the client credentials. Stores the access
    /// token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let tokens = client
    ///     .sign_in_by_phone_password("13800000000", "s3cret!pass", None)
    ///     .await?;
    /// println!("{}", tokens.scope);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_phone_password(
        &mut self,
        phone: &str,
        password: &str,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PasswordPayload {
            phone: Some(phone.to_owned()),
            ..password_payload(password)
        };
        self.sign_in_with(Some(payload), None, options).await
    }

    /// Signs in with username + password: `connection: PASSWORD`,
    /// `passwordPayload: {username, password}`, plus the client credentials. Stores the access
    /// token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::auth::SignInOptions;
    ///
    /// let options = SignInOptions {
    ///     scope: Some("openid profile offline_access".into()),
    ///     ..Default::default()
    /// };
    /// let tokens = client
    ///     .sign_in_by_username_password("alice", "s3cret!pass", Some(options))
    ///     .await?;
    /// assert!(tokens.refresh_token.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_username_password(
        &mut self,
        username: &str,
        password: &str,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PasswordPayload {
            username: Some(username.to_owned()),
            ..password_payload(password)
        };
        self.sign_in_with(Some(payload), None, options).await
    }

    /// Signs in with an account (username, email or phone) + password: `connection: PASSWORD`,
    /// `passwordPayload: {account, password}`, plus the client credentials. Stores the access
    /// token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// match client.sign_in_by_account_password("alice", "wrong", None).await {
    ///     Ok(tokens) => println!("signed in: {}", tokens.token_type),
    ///     Err(e) => println!("refused ({:?}): {e}", e.api_code()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_account_password(
        &mut self,
        account: &str,
        password: &str,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PasswordPayload {
            account: Some(account.to_owned()),
            ..password_payload(password)
        };
        self.sign_in_with(Some(payload), None, options).await
    }

    /// Signs in with email + verification code (sent on `CHANNEL_LOGIN`):
    /// `connection: PASSCODE`, `passCodePayload: {email, passCode}`, plus the client
    /// credentials. Stores the access token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_email("alice@example.com", "CHANNEL_LOGIN").await?;
    /// let tokens = client
    ///     .sign_in_by_email_passcode("alice@example.com", "123456", None)
    ///     .await?;
    /// println!("{}", tokens.access_token);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_email_passcode(
        &mut self,
        email: &str,
        pass_code: &str,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PassCodePayload {
            email: Some(email.to_owned()),
            ..pass_code_payload(pass_code)
        };
        self.sign_in_with(None, Some(payload), options).await
    }

    /// Signs in with phone + verification code (sent on `CHANNEL_LOGIN`):
    /// `connection: PASSCODE`, `passCodePayload: {phone, passCode, phoneCountryCode}`, plus
    /// the client credentials. Stores the access token on success.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_sms("13800000000", "CHANNEL_LOGIN", Some("+86")).await?;
    /// let tokens = client
    ///     .sign_in_by_phone_passcode("13800000000", "123456", Some("+86"), None)
    ///     .await?;
    /// println!("{}", tokens.access_token);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in_by_phone_passcode(
        &mut self,
        phone: &str,
        pass_code: &str,
        phone_country_code: Option<&str>,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let payload = PassCodePayload {
            phone: Some(phone.to_owned()),
            phone_country_code: phone_country_code.map(str::to_owned),
            ..pass_code_payload(pass_code)
        };
        self.sign_in_with(None, Some(payload), options).await
    }

    /// The one place the sign-in wrappers build their request: the connection follows the
    /// payload, and the client credentials are applied per the configured method
    /// (`client_secret_post` → body, `client_secret_basic` → header, `none` → nothing).
    async fn sign_in_with(
        &mut self,
        password_payload: Option<PasswordPayload>,
        pass_code_payload: Option<PassCodePayload>,
        options: Option<SignInOptions>,
    ) -> Result<TokenSet> {
        let connection = if password_payload.is_some() {
            Connection::Password
        } else {
            Connection::Passcode
        };
        let request = SignInRequest {
            connection,
            password_payload,
            pass_code_payload,
            options,
            client_id: None,
            client_secret: None,
        };
        let mut http = ApiRequest::post(SIGNIN_PATH).json(&request)?;
        self.credentials().apply_to_json(&mut http)?;
        self.sign_in_send(http).await
    }

    /// Sends a sign-in request and stores the access token it yields.
    async fn sign_in_send(&mut self, request: ApiRequest) -> Result<TokenSet> {
        let tokens: TokenSet = self.call(request).await?;
        self.set_access_token(tokens.access_token.clone());
        Ok(tokens)
    }

    /// `POST /api/v3/send-email`: sends a verification code (or link) to `email` for `channel`
    /// (`CHANNEL_LOGIN`, `CHANNEL_REGISTER`, ... — see
    /// [`EMAIL_CHANNELS`](authgate_proto::auth::EMAIL_CHANNELS)). Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_email("alice@example.com", "CHANNEL_RESET_PASSWORD").await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_email(&self, email: &str, channel: &str) -> Result<()> {
        let body = SendEmailRequest {
            channel: channel.to_owned(),
            email: email.to_owned(),
        };
        self.call(ApiRequest::post("/api/v3/send-email").json(&body)?)
            .await
    }

    /// `POST /api/v3/send-sms`: sends a verification code to `phone_number` for `channel`
    /// (see [`SMS_CHANNELS`](authgate_proto::auth::SMS_CHANNELS)). Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// client.send_sms("13800000000", "CHANNEL_BIND_PHONE", Some("+86")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_sms(
        &self,
        phone_number: &str,
        channel: &str,
        phone_country_code: Option<&str>,
    ) -> Result<()> {
        let body = SendSmsRequest {
            channel: channel.to_owned(),
            phone_number: phone_number.to_owned(),
            phone_country_code: phone_country_code.map(str::to_owned),
        };
        self.call(ApiRequest::post("/api/v3/send-sms").json(&body)?)
            .await
    }
}

fn password_payload(password: &str) -> PasswordPayload {
    PasswordPayload {
        password: password.to_owned(),
        ..Default::default()
    }
}

fn pass_code_payload(pass_code: &str) -> PassCodePayload {
    PassCodePayload {
        pass_code: pass_code.to_owned(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{BASIC, METHODS, client, ok, token_set, user};
    use crate::error::Error;
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder};
    use authgate_proto::account::GetProfileQuery;
    use authgate_proto::auth::{Connection, PasswordPayload, SignInOptions, SignInRequest};
    use authgate_proto::auth::{SignUpOptions, SignUpProfile};
    use serde_json::json;

    /// Sign-in answers a token set named after the password (`tok-<password>`), or a 403
    /// envelope for the password `wrong`; everything else answers a user.
    async fn server() -> Responder {
        Responder::start(|req: &Recorded| match req.path() {
            "/api/v3/signin" => {
                let body = req.json();
                let secret = body["passwordPayload"]["password"]
                    .as_str()
                    .or(body["passCodePayload"]["passCode"].as_str())
                    .unwrap_or("none")
                    .to_owned();
                if secret == "wrong" {
                    (
                        200,
                        json!({"statusCode": 403, "apiCode": 2333, "message": "bad password"})
                            .to_string(),
                    )
                } else {
                    ok(token_set(&format!("tok-{secret}")))
                }
            }
            "/api/v3/send-email" | "/api/v3/send-sms" => {
                (200, json!({"statusCode": 200, "message": ""}).to_string())
            }
            _ => ok(user("u1")),
        })
        .await
    }

    #[tokio::test]
    async fn password_sign_in_per_auth_method() {
        let srv = server().await;
        for method in METHODS {
            let mut c = client(srv.url(), method);
            let tokens = c
                .sign_in_by_email_password("a@b.c", "pw", None)
                .await
                .unwrap();
            assert_eq!(tokens.access_token, "tok-pw");
        }
        let reqs = srv.requests();
        assert_eq!(reqs.len(), 3);
        for req in &reqs {
            assert_eq!(req.method, "POST");
            assert_eq!(req.target, "/api/v3/signin");
            assert_eq!(req.header("content-type"), Some("application/json"));
            assert_eq!(req.header("x-authing-app-id"), Some("app-1"));
        }
        let payload = json!({"connection": "PASSWORD",
                             "passwordPayload": {"email": "a@b.c", "password": "pw"}});
        // client_secret_post: the credentials in the body, no authorization.
        let mut with_credentials = payload.clone();
        with_credentials["client_id"] = json!("app-1");
        with_credentials["client_secret"] = json!("secret-1");
        assert_eq!(reqs[0].json(), with_credentials);
        assert_eq!(reqs[0].header("authorization"), None);
        // client_secret_basic: the Basic header, no secret in the body.
        assert_eq!(reqs[1].json(), payload);
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        // none: nothing at all.
        assert_eq!(reqs[2].json(), payload);
        assert_eq!(reqs[2].header("authorization"), None);
        assert!(!reqs[2].body_text().contains("secret-1"));
    }

    #[tokio::test]
    async fn sign_in_wrappers_build_the_official_payloads() {
        let srv = server().await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::None);
        let options = SignInOptions {
            scope: Some("openid offline_access".into()),
            ..Default::default()
        };
        c.sign_in_by_phone_password("138", "p1", None)
            .await
            .unwrap();
        c.sign_in_by_username_password("bob", "p2", Some(options.clone()))
            .await
            .unwrap();
        c.sign_in_by_account_password("acc", "p3", None)
            .await
            .unwrap();
        c.sign_in_by_email_passcode("a@b.c", "1111", None)
            .await
            .unwrap();
        c.sign_in_by_phone_passcode("139", "2222", Some("+86"), None)
            .await
            .unwrap();
        c.sign_in_by_phone_passcode("139", "3333", None, None)
            .await
            .unwrap();
        let bodies: Vec<_> = srv.requests().iter().map(Recorded::json).collect();
        assert_eq!(
            bodies,
            [
                json!({"connection": "PASSWORD",
                       "passwordPayload": {"phone": "138", "password": "p1"}}),
                json!({"connection": "PASSWORD",
                       "passwordPayload": {"username": "bob", "password": "p2"},
                       "options": {"scope": "openid offline_access"}}),
                json!({"connection": "PASSWORD",
                       "passwordPayload": {"account": "acc", "password": "p3"}}),
                json!({"connection": "PASSCODE",
                       "passCodePayload": {"email": "a@b.c", "passCode": "1111"}}),
                json!({"connection": "PASSCODE",
                       "passCodePayload": {"phone": "139", "passCode": "2222",
                                           "phoneCountryCode": "+86"}}),
                json!({"connection": "PASSCODE",
                       "passCodePayload": {"phone": "139", "passCode": "3333"}}),
            ]
        );
        assert_eq!(c.access_token(), Some("tok-3333"));
    }

    #[tokio::test]
    async fn sign_in_stores_the_token_sent_raw_afterwards() {
        let srv = server().await;
        for method in METHODS {
            let mut c = client(srv.url(), method);
            assert_eq!(c.access_token(), None);
            c.sign_in_by_account_password("alice", "pw1", None)
                .await
                .unwrap();
            assert_eq!(c.access_token(), Some("tok-pw1"));
            let me = c.get_profile(&GetProfileQuery::default()).await.unwrap();
            assert_eq!(me.user_id, "u1");
            // A second sign-in: as in the Node SDK, the user token rides along unless the
            // Basic credentials take the header.
            c.sign_in_by_account_password("alice", "pw2", None)
                .await
                .unwrap();
            assert_eq!(c.access_token(), Some("tok-pw2"));
            c.get_profile(&GetProfileQuery::default()).await.unwrap();
        }
        let reqs = srv.requests();
        assert_eq!(reqs.len(), 12);
        for (i, method) in METHODS.into_iter().enumerate() {
            let r = &reqs[i * 4..i * 4 + 4];
            assert_eq!(r[1].target, "/api/v3/get-profile");
            assert_eq!(r[1].method, "GET");
            assert_eq!(r[1].header("authorization"), Some("tok-pw1"), "{method:?}");
            let second_signin = if method == TokenEndpointAuthMethod::ClientSecretBasic {
                Some(BASIC)
            } else {
                Some("tok-pw1")
            };
            assert_eq!(r[2].header("authorization"), second_signin, "{method:?}");
            assert_eq!(r[3].header("authorization"), Some("tok-pw2"), "{method:?}");
        }
    }

    #[tokio::test]
    async fn a_refused_sign_in_keeps_the_previous_token() {
        let srv = server().await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        let err = c
            .sign_in_by_email_password("a@b.c", "wrong", None)
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(403));
        assert_eq!(err.api_code(), Some(2333));
        assert_eq!(c.access_token(), None);
        c.set_access_token("old");
        assert!(
            c.sign_in_by_email_password("a@b.c", "wrong", None)
                .await
                .is_err()
        );
        assert_eq!(c.access_token(), Some("old"));
    }

    #[tokio::test]
    async fn raw_sign_in_sends_the_body_as_given() {
        let srv = server().await;
        let request = SignInRequest {
            connection: Connection::Password,
            password_payload: Some(PasswordPayload {
                account: Some("alice".into()),
                password: "pw".into(),
                ..Default::default()
            }),
            pass_code_payload: None,
            options: None,
            client_id: None,
            client_secret: None,
        };
        for method in METHODS {
            let mut c = client(srv.url(), method);
            let tokens = c.sign_in_by_credentials(&request).await.unwrap();
            assert_eq!(c.access_token(), Some(tokens.access_token.as_str()));
        }
        let reqs = srv.requests();
        let expected = json!({"connection": "PASSWORD",
                              "passwordPayload": {"account": "alice", "password": "pw"}});
        for r in &reqs {
            assert_eq!(r.json(), expected);
        }
        assert_eq!(reqs[0].header("authorization"), None);
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        assert_eq!(reqs[2].header("authorization"), None);

        // Basic without a secret cannot be sent.
        let mut c = crate::AuthenticationClient::new(
            crate::AuthenticationClientOptions::new("app-1", srv.url())
                .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
        )
        .unwrap();
        assert!(matches!(
            c.sign_in_by_credentials(&request).await,
            Err(Error::Options(_))
        ));
        assert!(matches!(
            c.sign_in_by_email_password("a@b.c", "pw", None).await,
            Err(Error::Options(_))
        ));
        assert_eq!(srv.requests().len(), 3);
    }

    #[tokio::test]
    async fn sign_up_wrappers_send_no_client_credentials() {
        let srv = server().await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretBasic);
        let profile = SignUpProfile {
            phone: Some("138".into()),
            ..Default::default()
        };
        let options = SignUpOptions {
            client_ip: Some("10.0.0.1".into()),
            ..Default::default()
        };
        let u = c
            .sign_up_by_email_password("a@b.c", "pw", Some(profile), Some(options))
            .await
            .unwrap();
        assert_eq!(u.user_id, "u1");
        c.sign_up_by_username_password("bob", "pw", None, None)
            .await
            .unwrap();
        c.sign_up_by_email_passcode("a@b.c", "1234", None, None)
            .await
            .unwrap();
        c.sign_up_by_phone_passcode("139", "5678", Some("+86"), None, None)
            .await
            .unwrap();
        let reqs = srv.requests();
        for r in &reqs {
            assert_eq!(r.target, "/api/v3/signup");
            assert_eq!(r.header("authorization"), None);
        }
        let bodies: Vec<_> = reqs.iter().map(Recorded::json).collect();
        assert_eq!(
            bodies,
            [
                json!({"connection": "PASSWORD",
                       "passwordPayload": {"email": "a@b.c", "password": "pw"},
                       "profile": {"phone": "138"}, "options": {"clientIp": "10.0.0.1"}}),
                json!({"connection": "PASSWORD",
                       "passwordPayload": {"username": "bob", "password": "pw"}}),
                json!({"connection": "PASSCODE",
                       "passCodePayload": {"email": "a@b.c", "passCode": "1234"}}),
                json!({"connection": "PASSCODE",
                       "passCodePayload": {"phone": "139", "passCode": "5678",
                                           "phoneCountryCode": "+86"}}),
            ]
        );
    }

    #[tokio::test]
    async fn verification_codes() {
        let srv = server().await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        c.send_email("a@b.c", "CHANNEL_LOGIN").await.unwrap();
        c.send_sms("138", "CHANNEL_REGISTER", Some("+86"))
            .await
            .unwrap();
        c.send_sms("139", "CHANNEL_LOGIN", None).await.unwrap();
        let reqs = srv.requests();
        assert_eq!(reqs[0].target, "/api/v3/send-email");
        assert_eq!(
            reqs[0].json(),
            json!({"email": "a@b.c", "channel": "CHANNEL_LOGIN"})
        );
        assert_eq!(reqs[1].target, "/api/v3/send-sms");
        assert_eq!(
            reqs[1].json(),
            json!({"phoneNumber": "138", "channel": "CHANNEL_REGISTER", "phoneCountryCode": "+86"})
        );
        assert_eq!(
            reqs[2].json(),
            json!({"phoneNumber": "139", "channel": "CHANNEL_LOGIN"})
        );
    }
}
