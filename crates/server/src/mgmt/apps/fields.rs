//! Applying the settable members of an application (the `create-application` body and the
//! `update-application` changes) to an [`Application`], each one checked first. Members not
//! given stay as they are; a given `loginConfig` / `registerConfig` / `brandingConfig`
//! replaces the stored one.

use super::view::PROTOCOL;
use crate::http::AppError;
use authgate_core::ApiError;
use authgate_core::application::branding;
use authgate_core::application::rules::{self, ID_TOKEN_ALG, MAX_URI_LEN};
use authgate_core::application::{AppSettings, AppType, Application, ClientAuthMethod};
use authgate_proto::apps::{
    ApplicationFields, BrandingConfig, LoginConfigInput, OidcConfigInput, RegisterConfig,
};
use serde::Serialize;
use serde_json::Value;

type Checked<T> = Result<T, AppError>;

fn invalid(name: &str, reason: impl Into<String>) -> AppError {
    ApiError::invalid(name, reason).into()
}

/// `must be one of a, b, c`.
fn one_of_text<'a>(allowed: impl IntoIterator<Item = &'a str>) -> String {
    let list: Vec<&str> = allowed.into_iter().collect();
    format!("must be one of {}", list.join(", "))
}

/// Checks that `value` is one of `allowed`.
fn one_of(name: &str, value: &str, allowed: &[&str]) -> Checked<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(invalid(name, one_of_text(allowed.iter().copied())))
    }
}

/// Protocols GenAuth offers that authgate does not serve.
const OTHER_PROTOCOLS: &[&str] = &["oauth", "saml", "cas", "asa"];
const LOGIN_METHODS: &[&str] = &[
    "PHONE_CODE",
    "EMAIL_CODE",
    "PHONE_PASSWORD",
    "EMAIL_PASSWORD",
    "USERNAME_PASSWORD",
    "SELF_BUILT_APP_QRCODE",
];
const CONNECTION_TYPES: &[&str] = &["PASSCODE", "PASSWORD", "QRCODE", "LDAP", "AD"];
const QRCODE_TYPES: &[&str] = &[
    "SELF_BUILT_APP",
    "WECHAT_OFFICIAL_ACCOUNT",
    "WECHAT_MINI_PROGRAM",
];
const REGISTER_METHODS: &[&str] = &["PHONE_CODE", "EMAIL_CODE", "EMAIL_PASSWORD"];
const REGISTER_DEFAULTS: &[&str] = &["PASSCODE", "PASSWORD"];
const GUARD_VERSIONS: &[&str] = &["Advanced", "Classical"];
const LANGUAGES: &[&str] = &["zh-CN", "en-US", "zh-TW", "ja-JP"];
const AGREEMENT_PAGES: &[&str] = &["LoginPage", "RegisterPage"];

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
        s.login_config = Some(login_config(c)?);
    }
    if let Some(c) = f.register_config {
        s.register_config = Some(register_config(c)?);
    }
    if let Some(c) = f.branding_config {
        s.branding_config = Some(branding_config(c)?);
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
        return Err(ApiError::not_implemented(*name).into());
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
        return Err(ApiError::not_implemented(*name).into());
    }
    Ok(())
}

fn app_name(raw: &str) -> Checked<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::missing("appName").into());
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
        Err(ApiError::not_implemented(format!("defaultProtocol '{p}'")).into())
    } else {
        Err(invalid("defaultProtocol", one_of_text([PROTOCOL])))
    }
}

