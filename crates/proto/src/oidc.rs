//! OIDC discovery and key-set documents (plain JSON, no envelope).

use serde::{Deserialize, Serialize};

/// A public key of the JWKS.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    /// Key type (`RSA`).
    pub kty: String,
    /// Algorithm (`RS256`).
    pub alg: String,
    /// Use (`sig`).
    #[serde(rename = "use")]
    pub use_: String,
    /// Key id.
    pub kid: String,
    /// RSA modulus, base64url.
    pub n: String,
    /// RSA exponent, base64url.
    pub e: String,
}

/// `GET /oidc/.well-known/jwks.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

/// `GET /oidc/.well-known/openid-configuration` (also served at the root
/// `/.well-known/openid-configuration`): every member the SDKs type (`OidcDiscoveryMetadata`).
/// Members missing from a document read (e.g. another provider's) take their defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Discovery {
    /// Issuer (public URL + `/oidc`).
    pub issuer: String,
    /// Authorization endpoint (`{issuer}/auth`).
    pub authorization_endpoint: String,
    /// Token endpoint (`{issuer}/token`).
    pub token_endpoint: String,
    /// UserInfo endpoint (`{issuer}/me`).
    pub userinfo_endpoint: String,
    /// JWKS URL.
    pub jwks_uri: String,
    /// RP-initiated logout endpoint (`{issuer}/session/end`).
    pub end_session_endpoint: String,
    /// Introspection endpoint.
    pub introspection_endpoint: String,
    /// Client authentication methods at the introspection endpoint.
    pub introspection_endpoint_auth_methods_supported: Vec<String>,
    /// Revocation endpoint.
    pub revocation_endpoint: String,
    /// Client authentication methods at the revocation endpoint.
    pub revocation_endpoint_auth_methods_supported: Vec<String>,
    /// Scopes.
    pub scopes_supported: Vec<String>,
    /// Response types.
    pub response_types_supported: Vec<String>,
    /// Response modes.
    pub response_modes_supported: Vec<String>,
    /// Grant types.
    pub grant_types_supported: Vec<String>,
    /// Subject types.
    pub subject_types_supported: Vec<String>,
    /// Signing algorithms of id tokens.
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// Id-token encryption algorithms (none: id tokens are not encrypted).
    pub id_token_encryption_alg_values_supported: Vec<String>,
    /// Id-token encryption encodings (none).
    pub id_token_encryption_enc_values_supported: Vec<String>,
    /// UserInfo signing algorithms (none: UserInfo answers plain JSON).
    pub userinfo_signing_alg_values_supported: Vec<String>,
    /// UserInfo encryption algorithms (none).
    pub userinfo_encryption_alg_values_supported: Vec<String>,
    /// UserInfo encryption encodings (none).
    pub userinfo_encryption_enc_values_supported: Vec<String>,
    /// Client authentication methods at the token endpoint.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Claim types (`normal`).
    pub claim_types_supported: Vec<String>,
    /// Claims.
    pub claims_supported: Vec<String>,
    /// PKCE methods.
    pub code_challenge_methods_supported: Vec<String>,
    /// `prompt` values the authorization endpoint understands.
    pub prompt_values_supported: Vec<String>,
    /// Whether the `claims` request parameter is supported (no).
    pub claims_parameter_supported: bool,
    /// Whether the `request` parameter is supported (no).
    pub request_parameter_supported: bool,
    /// Whether `request_uri` is supported (no).
    pub request_uri_parameter_supported: bool,
}
