//! The OIDC token family (spec §4.2–§4.5): plain RFC JSON, form bodies, client credentials per
//! the configured method. An RFC 6749 error body becomes [`Error::OAuth`](crate::Error::OAuth).

use super::AuthenticationClient;
use crate::error::Result;
use crate::http::{ApiRequest, sensitive_header_value};
use authgate_proto::tokens::{Introspection, OidcTokenResponse};
use reqwest::header::AUTHORIZATION;
use serde_json::Value;

/// `POST /oidc/token`.
pub(super) const TOKEN_PATH: &str = "/oidc/token";
/// `POST /oidc/token/introspection`.
const INTROSPECTION_PATH: &str = "/oidc/token/introspection";
/// `POST /oidc/token/revocation`.
const REVOCATION_PATH: &str = "/oidc/token/revocation";
/// `GET /oidc/me`.
const USERINFO_PATH: &str = "/oidc/me";

impl AuthenticationClient {
    /// A form request of the token family with the client credentials of the configured
    /// method: `client_secret_post` → `client_id` + `client_secret` fields,
    /// `client_secret_basic` → Basic `authorization`, `none` → `client_id` field.
    pub(super) fn token_family_request(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Result<ApiRequest> {
        let fields = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut request = ApiRequest::post(path).form(fields);
        self.credentials().apply_to_form(&mut request)?;
        Ok(request)
    }

    /// `POST /oidc/token` with `grant_type=refresh_token`: a new token set for a refresh token
    /// (issued when the sign-in scope had `offline_access`). The server rotates refresh tokens:
    /// keep the `refresh_token` of the answer. The client's stored access token is left as it
    /// is (call [`set_access_token`](Self::set_access_token) with the new one if needed).
    ///
    /// Errors: [`Error::OAuth`](crate::Error::OAuth), e.g. HTTP 400 `invalid_grant` for an
    /// unknown, expired, revoked or reused refresh token, 401 `invalid_client` for bad client
    /// credentials.
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient, refresh_token: String) -> authgate_sdk::Result<()> {
    /// let tokens = client
    ///     .get_new_access_token_by_refresh_token(&refresh_token)
    ///     .await?;
    /// client.set_access_token(tokens.access_token.clone());
    /// let next_refresh_token = tokens.refresh_token;
    /// # let _ = next_refresh_token; Ok(()) }
    /// ```
    pub async fn get_new_access_token_by_refresh_token(
        &self,
        refresh_token: &str,
    ) -> Result<OidcTokenResponse> {
        let request = self.token_family_request(
            TOKEN_PATH,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ],
        )?;
        self.call_plain(request).await
    }

