//! Applications: the clients of a user pool, with their token and client-authentication
//! settings.

pub mod branding;
pub mod branding_config;
pub mod changes;
mod checks;
pub mod login_config;
pub mod register_config;
pub mod rules;

pub use branding_config::BrandingConfig;
pub use checks::Checked;
pub use login_config::LoginConfig;
pub use register_config::RegisterConfig;

use crate::clock::EpochMillis;
use crate::oauth::{GrantType, ResponseType};
use serde::{Deserialize, Serialize};

/// The protocol every authgate application speaks (`defaultProtocol`).
pub const PROTOCOL: &str = "oidc";

/// Application type (`AppType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AppType {
    /// Server-rendered web application (confidential).
    #[default]
    Web,
    /// Single-page application (public).
    Spa,
    /// Native / mobile application (public).
    Native,
    /// Machine-to-machine API client.
    Api,
    /// MFA application.
    Mfa,
    /// Mini program.
    MiniProgram,
    /// Gateway application.
    GatewayApp,
    /// Gateway agent.
    GatewayAgent,
}

impl AppType {
    /// Every type with its wire spelling.
    pub const ALL: [(AppType, &'static str); 8] = [
        (AppType::Web, "web"),
        (AppType::Spa, "spa"),
        (AppType::Native, "native"),
        (AppType::Api, "api"),
        (AppType::Mfa, "mfa"),
        (AppType::MiniProgram, "mini-program"),
        (AppType::GatewayApp, "gateway-app"),
        (AppType::GatewayAgent, "gateway-agent"),
    ];

    /// The wire spelling (`web`, `mini-program`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            AppType::Web => "web",
            AppType::Spa => "spa",
            AppType::Native => "native",
            AppType::Api => "api",
            AppType::Mfa => "mfa",
            AppType::MiniProgram => "mini-program",
            AppType::GatewayApp => "gateway-app",
            AppType::GatewayAgent => "gateway-agent",
        }
    }

    /// The type of a wire spelling, if it is one.
    pub fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, w)| *w == s).map(|(t, _)| *t)
    }
}

/// How a client authenticates at the token family of endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthMethod {
    /// Public client: no secret.
    None,
    /// `client_id` + `client_secret` in the body (the SDKs' default).
    #[default]
    ClientSecretPost,
    /// `authorization: Basic base64(id:secret)`.
    ClientSecretBasic,
}

impl ClientAuthMethod {
    /// Every method with its OIDC client-metadata spelling.
    pub const ALL: [(ClientAuthMethod, &'static str); 3] = [
        (ClientAuthMethod::None, "none"),
        (ClientAuthMethod::ClientSecretPost, "client_secret_post"),
        (ClientAuthMethod::ClientSecretBasic, "client_secret_basic"),
    ];

    /// The OIDC client-metadata spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::None => "none",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
        }
    }

    /// The method of a client-metadata spelling, if it is one.
    pub fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, w)| *w == s).map(|(m, _)| *m)
    }
}

/// Token lifetimes in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", default)]
pub struct TokenLifetimes {
    /// Access token lifetime (default 7200 s).
    pub access_token_ttl: i64,
    /// Id token lifetime (default 7200 s).
    pub id_token_ttl: i64,
    /// Refresh token lifetime (default 30 days).
    pub refresh_token_ttl: i64,
}

impl Default for TokenLifetimes {
    fn default() -> Self {
        Self {
            access_token_ttl: 7200,
            id_token_ttl: 7200,
            refresh_token_ttl: 30 * 24 * 3600,
        }
    }
}

/// Protocol settings of an application (stored as one JSON document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// Client authentication at the token endpoint.
    pub token_endpoint_auth_method: ClientAuthMethod,
    /// Client authentication at the introspection endpoint.
    pub introspection_endpoint_auth_method: ClientAuthMethod,
    /// Client authentication at the revocation endpoint.
    pub revocation_endpoint_auth_method: ClientAuthMethod,
    /// Registered redirect URIs (exact match).
    pub redirect_uris: Vec<String>,
    /// Registered post-logout redirect URIs.
    pub logout_redirect_uris: Vec<String>,
    /// Allowed grant types (stored ones no longer known are dropped when read).
    #[serde(deserialize_with = "crate::oauth::known_only")]
    pub grant_types: Vec<GrantType>,
    /// Allowed response types (stored ones no longer valid are dropped when read).
    #[serde(deserialize_with = "crate::oauth::known_only")]
    pub response_types: Vec<ResponseType>,
    /// Token lifetimes.
    #[serde(flatten)]
    pub lifetimes: TokenLifetimes,
    /// Whether single sign-on is enabled for the application.
    pub sso_enabled: bool,
    /// JWS algorithm of id tokens (`RS256`).
    pub id_token_signed_response_alg: String,
    /// Where a sign-in started from the console or the app panel lands (`initLoginUri`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_login_uri: Option<String>,
    /// Hosted login-page settings (`loginConfig`); `None`: defaults. A stored document
    /// that no longer passes the checks reads as `None`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "checks::lenient"
    )]
    pub login_config: Option<LoginConfig>,
    /// Hosted registration settings (`registerConfig`); `None`: defaults.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "checks::lenient"
    )]
    pub register_config: Option<RegisterConfig>,
    /// Hosted-page branding (`brandingConfig`); `None`: defaults.
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "checks::lenient"
    )]
    pub branding_config: Option<BrandingConfig>,
    /// A third-party application: the user is asked to consent before it receives tokens.
    /// First-party applications (the default) skip the consent page.
    pub third_party: bool,
    /// Whether the application acts as a CAS service provider (`casProviderEnabled`).
    pub cas_enabled: bool,
    /// Whether PKCE `plain` is accepted besides `S256` (off by default).
    pub allow_pkce_plain: bool,
    /// Scopes a client-credentials (machine-to-machine) token may carry (RFC 7591 `scope`
    /// client metadata); a request without `scope` gets all of them.
    pub client_scopes: Vec<String>,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            token_endpoint_auth_method: ClientAuthMethod::ClientSecretPost,
            introspection_endpoint_auth_method: ClientAuthMethod::ClientSecretPost,
            revocation_endpoint_auth_method: ClientAuthMethod::ClientSecretPost,
            redirect_uris: Vec::new(),
            logout_redirect_uris: Vec::new(),
            grant_types: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
            response_types: vec![ResponseType::code()],
            lifetimes: TokenLifetimes::default(),
            sso_enabled: false,
            id_token_signed_response_alg: rules::ID_TOKEN_ALG.into(),
            init_login_uri: None,
            login_config: None,
            register_config: None,
            branding_config: None,
            third_party: false,
            cas_enabled: false,
            allow_pkce_plain: false,
            client_scopes: Vec::new(),
        }
    }
}

