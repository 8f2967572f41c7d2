//! Encryption at rest: application secrets, access-key secrets and private signing keys are
//! sealed with the server's master key (AES-256-GCM, random 96-bit nonce) before they reach
//! the database.
//!
//! Every sealed value is bound to a *context* string (e.g. `app-secret:<appId>`) through the
//! AEAD's associated data, so a ciphertext copied into another row does not decrypt.

use aws_lc_rs::aead::{AES_256_GCM, Aad, NONCE_LEN, Nonce, RandomizedNonceKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Prefix of the sealed format, so the scheme can change later without ambiguity.
const VERSION: &str = "v1:";

/// Length of a master key in bytes.
pub const MASTER_KEY_LEN: usize = 32;

/// Errors of sealing and opening.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretBoxError {
    /// The master key is not 32 bytes (or not valid base64).
    #[error("the master key must be 32 bytes, base64-encoded")]
    BadKey,
    /// Encryption failed (the system RNG did not answer).
    #[error("encryption failed")]
    Seal,
    /// The sealed value is malformed, was made with another key, or belongs to another context.
    #[error("the sealed value cannot be opened with this master key and context")]
    Open,
}

/// The server's master key.
pub struct MasterKey {
    key: RandomizedNonceKey,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// A key from 32 raw bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SecretBoxError> {
        if bytes.len() != MASTER_KEY_LEN {
            return Err(SecretBoxError::BadKey);
        }
        let key =
            RandomizedNonceKey::new(&AES_256_GCM, bytes).map_err(|_| SecretBoxError::BadKey)?;
        Ok(Self { key })
    }

    /// A key from its base64 text form (as stored in the key file or `AUTHGATE_MASTER_KEY`).
    pub fn from_base64(text: &str) -> Result<Self, SecretBoxError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SecretBoxError::BadKey)?;
        Self::from_bytes(&bytes)
    }

    /// A fresh random key, returned with its base64 text form.
    pub fn generate() -> Result<(Self, String), SecretBoxError> {
        let mut bytes = [0u8; MASTER_KEY_LEN];
        crate::ids::fill_random(&mut bytes).map_err(|_| SecretBoxError::Seal)?;
        Ok((Self::from_bytes(&bytes)?, STANDARD.encode(bytes)))
    }

    /// Encrypts `plaintext` bound to `context`; the result is printable text.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<String, SecretBoxError> {
        let mut buf = plaintext.to_vec();
        let nonce = self
            .key
            .seal_in_place_append_tag(Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| SecretBoxError::Seal)?;
        let mut out = Vec::with_capacity(NONCE_LEN + buf.len());
        out.extend_from_slice(nonce.as_ref());
        out.extend_from_slice(&buf);
        Ok(format!("{VERSION}{}", STANDARD.encode(out)))
    }

    /// Decrypts a value made by [`MasterKey::seal`] with the same `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<Vec<u8>, SecretBoxError> {
        let body = sealed.strip_prefix(VERSION).ok_or(SecretBoxError::Open)?;
        let raw = STANDARD.decode(body).map_err(|_| SecretBoxError::Open)?;
        if raw.len() < NONCE_LEN {
            return Err(SecretBoxError::Open);
        }
        let (nonce, ct) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SecretBoxError::Open)?;
        let mut buf = ct.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| SecretBoxError::Open)?;
        Ok(plain.to_vec())
    }

    /// [`MasterKey::seal`] for UTF-8 text.
    pub fn seal_str(&self, context: &str, plaintext: &str) -> Result<String, SecretBoxError> {
        self.seal(context, plaintext.as_bytes())
    }

    /// [`MasterKey::open`] for UTF-8 text.
    pub fn open_str(&self, context: &str, sealed: &str) -> Result<String, SecretBoxError> {
        String::from_utf8(self.open(context, sealed)?).map_err(|_| SecretBoxError::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_context_binding() {
        let (k, text) = MasterKey::generate().unwrap();
        let sealed = k.seal_str("app-secret:a", "s3cret").unwrap();
        assert!(!sealed.contains("s3cret"));
        assert_eq!(k.open_str("app-secret:a", &sealed).unwrap(), "s3cret");
        assert_eq!(
            k.open_str("app-secret:b", &sealed),
            Err(SecretBoxError::Open)
        );
        let again = MasterKey::from_base64(&text).unwrap();
        assert_eq!(again.open_str("app-secret:a", &sealed).unwrap(), "s3cret");
    }

    #[test]
    fn other_key_and_tampering_fail() {
        let (k1, _) = MasterKey::generate().unwrap();
        let (k2, _) = MasterKey::generate().unwrap();
        let sealed = k1.seal_str("c", "x").unwrap();
        assert_eq!(k2.open_str("c", &sealed), Err(SecretBoxError::Open));
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push('A');
        assert!(k1.open_str("c", &tampered).is_err());
        assert!(k1.open_str("c", "v1:").is_err());
        assert!(k1.open_str("c", "garbage").is_err());
    }

    #[test]
    fn bad_keys_are_refused() {
        assert_eq!(
            MasterKey::from_bytes(&[0u8; 16]).unwrap_err(),
            SecretBoxError::BadKey
        );
        assert!(MasterKey::from_base64("not base64!").is_err());
    }
}