    /// `POST /oidc/token/introspection` (RFC 7662): whether an access or refresh token is
    /// active, with its claims when it is (`{active: false}` otherwise).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, token: String) -> authgate_sdk::Result<()> {
    /// let info = client.introspect_token(&token).await?;
    /// if info.active {
    ///     println!("{:?} until {:?}", info.sub, info.exp);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn introspect_token(&self, token: &str) -> Result<Introspection> {
        let request = self.token_family_request(INTROSPECTION_PATH, &[("token", token)])?;
        self.call_plain(request).await
    }

    /// `POST /oidc/token/revocation` (RFC 7009): revokes an access or refresh token. The
    /// server answers 200 with an empty body, also for unknown tokens.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, refresh_token: String) -> authgate_sdk::Result<()> {
    /// client.revoke_token(&refresh_token).await?;
    /// assert!(!client.introspect_token(&refresh_token).await?.active);
    /// # Ok(()) }
    /// ```
    pub async fn revoke_token(&self, token: &str) -> Result<()> {
        let request = self.token_family_request(REVOCATION_PATH, &[("token", token)])?;
        self.call_plain_empty(request).await
    }

    /// `GET /oidc/me` with `authorization: Bearer <access_token>`: the OIDC claims of the
    /// token's scope (`sub` always), as plain JSON. An invalid token is
    /// [`Error::OAuth`](crate::Error::OAuth) 401 `invalid_token`.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, access_token: String) -> authgate_sdk::Result<()> {
    /// let claims = client.get_user_info_by_access_token(&access_token).await?;
    /// println!("sub = {}", claims["sub"]);
    /// # Ok(()) }
    /// ```
    pub async fn get_user_info_by_access_token(&self, access_token: &str) -> Result<Value> {
        let bearer = sensitive_header_value(&format!("Bearer {access_token}"), "the access token")?;
        let request = ApiRequest::get(USERINFO_PATH).header(AUTHORIZATION, bearer);
        self.call_plain(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{BASIC, METHODS, client};
    use crate::error::Error;
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder};
    use serde_json::json;

    /// A token family that answers success, or the RFC error named by the token / refresh
    /// token (`err-<code>`), or a non-RFC body for `html`.
    async fn server() -> Responder {
        Responder::start(|req: &Recorded| {
            let form: Vec<(String, String)> = form_urlencoded_pairs(&req.body_text());
            let field = |name: &str| {
                form.iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let presented = match req.path() {
                "/oidc/token" => field("refresh_token"),
                "/oidc/me" => req.header("authorization").unwrap_or_default().to_owned(),
                _ => field("token"),
            };
            if let Some(code) = presented
                .strip_prefix("err-")
                .or(presented.strip_prefix("Bearer err-"))
            {
                let status = if code == "invalid_grant" { 400 } else { 401 };
                return (
                    status,
                    json!({"error": code, "error_description": format!("{code} here")}).to_string(),
                );
            }
            if presented.ends_with("html") {
                return (502, "<html>bad gateway</html>".into());
            }
            match req.path() {
                "/oidc/token" => (
                    200,
                    json!({"access_token": "at-2", "expires_in": 3600, "id_token": "idt-2",
                           "refresh_token": "rt-2", "scope": "openid offline_access",
                           "token_type": "Bearer"})
                    .to_string(),
                ),
                "/oidc/token/introspection" => (
                    200,
                    json!({"active": true, "sub": "u1", "client_id": "app-1", "exp": 99,
                           "token_type": "access_token"})
                    .to_string(),
                ),
                "/oidc/token/revocation" => (200, String::new()),
                "/oidc/me" => (200, json!({"sub": "u1", "email": "a@b.c"}).to_string()),
                _ => (404, "Not Found".into()),
            }
        })
        .await
    }

    fn form_urlencoded_pairs(body: &str) -> Vec<(String, String)> {
        reqwest::Url::parse(&format!("http://x/?{body}"))
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[tokio::test]
    async fn refresh_per_auth_method() {
        let srv = server().await;
        for method in METHODS {
            let tokens = client(srv.url(), method)
                .get_new_access_token_by_refresh_token("rt-1")
                .await
                .unwrap();
            assert_eq!(tokens.access_token, "at-2");
            assert_eq!(tokens.refresh_token.as_deref(), Some("rt-2"));
            assert_eq!(tokens.expires_in, 3600);
        }
        let reqs = srv.requests();
        for r in &reqs {
            assert_eq!(r.method, "POST");
            assert_eq!(r.target, "/oidc/token");
            assert_eq!(
                r.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
            assert_eq!(r.header("x-authing-app-id"), Some("app-1"));
        }
        assert_eq!(
            reqs[0].body_text(),
            "grant_type=refresh_token&refresh_token=rt-1&client_id=app-1&client_secret=secret-1"
        );
        assert_eq!(reqs[0].header("authorization"), None);
        assert_eq!(
            reqs[1].body_text(),
            "grant_type=refresh_token&refresh_token=rt-1"
        );
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        assert_eq!(
            reqs[2].body_text(),
            "grant_type=refresh_token&refresh_token=rt-1&client_id=app-1"
        );
        assert_eq!(reqs[2].header("authorization"), None);
    }

    #[tokio::test]
    async fn introspection_and_revocation_per_auth_method() {
        let srv = server().await;
        for method in METHODS {
            let c = client(srv.url(), method);
            let info = c.introspect_token("at-1").await.unwrap();
            assert!(info.active);
            assert_eq!(info.sub.as_deref(), Some("u1"));
            c.revoke_token("rt-1").await.unwrap();
        }
        let reqs = srv.requests();
        let paths: Vec<_> = reqs.iter().map(|r| r.target.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/oidc/token/introspection",
                "/oidc/token/revocation",
                "/oidc/token/introspection",
                "/oidc/token/revocation",
                "/oidc/token/introspection",
                "/oidc/token/revocation",
            ]
        );
        assert_eq!(
            reqs[0].body_text(),
            "token=at-1&client_id=app-1&client_secret=secret-1"
        );
        assert_eq!(
            reqs[1].body_text(),
            "token=rt-1&client_id=app-1&client_secret=secret-1"
        );
        assert_eq!(reqs[2].body_text(), "token=at-1");
        assert_eq!(reqs[3].body_text(), "token=rt-1");
        assert_eq!(reqs[2].header("authorization"), Some(BASIC));
        assert_eq!(reqs[3].header("authorization"), Some(BASIC));
        assert_eq!(reqs[4].body_text(), "token=at-1&client_id=app-1");
        assert_eq!(reqs[5].body_text(), "token=rt-1&client_id=app-1");
        for i in [0, 1, 4, 5] {
            assert_eq!(reqs[i].header("authorization"), None);
        }
    }

    #[tokio::test]
    async fn user_token_rides_along_unless_basic_or_bearer() {
        let srv = server().await;
        let mut post = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        post.set_access_token("user-tok");
        let mut basic = client(srv.url(), TokenEndpointAuthMethod::ClientSecretBasic);
        basic.set_access_token("user-tok");
        post.get_new_access_token_by_refresh_token("rt-1")
            .await
            .unwrap();
        basic
            .get_new_access_token_by_refresh_token("rt-1")
            .await
            .unwrap();
        let claims = post.get_user_info_by_access_token("at-9").await.unwrap();
        assert_eq!(claims, json!({"sub": "u1", "email": "a@b.c"}));
        let reqs = srv.requests();
        assert_eq!(reqs[0].header("authorization"), Some("user-tok"));
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        assert_eq!(reqs[2].method, "GET");
        assert_eq!(reqs[2].target, "/oidc/me");
        assert_eq!(reqs[2].header("authorization"), Some("Bearer at-9"));
        assert!(reqs[2].body.is_empty());
    }

    #[tokio::test]
    async fn oauth_error_bodies_become_oauth_errors() {
        let srv = server().await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        let err = c
            .get_new_access_token_by_refresh_token("err-invalid_grant")
            .await
            .unwrap_err();
        match &err {
            Error::OAuth {
                status,
                error,
                description,
            } => {
                assert_eq!(*status, 400);
                assert_eq!(error, "invalid_grant");
                assert_eq!(description.as_deref(), Some("invalid_grant here"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.status_code(), Some(400));
        assert_eq!(err.oauth_error(), Some("invalid_grant"));
        assert_eq!(err.message(), Some("invalid_grant here"));

        let err = c.introspect_token("err-invalid_client").await.unwrap_err();
        assert_eq!(err.status_code(), Some(401));
        assert_eq!(err.oauth_error(), Some("invalid_client"));
        let err = c.revoke_token("err-invalid_client").await.unwrap_err();
        assert_eq!(err.oauth_error(), Some("invalid_client"));
        let err = c
            .get_user_info_by_access_token("err-invalid_token")
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(401));
        assert_eq!(err.oauth_error(), Some("invalid_token"));

        // A body that is not an RFC error keeps the HTTP status in an Api error.
        let err = c.revoke_token("html").await.unwrap_err();
        assert!(
            matches!(&err, Error::Api { status_code: 502, message, .. } if message.contains("bad gateway")),
            "{err:?}"
        );
        let err = c
            .get_new_access_token_by_refresh_token("html")
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(502));
        assert_eq!(err.oauth_error(), None);
    }

    #[tokio::test]
    async fn a_secret_is_needed_unless_none() {
        let srv = server().await;
        let c = crate::AuthenticationClient::new(crate::AuthenticationClientOptions::new(
            "app-1",
            srv.url(),
        ))
        .unwrap();
        assert!(matches!(
            c.get_new_access_token_by_refresh_token("rt").await,
            Err(Error::Options(_))
        ));
        assert!(matches!(
            c.introspect_token("t").await,
            Err(Error::Options(_))
        ));
        assert!(matches!(c.revoke_token("t").await, Err(Error::Options(_))));
        assert!(srv.requests().is_empty());
    }
}
