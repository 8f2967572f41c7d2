//! Protocol helpers (spec §4.1, §4.2, §4.7, §4.8, §4.10): URLs the browser is sent to
//! (authorize, logout, CAS login), PKCE, the authorization-code and client-credentials
//! grants, and CAS ticket validation.

use super::AuthenticationClient;
use super::tokens::TOKEN_PATH;
use crate::error::{Error, Result};
use crate::http::ApiRequest;
use authgate_proto::cas::{CasFailure, CasServiceResponse, CasSuccess};
use authgate_proto::tokens::OidcTokenResponse;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Url;
use serde::Serialize;
use serde_json::Value;

/// Options of [`AuthenticationClient::build_authorize_url`]; every member is optional.
///
/// ```
/// use authgate_sdk::AuthorizeUrlOptions;
///
/// let options = AuthorizeUrlOptions {
///     scope: Some("openid profile offline_access".into()),
///     redirect_uri: Some("https://app.example/callback".into()),
///     ..Default::default()
/// };
/// assert!(options.state.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeUrlOptions {
    /// Scopes (default `openid profile`).
    pub scope: Option<String>,
    /// `state` (default: 16 random characters; pass your own to check it on return).
    pub state: Option<String>,
    /// `nonce` (default: 16 random characters).
    pub nonce: Option<String>,
    /// `response_type` (default `code`).
    pub response_type: Option<String>,
    /// `response_mode` (`query`, `fragment`, `form_post`); sent only when given.
    pub response_mode: Option<String>,
    /// `prompt` (default: `consent` when the scope has `offline_access`, else none).
    pub prompt: Option<String>,
    /// `redirect_uri`; when absent the server uses the application's first one.
    pub redirect_uri: Option<String>,
    /// PKCE `code_challenge` (see [`code_challenge`]); sent with `code_challenge_method=S256`.
    pub code_challenge: Option<String>,
}

/// Where [`AuthenticationClient::build_logout_url`] sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoutUrlOptions {
    /// OIDC RP-initiated logout: `/oidc/session/end`.
    Oidc {
        /// The id token of the session (`id_token_hint`).
        id_token_hint: Option<String>,
        /// Where to go afterwards (a registered logout URL).
        post_logout_redirect_uri: Option<String>,
        /// Echoed back to `post_logout_redirect_uri`.
        state: Option<String>,
    },
    /// The hosted pages' logout: `/login/profile/logout`.
    Hosted {
        /// Where to go afterwards.
        redirect_uri: Option<String>,
    },
    /// CAS logout: `/cas-idp/logout`.
    Cas {
        /// Where to go afterwards (registered for an application of the pool).
        url: Option<String>,
    },
}

/// The outcome of a CAS 2.0 / 3.0 ticket validation.
#[derive(Debug, Clone, PartialEq)]
pub enum CasValidation {
    /// The ticket was valid: the user and their attributes.
    Success(Box<CasSuccess>),
    /// The ticket was refused: `INVALID_TICKET`, `INVALID_SERVICE`, `INVALID_REQUEST`, …
    Failure(CasFailure),
}

/// The query of the CAS validation endpoints.
#[derive(Serialize)]
struct CasQuery<'a> {
    service: &'a str,
    ticket: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'a str>,
}

/// Characters of a PKCE verifier: 32 random bytes, base64url (43 characters).
const VERIFIER_BYTES: usize = 32;

fn random_bytes(n: usize) -> Result<Vec<u8>> {
    let mut b = vec![0u8; n];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| Error::Encode {
            message: "the system random source failed".to_owned(),
        })?;
    Ok(b)
}

/// 16 random characters `[0-9a-f]` (default `state` and `nonce`).
fn random_token() -> Result<String> {
    Ok(random_bytes(8)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A new PKCE code verifier (RFC 7636 §4.1): 43 characters of base64url from the system's
/// CSPRNG.
///
/// ```
/// let verifier = authgate_sdk::generate_code_verifier()?;
/// assert_eq!(verifier.len(), 43);
/// # Ok::<(), authgate_sdk::Error>(())
/// ```
pub fn generate_code_verifier() -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes(VERIFIER_BYTES)?))
}