/// An absolute `http(s)` URL with a host, without credentials or fragment, as given.
fn http_url(name: &str, raw: &str) -> Checked<String> {
    let s = raw.trim();
    if s.len() > MAX_URI_LEN {
        return Err(invalid(name, format!("at most {MAX_URI_LEN} characters")));
    }
    let url = url::Url::parse(s).map_err(|_| invalid(name, "must be an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(name, "must be an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(name, "must name a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(name, "must not carry credentials"));
    }
    if url.fragment().is_some() {
        return Err(invalid(name, "must not contain a fragment (#…)"));
    }
    Ok(s.to_string())
}

/// `""` clears; anything else must be an [`http_url`].
fn optional_url(name: &str, raw: &str) -> Checked<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    http_url(name, raw).map(Some)
}

/// `appLogo`: `""` clears; else an [`http_url`] or a base64 `data:` PNG / SVG image (shown
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

/// Redirect URIs: each an [`http_url`], duplicates dropped, at most 50.
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

fn grant_types(list: Vec<String>) -> Checked<Vec<String>> {
    const NAME: &str = "oidcConfig.grant_types";
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for g in list.iter().map(|g| g.trim()) {
        if !rules::is_known_grant_type(g) {
            return Err(invalid(
                NAME,
                one_of_text(rules::GRANT_TYPES.iter().copied()),
            ));
        }
        if !out.iter().any(|o| o == g) {
            out.push(g.to_string());
        }
    }
    if out.is_empty() {
        return Err(invalid(NAME, "must name at least one grant type"));
    }
    Ok(out)
}

fn response_types(list: Vec<String>) -> Checked<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for r in list.iter().map(|r| r.trim()) {
        if !rules::is_valid_response_type(r) {
            return Err(invalid(
                "oidcConfig.response_types",
                "each must be 'none' or space-separated code, id_token, token",
            ));
        }
        if !out.iter().any(|o| o == r) {
            out.push(r.to_string());
        }
    }
    Ok(out)
}

