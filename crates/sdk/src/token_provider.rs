//! The management token (spec §1.6.1): fetched with the access key, cached, renewed 60 s before
//! it expires, and the user pool id read from its payload.

use crate::error::{Error, Result};
use crate::http::{ApiRequest, HttpLayer};
use authgate_proto::mgmt::{GetManagementTokenRequest, ManagementToken};
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;
use std::fmt;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// The path of the token endpoint.
pub(crate) const TOKEN_PATH: &str = "/api/v3/get-management-token";

/// A token is renewed this long before it expires.
pub(crate) const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(60);

/// A token in the cache.
#[derive(Clone)]
pub(crate) struct CachedToken {
    /// The JWT.
    pub(crate) access_token: String,
    /// `scoped_userpool_id` from its payload, when it has one.
    pub(crate) userpool_id: Option<String>,
    /// When it expires (fetch time + `expires_in`).
    pub(crate) expires_at: Instant,
    /// When it is due for renewal (60 s before `expires_at`, at the earliest the fetch time).
    pub(crate) renew_at: Instant,
}

impl CachedToken {
    fn new(token: ManagementToken, fetched_at: Instant) -> Self {
        let lifetime = Duration::from_secs(u64::try_from(token.expires_in).unwrap_or(0));
        CachedToken {
            userpool_id: scoped_userpool_id(&token.access_token),
            access_token: token.access_token,
            expires_at: fetched_at + lifetime,
            renew_at: fetched_at + lifetime.saturating_sub(RENEW_BEFORE_EXPIRY),
        }
    }

    /// Whether the token must be renewed before use at `now`.
    pub(crate) fn needs_renewal(&self, now: Instant) -> bool {
        now >= self.renew_at
    }

    /// The token as `get-management-token` describes it, `expires_in` being what is left of
    /// its lifetime at `now`.
    pub(crate) fn describe(&self, now: Instant) -> ManagementToken {
        let left = self.expires_at.saturating_duration_since(now);
        ManagementToken {
            access_token: self.access_token.clone(),
            expires_in: i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
        }
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("access_token", &"<redacted>")
            .field("userpool_id", &self.userpool_id)
            .field("expires_at", &self.expires_at)
            .field("renew_at", &self.renew_at)
            .finish()
    }
}

/// Fetches and caches the management token; one fetch at a time.
pub(crate) struct TokenProvider {
    access_key_id: String,
    access_key_secret: String,
    cache: Mutex<Option<CachedToken>>,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl TokenProvider {
    /// A provider for the given access key, with an empty cache.
    pub(crate) fn new(access_key_id: String, access_key_secret: String) -> Self {
        TokenProvider {
            access_key_id,
            access_key_secret,
            cache: Mutex::new(None),
        }
    }

    /// The cached token, or a new one when there is none or it is due for renewal. Concurrent
    /// callers wait for a single fetch.
    pub(crate) async fn token(&self, http: &HttpLayer) -> Result<CachedToken> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = cache.as_ref()
            && !token.needs_renewal(Instant::now())
        {
            return Ok(token.clone());
        }
        let fresh = self.fetch(http).await?;
        *cache = Some(fresh.clone());
        Ok(fresh)
    }

    /// Forgets `stale` (the server refused it), unless another caller already replaced it.
    pub(crate) async fn invalidate(&self, stale: &str) {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_some_and(|t| t.access_token == stale) {
            *cache = None;
        }
    }

    async fn fetch(&self, http: &HttpLayer) -> Result<CachedToken> {
        let request = ApiRequest::post(TOKEN_PATH).json(&GetManagementTokenRequest {
            access_key_id: self.access_key_id.clone(),
            access_key_secret: self.access_key_secret.clone(),
        })?;
        let fetched_at = Instant::now();
        let token: ManagementToken = http.envelope(&request).await?;
        if token.access_token.is_empty() {
            return Err(Error::Decode {
                message: "get-management-token answered an empty access_token".to_owned(),
            });
        }
        Ok(CachedToken::new(token, fetched_at))
    }
}

/// Base64 that accepts both alphabets' output once normalised to URL-safe, padded or not.
pub(crate) const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The `scoped_userpool_id` claim of a JWT's payload, decoded without verifying anything (the
/// token is only read to address the pool, as the official SDKs do).
pub(crate) fn scoped_userpool_id(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let normalised: String = payload
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let bytes = LENIENT_URL_SAFE.decode(normalised.as_bytes()).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims
        .get("scoped_userpool_id")?
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    /// An unsigned JWT with the given payload (the SDK never checks the signature).
    pub(crate) fn jwt(payload: &Value) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
        format!("{header}.{payload}.c2lnbmF0dXJl")
    }

    #[test]
    fn reads_scoped_userpool_id() {
        let token = jwt(&serde_json::json!({"sub": "ak", "scoped_userpool_id": "pool-42"}));
        assert_eq!(scoped_userpool_id(&token).as_deref(), Some("pool-42"));
    }

    #[test]
    fn payload_with_url_safe_characters_and_padding() {
        // `?>>` repeated encodes to `-` / `_` whatever its alignment.
        let payload = serde_json::json!({"scoped_userpool_id": "p", "x": "?>>?>>?>>?>>"});
        let token = jwt(&payload);
        let segment = token.split('.').nth(1).unwrap();
        assert!(segment.contains('-') || segment.contains('_'), "{segment}");
        assert_eq!(scoped_userpool_id(&token).as_deref(), Some("p"));
        // Standard alphabet with padding, as some issuers write it.
        let standard = base64::engine::general_purpose::STANDARD.encode(payload.to_string());
        let token = format!("h.{standard}.s");
        assert_eq!(scoped_userpool_id(&token).as_deref(), Some("p"));
    }

    #[test]
    fn absent_or_garbage_yields_none() {
        assert_eq!(scoped_userpool_id("opaque-token"), None);
        assert_eq!(scoped_userpool_id("a.!!!.c"), None);
        assert_eq!(
            scoped_userpool_id(&jwt(&serde_json::json!({"sub": "x"}))),
            None
        );
        assert_eq!(
            scoped_userpool_id(&jwt(&serde_json::json!({"scoped_userpool_id": 5}))),
            None
        );
        assert_eq!(
            scoped_userpool_id(&format!("h.{}.s", URL_SAFE_NO_PAD.encode("[1]"))),
            None
        );
    }

    #[test]
    fn renewal_is_due_60_seconds_before_expiry() {
        let t0 = Instant::now();
        let token = CachedToken::new(
            ManagementToken {
                access_token: jwt(&serde_json::json!({"scoped_userpool_id": "p"})),
                expires_in: 7200,
            },
            t0,
        );
        assert_eq!(token.userpool_id.as_deref(), Some("p"));
        assert!(!token.needs_renewal(t0));
        assert!(!token.needs_renewal(t0 + Duration::from_secs(7139)));
        assert!(token.needs_renewal(t0 + Duration::from_secs(7140)));
        assert_eq!(
            token.describe(t0 + Duration::from_secs(200)).expires_in,
            7000
        );
        assert!(!format!("{token:?}").contains(&token.access_token));

        // A lifetime of a minute or less (or a nonsense negative one) is renewed at once.
        for expires_in in [60, 10, -5] {
            let token = CachedToken::new(
                ManagementToken {
                    access_token: "t".into(),
                    expires_in,
                },
                t0,
            );
            assert!(token.needs_renewal(t0));
        }
    }
}
