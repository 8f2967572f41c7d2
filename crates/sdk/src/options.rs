//! Options of the two clients, and host normalisation.

use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;

/// GenAuth's hosted API, the default host of the management client.
pub const DEFAULT_HOST: &str = "https://api.authing.cn";

/// The request timeout when none is given (the official SDKs' default).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Language of the messages the server answers with (`x-authing-lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, `zh-CN` (the server's default).
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Lang {
    /// The header spelling: `zh-CN` or `en-US`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;

    /// Parses `zh-CN` or `en-US` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        if s.eq_ignore_ascii_case("zh-CN") {
            Ok(Lang::ZhCn)
        } else if s.eq_ignore_ascii_case("en-US") {
            Ok(Lang::EnUs)
        } else {
            Err(Error::Options(format!(
                "unknown lang \"{s}\": expected \"zh-CN\" or \"en-US\""
            )))
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the authentication client proves the application's identity on the sign-in and
/// token endpoints (spec §1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenEndpointAuthMethod {
    /// `none`: a public client; only `client_id` is sent where the protocol needs it.
    None,
    /// `client_secret_post`: `client_id` and `client_secret` in the request body (the default).
    #[default]
    ClientSecretPost,
    /// `client_secret_basic`: `authorization: Basic base64(appId:appSecret)`.
    ClientSecretBasic,
}

impl TokenEndpointAuthMethod {
    /// The wire spelling: `none`, `client_secret_post` or `client_secret_basic`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenEndpointAuthMethod::None => "none",
            TokenEndpointAuthMethod::ClientSecretPost => "client_secret_post",
            TokenEndpointAuthMethod::ClientSecretBasic => "client_secret_basic",
        }
    }
}

/// Options of [`AuthenticationClient`](crate::AuthenticationClient).
///
/// ```
/// use authgate_sdk::{AuthenticationClientOptions, Lang, TokenEndpointAuthMethod};
///
/// let options = AuthenticationClientOptions::new("APP_ID", "https://example.authing.cn")
///     .with_app_secret("APP_SECRET")
///     .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic)
///     .with_lang(Lang::EnUs);
/// assert_eq!(options.app_id, "APP_ID");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AuthenticationClientOptions {
    /// The application id (`x-authing-app-id`, and `client_id`).
    pub app_id: String,
    /// The application secret; needed for `client_secret_post` / `client_secret_basic`.
    pub app_secret: Option<String>,
    /// The application's domain, e.g. `https://example.authing.cn` or `http://localhost:8080`.
    /// `https://` is added when no scheme is given; a trailing `/` is removed.
    pub app_host: String,
    /// How the application authenticates on the sign-in and token endpoints.
    pub token_endpoint_auth_method: TokenEndpointAuthMethod,
    /// Language of server messages; the header is not sent when `None`.
    pub lang: Option<Lang>,
    /// Timeout of each request.
    pub timeout: Duration,
}

impl AuthenticationClientOptions {
    /// Options for `app_id` on `app_host`, with no secret, `client_secret_post`, no language
    /// and a 10 s timeout.
    pub fn new(app_id: impl Into<String>, app_host: impl Into<String>) -> Self {
        AuthenticationClientOptions {
            app_id: app_id.into(),
            app_host: app_host.into(),
            ..Default::default()
        }
    }

    /// Sets the application secret.
    pub fn with_app_secret(mut self, app_secret: impl Into<String>) -> Self {
        self.app_secret = Some(app_secret.into());
        self
    }

    /// Sets how the application authenticates on the sign-in and token endpoints.
    pub fn with_token_endpoint_auth_method(mut self, method: TokenEndpointAuthMethod) -> Self {
        self.token_endpoint_auth_method = method;
        self
    }

    /// Sets the language of server messages.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    /// Sets the timeout of each request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Default for AuthenticationClientOptions {
    /// Empty app id, [`DEFAULT_HOST`], `client_secret_post`, no language, 10 s.
    fn default() -> Self {
        AuthenticationClientOptions {
            app_id: String::new(),
            app_secret: None,
            app_host: DEFAULT_HOST.to_owned(),
            token_endpoint_auth_method: TokenEndpointAuthMethod::default(),
            lang: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

impl fmt::Debug for AuthenticationClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthenticationClientOptions")
            .field("app_id", &self.app_id)
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("app_host", &self.app_host)
            .field(
                "token_endpoint_auth_method",
                &self.token_endpoint_auth_method,
            )
            .field("lang", &self.lang)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Options of [`ManagementClient`](crate::ManagementClient).
///
/// ```
/// use authgate_sdk::ManagementClientOptions;
///
/// let options = ManagementClientOptions::new("USERPOOL_ID", "USERPOOL_SECRET")
///     .with_host("http://localhost:8080");
/// assert_eq!(options.host, "http://localhost:8080");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ManagementClientOptions {
    /// User pool id, or a collaborator access key id.
    pub access_key_id: String,
    /// User pool secret, or the access key secret.
    pub access_key_secret: String,
    /// API host (default [`DEFAULT_HOST`]). `https://` is added when no scheme is given; a
    /// trailing `/` is removed.
    pub host: String,
    /// Language of server messages; the header is not sent when `None`.
    pub lang: Option<Lang>,
    /// Timeout of each request.
    pub timeout: Duration,
    /// Tenant id, sent as `x-authing-app-id` as the official Node SDK does.
    pub tenant_id: Option<String>,
}

impl ManagementClientOptions {
    /// Options for the given access key on [`DEFAULT_HOST`], no language, 10 s timeout.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        ManagementClientOptions {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            ..Default::default()
        }
    }

