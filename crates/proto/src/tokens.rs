//! Token sets: the V3 API's (`expire_in`) and the protocol endpoints' (`expires_in`).

use serde::{Deserialize, Serialize};

/// The TokenSet of `/api/v3` (spec §3.3). Carries both `expire_in` (as GenAuth's
/// documentation and SDK types spell it) and `expires_in` (what the live service answers).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenSet {
    /// Granted scope.
    pub scope: String,
    /// The access token (RS256 JWT).
    pub access_token: String,
    /// The id token (when the scope has `openid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The refresh token (when the scope has `offline_access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// `Bearer`.
    pub token_type: String,
    /// Access token lifetime in seconds.
    pub expire_in: i64,
    /// The same, in the RFC spelling.
    pub expires_in: i64,
}

/// A `/oidc/token` answer (RFC 6749 §5.1; no envelope).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OidcTokenResponse {
    /// The access token.
    pub access_token: String,
    /// Lifetime in seconds.
    pub expires_in: i64,
    /// The id token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The new refresh token (rotated on every use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Granted scope.
    pub scope: String,
    /// `Bearer`.
    pub token_type: String,
}

impl From<TokenSet> for OidcTokenResponse {
    fn from(t: TokenSet) -> Self {
        Self {
            access_token: t.access_token,
            expires_in: t.expires_in,
            id_token: t.id_token,
            refresh_token: t.refresh_token,
            scope: t.scope,
            token_type: t.token_type,
        }
    }
}

/// RFC 7662 introspection answer; inactive tokens answer `{active: false}` only.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Introspection {
    /// Whether the token is valid now.
    pub active: bool,
    /// Scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The application the token was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Expiry (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issued at (s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// The user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// Issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// `access_token` or `refresh_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Token id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}
