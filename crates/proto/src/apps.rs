//! Applications on the management API (spec §5.3.7) and the `Application` record (§1.9).
//!
//! Enum-like members (`appType`, the client-authentication methods, …) are strings here so
//! the SDK also reads answers of GenAuth's hosted service, which may hold values authgate
//! does not know; the server checks them against the lists documented on each field.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `oidcConfig` of an application: OIDC client metadata with its standard names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OidcConfig {
    /// Client authentication at the token endpoint and the sign-in APIs: `none`,
    /// `client_secret_post` or `client_secret_basic`.
    pub token_endpoint_auth_method: String,
    /// Client authentication at the introspection endpoint (same values).
    pub introspection_endpoint_auth_method: String,
    /// Client authentication at the revocation endpoint (same values).
    pub revocation_endpoint_auth_method: String,
    /// Allowed grant types (`authorization_code`, `refresh_token`, `client_credentials`, …).
    pub grant_types: Vec<String>,
    /// Allowed response types (`code`, `id_token token`, …).
    pub response_types: Vec<String>,
    /// JWS algorithm of id tokens (`RS256`).
    pub id_token_signed_response_alg: String,
    /// Access-token lifetime (s).
    pub access_token_ttl: i64,
    /// Id-token lifetime (s).
    pub id_token_ttl: i64,
    /// Refresh-token lifetime (s).
    pub refresh_token_ttl: i64,
    /// Scopes a client-credentials token may carry, space-separated (RFC 7591 `scope`).
    pub scope: String,
    /// Whether PKCE `plain` is accepted besides `S256`.
    pub allow_pkce_plain: bool,
}

/// Changes to `oidcConfig` (create and update): absent or `null` members stay as they are.
/// The camelCase spellings are accepted too.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OidcConfigInput {
    /// `none`, `client_secret_post` or `client_secret_basic`.
    #[serde(
        alias = "tokenEndpointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub token_endpoint_auth_method: Option<String>,
    /// `none`, `client_secret_post` or `client_secret_basic`.
    #[serde(
        alias = "introspectionEndpointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub introspection_endpoint_auth_method: Option<String>,
    /// `none`, `client_secret_post` or `client_secret_basic`.
    #[serde(
        alias = "revocationEndpointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub revocation_endpoint_auth_method: Option<String>,
    /// `authorization_code`, `implicit`, `refresh_token`, `client_credentials`, `password`,
    /// `urn:ietf:params:oauth:grant-type:device_code`.
    #[serde(alias = "grantTypes", skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    /// `none`, or space-separated `code`, `id_token`, `token`.
    #[serde(alias = "responseTypes", skip_serializing_if = "Option::is_none")]
    pub response_types: Option<Vec<String>>,
    /// `RS256`.
    #[serde(
        alias = "idTokenSignedResponseAlg",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_signed_response_alg: Option<String>,
    /// Access-token lifetime (s), 1 to 86400.
    #[serde(
        alias = "accessTokenTtl",
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_ttl: Option<i64>,
    /// Id-token lifetime (s), 1 to 86400.
    #[serde(
        alias = "idTokenTtl",
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_ttl: Option<i64>,
    /// Refresh-token lifetime (s), 1 to 31536000.
    #[serde(
        alias = "refreshTokenTtl",
        deserialize_with = "crate::de::opt_lenient_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_ttl: Option<i64>,
    /// Scopes a client-credentials token may carry, space-separated (RFC 7591 `scope`);
    /// `""` clears.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Accept PKCE `plain` besides `S256`.
    #[serde(
        alias = "allowPkcePlain",
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_pkce_plain: Option<bool>,
}

/// `loginConfig.defaultLoginMethod`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct DefaultLoginMethod {
    /// `PASSCODE`, `PASSWORD`, `QRCODE`, `LDAP` or `AD`.
    pub connection_type: String,
    /// `SELF_BUILT_APP`, `WECHAT_OFFICIAL_ACCOUNT` or `WECHAT_MINI_PROGRAM`.
    pub qrcode_type: String,
    /// QR-code identity-provider connection.
    pub qrcode_ext_idp_conn_id: String,
    /// AD connection.
    pub ad_ext_idp_conn_id: String,
    /// LDAP connection.
    pub ldap_ext_idp_conn_id: String,
}

