//! Local verification of access tokens against the server's JWKS, as the Python SDK's
//! `introspect_token_offline` does (RS256, `kid` lookup, `aud` = app id), plus `exp`, `nbf`
//! and — when the discovery document names one — `iss`.

use super::AuthenticationClient;
use crate::error::{Error, InvalidTokenReason, Result};
use crate::http::{ApiRequest, HttpLayer};
use crate::token_provider::LENIENT_URL_SAFE;
use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// The key set, as the Python SDK fetches it.
const JWKS_PATH: &str = "/oidc/.well-known/jwks.json";
/// The discovery document, for the issuer.
const DISCOVERY_PATH: &str = "/oidc/.well-known/openid-configuration";
/// How long a fetched key set is used before it is fetched again.
const KEYS_TTL: Duration = Duration::from_secs(600);
/// A token with an unknown `kid` makes the client fetch the key set again (the server may have
/// rotated its key), at most once per this interval, so that forged `kid`s cannot make it
/// hammer the server.
const REFETCH_UNKNOWN_KID_AFTER: Duration = Duration::from_secs(30);

/// The server's verification keys and issuer, shared by the clones of a client.
#[derive(Default)]
pub(crate) struct KeyCache {
    slot: Mutex<Option<Arc<KeySet>>>,
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyCache").finish_non_exhaustive()
    }
}

/// One fetch of the key set.
struct KeySet {
    /// RSA keys by `kid`.
    keys: HashMap<String, RsaPublicKeyComponents<Vec<u8>>>,
    /// `issuer` of the discovery document, when it could be read.
    issuer: Option<String>,
    fetched_at: Instant,
}

impl KeyCache {
    /// The cached key set, or a fresh one when there is none, it is older than [`KEYS_TTL`],
    /// or it lacks `kid` and is older than [`REFETCH_UNKNOWN_KID_AFTER`].
    async fn get(&self, http: &HttpLayer, kid: &str) -> Result<Arc<KeySet>> {
        let mut slot = self.slot.lock().await;
        if let Some(set) = slot.as_ref() {
            let age = set.fetched_at.elapsed();
            let fresh_enough = if set.keys.contains_key(kid) {
                age < KEYS_TTL
            } else {
                age < REFETCH_UNKNOWN_KID_AFTER
            };
            if fresh_enough {
                return Ok(set.clone());
            }
        }
        let set = Arc::new(fetch_key_set(http).await?);
        *slot = Some(set.clone());
        Ok(set)
    }
}

/// Fetches the JWKS (required) and the discovery document (its `issuer` is optional: a
/// server without one, or an unreadable one, leaves `iss` unchecked).
async fn fetch_key_set(http: &HttpLayer) -> Result<KeySet> {
    let jwks_request = ApiRequest::get(JWKS_PATH);
    let discovery_request = ApiRequest::get(DISCOVERY_PATH);
    let (jwks, discovery) = tokio::join!(
        http.plain_json::<Value>(&jwks_request),
        http.plain_json::<Value>(&discovery_request)
    );
    let issuer = discovery.ok().and_then(|d| {
        d.get("issuer")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    });
    Ok(KeySet {
        keys: rsa_keys(&jwks?),
        issuer,
        fetched_at: Instant::now(),
    })
}

