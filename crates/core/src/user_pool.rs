//! User pools: the tenant boundary. Every user, application and access key belongs to one,
//! and the pool's [`PoolSettings`] carry its security rules.

use crate::clock::EpochMillis;
use crate::password_policy::PasswordPolicy;
use serde::{Deserialize, Serialize};

/// A user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool {
    /// Pool id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether this is the deployment's default pool (made by `authgate init`).
    pub is_default: bool,
    /// Security settings.
    pub settings: PoolSettings,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}

/// Lockout after repeated failed sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LockoutPolicy {
    /// Failed attempts allowed within the window (default 5).
    pub max_attempts: u32,
    /// The window, and how long the lock lasts, in seconds (default 900).
    pub window_secs: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            window_secs: 15 * 60,
        }
    }
}

/// Verification-code rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VerifyCodePolicy {
    /// Number of digits (default 6).
    pub length: u32,
    /// Validity in seconds (default 300).
    pub ttl_secs: i64,
    /// Wrong attempts after which the code dies (default 5).
    pub max_attempts: u32,
    /// Minimum seconds between two sends to the same target and channel (default 60).
    pub resend_interval_secs: i64,
}

impl Default for VerifyCodePolicy {
    fn default() -> Self {
        Self {
            length: 6,
            ttl_secs: 300,
            max_attempts: 5,
            resend_interval_secs: 60,
        }
    }
}

/// QR-code login (`qrcodeLoginStrategy`). The two flags are read by their names (spec §7 item 7:
/// the SDK comments describe them the other way round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrcodeLoginStrategy {
    /// Validity of a QR code in seconds (default 120).
    pub qrcode_expires_in: i64,
    /// Validity of a ticket in seconds (default 300).
    pub ticket_expires_in: i64,
    /// The web poll returns the TokenSet itself on AUTHORIZED (no ticket step). Default off.
    pub return_full_user_info: bool,
    /// A confidential application may exchange a ticket without its secret (from a browser).
    /// Default off.
    pub allow_exchange_user_info_from_browser: bool,
}

impl Default for QrcodeLoginStrategy {
    fn default() -> Self {
        Self {
            qrcode_expires_in: 120,
            ticket_expires_in: 300,
            return_full_user_info: false,
            allow_exchange_user_info_from_browser: false,
        }
    }
}

/// The security settings of a pool (stored as one JSON document; absent keys take defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct PoolSettings {
    /// Password rules for sign-up and password changes.
    pub password_policy: PasswordPolicy,
    /// Lockout after failed sign-ins.
    pub login_lockout: LockoutPolicy,
    /// Verification codes.
    pub verify_code: VerifyCodePolicy,
    /// Tell sign-in callers whether an account exists (404/2004, 403/2006) instead of the
    /// ambiguous 403/2333 (default off).
    pub reveal_account_existence: bool,
    /// QR-code login.
    pub qrcode_login_strategy: QrcodeLoginStrategy,
    /// Global MFA settings (`get-global-mfa-settings`); kept apart from the security settings
    /// on the wire.
    pub global_mfa: GlobalMfa,
}

/// The pool-wide MFA settings. Stored and answered; enforcement comes with the MFA flows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct GlobalMfa {
    /// Enabled factors (`OTP`, `SMS`, `EMAIL`, `FACE`), without duplicates, in the order set.
    pub enabled_factors: Vec<String>,
}