impl Default for DefaultLoginMethod {
    fn default() -> Self {
        Self {
            connection_type: "PASSWORD".into(),
            qrcode_type: "SELF_BUILT_APP".into(),
            qrcode_ext_idp_conn_id: String::new(),
            ad_ext_idp_conn_id: String::new(),
            ldap_ext_idp_conn_id: String::new(),
        }
    }
}

/// `loginConfig`: the hosted login page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct LoginConfig {
    /// One page for sign-in and registration.
    pub merge_login_and_register_page: bool,
    /// `PHONE_CODE`, `EMAIL_CODE`, `PHONE_PASSWORD`, `EMAIL_PASSWORD`, `USERNAME_PASSWORD`,
    /// `SELF_BUILT_APP_QRCODE`.
    pub enabled_basic_login_methods: Vec<String>,
    /// The method shown first.
    pub default_login_method: DefaultLoginMethod,
    /// Enabled external identity-provider connections.
    pub enabled_ext_idp_conns: Vec<Value>,
    /// Show the consent page.
    pub show_authorization_page: bool,
}

impl Default for LoginConfig {
    fn default() -> Self {
        Self {
            merge_login_and_register_page: false,
            enabled_basic_login_methods: vec![
                "EMAIL_PASSWORD".into(),
                "USERNAME_PASSWORD".into(),
                "PHONE_PASSWORD".into(),
                "EMAIL_CODE".into(),
                "PHONE_CODE".into(),
            ],
            default_login_method: DefaultLoginMethod::default(),
            enabled_ext_idp_conns: Vec::new(),
            show_authorization_page: false,
        }
    }
}

/// `loginConfig` as create and update take it: the record, with connections named by id.
/// A given `loginConfig` replaces the stored one; absent members take their defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginConfigInput {
    /// The settings.
    #[serde(flatten)]
    pub config: LoginConfig,
    /// External identity-provider connections to enable, as `{extIdpConnId}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enabled_ext_idp_conn_ids: Vec<Value>,
    /// Enable every external identity-provider connection.
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enabled_all_ext_idp_conns: Option<bool>,
}

/// `registerConfig`: the hosted registration page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct RegisterConfig {
    /// `PHONE_CODE`, `EMAIL_CODE`, `EMAIL_PASSWORD`.
    pub enabled_basic_register_methods: Vec<String>,
    /// `PASSCODE` or `PASSWORD`.
    pub default_register_method: String,
}

impl Default for RegisterConfig {
    fn default() -> Self {
        Self {
            enabled_basic_register_methods: vec![
                "EMAIL_PASSWORD".into(),
                "EMAIL_CODE".into(),
                "PHONE_CODE".into(),
            ],
            default_register_method: "PASSWORD".into(),
        }
    }
}

/// `brandingConfig`: the look of the hosted pages.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct BrandingConfig {
    /// Whether `customCSS` applies.
    #[serde(rename = "customCSSEnabled")]
    pub custom_css_enabled: bool,
    /// Custom CSS.
    #[serde(rename = "customCSS", skip_serializing_if = "Option::is_none")]
    pub custom_css: Option<String>,
    /// `Advanced` or `Classical`.
    pub guard_version: String,
    /// Loading image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_loading_image: Option<String>,
    /// Background image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_background: Option<String>,
    /// Show the language switch.
    pub show_change_language_button: bool,
    /// `zh-CN`, `en-US`, `zh-TW` or `ja-JP`.
    pub default_language: String,
    /// Show "forgot password".
    pub show_forget_password_button: bool,
    /// Show enterprise connections.
    pub show_enterprise_connections: bool,
    /// Show social connections.
    pub show_social_connections: bool,
    /// Show agreements.
    pub show_agreement: bool,
    /// Agreements (`{displayAt, isRequired, lang, content}`).
    pub agreements: Vec<Value>,
    /// authgate: the hosted pages' primary colour (buttons, links, the current tab), `#rgb`
    /// or `#rrggbb`; GenAuth has no such member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<String>,
    /// authgate: a footer text under the hosted pages (none when absent); GenAuth has no
    /// such member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer_text: Option<String>,
}

impl Default for BrandingConfig {
    fn default() -> Self {
        Self {
            custom_css_enabled: false,
            custom_css: None,
            guard_version: "Advanced".into(),
            custom_loading_image: None,
            custom_background: None,
            show_change_language_button: true,
            default_language: "zh-CN".into(),
            show_forget_password_button: true,
            show_enterprise_connections: true,
            show_social_connections: true,
            show_agreement: false,
            agreements: Vec::new(),
            primary_color: None,
            footer_text: None,
        }
    }
}