/// A JWK as found in the wild: only what RS256 verification needs is required.
#[derive(Deserialize)]
struct LooseJwk {
    kty: Option<String>,
    kid: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

/// The RS256 signing keys of a JWKS by `kid`; keys of another type, algorithm or use, without
/// `kid`, or with undecodable components are skipped.
fn rsa_keys(jwks: &Value) -> HashMap<String, RsaPublicKeyComponents<Vec<u8>>> {
    let Some(keys) = jwks.get("keys").and_then(Value::as_array) else {
        return HashMap::new();
    };
    keys.iter()
        .filter_map(|k| serde_json::from_value::<LooseJwk>(k.clone()).ok())
        .filter(|k| k.kty.as_deref() == Some("RSA"))
        .filter(|k| k.alg.as_deref().is_none_or(|a| a == "RS256"))
        .filter(|k| k.use_.as_deref().is_none_or(|u| u == "sig"))
        .filter_map(|k| {
            let n = big_endian(k.n.as_deref()?)?;
            let e = big_endian(k.e.as_deref()?)?;
            Some((k.kid?, RsaPublicKeyComponents { n, e }))
        })
        .collect()
}

/// A base64url big-endian integer without its leading zero bytes (which aws-lc refuses).
fn big_endian(b64: &str) -> Option<Vec<u8>> {
    let bytes = LENIENT_URL_SAFE.decode(b64).ok()?;
    let first = bytes.iter().position(|b| *b != 0)?;
    Some(bytes[first..].to_vec())
}

/// A compact JWS split and its header read, nothing verified yet.
struct UnverifiedJwt<'a> {
    kid: String,
    /// `header.payload`, the signed bytes.
    signing_input: &'a str,
    payload_b64: &'a str,
    signature: Vec<u8>,
}

#[derive(Deserialize)]
struct JwtHeader {
    alg: String,
    kid: Option<String>,
}

impl<'a> UnverifiedJwt<'a> {
    /// Splits `token` and checks that its header asks for RS256 with a `kid`.
    fn parse(token: &'a str) -> std::result::Result<Self, InvalidTokenReason> {
        let malformed = InvalidTokenReason::Malformed;
        let mut parts = token.split('.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(malformed);
        };
        let header_bytes = LENIENT_URL_SAFE.decode(header_b64).map_err(|_| malformed)?;
        let header: JwtHeader = serde_json::from_slice(&header_bytes).map_err(|_| malformed)?;
        if header.alg != "RS256" {
            return Err(InvalidTokenReason::UnsupportedAlgorithm);
        }
        let kid = header
            .kid
            .filter(|k| !k.is_empty())
            .ok_or(InvalidTokenReason::UnknownKey)?;
        let signature = LENIENT_URL_SAFE
            .decode(signature_b64)
            .map_err(|_| malformed)?;
        Ok(UnverifiedJwt {
            kid,
            signing_input: &token[..header_b64.len() + 1 + payload_b64.len()],
            payload_b64,
            signature,
        })
    }

