//! Authorization codes (RFC 6749 §4.1): issued by hosted login pages, redeemed once at the
//! token endpoint by the same client, with the same redirect URI and the PKCE verifier
//! (RFC 7636). Valid 10 minutes. A second redemption revokes the session the first one opened.

use crate::Services;
use authgate_core::ApiError;
use authgate_store::ephemeral::Key;
use base64::Engine;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

/// Validity of a code (ms).
pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// How long a redeemed code's record stays to detect reuse (ms).
const TOMBSTONE_MS: i64 = 60 * 60 * 1000;

/// What a code stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeGrant {
    /// The signed-in user.
    pub user_id: String,
    /// The client the code is for.
    pub app_id: String,
    /// The pool.
    pub pool_id: String,
    /// The redirect URI the code was sent to (must be presented again).
    pub redirect_uri: String,
    /// Whether the authorization request named the redirect URI: then the token request must
    /// name it too (RFC 6749 §4.1.3).
    #[serde(default)]
    pub redirect_uri_given: bool,
    /// Granted scope.
    pub scope: String,
    /// OIDC nonce, copied into the id token.
    pub nonce: Option<String>,
    /// PKCE challenge.
    pub code_challenge: Option<String>,
    /// `S256` or `plain`.
    pub code_challenge_method: Option<String>,
    /// End of validity (ms).
    pub expires_at: i64,
    /// The session opened by the first redemption.
    #[serde(default)]
    pub redeemed_session: Option<String>,
    /// When the user authenticated (ms; the id token's `auth_time`); `None`: at redemption.
    #[serde(default)]
    pub auth_time: Option<i64>,
    /// Handle of the SSO session the code was issued through (its logout revokes the
    /// session the code opens: [`crate::sso::track`]).
    #[serde(default)]
    pub sso: Option<String>,
}

/// Why a redemption is refused (all `invalid_grant` on the wire), or that it could not be
/// checked.
#[derive(Debug)]
pub enum CodeError {
    /// Unknown code.
    Unknown,
    /// Past its validity.
    Expired,
    /// Redeemed before: its session has now been revoked.
    Reused,
    /// Issued to another client.
    OtherClient,
    /// `redirect_uri` differs from the one the code was issued for.
    RedirectMismatch,
    /// PKCE verifier missing or wrong.
    PkceFailed,
    /// The check itself failed (logged where it happened).
    Failed(ApiError),
}

impl<E: Into<ApiError>> From<E> for CodeError {
    fn from(e: E) -> Self {
        CodeError::Failed(e.into())
    }
}

fn key(code: &str) -> Key<'_> {
    Key::AuthCode { code }
}

/// Issues a code for `grant` (its `expires_at` is set here).
pub async fn issue(state: &Services, mut grant: CodeGrant) -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    authgate_core::ids::fill_random(&mut b)?;
    let code = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    grant.expires_at = state.clock.now_millis() + CODE_TTL_MS;
    grant.redeemed_session = None;
    let text = serde_json::to_string(&grant).map_err(|_| ApiError::internal())?;
    state
        .ephemeral
        .set(&key(&code), &text, CODE_TTL_MS + TOMBSTONE_MS)
        .await;
    Ok(code)
}

/// RFC 7636 §4.6.
fn pkce_ok(grant: &CodeGrant, verifier: Option<&str>) -> bool {
    let Some(challenge) = grant.code_challenge.as_deref() else {
        return true;
    };
    let Some(verifier) = verifier.filter(|v| (43..=128).contains(&v.len())) else {
        return false;
    };
    let computed = match grant.code_challenge_method.as_deref().unwrap_or("plain") {
        "S256" => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes()),
        ),
        "plain" => verifier.to_string(),
        _ => return false,
    };
    bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