/// The `Application` record as every endpoint returns it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ApplicationDto {
    /// App id (the OAuth `client_id`).
    pub app_id: String,
    /// Identifier, unique in the pool.
    pub app_identifier: String,
    /// Name.
    pub app_name: String,
    /// Logo URL (empty when none).
    pub app_logo: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_description: Option<String>,
    /// `web`, `spa`, `native`, `api`, `mfa`, `mini-program`, `gateway-app`, `gateway-agent`.
    pub app_type: String,
    /// Owning user pool.
    pub user_pool_id: String,
    /// Whether it is an integrated (template) application: always false in authgate.
    pub is_integrate_app: bool,
    /// `oidc`.
    pub default_protocol: String,
    /// Registered redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Registered post-logout redirect URIs.
    pub logout_redirect_uris: Vec<String>,
    /// Where a sign-in started from the app panel lands (empty: the hosted login page).
    pub init_login_uri: String,
    /// Whether single sign-on is enabled.
    pub sso_enabled: bool,
    /// When SSO was enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso_enabled_at: Option<String>,
    /// Hosted login page.
    pub login_config: LoginConfig,
    /// Hosted registration page.
    pub register_config: RegisterConfig,
    /// Hosted-page branding.
    pub branding_config: BrandingConfig,
    /// OIDC client metadata.
    pub oidc_config: OidcConfig,
    /// SAML identity provider enabled: always false in authgate.
    pub saml_provider_enabled: bool,
    /// OAuth identity provider enabled: always false in authgate.
    pub oauth_provider_enabled: bool,
    /// CAS identity provider enabled: always false in authgate.
    pub cas_provider_enabled: bool,
    /// Own login-box configuration instead of the pool's.
    pub custom_branding_enabled: bool,
    /// Own security rules instead of the pool's.
    pub custom_security_enabled: bool,
    /// Template of an integrated application.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// The settable members of an application: the body of `create-application` and the
/// changes of `update-application`. Absent or `null` means "not given".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ApplicationFields {
    /// Name (required on create).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// Identifier: letters, digits, `-`, `_`, at most 64; unique in the pool. Derived from
    /// the name when absent on create.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_identifier: Option<String>,
    /// Logo URL (`""` clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_logo: Option<String>,
    /// Description (`""` clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_description: Option<String>,
    /// Type (default `web`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_type: Option<String>,
    /// `oidc` (the only protocol authgate serves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_protocol: Option<String>,
    /// Redirect URIs: absolute `http(s)` URLs without fragment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// Post-logout redirect URIs: absolute `http(s)` URLs without fragment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logout_redirect_uris: Option<Vec<String>>,
    /// Where a sign-in started from the app panel lands (`""` clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_login_uri: Option<String>,
    /// Enable single sign-on.
    #[serde(
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub sso_enabled: Option<bool>,
    /// OIDC client metadata; members not given stay as they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oidc_config: Option<OidcConfigInput>,
    /// Client authentication at the token endpoint, outside `oidcConfig` (also spelled
    /// `tokenEndPointAuthMethod`, as the SDKs' options do).
    #[serde(
        alias = "tokenEndPointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub token_endpoint_auth_method: Option<String>,
    /// Client authentication at the introspection endpoint, outside `oidcConfig`.
    #[serde(
        alias = "introspectionEndPointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub introspection_endpoint_auth_method: Option<String>,
    /// Client authentication at the revocation endpoint, outside `oidcConfig`.
    #[serde(
        alias = "revocationEndPointAuthMethod",
        skip_serializing_if = "Option::is_none"
    )]
    pub revocation_endpoint_auth_method: Option<String>,
    /// Hosted login page (replaces the stored one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_config: Option<LoginConfigInput>,
    /// Hosted registration page (replaces the stored one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_config: Option<RegisterConfig>,
    /// Hosted-page branding (replaces the stored one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branding_config: Option<BrandingConfig>,
    /// SAML identity provider: not implemented (only `false`).
    #[serde(
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub saml_provider_enabled: Option<bool>,
    /// SAML settings: not implemented (only empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_config: Option<Value>,
    /// OAuth identity provider: not implemented (only `false`).
    #[serde(
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub oauth_provider_enabled: Option<bool>,
    /// OAuth settings: not implemented (only empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_config: Option<Value>,
    /// CAS identity provider: not implemented (only `false`).
    #[serde(
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub cas_provider_enabled: Option<bool>,
    /// CAS settings: not implemented (only empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cas_config: Option<Value>,
    /// Integrated-application template: not implemented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Integrated-application settings: not implemented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_data: Option<Value>,
}