    /// Checks the signature with the key of `kid`, then `exp` (required, `exp <= now` is
    /// expired, as PyJWT), `nbf`, `aud` (a string or an array that names `app_id`) and `iss`
    /// (when `keys` knows the issuer); answers the claims.
    fn verify(
        &self,
        keys: &KeySet,
        app_id: &str,
        now: f64,
    ) -> std::result::Result<Value, InvalidTokenReason> {
        let key = keys
            .keys
            .get(&self.kid)
            .ok_or(InvalidTokenReason::UnknownKey)?;
        key.verify(
            &RSA_PKCS1_2048_8192_SHA256,
            self.signing_input.as_bytes(),
            &self.signature,
        )
        .map_err(|_| InvalidTokenReason::BadSignature)?;
        let payload = LENIENT_URL_SAFE
            .decode(self.payload_b64)
            .map_err(|_| InvalidTokenReason::Malformed)?;
        let claims: Value =
            serde_json::from_slice(&payload).map_err(|_| InvalidTokenReason::Malformed)?;
        if !claims.is_object() {
            return Err(InvalidTokenReason::Malformed);
        }
        match claims.get("exp").and_then(Value::as_f64) {
            Some(exp) if exp > now => {}
            _ => return Err(InvalidTokenReason::Expired),
        }
        if claims
            .get("nbf")
            .and_then(Value::as_f64)
            .is_some_and(|nbf| nbf > now)
        {
            return Err(InvalidTokenReason::NotYetValid);
        }
        let audience_ok = match claims.get("aud") {
            Some(Value::String(aud)) => aud == app_id,
            Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(app_id)),
            _ => false,
        };
        if !audience_ok {
            return Err(InvalidTokenReason::WrongAudience);
        }
        if let Some(issuer) = keys.issuer.as_deref()
            && claims.get("iss").and_then(Value::as_str) != Some(issuer)
        {
            return Err(InvalidTokenReason::WrongIssuer);
        }
        Ok(claims)
    }
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl AuthenticationClient {
    /// Verifies an access token locally and answers its claims, as the Python SDK's
    /// `introspect_token_offline`: the token must be an RS256 JWT whose `kid` names a key of
    /// the server's JWKS (`GET /oidc/.well-known/jwks.json`), with a valid signature, an `exp`
    /// in the future, no `nbf` in the future, `aud` naming this application, and — when the
    /// discovery document gives one — the server's `iss`.
    ///
    /// The JWKS and the issuer are fetched on first use and cached for 10 minutes (shared by
    /// the clones of this client); a token with an unknown `kid` triggers a new fetch, at most
    /// every 30 s. Revocation is not seen: use [`introspect_token`](Self::introspect_token)
    /// for that.
    ///
    /// Errors: [`Error::InvalidToken`] with the reason, or the error of the JWKS fetch.
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient, access_token: String) -> authgate_sdk::Result<()> {
    /// use authgate_sdk::{Error, InvalidTokenReason};
    ///
    /// match client.introspect_token_offline(&access_token).await {
    ///     Ok(claims) => println!("user {} scope {}", claims["sub"], claims["scope"]),
    ///     Err(Error::InvalidToken(InvalidTokenReason::Expired)) => println!("sign in again"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn introspect_token_offline(&self, token: &str) -> Result<Value> {
        let jwt = UnverifiedJwt::parse(token).map_err(Error::InvalidToken)?;
        let keys = self.inner.keys.get(&self.inner.http, &jwt.kid).await?;
        jwt.verify(&keys, &self.inner.app_id, unix_now())
            .map_err(Error::InvalidToken)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::client;
    use super::*;
    use crate::options::TokenEndpointAuthMethod;
    use crate::responder::{Recorded, Responder};
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    const ISSUER: &str = "http://issuer.test/oidc";

    /// A signing key of the test server.
    struct TestKey {
        kid: &'static str,
        pair: KeyPair,
    }

    impl TestKey {
        fn new(kid: &'static str) -> Self {
            TestKey {
                kid,
                pair: KeyPair::generate(KeySize::Rsa2048).unwrap(),
            }
        }

        fn jwk(&self) -> Value {
            let public = self.pair.public_key();
            json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": self.kid,
                   "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
                   "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero())})
        }

        /// A JWT with `header` and `claims`, signed RS256 by this key.
        fn sign_with_header(&self, header: &Value, claims: &Value) -> String {
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(header.to_string()),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            );
            let mut sig = vec![0u8; self.pair.public_modulus_len()];
            self.pair
                .sign(
                    &RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    input.as_bytes(),
                    &mut sig,
                )
                .unwrap();
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
        }

        fn sign(&self, claims: &Value) -> String {
            self.sign_with_header(
                &json!({"alg": "RS256", "typ": "JWT", "kid": self.kid}),
                claims,
            )
        }
    }

    fn now() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .try_into()
            .unwrap()
    }

    fn claims() -> Value {
        json!({"jti": "j1", "sub": "u1", "iat": now(), "exp": now() + 3600,
               "scope": "openid profile", "iss": ISSUER, "aud": "app-1"})
    }

    /// Serves `jwks` and, when `with_discovery`, a discovery document naming [`ISSUER`].
    async fn server(jwks: Value, with_discovery: bool) -> Responder {
        Responder::start(move |req: &Recorded| match req.path() {
            JWKS_PATH => (200, jwks.to_string()),
            DISCOVERY_PATH if with_discovery => (
                200,
                json!({"issuer": ISSUER, "jwks_uri": format!("{ISSUER}/.well-known/jwks.json")})
                    .to_string(),
            ),
            _ => (404, "Not Found".into()),
        })
        .await
    }

    fn reason(result: Result<Value>) -> InvalidTokenReason {
        match result {
            Err(Error::InvalidToken(reason)) => reason,
            other => panic!("expected an invalid token, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn accepts_a_token_of_the_served_jwks_and_refuses_the_rest() {
        let key = TestKey::new("k1");
        let other = TestKey::new("k2");
        let srv = server(json!({"keys": [key.jwk()]}), true).await;
        let c = client(srv.url(), TokenEndpointAuthMethod::ClientSecretPost);

        let good = key.sign(&claims());
        let verified = c.introspect_token_offline(&good).await.unwrap();
        assert_eq!(verified, claims_of(&good));
        assert_eq!(verified["sub"], "u1");

        // `aud` as an array naming the app is fine too.
        let mut multi = claims();
        multi["aud"] = json!(["other", "app-1"]);
        c.introspect_token_offline(&key.sign(&multi)).await.unwrap();

        let mut wrong_aud = claims();
        wrong_aud["aud"] = json!("app-2");
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&wrong_aud)).await),
            InvalidTokenReason::WrongAudience
        );
        let mut no_aud = claims();
        no_aud.as_object_mut().unwrap().remove("aud");
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&no_aud)).await),
            InvalidTokenReason::WrongAudience
        );

        let mut expired = claims();
        expired["exp"] = json!(now() - 10);
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&expired)).await),
            InvalidTokenReason::Expired
        );
        let mut no_exp = claims();
        no_exp.as_object_mut().unwrap().remove("exp");
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&no_exp)).await),
            InvalidTokenReason::Expired
        );
        let mut early = claims();
        early["nbf"] = json!(now() + 600);
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&early)).await),
            InvalidTokenReason::NotYetValid
        );

        let mut wrong_iss = claims();
        wrong_iss["iss"] = json!("http://evil.test/oidc");
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&wrong_iss)).await),
            InvalidTokenReason::WrongIssuer
        );

        // Signed by a key the server does not publish.
        assert_eq!(
            reason(c.introspect_token_offline(&other.sign(&claims())).await),
            InvalidTokenReason::UnknownKey
        );
        // Claiming a published kid but signed by another key.
        let forged = other.sign_with_header(&json!({"alg": "RS256", "kid": "k1"}), &claims());
        assert_eq!(
            reason(c.introspect_token_offline(&forged).await),
            InvalidTokenReason::BadSignature
        );

        // A payload changed after signing.
        let mut boosted = claims();
        boosted["sub"] = json!("admin");
        let parts: Vec<&str> = good.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(boosted.to_string()),
            parts[2]
        );
        assert_eq!(
            reason(c.introspect_token_offline(&tampered).await),
            InvalidTokenReason::BadSignature
        );

        // Not RS256, no kid, not a JWT.
        let hs = key.sign_with_header(&json!({"alg": "HS256", "kid": "k1"}), &claims());
        assert_eq!(
            reason(c.introspect_token_offline(&hs).await),
            InvalidTokenReason::UnsupportedAlgorithm
        );
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(claims().to_string())
        );
        assert_eq!(
            reason(c.introspect_token_offline(&none).await),
            InvalidTokenReason::UnsupportedAlgorithm
        );
        let no_kid = key.sign_with_header(&json!({"alg": "RS256"}), &claims());
        assert_eq!(
            reason(c.introspect_token_offline(&no_kid).await),
            InvalidTokenReason::UnknownKey
        );
        for garbage in ["", "opaque-token", "a.b", "a.b.c.d", "!!.e30.sig"] {
            assert_eq!(
                reason(c.introspect_token_offline(garbage).await),
                InvalidTokenReason::Malformed,
                "{garbage:?}"
            );
        }

        // One fetch of the key set for all of that: an unknown kid refetches at most every
        // 30 s, and the cache is shared by clones.
        let clone = c.clone();
        clone.introspect_token_offline(&good).await.unwrap();
        assert_eq!(srv.count(JWKS_PATH), 1);
        assert_eq!(srv.count(DISCOVERY_PATH), 1);
        // The JWKS is fetched as the Python SDK does: no credentials.
        let jwks_request = srv
            .requests()
            .into_iter()
            .find(|r| r.path() == JWKS_PATH)
            .unwrap();
        assert_eq!(jwks_request.method, "GET");
        assert_eq!(jwks_request.header("authorization"), None);
    }

    fn claims_of(token: &str) -> Value {
        let payload = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
    }

    #[tokio::test]
    async fn without_discovery_the_issuer_is_not_checked() {
        let key = TestKey::new("k1");
        let srv = server(json!({"keys": [key.jwk()]}), false).await;
        let c = client(srv.url(), TokenEndpointAuthMethod::None);
        let mut claims = claims();
        claims["iss"] = json!("http://anyone.test/oidc");
        c.introspect_token_offline(&key.sign(&claims))
            .await
            .unwrap();
        // The audience is still checked.
        claims["aud"] = json!("someone-else");
        assert_eq!(
            reason(c.introspect_token_offline(&key.sign(&claims)).await),
            InvalidTokenReason::WrongAudience
        );
    }

    #[tokio::test]
    async fn an_unreachable_jwks_is_an_error_not_a_verdict() {
        let key = TestKey::new("k1");
        let srv = Responder::start(|_req: &Recorded| (500, "oops".into())).await;
        let c = client(srv.url(), TokenEndpointAuthMethod::None);
        let err = c
            .introspect_token_offline(&key.sign(&claims()))
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(500));
    }

    #[test]
    fn jwks_parsing_is_lenient_and_selective() {
        let key = TestKey::new("k1");
        let mut padded = key.jwk();
        // A modulus with a leading zero byte, as some encoders write it.
        let n = URL_SAFE_NO_PAD
            .decode(padded["n"].as_str().unwrap())
            .unwrap();
        let mut with_zero = vec![0u8];
        with_zero.extend_from_slice(&n);
        padded["n"] = json!(URL_SAFE_NO_PAD.encode(&with_zero));
        padded["kid"] = json!("padded");
        let mut bare = key.jwk();
        bare.as_object_mut().unwrap().remove("alg");
        bare.as_object_mut().unwrap().remove("use");
        bare["kid"] = json!("bare");
        let jwks = json!({"keys": [
            key.jwk(), padded, bare,
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "ps", "alg": "PS256", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
            {"kty": "RSA", "kid": "bad", "n": "!!", "e": "AQAB"},
            "not an object"
        ]});
        let keys = rsa_keys(&jwks);
        let mut kids: Vec<&str> = keys.keys().map(String::as_str).collect();
        kids.sort_unstable();
        assert_eq!(kids, ["bare", "k1", "padded"]);
        assert_eq!(keys["padded"].n, n);
        assert!(rsa_keys(&json!({})).is_empty());

        // The padded and bare copies verify the same tokens.
        let set = KeySet {
            keys,
            issuer: None,
            fetched_at: Instant::now(),
        };
        for kid in ["padded", "bare"] {
            let token = key.sign_with_header(&json!({"alg": "RS256", "kid": kid}), &claims());
            let jwt = UnverifiedJwt::parse(&token).unwrap();
            jwt.verify(&set, "app-1", unix_now()).unwrap();
        }
    }

    #[test]
    fn expiry_is_exclusive_as_in_pyjwt() {
        let key = TestKey::new("k1");
        let set = KeySet {
            keys: rsa_keys(&json!({"keys": [key.jwk()]})),
            issuer: Some(ISSUER.into()),
            fetched_at: Instant::now(),
        };
        let mut c = claims();
        c["exp"] = json!(1000);
        let token = key.sign(&c);
        let jwt = UnverifiedJwt::parse(&token).unwrap();
        assert!(jwt.verify(&set, "app-1", 999.5).is_ok());
        assert_eq!(
            jwt.verify(&set, "app-1", 1000.0),
            Err(InvalidTokenReason::Expired)
        );
        // A payload that is JSON but not an object.
        let token = key.sign(&json!([1, 2]));
        let jwt = UnverifiedJwt::parse(&token).unwrap();
        assert_eq!(
            jwt.verify(&set, "app-1", 0.0),
            Err(InvalidTokenReason::Malformed)
        );
    }
}
