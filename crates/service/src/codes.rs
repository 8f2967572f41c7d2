//! Verification codes: numeric, per-pool length (default 6), valid 5 minutes, single use,
//! dead after the pool's maximum of wrong attempts, at most one send per interval per
//! (target, channel). Only a hash of the code is kept.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::token::sha256_hex;
use authgate_core::user::normalize_email;
use authgate_core::user_pool::UserPool;
use authgate_store::ephemeral::{self, Key};
use subtle::ConstantTimeEq;

/// Where a code goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeTarget {
    /// An email address.
    Email(String),
    /// A phone number with its optional country code.
    Phone {
        /// The number.
        number: String,
        /// Country code, e.g. `+86`.
        country_code: Option<String>,
    },
}

impl CodeTarget {
    /// An email target (compared case-insensitively).
    pub fn email(address: &str) -> Self {
        CodeTarget::Email(normalize_email(address))
    }

    /// A phone target.
    pub fn phone(number: &str, country_code: Option<&str>) -> Self {
        CodeTarget::Phone {
            number: number.trim().to_string(),
            country_code: country_code
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        }
    }

    fn key_part(&self) -> ephemeral::CodeTarget<'_> {
        match self {
            CodeTarget::Email(e) => ephemeral::CodeTarget::Email(e),
            CodeTarget::Phone {
                number,
                country_code,
            } => ephemeral::CodeTarget::Phone {
                country_code: country_code.as_deref().unwrap_or(""),
                number,
            },
        }
    }
}

struct Keys<'a> {
    code: Key<'a>,
    fails: Key<'a>,
    sent: Key<'a>,
}

fn keys<'a>(pool: &'a UserPool, target: &'a CodeTarget, channel: &'a str) -> Keys<'a> {
    let slot = ephemeral::CodeSlot {
        pool: &pool.id,
        channel,
        target: target.key_part(),
    };
    Keys {
        code: Key::Code(slot),
        fails: Key::CodeFailures(slot),
        sent: Key::CodeSent(slot),
    }
}

/// `len` random decimal digits.
fn numeric_code(len: u32) -> Result<String, ApiError> {
    let len = usize::try_from(len.clamp(4, 10)).unwrap_or(6);
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 32];
    while out.len() < len {
        authgate_core::ids::fill_random(&mut buf)?;
        for &b in &buf {
            // 250 = 25 * 10 keeps the digits uniform.
            if b < 250 && out.len() < len {
                out.push(char::from(b'0' + b % 10));
            }
        }
    }
    Ok(out)
}

/// Makes and stores a new code for `target` and `channel`; returns it for delivery.
pub async fn issue(
    state: &Services,
    pool: &UserPool,
    target: &CodeTarget,
    channel: &str,
) -> Result<String, ApiError> {
    let policy = pool.settings.verify_code;
    let k = keys(pool, target, channel);
    let interval = policy.resend_interval_secs.max(1) * 1000;
    if !state.ephemeral.set_nx(&k.sent, "1", interval).await {
        let wait = state.ephemeral.ttl_ms(&k.sent).await.unwrap_or(interval);
        return Err(Msg::CodeSentTooOften {
            retry_after_secs: (wait + 999) / 1000,
        }
        .into());
    }
    let code = numeric_code(policy.length)?;
    let ttl = policy.ttl_secs.max(1) * 1000;
    state.ephemeral.del(&k.fails).await;
    state.ephemeral.set(&k.code, &sha256_hex(&code), ttl).await;
    Ok(code)
}

/// Forgets a code whose delivery failed, so the caller may ask again at once.
pub async fn withdraw(state: &Services, pool: &UserPool, target: &CodeTarget, channel: &str) {
    let k = keys(pool, target, channel);
    state.ephemeral.del(&k.code).await;
    state.ephemeral.del(&k.sent).await;
}

async fn compare(
    state: &Services,
    pool: &UserPool,
    target: &CodeTarget,
    channel: &str,
    code: &str,
    consume: bool,
) -> Result<(), ApiError> {
    let k = keys(pool, target, channel);
    let stored = state
        .ephemeral
        .get(&k.code)
        .await
        .ok_or_else(ApiError::code_invalid)?;
    let given = sha256_hex(code.trim());
    if bool::from(given.as_bytes().ct_eq(stored.as_bytes())) {
        // Only one of two concurrent correct answers wins.
        if !consume || state.ephemeral.del_if_eq(&k.code, &stored).await {
            return Ok(());
        }
        return Err(ApiError::code_invalid());
    }
    let ttl = pool.settings.verify_code.ttl_secs.max(1) * 1000;
    let fails = state.ephemeral.incr(&k.fails, ttl).await;
    if fails >= i64::from(pool.settings.verify_code.max_attempts.max(1)) {
        state.ephemeral.del(&k.code).await;
    }
    Err(ApiError::code_invalid())
}

/// Checks and consumes a code (single use). Wrong attempts count toward the code's death.
pub async fn check(
    state: &Services,
    pool: &UserPool,
    target: &CodeTarget,
    channel: &str,
    code: &str,
) -> Result<(), ApiError> {
    compare(state, pool, target, channel, code, true).await
}

/// Checks a code without consuming it (`pre-check-code`); wrong attempts still count.
pub async fn peek(
    state: &Services,
    pool: &UserPool,
    target: &CodeTarget,
    channel: &str,
    code: &str,
) -> Result<(), ApiError> {
    compare(state, pool, target, channel, code, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_digits_of_the_asked_length() {
        let c = numeric_code(6).unwrap();
        assert_eq!(c.len(), 6);
        assert!(c.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(numeric_code(1).unwrap().len(), 4, "clamped");
    }

    #[test]
    fn targets_normalise() {
        assert_eq!(
            CodeTarget::email(" A@B.io "),
            CodeTarget::Email("a@b.io".into())
        );
        assert_eq!(
            CodeTarget::phone("138", Some("")).key_part(),
            ephemeral::CodeTarget::Phone {
                country_code: "",
                number: "138"
            }
        );
    }
}
