//! Compact JWS (JWT) signing and verification over aws-lc-rs keys parsed once and kept in
//! memory. RS256 is the default algorithm because the official Python SDK verifies access
//! tokens offline with RSA keys only.
//!
//! Payloads are rendered by [`b64_safe_json`], whose output never base64url-encodes to `-` or
//! `_`, because the Python management client decodes the payload segment with the *standard*
//! alphabet (spec §1.6.1).

pub use authgate_proto::oidc::Jwk;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// Errors of signing and verification.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwsError {
    /// Key generation or parsing failed.
    #[error("the signing key is invalid")]
    Key,
    /// Signing failed.
    #[error("signing failed")]
    Sign,
    /// The token is not a well-formed compact JWS.
    #[error("the token is malformed")]
    Malformed,
    /// The signature does not verify, or the algorithm / key id is not ours.
    #[error("the token signature is invalid")]
    BadSignature,
}

/// The protected header fields authgate reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    /// Algorithm.
    pub alg: String,
    /// Key id.
    #[serde(default)]
    pub kid: Option<String>,
}

/// An RS256 signing key with its id, parsed once.
pub struct RsaSigningKey {
    kid: String,
    pair: KeyPair,
    rng: SystemRandom,
    jwk: Jwk,
    header_b64: String,
}

impl std::fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl RsaSigningKey {
    /// Generates a new RSA-2048 key; returns it with its PKCS#8 DER (to be sealed and stored).
    pub fn generate(kid: impl Into<String>) -> Result<(Self, Vec<u8>), JwsError> {
        use aws_lc_rs::encoding::AsDer;
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| JwsError::Key)?;
        let der: aws_lc_rs::encoding::Pkcs8V1Der<'static> =
            pair.as_der().map_err(|_| JwsError::Key)?;
        let der = der.as_ref().to_vec();
        Ok((Self::from_pair(kid.into(), pair), der))
    }

    /// Loads a key from PKCS#8 DER.
    pub fn from_pkcs8(kid: impl Into<String>, der: &[u8]) -> Result<Self, JwsError> {
        let pair = KeyPair::from_pkcs8(der).map_err(|_| JwsError::Key)?;
        Ok(Self::from_pair(kid.into(), pair))
    }

    fn from_pair(kid: String, pair: KeyPair) -> Self {
        let public = pair.public_key();
        let jwk = Jwk {
            kty: "RSA".into(),
            alg: "RS256".into(),
            use_: "sig".into(),
            kid: kid.clone(),
            n: URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            e: URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        };
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": kid});
        let header_b64 = URL_SAFE_NO_PAD.encode(header.to_string());
        Self {
            kid,
            pair,
            rng: SystemRandom::new(),
            jwk,
            header_b64,
        }
    }

    /// The key id (`kid`).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> &Jwk {
        &self.jwk
    }

    /// Signs a JSON payload (already serialized) into a compact JWS.
    pub fn sign(&self, payload_json: &str) -> Result<String, JwsError> {
        let mut token = String::with_capacity(self.header_b64.len() + payload_json.len() * 2 + 400);
        token.push_str(&self.header_b64);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(payload_json, &mut token);
        let mut sig = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &self.rng,
                token.as_bytes(),
                &mut sig,
            )
            .map_err(|_| JwsError::Sign)?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&sig, &mut token);
        Ok(token)
    }

    /// Verifies a compact JWS made by this key and returns its payload bytes.
    pub fn verify(&self, token: &str) -> Result<Vec<u8>, JwsError> {
        let parts = split(token)?;
        let header = parse_header(parts.0)?;
        if header.alg != "RS256" || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(JwsError::BadSignature);
        }
        let sig = URL_SAFE_NO_PAD
            .decode(parts.2)
            .map_err(|_| JwsError::Malformed)?;
        let signed_len = parts.0.len() + 1 + parts.1.len();
        let key = UnparsedPublicKey::new(
            &signature::RSA_PKCS1_2048_8192_SHA256,
            self.pair.public_key().as_ref(),
        );
        key.verify(&token.as_bytes()[..signed_len], &sig)
            .map_err(|_| JwsError::BadSignature)?;
        URL_SAFE_NO_PAD
            .decode(parts.1)
            .map_err(|_| JwsError::Malformed)
    }
}

fn split(token: &str) -> Result<(&str, &str, &str), JwsError> {
    let mut it = token.split('.');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(h), Some(p), Some(s), None) if !h.is_empty() && !s.is_empty() => Ok((h, p, s)),
        _ => Err(JwsError::Malformed),
    }
}

fn parse_header(segment: &str) -> Result<Header, JwsError> {
    let raw = URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| JwsError::Malformed)?;
    serde_json::from_slice(&raw).map_err(|_| JwsError::Malformed)
}

/// Reads the protected header of a compact JWS without verifying it (to find the `kid`).
pub fn peek_header(token: &str) -> Result<Header, JwsError> {
    parse_header(split(token)?.0)
}

/// Serializes `value` as JSON text whose base64url encoding contains no `-` or `_`.
///
/// In base64, a 6-bit group of value 62 or 63 can only come from a byte `>= 0x80` or from the
/// last byte of a 3-byte block being one of `>` `?` `~` DEL. Escaping every non-ASCII
/// character and those four as `\uXXXX` therefore makes the encoding safe for decoders that
/// use the standard alphabet, with no re-rolling.
pub fn b64_safe_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '>' | '?' | '~' | '\u{7f}' => push_escape(&mut out, c),
            c if !c.is_ascii() => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

fn push_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{u:04x}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sign_verify_round_trip() {
        let (k, der) = RsaSigningKey::generate("k1").unwrap();
        let again = RsaSigningKey::from_pkcs8("k1", &der).unwrap();
        let t = k.sign(r#"{"sub":"u"}"#).unwrap();
        assert_eq!(again.verify(&t).unwrap(), br#"{"sub":"u"}"#);
        assert_eq!(peek_header(&t).unwrap().kid.as_deref(), Some("k1"));
        assert_eq!(k.jwk().e, "AQAB");
        assert!(k.jwk().n.len() > 300);
    }

    #[test]
    fn tampering_and_foreign_keys_fail() {
        let (k, _) = RsaSigningKey::generate("k1").unwrap();
        let (other, _) = RsaSigningKey::generate("k1").unwrap();
        let t = k.sign(r#"{"a":1}"#).unwrap();
        assert_eq!(other.verify(&t), Err(JwsError::BadSignature));
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(r#"{"a":2}"#);
        parts[1] = &forged;
        assert_eq!(k.verify(&parts.join(".")), Err(JwsError::BadSignature));
        assert_eq!(k.verify("a.b"), Err(JwsError::Malformed));
        assert_eq!(k.verify("!!.b.c"), Err(JwsError::Malformed));
    }

    proptest! {
        #[test]
        fn safe_json_never_encodes_to_url_only_chars(s in any::<String>(), n in any::<i64>()) {
            let v = serde_json::json!({"scoped_userpool_id": s, "n": n, "iss": "http://h/?a=~>"});
            let text = b64_safe_json(&v);
            let enc = URL_SAFE_NO_PAD.encode(&text);
            prop_assert!(!enc.contains('-') && !enc.contains('_'));
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back, v);
        }
    }
}