/// `oidcConfig.scope`: space-separated RFC 6749 scope tokens, duplicates dropped.
fn client_scopes(raw: &str) -> Checked<Vec<String>> {
    let scope = authgate_core::scope::Scope::parse(raw);
    if let Some(bad) = scope
        .iter()
        .find(|s| !authgate_core::scope::is_scope_token(s))
    {
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

/// A checked document as stored.
fn document<T: Serialize>(what: &str, v: &T) -> Checked<Value> {
    serde_json::to_value(v).map_err(|e| {
        tracing::error!(what, error = %e, "configuration does not serialize");
        AppError(ApiError::internal())
    })
}

/// Checks each of `values` (named `name[i]`) against `allowed`.
fn each_one_of(name: &str, values: &[String], allowed: &[&str]) -> Checked<()> {
    values
        .iter()
        .enumerate()
        .try_for_each(|(i, v)| one_of(&format!("{name}[{i}]"), v, allowed))
}

/// No identity-provider connections exist in authgate yet, so none can be named.
fn no_connection(name: &str, given: bool) -> Checked<()> {
    if given {
        return Err(invalid(
            name,
            "no identity-provider connection exists in this user pool",
        ));
    }
    Ok(())
}

fn login_config(input: LoginConfigInput) -> Checked<Value> {
    let c = &input.config;
    each_one_of(
        "loginConfig.enabledBasicLoginMethods",
        &c.enabled_basic_login_methods,
        LOGIN_METHODS,
    )?;
    let m = &c.default_login_method;
    one_of(
        "loginConfig.defaultLoginMethod.connectionType",
        &m.connection_type,
        CONNECTION_TYPES,
    )?;
    if !m.qrcode_type.is_empty() {
        one_of(
            "loginConfig.defaultLoginMethod.qrcodeType",
            &m.qrcode_type,
            QRCODE_TYPES,
        )?;
    }
    for (name, id) in [
        (
            "loginConfig.defaultLoginMethod.qrcodeExtIdpConnId",
            &m.qrcode_ext_idp_conn_id,
        ),
        (
            "loginConfig.defaultLoginMethod.adExtIdpConnId",
            &m.ad_ext_idp_conn_id,
        ),
        (
            "loginConfig.defaultLoginMethod.ldapExtIdpConnId",
            &m.ldap_ext_idp_conn_id,
        ),
    ] {
        no_connection(name, !id.is_empty())?;
    }
    no_connection(
        "loginConfig.enabledExtIdpConnIds",
        !input.enabled_ext_idp_conn_ids.is_empty(),
    )?;
    no_connection(
        "loginConfig.enabledExtIdpConns",
        !c.enabled_ext_idp_conns.is_empty(),
    )?;
    document("loginConfig", c)
}

fn register_config(c: RegisterConfig) -> Checked<Value> {
    each_one_of(
        "registerConfig.enabledBasicRegisterMethods",
        &c.enabled_basic_register_methods,
        REGISTER_METHODS,
    )?;
    one_of(
        "registerConfig.defaultRegisterMethod",
        &c.default_register_method,
        REGISTER_DEFAULTS,
    )?;
    document("registerConfig", &c)
}

/// One agreement of `brandingConfig.agreements`.
#[derive(serde::Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Agreement {
    display_at: Vec<String>,
    is_required: bool,
    lang: String,
    content: String,
}

fn branding_config(mut c: BrandingConfig) -> Checked<Value> {
    one_of(
        "brandingConfig.guardVersion",
        &c.guard_version,
        GUARD_VERSIONS,
    )?;
    one_of(
        "brandingConfig.defaultLanguage",
        &c.default_language,
        LANGUAGES,
    )?;
    c.custom_loading_image = c
        .custom_loading_image
        .as_deref()
        .map(|u| optional_url("brandingConfig.customLoadingImage", u))
        .transpose()?
        .flatten();
    c.custom_background = c
        .custom_background
        .as_deref()
        .map(|u| optional_url("brandingConfig.customBackground", u))
        .transpose()?
        .flatten();
    c.custom_css = c.custom_css.filter(|css| !css.trim().is_empty());
    if let Some(problem) = c
        .custom_css
        .as_deref()
        .and_then(branding::custom_css_problem)
    {
        return Err(invalid("brandingConfig.customCSS", problem));
    }
    c.primary_color = c
        .primary_color
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    if c.primary_color
        .as_deref()
        .is_some_and(|p| !branding::is_valid_color(p))
    {
        return Err(invalid(
            "brandingConfig.primaryColor",
            "must be a colour #rgb or #rrggbb",
        ));
    }
    c.footer_text = c
        .footer_text
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    if c.footer_text.as_deref().is_some_and(|t| {
        t.chars().count() > branding::MAX_FOOTER_LEN || t.chars().any(char::is_control)
    }) {
        return Err(invalid(
            "brandingConfig.footerText",
            format!(
                "one line of at most {} characters",
                branding::MAX_FOOTER_LEN
            ),
        ));
    }
    for (i, raw) in c.agreements.iter_mut().enumerate() {
        let name = format!("brandingConfig.agreements[{i}]");
        let a: Agreement = serde_json::from_value(raw.clone()).map_err(|e| {
            invalid(
                &name,
                format!("{{displayAt, isRequired, lang, content}}: {e}"),
            )
        })?;
        each_one_of(&format!("{name}.displayAt"), &a.display_at, AGREEMENT_PAGES)?;
        one_of(&format!("{name}.lang"), &a.lang, LANGUAGES)?;
        *raw = document("agreement", &a)?;
    }
    document("brandingConfig", &c)
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
        let e = apply(&mut a, fields(v)).unwrap_err().0;
        assert_eq!(a, before, "nothing applied on error");
        match e.msg {
            authgate_core::messages::Msg::InvalidParameter { name, .. }
            | authgate_core::messages::Msg::MissingParameter { name } => name,
            authgate_core::messages::Msg::NotImplemented { path } => format!("501 {path}"),
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
        assert_eq!(s.response_types, ["code id_token"]);
        assert_eq!(
            s.register_config.as_ref().unwrap()["defaultRegisterMethod"],
            "PASSCODE"
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
        assert_eq!(b["agreements"][0]["content"], "ToS");
        assert!(b.get("customBackground").is_none());
    }
}
