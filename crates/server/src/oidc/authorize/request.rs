//! Reading an authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636 §4.3).
//!
//! Two phases: [`Params::parse`] collects the query, then [`validate`] checks it against the
//! application once its redirect URI is trusted. Failures of the second phase are
//! [`AuthError`]s, answered at the redirect URI in the chosen response mode.

use super::reply::AuthError;
use crate::state::AppState;
use crate::tokens::DEFAULT_SCOPE;
use authgate_core::application::{Application, ClientAuthMethod};
use authgate_core::jws::peek_header;
use authgate_core::oauth::{ResponseMode, ResponseType};
use authgate_core::scope::Scope;
use serde::{Deserialize, Serialize};

/// Longest accepted `state`, `nonce`, `login_hint`, tenant id.
const MAX_PARAM_LEN: usize = 1024;

/// The query parameters of interest, the first of a repeated one kept (repeats are noted).
#[derive(Debug, Default, Clone)]
pub struct Params {
    /// `client_id`.
    pub client_id: Option<String>,
    /// `redirect_uri`.
    pub redirect_uri: Option<String>,
    response_type: Option<String>,
    response_mode: Option<String>,
    scope: Option<String>,
    /// `state`.
    pub state: Option<String>,
    nonce: Option<String>,
    prompt: Option<String>,
    max_age: Option<String>,
    login_hint: Option<String>,
    id_token_hint: Option<String>,
    tenant_id: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    /// `ui_locales` or `lang`.
    pub lang: Option<String>,
    /// A parameter given more than once (OIDC Core §3.1.2.1 forbids it).
    pub repeated: Option<&'static str>,
}

impl Params {
    /// Parses a query string; empty values count as absent.
    pub fn parse(query: Option<&str>) -> Self {
        let mut p = Params::default();
        for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let (name, slot): (&'static str, &mut Option<String>) = match k.as_ref() {
                "client_id" => ("client_id", &mut p.client_id),
                "redirect_uri" => ("redirect_uri", &mut p.redirect_uri),
                "response_type" => ("response_type", &mut p.response_type),
                "response_mode" => ("response_mode", &mut p.response_mode),
                "scope" => ("scope", &mut p.scope),
                "state" => ("state", &mut p.state),
                "nonce" => ("nonce", &mut p.nonce),
                "prompt" => ("prompt", &mut p.prompt),
                "max_age" => ("max_age", &mut p.max_age),
                "login_hint" => ("login_hint", &mut p.login_hint),
                "id_token_hint" => ("id_token_hint", &mut p.id_token_hint),
                "tenantId" | "tenant_id" => ("tenant_id", &mut p.tenant_id),
                "code_challenge" => ("code_challenge", &mut p.code_challenge),
                "code_challenge_method" => ("code_challenge_method", &mut p.code_challenge_method),
                "ui_locales" | "lang" => ("lang", &mut p.lang),
                _ => continue,
            };
            if v.is_empty() {
                continue;
            }
            if slot.is_some() {
                p.repeated.get_or_insert(name);
            } else {
                *slot = Some(v.into_owned());
            }
        }
        p
    }
}

/// `prompt` values (OIDC Core §3.1.2.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// No page may be shown.
    pub none: bool,
    /// Authenticate again.
    pub login: bool,
    /// Ask for consent again.
    pub consent: bool,
    /// Let the user choose the account.
    pub select_account: bool,
}

impl Prompt {
    fn parse(s: Option<&str>) -> Result<Self, AuthError> {
        let mut p = Prompt::default();
        for v in s.unwrap_or_default().split(' ').filter(|v| !v.is_empty()) {
            match v {
                "none" => p.none = true,
                "login" => p.login = true,
                "consent" => p.consent = true,
                "select_account" => p.select_account = true,
                other => {
                    return Err(AuthError::invalid_request(format!(
                        "prompt value '{other}' is not supported"
                    )));
                }
            }
        }
        if p.none && (p.login || p.consent || p.select_account) {
            return Err(AuthError::invalid_request(
                "prompt=none cannot be combined with other values",
            ));
        }
        Ok(p)
    }
}