/// Claims `code` for `app_id`; on success the caller opens a session and reports it with
/// [`record_session`]. A reused code revokes that session.
pub async fn redeem(
    state: &Services,
    code: &str,
    app_id: &str,
    redirect_uri: Option<&str>,
    code_verifier: Option<&str>,
) -> Result<CodeGrant, CodeError> {
    let k = key(code);
    let Some(raw) = state.ephemeral.get(&k).await else {
        return Err(CodeError::Unknown);
    };
    let Ok(grant) = serde_json::from_str::<CodeGrant>(&raw) else {
        return Err(CodeError::Unknown);
    };
    if grant.app_id != app_id {
        return Err(CodeError::OtherClient);
    }
    if grant.expires_at == 0 || grant.redeemed_session.is_some() {
        if let Some(sid) = &grant.redeemed_session {
            state
                .store
                .revoke_session(sid, state.clock.now_millis())
                .await?;
        }
        return Err(CodeError::Reused);
    }
    if grant.expires_at <= state.clock.now_millis() {
        return Err(CodeError::Expired);
    }
    if !redirect_ok(&grant, redirect_uri) {
        return Err(CodeError::RedirectMismatch);
    }
    if !pkce_ok(&grant, code_verifier) {
        return Err(CodeError::PkceFailed);
    }
    // Mark as claimed (expires_at = 0) so a concurrent redemption loses the compare-and-set.
    let claimed = CodeGrant {
        expires_at: 0,
        ..grant.clone()
    };
    let text = serde_json::to_string(&claimed).map_err(|_| ApiError::internal())?;
    if !state.ephemeral.cas(&k, &raw, &text, TOMBSTONE_MS).await {
        return Err(CodeError::Reused);
    }
    Ok(grant)
}

/// Remembers the session a redeemed code opened, so a reuse can revoke it (and so can the
/// logout of the SSO session the code was issued through).
pub async fn record_session(state: &Services, code: &str, grant: &CodeGrant, session_id: &str) {
    if let Some(handle) = &grant.sso {
        crate::sso::track(state, handle, session_id).await;
    }
    let k = key(code);
    let claimed = CodeGrant {
        expires_at: 0,
        redeemed_session: Some(session_id.to_string()),
        ..grant.clone()
    };
    if let Ok(text) = serde_json::to_string(&claimed) {
        state.ephemeral.set(&k, &text, TOMBSTONE_MS).await;
    }
}

/// RFC 6749 §4.1.3: the token request's `redirect_uri` must be the authorization request's,
/// and must be present when the authorization request named one.
fn redirect_ok(grant: &CodeGrant, presented: Option<&str>) -> bool {
    match presented.filter(|r| !r.is_empty()) {
        Some(r) => r == grant.redirect_uri,
        None => !grant.redirect_uri_given,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uri_must_match_and_be_repeated_when_it_was_named() {
        let mut g = grant(None, None);
        assert!(redirect_ok(&g, Some("https://app/cb")));
        assert!(redirect_ok(&g, None), "defaulted: may be left out");
        assert!(!redirect_ok(&g, Some("https://app/other")));
        g.redirect_uri_given = true;
        assert!(redirect_ok(&g, Some("https://app/cb")));
        assert!(!redirect_ok(&g, None));
        assert!(!redirect_ok(&g, Some("")));
    }

    fn grant(challenge: Option<&str>, method: Option<&str>) -> CodeGrant {
        CodeGrant {
            user_id: "u".into(),
            app_id: "a".into(),
            pool_id: "p".into(),
            redirect_uri: "https://app/cb".into(),
            redirect_uri_given: false,
            scope: "openid".into(),
            nonce: None,
            code_challenge: challenge.map(Into::into),
            code_challenge_method: method.map(Into::into),
            expires_at: 1,
            redeemed_session: None,
            auth_time: None,
            sso: None,
        }
    }

    #[test]
    fn pkce_s256_and_plain() {
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let g = grant(
            Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            Some("S256"),
        );
        assert!(pkce_ok(&g, Some(verifier)));
        assert!(!pkce_ok(
            &g,
            Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXx")
        ));
        assert!(!pkce_ok(&g, None));
        let plain = grant(Some(verifier), None);
        assert!(pkce_ok(&plain, Some(verifier)));
        assert!(
            pkce_ok(&grant(None, None), None),
            "no challenge, no verifier needed"
        );
        assert!(!pkce_ok(&grant(Some("x"), Some("S512")), Some(verifier)));
    }
}