/// `POST /api/v3/create-application` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApplicationRequest {
    /// The application (`appName` required).
    #[serde(flatten)]
    pub fields: ApplicationFields,
}

/// `POST /api/v3/update-application` body: the app and the members to change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateApplicationRequest {
    /// The application.
    pub app_id: String,
    /// What to change.
    #[serde(flatten)]
    pub fields: ApplicationFields,
    /// Show the SSO launchpad: not implemented (only `false`).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub sso_show_launchpad: Option<bool>,
    /// Let users request access: not implemented (only `false`).
    #[serde(
        default,
        deserialize_with = "crate::de::opt_lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_permission_apply: Option<bool>,
}

/// `{appId}`: the query of `get-application` / `get-application-secret` and the body of
/// `delete-application` / `refresh-application-secret`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct AppIdRequest {
    /// The application id.
    pub app_id: String,
}

/// `GET /api/v3/list-applications` query.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct ListApplicationsQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size, at most 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Only integrated applications (authgate has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_integrate_app: Option<bool>,
    /// Only self-built applications (every authgate application is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_self_built_app: Option<bool>,
    /// Only applications with SSO enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_enabled: Option<bool>,
    /// Case-insensitive substring of the name, identifier or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// Search every application (no effect in authgate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<bool>,
}

/// `{secret}`: the answer of `get-application-secret` and `refresh-application-secret`.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSecretData {
    /// The client secret.
    pub secret: String,
}

impl std::fmt::Debug for ApplicationSecretData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApplicationSecretData")
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn update_body_flattens_and_accepts_both_spellings() {
        let req: UpdateApplicationRequest = serde_json::from_value(json!({
            "appId": "a1",
            "appName": "Shop",
            "tokenEndPointAuthMethod": "none",
            "oidcConfig": {"tokenEndpointAuthMethod": "client_secret_basic", "access_token_ttl": "600"},
            "ssoEnabled": "True"
        }))
        .unwrap();
        assert_eq!(req.app_id, "a1");
        assert_eq!(req.fields.app_name.as_deref(), Some("Shop"));
        assert_eq!(
            req.fields.token_endpoint_auth_method.as_deref(),
            Some("none")
        );
        assert_eq!(req.fields.sso_enabled, Some(true));
        let oidc = req.fields.oidc_config.unwrap();
        assert_eq!(
            oidc.token_endpoint_auth_method.as_deref(),
            Some("client_secret_basic")
        );
        assert_eq!(oidc.access_token_ttl, Some(600));
    }

    #[test]
    fn absent_members_are_not_sent() {
        let body = serde_json::to_value(CreateApplicationRequest {
            fields: ApplicationFields {
                app_name: Some("Shop".into()),
                ..Default::default()
            },
        })
        .unwrap();
        assert_eq!(body, json!({"appName": "Shop"}));
    }

    #[test]
    fn record_spellings_and_lenient_reading() {
        let v = serde_json::to_value(ApplicationDto::default()).unwrap();
        for key in [
            "appId",
            "oidcConfig",
            "isIntegrateApp",
            "loginConfig",
            "brandingConfig",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["brandingConfig"]["customCSSEnabled"], false);
        assert_eq!(
            v["loginConfig"]["defaultLoginMethod"]["connectionType"],
            "PASSWORD"
        );
        // A sparse answer (e.g. from the hosted service) still reads.
        let app: ApplicationDto =
            serde_json::from_value(json!({"appId": "a", "oidcConfig": {}})).unwrap();
        assert_eq!(app.app_id, "a");
        let login: LoginConfigInput = serde_json::from_value(json!({
            "showAuthorizationPage": true, "enabledExtIdpConnIds": [{"extIdpConnId": "c"}]
        }))
        .unwrap();
        assert!(login.config.show_authorization_page);
        assert_eq!(login.enabled_ext_idp_conn_ids.len(), 1);
    }

    #[test]
    fn secrets_are_not_debug_printed() {
        let s = ApplicationSecretData {
            secret: "s3cr3t".into(),
        };
        assert!(!format!("{s:?}").contains("s3cr3t"));
    }
}