/// A validated authorization request, kept while the user signs in, chooses or consents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthRequest {
    /// The client.
    pub app_id: String,
    /// Its pool.
    pub pool_id: String,
    /// The registered redirect URI answers go to.
    pub redirect_uri: String,
    /// Whether the request named it (then the token request must name it too, RFC 6749
    /// §4.1.3); absent, the application's first one was taken.
    #[serde(default)]
    pub redirect_uri_given: bool,
    /// How answers are delivered.
    pub response_mode: ResponseMode,
    /// The asked scope.
    pub scope: String,
    /// Echoed back.
    pub state: Option<String>,
    /// Copied into the id token.
    pub nonce: Option<String>,
    /// `prompt`.
    pub prompt: Prompt,
    /// `max_age` in seconds.
    pub max_age: Option<i64>,
    /// Passed to the login page.
    pub login_hint: Option<String>,
    /// The `sub` of a valid `id_token_hint`.
    pub hint_sub: Option<String>,
    /// `tenantId` / `tenant_id` (accepted, not interpreted).
    pub tenant_id: Option<String>,
    /// PKCE challenge.
    pub code_challenge: Option<String>,
    /// `S256` or `plain`.
    pub code_challenge_method: Option<String>,
    /// Page language asked for.
    pub lang: Option<String>,
    /// When the request arrived (ms): a sign-in since then satisfies `prompt=login`/`max_age`.
    pub started_at: i64,
    /// The user chose on the select-account page.
    #[serde(default)]
    pub account_chosen: bool,
    /// The user asked to use another account.
    #[serde(default)]
    pub switch_account: bool,
    /// The user approved the consent page.
    #[serde(default)]
    pub consented: bool,
}

/// The response mode the answers of `p` go in (errors included): `response_mode` when valid,
/// else the default of the response type (query for `code`).
pub fn response_mode(p: &Params) -> ResponseMode {
    p.response_mode
        .as_deref()
        .and_then(ResponseMode::from_wire)
        .unwrap_or(ResponseMode::Query)
}

/// RFC 7636 §4.1 `code_challenge` syntax.
fn valid_challenge(c: &str) -> bool {
    (43..=128).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// RFC 6749 §3.3 scope-token characters.
fn valid_scope(s: &str) -> bool {
    s.bytes().all(|b| {
        b == b' ' || (b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
    })
}

fn bounded(v: &Option<String>, name: &str) -> Result<(), AuthError> {
    match v {
        Some(s) if s.len() > MAX_PARAM_LEN => {
            Err(AuthError::invalid_request(format!("{name} is too long")))
        }
        _ => Ok(()),
    }
}

/// Checks `p` against `app` (whose `redirect_uri` is already trusted).
pub fn validate(
    state: &AppState,
    p: &Params,
    app: &Application,
    redirect_uri: String,
) -> Result<AuthRequest, AuthError> {
    if let Some(name) = p.repeated {
        return Err(AuthError::invalid_request(format!(
            "{name} is given more than once"
        )));
    }
    if p.response_mode
        .as_deref()
        .is_some_and(|m| ResponseMode::from_wire(m).is_none())
    {
        return Err(AuthError::invalid_request("response_mode is not supported"));
    }
    let response_type = p
        .response_type
        .as_deref()
        .ok_or_else(|| AuthError::invalid_request("response_type is required"))?;
    if !ResponseType::parse(response_type).is_some_and(|t| t.is_code()) {
        return Err(AuthError::new(
            "unsupported_response_type",
            format!("response_type '{response_type}' is not supported: use code"),
        ));
    }
    if !app.settings.allows_code_flow() {
        return Err(AuthError::new(
            "unauthorized_client",
            "the application may not use the authorization code flow",
        ));
    }
    for (v, name) in [
        (&p.nonce, "nonce"),
        (&p.login_hint, "login_hint"),
        (&p.tenant_id, "tenant_id"),
        (&p.lang, "ui_locales"),
    ] {
        bounded(v, name)?;
    }
    let scope_text = p.scope.as_deref().unwrap_or(DEFAULT_SCOPE);
    if !valid_scope(scope_text) || scope_text.len() > MAX_PARAM_LEN {
        return Err(AuthError::new("invalid_scope", "scope is malformed"));
    }
    let scope = Scope::parse(scope_text);
    if scope.is_empty() {
        return Err(AuthError::new("invalid_scope", "scope is empty"));
    }
    let prompt = Prompt::parse(p.prompt.as_deref())?;
    let max_age =
        match p.max_age.as_deref() {
            None => None,
            Some(v) => Some(v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                AuthError::invalid_request("max_age must be a non-negative integer")
            })?),
        };
    let (code_challenge, code_challenge_method) = pkce(p, app)?;
    let hint_sub =
        match p.id_token_hint.as_deref() {
            None => None,
            Some(t) => Some(hint_subject(state, t).ok_or_else(|| {
                AuthError::invalid_request("id_token_hint is not a valid id token")
            })?),
        };
    Ok(AuthRequest {
        app_id: app.id.clone(),
        pool_id: app.pool_id.clone(),
        redirect_uri,
        redirect_uri_given: p.redirect_uri.as_deref().is_some_and(|r| !r.is_empty()),
        response_mode: response_mode(p),
        scope: scope.to_string(),
        state: p.state.clone(),
        nonce: p.nonce.clone(),
        prompt,
        max_age,
        login_hint: p.login_hint.clone(),
        hint_sub,
        tenant_id: p.tenant_id.clone(),
        code_challenge,
        code_challenge_method,
        lang: p.lang.clone(),
        started_at: state.clock.now_millis(),
        account_chosen: false,
        switch_account: false,
        consented: false,
    })
}

