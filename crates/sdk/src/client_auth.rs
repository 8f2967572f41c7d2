//! Client authentication of the application (spec §1.5): where `client_id` / `client_secret`
//! go for each [`TokenEndpointAuthMethod`].

use crate::error::{Error, Result};
use crate::http::{ApiRequest, Body, sensitive_header_value};
use crate::options::TokenEndpointAuthMethod;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::AUTHORIZATION;
use serde_json::Value;
use std::fmt;

/// The application's credentials and how to present them.
#[derive(Clone)]
pub(crate) struct ClientCredentials {
    app_id: String,
    app_secret: Option<String>,
    method: TokenEndpointAuthMethod,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("app_id", &self.app_id)
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("method", &self.method)
            .finish()
    }
}

impl ClientCredentials {
    /// Credentials of `app_id`. A missing secret is reported when a method that needs one is
    /// applied, so that a client without a secret can still call the other endpoints.
    pub(crate) fn new(
        app_id: String,
        app_secret: Option<String>,
        method: TokenEndpointAuthMethod,
    ) -> Self {
        ClientCredentials {
            app_id,
            app_secret: app_secret.filter(|s| !s.is_empty()),
            method,
        }
    }

    /// The method in use.
    #[cfg(test)]
    pub(crate) fn method(&self) -> TokenEndpointAuthMethod {
        self.method
    }

    /// `Basic base64(appId:appSecret)`, exactly as the official Node SDK builds it (no
    /// URL-encoding of the parts).
    fn basic_header(&self, secret: &str) -> Result<reqwest::header::HeaderValue> {
        let encoded = STANDARD.encode(format!("{}:{secret}", self.app_id));
        sensitive_header_value(&format!("Basic {encoded}"), "the app id / app secret pair")
    }

    /// What the official Node SDK's HTTP client does on its own on the nine client-auth
    /// paths: `client_secret_basic` → the Basic `authorization` header; the other methods →
    /// nothing (body credentials are the wrappers' business). Used by the raw
    /// `sign_in_by_credentials`, whose body is sent as the caller built it.
    pub(crate) fn apply_basic_header(&self, request: &mut ApiRequest) -> Result<()> {
        match (self.method, self.app_secret.as_deref()) {
            (TokenEndpointAuthMethod::ClientSecretBasic, Some(secret)) => {
                let value = self.basic_header(secret)?;
                request.headers_mut().insert(AUTHORIZATION, value);
                Ok(())
            }
            (TokenEndpointAuthMethod::ClientSecretBasic, None) => Err(self.missing_secret()),
            _ => Ok(()),
        }
    }

    /// Adds the credentials to a V3 request with a JSON body (`/api/v3/signin`,
    /// `/api/v3/signin-by-mobile`, `/api/v3/exchange-tokenset-with-qrcode-ticket`):
    /// `client_secret_post` → `client_id` + `client_secret` in the body; `client_secret_basic`
    /// → the Basic `authorization` header; `none` → nothing.
    pub(crate) fn apply_to_json(&self, request: &mut ApiRequest) -> Result<()> {
        match (self.method, self.app_secret.as_deref()) {
            (TokenEndpointAuthMethod::None, _) => Ok(()),
            (TokenEndpointAuthMethod::ClientSecretPost, Some(secret)) => {
                let Body::Json(Value::Object(body)) = request.body_mut() else {
                    return Err(Error::Encode {
                        message: "client credentials need a JSON object body".to_owned(),
                    });
                };
                body.insert("client_id".to_owned(), Value::String(self.app_id.clone()));
                body.insert("client_secret".to_owned(), Value::String(secret.to_owned()));
                Ok(())
            }
            (TokenEndpointAuthMethod::ClientSecretBasic, _) => self.apply_basic_header(request),
            (TokenEndpointAuthMethod::ClientSecretPost, None) => Err(self.missing_secret()),
        }
    }

