//! Applying the settable members of an application (the `create-application` body and the
//! `update-application` changes) to an [`Application`], each one checked first. Members not
//! given stay as they are; a given `loginConfig` / `registerConfig` / `brandingConfig`
//! replaces the stored one. Nothing is applied when any member is refused, so the store only
//! ever holds settings that passed these checks.

use super::branding;
use super::branding_config::BrandingConfig;
use super::checks::{Checked, http_url, invalid, one_of_text, optional_url};
use super::login_config::LoginConfig;
use super::register_config::RegisterConfig;
use super::rules::{self, ID_TOKEN_ALG};
use super::{AppSettings, AppType, Application, ClientAuthMethod, PROTOCOL};
use crate::ApiError;
use crate::oauth::{GrantType, ResponseType};
use authgate_proto::apps::{ApplicationFields, OidcConfigInput};
use serde_json::Value;

/// Protocols GenAuth offers that authgate does not serve.
const OTHER_PROTOCOLS: &[&str] = &["oauth", "saml", "cas", "asa"];

/// Applies the given members of `f` to `app`, checking each; nothing is applied on error.
pub fn apply(app: &mut Application, f: ApplicationFields) -> Checked<()> {
    refuse_unsupported(&f)?;
    let mut next = app.clone();
    if let Some(name) = f.app_name {
        next.name = app_name(&name)?;
    }
    if let Some(identifier) = f.app_identifier {
        next.identifier = app_identifier(&identifier)?;
    }
    if let Some(logo) = f.app_logo {
        next.logo = app_logo(&logo)?;
    }
    if let Some(d) = f.app_description {
        next.description = description(&d)?;
    }
    if let Some(t) = f.app_type {
        next.app_type = AppType::from_wire(t.trim())
            .ok_or_else(|| invalid("appType", one_of_text(AppType::ALL.iter().map(|(_, s)| *s))))?;
    }
    if let Some(p) = f.default_protocol {
        protocol(p.trim())?;
    }
    let s = &mut next.settings;
    if let Some(uris) = f.redirect_uris {
        s.redirect_uris = redirect_uris("redirectUris", uris)?;
    }
    if let Some(uris) = f.logout_redirect_uris {
        s.logout_redirect_uris = redirect_uris("logoutRedirectUris", uris)?;
    }
    if let Some(uri) = f.init_login_uri {
        s.init_login_uri = optional_url("initLoginUri", &uri)?;
    }
    if let Some(on) = f.sso_enabled {
        s.sso_enabled = on;
    }
    if let Some(on) = f.cas_provider_enabled {
        s.cas_enabled = on;
    }
    let top_level = [
        f.token_endpoint_auth_method,
        f.introspection_endpoint_auth_method,
        f.revocation_endpoint_auth_method,
    ];
    apply_oidc(s, f.oidc_config.unwrap_or_default(), top_level)?;
    if let Some(c) = f.login_config {
        // GenAuth's "show the authorization (consent) page" is authgate's third-party flag.
        s.third_party = c.config.show_authorization_page;
        s.login_config = Some(LoginConfig::parse(&c)?);
    }
    if let Some(c) = f.register_config {
        s.register_config = Some(RegisterConfig::parse(&c)?);
    }
    if let Some(c) = f.branding_config {
        s.branding_config = Some(BrandingConfig::parse(&c)?);
    }
    *app = next;
    Ok(())
}

/// True for absent, `null`, `""` and `{}`.
fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

/// GenAuth features authgate does not implement are refused rather than ignored.
fn refuse_unsupported(f: &ApplicationFields) -> Checked<()> {
    let switches = [
        ("samlProviderEnabled", f.saml_provider_enabled),
        ("oauthProviderEnabled", f.oauth_provider_enabled),
    ];
    if let Some((name, _)) = switches.iter().find(|(_, on)| *on == Some(true)) {
        return Err(ApiError::not_implemented(*name));
    }
    let template = f.template.clone().map(Value::String);
    let documents = [
        ("samlConfig", f.saml_config.as_ref()),
        ("oauthConfig", f.oauth_config.as_ref()),
        ("casConfig", f.cas_config.as_ref()),
        ("template (integrated applications)", template.as_ref()),
        (
            "templateData (integrated applications)",
            f.template_data.as_ref(),
        ),
    ];
    if let Some((name, _)) = documents.iter().find(|(_, v)| !is_blank(*v)) {
        return Err(ApiError::not_implemented(*name));
    }
    Ok(())
}