/// PKCE parameters: required for public clients; `plain` only where the application allows it.
fn pkce(p: &Params, app: &Application) -> Result<(Option<String>, Option<String>), AuthError> {
    let Some(challenge) = p.code_challenge.clone() else {
        if p.code_challenge_method.is_some() {
            return Err(AuthError::invalid_request(
                "code_challenge_method without code_challenge",
            ));
        }
        if app.settings.token_endpoint_auth_method == ClientAuthMethod::None {
            return Err(AuthError::invalid_request(
                "PKCE (code_challenge, S256) is required for public clients",
            ));
        }
        return Ok((None, None));
    };
    if !valid_challenge(&challenge) {
        return Err(AuthError::invalid_request("code_challenge is malformed"));
    }
    // RFC 7636 §4.3: absent method means plain.
    let method = p.code_challenge_method.as_deref().unwrap_or("plain");
    match method {
        "S256" => {}
        "plain" if app.settings.allow_pkce_plain => {}
        "plain" => {
            return Err(AuthError::invalid_request(
                "code_challenge_method plain is not allowed for this application: use S256",
            ));
        }
        _ => {
            return Err(AuthError::invalid_request(
                "code_challenge_method is not supported: use S256",
            ));
        }
    }
    Ok((Some(challenge), Some(method.to_string())))
}

/// The `sub` of an id token this server signed (expired ones too: it is only a hint).
pub fn hint_subject(state: &AppState, token: &str) -> Option<String> {
    hint_claims(state, token).and_then(|c| c.get("sub")?.as_str().map(str::to_string))
}

/// The claims of an id token this server signed, expired or not.
pub fn hint_claims(
    state: &AppState,
    token: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let kid = peek_header(token).ok()?.kid?;
    let payload = state.keys.find(&kid)?.verify(token).ok()?;
    let claims: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&payload).ok()?;
    let issuer = state.issuer();
    (claims.get("iss").and_then(|v| v.as_str()) == Some(issuer.as_str())
        && claims.get("sub").is_some_and(|v| v.is_string())
        && claims.get("typ").is_none())
    .then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_note_repeats_and_aliases() {
        let p = Params::parse(Some(
            "client_id=a&client_id=b&tenantId=t&ui_locales=zh-CN&state=&prompt=login",
        ));
        assert_eq!(p.client_id.as_deref(), Some("a"));
        assert_eq!(p.repeated, Some("client_id"));
        assert_eq!(p.tenant_id.as_deref(), Some("t"));
        assert_eq!(p.lang.as_deref(), Some("zh-CN"));
        assert_eq!(p.state, None);
        let p = Params::parse(Some("tenant_id=x"));
        assert_eq!(p.tenant_id.as_deref(), Some("x"));
        assert_eq!(p.repeated, None);
    }

    #[test]
    fn prompt_values() {
        let p = Prompt::parse(Some("login consent")).unwrap();
        assert!(p.login && p.consent && !p.none);
        assert!(Prompt::parse(Some("none login")).is_err());
        assert!(Prompt::parse(Some("bogus")).is_err());
        assert_eq!(Prompt::parse(None).unwrap(), Prompt::default());
    }

    #[test]
    fn challenge_and_scope_syntax() {
        assert!(valid_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!valid_challenge("short"));
        assert!(!valid_challenge(&"a+".repeat(30)));
        assert!(valid_scope("openid profile offline_access"));
        assert!(!valid_scope("openid \"x\""));
        assert!(!valid_scope("openid\\x"));
    }
}
