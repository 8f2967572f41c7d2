//! Password strength rules of a user pool.

use crate::error::ApiError;
use crate::messages::Msg;
use serde::{Deserialize, Serialize};

#[cfg(test)]
use crate::error::codes::{PASSWORD_TOO_SHORT, PASSWORD_TOO_WEAK};

/// Minimum length and composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PasswordPolicy {
    /// Minimum number of characters (default 8).
    pub min_length: u32,
    /// Maximum number of characters (default 128; argon2 does not need more).
    pub max_length: u32,
    /// How many kinds of characters (lowercase, uppercase, digits, others) must appear:
    /// 0 or 1 = any, up to 4 (default 1).
    pub required_kinds: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 8,
            max_length: 128,
            required_kinds: 1,
        }
    }
}

/// How many kinds of characters a password mixes (0–4).
pub fn kinds(password: &str) -> u32 {
    let has = |f: fn(&char) -> bool| u32::from(password.chars().any(|c| f(&c)));
    has(char::is_ascii_lowercase)
        + has(char::is_ascii_uppercase)
        + has(char::is_ascii_digit)
        + has(|c| !c.is_ascii_alphanumeric())
}

impl PasswordPolicy {
    /// Checks `password` against the policy.
    pub fn check(&self, password: &str) -> Result<(), ApiError> {
        let len = u32::try_from(password.chars().count()).unwrap_or(u32::MAX);
        if len < self.min_length {
            return Err(Msg::PasswordTooShort {
                min: self.min_length,
            }
            .into());
        }
        if len > self.max_length {
            return Err(ApiError::invalid(
                "password",
                format!("at most {} characters", self.max_length),
            ));
        }
        if kinds(password) < self.required_kinds {
            return Err(Msg::PasswordTooWeak {
                kinds: self.required_kinds,
            }
            .into());
        }
        Ok(())
    }

    /// A 0–100 strength score for `get-security-info`.
    pub fn security_level(password_len: usize, kinds: u32) -> u32 {
        let len_score = u32::try_from(password_len.min(16)).unwrap_or(16) * 4;
        (len_score + kinds * 9).min(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_kinds() {
        let p = PasswordPolicy::default();
        assert_eq!(p.check("short").unwrap_err().api_code, PASSWORD_TOO_SHORT);
        assert!(p.check("longenough").is_ok());
        let strict = PasswordPolicy {
            required_kinds: 3,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            strict.check("alllowercase").unwrap_err().api_code,
            PASSWORD_TOO_WEAK
        );
        assert!(strict.check("Mixed123case").is_ok());
        assert_eq!(kinds("aA1!"), 4);
        assert!(p.check(&"x".repeat(129)).is_err());
    }
}