    /// Sets the API host.
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the language of server messages.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = Some(lang);
        self
    }

    /// Sets the timeout of each request.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the tenant id.
    pub fn with_tenant_id(mut self, tenant_id: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id.into());
        self
    }
}

impl Default for ManagementClientOptions {
    /// Empty access key, [`DEFAULT_HOST`], no language, 10 s, no tenant.
    fn default() -> Self {
        ManagementClientOptions {
            access_key_id: String::new(),
            access_key_secret: String::new(),
            host: DEFAULT_HOST.to_owned(),
            lang: None,
            timeout: DEFAULT_TIMEOUT,
            tenant_id: None,
        }
    }
}

impl fmt::Debug for ManagementClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManagementClientOptions")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .field("host", &self.host)
            .field("lang", &self.lang)
            .field("timeout", &self.timeout)
            .field("tenant_id", &self.tenant_id)
            .finish()
    }
}

/// `example.com/` → `https://example.com`: adds `https://` when no scheme is given, strips
/// trailing `/`, and checks that the result is an http(s) URL.
pub(crate) fn normalize_host(host: &str) -> Result<String> {
    let trimmed = host.trim();
    if trimmed.is_empty() {
        return Err(Error::Options("the host is empty".to_owned()));
    }
    let mut url = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("https://{trimmed}")
    };
    while url.ends_with('/') {
        url.pop();
    }
    let parsed = reqwest::Url::parse(&url)
        .map_err(|e| Error::Options(format!("invalid host \"{host}\": {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Options(format!(
            "invalid host \"{host}\": the scheme must be http or https"
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Options(format!(
            "invalid host \"{host}\": no host name"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Options(format!(
            "invalid host \"{host}\": credentials in the URL are not allowed"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Options(format!(
            "invalid host \"{host}\": a query or fragment is not allowed"
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_gets_a_scheme_and_loses_trailing_slashes() {
        assert_eq!(
            normalize_host("example.authing.cn").unwrap(),
            "https://example.authing.cn"
        );
        assert_eq!(
            normalize_host("https://example.authing.cn/").unwrap(),
            "https://example.authing.cn"
        );
        assert_eq!(
            normalize_host(" http://localhost:8080// ").unwrap(),
            "http://localhost:8080"
        );
        assert_eq!(
            normalize_host("127.0.0.1:3000/").unwrap(),
            "https://127.0.0.1:3000"
        );
        assert_eq!(
            normalize_host("https://idp.example.com/prefix/").unwrap(),
            "https://idp.example.com/prefix"
        );
        assert_eq!(normalize_host(DEFAULT_HOST).unwrap(), DEFAULT_HOST);
    }

    #[test]
    fn bad_hosts_are_option_errors() {
        for bad in [
            "",
            "   ",
            "ftp://example.com",
            "https://",
            "https://x.com/?a=b",
            "mailto:x@y",
        ] {
            assert!(
                matches!(normalize_host(bad), Err(Error::Options(_))),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn defaults_and_builders() {
        let a = AuthenticationClientOptions::new("app", "example.com").with_app_secret("TOPSECRET");
        assert_eq!(
            a.token_endpoint_auth_method,
            TokenEndpointAuthMethod::ClientSecretPost
        );
        assert_eq!(a.timeout, Duration::from_secs(10));
        assert_eq!(a.lang, None);
        assert!(!format!("{a:?}").contains("TOPSECRET"));
        let m = ManagementClientOptions::new("ak", "TOPSECRET");
        assert_eq!(m.host, "https://api.authing.cn");
        assert!(!format!("{m:?}").contains("TOPSECRET"));
        assert_eq!("en-us".parse::<Lang>().unwrap(), Lang::EnUs);
        assert!("fr-FR".parse::<Lang>().is_err());
        assert_eq!(
            TokenEndpointAuthMethod::ClientSecretBasic.as_str(),
            "client_secret_basic"
        );
    }
}
