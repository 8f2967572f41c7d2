//! The signed-in user's own profile and account (spec §2.5, §2.6). Every call but the
//! password-reset pair needs the user's access token (set by a sign-in or
//! [`set_access_token`](AuthenticationClient::set_access_token)).

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::ApiRequest;
use authgate_proto::SuccessData;
use authgate_proto::account::{
    BindEmailRequest, BindPhoneRequest, DeleteAccountRequest, DeleteAccountTokenData,
    GetProfileQuery, PasswordResetTokenData, ResetPasswordRequest, SecurityInfo, UnbindRequest,
    UpdateEmailRequest, UpdateEmailTokenData, UpdatePasswordRequest, UpdatePhoneRequest,
    UpdatePhoneTokenData, UpdateProfileRequest, VerifyDeleteAccountRequest,
    VerifyResetPasswordRequest, VerifyUpdateEmailRequest, VerifyUpdatePhoneRequest,
};
use authgate_proto::users::UserDto;
use serde::Serialize;
use serde::de::DeserializeOwned;

impl AuthenticationClient {
    /// `POST path` with a JSON body, decoding the envelope.
    async fn post_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.call(ApiRequest::post(path).json(body)?).await
    }

    /// `GET /api/v3/get-profile`: the signed-in user.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::GetProfileQuery;
    ///
    /// let me = client
    ///     .get_profile(&GetProfileQuery { with_custom_data: Some(true), ..Default::default() })
    ///     .await?;
    /// println!("{} {:?}", me.user_id, me.custom_data);
    /// # Ok(()) }
    /// ```
    pub async fn get_profile(&self, query: &GetProfileQuery) -> Result<UserDto> {
        self.call(ApiRequest::get("/api/v3/get-profile").query(query)?)
            .await
    }

    /// `POST /api/v3/update-profile`: changes the fields that are set (not email, phone or
    /// password); answers the updated user.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UpdateProfileRequest;
    ///
    /// let me = client
    ///     .update_profile(&UpdateProfileRequest {
    ///         nickname: Some("Ally".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// assert_eq!(me.profile.nickname.as_deref(), Some("Ally"));
    /// # Ok(()) }
    /// ```
    pub async fn update_profile(&self, request: &UpdateProfileRequest) -> Result<UserDto> {
        self.post_json("/api/v3/update-profile", request).await
    }

    /// `POST /api/v3/update-password`: changes the user's password (`oldPassword` is required
    /// when one is set, unless a `passwordResetToken` is given). Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UpdatePasswordRequest;
    ///
    /// client
    ///     .update_password(&UpdatePasswordRequest {
    ///         new_password: "n3w!passw0rd".into(),
    ///         old_password: Some("s3cret!pass".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_password(&self, request: &UpdatePasswordRequest) -> Result<()> {
        self.post_json("/api/v3/update-password", request).await
    }

    /// `POST /api/v3/bind-email`: binds an email when none is bound, with a code sent to it
    /// on `CHANNEL_BIND_EMAIL`. Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::BindEmailRequest;
    ///
    /// client.send_email("alice@example.com", "CHANNEL_BIND_EMAIL").await?;
    /// client
    ///     .bind_email(&BindEmailRequest {
    ///         email: "alice@example.com".into(),
    ///         pass_code: "123456".into(),
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn bind_email(&self, request: &BindEmailRequest) -> Result<()> {
        self.post_json("/api/v3/bind-email", request).await
    }

    /// `POST /api/v3/unbind-email`: unbinds the email, with a code sent to it on
    /// `CHANNEL_UNBIND_EMAIL`. Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UnbindRequest;
    ///
    /// client.unbind_email(&UnbindRequest { pass_code: "123456".into() }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn unbind_email(&self, request: &UnbindRequest) -> Result<()> {
        self.post_json("/api/v3/unbind-email", request).await
    }

    /// `POST /api/v3/bind-phone`: binds a phone when none is bound, with a code sent to it on
    /// `CHANNEL_BIND_PHONE`. Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::BindPhoneRequest;
    ///
    /// client
    ///     .bind_phone(&BindPhoneRequest {
    ///         phone_number: "13800000000".into(),
    ///         pass_code: "123456".into(),
    ///         phone_country_code: Some("+86".into()),
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn bind_phone(&self, request: &BindPhoneRequest) -> Result<()> {
        self.post_json("/api/v3/bind-phone", request).await
    }

    /// `POST /api/v3/unbind-phone`: unbinds the phone, with a code sent to it on
    /// `CHANNEL_UNBIND_PHONE`. Envelope only.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UnbindRequest;
    ///
    /// client.unbind_phone(&UnbindRequest { pass_code: "123456".into() }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn unbind_phone(&self, request: &UnbindRequest) -> Result<()> {
        self.post_json("/api/v3/unbind-phone", request).await
    }

    /// `POST /api/v3/verify-update-email-request`: step 1 of an email change — checks the
    /// codes (`CHANNEL_UPDATE_EMAIL`) and answers a one-time `updateEmailToken`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::{
    ///     UpdateEmailPassCodePayload, UpdateEmailRequest, VerifyMethod, VerifyUpdateEmailRequest,
    /// };
    ///
    /// let step1 = client
    ///     .verify_update_email_request(&VerifyUpdateEmailRequest {
    ///         email_pass_code_payload: UpdateEmailPassCodePayload {
    ///             new_email: "alice@new.example.com".into(),
    ///             new_email_pass_code: "123456".into(),
    ///             old_email_pass_code: Some("654321".into()),
    ///             ..Default::default()
    ///         },
    ///         verify_method: VerifyMethod::EmailPasscode,
    ///     })
    ///     .await?;
    /// client
    ///     .update_email(&UpdateEmailRequest { update_email_token: step1.update_email_token })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn verify_update_email_request(
        &self,
        request: &VerifyUpdateEmailRequest,
    ) -> Result<UpdateEmailTokenData> {
        self.post_json("/api/v3/verify-update-email-request", request)
            .await
    }

    /// `POST /api/v3/update-email`: step 2 of an email change, with the token of
    /// [`verify_update_email_request`](Self::verify_update_email_request).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UpdateEmailRequest;
    ///
    /// let done = client
    ///     .update_email(&UpdateEmailRequest { update_email_token: token })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn update_email(&self, request: &UpdateEmailRequest) -> Result<SuccessData> {
        self.post_json("/api/v3/update-email", request).await
    }

    /// `POST /api/v3/verify-update-phone-request`: step 1 of a phone change — checks the codes
    /// and answers a one-time `updatePhoneToken`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::{
    ///     UpdatePhonePassCodePayload, VerifyMethod, VerifyUpdatePhoneRequest,
    /// };
    ///
    /// let step1 = client
    ///     .verify_update_phone_request(&VerifyUpdatePhoneRequest {
    ///         phone_pass_code_payload: UpdatePhonePassCodePayload {
    ///             new_phone_number: "13900000000".into(),
    ///             new_phone_pass_code: "123456".into(),
    ///             old_phone_pass_code: Some("654321".into()),
    ///             ..Default::default()
    ///         },
    ///         verify_method: VerifyMethod::PhonePasscode,
    ///     })
    ///     .await?;
    /// println!("valid for {} s", step1.token_expires_in);
    /// # Ok(()) }
    /// ```
    pub async fn verify_update_phone_request(
        &self,
        request: &VerifyUpdatePhoneRequest,
    ) -> Result<UpdatePhoneTokenData> {
        self.post_json("/api/v3/verify-update-phone-request", request)
            .await
    }

    /// `POST /api/v3/update-phone`: step 2 of a phone change, with the token of
    /// [`verify_update_phone_request`](Self::verify_update_phone_request).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::UpdatePhoneRequest;
    ///
    /// let done = client
    ///     .update_phone(&UpdatePhoneRequest { update_phone_token: token })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn update_phone(&self, request: &UpdatePhoneRequest) -> Result<SuccessData> {
        self.post_json("/api/v3/update-phone", request).await
    }

    /// `POST /api/v3/verify-reset-password-request` (no user token needed): step 1 of a
    /// forgotten-password reset — checks a code sent on `CHANNEL_RESET_PASSWORD` and answers a
    /// one-time `passwordResetToken`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::{
    ///     EmailPassCodePayload, ResetPasswordRequest, VerifyMethod, VerifyResetPasswordRequest,
    /// };
    ///
    /// client.send_email("alice@example.com", "CHANNEL_RESET_PASSWORD").await?;
    /// let step1 = client
    ///     .verify_reset_password_request(&VerifyResetPasswordRequest {
    ///         verify_method: VerifyMethod::EmailPasscode,
    ///         email_pass_code_payload: Some(EmailPassCodePayload {
    ///             email: Some("alice@example.com".into()),
    ///             pass_code: "123456".into(),
    ///         }),
    ///         phone_pass_code_payload: None,
    ///     })
    ///     .await?;
    /// client
    ///     .reset_password(&ResetPasswordRequest {
    ///         password: "n3w!passw0rd".into(),
    ///         password_reset_token: step1.password_reset_token,
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn verify_reset_password_request(
        &self,
        request: &VerifyResetPasswordRequest,
    ) -> Result<PasswordResetTokenData> {
        self.post_json("/api/v3/verify-reset-password-request", request)
            .await
    }

    /// `POST /api/v3/reset-password` (no user token needed): step 2 of a password reset, with
    /// the token of [`verify_reset_password_request`](Self::verify_reset_password_request).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::ResetPasswordRequest;
    ///
    /// let done = client
    ///     .reset_password(&ResetPasswordRequest {
    ///         password: "n3w!passw0rd".into(),
    ///         password_reset_token: token,
    ///         password_encrypt_type: None,
    ///     })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn reset_password(&self, request: &ResetPasswordRequest) -> Result<SuccessData> {
        self.post_json("/api/v3/reset-password", request).await
    }

    /// `GET /api/v3/get-security-info`: password strength and account security score (node
    /// `getSecurityLevel`).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let info = client.get_security_level().await?;
    /// println!("score {} (email bound: {})", info.security_score, info.email_binded);
    /// # Ok(()) }
    /// ```
    pub async fn get_security_level(&self) -> Result<SecurityInfo> {
        self.call(ApiRequest::get("/api/v3/get-security-info"))
            .await
    }

    /// `POST /api/v3/verify-delete-account-request`: step 1 of account deletion — checks a
    /// code (`CHANNEL_DELETE_ACCOUNT`) or the password and answers a one-time
    /// `deleteAccountToken`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::{
    ///     DeleteAccountRequest, PasswordVerifyPayload, VerifyDeleteAccountRequest, VerifyMethod,
    /// };
    ///
    /// let step1 = client
    ///     .verify_delete_account_request(&VerifyDeleteAccountRequest {
    ///         verify_method: VerifyMethod::Password,
    ///         password_payload: Some(PasswordVerifyPayload {
    ///             password: "s3cret!pass".into(),
    ///             password_encrypt_type: None,
    ///         }),
    ///         phone_pass_code_payload: None,
    ///         email_pass_code_payload: None,
    ///     })
    ///     .await?;
    /// client
    ///     .delete_account(&DeleteAccountRequest { delete_account_token: step1.delete_account_token })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn verify_delete_account_request(
        &self,
        request: &VerifyDeleteAccountRequest,
    ) -> Result<DeleteAccountTokenData> {
        self.post_json("/api/v3/verify-delete-account-request", request)
            .await
    }

    /// `POST /api/v3/delete-account`: step 2 of account deletion, with the token of
    /// [`verify_delete_account_request`](Self::verify_delete_account_request). The stored
    /// access token is left in the client; it no longer names a user.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::proto::account::DeleteAccountRequest;
    ///
    /// let done = client
    ///     .delete_account(&DeleteAccountRequest { delete_account_token: token })
    ///     .await?;
    /// assert!(done.success);
    /// # Ok(()) }
    /// ```
    pub async fn delete_account(&self, request: &DeleteAccountRequest) -> Result<SuccessData> {
        self.post_json("/api/v3/delete-account", request).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{client, ok, user};
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder};
    use authgate_proto::account::*;
    use serde_json::json;

    async fn server() -> Responder {
        Responder::start(|req: &Recorded| match req.path() {
            "/api/v3/get-profile" | "/api/v3/update-profile" => ok(user("u1")),
            "/api/v3/update-password"
            | "/api/v3/bind-email"
            | "/api/v3/unbind-email"
            | "/api/v3/bind-phone"
            | "/api/v3/unbind-phone" => {
                (200, json!({"statusCode": 200, "message": ""}).to_string())
            }
            "/api/v3/verify-update-email-request" => {
                ok(json!({"updateEmailToken": "ue", "tokenExpiresIn": 300}))
            }
            "/api/v3/verify-update-phone-request" => {
                ok(json!({"updatePhoneToken": "up", "tokenExpiresIn": 300}))
            }
            "/api/v3/verify-reset-password-request" => {
                ok(json!({"passwordResetToken": "rp", "tokenExpiresIn": 300}))
            }
            "/api/v3/verify-delete-account-request" => {
                ok(json!({"deleteAccountToken": "da", "tokenExpiresIn": 300}))
            }
            "/api/v3/get-security-info" => ok(json!({
                "passwordSecurityLevel": 2, "mfaEnrolled": false, "passwordSet": true,
                "emailBinded": true, "phoneBinded": false, "securityScore": 60})),
            "/api/v3/update-email"
            | "/api/v3/update-phone"
            | "/api/v3/reset-password"
            | "/api/v3/delete-account" => ok(json!({"success": true})),
            _ => (
                200,
                json!({"statusCode": 404, "message": "no such route"}).to_string(),
            ),
        })
        .await
    }

    #[tokio::test]
    async fn every_call_hits_its_spec_path_with_the_raw_user_token() {
        let srv = server().await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretBasic);
        c.set_access_token("tok-u1");

        let me = c
            .get_profile(&GetProfileQuery {
                with_custom_data: Some(true),
                with_identities: Some(false),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(me.user_id, "u1");
        c.update_profile(&UpdateProfileRequest {
            nickname: Some("Ally".into()),
            street_address: Some("1 Main St".into()),
            ..Default::default()
        })
        .await
        .unwrap();
        c.update_password(&UpdatePasswordRequest {
            new_password: "new".into(),
            old_password: Some("old".into()),
            ..Default::default()
        })
        .await
        .unwrap();
        c.bind_email(&BindEmailRequest {
            pass_code: "1".into(),
            email: "a@b.c".into(),
        })
        .await
        .unwrap();
        c.unbind_email(&UnbindRequest {
            pass_code: "2".into(),
        })
        .await
        .unwrap();
        c.bind_phone(&BindPhoneRequest {
            pass_code: "3".into(),
            phone_number: "138".into(),
            phone_country_code: Some("+86".into()),
        })
        .await
        .unwrap();
        c.unbind_phone(&UnbindRequest {
            pass_code: "4".into(),
        })
        .await
        .unwrap();
        let ue = c
            .verify_update_email_request(&VerifyUpdateEmailRequest {
                email_pass_code_payload: UpdateEmailPassCodePayload {
                    new_email: "n@b.c".into(),
                    new_email_pass_code: "5".into(),
                    ..Default::default()
                },
                verify_method: VerifyMethod::EmailPasscode,
            })
            .await
            .unwrap();
        assert_eq!(ue.update_email_token, "ue");
        assert!(
            c.update_email(&UpdateEmailRequest {
                update_email_token: ue.update_email_token,
            })
            .await
            .unwrap()
            .success
        );
        let up = c
            .verify_update_phone_request(&VerifyUpdatePhoneRequest {
                phone_pass_code_payload: UpdatePhonePassCodePayload {
                    new_phone_number: "139".into(),
                    new_phone_pass_code: "6".into(),
                    ..Default::default()
                },
                verify_method: VerifyMethod::PhonePasscode,
            })
            .await
            .unwrap();
        c.update_phone(&UpdatePhoneRequest {
            update_phone_token: up.update_phone_token,
        })
        .await
        .unwrap();
        let rp = c
            .verify_reset_password_request(&VerifyResetPasswordRequest {
                verify_method: VerifyMethod::EmailPasscode,
                phone_pass_code_payload: None,
                email_pass_code_payload: Some(EmailPassCodePayload {
                    email: Some("a@b.c".into()),
                    pass_code: "7".into(),
                }),
            })
            .await
            .unwrap();
        c.reset_password(&ResetPasswordRequest {
            password: "pw".into(),
            password_reset_token: rp.password_reset_token,
            password_encrypt_type: None,
        })
        .await
        .unwrap();
        let info = c.get_security_level().await.unwrap();
        assert_eq!(info.security_score, 60);
        assert!(info.email_binded);
        let da = c
            .verify_delete_account_request(&VerifyDeleteAccountRequest {
                verify_method: VerifyMethod::Password,
                phone_pass_code_payload: None,
                email_pass_code_payload: None,
                password_payload: Some(PasswordVerifyPayload {
                    password: "pw".into(),
                    password_encrypt_type: None,
                }),
            })
            .await
            .unwrap();
        assert!(
            c.delete_account(&DeleteAccountRequest {
                delete_account_token: da.delete_account_token,
            })
            .await
            .unwrap()
            .success
        );

        let reqs = srv.requests();
        for r in &reqs {
            // Basic is only for the client-auth paths: the user token goes everywhere here.
            assert_eq!(r.header("authorization"), Some("tok-u1"), "{}", r.target);
        }
        // An empty body is recorded as `null`.
        let calls: Vec<(&str, String, serde_json::Value)> = reqs
            .iter()
            .map(|r| {
                let body = if r.body.is_empty() {
                    serde_json::Value::Null
                } else {
                    r.json()
                };
                (r.method.as_str(), r.sorted_target(), body)
            })
            .collect();
        let expect = |m: &'static str, t: &str, body: serde_json::Value| (m, t.to_owned(), body);
        assert_eq!(
            calls,
            [
                expect(
                    "GET",
                    "/api/v3/get-profile?withCustomData=true&withIdentities=false",
                    json!(null)
                ),
                expect(
                    "POST",
                    "/api/v3/update-profile",
                    json!({"nickname": "Ally", "streetAddress": "1 Main St"})
                ),
                expect(
                    "POST",
                    "/api/v3/update-password",
                    json!({"newPassword": "new", "oldPassword": "old"})
                ),
                expect(
                    "POST",
                    "/api/v3/bind-email",
                    json!({"passCode": "1", "email": "a@b.c"})
                ),
                expect("POST", "/api/v3/unbind-email", json!({"passCode": "2"})),
                expect(
                    "POST",
                    "/api/v3/bind-phone",
                    json!({"passCode": "3", "phoneNumber": "138", "phoneCountryCode": "+86"})
                ),
                expect("POST", "/api/v3/unbind-phone", json!({"passCode": "4"})),
                expect(
                    "POST",
                    "/api/v3/verify-update-email-request",
                    json!({"emailPassCodePayload": {"newEmail": "n@b.c", "newEmailPassCode": "5"},
                           "verifyMethod": "EMAIL_PASSCODE"})
                ),
                expect(
                    "POST",
                    "/api/v3/update-email",
                    json!({"updateEmailToken": "ue"})
                ),
                expect(
                    "POST",
                    "/api/v3/verify-update-phone-request",
                    json!({"phonePassCodePayload": {"newPhoneNumber": "139",
                                                    "newPhonePassCode": "6"},
                           "verifyMethod": "PHONE_PASSCODE"})
                ),
                expect(
                    "POST",
                    "/api/v3/update-phone",
                    json!({"updatePhoneToken": "up"})
                ),
                expect(
                    "POST",
                    "/api/v3/verify-reset-password-request",
                    json!({"verifyMethod": "EMAIL_PASSCODE",
                           "emailPassCodePayload": {"email": "a@b.c", "passCode": "7"}})
                ),
                expect(
                    "POST",
                    "/api/v3/reset-password",
                    json!({"password": "pw", "passwordResetToken": "rp"})
                ),
                expect("GET", "/api/v3/get-security-info", json!(null)),
                expect(
                    "POST",
                    "/api/v3/verify-delete-account-request",
                    json!({"verifyMethod": "PASSWORD", "passwordPayload": {"password": "pw"}})
                ),
                expect(
                    "POST",
                    "/api/v3/delete-account",
                    json!({"deleteAccountToken": "da"})
                ),
            ]
        );
    }

    #[tokio::test]
    async fn without_a_token_the_server_decides() {
        let srv = Responder::start(|_req: &Recorded| {
            (
                200,
                json!({"statusCode": 401, "apiCode": 2020, "message": "not logged in"}).to_string(),
            )
        })
        .await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        let err = c
            .get_profile(&GetProfileQuery::default())
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(401));
        assert_eq!(srv.requests()[0].header("authorization"), None);
    }
}