    /// Adds the credentials to a form request of the token family (`/oidc/token`,
    /// `/oidc/token/introspection`, `/oidc/token/revocation` and the `/oauth` twins):
    /// `client_secret_post` → `client_id` + `client_secret` fields; `client_secret_basic` → the
    /// Basic `authorization` header; `none` → the `client_id` field only.
    pub(crate) fn apply_to_form(&self, request: &mut ApiRequest) -> Result<()> {
        let basic = match (self.method, self.app_secret.as_deref()) {
            (TokenEndpointAuthMethod::ClientSecretBasic, Some(secret)) => {
                Some(self.basic_header(secret)?)
            }
            (TokenEndpointAuthMethod::None, _) => None,
            (TokenEndpointAuthMethod::ClientSecretPost, Some(_)) => None,
            (_, None) => return Err(self.missing_secret()),
        };
        let Body::Form(fields) = request.body_mut() else {
            return Err(Error::Encode {
                message: "client credentials need a form body".to_owned(),
            });
        };
        fields.retain(|(k, _)| k != "client_id" && k != "client_secret");
        match (self.method, self.app_secret.as_deref()) {
            (TokenEndpointAuthMethod::None, _) => {
                fields.push(("client_id".to_owned(), self.app_id.clone()));
            }
            (TokenEndpointAuthMethod::ClientSecretPost, Some(secret)) => {
                fields.push(("client_id".to_owned(), self.app_id.clone()));
                fields.push(("client_secret".to_owned(), secret.to_owned()));
            }
            _ => {}
        }
        if let Some(value) = basic {
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    fn missing_secret(&self) -> Error {
        Error::Options(format!(
            "app_secret is required with token_endpoint_auth_method {}",
            self.method.as_str()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn creds(method: TokenEndpointAuthMethod) -> ClientCredentials {
        ClientCredentials::new("app1".into(), Some("s3cret".into()), method)
    }

    fn signin() -> ApiRequest {
        ApiRequest::post("/api/v3/signin")
            .json(&json!({"connection": "PASSWORD", "passwordPayload": {"email": "a@b.c"}}))
            .unwrap()
    }

    fn body(request: &mut ApiRequest) -> Value {
        match request.body_mut() {
            Body::Json(v) => v.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn form_fields(request: &mut ApiRequest) -> Vec<(String, String)> {
        match request.body_mut() {
            Body::Form(f) => f.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn token_request() -> ApiRequest {
        ApiRequest::post("/oidc/token").form(vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), "c".into()),
        ])
    }

    #[test]
    fn post_puts_id_and_secret_in_the_json_body() {
        let mut req = signin();
        creds(TokenEndpointAuthMethod::ClientSecretPost)
            .apply_to_json(&mut req)
            .unwrap();
        assert_eq!(
            body(&mut req),
            json!({"connection": "PASSWORD", "passwordPayload": {"email": "a@b.c"},
                   "client_id": "app1", "client_secret": "s3cret"})
        );
        assert!(req.headers().get(AUTHORIZATION).is_none());

        let mut req = token_request();
        creds(TokenEndpointAuthMethod::ClientSecretPost)
            .apply_to_form(&mut req)
            .unwrap();
        assert_eq!(
            form_fields(&mut req),
            [
                ("grant_type".to_owned(), "authorization_code".to_owned()),
                ("code".to_owned(), "c".to_owned()),
                ("client_id".to_owned(), "app1".to_owned()),
                ("client_secret".to_owned(), "s3cret".to_owned()),
            ]
        );
        assert!(req.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn basic_sets_the_authorization_header_only() {
        // base64("app1:s3cret")
        let expected = "Basic YXBwMTpzM2NyZXQ=";
        let mut req = signin();
        let before = body(&mut req);
        creds(TokenEndpointAuthMethod::ClientSecretBasic)
            .apply_to_json(&mut req)
            .unwrap();
        assert_eq!(body(&mut req), before);
        assert_eq!(req.headers().get(AUTHORIZATION).unwrap(), expected);
        assert!(req.headers().get(AUTHORIZATION).unwrap().is_sensitive());

        let mut req = token_request();
        creds(TokenEndpointAuthMethod::ClientSecretBasic)
            .apply_to_form(&mut req)
            .unwrap();
        assert_eq!(form_fields(&mut req).len(), 2);
        assert_eq!(req.headers().get(AUTHORIZATION).unwrap(), expected);
    }

    #[test]
    fn none_sends_no_secret() {
        let none = ClientCredentials::new("app1".into(), None, TokenEndpointAuthMethod::None);
        let mut req = signin();
        let before = body(&mut req);
        none.apply_to_json(&mut req).unwrap();
        assert_eq!(body(&mut req), before);
        assert!(req.headers().get(AUTHORIZATION).is_none());

        // The token family still names the client.
        let mut req = token_request();
        none.apply_to_form(&mut req).unwrap();
        let fields = form_fields(&mut req);
        assert!(fields.contains(&("client_id".to_owned(), "app1".to_owned())));
        assert!(!fields.iter().any(|(k, _)| k == "client_secret"));
        assert!(req.headers().get(AUTHORIZATION).is_none());

        // A configured secret is not leaked in `none` mode either.
        let mut req = signin();
        creds(TokenEndpointAuthMethod::None)
            .apply_to_json(&mut req)
            .unwrap();
        assert!(!body(&mut req).to_string().contains("s3cret"));
    }

    #[test]
    fn basic_header_only_touches_basic_mode() {
        let mut req = signin();
        let before = body(&mut req);
        creds(TokenEndpointAuthMethod::ClientSecretBasic)
            .apply_basic_header(&mut req)
            .unwrap();
        assert_eq!(
            req.headers().get(AUTHORIZATION).unwrap(),
            "Basic YXBwMTpzM2NyZXQ="
        );
        assert_eq!(body(&mut req), before);
        for method in [
            TokenEndpointAuthMethod::ClientSecretPost,
            TokenEndpointAuthMethod::None,
        ] {
            let mut req = signin();
            creds(method).apply_basic_header(&mut req).unwrap();
            assert_eq!(body(&mut req), before);
            assert!(req.headers().get(AUTHORIZATION).is_none());
        }
        let no_secret =
            ClientCredentials::new("a".into(), None, TokenEndpointAuthMethod::ClientSecretBasic);
        assert!(matches!(
            no_secret.apply_basic_header(&mut signin()),
            Err(Error::Options(_))
        ));
    }

    #[test]
    fn a_secret_is_required_unless_none() {
        for method in [
            TokenEndpointAuthMethod::ClientSecretPost,
            TokenEndpointAuthMethod::ClientSecretBasic,
        ] {
            for secret in [None, Some(String::new())] {
                let c = ClientCredentials::new("a".into(), secret, method);
                assert!(matches!(
                    c.apply_to_json(&mut signin()),
                    Err(Error::Options(_))
                ));
                assert!(matches!(
                    c.apply_to_form(&mut token_request()),
                    Err(Error::Options(_))
                ));
            }
        }
        let c = creds(TokenEndpointAuthMethod::ClientSecretPost);
        assert!(!format!("{c:?}").contains("s3cret"));
        // A JSON body that is not an object cannot carry credentials.
        let mut req = ApiRequest::post("/api/v3/signin").json(&[1]).unwrap();
        assert!(matches!(
            c.apply_to_json(&mut req),
            Err(Error::Encode { .. })
        ));
    }
}