/// An application of a user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// App id (also the OAuth `client_id`).
    pub id: String,
    /// Owning user pool.
    pub pool_id: String,
    /// Display name.
    pub name: String,
    /// Unique identifier within the pool (used in hosted-page URLs).
    pub identifier: String,
    /// Description.
    pub description: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Type.
    pub app_type: AppType,
    /// Whether this is the pool's default application (made by `authgate init`).
    pub is_default: bool,
    /// The client secret, sealed with the master key (context [`Application::seal_context`]).
    pub secret_sealed: String,
    /// Protocol settings.
    pub settings: AppSettings,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}

impl AppSettings {
    /// Whether the application is registered for `grant`.
    pub fn allows_grant(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    /// The grant types as the wire spells them.
    pub fn grant_type_names(&self) -> Vec<String> {
        self.grant_types.iter().map(|g| g.as_str().into()).collect()
    }

    /// The response types as the wire spells them.
    pub fn response_type_names(&self) -> Vec<String> {
        self.response_types
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Whether the application may use the authorization code flow (`response_type=code`).
    pub fn allows_code_flow(&self) -> bool {
        self.response_types.iter().any(ResponseType::is_code)
            && self.allows_grant(GrantType::AuthorizationCode)
    }
}

impl Application {
    /// The encryption context binding a sealed secret to its application.
    pub fn seal_context(id: &str) -> String {
        format!("app-secret:{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_serialize_with_oidc_names() {
        let s = AppSettings::default();
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["token_endpoint_auth_method"], "client_secret_post");
        assert_eq!(v["access_token_ttl"], 7200);
        assert_eq!(v["refresh_token_ttl"], 2_592_000);
        let back: AppSettings = serde_json::from_value(serde_json::json!({
            "token_endpoint_auth_method": "client_secret_basic"
        }))
        .unwrap();
        assert_eq!(
            back.token_endpoint_auth_method,
            ClientAuthMethod::ClientSecretBasic
        );
        assert_eq!(back.lifetimes.id_token_ttl, 7200);
    }

    #[test]
    fn app_type_spelling() {
        assert_eq!(
            serde_json::to_value(AppType::MiniProgram).unwrap(),
            "mini-program"
        );
        for (t, s) in AppType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), s, "serde and table agree");
            assert_eq!(AppType::from_wire(s), Some(t));
            assert_eq!(t.as_str(), s);
        }
        assert_eq!(AppType::from_wire("desktop"), None);
    }

    #[test]
    fn auth_method_spelling() {
        for (m, s) in ClientAuthMethod::ALL {
            assert_eq!(serde_json::to_value(m).unwrap(), s);
            assert_eq!(ClientAuthMethod::from_wire(s), Some(m));
            assert_eq!(m.as_str(), s);
        }
        assert_eq!(ClientAuthMethod::from_wire("private_key_jwt"), None);
    }

    #[test]
    fn settings_stored_before_new_fields_still_decode() {
        let old: AppSettings = serde_json::from_str(
            r#"{"token_endpoint_auth_method":"none","redirect_uris":["https://a.example/cb"]}"#,
        )
        .unwrap();
        assert_eq!(old.id_token_signed_response_alg, "RS256");
        assert_eq!(old.login_config, None);
        let damaged: AppSettings = serde_json::from_value(serde_json::json!({
            "redirect_uris": ["https://a.example/cb"],
            "login_config": "not an object",
            "branding_config": {"primaryColor": "red;}body{x:y"},
            "register_config": {"defaultRegisterMethod": "PASSCODE"}
        }))
        .unwrap();
        assert_eq!(damaged.redirect_uris, ["https://a.example/cb"]);
        assert_eq!(
            (damaged.login_config, damaged.branding_config),
            (None, None)
        );
        assert!(damaged.register_config.is_some());
        let text = serde_json::to_string(&AppSettings::default()).unwrap();
        assert!(
            !text.contains("login_config"),
            "absent configs are not stored: {text}"
        );
    }
}
