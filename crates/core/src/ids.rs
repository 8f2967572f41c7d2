//! Identifiers and secrets, drawn from the operating system's CSPRNG.
//!
//! Entity ids look like GenAuth's (24 lowercase hex characters, 96 random bits); they are
//! names, not credentials. Secrets (application secrets, access-key secrets, tickets) carry
//! at least 128 bits and are rendered in an alphabet safe for URLs and JSON.

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

/// Fills `buf` with random bytes from the OS CSPRNG.
///
/// Failure of the system RNG is unrecoverable for an identity server; it is reported as an
/// error so the caller can refuse the request instead of issuing a weak secret.
pub fn fill_random(buf: &mut [u8]) -> Result<(), RandomError> {
    SystemRandom::new().fill(buf).map_err(|_| RandomError)
}

/// The operating system's random source did not answer.
#[derive(Debug, thiserror::Error)]
#[error("the system random number generator failed")]
pub struct RandomError;

/// A new entity id: 24 hex characters (96 bits).
pub fn new_id() -> Result<String, RandomError> {
    let mut b = [0u8; 12];
    fill_random(&mut b)?;
    Ok(hex::encode(b))
}

/// A new secret of `bytes` random bytes rendered as lowercase hex (`bytes * 8` bits).
pub fn new_secret_hex(bytes: usize) -> Result<String, RandomError> {
    let mut b = vec![0u8; bytes];
    fill_random(&mut b)?;
    Ok(hex::encode(b))
}

/// An application or access-key secret: 128 bits as 32 hex characters, like GenAuth's.
pub fn new_client_secret() -> Result<String, RandomError> {
    new_secret_hex(16)
}

/// An alphanumeric random string of `len` characters (about 5.95 bits each).
pub fn new_alnum(len: usize) -> Result<String, RandomError> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        fill_random(&mut buf)?;
        for &b in &buf {
            // Rejection sampling: 248 = 4 * 62 keeps the distribution uniform.
            if b < 248 && out.len() < len {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_24_hex_and_distinct() {
        let a = new_id().unwrap();
        let b = new_id().unwrap();
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn secrets_have_requested_strength() {
        assert_eq!(new_client_secret().unwrap().len(), 32);
        let s = new_alnum(43).unwrap();
        assert_eq!(s.len(), 43);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