fn app_name(raw: &str) -> Checked<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::missing("appName"));
    }
    if name.chars().count() > rules::MAX_NAME_LEN {
        return Err(invalid(
            "appName",
            format!("at most {} characters", rules::MAX_NAME_LEN),
        ));
    }
    Ok(name.to_string())
}

/// Checks a given `appIdentifier`.
pub fn app_identifier(raw: &str) -> Checked<String> {
    let id = raw.trim();
    if !rules::is_valid_identifier(id) {
        return Err(invalid(
            "appIdentifier",
            format!(
                "1 to {} ASCII letters, digits, '-' or '_', starting with a letter or digit",
                rules::MAX_IDENTIFIER_LEN
            ),
        ));
    }
    Ok(id.to_string())
}

fn description(raw: &str) -> Checked<Option<String>> {
    let d = raw.trim();
    if d.chars().count() > rules::MAX_DESCRIPTION_LEN {
        return Err(invalid(
            "appDescription",
            format!("at most {} characters", rules::MAX_DESCRIPTION_LEN),
        ));
    }
    Ok(Some(d.to_string()).filter(|d| !d.is_empty()))
}

fn protocol(p: &str) -> Checked<()> {
    if p == PROTOCOL {
        Ok(())
    } else if OTHER_PROTOCOLS.contains(&p) {
        Err(ApiError::not_implemented(format!("defaultProtocol '{p}'")))
    } else {
        Err(invalid("defaultProtocol", one_of_text([PROTOCOL])))
    }
}

/// `appLogo`: `""` clears; else an http(s) URL or a base64 `data:` PNG / SVG image (shown
/// in `<img>` on the hosted pages, where an SVG cannot run script).
fn app_logo(raw: &str) -> Checked<Option<String>> {
    let s = raw.trim();
    if s.starts_with("data:") {
        if branding::is_valid_data_logo(s) {
            return Ok(Some(s.to_string()));
        }
        return Err(invalid(
            "appLogo",
            format!(
                "a data: logo must be base64 data:image/png or data:image/svg+xml, at most {} bytes",
                branding::MAX_DATA_LOGO_LEN
            ),
        ));
    }
    optional_url("appLogo", s)
}