/// The `S256` code challenge of `verifier`: base64url(SHA-256(verifier)) without padding.
///
/// ```
/// // RFC 7636 appendix B.
/// assert_eq!(
///     authgate_sdk::code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
///     "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
/// );
/// ```
pub fn code_challenge(verifier: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

impl AuthenticationClient {
    /// `host + path` with `pairs` as its query.
    fn url_with(&self, path: &str, pairs: &[(&str, &str)]) -> Result<String> {
        let mut url = Url::parse(&format!("{}{path}", self.host()))
            .map_err(|e| Error::Options(format!("cannot build a URL on the host: {e}")))?;
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url.into())
    }

    /// The OIDC authorization URL (`{host}/oidc/auth?...`) to send the browser to.
    /// `client_id` is the application; `state` and `nonce` are random unless given.
    ///
    /// ```no_run
    /// # fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{AuthorizeUrlOptions, code_challenge, generate_code_verifier};
    ///
    /// let verifier = generate_code_verifier()?; // keep it for get_access_token_by_code
    /// let url = client.build_authorize_url(&AuthorizeUrlOptions {
    ///     redirect_uri: Some("https://app.example/callback".into()),
    ///     state: Some("my-state".into()),
    ///     code_challenge: Some(code_challenge(&verifier)),
    ///     ..Default::default()
    /// })?;
    /// println!("open {url}");
    /// # Ok(()) }
    /// ```
    pub fn build_authorize_url(&self, options: &AuthorizeUrlOptions) -> Result<String> {
        let scope = options.scope.as_deref().unwrap_or("openid profile");
        let state = match &options.state {
            Some(s) => s.clone(),
            None => random_token()?,
        };
        let nonce = match &options.nonce {
            Some(n) => n.clone(),
            None => random_token()?,
        };
        let prompt = options.prompt.as_deref().or_else(|| {
            scope
                .split_whitespace()
                .any(|s| s == "offline_access")
                .then_some("consent")
        });
        let mut pairs: Vec<(&str, &str)> = vec![
            ("client_id", &self.inner.app_id),
            ("scope", scope),
            ("state", &state),
            ("nonce", &nonce),
            (
                "response_type",
                options.response_type.as_deref().unwrap_or("code"),
            ),
        ];
        let optional = [
            ("response_mode", options.response_mode.as_deref()),
            ("prompt", prompt),
            ("redirect_uri", options.redirect_uri.as_deref()),
            ("code_challenge", options.code_challenge.as_deref()),
        ];
        pairs.extend(optional.iter().filter_map(|(k, v)| v.map(|v| (*k, v))));
        if options.code_challenge.is_some() {
            pairs.push(("code_challenge_method", "S256"));
        }
        self.url_with("/oidc/auth", &pairs)
    }

    /// `POST /oidc/token` with `grant_type=authorization_code`: the token set of a code the
    /// redirect URI received, with the client credentials of the configured method. Give the
    /// `redirect_uri` of the authorization request and the PKCE verifier when one was used.
    ///
    /// Errors: [`Error::OAuth`] (`invalid_grant` for an unknown, used or expired code, a
    /// redirect URI or verifier that does not match; `invalid_client`).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, code: String, verifier: String) -> authgate_sdk::Result<()> {
    /// let tokens = client
    ///     .get_access_token_by_code(&code, Some("https://app.example/callback"), Some(&verifier))
    ///     .await?;
    /// println!("{:?}", tokens.id_token);
    /// # Ok(()) }
    /// ```
    pub async fn get_access_token_by_code(
        &self,
        code: &str,
        redirect_uri: Option<&str>,
        code_verifier: Option<&str>,
    ) -> Result<OidcTokenResponse> {
        let mut fields = vec![("grant_type", "authorization_code"), ("code", code)];
        if let Some(r) = redirect_uri {
            fields.push(("redirect_uri", r));
        }
        if let Some(v) = code_verifier {
            fields.push(("code_verifier", v));
        }
        let request = self.token_family_request(TOKEN_PATH, &fields)?;
        self.call_plain(request).await
    }

    /// `POST /oidc/token` with `grant_type=client_credentials` (machine-to-machine). With
    /// `access_key` `(id, secret)` a programmatic access key authenticates in the body, as the
    /// official SDKs send it; without, the application's own credentials per the configured
    /// method.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let tokens = client
    ///     .get_access_token_by_client_credentials("order:read", Some(("AK", "SK")))
    ///     .await?;
    /// println!("{}", tokens.access_token);
    /// # Ok(()) }
    /// ```
    pub async fn get_access_token_by_client_credentials(
        &self,
        scope: &str,
        access_key: Option<(&str, &str)>,
    ) -> Result<OidcTokenResponse> {
        let mut fields = vec![("grant_type", "client_credentials"), ("scope", scope)];
        let request = match access_key {
            Some((id, secret)) => {
                fields.push(("client_id", id));
                fields.push(("client_secret", secret));
                let fields = fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect();
                ApiRequest::post(TOKEN_PATH).form(fields)
            }
            None => self.token_family_request(TOKEN_PATH, &fields)?,
        };
        self.inner.http.plain_json(&request).await
    }

    /// The logout URL to send the browser to (nothing is requested).
    ///
    /// ```no_run
    /// # fn demo(client: authgate_sdk::AuthenticationClient, id_token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::LogoutUrlOptions;
    ///
    /// let url = client.build_logout_url(&LogoutUrlOptions::Oidc {
    ///     id_token_hint: Some(id_token),
    ///     post_logout_redirect_uri: Some("https://app.example/bye".into()),
    ///     state: None,
    /// })?;
    /// let cas = client.build_logout_url(&LogoutUrlOptions::Cas {
    ///     url: Some("https://app.example/".into()),
    /// })?;
    /// # let _ = (url, cas); Ok(()) }
    /// ```
    pub fn build_logout_url(&self, options: &LogoutUrlOptions) -> Result<String> {
        match options {
            LogoutUrlOptions::Oidc {
                id_token_hint,
                post_logout_redirect_uri,
                state,
            } => {
                let mut pairs = Vec::new();
                if let Some(t) = id_token_hint {
                    pairs.push(("id_token_hint", t.as_str()));
                }
                if let Some(r) = post_logout_redirect_uri {
                    pairs.push(("post_logout_redirect_uri", r.as_str()));
                    if let Some(s) = state {
                        pairs.push(("state", s.as_str()));
                    }
                }
                self.url_with("/oidc/session/end", &pairs)
            }
            LogoutUrlOptions::Hosted { redirect_uri } => {
                let pairs: Vec<_> = redirect_uri
                    .iter()
                    .map(|r| ("redirect_uri", r.as_str()))
                    .collect();
                self.url_with("/login/profile/logout", &pairs)
            }
            LogoutUrlOptions::Cas { url } => {
                let pairs: Vec<_> = url.iter().map(|u| ("url", u.as_str())).collect();
                self.url_with("/cas-idp/logout", &pairs)
            }
        }
    }

    /// The CAS login URL of the application (`{host}/cas-idp/{appId}?service=…`); the
    /// browser comes back to `service` with `ticket=ST-…`.
    ///
    /// ```no_run
    /// # fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// let url = client.build_cas_login_url(Some("https://wiki.example/cas"))?;
    /// assert!(url.contains("/cas-idp/"));
    /// # Ok(()) }
    /// ```
    pub fn build_cas_login_url(&self, service: Option<&str>) -> Result<String> {
        let pairs: Vec<_> = service.iter().map(|s| ("service", *s)).collect();
        self.url_with(&self.cas_path(""), &pairs)
    }

    /// `/cas-idp/{appId}{suffix}` with the app id escaped as a path segment.
    fn cas_path(&self, suffix: &str) -> String {
        let app: String = self
            .inner
            .app_id
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("/cas-idp/{app}{suffix}")
    }

    /// `GET /cas-idp/{appId}/serviceValidate?format=JSON`: validates a service ticket (good
    /// once) for `service`, the URL the ticket was issued for. A refused ticket is
    /// [`CasValidation::Failure`], not an error.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, ticket: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::CasValidation;
    ///
    /// match client.validate_ticket_v2(&ticket, "https://wiki.example/cas").await? {
    ///     CasValidation::Success(ok) => println!("{} ({:?})", ok.user, ok.attributes.email),
    ///     CasValidation::Failure(f) => println!("refused: {} {}", f.code, f.description),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn validate_ticket_v2(&self, ticket: &str, service: &str) -> Result<CasValidation> {
        let request = ApiRequest::get(self.cas_path("/serviceValidate")).query(&CasQuery {
            service,
            ticket,
            format: Some("JSON"),
        })?;
        let body: Value = self.inner.http.plain_json(&request).await?;
        let response =
            CasServiceResponse::from_value(body.clone()).ok_or_else(|| Error::Decode {
                message: format!(
                    "expected a CAS serviceResponse; body: {}",
                    crate::http::excerpt(body.to_string().as_bytes())
                ),
            })?;
        let outcome = response.service_response;
        Ok(
            match (
                outcome.authentication_success,
                outcome.authentication_failure,
            ) {
                (Some(ok), _) => CasValidation::Success(Box::new(ok)),
                (None, Some(fail)) => CasValidation::Failure(fail),
                (None, None) => CasValidation::Failure(CasFailure {
                    code: "INVALID_RESPONSE".to_owned(),
                    description: String::new(),
                }),
            },
        )
    }

    /// `GET /cas-idp/{appId}/validate` (CAS 1.0): the user name when the ticket is valid for
    /// `service`, `None` when it is refused.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, ticket: String) -> authgate_sdk::Result<()> {
    /// if let Some(user) = client.validate_ticket_v1(&ticket, "https://wiki.example/cas").await? {
    ///     println!("signed in as {user}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn validate_ticket_v1(&self, ticket: &str, service: &str) -> Result<Option<String>> {
        let request = ApiRequest::get(self.cas_path("/validate")).query(&CasQuery {
            service,
            ticket,
            format: None,
        })?;
        let text = self.inner.http.plain_text(&request).await?;
        let mut lines = text.lines();
        match (lines.next(), lines.next()) {
            (Some("yes"), Some(user)) if !user.is_empty() => Ok(Some(user.to_owned())),
            (Some("yes"), _) | (Some("no"), _) => Ok(None),
            _ => Err(Error::Decode {
                message: format!(
                    "expected a CAS 1.0 answer; body: {}",
                    crate::http::excerpt(text.as_bytes())
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{BASIC, METHODS, client};
    use super::*;
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder};
    use serde_json::json;
    use std::collections::HashMap;

    fn query(url: &str) -> HashMap<String, String> {
        Url::parse(url)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    }

    fn offline(method: TokenEndpointAuthMethod) -> AuthenticationClient {
        client("http://127.0.0.1:1".into(), method)
    }

    #[test]
    fn pkce_helpers() {
        let v = generate_code_verifier().unwrap();
        assert_eq!(v.len(), 43);
        assert!(
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(v, generate_code_verifier().unwrap());
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn authorize_url_defaults_and_options() {
        let c = offline(TokenEndpointAuthMethod::ClientSecretPost);
        let url = c
            .build_authorize_url(&AuthorizeUrlOptions::default())
            .unwrap();
        assert!(
            url.starts_with("http://127.0.0.1:1/oidc/auth?client_id=app-1&"),
            "{url}"
        );
        let q = query(&url);
        assert_eq!(q["scope"], "openid profile");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["state"].len(), 16);
        assert_eq!(q["nonce"].len(), 16);
        assert_ne!(q["state"], q["nonce"]);
        for absent in [
            "prompt",
            "redirect_uri",
            "response_mode",
            "code_challenge",
            "code_challenge_method",
        ] {
            assert!(!q.contains_key(absent), "{absent}");
        }
        let url = c
            .build_authorize_url(&AuthorizeUrlOptions {
                scope: Some("openid offline_access".into()),
                state: Some("s t&".into()),
                nonce: Some("n".into()),
                response_type: Some("code id_token".into()),
                response_mode: Some("form_post".into()),
                redirect_uri: Some("https://a.example/cb?x=1".into()),
                code_challenge: Some(code_challenge("v")),
                prompt: None,
            })
            .unwrap();
        let q = query(&url);
        assert_eq!(q["state"], "s t&");
        assert_eq!(q["nonce"], "n");
        assert_eq!(q["prompt"], "consent");
        assert_eq!(q["response_type"], "code id_token");
        assert_eq!(q["response_mode"], "form_post");
        assert_eq!(q["redirect_uri"], "https://a.example/cb?x=1");
        assert_eq!(q["code_challenge"], code_challenge("v"));
        assert_eq!(q["code_challenge_method"], "S256");
        let url = c
            .build_authorize_url(&AuthorizeUrlOptions {
                prompt: Some("login".into()),
                scope: Some("openid offline_access".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(query(&url)["prompt"], "login");
    }

    #[test]
    fn logout_and_cas_urls() {
        let c = offline(TokenEndpointAuthMethod::None);
        let url = c
            .build_logout_url(&LogoutUrlOptions::Oidc {
                id_token_hint: Some("idt".into()),
                post_logout_redirect_uri: Some("https://a.example/bye?x=1".into()),
                state: Some("st".into()),
            })
            .unwrap();
        assert_eq!(
            url,
            "http://127.0.0.1:1/oidc/session/end?id_token_hint=idt&post_logout_redirect_uri=https%3A%2F%2Fa.example%2Fbye%3Fx%3D1&state=st"
        );
        let url = c
            .build_logout_url(&LogoutUrlOptions::Oidc {
                id_token_hint: None,
                post_logout_redirect_uri: None,
                state: Some("dropped".into()),
            })
            .unwrap();
        assert_eq!(url, "http://127.0.0.1:1/oidc/session/end");
        let url = c
            .build_logout_url(&LogoutUrlOptions::Hosted {
                redirect_uri: Some("https://a.example/".into()),
            })
            .unwrap();
        assert_eq!(
            url,
            "http://127.0.0.1:1/login/profile/logout?redirect_uri=https%3A%2F%2Fa.example%2F"
        );
        let url = c
            .build_logout_url(&LogoutUrlOptions::Cas { url: None })
            .unwrap();
        assert_eq!(url, "http://127.0.0.1:1/cas-idp/logout");
        assert_eq!(
            c.build_cas_login_url(Some("https://w.example/cas?a=1&b"))
                .unwrap(),
            "http://127.0.0.1:1/cas-idp/app-1?service=https%3A%2F%2Fw.example%2Fcas%3Fa%3D1%26b"
        );
        assert_eq!(
            c.build_cas_login_url(None).unwrap(),
            "http://127.0.0.1:1/cas-idp/app-1"
        );
        let odd =
            AuthenticationClient::new(crate::AuthenticationClientOptions::new("a/b c", "http://h"))
                .unwrap();
        assert_eq!(
            odd.build_cas_login_url(None).unwrap(),
            "http://h/cas-idp/a%2Fb%20c"
        );
    }

    async fn token_server() -> Responder {
        Responder::start(|req: &Recorded| {
            let body = req.body_text();
            if body.contains("code=bad") {
                return (
                    400,
                    json!({"error": "invalid_grant", "error_description": "no such code"})
                        .to_string(),
                );
            }
            match req.path() {
                "/oidc/token" => (
                    200,
                    json!({"access_token": "at", "expires_in": 60, "id_token": "idt",
                           "scope": "openid", "token_type": "Bearer"})
                    .to_string(),
                ),
                _ => (404, "Not Found".into()),
            }
        })
        .await
    }

    #[tokio::test]
    async fn code_grant_per_auth_method() {
        let srv = token_server().await;
        for method in METHODS {
            let t = client(srv.url(), method)
                .get_access_token_by_code("c1", Some("https://a.example/cb"), Some("ver"))
                .await
                .unwrap();
            assert_eq!(t.access_token, "at");
        }
        let reqs = srv.requests();
        let base = "grant_type=authorization_code&code=c1&redirect_uri=https%3A%2F%2Fa.example%2Fcb&code_verifier=ver";
        assert_eq!(
            reqs[0].body_text(),
            format!("{base}&client_id=app-1&client_secret=secret-1")
        );
        assert_eq!(reqs[1].body_text(), base);
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
        assert_eq!(reqs[2].body_text(), format!("{base}&client_id=app-1"));
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        c.get_access_token_by_code("c2", None, None).await.unwrap();
        assert_eq!(
            srv.requests()[3].body_text(),
            "grant_type=authorization_code&code=c2&client_id=app-1&client_secret=secret-1"
        );
        let err = c
            .get_access_token_by_code("bad", None, None)
            .await
            .unwrap_err();
        assert_eq!(err.oauth_error(), Some("invalid_grant"));
        assert_eq!(err.status_code(), Some(400));
        assert_eq!(err.message(), Some("no such code"));
    }

    #[tokio::test]
    async fn client_credentials_grant() {
        let srv = token_server().await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretBasic);
        c.get_access_token_by_client_credentials("s:read", Some(("AK", "SK")))
            .await
            .unwrap();
        c.get_access_token_by_client_credentials("s:read", None)
            .await
            .unwrap();
        let reqs = srv.requests();
        assert_eq!(
            reqs[0].body_text(),
            "grant_type=client_credentials&scope=s%3Aread&client_id=AK&client_secret=SK"
        );
        assert_eq!(reqs[0].header("authorization"), None, "the key wins");
        assert_eq!(
            reqs[1].body_text(),
            "grant_type=client_credentials&scope=s%3Aread"
        );
        assert_eq!(reqs[1].header("authorization"), Some(BASIC));
    }

    async fn cas_server() -> Responder {
        Responder::start(|req: &Recorded| {
            let q = query(&format!("http://x{}", req.target));
            let ticket = q.get("ticket").cloned().unwrap_or_default();
            match (req.path(), ticket.as_str()) {
                ("/cas-idp/app-1/validate", "ST-ok") => (200, "yes\nada\n".into()),
                ("/cas-idp/app-1/validate", "ST-junk") => (200, "<html>".into()),
                ("/cas-idp/app-1/validate", _) => (200, "no\n\n".into()),
                ("/cas-idp/app-1/serviceValidate", "ST-ok") => (
                    200,
                    json!({"serviceResponse": {"authenticationSuccess": {"user": "ada",
                        "attributes": {"sub": "u1", "email": "a@b.c", "email_verified": false}}}})
                    .to_string(),
                ),
                ("/cas-idp/app-1/serviceValidate", "ST-bare") => (
                    200,
                    json!({"authenticationFailure": {"code": "INVALID_SERVICE", "description": "d"}})
                        .to_string(),
                ),
                ("/cas-idp/app-1/serviceValidate", "ST-junk") => (200, json!({"x": 1}).to_string()),
                ("/cas-idp/app-1/serviceValidate", _) => (
                    200,
                    json!({"serviceResponse": {"authenticationFailure":
                        {"code": "INVALID_TICKET", "description": "used"}}})
                    .to_string(),
                ),
                _ => (404, "Not Found".into()),
            }
        })
        .await
    }

    #[tokio::test]
    async fn cas_validation() {
        let srv = cas_server().await;
        let mut c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);
        c.set_access_token("user-tok");
        let service = "https://w.example/cas?a=1";
        match c.validate_ticket_v2("ST-ok", service).await.unwrap() {
            CasValidation::Success(ok) => {
                assert_eq!(ok.user, "ada");
                assert_eq!(ok.attributes.sub.as_deref(), Some("u1"));
                assert_eq!(ok.attributes.email_verified, Some(false));
            }
            other => panic!("{other:?}"),
        }
        let r = srv.requests();
        assert_eq!(
            r[0].sorted_target(),
            "/cas-idp/app-1/serviceValidate?format=JSON&service=https%3A%2F%2Fw.example%2Fcas%3Fa%3D1&ticket=ST-ok"
        );
        assert_eq!(
            r[0].header("authorization"),
            None,
            "no user token on CAS calls"
        );
        for (ticket, code) in [
            ("ST-used", "INVALID_TICKET"),
            ("ST-bare", "INVALID_SERVICE"),
        ] {
            match c.validate_ticket_v2(ticket, service).await.unwrap() {
                CasValidation::Failure(f) => assert_eq!(f.code, code),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            c.validate_ticket_v2("ST-junk", service).await,
            Err(Error::Decode { .. })
        ));

        assert_eq!(
            c.validate_ticket_v1("ST-ok", service)
                .await
                .unwrap()
                .as_deref(),
            Some("ada")
        );
        assert_eq!(c.validate_ticket_v1("ST-no", service).await.unwrap(), None);
        assert!(matches!(
            c.validate_ticket_v1("ST-junk", service).await,
            Err(Error::Decode { .. })
        ));
        let other =
            AuthenticationClient::new(crate::AuthenticationClientOptions::new("nope", srv.url()))
                .unwrap();
        assert_eq!(
            other
                .validate_ticket_v1("ST-ok", service)
                .await
                .unwrap_err()
                .status_code(),
            Some(404)
        );
    }
}