/// Redirect URIs: each an http(s) URL, duplicates dropped, at most 50.
fn redirect_uris(name: &str, uris: Vec<String>) -> Checked<Vec<String>> {
    if uris.len() > rules::MAX_REDIRECT_URIS {
        return Err(invalid(
            name,
            format!("at most {} URIs", rules::MAX_REDIRECT_URIS),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(uris.len());
    for (i, raw) in uris.iter().enumerate() {
        let uri = http_url(&format!("{name}[{i}]"), raw)?;
        if !out.contains(&uri) {
            out.push(uri);
        }
    }
    Ok(out)
}

/// One client-authentication method, given inside `oidcConfig` and/or at the top level
/// (camelCase); both may be given only when they agree.
fn auth_method(
    nested: Option<String>,
    top: Option<String>,
    [nested_name, top_name]: [&str; 2],
) -> Checked<Option<ClientAuthMethod>> {
    let parse = |name: &str, v: Option<String>| -> Checked<Option<ClientAuthMethod>> {
        v.map(|v| {
            ClientAuthMethod::from_wire(v.trim()).ok_or_else(|| {
                invalid(
                    name,
                    one_of_text(ClientAuthMethod::ALL.iter().map(|(_, s)| *s)),
                )
            })
        })
        .transpose()
    };
    match (parse(nested_name, nested)?, parse(top_name, top)?) {
        (Some(a), Some(b)) if a != b => Err(invalid(
            top_name,
            format!("contradicts {nested_name}; give one of them"),
        )),
        (a, b) => Ok(a.or(b)),
    }
}

/// A lifetime in seconds, 1 to `max`.
fn lifetime(name: &str, v: i64, max: i64) -> Checked<i64> {
    if (1..=max).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(
            name,
            format!("must be between 1 and {max} seconds"),
        ))
    }
}

/// `oidcConfig.grant_types`: known grant types, duplicates dropped, at least one.
fn grant_types(list: Vec<String>) -> Checked<Vec<GrantType>> {
    const NAME: &str = "oidcConfig.grant_types";
    let mut out: Vec<GrantType> = Vec::with_capacity(list.len());
    for g in list.iter().map(|g| g.trim()) {
        let g = GrantType::from_wire(g).ok_or_else(|| invalid(NAME, GrantType::one_of_text()))?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    if out.is_empty() {
        return Err(invalid(NAME, "must name at least one grant type"));
    }
    Ok(out)
}

/// `oidcConfig.response_types`: valid response types, duplicates dropped.
fn response_types(list: Vec<String>) -> Checked<Vec<ResponseType>> {
    let mut out: Vec<ResponseType> = Vec::with_capacity(list.len());
    for r in list.iter().map(|r| r.trim()) {
        let r = ResponseType::parse(r).ok_or_else(|| {
            invalid(
                "oidcConfig.response_types",
                "each must be 'none' or space-separated code, id_token, token",
            )
        })?;
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// `oidcConfig.scope`: space-separated RFC 6749 scope tokens, duplicates dropped.
fn client_scopes(raw: &str) -> Checked<Vec<String>> {
    let scope = crate::scope::Scope::parse(raw);
    if let Some(bad) = scope.iter().find(|s| !crate::scope::is_scope_token(s)) {
        return Err(invalid(
            "oidcConfig.scope",
            format!("'{bad}' is not a scope (printable ASCII without '\"' or '\\')"),
        ));
    }
    Ok(scope.iter().map(str::to_string).collect())
}

/// Applies `oidcConfig` (and the top-level auth-method spellings) member by member.
fn apply_oidc(s: &mut AppSettings, c: OidcConfigInput, top: [Option<String>; 3]) -> Checked<()> {
    let [top_token, top_introspection, top_revocation] = top;
    let methods = [
        (
            c.token_endpoint_auth_method,
            top_token,
            [
                "oidcConfig.token_endpoint_auth_method",
                "tokenEndpointAuthMethod",
            ],
            &mut s.token_endpoint_auth_method,
        ),
        (
            c.introspection_endpoint_auth_method,
            top_introspection,
            [
                "oidcConfig.introspection_endpoint_auth_method",
                "introspectionEndpointAuthMethod",
            ],
            &mut s.introspection_endpoint_auth_method,
        ),
        (
            c.revocation_endpoint_auth_method,
            top_revocation,
            [
                "oidcConfig.revocation_endpoint_auth_method",
                "revocationEndpointAuthMethod",
            ],
            &mut s.revocation_endpoint_auth_method,
        ),
    ];
    for (nested, top, names, slot) in methods {
        if let Some(m) = auth_method(nested, top, names)? {
            *slot = m;
        }
    }
    if let Some(list) = c.grant_types {
        s.grant_types = grant_types(list)?;
    }
    if let Some(list) = c.response_types {
        s.response_types = response_types(list)?;
    }
    if let Some(scope) = c.scope {
        s.client_scopes = client_scopes(&scope)?;
    }
    if let Some(on) = c.allow_pkce_plain {
        s.allow_pkce_plain = on;
    }
    if let Some(alg) = c.id_token_signed_response_alg {
        if alg.trim() != ID_TOKEN_ALG {
            return Err(invalid(
                "oidcConfig.id_token_signed_response_alg",
                format!("only {ID_TOKEN_ALG} is supported"),
            ));
        }
        s.id_token_signed_response_alg = ID_TOKEN_ALG.into();
    }
    let l = &mut s.lifetimes;
    let lifetimes = [
        (
            c.access_token_ttl,
            "oidcConfig.access_token_ttl",
            rules::MAX_ACCESS_TOKEN_TTL,
            &mut l.access_token_ttl,
        ),
        (
            c.id_token_ttl,
            "oidcConfig.id_token_ttl",
            rules::MAX_ID_TOKEN_TTL,
            &mut l.id_token_ttl,
        ),
        (
            c.refresh_token_ttl,
            "oidcConfig.refresh_token_ttl",
            rules::MAX_REFRESH_TOKEN_TTL,
            &mut l.refresh_token_ttl,
        ),
    ];
    for (given, name, max, slot) in lifetimes {
        if let Some(v) = given {
            *slot = lifetime(name, v, max)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn app() -> Application {
        Application {
            id: "a1".into(),
            pool_id: "p1".into(),
            name: "Shop".into(),
            identifier: "shop".into(),
            description: None,
            logo: None,
            app_type: AppType::Web,
            is_default: false,
            secret_sealed: "v1:x".into(),
            settings: AppSettings::default(),
            created_at: 0,
            updated_at: 0,
        }
    }

    fn fields(v: Value) -> ApplicationFields {
        serde_json::from_value(v).unwrap()
    }

    /// The parameter an error names.
    fn rejected(v: Value) -> String {
        let mut a = app();
        let before = a.clone();
        let e = apply(&mut a, fields(v)).unwrap_err();
        assert_eq!(a, before, "nothing applied on error");
        match e.msg {
            crate::messages::Msg::InvalidParameter { name, .. }
            | crate::messages::Msg::MissingParameter { name } => name,
            crate::messages::Msg::NotImplemented { path } => format!("501 {path}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn changes_only_what_is_given() {
        let mut a = app();
        apply(
            &mut a,
            fields(json!({
                "appLogo": "https://cdn.example/logo.png",
                "redirectUris": ["https://shop.example/cb", "https://shop.example/cb", "http://localhost:3000/cb"],
                "oidcConfig": {"token_endpoint_auth_method": "none", "refresh_token_ttl": 3600,
                               "grant_types": ["authorization_code"], "response_types": ["code id_token"]},
                "revocationEndpointAuthMethod": "client_secret_basic",
                "registerConfig": {"enabledBasicRegisterMethods": ["EMAIL_CODE"], "defaultRegisterMethod": "PASSCODE"}
            })),
        )
        .unwrap();
        assert_eq!(a.name, "Shop");
        assert_eq!(a.logo.as_deref(), Some("https://cdn.example/logo.png"));
        let s = &a.settings;
        assert_eq!(s.redirect_uris.len(), 2);
        assert_eq!(s.token_endpoint_auth_method, ClientAuthMethod::None);
        assert_eq!(
            s.introspection_endpoint_auth_method,
            ClientAuthMethod::ClientSecretPost
        );
        assert_eq!(
            s.revocation_endpoint_auth_method,
            ClientAuthMethod::ClientSecretBasic
        );
        assert_eq!(s.lifetimes.refresh_token_ttl, 3600);
        assert_eq!(s.lifetimes.access_token_ttl, 7200);
        assert_eq!(s.response_types[0].to_string(), "code id_token");
        assert_eq!(
            s.register_config.as_ref().unwrap().default_register_method,
            super::super::register_config::RegisterDefault::Passcode
        );

        apply(
            &mut a,
            fields(json!({"appLogo": "", "appDescription": "  "})),
        )
        .unwrap();
        assert_eq!((a.logo.as_deref(), a.description.as_deref()), (None, None));
        assert_eq!(
            a.settings.token_endpoint_auth_method,
            ClientAuthMethod::None
        );
    }

    #[test]
    fn bad_members_are_named() {
        let cases = [
            (json!({"appName": " "}), "appName"),
            (json!({"appIdentifier": "has space"}), "appIdentifier"),
            (json!({"appType": "desktop"}), "appType"),
            (json!({"appLogo": "logo.png"}), "appLogo"),
            (json!({"appLogo": "data:text/html;base64,PGI+"}), "appLogo"),
            (
                json!({"brandingConfig": {"customCSS": "a{}</style><script>x()</script>"}}),
                "brandingConfig.customCSS",
            ),
            (
                json!({"brandingConfig": {"primaryColor": "red"}}),
                "brandingConfig.primaryColor",
            ),
            (
                json!({"brandingConfig": {"footerText": "a\nb"}}),
                "brandingConfig.footerText",
            ),
            (
                json!({"redirectUris": ["https://a.example/cb", "/relative"]}),
                "redirectUris[1]",
            ),
            (
                json!({"redirectUris": ["https://a.example/cb#x"]}),
                "redirectUris[0]",
            ),
            (
                json!({"redirectUris": ["javascript:alert(1)"]}),
                "redirectUris[0]",
            ),
            (
                json!({"redirectUris": ["https://u:p@a.example/"]}),
                "redirectUris[0]",
            ),
            (
                json!({"logoutRedirectUris": ["ftp://a.example/"]}),
                "logoutRedirectUris[0]",
            ),
            (json!({"initLoginUri": "nope"}), "initLoginUri"),
            (
                json!({"oidcConfig": {"token_endpoint_auth_method": "private_key_jwt"}}),
                "oidcConfig.token_endpoint_auth_method",
            ),
            (
                json!({"tokenEndpointAuthMethod": "basic"}),
                "tokenEndpointAuthMethod",
            ),
            (
                json!({"tokenEndpointAuthMethod": "none",
                       "oidcConfig": {"token_endpoint_auth_method": "client_secret_basic"}}),
                "tokenEndpointAuthMethod",
            ),
            (
                json!({"oidcConfig": {"grant_types": ["magic"]}}),
                "oidcConfig.grant_types",
            ),
            (
                json!({"oidcConfig": {"grant_types": []}}),
                "oidcConfig.grant_types",
            ),
            (
                json!({"oidcConfig": {"response_types": ["code code"]}}),
                "oidcConfig.response_types",
            ),
            (
                json!({"oidcConfig": {"id_token_signed_response_alg": "HS256"}}),
                "oidcConfig.id_token_signed_response_alg",
            ),
            (
                json!({"oidcConfig": {"access_token_ttl": 0}}),
                "oidcConfig.access_token_ttl",
            ),
            (
                json!({"oidcConfig": {"access_token_ttl": 86_401}}),
                "oidcConfig.access_token_ttl",
            ),
            (
                json!({"oidcConfig": {"id_token_ttl": -5}}),
                "oidcConfig.id_token_ttl",
            ),
            (
                json!({"oidcConfig": {"refresh_token_ttl": 366 * 86_400}}),
                "oidcConfig.refresh_token_ttl",
            ),
            (json!({"defaultProtocol": "ws"}), "defaultProtocol"),
            (
                json!({"defaultProtocol": "saml"}),
                "501 defaultProtocol 'saml'",
            ),
            (
                json!({"samlProviderEnabled": true}),
                "501 samlProviderEnabled",
            ),
            (json!({"casConfig": {"a": 1}}), "501 casConfig"),
            (
                json!({"template": "slack"}),
                "501 template (integrated applications)",
            ),
            (
                json!({"loginConfig": {"enabledBasicLoginMethods": ["FACE"]}}),
                "loginConfig.enabledBasicLoginMethods[0]",
            ),
            (
                json!({"loginConfig": {"enabledExtIdpConnIds": [{"extIdpConnId": "c1"}]}}),
                "loginConfig.enabledExtIdpConnIds",
            ),
            (
                json!({"registerConfig": {"defaultRegisterMethod": "MAGIC"}}),
                "registerConfig.defaultRegisterMethod",
            ),
            (
                json!({"brandingConfig": {"defaultLanguage": "fr-FR"}}),
                "brandingConfig.defaultLanguage",
            ),
            (
                json!({"brandingConfig": {"agreements": [{"displayAt": ["LoginPage"]}]}}),
                "brandingConfig.agreements[0]",
            ),
        ];
        for (body, name) in cases {
            assert_eq!(rejected(body.clone()), name, "{body}");
        }
    }

    #[test]
    fn blank_provider_documents_are_accepted() {
        let mut a = app();
        apply(
            &mut a,
            fields(
                json!({"samlProviderEnabled": false, "samlConfig": {}, "oauthConfig": null,
                          "template": "", "defaultProtocol": "oidc",
                          "brandingConfig": {"customBackground": "",
                              "agreements": [{"displayAt": ["LoginPage"], "isRequired": true,
                                              "lang": "en-US", "content": "ToS"}]}}),
            ),
        )
        .unwrap();
        let b = a.settings.branding_config.unwrap();
        assert_eq!(b.agreements[0].content, "ToS");
        assert_eq!(b.custom_background, None);
    }
}
